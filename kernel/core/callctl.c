// SPDX-License-Identifier: GPL-2.0-only
/*
 * Call control: what applications ask of calls through a line's ioctls
 * (TAPI_IOC_MAKE_CALL, DIAL, ANSWER, ACCEPT, HOLD, DROP, the privileges,
 * handoff, listing, TAPI_IOC_SET_CALL, CALL_DATA and CALL_INFO). Each request
 * checks the caller's privilege on the call under line->tdev.lock, asks the
 * driver through the gate (gate.c) with line->tdev.lock dropped, and changes the
 * call object (call.c) under line->tdev.lock again.
 *
 * The call objects, their slots and who holds them are call.c's; its
 * comment describes the rules and the locking.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "tapi_core.h"
#include "tapi_driver.h"
#include "call.h"

static bool all_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

int tapi_call_set_privileges(struct tapi_line_file *tf, const struct tapi_privileges *p)
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

	spin_lock_irq(&line->tdev.lock);
	tf->privileges = p->privileges;
	tf->media_modes = p->media_modes;
	tf->priority = p->priority;
	/* A new monitor sees the calls already there (no event: it may ask). */
	if (p->privileges & TAPI_PRIV_MONITOR)
		for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
			if (line->calls[slot].id && !line->calls[slot].hidden &&
			    !tf->call_priv[slot])
				tf->call_priv[slot] = TAPI_PRIV_MONITOR;
	spin_unlock_irq(&line->tdev.lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_set_privileges);

int tapi_call_make(struct tapi_line_file *tf, struct tapi_make_call *req)
{
	struct tapi_line *line = tf->line;
	u32 media = req->media_mode ? req->media_mode : TAPI_MEDIA_INTERACTIVEVOICE;
	struct tapi_call *c;
	int slot, ret;
	u32 id;

	if (req->flags || !all_zero(req->reserved, sizeof(req->reserved)) ||
	    !tapi_one_media_mode(media) ||
	    !tapi_dial_string_valid(req->dial, sizeof(req->dial), true))
		return -EINVAL;
	if (!line->ops || !line->ops->make_call)
		return -EOPNOTSUPP;

	ret = tapi_gate_lock(&line->tdev);
	if (ret)
		return ret;
	spin_lock_irq(&line->tdev.lock);
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
	spin_unlock_irq(&line->tdev.lock);

	ret = tapi_drv_make_call(line, id, req->dial, media);

	spin_lock_irq(&line->tdev.lock);
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
	spin_unlock_irq(&line->tdev.lock);
	tapi_gate_unlock(&line->tdev);
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
static int tapi_call_request(struct tapi_line_file *tf, u32 call_id, u32 states)
{
	struct tapi_line *line = tf->line;
	int slot, ret;

	ret = tapi_gate_lock(&line->tdev);
	if (ret)
		return ret;
	spin_lock_irq(&line->tdev.lock);
	slot = tapi_call_for(tf, call_id, true);
	ret = slot < 0 ? slot : (line->calls[slot].state & states) ? 0 : -EBUSY;
	spin_unlock_irq(&line->tdev.lock);
	if (ret)
		tapi_gate_unlock(&line->tdev);
	return ret;
}

int tapi_call_dial(struct tapi_line_file *tf, const struct tapi_dial *req)
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
	tapi_gate_unlock(&tf->line->tdev);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_dial);

static bool tapi_call_op_valid(const struct tapi_call_op *req)
{
	return !req->flags && all_zero(req->reserved, sizeof(req->reserved));
}

int tapi_call_answer(struct tapi_line_file *tf, const struct tapi_call_op *req)
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
	tapi_gate_unlock(&tf->line->tdev);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_answer);

int tapi_call_hold(struct tapi_line_file *tf, const struct tapi_call_op *req, bool hold)
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
	tapi_gate_unlock(&tf->line->tdev);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_hold);

/* Accepting is the core's business: the call stays offered to this owner. */
int tapi_call_accept(struct tapi_line_file *tf, const struct tapi_call_op *req)
{
	struct tapi_line *line = tf->line;
	int slot, ret = 0;

	if (!tapi_call_op_valid(req))
		return -EINVAL;
	spin_lock_irq(&line->tdev.lock);
	slot = tapi_call_for(tf, req->call_id, true);
	if (slot < 0)
		ret = slot;
	else if (line->calls[slot].state != TAPI_CALL_OFFERING)
		ret = -EBUSY;
	else
		tapi_call_set_state(line, slot, TAPI_CALL_ACCEPTED, 0);
	spin_unlock_irq(&line->tdev.lock);
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_accept);

int tapi_call_drop(struct tapi_line_file *tf, const struct tapi_call_op *req)
{
	struct tapi_line *line = tf->line;
	int slot, ret;

	if (!tapi_call_op_valid(req))
		return -EINVAL;
	ret = tapi_gate_lock(&line->tdev);
	if (ret)
		return ret;
	spin_lock_irq(&line->tdev.lock);
	slot = tapi_call_for(tf, req->call_id, true);
	ret = min(slot, 0);
	spin_unlock_irq(&line->tdev.lock);
	if (!ret)
		tapi_call_teardown(line, req->call_id);
	tapi_gate_unlock(&line->tdev);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_drop);

int tapi_call_set_privilege(struct tapi_line_file *tf, const struct tapi_call_privilege *req)
{
	struct tapi_line *line = tf->line;
	bool drop = false;
	int slot, ret = 0;

	if (!all_zero(req->reserved, sizeof(req->reserved)))
		return -EINVAL;
	if (req->privilege != TAPI_PRIV_NONE && req->privilege != TAPI_PRIV_MONITOR &&
	    req->privilege != TAPI_PRIV_OWNER)
		return -EINVAL;

	ret = tapi_gate_lock(&line->tdev);
	if (ret)
		return ret;
	spin_lock_irq(&line->tdev.lock);
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
	spin_unlock_irq(&line->tdev.lock);
	if (drop)
		tapi_call_teardown(line, req->call_id);
	tapi_gate_unlock(&line->tdev);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_set_privilege);

/*
 * Make @to an owner of the call in @slot; it hears of the call with its
 * privilege unless it owned it already. Caller holds line->tdev.lock.
 */
static void tapi_call_give(struct tapi_line *line, int slot, struct tapi_line_file *to)
{
	struct tapi_call *c = &line->calls[slot];
	struct tapi_event ev = {
		.type = TAPI_EVENT_CALL_STATE,
		.call_id = c->id,
		.timestamp_ns = ktime_get_ns(),
		.param = { c->state, c->detail, TAPI_PRIV_OWNER, c->media_mode },
	};

	lockdep_assert_held(&line->tdev.lock);
	if (to->call_priv[slot] == TAPI_PRIV_OWNER)
		return;
	to->call_priv[slot] = TAPI_PRIV_OWNER;
	tapi_fh_push(&to->fh, &ev);
}

int tapi_call_handoff(struct tapi_line_file *tf, const struct tapi_handoff *req)
{
	struct tapi_line *line = tf->line;
	struct tapi_line_file *to;
	int slot, ret = 0;

	if (!all_zero(req->reserved, sizeof(req->reserved)) ||
	    !tapi_one_media_mode(req->media_mode))
		return -EINVAL;
	spin_lock_irq(&line->tdev.lock);
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
	spin_unlock_irq(&line->tdev.lock);
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_handoff);

/* A NUL-terminated name in a fixed buffer. */
static bool tapi_name_valid(const char *name, size_t size)
{
	return strnlen(name, size) < size;
}

int tapi_call_handoff_name(struct tapi_line_file *tf, const struct tapi_handoff_name *req)
{
	struct tapi_line *line = tf->line;
	struct tapi_line_file *f, *to = NULL;
	bool self = false;
	int slot, ret = 0;

	if (req->flags || !all_zero(req->reserved, sizeof(req->reserved)) ||
	    !tapi_name_valid(req->name, sizeof(req->name)) || !req->name[0])
		return -EINVAL;
	spin_lock_irq(&line->tdev.lock);
	slot = tapi_call_for(tf, req->call_id, true);
	if (slot < 0) {
		ret = slot;
		goto out;
	}
	tapi_for_each_line_file(f, line) {
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
	spin_unlock_irq(&line->tdev.lock);
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_handoff_name);

/* The IDs of the calls @tf knows, up to @max; returns how many there are. */
unsigned int tapi_call_list(struct tapi_line_file *tf, u32 *ids, unsigned int max)
{
	struct tapi_line *line = tf->line;
	unsigned int n = 0;
	int slot;

	spin_lock_irq(&line->tdev.lock);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++) {
		if (!line->calls[slot].id || !tf->call_priv[slot] || line->calls[slot].hidden)
			continue;
		if (n < max)
			ids[n] = line->calls[slot].id;
		n++;
	}
	spin_unlock_irq(&line->tdev.lock);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_list);

/* @tf becomes a monitor of every call on its line it did not know. */
void tapi_call_adopt(struct tapi_line_file *tf)
{
	struct tapi_line *line = tf->line;
	int slot;

	spin_lock_irq(&line->tdev.lock);
	for (slot = 0; slot < TAPI_MAX_CALLS; slot++)
		if (line->calls[slot].id && !line->calls[slot].hidden &&
		    !tf->call_priv[slot])
			tf->call_priv[slot] = TAPI_PRIV_MONITOR;
	spin_unlock_irq(&line->tdev.lock);
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_adopt);

#define TAPI_CALLSET_ALL	(TAPI_CALLSET_MEDIAMODE | TAPI_CALLSET_APPSPECIFIC | \
				 TAPI_CALLSET_TREATMENT | TAPI_CALLSET_CALLDATA)

/* TAPI: one media mode, or UNKNOWN with any others. */
static bool tapi_call_media_valid(u32 m)
{
	return tapi_one_media_mode(m) ||
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

int tapi_call_set(struct tapi_line_file *tf, const struct tapi_call_set *req)
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

	ret = tapi_gate_lock(&line->tdev);
	if (ret) {
		kfree(data);
		return ret;
	}
	spin_lock_irq(&line->tdev.lock);
	ret = tapi_call_for(tf, req->call_id, true);
	spin_unlock_irq(&line->tdev.lock);
	if (ret >= 0 && (req->what & TAPI_CALLSET_TREATMENT))
		ret = tapi_drv_set_treatment(line, req->call_id, req->treatment);
	if (ret < 0)
		goto out;

	spin_lock_irq(&line->tdev.lock);
	/* the call may have ended while the driver was busy */
	slot = line->tdev.dead ? -1 : tapi_call_slot(line, req->call_id);
	if (slot < 0) {
		spin_unlock_irq(&line->tdev.lock);
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
	spin_unlock_irq(&line->tdev.lock);
	ret = 0;
out:
	tapi_gate_unlock(&line->tdev);
	kfree(data);	/* the old call data, or the new on failure */
	tapi_call_wake(line);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_set);

/* A copy of a call's data: TAPI_IOC_CALL_DATA. */
static long tapi_call_data_read(struct tapi_line_file *tf, struct tapi_call_data *req,
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
	spin_lock_irq(&line->tdev.lock);
	slot = tapi_call_for(tf, req->call_id, false);
	if (slot < 0) {
		ret = slot;
	} else {
		req->size = line->calls[slot].call_data_size;
		room = min(room, req->size);
		if (room)
			memcpy(buf, line->calls[slot].call_data, room);
	}
	spin_unlock_irq(&line->tdev.lock);
	if (!ret && ((room && copy_to_user(u64_to_user_ptr(req->data), buf, room)) ||
		     copy_to_user(argp, req, sizeof(*req))))
		ret = -EFAULT;
	kfree(buf);
	return ret;
}

/* Ended call @id as @tf knew it, into @info: 0 or -ENOENT. Holds line->tdev.lock. */
static int tapi_call_ended_info(struct tapi_line_file *tf, u32 id, struct tapi_call_info *info)
{
	int i;

	lockdep_assert_held(&tf->line->tdev.lock);
	for (i = 0; id && i < TAPI_ENDED_CALLS; i++)
		if (tf->ended[i].call_id == id) {
			*info = tf->ended[i];
			return 0;
		}
	return -ENOENT;
}

int tapi_call_get_info(struct tapi_line_file *tf, struct tapi_call_info *info)
{
	struct tapi_line *line = tf->line;
	u32 id = info->call_id;
	int slot;

	if (info->flags || info->reserved0 || info->reserved)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	spin_lock_irq(&line->tdev.lock);
	slot = tapi_call_for(tf, id, false);
	if (slot >= 0) {
		tapi_call_describe(&line->calls[slot], tf->call_priv[slot], info);
		info->num_owners = tapi_call_owners(line, slot);
		info->num_monitors = tapi_call_holders(line, slot, TAPI_PRIV_MONITOR);
	} else if (slot == -ENOENT) {
		/* a call that ended: as it was, if this file knew it lately */
		slot = tapi_call_ended_info(tf, id, info);
	}
	spin_unlock_irq(&line->tdev.lock);
	return slot < 0 ? slot : 0;
}
EXPORT_SYMBOL_IF_KUNIT(tapi_call_get_info);

long tapi_call_ioctl(struct tapi_line_file *tf, unsigned int cmd, void __user *argp)
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
