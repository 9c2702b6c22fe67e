// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tone monitoring (TAPI's lineMonitorTones): each open file may listen for
 * up to four tones of one to three frequencies. At the tick, a Goertzel
 * filter per frequency measures 20 ms blocks of what the line receives; a
 * tone is present in a block when its frequencies carry at least 70% of the
 * block's energy, each at least 10%, and the block is no quieter than
 * -40 dBm0. Once present for its duration, the file is told, once, until
 * the tone stops.
 *
 * Locking: a file's request and detectors are under line->lock, taken by
 * the tick while some file listens (line->tone_watchers).
 */
#include <linux/uaccess.h>

#include "tapi_core.h"

#define TONEMON_BLOCK		160	/* 20 ms */
#define TONEMON_BLOCK_MS	20
#define TONEMON_SHARE		70	/* % of the energy on the tone's frequencies */
#define TONEMON_EACH		10	/* % on each of them */
#define TONEMON_MIN_DBM0	(-400)

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

long tapi_monitor_tones(struct tapi_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_monitor_tones req;
	struct tapi_tonemon mon = { 0 };
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
				dsp_goertzel_init(&mon.t[i].g[mon.t[i].nf++], w->freq[k] * 100);
	}
	if (!(line->caps & TAPI_LINE_CAP_TONE_DETECT))
		return -EOPNOTSUPP;
	mon.count = req.count;
	mon.call_id = req.call_id;

	spin_lock_irq(&line->lock);
	if (!tapi_call_known_locked(tf, req.call_id)) {
		ret = -ENOENT;
	} else {
		line->tone_watchers += !!mon.count - !!tf->tonemon.count;
		tf->tonemon = mon;
	}
	spin_unlock_irq(&line->lock);
	return ret;
}

/* The call a file listens on ended: it stops. Holds line->lock. */
void tapi_tonemon_call_ended(struct tapi_line *line, u32 call_id)
{
	struct tapi_file *tf;

	list_for_each_entry(tf, &line->files, node) {
		if (tf->tonemon.count && tf->tonemon.call_id == call_id) {
			tf->tonemon.count = 0;
			line->tone_watchers--;
		}
	}
}

void tapi_tonemon_file_closed(struct tapi_file *tf)
{
	spin_lock_irq(&tf->line->lock);
	if (tf->tonemon.count) {
		tf->tonemon.count = 0;
		tf->line->tone_watchers--;
	}
	spin_unlock_irq(&tf->line->lock);
}

/* Judge one block for one tone; true when it just lasted its duration. */
static bool tapi_tonemon_block(struct tapi_tonemon_tone *t, u64 energy)
{
	u64 a = dsp_dbm0_peak(TONEMON_MIN_DBM0);
	u64 sum = 0, scale = (u64)TONEMON_BLOCK * energy;
	/* a sine of peak a holds a^2 / 2 per sample */
	bool present = energy >= a * a * TONEMON_BLOCK / 2;
	unsigned int k;

	/* a sine's Goertzel power is N/2 times its energy over the block */
	for (k = 0; k < t->nf; k++) {
		u64 p = dsp_goertzel_power(&t->g[k]) * 2;

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

/* One tick of received audio, while some file listens. Softirq context. */
void tapi_tonemon_tick(struct tapi_line *line, const s16 *rx, unsigned int n)
{
	struct tapi_event ev = { .type = TAPI_EVENT_TONE };
	u64 energy = 0;
	struct tapi_file *tf;
	unsigned long flags;
	bool told = false;
	unsigned int i, k;

	if (!READ_ONCE(line->tone_watchers))
		return;
	for (i = 0; i < n; i++)
		energy += (u64)((s32)rx[i] * rx[i]);

	spin_lock_irqsave(&line->lock, flags);
	list_for_each_entry(tf, &line->files, node) {
		struct tapi_tonemon *m = &tf->tonemon;

		if (!m->count)
			continue;
		m->energy += energy;
		m->fill += n;
		for (i = 0; i < m->count; i++)
			for (k = 0; k < m->t[i].nf; k++)
				dsp_goertzel_update(&m->t[i].g[k], rx, n);
		if (m->fill < TONEMON_BLOCK)
			continue;
		for (i = 0; i < m->count; i++) {
			if (!tapi_tonemon_block(&m->t[i], m->energy))
				continue;
			ev.timestamp_ns = ktime_get_ns();
			ev.call_id = m->call_id;
			ev.param[0] = m->t[i].tag;
			ev.param[1] = i;
			ev.param[3] = m->t[i].run_ms * USEC_PER_MSEC;
			tapi_file_push(tf, &ev);
			told = true;
		}
		m->energy = 0;
		m->fill = 0;
	}
	spin_unlock_irqrestore(&line->lock, flags);
	if (told)
		wake_up_interruptible(&line->wait);
}
