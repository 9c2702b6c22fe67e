// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 1 ms sample clock. One hrtimer drives every line that has audio, so
 * lines advance together and bridges mix without drift. Each tick, every
 * line exchanges 8 samples with its driver and the DSP runs on them.
 *
 * The timer runs in softirq context (HRTIMER_MODE_ABS_SOFT): the work per
 * tick grows with the number of lines, too much for hard interrupts. When a
 * tick comes late, the missed ticks are run at once, so the number of
 * samples always matches the time that passed (dahdi_test measures this).
 * The clock keeps its own schedule (@next) rather than hrtimer_forward(),
 * which rounds the period up to the timer resolution: without high
 * resolution timers (highres=off, or no usable clocksource) that is a jiffy,
 * and the line would lose three samples in four at HZ=250. Catching up is
 * bounded so that a stalled machine does not spend seconds in softirq: time
 * beyond TAPI_CATCHUP_TICKS is skipped and counted as slipped.
 *
 * Locking: tapi_clock.lock (taken with bottom halves disabled outside the
 * tick) protects the list of ticking lines and the statistics. The tick
 * holds it while it runs the lines, so a line removed from the list is
 * never touched by a tick again. Nothing in the tick sleeps or allocates.
 */
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>

#include "tapi_core.h"

#define TAPI_TICK_NS	NSEC_PER_MSEC
/* the most one timer run catches up: one longest audio chunk */
#define TAPI_CATCHUP_TICKS	20

static struct tapi_clock {
	struct hrtimer timer;
	spinlock_t lock;	/* the lines list and the statistics */
	struct list_head lines;
	bool running;
	ktime_t next;		/* when the next tick is due, under lock */
	/* statistics, under lock */
	u64 ticks;		/* ticks run, missed ones included */
	u64 slipped;		/* ticks skipped: too late to catch up */
	u64 late;		/* timer runs that had to catch up */
	u64 max_late_ns;
	u64 busy_ns;		/* time spent running lines */
	u64 overran;		/* timer runs longer than the ticks they ran */
	u64 line_ticks;		/* line-ticks run, for the cost per line */
	u64 lag_ns;		/* how late the tick being run is */
} tapi_clock;

/**
 * tapi_tick_lag_ns() - how long after its due time the current tick runs
 *
 * For drivers' statistics: one subtraction per tick here spares every line
 * a clock read. Context: a line's tick operation only.
 *
 * Return: nanoseconds, 0 when it runs on time.
 */
u64 tapi_tick_lag_ns(void)
{
	return tapi_clock.lag_ns;
}
EXPORT_SYMBOL_NS_GPL(tapi_tick_lag_ns, TAPI_NS);

static enum hrtimer_restart tapi_clock_fn(struct hrtimer *t)
{
	struct tapi_clock *c = &tapi_clock;
	ktime_t now = ktime_get();
	struct tapi_line *line;
	u64 late_ns, start;
	unsigned int n;

	spin_lock(&c->lock);
	if (list_empty(&c->lines)) {
		c->running = false;
		spin_unlock(&c->lock);
		return HRTIMER_NORESTART;
	}
	late_ns = ktime_after(now, c->next) ? ktime_to_ns(ktime_sub(now, c->next)) : 0;
	if (late_ns >= TAPI_TICK_NS)
		c->late++;
	if (late_ns > c->max_late_ns)
		c->max_late_ns = late_ns;
	start = ktime_get_ns();
	/* one tick per period that passed: the sample count follows the time */
	for (n = 0; !ktime_after(c->next, now) && n < TAPI_CATCHUP_TICKS; n++) {
		c->lag_ns = ktime_to_ns(ktime_sub(now, c->next));
		list_for_each_entry(line, &c->lines, tick_node) {
			tapi_line_tick(line);
			c->line_ticks++;
		}
		c->ticks++;
		c->next = ktime_add_ns(c->next, TAPI_TICK_NS);
	}
	if (!ktime_after(c->next, now)) {
		u64 skip = div_u64(ktime_to_ns(ktime_sub(now, c->next)), TAPI_TICK_NS) + 1;

		c->slipped += skip;
		c->next = ktime_add_ns(c->next, skip * TAPI_TICK_NS);
	}
	/*
	 * A run that takes longer than the time its ticks stand for makes the
	 * clock late by itself, whatever the machine does: the lines cost
	 * more than the tick has.
	 */
	start = ktime_get_ns() - start;
	if (start > (u64)n * TAPI_TICK_NS)
		c->overran++;
	c->busy_ns += start;
	hrtimer_set_expires(t, c->next);
	spin_unlock(&c->lock);
	return HRTIMER_RESTART;
}

void tapi_clock_add(struct tapi_line *line)
{
	struct tapi_clock *c = &tapi_clock;
	bool start;

	ktime_t first;

	spin_lock_bh(&c->lock);
	list_add_tail(&line->tick_node, &c->lines);
	start = !c->running;
	c->running = true;
	if (start)
		c->next = ktime_add_ns(ktime_get(), TAPI_TICK_NS);
	first = c->next;
	spin_unlock_bh(&c->lock);
	if (start)
		hrtimer_start(&c->timer, first, HRTIMER_MODE_ABS_SOFT);
}

/* After this returns, no tick touches @line. */
void tapi_clock_remove(struct tapi_line *line)
{
	spin_lock_bh(&tapi_clock.lock);
	list_del_init(&line->tick_node);
	spin_unlock_bh(&tapi_clock.lock);
}

static int tapi_clock_show(struct seq_file *m, void *v)
{
	struct tapi_clock *c = &tapi_clock;
	u64 ticks, slipped, late, max_late, busy, line_ticks, overran, filters;

	spin_lock_bh(&c->lock);
	ticks = c->ticks;
	slipped = c->slipped;
	late = c->late;
	max_late = c->max_late_ns;
	busy = c->busy_ns;
	line_ticks = c->line_ticks;
	overran = c->overran;
	/* the tick counts them under this lock */
	filters = tapi_tonemon_filter_runs;
	spin_unlock_bh(&c->lock);

	seq_printf(m, "ticks %llu\n", ticks);
	seq_printf(m, "slipped %llu\n", slipped);
	seq_printf(m, "late_runs %llu\n", late);
	seq_printf(m, "max_late_ns %llu\n", max_late);
	seq_printf(m, "busy_ns %llu\n", busy);
	seq_printf(m, "line_ticks %llu\n", line_ticks);
	seq_printf(m, "overran %llu\n", overran);
	seq_printf(m, "tone_filter_runs %llu\n", filters);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tapi_clock);

void tapi_clock_init(struct dentry *debugfs_dir)
{
	spin_lock_init(&tapi_clock.lock);
	INIT_LIST_HEAD(&tapi_clock.lines);
	tapi_hrtimer_setup(&tapi_clock.timer, tapi_clock_fn, CLOCK_MONOTONIC,
			   HRTIMER_MODE_ABS_SOFT);
	debugfs_create_file("clock", 0444, debugfs_dir, NULL, &tapi_clock_fops);
}

void tapi_clock_exit(void)
{
	hrtimer_cancel(&tapi_clock.timer);
}
