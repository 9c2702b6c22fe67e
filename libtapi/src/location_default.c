// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The country a fresh system is in, for the first location libtapi writes
 * when there is no locations file at all (location.c). In this order:
 *
 * 1. the territory of the locale the telephone category is in (LC_ALL,
 *    else LC_TELEPHONE): "de_DE.UTF-8" is Germany. The category is meant
 *    for this, so where it is set it wins;
 * 2. the time zone (TZ, else where /etc/localtime links, else
 *    /etc/timezone) and its country in zone.tab ($TZDIR, default
 *    /usr/share/zoneinfo): where the machine is, even when its language
 *    is someone else's (LANG=en_US.UTF-8 is used the world over);
 * 3. LANG's territory, or without LANG in the environment the system's
 *    (LC_TELEPHONE, else LANG, in /etc/locale.conf or /etc/default/locale:
 *    a program started from a boot script may have none).
 *
 * "C", "POSIX", "C.UTF-8", UTC and POSIX TZ rules name no country: the
 * next source is asked. Nothing known is 0.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* ISO 3166 alpha-2 codes (locales, zone.tab) and the country IDs of country.c */
static const struct {
	char iso[3];
	DWORD id;
} tl_iso_ids[] = {
	{ "AD", 376 }, { "AE", 971 }, { "AF", 93 }, { "AG", 103 }, { "AI", 102 }, { "AL", 355 },
	{ "AM", 374 }, { "AO", 244 }, { "AQ", 67201 }, { "AR", 54 }, { "AS", 101 },
	{ "AT", 43 }, { "AU", 61 }, { "AW", 297 }, { "AX", 35801 }, { "AZ", 994 },
	{ "BA", 387 }, { "BB", 105 }, { "BD", 880 }, { "BE", 32 }, { "BF", 226 }, { "BG", 359 },
	{ "BH", 973 }, { "BI", 257 }, { "BJ", 229 }, { "BL", 59001 }, { "BM", 106 },
	{ "BN", 673 }, { "BO", 591 }, { "BQ", 599 }, { "BR", 55 }, { "BS", 104 }, { "BT", 975 },
	{ "BW", 267 }, { "BY", 375 }, { "BZ", 501 }, { "CA", 108 }, { "CC", 6102 },
	{ "CD", 243 }, { "CF", 236 }, { "CG", 242 }, { "CH", 41 }, { "CI", 225 }, { "CK", 682 },
	{ "CL", 56 }, { "CM", 237 }, { "CN", 86 }, { "CO", 57 }, { "CR", 506 }, { "CU", 53 },
	{ "CV", 238 }, { "CW", 59901 }, { "CX", 6101 }, { "CY", 357 }, { "CZ", 420 },
	{ "DE", 49 }, { "DJ", 253 }, { "DK", 45 }, { "DM", 110 }, { "DO", 111 }, { "DZ", 213 },
	{ "EC", 593 }, { "EE", 372 }, { "EG", 20 }, { "EH", 21201 }, { "ER", 291 },
	{ "ES", 34 }, { "ET", 251 }, { "FI", 358 }, { "FJ", 679 }, { "FK", 500 }, { "FM", 691 },
	{ "FO", 298 }, { "FR", 33 }, { "GA", 241 }, { "GB", 44 }, { "GD", 112 }, { "GE", 995 },
	{ "GF", 594 }, { "GG", 4401 }, { "GH", 233 }, { "GI", 350 }, { "GL", 299 },
	{ "GM", 220 }, { "GN", 224 }, { "GP", 590 }, { "GQ", 240 }, { "GR", 30 },
	{ "GS", 50001 }, { "GT", 502 }, { "GU", 113 }, { "GW", 245 }, { "GY", 592 },
	{ "HK", 852 }, { "HN", 504 }, { "HR", 385 }, { "HT", 509 }, { "HU", 36 }, { "ID", 62 },
	{ "IE", 353 }, { "IL", 972 }, { "IM", 4402 }, { "IN", 91 }, { "IO", 246 },
	{ "IQ", 964 }, { "IR", 98 }, { "IS", 354 }, { "IT", 39 }, { "JE", 4403 }, { "JM", 114 },
	{ "JO", 962 }, { "JP", 81 }, { "KE", 254 }, { "KG", 996 }, { "KH", 855 }, { "KI", 686 },
	{ "KM", 269 }, { "KN", 118 }, { "KP", 850 }, { "KR", 82 }, { "KW", 965 }, { "KY", 109 },
	{ "KZ", 701 }, { "LA", 856 }, { "LB", 961 }, { "LC", 119 }, { "LI", 423 }, { "LK", 94 },
	{ "LR", 231 }, { "LS", 266 }, { "LT", 370 }, { "LU", 352 }, { "LV", 371 },
	{ "LY", 218 }, { "MA", 212 }, { "MC", 377 }, { "MD", 373 }, { "ME", 382 },
	{ "MF", 59002 }, { "MG", 261 }, { "MH", 692 }, { "MK", 389 }, { "ML", 223 },
	{ "MM", 95 }, { "MN", 976 }, { "MO", 853 }, { "MP", 116 }, { "MQ", 596 }, { "MR", 222 },
	{ "MS", 115 }, { "MT", 356 }, { "MU", 230 }, { "MV", 960 }, { "MW", 265 }, { "MX", 52 },
	{ "MY", 60 }, { "MZ", 258 }, { "NA", 264 }, { "NC", 687 }, { "NE", 227 }, { "NF", 672 },
	{ "NG", 234 }, { "NI", 505 }, { "NL", 31 }, { "NO", 47 }, { "NP", 977 }, { "NR", 674 },
	{ "NU", 683 }, { "NZ", 64 }, { "OM", 968 }, { "PA", 507 }, { "PE", 51 }, { "PF", 689 },
	{ "PG", 675 }, { "PH", 63 }, { "PK", 92 }, { "PL", 48 }, { "PM", 508 }, { "PN", 6401 },
	{ "PR", 117 }, { "PS", 970 }, { "PT", 351 }, { "PW", 680 }, { "PY", 595 },
	{ "QA", 974 }, { "RE", 262 }, { "RO", 40 }, { "RS", 381 }, { "RU", 7 }, { "RW", 250 },
	{ "SA", 966 }, { "SB", 677 }, { "SC", 248 }, { "SD", 249 }, { "SE", 46 }, { "SG", 65 },
	{ "SH", 290 }, { "SI", 386 }, { "SJ", 4701 }, { "SK", 421 }, { "SL", 232 },
	{ "SM", 378 }, { "SN", 221 }, { "SO", 252 }, { "SR", 597 }, { "SS", 211 },
	{ "ST", 239 }, { "SV", 503 }, { "SX", 121 }, { "SY", 963 }, { "SZ", 268 },
	{ "TC", 123 }, { "TD", 235 }, { "TG", 228 }, { "TH", 66 }, { "TJ", 992 }, { "TK", 690 },
	{ "TL", 670 }, { "TM", 993 }, { "TN", 216 }, { "TO", 676 }, { "TR", 90 }, { "TT", 122 },
	{ "TV", 688 }, { "TW", 886 }, { "TZ", 255 }, { "UA", 380 }, { "UG", 256 }, { "US", 1 },
	{ "UY", 598 }, { "UZ", 998 }, { "VA", 3901 }, { "VC", 120 }, { "VE", 58 },
	{ "VG", 107 }, { "VI", 124 }, { "VN", 84 }, { "VU", 678 }, { "WF", 681 }, { "WS", 685 },
	{ "XK", 383 }, { "YE", 967 }, { "YT", 26201 }, { "ZA", 27 }, { "ZM", 260 },
	{ "ZW", 263 },
};

static DWORD tl_country_of_iso(const char *iso)
{
	for (size_t i = 0; i < sizeof(tl_iso_ids) / sizeof(tl_iso_ids[0]); i++)
		if (!strcmp(tl_iso_ids[i].iso, iso))
			return tl_iso_ids[i].id;
	return 0;
}

/* A locale name's territory: "de_DE.UTF-8@euro" is DE; "C", "POSIX": 0. */
static DWORD tl_country_of_locale(const char *name)
{
	const char *u = name ? strchr(name, '_') : NULL;
	char iso[3];

	if (!u || strchr(name, '/') || !isupper((unsigned char)u[1]) ||
	    !isupper((unsigned char)u[2]) || (u[3] && u[3] != '.' && u[3] != '@'))
		return 0;
	iso[0] = u[1];
	iso[1] = u[2];
	iso[2] = 0;
	return tl_country_of_iso(iso);
}

static const char *tl_env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* LC_TELEPHONE, else LANG, from a file of KEY=VALUE lines (values may be quoted). */
static DWORD tl_country_of_locale_file(const char *path)
{
	char line[256], tel[128] = "", lang[128] = "";
	FILE *f = fopen(path, "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, '='), *dst;

		if (!v)
			continue;
		*v++ = 0;
		dst = !strcmp(line, "LC_TELEPHONE") ? tel : !strcmp(line, "LANG") ? lang : NULL;
		if (!dst)
			continue;
		v[strcspn(v, "\r\n")] = 0;
		if (*v == '"' || *v == '\'') {
			char q = *v++;

			v[strcspn(v, (char[]){ q, 0 })] = 0;
		}
		snprintf(dst, sizeof(tel), "%s", v);
	}
	fclose(f);
	return tl_country_of_locale(*tel ? tel : lang);
}

/*
 * A zone's name from TZ or a path to its file: ".../zoneinfo/Europe/Berlin"
 * is Europe/Berlin. False for what names no zone file (a POSIX rule).
 */
static bool tl_zone_name(const char *tz, char *out, size_t size)
{
	const char *z = tz, *p;

	if (*z == ':')
		z++;
	for (p = strstr(z, "zoneinfo/"); p; p = strstr(p + 1, "zoneinfo/"))
		z = p + strlen("zoneinfo/");
	if (!*z || *z == '/' || strlen(z) >= size ||
	    z[strspn(z, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-")])
		return false;
	strcpy(out, z);
	return true;
}

/* The zone this process runs in, by name: TZ, /etc/localtime, /etc/timezone. */
static bool tl_local_zone(char *out, size_t size)
{
	const char *tz = getenv("TZ");
	char buf[PATH_MAX];
	ssize_t n;
	FILE *f;

	if (tz)
		return tl_zone_name(tz, out, size);
	n = readlink("/etc/localtime", buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = 0;
		return tl_zone_name(buf, out, size);
	}
	f = fopen("/etc/timezone", "re");
	if (!f)
		return false;
	n = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	buf[strcspn(buf, "\r\n")] = 0;
	return n && tl_zone_name(buf, out, size);
}

/* @zone's country in @dir's zone.tab: 0 when it has none (UTC) or is not listed. */
static DWORD tl_zone_tab_country(const char *dir, const char *zone)
{
	char path[PATH_MAX], line[512];
	DWORD id = 0;
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/zone.tab", dir) >= (int)sizeof(path))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!id && fgets(line, sizeof(line), f)) {
		char *save, *iso = strtok_r(line, "\t\n", &save), *name;

		if (!iso || *iso == '#' || !strtok_r(NULL, "\t\n", &save))
			continue;
		name = strtok_r(NULL, "\t\n", &save);
		if (name && !strcmp(name, zone))
			id = tl_country_of_iso(iso);
	}
	fclose(f);
	return id;
}

/* The time zone's country; an old name (US/Eastern) by the zone file it links to. */
static DWORD tl_country_of_zone(void)
{
	const char *dir = tl_env("TZDIR") ? tl_env("TZDIR") : "/usr/share/zoneinfo";
	char zone[256], path[PATH_MAX], real[PATH_MAX], real_dir[PATH_MAX];
	size_t n;
	DWORD id;

	if (!tl_local_zone(zone, sizeof(zone)))
		return 0;
	id = tl_zone_tab_country(dir, zone);
	if (id || snprintf(path, sizeof(path), "%s/%s", dir, zone) >= (int)sizeof(path) ||
	    !realpath(path, real) || !realpath(dir, real_dir))
		return id;
	n = strlen(real_dir);
	if (strncmp(real, real_dir, n) || real[n] != '/')
		return 0;
	return tl_zone_tab_country(dir, real + n + 1);
}

DWORD tl_system_country(void)
{
	const char *tel = tl_env("LC_ALL") ? tl_env("LC_ALL") : tl_env("LC_TELEPHONE");
	DWORD id = tl_country_of_locale(tel);

	if (!id)
		id = tl_country_of_zone();
	if (!id && tl_env("LANG"))
		id = tl_country_of_locale(tl_env("LANG"));
	else if (!id && !(id = tl_country_of_locale_file("/etc/locale.conf")))
		id = tl_country_of_locale_file("/etc/default/locale");
	return id;
}
