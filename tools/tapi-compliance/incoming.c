// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: calls that come in. Only the driver's far end can
 * offer a call, so these run when --call-from names another line that can
 * call this one (--number: what it dials, by default this line's address).
 * The call is offered to the owner of its media mode and to the monitors,
 * rings, is accepted, answered and ended; one nobody owns waits for a file
 * to take it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "compliance.h"

/* How long the far end may take to route and offer a call. */
#define OFFER_MS 15000

struct incoming {
	int caller;		/* the other line's file */
	int cid;		/* its call */
	uint32_t id;		/* the call as offered here */
};

/* Call this line from the other: false (and failed) if it is never offered on @fd. */
static bool call_in(struct incoming *in, int fd, uint32_t priv)
{
	struct tapi_event ev;
	uint32_t state;

	in->caller = open_path(ctx.caller, O_NONBLOCK);
	if (!expect_ok(in->caller, "open %s", ctx.caller))
		return false;
	in->cid = make_call(in->caller, ctx.number, VOICE);
	if (!expect_ok(in->cid, "MAKE_CALL \"%s\" on %s", ctx.number, ctx.caller))
		return false;
	state = next_state(fd, 0, &ev, OFFER_MS);
	if (!EXPECT(state == TAPI_CALL_OFFERING, "%s called \"%s\": the first state here is 0x%x, "
		    "not OFFERING", ctx.caller, ctx.number, state))
		return false;
	in->id = ev.call_id;
	EXPECT(ev.param[2] == priv, "offered with privilege 0x%x, expected 0x%x", ev.param[2], priv);
	EXPECT(ev.param[3] == VOICE, "offered with media mode 0x%x, not the caller's 0x%x",
	       ev.param[3], VOICE);
	return EXPECT(in->id > 0, "offered as call 0");
}

/* The caller's call reaches @state (states between are skipped). */
static bool caller_reaches(struct incoming *in, uint32_t state)
{
	struct tapi_event ev;
	uint32_t got;

	while ((got = next_state(in->caller, in->cid, &ev, OFFER_MS)))
		if (got == state || got == TAPI_CALL_IDLE)
			break;
	return EXPECT(got == state, "the caller's call went to 0x%x, expected 0x%x", got, state);
}

static void answered(void)
{
	int own = open_line(O_NONBLOCK), mon = open_line(O_NONBLOCK), none = open_line(O_NONBLOCK);
	struct incoming in = { .caller = -1 };
	struct tapi_line_status st;
	struct tapi_call_info ci;
	struct tapi_event ev;

	if (!expect_ok(own, "open") || !expect_ok(mon, "open") || !expect_ok(none, "open") ||
	    !expect_ok(set_priv(own, TAPI_PRIV_OWNER, VOICE, 1000), "SET_PRIVILEGES OWNER VOICE") ||
	    !expect_ok(set_priv(mon, TAPI_PRIV_MONITOR, 0, 0), "SET_PRIVILEGES MONITOR") ||
	    !call_in(&in, own, TAPI_PRIV_OWNER))
		goto out;
	expect_state(mon, in.id, TAPI_CALL_OFFERING, TAPI_PRIV_MONITOR, "a monitor");
	EXPECT(next_state(none, 0, &ev, 200) == 0, "a file that asked for nothing heard of the call");
	if (expect_ok(call_info(own, in.id, &ci), "CALL_INFO")) {
		EXPECT(ci.state == TAPI_CALL_OFFERING && ci.privilege == TAPI_PRIV_OWNER,
		       "CALL_INFO: state 0x%x, privilege 0x%x", ci.state, ci.privilege);
		EXPECT(ci.origin == TAPI_ORIGIN_INTERNAL || ci.origin == TAPI_ORIGIN_EXTERNAL ||
		       ci.origin == TAPI_ORIGIN_UNKNOWN, "an incoming call's origin 0x%x", ci.origin);
		EXPECT(ci.media_mode == VOICE && !ci.connected_ns,
		       "CALL_INFO: media mode 0x%x, connected at %llu", ci.media_mode,
		       (unsigned long long)ci.connected_ns);
	}
	if (expect_ok(line_status(own, &st), "LINE_STATUS"))
		EXPECT(st.num_offering >= 1 && st.num_calls >= 1,
		       "LINE_STATUS: %u calls, %u offered, with one offered", st.num_calls,
		       st.num_offering);
	if (ctx.info.caps & TAPI_LINE_CAP_RING_EVENTS) {
		if (EXPECT(next_event(own, TAPI_EVENT_RING, &ev, OFFER_MS) == 1,
			   "an offered call did not ring (RING_EVENTS)")) {
			EXPECT(ev.param[0] >= 1 && !ev.call_id, "RING: number %u, call %u",
			       ev.param[0], ev.call_id);
			if (expect_ok(line_status(own, &st), "LINE_STATUS"))
				EXPECT(st.rings >= ev.param[0], "LINE_STATUS rings %u after ring %u",
				       st.rings, ev.param[0]);
		}
	}
	expect_err(call_op(mon, TAPI_IOC_ANSWER, in.id), EPERM, "ANSWER by a monitor");
	expect_err(call_op(none, TAPI_IOC_ANSWER, in.id), ENOENT, "ANSWER by a file that does not know it");
	if (expect_ok(call_op(own, TAPI_IOC_ACCEPT, in.id), "ACCEPT")) {
		expect_state(own, in.id, TAPI_CALL_ACCEPTED, TAPI_PRIV_OWNER, "the owner");
		expect_state(mon, in.id, TAPI_CALL_ACCEPTED, TAPI_PRIV_MONITOR, "a monitor");
		expect_err(call_op(own, TAPI_IOC_ACCEPT, in.id), EBUSY, "ACCEPT again");
	}
	if (!expect_ok(call_op(own, TAPI_IOC_ANSWER, in.id), "ANSWER"))
		goto out;
	expect_state(own, in.id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER, "the owner");
	expect_state(mon, in.id, TAPI_CALL_CONNECTED, TAPI_PRIV_MONITOR, "a monitor");
	caller_reaches(&in, TAPI_CALL_CONNECTED);
	if (expect_ok(call_info(own, in.id, &ci), "CALL_INFO"))
		EXPECT(ci.state == TAPI_CALL_CONNECTED && ci.connected_ns && ci.connected_ns == ci.state_ns,
		       "CALL_INFO once answered: state 0x%x, connected at %llu, state since %llu",
		       ci.state, (unsigned long long)ci.connected_ns, (unsigned long long)ci.state_ns);
	expect_err(call_op(own, TAPI_IOC_ANSWER, in.id), EBUSY, "ANSWER again");
	/* the far end hangs up: disconnected, normally; then the owner drops */
	if (!expect_ok(call_op(in.caller, TAPI_IOC_DROP, in.cid), "DROP by the caller"))
		goto out;
	if (next_state(own, in.id, &ev, OFFER_MS) == TAPI_CALL_DISCONNECTED)
		EXPECT(ev.param[1] == TAPI_DISCONNECT_NORMAL, "the far end hung up: detail 0x%x, not "
		       "NORMAL", ev.param[1]);
	else
		fail("the far end hung up: no DISCONNECTED state here (got 0x%x)", ev.param[0]);
	if (expect_ok(call_op(own, TAPI_IOC_DROP, in.id), "DROP")) {
		expect_state(own, in.id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER, "the owner");
		expect_state(mon, in.id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_MONITOR, "a monitor");
		expect_state(mon, in.id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR, "a monitor");
	}
	if (expect_ok(call_info(own, in.id, &ci), "CALL_INFO of the ended call"))
		EXPECT(ci.state == TAPI_CALL_IDLE && ci.origin != TAPI_ORIGIN_OUTBOUND,
		       "CALL_INFO of the ended call: state 0x%x, origin 0x%x", ci.state, ci.origin);
out:
	if (in.caller >= 0)
		close(in.caller);
	close(none);
	close(mon);
	close(own);
}

/* The owner refuses an offered call: it ends here and at the caller's. */
static void refused(void)
{
	int own = open_line(O_NONBLOCK);
	struct incoming in = { .caller = -1 };
	struct tapi_event ev;
	uint32_t got;

	if (!expect_ok(own, "open") ||
	    !expect_ok(set_priv(own, TAPI_PRIV_OWNER, VOICE, 1000), "SET_PRIVILEGES OWNER VOICE") ||
	    !call_in(&in, own, TAPI_PRIV_OWNER))
		goto out;
	if (expect_ok(call_op(own, TAPI_IOC_DROP, in.id), "DROP of the offered call"))
		expect_state(own, in.id, TAPI_CALL_IDLE, TAPI_PRIV_OWNER, "the owner");
	while ((got = next_state(in.caller, in.cid, &ev, OFFER_MS)))
		if (got == TAPI_CALL_DISCONNECTED || got == TAPI_CALL_IDLE)
			break;
	EXPECT(got == TAPI_CALL_DISCONNECTED || got == TAPI_CALL_IDLE,
	       "the refused caller's call never ended (last state 0x%x)", got);
out:
	if (in.caller >= 0)
		close(in.caller);
	close(own);
}

/* A call nobody owns is offered to the monitors; one may take it. */
static void unowned(void)
{
	int mon = open_line(O_NONBLOCK), mon2 = open_line(O_NONBLOCK);
	struct incoming in = { .caller = -1 };
	struct tapi_call_info ci;

	if (!expect_ok(mon, "open") || !expect_ok(mon2, "open") ||
	    !expect_ok(set_priv(mon, TAPI_PRIV_MONITOR, 0, 0), "SET_PRIVILEGES MONITOR") ||
	    !expect_ok(set_priv(mon2, TAPI_PRIV_MONITOR, 0, 0), "SET_PRIVILEGES MONITOR") ||
	    !call_in(&in, mon, TAPI_PRIV_MONITOR))
		goto out;
	expect_state(mon2, in.id, TAPI_CALL_OFFERING, TAPI_PRIV_MONITOR, "the second monitor");
	if (!expect_ok(call_priv(mon, in.id, TAPI_PRIV_OWNER), "SET_CALL_PRIVILEGE OWNER"))
		goto out;
	if (expect_ok(call_info(mon, in.id, &ci), "CALL_INFO"))
		EXPECT(ci.privilege == TAPI_PRIV_OWNER, "privilege 0x%x once taken", ci.privilege);
	if (expect_ok(call_op(mon, TAPI_IOC_ANSWER, in.id), "ANSWER by the new owner")) {
		expect_state(mon, in.id, TAPI_CALL_CONNECTED, TAPI_PRIV_OWNER, "the new owner");
		expect_state(mon2, in.id, TAPI_CALL_CONNECTED, TAPI_PRIV_MONITOR, "the other monitor");
	}
	/* the owner steps down: a disconnected call nobody owns ends at once */
	if (expect_ok(call_priv(mon, in.id, TAPI_PRIV_MONITOR), "SET_CALL_PRIVILEGE MONITOR") &&
	    expect_ok(call_op(in.caller, TAPI_IOC_DROP, in.cid), "DROP by the caller")) {
		expect_state(mon2, in.id, TAPI_CALL_DISCONNECTED, TAPI_PRIV_MONITOR, "a monitor");
		expect_state(mon2, in.id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR, "a monitor");
		EXPECT(list_calls(mon2, 0) == 0, "the unowned call is still listed");
	}
out:
	if (in.caller >= 0)
		close(in.caller);
	close(mon2);
	close(mon);
}

const struct check incoming_checks[] = {
	{ "incoming.offered-rung-accepted-answered-ended", answered, NEED_LINE | NEED_CALLER,
	  TAPI_LINE_CAP_CALLS },
	{ "incoming.refused-by-its-owner", refused, NEED_LINE | NEED_CALLER, TAPI_LINE_CAP_CALLS },
	{ "incoming.unowned-offered-to-monitors", unowned, NEED_LINE | NEED_CALLER,
	  TAPI_LINE_CAP_CALLS },
	{ 0 }
};
