// SPDX-License-Identifier: GPL-2.0-only
/*
 * Digits heard on a line: which files are told of them (TAPI's
 * lineMonitorDigits), and digit gathering.
 *
 * Monitoring: each file chooses digit starts and/or ends (all by default),
 * for the line or for a call, whose ID its digit events then carry.
 *
 * Gathering (TAPI's lineGatherDigits): an open file asks to collect
 * the digits its line hears until a buffer fills, a terminating digit
 * comes, or a first-digit or inter-digit timeout passes. Each file has one
 * request at a time; the core's DTMF detector feeds every request at the
 * tick, and timeouts run on the line's sample clock, so they agree with the
 * digits' own timing.
 *
 * Locking: a file's monitoring modes, its request and result, and
 * line->gathering (how many requests are active, so an idle line's tick
 * skips the lock), are under line->tdev.lock.
 */
#include <linux/ctype.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "tapi_core.h"

#define TAPI_DTMF_DIGITS	"0123456789*#ABCD"

/*
 * A request times out at line sample @deadline (0: never): the tick looks
 * at the files no sooner than the earliest. Holds line->tdev.lock.
 */
static void tapi_gather_due(struct tapi_line *line, u64 deadline)
{
	lockdep_assert_held(&line->tdev.lock);
	if (deadline && deadline < line->gather_due)
		WRITE_ONCE(line->gather_due, deadline);
}

/* End @tf's request: keep the result, tell the file. Holds line->tdev.lock. */
static void tapi_gather_end(struct tapi_line *line, struct tapi_line_file *tf, u32 reason)
{
	struct tapi_gather *g = &tf->gather;
	struct tapi_event ev = {
		.type = TAPI_EVENT_GATHER,
		.call_id = g->call_id,
		.timestamp_ns = ktime_get_ns(),
		.param = { reason, g->n, g->tag },
	};

	lockdep_assert_held(&line->tdev.lock);
	memset(&g->result, 0, sizeof(g->result));
	g->result.tag = g->tag;
	g->result.reason = reason;
	g->result.count = g->n;
	memcpy(g->result.digits, g->buf, g->n);
	g->have_result = true;
	g->active = false;
	line->gathering--;
	tapi_fh_push(&tf->fh, &ev);
}

static bool tapi_gather_valid(struct tapi_gather_digits *req)
{
	size_t len = strnlen(req->term_digits, sizeof(req->term_digits));
	size_t i;

	if (len == sizeof(req->term_digits) ||
	    memchr_inv(req->reserved, 0, sizeof(req->reserved)))
		return false;
	/* cancelling: every other field must be zero, to mean something later */
	if (!req->max_digits)
		return !req->mode && !req->first_ms && !req->inter_ms && !req->tag &&
		       !memchr_inv(req->term_digits, 0, sizeof(req->term_digits));
	if (!req->mode || (req->mode & ~(TAPI_DIGIT_DTMF | TAPI_DIGIT_PULSE)) ||
	    req->max_digits > TAPI_GATHER_MAX_DIGITS ||
	    req->first_ms > TAPI_GATHER_MAX_MS || req->inter_ms > TAPI_GATHER_MAX_MS)
		return false;
	for (i = 0; i < len; i++) {
		req->term_digits[i] = toupper(req->term_digits[i]);
		if (!strchr(TAPI_DTMF_DIGITS, req->term_digits[i]))
			return false;
	}
	return true;
}

static long tapi_gather_start(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_gather *g = &tf->gather;
	struct tapi_gather_digits req;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!tapi_gather_valid(&req))
		return -EINVAL;
	if (((req.mode & TAPI_DIGIT_DTMF) && !(line->caps & TAPI_LINE_CAP_DTMF_DETECT)) ||
	    ((req.mode & TAPI_DIGIT_PULSE) && !(line->caps & TAPI_LINE_CAP_PULSE_DETECT)))
		return -EOPNOTSUPP;

	spin_lock_irq(&line->tdev.lock);
	if (!tapi_call_known_locked(tf, req.call_id)) {
		ret = -ENOENT;
		goto out;
	}
	if (g->active)
		tapi_gather_end(line, tf, TAPI_GATHER_CANCEL);
	if (!req.max_digits)
		goto out;
	g->active = true;
	g->call_id = req.call_id;
	g->max = req.max_digits;
	g->tag = req.tag;
	g->modes = req.mode;
	g->inter_samples = (u64)req.inter_ms * 8;
	g->deadline = req.first_ms ?
		      READ_ONCE(line->samples) + (u64)req.first_ms * 8 : 0;
	tapi_gather_due(line, g->deadline);
	g->timeout_reason = TAPI_GATHER_FIRSTTIMEOUT;
	g->n = 0;
	memset(g->buf, 0, sizeof(g->buf));
	strscpy(g->term, req.term_digits, sizeof(g->term));
	line->gathering++;
out:
	spin_unlock_irq(&line->tdev.lock);
	wake_up_interruptible(&line->tdev.wait);
	return ret;
}

static long tapi_gather_get_result(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_gather_result res;

	if (copy_from_user(&res, argp, sizeof(res)))
		return -EFAULT;
	if (memchr_inv(res.reserved, 0, sizeof(res.reserved)))
		return -EINVAL;
	spin_lock_irq(&line->tdev.lock);
	if (!tf->gather.have_result) {
		spin_unlock_irq(&line->tdev.lock);
		return -ENODATA;
	}
	res = tf->gather.result;
	spin_unlock_irq(&line->tdev.lock);
	return copy_to_user(argp, &res, sizeof(res)) ? -EFAULT : 0;
}

long tapi_gather_ioctl(struct tapi_line_file *tf, unsigned int cmd, void __user *argp)
{
	if (cmd == TAPI_IOC_GATHER_DIGITS)
		return tapi_gather_start(tf, argp);
	return tapi_gather_get_result(tf, argp);
}

long tapi_monitor_digits(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_monitor_digits req;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (memchr_inv(req.reserved, 0, sizeof(req.reserved)) ||
	    (req.modes & ~(TAPI_DIGITMODE_PULSE | TAPI_DIGITMODE_DTMF |
			   TAPI_DIGITMODE_DTMFEND)))
		return -EINVAL;
	/* a line that cannot detect a kind of digit says so in its caps */
	if (((req.modes & TAPI_DIGITMODE_PULSE) &&
	     !(line->caps & TAPI_LINE_CAP_PULSE_DETECT)) ||
	    ((req.modes & (TAPI_DIGITMODE_DTMF | TAPI_DIGITMODE_DTMFEND)) &&
	     !(line->caps & TAPI_LINE_CAP_DTMF_DETECT)))
		return -EOPNOTSUPP;
	spin_lock_irq(&line->tdev.lock);
	if (tapi_call_known_locked(tf, req.call_id)) {
		tf->digit_modes = req.modes;
		tf->digit_call = req.call_id;
	} else {
		ret = -ENOENT;
	}
	spin_unlock_irq(&line->tdev.lock);
	return ret;
}

/*
 * Tell the files that monitor it of a digit's start or end. @p is the
 * event's parameters. Any context.
 */
void tapi_digit_report(struct tapi_line *line, const u32 *p)
{
	u32 mode = p[1] == TAPI_DIGIT_PULSE ? TAPI_DIGITMODE_PULSE :
		   p[2] == TAPI_DIGIT_END ? TAPI_DIGITMODE_DTMFEND : TAPI_DIGITMODE_DTMF;
	struct tapi_event ev = { .type = TAPI_EVENT_DIGIT };
	struct tapi_line_file *tf;
	unsigned long flags;

	memcpy(ev.param, p, 4 * sizeof(*p));
	spin_lock_irqsave(&line->tdev.lock, flags);
	if (!line->tdev.dead) {
		ev.timestamp_ns = ktime_get_ns();
		tapi_for_each_line_file(tf, line) {
			if (!(tf->digit_modes & mode))
				continue;
			ev.call_id = tf->digit_call;
			tapi_fh_push(&tf->fh, &ev);
		}
	}
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	wake_up_interruptible(&line->tdev.wait);
}

/*
 * The line heard @digit (a DTMF digit begin, or a pulse digit, @how
 * TAPI_DIGIT_*). Any context: the tick, or a driver's hook report.
 */
void tapi_gather_digit(struct tapi_line *line, char digit, u32 how)
{
	struct tapi_line_file *tf;
	unsigned long flags;

	if (!READ_ONCE(line->gathering))
		return;
	spin_lock_irqsave(&line->tdev.lock, flags);
	tapi_for_each_line_file(tf, line) {
		struct tapi_gather *g = &tf->gather;

		if (!g->active || !(g->modes & how))
			continue;
		g->buf[g->n++] = digit;
		if (strchr(g->term, digit)) {
			tapi_gather_end(line, tf, TAPI_GATHER_TERMDIGIT);
		} else if (g->n == g->max) {
			tapi_gather_end(line, tf, TAPI_GATHER_BUFFERFULL);
		} else {
			g->deadline = g->inter_samples ?
				      READ_ONCE(line->samples) + g->inter_samples : 0;
			g->timeout_reason = TAPI_GATHER_INTERTIMEOUT;
			tapi_gather_due(line, g->deadline);
		}
	}
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	wake_up_interruptible(&line->tdev.wait);
}

/* Timeouts, once a tick, after the line's sample count advanced. */
void tapi_gather_tick(struct tapi_line *line)
{
	struct tapi_line_file *tf;
	unsigned long flags;
	bool ended = false;

	/* the files are looked at only when the earliest timeout is due */
	if (!READ_ONCE(line->gathering) || line->samples < READ_ONCE(line->gather_due))
		return;
	spin_lock_irqsave(&line->tdev.lock, flags);
	line->gather_due = U64_MAX;
	tapi_for_each_line_file(tf, line) {
		struct tapi_gather *g = &tf->gather;

		if (g->active && g->deadline && line->samples >= g->deadline) {
			tapi_gather_end(line, tf, g->timeout_reason);
			ended = true;
		} else if (g->active) {
			tapi_gather_due(line, g->deadline);
		}
	}
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	if (ended)
		wake_up_interruptible(&line->tdev.wait);
}

/* Call @call_id ended: monitoring and requests on it end too. Holds line->tdev.lock. */
void tapi_gather_call_ended(struct tapi_line *line, u32 call_id)
{
	struct tapi_line_file *tf;

	lockdep_assert_held(&line->tdev.lock);
	tapi_for_each_line_file(tf, line) {
		if (tf->digit_modes && tf->digit_call == call_id)
			tf->digit_modes = 0;
		if (tf->gather.active && tf->gather.call_id == call_id)
			tapi_gather_end(line, tf, TAPI_GATHER_LINEDROP);
	}
}

/* The file is closing: its request ends without an event. */
void tapi_gather_file_closed(struct tapi_line_file *tf)
{
	struct tapi_line *line = tf->line;

	spin_lock_irq(&line->tdev.lock);
	if (tf->gather.active) {
		tf->gather.active = false;
		line->gathering--;
	}
	spin_unlock_irq(&line->tdev.lock);
}

/**
 * tapi_line_digit() - a digit the driver heard itself
 * @line: a line registered with TAPI_LINE_CAP_DTMF_DETECT or
 *	_PULSE_DETECT for @how
 * @digit: '0'-'9', '*', '#' or 'A'-'D' ('0'-'9' for pulses)
 * @how: TAPI_DIGIT_DTMF or TAPI_DIGIT_PULSE
 * @edge: TAPI_DIGIT_START or TAPI_DIGIT_END; a pulse digit is reported
 *	once, with TAPI_DIGIT_END
 *
 * For drivers whose hardware detects digits (a modem's DLE codes, SIP's
 * telephone events); the core detects DTMF in a line's audio by itself.
 * Monitoring files are told, gathering counts the digit (a DTMF digit at
 * its start).
 *
 * Context: any; never sleeps.
 * Return: 0, or -EINVAL for a digit, @how or @edge that is not one, or a
 * kind of digit the line does not detect.
 */
int tapi_line_digit(struct tapi_line *line, char digit, u32 how, u32 edge)
{
	u32 p[4] = { (u8)digit, how, edge, 0 };
	bool dtmf = how == TAPI_DIGIT_DTMF;

	if (!digit || !strchr(dtmf ? "0123456789*#ABCD" : "0123456789", digit) ||
	    (!dtmf && (how != TAPI_DIGIT_PULSE || edge != TAPI_DIGIT_END)) ||
	    (edge != TAPI_DIGIT_START && edge != TAPI_DIGIT_END) ||
	    !(line->caps & (dtmf ? TAPI_LINE_CAP_DTMF_DETECT : TAPI_LINE_CAP_PULSE_DETECT)))
		return -EINVAL;
	tapi_digit_report(line, p);
	if (!dtmf || edge == TAPI_DIGIT_START)
		tapi_gather_digit(line, digit, how);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(tapi_line_digit, TAPI_NS);
