// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: every ioctl of the uAPI as a number. An ioctl's
 * argument size and direction are part of its number, so any other size
 * or direction, any unknown number, and any ioctl of another kind of
 * device must fail with ENOTTY; every ioctl must fail with EFAULT for an
 * argument it cannot read (or, for one that answers, cannot write).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "compliance.h"

#define LINE_IOC(x) { x, #x + 9, false, false }
#define PHONE_IOC(x) { x, #x + 9, true, false }

const struct ioctl_desc uapi_ioctls[] = {
	LINE_IOC(TAPI_IOC_GET_LINE_INFO),
	LINE_IOC(TAPI_IOC_AUDIO_OPEN),
	LINE_IOC(TAPI_IOC_GENERATE_DIGITS),
	LINE_IOC(TAPI_IOC_SET_PRIVILEGES),
	LINE_IOC(TAPI_IOC_MAKE_CALL),
	LINE_IOC(TAPI_IOC_DIAL),
	LINE_IOC(TAPI_IOC_ANSWER),
	LINE_IOC(TAPI_IOC_ACCEPT),
	LINE_IOC(TAPI_IOC_DROP),
	LINE_IOC(TAPI_IOC_SET_CALL_PRIVILEGE),
	LINE_IOC(TAPI_IOC_HANDOFF),
	LINE_IOC(TAPI_IOC_LIST_CALLS),
	LINE_IOC(TAPI_IOC_CALL_INFO),
	LINE_IOC(TAPI_IOC_HOLD),
	LINE_IOC(TAPI_IOC_SET_CALL),
	LINE_IOC(TAPI_IOC_CALL_DATA),
	LINE_IOC(TAPI_IOC_HANDOFF_NAME),
	LINE_IOC(TAPI_IOC_SET_NAME),
	LINE_IOC(TAPI_IOC_SET_NUM_RINGS),
	LINE_IOC(TAPI_IOC_SET_LINE),
	LINE_IOC(TAPI_IOC_MEDIA_CONTROL),
	LINE_IOC(TAPI_IOC_UNHOLD),
	LINE_IOC(TAPI_IOC_LINE_STATUS),
	LINE_IOC(TAPI_IOC_SET_STATUS_EVENTS),
	LINE_IOC(TAPI_IOC_GENERATE_TONE),
	LINE_IOC(TAPI_IOC_MONITOR_MEDIA),
	LINE_IOC(TAPI_IOC_MONITOR_DIGITS),
	LINE_IOC(TAPI_IOC_MONITOR_TONES),
	LINE_IOC(TAPI_IOC_GATHER_DIGITS),
	LINE_IOC(TAPI_IOC_GATHER_RESULT),
	{ TAPI_IOC_AUDIO_STATS, "AUDIO_STATS", false, true },
	PHONE_IOC(TAPI_IOC_PHONE_INFO),
	PHONE_IOC(TAPI_IOC_PHONE_STATUS),
	PHONE_IOC(TAPI_IOC_PHONE_SET),
	PHONE_IOC(TAPI_IOC_PHONE_GET_BUTTON),
	PHONE_IOC(TAPI_IOC_PHONE_SET_BUTTON),
	PHONE_IOC(TAPI_IOC_PHONE_EVENTS),
	PHONE_IOC(TAPI_IOC_PHONE_PRIVILEGE),
	{ 0 }
};

/* Zeroed room for any argument: a wrongly accepted number finds no fault. */
static unsigned char room[8192];

static bool known_nr(unsigned int nr)
{
	for (const struct ioctl_desc *d = uapi_ioctls; d->req; d++)
		if (_IOC_NR(d->req) == nr)
			return true;
	return false;
}

/* Unknown numbers of the magic, and other subsystems' ioctls, on @fd. */
static void unknown_on(int fd, const char *dev)
{
	for (unsigned int nr = 0; nr < 256; nr++) {
		if (known_nr(nr))
			continue;
		memset(room, 0, sizeof(room));
		expect_err(xioctl(fd, _IOWR(TAPI_IOC_MAGIC, nr, char[64]), room), ENOTTY,
			   "%s: unknown ioctl _IOWR(0xB9, 0x%02x, 64 bytes)", dev, nr);
		expect_err(xioctl_v(fd, _IO(TAPI_IOC_MAGIC, nr), 0), ENOTTY,
			   "%s: unknown ioctl _IO(0xB9, 0x%02x)", dev, nr);
	}
	expect_err(xioctl(fd, TCGETS, room), ENOTTY, "%s: TCGETS", dev);
	expect_err(xioctl(fd, _IOR('V', 0, char[104]), room), ENOTTY, "%s: _IOR('V', 0)", dev);
}

static void unknown_numbers(void)
{
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	unknown_on(fd, "line");
	close(fd);
}

static void unknown_numbers_phone(void)
{
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	unknown_on(fd, "phone");
	close(fd);
}

/* Each ioctl of @kind with another size or direction: ENOTTY. */
static void other_sizes_on(int fd, bool phone, bool stream)
{
	static const unsigned int dirs[] = {
		_IOC_NONE, _IOC_READ, _IOC_WRITE, _IOC_READ | _IOC_WRITE,
	};

	for (const struct ioctl_desc *d = uapi_ioctls; d->req; d++) {
		unsigned int dir = _IOC_DIR(d->req), nr = _IOC_NR(d->req);
		unsigned int size = _IOC_SIZE(d->req);
		const unsigned int sizes[] = { 0, size - 4, size + 4, size * 2, 4 };

		if (d->phone != phone || d->stream != stream)
			continue;
		for (size_t k = 0; k < ARRAY_LEN(sizes); k++) {
			if (sizes[k] == size || sizes[k] > sizeof(room))
				continue;
			memset(room, 0, sizeof(room));
			expect_err(xioctl(fd, _IOC(dir, TAPI_IOC_MAGIC, nr, sizes[k]), room), ENOTTY,
				   "%s with a %u-byte argument (its own is %u)", d->name, sizes[k],
				   size);
		}
		for (size_t k = 0; k < ARRAY_LEN(dirs); k++) {
			if (dirs[k] == dir)
				continue;
			memset(room, 0, sizeof(room));
			expect_err(xioctl(fd, _IOC(dirs[k], TAPI_IOC_MAGIC, nr, size), room), ENOTTY,
				   "%s with direction %u (its own is %u)", d->name, dirs[k], dir);
		}
	}
}

static void other_sizes(void)
{
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	other_sizes_on(fd, false, false);
	close(fd);
}

static void other_sizes_phone(void)
{
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	other_sizes_on(fd, true, false);
	close(fd);
}

/* The ioctls of other kinds of device on @fd: ENOTTY. */
static void foreign_on(int fd, bool phone, bool stream, const char *dev)
{
	for (const struct ioctl_desc *d = uapi_ioctls; d->req; d++) {
		if (d->phone == phone && d->stream == stream)
			continue;
		memset(room, 0, sizeof(room));
		expect_err(xioctl(fd, d->req, room), ENOTTY, "%s on a %s", d->name, dev);
	}
}

static void foreign_ioctls(void)
{
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	foreign_on(fd, false, false, "line");
	close(fd);
}

static void foreign_ioctls_phone(void)
{
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	foreign_on(fd, true, false, "phone");
	close(fd);
}

/* An audio stream answers AUDIO_STATS only, of its own size. */
static void stream_ioctls(void)
{
	int fd = open_line(O_NONBLOCK), s;

	if (!expect_ok(fd, "open"))
		return;
	s = audio_open(fd, 0, TAPI_AUDIO_LINEAR16, 20, O_NONBLOCK);
	if (expect_ok(s, "AUDIO_OPEN")) {
		foreign_on(s, false, true, "stream");
		other_sizes_on(s, false, true);
		unknown_on(s, "stream");
		close(s);
	}
	close(fd);
}

/* Pointers nobody can read: NULL, the first page, the top of the address space. */
static void *const bad_ptrs[] = { NULL, (void *)1, (void *)-4096L };

static void efault_on(int fd, bool phone, bool stream, const char *dev)
{
	for (const struct ioctl_desc *d = uapi_ioctls; d->req; d++) {
		if (d->phone != phone || d->stream != stream)
			continue;
		for (size_t k = 0; k < ARRAY_LEN(bad_ptrs); k++)
			expect_err(xioctl(fd, d->req, bad_ptrs[k]), EFAULT, "%s on a %s at %p",
				   d->name, dev, bad_ptrs[k]);
	}
}

static void bad_pointers(void)
{
	int fd = open_line(O_NONBLOCK), s;

	if (!expect_ok(fd, "open"))
		return;
	efault_on(fd, false, false, "line");
	if (ctx.info.caps & TAPI_LINE_CAP_AUDIO) {
		s = audio_open(fd, 0, TAPI_AUDIO_ULAW, 10, O_NONBLOCK);
		if (expect_ok(s, "AUDIO_OPEN")) {
			efault_on(s, false, true, "stream");
			close(s);
		}
	}
	/* and nothing was made of them: no call, nothing queued */
	if (ctx.info.caps & TAPI_LINE_CAP_CALLS) {
		int n = list_calls(fd, 0);

		EXPECT(n == 0, "after them LIST_CALLS says %d (a bad MAKE_CALL made a call?)", n);
	}
	close(fd);
}

static void bad_pointers_phone(void)
{
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	efault_on(fd, true, false, "phone");
	close(fd);
}

/* @req, whose answer goes to read-only memory holding @arg: EFAULT. */
static void readonly_efault(int fd, unsigned long req, const void *arg, size_t size,
			    const char *name)
{
	void *p = ro_page(arg, size);

	if (!EXPECT(p, "no memory for %s", name))
		return;
	expect_err(xioctl(fd, req, p), EFAULT, "%s into read-only memory", name);
	free_page(p);
}

/* An answer that cannot be written back is EFAULT too. */
static void readonly_answers(void)
{
	struct tapi_line_info info = { 0 };
	struct tapi_line_status st = { 0 };
	struct tapi_call_list l = { 0 };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	readonly_efault(fd, TAPI_IOC_GET_LINE_INFO, &info, sizeof(info), "GET_LINE_INFO");
	readonly_efault(fd, TAPI_IOC_LINE_STATUS, &st, sizeof(st), "LINE_STATUS");
	if (ctx.info.caps & TAPI_LINE_CAP_CALLS)
		readonly_efault(fd, TAPI_IOC_LIST_CALLS, &l, sizeof(l), "LIST_CALLS");
	close(fd);
}

static void readonly_answers_phone(void)
{
	struct tapi_phone_info info = { 0 };
	struct tapi_phone_status st = { 0 };
	struct tapi_phone_button b = { 0 };
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	readonly_efault(fd, TAPI_IOC_PHONE_INFO, &info, sizeof(info), "PHONE_INFO");
	readonly_efault(fd, TAPI_IOC_PHONE_STATUS, &st, sizeof(st), "PHONE_STATUS");
	if (ctx.pinfo.num_buttons)
		readonly_efault(fd, TAPI_IOC_PHONE_GET_BUTTON, &b, sizeof(b), "PHONE_GET_BUTTON");
	close(fd);
}

const struct check ioctl_checks[] = {
	{ "ioctl.unknown-numbers-enotty", unknown_numbers, NEED_LINE, 0 },
	{ "ioctl.other-sizes-and-directions-enotty", other_sizes, NEED_LINE, 0 },
	{ "ioctl.phone-and-stream-ioctls-on-a-line-enotty", foreign_ioctls, NEED_LINE, 0 },
	{ "ioctl.stream-answers-only-its-own", stream_ioctls, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ "ioctl.bad-pointers-efault", bad_pointers, NEED_LINE, 0 },
	{ "ioctl.read-only-answers-efault", readonly_answers, NEED_LINE, 0 },
	{ "ioctl.phone.unknown-numbers-enotty", unknown_numbers_phone, NEED_PHONE, 0 },
	{ "ioctl.phone.other-sizes-and-directions-enotty", other_sizes_phone, NEED_PHONE, 0 },
	{ "ioctl.phone.line-and-stream-ioctls-on-a-phone-enotty", foreign_ioctls_phone,
	  NEED_PHONE, 0 },
	{ "ioctl.phone.bad-pointers-efault", bad_pointers_phone, NEED_PHONE, 0 },
	{ "ioctl.phone.read-only-answers-efault", readonly_answers_phone, NEED_PHONE, 0 },
	{ 0 }
};
