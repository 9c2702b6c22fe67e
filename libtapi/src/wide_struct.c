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
static const struct tl_wide_part tl_devcaps[] = {
	STR(LINEDEVCAPS, dwProviderInfoSize),
	STR(LINEDEVCAPS, dwSwitchInfoSize),
	STR(LINEDEVCAPS, dwLineNameSize),
	BIN(LINEDEVCAPS, dwTerminalCapsSize),
	BIN(LINEDEVCAPS, dwTerminalTextSize),
	BIN(LINEDEVCAPS, dwDevSpecificSize),
	STR(LINEDEVCAPS, dwDeviceClassesSize),
};

static const struct tl_wide_part tl_treatment[] = {
	STR(LINECALLTREATMENTENTRY, dwCallTreatmentNameSize),
};

static const struct tl_wide_part tl_addresscaps[] = {
	STR(LINEADDRESSCAPS, dwAddressSize),
	BIN(LINEADDRESSCAPS, dwDevSpecificSize),
	BIN(LINEADDRESSCAPS, dwCompletionMsgTextSize),
	LIST(LINEADDRESSCAPS, dwCallTreatmentListSize, dwNumCallTreatments,
	     LINECALLTREATMENTENTRY, tl_treatment, 1),
	STR(LINEADDRESSCAPS, dwDeviceClassesSize),
};

static const struct tl_wide_part tl_forward[] = {
	STR(LINEFORWARD, dwCallerAddressSize),
	STR(LINEFORWARD, dwDestAddressSize),
};

static const struct tl_wide_part tl_addressstatus[] = {
	LIST(LINEADDRESSSTATUS, dwForwardSize, dwForwardNumEntries, LINEFORWARD, tl_forward, 0),
	BIN(LINEADDRESSSTATUS, dwTerminalModesSize),
	BIN(LINEADDRESSSTATUS, dwDevSpecificSize),
};

static const struct tl_wide_part tl_appinfo[] = {
	STR(LINEAPPINFO, dwMachineNameSize),
	STR(LINEAPPINFO, dwUserNameSize),
	STR(LINEAPPINFO, dwModuleFilenameSize),
	STR(LINEAPPINFO, dwFriendlyNameSize),
};

static const struct tl_wide_part tl_devstatus[] = {
	BIN(LINEDEVSTATUS, dwTerminalModesSize),
	BIN(LINEDEVSTATUS, dwDevSpecificSize),
	/* as many entries as fit the size: the count is dwNumOpens' business */
	{ offsetof(LINEDEVSTATUS, dwAppInfoSize), WIDE_LIST, 1, 0, sizeof(LINEAPPINFO),
	  tl_appinfo, N(tl_appinfo) },
};

static const struct tl_wide_part tl_callinfo[] = {
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

static const struct tl_wide_part tl_translateoutput[] = {
	STR(LINETRANSLATEOUTPUT, dwDialableStringSize),
	STR(LINETRANSLATEOUTPUT, dwDisplayableStringSize),
};

static const struct tl_wide_part tl_location[] = {
	STR(LINELOCATIONENTRY, dwLocationNameSize),
	STR(LINELOCATIONENTRY, dwCityCodeSize),
	STR(LINELOCATIONENTRY, dwLocalAccessCodeSize),
	STR(LINELOCATIONENTRY, dwLongDistanceAccessCodeSize),
	STR(LINELOCATIONENTRY, dwTollPrefixListSize),
	STR(LINELOCATIONENTRY, dwCancelCallWaitingSize),
};

static const struct tl_wide_part tl_card[] = {
	STR(LINECARDENTRY, dwCardNameSize),
	STR(LINECARDENTRY, dwSameAreaRuleSize),
	STR(LINECARDENTRY, dwLongDistanceRuleSize),
	STR(LINECARDENTRY, dwInternationalRuleSize),
};

static const struct tl_wide_part tl_translatecaps[] = {
	LIST(LINETRANSLATECAPS, dwLocationListSize, dwNumLocations, LINELOCATIONENTRY,
	     tl_location, 0),
	LIST(LINETRANSLATECAPS, dwCardListSize, dwNumCards, LINECARDENTRY, tl_card, 0),
};

static const struct tl_wide_part tl_country[] = {
	STR(LINECOUNTRYENTRY, dwCountryNameSize),
	STR(LINECOUNTRYENTRY, dwSameAreaRuleSize),
	STR(LINECOUNTRYENTRY, dwLongDistanceRuleSize),
	STR(LINECOUNTRYENTRY, dwInternationalRuleSize),
};

static const struct tl_wide_part tl_countrylist[] = {
	LIST(LINECOUNTRYLIST, dwCountryListSize, dwNumCountries, LINECOUNTRYENTRY, tl_country, 0),
};

static const struct tl_wide_part tl_provider[] = {
	STR(LINEPROVIDERENTRY, dwProviderFilenameSize),
};

static const struct tl_wide_part tl_providerlist[] = {
	LIST(LINEPROVIDERLIST, dwProviderListSize, dwNumProviders, LINEPROVIDERENTRY,
	     tl_provider, 0),
};

static const struct tl_wide_part tl_varstring[] = {
	PART(VARSTRING, dwStringSize, WIDE_VSTR),
};

const struct tl_wide_desc tl_wide_devcaps = DESC(tl_devcaps, offsetof(LINEDEVCAPS, dwStringFormat));
const struct tl_wide_desc tl_wide_addresscaps = DESC(tl_addresscaps, 0);
const struct tl_wide_desc tl_wide_addressstatus = DESC(tl_addressstatus, 0);
const struct tl_wide_desc tl_wide_devstatus = DESC(tl_devstatus, 0);
const struct tl_wide_desc tl_wide_callinfo = DESC(tl_callinfo, 0);
const struct tl_wide_desc tl_wide_translateoutput = DESC(tl_translateoutput, 0);
const struct tl_wide_desc tl_wide_translatecaps = DESC(tl_translatecaps, 0);
const struct tl_wide_desc tl_wide_countrylist = DESC(tl_countrylist, 0);
const struct tl_wide_desc tl_wide_providerlist = DESC(tl_providerlist, 0);
const struct tl_wide_desc tl_wide_varstring = DESC(tl_varstring, offsetof(VARSTRING, dwStringFormat));

static DWORD tl_rd(const void *s, size_t off)
{
	DWORD v;

	memcpy(&v, (const char *)s + off, sizeof(v));
	return v;
}

static void tl_wr(void *s, size_t off, DWORD v)
{
	memcpy((char *)s + off, &v, sizeof(v));
}

static DWORD tl_align4(DWORD n)
{
	return (n + 3) & ~3u;
}

/*
 * The fixed part the library filled in @a: it puts its first variable part
 * right after it. Fields past the fixed part hold variable data, so the
 * parts are looked at in their order only while they lie before the lowest
 * offset found so far.
 */
static DWORD tl_fixed_size(const void *a, const struct tl_wide_desc *d)
{
	DWORD fixed = tl_rd(a, 8);

	for (unsigned int i = 0; i < d->n && d->parts[i].size + 8u <= fixed; i++) {
		DWORD size = tl_rd(a, d->parts[i].size), off = tl_rd(a, d->parts[i].size + 4u);

		if (size && off < fixed)
			fixed = off;
	}
	return fixed;
}

/* The @n bytes at @off of @a (used bytes), or none when they are not there. */
static const char *tl_part_of(const void *a, DWORD off, DWORD n)
{
	DWORD used = tl_rd(a, 8);

	if (!n || off > used || n > used - off)
		return NULL;
	return (const char *)a + off;
}

/* A string part into @dst (NULL: only measured); its size in bytes. */
static DWORD tl_str_out(char *dst, const char *src, DWORD n)
{
	if (!src)
		return 0;
	if (dst) {
		size_t units = tl_utf8_to_wide(NULL, src, n);
		WCHAR *tmp = malloc(units * sizeof(WCHAR) + 1);

		/* WCHARs go through a buffer of their own: dst need not be aligned */
		if (!tmp)
			return 0;
		tl_utf8_to_wide(tmp, src, n);
		memcpy(dst, tmp, units * sizeof(WCHAR));
		free(tmp);
		return (DWORD)(units * sizeof(WCHAR));
	}
	return (DWORD)(tl_utf8_to_wide(NULL, src, n) * sizeof(WCHAR));
}

/* A list's entries in @a: as many as its count says, within its size. */
static DWORD tl_list_count(const void *a, const struct tl_wide_part *p)
{
	DWORD cnt = tl_rd(a, p->size) / p->entry;

	if (p->count && tl_rd(a, p->count) < cnt)
		cnt = tl_rd(a, p->count);
	return cnt;
}

/*
 * A list's block: its entries, then their strings, offsets relative to the
 * block (the caller adds where it goes). @dst NULL: only measured.
 */
static DWORD tl_list_out(char *dst, const void *a, const struct tl_wide_part *p)
{
	DWORD cnt = tl_list_count(a, p), at = cnt * p->entry;
	const char *entries = tl_part_of(a, tl_rd(a, p->size + 4u), tl_rd(a, p->size));

	if (!entries)
		return 0;
	if (dst)
		memcpy(dst, entries, at);
	for (DWORD i = 0; i < cnt; i++) {
		const char *e = entries + (size_t)i * p->entry;

		for (unsigned int k = 0; k < p->nsub; k++) {
			DWORD ssize = tl_rd(e, p->sub[k].size), soff = tl_rd(e, p->sub[k].size + 4u);
			const char *s = tl_part_of(a, soff, ssize);
			DWORD n = tl_str_out(dst ? dst + at : NULL, s, ssize);

			if (dst) {
				tl_wr(dst + (size_t)i * p->entry, p->sub[k].size, n);
				tl_wr(dst + (size_t)i * p->entry, p->sub[k].size + 4u, n ? at : 0);
			}
			at += n;
		}
	}
	return at;
}

/* Where a list went: its entries' string offsets become the structure's. */
static void tl_list_moved(char *block, const struct tl_wide_part *p, DWORD cnt, DWORD base)
{
	for (DWORD i = 0; i < cnt; i++)
		for (unsigned int k = 0; k < p->nsub; k++) {
			char *e = block + (size_t)i * p->entry;

			if (tl_rd(e, p->sub[k].size))
				tl_wr(e, p->sub[k].size + 4u, tl_rd(e, p->sub[k].size + 4u) + base);
		}
}

/* What part @p of @a becomes; *n its size. NULL with *n 0: nothing; NULL else: no memory. */
static char *tl_part_out(const void *a, const struct tl_wide_part *p, bool ascii, DWORD *n)
{
	DWORD size = tl_rd(a, p->size);
	const char *src = tl_part_of(a, tl_rd(a, p->size + 4u), size);
	char *block;

	*n = 0;
	if (!src)
		return NULL;
	if (p->kind == WIDE_LIST)
		*n = tl_list_out(NULL, a, p);
	else if (p->kind == WIDE_STR || (p->kind == WIDE_VSTR && ascii))
		*n = tl_str_out(NULL, src, size);
	else
		*n = size;
	if (!*n)
		return NULL;
	block = malloc(*n);
	if (!block)
		return NULL;
	if (p->kind == WIDE_LIST)
		tl_list_out(block, a, p);
	else if (p->kind == WIDE_STR || (p->kind == WIDE_VSTR && ascii))
		tl_str_out(block, src, size);
	else
		memcpy(block, src, size);
	return block;
}

LONG tl_wide_layout(void *w, const void *a, const struct tl_wide_desc *d)
{
	DWORD total = tl_rd(w, 0), fixed = tl_fixed_size(a, d), used, needed;
	bool ascii = d->format && tl_rd(a, d->format) == STRINGFORMAT_ASCII;

	if (fixed > total)
		fixed = total;
	memcpy((char *)w + sizeof(DWORD), (const char *)a + sizeof(DWORD),
	       fixed - sizeof(DWORD));
	used = needed = fixed;
	for (unsigned int i = 0; i < d->n; i++) {
		const struct tl_wide_part *p = &d->parts[i];
		DWORD n, at;
		char *block;

		if (p->size + 8u > fixed)
			break;
		block = tl_part_out(a, p, ascii, &n);
		if (!block && n)
			return LINEERR_NOMEM;
		tl_wr(w, p->size, 0);
		tl_wr(w, p->size + 4u, 0);
		if (!block)
			continue;
		needed = tl_align4(needed) + n;
		at = tl_align4(used);
		if (at <= total && n <= total - at) {
			if (p->kind == WIDE_LIST)
				tl_list_moved(block, p, tl_list_count(a, p), at);
			memset((char *)w + used, 0, at - used);
			memcpy((char *)w + at, block, n);
			/* a list's size is its entries', as the library gives it */
			tl_wr(w, p->size, p->kind == WIDE_LIST ? tl_list_count(a, p) * p->entry : n);
			tl_wr(w, p->size + 4u, at);
			used = at + n;
		} else if (p->kind == WIDE_LIST && !p->keep_count && p->count) {
			tl_wr(w, p->count, 0);
		}
		free(block);
	}
	if (ascii && d->format + 4u <= fixed)
		tl_wr(w, d->format, STRINGFORMAT_UNICODE);
	tl_wr(w, 4, needed);
	tl_wr(w, 8, used);
	return 0;
}

LONG tl_wide_get(void *w, const struct tl_wide_desc *d, tl_wide_fill_fn fill, const void *args)
{
	DWORD total, want;
	LONG ret;

	if (!w)
		return fill(NULL, args);
	total = tl_rd(w, 0);
	/* beyond 64 KiB no fixed part is too small: the library's answer decides */
	want = total < 65536 ? total : 65536;
	for (int tries = 0;; tries++) {
		void *a = calloc(1, want < 16 ? 16 : want);

		if (!a)
			return LINEERR_NOMEM;
		tl_wr(a, 0, want);
		ret = fill(a, args);
		if (!ret && tl_rd(a, 4) > want && tries < 4) {
			/* larger, for all of it: what it holds may grow in between */
			want = tl_rd(a, 4);
			free(a);
			continue;
		}
		if (!ret)
			ret = tl_wide_layout(w, a, d);
		free(a);
		return ret;
	}
}
