// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Calls: making, answering, dropping, their information and status, and
 * what the kernel reports of them turned into LINE_APPNEWCALL,
 * LINE_CALLSTATE and LINE_CALLINFO. An application's HCALL names one
 * kernel call on one of its open lines.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "internal.h"

/* @l's handle for the kernel's call @id; an ended one too when @ended. */
struct tl_call *tl_call_lookup(struct tl_line *l, uint32_t id, bool ended)
{
	for (unsigned int i = 1; i < tl_lib.nobj; i++) {
		struct tl_call *c = tl_lib.objs[i].p;

		if (tl_lib.objs[i].type == OBJ_CALL && c->line == l && c->id == id &&
		    (ended || !c->gone))
			return c;
	}
	return NULL;
}

struct tl_call *tl_call_find(struct tl_line *l, uint32_t id)
{
	return tl_call_lookup(l, id, false);
}

struct tl_call *tl_call_add(struct tl_line *l, uint32_t id, DWORD privilege, bool valid)
{
	struct tl_call *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->line = l;
	c->id = id;
	c->privilege = privilege;
	c->valid = valid;
	c->handle = tl_handle_new(OBJ_CALL, c);
	if (!c->handle) {
		free(c);
		return NULL;
	}
	return c;
}

void tl_call_free(struct tl_call *c)
{
	tl_handle_free(c->handle);
	free(c);
}

/* The call named by @h, usable by its application: NULL if not (yet). */
struct tl_call *tl_call_usable(HCALL h)
{
	struct tl_call *c = tl_handle_get(h, OBJ_CALL);

	return c && c->valid ? c : NULL;
}


/* The mode that goes with a state, as TAPI names it (LINECALLSTATE's param2). */
static DWORD tl_state_mode(DWORD state, DWORD detail)
{
	switch (state) {
	case LINECALLSTATE_DISCONNECTED:	/* the kernel gives LINEDISCONNECTMODE_* */
	case LINECALLSTATE_SPECIALINFO:		/* and LINESPECIALINFO_* */
		return detail ? detail : (state == LINECALLSTATE_DISCONNECTED ?
					  LINEDISCONNECTMODE_UNKNOWN : LINESPECIALINFO_UNKNOWN);
	case LINECALLSTATE_OFFERING:
		return LINEOFFERINGMODE_ACTIVE;
	case LINECALLSTATE_DIALTONE:
		return LINEDIALTONEMODE_NORMAL;
	case LINECALLSTATE_CONNECTED:
		return LINECONNECTEDMODE_ACTIVE;
	case LINECALLSTATE_BUSY:
		return LINEBUSYMODE_UNKNOWN;
	default:
		return 0;
	}
}

/*
 * What the kernel says of @c now, kept: the kernel describes an ended
 * call only for a while (its last few, uAPI 1.8), and applications (call
 * loggers) still ask. Holds tl_lib.lock.
 */
static void tl_call_remember(struct tl_call *c)
{
	struct tapi_call_info ci = { .call_id = c->id };

	if (!c->line->removed && !ioctl(c->line->fd, TAPI_IOC_CALL_INFO, &ci)) {
		c->last = ci;
		c->have_last = true;
	}
}

static void tl_call_state(struct tl_line *l, const struct tapi_event *ev)
{
	struct tl_call *c = tl_call_find(l, ev->call_id);
	DWORD priv = 0;

	/* nothing new (a resynchronisation finds most calls as they were) */
	if (c && c->state == ev->param[0] &&
	    c->state_mode == tl_state_mode(ev->param[0], ev->param[1]) &&
	    (!ev->param[2] || ev->param[2] == c->privilege))
		return;

	if (!c) {
		/* a call this application had not seen: say so, with its privilege */
		c = tl_call_add(l, ev->call_id, ev->param[2], true);
		if (!c)
			return;
		priv = c->privilege;
		if (l->api_version >= 0x00020000)
			tl_post(l->app, l->handle, LINE_APPNEWCALL, l->callback_instance,
			     0, c->handle, priv);
	} else if (ev->param[2] && ev->param[2] != c->privilege) {
		/* handed off to it, say: its new privilege comes with the state */
		priv = ev->param[2];
	}
	c->privilege = ev->param[2] ? ev->param[2] : c->privilege;
	c->state = ev->param[0];
	c->state_mode = tl_state_mode(c->state, ev->param[1]);
	if (ev->param[3])
		c->media_mode = ev->param[3];
	/* at its end too when it is new: the kernel (1.8) still describes it */
	if (c->state != LINECALLSTATE_IDLE || !c->have_last)
		tl_call_remember(c);
	tl_post(l->app, c->handle, LINE_CALLSTATE, l->callback_instance, c->state,
	     c->state_mode, priv);
	/* the kernel's call is over; the handle lasts until lineDeallocateCall */
	if (c->state == LINECALLSTATE_IDLE)
		c->gone = true;
}

struct tl_resync {
	struct tl_line *l;
	const uint32_t *ids;
	unsigned int n;
};

/* A call of the line the kernel no longer has: it went idle unseen. */
static void tl_resync_gone(void *p, void *arg)
{
	const struct tl_resync *r = arg;
	struct tl_call *c = p;
	struct tapi_event ev = { .type = TAPI_EVENT_CALL_STATE, .call_id = c->id,
				 .param = { LINECALLSTATE_IDLE } };

	if (c->line != r->l || c->gone)
		return;
	for (unsigned int i = 0; i < r->n; i++)
		if (r->ids[i] == c->id)
			return;
	tl_call_state(r->l, &ev);
}

/*
 * The kernel's queue for @l overflowed: events were lost while the
 * application's engine fell behind. The calls' present states, from the
 * kernel, become the LINE_CALLSTATE (and LINE_APPNEWCALL) messages that
 * were missed. Holds tl_lib.lock.
 */
static void tl_resync(struct tl_line *l)
{
	uint32_t ids[64];
	struct tapi_call_list list = { .ids = (uintptr_t)ids, .count = 64 };
	struct tl_resync r = { .l = l, .ids = ids };

	if (ioctl(l->fd, TAPI_IOC_LIST_CALLS, &list))
		return;
	r.n = list.count < 64 ? list.count : 64;
	tl_handles_each(OBJ_CALL, tl_resync_gone, &r);
	for (unsigned int i = 0; i < r.n; i++) {
		struct tapi_call_info ci = { .call_id = ids[i] };
		struct tapi_event ev = { .type = TAPI_EVENT_CALL_STATE, .call_id = ids[i] };

		if (ioctl(l->fd, TAPI_IOC_CALL_INFO, &ci))
			continue;	/* it ended since: its idle state is queued */
		ev.param[0] = ci.state;
		ev.param[1] = ci.detail;
		ev.param[2] = ci.privilege;
		ev.param[3] = ci.media_mode;
		tl_call_state(l, &ev);
	}
}

/* One record of @l's device, as messages to @l's application. Holds tl_lib.lock. */
void tl_line_event(struct tl_line *l, const struct tapi_event *ev)
{
	struct tl_call *c;

	switch (ev->type) {
	case TAPI_EVENT_CALL_STATE:
		tl_call_state(l, ev);
		break;
	case TAPI_EVENT_OVERFLOW:
		tl_resync(l);
		break;
	case TAPI_EVENT_CALL_INFO:
		c = tl_call_find(l, ev->call_id);
		if (c) {
			tl_call_remember(c);
			tl_post(l->app, c->handle, LINE_CALLINFO, l->callback_instance,
			     ev->param[0], 0, 0);
		}
		break;
	case TAPI_EVENT_RING:
		if (l->line_states & LINEDEVSTATE_RINGING)
			tl_post(l->app, l->handle, LINE_LINEDEVSTATE, l->callback_instance,
			     LINEDEVSTATE_RINGING, 0, ev->param[0]);
		break;
	case TAPI_EVENT_LINE_STATE:
		if (ev->param[0] == TAPI_LINESTATE_REMOVED)
			tl_line_removed(l);
		else if (l->line_states & ev->param[0])
			tl_post(l->app, l->handle, LINE_LINEDEVSTATE, l->callback_instance,
			     ev->param[0], 0, 0);
		break;
	default:
		tl_media_event(l, ev);	/* digits, tones, media signals */
		break;
	}
}

static LONG tl_check_params(LPLINECALLPARAMS const p, DWORD version, DWORD *media)
{
	DWORD fixed = version < 0x00020000 ? offsetof(LINECALLPARAMS, dwPredictiveAutoTransferStates) :
					     sizeof(LINECALLPARAMS);

	*media = LINEMEDIAMODE_INTERACTIVEVOICE;
	if (!p)
		return 0;
	if (p->dwTotalSize < fixed)
		return LINEERR_STRUCTURETOOSMALL;
	if (p->dwBearerMode && p->dwBearerMode != LINEBEARERMODE_VOICE)
		return LINEERR_INVALBEARERMODE;
	if (p->dwMediaMode) {
		if (p->dwMediaMode & (p->dwMediaMode - 1) ||
		    p->dwMediaMode & ~(LINEMEDIAMODE_INTERACTIVEVOICE |
				       LINEMEDIAMODE_AUTOMATEDVOICE | LINEMEDIAMODE_UNKNOWN |
				       LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_G3FAX))
			return LINEERR_INVALMEDIAMODE;
		*media = p->dwMediaMode;
	}
	if (p->dwAddressMode == LINEADDRESSMODE_ADDRESSID && p->dwAddressID)
		return LINEERR_INVALADDRESSID;
	if (p->dwUserUserInfoSize)
		return LINEERR_USERUSERINFOTOOBIG;	/* lines carry none */
	return 0;
}

/*
 * How much of @s is dialed: up to a '|' subaddress or '^' name (ISDN's,
 * which an analogue line cannot send), or a CR or LF, TAPI's separator of
 * several addresses for a call over several channels: a line has one, and
 * dials the first.
 */
static size_t tl_dial_len(LPCSTR s)
{
	return s ? strcspn(s, "|^\r\n") : 0;
}

/* @s for the kernel, which takes digits and controls: spaces and brackets are for people. */
static size_t tl_dial_copy(char *dst, LPCSTR s)
{
	size_t k = 0, n = tl_dial_len(s);

	for (size_t i = 0; i < n; i++)
		if (!strchr(" -()", s[i]))
			dst[k++] = s[i];
	return k;
}

/*
 * How @l's device is configured to dial (lineSetDevConfig's dial_mode): 'P'
 * or 'T' for a string that names no mode itself, or "". Holds tl_lib.lock.
 */
static const char *tl_dial_mode(struct tl_line *l, LPCSTR s)
{
	size_t n = tl_dial_len(s);

	return n && strcspn(s, "PpTt") >= n ? tl_devconfig_dial_prefix(tl_device_get(l->dev)) : "";
}

/*
 * A dial string for the kernel: no longer than it takes, nothing it does
 * not know. '?' (ask the user before dialing on) has nobody to ask: TAPI's
 * error for a provider without it.
 */
static LONG tl_dial_ok(LPCSTR s, const char *mode)
{
	size_t n = tl_dial_len(s);

	if (memchr(s, '?', n))
		return LINEERR_DIALPROMPT;
	if (strlen(mode) + n >= TAPI_DIAL_LEN)
		return LINEERR_INVALADDRESS;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789*#ABCDabcd,!PpTtWw@$;+ -()", s[i]))
			return LINEERR_INVALADDRESS;
	return 0;
}

EXPORT LONG WINAPI lineMakeCall(HLINE hLine, LPHCALL lphCall, LPCSTR lpszDestAddress,
				DWORD dwCountryCode, LPLINECALLPARAMS const lpCallParams)
{
	struct tapi_make_call mc = { 0 };
	const char *mode = "";
	struct tl_line *l;
	struct tl_call *c;
	DWORD media;
	LONG ret = 0;

	(void)dwCountryCode;	/* the exchange's own numbers: no country prefixes */
	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE)))
		ret = LINEERR_INVALLINEHANDLE;
	else if (l->removed)
		ret = LINEERR_NODEVICE;
	else if (!lphCall)
		ret = LINEERR_INVALPOINTER;
	else if (lpszDestAddress && (ret = tl_dial_ok(lpszDestAddress,
						   mode = tl_dial_mode(l, lpszDestAddress))))
		;
	else
		ret = tl_check_params(lpCallParams, l->api_version, &media);
	if (ret)
		goto out_unlock;
	strcpy(mc.dial, mode);
	tl_dial_copy(mc.dial + strlen(mode), lpszDestAddress);
	mc.media_mode = media;
	if (tl_line_ioctl(l, TAPI_IOC_MAKE_CALL, &mc)) {
		int e = errno;

		/* closed meanwhile: the kernel drops the call with the file */
		if (e == EBADF)
			ret = LINEERR_INVALLINEHANDLE;
		else
			ret = tl_post_reply(l, e == EBUSY ? (LONG)LINEERR_CALLUNAVAIL :
					    tl_errno(e));
		goto out_unlock;
	}
	/* a lineGetNewCalls meanwhile may have given it its handle: one per call */
	c = tl_call_find(l, mc.call_id);
	if (c)
		c->privilege = LINECALLPRIVILEGE_OWNER;
	else
		c = tl_call_add(l, mc.call_id, LINECALLPRIVILEGE_OWNER, false);
	if (!c) {
		struct tapi_call_op op = { .call_id = mc.call_id };

		tl_line_ioctl(l, TAPI_IOC_DROP, &op);
		ret = LINEERR_NOMEM;
		goto out_unlock;
	}
	c->media_mode = media;
	*lphCall = c->handle;
	ret = tl_post_reply(l, 0);
	c->valid = true;
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/*
 * An asynchronous request's ioctl on @l (the lock released for it) and its
 * LINE_REPLY, with @enoent for the kernel's "no such call": the request ID,
 * or LINEERR_INVALLINEHANDLE when the line was closed meanwhile (no reply
 * then: the application let it go).
 */
static LONG tl_request_reply(struct tl_line *l, unsigned long ioc, void *arg, LONG enoent)
{
	if (!tl_line_ioctl(l, ioc, arg))
		return tl_post_reply(l, 0);
	if (errno == EBADF)
		return LINEERR_INVALLINEHANDLE;
	return tl_post_reply(l, errno == ENOENT ? enoent : tl_errno(errno));
}

/* lineAnswer, lineAccept, lineDrop: one ioctl on an owned call. */
static LONG tl_call_op(HCALL hCall, unsigned long ioc, LPCSTR uui, DWORD uui_size)
{
	struct tapi_call_op op = { 0 };
	struct tl_call *c;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(c = tl_call_usable(hCall)))
		ret = LINEERR_INVALCALLHANDLE;
	else if (uui_size && !uui)
		ret = LINEERR_INVALPOINTER;
	else if (uui_size)
		ret = LINEERR_USERUSERINFOTOOBIG;	/* lines carry none */
	else if (!(c->privilege & LINECALLPRIVILEGE_OWNER))
		ret = LINEERR_NOTOWNER;
	if (ret)
		goto out_unlock;
	op.call_id = c->id;
	if (c->gone || c->line->removed)
		ret = tl_post_reply(c->line, LINEERR_INVALCALLSTATE);
	else
		ret = tl_request_reply(c->line, ioc, &op, LINEERR_INVALCALLSTATE);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineAnswer(HCALL hCall, LPCSTR lpsUserUserInfo, DWORD dwSize)
{
	return tl_call_op(hCall, TAPI_IOC_ANSWER, lpsUserUserInfo, dwSize);
}

EXPORT LONG WINAPI lineAccept(HCALL hCall, LPCSTR lpsUserUserInfo, DWORD dwSize)
{
	return tl_call_op(hCall, TAPI_IOC_ACCEPT, lpsUserUserInfo, dwSize);
}

EXPORT LONG WINAPI lineDrop(HCALL hCall, LPCSTR lpsUserUserInfo, DWORD dwSize)
{
	return tl_call_op(hCall, TAPI_IOC_DROP, lpsUserUserInfo, dwSize);
}

EXPORT LONG WINAPI lineDial(HCALL hCall, LPCSTR lpszDestAddress, DWORD dwCountryCode)
{
	struct tapi_dial d = { 0 };
	const char *mode = "";
	struct tl_call *c;
	LONG ret = 0;
	size_t k;

	(void)dwCountryCode;
	pthread_mutex_lock(&tl_lib.lock);
	if (!(c = tl_call_usable(hCall)))
		ret = LINEERR_INVALCALLHANDLE;
	else if (!lpszDestAddress)
		ret = LINEERR_INVALPOINTER;
	else if (!*lpszDestAddress)
		ret = LINEERR_INVALADDRESS;
	else if ((ret = tl_dial_ok(lpszDestAddress,
				/* digits on a connected call go in-band, as DTMF */
				mode = c->state & LINECALLSTATE_CONNECTED ? "" :
				       tl_dial_mode(c->line, lpszDestAddress))))
		;
	else if (!(c->privilege & LINECALLPRIVILEGE_OWNER))
		ret = LINEERR_NOTOWNER;
	if (ret)
		goto out_unlock;
	strcpy(d.dial, mode);
	k = tl_dial_copy(d.dial + strlen(mode), lpszDestAddress);
	d.call_id = c->id;
	if (c->gone || c->line->removed)
		ret = tl_post_reply(c->line, LINEERR_INVALCALLSTATE);
	else if (!k)
		ret = tl_post_reply(c->line, LINEERR_INVALADDRESS);
	else
		ret = tl_request_reply(c->line, TAPI_IOC_DIAL, &d, tl_errno(ENOENT));
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineDeallocateCall(HCALL hCall)
{
	struct tapi_call_privilege p = { .privilege = TAPI_PRIV_NONE };
	struct tl_call *c;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(c = tl_call_usable(hCall))) {
		ret = LINEERR_INVALCALLHANDLE;
	} else if (!c->gone && !c->line->removed) {
		p.call_id = c->id;
		/* the kernel refuses a sole owner of a live call: TAPI's rule too */
		if (tl_line_ioctl(c->line, TAPI_IOC_SET_CALL_PRIVILEGE, &p))
			ret = errno == ENOENT ? 0 : errno == EBUSY ? (LONG)LINEERR_INVALCALLSTATE :
			      tl_errno(errno);
		/* gone meanwhile (lineClose, or another thread deallocated it) */
		if (!(c = tl_call_usable(hCall)))
			ret = LINEERR_INVALCALLHANDLE;
	}
	if (c && !ret)
		tl_call_free(c);
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/* CLOCK_MONOTONIC nanoseconds as the wall-clock time they were. */
static void tl_to_systemtime(uint64_t mono_ns, SYSTEMTIME *st)
{
	struct timespec now_m, now_r;
	struct tm tm;
	int64_t real_ns;
	time_t t;

	clock_gettime(CLOCK_MONOTONIC, &now_m);
	clock_gettime(CLOCK_REALTIME, &now_r);
	real_ns = (int64_t)now_r.tv_sec * 1000000000 + now_r.tv_nsec -
		  ((int64_t)now_m.tv_sec * 1000000000 + now_m.tv_nsec - (int64_t)mono_ns);
	t = (time_t)(real_ns / 1000000000);
	localtime_r(&t, &tm);
	st->wYear = (WORD)(tm.tm_year + 1900);
	st->wMonth = (WORD)(tm.tm_mon + 1);
	st->wDayOfWeek = (WORD)tm.tm_wday;
	st->wDay = (WORD)tm.tm_mday;
	st->wHour = (WORD)tm.tm_hour;
	st->wMinute = (WORD)tm.tm_min;
	st->wSecond = (WORD)tm.tm_sec;
	st->wMilliseconds = (WORD)(real_ns / 1000000 % 1000);
}

/* What an owner can do with a call in @state (LINECALLFEATURE_*). */
static DWORD tl_call_features(const struct tl_call *c, DWORD state)
{
	DWORD f = 0;

	if (!(c->privilege & LINECALLPRIVILEGE_OWNER))
		return 0;
	if (state != LINECALLSTATE_IDLE) {
		uint64_t caps = tl_device_get(c->line->dev)->info.caps;

		f |= LINECALLFEATURE_DROP | LINECALLFEATURE_SETCALLDATA;
		if (caps & TAPI_LINE_CAP_TREATMENT)
			f |= LINECALLFEATURE_SETTREATMENT;
		if (caps & TAPI_LINE_CAP_AUDIO)
			f |= LINECALLFEATURE_SETMEDIACONTROL;
	}
	if (state == LINECALLSTATE_OFFERING)
		f |= LINECALLFEATURE_ANSWER | LINECALLFEATURE_ACCEPT;
	if (state & (LINECALLSTATE_DIALTONE | LINECALLSTATE_DIALING | LINECALLSTATE_CONNECTED))
		f |= LINECALLFEATURE_DIAL;
	return f;
}

/* The kernel's view of @c, or what is known of it once it ended. Holds tl_lib.lock. */
static void tl_kernel_info(struct tl_call *c, struct tapi_call_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	ci->call_id = c->id;
	if (!c->gone && !c->line->removed && !ioctl(c->line->fd, TAPI_IOC_CALL_INFO, ci))
		return;
	memset(ci, 0, sizeof(*ci));
	if (c->have_last)
		*ci = c->last;	/* who called whom, when, ... as last known */
	ci->call_id = c->id;
	ci->state = c->gone ? LINECALLSTATE_IDLE : c->state;
	ci->privilege = c->privilege;
	ci->media_mode = c->media_mode;
	ci->call_data_size = 0;	/* the data went with the kernel's call */
}

/*
 * The start of lineGetCallStatus and lineGetCallInfo: the call, and its
 * structure begun for the line's version (@fixed_1x before TAPI 2.0).
 */
static LONG tl_call_struct(HCALL h, void *s, DWORD fixed_1x, DWORD fixed, struct tl_call **c,
			struct tl_vs *v)
{
	*c = tl_call_usable(h);
	if (!*c)
		return LINEERR_INVALCALLHANDLE;
	if (!s)
		return LINEERR_INVALPOINTER;
	if ((*c)->line->api_version < 0x00020000)
		fixed = fixed_1x;
	return tl_vs_begin(v, s, fixed, fixed);
}

EXPORT LONG WINAPI lineGetCallStatus(HCALL hCall, LPLINECALLSTATUS lpCallStatus)
{
	struct tapi_call_info ci;
	struct tl_call *c;
	struct tl_vs v;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_call_struct(hCall, lpCallStatus, offsetof(LINECALLSTATUS, dwCallFeatures2),
			  sizeof(LINECALLSTATUS), &c, &v);
	if (ret)
		goto out_unlock;
	tl_kernel_info(c, &ci);
	lpCallStatus->dwCallState = ci.state;
	lpCallStatus->dwCallStateMode = ci.state == c->state ? c->state_mode :
					tl_state_mode(ci.state, ci.detail);
	lpCallStatus->dwCallPrivilege = c->privilege;
	lpCallStatus->dwCallFeatures = tl_call_features(c, ci.state);
	if (c->line->api_version >= 0x00020000 && ci.state_ns)
		tl_to_systemtime(ci.state_ns, &lpCallStatus->tStateEntryTime);
	tl_vs_end(&v);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

static DWORD tl_party_flags(DWORD kernel_flags, bool have)
{
	DWORD f = kernel_flags & (LINECALLPARTYID_BLOCKED | LINECALLPARTYID_OUTOFAREA |
				  LINECALLPARTYID_NAME | LINECALLPARTYID_ADDRESS);

	return f ? f : have ? LINECALLPARTYID_ADDRESS : LINECALLPARTYID_UNKNOWN;
}

/* The call's data, shared by every application that knows it. Holds tl_lib.lock. */
static void tl_call_data(struct tl_call *c, const struct tapi_call_info *ci, struct tl_vs *v,
		      LPLINECALLINFO i)
{
	struct tapi_call_data cd = { .call_id = c->id, .size = ci->call_data_size };
	void *buf;

	if (!ci->call_data_size || !(buf = malloc(ci->call_data_size)))
		return;
	cd.data = (uintptr_t)buf;
	/* it may have changed since: what the kernel has now, if it still fits */
	if (!ioctl(c->line->fd, TAPI_IOC_CALL_DATA, &cd))
		tl_vs_bytes(v, &i->dwCallDataSize, &i->dwCallDataOffset, buf,
			 cd.size <= ci->call_data_size ? cd.size : 0);
	free(buf);
}

/* The applications of this process with a handle on a kernel call, and their privilege. */
struct tl_holders {
	const struct tl_call *call;
	const struct tl_lineapp *app[64];
	DWORD priv[64];
	unsigned int n;
};

static void tl_hold_count(void *p, void *arg)
{
	const struct tl_call *c = p;
	struct tl_holders *h = arg;
	unsigned int i;

	if (c->line->dev != h->call->line->dev || c->id != h->call->id)
		return;
	for (i = 0; i < h->n && h->app[i] != c->line->app; i++)
		;
	if (i == h->n && h->n < 64)
		h->app[h->n++] = c->line->app;
	if (i < h->n)
		h->priv[i] |= c->privilege;
}

/*
 * dwNumOwners and dwNumMonitors: the kernel counts the open lines (each
 * lineOpen is one) of every process that own or monitor the call (uAPI
 * 1.10). The file asking holds the call, so a module that does not count
 * says 0 and 0: then the applications of this process are counted (an
 * application with owner and monitor handles is an owner). Holds tl_lib.lock.
 */
static void tl_holders(const struct tl_call *c, const struct tapi_call_info *ci, LPLINECALLINFO i)
{
	struct tl_holders h = { .call = c };

	if (ci->num_owners || ci->num_monitors) {
		i->dwNumOwners = ci->num_owners;
		i->dwNumMonitors = ci->num_monitors;
		return;
	}
	tl_handles_each(OBJ_CALL, tl_hold_count, &h);
	for (unsigned int k = 0; k < h.n; k++) {
		if (h.priv[k] & LINECALLPRIVILEGE_OWNER)
			i->dwNumOwners++;
		else if (h.priv[k] & LINECALLPRIVILEGE_MONITOR)
			i->dwNumMonitors++;
	}
}

EXPORT LONG WINAPI lineGetCallInfo(HCALL hCall, LPLINECALLINFO lpCallInfo)
{
	struct tapi_call_info ci;
	LPLINECALLINFO i = lpCallInfo;
	struct tl_call *c;
	struct tl_vs v;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_call_struct(hCall, i, offsetof(LINECALLINFO, dwCallTreatment),
			  sizeof(LINECALLINFO), &c, &v);
	if (ret)
		goto out_unlock;
	tl_kernel_info(c, &ci);
	i->hLine = c->line->handle;
	i->dwLineDeviceID = c->line->dev;
	i->dwAddressID = 0;
	i->dwBearerMode = LINEBEARERMODE_VOICE;
	i->dwMediaMode = ci.media_mode ? ci.media_mode : c->media_mode;
	i->dwCallID = c->id;
	i->dwCallStates = LINECALLSTATE_IDLE | LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED |
			  LINECALLSTATE_DIALTONE | LINECALLSTATE_DIALING |
			  LINECALLSTATE_RINGBACK | LINECALLSTATE_BUSY |
			  LINECALLSTATE_SPECIALINFO | LINECALLSTATE_CONNECTED |
			  LINECALLSTATE_PROCEEDING | LINECALLSTATE_ONHOLD |
			  LINECALLSTATE_DISCONNECTED;
	i->dwMonitorDigitModes = c->digit_modes;
	tl_holders(c, &ci, i);
	i->dwTrunk = 0xFFFFFFFF;	/* not known: lines are not trunk groups here */
	i->dwOrigin = ci.origin ? ci.origin : LINECALLORIGIN_UNKNOWN;
	/* every call here is dialed straight to its line: no transfers, no forwards */
	i->dwReason = ci.origin ? LINECALLREASON_DIRECT : LINECALLREASON_UNKNOWN;
	i->dwCallerIDFlags = tl_party_flags(ci.caller_flags, ci.caller[0]);
	tl_vs_string(&v, &i->dwCallerIDSize, &i->dwCallerIDOffset, ci.caller);
	tl_vs_string(&v, &i->dwCallerIDNameSize, &i->dwCallerIDNameOffset, ci.caller_name);
	if (ci.caller_name[0] && !(i->dwCallerIDFlags & LINECALLPARTYID_NAME))
		i->dwCallerIDFlags |= LINECALLPARTYID_NAME;
	i->dwCalledIDFlags = ci.called[0] ? LINECALLPARTYID_ADDRESS : LINECALLPARTYID_UNKNOWN;
	tl_vs_string(&v, &i->dwCalledIDSize, &i->dwCalledIDOffset, ci.called);
	i->dwConnectedIDFlags = LINECALLPARTYID_UNKNOWN;
	i->dwRedirectionIDFlags = LINECALLPARTYID_UNKNOWN;
	i->dwRedirectingIDFlags = LINECALLPARTYID_UNKNOWN;
	tl_vs_string(&v, &i->dwAppNameSize, &i->dwAppNameOffset, c->line->app->name);
	i->dwAppSpecific = ci.app_specific;
	if (c->line->api_version >= 0x00020000) {
		i->dwCallTreatment = ci.treatment;
		tl_call_data(c, &ci, &v, i);
	}
	tl_vs_end(&v);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

ALIAS_A(lineMakeCall);
ALIAS_A(lineDial);
ALIAS_A(lineGetCallInfo);

EXPORT LONG WINAPI lineSetCallPrivilege(HCALL hCall, DWORD dwCallPrivilege)
{
	struct tapi_call_privilege p = { .privilege = dwCallPrivilege };
	struct tl_call *c;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(c = tl_call_usable(hCall)))
		ret = LINEERR_INVALCALLHANDLE;
	else if (dwCallPrivilege != LINECALLPRIVILEGE_MONITOR &&
		 dwCallPrivilege != LINECALLPRIVILEGE_OWNER)
		ret = LINEERR_INVALCALLPRIVILEGE;
	else if (c->gone || c->line->removed)
		ret = LINEERR_INVALCALLSTATE;
	if (!ret && dwCallPrivilege != c->privilege) {
		p.call_id = c->id;
		if (tl_line_ioctl(c->line, TAPI_IOC_SET_CALL_PRIVILEGE, &p))
			ret = errno == EBUSY ? (LONG)LINEERR_INVALCALLSTATE : tl_errno(errno);
		/* gone meanwhile (lineClose, or lineDeallocateCall elsewhere) */
		if (!(c = tl_call_usable(hCall)))
			ret = LINEERR_INVALCALLHANDLE;
		else if (!ret)
			c->privilege = dwCallPrivilege;
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/*
 * Conferences are not made on these lines (no address can set one up:
 * LINEADDRESSCAPS.dwMaxNumConference is 0), so no call is in one.
 */
EXPORT LONG WINAPI lineGetConfRelatedCalls(HCALL hCall, LPLINECALLLIST lpCallList)
{
	struct tl_call *c;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(c = tl_call_usable(hCall)))
		ret = LINEERR_INVALCALLHANDLE;
	else if (!lpCallList)
		ret = LINEERR_INVALPOINTER;
	else if (lpCallList->dwTotalSize < sizeof(*lpCallList))
		ret = LINEERR_STRUCTURETOOSMALL;
	else
		ret = LINEERR_NOCONFERENCE;
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}
