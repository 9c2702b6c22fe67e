// SPDX-License-Identifier: GPL-2.0-only
/*
 * Call-progress, fax-tone and voice-activity detection.
 *
 * Tones are found per 20 ms block with Goertzel filters on the block's DFT
 * bins (50 Hz apart, so they do not leak into each other): a tone is
 * present when the bins within 50 Hz of its frequencies hold most of the
 * block's energy, whatever the level. The energy share, not an absolute
 * threshold, is what rejects speech and noise. Cadences are then matched
 * on the lengths of the on and off runs of each tone, which is what tells
 * busy from congestion from ringback.
 */
#include "progress.h"

#define CPD_BLOCK_MS	(DSP_CPD_BLOCK * 1000 / DSP_RATE)
#define VAD_BLOCK_MS	(DSP_VAD_BLOCK * 1000 / DSP_RATE)
#define BIN_HZ100	(DSP_RATE * 100 / DSP_CPD_BLOCK)	/* 50 Hz */
#define SHARE_ALL	75	/* % of the energy in the tone's bins */
#define SHARE_EACH	20	/* % in each frequency of a dual tone */
#define CPD_MIN_DBM0	(-430)	/* quietest tone block, 1/10 dBm0 */
#define VAD_MIN_DBM0	(-550)
#define CED_MIN_MS	500
#define CED_SHARE	60	/* % of the energy on the 2100 Hz bin */
#define CNG_MIN_MS	400
#define CNG_MAX_MS	700
#define CNG_OFF_MS	200
#define CED_GAP_MS	60	/* a phase reversal costs a block or two */

static void queue_push(struct dsp_cpd_queue *q, u32 kind, u64 pos,
		       u64 at)
{
	struct dsp_cpd_event *e;

	/* a full queue drops the newest: only reachable by misuse */
	if (q->n >= DSP_CPD_QUEUE)
		return;
	e = &q->ev[(q->head + q->n) % DSP_CPD_QUEUE];
	e->kind = kind;
	e->pos = pos;
	e->at = at > pos ? pos : at;
	q->n++;
}

static bool queue_pop(struct dsp_cpd_queue *q, struct dsp_cpd_event *ev)
{
	if (!q->n)
		return false;
	*ev = q->ev[q->head];
	q->head = (q->head + 1) % DSP_CPD_QUEUE;
	q->n--;
	return true;
}

static void clear_event(struct dsp_cpd_event *ev)
{
	ev->kind = DSP_CPD_NONE;
	ev->pos = 0;
	ev->at = 0;
}

static u64 block_energy_of(s32 dbm0_tenths, u32 n)
{
	u64 a = (u64)dsp_dbm0_peak(dbm0_tenths);

	/* a sine of peak a holds a^2 / 2 per sample */
	return a * a * n / 2;
}

static u64 sum_sq(const s16 *x, size_t n)
{
	u64 e = 0;
	size_t i;

	for (i = 0; i < n; i++)
		e += (u64)((s32)x[i] * x[i]);
	return e;
}

/* ---- voice activity ---- */

void dsp_vad_init(struct dsp_vad *v)
{
	memset(v, 0, sizeof(*v));
}

/* One 10 ms block of energy e that began at sample start; true if voiced. */
static bool vad_block(struct dsp_vad *v, u64 e, u64 start)
{
	u64 emin = block_energy_of(VAD_MIN_DBM0, DSP_VAD_BLOCK);
	bool voice;

	if (!v->inited) {
		v->floor = e > emin ? e : emin;
		v->inited = true;
	}
	/* 7 dB above the floor (a factor of 5) */
	voice = e >= emin && e > v->floor * 5;
	/* the floor falls fast, rises ~3.4 dB/s in pauses, ~0.4 dB/s in voice */
	if (e < v->floor)
		v->floor -= (v->floor - e) >> 3;
	else
		v->floor += (v->floor >> (voice || v->active ? 10 : 7)) + 1;
	if (v->floor < emin / 4)
		v->floor = emin / 4;
	if (v->floor > (1ull << 40))
		v->floor = 1ull << 40;

	if (voice) {
		if (!v->run)
			v->run_start = start;
		v->run++;
		v->quiet = 0;
		v->last_voice = start + DSP_VAD_BLOCK;
		if (!v->active && v->run >= 2) {
			v->active = true;
			queue_push(&v->q, DSP_VAD_START, start + DSP_VAD_BLOCK, v->run_start);
		}
	} else {
		v->run = 0;
		if (v->active && ++v->quiet * VAD_BLOCK_MS >= DSP_VAD_HANGOVER_MS) {
			v->active = false;
			queue_push(&v->q, DSP_VAD_END, start + DSP_VAD_BLOCK, v->last_voice);
		}
	}
	return voice;
}

size_t dsp_vad_process(struct dsp_vad *v, const s16 *x, size_t n,
		       struct dsp_cpd_event *ev)
{
	size_t used = 0, k;

	clear_event(ev);
	if (queue_pop(&v->q, ev))
		return 0;
	while (used < n) {
		k = DSP_VAD_BLOCK - v->fill;
		if (k > n - used)
			k = n - used;
		v->acc += sum_sq(x + used, k);
		v->fill += k;
		v->pos += k;
		used += k;
		if (v->fill < DSP_VAD_BLOCK)
			break;
		vad_block(v, v->acc, v->pos - DSP_VAD_BLOCK);
		v->acc = 0;
		v->fill = 0;
		if (queue_pop(&v->q, ev))
			break;
	}
	return used;
}

/* ---- call progress ---- */

/* Mask of the bins less than 50 Hz from freq (1/100 Hz). */
static u32 cpd_bins_of(struct dsp_cpd *c, u32 freq, u8 *binno)
{
	u32 mask = 0, k, lo, hi;
	int i, j;

	if (!freq)
		return 0;
	/* strictly within 50 Hz: a sine on a bin leaks into no other */
	lo = freq / BIN_HZ100;
	hi = (freq + BIN_HZ100 - 1) / BIN_HZ100;
	if (hi >= DSP_CPD_BLOCK / 2)
		hi = DSP_CPD_BLOCK / 2 - 1;
	for (k = lo ? lo : 1; k <= hi; k++) {
		j = -1;
		for (i = 0; i < c->nbins; i++)
			if (binno[i] == k)
				j = i;
		if (j < 0 && c->nbins < DSP_CPD_MAX_BINS) {
			j = c->nbins++;
			binno[j] = (u8)k;
			dsp_goertzel_init(&c->g[j], k * BIN_HZ100);
		}
		if (j >= 0)
			mask |= 1u << j;
	}
	return mask;
}

static void cpd_setup_track(struct dsp_cpd *c, struct dsp_cpd_track *t,
			    const struct dsp_tone_def *d, u8 *binno)
{
	u32 runs[DSP_TONE_MAX_SEGS + 1], on0, i, j, n = 0;
	const struct dsp_tone_seg *s;
	struct dsp_cpd_pair *p;
	bool on, first_on;

	memset(t, 0, sizeof(*t));
	t->partial = true;
	if (!dsp_tone_valid(d))
		return;
	t->used = true;
	t->continuous = d->nseg == 1 && !d->seg[0].ms;
	/* the distinct frequency pairs */
	for (i = 0; i < d->nseg; i++) {
		s = &d->seg[i];
		if (!s->f1 && !s->f2)
			continue;
		for (j = 0; j < t->npair; j++)
			if (t->pair[j].a == cpd_bins_of(c, s->f1, binno) &&
			    t->pair[j].b == cpd_bins_of(c, s->f2, binno))
				break;
		if (j < t->npair || t->npair >= DSP_CPD_PAIRS)
			continue;
		p = &t->pair[t->npair++];
		p->a = s->f1 ? cpd_bins_of(c, s->f1, binno) : 0;
		p->b = s->f2 ? cpd_bins_of(c, s->f2, binno) : 0;
		p->all = p->a | p->b;
		t->any |= p->all;
		/* 100 Hz apart: each has bins of its own */
		p->each = s->f1 && s->f2 && (s->f1 > s->f2 ? s->f1 - s->f2 : s->f2 - s->f1) >=
			  2 * BIN_HZ100;
	}
	if (t->continuous || !t->npair) {
		t->npat = 1;
		t->pat[0] = 0;
		return;
	}
	/* merge the segments into alternating runs */
	first_on = d->seg[0].f1 || d->seg[0].f2;
	on = first_on;
	runs[0] = 0;
	for (i = 0; i < d->nseg; i++) {
		s = &d->seg[i];
		if ((s->f1 || s->f2) != on) {
			on = !on;
			runs[++n] = 0;
		}
		runs[n] += s->ms;
	}
	n++;
	/* the cadence is cyclic: the last run joins the first if alike */
	if (n > 1 && on == first_on) {
		runs[0] += runs[n - 1];
		n--;
	}
	if (n == 1) {
		/* on all the time or never: a continuous tone */
		t->continuous = first_on;
		t->npat = 1;
		return;
	}
	/* start with an on run */
	on0 = first_on ? 0 : 1;
	for (i = 0; i < n; i++)
		t->pat[i] = (u16)runs[(i + on0) % n];
	t->npat = (u8)n;
}

bool dsp_cpd_init(struct dsp_cpd *c, const struct dsp_zone *zone)
{
	u8 binno[DSP_CPD_MAX_BINS];
	u32 i, j, longest = 0;

	memset(c, 0, sizeof(*c));
	memset(binno, 0, sizeof(binno));
	dsp_vad_init(&c->vad);
	c->emin = block_energy_of(CPD_MIN_DBM0, DSP_CPD_BLOCK);
	c->cont_ms = 1000;
	if (!zone)
		return false;
	c->zone = zone;
	for (i = 0; i < DSP_CPD_TONES; i++)
		cpd_setup_track(c, &c->t[i], &zone->tone[i], binno);
	/* a continuous tone must outlast every other tone's on run */
	for (i = 0; i < DSP_CPD_TONES; i++)
		for (j = 0; !c->t[i].continuous && j < c->t[i].npat; j += 2)
			if (c->t[i].pat[j] > longest)
				longest = c->t[i].pat[j];
	if (longest + 200 > c->cont_ms)
		c->cont_ms = longest + 200;
	return true;
}

static bool cpd_share(const struct dsp_cpd *c, u32 mask, u32 pct)
{
	u64 sum = 0;
	int i;

	if (!mask)
		return false;
	for (i = 0; i < c->nbins; i++)
		if (mask & (1u << i))
			sum += c->pw[i];
	/* share = (2 / N) * sum / energy; a sine on a bin gives 1 */
	return sum * 2 * 100 >= (u64)pct * DSP_CPD_BLOCK * c->energy;
}

static bool cpd_block_has(const struct dsp_cpd *c, const struct dsp_cpd_track *t)
{
	const struct dsp_cpd_pair *p;
	int i;

	for (i = 0; i < t->npair; i++) {
		p = &t->pair[i];
		if (!cpd_share(c, p->all, SHARE_ALL))
			continue;
		if (p->each && (!cpd_share(c, p->a, SHARE_EACH) ||
				!cpd_share(c, p->b, SHARE_EACH)))
			continue;
		return true;
	}
	/* a block where a tone of several segments changes frequency */
	return t->npair > 1 && cpd_share(c, t->any, SHARE_ALL);
}

static u32 cpd_tol(u32 ms)
{
	return ms / 8 > 60 ? ms / 8 : 60;
}

static void cpd_track_block(struct dsp_cpd_track *t, bool on)
{
	u8 i;

	if (on == t->on || (!t->cur_ms && t->partial)) {
		t->on = on;
		t->cur_ms += CPD_BLOCK_MS;
		return;
	}
	/*
	 * One block without the tone inside a burst is a glitch, not a pause:
	 * a block where the frequency changes (SIT) or an AM tone's beat
	 * (JP, AU) can dip below the share. No cadence pauses for 20 ms.
	 */
	if (on && t->cur_ms == CPD_BLOCK_MS && !t->partial && t->nrun) {
		i = (t->run_head + t->nrun - 1) % DSP_CPD_RUNS;
		t->nrun--;
		t->on = true;
		t->cur_ms = t->run_ms[i] + 2 * CPD_BLOCK_MS;
		return;
	}
	if (!t->partial) {
		i = (t->run_head + t->nrun) % DSP_CPD_RUNS;
		if (t->nrun == DSP_CPD_RUNS)
			t->run_head = (t->run_head + 1) % DSP_CPD_RUNS;
		else
			t->nrun++;
		t->run_ms[i] = (u16)(t->cur_ms > 65535 ? 65535 : t->cur_ms);
		t->run_on[i] = t->on;
	}
	t->partial = false;
	t->on = on;
	t->cur_ms = CPD_BLOCK_MS;
}

/* Do the last runs of t, the current one included, follow its cadence? */
static bool cpd_track_match(const struct dsp_cpd *c, const struct dsp_cpd_track *t)
{
	u32 w, r, i, idx, ms, exp, lo;
	bool on, ok;

	if (!t->used)
		return false;
	if (t->continuous)
		return t->on && t->cur_ms >= c->cont_ms;
	/*
	 * A full cadence; short two-run ones (busy, congestion) twice, so
	 * that a part of a longer cadence (IT dial tone) does not match.
	 */
	w = t->npat;
	if (w == 2 && t->pat[0] + t->pat[1] < 3000)
		w = 4;
	if (t->partial || (u32)t->nrun + 1 < w)
		return false;
	for (r = 0; r < t->npat; r++) {
		ok = true;
		for (i = 0; i < w && ok; i++) {
			idx = (r + i) % t->npat;
			exp = t->pat[idx];
			if (i + 1 < w) {
				idx = (t->run_head + t->nrun - (w - 1) + i) % DSP_CPD_RUNS;
				on = t->run_on[idx];
				ms = t->run_ms[idx];
				ok = on == !((r + i) % 2) &&
				     ms + cpd_tol(exp) >= exp && ms <= exp + cpd_tol(exp);
			} else {
				/* the current run: long enough so far (long pauses: 1.5 s) */
				lo = exp > cpd_tol(exp) ? exp - cpd_tol(exp) : 0;
				if (lo > 1500)
					lo = 1500;
				ok = t->on == !((r + i) % 2) &&
				     t->cur_ms >= lo && t->cur_ms <= exp + cpd_tol(exp);
			}
		}
		if (ok)
			return true;
	}
	return false;
}

static void cpd_report(struct dsp_cpd *c, u32 kind, u64 at)
{
	if (c->cur == kind)
		return;
	c->cur = kind;
	queue_push(&c->q, kind, c->pos, at);
}

static void cpd_block(struct dsp_cpd *c)
{
	u64 start = c->pos - DSP_CPD_BLOCK;
	bool any = false, on;
	int i;

	for (i = 0; i < c->nbins; i++)
		c->pw[i] = dsp_goertzel_power(&c->g[i]);
	for (i = 0; i < DSP_CPD_TONES; i++) {
		on = c->energy >= c->emin && c->t[i].used && cpd_block_has(c, &c->t[i]);
		cpd_track_block(&c->t[i], on);
		any |= on;
	}
	/* what was found holds while it still matches */
	if (c->cur >= DSP_CPD_DIAL && c->cur < DSP_CPD_DIAL + DSP_CPD_TONES &&
	    cpd_track_match(c, &c->t[c->cur - DSP_CPD_DIAL])) {
		c->silent_ms = 0;
		c->unknown_ms = 0;
		return;
	}
	for (i = 0; i < DSP_CPD_TONES; i++) {
		if (cpd_track_match(c, &c->t[i])) {
			c->silent_ms = 0;
			c->unknown_ms = 0;
			/* tone kinds follow the zone's tone order */
			cpd_report(c, DSP_CPD_DIAL + i, start);
			return;
		}
	}
	if (any) {
		c->silent_ms = 0;
		c->unknown_ms = 0;
	} else if (!c->vad.active) {
		c->silent_ms += CPD_BLOCK_MS;
	} else {
		c->silent_ms = 0;
		c->unknown_ms += CPD_BLOCK_MS;
	}
	if (c->silent_ms >= DSP_CPD_SILENCE_MS)
		cpd_report(c, DSP_CPD_SILENCE, c->pos - DSP_CPD_SILENCE_MS * (DSP_RATE / 1000));
	else if (c->unknown_ms >= DSP_CPD_UNKNOWN_MS)
		cpd_report(c, DSP_CPD_UNKNOWN, start);
}

size_t dsp_cpd_process(struct dsp_cpd *c, const s16 *x, size_t n,
		       struct dsp_cpd_event *ev)
{
	size_t used = 0, k;
	int i;

	clear_event(ev);
	if (queue_pop(&c->q, ev))
		return 0;
	while (used < n) {
		/* stop at the block's end and at its 10 ms half, for the VAD */
		k = (c->fill < DSP_VAD_BLOCK ? DSP_VAD_BLOCK : DSP_CPD_BLOCK) - c->fill;
		if (k > n - used)
			k = n - used;
		for (i = 0; i < c->nbins; i++)
			dsp_goertzel_update(&c->g[i], x + used, k);
		c->vad.acc += sum_sq(x + used, k);
		c->energy += sum_sq(x + used, k);
		c->fill += k;
		c->pos += k;
		used += k;
		if (c->fill == DSP_VAD_BLOCK || c->fill == DSP_CPD_BLOCK) {
			vad_block(&c->vad, c->vad.acc, c->pos - DSP_VAD_BLOCK);
			c->vad.acc = 0;
			c->vad.q.n = 0;	/* the VAD's own events are not ours */
		}
		if (c->fill < DSP_CPD_BLOCK)
			continue;
		if (c->zone)
			cpd_block(c);
		c->energy = 0;
		c->fill = 0;
		if (queue_pop(&c->q, ev))
			break;
	}
	return used;
}

/* ---- fax tones ---- */

void dsp_fax_init(struct dsp_fax *f)
{
	static const u32 freq[6] = { 105000, 110000, 115000, 205000, 210000, 215000 };
	int i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < 6; i++)
		dsp_goertzel_init(&f->g[i], freq[i]);
	f->emin = block_energy_of(CPD_MIN_DBM0, DSP_CPD_BLOCK);
}

static bool fax_share(const struct dsp_fax *f, u64 sum, u32 pct)
{
	return f->energy >= f->emin &&
	       sum * 2 * 100 >= (u64)pct * DSP_CPD_BLOCK * f->energy;
}

static void fax_block(struct dsp_fax *f)
{
	u64 start = f->pos - DSP_CPD_BLOCK, pw[6];
	bool cng, ced, rev;
	int i;

	for (i = 0; i < 6; i++)
		pw[i] = dsp_goertzel_power(&f->g[i]);
	cng = fax_share(f, pw[0] + pw[1] + pw[2], SHARE_ALL);
	/*
	 * 2100 Hz is on a bin. A block holding a phase reversal moves its
	 * energy to the neighbouring bins: that tells a reversal from a gap.
	 */
	ced = fax_share(f, pw[4], CED_SHARE);
	rev = !ced && fax_share(f, pw[3] + pw[4] + pw[5], SHARE_ALL);

	/* CNG: a burst of 0.4..0.7 s followed by a pause */
	if (cng) {
		if (!f->cng_on)
			f->cng_start = start;
		f->cng_on += CPD_BLOCK_MS;
		f->cng_armed = false;
	} else {
		if (f->cng_on >= CNG_MIN_MS && f->cng_on <= CNG_MAX_MS) {
			f->cng_armed = true;
			f->cng_off = 0;
		}
		f->cng_on = 0;
		if (f->cng_armed) {
			f->cng_off += CPD_BLOCK_MS;
			if (f->cng_off >= CNG_OFF_MS) {
				f->cng_armed = false;
				queue_push(&f->q, DSP_FAX_CNG, f->pos, f->cng_start);
			}
		}
	}

	/* CED: 2100 Hz held; gaps of a block or two are bridged */
	if (ced) {
		if (!f->ced_on)
			f->ced_start = start;
		if (f->ced_gap && f->ced_gap_loud)
			f->ced_pr = true;
		f->ced_on += CPD_BLOCK_MS + f->ced_gap;
		f->ced_gap = 0;
		f->ced_gap_loud = true;
	} else if (f->ced_on) {
		f->ced_gap += CPD_BLOCK_MS;
		if (!rev)
			f->ced_gap_loud = false;
		if (f->ced_gap > CED_GAP_MS) {
			f->ced_on = 0;
			f->ced_gap = 0;
			f->ced_pr = false;
			f->ced_reported = false;
			f->ced_pr_reported = false;
		}
	}
	if (f->ced_on >= CED_MIN_MS && !f->ced_reported) {
		f->ced_reported = true;
		queue_push(&f->q, DSP_FAX_CED, f->pos, f->ced_start);
	}
	if (f->ced_reported && f->ced_pr && !f->ced_pr_reported) {
		f->ced_pr_reported = true;
		queue_push(&f->q, DSP_FAX_CED_PR, f->pos, f->ced_start);
	}
}

size_t dsp_fax_process(struct dsp_fax *f, const s16 *x, size_t n,
		       struct dsp_cpd_event *ev)
{
	size_t used = 0, k;
	int i;

	clear_event(ev);
	if (queue_pop(&f->q, ev))
		return 0;
	while (used < n) {
		k = DSP_CPD_BLOCK - f->fill;
		if (k > n - used)
			k = n - used;
		for (i = 0; i < 6; i++)
			dsp_goertzel_update(&f->g[i], x + used, k);
		f->energy += sum_sq(x + used, k);
		f->fill += k;
		f->pos += k;
		used += k;
		if (f->fill < DSP_CPD_BLOCK)
			break;
		fax_block(f);
		f->energy = 0;
		f->fill = 0;
		if (queue_pop(&f->q, ev))
			break;
	}
	return used;
}
