/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tapi_sim kselftests' fixture: exchanges of the test's own in
 * configfs, the ones earlier tests left removed first; and STATE, the call
 * state a test expects next.
 */
#ifndef TAPI_SIM_FIXTURE_H
#define TAPI_SIM_FIXTURE_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "kselftest_harness.h"
#include "sim_configfs.h"
#include "sim_debugfs.h"

/*
 * The next call state on @fd within 6 s must be @state (of call @id, unless
 * 0): its call ID, or 0 with the test failed. Its detail in *detail.
 */
#define STATE(fd, state, id) ({							\
	struct tapi_event _e;							\
	unsigned int _r = 0;							\
	if (next_event(fd, TAPI_EVENT_CALL_STATE, &_e, 6000)) {			\
		EXPECT_EQ((unsigned int)(state), _e.param[0])			\
			TH_LOG("call %u: state 0x%x", _e.call_id, _e.param[0]);	\
		if ((id))							\
			EXPECT_EQ((unsigned int)(id), _e.call_id);		\
		_r = _e.call_id;						\
		last_detail = _e.param[1];					\
	} else {								\
		TH_LOG("no call state 0x%x", (unsigned int)(state));		\
		EXPECT_TRUE(0);							\
	}									\
	_r; })

static unsigned int last_detail;

FIXTURE(cfg) {
	char ex[64];
	char ex2[64];		/* a second exchange, for tests that want one */
};

FIXTURE_SETUP(cfg)
{
	struct dirent *d;
	struct stat st;
	DIR *dir;

	if (stat(CFG, &st))
		SKIP(return, "%s: %s (tapi_sim loaded, configfs mounted?)", CFG, strerror(errno));
	/*
	 * Exchanges an earlier test left: the harness may skip the teardown
	 * of a test that failed an assertion (its setjmp() loses track of
	 * which process it is in), and one failure must not fail the rest.
	 */
	dir = opendir(CFG);
	while (dir && (d = readdir(dir)))
		if (d->d_name[0] != '.')
			remove_exchange(d->d_name);
	if (dir)
		closedir(dir);
	snprintf(self->ex, sizeof(self->ex), "%s/t%d", CFG, getpid());
	snprintf(self->ex2, sizeof(self->ex2), "%s/u%d", CFG, getpid());
	ASSERT_EQ(0, mk(self->ex));
}

FIXTURE_TEARDOWN(cfg)
{
	remove_exchange(self->ex + strlen(CFG) + 1);
	remove_exchange(self->ex2 + strlen(CFG) + 1);
}

#endif
