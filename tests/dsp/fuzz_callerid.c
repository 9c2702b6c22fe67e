// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for caller ID: arbitrary bytes as a message (decode,
 * re-encode, decode again must agree), as a DTMF string, and as samples for
 * the FSK receiver in chunk sizes the input chooses.
 */
#include <stdint.h>
#include <string.h>

#include "fsk.h"
#include "callerid.h"

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

static bool terminated(const char *s, size_t n)
{
	return memchr(s, 0, n) != NULL;
}

static void check_info(const struct dsp_cid_info *i)
{
	CHECK(terminated(i->number, sizeof(i->number)));
	CHECK(terminated(i->name, sizeof(i->name)));
	CHECK(!i->number_absent || i->number_absent == 'O' || i->number_absent == 'P');
	CHECK(!i->name_absent || i->name_absent == 'O' || i->name_absent == 'P');
}

static bool same(const struct dsp_cid_info *a, const struct dsp_cid_info *b)
{
	return !strcmp(a->number, b->number) && !strcmp(a->name, b->name) &&
	       a->has_time == b->has_time && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->minute == b->minute &&
	       a->number_absent == b->number_absent && a->name_absent == b->name_absent;
}

static void fuzz_message(const uint8_t *data, size_t size)
{
	struct dsp_cid_info a, b;
	uint8_t m[DSP_CID_MSG_MAX];
	char s[DSP_CID_NUMBER_MAX + 4];
	int n = dsp_cid_decode(data, size, &a), k;

	check_info(&a);
	if (n < 0) {
		CHECK(n >= DSP_CID_EFORMAT);
		return;
	}
	CHECK((size_t)n <= size && n == data[1] + 3);
	/* MDMF carries everything; SDMF what came as SDMF */
	k = data[0] == DSP_CID_SDMF ? dsp_cid_encode_sdmf(&a, m, sizeof(m)) :
				      dsp_cid_encode_mdmf(&a, m, sizeof(m));
	CHECK(k > 0 && k <= (int)sizeof(m));
	CHECK(dsp_cid_decode(m, k, &b) == k);
	CHECK(same(&a, &b));
	k = dsp_cid_encode_mdmf(&a, m, sizeof(m));
	CHECK(k > 0 && dsp_cid_decode(m, k, &b) == k && same(&a, &b));
	/* the DTMF form, where it can carry the number */
	k = dsp_cid_encode_dtmf(&a, s, sizeof(s));
	if (k > 0) {
		CHECK(s[k] == 0);
		CHECK(dsp_cid_decode_dtmf(s, k, &b) == 0);
		CHECK(!strcmp(a.number, b.number) && a.number_absent == b.number_absent);
	}
}

static void fuzz_dtmf(const uint8_t *data, size_t size)
{
	struct dsp_cid_info a, b;
	char s[DSP_CID_NUMBER_MAX + 4];
	int k;

	if (dsp_cid_decode_dtmf((const char *)data, size, &a) < 0)
		return;
	check_info(&a);
	k = dsp_cid_encode_dtmf(&a, s, sizeof(s));
	CHECK(k > 0 && (size_t)k == size && !memcmp(s, data, size) == (data[0] != 'B'));
	CHECK(dsp_cid_decode_dtmf(s, k, &b) == 0 && same(&a, &b));
}

static void fuzz_samples(const uint8_t *data, size_t size)
{
	static struct dsp_cid_rx rx, rx1;
	static struct dsp_fsk_demod d;
	static int16_t x[4096];
	size_t n = size / 2, pos = 0, step, i, got;
	uint8_t out[8], chunk = size ? data[0] : 0;
	int res, res1;

	if (n > sizeof(x) / sizeof(x[0]))
		n = sizeof(x) / sizeof(x[0]);
	for (i = 0; i < n; i++)
		x[i] = (int16_t)(data[2 * i] | data[2 * i + 1] << 8);
	dsp_fsk_demod_init(&d, chunk & 1 ? DSP_FSK_V23 : DSP_FSK_BELL202);
	dsp_cid_rx_init(&rx, chunk & 1 ? DSP_FSK_V23 : DSP_FSK_BELL202);
	dsp_cid_rx_init(&rx1, chunk & 1 ? DSP_FSK_V23 : DSP_FSK_BELL202);
	for (pos = 0, i = 0; pos < n; i++) {
		step = 1 + data[i % size] % 97;
		if (step > n - pos)
			step = n - pos;
		pos += dsp_fsk_demod_block(&d, x + pos, step, out, 1 + chunk % 8, &got);
		CHECK(got <= 8);
	}
	/* the receiver in chunks and sample by sample must agree */
	for (pos = 0, i = 0; pos < n;) {
		step = 1 + data[i++ % size] % 61;
		if (step > n - pos)
			step = n - pos;
		while (step) {
			size_t used = dsp_cid_rx_process(&rx, x + pos, step, &res);

			CHECK(used >= 1 && used <= step);
			for (size_t j = 0; j < used; j++) {
				dsp_cid_rx_process(&rx1, x + pos + j, 1, &res1);
				CHECK(j + 1 == used ? res1 == res : res1 == 0);
			}
			if (res > 0) {
				check_info(&rx.info);
				CHECK(dsp_cid_decode(rx.msg, res, &rx1.info) == res);
			}
			pos += used;
			step -= used;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	fuzz_message(data, size);
	fuzz_dtmf(data, size);
	fuzz_samples(data, size);
	return 0;
}
