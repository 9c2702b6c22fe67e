// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clock benchmark, the way dahdi_test measures DAHDI's timing: samples the
 * clock delivered against wall time, per interval and over the whole run
 * (DAHDI calls 99.99% or better a pass), plus the tick's cost per line from
 * the core's statistics. It reports; it does not pass or fail.
 *
 * Usage: tapi_clock_bench [SECONDS [MONITORS DEVICE]]
 *   SECONDS: default 60, intervals of 1 s. MONITORS files are opened on
 *   line DEVICE first, each monitoring four tones of three frequencies
 *   (drawn from TAPI_MAX_TONE_FREQS of them, all the filters a line has),
 *   to measure what tone monitoring costs the tick.
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

struct stats {
	long long ticks, slipped, late_runs, max_late_ns, busy_ns, line_ticks;
};

static int read_stats(struct stats *s)
{
	FILE *f = fopen("/sys/kernel/debug/tapi/clock", "r");
	char key[64];
	long long v;

	if (!f)
		return -1;
	memset(s, 0, sizeof(*s));
	while (fscanf(f, "%63s %lld", key, &v) == 2) {
		if (!strcmp(key, "ticks"))
			s->ticks = v;
		else if (!strcmp(key, "slipped"))
			s->slipped = v;
		else if (!strcmp(key, "late_runs"))
			s->late_runs = v;
		else if (!strcmp(key, "max_late_ns"))
			s->max_late_ns = v;
		else if (!strcmp(key, "busy_ns"))
			s->busy_ns = v;
		else if (!strcmp(key, "line_ticks"))
			s->line_ticks = v;
	}
	fclose(f);
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* @n files on @dev monitoring tones: 0, or -1 when one could not. */
static int monitors(int n, const char *dev)
{
	int i, t, k;

	for (i = 0; i < n; i++) {
		struct tapi_monitor_tones m = { .count = TAPI_MONITOR_TONES_MAX };
		int fd = open(dev, O_RDWR | O_CLOEXEC);

		for (t = 0; t < TAPI_MONITOR_TONES_MAX; t++) {
			m.tones[t].tag = t;
			m.tones[t].duration_ms = 100;
			for (k = 0; k < 3; k++)
				m.tones[t].freq[k] = 350 + 90 * ((i * 5 + t * 3 + k) %
							    TAPI_MAX_TONE_FREQS);
		}
		if (fd < 0 || ioctl(fd, TAPI_IOC_MONITOR_TONES, &m)) {
			perror(dev);
			return -1;
		}
		/* left open: they monitor until the program exits */
	}
	return 0;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 60;
	struct stats first, prev, cur;
	double t0, tprev, t, worst = 1e9;

	if (seconds < 1 || (argc == 4 && monitors(atoi(argv[2]), argv[3])) ||
	    (argc != 2 && argc != 4 && argc != 1) || read_stats(&first)) {
		fprintf(stderr, "usage: tapi_clock_bench [SECONDS [MONITORS DEVICE]]; needs "
			"tapi.ko, a line with audio, debugfs\n");
		return 2;
	}
	prev = first;
	t0 = tprev = now_ms();
	for (int i = 0; i < seconds; i++) {
		double pct;

		usleep(1000000);
		read_stats(&cur);
		t = now_ms();
		pct = 100.0 * (cur.ticks - prev.ticks) / (t - tprev);
		if (pct < worst)
			worst = pct;
		printf("%4d: %6lld samples in %8.1f ms: %8.4f%%\n", i + 1,
		       (cur.ticks - prev.ticks) * 8, t - tprev, pct);
		prev = cur;
		tprev = t;
	}
	printf("--- over %.1f s: %.4f%% of the samples wall time asks for; worst interval "
	       "%.4f%%\n", (t - t0) / 1e3, 100.0 * (cur.ticks - first.ticks) / (t - t0), worst);
	printf("    timer runs that caught up missed ticks: %lld; latest timer run: %.3f ms; "
	       "ticks slipped: %lld\n", cur.late_runs - first.late_runs, cur.max_late_ns / 1e6,
	       cur.slipped - first.slipped);
	if (cur.line_ticks > first.line_ticks)
		printf("    tick cost: %.0f ns per line (%.1f lines per tick)\n",
		       (double)(cur.busy_ns - first.busy_ns) / (cur.line_ticks - first.line_ticks),
		       (double)(cur.line_ticks - first.line_ticks) / (cur.ticks - first.ticks));
	return 0;
}
