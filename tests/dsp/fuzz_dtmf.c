// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the DTMF detector: the input's first bytes choose
 * chunk sizes, the rest are int16 samples. Traps if events break their
 * contract: start and end alternate for one digit, positions never go
 * back nor past the samples fed, digits are valid, nothing is lost.
 */
#include <string.h>

#include "dtmf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dsp_dtmf_rx rx;
	static int16_t x[4096];
	struct dsp_dtmf_event ev[96];
	uint8_t sizes[8] = { 1 };
	size_t n, i, at = 0, fed = 0, k = 0;
	bool tail = false;
	uint64_t last = 0;
	char open = 0;

	if (size < 8)
		return 0;
	memcpy(sizes, data, 8);
	data += 8;
	size -= 8;
	n = size / 2 > 4096 ? 4096 : size / 2;
	memcpy(x, data, n * 2);
	dsp_dtmf_rx_init(&rx);
	for (;;) {
		size_t m = sizes[k++ % 8] + 1u, got;

		if (m > n - at)
			m = n - at;
		got = dsp_dtmf_rx_process(&rx, x + at, m, ev, 1 + m / DSP_DTMF_HALF);
		at += m;
		fed += m;
		for (i = 0; i < got; i++) {
			if (!memchr("0123456789*#ABCD", ev[i].digit, 16) || !ev[i].digit)
				__builtin_trap();
			if (ev[i].sample < last || ev[i].sample > fed)
				__builtin_trap();
			if (ev[i].end != !!open || (open && ev[i].digit != open))
				__builtin_trap();
			open = ev[i].end ? 0 : ev[i].digit;
			last = ev[i].sample;
		}
		if (at == n) {
			if (tail)
				break;
			/* then silence, which must end any digit */
			memset(x, 0, sizeof(x));
			at = 0;
			n = 600;
			tail = true;
		}
	}
	if (open || rx.lost)
		__builtin_trap();
	return 0;
}
