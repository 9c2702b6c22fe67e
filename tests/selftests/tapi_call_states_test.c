// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for calls between tapi_sim's lines 1001 (/dev/tapi0) to 1004
 * (/dev/tapi3) and their states: a call ringing, connecting and hanging
 * up, a bad address, busy and rejection, digits after the dial string,
 * a call nobody owns, the line's status counting calls, hold, files
 * closing with calls in every state, and the driver going away in the
 * middle of calls. What a line does with calls of its own and what every
 * call ioctl refuses, which need no exchange, are tapi-compliance's
 * (tools/).
 *
 * Environment: TAPI_SIM_KO, the path of tapi_sim.ko, enables the test that
 * unloads and reloads the driver (without it, it skips).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "call_fixture.h"

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
