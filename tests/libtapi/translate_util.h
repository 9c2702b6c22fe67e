/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the address translation tests (translate_test.c,
 * locations_file_test.c) share: a configuration of their own, the
 * locations file's test contents, and lineTranslateAddress's results.
 *
 * The tests never touch the machine's files: as root (the VMs) each test
 * runs in its own mount namespace with a tmpfs over /etc, so the system
 * file /etc/tapi/locations is the test's; otherwise XDG_CONFIG_HOME points
 * at a new directory. The functions that take a device ID need a line
 * (tapi_sim's /dev/tapi0 in the VMs): without one they are skipped.
 */
#ifndef TAPI_TEST_TRANSLATE_UTIL_H
#define TAPI_TEST_TRANSLATE_UTIL_H

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"

#define V22	0x00020002

static char loc_file[512];

/* This test's own configuration: see the comment at the top. */
static inline int sandbox(void)
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

static inline int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static inline int read_file(const char *path, char *buf, size_t size)
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

static inline LONG init(HLINEAPP *app, DWORD *ndevs)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = V22;

	return lineInitializeEx(app, NULL, NULL, "translate_test", ndevs, &version, &p);
}

/* A variable part's string, or "<none>". */
static inline const char *str_at(const void *base, DWORD size, DWORD offset)
{
	return size ? (const char *)base + offset : "<none>";
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

static inline struct xlate xl(HLINEAPP app, const char *in, DWORD options)
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

#endif
