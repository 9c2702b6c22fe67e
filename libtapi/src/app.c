// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Applications: lineInitialize(Ex), lineShutdown, and version negotiation.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "internal.h"

/* lineInitialize and lineShutdown one at a time: the engine starts and stops with them. */
static pthread_mutex_t tl_init_lock = PTHREAD_MUTEX_INITIALIZER;

static LONG tl_app_new(LPHLINEAPP lphLineApp, LINECALLBACK cb, LPCSTR name, LPDWORD lpdwNumDevs,
		    DWORD options, DWORD api_version, LPLINEINITIALIZEEXPARAMS params)
{
	pthread_condattr_t ca;
	struct tl_lineapp *app;
	LONG ret = 0;

	app = calloc(1, sizeof(*app));
	if (!app)
		return LINEERR_NOMEM;
	app->efd = -1;
	app->options = options;
	app->api_version = api_version;
	app->callback = cb;
	snprintf(app->name, sizeof(app->name), "%s", name ? name : "");
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&app->cond, &ca);
	pthread_condattr_destroy(&ca);

	pthread_mutex_lock(&tl_init_lock);
	pthread_mutex_lock(&tl_lib.lock);
	/* listening to udev first: a device that comes during the scan is not missed */
	if (tl_engine_start())
		ret = LINEERR_NOMEM;
	if (!ret && !tl_lib.napps && tl_devices_scan() < 0)
		ret = LINEERR_OPERATIONFAILED;	/* udev could not be asked */
	if (!ret && (options & 3) == LINEINITIALIZEEXOPTION_USEEVENT) {
		app->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (app->efd < 0)
			ret = LINEERR_NOMEM;
	}
	if (!ret && !(app->handle = tl_handle_new(OBJ_LINEAPP, app)))
		ret = LINEERR_NOMEM;
	if (!ret && (options & 3) == LINEINITIALIZEEXOPTION_USEHIDDENWINDOW &&
	    tl_callback_start(app))
		ret = LINEERR_NOMEM;
	if (ret)
		goto out_undo;
	tl_lib.napps++;
	app->known_devs = tl_lib.ndevs;
	*lphLineApp = app->handle;
	*lpdwNumDevs = tl_lib.ndevs;
	if (params)
		params->Handles.hEvent = (HANDLE)(intptr_t)app->efd;
	goto out_unlock;

out_undo:
	if (app->handle)
		tl_handle_free(app->handle);
	if (app->efd >= 0)
		close(app->efd);
	if (!tl_lib.napps)
		tl_engine_stop();
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	pthread_mutex_unlock(&tl_init_lock);
	if (ret) {
		pthread_cond_destroy(&app->cond);
		free(app);
	}
	return ret;
}

EXPORT LONG WINAPI lineInitializeExA(LPHLINEAPP lphLineApp, HINSTANCE hInstance,
				     LINECALLBACK lpfnCallback, LPCSTR lpszFriendlyAppName,
				     LPDWORD lpdwNumDevs, LPDWORD lpdwAPIVersion,
				     LPLINEINITIALIZEEXPARAMS lpLineInitializeExParams)
{
	LPLINEINITIALIZEEXPARAMS p = lpLineInitializeExParams;
	DWORD options, version;
	LONG ret;

	(void)hInstance;	/* no module handles here */
	if (!lphLineApp || !lpdwNumDevs || !lpdwAPIVersion || !p)
		return LINEERR_INVALPOINTER;
	version = *lpdwAPIVersion;
	/* lineInitializeEx is TAPI 2.0's: older applications use lineInitialize */
	if (version < 0x00020000)
		return LINEERR_INCOMPATIBLEAPIVERSION;
	if (p->dwTotalSize < sizeof(*p))
		return LINEERR_STRUCTURETOOSMALL;
	options = p->dwOptions & ~LINEINITIALIZEEXOPTION_CALLHUBTRACKING;
	if (options != LINEINITIALIZEEXOPTION_USEHIDDENWINDOW &&
	    options != LINEINITIALIZEEXOPTION_USEEVENT &&
	    options != LINEINITIALIZEEXOPTION_USECOMPLETIONPORT)
		return LINEERR_INVALPARAM;
	/* no completion ports on Linux: docs/libtapi.md */
	if (options == LINEINITIALIZEEXOPTION_USECOMPLETIONPORT)
		return LINEERR_INVALPARAM;
	if (options == LINEINITIALIZEEXOPTION_USEHIDDENWINDOW && !lpfnCallback)
		return LINEERR_INVALPOINTER;
	p->dwNeededSize = sizeof(*p);
	p->dwUsedSize = sizeof(*p);
	ret = tl_app_new(lphLineApp, lpfnCallback, lpszFriendlyAppName, lpdwNumDevs, options,
		      version < API_HIGH ? version : API_HIGH,
		      options == LINEINITIALIZEEXOPTION_USEEVENT ? p : NULL);
	if (!ret)
		*lpdwAPIVersion = API_HIGH;
	return ret;
}

EXPORT LONG WINAPI lineInitialize(LPHLINEAPP lphLineApp, HINSTANCE hInstance,
				  LINECALLBACK lpfnCallback, LPCSTR lpszAppName, LPDWORD lpdwNumDevs)
{
	(void)hInstance;
	if (!lphLineApp || !lpdwNumDevs || !lpfnCallback)
		return LINEERR_INVALPOINTER;
	return tl_app_new(lphLineApp, lpfnCallback, lpszAppName, lpdwNumDevs,
		       LINEINITIALIZEEXOPTION_USEHIDDENWINDOW, 0x00010004, NULL);
}

static void tl_close_app_lines(void *p, void *arg)
{
	struct tl_line *l = p;

	if (l->app == arg)
		tl_line_free(l);
}

EXPORT LONG WINAPI lineShutdown(HLINEAPP hLineApp)
{
	struct tl_lineapp *app;
	bool self, self_disp;

	pthread_mutex_lock(&tl_init_lock);
	pthread_mutex_lock(&tl_lib.lock);
	app = tl_handle_get(hLineApp, OBJ_LINEAPP);
	if (!app)
		goto out_unlock;
	/* its lines close (their calls dropped as closing them does), then it goes */
	tl_handles_each(OBJ_LINE, tl_close_app_lines, app);
	tl_handle_free(app->handle);
	app->shutting = true;
	pthread_cond_broadcast(&app->cond);
	/* from its own callback: the thread running it frees it when it returns */
	self = app->cb_running && pthread_equal(app->cb_thread, pthread_self());
	self_disp = app->dispatching && pthread_equal(app->dispatcher, pthread_self());
	while (app->waiters || (app->dispatching && !self_disp))
		pthread_cond_wait(&app->cond, &tl_lib.lock);
	tl_queue_flush(app);
	app->orphan = self;
	app->dispatch_frees = self_disp;
	if (!--tl_lib.napps) {
		tl_engine_stop();
		/* the next lineInitialize sees the devices anew */
		free(tl_lib.devs);
		tl_lib.devs = NULL;
		tl_lib.ndevs = 0;
	}
out_unlock:
	pthread_mutex_unlock(&tl_lib.lock);
	/* a callback may itself initialise or shut down: not under init_lock */
	pthread_mutex_unlock(&tl_init_lock);
	if (!app)
		return LINEERR_INVALAPPHANDLE;
	if (app->cb_running) {
		/* from inside its own callback it cannot wait for itself */
		if (self)
			pthread_detach(app->cb_thread);
		else
			pthread_join(app->cb_thread, NULL);
	}
	if (app->efd >= 0)
		close(app->efd);
	app->efd = -1;
	if (!self && !self_disp) {
		pthread_cond_destroy(&app->cond);
		free(app);
	}
	return 0;
}

EXPORT LONG WINAPI lineNegotiateAPIVersion(HLINEAPP hLineApp, DWORD dwDeviceID,
					   DWORD dwAPILowVersion, DWORD dwAPIHighVersion,
					   LPDWORD lpdwAPIVersion,
					   LPLINEEXTENSIONID lpExtensionID)
{
	struct tl_device *d;
	LONG ret = 0;

	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_app_device(hLineApp, dwDeviceID, &d);
	if (ret)
		;
	else if (!lpdwAPIVersion || !lpExtensionID)
		ret = LINEERR_INVALPOINTER;
	else if (dwAPILowVersion > dwAPIHighVersion || dwAPIHighVersion < API_LOW ||
		 dwAPILowVersion > API_HIGH)
		ret = LINEERR_INCOMPATIBLEAPIVERSION;
	pthread_mutex_unlock(&tl_lib.lock);
	if (ret)
		return ret;
	*lpdwAPIVersion = dwAPIHighVersion < API_HIGH ? dwAPIHighVersion : API_HIGH;
	/* no provider extensions: the ID is all zeros */
	memset(lpExtensionID, 0, sizeof(*lpExtensionID));
	return 0;
}

/*
 * The devices have no provider extensions (lineNegotiateAPIVersion's
 * extension ID is all zeros): there is no version to agree on.
 */
EXPORT LONG WINAPI lineNegotiateExtVersion(HLINEAPP hLineApp, DWORD dwDeviceID,
					   DWORD dwAPIVersion, DWORD dwExtLowVersion,
					   DWORD dwExtHighVersion, LPDWORD lpdwExtVersion)
{
	struct tl_device *d;
	LONG ret;

	(void)dwExtLowVersion;
	(void)dwExtHighVersion;
	pthread_mutex_lock(&tl_lib.lock);
	ret = tl_app_device(hLineApp, dwDeviceID, &d);
	pthread_mutex_unlock(&tl_lib.lock);
	if (ret)
		return ret;
	if (dwAPIVersion < API_LOW || dwAPIVersion > API_HIGH)
		return LINEERR_INCOMPATIBLEAPIVERSION;
	if (!lpdwExtVersion)
		return LINEERR_INVALPOINTER;
	return LINEERR_OPERATIONUNAVAIL;
}
