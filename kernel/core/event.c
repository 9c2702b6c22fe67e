// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-file event queues.
 *
 * Locking: none here. Every function must be called with the owner's lock
 * held (tapi.ko: the line's spinlock); none of them sleeps or allocates,
 * except tapi_evq_init() and tapi_evq_free(), which are called unlocked.
 */
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/vmalloc.h>

#include "tapi_core.h"

int tapi_evq_init(struct tapi_evq *q, unsigned int len)
{
	if (!len || len > 65536)
		return -EINVAL;
	memset(q, 0, sizeof(*q));
	q->size = roundup_pow_of_two(len);
	/*
	 * 12 KiB by default, for each open file: pages that need not be
	 * contiguous (no order-2 allocation), charged to the user's cgroup.
	 */
	q->ring = __vmalloc(array_size(q->size, sizeof(*q->ring)),
			    GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	return q->ring ? 0 : -ENOMEM;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_evq_init);

void tapi_evq_free(struct tapi_evq *q)
{
	vfree(q->ring);
	q->ring = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_evq_free);

static u32 tapi_evq_count(const struct tapi_evq *q)
{
	return q->head - q->tail;
}

static void tapi_evq_put(struct tapi_evq *q, const struct tapi_event *ev)
{
	q->ring[q->head++ & (q->size - 1)] = *ev;
}

/* Turn the pending loss count into an overflow record, if there is room. */
static void tapi_evq_flush_lost(struct tapi_evq *q)
{
	struct tapi_event ovf = {
		.type = TAPI_EVENT_OVERFLOW,
		.timestamp_ns = q->lost_ts,
		.seq = q->lost_seq,
		.param = { lower_32_bits(q->lost), upper_32_bits(q->lost) },
	};

	if (!q->lost || tapi_evq_count(q) == q->size)
		return;
	tapi_evq_put(q, &ovf);
	q->lost = 0;
}

void tapi_evq_push(struct tapi_evq *q, const struct tapi_event *ev)
{
	/* Dropped events precede this one, so their record must come first. */
	tapi_evq_flush_lost(q);
	if (tapi_evq_count(q) == q->size) {
		if (!q->lost++) {
			q->lost_seq = ev->seq;
			q->lost_ts = ev->timestamp_ns;
		}
		return;
	}
	tapi_evq_put(q, ev);
}
EXPORT_SYMBOL_IF_KUNIT(tapi_evq_push);

/*
 * Copy up to @max of the oldest records to @out without removing them, so a
 * reader that fails to hand them to userspace loses nothing.
 */
unsigned int tapi_evq_peek(struct tapi_evq *q, struct tapi_event *out,
			   unsigned int max)
{
	unsigned int i, n;

	tapi_evq_flush_lost(q);
	n = min_t(u32, tapi_evq_count(q), max);
	for (i = 0; i < n; i++)
		out[i] = q->ring[(q->tail + i) & (q->size - 1)];
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_evq_peek);

void tapi_evq_consume(struct tapi_evq *q, unsigned int n)
{
	q->tail += min_t(u32, n, tapi_evq_count(q));
}
EXPORT_SYMBOL_IF_KUNIT(tapi_evq_consume);

bool tapi_evq_readable(const struct tapi_evq *q)
{
	return tapi_evq_count(q) || q->lost;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_evq_readable);
