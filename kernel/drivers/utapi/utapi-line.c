// SPDX-License-Identifier: GPL-2.0-only
/*
 * A provider's lines: the driver operations the core calls become requests
 * to the provider (utapi-request.c), and what the provider reports becomes
 * the driver API's calls (tapi_call_offer(), tapi_call_state(), ...). Every
 * report is checked here first: a provider is user space, and what it
 * sends must never reach the core's warnings about drivers' bugs.
 */
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "utapi.h"

static struct utapi_dev *utapi_of(struct tapi_line *line)
{
	return tapi_line_priv(line);
}

static int utapi_op(struct tapi_line *line, u32 type, u32 call_id, u32 value,
		    const char *dial)
{
	struct utapi_request rec = { .type = type, .call_id = call_id, .value = value };

	if (dial)
		strscpy(rec.dial, dial, sizeof(rec.dial));
	return utapi_request(utapi_of(line), &rec);
}

static int utapi_make_call(struct tapi_line *line, u32 call_id, const char *dial,
			   u32 media_mode)
{
	struct utapi_request rec = {
		.type = UTAPI_REQ_MAKE_CALL, .call_id = call_id, .media_mode = media_mode,
	};

	strscpy(rec.dial, dial, sizeof(rec.dial));
	return utapi_request(utapi_of(line), &rec);
}

static int utapi_dial(struct tapi_line *line, u32 call_id, const char *dial)
{
	return utapi_op(line, UTAPI_REQ_DIAL, call_id, 0, dial);
}

static int utapi_answer(struct tapi_line *line, u32 call_id)
{
	return utapi_op(line, UTAPI_REQ_ANSWER, call_id, 0, NULL);
}

static int utapi_hold(struct tapi_line *line, u32 call_id)
{
	return utapi_op(line, UTAPI_REQ_HOLD, call_id, 0, NULL);
}

static int utapi_unhold(struct tapi_line *line, u32 call_id)
{
	return utapi_op(line, UTAPI_REQ_UNHOLD, call_id, 0, NULL);
}

/* Hanging up needs no answer: the core ends the call at once. */
static void utapi_drop(struct tapi_line *line, u32 call_id)
{
	struct utapi_request rec = { .type = UTAPI_REQ_DROP, .call_id = call_id };

	utapi_request_async(utapi_of(line), &rec, GFP_KERNEL);
}

/* From the tick: dial pulses, the loop broken and closed again. */
static void utapi_loop_break(struct tapi_line *line, bool brk)
{
	struct utapi_request rec = { .type = UTAPI_REQ_LOOP_BREAK, .value = brk };

	utapi_request_async(utapi_of(line), &rec, GFP_ATOMIC);
}

static int utapi_set_treatment(struct tapi_line *line, u32 call_id, u32 treatment)
{
	return utapi_op(line, UTAPI_REQ_SET_TREATMENT, call_id, treatment, NULL);
}

static int utapi_set_msg_wait(struct tapi_line *line, bool on)
{
	return utapi_op(line, UTAPI_REQ_SET_MSG_WAIT, 0, on, NULL);
}

static unsigned long utapi_timeout(u32 ms)
{
	return msecs_to_jiffies(ms ? ms : UTAPI_TIMEOUT_DEFAULT_MS);
}

static bool utapi_str_ok(const char *s, size_t size, bool may_be_empty)
{
	size_t len = strnlen(s, size);

	return len < size && (len || may_be_empty);
}

/* UTAPI_IOC_CREATE_LINE: the line's operations are the ones it has. */
int utapi_line_create(struct utapi_session *s, struct utapi_dev *d,
		      struct utapi_line_create *req)
{
	struct tapi_line_desc desc = {
		.driver = req->driver, .name = req->name, .address = req->address,
		.line_type = req->line_type, .caps = req->caps, .ops = &d->ops, .priv = d,
	};
	struct tapi_line *line;

	if (req->version >> 16 != UTAPI_VERSION_MAJOR || (req->ops & ~UTAPI_OPS) ||
	    (req->timeout_ms && (req->timeout_ms < UTAPI_TIMEOUT_MIN_MS ||
				 req->timeout_ms > UTAPI_TIMEOUT_MAX_MS)) ||
	    !utapi_str_ok(req->name, sizeof(req->name), true) ||
	    !utapi_str_ok(req->driver, sizeof(req->driver), false) ||
	    !utapi_str_ok(req->address, sizeof(req->address), true) ||
	    memchr_inv(req->reserved, 0, sizeof(req->reserved)))
		return -EINVAL;
	/* the core adds what it does for a line with audio, the driver the rest */
	if (req->caps & ~(TAPI_LINE_CAP_RING_EVENTS | TAPI_LINE_CAP_DTMF_DETECT |
			  TAPI_LINE_CAP_CALLERID | TAPI_LINE_CAP_HOOK_EVENTS |
			  TAPI_LINE_CAP_MSGWAIT | TAPI_LINE_CAP_TREATMENT))
		return -EINVAL;
	/* the core times the loop's breaks at the tick: hook events need audio */
	if ((req->caps & TAPI_LINE_CAP_HOOK_EVENTS) && !(req->ops & UTAPI_OP_AUDIO))
		return -EINVAL;
	if (!!(req->caps & TAPI_LINE_CAP_MSGWAIT) != !!(req->ops & UTAPI_OP_MSG_WAIT) ||
	    !!(req->caps & TAPI_LINE_CAP_TREATMENT) != !!(req->ops & UTAPI_OP_TREATMENT))
		return -EINVAL;

	d->op_mask = req->ops;
	d->timeout = utapi_timeout(req->timeout_ms);
	if (req->ops & UTAPI_OP_MAKE_CALL)
		d->ops.make_call = utapi_make_call;
	if (req->ops & UTAPI_OP_DIAL)
		d->ops.dial = utapi_dial;
	if (req->ops & UTAPI_OP_ANSWER)
		d->ops.answer = utapi_answer;
	if (req->ops & UTAPI_OP_HOLD) {
		d->ops.hold = utapi_hold;
		d->ops.unhold = utapi_unhold;
	}
	if (req->ops & UTAPI_OP_DROP)
		d->ops.drop = utapi_drop;
	if (req->ops & UTAPI_OP_TREATMENT)
		d->ops.set_treatment = utapi_set_treatment;
	if (req->ops & UTAPI_OP_MSG_WAIT)
		d->ops.set_msg_wait = utapi_set_msg_wait;
	if (req->ops & UTAPI_OP_AUDIO) {
		d->audio = utapi_audio_new();
		if (!d->audio)
			return -ENOMEM;
		d->ops.tick = utapi_audio_tick;
		if (req->ops & UTAPI_OP_LOOP_BREAK)
			d->ops.loop_break = utapi_loop_break;
	}
	line = tapi_line_register(&desc);
	if (IS_ERR(line)) {
		if (d->audio)
			utapi_audio_put(d->audio);
		d->audio = NULL;
		return PTR_ERR(line);
	}
	d->line = line;
	req->line_id = tapi_line_id(line);
	return 0;
}

static long utapi_call_new(struct utapi_session *s, void __user *argp)
{
	struct utapi_call_new req;
	struct tapi_call_params p;
	struct utapi_dev *d;
	int id;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	/* an incoming call comes from inside or outside the exchange, or who knows */
	if ((req.how != UTAPI_CALL_OFFER && req.how != UTAPI_CALL_ORIGINATE) ||
	    (req.origin && req.origin != TAPI_ORIGIN_INTERNAL &&
	     req.origin != TAPI_ORIGIN_EXTERNAL && req.origin != TAPI_ORIGIN_UNKNOWN) ||
	    !utapi_str_ok(req.caller, sizeof(req.caller), true) ||
	    !utapi_str_ok(req.called, sizeof(req.called), true) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	d = utapi_dev_get(s, req.dev, false);
	if (!d)
		return -ENOENT;
	p = (struct tapi_call_params){
		.media_mode = req.media_mode, .origin = req.origin,
		.caller = req.caller, .called = req.called,
	};
	id = req.how == UTAPI_CALL_OFFER ? tapi_call_offer(d->line, &p) :
					   tapi_call_originate(d->line, &p);
	if (id < 0)
		return id;
	req.call_id = id;
	return copy_to_user(argp, &req, sizeof(req)) ? -EFAULT : 0;
}

static long utapi_call_state(struct utapi_session *s, void __user *argp)
{
	struct utapi_call_state req;
	struct utapi_dev *d;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	d = utapi_dev_get(s, req.dev, false);
	if (!d)
		return -ENOENT;
	return tapi_call_report_state(d->line, req.call_id, req.state, req.detail);
}

static long utapi_caller_id(struct utapi_session *s, void __user *argp)
{
	struct utapi_caller_id req;
	struct tapi_caller_id cid;
	struct utapi_dev *d;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!utapi_str_ok(req.number, sizeof(req.number), true) ||
	    !utapi_str_ok(req.name, sizeof(req.name), true) ||
	    memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	d = utapi_dev_get(s, req.dev, false);
	if (!d)
		return -ENOENT;
	cid = (struct tapi_caller_id){
		.number = req.number, .name = req.name, .flags = req.flags,
		.month = req.month, .day = req.day, .hour = req.hour, .minute = req.minute,
	};
	return tapi_call_set_caller_id(d->line, req.call_id, &cid);
}

static long utapi_event(struct utapi_session *s, void __user *argp)
{
	struct utapi_event req;
	struct utapi_dev *d;
	u64 caps;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (memchr_inv(req.reserved, 0, sizeof(req.reserved)))
		return -EINVAL;
	d = utapi_dev_get(s, req.dev, false);
	if (!d)
		return -ENOENT;
	caps = tapi_line_caps(d->line);
	switch (req.type) {
	case UTAPI_EVENT_RING:
		if (!(caps & TAPI_LINE_CAP_RING_EVENTS) || !req.param[0] || req.call_id ||
		    req.param[1] || req.param[2] || req.param[3])
			return -EINVAL;
		tapi_line_report(d->line, TAPI_EVENT_RING, 0, req.param, 1);
		return 0;
	case UTAPI_EVENT_DIGIT:
		if (req.call_id || req.param[0] > 0x7f || req.param[3])
			return -EINVAL;
		return tapi_line_digit(d->line, req.param[0], req.param[1], req.param[2]);
	case UTAPI_EVENT_HOOK:
		if (!(caps & TAPI_LINE_CAP_HOOK_EVENTS) || req.call_id || req.param[0] > 1 ||
		    req.param[1] || req.param[2] || req.param[3])
			return -EINVAL;
		tapi_line_hook(d->line, req.param[0]);
		return 0;
	case UTAPI_EVENT_SERVICE:
		if (req.call_id || req.param[0] > 1 || req.param[1] || req.param[2] ||
		    req.param[3])
			return -EINVAL;
		tapi_line_set_in_service(d->line, req.param[0]);
		return 0;
	}
	return -EINVAL;
}

/* The provider's reports about its lines; the session's lock is held. */
long utapi_line_ioctl(struct utapi_session *s, unsigned int cmd, void __user *argp)
{
	switch (cmd) {
	case UTAPI_IOC_CALL_NEW:
		return utapi_call_new(s, argp);
	case UTAPI_IOC_CALL_STATE:
		return utapi_call_state(s, argp);
	case UTAPI_IOC_CALLER_ID:
		return utapi_caller_id(s, argp);
	case UTAPI_IOC_EVENT:
		return utapi_event(s, argp);
	}
	return -ENOTTY;
}
