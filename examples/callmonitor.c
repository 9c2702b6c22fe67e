// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * callmonitor: log every call on every line.
 *
 *   callmonitor [-s] [-c CALLS] [-t SECONDS]
 *
 * Opens every line device with LINECALLPRIVILEGE_MONITOR, and the lines
 * that appear later (LINE_CREATE): it sees every call, incoming or
 * outgoing, made by any application or by the line's telephone, and
 * changes none. When a call ends it prints one line, at once:
 *
 *   2026-11-30 08:43:52 line 1001: out from 1001 to 1002, answered, talked 3.0 s, 3.1 s in all
 *   2026-11-30 08:44:09 line 2001: in from 2002 (Front Desk) to 2001, no answer, 5.2 s in all
 *
 * when the call began, the line, the direction (in or out), the caller's
 * number and name (once caller ID gave it), the number called, the
 * outcome, and how long it lasted:
 *
 *   answered         the call connected (with how long it talked)
 *   busy             the called line was busy
 *   no answer        nobody answered before the exchange gave up
 *   unknown number   no such number (the exchange's three rising tones)
 *   rejected         the called line hung up without answering
 *   abandoned        the caller hung up before an answer
 *   unreachable, failed ...  the call could not be made
 *
 * A call between two monitored lines is logged on each: "out" on the
 * caller's line, "in" on the called one. A caller who withheld the
 * number is "private". What nobody told is "unknown": the number a
 * telephone dialed (the exchange does not report it), or the other party
 * of a call that ended before libtapi asked the kernel about it and that
 * the kernel no longer describes (it keeps an open line's last 8 ended
 * calls: a monitor stopped for longer loses the older ones). Such a call
 * is logged all the same, with the direction and outcome its messages
 * tell; its times are when they were read.
 *
 * Calls already under way when it opens a line (lineGetNewCalls) are
 * logged too, their times counted from then and marked so.
 *
 * With -s it also prints a line when each call begins. It runs until
 * SIGINT or SIGTERM, or until it has logged CALLS calls (-c) or SECONDS
 * have passed (-t); then it shuts TAPI down and exits 0.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tapi.h>

#define MAX_CALLS 64
#define MAX_LINES 256

/* What we keep of a call while it lasts. */
struct call {
	HCALL handle;			/* 0: a free slot */
	DWORD line;			/* device ID of its line */
	int outbound;			/* -1: not known yet */
	int announced;			/* its start was printed (-s) */
	int joined;			/* under way when we began to watch it */
	const char *outcome;		/* NULL until known */
	double start, connected, ended;	/* CLOCK_MONOTONIC seconds; 0: not (yet) */
	time_t began;			/* wall-clock start, for the log */
	char from[32], name[64], to[64];	/* caller ID, the number called */
};

static struct call calls[MAX_CALLS];
static HLINE lines[MAX_LINES];		/* each open line's handle, by device ID */
static char numbers[MAX_LINES][32];	/* and its number */
static int show_start;			/* -s */
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* The device ID of an open line's handle; MAX_LINES if it is none of ours. */
static DWORD device_of(HLINE h)
{
	DWORD id = 0;

	while (id < MAX_LINES && (!h || lines[id] != h))
		id++;
	return id;
}

static struct call *find(HCALL h)
{
	for (int i = 0; i < MAX_CALLS; i++)
		if (h && calls[i].handle == h)
			return &calls[i];
	return NULL;
}

static struct call *add(HCALL h, DWORD line)
{
	for (int i = 0; i < MAX_CALLS; i++)
		if (!calls[i].handle) {
			calls[i] = (struct call){ .handle = h, .line = line, .outbound = -1,
						  .start = now(), .began = time(NULL) };
			return &calls[i];
		}
	return NULL;	/* more calls at once than we keep: not logged */
}

/* Keep a string of LINECALLINFO (its size and offset), unless it is empty. */
static void keep(char *to, size_t len, const LINECALLINFO *i, DWORD size, DWORD offset)
{
	if (size > 1)
		snprintf(to, len, "%s", (const char *)i + offset);
}

/*
 * What LINECALLINFO says of the call: its direction and parties.
 * Asked when the call appears and whenever LINE_CALLINFO says it changed.
 * libtapi keeps the last it knew of a call that has ended, and the kernel
 * still describes a line's last few ended calls to libtapi; a call older
 * than that when libtapi first saw it has nothing, and then the first
 * state the call had tells its direction (call_state).
 */
static void update_info(struct call *c)
{
	union { LINECALLINFO i; char buf[2048]; } u = { .i.dwTotalSize = sizeof(u) };

	if (lineGetCallInfo(c->handle, &u.i))
		return;
	if (u.i.dwOrigin & LINECALLORIGIN_OUTBOUND)
		c->outbound = 1;
	else if (u.i.dwOrigin & (LINECALLORIGIN_INTERNAL | LINECALLORIGIN_EXTERNAL |
				 LINECALLORIGIN_INBOUND))
		c->outbound = 0;
	keep(c->from, sizeof(c->from), &u.i, u.i.dwCallerIDSize, u.i.dwCallerIDOffset);
	/* no number: caller ID may say why */
	if (u.i.dwCallerIDFlags & LINECALLPARTYID_BLOCKED)
		snprintf(c->from, sizeof(c->from), "private");
	else if (u.i.dwCallerIDFlags & LINECALLPARTYID_OUTOFAREA)
		snprintf(c->from, sizeof(c->from), "unavailable");
	keep(c->name, sizeof(c->name), &u.i, u.i.dwCallerIDNameSize, u.i.dwCallerIDNameOffset);
	keep(c->to, sizeof(c->to), &u.i, u.i.dwCalledIDSize, u.i.dwCalledIDOffset);
}

/* "in from 1001 (Line 1001) to 1002": who called whom, as far as we know. */
static void describe(const struct call *c, char *s, size_t len)
{
	const char *line = c->line < MAX_LINES ? numbers[c->line] : "";
	/* a call the line made comes from the line; one it received was to it */
	const char *from = *c->from ? c->from : c->outbound == 1 ? line : "unknown";
	const char *to = *c->to ? c->to : c->outbound == 0 ? line : "unknown";

	snprintf(s, len, "line %s: %s from %s%s%s%s to %s", line,
		 c->outbound == 1 ? "out" : c->outbound == 0 ? "in" : "?", from,
		 *c->name ? " (" : "", c->name, *c->name ? ")" : "", to);
}

/* The call is over: log it, and free its handle (a monitor's own to free). */
static void log_call(struct call *c)
{
	double end = c->ended ? c->ended : now();
	char when[32], who[200], talk[32] = "";

	if (!c->outcome)
		/*
		 * It never connected, and no reason was given: someone hung
		 * up. Without a LINECALLSTATE_DISCONNECTED (the far end's
		 * doing) it was this line, its application or telephone.
		 */
		c->outcome = !c->ended ? (c->outbound == 0 ? "rejected" : "abandoned") :
			     c->outbound == 0 ? "abandoned" : "failed";
	if (c->connected)
		snprintf(talk, sizeof(talk), ", talked %.1f s", end - c->connected);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime(&c->began));
	describe(c, who, sizeof(who));
	printf("%s %s, %s%s, %.1f s in all%s\n", when, who, c->outcome, talk, end - c->start,
	       c->joined ? " (under way when the monitor started)" : "");
	fflush(stdout);		/* a pipe or a file sees each call as it ends */
	lineDeallocateCall(c->handle);
	c->handle = 0;
}

/* Why a call that never connected was disconnected (LINEDISCONNECTMODE_*). */
static const char *disconnect_reason(DWORD mode)
{
	switch (mode) {
	case LINEDISCONNECTMODE_BUSY:		return "busy";
	case LINEDISCONNECTMODE_NOANSWER:	return "no answer";
	case LINEDISCONNECTMODE_BADADDRESS:	return "unknown number";
	case LINEDISCONNECTMODE_REJECT:		return "rejected";
	case LINEDISCONNECTMODE_UNREACHABLE:	return "unreachable";
	case LINEDISCONNECTMODE_NORMAL:		/* the far end hung up: see log_call */
	case LINEDISCONNECTMODE_UNKNOWN:	return NULL;
	default:				return "failed";
	}
}

/*
 * One LINE_CALLSTATE (param1 the state, param2 its mode). Returns 1 when
 * the call ended and was logged.
 */
static int call_state(struct call *c, DWORD state, DWORD mode)
{
	/* the first state tells the direction when LINECALLINFO could not */
	if (c->outbound < 0 && !c->joined && state != LINECALLSTATE_IDLE &&
	    state != LINECALLSTATE_DISCONNECTED)
		c->outbound = !(state & (LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED));
	if (show_start && !c->announced) {
		char when[32], who[200];

		c->announced = 1;
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", localtime(&c->began));
		describe(c, who, sizeof(who));
		printf("%s %s, begins\n", when, who);
		fflush(stdout);
	}
	switch (state) {
	case LINECALLSTATE_CONNECTED:
		if (!c->connected)
			c->connected = now();
		c->outcome = "answered";
		break;
	case LINECALLSTATE_BUSY:
		c->outcome = "busy";
		break;
	case LINECALLSTATE_SPECIALINFO:
		c->outcome = "unknown number";
		break;
	case LINECALLSTATE_DISCONNECTED:
		c->ended = now();	/* when it ended for the people on it */
		if (!c->outcome)
			c->outcome = disconnect_reason(mode);
		break;
	case LINECALLSTATE_IDLE:
		log_call(c);
		return 1;
	}
	return 0;
}

/*
 * The calls already under way on a line just opened: no message announces
 * them, lineGetNewCalls gives us handles for them. They are logged like
 * the others, their times counted from now.
 */
static void join_calls(HLINE line, DWORD id)
{
	union { LINECALLLIST l; char buf[512]; } u = { .l.dwTotalSize = sizeof(u) };

	if (lineGetNewCalls(line, 0, LINECALLSELECT_LINE, &u.l))
		return;
	for (DWORD i = 0; i < u.l.dwCallsNumEntries; i++) {
		union { LINECALLSTATUS s; char buf[256]; } st = { .s.dwTotalSize = sizeof(st) };
		struct call *c;
		HCALL h;

		memcpy(&h, u.buf + u.l.dwCallsOffset + i * sizeof(h), sizeof(h));
		c = add(h, id);
		if (!c)
			continue;
		c->joined = 1;
		update_info(c);
		/* its present state: connected, say, or ringing */
		if (!lineGetCallStatus(h, &st.s))
			call_state(c, st.s.dwCallState, st.s.dwCallStateMode);
	}
}

/* Open line @id to watch it, and learn its number (its address 0's). */
static void monitor_line(HLINEAPP app, DWORD id)
{
	union { LINEADDRESSCAPS c; char buf[1024]; } u = { .c.dwTotalSize = sizeof(u) };
	LINEEXTENSIONID ext;
	HLINE line;
	DWORD v;

	if (id >= MAX_LINES ||
	    lineNegotiateAPIVersion(app, id, 0x00020000, 0x00020002, &v, &ext) ||
	    lineOpen(app, id, &line, v, 0, 0, LINECALLPRIVILEGE_MONITOR,
		     LINEMEDIAMODE_INTERACTIVEVOICE, NULL))
		return;		/* a device that went away already, say */
	if (!lineGetAddressCaps(app, id, 0, v, 0, &u.c) && u.c.dwAddressSize)
		snprintf(numbers[id], sizeof(numbers[id]), "%s", u.buf + u.c.dwAddressOffset);
	else
		snprintf(numbers[id], sizeof(numbers[id]), "#%lu", (unsigned long)id);
	lines[id] = line;
	printf("monitoring line %s (device %lu)\n", numbers[id], (unsigned long)id);
	join_calls(line, id);
}

/* A count from the command line: a number >= 0, or -1. */
static int count(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= 0 && v <= 1000000 ? (int)v : -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: callmonitor [-s] [-c CALLS] [-t SECONDS]\n");
	return 2;
}

int main(int argc, char **argv)
{
	LINEINITIALIZEEXPARAMS params = { .dwTotalSize = sizeof(params),
					  .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	struct sigaction sa = { .sa_handler = on_signal };
	DWORD num_devs, version = 0x00020002;
	int opt, max_calls = 0, seconds = 0, logged = 0;
	sigset_t stop_signals, while_waiting;
	double deadline;
	HLINEAPP app;

	while ((opt = getopt(argc, argv, "sc:t:")) != -1) {
		switch (opt) {
		case 's': show_start = 1; break;
		case 'c': max_calls = count(optarg); break;
		case 't': seconds = count(optarg); break;
		default: return usage();
		}
		if (max_calls < 0 || seconds < 0)
			return usage();
	}
	if (optind < argc)
		return usage();
	deadline = now() + (seconds ? seconds : 1e9);

	/*
	 * SIGINT and SIGTERM stay blocked but while ppoll() waits: they end
	 * the wait, never a TAPI call halfway, and libtapi's threads (started
	 * by lineInitializeEx, with this mask) never take them.
	 */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop_signals, &while_waiting);
	sigdelset(&while_waiting, SIGINT);
	sigdelset(&while_waiting, SIGTERM);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* Messages by lineGetMessage; its descriptor lets ppoll() wait. */
	if (lineInitializeEx(&app, NULL, NULL, "callmonitor", &num_devs, &version, &params)) {
		fprintf(stderr, "callmonitor: lineInitializeEx failed\n");
		return 1;
	}
	for (DWORD id = 0; id < num_devs; id++)
		monitor_line(app, id);
	fflush(stdout);

	while (!stop && now() < deadline && (!max_calls || logged < max_calls)) {
		struct pollfd pfd = { .fd = TAPI_HANDLE_FD(params.Handles.hEvent),
				      .events = POLLIN };
		double left = deadline - now();
		struct timespec wait = { .tv_sec = (time_t)left,
					 .tv_nsec = (long)((left - (time_t)left) * 1e9) };
		LINEMESSAGE m;
		struct call *c;
		DWORD id;

		/* until a message, the time is up, or a signal came */
		ppoll(&pfd, 1, &wait, &while_waiting);
		/* every message pending (a timeout of 0 does not wait): a
		 * call that ended just before a signal is logged too */
		while ((!max_calls || logged < max_calls) && !lineGetMessage(app, &m, 0)) {
			switch (m.dwMessageID) {
			case LINE_APPNEWCALL:
				/* a call we had not seen: hDevice is its line,
				 * param2 our handle for the call */
				c = add((HCALL)m.dwParam2, device_of((HLINE)m.hDevice));
				if (c)
					update_info(c);
				break;
			case LINE_CALLSTATE:
				/* hDevice is the call, param1 its state, param2 the mode */
				c = find((HCALL)m.hDevice);
				if (!c)
					break;
				if (m.dwParam1 != LINECALLSTATE_IDLE)
					update_info(c);
				logged += call_state(c, (DWORD)m.dwParam1, (DWORD)m.dwParam2);
				break;
			case LINE_CALLINFO:
				/* the parties may have changed (caller ID, say) */
				if ((c = find((HCALL)m.hDevice)))
					update_info(c);
				break;
			case LINE_CREATE:
				/* a line appeared (an exchange configured, a card
				 * plugged in): param1 is its new device ID */
				monitor_line(app, (DWORD)m.dwParam1);
				fflush(stdout);
				break;
			case LINE_CLOSE:
				/* a line went away: its calls ended before it */
				id = device_of((HLINE)m.hDevice);
				if (id < MAX_LINES) {
					printf("line %s went away\n", numbers[id]);
					fflush(stdout);
					lines[id] = 0;
				}
				break;
			}
		}
	}
	lineShutdown(app);
	return 0;
}
