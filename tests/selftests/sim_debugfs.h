/* SPDX-License-Identifier: GPL-2.0-only */
/* The kselftests' way into tapi_sim's test interface in debugfs. */
#ifndef TAPI_SIM_DEBUGFS_H
#define TAPI_SIM_DEBUGFS_H

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

#endif
