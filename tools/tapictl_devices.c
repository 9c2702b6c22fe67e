// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapictl list, info, status and watch: the devices, line devices through
 * libtapi, phone devices through the uAPI (libtapi has no phone functions
 * yet).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/tapi.h>
#include <tapi.h>

#include "tapictl.h"

static void print_line(DWORD dev)
{
	LINEDEVCAPS *c = dev_caps(dev);
	char buf[256], name[128], number[64];
	const char *cls;

	if (!c)
		return;
	vstr(c, c->dwLineNameSize, c->dwLineNameOffset, name, sizeof(name));
	vstr(c, c->dwProviderInfoSize, c->dwProviderInfoOffset, buf, sizeof(buf));
	line_address(dev, number, sizeof(number));
	printf("/dev/tapi%lu  (TAPI line device %lu)\n", (unsigned long)c->dwPermanentLineID,
	       (unsigned long)dev);
	printf("  name:          %s\n", name);
	/* libtapi's provider info is "libtapi DRIVER" */
	printf("  driver:        %s\n", strncmp(buf, "libtapi ", 8) ? buf : buf + 8);
	printf("  address:       %s\n", number);
	printf("  media modes:   %s\n", flags_of(mediamodes, c->dwMediaModes, buf, sizeof(buf)));
	printf("  digits:        detect %s",
	       flags_of(digitmodes, c->dwMonitorDigitModes, buf, sizeof(buf)));
	printf(", generate %s\n", flags_of(digitmodes, c->dwGenerateDigitModes, buf, sizeof(buf)));
	printf("  tones:         generate %s\n",
	       flags_of(tonemodes, c->dwGenerateToneModes, buf, sizeof(buf)));
	printf("  active calls:  up to %lu\n", (unsigned long)c->dwMaxNumActiveCalls);
	printf("  line states:   %s\n", flags_of(devstates, c->dwLineStates, buf, sizeof(buf)));
	printf("  lineGetID:    ");
	for (cls = (const char *)c + c->dwDeviceClassesOffset;
	     c->dwDeviceClassesSize && *cls &&
	     cls < (const char *)c + c->dwDeviceClassesOffset + c->dwDeviceClassesSize;
	     cls += strlen(cls) + 1)
		printf(" %s", cls);
	printf("\n");
	free(c);
}

/* A line's status (it is opened without privileges to ask); 0 or a status. */
static int print_status(DWORD dev)
{
	LINEDEVSTATUS *st = vstruct(4096);
	char buf[256];
	HLINE line;
	int ret = open_line(dev, LINECALLPRIVILEGE_NONE, 0, &line);
	LONG r;

	if (ret) {
		free(st);
		return ret;
	}
	r = lineGetLineDevStatus(line, st);
	if (r) {
		fprintf(stderr, "tapictl: lineGetLineDevStatus: %s\n", err_name(r));
		ret = EXIT_FAIL;
	} else {
		printf("  status:        %s\n",
		       flags_of(statusflags, st->dwDevStatusFlags, buf, sizeof(buf)));
		/* this process's own open counts too */
		printf("  opens:         %lu (this tapictl's included), owning media modes %s\n",
		       (unsigned long)st->dwNumOpens,
		       flags_of(mediamodes, st->dwOpenMediaModes, buf, sizeof(buf)));
		printf("  calls:         %lu active, %lu on hold\n",
		       (unsigned long)st->dwNumActiveCalls, (unsigned long)st->dwNumOnHoldCalls);
	}
	lineClose(line);
	free(st);
	return ret;
}

static void print_hookswitch_modes(unsigned int m)
{
	printf("%s%s%s%s", m & TAPI_HOOKSWITCH_ONHOOK ? " on-hook" : "",
	       m & TAPI_HOOKSWITCH_MIC ? " mic" : "",
	       m & TAPI_HOOKSWITCH_SPEAKERON ? " speaker" : "",
	       m & TAPI_HOOKSWITCH_MICSPEAKER ? " mic+speaker" : "");
}

/* A phone device through the uAPI (libtapi has no phone functions yet). */
static int show_phone(const char *path)
{
	static const char *const devs[TAPI_HOOKSWITCH_DEVS] = { "handset", "speaker", "headset" };
	struct tapi_phone_info i = { 0 };
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		return errno == ENOENT || errno == ENODEV || errno == ENXIO ? EXIT_NODEV : EXIT_FAIL;
	}
	if (ioctl(fd, TAPI_IOC_PHONE_INFO, &i)) {
		fprintf(stderr, "tapictl: %s: phone info: %s\n", path, strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	close(fd);
	printf("%s  (phone)\n", path);
	printf("  name:          %s\n", i.name);
	printf("  driver:        %s\n", i.driver);
	if (i.line_id == TAPI_PHONE_NO_LINE)
		printf("  line:          none\n");
	else
		printf("  line:          /dev/tapi%u\n", i.line_id);
	for (unsigned int k = 0; k < TAPI_HOOKSWITCH_DEVS; k++) {
		if (!(i.hookswitch_devs & (1u << k)))
			continue;
		printf("  %-14s", devs[k]);
		print_hookswitch_modes(i.hookswitch_modes[k]);
		printf("\n");
	}
	printf("  display:       %u x %u\n", i.display_rows, i.display_cols);
	printf("  buttons:       %u\n", i.num_buttons);
	printf("  ring modes:    %u\n", i.num_ring_modes);
	return 0;
}

static int only_phones(const struct dirent *d)
{
	return !strncmp(d->d_name, "tapiphone", 9) && d->d_name[9] >= '0' && d->d_name[9] <= '9';
}

static int cmp_phones(const struct dirent **a, const struct dirent **b)
{
	return atoi((*a)->d_name + 9) - atoi((*b)->d_name + 9);
}

int cmd_list(void)
{
	struct dirent **names;
	int ret, n;

	if (access("/sys/class/tapi", F_OK)) {
		fprintf(stderr, "tapictl: no tapi devices (is tapi.ko loaded?)\n");
		return EXIT_NODEV;
	}
	ret = tapi_start();
	if (ret)
		return ret;
	if (!num_devs)
		printf("no line devices\n");
	for (DWORD d = 0; d < num_devs; d++)
		print_line(d);
	lineShutdown(app);
	n = scandir("/sys/class/tapi", &names, only_phones, cmp_phones);
	for (int i = 0; i < n; i++) {
		char path[300];

		snprintf(path, sizeof(path), "/dev/%s", names[i]->d_name);
		if (show_phone(path))
			ret = EXIT_FAIL;
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return ret;
}

int cmd_info(const char *arg, int status_only)
{
	long dev;
	int ret;

	if (is_phone(arg) && dev_number(arg) >= 0) {
		char path[64];

		if (status_only) {
			fprintf(stderr, "tapictl: status is for line devices\n");
			return EXIT_USAGE;
		}
		snprintf(path, sizeof(path), "/dev/tapiphone%ld", dev_number(arg));
		return show_phone(path);
	}
	dev = line_arg(arg, &ret);
	if (dev < 0)
		return ret;
	if (status_only) {
		char number[64];

		line_address((DWORD)dev, number, sizeof(number));
		printf("/dev/tapi%ld  (TAPI line device %ld, %s)\n", dev_number(arg), dev, number);
	} else {
		print_line((DWORD)dev);
	}
	ret = print_status((DWORD)dev);
	lineShutdown(app);
	return ret;
}

/* A phone's events, through the uAPI (libtapi has no phone functions yet). */
static void print_phone_event(const struct tapi_event *e)
{
	double t = e->timestamp_ns / 1e9;

	switch (e->type) {
	case TAPI_EVENT_PHONE_BUTTON:
		printf("%12.6f  PHONE_BUTTON %u %s\n", t, e->param[0],
		       e->param[2] == TAPI_BUTTON_DOWN ? "down" : "up");
		break;
	case TAPI_EVENT_PHONE_STATE:
		printf("%12.6f  PHONE_STATE 0x%x  %u %u\n", t, e->param[0], e->param[1],
		       e->param[2]);
		break;
	case TAPI_EVENT_OVERFLOW:
		printf("%12.6f  OVERFLOW  %llu events lost\n", t,
		       e->param[0] | (unsigned long long)e->param[1] << 32);
		break;
	default:
		printf("%12.6f  event type %u  params %u %u %u %u\n", t, e->type,
		       e->param[0], e->param[1], e->param[2], e->param[3]);
	}
}

static int watch_phone(const char *arg, long count, double timeout_s)
{
	struct tapi_phone_events pe = {
		.phone_states = TAPI_PHONESTATES,
		.button_modes = TAPI_BUTTON_MODE_DISPLAY * 2 - 1,
		.button_states = TAPI_BUTTON_UP | TAPI_BUTTON_DOWN,
	};
	struct tapi_event ev[16];
	char path[64];
	long seen = 0;
	int fd;

	snprintf(path, sizeof(path), "/dev/tapiphone%ld", dev_number(arg));
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		return errno == ENOENT || errno == ENODEV || errno == ENXIO ? EXIT_NODEV : EXIT_FAIL;
	}
	/* a phone tells a file nothing until it asks: ask for everything */
	if (ioctl(fd, TAPI_IOC_PHONE_EVENTS, &pe)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	while (count < 0 || seen < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int pr = poll(&p, 1, timeout_s < 0 ? -1 : (int)(timeout_s * 1000));
		ssize_t r;

		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0) {
			close(fd);
			return EXIT_TIMEOUT;
		}
		r = read(fd, ev, sizeof(ev));
		if (r < 0) {
			fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
			close(fd);
			return errno == ENODEV ? EXIT_NODEV : EXIT_FAIL;
		}
		for (int k = 0; k < r / (ssize_t)sizeof(ev[0]) && (count < 0 || seen < count);
		     k++, seen++)
			print_phone_event(&ev[k]);
	}
	close(fd);
	return 0;
}

int cmd_watch(int argc, char **argv)
{
	long count = -1, seen = 0;
	double timeout_s = -1;
	LINEMESSAGE m;
	HLINE line;
	long dev;
	int opt, ret;

	while ((opt = getopt(argc, argv, "c:t:")) != -1) {
		if ((opt == 'c' && !count_arg(opt, optarg, 1000000000, &count)) ||
		    (opt == 't' && !seconds_arg(opt, optarg, &timeout_s)))
			return EXIT_USAGE;
		if (opt != 'c' && opt != 't') {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (is_phone(argv[optind]) && dev_number(argv[optind]) >= 0)
		return watch_phone(argv[optind], count, timeout_s);
	dev = line_arg(argv[optind], &ret);
	if (dev < 0)
		return ret;
	/* a monitor: it sees every call on the line and takes none */
	ret = open_line((DWORD)dev, LINECALLPRIVILEGE_MONITOR, 0, &line);
	if (ret)
		return ret;
	timeline("watching (a monitor of the line)");
	while (count < 0 || seen < count) {
		LONG r = lineGetMessage(app, &m, timeout_s < 0 ? INFINITE :
					(DWORD)(timeout_s * 1000));

		if (r == (LONG)LINEERR_OPERATIONFAILED) {
			ret = EXIT_TIMEOUT;
			break;
		}
		if (r) {
			fprintf(stderr, "tapictl: lineGetMessage: %s\n", err_name(r));
			ret = EXIT_FAIL;
			break;
		}
		print_message(&m);
		seen++;
		if (m.dwMessageID == LINE_APPNEWCALL) {
			struct call c = { .h = (HCALL)m.dwParam2 };

			show_caller_id(&c);
			/* the digits either end sends on it */
			lineMonitorDigits(c.h, LINEDIGITMODE_DTMF | LINEDIGITMODE_DTMFEND);
		}
		if (m.dwMessageID == LINE_CALLSTATE && m.dwParam1 == LINECALLSTATE_IDLE)
			lineDeallocateCall((HCALL)m.hDevice);
		if (m.dwMessageID == LINE_CLOSE) {
			ret = EXIT_NODEV;
			break;
		}
	}
	lineShutdown(app);
	return ret;
}
