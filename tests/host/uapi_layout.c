// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pins the layout of every uAPI structure. Compiled with -m64 and -m32 by
 * make check: the layout must be identical for both (so the kernel needs no
 * compat translation) and must never change once released. -Wpadded makes
 * any implicit padding an error.
 */
#include <stddef.h>
#include <linux/tapi.h>
#include <linux/utapi.h>

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
/* each event's parameters by name: param[0..3], the same bytes (1.10) */
LAYOUT(tapi_event, overflow.lost_lo, 24);
LAYOUT(tapi_event, overflow.lost_hi, 28);
LAYOUT(tapi_event, overflow.reserved, 32);
SIZE(tapi_ev_overflow, 16);
LAYOUT(tapi_event, ring.ring, 24);
LAYOUT(tapi_event, ring.reserved, 28);
SIZE(tapi_ev_ring, 16);
LAYOUT(tapi_event, digit.digit, 24);
LAYOUT(tapi_event, digit.how, 28);
LAYOUT(tapi_event, digit.edge, 32);
LAYOUT(tapi_event, digit.age_us, 36);
SIZE(tapi_ev_digit, 16);
LAYOUT(tapi_event, generate.what, 24);
LAYOUT(tapi_event, generate.result, 28);
LAYOUT(tapi_event, generate.tag, 32);
LAYOUT(tapi_event, generate.reserved, 36);
SIZE(tapi_ev_generate, 16);
LAYOUT(tapi_event, call_state.state, 24);
LAYOUT(tapi_event, call_state.detail, 28);
LAYOUT(tapi_event, call_state.privilege, 32);
LAYOUT(tapi_event, call_state.media_mode, 36);
SIZE(tapi_ev_call_state, 16);
LAYOUT(tapi_event, gather.why, 24);
LAYOUT(tapi_event, gather.count, 28);
LAYOUT(tapi_event, gather.tag, 32);
LAYOUT(tapi_event, gather.reserved, 36);
SIZE(tapi_ev_gather, 16);
LAYOUT(tapi_event, media.media_mode, 24);
LAYOUT(tapi_event, media.signal, 28);
LAYOUT(tapi_event, media.reserved, 32);
LAYOUT(tapi_event, media.age_us, 36);
SIZE(tapi_ev_media, 16);
LAYOUT(tapi_event, tone.tag, 24);
LAYOUT(tapi_event, tone.index, 28);
LAYOUT(tapi_event, tone.reserved, 32);
LAYOUT(tapi_event, tone.age_us, 36);
SIZE(tapi_ev_tone, 16);
LAYOUT(tapi_event, call_info.what, 24);
LAYOUT(tapi_event, call_info.reserved, 28);
SIZE(tapi_ev_call_info, 16);
LAYOUT(tapi_event, line_state.what, 24);
LAYOUT(tapi_event, line_state.open_files, 28);
LAYOUT(tapi_event, line_state.reserved, 32);
SIZE(tapi_ev_line_state, 16);
LAYOUT(tapi_event, hook.hook, 24);
LAYOUT(tapi_event, hook.flash_ms, 28);
LAYOUT(tapi_event, hook.reserved, 32);
SIZE(tapi_ev_hook, 16);
LAYOUT(tapi_event, phone_button.button, 24);
LAYOUT(tapi_event, phone_button.mode, 28);
LAYOUT(tapi_event, phone_button.state, 32);
LAYOUT(tapi_event, phone_button.reserved, 36);
SIZE(tapi_ev_phone_button, 16);
LAYOUT(tapi_event, phone_state.what, 24);
LAYOUT(tapi_event, phone_state.value, 28);
LAYOUT(tapi_event, phone_state.value2, 32);
LAYOUT(tapi_event, phone_state.reserved, 36);
SIZE(tapi_ev_phone_state, 16);
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

LAYOUT(tapi_privileges, privileges, 0);
LAYOUT(tapi_privileges, media_modes, 4);
LAYOUT(tapi_privileges, priority, 8);
LAYOUT(tapi_privileges, reserved, 12);
SIZE(tapi_privileges, 32);

LAYOUT(tapi_make_call, call_id, 0);
LAYOUT(tapi_make_call, media_mode, 4);
LAYOUT(tapi_make_call, flags, 8);
LAYOUT(tapi_make_call, reserved, 12);
LAYOUT(tapi_make_call, dial, 32);
SIZE(tapi_make_call, 96);

LAYOUT(tapi_dial, call_id, 0);
LAYOUT(tapi_dial, flags, 4);
LAYOUT(tapi_dial, reserved, 8);
LAYOUT(tapi_dial, dial, 32);
SIZE(tapi_dial, 96);

LAYOUT(tapi_call_op, call_id, 0);
LAYOUT(tapi_call_op, flags, 4);
LAYOUT(tapi_call_op, reserved, 8);
SIZE(tapi_call_op, 16);

LAYOUT(tapi_call_privilege, call_id, 0);
LAYOUT(tapi_call_privilege, privilege, 4);
LAYOUT(tapi_call_privilege, reserved, 8);
SIZE(tapi_call_privilege, 16);

LAYOUT(tapi_handoff, call_id, 0);
LAYOUT(tapi_handoff, media_mode, 4);
LAYOUT(tapi_handoff, reserved, 8);
SIZE(tapi_handoff, 16);

LAYOUT(tapi_call_list, ids, 0);
LAYOUT(tapi_call_list, count, 8);
LAYOUT(tapi_call_list, flags, 12);
LAYOUT(tapi_call_list, reserved, 16);
SIZE(tapi_call_list, 32);

LAYOUT(tapi_call_info, call_id, 0);
LAYOUT(tapi_call_info, flags, 4);
LAYOUT(tapi_call_info, state, 8);
LAYOUT(tapi_call_info, detail, 12);
LAYOUT(tapi_call_info, privilege, 16);
LAYOUT(tapi_call_info, media_mode, 20);
LAYOUT(tapi_call_info, origin, 24);
LAYOUT(tapi_call_info, reserved0, 28);
LAYOUT(tapi_call_info, created_ns, 32);
LAYOUT(tapi_call_info, state_ns, 40);
LAYOUT(tapi_call_info, connected_ns, 48);
LAYOUT(tapi_call_info, caller, 56);
LAYOUT(tapi_call_info, called, 88);
LAYOUT(tapi_call_info, caller_name, 152);
LAYOUT(tapi_call_info, caller_flags, 184);
LAYOUT(tapi_call_info, cid_month, 188);
LAYOUT(tapi_call_info, cid_minute, 191);
LAYOUT(tapi_call_info, app_specific, 192);
LAYOUT(tapi_call_info, treatment, 196);
LAYOUT(tapi_call_info, call_data_size, 200);
LAYOUT(tapi_call_info, num_owners, 204);
LAYOUT(tapi_call_info, num_monitors, 208);
LAYOUT(tapi_call_info, reserved, 212);
SIZE(tapi_call_info, 216);

LAYOUT(tapi_call_set, call_id, 0);
LAYOUT(tapi_call_set, what, 4);
LAYOUT(tapi_call_set, app_specific, 8);
LAYOUT(tapi_call_set, media_mode, 12);
LAYOUT(tapi_call_set, treatment, 16);
LAYOUT(tapi_call_set, data_size, 20);
LAYOUT(tapi_call_set, data, 24);
LAYOUT(tapi_call_set, reserved, 32);
SIZE(tapi_call_set, 48);

LAYOUT(tapi_call_data, call_id, 0);
LAYOUT(tapi_call_data, size, 4);
LAYOUT(tapi_call_data, data, 8);
LAYOUT(tapi_call_data, reserved, 16);
SIZE(tapi_call_data, 24);

LAYOUT(tapi_handoff_name, call_id, 0);
LAYOUT(tapi_handoff_name, flags, 4);
LAYOUT(tapi_handoff_name, name, 8);
LAYOUT(tapi_handoff_name, reserved, 72);
SIZE(tapi_handoff_name, 80);

LAYOUT(tapi_file_name, name, 0);
LAYOUT(tapi_file_name, reserved, 64);
SIZE(tapi_file_name, 72);

LAYOUT(tapi_media_rule, kind, 0);
LAYOUT(tapi_media_rule, match, 4);
LAYOUT(tapi_media_rule, modes, 8);
LAYOUT(tapi_media_rule, action, 12);
SIZE(tapi_media_rule, 16);

LAYOUT(tapi_media_control, call_id, 0);
LAYOUT(tapi_media_control, count, 4);
LAYOUT(tapi_media_control, reserved, 8);
LAYOUT(tapi_media_control, rules, 16);
SIZE(tapi_media_control, 272);

LAYOUT(tapi_line_set, what, 0);
LAYOUT(tapi_line_set, value, 4);
LAYOUT(tapi_line_set, reserved, 8);
SIZE(tapi_line_set, 16);

LAYOUT(tapi_gather_digits, call_id, 0);
LAYOUT(tapi_gather_digits, mode, 4);
LAYOUT(tapi_gather_digits, max_digits, 8);
LAYOUT(tapi_gather_digits, first_ms, 12);
LAYOUT(tapi_gather_digits, inter_ms, 16);
LAYOUT(tapi_gather_digits, tag, 20);
LAYOUT(tapi_gather_digits, reserved, 24);
LAYOUT(tapi_gather_digits, term_digits, 32);
SIZE(tapi_gather_digits, 64);

LAYOUT(tapi_gather_result, tag, 0);
LAYOUT(tapi_gather_result, reason, 4);
LAYOUT(tapi_gather_result, count, 8);
LAYOUT(tapi_gather_result, reserved, 12);
LAYOUT(tapi_gather_result, digits, 32);
SIZE(tapi_gather_result, 96);

LAYOUT(tapi_tone_segment, freq1, 0);
LAYOUT(tapi_tone_segment, freq2, 2);
LAYOUT(tapi_tone_segment, ms, 4);
LAYOUT(tapi_tone_segment, reserved, 6);
SIZE(tapi_tone_segment, 8);

LAYOUT(tapi_generate_tone, call_id, 0);
LAYOUT(tapi_generate_tone, tone, 4);
LAYOUT(tapi_generate_tone, duration_ms, 8);
LAYOUT(tapi_generate_tone, tag, 12);
LAYOUT(tapi_generate_tone, level1, 16);
LAYOUT(tapi_generate_tone, level2, 18);
LAYOUT(tapi_generate_tone, nseg, 20);
LAYOUT(tapi_generate_tone, repeat, 22);
LAYOUT(tapi_generate_tone, zone, 24);
LAYOUT(tapi_generate_tone, reserved, 28);
LAYOUT(tapi_generate_tone, seg, 40);
SIZE(tapi_generate_tone, 104);

LAYOUT(tapi_monitor_media, call_id, 0);
LAYOUT(tapi_monitor_media, media_modes, 4);
LAYOUT(tapi_monitor_media, reserved, 8);
SIZE(tapi_monitor_media, 16);

LAYOUT(tapi_line_status, flags, 0);
LAYOUT(tapi_line_status, status, 4);
LAYOUT(tapi_line_status, num_opens, 8);
LAYOUT(tapi_line_status, num_owners, 12);
LAYOUT(tapi_line_status, num_monitors, 16);
LAYOUT(tapi_line_status, open_media_modes, 20);
LAYOUT(tapi_line_status, num_calls, 24);
LAYOUT(tapi_line_status, num_active, 28);
LAYOUT(tapi_line_status, num_offering, 32);
LAYOUT(tapi_line_status, num_onhold, 36);
LAYOUT(tapi_line_status, rings, 40);
LAYOUT(tapi_line_status, hook, 44);
LAYOUT(tapi_line_status, num_rings, 48);
LAYOUT(tapi_line_status, reserved, 52);
SIZE(tapi_line_status, 64);

LAYOUT(tapi_status_events, line_states, 0);
LAYOUT(tapi_status_events, reserved, 4);
SIZE(tapi_status_events, 16);

LAYOUT(tapi_tone_watch, tag, 0);
LAYOUT(tapi_tone_watch, duration_ms, 4);
LAYOUT(tapi_tone_watch, freq, 8);
LAYOUT(tapi_tone_watch, reserved, 14);
SIZE(tapi_tone_watch, 16);

LAYOUT(tapi_monitor_tones, call_id, 0);
LAYOUT(tapi_monitor_tones, count, 4);
LAYOUT(tapi_monitor_tones, reserved, 8);
LAYOUT(tapi_monitor_tones, tones, 16);
SIZE(tapi_monitor_tones, 80);

LAYOUT(tapi_monitor_digits, call_id, 0);
LAYOUT(tapi_monitor_digits, modes, 4);
LAYOUT(tapi_monitor_digits, reserved, 8);
SIZE(tapi_monitor_digits, 16);

/* TAPI 2.2's values, which libtapi passes through unchanged. */
_Static_assert(TAPI_CALL_CONNECTED == 0x100 && TAPI_CALL_DISCONNECTED == 0x4000,
	       "LINECALLSTATE_");
_Static_assert(TAPI_PRIV_OWNER == 4 && TAPI_MEDIA_G3FAX == 0x20 &&
	       TAPI_DISCONNECT_BADADDRESS == 0x80, "TAPI values");

/* The ioctl numbers are ABI too. */
_Static_assert(TAPI_IOC_SET_PRIVILEGES == 0x4020b903u, "TAPI_IOC_SET_PRIVILEGES");
_Static_assert(TAPI_IOC_SET_CALL == 0x4030b917u, "TAPI_IOC_SET_CALL");
_Static_assert(TAPI_IOC_CALL_DATA == 0xc018b918u, "TAPI_IOC_CALL_DATA");
_Static_assert(TAPI_IOC_HANDOFF_NAME == 0x4050b919u, "TAPI_IOC_HANDOFF_NAME");
_Static_assert(TAPI_IOC_SET_NAME == 0x4048b91au, "TAPI_IOC_SET_NAME");
_Static_assert(TAPI_IOC_SET_NUM_RINGS == 0x4004b91bu, "TAPI_IOC_SET_NUM_RINGS");
_Static_assert(TAPI_IOC_SET_LINE == 0x4010b91cu, "TAPI_IOC_SET_LINE");
_Static_assert(TAPI_IOC_MEDIA_CONTROL == 0x4110b91du, "TAPI_IOC_MEDIA_CONTROL");
_Static_assert(TAPI_IOC_MAKE_CALL == 0xc060b904u, "TAPI_IOC_MAKE_CALL");
_Static_assert(TAPI_IOC_DIAL == 0x4060b905u, "TAPI_IOC_DIAL");
_Static_assert(TAPI_IOC_ANSWER == 0x4010b906u, "TAPI_IOC_ANSWER");
_Static_assert(TAPI_IOC_ACCEPT == 0x4010b907u, "TAPI_IOC_ACCEPT");
_Static_assert(TAPI_IOC_DROP == 0x4010b908u, "TAPI_IOC_DROP");
_Static_assert(TAPI_IOC_SET_CALL_PRIVILEGE == 0x4010b909u, "TAPI_IOC_SET_CALL_PRIVILEGE");
_Static_assert(TAPI_IOC_HANDOFF == 0x4010b90au, "TAPI_IOC_HANDOFF");
_Static_assert(TAPI_IOC_LIST_CALLS == 0xc020b90bu, "TAPI_IOC_LIST_CALLS");
_Static_assert(TAPI_IOC_CALL_INFO == 0xc0d8b90cu, "TAPI_IOC_CALL_INFO");
_Static_assert(TAPI_IOC_GATHER_DIGITS == 0x4040b90du, "TAPI_IOC_GATHER_DIGITS");
_Static_assert(TAPI_IOC_GATHER_RESULT == 0xc060b90eu, "TAPI_IOC_GATHER_RESULT");
_Static_assert(TAPI_IOC_GENERATE_TONE == 0x4068b90fu, "TAPI_IOC_GENERATE_TONE");
_Static_assert(TAPI_IOC_MONITOR_MEDIA == 0x4010b910u, "TAPI_IOC_MONITOR_MEDIA");
_Static_assert(TAPI_IOC_LINE_STATUS == 0xc040b911u, "TAPI_IOC_LINE_STATUS");
_Static_assert(TAPI_IOC_MONITOR_TONES == 0x4050b912u, "TAPI_IOC_MONITOR_TONES");
_Static_assert(TAPI_IOC_MONITOR_DIGITS == 0x4010b913u, "TAPI_IOC_MONITOR_DIGITS");
_Static_assert(TAPI_IOC_HOLD == 0x4010b914u, "TAPI_IOC_HOLD");
_Static_assert(TAPI_IOC_UNHOLD == 0x4010b915u, "TAPI_IOC_UNHOLD");
_Static_assert(TAPI_IOC_SET_STATUS_EVENTS == 0x4010b916u, "TAPI_IOC_SET_STATUS_EVENTS");
_Static_assert(TAPI_LINESTATE_OPEN == 0x200 && TAPI_LINESTATE_CLOSE == 0x400 &&
	       TAPI_LINESTATE_INSERVICE == 0x40 && TAPI_LINESTATE_OUTOFSERVICE == 0x80 &&
	       TAPI_LINESTATE_REMOVED == 0x1000000, "LINEDEVSTATE_");
_Static_assert(TAPI_DIGITMODE_PULSE == 1, "LINEDIGITMODE_PULSE");
_Static_assert(TAPI_PARTYID_BLOCKED == 1 && TAPI_PARTYID_OUTOFAREA == 2 &&
	       TAPI_PARTYID_NAME == 4 && TAPI_PARTYID_ADDRESS == 8, "LINECALLPARTYID_");
_Static_assert(TAPI_SPECIALINFO_CUSTIRREG == 2 && TAPI_SPECIALINFO_UNAVAIL == 0x10,
	       "LINESPECIALINFO_");
_Static_assert(TAPI_DIGITMODE_DTMF == 2 && TAPI_DIGITMODE_DTMFEND == 4, "LINEDIGITMODE_");
_Static_assert(TAPI_TONE_BUSY == 4 && TAPI_TONE_BEEP == 8, "LINETONEMODE_");
_Static_assert(TAPI_GATHER_TERMDIGIT == 2 && TAPI_GATHER_CANCEL == 0x20, "LINEGATHERTERM_");
_Static_assert(TAPI_IOC_GET_LINE_INFO == 0xc0b8b900u, "TAPI_IOC_GET_LINE_INFO");
_Static_assert(TAPI_IOC_AUDIO_OPEN == 0xc028b901u, "TAPI_IOC_AUDIO_OPEN");
_Static_assert(TAPI_IOC_AUDIO_STATS == 0x8040b940u, "TAPI_IOC_AUDIO_STATS");
_Static_assert(TAPI_IOC_GENERATE_DIGITS == 0x4040b902u, "TAPI_IOC_GENERATE_DIGITS");

int main(void)
{
	return 0;
}

LAYOUT(tapi_phone_info, flags, 0);
LAYOUT(tapi_phone_info, phone_id, 4);
LAYOUT(tapi_phone_info, line_id, 8);
LAYOUT(tapi_phone_info, hookswitch_devs, 12);
LAYOUT(tapi_phone_info, hookswitch_modes, 16);
LAYOUT(tapi_phone_info, display_rows, 28);
LAYOUT(tapi_phone_info, display_cols, 32);
LAYOUT(tapi_phone_info, num_buttons, 36);
LAYOUT(tapi_phone_info, num_ring_modes, 40);
LAYOUT(tapi_phone_info, event_queue_len, 44);
LAYOUT(tapi_phone_info, reserved, 48);
LAYOUT(tapi_phone_info, name, 72);
LAYOUT(tapi_phone_info, driver, 136);
SIZE(tapi_phone_info, 168);

LAYOUT(tapi_phone_status, flags, 0);
LAYOUT(tapi_phone_status, hookswitch, 4);
LAYOUT(tapi_phone_status, ring_mode, 16);
LAYOUT(tapi_phone_status, ring_volume, 20);
LAYOUT(tapi_phone_status, volume, 24);
LAYOUT(tapi_phone_status, gain, 36);
LAYOUT(tapi_phone_status, owners, 48);
LAYOUT(tapi_phone_status, monitors, 52);
LAYOUT(tapi_phone_status, reserved, 56);
LAYOUT(tapi_phone_status, display, 72);
SIZE(tapi_phone_status, 328);

LAYOUT(tapi_phone_set, what, 0);
LAYOUT(tapi_phone_set, index, 4);
LAYOUT(tapi_phone_set, value, 8);
LAYOUT(tapi_phone_set, value2, 12);
LAYOUT(tapi_phone_set, reserved, 16);
LAYOUT(tapi_phone_set, text, 32);
SIZE(tapi_phone_set, 288);

LAYOUT(tapi_phone_button, button, 0);
LAYOUT(tapi_phone_button, mode, 4);
LAYOUT(tapi_phone_button, function, 8);
LAYOUT(tapi_phone_button, state, 12);
LAYOUT(tapi_phone_button, lamp_modes, 16);
LAYOUT(tapi_phone_button, lamp, 20);
LAYOUT(tapi_phone_button, reserved, 24);
LAYOUT(tapi_phone_button, text, 32);
SIZE(tapi_phone_button, 64);

LAYOUT(tapi_phone_events, phone_states, 0);
LAYOUT(tapi_phone_events, button_modes, 4);
LAYOUT(tapi_phone_events, button_states, 8);
LAYOUT(tapi_phone_events, reserved, 12);
SIZE(tapi_phone_events, 32);

/* /dev/utapi (uapi/linux/utapi.h), 1.0 */
LAYOUT(utapi_line_create, version, 0);
LAYOUT(utapi_line_create, ops, 4);
LAYOUT(utapi_line_create, line_type, 8);
LAYOUT(utapi_line_create, timeout_ms, 12);
LAYOUT(utapi_line_create, caps, 16);
LAYOUT(utapi_line_create, name, 24);
LAYOUT(utapi_line_create, driver, 88);
LAYOUT(utapi_line_create, address, 120);
LAYOUT(utapi_line_create, dev, 152);
LAYOUT(utapi_line_create, line_id, 156);
LAYOUT(utapi_line_create, reserved, 160);
SIZE(utapi_line_create, 192);

LAYOUT(utapi_phone_create, version, 0);
LAYOUT(utapi_phone_create, line_dev, 4);
LAYOUT(utapi_phone_create, hookswitch_devs, 8);
LAYOUT(utapi_phone_create, hookswitch_modes, 12);
LAYOUT(utapi_phone_create, display_rows, 24);
LAYOUT(utapi_phone_create, display_cols, 28);
LAYOUT(utapi_phone_create, num_buttons, 32);
LAYOUT(utapi_phone_create, num_ring_modes, 36);
LAYOUT(utapi_phone_create, timeout_ms, 40);
LAYOUT(utapi_phone_create, flags, 44);
LAYOUT(utapi_phone_create, buttons, 48);
LAYOUT(utapi_phone_create, name, 56);
LAYOUT(utapi_phone_create, driver, 120);
LAYOUT(utapi_phone_create, dev, 152);
LAYOUT(utapi_phone_create, phone_id, 156);
LAYOUT(utapi_phone_create, reserved, 160);
SIZE(utapi_phone_create, 192);

LAYOUT(utapi_request, type, 0);
LAYOUT(utapi_request, dev, 4);
LAYOUT(utapi_request, seq, 8);
LAYOUT(utapi_request, call_id, 16);
LAYOUT(utapi_request, value, 20);
LAYOUT(utapi_request, media_mode, 24);
LAYOUT(utapi_request, reserved, 28);
LAYOUT(utapi_request, dial, 32);
LAYOUT(utapi_request, phone_set, 32);
LAYOUT(utapi_request, raw, 32);
SIZE(utapi_request, 320);

LAYOUT(utapi_reply, seq, 0);
LAYOUT(utapi_reply, result, 8);
LAYOUT(utapi_reply, reserved, 12);
SIZE(utapi_reply, 32);

LAYOUT(utapi_call_new, dev, 0);
LAYOUT(utapi_call_new, how, 4);
LAYOUT(utapi_call_new, media_mode, 8);
LAYOUT(utapi_call_new, origin, 12);
LAYOUT(utapi_call_new, caller, 16);
LAYOUT(utapi_call_new, called, 48);
LAYOUT(utapi_call_new, call_id, 112);
LAYOUT(utapi_call_new, reserved, 116);
SIZE(utapi_call_new, 144);

LAYOUT(utapi_call_state, dev, 0);
LAYOUT(utapi_call_state, call_id, 4);
LAYOUT(utapi_call_state, state, 8);
LAYOUT(utapi_call_state, detail, 12);
LAYOUT(utapi_call_state, reserved, 16);
SIZE(utapi_call_state, 32);

LAYOUT(utapi_caller_id, dev, 0);
LAYOUT(utapi_caller_id, call_id, 4);
LAYOUT(utapi_caller_id, flags, 8);
LAYOUT(utapi_caller_id, month, 12);
LAYOUT(utapi_caller_id, day, 13);
LAYOUT(utapi_caller_id, hour, 14);
LAYOUT(utapi_caller_id, minute, 15);
LAYOUT(utapi_caller_id, number, 16);
LAYOUT(utapi_caller_id, name, 48);
LAYOUT(utapi_caller_id, reserved, 80);
SIZE(utapi_caller_id, 96);

LAYOUT(utapi_event, dev, 0);
LAYOUT(utapi_event, type, 4);
LAYOUT(utapi_event, call_id, 8);
LAYOUT(utapi_event, param, 12);
LAYOUT(utapi_event, reserved, 28);
SIZE(utapi_event, 48);

LAYOUT(utapi_phone_update, dev, 0);
LAYOUT(utapi_phone_update, reserved, 4);
LAYOUT(utapi_phone_update, change, 16);
SIZE(utapi_phone_update, 304);

LAYOUT(utapi_phone_button, dev, 0);
LAYOUT(utapi_phone_button, button, 4);
LAYOUT(utapi_phone_button, state, 8);
LAYOUT(utapi_phone_button, reserved, 12);
SIZE(utapi_phone_button, 32);

LAYOUT(utapi_audio_open, dev, 0);
LAYOUT(utapi_audio_open, flags, 4);
LAYOUT(utapi_audio_open, jitter_min_ms, 8);
LAYOUT(utapi_audio_open, jitter_max_ms, 12);
LAYOUT(utapi_audio_open, fd, 16);
LAYOUT(utapi_audio_open, reserved, 20);
SIZE(utapi_audio_open, 48);

LAYOUT(utapi_audio_stats, rx_samples, 0);
LAYOUT(utapi_audio_stats, tx_samples, 8);
LAYOUT(utapi_audio_stats, underruns, 16);
LAYOUT(utapi_audio_stats, overruns, 24);
LAYOUT(utapi_audio_stats, late, 32);
LAYOUT(utapi_audio_stats, tx_overruns, 40);
LAYOUT(utapi_audio_stats, adjustments, 48);
LAYOUT(utapi_audio_stats, depth_ms, 56);
LAYOUT(utapi_audio_stats, target_ms, 60);
LAYOUT(utapi_audio_stats, max_depth_ms, 64);
LAYOUT(utapi_audio_stats, reserved, 68);
SIZE(utapi_audio_stats, 88);
