// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtapi's line functions against the kernel and tapi_sim's default
 * exchange (lines 1001-1004 as /dev/tapi0-3, the first four device IDs):
 * initialisation and version negotiation, device capabilities with TAPI's
 * variable-size structure rules, a call from one application to another
 * with every message checked in order, the three ways messages arrive
 * (lineGetMessage with its timeouts, the event descriptor, the callback
 * thread), and bad input to every function.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"

#define VOICE LINEMEDIAMODE_INTERACTIVEVOICE
#define CALL_DATA_MAX 4096	/* a call's data, as docs/libtapi.md says */

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* An application with the event option: 0 or the error. */
static LONG init_event(HLINEAPP *app, DWORD *ndevs, int *fd)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = 0x00020002;
	LONG r = lineInitializeEx(app, NULL, NULL, "line_api_test", ndevs, &version, &p);

	if (!r && fd)
		*fd = TAPI_HANDLE_FD(p.Handles.hEvent);
	return r;
}

/*
 * Run as a child by another_application_starting_is_no_open_of_the_line,
 * before the harness: LINE_API_TEST_CHILD=init starts TAPI and shuts it
 * down, =open also opens line 0 (device ID 0) between the two.
 */
__attribute__((constructor)) static void child_mode(void)
{
	const char *mode = getenv("LINE_API_TEST_CHILD");
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
		setenv("LINE_API_TEST_CHILD", mode, 1);
		execl("/proc/self/exe", "line_api_test", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static const char *msg_name(DWORD id)
{
	static const char *const names[] = {
		"ADDRESSSTATE", "CALLINFO", "CALLSTATE", "CLOSE", "DEVSPECIFIC",
		"DEVSPECIFICFEATURE", "GATHERDIGITS", "GENERATE", "LINEDEVSTATE",
		"MONITORDIGITS", "MONITORMEDIA", "MONITORTONE", "REPLY", "REQUEST",
		"PHONE_BUTTON", "PHONE_CLOSE", "PHONE_DEVSPECIFIC", "PHONE_REPLY",
		"PHONE_STATE", "CREATE", "PHONE_CREATE", "AGENTSPECIFIC", "AGENTSTATUS",
		"APPNEWCALL", "PROXYREQUEST", "REMOVE",
	};

	return id < sizeof(names) / sizeof(names[0]) ? names[id] : "?";
}

/* The next message within @ms: 1 with it in *m, else 0. */
static int next(HLINEAPP app, LINEMESSAGE *m, DWORD ms)
{
	LONG r = lineGetMessage(app, m, ms);

	if (r)
		return 0;
	fprintf(stderr, "#   msg %s dev 0x%x p1 0x%lx p2 0x%lx p3 0x%lx\n",
		msg_name(m->dwMessageID), m->hDevice, (unsigned long)m->dwParam1,
		(unsigned long)m->dwParam2, (unsigned long)m->dwParam3);
	return 1;
}

/* The next message must be @id (about @dev unless 0): its params. */
#define EXPECT_MSG(app, id, dev) ({						\
	LINEMESSAGE _m = { 0 };							\
	int _got = next(app, &_m, 6000);					\
	EXPECT_TRUE(_got) TH_LOG("no LINE_%s", msg_name(id));		\
	if (_got) {								\
		EXPECT_EQ((DWORD)(id), _m.dwMessageID)				\
			TH_LOG("LINE_%s, not LINE_%s", msg_name(_m.dwMessageID),\
			       msg_name(id));					\
		if ((dev))							\
			EXPECT_EQ((DWORD)(dev), _m.hDevice);			\
	}									\
	_m; })

/* Skip messages until one @id about @dev comes (6 s): it, or zeros. */
static LINEMESSAGE wait_msg(HLINEAPP app, DWORD id, DWORD dev, DWORD p1)
{
	LINEMESSAGE m = { 0 };
	double until = now_ms() + 6000;

	while (now_ms() < until)
		if (next(app, &m, 500) && m.dwMessageID == id && (!dev || m.hDevice == dev) &&
		    (!p1 || m.dwParam1 == p1))
			return m;
	memset(&m, 0, sizeof(m));
	return m;
}

/* A call's audio descriptor in @class (lineGetID): fd or -1. */
static int audio_fd(HCALL c, const char *class)
{
	union {
		VARSTRING v;
		char buf[64];
	} u = { .v.dwTotalSize = sizeof(u) };
	DWORD fd;

	if (lineGetID(0, 0, c, LINECALLSELECT_CALL, &u.v, class) ||
	    u.v.dwStringFormat != STRINGFORMAT_BINARY || u.v.dwStringSize != sizeof(fd))
		return -1;
	memcpy(&fd, u.buf + u.v.dwStringOffset, sizeof(fd));
	return (int)fd;
}

/*
 * 16-bit samples 1000, 1001, ... written on @from's descriptor arrive in
 * order on @to's (a connection passes linear audio bit-exact); classes
 * and selections lineGetID refuses.
 */
static void audio_crosses(struct __test_metadata *_metadata, HCALL from, HCALL to)
{
	int16_t out[160], in[160];
	int wfd = audio_fd(from, "tapi/audio"), rfd = audio_fd(to, "tapi/audio");
	int ufd = audio_fd(to, "tapi/audio/ulaw");
	int next = -1, matched = 0, k, i;
	union {
		VARSTRING v;
		char buf[64];
	} u = { .v.dwTotalSize = sizeof(u) };
	DWORD id;

	ASSERT_LE(0, wfd);
	ASSERT_LE(0, rfd);
	ASSERT_LE(0, ufd);
	/* G.711: a byte a sample, 20 ms chunks */
	EXPECT_EQ(160, read(ufd, in, sizeof(in)));
	close(ufd);
	for (k = 0; k < 10; k++) {
		for (i = 0; i < 160; i++)
			out[i] = (int16_t)(1000 + k * 160 + i);
		ASSERT_EQ(sizeof(out), write(wfd, out, sizeof(out)));
	}
	for (k = 0; k < 60 && matched < 800; k++) {
		ASSERT_EQ(sizeof(in), read(rfd, in, sizeof(in)));
		for (i = 0; i < 160; i++) {
			if (next < 0 && in[i] == 1000)
				next = 1000;
			if (next < 0)
				continue;
			if (in[i] != next) {
				if (next < 2600)
					EXPECT_EQ(next, in[i]);
				break;
			}
			next++;
			matched++;
		}
	}
	EXPECT_LE(800, matched) TH_LOG("samples heard in order: %d", matched);
	close(wfd);
	close(rfd);

	/* the line as a TAPI device ID; classes there are not */
	ASSERT_EQ(0, lineGetID(0, 0, to, LINECALLSELECT_CALL, &u.v, "tapi/line"));
	memcpy(&id, u.buf + u.v.dwStringOffset, sizeof(id));
	EXPECT_EQ(1, id);
	EXPECT_EQ(LINEERR_INVALDEVICECLASS,
		  lineGetID(0, 0, to, LINECALLSELECT_CALL, &u.v, "comm/datamodem"));
	EXPECT_EQ(LINEERR_INVALCALLSELECT, lineGetID(0, 0, to, 0x40, &u.v, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetID(0, 0, to, LINECALLSELECT_CALL, &u.v, NULL));
	u.v.dwTotalSize = sizeof(VARSTRING);
	EXPECT_EQ(0, lineGetID(0, 0, to, LINECALLSELECT_CALL, &u.v, "tapi/audio"));
	EXPECT_EQ(0, u.v.dwStringSize) TH_LOG("no room: no descriptor, only the size needed");
	EXPECT_EQ(sizeof(VARSTRING) + 4, u.v.dwNeededSize);
}

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

/*
 * 1001 calls 1002, each line in its own application: the caller's reply
 * comes before any message about its call, the callee learns of a new call
 * with its privilege, caller ID arrives, answering connects both, the
 * caller hangs up, and the handles go with lineDeallocateCall.
 */
TEST(a_call_from_one_application_to_another)
{
	union {
		LINECALLINFO i;
		char buf[1024];
	} u;
	LINECALLSTATUS st;
	HLINEAPP a, b;
	HLINE la, lb;
	HCALL ca = 0, cb;
	LINEMESSAGE m;
	DWORD ndevs;
	LONG req;

	ASSERT_EQ(0, init_event(&a, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&b, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(a, 0, &la, 0x00020002, 0, 0x1111, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(b, 1, &lb, 0x00020002, 0, 0x2222, LINECALLPRIVILEGE_OWNER, VOICE,
			      NULL));

	req = lineMakeCall(la, &ca, "1002", 0, NULL);
	ASSERT_LT(0, req);
	m = EXPECT_MSG(a, LINE_REPLY, 0);
	EXPECT_EQ((DWORD_PTR)req, m.dwParam1);
	EXPECT_EQ(0, m.dwParam2);
	EXPECT_EQ(0x1111, m.dwCallbackInstance);
	ASSERT_NE(0, ca);
	m = EXPECT_MSG(a, LINE_CALLSTATE, ca);
	EXPECT_EQ(LINECALLSTATE_DIALING, m.dwParam1);
	EXPECT_EQ(0, m.dwParam3) TH_LOG("its own call: no privilege to announce");
	m = EXPECT_MSG(a, LINE_CALLSTATE, ca);
	EXPECT_EQ(LINECALLSTATE_RINGBACK, m.dwParam1);

	/* the callee: a new call, then its state with the privilege */
	m = EXPECT_MSG(b, LINE_APPNEWCALL, lb);
	EXPECT_EQ(0, m.dwParam1);
	cb = (HCALL)m.dwParam2;
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, m.dwParam3);
	EXPECT_EQ(0x2222, m.dwCallbackInstance);
	m = EXPECT_MSG(b, LINE_CALLSTATE, cb);
	EXPECT_EQ(LINECALLSTATE_OFFERING, m.dwParam1);
	EXPECT_EQ(LINEOFFERINGMODE_ACTIVE, m.dwParam2);
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, m.dwParam3);
	m = wait_msg(b, LINE_CALLINFO, cb, 0);
	EXPECT_TRUE(m.dwParam1 & LINECALLINFOSTATE_CALLERID);

	memset(&u, 0, sizeof(u));
	u.i.dwTotalSize = sizeof(u);
	ASSERT_EQ(0, lineGetCallInfo(cb, &u.i));
	EXPECT_EQ(lb, u.i.hLine);
	EXPECT_EQ(1, u.i.dwLineDeviceID);
	EXPECT_EQ(VOICE, u.i.dwMediaMode);
	EXPECT_EQ(LINECALLORIGIN_INTERNAL, u.i.dwOrigin);
	EXPECT_EQ(LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME, u.i.dwCallerIDFlags);
	ASSERT_NE(0, u.i.dwCallerIDSize);
	EXPECT_STREQ("1001", u.buf + u.i.dwCallerIDOffset);
	EXPECT_STREQ("Line 1001", u.buf + u.i.dwCallerIDNameOffset);
	EXPECT_EQ(u.i.dwNeededSize, u.i.dwUsedSize);

	memset(&st, 0, sizeof(st));
	st.dwTotalSize = sizeof(st);
	ASSERT_EQ(0, lineGetCallStatus(cb, &st));
	EXPECT_EQ(LINECALLSTATE_OFFERING, st.dwCallState);
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, st.dwCallPrivilege);
	EXPECT_TRUE(st.dwCallFeatures & LINECALLFEATURE_ANSWER);
	EXPECT_LE(2024, st.tStateEntryTime.wYear);

	/* answered: connected both ways */
	req = lineAnswer(cb, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(b, LINE_REPLY, 0, (DWORD_PTR)req);
	EXPECT_EQ(0, m.dwParam2);
	m = wait_msg(b, LINE_CALLSTATE, cb, LINECALLSTATE_CONNECTED);
	EXPECT_EQ(LINECONNECTEDMODE_ACTIVE, m.dwParam2);
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_CONNECTED);
	EXPECT_EQ(LINECALLSTATE_CONNECTED, m.dwParam1);
	ASSERT_EQ(0, lineGetCallStatus(ca, &st));
	EXPECT_EQ(LINECALLSTATE_CONNECTED, st.dwCallState);
	EXPECT_TRUE(st.dwCallFeatures & LINECALLFEATURE_DROP);
	EXPECT_FALSE(st.dwCallFeatures & LINECALLFEATURE_ANSWER);

	/* the call's audio, as descriptors: what one end says, the other hears */
	audio_crosses(_metadata, ca, cb);

	/* the sole owner of a live call cannot let it go */
	EXPECT_EQ(LINEERR_INVALCALLSTATE, lineDeallocateCall(ca));
	/* no conferences on these lines */
	{
		LINECALLLIST cl = { .dwTotalSize = sizeof(cl) };

		EXPECT_EQ(LINEERR_NOCONFERENCE, lineGetConfRelatedCalls(ca, &cl));
		EXPECT_EQ(LINEERR_INVALPOINTER, lineGetConfRelatedCalls(ca, NULL));
		cl.dwTotalSize = 8;
		EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetConfRelatedCalls(ca, &cl));
		EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineGetConfRelatedCalls(0, &cl));
	}

	/* the caller hangs up: idle here, disconnected (normal) there */
	req = lineDrop(ca, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(a, LINE_REPLY, 0, (DWORD_PTR)req);
	EXPECT_EQ(0, m.dwParam2);
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_IDLE);
	EXPECT_EQ(LINECALLSTATE_IDLE, m.dwParam1);
	m = wait_msg(b, LINE_CALLSTATE, cb, LINECALLSTATE_DISCONNECTED);
	EXPECT_EQ(LINEDISCONNECTMODE_NORMAL, m.dwParam2);
	EXPECT_EQ(0, lineDeallocateCall(ca));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineDeallocateCall(ca));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineGetCallStatus(ca, &st));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineDrop(ca, NULL, 0));

	/* the callee drops its disconnected call, then lets it go */
	req = lineDrop(cb, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(b, LINE_CALLSTATE, cb, LINECALLSTATE_IDLE);
	EXPECT_EQ(LINECALLSTATE_IDLE, m.dwParam1);
	ASSERT_EQ(0, lineGetCallStatus(cb, &st));
	EXPECT_EQ(LINECALLSTATE_IDLE, st.dwCallState);
	EXPECT_EQ(0, lineDeallocateCall(cb));
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(b));
}

/* A call made in dial tone and dialed after, accepted before it is answered. */
TEST(dialing_after_dial_tone_and_accepting)
{
	HLINEAPP a, b;
	HLINE la, lb;
	HCALL ca, cb;
	LINEMESSAGE m;
	DWORD ndevs;
	LONG req;

	ASSERT_EQ(0, init_event(&a, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&b, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(a, 2, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(b, 3, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL));
	req = lineMakeCall(la, &ca, "", 0, NULL);
	ASSERT_LT(0, req);
	m = EXPECT_MSG(a, LINE_REPLY, 0);
	EXPECT_EQ((DWORD_PTR)req, m.dwParam1);
	m = EXPECT_MSG(a, LINE_CALLSTATE, ca);
	EXPECT_EQ(LINECALLSTATE_DIALTONE, m.dwParam1);
	EXPECT_EQ(LINEDIALTONEMODE_NORMAL, m.dwParam2);

	req = lineDial(ca, "10 04", 0);	/* spaces are for people */
	ASSERT_LT(0, req);
	m = EXPECT_MSG(a, LINE_REPLY, 0);
	EXPECT_EQ((DWORD_PTR)req, m.dwParam1);
	EXPECT_EQ(0, m.dwParam2);
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_RINGBACK);
	EXPECT_EQ(LINECALLSTATE_RINGBACK, m.dwParam1);

	m = EXPECT_MSG(b, LINE_APPNEWCALL, lb);
	cb = (HCALL)m.dwParam2;
	m = EXPECT_MSG(b, LINE_CALLSTATE, cb);
	EXPECT_EQ(LINECALLSTATE_OFFERING, m.dwParam1);
	req = lineAccept(cb, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(b, LINE_REPLY, 0, (DWORD_PTR)req);
	EXPECT_EQ(0, m.dwParam2);
	m = wait_msg(b, LINE_CALLSTATE, cb, LINECALLSTATE_ACCEPTED);
	EXPECT_EQ(LINECALLSTATE_ACCEPTED, m.dwParam1);

	/* the callee refuses it after all: the caller sees why */
	req = lineDrop(cb, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_DISCONNECTED);
	EXPECT_EQ(LINEDISCONNECTMODE_REJECT, m.dwParam2);
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(b));
}

/* A line's status and its address, idle and with a call; privileges changed. */
TEST(line_and_address_status_follow_the_calls)
{
	union {
		LINEADDRESSCAPS c;
		char buf[1024];
	} ac;
	LINEADDRESSSTATUS as = { .dwTotalSize = sizeof(as) };
	LINEDEVSTATUS ds = { .dwTotalSize = sizeof(ds) };
	LINECALLSTATUS st = { .dwTotalSize = sizeof(st) };
	HLINEAPP app, b;
	HLINE line, lb;
	HCALL c, cb;
	LINEMESSAGE m;
	DWORD ndevs, id = 7;

	ASSERT_EQ(0, init_event(&app, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&b, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(app, 0, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE,
			      NULL));
	ASSERT_EQ(0, lineOpen(b, 1, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL));

	ASSERT_EQ(0, lineGetLineDevStatus(line, &ds));
	EXPECT_LE(1, ds.dwNumOpens);
	EXPECT_TRUE(ds.dwOpenMediaModes & VOICE);
	EXPECT_EQ(0, ds.dwNumActiveCalls);
	EXPECT_EQ(LINEDEVSTATUSFLAGS_CONNECTED | LINEDEVSTATUSFLAGS_INSERVICE,
		  ds.dwDevStatusFlags);
	/* tapi_sim's lines have audio and a message-waiting lamp */
	EXPECT_EQ(LINEFEATURE_MAKECALL | LINEFEATURE_SETMEDIACONTROL | LINEFEATURE_SETDEVSTATUS,
		  ds.dwLineFeatures);
	EXPECT_EQ(LINEROAMMODE_UNAVAIL, ds.dwRoamMode);
	EXPECT_EQ(sizeof(ds), ds.dwUsedSize);

	memset(&ac, 0, sizeof(ac));
	ac.c.dwTotalSize = sizeof(ac);
	ASSERT_EQ(0, lineGetAddressCaps(app, 0, 0, 0x00020002, 0, &ac.c));
	EXPECT_EQ(0, ac.c.dwLineDeviceID);
	ASSERT_EQ(5, ac.c.dwAddressSize);
	EXPECT_STREQ("1001", ac.buf + ac.c.dwAddressOffset);
	EXPECT_TRUE(ac.c.dwCallStates & LINECALLSTATE_CONNECTED);
	EXPECT_TRUE(ac.c.dwDisconnectModes & LINEDISCONNECTMODE_BADADDRESS);
	EXPECT_TRUE(ac.c.dwCallerIDFlags & LINECALLPARTYID_BLOCKED);
	EXPECT_EQ(LINEADDRFEATURE_MAKECALL | LINEADDRFEATURE_SETMEDIACONTROL,
		  ac.c.dwAddressFeatures);
	EXPECT_EQ(LINEERR_INVALADDRESSID, lineGetAddressCaps(app, 0, 1, 0x00020002, 0, &ac.c));
	ac.c.dwTotalSize = 16;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL,
		  lineGetAddressCaps(app, 0, 0, 0x00020002, 0, &ac.c));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetAddressCaps(app, 0, 0, 0x00020002, 0, NULL));

	EXPECT_EQ(0, lineGetAddressID(line, &id, LINEADDRESSMODE_DIALABLEADDR, "1001", 5));
	EXPECT_EQ(0, id);
	EXPECT_EQ(LINEERR_INVALADDRESS,
		  lineGetAddressID(line, &id, LINEADDRESSMODE_DIALABLEADDR, "1002", 5));
	EXPECT_EQ(LINEERR_INVALADDRESSMODE,
		  lineGetAddressID(line, &id, LINEADDRESSMODE_ADDRESSID, "1001", 5));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineGetAddressID(line, NULL, LINEADDRESSMODE_DIALABLEADDR, "1001", 5));

	ASSERT_EQ(0, lineGetAddressStatus(line, 0, &as));
	EXPECT_EQ(0, as.dwNumInUse);
	EXPECT_EQ(LINEADDRFEATURE_MAKECALL, as.dwAddressFeatures);
	EXPECT_EQ(LINEERR_INVALADDRESSID, lineGetAddressStatus(line, 1, &as));

	/* talking: one active call, no call to make */
	ASSERT_LT(0, lineMakeCall(line, &c, "1002", 0, NULL));
	m = wait_msg(b, LINE_APPNEWCALL, lb, 0);
	cb = (HCALL)m.dwParam2;
	ASSERT_LT(0, lineAnswer(cb, NULL, 0));
	m = wait_msg(app, LINE_CALLSTATE, c, LINECALLSTATE_CONNECTED);
	ASSERT_EQ(LINECALLSTATE_CONNECTED, m.dwParam1);
	ASSERT_EQ(0, lineGetLineDevStatus(line, &ds));
	EXPECT_EQ(1, ds.dwNumActiveCalls);
	ASSERT_EQ(0, lineGetAddressStatus(line, 0, &as));
	EXPECT_EQ(1, as.dwNumInUse);
	EXPECT_EQ(1, as.dwNumActiveCalls);
	EXPECT_EQ(0, as.dwAddressFeatures);

	/* a monitor cannot drop; an owner again can */
	EXPECT_EQ(LINEERR_INVALCALLPRIVILEGE, lineSetCallPrivilege(c, 0x10));
	EXPECT_EQ(0, lineSetCallPrivilege(c, LINECALLPRIVILEGE_MONITOR));
	ASSERT_EQ(0, lineGetCallStatus(c, &st));
	EXPECT_EQ(LINECALLPRIVILEGE_MONITOR, st.dwCallPrivilege);
	EXPECT_EQ(0, st.dwCallFeatures);
	EXPECT_EQ(LINEERR_NOTOWNER, lineDrop(c, NULL, 0));
	EXPECT_EQ(0, lineSetCallPrivilege(c, LINECALLPRIVILEGE_OWNER));
	ASSERT_LT(0, lineDrop(c, NULL, 0));
	m = wait_msg(app, LINE_CALLSTATE, c, LINECALLSTATE_IDLE);
	EXPECT_EQ(LINECALLSTATE_IDLE, m.dwParam1);
	EXPECT_EQ(LINEERR_INVALCALLSTATE, lineSetCallPrivilege(c, LINECALLPRIVILEGE_MONITOR));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineGetLineDevStatus(0, &ds));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetLineDevStatus(line, NULL));
	ds.dwTotalSize = 12;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetLineDevStatus(line, &ds));
	EXPECT_EQ(0, lineShutdown(app));
	EXPECT_EQ(0, lineShutdown(b));
}

/* Two applications with a connected call between lines @da and @db. */
struct talk {
	HLINEAPP a, b;
	HLINE la, lb;
	HCALL ca, cb;
};

static int talk(struct talk *t, DWORD da, DWORD db, const char *number)
{
	LINEMESSAGE m;
	DWORD ndevs;

	if (init_event(&t->a, &ndevs, NULL) || init_event(&t->b, &ndevs, NULL) ||
	    lineOpen(t->a, da, &t->la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL) ||
	    lineOpen(t->b, db, &t->lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL) ||
	    lineMakeCall(t->la, &t->ca, number, 0, NULL) <= 0)
		return -1;
	m = wait_msg(t->b, LINE_APPNEWCALL, t->lb, 0);
	t->cb = (HCALL)m.dwParam2;
	if (!t->cb || lineAnswer(t->cb, NULL, 0) <= 0)
		return -1;
	m = wait_msg(t->a, LINE_CALLSTATE, t->ca, LINECALLSTATE_CONNECTED);
	if (m.dwMessageID != LINE_CALLSTATE)
		return -1;
	m = wait_msg(t->b, LINE_CALLSTATE, t->cb, LINECALLSTATE_CONNECTED);
	return m.dwMessageID == LINE_CALLSTATE ? 0 : -1;
}

FIXTURE(talk) {
	struct talk t;
};

FIXTURE_SETUP(talk)
{
	ASSERT_EQ(0, talk(&self->t, 0, 1, "1002"));
}

FIXTURE_TEARDOWN(talk)
{
	lineShutdown(self->t.a);
	lineShutdown(self->t.b);
}

/*
 * On a connected call: digits one end generates are monitored (start and
 * end) and gathered at the other; a tone one end plays is heard at the
 * other; its own generation ends with LINE_GENERATE; voice is detected.
 */
TEST(digits_tones_and_media_on_a_call)
{
	LINEGENERATETONE tone = { .dwFrequency = 697, .dwCadenceOn = 0, .dwVolume = 0x4000 };
	LINEMONITORTONE watch = { .dwAppSpecific = 0x77, .dwDuration = 200,
				  .dwFrequency1 = 697 };
	char buf[8];
	struct talk t;
	LINEMESSAGE m;
	const char *want = "1 1 2 2 # # ";
	char got[64] = "";
	double t0;
	int n;

	ASSERT_EQ(0, talk(&t, 0, 1, "1002"));

	/* monitored: each DTMF digit's start and end, in order */
	ASSERT_EQ(0, lineMonitorDigits(t.cb, LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND));
	ASSERT_EQ(0, lineGenerateDigits(t.ca, LINEDIGITMODE_DTMF, "12#", 80));
	m = wait_msg(t.a, LINE_GENERATE, t.ca, 0);
	EXPECT_EQ(LINEGENERATETERM_DONE, m.dwParam1);
	for (n = 0; n < 6; n++) {
		m = wait_msg(t.b, LINE_MONITORDIGITS, t.cb, 0);
		if (m.dwMessageID != LINE_MONITORDIGITS)
			break;
		EXPECT_EQ(n % 2 ? LINEDIGITMODE_DTMFEND : LINEDIGITMODE_DTMF, m.dwParam2);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%c ",
			 (char)m.dwParam1);
	}
	EXPECT_STREQ(want, got);
	EXPECT_EQ(0, lineMonitorDigits(t.cb, 0));

	/* gathered until the termination digit, which is kept */
	memset(buf, 'x', sizeof(buf));
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 6, "#", 5000, 3000));
	ASSERT_EQ(0, lineGenerateDigits(t.ca, LINEDIGITMODE_DTMF, "47#9", 0));
	m = wait_msg(t.b, LINE_GATHERDIGITS, t.cb, 0);
	EXPECT_EQ(LINEGATHERTERM_TERMDIGIT, m.dwParam1);
	EXPECT_EQ(0, memcmp("47#", buf, 3));
	EXPECT_EQ(0, buf[3]);
	EXPECT_EQ('x', buf[6]) TH_LOG("nothing past the buffer");
	m = wait_msg(t.a, LINE_GENERATE, t.ca, 0);
	EXPECT_EQ(LINEGENERATETERM_DONE, m.dwParam1);

	/* nothing comes: the first digit's time runs out */
	t0 = now_ms();
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 4, NULL, 400, 0));
	m = wait_msg(t.b, LINE_GATHERDIGITS, t.cb, 0);
	EXPECT_EQ(LINEGATHERTERM_FIRSTTIMEOUT, m.dwParam1);
	EXPECT_LE(380, now_ms() - t0);
	/* a request cancelled by the application */
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 4, NULL, 0, 0));
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, NULL, 0, NULL, 0, 0));
	m = wait_msg(t.b, LINE_GATHERDIGITS, t.cb, 0);
	EXPECT_EQ(LINEGATHERTERM_CANCEL, m.dwParam1);

	/* a tone listened for, played by the far end for 600 ms */
	ASSERT_EQ(0, lineMonitorTones(t.cb, &watch, 1));
	ASSERT_EQ(0, lineGenerateTone(t.ca, LINETONEMODE_CUSTOM, 600, 1, &tone));
	m = wait_msg(t.b, LINE_MONITORTONE, t.cb, 0);
	EXPECT_EQ(0x77, m.dwParam1);
	m = wait_msg(t.a, LINE_GENERATE, t.ca, 0);
	EXPECT_EQ(LINEGENERATETERM_DONE, m.dwParam1);
	EXPECT_EQ(0, lineMonitorTones(t.cb, NULL, 0));
	/* a zone's tone cancelled by the next request */
	ASSERT_EQ(0, lineGenerateTone(t.ca, LINETONEMODE_BUSY, 0, 0, NULL));
	ASSERT_EQ(0, lineGenerateTone(t.ca, 0, 0, 0, NULL));
	m = wait_msg(t.a, LINE_GENERATE, t.ca, 0);
	EXPECT_EQ(LINEGENERATETERM_CANCEL, m.dwParam1);

	/* voice: sound above the noise */
	ASSERT_EQ(0, lineMonitorMedia(t.cb, LINEMEDIAMODE_INTERACTIVEVOICE));
	usleep(200000);		/* the quiet it measures the noise in */
	ASSERT_EQ(0, lineGenerateTone(t.ca, LINETONEMODE_CUSTOM, 800, 1, &tone));
	m = wait_msg(t.b, LINE_MONITORMEDIA, t.cb, 0);
	EXPECT_EQ(LINEMEDIAMODE_INTERACTIVEVOICE, m.dwParam1);

	/* bad input */
	EXPECT_EQ(LINEERR_INVALDIGITMODE, lineMonitorDigits(t.cb, 0x10));
	EXPECT_EQ(LINEERR_INVALDIGITMODE, lineGenerateDigits(t.ca, LINEDIGITMODE_DTMFEND, "1", 0));
	EXPECT_EQ(LINEERR_INVALDIGITS, lineGenerateDigits(t.ca, LINEDIGITMODE_DTMF, "1x", 0));
	EXPECT_EQ(LINEERR_INVALDIGITS, lineGenerateDigits(t.ca, LINEDIGITMODE_PULSE, "1#", 0));
	EXPECT_EQ(LINEERR_INVALDIGITMODE,
		  lineGatherDigits(t.cb, LINEDIGITMODE_DTMFEND, buf, 4, NULL, 0, 0));
	EXPECT_EQ(LINEERR_INVALPARAM, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 0, NULL,
						       0, 0));
	EXPECT_EQ(LINEERR_INVALDIGITS, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 4, "#x",
							0, 0));
	EXPECT_EQ(LINEERR_INVALTONEMODE, lineGenerateTone(t.ca, LINETONEMODE_BILLING, 0, 0, NULL));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGenerateTone(t.ca, LINETONEMODE_CUSTOM, 0, 1, NULL));
	tone.dwFrequency = 5000;
	EXPECT_EQ(LINEERR_INVALTONE, lineGenerateTone(t.ca, LINETONEMODE_CUSTOM, 0, 1, &tone));
	EXPECT_EQ(LINEERR_INVALTONELIST, lineMonitorTones(t.cb, &watch, 5));
	watch.dwFrequency1 = 50;
	EXPECT_EQ(LINEERR_INVALTONE, lineMonitorTones(t.cb, &watch, 1));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE, lineMonitorMedia(t.cb, LINEMEDIAMODE_VIDEO));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineMonitorDigits(0, LINEDIGITMODE_DTMF));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineMonitorMedia(0, 0));

	/* the call ends: so does a gathering in progress */
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 4, NULL, 0, 0));
	ASSERT_LT(0, lineDrop(t.cb, NULL, 0));
	m = wait_msg(t.b, LINE_GATHERDIGITS, t.cb, 0);
	EXPECT_EQ(LINEGATHERTERM_CANCEL, m.dwParam1);
	EXPECT_EQ(0, lineShutdown(t.a));
	EXPECT_EQ(0, lineShutdown(t.b));
}

/* Skip messages for @ms; the count skipped. */
static int drain(HLINEAPP app, DWORD ms)
{
	LINEMESSAGE m;
	int n = 0;

	while (next(app, &m, ms))
		n++;
	return n;
}

/* The reply to request @id: its result, or 1 when none came. */
static LONG reply_of(HLINEAPP app, LONG id)
{
	LINEMESSAGE m = wait_msg(app, LINE_REPLY, 0, (DWORD)id);

	return m.dwMessageID == LINE_REPLY ? (LONG)m.dwParam2 : 1;
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

/*
 * What the caller hears while the call is offered: ringback first, then
 * the treatment the called application sets (busy, silence), heard with a
 * tone monitor on the caller's call.
 */
TEST(a_call_treatment_is_what_the_caller_hears)
{
	union {
		LINEADDRESSCAPS c;
		char buf[2048];
	} caps = { .c.dwTotalSize = sizeof(caps) };
	union {
		LINECALLINFO i;
		char buf[1024];
	} info = { .i.dwTotalSize = sizeof(info) };
	LINEMONITORTONE ringback = { .dwAppSpecific = 1, .dwDuration = 300,
				     .dwFrequency1 = 440, .dwFrequency2 = 480 };
	LINEMONITORTONE busy = { .dwAppSpecific = 2, .dwDuration = 300,
				 .dwFrequency1 = 480, .dwFrequency2 = 620 };
	const LINECALLTREATMENTENTRY *e;
	HLINEAPP a, b;
	HLINE la, lb;
	HCALL ca, cb;
	LINEMESSAGE m;
	DWORD ndevs;
	LONG id;

	ASSERT_EQ(0, init_event(&a, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&b, &ndevs, NULL));
	ASSERT_EQ(0, lineGetAddressCaps(b, 3, 0, 0x00020002, 0, &caps.c));
	ASSERT_EQ(3, caps.c.dwNumCallTreatments);
	ASSERT_EQ(3 * sizeof(*e), caps.c.dwCallTreatmentListSize);
	e = (const void *)(caps.buf + caps.c.dwCallTreatmentListOffset);
	EXPECT_EQ(LINECALLTREATMENT_BUSY, e[2].dwCallTreatmentID);
	EXPECT_STREQ("Busy Signal", caps.buf + e[2].dwCallTreatmentNameOffset);
	EXPECT_EQ(CALL_DATA_MAX, caps.c.dwMaxCallDataSize);
	caps.c.dwTotalSize = caps.c.dwUsedSize - 20;
	ASSERT_EQ(0, lineGetAddressCaps(b, 3, 0, 0x00020002, 0, &caps.c));
	EXPECT_EQ(0, caps.c.dwCallTreatmentListSize) TH_LOG("left out whole");
	EXPECT_EQ(0, caps.c.dwCallTreatmentListOffset);

	ASSERT_EQ(0, lineOpen(a, 2, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(b, 3, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL));
	ASSERT_LT(0, lineMakeCall(la, &ca, "1004", 0, NULL));
	m = wait_msg(b, LINE_APPNEWCALL, lb, 0);
	cb = (HCALL)m.dwParam2;
	ASSERT_NE(0, cb);
	ASSERT_EQ(0, lineGetCallInfo(cb, &info.i));
	EXPECT_EQ(LINECALLTREATMENT_RINGBACK, info.i.dwCallTreatment);
	ASSERT_EQ(0, lineMonitorTones(ca, &ringback, 1));
	m = wait_msg(a, LINE_MONITORTONE, ca, 1);
	EXPECT_EQ(1, m.dwParam1) TH_LOG("ringback heard");

	ASSERT_EQ(0, lineMonitorTones(ca, &busy, 1));
	id = lineSetCallTreatment(cb, LINECALLTREATMENT_BUSY);
	ASSERT_LT(0, id);
	EXPECT_EQ(0, reply_of(b, id));
	m = wait_msg(b, LINE_CALLINFO, cb, LINECALLINFOSTATE_TREATMENT);
	EXPECT_EQ(LINECALLINFOSTATE_TREATMENT, m.dwParam1);
	m = wait_msg(a, LINE_MONITORTONE, ca, 2);
	EXPECT_EQ(2, m.dwParam1) TH_LOG("busy heard");
	ASSERT_EQ(0, lineGetCallInfo(cb, &info.i));
	EXPECT_EQ(LINECALLTREATMENT_BUSY, info.i.dwCallTreatment);

	id = lineSetCallTreatment(cb, LINECALLTREATMENT_SILENCE);
	EXPECT_EQ(0, reply_of(b, id));
	drain(a, 300);
	ASSERT_EQ(0, lineMonitorTones(ca, &busy, 1));
	/* busy, on every second, would be heard in this time */
	EXPECT_EQ(0, next(a, &m, 2500)) TH_LOG("silence: no busy tone");
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetCallTreatment(cb, LINECALLTREATMENT_MUSIC));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetCallTreatment(cb, 0));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineSetCallTreatment(0, LINECALLTREATMENT_BUSY));
	ASSERT_LT(0, lineDrop(ca, NULL, 0));
	m = wait_msg(b, LINE_CALLSTATE, cb, LINECALLSTATE_DISCONNECTED);
	EXPECT_EQ(LINECALLSTATE_DISCONNECTED, m.dwParam1);
	ASSERT_LT(0, lineDrop(cb, NULL, 0));
	m = wait_msg(b, LINE_CALLSTATE, cb, LINECALLSTATE_IDLE);
	EXPECT_EQ(LINECALLSTATE_IDLE, m.dwParam1);
	ASSERT_EQ(0, lineDeallocateCall(cb));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineSetCallTreatment(cb, LINECALLTREATMENT_BUSY))
		TH_LOG("a stale handle");
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(b));
}

struct prompt {
	int fd;
	volatile int stop;
	volatile int chunks;	/* written so far */
};

/* Plays a 1 kHz tone of amplitude 8000 into a call until told to stop. */
static void *play_prompt(void *arg)
{
	struct prompt *p = arg;
	int16_t buf[160];
	unsigned int n = 0;

	while (!p->stop) {
		for (int i = 0; i < 160; i++, n++)
			buf[i] = (int16_t)(8000 * sin(2 * M_PI * 1000 * n / 8000.0));
		if (write(p->fd, buf, sizeof(buf)) != sizeof(buf))
			break;
		p->chunks++;
	}
	return NULL;
}

/* The level (RMS) a call's descriptor hears now: old chunks skipped. */
static double level(int fd)
{
	int16_t buf[160];
	double sum = 0;
	int k, i;

	/* whatever waited in the 128 ms ring is old */
	for (k = 0; k < 8; k++)
		if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			return -1;
	for (k = 0; k < 5; k++) {
		if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			return -1;
		for (i = 0; i < 160; i++)
			sum += (double)buf[i] * buf[i];
	}
	return sqrt(sum / 800);
}

/* @digit from @from's end, detected at the other: its generation done. */
static void send_digit(struct __test_metadata *_metadata, HLINEAPP app, HCALL from,
		       const char *digit)
{
	LINEMESSAGE m;

	ASSERT_EQ(0, lineGenerateDigits(from, LINEDIGITMODE_DTMF, digit, 100));
	m = wait_msg(app, LINE_GENERATE, from, 0);
	ASSERT_EQ(LINEGENERATETERM_DONE, m.dwParam1);
}

/*
 * Media control: the called party's prompt, heard at the caller, pauses,
 * resumes and steps down 3 dB at the caller's digits, acted on by the
 * kernel as it hears them; a call state rule sets the level too.
 */
TEST_F_TIMEOUT(talk, media_control_acts_on_the_prompt_at_digits, 120)
{
	LINEMEDIACONTROLDIGIT d[17] = {
		{ '1', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_PAUSE },
		{ '2', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_RESUME },
		{ '3', LINEDIGITMODE_DTMFEND, LINEMEDIACONTROL_VOLUMEDOWN },
	};
	LINEMEDIACONTROLCALLSTATE cs = { LINECALLSTATE_CONNECTED, LINEMEDIACONTROL_VOLUMEUP };
	LINEMEDIACONTROLMEDIA mm = { VOICE, 100, LINEMEDIACONTROL_PAUSE };
	LINEMEDIACONTROLTONE tn = { 0, 100, 440, 0, 0, LINEMEDIACONTROL_PAUSE };
	struct talk *t = &self->t;
	struct prompt p = { 0 };
	pthread_t th;
	double full, v;
	int rfd, chunks;

	p.fd = audio_fd(t->cb, "tapi/audio");
	rfd = audio_fd(t->ca, "tapi/audio");
	ASSERT_LE(0, p.fd);
	ASSERT_LE(0, rfd);
	ASSERT_EQ(0, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL, d, 3, NULL, 0, NULL, 0,
					 NULL, 0));
	ASSERT_EQ(0, pthread_create(&th, NULL, play_prompt, &p));
	full = level(rfd);
	EXPECT_LT(5000, full) TH_LOG("the prompt at the caller: %.0f", full);

	send_digit(_metadata, t->a, t->ca, "1");
	v = level(rfd);
	EXPECT_GT(100, v) TH_LOG("paused: %.0f", v);
	chunks = p.chunks;
	usleep(300000);
	EXPECT_EQ(chunks, p.chunks) TH_LOG("the writer waits while paused");
	send_digit(_metadata, t->a, t->ca, "2");
	v = level(rfd);
	EXPECT_LT(0.95 * full, v) TH_LOG("resumed: %.0f", v);
	EXPECT_LT(chunks, p.chunks);
	send_digit(_metadata, t->a, t->ca, "3");
	v = level(rfd);
	EXPECT_LT(0.66 * full, v) TH_LOG("3 dB down: %.0f of %.0f", v, full);
	EXPECT_GT(0.75 * full, v);

	/* replaced: back to normal, then the call state rule (it is connected) */
	ASSERT_EQ(0, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL, NULL, 0, NULL, 0,
					 NULL, 0, &cs, 1));
	v = level(rfd);
	EXPECT_LT(1.35 * full, v) TH_LOG("3 dB up on connected: %.0f", v);
	EXPECT_GT(1.48 * full, v);
	ASSERT_EQ(0, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL, NULL, 0, NULL, 0,
					 NULL, 0, NULL, 0));
	v = level(rfd);
	EXPECT_LT(0.95 * full, v) TH_LOG("cleared, normal: %.0f", v);
	EXPECT_GT(1.05 * full, v);

	/* what is refused */
	EXPECT_EQ(LINEERR_INVALMEDIALIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      NULL, 0, &mm, 1, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALTONELIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							     NULL, 0, NULL, 0, &tn, 1, NULL, 0));
	d[0].dwDigitModes = LINEDIGITMODE_PULSE;
	EXPECT_EQ(LINEERR_INVALDIGITLIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      d, 1, NULL, 0, NULL, 0, NULL, 0));
	d[0] = (LINEMEDIACONTROLDIGIT){ '1', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_RATEUP };
	EXPECT_EQ(LINEERR_INVALDIGITLIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      d, 1, NULL, 0, NULL, 0, NULL, 0));
	d[0] = (LINEMEDIACONTROLDIGIT){ 'x', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_PAUSE };
	EXPECT_EQ(LINEERR_INVALDIGITLIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      d, 1, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALDIGITLIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      d, 17, NULL, 0, NULL, 0, NULL, 0));
	cs.dwCallStates = LINECALLSTATE_CONFERENCED;
	EXPECT_EQ(LINEERR_INVALCALLSTATELIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
								  NULL, 0, NULL, 0, NULL, 0, &cs,
								  1));
	cs.dwCallStates = LINECALLSTATE_CONNECTED;
	EXPECT_EQ(LINEERR_INVALCALLSTATELIST, lineSetMediaControl(t->lb, 0, 0, LINECALLSELECT_LINE,
								  NULL, 0, NULL, 0, NULL, 0, &cs,
								  1)) TH_LOG("a call's states need a call");
	EXPECT_EQ(LINEERR_INVALPOINTER, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							    NULL, 1, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALCALLSELECT, lineSetMediaControl(t->lb, 0, t->cb, 0x40, NULL, 0,
							       NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALADDRESSID, lineSetMediaControl(t->lb, 1, 0, LINECALLSELECT_ADDRESS,
							      NULL, 0, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineSetMediaControl(0, 0, 0, LINECALLSELECT_LINE, NULL,
							       0, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineSetMediaControl(0, 0, 0, LINECALLSELECT_CALL, NULL,
							       0, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_NOTOWNER, lineSetMediaControl(t->la, 0, 0, LINECALLSELECT_LINE, NULL, 0,
							NULL, 0, NULL, 0, NULL, 0))
		TH_LOG("a line opened without owning calls");
	EXPECT_EQ(0, lineSetMediaControl(t->lb, 0, 0, LINECALLSELECT_LINE, NULL, 0, NULL, 0, NULL,
					 0, NULL, 0));

	p.stop = 1;
	pthread_join(th, NULL);
	close(p.fd);
	close(rfd);
}

struct racer {
	HLINEAPP app;
	volatile HCALL *call;
	LONG status;
	LINEMESSAGE reply;
};

/* Takes the LINE_REPLY as soon as it comes and uses the call at once. */
static void *take_reply(void *arg)
{
	struct racer *r = arg;
	LINECALLSTATUS st = { .dwTotalSize = sizeof(st) };

	if (lineGetMessage(r->app, &r->reply, 5000))
		return NULL;
	r->status = lineGetCallStatus(*r->call, &st);
	return NULL;
}

/*
 * Another thread may take LINE_REPLY before lineMakeCall returns: the
 * handle is in place by then. A monitor on the same line sees the call with
 * its own handle and privilege and cannot control it.
 */
TEST(replies_racing_the_return_and_monitors_beside_owners)
{
	struct racer r = { 0 };
	volatile HCALL ca = 0;
	HLINEAPP a, o, mon;
	HLINE la, lo, lm;
	HCALL co, cm;
	LINEMESSAGE m;
	pthread_t t;
	DWORD ndevs;
	LONG req;

	ASSERT_EQ(0, init_event(&a, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&o, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&mon, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(a, 2, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(o, 3, &lo, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL));
	ASSERT_EQ(0, lineOpen(mon, 3, &lm, 0x00020002, 0, 0, LINECALLPRIVILEGE_MONITOR, 0, NULL));

	r.app = a;
	r.call = &ca;
	r.status = 1;
	ASSERT_EQ(0, pthread_create(&t, NULL, take_reply, &r));
	usleep(100000);		/* it waits in lineGetMessage */
	req = lineMakeCall(la, (HCALL *)&ca, "1004", 0, NULL);
	pthread_join(t, NULL);
	ASSERT_LT(0, req);
	EXPECT_EQ(LINE_REPLY, r.reply.dwMessageID);
	EXPECT_EQ((DWORD_PTR)req, r.reply.dwParam1);
	EXPECT_EQ(0, r.status) TH_LOG("the handle was usable when the reply was taken");

	/* the owner and the monitor each get the call, with their privilege */
	m = wait_msg(o, LINE_APPNEWCALL, lo, 0);
	co = (HCALL)m.dwParam2;
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, m.dwParam3);
	m = wait_msg(mon, LINE_APPNEWCALL, lm, 0);
	cm = (HCALL)m.dwParam2;
	EXPECT_EQ(LINECALLPRIVILEGE_MONITOR, m.dwParam3);
	EXPECT_NE(0, cm);
	m = EXPECT_MSG(mon, LINE_CALLSTATE, cm);
	EXPECT_EQ(LINECALLSTATE_OFFERING, m.dwParam1);
	EXPECT_EQ(LINECALLPRIVILEGE_MONITOR, m.dwParam3);
	EXPECT_EQ(LINEERR_NOTOWNER, lineAnswer(cm, NULL, 0));
	EXPECT_EQ(LINEERR_NOTOWNER, lineDrop(cm, NULL, 0));

	/* the owner answers: the monitor sees it connected */
	ASSERT_LT(0, lineAnswer(co, NULL, 0));
	m = wait_msg(mon, LINE_CALLSTATE, cm, LINECALLSTATE_CONNECTED);
	EXPECT_EQ(LINECALLSTATE_CONNECTED, m.dwParam1);
	EXPECT_EQ(0, m.dwParam3) TH_LOG("privilege only on the first state");
	/* a monitor may leave a call it watches at any time */
	EXPECT_EQ(0, lineDeallocateCall(cm));
	ASSERT_LT(0, lineDrop(co, NULL, 0));
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_DISCONNECTED);
	EXPECT_EQ(LINEDISCONNECTMODE_NORMAL, m.dwParam2);
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(o));
	EXPECT_EQ(0, lineShutdown(mon));
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

TEST(call_functions_refuse_bad_input)
{
	LINECALLPARAMS cp = { .dwTotalSize = sizeof(cp) };
	LINECALLSTATUS st = { .dwTotalSize = 8 };
	LINECALLINFO ci = { .dwTotalSize = 8 };
	HLINEAPP app;
	HLINE line;
	HCALL c;
	DWORD ndevs;
	LINEMESSAGE m;

	ASSERT_EQ(0, init_event(&app, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(app, 2, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineMakeCall(line, NULL, "1004", 0, NULL));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineMakeCall(line + 1, &c, "1004", 0, NULL));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineMakeCall(line, &c, "10x4", 0, NULL));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineMakeCall(line, &c,
		  "12345678901234567890123456789012345678901234567890123456789012345", 0, NULL));
	cp.dwTotalSize = 16;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineMakeCall(line, &c, "1004", 0, &cp));
	cp.dwTotalSize = sizeof(cp);
	cp.dwMediaMode = VOICE | LINEMEDIAMODE_G3FAX;
	EXPECT_EQ(LINEERR_INVALMEDIAMODE, lineMakeCall(line, &c, "1004", 0, &cp));
	cp.dwMediaMode = VOICE;
	cp.dwBearerMode = LINEBEARERMODE_DATA;
	EXPECT_EQ(LINEERR_INVALBEARERMODE, lineMakeCall(line, &c, "1004", 0, &cp));
	EXPECT_EQ(LINEERR_OPERATIONFAILED, lineGetMessage(app, &m, 0))
		TH_LOG("refused at once: no reply comes");

	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineAnswer(0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineDrop(0x7fff0001, NULL, 0));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineDial(line, "1", 0)) TH_LOG("a line, not a call");
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineGetCallInfo(0, &ci));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineGetCallStatus(0, &st));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineDeallocateCall(0));

	/* a call in dial tone: dialing it, bad strings and structures */
	ASSERT_LT(0, lineMakeCall(line, &c, NULL, 0, NULL));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineDial(c, NULL, 0));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineDial(c, "", 0));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineDial(c, "1x", 0));
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetCallInfo(c, &ci));
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetCallStatus(c, &st));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetCallInfo(c, NULL));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetCallStatus(c, NULL));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineAnswer(c, NULL, 4));
	EXPECT_EQ(LINEERR_USERUSERINFOTOOBIG, lineDrop(c, "abcd", 4));
	/* answering one's own outgoing call: the reply says no */
	{
		LONG req = lineAnswer(c, NULL, 0);

		ASSERT_LT(0, req);
		m = wait_msg(app, LINE_REPLY, 0, (DWORD_PTR)req);
		EXPECT_NE(0, m.dwParam2);
	}
	EXPECT_EQ(0, lineShutdown(app));
	/* the handles went with the application */
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineDrop(c, NULL, 0));
}

/* Write @val to @path; 0 or -errno. */
static int put(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -errno;
	ret = fputs(val, f) < 0 ? -errno : 0;
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/*
 * The application that falls behind: a child process owning line 4's
 * calls. It says 'r' when ready and 'o' when a call is offered, then,
 * after the parent stopped and resumed it, '1' if the call's
 * disconnection still reached it as LINE_CALLSTATE.
 */
static void behind_child(int fd)
{
	LINEMESSAGE m;
	HLINEAPP app;
	HLINE line;
	HCALL call = 0;
	DWORD ndevs;
	char got = '0';
	double until;

	if (init_event(&app, &ndevs, NULL) ||
	    lineOpen(app, 3, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL) ||
	    write(fd, "r", 1) != 1)
		_exit(2);
	/* the parent starts libtapi and calls: slow under ASan on the debug kernel */
	until = now_ms() + 30000;
	while (!call && now_ms() < until)
		if (!lineGetMessage(app, &m, 200) && m.dwMessageID == LINE_APPNEWCALL)
			call = (HCALL)m.dwParam2;
	if (!call || write(fd, "o", 1) != 1)
		_exit(2);
	until = now_ms() + 20000;
	while (got == '0' && now_ms() < until)
		if (!lineGetMessage(app, &m, 200) && m.dwMessageID == LINE_CALLSTATE &&
		    m.hDevice == call && m.dwParam1 == LINECALLSTATE_DISCONNECTED)
			got = '1';
	if (write(fd, &got, 1) != 1)
		_exit(2);
	lineShutdown(app);
	_exit(0);
}

/*
 * Events the kernel had to drop while an application was stopped (its
 * queue full of rings) are made good: the call's disconnection, lost,
 * comes from its present state.
 */
FIXTURE(behind) {
	int unused;
};

FIXTURE_SETUP(behind)
{
}

FIXTURE_TEARDOWN(behind)
{
}

/* two processes, each starting libtapi: slow under ASan and the debug kernel */
TEST_F_TIMEOUT(behind, lost_events_are_made_good_from_the_calls_state, 120)
{
	HLINEAPP a;
	HLINE la;
	HCALL ca;
	DWORD ndevs;
	int p[2], status;
	char c = 0;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(p[0]);
		behind_child(p[1]);
	}
	close(p[1]);
	ASSERT_EQ(1, read(p[0], &c, 1));
	ASSERT_EQ('r', c);
	ASSERT_EQ(0, init_event(&a, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(a, 2, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_LT(0, lineMakeCall(la, &ca, "1004", 0, NULL));
	ASSERT_EQ(1, read(p[0], &c, 1));
	ASSERT_EQ('o', c);

	/* stopped, it reads nothing: 400 rings fill its queue, the hang-up is lost */
	ASSERT_EQ(0, kill(pid, SIGSTOP));
	ASSERT_EQ(0, put("/sys/kernel/debug/tapi_sim/1004/ring", "400"));
	ASSERT_LT(0, lineDrop(ca, NULL, 0));
	ASSERT_EQ(0, kill(pid, SIGCONT));
	ASSERT_EQ(1, read(p[0], &c, 1));
	EXPECT_EQ('1', c) TH_LOG("the disconnection reached the application");
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(p[0]);
	EXPECT_EQ(0, lineShutdown(a));
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

TEST(lineGetMessage_waits_as_asked)
{
	HLINEAPP app;
	LINEMESSAGE m;
	DWORD ndevs;
	double t0;
	int fd;
	struct pollfd p;

	ASSERT_EQ(0, init_event(&app, &ndevs, &fd));
	t0 = now_ms();
	EXPECT_EQ(LINEERR_OPERATIONFAILED, lineGetMessage(app, &m, 0));
	EXPECT_GT(50, now_ms() - t0);
	t0 = now_ms();
	EXPECT_EQ(LINEERR_OPERATIONFAILED, lineGetMessage(app, &m, 300));
	EXPECT_LE(290, now_ms() - t0);
	EXPECT_GT(2000, now_ms() - t0);
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetMessage(app, NULL, 0));

	/* the descriptor: readable exactly while messages are pending */
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(0, poll(&p, 1, 0));
	{
		HLINE line;
		HCALL c;

		ASSERT_EQ(0, lineOpen(app, 3, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE,
				      0, NULL));
		ASSERT_LT(0, lineMakeCall(line, &c, NULL, 0, NULL));
		EXPECT_EQ(1, poll(&p, 1, 3000));
		while (!lineGetMessage(app, &m, 500))
			;
		EXPECT_EQ(0, poll(&p, 1, 0));
		ASSERT_LT(0, lineDrop(c, NULL, 0));
		EXPECT_EQ(1, poll(&p, 1, 3000));
	}
	EXPECT_EQ(0, lineShutdown(app));
}

struct waiter {
	HLINEAPP app;
	LONG result;
	volatile int started;
	double ended;
};

static void *wait_forever(void *arg)
{
	struct waiter *w = arg;
	LINEMESSAGE m;

	w->started = 1;
	w->result = lineGetMessage(w->app, &m, INFINITE);
	w->ended = now_ms();
	return NULL;
}

TEST(shutting_down_ends_a_wait_in_another_thread)
{
	struct waiter w = { 0 };
	pthread_t t;
	DWORD ndevs;
	double shut;

	ASSERT_EQ(0, init_event(&w.app, &ndevs, NULL));
	ASSERT_EQ(0, pthread_create(&t, NULL, wait_forever, &w));
	while (!w.started)
		usleep(1000);
	usleep(300000);		/* it waits, nothing comes */
	EXPECT_EQ(0, w.ended);
	shut = now_ms();
	EXPECT_EQ(0, lineShutdown(w.app));
	pthread_join(t, NULL);
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, w.result);
	EXPECT_LE(shut, w.ended) TH_LOG("it ended with the shutdown, not before");
}

static struct {
	pthread_mutex_t lock;
	pthread_t thread;
	int n, concurrent, inside, other_thread;
	DWORD ids[64];
} cb = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void CALLBACK on_message(DWORD dev, DWORD msg, DWORD_PTR inst, DWORD_PTR p1,
				DWORD_PTR p2, DWORD_PTR p3)
{
	(void)dev, (void)inst, (void)p1, (void)p2, (void)p3;
	pthread_mutex_lock(&cb.lock);
	if (cb.inside++)
		cb.concurrent++;
	if (!pthread_equal(pthread_self(), cb.thread))
		cb.other_thread++;
	if (cb.n < 64)
		cb.ids[cb.n++] = msg;
	pthread_mutex_unlock(&cb.lock);
	usleep(20000);	/* slow, so overlapping calls would show */
	pthread_mutex_lock(&cb.lock);
	cb.inside--;
	pthread_mutex_unlock(&cb.lock);
}

TEST(the_callback_runs_on_one_library_thread_in_order)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEHIDDENWINDOW };
	DWORD ndevs, version = 0x00020002;
	HLINEAPP app, app1;
	LINEMESSAGE m;
	HLINE line;
	HCALL c;
	LONG req;
	int k;

	cb.thread = pthread_self();
	ASSERT_EQ(0, lineInitializeEx(&app, NULL, on_message, "cb", &ndevs, &version, &p));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineGetMessage(app, &m, 0)) TH_LOG("callbacks only");
	ASSERT_EQ(0, lineOpen(app, 3, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	req = lineMakeCall(line, &c, NULL, 0, NULL);
	ASSERT_LT(0, req);
	/* its reply, then its first state (dial tone), before the drop */
	for (k = 0; k < 100; k++) {
		pthread_mutex_lock(&cb.lock);
		if (cb.n >= 2) {
			pthread_mutex_unlock(&cb.lock);
			break;
		}
		pthread_mutex_unlock(&cb.lock);
		usleep(50000);
	}
	ASSERT_LT(0, lineDrop(c, NULL, 0));
	for (k = 0; k < 100; k++) {
		pthread_mutex_lock(&cb.lock);
		if (cb.n >= 4 && !cb.inside) {
			pthread_mutex_unlock(&cb.lock);
			break;
		}
		pthread_mutex_unlock(&cb.lock);
		usleep(50000);
	}
	pthread_mutex_lock(&cb.lock);
	EXPECT_LE(4, cb.n);
	EXPECT_EQ(LINE_REPLY, cb.ids[0]);
	EXPECT_EQ(LINE_CALLSTATE, cb.ids[1]);
	EXPECT_EQ(LINE_REPLY, cb.ids[2]);
	EXPECT_EQ(LINE_CALLSTATE, cb.ids[3]);
	EXPECT_EQ(0, cb.concurrent);
	EXPECT_EQ(cb.n, cb.other_thread);
	pthread_mutex_unlock(&cb.lock);
	EXPECT_EQ(0, lineShutdown(app));

	/* TAPI 1.x's lineInitialize: callbacks too */
	ASSERT_EQ(0, lineInitialize(&app1, NULL, on_message, "cb1", &ndevs));
	EXPECT_EQ(4, ndevs);
	EXPECT_EQ(0, lineShutdown(app1));
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
