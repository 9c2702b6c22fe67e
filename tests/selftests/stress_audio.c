// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_stress: audio stream descriptors shared by the threads of one
 * process. One thread opens streams on random lines, two read, write, poll
 * and ask for statistics on whatever descriptor a slot holds, one closes
 * them under the others' feet. The fd race worker, a process apart, opens
 * streams in one thread while another closes the descriptor number each
 * new stream is about to get: TAPI_IOC_AUDIO_OPEN must be done with the
 * stream before the descriptor is installed (issue 15, item 1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "stress.h"

#define STREAMS	6

static atomic_int streams[STREAMS];

/* Take a slot's descriptor for a moment: -1 when empty. */
static int stream_at(unsigned int i)
{
	return atomic_load(&streams[i % STREAMS]);
}

static void *opener(void *arg)
{
	unsigned int idx = (uintptr_t)arg;
	int line = -1, dev = -1;
	struct evtrack t;
	struct rng r;
	char who[24];

	snprintf(who, sizeof(who), "audio.%u", idx);
	rng_init(&r, idx);
	while (!stopping()) {
		struct tapi_audio_open a = {
			.format = 1 + pick(&r, 3), .chunk_ms = 1 + pick(&r, 20),
			.flags = O_CLOEXEC | (one_in(&r, 8) ? 0 : O_NONBLOCK),
		};
		int old;

		if (line < 0 || one_in(&r, 64)) {
			if (line >= 0)
				close(line);
			dev = pick(&r, MAX_DEVS);
			line = open_dev(K_LINE, dev);
			evtrack_init(&t, K_LINE);
			if (line < 0) {
				usleep(2000);
				continue;
			}
		}
		if (xioctl(who, line, &t, TAPI_IOC_AUDIO_OPEN, &a, BAD_NONE) < 0) {
			if (errno == ENODEV || errno == EOPNOTSUPP) {
				close(line);
				line = -1;
			}
			continue;
		}
		COUNT(audio_opened);
		old = atomic_exchange(&streams[pick(&r, STREAMS)], a.fd);
		if (old >= 0)
			close(old);
		usleep(pick(&r, 3000));
	}
	if (line >= 0)
		close(line);
	return NULL;
}

/* Whatever the slot holds, it may be closed, or reused, at any moment. */
static void *user(void *arg)
{
	static const int errs[] = { EAGAIN, EINVAL, ENODEV, EBADF, EPIPE, EPERM, 0 };
	unsigned int idx = (uintptr_t)arg;
	char who[24], buf[2 * 160 * 2];
	struct evtrack t;
	struct rng r;

	snprintf(who, sizeof(who), "audio.%u", idx);
	rng_init(&r, idx);
	evtrack_init(&t, K_AUDIO);
	memset(buf, 0, sizeof(buf));
	while (!stopping()) {
		int fd = stream_at(pick(&r, STREAMS));
		struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
		struct tapi_audio_stats st;
		size_t len = 2 * 8 * (1 + pick(&r, 20));
		ssize_t n;

		if (fd < 0) {
			usleep(1000);
			continue;
		}
		switch (pick(&r, 5)) {
		case 0:
			/* a blocking one waits at most a chunk (the line ticks) */
			n = read(fd, buf, one_in(&r, 2) ? len : sizeof(buf));
			expect_errno(who, "audio read", n, errs);
			break;
		case 1:
			n = write(fd, buf, len);
			expect_errno(who, "audio write", n, errs);
			break;
		case 2:
			if (poll(&p, 1, pick(&r, 20)) < 0)
				fail(who, "audio poll: %s", strerror(errno));
			break;
		case 3:
			/* the number may be a line's by now: its ENOTTY is expected */
			if (ioctl(fd, TAPI_IOC_AUDIO_STATS, &st) < 0 && errno != EBADF &&
			    errno != ENOTTY)
				fail(who, "AUDIO_STATS = -1 %s", strerror(errno));
			break;
		default:
			usleep(pick(&r, 2000));
		}
	}
	return NULL;
}

static void *closer(void *arg)
{
	struct rng r;

	rng_init(&r, (uintptr_t)arg);
	while (!stopping()) {
		int fd = atomic_exchange(&streams[pick(&r, STREAMS)], -1);

		if (fd >= 0) {
			close(fd);
			COUNT(audio_closed_elsewhere);
		}
		usleep(pick(&r, 4000));
	}
	return NULL;
}

void audio_worker(unsigned int idx)
{
	static void *(*const fn[])(void *) = { opener, opener, user, user, closer };
	unsigned int i;

	for (i = 0; i < STREAMS; i++)
		atomic_init(&streams[i], -1);
	run_threads("audio", fn, 5, idx);
	for (i = 0; i < STREAMS; i++)
		if (stream_at(i) >= 0)
			close(stream_at(i));
}

static atomic_int race_line = -1;

/* Close the lowest free descriptor number, and the next, over and over. */
static void *race_closer(void *arg)
{
	(void)arg;
	while (!stopping()) {
		int guess = atomic_load(&race_line) + 1;

		/* never stdin, stdout or stderr */
		if (guess > STDERR_FILENO) {
			close(guess);
			close(guess + 1);
		} else {
			usleep(1000);
		}
	}
	return NULL;
}

void fd_race_worker(unsigned int idx)
{
	struct evtrack t;
	pthread_t th;
	struct rng r;
	int line = -1;

	rng_init(&r, idx);
	/* descriptors above the line's are the streams': the closer's only */
	if (fcntl(STDIN_FILENO, F_GETFD) < 0 && open("/dev/null", O_RDONLY) < 0)
		return;
	for (int fd = 3; fd < 64; fd++)
		if (fd != STDOUT_FILENO && fd != STDERR_FILENO)
			close(fd);
	if (pthread_create(&th, NULL, race_closer, NULL)) {
		fail("fdrace", "pthread_create failed");
		return;
	}
	while (!stopping()) {
		struct tapi_audio_open a = { .format = TAPI_AUDIO_LINEAR16, .chunk_ms = 10,
					     .flags = O_NONBLOCK };

		if (line < 0) {
			line = open_dev(K_LINE, pick(&r, 4));
			evtrack_init(&t, K_LINE);
			atomic_store(&race_line, line);
			if (line < 0) {
				usleep(5000);
				continue;
			}
		}
		if (!xioctl("fdrace", line, &t, TAPI_IOC_AUDIO_OPEN, &a, BAD_NONE)) {
			COUNT(fd_race_opens);
			close(a.fd);	/* EBADF when the closer was first */
		} else if (errno == ENODEV) {
			atomic_store(&race_line, -1);
			/* the closer may still close our next number: a moment apart */
			usleep(1000);
			close(line);
			line = -1;
		}
	}
	pthread_join(th, NULL);
	if (line >= 0)
		close(line);
}
