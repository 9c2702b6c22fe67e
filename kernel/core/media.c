// SPDX-License-Identifier: GPL-2.0-only
/*
 * Media monitoring (TAPI's lineMonitorMedia): the DSP listens at the tick
 * for a calling fax (CNG), an answer tone (CED, with or without phase
 * reversals) and voice, and tells the files that asked. The detectors run
 * only while some file watches, so an unwatched line costs nothing.
 *
 * Locking: files' media_watch/media_watch_call and line->media_watchers are under
 * line->tdev.lock; the detectors belong to the tick (the clock's lock).
 */
#include <linux/uaccess.h>

#include "tapi_core.h"

#define TAPI_MEDIA_EVENTS	8	/* at most per tick: far more than happen */

struct tapi_media_found {
	u32 kind;	/* DSP_FAX_* or DSP_VAD_* */
	u64 at;		/* detector position it began (ended) */
};

/* Set @tf's watched modes (0: none), keeping line->media_watchers. */
static void tapi_media_set(struct tapi_line *line, struct tapi_line_file *tf, u32 modes,
			   u32 call_id)
{
	if (!tf->media_watch && modes)
		line->media_watchers++;
	else if (tf->media_watch && !modes)
		line->media_watchers--;
	tf->media_watch = modes;
	tf->media_watch_call = call_id;
}

long tapi_monitor_media(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_monitor_media req;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (memchr_inv(req.reserved, 0, sizeof(req.reserved)) ||
	    (req.media_modes & ~TAPI_MONITOR_MEDIA_MODES))
		return -EINVAL;
	if (!(line->caps & TAPI_LINE_CAP_MEDIA_DETECT))
		return -EOPNOTSUPP;
	spin_lock_irq(&line->tdev.lock);
	if (tapi_call_known_locked(tf, req.call_id))
		tapi_media_set(line, tf, req.media_modes, req.call_id);
	else
		ret = -ENOENT;
	spin_unlock_irq(&line->tdev.lock);
	return ret;
}

/* Files stop watching a call that ended. Holds line->tdev.lock. */
void tapi_media_call_ended(struct tapi_line *line, u32 call_id)
{
	struct tapi_line_file *tf;

	lockdep_assert_held(&line->tdev.lock);
	tapi_for_each_line_file(tf, line)
		if (tf->media_watch && tf->media_watch_call == call_id)
			tapi_media_set(line, tf, 0, 0);
}

void tapi_media_file_closed(struct tapi_line_file *tf)
{
	spin_lock_irq(&tf->line->tdev.lock);
	tapi_media_set(tf->line, tf, 0, 0);
	spin_unlock_irq(&tf->line->tdev.lock);
}

/* The signal of a detector event, and the media modes it suggests, in order. */
static u32 tapi_media_signal(u32 kind, u32 *modes)
{
	switch (kind) {
	case DSP_FAX_CNG:
		*modes = TAPI_MEDIA_G3FAX;
		return TAPI_SIGNAL_CNG;
	case DSP_FAX_CED:
		*modes = TAPI_MEDIA_G3FAX | TAPI_MEDIA_DATAMODEM;
		return TAPI_SIGNAL_CED;
	case DSP_FAX_CED_PR:
		*modes = TAPI_MEDIA_DATAMODEM;
		return TAPI_SIGNAL_CED_PR;
	case DSP_VAD_START:
		*modes = TAPI_MEDIA_INTERACTIVEVOICE | TAPI_MEDIA_AUTOMATEDVOICE;
		return TAPI_SIGNAL_VOICE_START;
	case DSP_VAD_END:
		*modes = TAPI_MEDIA_INTERACTIVEVOICE | TAPI_MEDIA_AUTOMATEDVOICE;
		return TAPI_SIGNAL_VOICE_END;
	}
	*modes = 0;
	return 0;
}

static void tapi_media_report(struct tapi_line *line, const struct tapi_media_found *f,
			      unsigned int nf)
{
	struct tapi_event ev = { .type = TAPI_EVENT_MEDIA };
	struct tapi_line_file *tf;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&line->tdev.lock, flags);
	ev.timestamp_ns = ktime_get_ns();
	for (i = 0; i < nf; i++) {
		u32 modes, signal = tapi_media_signal(f[i].kind, &modes);

		if (!signal)
			continue;
		ev.param[1] = signal;
		ev.param[3] = (u32)min_t(u64, (line->media_pos - f[i].at) * 125, U32_MAX);
		tapi_for_each_line_file(tf, line) {
			u32 m = tf->media_watch & modes;

			if (!m)
				continue;
			ev.call_id = tf->media_watch_call;
			ev.param[0] = m & -m;	/* the first that fits */
			tapi_fh_push(&tf->fh, &ev);
		}
	}
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	wake_up_interruptible(&line->tdev.wait);
}

/* One tick of received audio, while some file watches. Softirq context. */
void tapi_media_tick(struct tapi_line *line, const s16 *rx, unsigned int n)
{
	struct tapi_media_found found[TAPI_MEDIA_EVENTS];
	struct dsp_cpd_event ev;
	unsigned int nf = 0;
	size_t left, k;

	if (!READ_ONCE(line->media_watchers)) {
		line->media_running = false;
		return;
	}
	if (!line->media_running) {
		/* fresh detectors: what they heard before nobody watched is gone */
		dsp_fax_init(&line->fax);
		dsp_vad_init(&line->vad);
		line->media_pos = 0;
		line->media_running = true;
	}
	for (left = n; left; left -= k) {
		k = dsp_fax_process(&line->fax, rx + n - left, left, &ev);
		if (ev.kind != DSP_CPD_NONE && nf < ARRAY_SIZE(found))
			found[nf++] = (struct tapi_media_found){ ev.kind, ev.at };
	}
	for (left = n; left; left -= k) {
		k = dsp_vad_process(&line->vad, rx + n - left, left, &ev);
		if (ev.kind != DSP_CPD_NONE && nf < ARRAY_SIZE(found))
			found[nf++] = (struct tapi_media_found){ ev.kind, ev.at };
	}
	line->media_pos += n;
	if (nf)
		tapi_media_report(line, found, nf);
}
