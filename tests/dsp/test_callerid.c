// SPDX-License-Identifier: GPL-2.0-only
/*
 * Caller ID: message formats against hand-computed bytes, and the FSK modem
 * end to end (modulate, impair, demodulate) for Bell 202 and V.23.
 */
#include <stdio.h>
#include <string.h>

#include "dsp_test.h"
#include "fsk.h"
#include "callerid.h"
#include "g711.h"
#include "cid_vectors.h"
#include "kselftest_harness.h"

/* Set the last of n bytes so that all sum to 0 mod 256. */
static void fix_checksum(uint8_t *m, size_t n)
{
	uint8_t sum = 0;

	for (size_t k = 0; k + 1 < n; k++)
		sum += m[k];
	m[n - 1] = (uint8_t)-sum;
}

static struct dsp_cid_info info_of(const char *number, const char *name, int mo, int d,
				   int h, int mi)
{
	struct dsp_cid_info i;

	memset(&i, 0, sizeof(i));
	snprintf(i.number, sizeof(i.number), "%s", number);
	snprintf(i.name, sizeof(i.name), "%s", name);
	i.has_time = mo != 0;
	i.month = mo;
	i.day = d;
	i.hour = h;
	i.minute = mi;
	return i;
}

static bool info_eq(const struct dsp_cid_info *a, const struct dsp_cid_info *b)
{
	return !strcmp(a->number, b->number) && !strcmp(a->name, b->name) &&
	       a->has_time == b->has_time && a->number_absent == b->number_absent &&
	       a->name_absent == b->name_absent &&
	       (!a->has_time || (a->month == b->month && a->day == b->day &&
				 a->hour == b->hour && a->minute == b->minute));
}

TEST(sdmf_encodes_hand_computed_bytes)
{
	struct dsp_cid_info i = info_of("6095551212", "", 9, 30, 12, 24);
	uint8_t buf[64];

	ASSERT_EQ((int)sizeof(sdmf_example), dsp_cid_encode_sdmf(&i, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, sdmf_example, sizeof(sdmf_example)));
	i = info_of("", "", 9, 30, 12, 24);
	i.number_absent = 'P';
	ASSERT_EQ((int)sizeof(sdmf_private), dsp_cid_encode_sdmf(&i, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, sdmf_private, sizeof(sdmf_private)));
}

TEST(mdmf_encodes_hand_computed_bytes)
{
	struct dsp_cid_info i = info_of("8005551212", "JOHN DOE", 3, 24, 9, 2);
	uint8_t buf[128];

	ASSERT_EQ((int)sizeof(mdmf_example), dsp_cid_encode_mdmf(&i, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, mdmf_example, sizeof(mdmf_example)));
	i = info_of("", "", 0, 0, 0, 0);
	i.number_absent = 'O';
	i.name_absent = 'P';
	ASSERT_EQ((int)sizeof(mdmf_absent), dsp_cid_encode_mdmf(&i, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, mdmf_absent, sizeof(mdmf_absent)));
}

TEST(decodes_the_examples)
{
	struct dsp_cid_info o;

	ASSERT_EQ((int)sizeof(sdmf_example), dsp_cid_decode(sdmf_example, sizeof(sdmf_example), &o));
	EXPECT_STREQ("6095551212", o.number);
	EXPECT_STREQ("", o.name);
	EXPECT_TRUE(o.has_time);
	EXPECT_EQ(9, o.month);
	EXPECT_EQ(30, o.day);
	EXPECT_EQ(12, o.hour);
	EXPECT_EQ(24, o.minute);
	EXPECT_EQ(0, o.number_absent);

	ASSERT_EQ((int)sizeof(sdmf_private), dsp_cid_decode(sdmf_private, sizeof(sdmf_private), &o));
	EXPECT_STREQ("", o.number);
	EXPECT_EQ('P', o.number_absent);

	for (int k = 0; k < 2; k++) {
		const uint8_t *m = k ? mdmf_name_first : mdmf_example;

		ASSERT_EQ((int)sizeof(mdmf_example), dsp_cid_decode(m, sizeof(mdmf_example), &o));
		EXPECT_STREQ("8005551212", o.number);
		EXPECT_STREQ("JOHN DOE", o.name);
		EXPECT_EQ(3, o.month);
		EXPECT_EQ(24, o.day);
		EXPECT_EQ(9, o.hour);
		EXPECT_EQ(2, o.minute);
	}

	ASSERT_EQ((int)sizeof(mdmf_absent), dsp_cid_decode(mdmf_absent, sizeof(mdmf_absent), &o));
	EXPECT_FALSE(o.has_time);
	EXPECT_EQ('O', o.number_absent);
	EXPECT_EQ('P', o.name_absent);
}

TEST(rejects_bad_checksum_truncation_and_malformed)
{
	struct dsp_cid_info o;
	uint8_t m[64];

	/* any single bit flip breaks the checksum */
	for (size_t i = 0; i < sizeof(mdmf_example) * 8; i++) {
		memcpy(m, mdmf_example, sizeof(mdmf_example));
		m[i / 8] ^= 1 << (i % 8);
		if (i / 8 == 1)
			continue;	/* the length byte: truncation or checksum */
		ASSERT_EQ(DSP_CID_ECHECKSUM, dsp_cid_decode(m, sizeof(mdmf_example), &o)) {
			TH_LOG("bit %zu", i);
		}
	}
	for (size_t n = 0; n < sizeof(sdmf_example); n++)
		EXPECT_EQ(DSP_CID_ETRUNC, dsp_cid_decode(sdmf_example, n, &o));

	/* an unknown message type (SDMF message waiting, 0x06) */
	memcpy(m, sdmf_private, sizeof(sdmf_private));
	m[0] = 0x06;
	fix_checksum(m, sizeof(sdmf_private));
	EXPECT_EQ(DSP_CID_ETYPE, dsp_cid_decode(m, sizeof(sdmf_private), &o));

	/* month 13 (the checksum kept right) */
	memcpy(m, sdmf_private, sizeof(sdmf_private));
	m[2] = '1';
	m[3] = '3';
	fix_checksum(m, sizeof(sdmf_private));
	EXPECT_EQ(DSP_CID_EFORMAT, dsp_cid_decode(m, sizeof(sdmf_private), &o));
	EXPECT_EQ(0, o.has_time);

	/* a parameter running past the payload: number length 0x0b not 0x0a */
	memcpy(m, mdmf_example, sizeof(mdmf_example));
	m[13] = 0x0b;
	fix_checksum(m, sizeof(mdmf_example));
	EXPECT_EQ(DSP_CID_EFORMAT, dsp_cid_decode(m, sizeof(mdmf_example), &o));

	/* a control character in the name */
	memcpy(m, mdmf_example, sizeof(mdmf_example));
	m[28] = 0x01;
	fix_checksum(m, sizeof(mdmf_example));
	EXPECT_EQ(DSP_CID_EFORMAT, dsp_cid_decode(m, sizeof(mdmf_example), &o));

	/* SDMF payload shorter than its date */
	{
		uint8_t s[] = { 0x04, 0x02, 0x30, 0x31, 0 };

		fix_checksum(s, sizeof(s));
		EXPECT_EQ(DSP_CID_EFORMAT, dsp_cid_decode(s, sizeof(s), &o));
	}
	/* 21 digits do not fit; 20 do */
	m[0] = 0x80;
	m[1] = 23;
	m[2] = 0x02;
	m[3] = 21;
	memset(m + 4, '1', 21);
	fix_checksum(m, 26);
	EXPECT_EQ(DSP_CID_EFORMAT, dsp_cid_decode(m, 26, &o));
	m[3] = 20;
	m[24] = 0x09;		/* and an unknown parameter, empty, is skipped */
	m[25] = 0;
	m[1] = 24;
	fix_checksum(m, 27);
	EXPECT_EQ(27, dsp_cid_decode(m, 27, &o));
	EXPECT_EQ(20, (int)strlen(o.number));
	EXPECT_STREQ("malformed message", dsp_cid_strerror(DSP_CID_EFORMAT));
}

TEST(encoders_reject_what_they_cannot_send)
{
	struct dsp_cid_info i = info_of("5551234", "", 0, 0, 0, 0);
	uint8_t m[64];

	EXPECT_EQ(DSP_CID_EINVAL, dsp_cid_encode_sdmf(&i, m, sizeof(m)));	/* no time */
	i = info_of("5551234", "NAME", 1, 2, 3, 4);
	EXPECT_EQ(DSP_CID_EINVAL, dsp_cid_encode_sdmf(&i, m, sizeof(m)));	/* a name */
	i = info_of("5551234", "", 13, 2, 3, 4);
	EXPECT_EQ(DSP_CID_EINVAL, dsp_cid_encode_mdmf(&i, m, sizeof(m)));	/* month 13 */
	i = info_of("5551234", "", 1, 2, 3, 4);
	i.name_absent = 'X';
	EXPECT_EQ(DSP_CID_EINVAL, dsp_cid_encode_mdmf(&i, m, sizeof(m)));
	i = info_of("5551234", "", 12, 31, 23, 59);
	EXPECT_EQ(DSP_CID_ESPACE, dsp_cid_encode_sdmf(&i, m, 17));
	EXPECT_EQ(18, dsp_cid_encode_sdmf(&i, m, 18));
	i.number[0] = '\t';
	EXPECT_EQ(DSP_CID_EINVAL, dsp_cid_encode_mdmf(&i, m, sizeof(m)));
}

TEST(dtmf_strings_encode_and_parse)
{
	struct dsp_cid_info i = info_of("0123456789", "", 0, 0, 0, 0), o;
	static const char *const bad[] = {
		"", "A", "AC", "A123", "123C", "A12B4C", "D01C", "D1C", "D100C", "E12C",
		"A123456789012345678901C", "A12*C",
	};
	char s[32];

	ASSERT_EQ(12, dsp_cid_encode_dtmf(&i, s, sizeof(s)));
	EXPECT_STREQ("A0123456789C", s);
	ASSERT_EQ(0, dsp_cid_decode_dtmf(s, strlen(s), &o));
	EXPECT_STREQ("0123456789", o.number);
	i = info_of("", "", 0, 0, 0, 0);
	i.number_absent = 'P';
	ASSERT_EQ(4, dsp_cid_encode_dtmf(&i, s, sizeof(s)));
	EXPECT_STREQ("D10C", s);
	i.number_absent = 'O';
	ASSERT_EQ(4, dsp_cid_encode_dtmf(&i, s, sizeof(s)));
	EXPECT_STREQ("D00C", s);
	ASSERT_EQ(0, dsp_cid_decode_dtmf("D10C", 4, &o));
	EXPECT_EQ('P', o.number_absent);
	ASSERT_EQ(0, dsp_cid_decode_dtmf("B00C", 4, &o));
	EXPECT_EQ('O', o.number_absent);
	EXPECT_STREQ("", o.number);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		EXPECT_EQ(DSP_CID_EFORMAT, dsp_cid_decode_dtmf(bad[k], strlen(bad[k]), &o)) {
			TH_LOG("accepted \"%s\"", bad[k]);
		}
	}
	i = info_of("12#", "", 0, 0, 0, 0);
	EXPECT_EQ(DSP_CID_EINVAL, dsp_cid_encode_dtmf(&i, s, sizeof(s)));
	i = info_of("", "", 0, 0, 0, 0);
	EXPECT_EQ(DSP_CID_EINVAL, dsp_cid_encode_dtmf(&i, s, sizeof(s)));
	i = info_of("123", "", 0, 0, 0, 0);
	EXPECT_EQ(DSP_CID_ESPACE, dsp_cid_encode_dtmf(&i, s, 5));
}

/* Zero crossings per second of a long mark or space, and its level. */
TEST(modulator_frequency_level_and_phase_continuity)
{
	static const struct { enum dsp_fsk_std std; double mark, space; } c[] = {
		{ DSP_FSK_BELL202, 1200, 2200 }, { DSP_FSK_V23, 1300, 2100 },
	};
	static int16_t x[16000];

	for (size_t k = 0; k < 2; k++) {
		struct dsp_fsk_mod m;
		uint8_t zeros[150];
		size_t n, z;
		double level;

		memset(zeros, 0, sizeof(zeros));
		/* 1200 bits of mark: one second */
		dsp_fsk_mod_init(&m, c[k].std, -100, DSP_FSK_BAUD);
		ASSERT_EQ(0, dsp_fsk_mod_start(&m, 0, 1200, NULL, 0, 0));
		n = dsp_fsk_mod_generate(&m, x, 16000);
		ASSERT_EQ(8000, n);
		EXPECT_FALSE(dsp_fsk_mod_busy(&m));
		for (z = 0, n = 1; n < 8000; n++)
			z += (x[n - 1] < 0) != (x[n] < 0);
		EXPECT_GT(3.0, fabs(z / 2.0 - c[k].mark));
		level = ref_level_dbm0(x, 8000);
		EXPECT_GT(0.1, fabs(level + 10.0)) TH_LOG("level %.2f", level);

		/* 0x00 bytes are 90% space */
		dsp_fsk_mod_init(&m, c[k].std, -130, DSP_FSK_BAUD);
		ASSERT_EQ(0, dsp_fsk_mod_start(&m, 0, 0, zeros, sizeof(zeros), 0));
		n = dsp_fsk_mod_generate(&m, x, 16000);
		ASSERT_EQ(10000, n);
		for (z = 0, n = 1; n < 10000; n++)
			z += (x[n - 1] < 0) != (x[n] < 0);
		EXPECT_GT(15.0, fabs(z / 2.0 / 1.25 - (0.9 * c[k].space + 0.1 * c[k].mark)));

		/* channel seizure: no jumps, each step within the space tone's slope */
		dsp_fsk_mod_init(&m, c[k].std, 0, DSP_FSK_BAUD);
		ASSERT_EQ(0, dsp_fsk_mod_start(&m, 300, 0, NULL, 0, 0));
		n = dsp_fsk_mod_generate(&m, x, 16000);
		ASSERT_EQ(2000, n);
		for (size_t i = 1; i < n; i++) {
			ASSERT_GE(DSP_DBM0_PEAK * 2 * sin(M_PI * c[k].space / 8000) + 4,
				  abs(x[i] - x[i - 1]));
		}
	}
}

TEST(modulator_streams_into_any_buffer_size)
{
	static const uint8_t msg[] = "any bytes at all";
	static int16_t a[40000], b[40000];
	struct dsp_fsk_mod m;
	size_t na, nb = 0, step = 1, k;

	dsp_fsk_mod_init(&m, DSP_FSK_BELL202, -130, 125000);
	ASSERT_EQ(0, dsp_fsk_mod_start(&m, 30, 20, msg, sizeof(msg), 3));
	na = dsp_fsk_mod_generate(&m, a, 40000);
	dsp_fsk_mod_init(&m, DSP_FSK_BELL202, -130, 125000);
	ASSERT_EQ(0, dsp_fsk_mod_start(&m, 30, 20, msg, sizeof(msg), 3));
	EXPECT_EQ(-1, dsp_fsk_mod_start(&m, 30, 20, msg, sizeof(msg), 3));	/* busy */
	while ((k = dsp_fsk_mod_generate(&m, b + nb, step)) > 0) {
		nb += k;
		step = step % 13 + 1;
	}
	ASSERT_EQ(na, nb);
	/* 30 + 20 + 17 * 10 + 3 bits at 1250 baud: 6.4 samples each */
	EXPECT_EQ(1428, (int)na);	/* 1427.2 samples, rounded up */
	EXPECT_EQ(0, memcmp(a, b, na * sizeof(a[0])));
}

/* A random message that either format can carry, and its encoding. */
static int random_message(struct ref_rng *r, struct dsp_cid_info *i, uint8_t *m)
{
	static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz.-'";
	bool sdmf = ref_uniform(r) < 0.3;
	int nlen = 1 + (int)(ref_uniform(r) * (sdmf ? 10 : 20));
	int mlen = sdmf ? 0 : (int)(ref_uniform(r) * 51);

	memset(i, 0, sizeof(*i));
	for (int k = 0; k < nlen; k++)
		i->number[k] = '0' + (int)(ref_uniform(r) * 10);
	for (int k = 0; k < mlen; k++)
		i->name[k] = letters[(int)(ref_uniform(r) * (sizeof(letters) - 1))];
	if (ref_uniform(r) < 0.1) {
		i->number[0] = 0;
		i->number_absent = ref_uniform(r) < 0.5 ? 'O' : 'P';
	}
	if (!sdmf && !mlen)
		i->name_absent = ref_uniform(r) < 0.5 ? 'O' : 'P';
	i->has_time = sdmf || ref_uniform(r) < 0.8;
	if (i->has_time) {
		i->month = 1 + (int)(ref_uniform(r) * 12);
		i->day = 1 + (int)(ref_uniform(r) * 31);
		i->hour = (int)(ref_uniform(r) * 24);
		i->minute = (int)(ref_uniform(r) * 60);
	}
	return sdmf ? dsp_cid_encode_sdmf(i, m, DSP_CID_MSG_MAX) :
		      dsp_cid_encode_mdmf(i, m, DSP_CID_MSG_MAX);
}

struct channel {
	enum dsp_fsk_std std;
	uint32_t baud;		/* 1/100 baud */
	double snr;		/* dB; 0 for none */
	bool ulaw;
};

#define SIG_MAX 40000

/* Preamble, message, a little mark; silence (or noise) either side. */
static size_t make_signal(const struct channel *c, struct ref_rng *r, const uint8_t *msg, int len,
			  int16_t *x)
{
	struct dsp_fsk_mod m;
	const int lead = 100 + (int)(ref_uniform(r) * 200);
	size_t n;

	memset(x, 0, SIG_MAX * sizeof(*x));
	dsp_fsk_mod_init(&m, c->std, -100, c->baud);
	if (dsp_fsk_mod_start(&m, DSP_FSK_SEIZURE_BITS,
			      c->std == DSP_FSK_V23 ? DSP_FSK_MARK_ETSI : DSP_FSK_MARK_BELL,
			      msg, len, 4))
		return 0;
	n = lead + dsp_fsk_mod_generate(&m, x + lead, SIG_MAX - lead - 300) + 300;
	if (c->snr)
		ref_add_noise(x, n, -10 - c->snr, r);
	if (c->ulaw)
		for (size_t i = 0; i < n; i++)
			x[i] = dsp_ulaw_decode(dsp_ulaw_encode(x[i]));
	return n;
}

/* Messages of count sent through a channel that came out right. */
static int round_trip(const struct channel *c, int count, uint64_t seed)
{
	static int16_t x[SIG_MAX];
	struct ref_rng r = { seed };
	int good = 0;

	for (int k = 0; k < count; k++) {
		struct dsp_cid_info i;
		struct dsp_cid_rx rx;
		uint8_t m[DSP_CID_MSG_MAX];
		int len = random_message(&r, &i, m), res, got = 0;
		size_t n = make_signal(c, &r, m, len, x), pos = 0;

		if (len <= 0 || !n)
			return -1;
		dsp_cid_rx_init(&rx, c->std);
		while (pos < n) {
			pos += dsp_cid_rx_process(&rx, x + pos, n - pos, &res);
			if (res > 0 && res == len && !memcmp(rx.msg, m, len) &&
			    info_eq(&rx.info, &i))
				got++;
			else if (res)
				got = -100;
		}
		good += got == 1;
	}
	return good;
}

static const double snrs[] = { 0, 20 };
static const uint32_t bauds[] = { 120000, 114000, 126000 };

static void sweep(struct __test_metadata *_metadata, enum dsp_fsk_std std, bool ulaw)
{
	for (size_t s = 0; s < 2; s++) {
		for (size_t b = 0; b < 3; b++) {
			struct channel c = { std, bauds[b], snrs[s], ulaw };
			int good = round_trip(&c, 100, 0x1234567 + b * 77 + s);

			EXPECT_EQ(100, good) {
				TH_LOG("std %d baud %u snr %.0f ulaw %d: %d/100", std,
				       bauds[b] / 100, snrs[s], ulaw, good);
			}
		}
	}
}

TEST(bell202_round_trip_timing_and_noise)
{
	sweep(_metadata, DSP_FSK_BELL202, false);
}

TEST(v23_round_trip_timing_and_noise)
{
	sweep(_metadata, DSP_FSK_V23, false);
}

TEST(bell202_round_trip_through_ulaw)
{
	sweep(_metadata, DSP_FSK_BELL202, true);
}

TEST(v23_round_trip_through_ulaw)
{
	sweep(_metadata, DSP_FSK_V23, true);
}

/* Several messages in one stream, noisy, fed in different chunkings. */
TEST(demodulator_and_receiver_do_not_care_about_chunk_size)
{
	static int16_t x[8 * SIG_MAX];
	static const size_t chunks[] = { 1, 2, 7, 80, 160, 1000, 0 };
	struct channel c = { DSP_FSK_V23, 123000, 20, false };
	struct ref_rng r = { 99 };
	uint8_t ref_bytes[4096], bytes[4096];
	int ref_res[16], res_list[16];
	size_t n = 0, nref = 0, nref_res = 0;

	for (int k = 0; k < 6; k++) {
		struct dsp_cid_info i;
		uint8_t m[DSP_CID_MSG_MAX];
		int len = random_message(&r, &i, m);

		n += make_signal(&c, &r, m, len, x + n);
	}
	for (size_t ci = 0; ci < sizeof(chunks) / sizeof(chunks[0]); ci++) {
		struct dsp_fsk_demod d;
		struct dsp_cid_rx rx;
		size_t pos = 0, nb = 0, nres = 0, step;
		int res;

		dsp_fsk_demod_init(&d, c.std);
		while (pos < n) {
			size_t got;

			step = chunks[ci] ? chunks[ci] : 1 + (pos * 7919) % 333;
			if (step > n - pos)
				step = n - pos;
			/* room for just a couple of bytes: it must stop and resume */
			pos += dsp_fsk_demod_block(&d, x + pos, step, bytes + nb,
						   sizeof(bytes) - nb < 2 ? sizeof(bytes) - nb : 2,
						   &got);
			nb += got;
		}
		dsp_cid_rx_init(&rx, c.std);
		for (pos = 0; pos < n;) {
			step = chunks[ci] ? chunks[ci] : 1 + (pos * 104729) % 517;
			if (step > n - pos)
				step = n - pos;
			pos += dsp_cid_rx_process(&rx, x + pos, step, &res);
			if (res && nres < 16)
				res_list[nres++] = res;
		}
		if (ci == 0) {
			memcpy(ref_bytes, bytes, nb);
			nref = nb;
			memcpy(ref_res, res_list, sizeof(res_list));
			nref_res = nres;
			EXPECT_EQ(6, (int)nres);
			continue;
		}
		EXPECT_EQ(nref, nb);
		EXPECT_EQ(0, memcmp(ref_bytes, bytes, nb < nref ? nb : nref));
		EXPECT_EQ(nref_res, nres);
		EXPECT_EQ(0, memcmp(ref_res, res_list, nres * sizeof(int)));
	}
	for (size_t k = 0; k < nref_res; k++)
		EXPECT_LT(0, ref_res[k]);
}

/* A message cut off by loss of carrier is reported, not silently dropped. */
TEST(receiver_reports_truncated_and_corrupt_messages)
{
	static int16_t x[SIG_MAX];
	struct channel c = { DSP_FSK_BELL202, DSP_FSK_BAUD, 0, false };
	struct ref_rng r = { 5 };
	uint8_t m[DSP_CID_MSG_MAX];
	struct dsp_cid_rx rx;
	size_t n, pos = 0;
	int res, last = 0;

	memcpy(m, mdmf_example, sizeof(mdmf_example));
	n = make_signal(&c, &r, m, sizeof(mdmf_example) - 5, x);
	dsp_cid_rx_init(&rx, c.std);
	while (pos < n) {
		pos += dsp_cid_rx_process(&rx, x + pos, n - pos, &res);
		if (res)
			last = res;
	}
	EXPECT_EQ(DSP_CID_ETRUNC, last);

	m[20] ^= 0x10;
	n = make_signal(&c, &r, m, sizeof(mdmf_example), x);
	dsp_cid_rx_init(&rx, c.std);
	last = 0;
	for (pos = 0; pos < n;) {
		pos += dsp_cid_rx_process(&rx, x + pos, n - pos, &res);
		if (res)
			last = res;
	}
	EXPECT_EQ(DSP_CID_ECHECKSUM, last);
}

/* Noise alone, at a level that keeps the carrier detector on, yields no message. */
TEST(noise_alone_gives_no_message)
{
	static int16_t x[80000];
	struct ref_rng r = { 77 };
	struct dsp_cid_rx rx;
	size_t pos = 0;
	int res, msgs = 0;

	memset(x, 0, sizeof(x));
	ref_add_noise(x, 80000, -20, &r);
	dsp_cid_rx_init(&rx, DSP_FSK_BELL202);
	while (pos < 80000) {
		pos += dsp_cid_rx_process(&rx, x + pos, 80000 - pos, &res);
		msgs += res > 0;
	}
	EXPECT_EQ(0, msgs);
}

TEST_HARNESS_MAIN
