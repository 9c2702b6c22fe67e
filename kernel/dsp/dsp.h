/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The telephony DSP's common ground. Every file in kernel/dsp/ is plain
 * fixed-point C that includes only this header (and the DSP's own), so
 * the same files build into tapi.ko and into userspace tests, fuzzers and
 * benchmarks. This is the one place that knows which of the two it is
 * built for. It then includes tapi_dsp.h (kernel/include/), the part of
 * the DSP drivers may use: the units, the state structures, and the
 * generators' and DTMF receiver's functions.
 *
 * Audio is 8 kHz, 16-bit linear. Levels: 0 dBm0 is a sine of peak
 * DSP_DBM0_PEAK (3.14 dB below a full-scale sine, G.711 A-law's overload).
 * Frequencies are in 1/100 Hz, levels in 1/10 dB, so no API takes a float.
 */
#ifndef TAPI_DSP_H
#define TAPI_DSP_H

#ifdef __KERNEL__
#include <linux/math64.h>
#include <linux/string.h>
#include <linux/types.h>
static inline u64 dsp_div_u64(u64 n, u32 d)
{
	return div_u64(n, d);
}
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
/* the kernel's type names, so the code reads the same in both builds */
typedef uint8_t u8;
typedef int8_t s8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
typedef int32_t s32;
typedef uint64_t u64;
typedef int64_t s64;
static inline u64 dsp_div_u64(u64 n, u32 d)
{
	return n / d;
}
#endif

#include "tapi_dsp.h"

/* sin of a phase where 2^32 is a full turn, Q15 (+-32767) */
s16 dsp_sin(u32 phase);
/* phase increment per sample for a frequency in 1/100 Hz */
u32 dsp_phase_step(u32 freq_centihz);
/* 10^(-tenth_db / 200) in Q15: an attenuation of tenth_db / 10 dB */
u16 dsp_att_q15(u32 tenth_db);
/* peak amplitude of a sine at tenth_dbm0 / 10 dBm0 (limited to full scale) */
s16 dsp_dbm0_peak(s32 tenth_dbm0);

/* A sine oscillator (struct dsp_osc). */
void dsp_osc_init(struct dsp_osc *o, u32 freq_centihz, s16 peak);
s16 dsp_osc_next(struct dsp_osc *o);

/*
 * Goertzel filter (struct dsp_goertzel): the energy of one frequency over
 * a block of samples. Feed a block with dsp_goertzel_update() (in pieces
 * if need be), read its power with dsp_goertzel_power(), which also resets
 * the state. The power of a sine of peak A over N samples is about
 * (A * N / 2)^2.
 */

/*
 * One sample into a Goertzel state held anywhere (dsp_goertzel_update()
 * keeps it in the struct; the DTMF detector in registers, several filters
 * side by side). |s| stays below n * 32768, so blocks up to 2^15 samples
 * fit.
 */
static inline void dsp_goertzel_step(s32 *s1, s32 *s2, s32 coef, s32 x)
{
	s32 s0 = (s32)(((s64)coef * *s1) >> 14) - *s2 + x;

	*s2 = *s1;
	*s1 = s0;
}

void dsp_goertzel_init(struct dsp_goertzel *g, u32 freq_centihz);
void dsp_goertzel_update(struct dsp_goertzel *g, const s16 *x, size_t n);
u64 dsp_goertzel_power(struct dsp_goertzel *g);

#endif /* TAPI_DSP_H */
