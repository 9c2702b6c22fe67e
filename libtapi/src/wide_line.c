// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ...W forms of the line functions that take strings: each argument
 * becomes UTF-8 for the function the library implements; a VARSTRING or
 * LINETRANSLATEOUTPUT returned is laid out in UTF-16 (wide_struct.c).
 * LINECALLPARAMS is passed as it is: lineMakeCall and lineOpen read only
 * its numbers (bearer and media mode, address), none of its strings.
 */
#include <stdlib.h>

#include "internal.h"
#include "wide.h"

EXPORT LONG WINAPI lineInitializeExW(LPHLINEAPP lphLineApp, HINSTANCE hInstance,
				     LINECALLBACK lpfnCallback, LPCWSTR lpszFriendlyAppName,
				     LPDWORD lpdwNumDevs, LPDWORD lpdwAPIVersion,
				     LPLINEINITIALIZEEXPARAMS lpLineInitializeExParams)
{
	return WITH_UTF8(lpszFriendlyAppName, name,
			 lineInitializeExA(lphLineApp, hInstance, lpfnCallback, name,
					   lpdwNumDevs, lpdwAPIVersion,
					   lpLineInitializeExParams));
}

EXPORT LONG WINAPI lineOpenW(HLINEAPP hLineApp, DWORD dwDeviceID, LPHLINE lphLine,
			     DWORD dwAPIVersion, DWORD dwExtVersion, DWORD_PTR dwCallbackInstance,
			     DWORD dwPrivileges, DWORD dwMediaModes,
			     LPLINECALLPARAMS const lpCallParams)
{
	return lineOpen(hLineApp, dwDeviceID, lphLine, dwAPIVersion, dwExtVersion,
			dwCallbackInstance, dwPrivileges, dwMediaModes, lpCallParams);
}

EXPORT LONG WINAPI lineMakeCallW(HLINE hLine, LPHCALL lphCall, LPCWSTR lpszDestAddress,
				 DWORD dwCountryCode, LPLINECALLPARAMS const lpCallParams)
{
	return WITH_UTF8(lpszDestAddress, dest,
			 lineMakeCall(hLine, lphCall, dest, dwCountryCode, lpCallParams));
}

EXPORT LONG WINAPI lineDialW(HCALL hCall, LPCWSTR lpszDestAddress, DWORD dwCountryCode)
{
	return WITH_UTF8(lpszDestAddress, dest,
			 lineDial(hCall, dest, dwCountryCode));
}

EXPORT LONG WINAPI lineHandoffW(HCALL hCall, LPCWSTR lpszFileName, DWORD dwMediaMode)
{
	return WITH_UTF8(lpszFileName, name,
			 lineHandoff(hCall, name, dwMediaMode));
}

/* dwSize counts bytes: of WCHARs here, of UTF-8 for the library. */
EXPORT LONG WINAPI lineGetAddressIDW(HLINE hLine, LPDWORD lpdwAddressID, DWORD dwAddressMode,
				     LPCWSTR lpsAddress, DWORD dwSize)
{
	size_t n;
	char *s;
	LONG ret;

	if (!lpsAddress)
		return lineGetAddressID(hLine, lpdwAddressID, dwAddressMode, NULL, dwSize);
	n = tl_wide_to_utf8(NULL, lpsAddress, dwSize / sizeof(WCHAR));
	s = malloc(n + 1);
	if (!s)
		return LINEERR_NOMEM;
	tl_wide_to_utf8(s, lpsAddress, dwSize / sizeof(WCHAR));
	s[n] = '\0';
	ret = lineGetAddressID(hLine, lpdwAddressID, dwAddressMode, s, (DWORD)n);
	free(s);
	return ret;
}

struct tl_id_args {
	HLINE line;
	HCALL call;
	DWORD addr, select;
	const char *cls;
};

static LONG tl_get_id(void *s, const void *p)
{
	const struct tl_id_args *a = p;

	return lineGetID(a->line, a->addr, a->call, a->select, s, a->cls);
}

/*
 * Straight into the caller's VARSTRING: an audio class opens a descriptor,
 * which must not be opened twice. An answer that is text (no side effect)
 * is asked for again and given in UTF-16.
 */
EXPORT LONG WINAPI lineGetIDW(HLINE hLine, DWORD dwAddressID, HCALL hCall, DWORD dwSelect,
			      LPVARSTRING lpDeviceID, LPCWSTR lpszDeviceClass)
{
	struct tl_id_args a = { .line = hLine, .call = hCall, .addr = dwAddressID,
			     .select = dwSelect };
	char *cls;
	LONG ret = tl_wide_arg(lpszDeviceClass, &cls);

	if (ret)
		return ret;
	a.cls = cls;
	ret = tl_get_id(lpDeviceID, &a);
	if (!ret && lpDeviceID->dwStringFormat == STRINGFORMAT_ASCII)
		ret = tl_wide_get(lpDeviceID, &tl_wide_varstring, tl_get_id, &a);
	free(cls);
	return ret;
}

EXPORT LONG WINAPI lineGetIconW(DWORD dwDeviceID, LPCWSTR lpszDeviceClass, LPHICON lphIcon)
{
	return WITH_UTF8(lpszDeviceClass, cls,
			 lineGetIcon(dwDeviceID, cls, lphIcon));
}

EXPORT LONG WINAPI lineConfigDialogW(DWORD dwDeviceID, HWND hwndOwner, LPCWSTR lpszDeviceClass)
{
	return WITH_UTF8(lpszDeviceClass, cls,
			 lineConfigDialog(dwDeviceID, hwndOwner, cls));
}

struct tl_config_args {
	DWORD dev;
	HWND owner;
	const char *cls;
	LPVOID in;
	DWORD size;
};

static LONG tl_config_edit(void *s, const void *p)
{
	const struct tl_config_args *a = p;

	return lineConfigDialogEdit(a->dev, a->owner, a->cls, a->in, a->size, s);
}

/* The configuration is binary (STRINGFORMAT_BINARY): it crosses unconverted. */
EXPORT LONG WINAPI lineConfigDialogEditW(DWORD dwDeviceID, HWND hwndOwner,
					 LPCWSTR lpszDeviceClass, LPVOID const lpDeviceConfigIn,
					 DWORD dwSize, LPVARSTRING lpDeviceConfigOut)
{
	struct tl_config_args a = { .dev = dwDeviceID, .owner = hwndOwner,
				 .in = lpDeviceConfigIn, .size = dwSize };
	return WITH_UTF8(lpszDeviceClass, cls,
			 (a.cls = cls,
			  tl_wide_get(lpDeviceConfigOut, &tl_wide_varstring, tl_config_edit, &a)));
}

static LONG tl_get_config(void *s, const void *p)
{
	const struct tl_config_args *a = p;

	return lineGetDevConfig(a->dev, s, a->cls);
}

EXPORT LONG WINAPI lineGetDevConfigW(DWORD dwDeviceID, LPVARSTRING lpDeviceConfig,
				     LPCWSTR lpszDeviceClass)
{
	struct tl_config_args a = { .dev = dwDeviceID };
	return WITH_UTF8(lpszDeviceClass, cls,
			 (a.cls = cls,
			  tl_wide_get(lpDeviceConfig, &tl_wide_varstring, tl_get_config, &a)));
}

EXPORT LONG WINAPI lineSetDevConfigW(DWORD dwDeviceID, LPVOID const lpDeviceConfig,
				     DWORD dwSize, LPCWSTR lpszDeviceClass)
{
	return WITH_UTF8(lpszDeviceClass, cls,
			 lineSetDevConfig(dwDeviceID, lpDeviceConfig, dwSize, cls));
}

EXPORT LONG WINAPI lineGenerateDigitsW(HCALL hCall, DWORD dwDigitMode, LPCWSTR lpszDigits,
				       DWORD dwDuration)
{
	return WITH_UTF8(lpszDigits, digits,
			 lineGenerateDigits(hCall, dwDigitMode, digits, dwDuration));
}

/* The digits gathered land in lpsDigits as WCHARs (media.c writes them). */
EXPORT LONG WINAPI lineGatherDigitsW(HCALL hCall, DWORD dwDigitModes, LPWSTR lpsDigits,
				     DWORD dwNumDigits, LPCWSTR lpszTerminationDigits,
				     DWORD dwFirstDigitTimeout, DWORD dwInterDigitTimeout)
{
	return WITH_UTF8(lpszTerminationDigits, term,
			 tl_gather_digits(hCall, dwDigitModes, lpsDigits, dwNumDigits, term,
				       dwFirstDigitTimeout, dwInterDigitTimeout, 1));
}
