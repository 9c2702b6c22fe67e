// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Each application's messages, in the order they happened, and two of the
 * ways they reach it: lineGetMessage (waiting on a condition variable) and
 * the event handle (an eventfd, readable while any message is pending).
 * The callbacks are callbacks.c's. Caller holds tl_lib.lock.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "internal.h"

void tl_queue_efd_set(struct tl_lineapp *app, bool pending)
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

static struct tl_msg *tl_post_msg(struct tl_lineapp *app, DWORD dev, DWORD msg, DWORD_PTR instance,
			    DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
	struct tl_msg *m;

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
		tl_queue_efd_set(app, true);
	pthread_cond_broadcast(&app->cond);
	return m;
}

void tl_post(struct tl_lineapp *app, DWORD dev, DWORD msg, DWORD_PTR instance,
	  DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
	tl_post_msg(app, dev, msg, instance, p1, p2, p3);
}

/*
 * An asynchronous request on @l whose result is known: its LINE_REPLY is
 * queued now, before the function returns (the ID it returns). A callback
 * gets it only once the requesting thread is past that (callbacks.c).
 * Holds tl_lib.lock; the caller returns at once.
 */
LONG tl_post_reply(struct tl_line *l, LONG result)
{
	DWORD id = tl_request_id();
	struct tl_msg *m = tl_post_msg(l->app, 0, LINE_REPLY, l->callback_instance, id,
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
DWORD tl_request_id(void)
{
	tl_lib.next_request = tl_lib.next_request % 0x7fffffff + 1;
	return tl_lib.next_request;
}

/*
 * A generation request's tag: every process with the line open sees its
 * end, so the process ID keeps ours apart from theirs.
 */
uint32_t tl_gen_tag(void)
{
	static uint16_t tl_gen_seq;

	return (uint32_t)(getpid() & 0xffff) << 16 | ++tl_gen_seq;
}

/* The oldest message, or NULL. */
struct tl_msg *tl_queue_take(struct tl_lineapp *app)
{
	struct tl_msg *m = app->head;

	if (!m)
		return NULL;
	app->head = m->next;
	if (!app->head)
		app->tail = NULL;
	if (!--app->queued)
		tl_queue_efd_set(app, false);
	return m;
}

void tl_queue_flush(struct tl_lineapp *app)
{
	struct tl_msg *m;

	while ((m = tl_queue_take(app)))
		free(m);
}

EXPORT LONG WINAPI lineGetMessage(HLINEAPP hLineApp, LPLINEMESSAGE lpMessage,
				  DWORD dwTimeout)
{
	struct tl_lineapp *app;
	struct timespec until;
	struct tl_msg *m = NULL;
	LONG ret = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += dwTimeout / 1000;
	until.tv_nsec += (long)(dwTimeout % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&tl_lib.lock);
	app = tl_handle_get(hLineApp, OBJ_LINEAPP);
	if (!app) {
		ret = LINEERR_INVALAPPHANDLE;
	} else if (app->options != LINEINITIALIZEEXOPTION_USEEVENT) {
		/* messages go to the callback, not here */
		ret = LINEERR_INVALAPPHANDLE;
	} else if (!lpMessage) {
		ret = LINEERR_INVALPOINTER;
	} else {
		app->waiters++;
		while (!app->shutting && !(m = tl_queue_take(app))) {
			if (!dwTimeout) {
				break;
			} else if (dwTimeout == INFINITE) {
				pthread_cond_wait(&app->cond, &tl_lib.lock);
			} else if (pthread_cond_timedwait(&app->cond, &tl_lib.lock, &until)) {
				m = tl_queue_take(app);
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
	pthread_mutex_unlock(&tl_lib.lock);
	if (m) {
		*lpMessage = m->m;
		free(m);
	}
	return ret;
}
