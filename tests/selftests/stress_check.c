// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_stress: the checks. Every ioctl's outcome against the errors the
 * interface documents for it (docs/uapi.md), and the invariants an event
 * reader can check cheaply: each file's sequence numbers go up by one (an
 * overflow record accounts for a gap), timestamps never go back, no record
 * of an unknown type or of another kind of device, nothing after the
 * removal record or about a call after its idle state, and nothing at all
 * about calls on a file that has no privilege.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "stress.h"

#define SAY_MAX		40	/* failures said in full; the rest counted */

/* an address no process maps (hidden from the compiler's bounds checks) */
static volatile uintptr_t unmapped = 8;

void rng_init(struct rng *r, unsigned int worker)
{
	/* splitmix64 of seed + worker: neighbouring seeds share nothing */
	uint64_t z = stress_seed + worker + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	r->s = (z ^ (z >> 31)) | 1;
}

void say(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDOUT_FILENO, buf, n) < 0)
		return;
}

void fail(const char *who, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (atomic_fetch_add(&sh->failures, 1) < SAY_MAX)
		say("# FAIL %s: %s", who, msg);
}

static const char *ename(int e)
{
	static const struct { int e; const char *n; } names[] = {
		{ EINVAL, "EINVAL" }, { ENOENT, "ENOENT" }, { EPERM, "EPERM" },
		{ EBUSY, "EBUSY" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { ENOSPC, "ENOSPC" },
		{ ESRCH, "ESRCH" }, { EALREADY, "EALREADY" }, { ENODATA, "ENODATA" },
		{ ENOMEM, "ENOMEM" }, { EMFILE, "EMFILE" }, { EFAULT, "EFAULT" },
		{ ENODEV, "ENODEV" }, { ENOTTY, "ENOTTY" }, { EAGAIN, "EAGAIN" },
		{ EIO, "EIO" }, { EBADF, "EBADF" }, { EPIPE, "EPIPE" }, { ENXIO, "ENXIO" },
		{ EINTR, "EINTR" }, { EEXIST, "EEXIST" }, { ENOTEMPTY, "ENOTEMPTY" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].n;
	return strerror(e);
}

void expect_errno(const char *who, const char *what, long ret, const int *allowed)
{
	int e = errno;

	if (ret >= 0)
		return;
	for (; *allowed; allowed++)
		if (*allowed == e)
			return;
	fail(who, "%s = -1 %s: not an error it may return", what, ename(e));
}

static int err_bit(int e)
{
	switch (e) {
	case EINVAL: return ERR_EINVAL;
	case ENOENT: return ERR_ENOENT;
	case EPERM: return ERR_EPERM;
	case EBUSY: return ERR_EBUSY;
	case EOPNOTSUPP: return ERR_EOPNOTSUPP;
	case ENOSPC: return ERR_ENOSPC;
	case ESRCH: return ERR_ESRCH;
	case EALREADY: return ERR_EALREADY;
	case ENODATA: return ERR_ENODATA;
	case ENOMEM: return ERR_ENOMEM;
	case EMFILE: return ERR_EMFILE;
	}
	return 0;
}

/* Requests on a call: what a file without the right privilege never does. */
static bool controls_call(unsigned long cmd)
{
	return cmd == TAPI_IOC_DIAL || cmd == TAPI_IOC_ANSWER || cmd == TAPI_IOC_ACCEPT ||
	       cmd == TAPI_IOC_DROP || cmd == TAPI_IOC_HOLD || cmd == TAPI_IOC_UNHOLD ||
	       cmd == TAPI_IOC_HANDOFF || cmd == TAPI_IOC_HANDOFF_NAME ||
	       cmd == TAPI_IOC_SET_CALL;
}

static void describe(char *out, size_t len, const struct ioc *io, unsigned long cmd,
		     const void *arg, int bad)
{
	size_t size = _IOC_SIZE(cmd), n = 0, i;

	n += snprintf(out, len, "%s(", io ? io->name : "unknown");
	if (!io || io->cmd != cmd)
		n += snprintf(out + n, len - n, "cmd %#lx size %zu, ", cmd, size);
	if (bad == EFAULT || !arg) {
		snprintf(out + n, len - n, "bad pointer %p)", arg);
		return;
	}
	n += snprintf(out + n, len - n, "%s", bad == EINVAL ? "reserved set: " :
		      bad == BAD_RANDOM ? "random: " : bad == BAD_READONLY ? "read-only: " : "");
	for (i = 0; i < size && i < 40 && n + 4 < len; i++)
		n += snprintf(out + n, len - n, "%02x", ((const unsigned char *)arg)[i]);
	snprintf(out + n, len - n, "%s)", size > 40 ? "..." : "");
}

long xioctl(const char *who, int fd, struct evtrack *t, unsigned long cmd, void *arg,
	    int bad)
{
	const struct ioc *io = ioc_of(cmd);
	bool right_kind = io && io->cmd == cmd && io->kind == t->kind;
	bool was_fresh = t->fresh, was_monitor = t->monitor_only;
	const char *why = NULL;
	char what[200];
	long r;
	int e;

	/*
	 * Asking for privileges or calls ends a file's innocence; so does a
	 * name, since another file may hand it a call by that name.
	 */
	if (cmd == TAPI_IOC_SET_PRIVILEGES || cmd == TAPI_IOC_MAKE_CALL ||
	    cmd == TAPI_IOC_LIST_CALLS || cmd == TAPI_IOC_SET_NAME ||
	    cmd == TAPI_IOC_PHONE_PRIVILEGE)
		t->fresh = false;
	if (cmd == TAPI_IOC_SET_PRIVILEGES || cmd == TAPI_IOC_SET_CALL_PRIVILEGE)
		t->monitor_only = false;
	errno = 0;
	r = ioctl(fd, cmd, arg);
	e = errno;
	COUNT(ops);
	if (r < 0 && e == EFAULT)
		COUNT(efaults);
	if (r < 0 && e == ENOTTY)
		COUNT(enotty);

	if (t->removed && t->kind != K_AUDIO) {
		if (r >= 0 || e != ENODEV)
			why = "after the removal record, everything must fail with ENODEV";
	} else if (!right_kind) {
		/* unknown numbers, wrong sizes, another device's ioctls */
		if (r >= 0 || (e != ENOTTY && !(e == ENODEV && t->kind != K_AUDIO)))
			why = "must fail with ENOTTY";
	} else if (r >= 0) {
		if (bad > 0)
			why = "succeeded with a bad argument";
		else if (bad == BAD_READONLY && (_IOC_DIR(cmd) & _IOC_READ))
			why = "succeeded though its result could not be written";
		else if (was_fresh && (controls_call(cmd) || cmd == TAPI_IOC_CALL_DATA ||
				       cmd == TAPI_IOC_CALL_INFO ||
				       cmd == TAPI_IOC_SET_CALL_PRIVILEGE ||
				       cmd == TAPI_IOC_PHONE_SET ||
				       cmd == TAPI_IOC_PHONE_SET_BUTTON))
			why = "succeeded on a file without any privilege";
		else if (was_monitor && controls_call(cmd))
			why = "a monitor controlled a call";
	} else if (e == ENODEV && t->kind != K_AUDIO) {
		/* the line or phone went away: any request may say so */
	} else if (bad > 0) {
		if (e != bad)
			why = "not the error of its bad argument";
	} else if (e == EFAULT) {
		/* random bytes and some valid arguments carry user pointers */
		if (bad == BAD_NONE && cmd != TAPI_IOC_LIST_CALLS && cmd != TAPI_IOC_SET_CALL &&
		    cmd != TAPI_IOC_CALL_DATA)
			why = "EFAULT with a valid argument";
	} else if (!(io->errs & err_bit(e))) {
		why = "not an error the interface documents for it";
	}
	/* a call the file forgets tells it nothing more, its end included */
	if (r == 0 && cmd == TAPI_IOC_SET_CALL_PRIVILEGE && bad == BAD_NONE &&
	    ((struct tapi_call_privilege *)arg)->privilege == TAPI_PRIV_NONE)
		forget_call(t, ((struct tapi_call_privilege *)arg)->call_id);
	if (why) {
		describe(what, sizeof(what), io, cmd, arg, bad);
		fail(who, "fd %d: %s = %ld%s%s: %s", fd, what, r, r < 0 ? " " : "",
		     r < 0 ? ename(e) : "", why);
	}
	errno = e;
	return r;
}

void evtrack_init(struct evtrack *t, enum fd_kind kind)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->fresh = true;
}

void forget_call(struct evtrack *t, uint32_t id)
{
	for (unsigned int i = 0; i < KNOWN_CALLS; i++) {
		if (t->calls[i] != id)
			continue;
		memmove(&t->calls[i], &t->calls[i + 1], (KNOWN_CALLS - 1 - i) * sizeof(t->calls[0]));
		memmove(&t->state[i], &t->state[i + 1], (KNOWN_CALLS - 1 - i) * sizeof(t->state[0]));
		t->calls[KNOWN_CALLS - 1] = 0;
		return;
	}
}

void learn_call(struct evtrack *t, uint32_t id, uint32_t state)
{
	unsigned int i;

	if (!id)
		return;
	for (i = 0; i < KNOWN_CALLS - 1 && t->calls[i] && t->calls[i] != id; i++)
		;
	/* move it (or the oldest, forgotten) to the front */
	memmove(&t->calls[1], &t->calls[0], i * sizeof(t->calls[0]));
	memmove(&t->state[1], &t->state[0], i * sizeof(t->state[0]));
	t->calls[0] = id;
	t->state[0] = state;
	if (state == TAPI_CALL_IDLE) {
		forget_call(t, id);
		t->ended[t->nended++ % 16] = id;
	}
}

uint32_t known_call(struct evtrack *t, struct rng *r, uint32_t states)
{
	uint32_t c[KNOWN_CALLS];
	unsigned int i, n = 0;

	for (i = 0; i < KNOWN_CALLS && t->calls[i]; i++)
		if (!states || (t->state[i] & states))
			c[n++] = t->calls[i];
	if (n && !one_in(r, 8))
		return c[pick(r, n)];
	/* an ended call, one never made, or none */
	return one_in(r, 2) && t->nended ? t->ended[pick(r, t->nended < 16 ? t->nended : 16)] :
	       one_in(r, 2) ? 0 : 1 + pick(r, 40);
}

static bool has_ended(const struct evtrack *t, uint32_t id)
{
	unsigned int n = t->nended < 16 ? t->nended : 16;

	for (unsigned int i = 0; i < n; i++)
		if (t->ended[i] == id)
			return true;
	return false;
}

/* Whether the file knows a call other than @id connected or on hold. */
bool talking(const struct evtrack *t, uint32_t id)
{
	for (unsigned int i = 0; i < KNOWN_CALLS && t->calls[i]; i++)
		if (t->calls[i] != id &&
		    (t->state[i] == TAPI_CALL_CONNECTED || t->state[i] == TAPI_CALL_ONHOLD))
			return true;
	return false;
}

/* One record: its place in the stream and what it may say. */
static void check_event(const char *who, int fd, struct evtrack *t, const struct tapi_event *ev)
{
	bool phone_type = ev->type == TAPI_EVENT_PHONE_BUTTON || ev->type == TAPI_EVENT_PHONE_STATE;
	uint32_t st = ev->param[0];

	COUNT(events);
	if (t->removed)
		fail(who, "fd %d: event type %u seq %llu after the removal record", fd, ev->type,
		     (unsigned long long)ev->seq);
	if (ev->seq != t->next_seq)
		fail(who, "fd %d: event type %u has seq %llu, %llu expected", fd, ev->type,
		     (unsigned long long)ev->seq, (unsigned long long)t->next_seq);
	if (ev->timestamp_ns < t->last_ts)
		fail(who, "fd %d: event seq %llu is %llu ns older than the one before", fd,
		     (unsigned long long)ev->seq,
		     (unsigned long long)(t->last_ts - ev->timestamp_ns));
	t->last_ts = ev->timestamp_ns;
	t->next_seq = ev->seq + (ev->type == TAPI_EVENT_OVERFLOW ?
				 ev->param[0] | (uint64_t)ev->param[1] << 32 : 1);
	if (ev->type == TAPI_EVENT_OVERFLOW) {
		t->lossy = true;
		return;
	}
	if (!ev->type || ev->type > TAPI_EVENT_PHONE_STATE ||
	    phone_type != (t->kind == K_PHONE)) {
		fail(who, "fd %d: event of type %u on a %s", fd, ev->type,
		     t->kind == K_PHONE ? "phone" : "line");
		return;
	}
	if ((ev->type == TAPI_EVENT_LINE_STATE && st == TAPI_LINESTATE_REMOVED) ||
	    (ev->type == TAPI_EVENT_PHONE_STATE && st == TAPI_PHONESTATE_REMOVED)) {
		t->removed = true;
		COUNT(removed_seen);
		/* every call it was told of ended first (unless an overflow hid it) */
		if (t->calls[0] && !t->lossy)
			fail(who, "fd %d: the removal record came before call %u went idle",
			     fd, t->calls[0]);
	}
	if (!ev->call_id)
		return;
	if (t->fresh)
		fail(who, "fd %d: event type %u about call %u on a file without privileges",
		     fd, ev->type, ev->call_id);
	if (has_ended(t, ev->call_id))
		fail(who, "fd %d: event type %u about call %u after it went idle", fd,
		     ev->type, ev->call_id);
	if (ev->type == TAPI_EVENT_CALL_STATE) {
		if (!st || (st & (st - 1)) || st > TAPI_CALL_DISCONNECTED ||
		    (ev->param[2] != TAPI_PRIV_MONITOR && ev->param[2] != TAPI_PRIV_OWNER))
			fail(who, "fd %d: call %u state %#x privilege %#x", fd, ev->call_id, st,
			     ev->param[2]);
		if (t->monitor_only && ev->param[2] != TAPI_PRIV_MONITOR)
			fail(who, "fd %d: a monitor told it owns call %u", fd, ev->call_id);
		if (st == TAPI_CALL_OFFERING && talking(t, ev->call_id))
			COUNT(cw_offered);
		learn_call(t, ev->call_id, st);
		if (st == TAPI_CALL_CONNECTED)
			COUNT(calls_connected);
		if (st == TAPI_CALL_ONHOLD)
			COUNT(held);
	} else if (ev->type == TAPI_EVENT_CALL_INFO) {
		learn_call(t, ev->call_id, t->calls[0] == ev->call_id ? t->state[0] : 0);
	}
}

bool read_events(const char *who, int fd, struct evtrack *t, struct rng *r)
{
	static const int errs[] = { EAGAIN, ENODEV, 0 };
	struct tapi_event ev[16];
	unsigned int i, rounds;
	ssize_t n;

	if (t->kind == K_AUDIO)
		return true;
	if (one_in(r, 32)) {
		/* less than a record, or a buffer it cannot write: nothing is lost */
		bool small = one_in(r, 2);

		n = read(fd, small ? (void *)ev : (void *)unmapped, small ? sizeof(ev[0]) - 1 : sizeof(ev));
		if (n >= 0 || (errno != (small ? EINVAL : EFAULT) && errno != EAGAIN &&
			       errno != ENODEV))
			fail(who, "fd %d: read of %s = %zd %s", fd,
			     small ? "47 bytes" : "a bad buffer", n, n < 0 ? ename(errno) : "");
	}
	for (rounds = 0; rounds < 64; rounds++) {
		n = read(fd, ev, sizeof(ev[0]) * (1 + pick(r, 16)));
		if (n < 0) {
			if (errno == EAGAIN && t->removed)
				fail(who, "fd %d: EAGAIN after the removal record, not ENODEV", fd);
			expect_errno(who, "read", n, errs);
			return errno != ENODEV;
		}
		if (n == 0 || n % sizeof(ev[0])) {
			fail(who, "fd %d: read returned %zd bytes, not whole records", fd, n);
			return true;
		}
		for (i = 0; i < n / sizeof(ev[0]); i++)
			check_event(who, fd, t, &ev[i]);
	}
	return true;
}

int line_dev_of(unsigned int number)
{
	char path[64], buf[32];
	int d, fd;
	ssize_t n;

	for (d = 0; d < MAX_DEVS; d++) {
		snprintf(path, sizeof(path), "/sys/class/tapi/tapi%d/address", d);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0 && (unsigned int)strtoul(buf, NULL, 10) == number)
			return d;
	}
	return -1;
}

int open_dev(enum fd_kind kind, int dev)
{
	static const int errs[] = { ENOENT, ENXIO, ENODEV, EMFILE, 0 };
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/dev/tapi%s%d", kind == K_PHONE ? "phone" : "", dev);
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	expect_errno(path, "open", fd, errs);
	return fd;
}

/* Write @cmd to tapi_sim's debugfs @file of line @number: 0 or -errno. */
int sim_debugfs(unsigned int number, const char *file, const char *cmd)
{
	char path[80];
	int fd, ret;

	snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/%u/%s", number, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = write(fd, cmd, strlen(cmd)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}
