// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for tapi_sim's configuration through configfs: exchanges and
 * lines made, brought live and taken away, bad configuration refused,
 * calls between exchanges, an exchange or one line going away in the
 * middle of a call, and a subscriber line's telephone coming and going
 * with it.
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
#include <unistd.h>

#include <linux/tapi.h>

#include "sim_fixture.h"

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
	ASSERT_EQ(1, next_event(fa, TAPI_EVENT_CALL_INFO, &ev, 8000));
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
	ASSERT_EQ(1, next_event(fd, TAPI_EVENT_CALL_INFO, &ev, 8000));
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

	/* live: no changes, no new lines, the exchange stays while it has some */
	EXPECT_EQ(-EBUSY, put(p, "4003"));
	snprintf(p, sizeof(p), "%s/zone", a);
	EXPECT_EQ(-EBUSY, put(p, "de"));
	snprintf(c, sizeof(c), "%s/4009", self->ex);
	EXPECT_EQ(-EBUSY, mk(c));
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

/*
 * A live line's directory removed: that line goes at once, open, talking
 * and with its telephone's device open; its far end's call ends
 * (unreachable), its files see the removal; the exchange's other lines go
 * on, and its number is vacant. The last line takes the exchange down.
 */
TEST_F(cfg, a_line_removed_alone_ends_its_calls_and_the_others_go_on)
{
	char a[160], b[160], c[160], devb[32], path[200];
	struct tapi_audio_open ao = { .format = TAPI_AUDIO_LINEAR16, .chunk_ms = 10,
				      .flags = O_NONBLOCK };
	struct tapi_phone_status ps = { 0 };
	unsigned int id, bid;
	struct tapi_event ev;
	int fa, fb, fc, ph, k;
	int16_t buf[80];

	snprintf(a, sizeof(a), "%s/5101", self->ex);
	snprintf(b, sizeof(b), "%s/5102", self->ex);
	snprintf(c, sizeof(c), "%s/5103", self->ex);
	ASSERT_EQ(0, add_lines(self->ex, "5101 5102 5103", "us", 0));
	fa = own_line(self->ex, "5101");
	fb = own_line(self->ex, "5102");
	fc = own_line(self->ex, "5103");
	ASSERT_LE(0, fa);
	ASSERT_LE(0, fb);
	ASSERT_LE(0, fc);
	dev_of(b, devb, sizeof(devb));
	ph = sim_open_phone(devb + 5);
	ASSERT_LE(0, ph);

	/* 5101 talks to 5102, whose audio stream is open */
	id = make_call(fa, "5102");
	ASSERT_LT(0, (int)id);
	bid = STATE(fb, TAPI_CALL_OFFERING, 0);
	ASSERT_NE(0, bid);
	ASSERT_EQ(0, call_op(fb, TAPI_IOC_ANSWER, bid));
	STATE(fb, TAPI_CALL_CONNECTED, bid);
	STATE(fa, TAPI_CALL_DIALING, id);
	STATE(fa, TAPI_CALL_RINGBACK, id);
	STATE(fa, TAPI_CALL_CONNECTED, id);
	ao.call_id = bid;
	ASSERT_EQ(0, ioctl(fb, TAPI_IOC_AUDIO_OPEN, &ao));

	ASSERT_EQ(0, rm(b));
	/* the far end's call ends: unreachable */
	STATE(fa, TAPI_CALL_DISCONNECTED, id);
	EXPECT_EQ(TAPI_DISCONNECT_UNREACHABLE, last_detail);
	/* the removed line's files see it go, its nodes are gone */
	ASSERT_EQ(1, next_event(fb, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_REMOVED, ev.param[0]);
	EXPECT_EQ(-1, ioctl(fb, TAPI_IOC_ANSWER, &(struct tapi_call_op){ .call_id = bid }));
	EXPECT_EQ(ENODEV, errno);
	/* the stream gives what it had, then says the line is gone */
	for (k = 0; k < 100 && read(ao.fd, buf, sizeof(buf)) > 0; k++)
		;
	EXPECT_GT(100, k);
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(-1, ioctl(ph, TAPI_IOC_PHONE_STATUS, &ps));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(-1, open(devb, O_RDWR));
	EXPECT_EQ(ENOENT, errno);
	snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/5102");
	EXPECT_NE(0, access(path, F_OK));
	close(ao.fd);
	close(ph);
	close(fb);

	/* the exchange goes on: 5101 hangs up, calls 5103; 5102 is vacant */
	EXPECT_STREQ("1", attr(self->ex, "live"));
	ASSERT_EQ(0, call_op(fa, TAPI_IOC_DROP, id));
	STATE(fa, TAPI_CALL_IDLE, id);
	id = make_call(fa, "5103");
	ASSERT_LT(0, (int)id);
	bid = STATE(fc, TAPI_CALL_OFFERING, 0);
	ASSERT_NE(0, bid);
	ASSERT_EQ(0, call_op(fc, TAPI_IOC_ANSWER, bid));
	STATE(fc, TAPI_CALL_CONNECTED, bid);
	ASSERT_EQ(0, call_op(fa, TAPI_IOC_DROP, id));
	STATE(fc, TAPI_CALL_DISCONNECTED, bid);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL, last_detail);
	while (next_event(fa, TAPI_EVENT_CALL_STATE, &ev, 3000) &&
	       !(ev.call_id == id && ev.param[0] == TAPI_CALL_IDLE))
		;
	EXPECT_EQ(TAPI_CALL_IDLE, ev.param[0]);
	id = make_call(fa, "5102");
	ASSERT_LT(0, (int)id);
	STATE(fa, TAPI_CALL_DIALING, id);
	STATE(fa, TAPI_CALL_SPECIALINFO, id);
	STATE(fa, TAPI_CALL_DISCONNECTED, id);
	EXPECT_EQ(TAPI_DISCONNECT_BADADDRESS, last_detail);

	/* the last line takes the exchange down */
	ASSERT_EQ(0, rm(a));
	ASSERT_EQ(1, next_event(fa, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_REMOVED, ev.param[0]);
	EXPECT_STREQ("1", attr(self->ex, "live"));
	ASSERT_EQ(0, rm(c));
	ASSERT_EQ(1, next_event(fc, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_REMOVED, ev.param[0]);
	EXPECT_STREQ("0", attr(self->ex, "live"));
	EXPECT_EQ(0, rm(self->ex));
	close(fa);
	close(fc);
}

TEST_F(cfg, a_subscriber_line_s_phone_comes_and_goes_with_it)
{
	struct tapi_phone_info info = { 0 };
	char a[160], p[200], dev[32];
	struct tapi_event ev;
	int ph;

	/* a trunk has no telephone on it */
	snprintf(a, sizeof(a), "%s/8302", self->ex);
	ASSERT_EQ(0, mk(a));
	snprintf(p, sizeof(p), "%s/type", a);
	ASSERT_EQ(0, put(p, "trunk"));
	ASSERT_EQ(0, add_lines(self->ex, "8301", "us", 0));
	dev_of(a, dev, sizeof(dev));
	EXPECT_EQ(-ENOENT, sim_open_phone(dev + 5));
	snprintf(a, sizeof(a), "%s/8301", self->ex);
	dev_of(a, dev, sizeof(dev));
	ph = sim_open_phone(dev + 5);
	ASSERT_LE(0, ph);
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_INFO, &info));
	EXPECT_STREQ("tapi_sim telephone 8301", info.name);
	EXPECT_EQ((unsigned int)atoi(dev + 9), info.line_id);

	/* the exchange goes down: the phone's last record says so */
	snprintf(p, sizeof(p), "%s/live", self->ex);
	ASSERT_EQ(0, put(p, "0"));
	ASSERT_EQ(1, next_event(ph, TAPI_EVENT_PHONE_STATE, &ev, 2000));
	EXPECT_EQ(TAPI_PHONESTATE_REMOVED, ev.param[0]);
	EXPECT_EQ(-1, ioctl(ph, TAPI_IOC_PHONE_INFO, &info));
	EXPECT_EQ(ENODEV, errno);
	close(ph);
}

TEST_HARNESS_MAIN
