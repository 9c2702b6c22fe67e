// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * TAPI's handles are 32-bit numbers: a slot index in the low 16 bits and
 * the slot's generation in the high ones, so a handle used after its
 * object went (a stale handle) is recognised as invalid, never as the
 * slot's next object. Caller holds lib.lock.
 */
#include <stdlib.h>

#include "internal.h"

struct lib lib = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake_fd = -1,
};

DWORD handle_new(enum obj_type type, void *p)
{
	unsigned int i;

	for (i = 1; i < lib.nobj && lib.objs[i].type != OBJ_FREE; i++)
		;
	if (i >= lib.nobj) {
		unsigned int n = lib.nobj ? lib.nobj * 2 : 64;
		void *grown;

		if (n > 0x10000)
			return 0;
		grown = realloc(lib.objs, n * sizeof(*lib.objs));
		if (!grown)
			return 0;
		lib.objs = grown;
		for (unsigned int k = lib.nobj; k < n; k++)
			lib.objs[k].type = OBJ_FREE, lib.objs[k].gen = 0, lib.objs[k].p = NULL;
		if (!lib.nobj)
			i = 1;	/* slot 0 stays unused: no handle is 0 */
		lib.nobj = n;
	}
	/* generations 1..0x7fff: handles stay positive and never 0 */
	lib.objs[i].gen = lib.objs[i].gen % 0x7fff + 1;
	lib.objs[i].type = type;
	lib.objs[i].p = p;
	return (DWORD)lib.objs[i].gen << 16 | i;
}

void *handle_get(DWORD h, enum obj_type type)
{
	unsigned int i = h & 0xffff;

	if (!i || i >= lib.nobj || lib.objs[i].type != type || lib.objs[i].gen != h >> 16)
		return NULL;
	return lib.objs[i].p;
}

void handle_free(DWORD h)
{
	unsigned int i = h & 0xffff;

	if (i && i < lib.nobj) {
		lib.objs[i].type = OBJ_FREE;
		lib.objs[i].p = NULL;
	}
}

void handles_each(enum obj_type type, void (*fn)(void *p, void *arg), void *arg)
{
	for (unsigned int i = 1; i < lib.nobj; i++)
		if (lib.objs[i].type == type)
			fn(lib.objs[i].p, arg);
}
