/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DTMF (ITU-T Q.23) detection and generation at 8 kHz.
 *
 * The detector cuts the signal into halves of DSP_DTMF_HALF samples and
 * runs a Goertzel filter at each of the 8 frequencies over each. Every
 * half, it judges the window of the last two (DSP_DTMF_BLOCK samples, whose
 * filter nulls fall near the neighbouring frequencies): the two halves
 * together give each tone's power over the window, and the phase a tone
 * gains from one half to the next measures its frequency, independently
 * of its level. That is what lets it accept +-1.5% and reject +-3.5% on
 * every tone (ITU-T Q.24). A digit starts after 4 windows in a row agree
 * on it and ends after 3 without it. Everything is integer and the state
 * is the caller's, so it runs in atomic context.
 */
#ifndef TAPI_DSP_DTMF_H
#define TAPI_DSP_DTMF_H

#include "dsp.h"

#define DSP_DTMF_HALF		51	/* samples per half block */
#define DSP_DTMF_BLOCK		(2 * DSP_DTMF_HALF)	/* 12.75 ms */
#define DSP_DTMF_RX_QLEN	8	/* events waiting for the caller */
#define DSP_DTMF_TX_QLEN	32	/* digits waiting to be sent */

/**
 * struct dsp_dtmf_event - a digit starting or ending
 * @sample: position in samples fed since dsp_dtmf_rx_init(): for a start,
 *          the first sample of the first window that heard the digit; for
 *          an end, one past the last sample of the last window that heard
 *          it. Events come out later than that: up to 5 halves after a
 *          start, 3 after an end.
 * @digit: '0'-'9', '*', '#' or 'A'-'D'
 * @end: false for the start of @digit, true for its end
 */
struct dsp_dtmf_event {
	u64 sample;
	char digit;
	bool end;
};

/* One of the 8 frequencies: constants, and its filter's state. */
struct dsp_dtmf_tone {
	struct dsp_goertzel g;
	s32 y1_re, y1_im;	/* the previous half's output */
	s16 cos_w, sin_w;	/* e^(jw), Q15 */
	s16 rot_re, rot_im;	/* e^(-jwH): brings the second half in phase */
	s16 cos_max;	/* cos of the largest phase drift per half */
};

/**
 * struct dsp_dtmf_rx - DTMF detector state (owned by the caller)
 * @tone: the 8 frequencies, rows first
 * @energy: sum of squares of the current half's samples
 * @energy1: the same over the previous half
 * @pos: samples fed since init
 * @min_power: a tone's window power at the lowest accepted level
 * @idx: position in the current half
 * @cur: digit being heard (0: none)
 * @last: digit the previous window heard (0: none)
 * @run: windows in a row that heard @last
 * @misses: windows since @cur was last heard
 * @hit_end: end of the last window that heard @cur
 * @q: events not yet handed to the caller
 * @q_head: oldest event in @q
 * @q_len: events in @q
 * @lost: events dropped because @q overflowed (see dsp_dtmf_rx_process())
 */
struct dsp_dtmf_rx {
	struct dsp_dtmf_tone tone[8];
	u64 energy;
	u64 energy1;
	u64 pos;
	u64 min_power;
	u32 idx;
	char cur;
	char last;
	u8 run;
	u8 misses;
	u64 hit_end;
	struct dsp_dtmf_event q[DSP_DTMF_RX_QLEN];
	u8 q_head;
	u8 q_len;
	u32 lost;
};

void dsp_dtmf_rx_init(struct dsp_dtmf_rx *rx);
size_t dsp_dtmf_rx_process(struct dsp_dtmf_rx *rx, const s16 *x, size_t n,
			   struct dsp_dtmf_event *ev, size_t max);

#define DSP_DTMF_TX_LEVEL_DEFAULT	(-60)	/* -6 dBm0 per tone */

/**
 * struct dsp_dtmf_tx - DTMF generator state (owned by the caller)
 * @lo: row (low group) oscillator
 * @hi: column (high group) oscillator
 * @peak_lo: peak of the row tone
 * @peak_hi: peak of the column tone
 * @on: samples of tone per digit
 * @off: samples of silence after each digit
 * @left: samples left of the current tone or pause
 * @tone: a tone (not a pause) is playing
 * @q: digits to send
 * @q_head: next digit in @q
 * @q_len: digits in @q
 */
struct dsp_dtmf_tx {
	struct dsp_osc lo, hi;
	s16 peak_lo, peak_hi;
	u32 on, off;
	u32 left;
	bool tone;
	char q[DSP_DTMF_TX_QLEN];
	u8 q_head;
	u8 q_len;
};

void dsp_dtmf_tx_init(struct dsp_dtmf_tx *tx, s16 level_low_tenth_dbm0,
		      s16 level_high_tenth_dbm0, u32 on_samples, u32 off_samples);
int dsp_dtmf_tx_queue(struct dsp_dtmf_tx *tx, const char *digits);
size_t dsp_dtmf_tx_generate(struct dsp_dtmf_tx *tx, s16 *out, size_t n);

#endif /* TAPI_DSP_DTMF_H */
