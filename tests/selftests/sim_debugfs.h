/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kselftests' way into tapi_sim's test interface in debugfs, the core's
 * clock statistics, and the phone device of a line.
 */
#ifndef TAPI_SIM_DEBUGFS_H
#define TAPI_SIM_DEBUGFS_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Write @cmd to tapi_sim's debugfs file @file of line @number; 0 or -errno. */
static inline int sim_write(const char *number, const char *file, const char *cmd)
{
	char path[128];
	int fd, ret;

	snprintf(path, sizeof(path), "/sys/kernel/debug/tapi_sim/%s/%s", number, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ret = write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd) ? 0 : -errno;
	close(fd);
	return ret;
}

/* The core's clock statistic @name (debugfs tapi/clock), or -1. */
static inline long long clock_stat(const char *name)
{
	char line[128], key[64];
	long long v, found = -1;
	FILE *f = fopen("/sys/kernel/debug/tapi/clock", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", key, &v) == 2 && !strcmp(key, name))
			found = v;
	fclose(f);
	return found;
}

/* Open the phone device whose line is @line ("tapi0"): fd, or -errno. */
static inline int sim_open_phone(const char *line)
{
	char path[300], got[32];
	struct dirent *d;
	DIR *dir = opendir("/sys/class/tapi");
	int fd = -ENOENT;

	if (!dir)
		return -errno;
	while (fd == -ENOENT && (d = readdir(dir))) {
		FILE *f;

		if (strncmp(d->d_name, "tapiphone", 9))
			continue;
		snprintf(path, sizeof(path), "/sys/class/tapi/%s/line", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(got, sizeof(got), f))
			got[0] = 0;
		fclose(f);
		got[strcspn(got, "\n")] = 0;
		if (strcmp(got, line))
			continue;
		snprintf(path, sizeof(path), "/dev/%s", d->d_name);
		fd = open(path, O_RDWR | O_NONBLOCK);
		if (fd < 0)
			fd = -errno;
	}
	closedir(dir);
	return fd;
}

/* The phone device on line /dev/tapi@line, opened; -errno if none. */
static inline int open_phone(unsigned int line)
{
	char name[16];

	snprintf(name, sizeof(name), "tapi%u", line);
	return sim_open_phone(name);
}

#endif
