// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_stress: lines coming and going under the workers, as root does it
 * through tapi_sim's configfs: two exchanges, "stress0" and "stress1", of
 * one to four lines numbered 1005-1012 (call waiting mostly on, zones,
 * types and caller ID varied), made and brought live, lines removed one
 * at a time (the last takes its exchange down), exchanges taken down and
 * up again, and now and then, with every exchange gone, the whole module
 * unloaded (its own lines 1001-1004 with it) and loaded again. Every step
 * must work; attributes of a live exchange must refuse changes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stress.h"

#define CFG		"/sys/kernel/config/tapi_sim"
#define EXCHANGES	2
#define PER_EX		4
#define FIRST_CFG	1005

struct exch {
	bool made, live;
	unsigned int num[PER_EX];	/* 0: no such line (any more) */
};

static struct exch ex[EXCHANGES];
static bool taken[NUM_LAST + 1];
static const char *sim_ko;
static bool sim_gone;

static int put(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static void must(int ret, const char *what, const char *path)
{
	if (ret)
		fail("configfs", "%s %s: %s", what, path, strerror(ret < 0 ? -ret : ret));
}

/* Exchange @e's directory, its line @num's (unless 0), their attribute @attr. */
static void line_path(char *p, size_t len, unsigned int e, unsigned int num, const char *attr)
{
	snprintf(p, len, CFG "/stress%u%s%.0u%s%s", e, num ? "/" : "", num, attr ? "/" : "",
		 attr ? attr : "");
}

static void rm_line(unsigned int e, unsigned int k)
{
	char p[96];

	line_path(p, sizeof(p), e, ex[e].num[k], NULL);
	must(rmdir(p) ? -errno : 0, "rmdir", p);
	taken[ex[e].num[k]] = false;
	ex[e].num[k] = 0;
	COUNT(line_removals);
}

static void rm_exchange(unsigned int e)
{
	char p[96];

	for (unsigned int k = 0; k < PER_EX; k++)
		if (ex[e].num[k])
			rm_line(e, k);
	line_path(p, sizeof(p), e, 0, NULL);
	must(rmdir(p) ? -errno : 0, "rmdir", p);
	ex[e].made = ex[e].live = false;
	COUNT(exchange_removals);
}

static void make_exchange(unsigned int e, struct rng *r)
{
	static const char *const zones[] = { "us", "de", "uk", "fr", "jp", "au" };
	unsigned int n = 1 + pick(r, PER_EX), k, num;
	char p[96];

	line_path(p, sizeof(p), e, 0, NULL);
	if (mkdir(p, 0755)) {
		must(-errno, "mkdir", p);
		return;
	}
	ex[e].made = true;
	for (k = 0; k < n; k++) {
		for (num = FIRST_CFG + pick(r, NUM_LAST - FIRST_CFG + 1); taken[num];)
			num = num == NUM_LAST ? FIRST_CFG : num + 1;
		line_path(p, sizeof(p), e, num, NULL);
		if (mkdir(p, 0755)) {
			must(-errno, "mkdir", p);
			continue;
		}
		taken[num] = true;
		ex[e].num[k] = num;
		line_path(p, sizeof(p), e, num, "call_waiting");
		must(put(p, one_in(r, 4) ? "0" : "1"), "write", p);
		line_path(p, sizeof(p), e, num, "zone");
		must(put(p, zones[pick(r, 6)]), "write", p);
		line_path(p, sizeof(p), e, num, "type");
		must(put(p, one_in(r, 8) ? "trunk" : "subscriber"), "write", p);
		line_path(p, sizeof(p), e, num, "withheld");
		must(put(p, one_in(r, 4) ? "1" : "0"), "write", p);
		line_path(p, sizeof(p), e, num, "caller_name");
		must(put(p, one_in(r, 2) ? "Stress" : "\n"), "write", p);
	}
	line_path(p, sizeof(p), e, 0, "no_answer_ms");
	must(put(p, one_in(r, 2) ? "3000" : "0"), "write", p);
	line_path(p, sizeof(p), e, 0, "live");
	must(put(p, "1"), "write", p);
	ex[e].live = true;
}

/* A live exchange refuses changes: EBUSY. */
static void poke_live(unsigned int e, struct rng *r)
{
	static const char *const attrs[] = { "call_waiting", "zone", "number", "withheld" };
	static const char *const vals[] = { "1", "de", "1099", "0" };
	unsigned int k = pick(r, PER_EX), a = pick(r, 4);
	char p[96];
	int ret;

	if (!ex[e].num[k])
		return;
	line_path(p, sizeof(p), e, ex[e].num[k], attrs[a]);
	ret = put(p, vals[a]);
	if (ret != -EBUSY)
		fail("configfs", "write %s to %s of a live exchange: %s", vals[a], p,
		     ret ? strerror(-ret) : "accepted");
	line_path(p, sizeof(p), e, 1099, NULL);
	if (!mkdir(p, 0755) || errno != EBUSY) {
		fail("configfs", "mkdir %s in a live exchange: %s", p,
		     errno ? strerror(errno) : "made");
		rmdir(p);
	}
}

static bool sim_load(void)
{
	int fd = open(sim_ko, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return false;
	ret = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	return !ret;
}

/* With every exchange gone, unload tapi_sim and load it again. */
void cfg_reload(void)
{
	int tries;

	if (!sim_ko)
		return;
	for (unsigned int e = 0; e < EXCHANGES; e++)
		if (ex[e].made)
			rm_exchange(e);
	/* a debugfs file being written holds the module a moment */
	for (tries = 0; tries < 50; tries++) {
		if (!syscall(SYS_delete_module, "tapi_sim", O_NONBLOCK))
			break;
		if (errno != EWOULDBLOCK && errno != EBUSY && errno != EAGAIN) {
			fail("configfs", "delete_module tapi_sim: %s", strerror(errno));
			return;
		}
		usleep(10000);
	}
	if (tries == 50)
		return;
	sim_gone = true;
	usleep(50000);
	if (!sim_load()) {
		fail("configfs", "loading %s again: %s", sim_ko, strerror(errno));
		return;
	}
	sim_gone = false;
	COUNT(module_reloads);
}

void cfg_setup(const char *ko)
{
	char p[96];

	sim_ko = ko;
	/* what an earlier run that failed left behind */
	for (unsigned int e = 0; e < EXCHANGES; e++) {
		for (unsigned int num = FIRST_CFG; num <= NUM_LAST; num++) {
			line_path(p, sizeof(p), e, num, NULL);
			rmdir(p);
		}
		line_path(p, sizeof(p), e, 0, NULL);
		rmdir(p);
	}
}

const char *cfg_step(struct rng *r)
{
	unsigned int e = pick(r, EXCHANGES), k, left = 0, what;
	char p[96];

	COUNT(cfg_actions);
	if (!ex[e].made) {
		make_exchange(e, r);
		return "make an exchange";
	}
	for (k = 0; k < PER_EX; k++)
		left += !!ex[e].num[k];
	/* a line alone mostly: calls and their scenes need lines that stay a while */
	what = pick(r, 24);
	if (what == 0 && sim_ko) {
		cfg_reload();
		return "reload tapi_sim";
	}
	if (what < 3) {
		rm_exchange(e);
		return "remove an exchange";
	}
	if (what < 5) {
		/* down and up: every line goes, the same come back */
		line_path(p, sizeof(p), e, 0, "live");
		must(put(p, "0"), "write 0 to", p);
		must(put(p, "1"), "write 1 to", p);
		return "an exchange down and up";
	}
	if (what < 9) {
		poke_live(e, r);
		return "change a live exchange";
	}
	if (what >= 16)
		return "nothing";
	for (k = pick(r, PER_EX); left && !ex[e].num[k]; k = (k + 1) % PER_EX)
		;
	if (left <= 1) {
		/* the last line: its exchange goes with it */
		rm_exchange(e);
		return "remove an exchange's last line";
	}
	rm_line(e, k);
	return "remove a line";
}

void cfg_teardown(void)
{
	for (unsigned int e = 0; e < EXCHANGES; e++)
		if (ex[e].made)
			rm_exchange(e);
	if (sim_gone && !sim_load())
		fail("configfs", "tapi_sim is not loaded at the end: %s", strerror(errno));
}
