// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for what tapi_sim's exchange does in calls when its test
 * interface (debugfs) asks: scripted far ends that answer, key digits,
 * hang up, refuse, play a tone or a checkable pattern; the telephone
 * calling at a given time and keying digits; the exchange's statistics of
 * its lines and their audio; a driver replying late to one request.
 */
#define _GNU_SOURCE
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

#include "call_fixture.h"
#include "sim_debugfs.h"

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

TEST_HARNESS_MAIN
