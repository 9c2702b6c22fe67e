// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim: the exchange's behaviour. It routes a dialed number, rings
 * the called line, sends caller ID, gives up on unanswered calls, and
 * plays the zone's tones (dial tone, ringback, busy, SIT).
 */
#include <linux/string.h>
#include <linux/time.h>

#include "sim.h"

static const struct sim_zone_rule sim_zone_rules[] = {
	{ "us", false, DSP_ZONE_DIAL },
	{ "uk", true, -1 },
	{ "de", true, DSP_ZONE_BUSY },
	{ "fr", true, DSP_ZONE_BUSY },
	{ "it", true, DSP_ZONE_BUSY },
	{ "jp", true, DSP_ZONE_BUSY },
	{ "au", false, -1 },
};

/*
 * Run @dw, one of @sl's delayed works, in @ms (again, if pending), unless
 * @sl is going away: sim_line_quiesce() cancels them once, and the line's
 * memory goes after it. Holds sim_call_mutex.
 */
void sim_arm_work(struct sim_line *sl, struct delayed_work *dw, u32 ms)
{
	lockdep_assert_held(&sim_call_mutex);
	if (!sim_dying(sl))
		mod_delayed_work(system_wq, dw, msecs_to_jiffies(ms));
}

/* The line with @number in a live exchange, or NULL. Holds sim_call_mutex. */
struct sim_line *sim_find(const char *number)
{
	struct sim_exchange *ex;
	unsigned int i;

	lockdep_assert_held(&sim_call_mutex);
	list_for_each_entry(ex, &sim_exchanges, node)
		for (i = 0; i < ex->nlines; i++)
			if (!ex->lines[i].gone && !strcmp(ex->lines[i].conf.number, number))
				return &ex->lines[i];
	return NULL;
}

/* Caller ID is sent while a call rings: answering or hanging up ends it. */
void sim_stop_caller_id(struct sim_line *sl)
{
	spin_lock_bh(&sim_lock);
	sl->audio.cid_len = 0;
	dsp_fsk_mod_init(&sl->audio.far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
	spin_unlock_bh(&sim_lock);
}

/* The exchange plays the zone's @tone (DSP_ZONE_*, -1: silence) into @sl. */
static void sim_tone_start(struct sim_line *sl, int tone)
{
	const struct dsp_zone *z = sl->conf.zone;

	lockdep_assert_held(&sim_lock);
	sl->audio.ex_tone_on = tone >= 0 && dsp_tone_start(&sl->audio.ex_tone, &z->tone[tone]);
}

/* The zone's @tone (DSP_ZONE_*, -1: silence) on @sl for @ms (0: until changed). */
void sim_play(struct sim_line *sl, int tone, u32 ms)
{
	spin_lock_bh(&sim_lock);
	sim_tone_start(sl, tone);
	sl->audio.ex_tone_left = ms;
	spin_unlock_bh(&sim_lock);
}

/*
 * The exchange's side follows the call's state: dial tone while it waits
 * for digits (and it listens for DTMF until the number is complete),
 * ringback, busy, SIT; nothing once connected or over.
 */
void sim_call_set(struct sim_line *sl, u32 state)
{
	int tone = -1;

	sl->call.call_state = state;
	switch (state) {
	case TAPI_CALL_DIALTONE:
		tone = DSP_ZONE_DIAL;
		break;
	case TAPI_CALL_RINGBACK:
		tone = DSP_ZONE_RINGBACK;
		break;
	case TAPI_CALL_BUSY:
		tone = DSP_ZONE_BUSY;
		break;
	case TAPI_CALL_SPECIALINFO:
		tone = DSP_ZONE_SIT;
		break;
	}
	spin_lock_bh(&sim_lock);
	sim_tone_start(sl, tone);
	sl->audio.ex_tone_left = 0;
	if (!sl->audio.ex_listen)
		dsp_dtmf_rx_init(&sl->audio.ex_dtmf);
	sl->audio.ex_listen = state == TAPI_CALL_DIALTONE || state == TAPI_CALL_DIALING;
	spin_unlock_bh(&sim_lock);
}

/* A scripted far end hangs up: both ends are disconnected. */
void sim_far_hangup_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   far_hangup_work);
	struct sim_line *peer;

	mutex_lock(&sim_call_mutex);
	peer = sl->call.call_peer;
	if (!sim_dying(sl) && sl->call.call_id &&
	    sl->call.call_state == TAPI_CALL_CONNECTED && peer) {
		sim_audio_connect(sl, NULL);
		sim_far_cleared(peer, sl, TAPI_DISCONNECT_NORMAL);
		sim_call_report(sl, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NORMAL);
		sim_call_clear(sl);
	}
	mutex_unlock(&sim_call_mutex);
}

void sim_ring_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   ring_work);

	mutex_lock(&sim_call_mutex);
	if (!sim_dying(sl) && sl->call.call_id && sl->call.call_state == TAPI_CALL_OFFERING) {
		u32 param = ++sl->call.call_rings;

		tapi_line_report(sl->line, TAPI_EVENT_RING, 0, &param, 1);
		sim_phone_ring(sl, true);
		if (sl->call.far_mode == SIM_FAR_ANSWER &&
		    sl->call.call_rings >= sl->call.far_rings)
			sim_connect_call(sl);
		else
			sim_arm_work(sl, &sl->ring_work, sl->conf.ring_ms);
	}
	mutex_unlock(&sim_call_mutex);
}

/*
 * Caller ID of @from for @to, sent in-band by the tick once @wait_ms have
 * passed. Returns how long sending it takes, in ms.
 */
static u32 sim_send_caller_id(struct sim_line *to, struct sim_line *from, u32 wait_ms)
{
	struct dsp_cid_info info = { 0 };
	u8 msg[DSP_CID_MSG_MAX];
	struct tm tm;
	int len;

	if (from->conf.withheld) {
		/* the caller asked for privacy: only the reason goes */
		info.number_absent = 'P';
		info.name_absent = 'P';
	} else {
		strscpy(info.number, from->conf.number, sizeof(info.number));
		strscpy(info.name, from->conf.caller_name, sizeof(info.name));
		if (!info.name[0])
			info.name_absent = 'O';	/* unavailable */
	}
	/* the network's date and time, as exchanges send them (UTC here) */
	time64_to_tm(ktime_get_real_seconds(), 0, &tm);
	info.has_time = true;
	info.month = tm.tm_mon + 1;
	info.day = tm.tm_mday;
	info.hour = tm.tm_hour;
	info.minute = tm.tm_min;
	len = dsp_cid_encode_mdmf(&info, msg, sizeof(msg));
	if (WARN_ON_ONCE(len < 0))
		return 0;
	spin_lock_bh(&sim_lock);
	/* a caller ID still being sent (a call just before) is replaced */
	dsp_fsk_mod_init(&to->audio.far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
	memcpy(to->audio.cid_msg, msg, len);
	to->audio.cid_len = len;
	to->audio.cid_wait = wait_ms;
	spin_unlock_bh(&sim_lock);
	if (from->conf.withheld)
		sim_phone_display(to, "Private", NULL);
	else
		sim_phone_display(to, from->conf.number, from->conf.caller_name);
	/* 1200 bit/s: seizure, marks, 10 bits a byte, the trailing marks */
	return (DSP_FSK_SEIZURE_BITS + DSP_FSK_MARK_BELL + 10 * len + 10) * 1000 / 1200;
}

/*
 * Call waiting: @to talks on another call, so @from's call waits. @from
 * hears ringback; @to is offered a second call and hears the zone's
 * call-waiting tone over its conversation, then the caller ID.
 */
static void sim_offer_waiting(struct sim_line *to, struct sim_line *from)
{
	struct tapi_call_params p = {
		.media_mode = from->call.media_mode,
		.origin = TAPI_ORIGIN_INTERNAL,
		.caller = from->conf.withheld ? NULL : from->conf.number,
		.called = to->conf.number,
	};
	int id = tapi_call_offer(to->line, &p);

	if (id < 0) {
		sim_call_report(from, TAPI_CALL_BUSY, 0);
		return;
	}
	to->call.cw_id = id;
	to->call.cw_state = TAPI_CALL_OFFERING;
	to->call.cw_peer = from;
	from->call.call_peer = to;
	sim_call_report(from, TAPI_CALL_RINGBACK, 0);
	sim_play(to, DSP_ZONE_CALLWAIT, 0);
	sim_send_caller_id(to, from, SIM_CW_CID_MS);
	if (to->ex->no_answer_ms)
		sim_arm_work(to, &to->cw_work, to->ex->no_answer_ms);
}

/* Nobody took the waiting call in time: both ends are told. */
void sim_cw_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line, cw_work);
	struct sim_line *from;

	mutex_lock(&sim_call_mutex);
	from = sl->call.cw_peer;
	if (!sim_dying(sl) && sl->call.cw_id && sl->call.cw_state == TAPI_CALL_OFFERING && from) {
		sim_call_report(from, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NOANSWER);
		sim_call_clear(from);
		sim_cw_end(sl, TAPI_DISCONNECT_NOANSWER);
	}
	mutex_unlock(&sim_call_mutex);
}

void sim_route_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   route_work);
	struct tapi_call_params p = {
		.media_mode = 0,
		.origin = TAPI_ORIGIN_INTERNAL,
	};
	struct sim_line *to;
	u32 cid_ms;
	int id;

	mutex_lock(&sim_call_mutex);
	if (sim_dying(sl) || !sl->call.call_id)
		goto out;
	if (sl->call.call_state == TAPI_CALL_SPECIALINFO) {
		/* the announcement is over */
		sim_call_report(sl, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_BADADDRESS);
		sim_call_clear(sl);
		goto out;
	}
	if (sl->call.call_state != TAPI_CALL_DIALING)
		goto out;
	sl->st.placed++;
	to = sim_find(sl->call.dialed);
	if (!to) {
		/* a vacant number: SIT and its announcement, then the end */
		sim_call_report(sl, TAPI_CALL_SPECIALINFO, TAPI_SPECIALINFO_CUSTIRREG);
		sim_arm_work(sl, &sl->route_work, SIM_SIT_MS);
		goto out;
	}
	if (to != sl && to->call.call_id && !to->call.cw_id && to->conf.call_waiting &&
	    to->call.call_state == TAPI_CALL_CONNECTED && to->call.far_mode != SIM_FAR_BUSY) {
		sim_offer_waiting(to, sl);
		goto out;
	}
	if (to == sl || to->call.call_id || to->call.far_mode == SIM_FAR_BUSY) {
		sim_call_report(sl, TAPI_CALL_BUSY, 0);
		goto out;
	}
	if (to->call.far_mode == SIM_FAR_REJECT) {
		sim_call_report(sl, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_REJECT);
		sim_call_clear(sl);
		goto out;
	}
	p.media_mode = sl->call.media_mode;
	p.caller = sl->conf.withheld ? NULL : sl->conf.number;	/* private stays private */
	p.called = to->conf.number;
	id = tapi_call_offer(to->line, &p);
	if (id < 0) {
		sim_call_report(sl, TAPI_CALL_BUSY, 0);
		goto out;
	}
	/* caller ID before the first ring, or in the silence after it */
	cid_ms = sim_send_caller_id(to, sl,
				    to->conf.rule->cid_first ? 0 : to->conf.ring_on_ms + 500);
	to->call.call_id = id;
	sim_call_set(to, TAPI_CALL_OFFERING);
	to->call.call_peer = sl;
	to->call.call_rings = 0;
	sl->call.call_peer = to;
	sim_call_report(sl, TAPI_CALL_RINGBACK, 0);
	if (to->call.far_mode == SIM_FAR_ANSWER && !to->call.far_rings)
		sim_connect_call(to);	/* at once, before any ring */
	else
		sim_arm_work(to, &to->ring_work, to->conf.rule->cid_first ? cid_ms + 200 : 0);
	if (to->call.call_state == TAPI_CALL_OFFERING && to->ex->no_answer_ms)
		sim_arm_work(to, &to->noanswer_work, to->ex->no_answer_ms);
out:
	mutex_unlock(&sim_call_mutex);
}

/* Nobody answered in time: both ends are told, as a network gives up. */
void sim_noanswer_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   noanswer_work);
	struct sim_line *from;

	mutex_lock(&sim_call_mutex);
	from = sl->call.call_peer;
	if (!sim_dying(sl) && sl->call.call_id &&
	    sl->call.call_state == TAPI_CALL_OFFERING && from) {
		sim_call_report(from, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NOANSWER);
		sim_call_clear(from);
		sim_call_report(sl, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NOANSWER);
		sim_call_clear(sl);
	}
	mutex_unlock(&sim_call_mutex);
}

/*
 * Digits dialed on @sl, pulses or DTMF: while it waits for a number, the
 * number grows, as with sim_dial(). Holds sim_call_mutex.
 */
void sim_take_digits(struct sim_line *sl, const char *digits)
{
	lockdep_assert_held(&sim_call_mutex);
	if (!sl->call.call_id ||
	    (sl->call.call_state != TAPI_CALL_DIALTONE && sl->call.call_state != TAPI_CALL_DIALING))
		return;
	if (sim_dial_append(sl, digits))
		return;
	if (sl->call.call_state != TAPI_CALL_DIALING)
		sim_call_report(sl, TAPI_CALL_DIALING, 0);
	sim_arm_work(sl, &sl->route_work,
		     sim_find(sl->call.dialed) ? SIM_ROUTE_MS : SIM_PULSE_ROUTE_MS);
}

/* Digits the line sent, pulses or in-band DTMF, found by the tick. */
void sim_pulse_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(w, struct sim_line, pulse_work);
	char digits[SIM_HOOK_DIGITS + 1];

	spin_lock_bh(&sim_lock);
	strscpy(digits, sl->audio.pulse_digits, sizeof(digits));
	sl->audio.pulse_digits[0] = 0;
	spin_unlock_bh(&sim_lock);

	mutex_lock(&sim_call_mutex);
	if (!sim_dying(sl))
		sim_take_digits(sl, digits);
	mutex_unlock(&sim_call_mutex);
}

/* What exchanges of the zone with code @code do (us when it has no rule). */
const struct sim_zone_rule *sim_zone_rule(const char *code)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_zone_rules); i++)
		if (!strcmp(sim_zone_rules[i].code, code))
			return &sim_zone_rules[i];
	return &sim_zone_rules[0];
}
