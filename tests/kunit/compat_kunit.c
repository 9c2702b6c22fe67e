// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for tapi_compat.h's scope-based locking shim, which a 6.1
 * without <linux/cleanup.h> builds guard() and scoped_guard() from. It is
 * tested here under its own names on every kernel: a lock is held inside
 * its scope, released on every way out of it, and interrupts are as they
 * were before.
 */
#include <kunit/test.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "tapi_compat.h"

static DEFINE_MUTEX(compat_mutex);
static DEFINE_SPINLOCK(compat_lock);

/* This context holds compat_lock: lockdep knows (the debug kernel has it). */
static bool compat_lock_held(void)
{
#ifdef CONFIG_LOCKDEP
	return lockdep_is_held(&compat_lock);
#else
	return false;	/* compat_init() skips the suite */
#endif
}

/* Returns from inside the guarded scope: the mutex must be free after. */
static int compat_locked_return(struct kunit *test, int v)
{
	tapi_guard(mutex)(&compat_mutex);

	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&compat_mutex));
	if (v)
		return v * 2;
	return -1;
}

static void compat_guard_releases_on_every_return(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, compat_locked_return(test, 21), 42);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&compat_mutex));
	KUNIT_EXPECT_EQ(test, compat_locked_return(test, 0), -1);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&compat_mutex));
}

static void compat_scoped_guard_restores_interrupts(struct kunit *test)
{
	unsigned long flags;
	int runs = 0;

	/* with interrupts already off, irqsave must leave them off */
	local_irq_save(flags);
	tapi_scoped_guard(spinlock_irqsave, &compat_lock) {
		KUNIT_EXPECT_TRUE(test, compat_lock_held());
		KUNIT_EXPECT_TRUE(test, irqs_disabled());
		runs++;
	}
	KUNIT_EXPECT_FALSE(test, compat_lock_held());
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	local_irq_restore(flags);

	tapi_scoped_guard(spinlock_irq, &compat_lock) {
		KUNIT_EXPECT_TRUE(test, irqs_disabled());
		runs++;
	}
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_FALSE(test, compat_lock_held());
	/* the body runs exactly once */
	KUNIT_EXPECT_EQ(test, runs, 2);
}

static void compat_scoped_guard_releases_on_break(struct kunit *test)
{
	int i;

	for (i = 0; i < 3; i++) {
		tapi_scoped_guard(spinlock_bh, &compat_lock) {
			if (i == 1)
				break;
		}
		KUNIT_EXPECT_FALSE(test, compat_lock_held());
	}
	KUNIT_EXPECT_EQ(test, i, 3);
	KUNIT_EXPECT_FALSE(test, compat_lock_held());
}

static int compat_init(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_LOCKDEP))
		kunit_skip(test, "needs lockdep to see who holds a spinlock");
	return 0;
}

static struct kunit_case compat_cases[] = {
	KUNIT_CASE(compat_guard_releases_on_every_return),
	KUNIT_CASE(compat_scoped_guard_restores_interrupts),
	KUNIT_CASE(compat_scoped_guard_releases_on_break),
	{}
};

static struct kunit_suite compat_suite = {
	.name = "tapi_compat",
	.init = compat_init,
	.test_cases = compat_cases,
};

kunit_test_suite(compat_suite);
