/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every difference between the kernel versions tapi builds for (Debian's
 * 6.1 and 6.12 at least) is bridged here and nowhere else.
 */
#ifndef _TAPI_COMPAT_H
#define _TAPI_COMPAT_H

#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
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

/*
 * Scope-based locking, so that every return unlocks: guard(mutex)(&m) holds
 * m to the end of the scope, scoped_guard(spinlock_irq, &l) { ... } for the
 * block. <linux/cleanup.h> came in 6.5 and was backported to 6.1.y (Debian
 * 12's 6.1 has it); a 6.1 without it gets the same names from the shim
 * below, for the lock classes tapi uses. The shim is also built under its
 * own names (tapi_guard, tapi_scoped_guard) everywhere, so that the KUnit
 * suite tests it on every run.
 */
#define TAPI_LOCK_GUARD(name, type, lock, unlock)				\
struct tapi_guard_##name {						\
	type *l;							\
	unsigned long flags;						\
};									\
static inline void tapi_guard_##name##_exit(struct tapi_guard_##name *_T) \
{									\
	if (_T->l)							\
		unlock;							\
}									\
static inline struct tapi_guard_##name tapi_guard_##name##_enter(type *l) \
{									\
	struct tapi_guard_##name t = { .l = l }, *_T = &t;		\
									\
	lock;								\
	return t;							\
}

TAPI_LOCK_GUARD(mutex, struct mutex, mutex_lock(_T->l), mutex_unlock(_T->l))
TAPI_LOCK_GUARD(spinlock_irq, spinlock_t, spin_lock_irq(_T->l), spin_unlock_irq(_T->l))
TAPI_LOCK_GUARD(spinlock_irqsave, spinlock_t, spin_lock_irqsave(_T->l, _T->flags),
		spin_unlock_irqrestore(_T->l, _T->flags))
TAPI_LOCK_GUARD(spinlock_bh, spinlock_t, spin_lock_bh(_T->l), spin_unlock_bh(_T->l))

/* guard(name)(lock), as cleanup.h spells it */
#define tapi_guard(name)							\
	struct tapi_guard_##name __UNIQUE_ID(tapi_guard)			\
		__attribute__((__cleanup__(tapi_guard_##name##_exit))) =	\
		tapi_guard_##name##_enter

#define tapi_scoped_guard(name, lock)					\
	for (struct tapi_guard_##name tapi_scope			\
		__attribute__((__cleanup__(tapi_guard_##name##_exit))) =	\
		tapi_guard_##name##_enter(lock), *tapi_done = NULL;		\
	     !tapi_done; tapi_done = (void *)1)

/* spinlock.h defines its guards with cleanup.h's macros where it has them */
#ifdef DEFINE_LOCK_GUARD_1
#include <linux/cleanup.h>
#else
#define guard(name) tapi_guard(name)
#define scoped_guard(name, lock) tapi_scoped_guard(name, lock)
#endif

#endif /* _TAPI_COMPAT_H */
