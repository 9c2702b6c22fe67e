// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider's phones: an owner's change (TAPI_IOC_PHONE_SET) becomes a
 * request the provider answers; what the telephone does by itself (a
 * handset lifted, a button pressed) the provider reports, checked here
 * before the core sees it.
 */
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "utapi.h"

static int utapi_phone_set(struct tapi_phone *phone, const struct tapi_phone_set *req)
{
	struct utapi_request rec = { .type = UTAPI_REQ_PHONE_SET, .phone_set = *req };

	return utapi_request(tapi_phone_priv(phone), &rec);
}

static const struct tapi_phone_ops utapi_phone_ops = {
	.set = utapi_phone_set,
};

/* UTAPI_IOC_CREATE_PHONE: the description, its buttons copied from the provider. */
int utapi_phone_create(struct utapi_session *s, struct utapi_dev *d,
		       struct utapi_phone_create *req)
{
	struct tapi_phone_desc desc = {
		.driver = req->driver, .name = req->name,
		.hookswitch_devs = req->hookswitch_devs,
		.display_rows = req->display_rows, .display_cols = req->display_cols,
		.num_buttons = req->num_buttons, .num_ring_modes = req->num_ring_modes,
		.ops = &utapi_phone_ops, .priv = d,
	};
	struct tapi_phone_button *buttons = NULL;
	struct tapi_phone *phone;
	struct utapi_dev *line = NULL;
	unsigned int i;

	if (req->version >> 16 != UTAPI_VERSION_MAJOR || req->flags ||
	    (req->timeout_ms && (req->timeout_ms < UTAPI_TIMEOUT_MIN_MS ||
				 req->timeout_ms > UTAPI_TIMEOUT_MAX_MS)) ||
	    req->num_buttons > TAPI_PHONE_MAX_BUTTONS ||
	    strnlen(req->name, sizeof(req->name)) == sizeof(req->name) ||
	    strnlen(req->driver, sizeof(req->driver)) == sizeof(req->driver) ||
	    memchr_inv(req->reserved, 0, sizeof(req->reserved)))
		return -EINVAL;
	if (req->line_dev != UTAPI_NO_DEV) {
		line = utapi_dev_get(s, req->line_dev, false);
		if (!line)
			return -ENOENT;
		desc.line = line->line;
	}
	for (i = 0; i < TAPI_HOOKSWITCH_DEVS; i++)
		desc.hookswitch_modes[i] = req->hookswitch_modes[i];
	if (req->num_buttons) {
		buttons = memdup_array_user(u64_to_user_ptr(req->buttons), req->num_buttons,
					    sizeof(*buttons));
		if (IS_ERR(buttons))
			return PTR_ERR(buttons);
		desc.buttons = buttons;
	}
	d->is_phone = true;
	d->nbuttons = req->num_buttons;
	d->line_id = line ? tapi_line_id(line->line) : TAPI_PHONE_NO_LINE;
	d->timeout = msecs_to_jiffies(req->timeout_ms ? req->timeout_ms :
				      UTAPI_TIMEOUT_DEFAULT_MS);
	/* the core checks the rest of the description and copies it */
	phone = tapi_phone_register(&desc);
	kfree(buttons);
	if (IS_ERR(phone))
		return PTR_ERR(phone);
	d->phone = phone;
	req->phone_id = tapi_phone_id(phone);
	return 0;
}

static long utapi_phone_update(struct utapi_session *s, void __user *argp)
{
	struct utapi_phone_update *req;
	struct utapi_dev *d;
	long ret = 0;

	req = memdup_user(argp, sizeof(*req));
	if (IS_ERR(req))
		return PTR_ERR(req);
	d = utapi_dev_get(s, req->dev, true);
	if (!d)
		ret = -ENOENT;
	else if (memchr_inv(req->reserved, 0, sizeof(req->reserved)) ||
		 !tapi_phone_change_valid(d->phone, &req->change))
		ret = -EINVAL;
	else
		tapi_phone_update(d->phone, &req->change);
	kfree(req);
	return ret;
}

static long utapi_phone_button(struct utapi_session *s, void __user *argp)
{
	struct utapi_phone_button req;
	struct utapi_dev *d;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	d = utapi_dev_get(s, req.dev, true);
	if (!d)
		return -ENOENT;
	if (req.button >= d->nbuttons ||
	    (req.state != TAPI_BUTTON_DOWN && req.state != TAPI_BUTTON_UP) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	tapi_phone_button(d->phone, req.button, req.state);
	return 0;
}

/* The provider's reports about its phones; the session's lock is held. */
long utapi_phone_ioctl(struct utapi_session *s, unsigned int cmd, void __user *argp)
{
	switch (cmd) {
	case UTAPI_IOC_PHONE_UPDATE:
		return utapi_phone_update(s, argp);
	case UTAPI_IOC_PHONE_BUTTON:
		return utapi_phone_button(s, argp);
	}
	return -ENOTTY;
}
