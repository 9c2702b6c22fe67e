// SPDX-License-Identifier: GPL-2.0-only
/*
 * Requests to the provider. A driver operation queues a request, wakes the
 * provider's readers and waits for the answer (UTAPI_IOC_REPLY) until the
 * device's timeout; operations with nothing to answer (drop, dial pulses)
 * are queued and forgotten. read() hands out whole records in the order
 * they were queued; one that cannot be copied goes back to the head of the
 * queue, so nothing is lost to a bad buffer.
 *
 * A waiting request lives on its waiter's stack: whoever finishes with it
 * (the answer, the timeout, the device's removal) takes it off its list
 * under req_lock, and the waiter does so before it returns.
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "utapi.h"

/* Errnos a provider may answer with: the ones userspace knows. */
#define UTAPI_MAX_ERRNO		133

/**
 * utapi_request() - ask the provider and wait for its answer
 * @d: the device
 * @rec: the request; its seq and dev are filled in
 *
 * Context: process context, the core's gate held; sleeps.
 * Return: the provider's answer (0 or -errno); -ETIMEDOUT when none came
 * within the device's timeout; -ENODEV once the device is being removed;
 * -EBUSY when the provider has too many requests unread; -EINTR on a
 * fatal signal.
 */
int utapi_request(struct utapi_dev *d, struct utapi_request *rec)
{
	struct utapi_session *s = d->s;
	struct utapi_req req = { .rec = *rec };
	long left;
	int ret;

	spin_lock_irq(&s->req_lock);
	if (d->dying || s->nqueued >= UTAPI_MAX_QUEUED) {
		ret = d->dying ? -ENODEV : -EBUSY;
		spin_unlock_irq(&s->req_lock);
		return ret;
	}
	req.rec.seq = ++s->next_seq;
	req.rec.dev = d->handle;
	req.wq = &d->reply_wait;
	list_add_tail(&req.node, &s->queue);
	req.queued = true;
	s->nqueued++;
	spin_unlock_irq(&s->req_lock);
	wake_up_interruptible(&s->wait);

	/* only a fatal signal stops the wait: the provider may be acting on it */
	left = wait_event_killable_timeout(d->reply_wait,
					   READ_ONCE(req.answered) || READ_ONCE(d->dying),
					   d->timeout);

	spin_lock_irq(&s->req_lock);
	if (req.answered)
		ret = req.result;
	else
		ret = d->dying ? -ENODEV : left < 0 ? -EINTR : -ETIMEDOUT;
	if (!list_empty(&req.node)) {
		list_del_init(&req.node);
		if (req.queued)
			s->nqueued--;
	}
	spin_unlock_irq(&s->req_lock);
	return ret;
}

/**
 * utapi_request_async() - tell the provider, expecting no answer
 * @d: the device
 * @rec: the request (seq 0 is kept)
 * @gfp: GFP_ATOMIC from the tick, else GFP_KERNEL
 *
 * A request that finds the queue full is dropped and counted: the
 * provider is not reading.
 */
void utapi_request_async(struct utapi_dev *d, const struct utapi_request *rec, gfp_t gfp)
{
	struct utapi_session *s = d->s;
	struct utapi_req *r;
	unsigned long flags;

	r = kzalloc(sizeof(*r), gfp);
	spin_lock_irqsave(&s->req_lock, flags);
	if (!r || d->dying || s->nqueued >= UTAPI_MAX_QUEUED) {
		s->lost += !d->dying;
		spin_unlock_irqrestore(&s->req_lock, flags);
		kfree(r);
		return;
	}
	r->rec = *rec;
	r->rec.dev = d->handle;
	r->rec.seq = 0;
	r->async = true;
	r->queued = true;
	list_add_tail(&r->node, &s->queue);
	s->nqueued++;
	spin_unlock_irqrestore(&s->req_lock, flags);
	wake_up_interruptible(&s->wait);
}

/*
 * The device is going: its waiting requests fail with ENODEV, its queued
 * notices are dropped, no new request is queued.
 */
void utapi_requests_cancel(struct utapi_dev *d)
{
	struct utapi_session *s = d->s;
	struct utapi_req *r, *tmp;
	LIST_HEAD(gone);

	spin_lock_irq(&s->req_lock);
	d->dying = true;
	list_for_each_entry_safe(r, tmp, &s->queue, node) {
		if (r->async && r->rec.dev == d->handle) {
			list_move(&r->node, &gone);
			s->nqueued--;
		}
	}
	spin_unlock_irq(&s->req_lock);
	wake_up_all(&d->reply_wait);
	list_for_each_entry_safe(r, tmp, &gone, node)
		kfree(r);
}

/* The session is closing and its devices are gone: only notices are left. */
void utapi_requests_free(struct utapi_session *s)
{
	struct utapi_req *r, *tmp;

	list_for_each_entry_safe(r, tmp, &s->queue, node) {
		WARN_ON_ONCE(!r->async);
		list_del(&r->node);
		kfree(r);
	}
}

static bool utapi_queue_ready(struct utapi_session *s)
{
	bool ret;

	spin_lock_irq(&s->req_lock);
	ret = !list_empty(&s->queue);
	spin_unlock_irq(&s->req_lock);
	return ret;
}

/*
 * Take the next request off the queue into @rec; a request that wants an
 * answer moves to the waiting list. Returns it, or NULL when the queue is
 * empty; once req_lock is dropped it may be followed only if it is a
 * notice (@rec->seq 0).
 */
static struct utapi_req *utapi_take(struct utapi_session *s, struct utapi_request *rec)
{
	struct utapi_req *r;

	spin_lock_irq(&s->req_lock);
	r = list_first_entry_or_null(&s->queue, struct utapi_req, node);
	if (r) {
		*rec = r->rec;
		list_del_init(&r->node);
		s->nqueued--;
		r->queued = false;
		if (!r->async)
			list_add_tail(&r->node, &s->waiting);
	}
	spin_unlock_irq(&s->req_lock);
	return r;
}

/*
 * The copy failed: the request goes back first in line. @r is followed
 * only for a notice (seq 0), which the reader owns; a request with a
 * waiter is looked up by @rec's seq, since its waiter may have given up
 * and returned meanwhile.
 */
static void utapi_put_back(struct utapi_session *s, struct utapi_req *r,
			   const struct utapi_request *rec)
{
	struct utapi_req *w;

	spin_lock_irq(&s->req_lock);
	if (!rec->seq) {
		list_add(&r->node, &s->queue);
		r->queued = true;
		s->nqueued++;
	} else {
		list_for_each_entry(w, &s->waiting, node) {
			if (w->rec.seq != rec->seq)
				continue;
			list_move(&w->node, &s->queue);
			w->queued = true;
			s->nqueued++;
			break;
		}
	}
	spin_unlock_irq(&s->req_lock);
}

ssize_t utapi_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct utapi_session *s = file->private_data;
	struct utapi_request rec;
	struct utapi_req *r;
	size_t done = 0;
	ssize_t ret = 0;

	if (count < sizeof(rec))
		return -EINVAL;
	if (mutex_lock_interruptible(&s->read_mutex))
		return -ERESTARTSYS;
	while (count - done >= sizeof(rec)) {
		r = utapi_take(s, &rec);
		if (!r) {
			if (done)
				break;
			if (file->f_flags & O_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			ret = wait_event_interruptible(s->wait, utapi_queue_ready(s));
			if (ret)
				break;
			continue;
		}
		if (copy_to_user(buf + done, &rec, sizeof(rec))) {
			utapi_put_back(s, r, &rec);
			ret = -EFAULT;
			break;
		}
		/* a notice is the reader's now; a request belongs to its waiter */
		if (!rec.seq)
			kfree(r);
		done += sizeof(rec);
	}
	mutex_unlock(&s->read_mutex);
	return done ? done : ret;
}

__poll_t utapi_poll(struct file *file, struct poll_table_struct *wait)
{
	struct utapi_session *s = file->private_data;

	poll_wait(file, &s->wait, wait);
	return utapi_queue_ready(s) ? EPOLLIN | EPOLLRDNORM : 0;
}

/* UTAPI_IOC_REPLY: the answer to a request that waits for it. */
long utapi_reply(struct utapi_session *s, void __user *argp)
{
	struct utapi_reply rep;
	struct utapi_req *r;
	long ret = -ENOENT;

	if (copy_from_user(&rep, argp, sizeof(rep)))
		return -EFAULT;
	if (!rep.seq || rep.result > 0 || rep.result < -UTAPI_MAX_ERRNO ||
	    memchr_inv(rep.reserved, 0, sizeof(rep.reserved)))
		return -EINVAL;
	spin_lock_irq(&s->req_lock);
	list_for_each_entry(r, &s->waiting, node) {
		if (r->rec.seq != rep.seq)
			continue;
		r->result = rep.result;
		r->answered = true;
		list_del_init(&r->node);
		wake_up_all(r->wq);
		ret = 0;
		break;
	}
	spin_unlock_irq(&s->req_lock);
	return ret;
}
