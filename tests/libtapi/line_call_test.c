// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Calls between applications through libtapi, against tapi_sim's default
 * exchange: a call from one application to another with every message
 * checked in order and its audio as descriptors, dialing after dial tone
 * and accepting, the line's and address's status following the calls,
 * replies racing lineMakeCall's return and monitors beside owners, and
 * bad input to the call functions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"
#include "line_util.h"

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

TEST_HARNESS_MAIN
