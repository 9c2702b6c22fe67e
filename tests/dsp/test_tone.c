// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tone generator and tone zones: frequency and level measured in floating
 * point, cadences to the sample, streaming invariance, zone table sanity.
 */
#include "dsp_test.h"
#include "tone.h"
#include "kselftest_harness.h"

/* Level in dBm0 of the component at freq (Hz), by a float Goertzel/DFT. */
static double ref_tone_dbm0(const int16_t *x, size_t n, double freq)
{
	double re = 0, im = 0, a;

	for (size_t i = 0; i < n; i++) {
		re += x[i] * cos(2 * M_PI * freq * i / DSP_RATE);
		im += x[i] * sin(2 * M_PI * freq * i / DSP_RATE);
	}
	a = 2 * sqrt(re * re + im * im) / n;
	return 20 * log10(a / DSP_DBM0_PEAK + 1e-12);
}

/* Frequency by counting rising zero crossings, interpolated. */
static double ref_zero_cross_hz(const int16_t *x, size_t n)
{
	double first = -1, last = -1;
	int count = 0;

	for (size_t i = 1; i < n; i++) {
		if (x[i - 1] < 0 && x[i] >= 0) {
			double t = i - 1 + (double)-x[i - 1] / (x[i] - x[i - 1]);

			if (first < 0)
				first = t;
			else
				count++;
			last = t;
		}
	}
	return count ? count * DSP_RATE / (last - first) : 0;
}

static const struct dsp_tone_def single_1004 = {
	.level1 = -100, .nseg = 1, .seg = { { .f1 = 100400, .ms = 0 } },
};

TEST(single_tone_frequency_and_level)
{
	static int16_t buf[16000];
	struct dsp_tone_gen g;

	ASSERT_TRUE(dsp_tone_start(&g, &single_1004));
	ASSERT_EQ(16000, dsp_tone_generate(&g, buf, 16000));
	EXPECT_GT(0.01, fabs(ref_zero_cross_hz(buf, 16000) - 1004.0));
	EXPECT_GT(0.05, fabs(ref_level_dbm0(buf, 16000) + 10.0))
		TH_LOG("level %.3f dBm0", ref_level_dbm0(buf, 16000));
}

TEST(dual_tone_components_and_levels)
{
	static int16_t buf[8000];
	struct dsp_tone_def d = {
		.level1 = -130, .level2 = -190, .nseg = 1,
		.seg = { { .f1 = 35000, .f2 = 44000 } },
	};
	struct dsp_tone_gen g;
	double total = 10 * log10(pow(10, -1.3) + pow(10, -1.9));

	ASSERT_TRUE(dsp_tone_start(&g, &d));
	dsp_tone_generate(&g, buf, 8000);
	/* 8000 samples: 350 and 440 Hz fall on whole cycles, no leakage */
	EXPECT_GT(0.05, fabs(ref_tone_dbm0(buf, 8000, 350) + 13.0));
	EXPECT_GT(0.05, fabs(ref_tone_dbm0(buf, 8000, 440) + 19.0));
	EXPECT_GT(-50.0, ref_tone_dbm0(buf, 8000, 395));
	EXPECT_GT(0.05, fabs(ref_level_dbm0(buf, 8000) - total));
}

TEST(cadence_is_exact_in_samples)
{
	static int16_t buf[24000];
	const struct dsp_zone *us = dsp_zone_find("us");
	struct dsp_tone_gen g;
	int on_peak;

	ASSERT_NE(NULL, us);
	/* US busy: 500 ms on (4000 samples), 500 ms off */
	ASSERT_TRUE(dsp_tone_start(&g, &us->tone[DSP_ZONE_BUSY]));
	dsp_tone_generate(&g, buf, 24000);
	for (int c = 0; c < 3; c++) {
		int base = c * 8000;

		for (int i = base + 4000; i < base + 8000; i++) {
			ASSERT_EQ(0, buf[i]) TH_LOG("sample %d should be off", i);
		}
		on_peak = 0;
		for (int i = base + 3960; i < base + 4000; i++)
			on_peak = abs(buf[i]) > on_peak ? abs(buf[i]) : on_peak;
		EXPECT_LT(500, on_peak) TH_LOG("cycle %d ends early", c);
		on_peak = 0;
		for (int i = base + 1; i < base + 40; i++)
			on_peak = abs(buf[i]) > on_peak ? abs(buf[i]) : on_peak;
		EXPECT_LT(500, on_peak) TH_LOG("cycle %d starts late", c);
	}
}

TEST(repeat_count_ends_the_tone)
{
	static int16_t buf[200000];
	const struct dsp_zone *us = dsp_zone_find("us");
	struct dsp_tone_gen g;

	/* call waiting: 300 ms + 9.7 s, twice = 160000 samples */
	ASSERT_TRUE(dsp_tone_start(&g, &us->tone[DSP_ZONE_CALLWAIT]));
	EXPECT_EQ(160000, dsp_tone_generate(&g, buf, 200000));
	EXPECT_TRUE(g.done);
	for (int i = 160000; i < 200000; i++) {
		ASSERT_EQ(0, buf[i]);
	}
	EXPECT_EQ(0, dsp_tone_generate(&g, buf, 100));
}

TEST(streaming_is_chunk_invariant_and_phase_continuous)
{
	static int16_t one[48000], many[48000];
	const struct dsp_zone *uk = dsp_zone_find("uk");
	struct dsp_tone_gen g;
	struct ref_rng r = { 12345 };
	size_t pos = 0, k;

	ASSERT_TRUE(dsp_tone_start(&g, &uk->tone[DSP_ZONE_RINGBACK]));
	dsp_tone_generate(&g, one, 48000);
	ASSERT_TRUE(dsp_tone_start(&g, &uk->tone[DSP_ZONE_RINGBACK]));
	while (pos < 48000) {
		k = 1 + (size_t)(ref_uniform(&r) * 300);
		if (k > 48000 - pos)
			k = 48000 - pos;
		dsp_tone_generate(&g, many + pos, k);
		pos += k;
	}
	EXPECT_EQ(0, memcmp(one, many, sizeof(one)));
	/* no jumps within a burst: steps bounded by the sum's slope, 1709 */
	for (int i = 1; i < 3200; i++) {
		ASSERT_GT(1800, abs(one[i] - one[i - 1])) TH_LOG("jump at %d", i);
	}
}

TEST(sit_has_three_rising_tones)
{
	static int16_t buf[8000];
	const struct dsp_zone *de = dsp_zone_find("de");
	struct dsp_tone_gen g;

	ASSERT_TRUE(dsp_tone_start(&g, &de->tone[DSP_ZONE_SIT]));
	dsp_tone_generate(&g, buf, 8000);
	/* 330 ms = 2640 samples each */
	EXPECT_GT(1.0, fabs(ref_zero_cross_hz(buf, 2640) - 900));
	EXPECT_GT(1.0, fabs(ref_zero_cross_hz(buf + 2640, 2640) - 1400));
	EXPECT_GT(1.0, fabs(ref_zero_cross_hz(buf + 5280, 2640) - 1800));
}

TEST(every_zone_has_every_tone)
{
	static const char * const codes[] = { "us", "uk", "gb", "de", "fr", "it", "jp", "au",
					      "US", "Gb" };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ASSERT_NE(NULL, dsp_zone_find(codes[i])) TH_LOG("%s", codes[i]);
	}
	EXPECT_EQ(NULL, dsp_zone_find("xx"));
	EXPECT_EQ(NULL, dsp_zone_find("u"));
	EXPECT_EQ(NULL, dsp_zone_find(""));
	EXPECT_EQ(NULL, dsp_zone_find(NULL));
	EXPECT_EQ(dsp_zone_find("uk"), dsp_zone_find("gb"));
	EXPECT_LE(7, dsp_zone_count());
	EXPECT_EQ(NULL, dsp_zone_get(dsp_zone_count()));
	for (unsigned int z = 0; z < dsp_zone_count(); z++) {
		const struct dsp_zone *zn = dsp_zone_get(z);
		unsigned int ring = 0;

		for (int t = 0; t < DSP_ZONE_NTONES; t++) {
			const struct dsp_tone_def *d = &zn->tone[t];
			unsigned int on = 0, total = 0;

			ASSERT_TRUE(dsp_tone_valid(d)) TH_LOG("%s tone %d", zn->code, t);
			EXPECT_LE(-300, d->level1);
			EXPECT_GE(-50, d->level1);
			for (int s = 0; s < d->nseg; s++) {
				uint32_t f1 = d->seg[s].f1, f2 = d->seg[s].f2;

				if (f1)
					EXPECT_TRUE(f1 >= 30000 && f1 <= 200000);
				if (f2)
					EXPECT_TRUE(f2 >= 30000 && f2 <= 200000);
				if (f1 || f2)
					on += d->seg[s].ms;
				total += d->seg[s].ms;
			}
			/* a cadence or a continuous tone, never all silence */
			EXPECT_TRUE(on > 0 || (d->nseg == 1 && d->seg[0].f1))
				TH_LOG("%s tone %d", zn->code, t);
			EXPECT_GE(20000u, total);
		}
		/* SIT: three tones rising between 900 and 1800 Hz */
		EXPECT_LE(4, zn->tone[DSP_ZONE_SIT].nseg);
		EXPECT_LT(zn->tone[DSP_ZONE_SIT].seg[0].f1, zn->tone[DSP_ZONE_SIT].seg[1].f1);
		EXPECT_LT(zn->tone[DSP_ZONE_SIT].seg[1].f1, zn->tone[DSP_ZONE_SIT].seg[2].f1);
		EXPECT_LE(90000u, zn->tone[DSP_ZONE_SIT].seg[0].f1);
		EXPECT_GE(180000u, zn->tone[DSP_ZONE_SIT].seg[2].f1);
		/* the ringer: on/off pairs, at most 2.5 s on, 6 s cycle */
		EXPECT_TRUE(zn->nring >= 2 && zn->nring % 2 == 0);
		for (int i = 0; i < zn->nring; i++) {
			EXPECT_LT(0, zn->ring[i]);
			ring += zn->ring[i];
		}
		EXPECT_GE(6000u, ring);
		EXPECT_LE(2000u, ring);
	}
}

TEST(facts_of_some_zones)
{
	const struct dsp_zone *us = dsp_zone_find("us"), *uk = dsp_zone_find("uk");

	EXPECT_EQ(48000u, us->tone[DSP_ZONE_BUSY].seg[0].f1);
	EXPECT_EQ(62000u, us->tone[DSP_ZONE_BUSY].seg[0].f2);
	EXPECT_EQ(500, us->tone[DSP_ZONE_BUSY].seg[0].ms);
	EXPECT_EQ(250, us->tone[DSP_ZONE_CONGESTION].seg[0].ms);
	EXPECT_EQ(2000, us->tone[DSP_ZONE_RINGBACK].seg[0].ms);
	EXPECT_EQ(4000, us->tone[DSP_ZONE_RINGBACK].seg[1].ms);
	EXPECT_EQ(400, uk->tone[DSP_ZONE_RINGBACK].seg[0].ms);
	EXPECT_EQ(2000, uk->tone[DSP_ZONE_RINGBACK].seg[3].ms);
	EXPECT_EQ(42500u, dsp_zone_find("de")->tone[DSP_ZONE_DIAL].seg[0].f1);
}

TEST(invalid_defs_are_refused)
{
	struct dsp_tone_def d = { .nseg = 0 };
	struct dsp_tone_gen g;
	int16_t buf[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };

	EXPECT_FALSE(dsp_tone_start(&g, &d));
	EXPECT_EQ(0, dsp_tone_generate(&g, buf, 10));
	EXPECT_EQ(0, buf[9]);
	d.nseg = 9;
	EXPECT_FALSE(dsp_tone_valid(&d));
	d.nseg = 2;
	d.seg[0].f1 = 40000;
	d.seg[0].ms = 100;
	EXPECT_FALSE(dsp_tone_valid(&d));	/* second segment has no duration */
	d.seg[1].ms = 100;
	EXPECT_TRUE(dsp_tone_valid(&d));
	d.seg[1].f2 = 400000;
	EXPECT_FALSE(dsp_tone_valid(&d));
}

TEST_HARNESS_MAIN
