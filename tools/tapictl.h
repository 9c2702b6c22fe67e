/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tapictl's commands in files of their own, and what they share with tapictl.c */
#ifndef TAPICTL_H
#define TAPICTL_H

/* exit statuses (tapictl(1)) */
enum { EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_NODEV = 3, EXIT_TIMEOUT = 4, EXIT_FILE = 5 };

#define API_VERSION 0x00020002

/* tapictl_location.c: tapictl location ... (argv[0] is "location") */
int cmd_location(int argc, char **argv);

#endif
