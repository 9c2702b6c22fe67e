/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * G.711 as the standard defines it: decision intervals and reconstruction
 * values per segment, searched by brute force rather than computed the
 * encoder's way. Integer-only, so the host tests and the KUnit suite in the
 * kernel check the codec against the very same reference.
 */
#ifndef TAPI_G711_REF_H
#define TAPI_G711_REF_H

/* mu-law: segment e, step m covers biased 14-bit magnitudes [(2m+32)<<e, (2m+34)<<e). */
static inline int ulaw_ref_value(int code)
{
	int c = ~code & 0x7f, e = c >> 4, m = c & 15;
	int mag14 = ((2 * m + 33) << e) - 33;

	return (code & 0x80 ? 1 : -1) * mag14 * 4;
}

static inline int ulaw_ref_code(int x)
{
	int a = (x < 0 ? ~x : x) >> 2, code;

	for (code = 0; code < 128; code++) {
		int c = ~code & 0x7f, e = c >> 4, m = c & 15;
		int lo = ((2 * m + 32) << e) - 33, hi = ((2 * m + 34) << e) - 33;

		if ((a >= lo && a < hi) || (e == 7 && m == 15 && a >= lo))
			return code | (x >= 0 ? 0x80 : 0);
	}
	return -1;
}

/* A-law: segment 0 is [16m, 16m+16); segment e >= 1 is [(m+16) << (e+3), (m+17) << (e+3)). */
static inline int alaw_ref_value(int code)
{
	int c = code ^ 0x55, e = (c >> 4) & 7, m = c & 15;
	int mag = e ? (2 * m + 33) << (e + 2) : 16 * m + 8;

	return (c & 0x80 ? 1 : -1) * mag;
}

static inline int alaw_ref_code(int x)
{
	int a = x < 0 ? ~x : x, raw;

	for (raw = 0; raw < 128; raw++) {
		int e = raw >> 4, m = raw & 15;
		int lo = e ? (m + 16) << (e + 3) : 16 * m;
		int hi = e ? (m + 17) << (e + 3) : 16 * m + 16;

		if (a >= lo && a < hi)
			return (raw | (x >= 0 ? 0x80 : 0)) ^ 0x55;
	}
	return -1;
}

#endif /* TAPI_G711_REF_H */
