// SPDX-License-Identifier: GPL-2.0-only
/* Host tests of the DSP's building blocks (kernel/dsp/dsp_core.c). */
#include "dsp_test.h"
#include "kselftest_harness.h"

TEST(sine_matches_libm_everywhere)
{
	double worst = 0;

	for (uint64_t p = 0; p < (1ull << 32); p += 65521) {
		double want = 32767 * sin(2 * M_PI * (double)p / 4294967296.0);
		double err = fabs(dsp_sin((uint32_t)p) - want);

		if (err > worst)
			worst = err;
	}
	/* linear interpolation of a 1024-point table: well under 1/1000 */
	EXPECT_GT(3.0, worst);
}

TEST(phase_step_is_exact_to_a_millihertz)
{
	static const uint32_t f[] = { 1, 69700, 94100, 100000, 163300, 210000, 399900 };

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		double want = f[i] / 100.0 / DSP_RATE * 4294967296.0;

		EXPECT_GT(1.0, fabs(dsp_phase_step(f[i]) - want));
	}
}

TEST(attenuation_in_tenths_of_a_db)
{
	for (uint32_t t = 0; t <= 900; t += 7) {
		double want = 32768 * pow(10, -t / 200.0);
		double got = dsp_att_q15(t);

		/* relative error 1% or one LSB, whichever is larger */
		EXPECT_GE(fmax(1.0, want * 0.01), fabs(got - fmin(want, 32767)))
			TH_LOG("%.1f dB: got %.0f want %.1f", t / 10.0, got, want);
	}
}

TEST(dbm0_levels_give_the_right_power)
{
	static const int lv[] = { 30, 0, -30, -100, -200, -300, -400 };

	for (size_t i = 0; i < sizeof(lv) / sizeof(lv[0]); i++) {
		struct dsp_osc o;
		int16_t buf[8000];

		dsp_osc_init(&o, 100000, dsp_dbm0_peak(lv[i]));
		for (size_t k = 0; k < 8000; k++)
			buf[k] = dsp_osc_next(&o);
		EXPECT_GT(0.1, fabs(ref_level_dbm0(buf, 8000) - lv[i] / 10.0))
			TH_LOG("%d: measured %.2f dBm0", lv[i], ref_level_dbm0(buf, 8000));
	}
}

TEST(oscillator_frequency_and_phase_continuity)
{
	struct dsp_osc o;
	int16_t buf[8000];
	int crossings = 0;

	dsp_osc_init(&o, 123400, 20000);	/* 1234 Hz */
	for (size_t k = 0; k < 8000; k++)
		buf[k] = dsp_osc_next(&o);
	for (size_t k = 1; k < 8000; k++)
		crossings += (buf[k - 1] < 0) != (buf[k] < 0);
	/* two zero crossings per cycle, over one second */
	EXPECT_GE(1, abs(crossings - 2468));
}

TEST(goertzel_selects_its_frequency)
{
	struct dsp_goertzel g;
	int16_t buf[205] = { 0 };
	uint64_t on, off;

	ref_add_sine(buf, 205, 770, -10, 0.3);
	dsp_goertzel_init(&g, 77000);
	dsp_goertzel_update(&g, buf, 100);	/* in two pieces */
	dsp_goertzel_update(&g, buf + 100, 105);
	on = dsp_goertzel_power(&g);
	dsp_goertzel_init(&g, 85200);
	dsp_goertzel_update(&g, buf, 205);
	off = dsp_goertzel_power(&g);
	/* (A N / 2)^2 for the tone; far less next door */
	double a = ref_dbm0_peak(-10) * 205 / 2;

	EXPECT_GT(0.05, fabs(on / (a * a) - 1));
	EXPECT_GT(on / 100, off);
}

TEST(goertzel_full_scale_does_not_overflow)
{
	struct dsp_goertzel g;
	static int16_t buf[4000];
	uint64_t p;

	for (size_t k = 0; k < 4000; k++)
		buf[k] = k % 2 ? -32768 : 32767;	/* 4 kHz, the worst case */
	dsp_goertzel_init(&g, 400000);
	dsp_goertzel_update(&g, buf, 4000);
	p = dsp_goertzel_power(&g);
	EXPECT_LT(0, p);
}

TEST_HARNESS_MAIN
