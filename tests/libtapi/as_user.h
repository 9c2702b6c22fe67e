/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libtapi's tests: run a function as another user, with its own configuration. */
#ifndef TAPI_TEST_AS_USER_H
#define TAPI_TEST_AS_USER_H

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* As user 65534, with XDG_CONFIG_HOME @xdg: what @fn returns (-1: it died). */
static inline int as_user(const char *xdg, int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (!pid) {
		setenv("XDG_CONFIG_HOME", xdg, 1);
		if (setgid(65534) || setuid(65534))
			_exit(100);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#endif
