// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the DSP inside tapi.ko: the host tests' vectors, run
 * against the code as the kernel compiled it. Only integer references here
 * (the kernel has no floating point): G.711 against the standard's
 * definitions (g711_ref.h, shared with the host tests), caller ID against
 * the host tests' hand-computed messages (cid_vectors.h), the building
 * blocks and the mixer against exact values, and the detectors on signals
 * from the DSP's own fixed-point generators.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "dsp.h"
#include "callerid.h"
#include "cid_vectors.h"
#include "dtmf.h"
#include "echo.h"
#include "fsk.h"
#include "g711.h"
#include "g711_ref.h"
#include "mix.h"
#include "progress.h"
#include "tone.h"

static void g711_ulaw_exhaustive(struct kunit *test)
{
	int x, c;

	for (c = 0; c < 256; c++)
		KUNIT_ASSERT_EQ(test, ulaw_ref_value(c), dsp_ulaw_decode(c));
	for (x = -32768; x <= 32767; x++)
		KUNIT_ASSERT_EQ_MSG(test, ulaw_ref_code(x), dsp_ulaw_encode(x), "x %d", x);
}

static void g711_alaw_exhaustive(struct kunit *test)
{
	int x, c;

	for (c = 0; c < 256; c++)
		KUNIT_ASSERT_EQ(test, alaw_ref_value(c), dsp_alaw_decode(c));
	for (x = -32768; x <= 32767; x++)
		KUNIT_ASSERT_EQ_MSG(test, alaw_ref_code(x), dsp_alaw_encode(x), "x %d", x);
}

static void core_sine_landmarks(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, dsp_sin(0), 0);
	KUNIT_EXPECT_EQ(test, dsp_sin(0x40000000u), 32767);
	KUNIT_EXPECT_EQ(test, dsp_sin(0x80000000u), 0);
	KUNIT_EXPECT_EQ(test, dsp_sin(0xc0000000u), -32767);
	/* sin(30 degrees) = 1/2 */
	KUNIT_EXPECT_LE(test, abs(dsp_sin(0x15555555u) - 16384), 2);
	/* 1000 Hz is 1/8 of a turn per sample at 8 kHz */
	KUNIT_EXPECT_EQ(test, dsp_phase_step(100000), 0x20000000u);
	/* -20 dB is a tenth */
	KUNIT_EXPECT_EQ(test, dsp_att_q15(200), 3277);
}

static void core_oscillator_and_goertzel(struct kunit *test)
{
	struct dsp_goertzel on, off;
	struct dsp_osc o;
	s16 buf[200];
	int i, crossings = 0;

	dsp_osc_init(&o, 100000, dsp_dbm0_peak(-100));
	for (i = 0; i < 200; i++)
		buf[i] = dsp_osc_next(&o);
	for (i = 1; i < 200; i++)
		crossings += (buf[i - 1] < 0) != (buf[i] < 0);
	KUNIT_EXPECT_EQ(test, crossings, 49);	/* 25 cycles of 1 kHz */

	dsp_goertzel_init(&on, 100000);
	dsp_goertzel_init(&off, 130000);
	dsp_goertzel_update(&on, buf, 200);
	dsp_goertzel_update(&off, buf, 200);
	KUNIT_EXPECT_GT(test, dsp_goertzel_power(&on), 100 * dsp_goertzel_power(&off));
}

static void mix_conference_values(struct kunit *test)
{
	s16 a[2] = { 100, 30000 }, b[2] = { -50, 30000 }, c[2] = { 7, 1 };
	s16 oa[2], ob[2], oc[2];
	const s16 *in[3] = { a, b, c };
	s16 *out[3] = { oa, ob, oc };

	dsp_mix_conference(in, out, 3, 2);
	KUNIT_EXPECT_EQ(test, oa[0], -43);
	KUNIT_EXPECT_EQ(test, ob[0], 107);
	KUNIT_EXPECT_EQ(test, oc[0], 50);
	KUNIT_EXPECT_EQ(test, oc[1], 32767);
}

static void cid_decodes_the_shared_vectors(struct kunit *test)
{
	struct dsp_cid_info info;

	KUNIT_ASSERT_EQ(test, dsp_cid_decode(sdmf_example, sizeof(sdmf_example), &info),
			(int)sizeof(sdmf_example));
	KUNIT_EXPECT_STREQ(test, info.number, "6095551212");
	KUNIT_EXPECT_EQ(test, info.month, 9);
	KUNIT_EXPECT_EQ(test, info.minute, 24);
	KUNIT_ASSERT_EQ(test, dsp_cid_decode(mdmf_example, sizeof(mdmf_example), &info),
			(int)sizeof(mdmf_example));
	KUNIT_EXPECT_STREQ(test, info.number, "8005551212");
	KUNIT_EXPECT_STREQ(test, info.name, "JOHN DOE");
	KUNIT_ASSERT_EQ(test, dsp_cid_decode(mdmf_name_first, sizeof(mdmf_name_first), &info),
			(int)sizeof(mdmf_name_first));
	KUNIT_EXPECT_STREQ(test, info.name, "JOHN DOE");
	KUNIT_ASSERT_EQ(test, dsp_cid_decode(sdmf_private, sizeof(sdmf_private), &info),
			(int)sizeof(sdmf_private));
	KUNIT_EXPECT_EQ(test, info.number_absent, 'P');
	KUNIT_ASSERT_EQ(test, dsp_cid_decode(mdmf_absent, sizeof(mdmf_absent), &info),
			(int)sizeof(mdmf_absent));
	KUNIT_EXPECT_EQ(test, info.number_absent, 'O');
	KUNIT_EXPECT_EQ(test, info.name_absent, 'P');
	/* one bit wrong: the checksum must catch it */
	{
		u8 bad[sizeof(mdmf_example)];

		memcpy(bad, mdmf_example, sizeof(bad));
		bad[5] ^= 0x10;
		KUNIT_EXPECT_EQ(test, dsp_cid_decode(bad, sizeof(bad), &info),
				DSP_CID_ECHECKSUM);
	}
}

static void cid_fsk_round_trip(struct kunit *test)
{
	struct dsp_fsk_mod *mod = kunit_kzalloc(test, sizeof(*mod), GFP_KERNEL);
	struct dsp_cid_rx *rx = kunit_kzalloc(test, sizeof(*rx), GFP_KERNEL);
	s16 *buf = kunit_kzalloc(test, 160 * sizeof(*buf), GFP_KERNEL);
	static const enum dsp_fsk_std stds[] = { DSP_FSK_BELL202, DSP_FSK_V23 };
	struct dsp_cid_info info = {
		.number = "5551234", .name = "TAPI KUNIT",
		.month = 11, .day = 28, .hour = 16, .minute = 30, .has_time = true,
	};
	u8 msg[DSP_CID_MSG_MAX];
	int len, s;

	KUNIT_ASSERT_NOT_NULL(test, mod);
	KUNIT_ASSERT_NOT_NULL(test, rx);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = dsp_cid_encode_mdmf(&info, msg, sizeof(msg));
	KUNIT_ASSERT_GT(test, len, 0);

	for (s = 0; s < ARRAY_SIZE(stds); s++) {
		int got = 0, chunks;

		dsp_fsk_mod_init(mod, stds[s], -130, DSP_FSK_BAUD);
		KUNIT_ASSERT_EQ(test, dsp_fsk_mod_start(mod, DSP_FSK_SEIZURE_BITS,
							DSP_FSK_MARK_BELL, msg, len, 10), 0);
		dsp_cid_rx_init(rx, stds[s]);
		for (chunks = 0; chunks < 200 && !got; chunks++) {
			size_t n = dsp_fsk_mod_generate(mod, buf, 160), off = 0;

			memset(buf + n, 0, (160 - n) * sizeof(*buf));
			while (off < 160) {
				int result = 0;
				size_t used = dsp_cid_rx_process(rx, buf + off, 160 - off, &result);

				off += used;
				KUNIT_ASSERT_GE(test, result, 0);
				if (result > 0)
					got = 1;
				if (!used && !result)
					break;
			}
		}
		KUNIT_ASSERT_TRUE_MSG(test, got, "standard %d: no message", s);
		KUNIT_EXPECT_STREQ(test, rx->info.number, "5551234");
		KUNIT_EXPECT_STREQ(test, rx->info.name, "TAPI KUNIT");
		KUNIT_EXPECT_EQ(test, rx->info.minute, 30);
	}
}

/* Feed @secs of a tone definition to a detector; return the first event's kind. */
static u32 first_event(struct kunit *test, const struct dsp_tone_def *def, int secs,
		       size_t (*process)(void *det, const s16 *x, size_t n,
					 struct dsp_cpd_event *ev), void *det)
{
	struct dsp_tone_gen *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	s16 *buf = kunit_kzalloc(test, 160 * sizeof(*buf), GFP_KERNEL);
	int chunk;

	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_TRUE(test, dsp_tone_start(g, def));
	for (chunk = 0; chunk < secs * 50; chunk++) {
		size_t off = 0;

		dsp_tone_generate(g, buf, 160);
		while (off < 160) {
			struct dsp_cpd_event ev = { 0 };

			off += process(det, buf + off, 160 - off, &ev);
			if (ev.kind != DSP_CPD_NONE)
				return ev.kind;
		}
	}
	return DSP_CPD_NONE;
}

static size_t cpd_process(void *det, const s16 *x, size_t n, struct dsp_cpd_event *ev)
{
	return dsp_cpd_process(det, x, n, ev);
}

static size_t fax_process(void *det, const s16 *x, size_t n, struct dsp_cpd_event *ev)
{
	return dsp_fax_process(det, x, n, ev);
}

static void progress_classifies_zone_tones(struct kunit *test)
{
	static const char * const zones[] = { "us", "uk", "de" };
	struct dsp_cpd *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int z, t;

	KUNIT_ASSERT_NOT_NULL(test, c);
	for (z = 0; z < ARRAY_SIZE(zones); z++) {
		const struct dsp_zone *zone = dsp_zone_find(zones[z]);
		static const struct {
			enum dsp_zone_tone tone;
			u32 kind;
		} want[] = {
			{ DSP_ZONE_DIAL, DSP_CPD_DIAL },
			{ DSP_ZONE_BUSY, DSP_CPD_BUSY },
			{ DSP_ZONE_RINGBACK, DSP_CPD_RINGBACK },
		};

		KUNIT_ASSERT_NOT_NULL(test, zone);
		for (t = 0; t < ARRAY_SIZE(want); t++) {
			KUNIT_ASSERT_TRUE(test, dsp_cpd_init(c, zone));
			KUNIT_EXPECT_EQ_MSG(test, first_event(test, &zone->tone[want[t].tone], 8,
							      cpd_process, c),
					    want[t].kind, "zone %s tone %d", zones[z], t);
		}
	}
}

static void fax_cng_detected(struct kunit *test)
{
	static const struct dsp_tone_def cng = {
		.level1 = -100, .nseg = 2,
		.seg = { { .f1 = 110000, .ms = 500 }, { .ms = 3000 } },
	};
	struct dsp_fax *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	dsp_fax_init(f);
	KUNIT_EXPECT_EQ(test, first_event(test, &cng, 4, fax_process, f), (u32)DSP_FAX_CNG);
}

static void dtmf_all_digits_through_generator_and_receiver(struct kunit *test)
{
	static const char digits[] = "0123456789*#ABCD";
	struct dsp_dtmf_tx *tx = kunit_kzalloc(test, sizeof(*tx), GFP_KERNEL);
	struct dsp_dtmf_rx *rx = kunit_kzalloc(test, sizeof(*rx), GFP_KERNEL);
	s16 *buf = kunit_kzalloc(test, 160 * sizeof(*buf), GFP_KERNEL);
	struct dsp_dtmf_event ev[8];
	char heard[sizeof(digits)] = { 0 };
	unsigned int starts = 0, ends = 0, chunk;
	u64 last_start = 0;

	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_NOT_NULL(test, rx);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* 50 ms on, 50 ms off, -10 dBm0 per tone */
	dsp_dtmf_tx_init(tx, -100, -100, 400, 400);
	KUNIT_ASSERT_EQ(test, dsp_dtmf_tx_queue(tx, digits), 0);
	KUNIT_EXPECT_EQ(test, dsp_dtmf_tx_queue(tx, "12x"), -1);
	dsp_dtmf_rx_init(rx);
	for (chunk = 0; chunk < 16 * 5 + 10; chunk++) {
		size_t i, n;

		dsp_dtmf_tx_generate(tx, buf, 160);
		n = dsp_dtmf_rx_process(rx, buf, 160, ev, ARRAY_SIZE(ev));
		for (i = 0; i < n; i++) {
			if (ev[i].end) {
				ends++;
				continue;
			}
			KUNIT_ASSERT_LT(test, starts, (unsigned int)sizeof(digits) - 1);
			heard[starts++] = ev[i].digit;
			/* digits start 100 ms apart, give or take a detection block */
			if (starts > 1)
				KUNIT_EXPECT_LE(test, abs((int)(ev[i].sample - last_start) - 800),
						DSP_DTMF_BLOCK);
			last_start = ev[i].sample;
		}
	}
	KUNIT_EXPECT_STREQ(test, heard, digits);
	KUNIT_EXPECT_EQ(test, ends, starts);
	KUNIT_EXPECT_EQ(test, rx->lost, 0U);
}

static void echo_converges_on_noise(struct kunit *test)
{
	enum { TAPS = 256, DELAY = 40, N = 24000 };
	struct dsp_echo *ec = kunit_kzalloc(test, sizeof(*ec), GFP_KERNEL);
	s32 *fg = kunit_kcalloc(test, DSP_ECHO_COEF_LEN(TAPS), sizeof(*fg), GFP_KERNEL);
	s32 *bg = kunit_kcalloc(test, DSP_ECHO_COEF_LEN(TAPS), sizeof(*bg), GFP_KERNEL);
	s16 *hist = kunit_kcalloc(test, DSP_ECHO_HIST_LEN(TAPS), sizeof(*hist), GFP_KERNEL);
	s16 *far = kunit_kcalloc(test, N, sizeof(*far), GFP_KERNEL);
	u64 e_echo = 0, e_out = 0;
	u32 seed = 12345;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ec);
	KUNIT_ASSERT_NOT_NULL(test, fg);
	KUNIT_ASSERT_NOT_NULL(test, bg);
	KUNIT_ASSERT_NOT_NULL(test, hist);
	KUNIT_ASSERT_NOT_NULL(test, far);
	KUNIT_ASSERT_EQ(test, dsp_echo_init(ec, TAPS, fg, bg, hist), 0);
	KUNIT_EXPECT_EQ(test, dsp_echo_init(ec, 100, fg, bg, hist), -1);
	for (i = 0; i < N; i++) {
		seed = seed * 1664525 + 1013904223;	/* white noise, +-4096 */
		far[i] = (s16)((s32)(seed >> 19) - 4096);
	}
	/* echo path: 5 ms delay, 12 dB down; ERLE over the last half second */
	for (i = 0; i < N; i++) {
		s16 echo = i >= DELAY ? far[i - DELAY] / 4 : 0;
		s16 out = dsp_echo_update(ec, far[i], echo);

		if (i >= N - 4000) {
			e_echo += (s64)echo * echo;
			e_out += (s64)out * out;
		}
	}
	/* at least 20 dB: the residual has under 1/100 of the echo's energy */
	KUNIT_EXPECT_LT(test, e_out * 100, e_echo);
}

static struct kunit_case dsp_cases[] = {
	KUNIT_CASE(g711_ulaw_exhaustive),
	KUNIT_CASE(g711_alaw_exhaustive),
	KUNIT_CASE(core_sine_landmarks),
	KUNIT_CASE(core_oscillator_and_goertzel),
	KUNIT_CASE(mix_conference_values),
	KUNIT_CASE(echo_converges_on_noise),
	KUNIT_CASE(dtmf_all_digits_through_generator_and_receiver),
	KUNIT_CASE(cid_decodes_the_shared_vectors),
	KUNIT_CASE(cid_fsk_round_trip),
	KUNIT_CASE(progress_classifies_zone_tones),
	KUNIT_CASE(fax_cng_detected),
	{}
};

static struct kunit_suite dsp_suite = {
	.name = "tapi_dsp",
	.test_cases = dsp_cases,
};

kunit_test_suites(&dsp_suite);
