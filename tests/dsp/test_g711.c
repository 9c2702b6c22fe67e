// SPDX-License-Identifier: GPL-2.0-only
/*
 * G.711, checked exhaustively against the standard's definitions, written
 * here as decision intervals and reconstruction values per segment, and
 * searched by brute force rather than computed the encoder's way.
 */
#include "dsp_test.h"
#include "g711.h"
#include "kselftest_harness.h"

/* mu-law: segment e, step m covers biased 14-bit magnitudes [(2m+32)<<e, (2m+34)<<e). */
static int ulaw_ref_value(int code)
{
	int c = ~code & 0x7f, e = c >> 4, m = c & 15;
	int mag14 = ((2 * m + 33) << e) - 33;

	return (code & 0x80 ? 1 : -1) * mag14 * 4;
}

static int ulaw_ref_code(int x)
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
static int alaw_ref_value(int code)
{
	int c = code ^ 0x55, e = (c >> 4) & 7, m = c & 15;
	int mag = e ? (2 * m + 33) << (e + 2) : 16 * m + 8;

	return (c & 0x80 ? 1 : -1) * mag;
}

static int alaw_ref_code(int x)
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

TEST(ulaw_decodes_all_256_codes_exactly)
{
	for (int c = 0; c < 256; c++) {
		ASSERT_EQ(ulaw_ref_value(c), dsp_ulaw_decode((uint8_t)c)) TH_LOG("code 0x%02x", c);
	}
}

TEST(ulaw_encodes_all_65536_values_exactly)
{
	for (int x = -32768; x <= 32767; x++) {
		ASSERT_EQ(ulaw_ref_code(x), dsp_ulaw_encode((int16_t)x)) TH_LOG("x %d", x);
	}
}

TEST(alaw_decodes_all_256_codes_exactly)
{
	for (int c = 0; c < 256; c++) {
		ASSERT_EQ(alaw_ref_value(c), dsp_alaw_decode((uint8_t)c)) TH_LOG("code 0x%02x", c);
	}
}

TEST(alaw_encodes_all_65536_values_exactly)
{
	for (int x = -32768; x <= 32767; x++) {
		ASSERT_EQ(alaw_ref_code(x), dsp_alaw_encode((int16_t)x)) TH_LOG("x %d", x);
	}
}

TEST(codes_survive_a_round_trip)
{
	for (int c = 0; c < 256; c++) {
		/* 0x7f is mu-law's negative zero: it decodes to 0, which is +0 (0xff) */
		if (c != 0x7f)
			EXPECT_EQ(c, dsp_ulaw_encode(dsp_ulaw_decode((uint8_t)c)));
		EXPECT_EQ(c, dsp_alaw_encode(dsp_alaw_decode((uint8_t)c)));
	}
}

TEST(well_known_codes)
{
	/* silence and the extremes */
	EXPECT_EQ(0xff, dsp_ulaw_encode(0));
	EXPECT_EQ(0xd5, dsp_alaw_encode(0));
	EXPECT_EQ(32124, dsp_ulaw_decode(0x80));
	EXPECT_EQ(-32124, dsp_ulaw_decode(0x00));
	EXPECT_EQ(32256, dsp_alaw_decode(0xaa));
	EXPECT_EQ(-32256, dsp_alaw_decode(0x2a));
}

TEST(quantisation_error_is_within_half_a_step)
{
	for (int x = -32768; x <= 32767; x++) {
		int u = dsp_ulaw_decode(dsp_ulaw_encode((int16_t)x));
		int a = dsp_alaw_decode(dsp_alaw_encode((int16_t)x));
		int mag = abs(x);

		/* steps double per segment; mu-law clips above 32124 + half a step */
		if (mag < 32000)
			ASSERT_GE(mag / 16 + 8, abs(u - x)) TH_LOG("mu x %d -> %d", x, u);
		ASSERT_GE(mag / 32 + 16, abs(a - x)) TH_LOG("A x %d -> %d", x, a);
	}
}

TEST_HARNESS_MAIN
