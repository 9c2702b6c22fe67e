/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * utapi: line and phone devices driven by user-space providers through
 * /dev/utapi (docs/utapi.md). Shared by the driver's files:
 *  - utapi-core.c: the module, the misc device, sessions (one per open
 *    descriptor), creating and destroying devices, the ioctl entry;
 *  - utapi-request.c: requests to the provider (read()), their answers;
 *  - utapi-line.c: a line's driver operations and the provider's reports;
 *  - utapi-phone.c: a phone's;
 *  - utapi-audio.c: the jitter buffer, the tick, the audio descriptor.
 *
 * Locking, outermost first:
 *  1. utapi_session.lock (mutex): the session's devices; every ioctl of
 *     the provider but UTAPI_IOC_REPLY runs under it.
 *  2. the core's gate and locks (tapi_core.h), taken by the core around
 *     driver operations and reports.
 *  3. utapi_session.req_lock (spinlock, interrupts off): the request queue
 *     and the requests waiting for an answer, every device's @dying flag.
 *     The tick queues requests (dial pulses) under it.
 *  4. utapi_audio.lock (spinlock, bottom halves off): a line's audio.
 * A driver operation (process context, the core's gate held) waits for its
 * answer without any of them held.
 */
#ifndef _UTAPI_H
#define _UTAPI_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/utapi.h>

#include "tapi_compat.h"
#include "tapi_driver.h"

#define UTAPI_MAX_QUEUED	256	/* requests not yet read, per session */

struct file;
struct poll_table_struct;
struct utapi_session;
struct utapi_audio;

/* A request on its way to the provider, or waiting for its answer. */
struct utapi_req {
	struct list_head node;		/* in the queue or the waiting list */
	struct utapi_request rec;
	wait_queue_head_t *wq;		/* its waiter's, woken by the answer */
	int result;
	bool answered;
	bool queued;			/* in the queue, not yet read */
	bool async;			/* nobody waits: freed once read */
};

/* A line or phone a provider created. */
struct utapi_dev {
	struct utapi_session *s;
	u32 handle;
	bool is_phone;
	bool dying;			/* under s->req_lock */
	unsigned long timeout;		/* jiffies a request waits */
	wait_queue_head_t reply_wait;	/* requests waiting for an answer */
	union {
		struct tapi_line *line;
		struct tapi_phone *phone;
	};
	struct tapi_line_ops ops;	/* the operations the provider has */
	u32 op_mask;			/* UTAPI_OP_* */
	u32 nbuttons;			/* a phone's */
	u32 line_id;			/* a phone's line's N, or TAPI_PHONE_NO_LINE */
	struct utapi_audio *audio;	/* a line with UTAPI_OP_AUDIO */
};

/* One open /dev/utapi: a provider. */
struct utapi_session {
	struct mutex lock;		/* @devs, the ioctls */
	struct utapi_dev *devs[UTAPI_MAX_DEVICES];
	spinlock_t req_lock;		/* the lists below */
	struct list_head queue;		/* requests not yet read, in order */
	struct list_head waiting;	/* read, waiting for an answer */
	u32 nqueued;
	u64 lost;			/* requests dropped: the queue was full */
	u64 next_seq;
	wait_queue_head_t wait;		/* readers */
	struct mutex read_mutex;
};

/* utapi-request.c */
int utapi_request(struct utapi_dev *d, struct utapi_request *rec);
void utapi_request_async(struct utapi_dev *d, const struct utapi_request *rec, gfp_t gfp);
void utapi_requests_cancel(struct utapi_dev *d);
void utapi_requests_free(struct utapi_session *s);
ssize_t utapi_read(struct file *file, char __user *buf, size_t count, loff_t *ppos);
__poll_t utapi_poll(struct file *file, struct poll_table_struct *wait);
long utapi_reply(struct utapi_session *s, void __user *argp);

/* utapi-line.c */
int utapi_line_create(struct utapi_session *s, struct utapi_dev *d,
		      struct utapi_line_create *req);
long utapi_line_ioctl(struct utapi_session *s, unsigned int cmd, void __user *argp);

/* utapi-phone.c */
int utapi_phone_create(struct utapi_session *s, struct utapi_dev *d,
		       struct utapi_phone_create *req);
long utapi_phone_ioctl(struct utapi_session *s, unsigned int cmd, void __user *argp);

/* utapi-audio.c */
struct utapi_audio *utapi_audio_new(void);
void utapi_audio_put(struct utapi_audio *a);
void utapi_audio_gone(struct utapi_audio *a);
void utapi_audio_tick(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n);
long utapi_audio_open(struct utapi_session *s, void __user *argp);

/* utapi-core.c */
struct utapi_dev *utapi_dev_get(struct utapi_session *s, u32 handle, bool phone);

#endif /* _UTAPI_H */
