// SPDX-License-Identifier: GPL-2.0-only
/*
 * Line echo canceller: NLMS adaptive FIR on pre-whitened signals, with a
 * Geigel double-talk detector and a robust (error-clipping) update.
 *
 * Per sample: y = sum c[k] x[n-k] estimates the echo, e = near - y is sent
 * on, and c[k] += mu ew xw[n-k] / (|xw|^2 + delta) moves the estimate toward
 * the echo path, where xw and ew are the far end and the error pre-whitened
 * (below). The far-end sums are kept exact in 64 bits, so normalising takes
 * one 64/32 division per sample, whatever the tail length.
 *
 * One pass over the taps per sample: it first applies the update computed
 * at the previous sample (which is exactly where plain NLMS would have
 * applied it), then sums the new echo estimate with the updated taps. The
 * update is kept in 32 bits: coefficients are held within +-2^30 (a gain of
 * 1, where G.168 echo paths stay under 0.5) and a step is below 2^30 (see
 * ec_set_step()), so c + step cannot overflow before it is clamped. Products
 * with the far end are summed in 64 bits: 1024 * 2^30 * 2^15 < 2^63.
 */
#include "echo.h"

/* step size 0.5: converges nearly as fast as 1 with half the misadjustment */
#define EC_MU_Q15	16384
/* a far end below an RMS of 64 (about -48 dBm0) is too quiet to learn from */
#define EC_FLOOR	64
/* keep adaptation frozen this long after the near end last looked active */
#define EC_HANGOVER	(30 * DSP_RATE / 1000)
/* coefficient bound, Q30: a gain of 1 */
#define EC_COEF_LIM	0x40000000
/* step mantissa below 2^13 times |xw| below 2^17: a step is below 2^30 */
#define EC_STEP_BITS	13
/*
 * no coefficient moves more than 1/4 per sample, whatever the input; below
 * 2^28, so 15 halvings take it under 2^EC_STEP_BITS (the shift stays >= 0)
 */
#define EC_MAX_STEP	0x0fffffff
/*
 * Speech is far from white, and plain NLMS converges slowly along its weak
 * frequencies. The filter is adapted on pre-whitened signals instead:
 * xw = x - a1 x[-1] - a2 x[-2] and ew = near - a1 near[-1] - a2 near[-2] -
 * c.xw share the echo path with x and near but have a flatter spectrum.
 * a1 and a2 are the far end's second-order linear predictor over the tail,
 * Q14, within +-EC_A1_MAX and +-EC_A2_MAX: |a1 x| + |a2 x| < 2^31 and
 * |xw| < 3.85 * 2^15 < 2^17. The whitener is an FIR filter, so any
 * coefficients are stable; the bounds only keep the sums in range.
 */
#define EC_A_SHIFT	14
#define EC_A1_MAX	31130	/* 1.9 */
#define EC_A2_MAX	15565	/* 0.95 */
/* whitener order: samples the window holds beyond the taps, less one */
#define EC_ORDER	2
/*
 * Robust update: errors beyond EC_CLIP times their usual size (@scale) are
 * clipped, so that the quiet start of near speech, before the Geigel test
 * sees it, moves the filter no more than an ordinary error would. The scale
 * grows by at most (EC_CLIP - 1) / 2^EC_SCALE_UP per sample (12 dB in about
 * 90 ms), so a new sound from the far end that the filter does not model
 * yet is learnt within a syllable; it decays more slowly so that pauses in
 * the echo do not leave it small.
 */
#define EC_CLIP		2
#define EC_SCALE_UP	9
#define EC_SCALE_DOWN	11
#define EC_SCALE_MIN	256	/* 1 LSB, Q8 */
#define EC_SCALE_MAX	(32767 << 8)
/*
 * Two-path control (see ec_compare()): the background adapts for
 * EC_CYCLE - 1 blocks, then holds still for one test block. The foreground
 * takes its taps when, over EC_FG_BLOCKS test blocks in a row, the
 * background's error energy is below EC_FG_GAIN_NUM / EC_FG_GAIN_DEN of the
 * foreground's and EC_FG_ERLE times below the near signal's. The
 * background restarts from the foreground when its error is EC_BG_LOSS
 * times the foreground's for EC_BG_BLOCKS blocks.
 */
#define EC_FG_GAIN_NUM	3
#define EC_FG_GAIN_DEN	4
#define EC_FG_ERLE	8
#define EC_FG_DECAY	1
#define EC_CYCLE	4
#define EC_BG_LOSS	4
#define EC_BG_BLOCKS	4

int dsp_echo_init(struct dsp_echo *ec, unsigned int taps, s32 *fg, s32 *bg, s16 *hist)
{
	if (taps < DSP_ECHO_MIN_TAPS || taps > DSP_ECHO_MAX_TAPS || !fg || !bg || !hist)
		return -1;
	memset(ec, 0, sizeof(*ec));
	ec->fg = fg;
	ec->bg = bg;
	ec->hist = hist;
	ec->taps = taps;
	ec->mu = EC_MU_Q15;
	ec->min_energy = (u64)taps * EC_FLOOR * EC_FLOOR;
	/* with the block being collected, these span at least the tail */
	ec->nblk = (taps + DSP_ECHO_BLOCK - 1) / DSP_ECHO_BLOCK;
	dsp_echo_reset(ec);
	return 0;
}

void dsp_echo_reset(struct dsp_echo *ec)
{
	memset(ec->fg, 0, ec->taps * sizeof(*ec->fg));
	memset(ec->bg, 0, ec->taps * sizeof(*ec->bg));
	memset(ec->hist, 0, DSP_ECHO_HIST_LEN(ec->taps) * sizeof(*ec->hist));
	memset(ec->blk_max, 0, sizeof(ec->blk_max));
	/* the first push slides nothing and leaves an all-zero window */
	ec->pos = ec->taps + EC_ORDER;
	ec->energy = 0;
	ec->r1 = 0;
	ec->r2 = 0;
	ec->a1 = 0;
	ec->a2 = 0;
	ec->step_m = 0;
	ec->step_sh = 0;
	ec->step_a1 = 0;
	ec->step_a2 = 0;
	ec->ep1 = 0;
	ec->ep2 = 0;
	ec->ef_prev = 0;
	ec->scale = EC_SCALE_MAX;
	ec->blk_idx = 0;
	ec->blk_fill = 0;
	ec->cur_max = 0;
	ec->far_max = 0;
	ec->hang = 0;
	ec->near_lvl = 0;
	ec->err_lvl = 0;
	ec->blk_near = 0;
	ec->blk_fg = 0;
	ec->blk_bg = 0;
	ec->t_bg = 0;
	ec->t_fg = 0;
	ec->t_near = 0;
	ec->worse = 0;
	ec->reset_bg = false;
	ec->fg_set = false;
	ec->cycle = 0;
	ec->testing = false;
}

void dsp_echo_set_nlp(struct dsp_echo *ec, bool on)
{
	ec->nlp = on;
}

/*
 * The two echo estimates, Q30, over the current window (x): the background
 * filter's (returned) and the foreground's (*fg). Taps and history both run
 * forwards.
 */
static s64 ec_fir(const s32 *c, const s32 *f, const s16 *x, unsigned int n, s64 *fg)
{
	s64 acc = 0, acc_f = 0;
	unsigned int k;

	for (k = 0; k < n; k++) {
		acc += (s64)c[k] * x[k];
		acc_f += (s64)f[k] * x[k];
	}
	*fg = acc_f;
	return acc;
}

/*
 * As ec_fir(), but first apply the background filter's pending update along
 * the previous sample's window (x + 1, whitened with x + 2 and x + 3). The
 * update is 32-bit and branch-free, so it vectorises; the foreground filter
 * shares the pass, so its window is read only once.
 */
static s64 ec_fir_adapt(s32 *c, const s32 *f, const s16 *x, unsigned int n, s32 m, u32 sh,
			s32 a1, s32 a2, s64 *fg)
{
	s32 rnd = (1 << sh) >> 1;
	s64 acc = 0, acc_f = 0;
	unsigned int k;

	for (k = 0; k < n; k++) {
		s32 xw = x[k + 1] - ((a1 * x[k + 2] + a2 * x[k + 3]) >> EC_A_SHIFT);
		s32 v = c[k] + ((m * xw + rnd) >> sh);

		v = v > EC_COEF_LIM ? EC_COEF_LIM : v;
		v = v < -EC_COEF_LIM ? -EC_COEF_LIM : v;
		c[k] = v;
		acc += (s64)v * x[k];
		acc_f += (s64)f[k] * x[k];
	}
	*fg = acc_f;
	return acc;
}

/*
 * Add the far-end sample to the window, sliding the window back to the top
 * of the array when it reaches the bottom; keep the sums over it exact.
 * The window holds @taps + EC_ORDER + 1 samples: the update of the previous
 * sample needs one more, and its whitening EC_ORDER more.
 */
static const s16 *ec_push(struct dsp_echo *ec, s16 far)
{
	unsigned int n = ec->taps, w = n + EC_ORDER;
	s16 *x;

	if (!ec->pos) {
		memcpy(ec->hist + w, ec->hist, w * sizeof(*ec->hist));
		ec->pos = w;
	}
	x = ec->hist + --ec->pos;
	x[0] = far;
	/* each term leaves the sums exactly as it entered: energy stays >= 0 */
	ec->energy = ec->energy + (u64)((s32)far * far) - (u64)((s32)x[n] * x[n]);
	ec->r1 += (s32)x[0] * x[1] - (s32)x[n - 1] * x[n];
	ec->r2 += (s32)x[0] * x[2] - (s32)x[n - 2] * x[n];
	return x;
}

/* Track the far end's peak over the tail, per block, for the Geigel test. */
static u16 ec_far_peak(struct dsp_echo *ec, s16 far)
{
	u16 a = (u16)(far < 0 ? -(s32)far : far);
	unsigned int i;

	if (a > ec->cur_max)
		ec->cur_max = a;
	if (++ec->blk_fill == DSP_ECHO_BLOCK) {
		ec->blk_max[ec->blk_idx] = ec->cur_max;
		if (++ec->blk_idx == ec->nblk)
			ec->blk_idx = 0;
		ec->far_max = 0;
		for (i = 0; i < ec->nblk; i++)
			if (ec->blk_max[i] > ec->far_max)
				ec->far_max = ec->blk_max[i];
		ec->cur_max = 0;
		ec->blk_fill = 0;
	}
	return ec->far_max > ec->cur_max ? ec->far_max : ec->cur_max;
}

/* |n| * 2^EC_A_SHIFT / d, signed, bounded to +-lim; d > 0 and below 2^32 */
static s32 ec_coef(s64 n, u64 d, s32 lim)
{
	u64 q = dsp_div_u64((u64)(n < 0 ? -n : n) << EC_A_SHIFT, (u32)d);

	if (q > (u64)lim)
		q = lim;
	return n < 0 ? -(s32)q : (s32)q;
}

/*
 * a1, a2: the far end's second-order linear predictor over the tail, from
 * its autocorrelation r0..r2 by the normal equations:
 * a1 = r1 (r0 - r2) / (r0^2 - r1^2), a2 = (r0 r2 - r1^2) / (r0^2 - r1^2).
 * r0 is raised by 1/64 (a noise floor under the spectrum), which keeps the
 * system well conditioned and the whitener from boosting what the far end
 * hardly holds.
 */
static void ec_whitener(struct dsp_echo *ec)
{
	s64 r0 = (s64)(ec->energy + (ec->energy >> 8)), r1 = ec->r1, r2 = ec->r2;
	s64 n1, n2;
	u64 det;

	if (ec->energy < ec->min_energy) {
		ec->a1 = 0;
		ec->a2 = 0;
		return;
	}
	/* |r1|, |r2| <= r0 < 2^30: every product below stays under 2^61 */
	while (r0 >> 30) {
		r0 >>= 1;
		r1 >>= 1;
		r2 >>= 1;
	}
	det = (u64)(r0 * r0 - r1 * r1);
	n1 = r1 * (r0 - r2);
	n2 = r0 * r2 - r1 * r1;
	/* |a1| < 2 and |a2| < 1: the numerators stay below 2^34 after this */
	while (det >> 32) {
		det >>= 1;
		n1 >>= 1;
		n2 >>= 1;
	}
	if (!det) {
		ec->a1 = 0;
		ec->a2 = 0;
		return;
	}
	ec->a1 = ec_coef(n1, det, EC_A1_MAX);
	ec->a2 = ec_coef(n2, det, EC_A2_MAX);
}

/*
 * Set the pending update for the whitened error @ew: the Q30 step of tap k
 * is f xw[k] >> 15 with f = mu ew 2^30 / (whitened energy + delta). f is
 * held as a mantissa below 2^EC_STEP_BITS and a right shift, which keeps
 * the per-tap product in 32 bits at a relative precision of 2^-13. The
 * whitened energy, the sum of (x - a1 x[-1] - a2 x[-2])^2, is near enough
 * r0 (1 + a1^2 + a2^2) - 2 a1 (1 - a2) r1 - 2 a2 r2.
 * Return: how much the update lowers the echo estimate of this sample (the
 * a-posteriori correction); *@prev: how much it lowers that of the sample
 * before. The next whitened error needs both.
 */
static s32 ec_set_step(struct dsp_echo *ec, s32 ew, s32 *prev)
{
	/* mu < 2^15 and |ew| < 2^16 (it is clipped): num < 2^61 */
	u64 num = (u64)ec->mu * (u32)(ew < 0 ? -ew : ew) << 30;
	s64 r0 = (s64)ec->energy, r1 = ec->r1, r2 = ec->r2, a1 = ec->a1, a2 = ec->a2;
	/* r0 < 2^41 and |a| < 2^15: each product stays below 2^56 */
	s64 r1a1 = (r1 * a1) >> EC_A_SHIFT;
	s64 w = r0 + ((((r0 * a1) >> EC_A_SHIFT) * a1) >> EC_A_SHIFT) +
		((((r0 * a2) >> EC_A_SHIFT) * a2) >> EC_A_SHIFT) - 2 * r1a1 +
		((2 * r1a1 * a2) >> EC_A_SHIFT) - ((r2 * a2) >> (EC_A_SHIFT - 1));
	u64 den = (w > 0 ? (u64)w : 0) + ec->min_energy;
	u32 f, sh = 15;
	s64 s0, s1;

	*prev = 0;
	/* dsp_div_u64() takes a 32-bit divisor; the shift keeps 31+ bits of it */
	while (den >> 32) {
		den >>= 1;
		num >>= 1;
	}
	num = dsp_div_u64(num, (u32)den);
	f = num > EC_MAX_STEP ? EC_MAX_STEP : (u32)num;
	while (f >> EC_STEP_BITS) {
		f >>= 1;
		sh--;
	}
	ec->step_m = ew < 0 ? -(s32)f : (s32)f;
	ec->step_sh = sh;
	ec->step_a1 = ec->a1;
	ec->step_a2 = ec->a2;
	if (!f)
		return 0;
	/* sums of xw[k] x[k] and xw[k] x[k + 1] over the taps */
	s0 = r0 - r1a1 - ((r2 * a2) >> EC_A_SHIFT);
	s1 = r1 - ((r0 * a1) >> EC_A_SHIFT) - ((r1 * a2) >> EC_A_SHIFT);
	*prev = (s32)((ec->step_m * s1 + (1LL << (sh + 29))) >> (sh + 30));
	return (s32)((ec->step_m * s0 + (1LL << (sh + 29))) >> (sh + 30));
}

/* a Q30 sum to an estimate; a sane one is within 16 bits, bound a wild one */
static s32 ec_round(s64 acc)
{
	acc = (acc + (1 << 29)) >> 30;
	return (s32)(acc > 65535 ? 65535 : acc < -65535 ? -65535 : acc);
}

/*
 * Two-path control, once per block: the background filter adapts on every
 * sample the Geigel test lets through, so near speech it misses (a voice as
 * loud as the far end's, its quiet onsets) pulls it off the echo path. The
 * foreground filter, whose error is what we send, never adapts: it takes
 * the background's taps only after the background has cancelled clearly
 * more of the near signal than it, and at least EC_FG_ERLE of it. That is
 * judged only on test blocks, in which the background holds still: while
 * adapting, NLMS tracks a voiced near talker well enough to cancel much of
 * it, which looks like a better echo estimate but is not; with fixed taps
 * only what the far end really produces is cancelled. A background that
 * has drifted far worse than the foreground restarts from it, so it
 * recovers from double talk at once; not before the foreground holds a
 * copy, though: restarting from empty taps would undo the first
 * convergence, whose word onsets can briefly leave the background worse
 * than no filter at all.
 */
static void ec_compare(struct dsp_echo *ec)
{
	u64 bg = ec->blk_bg, fg = ec->blk_fg, near = ec->blk_near;

	ec->blk_bg = 0;
	ec->blk_fg = 0;
	ec->blk_near = 0;
	if (ec->energy < ec->min_energy) {
		ec->worse = 0;
		return;
	}
	if (ec->testing) {
		ec->t_bg += bg - (ec->t_bg >> EC_FG_DECAY);
		ec->t_fg += fg - (ec->t_fg >> EC_FG_DECAY);
		ec->t_near += near - (ec->t_near >> EC_FG_DECAY);
		if (ec->t_bg * EC_FG_GAIN_DEN < ec->t_fg * EC_FG_GAIN_NUM &&
		    ec->t_bg * EC_FG_ERLE < ec->t_near) {
			memcpy(ec->fg, ec->bg, ec->taps * sizeof(*ec->fg));
			ec->fg_set = true;
			/* the foreground would have done as the background did */
			ec->t_fg = ec->t_bg;
			ec->worse = 0;
			return;
		}
	}
	if (bg > fg * EC_BG_LOSS && ec->fg_set) {
		if (++ec->worse >= EC_BG_BLOCKS) {
			memcpy(ec->bg, ec->fg, ec->taps * sizeof(*ec->bg));
			ec->worse = 0;
			ec->reset_bg = true;
		}
	} else {
		ec->worse = 0;
	}
}

s16 dsp_echo_update(struct dsp_echo *ec, s16 far, s16 near)
{
	const s16 *x = ec_push(ec, far);
	s32 an = near < 0 ? -(s32)near : near, e, ef, ew, ae, aw, lim, out;
	u16 peak;
	s64 acc, acc_f;

	peak = ec_far_peak(ec, far);
	if (!ec->blk_fill)
		ec_whitener(ec);

	if (ec->step_m)
		acc = ec_fir_adapt(ec->bg, ec->fg, x, ec->taps, ec->step_m, ec->step_sh,
				   ec->step_a1, ec->step_a2, &acc_f);
	else
		acc = ec_fir(ec->bg, ec->fg, x, ec->taps, &acc_f);
	ec->step_m = 0;
	e = near - ec_round(acc);
	e = e > 32767 ? 32767 : e < -32767 ? -32767 : e;
	out = near - ec_round(acc_f);
	ef = out > 32767 ? 32767 : out < -32767 ? -32767 : out;

	/*
	 * Geigel: echo comes back at least 6 dB down (G.168's minimum echo
	 * return loss), so a near sample above half the far end's peak over
	 * the tail is the near end talking. At a 6 dB loss the echo itself
	 * often crosses that line on coloured speech, and each false alarm
	 * stops learning for the hangover; so the foreground's residual must
	 * also exceed a quarter of the peak. Until the foreground cancels
	 * anything that changes nothing; once it does, the echo it removes
	 * no longer counts as near speech.
	 */
	ae = ef < 0 ? -ef : ef;
	/* levels in 1/16 units, smoothed over about 4 ms */
	ec->near_lvl += (an * 16 - ec->near_lvl) >> 5;
	ec->err_lvl += (ae * 16 - ec->err_lvl) >> 5;
	if (2 * an > peak && 4 * ae > peak)
		ec->hang = EC_HANGOVER;
	else if (ec->hang)
		ec->hang--;

	ec->blk_near += (u32)(an * an);
	ec->blk_fg += (u32)(ef * ef);
	ec->blk_bg += (u32)(e * e);
	if (!ec->blk_fill) {
		ec_compare(ec);
		if (++ec->cycle == EC_CYCLE)
			ec->cycle = 0;
		ec->testing = ec->cycle == EC_CYCLE - 1;
	}
	if (ec->reset_bg) {
		/* the background restarts from the foreground: its errors are ours */
		ec->reset_bg = false;
		ec->ep2 = ec->ef_prev;
		ec->ep1 = ef;
		ec->ef_prev = ef;
		goto done;
	}
	ec->ef_prev = ef;
	/* near - a1 near[-1] - a2 near[-2] - c.xw, c being the taps just updated */
	ew = e - ((ec->a1 * ec->ep1 + ec->a2 * ec->ep2) >> EC_A_SHIFT);
	ec->ep2 = ec->ep1;
	ec->ep1 = e;
	/*
	 * Learn only while the far end fills the tail and the near end is
	 * quiet; the error scale is frozen otherwise too, so that it still
	 * describes the residual echo when the far end talks again.
	 */
	if (ec->hang || ec->testing || ec->energy < ec->min_energy)
		goto done;
	aw = ew < 0 ? -ew : ew;
	lim = (s32)(((s64)ec->scale * EC_CLIP) >> 8);
	if (aw << 8 > ec->scale) {
		s32 up = aw > lim ? lim << 8 : aw << 8;

		ec->scale += (up - ec->scale) >> EC_SCALE_UP;
	} else {
		ec->scale -= (ec->scale - (aw << 8)) >> EC_SCALE_DOWN;
	}
	if (ec->scale < EC_SCALE_MIN)
		ec->scale = EC_SCALE_MIN;
	if (ec->scale > EC_SCALE_MAX)
		ec->scale = EC_SCALE_MAX;
	ew = ew > lim ? lim : ew < -lim ? -lim : ew;
	if (ew) {
		s32 prev;

		ec->ep1 = e - ec_set_step(ec, ew, &prev);
		ec->ep2 -= prev;
		/* keeps a1 ep1 + a2 ep2 in 32 bits */
		ec->ep1 = ec->ep1 > 32767 ? 32767 : ec->ep1 < -32767 ? -32767 : ec->ep1;
		ec->ep2 = ec->ep2 > 32767 ? 32767 : ec->ep2 < -32767 ? -32767 : ec->ep2;
	}

done:
	if (ec->nlp) {
		/* far end only, and the residual 12 dB or more below the echo */
		if (!ec->hang && peak && ec->err_lvl * 4 < ec->near_lvl)
			return 0;
	}
	return dsp_sat16(out);
}

void dsp_echo_process(struct dsp_echo *ec, const s16 *far, const s16 *near, s16 *out,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = dsp_echo_update(ec, far[i], near[i]);
}
