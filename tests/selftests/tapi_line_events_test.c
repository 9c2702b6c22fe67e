// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for what a /dev/tapiN line reports with tapi_sim's help: its
 * description, rings, far-end DTMF as digits, each file's choice of digit
 * events, digit gathering (a terminating digit, a full buffer, time-outs),
 * the telephone's hook, flash and dial pulses, and line state events. The
 * contract that needs no driver's help (every ioctl's bad input, event
 * records and overflow, read and poll) is tapi-compliance's (tools/).
 *
 * Environment: TAPI_DEV (default /dev/tapi0).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "line_util.h"

TEST_F(line, info_describes_the_line)
{
	struct tapi_line_info *i = &self->info;
	char path[128], attr[64];
	FILE *f;

	/* the module this was built with; tapi-compliance checks the rest of the contract */
	EXPECT_EQ(TAPI_API_VERSION, i->api_version);
	EXPECT_STREQ("tapi_sim", i->driver);
	EXPECT_EQ(TAPI_LINE_TYPE_SUBSCRIBER, i->line_type);
	EXPECT_TRUE(i->caps & TAPI_LINE_CAP_RING_EVENTS);
	EXPECT_TRUE(i->caps & TAPI_LINE_CAP_DTMF_DETECT);
	EXPECT_NE(0, i->address[0]);
	EXPECT_NE(NULL, strstr(i->name, i->address));
	EXPECT_LE(64, i->event_queue_len);

	/* sysfs says the same, for udev and for tools without an open fd. */
	snprintf(path, sizeof(path), "/sys/class/tapi/tapi%u/address", i->line_id);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(attr, sizeof(attr), f));
	fclose(f);
	attr[strcspn(attr, "\n")] = 0;
	EXPECT_STREQ(i->address, attr);
}

TEST_F(line, ring_events_arrive_in_order_with_timestamps)
{
	struct tapi_event ev[3];
	struct pollfd p = { .fd = self->fd, .events = POLLIN };
	uint64_t before, after;
	int k;

	before = now_ns();
	ASSERT_EQ(0, sim_ring(self->info.address, 3));
	ASSERT_EQ(1, poll(&p, 1, 5000));
	EXPECT_TRUE(p.revents & POLLIN);
	ASSERT_EQ(3, read_events(self->fd, ev, 3));
	after = now_ns();

	for (k = 0; k < 3; k++) {
		EXPECT_EQ(TAPI_EVENT_RING, ev[k].type);
		EXPECT_EQ(0, ev[k].call_id);
		EXPECT_EQ(0, ev[k].reserved);
		EXPECT_LE(before, ev[k].timestamp_ns);
		EXPECT_GE(after, ev[k].timestamp_ns);
		if (k) {
			EXPECT_EQ(ev[k - 1].seq + 1, ev[k].seq);
			EXPECT_EQ(ev[k - 1].param[0] + 1, ev[k].param[0]);
			EXPECT_LE(ev[k - 1].timestamp_ns, ev[k].timestamp_ns);
		}
	}
	p.revents = 0;
	EXPECT_EQ(0, poll(&p, 1, 0));
}

TEST_F(line, far_end_dtmf_is_reported_as_digits)
{
	static const char digits[] = "159#";
	struct tapi_event ev[8];
	uint64_t at[8];

	ASSERT_EQ(0, sim_dtmf(self->info.address, digits));
	ASSERT_EQ(8, read_events(self->fd, ev, 8));
	for (int k = 0; k < 8; k++) {
		EXPECT_EQ(TAPI_EVENT_DIGIT, ev[k].type);
		EXPECT_EQ((unsigned int)digits[k / 2], ev[k].param[0]);
		EXPECT_EQ(TAPI_DIGIT_DTMF, ev[k].param[1]);
		EXPECT_EQ(k % 2 ? TAPI_DIGIT_END : TAPI_DIGIT_START, ev[k].param[2]);
		/* param[3] dates the edge in the audio: at most a few blocks back */
		EXPECT_GT(100000u, ev[k].param[3]);
		at[k] = ev[k].timestamp_ns - ev[k].param[3] * 1000ull;
	}
	/* 70 ms tones, 140 ms apart, each within a detection block or two */
	for (int k = 0; k < 8; k += 2) {
		EXPECT_GT(30e6, fabs((double)(at[k + 1] - at[k]) - 70e6))
			TH_LOG("digit %d lasted %.1f ms", k / 2, (at[k + 1] - at[k]) / 1e6);
		if (k) {
			EXPECT_GT(30e6, fabs((double)(at[k] - at[k - 2]) - 140e6))
				TH_LOG("digits %d ms apart", (int)((at[k] - at[k - 2]) / 1000000));
		}
	}
}

TEST_F(line, far_end_dtmf_rejects_bad_digits)
{
	EXPECT_EQ(-EINVAL, sim_dtmf(self->info.address, "12x"));
	EXPECT_EQ(-EINVAL, sim_dtmf(self->info.address, "123456789012345678901234567890123456"));
	/* nothing was queued by the rejected writes */
	struct tapi_event ev;
	struct pollfd p = { .fd = self->fd, .events = POLLIN };

	EXPECT_EQ(0, poll(&p, 1, 300));
	EXPECT_EQ(-1, read(self->fd, &ev, sizeof(ev)));
}

static int monitor_digits(int fd, unsigned int call_id, unsigned int modes)
{
	struct tapi_monitor_digits m = { .call_id = call_id, .modes = modes };

	return ioctl(fd, TAPI_IOC_MONITOR_DIGITS, &m) ? -errno : 0;
}

TEST_F(line, each_file_chooses_its_digit_events)
{
	int ends = open(dev_path(), O_RDWR | O_NONBLOCK);
	int none = open(dev_path(), O_RDWR | O_NONBLOCK);
	struct tapi_event ev[2];

	ASSERT_LE(0, ends);
	ASSERT_LE(0, none);
	ASSERT_EQ(0, monitor_digits(ends, 0, TAPI_DIGITMODE_DTMFEND));
	ASSERT_EQ(0, monitor_digits(none, 0, 0));
	ASSERT_EQ(0, sim_dtmf(self->info.address, "58"));
	/* the default: starts and ends */
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_DIGIT, TAPI_DIGIT_DTMF, &ev[0], 2000));
	EXPECT_EQ(TAPI_DIGIT_START, ev[0].param[2]);
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_DIGIT, TAPI_DIGIT_DTMF, &ev[0], 2000));
	EXPECT_EQ(TAPI_DIGIT_END, ev[0].param[2]);
	/* ends only */
	ASSERT_EQ(2, read_events(ends, ev, 2));
	EXPECT_EQ('5', ev[0].param[0]);
	EXPECT_EQ(TAPI_DIGIT_END, ev[0].param[2]);
	EXPECT_EQ('8', ev[1].param[0]);
	EXPECT_EQ(TAPI_DIGIT_END, ev[1].param[2]);
	/* none (what it refuses: tapi-compliance) */
	EXPECT_EQ(0, wait_for(none, TAPI_EVENT_DIGIT, -1, &ev[0], 300));
	close(ends);
	close(none);
}

static int gather(int fd, unsigned int max, const char *term, unsigned int first_ms,
		  unsigned int inter_ms, unsigned int tag)
{
	/* a cancel (max 0) names nothing but the call */
	struct tapi_gather_digits g = {
		.mode = max ? TAPI_DIGIT_DTMF : 0, .max_digits = max, .first_ms = first_ms,
		.inter_ms = inter_ms, .tag = tag,
	};

	snprintf(g.term_digits, sizeof(g.term_digits), "%s", term);
	return ioctl(fd, TAPI_IOC_GATHER_DIGITS, &g) ? -errno : 0;
}

static int wait_gather(int fd, struct tapi_event *ev, int ms)
{
	return wait_for(fd, TAPI_EVENT_GATHER, -1, ev, ms);
}

static int gather_result(int fd, struct tapi_gather_result *r)
{
	memset(r, 0, sizeof(*r));
	return ioctl(fd, TAPI_IOC_GATHER_RESULT, r) ? -errno : 0;
}

TEST_F(line, gathering_ends_on_a_terminating_digit_or_a_full_buffer)
{
	struct tapi_gather_result r;
	struct tapi_event ev;
	int other = open(dev_path(), O_RDWR | O_NONBLOCK);

	ASSERT_LE(0, other);
	EXPECT_EQ(-ENODATA, gather_result(self->fd, &r));
	ASSERT_EQ(0, gather(self->fd, 10, "#*", 0, 0, 7));
	ASSERT_EQ(0, gather(other, 2, "", 0, 0, 8));
	ASSERT_EQ(0, sim_dtmf(self->info.address, "12#5"));

	ASSERT_EQ(1, wait_gather(other, &ev, 3000));
	EXPECT_EQ(TAPI_GATHER_BUFFERFULL, ev.param[0]);
	EXPECT_EQ(2, ev.param[1]);
	EXPECT_EQ(8, ev.param[2]);
	ASSERT_EQ(0, gather_result(other, &r));
	EXPECT_STREQ("12", r.digits);
	EXPECT_EQ(2, r.count);

	ASSERT_EQ(1, wait_gather(self->fd, &ev, 3000));
	EXPECT_EQ(TAPI_GATHER_TERMDIGIT, ev.param[0]);
	EXPECT_EQ(3, ev.param[1]);
	EXPECT_EQ(7, ev.param[2]);
	EXPECT_EQ(0, ev.call_id);
	ASSERT_EQ(0, gather_result(self->fd, &r));
	EXPECT_STREQ("12#", r.digits);	/* the terminating digit is kept */
	EXPECT_EQ(TAPI_GATHER_TERMDIGIT, r.reason);
	EXPECT_EQ(7, r.tag);
	/* each request ends once: the digit after it is not gathered */
	EXPECT_EQ(0, wait_gather(self->fd, &ev, 400));
	close(other);
}

TEST_F(line, gathering_times_out_before_and_between_digits)
{
	struct tapi_gather_result r;
	struct tapi_event ev;
	uint64_t t0 = now_ns(), dt;

	ASSERT_EQ(0, gather(self->fd, 10, "", 300, 0, 1));
	ASSERT_EQ(1, wait_gather(self->fd, &ev, 3000));
	dt = now_ns() - t0;
	EXPECT_EQ(TAPI_GATHER_FIRSTTIMEOUT, ev.param[0]);
	EXPECT_EQ(0, ev.param[1]);
	/* the sample clock's time: a tick's jitter (a jiffy at worst) early */
	EXPECT_LE(290000000ull, dt);
	EXPECT_GT(2000000000ull, dt);

	ASSERT_EQ(0, gather(self->fd, 10, "", 5000, 400, 2));
	ASSERT_EQ(0, sim_dtmf(self->info.address, "47"));
	ASSERT_EQ(1, wait_gather(self->fd, &ev, 4000));
	EXPECT_EQ(TAPI_GATHER_INTERTIMEOUT, ev.param[0]);
	EXPECT_EQ(2, ev.param[1]);
	ASSERT_EQ(0, gather_result(self->fd, &r));
	EXPECT_STREQ("47", r.digits);
}

/* The next hook event of kind @what (TAPI_HOOK_*) on @fd within @ms. */
static int wait_hook(int fd, unsigned int what, struct tapi_event *ev, int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;

	while (wait_for(fd, TAPI_EVENT_HOOK, -1, ev, (int)((end - now_ns()) / 1000000) + 1))
		if (ev->param[0] == what)
			return 1;
	return 0;
}

static int line_status(int fd, struct tapi_line_status *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, TAPI_IOC_LINE_STATUS, st) ? -errno : 0;
}

/* The pulse digits @fd is told of within @ms, as a string. */
static void pulse_digits(int fd, char *out, size_t size, int ms)
{
	struct tapi_event ev;
	size_t n = 0;

	while (n + 1 < size && wait_for(fd, TAPI_EVENT_DIGIT, TAPI_DIGIT_PULSE, &ev, ms)) {
		if (ev.param[2] != TAPI_DIGIT_END)
			break;
		out[n++] = ev.param[0];
	}
	out[n] = 0;
}

TEST_F(line, the_telephone_s_hook_flash_and_dial_pulses)
{
	const char *a = self->info.address;
	struct tapi_line_status st;
	struct tapi_event ev;
	char got[16];
	uint64_t t0;

	ASSERT_TRUE(self->info.caps & TAPI_LINE_CAP_HOOK_EVENTS);
	ASSERT_TRUE(self->info.caps & TAPI_LINE_CAP_PULSE_DETECT);
	EXPECT_TRUE(self->info.caps & TAPI_LINE_CAP_PULSE_GENERATE);
	ASSERT_EQ(0, line_status(self->fd, &st));
	EXPECT_EQ(TAPI_HOOK_ONHOOK, st.hook);

	ASSERT_EQ(0, sim_write(a, "hook", "off"));
	ASSERT_EQ(1, wait_hook(self->fd, TAPI_HOOK_OFFHOOK, &ev, 2000));
	ASSERT_EQ(0, line_status(self->fd, &st));
	EXPECT_EQ(TAPI_HOOK_OFFHOOK, st.hook);

	/* 10 pulses a second; each digit once, after the pause that ends it */
	ASSERT_EQ(0, sim_write(a, "hook", "pulse 3051"));
	pulse_digits(self->fd, got, sizeof(got), 2000);
	EXPECT_STREQ("3051", got);

	/* a flash, with its length; bounce is nothing */
	ASSERT_EQ(0, sim_write(a, "hook", "break 5"));
	ASSERT_EQ(0, sim_write(a, "hook", "flash"));
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_HOOK, -1, &ev, 2000));
	EXPECT_EQ(TAPI_HOOK_FLASH, ev.param[0]);
	EXPECT_LE(480, ev.param[1]);
	EXPECT_GE(560, ev.param[1]);
	ASSERT_EQ(0, sim_write(a, "hook", "break 90"));
	pulse_digits(self->fd, got, sizeof(got), 1000);
	EXPECT_STREQ("1", got);

	/* on-hook: reported once the break is longer than any flash */
	t0 = now_ns();
	ASSERT_EQ(0, sim_write(a, "hook", "on"));
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_HOOK, -1, &ev, 3000));
	EXPECT_EQ(TAPI_HOOK_ONHOOK, ev.param[0]);
	EXPECT_LE((uint64_t)TAPI_HOOK_FLASH_MAX_MS * 1000000, ev.timestamp_ns - t0);
	ASSERT_EQ(0, line_status(self->fd, &st));
	EXPECT_EQ(TAPI_HOOK_ONHOOK, st.hook);
	/* nothing else came: no digit from the long break */
	EXPECT_EQ(0, wait_for(self->fd, TAPI_EVENT_DIGIT, -1, &ev, 300));

	EXPECT_EQ(-EINVAL, sim_write(a, "hook", "pulse 12a"));
	EXPECT_EQ(-EINVAL, sim_write(a, "hook", "break 0"));
	EXPECT_EQ(-EINVAL, sim_write(a, "hook", "dial"));
}

TEST_F(line, pulse_digits_follow_monitoring_and_gathering)
{
	const char *a = self->info.address;
	struct tapi_gather_digits g = { .mode = TAPI_DIGIT_PULSE, .max_digits = 2, .tag = 9 };
	int dtmf_only = open(dev_path(), O_RDWR | O_NONBLOCK);
	struct tapi_gather_result r;
	struct tapi_event ev;
	char got[8];

	ASSERT_LE(0, dtmf_only);
	ASSERT_EQ(0, monitor_digits(dtmf_only, 0, TAPI_DIGITMODE_DTMF | TAPI_DIGITMODE_DTMFEND));
	ASSERT_EQ(0, ioctl(self->fd, TAPI_IOC_GATHER_DIGITS, &g));
	ASSERT_EQ(0, sim_write(a, "hook", "off"));
	ASSERT_EQ(0, sim_write(a, "hook", "pulse 42"));
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_GATHER, -1, &ev, 3000));
	EXPECT_EQ(TAPI_GATHER_BUFFERFULL, ev.param[0]);
	ASSERT_EQ(0, gather_result(self->fd, &r));
	EXPECT_STREQ("42", r.digits);
	EXPECT_EQ(9, r.tag);
	EXPECT_EQ(0, wait_for(dtmf_only, TAPI_EVENT_DIGIT, -1, &ev, 300));

	/* a DTMF gathering ignores pulses; a monitor of pulses only hears them */
	ASSERT_EQ(0, monitor_digits(dtmf_only, 0, TAPI_DIGITMODE_PULSE));
	g.mode = TAPI_DIGIT_DTMF;
	g.max_digits = 1;
	g.first_ms = 1500;
	ASSERT_EQ(0, ioctl(self->fd, TAPI_IOC_GATHER_DIGITS, &g));
	ASSERT_EQ(0, sim_write(a, "hook", "pulse 7"));
	pulse_digits(dtmf_only, got, sizeof(got), 1000);
	EXPECT_STREQ("7", got);
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_GATHER, -1, &ev, 3000));
	EXPECT_EQ(TAPI_GATHER_FIRSTTIMEOUT, ev.param[0]);
	ASSERT_EQ(0, sim_write(a, "hook", "on"));
	ASSERT_EQ(1, wait_hook(self->fd, TAPI_HOOK_ONHOOK, &ev, 3000));

	g.mode = 4;
	EXPECT_EQ(-1, ioctl(self->fd, TAPI_IOC_GATHER_DIGITS, &g));
	EXPECT_EQ(EINVAL, errno);
	g.mode = 0;
	EXPECT_EQ(-1, ioctl(self->fd, TAPI_IOC_GATHER_DIGITS, &g));
	EXPECT_EQ(EINVAL, errno);
	close(dtmf_only);
}

static int status_events(int fd, unsigned int states)
{
	struct tapi_status_events s = { .line_states = states };

	return ioctl(fd, TAPI_IOC_SET_STATUS_EVENTS, &s) ? -errno : 0;
}

TEST_F(line, line_state_events_come_to_those_that_ask)
{
	const char *a = self->info.address;
	struct tapi_line_status st;
	struct tapi_event ev;
	int quiet = open(dev_path(), O_RDWR | O_NONBLOCK);

	/* the driver's (tapi-compliance: the others, and what is refused) */
	ASSERT_LE(0, quiet);
	ASSERT_EQ(0, status_events(self->fd, TAPI_LINESTATES));
	ASSERT_EQ(0, sim_write(a, "service", "0"));
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_LINE_STATE, -1, &ev, 1000));
	EXPECT_EQ(TAPI_LINESTATE_OUTOFSERVICE, ev.param[0]);
	ASSERT_EQ(0, line_status(self->fd, &st));
	EXPECT_EQ(TAPI_STATUS_CONNECTED, st.status);
	ASSERT_EQ(0, sim_write(a, "service", "1"));
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_LINE_STATE, -1, &ev, 1000));
	EXPECT_EQ(TAPI_LINESTATE_INSERVICE, ev.param[0]);
	ASSERT_EQ(0, line_status(self->fd, &st));
	EXPECT_EQ(TAPI_STATUS_CONNECTED | TAPI_STATUS_INSERVICE, st.status);
	/* asking for only some */
	ASSERT_EQ(0, status_events(self->fd, TAPI_LINESTATE_OUTOFSERVICE));
	ASSERT_EQ(0, sim_write(a, "service", "0"));
	ASSERT_EQ(0, sim_write(a, "service", "1"));
	ASSERT_EQ(1, wait_for(self->fd, TAPI_EVENT_LINE_STATE, -1, &ev, 1000));
	EXPECT_EQ(TAPI_LINESTATE_OUTOFSERVICE, ev.param[0]);
	EXPECT_EQ(0, wait_for(self->fd, TAPI_EVENT_LINE_STATE, -1, &ev, 200));
	/* the file that did not ask heard nothing */
	EXPECT_EQ(0, wait_for(quiet, TAPI_EVENT_LINE_STATE, -1, &ev, 100));
	EXPECT_EQ(-EINVAL, sim_write(a, "service", "maybe"));
	close(quiet);
}

TEST_HARNESS_MAIN
