// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dialing on a fresh system: the first location libtapi writes when there
 * is no locations file (its country from the locale or the time zone, the
 * United States when neither says; an existing file is never replaced),
 * and what lineTranslateAddress makes dialed by lineMakeCall to tapi_sim's
 * lines, with the rest of TAPI's dialable address format ('?', '|', '^',
 * CR LF between addresses).
 *
 * The tests never touch the machine's files: as root (the VMs) each runs
 * in its own mount namespace with a tmpfs over /etc, where the test writes
 * the system's locale and time zone files; a zone.tab of its own is found
 * through TZDIR. Not as root, the cases that need /etc are skipped. The
 * dialing tests need tapi_sim's lines as devices 0-3 (the test VM).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tapi.h>

#include "as_user.h"
#include "kselftest_harness.h"

#define V22	0x00020002

static char etc[256], loc_file[512];

/* This test's own /etc (root) or configuration directory (others). */
static int sandbox(void)
{
	if (!geteuid()) {
		mkdir("/etc", 0755);
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    (mount("tapi-test", "/etc", "tmpfs", 0, "mode=0755") &&
		     mount("tapi-test", "/etc", "ramfs", 0, "mode=0755")))
			return -1;
		snprintf(etc, sizeof(etc), "/etc");
		snprintf(loc_file, sizeof(loc_file), "/etc/tapi/locations");
		return 0;
	}
	char dir[] = "/tmp/tapi-loc-XXXXXX";

	if (!mkdtemp(dir))
		return -1;
	snprintf(etc, sizeof(etc), "%s", dir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(loc_file, sizeof(loc_file), "%s/tapi/locations", dir);
	return 0;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* The whole of a small file, or "<none>". */
static const char *read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return "<none>";
	n = fread(buf, 1, size - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/* A zone directory: a few zones of zone.tab, and an old name linked to a new. */
static int zone_dir(const char *dir)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/America", dir);
	if (mkdir(dir, 0755) || mkdir(path, 0755))
		return -1;
	snprintf(path, sizeof(path), "%s/zone.tab", dir);
	if (write_file(path, "# tz zone descriptions\n"
		       "DE\t+5230+01322\tEurope/Berlin\tmost of Germany\n"
		       "IT\t+4154+01229\tEurope/Rome\n"
		       "JP\t+353916+1394441\tAsia/Tokyo\n"
		       "AU\t-3352+15113\tAustralia/Sydney\tNew South Wales (most areas)\n"
		       "CA\t+4339-07923\tAmerica/Toronto\tEastern - ON & QC (most areas)\n"))
		return -1;
	snprintf(path, sizeof(path), "%s/America/Toronto", dir);
	if (write_file(path, "TZif"))
		return -1;
	snprintf(path, sizeof(path), "%s/Canada", dir);
	if (mkdir(path, 0755))
		return -1;
	snprintf(path, sizeof(path), "%s/Canada/Eastern", dir);
	return symlink("../America/Toronto", path);
}

/* What a case sets: the environment, and (as root) files in /etc. */
FIXTURE(fresh) {
	char zones[300];
};

FIXTURE_VARIANT(fresh) {
	const char *lc_all, *lc_telephone, *lang, *tz;
	const char *localtime;		/* /etc/localtime links there */
	const char *timezone;		/* /etc/timezone */
	const char *locale_conf;	/* /etc/locale.conf */
	const char *default_locale;	/* /etc/default/locale */
	DWORD country;			/* the first location's country ID */
};

FIXTURE_VARIANT_ADD(fresh, lang_alone) {
	.lang = "de_DE.UTF-8", .country = 49,
};

FIXTURE_VARIANT_ADD(fresh, lc_all_before_lang) {
	.lc_all = "fr_FR.UTF-8", .lang = "de_DE.UTF-8", .tz = "Europe/Rome", .country = 33,
};

FIXTURE_VARIANT_ADD(fresh, lc_telephone_before_the_zone) {
	.lc_telephone = "en_GB.UTF-8", .lang = "en_US.UTF-8", .tz = "Asia/Tokyo",
	.country = 44,
};

FIXTURE_VARIANT_ADD(fresh, lc_all_c_hides_lc_telephone) {
	.lc_all = "C", .lc_telephone = "de_DE.UTF-8", .tz = ":Europe/Rome", .country = 39,
};

FIXTURE_VARIANT_ADD(fresh, the_zone_before_lang) {
	.lang = "en_US.UTF-8", .tz = "Europe/Berlin", .country = 49,
};

FIXTURE_VARIANT_ADD(fresh, utc_names_no_country) {
	.lang = "en_CA.UTF-8", .tz = "UTC", .country = 108,
};

FIXTURE_VARIANT_ADD(fresh, an_old_zone_name_by_its_link) {
	.lang = "C.UTF-8", .tz = "Canada/Eastern", .country = 108,
};

FIXTURE_VARIANT_ADD(fresh, a_zone_file_path) {
	.tz = ":/usr/share/zoneinfo/Australia/Sydney", .country = 61,
};

FIXTURE_VARIANT_ADD(fresh, etc_localtime) {
	.localtime = "/usr/share/zoneinfo/Asia/Tokyo", .country = 81,
};

FIXTURE_VARIANT_ADD(fresh, etc_timezone) {
	.lang = "POSIX", .timezone = "Australia/Sydney\n", .country = 61,
};

FIXTURE_VARIANT_ADD(fresh, the_system_locale) {
	.localtime = "/usr/share/zoneinfo/Etc/UTC",
	.default_locale = "LANG=\"nl_NL.UTF-8\"\n", .country = 31,
};

FIXTURE_VARIANT_ADD(fresh, the_system_lc_telephone) {
	.locale_conf = "LANG=de_DE.UTF-8\nLC_TELEPHONE=sv_SE.UTF-8\n", .country = 46,
};

FIXTURE_VARIANT_ADD(fresh, nothing_known_is_the_united_states) {
	.lc_all = "C.UTF-8", .lang = "POSIX", .tz = "CET-1CEST,M3.5.0,M10.5.0/3", .country = 1,
};

FIXTURE_VARIANT_ADD(fresh, no_configuration_at_all) {
	.country = 1,
};

static bool needs_etc(const FIXTURE_VARIANT(fresh) *v)
{
	/* without TZ the machine's /etc/localtime would be read */
	return !v->tz || v->localtime || v->timezone || v->locale_conf || v->default_locale;
}

static void set_or_unset(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

FIXTURE_SETUP(fresh)
{
	char path[512];

	if (geteuid() && needs_etc(variant))
		SKIP(return, "needs root: the case writes /etc");
	ASSERT_EQ(0, sandbox());
	snprintf(self->zones, sizeof(self->zones), "%s/zones", etc);
	ASSERT_EQ(0, zone_dir(self->zones));
	setenv("TZDIR", self->zones, 1);
	set_or_unset("LC_ALL", variant->lc_all);
	set_or_unset("LC_TELEPHONE", variant->lc_telephone);
	set_or_unset("LANG", variant->lang);
	set_or_unset("TZ", variant->tz);
	if (geteuid())
		return;
	/* root's sandbox: nothing in /etc but what the case writes */
	if (variant->localtime)
		ASSERT_EQ(0, symlink(variant->localtime, "/etc/localtime"));
	if (variant->timezone)
		ASSERT_EQ(0, write_file("/etc/timezone", variant->timezone));
	if (variant->locale_conf)
		ASSERT_EQ(0, write_file("/etc/locale.conf", variant->locale_conf));
	snprintf(path, sizeof(path), "/etc/default");
	if (variant->default_locale) {
		ASSERT_EQ(0, mkdir(path, 0755));
		ASSERT_EQ(0, write_file("/etc/default/locale", variant->default_locale));
	}
}

FIXTURE_TEARDOWN(fresh)
{
}

static const char *str_at(const void *base, DWORD size, DWORD offset)
{
	return size ? (const char *)base + offset : "<none>";
}

/* The first location: one, from the system, no area code, tone dialing, and in the file. */
TEST_F(fresh, the_first_location_comes_from_the_system)
{
	union {
		LINETRANSLATECAPS c;
		char buf[4096];
	} u = { .c.dwTotalSize = sizeof(u) };
	const LINELOCATIONENTRY *e = (const void *)(u.buf + sizeof(u.c));
	char text[1024], want[512];

	ASSERT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	ASSERT_EQ(1, u.c.dwNumLocations);
	e = (const void *)(u.buf + u.c.dwLocationListOffset);
	EXPECT_EQ(1, u.c.dwCurrentLocationID);
	EXPECT_EQ(1, e->dwPermanentLocationID);
	EXPECT_EQ(variant->country, e->dwCountryID);
	EXPECT_STREQ("My Location", str_at(u.buf, e->dwLocationNameSize, e->dwLocationNameOffset));
	EXPECT_STREQ("", str_at(u.buf, e->dwCityCodeSize, e->dwCityCodeOffset));
	EXPECT_STREQ("", str_at(u.buf, e->dwLocalAccessCodeSize, e->dwLocalAccessCodeOffset));
	EXPECT_EQ(0, e->dwOptions & LINELOCATIONOPTION_PULSEDIAL);
	EXPECT_EQ(0, u.c.dwNumCards);
	/* written, where an administrator finds it and the next process reads it */
	snprintf(want, sizeof(want), "[location 1]\nname = My Location\ncountry = %u\n"
		 "area-code = \n", variant->country);
	EXPECT_NE(NULL, strstr(read_file(loc_file, text, sizeof(text)), want))
		TH_LOG("%s", text);
	EXPECT_NE(NULL, strstr(text, "dialing = tone\n"));
	/* the environment changes: the location does not */
	setenv("LC_ALL", "ja_JP.UTF-8", 1);
	ASSERT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	e = (const void *)(u.buf + u.c.dwLocationListOffset);
	EXPECT_EQ(variant->country, e->dwCountryID);
}

/* The first location's country ID % 100 (the exit status), or 200 + what failed. */
static int user_country(void)
{
	union {
		LINETRANSLATECAPS c;
		char buf[2048];
	} u = { .c.dwTotalSize = sizeof(u) };
	const LINELOCATIONENTRY *e;

	if (lineGetTranslateCaps(0, V22, &u.c))
		return 201;
	if (u.c.dwNumLocations < 1)
		return 202;
	e = (const void *)(u.buf + u.c.dwLocationListOffset);
	return (int)(e->dwCountryID % 100);
}

/*
 * A locations file that exists is never replaced, not even an empty or a
 * broken one; a user reads the system's file and writes none of their own;
 * a user who cannot write gets the first location all the same.
 */
TEST(an_existing_configuration_is_kept)
{
	static const char *const kept[] = {
		"", "# the administrator's, for later\n",
		"[location 1]\nname = A\n",
	};
	union {
		LINETRANSLATECAPS c;
		char buf[2048];
	} u = { .c.dwTotalSize = sizeof(u) };
	char text[512];
	struct stat st;

	if (geteuid())
		SKIP(return, "needs root: the test writes /etc");
	ASSERT_EQ(0, sandbox());
	unsetenv("LC_ALL");
	unsetenv("LC_TELEPHONE");
	setenv("LANG", "it_IT.UTF-8", 1);
	setenv("TZ", "UTC", 1);
	ASSERT_EQ(0, mkdir("/etc/tapi", 0755));
	for (unsigned int i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		ASSERT_EQ(0, write_file(loc_file, kept[i]));
		EXPECT_EQ(LINEERR_INIFILECORRUPT, lineGetTranslateCaps(0, V22, &u.c));
		EXPECT_EQ(LINEERR_INIFILECORRUPT, lineSetCurrentLocation(0, 1));
		EXPECT_STREQ(kept[i], read_file(loc_file, text, sizeof(text)));
	}
	/* the system's file is there: a user reads it, writes nothing */
	ASSERT_EQ(0, write_file(loc_file, "[location 5]\nname = Office\ncountry = 33\n"));
	ASSERT_EQ(0, mkdir("/etc/user", 0755));
	ASSERT_EQ(0, chown("/etc/user", 65534, 65534));
	EXPECT_EQ(33, as_user("/etc/user", user_country));
	EXPECT_NE(0, stat("/etc/user/tapi", &st));
	/* none anywhere: the user's first location is the user's own file */
	ASSERT_EQ(0, unlink(loc_file));
	EXPECT_EQ(39, as_user("/etc/user", user_country));
	EXPECT_EQ(0, stat("/etc/user/tapi/locations", &st));
	EXPECT_EQ(65534, st.st_uid);
	EXPECT_NE(0, stat(loc_file, &st));
	/* a user who cannot write still has one (LANG says Italy) */
	ASSERT_EQ(0, mkdir("/etc/readonly", 0755));
	EXPECT_EQ(39, as_user("/etc/readonly", user_country));
	EXPECT_NE(0, stat("/etc/readonly/tapi", &st));
	/* root's first location; then the administrator's edit is what is read */
	EXPECT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	ASSERT_EQ(0, write_file(loc_file, "[location 9]\nname = Edited\ncountry = 41\n"));
	EXPECT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	EXPECT_EQ(9, u.c.dwCurrentLocationID);
}

static LONG init(HLINEAPP *app, DWORD *ndevs)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = V22;

	return lineInitializeEx(app, NULL, NULL, "location_test", ndevs, &version, &p);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Devices 0-3 are tapi_sim's default exchange, 1001-1004, and this is root. */
static bool on_sim(HLINEAPP app, DWORD ndevs)
{
	union {
		LINEDEVCAPS c;
		char buf[2048];
	} u = { .c.dwTotalSize = sizeof(u) };
	char want[64];

	for (DWORD i = 0; !geteuid() && i < 4 && i < ndevs; i++) {
		snprintf(want, sizeof(want), "tapi_sim subscriber line %u", 1001 + i);
		if (lineGetDevCaps(app, i, V22, 0, &u.c) || !u.c.dwLineNameSize ||
		    strcmp(u.buf + u.c.dwLineNameOffset, want))
			return false;
		if (i == 3)
			return true;
	}
	return false;
}

/* What a call made with lineMakeCall did. */
struct dialed {
	LONG ret;		/* lineMakeCall's */
	char called[64];	/* lineGetCallInfo's dwCalledID: what the line dialed */
	HLINE offered;		/* the line of @b's the call was offered on, or 0 */
	int offers;		/* calls offered to @b in all */
};

/* @la's call to @number, and what @b (owning the called lines) was offered. */
static void dial(HLINEAPP b, HLINE la, const char *number, struct dialed *d)
{
	union {
		LINECALLINFO i;
		char buf[1024];
	} u = { .i.dwTotalSize = sizeof(u) };
	LINEMESSAGE m;
	HCALL c = 0;
	double until = now_ms() + 6000;

	memset(d, 0, sizeof(*d));
	d->ret = lineMakeCall(la, &c, number, 0, NULL);
	if (d->ret <= 0)
		return;
	if (!lineGetCallInfo(c, &u.i) && u.i.dwCalledIDSize)
		snprintf(d->called, sizeof(d->called), "%s", u.buf + u.i.dwCalledIDOffset);
	/* the first offer within 6 s; then a second has one more second */
	while (now_ms() < until) {
		if (lineGetMessage(b, &m, 100) || m.dwMessageID != LINE_APPNEWCALL)
			continue;
		if (!d->offers++) {
			d->offered = (HLINE)m.hDevice;
			until = now_ms() + 1000;
		}
		lineDrop((HCALL)m.dwParam2, NULL, 0);
		usleep(100000);
		lineDeallocateCall((HCALL)m.dwParam2);
	}
	lineDrop(c, NULL, 0);
	lineDeallocateCall(c);
	usleep(100000);		/* both ends idle again */
}

struct lines {
	HLINEAPP a, b;
	HLINE la, lb, lc;	/* 1001 calls; 1002 and 1003 are called */
};

/* false: not in the test VM (no tapi_sim lines, or not root) */
static bool open_lines(struct __test_metadata *_metadata, struct lines *l)
{
	DWORD ndevs;

	ASSERT_EQ(0, init(&l->a, &ndevs));
	if (!on_sim(l->a, ndevs)) {
		lineShutdown(l->a);
		return false;
	}
	ASSERT_EQ(0, init(&l->b, &ndevs));
	ASSERT_EQ(0, lineOpen(l->a, 0, &l->la, V22, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(l->b, 1, &l->lb, V22, 0, 0, LINECALLPRIVILEGE_OWNER,
			      LINEMEDIAMODE_INTERACTIVEVOICE, NULL));
	ASSERT_EQ(0, lineOpen(l->b, 2, &l->lc, V22, 0, 0, LINECALLPRIVILEGE_OWNER,
			      LINEMEDIAMODE_INTERACTIVEVOICE, NULL));
	return true;
}

static const char *dialable(const LINETRANSLATEOUTPUT *o)
{
	return o->dwDialableStringSize ? (const char *)o + o->dwDialableStringOffset : "<none>";
}

/*
 * A program translates a canonical number and dials the result: a
 * location in Berlin (area code 30) makes "+49 (30) 1002" tapi_sim's 1002.
 * Its subaddress and name are not dialed, nor do they hide the dial mode
 * the line is configured for. On a fresh system the same number is long
 * distance from a first location that knows no area code.
 */
TEST(a_translated_number_reaches_the_sim_line)
{
	union {
		LINETRANSLATEOUTPUT o;
		char buf[512];
	} u = { .o.dwTotalSize = sizeof(u) };
	struct lines l;
	struct dialed d;

	ASSERT_EQ(0, sandbox());
	if (!open_lines(_metadata, &l))
		SKIP(return, "needs root and tapi_sim's lines as devices 0-3 (the test VM)");
	ASSERT_EQ(0, mkdir("/etc/tapi", 0755));
	ASSERT_EQ(0, write_file(loc_file, "[location 1]\nname = Berlin\ncountry = 49\n"
				"area-code = 30\n"));
	ASSERT_EQ(0, lineTranslateAddress(l.a, 0, V22, "+49 (30) 1002", 0, 0, &u.o));
	EXPECT_STREQ("1002", dialable(&u.o));
	EXPECT_EQ(LINETRANSLATERESULT_CANONICAL | LINETRANSLATERESULT_LOCAL |
		  LINETRANSLATERESULT_NOTINTOLLLIST, u.o.dwTranslateResults);
	dial(l.b, l.la, dialable(&u.o), &d);
	EXPECT_LT(0, d.ret);
	EXPECT_STREQ("1002", d.called);
	EXPECT_EQ(l.lb, d.offered);
	EXPECT_EQ(1, d.offers);

	ASSERT_EQ(0, lineTranslateAddress(l.a, 0, V22, "+49 (30) 10-03|77^Anna Peters", 0, 0,
					  &u.o));
	EXPECT_STREQ("1003|77^Anna Peters", dialable(&u.o));
	ASSERT_EQ(0, lineSetDevConfig(0, "dial_mode=pulse", 15, "tapi/line"));
	dial(l.b, l.la, dialable(&u.o), &d);
	EXPECT_LT(0, d.ret);
	EXPECT_STREQ("P1003", d.called) TH_LOG("the P of Peters is not a dial mode");
	EXPECT_EQ(l.lc, d.offered);
	ASSERT_EQ(0, lineSetDevConfig(0, "dial_mode=tone", 14, "tapi/line"));

	/* a fresh system in Germany: no area code, so every call is long distance */
	ASSERT_EQ(0, unlink(loc_file));
	unsetenv("LC_ALL");
	unsetenv("LC_TELEPHONE");
	setenv("LANG", "de_DE.UTF-8", 1);
	setenv("TZ", "UTC", 1);
	ASSERT_EQ(0, lineTranslateAddress(l.a, 0, V22, "+49 (30) 1002", 0, 0, &u.o));
	EXPECT_STREQ("0301002", dialable(&u.o));
	EXPECT_EQ(LINETRANSLATERESULT_CANONICAL | LINETRANSLATERESULT_LONGDISTANCE,
		  u.o.dwTranslateResults);
	EXPECT_EQ(49, u.o.dwCurrentCountry);
	EXPECT_EQ(0, lineShutdown(l.a));
	EXPECT_EQ(0, lineShutdown(l.b));
}

/*
 * TAPI's dialable address format in lineMakeCall and lineDial: '?' (ask
 * the user) is LINEERR_DIALPROMPT; a subaddress ('|') and a name ('^')
 * are not dialed; of several addresses (CR LF between them) the first is
 * called, and only it.
 */
TEST(dialable_address_format_in_make_call)
{
	struct lines l;
	struct dialed d;
	HCALL c;

	ASSERT_EQ(0, sandbox());
	if (!open_lines(_metadata, &l))
		SKIP(return, "needs root and tapi_sim's lines as devices 0-3 (the test VM)");
	EXPECT_EQ(LINEERR_DIALPROMPT, lineMakeCall(l.la, &c, "1002?", 0, NULL));
	EXPECT_EQ(LINEERR_DIALPROMPT, lineMakeCall(l.la, &c, "9,?1002", 0, NULL));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineMakeCall(l.la, &c, "10:02", 0, NULL));
	/* after '|' or '^' anything goes: it is not dialed */
	dial(l.b, l.la, "1002|?:x", &d);
	EXPECT_STREQ("1002", d.called);
	EXPECT_EQ(l.lb, d.offered);
	dial(l.b, l.la, "1003^Bob Smith", &d);
	EXPECT_STREQ("1003", d.called);
	EXPECT_EQ(l.lc, d.offered);
	EXPECT_EQ(1, d.offers);
	dial(l.b, l.la, "1002\r\n1003", &d);
	EXPECT_LT(0, d.ret);
	EXPECT_STREQ("1002", d.called);
	EXPECT_EQ(l.lb, d.offered);
	EXPECT_EQ(1, d.offers) TH_LOG("the second address is not called");
	dial(l.b, l.la, "1003\r\n", &d);
	EXPECT_EQ(l.lc, d.offered);
	dial(l.b, l.la, "1003\n1002", &d);
	EXPECT_EQ(l.lc, d.offered);
	EXPECT_EQ(1, d.offers);
	/* lineDial: the same rules */
	ASSERT_LT(0, lineMakeCall(l.la, &c, NULL, 0, NULL));
	EXPECT_EQ(LINEERR_DIALPROMPT, lineDial(c, "10?", 0));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineDial(c, "", 0));
	EXPECT_EQ(0, lineDrop(c, NULL, 0) <= 0);
	EXPECT_EQ(0, lineDeallocateCall(c));
	EXPECT_EQ(0, lineShutdown(l.a));
	EXPECT_EQ(0, lineShutdown(l.b));
}

TEST_HARNESS_MAIN
