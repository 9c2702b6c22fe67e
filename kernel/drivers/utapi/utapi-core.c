// SPDX-License-Identifier: GPL-2.0-only
/*
 * utapi: telephony devices driven from user space, as uinput and uhid do
 * for input and HID devices. Each open /dev/utapi is a provider's session:
 * the lines and phones it creates live until it destroys them or closes
 * the descriptor (its process exiting included), and are then removed as
 * any driver's are: applications get the removal records.
 *
 * Access is the device node's: root, or the tapi-provider group by the
 * udev rule (never the tapi group: a provider can claim any caller ID).
 * Each session is bounded: UTAPI_MAX_DEVICES devices, UTAPI_MAX_QUEUED
 * unread requests, memory charged to the provider's cgroup.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "utapi.h"

/*
 * Every session's devices together: line and phone numbers are shared by
 * every driver, and providers must not take them all.
 */
static unsigned int max_devices = 256;
module_param(max_devices, uint, 0444);
MODULE_PARM_DESC(max_devices, "lines and phones all providers together may create (default 256)");
static atomic_t utapi_ndevs = ATOMIC_INIT(0);

/* The device @handle of the session, a phone or a line as @phone says. */
struct utapi_dev *utapi_dev_get(struct utapi_session *s, u32 handle, bool phone)
{
	struct utapi_dev *d;

	lockdep_assert_held(&s->lock);
	if (handle >= UTAPI_MAX_DEVICES)
		return NULL;
	d = s->devs[handle];
	return d && d->is_phone == phone ? d : NULL;
}

static int utapi_slot(struct utapi_session *s)
{
	int i;

	lockdep_assert_held(&s->lock);
	for (i = 0; i < UTAPI_MAX_DEVICES; i++)
		if (!s->devs[i])
			return i;
	return -ENOSPC;
}

static struct utapi_dev *utapi_dev_new(struct utapi_session *s, int slot)
{
	struct utapi_dev *d;

	if (atomic_inc_return(&utapi_ndevs) > max_devices) {
		atomic_dec(&utapi_ndevs);
		return ERR_PTR(-ENOSPC);
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d) {
		atomic_dec(&utapi_ndevs);
		return ERR_PTR(-ENOMEM);
	}
	d->s = s;
	d->handle = slot;
	init_waitqueue_head(&d->reply_wait);
	return d;
}

static void utapi_dev_free(struct utapi_dev *d)
{
	kfree(d);
	atomic_dec(&utapi_ndevs);
}

/*
 * Remove a device: its waiting requests fail first, so that the core's
 * unregistration, which waits for a driver operation in progress, does
 * not wait for an answer that will not come. A line's phones go first.
 */
static void utapi_dev_destroy(struct utapi_session *s, struct utapi_dev *d)
{
	lockdep_assert_held(&s->lock);
	utapi_requests_cancel(d);
	if (d->is_phone) {
		tapi_phone_unregister(d->phone);
	} else {
		tapi_line_unregister(d->line);
		if (d->audio)
			utapi_audio_gone(d->audio);
	}
	s->devs[d->handle] = NULL;
	utapi_dev_free(d);
}

/*
 * Creating a line or a phone: a free slot, the device, then the provider
 * told its handle. @dev and @id are the request's output fields (the
 * handle, the node's number), which must come as 0.
 */
static long utapi_create(struct utapi_session *s, void __user *argp, void *req,
			 size_t size, u32 *dev, u32 *id, bool phone)
{
	struct utapi_dev *d;
	int slot, ret;

	if (copy_from_user(req, argp, size))
		return -EFAULT;
	if (*dev || *id)
		return -EINVAL;
	slot = utapi_slot(s);
	if (slot < 0)
		return slot;
	d = utapi_dev_new(s, slot);
	if (IS_ERR(d))
		return PTR_ERR(d);
	ret = phone ? utapi_phone_create(s, d, req) : utapi_line_create(s, d, req);
	if (ret) {
		utapi_dev_free(d);
		return ret;
	}
	s->devs[slot] = d;
	*dev = slot;
	if (copy_to_user(argp, req, size)) {
		utapi_dev_destroy(s, d);
		return -EFAULT;
	}
	return 0;
}

static long utapi_create_line(struct utapi_session *s, void __user *argp)
{
	struct utapi_line_create req;

	return utapi_create(s, argp, &req, sizeof(req), &req.dev, &req.line_id, false);
}

static long utapi_create_phone(struct utapi_session *s, void __user *argp)
{
	struct utapi_phone_create req;

	return utapi_create(s, argp, &req, sizeof(req), &req.dev, &req.phone_id, true);
}

/* A line goes with the phones on it: they name it. */
static void utapi_destroy_phones_of(struct utapi_session *s, struct utapi_dev *line)
{
	unsigned int i, id = tapi_line_id(line->line);

	for (i = 0; i < UTAPI_MAX_DEVICES; i++) {
		struct utapi_dev *d = s->devs[i];

		if (d && d->is_phone && d->line_id == id)
			utapi_dev_destroy(s, d);
	}
}

static long utapi_destroy(struct utapi_session *s, u32 __user *argp)
{
	struct utapi_dev *d;
	u32 handle;

	if (get_user(handle, argp))
		return -EFAULT;
	d = handle < UTAPI_MAX_DEVICES ? s->devs[handle] : NULL;
	if (!d)
		return -ENOENT;
	if (!d->is_phone)
		utapi_destroy_phones_of(s, d);
	utapi_dev_destroy(s, d);
	return 0;
}

static long utapi_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct utapi_session *s = file->private_data;
	void __user *argp = (void __user *)arg;
	long ret;

	/* answers never wait behind the session's other work */
	if (cmd == UTAPI_IOC_REPLY)
		return utapi_reply(s, argp);
	if (mutex_lock_interruptible(&s->lock))
		return -ERESTARTSYS;
	switch (cmd) {
	case UTAPI_IOC_CREATE_LINE:
		ret = utapi_create_line(s, argp);
		break;
	case UTAPI_IOC_CREATE_PHONE:
		ret = utapi_create_phone(s, argp);
		break;
	case UTAPI_IOC_DESTROY:
		ret = utapi_destroy(s, argp);
		break;
	case UTAPI_IOC_AUDIO_OPEN:
		ret = utapi_audio_open(s, argp);
		break;
	case UTAPI_IOC_PHONE_UPDATE:
	case UTAPI_IOC_PHONE_BUTTON:
		ret = utapi_phone_ioctl(s, cmd, argp);
		break;
	default:
		ret = utapi_line_ioctl(s, cmd, argp);
		break;
	}
	mutex_unlock(&s->lock);
	return ret;
}

static int utapi_open(struct inode *inode, struct file *file)
{
	struct utapi_session *s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);

	if (!s)
		return -ENOMEM;
	mutex_init(&s->lock);
	mutex_init(&s->read_mutex);
	spin_lock_init(&s->req_lock);
	INIT_LIST_HEAD(&s->queue);
	INIT_LIST_HEAD(&s->waiting);
	init_waitqueue_head(&s->wait);
	file->private_data = s;
	return stream_open(inode, file);
}

/* The provider is gone: so are its devices, phones before their lines. */
static int utapi_release(struct inode *inode, struct file *file)
{
	struct utapi_session *s = file->private_data;
	unsigned int i;

	mutex_lock(&s->lock);
	for (i = 0; i < UTAPI_MAX_DEVICES; i++)
		if (s->devs[i] && s->devs[i]->is_phone)
			utapi_dev_destroy(s, s->devs[i]);
	for (i = 0; i < UTAPI_MAX_DEVICES; i++)
		if (s->devs[i])
			utapi_dev_destroy(s, s->devs[i]);
	mutex_unlock(&s->lock);
	utapi_requests_free(s);
	mutex_destroy(&s->read_mutex);
	mutex_destroy(&s->lock);
	kfree(s);
	return 0;
}

static const struct file_operations utapi_fops = {
	.owner = THIS_MODULE,
	.open = utapi_open,
	.release = utapi_release,
	.read = utapi_read,
	.poll = utapi_poll,
	.unlocked_ioctl = utapi_ioctl,
	/* the same layout for 32-bit providers */
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice utapi_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "utapi",
	.fops = &utapi_fops,
	.mode = 0600,
};

module_misc_device(utapi_misc);

MODULE_DESCRIPTION("TAPI for Linux: line and phone devices driven from user space");
MODULE_LICENSE("GPL");
MODULE_VERSION(TAPI_VERSION);
MODULE_IMPORT_NS(TAPI_NS);
