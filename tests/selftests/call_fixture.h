/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The call kselftests' (tapi_call_*_test.c) fixture: tapi_sim's lines A
 * (1001) and B (1002) open, and a call from A to B that B's file owns.
 */
#ifndef TAPI_CALL_FIXTURE_H
#define TAPI_CALL_FIXTURE_H

#include "kselftest_harness.h"
#include "call_util.h"

/*
 * Line A calls line B, whose file @b owns voice calls: the caller's call ID
 * (or -errno), and B's in *bid once it is offered (0 if it never is).
 */
static inline int call_a_to_b(int a, int b, int *bid)
{
	struct tapi_event ev;
	int id, ret = set_priv(b, TAPI_PRIV_OWNER, VOICE, 0);

	*bid = 0;
	if (ret)
		return ret;
	id = make_call(a, "1002", VOICE);
	if (id > 0 && next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000))
		*bid = ev.call_id;
	return id;
}

FIXTURE(call) {
	int a, b;
};

FIXTURE_SETUP(call)
{
	struct tapi_line_info info = { 0 };

	self->a = open_line(LINE_A);
	self->b = open_line(LINE_B);
	if (self->a < 0 || self->b < 0)
		SKIP(return, "cannot open the tapi_sim lines: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_GET_LINE_INFO, &info));
	ASSERT_TRUE(info.caps & TAPI_LINE_CAP_CALLS);
	ASSERT_EQ(TAPI_API_VERSION, info.api_version);
}

FIXTURE_TEARDOWN(call)
{
	/* closing drops what a test left, so the next starts with idle lines */
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
}

#endif
