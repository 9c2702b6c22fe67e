// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: event records, read() and poll() on a line. Every line
 * can be made to report events without its driver's help: a file that asks
 * for TAPI_LINESTATE_OPEN and _CLOSE hears of every other file opening and
 * closing the line, so these checks make their own events that way.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "compliance.h"

#define OPEN_CLOSE (TAPI_LINESTATE_OPEN | TAPI_LINESTATE_CLOSE)

/* Have @n line state records (OPEN, CLOSE, OPEN...) queued for the files that asked. */
static bool make_events(unsigned int n)
{
	int other = -1;

	for (unsigned int k = 0; k < n; k++) {
		if (other < 0) {
			other = open_line(O_NONBLOCK);
			if (other < 0) {
				fail("open, for an event: %s", errname(other));
				return false;
			}
		} else {
			close(other);
			other = -1;
		}
	}
	if (other >= 0)
		close(other);
	return true;
}

/* A file of the line that hears others open and close it; or -errno. */
static int listener(int flags)
{
	int fd = open_line(flags), ret;

	if (fd < 0)
		return fd;
	ret = status_events(fd, OPEN_CLOSE);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

static void nothing_queued(void)
{
	struct pollfd p = { .events = POLLIN };
	struct tapi_event ev;
	int fd = open_line(0);

	if (!expect_ok(fd, "open"))
		return;
	p.fd = fd;
	EXPECT(poll(&p, 1, 50) == 0, "poll says 0x%x with nothing queued", p.revents);
	/* O_NONBLOCK, set after the open */
	fcntl(fd, F_SETFL, O_NONBLOCK);
	expect_err(read(fd, &ev, sizeof(ev)) < 0 ? -errno : 0, EAGAIN,
		   "O_NONBLOCK read with nothing queued");
	close(fd);
}

static void bad_reads(void)
{
	char buf[sizeof(struct tapi_event)] = { 0 };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(read(fd, buf, sizeof(buf) - 1) < 0 ? -errno : 0, EINVAL,
		   "read of 47 bytes (a record is 48)");
	expect_err(read(fd, buf, 0) < 0 ? -errno : 0, EINVAL, "read of 0 bytes");
	expect_err(lseek(fd, 0, SEEK_SET) < 0 ? -errno : 0, ESPIPE, "lseek");
	expect_err(write(fd, buf, sizeof(buf)) < 0 ? -errno : 0, EINVAL, "write");
	close(fd);
}

static void records(void)
{
	struct tapi_event ev[6];
	struct pollfd p = { .events = POLLIN | POLLRDNORM };
	int fd = listener(O_NONBLOCK), n;
	uint64_t before, after;

	if (!expect_ok(fd, "open and SET_STATUS_EVENTS"))
		return;
	before = now_ns();
	if (!make_events(6))
		return;
	p.fd = fd;
	EXPECT(poll(&p, 1, EVENT_MS) == 1 && (p.revents & (POLLIN | POLLRDNORM)) ==
	       (POLLIN | POLLRDNORM), "poll says 0x%x with records queued", p.revents);
	n = read_records(fd, ev, 6, EVENT_MS);
	after = now_ns();
	if (!EXPECT(n == 6, "%d of 6 records came", n))
		return;
	for (int k = 0; k < n; k++) {
		EXPECT(ev[k].type == TAPI_EVENT_LINE_STATE, "record %d: type %u", k, ev[k].type);
		EXPECT(ev[k].param[0] == (k % 2 ? TAPI_LINESTATE_CLOSE : TAPI_LINESTATE_OPEN),
		       "record %d: line state 0x%x", k, ev[k].param[0]);
		EXPECT(!ev[k].call_id, "record %d: call_id %u for the line", k, ev[k].call_id);
		EXPECT(!ev[k].reserved, "record %d: reserved %llu", k,
		       (unsigned long long)ev[k].reserved);
		EXPECT(ev[k].timestamp_ns >= before && ev[k].timestamp_ns <= after,
		       "record %d: timestamp %llu outside [%llu, %llu] (CLOCK_MONOTONIC)", k,
		       (unsigned long long)ev[k].timestamp_ns, (unsigned long long)before,
		       (unsigned long long)after);
		if (k) {
			EXPECT(ev[k].seq == ev[k - 1].seq + 1, "record %d: seq %llu after %llu", k,
			       (unsigned long long)ev[k].seq, (unsigned long long)ev[k - 1].seq);
			EXPECT(ev[k].timestamp_ns >= ev[k - 1].timestamp_ns,
			       "record %d: its timestamp goes back", k);
		}
	}
	p.revents = 0;
	EXPECT(poll(&p, 1, 0) == 0, "poll says 0x%x once all was read", p.revents);
	close(fd);
}

static void whole_records(void)
{
	struct tapi_event ev[8];
	char buf[sizeof(ev[0]) * 3 / 2];
	int fd = listener(O_NONBLOCK);
	ssize_t r;

	if (!expect_ok(fd, "open and SET_STATUS_EVENTS") || !make_events(6))
		return;
	if (!EXPECT(read_records(fd, ev, 1, EVENT_MS) == 1, "no record came"))
		return;
	/* a buffer for one and a half records gets one */
	r = read(fd, buf, sizeof(buf));
	EXPECT(r == sizeof(ev[0]), "read of 1.5 records returned %zd", r);
	memcpy(&ev[1], buf, sizeof(ev[1]));
	EXPECT(ev[1].seq == ev[0].seq + 1, "seq %llu after %llu", (unsigned long long)ev[1].seq,
	       (unsigned long long)ev[0].seq);
	/* a large one gets every record queued, no more */
	usleep(100000);
	r = read(fd, ev, sizeof(ev));
	EXPECT(r == 4 * sizeof(ev[0]), "read of 8 records with 4 queued returned %zd", r);
	close(fd);
}

static void bad_buffer(void)
{
	/* volatile: the compiler must not see that these are bad on purpose */
	void *volatile bad[2] = { (void *)1, NULL };
	struct tapi_event ev;
	int fd = listener(O_NONBLOCK);

	if (!expect_ok(fd, "open and SET_STATUS_EVENTS") || !make_events(1))
		return;
	usleep(100000);
	expect_err(read(fd, bad[0], sizeof(ev)) < 0 ? -errno : 0, EFAULT, "read into address 1");
	expect_err(read(fd, bad[1], sizeof(ev)) < 0 ? -errno : 0, EFAULT, "read into NULL");
	EXPECT(read(fd, &ev, sizeof(ev)) == sizeof(ev) && ev.type == TAPI_EVENT_LINE_STATE &&
	       ev.param[0] == TAPI_LINESTATE_OPEN,
	       "the record was lost by the failed reads (or changed)");
	close(fd);
}

static void every_file(void)
{
	struct tapi_event a[2], b[2];
	int f1 = open_line(O_NONBLOCK), f2 = open_line(O_NONBLOCK);

	/* both open before either listens: they hear the same */
	if (!expect_ok(f1, "open") || !expect_ok(f2, "open") ||
	    !expect_ok(status_events(f1, OPEN_CLOSE), "SET_STATUS_EVENTS") ||
	    !expect_ok(status_events(f2, OPEN_CLOSE), "SET_STATUS_EVENTS") || !make_events(2))
		return;
	if (!EXPECT(read_records(f1, a, 2, EVENT_MS) == 2 && read_records(f2, b, 2, EVENT_MS) == 2,
		    "each file should get both records"))
		return;
	EXPECT(a[1].seq == a[0].seq + 1 && b[1].seq == b[0].seq + 1, "seq not consecutive");
	/* the same records; each file numbers its own */
	a[0].seq = b[0].seq;
	a[1].seq = b[1].seq;
	EXPECT(!memcmp(a, b, sizeof(a)), "the two files got different records");
	close(f1);
	close(f2);
}

static void overflow(void)
{
	struct tapi_line_info info = { 0 };
	struct tapi_event *ev, extra;
	unsigned int qlen, lost, n;
	int fd = listener(O_NONBLOCK), got;
	uint64_t count;

	if (!expect_ok(fd, "open and SET_STATUS_EVENTS") ||
	    !expect_ok(xioctl(fd, TAPI_IOC_GET_LINE_INFO, &info), "GET_LINE_INFO"))
		return;
	qlen = info.event_queue_len;
	/* an even number of events, at least 37 more than the queue holds */
	lost = 37 + ((qlen + 37) & 1);
	n = qlen + lost;
	ev = calloc(qlen + 2, sizeof(*ev));
	if (!ev || !make_events(n))
		return;
	got = read_records(fd, ev, qlen + 2, 1000);
	if (!EXPECT(got == (int)qlen + 1, "%u events for a queue of %u: %d records, expected %u "
		    "and the overflow record", n, qlen, got, qlen + 1))
		return;
	for (unsigned int k = 1; k < qlen; k++)
		if (!EXPECT(ev[k].seq == ev[k - 1].seq + 1, "record %u: seq %llu after %llu", k,
			    (unsigned long long)ev[k].seq, (unsigned long long)ev[k - 1].seq))
			break;
	count = ev[qlen].param[0] | (uint64_t)ev[qlen].param[1] << 32;
	EXPECT(ev[qlen].type == TAPI_EVENT_OVERFLOW, "record %u: type %u, not OVERFLOW", qlen,
	       ev[qlen].type);
	EXPECT(count == lost, "the overflow record counts %llu lost, %u were",
	       (unsigned long long)count, lost);
	EXPECT(ev[qlen].seq == ev[qlen - 1].seq + 1,
	       "the overflow record's seq %llu is not that of the first lost, %llu",
	       (unsigned long long)ev[qlen].seq, (unsigned long long)ev[qlen - 1].seq + 1);
	EXPECT(ev[qlen].timestamp_ns >= ev[qlen - 1].timestamp_ns,
	       "the overflow record's timestamp goes back");
	/* events flow again, numbered as if none had been lost */
	if (make_events(1) && EXPECT(read_records(fd, &extra, 1, EVENT_MS) == 1,
				     "no record after the overflow")) {
		EXPECT(extra.type == TAPI_EVENT_LINE_STATE, "then type %u", extra.type);
		EXPECT(extra.seq == ev[qlen].seq + lost, "then seq %llu, expected %llu",
		       (unsigned long long)extra.seq, (unsigned long long)ev[qlen].seq + lost);
		EXPECT(extra.timestamp_ns >= ev[qlen].timestamp_ns, "then a timestamp back in time");
	}
	free(ev);
	close(fd);
}

/* A reader or poller blocked in the kernel wakes for an event. */
static void blocked_wakes(bool use_poll)
{
	struct waiter w;
	int fd = listener(use_poll ? O_NONBLOCK : 0);

	if (!expect_ok(fd, "open and SET_STATUS_EVENTS") || !start_waiter(&w, fd, use_poll))
		return;
	usleep(200000);
	if (!make_events(1))
		return;
	if (!EXPECT(waiter_woke(&w, now_ns() + EVENT_MS * 1000000ull),
		    "a blocked %s did not wake for an event", use_poll ? "poll" : "read"))
		return;
	if (use_poll)
		EXPECT(w.ret == 1 && (w.revents & (POLLIN | POLLRDNORM)) == (POLLIN | POLLRDNORM),
		       "poll returned %zd, revents 0x%x", w.ret, w.revents);
	else
		EXPECT(w.ret == sizeof(w.ev) && w.ev.type == TAPI_EVENT_LINE_STATE,
		       "the blocked read returned %zd (%s), type %u", w.ret, errname(w.err),
		       w.ev.type);
	close(fd);
}

static void read_wakes(void)
{
	blocked_wakes(false);
}

static void poll_wakes(void)
{
	blocked_wakes(true);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A signal interrupts a blocked read (no SA_RESTART: EINTR). */
static void read_interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_usec = 200000 } };
	struct tapi_event ev;
	int fd = open_line(0);
	ssize_t r;

	if (!expect_ok(fd, "open"))
		return;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	r = read(fd, &ev, sizeof(ev));
	expect_err(r < 0 ? -errno : 0, EINTR, "a blocked read when a signal came");
	close(fd);
}

const struct check event_checks[] = {
	{ "read.nothing-queued-eagain", nothing_queued, NEED_LINE, 0 },
	{ "read.short-buffer-seek-and-write-refused", bad_reads, NEED_LINE, 0 },
	{ "events.records-in-order-with-timestamps", records, NEED_LINE, 0 },
	{ "events.read-returns-whole-records", whole_records, NEED_LINE, 0 },
	{ "events.bad-buffer-loses-nothing", bad_buffer, NEED_LINE, 0 },
	{ "events.every-file-gets-every-event", every_file, NEED_LINE, 0 },
	{ "events.overflow-is-reported-and-counted", overflow, NEED_LINE, 0 },
	{ "events.blocked-read-wakes", read_wakes, NEED_LINE, 0 },
	{ "events.blocked-poll-wakes", poll_wakes, NEED_LINE, 0 },
	{ "events.blocked-read-interrupted-eintr", read_interrupted, NEED_LINE, 0 },
	{ 0 }
};
