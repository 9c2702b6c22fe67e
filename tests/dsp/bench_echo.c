// SPDX-License-Identifier: GPL-2.0-only
/*
 * Timing of the echo canceller, ns per sample for each tail length, on
 * low-pass noise through a synthetic echo path, adapting all the time;
 * beside it spandsp's echo canceller on the same signals, as a yardstick.
 * Each figure is the best of a few runs, to ride out a busy machine.
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <spandsp.h>

#include "dsp_test.h"
#include "echo.h"

#define N	(4 * DSP_RATE)
#define RUNS	3

static int16_t far[N], near[N], out[N];
static int32_t fg[DSP_ECHO_COEF_LEN(DSP_ECHO_MAX_TAPS)];
static int32_t bg[DSP_ECHO_COEF_LEN(DSP_ECHO_MAX_TAPS)];
static int16_t hist[DSP_ECHO_HIST_LEN(DSP_ECHO_MAX_TAPS)];

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static double time_ours(unsigned int taps)
{
	static struct dsp_echo ec;
	double best = 1e30;

	for (int r = 0; r < RUNS; r++) {
		double a;

		dsp_echo_init(&ec, taps, fg, bg, hist);
		a = now_ns();
		dsp_echo_process(&ec, far, near, out, N);
		a = (now_ns() - a) / N;
		best = a < best ? a : best;
	}
	return best;
}

/*
 * spandsp with adaptation only: no NLP, CNG or filters, like ours above.
 * Some builds of it print a debug line per sample on stdout: that goes to
 * /dev/null (its cost stays in the figure, so it flatters us a little).
 */
static double time_spandsp(unsigned int taps)
{
	double best = 1e30;
	int saved, null;

	fflush(stdout);
	saved = dup(1);
	null = open("/dev/null", O_WRONLY);
	if (saved >= 0 && null >= 0)
		dup2(null, 1);

	for (int r = 0; r < RUNS; r++) {
		echo_can_state_t *ec = echo_can_init((int)taps, ECHO_CAN_USE_ADAPTION);
		double a;

		if (!ec) {
			best = -1;
			break;
		}
		a = now_ns();
		for (size_t i = 0; i < N; i++)
			out[i] = echo_can_update(ec, far[i], near[i]);
		a = (now_ns() - a) / N;
		echo_can_free(ec);
		best = a < best ? a : best;
	}
	fflush(stdout);
	if (saved >= 0) {
		dup2(saved, 1);
		close(saved);
	}
	if (null >= 0)
		close(null);
	return best;
}

int main(void)
{
	static const unsigned int taps[] = { 128, 256, 512, 1024 };
	struct ref_rng r = { 1 };
	double lp = 0;

	ref_add_noise(far, N, -15, &r);
	for (size_t i = 0; i < N; i++) {
		lp += 0.5 * (far[i] - lp);
		far[i] = (int16_t)lrint(lp);
		near[i] = i >= 100 ? (int16_t)(far[i - 100] / 3 - far[i - 97] / 5) : 0;
	}
	printf("taps   tapi ns/sample   spandsp ns/sample   tapi/spandsp\n");
	for (size_t t = 0; t < 4; t++) {
		double a = time_ours(taps[t]), b = time_spandsp(taps[t]);

		printf("%4u   %15.1f   %17.1f   %12.2f\n", taps[t], a, b, b > 0 ? a / b : 0);
	}
	return 0;
}
