// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What Windows TAPI programs ask of lines and calls and rely on, against
 * tapi_sim's exchange (lines 1001-1004 as device IDs 0-3): status messages
 * asked for with every bit, lineGetID's device classes, every field of
 * LINECALLINFO, and application names written as Windows writes them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"

#define VOICE LINEMEDIAMODE_INTERACTIVEVOICE

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static LONG init_event(HLINEAPP *app, DWORD *ndevs)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = 0x00020002;

	return lineInitializeEx(app, NULL, NULL, "windows_programs_test", ndevs, &version, &p);
}

/*
 * Messages until one @id about @dev (any when 0) with param1 @p1 (any when
 * 0) comes, within 6 s: it, or zeros. Each one seen goes to @seen (if
 * given), up to @max.
 */
static LINEMESSAGE wait_msg_seen(HLINEAPP app, DWORD id, DWORD dev, DWORD_PTR p1,
				 LINEMESSAGE *seen, int *n, int max)
{
	LINEMESSAGE m = { 0 };
	double until = now_ms() + 6000;

	while (now_ms() < until) {
		if (lineGetMessage(app, &m, 500))
			continue;
		if (seen && *n < max)
			seen[(*n)++] = m;
		if (m.dwMessageID == id && (!dev || m.hDevice == dev) && (!p1 || m.dwParam1 == p1))
			return m;
	}
	memset(&m, 0, sizeof(m));
	return m;
}

/* Every bit TAPI 2.2 defines, as programs that want "everything" pass them. */
#define ALL_LINE_STATES 0x01FFFFFF
#define ALL_ADDRESS_STATES 0x000001FF

/*
 * lineSetStatusMessages takes every defined bit, whatever the line reports,
 * and refuses only undefined ones; lineGetStatusMessages gives back what
 * was set; what the line reports still comes, nothing else does.
 */
TEST(every_status_message_bit_is_accepted)
{
	LINEDEVCAPS caps = { .dwTotalSize = sizeof(caps) };
	LINEMESSAGE seen[64];
	HLINEAPP a, b;
	HLINE la, lb, lb2;
	DWORD ndevs, ls, as;
	HCALL ca, cb;
	LINEMESSAGE m;
	int n = 0;

	ASSERT_EQ(0, init_event(&a, &ndevs));
	ASSERT_EQ(0, init_event(&b, &ndevs));
	ASSERT_EQ(0, lineGetDevCaps(b, 1, 0x00020002, 0, &caps));
	ASSERT_EQ(0, lineOpen(a, 0, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(b, 1, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE,
			      NULL));

	EXPECT_EQ(0, lineSetStatusMessages(lb, ALL_LINE_STATES, ALL_ADDRESS_STATES));
	ASSERT_EQ(0, lineGetStatusMessages(lb, &ls, &as));
	EXPECT_EQ(ALL_LINE_STATES, ls);
	EXPECT_EQ(ALL_ADDRESS_STATES, as);
	/* undefined bits only are refused, and change nothing */
	EXPECT_EQ(LINEERR_INVALLINESTATE, lineSetStatusMessages(lb, 0x02000000, 0));
	EXPECT_EQ(LINEERR_INVALLINESTATE, lineSetStatusMessages(lb, 0x80000001, 0));
	EXPECT_EQ(LINEERR_INVALADDRESSSTATE, lineSetStatusMessages(lb, 0, 0x200));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineSetStatusMessages(0, ALL_LINE_STATES, 0));
	ASSERT_EQ(0, lineGetStatusMessages(lb, &ls, &as));
	EXPECT_EQ(ALL_LINE_STATES, ls);
	EXPECT_EQ(ALL_ADDRESS_STATES, as);
	/* states the line never reports, alone: accepted too */
	EXPECT_EQ(0, lineSetStatusMessages(lb, LINEDEVSTATE_NUMCALLS | LINEDEVSTATE_BATTERY,
					   LINEADDRESSSTATE_INUSEONE | LINEADDRESSSTATE_FORWARD));
	ASSERT_EQ(0, lineGetStatusMessages(lb, &ls, &as));
	EXPECT_EQ(LINEDEVSTATE_NUMCALLS | LINEDEVSTATE_BATTERY, ls);
	EXPECT_EQ(LINEADDRESSSTATE_INUSEONE | LINEADDRESSSTATE_FORWARD, as);
	EXPECT_EQ(0, lineSetStatusMessages(lb, ALL_LINE_STATES, ALL_ADDRESS_STATES));

	/* what the line reports still comes: another open, the rings */
	ASSERT_EQ(0, lineOpen(a, 1, &lb2, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	m = wait_msg_seen(b, LINE_LINEDEVSTATE, lb, LINEDEVSTATE_OPEN, seen, &n, 64);
	EXPECT_EQ(LINEDEVSTATE_OPEN, m.dwParam1);
	ASSERT_LT(0, lineMakeCall(la, &ca, "1002", 0, NULL));
	m = wait_msg_seen(b, LINE_APPNEWCALL, lb, 0, seen, &n, 64);
	cb = (HCALL)m.dwParam2;
	ASSERT_NE(0, cb);
	if (caps.dwLineStates & LINEDEVSTATE_RINGING) {
		m = wait_msg_seen(b, LINE_LINEDEVSTATE, lb, LINEDEVSTATE_RINGING, seen, &n, 64);
		EXPECT_EQ(LINEDEVSTATE_RINGING, m.dwParam1);
	}
	ASSERT_LT(0, lineAnswer(cb, NULL, 0));
	wait_msg_seen(b, LINE_CALLSTATE, cb, LINECALLSTATE_CONNECTED, seen, &n, 64);
	ASSERT_LT(0, lineDrop(ca, NULL, 0));
	wait_msg_seen(b, LINE_CALLSTATE, cb, LINECALLSTATE_IDLE, seen, &n, 64);
	EXPECT_EQ(0, lineClose(lb2));
	wait_msg_seen(b, LINE_LINEDEVSTATE, lb, LINEDEVSTATE_CLOSE, seen, &n, 64);
	/* and nothing the line does not report */
	for (int i = 0; i < n; i++) {
		EXPECT_NE(LINE_ADDRESSSTATE, seen[i].dwMessageID);
		if (seen[i].dwMessageID == LINE_LINEDEVSTATE)
			EXPECT_EQ(0, seen[i].dwParam1 & ~caps.dwLineStates)
				TH_LOG("LINEDEVSTATE 0x%lx", (unsigned long)seen[i].dwParam1);
	}
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(b));
}

TEST_HARNESS_MAIN
