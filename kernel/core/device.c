// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device layer: the tapi class and its character devices, open files,
 * read() of event records, poll(), and the entry of every ioctl, which the
 * device's type (line.c, phone.c) answers.
 *
 * Locking: tdev->lock (spinlock, irqsave) guards the list of open files,
 * the dead flag and every file's event queue: drivers report events from
 * any context. A file's read_mutex serialises its readers, so records leave
 * its queue only once they reached userspace.
 *
 * Lifetime: the object embedding the device is freed by the device's
 * release, once the driver unregistered it and the last file was closed.
 * After unregistration every ioctl fails with ENODEV, and reading returns
 * what was queued before it, then ENODEV.
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "device.h"
#include "gate.h"

#define TAPI_READ_BATCH	8

static struct class tapi_class = {
	.name = "tapi",
};

static dev_t tapi_devt;

static struct tapi_device *to_tapi_device(struct device *dev)
{
	return container_of(dev, struct tapi_device, dev);
}

/* A driver's and a device's name fit their fields. */
bool tapi_device_name_valid(const char *driver, const char *name)
{
	return driver && driver[0] && strnlen(driver, TAPI_DRIVER_LEN) < TAPI_DRIVER_LEN &&
	       name && strnlen(name, TAPI_NAME_LEN) < TAPI_NAME_LEN;
}

/* Queue @ev for @fh with the file's next sequence number, under the lock. */
void tapi_fh_push(struct tapi_fh *fh, struct tapi_event *ev)
{
	lockdep_assert_held(&fh->tdev->lock);
	ev->seq = fh->next_seq++;
	tapi_evq_push(&fh->events, ev);
}

/**
 * tapi_fh_open() - open a file of a device
 * @tdev: the device
 *
 * Return: the file, or an ERR_PTR: -ENODEV once the device is gone,
 * -EMFILE when it has TAPI_MAX_OPENS files (each costs the tick), -ENOMEM.
 */
struct tapi_fh *tapi_fh_open(struct tapi_device *tdev)
{
	struct tapi_fh *fh;
	int ret;

	fh = tdev->type->fh_alloc(tdev);
	if (!fh)
		return ERR_PTR(-ENOMEM);
	ret = tapi_evq_init(&fh->events, TAPI_EVQ_DEFAULT_LEN);
	if (ret)
		goto err_free;
	mutex_init(&fh->read_mutex);
	fh->tdev = tdev;

	spin_lock_irq(&tdev->lock);
	ret = tdev->dead ? -ENODEV : tdev->nfiles >= TAPI_MAX_OPENS ? -EMFILE : 0;
	if (ret) {
		spin_unlock_irq(&tdev->lock);
		mutex_destroy(&fh->read_mutex);
		tapi_evq_free(&fh->events);
		goto err_free;
	}
	list_add_tail(&fh->node, &tdev->files);
	tdev->nfiles++;
	if (tdev->type->fh_added_locked)
		tdev->type->fh_added_locked(fh);
	spin_unlock_irq(&tdev->lock);
	wake_up_interruptible(&tdev->wait);

	get_device(&tdev->dev);
	return fh;

err_free:
	tdev->type->fh_free(fh);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_IF_KUNIT(tapi_fh_open);

/**
 * tapi_fh_close() - close a file: the device's type undoes what it asked
 * @fh: the file
 */
void tapi_fh_close(struct tapi_fh *fh)
{
	struct tapi_device *tdev = fh->tdev;

	if (tdev->type->fh_release)
		tdev->type->fh_release(fh);
	spin_lock_irq(&tdev->lock);
	list_del(&fh->node);
	tdev->nfiles--;
	if (tdev->type->fh_removed_locked)
		tdev->type->fh_removed_locked(fh);
	spin_unlock_irq(&tdev->lock);
	wake_up_interruptible(&tdev->wait);

	mutex_destroy(&fh->read_mutex);
	tapi_evq_free(&fh->events);
	tdev->type->fh_free(fh);
	put_device(&tdev->dev);
}
EXPORT_SYMBOL_IF_KUNIT(tapi_fh_close);

/* True when a read would not block: records queued, or the device is gone. */
bool tapi_fh_readable(struct tapi_fh *fh)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&fh->tdev->lock, flags);
	ret = tapi_evq_readable(&fh->events) || fh->tdev->dead;
	spin_unlock_irqrestore(&fh->tdev->lock, flags);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_fh_readable);

static int tapi_open(struct inode *inode, struct file *file)
{
	struct tapi_device *tdev = container_of(inode->i_cdev, struct tapi_device, cdev);
	struct tapi_fh *fh;

	fh = tapi_fh_open(tdev);
	if (IS_ERR(fh))
		return PTR_ERR(fh);
	file->private_data = fh;
	return stream_open(inode, file);
}

static int tapi_release(struct inode *inode, struct file *file)
{
	tapi_fh_close(file->private_data);
	return 0;
}

static ssize_t tapi_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	struct tapi_fh *fh = file->private_data;
	struct tapi_device *tdev = fh->tdev;
	struct tapi_event batch[TAPI_READ_BATCH];
	size_t done = 0;
	ssize_t ret;

	if (count < sizeof(batch[0]))
		return -EINVAL;
	if (mutex_lock_interruptible(&fh->read_mutex))
		return -ERESTARTSYS;

	for (;;) {
		unsigned int want, n;
		bool dead;

		want = min_t(size_t, (count - done) / sizeof(batch[0]),
			     ARRAY_SIZE(batch));
		if (!want)
			break;

		spin_lock_irq(&tdev->lock);
		n = tapi_evq_peek(&fh->events, batch, want);
		dead = tdev->dead;
		spin_unlock_irq(&tdev->lock);

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
			ret = wait_event_interruptible(tdev->wait, tapi_fh_readable(fh));
			if (ret)
				goto out;
			continue;
		}

		/* Records leave the queue only once userspace has them. */
		if (copy_to_user(buf + done, batch, n * sizeof(batch[0]))) {
			ret = done ? done : -EFAULT;
			goto out;
		}
		spin_lock_irq(&tdev->lock);
		tapi_evq_consume(&fh->events, n);
		spin_unlock_irq(&tdev->lock);
		done += n * sizeof(batch[0]);
	}
	ret = done;
out:
	mutex_unlock(&fh->read_mutex);
	return ret;
}

static __poll_t tapi_poll(struct file *file, struct poll_table_struct *wait)
{
	struct tapi_fh *fh = file->private_data;
	struct tapi_device *tdev = fh->tdev;
	__poll_t mask = 0;

	poll_wait(file, &tdev->wait, wait);

	spin_lock_irq(&tdev->lock);
	if (tapi_evq_readable(&fh->events))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (tdev->dead)
		mask |= EPOLLHUP | EPOLLERR;
	spin_unlock_irq(&tdev->lock);
	return mask;
}

/* Every ioctl enters here; the device's type answers it. */
static long tapi_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tapi_fh *fh = file->private_data;

	if (READ_ONCE(fh->tdev->dead))
		return -ENODEV;
	return fh->tdev->type->ioctl(fh, cmd, (void __user *)arg);
}

static const struct file_operations tapi_fops = {
	.owner = THIS_MODULE,
	.open = tapi_open,
	.release = tapi_release,
	.read = tapi_read,
	.poll = tapi_poll,
	.unlocked_ioctl = tapi_ioctl,
	/* The uAPI's layout is the same for 32-bit userspace. */
	.compat_ioctl = compat_ptr_ioctl,
};

static void tapi_device_release(struct device *dev)
{
	struct tapi_device *tdev = to_tapi_device(dev);

	ida_free(&tdev->type->ida, tdev->id);
	mutex_destroy(&tdev->ops_mutex);
	tdev->type->release(tdev);
}

/**
 * tapi_device_init() - prepare a device of @type and give it a number
 * @tdev: the device, zeroed, with @driver, @name and @priv set
 * @type: its kind
 * @parent: the driver's device, or NULL
 *
 * Return: 0, after which the device is freed by tapi_device_put() (its
 * type's release); or -ENOSPC when the kind has no number left, or
 * -ENOMEM, after which the caller frees what it allocated.
 */
int tapi_device_init(struct tapi_device *tdev, struct tapi_device_type *type,
		     struct device *parent)
{
	int id;

	id = ida_alloc_max(&type->ida, type->max_ids - 1, GFP_KERNEL);
	if (id < 0)
		return id;
	tdev->id = id;
	tdev->type = type;
	spin_lock_init(&tdev->lock);
	INIT_LIST_HEAD(&tdev->files);
	init_waitqueue_head(&tdev->wait);
	mutex_init(&tdev->ops_mutex);
	tdev->ops_live = true;
	device_initialize(&tdev->dev);
	tdev->dev.class = &tapi_class;
	tdev->dev.parent = parent;
	tdev->dev.devt = MKDEV(MAJOR(tapi_devt), type->minor_base + id);
	tdev->dev.groups = type->groups;
	tdev->dev.release = tapi_device_release;
	return 0;
}

/* Create the node; on failure the caller puts the device. */
int tapi_device_add(struct tapi_device *tdev)
{
	int ret;

	ret = dev_set_name(&tdev->dev, "%s%u", tdev->type->name, tdev->id);
	if (ret)
		return ret;
	cdev_init(&tdev->cdev, &tapi_fops);
	tdev->cdev.owner = THIS_MODULE;
	return cdev_device_add(&tdev->cdev, &tdev->dev);
}

/*
 * Remove the node and close the gate: no file opens after this, and no
 * driver operation runs once it returns. The caller then tells the open
 * files, sets @dead under the lock, wakes them and puts the device.
 */
void tapi_device_del(struct tapi_device *tdev)
{
	cdev_device_del(&tdev->cdev, &tdev->dev);
	tapi_gate_close(tdev);
}

void tapi_device_put(struct tapi_device *tdev)
{
	put_device(&tdev->dev);
}

int tapi_devices_init(void)
{
	int ret;

	ret = class_register(&tapi_class);
	if (ret)
		return ret;
	ret = alloc_chrdev_region(&tapi_devt, 0, TAPI_MAX_MINORS, "tapi");
	if (ret)
		class_unregister(&tapi_class);
	return ret;
}

void tapi_devices_exit(void)
{
	unregister_chrdev_region(tapi_devt, TAPI_MAX_MINORS);
	class_unregister(&tapi_class);
}
