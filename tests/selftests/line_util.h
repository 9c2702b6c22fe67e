/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the line kselftests (tapi_line_*_test.c) share: the line under test
 * (TAPI_DEV, default /dev/tapi0) and its peer /dev/tapi1 (1002), tapi_sim's
 * rings, far-end DTMF and cross-connections, audio streams, digit
 * generation, events, and the fixture that opens the line.
 */
#ifndef TAPI_LINE_UTIL_H
#define TAPI_LINE_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "kselftest_harness.h"
#include "sim_debugfs.h"

static inline const char *dev_path(void)
{
	const char *p = getenv("TAPI_DEV");

	return p ? p : "/dev/tapi0";
}

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static inline int get_info(int fd, struct tapi_line_info *info)
{
	memset(info, 0, sizeof(*info));
	return ioctl(fd, TAPI_IOC_GET_LINE_INFO, info);
}

/* Ask tapi_sim to ring line @address @n times. */
static inline int sim_ring(const char *address, unsigned int n)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", n);
	return sim_write(address, "ring", buf);
}

/* Have tapi_sim's far end send @digits in-band on line @address. */
static inline int sim_dtmf(const char *address, const char *digits)
{
	return sim_write(address, "dtmf", digits);
}

/* Cross-connect tapi_sim line @address's audio with @peer ("0": none). */
static inline int sim_connect(const char *address, const char *peer)
{
	return sim_write(address, "connect", peer);
}

/* Open an audio stream on line @fd; the stream's descriptor, or -errno. */
static inline int audio_open(int fd, unsigned int format, unsigned int chunk_ms, unsigned int flags)
{
	struct tapi_audio_open a = { .format = format, .chunk_ms = chunk_ms, .flags = flags };

	return ioctl(fd, TAPI_IOC_AUDIO_OPEN, &a) ? -errno : a.fd;
}

static inline int audio_stats(int sfd, struct tapi_audio_stats *st)
{
	memset(st, 0xff, sizeof(*st));
	return ioctl(sfd, TAPI_IOC_AUDIO_STATS, st);
}

/* The second line, for audio between two lines: /dev/tapi1 (1002). */
#define PEER_DEV "/dev/tapi1"

/* Read exactly @n records, waiting up to 5 s for them to arrive. */
static inline int read_events(int fd, struct tapi_event *ev, int n)
{
	int got = 0;

	while (got < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 5000) != 1)
			return got;
		r = read(fd, ev + got, (n - got) * sizeof(*ev));
		if (r < 0)
			return r;
		got += r / sizeof(*ev);
	}
	return got;
}

static inline int generate(int fd, const char *digits, unsigned int on_ms, unsigned int off_ms,
			   int level, unsigned int tag)
{
	struct tapi_generate_digits g = {
		.mode = TAPI_DIGIT_DTMF, .on_ms = on_ms, .off_ms = off_ms, .level = level,
		.tag = tag,
	};

	snprintf(g.digits, sizeof(g.digits), "%s", digits);
	return ioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g) ? -errno : 0;
}

/*
 * The next event of @type on @fd within @ms, with param[1] == @p1 unless
 * @p1 is -1: 1 with it in *ev, or 0. Other events are skipped.
 */
static inline int wait_for(int fd, unsigned int type, long p1, struct tapi_event *ev, int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;

	while (now_ns() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, (int)((end - now_ns()) / 1000000) + 1) != 1)
			return 0;
		if (read(fd, ev, sizeof(*ev)) != sizeof(*ev))
			return 0;
		if (ev->type == type && (p1 < 0 || ev->param[1] == (uint32_t)p1))
			return 1;
	}
	return 0;
}

FIXTURE(line) {
	int fd;
	struct tapi_line_info info;
};

FIXTURE_SETUP(line)
{
	self->fd = open(dev_path(), O_RDWR | O_NONBLOCK);
	if (self->fd < 0)
		SKIP(return, "cannot open %s: %s", dev_path(), strerror(errno));
	ASSERT_EQ(0, get_info(self->fd, &self->info));
}

FIXTURE_TEARDOWN(line)
{
	if (self->fd >= 0)
		close(self->fd);
}

#endif
