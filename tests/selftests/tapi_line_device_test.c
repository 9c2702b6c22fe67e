// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for /dev/tapiN as device files: permissions as udev's rule
 * sets them, a line that does not exist, and the driver going away under
 * open files and streams, once, and while several threads work the lines.
 *
 * Environment: TAPI_DEV (default /dev/tapi0); TAPI_SIM_KO, the path of
 * tapi_sim.ko, enables the removal tests (they unload and reload the
 * driver; without it they skip).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "line_util.h"

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

/*
 * In a child: become user 4242 with supplementary group @gid (0: none),
 * open @path; exit 0 if it opened, else errno.
 */
static int open_as_user(const char *path, gid_t gid)
{
	pid_t pid = fork();
	int status;

	if (!pid) {
		gid_t groups[1] = { gid };
		int fd;

		if (setgroups(gid ? 1 : 0, groups) || setgid(4242) || setuid(4242))
			_exit(255);
		fd = open(path, O_RDWR);
		_exit(fd < 0 ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Permissions as udev/60-tapi.rules sets them (the VMs run no udev, so the
 * test applies the rule's GROUP="tapi", MODE="0660" itself, with gid 990
 * for the group): a user outside the group gets EACCES, a member opens.
 */
TEST(a_user_outside_the_tapi_group_gets_eacces)
{
	struct stat st;

	ASSERT_EQ(0, stat(dev_path(), &st));
	ASSERT_EQ(0, chown(dev_path(), 0, 990));
	ASSERT_EQ(0, chmod(dev_path(), 0660));
	EXPECT_EQ(EACCES, open_as_user(dev_path(), 0));
	EXPECT_EQ(EACCES, open_as_user(dev_path(), 991));
	EXPECT_EQ(0, open_as_user(dev_path(), 990));
	/* as the kernel made it: root only */
	EXPECT_EQ(0, chown(dev_path(), st.st_uid, st.st_gid));
	EXPECT_EQ(0, chmod(dev_path(), st.st_mode & 07777));
	EXPECT_EQ(EACCES, open_as_user(dev_path(), 990));
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
	int mfd, fd, sfd;

	if (!ko)
		SKIP(return, "TAPI_SIM_KO not set");
	fd = open(dev_path(), O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, get_info(fd, &info));
	ASSERT_EQ(0, sim_ring(info.address, 1));
	r.fd = open(dev_path(), O_RDONLY);
	ASSERT_LE(0, r.fd);
	ASSERT_EQ(0, pthread_create(&t, NULL, blocking_read, &r));
	sfd = audio_open(fd, TAPI_AUDIO_LINEAR16, 20, 0);
	ASSERT_LE(0, sfd);
	usleep(100000);

	ASSERT_EQ(0, syscall(SYS_delete_module, "tapi_sim", O_NONBLOCK));

	/* The blocked reader wakes up with the removal record, then ENODEV. */
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ((ssize_t)sizeof(r.ev), r.ret);
	EXPECT_EQ(TAPI_EVENT_LINE_STATE, r.ev.type);
	EXPECT_EQ(TAPI_LINESTATE_REMOVED, r.ev.param[0]);
	EXPECT_EQ(-1, read(r.fd, &ev, sizeof(ev)));
	EXPECT_EQ(ENODEV, errno);
	close(r.fd);

	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ(1, poll(&p, 1, 1000));
	EXPECT_TRUE(p.revents & POLLHUP);
	EXPECT_TRUE(p.revents & POLLIN);
	/* What was queued before removal is still delivered, then ENODEV. */
	EXPECT_EQ((ssize_t)sizeof(ev), read(fd, &ev, sizeof(ev)));
	EXPECT_EQ(TAPI_EVENT_RING, ev.type);
	EXPECT_EQ((ssize_t)sizeof(ev), read(fd, &ev, sizeof(ev)));
	EXPECT_EQ(TAPI_EVENT_LINE_STATE, ev.type);
	EXPECT_EQ(TAPI_LINESTATE_REMOVED, ev.param[0]);
	EXPECT_EQ(-1, read(fd, &ev, sizeof(ev)));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(-1, get_info(fd, &info));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(-1, open(dev_path(), O_RDONLY));
	close(fd);
	/* the audio stream: what was queued, then ENODEV; writes fail; poll hangs up */
	{
		int16_t pcm[160] = { 0 };
		ssize_t rr;

		p = (struct pollfd){ .fd = sfd, .events = POLLIN | POLLOUT };
		EXPECT_EQ(1, poll(&p, 1, 1000));
		EXPECT_TRUE(p.revents & POLLHUP);
		EXPECT_EQ(-1, write(sfd, pcm, sizeof(pcm)));
		EXPECT_EQ(ENODEV, errno);
		while ((rr = read(sfd, pcm, sizeof(pcm))) > 0)
			;
		EXPECT_EQ(-1, rr);
		EXPECT_EQ(ENODEV, errno);
		close(sfd);
	}

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

struct hammer {
	volatile int stop;
	int id;
	long ops;	/* operations that succeeded */
	long unexpected;	/* errors a removed line cannot explain */
	int last_errno;
};

/* Errors that a line disappearing or being busy legitimately causes. */
static int expected_errno(int e)
{
	return e == ENOENT || e == ENODEV || e == ENXIO || e == EAGAIN || e == EINTR;
}

static void *hammer_thread(void *arg)
{
	struct hammer *h = arg;
	unsigned int seed = 77 + h->id;

	while (!h->stop) {
		char path[32];
		struct tapi_line_info info;
		int fd, s;

		snprintf(path, sizeof(path), "/dev/tapi%u", rand_r(&seed) % 4);
		fd = open(path, O_RDWR | O_NONBLOCK);
		if (fd < 0) {
			if (!expected_errno(errno)) {
				h->unexpected++;
				h->last_errno = errno;
			}
			continue;
		}
		if (get_info(fd, &info) == 0)
			h->ops++;
		else if (!expected_errno(errno))
			h->unexpected++, h->last_errno = errno;
		s = audio_open(fd, 1 + rand_r(&seed) % 3, 1 + rand_r(&seed) % 20, O_NONBLOCK);
		if (s >= 0) {
			char buf[320] = { 0 };
			struct tapi_audio_stats st;

			(void)!write(s, buf, 8 * (s % 2 ? 1 : 2));
			(void)!read(s, buf, sizeof(buf));
			audio_stats(s, &st);
			h->ops++;
			close(s);
		} else if (!expected_errno(-s)) {
			h->unexpected++, h->last_errno = -s;
		}
		if (rand_r(&seed) % 4 == 0 && generate(fd, "12", 40, 40, -100, 1) &&
		    !expected_errno(errno))
			h->unexpected++, h->last_errno = errno;
		close(fd);
	}
	return NULL;
}

/* Several threads work the lines while the driver is unloaded and loaded again. */
TEST(lines_and_streams_survive_the_driver_coming_and_going)
{
	const char *ko = getenv("TAPI_SIM_KO");
	struct hammer h[4];
	pthread_t t[4];
	long ops = 0;
	int k, fd;

	if (!ko)
		SKIP(return, "TAPI_SIM_KO not set");
	for (k = 0; k < 4; k++) {
		h[k] = (struct hammer){ .id = k };
		ASSERT_EQ(0, pthread_create(&t[k], NULL, hammer_thread, &h[k]));
	}
	for (int round = 0; round < 3; round++) {
		int mfd;

		usleep(300000);
		/* O_NONBLOCK: fails with EWOULDBLOCK rather than waiting while in use */
		for (k = 0; k < 200 && syscall(SYS_delete_module, "tapi_sim", O_NONBLOCK); k++)
			usleep(5000);
		ASSERT_GT(200, k) TH_LOG("tapi_sim would not unload");
		usleep(100000);
		mfd = open(ko, O_RDONLY | O_CLOEXEC);
		ASSERT_LE(0, mfd);
		ASSERT_EQ(0, syscall(SYS_finit_module, mfd, "", 0));
		close(mfd);
	}
	usleep(300000);
	for (k = 0; k < 4; k++) {
		h[k].stop = 1;
		ASSERT_EQ(0, pthread_join(t[k], NULL));
		EXPECT_EQ(0, h[k].unexpected) TH_LOG("thread %d: last errno %d", k, h[k].last_errno);
		ops += h[k].ops;
	}
	TH_LOG("%ld operations succeeded around 3 removals", ops);
	EXPECT_LT(100, ops);
	/* the lines work again afterwards */
	for (k = 0; k < 100 && access("/dev/tapi3", F_OK); k++)
		usleep(10000);
	fd = open(dev_path(), O_RDWR);
	ASSERT_LE(0, fd);
	close(fd);
}

TEST_HARNESS_MAIN
