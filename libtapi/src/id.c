// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lineGetID: a line, address or call as another device class. There is no
 * wave API on Linux: a call's audio is a file descriptor of the kernel's
 * audio stream (TAPI_IOC_AUDIO_OPEN), in the classes "tapi/audio" (16-bit
 * signed linear, native byte order), "tapi/audio/ulaw" and
 * "tapi/audio/alaw" (G.711, a byte a sample); 8000 samples a second, one
 * channel, read() and write() in 20 ms chunks. The application owns the
 * descriptor and closes it; the stream ends with the call.
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
} audio_classes[] = {
	{ "tapi/audio", TAPI_AUDIO_LINEAR16 },
	{ "tapi/audio/ulaw", TAPI_AUDIO_ULAW },
	{ "tapi/audio/alaw", TAPI_AUDIO_ALAW },
};

/* Put @n bytes in @vs as a binary VARSTRING; 0 or LINEERR_STRUCTURETOOSMALL. */
static LONG varstring(LPVARSTRING vs, const void *p, DWORD n)
{
	struct vs v;
	LONG ret = vs_begin(&v, vs, sizeof(*vs), sizeof(*vs));

	if (ret)
		return ret;
	vs->dwStringFormat = STRINGFORMAT_BINARY;
	vs_bytes(&v, &vs->dwStringSize, &vs->dwStringOffset, p, n);
	vs_end(&v);
	return 0;
}

EXPORT LONG WINAPI lineGetID(HLINE hLine, DWORD dwAddressID, HCALL hCall, DWORD dwSelect,
			     LPVARSTRING lpDeviceID, LPCSTR lpszDeviceClass)
{
	struct tapi_audio_open ao = { .chunk_ms = AUDIO_CHUNK_MS, .flags = O_CLOEXEC };
	struct call *c = NULL;
	struct line *l = NULL;
	LONG ret = 0;
	DWORD id = 0;
	size_t k;

	pthread_mutex_lock(&lib.lock);
	if (dwSelect == LINECALLSELECT_CALL) {
		c = handle_get(hCall, OBJ_CALL);
		if (!c || !c->valid)
			ret = LINEERR_INVALCALLHANDLE;
		else
			l = c->line;
	} else if (dwSelect == LINECALLSELECT_LINE || dwSelect == LINECALLSELECT_ADDRESS) {
		if (!(l = handle_get(hLine, OBJ_LINE)))
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
	if (ret) {
		pthread_mutex_unlock(&lib.lock);
		return ret;
	}
	if (!strcasecmp(lpszDeviceClass, "tapi/line")) {
		id = l->dev;
		ret = varstring(lpDeviceID, &id, sizeof(id));
		pthread_mutex_unlock(&lib.lock);
		return ret;
	}
	for (k = 0; k < sizeof(audio_classes) / sizeof(audio_classes[0]); k++)
		if (!strcasecmp(lpszDeviceClass, audio_classes[k].name))
			break;
	if (k == sizeof(audio_classes) / sizeof(audio_classes[0])) {
		pthread_mutex_unlock(&lib.lock);
		return LINEERR_INVALDEVICECLASS;
	}
	/* a stream per call: the line's own audio belongs to no call */
	if (!c) {
		pthread_mutex_unlock(&lib.lock);
		return LINEERR_INVALDEVICECLASS;
	}
	if (c->gone || l->removed) {
		pthread_mutex_unlock(&lib.lock);
		return LINEERR_INVALCALLSTATE;
	}
	/* room for the answer first: a descriptor nobody gets would leak */
	if (lpDeviceID->dwTotalSize < sizeof(*lpDeviceID) + sizeof(DWORD)) {
		ret = varstring(lpDeviceID, &id, sizeof(id));
		pthread_mutex_unlock(&lib.lock);
		return ret;
	}
	ao.call_id = c->id;
	ao.format = audio_classes[k].format;
	if (ioctl(l->fd, TAPI_IOC_AUDIO_OPEN, &ao)) {
		ret = errno == ENOENT ? (LONG)LINEERR_INVALCALLSTATE :
		      errno == EOPNOTSUPP ? (LONG)LINEERR_INVALDEVICECLASS : tapi_errno(errno);
		pthread_mutex_unlock(&lib.lock);
		return ret;
	}
	id = (DWORD)ao.fd;
	ret = varstring(lpDeviceID, &id, sizeof(id));
	pthread_mutex_unlock(&lib.lock);
	return ret;
}

ALIAS_A(lineGetID);
