// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for /dev/tapiN line devices, run in the VMs against tapi_sim:
 * the info ioctl, event records, poll, overflow, several readers, bad input
 * of every kind, and a line removed while open.
 *
 * Environment: TAPI_DEV (default /dev/tapi0); TAPI_SIM_KO, the path of
 * tapi_sim.ko, enables the removal test (it unloads and reloads the driver).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "kselftest_harness.h"

static const char *dev_path(void)
{
	const char *p = getenv("TAPI_DEV");

	return p ? p : "/dev/tapi0";
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int get_info(int fd, struct tapi_line_info *info)
{
	memset(info, 0, sizeof(*info));
	return ioctl(fd, TAPI_IOC_GET_LINE_INFO, info);
}

/* Ask tapi_sim to ring line @address @n times. */
static int sim_ring(const char *address, unsigned int n)
{
	char path[128], buf[16];
	int fd, len, ret;

	snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/%s/ring", address);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%u", n);
	ret = write(fd, buf, len) == len ? 0 : -errno;
	close(fd);
	return ret;
}

/* Have tapi_sim's far end send @digits in-band on line @address. */
static int sim_dtmf(const char *address, const char *digits)
{
	char path[128];
	int fd, ret;

	snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/%s/dtmf", address);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ret = write(fd, digits, strlen(digits)) == (ssize_t)strlen(digits) ? 0 : -errno;
	close(fd);
	return ret;
}

static long long clock_stat(const char *name)
{
	char line[128], key[64];
	long long v, found = -1;
	FILE *f = fopen("/sys/kernel/debug/tapi/clock", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", key, &v) == 2 && !strcmp(key, name))
			found = v;
	fclose(f);
	return found;
}

/* Read exactly @n records, waiting up to 5 s for them to arrive. */
static int read_events(int fd, struct tapi_event *ev, int n)
{
	int got = 0;

	while (got < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 5000) != 1)
			return got;
		r = read(fd, ev + got, (n - got) * sizeof(*ev));
		if (r < 0)
			return r;
		got += r / sizeof(*ev);
	}
	return got;
}

FIXTURE(line) {
	int fd;
	struct tapi_line_info info;
};

FIXTURE_SETUP(line)
{
	self->fd = open(dev_path(), O_RDWR | O_NONBLOCK);
	if (self->fd < 0)
		SKIP(return, "cannot open %s: %s", dev_path(), strerror(errno));
	ASSERT_EQ(0, get_info(self->fd, &self->info));
}

FIXTURE_TEARDOWN(line)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(line, info_describes_the_line)
{
	struct tapi_line_info *i = &self->info;
	char path[128], attr[64];
	unsigned int n;
	FILE *f;

	EXPECT_EQ(TAPI_API_VERSION, i->api_version);
	EXPECT_EQ(1, TAPI_API_VERSION >> 16);
	EXPECT_EQ(1, TAPI_API_VERSION & 0xffff);
	ASSERT_EQ(1, sscanf(dev_path(), "/dev/tapi%u", &n));
	EXPECT_EQ(n, i->line_id);
	EXPECT_STREQ("tapi_sim", i->driver);
	EXPECT_EQ(TAPI_LINE_TYPE_SUBSCRIBER, i->line_type);
	EXPECT_TRUE(i->caps & TAPI_LINE_CAP_RING_EVENTS);
	EXPECT_TRUE(i->caps & TAPI_LINE_CAP_DTMF_DETECT);
	EXPECT_NE(0, i->address[0]);
	EXPECT_NE(NULL, strstr(i->name, i->address));
	EXPECT_LE(64, i->event_queue_len);
	for (n = 0; n < 7; n++)
		EXPECT_EQ(0, i->reserved[n]);

	/* sysfs says the same, for udev and for tools without an open fd. */
	snprintf(path, sizeof(path), "/sys/class/tapi/tapi%u/address", i->line_id);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(attr, sizeof(attr), f));
	fclose(f);
	attr[strcspn(attr, "\n")] = 0;
	EXPECT_STREQ(i->address, attr);
}

TEST_F(line, info_rejects_nonzero_reserved_and_flags)
{
	struct tapi_line_info info;
	int k;

	for (k = 0; k < 7; k++) {
		memset(&info, 0, sizeof(info));
		info.reserved[k] = 1u << k;
		EXPECT_EQ(-1, ioctl(self->fd, TAPI_IOC_GET_LINE_INFO, &info));
		EXPECT_EQ(EINVAL, errno);
	}
	memset(&info, 0, sizeof(info));
	info.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, TAPI_IOC_GET_LINE_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	/* A rejected call leaves the caller's structure as it was. */
	EXPECT_EQ(1, info.flags);
	EXPECT_EQ(0, info.api_version);
}

TEST_F(line, info_rejects_bad_pointers)
{
	EXPECT_EQ(-1, ioctl(self->fd, TAPI_IOC_GET_LINE_INFO, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, TAPI_IOC_GET_LINE_INFO, (void *)1));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, TAPI_IOC_GET_LINE_INFO, (void *)-4096L));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(line, unknown_and_wrong_size_ioctls_fail)
{
	char buf[512] = { 0 };

	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(TAPI_IOC_MAGIC, 0x00, char[8]), buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(TAPI_IOC_MAGIC, 0x00, char[256]), buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOR(TAPI_IOC_MAGIC, 0x00, struct tapi_line_info), buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(TAPI_IOC_MAGIC, 0x7f, struct tapi_line_info), buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IO('T', 1), 0));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(line, read_with_nothing_queued)
{
	struct tapi_event ev;
	struct pollfd p = { .fd = self->fd, .events = POLLIN };

	EXPECT_EQ(0, poll(&p, 1, 50));
	EXPECT_EQ(-1, read(self->fd, &ev, sizeof(ev)));
	EXPECT_EQ(EAGAIN, errno);
}

TEST_F(line, read_rejects_short_buffer_and_seek)
{
	char buf[sizeof(struct tapi_event)];

	EXPECT_EQ(-1, read(self->fd, buf, sizeof(buf) - 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, read(self->fd, buf, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
	EXPECT_EQ(-1, write(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno);
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

TEST_F(line, read_returns_whole_records_only)
{
	struct tapi_event ev[2];
	char buf[sizeof(ev[0]) * 3 / 2];

	ASSERT_EQ(0, sim_ring(self->info.address, 2));
	ASSERT_EQ(1, read_events(self->fd, ev, 1));
	/* A buffer for one and a half records gets exactly one. */
	EXPECT_EQ((ssize_t)sizeof(ev[0]), read(self->fd, buf, sizeof(buf)));
	memcpy(&ev[1], buf, sizeof(ev[1]));
	EXPECT_EQ(ev[0].seq + 1, ev[1].seq);
}

TEST_F(line, read_to_bad_pointer_loses_nothing)
{
	/* volatile: the compiler must not see that these are bad on purpose */
	void *volatile bad[2] = { (void *)1, NULL };
	struct tapi_event ev;

	ASSERT_EQ(0, sim_ring(self->info.address, 1));
	EXPECT_EQ(-1, read(self->fd, bad[0], sizeof(ev)));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, read(self->fd, bad[1], sizeof(ev)));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ((ssize_t)sizeof(ev), read(self->fd, &ev, sizeof(ev)));
	EXPECT_EQ(TAPI_EVENT_RING, ev.type);
}

TEST_F(line, overflow_is_reported_and_counted)
{
	unsigned int qlen = self->info.event_queue_len, extra = 37, k;
	struct tapi_event *ev = calloc(qlen + 2, sizeof(*ev));
	uint64_t lost;

	ASSERT_NE(NULL, ev);
	/* The write returns once every ring has been reported. */
	ASSERT_EQ(0, sim_ring(self->info.address, qlen + extra));
	ASSERT_EQ(qlen + 1, read_events(self->fd, ev, qlen + 1));
	for (k = 1; k < qlen; k++)
		ASSERT_EQ(ev[k - 1].seq + 1, ev[k].seq);
	EXPECT_EQ(TAPI_EVENT_OVERFLOW, ev[qlen].type);
	lost = ev[qlen].param[0] | (uint64_t)ev[qlen].param[1] << 32;
	EXPECT_EQ(extra, lost);
	EXPECT_EQ(ev[qlen - 1].seq + 1, ev[qlen].seq);

	/* After the record, events flow again with the sequence accounted. */
	ASSERT_EQ(0, sim_ring(self->info.address, 1));
	ASSERT_EQ(1, read_events(self->fd, ev, 1));
	EXPECT_EQ(TAPI_EVENT_RING, ev[0].type);
	EXPECT_EQ(ev[qlen].seq + lost, ev[0].seq);
	free(ev);
}

TEST_F(line, every_open_file_gets_every_event)
{
	int fd2 = open(dev_path(), O_RDONLY | O_NONBLOCK);
	struct tapi_event a[2], b[2];

	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, sim_ring(self->info.address, 2));
	ASSERT_EQ(2, read_events(self->fd, a, 2));
	ASSERT_EQ(2, read_events(fd2, b, 2));
	EXPECT_EQ(0, memcmp(a, b, sizeof(a)));
	close(fd2);
}

struct blocked_reader {
	int fd;
	ssize_t ret;
	int err;
	struct tapi_event ev;
};

static void *blocking_read(void *arg)
{
	struct blocked_reader *r = arg;

	r->ret = read(r->fd, &r->ev, sizeof(r->ev));
	r->err = errno;
	return NULL;
}

TEST_F(line, blocking_read_wakes_on_event)
{
	struct blocked_reader r = { .fd = open(dev_path(), O_RDONLY) };
	pthread_t t;

	ASSERT_LE(0, r.fd);
	ASSERT_EQ(0, pthread_create(&t, NULL, blocking_read, &r));
	usleep(100000);
	ASSERT_EQ(0, sim_ring(self->info.address, 1));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ((ssize_t)sizeof(r.ev), r.ret);
	EXPECT_EQ(TAPI_EVENT_RING, r.ev.type);
	close(r.fd);
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

TEST(clock_keeps_time)
{
	long long t0 = clock_stat("ticks"), t1;
	uint64_t a = now_ns(), b;

	if (t0 < 0)
		SKIP(return, "no /sys/kernel/debug/tapi/clock");
	usleep(1000000);
	t1 = clock_stat("ticks");
	b = now_ns();
	/* one tick per ms, missed ones caught up: only the reads' jitter remains */
	EXPECT_GT(20.0, fabs((t1 - t0) - (b - a) / 1e6))
		TH_LOG("%lld ticks in %.1f ms", t1 - t0, (b - a) / 1e6);
}

TEST(nonexistent_device_is_absent)
{
	EXPECT_EQ(-1, open("/dev/tapi4095", O_RDONLY));
	EXPECT_EQ(ENOENT, errno);
}

/* The driver goes away under an open file: nothing may crash or hang. */
TEST(line_removed_while_open)
{
	const char *ko = getenv("TAPI_SIM_KO");
	struct blocked_reader r;
	struct tapi_line_info info;
	struct tapi_event ev;
	struct pollfd p;
	pthread_t t;
	int mfd, fd;

	if (!ko)
		SKIP(return, "TAPI_SIM_KO not set");
	fd = open(dev_path(), O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, get_info(fd, &info));
	ASSERT_EQ(0, sim_ring(info.address, 1));
	r.fd = open(dev_path(), O_RDONLY);
	ASSERT_LE(0, r.fd);
	ASSERT_EQ(0, pthread_create(&t, NULL, blocking_read, &r));
	usleep(100000);

	ASSERT_EQ(0, syscall(SYS_delete_module, "tapi_sim", O_NONBLOCK));

	/* The blocked reader wakes up with ENODEV. */
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(-1, r.ret);
	EXPECT_EQ(ENODEV, r.err);
	close(r.fd);

	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&p, 1, 1000));
	EXPECT_TRUE(p.revents & POLLHUP);
	EXPECT_TRUE(p.revents & POLLIN);
	/* What was queued before removal is still delivered, then ENODEV. */
	EXPECT_EQ((ssize_t)sizeof(ev), read(fd, &ev, sizeof(ev)));
	EXPECT_EQ(TAPI_EVENT_RING, ev.type);
	EXPECT_EQ(-1, read(fd, &ev, sizeof(ev)));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(-1, get_info(fd, &info));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(-1, open(dev_path(), O_RDONLY));
	close(fd);

	mfd = open(ko, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, mfd);
	ASSERT_EQ(0, syscall(SYS_finit_module, mfd, "", 0));
	close(mfd);
	/* devtmpfs creates the node asynchronously to the module load. */
	for (int k = 0; k < 100 && access(dev_path(), F_OK); k++)
		usleep(10000);
	fd = open(dev_path(), O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
}

TEST_HARNESS_MAIN
