// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for managed registration: lines and phones registered with
 * devm_tapi_line_register() and devm_tapi_phone_register() on a device go
 * when that device does, as tapi_line_unregister() and
 * tapi_phone_unregister() would remove them. The device is KUnit's own
 * (kunit_device_register(), 6.8 on); the Kbuild builds this file only where
 * it exists.
 */
#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/device.h>

#include "tapi_core.h"
#include "tapi_driver.h"

static const struct tapi_line_desc devm_line_desc = {
	.driver = "tapi_kunit",
	.name = "KUnit managed line",
	.address = "556",
	.line_type = TAPI_LINE_TYPE_TRUNK,
	.caps = TAPI_LINE_CAP_RING_EVENTS,
};

static struct device *devm_test_device(struct kunit *test)
{
	struct device *dev = kunit_device_register(test, "tapi_devm");

	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	return dev;
}

/* The line lives while its device does, and is unregistered with it. */
static void devm_line_goes_with_its_device(struct kunit *test)
{
	struct device *dev = devm_test_device(test);
	struct tapi_line *line;
	struct tapi_line_file *tf;
	struct tapi_event ev;

	line = devm_tapi_line_register(dev, &devm_line_desc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(line));
	tf = tapi_line_file_open(line);
	KUNIT_ASSERT_FALSE(test, IS_ERR(tf));
	KUNIT_EXPECT_FALSE(test, tapi_fh_readable(&tf->fh));

	kunit_device_unregister(test, dev);
	/* unregistered: the file sees the removal, no new file may open */
	KUNIT_EXPECT_TRUE(test, tapi_fh_readable(&tf->fh));
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(&tf->fh.events, &ev, 1), 1U);
	KUNIT_EXPECT_EQ(test, ev.type, (u32)TAPI_EVENT_LINE_STATE);
	KUNIT_EXPECT_EQ(test, ev.param[0], (u32)TAPI_LINESTATE_REMOVED);
	KUNIT_EXPECT_PTR_EQ(test, tapi_line_file_open(line), ERR_PTR(-ENODEV));
	tapi_fh_close(&tf->fh);
}

/* A phone on a managed line goes too, the line still there when it does. */
static void devm_phone_goes_before_its_line(struct kunit *test)
{
	struct device *dev = devm_test_device(test);
	struct tapi_phone_desc pdesc = {
		.driver = "tapi_kunit",
		.name = "KUnit managed phone",
		.hookswitch_devs = TAPI_HOOKSWITCH_HANDSET,
	};
	struct tapi_line_file *ltf;
	struct tapi_fh *ptf;
	struct tapi_phone *phone;
	struct tapi_line *line;
	struct tapi_event ev;

	line = devm_tapi_line_register(dev, &devm_line_desc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(line));
	pdesc.line = line;
	phone = devm_tapi_phone_register(dev, &pdesc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(phone));
	ltf = tapi_line_file_open(line);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ltf));
	ptf = tapi_fh_open(&phone->tdev);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ptf));

	kunit_device_unregister(test, dev);
	KUNIT_ASSERT_EQ(test, tapi_evq_peek(&ptf->events, &ev, 1), 1U);
	KUNIT_EXPECT_EQ(test, ev.type, (u32)TAPI_EVENT_PHONE_STATE);
	KUNIT_EXPECT_EQ(test, ev.param[0], (u32)TAPI_PHONESTATE_REMOVED);
	KUNIT_EXPECT_PTR_EQ(test, tapi_fh_open(&phone->tdev), ERR_PTR(-ENODEV));
	KUNIT_EXPECT_PTR_EQ(test, tapi_line_file_open(line), ERR_PTR(-ENODEV));
	KUNIT_EXPECT_TRUE(test, tapi_fh_readable(&ltf->fh));
	tapi_fh_close(ptf);
	tapi_fh_close(&ltf->fh);
}

/* A description the core refuses is refused the same way, and nothing stays. */
static void devm_register_errors_pass_through(struct kunit *test)
{
	struct device *dev = devm_test_device(test);
	struct tapi_line_desc d = devm_line_desc;
	struct tapi_phone_desc pdesc = { .driver = "tapi_kunit", .name = "x" };

	d.line_type = 0;
	KUNIT_EXPECT_PTR_EQ(test, devm_tapi_line_register(dev, &d), ERR_PTR(-EINVAL));
	/* no hookswitch device */
	KUNIT_EXPECT_PTR_EQ(test, devm_tapi_phone_register(dev, &pdesc),
			    ERR_PTR(-EINVAL));
	kunit_device_unregister(test, dev);
}

static struct kunit_case devres_cases[] = {
	KUNIT_CASE(devm_line_goes_with_its_device),
	KUNIT_CASE(devm_phone_goes_before_its_line),
	KUNIT_CASE(devm_register_errors_pass_through),
	{}
};

static struct kunit_suite devres_suite = {
	.name = "tapi_devres",
	.test_cases = devres_cases,
};

kunit_test_suite(devres_suite);
