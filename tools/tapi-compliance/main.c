// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapi-compliance: checks that a TAPI for Linux line device (and its phone
 * device) keeps the uAPI's contract, uapi/linux/tapi.h and docs/uapi.md,
 * through the devices alone: any driver's lines must pass it. This file
 * reads the options, runs each check in a child process of its own (a
 * check that hangs or crashes fails alone, and the files it opened close
 * with it, ending its calls) and reports: one line per check, then a
 * summary, or TAP. docs/man/tapi-compliance.1 says it all.
 *
 * Exit status: 0 every check passed (or was skipped), 1 one failed, 2 bad
 * usage or a device that cannot be opened.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compliance.h"

struct ctx ctx;

/* A check gets this long; then it has failed (a read that never woke). */
#define CHECK_SECONDS 120

static const struct check *const parts[] = {
	ioctl_checks, line_checks, event_checks, signal_checks, audio_checks,
	call_checks, priv_checks, incoming_checks, phone_checks, limit_checks,
	/* last: the device is gone afterwards */
	removal_checks,
};

/* What the running check found; in its child process. */
static struct {
	char status;		/* 'o'k, 'f'ailed, 'u'nsupported */
	int more;		/* failures after the first */
	char why[512];
} result;

void fail(const char *fmt, ...)
{
	va_list ap;

	if (result.status == 'f') {
		result.more++;
		return;
	}
	result.status = 'f';
	va_start(ap, fmt);
	vsnprintf(result.why, sizeof(result.why), fmt, ap);
	va_end(ap);
}

void unsupported(const char *why)
{
	if (result.status == 'o') {
		result.status = 'u';
		snprintf(result.why, sizeof(result.why), "%s", why);
	}
}

bool failed(void)
{
	return result.status == 'f';
}

const char *errname(int err)
{
	const char *n;

	if (err < 0)
		err = -err;
	if (!err)
		return "0 (success)";
	n = strerrorname_np(err);
	return n ? n : "an unknown errno";
}

static bool vexpect(int ret, int want, const char *what, va_list ap)
{
	char buf[256];

	if (ret == -want || (!want && ret >= 0))
		return true;
	vsnprintf(buf, sizeof(buf), what, ap);
	fail("%s: got %s, expected %s", buf, ret < 0 ? errname(ret) : "success",
	     want ? errname(want) : "success");
	return false;
}

bool expect_err(int ret, int want, const char *what, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, what);
	ok = vexpect(ret, want, what, ap);
	va_end(ap);
	return ok;
}

bool expect_ok(int ret, const char *what, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, what);
	ok = vexpect(ret, 0, what, ap);
	va_end(ap);
	return ok;
}

static struct {
	bool tap;
	int n, ok, failed, skipped;
} out;

static void report(const char *name, char status, const char *why)
{
	out.n++;
	if (status == 'o') {
		out.ok++;
		if (out.tap)
			printf("ok %d %s\n", out.n, name);
		else
			printf("ok %s\n", name);
	} else if (status == 'f') {
		out.failed++;
		if (out.tap)
			printf("# %s\nnot ok %d %s\n", why, out.n, name);
		else
			printf("FAIL %s: %s\n", name, why);
	} else {
		out.skipped++;
		if (out.tap)
			printf("ok %d %s # SKIP %s\n", out.n, name, why);
		else
			printf("skip %s: %s\n", name, why);
	}
	fflush(stdout);
}

/* Run @c in a child; report what it found. */
static void run_check(const struct check *c)
{
	int p[2], status;
	ssize_t n = 0;
	pid_t pid;

	fflush(stdout);
	if (pipe2(p, O_CLOEXEC)) {
		report(c->name, 'f', "pipe failed");
		return;
	}
	pid = fork();
	if (pid < 0) {
		report(c->name, 'f', "fork failed");
		close(p[0]);
		close(p[1]);
		return;
	}
	if (!pid) {
		close(p[0]);
		/* the tool killed (a user's ^C, a test's timeout): its checks go too */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		memset(&result, 0, sizeof(result));
		result.status = 'o';
		c->run();
		if (result.more) {
			size_t len = strlen(result.why);

			snprintf(result.why + len, sizeof(result.why) - len,
				 " (and %d more)", result.more);
		}
		if (write(p[1], &result, sizeof(result)) != sizeof(result))
			_exit(3);
		_exit(0);
	}
	close(p[1]);
	{
		struct pollfd pf = { .fd = p[0], .events = POLLIN };

		if (poll(&pf, 1, CHECK_SECONDS * 1000) == 1)
			n = read(p[0], &result, sizeof(result));
		else
			kill(pid, SIGKILL);
	}
	close(p[0]);
	waitpid(pid, &status, 0);
	if (n == sizeof(result)) {
		report(c->name, result.status, result.why);
	} else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && !n) {
		char why[80];

		snprintf(why, sizeof(why), "did not finish in %d s (a read or poll that "
			 "never woke?)", CHECK_SECONDS);
		report(c->name, 'f', why);
	} else {
		char why[64];

		snprintf(why, sizeof(why), "the check died (%s)",
			 WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "no result");
		report(c->name, 'f', why);
	}
}

/* Why @c cannot run here, or NULL. */
static const char *cannot_run(const struct check *c)
{
	if ((c->needs & NEED_LINE) && !ctx.line)
		return "not run (needs a line device)";
	if ((c->needs & NEED_PHONE) && !ctx.phone)
		return "not run (needs --phone)";
	if ((c->needs & NEED_CALLER) && !ctx.caller)
		return "not run (needs --call-from)";
	if ((c->needs & NEED_REMOVE) && !ctx.remove_cmd)
		return "not run (needs --remove-cmd)";
	if ((ctx.info.caps & c->caps) != c->caps)
		return "not supported by this device";
	return NULL;
}

static bool selected(const char *name, char **only, int nonly)
{
	for (int i = 0; i < nonly; i++) {
		size_t len = strlen(only[i]);

		if (!strncmp(name, only[i], len) && (!name[len] || name[len] == '.'))
			return true;
	}
	return !nonly;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: tapi-compliance [OPTIONS] [LINE]\n"
		"Check that a TAPI for Linux line device (/dev/tapiN) and its phone device keep\n"
		"the uAPI's contract. One line per check: ok, FAIL with why, or skip.\n"
		"\n"
		"  -p, --phone PHONE      check this phone device too (/dev/tapiphoneN)\n"
		"  -c, --call-from LINE   another line that can call LINE: incoming calls\n"
		"  -n, --number NUMBER    what it dials to reach LINE (default: LINE's address)\n"
		"  -r, --remove-cmd CMD   a shell command that removes LINE (and PHONE): the\n"
		"                         removal checks, run last\n"
		"  -t, --test NAME        run only the check NAME, or those under it (repeat)\n"
		"  -l, --list             list the checks and exit\n"
		"      --tap              print TAP instead\n"
		"  -h, --help             this text\n"
		"\n"
		"Exit status: 0 nothing failed, 1 a check failed, 2 bad usage or a device that\n"
		"cannot be opened.\n");
}

/* Open @path and ask @req what it is, into @info: 0, or -1 (said why). */
static int describe(const char *path, unsigned long req, void *info, const char *kind)
{
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC), ret;

	if (fd < 0) {
		fprintf(stderr, "tapi-compliance: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ret = xioctl(fd, req, info);
	if (ret)
		fprintf(stderr, "tapi-compliance: %s: not a TAPI %s device (%s)\n", path, kind,
			strerror(-ret));
	close(fd);
	return ret ? -1 : 0;
}

static int open_devices(void)
{
	if (ctx.line && describe(ctx.line, TAPI_IOC_GET_LINE_INFO, &ctx.info, "line"))
		return -1;
	if (ctx.line && !ctx.number)
		ctx.number = ctx.info.address;
	if (ctx.phone && describe(ctx.phone, TAPI_IOC_PHONE_INFO, &ctx.pinfo, "phone"))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "phone", required_argument, NULL, 'p' },
		{ "call-from", required_argument, NULL, 'c' },
		{ "number", required_argument, NULL, 'n' },
		{ "remove-cmd", required_argument, NULL, 'r' },
		{ "test", required_argument, NULL, 't' },
		{ "list", no_argument, NULL, 'l' },
		{ "tap", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char **only = calloc(argc, sizeof(*only));
	bool list = false;
	int nonly = 0, opt, total = 0;

	while ((opt = getopt_long(argc, argv, "p:c:n:r:t:lh", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': ctx.phone = optarg; break;
		case 'c': ctx.caller = optarg; break;
		case 'n': ctx.number = optarg; break;
		case 'r': ctx.remove_cmd = optarg; break;
		case 't': only[nonly++] = optarg; break;
		case 'l': list = true; break;
		case 'T': out.tap = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc)
		ctx.line = argv[optind++];
	if (optind < argc || (!list && !ctx.line && !ctx.phone) ||
	    (ctx.caller && !ctx.line)) {
		usage(stderr);
		return 2;
	}
	for (size_t p = 0; p < ARRAY_LEN(parts); p++)
		for (const struct check *c = parts[p]; c->name; c++)
			if (selected(c->name, only, nonly))
				total++;
	if (list) {
		for (size_t p = 0; p < ARRAY_LEN(parts); p++)
			for (const struct check *c = parts[p]; c->name; c++)
				if (selected(c->name, only, nonly))
					puts(c->name);
		return 0;
	}
	if (!total) {
		fprintf(stderr, "tapi-compliance: no check is named so (--list lists them)\n");
		return 2;
	}
	if (open_devices())
		return 2;

	if (out.tap)
		printf("TAP version 13\n1..%d\n", total);
	if (ctx.line)
		printf("%s%s: \"%s\", driver %s, number \"%s\", uAPI %u.%u, caps 0x%llx\n",
		       out.tap ? "# " : "", ctx.line, ctx.info.name, ctx.info.driver,
		       ctx.info.address, ctx.info.api_version >> 16,
		       ctx.info.api_version & 0xffff, (unsigned long long)ctx.info.caps);
	if (ctx.phone)
		printf("%s%s: \"%s\", driver %s\n", out.tap ? "# " : "", ctx.phone,
		       ctx.pinfo.name, ctx.pinfo.driver);
	for (size_t p = 0; p < ARRAY_LEN(parts); p++) {
		for (const struct check *c = parts[p]; c->name; c++) {
			const char *why;

			if (!selected(c->name, only, nonly))
				continue;
			why = cannot_run(c);
			if (why)
				report(c->name, 'u', why);
			else
				run_check(c);
		}
	}
	printf("%s%d ok, %d failed, %d skipped\n", out.tap ? "# " : "", out.ok, out.failed,
	       out.skipped);
	free(only);
	return out.failed ? 1 : 0;
}
