// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapictl: TAPI for Linux from the command line, on libtapi.
 *
 * Line devices go through libtapi (TAPI 2.2); phone devices through the
 * uAPI directly, since libtapi has no phone functions yet. Audio files are
 * read and written with libsndfile and converted to the line's format
 * (8000 Hz, 16-bit, mono) with libsamplerate. The virtual exchange is
 * configured through its configfs tree. docs/man/tapictl.1 says it all.
 *
 * Exit status: 0 success, 1 a device operation failed (or a call was not
 * connected, or a recording did not match), 2 bad usage, 3 no such device,
 * 4 timed out waiting for events, 5 an audio file could not be read or
 * written.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>
#include <tapi.h>

#include "tapictl.h"

#define RATE 8000		/* the line's audio: 8 kHz, 16-bit, mono */
#define CHUNK 160		/* samples in one 20 ms read or write */
#define SIM_CONFIG "/sys/kernel/config/tapi_sim"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tapictl [--help] COMMAND [ARGS]\n"
		"\n"
		"Devices:\n"
		"  list                  list line and phone devices with their capabilities\n"
		"  info DEVICE           one device's capabilities and status (DEVICE: tapiN,\n"
		"                        N or /dev/tapiN; a phone: tapiphoneN or /dev/tapiphoneN)\n"
		"  status DEVICE         a line's status (lineGetLineDevStatus)\n"
		"  watch DEVICE [-c N] [-t SECONDS]\n"
		"                        print the line's TAPI messages as they arrive (as a\n"
		"                        monitor: every call, its caller ID and digits); stop\n"
		"                        after N messages or SECONDS without one\n"
		"Calls:\n"
		"  call DEVICE NUMBER [-d DIGITS] [-p FILE] [-r FILE] [-h SECONDS] [-t SECONDS]\n"
		"                        call NUMBER; once connected send DIGITS, play FILE,\n"
		"                        record to FILE; hang up SECONDS (-h, default 1) after\n"
		"                        that, or when the far end does\n"
		"  answer DEVICE [-n RINGS] [-D N] [-d DIGITS] [-p FILE] [-r FILE] [-h SECONDS]\n"
		"         [-t SECONDS]\n"
		"                        wait for a call, show its caller ID, answer it (after\n"
		"                        RINGS rings); wait for N DTMF digits (-D), send DIGITS,\n"
		"                        play, record; hang up after -h SECONDS, or (without\n"
		"                        -h) when the far end does\n"
		"  hangup DEVICE         drop the line's calls, whoever made them\n"
		"  dtmf DEVICE DIGITS    send DTMF DIGITS on the line's call\n"
		"  play DEVICE FILE      play an audio file into the line's call\n"
		"  record DEVICE FILE [-s SECONDS]\n"
		"                        record the line's call (what it receives) to FILE\n"
		"                        for SECONDS (default 5) or until the call ends\n"
		"  compare FILE RECORDING\n"
		"                        check that RECORDING holds FILE's audio, bit-exact\n"
		"                        after conversion to the line's format\n"
		"Virtual exchange (tapi_sim, configfs):\n"
		"  sim list              exchanges and their lines\n"
		"  sim add NAME FIRST_NUMBER LINES [KEY=VALUE...]\n"
		"                        make exchange NAME with LINES lines numbered from\n"
		"                        FIRST_NUMBER, set them, and put it live\n"
		"  sim set NAME [NUMBER] KEY=VALUE...\n"
		"                        change an exchange (no_answer_ms=MS) or its lines,\n"
		"                        one or all (zone=us|de|uk|..., type=subscriber|trunk,\n"
		"                        caller_name=TEXT, call_waiting=0|1, withheld=0|1)\n"
		"  sim remove NAME       take exchange NAME down and remove it\n"
		"Dialing locations (libtapi's, for lineTranslateAddress):\n"
		"  location list         the locations; * marks the current one\n"
		"  location show ID      one location's settings\n"
		"  location add NAME COUNTRY [KEY=VALUE...]\n"
		"                        a new location in COUNTRY (a lineGetCountry ID)\n"
		"  location set ID KEY=VALUE...\n"
		"                        change name, country, area-code, local-access,\n"
		"                        long-distance-access, toll-prefixes,\n"
		"                        cancel-call-waiting, dialing=tone|pulse\n"
		"  location current ID   make location ID the current one\n"
		"  location remove ID    remove a location (not the only one)\n"
		"\n"
		"-t: give up when SECONDS (default 10) pass without a message.\n"
		"Audio files: WAV or any format libsndfile reads, converted to 8 kHz 16-bit\n"
		"mono; recordings are written as .wav, .flac, .ogg, .au or .aiff by name.\n"
		"Exit status: 0 ok, 1 operation failed (or the call was not connected, or a\n"
		"recording did not match), 2 bad usage, 3 no such device, 4 timed out\n"
		"waiting for messages, 5 an audio file could not be read or written.\n");
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ names */

struct name { DWORD v; const char *s; };

static const char *name_of(const struct name *t, DWORD v)
{
	for (; t->s; t++)
		if (t->v == v)
			return t->s;
	return NULL;
}

/* Flags as "A|B", the unnamed rest in hex. */
static const char *flags_of(const struct name *t, DWORD v, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (; t->s && v; t++) {
		if (!(v & t->v))
			continue;
		n += snprintf(buf + n, len - n, "%s%s", n ? "|" : "", t->s);
		v &= ~t->v;
		if (n >= len)
			return buf;
	}
	if (v)
		snprintf(buf + n, len - n, "%s0x%lx", n ? "|" : "", (unsigned long)v);
	else if (!n)
		snprintf(buf, len, "none");
	return buf;
}

#define N(prefix, x) { prefix##x, #x }

static const struct name callstates[] = {
	N(LINECALLSTATE_, IDLE), N(LINECALLSTATE_, OFFERING), N(LINECALLSTATE_, ACCEPTED),
	N(LINECALLSTATE_, DIALTONE), N(LINECALLSTATE_, DIALING), N(LINECALLSTATE_, RINGBACK),
	N(LINECALLSTATE_, BUSY), N(LINECALLSTATE_, SPECIALINFO), N(LINECALLSTATE_, CONNECTED),
	N(LINECALLSTATE_, PROCEEDING), N(LINECALLSTATE_, ONHOLD), N(LINECALLSTATE_, CONFERENCED),
	N(LINECALLSTATE_, ONHOLDPENDCONF), N(LINECALLSTATE_, ONHOLDPENDTRANSFER),
	N(LINECALLSTATE_, DISCONNECTED), N(LINECALLSTATE_, UNKNOWN), { 0, NULL }
};

static const struct name disconnects[] = {
	N(LINEDISCONNECTMODE_, NORMAL), N(LINEDISCONNECTMODE_, UNKNOWN),
	N(LINEDISCONNECTMODE_, REJECT), N(LINEDISCONNECTMODE_, PICKUP),
	N(LINEDISCONNECTMODE_, FORWARDED), N(LINEDISCONNECTMODE_, BUSY),
	N(LINEDISCONNECTMODE_, NOANSWER), N(LINEDISCONNECTMODE_, BADADDRESS),
	N(LINEDISCONNECTMODE_, UNREACHABLE), N(LINEDISCONNECTMODE_, CONGESTION),
	N(LINEDISCONNECTMODE_, INCOMPATIBLE), N(LINEDISCONNECTMODE_, UNAVAIL),
	N(LINEDISCONNECTMODE_, NODIALTONE), N(LINEDISCONNECTMODE_, OUTOFORDER),
	N(LINEDISCONNECTMODE_, TEMPFAILURE), N(LINEDISCONNECTMODE_, CANCELLED), { 0, NULL }
};

static const struct name privileges[] = {
	N(LINECALLPRIVILEGE_, NONE), N(LINECALLPRIVILEGE_, MONITOR),
	N(LINECALLPRIVILEGE_, OWNER), { 0, NULL }
};

static const struct name devstates[] = {
	N(LINEDEVSTATE_, OTHER), N(LINEDEVSTATE_, RINGING), N(LINEDEVSTATE_, CONNECTED),
	N(LINEDEVSTATE_, DISCONNECTED), N(LINEDEVSTATE_, MSGWAITON),
	N(LINEDEVSTATE_, MSGWAITOFF), N(LINEDEVSTATE_, INSERVICE),
	N(LINEDEVSTATE_, OUTOFSERVICE), N(LINEDEVSTATE_, MAINTENANCE), N(LINEDEVSTATE_, OPEN),
	N(LINEDEVSTATE_, CLOSE), N(LINEDEVSTATE_, NUMCALLS), N(LINEDEVSTATE_, TERMINALS),
	N(LINEDEVSTATE_, REINIT), N(LINEDEVSTATE_, LOCK), N(LINEDEVSTATE_, CAPSCHANGE),
	N(LINEDEVSTATE_, CONFIGCHANGE), N(LINEDEVSTATE_, REMOVED), { 0, NULL }
};

static const struct name statusflags[] = {
	N(LINEDEVSTATUSFLAGS_, CONNECTED), N(LINEDEVSTATUSFLAGS_, MSGWAIT),
	N(LINEDEVSTATUSFLAGS_, INSERVICE), N(LINEDEVSTATUSFLAGS_, LOCKED), { 0, NULL }
};

static const struct name mediamodes[] = {
	N(LINEMEDIAMODE_, UNKNOWN), N(LINEMEDIAMODE_, INTERACTIVEVOICE),
	N(LINEMEDIAMODE_, AUTOMATEDVOICE), N(LINEMEDIAMODE_, DATAMODEM),
	N(LINEMEDIAMODE_, G3FAX), N(LINEMEDIAMODE_, TDD), N(LINEMEDIAMODE_, G4FAX),
	N(LINEMEDIAMODE_, DIGITALDATA), { 0, NULL }
};

static const struct name digitmodes[] = {
	N(LINEDIGITMODE_, PULSE), N(LINEDIGITMODE_, DTMF), N(LINEDIGITMODE_, DTMFEND),
	{ 0, NULL }
};

static const struct name tonemodes[] = {
	N(LINETONEMODE_, CUSTOM), N(LINETONEMODE_, RINGBACK), N(LINETONEMODE_, BUSY),
	N(LINETONEMODE_, BEEP), N(LINETONEMODE_, BILLING), { 0, NULL }
};

static const struct name callinfostates[] = {
	N(LINECALLINFOSTATE_, OTHER), N(LINECALLINFOSTATE_, DEVSPECIFIC),
	N(LINECALLINFOSTATE_, BEARERMODE), N(LINECALLINFOSTATE_, RATE),
	N(LINECALLINFOSTATE_, MEDIAMODE), N(LINECALLINFOSTATE_, APPSPECIFIC),
	N(LINECALLINFOSTATE_, CALLID), N(LINECALLINFOSTATE_, RELATEDCALLID),
	N(LINECALLINFOSTATE_, ORIGIN), N(LINECALLINFOSTATE_, REASON),
	N(LINECALLINFOSTATE_, COMPLETIONID), N(LINECALLINFOSTATE_, NUMOWNERINCR),
	N(LINECALLINFOSTATE_, NUMOWNERDECR), N(LINECALLINFOSTATE_, NUMMONITORS),
	N(LINECALLINFOSTATE_, TRUNK), N(LINECALLINFOSTATE_, CALLERID),
	N(LINECALLINFOSTATE_, CALLEDID), N(LINECALLINFOSTATE_, CONNECTEDID),
	N(LINECALLINFOSTATE_, REDIRECTIONID), N(LINECALLINFOSTATE_, REDIRECTINGID),
	N(LINECALLINFOSTATE_, DISPLAY), N(LINECALLINFOSTATE_, USERUSERINFO),
	N(LINECALLINFOSTATE_, HIGHLEVELCOMP), N(LINECALLINFOSTATE_, LOWLEVELCOMP),
	N(LINECALLINFOSTATE_, CHARGINGINFO), N(LINECALLINFOSTATE_, TERMINAL),
	N(LINECALLINFOSTATE_, DIALPARAMS), N(LINECALLINFOSTATE_, MONITORMODES),
	N(LINECALLINFOSTATE_, TREATMENT), N(LINECALLINFOSTATE_, QOS),
	N(LINECALLINFOSTATE_, CALLDATA), { 0, NULL }
};

static const struct name gatherterms[] = {
	N(LINEGATHERTERM_, BUFFERFULL), N(LINEGATHERTERM_, TERMDIGIT),
	N(LINEGATHERTERM_, FIRSTTIMEOUT), N(LINEGATHERTERM_, INTERTIMEOUT),
	N(LINEGATHERTERM_, CANCEL), { 0, NULL }
};

static const struct name errors[] = {
	N(LINEERR_, ALLOCATED), N(LINEERR_, BADDEVICEID), N(LINEERR_, CALLUNAVAIL),
	N(LINEERR_, INCOMPATIBLEAPIVERSION), N(LINEERR_, INUSE), N(LINEERR_, INVALADDRESS),
	N(LINEERR_, INVALAPPHANDLE), N(LINEERR_, INVALCALLHANDLE),
	N(LINEERR_, INVALCALLPRIVILEGE), N(LINEERR_, INVALCALLSTATE),
	N(LINEERR_, INVALDEVICECLASS), N(LINEERR_, INVALDIGITMODE), N(LINEERR_, INVALDIGITS),
	N(LINEERR_, INVALLINEHANDLE), N(LINEERR_, INVALMEDIAMODE), N(LINEERR_, INVALPARAM),
	N(LINEERR_, INVALPOINTER), N(LINEERR_, NODEVICE), N(LINEERR_, NODRIVER),
	N(LINEERR_, NOMEM), N(LINEERR_, NOTOWNER), N(LINEERR_, OPERATIONFAILED),
	N(LINEERR_, OPERATIONUNAVAIL), N(LINEERR_, RESOURCEUNAVAIL),
	N(LINEERR_, STRUCTURETOOSMALL), N(LINEERR_, UNINITIALIZED), N(LINEERR_, REINIT),
	N(LINEERR_, DISCONNECTED), { 0, NULL }
};

static const char *err_name(LONG e)
{
	static char buf[32];
	const char *s = name_of(errors, (DWORD)e);

	if (s) {
		snprintf(buf, sizeof(buf), "LINEERR_%s", s);
		return buf;
	}
	snprintf(buf, sizeof(buf), "error 0x%08lx", (unsigned long)(DWORD)e);
	return buf;
}

static const char *state_name(DWORD s)
{
	const char *n = name_of(callstates, s);

	return n ? n : "?";
}

/* ------------------------------------------------------------ libtapi */

static HLINEAPP app;
static DWORD num_devs;
static int msg_fd;		/* readable while messages wait */
static const char *label = "";	/* the line's number, before each message */

/* Start libtapi with the event descriptor option; 0 or an exit status. */
static int tapi_start(void)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD version = API_VERSION;
	LONG r = lineInitializeEx(&app, NULL, NULL, "tapictl", &num_devs, &version, &p);

	msg_fd = r ? -1 : TAPI_HANDLE_FD(p.Handles.hEvent);
	if (r) {
		fprintf(stderr, "tapictl: lineInitializeEx: %s\n", err_name(r));
		return r == (LONG)LINEERR_NODRIVER || r == (LONG)LINEERR_NODEVICE ?
			EXIT_NODEV : EXIT_FAIL;
	}
	return 0;
}

/* A variable-size structure of @size bytes (zeroed, dwTotalSize set). */
static void *vstruct(size_t size)
{
	DWORD *p = calloc(1, size);

	if (!p) {
		perror("tapictl");
		exit(EXIT_FAIL);
	}
	*p = (DWORD)size;
	return p;
}

/* A string in a TAPI structure's variable part, or "" */
static const char *vstr(const void *s, DWORD size, DWORD offset, char *buf, size_t len)
{
	size_t n = size < len ? size : len - 1;

	if (!size || !offset) {
		buf[0] = 0;
		return buf;
	}
	memcpy(buf, (const char *)s + offset, n);
	buf[n] = 0;
	return buf;
}

static LINEDEVCAPS *dev_caps(DWORD dev)
{
	LINEDEVCAPS *c = vstruct(4096);
	LONG r = lineGetDevCaps(app, dev, API_VERSION, 0, c);

	if (r) {
		fprintf(stderr, "tapictl: lineGetDevCaps(%lu): %s\n", (unsigned long)dev,
			err_name(r));
		free(c);
		return NULL;
	}
	return c;
}

/*
 * The TAPI device ID of /dev/tapiN (LINEDEVCAPS.dwPermanentLineID is N),
 * or -1 when no line device is that.
 */
static long line_for(unsigned long n)
{
	for (DWORD d = 0; d < num_devs; d++) {
		LINEDEVCAPS *c = dev_caps(d);
		long found = c && c->dwPermanentLineID == n ? (long)d : -1;

		free(c);
		if (found >= 0)
			return found;
	}
	return -1;
}

/* Whether @arg names a phone device (tapiphoneN or /dev/tapiphoneN). */
static int is_phone(const char *arg)
{
	const char *base = strrchr(arg, '/');

	return !strncmp(base ? base + 1 : arg, "tapiphone", 9);
}

/* N of "tapiN", "N", "/dev/tapiN" (or the phone forms); -1 if malformed. */
static long dev_number(const char *arg)
{
	unsigned long n;
	char *end;

	if (!strncmp(arg, "/dev/", 5))
		arg += 5;
	if (!strncmp(arg, "tapiphone", 9))
		arg += 9;
	else if (!strncmp(arg, "tapi", 4))
		arg += 4;
	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || n > 65535 || *arg == '-' || *arg == '+')
		return -1;
	return (long)n;
}

/*
 * The TAPI device ID of the line @arg names; libtapi started. -1 with
 * *status set when there is none.
 */
static long line_arg(const char *arg, int *status)
{
	long n = dev_number(arg), d;

	if (n < 0 || is_phone(arg)) {
		fprintf(stderr, "tapictl: '%s' is not a line device name (tapiN, N or /dev/tapiN)\n",
			arg);
		*status = EXIT_USAGE;
		return -1;
	}
	*status = tapi_start();
	if (*status)
		return -1;
	d = line_for((unsigned long)n);
	if (d < 0) {
		fprintf(stderr, "tapictl: /dev/tapi%ld: no such line device (%lu found%s)\n", n,
			(unsigned long)num_devs, num_devs ? "" : "; is tapi.ko loaded?");
		*status = EXIT_NODEV;
	}
	return d;
}

static void line_address(DWORD dev, char *buf, size_t len)
{
	LINEADDRESSCAPS *a = vstruct(4096);

	buf[0] = 0;
	if (!lineGetAddressCaps(app, dev, 0, API_VERSION, 0, a))
		vstr(a, a->dwAddressSize, a->dwAddressOffset, buf, len);
	free(a);
}

/* Open line @dev with @priv (and @media for owners); 0 or an exit status. */
static int open_line(DWORD dev, DWORD priv, DWORD media, HLINE *line)
{
	static char number[24];
	LONG r = lineOpen(app, dev, line, API_VERSION, 0, 0, priv, media, NULL);
	LINEDEVCAPS *caps;

	if (r) {
		fprintf(stderr, "tapictl: lineOpen: %s\n", err_name(r));
		return r == (LONG)LINEERR_NODEVICE ? EXIT_NODEV : EXIT_FAIL;
	}
	line_address(dev, number, sizeof(number));
	label = number;
	/* rings, service, opens: every line state the line reports */
	caps = dev_caps(dev);
	if (caps) {
		r = lineSetStatusMessages(*line, caps->dwLineStates, 0);
		if (r)
			fprintf(stderr, "tapictl: lineSetStatusMessages: %s\n", err_name(r));
		free(caps);
	}
	return 0;
}

/* ------------------------------------------------------------ the timeline */

/* One line of the timeline: the time, the line's number, then the text. */
static void timeline(const char *fmt, ...)
{
	va_list ap;

	printf("%12.6f  %-6s ", now_s(), label);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void print_message(const LINEMESSAGE *m)
{
	DWORD p1 = (DWORD)m->dwParam1, p2 = (DWORD)m->dwParam2, p3 = (DWORD)m->dwParam3;
	char buf[256];
	const char *s;

	switch (m->dwMessageID) {
	case LINE_CALLSTATE:
		if (p1 == LINECALLSTATE_DISCONNECTED) {
			s = name_of(disconnects, p2);
			timeline("LINE_CALLSTATE    call 0x%08lx DISCONNECTED (%s)",
				 (unsigned long)m->hDevice, s ? s : "?");
		} else {
			timeline("LINE_CALLSTATE    call 0x%08lx %s%s%s", (unsigned long)m->hDevice,
				 state_name(p1), p3 ? "  privilege " : "",
				 p3 ? flags_of(privileges, p3, buf, sizeof(buf)) : "");
		}
		break;
	case LINE_APPNEWCALL:
		timeline("LINE_APPNEWCALL   call 0x%08lx on address %lu, %s", (unsigned long)p2,
			 (unsigned long)p1, flags_of(privileges, p3, buf, sizeof(buf)));
		break;
	case LINE_LINEDEVSTATE:
		if (p1 == LINEDEVSTATE_RINGING)
			timeline("LINE_LINEDEVSTATE RINGING  ring %lu", (unsigned long)p3);
		else
			timeline("LINE_LINEDEVSTATE %s", flags_of(devstates, p1, buf, sizeof(buf)));
		break;
	case LINE_MONITORDIGITS:
		/* dwParam3: when the digit began, CLOCK_MONOTONIC in ms */
		timeline("LINE_MONITORDIGITS call 0x%08lx digit '%c' %s  (began at %.3f)",
			 (unsigned long)m->hDevice, (char)p1,
			 flags_of(digitmodes, p2, buf, sizeof(buf)), p3 / 1000.0);
		break;
	case LINE_GATHERDIGITS:
		timeline("LINE_GATHERDIGITS call 0x%08lx %s", (unsigned long)m->hDevice,
			 flags_of(gatherterms, p1, buf, sizeof(buf)));
		break;
	case LINE_GENERATE:
		timeline("LINE_GENERATE     call 0x%08lx %s", (unsigned long)m->hDevice,
			 p1 == LINEGENERATETERM_DONE ? "DONE" :
			 p1 == LINEGENERATETERM_CANCEL ? "CANCEL" : "?");
		break;
	case LINE_MONITORTONE:
		timeline("LINE_MONITORTONE  call 0x%08lx tone %lu", (unsigned long)m->hDevice,
			 (unsigned long)p1);
		break;
	case LINE_MONITORMEDIA:
		timeline("LINE_MONITORMEDIA call 0x%08lx %s", (unsigned long)m->hDevice,
			 flags_of(mediamodes, p1, buf, sizeof(buf)));
		break;
	case LINE_CALLINFO:
		timeline("LINE_CALLINFO     call 0x%08lx %s", (unsigned long)m->hDevice,
			 flags_of(callinfostates, p1, buf, sizeof(buf)));
		break;
	case LINE_REPLY:
		timeline("LINE_REPLY        request %lu: %s", (unsigned long)p1,
			 p2 ? err_name((LONG)p2) : "ok");
		break;
	case LINE_CLOSE:
		timeline("LINE_CLOSE        the line was closed under us");
		break;
	case LINE_CREATE:
		timeline("LINE_CREATE       new line device %lu", (unsigned long)p1);
		break;
	case LINE_REMOVE:
		timeline("LINE_REMOVE       line device %lu removed", (unsigned long)p1);
		break;
	case LINE_ADDRESSSTATE:
		timeline("LINE_ADDRESSSTATE address %lu state 0x%lx", (unsigned long)p1,
			 (unsigned long)p2);
		break;
	default:
		timeline("message %lu  device 0x%lx  0x%lx 0x%lx 0x%lx",
			 (unsigned long)m->dwMessageID, (unsigned long)m->hDevice,
			 (unsigned long)p1, (unsigned long)p2, (unsigned long)p3);
	}
}

/*
 * The next message within @timeout_s seconds, printed: 0 with it in *m,
 * else EXIT_TIMEOUT (said) or EXIT_FAIL.
 */
static int next_message(double timeout_s, LINEMESSAGE *m)
{
	LONG r = lineGetMessage(app, m, (DWORD)(timeout_s * 1000));

	if (r == (LONG)LINEERR_OPERATIONFAILED) {
		fprintf(stderr, "tapictl: no message for %g s\n", timeout_s);
		return EXIT_TIMEOUT;
	}
	if (r) {
		fprintf(stderr, "tapictl: lineGetMessage: %s\n", err_name(r));
		return EXIT_FAIL;
	}
	print_message(m);
	return 0;
}

/* A message, if one comes within @ms (printed): 1 with it in *m, else 0. */
static int poll_message(DWORD ms, LINEMESSAGE *m)
{
	if (lineGetMessage(app, m, ms))
		return 0;
	print_message(m);
	return 1;
}

/* ------------------------------------------------------------ calls */

struct call {
	HCALL h;
	DWORD state;		/* its last LINE_CALLSTATE */
	DWORD reason;		/* why it was disconnected */
	double timeout_s;	/* -t */
};

/* Keep track of our call's state from a message. */
static void follow(struct call *c, const LINEMESSAGE *m)
{
	if (m->dwMessageID == LINE_CALLSTATE && m->hDevice == c->h) {
		c->state = (DWORD)m->dwParam1;
		if (c->state == LINECALLSTATE_DISCONNECTED)
			c->reason = (DWORD)m->dwParam2;
	}
}

static int ended(const struct call *c)
{
	return c->state == LINECALLSTATE_DISCONNECTED || c->state == LINECALLSTATE_IDLE;
}

/* Wait (printing) until the call is in one of @states; 0 or an exit status. */
static int wait_state(struct call *c, DWORD states)
{
	LINEMESSAGE m;
	int r;

	while (!(c->state & states)) {
		r = next_message(c->timeout_s, &m);
		if (r)
			return r;
		follow(c, &m);
	}
	return 0;
}

/*
 * An asynchronous request's result: wait for its LINE_REPLY (printing
 * what comes); 0, or an exit status.
 */
static int wait_reply(struct call *c, LONG req, const char *what)
{
	LINEMESSAGE m;
	int r;

	if (req < 0) {
		fprintf(stderr, "tapictl: %s: %s\n", what, err_name(req));
		return EXIT_FAIL;
	}
	for (;;) {
		r = next_message(c->timeout_s, &m);
		if (r)
			return r;
		follow(c, &m);
		if (m.dwMessageID == LINE_REPLY && (LONG)m.dwParam1 == req) {
			if (!m.dwParam2)
				return 0;
			fprintf(stderr, "tapictl: %s: %s\n", what, err_name((LONG)m.dwParam2));
			return EXIT_FAIL;
		}
	}
}

/* Hang up (unless already idle) and free the handle; 0 or an exit status. */
static int hang_up(struct call *c)
{
	int r = 0;

	if (c->state != LINECALLSTATE_IDLE) {
		timeline("hanging up");
		r = wait_reply(c, lineDrop(c->h, NULL, 0), "lineDrop");
		if (!r)
			r = wait_state(c, LINECALLSTATE_IDLE);
	}
	lineDeallocateCall(c->h);
	return r;
}

/* Print who calls whom (LINECALLINFO's caller and called IDs). */
static void show_caller_id(const struct call *c)
{
	LINECALLINFO *ci = vstruct(4096);
	char num[64], name[64], called[64];

	if (!lineGetCallInfo(c->h, ci)) {
		vstr(ci, ci->dwCallerIDSize, ci->dwCallerIDOffset, num, sizeof(num));
		vstr(ci, ci->dwCallerIDNameSize, ci->dwCallerIDNameOffset, name, sizeof(name));
		vstr(ci, ci->dwCalledIDSize, ci->dwCalledIDOffset, called, sizeof(called));
		if (ci->dwCallerIDFlags & LINECALLPARTYID_BLOCKED)
			snprintf(num, sizeof(num), "(withheld)");
		else if (!num[0])
			snprintf(num, sizeof(num), "(unknown)");
		timeline("caller ID: call from %s%s%s%s to %s", num, name[0] ? " \"" : "", name,
			 name[0] ? "\"" : "", called[0] ? called : "(unknown)");
	}
	free(ci);
}

/* ------------------------------------------------------------ audio */

struct audio {
	int16_t *s;
	size_t n;
};

/*
 * Read an audio file in any format libsndfile knows, as the line wants it:
 * channels averaged to mono, resampled to 8000 Hz (libsamplerate), 16-bit.
 */
static int load_audio(const char *path, struct audio *a)
{
	SF_INFO info = { 0 };
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	float *in, *mono, *out = NULL;
	sf_count_t frames;
	size_t n;

	if (!f) {
		fprintf(stderr, "tapictl: %s: %s\n", path, sf_strerror(NULL));
		return EXIT_FILE;
	}
	in = malloc(sizeof(float) * (size_t)(info.frames ? info.frames : 1) * info.channels);
	mono = malloc(sizeof(float) * (size_t)(info.frames ? info.frames : 1));
	if (!in || !mono) {
		sf_close(f);
		free(in);
		free(mono);
		return EXIT_FAIL;
	}
	frames = sf_readf_float(f, in, info.frames);
	sf_close(f);
	for (sf_count_t i = 0; i < frames; i++) {
		float sum = 0;

		for (int ch = 0; ch < info.channels; ch++)
			sum += in[i * info.channels + ch];
		mono[i] = sum / info.channels;
	}
	free(in);
	n = (size_t)frames;
	if (info.samplerate != RATE) {
		double ratio = (double)RATE / info.samplerate;
		SRC_DATA d = { .data_in = mono, .input_frames = (long)frames,
			       .src_ratio = ratio };
		int e;

		d.output_frames = (long)(frames * ratio) + 16;
		out = malloc(sizeof(float) * (size_t)d.output_frames);
		d.data_out = out;
		e = out ? src_simple(&d, SRC_SINC_MEDIUM_QUALITY, 1) : 0;
		if (!out || e) {
			fprintf(stderr, "tapictl: %s: resampling: %s\n", path,
				out ? src_strerror(e) : "out of memory");
			free(out);
			free(mono);
			return EXIT_FILE;
		}
		free(mono);
		mono = out;
		n = (size_t)d.output_frames_gen;
	}
	a->s = malloc(sizeof(int16_t) * (n ? n : 1));
	if (!a->s) {
		free(mono);
		return EXIT_FAIL;
	}
	src_float_to_short_array(mono, a->s, (int)n);
	a->n = n;
	free(mono);
	return 0;
}

/* Write 8 kHz 16-bit mono samples; the format by the file name's ending. */
static int save_audio(const char *path, const int16_t *s, size_t n)
{
	static const struct { const char *ext; int format; } kinds[] = {
		{ ".flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16 },
		{ ".ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS },
		{ ".au", SF_FORMAT_AU | SF_FORMAT_PCM_16 },
		{ ".aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16 },
	};
	SF_INFO info = { .samplerate = RATE, .channels = 1,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	size_t len = strlen(path);
	SNDFILE *f;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t el = strlen(kinds[k].ext);

		if (len > el && !strcasecmp(path + len - el, kinds[k].ext))
			info.format = kinds[k].format;
	}
	f = sf_open(path, SFM_WRITE, &info);
	if (!f || sf_write_short(f, s, (sf_count_t)n) != (sf_count_t)n) {
		fprintf(stderr, "tapictl: %s: %s\n", path, sf_strerror(f));
		if (f)
			sf_close(f);
		return EXIT_FILE;
	}
	sf_close(f);
	return 0;
}

/* The call's audio descriptor (lineGetID "tapi/audio"), or -1. */
static int audio_fd(HCALL h)
{
	union {
		VARSTRING v;
		char buf[64];
	} u = { .v.dwTotalSize = sizeof(u) };
	LONG r = lineGetID(0, 0, h, LINECALLSELECT_CALL, &u.v, "tapi/audio");
	DWORD fd;

	if (r || u.v.dwStringFormat != STRINGFORMAT_BINARY || u.v.dwStringSize != sizeof(fd)) {
		fprintf(stderr, "tapictl: lineGetID tapi/audio: %s\n",
			r ? err_name(r) : "no descriptor");
		return -1;
	}
	memcpy(&fd, u.buf + u.v.dwStringOffset, sizeof(fd));
	return (int)fd;
}

/*
 * A digit an application sends the instant its call connects may come
 * before the far end, just answered, listens: wait this long first.
 */
#define DIGIT_DELAY_S 0.5

/*
 * What tapictl does on a connected call, in order: send DTMF @digits (if
 * any), play @play (if any), then hold the call @hold_s seconds (< 0:
 * until it ends); all along it records what the line receives to
 * @record_path (if any) and prints the messages that come. The far end
 * hanging up ends it early. 0 or an exit status.
 */
static int media(struct call *c, const char *digits, const struct audio *play,
		 const char *record_path, double hold_s)
{
	enum { TO_SEND, SENDING, SENT } gen = digits ? TO_SEND : SENT;
	int wfd = -1, rfd = -1, ret = 0, playing = 0;
	size_t sent = 0, got = 0, cap = 0;
	int16_t *rec = NULL;
	double start = now_s(), play_end = 0, hold_from = 0;
	LINEMESSAGE m;

	if (play && (wfd = audio_fd(c->h)) < 0)
		return EXIT_FAIL;
	if (record_path && (rfd = audio_fd(c->h)) < 0) {
		if (wfd >= 0)
			close(wfd);
		return EXIT_FAIL;
	}
	if (record_path)
		timeline("recording to %s", record_path);
	while (!ended(c) && !ret) {
		struct pollfd p[3] = { { .fd = msg_fd, .events = POLLIN },
				       { .fd = -1, .events = POLLOUT },
				       { .fd = rfd, .events = POLLIN } };
		double t = now_s();

		if (gen == TO_SEND && t >= start + DIGIT_DELAY_S) {
			LONG r = lineGenerateDigits(c->h, LINEDIGITMODE_DTMF, digits, 0);

			if (r) {
				fprintf(stderr, "tapictl: lineGenerateDigits: %s\n", err_name(r));
				ret = EXIT_FAIL;
				break;
			}
			timeline("sending DTMF %s", digits);
			gen = SENDING;
		}
		if (gen == SENT && wfd >= 0 && !playing) {
			timeline("playing %.2f s of audio", (double)play->n / RATE);
			playing = 1;
			/* what is queued has played out by then */
			play_end = t + (double)play->n / RATE + 0.1;
		}
		if (playing && sent >= play->n && t >= play_end) {
			timeline("played %.2f s", (double)sent / RATE);
			close(wfd);
			wfd = -1;
			playing = 0;
		}
		if (gen == SENT && wfd < 0 && !hold_from)
			hold_from = t;
		if (hold_from && hold_s >= 0 && t >= hold_from + hold_s)
			break;
		if (playing && sent < play->n)
			p[1].fd = wfd;
		if (poll(p, 3, 20) < 0)
			continue;
		if (p[0].revents && poll_message(0, &m)) {
			follow(c, &m);
			if (m.dwMessageID == LINE_GENERATE && m.hDevice == c->h && gen == SENDING) {
				gen = SENT;
				if (m.dwParam1 != LINEGENERATETERM_DONE)
					ret = EXIT_FAIL;
			}
		}
		if (p[1].revents) {
			int16_t chunk[CHUNK] = { 0 };
			size_t k = play->n - sent < CHUNK ? play->n - sent : CHUNK;

			memcpy(chunk, play->s + sent, k * sizeof(int16_t));
			if (write(wfd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk)) {
				timeline("the call's audio ended while playing");
				sent = play->n;
				play_end = 0;
			} else {
				sent += k;
			}
		}
		if (p[2].revents) {
			ssize_t r;

			if (cap - got < CHUNK) {
				int16_t *more = realloc(rec, (cap + RATE) * sizeof(int16_t));

				if (!more) {
					ret = EXIT_FAIL;
					break;
				}
				rec = more;
				cap += RATE;
			}
			r = read(rfd, rec + got, CHUNK * sizeof(int16_t));
			if (r <= 0) {
				close(rfd);
				rfd = -1;
				continue;
			}
			got += (size_t)r / sizeof(int16_t);
		}
	}
	if (gen != SENT && !ret)
		ret = EXIT_FAIL;	/* the call ended first */
	if (wfd >= 0) {
		if (playing)
			timeline("played %.2f s (the call ended)", (double)sent / RATE);
		close(wfd);
	}
	if (rfd >= 0)
		close(rfd);
	if (record_path) {
		int r = save_audio(record_path, rec, got);

		timeline("recorded %.2f s to %s", (double)got / RATE, record_path);
		if (!ret)
			ret = r;
	}
	free(rec);
	return ret;
}

/* Wait for @n DTMF digits on the call (lineMonitorDigits); say which. */
static int detect_digits(struct call *c, int n)
{
	char got[64] = "";
	LINEMESSAGE m;
	int k = 0, ret;
	LONG r = lineMonitorDigits(c->h, LINEDIGITMODE_DTMF);

	if (r) {
		fprintf(stderr, "tapictl: lineMonitorDigits: %s\n", err_name(r));
		return EXIT_FAIL;
	}
	timeline("waiting for %d DTMF digits", n);
	while (k < n) {
		ret = next_message(c->timeout_s, &m);
		if (ret)
			return ret;
		follow(c, &m);
		if (ended(c))
			return EXIT_FAIL;
		if (m.dwMessageID == LINE_MONITORDIGITS && m.hDevice == c->h &&
		    k < (int)sizeof(got) - 1)
			got[k++] = (char)m.dwParam1;
	}
	lineMonitorDigits(c->h, 0);
	timeline("DTMF detected: %s", got);
	return 0;
}

/* What to do on a connected call, from the options of call and answer. */
struct actions {
	int detect;		/* -D: DTMF digits to wait for */
	const char *digits;	/* -d: DTMF to send */
	const char *play;	/* -p */
	const char *record;	/* -r */
	double hold_s;		/* -h; < 0: until the far end hangs up */
	double timeout_s;	/* -t */
	long rings;		/* -n (answer) */
};

/* @play: the file of -p, read before the call (converting takes a while). */
static int connected(struct call *c, const struct actions *a, const struct audio *play)
{
	int ret = 0;

	if (a->detect)
		ret = detect_digits(c, a->detect);
	if (!ret)
		ret = media(c, a->digits, a->play ? play : NULL, a->record, a->hold_s);
	return ret;
}

static int seconds_arg(int opt, const char *arg, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(arg, &end);
	if (errno || *end || end == arg || *v < 0 || *v > 86400) {
		fprintf(stderr, "tapictl: bad -%c value '%s'\n", opt, arg);
		return 0;
	}
	return 1;
}

static int count_arg(int opt, const char *arg, long max, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || *v < 0 || *v > max) {
		fprintf(stderr, "tapictl: bad -%c value '%s'\n", opt, arg);
		return 0;
	}
	return 1;
}

/* The options of call and answer; 0 or an exit status. */
static int call_options(int argc, char **argv, const char *opts, struct actions *a)
{
	long n;
	int opt;

	while ((opt = getopt(argc, argv, opts)) != -1) {
		switch (opt) {
		case 'h':
			if (!seconds_arg(opt, optarg, &a->hold_s))
				return EXIT_USAGE;
			break;
		case 't':
			if (!seconds_arg(opt, optarg, &a->timeout_s))
				return EXIT_USAGE;
			break;
		case 'n':
			if (!count_arg(opt, optarg, 100, &a->rings))
				return EXIT_USAGE;
			break;
		case 'D':
			if (!count_arg(opt, optarg, 63, &n) || !n) {
				if (!n)
					fprintf(stderr, "tapictl: bad -D value '%s'\n", optarg);
				return EXIT_USAGE;
			}
			a->detect = (int)n;
			break;
		case 'd':
			if (!*optarg || strspn(optarg, "0123456789*#ABCDabcd") != strlen(optarg) ||
			    strlen(optarg) > 31) {
				fprintf(stderr, "tapictl: bad DTMF digits '%s' (up to 31 of "
					"0-9 * # A-D)\n", optarg);
				return EXIT_USAGE;
			}
			a->digits = optarg;
			break;
		case 'p':
			a->play = optarg;
			break;
		case 'r':
			a->record = optarg;
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static int cmd_call(int argc, char **argv)
{
	struct actions a = { .hold_s = 1, .timeout_s = 10 };
	struct audio play = { 0 };
	struct call c = { 0 };
	HLINE line;
	LONG req;
	long dev;
	int ret;

	ret = call_options(argc, argv, "d:p:r:h:t:", &a);
	if (ret)
		return ret;
	if (optind != argc - 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!*argv[optind + 1] || strlen(argv[optind + 1]) > 63) {
		fprintf(stderr, "tapictl: the number is empty or too long\n");
		return EXIT_USAGE;
	}
	if (a.play && (ret = load_audio(a.play, &play)))
		return ret;
	dev = line_arg(argv[optind], &ret);
	if (dev < 0)
		return ret;
	c.timeout_s = a.timeout_s;
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = open_line((DWORD)dev, LINECALLPRIVILEGE_NONE, 0, &line);
	if (ret)
		return ret;
	timeline("calling %s", argv[optind + 1]);
	req = lineMakeCall(line, &c.h, argv[optind + 1], 0, NULL);
	ret = wait_reply(&c, req, "lineMakeCall");
	if (!ret)
		ret = wait_state(&c, LINECALLSTATE_CONNECTED | LINECALLSTATE_BUSY |
				 LINECALLSTATE_DISCONNECTED | LINECALLSTATE_IDLE);
	if (!ret && c.state != LINECALLSTATE_CONNECTED) {
		const char *why = c.state == LINECALLSTATE_BUSY ? "BUSY" :
				  name_of(disconnects, c.reason);

		timeline("not connected: %s", why ? why : "?");
		ret = EXIT_FAIL;
	} else if (!ret) {
		ret = connected(&c, &a, &play);
	}
	free(play.s);
	if (req > 0) {
		int r = hang_up(&c);

		if (!ret)
			ret = r;
	}
	lineClose(line);
	lineShutdown(app);
	return ret;
}

static int cmd_answer(int argc, char **argv)
{
	struct actions a = { .hold_s = -1, .timeout_s = 10 };
	struct audio play = { 0 };
	struct call c = { 0 };
	LINEDEVCAPS *caps;
	LINEMESSAGE m;
	long dev, rings = 0;
	HLINE line;
	int ret;

	ret = call_options(argc, argv, "n:D:d:p:r:h:t:", &a);
	if (ret)
		return ret;
	if (optind != argc - 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	dev = line_arg(argv[optind], &ret);
	if (dev < 0)
		return ret;
	c.timeout_s = a.timeout_s;
	setvbuf(stdout, NULL, _IOLBF, 0);
	caps = dev_caps((DWORD)dev);
	if (!caps)
		return EXIT_FAIL;
	/* every media mode the line offers is ours to answer */
	ret = open_line((DWORD)dev, LINECALLPRIVILEGE_OWNER, caps->dwMediaModes, &line);
	free(caps);
	if (ret)
		return ret;
	/* the line is ours first: a call that comes while the file converts waits */
	if (a.play && (ret = load_audio(a.play, &play)))
		goto out;
	timeline("waiting for a call");
	while (!c.h || (c.state != LINECALLSTATE_OFFERING && c.state != LINECALLSTATE_ACCEPTED)) {
		ret = next_message(a.timeout_s, &m);
		if (ret)
			goto out;
		if (m.dwMessageID == LINE_APPNEWCALL && !c.h)
			c.h = (HCALL)m.dwParam2;
		/* a ring may be told before the call's state */
		if (m.dwMessageID == LINE_LINEDEVSTATE && m.dwParam1 == LINEDEVSTATE_RINGING)
			rings++;
		follow(&c, &m);
	}
	show_caller_id(&c);
	while (rings < a.rings) {
		ret = next_message(a.timeout_s, &m);
		if (ret)
			goto out;
		follow(&c, &m);
		if (ended(&c)) {
			ret = EXIT_FAIL;
			goto drop;
		}
		if (m.dwMessageID == LINE_LINEDEVSTATE && m.dwParam1 == LINEDEVSTATE_RINGING)
			rings++;
	}
	timeline("answering");
	ret = wait_reply(&c, lineAnswer(c.h, NULL, 0), "lineAnswer");
	/* listen at once: the caller may key as soon as it is connected */
	if (!ret && a.detect)
		lineMonitorDigits(c.h, LINEDIGITMODE_DTMF);
	if (!ret)
		ret = wait_state(&c, LINECALLSTATE_CONNECTED | LINECALLSTATE_DISCONNECTED |
				 LINECALLSTATE_IDLE);
	if (!ret && c.state != LINECALLSTATE_CONNECTED)
		ret = EXIT_FAIL;
	if (!ret)
		ret = connected(&c, &a, &play);
drop:
	{
		int r = hang_up(&c);

		if (!ret)
			ret = r;
	}
out:
	free(play.s);
	lineClose(line);
	lineShutdown(app);
	return ret;
}

/*
 * Take over the line's active call, made or answered by another process
 * (lineGetNewCalls gives a monitor's handle; lineSetCallPrivilege makes
 * this process an owner too). 0 or an exit status.
 */
static int attach(const char *arg, struct call *c, HLINE *line)
{
	LINECALLLIST *list = vstruct(sizeof(LINECALLLIST) + 64 * sizeof(HCALL));
	LINECALLSTATUS st = { .dwTotalSize = sizeof(st) };
	int ret;
	long dev = line_arg(arg, &ret);
	LONG r;

	if (dev < 0) {
		free(list);
		return ret;
	}
	c->timeout_s = 10;
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = open_line((DWORD)dev, LINECALLPRIVILEGE_MONITOR, 0, line);
	if (ret) {
		free(list);
		return ret;
	}
	r = lineGetNewCalls(*line, 0, LINECALLSELECT_LINE, list);
	for (DWORD k = 0; !r && k < list->dwCallsNumEntries; k++) {
		HCALL h;

		memcpy(&h, (char *)list + list->dwCallsOffset + k * sizeof(HCALL), sizeof(h));
		if (!lineGetCallStatus(h, &st) &&
		    !(st.dwCallState & (LINECALLSTATE_IDLE | LINECALLSTATE_DISCONNECTED))) {
			c->h = h;
			c->state = st.dwCallState;
			break;
		}
	}
	free(list);
	if (r || !c->h) {
		fprintf(stderr, "tapictl: %s: %s\n", arg, r ? err_name(r) : "no call on the line");
		lineShutdown(app);
		return EXIT_FAIL;
	}
	r = lineSetCallPrivilege(c->h, LINECALLPRIVILEGE_OWNER);
	if (r) {
		fprintf(stderr, "tapictl: lineSetCallPrivilege: %s\n", err_name(r));
		lineShutdown(app);
		return EXIT_FAIL;
	}
	timeline("took call 0x%08lx (%s)", (unsigned long)c->h, state_name(c->state));
	return 0;
}

/* Give the call back: this process stops owning it, the other goes on. */
static void detach(struct call *c, HLINE line)
{
	if (!ended(c))
		lineSetCallPrivilege(c->h, LINECALLPRIVILEGE_MONITOR);
	lineDeallocateCall(c->h);
	lineClose(line);
	lineShutdown(app);
}

static int cmd_hangup(int argc, char **argv)
{
	struct call c = { 0 };
	HLINE line;
	int ret;

	if (argc != 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = attach(argv[1], &c, &line);
	if (ret)
		return ret;
	ret = hang_up(&c);
	lineClose(line);
	lineShutdown(app);
	return ret;
}

static int cmd_dtmf(int argc, char **argv)
{
	struct call c = { 0 };
	HLINE line;
	int ret;

	if (argc != 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!*argv[2] || strspn(argv[2], "0123456789*#ABCDabcd") != strlen(argv[2]) ||
	    strlen(argv[2]) > 31) {
		fprintf(stderr, "tapictl: bad DTMF digits '%s' (up to 31 of 0-9 * # A-D)\n",
			argv[2]);
		return EXIT_USAGE;
	}
	ret = attach(argv[1], &c, &line);
	if (ret)
		return ret;
	ret = media(&c, argv[2], NULL, NULL, 0);
	detach(&c, line);
	return ret;
}

static int cmd_play(int argc, char **argv)
{
	struct audio play = { 0 };
	struct call c = { 0 };
	HLINE line;
	int ret;

	if (argc != 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = load_audio(argv[2], &play);
	if (ret)
		return ret;
	ret = attach(argv[1], &c, &line);
	if (!ret) {
		ret = media(&c, NULL, &play, NULL, 0);
		detach(&c, line);
	}
	free(play.s);
	return ret;
}

static int cmd_record(int argc, char **argv)
{
	double seconds = 5;
	struct call c = { 0 };
	HLINE line;
	int opt, ret;

	while ((opt = getopt(argc, argv, "s:")) != -1)
		if (opt != 's' || !seconds_arg(opt, optarg, &seconds)) {
			usage(stderr);
			return EXIT_USAGE;
		}
	if (optind != argc - 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = attach(argv[optind], &c, &line);
	if (ret)
		return ret;
	ret = media(&c, NULL, NULL, argv[optind + 1], seconds);
	detach(&c, line);
	return ret;
}

/*
 * Whether the recording holds the file's audio: each 20 ms piece of it,
 * converted as play converts it, is found bit-exact in the recording, in
 * order (a connection passes linear audio unchanged; a gap between pieces
 * would be audio the player sent late).
 */
static int cmd_compare(int argc, char **argv)
{
	struct audio src = { 0 }, rec = { 0 };
	size_t pieces, found = 0, pos = 0, first = 0, gaps = 0, lead = 0;
	int ret;

	if (argc != 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = load_audio(argv[1], &src);
	if (!ret)
		ret = load_audio(argv[2], &rec);
	if (ret) {
		free(src.s);
		return ret;
	}
	/* silence at either end proves nothing and could match anywhere */
	while (src.n && !src.s[src.n - 1])
		src.n--;
	while (lead < src.n && !src.s[lead])
		lead++;
	pieces = (src.n - lead + CHUNK - 1) / CHUNK;
	for (size_t k = lead; k < src.n; k += CHUNK) {
		size_t len = src.n - k < CHUNK ? src.n - k : CHUNK, p;
		/* the first piece anywhere; the next right after, or within 1 s */
		size_t last = found ? pos + RATE : rec.n;

		for (p = pos; p + len <= rec.n && p <= last; p++)
			if (!memcmp(rec.s + p, src.s + k, len * sizeof(int16_t)))
				break;
		if (p + len > rec.n || p > last)
			break;
		if (!found)
			first = p;
		else if (p != pos)
			gaps++;
		found++;
		pos = p + len;
	}
	if (found == pieces && pieces)
		printf("match: all %zu samples of %s (%.2f s, silence at its ends left out) "
		       "found bit-exact in %s, from %.3f s on, %zu gaps\n", src.n - lead, argv[1],
		       (double)(src.n - lead) / RATE, argv[2], (double)first / RATE, gaps);
	else
		printf("MISMATCH: %zu of %zu 20 ms pieces of %s found in order in %s\n", found,
		       pieces, argv[1], argv[2]);
	free(src.s);
	free(rec.s);
	return found == pieces && pieces ? 0 : EXIT_FAIL;
}

/* ------------------------------------------------------------ devices */

static void print_line(DWORD dev)
{
	LINEDEVCAPS *c = dev_caps(dev);
	char buf[256], name[128], number[64];
	const char *cls;

	if (!c)
		return;
	vstr(c, c->dwLineNameSize, c->dwLineNameOffset, name, sizeof(name));
	vstr(c, c->dwProviderInfoSize, c->dwProviderInfoOffset, buf, sizeof(buf));
	line_address(dev, number, sizeof(number));
	printf("/dev/tapi%lu  (TAPI line device %lu)\n", (unsigned long)c->dwPermanentLineID,
	       (unsigned long)dev);
	printf("  name:          %s\n", name);
	/* libtapi's provider info is "libtapi DRIVER" */
	printf("  driver:        %s\n", strncmp(buf, "libtapi ", 8) ? buf : buf + 8);
	printf("  address:       %s\n", number);
	printf("  media modes:   %s\n", flags_of(mediamodes, c->dwMediaModes, buf, sizeof(buf)));
	printf("  digits:        detect %s",
	       flags_of(digitmodes, c->dwMonitorDigitModes, buf, sizeof(buf)));
	printf(", generate %s\n", flags_of(digitmodes, c->dwGenerateDigitModes, buf, sizeof(buf)));
	printf("  tones:         generate %s\n",
	       flags_of(tonemodes, c->dwGenerateToneModes, buf, sizeof(buf)));
	printf("  active calls:  up to %lu\n", (unsigned long)c->dwMaxNumActiveCalls);
	printf("  line states:   %s\n", flags_of(devstates, c->dwLineStates, buf, sizeof(buf)));
	printf("  lineGetID:    ");
	for (cls = (const char *)c + c->dwDeviceClassesOffset;
	     c->dwDeviceClassesSize && *cls &&
	     cls < (const char *)c + c->dwDeviceClassesOffset + c->dwDeviceClassesSize;
	     cls += strlen(cls) + 1)
		printf(" %s", cls);
	printf("\n");
	free(c);
}

/* A line's status (it is opened without privileges to ask); 0 or a status. */
static int print_status(DWORD dev)
{
	LINEDEVSTATUS *st = vstruct(4096);
	char buf[256];
	HLINE line;
	int ret = open_line(dev, LINECALLPRIVILEGE_NONE, 0, &line);
	LONG r;

	if (ret) {
		free(st);
		return ret;
	}
	r = lineGetLineDevStatus(line, st);
	if (r) {
		fprintf(stderr, "tapictl: lineGetLineDevStatus: %s\n", err_name(r));
		ret = EXIT_FAIL;
	} else {
		printf("  status:        %s\n",
		       flags_of(statusflags, st->dwDevStatusFlags, buf, sizeof(buf)));
		/* this process's own open counts too */
		printf("  opens:         %lu (this tapictl's included), owning media modes %s\n",
		       (unsigned long)st->dwNumOpens,
		       flags_of(mediamodes, st->dwOpenMediaModes, buf, sizeof(buf)));
		printf("  calls:         %lu active, %lu on hold\n",
		       (unsigned long)st->dwNumActiveCalls, (unsigned long)st->dwNumOnHoldCalls);
	}
	lineClose(line);
	free(st);
	return ret;
}

static void print_hookswitch_modes(unsigned int m)
{
	printf("%s%s%s%s", m & TAPI_HOOKSWITCH_ONHOOK ? " on-hook" : "",
	       m & TAPI_HOOKSWITCH_MIC ? " mic" : "",
	       m & TAPI_HOOKSWITCH_SPEAKERON ? " speaker" : "",
	       m & TAPI_HOOKSWITCH_MICSPEAKER ? " mic+speaker" : "");
}

/* A phone device through the uAPI (libtapi has no phone functions yet). */
static int show_phone(const char *path)
{
	static const char *const devs[TAPI_HOOKSWITCH_DEVS] = { "handset", "speaker", "headset" };
	struct tapi_phone_info i = { 0 };
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		return errno == ENOENT || errno == ENODEV || errno == ENXIO ? EXIT_NODEV : EXIT_FAIL;
	}
	if (ioctl(fd, TAPI_IOC_PHONE_INFO, &i)) {
		fprintf(stderr, "tapictl: %s: phone info: %s\n", path, strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	close(fd);
	printf("%s  (phone)\n", path);
	printf("  name:          %s\n", i.name);
	printf("  driver:        %s\n", i.driver);
	if (i.line_id == TAPI_PHONE_NO_LINE)
		printf("  line:          none\n");
	else
		printf("  line:          /dev/tapi%u\n", i.line_id);
	for (unsigned int k = 0; k < TAPI_HOOKSWITCH_DEVS; k++) {
		if (!(i.hookswitch_devs & (1u << k)))
			continue;
		printf("  %-14s", devs[k]);
		print_hookswitch_modes(i.hookswitch_modes[k]);
		printf("\n");
	}
	printf("  display:       %u x %u\n", i.display_rows, i.display_cols);
	printf("  buttons:       %u\n", i.num_buttons);
	printf("  ring modes:    %u\n", i.num_ring_modes);
	return 0;
}

static int only_phones(const struct dirent *d)
{
	return !strncmp(d->d_name, "tapiphone", 9) && d->d_name[9] >= '0' && d->d_name[9] <= '9';
}

static int cmp_phones(const struct dirent **a, const struct dirent **b)
{
	return atoi((*a)->d_name + 9) - atoi((*b)->d_name + 9);
}

static int cmd_list(void)
{
	struct dirent **names;
	int ret, n;

	if (access("/sys/class/tapi", F_OK)) {
		fprintf(stderr, "tapictl: no tapi devices (is tapi.ko loaded?)\n");
		return EXIT_NODEV;
	}
	ret = tapi_start();
	if (ret)
		return ret;
	if (!num_devs)
		printf("no line devices\n");
	for (DWORD d = 0; d < num_devs; d++)
		print_line(d);
	lineShutdown(app);
	n = scandir("/sys/class/tapi", &names, only_phones, cmp_phones);
	for (int i = 0; i < n; i++) {
		char path[300];

		snprintf(path, sizeof(path), "/dev/%s", names[i]->d_name);
		if (show_phone(path))
			ret = EXIT_FAIL;
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return ret;
}

static int cmd_info(const char *arg, int status_only)
{
	long dev;
	int ret;

	if (is_phone(arg) && dev_number(arg) >= 0) {
		char path[64];

		if (status_only) {
			fprintf(stderr, "tapictl: status is for line devices\n");
			return EXIT_USAGE;
		}
		snprintf(path, sizeof(path), "/dev/tapiphone%ld", dev_number(arg));
		return show_phone(path);
	}
	dev = line_arg(arg, &ret);
	if (dev < 0)
		return ret;
	if (status_only) {
		char number[64];

		line_address((DWORD)dev, number, sizeof(number));
		printf("/dev/tapi%ld  (TAPI line device %ld, %s)\n", dev_number(arg), dev, number);
	} else {
		print_line((DWORD)dev);
	}
	ret = print_status((DWORD)dev);
	lineShutdown(app);
	return ret;
}

/* A phone's events, through the uAPI (libtapi has no phone functions yet). */
static void print_phone_event(const struct tapi_event *e)
{
	double t = e->timestamp_ns / 1e9;

	switch (e->type) {
	case TAPI_EVENT_PHONE_BUTTON:
		printf("%12.6f  PHONE_BUTTON %u %s\n", t, e->param[0],
		       e->param[2] == TAPI_BUTTON_DOWN ? "down" : "up");
		break;
	case TAPI_EVENT_PHONE_STATE:
		printf("%12.6f  PHONE_STATE 0x%x  %u %u\n", t, e->param[0], e->param[1],
		       e->param[2]);
		break;
	case TAPI_EVENT_OVERFLOW:
		printf("%12.6f  OVERFLOW  %llu events lost\n", t,
		       e->param[0] | (unsigned long long)e->param[1] << 32);
		break;
	default:
		printf("%12.6f  event type %u  params %u %u %u %u\n", t, e->type,
		       e->param[0], e->param[1], e->param[2], e->param[3]);
	}
}

static int watch_phone(const char *arg, long count, double timeout_s)
{
	struct tapi_phone_events pe = {
		.phone_states = TAPI_PHONESTATES,
		.button_modes = TAPI_BUTTON_MODE_DISPLAY * 2 - 1,
		.button_states = TAPI_BUTTON_UP | TAPI_BUTTON_DOWN,
	};
	struct tapi_event ev[16];
	char path[64];
	long seen = 0;
	int fd;

	snprintf(path, sizeof(path), "/dev/tapiphone%ld", dev_number(arg));
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		return errno == ENOENT || errno == ENODEV || errno == ENXIO ? EXIT_NODEV : EXIT_FAIL;
	}
	/* a phone tells a file nothing until it asks: ask for everything */
	if (ioctl(fd, TAPI_IOC_PHONE_EVENTS, &pe)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	while (count < 0 || seen < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int pr = poll(&p, 1, timeout_s < 0 ? -1 : (int)(timeout_s * 1000));
		ssize_t r;

		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0) {
			close(fd);
			return EXIT_TIMEOUT;
		}
		r = read(fd, ev, sizeof(ev));
		if (r < 0) {
			fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
			close(fd);
			return errno == ENODEV ? EXIT_NODEV : EXIT_FAIL;
		}
		for (int k = 0; k < r / (ssize_t)sizeof(ev[0]) && (count < 0 || seen < count);
		     k++, seen++)
			print_phone_event(&ev[k]);
	}
	close(fd);
	return 0;
}

static int cmd_watch(int argc, char **argv)
{
	long count = -1, seen = 0;
	double timeout_s = -1;
	LINEMESSAGE m;
	HLINE line;
	long dev;
	int opt, ret;

	while ((opt = getopt(argc, argv, "c:t:")) != -1) {
		if ((opt == 'c' && !count_arg(opt, optarg, 1000000000, &count)) ||
		    (opt == 't' && !seconds_arg(opt, optarg, &timeout_s)))
			return EXIT_USAGE;
		if (opt != 'c' && opt != 't') {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (is_phone(argv[optind]) && dev_number(argv[optind]) >= 0)
		return watch_phone(argv[optind], count, timeout_s);
	dev = line_arg(argv[optind], &ret);
	if (dev < 0)
		return ret;
	/* a monitor: it sees every call on the line and takes none */
	ret = open_line((DWORD)dev, LINECALLPRIVILEGE_MONITOR, 0, &line);
	if (ret)
		return ret;
	timeline("watching (a monitor of the line)");
	while (count < 0 || seen < count) {
		LONG r = lineGetMessage(app, &m, timeout_s < 0 ? INFINITE :
					(DWORD)(timeout_s * 1000));

		if (r == (LONG)LINEERR_OPERATIONFAILED) {
			ret = EXIT_TIMEOUT;
			break;
		}
		if (r) {
			fprintf(stderr, "tapictl: lineGetMessage: %s\n", err_name(r));
			ret = EXIT_FAIL;
			break;
		}
		print_message(&m);
		seen++;
		if (m.dwMessageID == LINE_APPNEWCALL) {
			struct call c = { .h = (HCALL)m.dwParam2 };

			show_caller_id(&c);
			/* the digits either end sends on it */
			lineMonitorDigits(c.h, LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND);
		}
		if (m.dwMessageID == LINE_CALLSTATE && m.dwParam1 == LINECALLSTATE_IDLE)
			lineDeallocateCall((HCALL)m.hDevice);
		if (m.dwMessageID == LINE_CLOSE) {
			ret = EXIT_NODEV;
			break;
		}
	}
	lineShutdown(app);
	return ret;
}

/* ------------------------------------------------------------ the exchange */

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = fd < 0 ? -1 : write(fd, text, strlen(text));

	if (n != (ssize_t)strlen(text)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int sim_ready(void)
{
	if (access(SIM_CONFIG, F_OK)) {
		fprintf(stderr, "tapictl: %s: %s (is tapi_sim loaded and configfs mounted?)\n",
			SIM_CONFIG, strerror(errno));
		return EXIT_NODEV;
	}
	return 0;
}

static int is_name(const char *s)
{
	return *s && strlen(s) < 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
					     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == strlen(s);
}

/* The first line of configfs file @path, without its newline ("" if none). */
static void read_attr(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	if (!f || !fgets(buf, (int)size, f))
		buf[0] = 0;
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = 0;
}

static int only_numbers(const struct dirent *d)
{
	return d->d_name[0] >= '0' && d->d_name[0] <= '9';
}

/* What tapictl sim may set: the exchange's, then each line's (configfs). */
static const char *const ex_keys[] = { "no_answer_ms", NULL };
static const char *const line_keys[] = { "zone", "type", "caller_name", "call_waiting",
					 "withheld", NULL };

static int in_list(const char *const *list, const char *key, size_t len)
{
	for (; *list; list++)
		if (strlen(*list) == len && !strncmp(*list, key, len))
			return 1;
	return 0;
}

/* Check KEY=VALUE settings: 0, or EXIT_USAGE with a message. */
static int check_settings(int n, char **set, int *line_settings)
{
	*line_settings = 0;
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(set[i], '=');
		size_t len = eq ? (size_t)(eq - set[i]) : 0;

		if (eq && in_list(line_keys, set[i], len)) {
			*line_settings = 1;
		} else if (!eq || !in_list(ex_keys, set[i], len)) {
			fprintf(stderr, "tapictl: sim: '%s' is not a setting (KEY=VALUE; the "
				"exchange's: no_answer_ms; each line's: zone, type, caller_name, "
				"call_waiting, withheld)\n", set[i]);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/*
 * Write the settings into exchange @name: its own, and the lines' into line
 * @number or (NULL) every line. The exchange must not be live for the
 * lines' (the module refuses). 0 or EXIT_FAIL (the module's refusal said).
 */
static int apply_settings(const char *name, const char *number, int n, char **set)
{
	struct dirent **lines = NULL;
	char path[1024];
	int m = 0, ret = 0;

	if (!number) {
		snprintf(path, sizeof(path), SIM_CONFIG "/%s", name);
		m = scandir(path, &lines, only_numbers, alphasort);
		if (m < 0)
			return EXIT_FAIL;
	}
	for (int i = 0; i < n && !ret; i++) {
		const char *eq = strchr(set[i], '=');
		char key[32];

		snprintf(key, sizeof(key), "%.*s", (int)(eq - set[i]), set[i]);
		if (in_list(ex_keys, key, strlen(key))) {
			snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s", name, key);
			ret = write_file(path, eq + 1) ? EXIT_FAIL : 0;
			continue;
		}
		for (int k = 0; k < (number ? 1 : m) && !ret; k++) {
			snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s/%s", name,
				 number ? number : lines[k]->d_name, key);
			ret = write_file(path, eq + 1) ? EXIT_FAIL : 0;
		}
	}
	for (int k = 0; k < m; k++)
		free(lines[k]);
	free(lines);
	return ret;
}

static int sim_add(const char *name, const char *first, const char *lines, int nset,
		   char **set)
{
	char path[1024], dev[32];
	unsigned long long number;
	long n;
	char *end;
	int ret;

	errno = 0;
	number = strtoull(first, &end, 10);
	if (!is_name(name) || errno || *end || !*first || *first == '-' || *first == '+' ||
	    strlen(first) > 18) {
		fprintf(stderr, "tapictl: sim add NAME FIRST_NUMBER LINES: NAME is letters, "
			"digits, _ and -; FIRST_NUMBER digits\n");
		return EXIT_USAGE;
	}
	n = strtol(lines, &end, 10);
	if (*end || end == lines || n < 1 || n > 512) {
		fprintf(stderr, "tapictl: sim add: LINES must be 1-512, not '%s'\n", lines);
		return EXIT_USAGE;
	}
	ret = check_settings(nset, set, &(int){ 0 });
	if (!ret)
		ret = sim_ready();
	if (ret)
		return ret;
	snprintf(path, sizeof(path), SIM_CONFIG "/%s", name);
	if (mkdir(path, 0755)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		return errno == EEXIST ? EXIT_USAGE : EXIT_FAIL;
	}
	for (long k = 0; k < n; k++) {
		snprintf(path, sizeof(path), SIM_CONFIG "/%s/%llu", name, number + k);
		if (mkdir(path, 0755)) {
			fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
			return EXIT_FAIL;
		}
	}
	if (apply_settings(name, NULL, nset, set)) {
		fprintf(stderr, "tapictl: exchange %s made but not live (a setting refused); "
			"tapictl sim remove %s\n", name, name);
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), SIM_CONFIG "/%s/live", name);
	if (write_file(path, "1")) {
		fprintf(stderr, "tapictl: exchange %s made but not live (a number taken?); "
			"tapictl sim remove %s\n", name, name);
		return EXIT_FAIL;
	}
	for (long k = 0; k < n; k++) {
		snprintf(path, sizeof(path), SIM_CONFIG "/%s/%llu/dev", name, number + k);
		read_attr(path, dev, sizeof(dev));
		if (*dev)
			printf("%llu  /dev/%s\n", number + k, dev);
	}
	return 0;
}

static int sim_remove(const char *name)
{
	struct dirent **lines;
	char path[1024];
	int n, ret = sim_ready();

	if (ret)
		return ret;
	if (!is_name(name)) {
		fprintf(stderr, "tapictl: '%s' is not an exchange name\n", name);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), SIM_CONFIG "/%s", name);
	n = scandir(path, &lines, only_numbers, alphasort);
	if (n < 0) {
		fprintf(stderr, "tapictl: no exchange %s\n", name);
		return EXIT_NODEV;
	}
	snprintf(path, sizeof(path), SIM_CONFIG "/%s/live", name);
	write_file(path, "0");
	for (int k = 0; k < n; k++) {
		snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s", name, lines[k]->d_name);
		if (rmdir(path) && errno != ENOENT) {
			fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
			ret = EXIT_FAIL;
		}
		free(lines[k]);
	}
	free(lines);
	snprintf(path, sizeof(path), SIM_CONFIG "/%s", name);
	if (rmdir(path)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		ret = EXIT_FAIL;
	}
	return ret;
}

/*
 * Change exchange @name's settings, or line @number's. The module takes a
 * line's settings only while the exchange is down: a live one is taken
 * down (its calls end) and put live again, as the output says.
 */
static int sim_set(const char *name, const char *number, int nset, char **set)
{
	char path[1024], live[8];
	int lines, ret = check_settings(nset, set, &lines);

	if (!ret && (!is_name(name) || (number && !*number) ||
		     (number && strspn(number, "0123456789") != strlen(number)))) {
		fprintf(stderr, "tapictl: sim set NAME [NUMBER] KEY=VALUE...: bad NAME or NUMBER\n");
		ret = EXIT_USAGE;
	}
	if (!ret && number && !lines) {
		fprintf(stderr, "tapictl: sim set: the exchange's settings take no NUMBER\n");
		ret = EXIT_USAGE;
	}
	if (!ret)
		ret = sim_ready();
	if (ret)
		return ret;
	snprintf(path, sizeof(path), SIM_CONFIG "/%s%s%s", name, number ? "/" : "",
		 number ? number : "");
	if (access(path, F_OK)) {
		fprintf(stderr, "tapictl: no %s %s%s%s\n", number ? "line" : "exchange", name,
			number ? " " : "", number ? number : "");
		return EXIT_NODEV;
	}
	snprintf(path, sizeof(path), SIM_CONFIG "/%s/live", name);
	read_attr(path, live, sizeof(live));
	if (lines && live[0] == '1') {
		printf("taking %s down to change its lines (their calls end)\n", name);
		if (write_file(path, "0"))
			return EXIT_FAIL;
	}
	ret = apply_settings(name, number, nset, set);
	if (lines && live[0] == '1') {
		if (write_file(path, "1"))
			return EXIT_FAIL;
		printf("%s is live again\n", name);
	}
	return ret;
}

static int only_dirs(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int sim_list(void)
{
	struct dirent **ex;
	int n, ret = sim_ready();

	if (ret)
		return ret;
	n = scandir(SIM_CONFIG, &ex, only_dirs, alphasort);
	if (n < 0) {
		fprintf(stderr, "tapictl: %s: %s\n", SIM_CONFIG, strerror(errno));
		return EXIT_FAIL;
	}
	if (!n)
		printf("no configured exchanges (the module's own lines are not listed here)\n");
	for (int i = 0; i < n; i++) {
		struct dirent **lines;
		char path[1024], live[8], ms[16];
		int m;

		snprintf(path, sizeof(path), SIM_CONFIG "/%s/live", ex[i]->d_name);
		read_attr(path, live, sizeof(live));
		snprintf(path, sizeof(path), SIM_CONFIG "/%s/no_answer_ms", ex[i]->d_name);
		read_attr(path, ms, sizeof(ms));
		printf("%s  %s  no_answer_ms=%s\n", ex[i]->d_name,
		       live[0] == '1' ? "live" : "not live", ms);
		snprintf(path, sizeof(path), SIM_CONFIG "/%s", ex[i]->d_name);
		m = scandir(path, &lines, only_numbers, alphasort);
		for (int k = 0; k < m; k++) {
			char dev[32];

			snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s/dev", ex[i]->d_name,
				 lines[k]->d_name);
			read_attr(path, dev, sizeof(dev));
			printf("  %s%s%s", lines[k]->d_name, dev[0] ? "  /dev/" : "", dev);
			for (const char *const *key = line_keys; *key; key++) {
				char v[80];

				snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s/%s",
					 ex[i]->d_name, lines[k]->d_name, *key);
				read_attr(path, v, sizeof(v));
				printf("  %s=%s", *key, v);
			}
			printf("\n");
			free(lines[k]);
		}
		if (m >= 0)
			free(lines);
		free(ex[i]);
	}
	free(ex);
	return 0;
}

static int cmd_sim(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "list"))
		return sim_list();
	if (argc >= 5 && !strcmp(argv[1], "add"))
		return sim_add(argv[2], argv[3], argv[4], argc - 5, argv + 5);
	if (argc >= 4 && !strcmp(argv[1], "set")) {
		int num = argv[3][0] >= '0' && argv[3][0] <= '9' && !strchr(argv[3], '=');

		if (argc > 3 + num)
			return sim_set(argv[2], num ? argv[3] : NULL, argc - 3 - num,
				       argv + 3 + num);
	}
	if (argc == 3 && !strcmp(argv[1], "remove"))
		return sim_remove(argv[2]);
	usage(stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "watch", cmd_watch }, { "call", cmd_call }, { "answer", cmd_answer },
		{ "hangup", cmd_hangup }, { "dtmf", cmd_dtmf }, { "play", cmd_play },
		{ "record", cmd_record }, { "compare", cmd_compare }, { "sim", cmd_sim },
		{ "location", cmd_location },
	};

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "list") && argc == 2)
		return cmd_list();
	if ((!strcmp(argv[1], "info") || !strcmp(argv[1], "status")) && argc == 3)
		return cmd_info(argv[2], argv[1][0] == 's');
	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
		if (!strcmp(argv[1], cmds[k].name))
			return cmds[k].fn(argc - 1, argv + 1);
	fprintf(stderr, "tapictl: unknown command or wrong arguments: %s\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
