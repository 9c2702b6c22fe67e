// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: in-band signals on a line: generating digits and tones
 * (one generation at a time, each cancelling the last, each ending with a
 * TAPI_EVENT_GENERATE), listening for digits, tones and media, and
 * gathering digits (one request per file, each ending with a
 * TAPI_EVENT_GATHER). What is refused, and the events requests end with;
 * what is heard needs a far end, which only a driver can provide.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"

static int gen(int fd, const char *digits, uint32_t on, uint32_t off, int32_t level, uint32_t tag)
{
	struct tapi_generate_digits g = {
		.mode = TAPI_DIGIT_DTMF, .on_ms = on, .off_ms = off, .level = level, .tag = tag,
	};

	snprintf(g.digits, sizeof(g.digits), "%s", digits);
	return xioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g);
}

static int pulses(int fd, uint32_t call, const char *digits, uint32_t on, uint32_t off,
		  int32_t level)
{
	struct tapi_generate_digits g = {
		.call_id = call, .mode = TAPI_DIGIT_PULSE, .on_ms = on, .off_ms = off,
		.level = level,
	};

	snprintf(g.digits, sizeof(g.digits), "%s", digits);
	return xioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g);
}

/* The next TAPI_EVENT_GENERATE: expect @kind, @how and @tag. */
static bool expect_generate(int fd, uint32_t kind, uint32_t how, uint32_t tag, int ms)
{
	struct tapi_event ev;

	if (next_event(fd, TAPI_EVENT_GENERATE, &ev, ms) != 1) {
		fail("no TAPI_EVENT_GENERATE for tag %u within %d ms", tag, ms);
		return false;
	}
	return EXPECT(ev.param[0] == kind && ev.param[1] == how && ev.param[2] == tag,
		      "TAPI_EVENT_GENERATE says what %u, how %u, tag %u; expected %u, %u, %u",
		      ev.param[0], ev.param[1], ev.param[2], kind, how, tag);
}

/* Nothing of @type arrives on @fd within @ms. */
static bool expect_quiet(int fd, uint32_t type, int ms, const char *after)
{
	struct tapi_event ev;

	return EXPECT(next_event(fd, type, &ev, ms) != 1, "after %s: an event of type %u came "
		      "(param %u %u %u)", after, ev.type, ev.param[0], ev.param[1], ev.param[2]);
}

static void digits_rejects(void)
{
	struct tapi_generate_digits g = { .mode = TAPI_DIGIT_DTMF, .on_ms = 60, .off_ms = 60 };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(gen(fd, "12x", 60, 60, -100, 0), EINVAL, "GENERATE_DIGITS \"12x\"");
	expect_err(gen(fd, "1", 39, 60, -100, 0), EINVAL, "GENERATE_DIGITS on_ms 39");
	expect_err(gen(fd, "1", 1001, 60, -100, 0), EINVAL, "GENERATE_DIGITS on_ms 1001");
	expect_err(gen(fd, "1", 60, 39, -100, 0), EINVAL, "GENERATE_DIGITS off_ms 39");
	expect_err(gen(fd, "1", 60, 1001, -100, 0), EINVAL, "GENERATE_DIGITS off_ms 1001");
	expect_err(gen(fd, "1", 60, 60, 1, 0), EINVAL, "GENERATE_DIGITS level 1");
	expect_err(gen(fd, "1", 60, 60, -401, 0), EINVAL, "GENERATE_DIGITS level -401");
	memset(g.digits, '1', sizeof(g.digits));
	expect_err(xioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g), EINVAL, "GENERATE_DIGITS unterminated");
	strcpy(g.digits, "1");
	expect_reserved(fd, TAPI_IOC_GENERATE_DIGITS, &g, sizeof(g),
			offsetof(struct tapi_generate_digits, reserved), ARRAY_LEN(g.reserved),
			"GENERATE_DIGITS");
	g.mode = 3;
	expect_err(xioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g), EINVAL, "GENERATE_DIGITS mode 3");
	g.mode = TAPI_DIGIT_DTMF;
	g.call_id = 3131;
	expect_err(xioctl(fd, TAPI_IOC_GENERATE_DIGITS, &g), ENOENT,
		   "GENERATE_DIGITS on call 3131, unknown to this file");
	expect_quiet(fd, 0, 300, "refused requests");
	close(fd);
}

static void digits_again_cancels(void)
{
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	if (!expect_ok(gen(fd, "1234567890", 100, 100, -100, 7), "GENERATE_DIGITS, tag 7") ||
	    !expect_ok(gen(fd, "", 100, 100, -100, 8), "GENERATE_DIGITS \"\" (cancel)"))
		return;
	expect_generate(fd, TAPI_GENERATE_DIGITS, TAPI_GENERATE_CANCELLED, 7, EVENT_MS);
	/* no DONE for the cancelled request, nothing for the cancel */
	expect_quiet(fd, 0, 2500, "the cancel");
	/* a new request replaces one in progress, cancelling it */
	if (!expect_ok(gen(fd, "55", 50, 50, -100, 9), "GENERATE_DIGITS, tag 9") ||
	    !expect_ok(gen(fd, "6", 50, 50, -100, 10), "GENERATE_DIGITS, tag 10"))
		return;
	expect_generate(fd, TAPI_GENERATE_DIGITS, TAPI_GENERATE_CANCELLED, 9, EVENT_MS);
	expect_generate(fd, TAPI_GENERATE_DIGITS, TAPI_GENERATE_DONE, 10, EVENT_MS);
	close(fd);
}

static void pulses_rejects(void)
{
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(pulses(fd, 0, "12", 60, 700, 0), EINVAL, "pulses with on_ms 60");
	expect_err(pulses(fd, 0, "12", 0, 299, 0), EINVAL, "pulses with off_ms 299");
	expect_err(pulses(fd, 0, "12", 0, 2001, 0), EINVAL, "pulses with off_ms 2001");
	expect_err(pulses(fd, 0, "12", 0, 700, -100), EINVAL, "pulses with a level");
	expect_err(pulses(fd, 0, "1*", 0, 700, 0), EINVAL, "pulses \"1*\"");
	expect_err(pulses(fd, 0, "A", 0, 700, 0), EINVAL, "pulses \"A\"");
	expect_err(pulses(fd, 77, "1", 0, 700, 0), ENOENT, "pulses on call 77, unknown");
	/* a pulse request is cancelled like any other, and says so */
	if (expect_ok(pulses(fd, 0, "99", 0, 700, 0), "pulses \"99\"") &&
	    expect_ok(pulses(fd, 0, "", 0, 700, 0), "pulses \"\" (cancel)"))
		expect_generate(fd, TAPI_GENERATE_DIGITS, TAPI_GENERATE_CANCELLED, 0, EVENT_MS);
	close(fd);
}

static int tone(int fd, struct tapi_generate_tone *t)
{
	return xioctl(fd, TAPI_IOC_GENERATE_TONE, t);
}

static void tone_rejects(void)
{
	const struct tapi_generate_tone ok = {
		.tone = TAPI_TONE_CUSTOM, .level1 = -100, .nseg = 1,
		.seg[0] = { .freq1 = 440, .ms = 100 },
	};
	struct tapi_generate_tone t;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	t = ok; t.tone = 0x10;
	expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE 0x10 (TAPI's billing tone)");
	t = ok; t.tone = 0x1000;
	expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE 0x1000");
	t = ok; t.tone = TAPI_TONE_BUSY; t.nseg = 0; t.level1 = 0; t.seg[0] = (struct tapi_tone_segment){ 0 };
	memcpy(t.zone, "xx", 2);
	expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE BUSY of zone \"xx\"");
	t = ok; t.nseg = 0;
	expect_err(tone(fd, &t), EINVAL, "custom tone of 0 segments");
	t = ok; t.nseg = 9;
	expect_err(tone(fd, &t), EINVAL, "custom tone of 9 segments");
	t = ok; t.seg[0].freq1 = 4000;
	expect_err(tone(fd, &t), EINVAL, "custom tone of 4000 Hz");
	t = ok; t.level1 = 1;
	expect_err(tone(fd, &t), EINVAL, "custom tone at level 1");
	t = ok; t.level2 = -401;
	expect_err(tone(fd, &t), EINVAL, "custom tone at level2 -401");
	t = ok; t.repeat = 256;
	expect_err(tone(fd, &t), EINVAL, "custom tone repeated 256 times");
	t = ok; t.seg[1].ms = 5;
	expect_err(tone(fd, &t), EINVAL, "custom tone with a segment past nseg");
	t = ok; t.seg[0].reserved = 1;
	expect_err(tone(fd, &t), EINVAL, "custom tone with a segment's reserved set");
	t = ok; t.nseg = 2; t.seg[1] = (struct tapi_tone_segment){ .freq1 = 440 };
	expect_err(tone(fd, &t), EINVAL, "custom tone with a 0 ms segment, not alone");
	t = ok; t.duration_ms = 3600001;
	expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE for 3600001 ms");
	expect_reserved(fd, TAPI_IOC_GENERATE_TONE, &ok, sizeof(ok),
			offsetof(struct tapi_generate_tone, reserved), ARRAY_LEN(ok.reserved),
			"GENERATE_TONE");
	t = ok; t.call_id = 77;
	expect_err(tone(fd, &t), ENOENT, "GENERATE_TONE on call 77, unknown");
	expect_quiet(fd, 0, 200, "refused requests");
	/* a valid one plays its 100 ms cadence once, then says done */
	t = ok; t.repeat = 1; t.tag = 5;
	if (expect_ok(tone(fd, &t), "custom tone, 100 ms once"))
		expect_generate(fd, TAPI_GENERATE_TONE, TAPI_GENERATE_DONE, 5, EVENT_MS);
	t = (struct tapi_generate_tone){ .tone = TAPI_TONE_BEEP, .tag = 6 };
	if (expect_ok(tone(fd, &t), "BEEP"))
		expect_generate(fd, TAPI_GENERATE_TONE, TAPI_GENERATE_DONE, 6, EVENT_MS);
	close(fd);
}

/* Tone 0 (cancel), a beep and the zone's tones take no cadence of their own. */
static void tone_unused_fields(void)
{
	static const uint32_t tones[] = { 0, TAPI_TONE_BEEP, TAPI_TONE_BUSY };
	const struct tapi_generate_tone base = { .tag = 1 };
	struct tapi_generate_tone t;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	for (size_t k = 0; k < ARRAY_LEN(tones); k++) {
		t = base; t.tone = tones[k]; t.level1 = -100;
		expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE 0x%x with level1", tones[k]);
		t = base; t.tone = tones[k]; t.level2 = -100;
		expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE 0x%x with level2", tones[k]);
		t = base; t.tone = tones[k]; t.nseg = 1;
		expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE 0x%x with nseg", tones[k]);
		t = base; t.tone = tones[k]; t.repeat = 1;
		expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE 0x%x with repeat", tones[k]);
		t = base; t.tone = tones[k]; t.seg[0].freq1 = 440; t.seg[0].ms = 100;
		expect_err(tone(fd, &t), EINVAL, "GENERATE_TONE 0x%x with a segment", tones[k]);
	}
	expect_quiet(fd, 0, 300, "refused requests");
	close(fd);
}

static void monitor_digits_rejects(void)
{
	struct tapi_monitor_digits m = { 0 };
	uint32_t modes = ctx.info.caps & TAPI_LINE_CAP_DTMF_DETECT ? TAPI_DIGITMODE_DTMF : 0;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	m.modes = 8;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_DIGITS, &m), EINVAL, "MONITOR_DIGITS modes 8");
	m = (struct tapi_monitor_digits){ .call_id = 999, .modes = modes };
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_DIGITS, &m), ENOENT,
		   "MONITOR_DIGITS of call 999, unknown");
	m.call_id = 0;
	expect_reserved(fd, TAPI_IOC_MONITOR_DIGITS, &m, sizeof(m),
			offsetof(struct tapi_monitor_digits, reserved), ARRAY_LEN(m.reserved),
			"MONITOR_DIGITS");
	expect_ok(xioctl(fd, TAPI_IOC_MONITOR_DIGITS, &m), "MONITOR_DIGITS 0x%x", modes);
	if (ctx.info.caps & TAPI_LINE_CAP_PULSE_DETECT) {
		m.modes = TAPI_DIGITMODE_PULSE;
		expect_ok(xioctl(fd, TAPI_IOC_MONITOR_DIGITS, &m), "MONITOR_DIGITS PULSE");
	}
	m.modes = 0;
	expect_ok(xioctl(fd, TAPI_IOC_MONITOR_DIGITS, &m), "MONITOR_DIGITS 0 (none)");
	close(fd);
}

static void monitor_media_rejects(void)
{
	struct tapi_monitor_media m = { .media_modes = TAPI_MEDIA_TDD };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_MEDIA, &m), EINVAL, "MONITOR_MEDIA TDD");
	m.media_modes = 1;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_MEDIA, &m), EINVAL, "MONITOR_MEDIA 0x1");
	m.media_modes = TAPI_MEDIA_G3FAX;
	expect_reserved(fd, TAPI_IOC_MONITOR_MEDIA, &m, sizeof(m),
			offsetof(struct tapi_monitor_media, reserved), ARRAY_LEN(m.reserved),
			"MONITOR_MEDIA");
	m.call_id = 4242;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_MEDIA, &m), ENOENT, "MONITOR_MEDIA of call 4242");
	m.call_id = 0;
	m.media_modes = TAPI_MONITOR_MEDIA_MODES;
	expect_ok(xioctl(fd, TAPI_IOC_MONITOR_MEDIA, &m), "MONITOR_MEDIA of every mode it knows");
	m.media_modes = 0;
	expect_ok(xioctl(fd, TAPI_IOC_MONITOR_MEDIA, &m), "MONITOR_MEDIA 0 (stop)");
	close(fd);
}

static void monitor_tones_rejects(void)
{
	const struct tapi_monitor_tones ok = {
		.count = 1, .tones = { { .tag = 1, .duration_ms = 100, .freq = { 1000 } } },
	};
	struct tapi_monitor_tones m;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	m = ok; m.count = 5;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EINVAL, "MONITOR_TONES of 5 tones");
	m = ok; m.tones[0].duration_ms = 19;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EINVAL, "a tone of 19 ms");
	m = ok; m.tones[0].duration_ms = 60001;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EINVAL, "a tone of 60001 ms");
	m = ok; m.tones[0].freq[0] = 99;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EINVAL, "a tone of 99 Hz");
	m = ok; m.tones[0].freq[2] = 3901;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EINVAL, "a tone with 3901 Hz");
	m = ok; m.tones[0].freq[0] = 0;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EINVAL, "a tone of no frequency");
	m = ok; m.tones[0].reserved = 1;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EINVAL, "a tone's reserved set");
	m = ok; m.tones[3].tag = 1;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), EINVAL, "a tone past count");
	expect_reserved(fd, TAPI_IOC_MONITOR_TONES, &ok, sizeof(ok),
			offsetof(struct tapi_monitor_tones, reserved), ARRAY_LEN(ok.reserved),
			"MONITOR_TONES");
	m = ok; m.call_id = 31337;
	expect_err(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), ENOENT, "MONITOR_TONES of call 31337");
	m = ok;
	expect_ok(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), "MONITOR_TONES of one tone");
	m = (struct tapi_monitor_tones){ 0 };
	expect_ok(xioctl(fd, TAPI_IOC_MONITOR_TONES, &m), "MONITOR_TONES of none (stop)");
	close(fd);
}

static int gather(int fd, uint32_t max, const char *term, uint32_t first_ms, uint32_t inter_ms,
		  uint32_t tag)
{
	struct tapi_gather_digits g = {
		.mode = TAPI_DIGIT_DTMF, .max_digits = max, .first_ms = first_ms,
		.inter_ms = inter_ms, .tag = tag,
	};

	snprintf(g.term_digits, sizeof(g.term_digits), "%s", term);
	return xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g);
}

/* A cancel: max_digits 0 and every other field 0. */
static int gather_cancel(int fd)
{
	struct tapi_gather_digits g = { 0 };

	return xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g);
}

static int gather_result(int fd, struct tapi_gather_result *r)
{
	memset(r, 0, sizeof(*r));
	return xioctl(fd, TAPI_IOC_GATHER_RESULT, r);
}

/* The next TAPI_EVENT_GATHER: expect @why, @count and @tag. */
static bool expect_gather(int fd, uint32_t why, uint32_t count, uint32_t tag)
{
	struct tapi_event ev;

	if (next_event(fd, TAPI_EVENT_GATHER, &ev, EVENT_MS) != 1) {
		fail("no TAPI_EVENT_GATHER for tag %u", tag);
		return false;
	}
	return EXPECT(ev.param[0] == why && ev.param[1] == count && ev.param[2] == tag,
		      "TAPI_EVENT_GATHER says why 0x%x, %u digits, tag %u; expected 0x%x, %u, %u",
		      ev.param[0], ev.param[1], ev.param[2], why, count, tag);
}

static void gather_rejects(void)
{
	struct tapi_gather_digits g = { .mode = TAPI_DIGIT_DTMF, .max_digits = 4 };
	struct tapi_gather_result r = { 0 };
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(gather(fd, 64, "", 0, 0, 0), EINVAL, "GATHER_DIGITS of 64 digits");
	expect_err(gather(fd, 4, "#x", 0, 0, 0), EINVAL, "GATHER_DIGITS ending on \"#x\"");
	expect_err(gather(fd, 4, "", 3600001, 0, 0), EINVAL, "GATHER_DIGITS first_ms 3600001");
	expect_err(gather(fd, 4, "", 0, 3600001, 0), EINVAL, "GATHER_DIGITS inter_ms 3600001");
	g.mode = 4;
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EINVAL, "GATHER_DIGITS mode 4");
	g.mode = 0;
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EINVAL, "GATHER_DIGITS mode 0");
	g.mode = TAPI_DIGIT_DTMF;
	expect_reserved(fd, TAPI_IOC_GATHER_DIGITS, &g, sizeof(g),
			offsetof(struct tapi_gather_digits, reserved), ARRAY_LEN(g.reserved),
			"GATHER_DIGITS");
	memset(g.term_digits, '1', sizeof(g.term_digits));
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EINVAL,
		   "GATHER_DIGITS, term_digits unterminated");
	memset(g.term_digits, 0, sizeof(g.term_digits));
	g.call_id = 99999;
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), ENOENT, "GATHER_DIGITS on call 99999");
	expect_reserved(fd, TAPI_IOC_GATHER_RESULT, &r, sizeof(r),
			offsetof(struct tapi_gather_result, reserved), ARRAY_LEN(r.reserved),
			"GATHER_RESULT");
	/* none of that started anything */
	expect_err(gather_result(fd, &r), ENODATA, "GATHER_RESULT with no request ended");
	close(fd);
}

static void gather_replaced(void)
{
	struct tapi_gather_result r;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	if (!expect_ok(gather(fd, 5, "", 0, 0, 1), "GATHER_DIGITS, tag 1") ||
	    !expect_ok(gather(fd, 5, "#", 0, 0, 2), "GATHER_DIGITS, tag 2"))
		return;
	expect_gather(fd, TAPI_GATHER_CANCEL, 0, 1);
	if (expect_ok(gather_result(fd, &r), "GATHER_RESULT"))
		EXPECT(r.tag == 1 && r.reason == TAPI_GATHER_CANCEL && !r.count && !r.digits[0],
		       "GATHER_RESULT: tag %u, reason 0x%x, %u digits \"%s\"", r.tag, r.reason,
		       r.count, r.digits);
	/* closing the file ends the other silently (nobody to tell) */
	close(fd);
}

static void gather_cancels(void)
{
	struct tapi_gather_result r;
	struct tapi_event ev;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(gather_result(fd, &r), ENODATA, "GATHER_RESULT before any request");
	if (!expect_ok(gather(fd, 5, "", 0, 0, 2), "GATHER_DIGITS, tag 2"))
		return;
	if (!expect_ok(gather_cancel(fd), "GATHER_DIGITS cancel (max_digits 0, the rest 0)"))
		return;
	expect_gather(fd, TAPI_GATHER_CANCEL, 0, 2);
	if (expect_ok(gather_result(fd, &r), "GATHER_RESULT"))
		EXPECT(r.tag == 2 && r.reason == TAPI_GATHER_CANCEL && !r.count,
		       "GATHER_RESULT: tag %u, reason 0x%x, %u digits", r.tag, r.reason, r.count);
	/* nothing to cancel: no event */
	expect_ok(gather_cancel(fd), "GATHER_DIGITS cancel with nothing to cancel");
	EXPECT(next_event(fd, TAPI_EVENT_GATHER, &ev, 200) != 1,
	       "a cancel of nothing sent a TAPI_EVENT_GATHER");
	close(fd);
}

/* A cancel's other fields are unused: they must be 0. */
static void gather_cancel_zero(void)
{
	struct tapi_gather_digits g;
	struct tapi_event ev;
	int fd = open_line(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	if (!expect_ok(gather(fd, 5, "", 0, 0, 3), "GATHER_DIGITS, tag 3"))
		return;
	g = (struct tapi_gather_digits){ .mode = TAPI_DIGIT_DTMF };
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EINVAL, "cancel with mode DTMF");
	g = (struct tapi_gather_digits){ .tag = 9 };
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EINVAL, "cancel with a tag");
	g = (struct tapi_gather_digits){ .first_ms = 100 };
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EINVAL, "cancel with first_ms");
	g = (struct tapi_gather_digits){ .inter_ms = 100 };
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EINVAL, "cancel with inter_ms");
	g = (struct tapi_gather_digits){ .term_digits = "#" };
	expect_err(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), EINVAL, "cancel with term_digits");
	/* a refused request leaves the one in progress alone */
	EXPECT(next_event(fd, TAPI_EVENT_GATHER, &ev, 200) != 1,
	       "a refused cancel ended the request (tag %u)", ev.param[2]);
	close(fd);
}

const struct check signal_checks[] = {
	{ "generate-digits.rejects-bad-input", digits_rejects, NEED_LINE,
	  TAPI_LINE_CAP_DTMF_GENERATE },
	{ "generate-digits.again-cancels-and-says-so", digits_again_cancels, NEED_LINE,
	  TAPI_LINE_CAP_DTMF_GENERATE },
	{ "generate-digits.pulses-reject-bad-input", pulses_rejects, NEED_LINE,
	  TAPI_LINE_CAP_PULSE_GENERATE },
	{ "generate-tone.rejects-bad-input-then-plays", tone_rejects, NEED_LINE,
	  TAPI_LINE_CAP_TONE_GENERATE },
	{ "generate-tone.unused-fields-must-be-zero", tone_unused_fields, NEED_LINE,
	  TAPI_LINE_CAP_TONE_GENERATE },
	{ "monitor-digits.rejects-bad-input", monitor_digits_rejects, NEED_LINE, 0 },
	{ "monitor-media.rejects-bad-input", monitor_media_rejects, NEED_LINE,
	  TAPI_LINE_CAP_MEDIA_DETECT },
	{ "monitor-tones.rejects-bad-input", monitor_tones_rejects, NEED_LINE,
	  TAPI_LINE_CAP_TONE_DETECT },
	{ "gather.rejects-bad-input", gather_rejects, NEED_LINE, TAPI_LINE_CAP_DTMF_DETECT },
	{ "gather.a-new-request-cancels-the-last", gather_replaced, NEED_LINE,
	  TAPI_LINE_CAP_DTMF_DETECT },
	{ "gather.cancel", gather_cancels, NEED_LINE, TAPI_LINE_CAP_DTMF_DETECT },
	{ "gather.cancel-other-fields-must-be-zero", gather_cancel_zero, NEED_LINE,
	  TAPI_LINE_CAP_DTMF_DETECT },
	{ 0 }
};
