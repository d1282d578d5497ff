/*
 * cli_util.h - running the lexfrag binary from Criterion tests: capture its
 * stdout, stderr and exit status, make scratch directories, copy files.
 */
#ifndef LF_TEST_CLI_UTIL_H
#define LF_TEST_CLI_UTIL_H

#include "json_check.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct cli_result {
	int status;   /* exit status, or 128+signal */
	char *out;    /* stdout, malloc'd */
	char *err;    /* stderr, malloc'd */
} cli_result;

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return strdup("");
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* A fresh scratch directory (under $TMPDIR or /tmp); caller frees. */
static char *scratch_dir(void)
{
	const char *t = getenv("TMPDIR");
	char *p = malloc(4096);

	snprintf(p, 4096, "%s/lexfrag-test-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(p))
		abort();
	return p;
}

/* Runs a shell command line (the binary is "$LF"), capturing output. */
static cli_result run_sh(const char *fmt, ...)
{
	char cmd[16384], full[20000], out[4200], err[4200];
	cli_result r;
	va_list ap;
	char *dir = scratch_dir();
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(err, sizeof err, "%s/err", dir);
	snprintf(full, sizeof full, "LF='%s'; export LF; ( %s ) >'%s' 2>'%s' </dev/null", LF_BINARY, cmd, out, err);
	st = system(full);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r.out = slurp(out);
	r.err = slurp(err);
	unlink(out);
	unlink(err);
	rmdir(dir);
	free(dir);
	return r;
}

static void cli_free(cli_result *r)
{
	free(r->out);
	free(r->err);
}

/* Number of lines of s that contain needle. */
static int count_lines_with(const char *s, const char *needle)
{
	int n = 0;
	const char *line = s;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *copy = strndup(line, len);
		if (strstr(copy, needle))
			n++;
		free(copy);
		line = nl ? nl + 1 : NULL;
	}
	return n;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Indexes the bundled sample corpus into a fresh scratch directory:
 * *dir gets the directory, *db the database path inside it (both
 * malloc'd).  Asserts that the run succeeded. */
static void index_sample(const char *corpus, char **dir, char **db)
{
	cli_result r;

	*dir = scratch_dir();
	*db = malloc(4200);
	snprintf(*db, 4200, "%s/db", *dir);
	r = run_sh("$LF index --db '%s' '%s'", *db, corpus);
	if (r.status != 0) {
		fprintf(stderr, "index failed (%d): %s\n", r.status, r.err);
		abort();
	}
	if (!strstr(r.err, "indexed 32 of 32 files (0 unchanged, 0 failed)")) {
		fprintf(stderr, "index summary: %s\n", r.err);
		abort();
	}
	cli_free(&r);
}

/* A port on 127.0.0.1 that nothing listens on now, as the kernel hands
 * one out; -1 if none could be had.  For servers other than lexfrag's
 * (xapian-tcpsrv), which cannot say which port they bound: another process
 * may take it first, so callers retry.  (A port made of the process id, as
 * tests once did, collides now and then with another test's.) */
static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t n = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &n) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* The port in a server's "serving DB on http://HOST:PORT/" line of log
 * (a file), or 0 if it is not there yet. */
static int served_port(const char *log)
{
	char *text = slurp(log), *p = strstr(text, "lexfrag: serving "), *u;
	int port = 0;

	if (p && (u = strstr(p, " on http://")) && (u = strchr(u + 11, ':')))
		port = atoi(u + 1);
	free(text);
	return port;
}

/* Starts 'lexfrag serve --db db --port 0' and the extra options (a
 * NULL-terminated list, may be NULL), so that the system chooses a free
 * port, its stderr into the file log (a file, so that it can never block
 * on a full pipe); reads the port it bound from its "serving ... on" line,
 * then polls until it answers.  Each wait is bounded (60 s: a sanitizer
 * build on a loaded machine starts slowly) and stops as soon as the server
 * exits.  Returns its pid and the port in *port; or -1, with the exit
 * status in *status (128 + signal; -1 if it never answered: it is then
 * killed).  Stop it with serve_stop. */
static pid_t serve_start_log(const char *db, const char *const *extra, const char *log, int *port, int *status)
{
	const char *argv[32] = {"lexfrag", "serve", "--db", db, "--port", "0"};
	size_t n = 6;
	pid_t pid;
	int st, ok = 0;

	*port = 0;
	*status = -1;
	unlink(log); /* an earlier server's line must not be read as this one's */
	for (; extra && *extra && n < 31; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	if ((pid = fork()) == 0) {
		if (!freopen(log, "w", stderr))
			_exit(127);
		execv(LF_BINARY, (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; pid > 0 && i < 1200 && !ok; i++) {
		cli_result r;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			return -1; /* it exited: it says why in log */
		}
		if (!*port && !(*port = served_port(log))) {
			usleep(50000);
			continue;
		}
		r = run_sh("curl -sf -o /dev/null http://127.0.0.1:%d/api/taxonomy", *port);
		ok = r.status == 0;
		cli_free(&r);
		if (!ok)
			usleep(50000);
	}
	if (pid > 0 && !ok) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		pid = -1;
	}
	return pid;
}

/* serve_start_log with a scratch log, shown on stderr if the server did
 * not start: its pid and the port in *port, or -1. */
static pid_t serve_start_any(const char *db, const char *const *extra, int *port)
{
	char *d = scratch_dir(), log[4200];
	pid_t pid;
	int status;

	snprintf(log, sizeof log, "%s/serve.err", d);
	if ((pid = serve_start_log(db, extra, log, port, &status)) < 0) {
		char *text = slurp(log);
		fprintf(stderr, "the server did not start (status %d): %s\n", status, text);
		free(text);
	}
	unlink(log);
	rmdir(d);
	free(d);
	return pid;
}

/* Stops a server with SIGTERM (as a user would) and reaps it. */
static void serve_stop(pid_t pid)
{
	int st;

	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, &st, 0);
	}
}

/* Removes what index_sample made. */
static void remove_sample(char *dir, char *db)
{
	cli_result r = run_sh("rm -rf '%s'", dir);

	cli_free(&r);
	free(db);
	free(dir);
}

#endif
