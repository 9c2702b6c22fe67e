// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for calls (kernel/core/call.c): the state machine, routing of
 * new calls by media mode and priority, privileges, and what the core asks
 * of the driver, on a line of a recording test driver.
 */
#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/module.h>
#include <linux/string.h>

#include "tapi_core.h"

/* What the test driver was asked, and what it answers. */
static struct {
	int make_ret;
	u32 report_in_make;	/* a state to report from inside make_call */
	unsigned int makes, dials, answers, drops;
	u32 last_id, last_media;
	char last_dial[TAPI_DIAL_LEN];
} drv;

static int kd_make_call(struct tapi_line *line, u32 id, const char *dial, u32 media)
{
	drv.makes++;
	drv.last_id = id;
	drv.last_media = media;
	strscpy(drv.last_dial, dial, sizeof(drv.last_dial));
	if (!drv.make_ret && drv.report_in_make)
		tapi_call_state(line, id, drv.report_in_make, 0);
	return drv.make_ret;
}

static int kd_dial(struct tapi_line *line, u32 id, const char *dial)
{
	drv.dials++;
	strscpy(drv.last_dial, dial, sizeof(drv.last_dial));
	return 0;
}

static int kd_answer(struct tapi_line *line, u32 id)
{
	drv.answers++;
	tapi_call_state(line, id, TAPI_CALL_CONNECTED, 0);
	return 0;
}

static void kd_drop(struct tapi_line *line, u32 id)
{
	drv.drops++;
	drv.last_id = id;
}

static const struct tapi_line_ops kd_ops = {
	.make_call = kd_make_call,
	.dial = kd_dial,
	.answer = kd_answer,
	.drop = kd_drop,
};

static const struct tapi_line_desc kd_desc = {
	.driver = "tapi_kunit",
	.name = "KUnit call line",
	.address = "777",
	.line_type = TAPI_LINE_TYPE_SUBSCRIBER,
	.ops = &kd_ops,
};

struct call_ctx {
	struct tapi_line *line;
};

static int call_test_init(struct kunit *test)
{
	struct call_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	memset(&drv, 0, sizeof(drv));
	ctx->line = tapi_line_register(&kd_desc);
	if (IS_ERR(ctx->line))
		return PTR_ERR(ctx->line);
	test->priv = ctx;
	return 0;
}

static void call_test_exit(struct kunit *test)
{
	struct call_ctx *ctx = test->priv;

	tapi_line_unregister(ctx->line);
}

static struct tapi_line_file *open_file(struct kunit *test, u32 privs, u32 media, u32 prio)
{
	struct call_ctx *ctx = test->priv;
	struct tapi_privileges p = {
		.privileges = privs, .media_modes = media, .priority = prio,
	};
	struct tapi_line_file *tf = tapi_line_file_open(ctx->line);

	KUNIT_ASSERT_FALSE(test, IS_ERR(tf));
	KUNIT_ASSERT_EQ(test, tapi_call_set_privileges(tf, &p), 0);
	return tf;
}

/* The call events queued for @tf, consumed; how many. */
static unsigned int call_events(struct tapi_line_file *tf, struct tapi_event *ev,
				unsigned int max)
{
	unsigned int n;

	spin_lock_irq(&tf->line->tdev.lock);
	n = tapi_evq_peek(&tf->fh.events, ev, max);
	tapi_evq_consume(&tf->fh.events, n);
	spin_unlock_irq(&tf->line->tdev.lock);
	return n;
}

static int make(struct tapi_line_file *tf, const char *dial, u32 media)
{
	struct tapi_make_call m = { .media_mode = media };
	int ret;

	strscpy(m.dial, dial, sizeof(m.dial));
	ret = tapi_call_make(tf, &m);
	return ret ? ret : m.call_id;
}

static void call_make_reaches_driver_and_owner(struct kunit *test)
{
	struct tapi_line_file *owner = open_file(test, TAPI_PRIV_NONE, 0, 0);
	struct tapi_line_file *mon = open_file(test, TAPI_PRIV_MONITOR, 0, 0);
	struct tapi_event ev[4];
	struct tapi_call_info ci = { 0 };
	int id;

	id = make(owner, "123;", 0);
	KUNIT_ASSERT_GT(test, id, 0);
	KUNIT_EXPECT_EQ(test, drv.makes, 1U);
	KUNIT_EXPECT_EQ(test, drv.last_id, (u32)id);
	KUNIT_EXPECT_STREQ(test, drv.last_dial, "123;");
	/* no media mode given: interactive voice, as TAPI defaults */
	KUNIT_EXPECT_EQ(test, drv.last_media, (u32)TAPI_MEDIA_INTERACTIVEVOICE);

	KUNIT_ASSERT_EQ(test, call_events(owner, ev, 4), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].type, (u32)TAPI_EVENT_CALL_STATE);
	KUNIT_EXPECT_EQ(test, ev[0].call_id, (u32)id);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_CALL_DIALING);
	KUNIT_EXPECT_EQ(test, ev[0].param[2], (u32)TAPI_PRIV_OWNER);
	KUNIT_ASSERT_EQ(test, call_events(mon, ev, 4), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].param[2], (u32)TAPI_PRIV_MONITOR);

	ci.call_id = id;
	KUNIT_ASSERT_EQ(test, tapi_call_get_info(owner, &ci), 0);
	KUNIT_EXPECT_STREQ(test, ci.caller, "777");
	KUNIT_EXPECT_STREQ(test, ci.called, "123;");
	KUNIT_EXPECT_EQ(test, ci.origin, (u32)TAPI_ORIGIN_OUTBOUND);

	tapi_fh_close(&mon->fh);
	tapi_fh_close(&owner->fh);
	/* the owner's close dropped the call through the driver */
	KUNIT_EXPECT_EQ(test, drv.drops, 1U);
}

static void call_refused_by_driver_leaves_no_trace(struct kunit *test)
{
	struct tapi_line_file *owner = open_file(test, TAPI_PRIV_NONE, 0, 0);
	struct tapi_line_file *mon = open_file(test, TAPI_PRIV_MONITOR, 0, 0);
	struct tapi_event ev[2];
	int id;

	drv.make_ret = -EBUSY;
	KUNIT_EXPECT_EQ(test, make(owner, "1", TAPI_MEDIA_DATAMODEM), -EBUSY);
	KUNIT_EXPECT_EQ(test, call_events(owner, ev, 2), 0U);
	KUNIT_EXPECT_EQ(test, call_events(mon, ev, 2), 0U);
	KUNIT_EXPECT_EQ(test, tapi_call_list(mon, NULL, 0), 0U);

	/* a state the driver reports from inside make_call shows at once */
	drv.make_ret = 0;
	drv.report_in_make = TAPI_CALL_PROCEEDING;
	id = make(owner, "1", TAPI_MEDIA_DATAMODEM);
	KUNIT_ASSERT_GT(test, id, 0);
	KUNIT_ASSERT_EQ(test, call_events(owner, ev, 2), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_CALL_PROCEEDING);
	KUNIT_EXPECT_EQ(test, ev[0].param[3], (u32)TAPI_MEDIA_DATAMODEM);
	tapi_fh_close(&mon->fh);
	tapi_fh_close(&owner->fh);
}

static void call_offer_routes_by_media_and_priority(struct kunit *test)
{
	struct call_ctx *ctx = test->priv;
	struct tapi_line_file *low =
		open_file(test, TAPI_PRIV_OWNER, TAPI_MEDIA_INTERACTIVEVOICE, 1);
	struct tapi_line_file *high = open_file(test, TAPI_PRIV_OWNER,
					   TAPI_MEDIA_INTERACTIVEVOICE | TAPI_MEDIA_G3FAX, 3);
	struct tapi_line_file *tie =
		open_file(test, TAPI_PRIV_OWNER, TAPI_MEDIA_INTERACTIVEVOICE, 3);
	struct tapi_line_file *fax = open_file(test, TAPI_PRIV_OWNER, TAPI_MEDIA_G3FAX, 9);
	struct tapi_line_file *mon = open_file(test, TAPI_PRIV_MONITOR | TAPI_PRIV_OWNER,
					  TAPI_MEDIA_TDD, 0);
	struct tapi_call_params p = {
		.media_mode = TAPI_MEDIA_INTERACTIVEVOICE, .caller = "42",
	};
	struct tapi_event ev[2];
	int id;

	id = tapi_call_offer(ctx->line, &p);
	KUNIT_ASSERT_GT(test, id, 0);
	KUNIT_EXPECT_EQ(test, call_events(low, ev, 2), 0U);
	KUNIT_EXPECT_EQ(test, call_events(tie, ev, 2), 0U);
	KUNIT_EXPECT_EQ(test, call_events(fax, ev, 2), 0U);
	KUNIT_ASSERT_EQ(test, call_events(high, ev, 2), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_CALL_OFFERING);
	KUNIT_EXPECT_EQ(test, ev[0].param[2], (u32)TAPI_PRIV_OWNER);
	KUNIT_ASSERT_EQ(test, call_events(mon, ev, 2), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].param[2], (u32)TAPI_PRIV_MONITOR);

	p.media_mode = TAPI_MEDIA_G3FAX;
	id = tapi_call_offer(ctx->line, &p);
	KUNIT_ASSERT_GT(test, id, 0);
	KUNIT_EXPECT_EQ(test, call_events(high, ev, 2), 0U);
	KUNIT_ASSERT_EQ(test, call_events(fax, ev, 2), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].param[3], (u32)TAPI_MEDIA_G3FAX);

	/* several media modes at once is not a call's media mode */
	p.media_mode = TAPI_MEDIA_G3FAX | TAPI_MEDIA_TDD;
	KUNIT_EXPECT_EQ(test, tapi_call_offer(ctx->line, &p), -EINVAL);

	tapi_fh_close(&low->fh);
	tapi_fh_close(&high->fh);
	tapi_fh_close(&tie->fh);
	tapi_fh_close(&fax->fh);
	tapi_fh_close(&mon->fh);
}

/* A call the line's telephone starts: dial tone, outbound, routed like an offer. */
static void call_originate_starts_in_dial_tone(struct kunit *test)
{
	struct call_ctx *ctx = test->priv;
	struct tapi_line_file *fax = open_file(test, TAPI_PRIV_OWNER, TAPI_MEDIA_G3FAX, 0);
	struct tapi_line_file *voice =
		open_file(test, TAPI_PRIV_OWNER, TAPI_MEDIA_INTERACTIVEVOICE, 0);
	struct tapi_line_file *mon = open_file(test, TAPI_PRIV_MONITOR, 0, 0);
	struct tapi_call_params p = {
		.media_mode = TAPI_MEDIA_INTERACTIVEVOICE, .origin = TAPI_ORIGIN_EXTERNAL,
		.caller = "1001",
	};
	struct tapi_call_info ci = { 0 };
	struct tapi_event ev[2];
	int id;

	id = tapi_call_originate(ctx->line, &p);
	KUNIT_ASSERT_GT(test, id, 0);
	KUNIT_EXPECT_EQ(test, call_events(fax, ev, 2), 0U);
	KUNIT_ASSERT_EQ(test, call_events(voice, ev, 2), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].call_id, (u32)id);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_CALL_DIALTONE);
	KUNIT_EXPECT_EQ(test, ev[0].param[2], (u32)TAPI_PRIV_OWNER);
	KUNIT_ASSERT_EQ(test, call_events(mon, ev, 2), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].param[2], (u32)TAPI_PRIV_MONITOR);
	ci.call_id = id;
	KUNIT_ASSERT_EQ(test, tapi_call_get_info(voice, &ci), 0);
	/* made on this line, whatever the driver said */
	KUNIT_EXPECT_EQ(test, ci.origin, (u32)TAPI_ORIGIN_OUTBOUND);
	KUNIT_EXPECT_STREQ(test, ci.caller, "1001");
	KUNIT_EXPECT_EQ(test, ci.state, (u32)TAPI_CALL_DIALTONE);
	p.media_mode = 0;
	KUNIT_EXPECT_EQ(test, tapi_call_originate(ctx->line, &p), -EINVAL);
	tapi_fh_close(&fax->fh);
	tapi_fh_close(&voice->fh);
	tapi_fh_close(&mon->fh);
}

static void call_states_and_ends(struct kunit *test)
{
	struct call_ctx *ctx = test->priv;
	struct tapi_line_file *owner = open_file(test, TAPI_PRIV_OWNER, TAPI_MEDIA_ALL, 0);
	struct tapi_call_params p = { .media_mode = TAPI_MEDIA_UNKNOWN };
	struct tapi_call_op op = { 0 };
	struct tapi_event ev[4];
	int id, i, ids[TAPI_MAX_CALLS];

	id = tapi_call_offer(ctx->line, &p);
	KUNIT_ASSERT_GT(test, id, 0);
	op.call_id = id;
	KUNIT_EXPECT_EQ(test, tapi_call_accept(owner, &op), 0);
	KUNIT_EXPECT_EQ(test, tapi_call_accept(owner, &op), -EBUSY);
	KUNIT_EXPECT_EQ(test, tapi_call_answer(owner, &op), 0);
	KUNIT_EXPECT_EQ(test, drv.answers, 1U);
	KUNIT_EXPECT_EQ(test, tapi_call_answer(owner, &op), -EBUSY);
	tapi_call_state(ctx->line, id, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NORMAL);
	KUNIT_ASSERT_EQ(test, call_events(owner, ev, 4), 4U);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_CALL_OFFERING);
	KUNIT_EXPECT_EQ(test, ev[1].param[0], (u32)TAPI_CALL_ACCEPTED);
	KUNIT_EXPECT_EQ(test, ev[2].param[0], (u32)TAPI_CALL_CONNECTED);
	KUNIT_EXPECT_EQ(test, ev[3].param[0], (u32)TAPI_CALL_DISCONNECTED);
	KUNIT_EXPECT_EQ(test, ev[3].param[1], (u32)TAPI_DISCONNECT_NORMAL);
	for (i = 1; i < 4; i++)
		KUNIT_EXPECT_EQ(test, ev[i].seq, ev[i - 1].seq + 1);

	/* dropping a disconnected call does not bother the driver */
	KUNIT_EXPECT_EQ(test, tapi_call_drop(owner, &op), 0);
	KUNIT_EXPECT_EQ(test, drv.drops, 0U);
	KUNIT_ASSERT_EQ(test, call_events(owner, ev, 4), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_CALL_IDLE);
	KUNIT_EXPECT_EQ(test, tapi_call_drop(owner, &op), -ENOENT);

	/* slots run out; IDs keep growing */
	for (i = 0; i < TAPI_MAX_CALLS; i++) {
		ids[i] = tapi_call_offer(ctx->line, &p);
		KUNIT_EXPECT_GT(test, ids[i], i ? ids[i - 1] : id);
	}
	KUNIT_EXPECT_EQ(test, tapi_call_offer(ctx->line, &p), -ENOSPC);
	KUNIT_EXPECT_EQ(test, tapi_call_list(owner, NULL, 0), (unsigned int)TAPI_MAX_CALLS);
	/* the driver ends one itself: the slot is free again */
	tapi_call_state(ctx->line, ids[3], TAPI_CALL_IDLE, 0);
	KUNIT_EXPECT_GT(test, tapi_call_offer(ctx->line, &p), ids[TAPI_MAX_CALLS - 1]);
	tapi_fh_close(&owner->fh);
	KUNIT_EXPECT_EQ(test, drv.drops, (unsigned int)TAPI_MAX_CALLS);
}

static void call_unowned_disconnect_ends_the_call(struct kunit *test)
{
	struct call_ctx *ctx = test->priv;
	struct tapi_line_file *mon = open_file(test, TAPI_PRIV_MONITOR, 0, 0);
	struct tapi_call_params p = { .media_mode = TAPI_MEDIA_G3FAX };
	struct tapi_call_privilege cp;
	struct tapi_event ev[4];
	int id;

	id = tapi_call_offer(ctx->line, &p);
	KUNIT_ASSERT_GT(test, id, 0);
	tapi_call_state(ctx->line, id, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_UNAVAIL);
	KUNIT_ASSERT_EQ(test, call_events(mon, ev, 4), 3U);
	KUNIT_EXPECT_EQ(test, ev[1].param[0], (u32)TAPI_CALL_DISCONNECTED);
	KUNIT_EXPECT_EQ(test, ev[2].param[0], (u32)TAPI_CALL_IDLE);
	KUNIT_EXPECT_EQ(test, tapi_call_list(mon, NULL, 0), 0U);

	/* an owner turning monitor leaves a disconnected call to end */
	id = tapi_call_offer(ctx->line, &p);
	cp = (struct tapi_call_privilege){ .call_id = id, .privilege = TAPI_PRIV_OWNER };
	KUNIT_ASSERT_EQ(test, tapi_call_set_privilege(mon, &cp), 0);
	tapi_call_state(ctx->line, id, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NORMAL);
	KUNIT_EXPECT_EQ(test, tapi_call_list(mon, NULL, 0), 1U);
	cp.privilege = TAPI_PRIV_MONITOR;
	KUNIT_ASSERT_EQ(test, tapi_call_set_privilege(mon, &cp), 0);
	KUNIT_EXPECT_EQ(test, tapi_call_list(mon, NULL, 0), 0U);
	KUNIT_EXPECT_EQ(test, drv.drops, 0U);
	tapi_fh_close(&mon->fh);
}

static void call_dial_strings(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, tapi_dial_string_valid("", 4, true));
	KUNIT_EXPECT_FALSE(test, tapi_dial_string_valid("", 4, false));
	KUNIT_EXPECT_TRUE(test, tapi_dial_string_valid("9W,1!*#D", 16, false));
	KUNIT_EXPECT_TRUE(test, tapi_dial_string_valid("+44P20T@$;", 16, false));
	KUNIT_EXPECT_FALSE(test, tapi_dial_string_valid("12 3", 16, false));
	KUNIT_EXPECT_FALSE(test, tapi_dial_string_valid("12E", 16, false));
	KUNIT_EXPECT_FALSE(test, tapi_dial_string_valid("1234", 4, false));
}

/*
 * What an owner sets reaches every file that knows the call; a file
 * adopts calls it did not know; a call handed over by name.
 */
static void call_set_adopt_and_handoff_by_name(struct kunit *test)
{
	struct call_ctx *ctx = test->priv;
	struct tapi_line_file *owner =
		open_file(test, TAPI_PRIV_OWNER, TAPI_MEDIA_INTERACTIVEVOICE, 1);
	struct tapi_line_file *other = open_file(test, TAPI_PRIV_NONE, 0, 0);
	struct tapi_call_params p = { .media_mode = TAPI_MEDIA_INTERACTIVEVOICE };
	struct tapi_call_set set = { .what = TAPI_CALLSET_APPSPECIFIC | TAPI_CALLSET_MEDIAMODE,
				     .app_specific = 99,
				     .media_mode = TAPI_MEDIA_UNKNOWN | TAPI_MEDIA_G3FAX };
	struct tapi_handoff_name hn = { .name = "b" };
	struct tapi_call_info ci = { 0 };
	struct tapi_event ev[4];
	int id;

	id = tapi_call_offer(ctx->line, &p);
	KUNIT_ASSERT_GT(test, id, 0);
	KUNIT_EXPECT_EQ(test, tapi_call_list(other, NULL, 0), 0U);
	tapi_call_adopt(other);
	KUNIT_EXPECT_EQ(test, tapi_call_list(other, NULL, 0), 1U);
	KUNIT_EXPECT_EQ(test, call_events(other, ev, 4), 0U);	/* adopted silently */

	set.call_id = id;
	KUNIT_EXPECT_EQ(test, tapi_call_set(other, &set), -EPERM);
	call_events(owner, ev, 4);
	KUNIT_ASSERT_EQ(test, tapi_call_set(owner, &set), 0);
	KUNIT_ASSERT_EQ(test, call_events(other, ev, 4), 2U);
	KUNIT_EXPECT_EQ(test, ev[0].type, (u32)TAPI_EVENT_CALL_INFO);
	KUNIT_EXPECT_EQ(test, ev[0].param[0], (u32)TAPI_CALLINFO_MEDIAMODE);
	KUNIT_EXPECT_EQ(test, ev[1].param[0], (u32)TAPI_CALLINFO_APPSPECIFIC);
	KUNIT_EXPECT_EQ(test, call_events(owner, ev, 4), 2U);
	ci.call_id = id;
	KUNIT_ASSERT_EQ(test, tapi_call_get_info(other, &ci), 0);
	KUNIT_EXPECT_EQ(test, ci.app_specific, 99U);
	KUNIT_EXPECT_EQ(test, ci.media_mode, (u32)(TAPI_MEDIA_UNKNOWN | TAPI_MEDIA_G3FAX));
	KUNIT_EXPECT_EQ(test, ci.treatment, 0U);	/* the line has none */
	/* a line whose driver plays no treatments */
	set = (struct tapi_call_set){ .call_id = id, .what = TAPI_CALLSET_TREATMENT,
				      .treatment = TAPI_TREATMENT_BUSY };
	KUNIT_EXPECT_EQ(test, tapi_call_set(owner, &set), -EOPNOTSUPP);

	strscpy(other->name, "b", sizeof(other->name));
	hn.call_id = id;
	KUNIT_ASSERT_EQ(test, tapi_call_handoff_name(owner, &hn), 0);
	KUNIT_ASSERT_EQ(test, call_events(other, ev, 4), 1U);
	KUNIT_EXPECT_EQ(test, ev[0].type, (u32)TAPI_EVENT_CALL_STATE);
	KUNIT_EXPECT_EQ(test, ev[0].param[2], (u32)TAPI_PRIV_OWNER);
	/* already an owner: nothing more to tell */
	KUNIT_EXPECT_EQ(test, tapi_call_handoff_name(owner, &hn), 0);
	KUNIT_EXPECT_EQ(test, call_events(other, ev, 4), 0U);
	strscpy(hn.name, "nobody", sizeof(hn.name));
	KUNIT_EXPECT_EQ(test, tapi_call_handoff_name(owner, &hn), -ESRCH);

	tapi_fh_close(&other->fh);
	tapi_fh_close(&owner->fh);
}

static struct kunit_case call_cases[] = {
	KUNIT_CASE(call_make_reaches_driver_and_owner),
	KUNIT_CASE(call_refused_by_driver_leaves_no_trace),
	KUNIT_CASE(call_offer_routes_by_media_and_priority),
	KUNIT_CASE(call_originate_starts_in_dial_tone),
	KUNIT_CASE(call_states_and_ends),
	KUNIT_CASE(call_unowned_disconnect_ends_the_call),
	KUNIT_CASE(call_dial_strings),
	KUNIT_CASE(call_set_adopt_and_handoff_by_name),
	{}
};

static struct kunit_suite call_suite = {
	.name = "tapi_call",
	.init = call_test_init,
	.exit = call_test_exit,
	.test_cases = call_cases,
};

kunit_test_suite(call_suite);
