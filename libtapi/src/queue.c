// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Each application's messages, in the order they happened, and two of the
 * ways they reach it: lineGetMessage (waiting on a condition variable) and
 * the event handle (an eventfd, readable while any message is pending).
 * The callbacks are callbacks.c's. Caller holds lib.lock.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "internal.h"

void queue_efd_set(struct lineapp *app, bool pending)
{
	uint64_t v = 1;

	if (app->efd < 0)
		return;
	if (pending) {
		if (write(app->efd, &v, sizeof(v)) < 0)
			return;	/* at its limit: readable already */
	} else {
		while (read(app->efd, &v, sizeof(v)) > 0)
			;
	}
}

static struct msg *post_msg(struct lineapp *app, DWORD dev, DWORD msg, DWORD_PTR instance,
			    DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
	struct msg *m;

	if (app->shutting)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;	/* out of memory: the message is lost, as an overflow */
	m->m.hDevice = dev;
	m->m.dwMessageID = msg;
	m->m.dwCallbackInstance = instance;
	m->m.dwParam1 = p1;
	m->m.dwParam2 = p2;
	m->m.dwParam3 = p3;
	if (app->tail)
		app->tail->next = m;
	else
		app->head = m;
	app->tail = m;
	if (!app->queued++)
		queue_efd_set(app, true);
	pthread_cond_broadcast(&app->cond);
	return m;
}

void post(struct lineapp *app, DWORD dev, DWORD msg, DWORD_PTR instance,
	  DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
	post_msg(app, dev, msg, instance, p1, p2, p3);
}

/*
 * An asynchronous request on @l whose result is known: its LINE_REPLY is
 * queued now, before the function returns (the ID it returns). A callback
 * gets it only once the requesting thread is past that (callbacks.c).
 * Holds lib.lock; the caller returns at once.
 */
LONG post_reply(struct line *l, LONG result)
{
	DWORD id = request_id();
	struct msg *m = post_msg(l->app, 0, LINE_REPLY, l->callback_instance, id,
				 (DWORD)result, 0);
	struct rusage ru;

	if (m && !getrusage(RUSAGE_THREAD, &ru)) {
		m->held = true;
		m->tid = gettid();
		m->nvcsw = ru.ru_nvcsw;
	}
	return (LONG)id;
}

/* Request IDs are positive and not reused for a long time. */
DWORD request_id(void)
{
	lib.next_request = lib.next_request % 0x7fffffff + 1;
	return lib.next_request;
}

/*
 * A generation request's tag: every process with the line open sees its
 * end, so the process ID keeps ours apart from theirs.
 */
uint32_t gen_tag(void)
{
	static uint16_t n;

	return (uint32_t)(getpid() & 0xffff) << 16 | ++n;
}

/* The oldest message, or NULL. */
struct msg *queue_take(struct lineapp *app)
{
	struct msg *m = app->head;

	if (!m)
		return NULL;
	app->head = m->next;
	if (!app->head)
		app->tail = NULL;
	if (!--app->queued)
		queue_efd_set(app, false);
	return m;
}

void queue_flush(struct lineapp *app)
{
	struct msg *m;

	while ((m = queue_take(app)))
		free(m);
}

EXPORT LONG WINAPI lineGetMessage(HLINEAPP hLineApp, LPLINEMESSAGE lpMessage,
				  DWORD dwTimeout)
{
	struct lineapp *app;
	struct timespec until;
	struct msg *m = NULL;
	LONG ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += dwTimeout / 1000;
	until.tv_nsec += (long)(dwTimeout % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&lib.lock);
	app = handle_get(hLineApp, OBJ_LINEAPP);
	if (!app) {
		ret = LINEERR_INVALAPPHANDLE;
	} else if (app->options != LINEINITIALIZEEXOPTION_USEEVENT) {
		/* messages go to the callback, not here */
		ret = LINEERR_INVALAPPHANDLE;
	} else if (!lpMessage) {
		ret = LINEERR_INVALPOINTER;
	} else {
		app->waiters++;
		while (!app->shutting && !(m = queue_take(app))) {
			if (!dwTimeout) {
				break;
			} else if (dwTimeout == INFINITE) {
				pthread_cond_wait(&app->cond, &lib.lock);
			} else if (pthread_cond_timedwait(&app->cond, &lib.lock, &until)) {
				m = queue_take(app);
				break;
			}
		}
		app->waiters--;
		if (app->shutting) {
			/* another thread shut down: the handle is no more */
			pthread_cond_broadcast(&app->cond);
			free(m);
			m = NULL;
			ret = LINEERR_INVALAPPHANDLE;
		} else if (!m) {
			ret = LINEERR_OPERATIONFAILED;	/* timed out */
		}
	}
	pthread_mutex_unlock(&lib.lock);
	if (m) {
		*lpMessage = m->m;
		free(m);
	}
	return ret;
}
