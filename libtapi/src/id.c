// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lineGetID: a line, address or call as another device class, in the
 * SDK's VARSTRING formats (STRINGFORMAT_BINARY, a DWORD):
 *
 * - "tapi/line": the line's device ID; "tapi/phone": the phone device that
 *   goes with the line (devices.c), LINEERR_INVALDEVICECLASS for a line
 *   without one; "tapi/providerid": its provider's permanent ID.
 * - Audio: there is no wave API on Linux; a file descriptor of the kernel's
 *   audio stream (TAPI_IOC_AUDIO_OPEN) instead. "tapi/audio" (16-bit
 *   signed linear, native byte order), "tapi/audio/ulaw" and
 *   "tapi/audio/alaw" (G.711, a byte a sample) give a call's stream;
 *   "wave/in" and "wave/out" the 16-bit stream too, what a TAPI wave
 *   device records and plays (8000 Hz, mono, PCM): a call's, or for the
 *   line or address the line's (whatever call it carries). 8000 samples a
 *   second, one channel, read() and write() in 20 ms chunks. The
 *   application owns the descriptor and closes it; a call's stream ends
 *   with the call.
 * - "comm/datamodem" (and .../portname): no line has a modem yet (the
 *   modem provider will): LINEERR_INVALDEVICECLASS, as for any other class.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

#define AUDIO_CHUNK_MS 20

static const struct {
	const char *name;
	uint32_t format;
	bool line_too;	/* the line's audio when no call is named */
} tl_audio_classes[] = {
	{ "tapi/audio", TAPI_AUDIO_LINEAR16, false },
	{ "tapi/audio/ulaw", TAPI_AUDIO_ULAW, false },
	{ "tapi/audio/alaw", TAPI_AUDIO_ALAW, false },
	{ "wave/in", TAPI_AUDIO_LINEAR16, true },
	{ "wave/out", TAPI_AUDIO_LINEAR16, true },
};

/* Put @n bytes in @vs as a binary VARSTRING; 0 or LINEERR_STRUCTURETOOSMALL. */
static LONG tl_varstring(LPVARSTRING vs, const void *p, DWORD n)
{
	struct tl_vs v;
	LONG ret = tl_vs_begin(&v, vs, sizeof(*vs), sizeof(*vs));

	if (ret)
		return ret;
	vs->dwStringFormat = STRINGFORMAT_BINARY;
	tl_vs_bytes(&v, &vs->dwStringSize, &vs->dwStringOffset, p, n);
	tl_vs_end(&v);
	return 0;
}

/* The DWORD of "tapi/line", "tapi/phone" or "tapi/providerid" for device @dev, @d. */
static LONG tl_dev_class_id(DWORD dev, const struct tl_device *d, LPCSTR cls, DWORD *v)
{
	if (!strcasecmp(cls, "tapi/phone"))
		return tl_device_phone(d, v);
	if (!strcasecmp(cls, "tapi/providerid"))
		return tl_provider_id(d->info.driver, v);
	*v = dev;
	return 0;
}

EXPORT LONG WINAPI lineGetID(HLINE hLine, DWORD dwAddressID, HCALL hCall, DWORD dwSelect,
			     LPVARSTRING lpDeviceID, LPCSTR lpszDeviceClass)
{
	struct tapi_audio_open ao = { .chunk_ms = AUDIO_CHUNK_MS, .flags = O_CLOEXEC };
	struct tl_call *c = NULL;
	struct tl_line *l = NULL;
	LONG ret = 0;
	DWORD id = 0;
	size_t k;

	pthread_mutex_lock(&tl_lib.lock);
	if (dwSelect == LINECALLSELECT_CALL) {
		c = tl_handle_get(hCall, OBJ_CALL);
		if (!c || !c->valid)
			ret = LINEERR_INVALCALLHANDLE;
		else
			l = c->line;
	} else if (dwSelect == LINECALLSELECT_LINE || dwSelect == LINECALLSELECT_ADDRESS) {
		if (!(l = tl_handle_get(hLine, OBJ_LINE)))
			ret = LINEERR_INVALLINEHANDLE;
		else if (dwSelect == LINECALLSELECT_ADDRESS && dwAddressID)
			ret = LINEERR_INVALADDRESSID;
	} else {
		ret = LINEERR_INVALCALLSELECT;
	}
	if (!ret && (!lpDeviceID || !lpszDeviceClass))
		ret = LINEERR_INVALPOINTER;
	else if (!ret && lpDeviceID->dwTotalSize < sizeof(*lpDeviceID))
		ret = LINEERR_STRUCTURETOOSMALL;
	if (ret)
		goto out_unlock;
	if (!strcasecmp(lpszDeviceClass, "tapi/line") ||
	    !strcasecmp(lpszDeviceClass, "tapi/phone") ||
	    !strcasecmp(lpszDeviceClass, "tapi/providerid")) {
		/* udev and the providers' file are asked without the lock */
		struct tl_device d = *tl_device_get(l->dev);
		DWORD dev = l->dev;

		pthread_mutex_unlock(&tl_lib.lock);
		ret = tl_dev_class_id(dev, &d, lpszDeviceClass, &id);
		return ret ? ret : tl_varstring(lpDeviceID, &id, sizeof(id));
	}
	for (k = 0; k < sizeof(tl_audio_classes) / sizeof(tl_audio_classes[0]); k++)
		if (!strcasecmp(lpszDeviceClass, tl_audio_classes[k].name))
			break;
	/* a stream per call; the wave classes also the line's own */
	if (k == sizeof(tl_audio_classes) / sizeof(tl_audio_classes[0]) ||
	    (!c && !tl_audio_classes[k].line_too)) {
		ret = LINEERR_INVALDEVICECLASS;
		goto out_unlock;
	}
	if ((c && c->gone) || l->removed) {
		ret = c ? LINEERR_INVALCALLSTATE : LINEERR_NODEVICE;
		goto out_unlock;
	}
	/* room for the answer first: a descriptor nobody gets would leak */
	if (lpDeviceID->dwTotalSize < sizeof(*lpDeviceID) + sizeof(DWORD)) {
		ret = tl_varstring(lpDeviceID, &id, sizeof(id));
		goto out_unlock;
	}
	ao.call_id = c ? c->id : 0;
	ao.format = tl_audio_classes[k].format;
	if (ioctl(l->fd, TAPI_IOC_AUDIO_OPEN, &ao)) {
		ret = errno == ENOENT ? (LONG)LINEERR_INVALCALLSTATE :
		      errno == EOPNOTSUPP ? (LONG)LINEERR_INVALDEVICECLASS : tl_errno(errno);
		goto out_unlock;
	}
	id = (DWORD)ao.fd;
	ret = tl_varstring(lpDeviceID, &id, sizeof(id));
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

ALIAS_A(lineGetID);
