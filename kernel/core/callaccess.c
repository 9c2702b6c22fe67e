// SPDX-License-Identifier: GPL-2.0-only
/*
 * Who may see and use a call: the questions the rest of the core asks
 * about a line's calls (does this file know call N, own it, may it send
 * into it, what state is it in). Only reads; calls change in call.c, which
 * tells gathering, media and tone monitoring when one ends, so those ask
 * here and never call back into call.c.
 *
 * Locking: the *_locked functions expect line->tdev.lock, and say so with
 * lockdep; the others take it themselves and work in any context.
 */
#include "tapi_core.h"
#include "call.h"

/* The slot of call @id, or -1. Caller holds line->tdev.lock. */
int tapi_call_slot(struct tapi_line *line, u32 id)
{
	int i;

	lockdep_assert_held(&line->tdev.lock);
	if (!id)
		return -1;
	for (i = 0; i < TAPI_MAX_CALLS; i++)
		if (line->calls[i].id == id)
			return i;
	return -1;
}

/*
 * Look up a call for a request from @tf: it must know it, and own it when
 * @need_owner. A call still being made is nobody's to act on, its maker's
 * included, until TAPI_IOC_MAKE_CALL returned its ID. Returns the slot or
 * -errno. Caller holds line->tdev.lock.
 */
int tapi_call_for(struct tapi_line_file *tf, u32 call_id, bool need_owner)
{
	int slot = tapi_call_slot(tf->line, call_id);

	lockdep_assert_held(&tf->line->tdev.lock);
	if (slot < 0 || !tf->call_priv[slot] || tf->line->calls[slot].hidden)
		return -ENOENT;
	if (need_owner && tf->call_priv[slot] != TAPI_PRIV_OWNER)
		return -EPERM;
	return slot;
}

/* True when @tf owns call @call_id. Caller holds line->tdev.lock. */
bool tapi_call_owned_locked(struct tapi_line_file *tf, u32 call_id)
{
	lockdep_assert_held(&tf->line->tdev.lock);
	return tapi_call_for(tf, call_id, true) >= 0;
}

/* True when @tf knows call @call_id (0, the line, always counts). */
bool tapi_call_known_locked(struct tapi_line_file *tf, u32 call_id)
{
	lockdep_assert_held(&tf->line->tdev.lock);
	return !call_id || tapi_call_for(tf, call_id, false) >= 0;
}

/*
 * May @tf send audio, digits or tones into call @call_id? Only its owner
 * may (TAPI: LINEERR_NOTOWNER). The line itself (0) carries whichever call
 * is on it, so sending there needs every call on the line to be @tf's.
 */
bool tapi_call_may_send_locked(struct tapi_line_file *tf, u32 call_id)
{
	struct tapi_line *line = tf->line;
	int slot;

	lockdep_assert_held(&line->tdev.lock);
	if (call_id)
		return tapi_call_owned_locked(tf, call_id);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
		if (line->calls[slot].id && tf->call_priv[slot] != TAPI_PRIV_OWNER)
			return false;
	return true;
}

bool tapi_call_may_send(struct tapi_line_file *tf, u32 call_id)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&tf->line->tdev.lock, flags);
	ret = tapi_call_may_send_locked(tf, call_id);
	spin_unlock_irqrestore(&tf->line->tdev.lock, flags);
	return ret;
}

/* Call @call_id's state, 0 once it is over. Any context. */
u32 tapi_call_state_of(struct tapi_line *line, u32 call_id)
{
	unsigned long flags;
	u32 state = 0;
	int slot;

	spin_lock_irqsave(&line->tdev.lock, flags);
	slot = tapi_call_slot(line, call_id);
	if (slot >= 0)
		state = line->calls[slot].state;
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	return state;
}

/* True while call @call_id is on @line. Any context. */
bool tapi_call_exists(struct tapi_line *line, u32 call_id)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&line->tdev.lock, flags);
	ret = tapi_call_slot(line, call_id) >= 0;
	spin_unlock_irqrestore(&line->tdev.lock, flags);
	return ret;
}

bool tapi_call_known(struct tapi_line_file *tf, u32 call_id)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&tf->line->tdev.lock, flags);
	ret = tapi_call_known_locked(tf, call_id);
	spin_unlock_irqrestore(&tf->line->tdev.lock, flags);
	return ret;
}
