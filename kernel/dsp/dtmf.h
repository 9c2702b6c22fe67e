/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DTMF (ITU-T Q.23) detection and generation at 8 kHz.
 *
 * The detector cuts the signal into halves of DSP_DTMF_HALF samples and
 * runs a Goertzel filter at each of the 8 frequencies over each. Every
 * half, it judges the window of the last two (DSP_DTMF_BLOCK samples, whose
 * filter nulls fall near the neighbouring frequencies): the two halves
 * together give each tone's power over the window, and the phase a tone
 * gains from one half to the next measures its frequency, independently
 * of its level. That is what lets it accept +-1.5% and reject +-3.5% on
 * every tone (ITU-T Q.24). A digit starts after 4 windows in a row agree
 * on it and ends after 3 without it. Everything is integer and the state
 * is the caller's, so it runs in atomic context.
 */
#ifndef TAPI_DSP_DTMF_H
#define TAPI_DSP_DTMF_H

#include "dsp.h"

/*
 * The receiver and generator, their state and DSP_DTMF_HALF are in
 * tapi_dsp.h, for drivers too.
 */
#define DSP_DTMF_BLOCK		(2 * DSP_DTMF_HALF)	/* 12.75 ms */

#endif /* TAPI_DSP_DTMF_H */
