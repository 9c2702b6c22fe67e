/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * utapi: telephony line and phone devices driven from user space.
 *
 * A provider (a modem, SIP or headset daemon) opens /dev/utapi and creates
 * line devices (/dev/tapiN) and phone devices (/dev/tapiphoneN) that
 * applications cannot tell from kernel-driven ones: the core runs their
 * calls, events, audio streams and DSP as for any line. The provider
 *  - reads requests (struct utapi_request) from the descriptor: the driver
 *    operations applications caused (make a call, answer, drop, set a
 *    phone's lamp...), and answers each that asks for it with
 *    UTAPI_IOC_REPLY, late if need be: a request not answered within the
 *    device's timeout fails with ETIMEDOUT;
 *  - reports what its lines and phones do with the ioctls below (a call
 *    offered with its caller ID, a call's state, rings, digits it heard
 *    itself, hook changes, in or out of service, a button pressed);
 *  - exchanges a line's audio through a descriptor of its own
 *    (UTAPI_IOC_AUDIO_OPEN): it writes what the line receives and reads
 *    what the line sends, in chunks of its own size and timing, and the
 *    kernel's jitter buffer times them to the 1 ms tick.
 * Closing the descriptor removes every device it created.
 *
 * docs/utapi.md describes the protocol, with an example provider. Every
 * structure has the same layout for 32- and 64-bit processes; reserved
 * fields must be zero.
 */
#ifndef _UAPI_LINUX_UTAPI_H
#define _UAPI_LINUX_UTAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/tapi.h>

#define UTAPI_VERSION_MAJOR	1
#define UTAPI_VERSION_MINOR	0
#define UTAPI_VERSION		((UTAPI_VERSION_MAJOR << 16) | UTAPI_VERSION_MINOR)

#define UTAPI_MAX_DEVICES	16	/* lines and phones per descriptor */
#define UTAPI_TIMEOUT_DEFAULT_MS	5000
#define UTAPI_TIMEOUT_MIN_MS	100
#define UTAPI_TIMEOUT_MAX_MS	60000

/* What a line's provider implements (struct utapi_line_create.ops). */
#define UTAPI_OP_MAKE_CALL	0x0001	/* UTAPI_REQ_MAKE_CALL */
#define UTAPI_OP_DIAL		0x0002	/* UTAPI_REQ_DIAL */
#define UTAPI_OP_ANSWER		0x0004	/* UTAPI_REQ_ANSWER */
#define UTAPI_OP_HOLD		0x0008	/* UTAPI_REQ_HOLD and _UNHOLD */
#define UTAPI_OP_DROP		0x0010	/* UTAPI_REQ_DROP */
#define UTAPI_OP_TREATMENT	0x0020	/* UTAPI_REQ_SET_TREATMENT */
#define UTAPI_OP_MSG_WAIT	0x0040	/* UTAPI_REQ_SET_MSG_WAIT */
#define UTAPI_OP_LOOP_BREAK	0x0080	/* UTAPI_REQ_LOOP_BREAK: dial pulses */
#define UTAPI_OP_AUDIO		0x0100	/* the line has audio (UTAPI_IOC_AUDIO_OPEN) */
#define UTAPI_OPS		0x01ff

/**
 * struct utapi_line_create - UTAPI_IOC_CREATE_LINE: a new line device
 * @version: UTAPI_VERSION the provider was built with (the major must match)
 * @ops: UTAPI_OP_* the provider implements
 * @line_type: TAPI_LINE_TYPE_*
 * @timeout_ms: how long a request waits for its answer, 0 for
 *	UTAPI_TIMEOUT_DEFAULT_MS, else UTAPI_TIMEOUT_MIN_MS to _MAX_MS
 * @caps: TAPI_LINE_CAP_* the line has beyond what @ops give (RING_EVENTS,
 *	HOOK_EVENTS on a line with audio, CALLERID, DTMF_DETECT for digits it
 *	reports itself, MSGWAIT and TREATMENT with their operations)
 * @name: human-readable, NUL-terminated
 * @driver: the provider's name ("tapi-modem"), NUL-terminated, not empty
 * @address: the line's number, NUL-terminated, may be empty
 * @dev: out: the device's handle in later calls on this descriptor
 * @line_id: out: N of /dev/tapiN
 * @reserved: zero
 */
struct utapi_line_create {
	__u32 version;
	__u32 ops;
	__u32 line_type;
	__u32 timeout_ms;
	__aligned_u64 caps;
	char name[TAPI_NAME_LEN];
	char driver[TAPI_DRIVER_LEN];
	char address[TAPI_ADDRESS_LEN];
	__u32 dev;
	__u32 line_id;
	__u32 reserved[8];
};

/**
 * struct utapi_phone_create - UTAPI_IOC_CREATE_PHONE: a new phone device
 * @version: UTAPI_VERSION the provider was built with
 * @line_dev: the handle of the line the telephone is on, or
 *	UTAPI_NO_DEV
 * @hookswitch_devs: TAPI_HOOKSWITCH_HANDSET, _SPEAKER, _HEADSET it has
 * @hookswitch_modes: per device, the modes owners may set
 * @display_rows: rows of its display, 0 for none
 * @display_cols: characters per row
 * @num_buttons: entries of @buttons, up to TAPI_PHONE_MAX_BUTTONS
 * @num_ring_modes: ring patterns the ringer has
 * @timeout_ms: as for lines
 * @flags: zero
 * @buttons: user pointer to @num_buttons struct tapi_phone_button (mode,
 *	function, lamp_modes and text are used)
 * @name: human-readable, NUL-terminated
 * @driver: the provider's name, NUL-terminated, not empty
 * @dev: out: the device's handle
 * @phone_id: out: N of /dev/tapiphoneN
 * @reserved: zero
 */
struct utapi_phone_create {
	__u32 version;
	__u32 line_dev;
	__u32 hookswitch_devs;
	__u32 hookswitch_modes[TAPI_HOOKSWITCH_DEVS];
	__u32 display_rows;
	__u32 display_cols;
	__u32 num_buttons;
	__u32 num_ring_modes;
	__u32 timeout_ms;
	__u32 flags;
	__aligned_u64 buttons;
	char name[TAPI_NAME_LEN];
	char driver[TAPI_DRIVER_LEN];
	__u32 dev;
	__u32 phone_id;
	__u32 reserved[8];
};

#define UTAPI_NO_DEV		0xffffffffU

/* Requests the provider reads (struct utapi_request.type). */
#define UTAPI_REQ_MAKE_CALL	1	/* @call_id, make_call: answer */
#define UTAPI_REQ_DIAL		2	/* @call_id, dial: answer */
#define UTAPI_REQ_ANSWER	3	/* @call_id: answer */
#define UTAPI_REQ_HOLD		4	/* @call_id: answer */
#define UTAPI_REQ_UNHOLD	5	/* @call_id: answer */
#define UTAPI_REQ_DROP		6	/* @call_id: hang up; no answer (seq 0) */
#define UTAPI_REQ_SET_TREATMENT	7	/* @call_id, value: answer */
#define UTAPI_REQ_SET_MSG_WAIT	8	/* value (0, 1): answer */
#define UTAPI_REQ_LOOP_BREAK	9	/* value: 1 break the loop, 0 close it; no answer */
#define UTAPI_REQ_PHONE_SET	10	/* phone_set: answer */

/**
 * struct utapi_request - what the kernel asks of a provider (read())
 * @type: UTAPI_REQ_*
 * @dev: the device's handle
 * @seq: answer with this in UTAPI_IOC_REPLY; 0: no answer is wanted
 * @call_id: the call it is about, 0 for none
 * @value: the treatment (TAPI_TREATMENT_*), message waiting on or off,
 *	the loop broken or not
 * @media_mode: make_call: TAPI_MEDIA_*
 * @reserved: zero
 * @dial: make_call and dial: the digits, NUL-terminated (TAPI's dialable
 *	characters; "" for make_call: wait in dial tone)
 * @phone_set: the change an owner asks of a phone, already checked
 *	against its description
 * @raw: the union's size
 *
 * read() returns whole records: a buffer smaller than one is EINVAL.
 */
struct utapi_request {
	__u32 type;
	__u32 dev;
	__aligned_u64 seq;
	__u32 call_id;
	__u32 value;
	__u32 media_mode;
	__u32 reserved;
	union {
		char dial[TAPI_DIAL_LEN];
		struct tapi_phone_set phone_set;
		__u8 raw[288];
	};
};

/**
 * struct utapi_reply - UTAPI_IOC_REPLY: the answer to a request
 * @seq: the request's
 * @result: 0, or a negative errno (-1 to -133) the application's call
 *	fails with (-EBUSY, -EOPNOTSUPP, -EINVAL, -ENOENT, -EIO...)
 * @reserved: zero
 *
 * A reply to a request that is no longer waiting (timed out, or its
 * device removed) fails with ENOENT and changes nothing.
 */
struct utapi_reply {
	__aligned_u64 seq;
	__s32 result;
	__u32 reserved[5];
};

#define UTAPI_CALL_OFFER	1	/* an incoming call, offered */
#define UTAPI_CALL_ORIGINATE	2	/* a call the line's telephone starts */

/**
 * struct utapi_call_new - UTAPI_IOC_CALL_NEW: a call the line reports
 * @dev: the line's handle
 * @how: UTAPI_CALL_OFFER or _ORIGINATE
 * @media_mode: one TAPI_MEDIA_* (TAPI_MEDIA_UNKNOWN when not known)
 * @origin: TAPI_ORIGIN_INTERNAL, _EXTERNAL or _UNKNOWN, or 0 for unknown
 *	(an originated call is always TAPI_ORIGIN_OUTBOUND)
 * @caller: the calling number, NUL-terminated, may be empty
 * @called: the number dialled, NUL-terminated, may be empty
 * @call_id: out: the call's ID on the line
 * @reserved: zero
 */
struct utapi_call_new {
	__u32 dev;
	__u32 how;
	__u32 media_mode;
	__u32 origin;
	char caller[TAPI_ADDRESS_LEN];
	char called[TAPI_DIAL_LEN];
	__u32 call_id;
	__u32 reserved[7];
};

/**
 * struct utapi_call_state - UTAPI_IOC_CALL_STATE: a call changed state
 * @dev: the line's handle
 * @call_id: the call
 * @state: one TAPI_CALL_*
 * @detail: as in TAPI_EVENT_CALL_STATE (a disconnect's TAPI_DISCONNECT_*)
 * @reserved: zero
 */
struct utapi_call_state {
	__u32 dev;
	__u32 call_id;
	__u32 state;
	__u32 detail;
	__u32 reserved[4];
};

/**
 * struct utapi_caller_id - UTAPI_IOC_CALLER_ID: who is calling
 * @dev: the line's handle
 * @call_id: the call (offered or accepted)
 * @flags: TAPI_PARTYID_* (withheld, unavailable, name, address)
 * @month: 1-12, or 0 when no date and time came
 * @day: 1-31
 * @hour: 0-23
 * @minute: 0-59
 * @number: NUL-terminated, may be empty
 * @name: NUL-terminated, may be empty
 * @reserved: zero
 */
struct utapi_caller_id {
	__u32 dev;
	__u32 call_id;
	__u32 flags;
	__u8 month;
	__u8 day;
	__u8 hour;
	__u8 minute;
	char number[TAPI_ADDRESS_LEN];
	char name[TAPI_ADDRESS_LEN];
	__u32 reserved[4];
};

#define UTAPI_EVENT_RING	1	/* param[0]: the ring's number, from 1 */
#define UTAPI_EVENT_DIGIT	2	/* param: digit, TAPI_DIGIT_DTMF/_PULSE, _START/_END */
#define UTAPI_EVENT_HOOK	3	/* param[0]: 1 the loop closed (off hook), 0 open */
#define UTAPI_EVENT_SERVICE	4	/* param[0]: 1 in service, 0 out of service */

/**
 * struct utapi_event - UTAPI_IOC_EVENT: something the line did
 * @dev: the line's handle
 * @type: UTAPI_EVENT_*
 * @call_id: the call a digit is for, or 0
 * @param: as @type says
 * @reserved: zero
 */
struct utapi_event {
	__u32 dev;
	__u32 type;
	__u32 call_id;
	__u32 param[4];
	__u32 reserved[5];
};

/**
 * struct utapi_phone_update - UTAPI_IOC_PHONE_UPDATE: the phone changed
 * @dev: the phone's handle
 * @reserved: zero
 * @change: what changed, as TAPI_IOC_PHONE_SET would say it
 */
struct utapi_phone_update {
	__u32 dev;
	__u32 reserved[3];
	struct tapi_phone_set change;
};

/**
 * struct utapi_phone_button - UTAPI_IOC_PHONE_BUTTON: a button moved
 * @dev: the phone's handle
 * @button: its ID
 * @state: TAPI_BUTTON_DOWN or TAPI_BUTTON_UP
 * @reserved: zero
 */
struct utapi_phone_button {
	__u32 dev;
	__u32 button;
	__u32 state;
	__u32 reserved[5];
};

/**
 * struct utapi_audio_open - UTAPI_IOC_AUDIO_OPEN: a line's audio descriptor
 * @dev: the line's handle (created with UTAPI_OP_AUDIO)
 * @flags: zero
 * @jitter_min_ms: the least the jitter buffer holds before it plays, 0
 *	for 20 ms; 1 to 500
 * @jitter_max_ms: the most it grows to, 0 for 200 ms; at least
 *	@jitter_min_ms, at most 500
 * @fd: out: the descriptor (O_CLOEXEC)
 * @reserved: zero
 *
 * The descriptor carries signed 16-bit native-endian samples at 8 kHz:
 * write() what the line receives, read() what the line sends. One per
 * line at a time.
 */
struct utapi_audio_open {
	__u32 dev;
	__u32 flags;
	__u32 jitter_min_ms;
	__u32 jitter_max_ms;
	__s32 fd;
	__u32 reserved[7];
};

/**
 * struct utapi_audio_stats - UTAPI_IOC_AUDIO_STATS on the audio descriptor
 * @rx_samples: samples the provider wrote (what the line received)
 * @tx_samples: samples the provider read (what the line sent)
 * @underruns: ticks the buffer had less than a tick's samples: silence
 * @overruns: writes that did not fit, samples dropped
 * @late: writes that came after the buffer had run dry
 * @tx_overruns: ticks the provider had not read: oldest sent samples lost
 * @adjustments: times the buffer's target depth changed
 * @depth_ms: the jitter buffer's depth now
 * @target_ms: the depth it aims at now
 * @max_depth_ms: the most it held
 * @reserved: zero
 *
 * A received sample waits depth_ms in the kernel before the tick takes it:
 * that is the receive latency the buffer adds.
 */
struct utapi_audio_stats {
	__aligned_u64 rx_samples;
	__aligned_u64 tx_samples;
	__aligned_u64 underruns;
	__aligned_u64 overruns;
	__aligned_u64 late;
	__aligned_u64 tx_overruns;
	__aligned_u64 adjustments;
	__u32 depth_ms;
	__u32 target_ms;
	__u32 max_depth_ms;
	__u32 reserved[5];
};

#define UTAPI_IOC_MAGIC		0xBA

#define UTAPI_IOC_CREATE_LINE	_IOWR(UTAPI_IOC_MAGIC, 0x00, struct utapi_line_create)
#define UTAPI_IOC_CREATE_PHONE	_IOWR(UTAPI_IOC_MAGIC, 0x01, struct utapi_phone_create)
#define UTAPI_IOC_DESTROY	_IOW(UTAPI_IOC_MAGIC, 0x02, __u32)
#define UTAPI_IOC_REPLY		_IOW(UTAPI_IOC_MAGIC, 0x03, struct utapi_reply)
#define UTAPI_IOC_CALL_NEW	_IOWR(UTAPI_IOC_MAGIC, 0x04, struct utapi_call_new)
#define UTAPI_IOC_CALL_STATE	_IOW(UTAPI_IOC_MAGIC, 0x05, struct utapi_call_state)
#define UTAPI_IOC_CALLER_ID	_IOW(UTAPI_IOC_MAGIC, 0x06, struct utapi_caller_id)
#define UTAPI_IOC_EVENT		_IOW(UTAPI_IOC_MAGIC, 0x07, struct utapi_event)
#define UTAPI_IOC_PHONE_UPDATE	_IOW(UTAPI_IOC_MAGIC, 0x08, struct utapi_phone_update)
#define UTAPI_IOC_PHONE_BUTTON	_IOW(UTAPI_IOC_MAGIC, 0x09, struct utapi_phone_button)
#define UTAPI_IOC_AUDIO_OPEN	_IOWR(UTAPI_IOC_MAGIC, 0x0a, struct utapi_audio_open)

/* On the audio descriptor. */
#define UTAPI_IOC_AUDIO_STATS	_IOR(UTAPI_IOC_MAGIC, 0x40, struct utapi_audio_stats)

#endif /* _UAPI_LINUX_UTAPI_H */
