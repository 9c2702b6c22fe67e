// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A Unicode TAPI program, as one is written for Windows: UNICODE defined
 * before <tapi.h>, so the plain names are the ...W functions, and L"..."
 * strings (built with -fshort-wchar, WCHAR being 16 bits). Against
 * tapi_sim's default exchange (lines 1001-1004 as device IDs 0-3) it reads
 * LINEDEVCAPS and LINEADDRESSCAPS in UTF-16 under the variable-size rules,
 * calls 1002 from 1001, reads LINECALLINFO, sends and gathers digits, and
 * translates addresses from a location whose name is not ASCII.
 *
 * The location file is the test's own (as translate_test.c does it): a
 * mount namespace with a tmpfs over /etc as root, else XDG_CONFIG_HOME.
 */
#define _GNU_SOURCE
#define UNICODE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"

#define VOICE LINEMEDIAMODE_INTERACTIVEVOICE

_Static_assert(sizeof(L"x"[0]) == 2, "build with -fshort-wchar");
_Static_assert(sizeof(WCHAR) == 2, "WCHAR is a UTF-16 unit");

/* What a WCHAR string at @off of @base holds, @size bytes, as ASCII (or '?'). */
static const char *narrow(const void *base, DWORD size, DWORD off)
{
	static char buf[8][256];
	static int turn;
	char *out = buf[turn++ % 8];
	const WCHAR *s = (const WCHAR *)((const char *)base + off);
	DWORD n = size / sizeof(WCHAR), i;

	if (!size)
		return "<none>";
	for (i = 0; i < n && i < 255; i++)
		out[i] = s[i] < 0x80 ? (char)s[i] : '?';
	out[i < 255 ? i : 255] = '\0';
	return out;
}

/* The WCHARs at @off equal @want, its NUL included, and @size says so. */
static int wide_eq(const void *base, DWORD size, DWORD off, const WCHAR *want)
{
	DWORD n = 0;

	while (want[n])
		n++;
	return size == (n + 1) * sizeof(WCHAR) && !(off % 2) &&
	       !memcmp((const char *)base + off, want, size);
}

static LONG init(HLINEAPP *app, DWORD *ndevs, LPCWSTR name)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = 0x00020002;

	return lineInitializeEx(app, NULL, NULL, name, ndevs, &version, &p);
}

/* Messages until one @id about @dev (and @p1 unless 0) comes, within 6 s. */
static LINEMESSAGE wait_msg(HLINEAPP app, DWORD id, DWORD dev, DWORD_PTR p1)
{
	LINEMESSAGE m = { 0 };
	time_t until = time(NULL) + 6;

	while (time(NULL) < until)
		if (!lineGetMessage(app, &m, 500) && m.dwMessageID == id &&
		    (!dev || m.hDevice == dev) && (!p1 || m.dwParam1 == p1))
			return m;
	memset(&m, 0, sizeof(m));
	return m;
}

/*
 * Every string in UTF-16 with dwStringFormat STRINGFORMAT_UNICODE; too
 * small a structure gets the fixed part and dwNeededSize, a part that does
 * not fit is left out whole, never cut.
 */
TEST(device_capabilities_in_utf16)
{
	union {
		LINEDEVCAPS c;
		char buf[2048];
	} u, a;
	union {
		LINEADDRESSCAPS c;
		char buf[2048];
	} ac;
	const LINECALLTREATMENTENTRY *t;
	HLINEAPP app;
	DWORD ndevs, need, id = 7;
	HLINE line;

	ASSERT_EQ(0, init(&app, &ndevs, L"wide_test"));
	ASSERT_LE(2, ndevs);

	memset(&u, 0xEE, sizeof(u));
	u.c.dwTotalSize = sizeof(u);
	ASSERT_EQ(0, lineGetDevCaps(app, 0, 0x00020002, 0, &u.c));
	memset(&a, 0, sizeof(a));
	a.c.dwTotalSize = sizeof(a);
	ASSERT_EQ(0, lineGetDevCapsA(app, 0, 0x00020002, 0, &a.c));
	EXPECT_EQ(STRINGFORMAT_UNICODE, u.c.dwStringFormat);
	EXPECT_EQ(STRINGFORMAT_ASCII, a.c.dwStringFormat);
	EXPECT_EQ(u.c.dwNeededSize, u.c.dwUsedSize);
	/* the same strings, each UTF-16 unit an ASCII character of the A form's */
	ASSERT_NE(0, u.c.dwLineNameSize);
	EXPECT_EQ(a.c.dwLineNameSize * 2, u.c.dwLineNameSize);
	EXPECT_STREQ(a.buf + a.c.dwLineNameOffset,
		     narrow(&u, u.c.dwLineNameSize, u.c.dwLineNameOffset));
	EXPECT_STREQ(a.buf + a.c.dwProviderInfoOffset,
		     narrow(&u, u.c.dwProviderInfoSize, u.c.dwProviderInfoOffset));
	/* the device classes: a list of strings, the NULs converted too */
	EXPECT_EQ(a.c.dwDeviceClassesSize * 2, u.c.dwDeviceClassesSize);
	for (DWORD i = 0; i < a.c.dwDeviceClassesSize; i++) {
		WCHAR w;

		memcpy(&w, u.buf + u.c.dwDeviceClassesOffset + 2 * i, sizeof(w));
		EXPECT_EQ((WCHAR)a.buf[a.c.dwDeviceClassesOffset + i], w) TH_LOG("unit %u", i);
	}
	EXPECT_EQ(0, memcmp(u.buf + u.c.dwDeviceClassesOffset, L"tapi/line\0",
			    sizeof(L"tapi/line")));
	EXPECT_EQ(0, u.c.dwDeviceClassesOffset % 4);
	EXPECT_EQ(a.c.dwPermanentLineID, u.c.dwPermanentLineID);
	EXPECT_EQ(a.c.dwLineFeatures, u.c.dwLineFeatures);
	need = u.c.dwNeededSize;
	EXPECT_LT(a.c.dwNeededSize, need);

	/* the fixed part only: every part left out, the need still told */
	memset(&u, 0xEE, sizeof(u));
	u.c.dwTotalSize = sizeof(LINEDEVCAPS);
	ASSERT_EQ(0, lineGetDevCaps(app, 0, 0x00020002, 0, &u.c));
	EXPECT_EQ(need, u.c.dwNeededSize);
	EXPECT_EQ(sizeof(LINEDEVCAPS), u.c.dwUsedSize);
	EXPECT_EQ(0, u.c.dwLineNameSize);
	EXPECT_EQ(0, u.c.dwLineNameOffset);
	EXPECT_EQ(0, u.c.dwDeviceClassesSize);
	EXPECT_EQ((unsigned char)0xEE, (unsigned char)u.buf[sizeof(LINEDEVCAPS)]);
	/* one byte short: the last part (the classes) stays out, the rest is in */
	memset(&u, 0, sizeof(u));
	u.c.dwTotalSize = need - 1;
	ASSERT_EQ(0, lineGetDevCaps(app, 0, 0x00020002, 0, &u.c));
	EXPECT_EQ(need, u.c.dwNeededSize);
	EXPECT_NE(0, u.c.dwLineNameSize);
	EXPECT_EQ(0, u.c.dwDeviceClassesSize);
	EXPECT_GE(u.c.dwTotalSize, u.c.dwUsedSize);
	u.c.dwTotalSize = 16;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetDevCaps(app, 0, 0x00020002, 0, &u.c));
	EXPECT_EQ(LINEERR_BADDEVICEID, lineGetDevCaps(app, ndevs + 5, 0x00020002, 0, &u.c));

	/* the address and its call treatments' names, offsets moved with them */
	memset(&ac, 0, sizeof(ac));
	ac.c.dwTotalSize = sizeof(ac);
	ASSERT_EQ(0, lineGetAddressCaps(app, 0, 0, 0x00020002, 0, &ac.c));
	EXPECT_TRUE(wide_eq(&ac, ac.c.dwAddressSize, ac.c.dwAddressOffset, L"1001"));
	if (ac.c.dwNumCallTreatments) {
		ASSERT_EQ(ac.c.dwNumCallTreatments * sizeof(*t), ac.c.dwCallTreatmentListSize);
		t = (const void *)(ac.buf + ac.c.dwCallTreatmentListOffset);
		EXPECT_EQ(LINECALLTREATMENT_SILENCE, t[0].dwCallTreatmentID);
		EXPECT_TRUE(wide_eq(&ac, t[0].dwCallTreatmentNameSize,
				    t[0].dwCallTreatmentNameOffset, L"Silence"));
		EXPECT_TRUE(wide_eq(&ac, t[2].dwCallTreatmentNameSize,
				    t[2].dwCallTreatmentNameOffset, L"Busy Signal"));
	}

	/* an address given as WCHARs, its size in bytes */
	ASSERT_EQ(0, lineOpen(app, 0, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	EXPECT_EQ(0, lineGetAddressID(line, &id, LINEADDRESSMODE_DIALABLEADDR, L"1001",
				      sizeof(L"1001")));
	EXPECT_EQ(0, id);
	EXPECT_EQ(LINEERR_INVALADDRESS, lineGetAddressID(line, &id, LINEADDRESSMODE_DIALABLEADDR,
							 L"1002", sizeof(L"1002")));
	EXPECT_EQ(0, lineShutdown(app));
}

/*
 * 1001 calls 1002 with lineMakeCallW; the callee's LINECALLINFO has the
 * caller in UTF-16, the caller's has its own application name as given to
 * lineInitializeExW (not ASCII); digits sent with lineGenerateDigitsW are
 * gathered as WCHARs by lineGatherDigitsW; lineDialW dials after dial tone.
 */
TEST(a_call_in_utf16)
{
	union {
		LINECALLINFO i;
		char buf[1024];
	} u;
	WCHAR digits[8];
	HLINEAPP a, b;
	HLINE la, lb;
	HCALL ca = 0, cb;
	LINEMESSAGE m;
	DWORD ndevs;
	LONG req;

	ASSERT_EQ(0, init(&a, &ndevs, L"wide_t\u00e9st \u20ac"));
	ASSERT_EQ(0, init(&b, &ndevs, L"wide_test"));
	ASSERT_EQ(0, lineOpen(a, 0, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(b, 1, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL));

	EXPECT_EQ(LINEERR_INVALADDRESS, lineMakeCall(la, &ca, L"10\u00e902", 0, NULL));
	req = lineMakeCall(la, &ca, L"1002", 0, NULL);
	ASSERT_LT(0, req);
	m = wait_msg(a, LINE_REPLY, 0, (DWORD_PTR)req);
	EXPECT_EQ(0, m.dwParam2);
	m = wait_msg(b, LINE_APPNEWCALL, lb, 0);
	ASSERT_EQ(LINE_APPNEWCALL, m.dwMessageID);
	cb = (HCALL)m.dwParam2;
	m = wait_msg(b, LINE_CALLINFO, cb, 0);

	memset(&u, 0, sizeof(u));
	u.i.dwTotalSize = sizeof(u);
	ASSERT_EQ(0, lineGetCallInfo(cb, &u.i));
	EXPECT_TRUE(wide_eq(&u, u.i.dwCallerIDSize, u.i.dwCallerIDOffset, L"1001"))
		TH_LOG("caller ID %s", narrow(&u, u.i.dwCallerIDSize, u.i.dwCallerIDOffset));
	EXPECT_TRUE(wide_eq(&u, u.i.dwCallerIDNameSize, u.i.dwCallerIDNameOffset,
			    L"Line 1001"));
	EXPECT_EQ(u.i.dwNeededSize, u.i.dwUsedSize);
	EXPECT_EQ(1, u.i.dwLineDeviceID);
	ASSERT_EQ(0, lineGetCallInfo(ca, &u.i));
	EXPECT_TRUE(wide_eq(&u, u.i.dwCalledIDSize, u.i.dwCalledIDOffset, L"1002"));
	EXPECT_TRUE(wide_eq(&u, u.i.dwAppNameSize, u.i.dwAppNameOffset, L"wide_t\u00e9st \u20ac"))
		TH_LOG("app name %s", narrow(&u, u.i.dwAppNameSize, u.i.dwAppNameOffset));

	req = lineAnswer(cb, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_CONNECTED);
	ASSERT_EQ(LINE_CALLSTATE, m.dwMessageID);

	/* gathered until the termination digit, as WCHARs, nothing past the buffer */
	for (int i = 0; i < 8; i++)
		digits[i] = 'x';
	ASSERT_EQ(0, lineGatherDigits(cb, LINEDIGITMODE_DTMF, digits, 6, L"#", 5000, 3000));
	ASSERT_EQ(0, lineGenerateDigits(ca, LINEDIGITMODE_DTMF, L"47#9", 0));
	m = wait_msg(b, LINE_GATHERDIGITS, cb, 0);
	EXPECT_EQ(LINEGATHERTERM_TERMDIGIT, m.dwParam1);
	EXPECT_EQ(0, memcmp(L"47#", digits, 3 * sizeof(WCHAR)));
	EXPECT_EQ(0, digits[3]);
	EXPECT_EQ('x', digits[6]);
	EXPECT_EQ(LINEERR_INVALDIGITS, lineGenerateDigits(ca, LINEDIGITMODE_DTMF, L"1\u00b2", 0));

	EXPECT_EQ(LINEERR_INVALADDRESS, lineDial(ca, L"5\u00e9", 0));
	EXPECT_EQ(LINEERR_TARGETNOTFOUND, lineHandoff(cb, L"n\u00f6body", 0));

	req = lineDrop(ca, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_IDLE);
	EXPECT_EQ(LINE_CALLSTATE, m.dwMessageID);

	/* lineDialW after dial tone: the number reaches the exchange */
	ASSERT_EQ(0, lineDeallocateCall(ca));
	req = lineMakeCall(la, &ca, L"", 0, NULL);
	ASSERT_LT(0, req);
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_DIALTONE);
	ASSERT_EQ(LINE_CALLSTATE, m.dwMessageID);
	req = lineDial(ca, L"10 02", 0);
	ASSERT_LT(0, req);
	m = wait_msg(a, LINE_REPLY, 0, (DWORD_PTR)req);
	EXPECT_EQ(0, m.dwParam2);
	m = wait_msg(a, LINE_CALLSTATE, ca, LINECALLSTATE_RINGBACK);
	EXPECT_EQ(LINE_CALLSTATE, m.dwMessageID) TH_LOG("1002 not dialled");
	req = lineDrop(ca, NULL, 0);
	ASSERT_LT(0, req);
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(b));
}

/* This test's own configuration (see the top). */
static int sandbox(char *file, size_t size)
{
	char dir[] = "/tmp/tapi-wide-XXXXXX", sub[64];

	if (!geteuid()) {
		mkdir("/etc", 0755);
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("tapi-test", "/etc", "tmpfs", 0, "mode=0755"))
			return -1;
		snprintf(file, size, "/etc/tapi/locations");
		return mkdir("/etc/tapi", 0755);
	}
	if (!mkdtemp(dir))
		return -1;
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(sub, sizeof(sub), "%s/tapi", dir);
	snprintf(file, size, "%s/locations", sub);
	return mkdir(sub, 0755);
}

/*
 * lineTranslateAddressW, lineGetTranslateCapsW (a location named in
 * German with a character beyond the BMP: a surrogate pair), lineGetCountryW.
 */
TEST(translation_in_utf16)
{
	static const WCHAR name[] = { 'B', 0xFC, 'r', 'o', ' ', 0x20AC, ' ', 0xD834, 0xDD1E, 0 };
	union {
		LINETRANSLATEOUTPUT o;
		char buf[512];
	} o;
	union {
		LINETRANSLATECAPS c;
		char buf[1024];
	} tc;
	union {
		LINECOUNTRYLIST l;
		char buf[1024];
	} cl;
	const LINELOCATIONENTRY *e;
	const LINECOUNTRYENTRY *ce;
	char file[256];
	HLINEAPP app;
	FILE *f;
	DWORD need, ndevs;

	ASSERT_EQ(0, sandbox(file, sizeof(file)));
	f = fopen(file, "w");
	ASSERT_NE(NULL, f);
	fputs("[location 5]\nname = B\xc3\xbcro \xe2\x82\xac \xf0\x9d\x84\x9e\ncountry = 49\n"
	      "area-code = 89\n", f);
	ASSERT_EQ(0, fclose(f));
	ASSERT_EQ(0, init(&app, &ndevs, L"wide_test"));

	memset(&o, 0, sizeof(o));
	o.o.dwTotalSize = sizeof(o);
	ASSERT_EQ(0, lineTranslateAddress(app, 0, 0x00020002, L"+49 (30) 1234567", 0, 0, &o.o));
	EXPECT_TRUE(wide_eq(&o, o.o.dwDialableStringSize, o.o.dwDialableStringOffset,
			    L"0301234567"))
		TH_LOG("dialable %s", narrow(&o, o.o.dwDialableStringSize,
					     o.o.dwDialableStringOffset));
	EXPECT_TRUE(wide_eq(&o, o.o.dwDisplayableStringSize, o.o.dwDisplayableStringOffset,
			    L"0301234567"));
	EXPECT_EQ(LINETRANSLATERESULT_CANONICAL | LINETRANSLATERESULT_LONGDISTANCE,
		  o.o.dwTranslateResults);
	EXPECT_EQ(49, o.o.dwDestCountry);
	/* room for the first string only */
	need = o.o.dwNeededSize;
	o.o.dwTotalSize = sizeof(LINETRANSLATEOUTPUT) + 22;
	ASSERT_EQ(0, lineTranslateAddress(app, 0, 0x00020002, L"+49 (30) 1234567", 0, 0, &o.o));
	EXPECT_EQ(need, o.o.dwNeededSize);
	EXPECT_EQ(22, o.o.dwDialableStringSize);
	EXPECT_EQ(0, o.o.dwDisplayableStringSize);
	EXPECT_EQ(0, o.o.dwDisplayableStringOffset);
	EXPECT_EQ(LINEERR_INVALADDRESS,
		  lineTranslateAddress(app, 0, 0x00020002, L"+49 (30) 12\u00e9", 0, 0, &o.o));

	memset(&tc, 0, sizeof(tc));
	tc.c.dwTotalSize = sizeof(tc);
	ASSERT_EQ(0, lineGetTranslateCaps(0, 0x00020002, &tc.c));
	ASSERT_EQ(1, tc.c.dwNumLocations);
	EXPECT_EQ(5, tc.c.dwCurrentLocationID);
	e = (const void *)(tc.buf + tc.c.dwLocationListOffset);
	EXPECT_EQ(5, e->dwPermanentLocationID);
	EXPECT_EQ(49, e->dwCountryCode);
	EXPECT_TRUE(wide_eq(&tc, e->dwLocationNameSize, e->dwLocationNameOffset, name));
	EXPECT_TRUE(wide_eq(&tc, e->dwCityCodeSize, e->dwCityCodeOffset, L"89"));
	/* an empty string is a lone NUL, in WCHARs too */
	EXPECT_EQ(sizeof(WCHAR), e->dwLocalAccessCodeSize);
	/* too small for the list: none of it, and no locations counted */
	need = tc.c.dwNeededSize;
	tc.c.dwTotalSize = need - 2;
	ASSERT_EQ(0, lineGetTranslateCaps(0, 0x00020002, &tc.c));
	EXPECT_EQ(need, tc.c.dwNeededSize);
	EXPECT_EQ(0, tc.c.dwNumLocations);
	EXPECT_EQ(0, tc.c.dwLocationListSize);
	EXPECT_EQ(sizeof(LINETRANSLATECAPS), tc.c.dwUsedSize);

	memset(&cl, 0, sizeof(cl));
	cl.l.dwTotalSize = sizeof(cl);
	ASSERT_EQ(0, lineGetCountry(49, 0x00020002, &cl.l));
	ASSERT_EQ(1, cl.l.dwNumCountries);
	ce = (const void *)(cl.buf + cl.l.dwCountryListOffset);
	EXPECT_EQ(49, ce->dwCountryCode);
	EXPECT_TRUE(wide_eq(&cl, ce->dwCountryNameSize, ce->dwCountryNameOffset, L"Germany"));
	EXPECT_TRUE(wide_eq(&cl, ce->dwSameAreaRuleSize, ce->dwSameAreaRuleOffset, L"G"));
	EXPECT_TRUE(wide_eq(&cl, ce->dwLongDistanceRuleSize, ce->dwLongDistanceRuleOffset,
			    L"0FG"));
	EXPECT_TRUE(wide_eq(&cl, ce->dwInternationalRuleSize, ce->dwInternationalRuleOffset,
			    L"00EFG"));
	EXPECT_EQ(LINEERR_INVALCOUNTRYCODE, lineGetCountry(999999, 0x00020002, &cl.l));
	EXPECT_EQ(0, lineShutdown(app));
}

/*
 * The other ...W functions take their strings in UTF-16 and do what the
 * UTF-8 ones do with the same text: the configuration functions write the
 * test's own files (sandbox above), the class names and application names
 * match, and what comes back (a binary VARSTRING, provider names) is given
 * as TAPI says for each.
 */
TEST(string_arguments_in_utf16)
{
	union {
		VARSTRING v;
		char buf[256];
	} u;
	union {
		LINEPROVIDERLIST l;
		LINEDEVSTATUS d;
		LINEADDRESSSTATUS s;
		LINETRANSLATEOUTPUT o;
		char buf[2048];
	} b;
	const LINEPROVIDERENTRY *pe;
	static const char conf[] = "dial_mode=pulse\n";
	char file[256];
	HLINEAPP app;
	DWORD ndevs, prio = 7, id;
	HICON icon = NULL;
	HLINE line;
	int found = 0;

	ASSERT_EQ(0, sandbox(file, sizeof(file)));
	ASSERT_EQ(0, init(&app, &ndevs, L"wide_test"));

	/* device classes */
	ASSERT_EQ(0, lineGetIcon(0, L"TAPI/Line", &icon));
	EXPECT_STREQ("phone", (const char *)icon);
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineGetIcon(0, L"wave/in", &icon));
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, lineConfigDialog(0, NULL, L"tapi/line"));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineConfigDialog(0, NULL, L"tapi/l\u00efne"));
	ASSERT_EQ(0, lineSetDevConfig(0, (LPVOID)conf, sizeof(conf), L"tapi/line"));
	memset(&u, 0, sizeof(u));
	u.v.dwTotalSize = sizeof(u);
	ASSERT_EQ(0, lineGetDevConfig(0, &u.v, L"tapi/line"));
	/* the configuration is binary: it crosses as the bytes it is */
	EXPECT_EQ(STRINGFORMAT_BINARY, u.v.dwStringFormat);
	EXPECT_STREQ(conf, u.buf + u.v.dwStringOffset);
	u.v.dwTotalSize = sizeof(VARSTRING);
	ASSERT_EQ(0, lineGetDevConfig(0, &u.v, L"tapi/line"));
	EXPECT_EQ(sizeof(VARSTRING) + sizeof(conf), u.v.dwNeededSize);
	EXPECT_EQ(0, u.v.dwStringSize);
	u.v.dwTotalSize = sizeof(u);
	EXPECT_EQ(0, lineConfigDialogEdit(0, NULL, L"tapi/line", (LPVOID)conf, sizeof(conf),
					  &u.v));
	EXPECT_STREQ(conf, u.buf + u.v.dwStringOffset);

	ASSERT_EQ(0, lineOpen(app, 0, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	memset(&u, 0, sizeof(u));
	u.v.dwTotalSize = sizeof(u);
	ASSERT_EQ(0, lineGetID(line, 0, 0, LINECALLSELECT_LINE, &u.v, L"tapi/line"));
	EXPECT_EQ(STRINGFORMAT_BINARY, u.v.dwStringFormat);
	ASSERT_EQ(sizeof(DWORD), u.v.dwStringSize);
	memcpy(&id, u.buf + u.v.dwStringOffset, sizeof(id));
	EXPECT_EQ(0, id);
	EXPECT_EQ(LINEERR_INVALDEVICECLASS,
		  lineGetID(line, 0, 0, LINECALLSELECT_LINE, &u.v, L"comm/n\u00f6ne"));
	memset(&b, 0, sizeof(b));
	b.d.dwTotalSize = sizeof(b);
	ASSERT_EQ(0, lineGetLineDevStatus(line, &b.d));
	EXPECT_LE(1, b.d.dwNumOpens);
	EXPECT_EQ(b.d.dwNeededSize, b.d.dwUsedSize);
	memset(&b, 0, sizeof(b));
	b.s.dwTotalSize = sizeof(b);
	ASSERT_EQ(0, lineGetAddressStatus(line, 0, &b.s));
	EXPECT_EQ(0, b.s.dwNumActiveCalls);
	EXPECT_EQ(LINEERR_INVALADDRESSID, lineGetAddressStatus(line, 1, &b.s));

	/* priorities by an application name given in UTF-16 */
	memset(&u, 0, sizeof(u));
	u.v.dwTotalSize = sizeof(u);
	ASSERT_EQ(0, lineGetAppPriority(L"w\u00efde_app", VOICE, NULL, 0, &u.v, &prio));
	EXPECT_EQ(0, prio);
	EXPECT_EQ(STRINGFORMAT_UNICODE, u.v.dwStringFormat) TH_LOG("an empty name, in UTF-16");
	EXPECT_EQ(0, u.v.dwStringSize);
	ASSERT_EQ(0, lineSetAppPriority(L"w\u00efde_app", VOICE, NULL, 0, NULL, 1));
	ASSERT_EQ(0, lineGetAppPriority(L"w\u00efde_app", VOICE, NULL, 0, &u.v, &prio));
	EXPECT_EQ(1, prio);
	ASSERT_EQ(0, lineGetAppPriorityA("w\xc3\xaf" "de_app", VOICE, NULL, 0, NULL, &prio));
	EXPECT_EQ(1, prio) TH_LOG("the same name in UTF-8");

	/* translation: a local exchange added to the toll list in UTF-16 */
	{
		FILE *f = fopen(file, "w");

		ASSERT_NE(NULL, f);
		fputs("[location 1]\nname = Munich\ncountry = 49\narea-code = 89\n", f);
		ASSERT_EQ(0, fclose(f));
	}
	ASSERT_EQ(0, lineSetTollList(app, 0, L"+49 (89) 5551234", LINETOLLLISTOPTION_ADD));
	memset(&b, 0, sizeof(b));
	b.o.dwTotalSize = sizeof(b);
	ASSERT_EQ(0, lineTranslateAddress(app, 0, 0x00020002, L"+49 (89) 5559999", 0, 0, &b.o));
	EXPECT_TRUE(b.o.dwTranslateResults & LINETRANSLATERESULT_INTOLLLIST);
	EXPECT_EQ(0, lineTranslateDialog(app, 0, 0x00020002, NULL, L"+49 (89) 5559999"));
	EXPECT_EQ(LINEERR_INVALADDRESS,
		  lineTranslateDialog(app, 0, 0x00020002, NULL, L"+49 (89) \u00e9"));

	/* providers: the file names in UTF-16; a relative path is refused */
	memset(&b, 0, sizeof(b));
	b.l.dwTotalSize = sizeof(b);
	ASSERT_EQ(0, lineGetProviderList(0x00020002, &b.l));
	pe = (const void *)(b.buf + b.l.dwProviderListOffset);
	for (DWORD i = 0; i < b.l.dwNumProviders; i++)
		found |= wide_eq(&b, pe[i].dwProviderFilenameSize, pe[i].dwProviderFilenameOffset,
				 L"tapi_sim");
	EXPECT_TRUE(found) TH_LOG("%u providers, tapi_sim not among them", b.l.dwNumProviders);
	EXPECT_EQ(LINEERR_INVALPARAM, lineAddProvider(L"tapi/sim.ko", NULL, &id));
	EXPECT_EQ(0, lineShutdown(app));
}

TEST_HARNESS_MAIN
