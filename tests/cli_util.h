/*
 * cli_util.h - running the lexfrag binary from Criterion tests: capture its
 * stdout, stderr and exit status, make scratch directories, copy files.
 */
#ifndef LF_TEST_CLI_UTIL_H
#define LF_TEST_CLI_UTIL_H

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
 * one out; -1 if none could be had.  (A port made of the process id, as
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

/* Starts 'lexfrag serve --db db --port port' and the extra options
 * (a NULL-terminated list, may be NULL), its stderr silenced, and waits
 * (at most 20 s: a sanitizer build on a loaded machine starts slowly)
 * until it answers; returns its pid.  -1 if it exited first (the port was
 * taken: whatever answers there is not ours) or never answered (then it
 * is killed).  Stop it with serve_stop. */
static pid_t serve_start(const char *db, int port, const char *const *extra)
{
	char p[16];
	const char *argv[32] = {"lexfrag", "serve", "--db", db, "--port", p};
	size_t n = 6;
	pid_t pid;
	int st;

	snprintf(p, sizeof p, "%d", port);
	for (; extra && *extra && n < 31; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	if ((pid = fork()) == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		execv(LF_BINARY, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	for (int i = 0; i < 200; i++) {
		cli_result r;
		int ok;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return -1;
		r = run_sh("curl -sf http://127.0.0.1:%d/api/taxonomy", port);
		ok = r.status == 0;
		cli_free(&r);
		if (ok)
			return pid;
		usleep(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

/* serve_start on a free port, tried three times (another process may
 * take a port between free_port and the server's bind): its pid and the
 * port in *port, or -1. */
static pid_t serve_start_any(const char *db, const char *const *extra, int *port)
{
	for (int i = 0; i < 3; i++) {
		pid_t pid;
		if ((*port = free_port()) > 0 && (pid = serve_start(db, *port, extra)) > 0)
			return pid;
	}
	return -1;
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
