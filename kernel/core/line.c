// SPDX-License-Identifier: GPL-2.0-only
/*
 * Line devices: /dev/tapiN, their registration by drivers, and the file
 * operations userspace uses on them.
 *
 * Locking:
 *  - line->lock (spinlock, irqsave) protects the list of open files, the
 *    sequence counter, the dead flag and every file's event queue. Drivers
 *    report events from any context, the tick and interrupt handlers
 *    included (threaded on PREEMPT_RT, so spinlock_t is right there).
 *  - tapi_file->read_mutex serialises readers of one open file, so records
 *    are removed from its queue only after they reached userspace.
 *  - Lines with audio are also in the clock's list (clock.c), whose lock
 *    covers their tick state; tapi_line_tick() runs under it, in softirq.
 *  - Lifetime: the line is freed by its struct device's release, after the
 *    driver unregistered it and the last open file was closed. After
 *    unregistration every file operation fails with ENODEV, except reading
 *    events that were queued before it.
 */
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "tapi_core.h"
#include "tapi_driver.h"

#define TAPI_READ_BATCH	8

static DEFINE_IDA(tapi_line_ida);

static const char *tapi_line_type_name(u32 type)
{
	switch (type) {
	case TAPI_LINE_TYPE_SUBSCRIBER:
		return "subscriber";
	case TAPI_LINE_TYPE_TRUNK:
		return "trunk";
	}
	return "unknown";
}

static ssize_t name_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", container_of(dev, struct tapi_line, dev)->name);
}
static DEVICE_ATTR_RO(name);

static ssize_t driver_name_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", container_of(dev, struct tapi_line, dev)->driver);
}
static DEVICE_ATTR_RO(driver_name);

static ssize_t address_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", container_of(dev, struct tapi_line, dev)->address);
}
static DEVICE_ATTR_RO(address);

static ssize_t line_type_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct tapi_line *line = container_of(dev, struct tapi_line, dev);

	return sysfs_emit(buf, "%s\n", tapi_line_type_name(line->line_type));
}
static DEVICE_ATTR_RO(line_type);

static ssize_t caps_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", container_of(dev, struct tapi_line, dev)->caps);
}
static DEVICE_ATTR_RO(caps);

static struct attribute *tapi_line_attrs[] = {
	&dev_attr_name.attr,
	&dev_attr_driver_name.attr,
	&dev_attr_address.attr,
	&dev_attr_line_type.attr,
	&dev_attr_caps.attr,
	NULL,
};
ATTRIBUTE_GROUPS(tapi_line);

/*
 * Tell the open files that asked (all, for REMOVED) that the line changed: a
 * TAPI_EVENT_LINE_STATE record of @what, with the number of open files for
 * OPEN and CLOSE. Holds line->lock.
 */
static void tapi_line_state_locked(struct tapi_line *line, u32 what)
{
	struct tapi_event ev = {
		.type = TAPI_EVENT_LINE_STATE,
		.timestamp_ns = ktime_get_ns(),
		.param = { what },
	};
	struct tapi_file *tf;

	lockdep_assert_held(&line->lock);
	if (what == TAPI_LINESTATE_OPEN || what == TAPI_LINESTATE_CLOSE) {
		list_for_each_entry(tf, &line->files, node)
			ev.param[1]++;
		/* the file being opened is not in the list yet */
		ev.param[1] += what == TAPI_LINESTATE_OPEN;
	}
	list_for_each_entry(tf, &line->files, node)
		if ((tf->line_states & what) || what == TAPI_LINESTATE_REMOVED)
			tapi_file_push(tf, &ev);
}

static long tapi_set_status_events(struct tapi_file *tf, void __user *argp)
{
	struct tapi_status_events req;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if ((req.line_states & ~TAPI_LINESTATES) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	spin_lock_irq(&tf->line->lock);
	tf->line_states = req.line_states;
	spin_unlock_irq(&tf->line->lock);
	return 0;
}

static long tapi_set_name(struct tapi_file *tf, void __user *argp)
{
	struct tapi_file_name req;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (strnlen(req.name, sizeof(req.name)) == sizeof(req.name) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	spin_lock_irq(&tf->line->lock);
	strscpy(tf->name, req.name, sizeof(tf->name));
	spin_unlock_irq(&tf->line->lock);
	return 0;
}

static long tapi_set_num_rings(struct tapi_file *tf, u32 __user *argp)
{
	u32 rings;

	if (get_user(rings, argp))
		return -EFAULT;
	spin_lock_irq(&tf->line->lock);
	tf->num_rings = rings;
	spin_unlock_irq(&tf->line->lock);
	return 0;
}

/* TAPI_IOC_SET_LINE: the driver shows it, then the core records and tells. */
static long tapi_set_line(struct tapi_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_line_set req;
	long ret;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.what != TAPI_LINESET_MSGWAIT || req.value > 1 ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	if (!(line->caps & TAPI_LINE_CAP_MSGWAIT) || !line->ops ||
	    !line->ops->set_msg_wait)
		return -EOPNOTSUPP;
	ret = tapi_gate_lock(line);
	if (ret)
		return ret;
	ret = tapi_drv_set_msg_wait(line, req.value);
	if (!ret) {
		spin_lock_irq(&line->lock);
		if (!line->dead && line->msg_wait != req.value) {
			line->msg_wait = req.value;
			tapi_line_state_locked(line, req.value ? TAPI_LINESTATE_MSGWAITON :
						 TAPI_LINESTATE_MSGWAITOFF);
		}
		spin_unlock_irq(&line->lock);
	}
	tapi_gate_unlock(line);
	wake_up_interruptible(&line->wait);
	return ret;
}

/**
 * tapi_line_set_in_service() - the line can (or cannot) carry calls now
 * @line: the line
 * @in_service: false when the driver knows the line is out of order (no
 *	battery on a trunk, a cable pulled), true when it works again
 *
 * Files see TAPI_EVENT_LINE_STATE (TAPI_LINESTATE_INSERVICE or
 * _OUTOFSERVICE) and TAPI_IOC_LINE_STATUS says so. Lines start in service.
 *
 * Context: any; never sleeps.
 */
void tapi_line_set_in_service(struct tapi_line *line, bool in_service)
{
	unsigned long flags;

	spin_lock_irqsave(&line->lock, flags);
	if (!line->dead && line->out_of_service == in_service) {
		line->out_of_service = !in_service;
		tapi_line_state_locked(line, in_service ? TAPI_LINESTATE_INSERVICE :
				       TAPI_LINESTATE_OUTOFSERVICE);
	}
	spin_unlock_irqrestore(&line->lock, flags);
	wake_up_interruptible(&line->wait);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_set_in_service, TAPI_NS);

struct tapi_file *tapi_file_open(struct tapi_line *line)
{
	struct tapi_file *tf;
	int ret;

	/* a user's files are charged to the user's memory cgroup */
	tf = kzalloc(sizeof(*tf), GFP_KERNEL_ACCOUNT);
	if (!tf)
		return ERR_PTR(-ENOMEM);
	ret = tapi_evq_init(&tf->events, TAPI_EVQ_DEFAULT_LEN);
	if (ret) {
		kfree(tf);
		return ERR_PTR(ret);
	}
	mutex_init(&tf->read_mutex);
	tf->line = line;
	tf->digit_modes = TAPI_DIGITMODE_PULSE | TAPI_DIGITMODE_DTMF |
			  TAPI_DIGITMODE_DTMFEND;
	tf->num_rings = TAPI_NUM_RINGS_NONE;

	spin_lock_irq(&line->lock);
	/* each file costs the tick: a device has TAPI_MAX_OPENS at most */
	ret = line->dead ? -ENODEV : line->nfiles >= TAPI_MAX_OPENS ? -EMFILE : 0;
	if (ret) {
		spin_unlock_irq(&line->lock);
		tapi_evq_free(&tf->events);
		kfree(tf);
		return ERR_PTR(ret);
	}
	tapi_line_state_locked(line, TAPI_LINESTATE_OPEN);
	list_add_tail(&tf->node, &line->files);
	line->nfiles++;
	spin_unlock_irq(&line->lock);
	wake_up_interruptible(&line->wait);

	get_device(&line->dev);
	return tf;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_file_open);

void tapi_file_close(struct tapi_file *tf)
{
	struct tapi_line *line = tf->line;

	tapi_generate_file_closed(tf);
	tapi_mediactl_file_closed(tf);
	tapi_call_file_closed(tf);
	tapi_gather_file_closed(tf);
	tapi_media_file_closed(tf);
	tapi_tonemon_file_closed(tf);
	spin_lock_irq(&line->lock);
	list_del(&tf->node);
	line->nfiles--;
	if (!line->dead)
		tapi_line_state_locked(line, TAPI_LINESTATE_CLOSE);
	spin_unlock_irq(&line->lock);
	wake_up_interruptible(&line->wait);

	mutex_destroy(&tf->read_mutex);
	tapi_evq_free(&tf->events);
	kfree(tf);
	put_device(&line->dev);
}
EXPORT_SYMBOL_IF_KUNIT(tapi_file_close);

/* True when a read would not block: records queued, or the line is gone. */
bool tapi_file_readable(struct tapi_file *tf)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&tf->line->lock, flags);
	ret = tapi_evq_readable(&tf->events) || tf->line->dead;
	spin_unlock_irqrestore(&tf->line->lock, flags);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_file_readable);

static int tapi_open(struct inode *inode, struct file *file)
{
	struct tapi_line *line = container_of(inode->i_cdev, struct tapi_line, cdev);
	struct tapi_file *tf;

	tf = tapi_file_open(line);
	if (IS_ERR(tf))
		return PTR_ERR(tf);
	file->private_data = tf;
	return stream_open(inode, file);
}

static int tapi_release(struct inode *inode, struct file *file)
{
	tapi_file_close(file->private_data);
	return 0;
}

static ssize_t tapi_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	struct tapi_file *tf = file->private_data;
	struct tapi_line *line = tf->line;
	struct tapi_event batch[TAPI_READ_BATCH];
	size_t done = 0;
	ssize_t ret;

	if (count < sizeof(batch[0]))
		return -EINVAL;
	if (mutex_lock_interruptible(&tf->read_mutex))
		return -ERESTARTSYS;

	for (;;) {
		unsigned int want, n;
		bool dead;

		want = min_t(size_t, (count - done) / sizeof(batch[0]),
			     ARRAY_SIZE(batch));
		if (!want)
			break;

		spin_lock_irq(&line->lock);
		n = tapi_evq_peek(&tf->events, batch, want);
		dead = line->dead;
		spin_unlock_irq(&line->lock);

		if (!n) {
			if (done)
				break;
			if (dead) {
				ret = -ENODEV;
				goto out;
			}
			if (file->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				goto out;
			}
			ret = wait_event_interruptible(line->wait,
						       tapi_file_readable(tf));
			if (ret)
				goto out;
			continue;
		}

		/* Records leave the queue only once userspace has them. */
		if (copy_to_user(buf + done, batch, n * sizeof(batch[0]))) {
			ret = done ? done : -EFAULT;
			goto out;
		}
		spin_lock_irq(&line->lock);
		tapi_evq_consume(&tf->events, n);
		spin_unlock_irq(&line->lock);
		done += n * sizeof(batch[0]);
	}
	ret = done;
out:
	mutex_unlock(&tf->read_mutex);
	return ret;
}

static __poll_t tapi_poll(struct file *file, struct poll_table_struct *wait)
{
	struct tapi_file *tf = file->private_data;
	struct tapi_line *line = tf->line;
	__poll_t mask = 0;

	poll_wait(file, &line->wait, wait);

	spin_lock_irq(&line->lock);
	if (tapi_evq_readable(&tf->events))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (line->dead)
		mask |= EPOLLHUP | EPOLLERR;
	spin_unlock_irq(&line->lock);
	return mask;
}

static bool tapi_all_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

static long tapi_ioctl_line_info(struct tapi_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_line_info info;

	if (copy_from_user(&info, argp, sizeof(info)))
		return -EFAULT;
	if (info.flags || !tapi_all_zero(info.reserved, sizeof(info.reserved)))
		return -EINVAL;

	memset(&info, 0, sizeof(info));
	info.api_version = TAPI_API_VERSION;
	info.line_id = line->id;
	info.line_type = line->line_type;
	info.caps = line->caps;
	strscpy(info.name, line->name, sizeof(info.name));
	strscpy(info.driver, line->driver, sizeof(info.driver));
	strscpy(info.address, line->address, sizeof(info.address));
	info.event_queue_len = tf->events.size;

	if (copy_to_user(argp, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

static long tapi_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tapi_file *tf = file->private_data;
	void __user *argp = (void __user *)arg;

	if (READ_ONCE(tf->line->dead))
		return -ENODEV;
	if (tf->line->phone)
		return tapi_phone_ioctl(tf, cmd, argp);

	switch (cmd) {
	case TAPI_IOC_GET_LINE_INFO:
		return tapi_ioctl_line_info(tf, argp);
	case TAPI_IOC_AUDIO_OPEN:
		return tapi_audio_open(tf, argp);
	case TAPI_IOC_GENERATE_DIGITS:
		return tapi_generate_digits(tf, argp);
	case TAPI_IOC_GENERATE_TONE:
		return tapi_generate_tone(tf, argp);
	case TAPI_IOC_MONITOR_MEDIA:
		return tapi_monitor_media(tf, argp);
	case TAPI_IOC_MONITOR_TONES:
		return tapi_monitor_tones(tf, argp);
	case TAPI_IOC_MONITOR_DIGITS:
		return tapi_monitor_digits(tf, argp);
	case TAPI_IOC_LINE_STATUS:
		return tapi_line_status(tf, argp);
	case TAPI_IOC_SET_STATUS_EVENTS:
		return tapi_set_status_events(tf, argp);
	case TAPI_IOC_SET_NAME:
		return tapi_set_name(tf, argp);
	case TAPI_IOC_SET_NUM_RINGS:
		return tapi_set_num_rings(tf, argp);
	case TAPI_IOC_SET_LINE:
		return tapi_set_line(tf, argp);
	case TAPI_IOC_MEDIA_CONTROL:
		return tapi_media_control(tf, argp);
	case TAPI_IOC_SET_PRIVILEGES:
	case TAPI_IOC_MAKE_CALL:
	case TAPI_IOC_DIAL:
	case TAPI_IOC_ANSWER:
	case TAPI_IOC_ACCEPT:
	case TAPI_IOC_DROP:
	case TAPI_IOC_SET_CALL_PRIVILEGE:
	case TAPI_IOC_HANDOFF:
	case TAPI_IOC_LIST_CALLS:
	case TAPI_IOC_CALL_INFO:
	case TAPI_IOC_HOLD:
	case TAPI_IOC_UNHOLD:
	case TAPI_IOC_SET_CALL:
	case TAPI_IOC_CALL_DATA:
	case TAPI_IOC_HANDOFF_NAME:
		return tapi_call_ioctl(tf, cmd, argp);
	case TAPI_IOC_GATHER_DIGITS:
	case TAPI_IOC_GATHER_RESULT:
		return tapi_gather_ioctl(tf, cmd, argp);
	default:
		return -ENOTTY;
	}
}

const struct file_operations tapi_line_fops = {
	.owner = THIS_MODULE,
	.open = tapi_open,
	.release = tapi_release,
	.read = tapi_read,
	.poll = tapi_poll,
	.unlocked_ioctl = tapi_ioctl,
	/* The uAPI's layout is the same for 32-bit userspace. */
	.compat_ioctl = compat_ptr_ioctl,
};

static void tapi_line_release(struct device *dev)
{
	struct tapi_line *line = container_of(dev, struct tapi_line, dev);

	ida_free(&tapi_line_ida, line->id);
	mutex_destroy(&line->ops_mutex);
	kfree(line);
}

static bool tapi_str_fits(const char *s, size_t size)
{
	return s && strnlen(s, size) < size;
}

/* What every device needs, a line's or a phone's, before it is added. */
void tapi_line_init(struct tapi_line *line)
{
	spin_lock_init(&line->hook_lock);
	tapi_hook_rx_init(&line->hook, false, ktime_get_ns());
	mutex_init(&line->ops_mutex);
	line->ops_live = true;
	INIT_LIST_HEAD(&line->tick_node);
	spin_lock_init(&line->audio_lock);
	INIT_LIST_HEAD(&line->streams);
	dsp_dtmf_rx_init(&line->dtmf);
	spin_lock_init(&line->lock);
	INIT_LIST_HEAD(&line->files);
	line->gather_due = U64_MAX;
	init_waitqueue_head(&line->wait);
	device_initialize(&line->dev);
}

/**
 * tapi_line_register() - create a line device /dev/tapiN
 * @desc: what the line is; copied, so it may be freed afterwards
 *
 * Context: process context; may sleep.
 * Return: the line, or an ERR_PTR: -EINVAL for a bad description, -ENOSPC
 * when every line ID is in use, -ENOMEM.
 */
struct tapi_line *tapi_line_register(const struct tapi_line_desc *desc)
{
	struct tapi_line *line;
	int id, ret;

	if (!desc || !tapi_str_fits(desc->driver, TAPI_DRIVER_LEN) ||
	    !desc->driver[0] || !tapi_str_fits(desc->name, TAPI_NAME_LEN) ||
	    !tapi_str_fits(desc->address, TAPI_ADDRESS_LEN))
		return ERR_PTR(-EINVAL);
	if (desc->line_type != TAPI_LINE_TYPE_SUBSCRIBER &&
	    desc->line_type != TAPI_LINE_TYPE_TRUNK)
		return ERR_PTR(-EINVAL);

	line = kzalloc(sizeof(*line), GFP_KERNEL);
	if (!line)
		return ERR_PTR(-ENOMEM);

	id = ida_alloc_max(&tapi_line_ida, TAPI_PHONE_MINOR_BASE - 1, GFP_KERNEL);
	if (id < 0) {
		kfree(line);
		return ERR_PTR(id);
	}

	line->id = id;
	strscpy(line->driver, desc->driver, sizeof(line->driver));
	strscpy(line->name, desc->name, sizeof(line->name));
	strscpy(line->address, desc->address, sizeof(line->address));
	line->line_type = desc->line_type;
	line->caps = desc->caps;
	line->priv = desc->priv;
	line->ops = desc->ops;
	/* a line with audio can be streamed, and the core detects its digits */
	if (line->ops && line->ops->tick)
		line->caps |= TAPI_LINE_CAP_AUDIO | TAPI_LINE_CAP_DTMF_DETECT |
			      TAPI_LINE_CAP_DTMF_GENERATE | TAPI_LINE_CAP_TONE_GENERATE |
			      TAPI_LINE_CAP_MEDIA_DETECT | TAPI_LINE_CAP_TONE_DETECT;
	if (line->ops && line->ops->make_call)
		line->caps |= TAPI_LINE_CAP_CALLS;
	/* the core times the loop: pulses need the tick for their timeouts */
	if (line->ops && line->ops->tick && (line->caps & TAPI_LINE_CAP_HOOK_EVENTS))
		line->caps |= TAPI_LINE_CAP_PULSE_DETECT;
	else
		line->caps &= ~TAPI_LINE_CAP_PULSE_DETECT;
	if (line->ops && line->ops->tick && line->ops->loop_break)
		line->caps |= TAPI_LINE_CAP_PULSE_GENERATE;
	else
		line->caps &= ~TAPI_LINE_CAP_PULSE_GENERATE;
	tapi_line_init(line);
	line->dev.class = &tapi_class;
	line->dev.parent = desc->parent;
	line->dev.devt = MKDEV(MAJOR(tapi_devt), id);
	line->dev.groups = tapi_line_groups;
	line->dev.release = tapi_line_release;
	ret = dev_set_name(&line->dev, "tapi%d", id);
	if (ret)
		goto err_put;

	cdev_init(&line->cdev, &tapi_line_fops);
	line->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&line->cdev, &line->dev);
	if (ret)
		goto err_put;
	if (line->ops && line->ops->tick)
		tapi_clock_add(line);
	return line;

err_put:
	put_device(&line->dev);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_register, TAPI_NS);

/**
 * tapi_line_unregister() - remove a line device
 * @line: the line
 *
 * Open files see the line disappear: their blocked readers and pollers wake
 * up, queued events stay readable, everything else fails with ENODEV. The
 * driver must not use @line afterwards.
 *
 * Context: process context; may sleep.
 */
void tapi_line_unregister(struct tapi_line *line)
{
	tapi_clock_remove(line);
	cdev_device_del(&line->cdev, &line->dev);
	tapi_gate_close(line);

	spin_lock_irq(&line->lock);
	tapi_call_line_gone_locked(line);
	tapi_line_state_locked(line, TAPI_LINESTATE_REMOVED);
	line->dead = true;
	spin_unlock_irq(&line->lock);
	wake_up_interruptible_all(&line->wait);
	tapi_audio_line_gone(line);

	put_device(&line->dev);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_unregister, TAPI_NS);

/*
 * Queue @ev for @tf with the file's next sequence number. Caller holds
 * line->lock; events are stamped under it, so time and sequence agree.
 */
void tapi_file_push(struct tapi_file *tf, struct tapi_event *ev)
{
	lockdep_assert_held(&tf->line->lock);
	ev->seq = tf->next_seq++;
	tapi_evq_push(&tf->events, ev);
}

/**
 * tapi_line_report() - queue an event for every open file of a line
 * @line: the line
 * @type: TAPI_EVENT_*
 * @call_id: the call the event is about, or 0
 * @param: up to four parameters (may be NULL when @nparam is 0)
 * @nparam: number of parameters
 *
 * The core stamps the event with the time and each file's next sequence
 * number, under the lock, so both increase together.
 *
 * Context: any, interrupt handlers included; never sleeps. Not from a
 * context that stays atomic on PREEMPT_RT (a HRTIMER_MODE_*_HARD callback,
 * under a raw spinlock): the core takes ordinary spinlocks.
 */
void tapi_line_report(struct tapi_line *line, u32 type, u32 call_id,
		      const u32 *param, unsigned int nparam)
{
	struct tapi_event ev = { .type = type, .call_id = call_id };
	struct tapi_file *tf;
	unsigned long flags;

	if (WARN_ON_ONCE(nparam > ARRAY_SIZE(ev.param)))
		nparam = ARRAY_SIZE(ev.param);
	if (nparam)
		memcpy(ev.param, param, nparam * sizeof(*param));

	spin_lock_irqsave(&line->lock, flags);
	if (!line->dead) {
		ev.timestamp_ns = ktime_get_ns();
		if (type == TAPI_EVENT_RING)
			line->rings = ev.param[0];
		list_for_each_entry(tf, &line->files, node)
			tapi_file_push(tf, &ev);
	}
	spin_unlock_irqrestore(&line->lock, flags);
	wake_up_interruptible(&line->wait);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_report, TAPI_NS);

/*
 * One tick of a line's audio: what the streams wrote goes to the driver,
 * what the line received goes to the streams and through the DSP. Called by
 * the clock, in softirq context.
 */
void tapi_line_tick(struct tapi_line *line)
{
	s16 tx[TAPI_TICK_SAMPLES] = { 0 }, rx[TAPI_TICK_SAMPLES];
	struct dsp_dtmf_event ev[4];	/* at most one per 51 samples */
	size_t i, n;
	u32 generated, kind, tag;
	bool brk;

	generated = tapi_audio_tick_tx(line, tx, TAPI_TICK_SAMPLES, &kind, &tag, &brk);
	/* pulse dialing: the loop follows the generator, closed otherwise */
	if (brk != line->loop_broken && line->ops->loop_break) {
		line->loop_broken = brk;
		line->ops->loop_break(line, brk);
	}
	line->ops->tick(line, tx, rx, TAPI_TICK_SAMPLES);
	if (generated) {
		u32 p[3] = { kind, generated, tag };

		tapi_line_report(line, TAPI_EVENT_GENERATE, 0, p, ARRAY_SIZE(p));
	}
	tapi_audio_tick_rx(line, rx, TAPI_TICK_SAMPLES);
	n = dsp_dtmf_rx_process(&line->dtmf, rx, TAPI_TICK_SAMPLES, ev, ARRAY_SIZE(ev));
	line->samples += TAPI_TICK_SAMPLES;
	for (i = 0; i < n; i++) {
		/* param[3]: how long ago, in us, the digit began or ended */
		u32 p[4] = {
			ev[i].digit, TAPI_DIGIT_DTMF,
			ev[i].end ? TAPI_DIGIT_END : TAPI_DIGIT_START,
			(u32)(line->samples - ev[i].sample) * (USEC_PER_SEC / 8000),
		};

		tapi_digit_report(line, p);
		if (!ev[i].end)
			tapi_gather_digit(line, ev[i].digit, TAPI_DIGIT_DTMF);
	}
	tapi_mediactl_tick(line, ev, n);
	tapi_hook_tick(line);
	tapi_gather_tick(line);
	tapi_media_tick(line, rx, TAPI_TICK_SAMPLES);
	tapi_tonemon_tick(line, rx, TAPI_TICK_SAMPLES);
	tapi_cid_tick(line, rx, TAPI_TICK_SAMPLES);
}

void *tapi_line_priv(const struct tapi_line *line)
{
	return line->priv;
}
EXPORT_SYMBOL_NS_GPL(tapi_line_priv, TAPI_NS);

unsigned int tapi_line_id(const struct tapi_line *line)
{
	return line->id;
}
EXPORT_SYMBOL_NS_GPL(tapi_line_id, TAPI_NS);
