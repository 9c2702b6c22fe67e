/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tone generation and national tone plans ("zones").
 *
 * A tone is a cadence of up to DSP_TONE_MAX_SEGS segments. Each segment
 * plays one or two frequencies (or none: a pause) for a number of ms, so
 * a SIT's three rising tones are three segments of one tone. The cadence
 * repeats forever or a given number of times.
 */
#ifndef TAPI_DSP_TONE_H
#define TAPI_DSP_TONE_H

#include "dsp.h"

#define DSP_TONE_MAX_SEGS	8

/**
 * struct dsp_tone_seg - one step of a cadence
 * @f1: first frequency in 1/100 Hz, 0 for none
 * @f2: second frequency in 1/100 Hz, 0 for none (both 0: a pause)
 * @ms: duration in ms; 0 in the last segment of a one-segment tone means
 *	continuous
 */
struct dsp_tone_seg {
	u32 f1;
	u32 f2;
	u16 ms;
};

/**
 * struct dsp_tone_def - a tone: levels and cadence
 * @level1: level of @f1 in every segment, 1/10 dBm0
 * @level2: level of @f2 in every segment, 1/10 dBm0
 * @nseg: number of segments used (1..DSP_TONE_MAX_SEGS)
 * @repeat: times the cadence plays, 0 for forever
 * @seg: the segments
 */
struct dsp_tone_def {
	s16 level1;
	s16 level2;
	u8 nseg;
	u8 repeat;
	struct dsp_tone_seg seg[DSP_TONE_MAX_SEGS];
};

/**
 * struct dsp_tone_gen - a tone generator; owned by the caller
 * @def: a copy of the tone played
 * @o1: oscillator of the first frequency
 * @o2: oscillator of the second frequency
 * @seg: index of the segment playing
 * @left: samples left in the segment (unused when continuous)
 * @cycles: cadences completed
 * @done: the tone has ended; the generator writes silence
 */
struct dsp_tone_gen {
	struct dsp_tone_def def;
	struct dsp_osc o1, o2;
	u32 seg;
	u32 left;
	u32 cycles;
	bool done;
};

/*
 * A def is valid if 1 <= nseg <= 8, frequencies < 4000 Hz, a duration in
 * every segment unless the tone is one continuous segment.
 */
bool dsp_tone_valid(const struct dsp_tone_def *def);
/* Start playing def (copied) from its first segment; false if invalid. */
bool dsp_tone_start(struct dsp_tone_gen *g, const struct dsp_tone_def *def);
/* Write n samples; returns how many were tone (the rest are 0s). */
size_t dsp_tone_generate(struct dsp_tone_gen *g, s16 *out, size_t n);

/* The tones of a zone, in this order. */
enum dsp_zone_tone {
	DSP_ZONE_DIAL,
	DSP_ZONE_BUSY,
	DSP_ZONE_RINGBACK,
	DSP_ZONE_CONGESTION,
	DSP_ZONE_SIT,
	DSP_ZONE_CALLWAIT,
	DSP_ZONE_NTONES
};

/**
 * struct dsp_zone - a national tone plan
 * @code: ISO 3166 alpha-2 country code, lower case
 * @alias: another accepted code ("gb" for "uk") or NULL
 * @name: the country
 * @tone: the tones, indexed by enum dsp_zone_tone
 * @ring: ringer cadence in ms, on and off alternating, starting with on
 * @nring: entries used in @ring
 */
struct dsp_zone {
	const char *code;
	const char *alias;
	const char *name;
	struct dsp_tone_def tone[DSP_ZONE_NTONES];
	u16 ring[DSP_TONE_MAX_SEGS];
	u8 nring;
};

unsigned int dsp_zone_count(void);
/* The i-th zone, NULL past the end. */
const struct dsp_zone *dsp_zone_get(unsigned int i);
/* A zone by country code, case-insensitive; NULL if unknown. */
const struct dsp_zone *dsp_zone_find(const char *code);

#endif /* TAPI_DSP_TONE_H */
