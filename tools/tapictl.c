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
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/tapi.h>
#include <tapi.h>

#include "tapictl.h"

void usage(FILE *f)
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

double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ names */

const char *name_of(const struct name *t, DWORD v)
{
	for (; t->s; t++)
		if (t->v == v)
			return t->s;
	return NULL;
}

/* Flags as "A|B", the unnamed rest in hex. */
const char *flags_of(const struct name *t, DWORD v, char *buf, size_t len)
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

const struct name disconnects[] = {
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

const struct name devstates[] = {
	N(LINEDEVSTATE_, OTHER), N(LINEDEVSTATE_, RINGING), N(LINEDEVSTATE_, CONNECTED),
	N(LINEDEVSTATE_, DISCONNECTED), N(LINEDEVSTATE_, MSGWAITON),
	N(LINEDEVSTATE_, MSGWAITOFF), N(LINEDEVSTATE_, INSERVICE),
	N(LINEDEVSTATE_, OUTOFSERVICE), N(LINEDEVSTATE_, MAINTENANCE), N(LINEDEVSTATE_, OPEN),
	N(LINEDEVSTATE_, CLOSE), N(LINEDEVSTATE_, NUMCALLS), N(LINEDEVSTATE_, TERMINALS),
	N(LINEDEVSTATE_, REINIT), N(LINEDEVSTATE_, LOCK), N(LINEDEVSTATE_, CAPSCHANGE),
	N(LINEDEVSTATE_, CONFIGCHANGE), N(LINEDEVSTATE_, REMOVED), { 0, NULL }
};

const struct name statusflags[] = {
	N(LINEDEVSTATUSFLAGS_, CONNECTED), N(LINEDEVSTATUSFLAGS_, MSGWAIT),
	N(LINEDEVSTATUSFLAGS_, INSERVICE), N(LINEDEVSTATUSFLAGS_, LOCKED), { 0, NULL }
};

const struct name mediamodes[] = {
	N(LINEMEDIAMODE_, UNKNOWN), N(LINEMEDIAMODE_, INTERACTIVEVOICE),
	N(LINEMEDIAMODE_, AUTOMATEDVOICE), N(LINEMEDIAMODE_, DATAMODEM),
	N(LINEMEDIAMODE_, G3FAX), N(LINEMEDIAMODE_, TDD), N(LINEMEDIAMODE_, G4FAX),
	N(LINEMEDIAMODE_, DIGITALDATA), { 0, NULL }
};

const struct name digitmodes[] = {
	N(LINEDIGITMODE_, PULSE), N(LINEDIGITMODE_, DTMF), N(LINEDIGITMODE_, DTMFEND),
	{ 0, NULL }
};

const struct name tonemodes[] = {
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

const char *err_name(LONG e)
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

const char *state_name(DWORD s)
{
	const char *n = name_of(callstates, s);

	return n ? n : "?";
}

/* ------------------------------------------------------------ libtapi */

HLINEAPP app;
DWORD num_devs;
int msg_fd;		/* readable while messages wait */
static const char *label = "";	/* the line's number, before each message */

/* Start libtapi with the event descriptor option; 0 or an exit status. */
int tapi_start(void)
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
void *vstruct(size_t size)
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
const char *vstr(const void *s, DWORD size, DWORD offset, char *buf, size_t len)
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

LINEDEVCAPS *dev_caps(DWORD dev)
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
int is_phone(const char *arg)
{
	const char *base = strrchr(arg, '/');

	return !strncmp(base ? base + 1 : arg, "tapiphone", 9);
}

/* N of "tapiN", "N", "/dev/tapiN" (or the phone forms); -1 if malformed. */
long dev_number(const char *arg)
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
long line_arg(const char *arg, int *status)
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

void line_address(DWORD dev, char *buf, size_t len)
{
	LINEADDRESSCAPS *a = vstruct(4096);

	buf[0] = 0;
	if (!lineGetAddressCaps(app, dev, 0, API_VERSION, 0, a))
		vstr(a, a->dwAddressSize, a->dwAddressOffset, buf, len);
	free(a);
}

/* Open line @dev with @priv (and @media for owners); 0 or an exit status. */
int open_line(DWORD dev, DWORD priv, DWORD media, HLINE *line)
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
void timeline(const char *fmt, ...)
{
	va_list ap;

	printf("%12.6f  %-6s ", now_s(), label);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void print_message(const LINEMESSAGE *m)
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
int next_message(double timeout_s, LINEMESSAGE *m)
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
int poll_message(DWORD ms, LINEMESSAGE *m)
{
	if (lineGetMessage(app, m, ms))
		return 0;
	print_message(m);
	return 1;
}

int seconds_arg(int opt, const char *arg, double *v)
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

int count_arg(int opt, const char *arg, long max, long *v)
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
