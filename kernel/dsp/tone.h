/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tone generation and national tone plans ("zones"). The tones' and
 * zones' structures, dsp_tone_start(), dsp_tone_generate() and
 * dsp_zone_find() are in tapi_dsp.h, for drivers too; here is what only
 * the core and the tests use.
 */
#ifndef TAPI_DSP_TONE_H
#define TAPI_DSP_TONE_H

#include "dsp.h"

/* Whether def is valid (struct dsp_tone_def says when). */
bool dsp_tone_valid(const struct dsp_tone_def *def);

unsigned int dsp_zone_count(void);
/* The i-th zone, NULL past the end. */
const struct dsp_zone *dsp_zone_get(unsigned int i);

#endif /* TAPI_DSP_TONE_H */
