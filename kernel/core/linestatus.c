// SPDX-License-Identifier: GPL-2.0-only
/*
 * A line's status (TAPI_IOC_LINE_STATUS, TAPI's lineGetLineDevStatus): in
 * service or not, hook, message waiting, the open files and what they asked
 * for, and how many calls are in which kind of state. One snapshot, taken
 * under line->tdev.lock.
 */
#include <linux/string.h>
#include <linux/uaccess.h>

#include "tapi_core.h"

long tapi_line_status(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_line_status st;
	struct tapi_line_file *f;
	int slot;

	if (copy_from_user(&st, argp, sizeof(st)))
		return -EFAULT;
	if (st.flags || memchr_inv(st.reserved, 0, sizeof(st.reserved)))
		return -EINVAL;
	memset(&st, 0, sizeof(st));
	st.status = TAPI_STATUS_CONNECTED;
	st.hook = READ_ONCE(line->hook_off) ? TAPI_HOOK_OFFHOOK : TAPI_HOOK_ONHOOK;
	st.num_rings = TAPI_NUM_RINGS_NONE;
	spin_lock_irq(&line->tdev.lock);
	if (!line->out_of_service)
		st.status |= TAPI_STATUS_INSERVICE;
	if (line->msg_wait)
		st.status |= TAPI_STATUS_MSGWAIT;
	tapi_for_each_line_file(f, line) {
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
	spin_unlock_irq(&line->tdev.lock);
	return copy_to_user(argp, &st, sizeof(st)) ? -EFAULT : 0;
}
