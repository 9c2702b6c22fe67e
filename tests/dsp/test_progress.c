// SPDX-License-Identifier: GPL-2.0-only
/*
 * Call progress, fax tones and voice activity, on the generator's output
 * and on reference signals built here in floating point from the same
 * facts, with noise, at low level and chunked in odd ways.
 */
#include <stdio.h>
#include "dsp_test.h"
#include "progress.h"
#include "kselftest_harness.h"

#define MAXN	(20 * DSP_RATE)
#define MAXEV	64

static int16_t sig[MAXN];

struct evlist {
	int n;
	struct dsp_cpd_event e[MAXEV];
};

enum det { CPD, FAX, VAD };

/* Feed n samples in chunks from a pattern (chunk 0: random 1..400). */
static void run(enum det which, const struct dsp_zone *zone, const int16_t *x, size_t n,
		size_t chunk, struct evlist *out)
{
	static struct dsp_cpd c;
	static struct dsp_fax f;
	static struct dsp_vad v;
	struct ref_rng r = { 99 };
	struct dsp_cpd_event ev;
	size_t k, m;

	out->n = 0;
	dsp_cpd_init(&c, zone);
	dsp_fax_init(&f);
	dsp_vad_init(&v);
	while (n) {
		m = chunk ? chunk : 1 + (size_t)(ref_uniform(&r) * 400);
		if (m > n)
			m = n;
		while (m) {
			if (which == CPD)
				k = dsp_cpd_process(&c, x, m, &ev);
			else if (which == FAX)
				k = dsp_fax_process(&f, x, m, &ev);
			else
				k = dsp_vad_process(&v, x, m, &ev);
			x += k;
			m -= k;
			n -= k;
			if (ev.kind != DSP_CPD_NONE && out->n < MAXEV)
				out->e[out->n++] = ev;
		}
	}
}

/* Play a tone def from the zone table by float reference, at dbm0 per frequency. */
static size_t ref_tone(int16_t *x, size_t n, const struct dsp_tone_def *d, double dbm0)
{
	size_t pos = 0, len;
	int s = 0;

	while (pos < n) {
		const struct dsp_tone_seg *g = &d->seg[s];

		len = g->ms ? g->ms * 8u : n;
		if (len > n - pos)
			len = n - pos;
		if (g->f1)
			ref_add_sine(x + pos, len, g->f1 / 100.0, dbm0,
				     2 * M_PI * g->f1 / 100.0 * pos / DSP_RATE);
		if (g->f2)
			ref_add_sine(x + pos, len, g->f2 / 100.0, dbm0,
				     2 * M_PI * g->f2 / 100.0 * pos / DSP_RATE + 1.0);
		pos += len;
		s = (s + 1) % d->nseg;
	}
	return pos;
}

static bool same_tone(const struct dsp_tone_def *a, const struct dsp_tone_def *b)
{
	if (a->nseg != b->nseg)
		return false;
	for (int i = 0; i < a->nseg; i++)
		if (a->seg[i].f1 != b->seg[i].f1 || a->seg[i].f2 != b->seg[i].f2 ||
		    a->seg[i].ms != b->seg[i].ms)
			return false;
	return true;
}

/* The kind expected for tone t of a zone: the first identical tone's. */
static uint32_t expected_kind(const struct dsp_zone *z, int t)
{
	for (int i = 0; i < t; i++)
		if (same_tone(&z->tone[i], &z->tone[t]))
			return DSP_CPD_DIAL + i;
	return DSP_CPD_DIAL + t;
}

#define LEAD	(300 * 8)	/* a little quiet before each tone */
#define TONE_N	(14 * DSP_RATE)

/*
 * Check that the only events are the expected kind (silence allowed
 * first); returns the decision time of the first one in ms, or -1.
 */
static int check_events(struct __test_metadata *_metadata, const struct evlist *l,
			uint32_t want, const char *what)
{
	int first = -1;

	for (int i = 0; i < l->n; i++) {
		EXPECT_EQ(want, l->e[i].kind) TH_LOG("%s: event %d kind %u at %.2f s", what, i,
						     l->e[i].kind, l->e[i].pos / 8000.0);
		if (l->e[i].kind == want && first < 0)
			first = (int)((l->e[i].pos - LEAD) / 8);
	}
	EXPECT_LE(0, first) TH_LOG("%s: not classified", what);
	return first;
}

TEST(classifies_every_tone_of_every_zone_from_the_generator)
{
	struct dsp_tone_gen g;
	struct evlist l;
	char what[64];

	for (unsigned int z = 0; z < dsp_zone_count(); z++) {
		const struct dsp_zone *zn = dsp_zone_get(z);

		for (int t = 0; t < DSP_CPD_TONES; t++) {
			int ms;

			memset(sig, 0, sizeof(sig));
			dsp_tone_start(&g, &zn->tone[t]);
			dsp_tone_generate(&g, sig + LEAD, TONE_N);
			run(CPD, zn, sig, LEAD + TONE_N, 160, &l);
			snprintf(what, sizeof(what), "%s tone %d (generator)", zn->code, t);
			ms = check_events(_metadata, &l, expected_kind(zn, t), what);
			TH_LOG("%s: classified after %d ms", what, ms);
		}
	}
}

TEST(classifies_reference_tones_with_noise_at_low_level)
{
	struct ref_rng r = { 7 };
	struct evlist l;
	char what[64];

	for (unsigned int z = 0; z < dsp_zone_count(); z++) {
		const struct dsp_zone *zn = dsp_zone_get(z);

		for (int t = 0; t < DSP_CPD_TONES; t++) {
			int ms;

			memset(sig, 0, sizeof(sig));
			ref_tone(sig + LEAD, TONE_N, &zn->tone[t], -30);
			ref_add_noise(sig, LEAD + TONE_N, -50, &r);	/* 20 dB S/N */
			run(CPD, zn, sig, LEAD + TONE_N, 0, &l);
			snprintf(what, sizeof(what), "%s tone %d (-30 dBm0, 20 dB S/N)", zn->code, t);
			ms = check_events(_metadata, &l, expected_kind(zn, t), what);
			TH_LOG("%s: classified after %d ms", what, ms);
		}
	}
}

TEST(us_busy_congestion_ringback_are_not_confused)
{
	const struct dsp_zone *us = dsp_zone_find("us");
	struct evlist l;

	for (int t = DSP_ZONE_BUSY; t <= DSP_ZONE_CONGESTION; t++) {
		memset(sig, 0, sizeof(sig));
		ref_tone(sig + LEAD, TONE_N, &us->tone[t], -20);
		run(CPD, us, sig, LEAD + TONE_N, 33, &l);
		ASSERT_LE(1, l.n);
		for (int i = 0; i < l.n; i++) {
			EXPECT_EQ((uint32_t)(DSP_CPD_DIAL + t), l.e[i].kind);
		}
	}
}

TEST(classification_does_not_depend_on_chunking)
{
	const struct dsp_zone *uk = dsp_zone_find("uk");
	static const size_t chunks[] = { 1, 7, 80, 160, 161, 1000, 0 };
	struct ref_rng r = { 3 };
	struct evlist ref, l;

	memset(sig, 0, sizeof(sig));
	ref_tone(sig + LEAD, 4 * DSP_RATE, &uk->tone[DSP_ZONE_RINGBACK], -25);
	ref_tone(sig + LEAD + 4 * DSP_RATE, 4 * DSP_RATE, &uk->tone[DSP_ZONE_BUSY], -25);
	ref_add_noise(sig, MAXN, -45, &r);
	run(CPD, uk, sig, MAXN, 160, &ref);
	ASSERT_LE(2, ref.n);
	EXPECT_EQ(DSP_CPD_RINGBACK, ref.e[0].kind);
	EXPECT_EQ(DSP_CPD_BUSY, ref.e[1].kind);
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		run(CPD, uk, sig, MAXN, chunks[c], &l);
		ASSERT_EQ(ref.n, l.n);
		for (int i = 0; i < l.n; i++) {
			EXPECT_EQ(ref.e[i].kind, l.e[i].kind);
			EXPECT_EQ(ref.e[i].pos, l.e[i].pos);
		}
	}
}

TEST(lowest_level_classified)
{
	const struct dsp_zone *us = dsp_zone_find("us");
	struct evlist l;
	int lowest = 0;

	for (int lev = -20; lev >= -50; lev--) {
		memset(sig, 0, sizeof(sig));
		ref_tone(sig + LEAD, 6 * DSP_RATE, &us->tone[DSP_ZONE_BUSY], lev);
		run(CPD, us, sig, LEAD + 6 * DSP_RATE, 160, &l);
		if (l.n < 1 || l.e[0].kind != DSP_CPD_BUSY)
			break;
		lowest = lev;
	}
	TH_LOG("US busy classified down to %d dBm0 per frequency", lowest);
	EXPECT_GE(-40, lowest);
	EXPECT_LE(-46, lowest);	/* and not in what is really silence */
}

/* Speech-like: low-passed noise with a syllabic (4 Hz) envelope. */
static void speechlike(int16_t *x, size_t n, double dbm0, struct ref_rng *r)
{
	static int16_t tmp[MAXN];
	double y = 0;

	memset(tmp, 0, n * sizeof(*tmp));
	ref_add_noise(tmp, n, dbm0 + 6, r);
	for (size_t i = 0; i < n; i++) {
		double env = fabs(sin(2 * M_PI * 4 * i / DSP_RATE + 0.3 * sin(i / 3000.0)));
		double v;

		y = 0.7 * y + 0.3 * tmp[i];
		v = x[i] + y * env * 1.8;
		x[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
	}
}

TEST(silence_and_unknown)
{
	const struct dsp_zone *de = dsp_zone_find("de");
	struct ref_rng r = { 11 };
	struct evlist l;

	memset(sig, 0, sizeof(sig));
	ref_add_noise(sig, 8 * DSP_RATE, -60, &r);
	run(CPD, de, sig, 8 * DSP_RATE, 0, &l);
	ASSERT_EQ(1, l.n);
	EXPECT_EQ(DSP_CPD_SILENCE, l.e[0].kind);
	EXPECT_GE(20, labs((long)l.e[0].pos / 8 - DSP_CPD_SILENCE_MS));

	memset(sig, 0, sizeof(sig));
	ref_add_noise(sig, 4 * DSP_RATE, -55, &r);
	speechlike(sig + DSP_RATE, 3 * DSP_RATE, -15, &r);
	run(CPD, de, sig, 4 * DSP_RATE, 0, &l);
	ASSERT_EQ(1, l.n);
	EXPECT_EQ(DSP_CPD_UNKNOWN, l.e[0].kind);
	TH_LOG("unknown after %lu ms of speech", (unsigned long)(l.e[0].pos / 8 - 1000));
}

static void cng(int16_t *x, size_t n, double dbm0)
{
	for (size_t p = 0; p < n; p += 3500 * 8)
		ref_add_sine(x + p, n - p < 4000 ? n - p : 4000, 1100, dbm0, 0);
}

TEST(fax_cng_detected)
{
	struct ref_rng r = { 5 };
	struct evlist l;

	memset(sig, 0, sizeof(sig));
	cng(sig + LEAD, 8 * DSP_RATE, -30);
	ref_add_noise(sig, LEAD + 8 * DSP_RATE, -50, &r);
	run(FAX, NULL, sig, LEAD + 8 * DSP_RATE, 0, &l);
	ASSERT_EQ(3, l.n);
	for (int i = 0; i < l.n; i++) {
		EXPECT_EQ(DSP_FAX_CNG, l.e[i].kind);
		EXPECT_GE(40, labs((long)l.e[i].at - (long)(LEAD + i * 28000)));
	}
	TH_LOG("CNG reported %ld ms after its burst began", (long)(l.e[0].pos - LEAD) / 8);
}

TEST(fax_ced_with_and_without_phase_reversals)
{
	struct ref_rng r = { 6 };
	struct evlist l;

	memset(sig, 0, sizeof(sig));
	ref_add_sine(sig + LEAD, 26400, 2100, -25, 0);	/* 3.3 s, plain */
	ref_add_noise(sig, LEAD + 5 * DSP_RATE, -45, &r);
	run(FAX, NULL, sig, LEAD + 5 * DSP_RATE, 0, &l);
	ASSERT_EQ(1, l.n);
	EXPECT_EQ(DSP_FAX_CED, l.e[0].kind);
	TH_LOG("CED reported after %ld ms", (long)(l.e[0].pos - LEAD) / 8);

	/* ANS/: phase reversed every 450 ms */
	memset(sig, 0, sizeof(sig));
	for (int k = 0; k * 3600 < 26400; k++) {
		size_t len = 26400 - k * 3600 < 3600 ? 26400 - k * 3600 : 3600;

		ref_add_sine(sig + LEAD + k * 3600, len, 2100, -25,
			     2 * M_PI * 2100.0 * k * 3600 / DSP_RATE + k * M_PI);
	}
	ref_add_noise(sig, LEAD + 5 * DSP_RATE, -45, &r);
	run(FAX, NULL, sig, LEAD + 5 * DSP_RATE, 0, &l);
	ASSERT_EQ(2, l.n);
	EXPECT_EQ(DSP_FAX_CED, l.e[0].kind);
	EXPECT_EQ(DSP_FAX_CED_PR, l.e[1].kind);
	TH_LOG("ANS/ reported after %ld ms, reversal after %ld ms",
	       (long)(l.e[0].pos - LEAD) / 8, (long)(l.e[1].pos - LEAD) / 8);
}

TEST(fax_no_false_triggers)
{
	static const double dtmf[4][2] = { { 697, 1209 }, { 770, 1336 }, { 852, 1477 },
					   { 941, 1633 } };
	struct ref_rng r = { 8 };
	struct evlist l;

	memset(sig, 0, sizeof(sig));
	speechlike(sig, MAXN, -15, &r);
	run(FAX, NULL, sig, MAXN, 0, &l);
	EXPECT_EQ(0, l.n);

	memset(sig, 0, sizeof(sig));
	for (int k = 0; k < 100; k++) {
		ref_add_sine(sig + k * 1600, 800, dtmf[k % 4][0], -10, 0);
		ref_add_sine(sig + k * 1600, 800, dtmf[k % 4][1], -8, 0);
	}
	run(FAX, NULL, sig, 160000, 0, &l);
	EXPECT_EQ(0, l.n);

	memset(sig, 0, sizeof(sig));
	ref_add_sine(sig, MAXN, 1000, -10, 0);
	run(FAX, NULL, sig, MAXN, 0, &l);
	EXPECT_EQ(0, l.n);

	/* a steady 1100 Hz is not CNG's cadence */
	memset(sig, 0, sizeof(sig));
	ref_add_sine(sig, MAXN, 1100, -10, 0);
	run(FAX, NULL, sig, MAXN, 0, &l);
	EXPECT_EQ(0, l.n);
}

TEST(vad_noise_tone_noise)
{
	struct ref_rng r = { 9 };
	struct evlist l;

	memset(sig, 0, sizeof(sig));
	ref_add_noise(sig, 3 * DSP_RATE, -50, &r);
	ref_add_sine(sig + DSP_RATE, DSP_RATE, 700, -20, 0);
	run(VAD, NULL, sig, 3 * DSP_RATE, 0, &l);
	ASSERT_EQ(2, l.n);
	EXPECT_EQ(DSP_VAD_START, l.e[0].kind);
	EXPECT_GE(80, labs((long)l.e[0].at - DSP_RATE));
	EXPECT_GE(240, (long)l.e[0].pos - DSP_RATE);
	EXPECT_EQ(DSP_VAD_END, l.e[1].kind);
	EXPECT_GE(80, labs((long)l.e[1].at - 2 * DSP_RATE));
	EXPECT_GE((long)(DSP_VAD_HANGOVER_MS + 20) * 8, (long)l.e[1].pos - 2 * DSP_RATE);
	TH_LOG("start at %lu (reported %lu), end at %lu (reported %lu)",
	       (unsigned long)l.e[0].at, (unsigned long)l.e[0].pos,
	       (unsigned long)l.e[1].at, (unsigned long)l.e[1].pos);
}

TEST(vad_ignores_steady_noise_of_any_level)
{
	struct ref_rng r = { 10 };
	struct evlist l;

	for (int lev = -60; lev <= -20; lev += 10) {
		memset(sig, 0, sizeof(sig));
		ref_add_noise(sig, 10 * DSP_RATE, lev, &r);
		run(VAD, NULL, sig, 10 * DSP_RATE, 0, &l);
		/* at most the start of the noise itself, and only at first */
		EXPECT_GE(2, l.n) TH_LOG("%d dBm0 noise", lev);
		for (int i = 0; i < l.n; i++) {
			EXPECT_GE(8000u, l.e[i].pos);
		}
	}
}

TEST_HARNESS_MAIN
