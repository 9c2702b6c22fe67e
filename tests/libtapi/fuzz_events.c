// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target for libtapi's translation code: random kernel event
 * records go through tl_line_event() as if a line's device had sent them,
 * interleaved with calls of the structure-filling functions with random
 * dwTotalSize values and random handles, and the messages they make are
 * taken. The line is device 0 of a table of one, as lineOpen leaves it,
 * with no file behind it (fd -1), so every ioctl fails and the code's
 * fallbacks run too. ASan and UBSan watch.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static struct tl_lineapp app;
static struct tl_line line;
static bool ready;

static void setup(void)
{
	/* a line always has its device: calls ask it what the line can do */
	tl_lib.devs = calloc(1, sizeof(*tl_lib.devs));
	tl_lib.ndevs = tl_lib.devs ? 1 : 0;
	pthread_cond_init(&app.cond, NULL);
	app.efd = -1;
	app.options = LINEINITIALIZEEXOPTION_USEEVENT;
	app.api_version = API_HIGH;
	app.handle = tl_handle_new(OBJ_LINEAPP, &app);
	line.app = &app;
	line.fd = -1;
	line.api_version = API_HIGH;
	line.line_states = 0xffffffff;
	ready = true;
}

static void forget_calls(void *p, void *arg)
{
	(void)arg;
	tl_call_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	union {
		LINECALLINFO i;
		LINECALLSTATUS s;
		char buf[1024];
	} u;
	struct tapi_event ev;
	LINEMESSAGE m;

	if (!ready)
		setup();
	pthread_mutex_lock(&tl_lib.lock);
	line.removed = false;
	line.handle = tl_handle_new(OBJ_LINE, &line);
	pthread_mutex_unlock(&tl_lib.lock);

	while (size >= sizeof(ev) + 4) {
		DWORD total, h;

		memcpy(&ev, data, sizeof(ev));
		memcpy(&total, data + sizeof(ev), 4);
		data += sizeof(ev) + 4;
		size -= sizeof(ev) + 4;
		pthread_mutex_lock(&tl_lib.lock);
		tl_line_event(&line, &ev);
		pthread_mutex_unlock(&tl_lib.lock);

		/* a call handle the records made, or a random one */
		h = ev.reserved & 1 ? (DWORD)(ev.seq >> 32) : (DWORD)ev.seq;
		memset(&u, 0, sizeof(u));
		u.i.dwTotalSize = total % (sizeof(u) + 1);
		lineGetCallInfo(h, &u.i);
		u.s.dwTotalSize = total % (sizeof(u) + 1);
		lineGetCallStatus(h, &u.s);
		if (ev.param[3] & 1)
			lineDeallocateCall(h);
	}
	while (!lineGetMessage(app.handle, &m, 0))
		;
	pthread_mutex_lock(&tl_lib.lock);
	tl_handles_each(OBJ_CALL, forget_calls, NULL);
	tl_handle_free(line.handle);
	pthread_mutex_unlock(&tl_lib.lock);
	return 0;
}
