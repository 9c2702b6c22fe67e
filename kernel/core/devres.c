// SPDX-License-Identifier: GPL-2.0-only
/*
 * Managed registration: a driver that registers its lines and phones from
 * a device's probe() can let the driver core unregister them when that
 * device is unbound, in the reverse order of registration, as
 * devm_gpiochip_add_data() does for GPIO chips. The unregistration is the
 * ordinary one, so everything tapi_line_unregister() and
 * tapi_phone_unregister() promise holds.
 */
#include <linux/device.h>
#include <linux/export.h>
#include <linux/err.h>

#include "tapi_core.h"
#include "tapi_driver.h"

static void tapi_devm_line_release(void *line)
{
	tapi_line_unregister(line);
}

static void tapi_devm_phone_release(void *phone)
{
	tapi_phone_unregister(phone);
}

/**
 * devm_tapi_line_register() - tapi_line_register(), undone when @dev unbinds
 * @dev: the device whose driver registers the line, being bound (probe())
 * @desc: what the line is, as for tapi_line_register()
 *
 * The driver must not call tapi_line_unregister() on the line: the driver
 * core does when @dev is unbound or its probe() fails later. The driver's
 * timers and interrupts that report on the line must stop before that,
 * so register them (or their devm_ forms) after the line.
 *
 * Context: process context; may sleep.
 * Return: the line, or an ERR_PTR: tapi_line_register()'s errors, or
 * -ENOMEM (the line is then unregistered again).
 */
struct tapi_line *devm_tapi_line_register(struct device *dev,
					  const struct tapi_line_desc *desc)
{
	struct tapi_line *line = tapi_line_register(desc);
	int ret;

	if (IS_ERR(line))
		return line;
	ret = devm_add_action_or_reset(dev, tapi_devm_line_release, line);
	return ret ? ERR_PTR(ret) : line;
}
EXPORT_SYMBOL_NS_GPL(devm_tapi_line_register, TAPI_NS);

/**
 * devm_tapi_phone_register() - tapi_phone_register(), undone when @dev unbinds
 * @dev: the device whose driver registers the phone, being bound (probe())
 * @desc: what the phone is, as for tapi_phone_register()
 *
 * As devm_tapi_line_register(). A phone on a line (@desc->line) that was
 * registered the same way is unregistered before its line, since managed
 * actions run in the reverse order.
 *
 * Context: process context; may sleep.
 * Return: the phone, or an ERR_PTR: tapi_phone_register()'s errors, or
 * -ENOMEM (the phone is then unregistered again).
 */
struct tapi_phone *devm_tapi_phone_register(struct device *dev,
					    const struct tapi_phone_desc *desc)
{
	struct tapi_phone *phone = tapi_phone_register(desc);
	int ret;

	if (IS_ERR(phone))
		return phone;
	ret = devm_add_action_or_reset(dev, tapi_devm_phone_release, phone);
	return ret ? ERR_PTR(ret) : phone;
}
EXPORT_SYMBOL_NS_GPL(devm_tapi_phone_register, TAPI_NS);
