/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device layer (device.c): what a line's /dev/tapiN and a phone's
 * /dev/tapiphoneN have in common. Lines and phones each embed a struct
 * tapi_device, and their open files a struct tapi_fh, as V4L2's drivers
 * embed video_device and v4l2_fh; a struct tapi_device_type says what a
 * kind of device adds: its files, its ioctls, its sysfs attributes.
 */
#ifndef _TAPI_DEVICE_H
#define _TAPI_DEVICE_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/tapi.h>

#include "tapi_compat.h"
#include "event.h"

#define TAPI_MAX_MINORS		4096
#define TAPI_PHONE_MINOR_BASE	2048	/* lines below, phones from here */

struct tapi_device;
struct tapi_fh;

/**
 * struct tapi_device_type - one kind of device: lines, or phones
 * @name: the node's name before its number ("tapi", "tapiphone")
 * @minor_base: the kind's first minor number
 * @max_ids: how many devices of the kind there can be
 * @ida: their numbers
 * @groups: sysfs attributes of every device of the kind
 * @fh_alloc: a zeroed open file of the kind (embedding a struct tapi_fh)
 *	with the kind's defaults, charged to the user's memory cgroup; or
 *	NULL for -ENOMEM. Process context.
 * @fh_added_locked: the file was just added to the device's list; the
 *	device's lock is held. Optional.
 * @fh_release: the file is closing and still in the list: undo what it
 *	asked of the device. Process context, may sleep. Optional.
 * @fh_removed_locked: the file left the list; the lock is held. Optional.
 * @fh_free: free what @fh_alloc returned
 * @ioctl: the kind's ioctls, on a live device; -ENOTTY for others
 * @release: free the object embedding the device, once nothing uses it
 */
struct tapi_device_type {
	const char *name;
	unsigned int minor_base;
	unsigned int max_ids;
	struct ida ida;
	const struct attribute_group **groups;
	struct tapi_fh *(*fh_alloc)(struct tapi_device *tdev);
	void (*fh_added_locked)(struct tapi_fh *fh);
	void (*fh_release)(struct tapi_fh *fh);
	void (*fh_removed_locked)(struct tapi_fh *fh);
	void (*fh_free)(struct tapi_fh *fh);
	long (*ioctl)(struct tapi_fh *fh, unsigned int cmd, void __user *argp);
	void (*release)(struct tapi_device *tdev);
};

/**
 * struct tapi_device - a line's or a phone's device node and open files
 * @dev: the device in the tapi class
 * @cdev: its character device
 * @type: what kind it is
 * @id: the N of its node's name
 * @driver: the registering driver's name
 * @name: a human-readable name
 * @priv: the driver's data
 * @lock: (interrupts off) @files, @nfiles, @dead and every file's event
 *	queue, and whatever the kind keeps under it (a line's calls)
 * @files: the open files (struct tapi_fh.node)
 * @nfiles: how many, at most TAPI_MAX_OPENS
 * @dead: unregistered; files read what was queued, then ENODEV
 * @wait: readers and pollers of every file
 * @ops_mutex: the gate (gate.c): one driver operation at a time
 * @ops_live: the driver may be called, under @ops_mutex
 */
struct tapi_device {
	struct device dev;
	struct cdev cdev;
	struct tapi_device_type *type;
	unsigned int id;
	char driver[TAPI_DRIVER_LEN];
	char name[TAPI_NAME_LEN];
	void *priv;
	spinlock_t lock;		/* see above */
	struct list_head files;
	u32 nfiles;
	bool dead;
	wait_queue_head_t wait;
	struct mutex ops_mutex;		/* the gate */
	bool ops_live;
};

/**
 * struct tapi_fh - an open file of a device, embedded in the kind's own
 * @tdev: the device
 * @node: in @tdev's files, under its lock
 * @read_mutex: one reader at a time consumes
 * @events: the records queued for this file, under @tdev's lock
 * @next_seq: the next record's sequence number, under @tdev's lock
 */
struct tapi_fh {
	struct tapi_device *tdev;
	struct list_head node;
	struct mutex read_mutex;	/* one reader at a time */
	struct tapi_evq events;
	u64 next_seq;
};

int tapi_device_init(struct tapi_device *tdev, struct tapi_device_type *type,
		     struct device *parent);
int tapi_device_add(struct tapi_device *tdev);
void tapi_device_del(struct tapi_device *tdev);
void tapi_device_put(struct tapi_device *tdev);
bool tapi_device_name_valid(const char *driver, const char *name);

struct tapi_fh *tapi_fh_open(struct tapi_device *tdev);
void tapi_fh_close(struct tapi_fh *fh);
bool tapi_fh_readable(struct tapi_fh *fh);
void tapi_fh_push(struct tapi_fh *fh, struct tapi_event *ev);

int tapi_devices_init(void);
void tapi_devices_exit(void);

#endif /* _TAPI_DEVICE_H */
