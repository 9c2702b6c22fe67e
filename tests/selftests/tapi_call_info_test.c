// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for what a call and its line tell the files that know them,
 * on tapi_sim's lines: ended calls still described to those files, what
 * owners set on a call (its application value, data, media mode,
 * treatment; a handoff by name) and every file of the call sees, the
 * rings to answer and message waiting (on the telephone's lamp too), and
 * the rules of media control.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "call_fixture.h"
#include "sim_debugfs.h"

/*
 * A call that ended can still be described to the files that knew it (its
 * last TAPI_ENDED_CALLS), as it was: a monitor behind its events learns who
 * called whom of a call dropped the moment it was made. Files that did not
 * know the call, and every other ioctl, get ENOENT.
 */
TEST_F(call, ended_calls_are_described_to_the_files_that_knew_them)
{
	int mon = open_line(LINE_B), stranger = open_line(LINE_A);
	int ids[TAPI_ENDED_CALLS + 1], bid, id, i;
	struct tapi_call_info ci;
	struct tapi_event ev;
	uint8_t data;
	struct tapi_call_data cd = { .data = (uintptr_t)&data, .size = 1 };

	ASSERT_LE(0, mon);
	ASSERT_LE(0, stranger);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));

	/* made and dropped at once; the monitor reads nothing until after */
	id = call_a_to_b(self->a, self->b, &bid);
	ASSERT_LT(0, id);
	ASSERT_LT(0, bid);
	ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, id));
	ASSERT_EQ(0, call_op(self->b, TAPI_IOC_DROP, bid));
	ASSERT_EQ(-ENOENT, call_op(self->b, TAPI_IOC_DROP, bid));	/* it ended */
	ASSERT_EQ(1, next_event(mon, TAPI_EVENT_CALL_STATE, &ev, 3000));
	EXPECT_EQ(bid, ev.call_id);
	ASSERT_EQ(0, call_info(mon, bid, &ci));
	EXPECT_EQ(TAPI_CALL_IDLE, ci.state);
	EXPECT_EQ(TAPI_PRIV_MONITOR, ci.privilege);
	EXPECT_EQ(TAPI_ORIGIN_INTERNAL, ci.origin);
	EXPECT_STREQ("1001", ci.caller);
	EXPECT_STREQ("1002", ci.called);
	EXPECT_LE(ci.created_ns, ci.state_ns);
	EXPECT_EQ(0, ci.call_data_size);
	ASSERT_EQ(0, call_info(self->b, bid, &ci));
	EXPECT_EQ(TAPI_PRIV_OWNER, ci.privilege);

	/* only the files that knew it; and nothing but its description */
	EXPECT_EQ(-ENOENT, call_info(stranger, id, &ci));
	EXPECT_EQ(-ENOENT, call_op(mon, TAPI_IOC_DROP, bid));
	EXPECT_EQ(-ENOENT, call_priv(self->b, bid, TAPI_PRIV_OWNER));
	cd.call_id = bid;
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_CALL_DATA, &cd));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-ENOENT, call_info(self->a, 0, &ci));

	/* the last TAPI_ENDED_CALLS: the oldest goes */
	for (i = 0; i < TAPI_ENDED_CALLS + 1; i++) {
		ids[i] = make_call(self->a, "1003", VOICE);
		ASSERT_LT(0, ids[i]);
		ASSERT_EQ(0, call_op(self->a, TAPI_IOC_DROP, ids[i]));
	}
	EXPECT_EQ(-ENOENT, call_info(self->a, ids[0], &ci));
	for (i = 1; i < TAPI_ENDED_CALLS + 1; i++) {
		ASSERT_EQ(0, call_info(self->a, ids[i], &ci)) TH_LOG("call %d", i);
		EXPECT_EQ(ids[i], ci.call_id);
		EXPECT_EQ(TAPI_CALL_IDLE, ci.state);
		EXPECT_STREQ("1003", ci.called);
	}
	close(mon);
	close(stranger);
}

static int call_set(int fd, struct tapi_call_set *s)
{
	return ioctl(fd, TAPI_IOC_SET_CALL, s) ? -errno : 0;
}

/* The next TAPI_EVENT_CALL_INFO on @fd within 3 s: what changed, or 0. */
static unsigned int next_info(int fd, unsigned int id)
{
	struct tapi_event ev;

	if (!next_event(fd, TAPI_EVENT_CALL_INFO, &ev, 3000) || ev.call_id != id)
		return 0;
	return ev.param[0];
}

/*
 * What an owner sets on a call, every file that knows it sees and is told
 * of; a file that knew nothing adopts the line's calls as a monitor, gets
 * the call handed over by its application's name.
 */
TEST_F(call, what_owners_set_every_file_of_the_call_sees)
{
	struct tapi_call_set s = { 0 };
	struct tapi_call_data cd = { 0 };
	struct tapi_handoff_name hn = { 0 };
	struct tapi_file_name fn = { 0 };
	struct tapi_call_list l = { 0 };
	struct tapi_call_info ci;
	char buf[8], big[TAPI_CALL_DATA_MAX + 1] = "";
	uint32_t ids[4];
	int bid, c;

	ASSERT_LT(0, call_a_to_b(self->a, self->b, &bid));
	ASSERT_LT(0, bid);
	c = open_line(LINE_B);
	ASSERT_LE(0, c);
	EXPECT_EQ(0, list_calls(c, ids, 4)) TH_LOG("a new file knows no call");
	l.ids = (uintptr_t)ids;
	l.count = 4;
	l.flags = TAPI_LIST_ADOPT;
	ASSERT_EQ(0, ioctl(c, TAPI_IOC_LIST_CALLS, &l));
	ASSERT_EQ(1, l.count);
	EXPECT_EQ((uint32_t)bid, ids[0]);
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(TAPI_PRIV_MONITOR, ci.privilege);
	EXPECT_EQ(TAPI_TREATMENT_RINGBACK, ci.treatment) TH_LOG("offered: ringback");
	l.flags = 2;
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_LIST_CALLS, &l));
	EXPECT_EQ(EINVAL, errno);

	/* set by the owner, told to both in the order of the bits */
	s = (struct tapi_call_set){ .call_id = bid,
		.what = TAPI_CALLSET_APPSPECIFIC | TAPI_CALLSET_CALLDATA,
		.app_specific = 0xabcd, .data_size = 5, .data = (uintptr_t)"hi!!" };
	ASSERT_EQ(0, call_set(self->b, &s));
	EXPECT_EQ(TAPI_CALLINFO_APPSPECIFIC, next_info(self->b, bid));
	EXPECT_EQ(TAPI_CALLINFO_CALLDATA, next_info(self->b, bid));
	EXPECT_EQ(TAPI_CALLINFO_APPSPECIFIC, next_info(c, bid));
	EXPECT_EQ(TAPI_CALLINFO_CALLDATA, next_info(c, bid));
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(0xabcd, ci.app_specific);
	EXPECT_EQ(5, ci.call_data_size);
	memset(buf, 'x', sizeof(buf));
	cd = (struct tapi_call_data){ .call_id = bid, .size = 3, .data = (uintptr_t)buf };
	ASSERT_EQ(0, ioctl(c, TAPI_IOC_CALL_DATA, &cd));
	EXPECT_EQ(5, cd.size) TH_LOG("the whole size");
	EXPECT_EQ(0, memcmp(buf, "hi!x", 4)) TH_LOG("only what fitted");
	cd.reserved[0] = 1;
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_CALL_DATA, &cd));
	EXPECT_EQ(EINVAL, errno);
	cd = (struct tapi_call_data){ .call_id = bid + 100, .size = 3, .data = (uintptr_t)buf };
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_CALL_DATA, &cd));
	EXPECT_EQ(ENOENT, errno);

	/* the media mode: one, or UNKNOWN with others */
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_MEDIAMODE,
				    .media_mode = TAPI_MEDIA_UNKNOWN | VOICE | FAX };
	ASSERT_EQ(0, call_set(self->b, &s));
	EXPECT_EQ(TAPI_CALLINFO_MEDIAMODE, next_info(c, bid));
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(TAPI_MEDIA_UNKNOWN | VOICE | FAX, ci.media_mode);
	s.media_mode = VOICE | FAX;
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));

	/* refused whole: nothing set, nobody told */
	drain(c);
	s = (struct tapi_call_set){ .call_id = bid,
		.what = TAPI_CALLSET_APPSPECIFIC | TAPI_CALLSET_CALLDATA,
		.app_specific = 1, .data_size = 4, .data = 8 };
	EXPECT_EQ(-EFAULT, call_set(self->b, &s));
	s.data = (uintptr_t)big;
	s.data_size = sizeof(big);
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_TREATMENT,
				    .treatment = TAPI_TREATMENT_MUSIC };
	EXPECT_EQ(-EOPNOTSUPP, call_set(self->b, &s)) TH_LOG("the exchange has no music");
	s.treatment = 5;
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s = (struct tapi_call_set){ .call_id = bid, .what = 0 };
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s.what = 0x10;
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_APPSPECIFIC,
				    .media_mode = VOICE };
	EXPECT_EQ(-EINVAL, call_set(self->b, &s)) TH_LOG("a field not set must be 0");
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_APPSPECIFIC };
	s.reserved[3] = 1;
	EXPECT_EQ(-EINVAL, call_set(self->b, &s));
	s.reserved[3] = 0;
	EXPECT_EQ(-EPERM, call_set(c, &s)) TH_LOG("a monitor may not");
	s.call_id = 0;
	EXPECT_EQ(-ENOENT, call_set(self->b, &s));
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(0xabcd, ci.app_specific);
	EXPECT_EQ(5, ci.call_data_size);
	EXPECT_EQ(0, next_info(c, bid)) TH_LOG("nobody told");

	/* treatment: recorded and told */
	s = (struct tapi_call_set){ .call_id = bid, .what = TAPI_CALLSET_TREATMENT,
				    .treatment = TAPI_TREATMENT_BUSY };
	ASSERT_EQ(0, call_set(self->b, &s));
	EXPECT_EQ(TAPI_CALLINFO_TREATMENT, next_info(c, bid));
	ASSERT_EQ(0, call_info(c, bid, &ci));
	EXPECT_EQ(TAPI_TREATMENT_BUSY, ci.treatment);

	/* handed over by name */
	strcpy(fn.name, "ivr");
	ASSERT_EQ(0, ioctl(c, TAPI_IOC_SET_NAME, &fn));
	strcpy(fn.name, "pbx");
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_NAME, &fn));
	hn.call_id = bid;
	strcpy(hn.name, "nobody");
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(ESRCH, errno);
	strcpy(hn.name, "pbx");
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EALREADY, errno);
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EPERM, errno) TH_LOG("a monitor cannot give the call");
	hn.name[0] = 0;
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EINVAL, errno);
	memset(hn.name, 'a', sizeof(hn.name));
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EINVAL, errno);
	strcpy(hn.name, "ivr");
	hn.flags = 1;
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_EQ(EINVAL, errno);
	hn.flags = 0;
	drain(c);
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_HANDOFF_NAME, &hn));
	EXPECT_STATE(c, bid, TAPI_CALL_OFFERING, TAPI_PRIV_OWNER);
	memset(fn.name, 'a', sizeof(fn.name));
	EXPECT_EQ(-1, ioctl(c, TAPI_IOC_SET_NAME, &fn));
	EXPECT_EQ(EINVAL, errno);
	close(c);
}

/*
 * The fewest rings any file asked for; message waiting set by any file,
 * told to those that asked, shown on the telephone's Messages lamp.
 */
TEST_F(call, rings_to_answer_and_message_waiting)
{
	struct tapi_status_events se = { .line_states = TAPI_LINESTATE_MSGWAITON |
							TAPI_LINESTATE_MSGWAITOFF };
	struct tapi_phone_button btn = { .button = 13 };
	struct tapi_line_set ls = { .what = TAPI_LINESET_MSGWAIT, .value = 1 };
	struct tapi_line_status st;
	struct tapi_event ev;
	uint32_t rings = 4;
	int c, ph;

	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(TAPI_NUM_RINGS_NONE, st.num_rings);
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_NUM_RINGS, &rings));
	c = open_line(LINE_B);
	ASSERT_LE(0, c);
	rings = 2;
	ASSERT_EQ(0, ioctl(c, TAPI_IOC_SET_NUM_RINGS, &rings));
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(2, st.num_rings);
	close(c);
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_EQ(4, st.num_rings) TH_LOG("a closed file asks no more");
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_SET_NUM_RINGS, NULL));
	EXPECT_EQ(EFAULT, errno);

	ph = open_phone(1);
	ASSERT_LE(0, ph);
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_STATUS_EVENTS, &se));
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_SET_LINE, &ls)) TH_LOG("on line A: not B's");
	EXPECT_EQ(0, next_event(self->b, TAPI_EVENT_LINE_STATE, &ev, 200));
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	ASSERT_TRUE(next_event(self->b, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_MSGWAITON, ev.param[0]);
	ASSERT_EQ(0, line_status(self->b, &st));
	EXPECT_TRUE(st.status & TAPI_STATUS_MSGWAIT);
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	EXPECT_EQ(TAPI_LAMP_STEADY, btn.lamp) TH_LOG("the Messages lamp lights");
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	EXPECT_EQ(0, next_event(self->b, TAPI_EVENT_LINE_STATE, &ev, 200)) TH_LOG("no change");
	ls.value = 0;
	ASSERT_EQ(0, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	ASSERT_TRUE(next_event(self->b, TAPI_EVENT_LINE_STATE, &ev, 3000));
	EXPECT_EQ(TAPI_LINESTATE_MSGWAITOFF, ev.param[0]);
	btn = (struct tapi_phone_button){ .button = 13 };
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &btn));
	EXPECT_EQ(TAPI_LAMP_OFF, btn.lamp);
	ls.value = 2;
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	EXPECT_EQ(EINVAL, errno);
	ls = (struct tapi_line_set){ .what = 2 };
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	EXPECT_EQ(EINVAL, errno);
	ls = (struct tapi_line_set){ .what = TAPI_LINESET_MSGWAIT, .reserved = { 1 } };
	EXPECT_EQ(-1, ioctl(self->b, TAPI_IOC_SET_LINE, &ls));
	EXPECT_EQ(EINVAL, errno);
	ls.reserved[0] = 0;
	ASSERT_EQ(0, ioctl(self->a, TAPI_IOC_SET_LINE, &ls));
	close(ph);
}

static int media_control(int fd, const struct tapi_media_control *m)
{
	return ioctl(fd, TAPI_IOC_MEDIA_CONTROL, m) ? -errno : 0;
}

/* Media control's rules are checked whole; only an owner sets them. */
TEST_F(call, media_control_rules_are_checked)
{
	struct tapi_media_control m = { 0 };
	int bid, id, mon;

	id = call_a_to_b(self->a, self->b, &bid);
	ASSERT_LT(0, id);
	ASSERT_LT(0, bid);
	m = (struct tapi_media_control){ .call_id = bid, .count = 2, .rules = {
		{ TAPI_MEDIARULE_DIGIT, '#', TAPI_DIGITMODE_DTMF, TAPI_MEDIACTL_RESET },
		{ TAPI_MEDIARULE_CALLSTATE, TAPI_CALL_CONNECTED, 0, TAPI_MEDIACTL_START },
	} };
	EXPECT_EQ(0, media_control(self->b, &m));
	EXPECT_EQ(-ENOENT, media_control(self->a, &m)) TH_LOG("not a call A knows");
	mon = open_line(LINE_B);
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, set_priv(mon, TAPI_PRIV_MONITOR, 0, 0));
	EXPECT_EQ(-EPERM, media_control(mon, &m)) TH_LOG("a monitor");
	close(mon);
	m.call_id = id;
	EXPECT_EQ(0, media_control(self->a, &m)) TH_LOG("A's own call");
	m.call_id = bid + 100;
	EXPECT_EQ(-ENOENT, media_control(self->b, &m));
	m.call_id = 0;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m)) TH_LOG("call states need a call");
	m.count = 1;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m)) TH_LOG("unused rules must be 0");
	m.rules[1] = (struct tapi_media_rule){ 0 };
	EXPECT_EQ(0, media_control(self->b, &m)) TH_LOG("B owns voice calls");
	EXPECT_EQ(-EPERM, media_control(self->a, &m)) TH_LOG("A owns none");
	m.call_id = bid;
	m.rules[0].match = 'x';
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].match = '5';
	m.rules[0].modes = TAPI_DIGITMODE_PULSE;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].modes = TAPI_DIGITMODE_DTMFEND;
	m.rules[0].action = 0x20;	/* LINEMEDIACONTROL_RATEUP */
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].action = TAPI_MEDIACTL_PAUSE | TAPI_MEDIACTL_RESUME;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].action = TAPI_MEDIACTL_PAUSE;
	m.rules[0].kind = 3;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.rules[0].kind = TAPI_MEDIARULE_CALLSTATE;
	m.rules[0].match = TAPI_CALL_IDLE;
	m.rules[0].modes = 0;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m)) TH_LOG("idle ends the rules");
	m.rules[0].match = TAPI_CALL_ONHOLD;
	EXPECT_EQ(0, media_control(self->b, &m));
	m.count = TAPI_MEDIA_RULES_MAX + 1;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m.count = 0;
	m.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, media_control(self->b, &m));
	m = (struct tapi_media_control){ .call_id = bid };
	EXPECT_EQ(0, media_control(self->b, &m)) TH_LOG("no rules: ended");
	EXPECT_EQ(-EFAULT, ioctl(self->b, TAPI_IOC_MEDIA_CONTROL, NULL) ? -errno : 0);
}

TEST_HARNESS_MAIN
