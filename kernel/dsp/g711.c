// SPDX-License-Identifier: GPL-2.0-only
/*
 * G.711 coding by segment arithmetic: a code is a sign, a 3-bit segment
 * (which power of two the magnitude lies in) and a 4-bit step within it.
 * mu-law transmits every bit inverted; A-law inverts the even bits (0x55).
 */
#include "g711.h"

#define ULAW_BIAS	33		/* in 14-bit units */
#define ULAW_MAX	0x1fff		/* 14-bit magnitude + bias, clipped */

u8 dsp_ulaw_encode(s16 x)
{
	u32 a = ((u32)(x < 0 ? ~x : x) >> 2) + ULAW_BIAS;
	u32 seg = 0;

	if (a > ULAW_MAX)
		a = ULAW_MAX;
	/* segment seg holds biased magnitudes [32 << seg, 64 << seg) */
	while (a >= (64u << seg))
		seg++;
	return (u8)((x >= 0 ? 0x80 : 0) |
			 (~((seg << 4) | ((a >> (seg + 1)) & 0xf)) & 0x7f));
}

s16 dsp_ulaw_decode(u8 code)
{
	u32 c = ~code & 0x7f, seg = c >> 4, step = c & 0xf;
	/* the middle of the step: ((2 step + 33) << seg) - 33, in 14-bit units */
	s32 mag = (s32)((((2 * step + 33) << seg) - ULAW_BIAS) << 2);

	return (s16)(code & 0x80 ? mag : -mag);
}

u8 dsp_alaw_encode(s16 x)
{
	u32 a = (u32)(x < 0 ? ~x : x) >> 4;	/* 0..2047 */
	u32 seg = 0;

	/* segment 0 is linear; segment seg >= 1 holds [16 << seg, 32 << seg) */
	if (a >= 16) {
		for (seg = 1; a >= 32; seg++)
			a >>= 1;
		a -= 16;
	}
	return (u8)(((x >= 0 ? 0x80 : 0) | (seg << 4) | a) ^ 0x55);
}

s16 dsp_alaw_decode(u8 code)
{
	u32 c = code ^ 0x55, seg = (c >> 4) & 7, step = c & 0xf;
	s32 mag;

	if (seg == 0)
		mag = (s32)(16 * step + 8);
	else
		mag = (s32)((2 * step + 33) << (seg + 2));
	return (s16)(c & 0x80 ? mag : -mag);
}
