/* SPDX-License-Identifier: GPL-2.0-only */
/* Per-file event queues (event.c). */
#ifndef _TAPI_EVENT_H
#define _TAPI_EVENT_H

#include <linux/types.h>
#include <linux/tapi.h>

#define TAPI_EVQ_DEFAULT_LEN	256

/*
 * A bounded queue of event records with loss accounting. The caller
 * serialises every call (tapi.ko: the device's spinlock). Records are
 * never dropped silently: once the queue is full, later events are counted,
 * and an overflow record takes their place as soon as there is room.
 */
struct tapi_evq {
	struct tapi_event *ring;
	u32 size;		/* a power of two */
	u32 head;		/* free-running: next slot to write */
	u32 tail;		/* free-running: next slot to read */
	u64 lost;		/* events dropped since the last overflow record */
	u64 lost_seq;		/* sequence number of the first of them */
	u64 lost_ts;		/* and its timestamp */
};

int tapi_evq_init(struct tapi_evq *q, unsigned int len);
void tapi_evq_free(struct tapi_evq *q);
void tapi_evq_push(struct tapi_evq *q, const struct tapi_event *ev);
unsigned int tapi_evq_peek(struct tapi_evq *q, struct tapi_event *out,
			   unsigned int max);
void tapi_evq_consume(struct tapi_evq *q, unsigned int n);
bool tapi_evq_readable(const struct tapi_evq *q);

#endif /* _TAPI_EVENT_H */
