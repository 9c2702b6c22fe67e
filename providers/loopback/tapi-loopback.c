// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi-loopback: the smallest useful provider (docs/utapi.md). It creates
 * one line on /dev/utapi whose far end is an echo: a call it is asked to
 * make waits in dial tone until it has digits, then proceeds, rings back
 * and connects; a call it is asked to answer connects; whatever the line
 * sends comes back as what it receives. tapi-compliance and the kselftests run against it.
 *
 *   tapi-loopback [NUMBER]     runs until killed; prints the line's device
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/utapi.h>

static int ufd;
static unsigned int dev;

static void state(unsigned int id, unsigned int s)
{
	struct utapi_call_state cs = { .dev = dev, .call_id = id, .state = s };

	ioctl(ufd, UTAPI_IOC_CALL_STATE, &cs);
}

/* The calls that got through: dialing more on them is in-band. */
static unsigned int up[8];

static int is_up(unsigned int id)
{
	for (unsigned int i = 0; i < 8; i++)
		if (up[i] == id)
			return 1;
	return 0;
}

static void set_up(unsigned int id, unsigned int was)
{
	for (unsigned int i = 0; i < 8; i++)
		if (up[i] == was) {
			up[i] = id;
			return;
		}
}

/* Digits dialled: the far end rings back and answers, unless more follow. */
static void dialled(unsigned int id, const char *digits)
{
	size_t n = strlen(digits);

	if (!n || is_up(id))
		return;		/* "": dial tone, waiting for lineDial */
	if (digits[n - 1] == ';') {
		state(id, TAPI_CALL_DIALING);
		return;
	}
	state(id, TAPI_CALL_PROCEEDING);
	state(id, TAPI_CALL_RINGBACK);
	state(id, TAPI_CALL_CONNECTED);
	set_up(id, 0);
}

/* One request: answer it, then report what the far end does. */
static void serve(const struct utapi_request *r)
{
	struct utapi_reply rep = { .seq = r->seq };

	if (r->seq)
		ioctl(ufd, UTAPI_IOC_REPLY, &rep);
	if (r->type == UTAPI_REQ_MAKE_CALL || r->type == UTAPI_REQ_DIAL) {
		dialled(r->call_id, r->dial);
	} else if (r->type == UTAPI_REQ_ANSWER) {
		state(r->call_id, TAPI_CALL_CONNECTED);
		set_up(r->call_id, 0);
	} else if (r->type == UTAPI_REQ_DROP) {
		set_up(0, r->call_id);
	}
}

int main(int argc, char **argv)
{
	struct utapi_line_create c = {
		.version = UTAPI_VERSION, .line_type = TAPI_LINE_TYPE_TRUNK,
		.ops = UTAPI_OP_MAKE_CALL | UTAPI_OP_DIAL | UTAPI_OP_ANSWER |
		       UTAPI_OP_DROP | UTAPI_OP_AUDIO,
	};
	struct utapi_audio_open ao = { 0 };
	struct pollfd p[2];
	short buf[160];

	ufd = open("/dev/utapi", O_RDWR | O_CLOEXEC);
	if (ufd < 0) {
		perror("/dev/utapi");
		return 1;
	}
	snprintf(c.name, sizeof(c.name), "Loopback");
	snprintf(c.driver, sizeof(c.driver), "tapi-loopback");
	snprintf(c.address, sizeof(c.address), "%s", argc > 1 ? argv[1] : "");
	if (ioctl(ufd, UTAPI_IOC_CREATE_LINE, &c)) {
		perror("UTAPI_IOC_CREATE_LINE");
		return 1;
	}
	dev = ao.dev = c.dev;
	if (ioctl(ufd, UTAPI_IOC_AUDIO_OPEN, &ao)) {
		perror("UTAPI_IOC_AUDIO_OPEN");
		return 1;
	}
	printf("/dev/tapi%u\n", c.line_id);
	fflush(stdout);
	p[0] = (struct pollfd){ .fd = ufd, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = ao.fd, .events = POLLIN };
	while (poll(p, 2, -1) > 0) {
		struct utapi_request r;
		ssize_t n;

		if ((p[0].revents & POLLIN) && read(ufd, &r, sizeof(r)) == sizeof(r))
			serve(&r);
		/* what the line sent is what it receives: the far end echoes */
		if (p[1].revents & POLLIN) {
			n = read(ao.fd, buf, sizeof(buf));
			if (n > 0 && write(ao.fd, buf, n) != n)
				return 1;
		}
		if ((p[0].revents | p[1].revents) & (POLLHUP | POLLERR))
			return 1;
	}
	return errno == EINTR ? 0 : 1;
}
