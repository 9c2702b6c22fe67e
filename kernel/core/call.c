// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calls: kernel objects that every process with the line open can share.
 *
 * A line has TAPI_MAX_CALLS call slots. A call has an ID (per line, never
 * 0, never reused: IDs only grow), TAPI's state with its detail, a media
 * mode, an origin and the parties' numbers. Each open file has, per slot,
 * its privilege on that call: none, monitor or owner. Events about a call go
 * only to the files with a privilege on it.
 *
 * Who gets what:
 *  - the file that makes a call owns it;
 *  - a new incoming call goes to the highest-priority file that asked to
 *    own its media mode (TAPI_IOC_SET_PRIVILEGES), the earliest of equals;
 *  - every file that asked to monitor sees every call;
 *  - only owners control a call; handoff and TAPI_IOC_SET_CALL_PRIVILEGE
 *    move ownership; a file that closes gives its calls up, and a call
 *    nobody owns any more is dropped, as TAPI does when its owner exits.
 *
 * The call ends in TAPI_CALL_IDLE: every file that knew it is told, and the
 * slot is free again. A disconnected call that nobody owns goes idle at
 * once, since nobody would drop it.
 *
 * Locking: line->tdev.lock (irqsave) guards the slots, every file's privileges
 * and the queues, so a state change and its events are one step, in order.
 * Drivers report from any context. line->tdev.ops_mutex serialises requests to
 * the driver's call operations (process context, line->tdev.lock not held, so
 * a driver may report from inside them) and, with line->tdev.dead, makes
 * unregistration wait for a request in progress: no operation reaches a
 * driver after tapi_line_unregister().
 */
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "tapi_core.h"
#include "tapi_driver.h"
#include "call.h"

/* TAPI's dialable characters; a string must end within its buffer. */
bool tapi_dial_string_valid(const char *s, size_t size, bool may_be_empty)
{
	size_t len = strnlen(s, size);

	if (len == size || (!len && !may_be_empty))
		return false;
	return strspn(s, "0123456789*#ABCDabcd,!PpTtWw@$;+") == len;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_dial_string_valid);

/* The files that hold call @slot with privilege @priv. Caller holds line->tdev.lock. */
unsigned int tapi_call_holders(struct tapi_line *line, int slot, u8 priv)
{
	struct tapi_line_file *tf;
	unsigned int n = 0;

	lockdep_assert_held(&line->tdev.lock);
	tapi_for_each_line_file(tf, line)
		n += tf->call_priv[slot] == priv;
	return n;
}

unsigned int tapi_call_owners(struct tapi_line *line, int slot)
{
	return tapi_call_holders(line, slot, TAPI_PRIV_OWNER);
}

/* Recount the calls offered or accepted (caller ID listens while any are). */
static void tapi_call_count_offering(struct tapi_line *line)
{
	unsigned int slot, n = 0;

	for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
		n += !!(line->calls[slot].state & (TAPI_CALL_OFFERING | TAPI_CALL_ACCEPTED));
	WRITE_ONCE(line->offering, n);
}

/* Tell every file that knows the call its state. Caller holds line->tdev.lock. */
void tapi_call_notify(struct tapi_line *line, int slot)
{
	struct tapi_call *c = &line->calls[slot];
	struct tapi_event ev = {
		.type = TAPI_EVENT_CALL_STATE,
		.call_id = c->id,
		.timestamp_ns = c->state_ns,
		.param = { c->state, c->detail, 0, c->media_mode },
	};
	struct tapi_line_file *tf;

	lockdep_assert_held(&line->tdev.lock);
	if (c->hidden)
		return;
	tapi_for_each_line_file(tf, line) {
		if (!tf->call_priv[slot])
			continue;
		ev.param[2] = tf->call_priv[slot];
		tapi_fh_push(&tf->fh, &ev);
	}
}

/* What @c is, as @priv sees it, into zeroed @info. Caller holds line->tdev.lock. */
void tapi_call_describe(const struct tapi_call *c, u32 priv,
			struct tapi_call_info *info)
{
	info->call_id = c->id;
	info->state = c->state;
	info->detail = c->detail;
	info->privilege = priv;
	info->media_mode = c->media_mode;
	info->origin = c->origin;
	info->created_ns = c->created_ns;
	info->state_ns = c->state_ns;
	info->connected_ns = c->connected_ns;
	memcpy(info->caller, c->caller, sizeof(info->caller));
	memcpy(info->called, c->called, sizeof(info->called));
	memcpy(info->caller_name, c->caller_name, sizeof(info->caller_name));
	info->caller_flags = c->caller_flags;
	info->cid_month = c->cid_time[0];
	info->cid_day = c->cid_time[1];
	info->cid_hour = c->cid_time[2];
	info->cid_minute = c->cid_time[3];
	info->app_specific = c->app_specific;
	info->treatment = c->treatment;
	info->call_data_size = c->call_data_size;
}

/* The call is over: tell who knew it, forget it. Caller holds line->tdev.lock. */
void tapi_call_end(struct tapi_line *line, int slot)
{
	struct tapi_call *c = &line->calls[slot];
	unsigned int owners = tapi_call_owners(line, slot);
	unsigned int monitors = tapi_call_holders(line, slot, TAPI_PRIV_MONITOR);
	struct tapi_line_file *tf;

	lockdep_assert_held(&line->tdev.lock);
	/* a request on the call ends first: nothing names the call after its idle */
	tapi_gather_call_ended(line, c->id);
	c->state = TAPI_CALL_IDLE;
	c->detail = 0;
	c->state_ns = ktime_get_ns();
	tapi_call_notify(line, slot);
	c->state = 0;
	tapi_call_count_offering(line);
	tapi_media_call_ended(line, c->id);
	tapi_tonemon_call_ended(line, c->id);
	/* the tick ends the call's audio streams when it sees this change */
	WRITE_ONCE(line->calls_ended, line->calls_ended + 1);
	tapi_for_each_line_file(tf, line) {
		struct tapi_call_info *e;

		if (!tf->call_priv[slot])
			continue;
		if (!c->hidden) {
			/* its events may still wait to be read: keep its description */
			e = &tf->ended[tf->ended_next++ % TAPI_ENDED_CALLS];
			memset(e, 0, sizeof(*e));
			tapi_call_describe(c, tf->call_priv[slot], e);
			e->state = TAPI_CALL_IDLE;
			e->call_data_size = 0;	/* the data goes with the call */
			e->num_owners = owners;
			e->num_monitors = monitors;
		}
		tf->call_priv[slot] = 0;
	}
	kfree(c->call_data);
	memset(c, 0, sizeof(*c));
}

/*
 * Set a call's state, tell who knows it; a disconnected call nobody owns
 * goes on to idle. Caller holds line->tdev.lock.
 */
void tapi_call_set_state(struct tapi_line *line, int slot, u32 state,
			 u32 detail)
{
	struct tapi_call *c = &line->calls[slot];

	lockdep_assert_held(&line->tdev.lock);
	if (state == TAPI_CALL_IDLE) {
		tapi_call_end(line, slot);
		return;
	}
	if (c->state == state && c->detail == detail)
		return;
	c->state = state;
	c->detail = detail;
	c->state_ns = ktime_get_ns();
	/* media control's rules look at the tick */
	WRITE_ONCE(line->call_changes, line->call_changes + 1);
	if (state == TAPI_CALL_CONNECTED && !c->connected_ns)
		c->connected_ns = c->state_ns;
	tapi_call_count_offering(line);
	tapi_call_notify(line, slot);
	if (state == TAPI_CALL_DISCONNECTED && !tapi_call_owners(line, slot))
		tapi_call_end(line, slot);
}

void tapi_call_wake(struct tapi_line *line)
{
	wake_up_interruptible(&line->tdev.wait);
}

static bool tapi_call_state_valid(u32 state)
{
	switch (state) {
	case TAPI_CALL_IDLE:
	case TAPI_CALL_OFFERING:
	case TAPI_CALL_ACCEPTED:
	case TAPI_CALL_DIALTONE:
	case TAPI_CALL_DIALING:
	case TAPI_CALL_RINGBACK:
	case TAPI_CALL_BUSY:
	case TAPI_CALL_SPECIALINFO:
	case TAPI_CALL_CONNECTED:
	case TAPI_CALL_PROCEEDING:
	case TAPI_CALL_ONHOLD:
	case TAPI_CALL_DISCONNECTED:
		return true;
	}
	return false;
}

/* Allocate a slot and an ID. Caller holds line->tdev.lock. */
int tapi_call_alloc(struct tapi_line *line)
{
	struct tapi_call *c;
	int i;

	lockdep_assert_held(&line->tdev.lock);
	for (i = 0; i < TAPI_MAX_CALLS; i++)
		if (!line->calls[i].id)
			break;
	if (i == TAPI_MAX_CALLS)
		return -ENOSPC;
	c = &line->calls[i];
	memset(c, 0, sizeof(*c));
	/* IDs only grow, so a stale ID never names a newer call. */
	if (!++line->next_call_id)
		++line->next_call_id;
	c->id = line->next_call_id;
	c->created_ns = ktime_get_ns();
	c->state_ns = c->created_ns;
	return i;
}

/* Give every monitor of the line a monitor privilege on a new call. */
void tapi_call_add_monitors(struct tapi_line *line, int slot)
{
	struct tapi_line_file *tf;

	tapi_for_each_line_file(tf, line)
		if (!tf->call_priv[slot] && (tf->privileges & TAPI_PRIV_MONITOR))
			tf->call_priv[slot] = TAPI_PRIV_MONITOR;
}

/*
 * The file that should own a new call of @media_mode: the highest priority
 * among the owners of that mode, the earliest opened of equals, skipping
 * @skip. Caller holds line->tdev.lock.
 */
struct tapi_line_file *tapi_call_route(struct tapi_line *line, u32 media_mode,
				       struct tapi_line_file *skip)
{
	struct tapi_line_file *tf, *best = NULL;

	lockdep_assert_held(&line->tdev.lock);
	tapi_for_each_line_file(tf, line) {
		if (tf == skip || !(tf->privileges & TAPI_PRIV_OWNER) ||
		    !(tf->media_modes & media_mode))
			continue;
		if (!best || tf->priority > best->priority)
			best = tf;
	}
	return best;
}

/*
 * A call the driver starts: @state TAPI_CALL_OFFERING (from the network)
 * or TAPI_CALL_DIALTONE (from the line's own telephone). Either goes to
 * the owner of its media mode and to the monitors.
 */
static int tapi_call_new(struct tapi_line *line, const struct tapi_call_params *p,
			 u32 state, u32 origin)
{
	struct tapi_line_file *owner;
	struct tapi_call *c;
	unsigned long flags;
	int slot, id;

	if (!tapi_one_media_mode(p->media_mode))
		return -EINVAL;
	spin_lock_irqsave(&line->tdev.lock, flags);
	if (line->tdev.dead) {
		spin_unlock_irqrestore(&line->tdev.lock, flags);
		return -ENODEV;
	}
	slot = tapi_call_alloc(line);
	if (slot < 0) {
		spin_unlock_irqrestore(&line->tdev.lock, flags);
		return slot;
	}
	c = &line->calls[slot];
	c->media_mode = p->media_mode;
	c->origin = origin;
	/* what any exchange plays an unanswered caller, until told otherwise */
	if (state == TAPI_CALL_OFFERING && (line->caps & TAPI_LINE_CAP_TREATMENT))
		c->treatment = TAPI_TREATMENT_RINGBACK;
	strscpy(c->caller, p->caller ? p->caller : "", sizeof(c->caller));
	strscpy(c->called, p->called ? p->called : "", sizeof(c->called));
	owner = tapi_call_route(line, c->media_mode, NULL);
	if (owner)
		owner->call_priv[slot] = TAPI_PRIV_OWNER;
	tapi_call_add_monitors(line, slot);
	id = c->id;
	tapi_call_set_state(line, slot, state, 0);
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	tapi_call_wake(line);
	return id;
}

/**
 * tapi_call_offer() - a new incoming call arrived on a line
 * @line: the line
 * @p: what the call is; the core copies the strings
 *
 * The core gives the call to its owner and monitors, in state
 * TAPI_CALL_OFFERING, and returns its ID for the driver's later reports.
 *
 * Context: any, interrupt handlers included; never sleeps. Not from a
 * context that stays atomic on PREEMPT_RT (a HRTIMER_MODE_*_HARD callback,
 * under a raw spinlock): the core takes ordinary spinlocks.
 * Return: the call ID (> 0); -EINVAL for a bad @p, -ENOSPC when the line
 * has no free call slot, -ENODEV when the line is being removed.
 */
int tapi_call_offer(struct tapi_line *line, const struct tapi_call_params *p)
{
	return tapi_call_new(line, p, TAPI_CALL_OFFERING,
			     p->origin ? p->origin : TAPI_ORIGIN_UNKNOWN);
}
EXPORT_SYMBOL_NS_GPL(tapi_call_offer, TAPI_NS);

/**
 * tapi_call_originate() - the line's own telephone started a call
 * @line: the line
 * @p: what the call is (@p->origin is ignored: the call is outbound)
 *
 * A telephone on the line went off-hook: the call exists in
 * TAPI_CALL_DIALTONE, made outside TAPI. Like an incoming call it goes to
 * the owner of its media mode and to the monitors, who follow its dialing
 * and may control it as they would a call they made.
 *
 * Context: any, interrupt handlers included; never sleeps. Not from a
 * context that stays atomic on PREEMPT_RT (a HRTIMER_MODE_*_HARD callback,
 * under a raw spinlock): the core takes ordinary spinlocks.
 * Return: as tapi_call_offer().
 */
int tapi_call_originate(struct tapi_line *line, const struct tapi_call_params *p)
{
	return tapi_call_new(line, p, TAPI_CALL_DIALTONE, TAPI_ORIGIN_OUTBOUND);
}
EXPORT_SYMBOL_NS_GPL(tapi_call_originate, TAPI_NS);

/**
 * tapi_call_state() - a call changed state
 * @line: the line
 * @call_id: the call, as returned by tapi_call_offer() or given to an
 *	operation; unknown IDs are ignored (the call may have just ended)
 * @state: TAPI_CALL_*; TAPI_CALL_IDLE ends the call
 * @detail: for TAPI_CALL_DISCONNECTED, a TAPI_DISCONNECT_* reason; else 0
 *
 * Reporting TAPI_CALL_DISCONNECTED or TAPI_CALL_IDLE ends the driver's part
 * in the call: it will not be asked to drop it.
 *
 * Context: any, interrupt handlers included; never sleeps. Not from a
 * context that stays atomic on PREEMPT_RT (a HRTIMER_MODE_*_HARD callback,
 * under a raw spinlock): the core takes ordinary spinlocks.
 */
void tapi_call_state(struct tapi_line *line, u32 call_id, u32 state, u32 detail)
{
	unsigned long flags;
	int slot;

	if (WARN_ON_ONCE(!tapi_call_state_valid(state)))
		return;
	spin_lock_irqsave(&line->tdev.lock, flags);
	slot = tapi_call_slot(line, call_id);
	if (slot >= 0 && !line->tdev.dead)
		tapi_call_set_state(line, slot, state, detail);
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	tapi_call_wake(line);
}
EXPORT_SYMBOL_NS_GPL(tapi_call_state, TAPI_NS);

#define TAPI_DISCONNECT_ALL	(TAPI_DISCONNECT_NORMAL | TAPI_DISCONNECT_UNKNOWN | \
				 TAPI_DISCONNECT_REJECT | TAPI_DISCONNECT_BUSY | \
				 TAPI_DISCONNECT_NOANSWER | TAPI_DISCONNECT_BADADDRESS | \
				 TAPI_DISCONNECT_UNREACHABLE | TAPI_DISCONNECT_CONGESTION | \
				 TAPI_DISCONNECT_UNAVAIL | TAPI_DISCONNECT_NODIALTONE)
#define TAPI_SPECIALINFO_ALL	(TAPI_SPECIALINFO_NOCIRCUIT | TAPI_SPECIALINFO_CUSTIRREG | \
				 TAPI_SPECIALINFO_REORDER | TAPI_SPECIALINFO_UNKNOWN | \
				 TAPI_SPECIALINFO_UNAVAIL)

/**
 * tapi_call_report_state() - tapi_call_state(), checked
 * @line: the line
 * @call_id: the call
 * @state: TAPI_CALL_*
 * @detail: for TAPI_CALL_DISCONNECTED one TAPI_DISCONNECT_* reason, for
 *	TAPI_CALL_SPECIALINFO one TAPI_SPECIALINFO_* value, else 0
 *
 * For drivers that pass on what user space reports: a bad report is
 * refused instead of warned about as a driver's bug.
 *
 * Context: any; never sleeps.
 * Return: 0; -EINVAL for a state or detail that is not one; -ENOENT when
 * the call is not on the line (it may have just ended).
 */
int tapi_call_report_state(struct tapi_line *line, u32 call_id, u32 state, u32 detail)
{
	unsigned long flags;
	int slot;

	if (!tapi_call_state_valid(state))
		return -EINVAL;
	if (state == TAPI_CALL_DISCONNECTED ?
	    !is_power_of_2(detail) || (detail & ~TAPI_DISCONNECT_ALL) :
	    state == TAPI_CALL_SPECIALINFO ?
	    !is_power_of_2(detail) || (detail & ~TAPI_SPECIALINFO_ALL) : detail)
		return -EINVAL;
	spin_lock_irqsave(&line->tdev.lock, flags);
	slot = tapi_call_slot(line, call_id);
	if (slot >= 0 && !line->tdev.dead)
		tapi_call_set_state(line, slot, state, detail);
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	tapi_call_wake(line);
	return slot >= 0 ? 0 : -ENOENT;
}
EXPORT_SYMBOL_NS_GPL(tapi_call_report_state, TAPI_NS);

/*
 * Caller ID heard on the line: it belongs to the newest call offered or
 * accepted. Tell the files that know it. Any context.
 */
/* TAPI's LINECALLPARTYID_* flags for what a caller ID message said. */
static u32 tapi_cid_flags(const struct dsp_cid_info *info)
{
	u32 f = 0;

	if (info->number[0])
		f |= TAPI_PARTYID_ADDRESS;
	if (info->name[0])
		f |= TAPI_PARTYID_NAME;
	if (info->number_absent == 'P' || info->name_absent == 'P')
		f |= TAPI_PARTYID_BLOCKED;
	if (info->number_absent == 'O' || info->name_absent == 'O')
		f |= TAPI_PARTYID_OUTOFAREA;
	return f;
}

/* Tell the files that know the call in @slot that @what changed. */
void tapi_call_tell_info(struct tapi_line *line, int slot, u32 what)
{
	struct tapi_event ev = {
		.type = TAPI_EVENT_CALL_INFO,
		.call_id = line->calls[slot].id,
		.timestamp_ns = ktime_get_ns(),
		.param = { what },
	};
	struct tapi_line_file *tf;

	tapi_for_each_line_file(tf, line)
		if (tf->call_priv[slot])
			tapi_fh_push(&tf->fh, &ev);
}

/* Record who calls: a number (kept when none came), a name, the date and time. */
static void tapi_call_store_cid(struct tapi_call *c, const char *number, const char *name,
				u32 flags, const u8 *when)
{
	if (number[0])
		strscpy(c->caller, number, sizeof(c->caller));
	strscpy(c->caller_name, name, sizeof(c->caller_name));
	c->caller_flags = flags;
	memset(c->cid_time, 0, sizeof(c->cid_time));
	if (when)
		memcpy(c->cid_time, when, sizeof(c->cid_time));
}

void tapi_call_caller_id(struct tapi_line *line, const struct dsp_cid_info *info)
{
	unsigned long flags;
	int slot, newest = -1;

	spin_lock_irqsave(&line->tdev.lock, flags);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++) {
		struct tapi_call *c = &line->calls[slot];

		if (!c->hidden && (c->state & (TAPI_CALL_OFFERING | TAPI_CALL_ACCEPTED)) &&
		    (newest < 0 || c->id > line->calls[newest].id))
			newest = slot;
	}
	if (newest >= 0 && !line->tdev.dead) {
		u8 when[4] = { info->month, info->day, info->hour, info->minute };

		tapi_call_store_cid(&line->calls[newest], info->number, info->name,
				    tapi_cid_flags(info), info->has_time ? when : NULL);
		tapi_call_tell_info(line, newest, TAPI_CALLINFO_CALLERID);
	}
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	tapi_call_wake(line);
}

/**
 * tapi_call_set_caller_id() - who is calling, as the driver learned it
 * @line: the line
 * @call_id: an offered or accepted call of the line
 * @cid: the caller's number and name (empty strings: not given), the
 *	TAPI_PARTYID_* flags, and the date and time (month 0: none)
 *
 * For drivers whose hardware decodes caller ID itself (a modem's NMBR and
 * NAME reports, a SIP From header); the core decodes in-band caller ID of
 * lines with audio by itself. The files that know the call are told
 * (TAPI_EVENT_CALL_INFO, TAPI_CALLINFO_CALLERID).
 *
 * Context: any; never sleeps.
 * Return: 0; -EINVAL for strings that do not fit or a date that is not
 * one; -ENOENT when the call is not offered or accepted on the line.
 */
int tapi_call_set_caller_id(struct tapi_line *line, u32 call_id,
			    const struct tapi_caller_id *cid)
{
	u8 when[4] = { cid->month, cid->day, cid->hour, cid->minute };
	unsigned long flags;
	int slot, ret = -ENOENT;

	if (strnlen(cid->number, TAPI_ADDRESS_LEN) == TAPI_ADDRESS_LEN ||
	    strnlen(cid->name, TAPI_ADDRESS_LEN) == TAPI_ADDRESS_LEN ||
	    (cid->flags & ~(TAPI_PARTYID_BLOCKED | TAPI_PARTYID_OUTOFAREA |
			    TAPI_PARTYID_NAME | TAPI_PARTYID_ADDRESS)) ||
	    cid->month > 12 ||
	    (cid->month && (!cid->day || cid->day > 31 || cid->hour > 23 || cid->minute > 59)))
		return -EINVAL;
	spin_lock_irqsave(&line->tdev.lock, flags);
	slot = tapi_call_slot(line, call_id);
	if (slot >= 0 && !line->tdev.dead &&
	    (line->calls[slot].state & (TAPI_CALL_OFFERING | TAPI_CALL_ACCEPTED))) {
		tapi_call_store_cid(&line->calls[slot], cid->number, cid->name, cid->flags,
				    cid->month ? when : NULL);
		tapi_call_tell_info(line, slot, TAPI_CALLINFO_CALLERID);
		ret = 0;
	}
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(tapi_call_set_caller_id, TAPI_NS);

/*
 * Tear call @id down: the driver hangs up unless its part already ended,
 * then the call goes idle. Caller holds the gate.
 */
void tapi_call_teardown(struct tapi_line *line, u32 id)
{
	bool ask_driver;
	int slot;

	lockdep_assert_held(&line->tdev.ops_mutex);
	spin_lock_irq(&line->tdev.lock);
	slot = tapi_call_slot(line, id);
	ask_driver = slot >= 0 && !line->tdev.dead &&
		     line->calls[slot].state != TAPI_CALL_DISCONNECTED;
	spin_unlock_irq(&line->tdev.lock);
	if (slot < 0)
		return;
	if (ask_driver)
		tapi_drv_drop(line, id);

	spin_lock_irq(&line->tdev.lock);
	slot = tapi_call_slot(line, id);
	if (slot >= 0)
		tapi_call_end(line, slot);
	spin_unlock_irq(&line->tdev.lock);
	tapi_call_wake(line);
}

/*
 * A file is closing: it gives up its calls; those it was the only owner of
 * are dropped. It first stops being anyone's choice, so that a call
 * offered while it waits for the driver goes to the next owner of its
 * media mode, and it hears of no new call. Runs before the file leaves the
 * line's list.
 */
void tapi_call_file_closed(struct tapi_line_file *tf)
{
	struct tapi_line *line = tf->line;
	u32 drop[TAPI_MAX_CALLS];
	unsigned int i, n = 0;
	bool live;
	int slot;

	spin_lock_irq(&line->tdev.lock);
	tf->privileges = 0;
	tf->media_modes = 0;
	tf->priority = 0;
	tf->name[0] = '\0';
	spin_unlock_irq(&line->tdev.lock);

	/* a line being removed ends its calls itself */
	live = !tapi_gate_lock_always(&line->tdev);
	spin_lock_irq(&line->tdev.lock);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++) {
		bool owner = tf->call_priv[slot] == TAPI_PRIV_OWNER;

		if (!tf->call_priv[slot])
			continue;
		tf->call_priv[slot] = 0;
		if (owner && !tapi_call_owners(line, slot))
			drop[n++] = line->calls[slot].id;
	}
	spin_unlock_irq(&line->tdev.lock);
	if (!live)
		return;
	for (i = 0; i < n; i++)
		tapi_call_teardown(line, drop[i]);
	tapi_gate_unlock(&line->tdev);
}

/*
 * The line is being removed and its driver gate is closed: every call
 * ends, and the files that knew it are told, as for any call that ends.
 */
void tapi_call_line_gone_locked(struct tapi_line *line)
{
	int slot;

	lockdep_assert_held(&line->tdev.lock);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
		if (line->calls[slot].id)
			tapi_call_end(line, slot);
}
