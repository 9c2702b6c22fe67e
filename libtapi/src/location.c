// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dialing locations and address translation: lineGetTranslateCaps,
 * lineSetCurrentLocation, lineSetTollList, lineTranslateAddress and
 * lineTranslateDialog.
 *
 * The locations are a text file an administrator can write by hand:
 * /etc/tapi/locations for the system (root writes it), and
 * $XDG_CONFIG_HOME/tapi/locations (default ~/.config) for a user, which
 * replaces the system's once it exists (as priority.c's lists). Blank
 * lines and lines starting with '#' are skipped; otherwise:
 *
 *	current = 1			the current location's ID (default: the first)
 *	[location 1]			a location and its permanent ID (1-4294967295)
 *	name = Office			required
 *	country = 49			required: a country ID of lineGetCountry
 *	area-code = 30			digits; may be empty
 *	local-access = 9		dialed before local numbers
 *	long-distance-access = 9	before long-distance and international ones
 *	toll-prefixes = 555,556		local exchanges dialed as long distance
 *	cancel-call-waiting = *70,	LINETRANSLATEOPTION_CANCELCALLWAITING
 *	dialing = pulse			or tone (the default)
 *
 * Anything else, a missing name or country, or a current ID that names no
 * location makes the file corrupt: LINEERR_INIFILECORRUPT, as TAPI says
 * for a broken telephony configuration; so is a file without a location.
 * Without any file, the first use writes one (first_location). The library
 * rewrites the file whole (conffile.c) when lineSetCurrentLocation or
 * lineSetTollList changes it; comments are not kept. No calling cards.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LOC_FILE	"locations"
#define MAX_LOCATIONS	64
#define MAX_LINE	1024

struct tl_location {
	DWORD id;
	char name[128];
	DWORD country;		/* country ID */
	char area[16];
	char local_access[32];
	char ld_access[32];
	char toll[512];		/* "555,556" */
	char ccw[32];
	bool pulse;
};

struct tl_locations {
	unsigned int n;
	DWORD current;
	struct tl_location l[MAX_LOCATIONS];
};

/* one reader or writer of the files at a time in this process */
static pthread_mutex_t tl_loc_lock = PTHREAD_MUTEX_INITIALIZER;

static bool tl_all_of(const char *s, const char *set)
{
	return s[strspn(s, set)] == 0;
}

#define DIGITS		"0123456789"
/* what a dialable string may hold (TAPI's dialable address format) */
#define DIALABLE	DIGITS "ABCDabcd*#,!PpTtWw@$?;:"

/* "555, 556" as "555,556": groups of digits, commas between */
static bool tl_toll_list_ok(const char *in, char *out, size_t size)
{
	size_t o = 0;
	bool digit = false;

	for (; *in; in++) {
		if (*in == ' ')
			continue;
		if (*in == ',') {
			if (!digit)
				return false;
			digit = false;
		} else if (isdigit((unsigned char)*in)) {
			digit = true;
		} else {
			return false;
		}
		if (o + 1 >= size)
			return false;
		out[o++] = *in;
	}
	out[o] = 0;
	return !o || digit;
}

static bool tl_set_string(char *dst, size_t size, const char *v, const char *set)
{
	if (strlen(v) >= size || (set && !tl_all_of(v, set)))
		return false;
	strcpy(dst, v);
	return true;
}

static char *tl_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = 0;
	return s;
}

static bool tl_parse_id(const char *s, DWORD *id)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !v || v > 0xffffffffUL)
		return false;
	*id = (DWORD)v;
	return true;
}

static struct tl_location *tl_find(struct tl_locations *ls, DWORD id)
{
	for (unsigned int i = 0; i < ls->n; i++)
		if (ls->l[i].id == id)
			return &ls->l[i];
	return NULL;
}

/* One "key = value" line of a location. */
static bool tl_parse_key(struct tl_location *l, const char *k, const char *v)
{
	const struct tl_country *c;

	if (!strcmp(k, "name"))
		return *v && tl_set_string(l->name, sizeof(l->name), v, NULL);
	if (!strcmp(k, "country")) {
		/* a place one dials from: the non-geographic codes have no rules */
		if (!tl_parse_id(v, &l->country) || !(c = tl_country_by_id(l->country)) ||
		    !*c->international)
			return false;
		return true;
	}
	if (!strcmp(k, "area-code"))
		return tl_set_string(l->area, sizeof(l->area), v, DIGITS);
	if (!strcmp(k, "local-access"))
		return tl_set_string(l->local_access, sizeof(l->local_access), v, DIALABLE);
	if (!strcmp(k, "long-distance-access"))
		return tl_set_string(l->ld_access, sizeof(l->ld_access), v, DIALABLE);
	if (!strcmp(k, "cancel-call-waiting"))
		return tl_set_string(l->ccw, sizeof(l->ccw), v, DIALABLE);
	if (!strcmp(k, "toll-prefixes"))
		return tl_toll_list_ok(v, l->toll, sizeof(l->toll));
	if (!strcmp(k, "dialing")) {
		if (strcmp(v, "pulse") && strcmp(v, "tone"))
			return false;
		l->pulse = !strcmp(v, "pulse");
		return true;
	}
	return false;
}

static LONG tl_first_location(struct tl_locations *ls);

/*
 * Read the locations this process sees into @ls: 0, or
 * LINEERR_INIFILECORRUPT for a broken file or a file without a location.
 * No file at all (and @may_create): the first location.
 */
static LONG tl_load(struct tl_locations *ls, bool may_create)
{
	char path[512], line[MAX_LINE];
	struct tl_location *cur = NULL;
	bool have_current = false;
	LONG ret = 0;
	FILE *f;

	memset(ls, 0, sizeof(*ls));
	if (tl_conf_own_path(LOC_FILE, path, sizeof(path), false))
		return LINEERR_INIFILECORRUPT;
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT && may_create ? tl_first_location(ls) : (LONG)LINEERR_INIFILECORRUPT;
	while (!ret && fgets(line, sizeof(line), f)) {
		char *s = tl_trim(line), *eq, *k, *v;
		DWORD id;

		if (!*s || *s == '#')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']');

			if (!end || end[1] || strncmp(s, "[location ", 10)) {
				ret = LINEERR_INIFILECORRUPT;
				break;
			}
			*end = 0;
			if (!tl_parse_id(tl_trim(s + 10), &id) || tl_find(ls, id) ||
			    ls->n == MAX_LOCATIONS) {
				ret = LINEERR_INIFILECORRUPT;
				break;
			}
			cur = &ls->l[ls->n++];
			cur->id = id;
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			ret = LINEERR_INIFILECORRUPT;
			break;
		}
		*eq = 0;
		k = tl_trim(s);
		v = tl_trim(eq + 1);
		if (cur ? !tl_parse_key(cur, k, v) :
		    strcmp(k, "current") || have_current || !tl_parse_id(v, &ls->current))
			ret = LINEERR_INIFILECORRUPT;
		else if (!cur)
			have_current = true;
	}
	if (ferror(f))
		ret = LINEERR_INIFILECORRUPT;
	fclose(f);
	for (unsigned int i = 0; !ret && i < ls->n; i++)
		if (!ls->l[i].name[0] || !ls->l[i].country)
			ret = LINEERR_INIFILECORRUPT;
	if (!ret && !ls->n)
		ret = LINEERR_INIFILECORRUPT;
	if (!ret && !have_current)
		ls->current = ls->l[0].id;
	if (!ret && !tl_find(ls, ls->current))
		ret = LINEERR_INIFILECORRUPT;
	return ret;
}

/* @ls as the file's text (a new string), or NULL. */
static char *tl_format(const struct tl_locations *ls)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return NULL;
	fprintf(f, "# libtapi's dialing locations (docs/libtapi.md)\ncurrent = %u\n",
		ls->current);
	for (unsigned int i = 0; i < ls->n; i++) {
		const struct tl_location *l = &ls->l[i];

		fprintf(f, "\n[location %u]\nname = %s\ncountry = %u\narea-code = %s\n"
			"local-access = %s\nlong-distance-access = %s\ntoll-prefixes = %s\n"
			"cancel-call-waiting = %s\ndialing = %s\n", l->id, l->name, l->country,
			l->area, l->local_access, l->ld_access, l->toll, l->ccw,
			l->pulse ? "pulse" : "tone");
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/* Write @ls where this process writes: 0 or an error. */
static LONG tl_save(const struct tl_locations *ls)
{
	char path[512], *text;
	LONG ret;

	if (tl_conf_own_path(LOC_FILE, path, sizeof(path), true))
		return LINEERR_OPERATIONFAILED;
	text = tl_format(ls);
	if (!text)
		return LINEERR_NOMEM;
	ret = tl_conf_replace(path, text) ? LINEERR_OPERATIONFAILED : 0;
	free(text);
	return ret;
}

/*
 * No locations file anywhere (a fresh system): Windows asks the user; here
 * the country comes from the locale or time zone (location_default.c; the
 * United States when they say nothing), with no area code, tone dialing.
 * Only a new file is written: one another process wrote meanwhile is read
 * instead; one that cannot be written (no home) is used all the same.
 */
static LONG tl_first_location(struct tl_locations *ls)
{
	struct tl_location *l = &ls->l[0];
	DWORD country = tl_system_country();
	char path[512], *text;
	int r;

	memset(ls, 0, sizeof(*ls));
	ls->n = 1;
	ls->current = l->id = 1;
	strcpy(l->name, "My Location");
	l->country = country ? country : 1;
	if (tl_conf_own_path(LOC_FILE, path, sizeof(path), true) || !(text = tl_format(ls)))
		return 0;
	r = tl_conf_create(path, text);
	free(text);
	return r == 1 ? tl_load(ls, false) : 0;
}

static LONG tl_load_alloc(struct tl_locations **ls)
{
	*ls = malloc(sizeof(**ls));
	if (!*ls)
		return LINEERR_NOMEM;
	return tl_load(*ls, true);
}

/*
 * hLineApp may be 0 (TAPI allows it before lineInitializeEx); otherwise it
 * must be valid. @dev, when @check_dev, must be a line device this process
 * knows.
 */
static LONG tl_check_app(HLINEAPP app, bool check_dev, DWORD dev)
{
	struct tl_device *d;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	if (app && !tl_handle_get(app, OBJ_LINEAPP))
		ret = LINEERR_INVALAPPHANDLE;
	else if (check_dev && !(d = tl_device_get(dev)))
		ret = LINEERR_BADDEVICEID;
	else if (check_dev && d->removed)
		ret = LINEERR_NODEVICE;
	pthread_mutex_unlock(&tl_lib.lock);
	return ret;
}

static bool tl_version_ok(DWORD v)
{
	return v >= API_LOW && v <= API_HIGH;
}

/* A NUL-terminated string appended to @base at *@at (an empty one is a lone NUL). */
static void tl_put(char *base, DWORD *at, DWORD *size, DWORD *offset, const char *s)
{
	DWORD n = (DWORD)strlen(s) + 1;

	memcpy(base + *at, s, n);
	*size = n;
	*offset = *at;
	*at += n;
}

static DWORD tl_location_strings(const struct tl_location *l)
{
	return (DWORD)(strlen(l->name) + strlen(l->area) + strlen(l->local_access) +
		       strlen(l->ld_access) + strlen(l->toll) + strlen(l->ccw) + 6);
}

/*
 * The locations (entries, then their strings) are one variable part: all
 * of them or, when they do not fit, none (dwNumLocations 0). There are no
 * calling cards: dwNumCards is 0, every preferred card ID 0.
 */
EXPORT LONG WINAPI lineGetTranslateCaps(HLINEAPP hLineApp, DWORD dwAPIVersion,
					LPLINETRANSLATECAPS lpTranslateCaps)
{
	LPLINETRANSLATECAPS c = lpTranslateCaps;
	struct tl_locations *ls;
	DWORD need, at;
	struct tl_vs v;
	LONG ret = tl_check_app(hLineApp, false, 0);

	if (ret)
		return ret;
	if (!tl_version_ok(dwAPIVersion))
		return LINEERR_INCOMPATIBLEAPIVERSION;
	if (!c)
		return LINEERR_INVALPOINTER;
	if (c->dwTotalSize < sizeof(*c))
		return LINEERR_STRUCTURETOOSMALL;
	pthread_mutex_lock(&tl_loc_lock);
	ret = tl_load_alloc(&ls);
	pthread_mutex_unlock(&tl_loc_lock);
	if (ret) {
		free(ls);
		return ret;
	}
	tl_vs_begin(&v, c, sizeof(*c), sizeof(*c));
	c->dwCurrentLocationID = ls->current;
	c->dwCurrentPreferredCardID = 0;
	need = ls->n * sizeof(LINELOCATIONENTRY);
	for (unsigned int i = 0; i < ls->n; i++)
		need += tl_location_strings(&ls->l[i]);
	v.needed += need;
	if (v.total - v.used >= need) {
		LPLINELOCATIONENTRY e = (LPLINELOCATIONENTRY)((char *)c + v.used);
		char *base = (char *)c;

		c->dwNumLocations = ls->n;
		c->dwLocationListSize = ls->n * sizeof(*e);
		c->dwLocationListOffset = v.used;
		at = v.used + c->dwLocationListSize;
		for (unsigned int i = 0; i < ls->n; i++, e++) {
			const struct tl_location *l = &ls->l[i];

			memset(e, 0, sizeof(*e));
			e->dwPermanentLocationID = l->id;
			e->dwCountryID = l->country;
			e->dwCountryCode = tl_country_by_id(l->country)->code;
			e->dwPreferredCardID = 0;
			e->dwOptions = l->pulse ? LINELOCATIONOPTION_PULSEDIAL : 0;
			tl_put(base, &at, &e->dwLocationNameSize, &e->dwLocationNameOffset, l->name);
			tl_put(base, &at, &e->dwCityCodeSize, &e->dwCityCodeOffset, l->area);
			tl_put(base, &at, &e->dwLocalAccessCodeSize, &e->dwLocalAccessCodeOffset,
			    l->local_access);
			tl_put(base, &at, &e->dwLongDistanceAccessCodeSize,
			    &e->dwLongDistanceAccessCodeOffset, l->ld_access);
			tl_put(base, &at, &e->dwTollPrefixListSize, &e->dwTollPrefixListOffset,
			    l->toll);
			tl_put(base, &at, &e->dwCancelCallWaitingSize,
			    &e->dwCancelCallWaitingOffset, l->ccw);
		}
		v.used = at;
	}
	tl_vs_end(&v);
	free(ls);
	return 0;
}

EXPORT LONG WINAPI lineSetCurrentLocation(HLINEAPP hLineApp, DWORD dwLocation)
{
	struct tl_locations *ls;
	LONG ret = tl_check_app(hLineApp, false, 0);

	if (ret)
		return ret;
	pthread_mutex_lock(&tl_loc_lock);
	ret = tl_load_alloc(&ls);
	if (!ret && !tl_find(ls, dwLocation))
		ret = LINEERR_INVALLOCATION;
	if (!ret && ls->current != dwLocation) {
		ls->current = dwLocation;
		ret = tl_save(ls);
	}
	pthread_mutex_unlock(&tl_loc_lock);
	free(ls);
	return ret;
}

/* A canonical address, "+C (A) N|subaddress^name", taken apart. */
struct tl_canonical {
	DWORD country;
	char area[16];
	char number[256];	/* dialable: the formatting characters taken out */
	char digits[256];	/* its digits alone */
	const char *rest;	/* "|subaddress" and/or "^name", up to the line's end */
	size_t rest_len;
};

/* The first address of @in: its length (up to CR or LF). */
static size_t tl_first_address(const char *in)
{
	return strcspn(in, "\r\n");
}

/* 0, or LINEERR_INVALADDRESS for what is not a canonical address. */
static LONG tl_parse_canonical(const char *in, struct tl_canonical *a)
{
	const char *p = in + 1, *end = in + tl_first_address(in);
	size_t n = 0, d = 0, k;
	unsigned long code = 0;

	memset(a, 0, sizeof(*a));
	if (*in != '+')
		return LINEERR_INVALADDRESS;
	for (k = 0; p < end && isdigit((unsigned char)*p); p++, k++)
		code = code * 10 + (unsigned long)(*p - '0');
	if (!k || k > 3 || p >= end || *p != ' ' || !tl_country_by_code((DWORD)code))
		return LINEERR_INVALADDRESS;
	a->country = (DWORD)code;
	while (p < end && *p == ' ')
		p++;
	if (p < end && *p == '(') {
		for (k = 0, p++; p < end && isdigit((unsigned char)*p); p++, k++)
			if (k + 1 < sizeof(a->area))
				a->area[k] = *p;
			else
				return LINEERR_INVALADDRESS;
		if (p >= end || *p != ')' || p + 1 >= end || p[1] != ' ')
			return LINEERR_INVALADDRESS;
		p++;
		while (p < end && *p == ' ')
			p++;
	}
	for (; p < end && *p != '|' && *p != '^'; p++) {
		if (strchr(" -./()", *p))
			continue;	/* formatting */
		if (!strchr(DIALABLE, *p) || n + 1 >= sizeof(a->number))
			return LINEERR_INVALADDRESS;
		a->number[n++] = *p;
		if (isdigit((unsigned char)*p))
			a->digits[d++] = *p;
	}
	if (!d)
		return LINEERR_INVALADDRESS;
	a->rest = p;
	a->rest_len = (size_t)(end - p);
	return 0;
}

/* Is @prefix one of the comma-separated @list? */
static bool tl_in_list(const char *list, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = list; *p; p += strcspn(p, ","), p += *p == ',') {
		if (strncmp(p, prefix, n) == 0 && (p[n] == ',' || !p[n]))
			return true;
	}
	return false;
}

/* The local exchange TAPI's toll lists hold: the number's first three digits. */
static bool tl_exchange_of(const struct tl_canonical *a, char out[4])
{
	if (strlen(a->digits) < 3)
		return false;
	memcpy(out, a->digits, 3);
	out[3] = 0;
	return true;
}

/* Append @s to the growing string @b (enough room was allocated). */
static void tl_cat(char *b, const char *s, size_t n)
{
	size_t l = strlen(b);

	memcpy(b + l, s, n);
	b[l + n] = 0;
}

/* @rule with E, F and G replaced, appended to @b. */
static void tl_expand(char *b, const char *rule, const struct tl_canonical *a)
{
	char code[12];

	snprintf(code, sizeof(code), "%u", a->country);
	for (const char *r = rule; *r; r++) {
		const char *s = *r == 'E' ? code : *r == 'F' ? a->area :
				*r == 'G' ? a->number : NULL;

		if (s)
			tl_cat(b, s, strlen(s));
		else
			tl_cat(b, r, 1);
	}
}

#define OPTIONS (LINETRANSLATEOPTION_CARDOVERRIDE | LINETRANSLATEOPTION_CANCELCALLWAITING | \
		 LINETRANSLATEOPTION_FORCELOCAL | LINETRANSLATEOPTION_FORCELD)

/* What the dialing modifiers in @s ask for. */
static DWORD tl_dial_results(const char *s, DWORD version)
{
	DWORD r = 0;

	if (strchr(s, '$'))
		r |= LINETRANSLATERESULT_DIALBILLING;
	if (strchr(s, '@'))
		r |= LINETRANSLATERESULT_DIALQUIET;
	if (strchr(s, 'W') || strchr(s, 'w'))
		r |= LINETRANSLATERESULT_DIALDIALTONE;
	if (strchr(s, '?'))
		r |= LINETRANSLATERESULT_DIALPROMPT;
	if (strchr(s, ':') && version >= 0x00020000)
		r |= LINETRANSLATERESULT_VOICEDETECT;
	return r;
}

/*
 * A canonical address becomes the digits to dial from the current
 * location: the country's same-area rule (plus the local access code)
 * for a number in the location's area code whose exchange is not in the
 * toll list, its long-distance rule (plus the long-distance access code)
 * for the rest of the country, its international rule for other
 * countries. FORCELOCAL and FORCELD choose between the first two; a call
 * abroad stays international. Anything else is not translated: it is
 * dialed as given. The cancel-call-waiting string goes first when asked
 * for, then "P" at a pulse-dialing location. The displayable string is
 * the dialable one (there are no card numbers to hide).
 */
EXPORT LONG WINAPI lineTranslateAddress(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAPIVersion,
					LPCSTR lpszAddressIn, DWORD dwCard,
					DWORD dwTranslateOptions,
					LPLINETRANSLATEOUTPUT lpTranslateOutput)
{
	LPLINETRANSLATEOUTPUT o = lpTranslateOutput;
	const struct tl_location *loc;
	const struct tl_country *home;
	struct tl_locations *ls = NULL;
	struct tl_canonical a;
	DWORD results = 0, dest = 0;
	char *dial = NULL;
	struct tl_vs v;
	size_t size;
	LONG ret = tl_check_app(hLineApp, true, dwDeviceID);

	(void)dwCard;	/* only with CARDOVERRIDE, and there are no cards */
	if (ret)
		return ret;
	if (!tl_version_ok(dwAPIVersion))
		return LINEERR_INCOMPATIBLEAPIVERSION;
	if (!lpszAddressIn || !o)
		return LINEERR_INVALPOINTER;
	if (o->dwTotalSize < sizeof(*o))
		return LINEERR_STRUCTURETOOSMALL;
	if (dwTranslateOptions & ~OPTIONS ||
	    (dwTranslateOptions & LINETRANSLATEOPTION_FORCELOCAL &&
	     dwTranslateOptions & LINETRANSLATEOPTION_FORCELD))
		return LINEERR_INVALPARAM;
	pthread_mutex_lock(&tl_loc_lock);
	ret = tl_load_alloc(&ls);
	pthread_mutex_unlock(&tl_loc_lock);
	if (!ret && dwTranslateOptions & LINETRANSLATEOPTION_CARDOVERRIDE)
		ret = LINEERR_INVALCARD;
	if (!ret && *lpszAddressIn == '+')
		ret = tl_parse_canonical(lpszAddressIn, &a);
	if (ret)
		goto out;
	loc = tl_find(ls, ls->current);
	home = tl_country_by_id(loc->country);
	/* every piece at most the whole input long, each rule letter a piece */
	size = strlen(loc->ccw) + strlen(loc->ld_access) + strlen(loc->local_access) +
	       (strlen(home->international) + strlen(home->long_distance) +
		strlen(home->same_area) + 3) * (strlen(lpszAddressIn) + 12) + 8;
	dial = calloc(1, size);
	if (!dial) {
		ret = LINEERR_NOMEM;
		goto out;
	}
	if (dwTranslateOptions & LINETRANSLATEOPTION_CANCELCALLWAITING)
		tl_cat(dial, loc->ccw, strlen(loc->ccw));
	if (loc->pulse)
		tl_cat(dial, "P", 1);
	if (*lpszAddressIn != '+') {
		tl_cat(dial, lpszAddressIn, tl_first_address(lpszAddressIn));
	} else {
		bool local = false;

		results = LINETRANSLATERESULT_CANONICAL;
		dest = a.country;
		if (a.country != home->code) {
			results |= LINETRANSLATERESULT_INTERNATIONAL;
			tl_cat(dial, loc->ld_access, strlen(loc->ld_access));
			tl_expand(dial, home->international, &a);
		} else {
			char exch[4];

			if (!strcmp(a.area, loc->area)) {
				bool toll = tl_exchange_of(&a, exch) && tl_in_list(loc->toll, exch);

				results |= toll ? LINETRANSLATERESULT_INTOLLLIST :
					  LINETRANSLATERESULT_NOTINTOLLLIST;
				local = !toll;
			}
			if (dwTranslateOptions & LINETRANSLATEOPTION_FORCELOCAL)
				local = true;
			if (dwTranslateOptions & LINETRANSLATEOPTION_FORCELD)
				local = false;
			results |= local ? LINETRANSLATERESULT_LOCAL :
				  LINETRANSLATERESULT_LONGDISTANCE;
			if (local) {
				tl_cat(dial, loc->local_access, strlen(loc->local_access));
				tl_expand(dial, home->same_area, &a);
			} else {
				tl_cat(dial, loc->ld_access, strlen(loc->ld_access));
				tl_expand(dial, home->long_distance, &a);
			}
		}
		tl_cat(dial, a.rest, a.rest_len);
	}
	results |= tl_dial_results(dial, dwAPIVersion);
	tl_vs_begin(&v, o, sizeof(*o), sizeof(*o));
	tl_vs_string(&v, &o->dwDialableStringSize, &o->dwDialableStringOffset, dial);
	tl_vs_string(&v, &o->dwDisplayableStringSize, &o->dwDisplayableStringOffset, dial);
	o->dwCurrentCountry = home->code;
	o->dwDestCountry = dest;
	o->dwTranslateResults = results;
	tl_vs_end(&v);
out:
	free(dial);
	free(ls);
	return ret;
}

/*
 * The current location's toll list gets (or loses) the local exchange of
 * @lpszAddressIn, a canonical address in the location's country and area
 * code (anything else: LINEERR_INVALADDRESS).
 */
EXPORT LONG WINAPI lineSetTollList(HLINEAPP hLineApp, DWORD dwDeviceID, LPCSTR lpszAddressIn,
				   DWORD dwTollListOption)
{
	struct tl_locations *ls = NULL;
	struct tl_location *loc;
	struct tl_canonical a;
	char exch[4];
	LONG ret = tl_check_app(hLineApp, true, dwDeviceID);

	if (ret)
		return ret;
	if (!lpszAddressIn)
		return LINEERR_INVALPOINTER;
	if (dwTollListOption != LINETOLLLISTOPTION_ADD &&
	    dwTollListOption != LINETOLLLISTOPTION_REMOVE)
		return LINEERR_INVALPARAM;
	pthread_mutex_lock(&tl_loc_lock);
	ret = tl_load_alloc(&ls);
	if (ret)
		goto out;
	loc = tl_find(ls, ls->current);
	ret = tl_parse_canonical(lpszAddressIn, &a);
	if (!ret && (a.country != tl_country_by_id(loc->country)->code ||
		     strcmp(a.area, loc->area) || !tl_exchange_of(&a, exch)))
		ret = LINEERR_INVALADDRESS;
	if (ret)
		goto out;
	if (dwTollListOption == LINETOLLLISTOPTION_ADD && !tl_in_list(loc->toll, exch)) {
		if (strlen(loc->toll) + 5 > sizeof(loc->toll)) {
			ret = LINEERR_NOMEM;	/* the list is full */
			goto out;
		}
		if (*loc->toll)
			strcat(loc->toll, ",");
		strcat(loc->toll, exch);
		ret = tl_save(ls);
	} else if (dwTollListOption == LINETOLLLISTOPTION_REMOVE && tl_in_list(loc->toll, exch)) {
		char kept[sizeof(loc->toll)] = "", *save_ptr, *tok;

		for (tok = strtok_r(loc->toll, ",", &save_ptr); tok;
		     tok = strtok_r(NULL, ",", &save_ptr))
			if (strcmp(tok, exch)) {
				if (*kept)
					strcat(kept, ",");
				strcat(kept, tok);
			}
		strcpy(loc->toll, kept);
		ret = tl_save(ls);
	}
out:
	pthread_mutex_unlock(&tl_loc_lock);
	free(ls);
	return ret;
}

/*
 * Windows shows its dialing-rules dialog here; a server has no screen and
 * no user to ask. What the dialog would do without the user's help is done:
 * the arguments are checked as the dialog's are, a canonical address is
 * taken apart (LINEERR_INVALADDRESS when it is broken; a non-canonical one
 * is not shown by the dialog either), and the locations are read. A
 * broken or missing configuration is LINEERR_INIFILECORRUPT: there is
 * nobody to correct it but the administrator, by editing the file.
 * Otherwise 0: nothing changed, as when the user closes the dialog.
 */
EXPORT LONG WINAPI lineTranslateDialog(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAPIVersion,
				       HWND hwndOwner, LPCSTR lpszAddressIn)
{
	struct tl_locations *ls = NULL;
	struct tl_canonical a;
	LONG ret = tl_check_app(hLineApp, true, dwDeviceID);

	(void)hwndOwner;	/* no windows */
	if (ret)
		return ret;
	if (!tl_version_ok(dwAPIVersion))
		return LINEERR_INCOMPATIBLEAPIVERSION;
	if (lpszAddressIn && *lpszAddressIn == '+' && tl_parse_canonical(lpszAddressIn, &a))
		return LINEERR_INVALADDRESS;
	pthread_mutex_lock(&tl_loc_lock);
	ret = tl_load_alloc(&ls);
	pthread_mutex_unlock(&tl_loc_lock);
	free(ls);
	return ret;
}

ALIAS_A(lineGetTranslateCaps);
ALIAS_A(lineTranslateAddress);
ALIAS_A(lineSetTollList);
ALIAS_A(lineTranslateDialog);
