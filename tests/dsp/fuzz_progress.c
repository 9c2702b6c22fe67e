// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: arbitrary audio, in arbitrary chunks, into the call
 * progress classifier (zone from the first byte), the fax tone detectors
 * and the VAD. Events must be of a valid kind, decided within the samples
 * fed, in order, and never dated after their decision.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "progress.h"

static void check(const struct dsp_cpd_event *ev, uint64_t fed, uint64_t *last)
{
	if (ev->kind == DSP_CPD_NONE)
		return;
	if (ev->kind >= DSP_CPD_NKINDS || ev->pos > fed || ev->pos < *last || ev->at > ev->pos)
		__builtin_trap();
	*last = ev->pos;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dsp_cpd c;
	static struct dsp_fax f;
	static struct dsp_vad v;
	static int16_t x[4096];
	uint64_t fed = 0, lc = 0, lf = 0, lv = 0;
	struct dsp_cpd_event ev;
	size_t n, k, m, i;
	const int16_t *p;
	uint8_t sel;

	if (size < 2)
		return 0;
	sel = data[0];
	dsp_cpd_init(&c, dsp_zone_get(sel % (dsp_zone_count() + 1)));
	dsp_fax_init(&f);
	dsp_vad_init(&v);
	data++;
	size--;
	while (size >= 2) {
		/* one byte of chunk size, then that many samples (or what is left) */
		n = 1 + (size_t)data[0] * ((sel >> 4) + 1);
		data++;
		size--;
		if (n > size / 2)
			n = size / 2;
		if (n > sizeof(x) / sizeof(x[0]))
			n = sizeof(x) / sizeof(x[0]);
		memcpy(x, data, n * 2);
		data += n * 2;
		size -= n * 2;
		if (!n)
			break;
		fed += n;
		for (p = x, m = n; m; m -= k, p += k) {
			k = dsp_cpd_process(&c, p, m, &ev);
			check(&ev, fed, &lc);
		}
		for (p = x, m = n; m; m -= k, p += k) {
			k = dsp_fax_process(&f, p, m, &ev);
			check(&ev, fed, &lf);
		}
		for (p = x, m = n; m; m -= k, p += k) {
			k = dsp_vad_process(&v, p, m, &ev);
			check(&ev, fed, &lv);
		}
		/* queued events are drained by calls with no samples */
		for (i = 0; i < 8; i++) {
			dsp_cpd_process(&c, x, 0, &ev);
			check(&ev, fed, &lc);
			dsp_fax_process(&f, x, 0, &ev);
			check(&ev, fed, &lf);
			dsp_vad_process(&v, x, 0, &ev);
			check(&ev, fed, &lv);
		}
	}
	return 0;
}
