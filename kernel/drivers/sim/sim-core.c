// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim, the virtual telephone exchange: the module, its exchanges and
 * their lines coming and going. What the exchange does, how to configure
 * it (configfs) and drive it (debugfs): docs/tapi_sim.md; how its files
 * share the work and its locks: sim.h.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

static unsigned int lines = 4;
module_param(lines, uint, 0444);
MODULE_PARM_DESC(lines, "lines of the default exchange (0-512, default 4; 0: none)");

static unsigned int no_answer_ms = 60000;
module_param(no_answer_ms, uint, 0444);
MODULE_PARM_DESC(no_answer_ms, "the default exchange gives up on unanswered calls after this (ms, default 60000; 0: never)");

static unsigned int first_number = 1001;
module_param(first_number, uint, 0444);
MODULE_PARM_DESC(first_number, "number of the default exchange's first line (default 1001)");

/* The locks and what they guard: sim.h. */
/* the lines' calls, sim_exchanges */
DEFINE_MUTEX(sim_call_mutex);
LIST_HEAD(sim_exchanges);
/* exchanges going live or away, their configuration */
DEFINE_MUTEX(sim_cfg_mutex);
/* the lines' audio and signals */
DEFINE_SPINLOCK(sim_lock);

struct device *sim_dev;
static struct sim_exchange *sim_default;

static const struct tapi_line_ops sim_line_ops = {
	.tick = sim_tick,
	.make_call = sim_make_call,
	.dial = sim_dial,
	.answer = sim_answer,
	.hold = sim_hold_call,
	.unhold = sim_unhold_call,
	.drop = sim_drop,
	.loop_break = sim_loop_break,
	.set_treatment = sim_set_treatment,
	.set_msg_wait = sim_set_msg_wait,
};

/*
 * Calls into lines going away (sim_dying()) end: their far end is
 * unreachable; cross-connections to them are undone. Holds sim_call_mutex.
 */
static void sim_end_calls_into_dying(void)
{
	struct sim_exchange *o;
	unsigned int k;

	lockdep_assert_held(&sim_call_mutex);
	list_for_each_entry(o, &sim_exchanges, node) {
		for (k = 0; k < o->nlines; k++) {
			struct sim_line *ol = &o->lines[k];

			if (sim_dying(ol))
				continue;
			if (ol->call.cw_id && sim_dying(ol->call.cw_peer))
				sim_cw_end(ol, TAPI_DISCONNECT_UNREACHABLE);
			if (!ol->call.call_peer || !sim_dying(ol->call.call_peer))
				continue;
			if (ol->audio.peer == ol->call.call_peer)
				sim_audio_connect(ol, NULL);
			sim_call_report(ol, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_UNREACHABLE);
			sim_call_clear(ol);
		}
	}
}

/* Nothing routes to @sl any more (sim_dying()): its delayed works stop for good. */
void sim_line_quiesce(struct sim_line *sl)
{
	spin_lock_bh(&sim_lock);
	if (sl->audio.peer)
		sl->audio.peer->audio.peer = NULL;
	sl->audio.peer = NULL;
	spin_unlock_bh(&sim_lock);
	cancel_delayed_work_sync(&sl->route_work);
	cancel_delayed_work_sync(&sl->ring_work);
	cancel_delayed_work_sync(&sl->noanswer_work);
	cancel_delayed_work_sync(&sl->far_hangup_work);
	cancel_delayed_work_sync(&sl->cw_work);
}

/* @sl, quiesced, goes: its device nodes, then what it owned. */
static void sim_line_release(struct sim_line *sl)
{
	/* no owner's change starts the hook timer again */
	mutex_lock(&sl->hook_mutex);
	sl->hook.phone_gone = true;
	mutex_unlock(&sl->hook_mutex);
	hrtimer_cancel(&sl->ring_timer);
	hrtimer_cancel(&sl->hook_timer);
	/*
	 * The line first: until it is gone a file's close may still drop its
	 * call, and the exchange then tells the telephone (its ringer and
	 * display) about it.
	 */
	tapi_line_unregister(sl->line);
	if (sl->phone)
		tapi_phone_unregister(sl->phone);
	/* the tick queues it: only once the line is gone is it idle */
	cancel_work_sync(&sl->pulse_work);
	cancel_work_sync(&sl->phone_work);
	kfree(sl->audio.rx_fault.delay_buf);
	kfree(sl->audio.tx_fault.delay_buf);
	sl->audio.rx_fault.delay_buf = NULL;
	sl->audio.tx_fault.delay_buf = NULL;
	sl->line = NULL;
	sl->phone = NULL;
}

/*
 * Take @ex's lines away, the first @n of them registered (those removed
 * alone are gone already). Calls into them from other exchanges end (the
 * far end is unreachable), cross-connections to them are undone; then
 * nothing refers to them and they can go. Holds sim_cfg_mutex (or runs at
 * module init or exit).
 */
void sim_exchange_stop(struct sim_exchange *ex, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		debugfs_remove_recursive(ex->lines[i].debugfs);

	mutex_lock(&sim_call_mutex);
	ex->dying = true;
	if (ex->ready)
		list_del(&ex->node);
	ex->ready = false;
	sim_end_calls_into_dying();
	mutex_unlock(&sim_call_mutex);

	for (i = 0; i < n; i++)
		if (ex->lines[i].line)
			sim_line_quiesce(&ex->lines[i]);
	while (n--)
		if (ex->lines[n].line)
			sim_line_release(&ex->lines[n]);
	kfree(ex->lines);
	ex->lines = NULL;
	ex->nlines = 0;
	ex->dying = false;
}

/*
 * Remove live line @sl alone (its configfs directory went): as when its
 * exchange goes, calls into it end and its files see the removal; the
 * exchange's other lines carry on. Holds sim_cfg_mutex.
 */
void sim_line_remove(struct sim_line *sl)
{
	lockdep_assert_held(&sim_cfg_mutex);
	debugfs_remove_recursive(sl->debugfs);
	sl->debugfs = NULL;
	mutex_lock(&sim_call_mutex);
	sl->gone = true;
	sim_end_calls_into_dying();
	mutex_unlock(&sim_call_mutex);
	sim_line_quiesce(sl);
	sim_line_release(sl);
}

/* The ring cadence of @zone: one TAPI_EVENT_RING per cycle. */
static u32 sim_ring_ms(const char *zone)
{
	const struct dsp_zone *z = dsp_zone_find(zone);
	u32 ms = 0;
	unsigned int i;

	for (i = 0; z && i < z->nring; i++)
		ms += z->ring[i];
	return ms ?: 6000;
}

/*
 * Bring @n lines to life in @ex. Numbers must be unique: -EEXIST when one
 * is taken, here or in another live exchange. Holds sim_cfg_mutex (or runs
 * at module init).
 */
int sim_exchange_start(struct sim_exchange *ex, const struct sim_line_spec *spec,
		       unsigned int n)
{
	struct tapi_line_desc desc = {
		.driver = "tapi_sim",
		.caps = TAPI_LINE_CAP_RING_EVENTS | TAPI_LINE_CAP_CALLERID |
			TAPI_LINE_CAP_HOOK_EVENTS | TAPI_LINE_CAP_MSGWAIT |
			TAPI_LINE_CAP_TREATMENT,
		.ops = &sim_line_ops,
		.parent = sim_dev,
	};
	char name[TAPI_NAME_LEN];
	unsigned int i, j;
	int ret = 0;

	if (!n || n > SIM_MAX_LINES)
		return -EINVAL;
	mutex_lock(&sim_call_mutex);
	for (i = 0; i < n && !ret; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(spec[i].number, spec[j].number))
				ret = -EEXIST;
		if (sim_find(spec[i].number))
			ret = -EEXIST;
	}
	mutex_unlock(&sim_call_mutex);
	if (ret)
		return ret;

	ex->lines = kcalloc(n, sizeof(*ex->lines), GFP_KERNEL);
	if (!ex->lines)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct sim_line *sl = &ex->lines[i];

		sl->ex = ex;
		strscpy(sl->conf.number, spec[i].number, sizeof(sl->conf.number));
		strscpy(sl->conf.caller_name, spec[i].caller_name, sizeof(sl->conf.caller_name));
		sl->conf.ring_ms = sim_ring_ms(spec[i].zone);
		sl->conf.zone = dsp_zone_find(spec[i].zone) ?: dsp_zone_find("us");
		sl->conf.ring_on_ms = sl->conf.zone->nring ? sl->conf.zone->ring[0] : 2000;
		sl->conf.rule = sim_zone_rule(sl->conf.zone->code);
		sl->conf.call_waiting = spec[i].call_waiting;
		sl->conf.withheld = spec[i].withheld;
		spin_lock_init(&sl->phone_lock);
		mutex_init(&sl->hook_mutex);
		tapi_hook_rx_init(&sl->loop.phone_rx, false, ktime_get_ns());
		INIT_WORK(&sl->phone_work, sim_phone_work);
		INIT_DELAYED_WORK(&sl->cw_work, sim_cw_work);
		dsp_dtmf_rx_init(&sl->audio.ex_dtmf);
		INIT_DELAYED_WORK(&sl->noanswer_work, sim_noanswer_work);
		INIT_DELAYED_WORK(&sl->far_hangup_work, sim_far_hangup_work);
		snprintf(name, sizeof(name), "tapi_sim %s %s",
			 spec[i].type == TAPI_LINE_TYPE_TRUNK ? "trunk" : "subscriber line",
			 sl->conf.number);
		desc.name = name;
		desc.address = sl->conf.number;
		desc.line_type = spec[i].type;
		desc.priv = sl;
		init_waitqueue_head(&sl->idle);
		INIT_DELAYED_WORK(&sl->route_work, sim_route_work);
		INIT_DELAYED_WORK(&sl->ring_work, sim_ring_work);
		/* -10 and -8 dBm0, 70 ms on and off: a telephone's keypad */
		dsp_dtmf_tx_init(&sl->audio.far_dtmf, -100, -80, 560, 560);
		dsp_dtmf_tx_init(&sl->audio.phone_keys, -100, -80, 560, 560);
		sl->audio.far_lfsr = 1;
		dsp_fsk_mod_init(&sl->audio.far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
		/*
		 * Rings and the telephone's loop are reported in softirq
		 * context, where a card's interrupt handler would report them
		 * (threaded on PREEMPT_RT): the core's reporting functions take
		 * ordinary spinlocks, which PREEMPT_RT turns into sleeping
		 * locks, so they are not for HRTIMER_MODE_*_HARD.
		 */
		tapi_hrtimer_setup(&sl->ring_timer, sim_ring_fn,
				   CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
		tapi_hrtimer_setup(&sl->hook_timer, sim_hook_fn,
				   CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
		INIT_WORK(&sl->pulse_work, sim_pulse_work);
		tapi_hook_rx_init(&sl->audio.pulse_rx, true, ktime_get_ns());
		sl->line = tapi_line_register(&desc);
		if (IS_ERR(sl->line)) {
			ret = PTR_ERR(sl->line);
			sim_exchange_stop(ex, i);
			return ret;
		}
		if (spec[i].type == TAPI_LINE_TYPE_SUBSCRIBER) {
			sl->phone = sim_phone_register(sl);
			if (IS_ERR(sl->phone)) {
				ret = PTR_ERR(sl->phone);
				sl->phone = NULL;
				tapi_line_unregister(sl->line);
				cancel_work_sync(&sl->pulse_work);
				sim_exchange_stop(ex, i);
				return ret;
			}
		}
		ex->nlines = i + 1;
	}

	mutex_lock(&sim_call_mutex);
	ex->ready = true;
	list_add_tail(&ex->node, &sim_exchanges);
	mutex_unlock(&sim_call_mutex);
	/* debugfs is a test interface: its absence must not stop the driver */
	for (i = 0; i < n; i++)
		sim_debugfs_add(&ex->lines[i]);
	return 0;
}

/* The module parameters' exchange: lines numbered from first_number. */
static int sim_default_start(void)
{
	struct sim_line_spec *spec;
	unsigned int i;
	int ret;

	if (!lines)
		return 0;
	if (lines > SIM_MAX_LINES || (u64)first_number + lines - 1 > U32_MAX) {
		pr_err("tapi_sim: lines must be 0-%u and numbers fit 32 bits\n",
		       SIM_MAX_LINES);
		return -EINVAL;
	}
	spec = kcalloc(lines, sizeof(*spec), GFP_KERNEL);
	sim_default = kzalloc(sizeof(*sim_default), GFP_KERNEL);
	if (!spec || !sim_default) {
		ret = -ENOMEM;
		goto out;
	}
	INIT_LIST_HEAD(&sim_default->cfg);
	sim_default->no_answer_ms = no_answer_ms;
	for (i = 0; i < lines; i++) {
		snprintf(spec[i].number, sizeof(spec[i].number), "%u", first_number + i);
		snprintf(spec[i].caller_name, sizeof(spec[i].caller_name), "Line %u",
			 first_number + i);
		spec[i].type = TAPI_LINE_TYPE_SUBSCRIBER;
		strscpy(spec[i].zone, "us", sizeof(spec[i].zone));
	}
	ret = sim_exchange_start(sim_default, spec, lines);
out:
	if (ret) {
		kfree(sim_default);
		sim_default = NULL;
	}
	kfree(spec);
	return ret;
}

static int __init sim_init(void)
{
	int ret;

	sim_dev = root_device_register("tapi_sim");
	if (IS_ERR(sim_dev))
		return PTR_ERR(sim_dev);
	sim_debugfs_init();
	ret = sim_default_start();
	if (ret)
		goto err_dev;

	ret = sim_configfs_register();
	if (ret)
		goto err_default;
	return 0;

err_default:
	if (sim_default) {
		sim_exchange_stop(sim_default, sim_default->nlines);
		kfree(sim_default);
	}
err_dev:
	sim_debugfs_exit();
	root_device_unregister(sim_dev);
	return ret;
}

static void __exit sim_exit(void)
{
	/* configfs exchanges pin the module: none is left */
	sim_configfs_unregister();
	if (sim_default) {
		sim_exchange_stop(sim_default, sim_default->nlines);
		kfree(sim_default);
	}
	sim_debugfs_exit();
	root_device_unregister(sim_dev);
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("TAPI for Linux: virtual telephone exchange");
MODULE_IMPORT_NS(TAPI_NS);
MODULE_LICENSE("GPL");
MODULE_VERSION(TAPI_VERSION);

