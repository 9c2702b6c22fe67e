/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the DSP's host tests: reference signals computed in floating
 * point (the DSP under test is fixed-point), and measurements.
 */
#ifndef TAPI_DSP_TEST_H
#define TAPI_DSP_TEST_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "dsp.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Peak amplitude of a sine at a level in dBm0 (the DSP's definition). */
static inline double ref_dbm0_peak(double dbm0)
{
	return DSP_DBM0_PEAK * pow(10.0, dbm0 / 20.0);
}

/* Add a sine to buf (saturating). */
static inline void ref_add_sine(int16_t *buf, size_t n, double freq, double dbm0,
				double phase)
{
	double a = ref_dbm0_peak(dbm0);

	for (size_t i = 0; i < n; i++) {
		double v = buf[i] + a * sin(2 * M_PI * freq * i / DSP_RATE + phase);

		buf[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : lrint(v));
	}
}

/* Deterministic Gaussian noise (xorshift + Box-Muller) at an RMS level in dBm0. */
struct ref_rng {
	uint64_t s;
};

static inline double ref_uniform(struct ref_rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return ((r->s >> 11) + 0.5) / 9007199254740992.0;
}

static inline void ref_add_noise(int16_t *buf, size_t n, double dbm0, struct ref_rng *r)
{
	/* a sine's RMS is its peak / sqrt(2) */
	double rms = ref_dbm0_peak(dbm0) / sqrt(2.0);

	for (size_t i = 0; i < n; i++) {
		double g = sqrt(-2 * log(ref_uniform(r))) * cos(2 * M_PI * ref_uniform(r));
		double v = buf[i] + rms * g;

		buf[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : lrint(v));
	}
}

/* RMS level of a signal in dBm0. */
static inline double ref_level_dbm0(const int16_t *buf, size_t n)
{
	double e = 0;

	for (size_t i = 0; i < n; i++)
		e += (double)buf[i] * buf[i];
	return 20 * log10(sqrt(e / n) * sqrt(2.0) / DSP_DBM0_PEAK + 1e-12);
}

#endif /* TAPI_DSP_TEST_H */
