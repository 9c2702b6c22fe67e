// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Callbacks (lineInitialize, LINEINITIALIZEEXOPTION_USEHIDDENWINDOW), one
 * message at a time, in order: on a thread the library starts for the
 * application, or, once it asked with libtapi_lineCallbacksOnThread, on
 * whichever thread calls libtapi_lineDispatch from its own loop.
 *
 * Windows runs a callback on the thread that called lineInitialize, when it
 * pumps messages, so a program may store a request's ID after the function
 * returned and still match it in its LINE_REPLY. Here the reply is queued
 * before the function returns; so that no callback sees it first, a reply
 * waits at the head of the queue until the thread that made the request is
 * past storing the ID: that thread is the one delivering it, or it has
 * blocked since (any wait is a call out of the program's code, and a
 * compiler stores what another thread may read before such a call), or it
 * has ended. The kernel counts a thread's blocking waits (voluntary context
 * switches). A program that never waits holds its replies back, as a
 * Windows thread that never pumps messages does.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* How often a held reply's thread is looked at again. */
#define HELD_POLL_NS 1000000

/* Has thread @tid blocked since it had @nvcsw voluntary switches, or ended? */
static bool tl_thread_moved_on(pid_t tid, long nvcsw)
{
	char path[64], line[128];
	bool moved = true;	/* gone: nothing left to wait for */
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return true;
	while (fgets(line, sizeof(line), f)) {
		long n;
		char st;

		if (sscanf(line, "State: %c", &st) == 1 && (st == 'Z' || st == 'X'))
			break;
		if (sscanf(line, "voluntary_ctxt_switches: %ld", &n) == 1) {
			moved = n != nvcsw;
			break;
		}
	}
	fclose(f);
	return moved;
}

/* May the oldest message @m go to the callback on this thread now? Holds tl_lib.lock. */
static bool tl_deliverable(struct tl_msg *m)
{
	if (m->held && (m->tid == gettid() || tl_thread_moved_on(m->tid, m->nvcsw)))
		m->held = false;
	return !m->held;
}

/* Wait on @app's condition: for news, or a while when a reply is held. */
static void tl_wait_queue(struct tl_lineapp *app, bool held)
{
	struct timespec t;

	if (!held) {
		pthread_cond_wait(&app->cond, &tl_lib.lock);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_nsec += HELD_POLL_NS;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(&app->cond, &tl_lib.lock, &t);
}

/* Give @m to @app's callback, tl_lib.lock let go meanwhile. */
static void tl_call_back(struct tl_lineapp *app, struct tl_msg *m)
{
	pthread_mutex_unlock(&tl_lib.lock);
	app->callback(m->m.hDevice, m->m.dwMessageID, m->m.dwCallbackInstance,
		      m->m.dwParam1, m->m.dwParam2, m->m.dwParam3);
	free(m);
	pthread_mutex_lock(&tl_lib.lock);
}

/* The library's thread: the callback, serially, until the application takes it over. */
static void *tl_callback_thread(void *arg)
{
	struct tl_lineapp *app = arg;
	bool orphan;

	pthread_mutex_lock(&tl_lib.lock);
	while (!app->shutting) {
		struct tl_msg *m = app->own_thread ? NULL : app->head;

		if (!m || !tl_deliverable(m)) {
			tl_wait_queue(app, m);
			continue;
		}
		app->in_cb = true;
		tl_call_back(app, tl_queue_take(app));
		app->in_cb = false;
		pthread_cond_broadcast(&app->cond);	/* libtapi_lineCallbacksOnThread waits */
	}
	orphan = app->orphan;
	pthread_mutex_unlock(&tl_lib.lock);
	/* shut down from its own callback: nobody else will free it */
	if (orphan) {
		pthread_cond_destroy(&app->cond);
		free(app);
	}
	return NULL;
}

int tl_callback_start(struct tl_lineapp *app)
{
	if (pthread_create(&app->cb_thread, NULL, tl_callback_thread, app))
		return -1;
	app->cb_running = true;
	return 0;
}

EXPORT LONG WINAPI libtapi_lineCallbacksOnThread(HLINEAPP hLineApp, int *lpFd)
{
	struct tl_lineapp *app;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	app = tl_handle_get(hLineApp, OBJ_LINEAPP);
	if (!app)
		ret = LINEERR_INVALAPPHANDLE;
	else if (!lpFd)
		ret = LINEERR_INVALPOINTER;
	else if (!app->callback)
		ret = LINEERR_OPERATIONUNAVAIL;	/* the event option: lineGetMessage */
	if (!ret && !app->own_thread) {
		app->efd = eventfd(app->queued ? 1 : 0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (app->efd < 0)
			ret = LINEERR_NOMEM;
		else
			app->own_thread = true;
		/* a callback under way on the library's thread ends first: one at a time */
		if (!ret && !(app->cb_running && pthread_equal(app->cb_thread, pthread_self()))) {
			app->waiters++;
			while (app->in_cb && !app->shutting)
				pthread_cond_wait(&app->cond, &tl_lib.lock);
			app->waiters--;
			if (app->shutting) {
				pthread_cond_broadcast(&app->cond);
				ret = LINEERR_INVALAPPHANDLE;
			}
		}
	}
	if (!ret)
		*lpFd = app->efd;
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI libtapi_lineDispatch(HLINEAPP hLineApp)
{
	struct tl_lineapp *app;
	bool frees = false;
	LONG n = 0;

	pthread_mutex_lock(&tl_lib.lock);
	app = tl_handle_get(hLineApp, OBJ_LINEAPP);
	if (!app || !app->own_thread || app->dispatching) {
		/* a second thread, or a callback calling it, would break the order */
		n = !app ? LINEERR_INVALAPPHANDLE : LINEERR_OPERATIONUNAVAIL;
		goto out_unlock;
	}
	app->dispatching = true;
	app->dispatcher = pthread_self();
	while (!app->shutting && app->head) {
		if (!tl_deliverable(app->head)) {
			tl_wait_queue(app, true);
			continue;
		}
		tl_call_back(app, tl_queue_take(app));
		n++;
	}
	app->dispatching = false;
	/* its callback shut it down: the last to hold it frees it */
	frees = app->dispatch_frees;
	if (!frees && app->shutting)
		pthread_cond_broadcast(&app->cond);	/* lineShutdown waits for this */
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	if (frees) {
		pthread_cond_destroy(&app->cond);
		free(app);
	}
	return n;
}
