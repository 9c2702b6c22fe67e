// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A line's configuration (lineGetDevConfig, lineSetDevConfig,
 * lineConfigDialogEdit), the dialogs that have no screen here
 * (lineConfigDialog), and icons (lineGetIcon).
 *
 * The "opaque" configuration of device class "tapi/line" is text: lines of
 * key=value, each ended by '\n', then a NUL (counted in dwStringSize). One
 * key so far: dial_mode=tone|pulse, how lineMakeCall and lineDial dial a
 * string that does not say ('T' or 'P') itself (devconfig_dial_prefix).
 *
 * It is kept per line, by the line's driver and name (stable across
 * reboots and module reloads, unlike device IDs), in an INI-like file:
 * "[driver/name]" then the key=value lines. /etc/tapi/devconfig is the
 * system's (root writes it); $XDG_CONFIG_HOME/tapi/devconfig (default
 * ~/.config) a user's, whose section for a line, once written, replaces
 * the system's for that user.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define CONF_FILE "devconfig"
#define MAX_CONFIG 4096		/* a blob or a file section longer is refused */
#define LINE_CLASS "tapi/line"

static pthread_mutex_t tl_conf_lock = PTHREAD_MUTEX_INITIALIZER;

enum tl_dial_mode { DIAL_TONE, DIAL_PULSE };

struct tl_devconf {
	enum tl_dial_mode dial_mode;
};

static const struct tl_devconf tl_defaults = { .dial_mode = DIAL_TONE };

/*
 * Parse @n bytes of configuration text into @c (keys left out keep their
 * defaults). A NUL may end it; anything else is refused: false.
 */
static bool tl_parse(const char *s, size_t n, struct tl_devconf *c)
{
	bool seen_dial = false;

	*c = tl_defaults;
	if (n && !s[n - 1])
		n--;
	if (memchr(s, 0, n))
		return false;
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n;
		char line[128], *eq, *key, *val;

		if (len >= sizeof(line))
			return false;
		memcpy(line, s, len);
		line[len] = 0;
		s += nl ? len + 1 : len;
		n -= nl ? len + 1 : len;
		line[strcspn(line, "\r")] = 0;
		key = line + strspn(line, " \t");
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq)
			return false;
		val = eq + 1 + strspn(eq + 1, " \t");
		while (eq > key && (eq[-1] == ' ' || eq[-1] == '\t'))
			eq--;
		*eq = 0;
		val[strcspn(val, " \t")] = 0;
		if (!strcmp(key, "dial_mode") && !seen_dial) {
			seen_dial = true;
			if (!strcmp(val, "tone"))
				c->dial_mode = DIAL_TONE;
			else if (!strcmp(val, "pulse"))
				c->dial_mode = DIAL_PULSE;
			else
				return false;
		} else {
			return false;	/* unknown or repeated */
		}
	}
	return true;
}

/* @c as text, every key: what lineGetDevConfig returns (its NUL not counted). */
static int tl_format(const struct tl_devconf *c, char *buf, size_t size)
{
	return snprintf(buf, size, "dial_mode=%s\n", c->dial_mode == DIAL_PULSE ? "pulse" : "tone");
}

/* A line's section header, "[driver/name]": false when the name cannot be one. */
static bool tl_section_name(const struct tapi_line_info *in, char *buf, size_t size)
{
	char driver[sizeof(in->driver) + 1], name[sizeof(in->name) + 1];

	/* the kernel's strings are NUL-terminated; this keeps them so */
	snprintf(driver, sizeof(driver), "%.*s", (int)sizeof(in->driver), in->driver);
	snprintf(name, sizeof(name), "%.*s", (int)sizeof(in->name), in->name);
	if (strpbrk(driver, "\n/]") || strchr(name, '\n'))
		return false;
	return snprintf(buf, size, "[%s/%s]", driver, name) < (int)size;
}

/*
 * Find section @sect in @text: the start of its body and its length, or
 * NULL. Its header is a line of its own.
 */
static const char *tl_section_find(const char *text, const char *sect, size_t *len)
{
	size_t sl = strlen(sect);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *body, *end;

		if (strncmp(p, sect, sl) || (p[sl] != '\n' && p[sl]))
			continue;
		body = p[sl] ? p + sl + 1 : p + sl;
		for (end = body; *end && *end != '['; ) {
			const char *nl = strchr(end, '\n');

			end = nl ? nl + 1 : end + strlen(end);
		}
		*len = (size_t)(end - body);
		return body;
	}
	return NULL;
}

/* @text without section @sect (the header and its body), in a new string. */
static char *tl_section_drop(const char *text, const char *sect)
{
	size_t len, hl = strlen(sect);
	const char *body = tl_section_find(text, sect, &len);
	char *out;

	if (!body)
		return strdup(text);
	out = malloc(strlen(text) + 1);
	if (!out)
		return NULL;
	/* the header starts hl (+ its '\n') before the body */
	{
		size_t head = (size_t)(body - text) - hl - (body[-1] == '\n' ? 1 : 0);

		memcpy(out, text, head);
		strcpy(out + head, body + len);
	}
	return out;
}

/*
 * The line's configuration: the user's section, else the system's, else
 * the defaults. 0, or -1 when a file's section for it is not valid.
 */
static int tl_conf_read(const struct tapi_line_info *in, struct tl_devconf *c, bool *found)
{
	char path[512], sect[160];

	*c = tl_defaults;
	if (found)
		*found = false;
	if (!tl_section_name(in, sect, sizeof(sect)))
		return 0;
	for (int user = 1; user >= 0; user--) {
		const char *body;
		char *text;
		size_t len;
		int ret = 0;

		if (tl_conf_path(CONF_FILE, path, sizeof(path), user))
			continue;
		text = tl_conf_slurp(path);
		if (!text)
			return -1;
		body = tl_section_find(text, sect, &len);
		if (body) {
			ret = len <= MAX_CONFIG && tl_parse(body, len, c) ? 0 : -1;
			if (found)
				*found = true;
		}
		free(text);
		if (body)
			return ret;
	}
	return 0;
}

static LONG tl_conf_write(const struct tapi_line_info *in, const struct tl_devconf *c)
{
	char path[512], sect[160], body[256];
	char *text, *rest, *out = NULL;
	size_t size = 0;
	FILE *m;
	LONG ret = 0;

	if (!tl_section_name(in, sect, sizeof(sect)) || tl_conf_path(CONF_FILE, path, sizeof(path), true))
		return LINEERR_OPERATIONFAILED;
	tl_format(c, body, sizeof(body));
	text = tl_conf_slurp(path);
	rest = text ? tl_section_drop(text, sect) : NULL;
	free(text);
	if (!rest)
		return LINEERR_NOMEM;
	m = open_memstream(&out, &size);
	if (!m) {
		free(rest);
		return LINEERR_NOMEM;
	}
	if (!*rest)
		fputs("# libtapi line settings (lineSetDevConfig): [driver/line name], key=value\n", m);
	fputs(rest, m);
	if (*rest && rest[strlen(rest) - 1] != '\n')
		fputc('\n', m);
	fprintf(m, "%s\n%s", sect, body);
	free(rest);
	if (fclose(m))
		ret = LINEERR_NOMEM;
	else if (tl_conf_replace(path, out))
		ret = LINEERR_OPERATIONFAILED;
	free(out);
	return ret;
}

/*
 * The checks every function here starts with: an application initialised
 * (device IDs exist only then), the device, and a copy of what it is.
 */
static LONG tl_device_info(DWORD id, struct tapi_line_info *info)
{
	struct tl_device *d;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (!tl_lib.napps)
		ret = LINEERR_UNINITIALIZED;
	else if (!(d = tl_device_get(id)))
		ret = LINEERR_BADDEVICEID;
	else if (d->removed)
		ret = LINEERR_NODEVICE;
	else
		*info = d->info;
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

static bool tl_audio_class(const char *class)
{
	return !strcasecmp(class, "tapi/audio") || !strcasecmp(class, "tapi/audio/ulaw") ||
	       !strcasecmp(class, "tapi/audio/alaw");
}

/* @c's text, NUL included, into a binary VARSTRING; TAPI's rules for one that is short. */
static void tl_put_config(LPVARSTRING vs, const struct tl_devconf *c)
{
	char text[256];
	struct tl_vs v;

	tl_format(c, text, sizeof(text));
	tl_vs_begin(&v, vs, sizeof(*vs), sizeof(*vs));
	vs->dwStringFormat = STRINGFORMAT_BINARY;
	tl_vs_bytes(&v, &vs->dwStringSize, &vs->dwStringOffset, text, strlen(text) + 1);
	tl_vs_end(&v);
}

EXPORT LONG WINAPI lineGetDevConfig(DWORD dwDeviceID, LPVARSTRING lpDeviceConfig,
				    LPCSTR lpszDeviceClass)
{
	struct tapi_line_info in;
	struct tl_devconf c;
	LONG ret = tl_device_info(dwDeviceID, &in);
	int r;

	if (ret)
		return ret;
	if (!lpDeviceConfig || !lpszDeviceClass)
		return LINEERR_INVALPOINTER;
	if (lpDeviceConfig->dwTotalSize < sizeof(*lpDeviceConfig))
		return LINEERR_STRUCTURETOOSMALL;
	/* the media streams (tapi/audio...) have nothing to configure */
	if (strcasecmp(lpszDeviceClass, LINE_CLASS))
		return LINEERR_INVALDEVICECLASS;
	pthread_mutex_lock(&tl_conf_lock);
	r = tl_conf_read(&in, &c, NULL);
	pthread_mutex_unlock(&tl_conf_lock);
	if (r)
		return LINEERR_OPERATIONFAILED;	/* a file's section was edited wrong */
	tl_put_config(lpDeviceConfig, &c);
	return 0;
}

EXPORT LONG WINAPI lineSetDevConfig(DWORD dwDeviceID, LPVOID const lpDeviceConfig,
				    DWORD dwSize, LPCSTR lpszDeviceClass)
{
	struct tapi_line_info in;
	struct tl_devconf c;
	LONG ret = tl_device_info(dwDeviceID, &in);

	if (ret)
		return ret;
	if (!lpDeviceConfig || !lpszDeviceClass)
		return LINEERR_INVALPOINTER;
	if (strcasecmp(lpszDeviceClass, LINE_CLASS))
		return LINEERR_INVALDEVICECLASS;
	if (!dwSize || dwSize > MAX_CONFIG || !tl_parse(lpDeviceConfig, dwSize, &c))
		return LINEERR_INVALPARAM;
	pthread_mutex_lock(&tl_conf_lock);
	ret = tl_conf_write(&in, &c);
	pthread_mutex_unlock(&tl_conf_lock);
	return ret;
}

/* lineConfigDialog's and lineConfigDialogEdit's classes: the line's, as NULL, "" or by name. */
static LONG tl_dialog_class(LPCSTR class)
{
	if (!class || !*class || !strcasecmp(class, LINE_CLASS))
		return 0;
	return LINEERR_INVALDEVICECLASS;	/* the audio streams have no settings */
}

/*
 * No dialog can be shown: the library has no screen to show it on. The
 * settings are edited with lineConfigDialogEdit (or by the application's
 * own user interface) and put in place with lineSetDevConfig.
 */
EXPORT LONG WINAPI lineConfigDialog(DWORD dwDeviceID, HWND hwndOwner, LPCSTR lpszDeviceClass)
{
	struct tapi_line_info in;
	LONG ret = tl_device_info(dwDeviceID, &in);

	(void)hwndOwner;
	if (!ret)
		ret = tl_dialog_class(lpszDeviceClass);
	return ret ? ret : (LONG)LINEERR_OPERATIONUNAVAIL;
}

/*
 * What an edit the user left alone gives: the configuration passed in,
 * checked and written out in full (every key). Nothing is stored.
 */
EXPORT LONG WINAPI lineConfigDialogEdit(DWORD dwDeviceID, HWND hwndOwner,
					LPCSTR lpszDeviceClass, LPVOID const lpDeviceConfigIn,
					DWORD dwSize, LPVARSTRING lpDeviceConfigOut)
{
	struct tapi_line_info in;
	struct tl_devconf c;
	LONG ret = tl_device_info(dwDeviceID, &in);

	(void)hwndOwner;
	if (ret)
		return ret;
	if ((ret = tl_dialog_class(lpszDeviceClass)))
		return ret;
	if (!lpDeviceConfigIn || !lpDeviceConfigOut)
		return LINEERR_INVALPOINTER;
	if (lpDeviceConfigOut->dwTotalSize < sizeof(*lpDeviceConfigOut))
		return LINEERR_STRUCTURETOOSMALL;
	if (!dwSize || dwSize > MAX_CONFIG || !tl_parse(lpDeviceConfigIn, dwSize, &c))
		return LINEERR_INVALPARAM;
	tl_put_config(lpDeviceConfigOut, &c);
	/* TAPI's reference: an edit that does not fit is lost, and says so */
	return lpDeviceConfigOut->dwStringSize ? 0 : LINEERR_STRUCTURETOOSMALL;
}

/*
 * lineMakeCall's and lineDial's leading dialing mode for device @d: "P"
 * or "T" when the line's configuration says (dial_mode), "" when it says
 * nothing. The caller holds tl_lib.lock and puts it before a dial string that
 * names no mode ('T', 'P') of its own.
 */
const char *tl_devconfig_dial_prefix(const struct tl_device *d)
{
	struct tl_devconf c;
	bool found;
	int r;

	pthread_mutex_lock(&tl_conf_lock);
	r = tl_conf_read(&d->info, &c, &found);
	pthread_mutex_unlock(&tl_conf_lock);
	if (r || !found)
		return "";
	return c.dial_mode == DIAL_PULSE ? "P" : "T";
}

/*
 * Icons are freedesktop.org Icon Naming Specification names, for the
 * desktop's icon theme to draw: HICON is a const char * to a string that
 * lives as long as the process. A line is a "phone"; its audio streams an
 * "audio-card".
 */
EXPORT LONG WINAPI lineGetIcon(DWORD dwDeviceID, LPCSTR lpszDeviceClass, LPHICON lphIcon)
{
	static const char tl_line_icon[] = "phone", tl_audio_icon[] = "audio-card";
	struct tapi_line_info in;
	LONG ret = tl_device_info(dwDeviceID, &in);

	if (ret)
		return ret;
	if (!lphIcon)
		return LINEERR_INVALPOINTER;
	if (!lpszDeviceClass || !*lpszDeviceClass || !strcasecmp(lpszDeviceClass, LINE_CLASS))
		*lphIcon = (HICON)tl_line_icon;
	else if (tl_audio_class(lpszDeviceClass))
		*lphIcon = (HICON)tl_audio_icon;
	else
		return LINEERR_INVALDEVICECLASS;
	return 0;
}

ALIAS_A(lineGetDevConfig);
ALIAS_A(lineSetDevConfig);
ALIAS_A(lineConfigDialog);
ALIAS_A(lineConfigDialogEdit);
ALIAS_A(lineGetIcon);
