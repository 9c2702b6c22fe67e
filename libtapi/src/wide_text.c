// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UTF-8 (the library's strings) to UTF-16 (the ...W functions' WCHARs) and
 * back. Both directions take a count, not a terminator, so that the
 * variable parts of structures (NULs inside, as in a device class list)
 * convert unit for unit. What is not valid in the source (a stray byte, a
 * lone surrogate) becomes U+FFFD, as Windows' own conversions do: nothing
 * fails but memory.
 */
#include <stdlib.h>
#include <string.h>

#include "wide.h"

#define REPLACEMENT 0xFFFD

/* One code point from @s (@n bytes left, n > 0); *len gets the bytes taken. */
static uint32_t tl_utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	static const uint32_t tl_utf8_least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp;
	size_t k, want;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xE0) == 0xC0)
		want = 2, cp = s[0] & 0x1F;
	else if ((s[0] & 0xF0) == 0xE0)
		want = 3, cp = s[0] & 0x0F;
	else if ((s[0] & 0xF8) == 0xF0)
		want = 4, cp = s[0] & 0x07;
	else
		return REPLACEMENT;
	if (want > n)
		return REPLACEMENT;
	for (k = 1; k < want; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return REPLACEMENT;
		cp = cp << 6 | (s[k] & 0x3F);
	}
	/* overlong forms, surrogates and beyond Unicode are not characters */
	if (cp < tl_utf8_least[want] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return REPLACEMENT;
	*len = want;
	return cp;
}

size_t tl_utf8_to_wide(WCHAR *dst, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t units = 0, len;

	while (n) {
		uint32_t cp = tl_utf8_next(s, n, &len);

		if (cp >= 0x10000) {
			if (dst) {
				dst[units] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
				dst[units + 1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			}
			units += 2;
		} else {
			if (dst)
				dst[units] = (WCHAR)cp;
			units++;
		}
		s += len;
		n -= len;
	}
	return units;
}

size_t tl_wide_to_utf8(char *dst, const WCHAR *s, size_t n)
{
	size_t bytes = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t cp = s[i];
		unsigned char b[4];
		size_t len;

		if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n &&
		    s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00);
			i++;
		} else if (cp >= 0xD800 && cp <= 0xDFFF) {
			cp = REPLACEMENT;
		}
		if (cp < 0x80) {
			b[0] = (unsigned char)cp;
			len = 1;
		} else if (cp < 0x800) {
			b[0] = (unsigned char)(0xC0 | cp >> 6);
			b[1] = (unsigned char)(0x80 | (cp & 0x3F));
			len = 2;
		} else if (cp < 0x10000) {
			b[0] = (unsigned char)(0xE0 | cp >> 12);
			b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			b[2] = (unsigned char)(0x80 | (cp & 0x3F));
			len = 3;
		} else {
			b[0] = (unsigned char)(0xF0 | cp >> 18);
			b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			b[3] = (unsigned char)(0x80 | (cp & 0x3F));
			len = 4;
		}
		if (dst)
			memcpy(dst + bytes, b, len);
		bytes += len;
	}
	return bytes;
}

size_t tl_wide_len(LPCWSTR s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

LONG tl_wide_arg(LPCWSTR s, char **out)
{
	size_t n;

	*out = NULL;
	if (!s)
		return 0;
	n = tl_wide_to_utf8(NULL, s, tl_wide_len(s));
	*out = malloc(n + 1);
	if (!*out)
		return LINEERR_NOMEM;
	tl_wide_to_utf8(*out, s, tl_wide_len(s));
	(*out)[n] = '\0';
	return 0;
}
