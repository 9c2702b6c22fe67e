// SPDX-License-Identifier: GPL-2.0-only
/*
 * Audio streams: TAPI_IOC_AUDIO_OPEN on a line returns a descriptor that
 * reads what the line receives and writes what it sends, 8000 samples a
 * second, in linear 16-bit, mu-law or A-law, in whole chunks of 1-20 ms.
 *
 * Each stream has two rings of linear samples. The clock's tick (softirq)
 * copies what the line received into every stream's receive ring and sums
 * the streams' transmit rings into what the line sends; read() and write()
 * convert formats in process context. A reader that falls behind loses
 * whole ticks (counted as overruns); a writer that falls behind makes the
 * line send silence (counted as underruns, once the stream was written to).
 *
 * TAPI_IOC_GENERATE_DIGITS sends DTMF on the line; while it does, the
 * generator's output replaces the streams' in what the line sends. The
 * request belongs to the file that made it: closing that file ends it.
 *
 * Locking: line->audio_lock (bottom halves off in process context) guards
 * the line's list of streams, their rings, statistics and dead flags, and
 * the digit generator. A
 * stream's read_mutex serialises its readers, so samples leave the ring only
 * once userspace has them; write_mutex does the same for writers. A stream
 * holds a reference on its line's device, so an unregistered line's memory
 * stays until the last stream closes.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "tapi_core.h"
#include "../dsp/g711.h"

#define TAPI_AUDIO_RING		1024	/* samples: 128 ms, 6 chunks of 20 ms */
#define TAPI_AUDIO_MAX_CHUNK	160	/* 20 ms */

struct tapi_stream {
	struct tapi_line *line;
	/*
	 * The file that opened it, under audio_lock; NULL once that file is
	 * closed. Writing needs its privilege, looked at on every write.
	 */
	struct tapi_line_file *owner;
	struct list_head node;		/* in line->streams */
	wait_queue_head_t wait;
	struct mutex read_mutex;	/* one reader consumes at a time */
	struct mutex write_mutex;	/* one writer fills at a time */
	u32 format;
	u32 chunk;			/* samples per chunk */
	u32 call_id;			/* the call streamed, 0 for the line */
	/* under line->audio_lock: */
	u32 rx_head, rx_tail, tx_head, tx_tail;	/* free-running */
	u32 calls_seen;			/* line->calls_ended when last checked */
	bool written;
	bool dead;			/* the line is gone */
	bool ended;			/* the call is over: EOF after what is queued */
	bool unlisted;			/* refused before it joined line->streams */
	bool paused;			/* media control: what it sends waits */
	int volume;			/* media control: 3 dB steps from normal */
	struct tapi_audio_stats stats;
	s16 rx[TAPI_AUDIO_RING];
	s16 tx[TAPI_AUDIO_RING];
};

static u32 ring_used(u32 head, u32 tail)
{
	return head - tail;
}

static unsigned int sample_bytes(u32 format)
{
	return format == TAPI_AUDIO_LINEAR16 ? 2 : 1;
}

#define TAPI_VOLUME_STEPS	4	/* of 3 dB each way */

/* @x at @step 3 dB steps from its level: gains in Q12 */
static s16 tapi_gain(s16 x, int step)
{
	static const u16 q12[2 * TAPI_VOLUME_STEPS + 1] = {
		1028, 1454, 2053, 2900, 4096, 5786, 8173, 11544, 16306,
	};

	if (!step)
		return x;
	return dsp_sat16(((s32)x * q12[step + TAPI_VOLUME_STEPS]) >> 12);
}

/*
 * Called by the tick for what the line is about to send: the streams'
 * output, summed, or what is being generated in its place. Returns
 * TAPI_GENERATE_DONE or _CANCELLED when a generation request just ended
 * (with its kind and tag), else 0.
 */
u32 tapi_audio_tick_tx(struct tapi_line *line, s16 *tx, unsigned int n, u32 *kind,
		       u32 *tag, bool *brk)
{
	struct tapi_stream *st;
	bool done = false;
	unsigned int i;
	u32 ret = 0;

	spin_lock(&line->audio_lock);
	list_for_each_entry(st, &line->streams, node) {
		u32 have = ring_used(st->tx_head, st->tx_tail);

		/*
		 * A stream of a call ends with it. Calls end under line->tdev.lock,
		 * which may not nest audio_lock, so the tick looks, and only
		 * when some call ended since this stream last looked.
		 */
		if (st->call_id && !st->ended &&
		    st->calls_seen != READ_ONCE(line->calls_ended)) {
			st->calls_seen = READ_ONCE(line->calls_ended);
			if (!tapi_call_exists(line, st->call_id)) {
				st->ended = true;
				wake_up_interruptible_all(&st->wait);
			}
		}
		if (st->ended || st->paused)
			continue;

		for (i = 0; i < n && i < have; i++)
			tx[i] = dsp_sat16((s32)tx[i] + tapi_gain(st->tx[(st->tx_tail + i) %
								   TAPI_AUDIO_RING], st->volume));
		st->tx_tail += i;
		if (i < n && st->written) {
			st->stats.underruns++;
			line->audio_underruns++;
		}
		st->stats.tx_samples += n;
		/* a blocked writer needs room for a whole chunk */
		if (i && TAPI_AUDIO_RING - ring_used(st->tx_head, st->tx_tail) >= st->chunk)
			wake_up_interruptible(&st->wait);
	}
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
	spin_unlock(&line->audio_lock);
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
	struct tapi_stream *st;

	spin_lock_bh(&line->audio_lock);
	if (line->gen_owner == tf) {
		line->gen_active = false;
		line->gen_owner = NULL;
	}
	/* its streams still listen, but speak for nobody */
	list_for_each_entry(st, &line->streams, node)
		if (st->owner == tf)
			st->owner = NULL;
	spin_unlock_bh(&line->audio_lock);
}

/**
 * tapi_line_audio_totals() - overruns and underruns of a line's streams
 * @line: the line
 * @overruns: out: ticks a reader lost, summed over every stream it had
 * @underruns: out: ticks a writer left silent, likewise
 *
 * Context: process or softirq; takes the line's audio lock.
 */
void tapi_line_audio_totals(struct tapi_line *line, u64 *overruns, u64 *underruns)
{
	spin_lock_bh(&line->audio_lock);
	*overruns = line->audio_overruns;
	*underruns = line->audio_underruns;
	spin_unlock_bh(&line->audio_lock);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_audio_totals, TAPI_NS);

/* Called by the tick with the samples the line received. */
void tapi_audio_tick_rx(struct tapi_line *line, const s16 *rx, unsigned int n)
{
	struct tapi_stream *st;
	unsigned int i;

	spin_lock(&line->audio_lock);
	list_for_each_entry(st, &line->streams, node) {
		if (st->ended)
			continue;
		st->stats.rx_samples += n;
		if (TAPI_AUDIO_RING - ring_used(st->rx_head, st->rx_tail) < n) {
			st->stats.overruns++;
			line->audio_overruns++;
			continue;
		}
		for (i = 0; i < n; i++)
			st->rx[(st->rx_head + i) % TAPI_AUDIO_RING] = rx[i];
		st->rx_head += n;
		if (ring_used(st->rx_head, st->rx_tail) >= st->chunk)
			wake_up_interruptible(&st->wait);
	}
	spin_unlock(&line->audio_lock);
}

/* The line is going away: wake every stream's waiters for ENODEV. */
void tapi_audio_line_gone(struct tapi_line *line)
{
	struct tapi_stream *st;

	spin_lock_bh(&line->audio_lock);
	list_for_each_entry(st, &line->streams, node) {
		st->dead = true;
		wake_up_interruptible_all(&st->wait);
	}
	spin_unlock_bh(&line->audio_lock);
}

/*
 * Media control (mediactl.c) does @action to the streams of call @call_id
 * and to the line's own; @call_id 0 means every stream. Caller holds
 * audio_lock.
 */
void tapi_audio_control_locked(struct tapi_line *line, u32 call_id, u32 action)
{
	struct tapi_stream *st;

	lockdep_assert_held(&line->audio_lock);
	list_for_each_entry(st, &line->streams, node) {
		if (call_id && st->call_id && st->call_id != call_id)
			continue;
		switch (action) {
		case TAPI_MEDIACTL_START:
		case TAPI_MEDIACTL_RESUME:
			st->paused = false;
			break;
		case TAPI_MEDIACTL_PAUSE:
			st->paused = true;
			break;
		case TAPI_MEDIACTL_RESET:
			st->tx_tail = st->tx_head;
			break;
		case TAPI_MEDIACTL_VOLUMEUP:
			st->volume = min(st->volume + 1, TAPI_VOLUME_STEPS);
			break;
		case TAPI_MEDIACTL_VOLUMEDOWN:
			st->volume = max(st->volume - 1, -TAPI_VOLUME_STEPS);
			break;
		case TAPI_MEDIACTL_VOLUMENORMAL:
			st->volume = 0;
			break;
		}
		/* room for a writer: reset emptied it, start may drain it */
		wake_up_interruptible(&st->wait);
	}
}

/*
 * Format conversion in place, in one chunk-sized buffer, to keep the stack
 * small: encoding goes forwards (byte i is written after sample i, which
 * spans bytes 2i and 2i+1, was read), decoding backwards for the same reason.
 */
static void encode_in_place(u32 format, s16 *buf, unsigned int n)
{
	u8 *out = (u8 *)buf;
	unsigned int i;

	if (format == TAPI_AUDIO_ULAW)
		for (i = 0; i < n; i++)
			out[i] = dsp_ulaw_encode(buf[i]);
	else if (format == TAPI_AUDIO_ALAW)
		for (i = 0; i < n; i++)
			out[i] = dsp_alaw_encode(buf[i]);
}

static void decode_in_place(u32 format, s16 *buf, unsigned int n)
{
	const u8 *in = (const u8 *)buf;
	unsigned int i;

	if (format == TAPI_AUDIO_ULAW)
		for (i = n; i-- > 0;)
			buf[i] = dsp_ulaw_decode(in[i]);
	else if (format == TAPI_AUDIO_ALAW)
		for (i = n; i-- > 0;)
			buf[i] = dsp_alaw_decode(in[i]);
}

static bool stream_readable(struct tapi_stream *st)
{
	bool r;

	spin_lock_bh(&st->line->audio_lock);
	r = ring_used(st->rx_head, st->rx_tail) >= st->chunk || st->dead || st->ended;
	spin_unlock_bh(&st->line->audio_lock);
	return r;
}

static bool stream_writable(struct tapi_stream *st)
{
	bool r;

	spin_lock_bh(&st->line->audio_lock);
	r = TAPI_AUDIO_RING - ring_used(st->tx_head, st->tx_tail) >= st->chunk ||
	    st->dead || st->ended;
	spin_unlock_bh(&st->line->audio_lock);
	return r;
}

static ssize_t tapi_audio_read(struct file *file, char __user *buf, size_t count,
			       loff_t *ppos)
{
	struct tapi_stream *st = file->private_data;
	size_t bytes = st->chunk * sample_bytes(st->format), done = 0;
	s16 pcm[TAPI_AUDIO_MAX_CHUNK];
	ssize_t ret = 0;

	if (count < bytes)
		return -EINVAL;
	if (mutex_lock_interruptible(&st->read_mutex))
		return -ERESTARTSYS;
	while (count - done >= bytes) {
		unsigned int i;
		bool have, dead, ended;

		spin_lock_bh(&st->line->audio_lock);
		have = ring_used(st->rx_head, st->rx_tail) >= st->chunk;
		dead = st->dead;
		ended = st->ended;
		for (i = 0; have && i < st->chunk; i++)
			pcm[i] = st->rx[(st->rx_tail + i) % TAPI_AUDIO_RING];
		spin_unlock_bh(&st->line->audio_lock);

		if (!have) {
			if (done || ended)
				break;	/* a call's stream ends in EOF */
			if (dead) {
				ret = -ENODEV;
				goto out;
			}
			if (file->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				goto out;
			}
			ret = wait_event_interruptible(st->wait, stream_readable(st));
			if (ret)
				goto out;
			continue;
		}
		encode_in_place(st->format, pcm, st->chunk);
		/* samples leave the ring only once userspace has them */
		if (copy_to_user(buf + done, pcm, bytes)) {
			ret = done ? 0 : -EFAULT;
			break;
		}
		spin_lock_bh(&st->line->audio_lock);
		st->rx_tail += st->chunk;
		spin_unlock_bh(&st->line->audio_lock);
		done += bytes;
	}
	if (!ret)
		ret = done;
out:
	mutex_unlock(&st->read_mutex);
	return ret;
}

static ssize_t tapi_audio_write(struct file *file, const char __user *buf,
				size_t count, loff_t *ppos)
{
	struct tapi_stream *st = file->private_data;
	size_t bytes = st->chunk * sample_bytes(st->format), done = 0;
	s16 pcm[TAPI_AUDIO_MAX_CHUNK];
	ssize_t ret = 0;

	if (!count || count % bytes)
		return -EINVAL;
	if (mutex_lock_interruptible(&st->write_mutex))
		return -ERESTARTSYS;
	while (done < count) {
		unsigned int i;
		bool room, dead, ended, allowed;

		if (copy_from_user(pcm, buf + done, bytes)) {
			ret = done ? 0 : -EFAULT;
			break;
		}
		decode_in_place(st->format, pcm, st->chunk);

		spin_lock_bh(&st->line->audio_lock);
		dead = st->dead;
		ended = st->ended;
		/* TAPI: only a call's owner sends into it */
		allowed = st->owner && tapi_call_may_send(st->owner, st->call_id);
		room = TAPI_AUDIO_RING - ring_used(st->tx_head, st->tx_tail) >= st->chunk;
		if (room && !dead && !ended && allowed) {
			for (i = 0; i < st->chunk; i++)
				st->tx[(st->tx_head + i) % TAPI_AUDIO_RING] = pcm[i];
			st->tx_head += st->chunk;
			st->written = true;
		}
		spin_unlock_bh(&st->line->audio_lock);

		if (dead || ended) {
			ret = done ? 0 : dead ? -ENODEV : -EPIPE;
			break;
		}
		if (!allowed) {
			ret = done ? 0 : -EPERM;
			break;
		}
		if (!room) {
			if (done)
				break;
			if (file->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			ret = wait_event_interruptible(st->wait, stream_writable(st));
			if (ret)
				break;
			continue;
		}
		done += bytes;
	}
	if (!ret)
		ret = done;
	mutex_unlock(&st->write_mutex);
	return ret;
}

static __poll_t tapi_audio_poll(struct file *file, struct poll_table_struct *wait)
{
	struct tapi_stream *st = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &st->wait, wait);
	spin_lock_bh(&st->line->audio_lock);
	if (ring_used(st->rx_head, st->rx_tail) >= st->chunk)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (TAPI_AUDIO_RING - ring_used(st->tx_head, st->tx_tail) >= st->chunk)
		mask |= EPOLLOUT | EPOLLWRNORM;
	if (st->dead)
		mask |= EPOLLHUP | EPOLLERR;
	if (st->ended)
		mask = (mask & (EPOLLIN | EPOLLRDNORM)) | EPOLLHUP;
	spin_unlock_bh(&st->line->audio_lock);
	return mask;
}

static long tapi_audio_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tapi_stream *st = file->private_data;
	struct tapi_audio_stats stats;

	if (cmd != TAPI_IOC_AUDIO_STATS)
		return -ENOTTY;
	spin_lock_bh(&st->line->audio_lock);
	stats = st->stats;
	spin_unlock_bh(&st->line->audio_lock);
	if (copy_to_user((void __user *)arg, &stats, sizeof(stats)))
		return -EFAULT;
	return 0;
}

static int tapi_audio_release(struct inode *inode, struct file *file)
{
	struct tapi_stream *st = file->private_data;
	struct tapi_line *line = st->line;

	if (!st->unlisted) {
		spin_lock_bh(&line->audio_lock);
		list_del(&st->node);
		line->nstreams--;
		spin_unlock_bh(&line->audio_lock);
	}
	mutex_destroy(&st->read_mutex);
	mutex_destroy(&st->write_mutex);
	kfree(st);
	put_device(&line->tdev.dev);
	return 0;
}

static const struct file_operations tapi_audio_fops = {
	.owner = THIS_MODULE,
	.read = tapi_audio_read,
	.write = tapi_audio_write,
	.poll = tapi_audio_poll,
	.unlocked_ioctl = tapi_audio_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = tapi_audio_release,
	.llseek = noop_llseek,
};

long tapi_audio_open(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_audio_open req;
	struct tapi_stream *st;
	struct file *file;
	int fd, ret;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.fd || memchr_inv(req.reserved, 0, sizeof(req.reserved)) ||
	    req.flags & ~(O_NONBLOCK | O_CLOEXEC) ||
	    req.format < TAPI_AUDIO_LINEAR16 || req.format > TAPI_AUDIO_ALAW ||
	    req.chunk_ms < 1 || req.chunk_ms > 20)
		return -EINVAL;
	/* a call's audio is its line's: a line carries one call's audio */
	if (!tapi_call_known(tf, req.call_id))
		return -ENOENT;
	if (!(line->caps & TAPI_LINE_CAP_AUDIO))
		return -EOPNOTSUPP;

	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return -ENOMEM;
	st->line = line;
	st->owner = tf;
	st->call_id = req.call_id;
	/* look at once: the call may have ended since it was checked */
	st->calls_seen = READ_ONCE(line->calls_ended) - 1;
	st->format = req.format;
	st->chunk = req.chunk_ms * 8;
	init_waitqueue_head(&st->wait);
	mutex_init(&st->read_mutex);
	mutex_init(&st->write_mutex);

	/*
	 * The descriptor is installed last: until fd_install() no other
	 * thread can reach the stream, so it is complete and on the line's
	 * list before anyone can close it.
	 */
	fd = get_unused_fd_flags(O_RDWR | (req.flags & O_CLOEXEC));
	if (fd < 0) {
		ret = fd;
		goto err_free;
	}
	file = anon_inode_getfile("[tapi-audio]", &tapi_audio_fops, st,
				  O_RDWR | (req.flags & O_NONBLOCK));
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto err_fd;
	}
	get_device(&line->tdev.dev);
	spin_lock_bh(&line->audio_lock);
	if (line->nstreams >= TAPI_MAX_STREAMS) {
		spin_unlock_bh(&line->audio_lock);
		ret = -EMFILE;
		goto err_file;
	}
	line->nstreams++;
	st->dead = line->tdev.dead;
	list_add_tail(&st->node, &line->streams);
	spin_unlock_bh(&line->audio_lock);

	req.fd = fd;
	if (copy_to_user(argp, &req, sizeof(req))) {
		/* nobody has seen the descriptor: release unlinks the stream */
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	return 0;

err_file:
	/* not on the list: the release must not unlink it */
	st->unlisted = true;
	fput(file);
	put_unused_fd(fd);
	return ret;
err_fd:
	put_unused_fd(fd);
err_free:
	mutex_destroy(&st->read_mutex);
	mutex_destroy(&st->write_mutex);
	kfree(st);
	return ret;
}
