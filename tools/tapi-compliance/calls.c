// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: calls a line makes itself. Any line with
 * TAPI_LINE_CAP_CALLS can go off hook and wait for digits (MAKE_CALL with
 * an empty dial string: TAPI_CALL_DIALTONE), so these checks need nobody
 * at the far end: the call's events and description, what ended calls
 * leave, call IDs, bad input to every call ioctl, what a call carries
 * (SET_CALL), and requests that name the call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"

/* A call of @fd's in dial tone, its first event read: its ID, or 0. */
static uint32_t own_call(int fd)
{
	int id = make_call(fd, "", VOICE);

	if (!expect_ok(id, "MAKE_CALL \"\" (off hook, dial tone)"))
		return 0;
	if (!EXPECT(id > 0, "MAKE_CALL returned call ID 0"))
		return 0;
	if (!expect_state(fd, id, TAPI_CALL_DIALTONE, TAPI_PRIV_OWNER, "the caller"))
		return 0;
	return id;
}

static void call_made(void)
{
	struct tapi_call_info ci;
	struct tapi_call_list l = { 0 };
	struct tapi_event ev;
	uint32_t ids[4] = { 0 };
	uint64_t t0 = now_ns();
	int fd = open_line(O_NONBLOCK), id, id2;

	if (!expect_ok(fd, "open"))
		return;
	id = make_call(fd, "", VOICE);
	if (!expect_ok(id, "MAKE_CALL \"\"") || !EXPECT(id > 0, "call ID 0"))
		return;
	if (EXPECT(next_state(fd, id, &ev, EVENT_MS) == TAPI_CALL_DIALTONE,
		   "the first state of a call made with \"\" is 0x%x, not DIALTONE", ev.param[0])) {
		EXPECT(ev.param[2] == TAPI_PRIV_OWNER, "its maker's privilege 0x%x", ev.param[2]);
		EXPECT(ev.param[3] == VOICE, "its media mode 0x%x", ev.param[3]);
		EXPECT(!ev.param[1], "detail %u in DIALTONE", ev.param[1]);
	}
	if (expect_ok(call_info(fd, id, &ci), "CALL_INFO")) {
		EXPECT(ci.call_id == (uint32_t)id, "CALL_INFO of call %d says call %u", id, ci.call_id);
		EXPECT(ci.state == TAPI_CALL_DIALTONE, "CALL_INFO: state 0x%x", ci.state);
		EXPECT(ci.privilege == TAPI_PRIV_OWNER, "CALL_INFO: privilege 0x%x", ci.privilege);
		EXPECT(ci.origin == TAPI_ORIGIN_OUTBOUND, "CALL_INFO: origin 0x%x", ci.origin);
		EXPECT(ci.media_mode == VOICE, "CALL_INFO: media mode 0x%x", ci.media_mode);
		EXPECT(ci.created_ns >= t0 && ci.created_ns <= ci.state_ns && ci.state_ns <= now_ns(),
		       "CALL_INFO: created %llu, state since %llu",
		       (unsigned long long)ci.created_ns, (unsigned long long)ci.state_ns);
		EXPECT(!ci.connected_ns, "CALL_INFO: connected at %llu, never connected",
		       (unsigned long long)ci.connected_ns);
		EXPECT(!ci.reserved0 && !ci.reserved,
		       "CALL_INFO: reserved fields returned non-zero");
		EXPECT(memchr(ci.caller, 0, sizeof(ci.caller)) && memchr(ci.called, 0, sizeof(ci.called)) &&
		       memchr(ci.caller_name, 0, sizeof(ci.caller_name)), "CALL_INFO: unterminated strings");
	}
	l.ids = (uintptr_t)ids;
	l.count = 4;
	if (expect_ok(xioctl(fd, TAPI_IOC_LIST_CALLS, &l), "LIST_CALLS"))
		EXPECT(l.count == 1 && ids[0] == (uint32_t)id, "LIST_CALLS: %u calls, the first %u",
		       l.count, ids[0]);
	/* the state forbids answering and accepting */
	expect_err(call_op(fd, TAPI_IOC_ANSWER, id), EBUSY, "ANSWER of a call in dial tone");
	expect_err(call_op(fd, TAPI_IOC_ACCEPT, id), EBUSY, "ACCEPT of a call in dial tone");
	/* DROP: the call is idle before the ioctl returns */
	if (expect_ok(call_op(fd, TAPI_IOC_DROP, id), "DROP")) {
		EXPECT(read(fd, &ev, sizeof(ev)) == sizeof(ev) && ev.type == TAPI_EVENT_CALL_STATE &&
		       ev.param[0] == TAPI_CALL_IDLE && ev.call_id == (uint32_t)id,
		       "no IDLE event queued when DROP returned");
	}
	EXPECT(list_calls(fd, 0) == 0, "LIST_CALLS after the drop: %d", list_calls(fd, 0));
	/* an ended call is described as it ended (1.8), and is gone for the rest */
	if (expect_ok(call_info(fd, id, &ci), "CALL_INFO of the ended call"))
		EXPECT(ci.state == TAPI_CALL_IDLE && ci.privilege == TAPI_PRIV_OWNER &&
		       ci.origin == TAPI_ORIGIN_OUTBOUND && !ci.call_data_size,
		       "CALL_INFO of the ended call: state 0x%x, privilege 0x%x, origin 0x%x, "
		       "%u bytes of data", ci.state, ci.privilege, ci.origin, ci.call_data_size);
	expect_err(call_op(fd, TAPI_IOC_DROP, id), ENOENT, "DROP of the ended call");
	/* call IDs only grow */
	id2 = make_call(fd, "", VOICE);
	if (expect_ok(id2, "MAKE_CALL again"))
		EXPECT(id2 > id, "the next call's ID %d after %d", id2, id);
	close(fd);
}

/* An answer that cannot be written back: EFAULT, and no call is left. */
static void make_call_efault(void)
{
	struct tapi_make_call m = { .media_mode = VOICE };
	int fd = open_line(O_NONBLOCK), n, id;
	void *p = ro_page(&m, sizeof(m));

	if (!expect_ok(fd, "open"))
		return;
	expect_err(xioctl(fd, TAPI_IOC_MAKE_CALL, p), EFAULT, "MAKE_CALL whose ID cannot be written");
	n = list_calls(fd, 0);
	EXPECT(n == 0, "LIST_CALLS: %d calls after it", n);
	/* the line is free for the next */
	id = make_call(fd, "", VOICE);
	expect_ok(id, "MAKE_CALL after it");
	free_page(p);
	close(fd);
}

static int dial(int fd, uint32_t id, const char *digits)
{
	struct tapi_dial d = { .call_id = id };

	strncpy(d.dial, digits, sizeof(d.dial) - 1);
	return xioctl(fd, TAPI_IOC_DIAL, &d);
}

static void rejects(void)
{
	struct tapi_privileges p = { .privileges = TAPI_PRIV_NONE };
	struct tapi_make_call m = { 0 };
	struct tapi_dial d;
	struct tapi_call_op op;
	struct tapi_call_list l = { 0 };
	struct tapi_call_info ci;
	struct tapi_call_privilege cp;
	struct tapi_handoff h;
	int fd = open_line(O_NONBLOCK);
	uint32_t id;

	if (!expect_ok(fd, "open"))
		return;
	/* privileges: only meaningful combinations */
	expect_err(set_priv(fd, 0, 0, 0), EINVAL, "SET_PRIVILEGES 0");
	expect_err(set_priv(fd, 8, 0, 0), EINVAL, "SET_PRIVILEGES 0x8");
	expect_err(set_priv(fd, TAPI_PRIV_NONE | TAPI_PRIV_MONITOR, 0, 0), EINVAL,
		   "SET_PRIVILEGES NONE|MONITOR");
	expect_err(set_priv(fd, TAPI_PRIV_OWNER, 0, 0), EINVAL, "SET_PRIVILEGES OWNER of no mode");
	expect_err(set_priv(fd, TAPI_PRIV_OWNER, 1, 0), EINVAL, "SET_PRIVILEGES OWNER of mode 0x1");
	expect_err(set_priv(fd, TAPI_PRIV_OWNER, 0x10000, 0), EINVAL,
		   "SET_PRIVILEGES OWNER of mode 0x10000");
	expect_err(set_priv(fd, TAPI_PRIV_MONITOR, VOICE, 0), EINVAL,
		   "SET_PRIVILEGES MONITOR with a media mode");
	expect_err(set_priv(fd, TAPI_PRIV_NONE, 0, 3), EINVAL, "SET_PRIVILEGES NONE with a priority");
	expect_reserved(fd, TAPI_IOC_SET_PRIVILEGES, &p, sizeof(p),
			offsetof(struct tapi_privileges, reserved), ARRAY_LEN(p.reserved),
			"SET_PRIVILEGES");
	expect_ok(set_priv(fd, TAPI_PRIV_NONE, 0, 0), "SET_PRIVILEGES NONE");
	expect_ok(set_priv(fd, TAPI_PRIV_OWNER | TAPI_PRIV_MONITOR, TAPI_MEDIA_ALL, 7),
		  "SET_PRIVILEGES OWNER|MONITOR of every mode");
	expect_ok(set_priv(fd, TAPI_PRIV_NONE, 0, 0), "SET_PRIVILEGES NONE");

	/* making calls */
	expect_err(make_call(fd, "1002x", VOICE), EINVAL, "MAKE_CALL \"1002x\"");
	expect_err(make_call(fd, "1002", VOICE | TAPI_MEDIA_G3FAX), EINVAL, "MAKE_CALL of two modes");
	expect_err(make_call(fd, "1002", 1), EINVAL, "MAKE_CALL of mode 0x1");
	expect_err(make_call(fd, "1002", 0x10000), EINVAL, "MAKE_CALL of mode 0x10000");
	memset(m.dial, '1', sizeof(m.dial));
	expect_err(xioctl(fd, TAPI_IOC_MAKE_CALL, &m), EINVAL, "MAKE_CALL unterminated");
	m = (struct tapi_make_call){ .flags = 1 };
	expect_err(xioctl(fd, TAPI_IOC_MAKE_CALL, &m), EINVAL, "MAKE_CALL flags 1");
	m = (struct tapi_make_call){ 0 };
	expect_reserved(fd, TAPI_IOC_MAKE_CALL, &m, sizeof(m),
			offsetof(struct tapi_make_call, reserved), ARRAY_LEN(m.reserved), "MAKE_CALL");
	EXPECT(list_calls(fd, 0) == 0, "refused MAKE_CALLs left a call");

	/* unknown calls, call 0 included */
	expect_err(call_op(fd, TAPI_IOC_ANSWER, 0), ENOENT, "ANSWER of call 0");
	expect_err(call_op(fd, TAPI_IOC_DROP, 12345), ENOENT, "DROP of call 12345");
	expect_err(call_op(fd, TAPI_IOC_ACCEPT, 12345), ENOENT, "ACCEPT of call 12345");
	expect_err(dial(fd, 12345, "1"), ENOENT, "DIAL on call 12345");
	expect_err(call_priv(fd, 12345, TAPI_PRIV_OWNER), ENOENT, "SET_CALL_PRIVILEGE of call 12345");
	h = (struct tapi_handoff){ .call_id = 12345, .media_mode = VOICE };
	expect_err(xioctl(fd, TAPI_IOC_HANDOFF, &h), ENOENT, "HANDOFF of call 12345");
	expect_err(call_info(fd, 12345, &ci), ENOENT, "CALL_INFO of call 12345");
	expect_err(call_info(fd, 0, &ci), ENOENT, "CALL_INFO of call 0");

	id = own_call(fd);
	if (!id)
		goto out;
	/* every request's flags and reserved fields */
	expect_err(dial(fd, id, ""), EINVAL, "DIAL \"\"");
	expect_err(dial(fd, id, "1?"), EINVAL, "DIAL \"1?\"");
	d = (struct tapi_dial){ .call_id = id, .flags = 1, .dial = "1" };
	expect_err(xioctl(fd, TAPI_IOC_DIAL, &d), EINVAL, "DIAL flags 1");
	d.flags = 0;
	expect_reserved(fd, TAPI_IOC_DIAL, &d, sizeof(d), offsetof(struct tapi_dial, reserved),
			ARRAY_LEN(d.reserved), "DIAL");
	op = (struct tapi_call_op){ .call_id = id, .flags = 1 };
	expect_err(xioctl(fd, TAPI_IOC_DROP, &op), EINVAL, "DROP flags 1");
	op.flags = 0;
	expect_reserved(fd, TAPI_IOC_DROP, &op, sizeof(op), offsetof(struct tapi_call_op, reserved),
			ARRAY_LEN(op.reserved), "DROP");
	expect_reserved(fd, TAPI_IOC_ANSWER, &op, sizeof(op), offsetof(struct tapi_call_op, reserved),
			ARRAY_LEN(op.reserved), "ANSWER");
	expect_reserved(fd, TAPI_IOC_ACCEPT, &op, sizeof(op), offsetof(struct tapi_call_op, reserved),
			ARRAY_LEN(op.reserved), "ACCEPT");
	expect_reserved(fd, TAPI_IOC_HOLD, &op, sizeof(op), offsetof(struct tapi_call_op, reserved),
			ARRAY_LEN(op.reserved), "HOLD");
	expect_reserved(fd, TAPI_IOC_UNHOLD, &op, sizeof(op), offsetof(struct tapi_call_op, reserved),
			ARRAY_LEN(op.reserved), "UNHOLD");
	cp = (struct tapi_call_privilege){ .call_id = id, .privilege = 3 };
	expect_err(xioctl(fd, TAPI_IOC_SET_CALL_PRIVILEGE, &cp), EINVAL,
		   "SET_CALL_PRIVILEGE 0x3");
	cp.privilege = TAPI_PRIV_OWNER;
	expect_reserved(fd, TAPI_IOC_SET_CALL_PRIVILEGE, &cp, sizeof(cp),
			offsetof(struct tapi_call_privilege, reserved), ARRAY_LEN(cp.reserved),
			"SET_CALL_PRIVILEGE");
	h = (struct tapi_handoff){ .call_id = id, .media_mode = VOICE };
	expect_reserved(fd, TAPI_IOC_HANDOFF, &h, sizeof(h), offsetof(struct tapi_handoff, reserved),
			ARRAY_LEN(h.reserved), "HANDOFF");
	l.flags = 2;
	expect_err(xioctl(fd, TAPI_IOC_LIST_CALLS, &l), EINVAL, "LIST_CALLS flags 2");
	l.flags = 0;
	expect_reserved(fd, TAPI_IOC_LIST_CALLS, &l, sizeof(l),
			offsetof(struct tapi_call_list, reserved), ARRAY_LEN(l.reserved),
			"LIST_CALLS");
	l = (struct tapi_call_list){ .ids = 8, .count = 4 };
	expect_err(xioctl(fd, TAPI_IOC_LIST_CALLS, &l), EFAULT, "LIST_CALLS into address 8");
	ci = (struct tapi_call_info){ .call_id = id, .flags = 1 };
	expect_err(xioctl(fd, TAPI_IOC_CALL_INFO, &ci), EINVAL, "CALL_INFO flags 1");
	ci.flags = 0;
	expect_reserved(fd, TAPI_IOC_CALL_INFO, &ci, sizeof(ci),
			offsetof(struct tapi_call_info, reserved), 1,
			"CALL_INFO");
	/* the call is untouched by all that */
	if (expect_ok(call_info(fd, id, &ci), "CALL_INFO"))
		EXPECT(ci.state == TAPI_CALL_DIALTONE, "the call went to state 0x%x", ci.state);
	expect_ok(call_op(fd, TAPI_IOC_DROP, id), "DROP");
out:
	close(fd);
}

/* A file that asked for nothing sees only the calls it makes. */
static void only_known_calls(void)
{
	int fd = open_line(O_NONBLOCK), other = open_line(O_NONBLOCK);
	struct tapi_call_list l = { 0 };
	uint32_t ids[8], id;

	if (!expect_ok(fd, "open") || !expect_ok(other, "open"))
		return;
	id = own_call(fd);
	if (!id)
		return;
	EXPECT(next_state(other, 0, &(struct tapi_event){ 0 }, 200) == 0,
	       "a file that asked for nothing heard of another's call");
	EXPECT(list_calls(other, 0) == 0, "another file lists the call");
	expect_err(call_op(other, TAPI_IOC_DROP, id), ENOENT, "DROP by another file");
	expect_err(call_priv(other, id, TAPI_PRIV_OWNER), ENOENT,
		   "SET_CALL_PRIVILEGE by another file");
	/* becoming a monitor shows the calls already there, quietly */
	if (expect_ok(set_priv(other, TAPI_PRIV_MONITOR, 0, 0), "SET_PRIVILEGES MONITOR")) {
		l.ids = (uintptr_t)ids;
		l.count = 8;
		if (expect_ok(xioctl(other, TAPI_IOC_LIST_CALLS, &l), "LIST_CALLS"))
			EXPECT(l.count == 1 && ids[0] == id, "a monitor lists %u calls, the first %u",
			       l.count, ids[0]);
		/* the count says how many there are, even with no room */
		EXPECT(list_calls(other, 0) == 1, "LIST_CALLS with no room: %d", list_calls(other, 0));
		EXPECT(next_state(other, 0, &(struct tapi_event){ 0 }, 100) == 0,
		       "a new monitor was told of a call already there");
		/* and events from then on */
		if (expect_ok(call_op(fd, TAPI_IOC_DROP, id), "DROP"))
			expect_state(other, id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR, "the monitor");
	}
	close(other);
	close(fd);
}

static void events_per_file(void)
{
	struct tapi_event ev[8];
	int fd = open_line(O_NONBLOCK), mon = open_line(O_NONBLOCK), n, id;

	if (!expect_ok(fd, "open") || !expect_ok(mon, "open") ||
	    !expect_ok(set_priv(mon, TAPI_PRIV_MONITOR, 0, 0), "SET_PRIVILEGES MONITOR"))
		return;
	/* the monitor sees more than the owner; each counts its own */
	id = make_call(mon, "", VOICE);
	if (!expect_ok(id, "MAKE_CALL") || !expect_ok(call_op(mon, TAPI_IOC_DROP, id), "DROP"))
		return;
	id = make_call(fd, "", VOICE);
	if (!expect_ok(id, "MAKE_CALL") || !expect_ok(call_op(fd, TAPI_IOC_DROP, id), "DROP"))
		return;
	n = read_records(mon, ev, 4, EVENT_MS);
	if (EXPECT(n == 4, "the monitor got %d records of two calls made and dropped, not 4", n))
		for (int k = 1; k < n; k++)
			EXPECT(ev[k].seq == ev[k - 1].seq + 1, "the monitor's record %d: seq %llu after %llu",
			       k, (unsigned long long)ev[k].seq, (unsigned long long)ev[k - 1].seq);
	n = read_records(fd, ev, 3, 300);
	if (EXPECT(n == 2, "the owner got %d records of its call made and dropped, not 2", n))
		EXPECT(ev[1].seq == ev[0].seq + 1, "the owner's seq %llu after %llu",
		       (unsigned long long)ev[1].seq, (unsigned long long)ev[0].seq);
	close(mon);
	close(fd);
}

/* Requests that name a call: the calls this file knows only. */
static void known_calls_only(void)
{
	int fd = open_line(O_NONBLOCK), other = open_line(O_NONBLOCK), s;
	uint32_t id;

	if (!expect_ok(fd, "open") || !expect_ok(other, "open"))
		return;
	id = own_call(fd);
	if (!id)
		return;
	if (ctx.info.caps & TAPI_LINE_CAP_AUDIO) {
		s = audio_open(fd, id, TAPI_AUDIO_LINEAR16, 20, 0);
		if (expect_ok(s, "AUDIO_OPEN of its own call"))
			close(s);
		expect_err(audio_open(other, id, TAPI_AUDIO_LINEAR16, 20, 0), ENOENT,
			   "AUDIO_OPEN of another's call");
		expect_err(audio_open(fd, id + 100, TAPI_AUDIO_LINEAR16, 20, 0), ENOENT,
			   "AUDIO_OPEN of call %u, not there", id + 100);
	}
	if (ctx.info.caps & TAPI_LINE_CAP_DTMF_GENERATE) {
		expect_ok(generate(fd, id, "1", 0), "GENERATE_DIGITS on its own call");
		expect_err(generate(other, id, "1", 0), ENOENT, "GENERATE_DIGITS on another's call");
	}
	close(other);
	close(fd);
}

/* Requests tied to a call end with it. */
static void gather_ends_with_call(void)
{
	struct tapi_gather_digits g = { .mode = TAPI_DIGIT_DTMF, .max_digits = 8, .tag = 5 };
	struct tapi_event ev;
	int fd = open_line(O_NONBLOCK);
	bool idle;

	if (!expect_ok(fd, "open") || !(g.call_id = own_call(fd)))
		return;
	if (!expect_ok(xioctl(fd, TAPI_IOC_GATHER_DIGITS, &g), "GATHER_DIGITS on the call") ||
	    !expect_ok(call_op(fd, TAPI_IOC_DROP, g.call_id), "DROP"))
		return;
	if (EXPECT(next_event(fd, TAPI_EVENT_GATHER, &ev, EVENT_MS) == 1,
		   "no TAPI_EVENT_GATHER when the call ended"))
		EXPECT(ev.call_id == g.call_id && ev.param[0] == TAPI_GATHER_LINEDROP &&
		       ev.param[2] == 5, "TAPI_EVENT_GATHER: call %u, why 0x%x, tag %u; expected "
		       "call %u, LINEDROP, tag 5", ev.call_id, ev.param[0], ev.param[2], g.call_id);
	/* and only then the call's idle state: nothing names a call after it */
	do
		idle = next_event(fd, TAPI_EVENT_CALL_STATE, &ev, EVENT_MS) == 1;
	while (idle && ev.param[0] != TAPI_CALL_IDLE);
	EXPECT(idle && ev.call_id == g.call_id,
	       "no TAPI_CALL_IDLE of call %u after its gathering ended", g.call_id);
	close(fd);
}

static int call_set(int fd, struct tapi_call_set *s)
{
	return xioctl(fd, TAPI_IOC_SET_CALL, s);
}

/* The next CALL_INFO event on @fd: what changed, or 0. */
static uint32_t next_info(int fd)
{
	struct tapi_event ev;

	return next_event(fd, TAPI_EVENT_CALL_INFO, &ev, EVENT_MS) == 1 ? ev.param[0] : 0;
}

static void set_call(void)
{
	static char big[TAPI_CALL_DATA_MAX + 1];
	struct tapi_call_data cd = { 0 };
	struct tapi_call_info ci;
	struct tapi_call_set s;
	char buf[8];
	int fd = open_line(O_NONBLOCK);
	uint32_t id, got;

	if (!expect_ok(fd, "open") || !(id = own_call(fd)))
		return;
	s = (struct tapi_call_set){ .call_id = id,
		.what = TAPI_CALLSET_APPSPECIFIC | TAPI_CALLSET_CALLDATA,
		.app_specific = 0xabcd, .data_size = 5, .data = (uintptr_t)"hi!!" };
	if (expect_ok(call_set(fd, &s), "SET_CALL app_specific and 5 bytes of data")) {
		got = next_info(fd);
		EXPECT(got == TAPI_CALLINFO_APPSPECIFIC, "first CALL_INFO event: 0x%x", got);
		got = next_info(fd);
		EXPECT(got == TAPI_CALLINFO_CALLDATA, "second CALL_INFO event: 0x%x", got);
	}
	if (expect_ok(call_info(fd, id, &ci), "CALL_INFO"))
		EXPECT(ci.app_specific == 0xabcd && ci.call_data_size == 5,
		       "CALL_INFO: app_specific 0x%x, %u bytes of data", ci.app_specific,
		       ci.call_data_size);
	memset(buf, 'x', sizeof(buf));
	cd = (struct tapi_call_data){ .call_id = id, .size = 3, .data = (uintptr_t)buf };
	if (expect_ok(xioctl(fd, TAPI_IOC_CALL_DATA, &cd), "CALL_DATA into 3 bytes"))
		EXPECT(cd.size == 5 && !memcmp(buf, "hi!x", 4),
		       "CALL_DATA: size %u (the whole is 5), stored \"%.4s\"", cd.size, buf);
	expect_reserved(fd, TAPI_IOC_CALL_DATA, &cd, sizeof(cd),
			offsetof(struct tapi_call_data, reserved), ARRAY_LEN(cd.reserved),
			"CALL_DATA");
	cd.call_id = id + 100;
	expect_err(xioctl(fd, TAPI_IOC_CALL_DATA, &cd), ENOENT, "CALL_DATA of call %u", id + 100);

	/* the media mode: one, or UNKNOWN with others */
	s = (struct tapi_call_set){ .call_id = id, .what = TAPI_CALLSET_MEDIAMODE,
				    .media_mode = TAPI_MEDIA_UNKNOWN | VOICE | TAPI_MEDIA_G3FAX };
	if (expect_ok(call_set(fd, &s), "SET_CALL media mode UNKNOWN|VOICE|FAX"))
		EXPECT((got = next_info(fd)) == TAPI_CALLINFO_MEDIAMODE, "CALL_INFO event 0x%x", got);
	s.media_mode = VOICE | TAPI_MEDIA_G3FAX;
	expect_err(call_set(fd, &s), EINVAL, "SET_CALL media mode VOICE|FAX");

	/* refused whole: nothing set, nobody told */
	s = (struct tapi_call_set){ .call_id = id,
		.what = TAPI_CALLSET_APPSPECIFIC | TAPI_CALLSET_CALLDATA,
		.app_specific = 1, .data_size = 4, .data = 8 };
	expect_err(call_set(fd, &s), EFAULT, "SET_CALL with data at address 8");
	s.data = (uintptr_t)big;
	s.data_size = sizeof(big);
	expect_err(call_set(fd, &s), EINVAL, "SET_CALL with 4097 bytes of data");
	s = (struct tapi_call_set){ .call_id = id, .what = TAPI_CALLSET_TREATMENT, .treatment = 5 };
	if (ctx.info.caps & TAPI_LINE_CAP_TREATMENT) {
		expect_err(call_set(fd, &s), EINVAL, "SET_CALL treatment 5");
	} else {
		s.treatment = TAPI_TREATMENT_BUSY;
		expect_err(call_set(fd, &s), EOPNOTSUPP, "SET_CALL treatment without CAP_TREATMENT");
	}
	s = (struct tapi_call_set){ .call_id = id, .what = 0 };
	expect_err(call_set(fd, &s), EINVAL, "SET_CALL of nothing");
	s.what = 0x10;
	expect_err(call_set(fd, &s), EINVAL, "SET_CALL what 0x10");
	s = (struct tapi_call_set){ .call_id = id, .what = TAPI_CALLSET_APPSPECIFIC,
				    .media_mode = VOICE };
	expect_err(call_set(fd, &s), EINVAL, "SET_CALL with a field it does not set");
	s = (struct tapi_call_set){ .call_id = id, .what = TAPI_CALLSET_APPSPECIFIC };
	expect_reserved(fd, TAPI_IOC_SET_CALL, &s, sizeof(s),
			offsetof(struct tapi_call_set, reserved), ARRAY_LEN(s.reserved), "SET_CALL");
	s.call_id = 0;
	expect_err(call_set(fd, &s), ENOENT, "SET_CALL of call 0");
	if (expect_ok(call_info(fd, id, &ci), "CALL_INFO"))
		EXPECT(ci.app_specific == 0xabcd && ci.call_data_size == 5,
		       "refused SET_CALLs changed the call: app_specific 0x%x, %u bytes",
		       ci.app_specific, ci.call_data_size);
	EXPECT(!next_event(fd, TAPI_EVENT_CALL_INFO, &(struct tapi_event){ 0 }, 200),
	       "refused SET_CALLs told of a change");
	close(fd);
}

/* SET_CALL's data pointer is unused when no data is given: it must be 0. */
static void set_call_no_data(void)
{
	struct tapi_call_set s;
	int fd = open_line(O_NONBLOCK);
	uint32_t id;

	if (!expect_ok(fd, "open") || !(id = own_call(fd)))
		return;
	s = (struct tapi_call_set){ .call_id = id, .what = TAPI_CALLSET_CALLDATA,
				    .data = (uintptr_t)"x" };
	expect_err(call_set(fd, &s), EINVAL, "SET_CALL clearing the data (size 0) with a pointer");
	s.data = 0;
	expect_ok(call_set(fd, &s), "SET_CALL clearing the data");
	close(fd);
}

const struct check call_checks[] = {
	{ "call.made-described-dropped", call_made, NEED_LINE, TAPI_LINE_CAP_CALLS },
	{ "call.make-efault-leaves-no-call", make_call_efault, NEED_LINE, TAPI_LINE_CAP_CALLS },
	{ "call.ioctls-reject-bad-input", rejects, NEED_LINE, TAPI_LINE_CAP_CALLS },
	{ "call.files-see-only-the-calls-they-know", only_known_calls, NEED_LINE,
	  TAPI_LINE_CAP_CALLS },
	{ "call.events-count-per-file-without-gaps", events_per_file, NEED_LINE,
	  TAPI_LINE_CAP_CALLS },
	{ "call.audio-and-digits-only-for-known-calls", known_calls_only, NEED_LINE,
	  TAPI_LINE_CAP_CALLS },
	{ "call.gathering-ends-with-the-call", gather_ends_with_call, NEED_LINE,
	  TAPI_LINE_CAP_CALLS | TAPI_LINE_CAP_DTMF_DETECT },
	{ "call.set-call", set_call, NEED_LINE, TAPI_LINE_CAP_CALLS },
	{ "call.set-call-no-data-needs-no-pointer", set_call_no_data, NEED_LINE,
	  TAPI_LINE_CAP_CALLS },
	{ 0 }
};
