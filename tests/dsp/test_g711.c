// SPDX-License-Identifier: GPL-2.0-only
/*
 * G.711, checked exhaustively against the standard's definitions
 * (g711_ref.h, shared with the KUnit suite).
 */
#include "dsp_test.h"
#include "g711.h"
#include "g711_ref.h"
#include "kselftest_harness.h"

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
