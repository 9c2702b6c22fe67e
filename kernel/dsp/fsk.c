// SPDX-License-Identifier: GPL-2.0-only
/*
 * 1200 baud FSK modem for caller ID (Bell 202 and V.23): see fsk.h.
 */
#include "fsk.h"

/* mark and space frequencies, 1/100 Hz */
static const u32 dsp_fsk_freq[2][2] = {
	[DSP_FSK_BELL202] = { 220000, 120000 },
	[DSP_FSK_V23] = { 210000, 130000 },
};

enum {
	DSP_FSK_S_IDLE,			/* mark, hunting for a start bit edge */
	DSP_FSK_S_DATA,			/* sampling the bits of a byte */
	DSP_FSK_S_WAIT_MARK,		/* after a framing error, until mark */
};

/* nominal bit length in 1/65536 sample: 8000 / 1200 */
#define DSP_FSK_PERIOD		436907
/* the bit clock follows the sender's rate within 10% */
#define DSP_FSK_PERIOD_MIN	(DSP_FSK_PERIOD - DSP_FSK_PERIOD / 10)
#define DSP_FSK_PERIOD_MAX	(DSP_FSK_PERIOD + DSP_FSK_PERIOD / 10)
/*
 * Carrier present when mark plus space energy is above this: a sine of
 * peak A gives about (A * DSP_FSK_WIN / 2)^2, so this is a peak of about
 * 112, -46 dBm0. Below it the line counts as mark (idle).
 */
#define DSP_FSK_MIN_ENERGY	200000
/*
 * Bit clock loop gains, as divisors of the edge timing error: half of it
 * goes to the phase, 1/64 to the rate (found best over noise and +-5%).
 */
#define DSP_FSK_KP		2
#define DSP_FSK_KF		64
/* samples without carrier before the receiver forgets its bit clock */
#define DSP_FSK_LOSS		40

static enum dsp_fsk_std dsp_fsk_std_ok(enum dsp_fsk_std std)
{
	return std == DSP_FSK_V23 ? DSP_FSK_V23 : DSP_FSK_BELL202;
}

void dsp_fsk_mod_init(struct dsp_fsk_mod *m, enum dsp_fsk_std std, s32 level,
		      u32 baud)
{
	std = dsp_fsk_std_ok(std);
	memset(m, 0, sizeof(*m));
	m->step[0] = dsp_phase_step(dsp_fsk_freq[std][0]);
	m->step[1] = dsp_phase_step(dsp_fsk_freq[std][1]);
	/* bits per sample in 1/2^32: baud / 100 / 8000, rounded up so n bits
	 * never take more than their ideal time rounded up
	 */
	m->bit_step = (u32)dsp_div_u64(((u64)baud << 32) + DSP_RATE * 100 - 1,
					    DSP_RATE * 100);
	m->peak = dsp_dbm0_peak(level);
	m->bit = 1;
}

bool dsp_fsk_mod_busy(const struct dsp_fsk_mod *m)
{
	return m->active || m->seizure || m->mark || m->pos < m->len || m->trail;
}

int dsp_fsk_mod_start(struct dsp_fsk_mod *m, unsigned int seizure, unsigned int mark,
		      const u8 *msg, size_t len, unsigned int trail)
{
	if (len > DSP_FSK_MOD_MAX || dsp_fsk_mod_busy(m) ||
	    seizure > 0xffff || mark > 0xffff || trail > 0xffff)
		return -1;
	if (len)
		memcpy(m->buf, msg, len);
	m->len = (u16)len;
	m->pos = 0;
	m->frame_pos = 0;
	m->seizure = (u16)seizure;
	m->mark = (u16)mark;
	m->trail = (u16)trail;
	/* the seizure starts with a 0: it toggles from this */
	m->bit = 1;
	return 0;
}

/* Choose the next bit to send; false when there is none. */
static bool dsp_fsk_mod_next_bit(struct dsp_fsk_mod *m)
{
	if (m->seizure) {
		m->seizure--;
		m->bit ^= 1;
	} else if (m->mark) {
		m->mark--;
		m->bit = 1;
	} else if (m->pos < m->len) {
		if (m->frame_pos == 0)
			m->bit = 0;
		else if (m->frame_pos <= 8)
			m->bit = (m->buf[m->pos] >> (m->frame_pos - 1)) & 1;
		else
			m->bit = 1;
		if (++m->frame_pos == 10) {
			m->frame_pos = 0;
			m->pos++;
		}
	} else if (m->trail) {
		m->trail--;
		m->bit = 1;
	} else {
		return false;
	}
	return true;
}

size_t dsp_fsk_mod_generate(struct dsp_fsk_mod *m, s16 *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!m->active) {
			if (!dsp_fsk_mod_next_bit(m))
				break;
			m->active = true;
		}
		out[i] = (s16)(((s32)dsp_sin(m->phase) * m->peak) >> 15);
		/* only the step changes at a bit edge: the phase is continuous */
		m->phase += m->step[m->bit];
		m->bit_phase += m->bit_step;
		if (m->bit_phase < m->bit_step)
			m->active = false;	/* the bit clock wrapped: bit done */
	}
	return i;
}

void dsp_fsk_demod_init(struct dsp_fsk_demod *d, enum dsp_fsk_std std)
{
	std = dsp_fsk_std_ok(std);
	memset(d, 0, sizeof(*d));
	d->step[0] = dsp_phase_step(dsp_fsk_freq[std][0]);
	d->step[1] = dsp_phase_step(dsp_fsk_freq[std][1]);
	d->period = DSP_FSK_PERIOD;
	d->state = DSP_FSK_S_IDLE;
	d->quiet = DSP_FSK_LOSS;
	d->idle = DSP_FSK_NO_GAP;
	d->gap = DSP_FSK_NO_GAP;
	d->prev = 1;
}

static u64 dsp_fsk_abs64(s64 v)
{
	return v < 0 ? (u64)-v : (u64)v;
}

/*
 * Time from a sign change of the decision, between the previous sample and
 * this one, to this sample, in 1/65536 sample (linear interpolation).
 */
static s32 dsp_fsk_edge_after(s64 prev, s64 cur)
{
	u64 a = dsp_fsk_abs64(cur), den = dsp_fsk_abs64(prev) + a;

	while (den >> 32) {
		den >>= 1;
		a >>= 1;
	}
	if (!den)
		return 32768;
	return (s32)dsp_div_u64(a << 16, (u32)den);
}

/* Correlate one sample with mark and space: mark energy minus space energy. */
static s64 dsp_fsk_correlate(struct dsp_fsk_demod *d, s16 x, s64 *total)
{
	s32 *slot = d->ring[d->ri];
	s64 e[2];
	int k;

	for (k = 0; k < 2; k++) {
		s32 i = ((s32)x * dsp_sin(d->ph[k] + 0x40000000u)) >> 15;
		s32 q = ((s32)x * dsp_sin(d->ph[k])) >> 15;

		d->ph[k] += d->step[k];
		/* a running sum over the window: add the new, drop the oldest */
		d->sum[2 * k] += i - slot[2 * k];
		d->sum[2 * k + 1] += q - slot[2 * k + 1];
		slot[2 * k] = i;
		slot[2 * k + 1] = q;
		e[k] = (s64)d->sum[2 * k] * d->sum[2 * k] +
		       (s64)d->sum[2 * k + 1] * d->sum[2 * k + 1];
	}
	if (++d->ri == DSP_FSK_WIN)
		d->ri = 0;
	*total = e[0] + e[1];
	return e[1] - e[0];
}

int dsp_fsk_demod_sample(struct dsp_fsk_demod *d, s16 x)
{
	s64 total, dec = dsp_fsk_correlate(d, x, &total);
	bool edge, bit;
	s32 after = 0;
	int ret = -1;

	if (total < DSP_FSK_MIN_ENERGY) {
		/* no carrier: idle mark; after a while start afresh */
		dec = 1;
		if (d->quiet < DSP_FSK_LOSS) {
			d->quiet++;
		} else {
			d->state = DSP_FSK_S_IDLE;
			d->period = DSP_FSK_PERIOD;
			d->idle = DSP_FSK_NO_GAP;
		}
	} else {
		d->quiet = 0;
		/* only mark heard as such counts towards a gap */
		if (d->idle == DSP_FSK_NO_GAP)
			d->idle = 0;
	}
	bit = dec >= 0;
	edge = (d->prev >= 0) != bit;
	if (edge)
		after = dsp_fsk_edge_after(d->prev, dec);
	d->prev = dec;

	switch (d->state) {
	case DSP_FSK_S_WAIT_MARK:
		if (bit)
			d->state = DSP_FSK_S_IDLE;
		break;
	case DSP_FSK_S_IDLE:
		if (d->idle != DSP_FSK_NO_GAP)
			d->idle++;
		if (edge && !bit) {
			/* a start bit: sample each bit half a bit after its edge */
			d->state = DSP_FSK_S_DATA;
			d->nbits = 0;
			d->shift = 0;
			d->until = (s32)(d->period / 2) - after;
		}
		break;
	case DSP_FSK_S_DATA:
		d->until -= 65536;
		if (edge) {
			/*
			 * A bit edge should come half a bit before the next sample
			 * point: move the clock halfway there and its rate a little.
			 */
			s32 err = d->until + after - (s32)(d->period / 2);

			d->until -= err / DSP_FSK_KP;
			d->period = (u32)((s32)d->period - err / DSP_FSK_KF);
			if (d->period < DSP_FSK_PERIOD_MIN)
				d->period = DSP_FSK_PERIOD_MIN;
			if (d->period > DSP_FSK_PERIOD_MAX)
				d->period = DSP_FSK_PERIOD_MAX;
		}
		if (d->until >= 32768)
			break;
		/* this is the sample nearest the middle of the bit */
		d->until += (s32)d->period;
		if (d->nbits == 0) {
			if (bit) {
				/* too short for a start bit: noise, not a quiet mark */
				d->state = DSP_FSK_S_IDLE;
				d->idle = 0;
			}
		} else if (d->nbits <= 8) {
			d->shift |= (u16)bit << (d->nbits - 1);
		} else if (bit) {
			ret = d->shift;
			d->gap = d->idle;
			d->idle = 0;
			d->state = DSP_FSK_S_IDLE;
		} else {
			/* no stop bit: a framing error */
			d->idle = 0;
			d->state = DSP_FSK_S_WAIT_MARK;
		}
		d->nbits++;
		break;
	}
	return ret;
}

size_t dsp_fsk_demod_block(struct dsp_fsk_demod *d, const s16 *x, size_t n, u8 *out,
			   size_t out_len, size_t *nout)
{
	size_t i, k = 0;
	int b;

	for (i = 0; i < n && k < out_len; i++) {
		b = dsp_fsk_demod_sample(d, x[i]);
		if (b >= 0)
			out[k++] = (u8)b;
	}
	*nout = k;
	return i;
}
