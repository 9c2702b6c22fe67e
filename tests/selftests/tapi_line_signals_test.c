// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for the signals a /dev/tapiN line makes and hears, through
 * tapi_sim's cross-connection to /dev/tapi1: generated DTMF digits and
 * tones as the other line hears them, the zones' tones with their cadence,
 * media detection (fax, modem, voice), tone monitoring, and a generation
 * ending when the file that asked for it closes.
 *
 * Environment: TAPI_DEV (default /dev/tapi0).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "line_util.h"

TEST_F(line, generated_digits_reach_the_connected_line)
{
	static const char digits[] = "#0A9";
	int peer = open(PEER_DEV, O_RDWR | O_NONBLOCK);
	struct tapi_event ev[8], done;

	ASSERT_LE(0, peer);
	EXPECT_TRUE(self->info.caps & TAPI_LINE_CAP_DTMF_GENERATE);
	ASSERT_EQ(0, sim_connect(self->info.address, "1002"));
	ASSERT_EQ(0, generate(self->fd, digits, 60, 60, -100, 42));
	/* the far line's receiver hears every digit, start and end */
	ASSERT_EQ(8, read_events(peer, ev, 8));
	for (int k = 0; k < 8; k++) {
		EXPECT_EQ(TAPI_EVENT_DIGIT, ev[k].type);
		EXPECT_EQ((unsigned int)digits[k / 2], ev[k].param[0]);
		EXPECT_EQ(k % 2 ? TAPI_DIGIT_END : TAPI_DIGIT_START, ev[k].param[2]);
	}
	/* and the sender learns when it is done, with its tag */
	ASSERT_EQ(1, read_events(self->fd, &done, 1));
	EXPECT_EQ(TAPI_EVENT_GENERATE, done.type);
	EXPECT_EQ(TAPI_GENERATE_DIGITS, done.param[0]);
	EXPECT_EQ(TAPI_GENERATE_DONE, done.param[1]);
	EXPECT_EQ(42, done.param[2]);
	/* four digits of 60 + 60 ms: done after the last pause, not before */
	EXPECT_LE(ev[7].timestamp_ns, done.timestamp_ns);
	close(peer);
	ASSERT_EQ(0, sim_connect(self->info.address, "0"));
}

static int generate_tone(int fd, const struct tapi_generate_tone *t)
{
	return ioctl(fd, TAPI_IOC_GENERATE_TONE, t) ? -errno : 0;
}

/*
 * Read @ms of linear audio from stream @sfd into @pcm (8 samples a ms);
 * returns the samples read.
 */
static int read_audio(int sfd, int16_t *pcm, int ms)
{
	int got = 0;

	while (got < ms * 8) {
		struct pollfd p = { .fd = sfd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 2000) != 1)
			break;
		r = read(sfd, pcm + got, 160 * sizeof(*pcm));
		if (r <= 0)
			break;
		got += r / sizeof(*pcm);
	}
	return got;
}

TEST_F(line, a_generated_tone_reaches_the_connected_line)
{
	struct tapi_generate_tone t = {
		.tone = TAPI_TONE_CUSTOM, .duration_ms = 400, .tag = 9,
		.level1 = -100, .nseg = 1, .seg[0] = { .freq1 = 1000 },
	};
	static int16_t pcm[8 * 1200];
	int peer = open(PEER_DEV, O_RDWR | O_NONBLOCK), sfd, n, k;
	int first = -1, last = -1, crossings = 0;
	struct tapi_event done;

	ASSERT_LE(0, peer);
	EXPECT_TRUE(self->info.caps & TAPI_LINE_CAP_TONE_GENERATE);
	ASSERT_EQ(0, sim_connect(self->info.address, "1002"));
	sfd = audio_open(peer, TAPI_AUDIO_LINEAR16, 20, 0);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, generate_tone(self->fd, &t));
	n = read_audio(sfd, pcm, 1000);
	ASSERT_EQ(8000, n);
	/* where the tone is, and its frequency by zero crossings */
	for (k = 0; k < n; k++) {
		if (abs(pcm[k]) > 1000) {
			if (first < 0)
				first = k;
			last = k;
		}
	}
	ASSERT_LE(0, first);
	for (k = first + 1; k <= last; k++)
		crossings += (pcm[k - 1] < 0) != (pcm[k] < 0);
	/* 400 ms of 1000 Hz: 800 crossings; the edges cost a few */
	EXPECT_LT(abs((last - first) - 3200), 40) TH_LOG("tone lasted %d samples", last - first);
	EXPECT_LT(abs(crossings - 800), 12) TH_LOG("%d zero crossings", crossings);

	ASSERT_EQ(1, read_events(self->fd, &done, 1));
	EXPECT_EQ(TAPI_EVENT_GENERATE, done.type);
	EXPECT_EQ(TAPI_GENERATE_TONE, done.param[0]);
	EXPECT_EQ(TAPI_GENERATE_DONE, done.param[1]);
	EXPECT_EQ(9, done.param[2]);
	close(sfd);
	close(peer);
	ASSERT_EQ(0, sim_connect(self->info.address, "0"));
}

TEST_F(line, the_zones_tones_have_their_cadence)
{
	/* US busy: 480 + 620 Hz, 500 ms on, 500 ms off, until cancelled */
	struct tapi_generate_tone t = { .tone = TAPI_TONE_BUSY, .zone = "us", .tag = 3 };
	static int16_t pcm[8 * 2000];
	int peer = open(PEER_DEV, O_RDWR | O_NONBLOCK), sfd, n, k, ms;
	int on_runs = 0, off_runs = 0, run = 0, cur = -1;
	struct tapi_event ev;

	ASSERT_LE(0, peer);
	ASSERT_EQ(0, sim_connect(self->info.address, "1002"));
	sfd = audio_open(peer, TAPI_AUDIO_LINEAR16, 20, 0);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, generate_tone(self->fd, &t));
	n = read_audio(sfd, pcm, 2000);
	ASSERT_EQ(16000, n);
	/* per ms: tone or not; count the whole runs between the first and last edge */
	for (ms = 0; ms < n / 8; ms++) {
		int loud = 0;

		for (k = 0; k < 8; k++)
			loud |= abs(pcm[ms * 8 + k]) > 100;
		if (loud == cur) {
			run++;
			continue;
		}
		if (cur >= 0 && run < ms) {	/* a complete run */
			if (abs(run - 500) < 15)
				cur ? on_runs++ : off_runs++;
		}
		cur = loud;
		run = 1;
	}
	EXPECT_LE(1, on_runs);
	EXPECT_LE(1, off_runs);
	/* cancelling says so, with the tag */
	t = (struct tapi_generate_tone){ .tone = 0 };
	ASSERT_EQ(0, generate_tone(self->fd, &t));
	ASSERT_EQ(1, read_events(self->fd, &ev, 1));
	EXPECT_EQ(TAPI_EVENT_GENERATE, ev.type);
	EXPECT_EQ(TAPI_GENERATE_TONE, ev.param[0]);
	EXPECT_EQ(TAPI_GENERATE_CANCELLED, ev.param[1]);
	EXPECT_EQ(3, ev.param[2]);
	close(sfd);
	close(peer);
	ASSERT_EQ(0, sim_connect(self->info.address, "0"));
}

static int monitor_media(int fd, unsigned int modes)
{
	struct tapi_monitor_media m = { .media_modes = modes };

	return ioctl(fd, TAPI_IOC_MONITOR_MEDIA, &m) ? -errno : 0;
}

static int wait_media(int fd, unsigned int signal, struct tapi_event *ev, int ms)
{
	return wait_for(fd, TAPI_EVENT_MEDIA, signal, ev, ms);
}

TEST_F(line, media_monitoring_hears_fax_modem_and_voice)
{
	/* a calling fax: 1100 Hz for 500 ms, then 3 s of quiet */
	struct tapi_generate_tone cng = {
		.tone = TAPI_TONE_CUSTOM, .level1 = -100, .nseg = 2, .repeat = 1,
		.seg = { { .freq1 = 1100, .ms = 500 }, { .ms = 3000 } },
	};
	struct tapi_generate_tone ced = {
		.tone = TAPI_TONE_CUSTOM, .level1 = -100, .nseg = 1, .duration_ms = 1500,
		.seg = { { .freq1 = 2100 } },
	};
	int fax = open(PEER_DEV, O_RDWR | O_NONBLOCK);
	int modem = open(PEER_DEV, O_RDWR | O_NONBLOCK);
	struct tapi_event ev;

	ASSERT_LE(0, fax);
	ASSERT_LE(0, modem);
	EXPECT_TRUE(self->info.caps & TAPI_LINE_CAP_MEDIA_DETECT);
	ASSERT_EQ(0, sim_connect(self->info.address, "1002"));
	ASSERT_EQ(0, monitor_media(fax, TAPI_MEDIA_G3FAX));
	ASSERT_EQ(0, monitor_media(modem, TAPI_MEDIA_DATAMODEM | TAPI_MEDIA_INTERACTIVEVOICE));
	/* the voice detector learns the line's noise from what it hears first */
	usleep(100000);

	ASSERT_EQ(0, generate_tone(self->fd, &cng));
	ASSERT_EQ(1, wait_media(fax, TAPI_SIGNAL_CNG, &ev, 3000));
	EXPECT_EQ(TAPI_MEDIA_G3FAX, ev.param[0]);
	EXPECT_EQ(0, ev.call_id);
	/* the burst began at least its 500 ms and the 200 ms gap before */
	EXPECT_LE(600000, ev.param[3]);
	EXPECT_GT(2000000, ev.param[3]);
	/* to a modem watcher, the burst was sound, not a fax */
	ASSERT_EQ(1, wait_media(modem, TAPI_SIGNAL_VOICE_START, &ev, 1000));
	EXPECT_EQ(TAPI_MEDIA_INTERACTIVEVOICE, ev.param[0]);
	ASSERT_EQ(1, wait_media(modem, TAPI_SIGNAL_VOICE_END, &ev, 2000));

	/* an answer tone: each watcher hears it as its own media mode */
	ASSERT_EQ(0, generate_tone(self->fd, &ced));
	ASSERT_EQ(1, wait_media(fax, TAPI_SIGNAL_CED, &ev, 3000));
	EXPECT_EQ(TAPI_MEDIA_G3FAX, ev.param[0]);
	ASSERT_EQ(1, wait_media(modem, TAPI_SIGNAL_CED, &ev, 3000));
	EXPECT_EQ(TAPI_MEDIA_DATAMODEM, ev.param[0]);

	/* stopping stops */
	ASSERT_EQ(0, monitor_media(fax, 0));
	ASSERT_EQ(0, generate_tone(self->fd, &cng));
	EXPECT_EQ(0, wait_media(fax, TAPI_SIGNAL_CNG, &ev, 1500));
	close(fax);
	close(modem);
	ASSERT_EQ(0, sim_connect(self->info.address, "0"));
}

static int monitor_tones(int fd, const struct tapi_monitor_tones *m)
{
	return ioctl(fd, TAPI_IOC_MONITOR_TONES, m) ? -errno : 0;
}

TEST_F(line, tone_monitoring_hears_the_tones_asked_for)
{
	struct tapi_monitor_tones m = {
		.count = 2,
		.tones = {
			{ .tag = 11, .duration_ms = 200, .freq = { 350, 440 } },
			{ .tag = 22, .duration_ms = 100, .freq = { 1000 } },
		},
	};
	struct tapi_generate_tone dial = {
		.tone = TAPI_TONE_DIAL, .zone = "us", .duration_ms = 500,
	};
	struct tapi_generate_tone beep = {
		.tone = TAPI_TONE_CUSTOM, .level1 = -150, .nseg = 1, .duration_ms = 300,
		.seg = { { .freq1 = 1000 } },
	};
	int peer = open(PEER_DEV, O_RDWR | O_NONBLOCK);
	struct tapi_event ev;

	ASSERT_LE(0, peer);
	EXPECT_TRUE(self->info.caps & TAPI_LINE_CAP_TONE_DETECT);
	ASSERT_EQ(0, sim_connect(self->info.address, "1002"));
	ASSERT_EQ(0, monitor_tones(peer, &m));

	ASSERT_EQ(0, generate_tone(self->fd, &dial));
	ASSERT_EQ(1, wait_for(peer, TAPI_EVENT_TONE, -1, &ev, 2000));
	EXPECT_EQ(11, ev.param[0]);
	EXPECT_EQ(0, ev.param[1]);
	EXPECT_LE(200000, ev.param[3]);
	EXPECT_GT(300000, ev.param[3]);
	/* once per occurrence */
	EXPECT_EQ(0, wait_for(peer, TAPI_EVENT_TONE, -1, &ev, 700));

	ASSERT_EQ(0, generate_tone(self->fd, &beep));
	ASSERT_EQ(1, wait_for(peer, TAPI_EVENT_TONE, -1, &ev, 2000));
	EXPECT_EQ(22, ev.param[0]);
	EXPECT_EQ(1, ev.param[1]);
	EXPECT_EQ(0, wait_for(peer, TAPI_EVENT_TONE, -1, &ev, 500));

	/* shorter than its duration: not heard */
	beep.duration_ms = 60;
	ASSERT_EQ(0, generate_tone(self->fd, &beep));
	EXPECT_EQ(0, wait_for(peer, TAPI_EVENT_TONE, -1, &ev, 500));
	/* a 440 Hz tone alone is not the dial tone */
	beep.duration_ms = 400;
	beep.seg[0].freq1 = 440;
	ASSERT_EQ(0, generate_tone(self->fd, &beep));
	EXPECT_EQ(0, wait_for(peer, TAPI_EVENT_TONE, -1, &ev, 700));

	/* stopping stops */
	m = (struct tapi_monitor_tones){ .count = 0 };
	ASSERT_EQ(0, monitor_tones(peer, &m));
	ASSERT_EQ(0, generate_tone(self->fd, &dial));
	EXPECT_EQ(0, wait_for(peer, TAPI_EVENT_TONE, -1, &ev, 800));
	close(peer);
	ASSERT_EQ(0, sim_connect(self->info.address, "0"));
}

TEST_F(line, closing_the_asker_ends_its_generation)
{
	int other = open(dev_path(), O_RDWR), peer = open(PEER_DEV, O_RDWR | O_NONBLOCK);
	struct tapi_event ev[2];
	struct pollfd p = { .fd = self->fd, .events = POLLIN };

	ASSERT_LE(0, other);
	ASSERT_LE(0, peer);
	ASSERT_EQ(0, sim_connect(self->info.address, "1002"));
	ASSERT_EQ(0, generate(other, "1234567890", 100, 100, -100, 5));
	/* the far line hears the first digit begin, then the asker goes away */
	ASSERT_EQ(1, read_events(peer, ev, 1));
	EXPECT_EQ('1', ev[0].param[0]);
	close(other);
	/* no event for anybody, and the far line hears no more digits begin */
	EXPECT_EQ(0, poll(&p, 1, 1500));
	usleep(100000);
	for (int k = 0; read(peer, ev, sizeof(ev[0])) == sizeof(ev[0]); k++) {
		EXPECT_FALSE(ev[0].param[2] == TAPI_DIGIT_START && ev[0].param[0] != '1')
			TH_LOG("digit %c still sent", (char)ev[0].param[0]);
	}
	close(peer);
	ASSERT_EQ(0, sim_connect(self->info.address, "0"));
}

TEST_HARNESS_MAIN
