// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi.ko: the core of TAPI for Linux. This file starts and stops the
 * device layer (the "tapi" class and its minors), the clock and the
 * debugfs directory (statistics).
 */
#include <linux/debugfs.h>
#include <linux/module.h>

#include "tapi_core.h"

static struct dentry *tapi_debugfs;

static int __init tapi_init(void)
{
	int ret;

	ret = tapi_devices_init();
	if (ret)
		return ret;
	tapi_debugfs = debugfs_create_dir("tapi", NULL);
	tapi_clock_init(tapi_debugfs);
	pr_info("tapi: TAPI for Linux core, API %u.%u\n",
		TAPI_API_VERSION_MAJOR, TAPI_API_VERSION_MINOR);
	return 0;
}

static void __exit tapi_exit(void)
{
	tapi_clock_exit();
	debugfs_remove_recursive(tapi_debugfs);
	tapi_devices_exit();
}

module_init(tapi_init);
module_exit(tapi_exit);

MODULE_DESCRIPTION("TAPI for Linux: telephony line devices");
MODULE_LICENSE("GPL");
MODULE_VERSION(TAPI_VERSION);
