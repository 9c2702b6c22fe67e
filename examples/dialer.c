// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dialer: place one voice call and say how it went.
 *
 *   dialer DEVICE_ID NUMBER [SECONDS]
 *
 * Calls NUMBER from line DEVICE_ID, stays connected SECONDS (default 0)
 * once answered, hangs up, and exits with a code a script can test:
 *
 *   0 connected    3 busy    4 no answer    5 unknown number
 *   6 other failure (rejected, unreachable...)  1 error   2 bad arguments
 *
 * docs/first-application.md walks through this program step by step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tapi.h>

enum outcome { CONNECTED = 0, ERROR = 1, USAGE = 2, BUSY = 3, NOANSWER = 4,
	       UNKNOWN_NUMBER = 5, FAILED = 6 };

static const char *const outcome_text[] = {
	[CONNECTED] = "connected", [ERROR] = "error", [USAGE] = "usage",
	[BUSY] = "busy", [NOANSWER] = "no answer",
	[UNKNOWN_NUMBER] = "unknown number", [FAILED] = "failed",
};

/* Each TAPI call returns 0 (or a request ID), or a negative LINEERR_ code. */
static int fail(const char *what, LONG err)
{
	fprintf(stderr, "dialer: %s failed: LINEERR 0x%08lx\n", what, (unsigned long)err);
	return ERROR;
}

/* What a LINECALLSTATE_DISCONNECTED's mode (param2) means for us. */
static enum outcome disconnect_outcome(DWORD mode)
{
	switch (mode) {
	case LINEDISCONNECTMODE_BUSY:		return BUSY;
	case LINEDISCONNECTMODE_NOANSWER:	return NOANSWER;
	case LINEDISCONNECTMODE_BADADDRESS:	return UNKNOWN_NUMBER;
	default:				return FAILED;
	}
}

/*
 * Follow the call's messages until we know how it went. Returns the
 * outcome; the call may still need dropping (the caller does it).
 */
static enum outcome follow_call(HLINEAPP app, HCALL call, LONG request)
{
	LINEMESSAGE m;

	for (;;) {
		/* Wait for the next message; INFINITE is safe: the exchange ends
		 * every call it cannot complete (busy, no answer, bad number). */
		if (lineGetMessage(app, &m, INFINITE))
			return ERROR;

		switch (m.dwMessageID) {
		case LINE_REPLY:
			/* lineMakeCall's answer: param1 our request ID, param2 the result */
			if ((LONG)m.dwParam1 == request && m.dwParam2) {
				fail("lineMakeCall (LINE_REPLY)", (LONG)m.dwParam2);
				return ERROR;
			}
			break;
		case LINE_CALLSTATE:
			/* hDevice is the call; param1 the new state, param2 its detail */
			if (m.hDevice != call)
				break;
			switch (m.dwParam1) {
			case LINECALLSTATE_DIALTONE:
				printf("dial tone\n");
				break;
			case LINECALLSTATE_DIALING:
				printf("dialing\n");
				break;
			case LINECALLSTATE_PROCEEDING:
				printf("proceeding\n");
				break;
			case LINECALLSTATE_RINGBACK:
				printf("ringing\n");
				break;
			case LINECALLSTATE_CONNECTED:
				return CONNECTED;
			case LINECALLSTATE_BUSY:
				return BUSY;
			case LINECALLSTATE_SPECIALINFO:
				/* the exchange's three rising tones (SIT): no such number */
				return UNKNOWN_NUMBER;
			case LINECALLSTATE_DISCONNECTED:
				return disconnect_outcome((DWORD)m.dwParam2);
			case LINECALLSTATE_IDLE:
				return FAILED;
			}
			break;
		}
		/* other messages (LINE_CALLINFO ...) do not matter here */
	}
}

/* Wait for a call's state to become @state (after lineDrop: IDLE). */
static void wait_state(HLINEAPP app, HCALL call, DWORD state)
{
	LINEMESSAGE m;

	while (!lineGetMessage(app, &m, 5000))
		if (m.dwMessageID == LINE_CALLSTATE && m.hDevice == call && m.dwParam1 == state)
			return;
}

int main(int argc, char **argv)
{
	LINEINITIALIZEEXPARAMS params = { .dwTotalSize = sizeof(params) };
	LINEEXTENSIONID ext;
	DWORD num_devs, api_version = 0x00020002, device;
	HLINEAPP app;
	HLINE line;
	HCALL call;
	LONG r;
	enum outcome result;
	int talk_seconds = argc > 3 ? atoi(argv[3]) : 0;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: dialer DEVICE_ID NUMBER [SECONDS]\n");
		return USAGE;
	}
	device = (DWORD)strtoul(argv[1], NULL, 10);

	/* 1. Initialise: messages come through lineGetMessage (an event fd). */
	params.dwOptions = LINEINITIALIZEEXOPTION_USEEVENT;
	r = lineInitializeEx(&app, NULL, NULL, "dialer", &num_devs, &api_version, &params);
	if (r)
		return fail("lineInitializeEx", r);
	if (device >= num_devs) {
		fprintf(stderr, "dialer: no line device %lu (there are %lu)\n",
			(unsigned long)device, (unsigned long)num_devs);
		lineShutdown(app);
		return USAGE;
	}

	/* 2. Agree on a TAPI version with this line: 2.0 up to 2.2. */
	r = lineNegotiateAPIVersion(app, device, 0x00020000, 0x00020002, &api_version, &ext);
	if (r) {
		lineShutdown(app);
		return fail("lineNegotiateAPIVersion", r);
	}

	/* 3. Open the line. We only make calls: no privilege for incoming ones. */
	r = lineOpen(app, device, &line, api_version, 0, 0, LINECALLPRIVILEGE_NONE,
		     LINEMEDIAMODE_INTERACTIVEVOICE, NULL);
	if (r) {
		lineShutdown(app);
		return fail("lineOpen", r);
	}

	/* 4. Make the call: asynchronous, a request ID now, LINE_REPLY later. */
	printf("calling %s on line %lu\n", argv[2], (unsigned long)device);
	r = lineMakeCall(line, &call, argv[2], 0, NULL);
	if (r < 0) {
		lineShutdown(app);
		return fail("lineMakeCall", r);
	}

	/* 5. Follow LINE_REPLY and LINE_CALLSTATE until we know the outcome. */
	result = follow_call(app, call, r);
	printf("%s\n", outcome_text[result]);
	if (result == CONNECTED && talk_seconds > 0)
		sleep((unsigned int)talk_seconds);

	/* 6. Hang up (every outcome leaves a call to drop), free the handle. */
	if (result != ERROR && lineDrop(call, NULL, 0) > 0)
		wait_state(app, call, LINECALLSTATE_IDLE);
	lineDeallocateCall(call);

	/* 7. Shut down: closes the line and frees everything. */
	lineShutdown(app);
	return result;
}
