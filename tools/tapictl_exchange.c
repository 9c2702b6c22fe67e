// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tapictl sim ...: the virtual exchange (tapi_sim) configured through its
 * configfs tree; docs/tapi_sim.md describes the attributes.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tapi.h>

#include "tapictl.h"

#define SIM_CONFIG "/sys/kernel/config/tapi_sim"

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = fd < 0 ? -1 : write(fd, text, strlen(text));

	if (n != (ssize_t)strlen(text)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int sim_ready(void)
{
	if (access(SIM_CONFIG, F_OK)) {
		fprintf(stderr, "tapictl: %s: %s (is tapi_sim loaded and configfs mounted?)\n",
			SIM_CONFIG, strerror(errno));
		return EXIT_NODEV;
	}
	return 0;
}

static int is_name(const char *s)
{
	return *s && strlen(s) < 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
					     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == strlen(s);
}

/* The first line of configfs file @path, without its newline ("" if none). */
static void read_attr(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	if (!f || !fgets(buf, (int)size, f))
		buf[0] = 0;
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = 0;
}

static int only_numbers(const struct dirent *d)
{
	return d->d_name[0] >= '0' && d->d_name[0] <= '9';
}

/* What tapictl sim may set: the exchange's, then each line's (configfs). */
static const char *const ex_keys[] = { "no_answer_ms", NULL };
static const char *const line_keys[] = { "zone", "type", "caller_name", "call_waiting",
					 "withheld", NULL };

static int in_list(const char *const *list, const char *key, size_t len)
{
	for (; *list; list++)
		if (strlen(*list) == len && !strncmp(*list, key, len))
			return 1;
	return 0;
}

/* Check KEY=VALUE settings: 0, or EXIT_USAGE with a message. */
static int check_settings(int n, char **set, int *line_settings)
{
	*line_settings = 0;
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(set[i], '=');
		size_t len = eq ? (size_t)(eq - set[i]) : 0;

		if (eq && in_list(line_keys, set[i], len)) {
			*line_settings = 1;
		} else if (!eq || !in_list(ex_keys, set[i], len)) {
			fprintf(stderr, "tapictl: sim: '%s' is not a setting (KEY=VALUE; the "
				"exchange's: no_answer_ms; each line's: zone, type, caller_name, "
				"call_waiting, withheld)\n", set[i]);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/*
 * Write the settings into exchange @name: its own, and the lines' into line
 * @number or (NULL) every line. The exchange must not be live for the
 * lines' (the module refuses). 0 or EXIT_FAIL (the module's refusal said).
 */
static int apply_settings(const char *name, const char *number, int n, char **set)
{
	struct dirent **lines = NULL;
	char path[1024];
	int m = 0, ret = 0;

	if (!number) {
		snprintf(path, sizeof(path), SIM_CONFIG "/%s", name);
		m = scandir(path, &lines, only_numbers, alphasort);
		if (m < 0)
			return EXIT_FAIL;
	}
	for (int i = 0; i < n && !ret; i++) {
		const char *eq = strchr(set[i], '=');
		char key[32];

		snprintf(key, sizeof(key), "%.*s", (int)(eq - set[i]), set[i]);
		if (in_list(ex_keys, key, strlen(key))) {
			snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s", name, key);
			ret = write_file(path, eq + 1) ? EXIT_FAIL : 0;
			continue;
		}
		for (int k = 0; k < (number ? 1 : m) && !ret; k++) {
			snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s/%s", name,
				 number ? number : lines[k]->d_name, key);
			ret = write_file(path, eq + 1) ? EXIT_FAIL : 0;
		}
	}
	for (int k = 0; k < m; k++)
		free(lines[k]);
	free(lines);
	return ret;
}

static int sim_add(const char *name, const char *first, const char *lines, int nset,
		   char **set)
{
	char path[1024], dev[32];
	unsigned long long number;
	long n;
	char *end;
	int ret;

	errno = 0;
	number = strtoull(first, &end, 10);
	if (!is_name(name) || errno || *end || !*first || *first == '-' || *first == '+' ||
	    strlen(first) > 18) {
		fprintf(stderr, "tapictl: sim add NAME FIRST_NUMBER LINES: NAME is letters, "
			"digits, _ and -; FIRST_NUMBER digits\n");
		return EXIT_USAGE;
	}
	n = strtol(lines, &end, 10);
	if (*end || end == lines || n < 1 || n > 512) {
		fprintf(stderr, "tapictl: sim add: LINES must be 1-512, not '%s'\n", lines);
		return EXIT_USAGE;
	}
	ret = check_settings(nset, set, &(int){ 0 });
	if (!ret)
		ret = sim_ready();
	if (ret)
		return ret;
	snprintf(path, sizeof(path), SIM_CONFIG "/%s", name);
	if (mkdir(path, 0755)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		return errno == EEXIST ? EXIT_USAGE : EXIT_FAIL;
	}
	for (long k = 0; k < n; k++) {
		snprintf(path, sizeof(path), SIM_CONFIG "/%s/%llu", name, number + k);
		if (mkdir(path, 0755)) {
			fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
			return EXIT_FAIL;
		}
	}
	if (apply_settings(name, NULL, nset, set)) {
		fprintf(stderr, "tapictl: exchange %s made but not live (a setting refused); "
			"tapictl sim remove %s\n", name, name);
		return EXIT_FAIL;
	}
	snprintf(path, sizeof(path), SIM_CONFIG "/%s/live", name);
	if (write_file(path, "1")) {
		fprintf(stderr, "tapictl: exchange %s made but not live (a number taken?); "
			"tapictl sim remove %s\n", name, name);
		return EXIT_FAIL;
	}
	for (long k = 0; k < n; k++) {
		snprintf(path, sizeof(path), SIM_CONFIG "/%s/%llu/dev", name, number + k);
		read_attr(path, dev, sizeof(dev));
		if (*dev)
			printf("%llu  /dev/%s\n", number + k, dev);
	}
	return 0;
}

static int sim_remove(const char *name)
{
	struct dirent **lines;
	char path[1024];
	int n, ret = sim_ready();

	if (ret)
		return ret;
	if (!is_name(name)) {
		fprintf(stderr, "tapictl: '%s' is not an exchange name\n", name);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), SIM_CONFIG "/%s", name);
	n = scandir(path, &lines, only_numbers, alphasort);
	if (n < 0) {
		fprintf(stderr, "tapictl: no exchange %s\n", name);
		return EXIT_NODEV;
	}
	snprintf(path, sizeof(path), SIM_CONFIG "/%s/live", name);
	write_file(path, "0");
	for (int k = 0; k < n; k++) {
		snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s", name, lines[k]->d_name);
		if (rmdir(path) && errno != ENOENT) {
			fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
			ret = EXIT_FAIL;
		}
		free(lines[k]);
	}
	free(lines);
	snprintf(path, sizeof(path), SIM_CONFIG "/%s", name);
	if (rmdir(path)) {
		fprintf(stderr, "tapictl: %s: %s\n", path, strerror(errno));
		ret = EXIT_FAIL;
	}
	return ret;
}

/*
 * Change exchange @name's settings, or line @number's. The module takes a
 * line's settings only while the exchange is down: a live one is taken
 * down (its calls end) and put live again, as the output says.
 */
static int sim_set(const char *name, const char *number, int nset, char **set)
{
	char path[1024], live[8];
	int lines, ret = check_settings(nset, set, &lines);

	if (!ret && (!is_name(name) || (number && !*number) ||
		     (number && strspn(number, "0123456789") != strlen(number)))) {
		fprintf(stderr, "tapictl: sim set NAME [NUMBER] KEY=VALUE...: bad NAME or NUMBER\n");
		ret = EXIT_USAGE;
	}
	if (!ret && number && !lines) {
		fprintf(stderr, "tapictl: sim set: the exchange's settings take no NUMBER\n");
		ret = EXIT_USAGE;
	}
	if (!ret)
		ret = sim_ready();
	if (ret)
		return ret;
	snprintf(path, sizeof(path), SIM_CONFIG "/%s%s%s", name, number ? "/" : "",
		 number ? number : "");
	if (access(path, F_OK)) {
		fprintf(stderr, "tapictl: no %s %s%s%s\n", number ? "line" : "exchange", name,
			number ? " " : "", number ? number : "");
		return EXIT_NODEV;
	}
	snprintf(path, sizeof(path), SIM_CONFIG "/%s/live", name);
	read_attr(path, live, sizeof(live));
	if (lines && live[0] == '1') {
		printf("taking %s down to change its lines (their calls end)\n", name);
		if (write_file(path, "0"))
			return EXIT_FAIL;
	}
	ret = apply_settings(name, number, nset, set);
	if (lines && live[0] == '1') {
		if (write_file(path, "1"))
			return EXIT_FAIL;
		printf("%s is live again\n", name);
	}
	return ret;
}

static int only_dirs(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int sim_list(void)
{
	struct dirent **ex;
	int n, ret = sim_ready();

	if (ret)
		return ret;
	n = scandir(SIM_CONFIG, &ex, only_dirs, alphasort);
	if (n < 0) {
		fprintf(stderr, "tapictl: %s: %s\n", SIM_CONFIG, strerror(errno));
		return EXIT_FAIL;
	}
	if (!n)
		printf("no configured exchanges (the module's own lines are not listed here)\n");
	for (int i = 0; i < n; i++) {
		struct dirent **lines;
		char path[1024], live[8], ms[16];
		int m;

		snprintf(path, sizeof(path), SIM_CONFIG "/%s/live", ex[i]->d_name);
		read_attr(path, live, sizeof(live));
		snprintf(path, sizeof(path), SIM_CONFIG "/%s/no_answer_ms", ex[i]->d_name);
		read_attr(path, ms, sizeof(ms));
		printf("%s  %s  no_answer_ms=%s\n", ex[i]->d_name,
		       live[0] == '1' ? "live" : "not live", ms);
		snprintf(path, sizeof(path), SIM_CONFIG "/%s", ex[i]->d_name);
		m = scandir(path, &lines, only_numbers, alphasort);
		for (int k = 0; k < m; k++) {
			char dev[32];

			snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s/dev", ex[i]->d_name,
				 lines[k]->d_name);
			read_attr(path, dev, sizeof(dev));
			printf("  %s%s%s", lines[k]->d_name, dev[0] ? "  /dev/" : "", dev);
			for (const char *const *key = line_keys; *key; key++) {
				char v[80];

				snprintf(path, sizeof(path), SIM_CONFIG "/%s/%s/%s",
					 ex[i]->d_name, lines[k]->d_name, *key);
				read_attr(path, v, sizeof(v));
				printf("  %s=%s", *key, v);
			}
			printf("\n");
			free(lines[k]);
		}
		if (m >= 0)
			free(lines);
		free(ex[i]);
	}
	free(ex);
	return 0;
}

int cmd_sim(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "list"))
		return sim_list();
	if (argc >= 5 && !strcmp(argv[1], "add"))
		return sim_add(argv[2], argv[3], argv[4], argc - 5, argv + 5);
	if (argc >= 4 && !strcmp(argv[1], "set")) {
		int num = argv[3][0] >= '0' && argv[3][0] <= '9' && !strchr(argv[3], '=');

		if (argc > 3 + num)
			return sim_set(argv[2], num ? argv[3] : NULL, argc - 3 - num,
				       argv + 3 + num);
	}
	if (argc == 3 && !strcmp(argv[1], "remove"))
		return sim_remove(argv[2]);
	usage(stderr);
	return EXIT_USAGE;
}
