// SPDX-License-Identifier: GPL-2.0-only
/*
 * Line devices: /dev/tapiN, their registration by drivers, what a line
 * adds to the device layer (device.c) for its open files, and the entry
 * of its ioctls.
 *
 * Locking: line->tdev.lock (spinlock, irqsave) guards the open files, their
 * event queues, the calls and the dead flag, as tapi_core.h's "Lock
 * ordering" says. Lifetime: the line is freed by its device's release,
 * after the driver unregistered it and the last open file was closed.
 */
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "tapi_core.h"
#include "tapi_driver.h"

static struct tapi_line *to_line(struct device *dev)
{
	return container_of(dev, struct tapi_line, tdev.dev);
}

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
	return sysfs_emit(buf, "%s\n", to_line(dev)->tdev.name);
}
static DEVICE_ATTR_RO(name);

static ssize_t driver_name_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_line(dev)->tdev.driver);
}
static DEVICE_ATTR_RO(driver_name);

static ssize_t address_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", to_line(dev)->address);
}
static DEVICE_ATTR_RO(address);

static ssize_t line_type_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct tapi_line *line = to_line(dev);

	return sysfs_emit(buf, "%s\n", tapi_line_type_name(line->line_type));
}
static DEVICE_ATTR_RO(line_type);

static ssize_t caps_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", to_line(dev)->caps);
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

static long tapi_set_status_events(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_status_events req;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if ((req.line_states & ~TAPI_LINESTATES) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	spin_lock_irq(&tf->line->tdev.lock);
	tf->line_states = req.line_states;
	spin_unlock_irq(&tf->line->tdev.lock);
	return 0;
}

static long tapi_set_name(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_file_name req;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (strnlen(req.name, sizeof(req.name)) == sizeof(req.name) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	spin_lock_irq(&tf->line->tdev.lock);
	strscpy(tf->name, req.name, sizeof(tf->name));
	spin_unlock_irq(&tf->line->tdev.lock);
	return 0;
}

static long tapi_set_num_rings(struct tapi_line_file *tf, u32 __user *argp)
{
	u32 rings;

	if (get_user(rings, argp))
		return -EFAULT;
	spin_lock_irq(&tf->line->tdev.lock);
	tf->num_rings = rings;
	spin_unlock_irq(&tf->line->tdev.lock);
	return 0;
}

/* TAPI_IOC_SET_LINE: the driver shows it, then the core records and tells. */
static long tapi_set_line(struct tapi_line_file *tf, void __user *argp)
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
	ret = tapi_gate_lock(&line->tdev);
	if (ret)
		return ret;
	ret = tapi_drv_set_msg_wait(line, req.value);
	if (!ret) {
		spin_lock_irq(&line->tdev.lock);
		if (!line->tdev.dead && line->msg_wait != req.value) {
			line->msg_wait = req.value;
			tapi_line_state_locked(line, req.value ? TAPI_LINESTATE_MSGWAITON :
						 TAPI_LINESTATE_MSGWAITOFF);
		}
		spin_unlock_irq(&line->tdev.lock);
	}
	tapi_gate_unlock(&line->tdev);
	wake_up_interruptible(&line->tdev.wait);
	return ret;
}

static struct tapi_fh *tapi_line_fh_alloc(struct tapi_device *tdev)
{
	struct tapi_line_file *tf;

	/* a user's files are charged to the user's memory cgroup */
	tf = kzalloc(sizeof(*tf), GFP_KERNEL_ACCOUNT);
	if (!tf)
		return NULL;
	tf->line = container_of(tdev, struct tapi_line, tdev);
	tf->digit_modes = TAPI_DIGITMODE_PULSE | TAPI_DIGITMODE_DTMF |
			  TAPI_DIGITMODE_DTMFEND;
	tf->num_rings = TAPI_NUM_RINGS_NONE;
	return &tf->fh;
}

static void tapi_line_fh_free(struct tapi_fh *fh)
{
	kfree(to_line_file(fh));
}

static void tapi_line_fh_added_locked(struct tapi_fh *fh)
{
	lockdep_assert_held(&fh->tdev->lock);
	tapi_line_state_locked(to_line_file(fh)->line, TAPI_LINESTATE_OPEN);
}

/* A file closes: what it generates, controls, holds and watches ends. */
static void tapi_line_fh_release(struct tapi_fh *fh)
{
	struct tapi_line_file *tf = to_line_file(fh);

	tapi_generate_file_closed(tf);
	tapi_audio_file_closed(tf);
	tapi_mediactl_file_closed(tf);
	tapi_call_file_closed(tf);
	tapi_gather_file_closed(tf);
	tapi_media_file_closed(tf);
	tapi_tonemon_file_closed(tf);
}

static void tapi_line_fh_removed_locked(struct tapi_fh *fh)
{
	struct tapi_line *line = to_line_file(fh)->line;

	lockdep_assert_held(&line->tdev.lock);
	if (!line->tdev.dead)
		tapi_line_state_locked(line, TAPI_LINESTATE_CLOSE);
}

/* For the KUnit suites: a line's file, as open() makes it. */
struct tapi_line_file *tapi_line_file_open(struct tapi_line *line)
{
	struct tapi_fh *fh = tapi_fh_open(&line->tdev);

	return IS_ERR(fh) ? ERR_CAST(fh) : to_line_file(fh);
}
EXPORT_SYMBOL_IF_KUNIT(tapi_line_file_open);

static bool tapi_all_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

static long tapi_ioctl_line_info(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_line_info info;

	if (copy_from_user(&info, argp, sizeof(info)))
		return -EFAULT;
	if (info.flags || !tapi_all_zero(info.reserved, sizeof(info.reserved)))
		return -EINVAL;

	memset(&info, 0, sizeof(info));
	info.api_version = TAPI_API_VERSION;
	info.line_id = line->tdev.id;
	info.line_type = line->line_type;
	info.caps = line->caps;
	strscpy(info.name, line->tdev.name, sizeof(info.name));
	strscpy(info.driver, line->tdev.driver, sizeof(info.driver));
	strscpy(info.address, line->address, sizeof(info.address));
	info.event_queue_len = tf->fh.events.size;

	if (copy_to_user(argp, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}

/* The ioctls of a line's file; the device layer checked it is live. */
static long tapi_line_ioctl(struct tapi_fh *fh, unsigned int cmd, void __user *argp)
{
	struct tapi_line_file *tf = to_line_file(fh);

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

static void tapi_line_release(struct tapi_device *tdev)
{
	kfree(container_of(tdev, struct tapi_line, tdev));
}

static struct tapi_device_type tapi_line_type = {
	.name = "tapi",
	.minor_base = 0,
	.max_ids = TAPI_PHONE_MINOR_BASE,
	.ida = IDA_INIT(tapi_line_type.ida),
	.groups = tapi_line_groups,
	.fh_alloc = tapi_line_fh_alloc,
	.fh_added_locked = tapi_line_fh_added_locked,
	.fh_release = tapi_line_fh_release,
	.fh_removed_locked = tapi_line_fh_removed_locked,
	.fh_free = tapi_line_fh_free,
	.ioctl = tapi_line_ioctl,
	.release = tapi_line_release,
};

static bool tapi_str_fits(const char *s, size_t size)
{
	return s && strnlen(s, size) < size;
}

/* What the line can do: what the driver says, and what the core adds. */
static u64 tapi_line_desc_caps(const struct tapi_line_desc *desc)
{
	const struct tapi_line_ops *ops = desc->ops;
	bool audio = ops && ops->tick;
	u64 caps = desc->caps;

	/* a line with audio can be streamed, and the core detects its digits */
	if (audio)
		caps |= TAPI_LINE_CAP_AUDIO | TAPI_LINE_CAP_DTMF_DETECT |
			TAPI_LINE_CAP_DTMF_GENERATE | TAPI_LINE_CAP_TONE_GENERATE |
			TAPI_LINE_CAP_MEDIA_DETECT | TAPI_LINE_CAP_TONE_DETECT;
	if (ops && ops->make_call)
		caps |= TAPI_LINE_CAP_CALLS;
	/* the core times the loop: pulses need the tick for their timeouts */
	if (audio && (caps & TAPI_LINE_CAP_HOOK_EVENTS))
		caps |= TAPI_LINE_CAP_PULSE_DETECT;
	else
		caps &= ~TAPI_LINE_CAP_PULSE_DETECT;
	if (audio && ops->loop_break)
		caps |= TAPI_LINE_CAP_PULSE_GENERATE;
	else
		caps &= ~TAPI_LINE_CAP_PULSE_GENERATE;
	return caps;
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
	int ret;

	if (!desc || !tapi_device_name_valid(desc->driver, desc->name) ||
	    !tapi_str_fits(desc->address, TAPI_ADDRESS_LEN))
		return ERR_PTR(-EINVAL);
	if (desc->line_type != TAPI_LINE_TYPE_SUBSCRIBER &&
	    desc->line_type != TAPI_LINE_TYPE_TRUNK)
		return ERR_PTR(-EINVAL);

	/* charged to whoever makes it: a user-space provider, through utapi */
	line = kzalloc(sizeof(*line), GFP_KERNEL_ACCOUNT);
	if (!line)
		return ERR_PTR(-ENOMEM);
	strscpy(line->tdev.driver, desc->driver, sizeof(line->tdev.driver));
	strscpy(line->tdev.name, desc->name, sizeof(line->tdev.name));
	line->tdev.priv = desc->priv;
	ret = tapi_device_init(&line->tdev, &tapi_line_type, desc->parent);
	if (ret) {
		kfree(line);
		return ERR_PTR(ret);
	}

	strscpy(line->address, desc->address, sizeof(line->address));
	line->line_type = desc->line_type;
	line->ops = desc->ops;
	line->caps = tapi_line_desc_caps(desc);
	spin_lock_init(&line->hook_lock);
	tapi_hook_rx_init(&line->hook, false, ktime_get_ns());
	INIT_LIST_HEAD(&line->tick_node);
	spin_lock_init(&line->audio_lock);
	INIT_LIST_HEAD(&line->streams);
	dsp_dtmf_rx_init(&line->dtmf);
	line->gather_due = U64_MAX;

	ret = tapi_device_add(&line->tdev);
	if (ret) {
		tapi_device_put(&line->tdev);
		return ERR_PTR(ret);
	}
	if (line->ops && line->ops->tick)
		tapi_clock_add(line);
	return line;
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
	tapi_device_del(&line->tdev);

	spin_lock_irq(&line->tdev.lock);
	tapi_call_line_gone_locked(line);
	tapi_line_state_locked(line, TAPI_LINESTATE_REMOVED);
	line->tdev.dead = true;
	spin_unlock_irq(&line->tdev.lock);
	wake_up_interruptible_all(&line->tdev.wait);
	tapi_audio_line_gone(line);

	tapi_device_put(&line->tdev);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_unregister, TAPI_NS);

void *tapi_line_priv(const struct tapi_line *line)
{
	return line->tdev.priv;
}
EXPORT_SYMBOL_NS_GPL(tapi_line_priv, TAPI_NS);

/* What the line can do: the driver's caps and what the core adds. */
u64 tapi_line_caps(const struct tapi_line *line)
{
	return line->caps;
}
EXPORT_SYMBOL_NS_GPL(tapi_line_caps, TAPI_NS);

unsigned int tapi_line_id(const struct tapi_line *line)
{
	return line->tdev.id;
}
EXPORT_SYMBOL_NS_GPL(tapi_line_id, TAPI_NS);
