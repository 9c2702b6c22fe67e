/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The call objects' internals (call.c), shared with call control
 * (callctl.c) and with nothing else. Functions that say so must be called
 * with line->tdev.lock held, as their comments in call.c say.
 */
#ifndef _TAPI_CALL_H
#define _TAPI_CALL_H

#include "tapi_core.h"

/* One media mode bit among TAPI's, or 0 where the caller allows it. */
static inline bool tapi_one_media_mode(u32 m)
{
	return m && !(m & ~TAPI_MEDIA_ALL) && !(m & (m - 1));
}

int tapi_call_slot(struct tapi_line *line, u32 id);
unsigned int tapi_call_holders(struct tapi_line *line, int slot, u8 priv);
unsigned int tapi_call_owners(struct tapi_line *line, int slot);
void tapi_call_notify(struct tapi_line *line, int slot);
void tapi_call_describe(const struct tapi_call *c, u32 priv,
			struct tapi_call_info *info);
void tapi_call_end(struct tapi_line *line, int slot);
void tapi_call_set_state(struct tapi_line *line, int slot, u32 state,
			 u32 detail);
void tapi_call_wake(struct tapi_line *line);
int tapi_call_alloc(struct tapi_line *line);
void tapi_call_add_monitors(struct tapi_line *line, int slot);
struct tapi_line_file *tapi_call_route(struct tapi_line *line, u32 media_mode,
				       struct tapi_line_file *skip);
int tapi_call_for(struct tapi_line_file *tf, u32 call_id, bool need_owner);
void tapi_call_tell_info(struct tapi_line *line, int slot, u32 what);
void tapi_call_teardown(struct tapi_line *line, u32 id);

#endif /* _TAPI_CALL_H */
