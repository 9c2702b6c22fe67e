// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for the media of calls between tapi_sim's lines: a call's
 * audio stream ending with it, a generation stopping with it, digits
 * carrying the call's ID, caller ID heard in band, pulse dialing, and the
 * exchange's tones and DTMF dialing as the caller hears and makes them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "call_fixture.h"

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

TEST_HARNESS_MAIN
