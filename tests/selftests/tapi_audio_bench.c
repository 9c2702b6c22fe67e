// SPDX-License-Identifier: GPL-2.0-only
/*
 * Audio latency benchmark: how long a chunk written on one line takes to
 * be read on the line it is connected to (tapi_sim's cross-connect), per
 * chunk size, against the bound of two chunks and a tick. It reports; it
 * does not pass or fail.
 *
 * Usage: tapi_audio_bench [ROUNDS]   (default 200 per chunk size)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/tapi.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int stream(const char *dev, unsigned int chunk_ms)
{
	struct tapi_audio_open a = { .format = TAPI_AUDIO_LINEAR16, .chunk_ms = chunk_ms };
	int fd = open(dev, O_RDWR);

	if (fd < 0 || ioctl(fd, TAPI_IOC_AUDIO_OPEN, &a))
		return -1;
	close(fd);	/* the stream keeps the line */
	return a.fd;
}

int main(int argc, char **argv)
{
	static const unsigned int chunks[] = { 1, 5, 10, 20 };
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	FILE *c = fopen("/sys/kernel/debug/tapi_sim/1001/connect", "w");

	if (!c || fputs("1002", c) < 0 || fclose(c) || rounds < 1) {
		fprintf(stderr, "needs tapi_sim lines 1001 and 1002 and debugfs\n");
		return 2;
	}
	printf("%8s %8s %8s %8s %8s %8s\n", "chunk", "min", "median", "p99", "max", "bound");
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		unsigned int n = chunks[k] * 8;
		int a = stream("/dev/tapi0", chunks[k]), b = stream("/dev/tapi1", chunks[k]);
		double *lat = calloc(rounds, sizeof(*lat));
		short buf[160], in[160];

		if (a < 0 || b < 0 || !lat)
			return 1;
		for (int r = 0; r < rounds; r++) {
			double t0;
			int seen = 0;

			/* let b catch up to silence, then send one marked chunk */
			usleep(20000);
			fcntl(b, F_SETFL, O_NONBLOCK);
			while (read(b, in, n * 2) > 0)
				;
			fcntl(b, F_SETFL, 0);
			for (unsigned int i = 0; i < n; i++)
				buf[i] = (short)(100 + r);
			t0 = now_ms();
			if (write(a, buf, n * 2) != (ssize_t)(n * 2))
				return 1;
			while (!seen) {
				if (read(b, in, n * 2) != (ssize_t)(n * 2))
					return 1;
				for (unsigned int i = 0; i < n; i++)
					seen |= in[i] == 100 + r;
			}
			lat[r] = now_ms() - t0;
		}
		qsort(lat, rounds, sizeof(*lat), cmp);
		printf("%5u ms %5.2f ms %5.2f ms %5.2f ms %5.2f ms %5.0f ms\n", chunks[k], lat[0],
		       lat[rounds / 2], lat[rounds * 99 / 100], lat[rounds - 1], 2.0 * chunks[k] + 1);
		close(a);
		close(b);
		free(lat);
	}
	return 0;
}
