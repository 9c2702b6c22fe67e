/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kselftests' side of a user-space provider: create devices on
 * /dev/utapi, read the requests, answer them, report what the line does.
 * Each returns -errno on failure, as the ioctl said.
 */
#ifndef TAPI_UTAPI_UTIL_H
#define TAPI_UTAPI_UTIL_H

#include <pthread.h>
#include "call_util.h"
#include <linux/utapi.h>

#define UTAPI_PATH	"/dev/utapi"

struct prov {
	int fd;			/* the session */
	unsigned int dev;	/* the line's handle */
	unsigned int line_id;
	char path[32];		/* /dev/tapiN */
};

static inline int prov_line(struct prov *p, unsigned int ops, unsigned long long caps,
			    unsigned int timeout_ms)
{
	struct utapi_line_create c = {
		.version = UTAPI_VERSION, .ops = ops, .line_type = TAPI_LINE_TYPE_TRUNK,
		.timeout_ms = timeout_ms, .caps = caps,
	};

	snprintf(c.name, sizeof(c.name), "utapi test line");
	snprintf(c.driver, sizeof(c.driver), "utapi_test");
	snprintf(c.address, sizeof(c.address), "5550100");
	if (ioctl(p->fd, UTAPI_IOC_CREATE_LINE, &c))
		return -errno;
	p->dev = c.dev;
	p->line_id = c.line_id;
	snprintf(p->path, sizeof(p->path), "/dev/tapi%u", c.line_id);
	return 0;
}

/* Open a session and create a line on it; 0 or -errno. */
static inline int prov_open(struct prov *p, unsigned int ops, unsigned long long caps,
			    unsigned int timeout_ms)
{
	int ret;

	p->fd = open(UTAPI_PATH, O_RDWR | O_CLOEXEC);
	if (p->fd < 0)
		return -errno;
	ret = prov_line(p, ops, caps, timeout_ms);
	if (ret) {
		close(p->fd);
		p->fd = -1;
	}
	return ret;
}

/* The next request within @ms: 1 with it in *r, 0 on timeout, -errno. */
static inline int prov_next(struct prov *p, struct utapi_request *r, int ms)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	ssize_t n;

	if (poll(&pfd, 1, ms) != 1)
		return 0;
	n = read(p->fd, r, sizeof(*r));
	if (n < 0)
		return -errno;
	return n == sizeof(*r);
}

static inline int prov_reply(struct prov *p, unsigned long long seq, int result)
{
	struct utapi_reply rep = { .seq = seq, .result = result };

	return ioctl(p->fd, UTAPI_IOC_REPLY, &rep) ? -errno : 0;
}

static inline int prov_state(struct prov *p, unsigned int id, unsigned int state,
			     unsigned int detail)
{
	struct utapi_call_state s = {
		.dev = p->dev, .call_id = id, .state = state, .detail = detail,
	};

	return ioctl(p->fd, UTAPI_IOC_CALL_STATE, &s) ? -errno : 0;
}

static inline int prov_event(struct prov *p, unsigned int type, unsigned int p0,
			     unsigned int p1, unsigned int p2)
{
	struct utapi_event e = { .dev = p->dev, .type = type, .param = { p0, p1, p2 } };

	return ioctl(p->fd, UTAPI_IOC_EVENT, &e) ? -errno : 0;
}

/* A call the line reports; its ID, or -errno. */
static inline int prov_offer(struct prov *p, const char *caller, const char *called)
{
	struct utapi_call_new c = {
		.dev = p->dev, .how = UTAPI_CALL_OFFER, .media_mode = VOICE,
	};

	snprintf(c.caller, sizeof(c.caller), "%s", caller);
	snprintf(c.called, sizeof(c.called), "%s", called);
	return ioctl(p->fd, UTAPI_IOC_CALL_NEW, &c) ? -errno : (int)c.call_id;
}

/* An application's blocking request, run in a thread while the test provides. */
struct app_call {
	pthread_t t;
	int fd;
	const char *dial;
	unsigned int id;	/* the call answered */
	struct tapi_phone_set *set;	/* the phone's change */
	int result;		/* the call's ID, 0, or -errno */
	double took_s;
};

static inline double mono_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static inline void *app_make_call(void *arg)
{
	struct app_call *a = arg;
	double t0 = mono_s();

	a->result = make_call(a->fd, a->dial, VOICE);
	a->took_s = mono_s() - t0;
	return NULL;
}

static inline void *app_answer(void *arg)
{
	struct app_call *a = arg;

	a->result = call_op(a->fd, TAPI_IOC_ANSWER, a->id);
	return NULL;
}

/* A phone owner's change, a->set, on the phone a->fd. */
static inline void *app_phone_set(void *arg)
{
	struct app_call *a = arg;

	a->result = ioctl(a->fd, TAPI_IOC_PHONE_SET, a->set) ? -errno : 0;
	return NULL;
}

static inline int app_start(struct app_call *a, int fd, const char *dial)
{
	a->fd = fd;
	a->dial = dial;
	a->result = 0;
	return pthread_create(&a->t, NULL, app_make_call, a);
}

#endif
