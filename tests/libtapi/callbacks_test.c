// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Callbacks as Windows programs rely on them, against tapi_sim's exchange
 * (lines 1001-1004 as device IDs 0-3): a program stores the request ID an
 * asynchronous function returns, after it returned, and matches LINE_REPLY
 * against it in its callback. The replies here are immediate (queued
 * before the function returns), so a callback that ran too early would see
 * an ID not yet stored. Then libtapi's extension that runs the callbacks on
 * the program's own thread, from its loop (libtapi_lineCallbacksOnThread,
 * libtapi_lineDispatch), how each notification model behaves, and that a
 * request slow in the driver holds up no other line.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tapi.h>

#include "kselftest_harness.h"

#define LINE 3		/* the line these tests call from (1004) */
#define ROUNDS 8

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Busy for @ms without ever blocking: a program computing before it stores an ID. */
static void compute(double ms)
{
	double until = now_ms() + ms;

	while (now_ms() < until)
		;
}

/*
 * The program's state, as a Windows program keeps it: the request it
 * waits for, the call, and what its callback saw. The lock only keeps
 * the test's reads tidy; the program's logic does not depend on it.
 */
static struct {
	pthread_mutex_t lock;
	volatile LONG pending;		/* the request ID the program waits for */
	volatile HCALL call;
	pthread_t thread;		/* where callbacks must run (own-thread mode) */
	int replies, matched, unmatched, results_bad, wrong_thread, n;
	DWORD states[64];
	int drop_in_callback;		/* 1: drop the call when its dial tone comes */
	LONG drop_req;
	int drop_matched;
	int shutdown_in_callback;	/* 1: lineShutdown at the next message */
	HLINEAPP app;
	LONG shutdown_result;
} prog = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void reset(void)
{
	pthread_mutex_lock(&prog.lock);
	prog.pending = 0;
	prog.call = 0;
	prog.replies = prog.matched = prog.unmatched = prog.results_bad = 0;
	prog.wrong_thread = prog.n = 0;
	prog.drop_in_callback = prog.drop_matched = 0;
	prog.drop_req = 0;
	prog.shutdown_in_callback = 0;
	prog.shutdown_result = 1;
	pthread_mutex_unlock(&prog.lock);
}

static void CALLBACK program_callback(DWORD dev, DWORD msg, DWORD_PTR inst, DWORD_PTR p1,
				      DWORD_PTR p2, DWORD_PTR p3)
{
	(void)inst, (void)p3;
	pthread_mutex_lock(&prog.lock);
	if (prog.thread && !pthread_equal(prog.thread, pthread_self()))
		prog.wrong_thread++;
	if (msg == LINE_REPLY) {
		prog.replies++;
		if ((LONG)p1 == prog.pending) {
			prog.matched++;
			prog.pending = 0;
			if (p2)
				prog.results_bad++;
		} else if (prog.drop_req && (LONG)p1 == prog.drop_req) {
			prog.drop_matched++;
		} else {
			prog.unmatched++;	/* a reply it had no request for: ignored */
		}
	} else if (msg == LINE_CALLSTATE && dev == prog.call && prog.n < 64) {
		prog.states[prog.n++] = (DWORD)p1;
		/* a request made in the callback: its reply comes after it returns */
		if (prog.drop_in_callback && p1 == LINECALLSTATE_DIALTONE) {
			prog.drop_in_callback = 0;
			prog.drop_req = lineDrop(prog.call, NULL, 0);
		}
	}
	if (prog.shutdown_in_callback) {
		prog.shutdown_in_callback = 0;
		prog.shutdown_result = lineShutdown(prog.app);
	}
	pthread_mutex_unlock(&prog.lock);
}

/* Wait up to 6 s for @cond (a read of prog's state) to hold. */
#define WAIT_FOR(cond) ({							\
	double _until = now_ms() + 6000;					\
	int _ok;								\
	for (;;) {								\
		pthread_mutex_lock(&prog.lock);					\
		_ok = !!(cond);							\
		pthread_mutex_unlock(&prog.lock);				\
		if (_ok || now_ms() > _until)					\
			break;							\
		usleep(2000);							\
	}									\
	_ok; })

static int has_state(DWORD state)
{
	for (int i = 0; i < prog.n; i++)
		if (prog.states[i] == state)
			return 1;
	return 0;
}

/*
 * The library's thread: each reply reaches the callback only after the
 * program stored its ID, though the program computes a while first and
 * the reply was queued before the function returned.
 */
TEST(each_reply_comes_after_its_id_was_stored)
{
	HLINEAPP app;
	HLINE line;
	DWORD ndevs;
	HCALL call;
	LONG req;

	reset();
	ASSERT_EQ(0, lineInitialize(&app, NULL, program_callback, "callbacks_test", &ndevs));
	ASSERT_EQ(0, lineOpen(app, LINE, &line, 0x00010004, 0, 0, LINECALLPRIVILEGE_NONE, 0,
			      NULL));
	for (int i = 0; i < ROUNDS; i++) {
		req = lineMakeCall(line, &call, NULL, 0, NULL);
		ASSERT_LT(0, req);
		compute(15);
		prog.call = call;
		prog.pending = req;
		EXPECT_TRUE(WAIT_FOR(prog.matched == 2 * i + 1)) TH_LOG("round %d: make", i);
		EXPECT_TRUE(WAIT_FOR(has_state(LINECALLSTATE_DIALTONE)));

		req = lineDrop(call, NULL, 0);
		ASSERT_LT(0, req);
		compute(15);
		prog.pending = req;
		EXPECT_TRUE(WAIT_FOR(prog.matched == 2 * i + 2)) TH_LOG("round %d: drop", i);
		EXPECT_TRUE(WAIT_FOR(has_state(LINECALLSTATE_IDLE)));
		EXPECT_EQ(0, lineDeallocateCall(call));
		pthread_mutex_lock(&prog.lock);
		prog.n = 0;
		pthread_mutex_unlock(&prog.lock);
	}
	pthread_mutex_lock(&prog.lock);
	EXPECT_EQ(2 * ROUNDS, prog.replies);
	EXPECT_EQ(0, prog.unmatched) TH_LOG("replies that came before their ID was stored");
	EXPECT_EQ(0, prog.results_bad);
	pthread_mutex_unlock(&prog.lock);

	/* a request the callback makes: its reply after the callback returned */
	reset();
	prog.drop_in_callback = 1;
	req = lineMakeCall(line, &call, NULL, 0, NULL);
	ASSERT_LT(0, req);
	prog.call = call;
	prog.pending = req;
	EXPECT_TRUE(WAIT_FOR(prog.drop_matched == 1));
	EXPECT_TRUE(WAIT_FOR(has_state(LINECALLSTATE_IDLE)));
	pthread_mutex_lock(&prog.lock);
	EXPECT_LT(0, prog.drop_req);
	EXPECT_EQ(1, prog.matched);
	EXPECT_EQ(0, prog.unmatched);
	pthread_mutex_unlock(&prog.lock);
	EXPECT_EQ(0, lineDeallocateCall(call));
	EXPECT_EQ(0, lineShutdown(app));
}

/* Dispatch what is pending when @fd says so, within @ms: how many went. */
static int pump(HLINEAPP app, int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = 0;
	LONG r;

	if (poll(&p, 1, ms) != 1)
		return 0;
	r = libtapi_lineDispatch(app);
	if (r > 0)
		n += r;
	return n;
}

/*
 * libtapi_lineCallbacksOnThread: the callback runs on the program's
 * thread, only from libtapi_lineDispatch, in order; the descriptor is
 * readable exactly while messages wait.
 */
TEST(callbacks_run_on_the_programs_own_thread)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEHIDDENWINDOW };
	DWORD ndevs, version = 0x00020002;
	struct pollfd pf;
	HLINEAPP app;
	HLINE line;
	HCALL call;
	LONG req;
	int fd = -1, fd2 = -1;
	double until;

	reset();
	prog.thread = pthread_self();
	ASSERT_EQ(0, lineInitializeEx(&app, NULL, program_callback, "callbacks_test", &ndevs,
				      &version, &p));
	ASSERT_EQ(0, libtapi_lineCallbacksOnThread(app, &fd));
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, libtapi_lineCallbacksOnThread(app, &fd2));
	EXPECT_EQ(fd, fd2) TH_LOG("asked again: the same descriptor");
	EXPECT_EQ(0, libtapi_lineDispatch(app)) TH_LOG("nothing pending");
	ASSERT_EQ(0, lineOpen(app, LINE, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0,
			      NULL));

	req = lineMakeCall(line, &call, NULL, 0, NULL);
	ASSERT_LT(0, req);
	usleep(300000);		/* blocking as a program does: still nothing runs */
	pthread_mutex_lock(&prog.lock);
	EXPECT_EQ(0, prog.replies) TH_LOG("a callback ran outside libtapi_lineDispatch");
	pthread_mutex_unlock(&prog.lock);
	pf = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pf, 1, 0)) TH_LOG("the reply waits: readable");
	prog.call = call;
	prog.pending = req;
	until = now_ms() + 6000;
	while (!has_state(LINECALLSTATE_DIALTONE) && now_ms() < until)
		pump(app, fd, 100);
	EXPECT_EQ(1, prog.matched);
	EXPECT_EQ(0, prog.unmatched);
	EXPECT_TRUE(has_state(LINECALLSTATE_DIALTONE));

	/* the drop, asked for in the callback, and everything after it */
	req = lineDrop(call, NULL, 0);
	ASSERT_LT(0, req);
	prog.pending = req;
	until = now_ms() + 6000;
	while (!has_state(LINECALLSTATE_IDLE) && now_ms() < until)
		pump(app, fd, 100);
	EXPECT_EQ(2, prog.matched);
	EXPECT_TRUE(has_state(LINECALLSTATE_IDLE));
	EXPECT_EQ(0, prog.wrong_thread) TH_LOG("callbacks on another thread");
	EXPECT_EQ(0, lineDeallocateCall(call));
	while (pump(app, fd, 200))
		;
	pf = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(0, poll(&pf, 1, 0)) TH_LOG("all dispatched: not readable");
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, lineGetMessage(app, &(LINEMESSAGE){ 0 }, 0));

	/* lineShutdown from a callback libtapi_lineDispatch runs */
	prog.app = app;
	prog.shutdown_in_callback = 1;
	req = lineMakeCall(line, &call, NULL, 0, NULL);
	ASSERT_LT(0, req);
	EXPECT_EQ(1, pump(app, fd, 2000)) TH_LOG("the shutdown's message, then none");
	EXPECT_EQ(0, prog.shutdown_result);
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, libtapi_lineDispatch(app));
	EXPECT_EQ(LINEERR_INVALLINEHANDLE, lineClose(line)) TH_LOG("closed with the shutdown");
	prog.thread = 0;
}

static void CALLBACK dispatch_inside(DWORD dev, DWORD msg, DWORD_PTR inst, DWORD_PTR p1,
				     DWORD_PTR p2, DWORD_PTR p3)
{
	(void)dev, (void)inst, (void)p1, (void)p2, (void)p3;
	if (msg == LINE_REPLY) {
		pthread_mutex_lock(&prog.lock);
		prog.shutdown_result = libtapi_lineDispatch(prog.app);
		prog.replies++;
		pthread_mutex_unlock(&prog.lock);
	}
}

/* The three notification models and the extension: what each refuses. */
TEST(each_notification_model_keeps_its_rules)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD ndevs, version = 0x00020002;
	HLINEAPP ev, cb;
	HLINE line;
	HCALL call;
	int fd;

	reset();
	/* the event model has no callback: lineGetMessage, not dispatching */
	ASSERT_EQ(0, lineInitializeEx(&ev, NULL, NULL, "callbacks_test", &ndevs, &version, &p));
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, libtapi_lineCallbacksOnThread(ev, &fd));
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, libtapi_lineDispatch(ev));
	EXPECT_EQ(LINEERR_OPERATIONFAILED, lineGetMessage(ev, &(LINEMESSAGE){ 0 }, 0));
	EXPECT_EQ(0, lineShutdown(ev));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, libtapi_lineCallbacksOnThread(ev, &fd));
	EXPECT_EQ(LINEERR_INVALAPPHANDLE, libtapi_lineDispatch(ev));

	/* no completion ports on Linux */
	p.dwOptions = LINEINITIALIZEEXOPTION_USECOMPLETIONPORT;
	EXPECT_EQ(LINEERR_INVALPARAM, lineInitializeEx(&ev, NULL, NULL, "callbacks_test",
						       &ndevs, &version, &p));

	/* the hidden-window model: the library's thread until the program takes over */
	p.dwOptions = LINEINITIALIZEEXOPTION_USEHIDDENWINDOW;
	ASSERT_EQ(0, lineInitializeEx(&cb, NULL, dispatch_inside, "callbacks_test", &ndevs,
				      &version, &p));
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, libtapi_lineDispatch(cb)) TH_LOG("not taken over");
	EXPECT_EQ(LINEERR_INVALPOINTER, libtapi_lineCallbacksOnThread(cb, NULL));
	ASSERT_EQ(0, libtapi_lineCallbacksOnThread(cb, &fd));
	prog.app = cb;
	ASSERT_EQ(0, lineOpen(cb, LINE, &line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0,
			      NULL));
	ASSERT_LT(0, lineMakeCall(line, &call, NULL, 0, NULL));
	EXPECT_LE(1, pump(cb, fd, 2000));
	EXPECT_EQ(1, prog.replies);
	EXPECT_EQ(LINEERR_OPERATIONUNAVAIL, prog.shutdown_result)
		TH_LOG("dispatching from inside a dispatched callback");
	EXPECT_EQ(0, lineShutdown(cb));
}

/* tapi_sim's test interface: "faults" of line @number (docs/tapi_sim.md) */
static int sim_fault(const char *number, const char *what)
{
	char path[96];
	FILE *f;
	int bad;

	snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/%s/faults", number);
	f = fopen(path, "w");
	if (!f)
		return -1;
	bad = fputs(what, f) < 0;
	return fclose(f) || bad ? -1 : 0;
}

/* A lineMakeCall on another thread: what it returned, once it did. */
static struct {
	HLINE line;
	HCALL call;
	volatile LONG result;
	volatile int done;
} slow;

static void *slow_make_call(void *unused)
{
	(void)unused;
	slow.result = lineMakeCall(slow.line, &slow.call, NULL, 0, NULL);
	__atomic_store_n(&slow.done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* The next message within 6 s, or 0 with none. */
static int next_message(HLINEAPP app, LINEMESSAGE *m)
{
	return lineGetMessage(app, m, 6000) == 0;
}

/*
 * A request the driver takes long over (tapi_sim's reply_delay: its
 * make_call sleeps 2 s, holding the line's gate) holds up no other line:
 * the library's lock is not held across the ioctl. The slow line's events
 * still come only after its request's LINE_REPLY (the engine leaves them
 * unread meanwhile), and a line closed meanwhile is refused, not crashed.
 */
TEST(a_request_in_the_driver_holds_up_no_other_line)
{
	LINEINITIALIZEEXPARAMS p = { .dwTotalSize = sizeof(p),
				     .dwOptions = LINEINITIALIZEEXOPTION_USEEVENT };
	DWORD ndevs, version = 0x00020002;
	LONG req, slow_req = 0;
	int reply_at = -1, state_at = -1;
	HLINE other;
	HCALL call;
	HLINEAPP app;
	LINEMESSAGE m;
	pthread_t t;

	ASSERT_EQ(0, lineInitializeEx(&app, NULL, NULL, "callbacks_test", &ndevs, &version, &p));
	ASSERT_EQ(0, lineOpen(app, 0, &slow.line, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0,
			      NULL));
	ASSERT_EQ(0, lineOpen(app, 1, &other, 0x00020002, 0, 0, LINECALLPRIVILEGE_NONE, 0,
			      NULL));
	ASSERT_EQ(0, sim_fault("1001", "reply_delay 2000"));

	slow.done = 0;
	ASSERT_EQ(0, pthread_create(&t, NULL, slow_make_call, NULL));
	usleep(100000);		/* into the driver (if not yet, this proves nothing) */
	req = lineMakeCall(other, &call, NULL, 0, NULL);
	EXPECT_LT(0, req);
	EXPECT_EQ(0, __atomic_load_n(&slow.done, __ATOMIC_SEQ_CST))
		TH_LOG("the other line's request waited for the slow one's");
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_LT(0, slow.result);

	/* the slow call's reply before anything said of the call */
	for (int i = 0; (reply_at < 0 || state_at < 0) && next_message(app, &m); i++) {
		if (m.dwMessageID == LINE_REPLY && (LONG)m.dwParam1 == slow.result)
			reply_at = i;
		else if (m.dwMessageID == LINE_CALLSTATE && m.hDevice == slow.call &&
			 state_at < 0)
			state_at = i;
	}
	EXPECT_LE(0, reply_at);
	EXPECT_LT(reply_at, state_at);
	EXPECT_LT(0, lineDrop(call, NULL, 0));
	EXPECT_LT(0, lineDrop(slow.call, NULL, 0));

	/* the line closed while its request is in the driver */
	slow.done = 0;
	ASSERT_EQ(0, pthread_create(&t, NULL, slow_make_call, NULL));
	usleep(100000);
	EXPECT_EQ(0, lineClose(slow.line));
	ASSERT_EQ(0, pthread_join(t, NULL));
	slow_req = slow.result;
	/* refused if it was in the driver; a request had it not got there yet */
	if (slow_req < 0)
		EXPECT_EQ(LINEERR_INVALLINEHANDLE, slow_req);

	EXPECT_EQ(0, sim_fault("1001", "reply_delay 0"));
	EXPECT_EQ(0, lineShutdown(app));
}

TEST_HARNESS_MAIN
