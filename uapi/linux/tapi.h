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
#define TAPI_API_VERSION_MINOR	3
#define TAPI_API_VERSION	((TAPI_API_VERSION_MAJOR << 16) | \
				 TAPI_API_VERSION_MINOR)

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
	__u64 caps;
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
 * param[1] = how it was sent, param[2] = TAPI_DIGIT_START or TAPI_DIGIT_END.
 */
#define TAPI_DIGIT_DTMF		1
#define TAPI_DIGIT_START	0
#define TAPI_DIGIT_END		1

#define TAPI_EVENT_GENERATE	4	/* generation ended (1.3): see below */

/* TAPI_EVENT_GENERATE: param[0] = what was generated (TAPI_GENERATE_DIGITS),
 * param[1] = TAPI_GENERATE_DONE or TAPI_GENERATE_CANCELLED, param[2] = the
 * request's tag (struct tapi_generate_digits.tag).
 */
#define TAPI_GENERATE_DIGITS	1
#define TAPI_GENERATE_DONE	1
#define TAPI_GENERATE_CANCELLED	2

/**
 * struct tapi_event - one record returned by read() on a line device
 * @type: TAPI_EVENT_*
 * @call_id: the call the event is about, or 0 for the line itself
 * @timestamp_ns: CLOCK_MONOTONIC time the event happened, in nanoseconds
 * @seq: the line's event sequence number; consecutive for one reader unless
 *       an overflow record reports a gap
 * @param: type-specific parameters
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
	__u64 timestamp_ns;
	__u64 seq;
	__u32 param[4];
	__u64 reserved;
};

/* Audio formats (struct tapi_audio_open.format), 8000 samples per second. */
#define TAPI_AUDIO_LINEAR16	1	/* signed 16-bit, native byte order */
#define TAPI_AUDIO_ULAW		2	/* G.711 mu-law, one byte a sample */
#define TAPI_AUDIO_ALAW		3	/* G.711 A-law, one byte a sample */

/**
 * struct tapi_audio_open - open an audio stream (1.2)
 * @call_id: in: the call whose audio to stream; 0 for the line's audio (the
 *	only value accepted until calls exist: others give ENOENT)
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
	__u64 rx_samples;
	__u64 tx_samples;
	__u64 overruns;
	__u64 underruns;
	__u64 reserved[4];
};

#define TAPI_GENERATE_MAX_DIGITS	31

/**
 * struct tapi_generate_digits - send digits in-band on a line (1.3)
 * @call_id: in: 0, the line (the only value until calls exist: else ENOENT)
 * @mode: in: TAPI_DIGIT_DTMF
 * @on_ms: in: how long each digit sounds, 40 to 1000 ms
 * @off_ms: in: the pause after each digit, 40 to 1000 ms
 * @level: in: level of each of the two tones, in 1/10 dBm0, -400 to 0
 * @tag: in: returned in the TAPI_EVENT_GENERATE that ends this request
 * @reserved: in: must be zero
 * @digits: in: '0'-'9', '*', '#', 'A'-'D' ('a'-'d' too), NUL-terminated; an
 *	empty string cancels what is being generated
 *
 * A new request cancels one in progress (its TAPI_EVENT_GENERATE says
 * TAPI_GENERATE_CANCELLED). While digits are sent they replace the line's
 * audio streams' output. Closing the file that asked ends its request.
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

#define TAPI_IOC_MAGIC		0xB9

#define TAPI_IOC_GET_LINE_INFO	_IOWR(TAPI_IOC_MAGIC, 0x00, struct tapi_line_info)
/* on a line: open an audio stream; returns its descriptor in .fd */
#define TAPI_IOC_AUDIO_OPEN	_IOWR(TAPI_IOC_MAGIC, 0x01, struct tapi_audio_open)
/* on a line: send digits in-band */
#define TAPI_IOC_GENERATE_DIGITS	_IOW(TAPI_IOC_MAGIC, 0x02, struct tapi_generate_digits)
/* on an audio stream */
#define TAPI_IOC_AUDIO_STATS	_IOR(TAPI_IOC_MAGIC, 0x40, struct tapi_audio_stats)

#endif /* _UAPI_LINUX_TAPI_H */
