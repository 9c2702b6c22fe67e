/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The DSP helpers of tapi.ko a driver may use (exported in the TAPI
 * namespace): a DTMF receiver, and generators for what a far end sends
 * into a line (DTMF digits, caller ID in Bell 202/V.23 FSK, the tones of
 * national tone plans). docs/driver-api.md describes them.
 *
 * Audio is 8 kHz, 16-bit linear; frequencies are in 1/100 Hz and levels
 * in 1/10 dBm0, where 0 dBm0 is a sine of peak DSP_DBM0_PEAK. The caller
 * owns every state structure (drivers embed them; their contents are the
 * DSP's) and serialises calls on one. Nothing allocates or sleeps, so all
 * of it may run in a line's tick, in softirq context.
 *
 * The DSP itself (kernel/dsp/) is plain C that also builds into userspace
 * tests: there kernel/dsp/dsp.h maps the kernel's type names and then
 * includes this header.
 */
#ifndef _TAPI_DSP_H
#define _TAPI_DSP_H

#ifdef __KERNEL__
#include <linux/types.h>
#endif

#define DSP_RATE	8000		/* samples per second */
#define DSP_DBM0_PEAK	22827		/* peak of a 0 dBm0 sine */

/**
 * dsp_sat16() - saturate to a 16-bit sample
 * @x: a sum of samples
 *
 * For mixing the generators' outputs with other audio.
 *
 * Return: @x limited to -32768..32767.
 */
static inline s16 dsp_sat16(s32 x)
{
	return (s16)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
}

/**
 * struct dsp_osc - a sine oscillator, inside the generators
 * @phase: phase of the next sample, 2^32 a full turn
 * @step: phase increment per sample
 * @peak: amplitude
 */
struct dsp_osc {
	u32 phase;
	u32 step;
	s16 peak;
};

/**
 * struct dsp_goertzel - a Goertzel filter's state, inside the DTMF receiver
 * @coef: 2 cos(w), Q14
 * @s1: the filter's last output
 * @s2: the one before
 */
struct dsp_goertzel {
	s32 coef;
	s32 s1, s2;
};

/* DTMF (ITU-T Q.23, Q.24) */

#define DSP_DTMF_HALF		51	/* samples per half block */
#define DSP_DTMF_RX_QLEN	8	/* events waiting for the caller */
#define DSP_DTMF_TX_QLEN	32	/* digits waiting to be sent */
#define DSP_DTMF_TX_LEVEL_DEFAULT	(-60)	/* -6 dBm0 per tone */

/**
 * struct dsp_dtmf_event - a digit starting or ending
 * @sample: position in samples fed since dsp_dtmf_rx_init(): for a start,
 *          the first sample of the first window that heard the digit; for
 *          an end, one past the last sample of the last window that heard
 *          it. Events come out later than that: up to 5 halves after a
 *          start, 3 after an end.
 * @digit: '0'-'9', '*', '#' or 'A'-'D'
 * @end: false for the start of @digit, true for its end
 */
struct dsp_dtmf_event {
	u64 sample;
	char digit;
	bool end;
};

/**
 * struct dsp_dtmf_tone - one of the receiver's 8 frequencies
 * @g: its filter's state
 * @y1_re: the previous half's output, real part
 * @y1_im: its imaginary part
 * @cos_w: cos(w), Q15
 * @sin_w: sin(w), Q15
 * @rot_re: e^(-jwH), real part, Q15: brings the second half in phase
 * @rot_im: its imaginary part
 * @cos_max: cos of the largest phase drift per half accepted
 */
struct dsp_dtmf_tone {
	struct dsp_goertzel g;
	s32 y1_re, y1_im;
	s16 cos_w, sin_w;
	s16 rot_re, rot_im;
	s16 cos_max;
};

/**
 * struct dsp_dtmf_rx - DTMF receiver state (owned by the caller)
 * @tone: the 8 frequencies, rows first
 * @energy: sum of squares of the current half's samples
 * @energy1: the same over the previous half
 * @pos: samples fed since init
 * @min_power: a tone's window power at the lowest accepted level
 * @idx: position in the current half
 * @cur: digit being heard (0: none)
 * @last: digit the previous window heard (0: none)
 * @run: windows in a row that heard @last
 * @misses: windows since @cur was last heard
 * @hit_end: end of the last window that heard @cur
 * @q: events not yet handed to the caller
 * @q_head: oldest event in @q
 * @q_len: events in @q
 * @lost: events dropped because @q overflowed (see dsp_dtmf_rx_process())
 *
 * A caller reads @lost at most; the rest is the receiver's.
 */
struct dsp_dtmf_rx {
	struct dsp_dtmf_tone tone[8];
	u64 energy;
	u64 energy1;
	u64 pos;
	u64 min_power;
	u32 idx;
	char cur;
	char last;
	u8 run;
	u8 misses;
	u64 hit_end;
	struct dsp_dtmf_event q[DSP_DTMF_RX_QLEN];
	u8 q_head;
	u8 q_len;
	u32 lost;
};

/**
 * dsp_dtmf_rx_init() - reset a receiver
 * @rx: receiver state
 *
 * Sample positions in events count from here.
 */
void dsp_dtmf_rx_init(struct dsp_dtmf_rx *rx);

/**
 * dsp_dtmf_rx_process() - feed samples to a receiver
 * @rx: receiver state
 * @x: samples
 * @n: number of samples, any; the result does not depend on how the
 *     signal is cut into calls
 * @ev: where to put events, oldest first
 * @max: room in @ev
 *
 * Each half block yields at most one event, so max >= 1 loses nothing
 * when @n <= DSP_DTMF_HALF, nor max >= 1 + @n / DSP_DTMF_HALF for any @n.
 * Events that do not fit wait in @rx
 * (up to DSP_DTMF_RX_QLEN; beyond, the oldest are dropped and counted in
 * rx->lost) and come first in the next call, which may have @n = 0.
 *
 * Return: number of events written to @ev.
 */
size_t dsp_dtmf_rx_process(struct dsp_dtmf_rx *rx, const s16 *x, size_t n,
			   struct dsp_dtmf_event *ev, size_t max);

/**
 * struct dsp_dtmf_tx - DTMF generator state (owned by the caller)
 * @lo: row (low group) oscillator
 * @hi: column (high group) oscillator
 * @peak_lo: peak of the row tone
 * @peak_hi: peak of the column tone
 * @on: samples of tone per digit
 * @off: samples of silence after each digit
 * @left: samples left of the current tone or pause
 * @tone: a tone (not a pause) is playing
 * @q: digits to send
 * @q_head: next digit in @q
 * @q_len: digits in @q
 */
struct dsp_dtmf_tx {
	struct dsp_osc lo, hi;
	s16 peak_lo, peak_hi;
	u32 on, off;
	u32 left;
	bool tone;
	char q[DSP_DTMF_TX_QLEN];
	u8 q_head;
	u8 q_len;
};

/**
 * dsp_dtmf_tx_init() - set up a generator
 * @tx: generator state
 * @level_low_tenth_dbm0: row tone level, 1/10 dBm0 (e.g. DSP_DTMF_TX_LEVEL_DEFAULT)
 * @level_high_tenth_dbm0: column tone level, 1/10 dBm0 (a level 2 dB above
 *                         the row's, -70 and -50 say, offsets line loss)
 * @on_samples: tone duration per digit
 * @off_samples: silence after each digit
 */
void dsp_dtmf_tx_init(struct dsp_dtmf_tx *tx, s16 level_low_tenth_dbm0,
		      s16 level_high_tenth_dbm0, u32 on_samples, u32 off_samples);

/**
 * dsp_dtmf_tx_queue() - queue digits to send
 * @tx: generator state
 * @digits: NUL-terminated, from "0123456789*#ABCD" (a-d too)
 *
 * All or nothing: on an error no digit is queued.
 *
 * Return: 0, -1 if a digit is invalid, -2 if they do not all fit in the
 * queue of DSP_DTMF_TX_QLEN digits.
 */
int dsp_dtmf_tx_queue(struct dsp_dtmf_tx *tx, const char *digits);

/**
 * dsp_dtmf_tx_generate() - produce the next samples
 * @tx: generator state
 * @out: where to write
 * @n: number of samples to write, any; the result does not depend on how
 *     the signal is cut into calls
 *
 * Writes all @n samples, silence once the queue is played out.
 *
 * Return: samples of tone and pause still to come after these (0: idle).
 */
size_t dsp_dtmf_tx_generate(struct dsp_dtmf_tx *tx, s16 *out, size_t n);

/* Caller ID messages (Telcordia GR-30, ETSI EN 300 659) */

#define DSP_CID_MSG_MAX		258	/* type, length, 255 bytes, checksum */
#define DSP_CID_NUMBER_MAX	20
#define DSP_CID_NAME_MAX	50

/**
 * enum dsp_cid_err - why a caller ID message could not be made or read
 * @DSP_CID_ESPACE: output buffer too small
 * @DSP_CID_EINVAL: info not valid, or not encodable in the format asked
 * @DSP_CID_ETRUNC: message shorter than its length
 * @DSP_CID_ECHECKSUM: checksum mismatch
 * @DSP_CID_ETYPE: not an SDMF or MDMF message
 * @DSP_CID_EFORMAT: malformed contents
 */
enum dsp_cid_err {
	DSP_CID_ESPACE = -1,
	DSP_CID_EINVAL = -2,
	DSP_CID_ETRUNC = -3,
	DSP_CID_ECHECKSUM = -4,
	DSP_CID_ETYPE = -5,
	DSP_CID_EFORMAT = -6,
};

/**
 * struct dsp_cid_info - what a caller ID message says
 * @number: the calling number, NUL-terminated, no control characters
 * @name: the calling name, NUL-terminated, no control characters
 * @month: 1-12, if @has_time
 * @day: 1-31, if @has_time
 * @hour: 0-23, if @has_time
 * @minute: 0-59, if @has_time
 * @has_time: the message carries the date and time
 * @number_absent: 0, or why there is no number: 'O' unavailable (out of
 *                 area), 'P' private
 * @name_absent: 0, 'O' or 'P', the same for the name
 */
struct dsp_cid_info {
	char number[DSP_CID_NUMBER_MAX + 1];
	char name[DSP_CID_NAME_MAX + 1];
	u8 month, day, hour, minute;
	bool has_time;
	char number_absent;
	char name_absent;
};

/**
 * dsp_cid_encode_mdmf() - make a multiple data message format message
 * @info: what to say; the parameters present are those set: date and time
 *        if @info->has_time, number or its reason for absence, name or
 *        its reason for absence
 * @buf: where to write the message: type, length, parameters, checksum
 * @len: room in @buf (DSP_CID_MSG_MAX always suffices)
 *
 * Return: the message's length, DSP_CID_EINVAL if @info is not valid,
 * DSP_CID_ESPACE if the message does not fit in @len.
 */
int dsp_cid_encode_mdmf(const struct dsp_cid_info *info, u8 *buf, size_t len);

/* FSK for on-hook data: Bell 202 and ITU-T V.23 at 1200 baud */

/**
 * enum dsp_fsk_std - the modulation
 * @DSP_FSK_BELL202: Bell 202, mark 1200 Hz, space 2200 Hz (North America)
 * @DSP_FSK_V23: ITU-T V.23, mark 1300 Hz, space 2100 Hz (ETSI)
 */
enum dsp_fsk_std {
	DSP_FSK_BELL202,
	DSP_FSK_V23,
};

#define DSP_FSK_BAUD		120000	/* nominal rate, 1/100 baud */
#define DSP_FSK_MOD_MAX		260	/* longest message the modulator queues */

/* preamble lengths in bits, as commonly used */
#define DSP_FSK_SEIZURE_BITS	300	/* Bell 202 and ETSI channel seizure */
#define DSP_FSK_MARK_BELL	180	/* Bell 202 mark signal */
#define DSP_FSK_MARK_ETSI	80	/* ETSI EN 300 659-1 mark signal */

/**
 * struct dsp_fsk_mod - FSK modulator state (owned by the caller)
 * @phase: carrier phase, 2^32 a turn
 * @step: phase steps of space and mark
 * @bit_step: bit clock per sample, 2^32 a bit
 * @bit_phase: the bit clock
 * @peak: amplitude
 * @bit: the bit being sent
 * @frame_pos: bit of the current byte, 0..9 (start, 8 data, stop)
 * @seizure: channel seizure bits still to send
 * @mark: mark bits still to send before the message
 * @trail: mark bits still to send after it
 * @len: bytes queued
 * @pos: next byte to send
 * @active: a bit is being sent
 * @buf: the message
 */
struct dsp_fsk_mod {
	u32 phase;
	u32 step[2];
	u32 bit_step;
	u32 bit_phase;
	s16 peak;
	u8 bit;
	u8 frame_pos;
	u16 seizure, mark, trail;
	u16 len, pos;
	bool active;
	u8 buf[DSP_FSK_MOD_MAX];
};

/**
 * dsp_fsk_mod_init() - set up a modulator, idle
 * @m: modulator state
 * @std: the modulation
 * @level: level, 1/10 dBm0
 * @baud: rate in 1/100 baud: DSP_FSK_BAUD, or another to test a
 *        receiver's tolerance
 */
void dsp_fsk_mod_init(struct dsp_fsk_mod *m, enum dsp_fsk_std std, s32 level,
		      u32 baud);

/**
 * dsp_fsk_mod_start() - queue a transmission
 * @m: modulator state
 * @seizure: bits of channel seizure (0101..., starting with 0)
 * @mark: bits of mark (1) after it
 * @msg: the bytes to send, each framed by a start and a stop bit
 * @len: number of bytes in @msg
 * @trail: bits of mark after them
 *
 * Return: 0, or -1 if @len is over DSP_FSK_MOD_MAX, a bit count over
 * 65535, or a transmission is still in progress.
 */
int dsp_fsk_mod_start(struct dsp_fsk_mod *m, unsigned int seizure, unsigned int mark,
		      const u8 *msg, size_t len, unsigned int trail);

/**
 * dsp_fsk_mod_generate() - produce the next samples
 * @m: modulator state
 * @out: where to write
 * @n: room in @out, any; the signal is phase-continuous across calls
 *
 * Return: samples written: @n, fewer once the transmission has ended.
 */
size_t dsp_fsk_mod_generate(struct dsp_fsk_mod *m, s16 *out, size_t n);

/**
 * dsp_fsk_mod_busy() - whether anything is left to send
 * @m: modulator state
 *
 * Return: true while a transmission is in progress.
 */
bool dsp_fsk_mod_busy(const struct dsp_fsk_mod *m);

/* Tones with cadences, and national tone plans ("zones") */

#define DSP_TONE_MAX_SEGS	8

/**
 * struct dsp_tone_seg - one step of a cadence
 * @f1: first frequency in 1/100 Hz, 0 for none
 * @f2: second frequency in 1/100 Hz, 0 for none (both 0: a pause)
 * @ms: duration in ms; 0 in the last segment of a one-segment tone means
 *	continuous
 */
struct dsp_tone_seg {
	u32 f1;
	u32 f2;
	u16 ms;
};

/**
 * struct dsp_tone_def - a tone: levels and cadence
 * @level1: level of @f1 in every segment, 1/10 dBm0
 * @level2: level of @f2 in every segment, 1/10 dBm0
 * @nseg: number of segments used (1..DSP_TONE_MAX_SEGS)
 * @repeat: times the cadence plays, 0 for forever
 * @seg: the segments
 *
 * A tone is a cadence of up to DSP_TONE_MAX_SEGS segments, each of one or
 * two frequencies or a pause, so a SIT's three rising tones are three
 * segments of one tone; the cadence repeats forever or @repeat times. It
 * is valid if every frequency is below 4000 Hz and every segment has a
 * duration, unless the tone is one continuous segment.
 */
struct dsp_tone_def {
	s16 level1;
	s16 level2;
	u8 nseg;
	u8 repeat;
	struct dsp_tone_seg seg[DSP_TONE_MAX_SEGS];
};

/**
 * struct dsp_tone_gen - a tone generator (owned by the caller)
 * @def: a copy of the tone played
 * @o1: oscillator of the first frequency
 * @o2: oscillator of the second frequency
 * @seg: index of the segment playing
 * @left: samples left in the segment (unused when continuous)
 * @cycles: cadences completed
 * @done: the tone has ended; the generator writes silence
 */
struct dsp_tone_gen {
	struct dsp_tone_def def;
	struct dsp_osc o1, o2;
	u32 seg;
	u32 left;
	u32 cycles;
	bool done;
};

/**
 * dsp_tone_start() - start playing a tone from its first segment
 * @g: generator state
 * @def: the tone, copied
 *
 * Return: true, or false if @def is not valid (the generator is then
 * done and writes silence).
 */
bool dsp_tone_start(struct dsp_tone_gen *g, const struct dsp_tone_def *def);

/**
 * dsp_tone_generate() - produce the next samples
 * @g: generator state
 * @out: where to write
 * @n: number of samples to write, any
 *
 * Writes all @n samples: the tone, then silence once it has ended.
 *
 * Return: samples of tone written (the rest are 0).
 */
size_t dsp_tone_generate(struct dsp_tone_gen *g, s16 *out, size_t n);

/**
 * enum dsp_zone_tone - the tones of a zone, in this order
 * @DSP_ZONE_DIAL: dial tone
 * @DSP_ZONE_BUSY: busy tone
 * @DSP_ZONE_RINGBACK: ringback (ringing) tone
 * @DSP_ZONE_CONGESTION: congestion (reorder) tone
 * @DSP_ZONE_SIT: special information tone (vacant number and the like)
 * @DSP_ZONE_CALLWAIT: call waiting tone
 * @DSP_ZONE_NTONES: number of tones
 */
enum dsp_zone_tone {
	DSP_ZONE_DIAL,
	DSP_ZONE_BUSY,
	DSP_ZONE_RINGBACK,
	DSP_ZONE_CONGESTION,
	DSP_ZONE_SIT,
	DSP_ZONE_CALLWAIT,
	DSP_ZONE_NTONES
};

/**
 * struct dsp_zone - a national tone plan
 * @code: ISO 3166 alpha-2 country code, lower case
 * @alias: another accepted code ("gb" for "uk") or NULL
 * @name: the country
 * @tone: the tones, indexed by enum dsp_zone_tone
 * @ring: ringer cadence in ms, on and off alternating, starting with on
 * @nring: entries used in @ring
 */
struct dsp_zone {
	const char *code;
	const char *alias;
	const char *name;
	struct dsp_tone_def tone[DSP_ZONE_NTONES];
	u16 ring[DSP_TONE_MAX_SEGS];
	u8 nring;
};

/**
 * dsp_zone_find() - a zone by country code
 * @code: ISO 3166 alpha-2 code or a zone's alias, any case
 *
 * Return: the zone (static, never freed), or NULL if none has @code.
 */
const struct dsp_zone *dsp_zone_find(const char *code);

#endif /* _TAPI_DSP_H */
