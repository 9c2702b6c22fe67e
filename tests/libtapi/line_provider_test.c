// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A TAPI application on a line that a user-space provider drives through
 * /dev/utapi (docs/utapi.md): the line comes (LINE_CREATE) with the
 * provider's description, an incoming call arrives with the caller ID the
 * provider learned, answering and making calls go through the provider
 * and come back as LINE_REPLY with its answer, and the provider going
 * closes the line (LINE_CLOSE) and removes it (LINE_REMOVE). The test is
 * both the application (through libtapi) and the provider.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <linux/utapi.h>

#include "line_util.h"

static int prov_fd = -1;
static unsigned int prov_dev;

/*
 * libtapi makes a request's ioctl in the calling thread (docs/utapi.md:
 * a provider answers at once that a request is under way, and reports
 * progress after), so the provider answers from a thread of its own:
 * ANSWER with 0 and the call connected, MAKE_CALL refused with ENOSPC.
 */
static pthread_t prov_thread;
static struct utapi_request prov_seen[4];
static atomic_int prov_nseen;

static int provider_start(void)
{
	struct utapi_line_create c = {
		.version = UTAPI_VERSION, .line_type = TAPI_LINE_TYPE_TRUNK,
		.ops = UTAPI_OP_MAKE_CALL | UTAPI_OP_DIAL | UTAPI_OP_ANSWER | UTAPI_OP_DROP,
		.caps = TAPI_LINE_CAP_RING_EVENTS | TAPI_LINE_CAP_CALLERID,
	};

	prov_fd = open("/dev/utapi", O_RDWR | O_CLOEXEC);
	if (prov_fd < 0)
		return -errno;
	snprintf(c.name, sizeof(c.name), "Provider line");
	snprintf(c.driver, sizeof(c.driver), "line_provider_test");
	snprintf(c.address, sizeof(c.address), "5550100");
	if (ioctl(prov_fd, UTAPI_IOC_CREATE_LINE, &c))
		return -errno;
	prov_dev = c.dev;
	return 0;
}

static int prov_reply(__u64 seq, int result)
{
	struct utapi_reply rep = { .seq = seq, .result = result };

	return ioctl(prov_fd, UTAPI_IOC_REPLY, &rep) ? -errno : 0;
}

static int prov_state(unsigned int id, unsigned int state, unsigned int detail)
{
	struct utapi_call_state s = { .dev = prov_dev, .call_id = id, .state = state,
				      .detail = detail };

	return ioctl(prov_fd, UTAPI_IOC_CALL_STATE, &s) ? -errno : 0;
}

static atomic_int prov_stop;

/* Serve requests until told to stop; then go, as a provider's process does. */
static void *provider_run(void *arg)
{
	struct utapi_request r;

	(void)arg;
	while (!atomic_load(&prov_stop)) {
		struct pollfd p = { .fd = prov_fd, .events = POLLIN };
		int n = atomic_load(&prov_nseen);

		if (poll(&p, 1, 100) != 1 || read(prov_fd, &r, sizeof(r)) != sizeof(r))
			continue;

		if (n < 4)
			prov_seen[n] = r;
		atomic_store(&prov_nseen, n + 1);
		if (r.type == UTAPI_REQ_ANSWER) {
			prov_reply(r.seq, 0);
			prov_state(r.call_id, TAPI_CALL_CONNECTED, 0);
		} else if (r.seq) {
			prov_reply(r.seq, -ENOSPC);
		}
	}
	close(prov_fd);
	return NULL;
}

/* A string of a variable-size TAPI structure. */
static const char *field(const void *base, DWORD off, DWORD size)
{
	return size ? (const char *)base + off : "";
}

TEST(an_application_uses_a_providers_line_like_any_other)
{
	union {
		LINEDEVCAPS c;
		char buf[1024];
	} caps = { .c.dwTotalSize = sizeof(caps) };
	union {
		LINECALLINFO ci;
		char buf[2048];
	} info = { .ci.dwTotalSize = sizeof(info) };
	struct utapi_caller_id cid = { .flags = TAPI_PARTYID_NAME | TAPI_PARTYID_ADDRESS };
	struct utapi_call_new offer = { .how = UTAPI_CALL_OFFER,
					.media_mode = TAPI_MEDIA_INTERACTIVEVOICE };
	HLINEAPP app;
	HLINE line;
	HCALL call, out;
	LINEMESSAGE m;
	DWORD ndevs, dev;
	LONG req;

	ASSERT_EQ(0, init_event(&app, &ndevs, NULL));
	if (provider_start() == -ENOENT)
		SKIP(lineShutdown(app); return, "no /dev/utapi: utapi.ko is not loaded");
	ASSERT_LE(0, prov_fd);
	m = wait_msg(app, LINE_CREATE, 0, 0);
	ASSERT_EQ(LINE_CREATE, m.dwMessageID);
	dev = m.dwParam1;
	EXPECT_EQ(ndevs, dev);
	ASSERT_EQ(0, lineGetDevCaps(app, dev, 0x00020002, 0, &caps.c));
	EXPECT_STREQ("Provider line", field(&caps, caps.c.dwLineNameOffset,
					    caps.c.dwLineNameSize));
	ASSERT_EQ(0, lineOpen(app, dev, &line, 0x00020002, 0, 0x77, LINECALLPRIVILEGE_OWNER,
			      VOICE, NULL));

	/* an incoming call, with the caller ID the provider learned */
	offer.dev = prov_dev;
	snprintf(offer.caller, sizeof(offer.caller), "5551234");
	ASSERT_EQ(0, ioctl(prov_fd, UTAPI_IOC_CALL_NEW, &offer));
	cid.dev = prov_dev;
	cid.call_id = offer.call_id;
	snprintf(cid.number, sizeof(cid.number), "5551234");
	snprintf(cid.name, sizeof(cid.name), "ALICE SMITH");
	ASSERT_EQ(0, ioctl(prov_fd, UTAPI_IOC_CALLER_ID, &cid));
	m = wait_msg(app, LINE_APPNEWCALL, line, 0);
	ASSERT_EQ(LINE_APPNEWCALL, m.dwMessageID);
	call = (HCALL)m.dwParam2;
	m = wait_msg(app, LINE_CALLINFO, call, LINECALLINFOSTATE_CALLERID);
	EXPECT_EQ(LINE_CALLINFO, m.dwMessageID);
	ASSERT_EQ(0, lineGetCallInfo(call, &info.ci));
	EXPECT_STREQ("5551234", field(&info, info.ci.dwCallerIDOffset, info.ci.dwCallerIDSize));
	EXPECT_STREQ("ALICE SMITH", field(&info, info.ci.dwCallerIDNameOffset,
					  info.ci.dwCallerIDNameSize));
	EXPECT_TRUE(info.ci.dwCallerIDFlags & LINECALLPARTYID_ADDRESS);
	EXPECT_TRUE(info.ci.dwCallerIDFlags & LINECALLPARTYID_NAME);

	/* answering goes to the provider; its answer is the LINE_REPLY */
	ASSERT_EQ(0, pthread_create(&prov_thread, NULL, provider_run, NULL));
	req = lineAnswer(call, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(app, LINE_REPLY, 0, req);
	EXPECT_EQ(0, (LONG)m.dwParam2);
	m = wait_msg(app, LINE_CALLSTATE, call, LINECALLSTATE_CONNECTED);
	EXPECT_EQ(LINE_CALLSTATE, m.dwMessageID);
	ASSERT_LE(1, atomic_load(&prov_nseen));
	EXPECT_EQ((unsigned int)UTAPI_REQ_ANSWER, prov_seen[0].type);
	EXPECT_EQ(offer.call_id, prov_seen[0].call_id);
	ASSERT_EQ(0, prov_state(offer.call_id, TAPI_CALL_DISCONNECTED, TAPI_DISCONNECT_NORMAL));
	m = wait_msg(app, LINE_CALLSTATE, call, LINECALLSTATE_DISCONNECTED);
	EXPECT_EQ((DWORD)LINEDISCONNECTMODE_NORMAL, m.dwParam2);
	/* its owner drops it: the provider hung up already, so is not asked */
	req = lineDrop(call, NULL, 0);
	ASSERT_LT(0, req);
	m = wait_msg(app, LINE_REPLY, 0, req);
	EXPECT_EQ(0, (LONG)m.dwParam2);
	EXPECT_EQ(0, lineDeallocateCall(call));

	/* a call the provider refuses fails with its reason */
	req = lineMakeCall(line, &out, "5559876", 0, NULL);
	ASSERT_LT(0, req);
	m = wait_msg(app, LINE_REPLY, 0, req);
	EXPECT_EQ(LINEERR_RESOURCEUNAVAIL, (LONG)m.dwParam2);
	ASSERT_EQ(2, atomic_load(&prov_nseen));
	EXPECT_EQ((unsigned int)UTAPI_REQ_MAKE_CALL, prov_seen[1].type);
	EXPECT_STREQ("5559876", prov_seen[1].dial);

	/* the provider goes: the line closes and is removed */
	atomic_store(&prov_stop, 1);
	pthread_join(prov_thread, NULL);
	m = wait_msg(app, LINE_CLOSE, line, 0);
	EXPECT_EQ(LINE_CLOSE, m.dwMessageID);
	EXPECT_EQ(0x77, m.dwCallbackInstance);
	m = wait_msg(app, LINE_REMOVE, 0, 0);
	EXPECT_EQ(LINE_REMOVE, m.dwMessageID);
	EXPECT_EQ(dev, m.dwParam1);
	EXPECT_EQ(0, lineClose(line));
	EXPECT_EQ(0, lineShutdown(app));
}

TEST_HARNESS_MAIN
