// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for what tapi_sim's exchange does per line, on exchanges made
 * through configfs: zones' ring cadences, the no-answer time, caller ID
 * timing and what follows the far end hanging up, a telephone's hook
 * making, answering and ending calls, call waiting with its flash, and a
 * withheld number.
 *
 * Needs tapi_sim loaded with its default exchange (lines 1001-1004) and
 * configfs mounted on /sys/kernel/config.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "sim_fixture.h"

TEST_F(cfg, a_line_rings_in_its_zone_s_cadence)
{
	struct tapi_event r1, r2;
	int caller, callee;
	double gap;

	/* uk: 400 on, 200 off, 400 on, 2000 off */
	callee = live_line(self->ex, "6001", "uk");
	caller = open("/dev/tapi3", O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, callee);
	ASSERT_LE(0, caller);
	ASSERT_LT(0, make_call(caller, "6001"));
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_RING, &r1, 3000));
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_RING, &r2, 5000));
	EXPECT_EQ(r1.param[0] + 1, r2.param[0]);
	gap = (r2.timestamp_ns - r1.timestamp_ns) / 1e6;
	EXPECT_LE(2800, gap);
	EXPECT_GE(3400, gap) TH_LOG("rings %.0f ms apart", gap);
	close(caller);
	close(callee);
}

TEST_F(cfg, an_unanswered_call_ends_after_no_answer_ms)
{
	struct tapi_event ev;
	int caller, callee, id;
	char p[200];
	uint64_t t0;

	snprintf(p, sizeof(p), "%s/no_answer_ms", self->ex);
	EXPECT_STREQ("60000", attr(self->ex, "no_answer_ms"));
	ASSERT_EQ(0, put(p, "1500"));
	EXPECT_EQ(-EINVAL, put(p, "3600001"));
	EXPECT_EQ(-EINVAL, put(p, "soon"));
	callee = live_line(self->ex, "7001", "us");
	caller = open("/dev/tapi2", O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, callee);
	ASSERT_LE(0, caller);
	id = make_call(caller, "7001");
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	t0 = ev.timestamp_ns;
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_CALL_STATE, &ev, 4000));
	EXPECT_EQ(TAPI_CALL_DISCONNECTED, ev.param[0]);
	EXPECT_EQ(TAPI_DISCONNECT_NOANSWER, ev.param[1]);
	EXPECT_LE(1400, (ev.timestamp_ns - t0) / 1000000);
	for (;;) {
		ASSERT_EQ(1, next_event(caller, TAPI_EVENT_CALL_STATE, &ev, 3000));
		if (ev.param[0] == TAPI_CALL_DISCONNECTED)
			break;
	}
	EXPECT_EQ(TAPI_DISCONNECT_NOANSWER, ev.param[1]);
	close(caller);
	close(callee);
}

TEST_F(cfg, the_telephone_makes_answers_and_hangs_up_calls)
{
	struct tapi_call_info ci = { 0 };
	unsigned int id, bid;
	int fa, fb;

	ASSERT_EQ(0, add_lines(self->ex, "8001 8002", "us", 0));
	fa = own_line(self->ex, "8001");
	fb = own_line(self->ex, "8002");
	ASSERT_LE(0, fa);
	ASSERT_LE(0, fb);
	ASSERT_EQ(0, listen_for(fa, 350, 440, 300));

	/* off-hook: a call made outside TAPI, in dial tone, to the owner */
	ASSERT_EQ(0, sim_write("8001", "hook", "off"));
	id = STATE(fa, TAPI_CALL_DIALTONE, 0);
	ASSERT_NE(0, id);
	ci.call_id = id;
	ASSERT_EQ(0, ioctl(fa, TAPI_IOC_CALL_INFO, &ci));
	EXPECT_EQ(TAPI_ORIGIN_OUTBOUND, ci.origin);
	EXPECT_STREQ("8001", ci.caller);
	EXPECT_EQ(1, heard(fa, 3000));		/* the US dial tone */

	/* dialed with the telephone's dial: pulses */
	ASSERT_EQ(0, sim_write("8001", "hook", "pulse 8002"));
	STATE(fa, TAPI_CALL_DIALING, id);
	STATE(fa, TAPI_CALL_RINGBACK, id);
	bid = STATE(fb, TAPI_CALL_OFFERING, 0);
	ASSERT_NE(0, bid);

	/* 8002's telephone answers */
	ASSERT_EQ(0, sim_write("8002", "hook", "off"));
	STATE(fb, TAPI_CALL_CONNECTED, bid);
	STATE(fa, TAPI_CALL_CONNECTED, id);

	/* 8001 hangs up: its call ends, the far end is cleared */
	ASSERT_EQ(0, listen_for(fb, 350, 440, 300));
	ASSERT_EQ(0, sim_write("8001", "hook", "on"));
	STATE(fa, TAPI_CALL_IDLE, id);
	STATE(fb, TAPI_CALL_DISCONNECTED, bid);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL, last_detail);
	/* a US line hears dial tone again once the far end has gone */
	EXPECT_EQ(1, heard(fb, 3000));
	ASSERT_EQ(0, sim_write("8002", "hook", "on"));
	ASSERT_EQ(0, call_op(fb, TAPI_IOC_DROP, bid));
	STATE(fb, TAPI_CALL_IDLE, bid);
	drain(fb);

	/* a call from an application, answered by the telephone, ended by it */
	id = make_call(fb, "8001");
	ASSERT_LT(0, (int)id);
	bid = STATE(fa, TAPI_CALL_OFFERING, 0);
	ASSERT_NE(0, bid);
	ASSERT_EQ(0, sim_write("8001", "hook", "off"));
	STATE(fa, TAPI_CALL_CONNECTED, bid);
	ASSERT_EQ(0, sim_write("8001", "hook", "on"));
	STATE(fa, TAPI_CALL_IDLE, bid);
	STATE(fb, TAPI_CALL_DIALING, id);
	STATE(fb, TAPI_CALL_RINGBACK, id);
	STATE(fb, TAPI_CALL_CONNECTED, id);
	STATE(fb, TAPI_CALL_DISCONNECTED, id);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL, last_detail);
	close(fa);
	close(fb);
}

TEST_F(cfg, zones_time_caller_id_and_say_what_follows_a_hang_up)
{
	struct tapi_event ev;
	unsigned int id, bid;
	int fa, fb, cid_first = 0, rings = 0;

	/* 8101 in the UK, 8102 in Germany (another exchange) */
	ASSERT_EQ(0, add_lines(self->ex, "8101", "uk", 0));
	ASSERT_EQ(0, mk(self->ex2));
	ASSERT_EQ(0, add_lines(self->ex2, "8102", "de", 0));
	fa = own_line(self->ex, "8101");
	fb = own_line(self->ex2, "8102");
	ASSERT_LE(0, fa);
	ASSERT_LE(0, fb);

	/* the UK sends caller ID before the first ring */
	id = make_call(fb, "8101");
	ASSERT_LT(0, (int)id);
	bid = STATE(fa, TAPI_CALL_OFFERING, 0);
	for (;;) {
		struct pollfd p = { .fd = fa, .events = POLLIN };

		if (poll(&p, 1, 6000) != 1 || read(fa, &ev, sizeof(ev)) != sizeof(ev))
			break;
		if (ev.type == TAPI_EVENT_CALL_INFO && !rings)
			cid_first = 1;
		if (ev.type == TAPI_EVENT_RING && ++rings == 1)
			break;
	}
	EXPECT_EQ(1, rings);
	EXPECT_EQ(1, cid_first);
	ASSERT_EQ(0, call_op(fa, TAPI_IOC_ANSWER, bid));
	STATE(fa, TAPI_CALL_CONNECTED, bid);
	STATE(fb, TAPI_CALL_DIALING, id);
	STATE(fb, TAPI_CALL_RINGBACK, id);
	STATE(fb, TAPI_CALL_CONNECTED, id);

	/* the UK line hangs up: Germany plays busy tone to the other */
	ASSERT_EQ(0, listen_for(fb, 425, 0, 300));
	ASSERT_EQ(0, call_op(fa, TAPI_IOC_DROP, bid));
	STATE(fb, TAPI_CALL_DISCONNECTED, id);
	EXPECT_EQ(1, heard(fb, 3000));
	ASSERT_EQ(0, call_op(fb, TAPI_IOC_DROP, id));
	drain(fa);
	drain(fb);

	/* the other way: a UK line stays silent when the far end has gone */
	id = make_call(fa, "8102");
	ASSERT_LT(0, (int)id);
	bid = STATE(fb, TAPI_CALL_OFFERING, 0);
	ASSERT_EQ(0, call_op(fb, TAPI_IOC_ANSWER, bid));
	STATE(fa, TAPI_CALL_DIALING, id);
	STATE(fa, TAPI_CALL_RINGBACK, id);
	STATE(fa, TAPI_CALL_CONNECTED, id);
	ASSERT_EQ(0, listen_for(fa, 400, 0, 100));
	ASSERT_EQ(0, call_op(fb, TAPI_IOC_DROP, bid));
	STATE(fa, TAPI_CALL_DISCONNECTED, id);
	EXPECT_EQ(0, heard(fa, 1500));
	ASSERT_EQ(0, listen_for(fa, 350, 440, 100));
	EXPECT_EQ(0, heard(fa, 1000));
	close(fa);
	close(fb);
}

/* The digit of the next DTMF digit event on @fd within @ms, or 0. */
static int next_digit(int fd, int ms)
{
	struct tapi_event ev;

	return next_event(fd, TAPI_EVENT_DIGIT, &ev, ms) ? (int)ev.param[0] : 0;
}

TEST_F(cfg, call_waiting_offers_a_second_call_and_a_flash_swaps)
{
	struct tapi_call_info ci = { 0 };
	struct tapi_dial d = { 0 };
	unsigned int a, b, c1, c2, w;
	int f1, f2, f3, f4, tone = 0, cid = 0;
	struct tapi_event ev;
	char p[200];

	/* 8201 subscribes to call waiting; 8202, 8203, 8204 call it */
	ASSERT_EQ(0, add_lines(self->ex, "8201", "us", 1));
	snprintf(p, sizeof(p), "%s/8201", self->ex);
	EXPECT_STREQ("1", attr(p, "call_waiting"));
	snprintf(p, sizeof(p), "%s/8201/call_waiting", self->ex);
	EXPECT_EQ(-EBUSY, put(p, "0"));	/* live */
	ASSERT_EQ(0, mk(self->ex2));
	ASSERT_EQ(0, add_lines(self->ex2, "8202 8203 8204", "us", 0));
	f2 = own_line(self->ex2, "8202");
	f3 = own_line(self->ex2, "8203");
	f4 = own_line(self->ex2, "8204");
	f1 = own_line(self->ex, "8201");
	ASSERT_LE(0, f1);
	ASSERT_LE(0, f2);
	ASSERT_LE(0, f3);
	ASSERT_LE(0, f4);

	/* 8202 calls; 8201's telephone answers */
	a = make_call(f2, "8201");
	ASSERT_LT(0, (int)a);
	b = STATE(f1, TAPI_CALL_OFFERING, 0);
	ASSERT_EQ(0, sim_write("8201", "hook", "off"));
	STATE(f1, TAPI_CALL_CONNECTED, b);
	STATE(f2, TAPI_CALL_DIALING, a);
	STATE(f2, TAPI_CALL_RINGBACK, a);
	STATE(f2, TAPI_CALL_CONNECTED, a);

	/* 8203 calls: it hears ringback, not busy; 8201 the call-waiting tone */
	ASSERT_EQ(0, listen_for(f1, 440, 0, 200));
	c1 = make_call(f3, "8201");
	ASSERT_LT(0, (int)c1);
	STATE(f3, TAPI_CALL_DIALING, c1);
	STATE(f3, TAPI_CALL_RINGBACK, c1);
	w = STATE(f1, TAPI_CALL_OFFERING, 0);
	ASSERT_NE(0, w);
	EXPECT_NE(b, w);
	/* and then the waiting caller's ID, over the conversation */
	while ((!tone || !cid) && next_event(f1, tone ? TAPI_EVENT_CALL_INFO : TAPI_EVENT_TONE,
					     &ev, 5000)) {
		tone |= ev.type == TAPI_EVENT_TONE && ev.param[0] == 7;
		cid |= ev.type == TAPI_EVENT_CALL_INFO && ev.call_id == w;
	}
	EXPECT_TRUE(tone);
	EXPECT_TRUE(cid);
	ci.call_id = w;
	ASSERT_EQ(0, ioctl(f1, TAPI_IOC_CALL_INFO, &ci));
	EXPECT_STREQ("8203", ci.caller);
	/* a third caller finds the line busy */
	c2 = make_call(f4, "8201");
	ASSERT_LT(0, (int)c2);
	STATE(f4, TAPI_CALL_DIALING, c2);
	STATE(f4, TAPI_CALL_BUSY, c2);
	ASSERT_EQ(0, call_op(f4, TAPI_IOC_DROP, c2));

	/* a flash: 8202 waits on hold, 8203 talks */
	ASSERT_EQ(0, sim_write("8201", "hook", "flash"));
	STATE(f1, TAPI_CALL_ONHOLD, b);
	STATE(f1, TAPI_CALL_CONNECTED, w);
	STATE(f3, TAPI_CALL_CONNECTED, c1);
	/* 8203's digits reach 8201 now */
	d.call_id = c1;
	snprintf(d.dial, sizeof(d.dial), "5");
	ASSERT_EQ(0, ioctl(f3, TAPI_IOC_DIAL, &d));
	EXPECT_EQ('5', next_digit(f1, 3000));
	/* another flash swaps back */
	ASSERT_EQ(0, sim_write("8201", "hook", "flash"));
	STATE(f1, TAPI_CALL_ONHOLD, w);
	STATE(f1, TAPI_CALL_CONNECTED, b);
	EXPECT_TRUE(quiet_state(f2, 300));	/* 8202 never left its call */
	/* the held caller hangs up: only that call ends */
	ASSERT_EQ(0, call_op(f3, TAPI_IOC_DROP, c1));
	STATE(f1, TAPI_CALL_DISCONNECTED, w);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL, last_detail);
	ASSERT_EQ(0, call_op(f1, TAPI_IOC_DROP, w));
	STATE(f1, TAPI_CALL_IDLE, w);
	ASSERT_EQ(0, sim_write("8201", "hook", "on"));
	STATE(f1, TAPI_CALL_IDLE, b);
	STATE(f2, TAPI_CALL_DISCONNECTED, a);
	ASSERT_EQ(0, call_op(f2, TAPI_IOC_DROP, a));
	drain(f1);
	drain(f2);
	drain(f3);

	/* the same through TAPI: answering the waiting call holds the other */
	a = make_call(f2, "8201");
	b = STATE(f1, TAPI_CALL_OFFERING, 0);
	ASSERT_EQ(0, call_op(f1, TAPI_IOC_ANSWER, b));
	STATE(f1, TAPI_CALL_CONNECTED, b);
	c1 = make_call(f3, "8201");
	w = STATE(f1, TAPI_CALL_OFFERING, 0);
	ASSERT_NE(0, w);
	ASSERT_EQ(0, call_op(f1, TAPI_IOC_ANSWER, w));
	STATE(f1, TAPI_CALL_ONHOLD, b);
	STATE(f1, TAPI_CALL_CONNECTED, w);
	EXPECT_EQ(-EBUSY, call_op(f1, TAPI_IOC_HOLD, b));
	/* taking the held one back holds the other */
	ASSERT_EQ(0, call_op(f1, TAPI_IOC_UNHOLD, b));
	STATE(f1, TAPI_CALL_ONHOLD, w);
	STATE(f1, TAPI_CALL_CONNECTED, b);
	/* hanging up the active call leaves the held one, to take back */
	ASSERT_EQ(0, call_op(f1, TAPI_IOC_DROP, b));
	STATE(f1, TAPI_CALL_IDLE, b);
	ASSERT_EQ(0, call_op(f1, TAPI_IOC_UNHOLD, w));
	STATE(f1, TAPI_CALL_CONNECTED, w);
	ASSERT_EQ(0, call_op(f1, TAPI_IOC_DROP, w));
	STATE(f1, TAPI_CALL_IDLE, w);
	for (;;) {
		ASSERT_EQ(1, next_event(f3, TAPI_EVENT_CALL_STATE, &ev, 3000));
		if (ev.param[0] == TAPI_CALL_DISCONNECTED)
			break;
	}
	for (;;) {
		ASSERT_EQ(1, next_event(f2, TAPI_EVENT_CALL_STATE, &ev, 3000));
		if (ev.param[0] == TAPI_CALL_DISCONNECTED)
			break;
	}
	close(f1);
	close(f2);
	close(f3);
	close(f4);
}

TEST_F(cfg, a_withheld_number_reaches_caller_id_as_private)
{
	struct tapi_call_info ci = { 0 };
	struct tapi_event ev;
	char p[200];
	int fa, fb;

	ASSERT_EQ(0, mk(self->ex2));
	ASSERT_EQ(0, add_lines(self->ex2, "8501", "us", 0));
	snprintf(p, sizeof(p), "%s/8502", self->ex);
	ASSERT_EQ(0, mk(p));
	snprintf(p, sizeof(p), "%s/8502/withheld", self->ex);
	EXPECT_EQ(-EINVAL, put(p, "maybe"));
	ASSERT_EQ(0, put(p, "1"));
	ASSERT_EQ(0, add_lines(self->ex, "8502", "us", 0));
	EXPECT_EQ(-EBUSY, put(p, "0"));
	fa = own_line(self->ex2, "8501");
	fb = own_line(self->ex, "8502");
	ASSERT_LE(0, fa);
	ASSERT_LE(0, fb);
	ASSERT_LT(0, make_call(fb, "8501"));
	ASSERT_EQ(1, next_event(fa, TAPI_EVENT_CALL_INFO, &ev, 8000));
	ci.call_id = ev.call_id;
	ASSERT_EQ(0, ioctl(fa, TAPI_IOC_CALL_INFO, &ci));
	/* neither the network nor caller ID gives the number: "private" */
	EXPECT_STREQ("", ci.caller);
	EXPECT_STREQ("", ci.caller_name);
	EXPECT_EQ(TAPI_PARTYID_BLOCKED, ci.caller_flags);
	close(fa);
	close(fb);
}

TEST_HARNESS_MAIN
