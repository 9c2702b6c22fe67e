// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * How libtapi's messages arrive, against tapi_sim's default exchange:
 * lineGetMessage with its timeouts and the event descriptor, a wait ended
 * by lineShutdown in another thread, the callback on one library thread in
 * order, and events the kernel dropped while an application was stopped
 * made good from the call's state.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"
#include "line_util.h"

/*
 * The application that falls behind: a child process owning line 4's
 * calls. It says 'r' when ready and 'o' when a call is offered, then,
 * after the parent stopped and resumed it, '1' if the call's
 * disconnection still reached it as LINE_CALLSTATE.
 */
static void behind_child(int fd)
{
	LINEMESSAGE m;
	HLINEAPP app;
	HLINE line;
	HCALL call = 0;
	DWORD ndevs;
	char got = '0';
	double until;

	if (init_event(&app, &ndevs, NULL) ||
	    lineOpen(app, 3, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_OWNER, VOICE, NULL) ||
	    write(fd, "r", 1) != 1)
		_exit(2);
	/* the parent starts libtapi and calls: slow under ASan on the debug kernel */
	until = now_ms() + 30000;
	while (!call && now_ms() < until)
		if (!lineGetMessage(app, &m, 200) && m.dwMessageID == LINE_APPNEWCALL)
			call = (HCALL)m.dwParam2;
	if (!call || write(fd, "o", 1) != 1)
		_exit(2);
	until = now_ms() + 20000;
	while (got == '0' && now_ms() < until)
		if (!lineGetMessage(app, &m, 200) && m.dwMessageID == LINE_CALLSTATE &&
		    m.hDevice == call && m.dwParam1 == LINECALLSTATE_DISCONNECTED)
			got = '1';
	if (write(fd, &got, 1) != 1)
		_exit(2);
	lineShutdown(app);
	_exit(0);
}

/*
 * Events the kernel had to drop while an application was stopped (its
 * queue full of rings) are made good: the call's disconnection, lost,
 * comes from its present state.
 */
FIXTURE(behind) {
	int unused;
};

FIXTURE_SETUP(behind)
{
}

FIXTURE_TEARDOWN(behind)
{
}

/* two processes, each starting libtapi: slow under ASan and the debug kernel */
TEST_F_TIMEOUT(behind, lost_events_are_made_good_from_the_calls_state, 120)
{
	HLINEAPP a;
	HLINE la;
	HCALL ca;
	DWORD ndevs;
	int p[2], status;
	char c = 0;
	pid_t pid;

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(p[0]);
		behind_child(p[1]);
	}
	close(p[1]);
	ASSERT_EQ(1, read(p[0], &c, 1));
	ASSERT_EQ('r', c);
	ASSERT_EQ(0, init_event(&a, &ndevs, NULL));
	ASSERT_EQ(0, lineOpen(a, 2, &la, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	ASSERT_LT(0, lineMakeCall(la, &ca, "1004", 0, NULL));
	ASSERT_EQ(1, read(p[0], &c, 1));
	ASSERT_EQ('o', c);

	/* stopped, it reads nothing: 400 rings fill its queue, the hang-up is lost */
	ASSERT_EQ(0, kill(pid, SIGSTOP));
	ASSERT_EQ(0, put("/sys/kernel/debug/tapi_sim/1004/ring", "400"));
	ASSERT_LT(0, lineDrop(ca, NULL, 0));
	ASSERT_EQ(0, kill(pid, SIGCONT));
	ASSERT_EQ(1, read(p[0], &c, 1));
	EXPECT_EQ('1', c) TH_LOG("the disconnection reached the application");
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	close(p[0]);
	EXPECT_EQ(0, lineShutdown(a));
}

TEST(lineGetMessage_waits_as_asked)
{
	HLINEAPP app;
	LINEMESSAGE m;
	DWORD ndevs;
	double t0;
	int fd;
	struct pollfd p;

	ASSERT_EQ(0, init_event(&app, &ndevs, &fd));
	t0 = now_ms();
	EXPECT_EQ(LINEERR_OPERATIONFAILED, lineGetMessage(app, &m, 0));
	EXPECT_GT(50, now_ms() - t0);
	t0 = now_ms();
	EXPECT_EQ(LINEERR_OPERATIONFAILED, lineGetMessage(app, &m, 300));
	EXPECT_LE(290, now_ms() - t0);
	EXPECT_GT(2000, now_ms() - t0);
	EXPECT_EQ(LINEERR_INVALPOINTER, lineGetMessage(app, NULL, 0));

	/* the descriptor: readable exactly while messages are pending */
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(0, poll(&p, 1, 0));
	{
		HLINE line;
		HCALL c;

		ASSERT_EQ(0, lineOpen(app, 3, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE,
				      0, NULL));
		ASSERT_LT(0, lineMakeCall(line, &c, NULL, 0, NULL));
		EXPECT_EQ(1, poll(&p, 1, 3000));
		while (!lineGetMessage(app, &m, 500))
			;
		EXPECT_EQ(0, poll(&p, 1, 0));
		ASSERT_LT(0, lineDrop(c, NULL, 0));
		EXPECT_EQ(1, poll(&p, 1, 3000));
	}
	EXPECT_EQ(0, lineShutdown(app));
}

struct waiter {
	HLINEAPP app;
	LONG result;
	volatile int started;
	double ended;
};

static void *wait_forever(void *arg)
{
	struct waiter *w = arg;
	LINEMESSAGE m;

	w->started = 1;
	w->result = lineGetMessage(w->app, &m, INFINITE);
	w->ended = now_ms();
	return NULL;
}

TEST(shutting_down_ends_a_wait_in_another_thread)
{
	struct waiter w = { 0 };
	pthread_t t;
	DWORD ndevs;
	double shut;

	ASSERT_EQ(0, init_event(&w.app, &ndevs, NULL));
	ASSERT_EQ(0, pthread_create(&t, NULL, wait_forever, &w));
	while (!w.started)
		usleep(1000);
	usleep(300000);		/* it waits, nothing comes */
	EXPECT_EQ(0, w.ended);
	shut = now_ms();
	EXPECT_EQ(0, lineShutdown(w.app));
	pthread_join(t, NULL);
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, w.result);
	EXPECT_LE(shut, w.ended) TH_LOG("it ended with the shutdown, not before");
}

static struct {
	pthread_mutex_t lock;
	pthread_t thread;
	int n, concurrent, inside, other_thread;
	DWORD ids[64];
} cb = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void CALLBACK on_message(DWORD dev, DWORD msg, DWORD_PTR inst, DWORD_PTR p1,
				DWORD_PTR p2, DWORD_PTR p3)
{
	(void)dev, (void)inst, (void)p1, (void)p2, (void)p3;
	pthread_mutex_lock(&cb.lock);
	if (cb.inside++)
		cb.concurrent++;
	if (!pthread_equal(pthread_self(), cb.thread))
		cb.other_thread++;
	if (cb.n < 64)
		cb.ids[cb.n++] = msg;
	pthread_mutex_unlock(&cb.lock);
	usleep(20000);	/* slow, so overlapping calls would show */
	pthread_mutex_lock(&cb.lock);
	cb.inside--;
	pthread_mutex_unlock(&cb.lock);
}

TEST(the_callback_runs_on_one_library_thread_in_order)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEHIDDENWINDOW };
	DWORD ndevs, version = 0x00020002;
	HLINEAPP app, app1;
	LINEMESSAGE m;
	HLINE line;
	HCALL c;
	LONG req;
	int k;

	cb.thread = pthread_self();
	ASSERT_EQ(0, lineInitializeEx(&app, NULL, on_message, "cb", &ndevs, &version, &p));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineGetMessage(app, &m, 0)) TH_LOG("callbacks only");
	ASSERT_EQ(0, lineOpen(app, 3, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0, NULL));
	req = lineMakeCall(line, &c, NULL, 0, NULL);
	ASSERT_LT(0, req);
	/* its reply, then its first state (dial tone), before the drop */
	for (k = 0; k < 100; k++) {
		pthread_mutex_lock(&cb.lock);
		if (cb.n >= 2) {
			pthread_mutex_unlock(&cb.lock);
			break;
		}
		pthread_mutex_unlock(&cb.lock);
		usleep(50000);
	}
	ASSERT_LT(0, lineDrop(c, NULL, 0));
	for (k = 0; k < 100; k++) {
		pthread_mutex_lock(&cb.lock);
		if (cb.n >= 4 && !cb.inside) {
			pthread_mutex_unlock(&cb.lock);
			break;
		}
		pthread_mutex_unlock(&cb.lock);
		usleep(50000);
	}
	pthread_mutex_lock(&cb.lock);
	EXPECT_LE(4, cb.n);
	EXPECT_EQ(LINE_REPLY, cb.ids[0]);
	EXPECT_EQ(LINE_CALLSTATE, cb.ids[1]);
	EXPECT_EQ(LINE_REPLY, cb.ids[2]);
	EXPECT_EQ(LINE_CALLSTATE, cb.ids[3]);
	EXPECT_EQ(0, cb.concurrent);
	EXPECT_EQ(cb.n, cb.other_thread);
	pthread_mutex_unlock(&cb.lock);
	EXPECT_EQ(0, lineShutdown(app));

	/* TAPI 1.x's lineInitialize: callbacks too */
	ASSERT_EQ(0, lineInitialize(&app1, NULL, on_message, "cb1", &ndevs));
	EXPECT_EQ(4, ndevs);
	EXPECT_EQ(0, lineShutdown(app1));
}

TEST_HARNESS_MAIN
