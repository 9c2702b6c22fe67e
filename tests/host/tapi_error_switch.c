// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What Windows TAPI programs write with the error codes, which must compile
 * with <tapi.h> as C and as C++ (make check's host stage builds it both
 * ways): a switch on a DWORD result with LINEERR_ and PHONEERR_ case labels,
 * a switch on a LONG with TAPIERR_ labels, and comparisons with a LONG.
 */
#include <tapi.h>

const char *line_error(DWORD err);
const char *phone_error(DWORD err);
const char *tapi_error(LONG err);
int is_error(LONG r);

const char *line_error(DWORD err)
{
	switch (err) {
	case 0:
		return "ok";
	case LINEERR_ALLOCATED:
		return "allocated";
	case LINEERR_INVALAPPHANDLE:
		return "invalid application handle";
	case LINEERR_NOMEM:
		return "no memory";
	case LINEERR_STRUCTURETOOSMALL:
		return "structure too small";
	case LINEERR_SERVICE_NOT_RUNNING:
		return "service not running";
	default:
		return "other";
	}
}

const char *phone_error(DWORD err)
{
	switch (err) {
	case PHONEERR_ALLOCATED:
		return "allocated";
	case PHONEERR_INVALPHONEHANDLE:
		return "invalid phone handle";
	case PHONEERR_SERVICE_NOT_RUNNING:
		return "service not running";
	default:
		return "other";
	}
}

const char *tapi_error(LONG err)
{
	switch (err) {
	case TAPIERR_CONNECTED:
		return "connected";
	case TAPIERR_DROPPED:
		return "dropped";
	case TAPIERR_NOREQUESTRECIPIENT:
		return "no request recipient";
	case TAPIERR_SCP_DOES_NOT_EXIST:
		return "no such SCP";
	default:
		return "other";
	}
}

/* A LONG result compared with the codes, as programs check it. */
int is_error(LONG r)
{
	return r < 0 && (r == (LONG)LINEERR_NOMEM || (DWORD)r == LINEERR_INVALPOINTER ||
			 r == TAPIERR_REQUESTFAILED);
}
