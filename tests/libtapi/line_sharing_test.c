// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Calls and lines shared between applications through libtapi, against
 * tapi_sim's default exchange: what one application sets on a call the
 * others see, calls picked up and handed over by name and by media mode,
 * the rings to answer and message waiting that are the line's for all,
 * and lineSetAppPriority's lists deciding which of two processes gets a
 * new call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"
#include "line_util.h"

/*
 * The second process of app_priority_routes_new_calls: run as
 * "tapi_prio_b" (its argv[0], the name priorities go by) with
 * TAPI_PRIO_FD set, before the harness starts. It owns voice calls on
 * line 3, says it is ready, and says whether a new call came to it.
 */
__attribute__((constructor)) static void priority_child(void)
{
	const char *fds = getenv("TAPI_PRIO_FD");
	LINEMESSAGE m;
	HLINEAPP app;
	HLINE line;
	DWORD ndevs;
	char got = '0';
	double until;
	int fd;

	if (!fds)
		return;
	fd = atoi(fds);
	if (init_event(&app, &ndevs, NULL) ||
	    lineOpen(app, 3, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL))
		_exit(2);
	if (write(fd, "r", 1) != 1)
		_exit(2);
	until = now_ms() + 4000;
	while (now_ms() < until)
		if (!lineGetMessage(app, &m, 200) && m.dwMessageID == LINE_APPNEWCALL &&
		    m.dwParam3 == LINECALLPRIVILEGE_OWNER)
			got = '1';
	if (write(fd, &got, 1) != 1)
		_exit(2);
	lineShutdown(app);
	_exit(0);
}

/*
 * What one application sets on a call every other application that knows
 * it sees (LINE_CALLINFO, then lineGetCallInfo): the application-specific
 * value, call data, media mode. A third application picks the call up with
 * lineGetNewCalls and is handed it by name and by media mode.
 */
TEST(applications_share_calls_and_hand_them_over)
{
	union {
		LINECALLLIST l;
		char buf[64];
	} list = { .l.dwTotalSize = sizeof(list) };
	union {
		LINECALLINFO i;
		char buf[1024];
	} info = { .i.dwTotalSize = sizeof(info) };
	LINECALLSTATUS st = { .dwTotalSize = sizeof(st) };
	const char *me = program_invocation_short_name;
	HLINEAPP m_app;
	HLINE lm, lm2;
	HCALL mc, mc2;
	struct talk t;
	LINEMESSAGE m;
	DWORD ndevs;
	static char big[CALL_DATA_MAX + 1];
	LONG id;

	ASSERT_EQ(0, talk(&t, 0, 1, "1002"));
	ASSERT_EQ(0, init_event(&m_app, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(m_app, 1, &lm, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));

	/* a line opened without privilege has no call until it asks */
	ASSERT_EQ(0, lineGetNewCalls(lm, 0, LINECALLSELECT_LINE, &list.l));
	ASSERT_EQ(1, list.l.dwCallsNumEntries);
	ASSERT_EQ(sizeof(HCALL), list.l.dwCallsSize);
	memcpy(&mc, list.buf + list.l.dwCallsOffset, sizeof(mc));
	ASSERT_EQ(0, lineGetCallStatus(mc, &st));
	EXPECT_EQ(LINECALLPRIVILEGE_MONITOR, st.dwCallPrivilege);
	EXPECT_EQ(LINECALLSTATE_CONNECTED, st.dwCallState);
	EXPECT_EQ(0, lineGetNewCalls(lm, 0, LINECALLSELECT_ADDRESS, &list.l));
	EXPECT_EQ(0, list.l.dwCallsNumEntries) TH_LOG("only calls it had no handle for");
	EXPECT_EQ(LINEERR_INVALCALLSELECT, lineGetNewCalls(lm, 0, LINECALLSELECT_CALL, &list.l));
	EXPECT_EQ(LINEERR_INVALADDRESSID, lineGetNewCalls(lm, 1, LINECALLSELECT_ADDRESS, &list.l));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetNewCalls(lm, 0, LINECALLSELECT_LINE, NULL));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineGetNewCalls(0, 0, LINECALLSELECT_LINE, &list.l));
	list.l.dwTotalSize = 8;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetNewCalls(lm, 0, LINECALLSELECT_LINE, &list.l));
	list.l.dwTotalSize = sizeof(list);

	/* the owner's value reaches both, each about its own handle */
	ASSERT_EQ(0, lineSetAppSpecific(t.cb, 0xfeed));
	m = wait_msg(t.b, LINE_CALLINFO, t.cb, LINECALLINFOSTATE_APPSPECIFIC);
	EXPECT_EQ(LINECALLINFOSTATE_APPSPECIFIC, m.dwParam1);
	m = wait_msg(m_app, LINE_CALLINFO, mc, LINECALLINFOSTATE_APPSPECIFIC);
	EXPECT_EQ(LINECALLINFOSTATE_APPSPECIFIC, m.dwParam1);
	ASSERT_EQ(0, lineGetCallInfo(mc, &info.i));
	EXPECT_EQ(0xfeed, info.i.dwAppSpecific);
	EXPECT_EQ(LINEERR_NOTOWNER, lineSetAppSpecific(mc, 1)) TH_LOG("a monitor may not");

	/* call data: asynchronous, shared, kept whole or not at all */
	id = lineSetCallData(t.cb, "order 42", 9);
	ASSERT_LT(0, id);
	EXPECT_EQ(0, reply_of(t.b, id));
	m = wait_msg(m_app, LINE_CALLINFO, mc, LINECALLINFOSTATE_CALLDATA);
	EXPECT_EQ(LINECALLINFOSTATE_CALLDATA, m.dwParam1);
	ASSERT_EQ(0, lineGetCallInfo(mc, &info.i));
	ASSERT_EQ(9, info.i.dwCallDataSize);
	EXPECT_STREQ("order 42", info.buf + info.i.dwCallDataOffset);
	info.i.dwTotalSize = info.i.dwUsedSize - 1;
	ASSERT_EQ(0, lineGetCallInfo(mc, &info.i));
	EXPECT_EQ(0, info.i.dwCallDataSize) TH_LOG("left out, not cut");
	EXPECT_LT(info.i.dwUsedSize, info.i.dwNeededSize);
	info.i.dwTotalSize = sizeof(info);
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetCallData(t.cb, big, sizeof(big)));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineSetCallData(t.cb, NULL, 4));
	EXPECT_EQ(LINEERR_NOTOWNER, lineSetCallData(mc, "x", 1));
	id = lineSetCallData(t.cb, NULL, 0);
	EXPECT_EQ(0, reply_of(t.b, id));
	ASSERT_EQ(0, lineGetCallInfo(mc, &info.i));
	EXPECT_EQ(0, info.i.dwCallDataSize);

	/* the media mode: one, or UNKNOWN with others */
	ASSERT_EQ(0, lineSetMediaMode(t.cb, LINEMEDIAMODE_AUTOMATEDVOICE));
	m = wait_msg(m_app, LINE_CALLINFO, mc, LINECALLINFOSTATE_MEDIAMODE);
	EXPECT_EQ(LINECALLINFOSTATE_MEDIAMODE, m.dwParam1);
	ASSERT_EQ(0, lineGetCallInfo(mc, &info.i));
	EXPECT_EQ(LINEMEDIAMODE_AUTOMATEDVOICE, info.i.dwMediaMode);
	EXPECT_EQ(0, lineSetMediaMode(t.cb, LINEMEDIAMODE_UNKNOWN | VOICE |
				      LINEMEDIAMODE_AUTOMATEDVOICE));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE, lineSetMediaMode(t.cb, VOICE |
							   LINEMEDIAMODE_AUTOMATEDVOICE));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE, lineSetMediaMode(t.cb, 0));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE, lineSetMediaMode(t.cb, 0x10000000));
	EXPECT_EQ(LINEERR_NOTOWNER, lineSetMediaMode(mc, VOICE));
	EXPECT_EQ(0, lineSetMediaMode(t.cb, VOICE));

	/* no QoS on a circuit: refused, and not among the call's features */
	ASSERT_EQ(0, lineGetCallStatus(t.cb, &st));
	EXPECT_EQ(0, st.dwCallFeatures & LINECALLFEATURE_SETQOS);
	EXPECT_TRUE(st.dwCallFeatures & LINECALLFEATURE_SETCALLDATA);
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, lineSetCallQualityOfService(t.cb, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineSetCallQualityOfService(t.cb, NULL, 8, NULL, 0));
	EXPECT_EQ(LINEERR_NOTOWNER, lineSetCallQualityOfService(mc, NULL, 0, NULL, 0));

	/* handed over by name: the monitor becomes an owner, told with the state */
	drain(m_app, 100);
	EXPECT_EQ(LINEERR_TARGETNOTFOUND, lineHandoff(t.cb, "no_such_program", 0));
	EXPECT_EQ(LINEERR_NOTOWNER, lineHandoff(mc, me, 0));
	EXPECT_EQ(LINEERR_TARGETSELF, lineHandoff(t.ca, me, 0)) TH_LOG("line 0: only itself");
	ASSERT_EQ(0, lineHandoff(t.cb, me, 0));
	m = EXPECT_MSG(m_app, LINE_CALLSTATE, mc);
	EXPECT_EQ(LINECALLSTATE_CONNECTED, m.dwParam1);
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, m.dwParam3);
	ASSERT_EQ(0, lineGetCallStatus(mc, &st));
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, st.dwCallPrivilege);
	EXPECT_EQ(0, lineSetAppSpecific(mc, 7)) TH_LOG("an owner now");
	m = wait_msg(m_app, LINE_CALLINFO, mc, LINECALLINFOSTATE_APPSPECIFIC);
	EXPECT_EQ(LINECALLINFOSTATE_APPSPECIFIC, m.dwParam1);

	/* by media mode: the highest owner of it, a new handle for its line */
	EXPECT_EQ(LINEERR_TARGETNOTFOUND, lineHandoff(t.cb, NULL, LINEMEDIAMODE_G3FAX));
	EXPECT_EQ(LINEERR_TARGETSELF, lineHandoff(t.cb, NULL, VOICE));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE, lineHandoff(t.cb, NULL, VOICE | LINEMEDIAMODE_G3FAX));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE, lineHandoff(t.cb, NULL, 0));
	ASSERT_EQ(0, lineOpen(m_app, 1, &lm2, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER,
			      LINEMEDIAMODE_AUTOMATEDVOICE, NULL));
	ASSERT_EQ(0, lineHandoff(t.cb, NULL, LINEMEDIAMODE_AUTOMATEDVOICE));
	m = EXPECT_MSG(m_app, LINE_APPNEWCALL, lm2);
	mc2 = (HCALL)m.dwParam2;
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, m.dwParam3);
	m = EXPECT_MSG(m_app, LINE_CALLSTATE, mc2);
	EXPECT_EQ(LINECALLSTATE_CONNECTED, m.dwParam1);
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, m.dwParam3);
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineHandoff(0, me, 0));

	/* three owners now: the call lasts until the last lets go */
	ASSERT_LT(0, lineDrop(mc2, NULL, 0));
	m = wait_msg(t.a, LINE_CALLSTATE, t.ca, LINECALLSTATE_DISCONNECTED);
	EXPECT_EQ(LINECALLSTATE_DISCONNECTED, m.dwParam1);

	/* over, and still described: who called whom, what it carried */
	m = wait_msg(t.b, LINE_CALLSTATE, t.cb, LINECALLSTATE_IDLE);
	EXPECT_EQ(LINECALLSTATE_IDLE, m.dwParam1);
	ASSERT_EQ(0, lineGetCallInfo(t.cb, &info.i));
	ASSERT_NE(0, info.i.dwCallerIDSize);
	EXPECT_STREQ("1001", info.buf + info.i.dwCallerIDOffset);
	ASSERT_NE(0, info.i.dwCalledIDSize);
	EXPECT_STREQ("1002", info.buf + info.i.dwCalledIDOffset);
	EXPECT_EQ(7, info.i.dwAppSpecific);
	EXPECT_EQ(LINECALLORIGIN_INTERNAL, info.i.dwOrigin);
	EXPECT_EQ(0, lineShutdown(m_app));
	EXPECT_EQ(0, lineShutdown(t.a));
	EXPECT_EQ(0, lineShutdown(t.b));
}

/*
 * The toll saver's ring count is the fewest any application asked for;
 * the message-waiting indicator is set, told and shown.
 */
TEST(rings_and_message_waiting_are_the_lines_for_all)
{
	union {
		LINEDEVCAPS c;
		char buf[1024];
	} caps = { .c.dwTotalSize = sizeof(caps) };
	LINEDEVSTATUS ds = { .dwTotalSize = sizeof(ds) };
	HLINEAPP a, b;
	HLINE la, lb;
	LINEMESSAGE m;
	DWORD ndevs, rings = 0;
	LONG id;

	ASSERT_EQ(0, init_event(&a, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&b, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(a, 2, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL));
	ASSERT_EQ(0, lineOpen(b, 2, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_MONITOR, 0, NULL));

	ASSERT_EQ(0, lineGetNumRings(la, 0, &rings));
	EXPECT_EQ(0xffffffff, rings) TH_LOG("nobody asked");
	ASSERT_EQ(0, lineSetNumRings(la, 0, 5));
	ASSERT_EQ(0, lineSetNumRings(lb, 0, 3));
	ASSERT_EQ(0, lineGetNumRings(la, 0, &rings));
	EXPECT_EQ(3, rings);
	ASSERT_EQ(0, lineClose(lb));
	ASSERT_EQ(0, lineGetNumRings(la, 0, &rings));
	EXPECT_EQ(5, rings) TH_LOG("who closed asks no more");
	EXPECT_EQ(LINEERR_INVALADDRESSID, lineSetNumRings(la, 1, 2));
	EXPECT_EQ(LINEERR_INVALADDRESSID, lineGetNumRings(la, 1, &rings));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetNumRings(la, 0, NULL));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineSetNumRings(lb, 0, 2)) TH_LOG("closed");
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineGetNumRings(0, 0, &rings));

	/* message waiting: the one status an application sets */
	ASSERT_EQ(0, lineGetDevCaps(a, 2, 0x00020002, 0, &caps.c));
	EXPECT_EQ(LINEDEVSTATUSFLAGS_MSGWAIT, caps.c.dwSettableDevStatus);
	EXPECT_TRUE(caps.c.dwLineFeatures & LINEFEATURE_SETDEVSTATUS);
	EXPECT_TRUE(caps.c.dwLineStates & LINEDEVSTATE_MSGWAITON);
	ASSERT_EQ(0, lineOpen(b, 2, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineSetStatusMessages(lb, LINEDEVSTATE_MSGWAITON | LINEDEVSTATE_MSGWAITOFF,
					   0));
	id = lineSetLineDevStatus(lb, LINEDEVSTATUSFLAGS_MSGWAIT, 1);
	ASSERT_LT(0, id);
	EXPECT_EQ(0, reply_of(b, id));
	m = wait_msg(b, LINE_LINEDEVSTATE, lb, LINEDEVSTATE_MSGWAITON);
	EXPECT_EQ(LINEDEVSTATE_MSGWAITON, m.dwParam1);
	ASSERT_EQ(0, lineGetLineDevStatus(la, &ds));
	EXPECT_TRUE(ds.dwDevStatusFlags & LINEDEVSTATUSFLAGS_MSGWAIT);
	EXPECT_EQ(0, drain(a, 200)) TH_LOG("a did not ask to be told");
	id = lineSetLineDevStatus(la, LINEDEVSTATUSFLAGS_MSGWAIT, 0);
	EXPECT_EQ(0, reply_of(a, id));
	m = wait_msg(b, LINE_LINEDEVSTATE, lb, LINEDEVSTATE_MSGWAITOFF);
	EXPECT_EQ(LINEDEVSTATE_MSGWAITOFF, m.dwParam1);
	ASSERT_EQ(0, lineGetLineDevStatus(la, &ds));
	EXPECT_EQ(0, ds.dwDevStatusFlags & LINEDEVSTATUSFLAGS_MSGWAIT);
	EXPECT_EQ(LINEERR_INVALLINESTATE, lineSetLineDevStatus(la, LINEDEVSTATUSFLAGS_LOCKED, 1));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetLineDevStatus(la, 0, 1));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetLineDevStatus(la, LINEDEVSTATUSFLAGS_MSGWAIT |
							   LINEDEVSTATUSFLAGS_LOCKED, 1));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineSetLineDevStatus(0, LINEDEVSTATUSFLAGS_MSGWAIT, 1));
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(b));
}

/* Start the second owner as "tapi_prio_b"; its end of the pipe in *fd. */
static pid_t start_prio_child(int *fd)
{
	char num[16];
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (!pid) {
		close(p[0]);
		snprintf(num, sizeof(num), "%d", p[1]);
		setenv("TAPI_PRIO_FD", num, 1);
		execl("/proc/self/exe", "tapi_prio_b", (char *)NULL);
		_exit(3);
	}
	close(p[1]);
	*fd = p[0];
	return pid;
}

/*
 * lineSetAppPriority's lists decide which of two processes owning voice
 * calls on a line gets a new one: the listed first; lineGetAppPriority
 * tells the ranks.
 */
FIXTURE(prio) {
	int unused;
};

FIXTURE_SETUP(prio)
{
}

FIXTURE_TEARDOWN(prio)
{
}

/* two processes, each starting libtapi: slow under ASan and the debug kernel */
TEST_F_TIMEOUT(prio, app_priority_routes_new_calls, 120)
{
	const char *me = program_invocation_short_name;
	HLINEAPP c, p;
	HLINE lc, lp;
	HCALL call;
	LINEMESSAGE m;
	DWORD ndevs, prio = 7;
	int round, fd, status;
	char ready, got;
	pid_t pid;

	lineSetAppPriority(me, VOICE, NULL, 0, NULL, 0);
	lineSetAppPriority("tapi_prio_b", VOICE, NULL, 0, NULL, 0);
	ASSERT_EQ(0, lineSetAppPriority("tapi_prio_b", VOICE, NULL, 0, NULL, 1));
	EXPECT_EQ(0, lineGetAppPriority("tapi_prio_b", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(1, prio);
	EXPECT_EQ(0, lineGetAppPriority(me, VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(0, prio);

	ASSERT_EQ(0, init_event(&c, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&p, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(c, 2, &lc, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	for (round = 0; round < 2; round++) {
		/* round 1: this process goes first in the list */
		if (round)
			ASSERT_EQ(0, lineSetAppPriority(me, VOICE, NULL, 0, NULL, 1));
		ASSERT_EQ(0, lineOpen(p, 3, &lp, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER,
				      VOICE, NULL));
		pid = start_prio_child(&fd);
		ASSERT_LT(0, pid);
		ASSERT_EQ(1, read(fd, &ready, 1));
		ASSERT_LT(0, lineMakeCall(lc, &call, "1004", 0, NULL));
		m = wait_msg(p, LINE_APPNEWCALL, lp, 0);
		ASSERT_EQ(1, read(fd, &got, 1));
		if (round) {
			EXPECT_EQ(LINE_APPNEWCALL, m.dwMessageID) TH_LOG("listed first: ours");
			EXPECT_EQ('0', got);
		} else {
			EXPECT_EQ(0, m.dwMessageID) TH_LOG("the other process is listed first");
			EXPECT_EQ('1', got);
		}
		close(fd);
		waitpid(pid, &status, 0);
		EXPECT_EQ(0, status);
		ASSERT_LT(0, lineDrop(call, NULL, 0));
		m = wait_msg(c, LINE_CALLSTATE, call, LINECALLSTATE_IDLE);
		EXPECT_EQ(LINECALLSTATE_IDLE, m.dwParam1);
		EXPECT_EQ(0, lineDeallocateCall(call));
		EXPECT_EQ(0, lineClose(lp));
	}
	EXPECT_EQ(0, lineGetAppPriority(me, VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(1, prio);
	EXPECT_EQ(0, lineGetAppPriority("tapi_prio_b", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(2, prio);
	/* taken off: not ranked */
	EXPECT_EQ(0, lineSetAppPriority(me, VOICE, NULL, 0, NULL, 0));
	EXPECT_EQ(0, lineSetAppPriority("tapi_prio_b", VOICE, NULL, 0, NULL, 0));
	EXPECT_EQ(0, lineGetAppPriority(me, VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(0, prio);
	/* the request modes have lists too */
	EXPECT_EQ(0, lineSetAppPriority(me, 0, NULL, LINEREQUESTMODE_MAKECALL, NULL, 1));
	EXPECT_EQ(0, lineGetAppPriority(me, 0, NULL, LINEREQUESTMODE_MAKECALL, NULL, &prio));
	EXPECT_EQ(1, prio);
	EXPECT_EQ(0, lineSetAppPriority(me, 0, NULL, LINEREQUESTMODE_MAKECALL, NULL, 0));
	/* bad input */
	EXPECT_EQ(LINEERR_INVALAPPNAME, lineSetAppPriority(NULL, VOICE, NULL, 0, NULL, 1));
	EXPECT_EQ(LINEERR_INVALAPPNAME, lineSetAppPriority("", VOICE, NULL, 0, NULL, 1));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE,
		  lineSetAppPriority(me, VOICE | LINEMEDIAMODE_G3FAX, NULL, 0, NULL, 1));
	EXPECT_EQ(LINEERR_INVALREQUESTMODE, lineSetAppPriority(me, 0, NULL, 4, NULL, 1));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetAppPriority(me, VOICE, NULL, 0, NULL, 2));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetAppPriority(me, VOICE, NULL, 0, NULL, NULL));
	EXPECT_EQ(0, lineShutdown(c));
	EXPECT_EQ(0, lineShutdown(p));
}

TEST_HARNESS_MAIN
