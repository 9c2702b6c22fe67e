// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tone generator and national tone plans.
 *
 * Sources of the facts in the zone table (frequencies, cadences; levels
 * are the plans' nominal send levels, rounded): ITU-T E.180 and its
 * Supplement 2 ("Various tones used in national networks"), ITU-T E.180
 * section 6 for the SIT, ANSI T1.401 / Telcordia precise tone plan (US),
 * BT SIN 350 (UK), ETSI ES 201 970 and Deutsche Telekom 1 TR 110 (DE),
 * France Telecom STI (FR), Telecom Italia (IT), NTT (JP), ACIF S002 (AU).
 * Amplitude-modulated tones (JP 400 Hz * 16 Hz, AU 425 Hz * 25 Hz) are
 * written as the sum of their two side frequencies.
 */
#include "tone.h"

#define SEG(a, b, t)	{ .f1 = (a), .f2 = (b), .ms = (t) }
#define OFF(t)		SEG(0, 0, t)
#define NSEGS(...)	(sizeof((struct dsp_tone_seg[]){ __VA_ARGS__ }) / \
			 sizeof(struct dsp_tone_seg))
#define TONE(l1, l2, rep, ...)						\
	{ .level1 = (l1), .level2 = (l2), .repeat = (rep),		\
	  .nseg = NSEGS(__VA_ARGS__), .seg = { __VA_ARGS__ } }
#define RING(...)							\
	.ring = { __VA_ARGS__ },					\
	.nring = sizeof((u16[]){ __VA_ARGS__ }) / sizeof(u16)

/* E.180 section 6 SIT: 950, 1400, 1800 Hz, 330 ms each, then 1 s pause */
#define SIT_ITU(l)	TONE(l, 0, 0, SEG(95000, 0, 330), SEG(140000, 0, 330), \
			     SEG(180000, 0, 330), OFF(1000))

static const struct dsp_zone dsp_zones[] = {
	{
		.code = "us", .name = "United States",
		.tone = {
			TONE(-130, -130, 0, SEG(35000, 44000, 0)),
			TONE(-240, -240, 0, SEG(48000, 62000, 500), OFF(500)),
			TONE(-190, -190, 0, SEG(44000, 48000, 2000), OFF(4000)),
			TONE(-240, -240, 0, SEG(48000, 62000, 250), OFF(250)),
			/* the "reorder" SIT: low 913.8, low 1370.6, 1776.7 */
			TONE(-240, -240, 0, SEG(91380, 0, 274), SEG(137060, 0, 274),
			     SEG(177670, 0, 380), OFF(2000)),
			TONE(-130, -130, 2, SEG(44000, 0, 300), OFF(9700)),
		},
		RING(2000, 4000),
	}, {
		.code = "uk", .alias = "gb", .name = "United Kingdom",
		.tone = {
			TONE(-130, -130, 0, SEG(35000, 44000, 0)),
			TONE(-150, -150, 0, SEG(40000, 0, 375), OFF(375)),
			TONE(-190, -190, 0, SEG(40000, 45000, 400), OFF(200),
			     SEG(40000, 45000, 400), OFF(2000)),
			TONE(-150, -150, 0, SEG(40000, 0, 400), OFF(350),
			     SEG(40000, 0, 225), OFF(525)),
			SIT_ITU(-190),
			TONE(-150, -150, 0, SEG(40000, 0, 100), OFF(2000)),
		},
		RING(400, 200, 400, 2000),
	}, {
		.code = "de", .name = "Germany",
		.tone = {
			TONE(-100, -100, 0, SEG(42500, 0, 0)),
			TONE(-100, -100, 0, SEG(42500, 0, 480), OFF(480)),
			TONE(-100, -100, 0, SEG(42500, 0, 1000), OFF(4000)),
			TONE(-100, -100, 0, SEG(42500, 0, 240), OFF(240)),
			TONE(-150, -150, 0, SEG(90000, 0, 330), SEG(140000, 0, 330),
			     SEG(180000, 0, 330), OFF(1000)),
			TONE(-100, -100, 0, SEG(42500, 0, 200), OFF(200),
			     SEG(42500, 0, 200), OFF(5000)),
		},
		RING(1000, 4000),
	}, {
		.code = "fr", .name = "France",
		.tone = {
			TONE(-100, -100, 0, SEG(44000, 0, 0)),
			TONE(-100, -100, 0, SEG(44000, 0, 500), OFF(500)),
			TONE(-100, -100, 0, SEG(44000, 0, 1500), OFF(3500)),
			TONE(-100, -100, 0, SEG(44000, 0, 250), OFF(250)),
			SIT_ITU(-150),
			TONE(-100, -100, 0, SEG(44000, 0, 300), OFF(10000)),
		},
		RING(1500, 3500),
	}, {
		.code = "it", .name = "Italy",
		.tone = {
			TONE(-100, -100, 0, SEG(42500, 0, 200), OFF(200),
			     SEG(42500, 0, 600), OFF(1000)),
			TONE(-100, -100, 0, SEG(42500, 0, 500), OFF(500)),
			TONE(-100, -100, 0, SEG(42500, 0, 1000), OFF(4000)),
			TONE(-100, -100, 0, SEG(42500, 0, 200), OFF(200)),
			SIT_ITU(-150),
			TONE(-100, -100, 0, SEG(42500, 0, 400), OFF(100),
			     SEG(42500, 0, 250), OFF(100), SEG(42500, 0, 150),
			     OFF(14000)),
		},
		RING(1000, 4000),
	}, {
		.code = "jp", .name = "Japan",
		.tone = {
			TONE(-100, -100, 0, SEG(40000, 0, 0)),
			TONE(-100, -100, 0, SEG(40000, 0, 500), OFF(500)),
			TONE(-160, -160, 0, SEG(38400, 41600, 1000), OFF(2000)),
			/* NTT signals congestion with the busy tone */
			TONE(-100, -100, 0, SEG(40000, 0, 500), OFF(500)),
			SIT_ITU(-150),
			TONE(-100, -100, 0, SEG(40000, 0, 100), OFF(100),
			     SEG(40000, 0, 100), OFF(3000)),
		},
		RING(1000, 2000),
	}, {
		.code = "au", .name = "Australia",
		.tone = {
			TONE(-160, -160, 0, SEG(41300, 43800, 0)),
			TONE(-100, -100, 0, SEG(42500, 0, 375), OFF(375)),
			TONE(-160, -160, 0, SEG(41300, 43800, 400), OFF(200),
			     SEG(41300, 43800, 400), OFF(2000)),
			/* like busy; the plan alternates its level, not kept here */
			TONE(-100, -100, 0, SEG(42500, 0, 375), OFF(375)),
			SIT_ITU(-150),
			TONE(-100, -100, 0, SEG(42500, 0, 200), OFF(200),
			     SEG(42500, 0, 200), OFF(4400)),
		},
		RING(400, 200, 400, 2000),
	},
};

unsigned int dsp_zone_count(void)
{
	return sizeof(dsp_zones) / sizeof(*dsp_zones);
}

const struct dsp_zone *dsp_zone_get(unsigned int i)
{
	return i < dsp_zone_count() ? &dsp_zones[i] : NULL;
}

static bool dsp_zone_code_eq(const char *a, const char *b)
{
	char c;

	if (!a || !b)
		return false;
	for (; *a && *b; a++, b++) {
		c = *a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a;
		if (c != *b)
			return false;
	}
	return !*a && !*b;
}

const struct dsp_zone *dsp_zone_find(const char *code)
{
	unsigned int i;

	for (i = 0; i < dsp_zone_count(); i++)
		if (dsp_zone_code_eq(code, dsp_zones[i].code) ||
		    dsp_zone_code_eq(code, dsp_zones[i].alias))
			return &dsp_zones[i];
	return NULL;
}

bool dsp_tone_valid(const struct dsp_tone_def *def)
{
	unsigned int i;

	if (!def || def->nseg < 1 || def->nseg > DSP_TONE_MAX_SEGS)
		return false;
	for (i = 0; i < def->nseg; i++) {
		if (def->seg[i].f1 >= DSP_RATE * 50 || def->seg[i].f2 >= DSP_RATE * 50)
			return false;
		/* a zero duration only makes sense as one continuous tone */
		if (!def->seg[i].ms && def->nseg != 1)
			return false;
	}
	return true;
}

/* Enter segment i: new frequencies, phases kept so the tone stays smooth. */
static void dsp_tone_enter(struct dsp_tone_gen *g, u32 i)
{
	const struct dsp_tone_seg *s = &g->def.seg[i];

	g->seg = i;
	g->left = (u32)s->ms * (DSP_RATE / 1000);
	g->o1.step = dsp_phase_step(s->f1);
	g->o2.step = dsp_phase_step(s->f2);
	g->o1.peak = s->f1 ? dsp_dbm0_peak(g->def.level1) : 0;
	g->o2.peak = s->f2 ? dsp_dbm0_peak(g->def.level2) : 0;
}

bool dsp_tone_start(struct dsp_tone_gen *g, const struct dsp_tone_def *def)
{
	memset(g, 0, sizeof(*g));
	if (!dsp_tone_valid(def)) {
		g->done = true;
		return false;
	}
	g->def = *def;
	dsp_tone_enter(g, 0);
	return true;
}

size_t dsp_tone_generate(struct dsp_tone_gen *g, s16 *out, size_t n)
{
	bool forever = g->def.nseg == 1 && !g->def.seg[0].ms;
	size_t i = 0, run, k;
	s32 v;

	while (i < n && !g->done) {
		run = forever || g->left > n - i ? n - i : g->left;
		for (k = 0; k < run; k++) {
			v = g->o1.peak ? dsp_osc_next(&g->o1) : 0;
			if (g->o2.peak)
				v += dsp_osc_next(&g->o2);
			out[i + k] = dsp_sat16(v);
		}
		i += run;
		if (forever)
			break;
		g->left -= run;
		if (g->left)
			continue;
		if (g->seg + 1 < g->def.nseg) {
			dsp_tone_enter(g, g->seg + 1);
			continue;
		}
		g->cycles++;
		if (g->def.repeat && g->cycles >= g->def.repeat)
			g->done = true;
		else
			dsp_tone_enter(g, 0);
	}
	if (i < n)
		memset(out + i, 0, (n - i) * sizeof(*out));
	return i;
}
