// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one gate for driver calls. Every operation a driver gives the core
 * is called from here and nowhere else, with the device's ops_mutex held (struct tapi_device)
 * and only while the device is live. Unregistration closes the gate under
 * the same mutex, so it waits for an operation in progress and none starts
 * after it: "is the driver still there" is decided in one place, as the
 * counter subsystem's ops_exist_lock and gpiolib's SRCU do.
 *
 * The tick's operations (tick, loop_break) are the exception: they run in
 * softirq, where no mutex may be taken, and are gated by the clock instead:
 * tapi_clock_remove() returns once no tick touches the line, and
 * unregistration calls it before anything else.
 *
 * Every function here but tapi_gate_close() expects the caller to hold
 * ops_mutex (taken with tapi_gate_lock()); lockdep checks it. Operations
 * may sleep and report events (taking the device's spinlock), so ops_mutex
 * is never taken under a spinlock.
 */
#include <linux/lockdep.h>
#include <linux/mutex.h>

#include "tapi_core.h"

/*
 * Lock the gate for a request: 0, -ERESTARTSYS on a signal (nothing was
 * done: the call restarts, or fails with EINTR), -ENODEV once closed.
 */
int tapi_gate_lock(struct tapi_device *tdev)
{
	if (mutex_lock_interruptible(&tdev->ops_mutex))
		return -ERESTARTSYS;
	if (!tdev->ops_live) {
		mutex_unlock(&tdev->ops_mutex);
		return -ENODEV;
	}
	return 0;
}

/* The same for what must happen anyway (a file being closed): no signal. */
int tapi_gate_lock_always(struct tapi_device *tdev)
{
	mutex_lock(&tdev->ops_mutex);
	if (!tdev->ops_live) {
		mutex_unlock(&tdev->ops_mutex);
		return -ENODEV;
	}
	return 0;
}

void tapi_gate_unlock(struct tapi_device *tdev)
{
	mutex_unlock(&tdev->ops_mutex);
}

/* The device is going: wait for the operation in progress, allow no more. */
void tapi_gate_close(struct tapi_device *tdev)
{
	mutex_lock(&tdev->ops_mutex);
	tdev->ops_live = false;
	mutex_unlock(&tdev->ops_mutex);
}

/* The driver can still be asked: the caller holds the gate. */
static bool tapi_gate_live(struct tapi_device *tdev)
{
	lockdep_assert_held(&tdev->ops_mutex);
	return tdev->ops_live;
}

int tapi_drv_make_call(struct tapi_line *line, u32 id, const char *dial, u32 media)
{
	if (!tapi_gate_live(&line->tdev))
		return -ENODEV;
	if (!line->ops || !line->ops->make_call)
		return -EOPNOTSUPP;
	return line->ops->make_call(line, id, dial, media);
}

int tapi_drv_dial(struct tapi_line *line, u32 id, const char *dial)
{
	if (!tapi_gate_live(&line->tdev))
		return -ENODEV;
	if (!line->ops || !line->ops->dial)
		return -EOPNOTSUPP;
	return line->ops->dial(line, id, dial);
}

int tapi_drv_answer(struct tapi_line *line, u32 id)
{
	if (!tapi_gate_live(&line->tdev))
		return -ENODEV;
	if (!line->ops || !line->ops->answer)
		return -EOPNOTSUPP;
	return line->ops->answer(line, id);
}

int tapi_drv_hold(struct tapi_line *line, u32 id, bool hold)
{
	int (*op)(struct tapi_line *line, u32 call_id);

	if (!tapi_gate_live(&line->tdev))
		return -ENODEV;
	op = !line->ops ? NULL : hold ? line->ops->hold : line->ops->unhold;
	return op ? op(line, id) : -EOPNOTSUPP;
}

/* Hang up: the driver has nothing to say about it, so nothing is returned. */
void tapi_drv_drop(struct tapi_line *line, u32 id)
{
	if (tapi_gate_live(&line->tdev) && line->ops && line->ops->drop)
		line->ops->drop(line, id);
}

int tapi_drv_set_treatment(struct tapi_line *line, u32 id, u32 treatment)
{
	if (!tapi_gate_live(&line->tdev))
		return -ENODEV;
	if (!line->ops || !line->ops->set_treatment)
		return -EOPNOTSUPP;
	return line->ops->set_treatment(line, id, treatment);
}

int tapi_drv_set_msg_wait(struct tapi_line *line, bool on)
{
	if (!tapi_gate_live(&line->tdev))
		return -ENODEV;
	if (!line->ops || !line->ops->set_msg_wait)
		return -EOPNOTSUPP;
	return line->ops->set_msg_wait(line, on);
}

int tapi_drv_phone_set(struct tapi_phone *ph, const struct tapi_phone_set *req)
{
	if (!tapi_gate_live(&ph->tdev))
		return -ENODEV;
	if (!ph->ops || !ph->ops->set)
		return -EOPNOTSUPP;
	return ph->ops->set(ph, req);
}
