// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The limits every device has (uAPI 1.9): open files, audio streams and
 * the frequencies a line's files monitor tones on are bounded, and past
 * the bound the documented errno comes, nothing else.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "compliance.h"

/*
 * Open with @opener until refused: the refusal must be EMFILE, within
 * @max opens (others may hold some already), and closing one lets one more
 * in.
 */
static void opens_until_refused(int (*opener)(int flags), const char *what)
{
	int fd[TAPI_MAX_OPENS + 1], n = 0, err = 0;

	while (n <= TAPI_MAX_OPENS) {
		fd[n] = opener(0);
		if (fd[n] < 0) {
			err = fd[n];
			break;
		}
		n++;
	}
	if (EXPECT(n > 0 && n <= TAPI_MAX_OPENS, "%d opens of the %s accepted (at most %d)",
		   n, what, TAPI_MAX_OPENS))
		expect_err(err, EMFILE, "open of the %s past its limit", what);
	if (n > 0) {
		close(fd[--n]);
		fd[n] = opener(0);
		if (expect_ok(fd[n] < 0 ? fd[n] : 0, "open of the %s once one closed", what))
			n++;
	}
	while (n-- > 0)
		close(fd[n]);
}

static int open_line_fd(int flags)
{
	return open_line(flags);
}

static int open_phone_fd(int flags)
{
	return open_phone(flags);
}

static void line_opens(void)
{
	opens_until_refused(open_line_fd, "line");
}

static void phone_opens(void)
{
	opens_until_refused(open_phone_fd, "phone");
}

static void streams(void)
{
	int fd = open_line(0), s[TAPI_MAX_STREAMS + 1], n = 0, err = 0;

	if (!expect_ok(fd < 0 ? fd : 0, "open of the line"))
		return;
	while (n <= TAPI_MAX_STREAMS) {
		s[n] = audio_open(fd, 0, TAPI_AUDIO_ULAW, 20, 0);
		if (s[n] < 0) {
			err = s[n];
			break;
		}
		n++;
	}
	if (EXPECT(n > 0 && n <= TAPI_MAX_STREAMS, "%d streams accepted (at most %d)", n,
		   TAPI_MAX_STREAMS))
		expect_err(err, EMFILE, "AUDIO_OPEN past the line's streams");
	while (n-- > 0)
		close(s[n]);
	close(fd);
}

/* Four tones of three frequencies, 12 new ones from @first (20 Hz apart). */
static void twelve(struct tapi_monitor_tones *m, unsigned int first)
{
	unsigned int i, k;

	memset(m, 0, sizeof(*m));
	m->count = TAPI_MONITOR_TONES_MAX;
	for (i = 0; i < TAPI_MONITOR_TONES_MAX; i++) {
		m->tones[i].duration_ms = 100;
		for (k = 0; k < 3; k++)
			m->tones[i].freq[k] = first + 20 * (i * 3 + k);
	}
}

static void tone_frequencies(void)
{
	int fd[TAPI_MAX_TONE_FREQS / 12 + 2], n, i, err = 0;
	struct tapi_monitor_tones m;

	/* 12 new frequencies a file, until the line has no filter left */
	for (n = 0; n < (int)ARRAY_LEN(fd); n++) {
		fd[n] = open_line(0);
		if (!expect_ok(fd[n] < 0 ? fd[n] : 0, "open of the line"))
			break;
		twelve(&m, 300 + 240 * n);
		err = xioctl(fd[n], TAPI_IOC_MONITOR_TONES, &m);
		if (err) {
			n++;
			break;
		}
	}
	expect_err(err, ENOSPC, "MONITOR_TONES of %d new frequencies past %d", 12 * n,
		   TAPI_MAX_TONE_FREQS);
	/* shared: the first file's frequencies again cost nothing */
	if (n > 1) {
		twelve(&m, 300);
		expect_ok(xioctl(fd[n - 1], TAPI_IOC_MONITOR_TONES, &m),
			  "MONITOR_TONES of frequencies another file monitors already");
	}
	for (i = 0; i < n; i++)
		if (fd[i] >= 0)
			close(fd[i]);
}

const struct check limit_checks[] = {
	{ "limits.line-opens-emfile", line_opens, NEED_LINE, 0 },
	{ "limits.phone-opens-emfile", phone_opens, NEED_PHONE, 0 },
	{ "limits.streams-emfile", streams, NEED_LINE, TAPI_LINE_CAP_AUDIO },
	{ "limits.tone-frequencies-enospc", tone_frequencies, NEED_LINE,
	  TAPI_LINE_CAP_TONE_DETECT },
	{ 0 }
};
