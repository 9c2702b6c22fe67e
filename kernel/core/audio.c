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
 * While the generator (generate.c) plays digits or a tone, its output
 * replaces the streams' in what the line sends.
 *
 * Locking: line->audio_lock (bottom halves off in process context) guards
 * the line's list of streams, their rings, statistics and dead flags, and
 * the generator. A stream's read_mutex serialises its readers, so samples leave the ring only
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
	unsigned int i;
	u32 ret;

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
	ret = tapi_generate_tick_locked(line, tx, n, kind, tag, brk);
	spin_unlock(&line->audio_lock);
	return ret;
}

/* A file is closing: its streams still listen, but speak for nobody. */
void tapi_audio_file_closed(struct tapi_line_file *tf)
{
	struct tapi_line *line = tf->line;
	struct tapi_stream *st;

	spin_lock_bh(&line->audio_lock);
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
