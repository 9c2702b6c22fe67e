// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pins the layout of every uAPI structure. Compiled with -m64 and -m32 by
 * make check: the layout must be identical for both (so the kernel needs no
 * compat translation) and must never change once released. -Wpadded makes
 * any implicit padding an error.
 */
#include <stddef.h>
#include <linux/tapi.h>

#define LAYOUT(type, field, off) \
	_Static_assert(offsetof(struct type, field) == (off), #type "." #field)
#define SIZE(type, size) \
	_Static_assert(sizeof(struct type) == (size), "sizeof " #type)

LAYOUT(tapi_line_info, api_version, 0);
LAYOUT(tapi_line_info, line_id, 4);
LAYOUT(tapi_line_info, line_type, 8);
LAYOUT(tapi_line_info, flags, 12);
LAYOUT(tapi_line_info, caps, 16);
LAYOUT(tapi_line_info, name, 24);
LAYOUT(tapi_line_info, driver, 88);
LAYOUT(tapi_line_info, address, 120);
LAYOUT(tapi_line_info, event_queue_len, 152);
LAYOUT(tapi_line_info, reserved, 156);
SIZE(tapi_line_info, 184);

LAYOUT(tapi_event, type, 0);
LAYOUT(tapi_event, call_id, 4);
LAYOUT(tapi_event, timestamp_ns, 8);
LAYOUT(tapi_event, seq, 16);
LAYOUT(tapi_event, param, 24);
LAYOUT(tapi_event, reserved, 40);
SIZE(tapi_event, 48);

LAYOUT(tapi_audio_open, call_id, 0);
LAYOUT(tapi_audio_open, format, 4);
LAYOUT(tapi_audio_open, chunk_ms, 8);
LAYOUT(tapi_audio_open, flags, 12);
LAYOUT(tapi_audio_open, fd, 16);
LAYOUT(tapi_audio_open, reserved, 20);
SIZE(tapi_audio_open, 40);

LAYOUT(tapi_audio_stats, rx_samples, 0);
LAYOUT(tapi_audio_stats, tx_samples, 8);
LAYOUT(tapi_audio_stats, overruns, 16);
LAYOUT(tapi_audio_stats, underruns, 24);
LAYOUT(tapi_audio_stats, reserved, 32);
SIZE(tapi_audio_stats, 64);

LAYOUT(tapi_generate_digits, call_id, 0);
LAYOUT(tapi_generate_digits, mode, 4);
LAYOUT(tapi_generate_digits, on_ms, 8);
LAYOUT(tapi_generate_digits, off_ms, 12);
LAYOUT(tapi_generate_digits, level, 16);
LAYOUT(tapi_generate_digits, tag, 20);
LAYOUT(tapi_generate_digits, reserved, 24);
LAYOUT(tapi_generate_digits, digits, 32);
SIZE(tapi_generate_digits, 64);

/* The ioctl numbers are ABI too. */
_Static_assert(TAPI_IOC_GET_LINE_INFO == 0xc0b8b900u, "TAPI_IOC_GET_LINE_INFO");
_Static_assert(TAPI_IOC_AUDIO_OPEN == 0xc028b901u, "TAPI_IOC_AUDIO_OPEN");
_Static_assert(TAPI_IOC_AUDIO_STATS == 0x8040b940u, "TAPI_IOC_AUDIO_STATS");
_Static_assert(TAPI_IOC_GENERATE_DIGITS == 0x4040b902u, "TAPI_IOC_GENERATE_DIGITS");

int main(void)
{
	return 0;
}
