// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTMF receivers side by side: ours (kernel/dsp/dtmf.c) and spandsp's, on
 * the same signals, measured against ITU-T Q.24's figures: frequency
 * acceptance per tone, twist, dynamic range, shortest burst, noise, talk-off
 * on synthetic speech, and cost per sample. It reports; it never fails on a
 * figure (make bench runs it).
 *
 * TAPI_TALKOFF names the corpus directory (tests/dsp/talkoff-corpus.sh).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <spandsp.h>
#include <spandsp/version.h>

#include "dsp_test.h"
#include "dtmf.h"

static const double row_hz[4] = { 697, 770, 852, 941 };
static const double col_hz[4] = { 1209, 1336, 1477, 1633 };
static const char keys[4][5] = { "123A", "456B", "789C", "*0#D" };

/* A receiver under test: feed a whole signal, get the digits it heard. */
struct rx {
	const char *name;
	void (*detect)(const int16_t *x, size_t n, char *digits, size_t max);
};

static void ours(const int16_t *x, size_t n, char *digits, size_t max)
{
	static struct dsp_dtmf_rx rx;
	struct dsp_dtmf_event ev[16];
	size_t got = 0, off, k, m;

	dsp_dtmf_rx_init(&rx);
	for (off = 0; off < n; off += 160) {
		m = dsp_dtmf_rx_process(&rx, x + off, n - off < 160 ? n - off : 160, ev, 16);
		for (k = 0; k < m; k++)
			if (!ev[k].end && got + 1 < max)
				digits[got++] = ev[k].digit;
	}
	digits[got] = 0;
}

static void spandsp(const int16_t *x, size_t n, char *digits, size_t max)
{
	dtmf_rx_state_t *s = dtmf_rx_init(NULL, NULL, NULL);
	size_t off, got = 0;

	for (off = 0; off < n; off += 160) {
		dtmf_rx(s, x + off, n - off < 160 ? (int)(n - off) : 160);
		got += dtmf_rx_get(s, digits + got, (int)(max - 1 - got));
	}
	digits[got] = 0;
	dtmf_rx_free(s);
}

static const struct rx rxs[] = { { "ours", ours }, { "spandsp", spandsp } };
#define NRX 2

/* Bursts of one digit: lo/hi frequencies and levels, on/off in ms, optional noise. */
static size_t bursts(int16_t *buf, int count, double lo, double lo_dbm0, double hi,
		     double hi_dbm0, double on_ms, double off_ms, double noise_dbm0,
		     uint64_t seed)
{
	size_t on = (size_t)(on_ms * 8), off = (size_t)(off_ms * 8), pos = 0;
	struct ref_rng r = { seed };

	for (int b = 0; b < count; b++) {
		memset(buf + pos, 0, (on + off) * sizeof(*buf));
		ref_add_sine(buf + pos + off, on, lo, lo_dbm0, 0.1 * b);
		ref_add_sine(buf + pos + off, on, hi, hi_dbm0, 0.7 * b);
		pos += on + off;
	}
	memset(buf + pos, 0, off * sizeof(*buf));
	pos += off;
	if (noise_dbm0 > -200)
		ref_add_noise(buf, pos, noise_dbm0, &r);
	return pos;
}

static int16_t sig[8000 * 300];
static char heard[4096];

/* How many bursts came out as @want, whatever else came out. */
static int count_of(const struct rx *rx, size_t n, char want)
{
	int k = 0;

	rx->detect(sig, n, heard, sizeof(heard));
	for (char *p = heard; *p; p++)
		k += *p == want;
	return k;
}

/* How many of @count bursts of @want came out, with nothing else. */
static int score(const struct rx *rx, size_t n, char want, int count)
{
	int ok = 0;

	rx->detect(sig, n, heard, sizeof(heard));
	for (char *p = heard; *p; p++) {
		if (*p != want)
			return -1;	/* a wrong digit: worse than a miss */
		ok++;
	}
	return ok > count ? -1 : ok;
}

static size_t deviated(int t, double dev_pct)
{
	double f = (t < 4 ? row_hz[t] : col_hz[t - 4]) * (1 + dev_pct / 100);

	return t < 4 ? bursts(sig, 10, f, -10, col_hz[0], -10, 50, 50, -300, 1) :
		       bursts(sig, 10, row_hz[0], -10, f, -10, 50, 50, -300, 1);
}

static void frequency_acceptance(void)
{
	printf("\nFrequency acceptance (other tone nominal, -10 dBm0 each, 50/50 ms, 10 bursts):\n");
	printf("Q.24: accept within +-1.5%%, reject beyond +-3.5%%. Each cell: every burst\n");
	printf("accepted up to A%%, none heard as that digit from R%% to 5%% (halfway to the\n");
	printf("next row or column), below and above.\n");
	printf("%8s", "tone");
	for (int r = 0; r < NRX; r++)
		printf("  %-30s", rxs[r].name);
	printf("\n");
	for (int t = 0; t < 8; t++) {
		char key = t < 4 ? keys[t][0] : keys[0][t - 4];

		printf("%6.0f Hz", t < 4 ? row_hz[t] : col_hz[t - 4]);
		for (int r = 0; r < NRX; r++) {
			double acc[2], rej[2];
			bool ok = true;

			for (int side = 0; side < 2; side++) {
				double sign = side ? 1 : -1, d;

				for (d = 0.1; d <= 8.0; d += 0.1)
					if (score(&rxs[r], deviated(t, sign * d), key, 10) != 10)
						break;
				acc[side] = d - 0.1;
				/* the smallest deviation from which the digit is never heard, up to 5% */
				rej[side] = 99;
				for (d = 5.0; d >= acc[side]; d -= 0.1) {
					if (count_of(&rxs[r], deviated(t, sign * d), key) != 0)
						break;
					rej[side] = d;
				}
				ok = ok && acc[side] >= 1.5 && rej[side] <= 3.5 + 1e-9;
			}
			printf("  A -%.1f/+%.1f  R -%.1f/+%.1f %s", acc[0], acc[1],
			       rej[0] > 5 ? 0.0 / 0.0 : rej[0], rej[1] > 5 ? 0.0 / 0.0 : rej[1],
			       ok ? "  " : " !");
		}
		printf("\n");
	}
	printf("(! marks a tone outside Q.24's lines)\n");
}

static void twist(void)
{
	printf("\nTwist (digit 5, strong tone at -6 dBm0), largest accepted:\n");
	for (int r = 0; r < NRX; r++) {
		double lim[2];

		for (int reverse = 0; reverse < 2; reverse++) {
			double t;

			for (t = 0.5; t <= 20; t += 0.5) {
				size_t n = reverse ?
					bursts(sig, 10, 770, -6 - t, 1336, -6, 50, 50, -300, 2) :
					bursts(sig, 10, 770, -6, 1336, -6 - t, 50, 50, -300, 2);

				if (score(&rxs[r], n, '5', 10) != 10)
					break;
			}
			lim[reverse] = t - 0.5;
		}
		printf("  %-8s normal %4.1f dB, reverse %4.1f dB   (Q.24: >= 8 and >= 4)\n",
		       rxs[r].name, lim[0], lim[1]);
	}
}

static void dynamic_range(void)
{
	printf("\nDynamic range (digit 0, both tones at the level):\n");
	for (int r = 0; r < NRX; r++) {
		double top = 99, bottom = 99;

		for (double l = 3; l >= -60; l -= 1) {
			size_t n = bursts(sig, 10, 941, l, 1336, l, 50, 50, -300, 3);
			bool ok = score(&rxs[r], n, '0', 10) == 10;

			if (ok && top == 99)
				top = l;
			if (ok)
				bottom = l;
			else if (top != 99)
				break;
		}
		printf("  %-8s %+.0f .. %+.0f dBm0 per tone: %.0f dB   (Q.24: >= 35 dB)\n",
		       rxs[r].name, top, bottom, top - bottom);
	}
}

static void duration(void)
{
	printf("\nBurst length (digit 8, -10 dBm0, 60 ms gaps, 10 bursts):\n");
	for (int r = 0; r < NRX; r++) {
		int shortest = -1, longest_rejected = -1;

		for (int ms = 10; ms <= 60; ms++) {
			size_t n = bursts(sig, 10, 852, -10, 1336, -10, ms, 60, -300, 4);
			int s = score(&rxs[r], n, '8', 10);

			if (s == 0)
				longest_rejected = ms;
			if (s == 10 && shortest < 0)
				shortest = ms;
		}
		printf("  %-8s all accepted from %d ms, all rejected up to %d ms   "
		       "(Q.24: accept 40, reject < ~25)\n", rxs[r].name, shortest, longest_rejected);
	}
}

static void in_noise(void)
{
	printf("\nNoise (1000 bursts of digit 9, -10 dBm0 per tone, 50/50 ms, white noise):\n");
	for (int r = 0; r < NRX; r++) {
		double worst = 99;

		for (double snr = 24; snr >= 0; snr -= 1) {
			/* S/N against the digit's total power: two tones at -10 add up to -7 */
			size_t n = bursts(sig, 1000, 852, -10, 1477, -10, 50, 50, -7 - snr, 5);

			if (score(&rxs[r], n, '9', 1000) != 1000)
				break;
			worst = snr;
		}
		printf("  %-8s every burst detected down to %.0f dB S/N   (requirement: 15 dB)\n",
		       rxs[r].name, worst);
	}
}

static void talk_off(void)
{
	const char *dir = getenv("TAPI_TALKOFF");
	size_t total = 0, false_digits[NRX][3] = { { 0 } };
	static const double gain_db[3] = { 0, 10, -10 };
	struct dirent *e;
	DIR *d;

	printf("\nTalk-off (synthetic speech, espeak-ng voices and speeds, 30 dB S/N noise):\n");
	if (!dir || !(d = opendir(dir))) {
		printf("  no corpus: set TAPI_TALKOFF (make bench does)\n");
		return;
	}
	while ((e = readdir(d))) {
		char path[4096];
		size_t n;
		FILE *f;

		if (!strstr(e->d_name, ".raw"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		n = fread(sig, sizeof(int16_t), sizeof(sig) / sizeof(sig[0]), f);
		fclose(f);
		total += n;
		for (int g = 0; g < 3; g++) {
			static int16_t scaled[sizeof(sig) / sizeof(sig[0])];
			struct ref_rng rng = { 6 };
			double k = pow(10, gain_db[g] / 20);

			for (size_t i = 0; i < n; i++) {
				double v = sig[i] * k;

				scaled[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
			}
			ref_add_noise(scaled, n, ref_level_dbm0(scaled, n) - 30, &rng);
			for (int r = 0; r < NRX; r++) {
				rxs[r].detect(scaled, n, heard, sizeof(heard));
				false_digits[r][g] += strlen(heard);
			}
		}
	}
	closedir(d);
	printf("  %.1f minutes of speech, at 0, +10 and -10 dB gain\n", total / 8000.0 / 60);
	for (int r = 0; r < NRX; r++)
		printf("  %-8s false digits: %zu, %zu, %zu\n", rxs[r].name, false_digits[r][0],
		       false_digits[r][1], false_digits[r][2]);
}

static void cost(void)
{
	size_t n = bursts(sig, 1000, 770, -10, 1209, -10, 50, 50, -40, 7);
	double ns[NRX];

	printf("\nCost per sample (%zu samples: 1000 digits in noise):\n", n);
	for (int r = 0; r < NRX; r++) {
		struct timespec a, b;
		double best = 1e99;

		for (int rep = 0; rep < 5; rep++) {
			clock_gettime(CLOCK_MONOTONIC, &a);
			rxs[r].detect(sig, n, heard, sizeof(heard));
			clock_gettime(CLOCK_MONOTONIC, &b);
			best = fmin(best, ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
		}
		ns[r] = best;
		printf("  %-8s %.2f ns/sample (about %.0f real-time channels per core)\n",
		       rxs[r].name, best, 1e9 / 8000 / best);
	}
	printf("  ours / spandsp: %.2f\n", ns[0] / ns[1]);
}

int main(void)
{
	printf("DTMF receivers: ours beside spandsp %s\n", SPANDSP_RELEASE_DATETIME_STRING);
	frequency_acceptance();
	twist();
	dynamic_range();
	duration();
	in_noise();
	talk_off();
	cost();
	return 0;
}
