// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTMF detector and generator (ITU-T Q.23, Q.24). See dtmf.h for the
 * method. Fixed point only: it runs in the driver's 1 ms timer tick.
 */
#include "dtmf.h"

/* Q.23 frequencies in 1/100 Hz: rows (low group), then columns. */
static const u32 dsp_dtmf_freq[8] = {
	69700, 77000, 85200, 94100, 120900, 133600, 147700, 163300,
};

static const char dsp_dtmf_digits[16] = "123A456B789C*0#D";

/*
 * Decision thresholds. Powers are |DFT|^2 over the block; a tone of peak A
 * gives about (A * DSP_DTMF_BLOCK / 2)^2.
 */
#define DSP_DTMF_MIN_LEVEL	(-420)	/* per tone, 1/10 dBm0 */
#define DSP_DTMF_DRIFT_PERMILLE	25	/* frequency error accepted: 2.5% */
/* twist limits as power ratios in Q4: 10 dB normal, 6 dB reverse */
#define DSP_DTMF_TWIST_NORMAL	160
#define DSP_DTMF_TWIST_REVERSE	64
/* the other tones of a group must be 8 dB weaker (Q4) */
#define DSP_DTMF_REL_PEAK	101
/*
 * The block's halves may differ in energy by 2 dB (Q8): more means the
 * tones started or stopped inside it, which must not count towards the
 * duration. (Not each tone's power per half: over so short a half the
 * other tone leaks into its filter.)
 */
#define DSP_DTMF_HALF_RATIO	406
/* the two tones must hold 5/8 of the block's energy */
#define DSP_DTMF_FRAC_NUM	5
#define DSP_DTMF_FRAC_DEN	8

void dsp_dtmf_rx_init(struct dsp_dtmf_rx *rx)
{
	s32 a;
	int k;

	memset(rx, 0, sizeof(*rx));
	for (k = 0; k < 8; k++) {
		struct dsp_dtmf_tone *t = &rx->tone[k];
		u32 step = dsp_phase_step(dsp_dtmf_freq[k]);
		u32 rot = step * DSP_DTMF_HALF;
		u32 drift = dsp_phase_step(dsp_dtmf_freq[k] * DSP_DTMF_DRIFT_PERMILLE / 1000);

		dsp_goertzel_init(&t->g, dsp_dtmf_freq[k]);
		t->cos_w = dsp_sin(step + 0x40000000u);
		t->sin_w = dsp_sin(step);
		t->rot_re = dsp_sin(rot + 0x40000000u);
		t->rot_im = -dsp_sin(rot);
		/* the phase a tone off by the drift gains over a half block */
		t->cos_max = dsp_sin(drift * DSP_DTMF_HALF + 0x40000000u);
	}
	a = dsp_dbm0_peak(DSP_DTMF_MIN_LEVEL) * DSP_DTMF_BLOCK / 2;
	rx->min_power = (u64)a * a;
}

/* Turn a Goertzel state into its complex output y = s1 - e^(-jw) s2. */
static void dsp_dtmf_output(struct dsp_dtmf_tone *t, s64 *re, s64 *im)
{
	s64 s1 = t->g.s1, s2 = t->g.s2;

	*re = s1 - ((t->cos_w * s2) >> 15);
	*im = (t->sin_w * s2) >> 15;
	t->g.s1 = 0;
	t->g.s2 = 0;
}

/*
 * Is the angle of re + j im within +-acos(cos_max)? Compares squares,
 * scaled down first so that they fit in 64 bits.
 */
static bool dsp_dtmf_phase_ok(s64 re, s64 im, s32 cos_max)
{
	s64 c2 = ((s64)cos_max * cos_max) >> 15;
	s64 lhs, rhs;

	while (re > (1 << 22) || re < -(1 << 22) || im > (1 << 22) || im < -(1 << 22)) {
		re /= 2;
		im /= 2;
	}
	lhs = (re * re) << 15;
	rhs = c2 * (re * re + im * im);
	if (cos_max >= 0)
		return re > 0 && lhs > rhs;
	return re >= 0 || lhs < rhs;
}

/* Index of the strongest of 4 powers, or -1 if another is within REL_PEAK. */
static int dsp_dtmf_peak(const u64 *p)
{
	int best = 0, k;

	for (k = 1; k < 4; k++)
		if (p[k] > p[best])
			best = k;
	for (k = 0; k < 4; k++)
		if (k != best && p[k] * DSP_DTMF_REL_PEAK > p[best] * 16)
			return -1;
	return best;
}

/*
 * Which digit, if any, the window of the last two halves holds. Windows
 * overlap by a half: one is judged every DSP_DTMF_HALF samples.
 */
static char dsp_dtmf_block(struct dsp_dtmf_rx *rx)
{
	u64 p[8];
	s64 c_re[8], c_im[8];
	u64 pr, pc, e1 = rx->energy1, e2 = rx->energy;
	int k, r, c;

	/* this half becomes the next window's first half */
	rx->energy1 = e2;

	for (k = 0; k < 8; k++) {
		struct dsp_dtmf_tone *t = &rx->tone[k];
		s64 a_re = t->y1_re, a_im = t->y1_im, b_re, b_im, re, im;

		dsp_dtmf_output(t, &re, &im);
		t->y1_re = (s32)re;
		t->y1_im = (s32)im;
		/* second half rotated to the first half's phase reference */
		b_re = (re * t->rot_re - im * t->rot_im) >> 15;
		b_im = (re * t->rot_im + im * t->rot_re) >> 15;
		p[k] = (a_re + b_re) * (a_re + b_re) + (a_im + b_im) * (a_im + b_im);
		/* b * conj(a): its angle is the phase gained over a half block */
		c_re[k] = b_re * a_re + b_im * a_im;
		c_im[k] = b_im * a_re - b_re * a_im;
	}
	r = dsp_dtmf_peak(p);
	c = dsp_dtmf_peak(p + 4);
	if (r < 0 || c < 0)
		return 0;
	c += 4;
	pr = p[r];
	pc = p[c];
	if (pr < rx->min_power || pc < rx->min_power)
		return 0;
	if (pr * 16 > pc * DSP_DTMF_TWIST_NORMAL || pc * 16 > pr * DSP_DTMF_TWIST_REVERSE)
		return 0;
	/* mostly tones, not speech or noise; a tone filling the whole block */
	if ((pr + pc) * 2 * DSP_DTMF_FRAC_DEN < (e1 + e2) * DSP_DTMF_BLOCK * DSP_DTMF_FRAC_NUM)
		return 0;
	if (e1 * 256 > e2 * DSP_DTMF_HALF_RATIO || e2 * 256 > e1 * DSP_DTMF_HALF_RATIO)
		return 0;
	/* the frequency: the phase each tone gains over half a block */
	for (k = r; k <= c; k += c - r) {
		if (!dsp_dtmf_phase_ok(c_re[k], c_im[k], rx->tone[k].cos_max))
			return 0;
	}
	return dsp_dtmf_digits[r * 4 + c - 4];
}

static void dsp_dtmf_push(struct dsp_dtmf_rx *rx, u64 sample, char digit, bool end)
{
	struct dsp_dtmf_event *e;

	if (rx->q_len == DSP_DTMF_RX_QLEN) {
		rx->q_head = (rx->q_head + 1) % DSP_DTMF_RX_QLEN;
		rx->q_len--;
		rx->lost++;
	}
	e = &rx->q[(rx->q_head + rx->q_len) % DSP_DTMF_RX_QLEN];
	e->sample = sample;
	e->digit = digit;
	e->end = end;
	rx->q_len++;
}

/*
 * Debounce: 4 windows agreeing in a row (5 halves, 32 ms) start a digit,
 * so a 20 ms burst, which cannot fill 3 halves and most of 2 more, never
 * does while every 40 ms one does. 3 windows without it (a 40 ms pause
 * holds at least 4) end it; one noisy half spoils only 2.
 */
static void dsp_dtmf_decide(struct dsp_dtmf_rx *rx, char d)
{
	if (d && d == rx->last) {
		if (rx->run < 255)
			rx->run++;
	} else {
		rx->run = d ? 1 : 0;
	}
	rx->last = d;
	if (rx->cur) {
		if (d == rx->cur) {
			rx->misses = 0;
			rx->hit_end = rx->pos;
		} else if (++rx->misses >= 3) {
			dsp_dtmf_push(rx, rx->hit_end, rx->cur, true);
			rx->cur = 0;
		}
	} else if (rx->run == 4) {
		rx->cur = d;
		rx->misses = 0;
		rx->hit_end = rx->pos;
		dsp_dtmf_push(rx, rx->pos - 5 * DSP_DTMF_HALF, d, false);
	}
}

static size_t dsp_dtmf_flush(struct dsp_dtmf_rx *rx, struct dsp_dtmf_event *ev, size_t max)
{
	size_t n = 0;

	while (rx->q_len && n < max) {
		ev[n++] = rx->q[rx->q_head];
		rx->q_head = (rx->q_head + 1) % DSP_DTMF_RX_QLEN;
		rx->q_len--;
	}
	return n;
}

/*
 * Four of the Goertzel filters over @m samples, side by side in registers:
 * a sample's four steps do not depend on each other, so the CPU overlaps
 * them, and no state goes through memory between samples. Several times
 * faster than one dsp_goertzel_update() after another, with the same
 * results.
 */
static void dsp_dtmf_filters4(struct dsp_dtmf_tone *t, const s16 *x, size_t m)
{
	s32 a1 = t[0].g.s1, a2 = t[0].g.s2, ca = t[0].g.coef;
	s32 b1 = t[1].g.s1, b2 = t[1].g.s2, cb = t[1].g.coef;
	s32 c1 = t[2].g.s1, c2 = t[2].g.s2, cc = t[2].g.coef;
	s32 d1 = t[3].g.s1, d2 = t[3].g.s2, cd = t[3].g.coef;
	size_t i;

	for (i = 0; i < m; i++) {
		s32 v = x[i];

		dsp_goertzel_step(&a1, &a2, ca, v);
		dsp_goertzel_step(&b1, &b2, cb, v);
		dsp_goertzel_step(&c1, &c2, cc, v);
		dsp_goertzel_step(&d1, &d2, cd, v);
	}
	t[0].g.s1 = a1;
	t[0].g.s2 = a2;
	t[1].g.s1 = b1;
	t[1].g.s2 = b2;
	t[2].g.s1 = c1;
	t[2].g.s2 = c2;
	t[3].g.s1 = d1;
	t[3].g.s2 = d2;
}

/* The eight filters and the energy over @m samples. */
static void dsp_dtmf_filters(struct dsp_dtmf_rx *rx, const s16 *x, size_t m)
{
	size_t i;

	for (i = 0; i < m; i++)
		rx->energy += (u64)((s32)x[i] * x[i]);
	dsp_dtmf_filters4(rx->tone, x, m);
	dsp_dtmf_filters4(rx->tone + 4, x, m);
}

size_t dsp_dtmf_rx_process(struct dsp_dtmf_rx *rx, const s16 *x, size_t n,
			   struct dsp_dtmf_event *ev, size_t max)
{
	size_t out = dsp_dtmf_flush(rx, ev, max);

	while (n) {
		size_t m = DSP_DTMF_HALF - rx->idx;

		if (m > n)
			m = n;
		dsp_dtmf_filters(rx, x, m);
		rx->idx += m;
		rx->pos += m;
		x += m;
		n -= m;
		if (rx->idx == DSP_DTMF_HALF) {
			dsp_dtmf_decide(rx, dsp_dtmf_block(rx));
			rx->idx = 0;
			rx->energy = 0;
			out += dsp_dtmf_flush(rx, ev + out, max - out);
		}
	}
	return out;
}

static int dsp_dtmf_index(char c)
{
	int k;

	if (c >= 'a' && c <= 'd')
		c -= 'a' - 'A';
	for (k = 0; k < 16; k++)
		if (dsp_dtmf_digits[k] == c)
			return k;
	return -1;
}

void dsp_dtmf_tx_init(struct dsp_dtmf_tx *tx, s16 level_low_tenth_dbm0,
		      s16 level_high_tenth_dbm0, u32 on_samples, u32 off_samples)
{
	memset(tx, 0, sizeof(*tx));
	tx->peak_lo = dsp_dbm0_peak(level_low_tenth_dbm0);
	tx->peak_hi = dsp_dbm0_peak(level_high_tenth_dbm0);
	tx->on = on_samples;
	tx->off = off_samples;
}

int dsp_dtmf_tx_queue(struct dsp_dtmf_tx *tx, const char *digits)
{
	size_t n, i;

	for (n = 0; digits[n]; n++)
		if (dsp_dtmf_index(digits[n]) < 0)
			return -1;
	if (n > (size_t)(DSP_DTMF_TX_QLEN - tx->q_len))
		return -2;
	for (i = 0; i < n; i++) {
		tx->q[(tx->q_head + tx->q_len) % DSP_DTMF_TX_QLEN] =
			dsp_dtmf_digits[dsp_dtmf_index(digits[i])];
		tx->q_len++;
	}
	return 0;
}

/* Start the next tone or pause; false when there is nothing left to play. */
static bool dsp_dtmf_tx_next(struct dsp_dtmf_tx *tx)
{
	int k;

	if (tx->tone && tx->off) {
		tx->tone = false;
		tx->left = tx->off;
		return true;
	}
	tx->tone = false;
	while (tx->q_len) {
		k = dsp_dtmf_index(tx->q[tx->q_head]);
		tx->q_head = (tx->q_head + 1) % DSP_DTMF_TX_QLEN;
		tx->q_len--;
		dsp_osc_init(&tx->lo, dsp_dtmf_freq[k / 4], tx->peak_lo);
		dsp_osc_init(&tx->hi, dsp_dtmf_freq[4 + k % 4], tx->peak_hi);
		if (tx->on) {
			tx->tone = true;
			tx->left = tx->on;
			return true;
		}
		if (tx->off) {
			tx->left = tx->off;
			return true;
		}
	}
	return false;
}

size_t dsp_dtmf_tx_generate(struct dsp_dtmf_tx *tx, s16 *out, size_t n)
{
	size_t i = 0, m, k;

	while (i < n) {
		if (!tx->left && !dsp_dtmf_tx_next(tx)) {
			memset(out + i, 0, (n - i) * sizeof(*out));
			break;
		}
		m = n - i < tx->left ? n - i : tx->left;
		if (tx->tone) {
			for (k = 0; k < m; k++)
				out[i + k] = dsp_sat16(dsp_osc_next(&tx->lo) +
						       dsp_osc_next(&tx->hi));
		} else {
			memset(out + i, 0, m * sizeof(*out));
		}
		tx->left -= m;
		i += m;
	}
	return tx->left + (tx->tone ? tx->off : 0) +
	       (size_t)tx->q_len * ((size_t)tx->on + tx->off);
}
