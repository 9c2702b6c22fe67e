/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tapi_stress: what its parts share. Every worker (a process or a thread)
 * draws its randomness from its own generator, seeded with the run's seed
 * plus the worker's index, so a seed replays each worker's choices (not the
 * scheduler's). Counters live in memory shared by the processes.
 */
#ifndef TAPI_STRESS_H
#define TAPI_STRESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/tapi.h>

#define MAX_DEVS	16	/* /dev/tapi0..15 and /dev/tapiphone0..15 */
#define NUM_FIRST	1001	/* tapi_sim's module lines: 1001-1004 */
#define NUM_LAST	1012	/* the configfs exchanges': 1005-1012 */
#define KNOWN_CALLS	8

/* What a descriptor is: the ioctls it takes and the events it reads. */
enum fd_kind { K_LINE, K_PHONE, K_AUDIO };

struct stress_shared {
	atomic_bool stop;
	atomic_long ops, failures, calls_made, calls_connected, held, cw_offered, cw_answers,
		handoffs, audio_opened, audio_closed_elsewhere, fd_race_opens,
		events, removed_seen, phone_sets, cfg_actions, line_removals,
		exchange_removals, module_reloads, efaults, enotty,
		random_steps, call_steps, call_scenes, phone_steps;
};

extern struct stress_shared *sh;
extern uint64_t stress_seed;

struct rng {
	uint64_t s;
};

void rng_init(struct rng *r, unsigned int worker);

static inline uint32_t rnd(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (uint32_t)(r->s >> 11);
}

static inline unsigned int pick(struct rng *r, unsigned int n)
{
	return n ? rnd(r) % n : 0;
}

static inline bool one_in(struct rng *r, unsigned int n)
{
	return pick(r, n) == 0;
}

static inline bool stopping(void)
{
	return atomic_load(&sh->stop);
}

#define COUNT(c)	atomic_fetch_add(&sh->c, 1)

/* Output a whole line at once (several processes share stdout). */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A failure: counted, said (the first ones), the run fails. */
void fail(const char *who, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An event reader's memory of one open file, for the invariants. */
struct evtrack {
	enum fd_kind kind;
	bool removed;			/* its last record came */
	bool fresh;			/* no privilege, no call of its own */
	bool monitor_only;		/* asked to monitor, never to own */
	bool lossy;			/* an overflow record: events were lost */
	uint64_t next_seq, last_ts;
	uint32_t ended[16];		/* calls this file saw go idle */
	unsigned int nended;
	uint32_t calls[KNOWN_CALLS];	/* calls it heard of, newest first */
	uint32_t state[KNOWN_CALLS];
};

void evtrack_init(struct evtrack *t, enum fd_kind kind);
/* Read what is queued on @fd and check each record; false once it is gone. */
bool read_events(const char *who, int fd, struct evtrack *t, struct rng *r);
void learn_call(struct evtrack *t, uint32_t id, uint32_t state);
void forget_call(struct evtrack *t, uint32_t id);
uint32_t known_call(struct evtrack *t, struct rng *r, uint32_t states);
bool talking(const struct evtrack *t, uint32_t id);

/* The ioctls: each with the errors the interface documents for it. */
struct ioc {
	unsigned long cmd;
	const char *name;
	enum fd_kind kind;
	unsigned int errs;	/* ERR_* bits beyond EFAULT and ENODEV */
	int rsv;		/* offset of a field that must be zero, or -1 */
};

enum {
	ERR_EINVAL = 1 << 0, ERR_ENOENT = 1 << 1, ERR_EPERM = 1 << 2,
	ERR_EBUSY = 1 << 3, ERR_EOPNOTSUPP = 1 << 4, ERR_ENOSPC = 1 << 5,
	ERR_ESRCH = 1 << 6, ERR_EALREADY = 1 << 7, ERR_ENODATA = 1 << 8,
	ERR_ENOMEM = 1 << 9, ERR_EMFILE = 1 << 10,
};

extern const struct ioc iocs[];
extern const unsigned int n_iocs;
const struct ioc *ioc_of(unsigned long cmd);

/* How an argument is known to be wrong, besides the errno it must give. */
enum { BAD_NONE = 0, BAD_RANDOM = -1, BAD_READONLY = -2 };

/*
 * Call ioctl @cmd on @fd (of @kind, tracked by @t or NULL) with @arg, and
 * check the outcome: an errno it may return, and the invariants @t knows
 * (after a removal everything is ENODEV; a file without privileges controls
 * no call). @bad: BAD_NONE for a valid argument, BAD_RANDOM for random
 * bytes, BAD_READONLY for one the result cannot be written to, or the
 * errno (EFAULT, EINVAL, ENOTTY) that alone may come of it (or ENODEV).
 */
long xioctl(const char *who, int fd, struct evtrack *t, unsigned long cmd, void *arg,
	    int bad);
/* A system call that returned @ret: failure unless an errno of @allowed (0-ended). */
void expect_errno(const char *who, const char *what, long ret, const int *allowed);

/* Find live lines: the device number of the line with address @number, or -1. */
int line_dev_of(unsigned int number);
int open_dev(enum fd_kind kind, int dev);
int sim_debugfs(unsigned int number, const char *file, const char *cmd);

/* Run @fn[0..n-1] as threads, thread i with seed index @idx + i; wait for them. */
void run_threads(const char *name, void *(*const *fn)(void *), unsigned int n,
		 unsigned int idx);

/* The workers; each returns when sh->stop is set. */
void ioctl_worker(unsigned int idx);
void audio_worker(unsigned int idx);
void fd_race_worker(unsigned int idx);
void calls_worker(unsigned int idx);
void phone_worker(unsigned int idx);

/* The configfs exchanges and the module (the main process, root). */
void cfg_setup(const char *sim_ko);
/* One step, at random: what it did. */
const char *cfg_step(struct rng *r);
void cfg_reload(void);
void cfg_teardown(void);

/* Fill @buf with a random argument for @io that is mostly valid. */
void fill_arg(const struct ioc *io, void *buf, struct evtrack *t, struct rng *r);

#endif
