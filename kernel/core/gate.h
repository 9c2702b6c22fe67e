/* SPDX-License-Identifier: GPL-2.0-only */
/* The one gate for driver calls (gate.c). */
#ifndef _TAPI_GATE_H
#define _TAPI_GATE_H

#include <linux/types.h>

struct tapi_device;
struct tapi_line;
struct tapi_phone;
struct tapi_phone_set;

int tapi_gate_lock(struct tapi_device *tdev);
int tapi_gate_lock_always(struct tapi_device *tdev);
void tapi_gate_unlock(struct tapi_device *tdev);
void tapi_gate_close(struct tapi_device *tdev);

int tapi_drv_make_call(struct tapi_line *line, u32 id, const char *dial, u32 media);
int tapi_drv_dial(struct tapi_line *line, u32 id, const char *dial);
int tapi_drv_answer(struct tapi_line *line, u32 id);
int tapi_drv_hold(struct tapi_line *line, u32 id, bool hold);
void tapi_drv_drop(struct tapi_line *line, u32 id);
int tapi_drv_set_treatment(struct tapi_line *line, u32 id, u32 treatment);
int tapi_drv_set_msg_wait(struct tapi_line *line, bool on);
int tapi_drv_phone_set(struct tapi_phone *ph, const struct tapi_phone_set *req);

#endif /* _TAPI_GATE_H */
