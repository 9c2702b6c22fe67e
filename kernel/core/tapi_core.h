/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal interfaces of tapi.ko, shared by its files and its KUnit tests. */
#ifndef _TAPI_CORE_H
#define _TAPI_CORE_H

#include <linux/tapi.h>

#include "tapi_compat.h"
#include "tapi_driver.h"
#include "device.h"
#include "gate.h"
#include "../dsp/dtmf.h"
#include "../dsp/tone.h"
#include "../dsp/progress.h"
#include "../dsp/callerid.h"

/*
 * Lock ordering: every lock of tapi.ko, what it protects, outermost first.
 * A lock is taken only while holding those above it (or none), never one
 * above it.
 *
 *  1. tapi_device.ops_mutex (gate.c: the gate): whether the driver is
 *     still there, and every call into it that may sleep. Process context
 *     only.
 *  2. tapi_fh.read_mutex (device.c): one reader consumes a file's events
 *     at a time; a stream's read_mutex and write_mutex (audio.c) likewise.
 *  3. tapi_clock.lock (clock.c; bottom halves off): the list of lines with
 *     audio and the clock's statistics. The tick holds it, in softirq,
 *     while it runs every line's tick below.
 *  4. tapi_line.audio_lock (bottom halves off): a line's audio streams,
 *     tone and digit generation (audio.c), media control (mediactl.c).
 *  5. tapi_line.hook_lock (interrupts off): the far end's loop (hook.c).
 *     Never held with audio_lock: each nests inside 3 and outside 6.
 *  6. tapi_device.lock (interrupts off; a line's tdev.lock, a phone's
 *     too): the device's open files and their event queues, the dead
 *     flag; on a line, its calls and every file's privileges on them,
 *     gathering, media and tone monitoring state; on a phone, its state.
 *     Drivers report events under it from any context. Innermost: nothing
 *     is taken while holding it (calls end under it, so streams learn of
 *     an ended call at the tick, through @calls_ended, rather than under
 *     it).
 *
 * A line's lock and a phone's are never held together. Functions named
 * *_locked, and those whose comment says the caller holds a lock, say so
 * with lockdep_assert_held().
 */

#define TAPI_TICK_SAMPLES	8	/* 1 ms at 8 kHz */
#define TAPI_MAX_CALLS		8	/* call slots per line */

/* Pulse dialing in progress (hook.c). */
struct tapi_pulse_tx {
	char digits[TAPI_GENERATE_MAX_DIGITS + 1];
	u32 idx;		/* the digit being sent */
	u32 pulses;		/* its breaks still to start or finish */
	u32 left_ms;		/* of the current break, make or gap */
	u32 gap_ms;
	bool broken;		/* the loop is broken now */
	bool done;
};

bool tapi_pulse_tx_init(struct tapi_pulse_tx *p, const char *digits, u32 gap_ms);
bool tapi_pulse_tx_step(struct tapi_pulse_tx *p);

/* The frequencies a line's files monitor tones on (tonemon.c), under line->tdev.lock. */
struct tapi_tonefreqs {
	u16 hz[TAPI_MAX_TONE_FREQS];
	u16 refs[TAPI_MAX_TONE_FREQS];	/* 0: the slot is free */
	u32 changes;			/* counts changes, for the tick to see */
	u32 blocks;			/* 20 ms blocks measured */
};

/* The filters measuring them: the tick's alone (tonemon.c). */
struct tapi_tonebank {
	u16 hz[TAPI_MAX_TONE_FREQS];	/* as of the block's start; 0: unused */
	struct dsp_goertzel g[TAPI_MAX_TONE_FREQS];
	u64 power[TAPI_MAX_TONE_FREQS];	/* of the last block */
	u64 energy;			/* of the block so far */
	u64 block_energy;		/* of the last block */
	u32 fill;			/* samples in the block so far */
	u32 changes;			/* tapi_tonefreqs.changes when last taken */
	u32 nfilters;			/* of @hz in use */
};

/* A call on a line (call.c); a slot with id 0 is free. */
struct tapi_call {
	u32 id;
	u32 state;		/* TAPI_CALL_* */
	u32 detail;
	u32 media_mode;
	u32 origin;
	bool hidden;		/* being made: no events until the driver agrees */
	u64 created_ns;
	u64 state_ns;
	u64 connected_ns;
	char caller[TAPI_ADDRESS_LEN];
	char called[TAPI_DIAL_LEN];
	char caller_name[TAPI_ADDRESS_LEN];
	u32 caller_flags;		/* TAPI_PARTYID_* */
	u8 cid_time[4];			/* month, day, hour, minute; month 0: none */
	u32 app_specific;		/* the applications' value */
	u32 treatment;			/* TAPI_TREATMENT_*, 0: the driver's default */
	u32 call_data_size;
	u8 *call_data;			/* kmalloc'ed, freed when the call ends */
};

/*
 * A line device: its node and open files (@tdev: id, names, lock, files,
 * the gate), its calls, audio and DSP. Its lock is @tdev.lock.
 */
struct tapi_line {
	struct tapi_device tdev;
	char address[TAPI_ADDRESS_LEN];
	u32 line_type;
	u64 caps;
	const struct tapi_line_ops *ops;

	/* Audio and DSP: touched only by the clock's tick, under its lock. */
	struct list_head tick_node;	/* in the clock's list */
	/* audio_lock (bottom halves off): streams and generator, see audio.c */
	spinlock_t audio_lock;
	struct list_head streams;
	u64 audio_overruns;		/* every stream's, ended ones included */
	u64 audio_underruns;
	struct dsp_dtmf_tx gen;		/* digits being generated */
	struct dsp_tone_gen tone;	/* or a tone */
	struct tapi_pulse_tx pulse;	/* or dial pulses (gen_pulse) */
	bool gen_pulse;
	bool loop_broken;		/* as last asked of the driver, tick only */
	bool gen_active;
	u32 gen_kind;			/* TAPI_GENERATE_DIGITS or _TONE */
	u32 gen_call;			/* the call it is for, 0: the line */
	u32 gen_calls_seen;		/* calls_ended when last checked */
	u32 gen_left;			/* samples until a tone stops, 0: no limit */
	u32 gen_tag;
	struct tapi_line_file *gen_owner;	/* who asked; compared, never followed */
	u64 samples;			/* samples exchanged since registration */
	struct dsp_dtmf_rx dtmf;
	/* media control (TAPI_IOC_MEDIA_CONTROL), under audio_lock */
	struct tapi_media_control mctl;
	u32 mctl_state;			/* the call's state as the rules last saw it */
	u32 mctl_changes;		/* call_changes when the rules last looked */
	struct tapi_line_file *mctl_owner;	/* who set them; compared, never followed */
	/* media detectors, run while media_watchers (under @tdev.lock) is non-zero */
	struct dsp_fax fax;
	struct dsp_vad vad;
	bool media_running;
	u64 media_pos;			/* samples the detectors have heard */
	struct dsp_cid_rx cid;		/* caller ID, while calls are offered */
	bool cid_running;
	struct tapi_tonebank tonebank;	/* tone monitoring's filters */

	/*
	 * The far end's loop (hook.c), under @hook_lock (interrupts off),
	 * which nests outside @lock. @hook_busy: the tick has timeouts to
	 * run; @hook_off: off-hook as last reported. Both read without it.
	 */
	spinlock_t hook_lock;
	struct tapi_hook_rx hook;
	bool hook_busy;
	bool hook_off;
	bool out_of_service;		/* under @tdev.lock */
	bool msg_wait;			/* messages wait (TAPI_IOC_SET_LINE), under @tdev.lock */

	/*
	 * Under @tdev.lock, with the files and their event queues: the calls
	 * and every file's privileges on them.
	 */
	struct tapi_call calls[TAPI_MAX_CALLS];
	u32 next_call_id;
	u32 gathering;			/* files gathering digits, under @tdev.lock */
	u64 gather_due;			/* no gathering times out before, under @tdev.lock */
	u32 media_watchers;		/* files monitoring media, under @tdev.lock */
	u32 tone_watchers;		/* files monitoring tones, under @tdev.lock */
	struct tapi_tonefreqs tonefreqs;	/* and on what, under @tdev.lock */
	u32 nstreams;			/* audio streams, under audio_lock */
	u32 offering;			/* calls offered or accepted, under @tdev.lock */
	u32 rings;			/* the last TAPI_EVENT_RING's number, under @tdev.lock */
	u32 calls_ended;		/* counts calls ending, written under @tdev.lock */
	u32 call_changes;		/* counts calls' state changes, written under @tdev.lock */
};

/* A file's digit gathering request and last result (gather.c). */
struct tapi_gather {
	bool active;
	bool have_result;
	u32 call_id;
	u32 max;
	u32 tag;
	u32 modes;			/* TAPI_DIGIT_DTMF and/or _PULSE */
	u32 n;
	u32 timeout_reason;		/* TAPI_GATHER_FIRST/INTERTIMEOUT */
	u64 inter_samples;		/* 0: no inter-digit timeout */
	u64 deadline;			/* line->samples to time out at, 0: never */
	char term[32];
	char buf[TAPI_GATHER_MAX_DIGITS + 1];
	struct tapi_gather_result result;
};

/* A file's tone monitoring (tonemon.c), under line->tdev.lock. */
struct tapi_tonemon_tone {
	u32 tag;
	u32 duration_ms;
	u32 nf;				/* frequencies used */
	u16 hz[3];
	u8 slot[3];			/* their filters in the line's bank */
	u32 run_ms;			/* present this long */
	bool reported;
};

struct tapi_tonemon {
	u32 count;			/* tones listened for, 0: none */
	u32 call_id;
	u32 first_block;		/* the first block judged */
	struct tapi_tonemon_tone t[TAPI_MONITOR_TONES_MAX];
};

/*
 * A phone device (phone.c): a telephone set's state, under @tdev.lock, so
 * drivers report from any context; owners' changes go through the driver
 * one at a time, through the gate (gate.c).
 */
struct tapi_phone {
	struct tapi_device tdev;
	const struct tapi_phone_ops *ops;
	u32 line_id;
	u32 devs;
	u32 dev_modes[TAPI_HOOKSWITCH_DEVS];
	u32 rows, cols;
	u32 nbuttons;
	u32 nring;
	u32 hook[TAPI_HOOKSWITCH_DEVS];
	u32 ring_mode, ring_volume;
	u32 volume[TAPI_HOOKSWITCH_DEVS];
	u32 gain[TAPI_HOOKSWITCH_DEVS];
	char display[TAPI_PHONE_DISPLAY_MAX];
	struct tapi_phone_button buttons[TAPI_PHONE_MAX_BUTTONS];
};

/* One open file of a line device; its event queue is @fh's. */
struct tapi_line_file {
	struct tapi_fh fh;
	struct tapi_line *line;
	/* under line->tdev.lock: what this file asked for, and its calls */
	u32 privileges;			/* TAPI_PRIV_* */
	u32 media_modes;
	u32 priority;
	u32 num_rings;			/* TAPI_IOC_SET_NUM_RINGS */
	char name[TAPI_NAME_LEN];	/* the application's (TAPI_IOC_SET_NAME) */
	u8 call_priv[TAPI_MAX_CALLS];	/* per slot of line->calls: TAPI_PRIV_* or 0 */
	/*
	 * Under line->lock: the last calls this file knew that ended, as they
	 * were (TAPI_IOC_CALL_INFO), so a reader behind its events still
	 * learns who called whom.
	 */
	struct tapi_call_info ended[TAPI_ENDED_CALLS];
	unsigned int ended_next;
	struct tapi_gather gather;	/* under line->tdev.lock */
	u32 digit_modes;		/* TAPI_DIGITMODE_* told, under line->tdev.lock */
	u32 line_states;		/* TAPI_LINESTATE_* told, under line->tdev.lock */
	u32 digit_call;
	u32 media_watch;		/* TAPI_MEDIA_* monitored, under line->tdev.lock */
	u32 media_watch_call;
	struct tapi_tonemon tonemon;	/* under line->tdev.lock */
};

static inline struct tapi_line_file *to_line_file(struct tapi_fh *fh)
{
	return container_of(fh, struct tapi_line_file, fh);
}

/* Every open file of @line, under its lock. */
#define tapi_for_each_line_file(tf, line) \
	list_for_each_entry(tf, &(line)->tdev.files, fh.node)

struct dentry;
void tapi_clock_init(struct dentry *debugfs_dir);
void tapi_clock_exit(void);
void tapi_clock_add(struct tapi_line *line);
void tapi_clock_remove(struct tapi_line *line);
void tapi_line_tick(struct tapi_line *line);
void tapi_line_state_locked(struct tapi_line *line, u32 what);
struct tapi_line_file *tapi_line_file_open(struct tapi_line *line);
void tapi_hook_tick(struct tapi_line *line);

long tapi_audio_open(struct tapi_line_file *tf, void __user *argp);
long tapi_media_control(struct tapi_line_file *tf, void __user *argp);
void tapi_mediactl_tick(struct tapi_line *line, const struct dsp_dtmf_event *ev,
			unsigned int n);
void tapi_mediactl_file_closed(struct tapi_line_file *tf);
void tapi_audio_control_locked(struct tapi_line *line, u32 call_id, u32 action);
u32 tapi_call_state_of(struct tapi_line *line, u32 call_id);
u32 tapi_audio_tick_tx(struct tapi_line *line, s16 *tx, unsigned int n, u32 *kind,
		       u32 *tag, bool *brk);
long tapi_generate_tone(struct tapi_line_file *tf, void __user *argp);
void tapi_audio_tick_rx(struct tapi_line *line, const s16 *rx, unsigned int n);
void tapi_audio_line_gone(struct tapi_line *line);
long tapi_generate_digits(struct tapi_line_file *tf, void __user *argp);
void tapi_generate_file_closed(struct tapi_line_file *tf);
void tapi_audio_file_closed(struct tapi_line_file *tf);
u32 tapi_generate_tick_locked(struct tapi_line *line, s16 *tx, unsigned int n, u32 *kind,
			      u32 *tag, bool *brk);

bool tapi_dial_string_valid(const char *s, size_t size, bool may_be_empty);
bool tapi_call_known(struct tapi_line_file *tf, u32 call_id);
bool tapi_call_known_locked(struct tapi_line_file *tf, u32 call_id);
bool tapi_call_owned_locked(struct tapi_line_file *tf, u32 call_id);
bool tapi_call_exists(struct tapi_line *line, u32 call_id);
long tapi_gather_ioctl(struct tapi_line_file *tf, unsigned int cmd, void __user *argp);
void tapi_gather_digit(struct tapi_line *line, char digit, u32 how);
void tapi_gather_tick(struct tapi_line *line);
void tapi_gather_call_ended(struct tapi_line *line, u32 call_id);
void tapi_gather_file_closed(struct tapi_line_file *tf);
long tapi_monitor_digits(struct tapi_line_file *tf, void __user *argp);
void tapi_digit_report(struct tapi_line *line, const u32 *p);
long tapi_monitor_media(struct tapi_line_file *tf, void __user *argp);
void tapi_media_call_ended(struct tapi_line *line, u32 call_id);
void tapi_media_file_closed(struct tapi_line_file *tf);
void tapi_media_tick(struct tapi_line *line, const s16 *rx, unsigned int n);
long tapi_monitor_tones(struct tapi_line_file *tf, void __user *argp);
void tapi_tonemon_call_ended(struct tapi_line *line, u32 call_id);
void tapi_tonemon_file_closed(struct tapi_line_file *tf);
void tapi_tonemon_tick(struct tapi_line *line, const s16 *rx, unsigned int n);
extern u64 tapi_tonemon_filter_runs;
int tapi_call_set_privileges(struct tapi_line_file *tf, const struct tapi_privileges *p);
int tapi_call_make(struct tapi_line_file *tf, struct tapi_make_call *req);
int tapi_call_dial(struct tapi_line_file *tf, const struct tapi_dial *req);
int tapi_call_answer(struct tapi_line_file *tf, const struct tapi_call_op *req);
int tapi_call_accept(struct tapi_line_file *tf, const struct tapi_call_op *req);
int tapi_call_drop(struct tapi_line_file *tf, const struct tapi_call_op *req);
int tapi_call_hold(struct tapi_line_file *tf, const struct tapi_call_op *req, bool hold);
int tapi_call_set_privilege(struct tapi_line_file *tf, const struct tapi_call_privilege *req);
int tapi_call_handoff(struct tapi_line_file *tf, const struct tapi_handoff *req);
int tapi_call_handoff_name(struct tapi_line_file *tf, const struct tapi_handoff_name *req);
unsigned int tapi_call_list(struct tapi_line_file *tf, u32 *ids, unsigned int max);
void tapi_call_adopt(struct tapi_line_file *tf);
int tapi_call_set(struct tapi_line_file *tf, const struct tapi_call_set *req);
int tapi_call_get_info(struct tapi_line_file *tf, struct tapi_call_info *info);
void tapi_call_file_closed(struct tapi_line_file *tf);
void tapi_call_line_gone_locked(struct tapi_line *line);
bool tapi_call_may_send(struct tapi_line_file *tf, u32 call_id);
bool tapi_call_may_send_locked(struct tapi_line_file *tf, u32 call_id);
void tapi_call_caller_id(struct tapi_line *line, const struct dsp_cid_info *info);
void tapi_cid_tick(struct tapi_line *line, const s16 *rx, unsigned int n);
long tapi_call_ioctl(struct tapi_line_file *tf, unsigned int cmd, void __user *argp);
long tapi_line_status(struct tapi_line_file *tf, void __user *argp);

#endif /* _TAPI_CORE_H */
