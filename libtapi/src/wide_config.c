// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ...W forms of the configuration functions: providers, application
 * priorities, and address translation with its locations.
 */
#include <stdlib.h>

#include "internal.h"
#include "wide.h"

EXPORT LONG WINAPI lineAddProviderW(LPCWSTR lpszProviderFilename, HWND hwndOwner,
				    LPDWORD lpdwPermanentProviderID)
{
	return WITH_UTF8(lpszProviderFilename, file,
			 lineAddProvider(file, hwndOwner, lpdwPermanentProviderID));
}

struct tl_prio_args {
	const char *app;
	DWORD media, request;
	LPLINEEXTENSIONID ext;
	LPDWORD priority;
};

static LONG tl_get_priority(void *s, const void *p)
{
	const struct tl_prio_args *a = p;

	return lineGetAppPriority(a->app, a->media, a->ext, a->request, s, a->priority);
}

EXPORT LONG WINAPI lineGetAppPriorityW(LPCWSTR lpszAppFilename, DWORD dwMediaMode,
				       LPLINEEXTENSIONID lpExtensionID, DWORD dwRequestMode,
				       LPVARSTRING lpExtensionName, LPDWORD lpdwPriority)
{
	struct tl_prio_args a = { .media = dwMediaMode, .request = dwRequestMode,
			       .ext = lpExtensionID, .priority = lpdwPriority };
	return WITH_UTF8(lpszAppFilename, app,
			 (a.app = app,
			  tl_wide_get(lpExtensionName, &tl_wide_varstring, tl_get_priority, &a)));
}

EXPORT LONG WINAPI lineSetAppPriorityW(LPCWSTR lpszAppFilename, DWORD dwMediaMode,
				       LPLINEEXTENSIONID lpExtensionID, DWORD dwRequestMode,
				       LPCWSTR lpszExtensionName, DWORD dwPriority)
{
	char *app, *ext = NULL;
	LONG ret = tl_wide_arg(lpszAppFilename, &app);

	if (!ret)
		ret = tl_wide_arg(lpszExtensionName, &ext);
	if (!ret)
		ret = lineSetAppPriority(app, dwMediaMode, lpExtensionID, dwRequestMode, ext,
					 dwPriority);
	free(app);
	free(ext);
	return ret;
}

EXPORT LONG WINAPI lineSetTollListW(HLINEAPP hLineApp, DWORD dwDeviceID, LPCWSTR lpszAddressIn,
				    DWORD dwTollListOption)
{
	return WITH_UTF8(lpszAddressIn, addr,
			 lineSetTollList(hLineApp, dwDeviceID, addr, dwTollListOption));
}

struct tl_translate_args {
	HLINEAPP app;
	DWORD dev, version, card, options;
	const char *addr;
};

static LONG tl_translate(void *s, const void *p)
{
	const struct tl_translate_args *a = p;

	return lineTranslateAddress(a->app, a->dev, a->version, a->addr, a->card, a->options, s);
}

EXPORT LONG WINAPI lineTranslateAddressW(HLINEAPP hLineApp, DWORD dwDeviceID,
					 DWORD dwAPIVersion, LPCWSTR lpszAddressIn, DWORD dwCard,
					 DWORD dwTranslateOptions,
					 LPLINETRANSLATEOUTPUT lpTranslateOutput)
{
	struct tl_translate_args a = { .app = hLineApp, .dev = dwDeviceID, .version = dwAPIVersion,
				    .card = dwCard, .options = dwTranslateOptions };
	return WITH_UTF8(lpszAddressIn, addr,
			 (a.addr = addr,
			  tl_wide_get(lpTranslateOutput, &tl_wide_translateoutput, tl_translate, &a)));
}

EXPORT LONG WINAPI lineTranslateDialogW(HLINEAPP hLineApp, DWORD dwDeviceID, DWORD dwAPIVersion,
					HWND hwndOwner, LPCWSTR lpszAddressIn)
{
	return WITH_UTF8(lpszAddressIn, addr,
			 lineTranslateDialog(hLineApp, dwDeviceID, dwAPIVersion, hwndOwner, addr));
}
