// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * TAPI's handles are 32-bit numbers: a slot index in the low 16 bits and
 * the slot's generation in the high ones, so a handle used after its
 * object went (a stale handle) is recognised as invalid, never as the
 * slot's next object. Caller holds tl_lib.lock.
 */
#include <stdlib.h>

#include "internal.h"

struct tl_lib tl_lib = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake_fd = -1,
};

DWORD tl_handle_new(enum tl_obj_type type, void *p)
{
	unsigned int i;

	for (i = 1; i < tl_lib.nobj && tl_lib.objs[i].type != OBJ_FREE; i++)
		;
	if (i >= tl_lib.nobj) {
		unsigned int n = tl_lib.nobj ? tl_lib.nobj * 2 : 64;
		void *grown;

		if (n > 0x10000)
			return 0;
		grown = realloc(tl_lib.objs, n * sizeof(*tl_lib.objs));
		if (!grown)
			return 0;
		tl_lib.objs = grown;
		for (unsigned int k = tl_lib.nobj; k < n; k++)
			tl_lib.objs[k].type = OBJ_FREE, tl_lib.objs[k].gen = 0, tl_lib.objs[k].p = NULL;
		if (!tl_lib.nobj)
			i = 1;	/* slot 0 stays unused: no handle is 0 */
		tl_lib.nobj = n;
	}
	/* generations 1..0x7fff: handles stay positive and never 0 */
	tl_lib.objs[i].gen = tl_lib.objs[i].gen % 0x7fff + 1;
	tl_lib.objs[i].type = type;
	tl_lib.objs[i].p = p;
	return (DWORD)tl_lib.objs[i].gen << 16 | i;
}

void *tl_handle_get(DWORD h, enum tl_obj_type type)
{
	unsigned int i = h & 0xffff;

	if (!i || i >= tl_lib.nobj || tl_lib.objs[i].type != type || tl_lib.objs[i].gen != h >> 16)
		return NULL;
	return tl_lib.objs[i].p;
}

void tl_handle_free(DWORD h)
{
	unsigned int i = h & 0xffff;

	if (i && i < tl_lib.nobj) {
		tl_lib.objs[i].type = OBJ_FREE;
		tl_lib.objs[i].p = NULL;
	}
}

void tl_handles_each(enum tl_obj_type type, void (*fn)(void *p, void *arg), void *arg)
{
	for (unsigned int i = 1; i < tl_lib.nobj; i++)
		if (tl_lib.objs[i].type == type)
			fn(tl_lib.objs[i].p, arg);
}
