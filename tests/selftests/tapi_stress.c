// SPDX-License-Identifier: GPL-2.0-only
/*
 * Randomised stress of the line and phone devices, for the debug kernel:
 * several threads open and close them and call every ioctl with valid, random and
 * bad arguments (bad pointers included), make, answer and drop calls, read,
 * poll and stream audio, while another thread takes lines away underneath
 * them: one at a time from a configfs exchange (lines 1005-1008), and all
 * of them by unloading and reloading tapi_sim. It passes when every call returns success or one of the
 * errors the interface documents; the VM's console check fails the run on
 * any kernel report (KASAN, lockdep, a WARNING...), kmemleak on a leak.
 *
 * Environment: TAPI_STRESS_SECONDS (default 20); TAPI_SIM_KO, the path of
 * tapi_sim.ko, enables the removals.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "kselftest_harness.h"

#define WORKERS		6
#define FDS		4
#define LINES		8	/* the default exchange's 4 and the configfs one's */
#define STRESS_EX	"/sys/kernel/config/tapi_sim/stress"

static const unsigned long cmds[] = {
	TAPI_IOC_GET_LINE_INFO, TAPI_IOC_AUDIO_OPEN, TAPI_IOC_GENERATE_DIGITS,
	TAPI_IOC_SET_PRIVILEGES, TAPI_IOC_MAKE_CALL, TAPI_IOC_DIAL, TAPI_IOC_ANSWER,
	TAPI_IOC_ACCEPT, TAPI_IOC_DROP, TAPI_IOC_SET_CALL_PRIVILEGE, TAPI_IOC_HANDOFF,
	TAPI_IOC_LIST_CALLS, TAPI_IOC_CALL_INFO, TAPI_IOC_GATHER_DIGITS,
	TAPI_IOC_GATHER_RESULT, TAPI_IOC_GENERATE_TONE, TAPI_IOC_MONITOR_MEDIA,
	TAPI_IOC_LINE_STATUS, TAPI_IOC_MONITOR_TONES, TAPI_IOC_MONITOR_DIGITS,
	TAPI_IOC_HOLD, TAPI_IOC_UNHOLD, TAPI_IOC_SET_STATUS_EVENTS,
	TAPI_IOC_PHONE_INFO, TAPI_IOC_PHONE_STATUS, TAPI_IOC_PHONE_SET,
	TAPI_IOC_PHONE_GET_BUTTON, TAPI_IOC_PHONE_SET_BUTTON, TAPI_IOC_PHONE_EVENTS,
	TAPI_IOC_PHONE_PRIVILEGE, TAPI_IOC_PHONE_SET, TAPI_IOC_PHONE_PRIVILEGE,
	_IOWR(TAPI_IOC_MAGIC, 0x7f, struct tapi_call_op),	/* unknown */
	_IOWR(TAPI_IOC_MAGIC, 0x04, struct tapi_call_op),	/* wrong size */
};

static atomic_bool stop;
static atomic_long unexpected, calls_made, ops;

static uint32_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 11);
}

/* Every errno the interface documents for some call. */
static int expected_errno(int e)
{
	switch (e) {
	case EINVAL: case ENOENT: case EPERM: case EBUSY: case ENODEV: case EFAULT:
	case ENOTTY: case EOPNOTSUPP: case ENOSPC: case ESRCH: case EALREADY:
	case EAGAIN: case ENODATA: case EMFILE: case ENXIO: case EINTR: case EIO:
		return 1;
	}
	return 0;
}

static void check(long r, const char *what)
{
	atomic_fetch_add(&ops, 1);
	if (r < 0 && !expected_errno(errno)) {
		atomic_fetch_add(&unexpected, 1);
		fprintf(stderr, "# %s: unexpected %s\n", what, strerror(errno));
	}
}

/* An argument: valid-looking, random bytes, or a bad pointer. */
static void *argument(uint64_t *s, unsigned long cmd, unsigned char *buf, size_t len)
{
	switch (rnd(s) % 8) {
	case 0:
		return NULL;
	case 1:
		return (void *)8;
	case 2:
		/* the structure straddles the end of a mapping: half of it bad */
		return (void *)-(long)(_IOC_SIZE(cmd) / 2);
	case 3:
	case 4:
		for (size_t i = 0; i < len; i++)
			buf[i] = rnd(s);
		return buf;
	default:
		/* zeros with a plausible call ID and a short dial string */
		memset(buf, 0, len);
		buf[0] = rnd(s) % 6;
		if (cmd == TAPI_IOC_MAKE_CALL) {
			static const char *const nums[] = { "1001", "1002", "1003", "1004",
							    "1005", "1008", "999", "" };

			strcpy((char *)buf + 32, nums[rnd(s) % 8]);
		}
		return buf;
	}
}

static void *worker(void *arg)
{
	uint64_t s = (uintptr_t)arg * 0x9e3779b97f4a7c15ull + 1;
	unsigned char buf[512];
	int fds[FDS], sfd = -1, i;

	for (i = 0; i < FDS; i++)
		fds[i] = -1;
	while (!atomic_load(&stop)) {
		int k = rnd(&s) % FDS;
		unsigned int what = rnd(&s) % 16;

		if (fds[k] < 0) {
			char path[32];

			/* a line, or one of their telephones' phone devices */
			snprintf(path, sizeof(path), "/dev/tapi%s%u", rnd(&s) % 3 ? "" : "phone",
				 rnd(&s) % LINES);
			fds[k] = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
			if (fds[k] < 0 && errno != ENOENT && errno != ENXIO && errno != ENODEV)
				check(-1, "open");
			continue;
		}
		if (what == 0) {
			close(fds[k]);
			fds[k] = -1;
		} else if (what == 1) {
			check(read(fds[k], buf, sizeof(buf)), "read");
		} else if (what == 2) {
			struct pollfd p = { .fd = fds[k], .events = POLLIN };

			check(poll(&p, 1, 0), "poll");
		} else if (what == 3) {
			struct tapi_audio_open a = { .format = 1 + rnd(&s) % 3,
						     .chunk_ms = 1 + rnd(&s) % 20 };

			if (sfd >= 0)
				close(sfd);
			sfd = -1;
			if (!ioctl(fds[k], TAPI_IOC_AUDIO_OPEN, &a))
				sfd = a.fd;
			else
				check(-1, "audio open");
		} else if (what == 4 && sfd >= 0) {
			if (rnd(&s) & 1)
				check(read(sfd, buf, rnd(&s) % sizeof(buf)), "audio read");
			else
				check(write(sfd, buf, rnd(&s) % sizeof(buf)), "audio write");
		} else if (what == 6) {
			/* pulses on the line, cancelled or not by later requests */
			struct tapi_generate_digits g = { .mode = TAPI_DIGIT_PULSE,
							  .off_ms = 300 };

			snprintf(g.digits, sizeof(g.digits), "%u", rnd(&s) % 100);
			check(ioctl(fds[k], TAPI_IOC_GENERATE_DIGITS, &g), "pulses");
		} else if (what == 7 && rnd(&s) % 32 == 0) {
			/*
			 * The telephone's hook, the line's service, scripted far
			 * ends and faults, as tapi_sim plays them; rarely, since an
			 * open debugfs file holds the module and the removals must
			 * still happen.
			 */
			static const char *const cmds7[] = {
				"off", "on", "break 60", "break 30", "flash",
				"at 100 call 1002", "keys 12",			/* hook */
				"1", "0",					/* service */
				"answer 0 hangup 300", "answer 1 digits 5", "busy",
				"reject", "none", "answer 0 pattern",
				"answer 1 tone 440+480",			/* far_end */
				"audio_drop 3", "audio_delay 40", "reply_delay 20",
				"sent_drop 3", "sent_delay 40", "none",		/* faults */
			};
			static const char *const files7[] = {
				"hook", "hook", "hook", "hook", "hook", "hook", "hook",
				"service", "service",
				"far_end", "far_end", "far_end", "far_end", "far_end",
				"far_end", "far_end",
				"faults", "faults", "faults", "faults", "faults", "faults",
			};
			_Static_assert(sizeof(cmds7) == sizeof(files7), "one file per command");
			unsigned int c = rnd(&s) % (sizeof(cmds7) / sizeof(cmds7[0]));
			char path[64];
			int dfd;

			snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/%u/%s",
				 1001 + rnd(&s) % LINES, files7[c]);
			dfd = open(path, O_WRONLY | O_CLOEXEC);
			if (dfd >= 0) {
				check(write(dfd, cmds7[c], strlen(cmds7[c])), "sim write");
				close(dfd);
			}
		} else if (what == 5) {
			struct tapi_make_call m = { .media_mode = TAPI_MEDIA_INTERACTIVEVOICE };

			snprintf(m.dial, sizeof(m.dial), "%u", 1001 + rnd(&s) % LINES);
			if (!ioctl(fds[k], TAPI_IOC_MAKE_CALL, &m))
				atomic_fetch_add(&calls_made, 1);
			else
				check(-1, "make call");
		} else {
			unsigned long cmd = cmds[rnd(&s) % (sizeof(cmds) / sizeof(cmds[0]))];
			void *p = argument(&s, cmd, buf, sizeof(buf));

			check(ioctl(fds[k], cmd, p), "ioctl");
			/* an audio stream opened by a random argument: close it */
			if (cmd == TAPI_IOC_AUDIO_OPEN && p == buf) {
				int fd = ((struct tapi_audio_open *)buf)->fd;

				if (fd > 2 && fd != sfd && fd != fds[0] && fd != fds[1] &&
				    fd != fds[2] && fd != fds[3])
					close(fd);
			}
		}
	}
	for (i = 0; i < FDS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (sfd >= 0)
		close(sfd);
	return NULL;
}

static int load_sim(const char *ko)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -1;
	r = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	return r;
}

/* The configfs exchange "stress" with lines 1005-1008, live: how many. */
static int make_exchange(void)
{
	char p[96];
	int n, fd, ok;

	if (mkdir(STRESS_EX, 0755))
		return 0;	/* no configfs: the module's removals only */
	for (n = 1005; n <= 1008; n++) {
		snprintf(p, sizeof(p), "%s/%d", STRESS_EX, n);
		if (mkdir(p, 0755))
			return 0;
	}
	fd = open(STRESS_EX "/live", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = write(fd, "1", 1) == 1;
	close(fd);
	return ok ? 4 : 0;
}

/* Line @n of "stress" goes (rmdir), live, open and in calls or not. */
static int remove_line(int n)
{
	char p[96];

	snprintf(p, sizeof(p), "%s/%d", STRESS_EX, n);
	return rmdir(p);
}

FIXTURE(stress) {
	int unused;
};

FIXTURE_SETUP(stress)
{
}

FIXTURE_TEARDOWN(stress)
{
}

/* TAPI_STRESS_SECONDS may be up to 100 */
TEST_F_TIMEOUT(stress, random_ioctls_with_the_driver_coming_and_going, 120)
{
	const char *ko = getenv("TAPI_SIM_KO");
	const char *secs = getenv("TAPI_STRESS_SECONDS");
	int seconds = secs ? atoi(secs) : 20, removals = 0, line_removals = 0, i;
	int lines_left;
	pthread_t t[WORKERS];
	struct timespec t0, now;

	if (seconds < 1 || seconds > 100)
		seconds = 20;
	/* one left by an earlier run that failed: its lines first */
	for (i = 1005; i <= 1008; i++)
		remove_line(i);
	rmdir(STRESS_EX);
	lines_left = make_exchange();

	for (i = 0; i < WORKERS; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)(i + 1)));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		usleep(700000);
		if (lines_left) {
			/* one line alone; the last takes the exchange down */
			ASSERT_EQ(0, remove_line(1009 - lines_left));
			line_removals++;
			if (!--lines_left)
				ASSERT_EQ(0, rmdir(STRESS_EX));
		} else if (ko && !syscall(SYS_delete_module, "tapi_sim", O_NONBLOCK)) {
			removals++;
			usleep(100000);
			ASSERT_EQ(0, load_sim(ko));
			lines_left = make_exchange();
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - t0.tv_sec < seconds);
	atomic_store(&stop, true);
	for (i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	while (lines_left)
		remove_line(1009 - lines_left--);
	rmdir(STRESS_EX);
	TH_LOG("%ld operations, %ld calls made, %d removals of tapi_sim, %d of a line alone in %d s",
	       atomic_load(&ops), atomic_load(&calls_made), removals, line_removals,
	       seconds);
	EXPECT_EQ(0, atomic_load(&unexpected));
	EXPECT_LT(1000, atomic_load(&ops));
	if (ko)
		EXPECT_LT(0, removals);
	EXPECT_LT(0, line_removals) TH_LOG("configfs mounted?");
}

TEST_HARNESS_MAIN
