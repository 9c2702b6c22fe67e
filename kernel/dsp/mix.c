// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conference mixing: each party hears the sum of the others, never itself.
 * The sum of all parties is taken once per sample and each party's own
 * signal subtracted from it, so the cost grows with parties, not with its
 * square. Sums are 64-bit, so any number of parties is exact before the
 * final saturation to 16 bits.
 */
#include "mix.h"

/**
 * dsp_mix_conference() - mix a conference
 * @in: each party's incoming frame
 * @out: each party's outgoing frame; may be the same buffers as @in
 * @parties: number of parties
 * @samples: samples per frame
 */
void dsp_mix_conference(const s16 *const *in, s16 *const *out,
			unsigned int parties, size_t samples)
{
	unsigned int p;
	size_t i;

	for (i = 0; i < samples; i++) {
		s64 total = 0;

		for (p = 0; p < parties; p++)
			total += in[p][i];
		/* every in[p][i] is read before out[p][i] replaces it */
		for (p = 0; p < parties; p++) {
			s64 v = total - in[p][i];

			out[p][i] = (s16)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
		}
	}
}

/**
 * dsp_mix_add() - add @src into @dst, saturating
 * @dst: the frame mixed into
 * @src: the frame added
 * @samples: samples per frame
 */
void dsp_mix_add(s16 *dst, const s16 *src, size_t samples)
{
	size_t i;

	for (i = 0; i < samples; i++)
		dst[i] = dsp_sat16((s32)dst[i] + src[i]);
}
