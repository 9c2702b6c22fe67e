/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * TAPI for Linux: the contract between tapi.ko and userspace (libtapi).
 *
 * Rules every structure here follows, so the ABI can grow without breaking:
 *  - explicit-width types, natural 64-bit alignment, explicit padding, so the
 *    layout is the same for 32- and 64-bit userspace (no compat translation);
 *  - reserved fields and unused flag bits must be zero on input; the kernel
 *    rejects anything else with EINVAL so they can be given meaning later;
 *  - an ioctl's argument size is encoded in its number: a grown structure
 *    gets a new ioctl number, and the old one keeps working.
 *
 * docs/uapi.md documents every ioctl with its arguments and errors.
 */
#ifndef _UAPI_LINUX_TAPI_H
#define _UAPI_LINUX_TAPI_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* Version of this interface: major in the high 16 bits, minor in the low. */
#define TAPI_API_VERSION_MAJOR	1
#define TAPI_API_VERSION_MINOR	10
#define TAPI_API_VERSION	((TAPI_API_VERSION_MAJOR << 16) | \
				 TAPI_API_VERSION_MINOR)

/*
 * Limits of one line or phone device (1.9), so that no user can make the
 * kernel's work per tick or its memory grow without bound:
 *  - open files of one device: open() fails with EMFILE past it;
 *  - audio streams of one line: TAPI_IOC_AUDIO_OPEN fails with EMFILE;
 *  - different frequencies the line's files monitor tones on (the line
 *    runs one filter per frequency, however many files share it):
 *    TAPI_IOC_MONITOR_TONES fails with ENOSPC when a request would need
 *    more.
 */
#define TAPI_MAX_OPENS		256
#define TAPI_MAX_STREAMS	16
#define TAPI_MAX_TONE_FREQS	32

#define TAPI_NAME_LEN		64
#define TAPI_DRIVER_LEN		32
#define TAPI_ADDRESS_LEN	32

/* What is on the far side of a line device. */
#define TAPI_LINE_TYPE_SUBSCRIBER	1	/* FXS-like: a telephone line to a subscriber */
#define TAPI_LINE_TYPE_TRUNK		2	/* FXO-like: a line to an exchange */

/* Line capabilities (struct tapi_line_info.caps). */
#define TAPI_LINE_CAP_RING_EVENTS	_BITULL(0)	/* reports TAPI_EVENT_RING */
#define TAPI_LINE_CAP_DTMF_DETECT	_BITULL(1)	/* reports DTMF TAPI_EVENT_DIGIT (1.1) */
#define TAPI_LINE_CAP_AUDIO		_BITULL(2)	/* has audio: TAPI_IOC_AUDIO_OPEN (1.2) */
#define TAPI_LINE_CAP_DTMF_GENERATE	_BITULL(3)	/* TAPI_IOC_GENERATE_DIGITS (1.3) */
#define TAPI_LINE_CAP_CALLS		_BITULL(4)	/* call control: TAPI_IOC_MAKE_CALL (1.4) */
#define TAPI_LINE_CAP_TONE_GENERATE	_BITULL(5)	/* TAPI_IOC_GENERATE_TONE (1.4) */
#define TAPI_LINE_CAP_MEDIA_DETECT	_BITULL(6)	/* TAPI_IOC_MONITOR_MEDIA (1.4) */
#define TAPI_LINE_CAP_TONE_DETECT	_BITULL(7)	/* TAPI_IOC_MONITOR_TONES (1.4) */
#define TAPI_LINE_CAP_CALLERID		_BITULL(8)	/* in-band caller ID decoded (1.4) */
#define TAPI_LINE_CAP_HOOK_EVENTS	_BITULL(9)	/* TAPI_EVENT_HOOK (1.5) */
#define TAPI_LINE_CAP_PULSE_DETECT	_BITULL(10)	/* pulse digits: TAPI_DIGIT_PULSE (1.5) */
#define TAPI_LINE_CAP_PULSE_GENERATE	_BITULL(11)	/* TAPI_IOC_GENERATE_DIGITS pulses (1.5) */
#define TAPI_LINE_CAP_MSGWAIT		_BITULL(12)	/* messages wait: TAPI_IOC_SET_LINE (1.7) */
#define TAPI_LINE_CAP_TREATMENT		_BITULL(13)	/* TAPI_CALLSET_TREATMENT (1.7) */

/**
 * struct tapi_line_info - what a line device is
 * @api_version: out: TAPI_API_VERSION of the running kernel module
 * @line_id: out: N of /dev/tapiN
 * @line_type: out: TAPI_LINE_TYPE_*
 * @flags: in: must be zero (no options defined yet)
 * @caps: out: TAPI_LINE_CAP_* bits
 * @name: out: human-readable name, NUL-terminated
 * @driver: out: name of the driver that provides the line, NUL-terminated
 * @address: out: the line's number (dialable address), NUL-terminated
 * @event_queue_len: out: how many event records this open file's queue holds
 * @reserved: in: must be zero; out: zero
 */
struct tapi_line_info {
	__u32 api_version;
	__u32 line_id;
	__u32 line_type;
	__u32 flags;
	__aligned_u64 caps;
	char name[TAPI_NAME_LEN];
	char driver[TAPI_DRIVER_LEN];
	char address[TAPI_ADDRESS_LEN];
	__u32 event_queue_len;
	__u32 reserved[7];
};

/* Event types (struct tapi_event.type). Readers skip types they don't know. */
#define TAPI_EVENT_OVERFLOW	1	/* events were lost: see below */
#define TAPI_EVENT_RING		2	/* the line is being rung: param[0] = ring number */
#define TAPI_EVENT_DIGIT	3	/* a digit began or ended (1.1): see below */

/* TAPI_EVENT_DIGIT: param[0] = the digit ('0'-'9', '*', '#', 'A'-'D'),
 * param[1] = how it was sent, param[2] = TAPI_DIGIT_START or TAPI_DIGIT_END,
 * param[3] = how long ago it started or ended, in microseconds. A pulse
 * digit has one event, TAPI_DIGIT_END, once its last pulse is over.
 */
#define TAPI_DIGIT_DTMF		1
#define TAPI_DIGIT_PULSE	2	/* (1.5) */
#define TAPI_DIGIT_START	0
#define TAPI_DIGIT_END		1

/* Which digit events a file gets (struct tapi_monitor_digits.modes): TAPI
 * 2.2's LINEDIGITMODE_* values. A file starts with all three (1.5).
 */
#define TAPI_DIGITMODE_PULSE	0x1	/* pulse digits, once each is complete */
#define TAPI_DIGITMODE_DTMF	0x2	/* DTMF digits as they start */
#define TAPI_DIGITMODE_DTMFEND	0x4	/* and as they end */

#define TAPI_EVENT_GENERATE	4	/* generation ended (1.3): see below */

/* TAPI_EVENT_GENERATE: param[0] = what was generated (TAPI_GENERATE_DIGITS
 * or TAPI_GENERATE_TONE), param[1] = TAPI_GENERATE_DONE or
 * TAPI_GENERATE_CANCELLED, param[2] = the request's tag.
 */
#define TAPI_GENERATE_DIGITS	1
#define TAPI_GENERATE_TONE	2	/* (1.4) */
#define TAPI_GENERATE_DONE	1
#define TAPI_GENERATE_CANCELLED	2

/*
 * The parameters of each event type (1.10): a view of struct tapi_event's
 * param[] by name, the same 16 bytes. Fields called reserved are zero.
 */

/**
 * struct tapi_ev_overflow - TAPI_EVENT_OVERFLOW: events were lost
 * @lost_lo: low 32 bits of the number dropped
 * @lost_hi: high 32 bits
 * @reserved: zero
 */
struct tapi_ev_overflow {
	__u32 lost_lo;
	__u32 lost_hi;
	__u32 reserved[2];
};

/**
 * struct tapi_ev_ring - TAPI_EVENT_RING: the line is being rung
 * @ring: the ring's number, from 1
 * @reserved: zero
 */
struct tapi_ev_ring {
	__u32 ring;
	__u32 reserved[3];
};

/**
 * struct tapi_ev_digit - TAPI_EVENT_DIGIT: a digit began or ended
 * @digit: '0'-'9', '*', '#', 'A'-'D'
 * @how: TAPI_DIGIT_DTMF or TAPI_DIGIT_PULSE
 * @edge: TAPI_DIGIT_START or TAPI_DIGIT_END
 * @age_us: how long before the event's timestamp it started or ended
 */
struct tapi_ev_digit {
	__u32 digit;
	__u32 how;
	__u32 edge;
	__u32 age_us;
};

/**
 * struct tapi_ev_generate - TAPI_EVENT_GENERATE: a generation ended
 * @what: TAPI_GENERATE_DIGITS or TAPI_GENERATE_TONE
 * @result: TAPI_GENERATE_DONE or TAPI_GENERATE_CANCELLED
 * @tag: the request's tag
 * @reserved: zero
 */
struct tapi_ev_generate {
	__u32 what;
	__u32 result;
	__u32 tag;
	__u32 reserved;
};

/**
 * struct tapi_ev_call_state - TAPI_EVENT_CALL_STATE: a call changed state
 * @state: its new state, TAPI_CALL_*
 * @detail: for TAPI_CALL_DISCONNECTED a TAPI_DISCONNECT_* reason, else 0
 * @privilege: this file's on the call, TAPI_PRIV_MONITOR or TAPI_PRIV_OWNER
 * @media_mode: the call's TAPI_MEDIA_*
 */
struct tapi_ev_call_state {
	__u32 state;
	__u32 detail;
	__u32 privilege;
	__u32 media_mode;
};

/**
 * struct tapi_ev_gather - TAPI_EVENT_GATHER: digit gathering ended
 * @why: TAPI_GATHER_*
 * @count: digits gathered
 * @tag: the request's tag
 * @reserved: zero
 */
struct tapi_ev_gather {
	__u32 why;
	__u32 count;
	__u32 tag;
	__u32 reserved;
};

/**
 * struct tapi_ev_media - TAPI_EVENT_MEDIA: a media signal was heard
 * @media_mode: the TAPI_MEDIA_* it suggests
 * @signal: TAPI_SIGNAL_*
 * @reserved: zero
 * @age_us: how long before the event's timestamp it began (ended, for
 *	TAPI_SIGNAL_VOICE_END)
 */
struct tapi_ev_media {
	__u32 media_mode;
	__u32 signal;
	__u32 reserved;
	__u32 age_us;
};

/**
 * struct tapi_ev_tone - TAPI_EVENT_TONE: a monitored tone was heard
 * @tag: the tone's tag (struct tapi_tone_watch.tag)
 * @index: its index in the request
 * @reserved: zero
 * @age_us: how long before the event's timestamp it began
 */
struct tapi_ev_tone {
	__u32 tag;
	__u32 index;
	__u32 reserved;
	__u32 age_us;
};

/**
 * struct tapi_ev_call_info - TAPI_EVENT_CALL_INFO: a call's information changed
 * @what: TAPI_CALLINFO_*
 * @reserved: zero
 */
struct tapi_ev_call_info {
	__u32 what;
	__u32 reserved[3];
};

/**
 * struct tapi_ev_line_state - TAPI_EVENT_LINE_STATE: the line device changed
 * @what: TAPI_LINESTATE_*
 * @open_files: for TAPI_LINESTATE_OPEN and _CLOSE, the line's open files now
 * @reserved: zero
 */
struct tapi_ev_line_state {
	__u32 what;
	__u32 open_files;
	__u32 reserved[2];
};

/**
 * struct tapi_ev_hook - TAPI_EVENT_HOOK: the telephone's hook switch
 * @hook: TAPI_HOOK_*
 * @flash_ms: for TAPI_HOOK_FLASH, how long the loop was broken
 * @reserved: zero
 */
struct tapi_ev_hook {
	__u32 hook;
	__u32 flash_ms;
	__u32 reserved[2];
};

/**
 * struct tapi_ev_phone_button - TAPI_EVENT_PHONE_BUTTON, on a phone device
 * @button: the button's ID
 * @mode: its TAPI_BUTTON_MODE_*
 * @state: TAPI_BUTTON_DOWN or TAPI_BUTTON_UP
 * @reserved: zero
 */
struct tapi_ev_phone_button {
	__u32 button;
	__u32 mode;
	__u32 state;
	__u32 reserved;
};

/**
 * struct tapi_ev_phone_state - TAPI_EVENT_PHONE_STATE, on a phone device
 * @what: one TAPI_PHONESTATE_* bit
 * @value: the new value where there is one (a hookswitch mode, ring mode,
 *	volume, gain); for TAPI_PHONESTATE_LAMP the button's ID; for
 *	TAPI_PHONESTATE_DISPLAY the row written from
 * @value2: for TAPI_PHONESTATE_LAMP the lamp mode, for
 *	TAPI_PHONESTATE_RINGMODE the ring volume, for TAPI_PHONESTATE_DISPLAY
 *	the column written from
 * @reserved: zero
 */
struct tapi_ev_phone_state {
	__u32 what;
	__u32 value;
	__u32 value2;
	__u32 reserved;
};

/**
 * struct tapi_event - one record returned by read() on a line device
 * @type: TAPI_EVENT_*
 * @call_id: the call the event is about, or 0 for the line itself
 * @timestamp_ns: CLOCK_MONOTONIC time the event happened, in nanoseconds
 * @seq: this open file's event sequence number: consecutive unless an
 *       overflow record reports a gap (each file counts its own events, as
 *       call events go only to the files that know the call)
 * @param: type-specific parameters
 * @overflow: @param of TAPI_EVENT_OVERFLOW, by name (1.10)
 * @ring: of TAPI_EVENT_RING
 * @digit: of TAPI_EVENT_DIGIT
 * @generate: of TAPI_EVENT_GENERATE
 * @call_state: of TAPI_EVENT_CALL_STATE
 * @gather: of TAPI_EVENT_GATHER
 * @media: of TAPI_EVENT_MEDIA
 * @tone: of TAPI_EVENT_TONE
 * @call_info: of TAPI_EVENT_CALL_INFO
 * @line_state: of TAPI_EVENT_LINE_STATE
 * @hook: of TAPI_EVENT_HOOK
 * @phone_button: of TAPI_EVENT_PHONE_BUTTON
 * @phone_state: of TAPI_EVENT_PHONE_STATE
 * @reserved: zero
 *
 * TAPI_EVENT_OVERFLOW: this reader's queue was full and events were dropped.
 * param[0] and param[1] are the low and high 32 bits of the number dropped,
 * @seq is the sequence number of the first dropped event, @timestamp_ns is
 * when it happened. The record sits exactly where the dropped events would
 * have been.
 */
struct tapi_event {
	__u32 type;
	__u32 call_id;
	__aligned_u64 timestamp_ns;
	__aligned_u64 seq;
	union {
		__u32 param[4];
		struct tapi_ev_overflow overflow;
		struct tapi_ev_ring ring;
		struct tapi_ev_digit digit;
		struct tapi_ev_generate generate;
		struct tapi_ev_call_state call_state;
		struct tapi_ev_gather gather;
		struct tapi_ev_media media;
		struct tapi_ev_tone tone;
		struct tapi_ev_call_info call_info;
		struct tapi_ev_line_state line_state;
		struct tapi_ev_hook hook;
		struct tapi_ev_phone_button phone_button;
		struct tapi_ev_phone_state phone_state;
	};
	__aligned_u64 reserved;
};

#define TAPI_EVENT_CALL_STATE	5	/* a call changed state (1.4): see below */

/* TAPI_EVENT_CALL_STATE: @call_id is the call, param[0] its new state
 * (TAPI_CALL_*), param[1] the state's detail (for TAPI_CALL_DISCONNECTED a
 * TAPI_DISCONNECT_* reason, else 0), param[2] this file's privilege on the
 * call (TAPI_PRIV_MONITOR or TAPI_PRIV_OWNER; the first event of a call a
 * file had not seen announces it), param[3] the call's media mode. Only
 * files with a privilege on the call receive it. After TAPI_CALL_IDLE the
 * call is gone and its ID is never used again on this line.
 */

#define TAPI_EVENT_GATHER	6	/* digit gathering ended (1.4): see below */

/* TAPI_EVENT_GATHER, to the file that asked only: param[0] why it ended
 * (TAPI_GATHER_*: TAPI 2.2's LINEGATHERTERM_* values), param[1] how many
 * digits were gathered, param[2] the request's tag. The digits themselves:
 * TAPI_IOC_GATHER_RESULT.
 */
#define TAPI_GATHER_BUFFERFULL		0x01
#define TAPI_GATHER_TERMDIGIT		0x02
#define TAPI_GATHER_FIRSTTIMEOUT	0x04
#define TAPI_GATHER_INTERTIMEOUT	0x08
#define TAPI_GATHER_LINEDROP		0x10	/* its call ended */
#define TAPI_GATHER_CANCEL		0x20	/* cancelled or replaced */

#define TAPI_EVENT_MEDIA	7	/* a media signal was heard (1.4): see below */

/* TAPI_EVENT_MEDIA, to the files monitoring the media mode: param[0] the
 * media mode it suggests (one TAPI_MEDIA_* the file monitors), param[1] the
 * signal (TAPI_SIGNAL_*), param[3] how many microseconds before the event's
 * timestamp the signal began (ended, for TAPI_SIGNAL_VOICE_END).
 */
#define TAPI_SIGNAL_CNG		1	/* calling fax: 1100 Hz bursts */
#define TAPI_SIGNAL_CED		2	/* answer tone, 2100 Hz: fax or modem */
#define TAPI_SIGNAL_CED_PR	3	/* 2100 Hz with phase reversals: a modem (V.25 ANS/) */
#define TAPI_SIGNAL_VOICE_START	4	/* sound above the noise begins */
#define TAPI_SIGNAL_VOICE_END	5	/* and ends (300 ms of quiet) */

#define TAPI_EVENT_TONE		8	/* a monitored tone was heard (1.4) */

/* TAPI_EVENT_TONE, to the file that asked: param[0] the tone's tag
 * (struct tapi_tone_watch.tag), param[1] its index in the request,
 * param[3] how many microseconds before the event's timestamp it began.
 * Reported once per occurrence, after it lasted its duration.
 */

#define TAPI_EVENT_CALL_INFO	9	/* a call's information changed (1.4) */

/* TAPI_EVENT_CALL_INFO, to the files that know the call: param[0] what
 * changed, TAPI 2.2's LINECALLINFOSTATE_* value (TAPI_CALLINFO_CALLERID:
 * the caller's number or name, see TAPI_IOC_CALL_INFO).
 */
#define TAPI_CALLINFO_CALLERID	0x8000
#define TAPI_CALLINFO_MEDIAMODE		0x00000010	/* TAPI_CALLSET_MEDIAMODE (1.7) */
#define TAPI_CALLINFO_APPSPECIFIC	0x00000020	/* TAPI_CALLSET_APPSPECIFIC (1.7) */
#define TAPI_CALLINFO_TREATMENT		0x10000000	/* TAPI_CALLSET_TREATMENT (1.7) */
#define TAPI_CALLINFO_CALLDATA		0x40000000	/* TAPI_CALLSET_CALLDATA (1.7) */

#define TAPI_EVENT_LINE_STATE	10	/* the line device changed (1.5): see below */

/* TAPI_EVENT_LINE_STATE: param[0] what changed, TAPI 2.2's LINEDEVSTATE_*
 * value, to the files that asked for it (TAPI_IOC_SET_STATUS_EVENTS; none
 * by default, as in TAPI). TAPI_LINESTATE_OPEN and _CLOSE: another file
 * opened or closed the line, param[1] = the line's open files now.
 * TAPI_LINESTATE_REMOVED goes to every file: the device is gone; it is the
 * last record a file reads before ENODEV.
 */
#define TAPI_LINESTATE_MSGWAITON	0x00000010	/* (1.7) */
#define TAPI_LINESTATE_MSGWAITOFF	0x00000020	/* (1.7) */
#define TAPI_LINESTATE_INSERVICE	0x00000040
#define TAPI_LINESTATE_OUTOFSERVICE	0x00000080
#define TAPI_LINESTATE_OPEN		0x00000200
#define TAPI_LINESTATE_CLOSE		0x00000400
#define TAPI_LINESTATE_REMOVED		0x01000000

#define TAPI_LINESTATES	(TAPI_LINESTATE_INSERVICE | TAPI_LINESTATE_OUTOFSERVICE | \
			 TAPI_LINESTATE_OPEN | TAPI_LINESTATE_CLOSE | \
			 TAPI_LINESTATE_MSGWAITON | TAPI_LINESTATE_MSGWAITOFF)

/**
 * struct tapi_status_events - the line state events this file gets (1.5)
 * @line_states: in: TAPI_LINESTATE_* bits of TAPI_LINESTATES; 0: none
 *	(TAPI_LINESTATE_REMOVED always comes)
 * @reserved: in: must be zero
 */
struct tapi_status_events {
	__u32 line_states;
	__u32 reserved[3];
};

#define TAPI_EVENT_HOOK		11	/* the telephone's hook switch (1.5) */

/* TAPI_EVENT_HOOK: param[0] = TAPI_HOOK_*; for TAPI_HOOK_FLASH, param[1]
 * = how long the loop was broken, in ms. Breaks up to
 * TAPI_HOOK_PULSE_MAX_MS are dial pulses (TAPI_EVENT_DIGIT), up to
 * TAPI_HOOK_FLASH_MAX_MS a flash, longer ones go on-hook (reported once
 * that time has passed). A pulse digit ends after a make of
 * TAPI_HOOK_INTERDIGIT_MS.
 */
#define TAPI_HOOK_ONHOOK	0
#define TAPI_HOOK_OFFHOOK	1
#define TAPI_HOOK_FLASH		2

#define TAPI_HOOK_BOUNCE_MS	10	/* shorter breaks are ignored */
#define TAPI_HOOK_PULSE_MAX_MS	120
#define TAPI_HOOK_FLASH_MAX_MS	1000
#define TAPI_HOOK_INTERDIGIT_MS	250

/* Call states: the values of TAPI 2.2's LINECALLSTATE_*. */
#define TAPI_CALL_IDLE		0x0001
#define TAPI_CALL_OFFERING	0x0002
#define TAPI_CALL_ACCEPTED	0x0004
#define TAPI_CALL_DIALTONE	0x0008
#define TAPI_CALL_DIALING	0x0010
#define TAPI_CALL_RINGBACK	0x0020
#define TAPI_CALL_BUSY		0x0040
#define TAPI_CALL_SPECIALINFO	0x0080
#define TAPI_CALL_CONNECTED	0x0100
#define TAPI_CALL_PROCEEDING	0x0200
#define TAPI_CALL_ONHOLD	0x0400
#define TAPI_CALL_DISCONNECTED	0x4000

/* What a TAPI_CALL_SPECIALINFO's tone announces (its detail): TAPI 2.2's
 * LINESPECIALINFO_* values (1.5).
 */
#define TAPI_SPECIALINFO_NOCIRCUIT	0x0001	/* no circuit, emergency */
#define TAPI_SPECIALINFO_CUSTIRREG	0x0002	/* vacant or changed number, blocked */
#define TAPI_SPECIALINFO_REORDER	0x0004	/* equipment irregularity */
#define TAPI_SPECIALINFO_UNKNOWN	0x0008
#define TAPI_SPECIALINFO_UNAVAIL	0x0010

/* Why a call was disconnected: TAPI 2.2's LINEDISCONNECTMODE_* values. */
#define TAPI_DISCONNECT_NORMAL		0x0001	/* the far end hung up */
#define TAPI_DISCONNECT_UNKNOWN		0x0002
#define TAPI_DISCONNECT_REJECT		0x0004	/* the called party refused it */
#define TAPI_DISCONNECT_BUSY		0x0020
#define TAPI_DISCONNECT_NOANSWER	0x0040
#define TAPI_DISCONNECT_BADADDRESS	0x0080	/* no such number */
#define TAPI_DISCONNECT_UNREACHABLE	0x0100
#define TAPI_DISCONNECT_CONGESTION	0x0200
#define TAPI_DISCONNECT_UNAVAIL		0x0800
#define TAPI_DISCONNECT_NODIALTONE	0x1000

/* Privileges: TAPI 2.2's LINECALLPRIVILEGE_* values. */
#define TAPI_PRIV_NONE		0x1
#define TAPI_PRIV_MONITOR	0x2
#define TAPI_PRIV_OWNER		0x4

/* Media modes: TAPI 2.2's LINEMEDIAMODE_* values. */
#define TAPI_MEDIA_UNKNOWN		0x0002
#define TAPI_MEDIA_INTERACTIVEVOICE	0x0004
#define TAPI_MEDIA_AUTOMATEDVOICE	0x0008
#define TAPI_MEDIA_DATAMODEM		0x0010
#define TAPI_MEDIA_G3FAX		0x0020
#define TAPI_MEDIA_TDD			0x0040
#define TAPI_MEDIA_G4FAX		0x0080
#define TAPI_MEDIA_DIGITALDATA		0x0100
#define TAPI_MEDIA_TELETEX		0x0200
#define TAPI_MEDIA_VIDEOTEX		0x0400
#define TAPI_MEDIA_TELEX		0x0800
#define TAPI_MEDIA_MIXED		0x1000
#define TAPI_MEDIA_ADSI			0x2000
#define TAPI_MEDIA_VOICEVIEW		0x4000
#define TAPI_MEDIA_VIDEO		0x8000
#define TAPI_MEDIA_ALL			0xfffe

/* Where a call came from: TAPI 2.2's LINECALLORIGIN_* values. */
#define TAPI_ORIGIN_OUTBOUND	0x01	/* made on this line */
#define TAPI_ORIGIN_INTERNAL	0x02	/* from a line of the same exchange */
#define TAPI_ORIGIN_EXTERNAL	0x04	/* from outside the exchange */
#define TAPI_ORIGIN_UNKNOWN	0x10

/**
 * struct tapi_privileges - what this open file wants of the line's calls (1.4)
 * @privileges: in: TAPI_PRIV_NONE (only the calls it makes), or
 *	TAPI_PRIV_MONITOR and/or TAPI_PRIV_OWNER
 * @media_modes: in: with TAPI_PRIV_OWNER, the TAPI_MEDIA_* modes of new
 *	incoming calls this file takes ownership of (at least one); else 0
 * @priority: in: among files owning a media mode, the new call goes to the
 *	highest priority (the earliest opened of equals)
 * @reserved: in: must be zero
 *
 * A file starts with TAPI_PRIV_NONE. Monitors are told of every call,
 * present and future, and of every state change; they cannot control calls.
 */
struct tapi_privileges {
	__u32 privileges;
	__u32 media_modes;
	__u32 priority;
	__u32 reserved[5];
};

#define TAPI_DIAL_LEN		64

/**
 * struct tapi_make_call - place a call (1.4)
 * @call_id: out: the new call, owned by this file
 * @media_mode: in: one TAPI_MEDIA_* mode; 0 means TAPI_MEDIA_INTERACTIVEVOICE
 * @flags: in: must be zero
 * @reserved: in: must be zero
 * @dial: in: what to dial, NUL-terminated: '0'-'9', '*', '#', 'A'-'D',
 *	and TAPI's dialing controls ',' (pause), '!' (flash), 'P'/'T' (pulse/
 *	tone), 'W' (wait for dial tone), '@' (wait for quiet), '$' (billing
 *	tone), ';' (more digits follow with TAPI_IOC_DIAL), '+'. Empty: go
 *	off hook and wait in TAPI_CALL_DIALTONE for TAPI_IOC_DIAL.
 *
 * The call's progress comes as TAPI_EVENT_CALL_STATE records.
 */
struct tapi_make_call {
	__u32 call_id;
	__u32 media_mode;
	__u32 flags;
	__u32 reserved[5];
	char dial[TAPI_DIAL_LEN];
};

/**
 * struct tapi_dial - dial more digits on a call (1.4)
 * @call_id: in: a call this file owns, in dial tone, dialing or connected
 *	(where the digits go in-band)
 * @flags: in: must be zero
 * @reserved: in: must be zero
 * @dial: in: as struct tapi_make_call's, not empty
 */
struct tapi_dial {
	__u32 call_id;
	__u32 flags;
	__u32 reserved[6];
	char dial[TAPI_DIAL_LEN];
};

/**
 * struct tapi_call_op - answer, accept, drop, hold or unhold a call (1.4)
 * @call_id: in: a call this file owns
 * @flags: in: must be zero
 * @reserved: in: must be zero
 */
struct tapi_call_op {
	__u32 call_id;
	__u32 flags;
	__u32 reserved[2];
};

/**
 * struct tapi_call_privilege - change this file's privilege on a call (1.4)
 * @call_id: in: a call this file knows
 * @privilege: in: TAPI_PRIV_OWNER, TAPI_PRIV_MONITOR, or TAPI_PRIV_NONE to
 *	forget the call (TAPI's lineDeallocateCall)
 * @reserved: in: must be zero
 */
struct tapi_call_privilege {
	__u32 call_id;
	__u32 privilege;
	__u32 reserved[2];
};

/**
 * struct tapi_handoff - give a call to the file that owns a media mode (1.4)
 * @call_id: in: a call this file owns
 * @media_mode: in: one TAPI_MEDIA_* mode: the call goes to the highest-
 *	priority other file owning it, which becomes an owner too
 * @reserved: in: must be zero
 */
struct tapi_handoff {
	__u32 call_id;
	__u32 media_mode;
	__u32 reserved[2];
};

/**
 * struct tapi_call_list - the calls this open file knows (1.4)
 * @ids: in: user pointer to an array of __u32 call IDs
 * @count: in: how many the array holds; out: how many calls there are (may
 *	be more than were stored)
 * @flags: in: 0 or TAPI_LIST_ADOPT
 * @reserved: in: must be zero
 */
struct tapi_call_list {
	__aligned_u64 ids;
	__u32 count;
	__u32 flags;
	__u32 reserved[4];
};

/* First become a monitor of every call on the line this file does not
 * know, as TAPI's lineGetNewCalls does (1.7). No event announces them.
 */
#define TAPI_LIST_ADOPT		0x1

/* Ended calls a file can still ask about with TAPI_IOC_CALL_INFO (1.8). */
#define TAPI_ENDED_CALLS	8

/**
 * struct tapi_call_info - what a call is (1.4)
 * @call_id: in: a call this file knows, or (1.8) one of the last
 *	TAPI_ENDED_CALLS calls it knew that ended: that one as it was when
 *	it ended, state TAPI_CALL_IDLE, call_data_size 0
 * @flags: in: must be zero
 * @state: out: TAPI_CALL_*
 * @detail: out: as param[1] of TAPI_EVENT_CALL_STATE
 * @privilege: out: this file's TAPI_PRIV_*
 * @media_mode: out: TAPI_MEDIA_*
 * @origin: out: TAPI_ORIGIN_*
 * @reserved0: zero
 * @created_ns: out: CLOCK_MONOTONIC time the call began
 * @state_ns: out: when it entered its present state
 * @connected_ns: out: when it was first connected, or 0
 * @caller: out: the calling party's number, "" when unknown
 * @called: out: the called party's number (what was dialed, for calls made
 *	here)
 * @caller_name: out: the calling party's name, "" when unknown
 * @caller_flags: out: TAPI_PARTYID_* bits of what in-band caller ID said
 *	(1.5); 0 while none was heard
 * @cid_month: out: the date and time the caller ID carried (1.5): month
 *	1-12, 0 when it carried none
 * @cid_day: out: day of the month, 1-31
 * @cid_hour: out: 0-23
 * @cid_minute: out: 0-59
 * @app_specific: out: the applications' value (TAPI_CALLSET_APPSPECIFIC;
 *	1.7), 0 until set
 * @treatment: out: the call's TAPI_TREATMENT_* (1.7): calls offered on
 *	lines with TAPI_LINE_CAP_TREATMENT begin with ringback; 0 on others
 * @call_data_size: out: bytes of call data (1.7): TAPI_IOC_CALL_DATA
 * @num_owners: out: the open files, of any process, that own the call
 *	(1.10); for an ended call, those that owned it when it ended
 * @num_monitors: out: the open files that monitor it (1.10), likewise
 * @reserved: in: must be zero; out: zero
 */
struct tapi_call_info {
	__u32 call_id;
	__u32 flags;
	__u32 state;
	__u32 detail;
	__u32 privilege;
	__u32 media_mode;
	__u32 origin;
	__u32 reserved0;
	__aligned_u64 created_ns;
	__aligned_u64 state_ns;
	__aligned_u64 connected_ns;
	char caller[TAPI_ADDRESS_LEN];
	char called[TAPI_DIAL_LEN];
	char caller_name[TAPI_ADDRESS_LEN];
	__u32 caller_flags;
	__u8 cid_month;
	__u8 cid_day;
	__u8 cid_hour;
	__u8 cid_minute;
	__u32 app_specific;
	__u32 treatment;
	__u32 call_data_size;
	__u32 num_owners;
	__u32 num_monitors;
	__u32 reserved;
};

/* What caller ID said of the caller (struct tapi_call_info.caller_flags):
 * TAPI 2.2's LINECALLPARTYID_* values (1.5).
 */
#define TAPI_PARTYID_BLOCKED	0x01	/* withheld by the caller ("private") */
#define TAPI_PARTYID_OUTOFAREA	0x02	/* the network could not give it ("unavailable") */
#define TAPI_PARTYID_NAME	0x04	/* caller_name holds the name */
#define TAPI_PARTYID_ADDRESS	0x08	/* caller holds the number */

/**
 * struct tapi_call_set - change what a call carries (1.7)
 * @call_id: in: a call this file owns
 * @what: in: TAPI_CALLSET_* bits, which of the fields below to set
 * @app_specific: in: a value the applications give the call (TAPI's
 *	dwAppSpecific)
 * @media_mode: in: the call's media mode: one TAPI_MEDIA_* mode, or
 *	TAPI_MEDIA_UNKNOWN with any others (TAPI's rule)
 * @treatment: in: what the caller hears while the call is offered or
 *	accepted, not yet answered: TAPI_TREATMENT_* (lines with
 *	TAPI_LINE_CAP_TREATMENT; the driver refuses what it cannot play)
 * @data_size: in: bytes of call data at @data, up to TAPI_CALL_DATA_MAX;
 *	0 clears them
 * @data: in: user pointer to the call data
 * @reserved: in: must be zero
 *
 * Every file that knows the call, this one included, gets a
 * TAPI_EVENT_CALL_INFO for each thing set, in the order of the bits.
 */
struct tapi_call_set {
	__u32 call_id;
	__u32 what;
	__u32 app_specific;
	__u32 media_mode;
	__u32 treatment;
	__u32 data_size;
	__aligned_u64 data;
	__u32 reserved[4];
};

#define TAPI_CALLSET_MEDIAMODE		0x1
#define TAPI_CALLSET_APPSPECIFIC	0x2
#define TAPI_CALLSET_TREATMENT		0x4
#define TAPI_CALLSET_CALLDATA		0x8

#define TAPI_CALL_DATA_MAX	4096

/* Call treatments: TAPI 2.2's LINECALLTREATMENT_* values. */
#define TAPI_TREATMENT_SILENCE	1
#define TAPI_TREATMENT_RINGBACK	2
#define TAPI_TREATMENT_BUSY	3
#define TAPI_TREATMENT_MUSIC	4

/**
 * struct tapi_call_data - read a call's data (1.7)
 * @call_id: in: a call this file knows
 * @size: in: bytes @data has room for; out: the size of the call data
 *	(the first min(in, out) bytes were stored)
 * @data: in: user pointer
 * @reserved: in: must be zero
 */
struct tapi_call_data {
	__u32 call_id;
	__u32 size;
	__aligned_u64 data;
	__u32 reserved[2];
};

/**
 * struct tapi_handoff_name - give a call to a named application (1.7)
 * @call_id: in: a call this file owns
 * @flags: in: must be zero
 * @name: in: the application's name (TAPI_IOC_SET_NAME), NUL-terminated:
 *	the call goes to the highest-priority other file of the line with
 *	that name, the earliest opened of equals, which becomes an owner too
 * @reserved: in: must be zero
 *
 * ESRCH: no other file of that name has the line open; EALREADY: only
 * this file has that name.
 */
struct tapi_handoff_name {
	__u32 call_id;
	__u32 flags;
	char name[TAPI_NAME_LEN];
	__u32 reserved[2];
};

/**
 * struct tapi_file_name - name this open file's application (1.7)
 * @name: in: NUL-terminated, may be "" (no name, the default)
 * @reserved: in: must be zero
 */
struct tapi_file_name {
	char name[TAPI_NAME_LEN];
	__u32 reserved[2];
};

/**
 * struct tapi_line_set - change the line device (1.7)
 * @what: in: TAPI_LINESET_MSGWAIT
 * @value: in: for TAPI_LINESET_MSGWAIT, 1 to show that messages wait
 *	(the telephone's lamp or stutter dial tone), 0 to stop
 * @reserved: in: must be zero
 *
 * Files that asked for TAPI_LINESTATE_MSGWAITON/OFF are told of a change.
 */
struct tapi_line_set {
	__u32 what;
	__u32 value;
	__u32 reserved[2];
};

#define TAPI_LINESET_MSGWAIT	1

/**
 * struct tapi_media_rule - one rule of TAPI_IOC_MEDIA_CONTROL (1.7)
 * @kind: TAPI_MEDIARULE_DIGIT or TAPI_MEDIARULE_CALLSTATE
 * @match: for a digit rule the digit ('0'-'9', '*', '#', 'A'-'D'); for a
 *	call state rule TAPI_CALL_* bits: the call entering any of them
 * @modes: for a digit rule TAPI_DIGITMODE_DTMF (the digit's start) and/or
 *	TAPI_DIGITMODE_DTMFEND (its end); 0 for a call state rule
 * @action: TAPI_MEDIACTL_*: what happens to the audio the line sends
 */
struct tapi_media_rule {
	__u32 kind;
	__u32 match;
	__u32 modes;
	__u32 action;
};

#define TAPI_MEDIARULE_DIGIT		1
#define TAPI_MEDIARULE_CALLSTATE	2

/* Media control actions: TAPI 2.2's LINEMEDIACONTROL_* values. They act on
 * the audio streams writing to the line (TAPI_IOC_AUDIO_OPEN): PAUSE holds
 * what they queued (the line sends silence, writers wait), START and
 * RESUME let it go on, RESET discards what is queued, VOLUMEUP/DOWN step
 * the sent level by 3 dB (within +-12 dB), VOLUMENORMAL restores it.
 */
#define TAPI_MEDIACTL_NONE		0x0001
#define TAPI_MEDIACTL_START		0x0002
#define TAPI_MEDIACTL_RESET		0x0004
#define TAPI_MEDIACTL_PAUSE		0x0008
#define TAPI_MEDIACTL_RESUME		0x0010
#define TAPI_MEDIACTL_VOLUMEUP		0x0100
#define TAPI_MEDIACTL_VOLUMEDOWN	0x0200
#define TAPI_MEDIACTL_VOLUMENORMAL	0x0400

#define TAPI_MEDIA_RULES_MAX	16

/**
 * struct tapi_media_control - act on the line's sent audio at digits and
 *	call states, at the tick that hears them (TAPI's lineSetMediaControl; 1.7)
 * @call_id: in: a call this file owns, whose streams (and the line's) the
 *	rules act on while it lasts; 0: every stream of the line, for a file
 *	that asked to own calls
 * @count: in: rules used; 0 ends media control
 * @reserved: in: must be zero
 * @rules: in: the rules, each applied whenever its event comes
 *
 * A line has one set of rules: a new request replaces it. When it ends
 * (replaced, emptied, its call over) its streams play again at their
 * normal level.
 */
struct tapi_media_control {
	__u32 call_id;
	__u32 count;
	__u32 reserved[2];
	struct tapi_media_rule rules[TAPI_MEDIA_RULES_MAX];
};

/* Audio formats (struct tapi_audio_open.format), 8000 samples per second. */
#define TAPI_AUDIO_LINEAR16	1	/* signed 16-bit, native byte order */
#define TAPI_AUDIO_ULAW		2	/* G.711 mu-law, one byte a sample */
#define TAPI_AUDIO_ALAW		3	/* G.711 A-law, one byte a sample */

/**
 * struct tapi_audio_open - open an audio stream (1.2)
 * @call_id: in: a call this file knows (its audio is the line's, which
 *	carries one call at a time), or 0 for the line's audio; else ENOENT
 * @format: in: TAPI_AUDIO_*
 * @chunk_ms: in: 1 to 20: read() and write() move whole chunks of this length
 * @flags: in: O_NONBLOCK and O_CLOEXEC are accepted, for the new descriptor
 * @fd: out: the stream's file descriptor
 * @reserved: in: must be zero
 */
struct tapi_audio_open {
	__u32 call_id;
	__u32 format;
	__u32 chunk_ms;
	__u32 flags;
	__s32 fd;
	__u32 reserved[5];
};

/**
 * struct tapi_audio_stats - what happened on an audio stream (1.2)
 * @rx_samples: samples the line received, delivered or not
 * @tx_samples: samples sent on the line, silence of underruns included
 * @overruns: ticks whose received audio was dropped: the reader fell behind
 * @underruns: ticks that sent silence: the writer fell behind (counted once
 *	the stream has been written to)
 * @reserved: zero
 */
struct tapi_audio_stats {
	__aligned_u64 rx_samples;
	__aligned_u64 tx_samples;
	__aligned_u64 overruns;
	__aligned_u64 underruns;
	__aligned_u64 reserved[4];
};

#define TAPI_GENERATE_MAX_DIGITS	31
#define TAPI_PULSE_BREAK_MS	60	/* 10 pulses a second, 60/40 (1.5) */
#define TAPI_PULSE_MAKE_MS	40

/**
 * struct tapi_generate_digits - send digits on a line (1.3)
 * @call_id: in: a call this file knows, or 0 for the line; else ENOENT
 * @mode: in: TAPI_DIGIT_DTMF, or TAPI_DIGIT_PULSE (1.5) on a line with
 *	TAPI_LINE_CAP_PULSE_GENERATE: each digit is that many breaks of the
 *	loop ('0': ten) of TAPI_PULSE_BREAK_MS, TAPI_PULSE_MAKE_MS apart
 * @on_ms: in: DTMF: how long each digit sounds, 40 to 1000 ms; pulse: 0
 * @off_ms: in: the pause after each digit: DTMF 40 to 1000 ms, pulse 300
 *	to 2000 ms
 * @level: in: DTMF: level of each of the two tones, in 1/10 dBm0, -400 to
 *	0; pulse: 0
 * @tag: in: returned in the TAPI_EVENT_GENERATE that ends this request
 * @reserved: in: must be zero
 * @digits: in: '0'-'9', '*', '#', 'A'-'D' ('a'-'d' too; pulse: '0'-'9'),
 *	NUL-terminated; an empty string cancels what is being generated
 *
 * A new request cancels one in progress (its TAPI_EVENT_GENERATE says
 * TAPI_GENERATE_CANCELLED). While DTMF digits are sent they replace the
 * line's audio streams' output. Closing the file that asked ends its
 * request (a pulse request leaves the loop closed).
 */
struct tapi_generate_digits {
	__u32 call_id;
	__u32 mode;
	__u32 on_ms;
	__u32 off_ms;
	__s32 level;
	__u32 tag;
	__u32 reserved[2];
	char digits[TAPI_GENERATE_MAX_DIGITS + 1];
};

/*
 * Tones (struct tapi_generate_tone.tone): TAPI 2.2's LINETONEMODE_* values,
 * then the tone zone's other tones.
 */
#define TAPI_TONE_CUSTOM	0x0001	/* the request's own frequencies and cadence */
#define TAPI_TONE_RINGBACK	0x0002	/* the zone's ringback */
#define TAPI_TONE_BUSY		0x0004	/* the zone's busy tone */
#define TAPI_TONE_BEEP		0x0008	/* 1000 Hz, -10 dBm0, 250 ms */
#define TAPI_TONE_DIAL		0x0100	/* the zone's dial tone */
#define TAPI_TONE_CONGESTION	0x0200
#define TAPI_TONE_SIT		0x0400	/* special information tone */
#define TAPI_TONE_CALLWAIT	0x0800	/* call waiting */

#define TAPI_TONE_MAX_SEGS	8

/**
 * struct tapi_tone_segment - one step of a custom tone's cadence (1.4)
 * @freq1: first frequency in Hz, 0 for none; below 4000
 * @freq2: second frequency in Hz, 0 for none (both 0: a pause)
 * @ms: how long, 1 to 65535 ms; 0 only in a tone of one segment: continuous
 * @reserved: must be zero
 */
struct tapi_tone_segment {
	__u16 freq1;
	__u16 freq2;
	__u16 ms;
	__u16 reserved;
};

/**
 * struct tapi_generate_tone - send a tone in-band on a line (1.4)
 * @call_id: in: a call this file knows, or 0 for the line
 * @tone: in: TAPI_TONE_*; 0 cancels what is being generated
 * @duration_ms: in: stop after this long; 0: when the tone ends by itself
 *	(a custom tone's @repeat, a beep) or is cancelled (the zone's tones
 *	repeat forever)
 * @tag: in: returned in the TAPI_EVENT_GENERATE that ends this request
 * @level1: in: TAPI_TONE_CUSTOM: level of @freq1, 1/10 dBm0, -400 to 0
 * @level2: in: TAPI_TONE_CUSTOM: level of @freq2, likewise
 * @nseg: in: TAPI_TONE_CUSTOM: segments in @seg, 1 to TAPI_TONE_MAX_SEGS
 * @repeat: in: TAPI_TONE_CUSTOM: times the cadence plays, 0 for forever,
 *	at most 255
 * @zone: in: the tone zone (ISO 3166 country code, "us", "de"...) for the
 *	zone's tones; "" for the module's default (parameter tone_zone)
 * @reserved: in: must be zero
 * @seg: in: TAPI_TONE_CUSTOM: the cadence; unused entries zero
 *
 * Like TAPI_IOC_GENERATE_DIGITS, whose request it cancels (and which
 * cancels it): one in-band generation at a time on a line.
 */
struct tapi_generate_tone {
	__u32 call_id;
	__u32 tone;
	__u32 duration_ms;
	__u32 tag;
	__s16 level1;
	__s16 level2;
	__u16 nseg;
	__u16 repeat;
	char zone[4];
	__u32 reserved[3];
	struct tapi_tone_segment seg[TAPI_TONE_MAX_SEGS];
};

/**
 * struct tapi_monitor_media - the media signals this file is told of (1.4)
 * @call_id: in: a call this file knows, or 0 for the line
 * @media_modes: in: TAPI_MEDIA_* bits to watch for: TAPI_MEDIA_G3FAX (CNG,
 *	CED), TAPI_MEDIA_DATAMODEM (CED, CED with phase reversals),
 *	TAPI_MEDIA_INTERACTIVEVOICE and TAPI_MEDIA_AUTOMATEDVOICE (voice
 *	starting and ending); 0 stops monitoring
 * @reserved: in: must be zero
 */
struct tapi_monitor_media {
	__u32 call_id;
	__u32 media_modes;
	__u32 reserved[2];
};

#define TAPI_MONITOR_MEDIA_MODES	(TAPI_MEDIA_G3FAX | TAPI_MEDIA_DATAMODEM | \
					 TAPI_MEDIA_INTERACTIVEVOICE | \
					 TAPI_MEDIA_AUTOMATEDVOICE)

/* struct tapi_line_status.status: TAPI 2.2's LINEDEVSTATUSFLAGS_* values. */
#define TAPI_STATUS_CONNECTED	0x1	/* the line is there and working */
#define TAPI_STATUS_MSGWAIT	0x2	/* messages wait (TAPI_IOC_SET_LINE; 1.7) */
#define TAPI_STATUS_INSERVICE	0x4	/* not while the driver says out of service */

/**
 * struct tapi_line_status - what is happening on a line now (1.4)
 * @flags: in: must be zero
 * @status: out: TAPI_STATUS_* bits
 * @num_opens: out: open files of the line
 * @num_owners: out: files that asked to own new calls
 * @num_monitors: out: files that asked to monitor calls
 * @open_media_modes: out: the media modes some file owns (TAPI_MEDIA_*)
 * @num_calls: out: calls on the line (in any state but idle)
 * @num_active: out: calls neither offered, accepted, on hold nor
 *	disconnected (TAPI's "active": they hold the line)
 * @num_offering: out: calls offered or accepted, not yet answered
 * @num_onhold: out: calls on hold
 * @rings: out: the number of the last TAPI_EVENT_RING of the line
 * @hook: out: the telephone's hook switch, TAPI_HOOK_ONHOOK or _OFFHOOK, as
 *	last reported in TAPI_EVENT_HOOK (1.5; lines without
 *	TAPI_LINE_CAP_HOOK_EVENTS: TAPI_HOOK_ONHOOK)
 * @num_rings: out: the fewest rings before answering any open file asked
 *	for (TAPI_IOC_SET_NUM_RINGS; 1.7), TAPI_NUM_RINGS_NONE if none did
 * @reserved: in: must be zero; out: zero
 */
struct tapi_line_status {
	__u32 flags;
	__u32 status;
	__u32 num_opens;
	__u32 num_owners;
	__u32 num_monitors;
	__u32 open_media_modes;
	__u32 num_calls;
	__u32 num_active;
	__u32 num_offering;
	__u32 num_onhold;
	__u32 rings;
	__u32 hook;
	__u32 num_rings;
	__u32 reserved[3];
};

/* TAPI_IOC_SET_NUM_RINGS's argument: a __u32, the rings this file's
 * application waits before it answers, or TAPI_NUM_RINGS_NONE (1.7).
 */
#define TAPI_NUM_RINGS_NONE	0xffffffff

/**
 * struct tapi_monitor_digits - the digit events this file gets (1.4)
 * @call_id: in: a call this file knows (its digit events then carry the
 *	call's ID; monitoring stops when it ends), or 0 for the line
 * @modes: in: TAPI_DIGITMODE_* (PULSE only on lines with
 *	TAPI_LINE_CAP_PULSE_DETECT, DTMF ones only with _DTMF_DETECT, else
 *	EOPNOTSUPP); 0: none
 * @reserved: in: must be zero
 */
struct tapi_monitor_digits {
	__u32 call_id;
	__u32 modes;
	__u32 reserved[2];
};

#define TAPI_MONITOR_TONES_MAX	4

/**
 * struct tapi_tone_watch - a tone to listen for (1.4)
 * @tag: returned in TAPI_EVENT_TONE
 * @duration_ms: how long it must last to count, 20 to 60000 ms
 * @freq: its one to three frequencies in Hz (100 to 3900), unused ones 0
 * @reserved: must be zero
 */
struct tapi_tone_watch {
	__u32 tag;
	__u32 duration_ms;
	__u16 freq[3];
	__u16 reserved;
};

/**
 * struct tapi_monitor_tones - the tones this file listens for (1.4)
 * @call_id: in: a call this file knows, or 0 for the line
 * @count: in: tones in @tones, 0 to TAPI_MONITOR_TONES_MAX; 0 stops
 * @reserved: in: must be zero
 * @tones: in: the tones (TAPI's LINEMONITORTONE); unused entries zero
 *
 * A tone counts when its frequencies carry most of what the line hears,
 * each of them a fair share, at -40 dBm0 or more, judged per 20 ms.
 * A new request replaces the last.
 */
struct tapi_monitor_tones {
	__u32 call_id;
	__u32 count;
	__u32 reserved[2];
	struct tapi_tone_watch tones[TAPI_MONITOR_TONES_MAX];
};

#define TAPI_GATHER_MAX_DIGITS	63
#define TAPI_GATHER_MAX_MS	3600000

/**
 * struct tapi_gather_digits - collect digits the line receives (1.4)
 * @call_id: in: a call this file knows, or 0 for the line
 * @mode: in: the digits to gather: TAPI_DIGIT_DTMF, TAPI_DIGIT_PULSE, or
 *	both or'ed (1.5); each needs the line's detect capability
 * @max_digits: in: 1 to TAPI_GATHER_MAX_DIGITS: gathering ends with
 *	TAPI_GATHER_BUFFERFULL once it has this many; 0 cancels a request in
 *	progress (its event says TAPI_GATHER_CANCEL)
 * @first_ms: in: end with TAPI_GATHER_FIRSTTIMEOUT when no digit came this
 *	long after the request, 0 for never; at most TAPI_GATHER_MAX_MS
 * @inter_ms: in: end with TAPI_GATHER_INTERTIMEOUT when no further digit
 *	came this long after one, 0 for never; at most TAPI_GATHER_MAX_MS
 * @tag: in: returned in the TAPI_EVENT_GATHER that ends the request
 * @reserved: in: must be zero
 * @term_digits: in: digits that end gathering (TAPI_GATHER_TERMDIGIT; the
 *	digit is kept as the last one gathered), NUL-terminated, may be empty
 *
 * Digits count from their start, in the order the line heard them. A new
 * request replaces one in progress (TAPI_GATHER_CANCEL); closing the file
 * ends its request without an event.
 */
struct tapi_gather_digits {
	__u32 call_id;
	__u32 mode;
	__u32 max_digits;
	__u32 first_ms;
	__u32 inter_ms;
	__u32 tag;
	__u32 reserved[2];
	char term_digits[32];
};

/**
 * struct tapi_gather_result - what this file's last ended request gathered (1.4)
 * @tag: out: that request's tag
 * @reason: out: why it ended, TAPI_GATHER_*
 * @count: out: how many digits
 * @reserved: in: must be zero; out: zero
 * @digits: out: the digits, NUL-terminated
 */
struct tapi_gather_result {
	__u32 tag;
	__u32 reason;
	__u32 count;
	__u32 reserved[5];
	char digits[TAPI_GATHER_MAX_DIGITS + 1];
};

/*
 * Phone devices (1.6): /dev/tapiphoneN, a telephone set as TAPI 2.2's
 * phone device sees it: hookswitch devices, a ringer, a display, buttons
 * (the keypad's first) with lamps, volume and gain. The same read() and
 * poll() of event records as lines; its own ioctls. Values are TAPI 2.2's.
 */
#define TAPI_EVENT_PHONE_BUTTON	12	/* a button went down or up (1.6) */
/*
 * param[0] = button ID, param[1] = its TAPI_BUTTON_MODE_*,
 * param[2] = TAPI_BUTTON_DOWN or TAPI_BUTTON_UP
 */
#define TAPI_EVENT_PHONE_STATE	13	/* the phone changed (1.6) */
/*
 * param[0] = one TAPI_PHONESTATE_* bit; param[1] = the new value where
 * there is one: a hookswitch mode, ring mode, volume, gain; for
 * TAPI_PHONESTATE_LAMP the button ID, param[2] its lamp mode; for
 * TAPI_PHONESTATE_RINGMODE param[2] = the ring volume; for
 * TAPI_PHONESTATE_DISPLAY the row and column written from
 */

/* PHONEHOOKSWITCHDEV_* and PHONEHOOKSWITCHMODE_* */
#define TAPI_HOOKSWITCH_HANDSET		0x1
#define TAPI_HOOKSWITCH_SPEAKER		0x2
#define TAPI_HOOKSWITCH_HEADSET		0x4
#define TAPI_HOOKSWITCH_DEVS		3	/* in that order in arrays */
#define TAPI_HOOKSWITCH_ONHOOK		0x1
#define TAPI_HOOKSWITCH_MIC		0x2
#define TAPI_HOOKSWITCH_SPEAKERON	0x4
#define TAPI_HOOKSWITCH_MICSPEAKER	0x8

/* PHONEBUTTONMODE_*, PHONEBUTTONSTATE_*, some PHONEBUTTONFUNCTION_* */
#define TAPI_BUTTON_MODE_DUMMY		0x01
#define TAPI_BUTTON_MODE_CALL		0x02
#define TAPI_BUTTON_MODE_FEATURE	0x04
#define TAPI_BUTTON_MODE_KEYPAD		0x08
#define TAPI_BUTTON_MODE_LOCAL		0x10
#define TAPI_BUTTON_MODE_DISPLAY	0x20
#define TAPI_BUTTON_UP			0x1
#define TAPI_BUTTON_DOWN		0x2
#define TAPI_BUTTON_FUNCTION_UNKNOWN	0x00
#define TAPI_BUTTON_FUNCTION_HOLD	0x04
#define TAPI_BUTTON_FUNCTION_FLASH	0x17
#define TAPI_BUTTON_FUNCTION_MSGINDICATOR 0x26
#define TAPI_BUTTON_FUNCTION_NONE	0x2e
/* Keypad buttons '0'-'9', '*', '#' have the IDs 0-11, as in TAPI. */
#define TAPI_BUTTON_KEYPAD_COUNT	12

/* PHONELAMPMODE_* */
#define TAPI_LAMP_DUMMY			0x01
#define TAPI_LAMP_OFF			0x02
#define TAPI_LAMP_STEADY		0x04
#define TAPI_LAMP_WINK			0x08
#define TAPI_LAMP_FLASH			0x10
#define TAPI_LAMP_FLUTTER		0x20
#define TAPI_LAMP_BROKENFLUTTER		0x40

/* PHONESTATE_*: what a TAPI_EVENT_PHONE_STATE reports */
#define TAPI_PHONESTATE_DISPLAY		0x00000020
#define TAPI_PHONESTATE_LAMP		0x00000040
#define TAPI_PHONESTATE_RINGMODE	0x00000080
#define TAPI_PHONESTATE_RINGVOLUME	0x00000100
#define TAPI_PHONESTATE_HANDSETHOOKSWITCH 0x00000200
#define TAPI_PHONESTATE_HANDSETVOLUME	0x00000400
#define TAPI_PHONESTATE_HANDSETGAIN	0x00000800
#define TAPI_PHONESTATE_SPEAKERHOOKSWITCH 0x00001000
#define TAPI_PHONESTATE_SPEAKERVOLUME	0x00002000
#define TAPI_PHONESTATE_SPEAKERGAIN	0x00004000
#define TAPI_PHONESTATE_HEADSETHOOKSWITCH 0x00008000
#define TAPI_PHONESTATE_HEADSETVOLUME	0x00010000
#define TAPI_PHONESTATE_HEADSETGAIN	0x00020000
#define TAPI_PHONESTATE_REMOVED		0x00800000
#define TAPI_PHONESTATES		0x0083ffe0	/* the ones above */

#define TAPI_PHONE_NO_LINE		0xffffffff
#define TAPI_PHONE_DISPLAY_MAX		256
#define TAPI_PHONE_MAX_BUTTONS		64
#define TAPI_PHONE_BUTTON_TEXT		32
#define TAPI_PHONE_LEVEL_MAX		0xffff	/* volume and gain */

/**
 * struct tapi_phone_info - what a phone device is (1.6)
 * @flags: in: must be zero
 * @phone_id: out: N of /dev/tapiphoneN
 * @line_id: out: N of the line /dev/tapiN it is attached to, or
 *	TAPI_PHONE_NO_LINE
 * @hookswitch_devs: out: TAPI_HOOKSWITCH_HANDSET, _SPEAKER, _HEADSET present
 * @hookswitch_modes: out: per device (handset, speaker, headset), the
 *	TAPI_HOOKSWITCH_* modes it can be set to
 * @display_rows: out: rows of the display (0: none)
 * @display_cols: out: characters per row
 * @num_buttons: out: button and lamp IDs 0 to num_buttons - 1
 * @num_ring_modes: out: ring modes 1 to num_ring_modes (0: silent)
 * @event_queue_len: out: records this file's queue holds
 * @reserved: in: must be zero; out: zero
 * @name: out: the phone's name
 * @driver: out: its driver
 */
struct tapi_phone_info {
	__u32 flags;
	__u32 phone_id;
	__u32 line_id;
	__u32 hookswitch_devs;
	__u32 hookswitch_modes[TAPI_HOOKSWITCH_DEVS];
	__u32 display_rows;
	__u32 display_cols;
	__u32 num_buttons;
	__u32 num_ring_modes;
	__u32 event_queue_len;
	__u32 reserved[6];
	char name[TAPI_NAME_LEN];
	char driver[TAPI_DRIVER_LEN];
};

/**
 * struct tapi_phone_status - the phone's state now (1.6)
 * @flags: in: must be zero
 * @hookswitch: out: per device (handset, speaker, headset) its
 *	TAPI_HOOKSWITCH_* mode; 0 for a device the phone lacks
 * @ring_mode: out: 0 silent, else the ring pattern ringing
 * @ring_volume: out: 0 to TAPI_PHONE_LEVEL_MAX
 * @volume: out: per hookswitch device
 * @gain: out: per hookswitch device
 * @owners: out: open files that own the phone (TAPI_IOC_PHONE_PRIVILEGE)
 * @monitors: out: the others
 * @reserved: in: must be zero; out: zero
 * @display: out: the display's rows, one after another, NUL-terminated
 */
struct tapi_phone_status {
	__u32 flags;
	__u32 hookswitch[TAPI_HOOKSWITCH_DEVS];
	__u32 ring_mode;
	__u32 ring_volume;
	__u32 volume[TAPI_HOOKSWITCH_DEVS];
	__u32 gain[TAPI_HOOKSWITCH_DEVS];
	__u32 owners;
	__u32 monitors;
	__u32 reserved[4];
	char display[TAPI_PHONE_DISPLAY_MAX];
};

/* What TAPI_IOC_PHONE_SET changes (struct tapi_phone_set.what). */
#define TAPI_PHONE_SET_HOOKSWITCH	1	/* index: devices; value: mode */
#define TAPI_PHONE_SET_RING		2	/* value: mode; value2: volume */
#define TAPI_PHONE_SET_VOLUME		3	/* index: devices; value */
#define TAPI_PHONE_SET_GAIN		4	/* index: devices; value */
#define TAPI_PHONE_SET_LAMP		5	/* index: button ID; value: mode */
#define TAPI_PHONE_SET_DISPLAY		6	/* index: row; value: column; text */

/**
 * struct tapi_phone_set - change the phone, as its owner (1.6)
 * @what: in: TAPI_PHONE_SET_*
 * @index: in: see TAPI_PHONE_SET_*: a mask of TAPI_HOOKSWITCH_HANDSET..
 *	devices, a button ID or a display row
 * @value: in: the new mode, volume or gain, or the display column
 * @value2: in: the ring volume for TAPI_PHONE_SET_RING, else zero
 * @reserved: in: must be zero
 * @text: in: for TAPI_PHONE_SET_DISPLAY, printable characters written from
 *	(row, column) on, NUL-terminated; zero otherwise
 */
struct tapi_phone_set {
	__u32 what;
	__u32 index;
	__u32 value;
	__u32 value2;
	__u32 reserved[4];
	char text[TAPI_PHONE_DISPLAY_MAX];
};

/**
 * struct tapi_phone_button - a button and its lamp (1.6)
 * @button: in: its ID
 * @mode: out (in, to set): TAPI_BUTTON_MODE_*; in, to get: zero
 * @function: out (in, to set): PHONEBUTTONFUNCTION_* (TAPI_BUTTON_FUNCTION_*);
 *	in, to get: zero
 * @state: out: TAPI_BUTTON_UP or _DOWN; in: zero
 * @lamp_modes: out: TAPI_LAMP_* modes its lamp can show, 0: no lamp; in: zero
 * @lamp: out: its lamp's mode now; in: zero
 * @reserved: in: must be zero; out: zero
 * @text: out (in, to set): what the button says, NUL-terminated; in, to
 *	get: zero
 *
 * Every field that is not input must be zero (EINVAL otherwise): to get a
 * button, only @button is.
 */
struct tapi_phone_button {
	__u32 button;
	__u32 mode;
	__u32 function;
	__u32 state;
	__u32 lamp_modes;
	__u32 lamp;
	__u32 reserved[2];
	char text[TAPI_PHONE_BUTTON_TEXT];
};

/**
 * struct tapi_phone_events - the phone events this file gets (1.6)
 * @phone_states: in: TAPI_PHONESTATE_* bits of TAPI_PHONESTATES; 0: none
 *	(TAPI_PHONESTATE_REMOVED always comes)
 * @button_modes: in: TAPI_BUTTON_MODE_* of the buttons reported; 0: none
 * @button_states: in: TAPI_BUTTON_UP and/or _DOWN; 0: none
 * @reserved: in: must be zero
 */
struct tapi_phone_events {
	__u32 phone_states;
	__u32 button_modes;
	__u32 button_states;
	__u32 reserved[5];
};

/* TAPI_IOC_PHONE_PRIVILEGE's argument: TAPI_PRIV_OWNER or TAPI_PRIV_MONITOR */

#define TAPI_IOC_MAGIC		0xB9

/* The ioctls, in number order (docs/uapi.md says which version added each). */

/* on a line device */
#define TAPI_IOC_GET_LINE_INFO	_IOWR(TAPI_IOC_MAGIC, 0x00, struct tapi_line_info)
#define TAPI_IOC_AUDIO_OPEN	_IOWR(TAPI_IOC_MAGIC, 0x01, struct tapi_audio_open)
#define TAPI_IOC_GENERATE_DIGITS	_IOW(TAPI_IOC_MAGIC, 0x02, struct tapi_generate_digits)
#define TAPI_IOC_SET_PRIVILEGES	_IOW(TAPI_IOC_MAGIC, 0x03, struct tapi_privileges)
#define TAPI_IOC_MAKE_CALL	_IOWR(TAPI_IOC_MAGIC, 0x04, struct tapi_make_call)
#define TAPI_IOC_DIAL		_IOW(TAPI_IOC_MAGIC, 0x05, struct tapi_dial)
#define TAPI_IOC_ANSWER		_IOW(TAPI_IOC_MAGIC, 0x06, struct tapi_call_op)
#define TAPI_IOC_ACCEPT		_IOW(TAPI_IOC_MAGIC, 0x07, struct tapi_call_op)
#define TAPI_IOC_DROP		_IOW(TAPI_IOC_MAGIC, 0x08, struct tapi_call_op)
#define TAPI_IOC_SET_CALL_PRIVILEGE	_IOW(TAPI_IOC_MAGIC, 0x09, struct tapi_call_privilege)
#define TAPI_IOC_HANDOFF	_IOW(TAPI_IOC_MAGIC, 0x0a, struct tapi_handoff)
#define TAPI_IOC_LIST_CALLS	_IOWR(TAPI_IOC_MAGIC, 0x0b, struct tapi_call_list)
#define TAPI_IOC_CALL_INFO	_IOWR(TAPI_IOC_MAGIC, 0x0c, struct tapi_call_info)
#define TAPI_IOC_GATHER_DIGITS	_IOW(TAPI_IOC_MAGIC, 0x0d, struct tapi_gather_digits)
#define TAPI_IOC_GATHER_RESULT	_IOWR(TAPI_IOC_MAGIC, 0x0e, struct tapi_gather_result)
#define TAPI_IOC_GENERATE_TONE	_IOW(TAPI_IOC_MAGIC, 0x0f, struct tapi_generate_tone)
#define TAPI_IOC_MONITOR_MEDIA	_IOW(TAPI_IOC_MAGIC, 0x10, struct tapi_monitor_media)
#define TAPI_IOC_LINE_STATUS	_IOWR(TAPI_IOC_MAGIC, 0x11, struct tapi_line_status)
#define TAPI_IOC_MONITOR_TONES	_IOW(TAPI_IOC_MAGIC, 0x12, struct tapi_monitor_tones)
#define TAPI_IOC_MONITOR_DIGITS	_IOW(TAPI_IOC_MAGIC, 0x13, struct tapi_monitor_digits)
#define TAPI_IOC_HOLD		_IOW(TAPI_IOC_MAGIC, 0x14, struct tapi_call_op)
#define TAPI_IOC_UNHOLD		_IOW(TAPI_IOC_MAGIC, 0x15, struct tapi_call_op)
#define TAPI_IOC_SET_STATUS_EVENTS	_IOW(TAPI_IOC_MAGIC, 0x16, struct tapi_status_events)
#define TAPI_IOC_SET_CALL	_IOW(TAPI_IOC_MAGIC, 0x17, struct tapi_call_set)
#define TAPI_IOC_CALL_DATA	_IOWR(TAPI_IOC_MAGIC, 0x18, struct tapi_call_data)
#define TAPI_IOC_HANDOFF_NAME	_IOW(TAPI_IOC_MAGIC, 0x19, struct tapi_handoff_name)
#define TAPI_IOC_SET_NAME	_IOW(TAPI_IOC_MAGIC, 0x1a, struct tapi_file_name)
#define TAPI_IOC_SET_NUM_RINGS	_IOW(TAPI_IOC_MAGIC, 0x1b, __u32)
#define TAPI_IOC_SET_LINE	_IOW(TAPI_IOC_MAGIC, 0x1c, struct tapi_line_set)
#define TAPI_IOC_MEDIA_CONTROL	_IOW(TAPI_IOC_MAGIC, 0x1d, struct tapi_media_control)

/* on a phone device */
#define TAPI_IOC_PHONE_INFO	_IOWR(TAPI_IOC_MAGIC, 0x20, struct tapi_phone_info)
#define TAPI_IOC_PHONE_STATUS	_IOWR(TAPI_IOC_MAGIC, 0x21, struct tapi_phone_status)
#define TAPI_IOC_PHONE_SET	_IOW(TAPI_IOC_MAGIC, 0x22, struct tapi_phone_set)
#define TAPI_IOC_PHONE_GET_BUTTON	_IOWR(TAPI_IOC_MAGIC, 0x23, struct tapi_phone_button)
#define TAPI_IOC_PHONE_SET_BUTTON	_IOW(TAPI_IOC_MAGIC, 0x24, struct tapi_phone_button)
#define TAPI_IOC_PHONE_EVENTS	_IOW(TAPI_IOC_MAGIC, 0x25, struct tapi_phone_events)
#define TAPI_IOC_PHONE_PRIVILEGE	_IOW(TAPI_IOC_MAGIC, 0x26, __u32)

/* on an audio stream's descriptor (TAPI_IOC_AUDIO_OPEN's fd) */
#define TAPI_IOC_AUDIO_STATS	_IOR(TAPI_IOC_MAGIC, 0x40, struct tapi_audio_stats)

#endif /* _UAPI_LINUX_TAPI_H */
