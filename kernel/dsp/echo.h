/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Line echo canceller: a normalised LMS (NLMS) adaptive FIR filter that
 * models the hybrid's echo path from what we sent (far end, the reference)
 * to what came back (near end), and subtracts its estimate. Two paths
 * guard it against near-end speech: a background filter adapts (frozen by
 * a Geigel double-talk detector when it sees the near end talk), and the
 * foreground filter that makes the output only copies it once it has
 * proved better on the echo. Near speech the detector misses can spoil the
 * background, not the output.
 *
 * Tails of 16 to 128 ms (128 to 1024 taps at 8 kHz). The caller owns all
 * memory: the state, two coefficient arrays of DSP_ECHO_COEF_LEN(@taps)
 * entries and a history array, so the canceller never allocates and can
 * run in a timer tick. An optional non-linear processor (residual suppressor) is off
 * after dsp_echo_init().
 *
 * The history array holds DSP_ECHO_HIST_LEN(taps) samples: the far end is
 * kept as a linear window that slides back to the top of the array once per
 * @taps samples, so the filter runs over contiguous memory.
 */
#ifndef TAPI_DSP_ECHO_H
#define TAPI_DSP_ECHO_H

#include "dsp.h"

#define DSP_ECHO_MIN_TAPS	128	/* 16 ms */
#define DSP_ECHO_MAX_TAPS	1024	/* 128 ms */
#define DSP_ECHO_BLOCK		64	/* far-end peak tracked per block */
#define DSP_ECHO_MAX_BLOCKS	(DSP_ECHO_MAX_TAPS / DSP_ECHO_BLOCK)
/* entries of each of the caller's two coefficient arrays for @taps */
#define DSP_ECHO_COEF_LEN(taps)	(taps)
/* entries of the caller's far-end history array for a tail of @taps */
#define DSP_ECHO_HIST_LEN(taps)	(2 * (taps) + 4)

/**
 * struct dsp_echo - echo canceller state; treat as opaque
 * @fg: foreground echo path estimate, Q30, each within +-1 (caller's
 *	array of @taps): its error is the output; it never adapts, it only
 *	takes @bg's taps once @bg has proved better
 * @bg: background echo path estimate, Q30, each within +-1 (caller's array
 *	of @taps): adapts by NLMS
 * @hist: far-end history, newest at @pos, older at higher indices
 * @taps: filter length
 * @pos: index of the newest far-end sample in @hist
 * @energy: sum of the squares of the @taps newest far-end samples
 * @r1: sum of the products of neighbouring samples among them
 * @r2: sum of the products of samples two apart among them
 * @a1: pre-whitening coefficient of the previous sample, Q14
 * @a2: pre-whitening coefficient of the one before, Q14
 * @min_energy: far-end energy below which the filter does not adapt
 * @mu: NLMS step size, Q15
 * @step_m: pending coefficient update: tap k moves by
 *	(@step_m * whitened x[k]) >> @step_sh (0: none pending)
 * @step_sh: see @step_m
 * @step_a1: @a1 the pending update was computed with
 * @step_a2: @a2 the pending update was computed with
 * @ep1: previous error, less what the pending update takes off it
 * @ep2: the error before it, likewise
 * @ef_prev: previous error of the foreground
 * @scale: robust scale of the whitened error while only the far end talks,
 *	Q8; errors beyond EC_CLIP times it are clipped before adapting
 * @blk_max: peak |far| of each of the last complete blocks (ring)
 * @blk_idx: next slot of @blk_max to overwrite
 * @nblk: number of complete blocks that, with the one being collected,
 *	cover the tail
 * @blk_fill: samples in the block being collected
 * @cur_max: peak |far| of the block being collected
 * @far_max: peak |far| of the complete blocks
 * @hang: samples left of double-talk hangover (no adaptation while > 0)
 * @near_lvl: smoothed |near|, 1/16 units
 * @err_lvl: smoothed |error| of the foreground, 1/16 units
 * @blk_near: energy of the near end over the block being collected
 * @blk_fg: energy of the foreground's error over it
 * @blk_bg: energy of the background's error over it
 * @t_bg: error energy of @bg over the recent test blocks, each block
 *	weighing 1 - 2^-EC_FG_DECAY of the one after it
 * @t_fg: that of @fg
 * @t_near: that of the near signal
 * @worse: blocks in a row in which @bg did far worse than @fg
 * @reset_bg: @bg has just been restarted from @fg
 * @fg_set: @fg holds taps copied from @bg (restarting @bg from an empty
 *	@fg would only throw its learning away)
 * @cycle: blocks into the adaptation cycle (EC_CYCLE blocks: the last a test)
 * @testing: this block is the cycle's test block: the background filter
 *	holds still while it is compared with the foreground
 * @nlp: non-linear processor on
 */
struct dsp_echo {
	s32 *fg;
	s32 *bg;
	s16 *hist;
	unsigned int taps;
	unsigned int pos;
	u64 energy;
	s64 r1;
	s64 r2;
	s32 a1;
	s32 a2;
	u64 min_energy;
	s32 mu;
	s32 step_m;
	u32 step_sh;
	s32 step_a1;
	s32 step_a2;
	s32 ep1;
	s32 ep2;
	s32 ef_prev;
	s32 scale;
	u16 blk_max[DSP_ECHO_MAX_BLOCKS + 1];
	unsigned int blk_idx;
	unsigned int nblk;
	unsigned int blk_fill;
	u16 cur_max;
	u16 far_max;
	unsigned int hang;
	s32 near_lvl;
	s32 err_lvl;
	u64 blk_near;
	u64 blk_fg;
	u64 blk_bg;
	u64 t_bg;
	u64 t_fg;
	u64 t_near;
	unsigned int worse;
	bool reset_bg;
	bool fg_set;
	unsigned int cycle;
	bool testing;
	bool nlp;
};

/**
 * dsp_echo_init() - set up a canceller with an empty echo path estimate
 * @ec: state to initialise
 * @taps: tail length in samples, DSP_ECHO_MIN_TAPS to DSP_ECHO_MAX_TAPS
 * @fg: caller's array of DSP_ECHO_COEF_LEN(@taps) foreground coefficients,
 *	zeroed here
 * @bg: caller's array of DSP_ECHO_COEF_LEN(@taps) background coefficients,
 *	zeroed here (distinct from @fg)
 * @hist: caller's array of DSP_ECHO_HIST_LEN(@taps) far-end samples, zeroed here
 *
 * Return: 0, or -1 if @taps is out of range or an array is missing.
 */
int dsp_echo_init(struct dsp_echo *ec, unsigned int taps, s32 *fg, s32 *bg, s16 *hist);

/**
 * dsp_echo_update() - cancel the echo in one sample
 * @ec: canceller
 * @far: the sample we sent (the echo reference)
 * @near: the sample that came back (echo plus near-end speech)
 *
 * Return: @near with the estimated echo removed.
 */
s16 dsp_echo_update(struct dsp_echo *ec, s16 far, s16 near);

/**
 * dsp_echo_process() - cancel the echo in a block
 * @ec: canceller
 * @far: @n samples sent
 * @near: @n samples received
 * @out: @n cleaned samples (may be the same array as @near)
 * @n: block length
 */
void dsp_echo_process(struct dsp_echo *ec, const s16 *far, const s16 *near, s16 *out,
		      size_t n);

/**
 * dsp_echo_set_nlp() - switch the residual echo suppressor on or off
 * @ec: canceller
 * @on: suppress residual echo while only the far end talks
 */
void dsp_echo_set_nlp(struct dsp_echo *ec, bool on);

/**
 * dsp_echo_reset() - forget the echo path (e.g. after the line was switched)
 * @ec: canceller
 */
void dsp_echo_reset(struct dsp_echo *ec);

#endif /* TAPI_DSP_ECHO_H */
