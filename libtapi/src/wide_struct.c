// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Variable-size structures in UTF-16 for the ...W functions. The library
 * fills a structure of its own form (UTF-8) as large as it needs; here its
 * fixed part is copied into the caller's and each variable part follows
 * anew, strings converted, under TAPI's rules (varstruct.c): a part that
 * does not fit in dwTotalSize is left out whole (size and offset 0, a
 * list's count 0 as the library leaves it), dwNeededSize counts every part.
 * Parts start on 4-byte boundaries: WCHARs and the DWORDs of list entries
 * are then aligned (the padding is counted in the sizes used and needed).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "wide.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PART(s, f, k) { offsetof(s, f), k, 0, 0, 0, NULL, 0 }
#define BIN(s, f) PART(s, f, WIDE_BIN)
#define STR(s, f) PART(s, f, WIDE_STR)
#define LIST(s, f, cnt, e, sub, keep) \
	{ offsetof(s, f), WIDE_LIST, keep, offsetof(s, cnt), sizeof(e), sub, N(sub) }
#define DESC(p, fmt) { p, N(p), fmt }

/*
 * The tables name every part TAPI 2.2 defines, in each structure's order,
 * whether or not this library fills it. TerminalText and CompletionMsgText
 * are arrays of fixed-size text entries that the library never gives (no
 * terminals, no completion messages): they are copied as they are.
 */
static const struct wide_part devcaps[] = {
	STR(LINEDEVCAPS, dwProviderInfoSize),
	STR(LINEDEVCAPS, dwSwitchInfoSize),
	STR(LINEDEVCAPS, dwLineNameSize),
	BIN(LINEDEVCAPS, dwTerminalCapsSize),
	BIN(LINEDEVCAPS, dwTerminalTextSize),
	BIN(LINEDEVCAPS, dwDevSpecificSize),
	STR(LINEDEVCAPS, dwDeviceClassesSize),
};

static const struct wide_part treatment[] = {
	STR(LINECALLTREATMENTENTRY, dwCallTreatmentNameSize),
};

static const struct wide_part addresscaps[] = {
	STR(LINEADDRESSCAPS, dwAddressSize),
	BIN(LINEADDRESSCAPS, dwDevSpecificSize),
	BIN(LINEADDRESSCAPS, dwCompletionMsgTextSize),
	LIST(LINEADDRESSCAPS, dwCallTreatmentListSize, dwNumCallTreatments,
	     LINECALLTREATMENTENTRY, treatment, 1),
	STR(LINEADDRESSCAPS, dwDeviceClassesSize),
};

static const struct wide_part forward[] = {
	STR(LINEFORWARD, dwCallerAddressSize),
	STR(LINEFORWARD, dwDestAddressSize),
};

static const struct wide_part addressstatus[] = {
	LIST(LINEADDRESSSTATUS, dwForwardSize, dwForwardNumEntries, LINEFORWARD, forward, 0),
	BIN(LINEADDRESSSTATUS, dwTerminalModesSize),
	BIN(LINEADDRESSSTATUS, dwDevSpecificSize),
};

static const struct wide_part appinfo[] = {
	STR(LINEAPPINFO, dwMachineNameSize),
	STR(LINEAPPINFO, dwUserNameSize),
	STR(LINEAPPINFO, dwModuleFilenameSize),
	STR(LINEAPPINFO, dwFriendlyNameSize),
};

static const struct wide_part devstatus[] = {
	BIN(LINEDEVSTATUS, dwTerminalModesSize),
	BIN(LINEDEVSTATUS, dwDevSpecificSize),
	/* as many entries as fit the size: the count is dwNumOpens' business */
	{ offsetof(LINEDEVSTATUS, dwAppInfoSize), WIDE_LIST, 1, 0, sizeof(LINEAPPINFO),
	  appinfo, N(appinfo) },
};

static const struct wide_part callinfo[] = {
	STR(LINECALLINFO, dwCallerIDSize),
	STR(LINECALLINFO, dwCallerIDNameSize),
	STR(LINECALLINFO, dwCalledIDSize),
	STR(LINECALLINFO, dwCalledIDNameSize),
	STR(LINECALLINFO, dwConnectedIDSize),
	STR(LINECALLINFO, dwConnectedIDNameSize),
	STR(LINECALLINFO, dwRedirectionIDSize),
	STR(LINECALLINFO, dwRedirectionIDNameSize),
	STR(LINECALLINFO, dwRedirectingIDSize),
	STR(LINECALLINFO, dwRedirectingIDNameSize),
	STR(LINECALLINFO, dwAppNameSize),
	STR(LINECALLINFO, dwDisplayableAddressSize),
	STR(LINECALLINFO, dwCalledPartySize),
	STR(LINECALLINFO, dwCommentSize),
	/* the switch's raw display, in no character set TAPI names */
	BIN(LINECALLINFO, dwDisplaySize),
	BIN(LINECALLINFO, dwUserUserInfoSize),
	BIN(LINECALLINFO, dwHighLevelCompSize),
	BIN(LINECALLINFO, dwLowLevelCompSize),
	BIN(LINECALLINFO, dwChargingInfoSize),
	BIN(LINECALLINFO, dwTerminalModesSize),
	BIN(LINECALLINFO, dwDevSpecificSize),
	BIN(LINECALLINFO, dwCallDataSize),
	BIN(LINECALLINFO, dwSendingFlowspecSize),
	BIN(LINECALLINFO, dwReceivingFlowspecSize),
};

static const struct wide_part translateoutput[] = {
	STR(LINETRANSLATEOUTPUT, dwDialableStringSize),
	STR(LINETRANSLATEOUTPUT, dwDisplayableStringSize),
};

static const struct wide_part location[] = {
	STR(LINELOCATIONENTRY, dwLocationNameSize),
	STR(LINELOCATIONENTRY, dwCityCodeSize),
	STR(LINELOCATIONENTRY, dwLocalAccessCodeSize),
	STR(LINELOCATIONENTRY, dwLongDistanceAccessCodeSize),
	STR(LINELOCATIONENTRY, dwTollPrefixListSize),
	STR(LINELOCATIONENTRY, dwCancelCallWaitingSize),
};

static const struct wide_part card[] = {
	STR(LINECARDENTRY, dwCardNameSize),
	STR(LINECARDENTRY, dwSameAreaRuleSize),
	STR(LINECARDENTRY, dwLongDistanceRuleSize),
	STR(LINECARDENTRY, dwInternationalRuleSize),
};

static const struct wide_part translatecaps[] = {
	LIST(LINETRANSLATECAPS, dwLocationListSize, dwNumLocations, LINELOCATIONENTRY,
	     location, 0),
	LIST(LINETRANSLATECAPS, dwCardListSize, dwNumCards, LINECARDENTRY, card, 0),
};

static const struct wide_part country[] = {
	STR(LINECOUNTRYENTRY, dwCountryNameSize),
	STR(LINECOUNTRYENTRY, dwSameAreaRuleSize),
	STR(LINECOUNTRYENTRY, dwLongDistanceRuleSize),
	STR(LINECOUNTRYENTRY, dwInternationalRuleSize),
};

static const struct wide_part countrylist[] = {
	LIST(LINECOUNTRYLIST, dwCountryListSize, dwNumCountries, LINECOUNTRYENTRY, country, 0),
};

static const struct wide_part provider[] = {
	STR(LINEPROVIDERENTRY, dwProviderFilenameSize),
};

static const struct wide_part providerlist[] = {
	LIST(LINEPROVIDERLIST, dwProviderListSize, dwNumProviders, LINEPROVIDERENTRY,
	     provider, 0),
};

static const struct wide_part varstring[] = {
	PART(VARSTRING, dwStringSize, WIDE_VSTR),
};

const struct wide_desc wide_devcaps = DESC(devcaps, offsetof(LINEDEVCAPS, dwStringFormat));
const struct wide_desc wide_addresscaps = DESC(addresscaps, 0);
const struct wide_desc wide_addressstatus = DESC(addressstatus, 0);
const struct wide_desc wide_devstatus = DESC(devstatus, 0);
const struct wide_desc wide_callinfo = DESC(callinfo, 0);
const struct wide_desc wide_translateoutput = DESC(translateoutput, 0);
const struct wide_desc wide_translatecaps = DESC(translatecaps, 0);
const struct wide_desc wide_countrylist = DESC(countrylist, 0);
const struct wide_desc wide_providerlist = DESC(providerlist, 0);
const struct wide_desc wide_varstring = DESC(varstring, offsetof(VARSTRING, dwStringFormat));

static DWORD rd(const void *s, size_t off)
{
	DWORD v;

	memcpy(&v, (const char *)s + off, sizeof(v));
	return v;
}

static void wr(void *s, size_t off, DWORD v)
{
	memcpy((char *)s + off, &v, sizeof(v));
}

static DWORD align4(DWORD n)
{
	return (n + 3) & ~3u;
}

/*
 * The fixed part the library filled in @a: it puts its first variable part
 * right after it. Fields past the fixed part hold variable data, so the
 * parts are looked at in their order only while they lie before the lowest
 * offset found so far.
 */
static DWORD fixed_size(const void *a, const struct wide_desc *d)
{
	DWORD fixed = rd(a, 8);

	for (unsigned int i = 0; i < d->n && d->parts[i].size + 8u <= fixed; i++) {
		DWORD size = rd(a, d->parts[i].size), off = rd(a, d->parts[i].size + 4u);

		if (size && off < fixed)
			fixed = off;
	}
	return fixed;
}

/* The @n bytes at @off of @a (used bytes), or none when they are not there. */
static const char *part_of(const void *a, DWORD off, DWORD n)
{
	DWORD used = rd(a, 8);

	if (!n || off > used || n > used - off)
		return NULL;
	return (const char *)a + off;
}

/* A string part into @dst (NULL: only measured); its size in bytes. */
static DWORD str_out(char *dst, const char *src, DWORD n)
{
	if (!src)
		return 0;
	if (dst) {
		size_t units = utf8_to_wide(NULL, src, n);
		WCHAR *tmp = malloc(units * sizeof(WCHAR) + 1);

		/* WCHARs go through a buffer of their own: dst need not be aligned */
		if (!tmp)
			return 0;
		utf8_to_wide(tmp, src, n);
		memcpy(dst, tmp, units * sizeof(WCHAR));
		free(tmp);
		return (DWORD)(units * sizeof(WCHAR));
	}
	return (DWORD)(utf8_to_wide(NULL, src, n) * sizeof(WCHAR));
}

/* A list's entries in @a: as many as its count says, within its size. */
static DWORD list_count(const void *a, const struct wide_part *p)
{
	DWORD cnt = rd(a, p->size) / p->entry;

	if (p->count && rd(a, p->count) < cnt)
		cnt = rd(a, p->count);
	return cnt;
}

/*
 * A list's block: its entries, then their strings, offsets relative to the
 * block (the caller adds where it goes). @dst NULL: only measured.
 */
static DWORD list_out(char *dst, const void *a, const struct wide_part *p)
{
	DWORD cnt = list_count(a, p), at = cnt * p->entry;
	const char *entries = part_of(a, rd(a, p->size + 4u), rd(a, p->size));

	if (!entries)
		return 0;
	if (dst)
		memcpy(dst, entries, at);
	for (DWORD i = 0; i < cnt; i++) {
		const char *e = entries + (size_t)i * p->entry;

		for (unsigned int k = 0; k < p->nsub; k++) {
			DWORD ssize = rd(e, p->sub[k].size), soff = rd(e, p->sub[k].size + 4u);
			const char *s = part_of(a, soff, ssize);
			DWORD n = str_out(dst ? dst + at : NULL, s, ssize);

			if (dst) {
				wr(dst + (size_t)i * p->entry, p->sub[k].size, n);
				wr(dst + (size_t)i * p->entry, p->sub[k].size + 4u, n ? at : 0);
			}
			at += n;
		}
	}
	return at;
}

/* Where a list went: its entries' string offsets become the structure's. */
static void list_moved(char *block, const struct wide_part *p, DWORD cnt, DWORD base)
{
	for (DWORD i = 0; i < cnt; i++)
		for (unsigned int k = 0; k < p->nsub; k++) {
			char *e = block + (size_t)i * p->entry;

			if (rd(e, p->sub[k].size))
				wr(e, p->sub[k].size + 4u, rd(e, p->sub[k].size + 4u) + base);
		}
}

/* What part @p of @a becomes; *n its size. NULL with *n 0: nothing; NULL else: no memory. */
static char *part_out(const void *a, const struct wide_part *p, bool ascii, DWORD *n)
{
	DWORD size = rd(a, p->size);
	const char *src = part_of(a, rd(a, p->size + 4u), size);
	char *block;

	*n = 0;
	if (!src)
		return NULL;
	if (p->kind == WIDE_LIST)
		*n = list_out(NULL, a, p);
	else if (p->kind == WIDE_STR || (p->kind == WIDE_VSTR && ascii))
		*n = str_out(NULL, src, size);
	else
		*n = size;
	if (!*n)
		return NULL;
	block = malloc(*n);
	if (!block)
		return NULL;
	if (p->kind == WIDE_LIST)
		list_out(block, a, p);
	else if (p->kind == WIDE_STR || (p->kind == WIDE_VSTR && ascii))
		str_out(block, src, size);
	else
		memcpy(block, src, size);
	return block;
}

LONG wide_layout(void *w, const void *a, const struct wide_desc *d)
{
	DWORD total = rd(w, 0), fixed = fixed_size(a, d), used, needed;
	bool ascii = d->format && rd(a, d->format) == STRINGFORMAT_ASCII;

	if (fixed > total)
		fixed = total;
	memcpy((char *)w + sizeof(DWORD), (const char *)a + sizeof(DWORD),
	       fixed - sizeof(DWORD));
	used = needed = fixed;
	for (unsigned int i = 0; i < d->n; i++) {
		const struct wide_part *p = &d->parts[i];
		DWORD n, at;
		char *block;

		if (p->size + 8u > fixed)
			break;
		block = part_out(a, p, ascii, &n);
		if (!block && n)
			return LINEERR_NOMEM;
		wr(w, p->size, 0);
		wr(w, p->size + 4u, 0);
		if (!block)
			continue;
		needed = align4(needed) + n;
		at = align4(used);
		if (at <= total && n <= total - at) {
			if (p->kind == WIDE_LIST)
				list_moved(block, p, list_count(a, p), at);
			memset((char *)w + used, 0, at - used);
			memcpy((char *)w + at, block, n);
			/* a list's size is its entries', as the library gives it */
			wr(w, p->size, p->kind == WIDE_LIST ? list_count(a, p) * p->entry : n);
			wr(w, p->size + 4u, at);
			used = at + n;
		} else if (p->kind == WIDE_LIST && !p->keep_count && p->count) {
			wr(w, p->count, 0);
		}
		free(block);
	}
	if (ascii && d->format + 4u <= fixed)
		wr(w, d->format, STRINGFORMAT_UNICODE);
	wr(w, 4, needed);
	wr(w, 8, used);
	return 0;
}

LONG wide_get(void *w, const struct wide_desc *d, wide_fill_fn fill, const void *args)
{
	DWORD total, want;
	LONG ret;

	if (!w)
		return fill(NULL, args);
	total = rd(w, 0);
	/* beyond 64 KiB no fixed part is too small: the library's answer decides */
	want = total < 65536 ? total : 65536;
	for (int tries = 0;; tries++) {
		void *a = calloc(1, want < 16 ? 16 : want);

		if (!a)
			return LINEERR_NOMEM;
		wr(a, 0, want);
		ret = fill(a, args);
		if (!ret && rd(a, 4) > want && tries < 4) {
			/* larger, for all of it: what it holds may grow in between */
			want = rd(a, 4);
			free(a);
			continue;
		}
		if (!ret)
			ret = wide_layout(w, a, d);
		free(a);
		return ret;
	}
}
