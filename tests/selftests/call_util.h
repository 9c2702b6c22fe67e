/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kselftests' helpers for lines and calls on tapi_sim's lines 1001
 * (/dev/tapi0) to 1004 (/dev/tapi3), through the uAPI alone. Each takes
 * the harness's expectations where it checks something (EXPECT_STATE).
 */
#ifndef TAPI_CALL_UTIL_H
#define TAPI_CALL_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

#define LINE_A	"/dev/tapi0"	/* number 1001 */
#define LINE_B	"/dev/tapi1"	/* number 1002 */
#define LINE_C	"/dev/tapi2"	/* number 1003 */

#define VOICE	TAPI_MEDIA_INTERACTIVEVOICE
#define FAX	TAPI_MEDIA_G3FAX

static inline int open_line(const char *path)
{
	return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

static inline int set_priv(int fd, unsigned int privs, unsigned int media, unsigned int prio)
{
	struct tapi_privileges p = {
		.privileges = privs, .media_modes = media, .priority = prio,
	};

	return ioctl(fd, TAPI_IOC_SET_PRIVILEGES, &p) ? -errno : 0;
}

/* Make a call; its ID, or -errno. */
static inline int make_call(int fd, const char *dial, unsigned int media)
{
	struct tapi_make_call m = { .media_mode = media };

	snprintf(m.dial, sizeof(m.dial), "%s", dial);
	return ioctl(fd, TAPI_IOC_MAKE_CALL, &m) ? -errno : (int)m.call_id;
}

static inline int call_op(int fd, unsigned long ioc, unsigned int id)
{
	struct tapi_call_op op = { .call_id = id };

	return ioctl(fd, ioc, &op) ? -errno : 0;
}

static inline int dial(int fd, unsigned int id, const char *digits)
{
	struct tapi_dial d = { .call_id = id };

	snprintf(d.dial, sizeof(d.dial), "%s", digits);
	return ioctl(fd, TAPI_IOC_DIAL, &d) ? -errno : 0;
}

static inline int call_priv(int fd, unsigned int id, unsigned int priv)
{
	struct tapi_call_privilege p = { .call_id = id, .privilege = priv };

	return ioctl(fd, TAPI_IOC_SET_CALL_PRIVILEGE, &p) ? -errno : 0;
}

static inline int handoff(int fd, unsigned int id, unsigned int media)
{
	struct tapi_handoff h = { .call_id = id, .media_mode = media };

	return ioctl(fd, TAPI_IOC_HANDOFF, &h) ? -errno : 0;
}

static inline int call_info(int fd, unsigned int id, struct tapi_call_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	ci->call_id = id;
	return ioctl(fd, TAPI_IOC_CALL_INFO, ci) ? -errno : 0;
}

/* How many calls @fd knows; their IDs in @ids (up to @max). */
static inline int list_calls(int fd, uint32_t *ids, unsigned int max)
{
	struct tapi_call_list l = { .ids = (uintptr_t)ids, .count = max };

	return ioctl(fd, TAPI_IOC_LIST_CALLS, &l) ? -errno : (int)l.count;
}

static inline int line_status(int fd, struct tapi_line_status *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, TAPI_IOC_LINE_STATUS, st) ? -errno : 0;
}

/*
 * The next event of @type on @fd within @ms milliseconds: 1 with it in *ev,
 * 0 on timeout. Events of other types are skipped.
 */
static inline int next_event(int fd, unsigned int type, struct tapi_event *ev, int ms)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - (int)((t.tv_sec - t0.tv_sec) * 1000 +
				  (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left < 0)
			left = 0;
		if (poll(&p, 1, left) != 1)
			return 0;
		if (read(fd, ev, sizeof(*ev)) != sizeof(*ev))
			return 0;
		if (ev->type == type)
			return 1;
	}
}

/*
 * Expect the next call-state event on @fd to be @state of call @id with
 * @priv; returns its detail, or -1 (with the test marked failed).
 */
#define EXPECT_STATE(fd, id, state, priv) ({					\
	struct tapi_event _ev;							\
	int _r = -1;								\
	if (next_event(fd, TAPI_EVENT_CALL_STATE, &_ev, 3000)) {		\
		EXPECT_EQ((unsigned int)(id), _ev.call_id);			\
		EXPECT_EQ((unsigned int)(state), _ev.param[0]);			\
		EXPECT_EQ((unsigned int)(priv), _ev.param[2]);			\
		_r = _ev.param[1];						\
	} else {								\
		TH_LOG("no call state 0x%x for call %u", state, id);		\
		EXPECT_TRUE(0);							\
	}									\
	_r; })

/* True when no call-state event arrives on @fd within @ms. */
static inline int quiet(int fd, int ms)
{
	struct tapi_event ev;

	return !next_event(fd, TAPI_EVENT_CALL_STATE, &ev, ms);
}

/* Drain whatever is queued on @fd. */
static inline void drain(int fd)
{
	struct tapi_event ev[16];

	while (read(fd, ev, sizeof(ev)) > 0)
		;
}

#endif
