// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the DSP inside tapi.ko: the host tests' vectors, run
 * against the code as the kernel compiled it. Only integer references here
 * (the kernel has no floating point): G.711 against the standard's
 * definitions (g711_ref.h, shared with the host tests), and the building
 * blocks and the mixer against exact values.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "dsp.h"
#include "g711.h"
#include "g711_ref.h"
#include "mix.h"

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
	int16_t buf[200];
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
	int16_t a[2] = { 100, 30000 }, b[2] = { -50, 30000 }, c[2] = { 7, 1 };
	int16_t oa[2], ob[2], oc[2];
	const int16_t *in[3] = { a, b, c };
	int16_t *out[3] = { oa, ob, oc };

	dsp_mix_conference(in, out, 3, 2);
	KUNIT_EXPECT_EQ(test, oa[0], -43);
	KUNIT_EXPECT_EQ(test, ob[0], 107);
	KUNIT_EXPECT_EQ(test, oc[0], 50);
	KUNIT_EXPECT_EQ(test, oc[1], 32767);
}

static struct kunit_case dsp_cases[] = {
	KUNIT_CASE(g711_ulaw_exhaustive),
	KUNIT_CASE(g711_alaw_exhaustive),
	KUNIT_CASE(core_sine_landmarks),
	KUNIT_CASE(core_oscillator_and_goertzel),
	KUNIT_CASE(mix_conference_values),
	{}
};

static struct kunit_suite dsp_suite = {
	.name = "tapi_dsp",
	.test_cases = dsp_cases,
};

kunit_test_suites(&dsp_suite);
