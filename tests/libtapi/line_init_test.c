// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtapi starting and opening lines against the kernel and tapi_sim's
 * default exchange: initialisation and version negotiation, bad input to
 * lineInitializeEx, device capabilities with TAPI's variable-size
 * structure rules, lineOpen and lineClose, lines that come and go while
 * an application runs, and another application starting without opening
 * the lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"
#include "line_util.h"

/*
 * Run as a child by another_application_starting_is_no_open_of_the_line,
 * before the harness: LINE_INIT_TEST_CHILD=init starts TAPI and shuts it
 * down, =open also opens line 0 (device ID 0) between the two.
 */
__attribute__((constructor)) static void child_mode(void)
{
	const char *mode = getenv("LINE_INIT_TEST_CHILD");
	HLINEAPP app;
	HLINE line;
	DWORD n;

	if (!mode)
		return;
	if (init_event(&app, &n, NULL) || !n)
		_exit(1);
	if (!strcmp(mode, "open") &&
	    lineOpen(app, 0, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL))
		_exit(2);
	_exit(lineShutdown(app) ? 3 : 0);
}

/* This program again as a child in @mode (above): its exit status. */
static int run_child(const char *mode)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		setenv("LINE_INIT_TEST_CHILD", mode, 1);
		execl("/proc/self/exe", "line_init_test", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST(initialise_negotiate_and_shut_down)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD ndevs = 0, version = 0x00030000, v;
	LINEEXTENSIONID ext;
	HLINEAPP app, app2;

	ASSERT_EQ(0, lineInitializeEx(&app, NULL, NULL, "t", &ndevs, &version, &p));
	EXPECT_EQ(4, ndevs) TH_LOG("tapi_sim's four lines");
	EXPECT_EQ(0x00020002, version);
	EXPECT_LE(0, TAPI_HANDLE_FD(p.Handles.hEvent));
	EXPECT_EQ(sizeof(p), p.dwUsedSize);
	EXPECT_NE(0, app);

	/* the highest both know, and nothing of an extension */
	memset(&ext, 0xff, sizeof(ext));
	EXPECT_EQ(0, lineNegotiateAPIVersion(app, 0, 0x00010003, 0x00030001, &v, &ext));
	EXPECT_EQ(0x00020002, v);
	EXPECT_EQ(0, ext.dwExtensionID0 | ext.dwExtensionID1 | ext.dwExtensionID2 |
		     ext.dwExtensionID3);
	EXPECT_EQ(0, lineNegotiateAPIVersion(app, 3, 0x00010004, 0x00020000, &v, &ext));
	EXPECT_EQ(0x00020000, v);
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineNegotiateAPIVersion(app, 0, 0x00030000, 0x00030001, &v, &ext));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineNegotiateAPIVersion(app, 0, 0x00010000, 0x00010002, &v, &ext));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineNegotiateAPIVersion(app, 0, 0x00020002, 0x00020000, &v, &ext));
	EXPECT_EQ(LINEERR_BADDEVICEID,
		  lineNegotiateAPIVersion(app, ndevs, 0x00010003, 0x00020002, &v, &ext));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineNegotiateAPIVersion(app, 0, 0x00010003, 0x00020002, NULL, &ext));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineNegotiateAPIVersion(app, 0, 0x00010003, 0x00020002, &v, NULL));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE,
		  lineNegotiateAPIVersion(0, 0, 0x00010003, 0x00020002, &v, &ext));
	/* no provider extensions to negotiate */
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL,
		  lineNegotiateExtVersion(app, 0, 0x00020002, 0x00010000, 0x00020000, &v));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineNegotiateExtVersion(app, 0, 0x00030000, 0x00010000, 0x00020000, &v));
	EXPECT_EQ(LINEERR_BADDEVICEID,
		  lineNegotiateExtVersion(app, ndevs, 0x00020002, 0x00010000, 0x00020000, &v));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineNegotiateExtVersion(app, 0, 0x00020002, 0x00010000, 0x00020000, NULL));

	/* a second application beside it gets its own handle */
	ASSERT_EQ(0, init_event(&app2, &ndevs, NULL));
	EXPECT_NE(app, app2);
	EXPECT_EQ(0, lineShutdown(app2));
	EXPECT_EQ(0, lineShutdown(app));
	/* stale now: every function says so */
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineShutdown(app));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE,
		  lineNegotiateAPIVersion(app, 0, 0x00010003, 0x00020002, &v, &ext));
	{
		LINEMESSAGE m;

		EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineGetMessage(app, &m, 0));
	}
}

TEST(lineInitializeEx_refuses_bad_input)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD ndevs, version = 0x00020002;
	HLINEAPP app;

	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineInitializeEx(NULL, NULL, NULL, "t", &ndevs, &version, &p));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineInitializeEx(&app, NULL, NULL, "t", NULL, &version, &p));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineInitializeEx(&app, NULL, NULL, "t", &ndevs, NULL, &p));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineInitializeEx(&app, NULL, NULL, "t", &ndevs, &version, NULL));
	version = 0x00010004;	/* lineInitializeEx is 2.0's */
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineInitializeEx(&app, NULL, NULL, "t", &ndevs, &version, &p));
	version = 0x00020002;
	p.dwTotalSize = sizeof(p) - 1;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL,
		  lineInitializeEx(&app, NULL, NULL, "t", &ndevs, &version, &p));
	p.dwTotalSize = sizeof(p);
	p.dwOptions = 7;
	EXPECT_EQ(LINEERR_INVALPARAM,
		  lineInitializeEx(&app, NULL, NULL, "t", &ndevs, &version, &p));
	p.dwOptions = LINEINITIALIZEEXOPTION_USECOMPLETIONPORT;
	EXPECT_EQ(LINEERR_INVALPARAM,
		  lineInitializeEx(&app, NULL, NULL, "t", &ndevs, &version, &p));
	p.dwOptions = LINEINITIALIZEEXOPTION_USEHIDDENWINDOW;	/* needs a callback */
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineInitializeEx(&app, NULL, NULL, "t", &ndevs, &version, &p));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineInitialize(&app, NULL, NULL, "t", &ndevs));
}

TEST(device_capabilities_follow_the_variable_size_rules)
{
	union {
		LINEDEVCAPS c;
		char buf[2048];
	} u;
	LINEDEVCAPS small;
	HLINEAPP app;
	DWORD ndevs;
	char *name;

	ASSERT_EQ(0, init_event(&app, &ndevs, NULL));
	memset(&u, 0xaa, sizeof(u));
	u.c.dwTotalSize = sizeof(u);
	ASSERT_EQ(0, lineGetDevCaps(app, 1, 0x00020002, 0, &u.c));
	EXPECT_EQ(u.c.dwNeededSize, u.c.dwUsedSize);
	EXPECT_LT(sizeof(LINEDEVCAPS), u.c.dwUsedSize);
	ASSERT_NE(0, u.c.dwLineNameSize);
	name = u.buf + u.c.dwLineNameOffset;
	EXPECT_STREQ("tapi_sim subscriber line 1002", name);
	EXPECT_EQ(strlen(name) + 1, u.c.dwLineNameSize);
	EXPECT_STREQ("libtapi tapi_sim", u.buf + u.c.dwProviderInfoOffset);
	EXPECT_EQ(0, memcmp("tapi/line\0tapi/providerid\0tapi/audio\0tapi/audio/ulaw\0"
			    "tapi/audio/alaw\0wave/in\0wave/out\0tapi/phone\0\0",
			    u.buf + u.c.dwDeviceClassesOffset, u.c.dwDeviceClassesSize));
	EXPECT_EQ(STRINGFORMAT_ASCII, u.c.dwStringFormat);
	EXPECT_EQ(1, u.c.dwNumAddresses);
	EXPECT_EQ(1, u.c.dwPermanentLineID);
	EXPECT_TRUE(u.c.dwMediaModes & VOICE);
	EXPECT_TRUE(u.c.dwGenerateDigitModes & LINEDIGITMODE_DTMF);
	EXPECT_TRUE(u.c.dwMonitorDigitModes & LINEDIGITMODE_DTMFEND);
	EXPECT_TRUE(u.c.dwLineFeatures & LINEFEATURE_MAKECALL);
	EXPECT_EQ(0, u.c.dwSwitchInfoSize);
	/* the variable part is within what was used */
	EXPECT_GE(u.c.dwUsedSize, u.c.dwLineNameOffset + u.c.dwLineNameSize);

	/* only the fixed part fits: it is filled, no variable part is cut */
	memset(&small, 0xaa, sizeof(small));
	small.dwTotalSize = sizeof(small);
	ASSERT_EQ(0, lineGetDevCaps(app, 1, 0x00020002, 0, &small));
	EXPECT_EQ(sizeof(small), small.dwUsedSize);
	EXPECT_EQ(u.c.dwNeededSize, small.dwNeededSize);
	EXPECT_EQ(0, small.dwLineNameSize);
	EXPECT_EQ(0, small.dwLineNameOffset);
	EXPECT_EQ(0, small.dwProviderInfoSize);
	EXPECT_EQ(1, small.dwNumAddresses);

	/* a TAPI 1.4 application's structure is smaller, and enough for it */
	memset(&small, 0, sizeof(small));
	small.dwTotalSize = offsetof(LINEDEVCAPS, dwSettableDevStatus);
	EXPECT_EQ(0, lineGetDevCaps(app, 1, 0x00010004, 0, &small));
	EXPECT_EQ(0, small.dwDeviceClassesSize) TH_LOG("not a 1.4 field");
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetDevCaps(app, 1, 0x00020002, 0, &small));
	small.dwTotalSize = 8;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetDevCaps(app, 1, 0x00010004, 0, &small));

	small.dwTotalSize = sizeof(small);
	EXPECT_EQ(LINEERR_BADDEVICEID, lineGetDevCaps(app, ndevs, 0x00020002, 0, &small));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION, lineGetDevCaps(app, 1, 0x00030000, 0, &small));
	EXPECT_EQ(LINEERR_INCOMPATIBLEEXTVERSION, lineGetDevCaps(app, 1, 0x00020002, 1, &small));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetDevCaps(app, 1, 0x00020002, 0, NULL));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineGetDevCaps(app + 1, 1, 0x00020002, 0, &small));
	EXPECT_EQ(0, lineShutdown(app));
}

TEST(lineOpen_and_lineClose_check_their_arguments)
{
	LINECALLPARAMS cp = { .dwTotalSize = sizeof(cp), .dwMediaMode = VOICE };
	HLINEAPP app;
	DWORD ndevs, ls, as;
	HLINE line, l2;

	ASSERT_EQ(0, init_event(&app, &ndevs, NULL));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineOpen(app, 0, NULL, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	EXPECT_EQ(LINEERR_BADDEVICEID,
		  lineOpen(app, ndevs, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineOpen(app, 0, &line, 0x00030000, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	EXPECT_EQ(LINEERR_INCOMPATIBLEEXTVERSION,
		  lineOpen(app, 0, &line, 0x00020002, 1, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	EXPECT_EQ(LINEERR_INVALPRIVSELECT,
		  lineOpen(app, 0, &line, 0x00020002, 0, 0, 0, 0, NULL));
	EXPECT_EQ(LINEERR_INVALPRIVSELECT,
		  lineOpen(app, 0, &line, 0x00020002, 0, 0, 0x10, 0, NULL));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE,
		  lineOpen(app, 0, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, 0, NULL));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE,
		  lineOpen(app, 0, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER,
			   LINEMEDIAMODE_VIDEO, NULL));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE,
		  lineOpen(0, 0, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));

	/* LINEMAPPER: the first line that carries the media mode */
	ASSERT_EQ(0, lineOpen(app, LINEMAPPER, &line, 0x00020002, 0, 0,
			      LINECALLPRIVILEGE_OWNER, VOICE, &cp));
	ASSERT_EQ(0, lineOpen(app, 0, &l2, 0x00020002, 0, 0, LINECALLPRIVILEGE_MONITOR, 0,
			      NULL));
	EXPECT_NE(line, l2);

	/* status messages: what is asked is what is reported */
	EXPECT_EQ(0, lineSetStatusMessages(line, LINEDEVSTATE_RINGING | LINEDEVSTATE_OPEN, 0));
	EXPECT_EQ(0, lineGetStatusMessages(line, &ls, &as));
	EXPECT_EQ(LINEDEVSTATE_RINGING | LINEDEVSTATE_OPEN, ls);
	EXPECT_EQ(0, as);
	EXPECT_EQ(LINEERR_INVALLINESTATE, lineSetStatusMessages(line, 0x80000000, 0));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetStatusMessages(line, NULL, &as));

	EXPECT_EQ(0, lineClose(l2));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineClose(l2));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineSetStatusMessages(l2, 0, 0));
	EXPECT_EQ(0, lineShutdown(app));
	/* shutting down closed the other */
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineClose(line));
}

#define HOT_EX "/sys/kernel/config/tapi_sim/libtapi_hot"

/*
 * A line device that comes while the application runs gets the next
 * device ID (LINE_CREATE); one that goes closes the lines open on it
 * (LINE_CLOSE) and is announced (LINE_REMOVE); its ID stays taken.
 */
TEST(lines_that_come_and_go_while_running)
{
	LINEDEVCAPS caps = { .dwTotalSize = sizeof(caps) };
	LINEEXTENSIONID ext;
	HLINEAPP app;
	DWORD ndevs, v;
	LINEMESSAGE m;
	HLINE line = 0;

	rmdir(HOT_EX "/5501");
	rmdir(HOT_EX);
	if (mkdir(HOT_EX, 0755))
		SKIP(return, "%s: %s (configfs, tapi_sim)", HOT_EX, strerror(errno));
	ASSERT_EQ(0, mkdir(HOT_EX "/5501", 0755));
	ASSERT_EQ(0, init_event(&app, &ndevs, NULL));
	EXPECT_EQ(4, ndevs);

	/* from here on, nothing stops the test before the exchange goes */
	EXPECT_EQ(0, put(HOT_EX "/live", "1"));
	m = wait_msg(app, LINE_CREATE, 0, 0);
	EXPECT_EQ(LINE_CREATE, m.dwMessageID);
	EXPECT_EQ(ndevs, m.dwParam1);
	EXPECT_EQ(0, lineNegotiateAPIVersion(app, ndevs, 0x00010003, 0x00020002, &v, &ext));
	EXPECT_EQ(0, lineGetDevCaps(app, ndevs, 0x00020002, 0, &caps));
	EXPECT_EQ(0, lineOpen(app, ndevs, &line, 0x00020002, 0, 0x55, LINECALLPRIVILEGE_OWNER,
			      VOICE, NULL));

	/* its last line gone, the exchange goes down */
	EXPECT_EQ(0, rmdir(HOT_EX "/5501"));
	m = wait_msg(app, LINE_CLOSE, line, 0);
	EXPECT_EQ(LINE_CLOSE, m.dwMessageID);
	EXPECT_EQ(0x55, m.dwCallbackInstance);
	m = wait_msg(app, LINE_REMOVE, 0, 0);
	EXPECT_EQ(LINE_REMOVE, m.dwMessageID);
	EXPECT_EQ(ndevs, m.dwParam1);
	EXPECT_EQ(LINEERR_NODEVICE,
		  lineNegotiateAPIVersion(app, ndevs, 0x00010003, 0x00020002, &v, &ext));
	EXPECT_EQ(LINEERR_NODEVICE, lineOpen(app, ndevs, &line, 0x00020002, 0, 0,
					     LINECALLPRIVILEGE_NONE, 0, NULL));
	EXPECT_EQ(0, lineClose(line)) TH_LOG("the handle stays until closed");
	EXPECT_EQ(0, rmdir(HOT_EX));
	EXPECT_EQ(0, lineShutdown(app));
}

/*
 * Another process starting TAPI learns what the lines are from sysfs: it
 * does not open them, so an application watching a line for opens and
 * closes hears of that process's lineOpen only.
 */
TEST(another_application_starting_is_no_open_of_the_line)
{
	LINEDEVSTATUS st = { .dwTotalSize = sizeof(st) };
	HLINEAPP app;
	LINEMESSAGE m;
	HLINE line;
	DWORD ndevs;
	int opens = 0, closes = 0;

	ASSERT_EQ(0, init_event(&app, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(app, 0, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_MONITOR, 0,
			      NULL));
	ASSERT_EQ(0, lineSetStatusMessages(line, LINEDEVSTATE_OPEN | LINEDEVSTATE_CLOSE, 0));

	ASSERT_EQ(0, run_child("init"));
	while (next(app, &m, 700))
		if (m.dwMessageID == LINE_LINEDEVSTATE)
			opens++;
	EXPECT_EQ(0, opens) TH_LOG("a process that only started TAPI opened the line");
	ASSERT_EQ(0, lineGetLineDevStatus(line, &st));
	EXPECT_EQ(1, st.dwNumOpens);

	/* what the check above would see of an open: the child's lineOpen */
	ASSERT_EQ(0, run_child("open"));
	while (next(app, &m, 700))
		if (m.dwMessageID == LINE_LINEDEVSTATE) {
			opens += m.dwParam1 == LINEDEVSTATE_OPEN;
			closes += m.dwParam1 == LINEDEVSTATE_CLOSE;
		}
	EXPECT_EQ(1, opens);
	EXPECT_EQ(1, closes);
	EXPECT_EQ(0, lineShutdown(app));
}

TEST_HARNESS_MAIN
