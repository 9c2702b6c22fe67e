// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * TAPI's variable-size structures: the caller says dwTotalSize; the fixed
 * part is always filled; each variable part is appended whole or, when it
 * does not fit, left out (size and offset 0) while dwNeededSize still
 * counts it. Never truncated.
 */
#include <string.h>

#include "internal.h"

/*
 * Start filling @s, whose fixed part for the negotiated version is @fixed
 * bytes: LINEERR_STRUCTURETOOSMALL when dwTotalSize is below @min_fixed
 * (the smallest the version allows), else 0 with the fixed part zeroed.
 */
LONG tl_vs_begin(struct tl_vs *v, void *s, DWORD fixed, DWORD min_fixed)
{
	DWORD total;

	memcpy(&total, s, sizeof(total));
	if (total < min_fixed)
		return LINEERR_STRUCTURETOOSMALL;
	if (fixed > total)
		fixed = total;
	v->base = s;
	v->total = total;
	v->used = fixed;
	v->needed = fixed;
	memset((char *)s + sizeof(DWORD), 0, fixed - sizeof(DWORD));
	return 0;
}

void tl_vs_bytes(struct tl_vs *v, DWORD *size, DWORD *offset, const void *p, DWORD n)
{
	*size = 0;
	*offset = 0;
	if (!n)
		return;
	v->needed += n;
	if (v->total - v->used < n)
		return;
	memcpy((char *)v->base + v->used, p, n);
	*size = n;
	*offset = v->used;
	v->used += n;
}

/* A NUL-terminated string; an empty one is left out (size 0). */
void tl_vs_string(struct tl_vs *v, DWORD *size, DWORD *offset, const char *s)
{
	tl_vs_bytes(v, size, offset, s, s && *s ? (DWORD)strlen(s) + 1 : 0);
}

/* dwNeededSize and dwUsedSize follow dwTotalSize. */
void tl_vs_end(struct tl_vs *v)
{
	DWORD *d = v->base;

	d[1] = v->needed;
	d[2] = v->used;
}
