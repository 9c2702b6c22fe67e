// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapictl: look at TAPI for Linux devices from the command line.
 *
 * This first form talks to /dev/tapiN through the uAPI directly; once
 * libtapi exists it moves onto it (see docs/man/tapictl.1).
 *
 * Exit status: 0 success, 1 a device operation failed, 2 bad usage,
 * 3 no such device, 4 timed out waiting for events.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

enum { EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_NODEV = 3, EXIT_TIMEOUT = 4 };

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tapictl [--help] COMMAND [ARGS]\n"
		"\n"
		"Commands:\n"
		"  list                  list line and phone devices with their information\n"
		"  info DEVICE           show one device (DEVICE: tapiN, N or /dev/tapiN;\n"
		"                        a phone: tapiphoneN or /dev/tapiphoneN)\n"
		"  watch DEVICE [-c N] [-t SECONDS]\n"
		"                        print events as they arrive; stop after N events\n"
		"                        or when SECONDS pass without one\n"
		"  call DEVICE NUMBER [-h SECONDS] [-t SECONDS]\n"
		"                        call NUMBER, print the call's states, hang up\n"
		"                        SECONDS (-h, default 1) after it is answered\n"
		"  answer DEVICE [-t SECONDS]\n"
		"                        take the line's incoming calls, answer the first,\n"
		"                        print its states until the far end hangs up\n"
		"\n"
		"-t: give up when SECONDS (default 10) pass without an event.\n"
		"Exit status: 0 ok, 1 operation failed (or the call was not connected),\n"
		"2 bad usage, 3 no such device, 4 timed out waiting for events.\n");
}

static int dev_path(const char *arg, char *path, size_t len)
{
	char *end;
	unsigned long n;

	const char *kind = "";

	if (!strncmp(arg, "/dev/", 5)) {
		snprintf(path, len, "%s", arg);
		return 0;
	}
	if (!strncmp(arg, "tapiphone", 9)) {
		kind = "phone";
		arg += 9;
	} else if (!strncmp(arg, "tapi", 4)) {
		arg += 4;
	}
	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || n > 65535)
		return -1;
	snprintf(path, len, "/dev/tapi%s%lu", kind, n);
	return 0;
}

static int open_dev(const char *arg, int flags, char *path, size_t len)
{
	int fd;

	if (dev_path(arg, path, len)) {
		fprintf(stderr, "tapictl: '%s' is not a device name\n", arg);
		return -EXIT_USAGE;
	}
	fd = open(path, flags);
	if (fd < 0) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		return errno == ENOENT || errno == ENODEV || errno == ENXIO ?
			-EXIT_NODEV : -EXIT_FAIL;
	}
	return fd;
}

/*
 * After the options: expect the device and @extra more arguments, open the
 * device, make stdout line-buffered for watchers. The fd, or -exit status.
 */
static int open_dev_arg(int argc, char **argv, int extra, int flags, char *path,
			size_t len)
{
	int fd;

	if (optind != argc - 1 - extra) {
		usage(stderr);
		return -EXIT_USAGE;
	}
	fd = open_dev(argv[optind], flags, path, len);
	if (fd >= 0)
		setvbuf(stdout, NULL, _IOLBF, 0);
	return fd;
}

static const char *line_type_name(unsigned int t)
{
	switch (t) {
	case TAPI_LINE_TYPE_SUBSCRIBER:
		return "subscriber";
	case TAPI_LINE_TYPE_TRUNK:
		return "trunk";
	}
	return "unknown";
}

static int get_info(int fd, const char *path, struct tapi_line_info *info)
{
	memset(info, 0, sizeof(*info));
	if (ioctl(fd, TAPI_IOC_GET_LINE_INFO, info)) {
		fprintf(stderr, "tapictl: %s: line info: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void print_info(const char *path, const struct tapi_line_info *i)
{
	static const struct { unsigned long long bit; const char *name; } caps[] = {
		{ TAPI_LINE_CAP_RING_EVENTS, "ring-events" },
		{ TAPI_LINE_CAP_AUDIO, "audio" },
		{ TAPI_LINE_CAP_DTMF_DETECT, "dtmf-detect" },
		{ TAPI_LINE_CAP_DTMF_GENERATE, "dtmf-generate" },
		{ TAPI_LINE_CAP_CALLS, "calls" },
		{ TAPI_LINE_CAP_TONE_GENERATE, "tone-generate" },
		{ TAPI_LINE_CAP_MEDIA_DETECT, "media-detect" },
		{ TAPI_LINE_CAP_TONE_DETECT, "tone-detect" },
		{ TAPI_LINE_CAP_CALLERID, "caller-id" },
		{ TAPI_LINE_CAP_HOOK_EVENTS, "hook-events" },
		{ TAPI_LINE_CAP_PULSE_DETECT, "pulse-detect" },
		{ TAPI_LINE_CAP_PULSE_GENERATE, "pulse-generate" },
	};
	size_t k;

	printf("%s\n", path);
	printf("  name:        %s\n", i->name);
	printf("  driver:      %s\n", i->driver);
	printf("  address:     %s\n", i->address);
	printf("  type:        %s\n", line_type_name(i->line_type));
	printf("  api version: %u.%u\n", i->api_version >> 16, i->api_version & 0xffff);
	printf("  capabilities:");
	for (k = 0; k < sizeof(caps) / sizeof(caps[0]); k++)
		if (i->caps & caps[k].bit)
			printf(" %s", caps[k].name);
	printf("%s\n", i->caps ? "" : " none");
	printf("  event queue: %u records\n", i->event_queue_len);
}

/* Whether @path names a phone device (/dev/tapiphoneN). */
static int is_phone(const char *path)
{
	const char *base = strrchr(path, '/');

	return !strncmp(base ? base + 1 : path, "tapiphone", 9);
}

static int get_phone_info(int fd, const char *path, struct tapi_phone_info *info)
{
	memset(info, 0, sizeof(*info));
	if (ioctl(fd, TAPI_IOC_PHONE_INFO, info)) {
		fprintf(stderr, "tapictl: %s: phone info: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void print_hookswitch_modes(unsigned int m)
{
	printf("%s%s%s%s", m & TAPI_HOOKSWITCH_ONHOOK ? " on-hook" : "",
	       m & TAPI_HOOKSWITCH_MIC ? " mic" : "",
	       m & TAPI_HOOKSWITCH_SPEAKERON ? " speaker" : "",
	       m & TAPI_HOOKSWITCH_MICSPEAKER ? " mic+speaker" : "");
}

static void print_phone_info(const char *path, const struct tapi_phone_info *i)
{
	static const char *const devs[TAPI_HOOKSWITCH_DEVS] = { "handset", "speaker", "headset" };
	unsigned int k;

	printf("%s\n", path);
	printf("  name:        %s\n", i->name);
	printf("  driver:      %s\n", i->driver);
	if (i->line_id == TAPI_PHONE_NO_LINE)
		printf("  line:        none\n");
	else
		printf("  line:        /dev/tapi%u\n", i->line_id);
	for (k = 0; k < TAPI_HOOKSWITCH_DEVS; k++) {
		if (!(i->hookswitch_devs & (1u << k)))
			continue;
		printf("  %-12s", devs[k]);
		print_hookswitch_modes(i->hookswitch_modes[k]);
		printf("\n");
	}
	printf("  display:     %u x %u\n", i->display_rows, i->display_cols);
	printf("  buttons:     %u\n", i->num_buttons);
	printf("  ring modes:  %u\n", i->num_ring_modes);
	printf("  event queue: %u records\n", i->event_queue_len);
}

/* Order tapiN, then tapiphoneN, each by N. */
static int cmp_tapi(const struct dirent **a, const struct dirent **b)
{
	int pa = is_phone((*a)->d_name), pb = is_phone((*b)->d_name);

	if (pa != pb)
		return pa - pb;
	return atoi((*a)->d_name + (pa ? 9 : 4)) - atoi((*b)->d_name + (pb ? 9 : 4));
}

static int only_tapi(const struct dirent *d)
{
	const char *n = d->d_name + (is_phone(d->d_name) ? 9 : 4);

	return !strncmp(d->d_name, "tapi", 4) && *n >= '0' && *n <= '9';
}

/* Open device @path and print what it is; 0 or an exit status. */
static int show_device(int fd, const char *path)
{
	struct tapi_phone_info pinfo;
	struct tapi_line_info info;

	if (is_phone(path)) {
		if (get_phone_info(fd, path, &pinfo))
			return EXIT_FAIL;
		print_phone_info(path, &pinfo);
		return 0;
	}
	if (get_info(fd, path, &info))
		return EXIT_FAIL;
	print_info(path, &info);
	return 0;
}

static int cmd_list(void)
{
	struct dirent **names;
	int i, n, ret = 0;

	n = scandir("/sys/class/tapi", &names, only_tapi, cmp_tapi);
	if (n < 0) {
		fprintf(stderr, "tapictl: no tapi devices (is tapi.ko loaded?)\n");
		return EXIT_NODEV;
	}
	if (!n)
		printf("no line devices\n");
	for (i = 0; i < n; i++) {
		char path[64];
		int fd = open_dev(names[i]->d_name, O_RDONLY, path, sizeof(path));

		if (fd < 0) {
			ret = EXIT_FAIL;
		} else {
			if (show_device(fd, path))
				ret = EXIT_FAIL;
			close(fd);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

static int cmd_info(const char *dev)
{
	char path[64];
	int fd = open_dev(dev, O_RDONLY, path, sizeof(path)), ret;

	if (fd < 0)
		return -fd;
	ret = show_device(fd, path);
	close(fd);
	return ret;
}

static const char *call_state_name(unsigned int s)
{
	switch (s) {
	case TAPI_CALL_IDLE: return "idle";
	case TAPI_CALL_OFFERING: return "offering";
	case TAPI_CALL_ACCEPTED: return "accepted";
	case TAPI_CALL_DIALTONE: return "dialtone";
	case TAPI_CALL_DIALING: return "dialing";
	case TAPI_CALL_RINGBACK: return "ringback";
	case TAPI_CALL_BUSY: return "busy";
	case TAPI_CALL_SPECIALINFO: return "specialinfo";
	case TAPI_CALL_CONNECTED: return "connected";
	case TAPI_CALL_PROCEEDING: return "proceeding";
	case TAPI_CALL_ONHOLD: return "onhold";
	case TAPI_CALL_DISCONNECTED: return "disconnected";
	}
	return "?";
}

static const char *disconnect_name(unsigned int d)
{
	switch (d) {
	case TAPI_DISCONNECT_NORMAL: return "normal";
	case TAPI_DISCONNECT_REJECT: return "rejected";
	case TAPI_DISCONNECT_BUSY: return "busy";
	case TAPI_DISCONNECT_NOANSWER: return "no answer";
	case TAPI_DISCONNECT_BADADDRESS: return "bad address";
	case TAPI_DISCONNECT_UNREACHABLE: return "unreachable";
	case TAPI_DISCONNECT_CONGESTION: return "congestion";
	case TAPI_DISCONNECT_UNAVAIL: return "unavailable";
	case TAPI_DISCONNECT_NODIALTONE: return "no dial tone";
	}
	return "unknown";
}

static void print_event(const struct tapi_event *e)
{
	double t = e->timestamp_ns / 1e9;

	switch (e->type) {
	case TAPI_EVENT_CALL_STATE:
		printf("%12.6f  #%llu  CALL %u %s%s%s  (%s)\n", t,
		       (unsigned long long)e->seq, e->call_id, call_state_name(e->param[0]),
		       e->param[0] == TAPI_CALL_DISCONNECTED ? ": " : "",
		       e->param[0] == TAPI_CALL_DISCONNECTED ? disconnect_name(e->param[1]) : "",
		       e->param[2] == TAPI_PRIV_OWNER ? "owner" : "monitor");
		break;
	case TAPI_EVENT_RING:
		printf("%12.6f  #%llu  RING  ring %u\n", t,
		       (unsigned long long)e->seq, e->param[0]);
		break;
	case TAPI_EVENT_DIGIT:
		printf("%12.6f  #%llu  DIGIT %c %s  (%s, %u us before)\n", t,
		       (unsigned long long)e->seq, (char)e->param[0],
		       e->param[2] == TAPI_DIGIT_END ? "end" : "start",
		       e->param[1] == TAPI_DIGIT_DTMF ? "DTMF" :
		       e->param[1] == TAPI_DIGIT_PULSE ? "pulse" : "?", e->param[3]);
		break;
	case TAPI_EVENT_GENERATE:
		printf("%12.6f  #%llu  GENERATE %s %s  tag %u\n", t, (unsigned long long)e->seq,
		       e->param[0] == TAPI_GENERATE_TONE ? "tone" : "digits",
		       e->param[1] == TAPI_GENERATE_DONE ? "done" : "cancelled", e->param[2]);
		break;
	case TAPI_EVENT_MEDIA:
		printf("%12.6f  #%llu  MEDIA signal %u  (media mode 0x%x, %u us before)\n", t,
		       (unsigned long long)e->seq, e->param[1], e->param[0], e->param[3]);
		break;
	case TAPI_EVENT_CALL_INFO:
		printf("%12.6f  #%llu  CALL %u info 0x%x%s\n", t, (unsigned long long)e->seq,
		       e->call_id, e->param[0],
		       e->param[0] == TAPI_CALLINFO_CALLERID ? " (caller ID)" : "");
		break;
	case TAPI_EVENT_TONE:
		printf("%12.6f  #%llu  TONE tag %u  (began %u us before)\n", t,
		       (unsigned long long)e->seq, e->param[0], e->param[3]);
		break;
	case TAPI_EVENT_GATHER:
		printf("%12.6f  #%llu  GATHER %u digits  (reason 0x%x)  tag %u\n", t,
		       (unsigned long long)e->seq, e->param[1], e->param[0], e->param[2]);
		break;
	case TAPI_EVENT_HOOK:
		printf("%12.6f  #%llu  HOOK %s", t, (unsigned long long)e->seq,
		       e->param[0] == TAPI_HOOK_OFFHOOK ? "off-hook" :
		       e->param[0] == TAPI_HOOK_FLASH ? "flash" : "on-hook");
		if (e->param[0] == TAPI_HOOK_FLASH)
			printf("  (%u ms)", e->param[1]);
		printf("\n");
		break;
	case TAPI_EVENT_LINE_STATE:
		printf("%12.6f  #%llu  LINE %s", t, (unsigned long long)e->seq,
		       e->param[0] == TAPI_LINESTATE_INSERVICE ? "in service" :
		       e->param[0] == TAPI_LINESTATE_OUTOFSERVICE ? "out of service" :
		       e->param[0] == TAPI_LINESTATE_OPEN ? "opened" :
		       e->param[0] == TAPI_LINESTATE_CLOSE ? "closed" :
		       e->param[0] == TAPI_LINESTATE_REMOVED ? "removed" : "changed");
		if (e->param[0] == TAPI_LINESTATE_OPEN || e->param[0] == TAPI_LINESTATE_CLOSE)
			printf("  (%u open)", e->param[1]);
		printf("\n");
		break;
	case TAPI_EVENT_PHONE_BUTTON:
		printf("%12.6f  #%llu  BUTTON %u %s\n", t, (unsigned long long)e->seq,
		       e->param[0], e->param[2] == TAPI_BUTTON_DOWN ? "down" : "up");
		break;
	case TAPI_EVENT_PHONE_STATE:
		printf("%12.6f  #%llu  PHONE state 0x%x  %u %u\n", t,
		       (unsigned long long)e->seq, e->param[0], e->param[1], e->param[2]);
		break;
	case TAPI_EVENT_OVERFLOW:
		printf("%12.6f  #%llu  OVERFLOW  %llu events lost\n", t,
		       (unsigned long long)e->seq,
		       e->param[0] | (unsigned long long)e->param[1] << 32);
		break;
	default:
		printf("%12.6f  #%llu  event type %u  call %u  params %u %u %u %u\n",
		       t, (unsigned long long)e->seq, e->type, e->call_id,
		       e->param[0], e->param[1], e->param[2], e->param[3]);
	}
}

static int cmd_watch(int argc, char **argv)
{
	long count = -1, timeout_s = -1, seen = 0;
	struct tapi_event ev[16];
	char path[64], *end;
	int fd, opt;

	while ((opt = getopt(argc, argv, "c:t:")) != -1) {
		switch (opt) {
		case 'c':
		case 't':
			errno = 0;
			*(opt == 'c' ? &count : &timeout_s) = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg ||
			    (opt == 'c' ? count : timeout_s) < 0) {
				fprintf(stderr, "tapictl: bad -%c value '%s'\n", opt, optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	fd = open_dev_arg(argc, argv, 0, O_RDONLY, path, sizeof(path));
	if (fd < 0)
		return -fd;
	if (is_phone(path)) {
		/* a phone tells a file nothing until it asks: ask for everything */
		struct tapi_phone_events pe = {
			.phone_states = TAPI_PHONESTATES,
			.button_modes = TAPI_BUTTON_MODE_DISPLAY * 2 - 1,
			.button_states = TAPI_BUTTON_UP | TAPI_BUTTON_DOWN,
		};

		if (ioctl(fd, TAPI_IOC_PHONE_EVENTS, &pe)) {
			fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
			close(fd);
			return EXIT_FAIL;
		}
	}
	while (count < 0 || seen < count) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;
		int k, pr;

		pr = poll(&p, 1, timeout_s < 0 ? -1 : (int)(timeout_s * 1000));
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
		for (k = 0; k < r / (ssize_t)sizeof(ev[0]) && (count < 0 || seen < count); k++, seen++)
			print_event(&ev[k]);
	}
	close(fd);
	return 0;
}

/* Parse -h/-t SECONDS into *v; false (after saying why) when bad. */
static int seconds_opt(int opt, const char *arg, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || *v < 0 || *v > 86400) {
		fprintf(stderr, "tapictl: bad -%c value '%s'\n", opt, arg);
		return 0;
	}
	return 1;
}

/*
 * The next state of call @id (0: any call) on @fd, printing every event on
 * the way; 0 with it in *ev, or an exit status.
 */
static int next_call_state(int fd, unsigned int id, long timeout_s, struct tapi_event *ev)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int pr = poll(&p, 1, (int)(timeout_s * 1000));

		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0) {
			fprintf(stderr, "tapictl: no event for %ld s\n", timeout_s);
			return EXIT_TIMEOUT;
		}
		if (read(fd, ev, sizeof(*ev)) != sizeof(*ev)) {
			fprintf(stderr, "tapictl: read: %s\n", strerror(errno));
			return errno == ENODEV ? EXIT_NODEV : EXIT_FAIL;
		}
		print_event(ev);
		if (ev->type == TAPI_EVENT_CALL_STATE && (!id || ev->call_id == id))
			return 0;
	}
}

static int call_request(int fd, unsigned long ioc, unsigned int id, const char *what)
{
	struct tapi_call_op op = { .call_id = id };

	if (ioctl(fd, ioc, &op)) {
		fprintf(stderr, "tapictl: %s call %u: %s\n", what, id, strerror(errno));
		return EXIT_FAIL;
	}
	return 0;
}

static int cmd_call(int argc, char **argv)
{
	long hold_s = 1, timeout_s = 10;
	struct tapi_make_call m = { .media_mode = TAPI_MEDIA_INTERACTIVEVOICE };
	struct tapi_event ev;
	char path[64];
	int fd, opt, ret;

	while ((opt = getopt(argc, argv, "h:t:")) != -1) {
		if ((opt != 'h' && opt != 't') ||
		    !seconds_opt(opt, optarg, opt == 'h' ? &hold_s : &timeout_s)) {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc - 2 && strlen(argv[optind + 1]) >= sizeof(m.dial)) {
		fprintf(stderr, "tapictl: the number is too long\n");
		return EXIT_USAGE;
	}
	fd = open_dev_arg(argc, argv, 1, O_RDWR, path, sizeof(path));
	if (fd < 0)
		return -fd;
	strcpy(m.dial, argv[optind + 1]);
	if (ioctl(fd, TAPI_IOC_MAKE_CALL, &m)) {
		fprintf(stderr, "tapictl: %s: make call: %s\n", path, strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	printf("calling %s: call %u\n", m.dial, m.call_id);
	for (;;) {
		ret = next_call_state(fd, m.call_id, timeout_s, &ev);
		if (ret)
			break;
		if (ev.param[0] == TAPI_CALL_CONNECTED) {
			sleep(hold_s);
			printf("hanging up\n");
			ret = call_request(fd, TAPI_IOC_DROP, m.call_id, "drop");
			if (!ret)
				ret = next_call_state(fd, m.call_id, timeout_s, &ev);
			break;
		}
		if (ev.param[0] == TAPI_CALL_DISCONNECTED || ev.param[0] == TAPI_CALL_BUSY) {
			/* not connected: hang up and say so */
			call_request(fd, TAPI_IOC_DROP, m.call_id, "drop");
			next_call_state(fd, m.call_id, timeout_s, &ev);
			ret = EXIT_FAIL;
			break;
		}
	}
	close(fd);
	return ret;
}

static int cmd_answer(int argc, char **argv)
{
	struct tapi_privileges p = {
		.privileges = TAPI_PRIV_OWNER, .media_modes = TAPI_MEDIA_ALL,
	};
	long timeout_s = 10;
	struct tapi_event ev;
	unsigned int id;
	char path[64];
	int fd, opt, ret;

	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt != 't' || !seconds_opt(opt, optarg, &timeout_s)) {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	fd = open_dev_arg(argc, argv, 0, O_RDWR, path, sizeof(path));
	if (fd < 0)
		return -fd;
	if (ioctl(fd, TAPI_IOC_SET_PRIVILEGES, &p)) {
		fprintf(stderr, "tapictl: %s: set privileges: %s\n", path, strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	do {
		ret = next_call_state(fd, 0, timeout_s, &ev);
	} while (!ret && ev.param[0] != TAPI_CALL_OFFERING);
	if (ret) {
		close(fd);
		return ret;
	}
	id = ev.call_id;
	{
		struct tapi_call_info ci = { .call_id = id };

		if (!ioctl(fd, TAPI_IOC_CALL_INFO, &ci))
			printf("call %u from %s to %s: answering\n", id,
			       ci.caller[0] ? ci.caller : "(unknown)", ci.called);
	}
	ret = call_request(fd, TAPI_IOC_ANSWER, id, "answer");
	while (!ret) {
		ret = next_call_state(fd, id, timeout_s, &ev);
		if (!ret && ev.param[0] == TAPI_CALL_DISCONNECTED) {
			ret = call_request(fd, TAPI_IOC_DROP, id, "drop");
			if (!ret)
				ret = next_call_state(fd, id, timeout_s, &ev);
			break;
		}
	}
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "list") && argc == 2)
		return cmd_list();
	if (!strcmp(argv[1], "info") && argc == 3)
		return cmd_info(argv[2]);
	if (!strcmp(argv[1], "watch"))
		return cmd_watch(argc - 1, argv + 1);
	if (!strcmp(argv[1], "call"))
		return cmd_call(argc - 1, argv + 1);
	if (!strcmp(argv[1], "answer"))
		return cmd_answer(argc - 1, argv + 1);
	fprintf(stderr, "tapictl: unknown command or wrong arguments: %s\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
