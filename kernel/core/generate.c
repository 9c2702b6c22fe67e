// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generator: TAPI_IOC_GENERATE_DIGITS sends DTMF (or dial pulses,
 * through the driver's loop) and TAPI_IOC_GENERATE_TONE a tone, on the
 * line or into one call; while it plays, its output replaces the streams'
 * in what the line sends (audio.c). A request belongs to the file that
 * made it: closing that file ends it, silently; a new request cancels the
 * one playing, which then says so (TAPI_EVENT_GENERATE).
 *
 * Locking: line->audio_lock (bottom halves off in process context) guards
 * the generator's state; the tick runs it under the same lock.
 */
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>

#include "tapi_core.h"

/*
 * One tick of what is being generated, into @tx (@n samples), with the
 * streams' output already there (it is replaced). Returns
 * TAPI_GENERATE_DONE or _CANCELLED when the request just ended (with its
 * kind and tag), else 0; @brk: the loop is to be broken (dial pulses).
 */
u32 tapi_generate_tick_locked(struct tapi_line *line, s16 *tx, unsigned int n, u32 *kind,
			      u32 *tag, bool *brk)
{
	bool done = false;
	u32 ret = 0;

	lockdep_assert_held(&line->audio_lock);
	/* generation on a call stops with the call, as a stream does */
	if (line->gen_active && line->gen_call &&
	    line->gen_calls_seen != READ_ONCE(line->calls_ended)) {
		line->gen_calls_seen = READ_ONCE(line->calls_ended);
		if (!tapi_call_exists(line, line->gen_call)) {
			line->gen_active = false;
			*kind = line->gen_kind;
			*tag = line->gen_tag;
			ret = TAPI_GENERATE_CANCELLED;
		}
	}
	*brk = false;
	if (line->gen_active) {
		if (line->gen_pulse) {
			/* one step per 1 ms tick; the loop carries no tone */
			done = !tapi_pulse_tx_step(&line->pulse);
			*brk = !done && line->pulse.broken;
		} else if (line->gen_kind == TAPI_GENERATE_DIGITS) {
			done = !dsp_dtmf_tx_generate(&line->gen, tx, n);
		} else {
			dsp_tone_generate(&line->tone, tx, n);
			done = line->tone.done;
			if (line->gen_left) {
				line->gen_left -= min_t(u32, n, line->gen_left);
				done |= !line->gen_left;
			}
		}
		if (done) {
			line->gen_active = false;
			*kind = line->gen_kind;
			*tag = line->gen_tag;
			ret = TAPI_GENERATE_DONE;
		}
	}
	return ret;
}

/*
 * Start generating (@kind 0: only cancel), cancelling what was being
 * generated, which then says so. Another file's generation is only
 * cancelled by an owner of the call it goes into: -EPERM.
 */
static int tapi_generate_start(struct tapi_line_file *tf, u32 call_id, u32 kind, u32 tag,
			       const struct dsp_dtmf_tx *digits,
			       const struct tapi_pulse_tx *pulses,
			       const struct dsp_tone_def *tone, u32 duration_ms)
{
	struct tapi_line *line = tf->line;
	bool cancelled;
	u32 old_kind, old_tag;

	spin_lock_bh(&line->audio_lock);
	if (line->gen_active && line->gen_owner != tf &&
	    !tapi_call_may_send(tf, line->gen_call)) {
		spin_unlock_bh(&line->audio_lock);
		return -EPERM;
	}
	cancelled = line->gen_active;
	old_kind = line->gen_kind;
	old_tag = line->gen_tag;
	line->gen_active = false;
	if (kind) {
		line->gen_pulse = !!pulses;
		if (pulses)
			line->pulse = *pulses;
		else if (kind == TAPI_GENERATE_DIGITS)
			line->gen = *digits;
		else
			dsp_tone_start(&line->tone, tone);
		line->gen_kind = kind;
		line->gen_call = call_id;
		/* look at once: the call may have ended since it was checked */
		line->gen_calls_seen = READ_ONCE(line->calls_ended) - 1;
		line->gen_left = duration_ms * 8;
		line->gen_tag = tag;
		line->gen_owner = tf;
		line->gen_active = true;
	}
	spin_unlock_bh(&line->audio_lock);

	if (cancelled) {
		u32 p[3] = { old_kind, TAPI_GENERATE_CANCELLED, old_tag };

		tapi_line_report(line, TAPI_EVENT_GENERATE, 0, p, ARRAY_SIZE(p));
	}
	return 0;
}

/* Who may generate into @call_id: -ENOENT, -EPERM (TAPI: not the owner) or 0. */
static int tapi_generate_allowed(struct tapi_line_file *tf, u32 call_id)
{
	if (!tapi_call_known(tf, call_id))
		return -ENOENT;
	return tapi_call_may_send(tf, call_id) ? 0 : -EPERM;
}

long tapi_generate_digits(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_generate_digits req;
	struct dsp_dtmf_tx check;
	struct tapi_pulse_tx pulses;
	int ret;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (memchr_inv(req.reserved, 0, sizeof(req.reserved)) ||
	    !memchr(req.digits, 0, sizeof(req.digits)))
		return -EINVAL;
	if (req.mode == TAPI_DIGIT_PULSE) {
		if (req.on_ms || req.level || req.off_ms < 300 || req.off_ms > 2000 ||
		    (req.digits[0] && !tapi_pulse_tx_init(&pulses, req.digits, req.off_ms)))
			return -EINVAL;
		ret = tapi_generate_allowed(tf, req.call_id);
		if (ret)
			return ret;
		if (!(line->caps & TAPI_LINE_CAP_PULSE_GENERATE))
			return -EOPNOTSUPP;
		return tapi_generate_start(tf, req.call_id,
					   req.digits[0] ? TAPI_GENERATE_DIGITS : 0,
					   req.tag, NULL, &pulses, NULL, 0);
	}
	if (req.mode != TAPI_DIGIT_DTMF ||
	    req.on_ms < 40 || req.on_ms > 1000 || req.off_ms < 40 || req.off_ms > 1000 ||
	    req.level < -400 || req.level > 0)
		return -EINVAL;
	/* every digit valid, before anything in progress is touched */
	dsp_dtmf_tx_init(&check, req.level, req.level, req.on_ms * 8, req.off_ms * 8);
	if (req.digits[0] && dsp_dtmf_tx_queue(&check, req.digits))
		return -EINVAL;
	ret = tapi_generate_allowed(tf, req.call_id);
	if (ret)
		return ret;
	if (!(line->caps & TAPI_LINE_CAP_DTMF_GENERATE))
		return -EOPNOTSUPP;

	return tapi_generate_start(tf, req.call_id, req.digits[0] ? TAPI_GENERATE_DIGITS : 0,
				   req.tag, &check, NULL, NULL, 0);
}

static char *tone_zone = "us";
module_param(tone_zone, charp, 0444);
MODULE_PARM_DESC(tone_zone, "tone zone of TAPI_IOC_GENERATE_TONE requests that name none (default us)");

/* The zone's tone for a TAPI_TONE_* value, or -1. */
static int tapi_zone_tone(u32 tone)
{
	switch (tone) {
	case TAPI_TONE_RINGBACK:
		return DSP_ZONE_RINGBACK;
	case TAPI_TONE_BUSY:
		return DSP_ZONE_BUSY;
	case TAPI_TONE_DIAL:
		return DSP_ZONE_DIAL;
	case TAPI_TONE_CONGESTION:
		return DSP_ZONE_CONGESTION;
	case TAPI_TONE_SIT:
		return DSP_ZONE_SIT;
	case TAPI_TONE_CALLWAIT:
		return DSP_ZONE_CALLWAIT;
	}
	return -1;
}

/* A custom tone's fields, which every other request leaves zero. */
static bool tapi_tone_custom_unused(const struct tapi_generate_tone *req)
{
	return !req->level1 && !req->level2 && !req->nseg && !req->repeat &&
	       !memchr_inv(req->seg, 0, sizeof(req->seg));
}

/* Turn a request into a tone definition; false when it is invalid. */
static bool tapi_tone_def(const struct tapi_generate_tone *req, struct dsp_tone_def *def)
{
	const struct dsp_zone *zone;
	char code[sizeof(req->zone) + 1] = "";
	unsigned int i;
	int zt;

	memset(def, 0, sizeof(*def));
	/* a field that means nothing for this tone must be zero */
	if (req->tone != TAPI_TONE_CUSTOM && !tapi_tone_custom_unused(req))
		return false;
	if (req->tone != TAPI_TONE_CUSTOM && req->tone != TAPI_TONE_BEEP &&
	    tapi_zone_tone(req->tone) < 0)
		return false;
	if ((req->tone == TAPI_TONE_CUSTOM || req->tone == TAPI_TONE_BEEP) &&
	    memchr_inv(req->zone, 0, sizeof(req->zone)))
		return false;
	if (req->tone == TAPI_TONE_BEEP) {
		*def = (struct dsp_tone_def){
			.level1 = -100, .nseg = 1, .repeat = 1,
			.seg[0] = { .f1 = 100000, .ms = 250 },
		};
		return true;
	}
	if (req->tone != TAPI_TONE_CUSTOM) {
		zt = tapi_zone_tone(req->tone);
		memcpy(code, req->zone, sizeof(req->zone));
		zone = dsp_zone_find(code[0] ? code : tone_zone);
		if (zt < 0 || !zone)
			return false;
		*def = zone->tone[zt];
		return true;
	}
	if (!req->nseg || req->nseg > TAPI_TONE_MAX_SEGS || req->repeat > 255 ||
	    req->level1 < -400 || req->level1 > 0 || req->level2 < -400 || req->level2 > 0)
		return false;
	def->level1 = req->level1;
	def->level2 = req->level2;
	def->nseg = req->nseg;
	def->repeat = req->repeat;
	for (i = 0; i < TAPI_TONE_MAX_SEGS; i++) {
		const struct tapi_tone_segment *sg = &req->seg[i];

		if (sg->reserved || (i >= req->nseg && (sg->freq1 || sg->freq2 || sg->ms)))
			return false;
		def->seg[i].f1 = sg->freq1 * 100;
		def->seg[i].f2 = sg->freq2 * 100;
		def->seg[i].ms = sg->ms;
	}
	return dsp_tone_valid(def);
}

long tapi_generate_tone(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_generate_tone req;
	struct dsp_tone_def def;
	int ret;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (memchr_inv(req.reserved, 0, sizeof(req.reserved)) ||
	    req.duration_ms > 3600000 ||
	    (req.tone && !tapi_tone_def(&req, &def)))
		return -EINVAL;
	/* cancelling: nothing but the call and the tag means anything */
	if (!req.tone && (req.duration_ms || !tapi_tone_custom_unused(&req) ||
			  memchr_inv(req.zone, 0, sizeof(req.zone))))
		return -EINVAL;
	ret = tapi_generate_allowed(tf, req.call_id);
	if (ret)
		return ret;
	if (!(line->caps & TAPI_LINE_CAP_TONE_GENERATE))
		return -EOPNOTSUPP;
	return tapi_generate_start(tf, req.call_id, req.tone ? TAPI_GENERATE_TONE : 0, req.tag,
				   NULL, NULL, &def, req.duration_ms);
}

/* A file is closing: what it asked to generate ends with it, silently. */
void tapi_generate_file_closed(struct tapi_line_file *tf)
{
	struct tapi_line *line = tf->line;

	spin_lock_bh(&line->audio_lock);
	if (line->gen_owner == tf) {
		line->gen_active = false;
		line->gen_owner = NULL;
	}
	spin_unlock_bh(&line->audio_lock);
}
