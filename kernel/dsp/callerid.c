// SPDX-License-Identifier: GPL-2.0-only
/*
 * Caller ID message formats (SDMF, MDMF, DTMF digit string) and a receiver
 * that turns FSK samples into validated messages: see callerid.h.
 */
#include "callerid.h"

enum {
	DSP_CID_P_TIME = 0x01,
	DSP_CID_P_NUMBER = 0x02,
	DSP_CID_P_NUMBER_ABSENT = 0x04,
	DSP_CID_P_NAME = 0x07,
	DSP_CID_P_NAME_ABSENT = 0x08,
};

/* mark time that starts a message, in samples: bits * 8000 / 1200 */
#define DSP_CID_RX_GAP	(DSP_CID_RX_GAP_BITS * 20 / 3)

/* Characters allowed in a number or name: no control characters. */
static bool dsp_cid_char_ok(u8 c)
{
	return c >= 0x20 && c != 0x7f;
}

static bool dsp_cid_reason_ok(char c)
{
	return c == 'O' || c == 'P';
}

/* Length of a NUL-terminated string in an array of size n, -1 if it is not. */
static int dsp_cid_strlen(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!s[i])
			return (int)i;
		if (!dsp_cid_char_ok((u8)s[i]))
			return -1;
	}
	return -1;
}

static bool dsp_cid_time_ok(const struct dsp_cid_info *info)
{
	return info->month >= 1 && info->month <= 12 && info->day >= 1 &&
	       info->day <= 31 && info->hour <= 23 && info->minute <= 59;
}

static u8 dsp_cid_checksum(const u8 *p, size_t n)
{
	u8 sum = 0;

	while (n--)
		sum += *p++;
	return (u8)-sum;
}

static void dsp_cid_put_time(const struct dsp_cid_info *info, u8 *p)
{
	const u8 v[4] = { info->month, info->day, info->hour, info->minute };
	int i;

	for (i = 0; i < 4; i++) {
		p[2 * i] = '0' + v[i] / 10;
		p[2 * i + 1] = '0' + v[i] % 10;
	}
}

/* Parse "MMDDhhmm"; false if it is not a valid date and time. */
static bool dsp_cid_get_time(const u8 *p, struct dsp_cid_info *out)
{
	u8 v[4];
	int i;

	for (i = 0; i < 8; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	for (i = 0; i < 4; i++)
		v[i] = (p[2 * i] - '0') * 10 + p[2 * i + 1] - '0';
	out->month = v[0];
	out->day = v[1];
	out->hour = v[2];
	out->minute = v[3];
	out->has_time = true;
	return dsp_cid_time_ok(out);
}

/* Copy a string field of n bytes into dst (room for max); false if bad. */
static bool dsp_cid_get_str(char *dst, size_t max, const u8 *p, size_t n)
{
	size_t i;

	if (n > max)
		return false;
	for (i = 0; i < n; i++) {
		if (!dsp_cid_char_ok(p[i]))
			return false;
		dst[i] = (char)p[i];
	}
	dst[n] = 0;
	return true;
}

/* Check what both formats need of info; returns the string lengths. */
static int dsp_cid_check(const struct dsp_cid_info *info, int *nlen, int *mlen)
{
	*nlen = dsp_cid_strlen(info->number, sizeof(info->number));
	*mlen = dsp_cid_strlen(info->name, sizeof(info->name));
	if (*nlen < 0 || *mlen < 0)
		return DSP_CID_EINVAL;
	if (info->has_time && !dsp_cid_time_ok(info))
		return DSP_CID_EINVAL;
	if (info->number_absent && !dsp_cid_reason_ok(info->number_absent))
		return DSP_CID_EINVAL;
	if (info->name_absent && !dsp_cid_reason_ok(info->name_absent))
		return DSP_CID_EINVAL;
	return 0;
}

int dsp_cid_encode_sdmf(const struct dsp_cid_info *info, u8 *buf, size_t len)
{
	int nlen, mlen, ret = dsp_cid_check(info, &nlen, &mlen);
	size_t n;

	if (ret)
		return ret;
	/* SDMF has a mandatory date, one of number or reason, and no name */
	if (!info->has_time || mlen || info->name_absent ||
	    (nlen && info->number_absent) || (nlen == 1 && dsp_cid_reason_ok(info->number[0])))
		return DSP_CID_EINVAL;
	n = 8 + (info->number_absent ? 1 : nlen);
	if (len < n + 3)
		return DSP_CID_ESPACE;
	buf[0] = DSP_CID_SDMF;
	buf[1] = (u8)n;
	dsp_cid_put_time(info, buf + 2);
	if (info->number_absent)
		buf[10] = (u8)info->number_absent;
	else
		memcpy(buf + 10, info->number, nlen);
	buf[n + 2] = dsp_cid_checksum(buf, n + 2);
	return (int)n + 3;
}

/* Append one MDMF parameter at *pos, which stays within len - 1. */
static void dsp_cid_put_param(u8 *buf, size_t *pos, u8 type, const void *v, size_t n)
{
	buf[*pos] = type;
	buf[*pos + 1] = (u8)n;
	memcpy(buf + *pos + 2, v, n);
	*pos += n + 2;
}

int dsp_cid_encode_mdmf(const struct dsp_cid_info *info, u8 *buf, size_t len)
{
	int nlen, mlen, ret = dsp_cid_check(info, &nlen, &mlen);
	u8 time[8];
	size_t n = 0, pos = 2;

	if (ret)
		return ret;
	/* the payload: at most 10 + 22 + 3 + 52 + 3 bytes, under 255 */
	n += info->has_time ? 10 : 0;
	n += nlen ? nlen + 2 : 0;
	n += info->number_absent ? 3 : 0;
	n += mlen ? mlen + 2 : 0;
	n += info->name_absent ? 3 : 0;
	if (len < n + 3)
		return DSP_CID_ESPACE;
	buf[0] = DSP_CID_MDMF;
	buf[1] = (u8)n;
	if (info->has_time) {
		dsp_cid_put_time(info, time);
		dsp_cid_put_param(buf, &pos, DSP_CID_P_TIME, time, 8);
	}
	if (nlen)
		dsp_cid_put_param(buf, &pos, DSP_CID_P_NUMBER, info->number, nlen);
	if (info->number_absent)
		dsp_cid_put_param(buf, &pos, DSP_CID_P_NUMBER_ABSENT, &info->number_absent, 1);
	if (mlen)
		dsp_cid_put_param(buf, &pos, DSP_CID_P_NAME, info->name, mlen);
	if (info->name_absent)
		dsp_cid_put_param(buf, &pos, DSP_CID_P_NAME_ABSENT, &info->name_absent, 1);
	buf[pos] = dsp_cid_checksum(buf, pos);
	return (int)pos + 1;
}

static int dsp_cid_decode_sdmf(const u8 *p, size_t n, struct dsp_cid_info *out)
{
	if (n < 8 || !dsp_cid_get_time(p, out))
		return DSP_CID_EFORMAT;
	if (n == 9 && dsp_cid_reason_ok((char)p[8])) {
		out->number_absent = (char)p[8];
		return 0;
	}
	if (!dsp_cid_get_str(out->number, DSP_CID_NUMBER_MAX, p + 8, n - 8))
		return DSP_CID_EFORMAT;
	return 0;
}

static int dsp_cid_decode_mdmf(const u8 *p, size_t n, struct dsp_cid_info *out)
{
	size_t pos = 0, l;
	const u8 *v;
	bool ok;

	while (pos < n) {
		if (n - pos < 2 || p[pos + 1] > n - pos - 2)
			return DSP_CID_EFORMAT;
		l = p[pos + 1];
		v = p + pos + 2;
		switch (p[pos]) {
		case DSP_CID_P_TIME:
			ok = l == 8 && dsp_cid_get_time(v, out);
			break;
		case DSP_CID_P_NUMBER:
			ok = dsp_cid_get_str(out->number, DSP_CID_NUMBER_MAX, v, l);
			break;
		case DSP_CID_P_NAME:
			ok = dsp_cid_get_str(out->name, DSP_CID_NAME_MAX, v, l);
			break;
		case DSP_CID_P_NUMBER_ABSENT:
			ok = l == 1 && dsp_cid_reason_ok((char)v[0]);
			if (ok)
				out->number_absent = (char)v[0];
			break;
		case DSP_CID_P_NAME_ABSENT:
			ok = l == 1 && dsp_cid_reason_ok((char)v[0]);
			if (ok)
				out->name_absent = (char)v[0];
			break;
		default:
			ok = true;	/* a parameter we do not use */
			break;
		}
		if (!ok)
			return DSP_CID_EFORMAT;
		pos += l + 2;
	}
	return 0;
}

int dsp_cid_decode(const u8 *msg, size_t len, struct dsp_cid_info *out)
{
	size_t n;
	int ret;

	memset(out, 0, sizeof(*out));
	if (len < 2 || len < (size_t)msg[1] + 3)
		return DSP_CID_ETRUNC;
	n = msg[1];
	if (dsp_cid_checksum(msg, n + 3))
		return DSP_CID_ECHECKSUM;
	if (msg[0] == DSP_CID_SDMF)
		ret = dsp_cid_decode_sdmf(msg + 2, n, out);
	else if (msg[0] == DSP_CID_MDMF)
		ret = dsp_cid_decode_mdmf(msg + 2, n, out);
	else
		ret = DSP_CID_ETYPE;
	if (ret) {
		/* leave no half-decoded fields behind */
		memset(out, 0, sizeof(*out));
		return ret;
	}
	return (int)n + 3;
}

const char *dsp_cid_strerror(int err)
{
	switch (err) {
	case DSP_CID_ESPACE:
		return "buffer too small";
	case DSP_CID_EINVAL:
		return "invalid caller ID data";
	case DSP_CID_ETRUNC:
		return "message truncated";
	case DSP_CID_ECHECKSUM:
		return "bad checksum";
	case DSP_CID_ETYPE:
		return "unknown message type";
	case DSP_CID_EFORMAT:
		return "malformed message";
	default:
		return err < 0 ? "unknown error" : "no error";
	}
}

int dsp_cid_encode_dtmf(const struct dsp_cid_info *info, char *buf, size_t len)
{
	int i, nlen = dsp_cid_strlen(info->number, sizeof(info->number));

	if (nlen < 0 || (nlen && info->number_absent) || (!nlen && !info->number_absent))
		return DSP_CID_EINVAL;
	for (i = 0; i < nlen; i++)
		if (info->number[i] < '0' || info->number[i] > '9')
			return DSP_CID_EINVAL;
	if (info->number_absent && !dsp_cid_reason_ok(info->number_absent))
		return DSP_CID_EINVAL;
	if (len < (size_t)(nlen ? nlen : 2) + 3)
		return DSP_CID_ESPACE;
	if (nlen) {
		buf[0] = 'A';
		memcpy(buf + 1, info->number, nlen);
	} else {
		buf[0] = 'D';
		buf[1] = info->number_absent == 'P' ? '1' : '0';
		buf[2] = '0';
		nlen = 2;
	}
	buf[nlen + 1] = 'C';
	buf[nlen + 2] = 0;
	return nlen + 2;
}

int dsp_cid_decode_dtmf(const char *digits, size_t len, struct dsp_cid_info *out)
{
	size_t i, n;

	memset(out, 0, sizeof(*out));
	if (len < 3 || digits[len - 1] != 'C')
		return DSP_CID_EFORMAT;
	n = len - 2;
	for (i = 1; i <= n; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return DSP_CID_EFORMAT;
	if (digits[0] == 'A' && n <= DSP_CID_NUMBER_MAX) {
		memcpy(out->number, digits + 1, n);
		return 0;
	}
	if ((digits[0] == 'D' || digits[0] == 'B') && n == 2 && digits[2] == '0' &&
	    (digits[1] == '0' || digits[1] == '1')) {
		out->number_absent = digits[1] == '1' ? 'P' : 'O';
		return 0;
	}
	return DSP_CID_EFORMAT;
}

void dsp_cid_rx_init(struct dsp_cid_rx *rx, enum dsp_fsk_std std)
{
	memset(rx, 0, sizeof(*rx));
	dsp_fsk_demod_init(&rx->demod, std);
}

int dsp_cid_rx_byte(struct dsp_cid_rx *rx, u8 b, u32 gap)
{
	int ret = 0;

	if (gap >= DSP_CID_RX_GAP) {
		/* a long mark: whatever was in progress is cut short */
		ret = rx->need ? DSP_CID_ETRUNC : 0;
		rx->need = 0;
		if (b == DSP_CID_SDMF || b == DSP_CID_MDMF) {
			rx->msg[0] = b;
			rx->len = 1;
			rx->need = 2;	/* until the length byte says more */
		}
		return ret;
	}
	if (!rx->need)
		return 0;
	rx->msg[rx->len++] = b;
	if (rx->len == 2)
		rx->need = b + 3;
	if (rx->len < rx->need)
		return 0;
	rx->need = 0;
	ret = dsp_cid_decode(rx->msg, rx->len, &rx->info);
	return ret;
}

size_t dsp_cid_rx_process(struct dsp_cid_rx *rx, const s16 *x, size_t n, int *result)
{
	size_t i;
	int b, r;

	*result = 0;
	for (i = 0; i < n; i++) {
		b = dsp_fsk_demod_sample(&rx->demod, x[i]);
		if (b >= 0)
			r = dsp_cid_rx_byte(rx, (u8)b, rx->demod.gap);
		else if (rx->need && rx->demod.idle >= DSP_CID_RX_GAP)
			/* carrier lost or bytes stopped inside a message */
			r = dsp_cid_rx_byte(rx, 0, DSP_FSK_NO_GAP);
		else
			r = 0;
		if (r) {
			*result = r;
			return i + 1;
		}
	}
	return n;
}
