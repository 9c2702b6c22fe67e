// SPDX-License-Identifier: GPL-2.0-only
/* tapi_sim's configuration through configfs, for its kselftests: see sim_configfs.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "sim_configfs.h"

int put(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -errno;
	close(fd);
	return ret;
}

int get(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

const char *attr(const char *dir, const char *name)
{
	static char buf[128];
	char path[200];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ret = get(path, buf, sizeof(buf));
	if (ret)
		snprintf(buf, sizeof(buf), "<errno %d>", -ret);
	return buf;
}

int mk(const char *path)
{
	return mkdir(path, 0755) ? -errno : 0;
}

int rm(const char *path)
{
	return rmdir(path) ? -errno : 0;
}

void dev_of(const char *line, char *out, size_t size)
{
	char path[160], dev[32] = "";

	snprintf(path, sizeof(path), "%s/dev", line);
	get(path, dev, sizeof(dev));
	snprintf(out, size, "%s%s", dev[0] ? "/dev/" : "", dev);
}

int next_event(int fd, unsigned int type, struct tapi_event *ev, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, ms) == 1) {
		if (read(fd, ev, sizeof(*ev)) != sizeof(*ev))
			return 0;
		if (ev->type == type)
			return 1;
	}
	return 0;
}

int set_owner(int fd)
{
	struct tapi_privileges p = { .privileges = TAPI_PRIV_OWNER, .media_modes = VOICE };

	return ioctl(fd, TAPI_IOC_SET_PRIVILEGES, &p) ? -errno : 0;
}

int make_call(int fd, const char *dial)
{
	struct tapi_make_call m = { .media_mode = VOICE };

	snprintf(m.dial, sizeof(m.dial), "%s", dial);
	return ioctl(fd, TAPI_IOC_MAKE_CALL, &m) ? -errno : (int)m.call_id;
}

void remove_exchange(const char *ex)
{
	char path[160], cmd[200];

	snprintf(path, sizeof(path), "%s/%s/live", CFG, ex);
	put(path, "0");
	snprintf(cmd, sizeof(cmd), "rmdir %s/%s/*/ 2>/dev/null; rmdir %s/%s 2>/dev/null",
		 CFG, ex, CFG, ex);
	if (system(cmd) < 0)
		return;
}

int add_lines(const char *ex, const char *numbers, const char *zone, int cw)
{
	char list[128], a[160], p[200], *n, *save;
	int ret = 0;

	snprintf(list, sizeof(list), "%s", numbers);
	for (n = strtok_r(list, " ", &save); n && !ret; n = strtok_r(NULL, " ", &save)) {
		snprintf(a, sizeof(a), "%s/%s", ex, n);
		ret = mk(a);
		if (ret == -EEXIST)
			ret = 0;	/* made already, with more set */
		snprintf(p, sizeof(p), "%s/zone", a);
		if (!ret)
			ret = put(p, zone);
		snprintf(p, sizeof(p), "%s/call_waiting", a);
		if (!ret)
			ret = put(p, cw ? "1" : "0");
	}
	snprintf(p, sizeof(p), "%s/live", ex);
	return ret ? ret : put(p, "1");
}

int own_line(const char *ex, const char *number)
{
	char a[160], dev[32];
	int fd, ret;

	snprintf(a, sizeof(a), "%s/%s", ex, number);
	dev_of(a, dev, sizeof(dev));
	fd = open(dev, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	ret = set_owner(fd);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

int live_line(const char *ex, const char *number, const char *zone)
{
	int ret = add_lines(ex, number, zone, 0);

	return ret ? ret : own_line(ex, number);
}

int call_op(int fd, unsigned long ioc, unsigned int id)
{
	struct tapi_call_op op = { .call_id = id };

	return ioctl(fd, ioc, &op) ? -errno : 0;
}


int listen_for(int fd, unsigned int f1, unsigned int f2, unsigned int ms)
{
	struct tapi_monitor_tones m = {
		.count = 1,
		.tones = { { .tag = 7, .duration_ms = ms, .freq = { f1, f2 } } },
	};

	return ioctl(fd, TAPI_IOC_MONITOR_TONES, &m) ? -errno : 0;
}

int heard(int fd, int ms)
{
	struct tapi_event ev;

	return next_event(fd, TAPI_EVENT_TONE, &ev, ms) && ev.param[0] == 7;
}

int quiet_state(int fd, int ms)
{
	struct tapi_event ev;

	return !next_event(fd, TAPI_EVENT_CALL_STATE, &ev, ms);
}

void drain(int fd)
{
	struct tapi_event ev[16];

	while (read(fd, ev, sizeof(ev)) > 0)
		;
}
