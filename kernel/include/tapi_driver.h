/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The driver API of tapi.ko: what a telephony driver (tapi_sim, tapi_modem,
 * a card driver) uses to expose line devices. The core owns device nodes,
 * locking, event queues and user memory; a driver only describes its lines
 * and reports what happens on them. docs/driver-api.md describes it.
 */
#ifndef _TAPI_DRIVER_H
#define _TAPI_DRIVER_H

#include <linux/types.h>
#include <linux/tapi.h>

struct device;
struct tapi_line;

/**
 * struct tapi_line_ops - what the core asks of a driver's line
 * @tick: exchange one tick of audio: take @tx (audio to send on the line),
 *	fill @rx (audio received from it); @n samples (8 at 8 kHz). Called
 *	every 1 ms from the core's clock, in softirq context: it must not
 *	sleep. Optional: a line without it has no audio.
 * @make_call: place call @call_id of @media_mode (TAPI_MEDIA_*), dialing
 *	@dial (valid TAPI dialable characters; "" means wait in dial tone;
 *	a final ';' means more digits will follow). Return 0 once the call is
 *	under way and report its progress with tapi_call_state(), or -errno
 *	(-EBUSY when the line cannot take another call now).
 * @dial: dial @dial on call @call_id (in dial tone, dialing, proceeding or
 *	connected, where the digits go in-band). Return 0 or -errno.
 * @answer: answer offered call @call_id; report TAPI_CALL_CONNECTED when it
 *	is. Return 0 or -errno.
 * @hold: put connected call @call_id on hold; report TAPI_CALL_ONHOLD.
 *	Return 0 or -errno.
 * @unhold: take call @call_id off hold; report TAPI_CALL_CONNECTED.
 * @drop: hang call @call_id up. The core then makes it idle; the driver
 *	reports nothing more about it. Not called once the driver reported the
 *	call disconnected or idle.
 * @loop_break: break the line's loop (@brk true) or close it again: the
 *	core dials pulses with it (TAPI_LINE_CAP_PULSE_GENERATE). Called from
 *	the tick, in softirq context: it must not sleep. The core closes the
 *	loop again before anything else happens on the line.
 * @set_treatment: what the caller of call @call_id hears while it is
 *	offered or accepted (TAPI_TREATMENT_*; lines with
 *	TAPI_LINE_CAP_TREATMENT). Return 0, or -EOPNOTSUPP for a treatment
 *	the driver cannot play. The core records it on success.
 * @set_msg_wait: show (@on) or stop showing that messages wait for the
 *	line's subscriber (lines with TAPI_LINE_CAP_MSGWAIT). Return 0 or
 *	-errno; the core records and reports it on success.
 *
 * The call operations are optional (a line without @make_call cannot make
 * calls), run in process context one at a time per line, and may sleep and
 * report events; they must not unregister the line. Every operation may
 * be called as soon as the line's node exists, before tapi_line_register()
 * returns.
 */
struct tapi_line_ops {
	void (*tick)(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n);
	int (*make_call)(struct tapi_line *line, u32 call_id, const char *dial,
			 u32 media_mode);
	int (*dial)(struct tapi_line *line, u32 call_id, const char *dial);
	int (*answer)(struct tapi_line *line, u32 call_id);
	int (*hold)(struct tapi_line *line, u32 call_id);
	int (*unhold)(struct tapi_line *line, u32 call_id);
	void (*drop)(struct tapi_line *line, u32 call_id);
	void (*loop_break)(struct tapi_line *line, bool brk);
	int (*set_treatment)(struct tapi_line *line, u32 call_id, u32 treatment);
	int (*set_msg_wait)(struct tapi_line *line, bool on);
};

/*
 * A loop receiver: times a loop's breaks and makes into dial pulses, hook
 * flashes and on/off-hook, with the rules in <linux/tapi.h>
 * (TAPI_HOOK_*_MS). The core runs one per line for tapi_line_hook(); a
 * driver that plays the exchange may run its own on what its lines send.
 * The caller serialises calls on one receiver.
 */
#define TAPI_HOOK_DIGIT		0x100	/* tapi_hook_ev.what: arg is a pulse digit */

struct tapi_hook_ev {
	u32 what;	/* TAPI_HOOK_OFFHOOK, _ONHOOK, _FLASH (arg: ms), _DIGIT */
	u32 arg;
};

struct tapi_hook_rx {
	bool raw;	/* the loop is closed now */
	bool off;	/* off-hook, as reported */
	u8 pulses;	/* of the digit being dialed */
	u64 break_ns;	/* when the loop last broke */
	u64 make_ns;	/* when it last closed after a pulse or flash */
};

void tapi_hook_rx_init(struct tapi_hook_rx *h, bool closed, u64 now);
unsigned int tapi_hook_rx_change(struct tapi_hook_rx *h, bool closed, u64 now,
				 struct tapi_hook_ev *ev);
unsigned int tapi_hook_rx_poll(struct tapi_hook_rx *h, u64 now, struct tapi_hook_ev *ev);
bool tapi_hook_rx_busy(const struct tapi_hook_rx *h);

/**
 * struct tapi_call_params - a call the driver reports: tapi_call_offer(),
 *	tapi_call_originate()
 * @media_mode: one TAPI_MEDIA_* mode (TAPI_MEDIA_UNKNOWN when not known)
 * @origin: TAPI_ORIGIN_*, or 0 for unknown
 * @caller: the calling number, or NULL
 * @called: the number that was dialed, or NULL
 */
struct tapi_call_params {
	u32 media_mode;
	u32 origin;
	const char *caller;
	const char *called;
};

/**
 * struct tapi_line_desc - how a driver describes a line it registers
 * @driver: driver name, shorter than TAPI_DRIVER_LEN
 * @name: human-readable line name, shorter than TAPI_NAME_LEN
 * @address: the line's number, shorter than TAPI_ADDRESS_LEN (may be "")
 * @line_type: TAPI_LINE_TYPE_*
 * @caps: TAPI_LINE_CAP_* the driver implements
 * @ops: the driver's operations, or NULL; must outlive the line
 * @parent: the driver's device, or NULL
 * @priv: driver data, returned by tapi_line_priv()
 *
 * The core copies the strings; the descriptor may be freed after
 * registration.
 */
struct tapi_line_desc {
	const char *driver;
	const char *name;
	const char *address;
	u32 line_type;
	u64 caps;
	const struct tapi_line_ops *ops;
	struct device *parent;
	void *priv;
};

struct tapi_phone;

/**
 * struct tapi_phone_ops - what the core asks of a driver's phone
 * @set: an owner changes the phone (@req as in TAPI_IOC_PHONE_SET, checked
 *	against the phone's description): make it so and return 0, or
 *	refuse with -errno; the core then records and reports the change.
 *	Process context, may sleep; one at a time per phone.
 */
struct tapi_phone_ops {
	int (*set)(struct tapi_phone *phone, const struct tapi_phone_set *req);
};

/**
 * struct tapi_phone_desc - how a driver describes a phone it registers
 * @driver: driver name, shorter than TAPI_DRIVER_LEN
 * @name: human-readable name, shorter than TAPI_NAME_LEN
 * @line: the line the telephone is on, or NULL
 * @hookswitch_devs: TAPI_HOOKSWITCH_HANDSET, _SPEAKER, _HEADSET it has
 * @hookswitch_modes: per device, the modes owners may set (ONHOOK always)
 * @display_rows: rows of its display, 0 for none (rows * cols fit
 *	TAPI_PHONE_DISPLAY_MAX)
 * @display_cols: characters per row
 * @num_buttons: button and lamp IDs, up to TAPI_PHONE_MAX_BUTTONS
 * @buttons: each one's mode, function, lamp_modes and text (the rest is
 *	ignored); lamps start off
 * @num_ring_modes: ring patterns the ringer has
 * @ops: the driver's operations, or NULL (nothing can be set)
 * @parent: the driver's device, or NULL
 * @priv: driver data, returned by tapi_phone_priv()
 */
struct tapi_phone_desc {
	const char *driver;
	const char *name;
	struct tapi_line *line;
	u32 hookswitch_devs;
	u32 hookswitch_modes[TAPI_HOOKSWITCH_DEVS];
	u32 display_rows;
	u32 display_cols;
	u32 num_buttons;
	const struct tapi_phone_button *buttons;
	u32 num_ring_modes;
	const struct tapi_phone_ops *ops;
	struct device *parent;
	void *priv;
};

/**
 * struct tapi_caller_id - caller ID a driver learned: tapi_call_set_caller_id()
 * @number: the caller's number, "" when none came
 * @name: the caller's name, "" when none came
 * @flags: TAPI_PARTYID_* (withheld, out of area, what is present)
 * @month: 1-12, or 0 when no date and time came
 * @day: 1-31
 * @hour: 0-23
 * @minute: 0-59
 */
struct tapi_caller_id {
	const char *number;
	const char *name;
	u32 flags;
	u8 month, day, hour, minute;
};

struct tapi_phone *tapi_phone_register(const struct tapi_phone_desc *desc);
void tapi_phone_unregister(struct tapi_phone *phone);
void tapi_phone_update(struct tapi_phone *phone, const struct tapi_phone_set *change);
void tapi_phone_button(struct tapi_phone *phone, u32 button, u32 state);
void *tapi_phone_priv(const struct tapi_phone *phone);
unsigned int tapi_phone_id(const struct tapi_phone *phone);

struct tapi_line *tapi_line_register(const struct tapi_line_desc *desc);
void tapi_line_unregister(struct tapi_line *line);
struct tapi_line *devm_tapi_line_register(struct device *dev,
					  const struct tapi_line_desc *desc);
struct tapi_phone *devm_tapi_phone_register(struct device *dev,
					    const struct tapi_phone_desc *desc);
void tapi_line_report(struct tapi_line *line, u32 type, u32 call_id,
		      const u32 *param, unsigned int nparam);
int tapi_call_offer(struct tapi_line *line, const struct tapi_call_params *p);
int tapi_call_originate(struct tapi_line *line, const struct tapi_call_params *p);
void tapi_call_state(struct tapi_line *line, u32 call_id, u32 state, u32 detail);
int tapi_call_report_state(struct tapi_line *line, u32 call_id, u32 state, u32 detail);
int tapi_call_set_caller_id(struct tapi_line *line, u32 call_id,
			    const struct tapi_caller_id *cid);
int tapi_line_digit(struct tapi_line *line, char digit, u32 how, u32 edge);
bool tapi_phone_change_valid(struct tapi_phone *phone, const struct tapi_phone_set *change);
void tapi_line_hook(struct tapi_line *line, bool closed);
void tapi_line_set_in_service(struct tapi_line *line, bool in_service);
void *tapi_line_priv(const struct tapi_line *line);
u64 tapi_tick_lag_ns(void);
void tapi_line_audio_totals(struct tapi_line *line, u64 *overruns, u64 *underruns);
unsigned int tapi_line_id(const struct tapi_line *line);
u64 tapi_line_caps(const struct tapi_line *line);

/* The package's version: Kbuild passes dkms.conf's PACKAGE_VERSION. */
#ifndef TAPI_VERSION
#error "TAPI_VERSION is dkms.conf's PACKAGE_VERSION, which Kbuild passes: build with Kbuild"
#endif

#endif /* _TAPI_DRIVER_H */
