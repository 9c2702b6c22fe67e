// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The media of calls through libtapi, against tapi_sim's default exchange:
 * digits generated, monitored and gathered, tones played and listened
 * for, voice detected, the call treatment the caller hears, and media
 * control acting on a prompt at the caller's digits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"
#include "line_util.h"

FIXTURE(talk) {
	struct talk t;
};

FIXTURE_SETUP(talk)
{
	ASSERT_EQ(0, talk(&self->t, 0, 1, "1002"));
}

FIXTURE_TEARDOWN(talk)
{
	lineShutdown(self->t.a);
	lineShutdown(self->t.b);
}

/*
 * On a connected call: digits one end generates are monitored (start and
 * end) and gathered at the other; a tone one end plays is heard at the
 * other; its own generation ends with LINE_GENERATE; voice is detected.
 */
TEST(digits_tones_and_media_on_a_call)
{
	LINEGENERATETONE tone = { .dwFrequency = 697, .dwCadenceOn = 0, .dwVolume = 0x4000 };
	LINEMONITORTONE watch = { .dwAppSpecific = 0x77, .dwDuration = 200,
				  .dwFrequency1 = 697 };
	char buf[8];
	struct talk t;
	LINEMESSAGE m;
	const char *want = "1 1 2 2 # # ";
	char got[64] = "";
	double t0;
	int n;

	ASSERT_EQ(0, talk(&t, 0, 1, "1002"));

	/* monitored: each DTMF digit's start and end, in order */
	ASSERT_EQ(0, lineMonitorDigits(t.cb, LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND));
	ASSERT_EQ(0, lineGenerateDigits(t.ca, LINEDIGITMODE_DTMF, "12#", 80));
	m = wait_msg(t.a, LINE_GENERATE, t.ca, 0);
	EXPECT_EQ(LINEGENERATETERM_DONE, m.dwParam1);
	for (n = 0; n < 6; n++) {
		m = wait_msg(t.b, LINE_MONITORDIGITS, t.cb, 0);
		if (m.dwMessageID != LINE_MONITORDIGITS)
			break;
		EXPECT_EQ(n % 2 ? LINEDIGITMODE_DTMFEND : LINEDIGITMODE_DTMF, m.dwParam2);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%c ",
			 (char)m.dwParam1);
	}
	EXPECT_STREQ(want, got);
	EXPECT_EQ(0, lineMonitorDigits(t.cb, 0));

	/* gathered until the termination digit, which is kept */
	memset(buf, 'x', sizeof(buf));
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 6, "#", 5000, 3000));
	ASSERT_EQ(0, lineGenerateDigits(t.ca, LINEDIGITMODE_DTMF, "47#9", 0));
	m = wait_msg(t.b, LINE_GATHERDIGITS, t.cb, 0);
	EXPECT_EQ(LINEGATHERTERM_TERMDIGIT, m.dwParam1);
	EXPECT_EQ(0, memcmp("47#", buf, 3));
	EXPECT_EQ(0, buf[3]);
	EXPECT_EQ('x', buf[6]) TH_LOG("nothing past the buffer");
	m = wait_msg(t.a, LINE_GENERATE, t.ca, 0);
	EXPECT_EQ(LINEGENERATETERM_DONE, m.dwParam1);

	/* nothing comes: the first digit's time runs out */
	t0 = now_ms();
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 4, NULL, 400, 0));
	m = wait_msg(t.b, LINE_GATHERDIGITS, t.cb, 0);
	EXPECT_EQ(LINEGATHERTERM_FIRSTTIMEOUT, m.dwParam1);
	EXPECT_LE(380, now_ms() - t0);
	/* a request cancelled by the application */
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 4, NULL, 0, 0));
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, NULL, 0, NULL, 0, 0));
	m = wait_msg(t.b, LINE_GATHERDIGITS, t.cb, 0);
	EXPECT_EQ(LINEGATHERTERM_CANCEL, m.dwParam1);

	/* a tone listened for, played by the far end for 600 ms */
	ASSERT_EQ(0, lineMonitorTones(t.cb, &watch, 1));
	ASSERT_EQ(0, lineGenerateTone(t.ca, LINETONEMODE_CUSTOM, 600, 1, &tone));
	m = wait_msg(t.b, LINE_MONITORTONE, t.cb, 0);
	EXPECT_EQ(0x77, m.dwParam1);
	m = wait_msg(t.a, LINE_GENERATE, t.ca, 0);
	EXPECT_EQ(LINEGENERATETERM_DONE, m.dwParam1);
	EXPECT_EQ(0, lineMonitorTones(t.cb, NULL, 0));
	/* a zone's tone cancelled by the next request */
	ASSERT_EQ(0, lineGenerateTone(t.ca, LINETONEMODE_BUSY, 0, 0, NULL));
	ASSERT_EQ(0, lineGenerateTone(t.ca, 0, 0, 0, NULL));
	m = wait_msg(t.a, LINE_GENERATE, t.ca, 0);
	EXPECT_EQ(LINEGENERATETERM_CANCEL, m.dwParam1);

	/* voice: sound above the noise */
	ASSERT_EQ(0, lineMonitorMedia(t.cb, LINEMEDIAMODE_INTERACTIVEVOICE));
	usleep(200000);		/* the quiet it measures the noise in */
	ASSERT_EQ(0, lineGenerateTone(t.ca, LINETONEMODE_CUSTOM, 800, 1, &tone));
	m = wait_msg(t.b, LINE_MONITORMEDIA, t.cb, 0);
	EXPECT_EQ(LINEMEDIAMODE_INTERACTIVEVOICE, m.dwParam1);

	/* bad input */
	EXPECT_EQ(LINEERR_INVALDIGITMODE, lineMonitorDigits(t.cb, 0x10));
	EXPECT_EQ(LINEERR_INVALDIGITMODE, lineGenerateDigits(t.ca, LINEDIGITMODE_DTMFEND, "1", 0));
	EXPECT_EQ(LINEERR_INVALDIGITS, lineGenerateDigits(t.ca, LINEDIGITMODE_DTMF, "1x", 0));
	EXPECT_EQ(LINEERR_INVALDIGITS, lineGenerateDigits(t.ca, LINEDIGITMODE_PULSE, "1#", 0));
	EXPECT_EQ(LINEERR_INVALDIGITMODE,
		  lineGatherDigits(t.cb, LINEDIGITMODE_DTMFEND, buf, 4, NULL, 0, 0));
	EXPECT_EQ(LINEERR_INVALPARAM, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 0, NULL,
						       0, 0));
	EXPECT_EQ(LINEERR_INVALDIGITS, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 4, "#x",
							0, 0));
	EXPECT_EQ(LINEERR_INVALTONEMODE, lineGenerateTone(t.ca, LINETONEMODE_BILLING, 0, 0, NULL));
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGenerateTone(t.ca, LINETONEMODE_CUSTOM, 0, 1, NULL));
	tone.dwFrequency = 5000;
	EXPECT_EQ(LINEERR_INVALTONE, lineGenerateTone(t.ca, LINETONEMODE_CUSTOM, 0, 1, &tone));
	EXPECT_EQ(LINEERR_INVALTONELIST, lineMonitorTones(t.cb, &watch, 5));
	watch.dwFrequency1 = 50;
	EXPECT_EQ(LINEERR_INVALTONE, lineMonitorTones(t.cb, &watch, 1));
	EXPECT_EQ(LINEERR_INVALMEDIAMODE, lineMonitorMedia(t.cb, LINEMEDIAMODE_VIDEO));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineMonitorDigits(0, LINEDIGITMODE_DTMF));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineMonitorMedia(0, 0));

	/* the call ends: so does a gathering in progress */
	ASSERT_EQ(0, lineGatherDigits(t.cb, LINEDIGITMODE_DTMF, buf, 4, NULL, 0, 0));
	ASSERT_LT(0, lineDrop(t.cb, NULL, 0));
	m = wait_msg(t.b, LINE_GATHERDIGITS, t.cb, 0);
	EXPECT_EQ(LINEGATHERTERM_CANCEL, m.dwParam1);
	EXPECT_EQ(0, lineShutdown(t.a));
	EXPECT_EQ(0, lineShutdown(t.b));
}

/*
 * What the caller hears while the call is offered: ringback first, then
 * the treatment the called application sets (busy, silence), heard with a
 * tone monitor on the caller's call.
 */
TEST(a_call_treatment_is_what_the_caller_hears)
{
	union {
		LINEADDRESSCAPS c;
		char buf[2048];
	} caps = { .c.dwTotalSize = sizeof(caps) };
	union {
		LINECALLINFO i;
		char buf[1024];
	} info = { .i.dwTotalSize = sizeof(info) };
	LINEMONITORTONE ringback = { .dwAppSpecific = 1, .dwDuration = 300,
				     .dwFrequency1 = 440, .dwFrequency2 = 480 };
	LINEMONITORTONE busy = { .dwAppSpecific = 2, .dwDuration = 300,
				 .dwFrequency1 = 480, .dwFrequency2 = 620 };
	const LINECALLTREATMENTENTRY *e;
	HLINEAPP a, b;
	HLINE la, lb;
	HCALL ca, cb;
	LINEMESSAGE m;
	DWORD ndevs;
	LONG id;

	ASSERT_EQ(0, init_event(&a, &ndevs, NULL));
	ASSERT_EQ(0, init_event(&b, &ndevs, NULL));
	ASSERT_EQ(0, lineGetAddressCaps(b, 3, 0, 0x00020002, 0, &caps.c));
	ASSERT_EQ(3, caps.c.dwNumCallTreatments);
	ASSERT_EQ(3 * sizeof(*e), caps.c.dwCallTreatmentListSize);
	e = (const void *)(caps.buf + caps.c.dwCallTreatmentListOffset);
	EXPECT_EQ(LINECALLTREATMENT_BUSY, e[2].dwCallTreatmentID);
	EXPECT_STREQ("Busy Signal", caps.buf + e[2].dwCallTreatmentNameOffset);
	EXPECT_EQ(CALL_DATA_MAX, caps.c.dwMaxCallDataSize);
	caps.c.dwTotalSize = caps.c.dwUsedSize - 20;
	ASSERT_EQ(0, lineGetAddressCaps(b, 3, 0, 0x00020002, 0, &caps.c));
	EXPECT_EQ(0, caps.c.dwCallTreatmentListSize) TH_LOG("left out whole");
	EXPECT_EQ(0, caps.c.dwCallTreatmentListOffset);

	ASSERT_EQ(0, lineOpen(a, 2, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_EQ(0, lineOpen(b, 3, &lb, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL));
	ASSERT_LT(0, lineMakeCall(la, &ca, "1004", 0, NULL));
	m = wait_msg(b, LINE_APPNEWCALL, lb, 0);
	cb = (HCALL)m.dwParam2;
	ASSERT_NE(0, cb);
	ASSERT_EQ(0, lineGetCallInfo(cb, &info.i));
	EXPECT_EQ(LINECALLTREATMENT_RINGBACK, info.i.dwCallTreatment);
	ASSERT_EQ(0, lineMonitorTones(ca, &ringback, 1));
	m = wait_msg(a, LINE_MONITORTONE, ca, 1);
	EXPECT_EQ(1, m.dwParam1) TH_LOG("ringback heard");

	ASSERT_EQ(0, lineMonitorTones(ca, &busy, 1));
	id = lineSetCallTreatment(cb, LINECALLTREATMENT_BUSY);
	ASSERT_LT(0, id);
	EXPECT_EQ(0, reply_of(b, id));
	m = wait_msg(b, LINE_CALLINFO, cb, LINECALLINFOSTATE_TREATMENT);
	EXPECT_EQ(LINECALLINFOSTATE_TREATMENT, m.dwParam1);
	m = wait_msg(a, LINE_MONITORTONE, ca, 2);
	EXPECT_EQ(2, m.dwParam1) TH_LOG("busy heard");
	ASSERT_EQ(0, lineGetCallInfo(cb, &info.i));
	EXPECT_EQ(LINECALLTREATMENT_BUSY, info.i.dwCallTreatment);

	id = lineSetCallTreatment(cb, LINECALLTREATMENT_SILENCE);
	EXPECT_EQ(0, reply_of(b, id));
	drain(a, 300);
	ASSERT_EQ(0, lineMonitorTones(ca, &busy, 1));
	/* busy, on every second, would be heard in this time */
	EXPECT_EQ(0, next(a, &m, 2500)) TH_LOG("silence: no busy tone");
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetCallTreatment(cb, LINECALLTREATMENT_MUSIC));
	EXPECT_EQ(LINEERR_INVALPARAM, lineSetCallTreatment(cb, 0));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineSetCallTreatment(0, LINECALLTREATMENT_BUSY));
	ASSERT_LT(0, lineDrop(ca, NULL, 0));
	m = wait_msg(b, LINE_CALLSTATE, cb, LINECALLSTATE_DISCONNECTED);
	EXPECT_EQ(LINECALLSTATE_DISCONNECTED, m.dwParam1);
	ASSERT_LT(0, lineDrop(cb, NULL, 0));
	m = wait_msg(b, LINE_CALLSTATE, cb, LINECALLSTATE_IDLE);
	EXPECT_EQ(LINECALLSTATE_IDLE, m.dwParam1);
	ASSERT_EQ(0, lineDeallocateCall(cb));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineSetCallTreatment(cb, LINECALLTREATMENT_BUSY))
		TH_LOG("a stale handle");
	EXPECT_EQ(0, lineShutdown(a));
	EXPECT_EQ(0, lineShutdown(b));
}

struct prompt {
	int fd;
	volatile int stop;
	volatile int chunks;	/* written so far */
};

/* Plays a 1 kHz tone of amplitude 8000 into a call until told to stop. */
static void *play_prompt(void *arg)
{
	struct prompt *p = arg;
	int16_t buf[160];
	unsigned int n = 0;

	while (!p->stop) {
		for (int i = 0; i < 160; i++, n++)
			buf[i] = (int16_t)(8000 * sin(2 * M_PI * 1000 * n / 8000.0));
		if (write(p->fd, buf, sizeof(buf)) != sizeof(buf))
			break;
		p->chunks++;
	}
	return NULL;
}

/* The level (RMS) a call's descriptor hears now: old chunks skipped. */
static double level(int fd)
{
	int16_t buf[160];
	double sum = 0;
	int k, i;

	/* whatever waited in the 128 ms ring is old */
	for (k = 0; k < 8; k++)
		if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			return -1;
	for (k = 0; k < 5; k++) {
		if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			return -1;
		for (i = 0; i < 160; i++)
			sum += (double)buf[i] * buf[i];
	}
	return sqrt(sum / 800);
}

/* @digit from @from's end, detected at the other: its generation done. */
static void send_digit(struct __test_metadata *_metadata, HLINEAPP app, HCALL from,
		       const char *digit)
{
	LINEMESSAGE m;

	ASSERT_EQ(0, lineGenerateDigits(from, LINEDIGITMODE_DTMF, digit, 100));
	m = wait_msg(app, LINE_GENERATE, from, 0);
	ASSERT_EQ(LINEGENERATETERM_DONE, m.dwParam1);
}

/*
 * Media control: the called party's prompt, heard at the caller, pauses,
 * resumes and steps down 3 dB at the caller's digits, acted on by the
 * kernel as it hears them; a call state rule sets the level too.
 */
TEST_F_TIMEOUT(talk, media_control_acts_on_the_prompt_at_digits, 120)
{
	LINEMEDIACONTROLDIGIT d[17] = {
		{ '1', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_PAUSE },
		{ '2', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_RESUME },
		{ '3', LINEDIGITMODE_DTMFEND, LINEMEDIACONTROL_VOLUMEDOWN },
	};
	LINEMEDIACONTROLCALLSTATE cs = { LINECALLSTATE_CONNECTED, LINEMEDIACONTROL_VOLUMEUP };
	LINEMEDIACONTROLMEDIA mm = { VOICE, 100, LINEMEDIACONTROL_PAUSE };
	LINEMEDIACONTROLTONE tn = { 0, 100, 440, 0, 0, LINEMEDIACONTROL_PAUSE };
	struct talk *t = &self->t;
	struct prompt p = { 0 };
	pthread_t th;
	double full, v;
	int rfd, chunks;

	p.fd = audio_fd(t->cb, "tapi/audio");
	rfd = audio_fd(t->ca, "tapi/audio");
	ASSERT_LE(0, p.fd);
	ASSERT_LE(0, rfd);
	ASSERT_EQ(0, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL, d, 3, NULL, 0, NULL, 0,
					 NULL, 0));
	ASSERT_EQ(0, pthread_create(&th, NULL, play_prompt, &p));
	full = level(rfd);
	EXPECT_LT(5000, full) TH_LOG("the prompt at the caller: %.0f", full);

	send_digit(_metadata, t->a, t->ca, "1");
	v = level(rfd);
	EXPECT_GT(100, v) TH_LOG("paused: %.0f", v);
	chunks = p.chunks;
	usleep(300000);
	EXPECT_EQ(chunks, p.chunks) TH_LOG("the writer waits while paused");
	send_digit(_metadata, t->a, t->ca, "2");
	v = level(rfd);
	EXPECT_LT(0.95 * full, v) TH_LOG("resumed: %.0f", v);
	EXPECT_LT(chunks, p.chunks);
	send_digit(_metadata, t->a, t->ca, "3");
	v = level(rfd);
	EXPECT_LT(0.66 * full, v) TH_LOG("3 dB down: %.0f of %.0f", v, full);
	EXPECT_GT(0.75 * full, v);

	/* replaced: back to normal, then the call state rule (it is connected) */
	ASSERT_EQ(0, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL, NULL, 0, NULL, 0,
					 NULL, 0, &cs, 1));
	v = level(rfd);
	EXPECT_LT(1.35 * full, v) TH_LOG("3 dB up on connected: %.0f", v);
	EXPECT_GT(1.48 * full, v);
	ASSERT_EQ(0, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL, NULL, 0, NULL, 0,
					 NULL, 0, NULL, 0));
	v = level(rfd);
	EXPECT_LT(0.95 * full, v) TH_LOG("cleared, normal: %.0f", v);
	EXPECT_GT(1.05 * full, v);

	/* what is refused */
	EXPECT_EQ(LINEERR_INVALMEDIALIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      NULL, 0, &mm, 1, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALTONELIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							     NULL, 0, NULL, 0, &tn, 1, NULL, 0));
	d[0].dwDigitModes = LINEDIGITMODE_PULSE;
	EXPECT_EQ(LINEERR_INVALDIGITLIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      d, 1, NULL, 0, NULL, 0, NULL, 0));
	d[0] = (LINEMEDIACONTROLDIGIT){ '1', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_RATEUP };
	EXPECT_EQ(LINEERR_INVALDIGITLIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      d, 1, NULL, 0, NULL, 0, NULL, 0));
	d[0] = (LINEMEDIACONTROLDIGIT){ 'x', LINEDIGITMODE_DTMF, LINEMEDIACONTROL_PAUSE };
	EXPECT_EQ(LINEERR_INVALDIGITLIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      d, 1, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALDIGITLIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							      d, 17, NULL, 0, NULL, 0, NULL, 0));
	cs.dwCallStates = LINECALLSTATE_CONFERENCED;
	EXPECT_EQ(LINEERR_INVALCALLSTATELIST, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
								  NULL, 0, NULL, 0, NULL, 0, &cs,
								  1));
	cs.dwCallStates = LINECALLSTATE_CONNECTED;
	EXPECT_EQ(LINEERR_INVALCALLSTATELIST, lineSetMediaControl(t->lb, 0, 0, LINECALLSELECT_LINE,
								  NULL, 0, NULL, 0, NULL, 0, &cs,
								  1)) TH_LOG("a call's states need a call");
	EXPECT_EQ(LINEERR_INVALPOINTER, lineSetMediaControl(0, 0, t->cb, LINECALLSELECT_CALL,
							    NULL, 1, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALCALLSELECT, lineSetMediaControl(t->lb, 0, t->cb, 0x40, NULL, 0,
							       NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALADDRESSID, lineSetMediaControl(t->lb, 1, 0, LINECALLSELECT_ADDRESS,
							      NULL, 0, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineSetMediaControl(0, 0, 0, LINECALLSELECT_LINE, NULL,
							       0, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_INVALCALLHANDLE, lineSetMediaControl(0, 0, 0, LINECALLSELECT_CALL, NULL,
							       0, NULL, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(LINEERR_NOTOWNER, lineSetMediaControl(t->la, 0, 0, LINECALLSELECT_LINE, NULL, 0,
							NULL, 0, NULL, 0, NULL, 0))
		TH_LOG("a line opened without owning calls");
	EXPECT_EQ(0, lineSetMediaControl(t->lb, 0, 0, LINECALLSELECT_LINE, NULL, 0, NULL, 0, NULL,
					 0, NULL, 0));

	p.stop = 1;
	pthread_join(th, NULL);
	close(p.fd);
	close(rfd);
}

TEST_HARNESS_MAIN
