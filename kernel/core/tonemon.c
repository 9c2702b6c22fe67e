// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tone monitoring (TAPI's lineMonitorTones): each open file may listen for
 * up to four tones of one to three frequencies. The line measures 20 ms
 * blocks of what it receives with one Goertzel filter per frequency that
 * some file listens on, however many files share it (at most
 * TAPI_MAX_TONE_FREQS of them): a tone is present in a block when its
 * frequencies carry at least 70% of the block's energy, each at least 10%,
 * and the block is no quieter than -40 dBm0. Once present for its
 * duration, the file is told, once, until the tone stops.
 *
 * Locking: which frequencies are wanted (struct tapi_tonefreqs) and every
 * file's request are under line->tdev.lock. The filters themselves belong to
 * the tick alone (the clock runs one tick at a time), so they run without
 * a lock and with interrupts on; the tick takes line->tdev.lock once per block,
 * to judge the files' tones and to take the frequencies wanted for the
 * next block. A request judges only blocks that start after it was made.
 */
#include <linux/uaccess.h>

#include "tapi_core.h"

#define TONEMON_BLOCK		160	/* 20 ms */
#define TONEMON_BLOCK_MS	20
#define TONEMON_SHARE		70	/* % of the energy on the tone's frequencies */
#define TONEMON_EACH		10	/* % on each of them */
#define TONEMON_MIN_DBM0	(-400)

/* Filters run, over every line and tick: the tick's alone, under the clock's lock. */
u64 tapi_tonemon_filter_runs;

static bool tapi_tone_watch_valid(const struct tapi_tone_watch *w)
{
	unsigned int i, n = 0;

	if (w->reserved || w->duration_ms < TONEMON_BLOCK_MS || w->duration_ms > 60000)
		return false;
	for (i = 0; i < ARRAY_SIZE(w->freq); i++) {
		if (!w->freq[i])
			continue;
		if (w->freq[i] < 100 || w->freq[i] > 3900)
			return false;
		n++;
	}
	return n;
}

/* A filter for @hz: its slot, shared if there is one; -ENOSPC. Holds line->tdev.lock. */
static int tapi_tonefreq_get(struct tapi_line *line, u16 hz)
{
	struct tapi_tonefreqs *f = &line->tonefreqs;
	int k, free = -1;

	lockdep_assert_held(&line->tdev.lock);
	for (k = 0; k < TAPI_MAX_TONE_FREQS; k++) {
		if (f->refs[k] && f->hz[k] == hz) {
			f->refs[k]++;
			return k;
		}
		if (!f->refs[k] && free < 0)
			free = k;
	}
	if (free < 0)
		return -ENOSPC;
	f->hz[free] = hz;
	f->refs[free] = 1;
	f->changes++;
	return free;
}

static void tapi_tonefreq_put(struct tapi_line *line, unsigned int k)
{
	lockdep_assert_held(&line->tdev.lock);
	if (WARN_ON_ONCE(!line->tonefreqs.refs[k]))
		return;
	if (!--line->tonefreqs.refs[k])
		line->tonefreqs.changes++;
}

/* Give back the filters of @m's tones. Holds line->tdev.lock. */
static void tapi_tonemon_put(struct tapi_line *line, struct tapi_tonemon *m)
{
	unsigned int i, k;

	lockdep_assert_held(&line->tdev.lock);
	for (i = 0; i < m->count; i++)
		for (k = 0; k < m->t[i].nf; k++)
			tapi_tonefreq_put(line, m->t[i].slot[k]);
}

/* Take filters for @m's tones, all or none: 0 or -ENOSPC. Holds line->tdev.lock. */
static int tapi_tonemon_get(struct tapi_line *line, struct tapi_tonemon *m)
{
	unsigned int i, k;
	int slot;

	lockdep_assert_held(&line->tdev.lock);
	for (i = 0; i < m->count; i++) {
		for (k = 0; k < m->t[i].nf; k++) {
			slot = tapi_tonefreq_get(line, m->t[i].hz[k]);
			if (slot < 0)
				goto undo;
			m->t[i].slot[k] = slot;
		}
	}
	return 0;
undo:
	while (k--)
		tapi_tonefreq_put(line, m->t[i].slot[k]);
	while (i--)
		for (k = 0; k < m->t[i].nf; k++)
			tapi_tonefreq_put(line, m->t[i].slot[k]);
	return -ENOSPC;
}

/*
 * Take back the very filters @m had, just given back: nothing else ran
 * meanwhile, so each is free or still on its frequency. Holds line->tdev.lock.
 */
static void tapi_tonemon_restore(struct tapi_line *line, const struct tapi_tonemon *m)
{
	struct tapi_tonefreqs *f = &line->tonefreqs;
	unsigned int i, k;

	lockdep_assert_held(&line->tdev.lock);
	for (i = 0; i < m->count; i++)
		for (k = 0; k < m->t[i].nf; k++) {
			u8 slot = m->t[i].slot[k];

			WARN_ON_ONCE(f->refs[slot] && f->hz[slot] != m->t[i].hz[k]);
			f->hz[slot] = m->t[i].hz[k];
			f->refs[slot]++;
		}
}

/* Stop @tf's monitoring. Holds line->tdev.lock. */
static void tapi_tonemon_stop(struct tapi_line *line, struct tapi_line_file *tf)
{
	lockdep_assert_held(&line->tdev.lock);
	if (!tf->tonemon.count)
		return;
	tapi_tonemon_put(line, &tf->tonemon);
	tf->tonemon.count = 0;
	line->tone_watchers--;
}

long tapi_monitor_tones(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_monitor_tones req;
	struct tapi_tonemon mon = { 0 }, old;
	unsigned int i, k;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (memchr_inv(req.reserved, 0, sizeof(req.reserved)) ||
	    req.count > TAPI_MONITOR_TONES_MAX)
		return -EINVAL;
	for (i = 0; i < TAPI_MONITOR_TONES_MAX; i++) {
		const struct tapi_tone_watch *w = &req.tones[i];

		if (i >= req.count) {
			if (memchr_inv(w, 0, sizeof(*w)))
				return -EINVAL;
			continue;
		}
		if (!tapi_tone_watch_valid(w))
			return -EINVAL;
		mon.t[i].tag = w->tag;
		mon.t[i].duration_ms = w->duration_ms;
		for (k = 0; k < ARRAY_SIZE(w->freq); k++)
			if (w->freq[k])
				mon.t[i].hz[mon.t[i].nf++] = w->freq[k];
	}
	if (!(line->caps & TAPI_LINE_CAP_TONE_DETECT))
		return -EOPNOTSUPP;
	mon.count = req.count;
	mon.call_id = req.call_id;

	spin_lock_irq(&line->tdev.lock);
	if (!tapi_call_known_locked(tf, req.call_id)) {
		ret = -ENOENT;
		goto out;
	}
	/* the old request's filters count as free for the new one */
	old = tf->tonemon;
	tapi_tonemon_put(line, &old);
	ret = tapi_tonemon_get(line, &mon);
	if (ret) {
		/* refused: the request in place goes on as it was */
		tapi_tonemon_restore(line, &old);
		goto out;
	}
	/* the block in progress began before the request */
	mon.first_block = line->tonefreqs.blocks + 1;
	line->tone_watchers += !!mon.count - !!old.count;
	tf->tonemon = mon;
out:
	spin_unlock_irq(&line->tdev.lock);
	return ret;
}

/* The call a file listens on ended: it stops. Holds line->tdev.lock. */
void tapi_tonemon_call_ended(struct tapi_line *line, u32 call_id)
{
	struct tapi_line_file *tf;

	lockdep_assert_held(&line->tdev.lock);
	tapi_for_each_line_file(tf, line)
		if (tf->tonemon.count && tf->tonemon.call_id == call_id)
			tapi_tonemon_stop(line, tf);
}

void tapi_tonemon_file_closed(struct tapi_line_file *tf)
{
	spin_lock_irq(&tf->line->tdev.lock);
	tapi_tonemon_stop(tf->line, tf);
	spin_unlock_irq(&tf->line->tdev.lock);
}

/* Judge one block for one tone; true when it just lasted its duration. */
static bool tapi_tonemon_block(struct tapi_tonemon_tone *t, const u64 *power, u64 energy)
{
	u64 a = dsp_dbm0_peak(TONEMON_MIN_DBM0);
	u64 sum = 0, scale = (u64)TONEMON_BLOCK * energy;
	/* a sine of peak a holds a^2 / 2 per sample */
	bool present = energy >= a * a * TONEMON_BLOCK / 2;
	unsigned int k;

	/* a sine's Goertzel power is N/2 times its energy over the block */
	for (k = 0; k < t->nf; k++) {
		u64 p = power[t->slot[k]] * 2;

		sum += p;
		if (p * 100 < scale * TONEMON_EACH)
			present = false;
	}
	if (sum * 100 < scale * TONEMON_SHARE)
		present = false;
	if (!present) {
		t->run_ms = 0;
		t->reported = false;
		return false;
	}
	t->run_ms += TONEMON_BLOCK_MS;
	if (t->reported || t->run_ms < t->duration_ms)
		return false;
	t->reported = true;
	return true;
}

/*
 * A block ended: judge every file's tones on it, and take the frequencies
 * wanted for the next one. Holds line->tdev.lock.
 */
static bool tapi_tonemon_judge(struct tapi_line *line, struct tapi_tonebank *b)
{
	struct tapi_tonefreqs *f = &line->tonefreqs;
	struct tapi_event ev = { .type = TAPI_EVENT_TONE };
	u32 block = f->blocks++;
	struct tapi_line_file *tf;
	bool told = false;
	unsigned int i, k;

	lockdep_assert_held(&line->tdev.lock);
	tapi_for_each_line_file(tf, line) {
		struct tapi_tonemon *m = &tf->tonemon;

		/* a request made during the block judges from the next one */
		if (!m->count || (s32)(block - m->first_block) < 0)
			continue;
		for (i = 0; i < m->count; i++) {
			if (!tapi_tonemon_block(&m->t[i], b->power, b->block_energy))
				continue;
			ev.timestamp_ns = ktime_get_ns();
			ev.call_id = m->call_id;
			ev.param[0] = m->t[i].tag;
			ev.param[1] = i;
			ev.param[3] = m->t[i].run_ms * USEC_PER_MSEC;
			tapi_fh_push(&tf->fh, &ev);
			told = true;
		}
	}
	if (b->changes != f->changes) {
		b->changes = f->changes;
		b->nfilters = 0;
		for (k = 0; k < TAPI_MAX_TONE_FREQS; k++) {
			b->hz[k] = f->refs[k] ? f->hz[k] : 0;
			if (b->hz[k])
				dsp_goertzel_init(&b->g[k], b->hz[k] * 100);
			b->nfilters += !!b->hz[k];
		}
	}
	return told;
}

/*
 * One tick of received audio, while some file listens. Softirq context,
 * from the clock, which runs one tick at a time: the filters are its own.
 */
void tapi_tonemon_tick(struct tapi_line *line, const s16 *rx, unsigned int n)
{
	struct tapi_tonebank *b = &line->tonebank;
	unsigned long flags;
	bool told;
	unsigned int i, k;

	if (!READ_ONCE(line->tone_watchers))
		return;
	for (i = 0; i < n; i++)
		b->energy += (u64)((s32)rx[i] * rx[i]);
	for (k = 0; k < TAPI_MAX_TONE_FREQS; k++)
		if (b->hz[k])
			dsp_goertzel_update(&b->g[k], rx, n);
	tapi_tonemon_filter_runs += b->nfilters;
	b->fill += n;
	if (b->fill < TONEMON_BLOCK)
		return;
	for (k = 0; k < TAPI_MAX_TONE_FREQS; k++)
		b->power[k] = b->hz[k] ? dsp_goertzel_power(&b->g[k]) : 0;
	b->block_energy = b->energy;
	b->energy = 0;
	b->fill = 0;

	spin_lock_irqsave(&line->tdev.lock, flags);
	told = tapi_tonemon_judge(line, b);
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	if (told)
		wake_up_interruptible(&line->tdev.wait);
}
