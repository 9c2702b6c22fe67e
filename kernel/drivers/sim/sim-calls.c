// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim: the line's calls, as the core's call operations (make_call,
 * dial, answer, hold, drop, treatment) and the far ends see them: their
 * states, call waiting and hold, and how one end's hang-up reaches the
 * other.
 */
#include <linux/string.h>

#include "sim.h"

/* Forget @sl's second call; the core is told by whoever calls this. */
static void sim_cw_forget(struct sim_line *sl)
{
	bool waiting = sl->call.cw_state == TAPI_CALL_OFFERING;

	sl->call.cw_id = 0;
	sl->call.cw_peer = NULL;
	sl->call.cw_state = 0;
	cancel_delayed_work(&sl->cw_work);
	if (waiting) {
		/* its call-waiting tone and caller ID stop */
		sim_stop_caller_id(sl);
		sim_call_set(sl, sl->call.call_state);
	}
}

/* @sl's second call ends: the core hears @why. */
void sim_cw_end(struct sim_line *sl, u32 why)
{
	tapi_call_state(sl->line, sl->call.cw_id, TAPI_CALL_DISCONNECTED, why);
	sim_cw_forget(sl);
}

/*
 * Forget @sl's active call; the core is told by whoever calls this. The
 * second call, if any, takes its place: a waiting one rings now, as an
 * exchange rings a line back, a held one stays held.
 */
void sim_call_clear(struct sim_line *sl)
{
	spin_lock_bh(&sim_lock);
	sl->audio.far_play = SIM_PLAY_NONE;
	spin_unlock_bh(&sim_lock);
	sim_stop_caller_id(sl);
	sim_phone_ring(sl, false);
	sim_phone_display(sl, NULL, NULL);
	sl->call.call_id = 0;
	sim_call_set(sl, 0);
	sl->call.call_peer = NULL;
	sl->call.dialed[0] = 0;
	cancel_delayed_work(&sl->route_work);
	cancel_delayed_work(&sl->ring_work);
	cancel_delayed_work(&sl->noanswer_work);
	cancel_delayed_work(&sl->far_hangup_work);
	if (!sl->call.cw_id) {
		sl->call.phone_call = false;
		return;
	}
	sl->call.call_id = sl->call.cw_id;
	sl->call.call_peer = sl->call.cw_peer;
	sim_call_set(sl, sl->call.cw_state);
	sl->call.cw_id = 0;
	sl->call.cw_peer = NULL;
	sl->call.cw_state = 0;
	cancel_delayed_work(&sl->cw_work);
	if (sl->call.call_state == TAPI_CALL_OFFERING) {
		sl->call.call_rings = 0;
		sim_arm_work(sl, &sl->ring_work, 0);
		if (sl->ex->no_answer_ms)
			sim_arm_work(sl, &sl->noanswer_work, sl->ex->no_answer_ms);
	}
}

void sim_call_report(struct sim_line *sl, u32 state, u32 detail)
{
	if (state == TAPI_CALL_CONNECTED)
		sl->st.connected++;
	else if (state == TAPI_CALL_BUSY)
		sl->st.busy++;
	else if (state == TAPI_CALL_SPECIALINFO)
		sl->st.vacant++;
	else if (state == TAPI_CALL_DISCONNECTED && detail == TAPI_DISCONNECT_REJECT)
		sl->st.rejected++;
	else if (state == TAPI_CALL_DISCONNECTED && detail == TAPI_DISCONNECT_NOANSWER)
		sl->st.no_answer++;
	else if (state == TAPI_CALL_DISCONNECTED && detail == TAPI_DISCONNECT_UNREACHABLE)
		sl->st.unreachable++;
	sim_call_set(sl, state);
	tapi_call_state(sl->line, sl->call.call_id, state, detail);
}

/* Cross-connect two lines' audio, or undo it (@b NULL). */
void sim_audio_connect(struct sim_line *a, struct sim_line *b)
{
	spin_lock_bh(&sim_lock);
	if (a->audio.peer)
		a->audio.peer->audio.peer = NULL;
	if (b && b->audio.peer)
		b->audio.peer->audio.peer = NULL;
	a->audio.peer = b;
	if (b)
		b->audio.peer = a;
	spin_unlock_bh(&sim_lock);
}

/* A dial string is complete unless it ends in ';' (TAPI: more to come). */
static bool sim_dial_complete(const char *dialed)
{
	size_t len = strlen(dialed);

	return len && dialed[len - 1] != ';';
}

/* Append what was dialed, keeping only the digits that route. */
int sim_dial_append(struct sim_line *sl, const char *dial)
{
	size_t len = strlen(sl->call.dialed);

	for (; *dial; dial++) {
		if (!strchr("0123456789*#", *dial))
			continue;
		if (len + 1 >= sizeof(sl->call.dialed))
			return -ENOSPC;
		sl->call.dialed[len++] = *dial;
	}
	sl->call.dialed[len] = 0;
	return 0;
}

/*
 * Offered call of @sl answered (by its application, its telephone or its
 * script): both ends connected. A script's digits then go to the caller,
 * and its hang-up is timed. Holds sim_call_mutex.
 */
void sim_connect_call(struct sim_line *sl)
{
	struct sim_line *from = sl->call.call_peer;

	lockdep_assert_held(&sim_call_mutex);
	cancel_delayed_work(&sl->ring_work);
	cancel_delayed_work(&sl->noanswer_work);
	sim_stop_caller_id(sl);
	sim_phone_ring(sl, false);
	sim_audio_connect(sl, from);
	sim_call_report(sl, TAPI_CALL_CONNECTED, 0);
	sim_call_report(from, TAPI_CALL_CONNECTED, 0);
	if (sl->call.far_mode != SIM_FAR_ANSWER)
		return;
	spin_lock_bh(&sim_lock);
	if (sl->call.far_digits[0])
		dsp_dtmf_tx_queue(&from->audio.far_dtmf, sl->call.far_digits);
	sl->audio.far_play = sl->call.far_play_mode;
	if (sl->audio.far_play == SIM_PLAY_TONE &&
	    !dsp_tone_start(&sl->audio.far_tone, &sl->call.far_tone_def))
		sl->audio.far_play = SIM_PLAY_NONE;
	spin_unlock_bh(&sim_lock);
	if (sl->call.far_hangup_ms)
		sim_arm_work(sl, &sl->far_hangup_work, sl->call.far_hangup_ms);
}

/*
 * @from hung up on @peer: @peer's call with it, the active one or the
 * second, is disconnected (@why). A line whose talking call was cleared
 * and that has no other hears what its zone plays then, for a while.
 */
void sim_far_cleared(struct sim_line *peer, struct sim_line *from, u32 why)
{
	bool talked;

	if (peer->call.cw_id && peer->call.cw_peer == from) {
		sim_cw_end(peer, why);
		return;
	}
	if (!peer->call.call_id || peer->call.call_peer != from)
		return;
	talked = peer->call.call_state == TAPI_CALL_CONNECTED ||
		 peer->call.call_state == TAPI_CALL_ONHOLD;
	if (peer->audio.peer == from)
		sim_audio_connect(peer, NULL);
	sim_call_report(peer, TAPI_CALL_DISCONNECTED, why);
	sim_call_clear(peer);
	if (talked && !peer->call.call_id)
		sim_play(peer, peer->conf.rule->cleared, SIM_CLEARED_MS);
}

/*
 * @sl hangs up its call @id, the active one or the second: the far end is
 * cleared (a rejection, when @sl had not answered). The caller tells the
 * core about @sl's side.
 */
void sim_end_local(struct sim_line *sl, u32 id)
{
	struct sim_line *peer;
	u32 why;

	if (id && id == sl->call.cw_id) {
		peer = sl->call.cw_peer;
		why = sl->call.cw_state == TAPI_CALL_OFFERING ? TAPI_DISCONNECT_REJECT :
							   TAPI_DISCONNECT_NORMAL;
		sim_cw_forget(sl);
		if (peer && !sim_dying(sl))
			sim_far_cleared(peer, sl, why);
		return;
	}
	if (!id || id != sl->call.call_id)
		return;
	peer = sl->call.call_peer;
	/* once exiting, the other lines may be gone: tell nobody */
	if (peer && !sim_dying(sl)) {
		why = sl->call.call_state == TAPI_CALL_OFFERING ? TAPI_DISCONNECT_REJECT :
							     TAPI_DISCONNECT_NORMAL;
		if (sl->audio.peer == peer)
			sim_audio_connect(sl, NULL);
		sim_far_cleared(peer, sl, why);
	}
	sim_call_clear(sl);
}

/*
 * A flash, or an application answering the waiting call or taking the
 * held one back: the active call goes on hold and the second one talks.
 * Without a second call, a held call comes back and an offered one is
 * answered. Holds sim_call_mutex.
 */
void sim_swap(struct sim_line *sl)
{
	u32 id = sl->call.call_id, state = sl->call.call_state;
	struct sim_line *peer = sl->call.call_peer;

	lockdep_assert_held(&sim_call_mutex);
	if (!id || !peer)
		return;
	if (!sl->call.cw_id) {
		if (state == TAPI_CALL_ONHOLD) {
			sim_audio_connect(sl, peer);
			sim_call_report(sl, TAPI_CALL_CONNECTED, 0);
		} else if (state == TAPI_CALL_OFFERING) {
			sim_connect_call(sl);
		}
		return;
	}
	if (state != TAPI_CALL_CONNECTED && state != TAPI_CALL_ONHOLD)
		return;
	if (state == TAPI_CALL_CONNECTED) {
		sim_audio_connect(sl, NULL);
		sim_call_report(sl, TAPI_CALL_ONHOLD, 0);
	}
	cancel_delayed_work(&sl->cw_work);
	cancel_delayed_work(&sl->far_hangup_work);
	sim_stop_caller_id(sl);
	sl->call.call_id = sl->call.cw_id;
	sl->call.call_peer = sl->call.cw_peer;
	sl->call.call_state = sl->call.cw_state;
	sl->call.cw_id = id;
	sl->call.cw_peer = peer;
	sl->call.cw_state = TAPI_CALL_ONHOLD;
	sim_audio_connect(sl, sl->call.call_peer);
	if (sl->call.call_state == TAPI_CALL_OFFERING)
		sim_call_report(sl->call.call_peer, TAPI_CALL_CONNECTED, 0);
	sim_call_report(sl, TAPI_CALL_CONNECTED, 0);
}

int sim_make_call(struct tapi_line *line, u32 call_id, const char *dial,
		  u32 media_mode)
{
	struct sim_line *sl = tapi_line_priv(line);
	int ret = 0;

	sim_reply_delay(sl);
	mutex_lock(&sim_call_mutex);
	if (sim_dying(sl)) {
		ret = -ENODEV;
	} else if (!sl->ex->ready || sl->call.call_id) {
		/* a line's node opens before the others (or it) are registered */
		ret = -EBUSY;
	} else {
		sl->call.dialed[0] = 0;
		ret = sim_dial_append(sl, dial);
		if (!ret) {
			sl->call.call_id = call_id;
			sl->call.media_mode = media_mode;
			/* the core shows the first state itself */
			sim_call_set(sl, dial[0] ? TAPI_CALL_DIALING : TAPI_CALL_DIALTONE);
			if (sim_dial_complete(dial))
				sim_arm_work(sl, &sl->route_work, SIM_ROUTE_MS);
		}
	}
	mutex_unlock(&sim_call_mutex);
	return ret;
}

int sim_dial(struct tapi_line *line, u32 call_id, const char *dial)
{
	struct sim_line *sl = tapi_line_priv(line);
	int ret = 0;

	sim_reply_delay(sl);
	mutex_lock(&sim_call_mutex);
	if (sim_dying(sl)) {
		ret = -ENODEV;
	} else if (call_id && call_id == sl->call.cw_id) {
		ret = -EBUSY;	/* waiting or held */
	} else if (call_id != sl->call.call_id) {
		ret = -ENOENT;
	} else if (sl->call.call_state == TAPI_CALL_CONNECTED) {
		/* in-band, to the other end */
		spin_lock_bh(&sim_lock);
		ret = dsp_dtmf_tx_queue(&sl->call.call_peer->audio.far_dtmf, dial);
		spin_unlock_bh(&sim_lock);
		ret = ret == -1 ? -EINVAL : ret ? -ENOSPC : 0;
	} else if (sl->call.call_state == TAPI_CALL_DIALTONE ||
		   sl->call.call_state == TAPI_CALL_DIALING) {
		ret = sim_dial_append(sl, dial);
		if (!ret) {
			if (sl->call.call_state != TAPI_CALL_DIALING)
				sim_call_report(sl, TAPI_CALL_DIALING, 0);
			if (sim_dial_complete(dial))
				sim_arm_work(sl, &sl->route_work, SIM_ROUTE_MS);
		}
	} else {
		ret = -EBUSY;
	}
	mutex_unlock(&sim_call_mutex);
	return ret;
}

int sim_answer(struct tapi_line *line, u32 call_id)
{
	struct sim_line *sl = tapi_line_priv(line), *from;
	int ret = 0;

	sim_reply_delay(sl);
	mutex_lock(&sim_call_mutex);
	from = sl->call.call_peer;
	if (sim_dying(sl))
		ret = -ENODEV;
	else if (call_id && call_id == sl->call.cw_id && sl->call.cw_state == TAPI_CALL_OFFERING)
		sim_swap(sl);	/* the waiting call: the other goes on hold */
	else if (call_id != sl->call.call_id || !from)
		ret = -ENOENT;
	else if (sl->call.call_state != TAPI_CALL_OFFERING)
		ret = -EBUSY;
	else
		sim_connect_call(sl);
	mutex_unlock(&sim_call_mutex);
	return ret;
}

/*
 * Hold: the held line's audio leaves the call (the other end hears
 * silence and stays connected); taking it off hold brings it back. Taking
 * the second call off hold swaps the two.
 */
static int sim_hold(struct tapi_line *line, u32 call_id, bool hold)
{
	struct sim_line *sl = tapi_line_priv(line);
	u32 want = hold ? TAPI_CALL_CONNECTED : TAPI_CALL_ONHOLD;

	guard(mutex)(&sim_call_mutex);
	if (sim_dying(sl))
		return -ENODEV;
	if (call_id && call_id == sl->call.cw_id) {
		if (hold || sl->call.cw_state != TAPI_CALL_ONHOLD ||
		    (sl->call.call_state != TAPI_CALL_CONNECTED &&
		     sl->call.call_state != TAPI_CALL_ONHOLD))
			return -EBUSY;
		sim_swap(sl);
		return 0;
	}
	if (call_id != sl->call.call_id || !sl->call.call_peer)
		return -ENOENT;
	if (sl->call.call_state != want)
		return -EBUSY;
	sim_audio_connect(sl, hold ? NULL : sl->call.call_peer);
	sim_call_report(sl, hold ? TAPI_CALL_ONHOLD : TAPI_CALL_CONNECTED, 0);
	return 0;
}

int sim_hold_call(struct tapi_line *line, u32 call_id)
{
	return sim_hold(line, call_id, true);
}

int sim_unhold_call(struct tapi_line *line, u32 call_id)
{
	return sim_hold(line, call_id, false);
}

/*
 * Unlike the other operations, a drop still acts on a line going away:
 * its telephone's ringer and display follow. sim_end_local() tells no far
 * end then, and sim_arm_work() arms nothing.
 */
void sim_drop(struct tapi_line *line, u32 call_id)
{
	struct sim_line *sl = tapi_line_priv(line);

	mutex_lock(&sim_call_mutex);
	sim_end_local(sl, call_id);
	mutex_unlock(&sim_call_mutex);
}

/*
 * TAPI's call treatment: what the caller of an offered call hears in
 * place of ringback. Only lines of this exchange have a caller to hear it;
 * the zone has no music.
 */
int sim_set_treatment(struct tapi_line *line, u32 call_id, u32 treatment)
{
	struct sim_line *sl = tapi_line_priv(line), *from = NULL;
	int tone;

	switch (treatment) {
	case TAPI_TREATMENT_SILENCE:
		tone = -1;
		break;
	case TAPI_TREATMENT_RINGBACK:
		tone = DSP_ZONE_RINGBACK;
		break;
	case TAPI_TREATMENT_BUSY:
		tone = DSP_ZONE_BUSY;
		break;
	default:
		return -EOPNOTSUPP;
	}
	mutex_lock(&sim_call_mutex);
	if (call_id == sl->call.call_id && sl->call.call_state == TAPI_CALL_OFFERING)
		from = sl->call.call_peer;
	else if (call_id == sl->call.cw_id && sl->call.cw_state == TAPI_CALL_OFFERING)
		from = sl->call.cw_peer;
	if (from && from->call.call_peer == sl && from->call.call_state == TAPI_CALL_RINGBACK)
		sim_play(from, tone, 0);
	mutex_unlock(&sim_call_mutex);
	return 0;
}
