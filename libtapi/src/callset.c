// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What applications set on calls and lines for each other: a call's
 * application-specific value, call data, media mode and treatment;
 * handing a call to another application and picking up the calls one has
 * no handle for; the toll-saver ring count; the message-waiting indicator.
 * Every process sharing a line must see these, so the kernel keeps them
 * (uAPI 1.7) and tells every file that knows the call or line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

/*
 * The call named by @h, owned by its application, on a line still there:
 * 0 or the LINEERR. Holds tl_lib.lock.
 */
static LONG tl_owned_call(HCALL h, struct tl_call **c)
{
	*c = tl_call_usable(h);
	if (!*c)
		return LINEERR_INVALCALLHANDLE;
	if (!((*c)->privilege & LINECALLPRIVILEGE_OWNER))
		return LINEERR_NOTOWNER;
	if ((*c)->gone || (*c)->line->removed)
		return LINEERR_INVALCALLSTATE;
	return 0;
}

/*
 * TAPI_IOC_SET_CALL for *@c, @h's call, the lock released for it (the
 * driver may be asked): 0 or the LINEERR. With @reply, the request's
 * LINE_REPLY is posted and its ID returned. *@c is looked up again after:
 * NULL (and LINEERR_INVALCALLHANDLE, no reply) when the call went
 * meanwhile. Holds tl_lib.lock.
 */
static LONG tl_call_set(HCALL h, struct tl_call **c, struct tapi_call_set *s, bool reply)
{
	struct tl_line *l = (*c)->line;
	LONG ret = 0;

	s->call_id = (*c)->id;
	if (tl_line_ioctl(l, TAPI_IOC_SET_CALL, s)) {
		switch (errno) {
		case EBADF:	/* the line was closed: *c went with it */
			*c = NULL;
			return LINEERR_INVALCALLHANDLE;
		case ENOENT:
			ret = LINEERR_INVALCALLSTATE;	/* it ended meanwhile */
			break;
		case EFAULT:
			ret = LINEERR_INVALPOINTER;
			break;
		default:
			ret = tl_errno(errno);
		}
	}
	*c = tl_call_usable(h);
	if (reply)
		return tl_post_reply(l, ret);
	return *c ? ret : (LONG)LINEERR_INVALCALLHANDLE;
}

EXPORT LONG WINAPI lineSetAppSpecific(HCALL hCall, DWORD dwAppSpecific)
{
	struct tapi_call_set s = { .what = TAPI_CALLSET_APPSPECIFIC,
				   .app_specific = dwAppSpecific };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_owned_call(hCall, &c);
	if (!ret)
		ret = tl_call_set(hCall, &c, &s, false);
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/* The media modes a call may be given: one, or UNKNOWN with others. */
#define CALL_MEDIA (LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE | \
		    LINEMEDIAMODE_AUTOMATEDVOICE | LINEMEDIAMODE_DATAMODEM | \
		    LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_TDD)

EXPORT LONG WINAPI lineSetMediaMode(HCALL hCall, DWORD dwMediaModes)
{
	struct tapi_call_set s = { .what = TAPI_CALLSET_MEDIAMODE, .media_mode = dwMediaModes };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_owned_call(hCall, &c);
	if (!ret && (!dwMediaModes || (dwMediaModes & ~CALL_MEDIA) ||
		     ((dwMediaModes & (dwMediaModes - 1)) &&
		      !(dwMediaModes & LINEMEDIAMODE_UNKNOWN))))
		ret = LINEERR_INVALMEDIAMODE;
	if (!ret)
		ret = tl_call_set(hCall, &c, &s, false);
	if (!ret)
		c->media_mode = dwMediaModes;
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineSetCallData(HCALL hCall, LPVOID lpCallData, DWORD dwSize)
{
	struct tapi_call_set s = { .what = TAPI_CALLSET_CALLDATA, .data_size = dwSize,
				   .data = (uintptr_t)lpCallData };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_owned_call(hCall, &c);
	if (!ret && dwSize && !lpCallData)
		ret = LINEERR_INVALPOINTER;
	else if (!ret && dwSize > TAPI_CALL_DATA_MAX)
		ret = LINEERR_INVALPARAM;	/* LINEADDRESSCAPS.dwMaxCallDataSize */
	if (!ret) {
		if (!dwSize)
			s.data = 0;
		ret = tl_call_set(hCall, &c, &s, true);
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineSetCallTreatment(HCALL hCall, DWORD dwTreatment)
{
	struct tapi_call_set s = { .what = TAPI_CALLSET_TREATMENT, .treatment = dwTreatment };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_owned_call(hCall, &c);
	if (!ret && !(tl_device_get(c->line->dev)->info.caps & TAPI_LINE_CAP_TREATMENT))
		ret = LINEERR_OPERATIONUNAVAIL;
	/* the treatments LINEADDRESSCAPS lists: the exchange has no music */
	else if (!ret && dwTreatment != LINECALLTREATMENT_SILENCE &&
		 dwTreatment != LINECALLTREATMENT_RINGBACK &&
		 dwTreatment != LINECALLTREATMENT_BUSY)
		ret = LINEERR_INVALPARAM;
	if (!ret)
		ret = tl_call_set(hCall, &c, &s, true);
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/*
 * The lines are circuits of fixed capacity with nothing to negotiate: no
 * call lists LINECALLFEATURE_SETQOS, and the request is refused as the
 * reference says for a feature the line lacks.
 */
EXPORT LONG WINAPI lineSetCallQualityOfService(HCALL hCall, LPVOID lpSendingFlowspec,
					       DWORD dwSendingFlowspecSize,
					       LPVOID lpReceivingFlowspec,
					       DWORD dwReceivingFlowspecSize)
{
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_owned_call(hCall, &c);
	if (!ret && ((dwSendingFlowspecSize && !lpSendingFlowspec) ||
		     (dwReceivingFlowspecSize && !lpReceivingFlowspec)))
		ret = LINEERR_INVALPOINTER;
	if (!ret)
		ret = LINEERR_OPERATIONUNAVAIL;
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineHandoff(HCALL hCall, LPCSTR lpszFileName, DWORD dwMediaMode)
{
	struct tl_call *c;
	LONG ret;
	int r;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_owned_call(hCall, &c);
	if (ret == (LONG)LINEERR_INVALCALLSTATE)
		ret = LINEERR_OPERATIONFAILED;	/* not among lineHandoff's errors */
	if (!ret && lpszFileName) {
		struct tapi_handoff_name h = { .call_id = c->id };

		/* by name: the module's, as Windows compares them (app_name_key) */
		tl_app_name_key(lpszFileName, h.name, sizeof(h.name));
		if (!*h.name) {
			ret = LINEERR_TARGETNOTFOUND;
		} else {
			r = ioctl(c->line->fd, TAPI_IOC_HANDOFF_NAME, &h);
			ret = !r ? 0 : errno == ESRCH ? (LONG)LINEERR_TARGETNOTFOUND :
			      errno == EALREADY ? (LONG)LINEERR_TARGETSELF : tl_errno(errno);
		}
	} else if (!ret) {
		struct tapi_handoff h = { .call_id = c->id, .media_mode = dwMediaMode };

		if (!dwMediaMode || (dwMediaMode & (dwMediaMode - 1)) ||
		    (dwMediaMode & ~CALL_MEDIA)) {
			ret = LINEERR_INVALMEDIAMODE;
		} else {
			r = ioctl(c->line->fd, TAPI_IOC_HANDOFF, &h);
			ret = !r ? 0 : errno == ESRCH ? (LONG)LINEERR_TARGETNOTFOUND :
			      errno == EALREADY ? (LONG)LINEERR_TARGETSELF : tl_errno(errno);
		}
	}
	if (ret == (LONG)LINEERR_INVALCALLHANDLE && c)
		ret = LINEERR_OPERATIONFAILED;	/* the kernel's call ended meanwhile */
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

ALIAS_A(lineHandoff);

/* More than a line has call slots (the kernel's are a handful). */
#define LIST_MAX 64

EXPORT LONG WINAPI lineGetNewCalls(HLINE hLine, DWORD dwAddressID, DWORD dwSelect,
				   LPLINECALLLIST lpCallList)
{
	struct tapi_call_list list = { .flags = TAPI_LIST_ADOPT, .count = LIST_MAX };
	uint32_t ids[LIST_MAX];
	LPLINECALLLIST cl = lpCallList;
	HCALL handles[LIST_MAX];
	unsigned int n = 0;
	struct tl_line *l;
	struct tl_vs v;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE)))
		ret = LINEERR_INVALLINEHANDLE;
	else if (dwSelect != LINECALLSELECT_LINE && dwSelect != LINECALLSELECT_ADDRESS)
		ret = LINEERR_INVALCALLSELECT;
	else if (dwSelect == LINECALLSELECT_ADDRESS && dwAddressID)
		ret = LINEERR_INVALADDRESSID;
	else if (!cl)
		ret = LINEERR_INVALPOINTER;
	else
		ret = tl_vs_begin(&v, cl, sizeof(*cl), sizeof(*cl));
	if (!ret && l->removed)
		ret = LINEERR_NODEVICE;
	if (ret)
		goto out_unlock;
	list.ids = (uintptr_t)ids;
	if (ioctl(l->fd, TAPI_IOC_LIST_CALLS, &list)) {
		ret = tl_errno(errno);
		goto out_unlock;
	}
	/* the calls it has no handle for become monitored ones */
	for (unsigned int i = 0; i < list.count && i < LIST_MAX; i++) {
		struct tapi_call_info ci = { .call_id = ids[i] };
		struct tl_call *c;

		if (tl_call_find(l, ids[i]) || ioctl(l->fd, TAPI_IOC_CALL_INFO, &ci))
			continue;
		c = tl_call_add(l, ids[i], ci.privilege, true);
		if (!c) {
			ret = LINEERR_NOMEM;
			break;
		}
		c->state = ci.state;
		c->media_mode = ci.media_mode;
		handles[n++] = c->handle;
	}
	cl->dwCallsNumEntries = n;
	tl_vs_bytes(&v, &cl->dwCallsSize, &cl->dwCallsOffset, handles, n * sizeof(handles[0]));
	tl_vs_end(&v);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineSetNumRings(HLINE hLine, DWORD dwAddressID, DWORD dwNumRings)
{
	struct tl_line *l;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE)))
		ret = LINEERR_INVALLINEHANDLE;
	else if (dwAddressID)
		ret = LINEERR_INVALADDRESSID;
	else if (l->removed)
		ret = LINEERR_OPERATIONFAILED;
	else if (ioctl(l->fd, TAPI_IOC_SET_NUM_RINGS, &(uint32_t){ dwNumRings }))
		ret = tl_errno(errno);
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineGetNumRings(HLINE hLine, DWORD dwAddressID, LPDWORD lpdwNumRings)
{
	struct tapi_line_status st = { 0 };
	struct tl_line *l;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE)))
		ret = LINEERR_INVALLINEHANDLE;
	else if (dwAddressID)
		ret = LINEERR_INVALADDRESSID;
	else if (!lpdwNumRings)
		ret = LINEERR_INVALPOINTER;
	else if (l->removed)
		ret = LINEERR_OPERATIONFAILED;
	else if (ioctl(l->fd, TAPI_IOC_LINE_STATUS, &st))
		ret = tl_errno(errno);
	else
		*lpdwNumRings = st.num_rings;	/* the fewest any application asked for */
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineSetLineDevStatus(HLINE hLine, DWORD dwStatusToChange, DWORD fStatus)
{
	struct tapi_line_set s = { .what = TAPI_LINESET_MSGWAIT, .value = !!fStatus };
	struct tl_line *l;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE)))
		ret = LINEERR_INVALLINEHANDLE;
	else if (!dwStatusToChange || (dwStatusToChange & (dwStatusToChange - 1)))
		ret = LINEERR_INVALPARAM;
	/* LINEDEVCAPS.dwSettableDevStatus: the message-waiting indicator alone */
	else if (dwStatusToChange != LINEDEVSTATUSFLAGS_MSGWAIT ||
		 !(tl_device_get(l->dev)->info.caps & TAPI_LINE_CAP_MSGWAIT))
		ret = LINEERR_INVALLINESTATE;
	else if (l->removed)
		ret = LINEERR_OPERATIONFAILED;
	if (!ret && tl_line_ioctl(l, TAPI_IOC_SET_LINE, &s))
		ret = errno == EBADF ? (LONG)LINEERR_INVALLINEHANDLE : tl_post_reply(l, tl_errno(errno));
	else if (!ret)
		ret = tl_post_reply(l, 0);
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}
