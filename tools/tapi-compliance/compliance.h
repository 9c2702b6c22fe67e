/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tapi-compliance: what every part of the tool shares. A check is a
 * function that talks to the devices through the uAPI alone and reports
 * failures with fail() (or the EXPECT helpers); main.c runs each one in a
 * child process of its own, so a check that hangs or crashes fails alone
 * and the files it opened (its calls, its generations) go with it.
 */
#ifndef TAPI_COMPLIANCE_H
#define TAPI_COMPLIANCE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/tapi.h>

/* What a check needs beyond the line's capabilities (struct check.needs). */
enum {
	NEED_LINE = 0x1,	/* a line device */
	NEED_PHONE = 0x2,	/* --phone */
	NEED_CALLER = 0x4,	/* --call-from: another line that calls this one */
	NEED_REMOVE = 0x8,	/* --remove-cmd: a way to remove the device */
};

struct check {
	const char *name;	/* printed as is: area.what */
	void (*run)(void);
	unsigned int needs;	/* NEED_* */
	uint64_t caps;		/* TAPI_LINE_CAP_* the line must all have */
};

/* The devices under test and the options, set up by main.c. */
struct ctx {
	const char *line;		/* path of the line device, or NULL */
	const char *phone;		/* path of the phone device, or NULL */
	const char *caller;		/* --call-from */
	const char *number;		/* --number, else the line's address */
	const char *remove_cmd;		/* --remove-cmd */
	struct tapi_line_info info;	/* the line's, read at start */
	struct tapi_phone_info pinfo;	/* the phone's */
};

extern struct ctx ctx;

/* The checks of each part, each list ending with an empty entry. */
extern const struct check ioctl_checks[];
extern const struct check line_checks[];
extern const struct check event_checks[];
extern const struct check signal_checks[];
extern const struct check audio_checks[];
extern const struct check call_checks[];
extern const struct check priv_checks[];
extern const struct check incoming_checks[];
extern const struct check phone_checks[];
extern const struct check limit_checks[];
extern const struct check removal_checks[];

/* Reporting (main.c): the running check failed, with why (the first is told). */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The running check cannot be done on this device after all. */
void unsupported(const char *why);
bool failed(void);

/* The errno's name ("EINVAL"), "0" for success. @err: an errno or -errno. */
const char *errname(int err);

/*
 * Expectations: true when met; when not, the check fails with @what and
 * what was seen. @ret is an ioctl's result as xioctl() gives it.
 */
bool expect_err(int ret, int want, const char *what, ...)
	__attribute__((format(printf, 3, 4)));
bool expect_ok(int ret, const char *what, ...) __attribute__((format(printf, 2, 3)));
#define EXPECT(cond, ...) ((cond) ? true : (fail(__VA_ARGS__), false))

/* Device helpers (util.c) */
int xioctl(int fd, unsigned long req, void *arg);	/* 0 or -errno */
int xioctl_v(int fd, unsigned long req, unsigned long arg);
int open_line(int flags);	/* ctx.line, O_RDWR | O_CLOEXEC | flags; fd or -errno */
int open_phone(int flags);
int open_path(const char *path, int flags);
uint64_t now_ns(void);
int line_status(int fd, struct tapi_line_status *st);
int status_events(int fd, uint32_t states);
int set_priv(int fd, uint32_t privs, uint32_t media, uint32_t prio);
int make_call(int fd, const char *dial, uint32_t media);	/* call ID or -errno */
int call_op(int fd, unsigned long req, uint32_t call_id);
int call_info(int fd, uint32_t call_id, struct tapi_call_info *ci);
int call_priv(int fd, uint32_t call_id, uint32_t priv);
int list_calls(int fd, uint32_t flags);				/* count or -errno */
int generate(int fd, uint32_t call_id, const char *digits, uint32_t tag);
int audio_open(int fd, uint32_t call_id, uint32_t format, uint32_t chunk_ms,
	       uint32_t flags);					/* fd or -errno */

/*
 * Events: the next record of @type (0: any) on @fd within @ms, skipping
 * others: 1 with it in *ev, 0 if none came, -errno if read failed.
 */
int next_event(int fd, uint32_t type, struct tapi_event *ev, int ms);
/* Exactly @n records within @ms (all types): how many came. */
int read_records(int fd, struct tapi_event *ev, int n, int ms);
/* Read whatever is queued now (the file is non-blocking). */
void drain(int fd);
/* The next call state record of call @id on @fd: its state, or 0. */
uint32_t next_state(int fd, uint32_t id, struct tapi_event *ev, int ms);
/* Expect the next call state of call @id on @fd to be @state with @priv. */
bool expect_state(int fd, uint32_t id, uint32_t state, uint32_t priv, const char *who);

/* A thread blocked in read() (one record) or poll() (POLLIN) on a file. */
struct waiter {
	int fd;
	bool poll;
	atomic_bool done;
	ssize_t ret;
	int err;
	short revents;
	struct tapi_event ev;
};
/* Start one on @fd (false, and failed, if it cannot be). */
bool start_waiter(struct waiter *w, int fd, bool use_poll);
/* Whether it has returned, waiting until @deadline (CLOCK_MONOTONIC ns). */
bool waiter_woke(struct waiter *w, uint64_t deadline);

/* A page of memory that can be read but not written, holding @len bytes of @src. */
void *ro_page(const void *src, size_t len);
void free_page(void *p);
/* The lowest descriptor number free now (a descriptor leak moves it). */
int lowest_free_fd(void);
/* Each 32-bit word of @nwords at @base (inside @buf of @size) set in turn:
 * the ioctl must fail with EINVAL every time.
 */
void expect_reserved(int fd, unsigned long req, const void *valid, size_t size,
		     size_t offset, size_t nwords, const char *what);

/* One ioctl of the uAPI (ioctls.c): its number, argument size, name. */
struct ioctl_desc {
	unsigned long req;
	const char *name;
	bool phone;		/* a phone device's */
	bool stream;		/* an audio stream's */
};
extern const struct ioctl_desc uapi_ioctls[];

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define VOICE TAPI_MEDIA_INTERACTIVEVOICE
/* Events come within this long, even on a slow emulated machine. */
#define EVENT_MS 5000

#endif
