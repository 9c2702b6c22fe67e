// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Service providers (lineGetProviderList, lineAddProvider,
 * lineRemoveProvider, lineConfigProvider). TAPI's providers are DLLs; here
 * they are the kernel modules that register line and phone devices with
 * tapi.ko (tapi_sim ...), named by module name, the "file name" of the
 * list. A device's driver is its sysfs attribute driver_name.
 *
 * /etc/tapi/providers keeps, one a line, "<id> <module> registered" for
 * the providers lineAddProvider installed, and "<id> <module> seen" for
 * drivers met otherwise, so that their IDs stay: a provider's permanent
 * ID is first taken from a hash of its name (FNV-1a), the next free number
 * when that is taken, so every process gives a driver the same ID whether
 * or not it may write the file.
 *
 * Installing loads the module (libkmod: a module name found through
 * modules.dep, or the absolute path of a .ko), removing unloads it; the
 * devices come and go, and the library's hotplug tells applications
 * (LINE_CREATE, LINE_CLOSE, LINE_REMOVE). Loading at boot stays the
 * system's business (modules-load.d): the list only remembers.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libkmod.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define PROVIDERS_FILE "/etc/tapi/providers"
#define NAME_LEN 64

struct tl_provider {
	DWORD id;
	char name[NAME_LEN];	/* the module's, '-' written '_' as the kernel does */
	bool registered;	/* installed by lineAddProvider, not removed since */
	bool present;		/* has devices now */
};

struct tl_plist {
	struct tl_provider *v;
	unsigned int n;
	bool dirty;		/* IDs given that the file does not hold yet */
};

/* the providers file in this process, and a module's load with it (internal.h) */
static pthread_mutex_t tl_prov_lock = PTHREAD_MUTEX_INITIALIZER;

static bool tl_valid_name(const char *s)
{
	if (!*s || strlen(s) >= NAME_LEN)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

static void tl_normalise(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

static struct tl_provider *tl_find_name(struct tl_plist *l, const char *name)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

static struct tl_provider *tl_find_id(struct tl_plist *l, DWORD id)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return &l->v[i];
	return NULL;
}

/* A new entry for @name, its ID 0 (none yet); NULL when out of memory. */
static struct tl_provider *tl_add(struct tl_plist *l, const char *name)
{
	struct tl_provider *v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v)
		return NULL;
	l->v = v;
	memset(&v[l->n], 0, sizeof(v[l->n]));
	snprintf(v[l->n].name, sizeof(v[l->n].name), "%s", name);
	return &v[l->n++];
}

/* @name's ID: its hash, or the next number no other provider has. */
static DWORD tl_name_id(struct tl_plist *l, const char *name)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		h ^= *s;
		h *= 16777619u;
	}
	while (!h || tl_find_id(l, h))
		h++;
	return h;
}

/* The file into @l: 0, LINEERR_INIFILECORRUPT or LINEERR_NOMEM. */
static LONG tl_load(struct tl_plist *l)
{
	char *text = tl_conf_slurp(PROVIDERS_FILE), *tl_save, *line;
	LONG ret = 0;

	memset(l, 0, sizeof(*l));
	if (!text)
		return LINEERR_NOMEM;
	for (line = strtok_r(text, "\n", &tl_save); line && !ret;
	     line = strtok_r(NULL, "\n", &tl_save)) {
		char name[NAME_LEN], state[16];
		unsigned long long id;
		struct tl_provider *p;
		int n = -1;

		if (*line == '#' || !line[strspn(line, " \t")])
			continue;
		if (sscanf(line, "%llu %63s %15s %n", &id, name, state, &n) != 3 || n < 0 ||
		    line[n] || !id || id > 0xffffffffull || !tl_valid_name(name) ||
		    (strcmp(state, "registered") && strcmp(state, "seen"))) {
			ret = LINEERR_INIFILECORRUPT;
			break;
		}
		tl_normalise(name);
		if (tl_find_name(l, name) || tl_find_id(l, (DWORD)id)) {
			ret = LINEERR_INIFILECORRUPT;
		} else if (!(p = tl_add(l, name))) {
			ret = LINEERR_NOMEM;
		} else {
			p->id = (DWORD)id;
			p->registered = !strcmp(state, "registered");
		}
	}
	free(text);
	if (ret) {
		free(l->v);
		memset(l, 0, sizeof(*l));
	}
	return ret;
}

static int tl_cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * The drivers of the devices there are now (lines and phones): marked
 * present, new ones given IDs in name order (so a clash of hashes ends the
 * same way in every process). 0 or LINEERR_NOMEM.
 */
static LONG tl_scan_present(struct tl_plist *l)
{
	DIR *dir = opendir("/sys/class/tapi");
	char (*names)[NAME_LEN] = NULL;
	unsigned int n = 0;
	struct dirent *e;
	LONG ret = 0;

	if (!dir)
		return 0;	/* tapi.ko is not loaded: no devices, no drivers */
	while ((e = readdir(dir))) {
		char path[300], name[NAME_LEN] = "";
		struct tl_provider *p;
		FILE *f;

		if (strncmp(e->d_name, "tapi", 4))
			continue;
		snprintf(path, sizeof(path), "/sys/class/tapi/%s/driver_name", e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (!fgets(name, sizeof(name), f))
			name[0] = 0;
		fclose(f);
		name[strcspn(name, "\n")] = 0;
		tl_normalise(name);
		if (!tl_valid_name(name))
			continue;
		if ((p = tl_find_name(l, name))) {
			p->present = true;
			continue;
		}
		for (unsigned int i = 0; i < n && name[0]; i++)
			if (!strcmp(names[i], name))
				name[0] = 0;
		if (name[0]) {
			char (*grown)[NAME_LEN] = realloc(names, (n + 1) * sizeof(*names));

			if (!grown) {
				ret = LINEERR_NOMEM;
				break;
			}
			names = grown;
			memcpy(names[n++], name, NAME_LEN);
		}
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), tl_cmp_name);
	for (unsigned int i = 0; i < n && !ret; i++) {
		struct tl_provider *p = tl_add(l, names[i]);

		if (!p) {
			ret = LINEERR_NOMEM;
			break;
		}
		p->id = tl_name_id(l, names[i]);
		p->present = true;
		l->dirty = true;
	}
	free(names);
	return ret;
}

/* Write @l to the file: 0, or -1 (not root, or the write failed). */
static int tl_save(struct tl_plist *l)
{
	char *out = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&out, &size);
	int ret;

	if (!m)
		return -1;
	fputs("# libtapi's providers: <permanent provider ID> <module> registered|seen\n", m);
	for (unsigned int i = 0; i < l->n; i++)
		fprintf(m, "%u %s %s\n", l->v[i].id, l->v[i].name,
			l->v[i].registered ? "registered" : "seen");
	if (fclose(m)) {
		free(out);
		return -1;
	}
	ret = tl_conf_replace(PROVIDERS_FILE, out);
	free(out);
	if (!ret)
		l->dirty = false;
	return ret;
}

/* The providers as they are now, into @l: 0 or the error. Holds prov_lock. */
static LONG tl_providers(struct tl_plist *l)
{
	LONG ret = tl_load(l);

	if (!ret)
		ret = tl_scan_present(l);
	if (ret) {
		free(l->v);
		return ret;
	}
	/* root keeps the IDs it gave; others give the same ones anyway */
	if (l->dirty && !geteuid())
		tl_save(l);
	return 0;
}

/*
 * The permanent provider ID of the devices of @driver (lineGetID's
 * "tapi/providerid"): 0, or LINEERR_OPERATIONFAILED for a driver with no
 * devices, LINEERR_NOMEM, LINEERR_INIFILECORRUPT.
 */
LONG tl_provider_id(const char *driver, DWORD *id)
{
	char name[NAME_LEN];
	struct tl_provider *p;
	struct tl_plist l;
	LONG ret;

	snprintf(name, sizeof(name), "%s", driver);
	tl_normalise(name);
	pthread_mutex_lock(&tl_prov_lock);
	ret = tl_providers(&l);
	pthread_mutex_unlock(&tl_prov_lock);
	if (ret)
		return ret;
	p = tl_find_name(&l, name);
	if (p)
		*id = p->id;
	free(l.v);
	return p ? 0 : LINEERR_OPERATIONFAILED;
}

EXPORT LONG WINAPI lineGetProviderList(DWORD dwAPIVersion, LPLINEPROVIDERLIST lpProviderList)
{
	LPLINEPROVIDERLIST pl = lpProviderList;
	struct tl_plist l;
	DWORD count = 0, need;
	struct tl_vs v;
	LONG ret;

	/* the structure is the same in every version: any the application may know */
	if (dwAPIVersion < API_LOW)
		return LINEERR_INCOMPATIBLEAPIVERSION;
	if (!pl)
		return LINEERR_INVALPOINTER;
	ret = tl_vs_begin(&v, pl, sizeof(*pl), sizeof(*pl));
	if (ret)
		return ret;
	pthread_mutex_lock(&tl_prov_lock);
	ret = tl_providers(&l);
	pthread_mutex_unlock(&tl_prov_lock);
	if (ret) {
		tl_vs_end(&v);
		return ret;
	}
	need = sizeof(*pl);
	for (unsigned int i = 0; i < l.n; i++) {
		if (!l.v[i].registered && !l.v[i].present)
			continue;
		count++;
		need += sizeof(LINEPROVIDERENTRY) + strlen(l.v[i].name) + 1;
	}
	/* the entries and their names, all of them or none */
	if (count && need <= pl->dwTotalSize) {
		LPLINEPROVIDERENTRY e = (LPLINEPROVIDERENTRY)((char *)pl + v.used);
		DWORD k = 0;

		pl->dwNumProviders = count;
		pl->dwProviderListSize = count * sizeof(*e);
		pl->dwProviderListOffset = v.used;
		v.used += pl->dwProviderListSize;
		v.needed += pl->dwProviderListSize;
		for (unsigned int i = 0; i < l.n; i++) {
			if (!l.v[i].registered && !l.v[i].present)
				continue;
			e[k].dwPermanentProviderID = l.v[i].id;
			tl_vs_string(&v, &e[k].dwProviderFilenameSize,
				  &e[k].dwProviderFilenameOffset, l.v[i].name);
			k++;
		}
	} else {
		v.needed = need;
	}
	tl_vs_end(&v);
	free(l.v);
	return 0;
}

static void tl_kmod_quiet(void *data, int priority, const char *file, int line, const char *fn,
		       const char *format, va_list args)
{
	/* a library does not write to the application's stderr: errors are returned */
	(void)data, (void)priority, (void)file, (void)line, (void)fn, (void)format, (void)args;
}

static struct kmod_ctx *tl_kmod_open(void)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);

	if (ctx)
		kmod_set_log_fn(ctx, tl_kmod_quiet, NULL);
	return ctx;
}

/* Does @mod register devices with tapi.ko: does it depend on it? */
static bool tl_is_provider(struct kmod_module *mod)
{
	struct kmod_list *info = NULL, *it;
	bool yes = false;

	if (kmod_module_get_info(mod, &info) < 0)
		return false;
	kmod_list_foreach(it, info) {
		const char *key = kmod_module_info_get_key(it);
		const char *val = kmod_module_info_get_value(it);
		char deps[512], *tl_save, *tok;

		if (!key || strcmp(key, "depends") || !val)
			continue;
		snprintf(deps, sizeof(deps), "%s", val);
		for (tok = strtok_r(deps, ",", &tl_save); tok; tok = strtok_r(NULL, ",", &tl_save))
			yes |= !strcmp(tok, "tapi");
	}
	kmod_module_info_free_list(info);
	return yes;
}

/* The module @file names: 0, or the error for a name that names none. */
static LONG tl_find_module(struct kmod_ctx *ctx, const char *file, struct kmod_module **mod)
{
	struct kmod_list *list = NULL;
	int r;

	*mod = NULL;
	if (*file == '/') {
		r = kmod_module_new_from_path(ctx, file, mod);
		return r == -ENOMEM ? LINEERR_NOMEM : r ? LINEERR_INVALPARAM : 0;
	}
	if (!tl_valid_name(file))
		return LINEERR_INVALPARAM;
	r = kmod_module_new_from_lookup(ctx, file, &list);
	if (r == -ENOMEM)
		return LINEERR_NOMEM;
	if (r < 0 || !list)
		return LINEERR_INVALPARAM;
	*mod = kmod_module_get_module(list);
	kmod_module_unref_list(list);
	return *mod ? 0 : LINEERR_INVALPARAM;
}

EXPORT LONG WINAPI lineAddProvider(LPCSTR lpszProviderFilename, HWND hwndOwner,
				   LPDWORD lpdwPermanentProviderID)
{
	const char *file = lpszProviderFilename;
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx;
	struct tl_provider *p;
	struct tl_plist l = { 0 };
	char name[NAME_LEN];
	bool was_loaded;
	LONG ret;
	int r;

	(void)hwndOwner;	/* nothing to ask: a module has no installation dialog */
	if (!file || !lpdwPermanentProviderID)
		return LINEERR_INVALPOINTER;
	if (!*file)
		return LINEERR_INVALPARAM;
	ctx = tl_kmod_open();
	if (!ctx)
		return LINEERR_NOMEM;
	ret = tl_find_module(ctx, file, &mod);
	if (!ret && (snprintf(name, sizeof(name), "%s", kmod_module_get_name(mod)) >= NAME_LEN ||
		     !tl_is_provider(mod)))
		ret = LINEERR_INVALPARAM;	/* not a module of tapi.ko's devices */
	if (ret)
		goto out;
	tl_normalise(name);
	pthread_mutex_lock(&tl_prov_lock);
	ret = tl_providers(&l);
	if (!ret && (p = tl_find_name(&l, name)) && p->registered)
		ret = LINEERR_NOMULTIPLEINSTANCE;
	if (ret)
		goto unlock;
	was_loaded = kmod_module_get_initstate(mod) >= 0;
	if (*file == '/')
		r = kmod_module_insert_module(mod, 0, NULL);
	else
		r = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
	if (r && r != -EEXIST) {
		/* not root (EPERM), or the kernel would not have it */
		ret = r == -ENOMEM ? LINEERR_NOMEM : LINEERR_OPERATIONFAILED;
		goto unlock;
	}
	p = tl_find_name(&l, name);
	if (!p && !(p = tl_add(&l, name))) {
		ret = LINEERR_NOMEM;
	} else {
		if (!p->id)
			p->id = tl_name_id(&l, name);
		p->registered = true;
		if (tl_save(&l))
			ret = LINEERR_OPERATIONFAILED;
	}
	if (ret && !was_loaded)
		kmod_module_remove_module(mod, 0);	/* as it was */
	if (!ret)
		*lpdwPermanentProviderID = p->id;
unlock:
	pthread_mutex_unlock(&tl_prov_lock);
	free(l.v);
out:
	if (mod)
		kmod_module_unref(mod);
	kmod_unref(ctx);
	return ret;
}

EXPORT LONG WINAPI lineRemoveProvider(DWORD dwPermanentProviderID, HWND hwndOwner)
{
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx;
	struct tl_provider *p;
	struct tl_plist l;
	LONG ret;
	int st;

	(void)hwndOwner;
	ctx = tl_kmod_open();
	if (!ctx)
		return LINEERR_NOMEM;
	pthread_mutex_lock(&tl_prov_lock);
	ret = tl_providers(&l);
	if (ret)
		goto out;
	p = tl_find_id(&l, dwPermanentProviderID);
	if (!p || (!p->registered && !p->present)) {
		ret = LINEERR_INVALPARAM;
		goto done;
	}
	if (kmod_module_new_from_name(ctx, p->name, &mod)) {
		ret = LINEERR_NOMEM;
		goto done;
	}
	st = kmod_module_get_initstate(mod);
	if (st == KMOD_MODULE_BUILTIN || (st < 0 && p->present)) {
		/* part of the kernel, or devices whose driver is no module of that name */
		ret = LINEERR_OPERATIONFAILED;
	} else if (st >= 0) {
		int r = kmod_module_remove_module(mod, 0);

		/* in use (EAGAIN, EBUSY) or not root (EPERM): it stays, registered */
		if (r)
			ret = r == -ENOMEM ? LINEERR_NOMEM : LINEERR_OPERATIONFAILED;
	}
	if (!ret && p->registered) {
		p->registered = false;
		if (tl_save(&l))
			ret = LINEERR_OPERATIONFAILED;
	}
	kmod_module_unref(mod);
done:
	free(l.v);
out:
	pthread_mutex_unlock(&tl_prov_lock);
	kmod_unref(ctx);
	return ret;
}

/*
 * TAPI's provider shows its own configuration dialog. A module has none,
 * and its settings (module parameters) are fixed while it is loaded: the
 * ID is checked, and the request fails.
 */
EXPORT LONG WINAPI lineConfigProvider(HWND hwndOwner, DWORD dwPermanentProviderID)
{
	struct tl_plist l;
	struct tl_provider *p;
	LONG ret;

	(void)hwndOwner;
	pthread_mutex_lock(&tl_prov_lock);
	ret = tl_providers(&l);
	pthread_mutex_unlock(&tl_prov_lock);
	if (ret)
		return ret;
	p = tl_find_id(&l, dwPermanentProviderID);
	ret = p && (p->registered || p->present) ? LINEERR_OPERATIONFAILED : LINEERR_INVALPARAM;
	free(l.v);
	return ret;
}

ALIAS_A(lineGetProviderList);
ALIAS_A(lineAddProvider);
