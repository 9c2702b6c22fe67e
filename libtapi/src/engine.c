// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The engine: one thread per process while any application is initialised.
 * It waits on every open line's descriptor and on udev, and turns what the
 * kernel reports into each application's messages, under tl_lib.lock.
 */
#include <errno.h>
#include <libudev.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "internal.h"

static bool tl_stopping;

struct tl_pollset {
	struct pollfd *fds;
	DWORD *lines;		/* handles: a line may go while the lock is free */
	unsigned int n, cap;
};

static void tl_add_line(void *p, void *arg)
{
	struct tl_line *l = p;
	struct tl_pollset *ps = arg;

	/* a request in the kernel: its events wait until its result is in place */
	if (l->fd < 0 || l->removed || l->requests || ps->n >= ps->cap)
		return;
	ps->fds[ps->n] = (struct pollfd){ .fd = l->fd, .events = POLLIN };
	ps->lines[ps->n++] = l->handle;
}

static void tl_tell_create(void *p, void *arg)
{
	struct tl_lineapp *app = p;
	unsigned int *ndevs = arg;

	for (; app->known_devs < *ndevs; app->known_devs++)
		tl_post(app, 0, LINE_CREATE, 0, app->known_devs, 0, 0);
}

static void tl_tell_remove(void *p, void *arg)
{
	struct tl_lineapp *app = p;
	DWORD id = *(DWORD *)arg;

	if (app->api_version >= 0x00020000 && id < app->known_devs)
		tl_post(app, 0, LINE_REMOVE, 0, id, 0, 0);
}

static void tl_close_removed(void *p, void *arg)
{
	struct tl_line *l = p;

	(void)arg;
	if (!l->removed && tl_device_get(l->dev)->removed)
		tl_line_removed(l);
}

/* udev says devices came or went: new IDs, LINE_CREATE, LINE_REMOVE. */
static void tl_rescan(void)
{
	bool was[tl_lib.ndevs ? tl_lib.ndevs : 1];
	unsigned int n = tl_lib.ndevs;

	for (unsigned int i = 0; i < n; i++)
		was[i] = tl_lib.devs[i].removed;
	if (tl_devices_scan() < 0)
		return;
	tl_handles_each(OBJ_LINE, tl_close_removed, NULL);
	for (DWORD i = 0; i < n; i++)
		if (!was[i] && tl_lib.devs[i].removed)
			tl_handles_each(OBJ_LINEAPP, tl_tell_remove, &i);
	tl_handles_each(OBJ_LINEAPP, tl_tell_create, &tl_lib.ndevs);
}

/* Read what @l's device reported; the removal record closes it. */
static void tl_drain(struct tl_line *l)
{
	struct tapi_event ev[32];
	ssize_t n;

	while ((n = read(l->fd, ev, sizeof(ev))) > 0) {
		for (size_t i = 0; i < (size_t)n / sizeof(ev[0]) && !l->removed; i++)
			tl_line_event(l, &ev[i]);
		if (l->removed)
			return;
	}
	if (n < 0 && errno == ENODEV && !l->removed)
		tl_line_removed(l);
}

/* udev's news of tapi devices, listened to from before the first scan ends */
static struct udev *tl_udev;
static struct udev_monitor *tl_mon;

static void tl_monitor_start(void)
{
	tl_udev = udev_new();
	if (!tl_udev)
		return;
	/* without udevd, the kernel's own uevents (a VM, a container) */
	tl_mon = udev_monitor_new_from_netlink(tl_udev, access("/run/udev/control", F_OK) ?
					    "kernel" : "udev");
	if (tl_mon && (udev_monitor_filter_add_match_subsystem_devtype(tl_mon, "tapi", NULL) < 0 ||
		    udev_monitor_enable_receiving(tl_mon) < 0)) {
		udev_monitor_unref(tl_mon);
		tl_mon = NULL;
	}
}

static void *tl_engine(void *unused)
{
	struct tl_pollset ps = { 0 };

	(void)unused;
	pthread_mutex_lock(&tl_lib.lock);
	while (!tl_stopping) {
		unsigned int cap = tl_lib.nobj + 2;
		int r;

		if (cap > ps.cap) {
			free(ps.fds);
			free(ps.lines);
			ps.fds = calloc(cap, sizeof(*ps.fds));
			ps.lines = calloc(cap, sizeof(*ps.lines));
			ps.cap = ps.fds && ps.lines ? cap : 0;
		}
		if (ps.cap < 2) {
			pthread_mutex_unlock(&tl_lib.lock);
			usleep(10000);
			pthread_mutex_lock(&tl_lib.lock);
			continue;
		}
		ps.n = 0;
		ps.fds[ps.n++] = (struct pollfd){ .fd = tl_lib.wake_fd, .events = POLLIN };
		ps.lines[0] = 0;
		ps.fds[ps.n] = (struct pollfd){ .fd = tl_mon ? udev_monitor_get_fd(tl_mon) : -1,
						.events = POLLIN };
		ps.lines[ps.n++] = 0;
		tl_handles_each(OBJ_LINE, tl_add_line, &ps);
		pthread_mutex_unlock(&tl_lib.lock);
		/* no uevents (a kernel without networking): look again every second */
		r = poll(ps.fds, ps.n, tl_mon ? -1 : 1000);
		pthread_mutex_lock(&tl_lib.lock);
		if (!r && !tl_mon)
			tl_rescan();
		if (r <= 0)
			continue;
		if (ps.fds[0].revents) {
			uint64_t v;

			if (read(tl_lib.wake_fd, &v, sizeof(v)) < 0)
				v = 0;
		}
		if (ps.fds[1].revents) {
			struct udev_device *d;

			while ((d = udev_monitor_receive_device(tl_mon)))
				udev_device_unref(d);
			tl_rescan();
		}
		for (unsigned int i = 2; i < ps.n; i++) {
			struct tl_line *l = tl_handle_get(ps.lines[i], OBJ_LINE);

			/* the set may have changed while the lock was free */
			if (!ps.fds[i].revents || !l || l->fd != ps.fds[i].fd || l->requests)
				continue;
			tl_drain(l);
		}
	}
	pthread_mutex_unlock(&tl_lib.lock);
	free(ps.fds);
	free(ps.lines);
	return NULL;
}

static void tl_monitor_stop(void)
{
	udev_monitor_unref(tl_mon);
	udev_unref(tl_udev);
	tl_mon = NULL;
	tl_udev = NULL;
}

/* Holds tl_lib.lock. */
int tl_engine_start(void)
{
	if (tl_lib.engine_running)
		return 0;
	tl_lib.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (tl_lib.wake_fd < 0)
		return -1;
	tl_stopping = false;
	tl_monitor_start();
	if (pthread_create(&tl_lib.engine, NULL, tl_engine, NULL)) {
		close(tl_lib.wake_fd);
		tl_lib.wake_fd = -1;
		tl_monitor_stop();
		return -1;
	}
	tl_lib.engine_running = true;
	return 0;
}

void tl_engine_wake(void)
{
	uint64_t v = 1;

	if (tl_lib.wake_fd >= 0 && write(tl_lib.wake_fd, &v, sizeof(v)) < 0)
		return;	/* at its limit: it wakes anyway */
}

/* Holds tl_lib.lock; returns with it held, the engine gone. */
void tl_engine_stop(void)
{
	if (!tl_lib.engine_running)
		return;
	tl_stopping = true;
	tl_engine_wake();
	pthread_mutex_unlock(&tl_lib.lock);
	pthread_join(tl_lib.engine, NULL);
	pthread_mutex_lock(&tl_lib.lock);
	tl_lib.engine_running = false;
	close(tl_lib.wake_fd);
	tl_lib.wake_fd = -1;
	tl_monitor_stop();
}
