// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtapi's address translation: lineGetCountry's countries and their
 * dialing rules, lineTranslateAddress from locations in countries of every
 * rule type, its bad input, and a device that went. The locations file
 * itself is locations_file_test's; translate_util.h says how the tests
 * keep to files of their own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"
#include "translate_util.h"

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
