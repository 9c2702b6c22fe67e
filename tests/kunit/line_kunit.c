// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for tapi.ko: the event queue's ordering and loss accounting,
 * and line registration, fan-out and removal through the internal API.
 * Built as its own module, only for kernels with CONFIG_KUNIT, because on
 * 6.1 suites inside a module run before that module's init.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "tapi_core.h"
#include "tapi_driver.h"

static struct tapi_event ev_seq(u64 seq)
{
	return (struct tapi_event){
		.type = TAPI_EVENT_RING, .seq = seq, .timestamp_ns = 1000 + seq,
		.param = { (u32)seq },
	};
}

static void push_range(struct tapi_evq *q, u64 from, u64 to)
{
	u64 s;

	for (s = from; s < to; s++) {
		struct tapi_event ev = ev_seq(s);

		tapi_evq_push(q, &ev);
	}
}

static int evq_init(struct kunit *test)
{
	struct tapi_evq *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_ASSERT_EQ(test, tapi_evq_init(q, 4), 0);
	test->priv = q;
	return 0;
}

static void evq_exit(struct kunit *test)
{
	tapi_evq_free(test->priv);
}

static void evq_size_is_rounded_and_bounded(struct kunit *test)
{
	struct tapi_evq q;

	KUNIT_EXPECT_EQ(test, tapi_evq_init(&q, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tapi_evq_init(&q, 65537), -EINVAL);
	KUNIT_ASSERT_EQ(test, tapi_evq_init(&q, 5), 0);
	KUNIT_EXPECT_EQ(test, q.size, 8U);
	tapi_evq_free(&q);
}

static void evq_fifo_order(struct kunit *test)
{
	struct tapi_evq *q = test->priv;
	struct tapi_event out[4];
	unsigned int i;

	KUNIT_EXPECT_FALSE(test, tapi_evq_readable(q));
	push_range(q, 0, 3);
	KUNIT_EXPECT_TRUE(test, tapi_evq_readable(q));
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 3U);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, out[i].seq, (u64)i);
		KUNIT_EXPECT_EQ(test, out[i].param[0], i);
	}
	tapi_evq_consume(q, 3);
	KUNIT_EXPECT_FALSE(test, tapi_evq_readable(q));
	KUNIT_EXPECT_EQ(test, tapi_evq_peek(q, out, 4), 0U);
}

static void evq_peek_does_not_consume(struct kunit *test)
{
	struct tapi_evq *q = test->priv;
	struct tapi_event out[4];

	push_range(q, 0, 4);
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 2), 2U);
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 4U);
	KUNIT_EXPECT_EQ(test, out[0].seq, 0ULL);
	tapi_evq_consume(q, 1);
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 3U);
	KUNIT_EXPECT_EQ(test, out[0].seq, 1ULL);
	/* Consuming more than is queued empties the queue and no more. */
	tapi_evq_consume(q, 100);
	KUNIT_EXPECT_FALSE(test, tapi_evq_readable(q));
}

static void evq_overflow_record_sits_where_loss_was(struct kunit *test)
{
	struct tapi_evq *q = test->priv;
	struct tapi_event out[4];

	push_range(q, 0, 6);		/* 4 fit, 4 and 5 are lost */
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 4U);
	KUNIT_EXPECT_EQ(test, out[3].seq, 3ULL);
	tapi_evq_consume(q, 2);
	push_range(q, 6, 7);		/* room now: record, then event 6 */
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 4U);
	KUNIT_EXPECT_EQ(test, out[0].seq, 2ULL);
	KUNIT_EXPECT_EQ(test, out[1].seq, 3ULL);
	KUNIT_EXPECT_EQ(test, out[2].type, (u32)TAPI_EVENT_OVERFLOW);
	KUNIT_EXPECT_EQ(test, out[2].seq, 4ULL);
	KUNIT_EXPECT_EQ(test, out[2].param[0], 2U);
	KUNIT_EXPECT_EQ(test, out[2].param[1], 0U);
	KUNIT_EXPECT_EQ(test, out[2].timestamp_ns, 1004ULL);
	KUNIT_EXPECT_EQ(test, out[3].type, (u32)TAPI_EVENT_RING);
	KUNIT_EXPECT_EQ(test, out[3].seq, 6ULL);
}

static void evq_overflow_reported_when_drained(struct kunit *test)
{
	struct tapi_evq *q = test->priv;
	struct tapi_event out[4];

	push_range(q, 0, 1004);
	tapi_evq_consume(q, 4);
	/* No new event arrived, yet the reader must learn of the loss. */
	KUNIT_EXPECT_TRUE(test, tapi_evq_readable(q));
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 1U);
	KUNIT_EXPECT_EQ(test, out[0].type, (u32)TAPI_EVENT_OVERFLOW);
	KUNIT_EXPECT_EQ(test, out[0].seq, 4ULL);
	KUNIT_EXPECT_EQ(test, out[0].param[0], 1000U);
	/* Peeking twice must not make a second record. */
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 1U);
	tapi_evq_consume(q, 1);
	KUNIT_EXPECT_FALSE(test, tapi_evq_readable(q));
}

static void evq_overflow_record_can_fill_last_slot(struct kunit *test)
{
	struct tapi_evq *q = test->priv;
	struct tapi_event out[4];

	push_range(q, 0, 5);		/* 4 queued, 4 lost */
	tapi_evq_consume(q, 1);
	push_range(q, 5, 6);		/* record takes the slot, 5 is lost */
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 4U);
	KUNIT_EXPECT_EQ(test, out[3].type, (u32)TAPI_EVENT_OVERFLOW);
	KUNIT_EXPECT_EQ(test, out[3].param[0], 1U);
	tapi_evq_consume(q, 4);
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(q, out, 4), 1U);
	KUNIT_EXPECT_EQ(test, out[0].type, (u32)TAPI_EVENT_OVERFLOW);
	KUNIT_EXPECT_EQ(test, out[0].seq, 5ULL);
	KUNIT_EXPECT_EQ(test, out[0].param[0], 1U);
}

static struct kunit_case evq_cases[] = {
	KUNIT_CASE(evq_size_is_rounded_and_bounded),
	KUNIT_CASE(evq_fifo_order),
	KUNIT_CASE(evq_peek_does_not_consume),
	KUNIT_CASE(evq_overflow_record_sits_where_loss_was),
	KUNIT_CASE(evq_overflow_reported_when_drained),
	KUNIT_CASE(evq_overflow_record_can_fill_last_slot),
	{}
};

static struct kunit_suite evq_suite = {
	.name = "tapi_evq",
	.init = evq_init,
	.exit = evq_exit,
	.test_cases = evq_cases,
};

static const struct tapi_line_desc good_desc = {
	.driver = "tapi_kunit",
	.name = "KUnit line",
	.address = "555",
	.line_type = TAPI_LINE_TYPE_TRUNK,
	.caps = TAPI_LINE_CAP_RING_EVENTS,
};

static void line_register_rejects_bad_desc(struct kunit *test)
{
	struct tapi_line_desc d = good_desc;
	char longname[TAPI_NAME_LEN + 1];

	KUNIT_EXPECT_EQ(test, PTR_ERR(tapi_line_register(NULL)), -EINVAL);
	d.driver = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(tapi_line_register(&d)), -EINVAL);
	d = good_desc;
	d.driver = "";
	KUNIT_EXPECT_EQ(test, PTR_ERR(tapi_line_register(&d)), -EINVAL);
	d = good_desc;
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	d.name = longname;
	KUNIT_EXPECT_EQ(test, PTR_ERR(tapi_line_register(&d)), -EINVAL);
	d = good_desc;
	d.line_type = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(tapi_line_register(&d)), -EINVAL);
	d.line_type = 3;
	KUNIT_EXPECT_EQ(test, PTR_ERR(tapi_line_register(&d)), -EINVAL);
}

static void line_ids_are_unique_and_reused(struct kunit *test)
{
	struct tapi_line *a, *b, *c;
	char name[16];
	unsigned int id_a;

	a = tapi_line_register(&good_desc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	b = tapi_line_register(&good_desc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	id_a = tapi_line_id(a);
	KUNIT_EXPECT_NE(test, id_a, tapi_line_id(b));
	snprintf(name, sizeof(name), "tapi%u", id_a);
	KUNIT_EXPECT_STREQ(test, dev_name(&a->tdev.dev), name);
	tapi_line_unregister(a);
	c = tapi_line_register(&good_desc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	KUNIT_EXPECT_EQ(test, tapi_line_id(c), id_a);
	tapi_line_unregister(b);
	tapi_line_unregister(c);
}

static void line_report_fans_out_in_order(struct kunit *test)
{
	struct tapi_line *line = tapi_line_register(&good_desc);
	struct tapi_line_file *f1, *f2;
	struct tapi_event e1[2], e2[2];
	u32 p[2] = { 7, 8 };

	KUNIT_ASSERT_FALSE(test, IS_ERR(line));
	tapi_line_report(line, TAPI_EVENT_RING, 0, p, 1);  /* nobody listens */
	f1 = tapi_line_file_open(line);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f1));
	f2 = tapi_line_file_open(line);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f2));
	KUNIT_EXPECT_FALSE(test, tapi_fh_readable(&f1->fh));

	tapi_line_report(line, TAPI_EVENT_RING, 3, p, 2);
	tapi_line_report(line, TAPI_EVENT_RING, 4, NULL, 0);
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(&f1->fh.events, e1, 2), 2U);
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(&f2->fh.events, e2, 2), 2U);
	/* each file counts its own events */
	KUNIT_EXPECT_EQ(test, e1[0].seq, 0ULL);
	KUNIT_EXPECT_EQ(test, e1[1].seq, 1ULL);
	KUNIT_EXPECT_EQ(test, e1[0].call_id, 3U);
	KUNIT_EXPECT_EQ(test, e1[0].param[1], 8U);
	KUNIT_EXPECT_EQ(test, e1[1].param[0], 0U);
	KUNIT_EXPECT_LE(test, e1[0].timestamp_ns, e1[1].timestamp_ns);
	KUNIT_EXPECT_EQ(test, memcmp(e1, e2, sizeof(e1)), 0);

	tapi_fh_close(&f2->fh);
	tapi_line_unregister(line);
	/* An open file outlives its line: it sees it dead, and its events. */
	KUNIT_EXPECT_TRUE(test, tapi_fh_readable(&f1->fh));
	KUNIT_EXPECT_PTR_EQ(test, tapi_line_file_open(line), ERR_PTR(-ENODEV));
	tapi_fh_close(&f1->fh);
}

static struct kunit_case line_cases[] = {
	KUNIT_CASE(line_register_rejects_bad_desc),
	KUNIT_CASE(line_ids_are_unique_and_reused),
	KUNIT_CASE(line_report_fans_out_in_order),
	{}
};

static struct kunit_suite line_suite = {
	.name = "tapi_line",
	.test_cases = line_cases,
};

kunit_test_suites(&evq_suite, &line_suite);

TAPI_IMPORT_KUNIT_NS();
MODULE_IMPORT_NS(TAPI_NS);
MODULE_DESCRIPTION("KUnit tests for tapi.ko");
MODULE_LICENSE("GPL");
