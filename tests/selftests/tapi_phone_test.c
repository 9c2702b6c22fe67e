// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest for the telephones on tapi_sim's lines as phone devices
 * (/dev/tapiphoneN): what a phone says of itself and its line, owners
 * changing it and monitors seeing it, and the handset and keypad making a
 * call that the other telephone's ringer and display follow.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tapi.h>

#include "kselftest_harness.h"
#include "call_util.h"
#include "sim_debugfs.h"

static int phone_set(int fd, unsigned int what, unsigned int index, unsigned int value,
		     unsigned int value2, const char *text)
{
	struct tapi_phone_set r = {
		.what = what, .index = index, .value = value, .value2 = value2,
	};

	if (text)
		snprintf(r.text, sizeof(r.text), "%s", text);
	return ioctl(fd, TAPI_IOC_PHONE_SET, &r) ? -errno : 0;
}

static int phone_priv(int fd, uint32_t priv)
{
	return ioctl(fd, TAPI_IOC_PHONE_PRIVILEGE, &priv) ? -errno : 0;
}

static int phone_events(int fd, unsigned int states, unsigned int modes, unsigned int bstates)
{
	struct tapi_phone_events e = {
		.phone_states = states, .button_modes = modes, .button_states = bstates,
	};

	return ioctl(fd, TAPI_IOC_PHONE_EVENTS, &e) ? -errno : 0;
}

static int phone_status(int fd, struct tapi_phone_status *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, TAPI_IOC_PHONE_STATUS, st) ? -errno : 0;
}

/* The next phone state event of @state on @fd within @ms: its param[1], or -1. */
static long long next_phone_state(int fd, unsigned int state, int ms)
{
	struct tapi_event ev;

	while (next_event(fd, TAPI_EVENT_PHONE_STATE, &ev, ms))
		if (ev.param[0] == state)
			return ev.param[1];
	return -1;
}

TEST(a_phone_describes_itself_and_its_line)
{
	struct tapi_phone_info info = { 0 };
	struct tapi_phone_status st;
	struct tapi_phone_button b = { .button = 13 };
	int ph = open_phone(0);

	ASSERT_LE(0, ph);
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_INFO, &info));
	EXPECT_EQ(0, info.line_id);
	EXPECT_STREQ("tapi_sim telephone 1001", info.name);
	EXPECT_STREQ("tapi_sim", info.driver);
	EXPECT_EQ(TAPI_HOOKSWITCH_HANDSET | TAPI_HOOKSWITCH_SPEAKER | TAPI_HOOKSWITCH_HEADSET,
		  info.hookswitch_devs);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK | TAPI_HOOKSWITCH_MICSPEAKER, info.hookswitch_modes[0]);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK | TAPI_HOOKSWITCH_SPEAKERON | TAPI_HOOKSWITCH_MICSPEAKER,
		  info.hookswitch_modes[1]);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK | TAPI_HOOKSWITCH_MICSPEAKER, info.hookswitch_modes[2]);
	EXPECT_EQ(2, info.display_rows);
	EXPECT_EQ(20, info.display_cols);
	EXPECT_EQ(14, info.num_buttons);
	EXPECT_EQ(3, info.num_ring_modes);
	EXPECT_LT(0, info.event_queue_len);

	ASSERT_EQ(0, phone_status(ph, &st));
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK, st.hookswitch[0]);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK, st.hookswitch[1]);
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK, st.hookswitch[2]);
	EXPECT_EQ(0, st.ring_mode);
	EXPECT_EQ(TAPI_PHONE_LEVEL_MAX / 2, st.volume[0]);
	EXPECT_EQ(0, st.owners);
	EXPECT_EQ(1, st.monitors);
	EXPECT_EQ(40, strlen(st.display));
	EXPECT_EQ(40, strspn(st.display, " "));

	/* the keypad's buttons are 0-11, as TAPI numbers them; then flash, messages */
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &b));
	EXPECT_EQ(TAPI_BUTTON_MODE_FEATURE, b.mode);
	EXPECT_EQ(TAPI_BUTTON_FUNCTION_MSGINDICATOR, b.function);
	EXPECT_EQ(TAPI_LAMP_OFF, b.lamp);
	EXPECT_EQ(TAPI_LAMP_OFF | TAPI_LAMP_STEADY | TAPI_LAMP_FLASH, b.lamp_modes);
	EXPECT_STREQ("Messages", b.text);
	b = (struct tapi_phone_button){ .button = 11 };
	ASSERT_EQ(0, ioctl(ph, TAPI_IOC_PHONE_GET_BUTTON, &b));
	EXPECT_EQ(TAPI_BUTTON_MODE_KEYPAD, b.mode);
	EXPECT_EQ(TAPI_BUTTON_UP, b.state);
	EXPECT_EQ(0, b.lamp_modes);
	EXPECT_STREQ("#", b.text);
	/* what it refuses, and the ioctls that are not a phone's: tapi-compliance */
	close(ph);
}

TEST(owners_change_the_phone_and_monitors_see_it)
{
	struct tapi_phone_button b = { .button = 12 };
	struct tapi_phone_status st;
	struct tapi_event ev;
	int own = open_phone(1), mon = open_phone(1);

	ASSERT_LE(0, own);
	ASSERT_LE(0, mon);
	ASSERT_EQ(0, phone_events(mon, TAPI_PHONESTATES, 0, 0));
	/* only owners change it (a monitor's EPERM: tapi-compliance) */
	ASSERT_EQ(0, phone_priv(own, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, phone_status(mon, &st));
	EXPECT_EQ(1, st.owners);
	EXPECT_EQ(1, st.monitors);

	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_RING, 0, 2, 0x8000, NULL));
	ASSERT_EQ(1, next_event(mon, TAPI_EVENT_PHONE_STATE, &ev, 1000));
	EXPECT_EQ(TAPI_PHONESTATE_RINGMODE, ev.param[0]);
	EXPECT_EQ(2, ev.param[1]);
	EXPECT_EQ(0x8000, ev.param[2]);
	EXPECT_EQ(0x8000, next_phone_state(mon, TAPI_PHONESTATE_RINGVOLUME, 1000));
	/* the owner asked for nothing: it hears nothing */
	EXPECT_EQ(0, next_event(own, TAPI_EVENT_PHONE_STATE, &ev, 100));
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_RING, 0, 0, 0x8000, NULL));
	EXPECT_EQ(0, next_phone_state(mon, TAPI_PHONESTATE_RINGMODE, 1000));

	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_LAMP, 13, TAPI_LAMP_FLASH, 0, NULL));
	ASSERT_EQ(1, next_event(mon, TAPI_EVENT_PHONE_STATE, &ev, 1000));
	EXPECT_EQ(TAPI_PHONESTATE_LAMP, ev.param[0]);
	EXPECT_EQ(13, ev.param[1]);
	EXPECT_EQ(TAPI_LAMP_FLASH, ev.param[2]);
	b = (struct tapi_phone_button){ .button = 13 };
	ASSERT_EQ(0, ioctl(mon, TAPI_IOC_PHONE_GET_BUTTON, &b));
	EXPECT_EQ(TAPI_LAMP_FLASH, b.lamp);
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_LAMP, 13, TAPI_LAMP_OFF, 0, NULL));

	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_DISPLAY, 1, 5, 0, "Hello"));
	EXPECT_EQ(1, next_phone_state(mon, TAPI_PHONESTATE_DISPLAY, 1000));
	ASSERT_EQ(0, phone_status(mon, &st));
	EXPECT_EQ(0, strncmp(st.display + 25, "Hello", 5));
	EXPECT_EQ(' ', st.display[24]);
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_DISPLAY, 0, 0, 0, ""));
	ASSERT_EQ(0, phone_status(mon, &st));
	EXPECT_EQ(40, strspn(st.display, " "));

	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_VOLUME, TAPI_HOOKSWITCH_HANDSET, 0x1234, 0, NULL));
	EXPECT_EQ(0x1234, next_phone_state(mon, TAPI_PHONESTATE_HANDSETVOLUME, 1000));
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_GAIN, TAPI_HOOKSWITCH_SPEAKER, 0xffff, 0, NULL));
	EXPECT_EQ(0xffff, next_phone_state(mon, TAPI_PHONESTATE_SPEAKERGAIN, 1000));
	ASSERT_EQ(0, phone_status(own, &st));
	EXPECT_EQ(0x1234, st.volume[0]);
	EXPECT_EQ(0xffff, st.gain[1]);
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_VOLUME, TAPI_HOOKSWITCH_HANDSET, 0x7fff, 0, NULL));
	ASSERT_EQ(0, phone_set(own, TAPI_PHONE_SET_GAIN, TAPI_HOOKSWITCH_SPEAKER, 0x7fff, 0, NULL));

	/* a button's label is the owner's to change */
	b = (struct tapi_phone_button){ .button = 12, .mode = TAPI_BUTTON_MODE_FEATURE,
					.function = TAPI_BUTTON_FUNCTION_FLASH, .text = "Recall" };
	ASSERT_EQ(0, ioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b));
	memset(&b, 0, sizeof(b));
	b.button = 12;
	ASSERT_EQ(0, ioctl(mon, TAPI_IOC_PHONE_GET_BUTTON, &b));
	EXPECT_STREQ("Recall", b.text);
	/* what the phone cannot do: tapi-compliance, from its description */
	close(own);
	close(mon);
}

TEST(the_handset_and_keypad_make_a_call_the_ringer_and_display_follow)
{
	struct tapi_phone_status st;
	struct tapi_call_info ci;
	struct tapi_event ev;
	int p0 = open_phone(0), p1 = open_phone(1);
	int a = open_line(LINE_A), b = open_line(LINE_B);
	char keys[8] = "";
	int id, bid, n = 0, ringing = 0, shown = 0;

	ASSERT_LE(0, p0);
	ASSERT_LE(0, p1);
	ASSERT_LE(0, a);
	ASSERT_LE(0, b);
	ASSERT_EQ(0, set_priv(a, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(0, set_priv(b, TAPI_PRIV_MONITOR, 0, 0));
	ASSERT_EQ(0, phone_priv(p0, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, phone_priv(p1, TAPI_PRIV_OWNER));
	ASSERT_EQ(0, phone_events(p0, TAPI_PHONESTATES, TAPI_BUTTON_MODE_KEYPAD, TAPI_BUTTON_DOWN));
	ASSERT_EQ(0, phone_events(p1, TAPI_PHONESTATES, 0, 0));

	/* the handset lifted by its owner: the line is off-hook, dial tone */
	ASSERT_EQ(0, phone_set(p0, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HANDSET,
			       TAPI_HOOKSWITCH_MICSPEAKER, 0, NULL));
	EXPECT_EQ(TAPI_HOOKSWITCH_MICSPEAKER,
		  next_phone_state(p0, TAPI_PHONESTATE_HANDSETHOOKSWITCH, 1000));
	ASSERT_EQ(1, next_event(a, TAPI_EVENT_CALL_STATE, &ev, 3000));
	id = ev.call_id;
	EXPECT_EQ(TAPI_CALL_DIALTONE, ev.param[0]);
	EXPECT_EQ(TAPI_PRIV_MONITOR, ev.param[2]);

	/* the keypad: buttons down (as asked), DTMF the exchange hears */
	ASSERT_EQ(0, sim_write("1001", "hook", "keys 1002"));
	while (n < 4 && next_event(p0, TAPI_EVENT_PHONE_BUTTON, &ev, 1000)) {
		EXPECT_EQ(TAPI_BUTTON_MODE_KEYPAD, ev.param[1]);
		EXPECT_EQ(TAPI_BUTTON_DOWN, ev.param[2]);
		keys[n++] = '0' + ev.param[0];
	}
	EXPECT_STREQ("1002", keys);
	EXPECT_STATE(a, id, TAPI_CALL_DIALING, TAPI_PRIV_MONITOR);
	EXPECT_STATE(a, id, TAPI_CALL_RINGBACK, TAPI_PRIV_MONITOR);
	ASSERT_EQ(1, next_event(b, TAPI_EVENT_CALL_STATE, &ev, 3000));
	bid = ev.call_id;
	EXPECT_EQ(TAPI_CALL_OFFERING, ev.param[0]);

	/* 1002's telephone shows who calls (both rows written), and rings */
	while ((!ringing || !shown) && next_event(p1, TAPI_EVENT_PHONE_STATE, &ev, 3000)) {
		ringing |= ev.param[0] == TAPI_PHONESTATE_RINGMODE && ev.param[1] == 1;
		shown |= ev.param[0] == TAPI_PHONESTATE_DISPLAY && ev.param[1] == 1;
	}
	EXPECT_TRUE(ringing);
	EXPECT_TRUE(shown);
	ASSERT_EQ(0, phone_status(p1, &st));
	EXPECT_EQ(1, st.ring_mode);
	EXPECT_EQ(0, strncmp(st.display, "1001 ", 5)) TH_LOG("display '%s'", st.display);
	EXPECT_EQ(0, strncmp(st.display + 20, "Line 1001", 9));

	/* its speakerphone answers; the ringer stops */
	ASSERT_EQ(0, phone_set(p1, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_SPEAKER,
			       TAPI_HOOKSWITCH_MICSPEAKER, 0, NULL));
	EXPECT_STATE(b, bid, TAPI_CALL_CONNECTED, TAPI_PRIV_MONITOR);
	EXPECT_STATE(a, id, TAPI_CALL_CONNECTED, TAPI_PRIV_MONITOR);
	EXPECT_EQ(0, next_phone_state(p1, TAPI_PHONESTATE_RINGMODE, 1000));
	ASSERT_EQ(0, call_info(b, bid, &ci));
	EXPECT_STREQ("1001", ci.caller);

	/* 1001 puts the handset down: its call ends, 1002's is cleared */
	ASSERT_EQ(0, phone_set(p0, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HANDSET,
			       TAPI_HOOKSWITCH_ONHOOK, 0, NULL));
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK,
		  next_phone_state(p0, TAPI_PHONESTATE_HANDSETHOOKSWITCH, 1000));
	EXPECT_STATE(a, id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR);
	EXPECT_EQ(TAPI_DISCONNECT_NORMAL,
		  EXPECT_STATE(b, bid, TAPI_CALL_DISCONNECTED, TAPI_PRIV_MONITOR));
	/* the display is blank again */
	EXPECT_EQ(0, next_phone_state(p1, TAPI_PHONESTATE_DISPLAY, 1000));
	ASSERT_EQ(0, phone_status(p1, &st));
	EXPECT_EQ(40, strspn(st.display, " "));
	ASSERT_EQ(0, phone_set(p1, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_SPEAKER,
			       TAPI_HOOKSWITCH_ONHOOK, 0, NULL));

	/* the headset takes the line off-hook too, and back */
	ASSERT_EQ(0, phone_set(p0, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HEADSET,
			       TAPI_HOOKSWITCH_MICSPEAKER, 0, NULL));
	ASSERT_EQ(1, next_event(a, TAPI_EVENT_CALL_STATE, &ev, 3000));
	id = ev.call_id;
	EXPECT_EQ(TAPI_CALL_DIALTONE, ev.param[0]);
	ASSERT_EQ(0, phone_set(p0, TAPI_PHONE_SET_HOOKSWITCH, TAPI_HOOKSWITCH_HEADSET,
			       TAPI_HOOKSWITCH_ONHOOK, 0, NULL));
	EXPECT_STATE(a, id, TAPI_CALL_IDLE, TAPI_PRIV_MONITOR);
	drain(p0);

	/* the handset lifted by hand (debugfs) is reported too */
	ASSERT_EQ(0, sim_write("1001", "hook", "off"));
	EXPECT_EQ(TAPI_HOOKSWITCH_MICSPEAKER,
		  next_phone_state(p0, TAPI_PHONESTATE_HANDSETHOOKSWITCH, 1000));
	ASSERT_EQ(0, sim_write("1001", "hook", "on"));
	EXPECT_EQ(TAPI_HOOKSWITCH_ONHOOK,
		  next_phone_state(p0, TAPI_PHONESTATE_HANDSETHOOKSWITCH, 1000));
	/* the exchange hears the on-hook a second later: the call it began ends */
	for (n = 0; n < 10 && next_event(a, TAPI_EVENT_CALL_STATE, &ev, 3000); n++)
		if (ev.param[0] == TAPI_CALL_IDLE)
			break;
	EXPECT_EQ(TAPI_CALL_IDLE, ev.param[0]);
	close(p0);
	close(p1);
	close(a);
	close(b);
}

TEST_HARNESS_MAIN
