/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Caller ID messages: the on-hook data link layer of Telcordia GR-30 and
 * ETSI EN 300 659 (carried by fsk.h), and the DTMF digit string of ETSI
 * ES 200 778 style DTMF caller ID.
 *
 * A message is: type, length of the payload, payload, checksum, where the
 * checksum makes the sum of all bytes 0 mod 256.
 * SDMF (type 0x04): payload "MMDDhhmm" then the number's digits, or a single
 * 'O' (unavailable, out of area) or 'P' (private) instead of a number.
 * MDMF (type 0x80): payload is parameters of type, length, value:
 * 0x01 date and time "MMDDhhmm", 0x02 calling number, 0x04 reason for
 * absence of number ('O' or 'P'), 0x07 calling name, 0x08 reason for absence
 * of name. The decoder skips parameters of other types.
 */
#ifndef TAPI_DSP_CALLERID_H
#define TAPI_DSP_CALLERID_H

#include "dsp.h"
#include "fsk.h"

#define DSP_CID_SDMF		0x04
#define DSP_CID_MDMF		0x80

/*
 * struct dsp_cid_info, its limits, the errors (enum dsp_cid_err) and
 * dsp_cid_encode_mdmf() are in tapi_dsp.h, for drivers too.
 *
 * Encode info into buf as SDMF: returns the message length or a negative
 * error. SDMF needs the date and time and carries no name.
 */
int dsp_cid_encode_sdmf(const struct dsp_cid_info *info, u8 *buf, size_t len);
/*
 * Decode an SDMF or MDMF message from msg (bytes after it are ignored):
 * returns its length or a negative error. *out is cleared first and
 * always left NUL-terminated.
 */
int dsp_cid_decode(const u8 *msg, size_t len, struct dsp_cid_info *out);
/* A short description of an error code. */
const char *dsp_cid_strerror(int err);

/*
 * DTMF caller ID: "A" number "C" (digits 0-9), or "D" reason "C" with
 * reason "00" (unavailable, 'O') or "10" (private, 'P'). The parser also
 * takes "B" for "D". Encoding returns the string length (buf is
 * NUL-terminated) or a negative error; decoding returns 0 or an error.
 */
int dsp_cid_encode_dtmf(const struct dsp_cid_info *info, char *buf, size_t len);
int dsp_cid_decode_dtmf(const char *digits, size_t len, struct dsp_cid_info *out);

/*
 * A receiver: FSK samples in, validated messages out. A message begins with
 * an SDMF or MDMF type byte after at least DSP_CID_RX_GAP_BITS of mark (so
 * the seizure's 0x55 bytes and stray noise bytes are not taken for one);
 * such a gap, or loss of carrier, inside a message truncates it.
 */
#define DSP_CID_RX_GAP_BITS	20

struct dsp_cid_rx {
	struct dsp_fsk_demod demod;
	struct dsp_cid_info info;	/* the last message decoded */
	u8 msg[DSP_CID_MSG_MAX];	/* its bytes */
	u16 len;			/* bytes received of the message */
	u16 need;			/* its total length, 0 when not in one */
};

void dsp_cid_rx_init(struct dsp_cid_rx *rx, enum dsp_fsk_std std);
/*
 * Feed one byte, with the mark time before it in samples (d->gap of the
 * demodulator). Returns 0, a message length when rx->msg holds a complete
 * valid message (decoded into rx->info), or a negative error for a message
 * that was rejected.
 */
int dsp_cid_rx_byte(struct dsp_cid_rx *rx, u8 b, u32 gap);
/*
 * Feed up to n samples, stopping after the first one that completes or
 * rejects a message. Returns the samples used; *result is set as for
 * dsp_cid_rx_byte() (0 if all n were used without an event).
 */
size_t dsp_cid_rx_process(struct dsp_cid_rx *rx, const s16 *x, size_t n, int *result);

#endif /* TAPI_DSP_CALLERID_H */
