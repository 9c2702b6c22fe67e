// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for what a local user in group tapi must not be able to do to
 * the kernel: race a descriptor's creation, make the 1 ms tick late with
 * files and monitors, act on a call still being made, have a new call
 * swallowed by a file that is closing, send into a call it does not own,
 * pass input the header says must be zero, or reach a driver that is gone.
 * Run in the VMs against tapi_sim's lines 1001 (/dev/tapi0) to 1004; the
 * debug kernel's KASAN, lockdep, kmemleak and UBSAN reports on the console
 * fail the run.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "sim_debugfs.h"
#include "call_util.h"

#define LINE_D	"/dev/tapi3"	/* number 1004 */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static int audio_open(int fd, unsigned int call_id)
{
	struct tapi_audio_open a = {
		.call_id = call_id, .format = TAPI_AUDIO_LINEAR16, .chunk_ms = 10,
	};

	return ioctl(fd, TAPI_IOC_AUDIO_OPEN, &a) ? -errno : a.fd;
}

/* Open streams on @fd until refused: how many, with the refusal in *err. */
static int streams_until_refused(int fd, int *sfd, int max, int *err)
{
	int n = 0;

	*err = 0;
	while (n < max) {
		sfd[n] = audio_open(fd, 0);
		if (sfd[n] < 0) {
			*err = sfd[n];
			break;
		}
		n++;
	}
	return n;
}

static void close_all(int *fd, int n)
{
	while (n-- > 0)
		close(fd[n]);
}

static atomic_int race_stop, race_fd = ATOMIC_VAR_INIT(-1);

/* Close whatever descriptor the opener was last handed, as fast as we can. */
static void *closer(void *arg)
{
	(void)arg;
	while (!atomic_load(&race_stop)) {
		int fd = atomic_load(&race_fd);

		if (fd >= 0)
			close(fd);
	}
	return NULL;
}

TEST(audio_open_cannot_be_raced_by_closing_the_next_descriptor)
{
	int fd = open_line(LINE_A), sfd[TAPI_MAX_STREAMS + 1], n, err;
	unsigned long opens = 0;
	pthread_t t;
	double end;

	ASSERT_LE(0, fd);
	atomic_store(&race_stop, 0);
	ASSERT_EQ(0, pthread_create(&t, NULL, closer, NULL));
	/*
	 * 5 s and 1000 streams at least, however slow the machine (a starved
	 * debug VM made only 852 in 5 s once); a minute at most.
	 */
	for (end = now_s() + 5; now_s() < end || (opens < 1000 && now_s() < end + 55);) {
		int s = audio_open(fd, 0);

		if (s < 0) {
			/* the closer never leaves a stream half made: only limits */
			ASSERT_EQ(-EMFILE, s);
			continue;
		}
		opens++;
		/* the lowest free number: the next one comes back the same */
		atomic_store(&race_fd, s);
		close(s);
	}
	atomic_store(&race_stop, 1);
	pthread_join(t, NULL);
	TH_LOG("%lu streams opened while another thread closed their numbers", opens);
	EXPECT_LE(1000, opens);
	/* every stream was accounted for as it went: all can be opened again */
	n = streams_until_refused(fd, sfd, TAPI_MAX_STREAMS + 1, &err);
	EXPECT_EQ(TAPI_MAX_STREAMS, n);
	EXPECT_EQ(-EMFILE, err);
	close_all(sfd, n);
	close(fd);
}

TEST(a_failed_copy_of_the_descriptor_leaves_none_behind)
{
	struct tapi_audio_open *ro;
	int fd = open_line(LINE_A), lowest, sfd[TAPI_MAX_STREAMS + 1], n, err;

	ASSERT_LE(0, fd);
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	*ro = (struct tapi_audio_open){ .format = TAPI_AUDIO_ULAW, .chunk_ms = 20 };
	/* readable, so the request is read; not writable, so the answer fails */
	ASSERT_EQ(0, mprotect(ro, 4096, PROT_READ));
	lowest = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, lowest);
	close(lowest);

	EXPECT_EQ(-1, ioctl(fd, TAPI_IOC_AUDIO_OPEN, ro));
	EXPECT_EQ(EFAULT, errno);
	n = open("/dev/null", O_RDONLY);
	EXPECT_EQ(lowest, n) TH_LOG("a descriptor was left behind");
	close(n);
	/* nor is a stream left counted on the line */
	n = streams_until_refused(fd, sfd, TAPI_MAX_STREAMS + 1, &err);
	EXPECT_EQ(TAPI_MAX_STREAMS, n);
	close_all(sfd, n);
	munmap(ro, 4096);
	close(fd);
}

TEST(a_device_has_a_limit_on_open_files)
{
	int fd[TAPI_MAX_OPENS + 1], n, extra;

	for (n = 0; n < TAPI_MAX_OPENS; n++) {
		fd[n] = open_line(LINE_D);
		ASSERT_LE(0, fd[n]) TH_LOG("open %d: %s", n, strerror(errno));
	}
	EXPECT_EQ(-1, open_line(LINE_D));
	EXPECT_EQ(EMFILE, errno);
	/* another line is not affected */
	extra = open_line(LINE_C);
	EXPECT_LE(0, extra);
	close(extra);
	close(fd[0]);
	fd[0] = open_line(LINE_D);
	EXPECT_LE(0, fd[0]);
	close_all(fd, n);

	/* a phone device has the same limit */
	for (n = 0; n < TAPI_MAX_OPENS; n++) {
		fd[n] = sim_open_phone("tapi3");
		ASSERT_LE(0, fd[n]);
	}
	EXPECT_EQ(-EMFILE, sim_open_phone("tapi3"));
	close_all(fd, n);
}

static int monitor_tones(int fd, const struct tapi_monitor_tones *m)
{
	return ioctl(fd, TAPI_IOC_MONITOR_TONES, m) ? -errno : 0;
}

/* Four tones of three frequencies, from @hz[@first] on (wrapping at @n). */
static void four_tones(struct tapi_monitor_tones *m, const unsigned int *hz, int n,
		       int first, unsigned int tag)
{
	int i, k;

	memset(m, 0, sizeof(*m));
	m->count = 4;
	for (i = 0; i < 4; i++) {
		m->tones[i].tag = tag + i;
		m->tones[i].duration_ms = 100;
		for (k = 0; k < 3; k++)
			m->tones[i].freq[k] = hz[(first + i * 3 + k) % n];
	}
}

static int generate_tone(int fd, unsigned int f1, unsigned int f2, unsigned int ms)
{
	struct tapi_generate_tone g = {
		.tone = TAPI_TONE_CUSTOM, .level1 = -100, .level2 = f2 ? -100 : 0,
		.nseg = 1, .duration_ms = ms, .seg = { { .freq1 = f1, .freq2 = f2 } },
	};

	return ioctl(fd, TAPI_IOC_GENERATE_TONE, &g) ? -errno : 0;
}

/* The tag of the next tone @fd hears within @ms, or -1. */
static int heard_tone(int fd, int ms)
{
	struct tapi_event ev;

	return next_event(fd, TAPI_EVENT_TONE, &ev, ms) ? (int)ev.param[0] : -1;
}

TEST(tone_filters_are_shared_and_bounded)
{
	/* 48 frequencies: four sets of 12, more than a line's 32 filters */
	unsigned int hz[48];
	struct tapi_monitor_tones m, one = {
		.count = 1, .tones = { { .tag = 77, .duration_ms = 100, .freq = { 1000 } } },
	};
	int gen = open_line(LINE_A), f[5], i;
	struct tapi_event ev;

	for (i = 0; i < 48; i++)
		hz[i] = 310 + 75 * i;	/* none is 1000 */
	ASSERT_LE(0, gen);
	for (i = 0; i < 5; i++) {
		f[i] = open_line(LINE_B);
		ASSERT_LE(0, f[i]);
	}
	ASSERT_EQ(0, sim_write("1001", "connect", "1002"));
	four_tones(&m, hz, 48, 0, 1);
	ASSERT_EQ(0, monitor_tones(f[0], &m));		/* 12 filters */
	ASSERT_EQ(0, monitor_tones(f[1], &m));		/* the same 12: shared */
	four_tones(&m, hz, 48, 12, 1);
	ASSERT_EQ(0, monitor_tones(f[2], &m));		/* 24 */
	ASSERT_EQ(0, monitor_tones(f[3], &one));	/* 25 */
	four_tones(&m, hz, 48, 24, 1);
	m.count = 2;
	memset(&m.tones[2], 0, 2 * sizeof(m.tones[0]));
	ASSERT_EQ(0, monitor_tones(f[4], &m));		/* 31 */
	four_tones(&m, hz, 48, 36, 1);
	EXPECT_EQ(-ENOSPC, monitor_tones(f[3], &m));	/* would be 42 */
	/* refused: the request it had goes on */
	ASSERT_EQ(0, generate_tone(gen, 1000, 0, 300));
	EXPECT_EQ(77, heard_tone(f[3], 2000));
	/* the tone ends, and a silence of blocks, so that the next is a new one */
	ASSERT_EQ(1, next_event(gen, TAPI_EVENT_GENERATE, &ev, 2000));
	usleep(100000);
	/* the first set is still f[1]'s: nothing is freed for f[3] */
	memset(&m, 0, sizeof(m));
	ASSERT_EQ(0, monitor_tones(f[0], &m));
	four_tones(&m, hz, 48, 36, 1);
	EXPECT_EQ(-ENOSPC, monitor_tones(f[3], &m));
	/* half of it goes: the freed filters come before f[3]'s own */
	four_tones(&m, hz, 48, 0, 1);
	m.count = 2;
	memset(&m.tones[2], 0, 2 * sizeof(m.tones[0]));
	ASSERT_EQ(0, monitor_tones(f[1], &m));		/* 25 */
	four_tones(&m, hz, 48, 36, 1);
	EXPECT_EQ(-ENOSPC, monitor_tones(f[3], &m));	/* would be 36 */
	ASSERT_EQ(0, generate_tone(gen, 1000, 0, 300));
	EXPECT_EQ(77, heard_tone(f[3], 2000)) TH_LOG("a refused request lost the old one");
	/* the second set goes with f[2]'s close */
	close(f[2]);
	EXPECT_EQ(0, monitor_tones(f[3], &m));
	for (i = 0; i < 5; i++)
		if (i != 2)
			close(f[i]);
	sim_write("1001", "connect", "0");
	close(gen);
}

/* What the clock did over a window (debugfs tapi/clock). */
struct clock_window {
	long long slipped, overran, ticks, busy_ns, filters;
};

static void clock_window(struct clock_window *w, int end)
{
	long long v[5] = {
		clock_stat("slipped"), clock_stat("overran"), clock_stat("ticks"),
		clock_stat("busy_ns"), clock_stat("tone_filter_runs"),
	};

	if (!end) {
		w->slipped = v[0], w->overran = v[1], w->ticks = v[2], w->busy_ns = v[3];
		w->filters = v[4];
		return;
	}
	w->slipped = v[0] - w->slipped;
	w->overran = v[1] - w->overran;
	w->ticks = v[2] - w->ticks;
	w->busy_ns = v[3] - w->busy_ns;
	w->filters = v[4] - w->filters;
}

/*
 * 10 s of the dial tone, on and off, into line B, whose files @f all read
 * what they hear: what the clock did meanwhile, and how often the last
 * file heard the tone.
 */
static int tone_window(int gen, int *f, struct clock_window *w)
{
	double end;
	int i, heard = 0;

	clock_window(w, 0);
	for (end = now_s() + 10; now_s() < end;) {
		if (generate_tone(gen, 350, 440, 400))
			break;
		heard += heard_tone(f[TAPI_MAX_OPENS - 1], 1000) == 99;
		usleep(300000);
		for (i = 0; i < TAPI_MAX_OPENS; i++)
			drain(f[i]);
	}
	clock_window(w, 1);
	return heard;
}

TEST(the_most_monitors_a_line_takes_keep_the_tick_on_time)
{
	/* every filter a line has, 32 frequencies, the dial tone's among them */
	unsigned int hz[TAPI_MAX_TONE_FREQS];
	struct tapi_monitor_tones m = { 0 }, dial = {
		.count = 1,
		.tones = { { .tag = 99, .duration_ms = 200, .freq = { 350, 440 } } },
	};
	int gen = open_line(LINE_A), f[TAPI_MAX_OPENS], i, heard;
	struct clock_window w, alone;

	for (i = 0; i < TAPI_MAX_TONE_FREQS; i++)
		hz[i] = 350 + 90 * i;	/* 440 is the second */
	ASSERT_LE(0, gen);
	ASSERT_EQ(0, sim_write("1001", "connect", "1002"));
	/*
	 * Every file the line takes: all but the last watch four tones of
	 * three frequencies, the last the dial tone, to show the filters run.
	 */
	for (i = 0; i < TAPI_MAX_OPENS; i++) {
		f[i] = open_line(LINE_B);
		ASSERT_LE(0, f[i]);
		if (i < TAPI_MAX_OPENS - 1)
			four_tones(&m, hz, TAPI_MAX_TONE_FREQS, i * 5, 1);
		ASSERT_EQ(0, monitor_tones(f[i], i < TAPI_MAX_OPENS - 1 ? &m : &dial));
	}
	heard = tone_window(gen, f, &w);
	TH_LOG("10 s with %d monitors: %lld ticks slipped, %lld runs overran, %lld ns "
	       "per tick, %lld filter runs in %lld ticks, the dial tone heard %d times",
	       TAPI_MAX_OPENS, w.slipped, w.overran, w.ticks > 0 ? w.busy_ns / w.ticks : -1,
	       w.filters, w.ticks, heard);
	EXPECT_LE(5, heard);
	/*
	 * One filter per frequency per tick, however many files listen: the
	 * line's 32, not 12 for each of 256 files (3072). The statistics are
	 * read one after the other, a few ticks apart: hence 31 to 33.
	 */
	EXPECT_LE(w.filters, (long long)(TAPI_MAX_TONE_FREQS + 1) * w.ticks);
	EXPECT_GE(w.filters, (long long)(TAPI_MAX_TONE_FREQS - 1) * w.ticks);
	/*
	 * What makes a clock late by itself is lines costing more than the
	 * tick has: with the most monitors, the ticks of all lines together
	 * stay far below the 1 ms each stands for (before the filters were
	 * shared, 1600 monitors took 1.2 ms). Slips are looked at too, but
	 * an emulated machine slips whenever its host stalls it, monitors or
	 * not, so they are compared with the same 10 s without the monitors
	 * and logged, not judged.
	 */
	ASSERT_LT(0, w.ticks);
	EXPECT_GT(500000, w.busy_ns / w.ticks);
	if (w.slipped || w.overran) {
		memset(&m, 0, sizeof(m));
		for (i = 0; i < TAPI_MAX_OPENS - 1; i++)
			ASSERT_EQ(0, monitor_tones(f[i], &m));
		tone_window(gen, f, &alone);
		TH_LOG("10 s with one monitor: %lld ticks slipped, %lld runs overran, "
		       "%lld ns per tick", alone.slipped, alone.overran,
		       alone.ticks > 0 ? alone.busy_ns / alone.ticks : -1);
	}
	close_all(f, TAPI_MAX_OPENS);
	sim_write("1001", "connect", "0");
	close(gen);
}

static int generate_digits(int fd, unsigned int call_id, const char *digits)
{
	struct tapi_generate_digits g = {
		.call_id = call_id, .mode = TAPI_DIGIT_DTMF, .on_ms = 100, .off_ms = 100,
		.level = -100,
	};

	snprintf(g.digits, sizeof(g.digits), "%s", digits);
	return ioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g) ? -errno : 0;
}

/* True once @fd hears call @id reach @state, within @ms; other states pass. */
static int until_state(int fd, unsigned int id, unsigned int state, int ms)
{
	struct tapi_event ev;

	while (next_event(fd, TAPI_EVENT_CALL_STATE, &ev, ms))
		if (ev.call_id == id && ev.param[0] == state)
			return 1;
	return 0;
}

struct maker {
	int fd;
	int id;
};

static void *make_in_thread(void *arg)
{
	struct maker *mk = arg;

	mk->id = make_call(mk->fd, "1003", VOICE);
	return NULL;
}

TEST(a_call_being_made_is_nobody_s_until_its_id_is_returned)
{
	int a = open_line(LINE_A), mon = open_line(LINE_A), other = open_line(LINE_A);
	struct maker mk = { .fd = a };
	struct tapi_call_info ci;
	struct tapi_event ev;
	uint32_t ids[8];
	unsigned int next;
	pthread_t t;
	int prev;

	ASSERT_LE(0, a);
	ASSERT_LE(0, mon);
	ASSERT_LE(0, other);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(0, set_priv(other, TAPI_PRIV_OWNER, VOICE, 5));
	/* IDs only grow: the next call's is the last one's plus one */
	prev = make_call(a, "", VOICE);
	ASSERT_LT(0, prev);
	ASSERT_EQ(0, call_op(a, TAPI_IOC_DROP, prev));
	drain(mon);
	next = prev + 1;

	ASSERT_EQ(0, sim_write("1001", "faults", "reply_delay 1000"));
	ASSERT_EQ(0, pthread_create(&t, NULL, make_in_thread, &mk));
	usleep(300000);
	/*
	 * The maker's own other thread, a monitor and another owner: no one.
	 * (Requests that go to the driver wait for the maker's to end, so
	 * only those that do not are tried here.)
	 */
	EXPECT_EQ(-ENOENT, handoff(a, next, VOICE));
	EXPECT_EQ(-ENOENT, call_info(a, next, &ci));
	EXPECT_EQ(-ENOENT, call_op(a, TAPI_IOC_ACCEPT, next));
	EXPECT_EQ(-ENOENT, generate_digits(a, next, "1"));
	EXPECT_EQ(-ENOENT, audio_open(a, next));
	EXPECT_EQ(-ENOENT, call_info(mon, next, &ci));
	EXPECT_EQ(-ENOENT, audio_open(mon, next));
	EXPECT_EQ(-ENOENT, handoff(other, next, VOICE));
	EXPECT_EQ(0, list_calls(a, ids, 8));
	EXPECT_EQ(0, list_calls(mon, ids, 8));
	{
		struct tapi_call_list l = {
			.ids = (uintptr_t)ids, .count = 8, .flags = TAPI_LIST_ADOPT,
		};

		EXPECT_EQ(0, ioctl(other, TAPI_IOC_LIST_CALLS, &l));
		EXPECT_EQ(0, l.count) TH_LOG("adopted a call still being made");
	}
	EXPECT_FALSE(next_event(mon, TAPI_EVENT_CALL_STATE, &ev, 100));
	EXPECT_FALSE(next_event(other, TAPI_EVENT_CALL_STATE, &ev, 100));
	pthread_join(t, NULL);

	ASSERT_EQ((int)next, mk.id);
	/* now it is known, first to its maker's monitors by an event */
	ASSERT_EQ(1, next_event(mon, TAPI_EVENT_CALL_STATE, &ev, 1000));
	EXPECT_EQ(next, ev.call_id);
	EXPECT_EQ(0, call_info(mon, next, &ci));
	EXPECT_EQ(TAPI_PRIV_MONITOR, ci.privilege);
	EXPECT_EQ(0, call_op(a, TAPI_IOC_DROP, next));
	/* and every file told of it is told it ended, and can ask about it */
	EXPECT_TRUE(until_state(mon, next, TAPI_CALL_IDLE, 3000));
	EXPECT_EQ(0, call_info(mon, next, &ci));
	EXPECT_EQ(TAPI_CALL_IDLE, ci.state);
	sim_write("1001", "faults", "none");
	close(a);
	close(mon);
	close(other);
}

static void *close_in_thread(void *arg)
{
	close(*(int *)arg);
	return NULL;
}

TEST(a_file_closing_does_not_swallow_a_new_call)
{
	int a = open_line(LINE_A), f = open_line(LINE_B), g = open_line(LINE_B);
	int h = open_line(LINE_B), id;
	struct maker mk = { .fd = h };
	struct tapi_event ev;
	pthread_t tm, tc;

	ASSERT_LE(0, a);
	ASSERT_LE(0, f);
	ASSERT_LE(0, g);
	ASSERT_LE(0, h);
	/* f would get line B's voice calls, g after it */
	ASSERT_EQ(0, set_priv(f, TAPI_PRIV_OWNER, VOICE, 9));
	ASSERT_EQ(0, set_priv(g, TAPI_PRIV_OWNER, VOICE, 1));
	/* h's request keeps line B's driver busy for 1.5 s... */
	ASSERT_EQ(0, sim_write("1002", "faults", "reply_delay 1500"));
	ASSERT_EQ(0, pthread_create(&tm, NULL, make_in_thread, &mk));
	usleep(200000);
	/* ...so f's close waits for it, while a call for line B comes in */
	ASSERT_EQ(0, pthread_create(&tc, NULL, close_in_thread, &f));
	usleep(200000);
	id = make_call(a, "1002", VOICE);
	ASSERT_LT(0, id);

	ASSERT_EQ(1, next_event(g, TAPI_EVENT_CALL_STATE, &ev, 3000))
		TH_LOG("the next owner was never offered the call");
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	EXPECT_EQ(TAPI_PRIV_OWNER, ev.param[2]);
	pthread_join(tc, NULL);
	pthread_join(tm, NULL);
	/* the caller hears it ring: nobody dropped it */
	EXPECT_STATE(a, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	EXPECT_STATE(a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_EQ(0, call_op(g, TAPI_IOC_DROP, ev.call_id));
	EXPECT_EQ(0, call_op(a, TAPI_IOC_DROP, id));
	sim_write("1002", "faults", "none");
	if (mk.id > 0)
		call_op(h, TAPI_IOC_DROP, mk.id);
	close(a);
	close(g);
	close(h);
}

TEST(only_a_call_s_owner_sends_into_it)
{
	int a = open_line(LINE_A), b = open_line(LINE_B), mon = open_line(LINE_B);
	int bid, id, s_own, s_mon;
	int16_t pcm[80] = { 1000 };
	struct tapi_event ev;

	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(0, set_priv(b, TAPI_PRIV_OWNER, VOICE, 0));
	id = make_call(a, "1002", VOICE);
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	ASSERT_EQ(0, call_op(b, TAPI_IOC_ANSWER, bid));

	/* the monitor: no digits, no tones, no audio into it, no answer or drop */
	EXPECT_EQ(-EPERM, generate_digits(mon, bid, "123"));
	EXPECT_EQ(-EPERM, generate_tone(mon, 1000, 0, 100));
	EXPECT_EQ(-EPERM, call_op(mon, TAPI_IOC_DROP, bid));
	EXPECT_EQ(-EPERM, call_op(mon, TAPI_IOC_ANSWER, bid));
	/* nor onto the line, which carries the call */
	{
		struct tapi_generate_tone t = {
			.call_id = bid, .tone = TAPI_TONE_BEEP,
		};

		EXPECT_EQ(-1, ioctl(mon, TAPI_IOC_GENERATE_TONE, &t));
		EXPECT_EQ(EPERM, errno);
		t.call_id = 0;
		EXPECT_EQ(-1, ioctl(mon, TAPI_IOC_GENERATE_TONE, &t));
		EXPECT_EQ(EPERM, errno);
	}
	/* it may listen: its stream reads, but does not write */
	s_mon = audio_open(mon, bid);
	ASSERT_LE(0, s_mon);
	EXPECT_EQ(-1, write(s_mon, pcm, sizeof(pcm)));
	EXPECT_EQ(EPERM, errno);
	s_own = audio_open(b, bid);
	ASSERT_LE(0, s_own);
	EXPECT_EQ((ssize_t)sizeof(pcm), write(s_own, pcm, sizeof(pcm)));

	/* the owner's generation is not the monitor's to cancel */
	ASSERT_EQ(0, generate_digits(b, bid, "1234567890"));
	EXPECT_EQ(-EPERM, generate_digits(mon, bid, ""));
	EXPECT_EQ(-EPERM, generate_digits(mon, 0, ""));
	EXPECT_EQ(0, generate_digits(b, bid, ""));

	/* owning it lets it send; giving ownership away stops the old owner */
	ASSERT_EQ(0, call_priv(mon, bid, TAPI_PRIV_OWNER));
	EXPECT_EQ((ssize_t)sizeof(pcm), write(s_mon, pcm, sizeof(pcm)));
	ASSERT_EQ(0, call_priv(b, bid, TAPI_PRIV_MONITOR));
	EXPECT_EQ(-1, write(s_own, pcm, sizeof(pcm)));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-EPERM, generate_digits(b, bid, "1"));
	/* a stream outlives its file, but then speaks for nobody */
	ASSERT_EQ(0, call_priv(b, bid, TAPI_PRIV_OWNER));
	close(mon);
	EXPECT_EQ(-1, write(s_mon, pcm, sizeof(pcm)));
	EXPECT_EQ(EPERM, errno);
	close(s_mon);
	close(s_own);
	call_op(a, TAPI_IOC_DROP, id);
	close(a);
	close(b);
}

TEST(every_unused_input_is_rejected)
{
	int a = open_line(LINE_A), ph = sim_open_phone("tapi0"), id;
	struct tapi_phone_button btn = { .button = 0 };
	struct tapi_gather_digits gd = { 0 };
	struct tapi_generate_tone t = { 0 };
	struct tapi_call_set cs = { 0 };
	char buf[8];

	ASSERT_LE(0, a);
	ASSERT_LE(0, ph);
	/* PHONE_GET_BUTTON: only the button's number is input */
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	btn = (struct tapi_phone_button){ .button = 0, .state = 1 };
	EXPECT_EQ(-1, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	EXPECT_EQ(EINVAL, errno);
	btn = (struct tapi_phone_button){ .button = 0, .lamp = 1 };
	EXPECT_EQ(-1, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	EXPECT_EQ(EINVAL, errno);
	btn = (struct tapi_phone_button){ .button = 0, .reserved = { 0, 1 } };
	EXPECT_EQ(-1, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	EXPECT_EQ(EINVAL, errno);
	btn = (struct tapi_phone_button){ .button = 0, .text = "x" };
	EXPECT_EQ(-1, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	EXPECT_EQ(EINVAL, errno);

	/* a gathering cancel: nothing but the call */
	EXPECT_EQ(0, ioctl(a, TAPI_IOC_GATHER_DIGITS, &gd));
	gd.tag = 5;
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GATHER_DIGITS, &gd));
	EXPECT_EQ(EINVAL, errno);
	gd = (struct tapi_gather_digits){ .mode = TAPI_DIGIT_DTMF };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GATHER_DIGITS, &gd));
	EXPECT_EQ(EINVAL, errno);
	gd = (struct tapi_gather_digits){ .first_ms = 100 };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GATHER_DIGITS, &gd));
	EXPECT_EQ(EINVAL, errno);
	gd = (struct tapi_gather_digits){ .term_digits = "#" };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GATHER_DIGITS, &gd));
	EXPECT_EQ(EINVAL, errno);

	/* tones: a cancel, a beep and a zone's tone take no custom fields */
	EXPECT_EQ(0, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	t.level1 = -100;
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	EXPECT_EQ(EINVAL, errno);
	t = (struct tapi_generate_tone){ .duration_ms = 100 };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	EXPECT_EQ(EINVAL, errno);
	t = (struct tapi_generate_tone){ .tone = TAPI_TONE_BEEP, .nseg = 1 };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	EXPECT_EQ(EINVAL, errno);
	t = (struct tapi_generate_tone){ .tone = TAPI_TONE_BEEP, .zone = "us" };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	EXPECT_EQ(EINVAL, errno);
	t = (struct tapi_generate_tone){ .tone = TAPI_TONE_BUSY, .repeat = 2 };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	EXPECT_EQ(EINVAL, errno);
	t = (struct tapi_generate_tone){ .tone = TAPI_TONE_BUSY, .seg = { { .ms = 5 } } };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	EXPECT_EQ(EINVAL, errno);
	t = (struct tapi_generate_tone){ .tone = TAPI_TONE_BUSY, .zone = "us", .duration_ms = 50 };
	EXPECT_EQ(0, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	t = (struct tapi_generate_tone){ .tone = TAPI_TONE_CUSTOM, .nseg = 1, .level1 = -100,
					 .zone = "us", .seg = { { .freq1 = 1000, .ms = 50 } } };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_GENERATE_TONE, &t));
	EXPECT_EQ(EINVAL, errno);

	/* call data of no size: no pointer */
	id = make_call(a, "", VOICE);
	ASSERT_LT(0, id);
	cs = (struct tapi_call_set){ .call_id = id, .what = TAPI_CALLSET_CALLDATA,
				     .data = (uintptr_t)buf };
	EXPECT_EQ(-1, ioctl(a, TAPI_IOC_SET_CALL, &cs));
	EXPECT_EQ(EINVAL, errno);
	cs.data = 0;
	EXPECT_EQ(0, ioctl(a, TAPI_IOC_SET_CALL, &cs));
	call_op(a, TAPI_IOC_DROP, id);
	close(ph);
	close(a);
}

static atomic_int hammer_stop;

/* Requests that reach the driver, as fast as they go, until told to stop. */
static void *hammer(void *arg)
{
	int fd = *(int *)arg;
	struct tapi_line_set ls = { .what = TAPI_LINESET_MSGWAIT };

	while (!atomic_load(&hammer_stop)) {
		int id = make_call(fd, "", VOICE);

		if (id > 0)
			call_op(fd, TAPI_IOC_DROP, id);
		ls.value ^= 1;
		ioctl(fd, TAPI_IOC_SET_LINE, &ls);
		if (id == -ENODEV)
			break;
	}
	return NULL;
}

static int load_sim(const char *ko)
{
	int mfd = open(ko, O_RDONLY | O_CLOEXEC), k, ret;

	if (mfd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, mfd, "", 0) ? -errno : 0;
	close(mfd);
	for (k = 0; !ret && k < 100 && access("/dev/tapi3", F_OK); k++)
		usleep(10000);
	return ret;
}

TEST(removal_waits_for_the_driver_and_ends_every_call_first)
{
	const char *ko = getenv("TAPI_SIM_KO");
	int round;

	if (!ko)
		SKIP(return, "TAPI_SIM_KO not set");
	for (round = 0; round < 3; round++) {
		int a = open_line(LINE_A), b = open_line(LINE_B), w = open_line(LINE_C);
		int bid, id, idle = 0, removed = 0, after = 0;
		struct tapi_event ev;
		pthread_t t;

		ASSERT_LE(0, a);
		ASSERT_LE(0, b);
		ASSERT_LE(0, w);
		ASSERT_EQ(0, set_priv(b, TAPI_PRIV_OWNER, VOICE, 0));
		id = make_call(a, "1002", VOICE);
		ASSERT_LT(0, id);
		ASSERT_EQ(1, next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000));
		bid = ev.call_id;
		drain(a);
		atomic_store(&hammer_stop, 0);
		ASSERT_EQ(0, pthread_create(&t, NULL, hammer, &w));
		usleep(50000 * (round + 1));
		ASSERT_EQ(0, syscall(SYS_delete_module, "tapi_sim", O_NONBLOCK));
		atomic_store(&hammer_stop, 1);
		pthread_join(t, NULL);

		/* b's call ended, and b heard so before the line's removal */
		while (read(b, &ev, sizeof(ev)) == sizeof(ev)) {
			if (ev.type == TAPI_EVENT_CALL_STATE && ev.call_id == (unsigned int)bid &&
			    ev.param[0] == TAPI_CALL_IDLE)
				idle = 1;
			else if (ev.type == TAPI_EVENT_LINE_STATE &&
				 ev.param[0] == TAPI_LINESTATE_REMOVED)
				removed = 1;
			else if (removed)
				after++;
		}
		EXPECT_TRUE(idle);
		EXPECT_TRUE(removed);
		EXPECT_EQ(0, after) TH_LOG("records after the removal record");
		EXPECT_EQ(-ENODEV, make_call(w, "", VOICE));
		close(a);
		close(b);
		close(w);
		ASSERT_EQ(0, load_sim(ko));
	}
}

TEST_HARNESS_MAIN
