// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapictl location: the dialing locations libtapi translates numbers from
 * (docs/libtapi.md). They are read as any TAPI program reads them, with
 * lineGetTranslateCaps (which writes the first location on a fresh
 * system); the current one is chosen with lineSetCurrentLocation. TAPI has
 * no function that adds or edits a location, so those changes are written
 * to the file libtapi reads for this user (/etc/tapi/locations for root,
 * else $XDG_CONFIG_HOME/tapi/locations), whole, through a new file renamed
 * over the old one, and read back through libtapi: a file it refuses is
 * put back as it was.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tapi.h>

#include "tapictl.h"

#define MAX_LOCATIONS	64
#define DIGITS		"0123456789"
#define DIALABLE	DIGITS "ABCDabcd*#,!PpTtWw@$?;:"

struct loc {
	DWORD id, country;
	char name[128], area[16], local[32], ld[32], toll[512], ccw[32];
	bool pulse;
};

struct locs {
	DWORD current;
	unsigned int n;
	struct loc l[MAX_LOCATIONS];
};

static void copy(char *dst, size_t size, const void *base, DWORD len, DWORD off)
{
	snprintf(dst, size, "%.*s", len ? (int)len - 1 : 0, (const char *)base + off);
}

/* The locations as libtapi has them: 0 or its LINEERR. */
static LONG read_locs(struct locs *ls)
{
	DWORD size = 4096;
	LINETRANSLATECAPS *c = NULL;
	const LINELOCATIONENTRY *e;
	LONG r;

	for (;;) {
		free(c);
		c = calloc(1, size);
		if (!c)
			return LINEERR_NOMEM;
		c->dwTotalSize = size;
		r = lineGetTranslateCaps(0, API_VERSION, c);
		if (r || c->dwNeededSize <= size)
			break;
		size = c->dwNeededSize;
	}
	memset(ls, 0, sizeof(*ls));
	e = (const void *)((const char *)c + c->dwLocationListOffset);
	for (DWORD i = 0; !r && i < c->dwNumLocations && i < MAX_LOCATIONS; i++, e++) {
		struct loc *l = &ls->l[ls->n++];

		l->id = e->dwPermanentLocationID;
		l->country = e->dwCountryID;
		l->pulse = e->dwOptions & LINELOCATIONOPTION_PULSEDIAL;
		copy(l->name, sizeof(l->name), c, e->dwLocationNameSize, e->dwLocationNameOffset);
		copy(l->area, sizeof(l->area), c, e->dwCityCodeSize, e->dwCityCodeOffset);
		copy(l->local, sizeof(l->local), c, e->dwLocalAccessCodeSize,
		     e->dwLocalAccessCodeOffset);
		copy(l->ld, sizeof(l->ld), c, e->dwLongDistanceAccessCodeSize,
		     e->dwLongDistanceAccessCodeOffset);
		copy(l->toll, sizeof(l->toll), c, e->dwTollPrefixListSize,
		     e->dwTollPrefixListOffset);
		copy(l->ccw, sizeof(l->ccw), c, e->dwCancelCallWaitingSize,
		     e->dwCancelCallWaitingOffset);
	}
	ls->current = c->dwCurrentLocationID;
	free(c);
	return r;
}

static void print_loc(FILE *f, const struct loc *l)
{
	fprintf(f, "[location %u]\nname = %s\ncountry = %u\narea-code = %s\nlocal-access = %s\n"
		"long-distance-access = %s\ntoll-prefixes = %s\ncancel-call-waiting = %s\n"
		"dialing = %s\n", l->id, l->name, l->country, l->area, l->local, l->ld, l->toll,
		l->ccw, l->pulse ? "pulse" : "tone");
}

/* The file libtapi reads and writes for this user. */
static int locations_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (!geteuid())
		n = snprintf(buf, size, "/etc/tapi/locations");
	else if (xdg && *xdg)
		n = snprintf(buf, size, "%s/tapi/locations", xdg);
	else if (home && *home)
		n = snprintf(buf, size, "%s/.config/tapi/locations", home);
	else
		return -1;
	return n < 0 || n >= (int)size ? -1 : 0;
}

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* @text (NULL: no file) as @path, at once. */
static int put_file(const char *path, const char *text)
{
	char tmp[4200];
	FILE *f;

	if (!text)
		return unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.tapictl", path);
	f = fopen(tmp, "we");
	if (!f)
		return -1;
	if ((fputs(text, f) < 0) | (fclose(f) != 0) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return NULL;
	if (getdelim(&text, &n, 0, f) < 0) {
		free(text);
		text = strdup("");
	}
	fclose(f);
	return text;
}

/* Write @ls; libtapi must read it back, or the old file is put back. */
static int write_locs(const struct locs *ls)
{
	char path[4096], *text = NULL, *old;
	size_t size = 0;
	struct locs back;
	FILE *f = open_memstream(&text, &size);
	LONG r;

	if (!f || locations_path(path, sizeof(path)) || mkdirs(path)) {
		fprintf(stderr, "tapictl: no place for the locations file\n");
		if (f)
			fclose(f);
		free(text);
		return EXIT_FAIL;
	}
	fprintf(f, "# libtapi's dialing locations (docs/libtapi.md), written by tapictl\n"
		"current = %u\n", ls->current);
	for (unsigned int i = 0; i < ls->n; i++) {
		fputc('\n', f);
		print_loc(f, &ls->l[i]);
	}
	fclose(f);
	old = slurp(path);
	if (put_file(path, text)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		r = 1;
	} else if ((r = read_locs(&back))) {
		fprintf(stderr, "tapictl: libtapi refuses the locations (0x%08x): %s left as it was\n",
			(unsigned int)r, path);
		put_file(path, old);
	}
	free(old);
	free(text);
	return r ? EXIT_FAIL : 0;
}

static bool parse_id(const char *s, DWORD *id)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || !v || v > 0xffffffffUL) {
		fprintf(stderr, "tapictl: bad location ID: %s\n", s);
		return false;
	}
	*id = (DWORD)v;
	return true;
}

/* A country one dials from, by its lineGetCountry ID. */
static bool country_ok(const char *s, DWORD *id)
{
	union {
		LINECOUNTRYLIST l;
		char buf[1024];
	} u = { .l.dwTotalSize = sizeof(u) };
	const LINECOUNTRYENTRY *e = (const void *)(u.buf + sizeof(u.l));
	char *end;
	unsigned long v;

	v = strtoul(s, &end, 10);
	if (*s >= '0' && *s <= '9' && !*end && v && v <= 0xffffffffUL &&
	    !lineGetCountry((DWORD)v, API_VERSION, &u.l) && u.l.dwNumCountries == 1) {
		e = (const void *)(u.buf + u.l.dwCountryListOffset);
		if (e->dwInternationalRuleSize > 1) {
			*id = (DWORD)v;
			return true;
		}
	}
	fprintf(stderr, "tapictl: %s is not the country ID of a place one dials from "
		"(lineGetCountry; 1 the United States, 44 the United Kingdom, 49 Germany)\n", s);
	return false;
}

static bool set_str(char *dst, size_t size, const char *v, const char *set, const char *key)
{
	if (strlen(v) >= size || (set && v[strspn(v, set)]) || strchr(v, '\n')) {
		fprintf(stderr, "tapictl: bad %s: %s (at most %zu of \"%s\")\n", key, v, size - 1,
			set ? set : "any character but a newline");
		return false;
	}
	strcpy(dst, v);
	return true;
}

/* KEY=VALUE onto @l: false (and a message) for a bad one. */
static bool set_key(struct loc *l, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char key[32];
	const char *v;

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key))
		goto bad;
	snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
	v = eq + 1;
	if (!strcmp(key, "name"))
		return *v ? set_str(l->name, sizeof(l->name), v, NULL, key) :
			    (fprintf(stderr, "tapictl: a location needs a name\n"), false);
	if (!strcmp(key, "country"))
		return country_ok(v, &l->country);
	if (!strcmp(key, "area-code"))
		return set_str(l->area, sizeof(l->area), v, DIGITS, key);
	if (!strcmp(key, "local-access"))
		return set_str(l->local, sizeof(l->local), v, DIALABLE, key);
	if (!strcmp(key, "long-distance-access"))
		return set_str(l->ld, sizeof(l->ld), v, DIALABLE, key);
	if (!strcmp(key, "cancel-call-waiting"))
		return set_str(l->ccw, sizeof(l->ccw), v, DIALABLE, key);
	if (!strcmp(key, "toll-prefixes"))
		return set_str(l->toll, sizeof(l->toll), v, DIGITS ",", key);
	if (!strcmp(key, "dialing") && (!strcmp(v, "tone") || !strcmp(v, "pulse"))) {
		l->pulse = v[0] == 'p';
		return true;
	}
bad:
	fprintf(stderr, "tapictl: %s is not a setting (name, country, area-code, local-access, "
		"long-distance-access, toll-prefixes, cancel-call-waiting, dialing=tone|pulse)\n",
		kv);
	return false;
}

static struct loc *find(struct locs *ls, DWORD id)
{
	for (unsigned int i = 0; i < ls->n; i++)
		if (ls->l[i].id == id)
			return &ls->l[i];
	fprintf(stderr, "tapictl: no location %u (tapictl location list)\n", id);
	return NULL;
}

static const char *country_name(DWORD id, char *out, size_t size)
{
	union {
		LINECOUNTRYLIST l;
		char buf[1024];
	} u = { .l.dwTotalSize = sizeof(u) };
	const LINECOUNTRYENTRY *e;

	snprintf(out, size, "%u", id);
	if (lineGetCountry(id, API_VERSION, &u.l) || u.l.dwNumCountries != 1)
		return out;
	e = (const void *)(u.buf + u.l.dwCountryListOffset);
	copy(out, size, u.buf, e->dwCountryNameSize, e->dwCountryNameOffset);
	return out;
}

static int list(const struct locs *ls)
{
	char country[128];

	printf("  %-10s %-24s %-28s %-8s %s\n", "ID", "NAME", "COUNTRY", "AREA", "DIALING");
	for (unsigned int i = 0; i < ls->n; i++) {
		const struct loc *l = &ls->l[i];

		printf("%c %-10u %-24s %-28s %-8s %s\n", l->id == ls->current ? '*' : ' ', l->id,
		       l->name, country_name(l->country, country, sizeof(country)), l->area,
		       l->pulse ? "pulse" : "tone");
	}
	return 0;
}

/* Checks the arguments (usage errors before anything is read), then does it. */
int cmd_location(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "";
	struct loc edit = { 0 }, *l;
	struct locs *ls;
	DWORD id = 0, next = 0;
	int kv = 0, ret;
	LONG r;

	if (argc == 2 && !strcmp(op, "list")) {
		kv = argc;
	} else if (argc == 3 && (!strcmp(op, "show") || !strcmp(op, "remove") ||
				 !strcmp(op, "current"))) {
		if (!parse_id(argv[2], &id))
			return EXIT_USAGE;
		kv = argc;
	} else if (argc >= 4 && !strcmp(op, "set")) {
		if (!parse_id(argv[2], &id))
			return EXIT_USAGE;
		kv = 3;
	} else if (argc >= 4 && !strcmp(op, "add")) {
		char name[160];

		snprintf(name, sizeof(name), "name=%s", argv[2]);
		if (!set_key(&edit, name) || !country_ok(argv[3], &edit.country))
			return EXIT_USAGE;
		kv = 4;
	} else {
		fprintf(stderr, "Usage: tapictl location list | show ID | current ID | remove ID\n"
			"       tapictl location add NAME COUNTRY [KEY=VALUE...]\n"
			"       tapictl location set ID KEY=VALUE...\n");
		return EXIT_USAGE;
	}
	/* the settings are checked on a scratch location before anything is read */
	for (int i = kv; i < argc; i++)
		if (!set_key(&edit, argv[i]))
			return EXIT_USAGE;
	if (!strcmp(op, "current")) {
		r = lineSetCurrentLocation(0, id);
		if (r)
			fprintf(stderr, "tapictl: lineSetCurrentLocation: %s\n",
				(DWORD)r == LINEERR_INVALLOCATION ? "no such location" : "failed");
		return r ? EXIT_FAIL : 0;
	}
	ls = malloc(sizeof(*ls));
	if (!ls)
		return EXIT_FAIL;
	r = read_locs(ls);
	if (r) {
		fprintf(stderr, "tapictl: lineGetTranslateCaps: 0x%08x%s\n", (unsigned int)r,
			(DWORD)r == LINEERR_INIFILECORRUPT ? " (the locations file is broken)" : "");
		free(ls);
		return EXIT_FAIL;
	}
	ret = EXIT_FAIL;
	if (!strcmp(op, "list")) {
		ret = list(ls);
	} else if (!strcmp(op, "show")) {
		if ((l = find(ls, id)))
			print_loc(stdout, l);
		ret = l ? 0 : EXIT_FAIL;
	} else if (!strcmp(op, "add")) {
		for (unsigned int i = 0; i < ls->n; i++)
			next = ls->l[i].id > next ? ls->l[i].id : next;
		if (ls->n == MAX_LOCATIONS || next == 0xffffffff) {
			fprintf(stderr, "tapictl: no room for another location\n");
		} else {
			edit.id = next + 1;
			ls->l[ls->n++] = edit;
			ret = write_locs(ls);
			if (!ret)
				printf("location %u\n", edit.id);
		}
	} else if (!strcmp(op, "set") && (l = find(ls, id))) {
		for (int i = kv; i < argc; i++)
			set_key(l, argv[i]);
		ret = write_locs(ls);
	} else if (!strcmp(op, "remove") && (l = find(ls, id))) {
		if (ls->n == 1) {
			fprintf(stderr, "tapictl: location %u is the only one\n", id);
		} else {
			memmove(l, l + 1, (size_t)(&ls->l[ls->n] - (l + 1)) * sizeof(*l));
			ls->n--;
			if (ls->current == id)
				ls->current = ls->l[0].id;
			ret = write_locs(ls);
		}
	}
	free(ls);
	return ret;
}
