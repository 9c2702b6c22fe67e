// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the 1 ms tick: a line with audio is ticked by the core's
 * clock about once a millisecond, in atomic context, and what it receives
 * goes through the DSP at the tick (DTMF detection, here).
 */
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>

#include "tapi_core.h"

static struct {
	atomic_t ticks;
	atomic_t sleepable;	/* ticks that ran where sleeping is allowed */
	spinlock_t lock;
	struct dsp_dtmf_tx far;	/* what the far end keys */
} tk;

static void tk_tick(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n)
{
	atomic_inc(&tk.ticks);
	if (preemptible())
		atomic_inc(&tk.sleepable);
	spin_lock(&tk.lock);
	dsp_dtmf_tx_generate(&tk.far, rx, n);
	spin_unlock(&tk.lock);
}

static const struct tapi_line_ops tk_ops = { .tick = tk_tick };

static const struct tapi_line_desc tk_desc = {
	.driver = "tapi_kunit",
	.name = "KUnit ticked line",
	.address = "",
	.line_type = TAPI_LINE_TYPE_TRUNK,
	.ops = &tk_ops,
};

static void tick_runs_every_ms_in_atomic_context(struct kunit *test)
{
	struct tapi_line *line;
	int ticks;

	atomic_set(&tk.ticks, 0);
	atomic_set(&tk.sleepable, 0);
	spin_lock_init(&tk.lock);
	dsp_dtmf_tx_init(&tk.far, -100, -100, 400, 400);
	line = tapi_line_register(&tk_desc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(line));
	KUNIT_EXPECT_TRUE(test, line->caps & TAPI_LINE_CAP_AUDIO);
	msleep(300);
	tapi_line_unregister(line);
	ticks = atomic_read(&tk.ticks);
	/* one a ms, caught up when late: generous bounds for a loaded VM */
	KUNIT_EXPECT_GE(test, ticks, 150);
	KUNIT_EXPECT_LE(test, ticks, 450);
	KUNIT_EXPECT_EQ(test, atomic_read(&tk.sleepable), 0);
	/* after unregistering, no more ticks */
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&tk.ticks), ticks);
}

static void tick_detects_far_end_digits(struct kunit *test)
{
	struct tapi_event ev[4];
	struct tapi_line *line;
	struct tapi_line_file *tf;
	unsigned int n = 0, k;

	spin_lock_init(&tk.lock);
	dsp_dtmf_tx_init(&tk.far, -100, -100, 400, 400);
	line = tapi_line_register(&tk_desc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(line));
	tf = tapi_line_file_open(line);
	KUNIT_ASSERT_FALSE(test, IS_ERR(tf));
	spin_lock_bh(&tk.lock);
	KUNIT_ASSERT_EQ(test, dsp_dtmf_tx_queue(&tk.far, "7"), 0);
	spin_unlock_bh(&tk.lock);
	/* 50 ms of tone and 50 of pause, detected at the tick */
	for (k = 0; k < 50 && n < 2; k++) {
		unsigned int got;

		msleep(20);
		spin_lock_irq(&line->tdev.lock);
		got = tapi_evq_peek(&tf->fh.events, ev + n, 2 - n);
		tapi_evq_consume(&tf->fh.events, got);
		spin_unlock_irq(&line->tdev.lock);
		n += got;
	}
	KUNIT_ASSERT_EQ(test, n, 2U);
	for (k = 0; k < 2; k++) {
		KUNIT_EXPECT_EQ(test, ev[k].type, (u32)TAPI_EVENT_DIGIT);
		KUNIT_EXPECT_EQ(test, ev[k].param[0], (u32)'7');
		KUNIT_EXPECT_EQ(test, ev[k].param[2], k ? (u32)TAPI_DIGIT_END : TAPI_DIGIT_START);
	}
	tapi_fh_close(&tf->fh);
	tapi_line_unregister(line);
}

static struct kunit_case tick_cases[] = {
	KUNIT_CASE_SLOW(tick_runs_every_ms_in_atomic_context),
	KUNIT_CASE_SLOW(tick_detects_far_end_digits),
	{}
};

static struct kunit_suite tick_suite = {
	.name = "tapi_tick",
	.test_cases = tick_cases,
};

kunit_test_suite(tick_suite);
