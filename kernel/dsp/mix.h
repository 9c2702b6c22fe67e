/* SPDX-License-Identifier: GPL-2.0-only */
/* Mixing for bridges and conferences. */
#ifndef TAPI_DSP_MIX_H
#define TAPI_DSP_MIX_H

#include "dsp.h"

void dsp_mix_conference(const s16 *const *in, s16 *const *out,
			unsigned int parties, size_t samples);
void dsp_mix_add(s16 *dst, const s16 *src, size_t samples);

#endif /* TAPI_DSP_MIX_H */
