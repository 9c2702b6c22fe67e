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
struct args {
	HLINEAPP app;
	HLINE line;
	HCALL call;
	DWORD dev, addr, version, ext;
};

static LONG devcaps(void *s, const void *p)
{
	const struct args *a = p;

	return lineGetDevCaps(a->app, a->dev, a->version, a->ext, s);
}

EXPORT LONG WINAPI lineGetDevCapsW(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAPIVersion,
				   DWORD dwExtVersion, LPLINEDEVCAPS lpLineDevCaps)
{
	struct args a = { .app = hLineApp, .dev = dwDeviceID, .version = dwAPIVersion,
			  .ext = dwExtVersion };

	return wide_get(lpLineDevCaps, &wide_devcaps, devcaps, &a);
}

static LONG addresscaps(void *s, const void *p)
{
	const struct args *a = p;

	return lineGetAddressCaps(a->app, a->dev, a->addr, a->version, a->ext, s);
}

EXPORT LONG WINAPI lineGetAddressCapsW(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAddressID,
				       DWORD dwAPIVersion, DWORD dwExtVersion,
				       LPLINEADDRESSCAPS lpAddressCaps)
{
	struct args a = { .app = hLineApp, .dev = dwDeviceID, .addr = dwAddressID,
			  .version = dwAPIVersion, .ext = dwExtVersion };

	return wide_get(lpAddressCaps, &wide_addresscaps, addresscaps, &a);
}

static LONG addressstatus(void *s, const void *p)
{
	const struct args *a = p;

	return lineGetAddressStatus(a->line, a->addr, s);
}

EXPORT LONG WINAPI lineGetAddressStatusW(HLINE hLine, DWORD dwAddressID,
					 LPLINEADDRESSSTATUS lpAddressStatus)
{
	struct args a = { .line = hLine, .addr = dwAddressID };

	return wide_get(lpAddressStatus, &wide_addressstatus, addressstatus, &a);
}

static LONG devstatus(void *s, const void *p)
{
	const struct args *a = p;

	return lineGetLineDevStatus(a->line, s);
}

EXPORT LONG WINAPI lineGetLineDevStatusW(HLINE hLine, LPLINEDEVSTATUS lpLineDevStatus)
{
	struct args a = { .line = hLine };

	return wide_get(lpLineDevStatus, &wide_devstatus, devstatus, &a);
}

static LONG callinfo(void *s, const void *p)
{
	const struct args *a = p;

	return lineGetCallInfo(a->call, s);
}

EXPORT LONG WINAPI lineGetCallInfoW(HCALL hCall, LPLINECALLINFO lpCallInfo)
{
	struct args a = { .call = hCall };

	return wide_get(lpCallInfo, &wide_callinfo, callinfo, &a);
}

static LONG country_list(void *s, const void *p)
{
	const struct args *a = p;

	return lineGetCountry(a->dev, a->version, s);
}

EXPORT LONG WINAPI lineGetCountryW(DWORD dwCountryID, DWORD dwAPIVersion,
				   LPLINECOUNTRYLIST lpLineCountryList)
{
	struct args a = { .dev = dwCountryID, .version = dwAPIVersion };

	return wide_get(lpLineCountryList, &wide_countrylist, country_list, &a);
}

static LONG providers(void *s, const void *p)
{
	const struct args *a = p;

	return lineGetProviderList(a->version, s);
}

EXPORT LONG WINAPI lineGetProviderListW(DWORD dwAPIVersion, LPLINEPROVIDERLIST lpProviderList)
{
	struct args a = { .version = dwAPIVersion };

	return wide_get(lpProviderList, &wide_providerlist, providers, &a);
}

static LONG translatecaps(void *s, const void *p)
{
	const struct args *a = p;

	return lineGetTranslateCaps(a->app, a->version, s);
}

EXPORT LONG WINAPI lineGetTranslateCapsW(HLINEAPP hLineApp, DWORD dwAPIVersion,
					 LPLINETRANSLATECAPS lpTranslateCaps)
{
	struct args a = { .app = hLineApp, .version = dwAPIVersion };

	return wide_get(lpTranslateCaps, &wide_translatecaps, translatecaps, &a);
}
