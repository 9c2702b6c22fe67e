// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: the device goes away while files, streams, calls,
 * blocked readers and pollers have it open (hardware unplugged, a driver
 * unloaded). Only its driver can remove it: --remove-cmd says how. Every
 * file then reads what was queued, the removal record last, and ENODEV;
 * blocked readers and pollers wake; every ioctl fails with ENODEV; audio
 * streams give what they hold, then ENODEV.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compliance.h"

/* How long blocked readers may take to wake once the command returned. */
#define WAKE_MS 10000

/*
 * Read every record left on @fd: the last must be the removal record
 * (@type with @what in param[0]), seq consecutive, then ENODEV.
 */
static void ends_with_removal(int fd, uint32_t type, uint32_t what, const char *who)
{
	struct tapi_event ev, last = { 0 };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = 0;
	ssize_t r;

	EXPECT(poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR)) == (POLLHUP | POLLERR) &&
	       (p.revents & POLLIN), "%s: poll says 0x%x, expected POLLIN|POLLHUP|POLLERR", who,
	       p.revents);
	while ((r = read(fd, &ev, sizeof(ev))) == sizeof(ev)) {
		if (n && ev.seq != last.seq + 1)
			fail("%s: record %d: seq %llu after %llu", who, n, (unsigned long long)ev.seq,
			     (unsigned long long)last.seq);
		last = ev;
		n++;
	}
	expect_err(r < 0 ? -errno : 0, ENODEV, "%s: read once every record was read", who);
	EXPECT(n && last.type == type && last.param[0] == what,
	       "%s: the last of %d records is type %u (0x%x), not the removal record", who, n,
	       last.type, last.param[0]);
	p.revents = 0;
	EXPECT(poll(&p, 1, 0) == 1 && !(p.revents & POLLIN) && (p.revents & POLLHUP),
	       "%s: poll says 0x%x once all was read", who, p.revents);
}

static void every_ioctl_enodev(int fd, bool phone, const char *who)
{
	static unsigned char room[4096];

	for (const struct ioctl_desc *d = uapi_ioctls; d->req; d++) {
		if (d->phone != phone || d->stream)
			continue;
		memset(room, 0, sizeof(room));
		expect_err(xioctl(fd, d->req, room), ENODEV, "%s: %s after the removal", who, d->name);
	}
}

static void removal(void)
{
	struct waiter reader, poller, preader;
	int q = -1, caller = -1, s = -1, pq = -1, status, fd;
	unsigned char pcm[320];
	uint64_t deadline;
	ssize_t r;

	if (ctx.line) {
		q = open_line(O_NONBLOCK);
		if (!expect_ok(q, "open") ||
		    !expect_ok(status_events(q, TAPI_LINESTATE_OPEN | TAPI_LINESTATE_CLOSE),
			       "SET_STATUS_EVENTS"))
			return;
		/* records queued before the removal: another file opened and closed */
		fd = open_line(O_NONBLOCK);
		if (fd >= 0)
			close(fd);
		if (!start_waiter(&reader, open_line(0), false) ||
		    !start_waiter(&poller, open_line(O_NONBLOCK), true))
			return;
		if (ctx.info.caps & TAPI_LINE_CAP_CALLS) {
			caller = open_line(O_NONBLOCK);
			if (!expect_ok(caller, "open") ||
			    !expect_ok(make_call(caller, "", VOICE), "MAKE_CALL \"\""))
				return;
		}
		if (ctx.info.caps & TAPI_LINE_CAP_AUDIO) {
			s = audio_open(q, 0, TAPI_AUDIO_LINEAR16, 20, O_NONBLOCK);
			if (!expect_ok(s, "AUDIO_OPEN"))
				return;
		}
	}
	if (ctx.phone) {
		pq = open_phone(O_NONBLOCK);
		if (!expect_ok(pq, "open the phone") || !start_waiter(&preader, open_phone(0), false))
			return;
	}
	usleep(200000);

	status = system(ctx.remove_cmd);
	if (!EXPECT(status != -1 && WIFEXITED(status) && !WEXITSTATUS(status),
		    "the removal command failed (status 0x%x)", status))
		return;
	deadline = now_ns() + WAKE_MS * 1000000ull;

	if (ctx.line) {
		if (EXPECT(waiter_woke(&reader, deadline), "a blocked reader did not wake"))
			EXPECT(reader.ret == sizeof(reader.ev) && reader.ev.type == TAPI_EVENT_LINE_STATE &&
			       reader.ev.param[0] == TAPI_LINESTATE_REMOVED,
			       "a blocked reader woke with %zd (%s), type %u (0x%x), not the removal "
			       "record", reader.ret, errname(reader.ret < 0 ? reader.err : 0),
			       reader.ev.type, reader.ev.param[0]);
		if (reader.ret == sizeof(reader.ev))
			expect_err(read(reader.fd, pcm, sizeof(struct tapi_event)) < 0 ? -errno : 0,
				   ENODEV, "the woken reader's next read");
		if (EXPECT(waiter_woke(&poller, deadline), "a blocked poller did not wake"))
			EXPECT(poller.ret == 1 && (poller.revents & (POLLHUP | POLLERR)) ==
			       (POLLHUP | POLLERR), "a blocked poller woke with %zd, revents 0x%x",
			       poller.ret, poller.revents);
		ends_with_removal(q, TAPI_EVENT_LINE_STATE, TAPI_LINESTATE_REMOVED, "the line");
		every_ioctl_enodev(q, false, "the line");
		if (caller >= 0)
			ends_with_removal(caller, TAPI_EVENT_LINE_STATE, TAPI_LINESTATE_REMOVED,
					  "the file with a call");
		fd = open(ctx.line, O_RDWR | O_CLOEXEC);
		EXPECT(fd < 0 && (errno == ENODEV || errno == ENOENT || errno == ENXIO),
		       "open of the removed line: %s", fd < 0 ? errname(errno) : "opened");
		if (fd >= 0)
			close(fd);
		if (s >= 0) {
			struct pollfd p = { .fd = s, .events = POLLIN | POLLOUT };

			EXPECT(poll(&p, 1, 1000) == 1 && (p.revents & POLLHUP),
			       "the stream: poll says 0x%x, no POLLHUP", p.revents);
			expect_err(write(s, pcm, sizeof(pcm)) < 0 ? -errno : 0, ENODEV,
				   "the stream: write after the removal");
			for (int k = 0; k < 100 && (r = read(s, pcm, sizeof(pcm))) > 0; k++)
				;
			expect_err(r < 0 ? -errno : 0, ENODEV, "the stream: read once it is empty");
		}
	}
	if (ctx.phone) {
		if (EXPECT(waiter_woke(&preader, deadline), "a blocked reader of the phone did not wake"))
			EXPECT(preader.ret == sizeof(preader.ev) &&
			       preader.ev.type == TAPI_EVENT_PHONE_STATE &&
			       preader.ev.param[0] == TAPI_PHONESTATE_REMOVED,
			       "a blocked reader of the phone woke with %zd (%s), type %u (0x%x)",
			       preader.ret, errname(preader.ret < 0 ? preader.err : 0),
			       preader.ev.type, preader.ev.param[0]);
		ends_with_removal(pq, TAPI_EVENT_PHONE_STATE, TAPI_PHONESTATE_REMOVED, "the phone");
		every_ioctl_enodev(pq, true, "the phone");
		fd = open(ctx.phone, O_RDWR | O_CLOEXEC);
		EXPECT(fd < 0 && (errno == ENODEV || errno == ENOENT || errno == ENXIO),
		       "open of the removed phone: %s", fd < 0 ? errname(errno) : "opened");
		if (fd >= 0)
			close(fd);
	}
}

const struct check removal_checks[] = {
	{ "removal.records-then-enodev-everywhere", removal, NEED_REMOVE, 0 },
	{ 0 }
};
