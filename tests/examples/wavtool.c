// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wavtool: makes and measures the audio files of the examples' tests.
 *
 *   wavtool tone FILE FREQ MS        write MS of FREQ Hz (8 kHz, 16-bit
 *                                    mono WAV, -10 dBFS); FREQ 0: silence
 *   wavtool info FILE [FREQ...]      print "seconds S", "comment C" and, for
 *                                    each FREQ, "FREQ MS": how many ms of
 *                                    the file are that tone (20 ms blocks
 *                                    whose power is mostly at FREQ)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sndfile.h>

#define RATE 8000
#define BLOCK 160	/* 20 ms */

static int tone(const char *path, double freq, int ms)
{
	SF_INFO info = { .samplerate = RATE, .channels = 1,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	SNDFILE *f = sf_open(path, SFM_WRITE, &info);
	long n = (long)ms * RATE / 1000, i;

	if (!f) {
		fprintf(stderr, "wavtool: %s: %s\n", path, sf_strerror(NULL));
		return 1;
	}
	for (i = 0; i < n; i++) {
		short s = (short)(10362 * sin(2 * M_PI * freq * i / RATE));

		sf_write_short(f, &s, 1);
	}
	sf_close(f);
	return 0;
}

/* The share of a block's energy at @freq (Goertzel): about 1 for a pure tone. */
static double share_at(const short *x, int n, double freq)
{
	double w = 2 * M_PI * freq / RATE, c = 2 * cos(w), s1 = 0, s2 = 0, e = 0, p;
	int i;

	for (i = 0; i < n; i++) {
		double s0 = x[i] + c * s1 - s2;

		s2 = s1;
		s1 = s0;
		e += (double)x[i] * x[i];
	}
	p = s1 * s1 + s2 * s2 - c * s1 * s2;
	return e > 0 ? p / (e * n / 2) : 0;
}

static int info(const char *path, int nfreq, char **freqs)
{
	SF_INFO in = { 0 };
	SNDFILE *f = sf_open(path, SFM_READ, &in);
	const char *comment;
	short x[BLOCK];
	int ms[16] = { 0 }, i;
	sf_count_t got;

	if (!f) {
		fprintf(stderr, "wavtool: %s: %s\n", path, sf_strerror(NULL));
		return 1;
	}
	if (in.samplerate != RATE || in.channels != 1) {
		fprintf(stderr, "wavtool: %s: %d Hz, %d channels\n", path, in.samplerate,
			in.channels);
		return 1;
	}
	comment = sf_get_string(f, SF_STR_COMMENT);
	printf("seconds %.2f\ncomment %s\n", (double)in.frames / RATE, comment ? comment : "");
	while ((got = sf_read_short(f, x, BLOCK)) == BLOCK) {
		double rms = 0;

		for (i = 0; i < BLOCK; i++)
			rms += (double)x[i] * x[i];
		if (sqrt(rms / BLOCK) < 100)	/* quieter than -50 dBFS: silence */
			continue;
		for (i = 0; i < nfreq && i < 16; i++)
			if (share_at(x, BLOCK, atof(freqs[i])) > 0.6)
				ms[i] += 20;
	}
	for (i = 0; i < nfreq && i < 16; i++)
		printf("%s %d\n", freqs[i], ms[i]);
	sf_close(f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "tone"))
		return tone(argv[2], atof(argv[3]), atoi(argv[4]));
	if (argc >= 3 && !strcmp(argv[1], "info"))
		return info(argv[2], argc - 3, argv + 3);
	fprintf(stderr, "usage: wavtool tone FILE FREQ MS | wavtool info FILE [FREQ...]\n");
	return 2;
}
