// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for tapi_sim's configuration through configfs: exchanges and
 * lines made, brought live and taken away, bad configuration refused, calls
 * between exchanges, an exchange going away in the middle of a call.
 *
 * Needs tapi_sim loaded with its default exchange (lines 1001-1004) and
 * configfs mounted on /sys/kernel/config.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "kselftest_harness.h"

#define CFG	"/sys/kernel/config/tapi_sim"
#define VOICE	TAPI_MEDIA_INTERACTIVEVOICE

/* Write @val to @path; 0 or -errno. */
static int put(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -errno;
	close(fd);
	return ret;
}

/* Read @path into @buf without the newline; 0 or -errno. */
static int get(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* Attribute @name of configfs directory @dir, or "<errno N>". */
static const char *attr(const char *dir, const char *name)
{
	static char buf[128];
	char path[200];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ret = get(path, buf, sizeof(buf));
	if (ret)
		snprintf(buf, sizeof(buf), "<errno %d>", -ret);
	return buf;
}

static int mk(const char *path)
{
	return mkdir(path, 0755) ? -errno : 0;
}

static int rm(const char *path)
{
	return rmdir(path) ? -errno : 0;
}

/* The device node of configfs line @line ("/dev/tapiN"), or "" when none. */
static void dev_of(const char *line, char *out, size_t size)
{
	char path[160], dev[32] = "";

	snprintf(path, sizeof(path), "%s/dev", line);
	get(path, dev, sizeof(dev));
	snprintf(out, size, "%s%s", dev[0] ? "/dev/" : "", dev);
}

/* The next event of @type on @fd within @ms: 1 with it in *ev, else 0. */
static int next_event(int fd, unsigned int type, struct tapi_event *ev, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, ms) == 1) {
		if (read(fd, ev, sizeof(*ev)) != sizeof(*ev))
			return 0;
		if (ev->type == type)
			return 1;
	}
	return 0;
}

static int set_owner(int fd)
{
	struct tapi_privileges p = { .privileges = TAPI_PRIV_OWNER, .media_modes = VOICE };

	return ioctl(fd, TAPI_IOC_SET_PRIVILEGES, &p) ? -errno : 0;
}

static int make_call(int fd, const char *dial)
{
	struct tapi_make_call m = { .media_mode = VOICE };

	snprintf(m.dial, sizeof(m.dial), "%s", dial);
	return ioctl(fd, TAPI_IOC_MAKE_CALL, &m) ? -errno : (int)m.call_id;
}

/*
 * Make line @number in exchange @ex (tone zone @zone), bring it live, open
 * it as the owner of voice calls; the descriptor, or -errno.
 */
static int live_line(const char *ex, const char *number, const char *zone)
{
	char a[160], p[200], dev[32];
	int fd, ret;

	snprintf(a, sizeof(a), "%s/%s", ex, number);
	snprintf(p, sizeof(p), "%s/zone", a);
	ret = mk(a);
	if (!ret)
		ret = put(p, zone);
	snprintf(p, sizeof(p), "%s/live", ex);
	if (!ret)
		ret = put(p, "1");
	if (ret)
		return ret;
	dev_of(a, dev, sizeof(dev));
	fd = open(dev, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	ret = set_owner(fd);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/* Take exchange @ex down and remove it with every line directory in it. */
static void remove_exchange(const char *ex)
{
	char path[160], cmd[200];

	snprintf(path, sizeof(path), "%s/%s/live", CFG, ex);
	put(path, "0");
	snprintf(cmd, sizeof(cmd), "rmdir %s/%s/*/ 2>/dev/null; rmdir %s/%s 2>/dev/null",
		 CFG, ex, CFG, ex);
	if (system(cmd) < 0)
		return;
}

FIXTURE(cfg) {
	char ex[64];
};

FIXTURE_SETUP(cfg)
{
	struct stat st;

	if (stat(CFG, &st))
		SKIP(return, "%s: %s (tapi_sim loaded, configfs mounted?)", CFG, strerror(errno));
	snprintf(self->ex, sizeof(self->ex), "%s/t%d", CFG, getpid());
	ASSERT_EQ(0, mk(self->ex));
}

FIXTURE_TEARDOWN(cfg)
{
	remove_exchange(self->ex + strlen(CFG) + 1);
}

TEST_F(cfg, an_exchange_goes_live_and_away)
{
	char a[160], b[160], p[200], val[64], deva[32], devb[32];
	struct tapi_line_info info = { 0 };
	struct tapi_event ev;
	int fa, fb, fd;

	snprintf(a, sizeof(a), "%s/3001", self->ex);
	snprintf(b, sizeof(b), "%s/reception", self->ex);
	ASSERT_EQ(0, mk(a));
	ASSERT_EQ(0, mk(b));
	/* a directory named by a number is that number; defaults */
	EXPECT_STREQ("3001", attr(a, "number"));
	EXPECT_STREQ("subscriber", attr(a, "type"));
	EXPECT_STREQ("us", attr(a, "zone"));
	EXPECT_STREQ("", attr(a, "caller_name"));
	EXPECT_STREQ("", attr(b, "number"));
	snprintf(p, sizeof(p), "%s/number", b);
	ASSERT_EQ(0, put(p, "3002\n"));
	snprintf(p, sizeof(p), "%s/type", b);
	ASSERT_EQ(0, put(p, "trunk"));
	snprintf(p, sizeof(p), "%s/zone", b);
	ASSERT_EQ(0, put(p, "GB"));		/* the alias, any case */
	EXPECT_STREQ("uk", attr(b, "zone"));
	snprintf(p, sizeof(p), "%s/caller_name", b);
	ASSERT_EQ(0, put(p, "Reception"));

	dev_of(a, deva, sizeof(deva));
	EXPECT_STREQ("", deva);
	snprintf(p, sizeof(p), "%s/live", self->ex);
	ASSERT_EQ(0, put(p, "1"));
	EXPECT_STREQ("1", attr(self->ex, "live"));
	ASSERT_EQ(0, put(p, "1"));		/* already: nothing changes */
	dev_of(a, deva, sizeof(deva));
	dev_of(b, devb, sizeof(devb));
	ASSERT_EQ(0, strncmp(deva, "/dev/tapi", 9));
	ASSERT_EQ(0, strncmp(devb, "/dev/tapi", 9));

	fa = open(deva, O_RDWR | O_NONBLOCK);
	fb = open(devb, O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, fa);
	ASSERT_LE(0, fb);
	ASSERT_EQ(0, ioctl(fa, TAPI_IOC_GET_LINE_INFO, &info));
	EXPECT_STREQ("3001", info.address);
	EXPECT_EQ(TAPI_LINE_TYPE_SUBSCRIBER, info.line_type);
	EXPECT_STREQ("tapi_sim", info.driver);
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(0, ioctl(fb, TAPI_IOC_GET_LINE_INFO, &info));
	EXPECT_STREQ("3002", info.address);
	EXPECT_EQ(TAPI_LINE_TYPE_TRUNK, info.line_type);
	/* sysfs has the number too */
	snprintf(p, sizeof(p), "/sys/class/tapi/%s/address", devb + 5);
	ASSERT_EQ(0, get(p, val, sizeof(val)));
	EXPECT_STREQ("3002", val);

	/* 3002 calls 3001: caller ID names it; 3001 rings in the US cadence */
	ASSERT_EQ(0, set_owner(fa));
	ASSERT_LT(0, make_call(fb, "3001"));
	ASSERT_EQ(1, next_event(fa, TAPI_EVENT_CALL_INFO, &ev, 5000));
	{
		struct tapi_call_info ci = { .call_id = ev.call_id };

		ASSERT_EQ(0, ioctl(fa, TAPI_IOC_CALL_INFO, &ci));
		EXPECT_STREQ("3002", ci.caller);
		EXPECT_STREQ("Reception", ci.caller_name);
		EXPECT_EQ(TAPI_PARTYID_ADDRESS | TAPI_PARTYID_NAME, ci.caller_flags);
	}

	/* a line of the default exchange reaches the new ones, and back */
	fd = open("/dev/tapi0", O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, set_owner(fd));
	close(fb);
	fb = open(devb, O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, fb);
	ASSERT_LT(0, make_call(fb, "1001"));
	ASSERT_EQ(1, next_event(fd, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	close(fd);
	close(fb);

	/* 3001 has no name: caller ID says it is unavailable */
	fd = open("/dev/tapi0", O_RDWR | O_NONBLOCK);
	fb = open(devb, O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, fd);
	ASSERT_LE(0, fb);
	ASSERT_EQ(0, set_owner(fd));
	ASSERT_LT(0, make_call(fa, "1001"));
	ASSERT_EQ(1, next_event(fd, TAPI_EVENT_CALL_INFO, &ev, 5000));
	{
		struct tapi_call_info ci = { .call_id = ev.call_id };

		ASSERT_EQ(0, ioctl(fd, TAPI_IOC_CALL_INFO, &ci));
		EXPECT_STREQ("3001", ci.caller);
		EXPECT_STREQ("", ci.caller_name);
		EXPECT_EQ(TAPI_PARTYID_ADDRESS | TAPI_PARTYID_OUTOFAREA, ci.caller_flags);
	}
	close(fd);

	/* away: the files see the removal, the nodes go */
	snprintf(p, sizeof(p), "%s/live", self->ex);
	ASSERT_EQ(0, put(p, "0"));
	ASSERT_EQ(1, next_event(fa, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_REMOVED, ev.param[0]);
	EXPECT_EQ(-1, open(deva, O_RDWR));
	dev_of(a, deva, sizeof(deva));
	EXPECT_STREQ("", deva);
	close(fa);
	close(fb);
	/* and the configuration can change again */
	snprintf(p, sizeof(p), "%s/number", a);
	EXPECT_EQ(0, put(p, "3003"));
	EXPECT_EQ(0, rm(a));
	EXPECT_EQ(0, rm(b));
}

TEST_F(cfg, bad_configuration_is_refused)
{
	char a[160], b[160], c[160], p[200], live[200];

	snprintf(a, sizeof(a), "%s/4001", self->ex);
	snprintf(b, sizeof(b), "%s/second", self->ex);
	snprintf(live, sizeof(live), "%s/live", self->ex);
	EXPECT_EQ(-EINVAL, put(live, "1"));	/* no line */
	EXPECT_EQ(-EINVAL, put(live, "maybe"));
	ASSERT_EQ(0, mk(a));
	ASSERT_EQ(0, mk(b));
	EXPECT_EQ(-EINVAL, put(live, "1"));	/* "second" has no number */

	snprintf(p, sizeof(p), "%s/number", b);
	EXPECT_EQ(-EINVAL, put(p, "12a"));
	EXPECT_EQ(-EINVAL, put(p, "\n"));
	EXPECT_EQ(-EINVAL, put(p, "123456789012345678901"));
	EXPECT_EQ(-EEXIST, put(p, "4001"));	/* the other line's */
	snprintf(p, sizeof(p), "%s/zone", b);
	EXPECT_EQ(-EINVAL, put(p, "xx"));
	snprintf(p, sizeof(p), "%s/type", b);
	EXPECT_EQ(-EINVAL, put(p, "pbx"));
	snprintf(p, sizeof(p), "%s/caller_name", b);
	EXPECT_EQ(-EINVAL, put(p, "tab\there"));

	/* a number another live exchange has */
	snprintf(p, sizeof(p), "%s/number", b);
	ASSERT_EQ(0, put(p, "1002"));
	EXPECT_EQ(-EEXIST, put(live, "1"));
	EXPECT_NE(0, access("/dev/tapi4", F_OK)) TH_LOG("nothing went live");
	ASSERT_EQ(0, put(p, "4002"));
	ASSERT_EQ(0, put(live, "1"));

	/* live: no changes, no new lines, no removal */
	EXPECT_EQ(-EBUSY, put(p, "4003"));
	snprintf(p, sizeof(p), "%s/zone", a);
	EXPECT_EQ(-EBUSY, put(p, "de"));
	snprintf(c, sizeof(c), "%s/4009", self->ex);
	EXPECT_EQ(-EBUSY, mk(c));
	EXPECT_EQ(-EBUSY, rm(a));
	EXPECT_EQ(-ENOTEMPTY, rm(self->ex));
	ASSERT_EQ(0, put(live, "0"));
	EXPECT_EQ(0, mk(c));
}

TEST_F(cfg, going_away_ends_the_calls_into_it)
{
	int caller, callee, id;
	struct tapi_event ev;
	char p[200];

	callee = live_line(self->ex, "5001", "us");
	caller = open("/dev/tapi2", O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, callee);
	ASSERT_LE(0, caller);
	snprintf(p, sizeof(p), "%s/live", self->ex);
	id = make_call(caller, "5001");
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	{
		struct tapi_call_op op = { .call_id = ev.call_id };

		ASSERT_EQ(0, ioctl(callee, TAPI_IOC_ANSWER, &op));
	}

	ASSERT_EQ(0, put(p, "0"));
	/* the caller's call ends: its far end is unreachable */
	for (;;) {
		ASSERT_EQ(1, next_event(caller, TAPI_EVENT_CALL_STATE, &ev, 3000));
		if (ev.param[0] == TAPI_CALL_DISCONNECTED)
			break;
	}
	EXPECT_EQ((unsigned int)id, ev.call_id);
	EXPECT_EQ(TAPI_DISCONNECT_UNREACHABLE, ev.param[1]);
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_REMOVED, ev.param[0]);
	close(callee);
	close(caller);
}

TEST_F(cfg, a_line_rings_in_its_zone_s_cadence)
{
	struct tapi_event r1, r2;
	int caller, callee;
	double gap;

	/* uk: 400 on, 200 off, 400 on, 2000 off */
	callee = live_line(self->ex, "6001", "uk");
	caller = open("/dev/tapi3", O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, callee);
	ASSERT_LE(0, caller);
	ASSERT_LT(0, make_call(caller, "6001"));
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_RING, &r1, 3000));
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_RING, &r2, 5000));
	EXPECT_EQ(r1.param[0] + 1, r2.param[0]);
	gap = (r2.timestamp_ns - r1.timestamp_ns) / 1e6;
	EXPECT_LE(2800, gap);
	EXPECT_GE(3400, gap) TH_LOG("rings %.0f ms apart", gap);
	close(caller);
	close(callee);
}

TEST_F(cfg, an_unanswered_call_ends_after_no_answer_ms)
{
	struct tapi_event ev;
	int caller, callee, id;
	char p[200];
	uint64_t t0;

	snprintf(p, sizeof(p), "%s/no_answer_ms", self->ex);
	EXPECT_STREQ("60000", attr(self->ex, "no_answer_ms"));
	ASSERT_EQ(0, put(p, "1500"));
	EXPECT_EQ(-EINVAL, put(p, "3600001"));
	EXPECT_EQ(-EINVAL, put(p, "soon"));
	callee = live_line(self->ex, "7001", "us");
	caller = open("/dev/tapi2", O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, callee);
	ASSERT_LE(0, caller);
	id = make_call(caller, "7001");
	ASSERT_LT(0, id);
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);
	t0 = ev.timestamp_ns;
	ASSERT_EQ(1, next_event(callee, TAPI_EVENT_CALL_STATE, &ev, 4000));
	EXPECT_EQ(TAPI_CALL_DISCONNECTED, ev.param[0]);
	EXPECT_EQ(TAPI_DISCONNECT_NOANSWER, ev.param[1]);
	EXPECT_LE(1400, (ev.timestamp_ns - t0) / 1000000);
	for (;;) {
		ASSERT_EQ(1, next_event(caller, TAPI_EVENT_CALL_STATE, &ev, 3000));
		if (ev.param[0] == TAPI_CALL_DISCONNECTED)
			break;
	}
	EXPECT_EQ(TAPI_DISCONNECT_NOANSWER, ev.param[1]);
	close(caller);
	close(callee);
}

TEST_HARNESS_MAIN
