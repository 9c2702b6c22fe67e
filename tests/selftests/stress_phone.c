// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_stress: phone devices. Each thread opens a telephone twice, as an
 * owner and as a monitor, asks for every event on both, and changes the
 * phone with arguments fitted to what PHONE_INFO says it has (hookswitch
 * devices lifted and put down make and end calls on its line), relabels
 * buttons, reads the status; the monitor tries the same and must fail.
 * The owner gives up and takes back its privilege now and then.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stress.h"

struct phone {
	int fd;
	bool owner;
	struct evtrack t;
};

/* A change fitted to @info: within its devices, modes, buttons, display. */
static void fit(struct tapi_phone_set *s, const struct tapi_phone_info *info, struct rng *r)
{
	unsigned int dev;

	fill_arg(ioc_of(TAPI_IOC_PHONE_SET), s, NULL, r);
	switch (s->what) {
	case TAPI_PHONE_SET_HOOKSWITCH:
		dev = pick(r, TAPI_HOOKSWITCH_DEVS);
		s->index = (1u << dev) & info->hookswitch_devs;
		if (info->hookswitch_modes[dev])
			do
				s->value = 1u << pick(r, 4);
			while (!(s->value & info->hookswitch_modes[dev]));
		break;
	case TAPI_PHONE_SET_VOLUME:
	case TAPI_PHONE_SET_GAIN:
		s->index &= info->hookswitch_devs;
		break;
	case TAPI_PHONE_SET_RING:
		s->value = pick(r, info->num_ring_modes + 1);
		break;
	case TAPI_PHONE_SET_LAMP:
		s->index = pick(r, info->num_buttons ? info->num_buttons : 1);
		break;
	case TAPI_PHONE_SET_DISPLAY:
		if (info->display_rows && info->display_cols &&
		    info->display_cols < sizeof(s->text)) {
			s->index = pick(r, info->display_rows);
			s->value = pick(r, info->display_cols);
			s->text[info->display_cols - s->value] = 0;
		}
		break;
	}
}

static void *phone_thread(void *arg)
{
	unsigned int idx = (uintptr_t)arg, i;
	struct tapi_phone_events ev = {
		.phone_states = TAPI_PHONESTATES & ~TAPI_PHONESTATE_REMOVED,
		.button_modes = 0x3f, .button_states = TAPI_BUTTON_UP | TAPI_BUTTON_DOWN,
	};
	struct tapi_phone_info info;
	struct phone ph[2];
	char who[24];
	struct rng r;

	snprintf(who, sizeof(who), "phone.%u", idx);
	rng_init(&r, idx);
	while (!stopping()) {
		int dev = pick(&r, MAX_DEVS);
		unsigned int steps;

		for (i = 0; i < 2; i++) {
			ph[i].fd = open_dev(K_PHONE, dev);
			ph[i].owner = false;
			evtrack_init(&ph[i].t, K_PHONE);
		}
		memset(&info, 0, sizeof(info));
		if (ph[0].fd < 0 || ph[1].fd < 0 ||
		    xioctl(who, ph[0].fd, &ph[0].t, TAPI_IOC_PHONE_INFO, &info, BAD_NONE)) {
			usleep(20000);
			steps = 0;
		} else {
			uint32_t own = TAPI_PRIV_OWNER;

			ph[0].owner = !xioctl(who, ph[0].fd, &ph[0].t, TAPI_IOC_PHONE_PRIVILEGE,
					      &own, BAD_NONE);
			xioctl(who, ph[0].fd, &ph[0].t, TAPI_IOC_PHONE_EVENTS, &ev, BAD_NONE);
			/* the monitor stays fresh: it never asks for a privilege */
			steps = 20 + pick(&r, 100);
		}
		for (; steps && !stopping(); steps--) {
			struct phone *p = &ph[pick(&r, 4) ? 0 : 1];
			union {
				struct tapi_phone_set set;
				struct tapi_phone_button b;
				struct tapi_phone_status st;
				uint32_t priv;
			} u;
			long ret;

			COUNT(phone_steps);
			if (p->fd < 0)
				p = &ph[0];
			memset(&u, 0, sizeof(u));
			switch (pick(&r, 8)) {
			case 0:
			case 1:
			case 2:
				fit(&u.set, &info, &r);
				ret = xioctl(who, p->fd, &p->t, TAPI_IOC_PHONE_SET, &u.set, BAD_NONE);
				if (!ret && !p->owner)
					fail(who, "fd %d: PHONE_SET succeeded for a monitor", p->fd);
				if (!ret)
					COUNT(phone_sets);
				break;
			case 3:
				u.b.button = pick(&r, info.num_buttons + 1);
				xioctl(who, p->fd, &p->t, TAPI_IOC_PHONE_GET_BUTTON, &u.b, BAD_NONE);
				break;
			case 4:
				fill_arg(ioc_of(TAPI_IOC_PHONE_SET_BUTTON), &u.b, NULL, &r);
				ret = xioctl(who, p->fd, &p->t, TAPI_IOC_PHONE_SET_BUTTON, &u.b,
					     BAD_NONE);
				if (!ret && !p->owner)
					fail(who, "fd %d: SET_BUTTON succeeded for a monitor", p->fd);
				break;
			case 5:
				if (!xioctl(who, p->fd, &p->t, TAPI_IOC_PHONE_STATUS, &u.st,
					    BAD_NONE) && ph[0].owner && !u.st.owners)
					fail(who, "fd %d: PHONE_STATUS says no owner", p->fd);
				break;
			case 6:
				if (p == &ph[0] && one_in(&r, 4)) {
					u.priv = p->owner ? TAPI_PRIV_MONITOR : TAPI_PRIV_OWNER;
					if (!xioctl(who, p->fd, &p->t, TAPI_IOC_PHONE_PRIVILEGE,
						    &u.priv, BAD_NONE))
						p->owner = u.priv == TAPI_PRIV_OWNER;
				}
				break;
			default:
				break;
			}
			for (i = 0; i < 2; i++)
				if (ph[i].fd >= 0 && !read_events(who, ph[i].fd, &ph[i].t, &r)) {
					close(ph[i].fd);
					ph[i].fd = -1;
					ph[i].owner = false;
				}
			if (ph[0].fd < 0)
				break;
			usleep(5000 + pick(&r, 30000));
		}
		for (i = 0; i < 2; i++)
			if (ph[i].fd >= 0)
				close(ph[i].fd);
	}
	return NULL;
}

void phone_worker(unsigned int idx)
{
	static void *(*const fn[])(void *) = { phone_thread, phone_thread };

	run_threads("phone", fn, 2, idx);
}
