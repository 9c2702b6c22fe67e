// SPDX-License-Identifier: GPL-2.0-only
/* Conference mixing: who hears whom, saturation, many parties, in place. */
#include "dsp_test.h"
#include "mix.h"
#include "kselftest_harness.h"

#define N 160

static double tone_power(const int16_t *x, size_t n, uint32_t centihz)
{
	struct dsp_goertzel g;

	dsp_goertzel_init(&g, centihz);
	dsp_goertzel_update(&g, x, n);
	return (double)dsp_goertzel_power(&g);
}

TEST(each_party_hears_the_others_not_itself)
{
	static const uint32_t f[4] = { 50000, 100000, 150000, 200000 };	/* 500..2000 Hz */
	static int16_t in[4][N], out[4][N];
	const int16_t *ip[4];
	int16_t *op[4];
	double full = pow(ref_dbm0_peak(-20) * N / 2, 2);

	for (int p = 0; p < 4; p++) {
		ref_add_sine(in[p], N, f[p] / 100.0, -20, 0);
		ip[p] = in[p];
		op[p] = out[p];
	}
	dsp_mix_conference(ip, op, 4, N);
	for (int p = 0; p < 4; p++) {
		for (int q = 0; q < 4; q++) {
			double pw = tone_power(out[p], N, f[q]);

			if (p == q) {
				EXPECT_GT(full * 1e-4, pw) TH_LOG("party %d hears itself", p);
			} else {
				EXPECT_GT(0.1, fabs(pw / full - 1)) TH_LOG("party %d misses %d", p, q);
			}
		}
	}
}

TEST(sums_exactly_and_saturates)
{
	int16_t a[3] = { 100, 30000, -30000 }, b[3] = { -50, 30000, -30000 };
	int16_t c[3] = { 7, 1, -1 };
	int16_t oa[3], ob[3], oc[3];
	const int16_t *ip[3] = { a, b, c };
	int16_t *op[3] = { oa, ob, oc };

	dsp_mix_conference(ip, op, 3, 3);
	EXPECT_EQ(-43, oa[0]);
	EXPECT_EQ(107, ob[0]);
	EXPECT_EQ(50, oc[0]);
	EXPECT_EQ(30001, oa[1]);
	EXPECT_EQ(32767, oc[1]);
	EXPECT_EQ(-32768, oc[2]);
}

TEST(a_party_alone_hears_silence)
{
	int16_t a[N], o[N];
	const int16_t *ip[1] = { a };
	int16_t *op[1] = { o };

	for (int i = 0; i < N; i++)
		a[i] = (int16_t)(i * 200 - 16000);
	dsp_mix_conference(ip, op, 1, N);
	for (int i = 0; i < N; i++)
		ASSERT_EQ(0, o[i]);
}

TEST(many_parties_at_full_scale_do_not_overflow)
{
	enum { P = 70000 };	/* more than 2^16 parties: a 32-bit sum would wrap */
	int16_t *buf = malloc(sizeof(int16_t) * P);
	const int16_t **ip = malloc(sizeof(*ip) * P);
	int16_t **op = malloc(sizeof(*op) * P);

	ASSERT_NE(NULL, buf);
	for (int p = 0; p < P; p++) {
		buf[p] = p == 0 ? 100 : 32767;
		ip[p] = &buf[p];
		op[p] = &buf[p];	/* in place */
	}
	dsp_mix_conference(ip, op, P, 1);
	for (int p = 0; p < P; p++) {
		ASSERT_EQ(32767, buf[p]);
	}
	/* and the negative side, with one party cancelling the rest to a small value */
	for (int p = 0; p < 3; p++)
		buf[p] = (int16_t[]){ -32768, -32768, 32767 }[p];
	dsp_mix_conference(ip, op, 3, 1);
	EXPECT_EQ(-1, buf[0]);
	EXPECT_EQ(-32768, buf[2]);
	free(buf);
	free(ip);
	free(op);
}

TEST(in_place_equals_out_of_place)
{
	static int16_t in[5][N], out[5][N], inplace[5][N];
	const int16_t *ip[5], *ip2[5];
	int16_t *op[5], *op2[5];
	struct ref_rng r = { 42 };

	for (int p = 0; p < 5; p++) {
		ref_add_noise(in[p], N, -6, &r);
		memcpy(inplace[p], in[p], sizeof(in[p]));
		ip[p] = in[p];
		op[p] = out[p];
		ip2[p] = inplace[p];
		op2[p] = inplace[p];
	}
	dsp_mix_conference(ip, op, 5, N);
	dsp_mix_conference(ip2, op2, 5, N);
	EXPECT_EQ(0, memcmp(out, inplace, sizeof(out)));
}

TEST(add_saturates)
{
	int16_t d[4] = { 1, 32000, -32000, 0 }, s[4] = { 2, 1000, -1000, -5 };

	dsp_mix_add(d, s, 4);
	EXPECT_EQ(3, d[0]);
	EXPECT_EQ(32767, d[1]);
	EXPECT_EQ(-32768, d[2]);
	EXPECT_EQ(-5, d[3]);
}

TEST_HARNESS_MAIN
