// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_stress: the random ioctl worker, a process of its own (one thread,
 * so it knows every descriptor it has: leaked audio streams are found and
 * closed). It keeps a few lines, phones and audio streams open and calls
 * every ioctl on them, its own or another device's, with mostly valid
 * arguments and a share of bad ones: reserved fields set, random bytes,
 * wrong sizes and unknown numbers, and pointers that are NULL, small,
 * unmapped, straddling the end of a mapping, or read-only.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stress.h"

#define SLOTS	6
#define PAGE	4096

struct slot {
	int fd;
	struct evtrack t;
};

static struct slot slots[SLOTS];
static char who[24];
/* rw: arguments; guard: no access, after rw; ro: read-only arguments */
static unsigned char *rw, *guard, *ro;

static bool ours(int fd)
{
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].fd == fd)
			return true;
	return false;
}

/*
 * Audio streams whose descriptor never reached us: a TAPI_IOC_AUDIO_OPEN
 * that failed to copy its result must leave none behind (uAPI 1.9).
 */
static void close_leaked_streams(void)
{
	char path[300], link[64];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		int fd = atoi(d->d_name);
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%s", d->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0 || fd == dirfd(dir) || ours(fd))
			continue;
		link[n] = 0;
		if (strstr(link, "tapi-audio")) {
			fail(who, "AUDIO_OPEN failed with EFAULT and left descriptor %d behind", fd);
			close(fd);
		}
	}
	closedir(dir);
}

static void keep_or_close_stream(int fd, struct rng *r)
{
	for (int i = 0; i < SLOTS && one_in(r, 2); i++) {
		if (slots[i].fd < 0) {
			slots[i].fd = fd;
			evtrack_init(&slots[i].t, K_AUDIO);
			COUNT(audio_opened);
			return;
		}
	}
	close(fd);
}

/* A command number that is no ioctl of any device: another size or direction. */
static unsigned long wrong_number(struct rng *r)
{
	unsigned long cmd = iocs[pick(r, n_iocs)].cmd;

	switch (pick(r, 4)) {
	case 0:
		return _IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), _IOC_NR(cmd),
			    _IOC_SIZE(cmd) + (one_in(r, 2) ? 4 : -4));
	case 1:
		return _IOC(_IOC_DIR(cmd) ^ (one_in(r, 2) ? _IOC_READ : _IOC_WRITE),
			    _IOC_TYPE(cmd), _IOC_NR(cmd), _IOC_SIZE(cmd));
	case 2:
		return _IOWR(TAPI_IOC_MAGIC, 0x30 + pick(r, 16), struct tapi_call_op);
	default:
		return _IOWR(TAPI_IOC_MAGIC - 1, _IOC_NR(cmd), struct tapi_call_op);
	}
}

static void random_ioctl(struct slot *s, struct rng *r)
{
	const struct ioc *io = &iocs[pick(r, n_iocs)];
	unsigned long cmd = io->cmd;
	size_t size = _IOC_SIZE(cmd);
	unsigned int how = pick(r, 100);
	void *arg = rw;
	int bad = BAD_NONE;
	long ret;

	/* mostly the descriptor's own ioctls */
	while (io->kind != s->t.kind && !one_in(r, 8)) {
		io = &iocs[pick(r, n_iocs)];
		cmd = io->cmd;
		size = _IOC_SIZE(cmd);
	}
	fill_arg(io, rw, &s->t, r);
	if (how < 6) {
		cmd = wrong_number(r);
		bad = ENOTTY;
	} else if (how < 14 && io->rsv >= 0) {
		rw[io->rsv + pick(r, 4)] = 1 + pick(r, 255);
		bad = EINVAL;
	} else if (how < 20) {
		for (size_t i = 0; i < size; i++)
			rw[i] = rnd(r);
		bad = BAD_RANDOM;
	} else if (how < 28) {
		static const uintptr_t small[] = { 0, 1, 8, 4095 };

		bad = EFAULT;
		switch (pick(r, 4)) {
		case 0:
			arg = (void *)small[pick(r, 4)];
			break;
		case 1:
			arg = guard;
			break;
		case 2:
			/* half of it readable, the rest past the end of the mapping */
			memmove(guard - size / 2, rw, size / 2);
			arg = guard - size / 2;
			break;
		default:
			arg = (void *)(uintptr_t)(sizeof(long) == 8 ? 0xffffffff81000000ull :
						  0xc1000000u);
		}
	} else if (how < 34) {
		memcpy(ro, rw, size);
		mprotect(ro, PAGE, PROT_READ);
		arg = ro;
		bad = BAD_READONLY;
	}
	ret = xioctl(who, s->fd, &s->t, cmd, arg, bad);
	if (arg == ro)
		mprotect(ro, PAGE, PROT_READ | PROT_WRITE);
	if (cmd == TAPI_IOC_AUDIO_OPEN && ret < 0 && errno == EFAULT && bad == BAD_READONLY)
		close_leaked_streams();
	if (ret < 0 || arg != rw)
		return;
	if (cmd == TAPI_IOC_AUDIO_OPEN)
		keep_or_close_stream(((struct tapi_audio_open *)rw)->fd, r);
	if (cmd == TAPI_IOC_MAKE_CALL) {
		struct tapi_make_call *m = (void *)rw;

		learn_call(&s->t, m->call_id, m->dial[0] ? TAPI_CALL_DIALING : TAPI_CALL_DIALTONE);
		COUNT(calls_made);
	}
}

/* Audio streams: read, write, poll, their one ioctl. */
static void stream_op(struct slot *s, struct rng *r)
{
	static const int rd_errs[] = { EAGAIN, EINVAL, ENODEV, EFAULT, 0 };
	static const int wr_errs[] = { EAGAIN, EINVAL, ENODEV, EFAULT, EPIPE, EPERM, 0 };
	size_t len = pick(r, 4) ? 2 * 8 * (1 + pick(r, 20)) : pick(r, 1000);
	struct pollfd p = { .fd = s->fd, .events = POLLIN | POLLOUT };
	ssize_t n;

	switch (pick(r, 4)) {
	case 0:
		n = read(s->fd, one_in(r, 16) ? (void *)guard : rw, len);
		expect_errno(who, "audio read", n, rd_errs);
		break;
	case 1:
		n = write(s->fd, one_in(r, 16) ? (void *)guard : rw, len);
		expect_errno(who, "audio write", n, wr_errs);
		break;
	case 2:
		if (poll(&p, 1, 0) < 0)
			fail(who, "audio poll: %s", strerror(errno));
		break;
	default:
		random_ioctl(s, r);
	}
}

static void slot_op(struct slot *s, struct rng *r)
{
	unsigned int what = pick(r, 24);

	if (s->fd < 0) {
		enum fd_kind kind = one_in(r, 3) ? K_PHONE : K_LINE;

		s->fd = open_dev(kind, pick(r, MAX_DEVS));
		evtrack_init(&s->t, kind);
		if (s->fd < 0)
			usleep(500);	/* no such device: others need the CPU */
		return;
	}
	if (what == 0 || (what < 4 && s->t.removed)) {
		close(s->fd);
		s->fd = -1;
	} else if (s->t.kind == K_AUDIO) {
		stream_op(s, r);
	} else if (what < 5) {
		if (!read_events(who, s->fd, &s->t, r) && !s->t.removed)
			fail(who, "fd %d: ENODEV without the removal record first", s->fd);
	} else if (what == 5) {
		struct pollfd p = { .fd = s->fd, .events = POLLIN };

		if (poll(&p, 1, 0) < 0)
			fail(who, "poll: %s", strerror(errno));
		else if (s->t.removed && !(p.revents & POLLHUP))
			fail(who, "fd %d: poll says %#x after the removal record", s->fd, p.revents);
	} else if (what == 6) {
		static const int errs[] = { EINVAL, 0 };

		expect_errno(who, "write to a line or phone", write(s->fd, rw, 48), errs);
	} else if (what == 7 && one_in(r, 16)) {
		/* the exchange's side of a line: hook, service, far end, faults */
		static const char *const cmds[][2] = {
			{ "hook", "at 50 off" }, { "hook", "at 50 on" },
			{ "hook", "at 50 flash" }, { "hook", "at 30 keys 1" },
			{ "service", "0" }, { "service", "1" },
			{ "far_end", "answer 0 hangup 300" }, { "far_end", "busy" },
			{ "far_end", "reject" }, { "far_end", "none" },
			{ "far_end", "answer 1 digits 5" }, { "faults", "reply_delay 20" },
			{ "faults", "audio_drop 3" }, { "faults", "none" }, { "ring", "1" },
			{ "dtmf", "12" },
		};
		unsigned int c = pick(r, sizeof(cmds) / sizeof(cmds[0]));

		sim_debugfs(NUM_FIRST + pick(r, NUM_LAST - NUM_FIRST + 1), cmds[c][0], cmds[c][1]);
	} else {
		random_ioctl(s, r);
	}
}

void ioctl_worker(unsigned int idx)
{
	struct rng r;
	int i;

	snprintf(who, sizeof(who), "ioctl.%u", idx);
	rng_init(&r, idx);
	rw = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (rw == MAP_FAILED) {
		fail(who, "mmap: %s", strerror(errno));
		return;
	}
	guard = rw + PAGE;
	ro = rw + 2 * PAGE;
	mprotect(guard, PAGE, PROT_NONE);
	for (i = 0; i < SLOTS; i++)
		slots[i].fd = -1;
	while (!stopping()) {
		slot_op(&slots[pick(&r, SLOTS)], &r);
		COUNT(random_steps);
	}
	for (i = 0; i < SLOTS; i++)
		if (slots[i].fd >= 0)
			close(slots[i].fd);
}
