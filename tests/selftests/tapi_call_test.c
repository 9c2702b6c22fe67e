// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for calls on /dev/tapiN, run in the VMs against tapi_sim's
 * lines 1001 (/dev/tapi0) to 1004 (/dev/tapi3): calls between lines and
 * their states, TAPI's privileges across several open files and several
 * processes (routing by media mode and priority, monitors, handoff, an
 * owner exiting), and bad input for every call ioctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "kselftest_harness.h"
#include "sim_debugfs.h"

#define LINE_A	"/dev/tapi0"	/* number 1001 */
#define LINE_B	"/dev/tapi1"	/* number 1002 */
#define LINE_C	"/dev/tapi2"	/* number 1003 */

#define VOICE	TAPI_MEDIA_INTERACTIVEVOICE
#define FAX	TAPI_MEDIA_G3FAX

static int open_line(const char *path)
{
	return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

static int set_priv(int fd, unsigned int privs, unsigned int media, unsigned int prio)
{
	struct tapi_privileges p = {
		.privileges = privs, .media_modes = media, .priority = prio,
	};

	return ioctl(fd, TAPI_IOC_SET_PRIVILEGES, &p) ? -errno : 0;
}

/* Make a call; its ID, or -errno. */
static int make_call(int fd, const char *dial, unsigned int media)
{
	struct tapi_make_call m = { .media_mode = media };

	snprintf(m.dial, sizeof(m.dial), "%s", dial);
	return ioctl(fd, TAPI_IOC_MAKE_CALL, &m) ? -errno : (int)m.call_id;
}

static int call_op(int fd, unsigned long ioc, unsigned int id)
{
	struct tapi_call_op op = { .call_id = id };

	return ioctl(fd, ioc, &op) ? -errno : 0;
}

static int dial(int fd, unsigned int id, const char *digits)
{
	struct tapi_dial d = { .call_id = id };

	snprintf(d.dial, sizeof(d.dial), "%s", digits);
	return ioctl(fd, TAPI_IOC_DIAL, &d) ? -errno : 0;
}

static int call_priv(int fd, unsigned int id, unsigned int priv)
{
	struct tapi_call_privilege p = { .call_id = id, .privilege = priv };

	return ioctl(fd, TAPI_IOC_SET_CALL_PRIVILEGE, &p) ? -errno : 0;
}

static int handoff(int fd, unsigned int id, unsigned int media)
{
	struct tapi_handoff h = { .call_id = id, .media_mode = media };

	return ioctl(fd, TAPI_IOC_HANDOFF, &h) ? -errno : 0;
}

static int call_info(int fd, unsigned int id, struct tapi_call_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	ci->call_id = id;
	return ioctl(fd, TAPI_IOC_CALL_INFO, ci) ? -errno : 0;
}

/* How many calls @fd knows; their IDs in @ids (up to @max). */
static int list_calls(int fd, uint32_t *ids, unsigned int max)
{
	struct tapi_call_list l = { .ids = (uintptr_t)ids, .count = max };

	return ioctl(fd, TAPI_IOC_LIST_CALLS, &l) ? -errno : (int)l.count;
}

/*
 * The next event of @type on @fd within @ms milliseconds: 1 with it in *ev,
 * 0 on timeout. Events of other types are skipped.
 */
static int next_event(int fd, unsigned int type, struct tapi_event *ev, int ms)
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
static int quiet(int fd, int ms)
{
	struct tapi_event ev;

	return !next_event(fd, TAPI_EVENT_CALL_STATE, &ev, ms);
}

/* Drain whatever is queued on @fd. */
static void drain(int fd)
{
	struct tapi_event ev[16];

	while (read(fd, ev, sizeof(ev)) > 0)
		;
}

/*
 * Line A calls line B, whose file @b owns voice calls: the caller's call ID
 * (or -errno), and B's in *bid once it is offered (0 if it never is).
 */
static int call_a_to_b(int a, int b, int *bid)
{
	struct tapi_event ev;
	int id, ret = set_priv(b, TAPI_PRIV_OWNER, VOICE, 0);

	*bid = 0;
	if (ret)
		return ret;
	id = make_call(a, "1002", VOICE);
	if (id > 0 && next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000))
		*bid = ev.call_id;
	return id;
}

FIXTURE(call) {
	int a, b;
};

FIXTURE_SETUP(call)
{
	struct tapi_line_info info = { 0 };

	self->a = open_line(LINE_A);
	self->b = open_line(LINE_B);
	if (self->a < 0 || self->b < 0)
		SKIP(return, "cannot open the tapi_sim lines: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_GET_LINE_INFO, &info));
	ASSERT_TRUE(info.caps & TAPI_LINE_CAP_CALLS);
	ASSERT_EQ(TAPI_API_VERSION, info.api_version);
}

FIXTURE_TEARDOWN(call)
{
	/* closing drops what a test left, so the next starts with idle lines */
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
}

TEST_F(call, a_call_rings_connects_and_hangs_up)
{
	struct tapi_call_info ci;
	struct tapi_event ev;
	int id, bid;

	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));
	id = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);

	/* The called line is offered the call, then rings. */
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	EXPECT_LT(0, bid);
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	EXPECT_EQ(TAPI_PRIV_OWNER, ev.param[2]);
	EXPECT_EQ(VOICE, ev.param[3]);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_RING, &ev, 3000));
	EXPECT_EQ(1, ev.param[0]);

	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_EQ(TAPI_CALL_OFFERING, ci.state);
	EXPECT_EQ(TAPI_PRIV_OWNER, ci.privilege);
	EXPECT_EQ(TAPI_ORIGIN_INTERNAL, ci.origin);
	EXPECT_EQ(VOICE, ci.media_mode);
	EXPECT_STREQ("1001", ci.caller);
	EXPECT_STREQ("1002", ci.called);
	EXPECT_EQ(0, ci.connected_ns);
	ASSERT_EQ(0, call_info(self->a, id, &ci));
	EXPECT_EQ(TAPI_CALL_RINGBACK, ci.state);
	EXPECT_EQ(TAPI_ORIGIN_OUTBOUND, ci.origin);
	EXPECT_STREQ("1001", ci.caller);
	EXPECT_STREQ("1002", ci.called);
	EXPECT_LE(ci.created_ns, ci.state_ns);

	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, bid));
	EXPECT_STATE(self->b, bid, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_EQ(ci.state_ns, ci.connected_ns);

	/* Digits dialed on a connected call reach the other end in-band. */
	drain(self->b);
	ASSERT_EQ(0, dial(self->a, id, "5"));
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_DIGIT, &ev, 3000));
	EXPECT_EQ('5', ev.param[0]);

	/* The caller hangs up: the other end is disconnected, normally. */
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	EXPECT_STATE(self->a, id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(self->b, bid, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_DROP, bid));
	EXPECT_STATE(self->b, bid, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	EXPECT_EQ(0, list_calls(self->a, NULL, 0));
	EXPECT_EQ(0, list_calls(self->b, NULL, 0));
	/* An ended call is gone. */
	EXPECT_EQ(-ENOENT, call_info(self->a, id, &ci));
	EXPECT_EQ(-ENOENT, call_op(self->a, TAPI_IOC_DROP, id));
}

TEST_F(call, the_caller_gets_bad_address_busy_and_rejection)
{
	int id, bid, id2;
	struct tapi_event ev;

	/* no such number: SIT, then the end */
	id = make_call(self->a, "999", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_EQ(TAPI_SPECIALINFO_CUSTIRREG,
		  EXPECT_STATE(self->a, id, TAPI_CALL_SPECIALINFO, TAPI_PRIV_OWNER));
	EXPECT_EQ(TAPI_DISCONNECT_BADADDRESS,
		  EXPECT_STATE(self->a, id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
	/* a disconnected call waits for its owner to drop it */
	EXPECT_EQ(1, list_calls(self->a, NULL, 0));
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	EXPECT_STATE(self->a, id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);

	/* a line with a call is busy: B waits in dial tone */
	bid = make_call(self->b, "", VOICE);
	ASSERT_LT(0, bid);
	EXPECT_STATE(self->b, bid, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER);
	id2 = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id2);
	EXPECT_NE(id, id2);	/* IDs are not reused */
	EXPECT_STATE(self->a, id2, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id2, TAPI_CALL_BUSY, TAPI_PRIV_OWNER);
	/* and a line takes one call at a time */
	EXPECT_EQ(-EBUSY, make_call(self->a, "1003", VOICE));
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id2));
	EXPECT_STATE(self->a, id2, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_DROP, bid));
	EXPECT_STATE(self->b, bid, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);

	/* the called line refuses: the caller is rejected */
	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));
	id = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_DROP, ev.call_id));
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_EQ(TAPI_DISCONNECT_REJECT,
		  EXPECT_STATE(self->a, id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
}

TEST_F(call, digits_can_follow_the_dial_string)
{
	struct tapi_event ev;
	int id;

	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));
	id = make_call(self->a, "", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER);
	/* answering is for offered calls; dialing is not for offered ones */
	EXPECT_EQ(-EBUSY, call_op(self->a, TAPI_IOC_ANSWER, id));
	EXPECT_EQ(-EBUSY, call_op(self->a, TAPI_IOC_ACCEPT, id));
	ASSERT_EQ(0, dial(self->a, id, "10;"));
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_TRUE(quiet(self->b, 200));	/* ';': more to come */
	ASSERT_EQ(0, dial(self->a, id, "02"));
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	EXPECT_EQ(-EBUSY, dial(self->b, ev.call_id, "1"));
	/* accepting keeps the call offered to its owner */
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ACCEPT, ev.call_id));
	EXPECT_STATE(self->b, ev.call_id, TAPI_CALL_ACCEPTED, TAPI_PRIV_OWNER);
	EXPECT_EQ(-EBUSY, call_op(self->b, TAPI_IOC_ACCEPT, ev.call_id));
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, ev.call_id));
	EXPECT_STATE(self->b, ev.call_id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	EXPECT_EQ(-EBUSY, call_op(self->b, TAPI_IOC_ANSWER, ev.call_id));
}

/* A file that asked for nothing sees only the calls it makes. */
TEST_F(call, files_see_only_the_calls_they_know)
{
	uint32_t ids[8];
	int other, id;

	other = open_line(LINE_A);
	ASSERT_LE(0, other);
	id = make_call(self->a, "", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER);
	EXPECT_TRUE(quiet(other, 200));
	EXPECT_EQ(0, list_calls(other, ids, 8));
	EXPECT_EQ(-ENOENT, call_op(other, TAPI_IOC_DROP, id));
	EXPECT_EQ(-ENOENT, call_priv(other, id, TAPI_PRIV_OWNER));

	/* becoming a monitor shows the calls already there, quietly */
	ASSERT_EQ(0, set_priv(other, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(1, list_calls(other, ids, 8));
	EXPECT_EQ((uint32_t)id, ids[0]);
	/* the count says how many there are, even when the array is short */
	EXPECT_EQ(1, list_calls(other, NULL, 0));
	EXPECT_TRUE(quiet(other, 100));
	/* and events from then on */
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	EXPECT_STATE(other, id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR);
	close(other);
}

TEST_F(call, a_monitor_sees_every_state_in_order_and_cannot_control)
{
	struct tapi_call_info ci;
	struct tapi_event ev;
	int mon, id, bid;

	mon = open_line(LINE_A);
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));

	id = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(mon, id, TAPI_CALL_DIALING, TAPI_PRIV_MONITOR);
	EXPECT_STATE(mon, id, TAPI_CALL_RINGBACK, TAPI_PRIV_MONITOR);
	ASSERT_EQ(0, call_info(mon, id, &ci));
	EXPECT_EQ(TAPI_PRIV_MONITOR, ci.privilege);

	/* a monitor controls nothing */
	EXPECT_EQ(-EPERM, call_op(mon, TAPI_IOC_DROP, id));
	EXPECT_EQ(-EPERM, call_op(mon, TAPI_IOC_ANSWER, id));
	EXPECT_EQ(-EPERM, call_op(mon, TAPI_IOC_ACCEPT, id));
	EXPECT_EQ(-EPERM, dial(mon, id, "1"));
	EXPECT_EQ(-EPERM, handoff(mon, id, VOICE));

	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, bid));
	EXPECT_STATE(mon, id, TAPI_CALL_CONNECTED, TAPI_PRIV_MONITOR);
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_DROP, bid));
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(mon, id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_MONITOR));
	/* a monitor may take ownership, then drop */
	ASSERT_EQ(0, call_priv(mon, id, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, call_op(mon, TAPI_IOC_DROP, id));
	EXPECT_STATE(mon, id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	/* the owner saw the same states in the same order */
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	close(mon);
}

TEST_F(call, handoff_moves_ownership_by_media_mode)
{
	struct tapi_event ev;
	int fax, id, bid;

	fax = open_line(LINE_B);
	ASSERT_LE(0, fax);
	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 5));
	ASSERT_EQ(0, set_priv(fax, TAPI_PRIV_OWNER, FAX, 1));

	id = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	EXPECT_EQ(TAPI_PRIV_OWNER, ev.param[2]);
	EXPECT_TRUE(quiet(fax, 200));

	/* TAPI's rules: nobody for the mode, or oneself, is an error */
	EXPECT_EQ(-ESRCH, handoff(self->b, bid, TAPI_MEDIA_TDD));
	EXPECT_EQ(-EALREADY, handoff(self->b, bid, VOICE));
	EXPECT_EQ(-EINVAL, handoff(self->b, bid, VOICE | FAX));
	/* the sole owner of a live call cannot just forget it */
	EXPECT_EQ(-EBUSY, call_priv(self->b, bid, TAPI_PRIV_NONE));

	ASSERT_EQ(0, handoff(self->b, bid, FAX));
	EXPECT_STATE(fax, bid, TAPI_CALL_OFFERING, TAPI_PRIV_OWNER);
	/* with another owner, the first may forget it */
	ASSERT_EQ(0, call_priv(self->b, bid, TAPI_PRIV_NONE));
	EXPECT_EQ(-ENOENT, call_op(self->b, TAPI_IOC_ANSWER, bid));
	ASSERT_EQ(0, call_op(fax, TAPI_IOC_ANSWER, bid));
	EXPECT_STATE(fax, bid, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	EXPECT_TRUE(quiet(self->b, 100));
	ASSERT_EQ(0, call_op(fax, TAPI_IOC_DROP, bid));
	EXPECT_STATE(fax, bid, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	close(fax);
}

/* A child process: open @path with the privileges, report each new call's
 * (media mode, privilege) on @out, until killed.
 */
static void watcher(const char *path, unsigned int privs, unsigned int media,
		    unsigned int prio, int ready, int out)
{
	struct tapi_event ev;
	int fd;

	/* a failed assertion ends the test early: go with it */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() == 1)
		_exit(1);
	fd = open_line(path);
	if (fd < 0 || set_priv(fd, privs, media, prio))
		_exit(1);
	if (write(ready, "r", 1) != 1)
		_exit(1);
	for (;;) {
		if (next_event(fd, TAPI_EVENT_CALL_STATE, &ev, 60000) &&
		    ev.param[0] == TAPI_CALL_OFFERING) {
			uint32_t rec[2] = { ev.param[3], ev.param[2] };

			if (write(out, rec, sizeof(rec)) != sizeof(rec))
				_exit(1);
		}
	}
}

TEST(new_calls_go_to_the_highest_priority_owner_of_their_media_mode)
{
	static const struct {
		unsigned int privs, media, prio;
	} who[] = {
		{ TAPI_PRIV_OWNER, VOICE, 1 },
		{ TAPI_PRIV_OWNER, VOICE | TAPI_MEDIA_DATAMODEM, 5 },
		{ TAPI_PRIV_OWNER, VOICE, 5 },		/* equal, later: loses */
		{ TAPI_PRIV_OWNER, FAX, 9 },
		{ TAPI_PRIV_MONITOR, 0, 0 },
	};
	/* per call media mode: the privilege each watcher should get */
	static const struct {
		unsigned int media, priv[5];
	} calls[] = {
		{ VOICE, { 0, TAPI_PRIV_OWNER, 0, 0, TAPI_PRIV_MONITOR } },
		{ FAX, { 0, 0, 0, TAPI_PRIV_OWNER, TAPI_PRIV_MONITOR } },
		{ TAPI_MEDIA_G4FAX, { 0, 0, 0, 0, TAPI_PRIV_MONITOR } },
	};
	int pipes[5][2], ready[2], a, i, c;
	pid_t pid[5];

	a = open_line(LINE_A);
	ASSERT_LE(0, a);
	ASSERT_EQ(0, pipe(ready));
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(0, pipe2(pipes[i], O_NONBLOCK));
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i])
			watcher(LINE_B, who[i].privs, who[i].media, who[i].prio,
				ready[1], pipes[i][1]);
		/* one at a time, so they open in order */
		char r;
		ASSERT_EQ(1, read(ready[0], &r, 1));
	}

	for (c = 0; c < 3; c++) {
		int id = make_call(a, "1002", calls[c].media);

		ASSERT_LT(0, id);
		EXPECT_STATE(a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
		EXPECT_STATE(a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
		usleep(200000);
		for (i = 0; i < 5; i++) {
			uint32_t rec[2] = { 0, 0 };
			ssize_t n = read(pipes[i][0], rec, sizeof(rec));

			if (!calls[c].priv[i]) {
				EXPECT_EQ(-1, n) TH_LOG("call %d watcher %d", c, i);
				continue;
			}
			ASSERT_EQ((ssize_t)sizeof(rec), n) TH_LOG("call %d watcher %d", c, i);
			EXPECT_EQ(calls[c].media, rec[0]);
			EXPECT_EQ(calls[c].priv[i], rec[1]) TH_LOG("call %d watcher %d", c, i);
		}
		ASSERT_EQ(0, call_op(a, TAPI_IOC_DROP, id));
		EXPECT_STATE(a, id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	}
	for (i = 0; i < 5; i++) {
		kill(pid[i], SIGKILL);
		waitpid(pid[i], NULL, 0);
	}
	close(a);
}

TEST(an_owner_that_exits_drops_its_call)
{
	struct tapi_event ev;
	int b, sync[2];
	pid_t pid;

	b = open_line(LINE_B);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, set_priv(b, TAPI_PRIV_OWNER, VOICE, 0));
	ASSERT_EQ(0, pipe(sync));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int a = open_line(LINE_A);
		char x;

		if (a < 0 || make_call(a, "1002", VOICE) <= 0)
			_exit(1);
		/* wait until told, then exit without hanging up */
		if (read(sync[0], &x, 1) != 1)
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(1, next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	ASSERT_EQ(1, write(sync[1], "x", 1));
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(b, ev.call_id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, call_op(b, TAPI_IOC_DROP, ev.call_id));
	EXPECT_STATE(b, ev.call_id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	waitpid(pid, NULL, 0);
	close(b);
}

/* A disconnected call that nobody owns is over at once. */
TEST_F(call, an_unowned_call_ends_when_disconnected)
{
	struct tapi_event ev;
	int mon, id;

	mon = open_line(LINE_B);
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));
	id = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(mon, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	EXPECT_EQ(TAPI_PRIV_MONITOR, ev.param[2]);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	EXPECT_STATE(mon, ev.call_id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_MONITOR);
	EXPECT_STATE(mon, ev.call_id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR);
	EXPECT_EQ(0, list_calls(mon, NULL, 0));
	close(mon);
}

TEST_F(call, events_count_per_file_without_gaps)
{
	struct tapi_event ev[8];
	int other, id, n, k;

	other = open_line(LINE_A);
	ASSERT_LE(0, other);
	ASSERT_EQ(0, set_priv(other, TAPI_PRIV_MONITOR, 0, 0));
	/* the monitor sees more than the owner; each counts its own */
	id = make_call(other, "", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(0, call_op(other, TAPI_IOC_DROP, id));
	id = make_call(self->a, "", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	n = read(other, ev, sizeof(ev)) / sizeof(ev[0]);
	ASSERT_EQ(4, n);
	for (k = 1; k < n; k++)
		EXPECT_EQ(ev[k - 1].seq + 1, ev[k].seq);
	n = read(self->a, ev, sizeof(ev)) / sizeof(ev[0]);
	ASSERT_EQ(2, n);
	EXPECT_EQ(ev[0].seq + 1, ev[1].seq);
	close(other);
}

TEST_F(call, audio_and_digits_accept_only_known_calls)
{
	struct tapi_audio_open ao = { .format = TAPI_AUDIO_LINEAR16, .chunk_ms = 20 };
	struct tapi_generate_digits g = {
		.mode = TAPI_DIGIT_DTMF, .on_ms = 50, .off_ms = 50, .level = -100,
	};
	int id, other;

	id = make_call(self->a, "", VOICE);
	ASSERT_LT(0, id);
	other = open_line(LINE_A);
	ASSERT_LE(0, other);

	ao.call_id = id;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_AUDIO_OPEN, &ao));
	close(ao.fd);
	ao.fd = 0;
	EXPECT_EQ(-1, ioctl(other, TAPI_IOC_AUDIO_OPEN, &ao));
	EXPECT_EQ(ENOENT, errno);
	ao.call_id = id + 100;
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_AUDIO_OPEN, &ao));
	EXPECT_EQ(ENOENT, errno);

	strcpy(g.digits, "1");
	g.call_id = id;
	EXPECT_EQ(0, ioctl(self->a, TAPI_IOC_GENERATE_DIGITS, &g));
	EXPECT_EQ(-1, ioctl(other, TAPI_IOC_GENERATE_DIGITS, &g));
	EXPECT_EQ(ENOENT, errno);
	close(other);
}

TEST_F(call, gathering_on_a_call_ends_with_the_call)
{
	struct tapi_gather_digits g = {
		.mode = TAPI_DIGIT_DTMF, .max_digits = 8, .tag = 5,
	};
	struct tapi_event ev;
	int id = make_call(self->a, "", VOICE);

	ASSERT_LT(0, id);
	g.call_id = id;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_GATHER_DIGITS, &g));
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	ASSERT_EQ(1, next_event(self->a, TAPI_EVENT_GATHER, &ev, 3000));
	EXPECT_EQ((unsigned int)id, ev.call_id);
	EXPECT_EQ(TAPI_GATHER_LINEDROP, ev.param[0]);
	EXPECT_EQ(5, ev.param[2]);
}

static int line_status(int fd, struct tapi_line_status *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, TAPI_IOC_LINE_STATUS, st) ? -errno : 0;
}

TEST_F(call, line_status_counts_opens_calls_and_rings)
{
	struct tapi_line_status st;
	struct tapi_event ev;
	int mon, id;

	mon = open_line(LINE_B);
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE | FAX, 0));
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(TAPI_STATUS_CONNECTED | TAPI_STATUS_INSERVICE, st.status);
	EXPECT_EQ(2, st.num_opens);
	EXPECT_EQ(1, st.num_owners);
	EXPECT_EQ(1, st.num_monitors);
	EXPECT_EQ(VOICE | FAX, st.open_media_modes);
	EXPECT_EQ(0, st.num_calls);

	id = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_RING, &ev, 3000));
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(1, st.num_calls);
	EXPECT_EQ(1, st.num_offering);
	EXPECT_EQ(0, st.num_active);
	EXPECT_EQ(ev.param[0], st.rings);
	ASSERT_EQ(0, line_status(self->a, &st));
	EXPECT_EQ(1, st.num_calls);
	EXPECT_EQ(1, st.num_active);
	EXPECT_EQ(1, st.num_opens);

	ASSERT_EQ(0, list_calls(self->b, (uint32_t *)&ev.call_id, 1) - 1);
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, ev.call_id));
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(1, st.num_active);
	EXPECT_EQ(0, st.num_offering);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	ASSERT_EQ(0, line_status(self->a, &st));
	EXPECT_EQ(0, st.num_calls);
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(1, st.num_calls);	/* disconnected, until B drops it */
	EXPECT_EQ(0, st.num_active);

	st = (struct tapi_line_status){ .flags = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_LINE_STATUS, &st));
	EXPECT_EQ(EINVAL, errno);
	st = (struct tapi_line_status){ .reserved[3] = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_LINE_STATUS, &st));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_LINE_STATUS, NULL));
	EXPECT_EQ(EFAULT, errno);
	close(mon);
}

TEST_F(call, a_calls_audio_stream_ends_with_the_call)
{
	struct tapi_audio_open ao = {
		.format = TAPI_AUDIO_LINEAR16, .chunk_ms = 20, .flags = O_NONBLOCK,
	};
	struct tapi_audio_open line_ao = ao;
	int16_t pcm[160] = { 0 };
	struct tapi_event ev;
	struct pollfd p;
	ssize_t r = -1;
	int id, k;

	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));
	id = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, ev.call_id));
	ao.call_id = id;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_AUDIO_OPEN, &ao));
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_AUDIO_OPEN, &line_ao));
	EXPECT_EQ((ssize_t)sizeof(pcm), write(ao.fd, pcm, sizeof(pcm)));
	usleep(100000);

	/* the other end hanging up leaves the call, and its stream, until dropped */
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_DROP, ev.call_id));
	usleep(50000);
	EXPECT_EQ((ssize_t)sizeof(pcm), write(ao.fd, pcm, sizeof(pcm)));
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	usleep(50000);

	p = (struct pollfd){ .fd = ao.fd, .events = POLLIN | POLLOUT };
	EXPECT_EQ(1, poll(&p, 1, 1000));
	EXPECT_TRUE(p.revents & POLLHUP);
	EXPECT_FALSE(p.revents & POLLOUT);
	/* what was heard before the end is still there, then end of file */
	for (k = 0; k < 20 && (r = read(ao.fd, pcm, sizeof(pcm))) > 0; k++)
		;
	EXPECT_EQ(0, r);
	EXPECT_EQ(-1, write(ao.fd, pcm, sizeof(pcm)));
	EXPECT_EQ(EPIPE, errno);
	close(ao.fd);
	/* the line's own stream goes on */
	usleep(50000);
	EXPECT_EQ((ssize_t)sizeof(pcm), read(line_ao.fd, pcm, sizeof(pcm)));
	close(line_ao.fd);
}

TEST_F(call, generation_on_a_call_stops_with_the_call)
{
	struct tapi_generate_tone t = {
		.tone = TAPI_TONE_DIAL, .zone = "de", .tag = 77,
	};
	struct tapi_event ev;
	int id = make_call(self->a, "", VOICE);

	ASSERT_LT(0, id);
	t.call_id = id;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_GENERATE_TONE, &t));
	usleep(100000);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	ASSERT_EQ(1, next_event(self->a, TAPI_EVENT_GENERATE, &ev, 3000));
	EXPECT_EQ(TAPI_GENERATE_TONE, ev.param[0]);
	EXPECT_EQ(TAPI_GENERATE_CANCELLED, ev.param[1]);
	EXPECT_EQ(77, ev.param[2]);
}

TEST_F(call, digits_on_a_call_carry_its_id)
{
	struct tapi_monitor_digits m = { .modes = TAPI_DIGITMODE_DTMF };
	struct tapi_event ev;
	int id, bid;

	id = call_a_to_b(self->a, self->b, &bid);
	ASSERT_LT(0, id);
	ASSERT_LT(0, bid);
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, bid));
	m.call_id = bid;
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_MONITOR_DIGITS, &m));
	ASSERT_EQ(0, dial(self->a, id, "7"));
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_DIGIT, &ev, 3000));
	EXPECT_EQ((unsigned int)bid, ev.call_id);
	EXPECT_EQ('7', ev.param[0]);
	EXPECT_EQ(TAPI_DIGIT_START, ev.param[2]);
	/* monitoring a call stops with it */
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_DROP, bid));
	usleep(300000);
	while (next_event(self->b, TAPI_EVENT_DIGIT, &ev, 0))
		;
	{
		int fd = open("/sys/kernel/debug/tapi_sim/1002/dtmf", O_WRONLY);

		ASSERT_LE(0, fd);
		ASSERT_EQ(1, write(fd, "9", 1));
		close(fd);
	}
	EXPECT_EQ(0, next_event(self->b, TAPI_EVENT_DIGIT, &ev, 500));
}

TEST_F(call, caller_id_is_heard_in_band)
{
	struct tapi_line_info info = { 0 };
	struct tapi_call_info ci;
	struct tapi_event ev;
	int id, bid;

	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_GET_LINE_INFO, &info));
	ASSERT_TRUE(info.caps & TAPI_LINE_CAP_CALLERID);
	id = call_a_to_b(self->a, self->b, &bid);
	ASSERT_LT(0, id);
	ASSERT_LT(0, bid);
	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_STREQ("", ci.caller_name);	/* not heard yet */
	EXPECT_EQ(0, ci.caller_flags);
	EXPECT_EQ(0, ci.cid_month);
	/* US exchanges send it in the silence after the first ring (2 s) */
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_INFO, &ev, 8000));
	EXPECT_EQ((unsigned int)bid, ev.call_id);
	EXPECT_EQ(TAPI_CALLINFO_CALLERID, ev.param[0]);
	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_STREQ("1001", ci.caller);
	EXPECT_STREQ("Line 1001", ci.caller_name);
	EXPECT_EQ(TAPI_PARTYID_ADDRESS | TAPI_PARTYID_NAME, ci.caller_flags);
	/* the exchange's date and time came with it */
	EXPECT_LE(1, ci.cid_month);
	EXPECT_GE(12, ci.cid_month);
	EXPECT_LE(1, ci.cid_day);
	EXPECT_GE(31, ci.cid_day);
	EXPECT_GE(23, ci.cid_hour);
	EXPECT_GE(59, ci.cid_minute);
	/* the caller's side hears none of it */
	EXPECT_EQ(0, next_event(self->a, TAPI_EVENT_CALL_INFO, &ev, 100));
}

TEST_F(call, hold_and_unhold)
{
	struct tapi_line_status st;
	struct tapi_call_info ci;
	int id, bid;

	id = call_a_to_b(self->a, self->b, &bid);
	ASSERT_LT(0, id);
	ASSERT_LT(0, bid);
	/* only a connected call can be held */
	EXPECT_EQ(-EBUSY, call_op(self->b, TAPI_IOC_HOLD, bid));
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, bid));
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	EXPECT_EQ(-EBUSY, call_op(self->a, TAPI_IOC_UNHOLD, id));

	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_HOLD, id));
	EXPECT_STATE(self->a, id, TAPI_CALL_ONHOLD, TAPI_PRIV_OWNER);
	ASSERT_EQ(0, line_status(self->a, &st));
	EXPECT_EQ(1, st.num_onhold);
	EXPECT_EQ(0, st.num_active);
	EXPECT_EQ(-EBUSY, call_op(self->a, TAPI_IOC_HOLD, id));
	EXPECT_EQ(-EBUSY, dial(self->a, id, "1"));
	EXPECT_EQ(-ENOENT, call_op(self->b, TAPI_IOC_HOLD, id));
	/* the other end stays connected */
	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_EQ(TAPI_CALL_CONNECTED, ci.state);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_UNHOLD, id));
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	/* hanging up while held still disconnects the other end */
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_HOLD, id));
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	EXPECT_STATE(self->b, bid, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(self->b, bid, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
}

TEST_F(call, pulse_dialing_reaches_the_called_line)
{
	struct tapi_generate_digits g = {
		.mode = TAPI_DIGIT_PULSE, .off_ms = 300, .tag = 5, .digits = "1002",
	};
	struct tapi_call_info ci;
	struct tapi_event ev;
	int id, bid;

	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));
	id = make_call(self->a, "", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER);
	/* 23 breaks of the loop at 10 a second: the exchange counts them */
	g.call_id = id;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_GENERATE_DIGITS, &g));
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	ASSERT_EQ(1, next_event(self->a, TAPI_EVENT_CALL_STATE, &ev, 8000));
	EXPECT_EQ(TAPI_CALL_RINGBACK, ev.param[0]);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_STREQ("1001", ci.caller);
	EXPECT_STREQ("1002", ci.called);
	ASSERT_EQ(1, next_event(self->a, TAPI_EVENT_GENERATE, &ev, 3000));
	EXPECT_EQ(TAPI_GENERATE_DIGITS, ev.param[0]);
	EXPECT_EQ(TAPI_GENERATE_DONE, ev.param[1]);
	EXPECT_EQ(5, ev.param[2]);
}

/* Listen on line @fd for the US zone's dial tone, ringback, busy and SIT. */
static int monitor_exchange_tones(int fd)
{
	struct tapi_monitor_tones m = {
		.count = 4,
		.tones = {
			{ .tag = 1, .duration_ms = 300, .freq = { 350, 440 } },
			{ .tag = 2, .duration_ms = 500, .freq = { 440, 480 } },
			{ .tag = 3, .duration_ms = 300, .freq = { 480, 620 } },
			{ .tag = 4, .duration_ms = 150, .freq = { 914 } },
		},
	};

	return ioctl(fd, TAPI_IOC_MONITOR_TONES, &m) ? -errno : 0;
}

/* The tag of the next tone heard on @fd within @ms, or 0. */
static unsigned int next_tone(int fd, int ms)
{
	struct tapi_event ev;

	return next_event(fd, TAPI_EVENT_TONE, &ev, ms) ? ev.param[0] : 0;
}

TEST_F(call, the_exchange_plays_its_tones_and_hears_dtmf_dialing)
{
	struct tapi_generate_digits g = {
		.mode = TAPI_DIGIT_DTMF, .on_ms = 80, .off_ms = 80, .level = -100,
		.digits = "1002",
	};
	struct tapi_event ev;
	int id, bid;

	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));
	ASSERT_EQ(0, monitor_exchange_tones(self->a));
	/* off hook: dial tone, until the first digit */
	id = make_call(self->a, "", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER);
	EXPECT_EQ(1, next_tone(self->a, 2000));
	/* keyed in-band: the exchange hears the number and routes it */
	g.call_id = id;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_GENERATE_DIGITS, &g));
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	EXPECT_EQ(2, next_tone(self->a, 3000));	/* ringback */
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, bid));
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	drain(self->a);

	/* B is in a call of its own: busy, and busy tone */
	bid = make_call(self->b, "", VOICE);
	ASSERT_LT(0, bid);
	id = make_call(self->a, "1002", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_BUSY, TAPI_PRIV_OWNER);
	EXPECT_EQ(3, next_tone(self->a, 3000));
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	drain(self->a);

	/* a vacant number: SIT */
	id = make_call(self->a, "9999", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_SPECIALINFO, TAPI_PRIV_OWNER);
	EXPECT_EQ(4, next_tone(self->a, 3000));
}

/* Tell tapi_sim how line @number's far end behaves. */
static int far_end(const char *number, const char *script)
{
	return sim_write(number, "far_end", script);
}

static int sim_fault(const char *number, const char *fault)
{
	return sim_write(number, "faults", fault);
}

/* Statistic @key of tapi_sim line @number, or -1. */
static long long sim_stat(const char *number, const char *key)
{
	char path[96], line[96], k[64];
	long long v, found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/%s/stats", number);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", k, &v) == 2 && !strcmp(k, key))
			found = v;
	fclose(f);
	return found;
}

TEST_F(call, scripted_far_ends_answer_key_digits_hang_up_refuse)
{
	long long placed = sim_stat("1001", "calls_placed");
	long long connected = sim_stat("1003", "calls_connected");
	long long busy = sim_stat("1001", "calls_busy");
	long long rejected = sim_stat("1001", "calls_rejected");
	long long ticks = sim_stat("1001", "ticks");
	struct tapi_event ev;
	char got[8] = "";
	int id, n = 0;

	ASSERT_LE(0, placed);
	ASSERT_LE(0, sim_stat("1001", "ticks_late"));

	/* answers on the first ring, keys 42 to the caller, hangs up 1.5 s later */
	ASSERT_EQ(0, far_end("1003", "answer 1 digits 42 hangup 1500"));
	id = make_call(self->a, "1003", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	while (n < 2 && next_event(self->a, TAPI_EVENT_DIGIT, &ev, 3000))
		if (ev.param[2] == TAPI_DIGIT_START)
			got[n++] = ev.param[0];
	EXPECT_STREQ("42", got);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(self->a, id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	drain(self->a);

	ASSERT_EQ(0, far_end("1003", "busy"));
	id = make_call(self->a, "1003", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_BUSY, TAPI_PRIV_OWNER);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	drain(self->a);

	ASSERT_EQ(0, far_end("1003", "reject\n"));
	id = make_call(self->a, "1003", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_EQ(TAPI_DISCONNECT_REJECT,
		  EXPECT_STATE(self->a, id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));

	EXPECT_EQ(-EINVAL, far_end("1003", "answer"));
	EXPECT_EQ(-EINVAL, far_end("1003", "answer x"));
	EXPECT_EQ(-EINVAL, far_end("1003", "answer 1 digits 4x"));
	EXPECT_EQ(-EINVAL, far_end("1003", "answer 1 hangup"));
	EXPECT_EQ(-EINVAL, far_end("1003", "busy now"));
	EXPECT_EQ(-EINVAL, far_end("1003", "fly"));
	ASSERT_EQ(0, far_end("1003", "none"));

	/* the exchange counted all of it */
	EXPECT_EQ(placed + 3, sim_stat("1001", "calls_placed"));
	EXPECT_EQ(connected + 1, sim_stat("1003", "calls_connected"));
	EXPECT_EQ(busy + 1, sim_stat("1001", "calls_busy"));
	EXPECT_EQ(rejected + 1, sim_stat("1001", "calls_rejected"));
	EXPECT_LT(ticks + 1000, sim_stat("1001", "ticks"));
}

TEST_F(call, a_driver_replying_late_delays_only_its_request)
{
	struct tapi_line_status st = { 0 };
	struct timespec t0, t1;
	int id;

	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));
	ASSERT_EQ(0, sim_fault("1001", "reply_delay 400"));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	id = make_call(self->a, "1002", VOICE);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ASSERT_LT(0, id);
	EXPECT_LE(380, (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	/* the call goes on as ever */
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	/* the line answers other requests meanwhile */
	EXPECT_EQ(0, ioctl(self->a, TAPI_IOC_LINE_STATUS, &st));
	EXPECT_EQ(1, st.num_calls);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	EXPECT_STATE(self->a, id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	ASSERT_EQ(0, sim_fault("1001", "none"));
}

TEST_F(call, call_ioctls_reject_bad_input)
{
	struct tapi_privileges p;
	struct tapi_make_call m;
	struct tapi_dial d;
	struct tapi_call_op op;
	struct tapi_call_list l;
	struct tapi_call_info ci;
	struct tapi_call_privilege cp;
	struct tapi_handoff h;
	int id;

	/* privileges: only meaningful combinations */
	EXPECT_EQ(-EINVAL, set_priv(self->a, 0, 0, 0));
	EXPECT_EQ(-EINVAL, set_priv(self->a, 8, 0, 0));
	EXPECT_EQ(-EINVAL, set_priv(self->a, TAPI_PRIV_NONE | TAPI_PRIV_MONITOR, 0, 0));
	EXPECT_EQ(-EINVAL, set_priv(self->a, TAPI_PRIV_OWNER, 0, 0));
	EXPECT_EQ(-EINVAL, set_priv(self->a, TAPI_PRIV_OWNER, 1, 0));
	EXPECT_EQ(-EINVAL, set_priv(self->a, TAPI_PRIV_OWNER, 0x10000, 0));
	EXPECT_EQ(-EINVAL, set_priv(self->a, TAPI_PRIV_MONITOR, VOICE, 0));
	EXPECT_EQ(-EINVAL, set_priv(self->a, TAPI_PRIV_NONE, 0, 3));
	p = (struct tapi_privileges){ .privileges = TAPI_PRIV_NONE, .reserved[4] = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_SET_PRIVILEGES, &p));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_SET_PRIVILEGES, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, set_priv(self->a, TAPI_PRIV_NONE, 0, 0));
	EXPECT_EQ(0, set_priv(self->a, TAPI_PRIV_OWNER | TAPI_PRIV_MONITOR, TAPI_MEDIA_ALL, 7));

	/* making calls */
	EXPECT_EQ(-EINVAL, make_call(self->a, "1002x", VOICE));
	EXPECT_EQ(-EINVAL, make_call(self->a, "1002", VOICE | FAX));
	EXPECT_EQ(-EINVAL, make_call(self->a, "1002", 1));
	EXPECT_EQ(-EINVAL, make_call(self->a, "1002", 0x10000));
	memset(&m, 0, sizeof(m));
	memset(m.dial, '1', sizeof(m.dial));	/* not terminated */
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_MAKE_CALL, &m));
	EXPECT_EQ(EINVAL, errno);
	m = (struct tapi_make_call){ .flags = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_MAKE_CALL, &m));
	EXPECT_EQ(EINVAL, errno);
	m = (struct tapi_make_call){ .reserved[2] = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_MAKE_CALL, &m));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_MAKE_CALL, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, list_calls(self->a, NULL, 0));	/* nothing was left behind */

	/* unknown calls, call 0 included */
	EXPECT_EQ(-ENOENT, call_op(self->a, TAPI_IOC_ANSWER, 0));
	EXPECT_EQ(-ENOENT, call_op(self->a, TAPI_IOC_DROP, 12345));
	EXPECT_EQ(-ENOENT, call_op(self->a, TAPI_IOC_ACCEPT, 12345));
	EXPECT_EQ(-ENOENT, dial(self->a, 12345, "1"));
	EXPECT_EQ(-ENOENT, call_priv(self->a, 12345, TAPI_PRIV_OWNER));
	EXPECT_EQ(-ENOENT, handoff(self->a, 12345, VOICE));
	EXPECT_EQ(-ENOENT, call_info(self->a, 12345, &ci));

	id = make_call(self->a, "", VOICE);
	ASSERT_LT(0, id);
	/* every request's flags and reserved fields */
	EXPECT_EQ(-EINVAL, dial(self->a, id, ""));
	EXPECT_EQ(-EINVAL, dial(self->a, id, "1?"));
	d = (struct tapi_dial){ .call_id = id, .flags = 1, .dial = "1" };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_DIAL, &d));
	EXPECT_EQ(EINVAL, errno);
	d = (struct tapi_dial){ .call_id = id, .reserved[5] = 1, .dial = "1" };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_DIAL, &d));
	EXPECT_EQ(EINVAL, errno);
	op = (struct tapi_call_op){ .call_id = id, .flags = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_DROP, &op));
	EXPECT_EQ(EINVAL, errno);
	op = (struct tapi_call_op){ .call_id = id, .reserved[1] = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_ANSWER, &op));
	EXPECT_EQ(EINVAL, errno);
	cp = (struct tapi_call_privilege){ .call_id = id, .privilege = 3 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_SET_CALL_PRIVILEGE, &cp));
	EXPECT_EQ(EINVAL, errno);
	cp = (struct tapi_call_privilege){ .call_id = id, .privilege = TAPI_PRIV_OWNER,
					   .reserved[0] = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_SET_CALL_PRIVILEGE, &cp));
	EXPECT_EQ(EINVAL, errno);
	h = (struct tapi_handoff){ .call_id = id, .media_mode = VOICE, .reserved[1] = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_HANDOFF, &h));
	EXPECT_EQ(EINVAL, errno);
	l = (struct tapi_call_list){ .flags = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_LIST_CALLS, &l));
	EXPECT_EQ(EINVAL, errno);
	l = (struct tapi_call_list){ .ids = 8, .count = 4 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_LIST_CALLS, &l));
	EXPECT_EQ(EFAULT, errno);
	ci = (struct tapi_call_info){ .call_id = id, .flags = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_CALL_INFO, &ci));
	EXPECT_EQ(EINVAL, errno);
	ci = (struct tapi_call_info){ .call_id = id, .reserved[5] = 1 };
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_CALL_INFO, &ci));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->a, TAPI_IOC_CALL_INFO, (void *)8));
	EXPECT_EQ(EFAULT, errno);

	/* the call is untouched by all that */
	ASSERT_EQ(0, call_info(self->a, id, &ci));
	EXPECT_EQ(TAPI_CALL_DIALTONE, ci.state);
	EXPECT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
}

/* Closing with calls in every state leaves the lines idle and usable. */
TEST(closing_files_with_calls_leaves_idle_lines)
{
	int round;

	for (round = 0; round < 20; round++) {
		int a = open_line(LINE_A), b = open_line(LINE_B), c = open_line(LINE_C);
		struct tapi_event ev;

		ASSERT_LE(0, a);
		ASSERT_LE(0, b);
		ASSERT_LE(0, c);
		ASSERT_EQ(0, set_priv(b, TAPI_PRIV_OWNER, VOICE, 0));
		ASSERT_LT(0, make_call(a, "1002", VOICE));
		ASSERT_LT(0, make_call(c, round & 1 ? "1002" : "", VOICE));
		if (round % 3 && next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000) &&
		    round % 3 == 2)
			call_op(b, TAPI_IOC_ANSWER, ev.call_id);
		close(round & 2 ? a : b);
		close(c);
		close(round & 2 ? b : a);
	}
	/* the lines are free: a call goes through */
	{
		int a = open_line(LINE_A), id;

		ASSERT_LE(0, a);
		id = make_call(a, "1003", VOICE);
		ASSERT_LT(0, id);
		EXPECT_STATE(a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
		EXPECT_STATE(a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
		close(a);
	}
}

/*
 * The driver goes away in the middle of calls: every file sees the line
 * gone, nothing oopses or leaks (the debug kernel checks), and the driver
 * comes back with idle lines. Needs TAPI_SIM_KO, the path of tapi_sim.ko.
 */
TEST(calls_end_when_the_driver_goes)
{
	const char *ko = getenv("TAPI_SIM_KO");
	struct tapi_call_info ci;
	struct tapi_event ev;
	int a, b, c, mfd, id, k;

	if (!ko)
		SKIP(return, "TAPI_SIM_KO not set");
	a = open_line(LINE_A);
	b = open_line(LINE_B);
	c = open_line(LINE_C);
	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_LE(0, c);
	ASSERT_EQ(0, set_priv(b, TAPI_PRIV_OWNER, VOICE, 0));
	id = make_call(a, "1002", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	ASSERT_EQ(0, call_op(b, TAPI_IOC_ANSWER, ev.call_id));
	EXPECT_STATE(a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_STATE(a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	/* and one call still being routed */
	ASSERT_LT(0, make_call(c, "1004", VOICE));

	ASSERT_EQ(0, syscall(SYS_delete_module, "tapi_sim", O_NONBLOCK));

	EXPECT_EQ(-ENODEV, call_info(a, id, &ci));
	EXPECT_EQ(-ENODEV, call_op(a, TAPI_IOC_DROP, id));
	EXPECT_EQ(-ENODEV, make_call(b, "1001", VOICE));
	EXPECT_EQ(-ENODEV, set_priv(c, TAPI_PRIV_MONITOR, 0, 0));
	close(a);
	close(b);
	close(c);

	mfd = open(ko, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, mfd);
	ASSERT_EQ(0, syscall(SYS_finit_module, mfd, "", 0));
	close(mfd);
	for (k = 0; k < 100 && access(LINE_C, F_OK); k++)
		usleep(10000);
	a = open_line(LINE_A);
	ASSERT_LE(0, a);
	EXPECT_EQ(0, list_calls(a, NULL, 0));
	id = make_call(a, "1003", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	close(a);
}

TEST_HARNESS_MAIN
