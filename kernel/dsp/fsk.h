/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 1200 baud FSK for on-hook data (caller ID): Bell 202 (mark 1200 Hz, space
 * 2200 Hz) and ITU-T V.23 (mark 1300 Hz, space 2100 Hz), asynchronous
 * framing of one start bit (0), eight data bits LSB first and a stop bit (1).
 *
 * The modulator sends a preamble (channel seizure: alternating bits starting
 * with 0; then a mark signal), a queued message and a short mark trailer,
 * into output buffers of any size, phase-continuously.
 *
 * The demodulator correlates the input with mark and space over one bit
 * and decides on the sign of the difference of their energies. A bit clock
 * starts on each start bit edge and follows every later bit edge, in phase
 * and (slowly) in rate, so the channel seizure trains it to the sender's
 * actual baud rate. Results do not depend on how the input is chunked.
 */
#ifndef TAPI_DSP_FSK_H
#define TAPI_DSP_FSK_H

#include "dsp.h"

/*
 * The standards (enum dsp_fsk_std), the rate and preamble lengths and the
 * modulator are in tapi_dsp.h, for drivers too.
 */

/* correlation window in samples: a bit and a little more resolves V.23 best */
#define DSP_FSK_WIN	8

struct dsp_fsk_demod {
	u32 ph[2];			/* local oscillator phases: space, mark */
	u32 step[2];
	s32 ring[DSP_FSK_WIN][4];	/* mixer products in the window */
	s32 sum[4];			/* their running sums: sI, sQ, mI, mQ */
	u8 ri;			/* ring index */
	s64 prev;			/* previous decision value */
	u32 period;		/* bit length, 1/65536 sample */
	s32 until;			/* time to the next bit sample, 1/65536 sample */
	u8 state;			/* DSP_FSK_S_* */
	u8 nbits;			/* bits of the byte sampled so far */
	u16 shift;			/* bits received, LSB first */
	u16 quiet;			/* samples without carrier */
	u32 idle;			/* samples of mark before this byte */
	u32 gap;			/* idle of the last byte returned, samples */
};

/* Set up a demodulator for a standard. */
void dsp_fsk_demod_init(struct dsp_fsk_demod *d, enum dsp_fsk_std std);
/*
 * Feed one sample: returns a received byte (0..255), or -1 if none was
 * completed. d->gap then holds the time (samples) of mark heard since the
 * last byte, carrier loss or false start: a long gap marks a message start.
 * d->idle counts it up, and is DSP_FSK_NO_GAP while there is no carrier.
 */
#define DSP_FSK_NO_GAP		0xffffffffu
int dsp_fsk_demod_sample(struct dsp_fsk_demod *d, s16 x);
/*
 * Feed up to n samples, storing received bytes in out (at most out_len;
 * processing stops early when it is full). Returns samples used; *nout
 * is set to the number of bytes stored.
 */
size_t dsp_fsk_demod_block(struct dsp_fsk_demod *d, const s16 *x, size_t n, u8 *out,
			   size_t out_len, size_t *nout);

#endif /* TAPI_DSP_FSK_H */
