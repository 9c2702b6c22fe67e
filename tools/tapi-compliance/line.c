// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: a line device's own ioctls: what it says it is
 * (GET_LINE_INFO, LINE_STATUS), the line state events it tells the files
 * that ask, naming a file, message waiting, and that each feature the
 * line lacks (its caps) is refused with EOPNOTSUPP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"

static bool terminated(const char *s, size_t size)
{
	return memchr(s, 0, size) != NULL;
}

static void info_fields(void)
{
	const struct tapi_line_info *i = &ctx.info;
	struct tapi_line_info again;
	char real[PATH_MAX];
	unsigned int n;
	int fd;

	EXPECT(i->api_version >> 16 == TAPI_API_VERSION_MAJOR,
	       "api_version 0x%x: major %u, this tool knows %u", i->api_version,
	       i->api_version >> 16, TAPI_API_VERSION_MAJOR);
	EXPECT(i->line_type == TAPI_LINE_TYPE_SUBSCRIBER || i->line_type == TAPI_LINE_TYPE_TRUNK,
	       "line_type %u is neither subscriber nor trunk", i->line_type);
	EXPECT(!i->flags, "flags %u returned", i->flags);
	EXPECT(terminated(i->name, sizeof(i->name)) && i->name[0], "name empty or unterminated");
	EXPECT(terminated(i->driver, sizeof(i->driver)) && i->driver[0],
	       "driver empty or unterminated");
	EXPECT(terminated(i->address, sizeof(i->address)), "address unterminated");
	EXPECT(i->event_queue_len > 0, "event_queue_len 0");
	for (size_t k = 0; k < ARRAY_LEN(i->reserved); k++)
		EXPECT(!i->reserved[k], "reserved[%zu] returned as %u", k, i->reserved[k]);
	/* /dev/tapiN is line N (a udev link names the same node) */
	if (realpath(ctx.line, real) && sscanf(basename(real), "tapi%u", &n) == 1 &&
	    strncmp(basename(real), "tapiphone", 9))
		EXPECT(i->line_id == n, "line_id %u for %s", i->line_id, real);
	/* another file is told the same */
	fd = open_line(O_NONBLOCK);
	if (!expect_ok(fd, "open"))
		return;
	memset(&again, 0, sizeof(again));
	if (expect_ok(xioctl(fd, TAPI_IOC_GET_LINE_INFO, &again), "GET_LINE_INFO"))
		EXPECT(!memcmp(&again, i, sizeof(again)), "a second file was told other things");
	close(fd);
}

static void info_rejects(void)
{
	struct tapi_line_info info = { .flags = 1 };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(xioctl(fd, TAPI_IOC_GET_LINE_INFO, &info), EINVAL, "GET_LINE_INFO, flags 1");
	/* a refused call leaves the caller's structure as it was */
	EXPECT(info.flags == 1 && !info.api_version && !info.caps && !info.name[0],
	       "GET_LINE_INFO refused, yet wrote into the structure");
	memset(&info, 0, sizeof(info));
	expect_reserved(fd, TAPI_IOC_GET_LINE_INFO, &info, sizeof(info),
			offsetof(struct tapi_line_info, reserved), ARRAY_LEN(info.reserved),
			"GET_LINE_INFO");
	close(fd);
}

static void status_fields(void)
{
	struct tapi_line_status st, st2;
	uint32_t rings;
	int fd = open_line(O_NONBLOCK), fd2;

	if (!expect_ok(fd, "open"))
		return;
	st = (struct tapi_line_status){ .flags = 1 };
	expect_err(xioctl(fd, TAPI_IOC_LINE_STATUS, &st), EINVAL, "LINE_STATUS, flags 1");
	memset(&st, 0, sizeof(st));
	expect_reserved(fd, TAPI_IOC_LINE_STATUS, &st, sizeof(st),
			offsetof(struct tapi_line_status, reserved), ARRAY_LEN(st.reserved),
			"LINE_STATUS");
	if (!expect_ok(line_status(fd, &st), "LINE_STATUS"))
		goto out;
	EXPECT(st.status & TAPI_STATUS_CONNECTED, "status 0x%x lacks CONNECTED", st.status);
	EXPECT(!(st.status & ~(TAPI_STATUS_CONNECTED | TAPI_STATUS_MSGWAIT | TAPI_STATUS_INSERVICE)),
	       "status 0x%x has unknown bits", st.status);
	EXPECT(st.num_opens >= 1, "num_opens %u with this file open", st.num_opens);
	EXPECT(st.num_active + st.num_offering + st.num_onhold <= st.num_calls,
	       "active %u + offering %u + on hold %u calls, of %u", st.num_active,
	       st.num_offering, st.num_onhold, st.num_calls);
	EXPECT(st.hook == TAPI_HOOK_ONHOOK || st.hook == TAPI_HOOK_OFFHOOK, "hook %u", st.hook);
	if (!(ctx.info.caps & TAPI_LINE_CAP_HOOK_EVENTS))
		EXPECT(st.hook == TAPI_HOOK_ONHOOK, "hook off without HOOK_EVENTS");
	for (size_t k = 0; k < ARRAY_LEN(st.reserved); k++)
		EXPECT(!st.reserved[k], "reserved[%zu] returned as %u", k, st.reserved[k]);

	/* num_opens counts files; num_rings is the fewest any file asked for */
	fd2 = open_line(O_NONBLOCK);
	if (!expect_ok(fd2, "open a second file"))
		goto out;
	if (expect_ok(line_status(fd, &st2), "LINE_STATUS"))
		EXPECT(st2.num_opens == st.num_opens + 1, "num_opens %u, then %u with one more open",
		       st.num_opens, st2.num_opens);
	rings = 3;
	expect_ok(xioctl(fd, TAPI_IOC_SET_NUM_RINGS, &rings), "SET_NUM_RINGS 3");
	rings = 0;
	expect_ok(xioctl(fd2, TAPI_IOC_SET_NUM_RINGS, &rings), "SET_NUM_RINGS 0");
	if (expect_ok(line_status(fd, &st2), "LINE_STATUS"))
		EXPECT(st2.num_rings == 0, "num_rings %u after a file asked for 0", st2.num_rings);
	close(fd2);
	if (expect_ok(line_status(fd, &st2), "LINE_STATUS")) {
		EXPECT(st2.num_rings <= 3 && st2.num_rings > 0,
		       "num_rings %u once the file that asked for 0 closed (this one asked 3)",
		       st2.num_rings);
		EXPECT(st2.num_opens == st.num_opens, "num_opens %u after the second closed, was %u",
		       st2.num_opens, st.num_opens);
	}
	rings = TAPI_NUM_RINGS_NONE;
	expect_ok(xioctl(fd, TAPI_IOC_SET_NUM_RINGS, &rings), "SET_NUM_RINGS NONE");
out:
	close(fd);
}

/* The next line state record on @fd: its param[0], or 0 if none came. */
static uint32_t next_linestate(int fd, struct tapi_event *ev, int ms)
{
	return next_event(fd, TAPI_EVENT_LINE_STATE, ev, ms) == 1 ? ev->param[0] : 0;
}

static void status_events_open_close(void)
{
	int fd = open_line(O_NONBLOCK), quiet = open_line(O_NONBLOCK), other;
	struct tapi_line_status st;
	struct tapi_event ev;
	uint32_t got;

	if (!expect_ok(fd, "open") || !expect_ok(quiet, "open"))
		return;
	if (!expect_ok(status_events(fd, TAPI_LINESTATES), "SET_STATUS_EVENTS all"))
		return;
	other = open_line(O_NONBLOCK);
	if (!expect_ok(other, "open"))
		return;
	expect_ok(line_status(fd, &st), "LINE_STATUS");
	got = next_linestate(fd, &ev, EVENT_MS);
	if (EXPECT(got == TAPI_LINESTATE_OPEN, "another file opened: line state 0x%x", got))
		EXPECT(ev.param[1] == st.num_opens, "OPEN says %u open files, LINE_STATUS %u",
		       ev.param[1], st.num_opens);
	close(other);
	got = next_linestate(fd, &ev, EVENT_MS);
	if (EXPECT(got == TAPI_LINESTATE_CLOSE, "another file closed: line state 0x%x", got))
		EXPECT(ev.param[1] == st.num_opens - 1, "CLOSE says %u open files, expected %u",
		       ev.param[1], st.num_opens - 1);
	/* the file that asked nothing heard nothing (none by default) */
	EXPECT(!next_linestate(quiet, &ev, 100), "a file that asked for none got 0x%x",
	       ev.param[0]);

	/* asking for some: only those */
	expect_ok(status_events(fd, TAPI_LINESTATE_CLOSE), "SET_STATUS_EVENTS CLOSE");
	other = open_line(O_NONBLOCK);
	if (!expect_ok(other, "open"))
		return;
	close(other);
	got = next_linestate(fd, &ev, EVENT_MS);
	EXPECT(got == TAPI_LINESTATE_CLOSE, "asked for CLOSE only: first line state 0x%x", got);
	got = next_linestate(fd, &ev, 200);
	EXPECT(!got, "asked for CLOSE only: then line state 0x%x", got);
	expect_ok(status_events(fd, 0), "SET_STATUS_EVENTS none");
	other = open_line(O_NONBLOCK);
	if (expect_ok(other, "open"))
		close(other);
	got = next_linestate(fd, &ev, 200);
	EXPECT(!got, "asked for none: got line state 0x%x", got);
	close(quiet);
	close(fd);
}

static void status_events_rejects(void)
{
	struct tapi_status_events s = { 0 };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(status_events(fd, TAPI_LINESTATE_REMOVED), EINVAL,
		   "SET_STATUS_EVENTS REMOVED (it always comes)");
	expect_err(status_events(fd, 1), EINVAL, "SET_STATUS_EVENTS 0x1 (not a line state)");
	expect_err(status_events(fd, 0x80000000), EINVAL, "SET_STATUS_EVENTS 0x80000000");
	expect_reserved(fd, TAPI_IOC_SET_STATUS_EVENTS, &s, sizeof(s),
			offsetof(struct tapi_status_events, reserved), ARRAY_LEN(s.reserved),
			"SET_STATUS_EVENTS");
	close(fd);
}

static void set_name(void)
{
	struct tapi_file_name n = { .name = "tapi-compliance" };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_ok(xioctl(fd, TAPI_IOC_SET_NAME, &n), "SET_NAME \"tapi-compliance\"");
	expect_reserved(fd, TAPI_IOC_SET_NAME, &n, sizeof(n),
			offsetof(struct tapi_file_name, reserved), ARRAY_LEN(n.reserved),
			"SET_NAME");
	memset(n.name, 'a', sizeof(n.name));
	expect_err(xioctl(fd, TAPI_IOC_SET_NAME, &n), EINVAL, "SET_NAME unterminated");
	memset(&n, 0, sizeof(n));
	expect_ok(xioctl(fd, TAPI_IOC_SET_NAME, &n), "SET_NAME \"\" (none)");
	close(fd);
}

static void msgwait(void)
{
	struct tapi_line_set ls = { .what = TAPI_LINESET_MSGWAIT, .value = 1 };
	int fd = open_line(O_NONBLOCK), quiet = open_line(O_NONBLOCK);
	struct tapi_line_status st;
	struct tapi_event ev;
	uint32_t got;

	if (!expect_ok(fd, "open") || !expect_ok(quiet, "open"))
		return;
	ls.value = 2;
	expect_err(xioctl(fd, TAPI_IOC_SET_LINE, &ls), EINVAL, "SET_LINE value 2");
	ls = (struct tapi_line_set){ .what = 2 };
	expect_err(xioctl(fd, TAPI_IOC_SET_LINE, &ls), EINVAL, "SET_LINE what 2");
	ls = (struct tapi_line_set){ .what = TAPI_LINESET_MSGWAIT };
	expect_reserved(fd, TAPI_IOC_SET_LINE, &ls, sizeof(ls),
			offsetof(struct tapi_line_set, reserved), ARRAY_LEN(ls.reserved), "SET_LINE");
	/* start from messages not waiting */
	expect_ok(xioctl(fd, TAPI_IOC_SET_LINE, &ls), "SET_LINE msgwait 0");
	expect_ok(status_events(fd, TAPI_LINESTATE_MSGWAITON | TAPI_LINESTATE_MSGWAITOFF),
		  "SET_STATUS_EVENTS MSGWAITON|OFF");
	ls.value = 1;
	if (!expect_ok(xioctl(quiet, TAPI_IOC_SET_LINE, &ls), "SET_LINE msgwait 1 (any file)"))
		goto out;
	got = next_linestate(fd, &ev, EVENT_MS);
	EXPECT(got == TAPI_LINESTATE_MSGWAITON, "messages wait: line state 0x%x", got);
	if (expect_ok(line_status(fd, &st), "LINE_STATUS"))
		EXPECT(st.status & TAPI_STATUS_MSGWAIT, "status 0x%x lacks MSGWAIT", st.status);
	expect_ok(xioctl(fd, TAPI_IOC_SET_LINE, &ls), "SET_LINE msgwait 1 again");
	got = next_linestate(fd, &ev, 200);
	EXPECT(!got, "no change, yet line state 0x%x", got);
	ls.value = 0;
	expect_ok(xioctl(fd, TAPI_IOC_SET_LINE, &ls), "SET_LINE msgwait 0");
	got = next_linestate(fd, &ev, EVENT_MS);
	EXPECT(got == TAPI_LINESTATE_MSGWAITOFF, "messages no longer wait: line state 0x%x", got);
	if (expect_ok(line_status(fd, &st), "LINE_STATUS"))
		EXPECT(!(st.status & TAPI_STATUS_MSGWAIT), "status 0x%x still has MSGWAIT",
		       st.status);
	got = next_linestate(quiet, &ev, 100);
	EXPECT(!got, "a file that asked for none got line state 0x%x", got);
out:
	ls.value = 0;
	xioctl(fd, TAPI_IOC_SET_LINE, &ls);
	close(quiet);
	close(fd);
}

/* Every feature whose capability the line lacks: EOPNOTSUPP. */
static void absent_features(void)
{
	const uint64_t caps = ctx.info.caps;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	if (!(caps & TAPI_LINE_CAP_AUDIO)) {
		struct tapi_media_control m = { 0 };

		expect_err(audio_open(fd, 0, TAPI_AUDIO_LINEAR16, 20, 0), EOPNOTSUPP,
			   "AUDIO_OPEN without CAP_AUDIO");
		expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), EOPNOTSUPP,
			   "MEDIA_CONTROL without CAP_AUDIO");
	}
	if (!(caps & TAPI_LINE_CAP_DTMF_GENERATE))
		expect_err(generate(fd, 0, "1", 0), EOPNOTSUPP,
			   "GENERATE_DIGITS DTMF without CAP_DTMF_GENERATE");
	if (!(caps & TAPI_LINE_CAP_PULSE_GENERATE)) {
		struct tapi_generate_digits g = {
			.mode = TAPI_DIGIT_PULSE, .off_ms = 700, .digits = "1",
		};

		expect_err(xioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g), EOPNOTSUPP,
			   "GENERATE_DIGITS pulses without CAP_PULSE_GENERATE");
	}
	if (!(caps & TAPI_LINE_CAP_TONE_GENERATE)) {
		struct tapi_generate_tone t = { .tone = TAPI_TONE_BEEP };

		expect_err(xioctl(fd, TAPI_IOC_GENERATE_TONE, &t), EOPNOTSUPP,
			   "GENERATE_TONE without CAP_TONE_GENERATE");
	}
	if (!(caps & TAPI_LINE_CAP_MEDIA_DETECT)) {
		struct tapi_monitor_media m = { .media_modes = TAPI_MEDIA_G3FAX };

		expect_err(xioctl(fd, TAPI_IOC_MONITOR_MEDIA, &m), EOPNOTSUPP,
			   "MONITOR_MEDIA without CAP_MEDIA_DETECT");
	}
	if (!(caps & TAPI_LINE_CAP_TONE_DETECT)) {
		struct tapi_monitor_tones m = {
			.count = 1, .tones = { { .duration_ms = 100, .freq = { 1000 } } },
		};

		expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EOPNOTSUPP,
			   "MONITOR_TONES without CAP_TONE_DETECT");
	}
	if (!(caps & TAPI_LINE_CAP_DTMF_DETECT)) {
		struct tapi_monitor_digits m = { .modes = TAPI_DIGITMODE_DTMF };
		struct tapi_gather_digits g = { .mode = TAPI_DIGIT_DTMF, .max_digits = 1 };

		expect_err(xioctl(fd, TAPI_IOC_MONITOR_DIGITS, &m), EOPNOTSUPP,
			   "MONITOR_DIGITS DTMF without CAP_DTMF_DETECT");
		expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EOPNOTSUPP,
			   "GATHER_DIGITS DTMF without CAP_DTMF_DETECT");
	}
	if (!(caps & TAPI_LINE_CAP_PULSE_DETECT)) {
		struct tapi_monitor_digits m = { .modes = TAPI_DIGITMODE_PULSE };
		struct tapi_gather_digits g = { .mode = TAPI_DIGIT_PULSE, .max_digits = 1 };

		expect_err(xioctl(fd, TAPI_IOC_MONITOR_DIGITS, &m), EOPNOTSUPP,
			   "MONITOR_DIGITS PULSE without CAP_PULSE_DETECT");
		expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EOPNOTSUPP,
			   "GATHER_DIGITS PULSE without CAP_PULSE_DETECT");
	}
	if (!(caps & TAPI_LINE_CAP_CALLS))
		expect_err(make_call(fd, "", VOICE), EOPNOTSUPP, "MAKE_CALL without CAP_CALLS");
	if (!(caps & TAPI_LINE_CAP_MSGWAIT)) {
		struct tapi_line_set ls = { .what = TAPI_LINESET_MSGWAIT, .value = 1 };

		expect_err(xioctl(fd, TAPI_IOC_SET_LINE, &ls), EOPNOTSUPP,
			   "SET_LINE msgwait without CAP_MSGWAIT");
	}
	close(fd);
}

/* MEDIA_CONTROL for the whole line: its checks, and who may. */
static void media_control(void)
{
	struct tapi_media_control m = { .count = 1, .rules = {
		{ TAPI_MEDIARULE_DIGIT, '#', TAPI_DIGITMODE_DTMF, TAPI_MEDIACTL_RESET },
	} };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), EPERM,
		   "MEDIA_CONTROL of the line by a file that owns no calls");
	if (!expect_ok(set_priv(fd, TAPI_PRIV_OWNER, VOICE, 0), "SET_PRIVILEGES owner"))
		goto out;
	expect_ok(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), "MEDIA_CONTROL of the line by an owner");
	expect_reserved(fd, TAPI_IOC_MEDIA_CONTROL, &m, sizeof(m),
			offsetof(struct tapi_media_control, reserved), ARRAY_LEN(m.reserved),
			"MEDIA_CONTROL");
	m.rules[1].kind = TAPI_MEDIARULE_DIGIT;
	expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), EINVAL, "MEDIA_CONTROL, a rule past count");
	m.rules[1].kind = 0;
	m.rules[0].kind = 3;
	expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), EINVAL, "MEDIA_CONTROL, rule kind 3");
	m.rules[0].kind = TAPI_MEDIARULE_DIGIT;
	m.rules[0].match = 'x';
	expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), EINVAL, "MEDIA_CONTROL, digit 'x'");
	m.rules[0].match = '#';
	m.rules[0].action = TAPI_MEDIACTL_PAUSE | TAPI_MEDIACTL_RESUME;
	expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), EINVAL, "MEDIA_CONTROL, two actions");
	m.rules[0].action = TAPI_MEDIACTL_RESET;
	m.rules[0].kind = TAPI_MEDIARULE_CALLSTATE;
	m.rules[0].match = TAPI_CALL_CONNECTED;
	m.rules[0].modes = 0;
	expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), EINVAL,
		   "MEDIA_CONTROL, a call state rule without a call");
	m.count = TAPI_MEDIA_RULES_MAX + 1;
	expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), EINVAL, "MEDIA_CONTROL, 17 rules");
	m.call_id = 424242;
	m.count = 0;
	memset(m.rules, 0, sizeof(m.rules));
	expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), ENOENT, "MEDIA_CONTROL, unknown call");
	m.call_id = 0;
	expect_ok(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), "MEDIA_CONTROL, no rules (ends it)");
out:
	close(fd);
}

const struct check line_checks[] = {
	{ "info.fields", info_fields, NEED_LINE, 0 },
	{ "info.rejects-flags-and-reserved", info_rejects, NEED_LINE, 0 },
	{ "line-status.fields-and-counts", status_fields, NEED_LINE, 0 },
	{ "status-events.open-and-close", status_events_open_close, NEED_LINE, 0 },
	{ "status-events.rejects-bad-input", status_events_rejects, NEED_LINE, 0 },
	{ "set-name", set_name, NEED_LINE, 0 },
	{ "set-line.message-waiting", msgwait, NEED_LINE, TAPI_LINE_CAP_MSGWAIT },
	{ "caps.absent-features-eopnotsupp", absent_features, NEED_LINE, 0 },
	{ "media-control.line", media_control, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ 0 }
};
