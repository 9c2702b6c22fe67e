// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtapi's address translation: lineGetCountry's countries and rules,
 * the locations file (lineGetTranslateCaps, lineSetCurrentLocation,
 * lineSetTollList), lineTranslateAddress from locations in countries of
 * every rule type, lineTranslateDialog without a screen, and bad input to
 * each.
 *
 * The tests never touch the machine's files: as root (the VMs) each test
 * runs in its own mount namespace with a tmpfs over /etc, so the system
 * file /etc/tapi/locations is the test's; otherwise XDG_CONFIG_HOME points
 * at a new directory. The functions that take a device ID need a line
 * (tapi_sim's /dev/tapi0 in the VMs): without one they are skipped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tapi.h>

#include "as_user.h"
#include "kselftest_harness.h"

#define V22	0x00020002

static char loc_file[512];

/* This test's own configuration: see the comment at the top. */
static int sandbox(void)
{
	if (!geteuid()) {
		mkdir("/etc", 0755);
		if (unshare(CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    (mount("tapi-test", "/etc", "tmpfs", 0, "mode=0755") &&
		     mount("tapi-test", "/etc", "ramfs", 0, "mode=0755")))
			return -1;
		snprintf(loc_file, sizeof(loc_file), "/etc/tapi/locations");
		return mkdir("/etc/tapi", 0755);
	}
	char dir[] = "/tmp/tapi-xlate-XXXXXX", sub[64];

	if (!mkdtemp(dir))
		return -1;
	setenv("XDG_CONFIG_HOME", dir, 1);
	snprintf(sub, sizeof(sub), "%s/tapi", dir);
	snprintf(loc_file, sizeof(loc_file), "%s/locations", sub);
	return mkdir(sub, 0755);
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = 0;
	fclose(f);
	return 0;
}

static LONG init(HLINEAPP *app, DWORD *ndevs)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = V22;

	return lineInitializeEx(app, NULL, NULL, "translate_test", ndevs, &version, &p);
}

/* A variable part's string, or "<none>". */
static const char *str_at(const void *base, DWORD size, DWORD offset)
{
	return size ? (const char *)base + offset : "<none>";
}

static const LINECOUNTRYENTRY *entry_by_name(const LINECOUNTRYLIST *l, const char *name)
{
	const LINECOUNTRYENTRY *e = (const void *)((const char *)l + l->dwCountryListOffset);

	for (DWORD i = 0; i < l->dwNumCountries; i++)
		if (!strcmp(str_at(l, e[i].dwCountryNameSize, e[i].dwCountryNameOffset), name))
			return &e[i];
	return NULL;
}

static const LINECOUNTRYENTRY *entry_by_id(const LINECOUNTRYLIST *l, DWORD id)
{
	const LINECOUNTRYENTRY *e = (const void *)((const char *)l + l->dwCountryListOffset);

	for (DWORD i = 0; i < l->dwNumCountries; i++)
		if (e[i].dwCountryID == id)
			return &e[i];
	return NULL;
}

#define EXPECT_RULES(l, e, same, ld, intl) do {					\
	EXPECT_STREQ(same, str_at(l, (e)->dwSameAreaRuleSize, (e)->dwSameAreaRuleOffset)); \
	EXPECT_STREQ(ld, str_at(l, (e)->dwLongDistanceRuleSize,			\
				(e)->dwLongDistanceRuleOffset));		\
	EXPECT_STREQ(intl, str_at(l, (e)->dwInternationalRuleSize,		\
				  (e)->dwInternationalRuleOffset));		\
} while (0)

/* every E.164 country code the ITU has assigned to a country or territory */
static const DWORD itu_codes[] = {
	1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
	51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86,
	90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221, 222, 223,
	224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238,
	239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253,
	254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269,
	290, 291, 297, 298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359,
	370, 371, 372, 373, 374, 375, 376, 377, 378, 380, 381, 382, 383, 385, 386,
	387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509,
	590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675,
	676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691,
	692, 850, 852, 853, 855, 856, 880, 886, 960, 961, 962, 963, 964, 965, 966,
	967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 992, 993, 994, 995, 996,
	998,
};

TEST(countries_and_their_dialing_rules)
{
	static char buf[96 * 1024];
	LINECOUNTRYLIST *l = (void *)buf;
	const LINECOUNTRYENTRY *e, *c;
	LINECOUNTRYLIST small;
	DWORD needed, i, k;

	l->dwTotalSize = sizeof(buf);
	ASSERT_EQ(0, lineGetCountry(0, V22, l));
	EXPECT_LE(230, l->dwNumCountries);
	EXPECT_EQ(l->dwNeededSize, l->dwUsedSize);
	EXPECT_EQ(l->dwNumCountries * sizeof(LINECOUNTRYENTRY), l->dwCountryListSize);
	e = (const void *)(buf + l->dwCountryListOffset);
	/* one chain from the first to the last, IDs unique, every string there */
	EXPECT_EQ(1, e[0].dwCountryID);
	for (i = 0; i < l->dwNumCountries; i++) {
		EXPECT_EQ(i + 1 < l->dwNumCountries ? e[i + 1].dwCountryID : 0,
			  e[i].dwNextCountryID);
		EXPECT_LT(1, e[i].dwCountryNameSize);
		EXPECT_EQ(0, buf[e[i].dwCountryNameOffset + e[i].dwCountryNameSize - 1]);
		EXPECT_NE(0, e[i].dwSameAreaRuleSize);
		for (k = 0; k < i; k++)
			EXPECT_NE(e[k].dwCountryID, e[i].dwCountryID);
		/* an ID is the code, or code * 100 + n for those sharing it */
		EXPECT_TRUE(e[i].dwCountryID == e[i].dwCountryCode ||
			    e[i].dwCountryID / 100 == e[i].dwCountryCode)
			TH_LOG("ID %u code %u", e[i].dwCountryID, e[i].dwCountryCode);
	}
	for (i = 0; i < sizeof(itu_codes) / sizeof(itu_codes[0]); i++) {
		c = entry_by_id(l, itu_codes[i]);
		EXPECT_TRUE(c && c->dwCountryCode == itu_codes[i])
			TH_LOG("no country with code %u", itu_codes[i]);
	}

	/* the rule types: NANP, trunk prefix 0, closed plans, always-full, others */
	c = entry_by_id(l, 1);
	ASSERT_TRUE(c != NULL);
	EXPECT_STREQ("United States of America", str_at(l, c->dwCountryNameSize,
							  c->dwCountryNameOffset));
	EXPECT_RULES(l, c, "G", "1FG", "011EFG");
	c = entry_by_name(l, "Canada");
	ASSERT_TRUE(c != NULL);
	EXPECT_EQ(1, c->dwCountryCode);
	EXPECT_NE(1, c->dwCountryID);
	EXPECT_RULES(l, c, "G", "1FG", "011EFG");
	c = entry_by_id(l, 49);
	ASSERT_TRUE(c != NULL);
	EXPECT_RULES(l, c, "G", "0FG", "00EFG");
	c = entry_by_id(l, 39);
	ASSERT_TRUE(c != NULL);
	EXPECT_RULES(l, c, "FG", "FG", "00EFG");
	c = entry_by_id(l, 33);
	ASSERT_TRUE(c != NULL);
	EXPECT_RULES(l, c, "0FG", "0FG", "00EFG");
	c = entry_by_id(l, 7);
	ASSERT_TRUE(c != NULL);
	EXPECT_RULES(l, c, "G", "8FG", "810EFG");
	c = entry_by_name(l, "Kazakhstan");
	ASSERT_TRUE(c != NULL);
	EXPECT_EQ(7, c->dwCountryCode);
	c = entry_by_id(l, 61);
	ASSERT_TRUE(c != NULL);
	EXPECT_RULES(l, c, "G", "0FG", "0011EFG");
	c = entry_by_id(l, 81);
	ASSERT_TRUE(c != NULL);
	EXPECT_RULES(l, c, "G", "0FG", "010EFG");
	c = entry_by_id(l, 36);
	ASSERT_TRUE(c != NULL);
	EXPECT_RULES(l, c, "G", "06FG", "00EFG");
	/* a non-geographic code has no rules: empty strings */
	c = entry_by_id(l, 800);
	ASSERT_TRUE(c != NULL);
	EXPECT_EQ(1, c->dwSameAreaRuleSize);
	EXPECT_RULES(l, c, "", "", "");

	/* one country; 1 is the first */
	l->dwTotalSize = sizeof(buf);
	ASSERT_EQ(0, lineGetCountry(49, V22, l));
	EXPECT_EQ(1, l->dwNumCountries);
	e = (const void *)(buf + l->dwCountryListOffset);
	EXPECT_EQ(49, e->dwCountryID);
	EXPECT_EQ(49, e->dwCountryCode);
	EXPECT_NE(0, e->dwNextCountryID);
	EXPECT_STREQ("Germany", str_at(l, e->dwCountryNameSize, e->dwCountryNameOffset));
	EXPECT_RULES(l, e, "G", "0FG", "00EFG");
	l->dwTotalSize = sizeof(buf);
	ASSERT_EQ(0, lineGetCountry(1, 0x00010004, l));
	EXPECT_EQ(1, ((const LINECOUNTRYENTRY *)(buf + l->dwCountryListOffset))->dwCountryCode);

	/* too small for the list: none of it, and what it would take */
	small.dwTotalSize = sizeof(small);
	ASSERT_EQ(0, lineGetCountry(0, V22, &small));
	EXPECT_EQ(sizeof(small), small.dwUsedSize);
	EXPECT_LT(sizeof(small), small.dwNeededSize);
	EXPECT_EQ(0, small.dwNumCountries);
	EXPECT_EQ(0, small.dwCountryListSize);
	EXPECT_EQ(0, small.dwCountryListOffset);
	needed = small.dwNeededSize;
	l->dwTotalSize = needed - 1;
	ASSERT_EQ(0, lineGetCountry(0, V22, l));
	EXPECT_EQ(0, l->dwNumCountries);
	EXPECT_EQ(needed, l->dwNeededSize);
	l->dwTotalSize = needed;
	ASSERT_EQ(0, lineGetCountry(0, V22, l));
	EXPECT_EQ(needed, l->dwUsedSize);

	/* bad input */
	small.dwTotalSize = sizeof(small) - 1;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetCountry(0, V22, &small));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetCountry(0, V22, NULL));
	small.dwTotalSize = sizeof(small);
	EXPECT_EQ(LINEERR_INVALCOUNTRYCODE, lineGetCountry(2, V22, &small));
	EXPECT_EQ(LINEERR_INVALCOUNTRYCODE, lineGetCountry(0xffffffff, V22, &small));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION, lineGetCountry(0, 0x00010003, &small));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION, lineGetCountry(0, 0x00030000, &small));
}

static const char two_locations[] =
	"# written by hand\n"
	"current = 20\n"
	"\n"
	"[location 10]\n"
	"name = Seattle office\n"
	"country = 1\n"
	"area-code = 206\n"
	"local-access = 9,\n"
	"long-distance-access = 8,\n"
	"toll-prefixes = 555, 556\n"
	"cancel-call-waiting = *70,\n"
	"\n"
	"[location 20]\n"
	"  name   =   Berlin  \n"
	"country = 49\n"
	"area-code = 30\n"
	"dialing = pulse\n";

union caps {
	LINETRANSLATECAPS c;
	char buf[4096];
};

static const LINELOCATIONENTRY *location_at(const LINETRANSLATECAPS *c, DWORD i)
{
	return (const LINELOCATIONENTRY *)((const char *)c + c->dwLocationListOffset) + i;
}

#define LOC_STR(c, e, f) str_at(c, (e)->dw##f##Size, (e)->dw##f##Offset)

TEST(translate_caps_list_the_locations)
{
	union caps u = { .c.dwTotalSize = sizeof(u) };
	const LINELOCATIONENTRY *e;
	LINETRANSLATECAPS small;
	HLINEAPP app;
	DWORD ndevs, needed;

	ASSERT_EQ(0, sandbox());
	ASSERT_EQ(0, write_file(loc_file, two_locations));
	/* before lineInitializeEx too: hLineApp 0 */
	ASSERT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	EXPECT_EQ(2, u.c.dwNumLocations);
	EXPECT_EQ(20, u.c.dwCurrentLocationID);
	EXPECT_EQ(0, u.c.dwNumCards);
	EXPECT_EQ(0, u.c.dwCardListSize);
	EXPECT_EQ(0, u.c.dwCurrentPreferredCardID);
	EXPECT_EQ(u.c.dwNeededSize, u.c.dwUsedSize);
	EXPECT_EQ(2 * sizeof(LINELOCATIONENTRY), u.c.dwLocationListSize);
	e = location_at(&u.c, 0);
	EXPECT_EQ(10, e->dwPermanentLocationID);
	EXPECT_STREQ("Seattle office", LOC_STR(&u.c, e, LocationName));
	EXPECT_EQ(1, e->dwCountryCode);
	EXPECT_EQ(1, e->dwCountryID);
	EXPECT_STREQ("206", LOC_STR(&u.c, e, CityCode));
	EXPECT_STREQ("9,", LOC_STR(&u.c, e, LocalAccessCode));
	EXPECT_STREQ("8,", LOC_STR(&u.c, e, LongDistanceAccessCode));
	EXPECT_STREQ("555,556", LOC_STR(&u.c, e, TollPrefixList));
	EXPECT_STREQ("*70,", LOC_STR(&u.c, e, CancelCallWaiting));
	EXPECT_EQ(0, e->dwOptions);
	EXPECT_EQ(0, e->dwPreferredCardID);
	e = location_at(&u.c, 1);
	EXPECT_EQ(20, e->dwPermanentLocationID);
	EXPECT_STREQ("Berlin", LOC_STR(&u.c, e, LocationName));
	EXPECT_EQ(49, e->dwCountryCode);
	EXPECT_STREQ("30", LOC_STR(&u.c, e, CityCode));
	EXPECT_EQ(1, e->dwLocalAccessCodeSize) TH_LOG("an empty string is a lone NUL");
	EXPECT_STREQ("", LOC_STR(&u.c, e, TollPrefixList));
	EXPECT_EQ(LINELOCATIONOPTION_PULSEDIAL, e->dwOptions);

	/* the variable size rules: all the locations or none */
	small.dwTotalSize = sizeof(small);
	ASSERT_EQ(0, lineGetTranslateCaps(0, V22, &small));
	EXPECT_EQ(0, small.dwNumLocations);
	EXPECT_EQ(0, small.dwLocationListOffset);
	EXPECT_EQ(20, small.dwCurrentLocationID);
	EXPECT_EQ(sizeof(small), small.dwUsedSize);
	needed = small.dwNeededSize;
	EXPECT_EQ(u.c.dwNeededSize, needed);
	u.c.dwTotalSize = needed - 1;
	ASSERT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	EXPECT_EQ(0, u.c.dwNumLocations);
	u.c.dwTotalSize = needed;
	ASSERT_EQ(0, lineGetTranslateCaps(0, 0x00010003, &u.c));
	EXPECT_EQ(2, u.c.dwNumLocations);

	/* bad input */
	ASSERT_EQ(0, init(&app, &ndevs));
	EXPECT_EQ(0, lineGetTranslateCaps(app, V22, &u.c));
	small.dwTotalSize = sizeof(small) - 1;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetTranslateCaps(app, V22, &small));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetTranslateCaps(app, V22, NULL));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION, lineGetTranslateCaps(app, 0x00010002, &u.c));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION, lineGetTranslateCaps(app, 0x00030000, &u.c));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineGetTranslateCaps(app ^ 0x10000, V22, &u.c));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineSetCurrentLocation(app ^ 0x10000, 10));
	EXPECT_EQ(LINEERR_INVALLOCATION, lineSetCurrentLocation(app, 30));
	EXPECT_EQ(LINEERR_INVALLOCATION, lineSetCurrentLocation(app, 0));
	EXPECT_EQ(0, lineShutdown(app));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineGetTranslateCaps(app, V22, &u.c));
}

/*
 * What makes a locations file corrupt; a file without a location is an
 * error too (no file at all gets a first location: location_test).
 */
TEST(no_location_or_a_broken_file_is_inifilecorrupt)
{
	static const char *const broken[] = {
		"[location 1]\nname = A\n",				/* no country */
		"[location 1]\ncountry = 49\n",				/* no name */
		"[location 1]\nname = A\ncountry = 2\n",		/* no such country */
		"[location 1]\nname = A\ncountry = 800\n",		/* not a place */
		"[location 1]\nname = A\ncountry = 49\ncolour = red\n",
		"[location 1]\nname = A\ncountry = 49\narea-code = 3O\n",
		"[location 1]\nname = A\ncountry = 49\ntoll-prefixes = 55,,6\n",
		"[location 1]\nname = A\ncountry = 49\nlocal-access = 9x\n",
		"[location 1]\nname = A\ncountry = 49\ndialing = rotary\n",
		"[location 1]\nname = A\ncountry = 49\n[location 1]\nname = B\ncountry = 1\n",
		"[location 0]\nname = A\ncountry = 49\n",
		"[place 1]\nname = A\ncountry = 49\n",
		"current = 2\n[location 1]\nname = A\ncountry = 49\n",	/* names nothing */
		"name = A\n[location 1]\nname = A\ncountry = 49\n",
		"[location 1]\nname = A\ncountry = 49\njust words\n",
		"# only a comment\n",
		"",
	};
	union caps u = { .c.dwTotalSize = sizeof(u) };
	LINETRANSLATEOUTPUT out = { .dwTotalSize = sizeof(out) };
	HLINEAPP app;
	DWORD ndevs;

	ASSERT_EQ(0, sandbox());
	/* a file without a location, left as it is */
	ASSERT_EQ(0, write_file(loc_file, "# none yet\n"));
	EXPECT_EQ(LINEERR_INIFILECORRUPT, lineGetTranslateCaps(0, V22, &u.c));
	EXPECT_EQ(LINEERR_INIFILECORRUPT, lineSetCurrentLocation(0, 1));
	ASSERT_EQ(0, init(&app, &ndevs));
	if (ndevs) {
		EXPECT_EQ(LINEERR_INIFILECORRUPT,
			  lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 0, 0, &out));
		EXPECT_EQ(LINEERR_INIFILECORRUPT,
			  lineSetTollList(app, 0, "+1 (206) 5551212", LINETOLLLISTOPTION_ADD));
		EXPECT_EQ(LINEERR_INIFILECORRUPT, lineTranslateDialog(app, 0, V22, NULL, NULL));
	}
	for (unsigned int i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		ASSERT_EQ(0, write_file(loc_file, broken[i]));
		EXPECT_EQ(LINEERR_INIFILECORRUPT, lineGetTranslateCaps(app, V22, &u.c))
			TH_LOG("file: %s", broken[i]);
		if (ndevs)
			EXPECT_EQ(LINEERR_INIFILECORRUPT,
				  lineTranslateAddress(app, 0, V22, "5551212", 0, 0, &out));
	}
	/* the smallest good file */
	ASSERT_EQ(0, write_file(loc_file, "[location 7]\nname = A\ncountry = 49\n"));
	EXPECT_EQ(0, lineGetTranslateCaps(app, V22, &u.c));
	EXPECT_EQ(7, u.c.dwCurrentLocationID);
	EXPECT_EQ(0, lineShutdown(app));
}

/* Every test location: one per rule type, and their translations. */
static const char rule_locations[] =
	"current = 1\n"
	"[location 1]\nname = Seattle\ncountry = 1\narea-code = 206\n"
	"toll-prefixes = 555\ncancel-call-waiting = *70,\n"
	"[location 2]\nname = Berlin PBX\ncountry = 49\narea-code = 30\n"
	"local-access = 0\nlong-distance-access = 0\n"
	"[location 3]\nname = Rome\ncountry = 39\narea-code = 06\n"
	"[location 4]\nname = Paris\ncountry = 33\narea-code = 1\n"
	"[location 5]\nname = Moscow\ncountry = 7\narea-code = 495\n"
	"[location 6]\nname = Sydney\ncountry = 61\narea-code = 2\ndialing = pulse\n"
	"[location 7]\nname = Budapest\ncountry = 36\narea-code = 1\n";

struct xlate {
	LONG ret;
	char dial[256], display[256];
	DWORD results, cur, dest;
};

static struct xlate xl(HLINEAPP app, const char *in, DWORD options)
{
	union {
		LINETRANSLATEOUTPUT o;
		char buf[1024];
	} u = { .o.dwTotalSize = sizeof(u) };
	struct xlate r = { 0 };

	r.ret = lineTranslateAddress(app, 0, V22, in, 0, options, &u.o);
	if (r.ret)
		return r;
	snprintf(r.dial, sizeof(r.dial), "%s",
		 str_at(&u, u.o.dwDialableStringSize, u.o.dwDialableStringOffset));
	snprintf(r.display, sizeof(r.display), "%s",
		 str_at(&u, u.o.dwDisplayableStringSize, u.o.dwDisplayableStringOffset));
	r.results = u.o.dwTranslateResults;
	r.cur = u.o.dwCurrentCountry;
	r.dest = u.o.dwDestCountry;
	return r;
}

#define CANON	LINETRANSLATERESULT_CANONICAL
#define INTL	(CANON | LINETRANSLATERESULT_INTERNATIONAL)
#define LD	(CANON | LINETRANSLATERESULT_LONGDISTANCE)
#define LOCAL	(CANON | LINETRANSLATERESULT_LOCAL)
#define INTOLL	LINETRANSLATERESULT_INTOLLLIST
#define NOTTOLL	LINETRANSLATERESULT_NOTINTOLLLIST

#define EXPECT_XLATE(app, in, opts, want, want_results) do {			\
	struct xlate _r = xl(app, in, opts);					\
	EXPECT_EQ(0, _r.ret) TH_LOG("%s", in);					\
	EXPECT_STREQ(want, _r.dial) TH_LOG("%s", in);				\
	EXPECT_STREQ(want, _r.display) TH_LOG("%s", in);			\
	EXPECT_EQ((DWORD)(want_results), _r.results) TH_LOG("%s: 0x%x", in, _r.results); \
} while (0)

TEST(translation_follows_each_rule_type)
{
	struct xlate r;
	HLINEAPP app;
	DWORD ndevs;

	ASSERT_EQ(0, sandbox());
	ASSERT_EQ(0, write_file(loc_file, rule_locations));
	ASSERT_EQ(0, init(&app, &ndevs));
	if (!ndevs)
		SKIP(return, "no line device (tapi_sim)");

	/* NANP: G, 1FG, 011EFG; the toll list makes a same-area number long distance */
	EXPECT_XLATE(app, "+1 (206) 4441212", 0, "4441212", LOCAL | NOTTOLL);
	EXPECT_XLATE(app, "+1 (206) 5551212", 0, "12065551212", LD | INTOLL);
	EXPECT_XLATE(app, "+1 (425) 444-1212", 0, "14254441212", LD);
	EXPECT_XLATE(app, "+49 (30) 1234567", 0, "01149301234567", INTL);
	r = xl(app, "+49 (30) 1234567", 0);
	EXPECT_EQ(1, r.cur);
	EXPECT_EQ(49, r.dest);
	/* FORCELOCAL, FORCELD */
	EXPECT_XLATE(app, "+1 (425) 4441212", LINETRANSLATEOPTION_FORCELOCAL, "4441212", LOCAL);
	EXPECT_XLATE(app, "+1 (206) 5551212", LINETRANSLATEOPTION_FORCELOCAL, "5551212",
		     LOCAL | INTOLL);
	EXPECT_XLATE(app, "+1 (206) 4441212", LINETRANSLATEOPTION_FORCELD, "12064441212",
		     LD | NOTTOLL);
	EXPECT_XLATE(app, "+44 (20) 79460000", LINETRANSLATEOPTION_FORCELOCAL,
		     "011442079460000", INTL);
	/* cancel call waiting goes first, only when asked */
	EXPECT_XLATE(app, "+1 (206) 4441212", LINETRANSLATEOPTION_CANCELCALLWAITING,
		     "*70,4441212", LOCAL | NOTTOLL);
	/* subaddress and name stay; a second address is not translated */
	EXPECT_XLATE(app, "+1 (425) 4441212|77^Jo\r\n+1 (206) 1", 0, "14254441212|77^Jo", LD);
	/* dialing modifiers in the number */
	EXPECT_XLATE(app, "+1 (425) 444W1212$", 0, "1425444W1212$",
		     LD | LINETRANSLATERESULT_DIALDIALTONE | LINETRANSLATERESULT_DIALBILLING);
	/* not canonical: dialed as given */
	EXPECT_XLATE(app, "9W5551212", 0, "9W5551212", LINETRANSLATERESULT_DIALDIALTONE);
	EXPECT_XLATE(app, "1234@?", 0, "1234@?",
		     LINETRANSLATERESULT_DIALQUIET | LINETRANSLATERESULT_DIALPROMPT);
	EXPECT_XLATE(app, "1234\r\n5678", LINETRANSLATEOPTION_CANCELCALLWAITING, "*70,1234", 0);
	r = xl(app, "1234", 0);
	EXPECT_EQ(1, r.cur);
	EXPECT_EQ(0, r.dest);

	/* trunk 0 and international 00, behind a PBX's access codes */
	ASSERT_EQ(0, lineSetCurrentLocation(app, 2));
	EXPECT_XLATE(app, "+49 (30) 1234567", 0, "01234567", LOCAL | NOTTOLL);
	EXPECT_XLATE(app, "+49 (89) 1234567", 0, "00891234567", LD);
	EXPECT_XLATE(app, "+1 (206) 5551212", 0, "00012065551212", INTL);
	/* no cancel-call-waiting string here: the option changes nothing */
	EXPECT_XLATE(app, "+49 (30) 1234567", LINETRANSLATEOPTION_CANCELCALLWAITING, "01234567",
		     LOCAL | NOTTOLL);
	r = xl(app, "+1 (206) 5551212", 0);
	EXPECT_EQ(49, r.cur);
	EXPECT_EQ(1, r.dest);

	/* a closed plan: the area code is always dialed, no trunk prefix */
	ASSERT_EQ(0, lineSetCurrentLocation(app, 3));
	EXPECT_XLATE(app, "+39 (06) 1234567", 0, "061234567", LOCAL | NOTTOLL);
	EXPECT_XLATE(app, "+39 (02) 1234567", 0, "021234567", LD);
	EXPECT_XLATE(app, "+33 (1) 23456789", 0, "0033123456789", INTL);
	/* the trunk prefix and area code always */
	ASSERT_EQ(0, lineSetCurrentLocation(app, 4));
	EXPECT_XLATE(app, "+33 (1) 23456789", 0, "0123456789", LOCAL | NOTTOLL);
	EXPECT_XLATE(app, "+33 (4) 23456789", 0, "0423456789", LD);
	/* 8 and 810 */
	ASSERT_EQ(0, lineSetCurrentLocation(app, 5));
	EXPECT_XLATE(app, "+7 (495) 1234567", 0, "1234567", LOCAL | NOTTOLL);
	EXPECT_XLATE(app, "+7 (812) 1234567", 0, "88121234567", LD);
	EXPECT_XLATE(app, "+44 (20) 79460000", 0, "810442079460000", INTL);
	/* 0011, and pulse dialing */
	ASSERT_EQ(0, lineSetCurrentLocation(app, 6));
	EXPECT_XLATE(app, "+64 (9) 1234567", 0, "P00116491234567", INTL);
	EXPECT_XLATE(app, "+61 (3) 12345678", 0, "P0312345678", LD);
	EXPECT_XLATE(app, "1234", 0, "P1234", 0);
	/* a two-digit trunk prefix */
	ASSERT_EQ(0, lineSetCurrentLocation(app, 7));
	EXPECT_XLATE(app, "+36 (62) 123456", 0, "0662123456", LD);
	EXPECT_XLATE(app, "+36 (1) 1234567", 0, "1234567", LOCAL | NOTTOLL);
	/* a number with no area code in a country with them is long distance */
	EXPECT_XLATE(app, "+36 1234567", 0, "061234567", LD);

	/* the output too small for the strings: neither, and what they need */
	{
		LINETRANSLATEOUTPUT o = { .dwTotalSize = sizeof(o) };

		ASSERT_EQ(0, lineTranslateAddress(app, 0, V22, "+36 (62) 123456", 0, 0, &o));
		EXPECT_EQ(sizeof(o), o.dwUsedSize);
		EXPECT_EQ(sizeof(o) + 2 * 11, o.dwNeededSize);
		EXPECT_EQ(0, o.dwDialableStringSize);
		EXPECT_EQ(0, o.dwDisplayableStringSize);
		EXPECT_EQ(LD, o.dwTranslateResults);
		EXPECT_EQ(36, o.dwCurrentCountry);
		EXPECT_EQ(36, o.dwDestCountry);
	}
	EXPECT_EQ(0, lineShutdown(app));
}

TEST(translate_address_refuses_bad_input)
{
	static const char *const bad[] = {
		"+", "+1", "+1 ", "+1 ()", "+1 (206 5551212", "+1 (206)5551212",
		"+15551212", "+1234 5551212", "+999 5551212", "+1 (206) 555x1212",
		"+1 (2a6) 5551212", "+1 (206) |12",
	};
	LINETRANSLATEOUTPUT o = { .dwTotalSize = sizeof(o) };
	HLINEAPP app;
	DWORD ndevs;

	ASSERT_EQ(0, sandbox());
	ASSERT_EQ(0, write_file(loc_file, rule_locations));
	ASSERT_EQ(0, init(&app, &ndevs));
	if (!ndevs)
		SKIP(return, "no line device (tapi_sim)");
	EXPECT_EQ(0, lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 0, 0, &o));
	EXPECT_EQ(0, lineTranslateAddress(0, 0, 0x00010003, "+1 (206) 5551212", 0, 0, &o));
	EXPECT_EQ(LINEERR_BADDEVICEID,
		  lineTranslateAddress(app, ndevs, V22, "+1 (206) 5551212", 0, 0, &o));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE,
		  lineTranslateAddress(app ^ 0x10000, 0, V22, "+1 (206) 5551212", 0, 0, &o));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineTranslateAddress(app, 0, 0x00010002, "+1 (206) 5551212", 0, 0, &o));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineTranslateAddress(app, 0, 0x00030000, "+1 (206) 5551212", 0, 0, &o));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineTranslateAddress(app, 0, V22, NULL, 0, 0, &o));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 0, 0, NULL));
	o.dwTotalSize = sizeof(o) - 1;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL,
		  lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 0, 0, &o));
	o.dwTotalSize = sizeof(o);
	EXPECT_EQ(LINEERR_INVALPARAM,
		  lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 0, 0x10, &o));
	EXPECT_EQ(LINEERR_INVALPARAM,
		  lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 0,
				       LINETRANSLATEOPTION_FORCELOCAL |
				       LINETRANSLATEOPTION_FORCELD, &o));
	/* no calling cards: any card override names an unknown one */
	EXPECT_EQ(LINEERR_INVALCARD,
		  lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 0,
				       LINETRANSLATEOPTION_CARDOVERRIDE, &o));
	EXPECT_EQ(LINEERR_INVALCARD,
		  lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 1,
				       LINETRANSLATEOPTION_CARDOVERRIDE, &o));
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(LINEERR_INVALADDRESS, lineTranslateAddress(app, 0, V22, bad[i], 0, 0, &o))
			TH_LOG("%s", bad[i]);
	}
	EXPECT_EQ(0, lineShutdown(app));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE,
		  lineTranslateAddress(app, 0, V22, "+1 (206) 5551212", 0, 0, &o));
}

/* The toll list and the current location persist across applications. */
TEST(toll_list_and_current_location_persist)
{
	union caps u = { .c.dwTotalSize = sizeof(u) };
	const LINELOCATIONENTRY *e;
	char file[4096];
	HLINEAPP app;
	DWORD ndevs;

	ASSERT_EQ(0, sandbox());
	ASSERT_EQ(0, write_file(loc_file, rule_locations));
	ASSERT_EQ(0, init(&app, &ndevs));
	if (!ndevs)
		SKIP(return, "no line device (tapi_sim)");
	EXPECT_XLATE(app, "+1 (206) 3331234", 0, "3331234", LOCAL | NOTTOLL);
	EXPECT_EQ(0, lineSetTollList(app, 0, "+1 (206) 333-9999", LINETOLLLISTOPTION_ADD));
	EXPECT_XLATE(app, "+1 (206) 3331234", 0, "12063331234", LD | INTOLL);
	/* twice is once */
	EXPECT_EQ(0, lineSetTollList(app, 0, "+1 (206) 3330000", LINETOLLLISTOPTION_ADD));
	ASSERT_EQ(0, lineGetTranslateCaps(app, V22, &u.c));
	e = location_at(&u.c, 0);
	EXPECT_STREQ("555,333", LOC_STR(&u.c, e, TollPrefixList));
	EXPECT_EQ(0, lineSetTollList(app, 0, "+1 (206) 5550000", LINETOLLLISTOPTION_REMOVE));
	EXPECT_EQ(0, lineSetTollList(app, 0, "+1 (206) 5550000", LINETOLLLISTOPTION_REMOVE));
	EXPECT_XLATE(app, "+1 (206) 5551212", 0, "5551212", LOCAL | NOTTOLL);
	EXPECT_EQ(0, lineSetCurrentLocation(app, 4));
	EXPECT_EQ(0, lineShutdown(app));

	/* a new application (and the file itself) sees both */
	ASSERT_EQ(0, read_file(loc_file, file, sizeof(file)));
	EXPECT_TRUE(strstr(file, "current = 4\n") != NULL) TH_LOG("%s", file);
	EXPECT_TRUE(strstr(file, "toll-prefixes = 333\n") != NULL) TH_LOG("%s", file);
	ASSERT_EQ(0, init(&app, &ndevs));
	u.c.dwTotalSize = sizeof(u);
	ASSERT_EQ(0, lineGetTranslateCaps(app, V22, &u.c));
	EXPECT_EQ(4, u.c.dwCurrentLocationID);
	EXPECT_EQ(7, u.c.dwNumLocations);
	e = location_at(&u.c, 0);
	EXPECT_STREQ("333", LOC_STR(&u.c, e, TollPrefixList));
	EXPECT_STREQ("*70,", LOC_STR(&u.c, e, CancelCallWaiting));
	e = location_at(&u.c, 5);
	EXPECT_EQ(LINELOCATIONOPTION_PULSEDIAL, e->dwOptions);
	EXPECT_XLATE(app, "+33 (1) 23456789", 0, "0123456789", LOCAL | NOTTOLL);
	EXPECT_EQ(0, lineSetCurrentLocation(app, 1));
	EXPECT_XLATE(app, "+1 (206) 3331234", 0, "12063331234", LD | INTOLL);

	/* bad input: the address must be canonical, in the location's area */
	EXPECT_EQ(LINEERR_INVALADDRESS,
		  lineSetTollList(app, 0, "+1 (425) 3331234", LINETOLLLISTOPTION_ADD));
	EXPECT_EQ(LINEERR_INVALADDRESS,
		  lineSetTollList(app, 0, "+49 (206) 3331234", LINETOLLLISTOPTION_ADD));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineSetTollList(app, 0, "3331234", LINETOLLLISTOPTION_ADD));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineSetTollList(app, 0, "+1 (206) 12", LINETOLLLISTOPTION_ADD));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineSetTollList(app, 0, "+1 (206", LINETOLLLISTOPTION_ADD));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetTollList(app, 0, "+1 (206) 3331234", 0));
	EXPECT_EQ(LINEERR_INVALPARAM,
		  lineSetTollList(app, 0, "+1 (206) 3331234",
				  LINETOLLLISTOPTION_ADD | LINETOLLLISTOPTION_REMOVE));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineSetTollList(app, 0, NULL, LINETOLLLISTOPTION_ADD));
	EXPECT_EQ(LINEERR_BADDEVICEID,
		  lineSetTollList(app, ndevs, "+1 (206) 3331234", LINETOLLLISTOPTION_ADD));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE,
		  lineSetTollList(app ^ 0x10000, 0, "+1 (206) 3331234", LINETOLLLISTOPTION_ADD));
	ASSERT_EQ(0, lineGetTranslateCaps(app, V22, &u.c));
	EXPECT_STREQ("333", LOC_STR(&u.c, location_at(&u.c, 0), TollPrefixList));
	EXPECT_EQ(0, lineShutdown(app));
}

TEST(translate_dialog_has_no_screen)
{
	union caps u = { .c.dwTotalSize = sizeof(u) };
	HLINEAPP app;
	DWORD ndevs;

	ASSERT_EQ(0, sandbox());
	ASSERT_EQ(0, init(&app, &ndevs));
	if (!ndevs)
		SKIP(return, "no line device (tapi_sim)");
	/* a file without a location: only an administrator can correct it */
	ASSERT_EQ(0, write_file(loc_file, ""));
	EXPECT_EQ(LINEERR_INIFILECORRUPT, lineTranslateDialog(app, 0, V22, NULL, NULL));
	ASSERT_EQ(0, write_file(loc_file, two_locations));
	EXPECT_EQ(0, lineTranslateDialog(app, 0, V22, NULL, NULL));
	EXPECT_EQ(0, lineTranslateDialog(app, 0, V22, NULL, "+1 (206) 5551212"));
	EXPECT_EQ(0, lineTranslateDialog(app, 0, V22, NULL, "5551212"));
	EXPECT_EQ(0, lineTranslateDialog(0, 1, 0x00010003, NULL, ""));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineTranslateDialog(app, 0, V22, NULL, "+1 (206"));
	EXPECT_EQ(LINEERR_INVALADDRESS, lineTranslateDialog(app, 0, V22, NULL, "+999 5551212"));
	EXPECT_EQ(LINEERR_BADDEVICEID, lineTranslateDialog(app, ndevs, V22, NULL, NULL));
	EXPECT_EQ(LINEERR_BADDEVICEID, lineTranslateDialog(app, 0xffffffff, V22, NULL, NULL));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineTranslateDialog(app, 0, 0x00010002, NULL, NULL));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION,
		  lineTranslateDialog(app, 0, 0x00030000, NULL, NULL));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineTranslateDialog(app ^ 0x10000, 0, V22, NULL, NULL));
	/* nothing changed */
	ASSERT_EQ(0, lineGetTranslateCaps(app, V22, &u.c));
	EXPECT_EQ(20, u.c.dwCurrentLocationID);
	EXPECT_EQ(0, lineShutdown(app));
}

/* As another user: the current location that process sees, or -1. */
static int user_current(void)
{
	union caps u = { .c.dwTotalSize = sizeof(u) };

	if (lineGetTranslateCaps(0, V22, &u.c))
		return -1;
	return (int)u.c.dwCurrentLocationID;
}

static int user_reads(void)
{
	return user_current();
}

static int user_moves_to_10(void)
{
	struct stat st;

	if (lineSetCurrentLocation(0, 10))
		return 101;
	/* the user's own file now, not the system's */
	if (stat("/etc/user/tapi/locations", &st) || st.st_uid != 65534)
		return 102;
	return user_current();
}

/*
 * root reads and writes /etc/tapi/locations whatever XDG_CONFIG_HOME says;
 * a user reads it until the user's own file exists, which a change makes
 * (a copy with the change) and which from then on replaces the system's.
 */
TEST(system_file_and_user_file)
{
	union caps u = { .c.dwTotalSize = sizeof(u) };
	char file[4096];

	if (geteuid())
		SKIP(return, "needs root (the VMs)");
	ASSERT_EQ(0, sandbox());
	ASSERT_EQ(0, write_file(loc_file, two_locations));
	ASSERT_EQ(0, mkdir("/etc/user", 0755));
	ASSERT_EQ(0, chown("/etc/user", 65534, 65534));
	/* root's XDG_CONFIG_HOME changes nothing */
	ASSERT_EQ(0, mkdir("/etc/root-xdg", 0755));
	ASSERT_EQ(0, mkdir("/etc/root-xdg/tapi", 0755));
	ASSERT_EQ(0, write_file("/etc/root-xdg/tapi/locations",
				"[location 99]\nname = Decoy\ncountry = 44\n"));
	setenv("XDG_CONFIG_HOME", "/etc/root-xdg", 1);
	ASSERT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	EXPECT_EQ(20, u.c.dwCurrentLocationID);

	EXPECT_EQ(20, as_user("/etc/user", user_reads)) TH_LOG("the user reads the system's file");
	EXPECT_EQ(10, as_user("/etc/user", user_moves_to_10));
	/* the system's file is as it was */
	ASSERT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	EXPECT_EQ(20, u.c.dwCurrentLocationID);
	ASSERT_EQ(0, read_file(loc_file, file, sizeof(file)));
	EXPECT_STREQ(two_locations, file);
	/* root changes the system's: the user keeps its own */
	EXPECT_EQ(0, lineSetCurrentLocation(0, 10));
	EXPECT_EQ(0, lineSetCurrentLocation(0, 20));
	ASSERT_EQ(0, write_file(loc_file, "[location 5]\nname = New\ncountry = 49\n"));
	EXPECT_EQ(10, as_user("/etc/user", user_reads));
	ASSERT_EQ(0, lineGetTranslateCaps(0, V22, &u.c));
	EXPECT_EQ(5, u.c.dwCurrentLocationID);
}

#define HOT_EX "/sys/kernel/config/tapi_sim/xlate_hot"

/* Wait up to 6 s for message @id: 1 when it came. */
static int wait_for(HLINEAPP app, DWORD id)
{
	LINEMESSAGE m;

	for (int i = 0; i < 30; i++)
		if (!lineGetMessage(app, &m, 200) && m.dwMessageID == id)
			return 1;
	return 0;
}

/* A device that went keeps its ID, and the functions taking one say so. */
TEST(a_device_that_went_is_nodevice)
{
	LINETRANSLATEOUTPUT o = { .dwTotalSize = sizeof(o) };
	HLINEAPP app;
	DWORD ndevs;
	FILE *f;

	ASSERT_EQ(0, sandbox());
	ASSERT_EQ(0, write_file(loc_file, rule_locations));
	rmdir(HOT_EX "/5601");
	rmdir(HOT_EX);
	if (mkdir(HOT_EX, 0755))
		SKIP(return, "%s: %s (configfs, tapi_sim)", HOT_EX, strerror(errno));
	ASSERT_EQ(0, mkdir(HOT_EX "/5601", 0755));
	ASSERT_EQ(0, init(&app, &ndevs));
	f = fopen(HOT_EX "/live", "w");
	ASSERT_TRUE(f != NULL);
	fputs("1", f);
	EXPECT_EQ(0, fclose(f));
	EXPECT_TRUE(wait_for(app, LINE_CREATE));
	EXPECT_EQ(0, lineTranslateAddress(app, ndevs, V22, "+1 (206) 4441212", 0, 0, &o));
	EXPECT_EQ(0, rmdir(HOT_EX "/5601"));
	EXPECT_TRUE(wait_for(app, LINE_REMOVE));
	EXPECT_EQ(LINEERR_NODEVICE,
		  lineTranslateAddress(app, ndevs, V22, "+1 (206) 4441212", 0, 0, &o));
	EXPECT_EQ(LINEERR_NODEVICE,
		  lineSetTollList(app, ndevs, "+1 (206) 4441212", LINETOLLLISTOPTION_ADD));
	EXPECT_EQ(LINEERR_NODEVICE, lineTranslateDialog(app, ndevs, V22, NULL, NULL));
	EXPECT_EQ(LINEERR_BADDEVICEID, lineTranslateDialog(app, ndevs + 1, V22, NULL, NULL));
	EXPECT_EQ(0, rmdir(HOT_EX));
	EXPECT_EQ(0, lineShutdown(app));
}

TEST_HARNESS_MAIN
