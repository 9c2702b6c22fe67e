// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTMF caller ID end to end: the caller ID encoder's digit string sent by
 * the DTMF generator, through G.711 and noise, heard by the DTMF receiver
 * and parsed back.
 */
#include "dsp_test.h"
#include "callerid.h"
#include "dtmf.h"
#include "g711.h"
#include "kselftest_harness.h"

/* Send @digits, 70 ms on and 70 ms off, through mu-law and noise; return what was heard. */
static void over_the_line(const char *digits, double snr_db, char *heard, size_t max)
{
	static struct dsp_dtmf_tx tx;
	static struct dsp_dtmf_rx rx;
	struct dsp_dtmf_event ev[8];
	struct ref_rng rng = { 77 };
	size_t got = 0;
	int16_t buf[160];

	dsp_dtmf_tx_init(&tx, -90, -70, 560, 560);
	if (dsp_dtmf_tx_queue(&tx, digits))
		return;
	dsp_dtmf_rx_init(&rx);
	for (int chunk = 0; chunk < 400; chunk++) {
		size_t n;

		dsp_dtmf_tx_generate(&tx, buf, 160);
		/* two tones at -9 and -7 dBm0 add up to about -5 dBm0 */
		ref_add_noise(buf, 160, -5 - snr_db, &rng);
		for (int i = 0; i < 160; i++)
			buf[i] = dsp_ulaw_decode(dsp_ulaw_encode(buf[i]));
		n = dsp_dtmf_rx_process(&rx, buf, 160, ev, 8);
		for (size_t k = 0; k < n; k++)
			if (!ev[k].end && got + 1 < max)
				heard[got++] = ev[k].digit;
	}
	heard[got] = 0;
}

TEST(numbers_and_reasons_survive_the_line)
{
	static const char *const numbers[] = { "5551234", "0", "00441632960123", "12345678901234567890" };
	static const char reasons[] = { 'O', 'P' };
	struct dsp_cid_info in, out;
	char digits[64], heard[64];

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		memset(&in, 0, sizeof(in));
		strcpy(in.number, numbers[i]);
		ASSERT_LT(0, dsp_cid_encode_dtmf(&in, digits, sizeof(digits)));
		over_the_line(digits, 20, heard, sizeof(heard));
		EXPECT_STREQ(digits, heard);
		ASSERT_EQ(0, dsp_cid_decode_dtmf(heard, strlen(heard), &out));
		EXPECT_STREQ(numbers[i], out.number);
	}
	for (size_t i = 0; i < sizeof(reasons); i++) {
		memset(&in, 0, sizeof(in));
		in.number_absent = reasons[i];
		ASSERT_LT(0, dsp_cid_encode_dtmf(&in, digits, sizeof(digits)));
		over_the_line(digits, 20, heard, sizeof(heard));
		ASSERT_EQ(0, dsp_cid_decode_dtmf(heard, strlen(heard), &out));
		EXPECT_EQ(reasons[i], out.number_absent);
		EXPECT_EQ(0, out.number[0]);
	}
}

TEST(a_lost_digit_is_caught_not_misread)
{
	struct dsp_cid_info in = { .number = "5551234" }, out;
	char digits[64];
	int len = dsp_cid_encode_dtmf(&in, digits, sizeof(digits));

	ASSERT_LT(2, len);
	/* without its end marker, the string is incomplete and must be refused */
	EXPECT_GT(0, dsp_cid_decode_dtmf(digits, (size_t)len - 1, &out));
	/* without its start marker too */
	EXPECT_GT(0, dsp_cid_decode_dtmf(digits + 1, (size_t)len - 1, &out));
}

TEST_HARNESS_MAIN
