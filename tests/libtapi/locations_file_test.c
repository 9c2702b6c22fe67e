// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtapi's locations file: lineGetTranslateCaps listing its locations,
 * what makes a file corrupt, lineSetTollList and lineSetCurrentLocation
 * persisting across applications, lineTranslateDialog without a screen,
 * and the system's file beside a user's own. translate_util.h says how
 * the tests keep to files of their own; the first location written on a
 * fresh system is location_test's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tapi.h>

#include "as_user.h"
#include "kselftest_harness.h"
#include "translate_util.h"

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

TEST_HARNESS_MAIN
