// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a line tells its open files about itself: the driver's events
 * (tapi_line_report()) and the line's state changes (TAPI_EVENT_LINE_STATE
 * records, for the files that asked with TAPI_IOC_SET_STATUS_EVENTS).
 */
#include <linux/export.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>

#include "tapi_core.h"

/*
 * Tell the open files that asked (all, for REMOVED) that the line changed:
 * a TAPI_EVENT_LINE_STATE record of @what, with the number of open files
 * for OPEN and CLOSE.
 */
void tapi_line_state_locked(struct tapi_line *line, u32 what)
{
	struct tapi_event ev = {
		.type = TAPI_EVENT_LINE_STATE,
		.timestamp_ns = ktime_get_ns(),
		.param = { what },
	};
	struct tapi_line_file *tf;

	lockdep_assert_held(&line->tdev.lock);
	if (what == TAPI_LINESTATE_OPEN || what == TAPI_LINESTATE_CLOSE)
		ev.param[1] = line->tdev.nfiles;
	tapi_for_each_line_file(tf, line)
		if ((tf->line_states & what) || what == TAPI_LINESTATE_REMOVED)
			tapi_fh_push(&tf->fh, &ev);
}

/**
 * tapi_line_set_in_service() - the line can (or cannot) carry calls now
 * @line: the line
 * @in_service: false when the driver knows the line is out of order (no
 *	battery on a trunk, a cable pulled), true when it works again
 *
 * Files see TAPI_EVENT_LINE_STATE (TAPI_LINESTATE_INSERVICE or
 * _OUTOFSERVICE) and TAPI_IOC_LINE_STATUS says so. Lines start in service.
 *
 * Context: any; never sleeps.
 */
void tapi_line_set_in_service(struct tapi_line *line, bool in_service)
{
	unsigned long flags;

	spin_lock_irqsave(&line->tdev.lock, flags);
	if (!line->tdev.dead && line->out_of_service == in_service) {
		line->out_of_service = !in_service;
		tapi_line_state_locked(line, in_service ? TAPI_LINESTATE_INSERVICE :
				       TAPI_LINESTATE_OUTOFSERVICE);
	}
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	wake_up_interruptible(&line->tdev.wait);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_set_in_service, TAPI_NS);

/**
 * tapi_line_report() - queue an event for every open file of a line
 * @line: the line
 * @type: TAPI_EVENT_*
 * @call_id: the call the event is about, or 0
 * @param: up to four parameters (may be NULL when @nparam is 0)
 * @nparam: number of parameters
 *
 * The core stamps the event with the time and each file's next sequence
 * number, under the lock, so both increase together.
 *
 * Context: any, interrupt handlers included; never sleeps. Not from a
 * context that stays atomic on PREEMPT_RT (a HRTIMER_MODE_*_HARD callback,
 * under a raw spinlock): the core takes ordinary spinlocks.
 */
void tapi_line_report(struct tapi_line *line, u32 type, u32 call_id,
		      const u32 *param, unsigned int nparam)
{
	struct tapi_event ev = { .type = type, .call_id = call_id };
	struct tapi_line_file *tf;
	unsigned long flags;

	if (WARN_ON_ONCE(nparam > ARRAY_SIZE(ev.param)))
		nparam = ARRAY_SIZE(ev.param);
	if (nparam)
		memcpy(ev.param, param, nparam * sizeof(*param));

	spin_lock_irqsave(&line->tdev.lock, flags);
	if (!line->tdev.dead) {
		ev.timestamp_ns = ktime_get_ns();
		if (type == TAPI_EVENT_RING)
			line->rings = ev.param[0];
		tapi_for_each_line_file(tf, line)
			tapi_fh_push(&tf->fh, &ev);
	}
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	wake_up_interruptible(&line->tdev.wait);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_report, TAPI_NS);
