// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim: the telephone on a subscriber line. Its hook (the debugfs
 * hook steps, played by an hrtimer), the loop as the exchange sees it,
 * and the TAPI phone device: hookswitch, ringer, display, buttons.
 */
#include <linux/sched.h>
#include <linux/string.h>

#include "sim.h"

/*
 * The telephone's loop changed, or its receiver ran a timeout: keep what it
 * means for phone_work. Caller holds phone_lock.
 */
static void sim_phone_note(struct sim_line *sl, unsigned int got, const struct tapi_hook_ev *ev)
{
	lockdep_assert_held(&sl->phone_lock);
	if (got && sl->loop.phone_nev < SIM_PHONE_EVENTS) {
		sl->loop.phone_ev[sl->loop.phone_nev++] = *ev;
		schedule_work(&sl->phone_work);
	}
	WRITE_ONCE(sl->loop.phone_timing, tapi_hook_rx_busy(&sl->loop.phone_rx));
}

/* The tick runs the telephone receiver's timeouts (softirq). */
void sim_phone_poll(struct sim_line *sl)
{
	struct tapi_hook_ev ev;
	unsigned int got;

	spin_lock(&sl->phone_lock);
	got = tapi_hook_rx_poll(&sl->loop.phone_rx, ktime_get_ns(), &ev);
	sim_phone_note(sl, got, &ev);
	spin_unlock(&sl->phone_lock);
}

/* What a hook step does to the phone device (the hook timer, softirq). */
static void sim_phone_step(struct sim_line *sl, u8 what)
{
	struct tapi_phone_set hs = {
		.what = TAPI_PHONE_SET_HOOKSWITCH,
		.index = TAPI_HOOKSWITCH_HANDSET,
		.value = TAPI_HOOKSWITCH_MICSPEAKER,
	};

	switch (what) {
	case SIM_HANDSET_DOWN:
		hs.index = TAPI_HOOKSWITCH_HANDSET | TAPI_HOOKSWITCH_SPEAKER |
			   TAPI_HOOKSWITCH_HEADSET;
		hs.value = TAPI_HOOKSWITCH_ONHOOK;
		fallthrough;
	case SIM_HANDSET_LIFTED:
		tapi_phone_update(sl->phone, &hs);
		break;
	case SIM_FLASH_DOWN:
	case SIM_FLASH_UP:
		tapi_phone_button(sl->phone, SIM_BTN_FLASH,
				  what == SIM_FLASH_DOWN ? TAPI_BUTTON_DOWN : TAPI_BUTTON_UP);
		break;
	}
}

/* The keypad's buttons go down and up for @digits (its DTMF is queued). */
void sim_phone_keys(struct sim_line *sl, const char *digits)
{
	static const char keypad[] = "0123456789*#";

	for (; sl->phone && *digits; digits++) {
		const char *pos = strchr(keypad, *digits);

		if (!pos)
			continue;	/* A-D: a keypad without them */
		tapi_phone_button(sl->phone, pos - keypad, TAPI_BUTTON_DOWN);
		tapi_phone_button(sl->phone, pos - keypad, TAPI_BUTTON_UP);
	}
}

enum hrtimer_restart sim_hook_fn(struct hrtimer *t)
{
	struct sim_line *sl = container_of(t, struct sim_line, hook_timer);
	const struct sim_hook_step *st = &sl->hook.hook_steps[sl->hook.hook_i++];
	struct tapi_hook_ev ev;

	tapi_line_hook(sl->line, st->closed);
	if (st->keys)
		WRITE_ONCE(sl->audio.keys_due, true);	/* the tick sends them */
	if (st->handset && sl->phone)
		sim_phone_step(sl, st->handset);
	/* the exchange sees the same loop */
	spin_lock(&sl->phone_lock);
	sim_phone_note(sl, tapi_hook_rx_change(&sl->loop.phone_rx, st->closed,
					       ktime_get_ns(), &ev), &ev);
	spin_unlock(&sl->phone_lock);
	if (sl->hook.hook_i < sl->hook.hook_n) {
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
	sl->hook.hook_steps[sl->hook.hook_n].closed = closed;
	sl->hook.hook_steps[sl->hook.hook_n].keys = false;
	sl->hook.hook_steps[sl->hook.hook_n].handset = SIM_HANDSET_SAME;
	sl->hook.hook_steps[sl->hook.hook_n++].ms = ms;
}

/* Play the hook steps from @ms on. Holds hook_mutex, the steps not busy. */
void sim_hook_play(struct sim_line *sl, unsigned int ms)
{
	lockdep_assert_held(&sl->hook_mutex);
	atomic_set(&sl->hook_busy, 1);
	hrtimer_start(&sl->hook_timer, ms_to_ktime(ms), HRTIMER_MODE_REL_SOFT);
}

/* Whether @digits can be keyed (DTMF digits, at most SIM_HOOK_DIGITS). */
bool sim_keys_valid(const char *digits)
{
	size_t len = strlen(digits);

	return len && len <= SIM_HOOK_DIGITS && strspn(digits, "0123456789*#ABCD") == len;
}

/* Turn a "hook" write into steps. */
int sim_hook_parse(struct sim_line *sl, char *cmd)
{
	unsigned int ms, i, k;
	char *arg;

	sl->hook.hook_n = 0;
	sl->hook.hook_i = 0;
	arg = strchr(cmd, ' ');
	if (arg)
		*arg++ = 0;
	if (!strcmp(cmd, "off") && !arg) {
		sim_hook_add(sl, true, 0);
		sl->hook.hook_steps[0].handset = SIM_HANDSET_LIFTED;
		sl->hook.phone_off |= TAPI_HOOKSWITCH_HANDSET;
	} else if (!strcmp(cmd, "on") && !arg) {
		/* every hookswitch device goes on-hook: the loop opens */
		sim_hook_add(sl, false, 0);
		sl->hook.hook_steps[0].handset = SIM_HANDSET_DOWN;
		sl->hook.phone_off = 0;
	} else if ((!strcmp(cmd, "flash") && !arg) ||
		   (!strcmp(cmd, "break") && arg)) {
		if (!arg)
			ms = 500;
		else if (kstrtouint(arg, 10, &ms) || !ms || ms > SIM_HOOK_MAX_BREAK_MS)
			return -EINVAL;
		sim_hook_add(sl, false, ms);
		sim_hook_add(sl, true, 0);
		if (!arg) {
			/* the phone's flash button, held while the loop is broken */
			sl->hook.hook_steps[0].handset = SIM_FLASH_DOWN;
			sl->hook.hook_steps[1].handset = SIM_FLASH_UP;
		}
	} else if (!strcmp(cmd, "call") && arg) {
		/* off-hook; 300 ms later the keypad sends the number */
		if (!sim_keys_valid(arg))
			return -EINVAL;
		strscpy(sl->hook.hook_keys, arg, sizeof(sl->hook.hook_keys));
		sim_hook_add(sl, true, 300);
		sim_hook_add(sl, true, 0);
		sl->hook.hook_steps[0].handset = SIM_HANDSET_LIFTED;
		sl->hook.hook_steps[1].keys = true;
		sl->hook.phone_off |= TAPI_HOOKSWITCH_HANDSET;
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

/* The telephone's ringer follows the line's ringing (sim_call_mutex). */
void sim_phone_ring(struct sim_line *sl, bool on)
{
	struct tapi_phone_set r = { .what = TAPI_PHONE_SET_RING, .value = on };

	lockdep_assert_held(&sim_call_mutex);
	if (!sl->phone)
		return;
	r.value2 = READ_ONCE(sl->hook.ring_volume);
	tapi_phone_update(sl->phone, &r);
}

/* Caller ID on the telephone's display: number, then name (NULL: none); NULL: blank. */
void sim_phone_display(struct sim_line *sl, const char *number, const char *name)
{
	struct tapi_phone_set d = { .what = TAPI_PHONE_SET_DISPLAY };

	if (!sl->phone || (!number && !sl->call.display_on))
		return;
	tapi_phone_update(sl->phone, &d);
	sl->call.display_on = !!number;
	if (!number)
		return;
	strscpy(d.text, number, SIM_DISPLAY_COLS + 1);
	tapi_phone_update(sl->phone, &d);
	if (!name)
		return;
	d.index = 1;
	strscpy(d.text, name[0] ? name : "Unavailable", SIM_DISPLAY_COLS + 1);
	tapi_phone_update(sl->phone, &d);
}

/*
 * The telephone went off-hook: it answers the call ringing, or, on an idle
 * line, starts one: the core shows it in dial tone (tapi_call_originate())
 * and the exchange waits for its digits. Holds sim_call_mutex.
 */
static void sim_phone_offhook(struct sim_line *sl)
{
	struct tapi_call_params p = {
		.media_mode = TAPI_MEDIA_INTERACTIVEVOICE,
		.caller = sl->conf.number,
	};
	int id;

	lockdep_assert_held(&sim_call_mutex);
	if (sl->call.call_id && sl->call.call_state == TAPI_CALL_OFFERING && sl->call.call_peer) {
		sl->call.phone_call = true;
		sim_connect_call(sl);
		return;
	}
	if (sl->call.call_id)
		return;		/* the line's applications have it */
	id = tapi_call_originate(sl->line, &p);
	if (id < 0)
		return;
	sl->call.call_id = id;
	sl->call.media_mode = p.media_mode;
	sl->call.dialed[0] = 0;
	sl->call.phone_call = true;
	sim_call_set(sl, TAPI_CALL_DIALTONE);
}

/*
 * The telephone hung up: its calls end (the far ends are cleared, the
 * line's go idle). Whatever played after a far end cleared stops.
 */
static void sim_phone_onhook(struct sim_line *sl)
{
	u32 id;

	if (sl->call.phone_call && sl->call.cw_id) {
		id = sl->call.cw_id;
		sim_end_local(sl, id);
		tapi_call_state(sl->line, id, TAPI_CALL_IDLE, 0);
	}
	if (sl->call.phone_call && sl->call.call_id) {
		id = sl->call.call_id;
		sim_end_local(sl, id);
		tapi_call_state(sl->line, id, TAPI_CALL_IDLE, 0);
	}
	if (!sl->call.call_id)
		sim_call_set(sl, 0);
}

/* What the telephone's loop said, in order (process context). */
void sim_phone_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(w, struct sim_line, phone_work);
	struct tapi_hook_ev ev[SIM_PHONE_EVENTS];
	unsigned int i, n;

	spin_lock_bh(&sl->phone_lock);
	n = sl->loop.phone_nev;
	memcpy(ev, sl->loop.phone_ev, n * sizeof(*ev));
	sl->loop.phone_nev = 0;
	spin_unlock_bh(&sl->phone_lock);

	mutex_lock(&sim_call_mutex);
	for (i = 0; i < n && sl->ex->ready && !sim_dying(sl); i++) {
		char digit[2] = { ev[i].arg, 0 };

		switch (ev[i].what) {
		case TAPI_HOOK_OFFHOOK:
			sim_phone_offhook(sl);
			break;
		case TAPI_HOOK_ONHOOK:
			sim_phone_onhook(sl);
			break;
		case TAPI_HOOK_FLASH:
			if (sl->call.phone_call)
				sim_swap(sl);
			break;
		case TAPI_HOOK_DIGIT:
			if (sl->call.phone_call)
				sim_take_digits(sl, digit);
			break;
		}
	}
	mutex_unlock(&sim_call_mutex);
}

/*
 * An owner changes the telephone. Lifting a hookswitch device (handset,
 * speakerphone or headset) closes the line's loop and putting the last one down
 * opens it, as the set's own hook would: the exchange acts on that. The
 * rest (ringer, lamps, display, volume, gain) the set just shows.
 */
static int sim_phone_set(struct tapi_phone *phone, const struct tapi_phone_set *req)
{
	struct sim_line *sl = tapi_phone_priv(phone);
	u32 off;
	int ret = 0;

	mutex_lock(&sl->hook_mutex);
	if (sl->hook.phone_gone) {
		ret = -ENODEV;
	} else if (req->what == TAPI_PHONE_SET_RING) {
		sl->hook.ring_volume = req->value2;
	} else if (req->what == TAPI_PHONE_SET_HOOKSWITCH) {
		off = req->value == TAPI_HOOKSWITCH_ONHOOK ? sl->hook.phone_off & ~req->index :
							     sl->hook.phone_off | req->index;
		if (!off != !sl->hook.phone_off) {
			if (atomic_read(&sl->hook_busy)) {
				ret = -EBUSY;	/* the loop is busy being played */
			} else {
				sl->hook.hook_n = 0;
				sl->hook.hook_i = 0;
				sim_hook_add(sl, !!off, 0);
				sim_hook_play(sl, 0);
			}
		}
		if (!ret)
			sl->hook.phone_off = off;
	}
	mutex_unlock(&sl->hook_mutex);
	return ret;
}

static const struct tapi_phone_ops sim_phone_ops = {
	.set = sim_phone_set,
};

#define SIM_KEY(t)	{ .mode = TAPI_BUTTON_MODE_KEYPAD, \
			  .function = TAPI_BUTTON_FUNCTION_NONE, .text = t }

static const struct tapi_phone_button sim_buttons[SIM_BUTTONS] = {
	SIM_KEY("0"), SIM_KEY("1"), SIM_KEY("2"), SIM_KEY("3"), SIM_KEY("4"),
	SIM_KEY("5"), SIM_KEY("6"), SIM_KEY("7"), SIM_KEY("8"), SIM_KEY("9"),
	SIM_KEY("*"), SIM_KEY("#"),
	[SIM_BTN_FLASH] = { .mode = TAPI_BUTTON_MODE_FEATURE,
			    .function = TAPI_BUTTON_FUNCTION_FLASH, .text = "Flash" },
	[SIM_BTN_MWI] = { .mode = TAPI_BUTTON_MODE_FEATURE,
			  .function = TAPI_BUTTON_FUNCTION_MSGINDICATOR, .text = "Messages",
			  .lamp_modes = TAPI_LAMP_STEADY | TAPI_LAMP_FLASH },
};

/* Message waiting: the telephone's Messages lamp. */
int sim_set_msg_wait(struct tapi_line *line, bool on)
{
	struct sim_line *sl = tapi_line_priv(line);
	struct tapi_phone_set lamp = {
		.what = TAPI_PHONE_SET_LAMP,
		.index = SIM_BTN_MWI,
		.value = on ? TAPI_LAMP_STEADY : TAPI_LAMP_OFF,
	};

	mutex_lock(&sim_call_mutex);
	if (sl->phone)
		tapi_phone_update(sl->phone, &lamp);
	mutex_unlock(&sim_call_mutex);
	return 0;
}

/* The telephone of subscriber line @sl, a TAPI phone device. */
struct tapi_phone *sim_phone_register(struct sim_line *sl)
{
	struct tapi_phone_desc pdesc = {
		.driver = "tapi_sim",
		.hookswitch_devs = TAPI_HOOKSWITCH_HANDSET | TAPI_HOOKSWITCH_SPEAKER |
				   TAPI_HOOKSWITCH_HEADSET,
		.hookswitch_modes = { TAPI_HOOKSWITCH_MICSPEAKER,
				      TAPI_HOOKSWITCH_SPEAKERON | TAPI_HOOKSWITCH_MICSPEAKER,
				      TAPI_HOOKSWITCH_MICSPEAKER },
		.display_rows = SIM_DISPLAY_ROWS,
		.display_cols = SIM_DISPLAY_COLS,
		.num_buttons = SIM_BUTTONS,
		.buttons = sim_buttons,
		.num_ring_modes = 3,
		.ops = &sim_phone_ops,
		.parent = sim_dev,
		.line = sl->line,
		.priv = sl,
	};
	char name[TAPI_NAME_LEN];

	snprintf(name, sizeof(name), "tapi_sim telephone %s", sl->conf.number);
	pdesc.name = name;
	return tapi_phone_register(&pdesc);
}
