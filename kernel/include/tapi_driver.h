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
 */
struct tapi_line_ops {
	void (*tick)(struct tapi_line *line, const s16 *tx, s16 *rx, unsigned int n);
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

struct tapi_line *tapi_line_register(const struct tapi_line_desc *desc);
void tapi_line_unregister(struct tapi_line *line);
void tapi_line_report(struct tapi_line *line, u32 type, u32 call_id,
		      const u32 *param, unsigned int nparam);
void *tapi_line_priv(const struct tapi_line *line);
unsigned int tapi_line_id(const struct tapi_line *line);

#endif /* _TAPI_DRIVER_H */
