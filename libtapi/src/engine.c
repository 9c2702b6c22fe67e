// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The engine: one thread per process while any application is initialised.
 * It waits on every open line's descriptor and on udev, and turns what the
 * kernel reports into each application's messages, under lib.lock.
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

static bool stopping;

struct pollset {
	struct pollfd *fds;
	DWORD *lines;		/* handles: a line may go while the lock is free */
	unsigned int n, cap;
};

static void add_line(void *p, void *arg)
{
	struct line *l = p;
	struct pollset *ps = arg;

	if (l->fd < 0 || l->removed || ps->n >= ps->cap)
		return;
	ps->fds[ps->n] = (struct pollfd){ .fd = l->fd, .events = POLLIN };
	ps->lines[ps->n++] = l->handle;
}

static void tell_create(void *p, void *arg)
{
	struct lineapp *app = p;
	unsigned int *ndevs = arg;

	for (; app->known_devs < *ndevs; app->known_devs++)
		post(app, 0, LINE_CREATE, 0, app->known_devs, 0, 0);
}

static void tell_remove(void *p, void *arg)
{
	struct lineapp *app = p;
	DWORD id = *(DWORD *)arg;

	if (app->api_version >= 0x00020000 && id < app->known_devs)
		post(app, 0, LINE_REMOVE, 0, id, 0, 0);
}

static void close_removed(void *p, void *arg)
{
	struct line *l = p;

	(void)arg;
	if (!l->removed && device_get(l->dev)->removed)
		line_removed(l);
}

/* udev says devices came or went: new IDs, LINE_CREATE, LINE_REMOVE. */
static void rescan(void)
{
	bool was[lib.ndevs ? lib.ndevs : 1];
	unsigned int n = lib.ndevs;

	for (unsigned int i = 0; i < n; i++)
		was[i] = lib.devs[i].removed;
	if (devices_scan() < 0)
		return;
	handles_each(OBJ_LINE, close_removed, NULL);
	for (DWORD i = 0; i < n; i++)
		if (!was[i] && lib.devs[i].removed)
			handles_each(OBJ_LINEAPP, tell_remove, &i);
	handles_each(OBJ_LINEAPP, tell_create, &lib.ndevs);
}

/* Read what @l's device reported; the removal record closes it. */
static void drain(struct line *l)
{
	struct tapi_event ev[32];
	ssize_t n;

	while ((n = read(l->fd, ev, sizeof(ev))) > 0) {
		for (size_t i = 0; i < (size_t)n / sizeof(ev[0]) && !l->removed; i++)
			line_event(l, &ev[i]);
		if (l->removed)
			return;
	}
	if (n < 0 && errno == ENODEV && !l->removed)
		line_removed(l);
}

/* udev's news of tapi devices, listened to from before the first scan ends */
static struct udev *udev;
static struct udev_monitor *mon;

static void monitor_start(void)
{
	udev = udev_new();
	if (!udev)
		return;
	/* without udevd, the kernel's own uevents (a VM, a container) */
	mon = udev_monitor_new_from_netlink(udev, access("/run/udev/control", F_OK) ?
					    "kernel" : "udev");
	if (mon && (udev_monitor_filter_add_match_subsystem_devtype(mon, "tapi", NULL) < 0 ||
		    udev_monitor_enable_receiving(mon) < 0)) {
		udev_monitor_unref(mon);
		mon = NULL;
	}
}

static void *engine(void *unused)
{
	struct pollset ps = { 0 };

	(void)unused;
	pthread_mutex_lock(&lib.lock);
	while (!stopping) {
		unsigned int cap = lib.nobj + 2;
		int r;

		if (cap > ps.cap) {
			free(ps.fds);
			free(ps.lines);
			ps.fds = calloc(cap, sizeof(*ps.fds));
			ps.lines = calloc(cap, sizeof(*ps.lines));
			ps.cap = ps.fds && ps.lines ? cap : 0;
		}
		if (ps.cap < 2) {
			pthread_mutex_unlock(&lib.lock);
			usleep(10000);
			pthread_mutex_lock(&lib.lock);
			continue;
		}
		ps.n = 0;
		ps.fds[ps.n++] = (struct pollfd){ .fd = lib.wake_fd, .events = POLLIN };
		ps.lines[0] = 0;
		ps.fds[ps.n] = (struct pollfd){ .fd = mon ? udev_monitor_get_fd(mon) : -1,
						.events = POLLIN };
		ps.lines[ps.n++] = 0;
		handles_each(OBJ_LINE, add_line, &ps);
		pthread_mutex_unlock(&lib.lock);
		/* no uevents (a kernel without networking): look again every second */
		r = poll(ps.fds, ps.n, mon ? -1 : 1000);
		pthread_mutex_lock(&lib.lock);
		if (!r && !mon)
			rescan();
		if (r <= 0)
			continue;
		if (ps.fds[0].revents) {
			uint64_t v;

			if (read(lib.wake_fd, &v, sizeof(v)) < 0)
				v = 0;
		}
		if (ps.fds[1].revents) {
			struct udev_device *d;

			while ((d = udev_monitor_receive_device(mon)))
				udev_device_unref(d);
			rescan();
		}
		for (unsigned int i = 2; i < ps.n; i++) {
			struct line *l = handle_get(ps.lines[i], OBJ_LINE);

			/* the set may have changed while the lock was free */
			if (!ps.fds[i].revents || !l || l->fd != ps.fds[i].fd)
				continue;
			drain(l);
		}
	}
	pthread_mutex_unlock(&lib.lock);
	free(ps.fds);
	free(ps.lines);
	return NULL;
}

static void monitor_stop(void)
{
	udev_monitor_unref(mon);
	udev_unref(udev);
	mon = NULL;
	udev = NULL;
}

/* Holds lib.lock. */
int engine_start(void)
{
	if (lib.engine_running)
		return 0;
	lib.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (lib.wake_fd < 0)
		return -1;
	stopping = false;
	monitor_start();
	if (pthread_create(&lib.engine, NULL, engine, NULL)) {
		close(lib.wake_fd);
		lib.wake_fd = -1;
		monitor_stop();
		return -1;
	}
	lib.engine_running = true;
	return 0;
}

void engine_wake(void)
{
	uint64_t v = 1;

	if (lib.wake_fd >= 0 && write(lib.wake_fd, &v, sizeof(v)) < 0)
		return;	/* at its limit: it wakes anyway */
}

/* Holds lib.lock; returns with it held, the engine gone. */
void engine_stop(void)
{
	if (!lib.engine_running)
		return;
	stopping = true;
	engine_wake();
	pthread_mutex_unlock(&lib.lock);
	pthread_join(lib.engine, NULL);
	pthread_mutex_lock(&lib.lock);
	lib.engine_running = false;
	close(lib.wake_fd);
	lib.wake_fd = -1;
	monitor_stop();
}
