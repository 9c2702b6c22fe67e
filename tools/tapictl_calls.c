// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapictl call, answer, hangup and dtmf: placing, answering, following and
 * ending calls through libtapi, and what to do once one is connected.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tapi.h>

#include "tapictl.h"

/* Keep track of our call's state from a message. */
void follow(struct call *c, const LINEMESSAGE *m)
{
	if (m->dwMessageID == LINE_CALLSTATE && m->hDevice == c->h) {
		c->state = (DWORD)m->dwParam1;
		if (c->state == LINECALLSTATE_DISCONNECTED)
			c->reason = (DWORD)m->dwParam2;
	}
}

int ended(const struct call *c)
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
void show_caller_id(const struct call *c)
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

int cmd_call(int argc, char **argv)
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

int cmd_answer(int argc, char **argv)
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
int attach(const char *arg, struct call *c, HLINE *line)
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
void detach(struct call *c, HLINE line)
{
	if (!ended(c))
		lineSetCallPrivilege(c->h, LINECALLPRIVILEGE_MONITOR);
	lineDeallocateCall(c->h);
	lineClose(line);
	lineShutdown(app);
}

int cmd_hangup(int argc, char **argv)
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

int cmd_dtmf(int argc, char **argv)
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
