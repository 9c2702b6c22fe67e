// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * voicemail: an answering machine with a mailbox directory.
 *
 *   voicemail answer DEVICE_ID MAILBOX GREETING.wav RINGS [CALLS]
 *       Takes the calls of line DEVICE_ID (CALLS of them, default: forever):
 *       lets each ring RINGS times, answers, plays GREETING.wav and a beep,
 *       and records the caller until 4 s of silence, the caller hanging up
 *       or 2 minutes. The message is stored as MAILBOX/NUMBER-YYYYMMDD-HHMMSS.wav
 *       (the caller's number from caller ID, "unknown" when withheld), with
 *       the caller and time in the file's comment too.
 *   voicemail play DEVICE_ID MAILBOX NUMBER
 *       Calls the mailbox owner at NUMBER from line DEVICE_ID and plays the
 *       messages, oldest first, each after a beep; then hangs up.
 *
 * Audio goes through the call's descriptors (lineGetID "tapi/audio":
 * 8 kHz, 16-bit samples, 20 ms chunks); libsndfile reads and writes the
 * files, which must be 8 kHz mono.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sndfile.h>
#include <tapi.h>

#define CHUNK 160			/* samples in 20 ms */
#define SILENCE_RMS 100			/* quieter than this is silence (-50 dBFS) */
#define SILENCE_CHUNKS (4000 / 20)	/* 4 s of it ends a message */
#define MAX_CHUNKS (120000 / 20)	/* 2 minutes at most */

static HLINEAPP app;

/* Wait for a message about @call of kind @id (param1 @p1 unless 0).
 * 0 with it in *m; -1 if the call was disconnected (or found busy) first.
 * (The exchange ends every call that cannot go on, so this wait ends.) */
static int wait_for(HCALL call, DWORD id, DWORD p1, LINEMESSAGE *m)
{
	while (!lineGetMessage(app, m, INFINITE)) {
		if (m->hDevice != call)
			continue;
		if (m->dwMessageID == id && (!p1 || m->dwParam1 == p1))
			return 0;
		if (m->dwMessageID == LINE_CALLSTATE &&
		    (m->dwParam1 == LINECALLSTATE_DISCONNECTED || m->dwParam1 == LINECALLSTATE_IDLE ||
		     m->dwParam1 == LINECALLSTATE_BUSY))
			return -1;
	}
	return -1;
}

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

/* A new descriptor for the call's audio, or -1. */
static int audio_fd(HCALL call)
{
	union { VARSTRING v; char buf[64]; } id = { .v.dwTotalSize = sizeof(id) };
	DWORD fd;

	if (lineGetID(0, 0, call, LINECALLSELECT_CALL, &id.v, "tapi/audio"))
		return -1;
	memcpy(&fd, id.buf + id.v.dwStringOffset, sizeof(fd));
	return (int)fd;
}

/* Play an 8 kHz mono file into the call; 0, or -1 when the call ended. */
static int play_file(HCALL call, const char *path)
{
	SF_INFO info = { 0 };
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	short chunk[CHUNK];
	int fd, ok = 0;

	if (!f || info.samplerate != 8000 || info.channels != 1) {
		fprintf(stderr, "voicemail: %s: not an 8 kHz mono audio file\n", path);
		if (f)
			sf_close(f);
		return 0;	/* skip it; the call goes on */
	}
	fd = audio_fd(call);
	while (fd >= 0) {
		sf_count_t n = sf_read_short(f, chunk, CHUNK);

		if (n <= 0)
			break;
		memset(chunk + n, 0, (CHUNK - n) * sizeof(short));
		/* write() blocks while 128 ms are queued: it keeps real time */
		if (write(fd, chunk, sizeof(chunk)) != sizeof(chunk)) {
			ok = -1;
			break;
		}
	}
	usleep(160 * 1000);	/* let the last queued 128 ms go out */
	if (fd >= 0)
		close(fd);
	sf_close(f);
	return fd < 0 ? -1 : ok;
}

/* The line's beep (1 kHz, 250 ms), waited for. */
static int beep(HCALL call)
{
	LINEMESSAGE m;

	if (lineGenerateTone(call, LINETONEMODE_BEEP, 0, 0, NULL))
		return -1;
	return wait_for(call, LINE_GENERATE, 0, &m);
}

/* Record the caller into @path until silence, hang-up or the time limit. */
static void record(HCALL call, const char *path, const char *comment)
{
	SF_INFO info = { .samplerate = 8000, .channels = 1,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	char tmp[4200];
	SNDFILE *f;
	short chunk[CHUNK];
	int fd = audio_fd(call), quiet = 0, n = 0, heard = 0, i;
	LINEMESSAGE m;

	/* written under a temporary name: a reader never sees half a message */
	snprintf(tmp, sizeof(tmp), "%s.part", path);
	f = sf_open(tmp, SFM_WRITE, &info);
	if (!f || fd < 0) {
		fprintf(stderr, "voicemail: cannot record to %s\n", tmp);
		if (f)
			sf_close(f);
		if (fd >= 0)
			close(fd);
		return;
	}
	sf_set_string(f, SF_STR_COMMENT, comment);
	for (n = 0; n < MAX_CHUNKS && quiet < SILENCE_CHUNKS; n++) {
		double energy = 0;

		if (read(fd, chunk, sizeof(chunk)) != sizeof(chunk))
			break;			/* the call is over */
		sf_write_short(f, chunk, CHUNK);
		for (i = 0; i < CHUNK; i++)
			energy += (double)chunk[i] * chunk[i];
		if (sqrt(energy / CHUNK) < SILENCE_RMS) {
			quiet++;
		} else {
			quiet = 0;
			heard = 1;
		}
		/* the caller hung up: our call is disconnected */
		if (!lineGetMessage(app, &m, 0) && m.dwMessageID == LINE_CALLSTATE &&
		    m.hDevice == call && m.dwParam1 == LINECALLSTATE_DISCONNECTED)
			break;
	}
	close(fd);
	sf_close(f);
	if (!heard) {
		printf("nothing said: no message kept\n");
		unlink(tmp);
	} else if (rename(tmp, path)) {
		perror("voicemail: rename");
	} else {
		printf("message: %s, %.1f s, ended by %s\n", path, n * 0.02,
		       quiet >= SILENCE_CHUNKS ? "silence" : n >= MAX_CHUNKS ? "time limit" :
		       "hang-up");
	}
}

/* Answer one call that rang enough: greeting, beep, message. */
static void take_message(HCALL call, const char *mailbox, const char *greeting)
{
	union { LINECALLINFO i; char buf[2048]; } u = { .i.dwTotalSize = sizeof(u) };
	char caller[64] = "unknown", path[4096], comment[160], stamp[32];
	time_t now = time(NULL);
	LINEMESSAGE m;
	char *c;

	/* caller ID: a number when the network gave one */
	if (!lineGetCallInfo(call, &u.i) && (u.i.dwCallerIDFlags & LINECALLPARTYID_ADDRESS) &&
	    u.i.dwCallerIDSize > 1)
		snprintf(caller, sizeof(caller), "%s", u.buf + u.i.dwCallerIDOffset);
	for (c = caller; *c; c++)	/* it goes into a file name */
		if (*c == '/')
			*c = '_';
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&now));
	snprintf(path, sizeof(path), "%s/%s-%s.wav", mailbox, caller, stamp);
	snprintf(comment, sizeof(comment), "voice message from %s at %s", caller, stamp);

	printf("answering call from %s\n", caller);
	if (lineAnswer(call, NULL, 0) < 0 ||
	    wait_for(call, LINE_CALLSTATE, LINECALLSTATE_CONNECTED, &m))
		return;
	if (play_file(call, greeting) || beep(call))
		return;
	printf("recording\n");
	record(call, path, comment);
}

static int answer_calls(HLINE line, const char *mailbox, const char *greeting,
			DWORD rings_wanted, int calls)
{
	HCALL call = 0;
	DWORD rings = 0;
	LINEMESSAGE m;

	/* tell TAPI how many rings we let go by, and ask for ring messages */
	lineSetNumRings(line, 0, rings_wanted);
	if (lineSetStatusMessages(line, LINEDEVSTATE_RINGING, 0))
		return 1;
	printf("waiting for calls, answering after %lu rings\n", (unsigned long)rings_wanted);
	while (calls != 0 && !lineGetMessage(app, &m, INFINITE)) {
		if (m.dwMessageID == LINE_CALLSTATE && m.dwParam1 == LINECALLSTATE_OFFERING) {
			call = m.hDevice;
		} else if (m.dwMessageID == LINE_LINEDEVSTATE &&
			   m.dwParam1 == LINEDEVSTATE_RINGING) {
			printf("ring %lu\n", (unsigned long)++rings);
		} else if (m.dwMessageID == LINE_CALLSTATE && m.hDevice == call &&
			   m.dwParam1 == LINECALLSTATE_DISCONNECTED) {
			/* the caller gave up before we answered */
			printf("caller hung up after %lu rings\n", (unsigned long)rings);
			hang_up(call);
			call = 0;
			rings = 0;
			continue;
		}
		if (call && rings >= rings_wanted) {
			take_message(call, mailbox, greeting);
			hang_up(call);
			call = 0;
			rings = 0;
			if (calls > 0)
				calls--;
		}
	}
	return 0;
}

static int wav_only(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && !strcmp(d->d_name + n - 4, ".wav");
}

static int play_messages(HLINE line, const char *mailbox, const char *number)
{
	struct dirent **names;
	char path[4096];
	LINEMESSAGE m;
	HCALL call;
	int n, i, rc = 0;

	/* file names start with the caller's number: sort by the time in them */
	n = scandir(mailbox, &names, wav_only, alphasort);
	if (n < 0) {
		perror(mailbox);
		return 1;
	}
	printf("%d messages; calling %s\n", n, number);
	if (n > 0 && lineMakeCall(line, &call, number, 0, NULL) < 0) {
		rc = 1;
	} else if (n > 0 && wait_for(call, LINE_CALLSTATE, LINECALLSTATE_CONNECTED, &m)) {
		printf("%s did not answer\n", number);
		hang_up(call);
		rc = 1;
	} else if (n > 0) {
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/%s", mailbox, names[i]->d_name);
			printf("playing %s\n", names[i]->d_name);
			if (beep(call) || play_file(call, path))
				break;	/* the owner hung up */
		}
		hang_up(call);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	LINEINITIALIZEEXPARAMS params = { .dwTotalSize = sizeof(params),
					  .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD num_devs, version = 0x00020002;
	int answer = argc >= 6 && argc <= 7 && !strcmp(argv[1], "answer");
	int play = argc == 5 && !strcmp(argv[1], "play");
	HLINE line;
	int rc;

	/* a log line reaches a file or pipe as it is printed */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!answer && !play) {
		fprintf(stderr, "usage: voicemail answer DEVICE_ID MAILBOX GREETING.wav RINGS [CALLS]\n"
				"       voicemail play DEVICE_ID MAILBOX NUMBER\n");
		return 2;
	}
	/* answering takes the line's voice calls (owner); playing only calls out */
	if (lineInitializeEx(&app, NULL, NULL, "voicemail", &num_devs, &version, &params) ||
	    lineOpen(app, (DWORD)atoi(argv[2]), &line, version, 0, 0,
		     answer ? LINECALLPRIVILEGE_OWNER : LINECALLPRIVILEGE_NONE,
		     LINEMEDIAMODE_INTERACTIVEVOICE, NULL)) {
		fprintf(stderr, "voicemail: cannot open line %s\n", argv[2]);
		return 1;
	}
	if (answer)
		rc = answer_calls(line, argv[3], argv[4], (DWORD)atoi(argv[5]),
				  argc > 6 ? atoi(argv[6]) : -1);
	else
		rc = play_messages(line, argv[3], argv[4]);
	lineShutdown(app);
	return rc;
}
