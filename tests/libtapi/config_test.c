// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtapi's providers, line configuration, dialogs and icons, against the
 * kernel and tapi_sim's default exchange (lines 1001-1004, device IDs 0-3):
 * the provider list and its stable IDs, installing and removing tapi_sim
 * as a provider (the lines go and come back, applications are told),
 * lineGetDevConfig/lineSetDevConfig kept per line for the system and for a
 * user, lineConfigDialogEdit, the dialogs there is no screen for, icons,
 * and bad input to each. The tests that load modules or write /etc/tapi
 * run as root in the test VM only (it is thrown away); elsewhere they skip.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"

#define PROVIDERS "/etc/tapi/providers"
#define DEVCONFIG "/etc/tapi/devconfig"
#define BUSY_EX "/sys/kernel/config/tapi_sim/libtapi_busy"

static LONG init_event(HLINEAPP *app, DWORD *ndevs)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = 0x00020002;

	return lineInitializeEx(app, NULL, NULL, "config_test", ndevs, &version, &p);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The whole of @path in a new string, or NULL when there is no such file. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* @path holds @text again, or is gone when @text is NULL. */
static void restore(const char *path, const char *text)
{
	FILE *f;

	if (!text) {
		unlink(path);
		return;
	}
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static bool file_has(const char *path, const char *what)
{
	char *text = slurp(path);
	bool yes = text && strstr(text, what);

	free(text);
	return yes;
}

/* @name's ID in the provider list, 0 when it is not listed, -1 on error. */
static long long provider_id(const char *name)
{
	union {
		LINEPROVIDERLIST l;
		char buf[4096];
	} u = { .l.dwTotalSize = sizeof(u) };
	LPLINEPROVIDERENTRY e;

	if (lineGetProviderList(0x00020002, &u.l) || u.l.dwNeededSize > sizeof(u))
		return -1;
	e = (LPLINEPROVIDERENTRY)(u.buf + u.l.dwProviderListOffset);
	for (DWORD i = 0; i < u.l.dwNumProviders; i++)
		if (e[i].dwProviderFilenameSize &&
		    !strcmp(u.buf + e[i].dwProviderFilenameOffset, name))
			return e[i].dwPermanentProviderID;
	return 0;
}

/* A line's configuration text (lineGetDevConfig), or the error as text. */
static const char *config_of(DWORD dev, char *out, size_t size)
{
	union {
		VARSTRING v;
		char buf[512];
	} u = { .v.dwTotalSize = sizeof(u) };
	LONG r = lineGetDevConfig(dev, &u.v, "tapi/line");

	if (r)
		snprintf(out, size, "error 0x%lx", (unsigned long)(DWORD)r);
	else if (u.v.dwStringFormat != STRINGFORMAT_BINARY || !u.v.dwStringSize ||
		 u.buf[u.v.dwStringOffset + u.v.dwStringSize - 1])
		snprintf(out, size, "not a NUL-ended binary string");
	else
		snprintf(out, size, "%s", u.buf + u.v.dwStringOffset);
	return out;
}

/* Are device IDs @first.. tapi_sim's default exchange (lines 1001-1004)? */
static bool sim_lines(HLINEAPP app, DWORD first, DWORD ndevs)
{
	for (DWORD i = first; i < first + 4; i++) {
		union {
			LINEDEVCAPS c;
			char buf[2048];
		} u = { .c.dwTotalSize = sizeof(u) };
		char want[64];

		snprintf(want, sizeof(want), "tapi_sim subscriber line %u", 1001 + i - first);
		if (i >= ndevs || lineGetDevCaps(app, i, 0x00020002, 0, &u.c) ||
		    !u.c.dwLineNameSize || strcmp(u.buf + u.c.dwLineNameOffset, want))
			return false;
	}
	return true;
}

TEST(configuration_needs_an_application_and_a_device)
{
	union {
		VARSTRING v;
		char buf[256];
	} u = { .v.dwTotalSize = sizeof(u) };
	static const char cfg[] = "dial_mode=tone\n";
	HLINEAPP app;
	DWORD ndevs;
	HICON icon;

	/* device IDs exist while an application is initialised */
	EXPECT_EQ(LINEERR_UNINITIALIZED, lineGetDevConfig(0, &u.v, "tapi/line"));
	EXPECT_EQ(LINEERR_UNINITIALIZED, lineSetDevConfig(0, (void *)cfg, sizeof(cfg), "tapi/line"));
	EXPECT_EQ(LINEERR_UNINITIALIZED, lineConfigDialog(0, NULL, NULL));
	EXPECT_EQ(LINEERR_UNINITIALIZED,
		  lineConfigDialogEdit(0, NULL, NULL, (void *)cfg, sizeof(cfg), &u.v));
	EXPECT_EQ(LINEERR_UNINITIALIZED, lineGetIcon(0, NULL, &icon));

	ASSERT_EQ(0, init_event(&app, &ndevs));
	EXPECT_EQ(LINEERR_BADDEVICEID, lineGetDevConfig(ndevs, &u.v, "tapi/line"));
	EXPECT_EQ(LINEERR_BADDEVICEID,
		  lineSetDevConfig(ndevs, (void *)cfg, sizeof(cfg), "tapi/line"));
	EXPECT_EQ(LINEERR_BADDEVICEID, lineConfigDialog(ndevs, NULL, NULL));
	EXPECT_EQ(LINEERR_BADDEVICEID,
		  lineConfigDialogEdit(ndevs, NULL, NULL, (void *)cfg, sizeof(cfg), &u.v));
	EXPECT_EQ(LINEERR_BADDEVICEID, lineGetIcon(ndevs, NULL, &icon));
	EXPECT_EQ(LINEERR_BADDEVICEID, lineGetIcon(0xffffffff, "tapi/line", &icon));
	EXPECT_EQ(0, lineShutdown(app));
	EXPECT_EQ(LINEERR_UNINITIALIZED, lineGetIcon(0, NULL, &icon));
}

TEST(icons_name_the_line_and_its_audio)
{
	HLINEAPP app;
	DWORD ndevs;
	HICON icon = NULL;

	ASSERT_EQ(0, init_event(&app, &ndevs));
	if (!ndevs) {
		lineShutdown(app);
		SKIP(return, "no line devices (tapi_sim is not loaded)");
	}
	/* freedesktop.org icon names, as strings the process may keep */
	ASSERT_EQ(0, lineGetIcon(0, NULL, &icon));
	EXPECT_STREQ("phone", (const char *)icon);
	icon = NULL;
	EXPECT_EQ(0, lineGetIcon(0, "", &icon));
	EXPECT_STREQ("phone", (const char *)icon);
	EXPECT_EQ(0, lineGetIcon(0, "TAPI/Line", &icon));
	EXPECT_STREQ("phone", (const char *)icon);
	EXPECT_EQ(0, lineGetIcon(0, "tapi/audio", &icon));
	EXPECT_STREQ("audio-card", (const char *)icon);
	EXPECT_EQ(0, lineGetIcon(0, "tapi/audio/ulaw", &icon));
	EXPECT_STREQ("audio-card", (const char *)icon);
	/* lineGetIconA is the same function */
	icon = NULL;
	EXPECT_EQ(0, lineGetIconA(0, NULL, &icon));
	EXPECT_STREQ("phone", (const char *)icon);
	/* bad input */
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineGetIcon(0, "wave/in", &icon));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineGetIcon(0, "comm/datamodem", &icon));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetIcon(0, NULL, NULL));
	EXPECT_EQ(0, lineShutdown(app));
}

/*
 * A line's configuration: defaults until set, kept per line by its driver
 * and name in /etc/tapi/devconfig for root, in the user's own file for a
 * user (who sees the system's until then), the VARSTRING rules, bad input.
 */
TEST(device_configuration_is_kept_per_line)
{
	union {
		VARSTRING v;
		char buf[512];
	} u = { .v.dwTotalSize = sizeof(u) };
	char *saved, got[128], mode[4][32];
	VARSTRING small = { .dwTotalSize = sizeof(small) };
	HLINEAPP app;
	DWORD ndevs;
	int status;
	pid_t pid;

	ASSERT_EQ(0, init_event(&app, &ndevs));
	if (geteuid() || !sim_lines(app, 0, ndevs)) {
		lineShutdown(app);
		SKIP(return, "needs root and tapi_sim's lines as devices 0-3 (the test VM)");
	}
	saved = slurp(DEVCONFIG);
	unlink(DEVCONFIG);

	EXPECT_STREQ("dial_mode=tone\n", config_of(0, got, sizeof(got)));
	/* written loosely, read back in full */
	EXPECT_EQ(0, lineSetDevConfig(1, " dial_mode = pulse", 18, "tapi/line"));
	EXPECT_STREQ("dial_mode=pulse\n", config_of(1, got, sizeof(got)));
	EXPECT_STREQ("dial_mode=tone\n", config_of(0, got, sizeof(got)));
	EXPECT_TRUE(file_has(DEVCONFIG, "[tapi_sim/tapi_sim subscriber line 1002]\ndial_mode=pulse\n"));
	/* the blob lineGetDevConfig gave restores the same on another line */
	ASSERT_EQ(0, lineGetDevConfig(1, &u.v, "TAPI/LINE"));
	EXPECT_EQ(STRINGFORMAT_BINARY, u.v.dwStringFormat);
	EXPECT_EQ(sizeof(VARSTRING) + u.v.dwStringSize, u.v.dwUsedSize);
	EXPECT_EQ(u.v.dwUsedSize, u.v.dwNeededSize);
	EXPECT_EQ(0, lineSetDevConfig(2, u.buf + u.v.dwStringOffset, u.v.dwStringSize,
				      "tapi/line"));
	EXPECT_STREQ("dial_mode=pulse\n", config_of(2, got, sizeof(got)));
	EXPECT_EQ(0, lineSetDevConfigA(2, "dial_mode=tone\n", 15, "tapi/line"));
	EXPECT_STREQ("dial_mode=tone\n", config_of(2, got, sizeof(got)));
	/* a VARSTRING without room gets the size it needs and no string */
	EXPECT_EQ(0, lineGetDevConfigA(1, &small, "tapi/line"));
	EXPECT_EQ(sizeof(small) + strlen("dial_mode=pulse\n") + 1, small.dwNeededSize);
	EXPECT_EQ(sizeof(small), small.dwUsedSize);
	EXPECT_EQ(0, small.dwStringSize);
	EXPECT_EQ(0, small.dwStringOffset);
	EXPECT_EQ(STRINGFORMAT_BINARY, small.dwStringFormat);

	/* bad input */
	small.dwTotalSize = sizeof(small) - 1;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetDevConfig(1, &small, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetDevConfig(1, NULL, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetDevConfig(1, &u.v, NULL));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineGetDevConfig(1, &u.v, "wave/in"));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineGetDevConfig(1, &u.v, "tapi/audio"));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineGetDevConfig(1, &u.v, ""));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineSetDevConfig(1, NULL, 4, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineSetDevConfig(1, "dial_mode=tone", 14, NULL));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS,
		  lineSetDevConfig(1, "dial_mode=tone", 14, "comm/datamodem"));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetDevConfig(1, "dial_mode=rotary", 16, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetDevConfig(1, "baud=9600", 9, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetDevConfig(1, "dial_mode", 9, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPARAM,
		  lineSetDevConfig(1, "dial_mode=tone\ndial_mode=pulse", 30, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetDevConfig(1, "dial_mode=tone\0x", 16, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetDevConfig(1, "dial_mode=tone", 0, "tapi/line"));
	EXPECT_STREQ("dial_mode=pulse\n", config_of(1, got, sizeof(got)))
		TH_LOG("refused configurations change nothing");
	EXPECT_EQ(0, lineShutdown(app));

	/*
	 * A user: sees the system's settings, and keeps settings of its own
	 * in $XDG_CONFIG_HOME/tapi/devconfig. The child opens the devices as
	 * nobody: they are opened up while it runs.
	 */
	{
		struct stat st[4];
		char dev[32];

		for (int i = 0; i < 4; i++) {
			snprintf(dev, sizeof(dev), "/dev/tapi%d", i);
			ASSERT_EQ(0, stat(dev, &st[i]));
			chmod(dev, 0666);
		}
		system("rm -rf /tmp/config_test_xdg");
		mkdir("/tmp/config_test_xdg", 0755);
		ASSERT_EQ(0, chown("/tmp/config_test_xdg", 65534, 65534));
		pid = fork();
		if (!pid) {
			char out[128];
			int bad = 0;

			setenv("XDG_CONFIG_HOME", "/tmp/config_test_xdg", 1);
			if (setgid(65534) || setuid(65534) || init_event(&app, &ndevs) || ndevs < 4)
				_exit(100);
			bad |= strcmp(config_of(1, out, sizeof(out)), "dial_mode=pulse\n") ? 1 : 0;
			bad |= lineSetDevConfig(1, "dial_mode=tone", 14, "tapi/line") ? 2 : 0;
			bad |= strcmp(config_of(1, out, sizeof(out)), "dial_mode=tone\n") ? 4 : 0;
			bad |= strcmp(config_of(0, out, sizeof(out)), "dial_mode=tone\n") ? 8 : 0;
			lineShutdown(app);
			_exit(bad);
		}
		ASSERT_LT(0, pid);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		for (int i = 0; i < 4; i++) {
			snprintf(dev, sizeof(dev), "/dev/tapi%d", i);
			chmod(dev, st[i].st_mode & 07777);
		}
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status));
		EXPECT_TRUE(file_has("/tmp/config_test_xdg/tapi/devconfig",
				     "[tapi_sim/tapi_sim subscriber line 1002]\ndial_mode=tone\n"));
	}
	/* the user's change stayed the user's; and settings outlive the application */
	ASSERT_EQ(0, init_event(&app, &ndevs));
	for (int i = 0; i < 4; i++)
		config_of(i, mode[i], sizeof(mode[i]));
	EXPECT_STREQ("dial_mode=tone\n", mode[0]);
	EXPECT_STREQ("dial_mode=pulse\n", mode[1]);
	EXPECT_STREQ("dial_mode=tone\n", mode[2]);
	EXPECT_STREQ("dial_mode=tone\n", mode[3]);
	/* a section edited wrong by hand is refused, not guessed at */
	restore(DEVCONFIG, "[tapi_sim/tapi_sim subscriber line 1004]\ndial_mode=loud\n");
	EXPECT_EQ(LINEERR_OPERATIONFAILED, lineGetDevConfig(3, &u.v, "tapi/line"));
	EXPECT_STREQ("dial_mode=tone\n", config_of(0, got, sizeof(got)));
	EXPECT_EQ(0, lineShutdown(app));
	system("rm -rf /tmp/config_test_xdg");
	restore(DEVCONFIG, saved);
	free(saved);
}

/*
 * No dialog can be shown: lineConfigDialog says the operation is not
 * there; lineConfigDialogEdit returns what an unedited dialog would, the
 * configuration passed in, checked and in full.
 */
/* The number line @la's new call to 1002 was dialed with: lineGetCallInfo's dwCalledID. */
static const char *dialed(HLINEAPP b, HLINE la, const char *number, char *out, size_t size)
{
	union {
		LINECALLINFO i;
		char buf[1024];
	} u = { .i.dwTotalSize = sizeof(u) };
	LINEMESSAGE m = { 0 };
	HCALL c;
	double until = now_ms() + 6000;

	snprintf(out, size, "no call");
	if (lineMakeCall(la, &c, number, 0, NULL) <= 0)
		return out;
	if (!lineGetCallInfo(c, &u.i) && u.i.dwCalledIDSize)
		snprintf(out, size, "%s", u.buf + u.i.dwCalledIDOffset);
	/* it reached 1002 all the same */
	while (now_ms() < until)
		if (!lineGetMessage(b, &m, 200) && m.dwMessageID == LINE_APPNEWCALL)
			break;
	if (m.dwMessageID != LINE_APPNEWCALL)
		snprintf(out, size, "not offered");
	lineDrop(c, NULL, 0);
	lineDeallocateCall(c);
	if (m.dwMessageID == LINE_APPNEWCALL) {
		lineDrop((HCALL)m.dwParam2, NULL, 0);
		usleep(100000);
		lineDeallocateCall((HCALL)m.dwParam2);
	}
	usleep(100000);		/* both ends idle again */
	return out;
}

/* A line configured to dial pulses dials them: lineMakeCall puts 'P' first. */
TEST(the_configured_dial_mode_is_dialed)
{
	char *saved, got[64];
	HLINEAPP a, b;
	HLINE la, lb;
	DWORD ndevs;

	ASSERT_EQ(0, init_event(&a, &ndevs));
	if (geteuid() || !sim_lines(a, 0, ndevs)) {
		lineShutdown(a);
		SKIP(return, "needs root and tapi_sim's lines as devices 0-3 (the test VM)");
	}
	ASSERT_EQ(0, init_event(&b, &ndevs));
	saved = slurp(DEVCONFIG);
	unlink(DEVCONFIG);
	ASSERT_EQ(0, lineOpen(a, 0, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(b, 1, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER,
			      LINEMEDIAMODE_INTERACTIVEVOICE, NULL));
	EXPECT_STREQ("1002", dialed(b, la, "1002", got, sizeof(got))) TH_LOG("not configured");
	ASSERT_EQ(0, lineSetDevConfig(0, "dial_mode=pulse", 15, "tapi/line"));
	EXPECT_STREQ("P1002", dialed(b, la, "1002", got, sizeof(got)));
	EXPECT_STREQ("T1002", dialed(b, la, "T1002", got, sizeof(got)))
		TH_LOG("a string's own mode wins");
	ASSERT_EQ(0, lineSetDevConfig(0, "dial_mode=tone", 14, "tapi/line"));
	EXPECT_STREQ("T1002", dialed(b, la, "1002", got, sizeof(got)));
	/* the mode takes room: 63 characters and it no longer fit */
	EXPECT_EQ(LINEERR_INVALADDRESS,
		  lineMakeCall(la, &(HCALL){ 0 },
			       "100200000000000000000000000000000000000000000000000000000000000",
			       0, NULL));
	restore(DEVCONFIG, saved);
	free(saved);
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(b));
}

TEST(config_dialogs_without_a_screen)
{
	union {
		VARSTRING v;
		char buf[256];
	} u = { .v.dwTotalSize = sizeof(u) };
	VARSTRING small = { .dwTotalSize = sizeof(small) };
	HLINEAPP app;
	DWORD ndevs;

	ASSERT_EQ(0, init_event(&app, &ndevs));
	if (!ndevs) {
		lineShutdown(app);
		SKIP(return, "no line devices (tapi_sim is not loaded)");
	}
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, lineConfigDialog(0, NULL, NULL));
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, lineConfigDialog(0, NULL, ""));
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, lineConfigDialogA(0, NULL, "tapi/line"));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineConfigDialog(0, NULL, "tapi/audio"));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS, lineConfigDialog(0, NULL, "comm"));

	EXPECT_EQ(0, lineConfigDialogEdit(0, NULL, NULL, "dial_mode=pulse", 15, &u.v));
	EXPECT_EQ(STRINGFORMAT_BINARY, u.v.dwStringFormat);
	ASSERT_EQ(strlen("dial_mode=pulse\n") + 1, u.v.dwStringSize);
	EXPECT_STREQ("dial_mode=pulse\n", u.buf + u.v.dwStringOffset);
	/* keys left out take their defaults: an empty line is the defaults */
	EXPECT_EQ(0, lineConfigDialogEditA(0, NULL, "tapi/line", "\n", 1, &u.v));
	EXPECT_STREQ("dial_mode=tone\n", u.buf + u.v.dwStringOffset);
	/* an edit that does not fit is lost, and says so (TAPI's reference) */
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL,
		  lineConfigDialogEdit(0, NULL, "", "dial_mode=pulse", 15, &small));
	EXPECT_EQ(sizeof(small) + strlen("dial_mode=pulse\n") + 1, small.dwNeededSize);
	EXPECT_EQ(0, small.dwStringSize);
	/* bad input */
	small.dwTotalSize = 8;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL,
		  lineConfigDialogEdit(0, NULL, NULL, "dial_mode=tone", 14, &small));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineConfigDialogEdit(0, NULL, NULL, NULL, 14, &u.v));
	EXPECT_EQ(LINEERR_INVALPOINTER,
		  lineConfigDialogEdit(0, NULL, NULL, "dial_mode=tone", 14, NULL));
	EXPECT_EQ(LINEERR_INVALPARAM,
		  lineConfigDialogEdit(0, NULL, NULL, "dial_mode=both", 14, &u.v));
	EXPECT_EQ(LINEERR_INVALPARAM, lineConfigDialogEdit(0, NULL, NULL, "x", 0, &u.v));
	EXPECT_EQ(LINEERR_INVALDEVICECLASS,
		  lineConfigDialogEdit(0, NULL, "wave/out", "dial_mode=tone", 14, &u.v));
	EXPECT_EQ(0, lineShutdown(app));
}

TEST(provider_functions_refuse_bad_input)
{
	union {
		LINEPROVIDERLIST l;
		char buf[4096];
	} u = { .l.dwTotalSize = sizeof(u) };
	LINEPROVIDERLIST small = { .dwTotalSize = sizeof(small) };
	DWORD id = 7, unknown = 1;

	ASSERT_EQ(0, lineGetProviderList(0x00020002, &u.l));
	EXPECT_EQ(u.l.dwNeededSize, u.l.dwUsedSize);
	EXPECT_EQ(u.l.dwNumProviders * sizeof(LINEPROVIDERENTRY), u.l.dwProviderListSize);
	/* an ID no provider has */
	for (bool taken = true; taken; ) {
		LPLINEPROVIDERENTRY e = (LPLINEPROVIDERENTRY)(u.buf + u.l.dwProviderListOffset);

		taken = false;
		for (DWORD i = 0; i < u.l.dwNumProviders; i++)
			taken |= e[i].dwPermanentProviderID == unknown;
		unknown += taken;
	}
	/* the list without room: only its size */
	if (u.l.dwNumProviders) {
		EXPECT_EQ(0, lineGetProviderListA(0x00010004, &small));
		EXPECT_EQ(u.l.dwNeededSize, small.dwNeededSize);
		EXPECT_EQ(sizeof(small), small.dwUsedSize);
		EXPECT_EQ(0, small.dwNumProviders);
		EXPECT_EQ(0, small.dwProviderListOffset);
	}
	small.dwTotalSize = sizeof(small) - 4;
	EXPECT_EQ(LINEERR_STRUCTURETOOSMALL, lineGetProviderList(0x00020002, &small));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetProviderList(0x00020002, NULL));
	EXPECT_EQ(LINEERR_INCOMPATIBLEAPIVERSION, lineGetProviderList(0x00010002, &u.l));

	EXPECT_EQ(LINEERR_INVALPOINTER, lineAddProvider(NULL, NULL, &id));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineAddProvider("tapi_sim", NULL, NULL));
	EXPECT_EQ(LINEERR_INVALPARAM, lineAddProvider("", NULL, &id));
	EXPECT_EQ(LINEERR_INVALPARAM, lineAddProvider("drivers/tapi_sim.ko", NULL, &id));
	EXPECT_EQ(LINEERR_INVALPARAM, lineAddProvider("/nonexistent/tapi_x.ko", NULL, &id));
	EXPECT_EQ(LINEERR_INVALPARAM, lineAddProviderA("no_such_module_here", NULL, &id));
	EXPECT_EQ(LINEERR_INVALPARAM, lineAddProvider("bad name", NULL, &id));
	EXPECT_EQ(7, id) TH_LOG("no ID on failure");
	EXPECT_EQ(LINEERR_INVALPARAM, lineRemoveProvider(unknown, NULL));
	EXPECT_EQ(LINEERR_INVALPARAM, lineConfigProvider(NULL, unknown));
}

FIXTURE(prov) {
	char *providers, *devconfig;
	const char *ko;
};

FIXTURE_SETUP(prov)
{
	self->ko = getenv("TAPI_SIM_KO");
	self->providers = slurp(PROVIDERS);
	self->devconfig = slurp(DEVCONFIG);
}

/* Whatever happened, tapi_sim is loaded again for the tests after these. */
FIXTURE_TEARDOWN(prov)
{
	rmdir(BUSY_EX);
	if (self->ko && access("/sys/module/tapi_sim", F_OK)) {
		int fd = open(self->ko, O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			syscall(SYS_finit_module, fd, "", 0);
			close(fd);
		}
	}
	restore(PROVIDERS, self->providers);
	restore(DEVCONFIG, self->devconfig);
	free(self->providers);
	free(self->devconfig);
}


/* Messages @id until @n came or 6 s passed: a bit for each param1 (device ID - @base). */
static unsigned int collect(HLINEAPP app, DWORD id, unsigned int n, DWORD base, HLINE closed,
			    bool *close_seen)
{
	double until = now_ms() + 6000;
	unsigned int bits = 0, got = 0;
	LINEMESSAGE m;

	while (got < n && now_ms() < until) {
		if (lineGetMessage(app, &m, 500))
			continue;
		if (m.dwMessageID == LINE_CLOSE && m.hDevice == closed && close_seen)
			*close_seen = true;
		if (m.dwMessageID != id)
			continue;
		got++;
		if (m.dwParam1 >= base && m.dwParam1 - base < 32)
			bits |= 1u << (m.dwParam1 - base);
	}
	return bits;
}

/*
 * tapi_sim as a provider: listed by its driver's lines with an ID that
 * stays; installed (registered), not twice; not removed while in use;
 * removed (unloaded: its lines close and go, their IDs are no device) and
 * installed again (loaded: new lines, the same ID, their settings kept).
 */
TEST_F_TIMEOUT(prov, providers_are_listed_installed_and_removed, 120)
{
	char dir[512], tapi_ko[520], line[64], got[128], want[32];
	DWORD ndevs, id = 0;
	long long sim;
	bool closed = false;
	HLINEAPP app;
	HLINE h;
	HICON icon;

	if (geteuid() || !self->ko || access(self->ko, R_OK) ||
	    access("/sys/module/tapi_sim", F_OK))
		SKIP(return, "needs root, TAPI_SIM_KO and tapi_sim loaded (the test VM)");
	ASSERT_EQ(0, init_event(&app, &ndevs));
	ASSERT_TRUE(sim_lines(app, 0, ndevs));
	/* the rest of the system's providers are left as they are */
	restore(PROVIDERS, NULL);
	sim = provider_id("tapi_sim");
	ASSERT_LT(0, sim) TH_LOG("the driver of the lines there are is listed");
	EXPECT_TRUE(file_has(PROVIDERS, " tapi_sim seen\n")) TH_LOG("root keeps the ID it gave");
	/* the ID comes from the name: the same without the file */
	restore(PROVIDERS, NULL);
	EXPECT_EQ(sim, provider_id("tapi_sim"));

	/* installed by path: already loaded, now registered */
	EXPECT_EQ(0, lineAddProvider(self->ko, NULL, &id));
	EXPECT_EQ(sim, id);
	snprintf(line, sizeof(line), "%u tapi_sim registered\n", id);
	EXPECT_TRUE(file_has(PROVIDERS, line));
	EXPECT_EQ(LINEERR_NOMULTIPLEINSTANCE, lineAddProvider(self->ko, NULL, &id));
	/* tapi.ko itself registers no devices: no provider */
	snprintf(dir, sizeof(dir), "%s", self->ko);
	snprintf(tapi_ko, sizeof(tapi_ko), "%s/tapi.ko", dirname(dir));
	EXPECT_EQ(0, access(tapi_ko, R_OK));
	EXPECT_EQ(LINEERR_INVALPARAM, lineAddProvider(tapi_ko, NULL, &id));
	/* a provider that cannot be configured: no dialog, no settings to change */
	EXPECT_EQ(LINEERR_OPERATIONFAILED, lineConfigProvider(NULL, sim));

	/* in use (an exchange in configfs holds the module): it stays */
	EXPECT_EQ(0, mkdir(BUSY_EX, 0755)) TH_LOG("%s: %s", BUSY_EX, strerror(errno));
	if (!access(BUSY_EX, F_OK)) {
		EXPECT_EQ(LINEERR_OPERATIONFAILED, lineRemoveProvider(sim, NULL));
		EXPECT_EQ(0, access("/sys/module/tapi_sim", F_OK));
		EXPECT_EQ(sim, provider_id("tapi_sim"));
		EXPECT_TRUE(file_has(PROVIDERS, line));
		EXPECT_EQ(0, rmdir(BUSY_EX));
	}

	/* a setting of line 1002 outlives the module */
	ASSERT_EQ(0, lineSetDevConfig(1, "dial_mode=pulse", 15, "tapi/line"));
	ASSERT_EQ(0, lineOpen(app, 0, &h, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	EXPECT_EQ(0, lineRemoveProvider(sim, NULL));
	EXPECT_NE(0, access("/sys/module/tapi_sim", F_OK)) TH_LOG("tapi_sim is unloaded");
	EXPECT_NE(0, access("/dev/tapi0", F_OK)) TH_LOG("and its lines are gone");
	EXPECT_EQ(0xf, collect(app, LINE_REMOVE, 4, 0, h, &closed));
	EXPECT_TRUE(closed) TH_LOG("the open line got LINE_CLOSE");
	EXPECT_EQ(LINEERR_NODEVICE, lineGetIcon(0, NULL, &icon));
	EXPECT_EQ(LINEERR_NODEVICE, lineConfigDialog(1, NULL, NULL));
	snprintf(want, sizeof(want), "error 0x%lx", (unsigned long)LINEERR_NODEVICE);
	EXPECT_STREQ(want, config_of(1, got, sizeof(got)));
	EXPECT_EQ(0, lineClose(h));
	EXPECT_EQ(0, provider_id("tapi_sim"));
	snprintf(line, sizeof(line), "%u tapi_sim seen\n", id);
	EXPECT_TRUE(file_has(PROVIDERS, line)) TH_LOG("its ID stays for next time");
	EXPECT_EQ(LINEERR_INVALPARAM, lineRemoveProvider(sim, NULL));
	EXPECT_EQ(LINEERR_INVALPARAM, lineConfigProvider(NULL, sim));

	/* installed again: loaded, its lines new devices, the same ID */
	id = 0;
	EXPECT_EQ(0, lineAddProvider(self->ko, NULL, &id));
	EXPECT_EQ(sim, id);
	EXPECT_EQ(0, access("/sys/module/tapi_sim", F_OK));
	EXPECT_EQ(0xf, collect(app, LINE_CREATE, 4, ndevs, 0, NULL));
	EXPECT_TRUE(sim_lines(app, ndevs, ndevs + 4));
	EXPECT_STREQ("dial_mode=pulse\n", config_of(ndevs + 1, got, sizeof(got)))
		TH_LOG("kept by the line's driver and name, not its device ID");
	EXPECT_EQ(0, lineShutdown(app));

	/* the same ID and settings in a new start of the library */
	ASSERT_EQ(0, init_event(&app, &ndevs));
	EXPECT_TRUE(sim_lines(app, 0, ndevs));
	EXPECT_EQ(sim, provider_id("tapi_sim"));
	EXPECT_STREQ("dial_mode=pulse\n", config_of(1, got, sizeof(got)));
	EXPECT_EQ(0, lineShutdown(app));

	/* a list file that is not one */
	restore(PROVIDERS, "tapi_sim registered\n");
	EXPECT_EQ(-1, provider_id("tapi_sim"));
	{
		LINEPROVIDERLIST l = { .dwTotalSize = sizeof(l) };

		EXPECT_EQ(LINEERR_INIFILECORRUPT, lineGetProviderList(0x00020002, &l));
	}
	EXPECT_EQ(LINEERR_INIFILECORRUPT, lineAddProvider(self->ko, NULL, &id));
	EXPECT_EQ(LINEERR_INIFILECORRUPT, lineRemoveProvider(sim, NULL));
	EXPECT_EQ(LINEERR_INIFILECORRUPT, lineConfigProvider(NULL, sim));
	EXPECT_EQ(0, access("/sys/module/tapi_sim", F_OK));
}

TEST_HARNESS_MAIN
