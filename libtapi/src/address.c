// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A line's status and its one address (a /dev/tapiN line has one number,
 * address ID 0): lineGetLineDevStatus, lineGetAddressCaps,
 * lineGetAddressStatus, lineGetAddressID.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

/* What the kernel reports of calls, as TAPI's sets of possibilities. */
#define CALL_STATES (LINECALLSTATE_IDLE | LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED | \
		     LINECALLSTATE_DIALTONE | LINECALLSTATE_DIALING | LINECALLSTATE_RINGBACK | \
		     LINECALLSTATE_BUSY | LINECALLSTATE_SPECIALINFO | \
		     LINECALLSTATE_CONNECTED | LINECALLSTATE_PROCEEDING | \
		     LINECALLSTATE_ONHOLD | LINECALLSTATE_DISCONNECTED)
#define PARTY_IDS (LINECALLPARTYID_BLOCKED | LINECALLPARTYID_OUTOFAREA | \
		   LINECALLPARTYID_NAME | LINECALLPARTYID_ADDRESS | LINECALLPARTYID_UNKNOWN)
#define DISCONNECT_MODES (LINEDISCONNECTMODE_NORMAL | LINEDISCONNECTMODE_UNKNOWN | \
			  LINEDISCONNECTMODE_REJECT | LINEDISCONNECTMODE_BUSY | \
			  LINEDISCONNECTMODE_NOANSWER | LINEDISCONNECTMODE_BADADDRESS | \
			  LINEDISCONNECTMODE_UNREACHABLE | LINEDISCONNECTMODE_CONGESTION | \
			  LINEDISCONNECTMODE_UNAVAIL | LINEDISCONNECTMODE_NODIALTONE)
#define SPECIAL_INFO (LINESPECIALINFO_NOCIRCUIT | LINESPECIALINFO_CUSTIRREG | \
		      LINESPECIALINFO_REORDER | LINESPECIALINFO_UNKNOWN | \
		      LINESPECIALINFO_UNAVAIL)

/* The line's status from the kernel; 0 or a LINEERR. Holds tl_lib.lock. */
static LONG tl_line_status(struct tl_line *l, struct tapi_line_status *st)
{
	memset(st, 0, sizeof(*st));
	if (l->removed)
		return LINEERR_NODEVICE;
	return ioctl(l->fd, TAPI_IOC_LINE_STATUS, st) ? tl_errno(errno) : 0;
}

EXPORT LONG WINAPI lineGetLineDevStatus(HLINE hLine, LPLINEDEVSTATUS lpLineDevStatus)
{
	LPLINEDEVSTATUS s = lpLineDevStatus;
	struct tapi_line_status st;
	struct tl_device *d;
	struct tl_line *l;
	DWORD fixed = 0;
	struct tl_vs v;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE))) {
		ret = LINEERR_INVALLINEHANDLE;
	} else if (!s) {
		ret = LINEERR_INVALPOINTER;
	} else {
		fixed = l->api_version < 0x00020000 ?
			offsetof(LINEDEVSTATUS, dwAvailableMediaModes) : sizeof(LINEDEVSTATUS);
		ret = tl_vs_begin(&v, s, fixed, fixed);
	}
	if (!ret)
		ret = tl_line_status(l, &st);
	if (ret)
		goto out_unlock;
	d = tl_device_get(l->dev);
	s->dwNumOpens = st.num_opens;
	s->dwOpenMediaModes = st.open_media_modes;
	s->dwNumActiveCalls = st.num_active;
	s->dwNumOnHoldCalls = st.num_onhold;
	if ((d->info.caps & TAPI_LINE_CAP_CALLS) && (st.status & TAPI_STATUS_INSERVICE))
		s->dwLineFeatures = LINEFEATURE_MAKECALL;
	if (d->info.caps & TAPI_LINE_CAP_AUDIO)
		s->dwLineFeatures |= LINEFEATURE_SETMEDIACONTROL;
	if ((d->info.caps & TAPI_LINE_CAP_MSGWAIT) && l->api_version >= 0x00020000)
		s->dwLineFeatures |= LINEFEATURE_SETDEVSTATUS;
	s->dwRingMode = st.num_offering ? 1 : 0;
	/* a wired line: no radio, no battery, no roaming */
	s->dwRoamMode = LINEROAMMODE_UNAVAIL;
	s->dwDevStatusFlags = st.status & (LINEDEVSTATUSFLAGS_CONNECTED |
					   LINEDEVSTATUSFLAGS_INSERVICE |
					   LINEDEVSTATUSFLAGS_MSGWAIT);
	if (l->api_version >= 0x00020000)
		s->dwAvailableMediaModes = LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE |
					   LINEMEDIAMODE_AUTOMATEDVOICE;
	tl_vs_end(&v);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

static DWORD tl_addrcaps_size(DWORD version)
{
	return version < 0x00020000 ? offsetof(LINEADDRESSCAPS, dwPredictiveAutoTransferStates) :
				      sizeof(LINEADDRESSCAPS);
}

/*
 * The treatments a line's exchange plays to an unanswered caller: entries
 * first, then their names, all or nothing.
 */
static void tl_treatments(LPLINEADDRESSCAPS c, struct tl_vs *v)
{
	static const struct {
		DWORD id;
		const char *name;
	} tl_treatment_names[] = {
		{ LINECALLTREATMENT_SILENCE, "Silence" },
		{ LINECALLTREATMENT_RINGBACK, "Ringback" },
		{ LINECALLTREATMENT_BUSY, "Busy Signal" },
	};
	LINECALLTREATMENTENTRY e[3];
	DWORD n = sizeof(e), off;

	for (unsigned int i = 0; i < 3; i++)
		n += (DWORD)strlen(tl_treatment_names[i].name) + 1;
	c->dwNumCallTreatments = 3;
	v->needed += n;
	if (v->total - v->used < n)
		return;
	off = v->used + (DWORD)sizeof(e);
	for (unsigned int i = 0; i < 3; i++) {
		e[i].dwCallTreatmentID = tl_treatment_names[i].id;
		e[i].dwCallTreatmentNameSize = (DWORD)strlen(tl_treatment_names[i].name) + 1;
		e[i].dwCallTreatmentNameOffset = off;
		memcpy((char *)v->base + off, tl_treatment_names[i].name, e[i].dwCallTreatmentNameSize);
		off += e[i].dwCallTreatmentNameSize;
	}
	memcpy((char *)v->base + v->used, e, sizeof(e));
	c->dwCallTreatmentListSize = sizeof(e);
	c->dwCallTreatmentListOffset = v->used;
	v->used = off;
}

EXPORT LONG WINAPI lineGetAddressCaps(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAddressID,
				      DWORD dwAPIVersion, DWORD dwExtVersion,
				      LPLINEADDRESSCAPS lpAddressCaps)
{
	LPLINEADDRESSCAPS c = lpAddressCaps;
	struct tl_device *d;
	struct tl_vs v;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_caps_begin(hLineApp, dwDeviceID, dwAPIVersion, dwExtVersion, c,
			 tl_addrcaps_size(dwAPIVersion), &d, &v);
	if (!ret && dwAddressID)
		ret = LINEERR_INVALADDRESSID;
	if (ret)
		goto out_unlock;
	c->dwLineDeviceID = dwDeviceID;
	tl_vs_string(&v, &c->dwAddressSize, &c->dwAddressOffset, d->info.address);
	c->dwAddressSharing = LINEADDRESSSHARING_PRIVATE;
	c->dwCallInfoStates = LINECALLINFOSTATE_CALLERID | LINECALLINFOSTATE_MEDIAMODE |
			      LINECALLINFOSTATE_APPSPECIFIC;
	c->dwCallerIDFlags = PARTY_IDS;
	c->dwCalledIDFlags = LINECALLPARTYID_ADDRESS | LINECALLPARTYID_UNKNOWN;
	c->dwConnectedIDFlags = LINECALLPARTYID_UNKNOWN;
	c->dwRedirectionIDFlags = LINECALLPARTYID_UNKNOWN;
	c->dwRedirectingIDFlags = LINECALLPARTYID_UNKNOWN;
	c->dwCallStates = CALL_STATES;
	c->dwDialToneModes = LINEDIALTONEMODE_NORMAL;
	c->dwBusyModes = LINEBUSYMODE_UNKNOWN;
	c->dwSpecialInfo = SPECIAL_INFO;
	c->dwDisconnectModes = DISCONNECT_MODES;
	c->dwMaxNumActiveCalls = 1;
	/* a waiting call answered holds the other (the exchange's call waiting) */
	c->dwMaxNumOnHoldCalls = 1;
	c->dwAddrCapFlags = LINEADDRCAPFLAGS_DIALED | LINEADDRCAPFLAGS_PARTIALDIAL;
	c->dwCallFeatures = LINECALLFEATURE_ACCEPT | LINECALLFEATURE_ANSWER |
			    LINECALLFEATURE_DIAL | LINECALLFEATURE_DROP;
	if (d->info.caps & TAPI_LINE_CAP_CALLS)
		c->dwAddressFeatures = LINEADDRFEATURE_MAKECALL;
	if (d->info.caps & TAPI_LINE_CAP_AUDIO) {
		c->dwAddressFeatures |= LINEADDRFEATURE_SETMEDIACONTROL;
		c->dwCallFeatures |= LINECALLFEATURE_SETMEDIACONTROL;
	}
	if (dwAPIVersion >= 0x00020000) {
		c->dwCallInfoStates |= LINECALLINFOSTATE_CALLDATA;
		c->dwCallFeatures |= LINECALLFEATURE_SETCALLDATA;
		c->dwMaxCallDataSize = TAPI_CALL_DATA_MAX;
		if (d->info.caps & TAPI_LINE_CAP_TREATMENT) {
			c->dwCallInfoStates |= LINECALLINFOSTATE_TREATMENT;
			c->dwCallFeatures |= LINECALLFEATURE_SETTREATMENT;
			tl_treatments(c, &v);
		}
		c->dwConnectedModes = LINECONNECTEDMODE_ACTIVE;
		c->dwOfferingModes = LINEOFFERINGMODE_ACTIVE;
		c->dwAvailableMediaModes = LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE |
					   LINEMEDIAMODE_AUTOMATEDVOICE;
	}
	tl_vs_end(&v);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineGetAddressStatus(HLINE hLine, DWORD dwAddressID,
					LPLINEADDRESSSTATUS lpAddressStatus)
{
	LPLINEADDRESSSTATUS s = lpAddressStatus;
	struct tapi_line_status st;
	struct tl_line *l;
	struct tl_vs v;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE)))
		ret = LINEERR_INVALLINEHANDLE;
	else if (dwAddressID)
		ret = LINEERR_INVALADDRESSID;
	else if (!s)
		ret = LINEERR_INVALPOINTER;
	else
		ret = tl_vs_begin(&v, s, sizeof(*s), sizeof(*s));
	if (!ret)
		ret = tl_line_status(l, &st);
	if (ret)
		goto out_unlock;
	s->dwNumInUse = st.num_calls ? 1 : 0;
	s->dwNumActiveCalls = st.num_active;
	s->dwNumOnHoldCalls = st.num_onhold;
	if ((tl_device_get(l->dev)->info.caps & TAPI_LINE_CAP_CALLS) && !st.num_calls)
		s->dwAddressFeatures = LINEADDRFEATURE_MAKECALL;
	tl_vs_end(&v);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineGetAddressID(HLINE hLine, LPDWORD lpdwAddressID, DWORD dwAddressMode,
				    LPCSTR lpsAddress, DWORD dwSize)
{
	struct tl_line *l;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE)))
		ret = LINEERR_INVALLINEHANDLE;
	else if (dwAddressMode != LINEADDRESSMODE_DIALABLEADDR)
		ret = LINEERR_INVALADDRESSMODE;
	else if (!lpdwAddressID || !lpsAddress)
		ret = LINEERR_INVALPOINTER;
	else if (!dwSize || strnlen(lpsAddress, dwSize) != strlen(tl_device_get(l->dev)->info.address) ||
		 strncmp(lpsAddress, tl_device_get(l->dev)->info.address, dwSize))
		ret = LINEERR_INVALADDRESS;
	else
		*lpdwAddressID = 0;
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

ALIAS_A(lineGetAddressCaps);
ALIAS_A(lineGetAddressID);
ALIAS_A(lineGetLineDevStatus);
ALIAS_A(lineGetAddressStatus);
