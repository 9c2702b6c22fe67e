// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim: the virtual telephone exchange. Lines with numbers call each
 * other; tests ring them, play digits and a telephone's hook through
 * debugfs. The full exchange of issue 5 grows from here.
 *
 * Exchanges: the module parameters make one, "lines" lines numbered from
 * "first_number" (4 lines, 1001-1004, by default; lines=0: none; its
 * "no_answer_ms" is a parameter too). More are
 * configured through configfs, like gpio-sim:
 *
 *   mkdir /sys/kernel/config/tapi_sim/pbx             an exchange
 *   mkdir /sys/kernel/config/tapi_sim/pbx/2001        a line: a directory
 *                                                     named by a number is it
 *   .../2001/number       its number, digits (1-20), unique in the network
 *   .../2001/type         "subscriber" (default) or "trunk"
 *   .../2001/zone         tone zone ("us" default, "de", "uk"...): its ring
 *                         cadence (one TAPI_EVENT_RING a cycle)
 *   .../2001/caller_name  the name caller ID gives for it; empty: the
 *                         exchange says "unavailable"
 *   .../2001/call_waiting 1: a call to it while it talks waits (below);
 *                         0 (default): the caller gets busy
 *   .../2001/withheld     1: its calls' caller ID says "private" (no number,
 *                         no name); 0 (default): number and name
 *   .../2001/dev          read: its device ("tapi5") while live
 *   .../pbx/live          1: the lines appear as /dev/tapiN; 0: they go
 *   .../pbx/no_answer_ms  unanswered calls end after this (60000; 0: never)
 *
 * Going live fails with EINVAL for an exchange without lines or a line
 * without a number, EEXIST for a number already taken (in this exchange
 * or another live one); a live exchange refuses changes and new lines
 * (EBUSY). Removing a live line's directory removes that line at once,
 * open and in calls or not, as unplugging it would (removing the last one
 * takes the exchange down). Every live exchange is one network: any line
 * can call any other. A line or an exchange going away ends the calls
 * into it (the far end sees TAPI_DISCONNECT_UNREACHABLE).
 *
 * Calls: a line makes a call by dialing another line's number, in the dial
 * string, with TAPI_IOC_DIAL, or in its audio: while a call waits for its
 * number the exchange plays the zone's dial tone into the line and
 * listens for DTMF in what the line sends (and counts dial pulses, see
 * below); it routes as soon as the digits make a line's number, else
 * SIM_PULSE_ROUTE_MS after the last one. An unknown number gives
 * TAPI_CALL_SPECIALINFO (TAPI_SPECIALINFO_CUSTIRREG) with the zone's SIT
 * for SIM_SIT_MS, then TAPI_CALL_DISCONNECTED (bad address); a line with a
 * call gives TAPI_CALL_BUSY and busy tone; otherwise the caller hears
 * ringback and the called line is offered the call, with the caller's
 * number and media mode, and rings once per cadence of its zone. The
 * exchange also sends caller ID in-band (Bell 202 FSK, MDMF: number, the
 * calling line's name or "unavailable", date and time), as exchanges do to
 * a telephone: in the silence after the first ring in North American
 * zones, before the first ring in European ones and Japan
 * (sim_zone_rules). A call not answered within the exchange's
 * no_answer_ms ends at both ends (no answer). Answering connects both
 * lines' audio; either end hanging up disconnects the other (rejected,
 * when the called line hangs up without answering), which then hears its
 * zone's tone for a cleared call for up to SIM_CLEARED_MS: dial tone (us),
 * busy tone (de, fr, it, jp) or silence (uk, au). Digits dialed on a
 * connected call reach the other line in-band.
 *
 * A line takes one call at a time, two with call waiting: a call to a line
 * that talks waits (the line is offered a second call; its caller hears
 * ringback, the line the zone's call-waiting tone over its conversation
 * and then the caller ID). A flash of the line's telephone, or its
 * application answering the waiting call, puts the talking call on hold
 * and connects the waiting one; another flash, or taking the held call
 * off hold, swaps them back. When one of them ends the other stays: a
 * waiting call then rings, a held one stays held. A third caller gets
 * busy.
 *
 *   /sys/kernel/debug/tapi_sim/<number>/ring   write N: ring the line N times;
 *                                              returns once all are reported
 *   /sys/kernel/debug/tapi_sim/<number>/dtmf   write digits: the far end sends
 *                                              them in-band (70 ms on, 70 ms off)
 *   /sys/kernel/debug/tapi_sim/<number>/connect  write a number: cross-connect
 *                                              the two lines' audio; "0": none
 *   /sys/kernel/debug/tapi_sim/<number>/hook   the line's telephone: write
 *                                              "off", "on", "flash" (a 500 ms
 *                                              break), "break MS", "pulse
 *                                              DIGITS" (10 pulses/s, 60/40,
 *                                              700 ms between digits) or "call
 *                                              DIGITS" (off-hook, then keys
 *                                              them 300 ms later); returns
 *                                              once all of it has happened.
 *                                              "at MS <one of those>": the
 *                                              same MS later, returning at
 *                                              once. Until the steps are
 *                                              over, another write (and the
 *                                              phone's hookswitch) gets
 *                                              EBUSY. "keys DIGITS": the
 *                                              keypad sends DTMF (70 ms on and
 *                                              off) in what the line sends
 *   /sys/kernel/debug/tapi_sim/<number>/service  write 0 or 1: the line goes
 *                                              out of service, or back
 *   /sys/kernel/debug/tapi_sim/<number>/far_end  a scripted far end: "none"
 *                                              (applications decide), "busy",
 *                                              "reject", or "answer N [digits
 *                                              D] [tone F1[+F2] | pattern]
 *                                              [hangup MS]" (after N rings;
 *                                              then keys D to the caller,
 *                                              plays it a tone or a checkable
 *                                              pattern, hangs up MS later)
 *   /sys/kernel/debug/tapi_sim/<number>/faults  write "reply_delay MS" (call
 *                                              requests answered late),
 *                                              "audio_drop N" (every Nth
 *                                              tick's received audio lost),
 *                                              "audio_delay MS" (received
 *                                              audio late, up to 500),
 *                                              "sent_drop N", "sent_delay MS"
 *                                              (the same for sent audio),
 *                                              "none"
 *   /sys/kernel/debug/tapi_sim/<number>/stats  read: calls the line placed,
 *                                              and how its calls went
 *                                              (connected, busy, vacant, no
 *                                              answer, rejected, unreachable);
 *                                              ticks, and ticks late (run over
 *                                              2 ms after the clock had them due);
 *                                              its audio streams' overruns and
 *                                              underruns (tapi_line_audio_totals())
 *   /sys/kernel/debug/tapi_sim/stats           the same, summed over every live
 *                                              line, after "lines N"
 *
 * Pulse dialing: when the core dials pulses on a line (loop_break), the
 * exchange times the breaks with the core's loop receiver and, while the
 * call waits for its number (dial tone, dialing), takes the digits as
 * dialed, like DTMF ones.
 *
 * The telephone on a line (debugfs hook) is reported to the core as its
 * loop changes, from an hrtimer, and the exchange acts on it as on a real
 * line: off-hook answers a ringing call or, on an idle line, starts one
 * (tapi_call_originate(): the line's applications see it in dial tone,
 * made outside TAPI), whose number the telephone's dial pulses give; a
 * flash swaps waiting and held calls; on-hook ends the telephone's calls
 * (the far ends are disconnected, the line's calls go idle) and silences
 * what played after a far end hung up. Calls the line's applications made
 * or answered are theirs: the telephone's hook does not end them.
 *
 * The telephone of each subscriber line is also a TAPI phone device
 * (/dev/tapiphoneN, its sysfs "line" naming the line): a handset, a
 * speakerphone and a headset, whose owners' lifting and hanging up close
 * and open the loop like the hook above (the loop is closed while any of
 * them is off-hook; the hook's off lifts the handset, on puts all down);
 * a ringer that rings while the line rings (ring mode 1); a display of two
 * rows of 20 showing caller ID (number, then name) while a call is
 * offered; the keypad (buttons 0-11, reported as "keys" sends them), the
 * flash button (12, held during a "flash") and a message-waiting button
 * with a lamp (13). Volume and gain are kept and reported, not applied.
 *
 * Rings and the telephone's loop are reported from hrtimers in softirq
 * context (HRTIMER_MODE_REL_SOFT), where a card's interrupt handler would
 * report them (threaded on PREEMPT_RT): the core's reporting functions take
 * ordinary spinlocks, which PREEMPT_RT turns into sleeping locks, so they
 * are not for hard-interrupt-only contexts (HRTIMER_MODE_*_HARD).
 *
 * Locking: sim_line->pending is atomic; the ring timer is the only reporter
 * of a line and owns ring_no. Each line's hook_mutex guards its hook steps
 * and its phone's hookswitch; a hook write does not hold it while the
 * steps play, so no phone waits for one. sim_lock (bottom halves off)
 * guards every line's far-end DTMF generator and cross-connection, shared
 * by debugfs writers and the core's tick. The core runs the lines' ticks
 * one after another, so a line reads its peer's last_tx while nothing
 * writes it.
 * An exchange going down removes its lines' debugfs files (which waits for
 * writers) before cancelling timers and unregistering lines. A line going
 * away is sim_dying() first; its delayed works are armed only through
 * sim_arm_work(), which refuses then, so once sim_line_quiesce() cancelled
 * them none comes back, even from a call the core drops until the line is
 * unregistered. Its other works and timers stop with what starts them:
 * the tick (unregistering), debugfs (removed first) and the phone
 * (phone_gone).
 */
#include <linux/atomic.h>
#include <linux/configfs.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/kstrtox.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/time.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "tapi_compat.h"
#include "tapi_driver.h"
#include "../../dsp/dtmf.h"
#include "../../dsp/callerid.h"
#include "../../dsp/tone.h"

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

static unsigned int lines = 4;
module_param(lines, uint, 0444);
MODULE_PARM_DESC(lines, "lines of the default exchange (0-512, default 4; 0: none)");

static unsigned int no_answer_ms = 60000;
module_param(no_answer_ms, uint, 0444);
MODULE_PARM_DESC(no_answer_ms, "the default exchange gives up on unanswered calls after this (ms, default 60000; 0: never)");

static unsigned int first_number = 1001;
module_param(first_number, uint, 0444);
MODULE_PARM_DESC(first_number, "number of the default exchange's first line (default 1001)");

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

static const struct sim_zone_rule sim_zone_rules[] = {
	{ "us", false, DSP_ZONE_DIAL },
	{ "uk", true, -1 },
	{ "de", true, DSP_ZONE_BUSY },
	{ "fr", true, DSP_ZONE_BUSY },
	{ "it", true, DSP_ZONE_BUSY },
	{ "jp", true, DSP_ZONE_BUSY },
	{ "au", false, -1 },
};

struct sim_line {
	struct sim_exchange *ex;
	struct tapi_line *line;		/* NULL once removed alone */
	bool gone;			/* being removed alone (sim_call_mutex) */
	char number[TAPI_ADDRESS_LEN];
	char caller_name[DSP_CID_NAME_MAX + 1];
	u32 ring_ms;			/* the zone's ring cadence: one ring each */
	u32 ring_on_ms;			/* its first ring */
	const struct sim_zone_rule *rule;
	bool call_waiting;
	bool withheld;
	struct dentry *debugfs;
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

	/* digits the line dials, pulses or DTMF, under sim_lock */
	struct tapi_hook_rx pulse_rx;
	char pulse_digits[SIM_HOOK_DIGITS + 1];
	struct work_struct pulse_work;	/* take them as dialed */

	/*
	 * The exchange's side of the line, under sim_lock: the tone it plays
	 * (dial tone, ringback, busy, SIT in the line's zone) and its DTMF
	 * receiver, listening to what the line sends while the number is
	 * being dialed.
	 */
	const struct dsp_zone *zone;
	struct dsp_tone_gen ex_tone;
	bool ex_tone_on;
	bool ex_listen;
	struct dsp_dtmf_rx ex_dtmf;
	struct delayed_work noanswer_work;	/* an offered call rang too long */
	u32 ex_tone_left;		/* ms the tone still plays; 0: until changed */
	u8 cid_msg[DSP_CID_MSG_MAX];	/* caller ID to send once cid_wait ms pass */
	int cid_len;
	u32 cid_wait;

	/*
	 * The telephone on the line (debugfs hook), as the exchange sees its
	 * loop: phone_lock guards the receiver and the events it found, for
	 * the hook timer and the tick (both softirq); phone_work acts on
	 * them under sim_call_mutex, where phone_call says the line's calls
	 * are the telephone's (it answered or started them).
	 */
	spinlock_t phone_lock;
	struct tapi_hook_rx phone_rx;
	bool phone_timing;		/* phone_rx has a timeout to run */
	struct tapi_hook_ev phone_ev[SIM_PHONE_EVENTS];
	unsigned int phone_nev;
	struct work_struct phone_work;
	bool phone_call;

	/*
	 * The line's second call, under sim_call_mutex: one waiting (call
	 * waiting: TAPI_CALL_OFFERING) or on hold while the other talks.
	 * A flash, or answering or taking it off hold, swaps the two.
	 */
	u32 cw_id;
	u32 cw_state;
	struct sim_line *cw_peer;
	struct delayed_work cw_work;	/* a waiting call unanswered too long */

	/* a scripted far end (debugfs far_end), under sim_call_mutex */
	u32 far_mode;			/* SIM_FAR_* */
	u32 far_rings;			/* answer after this many rings */
	u32 far_hangup_ms;		/* hang up this long after answering, 0: never */
	u32 far_play_mode;		/* SIM_PLAY_*, once answered */
	struct dsp_tone_def far_tone_def;
	char far_digits[SIM_HOOK_DIGITS + 1];	/* keyed once answered */
	struct delayed_work far_hangup_work;

	/*
	 * Faults (debugfs faults): replies to the core's call requests late;
	 * under sim_lock, audio the line receives or sends lost or late.
	 */
	u32 fault_reply_ms;
	struct sim_audio_fault rx_fault, tx_fault;

	/*
	 * Under sim_lock: what a scripted far end plays once it answered
	 * (SIM_PLAY_*: a tone, or a pattern each sample of which gives the
	 * next), and the keys its telephone's keypad sends (debugfs hook).
	 */
	u32 far_play;
	struct dsp_tone_gen far_tone;
	u16 far_lfsr;
	struct dsp_dtmf_tx phone_keys;
	bool keys_on;			/* phone_keys has some to send */
	char hook_keys[SIM_HOOK_DIGITS + 1];	/* keyed at a step's end ("call") */
	bool keys_due;

	/*
	 * The telephone as a TAPI phone device (subscriber lines): @phone_off,
	 * the hookswitch devices off-hook (TAPI_HOOKSWITCH_*), and the ring
	 * volume owners set, under hook_mutex (with the hook's steps);
	 * @phone_gone: being removed, no more hook changes.
	 */
	struct mutex hook_mutex;
	struct tapi_phone *phone;
	u32 phone_off;
	u32 ring_volume;
	bool phone_gone;
	bool display_on;		/* caller ID shown, under sim_call_mutex */

	/* statistics (debugfs stats): calls under sim_call_mutex, ticks the tick's */
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

/*
 * sim_call_mutex guards every line's call fields, sim_exchanges and the
 * exchanges' ready and dying flags. The core calls the call operations in
 * process context; the works run there too. A call reaches into its
 * peer's line, possibly in another exchange, so an exchange going away
 * first ends every call into it and leaves the list (see
 * sim_exchange_stop()).
 */
static DEFINE_MUTEX(sim_call_mutex);
static LIST_HEAD(sim_exchanges);
/* sim_cfg_mutex: exchanges going live or away, and their configuration */
static DEFINE_MUTEX(sim_cfg_mutex);

static DEFINE_SPINLOCK(sim_lock);

static struct device *sim_dev;
static struct dentry *sim_debugfs;
static struct sim_exchange *sim_default;

/*
 * @sl is going away, with its exchange or alone: nothing reports to it, no
 * call reaches it. Holds sim_call_mutex.
 */
static bool sim_dying(const struct sim_line *sl)
{
	return sl->ex->dying || sl->gone;
}

/*
 * Run @dw, one of @sl's delayed works, in @ms (again, if pending), unless
 * @sl is going away: sim_line_quiesce() cancels them once, and the line's
 * memory goes after it. Holds sim_call_mutex.
 */
static void sim_arm_work(struct sim_line *sl, struct delayed_work *dw, u32 ms)
{
	lockdep_assert_held(&sim_call_mutex);
	if (!sim_dying(sl))
		mod_delayed_work(system_wq, dw, msecs_to_jiffies(ms));
}

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

/*
 * A debugfs write's text, NUL-terminated, without the newline echo adds:
 * 0, -EINVAL when empty or too long for @size, -EFAULT.
 */
static int sim_user_text(const char __user *ubuf, size_t count, char *buf, size_t size)
{
	if (!count || count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = 0;
	if (buf[count - 1] == '\n')
		buf[count - 1] = 0;
	return buf[0] ? 0 : -EINVAL;
}

/* The file operations of a write-only debugfs file with its _write(). */
#define SIM_WRITE_FOPS(name)					\
static const struct file_operations name##_fops = {		\
	.owner = THIS_MODULE,					\
	.open = simple_open,					\
	.write = name##_write,					\
	.llseek = default_llseek,				\
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
	hrtimer_start(&sl->ring_timer, 0, HRTIMER_MODE_REL_SOFT);
	ret = wait_event_interruptible(sl->idle, !atomic_read(&sl->pending));
	return ret ? ret : count;
}

static ssize_t sim_dtmf_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char digits[DSP_DTMF_TX_QLEN + 2];
	int ret = sim_user_text(ubuf, count, digits, sizeof(digits));

	if (ret)
		return ret;

	spin_lock_bh(&sim_lock);
	ret = dsp_dtmf_tx_queue(&sl->far_dtmf, digits);
	spin_unlock_bh(&sim_lock);
	if (ret == -1)
		return -EINVAL;
	if (ret)
		return -ENOSPC;
	return count;
}

SIM_WRITE_FOPS(sim_dtmf);

/*
 * The telephone's loop changed, or its receiver ran a timeout: keep what it
 * means for phone_work. Caller holds phone_lock.
 */
static void sim_phone_note(struct sim_line *sl, unsigned int got, const struct tapi_hook_ev *ev)
{
	lockdep_assert_held(&sl->phone_lock);
	if (got && sl->phone_nev < SIM_PHONE_EVENTS) {
		sl->phone_ev[sl->phone_nev++] = *ev;
		schedule_work(&sl->phone_work);
	}
	WRITE_ONCE(sl->phone_timing, tapi_hook_rx_busy(&sl->phone_rx));
}

/* The tick runs the telephone receiver's timeouts (softirq). */
static void sim_phone_poll(struct sim_line *sl)
{
	struct tapi_hook_ev ev;
	unsigned int got;

	spin_lock(&sl->phone_lock);
	got = tapi_hook_rx_poll(&sl->phone_rx, ktime_get_ns(), &ev);
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
static void sim_phone_keys(struct sim_line *sl, const char *digits)
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

static enum hrtimer_restart sim_hook_fn(struct hrtimer *t)
{
	struct sim_line *sl = container_of(t, struct sim_line, hook_timer);
	const struct sim_hook_step *st = &sl->hook_steps[sl->hook_i++];
	struct tapi_hook_ev ev;

	tapi_line_hook(sl->line, st->closed);
	if (st->keys)
		WRITE_ONCE(sl->keys_due, true);	/* the tick sends them */
	if (st->handset && sl->phone)
		sim_phone_step(sl, st->handset);
	/* the exchange sees the same loop */
	spin_lock(&sl->phone_lock);
	sim_phone_note(sl, tapi_hook_rx_change(&sl->phone_rx, st->closed,
					       ktime_get_ns(), &ev), &ev);
	spin_unlock(&sl->phone_lock);
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
	sl->hook_steps[sl->hook_n].keys = false;
	sl->hook_steps[sl->hook_n].handset = SIM_HANDSET_SAME;
	sl->hook_steps[sl->hook_n++].ms = ms;
}

/* Play the hook steps from @ms on. Holds hook_mutex, the steps not busy. */
static void sim_hook_play(struct sim_line *sl, unsigned int ms)
{
	atomic_set(&sl->hook_busy, 1);
	hrtimer_start(&sl->hook_timer, ms_to_ktime(ms), HRTIMER_MODE_REL_SOFT);
}

/* Whether @digits can be keyed (DTMF digits, at most SIM_HOOK_DIGITS). */
static bool sim_keys_valid(const char *digits)
{
	size_t len = strlen(digits);

	return len && len <= SIM_HOOK_DIGITS && strspn(digits, "0123456789*#ABCD") == len;
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
		sl->hook_steps[0].handset = SIM_HANDSET_LIFTED;
		sl->phone_off |= TAPI_HOOKSWITCH_HANDSET;
	} else if (!strcmp(cmd, "on") && !arg) {
		/* every hookswitch device goes on-hook: the loop opens */
		sim_hook_add(sl, false, 0);
		sl->hook_steps[0].handset = SIM_HANDSET_DOWN;
		sl->phone_off = 0;
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
			sl->hook_steps[0].handset = SIM_FLASH_DOWN;
			sl->hook_steps[1].handset = SIM_FLASH_UP;
		}
	} else if (!strcmp(cmd, "call") && arg) {
		/* off-hook; 300 ms later the keypad sends the number */
		if (!sim_keys_valid(arg))
			return -EINVAL;
		strscpy(sl->hook_keys, arg, sizeof(sl->hook_keys));
		sim_hook_add(sl, true, 300);
		sim_hook_add(sl, true, 0);
		sl->hook_steps[0].handset = SIM_HANDSET_LIFTED;
		sl->hook_steps[1].keys = true;
		sl->phone_off |= TAPI_HOOKSWITCH_HANDSET;
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
	char buf[48], *cmd = buf;
	unsigned int at = 0;
	bool later = false;
	int ret = sim_user_text(ubuf, count, buf, sizeof(buf));

	if (ret)
		return ret;
	if (!strncmp(cmd, "keys ", 5)) {
		/* the keypad: DTMF in what the line sends, 70 ms on and off */
		if (!sim_keys_valid(cmd + 5))
			return -EINVAL;
		spin_lock_bh(&sim_lock);
		ret = dsp_dtmf_tx_queue(&sl->phone_keys, cmd + 5);
		sl->keys_on |= !ret;
		spin_unlock_bh(&sim_lock);
		if (!ret)
			sim_phone_keys(sl, cmd + 5);
		return ret ? -ENOSPC : count;
	}
	if (!strncmp(cmd, "at ", 3)) {
		/* later, without waiting for it */
		cmd = strchr(cmd + 3, ' ');
		if (!cmd)
			return -EINVAL;
		*cmd++ = 0;
		if (kstrtouint(buf + 3, 10, &at) || at > SIM_HOOK_MAX_AT_MS)
			return -EINVAL;
		later = true;
	}

	ret = mutex_lock_interruptible(&sl->hook_mutex);
	if (ret)
		return ret;
	/* a write interrupted before its steps ended leaves them running */
	if (atomic_read(&sl->hook_busy))
		ret = -EBUSY;
	else
		ret = sim_hook_parse(sl, cmd);
	if (!ret)
		sim_hook_play(sl, at);
	mutex_unlock(&sl->hook_mutex);
	/* hook_busy keeps the steps for themselves while they play */
	if (!ret && !later)
		ret = wait_event_interruptible(sl->idle, !atomic_read(&sl->hook_busy));
	return ret ? ret : count;
}

SIM_WRITE_FOPS(sim_hook);

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

SIM_WRITE_FOPS(sim_service);

/*
 * debugfs far_end: "none" (the line's applications decide), "busy",
 * "reject", or "answer N [digits D] [tone F1[+F2] | pattern] [hangup MS]":
 * answer after N rings (0: at once), then key D in-band to the caller,
 * play a tone (Hz, -10 dBm0 each) or the LFSR pattern (sim_lfsr_next())
 * to it until the call ends, hang up MS later.
 */
static ssize_t sim_far_end_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char buf[80], *p, *tok, digits[SIM_HOOK_DIGITS + 1] = "";
	u32 mode, rings = 0, hangup = 0, play = SIM_PLAY_NONE, hz[2] = { 0, 0 };
	struct dsp_dtmf_tx check;
	int ret = sim_user_text(ubuf, count, buf, sizeof(buf));

	if (ret)
		return ret;
	p = strim(buf);
	tok = strsep(&p, " ");
	if (!strcmp(tok, "none"))
		mode = SIM_FAR_NONE;
	else if (!strcmp(tok, "busy"))
		mode = SIM_FAR_BUSY;
	else if (!strcmp(tok, "reject"))
		mode = SIM_FAR_REJECT;
	else if (!strcmp(tok, "answer") && p && !kstrtou32(strsep(&p, " "), 10, &rings) &&
		 rings <= 100)
		mode = SIM_FAR_ANSWER;
	else
		return -EINVAL;
	while (p && mode == SIM_FAR_ANSWER) {
		char *key = strsep(&p, " "), *val;

		if (!strcmp(key, "pattern") && !play) {
			play = SIM_PLAY_PATTERN;
			continue;
		}
		val = p ? strsep(&p, " ") : NULL;
		if (!val)
			return -EINVAL;
		if (!strcmp(key, "tone") && !play) {
			char *f2 = strchr(val, '+');

			if (f2)
				*f2++ = 0;
			if (kstrtou32(val, 10, &hz[0]) || !hz[0] || hz[0] >= 4000 ||
			    (f2 && (kstrtou32(f2, 10, &hz[1]) || !hz[1] || hz[1] >= 4000)))
				return -EINVAL;
			play = SIM_PLAY_TONE;
		} else if (!strcmp(key, "hangup")) {
			if (kstrtou32(val, 10, &hangup) || !hangup || hangup > 3600000)
				return -EINVAL;
		} else if (!strcmp(key, "digits") && strlen(val) <= SIM_HOOK_DIGITS) {
			dsp_dtmf_tx_init(&check, -100, -100, 560, 560);
			if (dsp_dtmf_tx_queue(&check, val))
				return -EINVAL;
			strscpy(digits, val, sizeof(digits));
		} else {
			return -EINVAL;
		}
	}
	if (p)
		return -EINVAL;	/* words after none, busy or reject */

	mutex_lock(&sim_call_mutex);
	sl->far_mode = mode;
	sl->far_rings = rings;
	sl->far_hangup_ms = hangup;
	strscpy(sl->far_digits, digits, sizeof(sl->far_digits));
	sl->far_play_mode = play;
	/* -10 dBm0 each, continuous */
	sl->far_tone_def = (struct dsp_tone_def){
		.level1 = -100, .level2 = -100, .nseg = 1,
		.seg = { { .f1 = hz[0] * 100, .f2 = hz[1] * 100 } },
	};
	mutex_unlock(&sim_call_mutex);
	return count;
}

SIM_WRITE_FOPS(sim_far_end);

/*
 * debugfs faults: "reply_delay MS" (the line's call operations answer the
 * core MS late), "audio_drop N" (every Nth tick's received audio is lost:
 * silence), "audio_delay MS" (received audio comes MS late, up to
 * SIM_DELAY_MAX_MS), "sent_drop N" and "sent_delay MS" (the same for what
 * the line sends, before the far end or the exchange hear it); 0 for any
 * of them: off; "none": all off. (Event floods: debugfs ring.)
 */
static ssize_t sim_faults_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char buf[48], *p, *key;
	s16 *old[2] = { NULL, NULL }, *fresh = NULL;
	struct sim_audio_fault *f = NULL;
	bool none, delay;
	u32 v = 0;
	int ret = sim_user_text(ubuf, count, buf, sizeof(buf));

	if (ret)
		return ret;
	p = strim(buf);
	key = strsep(&p, " ");
	none = !strcmp(key, "none");
	if (none ? !!p : !p || kstrtou32(p, 10, &v))
		return -EINVAL;
	if (!strcmp(key, "reply_delay")) {
		if (v > 10000)
			return -EINVAL;
		WRITE_ONCE(sl->fault_reply_ms, v);
		return count;
	}
	if (!strcmp(key, "audio_drop") || !strcmp(key, "audio_delay"))
		f = &sl->rx_fault;
	else if (!strcmp(key, "sent_drop") || !strcmp(key, "sent_delay"))
		f = &sl->tx_fault;
	else if (!none)
		return -EINVAL;
	delay = f && strstr(key, "_delay");
	if (delay && v > SIM_DELAY_MAX_MS)
		return -EINVAL;
	if (delay && v) {
		fresh = kcalloc(v * 8, sizeof(*fresh), GFP_KERNEL);
		if (!fresh)
			return -ENOMEM;
	}

	spin_lock_bh(&sim_lock);
	if (none) {
		old[0] = sl->rx_fault.delay_buf;
		old[1] = sl->tx_fault.delay_buf;
		memset(&sl->rx_fault, 0, sizeof(sl->rx_fault));
		memset(&sl->tx_fault, 0, sizeof(sl->tx_fault));
		WRITE_ONCE(sl->fault_reply_ms, 0);
	} else if (delay) {
		old[0] = f->delay_buf;
		f->delay_buf = fresh;
		f->delay_samples = v * 8;
		f->delay_pos = 0;
	} else {
		f->drop_every = v;
		f->drop_count = 0;
	}
	spin_unlock_bh(&sim_lock);
	kfree(old[0]);
	kfree(old[1]);
	return count;
}

SIM_WRITE_FOPS(sim_faults);

/* A fault: the core's call request is answered late (process context). */
static void sim_reply_delay(struct sim_line *sl)
{
	u32 ms = READ_ONCE(sl->fault_reply_ms);

	if (ms)
		msleep(ms);
}

/* The statistics, in the order and with the names debugfs shows them. */
static const char * const sim_stat_names[] = {
	"calls_placed", "calls_connected", "calls_busy", "calls_vacant",
	"calls_no_answer", "calls_rejected", "calls_unreachable",
	"ticks", "ticks_late", "audio_overruns", "audio_underruns",
};

/* Add @sl's statistics to @v. Holds sim_call_mutex. */
static void sim_stats_add(struct sim_line *sl, u64 *v)
{
	u64 over, under;

	v[0] += sl->st.placed;
	v[1] += sl->st.connected;
	v[2] += sl->st.busy;
	v[3] += sl->st.vacant;
	v[4] += sl->st.no_answer;
	v[5] += sl->st.rejected;
	v[6] += sl->st.unreachable;
	/* the tick writes these: a reader may see one tick old */
	v[7] += READ_ONCE(sl->st.ticks);
	v[8] += READ_ONCE(sl->st.late);
	/* its applications' audio streams: readers and writers behind */
	tapi_line_audio_totals(sl->line, &over, &under);
	v[9] += over;
	v[10] += under;
}

static void sim_stats_print(struct seq_file *m, const u64 *v)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_stat_names); i++)
		seq_printf(m, "%s %llu\n", sim_stat_names[i], v[i]);
}

static int sim_stats_show(struct seq_file *m, void *unused)
{
	u64 v[ARRAY_SIZE(sim_stat_names)] = { 0 };

	mutex_lock(&sim_call_mutex);
	sim_stats_add(m->private, v);
	mutex_unlock(&sim_call_mutex);
	sim_stats_print(m, v);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_stats);

/* /sys/kernel/debug/tapi_sim/stats: every live line's, summed. */
static int sim_total_stats_show(struct seq_file *m, void *unused)
{
	u64 v[ARRAY_SIZE(sim_stat_names)] = { 0 };
	struct sim_exchange *ex;
	unsigned int i, n = 0;

	mutex_lock(&sim_call_mutex);
	list_for_each_entry(ex, &sim_exchanges, node) {
		for (i = 0; i < ex->nlines; i++) {
			if (ex->lines[i].gone)
				continue;
			sim_stats_add(&ex->lines[i], v);
			n++;
		}
	}
	mutex_unlock(&sim_call_mutex);
	seq_printf(m, "lines %u\n", n);
	sim_stats_print(m, v);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_total_stats);

/* The line with @number in a live exchange, or NULL. Holds sim_call_mutex. */
static struct sim_line *sim_find(const char *number)
{
	struct sim_exchange *ex;
	unsigned int i;

	list_for_each_entry(ex, &sim_exchanges, node)
		for (i = 0; i < ex->nlines; i++)
			if (!ex->lines[i].gone && !strcmp(ex->lines[i].number, number))
				return &ex->lines[i];
	return NULL;
}

static ssize_t sim_connect_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data, *peer = NULL;
	char number[TAPI_ADDRESS_LEN];
	int ret = sim_user_text(ubuf, count, number, sizeof(number));

	if (ret)
		return ret;
	/* the mutex keeps @peer's exchange from going away meanwhile */
	mutex_lock(&sim_call_mutex);
	if (strcmp(number, "0")) {
		peer = sim_find(number);
		if (!peer || peer == sl) {
			mutex_unlock(&sim_call_mutex);
			return -ENOENT;
		}
	}

	spin_lock_bh(&sim_lock);
	if (peer && peer->peer && peer->peer != sl) {
		spin_unlock_bh(&sim_lock);
		mutex_unlock(&sim_call_mutex);
		return -EBUSY;
	}
	if (sl->peer)
		sl->peer->peer = NULL;
	sl->peer = peer;
	if (peer)
		peer->peer = sl;
	spin_unlock_bh(&sim_lock);
	mutex_unlock(&sim_call_mutex);
	return count;
}

SIM_WRITE_FOPS(sim_connect);

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
static u16 sim_lfsr_next(u16 x)
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
	memcpy(sl->last_tx, tx, n * sizeof(*tx));
	if (READ_ONCE(sl->keys_due)) {
		sl->keys_on |= !dsp_dtmf_tx_queue(&sl->phone_keys, sl->hook_keys);
		WRITE_ONCE(sl->keys_due, false);
	}
	/* the 1 ms tick of every line: generators run only while they play */
	if (sl->keys_on) {
		sl->keys_on = dsp_dtmf_tx_generate(&sl->phone_keys, add, n) != 0;
		sim_mix(sl->last_tx, add, n);
	}
	if (sl->far_play == SIM_PLAY_TONE) {
		dsp_tone_generate(&sl->far_tone, add, n);
		sim_mix(sl->last_tx, add, n);
	} else if (sl->far_play == SIM_PLAY_PATTERN) {
		/* alone, so the far end can check every sample */
		for (i = 0; i < n; i++) {
			sl->last_tx[i] = (s16)sl->far_lfsr;
			sl->far_lfsr = sim_lfsr_next(sl->far_lfsr);
		}
	}
	sim_fault_apply(&sl->tx_fault, sl->last_tx, n);
}

/*
 * The core's 1 ms tick: the line receives what its cross-connected peer
 * last sent, plus what the far end keys in-band.
 */
static void sim_tick(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n)
{
	struct sim_line *sl = tapi_line_priv(line);
	s16 dtmf[8], fsk[8] = { 0 }, tone[8] = { 0 };
	unsigned int i;

	if (WARN_ON_ONCE(n > ARRAY_SIZE(dtmf)))
		n = ARRAY_SIZE(dtmf);
	sim_tick_timing(sl);
	if (READ_ONCE(sl->phone_timing))
		sim_phone_poll(sl);
	spin_lock(&sim_lock);
	if (sl->cid_len && (!sl->cid_wait || !--sl->cid_wait)) {
		dsp_fsk_mod_start(&sl->far_fsk, DSP_FSK_SEIZURE_BITS, DSP_FSK_MARK_BELL,
				  sl->cid_msg, sl->cid_len, 10);
		sl->cid_len = 0;
	}
	dsp_dtmf_tx_generate(&sl->far_dtmf, dtmf, n);
	if (dsp_fsk_mod_busy(&sl->far_fsk))
		dsp_fsk_mod_generate(&sl->far_fsk, fsk, n);
	if (sl->ex_tone_on) {
		dsp_tone_generate(&sl->ex_tone, tone, n);
		if (sl->ex_tone_left && !--sl->ex_tone_left)
			sl->ex_tone_on = false;
	}
	for (i = 0; i < n; i++)
		rx[i] = dsp_sat16((s32)dtmf[i] + fsk[i] + tone[i] +
				  (sl->peer ? sl->peer->last_tx[i] : 0));
	sim_fault_apply(&sl->rx_fault, rx, n);
	sim_send(sl, tx, n);
	if (sl->ex_listen) {
		struct dsp_dtmf_event ev[2];
		size_t k, got = dsp_dtmf_rx_process(&sl->ex_dtmf, sl->last_tx, n, ev,
						    ARRAY_SIZE(ev));

		for (k = 0; k < got; k++) {
			size_t len = strlen(sl->pulse_digits);

			if (ev[k].end || len >= SIM_HOOK_DIGITS)
				continue;
			sl->pulse_digits[len] = ev[k].digit;
			schedule_work(&sl->pulse_work);
		}
	}
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

/* The telephone's ringer follows the line's ringing (sim_call_mutex). */
static void sim_phone_ring(struct sim_line *sl, bool on)
{
	struct tapi_phone_set r = { .what = TAPI_PHONE_SET_RING, .value = on };

	if (!sl->phone)
		return;
	r.value2 = READ_ONCE(sl->ring_volume);
	tapi_phone_update(sl->phone, &r);
}

/* Caller ID on the telephone's display: number, then name (NULL: none); NULL: blank. */
static void sim_phone_display(struct sim_line *sl, const char *number, const char *name)
{
	struct tapi_phone_set d = { .what = TAPI_PHONE_SET_DISPLAY };

	if (!sl->phone || (!number && !sl->display_on))
		return;
	tapi_phone_update(sl->phone, &d);
	sl->display_on = !!number;
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

/* Caller ID is sent while a call rings: answering or hanging up ends it. */
static void sim_stop_caller_id(struct sim_line *sl)
{
	spin_lock_bh(&sim_lock);
	sl->cid_len = 0;
	dsp_fsk_mod_init(&sl->far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
	spin_unlock_bh(&sim_lock);
}

/* The zone's @tone (DSP_ZONE_*, -1: silence) on @sl for @ms (0: until changed). */
static void sim_play(struct sim_line *sl, int tone, u32 ms)
{
	spin_lock_bh(&sim_lock);
	sl->ex_tone_on = tone >= 0 && dsp_tone_start(&sl->ex_tone, &sl->zone->tone[tone]);
	sl->ex_tone_left = ms;
	spin_unlock_bh(&sim_lock);
}

/*
 * The exchange's side follows the call's state: dial tone while it waits
 * for digits (and it listens for DTMF until the number is complete),
 * ringback, busy, SIT; nothing once connected or over.
 */
static void sim_call_set(struct sim_line *sl, u32 state)
{
	int tone = -1;

	sl->call_state = state;
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
	sl->ex_tone_on = tone >= 0 && dsp_tone_start(&sl->ex_tone, &sl->zone->tone[tone]);
	sl->ex_tone_left = 0;
	if (!sl->ex_listen)
		dsp_dtmf_rx_init(&sl->ex_dtmf);
	sl->ex_listen = state == TAPI_CALL_DIALTONE || state == TAPI_CALL_DIALING;
	spin_unlock_bh(&sim_lock);
}

/* Forget @sl's second call; the core is told by whoever calls this. */
static void sim_cw_forget(struct sim_line *sl)
{
	bool waiting = sl->cw_state == TAPI_CALL_OFFERING;

	sl->cw_id = 0;
	sl->cw_peer = NULL;
	sl->cw_state = 0;
	cancel_delayed_work(&sl->cw_work);
	if (waiting) {
		/* its call-waiting tone and caller ID stop */
		sim_stop_caller_id(sl);
		sim_call_set(sl, sl->call_state);
	}
}

/* @sl's second call ends: the core hears @why. */
static void sim_cw_end(struct sim_line *sl, u32 why)
{
	tapi_call_state(sl->line, sl->cw_id, TAPI_CALL_DISCONNECTED, why);
	sim_cw_forget(sl);
}

/*
 * Forget @sl's active call; the core is told by whoever calls this. The
 * second call, if any, takes its place: a waiting one rings now, as an
 * exchange rings a line back, a held one stays held.
 */
static void sim_call_clear(struct sim_line *sl)
{
	spin_lock_bh(&sim_lock);
	sl->far_play = SIM_PLAY_NONE;
	spin_unlock_bh(&sim_lock);
	sim_stop_caller_id(sl);
	sim_phone_ring(sl, false);
	sim_phone_display(sl, NULL, NULL);
	sl->call_id = 0;
	sim_call_set(sl, 0);
	sl->call_peer = NULL;
	sl->dialed[0] = 0;
	cancel_delayed_work(&sl->route_work);
	cancel_delayed_work(&sl->ring_work);
	cancel_delayed_work(&sl->noanswer_work);
	cancel_delayed_work(&sl->far_hangup_work);
	if (!sl->cw_id) {
		sl->phone_call = false;
		return;
	}
	sl->call_id = sl->cw_id;
	sl->call_peer = sl->cw_peer;
	sim_call_set(sl, sl->cw_state);
	sl->cw_id = 0;
	sl->cw_peer = NULL;
	sl->cw_state = 0;
	cancel_delayed_work(&sl->cw_work);
	if (sl->call_state == TAPI_CALL_OFFERING) {
		sl->call_rings = 0;
		sim_arm_work(sl, &sl->ring_work, 0);
		if (sl->ex->no_answer_ms)
			sim_arm_work(sl, &sl->noanswer_work, sl->ex->no_answer_ms);
	}
}

static void sim_call_report(struct sim_line *sl, u32 state, u32 detail)
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

/*
 * Offered call of @sl answered (by its application, its telephone or its
 * script): both ends connected. A script's digits then go to the caller,
 * and its hang-up is timed. Holds sim_call_mutex.
 */
static void sim_connect_call(struct sim_line *sl)
{
	struct sim_line *from = sl->call_peer;

	cancel_delayed_work(&sl->ring_work);
	cancel_delayed_work(&sl->noanswer_work);
	sim_stop_caller_id(sl);
	sim_phone_ring(sl, false);
	sim_audio_connect(sl, from);
	sim_call_report(sl, TAPI_CALL_CONNECTED, 0);
	sim_call_report(from, TAPI_CALL_CONNECTED, 0);
	if (sl->far_mode != SIM_FAR_ANSWER)
		return;
	spin_lock_bh(&sim_lock);
	if (sl->far_digits[0])
		dsp_dtmf_tx_queue(&from->far_dtmf, sl->far_digits);
	sl->far_play = sl->far_play_mode;
	if (sl->far_play == SIM_PLAY_TONE &&
	    !dsp_tone_start(&sl->far_tone, &sl->far_tone_def))
		sl->far_play = SIM_PLAY_NONE;
	spin_unlock_bh(&sim_lock);
	if (sl->far_hangup_ms)
		sim_arm_work(sl, &sl->far_hangup_work, sl->far_hangup_ms);
}

/*
 * @from hung up on @peer: @peer's call with it, the active one or the
 * second, is disconnected (@why). A line whose talking call was cleared
 * and that has no other hears what its zone plays then, for a while.
 */
static void sim_far_cleared(struct sim_line *peer, struct sim_line *from, u32 why)
{
	bool talked;

	if (peer->cw_id && peer->cw_peer == from) {
		sim_cw_end(peer, why);
		return;
	}
	if (!peer->call_id || peer->call_peer != from)
		return;
	talked = peer->call_state == TAPI_CALL_CONNECTED ||
		 peer->call_state == TAPI_CALL_ONHOLD;
	if (peer->peer == from)
		sim_audio_connect(peer, NULL);
	sim_call_report(peer, TAPI_CALL_DISCONNECTED, why);
	sim_call_clear(peer);
	if (talked && !peer->call_id)
		sim_play(peer, peer->rule->cleared, SIM_CLEARED_MS);
}

/*
 * @sl hangs up its call @id, the active one or the second: the far end is
 * cleared (a rejection, when @sl had not answered). The caller tells the
 * core about @sl's side.
 */
static void sim_end_local(struct sim_line *sl, u32 id)
{
	struct sim_line *peer;
	u32 why;

	if (id && id == sl->cw_id) {
		peer = sl->cw_peer;
		why = sl->cw_state == TAPI_CALL_OFFERING ? TAPI_DISCONNECT_REJECT :
							   TAPI_DISCONNECT_NORMAL;
		sim_cw_forget(sl);
		if (peer && !sim_dying(sl))
			sim_far_cleared(peer, sl, why);
		return;
	}
	if (!id || id != sl->call_id)
		return;
	peer = sl->call_peer;
	/* once exiting, the other lines may be gone: tell nobody */
	if (peer && !sim_dying(sl)) {
		why = sl->call_state == TAPI_CALL_OFFERING ? TAPI_DISCONNECT_REJECT :
							     TAPI_DISCONNECT_NORMAL;
		if (sl->peer == peer)
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
static void sim_swap(struct sim_line *sl)
{
	u32 id = sl->call_id, state = sl->call_state;
	struct sim_line *peer = sl->call_peer;

	if (!id || !peer)
		return;
	if (!sl->cw_id) {
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
	sl->call_id = sl->cw_id;
	sl->call_peer = sl->cw_peer;
	sl->call_state = sl->cw_state;
	sl->cw_id = id;
	sl->cw_peer = peer;
	sl->cw_state = TAPI_CALL_ONHOLD;
	sim_audio_connect(sl, sl->call_peer);
	if (sl->call_state == TAPI_CALL_OFFERING)
		sim_call_report(sl->call_peer, TAPI_CALL_CONNECTED, 0);
	sim_call_report(sl, TAPI_CALL_CONNECTED, 0);
}

/* A scripted far end hangs up: both ends are disconnected. */
static void sim_far_hangup_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   far_hangup_work);
	struct sim_line *peer;

	mutex_lock(&sim_call_mutex);
	peer = sl->call_peer;
	if (!sim_dying(sl) && sl->call_id && sl->call_state == TAPI_CALL_CONNECTED && peer) {
		sim_audio_connect(sl, NULL);
		sim_far_cleared(peer, sl, TAPI_DISCONNECT_NORMAL);
		sim_call_report(sl, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NORMAL);
		sim_call_clear(sl);
	}
	mutex_unlock(&sim_call_mutex);
}

static void sim_ring_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   ring_work);

	mutex_lock(&sim_call_mutex);
	if (!sim_dying(sl) && sl->call_id && sl->call_state == TAPI_CALL_OFFERING) {
		u32 param = ++sl->call_rings;

		tapi_line_report(sl->line, TAPI_EVENT_RING, 0, &param, 1);
		sim_phone_ring(sl, true);
		if (sl->far_mode == SIM_FAR_ANSWER && sl->call_rings >= sl->far_rings)
			sim_connect_call(sl);
		else
			sim_arm_work(sl, &sl->ring_work, sl->ring_ms);
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

	if (from->withheld) {
		/* the caller asked for privacy: only the reason goes */
		info.number_absent = 'P';
		info.name_absent = 'P';
	} else {
		strscpy(info.number, from->number, sizeof(info.number));
		strscpy(info.name, from->caller_name, sizeof(info.name));
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
	dsp_fsk_mod_init(&to->far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
	memcpy(to->cid_msg, msg, len);
	to->cid_len = len;
	to->cid_wait = wait_ms;
	spin_unlock_bh(&sim_lock);
	if (from->withheld)
		sim_phone_display(to, "Private", NULL);
	else
		sim_phone_display(to, from->number, from->caller_name);
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
		.media_mode = from->media_mode,
		.origin = TAPI_ORIGIN_INTERNAL,
		.caller = from->withheld ? NULL : from->number,
		.called = to->number,
	};
	int id = tapi_call_offer(to->line, &p);

	if (id < 0) {
		sim_call_report(from, TAPI_CALL_BUSY, 0);
		return;
	}
	to->cw_id = id;
	to->cw_state = TAPI_CALL_OFFERING;
	to->cw_peer = from;
	from->call_peer = to;
	sim_call_report(from, TAPI_CALL_RINGBACK, 0);
	sim_play(to, DSP_ZONE_CALLWAIT, 0);
	sim_send_caller_id(to, from, SIM_CW_CID_MS);
	if (to->ex->no_answer_ms)
		sim_arm_work(to, &to->cw_work, to->ex->no_answer_ms);
}

/* Nobody took the waiting call in time: both ends are told. */
static void sim_cw_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line, cw_work);
	struct sim_line *from;

	mutex_lock(&sim_call_mutex);
	from = sl->cw_peer;
	if (!sim_dying(sl) && sl->cw_id && sl->cw_state == TAPI_CALL_OFFERING && from) {
		sim_call_report(from, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NOANSWER);
		sim_call_clear(from);
		sim_cw_end(sl, TAPI_DISCONNECT_NOANSWER);
	}
	mutex_unlock(&sim_call_mutex);
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
	u32 cid_ms;
	int id;

	mutex_lock(&sim_call_mutex);
	if (sim_dying(sl) || !sl->call_id)
		goto out;
	if (sl->call_state == TAPI_CALL_SPECIALINFO) {
		/* the announcement is over */
		sim_call_report(sl, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_BADADDRESS);
		sim_call_clear(sl);
		goto out;
	}
	if (sl->call_state != TAPI_CALL_DIALING)
		goto out;
	sl->st.placed++;
	to = sim_find(sl->dialed);
	if (!to) {
		/* a vacant number: SIT and its announcement, then the end */
		sim_call_report(sl, TAPI_CALL_SPECIALINFO, TAPI_SPECIALINFO_CUSTIRREG);
		sim_arm_work(sl, &sl->route_work, SIM_SIT_MS);
		goto out;
	}
	if (to != sl && to->call_id && !to->cw_id && to->call_waiting &&
	    to->call_state == TAPI_CALL_CONNECTED && to->far_mode != SIM_FAR_BUSY) {
		sim_offer_waiting(to, sl);
		goto out;
	}
	if (to == sl || to->call_id || to->far_mode == SIM_FAR_BUSY) {
		sim_call_report(sl, TAPI_CALL_BUSY, 0);
		goto out;
	}
	if (to->far_mode == SIM_FAR_REJECT) {
		sim_call_report(sl, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_REJECT);
		sim_call_clear(sl);
		goto out;
	}
	p.media_mode = sl->media_mode;
	p.caller = sl->withheld ? NULL : sl->number;	/* private stays private */
	p.called = to->number;
	id = tapi_call_offer(to->line, &p);
	if (id < 0) {
		sim_call_report(sl, TAPI_CALL_BUSY, 0);
		goto out;
	}
	/* caller ID before the first ring, or in the silence after it */
	cid_ms = sim_send_caller_id(to, sl, to->rule->cid_first ? 0 : to->ring_on_ms + 500);
	to->call_id = id;
	sim_call_set(to, TAPI_CALL_OFFERING);
	to->call_peer = sl;
	to->call_rings = 0;
	sl->call_peer = to;
	sim_call_report(sl, TAPI_CALL_RINGBACK, 0);
	if (to->far_mode == SIM_FAR_ANSWER && !to->far_rings)
		sim_connect_call(to);	/* at once, before any ring */
	else
		sim_arm_work(to, &to->ring_work, to->rule->cid_first ? cid_ms + 200 : 0);
	if (to->call_state == TAPI_CALL_OFFERING && to->ex->no_answer_ms)
		sim_arm_work(to, &to->noanswer_work, to->ex->no_answer_ms);
out:
	mutex_unlock(&sim_call_mutex);
}

/* Nobody answered in time: both ends are told, as a network gives up. */
static void sim_noanswer_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(to_delayed_work(w), struct sim_line,
					   noanswer_work);
	struct sim_line *from;

	mutex_lock(&sim_call_mutex);
	from = sl->call_peer;
	if (!sim_dying(sl) && sl->call_id && sl->call_state == TAPI_CALL_OFFERING && from) {
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
static void sim_take_digits(struct sim_line *sl, const char *digits)
{
	if (!sl->call_id ||
	    (sl->call_state != TAPI_CALL_DIALTONE && sl->call_state != TAPI_CALL_DIALING))
		return;
	if (sim_dial_append(sl, digits))
		return;
	if (sl->call_state != TAPI_CALL_DIALING)
		sim_call_report(sl, TAPI_CALL_DIALING, 0);
	sim_arm_work(sl, &sl->route_work,
		     sim_find(sl->dialed) ? SIM_ROUTE_MS : SIM_PULSE_ROUTE_MS);
}

/* Digits the line sent, pulses or in-band DTMF, found by the tick. */
static void sim_pulse_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(w, struct sim_line, pulse_work);
	char digits[SIM_HOOK_DIGITS + 1];

	spin_lock_bh(&sim_lock);
	strscpy(digits, sl->pulse_digits, sizeof(digits));
	sl->pulse_digits[0] = 0;
	spin_unlock_bh(&sim_lock);

	mutex_lock(&sim_call_mutex);
	if (!sim_dying(sl))
		sim_take_digits(sl, digits);
	mutex_unlock(&sim_call_mutex);
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
		.caller = sl->number,
	};
	int id;

	if (sl->call_id && sl->call_state == TAPI_CALL_OFFERING && sl->call_peer) {
		sl->phone_call = true;
		sim_connect_call(sl);
		return;
	}
	if (sl->call_id)
		return;		/* the line's applications have it */
	id = tapi_call_originate(sl->line, &p);
	if (id < 0)
		return;
	sl->call_id = id;
	sl->media_mode = p.media_mode;
	sl->dialed[0] = 0;
	sl->phone_call = true;
	sim_call_set(sl, TAPI_CALL_DIALTONE);
}

/*
 * The telephone hung up: its calls end (the far ends are cleared, the
 * line's go idle). Whatever played after a far end cleared stops.
 */
static void sim_phone_onhook(struct sim_line *sl)
{
	u32 id;

	if (sl->phone_call && sl->cw_id) {
		id = sl->cw_id;
		sim_end_local(sl, id);
		tapi_call_state(sl->line, id, TAPI_CALL_IDLE, 0);
	}
	if (sl->phone_call && sl->call_id) {
		id = sl->call_id;
		sim_end_local(sl, id);
		tapi_call_state(sl->line, id, TAPI_CALL_IDLE, 0);
	}
	if (!sl->call_id)
		sim_call_set(sl, 0);
}

/* What the telephone's loop said, in order (process context). */
static void sim_phone_work(struct work_struct *w)
{
	struct sim_line *sl = container_of(w, struct sim_line, phone_work);
	struct tapi_hook_ev ev[SIM_PHONE_EVENTS];
	unsigned int i, n;

	spin_lock_bh(&sl->phone_lock);
	n = sl->phone_nev;
	memcpy(ev, sl->phone_ev, n * sizeof(*ev));
	sl->phone_nev = 0;
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
			if (sl->phone_call)
				sim_swap(sl);
			break;
		case TAPI_HOOK_DIGIT:
			if (sl->phone_call)
				sim_take_digits(sl, digit);
			break;
		}
	}
	mutex_unlock(&sim_call_mutex);
}

static int sim_make_call(struct tapi_line *line, u32 call_id, const char *dial,
			 u32 media_mode)
{
	struct sim_line *sl = tapi_line_priv(line);
	int ret = 0;

	sim_reply_delay(sl);
	mutex_lock(&sim_call_mutex);
	if (sim_dying(sl)) {
		ret = -ENODEV;
	} else if (!sl->ex->ready || sl->call_id) {
		/* a line's node opens before the others (or it) are registered */
		ret = -EBUSY;
	} else {
		sl->dialed[0] = 0;
		ret = sim_dial_append(sl, dial);
		if (!ret) {
			sl->call_id = call_id;
			sl->media_mode = media_mode;
			/* the core shows the first state itself */
			sim_call_set(sl, dial[0] ? TAPI_CALL_DIALING : TAPI_CALL_DIALTONE);
			if (sim_dial_complete(dial))
				sim_arm_work(sl, &sl->route_work, SIM_ROUTE_MS);
		}
	}
	mutex_unlock(&sim_call_mutex);
	return ret;
}

static int sim_dial(struct tapi_line *line, u32 call_id, const char *dial)
{
	struct sim_line *sl = tapi_line_priv(line);
	int ret = 0;

	sim_reply_delay(sl);
	mutex_lock(&sim_call_mutex);
	if (sim_dying(sl)) {
		ret = -ENODEV;
	} else if (call_id && call_id == sl->cw_id) {
		ret = -EBUSY;	/* waiting or held */
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
				sim_arm_work(sl, &sl->route_work, SIM_ROUTE_MS);
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

	sim_reply_delay(sl);
	mutex_lock(&sim_call_mutex);
	from = sl->call_peer;
	if (sim_dying(sl))
		ret = -ENODEV;
	else if (call_id && call_id == sl->cw_id && sl->cw_state == TAPI_CALL_OFFERING)
		sim_swap(sl);	/* the waiting call: the other goes on hold */
	else if (call_id != sl->call_id || !from)
		ret = -ENOENT;
	else if (sl->call_state != TAPI_CALL_OFFERING)
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
	int ret = 0;

	mutex_lock(&sim_call_mutex);
	if (sim_dying(sl)) {
		ret = -ENODEV;
	} else if (call_id && call_id == sl->cw_id) {
		if (hold || sl->cw_state != TAPI_CALL_ONHOLD ||
		    (sl->call_state != TAPI_CALL_CONNECTED && sl->call_state != TAPI_CALL_ONHOLD))
			ret = -EBUSY;
		else
			sim_swap(sl);
	} else if (call_id != sl->call_id || !sl->call_peer) {
		ret = -ENOENT;
	} else if (sl->call_state != want) {
		ret = -EBUSY;
	} else {
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

/*
 * Unlike the other operations, a drop still acts on a line going away:
 * its telephone's ringer and display follow. sim_end_local() tells no far
 * end then, and sim_arm_work() arms nothing.
 */
static void sim_drop(struct tapi_line *line, u32 call_id)
{
	struct sim_line *sl = tapi_line_priv(line);

	mutex_lock(&sim_call_mutex);
	sim_end_local(sl, call_id);
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
	if (sl->phone_gone) {
		ret = -ENODEV;
	} else if (req->what == TAPI_PHONE_SET_RING) {
		sl->ring_volume = req->value2;
	} else if (req->what == TAPI_PHONE_SET_HOOKSWITCH) {
		off = req->value == TAPI_HOOKSWITCH_ONHOOK ? sl->phone_off & ~req->index :
							     sl->phone_off | req->index;
		if (!off != !sl->phone_off) {
			if (atomic_read(&sl->hook_busy)) {
				ret = -EBUSY;	/* the loop is busy being played */
			} else {
				sl->hook_n = 0;
				sl->hook_i = 0;
				sim_hook_add(sl, !!off, 0);
				sim_hook_play(sl, 0);
			}
		}
		if (!ret)
			sl->phone_off = off;
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

/*
 * TAPI's call treatment: what the caller of an offered call hears in
 * place of ringback. Only lines of this exchange have a caller to hear it;
 * the zone has no music.
 */
static int sim_set_treatment(struct tapi_line *line, u32 call_id, u32 treatment)
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
	if (call_id == sl->call_id && sl->call_state == TAPI_CALL_OFFERING)
		from = sl->call_peer;
	else if (call_id == sl->cw_id && sl->cw_state == TAPI_CALL_OFFERING)
		from = sl->cw_peer;
	if (from && from->call_peer == sl && from->call_state == TAPI_CALL_RINGBACK)
		sim_play(from, tone, 0);
	mutex_unlock(&sim_call_mutex);
	return 0;
}

/* Message waiting: the telephone's Messages lamp. */
static int sim_set_msg_wait(struct tapi_line *line, bool on)
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

SIM_WRITE_FOPS(sim_ring);

/* Debugfs: the test interface of each line, by number. */
static void sim_debugfs_add(struct sim_line *sl)
{
	struct dentry *dir = debugfs_create_dir(sl->number, sim_debugfs);

	sl->debugfs = dir;
	debugfs_create_file("ring", 0200, dir, sl, &sim_ring_fops);
	debugfs_create_file("dtmf", 0200, dir, sl, &sim_dtmf_fops);
	debugfs_create_file("connect", 0200, dir, sl, &sim_connect_fops);
	debugfs_create_file("hook", 0200, dir, sl, &sim_hook_fops);
	debugfs_create_file("service", 0200, dir, sl, &sim_service_fops);
	debugfs_create_file("far_end", 0200, dir, sl, &sim_far_end_fops);
	debugfs_create_file("stats", 0400, dir, sl, &sim_stats_fops);
	debugfs_create_file("faults", 0200, dir, sl, &sim_faults_fops);
}

/*
 * Calls into lines going away (sim_dying()) end: their far end is
 * unreachable; cross-connections to them are undone. Holds sim_call_mutex.
 */
static void sim_end_calls_into_dying(void)
{
	struct sim_exchange *o;
	unsigned int k;

	list_for_each_entry(o, &sim_exchanges, node) {
		for (k = 0; k < o->nlines; k++) {
			struct sim_line *ol = &o->lines[k];

			if (sim_dying(ol))
				continue;
			if (ol->cw_id && sim_dying(ol->cw_peer))
				sim_cw_end(ol, TAPI_DISCONNECT_UNREACHABLE);
			if (!ol->call_peer || !sim_dying(ol->call_peer))
				continue;
			if (ol->peer == ol->call_peer)
				sim_audio_connect(ol, NULL);
			sim_call_report(ol, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_UNREACHABLE);
			sim_call_clear(ol);
		}
	}
}

/* Nothing routes to @sl any more (sim_dying()): its delayed works stop for good. */
static void sim_line_quiesce(struct sim_line *sl)
{
	spin_lock_bh(&sim_lock);
	if (sl->peer)
		sl->peer->peer = NULL;
	sl->peer = NULL;
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
	sl->phone_gone = true;
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
	kfree(sl->rx_fault.delay_buf);
	kfree(sl->tx_fault.delay_buf);
	sl->rx_fault.delay_buf = NULL;
	sl->tx_fault.delay_buf = NULL;
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
static void sim_exchange_stop(struct sim_exchange *ex, unsigned int n)
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
static void sim_line_remove(struct sim_line *sl)
{
	debugfs_remove_recursive(sl->debugfs);
	sl->debugfs = NULL;
	mutex_lock(&sim_call_mutex);
	sl->gone = true;
	sim_end_calls_into_dying();
	mutex_unlock(&sim_call_mutex);
	sim_line_quiesce(sl);
	sim_line_release(sl);
}

/* What exchanges of the zone with code @code do (us when it has no rule). */
static const struct sim_zone_rule *sim_zone_rule(const char *code)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_zone_rules); i++)
		if (!strcmp(sim_zone_rules[i].code, code))
			return &sim_zone_rules[i];
	return &sim_zone_rules[0];
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
static int sim_exchange_start(struct sim_exchange *ex, const struct sim_line_spec *spec,
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
		strscpy(sl->number, spec[i].number, sizeof(sl->number));
		strscpy(sl->caller_name, spec[i].caller_name, sizeof(sl->caller_name));
		sl->ring_ms = sim_ring_ms(spec[i].zone);
		sl->zone = dsp_zone_find(spec[i].zone) ?: dsp_zone_find("us");
		sl->ring_on_ms = sl->zone->nring ? sl->zone->ring[0] : 2000;
		sl->rule = sim_zone_rule(sl->zone->code);
		sl->call_waiting = spec[i].call_waiting;
		sl->withheld = spec[i].withheld;
		spin_lock_init(&sl->phone_lock);
		mutex_init(&sl->hook_mutex);
		tapi_hook_rx_init(&sl->phone_rx, false, ktime_get_ns());
		INIT_WORK(&sl->phone_work, sim_phone_work);
		INIT_DELAYED_WORK(&sl->cw_work, sim_cw_work);
		dsp_dtmf_rx_init(&sl->ex_dtmf);
		INIT_DELAYED_WORK(&sl->noanswer_work, sim_noanswer_work);
		INIT_DELAYED_WORK(&sl->far_hangup_work, sim_far_hangup_work);
		snprintf(name, sizeof(name), "tapi_sim %s %s",
			 spec[i].type == TAPI_LINE_TYPE_TRUNK ? "trunk" : "subscriber line",
			 sl->number);
		desc.name = name;
		desc.address = sl->number;
		desc.line_type = spec[i].type;
		desc.priv = sl;
		init_waitqueue_head(&sl->idle);
		INIT_DELAYED_WORK(&sl->route_work, sim_route_work);
		INIT_DELAYED_WORK(&sl->ring_work, sim_ring_work);
		/* -10 and -8 dBm0, 70 ms on and off: a telephone's keypad */
		dsp_dtmf_tx_init(&sl->far_dtmf, -100, -80, 560, 560);
		dsp_dtmf_tx_init(&sl->phone_keys, -100, -80, 560, 560);
		sl->far_lfsr = 1;
		dsp_fsk_mod_init(&sl->far_fsk, DSP_FSK_BELL202, -130, DSP_FSK_BAUD);
		tapi_hrtimer_setup(&sl->ring_timer, sim_ring_fn,
				   CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
		tapi_hrtimer_setup(&sl->hook_timer, sim_hook_fn,
				   CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
		INIT_WORK(&sl->pulse_work, sim_pulse_work);
		tapi_hook_rx_init(&sl->pulse_rx, true, ktime_get_ns());
		sl->line = tapi_line_register(&desc);
		if (IS_ERR(sl->line)) {
			ret = PTR_ERR(sl->line);
			sim_exchange_stop(ex, i);
			return ret;
		}
		if (spec[i].type == TAPI_LINE_TYPE_SUBSCRIBER) {
			snprintf(name, sizeof(name), "tapi_sim telephone %s", sl->number);
			pdesc.name = name;
			pdesc.line = sl->line;
			pdesc.priv = sl;
			sl->phone = tapi_phone_register(&pdesc);
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

/*
 * configfs: /sys/kernel/config/tapi_sim/<exchange>/<line>/, one directory
 * per exchange and per line, attributes as the lines' specification, and
 * the exchange's "live" to bring them to life. A live exchange pins its
 * lines' directories and refuses changes (EBUSY).
 */
struct sim_cfg_line {
	struct config_item item;
	struct sim_exchange *ex;
	struct list_head node;		/* in ex->cfg, under sim_cfg_mutex */
	unsigned int index;		/* in ex->lines while live */
	struct sim_line_spec spec;
};

static struct sim_cfg_line *to_sim_cfg_line(struct config_item *item)
{
	return container_of(item, struct sim_cfg_line, item);
}

static struct sim_exchange *to_sim_exchange(struct config_item *item)
{
	return container_of(to_config_group(item), struct sim_exchange, group);
}

/* An attribute's text without the newline echo adds, or -EINVAL. */
static int sim_cfg_text(const char *page, size_t count, char *out, size_t size)
{
	if (count && page[count - 1] == '\n')
		count--;
	if (count >= size || memchr(page, 0, count))
		return -EINVAL;
	memcpy(out, page, count);
	out[count] = 0;
	return 0;
}

static bool sim_number_valid(const char *s)
{
	size_t i, len = strlen(s);

	if (!len || len > SIM_NUMBER_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!isdigit(s[i]))
			return false;
	return true;
}

/* Show the string at @off in a configfs line's specification. */
static ssize_t sim_cfg_show(struct config_item *item, char *page, size_t off)
{
	ssize_t ret;

	mutex_lock(&sim_cfg_mutex);
	ret = sysfs_emit(page, "%s\n", (char *)&to_sim_cfg_line(item)->spec + off);
	mutex_unlock(&sim_cfg_mutex);
	return ret;
}

/* Set the string at @off (@size bytes) to @val, unless the line is live. */
static ssize_t sim_cfg_store(struct config_item *item, size_t off, size_t size,
			     const char *val, size_t count)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	int ret = 0;

	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live)
		ret = -EBUSY;
	else
		strscpy((char *)&cl->spec + off, val, size);
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

static ssize_t cfg_line_number_show(struct config_item *item, char *page)
{
	return sim_cfg_show(item, page, offsetof(struct sim_line_spec, number));
}

static ssize_t cfg_line_number_store(struct config_item *item, const char *page, size_t count)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item), *o;
	char number[SIM_NUMBER_MAX + 1];
	int ret = sim_cfg_text(page, count, number, sizeof(number));

	if (ret || !sim_number_valid(number))
		return -EINVAL;
	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live) {
		ret = -EBUSY;
		goto out;
	}
	list_for_each_entry(o, &cl->ex->cfg, node)
		if (o != cl && !strcmp(o->spec.number, number))
			ret = -EEXIST;
	if (!ret)
		strscpy(cl->spec.number, number, sizeof(cl->spec.number));
out:
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

static ssize_t cfg_line_type_show(struct config_item *item, char *page)
{
	u32 type = READ_ONCE(to_sim_cfg_line(item)->spec.type);

	return sysfs_emit(page, "%s\n", type == TAPI_LINE_TYPE_TRUNK ? "trunk" : "subscriber");
}

static ssize_t cfg_line_type_store(struct config_item *item, const char *page, size_t count)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	u32 type;
	int ret = 0;

	if (sysfs_streq(page, "subscriber"))
		type = TAPI_LINE_TYPE_SUBSCRIBER;
	else if (sysfs_streq(page, "trunk"))
		type = TAPI_LINE_TYPE_TRUNK;
	else
		return -EINVAL;
	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live)
		ret = -EBUSY;
	else
		WRITE_ONCE(cl->spec.type, type);
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

static ssize_t cfg_line_zone_show(struct config_item *item, char *page)
{
	return sim_cfg_show(item, page, offsetof(struct sim_line_spec, zone));
}

static ssize_t cfg_line_zone_store(struct config_item *item, const char *page, size_t count)
{
	const struct dsp_zone *z;
	char code[8];
	int ret = sim_cfg_text(page, count, code, sizeof(code));

	z = ret ? NULL : dsp_zone_find(code);
	if (!z)
		return -EINVAL;
	return sim_cfg_store(item, offsetof(struct sim_line_spec, zone),
			     sizeof_field(struct sim_line_spec, zone), z->code, count);
}

static ssize_t cfg_line_caller_name_show(struct config_item *item, char *page)
{
	return sim_cfg_show(item, page, offsetof(struct sim_line_spec, caller_name));
}

static ssize_t cfg_line_caller_name_store(struct config_item *item, const char *page,
					  size_t count)
{
	char name[DSP_CID_NAME_MAX + 1];
	size_t i;
	int ret = sim_cfg_text(page, count, name, sizeof(name));

	for (i = 0; !ret && name[i]; i++)
		if (!isprint(name[i]))
			ret = -EINVAL;	/* caller ID carries printable ASCII */
	if (ret)
		return ret;
	return sim_cfg_store(item, offsetof(struct sim_line_spec, caller_name),
			     sizeof_field(struct sim_line_spec, caller_name), name, count);
}

/* Set the flag at @off of the line's specification, unless the line is live. */
static ssize_t sim_cfg_store_bool(struct config_item *item, size_t off, const char *page,
				  size_t count)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	bool on;
	int ret = kstrtobool(page, &on);

	if (ret)
		return ret;
	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live)
		ret = -EBUSY;
	else
		*(bool *)((char *)&cl->spec + off) = on;
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

static ssize_t cfg_line_call_waiting_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_sim_cfg_line(item)->spec.call_waiting));
}

static ssize_t cfg_line_call_waiting_store(struct config_item *item, const char *page,
					   size_t count)
{
	return sim_cfg_store_bool(item, offsetof(struct sim_line_spec, call_waiting), page,
				  count);
}

static ssize_t cfg_line_withheld_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_sim_cfg_line(item)->spec.withheld));
}

static ssize_t cfg_line_withheld_store(struct config_item *item, const char *page,
				       size_t count)
{
	return sim_cfg_store_bool(item, offsetof(struct sim_line_spec, withheld), page, count);
}

/* The line's device while live ("tapi5"), else empty. */
static ssize_t cfg_line_dev_show(struct config_item *item, char *page)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	ssize_t ret;

	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live)
		ret = sysfs_emit(page, "tapi%u\n",
				 tapi_line_id(cl->ex->lines[cl->index].line));
	else
		ret = sysfs_emit(page, "\n");
	mutex_unlock(&sim_cfg_mutex);
	return ret;
}

CONFIGFS_ATTR(cfg_line_, number);
CONFIGFS_ATTR(cfg_line_, type);
CONFIGFS_ATTR(cfg_line_, zone);
CONFIGFS_ATTR(cfg_line_, caller_name);
CONFIGFS_ATTR(cfg_line_, call_waiting);
CONFIGFS_ATTR(cfg_line_, withheld);
CONFIGFS_ATTR_RO(cfg_line_, dev);

static struct configfs_attribute *cfg_line_attrs[] = {
	&cfg_line_attr_number,
	&cfg_line_attr_type,
	&cfg_line_attr_zone,
	&cfg_line_attr_caller_name,
	&cfg_line_attr_call_waiting,
	&cfg_line_attr_withheld,
	&cfg_line_attr_dev,
	NULL,
};

static void cfg_line_release(struct config_item *item)
{
	kfree(to_sim_cfg_line(item));
}

static struct configfs_item_operations cfg_line_item_ops = {
	.release = cfg_line_release,
};

static const struct config_item_type cfg_line_type = {
	.ct_item_ops = &cfg_line_item_ops,
	.ct_attrs = cfg_line_attrs,
	.ct_owner = THIS_MODULE,
};

/* Bring @ex live from its configuration. Holds sim_cfg_mutex. */
static int sim_cfg_go_live(struct sim_exchange *ex)
{
	struct sim_line_spec *spec;
	struct sim_cfg_line *cl;
	unsigned int n = 0;
	int ret = 0;

	list_for_each_entry(cl, &ex->cfg, node) {
		if (!cl->spec.number[0])
			return -EINVAL;		/* every line needs its number */
		n++;
	}
	if (!n || n > SIM_MAX_LINES)
		return -EINVAL;
	spec = kcalloc(n, sizeof(*spec), GFP_KERNEL);
	if (!spec)
		return -ENOMEM;
	n = 0;
	list_for_each_entry(cl, &ex->cfg, node) {
		cl->index = n;
		spec[n++] = cl->spec;
	}
	ret = sim_exchange_start(ex, spec, n);
	if (!ret)
		ex->live = true;
	kfree(spec);
	return ret;
}

static ssize_t cfg_ex_live_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_sim_exchange(item)->live));
}

static ssize_t cfg_ex_live_store(struct config_item *item, const char *page, size_t count)
{
	struct sim_exchange *ex = to_sim_exchange(item);
	bool on;
	int ret = kstrtobool(page, &on);

	if (ret)
		return ret;
	mutex_lock(&sim_cfg_mutex);
	if (on && !ex->live) {
		ret = sim_cfg_go_live(ex);
	} else if (!on && ex->live) {
		sim_exchange_stop(ex, ex->nlines);
		WRITE_ONCE(ex->live, false);
	}
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

CONFIGFS_ATTR(cfg_ex_, live);

static ssize_t cfg_ex_no_answer_ms_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(to_sim_exchange(item)->no_answer_ms));
}

/* Takes effect for calls offered from then on, live or not. */
static ssize_t cfg_ex_no_answer_ms_store(struct config_item *item, const char *page,
					 size_t count)
{
	unsigned int ms;
	int ret = kstrtouint(page, 10, &ms);

	if (ret)
		return ret;
	if (ms > 3600000)
		return -EINVAL;
	mutex_lock(&sim_call_mutex);
	to_sim_exchange(item)->no_answer_ms = ms;
	mutex_unlock(&sim_call_mutex);
	return count;
}

CONFIGFS_ATTR(cfg_ex_, no_answer_ms);

static struct configfs_attribute *cfg_ex_attrs[] = {
	&cfg_ex_attr_live,
	&cfg_ex_attr_no_answer_ms,
	NULL,
};

static struct config_item *cfg_ex_make_line(struct config_group *group, const char *name)
{
	struct sim_exchange *ex = to_sim_exchange(&group->cg_item);
	struct sim_cfg_line *cl = kzalloc(sizeof(*cl), GFP_KERNEL);

	if (!cl)
		return ERR_PTR(-ENOMEM);
	cl->ex = ex;
	cl->spec.type = TAPI_LINE_TYPE_SUBSCRIBER;
	strscpy(cl->spec.zone, "us", sizeof(cl->spec.zone));
	config_item_init_type_name(&cl->item, name, &cfg_line_type);

	mutex_lock(&sim_cfg_mutex);
	if (ex->live) {
		mutex_unlock(&sim_cfg_mutex);
		kfree(cl);
		return ERR_PTR(-EBUSY);
	}
	/* a directory named by a free number is that number */
	if (sim_number_valid(name)) {
		struct sim_cfg_line *o;
		bool taken = false;

		list_for_each_entry(o, &ex->cfg, node)
			taken |= !strcmp(o->spec.number, name);
		if (!taken)
			strscpy(cl->spec.number, name, sizeof(cl->spec.number));
	}
	list_add_tail(&cl->node, &ex->cfg);
	mutex_unlock(&sim_cfg_mutex);
	return &cl->item;
}

/*
 * A line's directory goes: when live, the line goes with it, open and in
 * calls or not (a fault tests inject); the last one takes the exchange
 * down.
 */
static void cfg_ex_drop_line(struct config_group *group, struct config_item *item)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	struct sim_exchange *ex = cl->ex;

	mutex_lock(&sim_cfg_mutex);
	list_del(&cl->node);
	if (ex->live && list_empty(&ex->cfg)) {
		sim_exchange_stop(ex, ex->nlines);
		WRITE_ONCE(ex->live, false);
	} else if (ex->live) {
		sim_line_remove(&ex->lines[cl->index]);
	}
	mutex_unlock(&sim_cfg_mutex);
	config_item_put(item);
}

static void cfg_ex_release(struct config_item *item)
{
	kfree(to_sim_exchange(item));
}

static struct configfs_group_operations cfg_ex_group_ops = {
	.make_item = cfg_ex_make_line,
	.drop_item = cfg_ex_drop_line,
};

static struct configfs_item_operations cfg_ex_item_ops = {
	.release = cfg_ex_release,
};

static const struct config_item_type cfg_ex_type = {
	.ct_group_ops = &cfg_ex_group_ops,
	.ct_item_ops = &cfg_ex_item_ops,
	.ct_attrs = cfg_ex_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *cfg_make_exchange(struct config_group *group, const char *name)
{
	struct sim_exchange *ex = kzalloc(sizeof(*ex), GFP_KERNEL);

	if (!ex)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&ex->cfg);
	ex->no_answer_ms = 60000;
	config_group_init_type_name(&ex->group, name, &cfg_ex_type);
	return &ex->group;
}

static struct configfs_group_operations cfg_root_ops = {
	.make_group = cfg_make_exchange,
};

static const struct config_item_type cfg_root_type = {
	.ct_group_ops = &cfg_root_ops,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem sim_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "tapi_sim",
			.ci_type = &cfg_root_type,
		},
	},
};

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
	sim_debugfs = debugfs_create_dir("tapi_sim", NULL);
	debugfs_create_file("stats", 0400, sim_debugfs, NULL, &sim_total_stats_fops);
	ret = sim_default_start();
	if (ret)
		goto err_dev;

	config_group_init(&sim_subsys.su_group);
	mutex_init(&sim_subsys.su_mutex);
	ret = configfs_register_subsystem(&sim_subsys);
	if (ret)
		goto err_default;
	return 0;

err_default:
	if (sim_default) {
		sim_exchange_stop(sim_default, sim_default->nlines);
		kfree(sim_default);
	}
err_dev:
	debugfs_remove_recursive(sim_debugfs);
	root_device_unregister(sim_dev);
	return ret;
}

static void __exit sim_exit(void)
{
	/* configfs exchanges pin the module: none is left */
	configfs_unregister_subsystem(&sim_subsys);
	if (sim_default) {
		sim_exchange_stop(sim_default, sim_default->nlines);
		kfree(sim_default);
	}
	debugfs_remove_recursive(sim_debugfs);
	root_device_unregister(sim_dev);
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_DESCRIPTION("TAPI for Linux: virtual telephone exchange");
MODULE_IMPORT_NS(TAPI_NS);
MODULE_LICENSE("GPL");
MODULE_VERSION(TAPI_VERSION);
