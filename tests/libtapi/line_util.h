/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What libtapi's line tests (line_*_test.c) share, against tapi_sim's
 * default exchange (lines 1001-1004 as /dev/tapi0-3, the first four device
 * IDs): an application with the event option, messages waited for and
 * expected, a call's audio descriptors, and two applications with a
 * connected call between them.
 */
#ifndef TAPI_TEST_LINE_UTIL_H
#define TAPI_TEST_LINE_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"

#define VOICE LINEMEDIAMODE_INTERACTIVEVOICE
#define CALL_DATA_MAX 4096	/* a call's data, as docs/libtapi.md says */

static inline double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* An application with the event option: 0 or the error. */
static inline LONG init_event(HLINEAPP *app, DWORD *ndevs, int *fd)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = 0x00020002;
	LONG r = lineInitializeEx(app, NULL, NULL, "line_test", ndevs, &version, &p);

	if (!r && fd)
		*fd = TAPI_HANDLE_FD(p.Handles.hEvent);
	return r;
}

static inline const char *msg_name(DWORD id)
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
static inline int next(HLINEAPP app, LINEMESSAGE *m, DWORD ms)
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
static inline LINEMESSAGE wait_msg(HLINEAPP app, DWORD id, DWORD dev, DWORD p1)
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
static inline int audio_fd(HCALL c, const char *class)
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

/* Two applications with a connected call between lines @da and @db. */
struct talk {
	HLINEAPP a, b;
	HLINE la, lb;
	HCALL ca, cb;
};

static inline int talk(struct talk *t, DWORD da, DWORD db, const char *number)
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

/* Skip messages for @ms; the count skipped. */
static inline int drain(HLINEAPP app, DWORD ms)
{
	LINEMESSAGE m;
	int n = 0;

	while (next(app, &m, ms))
		n++;
	return n;
}

/* The reply to request @id: its result, or 1 when none came. */
static inline LONG reply_of(HLINEAPP app, LONG id)
{
	LINEMESSAGE m = wait_msg(app, LINE_REPLY, 0, (DWORD)id);

	return m.dwMessageID == LINE_REPLY ? (LONG)m.dwParam2 : 1;
}

/* Write @val to @path; 0 or -errno. */
static inline int put(const char *path, const char *val)
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

#endif
