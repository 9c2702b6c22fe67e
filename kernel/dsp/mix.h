/* SPDX-License-Identifier: GPL-2.0-only */
/* Mixing for bridges and conferences. */
#ifndef TAPI_DSP_MIX_H
#define TAPI_DSP_MIX_H

#include "dsp.h"

void dsp_mix_conference(const int16_t *const *in, int16_t *const *out,
			unsigned int parties, size_t samples);
void dsp_mix_add(int16_t *dst, const int16_t *src, size_t samples);

#endif /* TAPI_DSP_MIX_H */
