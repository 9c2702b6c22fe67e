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
		"  list                  list line devices with their information\n"
		"  info DEVICE           show one device (DEVICE: tapiN, N or /dev/tapiN)\n"
		"  watch DEVICE [-c N] [-t SECONDS]\n"
		"                        print events as they arrive; stop after N events\n"
		"                        or when SECONDS pass without one\n"
		"\n"
		"Exit status: 0 ok, 1 operation failed, 2 bad usage, 3 no such device,\n"
		"4 timed out waiting for events.\n");
}

static int dev_path(const char *arg, char *path, size_t len)
{
	char *end;
	unsigned long n;

	if (!strncmp(arg, "/dev/", 5)) {
		snprintf(path, len, "%s", arg);
		return 0;
	}
	if (!strncmp(arg, "tapi", 4))
		arg += 4;
	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || n > 65535)
		return -1;
	snprintf(path, len, "/dev/tapi%lu", n);
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
	printf("%s\n", path);
	printf("  name:        %s\n", i->name);
	printf("  driver:      %s\n", i->driver);
	printf("  address:     %s\n", i->address);
	printf("  type:        %s\n", line_type_name(i->line_type));
	printf("  api version: %u.%u\n", i->api_version >> 16, i->api_version & 0xffff);
	printf("  capabilities:%s%s%s%s%s\n",
	       i->caps & TAPI_LINE_CAP_RING_EVENTS ? " ring-events" : "",
	       i->caps & TAPI_LINE_CAP_AUDIO ? " audio" : "",
	       i->caps & TAPI_LINE_CAP_DTMF_DETECT ? " dtmf-detect" : "",
	       i->caps & TAPI_LINE_CAP_DTMF_GENERATE ? " dtmf-generate" : "",
	       i->caps ? "" : " none");
	printf("  event queue: %u records\n", i->event_queue_len);
}

static int cmp_tapi(const struct dirent **a, const struct dirent **b)
{
	return atoi((*a)->d_name + 4) - atoi((*b)->d_name + 4);
}

static int only_tapi(const struct dirent *d)
{
	return !strncmp(d->d_name, "tapi", 4) && d->d_name[4] >= '0' && d->d_name[4] <= '9';
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
		struct tapi_line_info info;
		char path[64];
		int fd = open_dev(names[i]->d_name, O_RDONLY, path, sizeof(path));

		if (fd < 0) {
			ret = EXIT_FAIL;
		} else {
			if (!get_info(fd, path, &info))
				print_info(path, &info);
			else
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
	struct tapi_line_info info;
	char path[64];
	int fd = open_dev(dev, O_RDONLY, path, sizeof(path)), ret;

	if (fd < 0)
		return -fd;
	ret = get_info(fd, path, &info) ? EXIT_FAIL : 0;
	if (!ret)
		print_info(path, &info);
	close(fd);
	return ret;
}

static void print_event(const struct tapi_event *e)
{
	double t = e->timestamp_ns / 1e9;

	switch (e->type) {
	case TAPI_EVENT_RING:
		printf("%12.6f  #%llu  RING  ring %u\n", t,
		       (unsigned long long)e->seq, e->param[0]);
		break;
	case TAPI_EVENT_DIGIT:
		printf("%12.6f  #%llu  DIGIT %c %s  (%s, %u us before)\n", t,
		       (unsigned long long)e->seq, (char)e->param[0],
		       e->param[2] == TAPI_DIGIT_END ? "end" : "start",
		       e->param[1] == TAPI_DIGIT_DTMF ? "DTMF" : "?", e->param[3]);
		break;
	case TAPI_EVENT_GENERATE:
		printf("%12.6f  #%llu  GENERATE %s  tag %u\n", t, (unsigned long long)e->seq,
		       e->param[1] == TAPI_GENERATE_DONE ? "done" : "cancelled", e->param[2]);
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
	if (optind != argc - 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	fd = open_dev(argv[optind], O_RDONLY, path, sizeof(path));
	if (fd < 0)
		return -fd;
	setvbuf(stdout, NULL, _IOLBF, 0);
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
	fprintf(stderr, "tapictl: unknown command or wrong arguments: %s\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
