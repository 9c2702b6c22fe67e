// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapictl play, record and compare, and the media of a connected call: DTMF
 * sent, audio played and recorded through the call's audio descriptor
 * (lineGetID "tapi/audio"). Files are read and written with libsndfile and
 * converted to the line's format with libsamplerate.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <samplerate.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tapi.h>

#include "tapictl.h"

#define RATE 8000		/* the line's audio: 8 kHz, 16-bit, mono */
#define CHUNK 160		/* samples in one 20 ms read or write */

/*
 * Read an audio file in any format libsndfile knows, as the line wants it:
 * channels averaged to mono, resampled to 8000 Hz (libsamplerate), 16-bit.
 */
int load_audio(const char *path, struct audio *a)
{
	SF_INFO info = { 0 };
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	float *in, *mono, *out = NULL;
	sf_count_t frames;
	size_t n;

	if (!f) {
		fprintf(stderr, "tapictl: %s: %s\n", path, sf_strerror(NULL));
		return EXIT_FILE;
	}
	in = malloc(sizeof(float) * (size_t)(info.frames ? info.frames : 1) * info.channels);
	mono = malloc(sizeof(float) * (size_t)(info.frames ? info.frames : 1));
	if (!in || !mono) {
		sf_close(f);
		free(in);
		free(mono);
		return EXIT_FAIL;
	}
	frames = sf_readf_float(f, in, info.frames);
	sf_close(f);
	for (sf_count_t i = 0; i < frames; i++) {
		float sum = 0;

		for (int ch = 0; ch < info.channels; ch++)
			sum += in[i * info.channels + ch];
		mono[i] = sum / info.channels;
	}
	free(in);
	n = (size_t)frames;
	if (info.samplerate != RATE) {
		double ratio = (double)RATE / info.samplerate;
		SRC_DATA d = { .data_in = mono, .input_frames = (long)frames,
			       .src_ratio = ratio };
		int e;

		d.output_frames = (long)(frames * ratio) + 16;
		out = malloc(sizeof(float) * (size_t)d.output_frames);
		d.data_out = out;
		e = out ? src_simple(&d, SRC_SINC_MEDIUM_QUALITY, 1) : 0;
		if (!out || e) {
			fprintf(stderr, "tapictl: %s: resampling: %s\n", path,
				out ? src_strerror(e) : "out of memory");
			free(out);
			free(mono);
			return EXIT_FILE;
		}
		free(mono);
		mono = out;
		n = (size_t)d.output_frames_gen;
	}
	a->s = malloc(sizeof(int16_t) * (n ? n : 1));
	if (!a->s) {
		free(mono);
		return EXIT_FAIL;
	}
	src_float_to_short_array(mono, a->s, (int)n);
	a->n = n;
	free(mono);
	return 0;
}

/* Write 8 kHz 16-bit mono samples; the format by the file name's ending. */
static int save_audio(const char *path, const int16_t *s, size_t n)
{
	static const struct { const char *ext; int format; } kinds[] = {
		{ ".flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16 },
		{ ".ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS },
		{ ".au", SF_FORMAT_AU | SF_FORMAT_PCM_16 },
		{ ".aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16 },
	};
	SF_INFO info = { .samplerate = RATE, .channels = 1,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	size_t len = strlen(path);
	SNDFILE *f;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t el = strlen(kinds[k].ext);

		if (len > el && !strcasecmp(path + len - el, kinds[k].ext))
			info.format = kinds[k].format;
	}
	f = sf_open(path, SFM_WRITE, &info);
	if (!f || sf_write_short(f, s, (sf_count_t)n) != (sf_count_t)n) {
		fprintf(stderr, "tapictl: %s: %s\n", path, sf_strerror(f));
		if (f)
			sf_close(f);
		return EXIT_FILE;
	}
	sf_close(f);
	return 0;
}

/* The call's audio descriptor (lineGetID "tapi/audio"), or -1. */
static int audio_fd(HCALL h)
{
	union {
		VARSTRING v;
		char buf[64];
	} u = { .v.dwTotalSize = sizeof(u) };
	LONG r = lineGetID(0, 0, h, LINECALLSELECT_CALL, &u.v, "tapi/audio");
	DWORD fd;

	if (r || u.v.dwStringFormat != STRINGFORMAT_BINARY || u.v.dwStringSize != sizeof(fd)) {
		fprintf(stderr, "tapictl: lineGetID tapi/audio: %s\n",
			r ? err_name(r) : "no descriptor");
		return -1;
	}
	memcpy(&fd, u.buf + u.v.dwStringOffset, sizeof(fd));
	return (int)fd;
}

/*
 * A digit an application sends the instant its call connects may come
 * before the far end, just answered, listens: wait this long first.
 */
#define DIGIT_DELAY_S 0.5

/*
 * What tapictl does on a connected call, in order: send DTMF @digits (if
 * any), play @play (if any), then hold the call @hold_s seconds (< 0:
 * until it ends); all along it records what the line receives to
 * @record_path (if any) and prints the messages that come. The far end
 * hanging up ends it early. 0 or an exit status.
 */
int media(struct call *c, const char *digits, const struct audio *play,
		 const char *record_path, double hold_s)
{
	enum { TO_SEND, SENDING, SENT } gen = digits ? TO_SEND : SENT;
	int wfd = -1, rfd = -1, ret = 0, playing = 0;
	size_t sent = 0, got = 0, cap = 0;
	int16_t *rec = NULL;
	double start = now_s(), play_end = 0, hold_from = 0;
	LINEMESSAGE m;

	if (play && (wfd = audio_fd(c->h)) < 0)
		return EXIT_FAIL;
	if (record_path && (rfd = audio_fd(c->h)) < 0) {
		if (wfd >= 0)
			close(wfd);
		return EXIT_FAIL;
	}
	if (record_path)
		timeline("recording to %s", record_path);
	while (!ended(c) && !ret) {
		struct pollfd p[3] = { { .fd = msg_fd, .events = POLLIN },
				       { .fd = -1, .events = POLLOUT },
				       { .fd = rfd, .events = POLLIN } };
		double t = now_s();

		if (gen == TO_SEND && t >= start + DIGIT_DELAY_S) {
			LONG r = lineGenerateDigits(c->h, LINEDIGITMODE_DTMF, digits, 0);

			if (r) {
				fprintf(stderr, "tapictl: lineGenerateDigits: %s\n", err_name(r));
				ret = EXIT_FAIL;
				break;
			}
			timeline("sending DTMF %s", digits);
			gen = SENDING;
		}
		if (gen == SENT && wfd >= 0 && !playing) {
			timeline("playing %.2f s of audio", (double)play->n / RATE);
			playing = 1;
			/* what is queued has played out by then */
			play_end = t + (double)play->n / RATE + 0.1;
		}
		if (playing && sent >= play->n && t >= play_end) {
			timeline("played %.2f s", (double)sent / RATE);
			close(wfd);
			wfd = -1;
			playing = 0;
		}
		if (gen == SENT && wfd < 0 && !hold_from)
			hold_from = t;
		if (hold_from && hold_s >= 0 && t >= hold_from + hold_s)
			break;
		if (playing && sent < play->n)
			p[1].fd = wfd;
		if (poll(p, 3, 20) < 0)
			continue;
		if (p[0].revents && poll_message(0, &m)) {
			follow(c, &m);
			if (m.dwMessageID == LINE_GENERATE && m.hDevice == c->h && gen == SENDING) {
				gen = SENT;
				if (m.dwParam1 != LINEGENERATETERM_DONE)
					ret = EXIT_FAIL;
			}
		}
		if (p[1].revents) {
			int16_t chunk[CHUNK] = { 0 };
			size_t k = play->n - sent < CHUNK ? play->n - sent : CHUNK;

			memcpy(chunk, play->s + sent, k * sizeof(int16_t));
			if (write(wfd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk)) {
				timeline("the call's audio ended while playing");
				sent = play->n;
				play_end = 0;
			} else {
				sent += k;
			}
		}
		if (p[2].revents) {
			ssize_t r;

			if (cap - got < CHUNK) {
				int16_t *more = realloc(rec, (cap + RATE) * sizeof(int16_t));

				if (!more) {
					ret = EXIT_FAIL;
					break;
				}
				rec = more;
				cap += RATE;
			}
			r = read(rfd, rec + got, CHUNK * sizeof(int16_t));
			if (r <= 0) {
				close(rfd);
				rfd = -1;
				continue;
			}
			got += (size_t)r / sizeof(int16_t);
		}
	}
	if (gen != SENT && !ret)
		ret = EXIT_FAIL;	/* the call ended first */
	if (wfd >= 0) {
		if (playing)
			timeline("played %.2f s (the call ended)", (double)sent / RATE);
		close(wfd);
	}
	if (rfd >= 0)
		close(rfd);
	if (record_path) {
		int r = save_audio(record_path, rec, got);

		timeline("recorded %.2f s to %s", (double)got / RATE, record_path);
		if (!ret)
			ret = r;
	}
	free(rec);
	return ret;
}

int cmd_play(int argc, char **argv)
{
	struct audio play = { 0 };
	struct call c = { 0 };
	HLINE line;
	int ret;

	if (argc != 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = load_audio(argv[2], &play);
	if (ret)
		return ret;
	ret = attach(argv[1], &c, &line);
	if (!ret) {
		ret = media(&c, NULL, &play, NULL, 0);
		detach(&c, line);
	}
	free(play.s);
	return ret;
}

int cmd_record(int argc, char **argv)
{
	double seconds = 5;
	struct call c = { 0 };
	HLINE line;
	int opt, ret;

	while ((opt = getopt(argc, argv, "s:")) != -1)
		if (opt != 's' || !seconds_arg(opt, optarg, &seconds)) {
			usage(stderr);
			return EXIT_USAGE;
		}
	if (optind != argc - 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = attach(argv[optind], &c, &line);
	if (ret)
		return ret;
	ret = media(&c, NULL, NULL, argv[optind + 1], seconds);
	detach(&c, line);
	return ret;
}

/*
 * Whether the recording holds the file's audio: each 20 ms piece of it,
 * converted as play converts it, is found bit-exact in the recording, in
 * order (a connection passes linear audio unchanged; a gap between pieces
 * would be audio the player sent late).
 */
int cmd_compare(int argc, char **argv)
{
	struct audio src = { 0 }, rec = { 0 };
	size_t pieces, found = 0, pos = 0, first = 0, gaps = 0, lead = 0;
	int ret;

	if (argc != 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ret = load_audio(argv[1], &src);
	if (!ret)
		ret = load_audio(argv[2], &rec);
	if (ret) {
		free(src.s);
		return ret;
	}
	/* silence at either end proves nothing and could match anywhere */
	while (src.n && !src.s[src.n - 1])
		src.n--;
	while (lead < src.n && !src.s[lead])
		lead++;
	pieces = (src.n - lead + CHUNK - 1) / CHUNK;
	for (size_t k = lead; k < src.n; k += CHUNK) {
		size_t len = src.n - k < CHUNK ? src.n - k : CHUNK, p;
		/* the first piece anywhere; the next right after, or within 1 s */
		size_t last = found ? pos + RATE : rec.n;

		for (p = pos; p + len <= rec.n && p <= last; p++)
			if (!memcmp(rec.s + p, src.s + k, len * sizeof(int16_t)))
				break;
		if (p + len > rec.n || p > last)
			break;
		if (!found)
			first = p;
		else if (p != pos)
			gaps++;
		found++;
		pos = p + len;
	}
	if (found == pieces && pieces)
		printf("match: all %zu samples of %s (%.2f s, silence at its ends left out) "
		       "found bit-exact in %s, from %.3f s on, %zu gaps\n", src.n - lead, argv[1],
		       (double)(src.n - lead) / RATE, argv[2], (double)first / RATE, gaps);
	else
		printf("MISMATCH: %zu of %zu 20 ms pieces of %s found in order in %s\n", found,
		       pieces, argv[1], argv[2]);
	free(src.s);
	free(rec.s);
	return found == pieces && pieces ? 0 : EXIT_FAIL;
}
