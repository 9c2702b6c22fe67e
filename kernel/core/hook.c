// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loop signalling: a telephone's hook switch and dial pulses.
 *
 * Receiving (a subscriber line's telephone): the driver reports the raw
 * loop, closed or broken, whenever it changes, from any context, and the
 * core times it: a break shorter than TAPI_HOOK_BOUNCE_MS is contact
 * bounce, up to TAPI_HOOK_PULSE_MAX_MS a dial pulse, up to
 * TAPI_HOOK_FLASH_MAX_MS a hook flash, and longer the receiver going
 * on-hook. A pulse digit ends when the loop stays closed for
 * TAPI_HOOK_INTERDIGIT_MS. Timestamps, not the tick, measure the breaks,
 * so a 1 ms tick or a slow timer does not round them; the tick only runs
 * the timeouts (on-hook, end of digit), which need no better than 1 ms.
 * This is the lesson of OpenWrt's HZ=100 hook timers (telephony-facts.md).
 *
 * Sending (a trunk line dialing pulses): the generator steps once per tick
 * and the tick asks the driver to break or close the loop when its state
 * changes (audio.c runs it next to the DTMF generator).
 *
 * The receiver is exported too: a driver that plays the exchange (tapi_sim)
 * decodes the pulses its lines send with the same timing rules.
 */
#include <linux/export.h>
#include <linux/ktime.h>
#include <linux/string.h>

#include "tapi_core.h"

#define MS	NSEC_PER_MSEC

/**
 * tapi_hook_rx_init() - start a loop receiver
 * @h: the receiver
 * @closed: whether the loop is closed (off-hook) now
 * @now: the time, ktime_get_ns()
 */
void tapi_hook_rx_init(struct tapi_hook_rx *h, bool closed, u64 now)
{
	memset(h, 0, sizeof(*h));
	h->raw = closed;
	h->off = closed;
	h->break_ns = now;
	h->make_ns = now;
}
EXPORT_SYMBOL_NS_GPL(tapi_hook_rx_init, TAPI_NS);

/**
 * tapi_hook_rx_change() - the loop changed
 * @h: the receiver
 * @closed: its new state: true closed (off-hook), false broken
 * @now: when, ktime_get_ns()
 * @ev: out: what it means, when the return value is 1
 *
 * Return: 1 when @ev says something happened, else 0.
 */
unsigned int tapi_hook_rx_change(struct tapi_hook_rx *h, bool closed, u64 now,
				 struct tapi_hook_ev *ev)
{
	u64 dur;

	if (closed == h->raw)
		return 0;
	h->raw = closed;
	if (!closed) {
		h->break_ns = now;
		return 0;
	}
	dur = now - h->break_ns;
	if (!h->off) {
		h->off = true;
		h->pulses = 0;
		h->make_ns = now;
		ev->what = TAPI_HOOK_OFFHOOK;
		ev->arg = 0;
		return 1;
	}
	if (dur < TAPI_HOOK_BOUNCE_MS * MS)
		return 0;	/* the make goes on: make_ns stays */
	h->make_ns = now;
	if (dur <= TAPI_HOOK_PULSE_MAX_MS * MS) {
		if (h->pulses < U8_MAX)
			h->pulses++;
		return 0;
	}
	/* a flash voids a digit being dialed */
	h->pulses = 0;
	ev->what = TAPI_HOOK_FLASH;
	ev->arg = div_u64(dur, MS);
	return 1;
}
EXPORT_SYMBOL_NS_GPL(tapi_hook_rx_change, TAPI_NS);

/**
 * tapi_hook_rx_poll() - run the receiver's timeouts
 * @h: the receiver
 * @now: the time, ktime_get_ns()
 * @ev: out: what happened, when the return value is 1
 *
 * Call at least every few milliseconds while tapi_hook_rx_busy().
 * A digit of more than ten pulses is no digit and is dropped.
 *
 * Return: 1 when @ev says something happened (TAPI_HOOK_ONHOOK, or
 * TAPI_HOOK_DIGIT with the digit in @ev->arg), else 0.
 */
unsigned int tapi_hook_rx_poll(struct tapi_hook_rx *h, u64 now, struct tapi_hook_ev *ev)
{
	if (!h->off)
		return 0;
	if (!h->raw && now - h->break_ns > TAPI_HOOK_FLASH_MAX_MS * MS) {
		h->off = false;
		h->pulses = 0;
		ev->what = TAPI_HOOK_ONHOOK;
		ev->arg = 0;
		return 1;
	}
	if (h->raw && h->pulses && now - h->make_ns >= TAPI_HOOK_INTERDIGIT_MS * MS) {
		unsigned int n = h->pulses;

		h->pulses = 0;
		if (n > 10)
			return 0;
		ev->what = TAPI_HOOK_DIGIT;
		ev->arg = n == 10 ? '0' : '0' + n;
		return 1;
	}
	return 0;
}
EXPORT_SYMBOL_NS_GPL(tapi_hook_rx_poll, TAPI_NS);

/**
 * tapi_hook_rx_busy() - whether tapi_hook_rx_poll() has a timeout to run
 * @h: the receiver
 *
 * Return: true while the telephone is off-hook and its loop is open (a
 * flash, a pulse or the hang-up still to decide) or a digit's pulses are
 * being counted.
 */
bool tapi_hook_rx_busy(const struct tapi_hook_rx *h)
{
	return h->off && (!h->raw || h->pulses);
}
EXPORT_SYMBOL_NS_GPL(tapi_hook_rx_busy, TAPI_NS);

/*
 * Pulse generation: @digits ('0'-'9') as breaks of TAPI_PULSE_BREAK_MS and
 * makes of TAPI_PULSE_MAKE_MS, @gap_ms of closed loop after each digit.
 * Returns false when a digit is not a decimal one.
 */
bool tapi_pulse_tx_init(struct tapi_pulse_tx *p, const char *digits, u32 gap_ms)
{
	size_t i, len = strnlen(digits, sizeof(p->digits));

	if (!len || len >= sizeof(p->digits))
		return false;
	for (i = 0; i < len; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return false;
	memset(p, 0, sizeof(*p));
	memcpy(p->digits, digits, len);
	p->gap_ms = gap_ms;
	p->pulses = digits[0] == '0' ? 10 : digits[0] - '0';
	p->broken = true;
	p->left_ms = TAPI_PULSE_BREAK_MS;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_pulse_tx_init);

/*
 * One millisecond of pulse dialing: afterwards @p->broken says how the loop
 * must be during it. Returns false, once every digit and its gap have been
 * sent, instead of a millisecond.
 */
bool tapi_pulse_tx_step(struct tapi_pulse_tx *p)
{
	if (p->done)
		return false;
	if (!p->left_ms) {
		if (p->broken) {
			p->broken = false;
			/* the last pulse's make is part of the gap after the digit */
			p->left_ms = --p->pulses ? TAPI_PULSE_MAKE_MS : p->gap_ms;
		} else {
			if (!p->pulses) {
				/* the gap is over: the next digit, if any */
				if (!p->digits[++p->idx]) {
					p->done = true;
					return false;
				}
				p->pulses = p->digits[p->idx] == '0' ? 10 :
					    p->digits[p->idx] - '0';
			}
			p->broken = true;
			p->left_ms = TAPI_PULSE_BREAK_MS;
		}
	}
	p->left_ms--;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_pulse_tx_step);

/* Tell the files of a hook event, and pulse digits to monitors and gatherers. */
static void tapi_hook_event(struct tapi_line *line, const struct tapi_hook_ev *ev, u64 now)
{
	if (ev->what == TAPI_HOOK_DIGIT) {
		struct tapi_hook_rx *h = &line->hook;
		u32 p[4] = {
			ev->arg, TAPI_DIGIT_PULSE, TAPI_DIGIT_END,
			(u32)div_u64(now - h->make_ns, NSEC_PER_USEC),
		};

		if (!(line->caps & TAPI_LINE_CAP_PULSE_DETECT))
			return;
		tapi_digit_report(line, p);
		tapi_gather_digit(line, ev->arg, TAPI_DIGIT_PULSE);
	} else {
		u32 p[2] = { ev->what, ev->arg };

		tapi_line_report(line, TAPI_EVENT_HOOK, 0, p, ARRAY_SIZE(p));
	}
}

/**
 * tapi_line_hook() - the far end's loop changed
 * @line: a line registered with TAPI_LINE_CAP_HOOK_EVENTS
 * @closed: true: the loop is closed (off-hook), false: broken
 *
 * Report every change as it happens; the core does the timing (dial
 * pulses, flash, on-hook) and tells the files.
 *
 * Context: any, interrupt handlers included; never sleeps. Not from a
 * context that stays atomic on PREEMPT_RT (a HRTIMER_MODE_*_HARD callback,
 * under a raw spinlock): the core takes ordinary spinlocks.
 */
void tapi_line_hook(struct tapi_line *line, bool closed)
{
	struct tapi_hook_ev ev;
	unsigned long flags;
	u64 now;

	if (WARN_ON_ONCE(!(line->caps & TAPI_LINE_CAP_HOOK_EVENTS)))
		return;
	spin_lock_irqsave(&line->hook_lock, flags);
	now = ktime_get_ns();
	/* the digit the change ends is due first */
	if (tapi_hook_rx_poll(&line->hook, now, &ev))
		tapi_hook_event(line, &ev, now);
	if (tapi_hook_rx_change(&line->hook, closed, now, &ev))
		tapi_hook_event(line, &ev, now);
	WRITE_ONCE(line->hook_busy, tapi_hook_rx_busy(&line->hook));
	WRITE_ONCE(line->hook_off, line->hook.off);
	spin_unlock_irqrestore(&line->hook_lock, flags);
}
EXPORT_SYMBOL_NS_GPL(tapi_line_hook, TAPI_NS);

/* The tick: on-hook and end-of-digit timeouts. */
void tapi_hook_tick(struct tapi_line *line)
{
	struct tapi_hook_ev ev;
	unsigned long flags;
	u64 now;

	if (!READ_ONCE(line->hook_busy))
		return;
	spin_lock_irqsave(&line->hook_lock, flags);
	now = ktime_get_ns();
	if (tapi_hook_rx_poll(&line->hook, now, &ev))
		tapi_hook_event(line, &ev, now);
	WRITE_ONCE(line->hook_busy, tapi_hook_rx_busy(&line->hook));
	WRITE_ONCE(line->hook_off, line->hook.off);
	spin_unlock_irqrestore(&line->hook_lock, flags);
}
