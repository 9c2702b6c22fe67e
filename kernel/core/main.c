// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi.ko: the core of TAPI for Linux. This file registers the "tapi" class
 * and the character device region that line devices take their minors from,
 * and sets up the clock and the debugfs directory (statistics).
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>

#include "tapi_core.h"

struct class tapi_class = {
	.name = "tapi",
};

dev_t tapi_devt;
static struct dentry *tapi_debugfs;

static int __init tapi_init(void)
{
	int ret;

	ret = class_register(&tapi_class);
	if (ret)
		return ret;
	ret = alloc_chrdev_region(&tapi_devt, 0, TAPI_MAX_MINORS, "tapi");
	if (ret) {
		class_unregister(&tapi_class);
		return ret;
	}
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
	unregister_chrdev_region(tapi_devt, TAPI_MAX_MINORS);
	class_unregister(&tapi_class);
}

module_init(tapi_init);
module_exit(tapi_exit);

MODULE_DESCRIPTION("TAPI for Linux: telephony line devices");
MODULE_LICENSE("GPL");
MODULE_VERSION(TAPI_VERSION);
