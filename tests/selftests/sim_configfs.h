/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tapi_sim kselftests' (tapi_sim_*_test.c) way into its configuration
 * in configfs: attributes, exchanges and their lines made, brought live
 * and removed, lines opened as the owner of voice calls, calls and their
 * events, tones listened for. sim_configfs.c has them, linked into each
 * program; sim_fixture.h the tests' fixture.
 */
#ifndef TAPI_SIM_CONFIGFS_H
#define TAPI_SIM_CONFIGFS_H

#include <stddef.h>

#include <linux/tapi.h>

#define CFG	"/sys/kernel/config/tapi_sim"
#define VOICE	TAPI_MEDIA_INTERACTIVEVOICE

/* Write @val to @path; 0 or -errno. */
int put(const char *path, const char *val);

/* Read @path into @buf without the newline; 0 or -errno. */
int get(const char *path, char *buf, size_t size);

/* Attribute @name of configfs directory @dir, or "<errno N>". */
const char *attr(const char *dir, const char *name);
int mk(const char *path);
int rm(const char *path);

/* The device node of configfs line @line ("/dev/tapiN"), or "" when none. */
void dev_of(const char *line, char *out, size_t size);

/* The next event of @type on @fd within @ms: 1 with it in *ev, else 0. */
int next_event(int fd, unsigned int type, struct tapi_event *ev, int ms);
int set_owner(int fd);
int make_call(int fd, const char *dial);

/* Take exchange @ex down and remove it with every line directory in it. */
void remove_exchange(const char *ex);

/*
 * Lines @numbers (space-separated) in exchange @ex, tone zone @zone, with
 * call waiting when @cw; then the exchange goes live. 0 or -errno.
 */
int add_lines(const char *ex, const char *numbers, const char *zone, int cw);

/* Open live line @number of @ex as the owner of voice calls: fd or -errno. */
int own_line(const char *ex, const char *number);

/*
 * Make line @number in exchange @ex (tone zone @zone), bring it live, open
 * it as the owner of voice calls; the descriptor, or -errno.
 */
int live_line(const char *ex, const char *number, const char *zone);
int call_op(int fd, unsigned long ioc, unsigned int id);

/* Listen on @fd's line for one tone (@f1 [+ @f2] Hz, at least @ms long). */
int listen_for(int fd, unsigned int f1, unsigned int f2, unsigned int ms);

/* Whether the tone listened for is heard on @fd within @ms. */
int heard(int fd, int ms);

/* True when no call state comes on @fd within @ms. */
int quiet_state(int fd, int ms);

/* Drain whatever is queued on @fd. */
void drain(int fd);

#endif
