/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every difference between the kernel versions tapi builds for (Debian's
 * 6.1 and 6.12 at least) is bridged here and nowhere else.
 */
#ifndef _TAPI_COMPAT_H
#define _TAPI_COMPAT_H

#include <linux/version.h>

/* <kunit/visibility.h> arrived in 6.2; before it, exports for KUnit are no-ops. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(symbol)
#endif

/* The namespace argument became a string literal in 6.13. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define TAPI_IMPORT_KUNIT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define TAPI_IMPORT_KUNIT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/* hrtimer_setup() replaced hrtimer_init() plus a function assignment in 6.13. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define tapi_hrtimer_setup(timer, fn, clock, mode) \
	hrtimer_setup(timer, fn, clock, mode)
#else
#define tapi_hrtimer_setup(timer, fn, clock, mode)	\
	do {						\
		hrtimer_init(timer, clock, mode);	\
		(timer)->function = (fn);		\
	} while (0)
#endif

#endif /* _TAPI_COMPAT_H */
