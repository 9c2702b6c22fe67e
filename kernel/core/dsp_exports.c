// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DSP (kernel/dsp/) is plain C without kernel headers, so its symbols
 * are exported here, for the KUnit suites only: they run the same vectors
 * as the userspace DSP tests against the code inside tapi.ko.
 */
#include <linux/export.h>

#include "tapi_compat.h"
#include "../dsp/dsp.h"
#include "../dsp/g711.h"
#include "../dsp/mix.h"

EXPORT_SYMBOL_IF_KUNIT(dsp_sin);
EXPORT_SYMBOL_IF_KUNIT(dsp_phase_step);
EXPORT_SYMBOL_IF_KUNIT(dsp_att_q15);
EXPORT_SYMBOL_IF_KUNIT(dsp_dbm0_peak);
EXPORT_SYMBOL_IF_KUNIT(dsp_osc_init);
EXPORT_SYMBOL_IF_KUNIT(dsp_osc_next);
EXPORT_SYMBOL_IF_KUNIT(dsp_goertzel_init);
EXPORT_SYMBOL_IF_KUNIT(dsp_goertzel_update);
EXPORT_SYMBOL_IF_KUNIT(dsp_goertzel_power);
EXPORT_SYMBOL_IF_KUNIT(dsp_ulaw_encode);
EXPORT_SYMBOL_IF_KUNIT(dsp_ulaw_decode);
EXPORT_SYMBOL_IF_KUNIT(dsp_alaw_encode);
EXPORT_SYMBOL_IF_KUNIT(dsp_alaw_decode);
EXPORT_SYMBOL_IF_KUNIT(dsp_mix_conference);
EXPORT_SYMBOL_IF_KUNIT(dsp_mix_add);
