// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Application priorities (lineSetAppPriority, lineGetAppPriority): for each
 * media mode, and for the assisted-telephony request modes, an ordered list
 * of application names, the first the most wanted. A new call of a media
 * mode goes to the highest listed application that owns the mode on the
 * line; lineOpen passes the application's rank to the kernel, which routes.
 *
 * An application's name is its program's (program_invocation_short_name,
 * the Linux counterpart of TAPI's module file name). Names match as
 * Windows matches module names: case-insensitively, with or without
 * ".exe", a path counting by its last part (app_name_key). The lists are one text
 * file: /etc/tapi/priorities for the system (root writes it), and
 * $XDG_CONFIG_HOME/tapi/priorities (default ~/.config) for a user, which
 * replaces the system's once it exists. Each line: "media <mode> <names...>"
 * or "request <mode> <names...>", the mode in hex.
 */
#define _GNU_SOURCE
#include <errno.h>	/* program_invocation_short_name */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "internal.h"

#define PRIO_FILE "priorities"
#define MAX_LINE 4096
#define MAX_NAME 256

static pthread_mutex_t tl_prio_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * @name as applications are told apart: its last path part ('/' or '\\'),
 * in lower case, without ".exe", into @key (@size bytes). "" when nothing
 * is left or it does not fit.
 */
void tl_app_name_key(const char *name, char *key, size_t size)
{
	const char *base = name;
	size_t n;

	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	n = strlen(base);
	if (n > 4 && !strcasecmp(base + n - 4, ".exe"))
		n -= 4;
	if (n >= size) {
		*key = 0;
		return;
	}
	for (size_t i = 0; i < n; i++)
		key[i] = (char)tolower((unsigned char)base[i]);
	key[n] = 0;
}

/* Do @a and @b name the same application? */
static bool tl_same_app(const char *a, const char *b)
{
	char ka[MAX_NAME], kb[MAX_NAME];

	tl_app_name_key(a, ka, sizeof(ka));
	tl_app_name_key(b, kb, sizeof(kb));
	return *ka && !strcmp(ka, kb);
}

/* The list line for @kind/@mode from @f into @out (names, space-separated). */
static bool tl_find_list(FILE *f, const char *kind, DWORD mode, char *out, size_t size)
{
	char line[MAX_LINE], k[16];
	unsigned int m;
	int n;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%15s %x %n", k, &m, &n) == 2 && !strcmp(k, kind) && m == mode) {
			snprintf(out, size, "%s", line + n);
			return true;
		}
	}
	return false;
}

/* @name's rank in @kind/@mode's list: 1 the first, 0 when not listed. */
static DWORD tl_rank_of(const char *kind, DWORD mode, const char *name)
{
	char path[512], list[MAX_LINE], *save, *tok;
	DWORD rank = 0, i = 0;
	FILE *f;

	if (tl_conf_own_path(PRIO_FILE, path, sizeof(path), false))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (tl_find_list(f, kind, mode, list, sizeof(list)))
		for (tok = strtok_r(list, " ", &save); tok && !rank;
		     tok = strtok_r(NULL, " ", &save)) {
			i++;
			if (tl_same_app(tok, name))
				rank = i;
		}
	fclose(f);
	return rank;
}

/* The kernel's priority for this process owning @media_modes: higher wins. */
uint32_t tl_app_priority(DWORD media_modes)
{
	uint32_t best = 0;

	pthread_mutex_lock(&tl_prio_lock);
	for (DWORD m = 1; m && m <= LINEMEDIAMODE_VIDEO; m <<= 1) {
		DWORD r = media_modes & m ?
			  tl_rank_of("media", m, program_invocation_short_name) : 0;
		uint32_t p = !r ? 0 : r < 1000 ? 1000 - r : 1;

		if (p > best)
			best = p;
	}
	pthread_mutex_unlock(&tl_prio_lock);
	return best;
}

/* Which list: @kind and @mode, or the error TAPI gives. */
static LONG tl_which_list(LPCSTR app, DWORD media, DWORD request, const char **kind, DWORD *mode)
{
	if (!app || !*app || strchr(app, ' ') || strchr(app, '/') || strlen(app) > 255)
		return LINEERR_INVALAPPNAME;
	if (media) {
		if (media & (media - 1) || media & ~(LINEMEDIAMODE_UNKNOWN |
		    LINEMEDIAMODE_INTERACTIVEVOICE | LINEMEDIAMODE_AUTOMATEDVOICE |
		    LINEMEDIAMODE_DATAMODEM | LINEMEDIAMODE_G3FAX | LINEMEDIAMODE_TDD |
		    LINEMEDIAMODE_G4FAX | LINEMEDIAMODE_DIGITALDATA | LINEMEDIAMODE_TELETEX |
		    LINEMEDIAMODE_VIDEOTEX | LINEMEDIAMODE_TELEX | LINEMEDIAMODE_MIXED |
		    LINEMEDIAMODE_ADSI | LINEMEDIAMODE_VOICEVIEW | LINEMEDIAMODE_VIDEO))
			return LINEERR_INVALMEDIAMODE;
		*kind = "media";
		*mode = media;
		return 0;
	}
	if (request != LINEREQUESTMODE_MAKECALL && request != LINEREQUESTMODE_MEDIACALL)
		return LINEERR_INVALREQUESTMODE;
	*kind = "request";
	*mode = request;
	return 0;
}

EXPORT LONG WINAPI lineGetAppPriority(LPCSTR lpszAppFilename, DWORD dwMediaMode,
				      LPLINEEXTENSIONID lpExtensionID, DWORD dwRequestMode,
				      LPVARSTRING lpExtensionName, LPDWORD lpdwPriority)
{
	const char *kind;
	DWORD mode;
	LONG ret = tl_which_list(lpszAppFilename, dwMediaMode, dwRequestMode, &kind, &mode);

	(void)lpExtensionID;	/* no media mode extensions */
	if (ret)
		return ret;
	if (!lpdwPriority)
		return LINEERR_INVALPOINTER;
	if (lpExtensionName) {
		struct tl_vs v;

		ret = tl_vs_begin(&v, lpExtensionName, sizeof(*lpExtensionName),
			       sizeof(*lpExtensionName));
		if (ret)
			return ret;
		lpExtensionName->dwStringFormat = STRINGFORMAT_ASCII;
		tl_vs_end(&v);
	}
	pthread_mutex_lock(&tl_prio_lock);
	*lpdwPriority = tl_rank_of(kind, mode, lpszAppFilename);
	pthread_mutex_unlock(&tl_prio_lock);
	return 0;
}

/* @list with @name taken out, and put first when @first. */
static void tl_reorder(char *list, size_t size, const char *name, bool first)
{
	char out[MAX_LINE] = "", *save, *tok;

	if (first)
		snprintf(out, sizeof(out), "%s", name);
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!tl_same_app(tok, name) && strlen(out) + strlen(tok) + 2 < sizeof(out))
			snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
				 *out ? " " : "", tok);
	snprintf(list, size, "%s", out);
}

EXPORT LONG WINAPI lineSetAppPriority(LPCSTR lpszAppFilename, DWORD dwMediaMode,
				      LPLINEEXTENSIONID lpExtensionID, DWORD dwRequestMode,
				      LPCSTR lpszExtensionName, DWORD dwPriority)
{
	char path[512], rpath[512], line[MAX_LINE], list[MAX_LINE] = "", *text = NULL;
	size_t size = 0;
	FILE *in, *out;
	const char *kind;
	bool done = false;
	DWORD mode;
	LONG ret = tl_which_list(lpszAppFilename, dwMediaMode, dwRequestMode, &kind, &mode);

	(void)lpExtensionID;
	(void)lpszExtensionName;
	if (ret)
		return ret;
	if (dwPriority > 1)
		return LINEERR_INVALPARAM;	/* 0 takes it off the list, 1 puts it first */
	if (tl_conf_own_path(PRIO_FILE, path, sizeof(path), true) ||
	    tl_conf_own_path(PRIO_FILE, rpath, sizeof(rpath), false))
		return LINEERR_OPERATIONFAILED;
	out = open_memstream(&text, &size);
	if (!out)
		return LINEERR_NOMEM;
	pthread_mutex_lock(&tl_prio_lock);
	/* the user's list starts as a copy of the system's */
	in = fopen(rpath, "re");
	while (in && fgets(line, sizeof(line), in)) {
		char k[16];
		unsigned int m;
		int n;

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "%15s %x %n", k, &m, &n) == 2 && !strcmp(k, kind) && m == mode) {
			snprintf(list, sizeof(list), "%s", line + n);
			tl_reorder(list, sizeof(list), lpszAppFilename, dwPriority == 1);
			if (*list)
				fprintf(out, "%s %x %s\n", kind, mode, list);
			done = true;
		} else if (*line) {
			fprintf(out, "%s\n", line);
		}
	}
	if (!done && dwPriority == 1)
		fprintf(out, "%s %x %s\n", kind, mode, lpszAppFilename);
	if (in)
		fclose(in);
	if (fclose(out))
		ret = LINEERR_NOMEM;
	else if (tl_conf_replace(path, text))
		ret = LINEERR_OPERATIONFAILED;
	pthread_mutex_unlock(&tl_prio_lock);
	free(text);
	return ret;
}

ALIAS_A(lineGetAppPriority);
ALIAS_A(lineSetAppPriority);
