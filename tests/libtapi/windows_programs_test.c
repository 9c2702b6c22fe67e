// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What Windows TAPI programs ask of lines and calls and rely on, against
 * tapi_sim's exchange (lines 1001-1004 as device IDs 0-3): status messages
 * asked for with every bit, lineGetID's device classes, every field of
 * LINECALLINFO, and application names written as Windows writes them.
 */
#define _GNU_SOURCE
#include <ctype.h>
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

static LINEMESSAGE wait_msg(HLINEAPP app, DWORD id, DWORD dev, DWORD_PTR p1)
{
	return wait_msg_seen(app, id, dev, p1, NULL, NULL, 0);
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

/* A VARSTRING with room for a DWORD. */
union id_buf {
	VARSTRING v;
	char buf[64];
};

/* lineGetID for @cls: 0 with the DWORD in *out, or the error. */
static LONG get_id(HLINE line, HCALL call, DWORD select, const char *cls, DWORD *out)
{
	union id_buf u;
	LONG r;

	memset(&u, 0, sizeof(u));
	u.v.dwTotalSize = sizeof(u);
	r = lineGetID(line, 0, call, select, &u.v, cls);
	if (r)
		return r;
	if (u.v.dwStringFormat != STRINGFORMAT_BINARY || u.v.dwStringSize != sizeof(DWORD) ||
	    u.v.dwUsedSize != sizeof(VARSTRING) + sizeof(DWORD) ||
	    u.v.dwNeededSize != u.v.dwUsedSize)
		return -1;
	memcpy(out, u.buf + u.v.dwStringOffset, sizeof(*out));
	return 0;
}

/*
 * The phone device ID of /dev/tapiN's telephone, from sysfs: its N (the
 * IDs go by N among the phones one may open: tapi_sim's are tapiphone0-3,
 * the test runs as root), -1 if none.
 */
static int phone_of(int n)
{
	char want[32], line[32], path[300];
	glob_t g;
	int id = -1;

	snprintf(want, sizeof(want), "tapi%d\n", n);
	if (glob("/sys/class/tapi/tapiphone*", 0, NULL, &g))
		return -1;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/line", g.gl_pathv[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(line, sizeof(line), f) && !strcmp(line, want))
			id = (int)strtol(strrchr(g.gl_pathv[i], 'e') + 1, NULL, 10);
		fclose(f);
	}
	globfree(&g);
	return id;
}

/* Is @cls in LINEDEVCAPS' list of device classes? */
static int listed(const LINEDEVCAPS *c, const char *cls)
{
	const char *p = (const char *)c + c->dwDeviceClassesOffset;
	const char *end = p + c->dwDeviceClassesSize;

	for (; p < end && *p; p += strlen(p) + 1)
		if (!strcmp(p, cls))
			return 1;
	return 0;
}

/* Every device class the SDK documents for lineGetID, in its VARSTRING format. */
TEST(lineGetID_answers_the_classes_programs_ask_for)
{
	union {
		LINEDEVCAPS c;
		char buf[4096];
	} caps;
	union {
		LINEPROVIDERLIST l;
		char buf[4096];
	} prov;
	struct pollfd pf;
	short pcm[160];
	DWORD ndevs, v, tapi_sim = 0;
	union id_buf small;
	LPLINEPROVIDERENTRY e;
	HLINEAPP app;
	HLINE line;
	HCALL call;
	int fd;

	ASSERT_EQ(0, init_event(&app, &ndevs));
	ASSERT_EQ(0, lineOpen(app, 2, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));

	EXPECT_EQ(0, get_id(line, 0, LINECALLSELECT_LINE, "tapi/line", &v));
	EXPECT_EQ(2, v);
	EXPECT_EQ(0, get_id(line, 0, LINECALLSELECT_ADDRESS, "TAPI/Line", &v));
	EXPECT_EQ(2, v);
	ASSERT_LE(0, phone_of(2)) TH_LOG("tapi_sim gives each line a telephone");
	EXPECT_EQ(0, get_id(line, 0, LINECALLSELECT_LINE, "tapi/phone", &v));
	EXPECT_EQ((DWORD)phone_of(2), v);

	/* the provider: tapi_sim's entry of lineGetProviderList */
	memset(&prov, 0, sizeof(prov));
	prov.l.dwTotalSize = sizeof(prov);
	ASSERT_EQ(0, lineGetProviderList(0x00020002, &prov.l));
	e = (LPLINEPROVIDERENTRY)(prov.buf + prov.l.dwProviderListOffset);
	for (DWORD i = 0; i < prov.l.dwNumProviders; i++)
		if (!strcmp(prov.buf + e[i].dwProviderFilenameOffset, "tapi_sim"))
			tapi_sim = e[i].dwPermanentProviderID;
	ASSERT_NE(0, tapi_sim);
	EXPECT_EQ(0, get_id(line, 0, LINECALLSELECT_LINE, "tapi/providerid", &v));
	EXPECT_EQ(tapi_sim, v);

	/* no modem on these lines yet */
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, get_id(line, 0, LINECALLSELECT_LINE,
						    "comm/datamodem", &v));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, get_id(line, 0, LINECALLSELECT_LINE,
						    "comm/datamodem/portname", &v));

	/* the wave devices: the line's audio, and a call's */
	ASSERT_EQ(0, get_id(line, 0, LINECALLSELECT_LINE, "wave/in", &v));
	EXPECT_LE(0, fcntl((int)v, F_GETFD)) TH_LOG("a descriptor of this process");
	EXPECT_EQ(0, close((int)v));
	ASSERT_LT(0, lineMakeCall(line, &call, NULL, 0, NULL));
	wait_msg(app, LINE_CALLSTATE, call, LINECALLSTATE_DIALTONE);
	EXPECT_EQ(0, get_id(0, call, LINECALLSELECT_CALL, "tapi/line", &v));
	EXPECT_EQ(2, v);
	ASSERT_EQ(0, get_id(0, call, LINECALLSELECT_CALL, "wave/in", &v));
	fd = (int)v;
	pf = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pf, 1, 2000)) TH_LOG("the dial tone comes in");
	EXPECT_EQ((ssize_t)sizeof(pcm), read(fd, pcm, sizeof(pcm))) TH_LOG("20 ms, 16-bit");
	close(fd);
	ASSERT_EQ(0, get_id(0, call, LINECALLSELECT_CALL, "wave/out", &v));
	memset(pcm, 0, sizeof(pcm));
	EXPECT_EQ((ssize_t)sizeof(pcm), write((int)v, pcm, sizeof(pcm)));
	close((int)v);
	/* no room for the answer: no descriptor, the size it needs */
	memset(&small, 0, sizeof(small));
	small.v.dwTotalSize = sizeof(VARSTRING);
	EXPECT_EQ(0, lineGetID(0, 0, call, LINECALLSELECT_CALL, &small.v, "wave/out"));
	EXPECT_EQ(sizeof(VARSTRING) + sizeof(DWORD), small.v.dwNeededSize);
	EXPECT_EQ(0, small.v.dwStringSize);
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, get_id(line, 0, LINECALLSELECT_LINE, "wave", &v));
	ASSERT_LT(0, lineDrop(call, NULL, 0));
	wait_msg(app, LINE_CALLSTATE, call, LINECALLSTATE_IDLE);
	EXPECT_EQ(LINEERR_INVALCALLSTATE, get_id(0, call, LINECALLSELECT_CALL, "wave/in", &v));
	EXPECT_EQ(0, lineDeallocateCall(call));

	/* LINEDEVCAPS lists each */
	memset(&caps, 0, sizeof(caps));
	caps.c.dwTotalSize = sizeof(caps);
	ASSERT_EQ(0, lineGetDevCaps(app, 2, 0x00020002, 0, &caps.c));
	EXPECT_TRUE(listed(&caps.c, "tapi/line"));
	EXPECT_TRUE(listed(&caps.c, "tapi/phone"));
	EXPECT_TRUE(listed(&caps.c, "tapi/providerid"));
	EXPECT_TRUE(listed(&caps.c, "wave/in"));
	EXPECT_TRUE(listed(&caps.c, "wave/out"));
	EXPECT_TRUE(listed(&caps.c, "tapi/audio"));
	EXPECT_FALSE(listed(&caps.c, "comm/datamodem"));
	EXPECT_EQ(0, lineShutdown(app));
}

/*
 * Three applications of this process: c on line 0 calls line 1 (1002),
 * where a owns voice calls and b monitors. 0 once a and b have their
 * handles, else -1.
 */
struct trio {
	HLINEAPP c, a, b;
	HLINE lc, la, lb;
	HCALL cc, ca, cb;
};

static int trio_call(struct trio *t)
{
	DWORD ndevs;
	LINEMESSAGE m;

	memset(t, 0, sizeof(*t));
	if (init_event(&t->c, &ndevs) || init_event(&t->a, &ndevs) ||
	    init_event(&t->b, &ndevs) ||
	    lineOpen(t->c, 0, &t->lc, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL) ||
	    lineOpen(t->a, 1, &t->la, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL) ||
	    lineOpen(t->b, 1, &t->lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_MONITOR, 0, NULL) ||
	    lineMakeCall(t->lc, &t->cc, "1002", 0, NULL) <= 0)
		return -1;
	m = wait_msg(t->a, LINE_APPNEWCALL, t->la, 0);
	t->ca = (HCALL)m.dwParam2;
	m = wait_msg(t->b, LINE_APPNEWCALL, t->lb, 0);
	t->cb = (HCALL)m.dwParam2;
	return t->ca && t->cb ? 0 : -1;
}

/* The call dropped, idle for b, and the three shut down: 0 or -1. */
static int trio_end(struct trio *t)
{
	if (lineDrop(t->cc, NULL, 0) <= 0)
		return -1;
	wait_msg(t->b, LINE_CALLSTATE, t->cb, LINECALLSTATE_IDLE);
	return lineShutdown(t->c) || lineShutdown(t->a) || lineShutdown(t->b) ? -1 : 0;
}

/* This program's name as a Windows program would write it: "NAME.EXE". */
static void windows_name(char *out, size_t size, const char *suffix)
{
	size_t i;

	for (i = 0; program_invocation_short_name[i] && i + 5 < size; i++)
		out[i] = (char)toupper((unsigned char)program_invocation_short_name[i]);
	snprintf(out + i, size - i, "%s", suffix);
}

/*
 * Application names as Windows programs write them: any case, with or
 * without ".exe", a path by its last part: the priority lists and
 * lineHandoff find the application all the same.
 */
TEST(application_names_match_as_on_windows)
{
	char upper[200], path[256];
	struct trio t;
	DWORD prio = 9;
	LINECALLSTATUS st = { .dwTotalSize = sizeof(st) };
	LINEMESSAGE m;

	/* the priority lists */
	lineSetAppPriority("WinProg.EXE", VOICE, NULL, 0, NULL, 0);
	ASSERT_EQ(0, lineSetAppPriority("WinProg.EXE", VOICE, NULL, 0, NULL, 1));
	EXPECT_EQ(0, lineGetAppPriority("winprog", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(1, prio);
	EXPECT_EQ(0, lineGetAppPriority("WINPROG.exe", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(1, prio);
	EXPECT_EQ(0, lineGetAppPriority("winprog.ex", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(0, prio) TH_LOG("another name");
	EXPECT_EQ(0, lineGetAppPriority("winprog", LINEMEDIAMODE_G3FAX, NULL, 0, NULL, &prio));
	EXPECT_EQ(0, prio) TH_LOG("another list");
	/* first again under another spelling: one entry, not two */
	ASSERT_EQ(0, lineSetAppPriority("other", VOICE, NULL, 0, NULL, 1));
	ASSERT_EQ(0, lineSetAppPriority("winprog", VOICE, NULL, 0, NULL, 1));
	EXPECT_EQ(0, lineGetAppPriority("Other.Exe", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(2, prio);
	EXPECT_EQ(0, lineSetAppPriority("WINPROG", VOICE, NULL, 0, NULL, 0));
	EXPECT_EQ(0, lineGetAppPriority("winprog.exe", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(0, prio) TH_LOG("taken off under any spelling");
	EXPECT_EQ(0, lineGetAppPriority("other", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(1, prio);
	EXPECT_EQ(0, lineSetAppPriority("OTHER.EXE", VOICE, NULL, 0, NULL, 0));
	EXPECT_EQ(0, lineGetAppPriority("other", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(0, prio);

	/* lineHandoff by name: to the monitor of this same program, spelt anew */
	ASSERT_EQ(0, trio_call(&t));
	wait_msg(t.b, LINE_CALLSTATE, t.cb, LINECALLSTATE_OFFERING);
	EXPECT_EQ(LINEERR_TARGETNOTFOUND, lineHandoff(t.ca, "no_such_program.exe", 0));
	windows_name(upper, sizeof(upper), ".EXE");
	snprintf(path, sizeof(path), "C:\\Program Files\\Test\\%s", upper);
	ASSERT_EQ(0, lineHandoff(t.ca, path, 0)) TH_LOG("%s", path);
	m = wait_msg(t.b, LINE_CALLSTATE, t.cb, 0);
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, m.dwParam3);
	ASSERT_EQ(0, lineGetCallStatus(t.cb, &st));
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, st.dwCallPrivilege);
	windows_name(upper, sizeof(upper), "");
	EXPECT_EQ(0, lineHandoff(t.ca, upper, 0)) TH_LOG("%s, without .exe", upper);
	EXPECT_EQ(0, trio_end(&t));
}

union call_info {
	LINECALLINFO i;
	char buf[8192];
};

static LONG call_info(HCALL call, union call_info *u)
{
	memset(u, 0xaa, sizeof(*u));
	u->i.dwTotalSize = sizeof(*u);
	return lineGetCallInfo(call, &u->i);
}

/*
 * Every field of LINECALLINFO, on a call from line 0 to line 1 answered by
 * its owner, with a monitor beside it (the kernel counts the holders of
 * every process: these are all of them), then handed to the monitor.
 */
TEST(every_field_of_LINECALLINFO)
{
	union call_info u;
	LPLINECALLINFO i = &u.i;
	struct trio t;
	LINEMESSAGE m;

	ASSERT_EQ(0, trio_call(&t));
	wait_msg(t.a, LINE_CALLINFO, t.ca, LINECALLINFOSTATE_CALLERID);
	ASSERT_LT(0, lineAnswer(t.ca, NULL, 0));
	wait_msg(t.a, LINE_CALLSTATE, t.ca, LINECALLSTATE_CONNECTED);
	ASSERT_EQ(0, lineMonitorDigits(t.ca, LINEDIGITMODE_DTMF));
	ASSERT_EQ(0, lineSetAppSpecific(t.ca, 0x1234));

	ASSERT_EQ(0, call_info(t.ca, &u));
	EXPECT_EQ(i->dwNeededSize, i->dwUsedSize);
	EXPECT_EQ(t.la, i->hLine);
	EXPECT_EQ(1, i->dwLineDeviceID);
	EXPECT_EQ(0, i->dwAddressID);
	EXPECT_EQ(LINEBEARERMODE_VOICE, i->dwBearerMode);
	EXPECT_EQ(0, i->dwRate) TH_LOG("a voice circuit: no data rate");
	EXPECT_EQ(VOICE, i->dwMediaMode);
	EXPECT_EQ(0x1234, i->dwAppSpecific);
	EXPECT_NE(0, i->dwCallID);
	EXPECT_EQ(0, i->dwRelatedCallID);
	EXPECT_EQ(0, i->dwCallParamFlags);
	EXPECT_TRUE(i->dwCallStates & LINECALLSTATE_CONNECTED);
	EXPECT_TRUE(i->dwCallStates & LINECALLSTATE_OFFERING);
	EXPECT_EQ(LINEDIGITMODE_DTMF, i->dwMonitorDigitModes);
	EXPECT_EQ(0, i->dwMonitorMediaModes);
	EXPECT_EQ(0, i->DialParams.dwDialPause);
	EXPECT_EQ(0, i->DialParams.dwDialSpeed);
	EXPECT_EQ(0, i->DialParams.dwDigitDuration);
	EXPECT_EQ(0, i->DialParams.dwWaitForDialtone);
	EXPECT_EQ(LINECALLORIGIN_INTERNAL, i->dwOrigin);
	EXPECT_EQ(LINECALLREASON_DIRECT, i->dwReason);
	EXPECT_EQ(0, i->dwCompletionID);
	EXPECT_EQ(1, i->dwNumOwners);
	EXPECT_EQ(1, i->dwNumMonitors);
	EXPECT_EQ(0, i->dwCountryCode);
	EXPECT_EQ(0xFFFFFFFF, i->dwTrunk);
	EXPECT_EQ(LINECALLPARTYID_ADDRESS | LINECALLPARTYID_NAME, i->dwCallerIDFlags);
	ASSERT_NE(0, i->dwCallerIDSize);
	EXPECT_STREQ("1001", u.buf + i->dwCallerIDOffset);
	ASSERT_NE(0, i->dwCallerIDNameSize);
	EXPECT_STREQ("Line 1001", u.buf + i->dwCallerIDNameOffset);
	EXPECT_EQ(LINECALLPARTYID_ADDRESS, i->dwCalledIDFlags);
	ASSERT_NE(0, i->dwCalledIDSize);
	EXPECT_STREQ("1002", u.buf + i->dwCalledIDOffset);
	EXPECT_EQ(0, i->dwCalledIDNameSize);
	EXPECT_EQ(LINECALLPARTYID_UNKNOWN, i->dwConnectedIDFlags);
	EXPECT_EQ(0, i->dwConnectedIDSize);
	EXPECT_EQ(0, i->dwConnectedIDNameSize);
	EXPECT_EQ(LINECALLPARTYID_UNKNOWN, i->dwRedirectionIDFlags);
	EXPECT_EQ(0, i->dwRedirectionIDSize);
	EXPECT_EQ(0, i->dwRedirectionIDNameSize);
	EXPECT_EQ(LINECALLPARTYID_UNKNOWN, i->dwRedirectingIDFlags);
	EXPECT_EQ(0, i->dwRedirectingIDSize);
	EXPECT_EQ(0, i->dwRedirectingIDNameSize);
	ASSERT_NE(0, i->dwAppNameSize);
	EXPECT_STREQ("windows_programs_test", u.buf + i->dwAppNameOffset);
	EXPECT_EQ(0, i->dwDisplayableAddressSize);
	EXPECT_EQ(0, i->dwCalledPartySize);
	EXPECT_EQ(0, i->dwCommentSize);
	EXPECT_EQ(0, i->dwDisplaySize);
	EXPECT_EQ(0, i->dwUserUserInfoSize);
	EXPECT_EQ(0, i->dwHighLevelCompSize);
	EXPECT_EQ(0, i->dwLowLevelCompSize);
	EXPECT_EQ(0, i->dwChargingInfoSize);
	EXPECT_EQ(0, i->dwTerminalModesSize);
	EXPECT_EQ(0, i->dwDevSpecificSize);
	EXPECT_EQ(LINECALLTREATMENT_RINGBACK, i->dwCallTreatment);
	EXPECT_EQ(0, i->dwCallDataSize);
	EXPECT_EQ(0, i->dwSendingFlowspecSize);
	EXPECT_EQ(0, i->dwReceivingFlowspecSize);

	/* the caller's own call: one owner, on its line, dialed by it */
	ASSERT_EQ(0, call_info(t.cc, &u));
	EXPECT_EQ(1, i->dwNumOwners);
	EXPECT_EQ(0, i->dwNumMonitors);
	EXPECT_EQ(0xFFFFFFFF, i->dwTrunk);
	EXPECT_EQ(0, i->dwLineDeviceID);
	EXPECT_EQ(LINECALLORIGIN_OUTBOUND, i->dwOrigin);
	EXPECT_EQ(0, i->dwMonitorDigitModes);

	/* handed over: two owners; the monitor's view the same */
	ASSERT_EQ(0, lineHandoff(t.ca, program_invocation_short_name, 0));
	do
		m = wait_msg(t.b, LINE_CALLSTATE, t.cb, 0);
	while (m.dwMessageID && m.dwParam3 != LINECALLPRIVILEGE_OWNER);
	EXPECT_EQ(LINECALLPRIVILEGE_OWNER, m.dwParam3);
	ASSERT_EQ(0, call_info(t.cb, &u));
	EXPECT_EQ(2, i->dwNumOwners);
	EXPECT_EQ(0, i->dwNumMonitors);
	EXPECT_EQ(t.lb, i->hLine);
	EXPECT_EQ(0, lineDeallocateCall(t.ca)) TH_LOG("an owner leaves; another stays");
	ASSERT_EQ(0, call_info(t.cb, &u));
	EXPECT_EQ(1, i->dwNumOwners);
	EXPECT_EQ(0, i->dwNumMonitors);
	EXPECT_EQ(0, trio_end(&t));
}

TEST_HARNESS_MAIN
