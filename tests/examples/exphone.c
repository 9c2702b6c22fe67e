// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * exphone: the other end of the examples' calls in their tests, a
 * telephone on libtapi that records everything it hears.
 *
 *   exphone answer DEVICE REC.wav
 *       waits for a call (20 s), answers it, records until the far end
 *       hangs up (30 s at most), prints "caller NUMBER"
 *   exphone reject DEVICE
 *       waits for a call (20 s) and hangs up without answering it
 *   exphone call DEVICE NUMBER REC.wav [-w MS] [-d DIGITS] [-p PLAY.wav] [-h MS] [-g MS]
 *       calls NUMBER and records; MS (-w) after it connected sends DIGITS
 *       and starts playing PLAY.wav; hangs up MS (-h) after connecting,
 *       or when the far end does (30 s at most); with -g, gives up (hangs
 *       up) if the call is not answered within MS (0: at once, as soon as
 *       lineMakeCall returned)
 *
 * Exits 0 when the call connected and was recorded (rejected: a call came
 * and was hung up), 1 otherwise.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sndfile.h>
#include <tapi.h>

static HLINEAPP app;

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Wait up to @ms for @call (0: any) to reach @state; the call, or 0. */
static HCALL wait_state(DWORD state, HCALL call, double ms)
{
	double until = now_ms() + ms;
	LINEMESSAGE m;

	while (now_ms() < until)
		if (!lineGetMessage(app, &m, 200) && m.dwMessageID == LINE_CALLSTATE &&
		    m.dwParam1 == state && (!call || m.hDevice == call))
			return m.hDevice;
	return 0;
}

static int audio_fd(HCALL call)
{
	union { VARSTRING v; char buf[64]; } u = { .v.dwTotalSize = sizeof(u) };
	DWORD fd;

	if (lineGetID(0, 0, call, LINECALLSELECT_CALL, &u.v, "tapi/audio"))
		return -1;
	memcpy(&fd, u.buf + u.v.dwStringOffset, sizeof(fd));
	return (int)fd;
}

/* Record @call's audio into @rec until it ends or @hangup_ms pass (0: 30 s). */
static int record(HCALL call, const char *rec, int wait_ms, const char *digits,
		  const char *play, int hangup_ms)
{
	SF_INFO wi = { .samplerate = 8000, .channels = 1,
		       .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	SF_INFO pi = { 0 };
	SNDFILE *out = sf_open(rec, SFM_WRITE, &wi), *in = NULL;
	double t0 = now_ms(), end = t0 + (hangup_ms ? hangup_ms : 30000);
	int fd = audio_fd(call), started = 0;
	short chunk[160];
	LINEMESSAGE m;

	if (!out || fd < 0)
		return 1;
	while (now_ms() < end) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n <= 0)
			break;			/* the call ended */
		sf_write_short(out, chunk, n / 2);
		if (!started && now_ms() >= t0 + wait_ms) {
			started = 1;
			if (digits && lineGenerateDigits(call, LINEDIGITMODE_DTMF, digits, 0))
				fprintf(stderr, "exphone: lineGenerateDigits failed\n");
			if (play && !(in = sf_open(play, SFM_READ, &pi)))
				fprintf(stderr, "exphone: %s: %s\n", play, sf_strerror(NULL));
		}
		if (in) {
			memset(chunk, 0, sizeof(chunk));
			if (sf_read_short(in, chunk, 160) > 0) {
				if (write(fd, chunk, sizeof(chunk)) != sizeof(chunk))
					break;
			} else {
				sf_close(in);
				in = NULL;
			}
		}
		/* the far end hanging up: our call is disconnected */
		while (!lineGetMessage(app, &m, 0))
			if (m.dwMessageID == LINE_CALLSTATE && m.hDevice == call &&
			    m.dwParam1 == LINECALLSTATE_DISCONNECTED)
				end = 0;
	}
	if (in)
		sf_close(in);
	sf_close(out);
	close(fd);
	if (lineDrop(call, NULL, 0) > 0)
		wait_state(LINECALLSTATE_IDLE, call, 3000);
	return 0;
}

int main(int argc, char **argv)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD ndevs, version = 0x00020002;
	int wait_ms = 0, hangup_ms = 0, give_up_ms = 20000, opt, answer, reject, rc = 1;
	const char *digits = NULL, *play = NULL;
	HLINE line;
	HCALL call;

	answer = argc == 4 && !strcmp(argv[1], "answer");
	reject = argc == 3 && !strcmp(argv[1], "reject");
	if (!answer && !reject && (argc < 5 || strcmp(argv[1], "call"))) {
		fprintf(stderr, "usage: see exphone.c\n");
		return 2;
	}
	optind = 5;
	while (!answer && !reject && (opt = getopt(argc, argv, "w:d:p:h:g:")) != -1) {
		switch (opt) {
		case 'w': wait_ms = atoi(optarg); break;
		case 'd': digits = optarg; break;
		case 'p': play = optarg; break;
		case 'h': hangup_ms = atoi(optarg); break;
		case 'g': give_up_ms = atoi(optarg); break;
		default: return 2;
		}
	}
	if (lineInitializeEx(&app, NULL, NULL, "exphone", &ndevs, &version, &p) ||
	    lineOpen(app, (DWORD)atoi(argv[2]), &line, version, 0, 0,
		     answer || reject ? LINECALLPRIVILEGE_OWNER : LINECALLPRIVILEGE_NONE,
		     LINEMEDIAMODE_INTERACTIVEVOICE, NULL)) {
		fprintf(stderr, "exphone: cannot open line %s\n", argv[2]);
		return 1;
	}
	if (reject) {
		printf("ready\n");
		fflush(stdout);
		call = wait_state(LINECALLSTATE_OFFERING, 0, 20000);
		if (call && lineDrop(call, NULL, 0) > 0 && wait_state(LINECALLSTATE_IDLE, call, 3000))
			rc = 0;
		printf("%s\n", rc ? "no call" : "rejected");
		lineShutdown(app);
		return rc;
	}
	if (answer) {
		union { LINECALLINFO i; char buf[1024]; } u = { .i.dwTotalSize = sizeof(u) };

		printf("ready\n");
		fflush(stdout);
		call = wait_state(LINECALLSTATE_OFFERING, 0, 20000);
		if (call && !lineGetCallInfo(call, &u.i) && u.i.dwCallerIDSize)
			printf("caller %s\n", u.buf + u.i.dwCallerIDOffset);
		fflush(stdout);		/* a test may wait for it */
		if (call && lineAnswer(call, NULL, 0) > 0 &&
		    wait_state(LINECALLSTATE_CONNECTED, call, 5000))
			rc = record(call, argv[3], 0, NULL, NULL, 0);
	} else if (lineMakeCall(line, &call, argv[3], 0, NULL) > 0) {
		if (give_up_ms && wait_state(LINECALLSTATE_CONNECTED, call, give_up_ms))
			rc = record(call, argv[4], wait_ms, digits, play, hangup_ms);
		else if (lineDrop(call, NULL, 0) > 0)	/* not answered: give up */
			wait_state(LINECALLSTATE_IDLE, call, 3000);
	}
	printf("%s\n", rc ? "no call" : "recorded");
	lineShutdown(app);
	return rc;
}
