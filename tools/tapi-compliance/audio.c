// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: audio stream descriptors (TAPI_IOC_AUDIO_OPEN): what
 * opening accepts, every format at every chunk size moving whole chunks
 * only, the descriptor's flags, a full stream refusing a non-blocking
 * writer, the statistics, and a reader that falls behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"

static const struct {
	uint32_t format;
	unsigned int bytes;	/* per sample */
	const char *name;
} formats[] = {
	{ TAPI_AUDIO_LINEAR16, 2, "LINEAR16" },
	{ TAPI_AUDIO_ULAW, 1, "ULAW" },
	{ TAPI_AUDIO_ALAW, 1, "ALAW" },
};

static int stats(int s, struct tapi_audio_stats *st)
{
	memset(st, 0xff, sizeof(*st));
	return xioctl(s, TAPI_IOC_AUDIO_STATS, st);
}

static int io_err(ssize_t r)
{
	return r < 0 ? -errno : 0;
}

static void open_rejects(void)
{
	struct tapi_audio_open a = { .format = TAPI_AUDIO_ULAW, .chunk_ms = 20 };
	void *volatile bad = (void *)1;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(audio_open(fd, 0, 0, 20, 0), EINVAL, "AUDIO_OPEN format 0");
	expect_err(audio_open(fd, 0, 4, 20, 0), EINVAL, "AUDIO_OPEN format 4");
	expect_err(audio_open(fd, 0, TAPI_AUDIO_ULAW, 0, 0), EINVAL, "AUDIO_OPEN chunk_ms 0");
	expect_err(audio_open(fd, 0, TAPI_AUDIO_ULAW, 21, 0), EINVAL, "AUDIO_OPEN chunk_ms 21");
	expect_err(audio_open(fd, 0, TAPI_AUDIO_ULAW, 20, O_APPEND), EINVAL,
		   "AUDIO_OPEN flags O_APPEND");
	expect_err(audio_open(fd, 0, TAPI_AUDIO_ULAW, 20, O_RDONLY | 0x80000000), EINVAL,
		   "AUDIO_OPEN flags 0x80000000");
	expect_reserved(fd, TAPI_IOC_AUDIO_OPEN, &a, sizeof(a),
			offsetof(struct tapi_audio_open, reserved), ARRAY_LEN(a.reserved),
			"AUDIO_OPEN");
	a.fd = 3;	/* an output: must come in as 0 */
	expect_err(xioctl(fd, TAPI_IOC_AUDIO_OPEN, &a), EINVAL, "AUDIO_OPEN with fd 3 in");
	expect_err(audio_open(fd, 4242, TAPI_AUDIO_ULAW, 20, 0), ENOENT,
		   "AUDIO_OPEN of call 4242, unknown to this file");
	expect_err(xioctl(fd, TAPI_IOC_AUDIO_OPEN, bad), EFAULT, "AUDIO_OPEN at address 1");
	close(fd);
}

/* A failed answer must not leave a descriptor behind. */
static void efault_leaves_no_fd(void)
{
	struct tapi_audio_open a = { .format = TAPI_AUDIO_LINEAR16, .chunk_ms = 20 };
	int fd = open_line(O_NONBLOCK), before, after;
	void *p;

	if (!expect_ok(fd, "open"))
		return;
	p = ro_page(&a, sizeof(a));
	before = lowest_free_fd();
	expect_err(xioctl(fd, TAPI_IOC_AUDIO_OPEN, p), EFAULT,
		   "AUDIO_OPEN whose answer cannot be written");
	after = lowest_free_fd();
	EXPECT(before == after, "the failed AUDIO_OPEN left descriptor %d open", before);
	free_page(p);
	close(fd);
}

/* Wait until @s can be read (or written): the revents, 0 on timeout. */
static short wait_io(int s, short events, int ms)
{
	struct pollfd p = { .fd = s, .events = events };

	return poll(&p, 1, ms) == 1 ? p.revents : 0;
}

/* One stream of @format and @chunk_ms: whole chunks in, whole chunks out. */
static void one_stream(int fd, unsigned int f, unsigned int chunk_ms)
{
	size_t bytes = chunk_ms * 8 * formats[f].bytes;
	unsigned char buf[4 * 20 * 8 * 2] = { 0 };
	const char *name = formats[f].name;
	int s = audio_open(fd, 0, formats[f].format, chunk_ms, O_NONBLOCK);
	ssize_t r;

	if (!expect_ok(s, "AUDIO_OPEN %s, %u ms chunks", name, chunk_ms))
		return;
	EXPECT(wait_io(s, POLLOUT, 0) & POLLOUT, "%s %u ms: a new stream is not writable",
	       name, chunk_ms);
	expect_err(io_err(read(s, buf, bytes - 1)), EINVAL, "%s %u ms: read of a chunk less a byte",
		   name, chunk_ms);
	expect_err(io_err(write(s, buf, 0)), EINVAL, "%s %u ms: write of nothing", name, chunk_ms);
	expect_err(io_err(write(s, buf, bytes + formats[f].bytes)), EINVAL,
		   "%s %u ms: write of a chunk and a sample", name, chunk_ms);
	r = write(s, buf, bytes);
	EXPECT(r == (ssize_t)bytes, "%s %u ms: write of a chunk returned %zd (%s), not %zu",
	       name, chunk_ms, r, errname(r < 0 ? errno : 0), bytes);
	r = write(s, buf, 2 * bytes);
	EXPECT(r == (ssize_t)(2 * bytes), "%s %u ms: write of two chunks returned %zd (%s)", name,
	       chunk_ms, r, errname(r < 0 ? errno : 0));
	if (EXPECT(wait_io(s, POLLIN, 2000) & POLLIN, "%s %u ms: nothing to read after 2 s",
		   name, chunk_ms)) {
		/* a buffer of three and a half chunks gets whole ones */
		r = read(s, buf, bytes * 7 / 2);
		EXPECT(r > 0 && r % bytes == 0 && r <= (ssize_t)(3 * bytes),
		       "%s %u ms: read of 3.5 chunks returned %zd (%s)", name, chunk_ms, r,
		       errname(r < 0 ? errno : 0));
	}
	close(s);
}

static void formats_and_chunks(void)
{
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	for (unsigned int f = 0; f < ARRAY_LEN(formats); f++)
		for (unsigned int ms = 1; ms <= 20; ms++)
			one_stream(fd, f, ms);
	close(fd);
}

static void descriptor_flags(void)
{
	int fd = open_line(O_NONBLOCK), s;

	if (!expect_ok(fd, "open"))
		return;
	s = audio_open(fd, 0, TAPI_AUDIO_ULAW, 20, O_NONBLOCK | O_CLOEXEC);
	if (expect_ok(s, "AUDIO_OPEN O_NONBLOCK|O_CLOEXEC")) {
		EXPECT(fcntl(s, F_GETFD) & FD_CLOEXEC, "O_CLOEXEC asked, FD_CLOEXEC not set");
		EXPECT(fcntl(s, F_GETFL) & O_NONBLOCK, "O_NONBLOCK asked, not set");
		EXPECT((fcntl(s, F_GETFL) & O_ACCMODE) == O_RDWR,
		       "a stream of the line opened by its file is not read-write");
		close(s);
	}
	s = audio_open(fd, 0, TAPI_AUDIO_ULAW, 20, 0);
	if (expect_ok(s, "AUDIO_OPEN without flags")) {
		EXPECT(!(fcntl(s, F_GETFD) & FD_CLOEXEC), "FD_CLOEXEC set, not asked");
		EXPECT(!(fcntl(s, F_GETFL) & O_NONBLOCK), "O_NONBLOCK set, not asked");
		close(s);
	}
	close(fd);
}

/* A non-blocking writer fills the stream's buffer (128 ms), then EAGAIN. */
static void full_stream(void)
{
	unsigned char buf[160] = { 0 };
	int fd = open_line(O_NONBLOCK), s, k;
	ssize_t r = 0;

	if (!expect_ok(fd, "open"))
		return;
	s = audio_open(fd, 0, TAPI_AUDIO_ULAW, 20, O_NONBLOCK);
	if (!expect_ok(s, "AUDIO_OPEN"))
		return;
	for (k = 0; k < 100; k++) {
		r = write(s, buf, sizeof(buf));
		if (r < 0)
			break;
	}
	expect_err(io_err(r), EAGAIN, "write to a full stream (after %d chunks of 20 ms)", k);
	EXPECT(k >= 5, "the stream took only %d chunks of 20 ms (its buffer holds 128 ms)", k);
	EXPECT(wait_io(s, POLLOUT, 2000) & POLLOUT, "a full stream did not become writable");
	/* and reading drains to EAGAIN, never blocking */
	for (k = 0; k < 1000 && (r = read(s, buf, sizeof(buf))) > 0; k++)
		;
	expect_err(io_err(r), EAGAIN, "non-blocking read until nothing is left");
	close(s);
	close(fd);
}

static void bad_io(void)
{
	void *volatile bad = (void *)1;
	unsigned char buf[320];
	struct tapi_audio_stats st;
	int fd = open_line(O_NONBLOCK), s;

	if (!expect_ok(fd, "open"))
		return;
	s = audio_open(fd, 0, TAPI_AUDIO_LINEAR16, 10, O_NONBLOCK);
	if (!expect_ok(s, "AUDIO_OPEN"))
		return;
	expect_err(io_err(write(s, bad, 160)), EFAULT, "write from address 1");
	if (EXPECT(wait_io(s, POLLIN, 2000) & POLLIN, "nothing to read after 2 s"))
		expect_err(io_err(read(s, bad, 160)), EFAULT, "read into address 1");
	EXPECT(read(s, buf, 160) == 160, "no chunk after a failed read");
	if (expect_ok(stats(s, &st), "AUDIO_STATS")) {
		for (size_t k = 0; k < ARRAY_LEN(st.reserved); k++)
			EXPECT(!st.reserved[k], "AUDIO_STATS reserved[%zu] %llu", k,
			       (unsigned long long)st.reserved[k]);
		EXPECT(!st.underruns, "%llu underruns, nothing written",
		       (unsigned long long)st.underruns);
	}
	close(s);
	close(fd);
}

/* A reader that falls behind loses whole ticks, counted; then goes on. */
static void overrun(void)
{
	struct tapi_audio_stats st;
	unsigned char buf[160];
	int fd = open_line(O_NONBLOCK), s, k;
	uint64_t t0, ms;
	ssize_t r = 0;

	if (!expect_ok(fd, "open"))
		return;
	t0 = now_ns();
	s = audio_open(fd, 0, TAPI_AUDIO_ULAW, 20, O_NONBLOCK);
	if (!expect_ok(s, "AUDIO_OPEN"))
		return;
	usleep(400000);
	if (expect_ok(stats(s, &st), "AUDIO_STATS")) {
		ms = (now_ns() - t0) / 1000000;
		EXPECT(st.overruns > 0, "no overrun counted after 400 ms unread (128 ms fit)");
		/*
		 * more than fit (128 ms), at most what the time allows: a
		 * clock that fell far behind on a starved machine skips the
		 * ticks it cannot catch up, so not all 400 ms need arrive
		 */
		EXPECT(st.rx_samples > 8 * 128 && st.rx_samples <= 8 * (ms + 20),
		       "%llu samples received in %llu ms", (unsigned long long)st.rx_samples,
		       (unsigned long long)ms);
	}
	for (k = 0; k < 1000 && (r = read(s, buf, sizeof(buf))) == sizeof(buf); k++)
		;
	expect_err(io_err(r), EAGAIN, "reading what was queued (then nothing)");
	EXPECT(wait_io(s, POLLIN, 2000) & POLLIN, "the stream did not go on after the overrun");
	close(s);
	close(fd);
}

/* Once written to, a stream that runs dry sends silence, counted. */
static void underrun(void)
{
	unsigned char buf[160] = { 0 };
	struct tapi_audio_stats st;
	int fd = open_line(O_NONBLOCK), s;

	if (!expect_ok(fd, "open"))
		return;
	s = audio_open(fd, 0, TAPI_AUDIO_ULAW, 20, O_NONBLOCK);
	if (!expect_ok(s, "AUDIO_OPEN"))
		return;
	EXPECT(write(s, buf, sizeof(buf)) == sizeof(buf), "write of a chunk");
	usleep(200000);
	if (expect_ok(stats(s, &st), "AUDIO_STATS")) {
		EXPECT(st.underruns > 0, "no underrun 200 ms after a 20 ms chunk");
		EXPECT(st.tx_samples >= 160, "%llu samples sent after a 20 ms chunk and 200 ms",
		       (unsigned long long)st.tx_samples);
	}
	close(s);
	close(fd);
}

const struct check audio_checks[] = {
	{ "audio.open-rejects-bad-input", open_rejects, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ "audio.open-efault-leaves-no-descriptor", efault_leaves_no_fd, NEED_LINE,
	  TAPI_LINE_CAP_AUDIO },
	{ "audio.every-format-and-chunk-size", formats_and_chunks, NEED_LINE,
	  TAPI_LINE_CAP_AUDIO },
	{ "audio.descriptor-flags", descriptor_flags, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ "audio.full-stream-eagain", full_stream, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ "audio.bad-buffers-efault", bad_io, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ "audio.overrun-counted-and-recovers", overrun, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ "audio.underrun-counted", underrun, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ 0 }
};
