// SPDX-License-Identifier: GPL-2.0-only
/*
 * One tick of a line's audio: what the streams wrote (or the generator)
 * goes to the driver, what the line received goes to the streams and
 * through the DSP and every detector. The clock (clock.c) runs it every
 * 1 ms for each line with audio, in softirq context, under its lock.
 */
#include <linux/time64.h>

#include "tapi_core.h"

void tapi_line_tick(struct tapi_line *line)
{
	s16 tx[TAPI_TICK_SAMPLES] = { 0 }, rx[TAPI_TICK_SAMPLES];
	struct dsp_dtmf_event ev[4];	/* at most one per 51 samples */
	size_t i, n;
	u32 generated, kind, tag;
	bool brk;

	generated = tapi_audio_tick_tx(line, tx, TAPI_TICK_SAMPLES, &kind, &tag, &brk);
	/* pulse dialing: the loop follows the generator, closed otherwise */
	if (brk != line->loop_broken && line->ops->loop_break) {
		line->loop_broken = brk;
		line->ops->loop_break(line, brk);
	}
	line->ops->tick(line, tx, rx, TAPI_TICK_SAMPLES);
	if (generated) {
		u32 p[3] = { kind, generated, tag };

		tapi_line_report(line, TAPI_EVENT_GENERATE, 0, p, ARRAY_SIZE(p));
	}
	tapi_audio_tick_rx(line, rx, TAPI_TICK_SAMPLES);
	n = dsp_dtmf_rx_process(&line->dtmf, rx, TAPI_TICK_SAMPLES, ev, ARRAY_SIZE(ev));
	line->samples += TAPI_TICK_SAMPLES;
	for (i = 0; i < n; i++) {
		/* param[3]: how long ago, in us, the digit began or ended */
		u32 p[4] = {
			ev[i].digit, TAPI_DIGIT_DTMF,
			ev[i].end ? TAPI_DIGIT_END : TAPI_DIGIT_START,
			(u32)(line->samples - ev[i].sample) * (USEC_PER_SEC / 8000),
		};

		tapi_digit_report(line, p);
		if (!ev[i].end)
			tapi_gather_digit(line, ev[i].digit, TAPI_DIGIT_DTMF);
	}
	tapi_mediactl_tick(line, ev, n);
	tapi_hook_tick(line);
	tapi_gather_tick(line);
	tapi_media_tick(line, rx, TAPI_TICK_SAMPLES);
	tapi_tonemon_tick(line, rx, TAPI_TICK_SAMPLES);
	tapi_cid_tick(line, rx, TAPI_TICK_SAMPLES);
}
