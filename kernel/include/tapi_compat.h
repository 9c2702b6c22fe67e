/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every difference between the kernel versions tapi builds for (Debian's
 * 6.1 and 6.12 at least) is bridged here and nowhere else.
 */
#ifndef _TAPI_COMPAT_H
#define _TAPI_COMPAT_H

#include <linux/hrtimer.h>
#include <linux/version.h>

/* <kunit/visibility.h> arrived in 6.2; before it, nothing is exported for KUnit. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(symbol) __ADDRESSABLE(symbol)
#endif

/* The namespace argument became a string literal in 6.13. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define TAPI_IMPORT_KUNIT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define TAPI_IMPORT_KUNIT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/*
 * The namespace tapi.ko exports its driver API in, "TAPI": drivers import it
 * with MODULE_IMPORT_NS(TAPI_NS). Namespaces became string literals in 6.13.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define TAPI_NS "TAPI"
#else
#define TAPI_NS TAPI
#endif

/* hrtimer_setup() replaced hrtimer_init() plus a function assignment in 6.13. */
static inline void
tapi_hrtimer_setup(struct hrtimer *timer,
		   enum hrtimer_restart (*fn)(struct hrtimer *),
		   clockid_t clock, enum hrtimer_mode mode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	hrtimer_setup(timer, fn, clock, mode);
#else
	hrtimer_init(timer, clock, mode);
	timer->function = fn;
#endif
}

#endif /* _TAPI_COMPAT_H */
