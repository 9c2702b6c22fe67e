/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ITU-T G.711 mu-law and A-law. Linear samples are 16-bit; the 14-bit
 * (mu-law) and 13-bit (A-law) values of the standard are their top bits.
 * Negative inputs are taken in one's complement, as the standard's
 * reference software does, so encoding is exact for every 16-bit value.
 */
#ifndef TAPI_DSP_G711_H
#define TAPI_DSP_G711_H

#include "dsp.h"

u8 dsp_ulaw_encode(s16 x);
s16 dsp_ulaw_decode(u8 code);
u8 dsp_alaw_encode(s16 x);
s16 dsp_alaw_decode(u8 code);

#endif /* TAPI_DSP_G711_H */
