/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tapictl's commands, a file per group as v4l2-ctl has them (devices,
 * calls, audio, the exchange, locations), and what they share: tapictl.c
 * holds main(), the usage, libtapi's start and messages, names of TAPI's
 * constants and the parsing of arguments.
 */
#ifndef TAPICTL_H
#define TAPICTL_H

#include <stdint.h>
#include <stdio.h>
#include <tapi.h>

/* exit statuses (tapictl(1)) */
enum { EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_NODEV = 3, EXIT_TIMEOUT = 4, EXIT_FILE = 5 };

#define API_VERSION 0x00020002

/* a TAPI constant and its name, in tables ending with { 0, NULL } */
struct name { DWORD v; const char *s; };

/* a call tapictl placed, answered or took over */
struct call {
	HCALL h;
	DWORD state;		/* its last LINE_CALLSTATE */
	DWORD reason;		/* why it was disconnected */
	double timeout_s;	/* -t */
};

/* audio as the line carries it: 8 kHz, 16-bit, mono */
struct audio {
	int16_t *s;
	size_t n;
};

/* tapictl.c: messages, names, lines and arguments every command uses */
extern DWORD num_devs;		/* lines libtapi reported at tapi_start() */
extern HLINEAPP app;		/* tapi_start()'s */
extern const struct name devstates[];
extern const struct name digitmodes[];
extern const struct name disconnects[];
extern const struct name mediamodes[];
extern const struct name statusflags[];
extern const struct name tonemodes[];
extern int msg_fd;		/* readable while messages wait */
LINEDEVCAPS *dev_caps(DWORD dev);
const char *err_name(LONG e);
const char *name_of(const struct name *t, DWORD v);
const char *flags_of(const struct name *t, DWORD v, char *buf, size_t len);
const char *state_name(DWORD s);
const char *vstr(const void *s, DWORD size, DWORD offset, char *buf, size_t len);
double now_s(void);
int count_arg(int opt, const char *arg, long max, long *v);
int is_phone(const char *arg);
int next_message(double timeout_s, LINEMESSAGE *m);
int open_line(DWORD dev, DWORD priv, DWORD media, HLINE *line);
int poll_message(DWORD ms, LINEMESSAGE *m);
int seconds_arg(int opt, const char *arg, double *v);
int tapi_start(void);
long dev_number(const char *arg);
long line_arg(const char *arg, int *status);
void *vstruct(size_t size);
void line_address(DWORD dev, char *buf, size_t len);
void print_message(const LINEMESSAGE *m);
void timeline(const char *fmt, ...);
void usage(FILE *f);

/* tapictl_devices.c: list, info, status, watch */
int cmd_info(const char *arg, int status_only);
int cmd_list(void);
int cmd_watch(int argc, char **argv);

/* tapictl_calls.c: call, answer, hangup, dtmf */
int attach(const char *arg, struct call *c, HLINE *line);
int cmd_answer(int argc, char **argv);
int cmd_call(int argc, char **argv);
int cmd_dtmf(int argc, char **argv);
int cmd_hangup(int argc, char **argv);
int ended(const struct call *c);
void detach(struct call *c, HLINE line);
void follow(struct call *c, const LINEMESSAGE *m);
void show_caller_id(const struct call *c);

/* tapictl_audio.c: play, record, compare; the media of a connected call */
int cmd_compare(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_record(int argc, char **argv);
int load_audio(const char *path, struct audio *a);
int media(struct call *c, const char *digits, const struct audio *play,
	  const char *record_path, double hold_s);

/* tapictl_exchange.c: sim ... (tapi_sim's configfs tree) */
int cmd_sim(int argc, char **argv);

/* tapictl_location.c: tapictl location ... (argv[0] is "location") */
int cmd_location(int argc, char **argv);

#endif
