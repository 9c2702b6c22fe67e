// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for /dev/utapi's contract (docs/utapi.md): a line a provider
 * creates is a line like any other; requests reach the provider and its
 * answers, refusals and silences reach the application; what it reports
 * becomes calls, caller ID, rings, digits and service changes; bad input
 * is refused and loses nothing; a provider that dies takes its devices
 * with it; one that floods is bounded. The test is the provider. Run in
 * the VMs with utapi.ko loaded.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "utapi_util.h"

#define CALL_OPS	(UTAPI_OP_MAKE_CALL | UTAPI_OP_DIAL | UTAPI_OP_ANSWER | UTAPI_OP_DROP)

FIXTURE(prov) {
	struct prov p;
	int app;
};

FIXTURE_SETUP(prov)
{
	int ret = prov_open(&self->p, CALL_OPS, TAPI_LINE_CAP_RING_EVENTS |
			    TAPI_LINE_CAP_CALLERID | TAPI_LINE_CAP_DTMF_DETECT, 300);

	if (ret == -ENOENT)
		SKIP(return, "no /dev/utapi: utapi.ko is not loaded");
	ASSERT_EQ(0, ret);
	self->app = open_line(self->p.path);
	ASSERT_LE(0, self->app);
	ASSERT_EQ(0, set_priv(self->app, TAPI_PRIV_OWNER, VOICE, 1));
}

FIXTURE_TEARDOWN(prov)
{
	if (self->app >= 0)
		close(self->app);
	if (self->p.fd >= 0)
		close(self->p.fd);
}

TEST_F(prov, the_line_looks_like_any_other)
{
	struct tapi_line_info li = { 0 };

	ASSERT_EQ(0, ioctl(self->app, TAPI_IOC_GET_LINE_INFO, &li));
	EXPECT_EQ(self->p.line_id, li.line_id);
	EXPECT_STREQ("utapi_test", li.driver);
	EXPECT_STREQ("utapi test line", li.name);
	EXPECT_STREQ("5550100", li.address);
	EXPECT_EQ((unsigned int)TAPI_LINE_TYPE_TRUNK, li.line_type);
	/* what the provider has, and what the core adds: no audio, no DSP */
	EXPECT_TRUE(li.caps & TAPI_LINE_CAP_CALLS);
	EXPECT_TRUE(li.caps & TAPI_LINE_CAP_RING_EVENTS);
	EXPECT_TRUE(li.caps & TAPI_LINE_CAP_CALLERID);
	EXPECT_FALSE(li.caps & TAPI_LINE_CAP_AUDIO);
	EXPECT_FALSE(li.caps & TAPI_LINE_CAP_TONE_GENERATE);
}

TEST_F(prov, a_call_is_asked_for_answered_and_reported)
{
	struct utapi_request r;
	struct app_call a;

	ASSERT_EQ(0, app_start(&a, self->app, "5551234"));
	ASSERT_EQ(1, prov_next(&self->p, &r, 3000));
	EXPECT_EQ((unsigned int)UTAPI_REQ_MAKE_CALL, r.type);
	EXPECT_EQ(self->p.dev, r.dev);
	EXPECT_STREQ("5551234", r.dial);
	EXPECT_EQ((unsigned int)VOICE, r.media_mode);
	EXPECT_NE(0ULL, r.seq);
	ASSERT_EQ(0, prov_reply(&self->p, r.seq, 0));
	pthread_join(a.t, NULL);
	ASSERT_EQ((int)r.call_id, a.result);
	/* answered once: a second answer finds nobody waiting */
	EXPECT_EQ(-ENOENT, prov_reply(&self->p, r.seq, 0));

	EXPECT_STATE(self->app, r.call_id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	ASSERT_EQ(0, prov_state(&self->p, r.call_id, TAPI_CALL_PROCEEDING, 0));
	ASSERT_EQ(0, prov_state(&self->p, r.call_id, TAPI_CALL_RINGBACK, 0));
	ASSERT_EQ(0, prov_state(&self->p, r.call_id, TAPI_CALL_CONNECTED, 0));
	EXPECT_STATE(self->app, r.call_id, TAPI_CALL_PROCEEDING, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->app, r.call_id, TAPI_CALL_RINGBACK, TAPI_PRIV_OWNER);
	EXPECT_STATE(self->app, r.call_id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);

	/* hanging up is told, with no answer wanted */
	ASSERT_EQ(0, call_op(self->app, TAPI_IOC_DROP, r.call_id));
	ASSERT_EQ(1, prov_next(&self->p, &r, 3000));
	EXPECT_EQ((unsigned int)UTAPI_REQ_DROP, r.type);
	EXPECT_EQ(0ULL, r.seq);
	EXPECT_STATE(self->app, r.call_id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER);
}

TEST_F(prov, a_refusal_is_the_applications_error)
{
	struct utapi_request r;
	struct app_call a;

	ASSERT_EQ(0, app_start(&a, self->app, "5551234"));
	ASSERT_EQ(1, prov_next(&self->p, &r, 3000));
	ASSERT_EQ(0, prov_reply(&self->p, r.seq, -EBUSY));
	pthread_join(a.t, NULL);
	EXPECT_EQ(-EBUSY, a.result);
	EXPECT_TRUE(quiet(self->app, 200));
}

TEST_F(prov, an_answer_that_never_comes_times_out)
{
	struct utapi_request r;
	struct app_call a;

	ASSERT_EQ(0, app_start(&a, self->app, "1"));
	ASSERT_EQ(1, prov_next(&self->p, &r, 3000));
	pthread_join(a.t, NULL);
	TH_LOG("the request failed after %.3f s (timeout 0.3 s)", a.took_s);
	EXPECT_EQ(-ETIMEDOUT, a.result);
	EXPECT_LE(0.29, a.took_s);
	EXPECT_GE(3.0, a.took_s);
	/* too late: nothing waits for it, and nothing changes */
	EXPECT_EQ(-ENOENT, prov_reply(&self->p, r.seq, 0));
	EXPECT_TRUE(quiet(self->app, 200));
}

TEST_F(prov, bad_input_is_refused_and_loses_nothing)
{
	struct utapi_line_create c = { .version = UTAPI_VERSION, .line_type = TAPI_LINE_TYPE_TRUNK };
	struct utapi_call_state st = { .dev = self->p.dev, .call_id = 1,
				       .state = TAPI_CALL_CONNECTED };
	struct utapi_reply rep = { .seq = 1 };
	struct utapi_request r;
	struct utapi_event ev = { .dev = self->p.dev, .type = UTAPI_EVENT_RING,
				  .param = { 1 } };
	struct app_call a;
	char small[16];
	void *bad;
	int id;

	snprintf(c.driver, sizeof(c.driver), "x");
	c.version = 0;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CREATE_LINE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.version = UTAPI_VERSION;
	c.reserved[3] = 1;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CREATE_LINE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.reserved[3] = 0;
	c.caps = TAPI_LINE_CAP_AUDIO;	/* the core's to give, not the provider's */
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CREATE_LINE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.caps = TAPI_LINE_CAP_HOOK_EVENTS;	/* timed at the tick: needs audio */
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CREATE_LINE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.caps = 0;
	c.timeout_ms = 5;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CREATE_LINE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.timeout_ms = 0;
	memset(c.driver, 'x', sizeof(c.driver));
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CREATE_LINE, &c));
	EXPECT_EQ(EINVAL, errno);

	st.state = 0x3;			/* not a state */
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CALL_STATE, &st));
	EXPECT_EQ(EINVAL, errno);
	st.state = TAPI_CALL_DISCONNECTED;
	st.detail = TAPI_DISCONNECT_BUSY | TAPI_DISCONNECT_NORMAL;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CALL_STATE, &st));
	EXPECT_EQ(EINVAL, errno);
	st.detail = TAPI_DISCONNECT_BUSY;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CALL_STATE, &st));
	EXPECT_EQ(ENOENT, errno);	/* no such call */
	st.dev = 9;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CALL_STATE, &st));
	EXPECT_EQ(ENOENT, errno);	/* no such device */

	ev.type = 99;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_EVENT, &ev));
	EXPECT_EQ(EINVAL, errno);
	ev.type = UTAPI_EVENT_RING;
	ev.param[0] = 0;		/* rings count from 1 */
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_EVENT, &ev));
	EXPECT_EQ(EINVAL, errno);
	ev.param[0] = 1;
	ev.reserved[4] = 1;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_EVENT, &ev));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-EINVAL, prov_event(&self->p, UTAPI_EVENT_DIGIT, 'x', TAPI_DIGIT_DTMF,
				      TAPI_DIGIT_START));
	EXPECT_EQ(-EINVAL, prov_event(&self->p, UTAPI_EVENT_HOOK, 1, 0, 0));	/* no hook caps */

	rep.result = 1;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_REPLY, &rep));
	EXPECT_EQ(EINVAL, errno);
	rep.result = -600;		/* the kernel's own codes stay inside */
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_REPLY, &rep));
	EXPECT_EQ(EINVAL, errno);
	rep.result = 0;
	rep.seq = 0;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_REPLY, &rep));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->p.fd, _IO(UTAPI_IOC_MAGIC, 0x3f)));
	EXPECT_EQ(ENOTTY, errno);

	/* a request read into too small a buffer stays queued */
	ASSERT_EQ(0, app_start(&a, self->app, "42"));
	usleep(100000);
	EXPECT_EQ(-1, read(self->p.fd, small, sizeof(small)));
	EXPECT_EQ(EINVAL, errno);
	bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, bad);
	EXPECT_EQ(-1, read(self->p.fd, bad, sizeof(r)));
	EXPECT_EQ(EFAULT, errno);
	munmap(bad, 4096);
	ASSERT_EQ(1, prov_next(&self->p, &r, 3000));
	EXPECT_EQ((unsigned int)UTAPI_REQ_MAKE_CALL, r.type);
	EXPECT_STREQ("42", r.dial);
	ASSERT_EQ(0, prov_reply(&self->p, r.seq, 0));
	pthread_join(a.t, NULL);
	id = a.result;
	ASSERT_LT(0, id);
	/* and the line still works */
	EXPECT_STATE(self->app, id, TAPI_CALL_DIALING, TAPI_PRIV_OWNER);
	ASSERT_EQ(0, prov_state(&self->p, id, TAPI_CALL_CONNECTED, 0));
	EXPECT_STATE(self->app, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
}

TEST_F(prov, an_incoming_call_brings_its_caller_id)
{
	struct utapi_caller_id cid = {
		.dev = self->p.dev, .flags = TAPI_PARTYID_NAME | TAPI_PARTYID_ADDRESS,
		.month = 12, .day = 7, .hour = 15, .minute = 30,
	};
	struct tapi_call_info ci;
	struct utapi_request r;
	struct tapi_event ev;
	int id;

	ASSERT_EQ(0, prov_event(&self->p, UTAPI_EVENT_RING, 1, 0, 0));
	ASSERT_EQ(1, next_event(self->app, TAPI_EVENT_RING, &ev, 2000));
	EXPECT_EQ(1U, ev.param[0]);
	id = prov_offer(&self->p, "5551234", "5550100");
	ASSERT_LT(0, id);
	EXPECT_STATE(self->app, id, TAPI_CALL_OFFERING, TAPI_PRIV_OWNER);
	cid.call_id = id;
	snprintf(cid.number, sizeof(cid.number), "5551234");
	snprintf(cid.name, sizeof(cid.name), "ALICE SMITH");
	ASSERT_EQ(0, ioctl(self->p.fd, UTAPI_IOC_CALLER_ID, &cid));
	ASSERT_EQ(1, next_event(self->app, TAPI_EVENT_CALL_INFO, &ev, 2000));
	EXPECT_EQ((unsigned int)TAPI_CALLINFO_CALLERID, ev.param[0]);
	ASSERT_EQ(0, call_info(self->app, id, &ci));
	EXPECT_STREQ("5551234", ci.caller);
	EXPECT_STREQ("5550100", ci.called);
	EXPECT_STREQ("ALICE SMITH", ci.caller_name);
	EXPECT_EQ((unsigned int)(TAPI_PARTYID_NAME | TAPI_PARTYID_ADDRESS), ci.caller_flags);
	EXPECT_EQ(12, ci.cid_month);
	EXPECT_EQ(7, ci.cid_day);
	EXPECT_EQ(15, ci.cid_hour);
	EXPECT_EQ(30, ci.cid_minute);
	cid.month = 13;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CALLER_ID, &cid));
	EXPECT_EQ(EINVAL, errno);
	{
		struct utapi_call_new bad = { .dev = self->p.dev, .how = UTAPI_CALL_OFFER,
					      .media_mode = VOICE, .origin = 0x40 };

		EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CALL_NEW, &bad));
		EXPECT_EQ(EINVAL, errno);
		bad.origin = 0;
		bad.media_mode = VOICE | TAPI_MEDIA_G3FAX;	/* one mode, not two */
		EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_CALL_NEW, &bad));
		EXPECT_EQ(EINVAL, errno);
	}

	/* answering goes through the provider */
	{
		struct app_call a = { .fd = self->app, .id = id };

		ASSERT_EQ(0, pthread_create(&a.t, NULL, app_answer, &a));
		ASSERT_EQ(1, prov_next(&self->p, &r, 3000));
		EXPECT_EQ((unsigned int)UTAPI_REQ_ANSWER, r.type);
		EXPECT_EQ((unsigned int)id, r.call_id);
		ASSERT_EQ(0, prov_reply(&self->p, r.seq, 0));
		pthread_join(a.t, NULL);
		EXPECT_EQ(0, a.result);
	}
	ASSERT_EQ(0, prov_state(&self->p, id, TAPI_CALL_CONNECTED, 0));
	EXPECT_STATE(self->app, id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER);
	/* the far end hangs up */
	ASSERT_EQ(0, prov_state(&self->p, id, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NORMAL));
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(self->app, id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_OWNER));
}

TEST_F(prov, a_digit_the_provider_heard_is_a_digit_event)
{
	struct tapi_monitor_digits m = { .modes = TAPI_DIGITMODE_DTMF };
	struct tapi_event ev;

	ASSERT_EQ(0, ioctl(self->app, TAPI_IOC_MONITOR_DIGITS, &m));
	ASSERT_EQ(0, prov_event(&self->p, UTAPI_EVENT_DIGIT, '7', TAPI_DIGIT_DTMF,
				TAPI_DIGIT_START));
	ASSERT_EQ(0, prov_event(&self->p, UTAPI_EVENT_DIGIT, '7', TAPI_DIGIT_DTMF,
				TAPI_DIGIT_END));
	ASSERT_EQ(1, next_event(self->app, TAPI_EVENT_DIGIT, &ev, 2000));
	EXPECT_EQ((unsigned int)'7', ev.param[0]);
	EXPECT_EQ((unsigned int)TAPI_DIGIT_DTMF, ev.param[1]);
	EXPECT_EQ((unsigned int)TAPI_DIGIT_START, ev.param[2]);
}

TEST_F(prov, out_of_service_and_back)
{
	struct tapi_status_events se = { .line_states = TAPI_LINESTATE_OUTOFSERVICE |
							TAPI_LINESTATE_INSERVICE };
	struct tapi_event ev;

	ASSERT_EQ(0, ioctl(self->app, TAPI_IOC_SET_STATUS_EVENTS, &se));
	ASSERT_EQ(0, prov_event(&self->p, UTAPI_EVENT_SERVICE, 0, 0, 0));
	ASSERT_EQ(1, next_event(self->app, TAPI_EVENT_LINE_STATE, &ev, 2000));
	EXPECT_EQ((unsigned int)TAPI_LINESTATE_OUTOFSERVICE, ev.param[0]);
	ASSERT_EQ(0, prov_event(&self->p, UTAPI_EVENT_SERVICE, 1, 0, 0));
	ASSERT_EQ(1, next_event(self->app, TAPI_EVENT_LINE_STATE, &ev, 2000));
	EXPECT_EQ((unsigned int)TAPI_LINESTATE_INSERVICE, ev.param[0]);
}

TEST_F(prov, a_flood_of_reports_is_bounded)
{
	struct tapi_event ev;
	int i, overflow = 0;

	for (i = 1; i <= 5000; i++)
		ASSERT_EQ(0, prov_event(&self->p, UTAPI_EVENT_RING, i, 0, 0));
	while (read(self->app, &ev, sizeof(ev)) == sizeof(ev))
		overflow |= ev.type == TAPI_EVENT_OVERFLOW;
	EXPECT_TRUE(overflow);
}

TEST_F(prov, sixteen_devices_at_most)
{
	struct prov more = { .fd = self->p.fd };
	int i, ret = 0;

	for (i = 1; i < UTAPI_MAX_DEVICES && !ret; i++)
		ret = prov_line(&more, 0, 0, 0);
	EXPECT_EQ(0, ret);
	EXPECT_EQ(-ENOSPC, prov_line(&more, 0, 0, 0));
	ASSERT_EQ(0, ioctl(self->p.fd, UTAPI_IOC_DESTROY, &more.dev));
	EXPECT_EQ(0, prov_line(&more, 0, 0, 0));
}

TEST_F(prov, a_phone_is_set_through_its_provider_and_reports_its_buttons)
{
	struct tapi_phone_button btn[2] = {
		{ .mode = TAPI_BUTTON_MODE_FEATURE, .lamp_modes = TAPI_LAMP_STEADY, .text = "Mute" },
		{ .mode = TAPI_BUTTON_MODE_KEYPAD, .text = "5" },
	};
	struct utapi_phone_create pc = {
		.version = UTAPI_VERSION, .line_dev = self->p.dev,
		.hookswitch_devs = TAPI_HOOKSWITCH_HANDSET,
		.hookswitch_modes = { TAPI_HOOKSWITCH_MICSPEAKER },
		.num_buttons = 2, .buttons = (uintptr_t)btn,
	};
	struct tapi_phone_events pe = {
		.phone_states = TAPI_PHONESTATE_HANDSETHOOKSWITCH | TAPI_PHONESTATE_LAMP,
		.button_modes = TAPI_BUTTON_MODE_KEYPAD, .button_states = TAPI_BUTTON_DOWN,
	};
	struct utapi_phone_update up = { .change = {
		.what = TAPI_PHONE_SET_HOOKSWITCH, .index = TAPI_HOOKSWITCH_HANDSET,
		.value = TAPI_HOOKSWITCH_MICSPEAKER } };
	struct tapi_phone_set set = { .what = TAPI_PHONE_SET_LAMP, .index = 0,
				      .value = TAPI_LAMP_STEADY };
	struct utapi_phone_button ub = { .button = 1, .state = TAPI_BUTTON_DOWN };
	struct tapi_phone_button got = { .button = 0 };
	struct tapi_event ev;
	struct utapi_request r;
	struct app_call a;
	char path[40];
	unsigned int owner = TAPI_PRIV_OWNER;
	int ph;

	snprintf(pc.name, sizeof(pc.name), "utapi test phone");
	snprintf(pc.driver, sizeof(pc.driver), "utapi_test");
	ASSERT_EQ(0, ioctl(self->p.fd, UTAPI_IOC_CREATE_PHONE, &pc));
	snprintf(path, sizeof(path), "/dev/tapiphone%u", pc.phone_id);
	ph = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, ph);
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_EVENTS, &pe));
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_PRIVILEGE, &owner));

	/* an owner's change goes to the provider, and counts once it agrees */
	a.fd = ph;
	a.set = &set;
	ASSERT_EQ(0, pthread_create(&a.t, NULL, app_phone_set, &a));
	ASSERT_EQ(1, prov_next(&self->p, &r, 3000));
	EXPECT_EQ((unsigned int)UTAPI_REQ_PHONE_SET, r.type);
	EXPECT_EQ(pc.dev, r.dev);
	EXPECT_EQ((unsigned int)TAPI_PHONE_SET_LAMP, r.phone_set.what);
	EXPECT_EQ(0U, r.phone_set.index);
	EXPECT_EQ((unsigned int)TAPI_LAMP_STEADY, r.phone_set.value);
	ASSERT_EQ(0, prov_reply(&self->p, r.seq, 0));
	pthread_join(a.t, NULL);
	EXPECT_EQ(0, a.result);
	ASSERT_EQ(1, next_event(ph, TAPI_EVENT_PHONE_STATE, &ev, 2000));
	EXPECT_EQ((unsigned int)TAPI_PHONESTATE_LAMP, ev.param[0]);
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &got));
	EXPECT_EQ((unsigned int)TAPI_LAMP_STEADY, got.lamp);

	/* what the set does by itself: a handset lifted, a key pressed */
	up.dev = pc.dev;
	ASSERT_EQ(0, ioctl(self->p.fd, UTAPI_IOC_PHONE_UPDATE, &up));
	ASSERT_EQ(1, next_event(ph, TAPI_EVENT_PHONE_STATE, &ev, 2000));
	EXPECT_EQ((unsigned int)TAPI_PHONESTATE_HANDSETHOOKSWITCH, ev.param[0]);
	EXPECT_EQ((unsigned int)TAPI_HOOKSWITCH_MICSPEAKER, ev.param[1]);
	ub.dev = pc.dev;
	ASSERT_EQ(0, ioctl(self->p.fd, UTAPI_IOC_PHONE_BUTTON, &ub));
	ASSERT_EQ(1, next_event(ph, TAPI_EVENT_PHONE_BUTTON, &ev, 2000));
	EXPECT_EQ(1U, ev.param[0]);

	/* impossible reports are refused, not warned about */
	up.change.value = TAPI_HOOKSWITCH_MIC;	/* not a mode it has */
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_PHONE_UPDATE, &up));
	EXPECT_EQ(EINVAL, errno);
	ub.button = 2;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_PHONE_BUTTON, &ub));
	EXPECT_EQ(EINVAL, errno);
	ub.dev = self->p.dev;			/* a line is no phone */
	ub.button = 1;
	EXPECT_EQ(-1, ioctl(self->p.fd, UTAPI_IOC_PHONE_BUTTON, &ub));
	EXPECT_EQ(ENOENT, errno);

	/* the line goes, and its phone with it */
	ASSERT_EQ(0, ioctl(self->p.fd, UTAPI_IOC_DESTROY, &self->p.dev));
	ASSERT_EQ(1, next_event(ph, TAPI_EVENT_PHONE_STATE, &ev, 2000));
	EXPECT_EQ((unsigned int)TAPI_PHONESTATE_REMOVED, ev.param[0]);
	close(ph);
}

/* The provider's process dies while an application waits for it. */
TEST(a_provider_that_dies_takes_its_line_with_it)
{
	struct tapi_event ev;
	struct app_call a;
	struct prov p;
	int app, pipefd[2], status, removed = 0;
	char path[32];
	pid_t pid;

	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct utapi_request r;

		if (prov_open(&p, CALL_OPS, 0, 30000))
			_exit(1);
		if (write(pipefd[1], p.path, sizeof(p.path)) != sizeof(p.path))
			_exit(1);
		/* take the request, then die without answering */
		prov_next(&p, &r, 10000);
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	close(pipefd[1]);
	if (read(pipefd[0], path, sizeof(path)) != sizeof(path)) {
		waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 1 && access(UTAPI_PATH, F_OK))
			SKIP(return, "no /dev/utapi: utapi.ko is not loaded");
		ASSERT_TRUE(0);
	}
	app = open_line(path);
	ASSERT_LE(0, app);
	ASSERT_EQ(0, set_priv(app, TAPI_PRIV_OWNER, VOICE, 1));
	ASSERT_EQ(0, app_start(&a, app, "5551234"));
	pthread_join(a.t, NULL);
	waitpid(pid, &status, 0);
	EXPECT_TRUE(WIFSIGNALED(status));
	TH_LOG("the request failed after %.3f s", a.took_s);
	EXPECT_EQ(-ENODEV, a.result);
	EXPECT_GT(5.0, a.took_s);	/* the 30 s timeout was not waited for */
	while (read(app, &ev, sizeof(ev)) == sizeof(ev))
		removed |= ev.type == TAPI_EVENT_LINE_STATE &&
			   ev.param[0] == TAPI_LINESTATE_REMOVED;
	EXPECT_TRUE(removed);
	EXPECT_EQ(-1, make_call(app, "1", VOICE) < 0 ? -1 : 0);
	EXPECT_EQ(-1, open(path, O_RDWR));
	close(app);
	close(pipefd[0]);
}

/*
 * Applications call, the provider answers, refuses, stays silent or
 * answers late, and removes and recreates lines under them, for 3 s: every
 * request ends with a result an application can act on, nothing hangs,
 * and the debug kernel's KASAN, lockdep and kmemleak judge the races.
 */
#define RACE_LINES	4

struct race {
	struct prov p;
	pthread_mutex_t lock;		/* paths[] */
	char paths[RACE_LINES][32];
	unsigned int devs[RACE_LINES];
	atomic_int stop;
	atomic_int odd;			/* results no application should see */
	atomic_int done, refused, timed_out, gone;
};

static void *race_app(void *arg)
{
	struct race *r = arg;
	unsigned int i = (uintptr_t)pthread_self() % RACE_LINES;

	while (!atomic_load(&r->stop)) {
		char path[32];
		int fd, id;

		pthread_mutex_lock(&r->lock);
		memcpy(path, r->paths[i], sizeof(path));
		pthread_mutex_unlock(&r->lock);
		i = (i + 1) % RACE_LINES;
		fd = open_line(path);
		if (fd < 0)
			continue;		/* removed meanwhile */
		id = make_call(fd, "5551234", VOICE);
		if (id > 0) {
			atomic_fetch_add(&r->done, 1);
			call_op(fd, TAPI_IOC_DROP, id);
		} else if (id == -EBUSY) {
			atomic_fetch_add(&r->refused, 1);
		} else if (id == -ETIMEDOUT) {
			atomic_fetch_add(&r->timed_out, 1);
		} else if (id == -ENODEV) {
			atomic_fetch_add(&r->gone, 1);
		} else {
			atomic_fetch_add(&r->odd, 1);
		}
		close(fd);
	}
	return NULL;
}

TEST(requests_race_answers_silences_and_removals)
{
	struct race r = { .lock = PTHREAD_MUTEX_INITIALIZER };
	unsigned long long late[8] = { 0 };
	pthread_t apps[RACE_LINES * 2];
	unsigned int i, n = 0;
	double end;

	r.p.fd = open(UTAPI_PATH, O_RDWR | O_CLOEXEC);
	if (r.p.fd < 0 && errno == ENOENT)
		SKIP(return, "no /dev/utapi: utapi.ko is not loaded");
	ASSERT_LE(0, r.p.fd);
	for (i = 0; i < RACE_LINES; i++) {
		ASSERT_EQ(0, prov_line(&r.p, CALL_OPS, 0, 200));
		r.devs[i] = r.p.dev;
		memcpy(r.paths[i], r.p.path, sizeof(r.paths[i]));
	}
	for (i = 0; i < RACE_LINES * 2; i++)
		ASSERT_EQ(0, pthread_create(&apps[i], NULL, race_app, &r));
	srand(1234);
	for (end = mono_s() + 3; mono_s() < end; n++) {
		struct utapi_request q;
		int what = rand() % 10;

		if (prov_next(&r.p, &q, 20) == 1 && q.seq) {
			if (what < 5)
				prov_reply(&r.p, q.seq, 0);
			else if (what < 7)
				prov_reply(&r.p, q.seq, -EBUSY);
			else if (what < 9)
				late[n % 8] = q.seq;	/* answered later, or never */
		}
		prov_reply(&r.p, late[rand() % 8], 0);
		if (rand() % 25 == 0) {
			i = rand() % RACE_LINES;
			ASSERT_EQ(0, ioctl(r.p.fd, UTAPI_IOC_DESTROY, &r.devs[i]));
			ASSERT_EQ(0, prov_line(&r.p, CALL_OPS, 0, 200));
			pthread_mutex_lock(&r.lock);
			r.devs[i] = r.p.dev;
			memcpy(r.paths[i], r.p.path, sizeof(r.paths[i]));
			pthread_mutex_unlock(&r.lock);
		}
	}
	atomic_store(&r.stop, 1);
	/* the last requests are answered by the session's end */
	close(r.p.fd);
	for (i = 0; i < RACE_LINES * 2; i++)
		pthread_join(apps[i], NULL);
	TH_LOG("%d made, %d refused, %d timed out, %d gone with their line",
	       atomic_load(&r.done), atomic_load(&r.refused), atomic_load(&r.timed_out),
	       atomic_load(&r.gone));
	EXPECT_EQ(0, atomic_load(&r.odd));
	EXPECT_LT(0, atomic_load(&r.done));
	EXPECT_LT(0, atomic_load(&r.refused));
	EXPECT_LT(0, atomic_load(&r.timed_out));
}

TEST_HARNESS_MAIN
