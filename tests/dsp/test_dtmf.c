// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTMF detector and generator (kernel/dsp/dtmf.c) against the ITU-T Q.24
 * figures: digits, edges, frequency tolerance, twist, level range, timing,
 * noise, talk-off by dial tones and single tones, streaming.
 */
#include <stdio.h>

#include "dsp_test.h"
#include "dtmf.h"
#include "kselftest_harness.h"

static const double row_hz[4] = { 697, 770, 852, 941 };
static const double col_hz[4] = { 1209, 1336, 1477, 1633 };
static const char digits[] = "123A456B789C*0#D";

#define MAX_EV 4096

/* Add digit k (index in digits[]) with each tone's frequency scaled. */
static void add_digit(int16_t *buf, size_t n, int k, double row_scale, double col_scale,
		      double row_dbm0, double col_dbm0, double phase)
{
	ref_add_sine(buf, n, row_hz[k / 4] * row_scale, row_dbm0, phase);
	ref_add_sine(buf, n, col_hz[k % 4] * col_scale, col_dbm0, 2.1 * phase + 1);
}

/* Run the detector over buf in chunks: 0 means random sizes up to 300. */
static size_t detect(const int16_t *buf, size_t n, size_t chunk, struct dsp_dtmf_event *ev)
{
	static struct dsp_dtmf_rx rx;
	struct ref_rng rng = { 12345 };
	size_t got = 0, at = 0;

	dsp_dtmf_rx_init(&rx);
	while (at < n) {
		size_t m = chunk ? chunk : (size_t)(ref_uniform(&rng) * 300);

		if (m > n - at)
			m = n - at;
		got += dsp_dtmf_rx_process(&rx, buf + at, m, ev + got, MAX_EV - got);
		at += m;
	}
	/* a digit running to the end stays open; close it with silence */
	for (int i = 0; i < 4; i++) {
		static const int16_t zero[DSP_DTMF_BLOCK];

		got += dsp_dtmf_rx_process(&rx, zero, DSP_DTMF_BLOCK, ev + got, MAX_EV - got);
	}
	return got;
}

/* Count digit starts; -1 if events do not alternate start/end of one digit. */
static int count_digits(const struct dsp_dtmf_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ev[i].end != (i % 2 == 1))
			return -1;
		if (i % 2 && (ev[i].digit != ev[i - 1].digit || ev[i].sample <= ev[i - 1].sample))
			return -1;
	}
	return n % 2 ? -1 : (int)(n / 2);
}

/* One burst of digit k, 100 ms, in 300 ms: the digit heard, 0 none, '?' more. */
static char burst(int k, double rs, double cs, double rdb, double cdb, size_t on)
{
	static int16_t buf[2400];
	static struct dsp_dtmf_event ev[MAX_EV];
	size_t n;

	memset(buf, 0, sizeof(buf));
	add_digit(buf + 800, on, k, rs, cs, rdb, cdb, 0.3 * k);
	n = detect(buf, 2400, 80, ev);
	if (count_digits(ev, n) == 0)
		return 0;
	if (count_digits(ev, n) != 1)
		return '?';
	return ev[0].digit;
}

TEST(every_digit_with_its_edges)
{
	static int16_t buf[16 * 960 + 2000];
	static struct dsp_dtmf_event ev[MAX_EV];
	size_t n, start[16];

	memset(buf, 0, sizeof(buf));
	for (int k = 0; k < 16; k++) {
		start[k] = 1037 + k * 960;
		add_digit(buf + start[k], 480, k, 1, 1, -10, -10, k);
	}
	n = detect(buf, sizeof(buf) / 2, 160, ev);
	ASSERT_EQ(16, count_digits(ev, n));
	for (int k = 0; k < 16; k++) {
		const struct dsp_dtmf_event *s = &ev[2 * k], *e = &ev[2 * k + 1];

		EXPECT_EQ(digits[k], s->digit);
		EXPECT_GE(DSP_DTMF_BLOCK, llabs((long long)s->sample - (long long)start[k]))
			TH_LOG("%c starts at %zu, reported %llu", digits[k], start[k],
			       (unsigned long long)s->sample);
		EXPECT_GE(DSP_DTMF_BLOCK,
			  llabs((long long)e->sample - (long long)(start[k] + 480)))
			TH_LOG("%c ends at %zu, reported %llu", digits[k], start[k] + 480,
			       (unsigned long long)e->sample);
	}
}

TEST(frequency_deviation_on_every_tone)
{
	/* accept +-1.5%, reject +-3.5%, on each tone, the other one nominal */
	for (int t = 0; t < 8; t++) {
		for (int p = 0; p < 4; p++) {
			int k = t < 4 ? t * 4 + p : p * 4 + t - 4;

			for (int s = -1; s <= 1; s += 2) {
				double in = 1 + s * 0.015, out = 1 + s * 0.035;

				EXPECT_EQ(digits[k], burst(k, t < 4 ? in : 1, t < 4 ? 1 : in,
							   -10, -10, 800))
					TH_LOG("%c with %s tone %+.1f%%", digits[k],
					       t < 4 ? "row" : "column", s * 1.5);
				EXPECT_EQ(0, burst(k, t < 4 ? out : 1, t < 4 ? 1 : out,
						   -10, -10, 800))
					TH_LOG("%c with %s tone %+.1f%%", digits[k],
					       t < 4 ? "row" : "column", s * 3.5);
			}
		}
	}
}

TEST(frequency_deviation_with_twist_and_low_level)
{
	/* the tolerance holds for the weaker tone too */
	for (int k = 0; k < 16; k++) {
		EXPECT_EQ(digits[k], burst(k, 0.985, 1.015, -30, -38, 800));
		EXPECT_EQ(digits[k], burst(k, 1.015, 0.985, -34, -30, 800));
		EXPECT_EQ(0, burst(k, 0.965, 1, -30, -38, 800));
		EXPECT_EQ(0, burst(k, 1, 1.035, -30, -38, 800));
		EXPECT_EQ(0, burst(k, 1.035, 1, -34, -30, 800));
		EXPECT_EQ(0, burst(k, 1, 0.965, -34, -30, 800));
	}
}

TEST(twist)
{
	for (int k = 0; k < 16; k++) {
		/* normal twist: the column (high) tone weaker */
		EXPECT_EQ(digits[k], burst(k, 1, 1, -6, -14, 800));
		EXPECT_EQ(0, burst(k, 1, 1, -6, -18, 800));
		/* reverse twist: the column tone stronger */
		EXPECT_EQ(digits[k], burst(k, 1, 1, -12, -8, 800));
		EXPECT_EQ(0, burst(k, 1, 1, -16, -8, 800));
	}
}

TEST(dynamic_range_35_db)
{
	static const double ok[] = { -3, -10, -20, -30, -38 };

	for (int k = 0; k < 16; k++) {
		for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
			EXPECT_EQ(digits[k], burst(k, 1, 1, ok[i], ok[i], 800))
				TH_LOG("%c at %.0f dBm0 per tone", digits[k], ok[i]);
		}
		EXPECT_EQ(0, burst(k, 1, 1, -46, -46, 800));
	}
}

TEST(clipped_at_0_dbm0_per_tone)
{
	/* two 0 dBm0 tones exceed full scale; clipping must not hide them */
	for (int k = 0; k < 16; k++)
		EXPECT_EQ(digits[k], burst(k, 1, 1, 0, 0, 800));
}

TEST(forty_ms_accepted_twenty_rejected)
{
	for (int k = 0; k < 16; k++) {
		/* every alignment to the blocks: burst() starts at 800 */
		for (int off = 0; off < DSP_DTMF_BLOCK; off++) {
			static int16_t buf[2400];
			static struct dsp_dtmf_event ev[MAX_EV];
			size_t n;

			memset(buf, 0, sizeof(buf));
			add_digit(buf + 800 + off, 320, k, 1, 1, -10, -10, off);
			n = detect(buf, 2400, 8, ev);
			EXPECT_EQ(1, count_digits(ev, n)) TH_LOG("40 ms %c at +%d", digits[k], off);
			memset(buf, 0, sizeof(buf));
			add_digit(buf + 800 + off, 160, k, 1, 1, -10, -10, off);
			n = detect(buf, 2400, 8, ev);
			EXPECT_EQ(0, count_digits(ev, n)) TH_LOG("20 ms %c at +%d", digits[k], off);
		}
	}
}

TEST(forty_ms_pauses_separate_digits)
{
	static int16_t buf[400 + 20 * 640 + 800];
	static struct dsp_dtmf_event ev[MAX_EV];
	/* repeated digits are the hard case: only the pause separates them */
	static const int seq[20] = { 0, 0, 1, 1, 5, 5, 5, 9, 15, 15,
				     3, 12, 12, 13, 14, 4, 4, 10, 11, 2 };

	for (int off = 0; off < DSP_DTMF_BLOCK; off += 17) {
		size_t n;

		memset(buf, 0, sizeof(buf));
		for (int i = 0; i < 20; i++)
			add_digit(buf + 400 + off + i * 640, 320, seq[i], 1, 1, -10, -10, i);
		n = detect(buf, sizeof(buf) / 2, 0, ev);
		ASSERT_EQ(20, count_digits(ev, n)) TH_LOG("offset %d", off);
		for (int i = 0; i < 20; i++)
			EXPECT_EQ(digits[seq[i]], ev[2 * i].digit);
	}
}

TEST(white_noise_at_15_db_snr)
{
	/* 240 bursts of 50 ms in 50 ms gaps, -10 dBm0 per tone (-7 total) */
	enum { BURSTS = 240, PERIOD = 800 };
	static int16_t buf[BURSTS * PERIOD + 800];
	static struct dsp_dtmf_event ev[MAX_EV];
	struct ref_rng rng = { 99 };
	int seq[BURSTS];
	size_t n;

	memset(buf, 0, sizeof(buf));
	for (int i = 0; i < BURSTS; i++) {
		seq[i] = (int)(ref_uniform(&rng) * 16);
		add_digit(buf + 400 + i * PERIOD, 400, seq[i], 1, 1, -10, -10, i);
	}
	ref_add_noise(buf, sizeof(buf) / 2, -7.0 - 15.0, &rng);
	n = detect(buf, sizeof(buf) / 2, 160, ev);
	ASSERT_EQ(BURSTS, count_digits(ev, n));
	for (int i = 0; i < BURSTS; i++) {
		EXPECT_EQ(digits[seq[i]], ev[2 * i].digit) TH_LOG("burst %d", i);
	}
}

TEST(no_digit_from_noise_alone)
{
	static int16_t buf[8000 * 20];
	static struct dsp_dtmf_event ev[MAX_EV];
	struct ref_rng rng = { 7 };

	memset(buf, 0, sizeof(buf));
	ref_add_noise(buf, sizeof(buf) / 2, -10, &rng);
	EXPECT_EQ(0, detect(buf, sizeof(buf) / 2, 160, ev));
}

TEST(dial_tones_and_single_tones_give_no_digit)
{
	static const double pairs[][2] = { { 350, 440 }, { 400, 450 }, { 425, 0 },
					   { 440, 480 }, { 480, 620 }, { 1000, 0 },
					   { 2100, 0 }, { 1400, 0 }, { 950, 1400 } };
	static int16_t buf[16000];
	static struct dsp_dtmf_event ev[MAX_EV];

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		for (double lv = -3; lv >= -33; lv -= 10) {
			memset(buf, 0, sizeof(buf));
			ref_add_sine(buf, 16000, pairs[i][0], lv, 0);
			if (pairs[i][1])
				ref_add_sine(buf, 16000, pairs[i][1], lv, 1);
			EXPECT_EQ(0, detect(buf, 16000, 160, ev))
				TH_LOG("%.0f+%.0f Hz at %.0f dBm0", pairs[i][0], pairs[i][1], lv);
		}
	}
	/* each DTMF frequency alone, at a high and a low level */
	for (int t = 0; t < 8; t++) {
		for (double lv = 0; lv >= -30; lv -= 15) {
			memset(buf, 0, sizeof(buf));
			ref_add_sine(buf, 16000, t < 4 ? row_hz[t] : col_hz[t - 4], lv, 0);
			EXPECT_EQ(0, detect(buf, 16000, 160, ev));
		}
	}
}

/* Digits of random lengths and gaps, in noise, for the streaming tests. */
static size_t mixed_signal(int16_t *buf, size_t n)
{
	struct ref_rng rng = { 4242 };
	size_t at = 300;

	memset(buf, 0, n * sizeof(*buf));
	while (at + 2000 < n) {
		size_t on = 150 + (size_t)(ref_uniform(&rng) * 700);
		int k = (int)(ref_uniform(&rng) * 16);

		add_digit(buf + at, on, k, 1, 1, -8 - ref_uniform(&rng) * 20, -10, at);
		at += on + 150 + (size_t)(ref_uniform(&rng) * 700);
	}
	ref_add_noise(buf, n, -40, &rng);
	return n;
}

TEST(chunk_size_does_not_change_events)
{
	static int16_t buf[8000 * 30];
	static struct dsp_dtmf_event ref[MAX_EV], ev[MAX_EV];
	static const size_t chunks[] = { 1, 8, 51, 101, 160, 1000, 0 };
	size_t nref, n;

	mixed_signal(buf, sizeof(buf) / 2);
	nref = detect(buf, sizeof(buf) / 2, sizeof(buf) / 2, ref);
	ASSERT_LT(50, count_digits(ref, nref));
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		n = detect(buf, sizeof(buf) / 2, chunks[c], ev);
		ASSERT_EQ(nref, n) TH_LOG("chunk %zu", chunks[c]);
		for (size_t i = 0; i < n; i++) {
			ASSERT_EQ(ref[i].sample, ev[i].sample) TH_LOG("chunk %zu ev %zu", chunks[c], i);
			ASSERT_EQ(ref[i].digit, ev[i].digit);
			ASSERT_EQ(ref[i].end, ev[i].end);
		}
	}
}

TEST(events_wait_when_the_caller_has_no_room)
{
	static int16_t buf[8000 * 10];
	static struct dsp_dtmf_event ref[MAX_EV], ev[MAX_EV];
	struct dsp_dtmf_rx rx;
	size_t nref, n = 0;

	mixed_signal(buf, sizeof(buf) / 2);
	nref = detect(buf, sizeof(buf) / 2, 8, ref);
	dsp_dtmf_rx_init(&rx);
	/* room for one event per call of 160 samples: the queue catches up */
	for (size_t at = 0; at < sizeof(buf) / 2; at += 160)
		n += dsp_dtmf_rx_process(&rx, buf + at, 160, ev + n, 1);
	for (int i = 0; i < 8; i++) {
		static const int16_t zero[DSP_DTMF_BLOCK];

		n += dsp_dtmf_rx_process(&rx, zero, DSP_DTMF_BLOCK, ev + n, 1);
	}
	EXPECT_EQ(0, rx.lost);
	ASSERT_EQ(nref, n);
	EXPECT_EQ(0, memcmp(ref, ev, n * sizeof(ev[0])));
}

static size_t tx_run(struct dsp_dtmf_tx *tx, int16_t *buf, size_t n, size_t chunk)
{
	struct ref_rng rng = { 5 };
	size_t at = 0, left = 0;

	while (at < n) {
		size_t m = chunk ? chunk : (size_t)(ref_uniform(&rng) * 200);

		if (m > n - at)
			m = n - at;
		left = dsp_dtmf_tx_generate(tx, buf + at, m);
		at += m;
	}
	return left;
}

TEST(generated_digits_are_detected_at_their_level)
{
	static int16_t buf[16 * 800 + 800];
	static struct dsp_dtmf_event ev[MAX_EV];
	struct dsp_dtmf_tx tx;
	size_t n;

	dsp_dtmf_tx_init(&tx, -70, -50, 400, 400);
	ASSERT_EQ(0, dsp_dtmf_tx_queue(&tx, "123A456B789C*0#d"));
	EXPECT_EQ(0, tx_run(&tx, buf, sizeof(buf) / 2, 160));
	n = detect(buf, sizeof(buf) / 2, 8, ev);
	ASSERT_EQ(16, count_digits(ev, n));
	for (int k = 0; k < 16; k++) {
		double want = 10 * log10(pow(10, -0.7) + pow(10, -0.5));
		double got = ref_level_dbm0(buf + k * 800, 400);

		EXPECT_EQ(digits[k], ev[2 * k].digit);
		EXPECT_GE(DSP_DTMF_BLOCK, llabs((long long)ev[2 * k].sample - k * 800));
		EXPECT_GE(0.5, fabs(got - want)) TH_LOG("%c: %.2f dBm0", digits[k], got);
		/* the pause is silent */
		EXPECT_GT(-90, ref_level_dbm0(buf + k * 800 + 400, 400));
	}
}

TEST(generator_levels_and_frequencies)
{
	static int16_t buf[8000];
	struct dsp_dtmf_tx tx;

	/* one tone at a time: each at its level and frequency */
	for (int k = 0; k < 16; k++) {
		char d[2] = { digits[k], 0 };

		dsp_dtmf_tx_init(&tx, -60, -200, 8000, 0);
		ASSERT_EQ(0, dsp_dtmf_tx_queue(&tx, d));
		tx_run(&tx, buf, 8000, 0);
		EXPECT_GE(0.5, fabs(ref_level_dbm0(buf, 8000) -
					10 * log10(pow(10, -0.6) + pow(10, -2.0))))
			TH_LOG("%c", digits[k]);
		/* the row tone's own level, by correlation over 1 s */
		double re = 0, im = 0;

		for (int i = 0; i < 8000; i++) {
			re += buf[i] * cos(2 * M_PI * row_hz[k / 4] * i / 8000);
			im += buf[i] * sin(2 * M_PI * row_hz[k / 4] * i / 8000);
		}
		EXPECT_GE(0.3, fabs(20 * log10(2 * hypot(re, im) / 8000 / DSP_DBM0_PEAK) + 6))
			TH_LOG("%c row tone", digits[k]);
	}
}

TEST(generator_streams_identically)
{
	static int16_t a[8000 * 4], b[8000 * 4];
	static const size_t chunks[] = { 1, 7, 160, 0 };
	struct dsp_dtmf_tx tx;

	dsp_dtmf_tx_init(&tx, DSP_DTMF_TX_LEVEL_DEFAULT, DSP_DTMF_TX_LEVEL_DEFAULT, 555, 333);
	ASSERT_EQ(0, dsp_dtmf_tx_queue(&tx, "0123456789*#ABCD0123456789*#ABCD"));
	tx_run(&tx, a, 8000 * 4, 8000 * 4);
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		dsp_dtmf_tx_init(&tx, DSP_DTMF_TX_LEVEL_DEFAULT, DSP_DTMF_TX_LEVEL_DEFAULT,
				 555, 333);
		ASSERT_EQ(0, dsp_dtmf_tx_queue(&tx, "0123456789*#ABCD0123456789*#ABCD"));
		tx_run(&tx, b, 8000 * 4, chunks[c]);
		EXPECT_EQ(0, memcmp(a, b, sizeof(a))) TH_LOG("chunk %zu", chunks[c]);
	}
}

TEST(generator_queue_and_pending_count)
{
	static int16_t buf[1000];
	struct dsp_dtmf_tx tx;

	dsp_dtmf_tx_init(&tx, -60, -60, 100, 50);
	EXPECT_EQ(0, dsp_dtmf_tx_generate(&tx, buf, 10));
	EXPECT_EQ(0, buf[5]);
	EXPECT_EQ(-1, dsp_dtmf_tx_queue(&tx, "12x"));
	EXPECT_EQ(0, dsp_dtmf_tx_generate(&tx, buf, 10));
	EXPECT_EQ(0, dsp_dtmf_tx_queue(&tx, "12"));
	/* 10 samples into "1": 90 + 50 left of it, 150 of "2" */
	EXPECT_EQ(290, dsp_dtmf_tx_generate(&tx, buf, 10));
	EXPECT_EQ(0, dsp_dtmf_tx_queue(&tx, ""));
	EXPECT_EQ(-2, dsp_dtmf_tx_queue(&tx, "0123456789*#ABCD0123456789*#ABCD"));
	/* "2" waits: room for 31 more */
	EXPECT_EQ(0, dsp_dtmf_tx_queue(&tx, "0123456789*#ABCD0123456789*#ABC"));
	EXPECT_EQ(-2, dsp_dtmf_tx_queue(&tx, "1"));
	EXPECT_EQ(290 + 31 * 150, dsp_dtmf_tx_generate(&tx, buf, 0));
}

TEST_HARNESS_MAIN
