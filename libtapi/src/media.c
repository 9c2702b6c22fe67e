// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Media on a call: digits monitored, gathered and generated, tones
 * generated and listened for, media signals (fax, modem, voice) watched.
 * Each maps onto one kernel request per open line (the line carries one
 * call's audio at a time); what the kernel reports becomes
 * LINE_MONITORDIGITS, LINE_GATHERDIGITS, LINE_GENERATE, LINE_MONITORTONE
 * and LINE_MONITORMEDIA. Their dwParam3 "tick count" is CLOCK_MONOTONIC in
 * milliseconds, when the digit, tone or signal began.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"
#include "wide.h"

#define MONITOR_MEDIA (LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_DATAMODEM | \
		       LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE)

/* The tick count of an event that began @ago_us before its timestamp. */
static DWORD tl_ticks(const struct tapi_event *ev, uint32_t ago_us)
{
	return (DWORD)((ev->timestamp_ns - (uint64_t)ago_us * 1000) / 1000000);
}

/* A call of this application to act on, live; or the error. Holds tl_lib.lock. */
static LONG tl_live_call(HCALL h, struct tl_call **c)
{
	*c = tl_call_usable(h);
	if (!*c)
		return LINEERR_INVALCALLHANDLE;
	if ((*c)->gone || (*c)->line->removed)
		return LINEERR_INVALCALLSTATE;
	return 0;
}

static LONG tl_ioctl_err(int e)
{
	return e == ENOENT ? (LONG)LINEERR_INVALCALLSTATE : e == EOPNOTSUPP ?
	       (LONG)LINEERR_OPERATIONUNAVAIL : tl_errno(e);
}

/* The kernel's gathered digits into the application's buffer, then the message. */
static void tl_gather_end(struct tl_line *l, struct tl_call *c, const struct tapi_event *ev)
{
	struct tapi_gather_result r = { 0 };
	DWORD why;

	if (!c->gather_buf || ev->param[2] != c->gather_tag)
		return;
	if (!ioctl(l->fd, TAPI_IOC_GATHER_RESULT, &r) && r.tag == c->gather_tag) {
		DWORD n = r.count < c->gather_size ? r.count : c->gather_size;

		if (c->gather_wide)	/* lineGatherDigitsW: digits are ASCII */
			for (DWORD i = 0; i < n; i++)
				((WCHAR *)c->gather_buf)[i] = (unsigned char)r.digits[i];
		else
			memcpy(c->gather_buf, r.digits, n);
	}
	switch (ev->param[0]) {
	case TAPI_GATHER_BUFFERFULL: why = LINEGATHERTERM_BUFFERFULL; break;
	case TAPI_GATHER_TERMDIGIT: why = LINEGATHERTERM_TERMDIGIT; break;
	case TAPI_GATHER_FIRSTTIMEOUT: why = LINEGATHERTERM_FIRSTTIMEOUT; break;
	case TAPI_GATHER_INTERTIMEOUT: why = LINEGATHERTERM_INTERTIMEOUT; break;
	default: why = LINEGATHERTERM_CANCEL; break;	/* cancelled, or the call ended */
	}
	c->gather_buf = NULL;
	tl_post(l->app, c->handle, LINE_GATHERDIGITS, l->callback_instance, why, 0,
	     tl_ticks(ev, 0));
}

/* The end of one of this line's generation requests, found by its tag. */
static void tl_generate_end(struct tl_line *l, const struct tapi_event *ev)
{
	for (size_t i = 0; i < sizeof(l->gen) / sizeof(l->gen[0]); i++) {
		struct tl_call *c;

		if (!l->gen[i].tag || l->gen[i].tag != ev->param[2])
			continue;
		l->gen[i].tag = 0;
		c = tl_call_usable(l->gen[i].call);
		if (c)
			tl_post(l->app, c->handle, LINE_GENERATE, l->callback_instance,
			     ev->param[1] == TAPI_GENERATE_DONE ? LINEGENERATETERM_DONE :
								  LINEGENERATETERM_CANCEL,
			     0, tl_ticks(ev, 0));
	}
}

/* Remember a generation request on @c; its end comes by tag. */
static void tl_generate_started(struct tl_call *c, uint32_t tag)
{
	struct tl_line *l = c->line;
	size_t i, oldest = 0;

	for (i = 0; i < sizeof(l->gen) / sizeof(l->gen[0]); i++) {
		if (!l->gen[i].tag)
			break;
		if (l->gen[i].tag < l->gen[oldest].tag)
			oldest = i;
	}
	/* all taken: those older ends were lost (another file's request cancelled them) */
	if (i == sizeof(l->gen) / sizeof(l->gen[0]))
		i = oldest;
	l->gen[i].tag = tag;
	l->gen[i].call = c->handle;
}

/* A digit, tone, media or generation record; true when it was one. Holds tl_lib.lock. */
bool tl_media_event(struct tl_line *l, const struct tapi_event *ev)
{
	/* the call may have just ended: its last requests end after it */
	struct tl_call *c = ev->call_id ? tl_call_lookup(l, ev->call_id, true) : NULL;
	DWORD mode;

	if (ev->type == TAPI_EVENT_GENERATE) {
		tl_generate_end(l, ev);
		return true;
	}
	if (!c)
		return false;
	switch (ev->type) {
	case TAPI_EVENT_DIGIT:
		mode = ev->param[1] == TAPI_DIGIT_PULSE ? LINEDIGITMODE_PULSE :
		       ev->param[2] == TAPI_DIGIT_END ? LINEDIGITMODE_DTMFEND :
							LINEDIGITMODE_DTMF;
		if (c->digit_modes & mode)
			tl_post(l->app, c->handle, LINE_MONITORDIGITS, l->callback_instance,
			     ev->param[0], mode, tl_ticks(ev, ev->param[3]));
		return true;
	case TAPI_EVENT_GATHER:
		tl_gather_end(l, c, ev);
		return true;

	case TAPI_EVENT_TONE:
		tl_post(l->app, c->handle, LINE_MONITORTONE, l->callback_instance, ev->param[0],
		     0, tl_ticks(ev, ev->param[3]));
		return true;
	case TAPI_EVENT_MEDIA:
		tl_post(l->app, c->handle, LINE_MONITORMEDIA, l->callback_instance, ev->param[0],
		     0, tl_ticks(ev, ev->param[3]));
		return true;
	default:
		return false;
	}
}

EXPORT LONG WINAPI lineMonitorDigits(HCALL hCall, DWORD dwDigitModes)
{
	struct tapi_monitor_digits md = { .modes = dwDigitModes };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_live_call(hCall, &c);
	if (!ret && dwDigitModes & ~(LINEDIGITMODE_PULSE | LINEDIGITMODE_DTMF |
				     LINEDIGITMODE_DTMFEND))
		ret = LINEERR_INVALDIGITMODE;
	if (!ret) {
		md.call_id = dwDigitModes ? c->id : 0;
		if (ioctl(c->line->fd, TAPI_IOC_MONITOR_DIGITS, &md))
			ret = errno == EOPNOTSUPP ? (LONG)LINEERR_INVALDIGITMODE : tl_ioctl_err(errno);
		else
			c->digit_modes = dwDigitModes;
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/* lineGatherDigits, into chars or (@wide, for lineGatherDigitsW) WCHARs */
LONG tl_gather_digits(HCALL hCall, DWORD dwDigitModes, void *lpsDigits, DWORD dwNumDigits,
		   LPCSTR lpszTerminationDigits, DWORD dwFirstDigitTimeout,
		   DWORD dwInterDigitTimeout, int wide)
{
	struct tapi_gather_digits g = { 0 };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_live_call(hCall, &c);
	if (ret) {
		;
	} else if (!lpsDigits) {
		/* cancels: LINE_GATHERDIGITS says so when the kernel has */
		g.call_id = c->id;
		if (c->gather_buf && ioctl(c->line->fd, TAPI_IOC_GATHER_DIGITS, &g))
			ret = tl_ioctl_err(errno);
	} else if (!dwDigitModes || dwDigitModes & ~(LINEDIGITMODE_PULSE | LINEDIGITMODE_DTMF)) {
		ret = LINEERR_INVALDIGITMODE;
	} else if (!dwNumDigits || dwNumDigits > TAPI_GATHER_MAX_DIGITS) {
		ret = LINEERR_INVALPARAM;	/* the kernel gathers up to 63 at a time */
	} else if (lpszTerminationDigits &&
		   (strlen(lpszTerminationDigits) >= sizeof(g.term_digits) ||
		    strspn(lpszTerminationDigits, "0123456789*#ABCDabcd") !=
		    strlen(lpszTerminationDigits))) {
		ret = LINEERR_INVALDIGITS;
	} else if (dwFirstDigitTimeout > TAPI_GATHER_MAX_MS ||
		   dwInterDigitTimeout > TAPI_GATHER_MAX_MS) {
		ret = LINEERR_INVALTIMEOUT;
	} else {
		g.call_id = c->id;
		g.mode = (dwDigitModes & LINEDIGITMODE_DTMF ? TAPI_DIGIT_DTMF : 0) |
			 (dwDigitModes & LINEDIGITMODE_PULSE ? TAPI_DIGIT_PULSE : 0);
		g.max_digits = dwNumDigits;
		g.first_ms = dwFirstDigitTimeout;
		g.inter_ms = dwInterDigitTimeout;
		g.tag = tl_request_id();
		if (lpszTerminationDigits)
			strcpy(g.term_digits, lpszTerminationDigits);
		if (ioctl(c->line->fd, TAPI_IOC_GATHER_DIGITS, &g)) {
			ret = errno == EOPNOTSUPP ? (LONG)LINEERR_INVALDIGITMODE : tl_ioctl_err(errno);
		} else {
			/* an earlier request's end names its own tag: it is not this one's */
			memset(lpsDigits, 0, wide ? dwNumDigits * sizeof(WCHAR) : dwNumDigits);
			c->gather_buf = lpsDigits;
			c->gather_wide = wide;
			c->gather_size = dwNumDigits;
			c->gather_tag = g.tag;
		}
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineGatherDigits(HCALL hCall, DWORD dwDigitModes, LPSTR lpsDigits,
				    DWORD dwNumDigits, LPCSTR lpszTerminationDigits,
				    DWORD dwFirstDigitTimeout, DWORD dwInterDigitTimeout)
{
	return tl_gather_digits(hCall, dwDigitModes, lpsDigits, dwNumDigits, lpszTerminationDigits,
			     dwFirstDigitTimeout, dwInterDigitTimeout, 0);
}

EXPORT LONG WINAPI lineGenerateDigits(HCALL hCall, DWORD dwDigitMode, LPCSTR lpszDigits,
				      DWORD dwDuration)
{
	struct tapi_generate_digits g = { 0 };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_live_call(hCall, &c);
	if (ret)
		;
	else if (dwDigitMode != LINEDIGITMODE_DTMF && dwDigitMode != LINEDIGITMODE_PULSE)
		ret = LINEERR_INVALDIGITMODE;
	else if (lpszDigits && (strlen(lpszDigits) > TAPI_GENERATE_MAX_DIGITS ||
				strspn(lpszDigits, dwDigitMode == LINEDIGITMODE_PULSE ?
					"0123456789" : "0123456789*#ABCDabcd") !=
				strlen(lpszDigits)))
		ret = LINEERR_INVALDIGITS;
	else if (dwDuration && (dwDuration < 40 || dwDuration > 1000) &&
		 dwDigitMode == LINEDIGITMODE_DTMF)
		ret = LINEERR_INVALPARAM;
	if (!ret) {
		g.call_id = c->id;
		g.mode = dwDigitMode == LINEDIGITMODE_PULSE ? TAPI_DIGIT_PULSE : TAPI_DIGIT_DTMF;
		if (g.mode == TAPI_DIGIT_DTMF) {
			/* TAPI's one duration is both the tone and the pause */
			g.on_ms = dwDuration ? dwDuration : 100;
			g.off_ms = g.on_ms;
			g.level = -100;
		} else {
			g.off_ms = 700;
		}
		g.tag = tl_gen_tag();
		if (lpszDigits)
			strcpy(g.digits, lpszDigits);
		if (ioctl(c->line->fd, TAPI_IOC_GENERATE_DIGITS, &g))
			ret = errno == EOPNOTSUPP ? (LONG)LINEERR_INVALDIGITMODE : tl_ioctl_err(errno);
		else if (lpszDigits && *lpszDigits)
			tl_generate_started(c, g.tag);
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/* TAPI's volume (0-0xFFFF, full scale) as the kernel's level in 1/10 dBm0. */
static int16_t tl_level(DWORD volume)
{
	double db;

	if (!volume)
		return -400;
	db = 200.0 * log10((double)(volume > 0xffff ? 0xffff : volume) / 0xffff);
	return (int16_t)(db < -400 ? -400 : db);
}

/* TAPI's custom tone (components each with a cadence) as the kernel's segments. */
static LONG tl_custom_tone(struct tapi_generate_tone *g, const LINEGENERATETONE *t, DWORD n)
{
	DWORD i;

	if (!t)
		return LINEERR_INVALPOINTER;
	if (!n || n > 2)
		return LINEERR_INVALTONE;	/* two frequencies at once at most */
	for (i = 0; i < n; i++)
		if (!t[i].dwFrequency || t[i].dwFrequency >= 4000 || t[i].dwCadenceOn > 65535 ||
		    t[i].dwCadenceOff > 65535 || t[i].dwCadenceOn != t[0].dwCadenceOn ||
		    t[i].dwCadenceOff != t[0].dwCadenceOff)
			return LINEERR_INVALTONE;	/* one cadence for both */
	g->seg[0].freq1 = (uint16_t)t[0].dwFrequency;
	g->seg[0].freq2 = n > 1 ? (uint16_t)t[1].dwFrequency : 0;
	g->level1 = tl_level(t[0].dwVolume);
	g->level2 = n > 1 ? tl_level(t[1].dwVolume) : 0;
	/* no off time, or no on time given: a steady tone */
	if (!t[0].dwCadenceOff || !t[0].dwCadenceOn) {
		g->nseg = 1;
		return 0;
	}
	g->seg[0].ms = (uint16_t)t[0].dwCadenceOn;
	g->seg[1].ms = (uint16_t)t[0].dwCadenceOff;
	g->nseg = 2;
	return 0;
}

EXPORT LONG WINAPI lineGenerateTone(HCALL hCall, DWORD dwToneMode, DWORD dwDuration,
				    DWORD dwNumTones, LPLINEGENERATETONE const lpTones)
{
	struct tapi_generate_tone g = { 0 };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_live_call(hCall, &c);
	if (ret)
		;
	else if (dwToneMode == LINETONEMODE_CUSTOM)
		ret = tl_custom_tone(&g, lpTones, dwNumTones);
	else if (dwToneMode && dwToneMode != LINETONEMODE_RINGBACK &&
		 dwToneMode != LINETONEMODE_BUSY && dwToneMode != LINETONEMODE_BEEP)
		ret = LINEERR_INVALTONEMODE;	/* billing tones are not made here */
	if (!ret) {
		g.call_id = c->id;
		g.tone = dwToneMode;	/* the kernel's values are TAPI's; 0 cancels */
		/* a cancel carries nothing but the call: the kernel checks */
		g.duration_ms = dwToneMode ? dwDuration : 0;
		g.tag = tl_gen_tag();
		if (ioctl(c->line->fd, TAPI_IOC_GENERATE_TONE, &g))
			ret = errno == EOPNOTSUPP ? (LONG)LINEERR_INVALTONEMODE : tl_ioctl_err(errno);
		else if (dwToneMode)
			tl_generate_started(c, g.tag);
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineMonitorTones(HCALL hCall, LPLINEMONITORTONE const lpToneList,
				    DWORD dwNumEntries)
{
	struct tapi_monitor_tones m = { 0 };
	struct tl_call *c;
	LONG ret;
	DWORD i;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_live_call(hCall, &c);
	if (!ret && lpToneList && (!dwNumEntries || dwNumEntries > TAPI_MONITOR_TONES_MAX))
		ret = LINEERR_INVALTONELIST;
	for (i = 0; !ret && lpToneList && i < dwNumEntries; i++) {
		const LINEMONITORTONE *t = &lpToneList[i];

		if (t->dwDuration < 20 || t->dwDuration > 60000 || !t->dwFrequency1 ||
		    t->dwFrequency1 > 3900 || t->dwFrequency2 > 3900 || t->dwFrequency3 > 3900 ||
		    t->dwFrequency1 < 100 || (t->dwFrequency2 && t->dwFrequency2 < 100) ||
		    (t->dwFrequency3 && t->dwFrequency3 < 100)) {
			ret = LINEERR_INVALTONE;
			break;
		}
		m.tones[i].tag = t->dwAppSpecific;
		m.tones[i].duration_ms = t->dwDuration;
		m.tones[i].freq[0] = (uint16_t)t->dwFrequency1;
		m.tones[i].freq[1] = (uint16_t)t->dwFrequency2;
		m.tones[i].freq[2] = (uint16_t)t->dwFrequency3;
	}
	if (!ret) {
		/* NULL: stop listening */
		m.call_id = c->id;
		m.count = lpToneList ? dwNumEntries : 0;
		if (ioctl(c->line->fd, TAPI_IOC_MONITOR_TONES, &m))
			ret = tl_ioctl_err(errno);
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

EXPORT LONG WINAPI lineMonitorMedia(HCALL hCall, DWORD dwMediaModes)
{
	struct tapi_monitor_media m = { .media_modes = dwMediaModes };
	struct tl_call *c;
	LONG ret;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_live_call(hCall, &c);
	if (!ret && dwMediaModes & ~MONITOR_MEDIA)
		ret = LINEERR_INVALMEDIAMODE;	/* what the kernel cannot hear */
	if (!ret) {
		m.call_id = c->id;
		if (ioctl(c->line->fd, TAPI_IOC_MONITOR_MEDIA, &m))
			ret = errno == EOPNOTSUPP ? (LONG)LINEERR_INVALMEDIAMODE : tl_ioctl_err(errno);
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

/* The media control actions the kernel takes: no rate changes. */
#define MEDIA_CONTROLS (LINEMEDIACONTROL_NONE | LINEMEDIACONTROL_START | LINEMEDIACONTROL_RESET | \
			LINEMEDIACONTROL_PAUSE | LINEMEDIACONTROL_RESUME | \
			LINEMEDIACONTROL_VOLUMEUP | LINEMEDIACONTROL_VOLUMEDOWN | \
			LINEMEDIACONTROL_VOLUMENORMAL)

static bool tl_one_control(DWORD c)
{
	return c && !(c & (c - 1)) && !(c & ~MEDIA_CONTROLS);
}

/* The call states a rule may name (idle ends the rules). */
#define CONTROL_STATES (LINECALLSTATE_OFFERING | LINECALLSTATE_ACCEPTED | \
			LINECALLSTATE_DIALTONE | LINECALLSTATE_DIALING | LINECALLSTATE_RINGBACK | \
			LINECALLSTATE_BUSY | LINECALLSTATE_SPECIALINFO | \
			LINECALLSTATE_CONNECTED | LINECALLSTATE_PROCEEDING | \
			LINECALLSTATE_ONHOLD | LINECALLSTATE_DISCONNECTED)

/*
 * Digits and call states act on the audio the application sends through
 * the line's descriptors (lineGetID "tapi/audio..."), in the kernel at the
 * tick that hears them, so a prompt stops as a caller's digit begins.
 * Media and tone events do not (LINEDEVCAPS lists none).
 */
EXPORT LONG WINAPI lineSetMediaControl(HLINE hLine, DWORD dwAddressID, HCALL hCall,
				       DWORD dwSelect,
				       LPLINEMEDIACONTROLDIGIT const lpDigitList,
				       DWORD dwDigitNumEntries,
				       LPLINEMEDIACONTROLMEDIA const lpMediaList,
				       DWORD dwMediaNumEntries,
				       LPLINEMEDIACONTROLTONE const lpToneList,
				       DWORD dwToneNumEntries,
				       LPLINEMEDIACONTROLCALLSTATE const lpCallStateList,
				       DWORD dwCallStateNumEntries)
{
	struct tapi_media_control mc = { 0 };
	struct tl_call *c = NULL;
	struct tl_line *l = NULL;
	LONG ret = 0;
	DWORD i;

	pthread_mutex_lock(&tl_lib.lock);
	if (dwSelect == LINECALLSELECT_CALL) {
		ret = tl_live_call(hCall, &c);
		if (!ret)
			l = c->line;
	} else if (dwSelect == LINECALLSELECT_LINE || dwSelect == LINECALLSELECT_ADDRESS) {
		l = tl_handle_get(hLine, OBJ_LINE);
		ret = !l ? LINEERR_INVALLINEHANDLE :
		      dwSelect == LINECALLSELECT_ADDRESS && dwAddressID ? LINEERR_INVALADDRESSID :
		      l->removed ? LINEERR_OPERATIONFAILED : 0;
	} else {
		ret = LINEERR_INVALCALLSELECT;
	}
	if (!ret && ((dwDigitNumEntries && !lpDigitList) || (dwMediaNumEntries && !lpMediaList) ||
		     (dwToneNumEntries && !lpToneList) ||
		     (dwCallStateNumEntries && !lpCallStateList)))
		ret = LINEERR_INVALPOINTER;
	else if (!ret && dwMediaNumEntries)
		ret = LINEERR_INVALMEDIALIST;
	else if (!ret && dwToneNumEntries)
		ret = LINEERR_INVALTONELIST;
	else if (!ret && dwDigitNumEntries > TAPI_MEDIA_RULES_MAX)
		ret = LINEERR_INVALDIGITLIST;
	else if (!ret && (dwCallStateNumEntries > TAPI_MEDIA_RULES_MAX - dwDigitNumEntries ||
			  (dwCallStateNumEntries && !c)))
		ret = LINEERR_INVALCALLSTATELIST;	/* call states are a call's */
	for (i = 0; !ret && i < dwDigitNumEntries; i++) {
		const LINEMEDIACONTROLDIGIT *d = &lpDigitList[i];

		if (d->dwDigit > 127 || !d->dwDigit || !strchr("0123456789*#ABCD", (int)d->dwDigit) ||
		    !d->dwDigitModes ||
		    (d->dwDigitModes & ~(LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND)) ||
		    !tl_one_control(d->dwMediaControl)) {
			ret = LINEERR_INVALDIGITLIST;
			break;
		}
		mc.rules[mc.count++] = (struct tapi_media_rule){
			.kind = TAPI_MEDIARULE_DIGIT, .match = d->dwDigit,
			.modes = d->dwDigitModes, .action = d->dwMediaControl };
	}
	for (i = 0; !ret && i < dwCallStateNumEntries; i++) {
		const LINEMEDIACONTROLCALLSTATE *s = &lpCallStateList[i];

		if (!s->dwCallStates || (s->dwCallStates & ~CONTROL_STATES) ||
		    !tl_one_control(s->dwMediaControl)) {
			ret = LINEERR_INVALCALLSTATELIST;
			break;
		}
		mc.rules[mc.count++] = (struct tapi_media_rule){
			.kind = TAPI_MEDIARULE_CALLSTATE, .match = s->dwCallStates,
			.action = s->dwMediaControl };
	}
	if (!ret && !(tl_device_get(l->dev)->info.caps & TAPI_LINE_CAP_AUDIO))
		ret = LINEERR_OPERATIONUNAVAIL;
	if (!ret) {
		mc.call_id = c ? c->id : 0;
		if (ioctl(l->fd, TAPI_IOC_MEDIA_CONTROL, &mc))
			ret = errno == EPERM ? (LONG)LINEERR_NOTOWNER : tl_ioctl_err(errno);
	}
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

ALIAS_A(lineGatherDigits);
ALIAS_A(lineGenerateDigits);
