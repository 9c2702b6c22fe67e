// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider's audio. The provider writes what its line receives in
 * chunks of its own size and timing (a USB modem's bursts, RTP's 20 ms
 * packets with jitter) and reads what the line sends; the core's tick
 * takes and gives 8 samples every 1 ms.
 *
 * Received audio goes through an adaptive jitter buffer: it fills to its
 * target depth before it plays; when it runs dry the tick plays silence,
 * counts an underrun, and the buffer fills again to a target 10 ms
 * deeper (up to the maximum). A buffer that stayed deeper than it needed
 * for a whole second gives half its excess back: the oldest samples are
 * dropped and the target lowered (down to the minimum), so latency follows
 * the jitter the provider really has. Writes that would overflow it drop
 * the oldest samples (overruns); a write after the buffer ran dry is late.
 * Sent audio waits in a ring the provider reads; when it does not read,
 * the oldest ticks are lost (tx_overruns).
 *
 * Locking: utapi_audio.lock, taken by the tick in softirq and with bottom
 * halves off in process context. The audio outlives the line while its
 * descriptor is open (kref).
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "utapi.h"

#define UTAPI_RING		4096	/* samples: 512 ms each way */
#define UTAPI_MS		8	/* samples per millisecond */
#define UTAPI_JB_MAX_MS		500
#define UTAPI_JB_STEP		(10 * UTAPI_MS)	/* a dry buffer's target grows by 10 ms */
#define UTAPI_JB_WINDOW		1000	/* ticks: one second */
#define UTAPI_WRITE_CHUNK	256	/* samples copied in per lock */

struct utapi_audio {
	struct kref ref;
	spinlock_t lock;		/* all below */
	wait_queue_head_t wait;		/* readers of the sent audio, pollers */
	bool claimed;			/* a descriptor exists or is being made */
	bool open;			/* and is ready: the tick serves it */
	bool gone;			/* the line was removed */
	bool playing;			/* filled to target: the tick takes from it */
	bool dry;			/* ran dry: the next write comes late */
	u32 rx_head, rx_tail;		/* free-running */
	u32 tx_head, tx_tail;
	u32 target, min_target, max_target;	/* samples */
	u32 low;			/* least depth in this window */
	u32 window;			/* ticks into it */
	u32 max_depth;
	struct utapi_audio_stats st;
	s16 rx[UTAPI_RING];
	s16 tx[UTAPI_RING];
};

struct utapi_audio *utapi_audio_new(void)
{
	struct utapi_audio *a = kzalloc(sizeof(*a), GFP_KERNEL_ACCOUNT);

	if (!a)
		return NULL;
	kref_init(&a->ref);
	spin_lock_init(&a->lock);
	init_waitqueue_head(&a->wait);
	return a;
}

static void utapi_audio_free(struct kref *ref)
{
	kfree(container_of(ref, struct utapi_audio, ref));
}

void utapi_audio_put(struct utapi_audio *a)
{
	kref_put(&a->ref, utapi_audio_free);
}

/* The line is gone: readers see the end, then the device's reference goes. */
void utapi_audio_gone(struct utapi_audio *a)
{
	spin_lock_bh(&a->lock);
	a->gone = true;
	spin_unlock_bh(&a->lock);
	wake_up_interruptible_all(&a->wait);
	utapi_audio_put(a);
}

/* A second without running dry: give back half of what was never needed. */
static void utapi_jb_window_end(struct utapi_audio *a)
{
	u32 margin = a->min_target / 2, excess;

	if (a->low != U32_MAX && a->low > margin) {
		excess = min((a->low - margin) / 2, a->target - a->min_target);
		if (excess) {
			a->rx_tail += excess;
			a->target -= excess;
			a->st.adjustments++;
		}
	}
	a->window = 0;
	a->low = U32_MAX;
}

/* The tick: @rx from the jitter buffer, @tx into the ring the provider reads. */
void utapi_audio_tick(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n)
{
	struct utapi_dev *d = tapi_line_priv(line);
	struct utapi_audio *a = d->audio;
	u32 depth, take = 0, i;

	spin_lock(&a->lock);
	depth = a->rx_head - a->rx_tail;
	if (a->open && !a->playing && depth >= a->target)
		a->playing = true;
	if (a->open && a->playing) {
		take = min(depth, n);
		for (i = 0; i < take; i++)
			rx[i] = a->rx[(a->rx_tail + i) % UTAPI_RING];
		a->rx_tail += take;
		depth -= take;
		if (take < n) {
			a->st.underruns++;
			a->playing = false;
			a->dry = true;
			if (a->target < a->max_target) {
				a->target = min(a->target + UTAPI_JB_STEP, a->max_target);
				a->st.adjustments++;
			}
			a->window = 0;
			a->low = U32_MAX;
		} else {
			a->low = min(a->low, depth);
			if (++a->window >= UTAPI_JB_WINDOW)
				utapi_jb_window_end(a);
		}
	}
	for (i = take; i < n; i++)
		rx[i] = 0;

	if (a->open) {
		if (a->tx_head - a->tx_tail + n > UTAPI_RING) {
			a->tx_tail += n;
			a->st.tx_overruns++;
		}
		for (i = 0; i < n; i++)
			a->tx[(a->tx_head + i) % UTAPI_RING] = tx[i];
		a->tx_head += n;
	}
	spin_unlock(&a->lock);
	if (a->open)
		wake_up_interruptible(&a->wait);
}

/* Samples in by the provider: what the line received. */
static ssize_t utapi_audio_write(struct file *file, const char __user *buf, size_t count,
				 loff_t *ppos)
{
	struct utapi_audio *a = file->private_data;
	s16 chunk[UTAPI_WRITE_CHUNK];
	size_t done = 0;

	if (!count || count % sizeof(s16))
		return -EINVAL;
	count = min_t(size_t, count, UTAPI_RING * sizeof(s16));
	while (done < count) {
		u32 k = min_t(size_t, (count - done) / sizeof(s16), ARRAY_SIZE(chunk));
		u32 depth, over, i;

		if (copy_from_user(chunk, buf + done, k * sizeof(s16)))
			return done ? done : -EFAULT;
		spin_lock_bh(&a->lock);
		if (a->gone) {
			spin_unlock_bh(&a->lock);
			return done ? done : -ENODEV;
		}
		if (a->dry) {
			a->st.late++;
			a->dry = false;
		}
		/* never more than the maximum depth and a 20 ms packet */
		depth = a->rx_head - a->rx_tail;
		over = depth + k > a->max_target + 20 * UTAPI_MS ?
		       depth + k - (a->max_target + 20 * UTAPI_MS) : 0;
		over = min(over, depth);
		a->rx_tail += over;
		a->st.overruns += over;
		for (i = 0; i < k; i++)
			a->rx[(a->rx_head + i) % UTAPI_RING] = chunk[i];
		a->rx_head += k;
		a->st.rx_samples += k;
		a->max_depth = max(a->max_depth, a->rx_head - a->rx_tail);
		spin_unlock_bh(&a->lock);
		done += k * sizeof(s16);
	}
	return done;
}

static bool utapi_audio_readable(struct utapi_audio *a)
{
	bool ret;

	spin_lock_bh(&a->lock);
	ret = a->tx_head != a->tx_tail || a->gone;
	spin_unlock_bh(&a->lock);
	return ret;
}

/* Samples out to the provider: what the line sends, as much as is there. */
static ssize_t utapi_audio_read(struct file *file, char __user *buf, size_t count,
				loff_t *ppos)
{
	struct utapi_audio *a = file->private_data;
	s16 chunk[UTAPI_WRITE_CHUNK];
	u32 k, i, tail;
	int ret;

	if (count < sizeof(s16))
		return -EINVAL;
	for (;;) {
		spin_lock_bh(&a->lock);
		k = min_t(size_t, count / sizeof(s16), ARRAY_SIZE(chunk));
		k = min(k, a->tx_head - a->tx_tail);
		tail = a->tx_tail;
		for (i = 0; i < k; i++)
			chunk[i] = a->tx[(tail + i) % UTAPI_RING];
		if (!k && a->gone) {
			spin_unlock_bh(&a->lock);
			return -ENODEV;
		}
		spin_unlock_bh(&a->lock);
		if (k)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(a->wait, utapi_audio_readable(a));
		if (ret)
			return ret;
	}
	/* samples leave the ring only once the reader has them */
	if (copy_to_user(buf, chunk, k * sizeof(s16)))
		return -EFAULT;
	spin_lock_bh(&a->lock);
	/* the tick may have dropped the oldest meanwhile: never step back */
	if ((s32)(a->tx_tail - (tail + k)) < 0)
		a->tx_tail = tail + k;
	a->st.tx_samples += k;
	spin_unlock_bh(&a->lock);
	return k * sizeof(s16);
}

static __poll_t utapi_audio_poll(struct file *file, struct poll_table_struct *wait)
{
	struct utapi_audio *a = file->private_data;
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &a->wait, wait);
	spin_lock_bh(&a->lock);
	if (a->tx_head != a->tx_tail)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (a->gone)
		mask = EPOLLHUP | EPOLLERR | (mask & (EPOLLIN | EPOLLRDNORM));
	spin_unlock_bh(&a->lock);
	return mask;
}

static long utapi_audio_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct utapi_audio *a = file->private_data;
	struct utapi_audio_stats st;

	if (cmd != UTAPI_IOC_AUDIO_STATS)
		return -ENOTTY;
	spin_lock_bh(&a->lock);
	st = a->st;
	st.depth_ms = (a->rx_head - a->rx_tail) / UTAPI_MS;
	st.target_ms = a->target / UTAPI_MS;
	st.max_depth_ms = a->max_depth / UTAPI_MS;
	spin_unlock_bh(&a->lock);
	return copy_to_user((void __user *)arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static int utapi_audio_release(struct inode *inode, struct file *file)
{
	struct utapi_audio *a = file->private_data;

	spin_lock_bh(&a->lock);
	a->claimed = false;
	a->open = false;
	a->playing = false;
	a->rx_tail = a->rx_head;
	a->tx_tail = a->tx_head;
	spin_unlock_bh(&a->lock);
	utapi_audio_put(a);
	return 0;
}

static const struct file_operations utapi_audio_fops = {
	.owner = THIS_MODULE,
	.read = utapi_audio_read,
	.write = utapi_audio_write,
	.poll = utapi_audio_poll,
	.unlocked_ioctl = utapi_audio_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = utapi_audio_release,
	.llseek = noop_llseek,
};

/* UTAPI_IOC_AUDIO_OPEN: one descriptor per line, installed last. */
long utapi_audio_open(struct utapi_session *s, void __user *argp)
{
	struct utapi_audio_open req;
	struct utapi_audio *a;
	struct utapi_dev *d;
	struct file *file;
	u32 min_ms, max_ms;
	int fd;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	min_ms = req.jitter_min_ms ? req.jitter_min_ms : 20;
	max_ms = req.jitter_max_ms ? req.jitter_max_ms : max(200U, min_ms);
	if (req.flags || min_ms > UTAPI_JB_MAX_MS || max_ms > UTAPI_JB_MAX_MS ||
	    max_ms < min_ms || memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	d = utapi_dev_get(s, req.dev, false);
	if (!d)
		return -ENOENT;
	a = d->audio;
	if (!a)
		return -EOPNOTSUPP;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	spin_lock_bh(&a->lock);
	if (a->claimed || a->gone) {
		spin_unlock_bh(&a->lock);
		put_unused_fd(fd);
		return a->gone ? -ENODEV : -EBUSY;
	}
	a->claimed = true;
	spin_unlock_bh(&a->lock);
	kref_get(&a->ref);
	file = anon_inode_getfile("[utapi-audio]", &utapi_audio_fops, a, O_RDWR);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		spin_lock_bh(&a->lock);
		a->claimed = false;
		spin_unlock_bh(&a->lock);
		utapi_audio_put(a);
		return PTR_ERR(file);
	}
	spin_lock_bh(&a->lock);
	a->min_target = min_ms * UTAPI_MS;
	a->max_target = max_ms * UTAPI_MS;
	a->target = a->min_target;
	a->low = U32_MAX;
	a->window = 0;
	a->max_depth = 0;
	a->dry = false;
	a->playing = false;
	memset(&a->st, 0, sizeof(a->st));
	a->rx_tail = a->rx_head;
	a->tx_tail = a->tx_head;
	a->open = true;
	spin_unlock_bh(&a->lock);

	req.fd = fd;
	if (copy_to_user(argp, &req, sizeof(req))) {
		/* releasing the file resets the audio and drops its reference */
		fput(file);
		put_unused_fd(fd);
		return -EFAULT;
	}
	fd_install(fd, file);
	return 0;
}
