/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ...W (UTF-16) functions: each converts its string arguments to
 * UTF-8, calls the function the library implements, and converts the
 * strings it returns, structures' variable parts included.
 */
#ifndef LIBTAPI_WIDE_H
#define LIBTAPI_WIDE_H

#include <stddef.h>
#include <stdlib.h>

#include "tapi.h"

/* wide_text.c: counts in, counts out (NULs are converted like any unit) */
size_t tl_utf8_to_wide(WCHAR *dst, const char *src, size_t n);
size_t tl_wide_to_utf8(char *dst, const WCHAR *src, size_t n);
size_t tl_wide_len(LPCWSTR s);
/* A NUL-terminated argument in UTF-8 (malloc'd; NULL stays NULL), or LINEERR_NOMEM. */
LONG tl_wide_arg(LPCWSTR s, char **out);

/* @call's value, @s being the UTF-8 form of the argument @w while it runs */
#define WITH_UTF8(w, s, call) ({					\
	char *s;							\
	LONG _ret = tl_wide_arg(w, &s);					\
									\
	if (!_ret)							\
		_ret = (call);						\
	free(s);							\
	_ret; })

/* wide_struct.c: what a variable-size structure's parts hold */
enum tl_wide_kind {
	WIDE_BIN,	/* bytes, copied */
	WIDE_STR,	/* a string or a list of them (NULs inside), converted */
	WIDE_VSTR,	/* converted when the structure's dwStringFormat says ASCII */
	WIDE_LIST,	/* entries whose own strings the structure's offsets find */
};

struct tl_wide_part {
	unsigned short size;		/* offsetof its dwXxxSize; dwXxxOffset follows */
	unsigned char kind;
	unsigned char keep_count;	/* WIDE_LIST left out: the count stays */
	unsigned short count;		/* WIDE_LIST: offsetof the count, 0: size / entry */
	unsigned short entry;		/* WIDE_LIST: size of one entry */
	const struct tl_wide_part *sub;	/* WIDE_LIST: the entry's strings */
	unsigned int nsub;
};

struct tl_wide_desc {
	const struct tl_wide_part *parts;	/* in the structure's order */
	unsigned int n;
	unsigned short format;		/* offsetof dwStringFormat, 0: none */
};

extern const struct tl_wide_desc tl_wide_devcaps, tl_wide_addresscaps, tl_wide_addressstatus,
	tl_wide_devstatus, tl_wide_callinfo, tl_wide_translateoutput, tl_wide_translatecaps,
	tl_wide_countrylist, tl_wide_providerlist, tl_wide_varstring;

/*
 * Fills the caller's structure @w (dwTotalSize set by the caller) with the
 * UTF-16 form of what @fill writes: @fill gets a structure of the library's
 * form, as large as it asks for, and its result is returned when not 0.
 */
typedef LONG (*tl_wide_fill_fn)(void *s, const void *args);
LONG tl_wide_get(void *w, const struct tl_wide_desc *d, tl_wide_fill_fn fill, const void *args);
/* @a, complete, into @w laid out anew within @w's dwTotalSize. */
LONG tl_wide_layout(void *w, const void *a, const struct tl_wide_desc *d);

/* media.c: lineGatherDigits into a buffer of chars or (@wide) of WCHARs */
LONG tl_gather_digits(HCALL hCall, DWORD modes, void *buf, DWORD n, LPCSTR term,
		   DWORD first_ms, DWORD inter_ms, int wide);

#endif /* LIBTAPI_WIDE_H */
