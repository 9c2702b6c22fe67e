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
 * Locking: line->lock (irqsave) guards the slots, every file's privileges
 * and the queues, so a state change and its events are one step, in order.
 * Drivers report from any context. line->ops_mutex serialises requests to
 * the driver's call operations (process context, line->lock not held, so
 * a driver may report from inside them) and, with line->dead, makes
 * unregistration wait for a request in progress: no operation reaches a
 * driver after tapi_line_unregister().
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "tapi_core.h"
#include "tapi_driver.h"

static bool all_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/* One media mode bit among TAPI's, or 0 where the caller allows it. */
static bool one_media_mode(u32 m)
{
	return m && !(m & ~TAPI_MEDIA_ALL) && !(m & (m - 1));
}

/* TAPI's dialable characters; a string must end within its buffer. */
bool tapi_dial_string_valid(const char *s, size_t size, bool may_be_empty)
{
	size_t len = strnlen(s, size);

	if (len == size || (!len && !may_be_empty))
		return false;
	return strspn(s, "0123456789*#ABCDabcd,!PpTtWw@$;+") == len;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_dial_string_valid);

/* The slot of call @id, or -1. Caller holds line->lock. */
static int tapi_call_slot(struct tapi_line *line, u32 id)
{
	int i;

	lockdep_assert_held(&line->lock);
	if (!id)
		return -1;
	for (i = 0; i < TAPI_MAX_CALLS; i++)
		if (line->calls[i].id == id)
			return i;
	return -1;
}

/* The files that hold call @slot with privilege @priv. Caller holds line->lock. */
static unsigned int tapi_call_holders(struct tapi_line *line, int slot, u8 priv)
{
	struct tapi_file *tf;
	unsigned int n = 0;

	lockdep_assert_held(&line->lock);
	list_for_each_entry(tf, &line->files, node)
		n += tf->call_priv[slot] == priv;
	return n;
}

static unsigned int tapi_call_owners(struct tapi_line *line, int slot)
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

/* Tell every file that knows the call its state. Caller holds line->lock. */
static void tapi_call_notify(struct tapi_line *line, int slot)
{
	struct tapi_call *c = &line->calls[slot];
	struct tapi_event ev = {
		.type = TAPI_EVENT_CALL_STATE,
		.call_id = c->id,
		.timestamp_ns = c->state_ns,
		.param = { c->state, c->detail, 0, c->media_mode },
	};
	struct tapi_file *tf;

	lockdep_assert_held(&line->lock);
	if (c->hidden)
		return;
	list_for_each_entry(tf, &line->files, node) {
		if (!tf->call_priv[slot])
			continue;
		ev.param[2] = tf->call_priv[slot];
		tapi_file_push(tf, &ev);
	}
}

/* What @c is, as @priv sees it, into zeroed @info. Caller holds line->lock. */
static void tapi_call_describe(const struct tapi_call *c, u32 priv,
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

/* The call is over: tell who knew it, forget it. Caller holds line->lock. */
static void tapi_call_end(struct tapi_line *line, int slot)
{
	struct tapi_call *c = &line->calls[slot];
	unsigned int owners = tapi_call_owners(line, slot);
	unsigned int monitors = tapi_call_holders(line, slot, TAPI_PRIV_MONITOR);
	struct tapi_file *tf;

	lockdep_assert_held(&line->lock);
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
	list_for_each_entry(tf, &line->files, node) {
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
 * goes on to idle. Caller holds line->lock.
 */
static void tapi_call_set_state(struct tapi_line *line, int slot, u32 state,
				u32 detail)
{
	struct tapi_call *c = &line->calls[slot];

	lockdep_assert_held(&line->lock);
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

static void tapi_call_wake(struct tapi_line *line)
{
	wake_up_interruptible(&line->wait);
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

/* Allocate a slot and an ID. Caller holds line->lock. */
static int tapi_call_alloc(struct tapi_line *line)
{
	struct tapi_call *c;
	int i;

	lockdep_assert_held(&line->lock);
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
static void tapi_call_add_monitors(struct tapi_line *line, int slot)
{
	struct tapi_file *tf;

	list_for_each_entry(tf, &line->files, node)
		if (!tf->call_priv[slot] && (tf->privileges & TAPI_PRIV_MONITOR))
			tf->call_priv[slot] = TAPI_PRIV_MONITOR;
}

/*
 * The file that should own a new call of @media_mode: the highest priority
 * among the owners of that mode, the earliest opened of equals, skipping
 * @skip. Caller holds line->lock.
 */
static struct tapi_file *tapi_call_route(struct tapi_line *line, u32 media_mode,
					 struct tapi_file *skip)
{
	struct tapi_file *tf, *best = NULL;

	lockdep_assert_held(&line->lock);
	list_for_each_entry(tf, &line->files, node) {
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
	struct tapi_file *owner;
	struct tapi_call *c;
	unsigned long flags;
	int slot, id;

	if (!one_media_mode(p->media_mode))
		return -EINVAL;
	spin_lock_irqsave(&line->lock, flags);
	if (line->dead) {
		spin_unlock_irqrestore(&line->lock, flags);
		return -ENODEV;
	}
	slot = tapi_call_alloc(line);
	if (slot < 0) {
		spin_unlock_irqrestore(&line->lock, flags);
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
	spin_unlock_irqrestore(&line->lock, flags);
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
	spin_lock_irqsave(&line->lock, flags);
	slot = tapi_call_slot(line, call_id);
	if (slot >= 0 && !line->dead)
		tapi_call_set_state(line, slot, state, detail);
	spin_unlock_irqrestore(&line->lock, flags);
	tapi_call_wake(line);
}
EXPORT_SYMBOL_NS_GPL(tapi_call_state, TAPI_NS);

/*
 * Look up a call for a request from @tf: it must know it, and own it when
 * @need_owner. A call still being made is nobody's to act on, its maker's
 * included, until TAPI_IOC_MAKE_CALL returned its ID. Returns the slot or
 * -errno. Caller holds line->lock.
 */
static int tapi_call_for(struct tapi_file *tf, u32 call_id, bool need_owner)
{
	int slot = tapi_call_slot(tf->line, call_id);

	lockdep_assert_held(&tf->line->lock);
	if (slot < 0 || !tf->call_priv[slot] || tf->line->calls[slot].hidden)
		return -ENOENT;
	if (need_owner && tf->call_priv[slot] != TAPI_PRIV_OWNER)
		return -EPERM;
	return slot;
}

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
static void tapi_call_tell_info(struct tapi_line *line, int slot, u32 what)
{
	struct tapi_event ev = {
		.type = TAPI_EVENT_CALL_INFO,
		.call_id = line->calls[slot].id,
		.timestamp_ns = ktime_get_ns(),
		.param = { what },
	};
	struct tapi_file *tf;

	list_for_each_entry(tf, &line->files, node)
		if (tf->call_priv[slot])
			tapi_file_push(tf, &ev);
}

void tapi_call_caller_id(struct tapi_line *line, const struct dsp_cid_info *info)
{
	unsigned long flags;
	int slot, newest = -1;

	spin_lock_irqsave(&line->lock, flags);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++) {
		struct tapi_call *c = &line->calls[slot];

		if (!c->hidden && (c->state & (TAPI_CALL_OFFERING | TAPI_CALL_ACCEPTED)) &&
		    (newest < 0 || c->id > line->calls[newest].id))
			newest = slot;
	}
	if (newest >= 0 && !line->dead) {
		struct tapi_call *c = &line->calls[newest];

		if (info->number[0])
			strscpy(c->caller, info->number, sizeof(c->caller));
		strscpy(c->caller_name, info->name, sizeof(c->caller_name));
		c->caller_flags = tapi_cid_flags(info);
		memset(c->cid_time, 0, sizeof(c->cid_time));
		if (info->has_time) {
			c->cid_time[0] = info->month;
			c->cid_time[1] = info->day;
			c->cid_time[2] = info->hour;
			c->cid_time[3] = info->minute;
		}
		tapi_call_tell_info(line, newest, TAPI_CALLINFO_CALLERID);
	}
	spin_unlock_irqrestore(&line->lock, flags);
	tapi_call_wake(line);
}

/* True when @tf owns call @call_id. Caller holds line->lock. */
bool tapi_call_owned_locked(struct tapi_file *tf, u32 call_id)
{
	lockdep_assert_held(&tf->line->lock);
	return tapi_call_for(tf, call_id, true) >= 0;
}

/* True when @tf knows call @call_id (0, the line, always counts). */
bool tapi_call_known_locked(struct tapi_file *tf, u32 call_id)
{
	return !call_id || tapi_call_for(tf, call_id, false) >= 0;
}

/*
 * May @tf send audio, digits or tones into call @call_id? Only its owner
 * may (TAPI: LINEERR_NOTOWNER). The line itself (0) carries whichever call
 * is on it, so sending there needs every call on the line to be @tf's.
 */
bool tapi_call_may_send_locked(struct tapi_file *tf, u32 call_id)
{
	struct tapi_line *line = tf->line;
	int slot;

	lockdep_assert_held(&line->lock);
	if (call_id)
		return tapi_call_owned_locked(tf, call_id);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
		if (line->calls[slot].id && tf->call_priv[slot] != TAPI_PRIV_OWNER)
			return false;
	return true;
}

bool tapi_call_may_send(struct tapi_file *tf, u32 call_id)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&tf->line->lock, flags);
	ret = tapi_call_may_send_locked(tf, call_id);
	spin_unlock_irqrestore(&tf->line->lock, flags);
	return ret;
}

/* Call @call_id's state, 0 once it is over. Any context. */
u32 tapi_call_state_of(struct tapi_line *line, u32 call_id)
{
	unsigned long flags;
	u32 state = 0;
	int slot;

	spin_lock_irqsave(&line->lock, flags);
	slot = tapi_call_slot(line, call_id);
	if (slot >= 0)
		state = line->calls[slot].state;
	spin_unlock_irqrestore(&line->lock, flags);
	return state;
}

/* True while call @call_id is on @line. Any context. */
bool tapi_call_exists(struct tapi_line *line, u32 call_id)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&line->lock, flags);
	ret = tapi_call_slot(line, call_id) >= 0;
	spin_unlock_irqrestore(&line->lock, flags);
	return ret;
}

bool tapi_call_known(struct tapi_file *tf, u32 call_id)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&tf->line->lock, flags);
	ret = tapi_call_known_locked(tf, call_id);
	spin_unlock_irqrestore(&tf->line->lock, flags);
	return ret;
}

int tapi_call_set_privileges(struct tapi_file *tf, const struct tapi_privileges *p)
{
	struct tapi_line *line = tf->line;
	int slot;

	if (!all_zero(p->reserved, sizeof(p->reserved)))
		return -EINVAL;
	if (p->privileges == TAPI_PRIV_NONE) {
		if (p->media_modes || p->priority)
			return -EINVAL;
	} else if (!p->privileges ||
		   (p->privileges & ~(TAPI_PRIV_MONITOR | TAPI_PRIV_OWNER))) {
		return -EINVAL;
	} else if (p->privileges & TAPI_PRIV_OWNER) {
		if (!p->media_modes || (p->media_modes & ~TAPI_MEDIA_ALL))
			return -EINVAL;
	} else if (p->media_modes || p->priority) {
		return -EINVAL;
	}

	spin_lock_irq(&line->lock);
	tf->privileges = p->privileges;
	tf->media_modes = p->media_modes;
	tf->priority = p->priority;
	/* A new monitor sees the calls already there (no event: it may ask). */
	if (p->privileges & TAPI_PRIV_MONITOR)
		for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
			if (line->calls[slot].id && !line->calls[slot].hidden &&
			    !tf->call_priv[slot])
				tf->call_priv[slot] = TAPI_PRIV_MONITOR;
	spin_unlock_irq(&line->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_set_privileges);

int tapi_call_make(struct tapi_file *tf, struct tapi_make_call *req)
{
	struct tapi_line *line = tf->line;
	u32 media = req->media_mode ? req->media_mode : TAPI_MEDIA_INTERACTIVEVOICE;
	struct tapi_call *c;
	int slot, ret;
	u32 id;

	if (req->flags || !all_zero(req->reserved, sizeof(req->reserved)) ||
	    !one_media_mode(media) ||
	    !tapi_dial_string_valid(req->dial, sizeof(req->dial), true))
		return -EINVAL;
	if (!line->ops || !line->ops->make_call)
		return -EOPNOTSUPP;

	ret = tapi_gate_lock(line);
	if (ret)
		return ret;
	spin_lock_irq(&line->lock);
	slot = tapi_call_alloc(line);
	if (slot < 0) {
		ret = slot;
		goto out_unlock;
	}
	/*
	 * Hidden until the driver accepted it: no event names a call before
	 * its ID reached the file that made it.
	 */
	c = &line->calls[slot];
	c->hidden = true;
	c->media_mode = media;
	c->origin = TAPI_ORIGIN_OUTBOUND;
	c->state = req->dial[0] ? TAPI_CALL_DIALING : TAPI_CALL_DIALTONE;
	strscpy(c->caller, line->address, sizeof(c->caller));
	strscpy(c->called, req->dial, sizeof(c->called));
	id = c->id;
	tf->call_priv[slot] = TAPI_PRIV_OWNER;
	spin_unlock_irq(&line->lock);

	ret = tapi_drv_make_call(line, id, req->dial, media);

	spin_lock_irq(&line->lock);
	slot = tapi_call_slot(line, id);
	if (slot < 0) {
		/* the driver ended it already */
		ret = ret ? ret : -EIO;
	} else if (ret) {
		line->calls[slot].hidden = true;
		tapi_call_end(line, slot);
	} else {
		c = &line->calls[slot];
		c->hidden = false;
		/* stamped now, so timestamps keep increasing with seq */
		c->state_ns = ktime_get_ns();
		tapi_call_add_monitors(line, slot);
		tapi_call_notify(line, slot);
		if (c->state == TAPI_CALL_DISCONNECTED &&
		    !tapi_call_owners(line, slot))
			tapi_call_end(line, slot);
		req->call_id = id;
	}
out_unlock:
	spin_unlock_irq(&line->lock);
	tapi_gate_unlock(line);
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_make);

/* The states in which each request is allowed. */
#define TAPI_DIAL_STATES	(TAPI_CALL_DIALTONE | TAPI_CALL_DIALING | \
				 TAPI_CALL_PROCEEDING | TAPI_CALL_CONNECTED)
#define TAPI_ANSWER_STATES	(TAPI_CALL_OFFERING | TAPI_CALL_ACCEPTED)

/*
 * Check a request on a call owned by @tf in one of @states and lock the
 * gate for it: 0 with the gate held, or -errno without.
 */
static int tapi_call_request(struct tapi_file *tf, u32 call_id, u32 states)
{
	struct tapi_line *line = tf->line;
	int slot, ret;

	ret = tapi_gate_lock(line);
	if (ret)
		return ret;
	spin_lock_irq(&line->lock);
	slot = tapi_call_for(tf, call_id, true);
	ret = slot < 0 ? slot : (line->calls[slot].state & states) ? 0 : -EBUSY;
	spin_unlock_irq(&line->lock);
	if (ret)
		tapi_gate_unlock(line);
	return ret;
}

int tapi_call_dial(struct tapi_file *tf, const struct tapi_dial *req)
{
	const struct tapi_line_ops *ops = tf->line->ops;
	int ret;

	if (req->flags || !all_zero(req->reserved, sizeof(req->reserved)) ||
	    !tapi_dial_string_valid(req->dial, sizeof(req->dial), false))
		return -EINVAL;
	if (!ops || !ops->dial)
		return -EOPNOTSUPP;
	ret = tapi_call_request(tf, req->call_id, TAPI_DIAL_STATES);
	if (ret)
		return ret;
	ret = tapi_drv_dial(tf->line, req->call_id, req->dial);
	tapi_gate_unlock(tf->line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_dial);

static bool tapi_call_op_valid(const struct tapi_call_op *req)
{
	return !req->flags && all_zero(req->reserved, sizeof(req->reserved));
}

int tapi_call_answer(struct tapi_file *tf, const struct tapi_call_op *req)
{
	const struct tapi_line_ops *ops = tf->line->ops;
	int ret;

	if (!tapi_call_op_valid(req))
		return -EINVAL;
	if (!ops || !ops->answer)
		return -EOPNOTSUPP;
	ret = tapi_call_request(tf, req->call_id, TAPI_ANSWER_STATES);
	if (ret)
		return ret;
	ret = tapi_drv_answer(tf->line, req->call_id);
	tapi_gate_unlock(tf->line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_answer);

int tapi_call_hold(struct tapi_file *tf, const struct tapi_call_op *req, bool hold)
{
	const struct tapi_line_ops *ops = tf->line->ops;
	int ret;

	if (!tapi_call_op_valid(req))
		return -EINVAL;
	if (!ops || !(hold ? ops->hold : ops->unhold))
		return -EOPNOTSUPP;
	ret = tapi_call_request(tf, req->call_id,
				hold ? TAPI_CALL_CONNECTED : TAPI_CALL_ONHOLD);
	if (ret)
		return ret;
	ret = tapi_drv_hold(tf->line, req->call_id, hold);
	tapi_gate_unlock(tf->line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_hold);

/* Accepting is the core's business: the call stays offered to this owner. */
int tapi_call_accept(struct tapi_file *tf, const struct tapi_call_op *req)
{
	struct tapi_line *line = tf->line;
	int slot, ret = 0;

	if (!tapi_call_op_valid(req))
		return -EINVAL;
	spin_lock_irq(&line->lock);
	slot = tapi_call_for(tf, req->call_id, true);
	if (slot < 0)
		ret = slot;
	else if (line->calls[slot].state != TAPI_CALL_OFFERING)
		ret = -EBUSY;
	else
		tapi_call_set_state(line, slot, TAPI_CALL_ACCEPTED, 0);
	spin_unlock_irq(&line->lock);
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_accept);

/*
 * Tear call @id down: the driver hangs up unless its part already ended,
 * then the call goes idle. Caller holds the gate.
 */
static void tapi_call_teardown(struct tapi_line *line, u32 id)
{
	bool ask_driver;
	int slot;

	lockdep_assert_held(&line->ops_mutex);
	spin_lock_irq(&line->lock);
	slot = tapi_call_slot(line, id);
	ask_driver = slot >= 0 && !line->dead &&
		     line->calls[slot].state != TAPI_CALL_DISCONNECTED;
	spin_unlock_irq(&line->lock);
	if (slot < 0)
		return;
	if (ask_driver)
		tapi_drv_drop(line, id);

	spin_lock_irq(&line->lock);
	slot = tapi_call_slot(line, id);
	if (slot >= 0)
		tapi_call_end(line, slot);
	spin_unlock_irq(&line->lock);
	tapi_call_wake(line);
}

int tapi_call_drop(struct tapi_file *tf, const struct tapi_call_op *req)
{
	struct tapi_line *line = tf->line;
	int slot, ret;

	if (!tapi_call_op_valid(req))
		return -EINVAL;
	ret = tapi_gate_lock(line);
	if (ret)
		return ret;
	spin_lock_irq(&line->lock);
	slot = tapi_call_for(tf, req->call_id, true);
	ret = min(slot, 0);
	spin_unlock_irq(&line->lock);
	if (!ret)
		tapi_call_teardown(line, req->call_id);
	tapi_gate_unlock(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_drop);

int tapi_call_set_privilege(struct tapi_file *tf, const struct tapi_call_privilege *req)
{
	struct tapi_line *line = tf->line;
	bool drop = false;
	int slot, ret = 0;

	if (!all_zero(req->reserved, sizeof(req->reserved)))
		return -EINVAL;
	if (req->privilege != TAPI_PRIV_NONE && req->privilege != TAPI_PRIV_MONITOR &&
	    req->privilege != TAPI_PRIV_OWNER)
		return -EINVAL;

	ret = tapi_gate_lock(line);
	if (ret)
		return ret;
	spin_lock_irq(&line->lock);
	slot = tapi_call_for(tf, req->call_id, false);
	if (slot < 0) {
		ret = slot;
	} else if (req->privilege == TAPI_PRIV_NONE &&
		   tf->call_priv[slot] == TAPI_PRIV_OWNER &&
		   tapi_call_owners(line, slot) == 1) {
		/* TAPI: the sole owner of a live call must drop it first. */
		ret = -EBUSY;
	} else {
		tf->call_priv[slot] = req->privilege == TAPI_PRIV_NONE ? 0 :
				      req->privilege;
		/* A disconnected call nobody owns is over. */
		drop = line->calls[slot].state == TAPI_CALL_DISCONNECTED &&
		       !tapi_call_owners(line, slot);
	}
	spin_unlock_irq(&line->lock);
	if (drop)
		tapi_call_teardown(line, req->call_id);
	tapi_gate_unlock(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_set_privilege);

/*
 * Make @to an owner of the call in @slot; it hears of the call with its
 * privilege unless it owned it already. Caller holds line->lock.
 */
static void tapi_call_give(struct tapi_line *line, int slot, struct tapi_file *to)
{
	struct tapi_call *c = &line->calls[slot];
	struct tapi_event ev = {
		.type = TAPI_EVENT_CALL_STATE,
		.call_id = c->id,
		.timestamp_ns = ktime_get_ns(),
		.param = { c->state, c->detail, TAPI_PRIV_OWNER, c->media_mode },
	};

	lockdep_assert_held(&line->lock);
	if (to->call_priv[slot] == TAPI_PRIV_OWNER)
		return;
	to->call_priv[slot] = TAPI_PRIV_OWNER;
	tapi_file_push(to, &ev);
}

int tapi_call_handoff(struct tapi_file *tf, const struct tapi_handoff *req)
{
	struct tapi_line *line = tf->line;
	struct tapi_file *to;
	int slot, ret = 0;

	if (!all_zero(req->reserved, sizeof(req->reserved)) ||
	    !one_media_mode(req->media_mode))
		return -EINVAL;
	spin_lock_irq(&line->lock);
	slot = tapi_call_for(tf, req->call_id, true);
	if (slot < 0) {
		ret = slot;
	} else {
		/* TAPI's rule: the highest priority owner of the mode, even self */
		to = tapi_call_route(line, req->media_mode, NULL);
		if (!to)
			ret = -ESRCH;
		else if (to == tf)
			ret = -EALREADY;
		else
			tapi_call_give(line, slot, to);
	}
	spin_unlock_irq(&line->lock);
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_handoff);

/* A NUL-terminated name in a fixed buffer. */
static bool tapi_name_valid(const char *name, size_t size)
{
	return strnlen(name, size) < size;
}

int tapi_call_handoff_name(struct tapi_file *tf, const struct tapi_handoff_name *req)
{
	struct tapi_line *line = tf->line;
	struct tapi_file *f, *to = NULL;
	bool self = false;
	int slot, ret = 0;

	if (req->flags || !all_zero(req->reserved, sizeof(req->reserved)) ||
	    !tapi_name_valid(req->name, sizeof(req->name)) || !req->name[0])
		return -EINVAL;
	spin_lock_irq(&line->lock);
	slot = tapi_call_for(tf, req->call_id, true);
	if (slot < 0) {
		ret = slot;
		goto out;
	}
	list_for_each_entry(f, &line->files, node) {
		if (strcmp(f->name, req->name))
			continue;
		if (f == tf)
			self = true;
		else if (!to || f->priority > to->priority)
			to = f;
	}
	if (to)
		tapi_call_give(line, slot, to);
	else
		ret = self ? -EALREADY : -ESRCH;
out:
	spin_unlock_irq(&line->lock);
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_handoff_name);

/* The IDs of the calls @tf knows, up to @max; returns how many there are. */
unsigned int tapi_call_list(struct tapi_file *tf, u32 *ids, unsigned int max)
{
	struct tapi_line *line = tf->line;
	unsigned int n = 0;
	int slot;

	spin_lock_irq(&line->lock);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++) {
		if (!line->calls[slot].id || !tf->call_priv[slot] || line->calls[slot].hidden)
			continue;
		if (n < max)
			ids[n] = line->calls[slot].id;
		n++;
	}
	spin_unlock_irq(&line->lock);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_list);

/* @tf becomes a monitor of every call on its line it did not know. */
void tapi_call_adopt(struct tapi_file *tf)
{
	struct tapi_line *line = tf->line;
	int slot;

	spin_lock_irq(&line->lock);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
		if (line->calls[slot].id && !line->calls[slot].hidden &&
		    !tf->call_priv[slot])
			tf->call_priv[slot] = TAPI_PRIV_MONITOR;
	spin_unlock_irq(&line->lock);
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_adopt);

#define TAPI_CALLSET_ALL	(TAPI_CALLSET_MEDIAMODE | TAPI_CALLSET_APPSPECIFIC | \
				 TAPI_CALLSET_TREATMENT | TAPI_CALLSET_CALLDATA)

/* TAPI: one media mode, or UNKNOWN with any others. */
static bool tapi_call_media_valid(u32 m)
{
	return one_media_mode(m) ||
	       ((m & TAPI_MEDIA_UNKNOWN) && !(m & ~TAPI_MEDIA_ALL));
}

static int tapi_call_set_check(const struct tapi_line *line, const struct tapi_call_set *req)
{
	u32 w = req->what;

	if (!w || (w & ~TAPI_CALLSET_ALL) || !all_zero(req->reserved, sizeof(req->reserved)))
		return -EINVAL;
	/* a field not being set must be zero, so that it can mean something later */
	if ((w & TAPI_CALLSET_MEDIAMODE) ? !tapi_call_media_valid(req->media_mode) :
					   req->media_mode)
		return -EINVAL;
	if (!(w & TAPI_CALLSET_APPSPECIFIC) && req->app_specific)
		return -EINVAL;
	if ((w & TAPI_CALLSET_TREATMENT) ?
	    req->treatment < TAPI_TREATMENT_SILENCE || req->treatment > TAPI_TREATMENT_MUSIC :
	    req->treatment)
		return -EINVAL;
	/* no data to copy: no pointer to it either */
	if ((w & TAPI_CALLSET_CALLDATA) ?
	    req->data_size > TAPI_CALL_DATA_MAX || (!req->data_size && req->data) :
	    req->data_size || req->data)
		return -EINVAL;
	if ((w & TAPI_CALLSET_TREATMENT) &&
	    (!(line->caps & TAPI_LINE_CAP_TREATMENT) || !line->ops ||
	     !line->ops->set_treatment))
		return -EOPNOTSUPP;
	return 0;
}

int tapi_call_set(struct tapi_file *tf, const struct tapi_call_set *req)
{
	struct tapi_line *line = tf->line;
	u8 *data = NULL;
	struct tapi_call *c;
	int slot, ret;

	ret = tapi_call_set_check(line, req);
	if (ret)
		return ret;
	if ((req->what & TAPI_CALLSET_CALLDATA) && req->data_size) {
		/* it lives as long as the call: charged to whoever set it */
		data = kmalloc(req->data_size, GFP_KERNEL_ACCOUNT);
		if (!data)
			return -ENOMEM;
		if (copy_from_user(data, u64_to_user_ptr(req->data), req->data_size)) {
			kfree(data);
			return -EFAULT;
		}
	}

	ret = tapi_gate_lock(line);
	if (ret) {
		kfree(data);
		return ret;
	}
	spin_lock_irq(&line->lock);
	ret = tapi_call_for(tf, req->call_id, true);
	spin_unlock_irq(&line->lock);
	if (ret >= 0 && (req->what & TAPI_CALLSET_TREATMENT))
		ret = tapi_drv_set_treatment(line, req->call_id, req->treatment);
	if (ret < 0)
		goto out;

	spin_lock_irq(&line->lock);
	/* the call may have ended while the driver was busy */
	slot = line->dead ? -1 : tapi_call_slot(line, req->call_id);
	if (slot < 0) {
		spin_unlock_irq(&line->lock);
		ret = -ENOENT;
		goto out;
	}
	c = &line->calls[slot];
	if (req->what & TAPI_CALLSET_MEDIAMODE) {
		c->media_mode = req->media_mode;
		tapi_call_tell_info(line, slot, TAPI_CALLINFO_MEDIAMODE);
	}
	if (req->what & TAPI_CALLSET_APPSPECIFIC) {
		c->app_specific = req->app_specific;
		tapi_call_tell_info(line, slot, TAPI_CALLINFO_APPSPECIFIC);
	}
	if (req->what & TAPI_CALLSET_TREATMENT) {
		c->treatment = req->treatment;
		tapi_call_tell_info(line, slot, TAPI_CALLINFO_TREATMENT);
	}
	if (req->what & TAPI_CALLSET_CALLDATA) {
		swap(c->call_data, data);
		c->call_data_size = req->data_size;
		tapi_call_tell_info(line, slot, TAPI_CALLINFO_CALLDATA);
	}
	spin_unlock_irq(&line->lock);
	ret = 0;
out:
	tapi_gate_unlock(line);
	kfree(data);	/* the old call data, or the new on failure */
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_set);

/* A copy of a call's data: TAPI_IOC_CALL_DATA. */
static long tapi_call_data_read(struct tapi_file *tf, struct tapi_call_data *req,
				void __user *argp)
{
	struct tapi_line *line = tf->line;
	u32 room = min_t(u32, req->size, TAPI_CALL_DATA_MAX);
	u8 *buf = NULL;
	int slot;
	long ret = 0;

	if (!all_zero(req->reserved, sizeof(req->reserved)))
		return -EINVAL;
	if (room) {
		buf = kmalloc(room, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
	}
	spin_lock_irq(&line->lock);
	slot = tapi_call_for(tf, req->call_id, false);
	if (slot < 0) {
		ret = slot;
	} else {
		req->size = line->calls[slot].call_data_size;
		room = min(room, req->size);
		if (room)
			memcpy(buf, line->calls[slot].call_data, room);
	}
	spin_unlock_irq(&line->lock);
	if (!ret && ((room && copy_to_user(u64_to_user_ptr(req->data), buf, room)) ||
		     copy_to_user(argp, req, sizeof(*req))))
		ret = -EFAULT;
	kfree(buf);
	return ret;
}

/* Ended call @id as @tf knew it, into @info: 0 or -ENOENT. Holds line->lock. */
static int tapi_call_ended_info(struct tapi_file *tf, u32 id, struct tapi_call_info *info)
{
	int i;

	lockdep_assert_held(&tf->line->lock);
	for (i = 0; id && i < TAPI_ENDED_CALLS; i++)
		if (tf->ended[i].call_id == id) {
			*info = tf->ended[i];
			return 0;
		}
	return -ENOENT;
}

int tapi_call_get_info(struct tapi_file *tf, struct tapi_call_info *info)
{
	struct tapi_line *line = tf->line;
	u32 id = info->call_id;
	int slot;

	if (info->flags || info->reserved0 || info->reserved)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	spin_lock_irq(&line->lock);
	slot = tapi_call_for(tf, id, false);
	if (slot >= 0) {
		tapi_call_describe(&line->calls[slot], tf->call_priv[slot], info);
		info->num_owners = tapi_call_owners(line, slot);
		info->num_monitors = tapi_call_holders(line, slot, TAPI_PRIV_MONITOR);
	} else if (slot == -ENOENT) {
		/* a call that ended: as it was, if this file knew it lately */
		slot = tapi_call_ended_info(tf, id, info);
	}
	spin_unlock_irq(&line->lock);
	return slot < 0 ? slot : 0;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_get_info);

long tapi_line_status(struct tapi_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_line_status st;
	struct tapi_file *f;
	int slot;

	if (copy_from_user(&st, argp, sizeof(st)))
		return -EFAULT;
	if (st.flags || memchr_inv(st.reserved, 0, sizeof(st.reserved)))
		return -EINVAL;
	memset(&st, 0, sizeof(st));
	st.status = TAPI_STATUS_CONNECTED;
	st.hook = READ_ONCE(line->hook_off) ? TAPI_HOOK_OFFHOOK : TAPI_HOOK_ONHOOK;
	st.num_rings = TAPI_NUM_RINGS_NONE;
	spin_lock_irq(&line->lock);
	if (!line->out_of_service)
		st.status |= TAPI_STATUS_INSERVICE;
	if (line->msg_wait)
		st.status |= TAPI_STATUS_MSGWAIT;
	list_for_each_entry(f, &line->files, node) {
		st.num_opens++;
		st.num_rings = min(st.num_rings, f->num_rings);
		if (f->privileges & TAPI_PRIV_OWNER) {
			st.num_owners++;
			st.open_media_modes |= f->media_modes;
		}
		st.num_monitors += !!(f->privileges & TAPI_PRIV_MONITOR);
	}
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++) {
		u32 state = line->calls[slot].state;

		if (!line->calls[slot].id || line->calls[slot].hidden)
			continue;
		st.num_calls++;
		if (state & (TAPI_CALL_OFFERING | TAPI_CALL_ACCEPTED))
			st.num_offering++;
		else if (state == TAPI_CALL_ONHOLD)
			st.num_onhold++;
		else if (state != TAPI_CALL_DISCONNECTED)
			st.num_active++;
	}
	st.rings = line->rings;
	spin_unlock_irq(&line->lock);
	return copy_to_user(argp, &st, sizeof(st)) ? -EFAULT : 0;
}

/*
 * A file is closing: it gives up its calls; those it was the only owner of
 * are dropped. It first stops being anyone's choice, so that a call
 * offered while it waits for the driver goes to the next owner of its
 * media mode, and it hears of no new call. Runs before the file leaves the
 * line's list.
 */
void tapi_call_file_closed(struct tapi_file *tf)
{
	struct tapi_line *line = tf->line;
	u32 drop[TAPI_MAX_CALLS];
	unsigned int i, n = 0;
	bool live;
	int slot;

	spin_lock_irq(&line->lock);
	tf->privileges = 0;
	tf->media_modes = 0;
	tf->priority = 0;
	tf->name[0] = '\0';
	spin_unlock_irq(&line->lock);

	/* a line being removed ends its calls itself */
	live = !tapi_gate_lock_always(line);
	spin_lock_irq(&line->lock);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++) {
		bool owner = tf->call_priv[slot] == TAPI_PRIV_OWNER;

		if (!tf->call_priv[slot])
			continue;
		tf->call_priv[slot] = 0;
		if (owner && !tapi_call_owners(line, slot))
			drop[n++] = line->calls[slot].id;
	}
	spin_unlock_irq(&line->lock);
	if (!live)
		return;
	for (i = 0; i < n; i++)
		tapi_call_teardown(line, drop[i]);
	tapi_gate_unlock(line);
}

/*
 * The line is being removed and its driver gate is closed: every call
 * ends, and the files that knew it are told, as for any call that ends.
 */
void tapi_call_line_gone_locked(struct tapi_line *line)
{
	int slot;

	lockdep_assert_held(&line->lock);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
		if (line->calls[slot].id)
			tapi_call_end(line, slot);
}

long tapi_call_ioctl(struct tapi_file *tf, unsigned int cmd, void __user *argp)
{
	union {
		struct tapi_privileges priv;
		struct tapi_make_call make;
		struct tapi_dial dial;
		struct tapi_call_op op;
		struct tapi_call_privilege cp;
		struct tapi_handoff handoff;
		struct tapi_call_list list;
		struct tapi_call_info info;
		struct tapi_call_set set;
		struct tapi_call_data data;
		struct tapi_handoff_name hn;
	} u;
	u32 ids[TAPI_MAX_CALLS];
	unsigned int n;
	int ret;

	/* line.c passes only this file's commands; their sizes fit @u */
	if (WARN_ON_ONCE(_IOC_SIZE(cmd) > sizeof(u)))
		return -ENOTTY;
	if (copy_from_user(&u, argp, _IOC_SIZE(cmd)))
		return -EFAULT;
	switch (cmd) {
	case TAPI_IOC_SET_PRIVILEGES:
		return tapi_call_set_privileges(tf, &u.priv);
	case TAPI_IOC_MAKE_CALL:
		ret = tapi_call_make(tf, &u.make);
		if (ret)
			return ret;
		/* The call exists even if the ID cannot be returned: drop it. */
		if (put_user(u.make.call_id, (__u32 __user *)argp)) {
			struct tapi_call_op op = { .call_id = u.make.call_id };

			tapi_call_drop(tf, &op);
			return -EFAULT;
		}
		return 0;
	case TAPI_IOC_DIAL:
		return tapi_call_dial(tf, &u.dial);
	case TAPI_IOC_ANSWER:
		return tapi_call_answer(tf, &u.op);
	case TAPI_IOC_ACCEPT:
		return tapi_call_accept(tf, &u.op);
	case TAPI_IOC_DROP:
		return tapi_call_drop(tf, &u.op);
	case TAPI_IOC_HOLD:
	case TAPI_IOC_UNHOLD:
		return tapi_call_hold(tf, &u.op, cmd == TAPI_IOC_HOLD);
	case TAPI_IOC_SET_CALL_PRIVILEGE:
		return tapi_call_set_privilege(tf, &u.cp);
	case TAPI_IOC_HANDOFF:
		return tapi_call_handoff(tf, &u.handoff);
	case TAPI_IOC_HANDOFF_NAME:
		return tapi_call_handoff_name(tf, &u.hn);
	case TAPI_IOC_SET_CALL:
		return tapi_call_set(tf, &u.set);
	case TAPI_IOC_CALL_DATA:
		return tapi_call_data_read(tf, &u.data, argp);
	case TAPI_IOC_LIST_CALLS:
		if ((u.list.flags & ~TAPI_LIST_ADOPT) ||
		    !all_zero(u.list.reserved, sizeof(u.list.reserved)))
			return -EINVAL;
		if (u.list.flags & TAPI_LIST_ADOPT)
			tapi_call_adopt(tf);
		n = tapi_call_list(tf, ids, ARRAY_SIZE(ids));
		if (copy_to_user(u64_to_user_ptr(u.list.ids), ids,
				 min(n, u.list.count) * sizeof(ids[0])))
			return -EFAULT;
		u.list.count = n;
		return copy_to_user(argp, &u.list, sizeof(u.list)) ? -EFAULT : 0;
	case TAPI_IOC_CALL_INFO:
		ret = tapi_call_get_info(tf, &u.info);
		if (ret)
			return ret;
		return copy_to_user(argp, &u.info, sizeof(u.info)) ? -EFAULT : 0;
	}
	return -ENOTTY;
}
