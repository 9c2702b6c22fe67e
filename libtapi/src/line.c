// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Line devices: capabilities, opening and closing, status messages. A
 * lineOpen is one open file of /dev/tapiN: the kernel keeps owners,
 * monitors and new calls' routing by media mode per file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

/* The media modes this library knows a line can carry. */
#define MEDIA_KNOWN (LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE | \
		     LINEMEDIAMODE_AUTOMATEDVOICE | LINEMEDIAMODE_DATAMODEM | \
		     LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_TDD)

/* The line states the kernel reports and lineSetStatusMessages can ask for. */
#define LINE_STATES (LINEDEVSTATE_RINGING | LINEDEVSTATE_INSERVICE | \
		     LINEDEVSTATE_OUTOFSERVICE | LINEDEVSTATE_OPEN | LINEDEVSTATE_CLOSE | \
		     LINEDEVSTATE_REINIT | LINEDEVSTATE_REMOVED)
#define MSGWAIT_STATES (LINEDEVSTATE_MSGWAITON | LINEDEVSTATE_MSGWAITOFF)

/*
 * Every bit TAPI 2.2 defines: lineSetStatusMessages takes them all, as
 * providers must, and sends only those the line reports (LINEDEVCAPS'
 * dwLineStates; no address states at all).
 */
#define LINEDEVSTATE_ALL (LINEDEVSTATE_REMOVED * 2 - 1)
#define LINEADDRESSSTATE_ALL (LINEADDRESSSTATE_CAPSCHANGE * 2 - 1)

/* The line states @in's device reports. */
static DWORD tl_line_states(const struct tapi_line_info *in)
{
	return LINE_STATES | (in->caps & TAPI_LINE_CAP_MSGWAIT ? MSGWAIT_STATES : 0);
}

LONG tl_errno(int e)
{
	switch (e) {
	case ENOMEM: return LINEERR_NOMEM;
	case EPERM: case EACCES: return LINEERR_NOTOWNER;
	case ENOENT: return LINEERR_INVALCALLHANDLE;
	case EBUSY: return LINEERR_INVALCALLSTATE;
	case EINVAL: return LINEERR_INVALPARAM;
	case EOPNOTSUPP: case ENOTTY: return LINEERR_OPERATIONUNAVAIL;
	case ENOSPC: case EAGAIN: case EMFILE: return LINEERR_RESOURCEUNAVAIL;
	case ENODEV: case ENXIO: return LINEERR_NODEVICE;
	default: return LINEERR_OPERATIONFAILED;
	}
}

/* Fixed size of LINEDEVCAPS for an API version. */
static DWORD tl_devcaps_size(DWORD version)
{
	if (version < 0x00020000)
		return offsetof(LINEDEVCAPS, dwSettableDevStatus);
	if (version < 0x00020002)
		return offsetof(LINEDEVCAPS, PermanentLineGuid);
	return sizeof(LINEDEVCAPS);
}

static bool tl_version_ok(DWORD v)
{
	return v >= API_LOW && v <= API_HIGH;
}

/*
 * The checks of the capability functions, then their structure begun with
 * a fixed part of @fixed bytes. Holds tl_lib.lock.
 */
LONG tl_caps_begin(HLINEAPP app, DWORD id, DWORD version, DWORD ext, void *s, DWORD fixed,
		struct tl_device **d, struct tl_vs *v)
{
	LONG ret = tl_app_device(app, id, d);

	if (ret)
		return ret;
	if (!tl_version_ok(version))
		return LINEERR_INCOMPATIBLEAPIVERSION;
	if (ext)
		return LINEERR_INCOMPATIBLEEXTVERSION;	/* none negotiated: there are none */
	if (!s)
		return LINEERR_INVALPOINTER;
	return tl_vs_begin(v, s, fixed, fixed);
}

static DWORD tl_media_modes(const struct tapi_line_info *in)
{
	DWORD m = LINEMEDIAMODE_UNKNOWN | LINEMEDIAMODE_INTERACTIVEVOICE |
		  LINEMEDIAMODE_AUTOMATEDVOICE;

	/* what the kernel can tell apart on a call, it can hand over by */
	if (in->caps & TAPI_LINE_CAP_MEDIA_DETECT)
		m |= LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_G3FAX;
	return m;
}

EXPORT LONG WINAPI lineGetDevCaps(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAPIVersion,
				  DWORD dwExtVersion, LPLINEDEVCAPS lpLineDevCaps)
{
	/* lineGetID's classes (id.c): audio descriptors for the wave devices */
	static const char tl_id_classes[] = "tapi/line\0tapi/providerid\0tapi/audio\0"
		"tapi/audio/ulaw\0tapi/audio/alaw\0wave/in\0wave/out\0";
	char all[sizeof(tl_id_classes) + sizeof("tapi/phone")];
	const struct tapi_line_info *in;
	DWORD phone;
	LPLINEDEVCAPS c = lpLineDevCaps;
	char provider[64];
	struct tl_device *d;
	struct tl_vs v;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_caps_begin(hLineApp, dwDeviceID, dwAPIVersion, dwExtVersion, c,
			 tl_devcaps_size(dwAPIVersion), &d, &v);
	if (ret)
		goto out_unlock;
	in = &d->info;
	snprintf(provider, sizeof(provider), "libtapi %s", in->driver);
	tl_vs_string(&v, &c->dwProviderInfoSize, &c->dwProviderInfoOffset, provider);
	tl_vs_string(&v, &c->dwLineNameSize, &c->dwLineNameOffset, in->name);
	c->dwPermanentLineID = in->line_id;
	c->dwStringFormat = STRINGFORMAT_ASCII;	/* UTF-8, which ASCII is part of */
	c->dwAddressModes = LINEADDRESSMODE_ADDRESSID;
	c->dwNumAddresses = 1;
	c->dwBearerModes = LINEBEARERMODE_VOICE;
	c->dwMediaModes = tl_media_modes(in);
	if (in->caps & TAPI_LINE_CAP_TONE_GENERATE) {
		c->dwGenerateToneModes = LINETONEMODE_CUSTOM | LINETONEMODE_RINGBACK |
					 LINETONEMODE_BUSY | LINETONEMODE_BEEP;
		c->dwGenerateToneMaxNumFreq = 2;
	}
	if (in->caps & TAPI_LINE_CAP_DTMF_GENERATE)
		c->dwGenerateDigitModes |= LINEDIGITMODE_DTMF;
	if (in->caps & TAPI_LINE_CAP_PULSE_GENERATE)
		c->dwGenerateDigitModes |= LINEDIGITMODE_PULSE;
	if (in->caps & TAPI_LINE_CAP_DTMF_DETECT)
		c->dwMonitorDigitModes |= LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND;
	if (in->caps & TAPI_LINE_CAP_PULSE_DETECT)
		c->dwMonitorDigitModes |= LINEDIGITMODE_PULSE;
	if (in->caps & TAPI_LINE_CAP_TONE_DETECT) {
		c->dwMonitorToneMaxNumFreq = 2;
		c->dwMonitorToneMaxNumEntries = TAPI_MONITOR_TONES_MAX;
	}
	/* closing the last owner drops a call: the kernel does */
	c->dwDevCapFlags = LINEDEVCAPFLAGS_CLOSEDROP;
	c->dwMaxNumActiveCalls = 1;
	c->dwAnswerMode = LINEANSWERMODE_HOLD;
	c->dwRingModes = 1;
	c->dwLineStates = tl_line_states(in);
	if (in->caps & TAPI_LINE_CAP_CALLS)
		c->dwLineFeatures = LINEFEATURE_MAKECALL;
	/* lineSetMediaControl: rules on digits and call states, none on media or tones */
	if (in->caps & TAPI_LINE_CAP_AUDIO) {
		c->dwLineFeatures |= LINEFEATURE_SETMEDIACONTROL;
		c->dwMedCtlDigitMaxListSize = TAPI_MEDIA_RULES_MAX;
		c->dwMedCtlCallStateMaxListSize = TAPI_MEDIA_RULES_MAX;
	}
	/* the message-waiting indicator is the one status an application sets */
	if ((in->caps & TAPI_LINE_CAP_MSGWAIT) && dwAPIVersion >= 0x00020000) {
		c->dwLineFeatures |= LINEFEATURE_SETDEVSTATUS;
		c->dwSettableDevStatus = LINEDEVSTATUSFLAGS_MSGWAIT;
	}
	if (dwAPIVersion >= 0x00020000) {
		size_t n = sizeof(tl_id_classes) - 1;	/* without the list's last NUL */

		memcpy(all, tl_id_classes, sizeof(tl_id_classes));
		if (!tl_device_phone(d, &phone)) {
			memcpy(all + n, "tapi/phone", sizeof("tapi/phone"));
			n += sizeof("tapi/phone");
		}
		all[n++] = 0;
		tl_vs_bytes(&v, &c->dwDeviceClassesSize, &c->dwDeviceClassesOffset, all, n);
	}
	tl_vs_end(&v);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/* The device lineOpen(LINEMAPPER) picks: the first that carries @media. */
static LONG tl_mapper(DWORD media, DWORD *id)
{
	for (DWORD i = 0; i < tl_lib.ndevs; i++) {
		if (!tl_lib.devs[i].removed && (tl_lib.devs[i].info.caps & TAPI_LINE_CAP_CALLS) &&
		    (tl_media_modes(&tl_lib.devs[i].info) & media) == media) {
			*id = i;
			return 0;
		}
	}
	return LINEERR_NODEVICE;
}

EXPORT LONG WINAPI lineOpen(HLINEAPP hLineApp, DWORD dwDeviceID, LPHLINE lphLine,
			    DWORD dwAPIVersion, DWORD dwExtVersion, DWORD_PTR dwCallbackInstance,
			    DWORD dwPrivileges, DWORD dwMediaModes,
			    LPLINECALLPARAMS const lpCallParams)
{
	DWORD priv = dwPrivileges & ~(LINEOPENOPTION_SINGLEADDRESS | LINEOPENOPTION_PROXY);
	struct tapi_privileges tp = { 0 };
	struct tl_lineapp *app;
	struct tl_device *d = NULL;
	struct tl_line *l;
	LONG ret = 0;
	int fd;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(app = tl_handle_get(hLineApp, OBJ_LINEAPP)))
		ret = LINEERR_INVALAPPHANDLE;
	else if (!lphLine)
		ret = LINEERR_INVALPOINTER;
	else if (priv != LINECALLPRIVILEGE_NONE && priv != LINECALLPRIVILEGE_MONITOR &&
		 priv != LINECALLPRIVILEGE_OWNER &&
		 priv != (LINECALLPRIVILEGE_OWNER | LINECALLPRIVILEGE_MONITOR))
		ret = LINEERR_INVALPRIVSELECT;
	else if (dwPrivileges & LINEOPENOPTION_PROXY)
		ret = LINEERR_INVALPRIVSELECT;	/* no call-center proxies (docs/libtapi.md) */
	else if ((dwPrivileges & LINEOPENOPTION_SINGLEADDRESS) &&
		 (!lpCallParams || lpCallParams->dwAddressID != 0))
		ret = lpCallParams ? LINEERR_INVALADDRESSID : LINEERR_INVALPOINTER;
	else if ((priv & LINECALLPRIVILEGE_OWNER) &&
		 (!dwMediaModes || dwMediaModes & ~MEDIA_KNOWN))
		ret = LINEERR_INVALMEDIAMODE;
	else if (dwDeviceID == LINEMAPPER)
		ret = !lpCallParams ? (LONG)LINEERR_INVALPOINTER :
		      tl_mapper(lpCallParams->dwMediaMode, &dwDeviceID);
	if (!ret && !(d = tl_device_get(dwDeviceID)))
		ret = LINEERR_BADDEVICEID;
	else if (!ret && d->removed)
		ret = LINEERR_NODEVICE;
	else if (!ret && !tl_version_ok(dwAPIVersion))
		ret = LINEERR_INCOMPATIBLEAPIVERSION;
	else if (!ret && dwExtVersion)
		ret = LINEERR_INCOMPATIBLEEXTVERSION;
	else if (!ret && (priv & LINECALLPRIVILEGE_OWNER) &&
		 dwMediaModes & ~tl_media_modes(&d->info))
		ret = LINEERR_INVALMEDIAMODE;
	if (ret)
		goto out_unlock;
	fd = open(d->path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		ret = errno == ENOENT || errno == ENODEV ? LINEERR_NODEVICE :
		      errno == EACCES || errno == EPERM ? LINEERR_OPERATIONFAILED :
		      LINEERR_RESOURCEUNAVAIL;
		goto out_unlock;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		goto out_nomem;
	l->handle = tl_handle_new(OBJ_LINE, l);
	if (!l->handle)
		goto out_nomem;
	l->app = app;
	l->dev = dwDeviceID;
	l->fd = fd;
	l->api_version = dwAPIVersion;
	l->callback_instance = dwCallbackInstance;
	l->privileges = priv;
	l->media_modes = priv & LINECALLPRIVILEGE_OWNER ? dwMediaModes : 0;
	tp.privileges = priv;
	tp.media_modes = l->media_modes;
	/* lineSetAppPriority's lists decide which owner a new call goes to */
	if (priv & LINECALLPRIVILEGE_OWNER)
		tp.priority = tl_app_priority(l->media_modes);
	if (priv != LINECALLPRIVILEGE_NONE && ioctl(fd, TAPI_IOC_SET_PRIVILEGES, &tp)) {
		ret = tl_errno(errno);
		if (ret == (LONG)LINEERR_INVALPARAM)
			ret = LINEERR_INVALMEDIAMODE;
		goto out_free_handle;
	}
	/* digits only once lineMonitorDigits asks (the kernel starts with all) */
	{
		struct tapi_monitor_digits md = { 0 };
		struct tapi_file_name fn = { 0 };

		ioctl(fd, TAPI_IOC_MONITOR_DIGITS, &md);
		/* lineHandoff finds applications by their program's name, as its key */
		tl_app_name_key(program_invocation_short_name, fn.name, sizeof(fn.name));
		ioctl(fd, TAPI_IOC_SET_NAME, &fn);
	}
	*lphLine = l->handle;
	tl_engine_wake();
	goto out_unlock;

out_nomem:
	ret = LINEERR_NOMEM;
out_free_handle:
	if (l && l->handle)
		tl_handle_free(l->handle);
	free(l);
	close(fd);
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

static void tl_free_line_calls(void *p, void *arg)
{
	struct tl_call *c = p;

	if (c->line == arg)
		tl_call_free(c);
}

/* @l goes: its handle, its calls' handles, its file. Holds tl_lib.lock. */
void tl_line_free(struct tl_line *l)
{
	struct tapi_privileges none = { .privileges = TAPI_PRIV_NONE };
	uint32_t no_rings = TAPI_NUM_RINGS_NONE;

	/*
	 * The kernel lets the file go only once the engine's poll() has
	 * (a moment later): withdraw now what others see, so that no new
	 * call comes to it and its ring count stops counting.
	 */
	if (!l->removed) {
		ioctl(l->fd, TAPI_IOC_SET_PRIVILEGES, &none);
		ioctl(l->fd, TAPI_IOC_SET_NUM_RINGS, &no_rings);
	}
	tl_handles_each(OBJ_CALL, tl_free_line_calls, l);
	tl_handle_free(l->handle);
	/*
	 * A request in the kernel: the last one closes and frees it (closed
	 * now, the descriptor's number could be another file's before a
	 * request that is about to enter the kernel does).
	 */
	if (l->requests) {
		l->freed = true;
	} else {
		close(l->fd);
		free(l);
	}
	tl_engine_wake();
}

/*
 * @ioc on @l's file with tl_lib.lock released: the kernel may sleep in it
 * as long as the driver's operation takes (internal.h). The caller holds
 * the lock before and after; any call it had may have gone meanwhile.
 * ioctl's result, errno kept; -1 with EBADF when the line was closed
 * meanwhile: @l is then freed.
 */
int tl_line_ioctl(struct tl_line *l, unsigned long ioc, void *arg)
{
	int fd = l->fd, r, e;
	bool gone;

	l->requests++;
	pthread_mutex_unlock(&tl_lib.lock);
	r = ioctl(fd, ioc, arg);
	e = errno;
	pthread_mutex_lock(&tl_lib.lock);
	gone = l->freed;
	if (--l->requests) {
		;
	} else if (gone) {
		close(l->fd);
		free(l);
	} else {
		tl_engine_wake();	/* the events it left unread */
	}
	errno = gone ? EBADF : e;
	return gone ? -1 : r;
}

/* @l's device went: LINE_CLOSE, the handle stays until lineClose. */
void tl_line_removed(struct tl_line *l)
{
	l->removed = true;
	tl_post(l->app, l->handle, LINE_CLOSE, l->callback_instance, 0, 0, 0);
	tl_engine_wake();
}

EXPORT LONG WINAPI lineClose(HLINE hLine)
{
	struct tl_line *l;

	pthread_mutex_lock(&tl_lib.lock);
	l = tl_handle_get(hLine, OBJ_LINE);
	if (l)
		tl_line_free(l);
	pthread_mutex_unlock(&tl_lib.lock);
	return l ? 0 : LINEERR_INVALLINEHANDLE;
}

EXPORT LONG WINAPI lineSetStatusMessages(HLINE hLine, DWORD dwLineStates,
					 DWORD dwAddressStates)
{
	struct tapi_status_events se = { 0 };
	struct tl_line *l;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE)))
		ret = LINEERR_INVALLINEHANDLE;
	else if (dwLineStates & ~LINEDEVSTATE_ALL)
		ret = LINEERR_INVALLINESTATE;
	else if (dwAddressStates & ~LINEADDRESSSTATE_ALL)
		ret = LINEERR_INVALADDRESSSTATE;
	if (!ret) {
		/* the kernel is asked for what it reports on this line; the rest never comes */
		se.line_states = dwLineStates & tl_line_states(&tl_device_get(l->dev)->info) &
				 TAPI_LINESTATES;
		if (!l->removed && ioctl(l->fd, TAPI_IOC_SET_STATUS_EVENTS, &se)) {
			ret = tl_errno(errno);
		} else {
			l->line_states = dwLineStates;
			l->address_states = dwAddressStates;
		}
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineGetStatusMessages(HLINE hLine, LPDWORD lpdwLineStates,
					 LPDWORD lpdwAddressStates)
{
	struct tl_line *l;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!(l = tl_handle_get(hLine, OBJ_LINE))) {
		ret = LINEERR_INVALLINEHANDLE;
	} else if (!lpdwLineStates || !lpdwAddressStates) {
		ret = LINEERR_INVALPOINTER;
	} else {
		*lpdwLineStates = l->line_states;
		*lpdwAddressStates = l->address_states;
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

ALIAS_A(lineGetDevCaps);
ALIAS_A(lineOpen);
