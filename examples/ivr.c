// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ivr: a small interactive voice response menu.
 *
 *   ivr DEVICE_ID PROMPT.wav [CALLS]
 *
 * Waits for calls on line DEVICE_ID (CALLS of them, default: forever).
 * For each: answers, plays PROMPT.wav (any file libsndfile reads, 8 kHz
 * mono: the line's own format), then gathers one digit with
 * lineGatherDigits and branches:
 *
 *   1  "sales":    plays a 600 Hz tone for a second
 *   2  "support":  plays a 1000 Hz tone for a second
 *   other digit:   plays busy tone ("invalid choice"), asks again
 *   no digit within 5 s: asks again; after the third try says goodbye
 *                  (a 400 Hz tone) and hangs up
 *
 * Every step is logged to standard output, one line each.
 *
 * Messages come from lineGetMessage; the prompt goes through the call's
 * audio descriptor (lineGetID "tapi/audio": 16-bit samples, 20 ms chunks),
 * the result tones through lineGenerateTone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>
#include <tapi.h>

#define TRIES 3
#define FIRST_DIGIT_MS 5000

static HLINEAPP app;

/* Wait for the next message about @call of kind @id (and, unless 0,
 * param1 @p1); 0 with it in *m, or -1 when the call went away first. */
static int wait_for(HCALL call, DWORD id, DWORD p1, LINEMESSAGE *m)
{
	while (!lineGetMessage(app, m, INFINITE)) {
		if (m->hDevice != call)
			continue;
		if (m->dwMessageID == id && (!p1 || m->dwParam1 == p1))
			return 0;
		/* the caller hung up: stop whatever we were waiting for */
		if (m->dwMessageID == LINE_CALLSTATE &&
		    (m->dwParam1 == LINECALLSTATE_DISCONNECTED || m->dwParam1 == LINECALLSTATE_IDLE))
			return -1;
	}
	return -1;
}

/* Play a WAV file into the call through its audio descriptor. */
static int play_file(HCALL call, const char *path)
{
	union { VARSTRING v; char buf[64]; } id = { .v.dwTotalSize = sizeof(id) };
	SF_INFO info = { 0 };
	SNDFILE *f;
	short chunk[160];	/* 20 ms at 8 kHz */
	DWORD fd;
	int ok = 0;

	if (lineGetID(0, 0, call, LINECALLSELECT_CALL, &id.v, "tapi/audio"))
		return -1;
	memcpy(&fd, id.buf + id.v.dwStringOffset, sizeof(fd));
	f = sf_open(path, SFM_READ, &info);
	if (!f || info.samplerate != 8000 || info.channels != 1) {
		fprintf(stderr, "ivr: %s: not an 8 kHz mono audio file\n", path);
		ok = -1;
	}
	/* write() queues at most a little ahead and then waits: real time */
	while (!ok) {
		sf_count_t n = sf_read_short(f, chunk, 160);

		if (n <= 0)
			break;
		memset(chunk + n, 0, (160 - n) * sizeof(short));
		if (write((int)fd, chunk, sizeof(chunk)) != sizeof(chunk))
			ok = -1;	/* the call ended under us */
	}
	if (f)
		sf_close(f);
	usleep(160 * 1000);	/* let the last queued 128 ms go out before closing */
	close((int)fd);
	return ok;
}

/* Play a steady tone of @hz for @ms (0: the line's busy tone) and wait. */
static int play_tone(HCALL call, DWORD hz, DWORD ms)
{
	LINEGENERATETONE tone = { .dwFrequency = hz, .dwVolume = 0x8000 };
	LINEMESSAGE m;

	if (lineGenerateTone(call, hz ? LINETONEMODE_CUSTOM : LINETONEMODE_BUSY, ms,
			     hz ? 1 : 0, hz ? &tone : NULL))
		return -1;
	/* LINE_GENERATE comes when the duration is over */
	return wait_for(call, LINE_GENERATE, 0, &m);
}

/* Hang up (or clear a call the caller already left) and free its handle. */
static void hang_up(HCALL call)
{
	LINEMESSAGE m;

	if (lineDrop(call, NULL, 0) > 0)
		while (!lineGetMessage(app, &m, 5000))
			if (m.dwMessageID == LINE_CALLSTATE && m.hDevice == call &&
			    m.dwParam1 == LINECALLSTATE_IDLE)
				break;
	lineDeallocateCall(call);
}

/* The menu, on a connected call. */
static void menu(HCALL call, const char *prompt)
{
	char digit[2];
	LINEMESSAGE m;
	int try;

	for (try = 1; try <= TRIES; try++) {
		printf("prompt: playing %s (try %d)\n", prompt, try);
		if (play_file(call, prompt))
			return;
		/* one digit, no termination digits; 5 s for it to come */
		memset(digit, 0, sizeof(digit));
		if (lineGatherDigits(call, LINEDIGITMODE_DTMF, digit, 1, NULL, FIRST_DIGIT_MS, 0))
			return;
		printf("gathering: waiting %d ms for a digit\n", FIRST_DIGIT_MS);
		if (wait_for(call, LINE_GATHERDIGITS, 0, &m))
			return;
		/* param1 says why gathering ended */
		if (m.dwParam1 & LINEGATHERTERM_FIRSTTIMEOUT) {
			printf("timeout: no digit\n");
			continue;
		}
		printf("digit: %s\n", digit);
		if (digit[0] == '1') {
			printf("branch: sales (600 Hz)\n");
			play_tone(call, 600, 1000);
			return;
		} else if (digit[0] == '2') {
			printf("branch: support (1000 Hz)\n");
			play_tone(call, 1000, 1000);
			return;
		}
		printf("branch: invalid choice (busy tone)\n");
		if (play_tone(call, 0, 1000))
			return;
	}
	printf("branch: goodbye (400 Hz)\n");
	play_tone(call, 400, 1000);
}

int main(int argc, char **argv)
{
	LINEINITIALIZEEXPARAMS params = { .dwTotalSize = sizeof(params),
					  .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD num_devs, version = 0x00020002;
	int calls = argc > 3 ? atoi(argv[3]) : -1;
	LINEMESSAGE m;
	HLINE line;
	HCALL call;

	/* a log line reaches a file or pipe as it is printed */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: ivr DEVICE_ID PROMPT.wav [CALLS]\n");
		return 2;
	}
	/* we take voice calls: the owner privilege for that media mode */
	if (lineInitializeEx(&app, NULL, NULL, "ivr", &num_devs, &version, &params) ||
	    lineOpen(app, (DWORD)atoi(argv[1]), &line, version, 0, 0,
		     LINECALLPRIVILEGE_OWNER, LINEMEDIAMODE_INTERACTIVEVOICE, NULL)) {
		fprintf(stderr, "ivr: cannot open line %s\n", argv[1]);
		return 1;
	}
	printf("waiting for calls on line %s\n", argv[1]);

	while (calls != 0 && !lineGetMessage(app, &m, INFINITE)) {
		/* a new call is offered: LINE_CALLSTATE OFFERING names it */
		if (m.dwMessageID != LINE_CALLSTATE || m.dwParam1 != LINECALLSTATE_OFFERING)
			continue;
		call = m.hDevice;
		printf("call: offered, answering\n");
		if (lineAnswer(call, NULL, 0) > 0 &&
		    !wait_for(call, LINE_CALLSTATE, LINECALLSTATE_CONNECTED, &m))
			menu(call, argv[2]);
		hang_up(call);
		printf("call: ended\n");
		if (calls > 0)
			calls--;
	}
	lineShutdown(app);
	return 0;
}
