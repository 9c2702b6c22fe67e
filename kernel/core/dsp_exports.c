// SPDX-License-Identifier: GPL-2.0-only
/*
 * The DSP (kernel/dsp/) is plain C without kernel headers, so its symbols
 * are exported here: for the KUnit suites only, which run the same vectors
 * as the userspace DSP tests against the code inside tapi.ko; and, for
 * every driver, the generators a driver needs to play a far end's signals
 * into a line (tapi_sim's exchange does: DTMF, caller ID in FSK, the
 * zones' tones), and the DTMF receiver, for an exchange collecting the
 * digits a line dials. Those are declared in tapi_dsp.h.
 */
#include <linux/export.h>

#include "tapi_compat.h"
#include "../dsp/dsp.h"
#include "../dsp/callerid.h"
#include "../dsp/dtmf.h"
#include "../dsp/echo.h"
#include "../dsp/fsk.h"
#include "../dsp/g711.h"
#include "../dsp/mix.h"
#include "../dsp/progress.h"
#include "../dsp/tone.h"

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
EXPORT_SYMBOL_IF_KUNIT(dsp_cid_decode);
EXPORT_SYMBOL_IF_KUNIT(dsp_cid_decode_dtmf);
EXPORT_SYMBOL_IF_KUNIT(dsp_cid_encode_dtmf);
EXPORT_SYMBOL_IF_KUNIT(dsp_cid_encode_sdmf);
EXPORT_SYMBOL_IF_KUNIT(dsp_cid_rx_byte);
EXPORT_SYMBOL_IF_KUNIT(dsp_cid_rx_init);
EXPORT_SYMBOL_IF_KUNIT(dsp_cid_rx_process);
EXPORT_SYMBOL_IF_KUNIT(dsp_cid_strerror);
EXPORT_SYMBOL_IF_KUNIT(dsp_cpd_init);
EXPORT_SYMBOL_IF_KUNIT(dsp_cpd_process);
EXPORT_SYMBOL_IF_KUNIT(dsp_fax_init);
EXPORT_SYMBOL_IF_KUNIT(dsp_fax_process);
EXPORT_SYMBOL_IF_KUNIT(dsp_fsk_demod_block);
EXPORT_SYMBOL_IF_KUNIT(dsp_fsk_demod_init);
EXPORT_SYMBOL_IF_KUNIT(dsp_fsk_demod_sample);
EXPORT_SYMBOL_IF_KUNIT(dsp_tone_valid);
EXPORT_SYMBOL_IF_KUNIT(dsp_vad_init);
EXPORT_SYMBOL_IF_KUNIT(dsp_vad_process);
EXPORT_SYMBOL_IF_KUNIT(dsp_zone_count);
EXPORT_SYMBOL_IF_KUNIT(dsp_zone_get);
EXPORT_SYMBOL_IF_KUNIT(dsp_echo_init);
EXPORT_SYMBOL_IF_KUNIT(dsp_echo_update);
EXPORT_SYMBOL_IF_KUNIT(dsp_echo_process);
EXPORT_SYMBOL_IF_KUNIT(dsp_echo_set_nlp);
EXPORT_SYMBOL_IF_KUNIT(dsp_echo_reset);

/* For drivers. */
EXPORT_SYMBOL_NS_GPL(dsp_dtmf_tx_init, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_dtmf_tx_queue, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_dtmf_tx_generate, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_cid_encode_mdmf, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_fsk_mod_busy, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_fsk_mod_generate, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_fsk_mod_init, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_fsk_mod_start, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_zone_find, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_tone_generate, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_tone_start, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_dtmf_rx_init, TAPI_NS);
EXPORT_SYMBOL_NS_GPL(dsp_dtmf_rx_process, TAPI_NS);
