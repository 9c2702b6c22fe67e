// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim: the core's 1 ms tick of a line. What it receives (its peer,
 * the far end's digits, caller ID, the exchange's tones), what it sends
 * (the keypad, a scripted far end), the digits the exchange hears, and
 * the audio faults.
 */
#include <linux/delay.h>
#include <linux/string.h>

#include "sim.h"

/* A fault: the core's call request is answered late (process context). */
void sim_reply_delay(struct sim_line *sl)
{
	u32 ms = READ_ONCE(sl->fault_reply_ms);

	if (ms)
		msleep(ms);
}

/* Ticks the core's clock runs more than 2 ms after they were due are late. */
static void sim_tick_timing(struct sim_line *sl)
{
	sl->st.ticks++;
	if (tapi_tick_lag_ns() > 2 * NSEC_PER_MSEC)
		sl->st.late++;
}

/* A fault on audio going one way: ticks lost, or all of it late. */
static void sim_fault_apply(struct sim_audio_fault *f, s16 *buf, unsigned int n)
{
	unsigned int i;

	if (f->drop_every && ++f->drop_count >= f->drop_every) {
		f->drop_count = 0;
		memset(buf, 0, n * sizeof(*buf));
	}
	for (i = 0; f->delay_samples && i < n; i++) {
		s16 in = buf[i];

		buf[i] = f->delay_buf[f->delay_pos];
		f->delay_buf[f->delay_pos] = in;
		f->delay_pos = (f->delay_pos + 1) % f->delay_samples;
	}
}

/* The next sample of the far end's pattern: a 16-bit Galois LFSR, never 0. */
u16 sim_lfsr_next(u16 x)
{
	return (x >> 1) ^ (-(x & 1) & 0xb400);
}

/* Add @add to @buf, saturating. */
static void sim_mix(s16 *buf, const s16 *add, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		buf[i] = dsp_sat16((s32)buf[i] + add[i]);
}

/*
 * What the line sends, as the exchange and the far end hear it: @tx from
 * the core, the telephone's keypad, a scripted far end's playing, and the
 * sent-audio faults. Caller holds sim_lock.
 */
static void sim_send(struct sim_line *sl, const s16 *tx, unsigned int n)
{
	s16 add[8];
	unsigned int i;

	lockdep_assert_held(&sim_lock);
	memcpy(sl->audio.last_tx, tx, n * sizeof(*tx));
	if (READ_ONCE(sl->audio.keys_due)) {
		sl->audio.keys_on |= !dsp_dtmf_tx_queue(&sl->audio.phone_keys, sl->hook.hook_keys);
		WRITE_ONCE(sl->audio.keys_due, false);
	}
	/* the 1 ms tick of every line: generators run only while they play */
	if (sl->audio.keys_on) {
		sl->audio.keys_on = dsp_dtmf_tx_generate(&sl->audio.phone_keys, add, n) != 0;
		sim_mix(sl->audio.last_tx, add, n);
	}
	if (sl->audio.far_play == SIM_PLAY_TONE) {
		dsp_tone_generate(&sl->audio.far_tone, add, n);
		sim_mix(sl->audio.last_tx, add, n);
	} else if (sl->audio.far_play == SIM_PLAY_PATTERN) {
		/* alone, so the far end can check every sample */
		for (i = 0; i < n; i++) {
			sl->audio.last_tx[i] = (s16)sl->audio.far_lfsr;
			sl->audio.far_lfsr = sim_lfsr_next(sl->audio.far_lfsr);
		}
	}
	sim_fault_apply(&sl->audio.tx_fault, sl->audio.last_tx, n);
}

/*
 * The core's 1 ms tick: the line receives what its cross-connected peer
 * last sent, plus what the far end keys in-band.
 */
void sim_tick(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n)
{
	struct sim_line *sl = tapi_line_priv(line);
	s16 dtmf[8], fsk[8] = { 0 }, tone[8] = { 0 };
	unsigned int i;

	if (WARN_ON_ONCE(n > ARRAY_SIZE(dtmf)))
		n = ARRAY_SIZE(dtmf);
	sim_tick_timing(sl);
	if (READ_ONCE(sl->loop.phone_timing))
		sim_phone_poll(sl);
	spin_lock(&sim_lock);
	if (sl->audio.cid_len && (!sl->audio.cid_wait || !--sl->audio.cid_wait)) {
		dsp_fsk_mod_start(&sl->audio.far_fsk, DSP_FSK_SEIZURE_BITS, DSP_FSK_MARK_BELL,
				  sl->audio.cid_msg, sl->audio.cid_len, 10);
		sl->audio.cid_len = 0;
	}
	dsp_dtmf_tx_generate(&sl->audio.far_dtmf, dtmf, n);
	if (dsp_fsk_mod_busy(&sl->audio.far_fsk))
		dsp_fsk_mod_generate(&sl->audio.far_fsk, fsk, n);
	if (sl->audio.ex_tone_on) {
		dsp_tone_generate(&sl->audio.ex_tone, tone, n);
		if (sl->audio.ex_tone_left && !--sl->audio.ex_tone_left)
			sl->audio.ex_tone_on = false;
	}
	for (i = 0; i < n; i++)
		rx[i] = dsp_sat16((s32)dtmf[i] + fsk[i] + tone[i] +
				  (sl->audio.peer ? sl->audio.peer->audio.last_tx[i] : 0));
	sim_fault_apply(&sl->audio.rx_fault, rx, n);
	sim_send(sl, tx, n);
	if (sl->audio.ex_listen) {
		struct dsp_dtmf_event ev[2];
		size_t k, got = dsp_dtmf_rx_process(&sl->audio.ex_dtmf, sl->audio.last_tx, n, ev,
						    ARRAY_SIZE(ev));

		for (k = 0; k < got; k++) {
			size_t len = strlen(sl->audio.pulse_digits);

			if (ev[k].end || len >= SIM_HOOK_DIGITS)
				continue;
			sl->audio.pulse_digits[len] = ev[k].digit;
			schedule_work(&sl->pulse_work);
		}
	}
	if (tapi_hook_rx_busy(&sl->audio.pulse_rx)) {
		struct tapi_hook_ev ev;
		size_t len = strlen(sl->audio.pulse_digits);

		if (tapi_hook_rx_poll(&sl->audio.pulse_rx, ktime_get_ns(), &ev) &&
		    ev.what == TAPI_HOOK_DIGIT && len < SIM_HOOK_DIGITS) {
			sl->audio.pulse_digits[len] = ev.arg;
			schedule_work(&sl->pulse_work);
		}
	}
	spin_unlock(&sim_lock);
}

/* The core dials pulses: the exchange times them (the tick, softirq). */
void sim_loop_break(struct tapi_line *line, bool brk)
{
	struct sim_line *sl = tapi_line_priv(line);
	struct tapi_hook_ev ev;

	spin_lock(&sim_lock);
	/* a flash or going on-hook means nothing to a call being dialed yet */
	tapi_hook_rx_change(&sl->audio.pulse_rx, !brk, ktime_get_ns(), &ev);
	spin_unlock(&sim_lock);
}
