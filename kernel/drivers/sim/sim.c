// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim: the virtual telephone exchange. This first form provides
 * subscriber lines with numbers (module parameters) that call each other,
 * and lets a test ring them and play digits through debugfs; the full
 * exchange grows from here.
 *
 * Calls: a line makes a call by dialing another line's number. Unknown
 * numbers give TAPI_CALL_DISCONNECTED (bad address), a line with a call
 * gives TAPI_CALL_BUSY; otherwise the caller hears ringback and the called
 * line is offered the call, with the caller's number and media mode, and
 * rings every SIM_RING_MS; after the first ring the exchange also sends
 * caller ID in-band (Bell 202 FSK, MDMF: number and the calling line's
 * name), as exchanges do to a telephone. Answering connects both lines' audio; either end
 * hanging up disconnects the other (rejected, when the called line hangs
 * up without answering). Digits dialed on a connected call reach the other
 * line in-band. A line takes one call at a time.
 *
 *   /sys/kernel/debug/tapi_sim/<number>/ring   write N: ring the line N times;
 *                                              returns once all are reported
 *   /sys/kernel/debug/tapi_sim/<number>/dtmf   write digits: the far end sends
 *                                              them in-band (70 ms on, 70 ms off)
 *   /sys/kernel/debug/tapi_sim/<number>/connect  write a number: cross-connect
 *                                              the two lines' audio; "0": none
 *   /sys/kernel/debug/tapi_sim/<number>/hook   the line's telephone: write
 *                                              "off", "on", "flash" (a 500 ms
 *                                              break), "break MS" or "pulse
 *                                              DIGITS" (10 pulses/s, 60/40,
 *                                              700 ms between digits); returns
 *                                              once all of it has happened
 *   /sys/kernel/debug/tapi_sim/<number>/service  write 0 or 1: the line goes
 *                                              out of service, or back
 *
 * Pulse dialing: when the core dials pulses on a line (loop_break), the
 * exchange times the breaks with the core's loop receiver and, while the
 * call waits for its number (dial tone, dialing), takes the digits as
 * dialed; it routes as soon as they make a line's number, else after
 * SIM_PULSE_ROUTE_MS without another digit. The telephone's hook (debugfs)
 * is reported to the core as it changes, from an hrtimer; the exchange
 * does not act on it yet.
 *
 * Rings are reported from an hrtimer in hard interrupt context, the way a
 * card's interrupt would report them, so tests exercise the core's
 * any-context path.
 *
 * Locking: sim_line->pending is atomic; the ring timer is the only reporter
 * of a line and owns ring_no. sim_lock (bottom halves off) guards every
 * line's far-end DTMF generator and cross-connection, shared by debugfs
 * writers and the core's tick. The core runs the lines' ticks one after
 * another, so a line reads its peer's last_tx while nothing writes it.
 * Module exit removes debugfs (which waits for writers) before cancelling
 * timers and unregistering lines.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "tapi_compat.h"
#include "tapi_driver.h"
#include "../../dsp/dtmf.h"
#include "../../dsp/callerid.h"

#define SIM_MAX_LINES		512
#define SIM_RINGS_PER_TICK	64
#define SIM_MAX_RING_WRITE	1000000
#define SIM_ROUTE_MS		20	/* from the last digit to ringback */
#define SIM_RING_MS		6000	/* between rings of an offered call */
#define SIM_PULSE_ROUTE_MS	4000	/* after the last pulse digit, if no number matched */
#define SIM_HOOK_DIGITS		16	/* in one "pulse" write */
#define SIM_HOOK_STEPS		(SIM_HOOK_DIGITS * 20 + 2)
#define SIM_HOOK_MAX_BREAK_MS	5000

struct sim_hook_step {
	u16 ms;				/* how long, before the next step */
	bool closed;			/* the loop: closed (off-hook) or broken */
};

static unsigned int lines = 4;
module_param(lines, uint, 0444);
MODULE_PARM_DESC(lines, "number of subscriber lines (1-512, default 4)");

static unsigned int first_number = 1001;
module_param(first_number, uint, 0444);
MODULE_PARM_DESC(first_number, "number of the first line (default 1001)");

struct sim_line {
	struct tapi_line *line;
	char number[TAPI_ADDRESS_LEN];
	struct hrtimer ring_timer;
	atomic_t pending;
	wait_queue_head_t idle;		/* woken when pending drops to 0 */
	u32 ring_no;
	struct dsp_dtmf_tx far_dtmf;	/* what the far end sends in-band */
	struct dsp_fsk_mod far_fsk;	/* caller ID the exchange sends in-band */
	struct sim_line *peer;		/* cross-connected line, or NULL */
	s16 last_tx[8];			/* what the line sent at its last tick */

	/* the line's call, under sim_call_mutex */
	u32 call_id;			/* the core's ID, 0 for none */
	u32 call_state;			/* TAPI_CALL_*, as reported */
	u32 media_mode;
	struct sim_line *call_peer;	/* the other end, once it rings */
	char dialed[TAPI_DIAL_LEN];
	u32 call_rings;
	struct delayed_work route_work;	/* the number is complete: route it */
	struct delayed_work ring_work;	/* ring an offered call */

	/* the telephone's hook (debugfs), played by hook_timer */
	struct hrtimer hook_timer;
	struct sim_hook_step hook_steps[SIM_HOOK_STEPS];
	unsigned int hook_n;
	unsigned int hook_i;
	atomic_t hook_busy;

	/* pulses the line dials, under sim_lock */
	struct tapi_hook_rx pulse_rx;
	char pulse_digits[SIM_HOOK_DIGITS + 1];
	struct work_struct pulse_work;	/* take them as dialed */
};

/*
 * sim_call_mutex guards every line's call fields, sim_ready and sim_exiting. The core
 * calls the call operations in process context; the works run there too.
 * A call reaches into its peer's line, so once the module starts exiting
 * (before any line is unregistered) nothing reports to another line.
 */
static DEFINE_MUTEX(sim_call_mutex);
static bool sim_ready;		/* every line registered: calls may route */
static bool sim_exiting;

static DEFINE_SPINLOCK(sim_lock);
static DEFINE_MUTEX(sim_hook_mutex);	/* one hook write at a time */

static struct device *sim_dev;
static struct dentry *sim_debugfs;
static struct sim_line *sim_lines;
static unsigned int sim_nlines;

static enum hrtimer_restart sim_ring_fn(struct hrtimer *t)
{
	struct sim_line *sl = container_of(t, struct sim_line, ring_timer);
	int i, n = min(atomic_read(&sl->pending), SIM_RINGS_PER_TICK);

	for (i = 0; i < n; i++) {
		u32 param = ++sl->ring_no;

		tapi_line_report(sl->line, TAPI_EVENT_RING, 0, &param, 1);
	}
	/* Spread large bursts over several timer runs, 10 us apart. */
	if (atomic_sub_return(n, &sl->pending) > 0) {
		hrtimer_forward_now(t, ns_to_ktime(10 * NSEC_PER_USEC));
		return HRTIMER_RESTART;
	}
	wake_up_all(&sl->idle);
	return HRTIMER_NORESTART;
}

static ssize_t sim_ring_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	unsigned int n;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &n);
	if (ret)
		return ret;
	if (!n || n > SIM_MAX_RING_WRITE)
		return -EINVAL;
	if (atomic_add_return(n, &sl->pending) > SIM_MAX_RING_WRITE) {
		atomic_sub(n, &sl->pending);
		return -EBUSY;
	}
	hrtimer_start(&sl->ring_timer, 0, HRTIMER_MODE_REL_HARD);
	ret = wait_event_interruptible(sl->idle, !atomic_read(&sl->pending));
	return ret ? ret : count;
}

static ssize_t sim_dtmf_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char digits[DSP_DTMF_TX_QLEN + 2];
	int ret;

	if (count > DSP_DTMF_TX_QLEN + 1)
		return -EINVAL;
	if (copy_from_user(digits, ubuf, count))
		return -EFAULT;
	digits[count] = 0;
	if (count && digits[count - 1] == '\n')
		digits[count - 1] = 0;
	if (!digits[0])
		return -EINVAL;

	spin_lock_bh(&sim_lock);
	ret = dsp_dtmf_tx_queue(&sl->far_dtmf, digits);
	spin_unlock_bh(&sim_lock);
	if (ret == -1)
		return -EINVAL;
	if (ret)
		return -ENOSPC;
	return count;
}

static const struct file_operations sim_dtmf_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_dtmf_write,
	.llseek = default_llseek,
};

static enum hrtimer_restart sim_hook_fn(struct hrtimer *t)
{
	struct sim_line *sl = container_of(t, struct sim_line, hook_timer);
	const struct sim_hook_step *st = &sl->hook_steps[sl->hook_i++];

	tapi_line_hook(sl->line, st->closed);
	if (sl->hook_i < sl->hook_n) {
		/* from the last expiry, so the steps do not drift */
		hrtimer_forward(t, hrtimer_get_expires(t), ms_to_ktime(st->ms));
		return HRTIMER_RESTART;
	}
	atomic_set(&sl->hook_busy, 0);
	wake_up_all(&sl->idle);
	return HRTIMER_NORESTART;
}

static void sim_hook_add(struct sim_line *sl, bool closed, u16 ms)
{
	sl->hook_steps[sl->hook_n].closed = closed;
	sl->hook_steps[sl->hook_n++].ms = ms;
}

/* Turn a "hook" write into steps. */
static int sim_hook_parse(struct sim_line *sl, char *cmd)
{
	unsigned int ms, i, k;
	char *arg;

	sl->hook_n = 0;
	sl->hook_i = 0;
	arg = strchr(cmd, ' ');
	if (arg)
		*arg++ = 0;
	if (!strcmp(cmd, "off") && !arg) {
		sim_hook_add(sl, true, 0);
	} else if (!strcmp(cmd, "on") && !arg) {
		sim_hook_add(sl, false, 0);
	} else if ((!strcmp(cmd, "flash") && !arg) ||
		   (!strcmp(cmd, "break") && arg)) {
		if (!arg)
			ms = 500;
		else if (kstrtouint(arg, 10, &ms) || !ms || ms > SIM_HOOK_MAX_BREAK_MS)
			return -EINVAL;
		sim_hook_add(sl, false, ms);
		sim_hook_add(sl, true, 0);
	} else if (!strcmp(cmd, "pulse") && arg) {
		if (!arg[0] || strlen(arg) > SIM_HOOK_DIGITS)
			return -EINVAL;
		for (i = 0; arg[i]; i++) {
			if (arg[i] < '0' || arg[i] > '9')
				return -EINVAL;
			for (k = arg[i] == '0' ? 10 : arg[i] - '0'; k; k--) {
				sim_hook_add(sl, false, TAPI_PULSE_BREAK_MS);
				sim_hook_add(sl, true, k > 1 ? TAPI_PULSE_MAKE_MS : 700);
			}
		}
	} else {
		return -EINVAL;
	}
	return 0;
}

static ssize_t sim_hook_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char cmd[32];
	int ret;

	if (!count || count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = 0;
	if (cmd[count - 1] == '\n')
		cmd[count - 1] = 0;

	ret = mutex_lock_interruptible(&sim_hook_mutex);
	if (ret)
		return ret;
	/* a write interrupted before its steps ended leaves them running */
	if (atomic_read(&sl->hook_busy)) {
		ret = -EBUSY;
		goto out;
	}
	ret = sim_hook_parse(sl, cmd);
	if (ret)
		goto out;
	atomic_set(&sl->hook_busy, 1);
	hrtimer_start(&sl->hook_timer, 0, HRTIMER_MODE_REL_HARD);
	ret = wait_event_interruptible(sl->idle, !atomic_read(&sl->hook_busy));
out:
	mutex_unlock(&sim_hook_mutex);
	return ret ? ret : count;
}

static const struct file_operations sim_hook_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_hook_write,
	.llseek = default_llseek,
};

static ssize_t sim_service_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	bool on;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &on);
	if (ret)
		return ret;
	tapi_line_set_in_service(sl->line, on);
	return count;
}

static const struct file_operations sim_service_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_service_write,
	.llseek = default_llseek,
};

static struct sim_line *sim_find(const char *number)
{
	unsigned int i;

	for (i = 0; i < sim_nlines; i++)
		if (!strcmp(sim_lines[i].number, number))
			return &sim_lines[i];
	return NULL;
}

static ssize_t sim_connect_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data, *peer = NULL;
	char number[TAPI_ADDRESS_LEN];

	if (!count || count >= sizeof(number))
		return -EINVAL;
	if (copy_from_user(number, ubuf, count))
		return -EFAULT;
	number[count] = 0;
	if (number[count - 1] == '\n')
		number[count - 1] = 0;
	if (strcmp(number, "0")) {
		peer = sim_find(number);
		if (!peer || peer == sl)
			return -ENOENT;
	}

	spin_lock_bh(&sim_lock);
	if (peer && peer->peer && peer->peer != sl) {
		spin_unlock_bh(&sim_lock);
		return -EBUSY;
	}
	if (sl->peer)
		sl->peer->peer = NULL;
	sl->peer = peer;
	if (peer)
		peer->peer = sl;
	spin_unlock_bh(&sim_lock);
	return count;
}

static const struct file_operations sim_connect_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_connect_write,
	.llseek = default_llseek,
};

/*
 * The core's 1 ms tick: the line receives what its cross-connected peer
 * last sent, plus what the far end keys in-band.
 */
static void sim_tick(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n)
{
	struct sim_line *sl = tapi_line_priv(line);
	s16 dtmf[8], fsk[8] = { 0 };
	unsigned int i;

	if (WARN_ON_ONCE(n > ARRAY_SIZE(dtmf)))
		n = ARRAY_SIZE(dtmf);
	spin_lock(&sim_lock);
	dsp_dtmf_tx_generate(&sl->far_dtmf, dtmf, n);
	if (dsp_fsk_mod_busy(&sl->far_fsk))
		dsp_fsk_mod_generate(&sl->far_fsk, fsk, n);
	for (i = 0; i < n; i++)
		rx[i] = dsp_sat16((s32)dtmf[i] + fsk[i] +
				  (sl->peer ? sl->peer->last_tx[i] : 0));
	memcpy(sl->last_tx, tx, n * sizeof(*tx));
	if (tapi_hook_rx_busy(&sl->pulse_rx)) {
		struct tapi_hook_ev ev;
		size_t len = strlen(sl->pulse_digits);

		if (tapi_hook_rx_poll(&sl->pulse_rx, ktime_get_ns(), &ev) &&
		    ev.what == TAPI_HOOK_DIGIT && len < SIM_HOOK_DIGITS) {
			sl->pulse_digits[len] = ev.arg;
			schedule_work(&sl->pulse_work);
		}
	}
	spin_unlock(&sim_lock);
}

/* The core dials pulses: the exchange times them (the tick, softirq). */
static void sim_loop_break(struct tapi_line *line, bool brk)
{
	struct sim_line *sl = tapi_line_priv(line);
	struct tapi_hook_ev ev;

	spin_lock(&sim_lock);
	/* a flash or going on-hook means nothing to a call being dialed yet */
	tapi_hook_rx_change(&sl->pulse_rx, !brk, ktime_get_ns(), &ev);
	spin_unlock(&sim_lock);
}

/* Caller ID is sent while a call rings: answering or hanging up ends it. */
static void sim_stop_caller_id(struct sim_line *sl)
{
	spin_lock_bh(&sim_lock);
	dsp_fsk_mod_init(&sl->far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
	spin_unlock_bh(&sim_lock);
}

/* Forget @sl's call; the core is told by whoever calls this. */
static void sim_call_clear(struct sim_line *sl)
{
	sim_stop_caller_id(sl);
	sl->call_id = 0;
	sl->call_state = 0;
	sl->call_peer = NULL;
	sl->dialed[0] = 0;
	cancel_delayed_work(&sl->route_work);
	cancel_delayed_work(&sl->ring_work);
}

static void sim_call_report(struct sim_line *sl, u32 state, u32 detail)
{
	sl->call_state = state;
	tapi_call_state(sl->line, sl->call_id, state, detail);
}

/* Cross-connect two lines' audio, or undo it (@b NULL). */
static void sim_audio_connect(struct sim_line *a, struct sim_line *b)
{
	spin_lock_bh(&sim_lock);
	if (a->peer)
		a->peer->peer = NULL;
	if (b && b->peer)
		b->peer->peer = NULL;
	a->peer = b;
	if (b)
		b->peer = a;
	spin_unlock_bh(&sim_lock);
}

/* A dial string is complete unless it ends in ';' (TAPI: more to come). */
static bool sim_dial_complete(const char *dialed)
{
	size_t len = strlen(dialed);

	return len && dialed[len - 1] != ';';
}

/* Append what was dialed, keeping only the digits that route. */
static int sim_dial_append(struct sim_line *sl, const char *dial)
{
	size_t len = strlen(sl->dialed);

	for (; *dial; dial++) {
		if (!strchr("0123456789*#", *dial))
			continue;
		if (len + 1 >= sizeof(sl->dialed))
			return -ENOSPC;
		sl->dialed[len++] = *dial;
	}
	sl->dialed[len] = 0;
	return 0;
}

static void sim_ring_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   ring_work);

	mutex_lock(&sim_call_mutex);
	if (!sim_exiting && sl->call_id && sl->call_state == TAPI_CALL_OFFERING) {
		u32 param = ++sl->call_rings;

		tapi_line_report(sl->line, TAPI_EVENT_RING, 0, &param, 1);
		schedule_delayed_work(&sl->ring_work, msecs_to_jiffies(SIM_RING_MS));
	}
	mutex_unlock(&sim_call_mutex);
}

/* Caller ID of @from, in-band on @to (after the first ring). */
static void sim_send_caller_id(struct sim_line *to, struct sim_line *from)
{
	struct dsp_cid_info info = { 0 };
	u8 msg[DSP_CID_MSG_MAX];
	int len;

	strscpy(info.number, from->number, sizeof(info.number));
	snprintf(info.name, sizeof(info.name), "Line %s", from->number);
	len = dsp_cid_encode_mdmf(&info, msg, sizeof(msg));
	if (WARN_ON_ONCE(len < 0))
		return;
	spin_lock_bh(&sim_lock);
	/* a caller ID still being sent (a call just before) is replaced */
	dsp_fsk_mod_init(&to->far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
	dsp_fsk_mod_start(&to->far_fsk, DSP_FSK_SEIZURE_BITS, DSP_FSK_MARK_BELL, msg, len, 10);
	spin_unlock_bh(&sim_lock);
}

static void sim_route_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   route_work);
	struct tapi_call_params p = {
		.media_mode = 0,
		.origin = TAPI_ORIGIN_INTERNAL,
	};
	struct sim_line *to;
	int id;

	mutex_lock(&sim_call_mutex);
	if (sim_exiting || !sl->call_id || sl->call_state != TAPI_CALL_DIALING)
		goto out;
	to = sim_find(sl->dialed);
	if (!to) {
		sim_call_report(sl, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_BADADDRESS);
		sim_call_clear(sl);
		goto out;
	}
	if (to == sl || to->call_id) {
		sim_call_report(sl, TAPI_CALL_BUSY, 0);
		goto out;
	}
	p.media_mode = sl->media_mode;
	p.caller = sl->number;
	p.called = to->number;
	id = tapi_call_offer(to->line, &p);
	if (id < 0) {
		sim_call_report(sl, TAPI_CALL_BUSY, 0);
		goto out;
	}
	sim_send_caller_id(to, sl);
	to->call_id = id;
	to->call_state = TAPI_CALL_OFFERING;
	to->call_peer = sl;
	to->call_rings = 0;
	sl->call_peer = to;
	sim_call_report(sl, TAPI_CALL_RINGBACK, 0);
	schedule_delayed_work(&to->ring_work, 0);
out:
	mutex_unlock(&sim_call_mutex);
}

/* Pulse digits the line dialed: the number grows, as with sim_dial(). */
static void sim_pulse_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(w, struct sim_line, pulse_work);
	char digits[SIM_HOOK_DIGITS + 1];

	spin_lock_bh(&sim_lock);
	strscpy(digits, sl->pulse_digits, sizeof(digits));
	sl->pulse_digits[0] = 0;
	spin_unlock_bh(&sim_lock);

	mutex_lock(&sim_call_mutex);
	if (sim_exiting || !sl->call_id ||
	    (sl->call_state != TAPI_CALL_DIALTONE && sl->call_state != TAPI_CALL_DIALING))
		goto out;
	if (sim_dial_append(sl, digits))
		goto out;
	if (sl->call_state != TAPI_CALL_DIALING)
		sim_call_report(sl, TAPI_CALL_DIALING, 0);
	mod_delayed_work(system_wq, &sl->route_work,
			 msecs_to_jiffies(sim_find(sl->dialed) ? SIM_ROUTE_MS :
					  SIM_PULSE_ROUTE_MS));
out:
	mutex_unlock(&sim_call_mutex);
}

static int sim_make_call(struct tapi_line *line, u32 call_id, const char *dial,
			 u32 media_mode)
{
	struct sim_line *sl = tapi_line_priv(line);
	int ret = 0;

	mutex_lock(&sim_call_mutex);
	if (sim_exiting) {
		ret = -ENODEV;
	} else if (!sim_ready || sl->call_id) {
		/* a line's node opens before the others (or it) are registered */
		ret = -EBUSY;
	} else {
		sl->dialed[0] = 0;
		ret = sim_dial_append(sl, dial);
		if (!ret) {
			sl->call_id = call_id;
			sl->media_mode = media_mode;
			/* the core shows the first state itself */
			sl->call_state = dial[0] ? TAPI_CALL_DIALING : TAPI_CALL_DIALTONE;
			if (sim_dial_complete(dial))
				schedule_delayed_work(&sl->route_work,
						      msecs_to_jiffies(SIM_ROUTE_MS));
		}
	}
	mutex_unlock(&sim_call_mutex);
	return ret;
}

static int sim_dial(struct tapi_line *line, u32 call_id, const char *dial)
{
	struct sim_line *sl = tapi_line_priv(line);
	int ret = 0;

	mutex_lock(&sim_call_mutex);
	if (sim_exiting) {
		ret = -ENODEV;
	} else if (call_id != sl->call_id) {
		ret = -ENOENT;
	} else if (sl->call_state == TAPI_CALL_CONNECTED) {
		/* in-band, to the other end */
		spin_lock_bh(&sim_lock);
		ret = dsp_dtmf_tx_queue(&sl->call_peer->far_dtmf, dial);
		spin_unlock_bh(&sim_lock);
		ret = ret == -1 ? -EINVAL : ret ? -ENOSPC : 0;
	} else if (sl->call_state == TAPI_CALL_DIALTONE ||
		   sl->call_state == TAPI_CALL_DIALING) {
		ret = sim_dial_append(sl, dial);
		if (!ret) {
			if (sl->call_state != TAPI_CALL_DIALING)
				sim_call_report(sl, TAPI_CALL_DIALING, 0);
			if (sim_dial_complete(dial))
				mod_delayed_work(system_wq, &sl->route_work,
						 msecs_to_jiffies(SIM_ROUTE_MS));
		}
	} else {
		ret = -EBUSY;
	}
	mutex_unlock(&sim_call_mutex);
	return ret;
}

static int sim_answer(struct tapi_line *line, u32 call_id)
{
	struct sim_line *sl = tapi_line_priv(line), *from;
	int ret = 0;

	mutex_lock(&sim_call_mutex);
	from = sl->call_peer;
	if (sim_exiting) {
		ret = -ENODEV;
	} else if (call_id != sl->call_id || !from) {
		ret = -ENOENT;
	} else if (sl->call_state != TAPI_CALL_OFFERING) {
		ret = -EBUSY;
	} else {
		cancel_delayed_work(&sl->ring_work);
		sim_stop_caller_id(sl);
		sim_audio_connect(sl, from);
		sim_call_report(sl, TAPI_CALL_CONNECTED, 0);
		sim_call_report(from, TAPI_CALL_CONNECTED, 0);
	}
	mutex_unlock(&sim_call_mutex);
	return ret;
}

/*
 * Hold: the held line's audio leaves the call (the other end hears
 * silence and stays connected); taking it off hold brings it back.
 */
static int sim_hold(struct tapi_line *line, u32 call_id, bool hold)
{
	struct sim_line *sl = tapi_line_priv(line);
	u32 want = hold ? TAPI_CALL_CONNECTED : TAPI_CALL_ONHOLD;
	int ret = 0;

	mutex_lock(&sim_call_mutex);
	if (sim_exiting)
		ret = -ENODEV;
	else if (call_id != sl->call_id || !sl->call_peer)
		ret = -ENOENT;
	else if (sl->call_state != want)
		ret = -EBUSY;
	if (!ret) {
		sim_audio_connect(sl, hold ? NULL : sl->call_peer);
		sim_call_report(sl, hold ? TAPI_CALL_ONHOLD : TAPI_CALL_CONNECTED, 0);
	}
	mutex_unlock(&sim_call_mutex);
	return ret;
}

static int sim_hold_call(struct tapi_line *line, u32 call_id)
{
	return sim_hold(line, call_id, true);
}

static int sim_unhold_call(struct tapi_line *line, u32 call_id)
{
	return sim_hold(line, call_id, false);
}

static void sim_drop(struct tapi_line *line, u32 call_id)
{
	struct sim_line *sl = tapi_line_priv(line), *peer;

	mutex_lock(&sim_call_mutex);
	peer = sl->call_peer;
	if (call_id == sl->call_id) {
		/* once exiting, the other lines may be gone: tell nobody */
		if (peer && peer->call_peer == sl && !sim_exiting) {
			/* the called line refusing is a rejection to the caller */
			u32 why = sl->call_state == TAPI_CALL_OFFERING ?
				  TAPI_DISCONNECT_REJECT : TAPI_DISCONNECT_NORMAL;

			if (sl->call_state == TAPI_CALL_CONNECTED ||
			    peer->call_state == TAPI_CALL_CONNECTED)
				sim_audio_connect(sl, NULL);
			sim_call_report(peer, TAPI_CALL_DISCONNECTED, why);
			sim_call_clear(peer);
		}
		sim_call_clear(sl);
	}
	mutex_unlock(&sim_call_mutex);
}

static const struct tapi_line_ops sim_line_ops = {
	.tick = sim_tick,
	.make_call = sim_make_call,
	.dial = sim_dial,
	.answer = sim_answer,
	.hold = sim_hold_call,
	.unhold = sim_unhold_call,
	.drop = sim_drop,
	.loop_break = sim_loop_break,
};

static const struct file_operations sim_ring_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_ring_write,
	.llseek = default_llseek,
};

static void sim_remove_lines(unsigned int n)
{
	unsigned int i;

	/* Stop the calls first: a line's works reach other lines. */
	mutex_lock(&sim_call_mutex);
	sim_exiting = true;
	mutex_unlock(&sim_call_mutex);
	for (i = 0; i < n; i++) {
		cancel_delayed_work_sync(&sim_lines[i].route_work);
		cancel_delayed_work_sync(&sim_lines[i].ring_work);
	}
	while (n--) {
		hrtimer_cancel(&sim_lines[n].ring_timer);
		hrtimer_cancel(&sim_lines[n].hook_timer);
		tapi_line_unregister(sim_lines[n].line);
		/* the tick queues it: only once the line is gone is it idle */
		cancel_work_sync(&sim_lines[n].pulse_work);
	}
}

static int __init sim_init(void)
{
	struct tapi_line_desc desc = {
		.driver = "tapi_sim",
		.line_type = TAPI_LINE_TYPE_SUBSCRIBER,
		.caps = TAPI_LINE_CAP_RING_EVENTS | TAPI_LINE_CAP_CALLERID |
			TAPI_LINE_CAP_HOOK_EVENTS,
		.ops = &sim_line_ops,
	};
	char name[TAPI_NAME_LEN];
	unsigned int i;
	int ret;

	if (!lines || lines > SIM_MAX_LINES ||
	    (u64)first_number + lines - 1 > U32_MAX) {
		pr_err("tapi_sim: lines must be 1-%u and numbers fit 32 bits\n",
		       SIM_MAX_LINES);
		return -EINVAL;
	}

	sim_lines = kcalloc(lines, sizeof(*sim_lines), GFP_KERNEL);
	if (!sim_lines)
		return -ENOMEM;

	sim_dev = root_device_register("tapi_sim");
	if (IS_ERR(sim_dev)) {
		ret = PTR_ERR(sim_dev);
		goto err_free;
	}
	desc.parent = sim_dev;

	for (i = 0; i < lines; i++) {
		struct sim_line *sl = &sim_lines[i];

		snprintf(sl->number, sizeof(sl->number), "%u", first_number + i);
		snprintf(name, sizeof(name), "tapi_sim subscriber line %s",
			 sl->number);
		desc.name = name;
		desc.address = sl->number;
		desc.priv = sl;
		init_waitqueue_head(&sl->idle);
		INIT_DELAYED_WORK(&sl->route_work, sim_route_work);
		INIT_DELAYED_WORK(&sl->ring_work, sim_ring_work);
		/* -10 and -8 dBm0, 70 ms on and off: a telephone's keypad */
		dsp_dtmf_tx_init(&sl->far_dtmf, -100, -80, 560, 560);
		dsp_fsk_mod_init(&sl->far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
		tapi_hrtimer_setup(&sl->ring_timer, sim_ring_fn,
				   CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		tapi_hrtimer_setup(&sl->hook_timer, sim_hook_fn,
				   CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		INIT_WORK(&sl->pulse_work, sim_pulse_work);
		tapi_hook_rx_init(&sl->pulse_rx, true, ktime_get_ns());
		sl->line = tapi_line_register(&desc);
		if (IS_ERR(sl->line)) {
			ret = PTR_ERR(sl->line);
			goto err_lines;
		}
		sim_nlines = i + 1;
	}

	mutex_lock(&sim_call_mutex);
	sim_ready = true;
	mutex_unlock(&sim_call_mutex);

	/* debugfs is a test interface: its absence must not stop the driver. */
	sim_debugfs = debugfs_create_dir("tapi_sim", NULL);
	for (i = 0; i < sim_nlines; i++) {
		struct dentry *dir = debugfs_create_dir(sim_lines[i].number,
							sim_debugfs);

		debugfs_create_file("ring", 0200, dir, &sim_lines[i],
				    &sim_ring_fops);
		debugfs_create_file("dtmf", 0200, dir, &sim_lines[i],
				    &sim_dtmf_fops);
		debugfs_create_file("connect", 0200, dir, &sim_lines[i],
				    &sim_connect_fops);
		debugfs_create_file("hook", 0200, dir, &sim_lines[i],
				    &sim_hook_fops);
		debugfs_create_file("service", 0200, dir, &sim_lines[i],
				    &sim_service_fops);
	}
	return 0;

err_lines:
	sim_remove_lines(sim_nlines);
	root_device_unregister(sim_dev);
err_free:
	kfree(sim_lines);
	return ret;
}

static void __exit sim_exit(void)
{
	debugfs_remove_recursive(sim_debugfs);
	sim_remove_lines(sim_nlines);
	root_device_unregister(sim_dev);
	kfree(sim_lines);
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("TAPI for Linux: virtual telephone exchange");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1.0");
