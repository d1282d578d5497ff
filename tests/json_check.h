/*
 * json_check.h - JSON in the tests read by a real parser, jq, instead of
 * substrings: json_valid (one JSON document), jsonl_valid (JSON Lines: each
 * line one object), and jq_get (a value picked out by a jq filter).
 *
 * The text and the filter go to jq through temporary files, so no quoting
 * can change them.  jq is one of setup.sh's TEST_PKGS.
 */
#ifndef LF_TEST_JSON_CHECK_H
#define LF_TEST_JSON_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Writes n bytes of s to a new temporary file; its path into path[64]. */
static int json_tmp_(char path[64], const char *s, size_t n)
{
	const char *t = getenv("TMPDIR");
	int fd;

	snprintf(path, 64, "%s/lf-json-XXXXXX", t && *t && strlen(t) < 40 ? t : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	while (n > 0) {
		ssize_t k = write(fd, s, n);
		if (k <= 0) {
			close(fd);
			unlink(path);
			return -1;
		}
		s += k;
		n -= (size_t)k;
	}
	close(fd);
	return 0;
}

/* Runs 'jq OPTS -f FILTER' on the text s; its standard output (malloc'd)
 * into *out unless out is NULL.  Returns jq's exit status, or -1 if jq
 * could not be run. */
static int jq_run(const char *s, const char *opts, const char *filter, char **out)
{
	char in[64], flt[64], cmd[300];
	FILE *p;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int st = -1;

	if (out)
		*out = NULL;
	if (json_tmp_(in, s, strlen(s)))
		return -1;
	if (json_tmp_(flt, filter, strlen(filter))) {
		unlink(in);
		return -1;
	}
	snprintf(cmd, sizeof cmd, "jq %s -f '%s' '%s' 2>/dev/null", opts, flt, in);
	p = popen(cmd, "r");
	if (p) {
		for (;;) {
			if (len + 4096 + 1 > cap) {
				char *nb = realloc(buf, cap = cap * 2 + 8192);
				if (!nb)
					break;
				buf = nb;
			}
			size_t k = fread(buf + len, 1, 4096, p);
			if (k == 0)
				break;
			len += k;
		}
		if (buf)
			buf[len] = '\0';
		st = pclose(p);
		st = st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	}
	unlink(in);
	unlink(flt);
	if (out)
		*out = buf ? buf : strdup("");
	else
		free(buf);
	return st;
}

/* 1 if s is exactly one JSON document (an object, an array...), else 0. */
static int json_valid(const char *s)
{
	char *o;
	int ok = jq_run(s, "-s", "length == 1", &o) == 0 && strcmp(o, "true\n") == 0;

	free(o);
	return ok;
}

/* The number of lines of s if each is one JSON object (JSON Lines; an
 * empty s has none), else -1: a line that does not parse, holds two
 * values or something else than an object, or is empty. */
static int jsonl_valid(const char *s)
{
	char *o;
	int n = -1;

	if (!*s)
		return 0;
	if (s[strlen(s) - 1] != '\n')
		return -1;
	if (jq_run(s, "-R -n",
	           "reduce (inputs | if length == 0 then error(\"empty line\") else fromjson end) as $v"
	           " (0; if ($v | type) == \"object\" then . + 1 else error(\"not an object\") end)",
	           &o) == 0)
		n = atoi(o);
	free(o);
	return n;
}

/* 1 if every line of s is one JSON value of any kind, each parsed alone
 * (an empty line fails), every line ended by a newline; no lines at all
 * is 1.  Else 0.  Unlike jsonl_valid, a line may be an array or a string:
 * for outputs that are one document per line. */
static int json_lines_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n)
		return 1;
	return s[n - 1] == '\n' && jq_run(s, "-R -e", "fromjson | true", NULL) == 0;
}

/* The output of 'jq -r FILTER' on the JSON s, without its last newline
 * (malloc'd; the caller frees), or NULL if s does not parse or the filter
 * fails.  jq_get(stats, ".laws") is "32". */
static char *jq_get(const char *s, const char *filter)
{
	char *o;
	size_t n;

	if (jq_run(s, "-r", filter, &o) != 0) {
		free(o);
		return NULL;
	}
	n = strlen(o);
	if (n > 0 && o[n - 1] == '\n')
		o[n - 1] = '\0';
	return o;
}

/* 1 if 'jq -e FILTER' on the JSON s says true (its last output neither
 * false nor null), else 0. */
static int jq_test(const char *s, const char *filter)
{
	return jq_run(s, "-e", filter, NULL) == 0;
}

/* jq_get(s, filter) == want: 1 or 0. */
static int jq_is(const char *s, const char *filter, const char *want)
{
	char *v = jq_get(s, filter);
	int ok = v && strcmp(v, want) == 0;

	free(v);
	return ok;
}

#endif
