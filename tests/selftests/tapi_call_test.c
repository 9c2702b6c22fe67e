// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for calls on /dev/tapiN, run in the VMs against tapi_sim's
 * lines 1001 (/dev/tapi0) to 1004 (/dev/tapi3): calls between lines and
 * their states, TAPI's privileges across several open files and several
 * processes (routing by media mode and priority, monitors, handoff, an
 * owner exiting); the lines' telephones as phone devices
 * (/dev/tapiphoneN): their state, owners' changes, the handset and keypad
 * making calls, the ringer and display following them. What a line does
 * with calls of its own and what every call ioctl refuses, which need no
 * exchange, are tapi-compliance's (tools/).
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
#include "call_util.h"

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
	/* An ended call is gone, but for its description (1.8). */
	ASSERT_EQ(0, call_info(self->a, id, &ci));
	EXPECT_EQ(TAPI_CALL_IDLE, ci.state);
	EXPECT_EQ(TAPI_ORIGIN_OUTBOUND, ci.origin);
	EXPECT_STREQ("1002", ci.called);
	EXPECT_EQ(-ENOENT, call_op(self->a, TAPI_IOC_DROP, id));
}

/*
 * A call that ended can still be described to the files that knew it (its
 * last TAPI_ENDED_CALLS), as it was: a monitor behind its events learns who
 * called whom of a call dropped the moment it was made. Files that did not
 * know the call, and every other ioctl, get ENOENT.
 */
TEST_F(call, ended_calls_are_described_to_the_files_that_knew_them)
{
	int mon = open_line(LINE_B), stranger = open_line(LINE_A);
	int ids[TAPI_ENDED_CALLS + 1], bid, id, i;
	struct tapi_call_info ci;
	struct tapi_event ev;
	uint8_t data;
	struct tapi_call_data cd = { .data = (uintptr_t)&data, .size = 1 };

	ASSERT_LE(0, mon);
	ASSERT_LE(0, stranger);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));

	/* made and dropped at once; the monitor reads nothing until after */
	id = call_a_to_b(self->a, self->b, &bid);
	ASSERT_LT(0, id);
	ASSERT_LT(0, bid);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_DROP, bid));
	ASSERT_EQ(-ENOENT, call_op(self->b, TAPI_IOC_DROP, bid));	/* it ended */
	ASSERT_EQ(1, next_event(mon, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(bid, ev.call_id);
	ASSERT_EQ(0, call_info(mon, bid, &ci));
	EXPECT_EQ(TAPI_CALL_IDLE, ci.state);
	EXPECT_EQ(TAPI_PRIV_MONITOR, ci.privilege);
	EXPECT_EQ(TAPI_ORIGIN_INTERNAL, ci.origin);
	EXPECT_STREQ("1001", ci.caller);
	EXPECT_STREQ("1002", ci.called);
	EXPECT_LE(ci.created_ns, ci.state_ns);
	EXPECT_EQ(0, ci.call_data_size);
	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_EQ(TAPI_PRIV_OWNER, ci.privilege);

	/* only the files that knew it; and nothing but its description */
	EXPECT_EQ(-ENOENT, call_info(stranger, id, &ci));
	EXPECT_EQ(-ENOENT, call_op(mon, TAPI_IOC_DROP, bid));
	EXPECT_EQ(-ENOENT, call_priv(self->b, bid, TAPI_PRIV_OWNER));
	cd.call_id = bid;
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_CALL_DATA, &cd));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-ENOENT, call_info(self->a, 0, &ci));

	/* the last TAPI_ENDED_CALLS: the oldest goes */
	for (i = 0; i < TAPI_ENDED_CALLS + 1; i++) {
		ids[i] = make_call(self->a, "1003", VOICE);
		ASSERT_LT(0, ids[i]);
		ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, ids[i]));
	}
	EXPECT_EQ(-ENOENT, call_info(self->a, ids[0], &ci));
	for (i = 1; i < TAPI_ENDED_CALLS + 1; i++) {
		ASSERT_EQ(0, call_info(self->a, ids[i], &ci)) TH_LOG("call %d", i);
		EXPECT_EQ(ids[i], ci.call_id);
		EXPECT_EQ(TAPI_CALL_IDLE, ci.state);
		EXPECT_STREQ("1003", ci.called);
	}
	close(mon);
	close(stranger);
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
	/* who holds it, whichever file asks (1.10) */
	EXPECT_EQ(1, ci.num_owners);
	EXPECT_EQ(1, ci.num_monitors);
	ASSERT_EQ(0, call_info(self->a, id, &ci));
	EXPECT_EQ(1, ci.num_owners);
	EXPECT_EQ(1, ci.num_monitors);

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
	/* ended: who held it then, the monitor an owner by then */
	ASSERT_EQ(0, call_info(self->a, id, &ci));
	EXPECT_EQ(TAPI_CALL_IDLE, ci.state);
	EXPECT_EQ(2, ci.num_owners);
	EXPECT_EQ(0, ci.num_monitors);
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
	st = (struct tapi_line_status){ .reserved[2] = 1 };
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

/* Statistic @key of tapi_sim line @number (NULL: all lines summed), or -1. */
static long long sim_stat(const char *number, const char *key)
{
	char path[96], line[96], k[64];
	long long v, found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/%s%sstats",
		 number ? number : "", number ? "/" : "");
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
	EXPECT_EQ(-EINVAL, far_end("1003", "answer 1 tone 4000"));
	EXPECT_EQ(-EINVAL, far_end("1003", "answer 1 tone 440+"));
	EXPECT_EQ(-EINVAL, far_end("1003", "answer 1 tone 440 pattern"));
	EXPECT_EQ(-EINVAL, far_end("1003", "answer 1 pattern pattern"));
	EXPECT_EQ(-EINVAL, far_end("1003", "fly"));
	ASSERT_EQ(0, far_end("1003", "none"));

	/* the exchange counted all of it */
	EXPECT_EQ(placed + 3, sim_stat("1001", "calls_placed"));
	EXPECT_EQ(connected + 1, sim_stat("1003", "calls_connected"));
	EXPECT_EQ(busy + 1, sim_stat("1001", "calls_busy"));
	EXPECT_EQ(rejected + 1, sim_stat("1001", "calls_rejected"));
	EXPECT_LT(ticks + 1000, sim_stat("1001", "ticks"));
}

/* The pattern's next sample, as tapi_sim makes it (16-bit Galois LFSR). */
static uint16_t lfsr_next(uint16_t x)
{
	return (x >> 1) ^ (-(x & 1) & 0xb400);
}

TEST_F(call, scripted_far_ends_play_a_tone_or_a_checkable_pattern)
{
	struct tapi_monitor_tones m = {
		.count = 1, .tones = { { .tag = 3, .duration_ms = 300, .freq = { 1000, 1300 } } },
	};
	struct tapi_audio_open ao = {
		.format = TAPI_AUDIO_LINEAR16, .chunk_ms = 20,
	};
	int16_t pcm[8 * 160];
	struct tapi_event ev;
	size_t k, bad = 0;
	int id;

	/* a dual tone, heard by the caller once the far end has answered */
	ASSERT_EQ(0, far_end("1003", "answer 0 tone 1000+1300 hangup 3000"));
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_MONITOR_TONES, &m));
	id = make_call(self->a, "1003", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	ASSERT_EQ(1, next_event(self->a, TAPI_EVENT_TONE, &ev, 3000));
	EXPECT_EQ(3, ev.param[0]);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	drain(self->a);
	memset(&m, 0, sizeof(m));	/* stop listening */
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_MONITOR_TONES, &m));

	/* the pattern: every sample received is the one before it, stepped */
	ASSERT_EQ(0, far_end("1003", "answer 0 pattern"));
	id = make_call(self->a, "1003", VOICE);
	ASSERT_LT(0, id);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	ao.call_id = id;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_AUDIO_OPEN, &ao));
	/* what came before the answer is in the first chunks: skip them */
	for (k = 0; k < 3; k++)
		ASSERT_EQ((ssize_t)(160 * 2), read(ao.fd, pcm, 160 * 2));
	/* a read returns the whole chunks ready: gather eight */
	for (k = 0; k < sizeof(pcm); ) {
		ssize_t r = read(ao.fd, (char *)pcm + k, sizeof(pcm) - k);

		ASSERT_LT(0, r);
		k += r;
	}
	for (k = 1; k < 8 * 160; k++)
		bad += (uint16_t)pcm[k] != lfsr_next((uint16_t)pcm[k - 1]);
	EXPECT_EQ(0, bad) TH_LOG("%zu of %d samples off the pattern", bad, 8 * 160 - 1);
	close(ao.fd);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	ASSERT_EQ(0, far_end("1003", "none"));
}

TEST_F(call, the_telephone_calls_at_a_given_time_and_keys_digits)
{
	struct tapi_call_info ci = { 0 };
	struct timespec t0, t1;
	struct tapi_event ev;
	char got[8] = "";
	int id, bid, n = 0;

	ASSERT_EQ(0, set_priv(self->a, TAPI_PRIV_OWNER, VOICE, 0));
	ASSERT_EQ(0, set_priv(self->b, TAPI_PRIV_OWNER, VOICE, 0));
	/* in 500 ms, 1001's telephone goes off-hook and keys 1002 */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, sim_write("1001", "hook", "at 500 call 1002"));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_GT(300, (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	EXPECT_EQ(-EBUSY, sim_write("1001", "hook", "on"));
	ASSERT_EQ(1, next_event(self->a, TAPI_EVENT_CALL_STATE, &ev, 3000));
	id = ev.call_id;
	EXPECT_EQ(TAPI_CALL_DIALTONE, ev.param[0]);
	EXPECT_EQ(TAPI_PRIV_OWNER, ev.param[2]);
	EXPECT_LE(480, (ev.timestamp_ns - (t0.tv_sec * 1000000000ull + t0.tv_nsec)) / 1000000);
	EXPECT_STATE(self->a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	ASSERT_EQ(1, next_event(self->b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	ci.call_id = bid;
	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_STREQ("1001", ci.caller);
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_ANSWER, bid));
	EXPECT_STATE(self->a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	drain(self->b);

	/* the keypad on a connected call: the far end hears the digits */
	ASSERT_EQ(0, sim_write("1001", "hook", "keys 7#"));
	while (n < 2 && next_event(self->b, TAPI_EVENT_DIGIT, &ev, 3000))
		if (ev.param[2] == TAPI_DIGIT_START)
			got[n++] = ev.param[0];
	EXPECT_STREQ("7#", got);
	EXPECT_EQ(-EINVAL, sim_write("1001", "hook", "keys 7x"));
	EXPECT_EQ(-EINVAL, sim_write("1001", "hook", "at soon flash"));
	EXPECT_EQ(-EINVAL, sim_write("1001", "hook", "at 600001 flash"));
	EXPECT_EQ(-EINVAL, sim_write("1001", "hook", "call"));

	/* hanging up at a given time: the far end is disconnected */
	ASSERT_EQ(0, sim_write("1001", "hook", "at 100 on"));
	EXPECT_STATE(self->a, id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(self->b, bid, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
}

TEST_F(call, the_exchange_counts_its_lines_audio_overruns_and_underruns)
{
	struct tapi_audio_open ao = {
		.format = TAPI_AUDIO_LINEAR16, .chunk_ms = 20, .flags = O_NONBLOCK,
	};
	long long over0 = sim_stat("1001", "audio_overruns");
	long long under0 = sim_stat("1001", "audio_underruns");
	long long all0 = sim_stat(NULL, "audio_overruns");
	struct tapi_audio_stats st = { 0 };
	int16_t pcm[160] = { 0 };

	ASSERT_LE(0, over0);
	ASSERT_LE(0, under0);
	ASSERT_LE(over0, all0);
	EXPECT_LE(4, sim_stat(NULL, "lines"));
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_AUDIO_OPEN, &ao));
	/* nobody reads for 300 ms: the 128 ms ring overflows */
	usleep(300000);
	/* one chunk written, then nothing: silence goes out after it */
	ASSERT_EQ((ssize_t)sizeof(pcm), write(ao.fd, pcm, sizeof(pcm)));
	usleep(100000);
	ASSERT_EQ(0, ioctl(ao.fd, TAPI_IOC_AUDIO_STATS, &st));
	close(ao.fd);
	EXPECT_LT(0, st.overruns);
	EXPECT_LT(0, st.underruns);
	/*
	 * The stream has ended: the line's totals hold what it counted (and
	 * the few ticks between the stats and the close)
	 */
	EXPECT_LE(over0 + (long long)st.overruns, sim_stat("1001", "audio_overruns"));
	EXPECT_GE(over0 + (long long)st.overruns + 500, sim_stat("1001", "audio_overruns"));
	EXPECT_LE(under0 + (long long)st.underruns, sim_stat("1001", "audio_underruns"));
	EXPECT_GE(under0 + (long long)st.underruns + 500, sim_stat("1001", "audio_underruns"));
	EXPECT_LE(all0 + (long long)st.overruns, sim_stat(NULL, "audio_overruns"));
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

/* The phone device on line /dev/tapi@line, opened; -errno if none. */
static int open_phone(unsigned int line)
{
	char name[16];

	snprintf(name, sizeof(name), "tapi%u", line);
	return sim_open_phone(name);
}

static int phone_set(int fd, unsigned int what, unsigned int index, unsigned int value,
		     unsigned int value2, const char *text)
{
	struct tapi_phone_set r = {
		.what = what, .index = index, .value = value, .value2 = value2,
	};

	if (text)
		snprintf(r.text, sizeof(r.text), "%s", text);
	return ioctl(fd, TAPI_IOC_PHONE_SET, &r) ? -errno : 0;
}

static int phone_priv(int fd, uint32_t priv)
{
	return ioctl(fd, TAPI_IOC_PHONE_PRIVILEGE, &priv) ? -errno : 0;
}

static int phone_events(int fd, unsigned int states, unsigned int modes, unsigned int bstates)
{
	struct tapi_phone_events e = {
		.phone_states = states, .button_modes = modes, .button_states = bstates,
	};

	return ioctl(fd, TAPI_IOC_PHONE_EVENTS, &e) ? -errno : 0;
}

static int phone_status(int fd, struct tapi_phone_status *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, TAPI_IOC_PHONE_STATUS, st) ? -errno : 0;
}

/* The next phone state event of @state on @fd within @ms: its param[1], or -1. */
static long long next_phone_state(int fd, unsigned int state, int ms)
{
	struct tapi_event ev;

	while (next_event(fd, TAPI_EVENT_PHONE_STATE, &ev, ms))
		if (ev.param[0] == state)
			return ev.param[1];
	return -1;
}

TEST(a_phone_describes_itself_and_its_line)
{
	struct tapi_phone_info info = { 0 };
	struct tapi_phone_status st;
	struct tapi_phone_button b = { .button = 13 };
	int ph = open_phone(0);

	ASSERT_LE(0, ph);
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_INFO, &info));
	EXPECT_EQ(0, info.line_id);
	EXPECT_STREQ("tapi_sim telephone 1001", info.name);
	EXPECT_STREQ("tapi_sim", info.driver);
	EXPECT_EQ(TAPI_HOOKSWITCH_HANDSET | TAPI_HOOKSWITCH_SPEAKER | TAPI_HOOKSWITCH_HEADSET,
		  info.hookswitch_devs);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK | TAPI_HOOKSWITCH_MICSPEAKER, info.hookswitch_modes[0]);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK | TAPI_HOOKSWITCH_SPEAKERON | TAPI_HOOKSWITCH_MICSPEAKER,
		  info.hookswitch_modes[1]);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK | TAPI_HOOKSWITCH_MICSPEAKER, info.hookswitch_modes[2]);
	EXPECT_EQ(2, info.display_rows);
	EXPECT_EQ(20, info.display_cols);
	EXPECT_EQ(14, info.num_buttons);
	EXPECT_EQ(3, info.num_ring_modes);
	EXPECT_LT(0, info.event_queue_len);

	ASSERT_EQ(0, phone_status(ph, &st));
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK, st.hookswitch[0]);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK, st.hookswitch[1]);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK, st.hookswitch[2]);
	EXPECT_EQ(0, st.ring_mode);
	EXPECT_EQ(TAPI_PHONE_LEVEL_MAX / 2, st.volume[0]);
	EXPECT_EQ(0, st.owners);
	EXPECT_EQ(1, st.monitors);
	EXPECT_EQ(40, strlen(st.display));
	EXPECT_EQ(40, strspn(st.display, " "));

	/* the keypad's buttons are 0-11, as TAPI numbers them; then flash, messages */
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &b));
	EXPECT_EQ(TAPI_BUTTON_MODE_FEATURE, b.mode);
	EXPECT_EQ(TAPI_BUTTON_FUNCTION_MSGINDICATOR, b.function);
	EXPECT_EQ(TAPI_LAMP_OFF, b.lamp);
	EXPECT_EQ(TAPI_LAMP_OFF | TAPI_LAMP_STEADY | TAPI_LAMP_FLASH, b.lamp_modes);
	EXPECT_STREQ("Messages", b.text);
	b = (struct tapi_phone_button){ .button = 11 };
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &b));
	EXPECT_EQ(TAPI_BUTTON_MODE_KEYPAD, b.mode);
	EXPECT_EQ(TAPI_BUTTON_UP, b.state);
	EXPECT_EQ(0, b.lamp_modes);
	EXPECT_STREQ("#", b.text);
	/* what it refuses, and the ioctls that are not a phone's: tapi-compliance */
	close(ph);
}

TEST(owners_change_the_phone_and_monitors_see_it)
{
	struct tapi_phone_button b = { .button = 12 };
	struct tapi_phone_status st;
	struct tapi_event ev;
	int own = open_phone(1), mon = open_phone(1);

	ASSERT_LE(0, own);
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, phone_events(mon, TAPI_PHONESTATES, 0, 0));
	/* only owners change it (a monitor's EPERM: tapi-compliance) */
	ASSERT_EQ(0, phone_priv(own, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, phone_status(mon, &st));
	EXPECT_EQ(1, st.owners);
	EXPECT_EQ(1, st.monitors);

	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_RING, 0, 2, 0x8000, NULL));
	ASSERT_EQ(1, next_event(mon, TAPI_EVENT_PHONE_STATE, &ev, 1000));
	EXPECT_EQ(TAPI_PHONESTATE_RINGMODE, ev.param[0]);
	EXPECT_EQ(2, ev.param[1]);
	EXPECT_EQ(0x8000, ev.param[2]);
	EXPECT_EQ(0x8000, next_phone_state(mon, TAPI_PHONESTATE_RINGVOLUME, 1000));
	/* the owner asked for nothing: it hears nothing */
	EXPECT_EQ(0, next_event(own, TAPI_EVENT_PHONE_STATE, &ev, 100));
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_RING, 0, 0, 0x8000, NULL));
	EXPECT_EQ(0, next_phone_state(mon, TAPI_PHONESTATE_RINGMODE, 1000));

	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_LAMP, 13, TAPI_LAMP_FLASH, 0, NULL));
	ASSERT_EQ(1, next_event(mon, TAPI_EVENT_PHONE_STATE, &ev, 1000));
	EXPECT_EQ(TAPI_PHONESTATE_LAMP, ev.param[0]);
	EXPECT_EQ(13, ev.param[1]);
	EXPECT_EQ(TAPI_LAMP_FLASH, ev.param[2]);
	b = (struct tapi_phone_button){ .button = 13 };
	ASSERT_EQ(0, ioctl(mon, TAPI_IOC_PHONE_GET_BUTTON, &b));
	EXPECT_EQ(TAPI_LAMP_FLASH, b.lamp);
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_LAMP, 13, TAPI_LAMP_OFF, 0, NULL));

	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_DISPLAY, 1, 5, 0, "Hello"));
	EXPECT_EQ(1, next_phone_state(mon, TAPI_PHONESTATE_DISPLAY, 1000));
	ASSERT_EQ(0, phone_status(mon, &st));
	EXPECT_EQ(0, strncmp(st.display + 25, "Hello", 5));
	EXPECT_EQ(' ', st.display[24]);
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_DISPLAY, 0, 0, 0, ""));
	ASSERT_EQ(0, phone_status(mon, &st));
	EXPECT_EQ(40, strspn(st.display, " "));

	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_VOLUME, TAPI_HOOKSWITCH_HANDSET, 0x1234, 0, NULL));
	EXPECT_EQ(0x1234, next_phone_state(mon, TAPI_PHONESTATE_HANDSETVOLUME, 1000));
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_GAIN, TAPI_HOOKSWITCH_SPEAKER, 0xffff, 0, NULL));
	EXPECT_EQ(0xffff, next_phone_state(mon, TAPI_PHONESTATE_SPEAKERGAIN, 1000));
	ASSERT_EQ(0, phone_status(own, &st));
	EXPECT_EQ(0x1234, st.volume[0]);
	EXPECT_EQ(0xffff, st.gain[1]);
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_VOLUME, TAPI_HOOKSWITCH_HANDSET, 0x7fff, 0, NULL));
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_GAIN, TAPI_HOOKSWITCH_SPEAKER, 0x7fff, 0, NULL));

	/* a button's label is the owner's to change */
	b = (struct tapi_phone_button){ .button = 12, .mode = TAPI_BUTTON_MODE_FEATURE,
					.function = TAPI_BUTTON_FUNCTION_FLASH, .text = "Recall" };
	ASSERT_EQ(0, ioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b));
	memset(&b, 0, sizeof(b));
	b.button = 12;
	ASSERT_EQ(0, ioctl(mon, TAPI_IOC_PHONE_GET_BUTTON, &b));
	EXPECT_STREQ("Recall", b.text);
	/* what the phone cannot do: tapi-compliance, from its description */
	close(own);
	close(mon);
}

TEST(the_handset_and_keypad_make_a_call_the_ringer_and_display_follow)
{
	struct tapi_phone_status st;
	struct tapi_call_info ci;
	struct tapi_event ev;
	int p0 = open_phone(0), p1 = open_phone(1);
	int a = open_line(LINE_A), b = open_line(LINE_B);
	char keys[8] = "";
	int id, bid, n = 0, ringing = 0, shown = 0;

	ASSERT_LE(0, p0);
	ASSERT_LE(0, p1);
	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, set_priv(a, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(0, set_priv(b, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(0, phone_priv(p0, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, phone_priv(p1, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, phone_events(p0, TAPI_PHONESTATES, TAPI_BUTTON_MODE_KEYPAD, TAPI_BUTTON_DOWN));
	ASSERT_EQ(0, phone_events(p1, TAPI_PHONESTATES, 0, 0));

	/* the handset lifted by its owner: the line is off-hook, dial tone */
	ASSERT_EQ(0, phone_set(p0, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HANDSET,
			       TAPI_HOOKSWITCH_MICSPEAKER, 0, NULL));
	EXPECT_EQ(TAPI_HOOKSWITCH_MICSPEAKER,
		  next_phone_state(p0, TAPI_PHONESTATE_HANDSETHOOKSWITCH, 1000));
	ASSERT_EQ(1, next_event(a, TAPI_EVENT_CALL_STATE, &ev, 3000));
	id = ev.call_id;
	EXPECT_EQ(TAPI_CALL_DIALTONE, ev.param[0]);
	EXPECT_EQ(TAPI_PRIV_MONITOR, ev.param[2]);

	/* the keypad: buttons down (as asked), DTMF the exchange hears */
	ASSERT_EQ(0, sim_write("1001", "hook", "keys 1002"));
	while (n < 4 && next_event(p0, TAPI_EVENT_PHONE_BUTTON, &ev, 1000)) {
		EXPECT_EQ(TAPI_BUTTON_MODE_KEYPAD, ev.param[1]);
		EXPECT_EQ(TAPI_BUTTON_DOWN, ev.param[2]);
		keys[n++] = '0' + ev.param[0];
	}
	EXPECT_STREQ("1002", keys);
	EXPECT_STATE(a, id, TAPI_CALL_DIALING, TAPI_PRIV_MONITOR);
	EXPECT_STATE(a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_MONITOR);
	ASSERT_EQ(1, next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);

	/* 1002's telephone shows who calls (both rows written), and rings */
	while ((!ringing || !shown) && next_event(p1, TAPI_EVENT_PHONE_STATE, &ev, 3000)) {
		ringing |= ev.param[0] == TAPI_PHONESTATE_RINGMODE && ev.param[1] == 1;
		shown |= ev.param[0] == TAPI_PHONESTATE_DISPLAY && ev.param[1] == 1;
	}
	EXPECT_TRUE(ringing);
	EXPECT_TRUE(shown);
	ASSERT_EQ(0, phone_status(p1, &st));
	EXPECT_EQ(1, st.ring_mode);
	EXPECT_EQ(0, strncmp(st.display, "1001 ", 5)) TH_LOG("display '%s'", st.display);
	EXPECT_EQ(0, strncmp(st.display + 20, "Line 1001", 9));

	/* its speakerphone answers; the ringer stops */
	ASSERT_EQ(0, phone_set(p1, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_SPEAKER,
			       TAPI_HOOKSWITCH_MICSPEAKER, 0, NULL));
	EXPECT_STATE(b, bid, TAPI_CALL_CONNECTED, TAPI_PRIV_MONITOR);
	EXPECT_STATE(a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_MONITOR);
	EXPECT_EQ(0, next_phone_state(p1, TAPI_PHONESTATE_RINGMODE, 1000));
	ASSERT_EQ(0, call_info(b, bid, &ci));
	EXPECT_STREQ("1001", ci.caller);

	/* 1001 puts the handset down: its call ends, 1002's is cleared */
	ASSERT_EQ(0, phone_set(p0, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HANDSET,
			       TAPI_HOOKSWITCH_ONHOOK, 0, NULL));
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK,
		  next_phone_state(p0, TAPI_PHONESTATE_HANDSETHOOKSWITCH, 1000));
	EXPECT_STATE(a, id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(b, bid, TAPI_CALL_DISCONNECTED, TAPI_PRIV_MONITOR));
	/* the display is blank again */
	EXPECT_EQ(0, next_phone_state(p1, TAPI_PHONESTATE_DISPLAY, 1000));
	ASSERT_EQ(0, phone_status(p1, &st));
	EXPECT_EQ(40, strspn(st.display, " "));
	ASSERT_EQ(0, phone_set(p1, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_SPEAKER,
			       TAPI_HOOKSWITCH_ONHOOK, 0, NULL));

	/* the headset takes the line off-hook too, and back */
	ASSERT_EQ(0, phone_set(p0, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HEADSET,
			       TAPI_HOOKSWITCH_MICSPEAKER, 0, NULL));
	ASSERT_EQ(1, next_event(a, TAPI_EVENT_CALL_STATE, &ev, 3000));
	id = ev.call_id;
	EXPECT_EQ(TAPI_CALL_DIALTONE, ev.param[0]);
	ASSERT_EQ(0, phone_set(p0, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HEADSET,
			       TAPI_HOOKSWITCH_ONHOOK, 0, NULL));
	EXPECT_STATE(a, id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR);
	drain(p0);

	/* the handset lifted by hand (debugfs) is reported too */
	ASSERT_EQ(0, sim_write("1001", "hook", "off"));
	EXPECT_EQ(TAPI_HOOKSWITCH_MICSPEAKER,
		  next_phone_state(p0, TAPI_PHONESTATE_HANDSETHOOKSWITCH, 1000));
	ASSERT_EQ(0, sim_write("1001", "hook", "on"));
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK,
		  next_phone_state(p0, TAPI_PHONESTATE_HANDSETHOOKSWITCH, 1000));
	/* the exchange hears the on-hook a second later: the call it began ends */
	for (n = 0; n < 10 && next_event(a, TAPI_EVENT_CALL_STATE, &ev, 3000); n++)
		if (ev.param[0] == TAPI_CALL_IDLE)
			break;
	EXPECT_EQ(TAPI_CALL_IDLE, ev.param[0]);
	close(p0);
	close(p1);
	close(a);
	close(b);
}

static int call_set(int fd, struct tapi_call_set *s)
{
	return ioctl(fd, TAPI_IOC_SET_CALL, s) ? -errno : 0;
}

/* The next TAPI_EVENT_CALL_INFO on @fd within 3 s: what changed, or 0. */
static unsigned int next_info(int fd, unsigned int id)
{
	struct tapi_event ev;

	if (!next_event(fd, TAPI_EVENT_CALL_INFO, &ev, 3000) || ev.call_id != id)
		return 0;
	return ev.param[0];
}

/*
 * What an owner sets on a call, every file that knows it sees and is told
 * of; a file that knew nothing adopts the line's calls as a monitor, gets
 * the call handed over by its application's name.
 */
TEST_F(call, what_owners_set_every_file_of_the_call_sees)
{
	struct tapi_call_set s = { 0 };
	struct tapi_call_data cd = { 0 };
	struct tapi_handoff_name hn = { 0 };
	struct tapi_file_name fn = { 0 };
	struct tapi_call_list l = { 0 };
	struct tapi_call_info ci;
	char buf[8], big[TAPI_CALL_DATA_MAX + 1] = "";
	uint32_t ids[4];
	int bid, c;

	ASSERT_LT(0, call_a_to_b(self->a, self->b, &bid));
	ASSERT_LT(0, bid);
	c = open_line(LINE_B);
	ASSERT_LE(0, c);
	EXPECT_EQ(0, list_calls(c, ids, 4)) TH_LOG("a new file knows no call");
	l.ids = (uintptr_t)ids;
	l.count = 4;
	l.flags = TAPI_LIST_ADOPT;
	ASSERT_EQ(0, ioctl(c, TAPI_IOC_LIST_CALLS, &l));
	ASSERT_EQ(1, l.count);
	EXPECT_EQ((uint32_t)bid, ids[0]);
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(TAPI_PRIV_MONITOR, ci.privilege);
	EXPECT_EQ(TAPI_TREATMENT_RINGBACK, ci.treatment) TH_LOG("offered: ringback");
	l.flags = 2;
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_LIST_CALLS, &l));
	EXPECT_EQ(EINVAL, errno);

	/* set by the owner, told to both in the order of the bits */
	s = (struct tapi_call_set){ .call_id = bid,
		.what = TAPI_CALLSET_APPSPECIFIC | TAPI_CALLSET_CALLDATA,
		.app_specific = 0xabcd, .data_size = 5, .data = (uintptr_t)"hi!!" };
	ASSERT_EQ(0, call_set(self->b, &s));
	EXPECT_EQ(TAPI_CALLINFO_APPSPECIFIC, next_info(self->b, bid));
	EXPECT_EQ(TAPI_CALLINFO_CALLDATA, next_info(self->b, bid));
	EXPECT_EQ(TAPI_CALLINFO_APPSPECIFIC, next_info(c, bid));
	EXPECT_EQ(TAPI_CALLINFO_CALLDATA, next_info(c, bid));
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(0xabcd, ci.app_specific);
	EXPECT_EQ(5, ci.call_data_size);
	memset(buf, 'x', sizeof(buf));
	cd = (struct tapi_call_data){ .call_id = bid, .size = 3, .data = (uintptr_t)buf };
	ASSERT_EQ(0, ioctl(c, TAPI_IOC_CALL_DATA, &cd));
	EXPECT_EQ(5, cd.size) TH_LOG("the whole size");
	EXPECT_EQ(0, memcmp(buf, "hi!x", 4)) TH_LOG("only what fitted");
	cd.reserved[0] = 1;
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_CALL_DATA, &cd));
	EXPECT_EQ(EINVAL, errno);
	cd = (struct tapi_call_data){ .call_id = bid + 100, .size = 3, .data = (uintptr_t)buf };
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_CALL_DATA, &cd));
	EXPECT_EQ(ENOENT, errno);

	/* the media mode: one, or UNKNOWN with others */
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_MEDIAMODE,
				    .media_mode = TAPI_MEDIA_UNKNOWN | VOICE | FAX };
	ASSERT_EQ(0, call_set(self->b, &s));
	EXPECT_EQ(TAPI_CALLINFO_MEDIAMODE, next_info(c, bid));
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(TAPI_MEDIA_UNKNOWN | VOICE | FAX, ci.media_mode);
	s.media_mode = VOICE | FAX;
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));

	/* refused whole: nothing set, nobody told */
	drain(c);
	s = (struct tapi_call_set){ .call_id = bid,
		.what = TAPI_CALLSET_APPSPECIFIC | TAPI_CALLSET_CALLDATA,
		.app_specific = 1, .data_size = 4, .data = 8 };
	EXPECT_EQ(-EFAULT, call_set(self->b, &s));
	s.data = (uintptr_t)big;
	s.data_size = sizeof(big);
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_TREATMENT,
				    .treatment = TAPI_TREATMENT_MUSIC };
	EXPECT_EQ(-EOPNOTSUPP, call_set(self->b, &s)) TH_LOG("the exchange has no music");
	s.treatment = 5;
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s = (struct tapi_call_set){ .call_id = bid, .what = 0 };
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s.what = 0x10;
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_APPSPECIFIC,
				    .media_mode = VOICE };
	EXPECT_EQ(-EINVAL, call_set(self->b, &s)) TH_LOG("a field not set must be 0");
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_APPSPECIFIC };
	s.reserved[3] = 1;
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s.reserved[3] = 0;
	EXPECT_EQ(-EPERM, call_set(c, &s)) TH_LOG("a monitor may not");
	s.call_id = 0;
	EXPECT_EQ(-ENOENT, call_set(self->b, &s));
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(0xabcd, ci.app_specific);
	EXPECT_EQ(5, ci.call_data_size);
	EXPECT_EQ(0, next_info(c, bid)) TH_LOG("nobody told");

	/* treatment: recorded and told */
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_TREATMENT,
				    .treatment = TAPI_TREATMENT_BUSY };
	ASSERT_EQ(0, call_set(self->b, &s));
	EXPECT_EQ(TAPI_CALLINFO_TREATMENT, next_info(c, bid));
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(TAPI_TREATMENT_BUSY, ci.treatment);

	/* handed over by name */
	strcpy(fn.name, "ivr");
	ASSERT_EQ(0, ioctl(c, TAPI_IOC_SET_NAME, &fn));
	strcpy(fn.name, "pbx");
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_NAME, &fn));
	hn.call_id = bid;
	strcpy(hn.name, "nobody");
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(ESRCH, errno);
	strcpy(hn.name, "pbx");
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EALREADY, errno);
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EPERM, errno) TH_LOG("a monitor cannot give the call");
	hn.name[0] = 0;
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EINVAL, errno);
	memset(hn.name, 'a', sizeof(hn.name));
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EINVAL, errno);
	strcpy(hn.name, "ivr");
	hn.flags = 1;
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EINVAL, errno);
	hn.flags = 0;
	drain(c);
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_STATE(c, bid, TAPI_CALL_OFFERING, TAPI_PRIV_OWNER);
	memset(fn.name, 'a', sizeof(fn.name));
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_SET_NAME, &fn));
	EXPECT_EQ(EINVAL, errno);
	close(c);
}

/*
 * The fewest rings any file asked for; message waiting set by any file,
 * told to those that asked, shown on the telephone's Messages lamp.
 */
TEST_F(call, rings_to_answer_and_message_waiting)
{
	struct tapi_status_events se = { .line_states = TAPI_LINESTATE_MSGWAITON |
							TAPI_LINESTATE_MSGWAITOFF };
	struct tapi_phone_button btn = { .button = 13 };
	struct tapi_line_set ls = { .what = TAPI_LINESET_MSGWAIT, .value = 1 };
	struct tapi_line_status st;
	struct tapi_event ev;
	uint32_t rings = 4;
	int c, ph;

	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(TAPI_NUM_RINGS_NONE, st.num_rings);
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_NUM_RINGS, &rings));
	c = open_line(LINE_B);
	ASSERT_LE(0, c);
	rings = 2;
	ASSERT_EQ(0, ioctl(c, TAPI_IOC_SET_NUM_RINGS, &rings));
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(2, st.num_rings);
	close(c);
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(4, st.num_rings) TH_LOG("a closed file asks no more");
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_SET_NUM_RINGS, NULL));
	EXPECT_EQ(EFAULT, errno);

	ph = open_phone(1);
	ASSERT_LE(0, ph);
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_STATUS_EVENTS, &se));
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_SET_LINE, &ls)) TH_LOG("on line A: not B's");
	EXPECT_EQ(0, next_event(self->b, TAPI_EVENT_LINE_STATE, &ev, 200));
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	ASSERT_TRUE(next_event(self->b, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_MSGWAITON, ev.param[0]);
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_TRUE(st.status & TAPI_STATUS_MSGWAIT);
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	EXPECT_EQ(TAPI_LAMP_STEADY, btn.lamp) TH_LOG("the Messages lamp lights");
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	EXPECT_EQ(0, next_event(self->b, TAPI_EVENT_LINE_STATE, &ev, 200)) TH_LOG("no change");
	ls.value = 0;
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	ASSERT_TRUE(next_event(self->b, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_MSGWAITOFF, ev.param[0]);
	btn = (struct tapi_phone_button){ .button = 13 };
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	EXPECT_EQ(TAPI_LAMP_OFF, btn.lamp);
	ls.value = 2;
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	EXPECT_EQ(EINVAL, errno);
	ls = (struct tapi_line_set){ .what = 2 };
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	EXPECT_EQ(EINVAL, errno);
	ls = (struct tapi_line_set){ .what = TAPI_LINESET_MSGWAIT, .reserved = { 1 } };
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	EXPECT_EQ(EINVAL, errno);
	ls.reserved[0] = 0;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_SET_LINE, &ls));
	close(ph);
}

static int media_control(int fd, const struct tapi_media_control *m)
{
	return ioctl(fd, TAPI_IOC_MEDIA_CONTROL, m) ? -errno : 0;
}

/* Media control's rules are checked whole; only an owner sets them. */
TEST_F(call, media_control_rules_are_checked)
{
	struct tapi_media_control m = { 0 };
	int bid, id, mon;

	id = call_a_to_b(self->a, self->b, &bid);
	ASSERT_LT(0, id);
	ASSERT_LT(0, bid);
	m = (struct tapi_media_control){ .call_id = bid, .count = 2, .rules = {
		{ TAPI_MEDIARULE_DIGIT, '#', TAPI_DIGITMODE_DTMF, TAPI_MEDIACTL_RESET },
		{ TAPI_MEDIARULE_CALLSTATE, TAPI_CALL_CONNECTED, 0, TAPI_MEDIACTL_START },
	} };
	EXPECT_EQ(0, media_control(self->b, &m));
	EXPECT_EQ(-ENOENT, media_control(self->a, &m)) TH_LOG("not a call A knows");
	mon = open_line(LINE_B);
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));
	EXPECT_EQ(-EPERM, media_control(mon, &m)) TH_LOG("a monitor");
	close(mon);
	m.call_id = id;
	EXPECT_EQ(0, media_control(self->a, &m)) TH_LOG("A's own call");
	m.call_id = bid + 100;
	EXPECT_EQ(-ENOENT, media_control(self->b, &m));
	m.call_id = 0;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m)) TH_LOG("call states need a call");
	m.count = 1;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m)) TH_LOG("unused rules must be 0");
	m.rules[1] = (struct tapi_media_rule){ 0 };
	EXPECT_EQ(0, media_control(self->b, &m)) TH_LOG("B owns voice calls");
	EXPECT_EQ(-EPERM, media_control(self->a, &m)) TH_LOG("A owns none");
	m.call_id = bid;
	m.rules[0].match = 'x';
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].match = '5';
	m.rules[0].modes = TAPI_DIGITMODE_PULSE;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].modes = TAPI_DIGITMODE_DTMFEND;
	m.rules[0].action = 0x20;	/* LINEMEDIACONTROL_RATEUP */
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].action = TAPI_MEDIACTL_PAUSE | TAPI_MEDIACTL_RESUME;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].action = TAPI_MEDIACTL_PAUSE;
	m.rules[0].kind = 3;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].kind = TAPI_MEDIARULE_CALLSTATE;
	m.rules[0].match = TAPI_CALL_IDLE;
	m.rules[0].modes = 0;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m)) TH_LOG("idle ends the rules");
	m.rules[0].match = TAPI_CALL_ONHOLD;
	EXPECT_EQ(0, media_control(self->b, &m));
	m.count = TAPI_MEDIA_RULES_MAX + 1;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.count = 0;
	m.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m = (struct tapi_media_control){ .call_id = bid };
	EXPECT_EQ(0, media_control(self->b, &m)) TH_LOG("no rules: ended");
	EXPECT_EQ(-EFAULT, ioctl(self->b, TAPI_IOC_MEDIA_CONTROL, NULL) ? -errno : 0);
}

TEST_HARNESS_MAIN
