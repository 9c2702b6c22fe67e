// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The line devices, found with libudev: the "tapi" class's tapiN devices,
 * numbered by N. A device keeps its dwDeviceID while the process runs;
 * one that goes is marked removed, one that comes is appended (LINE_CREATE
 * tells applications its ID). Caller holds tl_lib.lock.
 */
#include <libudev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static int tl_cmp_minor(const void *a, const void *b)
{
	const struct tl_device *x = a, *y = b;

	return (x->minor_no > y->minor_no) - (x->minor_no < y->minor_no);
}

/* N of "tapiN", or -1 for anything else (phones are tapiphoneN). */
static int tl_line_number(const char *sysname)
{
	char *end;
	long n;

	if (strncmp(sysname, "tapi", 4) || sysname[4] < '0' || sysname[4] > '9')
		return -1;
	n = strtol(sysname + 4, &end, 10);
	return *end || n < 0 || n > 0xffff ? -1 : (int)n;
}

static bool tl_known(unsigned int n)
{
	for (unsigned int i = 0; i < tl_lib.ndevs; i++)
		if (tl_lib.devs[i].minor_no == n && !tl_lib.devs[i].removed)
			return true;
	return false;
}

/* @u's sysfs attribute @attr into @buf, without its newline; false if none. */
static bool tl_attr(struct udev_device *u, const char *name, char *buf, size_t size)
{
	const char *v = udev_device_get_sysattr_value(u, name);

	if (!v)
		return false;
	snprintf(buf, size, "%.*s", (int)strcspn(v, "\n"), v);
	return true;
}

/*
 * What the device is, from the attributes the kernel gives each line in
 * sysfs. Opening the device to ask would tell every application watching
 * the line (LINEDEVSTATE_OPEN, _CLOSE) of an open that is no application's
 * lineOpen. False when an attribute is missing, or the process may not
 * open the device (it would fail every lineOpen).
 */
static bool tl_probe(struct tl_device *d, struct udev_device *u)
{
	struct tapi_line_info *in = &d->info;
	char type[32], caps[32], *end;

	memset(in, 0, sizeof(*in));
	if (access(d->path, R_OK) ||
	    !tl_attr(u, "name", in->name, sizeof(in->name)) ||
	    !tl_attr(u, "driver_name", in->driver, sizeof(in->driver)) ||
	    !tl_attr(u, "address", in->address, sizeof(in->address)) ||
	    !tl_attr(u, "line_type", type, sizeof(type)) || !tl_attr(u, "caps", caps, sizeof(caps)))
		return false;
	in->caps = strtoull(caps, &end, 16);
	if (end == caps || *end)
		return false;
	in->line_type = !strcmp(type, "subscriber") ? TAPI_LINE_TYPE_SUBSCRIBER :
			!strcmp(type, "trunk") ? TAPI_LINE_TYPE_TRUNK : 0;
	in->line_id = d->minor_no;	/* the kernel's ID of the line is its N */
	return true;
}

/*
 * Look for line devices: the first time, all of them in order; later, new
 * ones are appended and vanished ones marked removed. Returns how many
 * were added, or -1 when udev cannot be asked.
 */
int tl_devices_scan(void)
{
	struct udev *udev = udev_new();
	struct udev_enumerate *e;
	struct udev_list_entry *it;
	struct tl_device *found = NULL;
	unsigned int nfound = 0, added = 0, i;

	if (!udev)
		return -1;
	e = udev_enumerate_new(udev);
	if (!e || udev_enumerate_add_match_subsystem(e, "tapi") < 0 ||
	    udev_enumerate_scan_devices(e) < 0) {
		udev_enumerate_unref(e);
		udev_unref(udev);
		return -1;
	}
	udev_list_entry_foreach(it, udev_enumerate_get_list_entry(e)) {
		struct udev_device *d = udev_device_new_from_syspath(udev,
						udev_list_entry_get_name(it));
		const char *name = d ? udev_device_get_sysname(d) : NULL;
		const char *node = d ? udev_device_get_devnode(d) : NULL;
		int n = name ? tl_line_number(name) : -1;
		struct tl_device *grown;

		if (n >= 0 && node && (grown = realloc(found, (nfound + 1) * sizeof(*found)))) {
			found = grown;
			memset(&found[nfound], 0, sizeof(found[nfound]));
			snprintf(found[nfound].path, sizeof(found[nfound].path), "%s", node);
			snprintf(found[nfound].sysname, sizeof(found[nfound].sysname), "%s", name);
			found[nfound].minor_no = n;
			found[nfound].usable = tl_probe(&found[nfound], d);
			nfound++;
		}
		udev_device_unref(d);
	}
	udev_enumerate_unref(e);
	udev_unref(udev);
	if (nfound)	/* found is NULL when there are none */
		qsort(found, nfound, sizeof(*found), tl_cmp_minor);

	/* gone: marked, their IDs stay */
	for (i = 0; i < tl_lib.ndevs; i++) {
		bool still = false;

		for (unsigned int k = 0; k < nfound; k++)
			still |= found[k].minor_no == tl_lib.devs[i].minor_no;
		if (!still)
			tl_lib.devs[i].removed = true;
	}
	for (i = 0; i < nfound; i++) {
		struct tl_device *grown;

		if (tl_known(found[i].minor_no) || !found[i].usable)
			continue;
		grown = realloc(tl_lib.devs, (tl_lib.ndevs + 1) * sizeof(*tl_lib.devs));
		if (!grown)
			break;
		tl_lib.devs = grown;
		tl_lib.devs[tl_lib.ndevs++] = found[i];
		added++;
	}
	free(found);
	return (int)added;
}

static int tl_cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return (x > y) - (x < y);
}

/*
 * The phone device that goes with line @d (its sysfs attribute "line"
 * names the line): its phone device ID, which is its place among the
 * /dev/tapiphoneN this process may open, in the order of N, as line
 * device IDs are given. 0, LINEERR_INVALDEVICECLASS (the line has none)
 * or LINEERR_OPERATIONFAILED (udev could not be asked).
 */
LONG tl_device_phone(const struct tl_device *d, DWORD *phone_id)
{
	struct udev *udev = udev_new();
	struct udev_enumerate *e = udev ? udev_enumerate_new(udev) : NULL;
	struct udev_list_entry *it;
	unsigned int phones[256], n = 0, mine = 0;
	bool found = false;

	if (!e || udev_enumerate_add_match_subsystem(e, "tapi") < 0 ||
	    udev_enumerate_scan_devices(e) < 0) {
		udev_enumerate_unref(e);
		udev_unref(udev);
		return LINEERR_OPERATIONFAILED;
	}
	udev_list_entry_foreach(it, udev_enumerate_get_list_entry(e)) {
		struct udev_device *u = udev_device_new_from_syspath(udev,
						udev_list_entry_get_name(it));
		const char *name = u ? udev_device_get_sysname(u) : NULL;
		const char *node = u ? udev_device_get_devnode(u) : NULL;
		char line[32];
		unsigned int k;
		char *end;

		if (name && node && !strncmp(name, "tapiphone", 9) && !access(node, R_OK) &&
		    n < sizeof(phones) / sizeof(phones[0])) {
			k = (unsigned int)strtoul(name + 9, &end, 10);
			if (end != name + 9 && !*end) {
				phones[n++] = k;
				if (tl_attr(u, "line", line, sizeof(line)) &&
				    !strcmp(line, d->sysname)) {
					mine = k;
					found = true;
				}
			}
		}
		udev_device_unref(u);
	}
	udev_enumerate_unref(e);
	udev_unref(udev);
	if (!found)
		return LINEERR_INVALDEVICECLASS;
	qsort(phones, n, sizeof(phones[0]), tl_cmp_uint);
	for (*phone_id = 0; phones[*phone_id] != mine; (*phone_id)++)
		;
	return 0;
}

struct tl_device *tl_device_get(DWORD id)
{
	return id < tl_lib.ndevs ? &tl_lib.devs[id] : NULL;
}

/* The checks of functions taking an application and a device ID. */
LONG tl_app_device(HLINEAPP app, DWORD id, struct tl_device **d)
{
	if (!tl_handle_get(app, OBJ_LINEAPP))
		return LINEERR_INVALAPPHANDLE;
	*d = tl_device_get(id);
	if (!*d)
		return LINEERR_BADDEVICEID;
	return (*d)->removed ? LINEERR_NODEVICE : 0;
}
