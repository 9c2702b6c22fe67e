/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tapi_sim, the virtual telephone exchange: what its files share.
 * docs/tapi_sim.md says what it does and how to configure and drive it.
 *
 * Files: sim-core.c (the module, exchanges and lines coming and going),
 * sim-configfs.c (configuration), sim-debugfs.c (the test interface),
 * sim-route.c (routing, ringing, the exchange's tones and caller ID),
 * sim-calls.c (the line's calls and the core's call operations),
 * sim-audio.c (the tick: audio, in-band signals, faults), sim-phone.c
 * (the telephone: hook, keypad, phone device).
 *
 * Locking. sim_cfg_mutex, then sim_call_mutex, then sim_lock nest in that
 * order; a line's hook_mutex only inside sim_cfg_mutex (the line going
 * away) or alone, its phone_lock alone. The core's functions a line
 * reports through may be called under any of them.
 *
 * - sim_cfg_mutex: exchanges going live or away, and their configfs
 *   configuration (struct sim_exchange's live and cfg).
 * - sim_call_mutex: every line's calls (struct sim_line_call, gone),
 *   sim_exchanges and the exchanges' ready, dying and no_answer_ms. The
 *   core calls the call operations in process context and the works run
 *   there too. A call reaches into its peer's line, possibly in another
 *   exchange, so an exchange going away first ends every call into it
 *   and leaves the list (sim_exchange_stop()).
 * - sim_lock (a spinlock, bottom halves off outside the tick): every
 *   line's audio and signals (struct sim_line_audio), shared by debugfs
 *   writers, the call operations and the core's tick.
 * - a line's hook_mutex: its hook steps and its phone device's hookswitch
 *   (struct sim_line_hook). A hook write does not hold it while the steps
 *   play, so no phone waits for them.
 * - a line's phone_lock (a spinlock; the hook timer and the tick, both
 *   softirq): the telephone's loop as the exchange sees it (struct
 *   sim_line_loop).
 *
 * sim_line->pending and hook_busy are atomic; the ring timer is the only
 * reporter of a line and owns ring_no. An exchange going down removes its
 * lines' debugfs files (which waits for writers) before cancelling timers
 * and unregistering lines. A line going away is sim_dying() first; its
 * delayed works are armed only through sim_arm_work(), which refuses then,
 * so once sim_line_quiesce() cancelled them none comes back, even from a
 * call the core drops until the line is unregistered. Its other works and
 * timers stop with what starts them: the tick (unregistering), debugfs
 * (removed first) and the phone (phone_gone).
 */
#ifndef _TAPI_SIM_H
#define _TAPI_SIM_H

#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/configfs.h>

#include "tapi_compat.h"
#include "tapi_driver.h"
#include "tapi_dsp.h"

#define SIM_MAX_LINES		512
#define SIM_RINGS_PER_TICK	64
#define SIM_MAX_RING_WRITE	1000000
#define SIM_ROUTE_MS		20	/* from the last digit to ringback */
#define SIM_PULSE_ROUTE_MS	4000	/* after the last digit, if no number matched */
#define SIM_SIT_MS		2500	/* SIT before a vacant number is disconnected */
#define SIM_HOOK_DIGITS		16	/* in one "pulse" write */
#define SIM_HOOK_STEPS		(SIM_HOOK_DIGITS * 20 + 2)
#define SIM_HOOK_MAX_BREAK_MS	5000
#define SIM_HOOK_MAX_AT_MS	600000	/* "at MS ..." */
#define SIM_NUMBER_MAX		20	/* digits of a line's number */
#define SIM_DELAY_MAX_MS	500	/* audio_delay fault */
#define SIM_CLEARED_MS		30000	/* the tone after the far end cleared */
#define SIM_PHONE_EVENTS	16	/* the telephone's, not yet acted on */
#define SIM_CW_CID_MS		600	/* call-waiting tone to its caller ID */

struct sim_hook_step {
	u16 ms;				/* how long, before the next step */
	bool closed;			/* the loop: closed (off-hook) or broken */
	bool keys;			/* then the keypad sends hook_keys */
	u8 handset;			/* the phone's handset: SIM_HANDSET_* */
};

/* what a hook step does to the phone device, besides the loop */
enum { SIM_HANDSET_SAME, SIM_HANDSET_LIFTED, SIM_HANDSET_DOWN, SIM_FLASH_DOWN, SIM_FLASH_UP };

/* The telephone's buttons: the keypad (IDs 0-11, as TAPI numbers them), then these. */
#define SIM_BTN_FLASH		12
#define SIM_BTN_MWI		13	/* message waiting, with a lamp */
#define SIM_BUTTONS		14
#define SIM_DISPLAY_ROWS	2
#define SIM_DISPLAY_COLS	20

/* A fault on one direction of a line's audio (debugfs faults), under sim_lock. */
struct sim_audio_fault {
	u32 drop_every;			/* every Nth tick's audio lost: silence */
	u32 drop_count;
	u32 delay_samples;		/* all of it this late */
	u32 delay_pos;
	s16 *delay_buf;			/* SIM_DELAY_MAX_MS of audio, when asked */
};

enum { SIM_PLAY_NONE, SIM_PLAY_TONE, SIM_PLAY_PATTERN };

struct sim_exchange;

/* A line as configured: what going live makes of it. */
struct sim_line_spec {
	char number[SIM_NUMBER_MAX + 1];
	u32 type;			/* TAPI_LINE_TYPE_* */
	char zone[4];			/* a tone zone's code */
	char caller_name[DSP_CID_NAME_MAX + 1];	/* "": the exchange says unavailable */
	bool call_waiting;		/* a second caller waits instead of busy */
	bool withheld;			/* its caller ID says "private" */
};

/*
 * What the exchanges of a zone do that its tone plan does not say: when
 * caller ID goes out (before the first ring, as in much of Europe and
 * Japan, or after it, as in North America) and what a line hears once the
 * far end has hung up (Germany and its neighbours play busy tone, North
 * American exchanges give dial tone again, the UK stays silent).
 */
struct sim_zone_rule {
	char code[3];
	bool cid_first;
	s8 cleared;			/* DSP_ZONE_* tone, or -1: silence */
};

/**
 * struct sim_line_conf - what a line is, set before it registers
 * @number: its number
 * @caller_name: the name caller ID gives for it ("": the exchange says unavailable)
 * @ring_ms: the zone's ring cadence: one ring each
 * @ring_on_ms: the cadence's first ring
 * @rule: what the exchanges of its zone do (sim_zone_rules)
 * @zone: its tone zone
 * @call_waiting: a second caller waits instead of getting busy
 * @withheld: its caller ID says "private"
 *
 * Constant while the line lives: read without a lock.
 */
struct sim_line_conf {
	char number[TAPI_ADDRESS_LEN];
	char caller_name[DSP_CID_NAME_MAX + 1];
	u32 ring_ms;
	u32 ring_on_ms;
	const struct sim_zone_rule *rule;
	const struct dsp_zone *zone;
	bool call_waiting;
	bool withheld;
};

/**
 * struct sim_line_call - the line's calls, under sim_call_mutex
 * @call_id: the active call's ID in the core, 0 for none
 * @call_state: its TAPI_CALL_*, as reported
 * @media_mode: its media mode
 * @call_peer: its other end, once it rings
 * @dialed: the digits of its number dialed so far
 * @call_rings: rings of it, while offered
 * @phone_call: the line's calls are the telephone's (it answered or started them)
 * @display_on: the telephone's display shows caller ID
 * @cw_id: the second call's ID: one waiting (call waiting:
 *	TAPI_CALL_OFFERING) or on hold while the other talks; 0 for none
 * @cw_state: its TAPI_CALL_*
 * @cw_peer: its other end
 * @far_mode: a scripted far end (debugfs far_end): SIM_FAR_*
 * @far_rings: it answers after this many rings
 * @far_hangup_ms: it hangs up this long after answering, 0: never
 * @far_play_mode: what it plays once answered: SIM_PLAY_*
 * @far_tone_def: the tone it plays then
 * @far_digits: the digits it keys then
 *
 * A flash, or answering the second call or taking it off hold, swaps the
 * two calls. The calls of other lines are reached through the peers, so
 * one mutex guards every line's.
 */
struct sim_line_call {
	u32 call_id;
	u32 call_state;
	u32 media_mode;
	struct sim_line *call_peer;
	char dialed[TAPI_DIAL_LEN];
	u32 call_rings;
	bool phone_call;
	bool display_on;
	u32 cw_id;
	u32 cw_state;
	struct sim_line *cw_peer;
	u32 far_mode;
	u32 far_rings;
	u32 far_hangup_ms;
	u32 far_play_mode;
	struct dsp_tone_def far_tone_def;
	char far_digits[SIM_HOOK_DIGITS + 1];
};

/**
 * struct sim_line_audio - the line's audio and signals, under sim_lock
 * @peer: the line whose audio it receives (cross-connected), or NULL
 * @last_tx: what the line sent at its last tick; the peer's tick reads it
 *	(the core runs the lines' ticks one after another)
 * @far_dtmf: DTMF the far end sends in-band (debugfs dtmf, a call's dialing)
 * @far_fsk: caller ID the exchange sends in-band
 * @cid_msg: caller ID to send once @cid_wait ticks passed
 * @cid_len: its length, 0 for none
 * @cid_wait: ticks (ms) until it goes
 * @ex_tone: the tone the exchange plays into the line (dial tone, ringback,
 *	busy, SIT, in the line's zone)
 * @ex_tone_on: it plays
 * @ex_tone_left: ms it still plays; 0: until changed
 * @ex_listen: the exchange listens for DTMF in what the line sends
 *	(while the number is being dialed)
 * @ex_dtmf: its DTMF receiver
 * @pulse_rx: the exchange's receiver of the pulses the core dials
 * @pulse_digits: digits dialed, pulses or DTMF, for pulse_work
 * @rx_fault: the fault on the audio the line receives (debugfs faults)
 * @tx_fault: the fault on the audio it sends
 * @far_play: what a scripted far end that answered plays: SIM_PLAY_*
 * @far_tone: its tone
 * @far_lfsr: its pattern: each sample gives the next (sim_lfsr_next())
 * @phone_keys: DTMF the telephone's keypad sends (debugfs hook)
 * @keys_on: @phone_keys has some to send
 * @keys_due: a hook step asks for the "call" digits (hook_keys) to be
 *	keyed: set by the hook timer with WRITE_ONCE(), taken by the tick
 *
 * Debugfs writers, the call operations and the core's tick (softirq)
 * share these: taken with bottom halves off outside the tick.
 */
struct sim_line_audio {
	struct sim_line *peer;
	s16 last_tx[8];
	struct dsp_dtmf_tx far_dtmf;
	struct dsp_fsk_mod far_fsk;
	u8 cid_msg[DSP_CID_MSG_MAX];
	int cid_len;
	u32 cid_wait;
	struct dsp_tone_gen ex_tone;
	bool ex_tone_on;
	u32 ex_tone_left;
	bool ex_listen;
	struct dsp_dtmf_rx ex_dtmf;
	struct tapi_hook_rx pulse_rx;
	char pulse_digits[SIM_HOOK_DIGITS + 1];
	struct sim_audio_fault rx_fault, tx_fault;
	u32 far_play;
	struct dsp_tone_gen far_tone;
	u16 far_lfsr;
	struct dsp_dtmf_tx phone_keys;
	bool keys_on;
	bool keys_due;
};

/**
 * struct sim_line_loop - the telephone's loop as the exchange sees it,
 * under the line's phone_lock
 * @phone_rx: the receiver that times its breaks (flash, pulses, hook)
 * @phone_timing: @phone_rx has a timeout to run (read by the tick with
 *	READ_ONCE() first)
 * @phone_ev: the events it found, not yet acted on by phone_work
 * @phone_nev: how many
 *
 * The hook timer and the tick (both softirq) feed the receiver;
 * phone_work takes the events and acts on them under sim_call_mutex.
 */
struct sim_line_loop {
	struct tapi_hook_rx phone_rx;
	bool phone_timing;
	struct tapi_hook_ev phone_ev[SIM_PHONE_EVENTS];
	unsigned int phone_nev;
};

/**
 * struct sim_line_hook - the telephone's hook and phone device, under the
 * line's hook_mutex
 * @hook_steps: the steps of a debugfs hook write (or of a hookswitch change)
 * @hook_n: how many
 * @hook_i: the next one the hook timer plays
 * @hook_keys: what the keypad keys at a step's end ("call")
 * @phone_off: the phone device's hookswitch devices off-hook (TAPI_HOOKSWITCH_*)
 * @ring_volume: the ring volume its owners set (read with READ_ONCE())
 * @phone_gone: the line is being removed: no more hook changes
 *
 * Once the steps play (hook_busy set), the hook timer owns @hook_steps,
 * @hook_n, @hook_i and @hook_keys until it clears hook_busy; hook_mutex
 * is not held meanwhile, so no phone waits for the steps.
 */
struct sim_line_hook {
	struct sim_hook_step hook_steps[SIM_HOOK_STEPS];
	unsigned int hook_n;
	unsigned int hook_i;
	char hook_keys[SIM_HOOK_DIGITS + 1];
	u32 phone_off;
	u32 ring_volume;
	bool phone_gone;
};

/**
 * struct sim_line - one line of the exchange, and the telephone on it
 * @ex: its exchange
 * @line: the core's line; NULL once removed alone
 * @phone: the telephone's phone device (subscriber lines), or NULL
 * @gone: being removed alone (sim_call_mutex)
 * @conf: what it is, constant while it lives
 * @call: its calls, under sim_call_mutex
 * @audio: its audio and signals, under sim_lock
 * @phone_lock: guards @loop (a spinlock: the hook timer and the tick take it)
 * @loop: the telephone's loop as the exchange sees it, under @phone_lock
 * @hook_mutex: guards @hook
 * @hook: the telephone's hook steps and phone device, under @hook_mutex
 * @hook_busy: the hook steps play: the hook timer owns them
 * @hook_timer: plays the hook steps (softirq)
 * @debugfs: its debugfs directory
 * @ring_timer: reports @pending rings (softirq): the only reporter of the
 *	line, it owns @ring_no
 * @pending: rings a debugfs ring write asked for, not yet reported
 * @ring_no: the last ring's number
 * @idle: woken when @pending drops to 0 or the hook steps end
 * @route_work: the number is complete: route it
 * @ring_work: ring an offered call
 * @noanswer_work: an offered call rang too long
 * @cw_work: a waiting call waited too long
 * @far_hangup_work: a scripted far end hangs up
 * @pulse_work: take the digits the line dialed (@audio.pulse_digits)
 * @phone_work: act on the telephone's loop (@loop.phone_ev)
 * @fault_reply_ms: the reply_delay fault: call operations answer this late
 *	(READ_ONCE()/WRITE_ONCE())
 * @st: statistics (debugfs stats): the calls' under sim_call_mutex, the
 *	ticks the tick's own
 * @st.placed: calls the line placed
 * @st.connected: its calls that connected
 * @st.busy: ...that got busy
 * @st.vacant: ...that dialed a vacant number
 * @st.no_answer: ...that went unanswered
 * @st.rejected: ...that the far end rejected
 * @st.unreachable: ...whose far end went away
 * @st.ticks: the core's ticks of the line
 * @st.late: ticks late (over 2 ms after the clock had them due)
 *
 * The delayed works are armed only through sim_arm_work(), which refuses
 * once the line is sim_dying(); the other works and the timers stop with
 * what starts them (see sim_line_release()).
 */
struct sim_line {
	struct sim_exchange *ex;
	struct tapi_line *line;
	struct tapi_phone *phone;
	bool gone;
	struct sim_line_conf conf;
	struct sim_line_call call;
	struct sim_line_audio audio;

	spinlock_t phone_lock;		/* guards loop */
	struct sim_line_loop loop;

	struct mutex hook_mutex;	/* guards hook */
	struct sim_line_hook hook;
	atomic_t hook_busy;
	struct hrtimer hook_timer;

	struct dentry *debugfs;
	struct hrtimer ring_timer;
	atomic_t pending;
	u32 ring_no;
	wait_queue_head_t idle;

	struct delayed_work route_work;
	struct delayed_work ring_work;
	struct delayed_work noanswer_work;
	struct delayed_work cw_work;
	struct delayed_work far_hangup_work;
	struct work_struct pulse_work;
	struct work_struct phone_work;

	u32 fault_reply_ms;

	struct {
		u64 placed, connected, busy, vacant, no_answer, rejected, unreachable;
		u64 ticks, late;
	} st;
};

enum { SIM_FAR_NONE, SIM_FAR_ANSWER, SIM_FAR_BUSY, SIM_FAR_REJECT };

/**
 * struct sim_exchange - lines that go live and away together
 * @group: its configfs directory (unused by the module parameters' one)
 * @node: in sim_exchanges while its lines route calls (sim_call_mutex)
 * @ready: every line registered: calls may route (sim_call_mutex)
 * @dying: going away: nothing reports to its lines any more (sim_call_mutex)
 * @live: its lines exist (sim_cfg_mutex)
 * @no_answer_ms: an offered call not answered this long ends (0: never)
 * @lines: they, while live
 * @nlines: how many
 * @cfg: its configfs lines, struct sim_cfg_line (sim_cfg_mutex)
 */
struct sim_exchange {
	struct config_group group;
	struct list_head node;
	bool ready;
	bool dying;
	bool live;
	u32 no_answer_ms;
	struct sim_line *lines;
	unsigned int nlines;
	struct list_head cfg;
};

extern struct mutex sim_call_mutex;
extern struct mutex sim_cfg_mutex;
extern spinlock_t sim_lock;
extern struct list_head sim_exchanges;
extern struct device *sim_dev;

/*
 * @sl is going away, with its exchange or alone: nothing reports to it, no
 * call reaches it. Holds sim_call_mutex.
 */
static inline bool sim_dying(const struct sim_line *sl)
{
	lockdep_assert_held(&sim_call_mutex);
	return sl->ex->dying || sl->gone;
}

/* sim-core.c */
void sim_line_quiesce(struct sim_line *sl);
void sim_exchange_stop(struct sim_exchange *ex, unsigned int n);
void sim_line_remove(struct sim_line *sl);
int sim_exchange_start(struct sim_exchange *ex, const struct sim_line_spec *spec, unsigned int n);

/* sim-route.c */
void sim_arm_work(struct sim_line *sl, struct delayed_work *dw, u32 ms);
struct sim_line *sim_find(const char *number);
void sim_stop_caller_id(struct sim_line *sl);
void sim_play(struct sim_line *sl, int tone, u32 ms);
void sim_call_set(struct sim_line *sl, u32 state);
void sim_far_hangup_work(struct work_struct *w);
void sim_ring_work(struct work_struct *w);
void sim_cw_work(struct work_struct *w);
void sim_route_work(struct work_struct *w);
void sim_noanswer_work(struct work_struct *w);
void sim_take_digits(struct sim_line *sl, const char *digits);
void sim_pulse_work(struct work_struct *w);
const struct sim_zone_rule *sim_zone_rule(const char *code);

/* sim-calls.c */
void sim_cw_end(struct sim_line *sl, u32 why);
void sim_call_clear(struct sim_line *sl);
void sim_call_report(struct sim_line *sl, u32 state, u32 detail);
void sim_audio_connect(struct sim_line *a, struct sim_line *b);
int sim_dial_append(struct sim_line *sl, const char *dial);
void sim_connect_call(struct sim_line *sl);
void sim_far_cleared(struct sim_line *peer, struct sim_line *from, u32 why);
void sim_end_local(struct sim_line *sl, u32 id);
void sim_swap(struct sim_line *sl);
int sim_make_call(struct tapi_line *line, u32 call_id, const char *dial, u32 media_mode);
int sim_dial(struct tapi_line *line, u32 call_id, const char *dial);
int sim_answer(struct tapi_line *line, u32 call_id);
int sim_hold_call(struct tapi_line *line, u32 call_id);
int sim_unhold_call(struct tapi_line *line, u32 call_id);
void sim_drop(struct tapi_line *line, u32 call_id);
int sim_set_treatment(struct tapi_line *line, u32 call_id, u32 treatment);

/* sim-audio.c */
void sim_reply_delay(struct sim_line *sl);
u16 sim_lfsr_next(u16 x);
void sim_tick(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n);
void sim_loop_break(struct tapi_line *line, bool brk);

/* sim-phone.c */
void sim_phone_poll(struct sim_line *sl);
void sim_phone_keys(struct sim_line *sl, const char *digits);
enum hrtimer_restart sim_hook_fn(struct hrtimer *t);
void sim_hook_play(struct sim_line *sl, unsigned int ms);
bool sim_keys_valid(const char *digits);
int sim_hook_parse(struct sim_line *sl, char *cmd);
void sim_phone_ring(struct sim_line *sl, bool on);
void sim_phone_display(struct sim_line *sl, const char *number, const char *name);
void sim_phone_work(struct work_struct *w);
int sim_set_msg_wait(struct tapi_line *line, bool on);

/* sim-debugfs.c */
enum hrtimer_restart sim_ring_fn(struct hrtimer *t);
void sim_debugfs_add(struct sim_line *sl);
struct tapi_phone *sim_phone_register(struct sim_line *sl);
void sim_debugfs_init(void);
void sim_debugfs_exit(void);

/* sim-configfs.c */
int sim_configfs_register(void);
void sim_configfs_unregister(void);

#endif /* _TAPI_SIM_H */
