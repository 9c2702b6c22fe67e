// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: privileges between files of one line (TAPI's
 * LINECALLPRIVILEGE_*). One file owns a call it made; another monitors
 * it; a third knows nothing of it. Only owners control a call: a monitor
 * gets EPERM for anything that would change it, what it hears included
 * (digits and tones into it, its audio, another's generation cancelled),
 * and a file that does not know the call gets ENOENT. What any file may
 * do: become a monitor, adopt the line's calls, ask for ownership.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"

struct trio {
	int own, mon, none;
	uint32_t id;
};

/* @t->own makes a call (dial tone), @t->mon monitors, @t->none knows nothing. */
static bool setup(struct trio *t)
{
	int id;

	t->own = open_line(O_NONBLOCK);
	t->mon = open_line(O_NONBLOCK);
	t->none = open_line(O_NONBLOCK);
	if (!expect_ok(t->own, "open") || !expect_ok(t->mon, "open") || !expect_ok(t->none, "open"))
		return false;
	id = make_call(t->own, "", VOICE);
	if (!expect_ok(id, "MAKE_CALL \"\""))
		return false;
	t->id = id;
	if (!expect_state(t->own, t->id, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER, "the owner"))
		return false;
	return expect_ok(set_priv(t->mon, TAPI_PRIV_MONITOR, 0, 0), "SET_PRIVILEGES MONITOR");
}

static void teardown(struct trio *t)
{
	close(t->none);
	close(t->mon);
	close(t->own);
}

/* Every request on the call by @fd: @err (ENOENT or EPERM). */
static void control_refused(int fd, uint32_t id, int err, const char *who)
{
	struct tapi_dial d = { .call_id = id, .dial = "1" };
	struct tapi_handoff h = { .call_id = id, .media_mode = TAPI_MEDIA_G3FAX };
	struct tapi_handoff_name hn = { .call_id = id, .name = "tapi-compliance" };
	struct tapi_call_set s = { .call_id = id, .what = TAPI_CALLSET_APPSPECIFIC };
	struct tapi_media_control m = { .call_id = id };

	expect_err(call_op(fd, TAPI_IOC_DROP, id), err, "DROP by %s", who);
	expect_err(call_op(fd, TAPI_IOC_ANSWER, id), err, "ANSWER by %s", who);
	expect_err(call_op(fd, TAPI_IOC_ACCEPT, id), err, "ACCEPT by %s", who);
	expect_err(xioctl(fd, TAPI_IOC_DIAL, &d), err, "DIAL by %s", who);
	expect_err(xioctl(fd, TAPI_IOC_HANDOFF, &h), err, "HANDOFF by %s", who);
	expect_err(xioctl(fd, TAPI_IOC_HANDOFF_NAME, &hn), err, "HANDOFF_NAME by %s", who);
	expect_err(xioctl(fd, TAPI_IOC_SET_CALL, &s), err, "SET_CALL by %s", who);
	if (ctx.info.caps & TAPI_LINE_CAP_AUDIO)
		expect_err(xioctl(fd, TAPI_IOC_MEDIA_CONTROL, &m), err, "MEDIA_CONTROL by %s", who);
}

/* @fd's requests to generate into the call: @err. */
static void generation_refused(int fd, uint32_t id, int err, const char *who)
{
	struct tapi_generate_tone t = { .call_id = id, .tone = TAPI_TONE_BEEP };

	if (ctx.info.caps & TAPI_LINE_CAP_DTMF_GENERATE)
		expect_err(generate(fd, id, "1", 0), err, "GENERATE_DIGITS into the call by %s", who);
	if (ctx.info.caps & TAPI_LINE_CAP_TONE_GENERATE)
		expect_err(xioctl(fd, TAPI_IOC_GENERATE_TONE, &t), err,
			   "GENERATE_TONE into the call by %s", who);
}

static void unknown_to_others(void)
{
	struct tapi_call_data cd = { 0 };
	struct tapi_call_info ci;
	struct tapi_monitor_digits md = { 0 };
	struct tapi_gather_digits g = { .mode = TAPI_DIGIT_DTMF, .max_digits = 1 };
	struct trio t;

	if (!setup(&t))
		return;
	control_refused(t.none, t.id, ENOENT, "a file that does not know the call");
	generation_refused(t.none, t.id, ENOENT, "a file that does not know the call");
	expect_err(call_info(t.none, t.id, &ci), ENOENT, "CALL_INFO by a file that does not know it");
	expect_err(call_priv(t.none, t.id, TAPI_PRIV_OWNER), ENOENT,
		   "SET_CALL_PRIVILEGE by a file that does not know it");
	cd.call_id = t.id;
	expect_err(xioctl(t.none, TAPI_IOC_CALL_DATA, &cd), ENOENT,
		   "CALL_DATA by a file that does not know it");
	md.call_id = t.id;
	expect_err(xioctl(t.none, TAPI_IOC_MONITOR_DIGITS, &md), ENOENT,
		   "MONITOR_DIGITS of the call by a file that does not know it");
	if (ctx.info.caps & TAPI_LINE_CAP_DTMF_DETECT) {
		g.call_id = t.id;
		expect_err(xioctl(t.none, TAPI_IOC_GATHER_DIGITS, &g), ENOENT,
			   "GATHER_DIGITS on the call by a file that does not know it");
	}
	if (ctx.info.caps & TAPI_LINE_CAP_AUDIO)
		expect_err(audio_open(t.none, t.id, TAPI_AUDIO_ULAW, 20, 0), ENOENT,
			   "AUDIO_OPEN of the call by a file that does not know it");
	teardown(&t);
}

static void monitor_cannot_control(void)
{
	struct tapi_call_info ci;
	struct trio t;

	if (!setup(&t))
		return;
	control_refused(t.mon, t.id, EPERM, "a monitor");
	expect_err(call_priv(t.mon, t.id, 3), EINVAL, "SET_CALL_PRIVILEGE 0x3 by a monitor");
	/* the call is as it was */
	if (expect_ok(call_info(t.own, t.id, &ci), "CALL_INFO"))
		EXPECT(ci.state == TAPI_CALL_DIALTONE && ci.privilege == TAPI_PRIV_OWNER,
		       "after a monitor's refused requests the call is in state 0x%x, owned 0x%x",
		       ci.state, ci.privilege);
	teardown(&t);
}

static void monitor_cannot_generate(void)
{
	struct trio t;

	if (!(ctx.info.caps & (TAPI_LINE_CAP_DTMF_GENERATE | TAPI_LINE_CAP_TONE_GENERATE))) {
		unsupported("not supported by this device");
		return;
	}
	if (!setup(&t))
		return;
	generation_refused(t.mon, t.id, EPERM, "a monitor");
	EXPECT(!next_event(t.own, TAPI_EVENT_GENERATE, &(struct tapi_event){ 0 }, 300),
	       "a monitor's generation ended something (TAPI_EVENT_GENERATE)");
	teardown(&t);
}

/* The owner's generation on the call: a monitor cannot cancel it. */
static void monitor_cannot_cancel(void)
{
	struct tapi_generate_tone stop = { 0 };
	struct tapi_event ev;
	struct trio t;

	if (!setup(&t))
		return;
	if (!expect_ok(generate(t.own, t.id, "1234567890", 21), "GENERATE_DIGITS by the owner"))
		goto out;
	expect_err(generate(t.mon, t.id, "", 0), EPERM,
		   "GENERATE_DIGITS \"\" (cancel) of the owner's digits by a monitor");
	stop.call_id = t.id;
	if (ctx.info.caps & TAPI_LINE_CAP_TONE_GENERATE)
		expect_err(xioctl(t.mon, TAPI_IOC_GENERATE_TONE, &stop), EPERM,
			   "GENERATE_TONE 0 (cancel) of the owner's digits by a monitor");
	if (next_event(t.own, TAPI_EVENT_GENERATE, &ev, 300) == 1)
		fail("the owner's generation ended after a monitor's cancel (how %u)", ev.param[1]);
	/* the owner may */
	if (expect_ok(generate(t.own, t.id, "", 0), "GENERATE_DIGITS \"\" by the owner") &&
	    EXPECT(next_event(t.own, TAPI_EVENT_GENERATE, &ev, EVENT_MS) == 1,
		   "no event when the owner cancelled"))
		EXPECT(ev.param[1] == TAPI_GENERATE_CANCELLED && ev.param[2] == 21,
		       "the owner's cancel: how %u, tag %u", ev.param[1], ev.param[2]);
out:
	teardown(&t);
}

static void monitor_audio_read_only(void)
{
	struct pollfd p = { .events = POLLIN };
	unsigned char buf[160] = { 0 };
	struct trio t;
	int s, so;

	if (!setup(&t))
		return;
	s = audio_open(t.mon, t.id, TAPI_AUDIO_ULAW, 20, O_NONBLOCK);
	if (expect_ok(s, "AUDIO_OPEN of the call by a monitor (it may listen)")) {
		expect_err(write(s, buf, sizeof(buf)) < 0 ? -errno : 0, EPERM,
			   "write to a monitor's stream of the call");
		p.fd = s;
		EXPECT(poll(&p, 1, 2000) == 1 && read(s, buf, sizeof(buf)) == sizeof(buf),
		       "a monitor's stream of the call cannot be read");
		close(s);
	}
	so = audio_open(t.own, t.id, TAPI_AUDIO_ULAW, 20, O_NONBLOCK);
	if (expect_ok(so, "AUDIO_OPEN of the call by its owner")) {
		EXPECT(write(so, buf, sizeof(buf)) == sizeof(buf), "write to the owner's stream: %s",
		       errname(errno));
		close(so);
	}
	teardown(&t);
}

/* A monitor asks about the call and listens to it. */
static void monitor_may_ask(void)
{
	struct tapi_monitor_digits md = { .modes = 0 };
	struct tapi_gather_digits g = { .mode = TAPI_DIGIT_DTMF, .max_digits = 2 };
	struct tapi_call_info ci;
	struct trio t;

	if (!setup(&t))
		return;
	if (expect_ok(call_info(t.mon, t.id, &ci), "CALL_INFO by a monitor"))
		EXPECT(ci.privilege == TAPI_PRIV_MONITOR && ci.state == TAPI_CALL_DIALTONE,
		       "CALL_INFO by a monitor: privilege 0x%x, state 0x%x", ci.privilege, ci.state);
	md.call_id = t.id;
	expect_ok(xioctl(t.mon, TAPI_IOC_MONITOR_DIGITS, &md), "MONITOR_DIGITS of the call by a monitor");
	if (ctx.info.caps & TAPI_LINE_CAP_DTMF_DETECT) {
		g.call_id = t.id;
		expect_ok(xioctl(t.mon, TAPI_IOC_GATHER_DIGITS, &g),
			  "GATHER_DIGITS on the call by a monitor");
	}
	/* the owner hangs up: the monitor hears the end */
	if (expect_ok(call_op(t.own, TAPI_IOC_DROP, t.id), "DROP by the owner"))
		expect_state(t.mon, t.id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR, "the monitor");
	teardown(&t);
}

/* Any file may adopt the line's calls and ask to own one; owners may let go. */
static void adopt_and_own(void)
{
	struct tapi_call_info ci;
	struct tapi_event ev;
	struct trio t;
	int n;

	if (!setup(&t))
		return;
	n = list_calls(t.none, TAPI_LIST_ADOPT);
	EXPECT(n == 1, "LIST_CALLS ADOPT: %d calls", n);
	if (expect_ok(call_info(t.none, t.id, &ci), "CALL_INFO after adopting"))
		EXPECT(ci.privilege == TAPI_PRIV_MONITOR, "adopted with privilege 0x%x", ci.privilege);
	EXPECT(next_state(t.none, 0, &ev, 100) == 0, "adopting announced the call");
	/* the sole owner cannot forget a live call */
	expect_err(call_priv(t.own, t.id, TAPI_PRIV_NONE), EBUSY,
		   "SET_CALL_PRIVILEGE NONE by the sole owner");
	if (!expect_ok(call_priv(t.none, t.id, TAPI_PRIV_OWNER), "SET_CALL_PRIVILEGE OWNER by an adopter"))
		goto out;
	/* with another owner, the first may step down or forget */
	expect_ok(call_priv(t.own, t.id, TAPI_PRIV_MONITOR), "SET_CALL_PRIVILEGE MONITOR by the first owner");
	expect_err(call_op(t.own, TAPI_IOC_DROP, t.id), EPERM, "DROP by the owner turned monitor");
	if (expect_ok(call_op(t.none, TAPI_IOC_DROP, t.id), "DROP by the new owner")) {
		expect_state(t.none, t.id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER, "the new owner");
		expect_state(t.own, t.id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR, "the former owner");
		expect_state(t.mon, t.id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR, "the monitor");
	}
out:
	teardown(&t);
}

static void handoff(void)
{
	struct tapi_handoff h;
	struct tapi_handoff_name hn = { 0 };
	struct tapi_file_name fn = { .name = "tapi-compliance-b" };
	struct tapi_event ev;
	struct trio t;
	int fax;

	if (!setup(&t))
		return;
	fax = open_line(O_NONBLOCK);
	if (!expect_ok(fax, "open") ||
	    !expect_ok(set_priv(fax, TAPI_PRIV_OWNER, TAPI_MEDIA_G3FAX, 1), "SET_PRIVILEGES OWNER FAX"))
		goto out;
	h = (struct tapi_handoff){ .call_id = t.id, .media_mode = TAPI_MEDIA_TDD };
	expect_err(xioctl(t.own, TAPI_IOC_HANDOFF, &h), ESRCH, "HANDOFF to TDD, which nobody owns");
	h.media_mode = VOICE | TAPI_MEDIA_G3FAX;
	expect_err(xioctl(t.own, TAPI_IOC_HANDOFF, &h), EINVAL, "HANDOFF to two modes");
	if (expect_ok(set_priv(t.own, TAPI_PRIV_OWNER, VOICE, 9), "SET_PRIVILEGES OWNER VOICE")) {
		h.media_mode = VOICE;
		expect_err(xioctl(t.own, TAPI_IOC_HANDOFF, &h), EALREADY,
			   "HANDOFF to VOICE, owned by this file");
	}
	h.media_mode = TAPI_MEDIA_G3FAX;
	if (expect_ok(xioctl(t.own, TAPI_IOC_HANDOFF, &h), "HANDOFF to FAX"))
		expect_state(fax, t.id, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER, "the fax owner");
	/* by name (1.7) */
	if (expect_ok(xioctl(t.none, TAPI_IOC_SET_NAME, &fn), "SET_NAME")) {
		hn.call_id = t.id;
		strcpy(hn.name, "nobody-has-this-name");
		expect_err(xioctl(t.own, TAPI_IOC_HANDOFF_NAME, &hn), ESRCH, "HANDOFF_NAME to nobody");
		hn.name[0] = 0;
		expect_err(xioctl(t.own, TAPI_IOC_HANDOFF_NAME, &hn), EINVAL, "HANDOFF_NAME \"\"");
		memset(hn.name, 'a', sizeof(hn.name));
		expect_err(xioctl(t.own, TAPI_IOC_HANDOFF_NAME, &hn), EINVAL,
			   "HANDOFF_NAME unterminated");
		strcpy(hn.name, fn.name);
		hn.flags = 1;
		expect_err(xioctl(t.own, TAPI_IOC_HANDOFF_NAME, &hn), EINVAL, "HANDOFF_NAME flags 1");
		hn.flags = 0;
		expect_reserved(t.own, TAPI_IOC_HANDOFF_NAME, &hn, sizeof(hn),
				offsetof(struct tapi_handoff_name, reserved), ARRAY_LEN(hn.reserved),
				"HANDOFF_NAME");
		if (expect_ok(xioctl(t.own, TAPI_IOC_HANDOFF_NAME, &hn), "HANDOFF_NAME"))
			expect_state(t.none, t.id, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER, "the named file");
		expect_err(xioctl(t.none, TAPI_IOC_HANDOFF_NAME, &hn), EALREADY,
			   "HANDOFF_NAME to its own name");
	}
	/* with other owners, the first may forget the call: it hears no more of it */
	if (expect_ok(call_priv(t.own, t.id, TAPI_PRIV_NONE), "SET_CALL_PRIVILEGE NONE"))
		expect_err(call_op(t.own, TAPI_IOC_DROP, t.id), ENOENT, "DROP of a forgotten call");
	if (expect_ok(call_op(fax, TAPI_IOC_DROP, t.id), "DROP by the fax owner"))
		expect_state(fax, t.id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER, "the fax owner");
	EXPECT(next_state(t.own, t.id, &ev, 100) == 0, "the file that forgot the call was told "
	       "of its state 0x%x", ev.param[0]);
out:
	if (fax >= 0)
		close(fax);
	teardown(&t);
}

const struct check priv_checks[] = {
	{ "priv.other-files-calls-are-unknown-enoent", unknown_to_others, NEED_LINE,
	  TAPI_LINE_CAP_CALLS },
	{ "priv.monitor-cannot-control-eperm", monitor_cannot_control, NEED_LINE,
	  TAPI_LINE_CAP_CALLS },
	{ "priv.monitor-cannot-generate-eperm", monitor_cannot_generate, NEED_LINE,
	  TAPI_LINE_CAP_CALLS },
	{ "priv.monitor-cannot-cancel-the-owners-generation", monitor_cannot_cancel, NEED_LINE,
	  TAPI_LINE_CAP_CALLS | TAPI_LINE_CAP_DTMF_GENERATE },
	{ "priv.monitor-audio-is-read-only", monitor_audio_read_only, NEED_LINE,
	  TAPI_LINE_CAP_CALLS | TAPI_LINE_CAP_AUDIO },
	{ "priv.monitor-may-ask-and-listen", monitor_may_ask, NEED_LINE, TAPI_LINE_CAP_CALLS },
	{ "priv.adopt-and-take-ownership", adopt_and_own, NEED_LINE, TAPI_LINE_CAP_CALLS },
	{ "priv.handoff-by-media-mode-and-name", handoff, NEED_LINE, TAPI_LINE_CAP_CALLS },
	{ 0 }
};
