// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ...W forms of the functions that return variable-size structures:
 * capabilities, status, call information, countries, providers and the
 * dialing locations. Each has the library fill its own form and lays it
 * out again in UTF-16 (wide_struct.c).
 */
#include "internal.h"
#include "wide.h"

/* The arguments of whichever function a fill below stands for. */
struct tl_args {
	HLINEAPP app;
	HLINE line;
	HCALL call;
	DWORD dev, addr, version, ext;
};

static LONG tl_devcaps(void *s, const void *p)
{
	const struct tl_args *a = p;

	return lineGetDevCaps(a->app, a->dev, a->version, a->ext, s);
}

EXPORT LONG WINAPI lineGetDevCapsW(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAPIVersion,
				   DWORD dwExtVersion, LPLINEDEVCAPS lpLineDevCaps)
{
	struct tl_args a = { .app = hLineApp, .dev = dwDeviceID, .version = dwAPIVersion,
			  .ext = dwExtVersion };

	return tl_wide_get(lpLineDevCaps, &tl_wide_devcaps, tl_devcaps, &a);
}

static LONG tl_addresscaps(void *s, const void *p)
{
	const struct tl_args *a = p;

	return lineGetAddressCaps(a->app, a->dev, a->addr, a->version, a->ext, s);
}

EXPORT LONG WINAPI lineGetAddressCapsW(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAddressID,
				       DWORD dwAPIVersion, DWORD dwExtVersion,
				       LPLINEADDRESSCAPS lpAddressCaps)
{
	struct tl_args a = { .app = hLineApp, .dev = dwDeviceID, .addr = dwAddressID,
			  .version = dwAPIVersion, .ext = dwExtVersion };

	return tl_wide_get(lpAddressCaps, &tl_wide_addresscaps, tl_addresscaps, &a);
}

static LONG tl_addressstatus(void *s, const void *p)
{
	const struct tl_args *a = p;

	return lineGetAddressStatus(a->line, a->addr, s);
}

EXPORT LONG WINAPI lineGetAddressStatusW(HLINE hLine, DWORD dwAddressID,
					 LPLINEADDRESSSTATUS lpAddressStatus)
{
	struct tl_args a = { .line = hLine, .addr = dwAddressID };

	return tl_wide_get(lpAddressStatus, &tl_wide_addressstatus, tl_addressstatus, &a);
}

static LONG tl_devstatus(void *s, const void *p)
{
	const struct tl_args *a = p;

	return lineGetLineDevStatus(a->line, s);
}

EXPORT LONG WINAPI lineGetLineDevStatusW(HLINE hLine, LPLINEDEVSTATUS lpLineDevStatus)
{
	struct tl_args a = { .line = hLine };

	return tl_wide_get(lpLineDevStatus, &tl_wide_devstatus, tl_devstatus, &a);
}

static LONG tl_callinfo(void *s, const void *p)
{
	const struct tl_args *a = p;

	return lineGetCallInfo(a->call, s);
}

EXPORT LONG WINAPI lineGetCallInfoW(HCALL hCall, LPLINECALLINFO lpCallInfo)
{
	struct tl_args a = { .call = hCall };

	return tl_wide_get(lpCallInfo, &tl_wide_callinfo, tl_callinfo, &a);
}

static LONG tl_country_list(void *s, const void *p)
{
	const struct tl_args *a = p;

	return lineGetCountry(a->dev, a->version, s);
}

EXPORT LONG WINAPI lineGetCountryW(DWORD dwCountryID, DWORD dwAPIVersion,
				   LPLINECOUNTRYLIST lpLineCountryList)
{
	struct tl_args a = { .dev = dwCountryID, .version = dwAPIVersion };

	return tl_wide_get(lpLineCountryList, &tl_wide_countrylist, tl_country_list, &a);
}

static LONG tl_providers(void *s, const void *p)
{
	const struct tl_args *a = p;

	return lineGetProviderList(a->version, s);
}

EXPORT LONG WINAPI lineGetProviderListW(DWORD dwAPIVersion, LPLINEPROVIDERLIST lpProviderList)
{
	struct tl_args a = { .version = dwAPIVersion };

	return tl_wide_get(lpProviderList, &tl_wide_providerlist, tl_providers, &a);
}

static LONG tl_translatecaps(void *s, const void *p)
{
	const struct tl_args *a = p;

	return lineGetTranslateCaps(a->app, a->version, s);
}

EXPORT LONG WINAPI lineGetTranslateCapsW(HLINEAPP hLineApp, DWORD dwAPIVersion,
					 LPLINETRANSLATECAPS lpTranslateCaps)
{
	struct tl_args a = { .app = hLineApp, .version = dwAPIVersion };

	return tl_wide_get(lpTranslateCaps, &tl_wide_translatecaps, tl_translatecaps, &a);
}
