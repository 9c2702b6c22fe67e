// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for loop signalling (kernel/core/hook.c): the receiver's
 * timing rules on made-up timestamps, the pulse generator's schedule, the
 * two together, and a line's hook and line state events.
 */
#include <kunit/test.h>

#include "tapi_core.h"

#define MS	NSEC_PER_MSEC

struct rx_ctx {
	struct tapi_hook_rx h;
	u64 t;			/* now, in ns */
	struct tapi_hook_ev ev[32];
	unsigned int n;
};

/* Poll every ms up to @t, then change the loop at @t. */
static void rx_at(struct rx_ctx *c, u64 t, int closed)
{
	for (; c->t < t; c->t += MS)
		if (c->n < ARRAY_SIZE(c->ev))
			c->n += tapi_hook_rx_poll(&c->h, c->t, &c->ev[c->n]);
	c->t = t;
	if (closed >= 0 && c->n < ARRAY_SIZE(c->ev))
		c->n += tapi_hook_rx_change(&c->h, closed, t, &c->ev[c->n]);
}

/* A break of @ms starting at @t; the loop closes again after it. */
static u64 rx_break(struct rx_ctx *c, u64 t, unsigned int ms)
{
	rx_at(c, t, 0);
	rx_at(c, t + ms * MS, 1);
	return t + ms * MS;
}

static u64 rx_pulses(struct rx_ctx *c, u64 t, unsigned int n)
{
	while (n--) {
		t = rx_break(c, t, 60);
		if (n)
			t += 40 * MS;
	}
	return t;
}

static void hook_rx_times_pulses_flash_and_onhook(struct kunit *test)
{
	struct rx_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	u64 t;

	KUNIT_ASSERT_NOT_NULL(test, c);
	tapi_hook_rx_init(&c->h, false, 0);
	rx_at(c, 100 * MS, 1);
	KUNIT_ASSERT_EQ(test, c->n, 1U);
	KUNIT_EXPECT_EQ(test, c->ev[0].what, (u32)TAPI_HOOK_OFFHOOK);

	/* three pulses: a digit 250 ms after the last make, not before */
	t = rx_pulses(c, 1000 * MS, 3);
	rx_at(c, t + 249 * MS, -1);
	KUNIT_EXPECT_EQ(test, c->n, 1U);
	rx_at(c, t + 251 * MS, -1);
	KUNIT_ASSERT_EQ(test, c->n, 2U);
	KUNIT_EXPECT_EQ(test, c->ev[1].what, (u32)TAPI_HOOK_DIGIT);
	KUNIT_EXPECT_EQ(test, c->ev[1].arg, (u32)'3');

	/* ten pulses are a 0; a 5 ms bounce inside the gap changes nothing */
	t = rx_pulses(c, 2000 * MS, 10);
	rx_break(c, t + 100 * MS, 5);
	rx_at(c, t + 251 * MS, -1);
	KUNIT_ASSERT_EQ(test, c->n, 3U);
	KUNIT_EXPECT_EQ(test, c->ev[2].arg, (u32)'0');

	/* eleven pulses are no digit */
	t = rx_pulses(c, 5000 * MS, 11);
	rx_at(c, t + 400 * MS, -1);
	KUNIT_EXPECT_EQ(test, c->n, 3U);

	/* just over the pulse limit is a flash, with its length */
	t = rx_break(c, 7000 * MS, TAPI_HOOK_PULSE_MAX_MS + 1);
	KUNIT_ASSERT_EQ(test, c->n, 4U);
	KUNIT_EXPECT_EQ(test, c->ev[3].what, (u32)TAPI_HOOK_FLASH);
	KUNIT_EXPECT_EQ(test, c->ev[3].arg, (u32)TAPI_HOOK_PULSE_MAX_MS + 1);
	rx_break(c, 8000 * MS, 600);
	KUNIT_ASSERT_EQ(test, c->n, 5U);
	KUNIT_EXPECT_EQ(test, c->ev[4].arg, 600U);
	/* a pulse then a flash: the digit is void */
	t = rx_pulses(c, 9000 * MS, 2);
	rx_break(c, t + 40 * MS, 300);
	rx_at(c, t + 1000 * MS, -1);
	KUNIT_ASSERT_EQ(test, c->n, 6U);
	KUNIT_EXPECT_EQ(test, c->ev[5].what, (u32)TAPI_HOOK_FLASH);

	/* a break beyond the flash limit is on-hook, reported when it passes */
	rx_at(c, 11000 * MS, 0);
	rx_at(c, (11000 + TAPI_HOOK_FLASH_MAX_MS) * MS, -1);
	KUNIT_EXPECT_EQ(test, c->n, 6U);
	KUNIT_EXPECT_TRUE(test, tapi_hook_rx_busy(&c->h));
	rx_at(c, (11002 + TAPI_HOOK_FLASH_MAX_MS) * MS, -1);
	KUNIT_ASSERT_EQ(test, c->n, 7U);
	KUNIT_EXPECT_EQ(test, c->ev[6].what, (u32)TAPI_HOOK_ONHOOK);
	KUNIT_EXPECT_FALSE(test, tapi_hook_rx_busy(&c->h));
	/* pulses while on-hook are only the receiver going off-hook */
	rx_pulses(c, 14000 * MS, 2);
	KUNIT_ASSERT_EQ(test, c->n, 8U);
	KUNIT_EXPECT_EQ(test, c->ev[7].what, (u32)TAPI_HOOK_OFFHOOK);
}

static void pulse_tx_schedule_and_round_trip(struct kunit *test)
{
	struct rx_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct tapi_pulse_tx p;
	unsigned int ms = 0, breaks = 0, longest = 0, run = 0;
	bool was_broken = false;
	char got[8] = "";
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_FALSE(test, tapi_pulse_tx_init(&p, "", 700));
	KUNIT_EXPECT_FALSE(test, tapi_pulse_tx_init(&p, "1*", 700));
	KUNIT_EXPECT_FALSE(test, tapi_pulse_tx_init(&p, "A", 700));
	KUNIT_ASSERT_TRUE(test, tapi_pulse_tx_init(&p, "207", 700));

	tapi_hook_rx_init(&c->h, true, 0);
	while (tapi_pulse_tx_step(&p)) {
		bool brk = p.broken;

		ms++;
		if (brk != was_broken) {
			breaks += brk;
			rx_at(c, (u64)(ms - 1) * MS, !brk);
			run = 0;
		}
		run++;
		if (brk)
			longest = max(longest, run);
		was_broken = brk;
		KUNIT_ASSERT_LT(test, ms, 10000U);
	}
	rx_at(c, (u64)(ms + 300) * MS, -1);
	/* 2 + 10 + 7 breaks of 60 ms; 19 makes or gaps between and after */
	KUNIT_EXPECT_EQ(test, breaks, 19U);
	KUNIT_EXPECT_EQ(test, longest, (unsigned int)TAPI_PULSE_BREAK_MS);
	KUNIT_EXPECT_EQ(test, ms, 19U * TAPI_PULSE_BREAK_MS +
			16U * TAPI_PULSE_MAKE_MS + 3U * 700);
	for (i = 0; i < c->n && i < sizeof(got) - 1; i++)
		if (c->ev[i].what == TAPI_HOOK_DIGIT)
			got[strlen(got)] = c->ev[i].arg;
	KUNIT_EXPECT_STREQ(test, got, "207");
	KUNIT_EXPECT_FALSE(test, tapi_pulse_tx_step(&p));
}

static const struct tapi_line_desc hk_desc = {
	.driver = "tapi_kunit",
	.name = "KUnit line with a telephone",
	.address = "",
	.line_type = TAPI_LINE_TYPE_SUBSCRIBER,
	.caps = TAPI_LINE_CAP_HOOK_EVENTS,
};

static unsigned int hk_events(struct tapi_line_file *tf, struct tapi_event *ev, unsigned int max)
{
	unsigned int n;

	spin_lock_irq(&tf->line->tdev.lock);
	n = tapi_evq_peek(&tf->fh.events, ev, max);
	tapi_evq_consume(&tf->fh.events, n);
	spin_unlock_irq(&tf->line->tdev.lock);
	return n;
}

static void line_hook_and_state_events(struct kunit *test)
{
	struct tapi_line *line = tapi_line_register(&hk_desc);
	struct tapi_event ev[4];
	struct tapi_line_file *a, *b;

	KUNIT_ASSERT_FALSE(test, IS_ERR(line));
	/* without a tick, no pulse timing: the core does not claim it */
	KUNIT_EXPECT_FALSE(test, line->caps & TAPI_LINE_CAP_PULSE_DETECT);
	KUNIT_EXPECT_FALSE(test, line->caps & TAPI_LINE_CAP_PULSE_GENERATE);
	a = tapi_line_file_open(line);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	/* line states come to those that ask: a does, b does not */
	a->line_states = TAPI_LINESTATES;

	tapi_line_hook(line, true);
	tapi_line_hook(line, true);	/* no change, no event */
	KUNIT_ASSERT_EQ(test, hk_events(a, ev, 4), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].type, (u32)TAPI_EVENT_HOOK);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_HOOK_OFFHOOK);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(line->hook_off));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(line->hook_busy) == false);

	b = tapi_line_file_open(line);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	tapi_line_set_in_service(line, false);
	tapi_line_set_in_service(line, false);
	tapi_line_set_in_service(line, true);
	KUNIT_ASSERT_EQ(test, hk_events(b, ev, 4), 0U);
	tapi_fh_close(&b->fh);
	KUNIT_ASSERT_EQ(test, hk_events(a, ev, 4), 4U);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_LINESTATE_OPEN);
	KUNIT_EXPECT_EQ(test, ev[0].param[1], 2U);
	KUNIT_EXPECT_EQ(test, ev[1].param[0], (u32)TAPI_LINESTATE_OUTOFSERVICE);
	KUNIT_EXPECT_EQ(test, ev[2].param[0], (u32)TAPI_LINESTATE_INSERVICE);
	KUNIT_EXPECT_EQ(test, ev[3].type, (u32)TAPI_EVENT_LINE_STATE);
	KUNIT_EXPECT_EQ(test, ev[3].param[0], (u32)TAPI_LINESTATE_CLOSE);
	KUNIT_EXPECT_EQ(test, ev[3].param[1], 1U);

	tapi_line_unregister(line);
	KUNIT_ASSERT_EQ(test, hk_events(a, ev, 4), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_LINESTATE_REMOVED);
	tapi_fh_close(&a->fh);
}

static struct kunit_case hook_cases[] = {
	KUNIT_CASE(hook_rx_times_pulses_flash_and_onhook),
	KUNIT_CASE(pulse_tx_schedule_and_round_trip),
	KUNIT_CASE(line_hook_and_state_events),
	{}
};

static struct kunit_suite hook_suite = {
	.name = "tapi_hook",
	.test_cases = hook_cases,
};

kunit_test_suite(hook_suite);
