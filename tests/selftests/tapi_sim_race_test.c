// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for tapi_sim's races, judged by the debug kernel's reports
 * (ODEBUG, KASAN, lockdep) on the console as much as by the tests: the
 * exchange going down while a line's owner hangs up with a call waiting,
 * and a long hook write holding up no phone.
 *
 * Needs tapi_sim loaded with its default exchange (lines 1001-1004) and
 * configfs mounted on /sys/kernel/config.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "sim_fixture.h"

/* A request made from another thread, and what it returned. */
struct side_req {
	int fd;
	const char *a, *b;
	int ret;
	int done;
};

/* 8602's MAKE_CALL: with its reply delay, it stays in the driver. */
static void *side_make_call(void *arg)
{
	struct side_req *r = arg;

	r->ret = make_call(r->fd, r->a);
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Write @b to configfs attribute @a (the exchange going down blocks). */
static void *side_put(void *arg)
{
	struct side_req *r = arg;

	r->ret = put(r->a, r->b);
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Write @b to line @a's debugfs hook: returns once it has been played. */
static void *side_hook(void *arg)
{
	struct side_req *r = arg;

	r->ret = sim_write(r->a, "hook", r->b);
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static double mono_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Until call @id on @fd is disconnected: its detail, or -1 when it is not within 6 s. */
static int disconnect_detail(int fd, unsigned int id)
{
	struct tapi_event ev;

	while (next_event(fd, TAPI_EVENT_CALL_STATE, &ev, 6000))
		if (ev.call_id == id && ev.param[0] == TAPI_CALL_DISCONNECTED)
			return ev.param[1];
	return -1;
}

/*
 * The exchange goes down while the owner of a line with call waiting
 * hangs up its active call (DROP, or closing the file), the waiting one
 * still offered. Its other line, 8602, is taken away first and waits for
 * its MAKE_CALL, held 1 s in the driver by the reply_delay fault, so
 * for that long 8601 is quiesced but still registered; the hang-up lands
 * there. The waiting call then takes the active one's place: nothing may
 * arm its ring and no-answer works again, which would outlive the lines'
 * memory (the debug kernel's ODEBUG and KASAN report it on the console).
 * Several rounds, for a few seconds; at least one DROP must land in the
 * window (it returns 0, where after it ENODEV), or the test proves nothing.
 */
TEST_F(cfg, the_exchange_going_down_while_a_line_with_a_waiting_call_hangs_up)
{
	char live[200];
	double t0 = mono_s();
	int f2, f3, round, hits = 0;

	ASSERT_EQ(0, mk(self->ex2));
	ASSERT_EQ(0, add_lines(self->ex2, "8611 8612", "us", 0));
	f2 = own_line(self->ex2, "8611");
	f3 = own_line(self->ex2, "8612");
	ASSERT_LE(0, f2);
	ASSERT_LE(0, f3);
	/* 8601 first: the exchange takes its lines away last to first */
	ASSERT_EQ(0, add_lines(self->ex, "8601 8602", "us", 1));
	snprintf(live, sizeof(live), "%s/live", self->ex);

	for (round = 0; round < 4 || mono_s() - t0 < 5; round++) {
		struct side_req slow = { .a = "8611" }, down = { .a = live, .b = "0" };
		int closing = round & 1, f1, fd, drop = 0;
		unsigned int a, b, c, w;
		pthread_t ts, td;

		if (round)
			ASSERT_EQ(0, put(live, "1"));
		f1 = own_line(self->ex, "8601");
		fd = own_line(self->ex, "8602");
		ASSERT_LE(0, f1);
		ASSERT_LE(0, fd);
		/* 8611 talks to 8601; 8612's call waits */
		a = make_call(f2, "8601");
		ASSERT_LT(0, (int)a);
		b = STATE(f1, TAPI_CALL_OFFERING, 0);
		ASSERT_NE(0, b);
		ASSERT_EQ(0, call_op(f1, TAPI_IOC_ANSWER, b));
		STATE(f1, TAPI_CALL_CONNECTED, b);
		c = make_call(f3, "8601");
		ASSERT_LT(0, (int)c);
		w = STATE(f1, TAPI_CALL_OFFERING, 0);
		ASSERT_NE(0, w);

		ASSERT_EQ(0, sim_write("8602", "faults", "reply_delay 1000"));
		slow.fd = fd;
		ASSERT_EQ(0, pthread_create(&ts, NULL, side_make_call, &slow));
		usleep(50000);
		ASSERT_EQ(0, pthread_create(&td, NULL, side_put, &down));
		/*
		 * The callers' calls end (8612's too, though it only waited)
		 * once the lines are going away; their works are cancelled
		 * just after that.
		 */
		EXPECT_EQ(TAPI_DISCONNECT_UNREACHABLE, disconnect_detail(f2, a));
		EXPECT_EQ(TAPI_DISCONNECT_UNREACHABLE, disconnect_detail(f3, c));
		usleep(50000);
		if (closing)
			close(f1);
		else
			drop = call_op(f1, TAPI_IOC_DROP, b);
		pthread_join(td, NULL);
		pthread_join(ts, NULL);
		EXPECT_EQ(0, down.ret);
		EXPECT_EQ(-ENODEV, slow.ret);
		/* 0: it reached the driver, before 8601 was unregistered */
		EXPECT_TRUE(drop == 0 || drop == -ENODEV) TH_LOG("DROP: %d", drop);
		hits += !closing && !drop;

		EXPECT_EQ(0, call_op(f2, TAPI_IOC_DROP, a));
		EXPECT_EQ(0, call_op(f3, TAPI_IOC_DROP, c));
		if (!closing)
			close(f1);
		close(fd);
		drain(f2);
		drain(f3);
	}
	TH_LOG("%d rounds, %d DROPs inside the removal", round, hits);
	EXPECT_LT(0, hits);
	close(f2);
	close(f3);
}

/* TAPI_IOC_PHONE_SET @what on phone @fd: 0 or -errno. */
static int phone_change(int fd, unsigned int what, unsigned int index, unsigned int value,
			unsigned int value2)
{
	struct tapi_phone_set r = {
		.what = what, .index = index, .value = value, .value2 = value2,
	};

	return ioctl(fd, TAPI_IOC_PHONE_SET, &r) ? -errno : 0;
}

/* Line @number of @ex's phone, owned: fd or -errno. */
static int own_phone(const char *ex, const char *number)
{
	char a[160], dev[32];
	uint32_t priv = TAPI_PRIV_OWNER;
	int fd;

	snprintf(a, sizeof(a), "%s/%s", ex, number);
	dev_of(a, dev, sizeof(dev));
	fd = sim_open_phone(dev[0] ? dev + 5 : "");
	if (fd >= 0 && ioctl(fd, TAPI_IOC_PHONE_PRIVILEGE, &priv)) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * A hook write lasts as long as what it plays (5 s here): meanwhile other
 * phones change at once, and so does this one's ringer; only its hook
 * switch, busy being played, and another hook write are refused (EBUSY).
 */
TEST_F(cfg, a_long_hook_write_holds_up_no_phone)
{
	struct side_req hook = { .a = "8701", .b = "break 5000" };
	int p1, p2;
	pthread_t t;

	ASSERT_EQ(0, add_lines(self->ex, "8701 8702", "us", 0));
	p1 = own_phone(self->ex, "8701");
	p2 = own_phone(self->ex, "8702");
	ASSERT_LE(0, p1);
	ASSERT_LE(0, p2);
	ASSERT_EQ(0, pthread_create(&t, NULL, side_hook, &hook));
	usleep(300000);
	ASSERT_EQ(0, __atomic_load_n(&hook.done, __ATOMIC_SEQ_CST)) TH_LOG("hook: %d", hook.ret);

	EXPECT_EQ(0, phone_change(p2, TAPI_PHONE_SET_RING, 0, 1, 0x4000));
	EXPECT_EQ(0, phone_change(p2, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HANDSET,
				  TAPI_HOOKSWITCH_MICSPEAKER, 0));
	EXPECT_EQ(0, phone_change(p1, TAPI_PHONE_SET_RING, 0, 1, 0x4000));
	EXPECT_EQ(-EBUSY, phone_change(p1, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HANDSET,
				       TAPI_HOOKSWITCH_MICSPEAKER, 0));
	EXPECT_EQ(-EBUSY, sim_write("8701", "hook", "on"));
	/* all of that while the write still played its break */
	EXPECT_EQ(0, __atomic_load_n(&hook.done, __ATOMIC_SEQ_CST));
	pthread_join(t, NULL);
	EXPECT_EQ(0, hook.ret);
	close(p1);
	close(p2);
}

TEST_HARNESS_MAIN
