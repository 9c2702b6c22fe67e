// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for TAPI's privileges on calls across several open files and
 * processes, on tapi_sim's lines: a monitor seeing every state and
 * controlling nothing, handoff by media mode, new calls routed to the
 * highest priority owner of their media mode, and an owner that exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "call_fixture.h"

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

TEST_HARNESS_MAIN
