// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: the ways checks talk to a device, all through the uAPI:
 * ioctls returning -errno, events waited for with poll(), calls made and
 * asked about, and memory a pointer may point to that the kernel must not
 * write.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "compliance.h"

int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

int xioctl_v(int fd, unsigned long req, unsigned long arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

int open_path(const char *path, int flags)
{
	int fd = open(path, O_RDWR | O_CLOEXEC | flags);

	return fd < 0 ? -errno : fd;
}

int open_line(int flags)
{
	return open_path(ctx.line, flags);
}

int open_phone(int flags)
{
	return open_path(ctx.phone, flags);
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int line_status(int fd, struct tapi_line_status *st)
{
	memset(st, 0, sizeof(*st));
	return xioctl(fd, TAPI_IOC_LINE_STATUS, st);
}

int status_events(int fd, uint32_t states)
{
	struct tapi_status_events s = { .line_states = states };

	return xioctl(fd, TAPI_IOC_SET_STATUS_EVENTS, &s);
}

int set_priv(int fd, uint32_t privs, uint32_t media, uint32_t prio)
{
	struct tapi_privileges p = { .privileges = privs, .media_modes = media, .priority = prio };

	return xioctl(fd, TAPI_IOC_SET_PRIVILEGES, &p);
}

int make_call(int fd, const char *dial, uint32_t media)
{
	struct tapi_make_call m = { .media_mode = media };
	int ret;

	snprintf(m.dial, sizeof(m.dial), "%s", dial);
	ret = xioctl(fd, TAPI_IOC_MAKE_CALL, &m);
	return ret ? ret : (int)m.call_id;
}

int call_op(int fd, unsigned long req, uint32_t call_id)
{
	struct tapi_call_op op = { .call_id = call_id };

	return xioctl(fd, req, &op);
}

int call_info(int fd, uint32_t call_id, struct tapi_call_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	ci->call_id = call_id;
	return xioctl(fd, TAPI_IOC_CALL_INFO, ci);
}

int call_priv(int fd, uint32_t call_id, uint32_t priv)
{
	struct tapi_call_privilege p = { .call_id = call_id, .privilege = priv };

	return xioctl(fd, TAPI_IOC_SET_CALL_PRIVILEGE, &p);
}

int list_calls(int fd, uint32_t flags)
{
	struct tapi_call_list l = { .flags = flags };
	int ret = xioctl(fd, TAPI_IOC_LIST_CALLS, &l);

	return ret ? ret : (int)l.count;
}

int generate(int fd, uint32_t call_id, const char *digits, uint32_t tag)
{
	struct tapi_generate_digits g = {
		.call_id = call_id, .mode = TAPI_DIGIT_DTMF, .on_ms = 100, .off_ms = 100,
		.level = -100, .tag = tag,
	};

	snprintf(g.digits, sizeof(g.digits), "%s", digits);
	return xioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g);
}

int audio_open(int fd, uint32_t call_id, uint32_t format, uint32_t chunk_ms, uint32_t flags)
{
	struct tapi_audio_open a = {
		.call_id = call_id, .format = format, .chunk_ms = chunk_ms, .flags = flags,
	};
	int ret = xioctl(fd, TAPI_IOC_AUDIO_OPEN, &a);

	return ret ? ret : a.fd;
}

int next_event(int fd, uint32_t type, struct tapi_event *ev, int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = (int64_t)(end - now_ns()) / 1000000;
		ssize_t n;

		if (poll(&p, 1, left > 0 ? (int)left : 0) != 1)
			return 0;
		n = read(fd, ev, sizeof(*ev));
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (n != sizeof(*ev))
			return -EIO;
		if (!type || ev->type == type)
			return 1;
	}
}

int read_records(int fd, struct tapi_event *ev, int n, int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;
	int got = 0;

	while (got < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = (int64_t)(end - now_ns()) / 1000000;
		ssize_t r;

		if (poll(&p, 1, left > 0 ? (int)left : 0) != 1)
			break;
		r = read(fd, ev + got, (n - got) * sizeof(*ev));
		if (r <= 0)
			break;
		got += r / sizeof(*ev);
	}
	return got;
}

void drain(int fd)
{
	struct tapi_event ev[16];

	while (read(fd, ev, sizeof(ev)) > 0)
		;
}

uint32_t next_state(int fd, uint32_t id, struct tapi_event *ev, int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;

	for (;;) {
		int64_t left = (int64_t)(end - now_ns()) / 1000000;

		if (next_event(fd, TAPI_EVENT_CALL_STATE, ev, left > 0 ? (int)left : 0) != 1)
			return 0;
		if (!id || ev->call_id == id)
			return ev->param[0];
	}
}

bool expect_state(int fd, uint32_t id, uint32_t state, uint32_t priv, const char *who)
{
	struct tapi_event ev;
	uint32_t got = next_state(fd, id, &ev, EVENT_MS);

	if (!got) {
		fail("%s: no call state event for call %u (expected state 0x%x)", who, id, state);
		return false;
	}
	if (got != state || ev.param[2] != priv) {
		fail("%s: call %u went to state 0x%x with privilege 0x%x, expected 0x%x with 0x%x",
		     who, id, got, ev.param[2], state, priv);
		return false;
	}
	return true;
}

void *ro_page(const void *src, size_t len)
{
	long size = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, src, len);
	mprotect(p, size, PROT_READ);
	return p;
}

void free_page(void *p)
{
	if (p)
		munmap(p, sysconf(_SC_PAGESIZE));
}

int lowest_free_fd(void)
{
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	return fd;
}

void expect_reserved(int fd, unsigned long req, const void *valid, size_t size,
		     size_t offset, size_t nwords, const char *what)
{
	unsigned char buf[4096];

	for (size_t k = 0; k < nwords && size <= sizeof(buf); k++) {
		uint32_t one = 1u << (k % 32);

		memcpy(buf, valid, size);
		memcpy(buf + offset + 4 * k, &one, 4);
		expect_err(xioctl(fd, req, buf), EINVAL, "%s with reserved word %zu set", what, k);
	}
}

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;

	if (w->poll) {
		struct pollfd p = { .fd = w->fd, .events = POLLIN | POLLRDNORM };

		w->ret = poll(&p, 1, -1);
		w->revents = p.revents;
	} else {
		w->ret = read(w->fd, &w->ev, sizeof(w->ev));
	}
	w->err = errno;
	atomic_store(&w->done, true);
	return NULL;
}

bool start_waiter(struct waiter *w, int fd, bool use_poll)
{
	pthread_t t;

	w->fd = fd;
	w->poll = use_poll;
	atomic_store(&w->done, false);
	/* detached: one that never wakes must not hold the check up */
	if (fd < 0 || pthread_create(&t, NULL, waiter_thread, w)) {
		fail("could not start a %s blocked on the device (%s)",
		     use_poll ? "poller" : "reader", errname(fd < 0 ? fd : EAGAIN));
		return false;
	}
	pthread_detach(t);
	return true;
}

bool waiter_woke(struct waiter *w, uint64_t deadline)
{
	while (!atomic_load(&w->done) && now_ns() < deadline)
		usleep(10000);
	return atomic_load(&w->done);
}
