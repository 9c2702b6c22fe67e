// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for a provider's audio through /dev/utapi (docs/utapi.md):
 * what it writes reaches an application's stream in order and unaltered,
 * what the application sends reaches it bit-exact; bursts and gaps are
 * absorbed and counted by the jitter buffer; the kernel's DSP hears DTMF
 * in it; the descriptor's rules (one per line, bad settings refused, the
 * end when the line goes). The test is the provider.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>

#include "kselftest_harness.h"
#include "utapi_util.h"

#define RATE		8000
#define PATTERN		8000	/* one second of samples, each distinct */

static short pattern(int i)
{
	return (short)(1 + i % 30000);
}

static void sleep_ms(int ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

static int audio_open_prov(struct prov *p, unsigned int min_ms, unsigned int max_ms)
{
	struct utapi_audio_open a = { .dev = p->dev, .jitter_min_ms = min_ms,
				      .jitter_max_ms = max_ms };

	return ioctl(p->fd, UTAPI_IOC_AUDIO_OPEN, &a) ? -errno : a.fd;
}

static int stream_open(int line)
{
	struct tapi_audio_open a = { .format = TAPI_AUDIO_LINEAR16, .chunk_ms = 20 };

	return ioctl(line, TAPI_IOC_AUDIO_OPEN, &a) ? -errno : a.fd;
}

/*
 * Read from @fd for @ms into @buf (up to @max samples); the samples read,
 * and in *@first_s when the first non-zero one came.
 */
static int collect(int fd, short *buf, int max, int ms, double *first_s)
{
	double end = mono_s() + ms / 1000.0;
	int n = 0;

	while (mono_s() < end && n < max) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 50) != 1)
			continue;
		r = read(fd, buf + n, (max - n) * sizeof(short));
		for (; r > 0 && !*first_s && r >= (ssize_t)sizeof(short); r -= sizeof(short))
			if (buf[n++])
				*first_s = mono_s();
		if (r > 0)
			n += r / sizeof(short);
	}
	return n;
}

struct reader {
	pthread_t t;
	int fd, max, ms, n;
	short *buf;
	double first_s;		/* when the first non-zero sample was read */
};

static void *reader_run(void *arg)
{
	struct reader *r = arg;

	r->n = collect(r->fd, r->buf, r->max, r->ms, &r->first_s);
	return NULL;
}

/* Keep the non-zero samples of @buf (silence is the buffer's, not data's). */
static int nonzero(short *buf, int n)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (buf[i])
			buf[k++] = buf[i];
	return k;
}

FIXTURE(aud) {
	struct prov p;
	int app, afd;
};

FIXTURE_SETUP(aud)
{
	int ret = prov_open(&self->p, UTAPI_OP_MAKE_CALL | UTAPI_OP_DROP | UTAPI_OP_AUDIO,
			    0, 0);

	self->afd = -1;
	if (ret == -ENOENT)
		SKIP(return, "no /dev/utapi: utapi.ko is not loaded");
	ASSERT_EQ(0, ret);
	self->app = open_line(self->p.path);
	ASSERT_LE(0, self->app);
	self->afd = audio_open_prov(&self->p, 0, 0);
	ASSERT_LE(0, self->afd);
}

FIXTURE_TEARDOWN(aud)
{
	if (self->afd >= 0)
		close(self->afd);
	if (self->app >= 0)
		close(self->app);
	if (self->p.fd >= 0)
		close(self->p.fd);
}

TEST_F(aud, the_line_has_the_cores_audio_and_dsp)
{
	struct tapi_line_info li = { 0 };

	ASSERT_EQ(0, ioctl(self->app, TAPI_IOC_GET_LINE_INFO, &li));
	EXPECT_TRUE(li.caps & TAPI_LINE_CAP_AUDIO);
	EXPECT_TRUE(li.caps & TAPI_LINE_CAP_DTMF_DETECT);
	EXPECT_TRUE(li.caps & TAPI_LINE_CAP_DTMF_GENERATE);
	EXPECT_TRUE(li.caps & TAPI_LINE_CAP_TONE_DETECT);
}

TEST_F(aud, what_the_provider_writes_the_application_hears_in_order)
{
	static short got[3 * PATTERN];
	struct utapi_audio_stats st;
	struct reader r = { .max = 3 * PATTERN, .ms = 2000, .buf = got };
	short chunk[160];
	double t0 = 0;
	int s, i, k, n;

	s = stream_open(self->app);
	ASSERT_LE(0, s);
	r.fd = s;
	ASSERT_EQ(0, pthread_create(&r.t, NULL, reader_run, &r));
	/* RTP's way: 20 ms every 20 ms */
	for (i = 0; i < PATTERN; i += 160) {
		for (k = 0; k < 160; k++)
			chunk[k] = pattern(i + k);
		if (!t0)
			t0 = mono_s();
		ASSERT_EQ((ssize_t)sizeof(chunk), write(self->afd, chunk, sizeof(chunk)));
		sleep_ms(20);
	}
	pthread_join(r.t, NULL);
	/* the jitter buffer's 20 ms, the stream's 20 ms chunk, the scheduling */
	TH_LOG("latency: the first sample written was heard %.1f ms later",
	       (r.first_s - t0) * 1000);
	ASSERT_EQ(0, ioctl(self->afd, UTAPI_IOC_AUDIO_STATS, &st));
	n = nonzero(got, r.n);
	TH_LOG("%d of %d samples heard; %llu underruns, %llu overruns, %llu late, "
	       "%llu adjustments, depth %u ms (target %u, max %u)", n, PATTERN,
	       (unsigned long long)st.underruns, (unsigned long long)st.overruns,
	       (unsigned long long)st.late, (unsigned long long)st.adjustments,
	       st.depth_ms, st.target_ms, st.max_depth_ms);
	EXPECT_EQ((unsigned long long)PATTERN, st.rx_samples);
	/* in order and unaltered: a subsequence of what was written */
	for (i = 0, k = 0; i < n && k < PATTERN; k++)
		if (got[i] == pattern(k))
			i++;
	EXPECT_EQ(n, i);
	/* the buffer drops only to catch up: most of it is heard */
	EXPECT_LE(PATTERN * 9 / 10, n);
	EXPECT_GE(st.max_depth_ms, 20U);
	EXPECT_GE(220U, st.max_depth_ms);
	close(s);
}

TEST_F(aud, what_the_application_sends_the_provider_reads_bit_exact)
{
	static short got[3 * PATTERN];
	struct reader r = { .fd = self->afd, .max = 3 * PATTERN, .ms = 2500, .buf = got };
	short chunk[160];
	int s, i, k, n;

	s = stream_open(self->app);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, pthread_create(&r.t, NULL, reader_run, &r));
	/* the stream paces the writer: it blocks while its ring is full */
	for (i = 0; i < PATTERN; i += 160) {
		for (k = 0; k < 160; k++)
			chunk[k] = pattern(i + k);
		ASSERT_EQ((ssize_t)sizeof(chunk), write(s, chunk, sizeof(chunk)));
	}
	pthread_join(r.t, NULL);
	n = nonzero(got, r.n);
	ASSERT_EQ(PATTERN, n);
	for (i = 0; i < PATTERN; i++)
		if (got[i] != pattern(i))
			break;
	EXPECT_EQ(PATTERN, i);
	close(s);
}

TEST_F(aud, bursts_and_gaps_are_absorbed_and_counted)
{
	struct utapi_audio_stats st;
	short burst[800];		/* 100 ms */
	int i;

	for (i = 0; i < 800; i++)
		burst[i] = pattern(i);
	for (i = 0; i < 3; i++) {
		ASSERT_EQ((ssize_t)sizeof(burst), write(self->afd, burst, sizeof(burst)));
		sleep_ms(100);
	}
	sleep_ms(300);			/* the line hears nothing: it runs dry */
	ASSERT_EQ((ssize_t)sizeof(burst), write(self->afd, burst, sizeof(burst)));
	sleep_ms(50);
	ASSERT_EQ(0, ioctl(self->afd, UTAPI_IOC_AUDIO_STATS, &st));
	TH_LOG("%llu underruns, %llu late, %llu adjustments, target %u ms, max depth %u ms",
	       (unsigned long long)st.underruns, (unsigned long long)st.late,
	       (unsigned long long)st.adjustments, st.target_ms, st.max_depth_ms);
	EXPECT_LE(1ULL, st.underruns);
	EXPECT_LE(1ULL, st.late);
	/* a buffer that ran dry aims deeper */
	EXPECT_LE(1ULL, st.adjustments);
	EXPECT_LT(20U, st.target_ms);
	EXPECT_EQ(0ULL, st.overruns);
	EXPECT_EQ(4ULL * 800, st.rx_samples);

	/* far too much at once: the oldest go, the depth stays bounded */
	for (i = 0; i < 5; i++)
		ASSERT_EQ((ssize_t)sizeof(burst), write(self->afd, burst, sizeof(burst)));
	ASSERT_EQ(0, ioctl(self->afd, UTAPI_IOC_AUDIO_STATS, &st));
	EXPECT_LT(0ULL, st.overruns);
	EXPECT_GE(220U + 10, st.depth_ms);
}

TEST_F(aud, the_kernel_hears_dtmf_in_the_providers_audio)
{
	struct tapi_monitor_digits m = { .modes = TAPI_DIGITMODE_DTMF };
	struct tapi_event ev;
	short chunk[160];
	int i, k, t = 0;

	ASSERT_EQ(0, ioctl(self->app, TAPI_IOC_MONITOR_DIGITS, &m));
	/* '5': 770 and 1336 Hz, about -10 dBm0 each, 100 ms, then silence */
	for (i = 0; i < 25; i++) {
		for (k = 0; k < 160; k++, t++)
			chunk[k] = i < 5 ? (short)(5000 * sin(2 * M_PI * 770 * t / RATE) +
						   5000 * sin(2 * M_PI * 1336 * t / RATE)) : 0;
		ASSERT_EQ((ssize_t)sizeof(chunk), write(self->afd, chunk, sizeof(chunk)));
		sleep_ms(20);
	}
	ASSERT_EQ(1, next_event(self->app, TAPI_EVENT_DIGIT, &ev, 2000));
	EXPECT_EQ((unsigned int)'5', ev.param[0]);
	EXPECT_EQ((unsigned int)TAPI_DIGIT_DTMF, ev.param[1]);
}

/* A line with audio may report its loop: the core times it at the tick. */
TEST(the_loop_a_provider_reports_is_timed_by_the_core)
{
	struct tapi_event ev;
	struct prov p;
	int app, ret;

	ret = prov_open(&p, UTAPI_OP_AUDIO, TAPI_LINE_CAP_HOOK_EVENTS, 0);
	if (ret == -ENOENT)
		SKIP(return, "no /dev/utapi: utapi.ko is not loaded");
	ASSERT_EQ(0, ret);
	app = open_line(p.path);
	ASSERT_LE(0, app);
	ASSERT_EQ(0, prov_event(&p, UTAPI_EVENT_HOOK, 1, 0, 0));
	ASSERT_EQ(1, next_event(app, TAPI_EVENT_HOOK, &ev, 2000));
	EXPECT_EQ((unsigned int)TAPI_HOOK_OFFHOOK, ev.param[0]);
	/* a break longer than a flash is on-hook, told once it is that long */
	ASSERT_EQ(0, prov_event(&p, UTAPI_EVENT_HOOK, 0, 0, 0));
	ASSERT_EQ(1, next_event(app, TAPI_EVENT_HOOK, &ev, 3000));
	EXPECT_EQ((unsigned int)TAPI_HOOK_ONHOOK, ev.param[0]);
	close(app);
	close(p.fd);
}

TEST_F(aud, one_descriptor_per_line_and_settings_checked)
{
	struct utapi_audio_open a = { .dev = self->p.dev };
	struct prov plain = { .fd = self->p.fd };

	EXPECT_EQ(-EBUSY, audio_open_prov(&self->p, 0, 0));
	a.jitter_min_ms = 600;
	close(self->afd);
	self->afd = -1;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_AUDIO_OPEN, &a));
	EXPECT_EQ(EINVAL, errno);
	a.jitter_min_ms = 100;
	a.jitter_max_ms = 50;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_AUDIO_OPEN, &a));
	EXPECT_EQ(EINVAL, errno);
	a.jitter_max_ms = 0;
	a.flags = 1;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_AUDIO_OPEN, &a));
	EXPECT_EQ(EINVAL, errno);
	/* closed, it can be opened again */
	self->afd = audio_open_prov(&self->p, 20, 100);
	EXPECT_LE(0, self->afd);
	/* a line without audio has none */
	ASSERT_EQ(0, prov_line(&plain, UTAPI_OP_MAKE_CALL, 0, 0));
	EXPECT_EQ(-EOPNOTSUPP, audio_open_prov(&plain, 0, 0));
	/* odd bytes are no samples */
	EXPECT_EQ(-1, write(self->afd, "abc", 3));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(aud, the_audio_ends_with_the_line)
{
	struct pollfd p = { .fd = self->afd, .events = POLLIN };
	short s[8] = { 1 };

	ASSERT_EQ(0, ioctl(self->p.fd, UTAPI_IOC_DESTROY, &self->p.dev));
	ASSERT_EQ(1, poll(&p, 1, 1000));
	EXPECT_TRUE(p.revents & POLLHUP);
	/* what the line sent before it went can still be read, then the end */
	while (read(self->afd, s, sizeof(s)) > 0)
		;
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(-1, write(self->afd, s, sizeof(s)));
	EXPECT_EQ(ENODEV, errno);
}

TEST_HARNESS_MAIN
