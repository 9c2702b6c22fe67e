// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtapi's configuration files (priorities, locations, devconfig,
 * providers): /etc/tapi/NAME is the system's, written by root; a user's
 * own copy is $XDG_CONFIG_HOME/tapi/NAME (default ~/.config), which once
 * written replaces the system's for that user. A file is always replaced
 * whole (a new file renamed over it), so a reader never sees half of one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define SYSTEM_DIR "/etc/tapi"

int tl_conf_path(const char *name, char *buf, size_t size, bool user)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (!user || !geteuid())
		n = snprintf(buf, size, "%s/%s", SYSTEM_DIR, name);
	else if (xdg && *xdg)
		n = snprintf(buf, size, "%s/tapi/%s", xdg, name);
	else if (home && *home)
		n = snprintf(buf, size, "%s/.config/tapi/%s", home, name);
	else
		return -1;
	return n < 0 || n >= (int)size ? -1 : 0;
}

int tl_conf_own_path(const char *name, char *buf, size_t size, bool write)
{
	if (tl_conf_path(name, buf, size, true))
		return -1;
	if (!write && access(buf, F_OK))
		return tl_conf_path(name, buf, size, false);
	return 0;
}

int tl_conf_mkdirs(const char *path)
{
	char buf[512];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

int tl_conf_replace(const char *path, const char *text)
{
	char tmp[520];
	FILE *f;
	int bad;

	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp) || tl_conf_mkdirs(path))
		return -1;
	f = fopen(tmp, "we");
	if (!f)
		return -1;
	bad = fputs(text, f) < 0;
	/* on disk before the rename, so a crash leaves the old file or the new */
	bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int tl_conf_create(const char *path, const char *text)
{
	char tmp[520];
	int fd, bad, r;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp) ||
	    tl_conf_mkdirs(path))
		return -1;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	bad = write(fd, text, strlen(text)) != (ssize_t)strlen(text);
	bad |= fchmod(fd, 0644) != 0 || fsync(fd) != 0;
	bad |= close(fd) != 0;
	/* link, unlike rename, never replaces a file another process wrote meanwhile */
	r = bad ? -1 : link(tmp, path) ? (errno == EEXIST ? 1 : -1) : 0;
	unlink(tmp);
	return r;
}

char *tl_conf_slurp(const char *path)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = fopen(path, "re"), *m = open_memstream(&buf, &size);
	char chunk[1024];
	size_t n;

	if (!m) {
		if (f)
			fclose(f);
		return NULL;
	}
	while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	if (f)
		fclose(f);
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}
