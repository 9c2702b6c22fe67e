// SPDX-License-Identifier: GPL-2.0-only
/*
 * G.711 coding by segment arithmetic: a code is a sign, a 3-bit segment
 * (which power of two the magnitude lies in) and a 4-bit step within it.
 * mu-law transmits every bit inverted; A-law inverts the even bits (0x55).
 */
#include "g711.h"

#define ULAW_BIAS	33		/* in 14-bit units */
#define ULAW_MAX	0x1fff		/* 14-bit magnitude + bias, clipped */

uint8_t dsp_ulaw_encode(int16_t x)
{
	uint32_t a = ((uint32_t)(x < 0 ? ~x : x) >> 2) + ULAW_BIAS;
	uint32_t seg = 0;

	if (a > ULAW_MAX)
		a = ULAW_MAX;
	/* segment seg holds biased magnitudes [32 << seg, 64 << seg) */
	while (a >= (64u << seg))
		seg++;
	return (uint8_t)((x >= 0 ? 0x80 : 0) |
			 (~((seg << 4) | ((a >> (seg + 1)) & 0xf)) & 0x7f));
}

int16_t dsp_ulaw_decode(uint8_t code)
{
	uint32_t c = ~code & 0x7f, seg = c >> 4, step = c & 0xf;
	/* the middle of the step: ((2 step + 33) << seg) - 33, in 14-bit units */
	int32_t mag = (int32_t)((((2 * step + 33) << seg) - ULAW_BIAS) << 2);

	return (int16_t)(code & 0x80 ? mag : -mag);
}

uint8_t dsp_alaw_encode(int16_t x)
{
	uint32_t a = (uint32_t)(x < 0 ? ~x : x) >> 4;	/* 0..2047 */
	uint32_t seg = 0;

	/* segment 0 is linear; segment seg >= 1 holds [16 << seg, 32 << seg) */
	if (a >= 16) {
		for (seg = 1; a >= 32; seg++)
			a >>= 1;
		a -= 16;
	}
	return (uint8_t)(((x >= 0 ? 0x80 : 0) | (seg << 4) | a) ^ 0x55);
}

int16_t dsp_alaw_decode(uint8_t code)
{
	uint32_t c = code ^ 0x55, seg = (c >> 4) & 7, step = c & 0xf;
	int32_t mag;

	if (seg == 0)
		mag = (int32_t)(16 * step + 8);
	else
		mag = (int32_t)((2 * step + 33) << (seg + 2));
	return (int16_t)(c & 0x80 ? mag : -mag);
}
