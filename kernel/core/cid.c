// SPDX-License-Identifier: GPL-2.0-only
/*
 * Caller ID heard in-band: while a line has a call offered, the DSP listens
 * at the tick for a Bell 202 FSK caller ID message (SDMF or MDMF, sent
 * between the first rings) and gives its number, name, the reasons either
 * is missing and the date and time to the newest offered call, telling the
 * files that know the call.
 *
 * The receiver belongs to the tick; line->offering (calls offered or
 * accepted, kept by call.c under line->tdev.lock) says when to listen.
 */
#include "tapi_core.h"

void tapi_cid_tick(struct tapi_line *line, const s16 *rx, unsigned int n)
{
	size_t left, k;
	int result;

	if (!(line->caps & TAPI_LINE_CAP_CALLERID))
		return;
	if (!READ_ONCE(line->offering)) {
		line->cid_running = false;
		return;
	}
	if (!line->cid_running) {
		dsp_cid_rx_init(&line->cid, DSP_FSK_BELL202);
		line->cid_running = true;
	}
	for (left = n; left; left -= k) {
		k = dsp_cid_rx_process(&line->cid, rx + n - left, left, &result);
		if (result > 0)
			tapi_call_caller_id(line, &line->cid.info);
	}
}
