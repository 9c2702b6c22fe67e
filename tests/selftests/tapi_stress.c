// SPDX-License-Identifier: GPL-2.0-only
/*
 * Randomised stress of tapi.ko and tapi_sim for the debug kernel, whose
 * console check (KASAN, lockdep, kmemleak, UBSAN...) judges the kernel's
 * side; this program judges what userspace sees. Several processes and
 * threads at once (see stress.h for who does what):
 *  - ioctl workers: every ioctl of the uAPI on lines, phones and audio
 *    streams, theirs or another device's, valid and bad arguments;
 *  - audio: streams opened, read, written, polled and closed by other
 *    threads; and (unless -R) the descriptor number a new stream is about
 *    to get closed in a loop from another thread;
 *  - calls: call waiting, hold, handoffs, privileges, call data between
 *    the configfs exchanges' lines;
 *  - phones: owners and monitors changing and watching telephones;
 *  - this process: configfs exchanges and lines made and removed, and
 *    tapi_sim unloaded and loaded again (with TAPI_SIM_KO).
 * Every ioctl must return success or an errno docs/uapi.md gives it, and
 * every event reader's invariants must hold (stress_check.c).
 *
 * Usage: tapi_stress [-s SEED] [-t SECONDS] [-r | -R]
 * Environment: TAPI_STRESS_SEED, TAPI_STRESS_SECONDS (default 20),
 * TAPI_STRESS_FD_RACE=0 (as -R), TAPI_SIM_KO (the module's path: reloads).
 * The seed (from the time unless given) is printed first; each worker's
 * randomness is seed + its index, so a seed replays every worker's choices.
 * Output is TAP with one test; failures are "# FAIL" lines.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

struct stress_shared *sh;
uint64_t stress_seed;

/*
 * Who runs, by seed index: a process each, threads inside some. The busy
 * random workers yield to the ones that wait on the kernel's timing (calls,
 * phones) and to the configfs steps, or those would hardly happen.
 */
static const struct {
	const char *name;
	void (*fn)(unsigned int idx);
	unsigned int idx;
	int nice;
	bool fd_race;
} workers[] = {
	{ "ioctl", ioctl_worker, 1, 10, false }, { "ioctl", ioctl_worker, 2, 10, false },
	{ "ioctl", ioctl_worker, 3, 10, false }, { "audio", audio_worker, 10, 5, false },
	{ "fdrace", fd_race_worker, 20, 5, true }, { "calls", calls_worker, 30, 0, false },
	{ "phone", phone_worker, 40, 5, false },
};
#define NWORKERS (sizeof(workers) / sizeof(workers[0]))

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void run_threads(const char *name, void *(*const *fn)(void *), unsigned int n,
		 unsigned int idx)
{
	pthread_t th[8];
	unsigned int i, started = 0;

	for (i = 0; i < n && i < 8; i++, started++)
		if (pthread_create(&th[i], NULL, fn[i], (void *)(uintptr_t)(idx + i))) {
			fail(name, "pthread_create: %s", strerror(errno));
			break;
		}
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}

/* A worker that does not stop: where its threads are in the kernel. */
static void show_stuck(pid_t pid, const char *name)
{
	char path[320], buf[2048];
	struct dirent *d;
	DIR *dir;
	ssize_t n;
	int fd;

	fail(name, "pid %d did not stop within 30 s of the end: its kernel stacks follow", pid);
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stack", pid, d->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
		if (fd >= 0)
			close(fd);
		buf[n > 0 ? n : 0] = 0;
		for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n"))
			say("#   task %s: %s", d->d_name, l);
	}
	if (dir)
		closedir(dir);
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-s SEED] [-t SECONDS] [-r | -R]\n"
		"  -r  also close the descriptor number each new audio stream is about to get\n"
		"      (the default unless TAPI_STRESS_FD_RACE=0)\n"
		"  -R  do not\n", argv0);
	exit(2);
}

static void report(int seconds, bool fd_race, const char *ko)
{
	say("# %ld ioctls (%ld EFAULT, %ld ENOTTY), %ld events checked, "
	    "%ld removal records", atomic_load(&sh->ops), atomic_load(&sh->efaults),
	    atomic_load(&sh->enotty), atomic_load(&sh->events), atomic_load(&sh->removed_seen));
	say("# steps: %ld random, %ld of calls in %ld scenes, %ld of phones",
	    atomic_load(&sh->random_steps), atomic_load(&sh->call_steps),
	    atomic_load(&sh->call_scenes), atomic_load(&sh->phone_steps));
	say("# calls: %ld made, %ld connections seen, %ld holds seen, %ld second calls "
	    "offered and %ld answered, %ld handoffs", atomic_load(&sh->calls_made),
	    atomic_load(&sh->calls_connected), atomic_load(&sh->held),
	    atomic_load(&sh->cw_offered), atomic_load(&sh->cw_answers),
	    atomic_load(&sh->handoffs));
	say("# audio: %ld streams opened, %ld closed by another thread, %ld opened racing "
	    "a closer%s; phones: %ld changes", atomic_load(&sh->audio_opened),
	    atomic_load(&sh->audio_closed_elsewhere), atomic_load(&sh->fd_race_opens),
	    fd_race ? "" : " (off)", atomic_load(&sh->phone_sets));
	say("# configfs: %ld steps, %ld lines and %ld exchanges removed, %ld reloads of "
	    "tapi_sim%s, in %d s", atomic_load(&sh->cfg_actions),
	    atomic_load(&sh->line_removals), atomic_load(&sh->exchange_removals),
	    atomic_load(&sh->module_reloads), ko ? "" : " (TAPI_SIM_KO unset)", seconds);
}

int main(int argc, char **argv)
{
	const char *ko = getenv("TAPI_SIM_KO"), *env;
	int seconds = 20, opt;
	bool fd_race = !(env = getenv("TAPI_STRESS_FD_RACE")) || atoi(env);
	pid_t pids[NWORKERS];
	double t0, deadline, slowest = 0;
	const char *slowest_what = "none";
	bool reloaded = false;
	unsigned int i, alive;
	struct rng r;
	bool ok;

	stress_seed = (env = getenv("TAPI_STRESS_SEED")) ? strtoull(env, NULL, 0) :
		      (uint64_t)time(NULL) * 1000003u + getpid();
	if ((env = getenv("TAPI_STRESS_SECONDS")))
		seconds = atoi(env);
	while ((opt = getopt(argc, argv, "s:t:rRh")) != -1) {
		switch (opt) {
		case 's':
			stress_seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			seconds = atoi(optarg);
			break;
		case 'r':
			fd_race = true;
			break;
		case 'R':
			fd_race = false;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (seconds < 1 || seconds > 3600)
		usage(argv[0]);
	say("# seed %llu", (unsigned long long)stress_seed);
	say("TAP version 13\n1..1");
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		say("not ok 1 stress # mmap: %s", strerror(errno));
		return 1;
	}
	rng_init(&r, 0);
	cfg_setup(ko);
	cfg_step(&r);
	cfg_step(&r);

	for (i = 0; i < NWORKERS; i++) {
		pids[i] = -1;
		if (workers[i].fd_race && !fd_race)
			continue;
		pids[i] = fork();
		if (pids[i] < 0) {
			fail("main", "fork: %s", strerror(errno));
		} else if (!pids[i]) {
			if (nice(workers[i].nice) < 0)
				fail(workers[i].name, "nice: %s", strerror(errno));
			workers[i].fn(workers[i].idx);
			_exit(0);
		}
	}
	t0 = now();
	while (now() - t0 < seconds) {
		const char *what = "reload tapi_sim";
		double t1;

		usleep(400000 + pick(&r, 600000));
		t1 = now();
		/* once at least, halfway: the module's own lines go too */
		if (!reloaded && t1 - t0 > seconds / 2.0) {
			cfg_reload();
			reloaded = true;
		} else {
			what = cfg_step(&r);
		}
		if (now() - t1 > slowest) {
			slowest = now() - t1;
			slowest_what = what;
		}
	}
	atomic_store(&sh->stop, true);

	deadline = now() + 30;
	do {
		alive = 0;
		for (i = 0; i < NWORKERS; i++) {
			int status;

			if (pids[i] <= 0)
				continue;
			if (waitpid(pids[i], &status, WNOHANG) == pids[i]) {
				if (!WIFEXITED(status) || WEXITSTATUS(status))
					fail(workers[i].name, "worker %u died: status %#x",
					     workers[i].idx, status);
				pids[i] = 0;
			} else {
				alive++;
			}
		}
		if (alive)
			usleep(50000);
	} while (alive && now() < deadline);
	for (i = 0; i < NWORKERS; i++) {
		if (pids[i] <= 0)
			continue;
		show_stuck(pids[i], workers[i].name);
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	cfg_teardown();

	report(seconds, fd_race, ko);
	say("# the slowest configfs step took %.0f ms: %s", slowest * 1000, slowest_what);
	/* a floor far below what the slowest debug VM did: the workers worked */
	if (atomic_load(&sh->ops) < 20 * seconds)
		fail("main", "only %ld ioctls", atomic_load(&sh->ops));
	if (!atomic_load(&sh->line_removals))
		fail("main", "no line was removed: configfs mounted?");
	/* each kind of worker got somewhere (all do in seconds) */
	if (seconds >= 10 && (!atomic_load(&sh->events) || !atomic_load(&sh->calls_made) ||
			      !atomic_load(&sh->audio_opened) || !atomic_load(&sh->phone_sets) ||
			      !atomic_load(&sh->removed_seen) ||
			      (fd_race && !atomic_load(&sh->fd_race_opens))))
		fail("main", "a kind of worker did nothing (see the counts above)");
	if (ko && seconds >= 10 && !atomic_load(&sh->module_reloads))
		fail("main", "tapi_sim was never reloaded");
	ok = !atomic_load(&sh->failures);
	if (!ok)
		say("# %ld failures; replay: tapi_stress -s %llu -t %d%s (in the debug VM: "
		    "TAPI_STRESS_SEED=%llu python3 tests/check.py check --only vm --kernels debug "
		    "--test tapi_stress)", atomic_load(&sh->failures),
		    (unsigned long long)stress_seed, seconds, fd_race ? "" : " -R",
		    (unsigned long long)stress_seed);
	say("%sok 1 stress: every ioctl, audio, calls, phones, configfs for %d s",
	    ok ? "" : "not ", seconds);
	return ok ? 0 : 1;
}
