// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: a phone device (/dev/tapiphoneN): what it says it is
 * and its state, its buttons, who may change it (owners; monitors get
 * EPERM), the changes an owner makes told to the files that asked, what
 * it refuses, and read()/poll() of its event records. Hookswitch changes
 * are left alone: on a real telephone they would take its line off hook.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"

static int phone_status(int fd, struct tapi_phone_status *st)
{
	memset(st, 0, sizeof(*st));
	return xioctl(fd, TAPI_IOC_PHONE_STATUS, st);
}

static int phone_priv(int fd, uint32_t priv)
{
	return xioctl(fd, TAPI_IOC_PHONE_PRIVILEGE, &priv);
}

static int phone_events(int fd, uint32_t states, uint32_t modes, uint32_t bstates)
{
	struct tapi_phone_events e = {
		.phone_states = states, .button_modes = modes, .button_states = bstates,
	};

	return xioctl(fd, TAPI_IOC_PHONE_EVENTS, &e);
}

static int phone_set(int fd, uint32_t what, uint32_t index, uint32_t value, uint32_t value2,
		     const char *text)
{
	struct tapi_phone_set r = { .what = what, .index = index, .value = value, .value2 = value2 };

	if (text)
		snprintf(r.text, sizeof(r.text), "%s", text);
	return xioctl(fd, TAPI_IOC_PHONE_SET, &r);
}

static int get_button(int fd, uint32_t id, struct tapi_phone_button *b)
{
	memset(b, 0, sizeof(*b));
	b->button = id;
	return xioctl(fd, TAPI_IOC_PHONE_GET_BUTTON, b);
}

static bool one_bit(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* The index of the first hookswitch device the phone has (0-2), or -1. */
static int first_dev(void)
{
	for (int i = 0; i < TAPI_HOOKSWITCH_DEVS; i++)
		if (ctx.pinfo.hookswitch_devs & (1u << i))
			return i;
	return -1;
}

static void info(void)
{
	const struct tapi_phone_info *i = &ctx.pinfo;
	struct tapi_phone_info again = { .flags = 1 };
	char real[PATH_MAX];
	unsigned int n;
	int fd;

	EXPECT(!(i->hookswitch_devs & ~7u), "hookswitch_devs 0x%x", i->hookswitch_devs);
	for (int d = 0; d < TAPI_HOOKSWITCH_DEVS; d++)
		EXPECT(!(i->hookswitch_modes[d] & ~0xfu) &&
		       (!i->hookswitch_modes[d] || (i->hookswitch_devs & (1u << d))),
		       "hookswitch_modes[%d] 0x%x (devices 0x%x)", d, i->hookswitch_modes[d],
		       i->hookswitch_devs);
	EXPECT(i->num_buttons <= TAPI_PHONE_MAX_BUTTONS, "%u buttons", i->num_buttons);
	EXPECT(i->display_rows * i->display_cols < TAPI_PHONE_DISPLAY_MAX &&
	       (!i->display_rows) == (!i->display_cols), "a display of %u rows of %u",
	       i->display_rows, i->display_cols);
	EXPECT(i->event_queue_len > 0, "event_queue_len 0");
	EXPECT(!i->flags, "flags %u returned", i->flags);
	for (size_t k = 0; k < ARRAY_LEN(i->reserved); k++)
		EXPECT(!i->reserved[k], "reserved[%zu] returned as %u", k, i->reserved[k]);
	EXPECT(memchr(i->name, 0, sizeof(i->name)) && i->name[0], "name empty or unterminated");
	EXPECT(memchr(i->driver, 0, sizeof(i->driver)) && i->driver[0],
	       "driver empty or unterminated");
	if (realpath(ctx.phone, real) && sscanf(basename(real), "tapiphone%u", &n) == 1)
		EXPECT(i->phone_id == n, "phone_id %u for %s", i->phone_id, real);
	fd = open_phone(O_NONBLOCK);
	if (!expect_ok(fd, "open"))
		return;
	expect_err(xioctl(fd, TAPI_IOC_PHONE_INFO, &again), EINVAL, "PHONE_INFO flags 1");
	EXPECT(again.flags == 1 && !again.name[0], "a refused PHONE_INFO wrote into the structure");
	memset(&again, 0, sizeof(again));
	expect_reserved(fd, TAPI_IOC_PHONE_INFO, &again, sizeof(again),
			offsetof(struct tapi_phone_info, reserved), ARRAY_LEN(again.reserved),
			"PHONE_INFO");
	if (expect_ok(xioctl(fd, TAPI_IOC_PHONE_INFO, &again), "PHONE_INFO"))
		EXPECT(!memcmp(&again, i, sizeof(again)), "a second file was told other things");
	close(fd);
}

static void status(void)
{
	const struct tapi_phone_info *i = &ctx.pinfo;
	struct tapi_phone_status st, st2 = { .flags = 1 };
	int fd = open_phone(O_NONBLOCK), fd2;

	if (!expect_ok(fd, "open"))
		return;
	expect_err(xioctl(fd, TAPI_IOC_PHONE_STATUS, &st2), EINVAL, "PHONE_STATUS flags 1");
	memset(&st2, 0, sizeof(st2));
	expect_reserved(fd, TAPI_IOC_PHONE_STATUS, &st2, sizeof(st2),
			offsetof(struct tapi_phone_status, reserved), ARRAY_LEN(st2.reserved),
			"PHONE_STATUS");
	if (!expect_ok(phone_status(fd, &st), "PHONE_STATUS"))
		goto out;
	for (int d = 0; d < TAPI_HOOKSWITCH_DEVS; d++) {
		if (i->hookswitch_devs & (1u << d))
			EXPECT(one_bit(st.hookswitch[d]), "hookswitch[%d] mode 0x%x", d,
			       st.hookswitch[d]);
		else
			EXPECT(!st.hookswitch[d], "hookswitch[%d] 0x%x for a device it lacks", d,
			       st.hookswitch[d]);
		EXPECT(st.volume[d] <= TAPI_PHONE_LEVEL_MAX && st.gain[d] <= TAPI_PHONE_LEVEL_MAX,
		       "device %d: volume 0x%x, gain 0x%x", d, st.volume[d], st.gain[d]);
	}
	EXPECT(st.ring_mode <= i->num_ring_modes, "ring mode %u of %u", st.ring_mode,
	       i->num_ring_modes);
	EXPECT(st.ring_volume <= TAPI_PHONE_LEVEL_MAX, "ring volume 0x%x", st.ring_volume);
	EXPECT(strlen(st.display) == i->display_rows * i->display_cols,
	       "the display holds %zu characters, %u rows of %u", strlen(st.display),
	       i->display_rows, i->display_cols);
	EXPECT(st.monitors >= 1, "%u monitors with this file open", st.monitors);
	for (size_t k = 0; k < ARRAY_LEN(st.reserved); k++)
		EXPECT(!st.reserved[k], "reserved[%zu] returned as %u", k, st.reserved[k]);
	/* files are monitors until they ask to own it */
	fd2 = open_phone(O_NONBLOCK);
	if (!expect_ok(fd2, "open"))
		goto out;
	if (expect_ok(phone_status(fd, &st2), "PHONE_STATUS"))
		EXPECT(st2.monitors == st.monitors + 1 && st2.owners == st.owners,
		       "another file open: %u owners, %u monitors (were %u, %u)", st2.owners,
		       st2.monitors, st.owners, st.monitors);
	if (expect_ok(phone_priv(fd2, TAPI_PRIV_OWNER), "PHONE_PRIVILEGE OWNER") &&
	    expect_ok(phone_status(fd, &st2), "PHONE_STATUS"))
		EXPECT(st2.monitors == st.monitors && st2.owners == st.owners + 1,
		       "it became an owner: %u owners, %u monitors", st2.owners, st2.monitors);
	close(fd2);
out:
	close(fd);
}

static void buttons(void)
{
	struct tapi_phone_button b;
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	for (uint32_t id = 0; id < ctx.pinfo.num_buttons; id++) {
		if (!expect_ok(get_button(fd, id, &b), "PHONE_GET_BUTTON %u", id))
			continue;
		EXPECT(b.button == id, "button %u says it is %u", id, b.button);
		EXPECT(one_bit(b.mode) && b.mode <= TAPI_BUTTON_MODE_DISPLAY, "button %u: mode 0x%x",
		       id, b.mode);
		EXPECT(b.state == TAPI_BUTTON_UP || b.state == TAPI_BUTTON_DOWN,
		       "button %u: state 0x%x", id, b.state);
		EXPECT(!(b.lamp_modes & ~0x7fu) && (b.lamp_modes ? one_bit(b.lamp) &&
		       (b.lamp & b.lamp_modes) : !b.lamp),
		       "button %u: lamp 0x%x of modes 0x%x", id, b.lamp, b.lamp_modes);
		EXPECT(memchr(b.text, 0, sizeof(b.text)) != NULL, "button %u: text unterminated", id);
		EXPECT(!b.reserved[0] && !b.reserved[1], "button %u: reserved returned non-zero", id);
		/* the keypad's buttons come first, as TAPI numbers them */
		if (ctx.pinfo.num_buttons >= TAPI_BUTTON_KEYPAD_COUNT && id < TAPI_BUTTON_KEYPAD_COUNT)
			EXPECT(b.mode == TAPI_BUTTON_MODE_KEYPAD, "button %u: mode 0x%x, not keypad",
			       id, b.mode);
	}
	expect_err(get_button(fd, ctx.pinfo.num_buttons, &b), EINVAL,
		   "PHONE_GET_BUTTON %u (past num_buttons)", ctx.pinfo.num_buttons);
	close(fd);
}

/* PHONE_GET_BUTTON's outputs that are not also inputs must come in as 0. */
static void get_button_inputs(void)
{
	struct tapi_phone_button b = { 0 };
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	b.state = TAPI_BUTTON_UP;
	expect_err(xioctl(fd, TAPI_IOC_PHONE_GET_BUTTON, &b), EINVAL, "PHONE_GET_BUTTON with state in");
	b = (struct tapi_phone_button){ .lamp_modes = TAPI_LAMP_OFF };
	expect_err(xioctl(fd, TAPI_IOC_PHONE_GET_BUTTON, &b), EINVAL,
		   "PHONE_GET_BUTTON with lamp_modes in");
	b = (struct tapi_phone_button){ .lamp = TAPI_LAMP_OFF };
	expect_err(xioctl(fd, TAPI_IOC_PHONE_GET_BUTTON, &b), EINVAL, "PHONE_GET_BUTTON with lamp in");
	b = (struct tapi_phone_button){ 0 };
	expect_reserved(fd, TAPI_IOC_PHONE_GET_BUTTON, &b, sizeof(b),
			offsetof(struct tapi_phone_button, reserved), ARRAY_LEN(b.reserved),
			"PHONE_GET_BUTTON");
	close(fd);
}

static void privilege_and_events_rejects(void)
{
	struct tapi_phone_events e = { 0 };
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	expect_err(phone_priv(fd, 0), EINVAL, "PHONE_PRIVILEGE 0");
	expect_err(phone_priv(fd, TAPI_PRIV_NONE), EINVAL, "PHONE_PRIVILEGE NONE");
	expect_err(phone_priv(fd, TAPI_PRIV_OWNER | TAPI_PRIV_MONITOR), EINVAL,
		   "PHONE_PRIVILEGE OWNER|MONITOR");
	expect_ok(phone_priv(fd, TAPI_PRIV_OWNER), "PHONE_PRIVILEGE OWNER");
	expect_ok(phone_priv(fd, TAPI_PRIV_MONITOR), "PHONE_PRIVILEGE MONITOR");
	expect_err(phone_events(fd, 0x1, 0, 0), EINVAL, "PHONE_EVENTS of state 0x1");
	expect_err(phone_events(fd, 0, 0x40, 0), EINVAL, "PHONE_EVENTS of button mode 0x40");
	expect_err(phone_events(fd, 0, 0, 0x4), EINVAL, "PHONE_EVENTS of button state 0x4");
	expect_reserved(fd, TAPI_IOC_PHONE_EVENTS, &e, sizeof(e),
			offsetof(struct tapi_phone_events, reserved), ARRAY_LEN(e.reserved),
			"PHONE_EVENTS");
	expect_ok(phone_events(fd, TAPI_PHONESTATES, 0x3f, TAPI_BUTTON_UP | TAPI_BUTTON_DOWN),
		  "PHONE_EVENTS of everything");
	expect_ok(phone_events(fd, 0, 0, 0), "PHONE_EVENTS of nothing");
	close(fd);
}

/* A change an owner may make on this phone: a volume, else a ring, else the display. */
static bool some_change(struct tapi_phone_set *r, uint32_t *state)
{
	int d = first_dev();

	memset(r, 0, sizeof(*r));
	if (d >= 0) {
		*r = (struct tapi_phone_set){ .what = TAPI_PHONE_SET_VOLUME, .index = 1u << d,
					      .value = 0x1234 };
		*state = TAPI_PHONESTATE_HANDSETVOLUME << (3 * d);
	} else if (ctx.pinfo.num_ring_modes) {
		*r = (struct tapi_phone_set){ .what = TAPI_PHONE_SET_RING, .value2 = 0x1234 };
		*state = TAPI_PHONESTATE_RINGVOLUME;
	} else if (ctx.pinfo.display_rows) {
		*r = (struct tapi_phone_set){ .what = TAPI_PHONE_SET_DISPLAY, .text = "-" };
		*state = TAPI_PHONESTATE_DISPLAY;
	} else {
		return false;
	}
	return true;
}

static void monitors_cannot_change(void)
{
	struct tapi_phone_button b;
	struct tapi_phone_set r;
	uint32_t state;
	int fd = open_phone(O_NONBLOCK);

	if (!expect_ok(fd, "open"))
		return;
	if (some_change(&r, &state))
		expect_err(xioctl(fd, TAPI_IOC_PHONE_SET, &r), EPERM, "PHONE_SET %u by a monitor",
			   r.what);
	if (ctx.pinfo.num_buttons && expect_ok(get_button(fd, 0, &b), "PHONE_GET_BUTTON 0")) {
		b.state = b.lamp_modes = b.lamp = 0;
		expect_err(xioctl(fd, TAPI_IOC_PHONE_SET_BUTTON, &b), EPERM,
			   "PHONE_SET_BUTTON by a monitor");
	}
	close(fd);
}

/* Wait for a PHONE_STATE record of @state on @fd: its param[1], -1 if none. */
static long long next_phone_state(int fd, uint32_t state, struct tapi_event *ev, int ms)
{
	while (next_event(fd, TAPI_EVENT_PHONE_STATE, ev, ms) == 1)
		if (ev->param[0] == state)
			return ev->param[1];
	return -1;
}

static void owner_changes(void)
{
	const struct tapi_phone_info *i = &ctx.pinfo;
	int own = open_phone(O_NONBLOCK), mon = open_phone(O_NONBLOCK), d = first_dev(), ret;
	struct tapi_phone_status st, was;
	struct tapi_event ev;
	long long got;

	if (!expect_ok(own, "open") || !expect_ok(mon, "open") ||
	    !expect_ok(phone_priv(own, TAPI_PRIV_OWNER), "PHONE_PRIVILEGE OWNER") ||
	    !expect_ok(phone_events(mon, TAPI_PHONESTATES, 0, 0), "PHONE_EVENTS") ||
	    !expect_ok(phone_status(own, &was), "PHONE_STATUS"))
		return;
	if (d >= 0) {
		ret = phone_set(own, TAPI_PHONE_SET_VOLUME, 1u << d, 0x1234, 0, NULL);
		if (ret == -EOPNOTSUPP) {
			unsupported("not supported by this device (it takes no changes)");
			return;
		}
		if (expect_ok(ret, "PHONE_SET volume of device 0x%x", 1u << d)) {
			got = next_phone_state(mon, TAPI_PHONESTATE_HANDSETVOLUME << (3 * d), &ev, EVENT_MS);
			EXPECT(got == 0x1234, "the monitor was told volume %lld, not 0x1234", got);
			if (expect_ok(phone_status(mon, &st), "PHONE_STATUS"))
				EXPECT(st.volume[d] == 0x1234, "PHONE_STATUS: volume 0x%x", st.volume[d]);
		}
		if (expect_ok(phone_set(own, TAPI_PHONE_SET_GAIN, 1u << d, 0xffff, 0, NULL), "PHONE_SET gain")) {
			got = next_phone_state(mon, TAPI_PHONESTATE_HANDSETGAIN << (3 * d), &ev, EVENT_MS);
			EXPECT(got == 0xffff, "the monitor was told gain %lld, not 0xffff", got);
		}
		phone_set(own, TAPI_PHONE_SET_VOLUME, 1u << d, was.volume[d], 0, NULL);
		phone_set(own, TAPI_PHONE_SET_GAIN, 1u << d, was.gain[d], 0, NULL);
	}
	if (i->num_ring_modes &&
	    expect_ok(phone_set(own, TAPI_PHONE_SET_RING, 0, i->num_ring_modes, 0x8000, NULL),
		      "PHONE_SET ring mode %u", i->num_ring_modes)) {
		got = next_phone_state(mon, TAPI_PHONESTATE_RINGMODE, &ev, EVENT_MS);
		EXPECT(got == i->num_ring_modes && ev.param[2] == 0x8000,
		       "the monitor was told ring mode %lld, volume 0x%x", got, ev.param[2]);
		if (expect_ok(phone_status(mon, &st), "PHONE_STATUS"))
			EXPECT(st.ring_mode == i->num_ring_modes && st.ring_volume == 0x8000,
			       "PHONE_STATUS: ring mode %u, volume 0x%x", st.ring_mode, st.ring_volume);
		phone_set(own, TAPI_PHONE_SET_RING, 0, was.ring_mode, was.ring_volume, NULL);
	}
	if (i->display_rows && i->display_cols >= 2 &&
	    expect_ok(phone_set(own, TAPI_PHONE_SET_DISPLAY, i->display_rows - 1, 1, 0, "Hi"),
		      "PHONE_SET display")) {
		got = next_phone_state(mon, TAPI_PHONESTATE_DISPLAY, &ev, EVENT_MS);
		EXPECT(got == i->display_rows - 1 && ev.param[2] == 1,
		       "the monitor was told of row %lld, column %u", got, ev.param[2]);
		if (expect_ok(phone_status(mon, &st), "PHONE_STATUS"))
			EXPECT(!strncmp(st.display + (i->display_rows - 1) * i->display_cols + 1, "Hi", 2),
			       "PHONE_STATUS: the display says \"%s\"", st.display);
		if (expect_ok(phone_set(own, TAPI_PHONE_SET_DISPLAY, 0, 0, 0, ""), "PHONE_SET display \"\"") &&
		    expect_ok(phone_status(mon, &st), "PHONE_STATUS"))
			EXPECT(strspn(st.display, " ") == i->display_rows * i->display_cols,
			       "\"\" did not blank the display: \"%s\"", st.display);
	}
	for (uint32_t id = 0; id < i->num_buttons; id++) {
		struct tapi_phone_button b;
		uint32_t other, lamp;

		if (get_button(own, id, &b) || !(b.lamp_modes & ~b.lamp))
			continue;
		lamp = b.lamp;
		other = b.lamp_modes & ~b.lamp;
		other &= -other;
		if (expect_ok(phone_set(own, TAPI_PHONE_SET_LAMP, id, other, 0, NULL),
			      "PHONE_SET lamp %u to 0x%x", id, other)) {
			got = next_phone_state(mon, TAPI_PHONESTATE_LAMP, &ev, EVENT_MS);
			EXPECT(got == id && ev.param[2] == other,
			       "the monitor was told lamp %lld mode 0x%x", got, ev.param[2]);
			EXPECT(!get_button(mon, id, &b) && b.lamp == other, "PHONE_GET_BUTTON: lamp 0x%x",
			       b.lamp);
		}
		phone_set(own, TAPI_PHONE_SET_LAMP, id, lamp, 0, NULL);
		break;
	}
	/* the owner asked for nothing: it heard nothing */
	EXPECT(next_event(own, 0, &ev, 100) != 1, "a file that asked for no events got type %u",
	       ev.type);
	close(mon);
	close(own);
}

static void set_rejects(void)
{
	const struct tapi_phone_info *i = &ctx.pinfo;
	struct tapi_phone_set r = { .what = TAPI_PHONE_SET_RING };
	int own = open_phone(O_NONBLOCK), d = first_dev();

	if (!expect_ok(own, "open") || !expect_ok(phone_priv(own, TAPI_PRIV_OWNER), "PHONE_PRIVILEGE"))
		return;
	expect_err(phone_set(own, 99, 0, 0, 0, NULL), EINVAL, "PHONE_SET what 99");
	expect_reserved(own, TAPI_IOC_PHONE_SET, &r, sizeof(r),
			offsetof(struct tapi_phone_set, reserved), ARRAY_LEN(r.reserved), "PHONE_SET");
	expect_err(phone_set(own, TAPI_PHONE_SET_RING, 0, i->num_ring_modes + 1, 0, NULL), EINVAL,
		   "PHONE_SET ring mode %u of %u", i->num_ring_modes + 1, i->num_ring_modes);
	expect_err(phone_set(own, TAPI_PHONE_SET_RING, 0, 0, 0x10000, NULL), EINVAL,
		   "PHONE_SET ring volume 0x10000");
	expect_err(phone_set(own, TAPI_PHONE_SET_RING, 0, 0, 0, "x"), EINVAL,
		   "PHONE_SET ring with text");
	if (d >= 0) {
		expect_err(phone_set(own, TAPI_PHONE_SET_VOLUME, 1u << d, 0x10000, 0, NULL), EINVAL,
			   "PHONE_SET volume 0x10000");
		expect_err(phone_set(own, TAPI_PHONE_SET_VOLUME, 1u << d, 1, 1, NULL), EINVAL,
			   "PHONE_SET volume with value2");
		expect_err(phone_set(own, TAPI_PHONE_SET_GAIN, 1u << d, 0x10000, 0, NULL), EINVAL,
			   "PHONE_SET gain 0x10000");
		for (uint32_t m = TAPI_HOOKSWITCH_MIC; m <= TAPI_HOOKSWITCH_MICSPEAKER; m <<= 1)
			if (!(i->hookswitch_modes[d] & m)) {
				expect_err(phone_set(own, TAPI_PHONE_SET_HOOKSWITCH, 1u << d, m, 0, NULL),
					   EINVAL, "PHONE_SET hookswitch mode 0x%x it cannot take", m);
				break;
			}
	}
	expect_err(phone_set(own, TAPI_PHONE_SET_VOLUME, 0x8, 1, 0, NULL), EINVAL,
		   "PHONE_SET volume of device 0x8");
	expect_err(phone_set(own, TAPI_PHONE_SET_HOOKSWITCH, 0, TAPI_HOOKSWITCH_ONHOOK, 0, NULL),
		   EINVAL, "PHONE_SET hookswitch of no device");
	for (int k = 0; k < TAPI_HOOKSWITCH_DEVS; k++)
		if (!(i->hookswitch_devs & (1u << k)))
			expect_err(phone_set(own, TAPI_PHONE_SET_VOLUME, 1u << k, 1, 0, NULL), EINVAL,
				   "PHONE_SET volume of device 0x%x it lacks", 1u << k);
	expect_err(phone_set(own, TAPI_PHONE_SET_LAMP, i->num_buttons, TAPI_LAMP_OFF, 0, NULL), EINVAL,
		   "PHONE_SET lamp of button %u (past num_buttons)", i->num_buttons);
	for (uint32_t id = 0; id < i->num_buttons; id++) {
		struct tapi_phone_button b;

		if (get_button(own, id, &b))
			continue;
		if (!b.lamp_modes) {
			expect_err(phone_set(own, TAPI_PHONE_SET_LAMP, id, TAPI_LAMP_OFF, 0, NULL),
				   EINVAL, "PHONE_SET lamp of button %u, which has none", id);
		} else {
			uint32_t no = ~b.lamp_modes & 0x7f;

			if (no)
				expect_err(phone_set(own, TAPI_PHONE_SET_LAMP, id, no & -no, 0, NULL),
					   EINVAL, "PHONE_SET lamp %u to mode 0x%x it lacks", id, no & -no);
			expect_err(phone_set(own, TAPI_PHONE_SET_LAMP, id, b.lamp, 0, "x"), EINVAL,
				   "PHONE_SET lamp with text");
		}
	}
	if (i->display_rows) {
		char wide[TAPI_PHONE_DISPLAY_MAX];

		expect_err(phone_set(own, TAPI_PHONE_SET_DISPLAY, i->display_rows, 0, 0, "x"), EINVAL,
			   "PHONE_SET display row %u of %u", i->display_rows, i->display_rows);
		memset(wide, 'w', sizeof(wide));
		wide[i->display_cols + 1 < sizeof(wide) ? i->display_cols + 1 : sizeof(wide) - 1] = 0;
		expect_err(phone_set(own, TAPI_PHONE_SET_DISPLAY, i->display_rows - 1, 0, 0, wide),
			   EINVAL, "PHONE_SET display text past the last row's end");
		expect_err(phone_set(own, TAPI_PHONE_SET_DISPLAY, 0, 0, 0, "tab\there"), EINVAL,
			   "PHONE_SET display text with a tab");
	} else {
		expect_err(phone_set(own, TAPI_PHONE_SET_DISPLAY, 0, 0, 0, "x"), EINVAL,
			   "PHONE_SET display of a phone without one");
	}
	close(own);
}

static void set_button(void)
{
	struct tapi_phone_button b, was, got;
	int own = open_phone(O_NONBLOCK);
	uint32_t id = ctx.pinfo.num_buttons - 1;

	if (!ctx.pinfo.num_buttons) {
		unsupported("not supported by this device (no buttons)");
		return;
	}
	if (!expect_ok(own, "open") || !expect_ok(phone_priv(own, TAPI_PRIV_OWNER), "PHONE_PRIVILEGE") ||
	    !expect_ok(get_button(own, id, &was), "PHONE_GET_BUTTON %u", id))
		return;
	b = (struct tapi_phone_button){ .button = id, .mode = TAPI_BUTTON_MODE_FEATURE,
					.function = TAPI_BUTTON_FUNCTION_FLASH, .text = "Recall" };
	if (expect_ok(xioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b), "PHONE_SET_BUTTON") &&
	    expect_ok(get_button(own, id, &got), "PHONE_GET_BUTTON"))
		EXPECT(got.mode == b.mode && got.function == b.function && !strcmp(got.text, "Recall"),
		       "relabelled: mode 0x%x, function 0x%x, text \"%s\"", got.mode, got.function,
		       got.text);
	b.mode = TAPI_BUTTON_MODE_FEATURE | TAPI_BUTTON_MODE_CALL;
	expect_err(xioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b), EINVAL, "PHONE_SET_BUTTON of two modes");
	b.mode = TAPI_BUTTON_MODE_FEATURE;
	b.state = TAPI_BUTTON_DOWN;
	expect_err(xioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b), EINVAL, "PHONE_SET_BUTTON with a state");
	b.state = 0;
	b.lamp = TAPI_LAMP_STEADY;
	expect_err(xioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b), EINVAL, "PHONE_SET_BUTTON with a lamp");
	b.lamp = 0;
	b.lamp_modes = TAPI_LAMP_STEADY;
	expect_err(xioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b), EINVAL,
		   "PHONE_SET_BUTTON with lamp modes");
	b.lamp_modes = 0;
	expect_reserved(own, TAPI_IOC_PHONE_SET_BUTTON, &b, sizeof(b),
			offsetof(struct tapi_phone_button, reserved), ARRAY_LEN(b.reserved),
			"PHONE_SET_BUTTON");
	strcpy(b.text, "tab\t");
	expect_err(xioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b), EINVAL, "PHONE_SET_BUTTON text with a tab");
	strcpy(b.text, "x");
	b.button = ctx.pinfo.num_buttons;
	expect_err(xioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &b), EINVAL,
		   "PHONE_SET_BUTTON %u (past num_buttons)", b.button);
	/* as it was */
	was.state = was.lamp_modes = was.lamp = 0;
	expect_ok(xioctl(own, TAPI_IOC_PHONE_SET_BUTTON, &was), "PHONE_SET_BUTTON back");
	close(own);
}

static void read_and_poll(void)
{
	struct tapi_event ev[4];
	struct pollfd p = { .events = POLLIN };
	struct tapi_phone_status was;
	struct tapi_phone_set r;
	uint32_t state;
	int fd = open_phone(O_NONBLOCK), own = open_phone(O_NONBLOCK), n;
	uint64_t t0 = now_ns();

	if (!expect_ok(fd, "open") || !expect_ok(own, "open"))
		return;
	p.fd = fd;
	EXPECT(poll(&p, 1, 50) == 0, "poll says 0x%x with nothing queued", p.revents);
	expect_err(read(fd, ev, sizeof(ev[0])) < 0 ? -errno : 0, EAGAIN, "read with nothing queued");
	expect_err(read(fd, ev, sizeof(ev[0]) - 1) < 0 ? -errno : 0, EINVAL, "read of 47 bytes");
	expect_err(lseek(fd, 0, SEEK_SET) < 0 ? -errno : 0, ESPIPE, "lseek");
	expect_err(write(fd, ev, sizeof(ev[0])) < 0 ? -errno : 0, EINVAL, "write");
	if (!some_change(&r, &state)) {
		unsupported("not supported by this device (nothing an owner can change)");
		goto out;
	}
	if (!expect_ok(phone_priv(own, TAPI_PRIV_OWNER), "PHONE_PRIVILEGE OWNER") ||
	    !expect_ok(phone_events(fd, state, 0, 0), "PHONE_EVENTS") ||
	    !expect_ok(phone_status(own, &was), "PHONE_STATUS"))
		goto out;
	for (int k = 0; k < 2; k++) {
		r.value ^= 1;
		r.value2 ^= r.value2 ? 1 : 0;
		if (!expect_ok(xioctl(own, TAPI_IOC_PHONE_SET, &r), "PHONE_SET %u", r.what))
			goto out;
	}
	EXPECT(poll(&p, 1, EVENT_MS) == 1 && (p.revents & POLLIN), "poll: 0x%x with records queued",
	       p.revents);
	n = read_records(fd, ev, 2, EVENT_MS);
	if (EXPECT(n == 2, "%d of 2 records came", n)) {
		for (int k = 0; k < n; k++)
			EXPECT(ev[k].type == TAPI_EVENT_PHONE_STATE && ev[k].param[0] == state &&
			       !ev[k].call_id && !ev[k].reserved && ev[k].timestamp_ns >= t0 &&
			       ev[k].timestamp_ns <= now_ns(),
			       "record %d: type %u, state 0x%x, call %u, timestamp %llu", k,
			       ev[k].type, ev[k].param[0], ev[k].call_id,
			       (unsigned long long)ev[k].timestamp_ns);
		EXPECT(ev[1].seq == ev[0].seq + 1 && ev[1].timestamp_ns >= ev[0].timestamp_ns,
		       "seq %llu after %llu", (unsigned long long)ev[1].seq,
		       (unsigned long long)ev[0].seq);
	}
	/* as it was */
	if (r.what == TAPI_PHONE_SET_VOLUME)
		phone_set(own, r.what, r.index, was.volume[first_dev()], 0, NULL);
	else if (r.what == TAPI_PHONE_SET_RING)
		phone_set(own, r.what, 0, was.ring_mode, was.ring_volume, NULL);
out:
	close(own);
	close(fd);
}

const struct check phone_checks[] = {
	{ "phone.info", info, NEED_PHONE, 0 },
	{ "phone.status-and-who-has-it-open", status, NEED_PHONE, 0 },
	{ "phone.buttons", buttons, NEED_PHONE, 0 },
	{ "phone.get-button-inputs-must-be-zero", get_button_inputs, NEED_PHONE, 0 },
	{ "phone.privilege-and-events-reject-bad-input", privilege_and_events_rejects, NEED_PHONE, 0 },
	{ "phone.monitors-cannot-change-it-eperm", monitors_cannot_change, NEED_PHONE, 0 },
	{ "phone.owner-changes-told-to-those-that-ask", owner_changes, NEED_PHONE, 0 },
	{ "phone.set-rejects-what-the-phone-lacks", set_rejects, NEED_PHONE, 0 },
	{ "phone.owner-relabels-a-button", set_button, NEED_PHONE, 0 },
	{ "phone.read-and-poll", read_and_poll, NEED_PHONE, 0 },
	{ 0 }
};
