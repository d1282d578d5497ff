/*
 * test_serve_dos.c - 'lexfrag serve' under the attacks of issue 17, each
 * bounded loosely in time (no tight timing: these machines are shared):
 *
 * - heavy requests (long drafts) leave a worker for searches and stats; a
 *   request still queued after --request-timeout is answered 503; SIGTERM
 *   stops the server within a bound while a draft is being compared;
 * - a gzip draft that expands past --max-draft is refused (413) at once;
 * - Slowloris: 256 partial connections from one address, each sending a
 *   header line every half second, neither lock out other clients
 *   (--max-connections-per-ip) nor stay open past --header-timeout; a body
 *   trickled past --body-timeout is cut too;
 * - a request whose length is ambiguous (two Content-Length headers, or
 *   one beside Transfer-Encoding) is refused, once;
 * - peer_gone (cli/peer.h), the check that stops work for a client that
 *   went away, on sockets the test controls.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

#include "cli_util.h"
#include "web/peer.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

/* A loose bound on the server's peak memory: AddressSanitizer's shadow
 * memory and quarantine add hundreds of MB of their own. */
#if defined(__SANITIZE_ADDRESS__)
#define PEAK_MB 2000
#else
#define PEAK_MB 500
#endif

static char *dir, *db;
static pid_t server = -1; /* the test's server, killed by teardown if the test failed first */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Starts the server with the extra options on a free port: its pid, and
 * the port in *port. */
static pid_t start_server(const char *const *extra, int *port)
{
	server = serve_start_any(db, extra, port);
	cr_assert_gt(server, 0, "the server did not start");
	return server;
}

static void setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	index_sample(CORPUS, &dir, &db);
}

static void teardown(void)
{
	if (server > 0) {
		kill(server, SIGKILL);
		waitpid(server, NULL, 0);
	}
	remove_sample(dir, db);
}

/* Waits at most seconds for pid to end: its exit status, or -1 if it is
 * still running (then it is killed). */
static int wait_exit(pid_t pid, double seconds)
{
	double end = now_s() + seconds;
	int st;

	while (now_s() < end) {
		pid_t k = waitpid(pid, &st, WNOHANG);
		if (k == pid) {
			if (pid == server)
				server = -1;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
		usleep(50000);
	}
	return -1;
}

/* Stops the server with SIGTERM and reaps it. */
static void stop_server(pid_t pid)
{
	serve_stop(pid);
	if (pid == server)
		server = -1;
}

/* The server's peak resident memory in kB (VmHWM; /proc files have no
 * size, so no slurp). */
static long peak_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (!(fp = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof line, fp))
		if (!strncmp(line, "VmHWM:", 6))
			kb = atol(line + 6);
	fclose(fp);
	return kb;
}

/* A draft of n short articles, each with words that occur in the laws. */
static void write_draft(const char *path, int n)
{
	static const char *const w[] = {"data", "personal", "transfer", "store", "territory", "operator",
	                                "network", "security", "critical", "information", "shall", "within",
	                                "outside", "border", "authority", "approval", "assessment", "export"};
	FILE *fp = fopen(path, "w");
	unsigned x = 7;

	cr_assert(fp);
	for (int i = 1; i <= n; i++) {
		fprintf(fp, "Article %d. ", i);
		for (int j = 0; j < 8; j++) {
			x = x * 1103515245u + 12345u;
			fprintf(fp, "%s ", w[(x >> 16) % (sizeof w / sizeof *w)]);
		}
		fputs("\n\n", fp);
	}
	fclose(fp);
}

/* Starts a curl in the background; it writes "STATUS SECONDS" to out
 * when it ends (atomically: out appears whole). */
static void curl_bg(const char *args, const char *out)
{
	cli_result r = run_sh("(curl -s -o /dev/null -w '%%{http_code} %%{time_total}' %s > '%s.tmp'; "
	                      "mv '%s.tmp' '%s') >/dev/null 2>&1 &", args, out, out, out);
	cli_free(&r);
}

/* Waits at most seconds for a curl_bg's result: 1 with *status and
 * *seconds, or 0. */
static int curl_done(const char *out, double seconds, int *status, double *took)
{
	double end = now_s() + seconds;

	while (now_s() < end) {
		if (access(out, F_OK) == 0) {
			char *s = slurp(out);
			int k = sscanf(s, "%d %lf", status, took);
			free(s);
			return k == 2;
		}
		usleep(100000);
	}
	return 0;
}

/* GET url: its status, and the time it took in *took. */
static int timed_get(int port, const char *path, double *took)
{
	cli_result r = run_sh("curl -s -o /dev/null --max-time 120 -w '%%{http_code} %%{time_total}' "
	                      "'http://127.0.0.1:%d%s'", port, path);
	int status = 0;

	*took = 999;
	sscanf(r.out, "%d %lf", &status, took);
	cli_free(&r);
	return status;
}

TestSuite(dos, .init = setup, .fini = teardown, .timeout = 300);

/* Two long drafts at once used to hold both workers (a 4 MB draft: 43 s
 * each on the shared corpus) while /api/stats waited; and SIGTERM waited
 * for them (58 s).  Now one worker stays for the cheap requests, the
 * second draft waits at most --request-timeout, and the stop takes at most
 * a few seconds.  The drafts take tens of seconds with a quadratic
 * comparison; with a near-linear one and the library's time checks they
 * end sooner, as 200 or 503, and the bounds hold all the more. */
Test(dos, heavy_requests_leave_a_worker_for_the_rest)
{
	char draft[4200], a[4200], b[4200], args[9000];
	int port, st, status;
	double took, t0;
	long kb;
	pid_t pid;

	snprintf(draft, sizeof draft, "%s/draft.txt", dir);
	snprintf(a, sizeof a, "%s/a.out", dir);
	snprintf(b, sizeof b, "%s/b.out", dir);
	write_draft(draft, 24000); /* 2 MB */
	pid = start_server((const char *const[]){"--threads", "2", "--request-timeout", "2", "--max-draft", "8M", NULL},
	                   &port);
	snprintf(args, sizeof args, "--max-time 200 -H 'Expect:' --data-binary @'%s' http://127.0.0.1:%d/api/similar", draft, port);
	curl_bg(args, a);
	usleep(300000);
	curl_bg(args, b);
	usleep(700000);
	/* the cheap requests answer meanwhile */
	t0 = now_s();
	cr_assert_eq(timed_get(port, "/api/stats", &took), 200);
	cr_assert_lt(took, 10, "/api/stats took %.1f s behind two drafts", took);
	cr_assert_eq(timed_get(port, "/api/search?q=personal%20data&facets=1", &took), 200);
	cr_assert_lt(took, 10, "/api/search took %.1f s behind two drafts", took);
	cr_assert_eq(timed_get(port, "/?q=data", &took), 200);
	cr_assert_lt(took, 10, "the search page took %.1f s behind two drafts", took);
	/* the second draft, queued behind the first, gets its 503 after
	 * --request-timeout (or its answer, if the first was quick) */
	cr_assert(curl_done(b, 30 - (now_s() - t0), &status, &took), "the second draft got no answer within 30 s");
	cr_assert(status == 503 || status == 200, "second draft: HTTP %d", status);
	kb = peak_kb(pid);
	cr_assert(kb > 0 && kb < PEAK_MB * 1024L, "peak RSS %ld kB", kb);
	/* SIGTERM stops the server within a bound, the first draft running or not */
	t0 = now_s();
	kill(pid, SIGTERM);
	st = wait_exit(pid, 30);
	cr_assert_neq(st, -1, "the server did not stop within 30 s of SIGTERM");
	cr_assert_lt(now_s() - t0, 15, "the stop took %.1f s", now_s() - t0);
	/* and the first client is not left hanging: an answer (200, 503) or a
	 * closed connection (000) */
	cr_assert(curl_done(a, 20, &status, &took), "the first draft's client still waits");
	cr_assert(status == 200 || status == 503 || status == 0, "first draft: HTTP %d", status);
}

/* The server's CPU time so far, in seconds (utime + stime of
 * /proc/PID/stat, every thread). */
static double cpu_s(pid_t pid)
{
	char path[64], line[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	/* read, not slurped: /proc files have no size */
	cr_assert((fp = fopen(path, "r")) != NULL && fgets(line, sizeof line, fp), "cannot read %s", path);
	fclose(fp);
	/* the fields after the command name, which may hold spaces: state is
	 * the 3rd field, utime the 14th, stime the 15th */
	cr_assert((p = strrchr(line, ')')) != NULL &&
	          sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2,
	          "cannot parse %s", path);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* The draft that the end-to-end tests below compare: 80,000 short
 * articles (6.7 MB), about 7 s of one core against corpus/ (reading it:
 * 0.15 s), far longer than the limits they set. */
#define LONG_DRAFT_ARTICLES 80000

/* Writes the long draft to draft (in the test's directory) and starts a
 * server for it: 2 threads, --request-timeout timeout, --max-draft 16M. */
static pid_t long_draft_server(const char *timeout, char *draft, size_t n, int *port)
{
	snprintf(draft, n, "%s/long.txt", dir);
	write_draft(draft, LONG_DRAFT_ARTICLES);
	return start_server((const char *const[]){"--threads", "2", "--request-timeout", timeout, "--max-draft", "16M",
	                                          NULL},
	                    port);
}

/* A request whose work passes --request-timeout is stopped inside the
 * library (lf_db_set_limits: similar checks its budget per unit and per
 * alignment) and answered 503 with the reason; before, the worker ran the
 * draft to its end (200 after 7 s, or minutes for a bigger one). */
Test(dos, request_timeout_stops_a_running_draft)
{
	char draft[4200], out[4200];
	cli_result r;
	double took = 999;
	int port, status = 0;
	pid_t pid;

	snprintf(out, sizeof out, "%s/long.json", dir);
	pid = long_draft_server("1", draft, sizeof draft, &port);
	r = run_sh("curl -s --max-time 120 -H 'Expect:' -o '%s' -w '%%{http_code} %%{time_total}' --data-binary @'%s' "
	           "http://127.0.0.1:%d/api/similar", out, draft, port);
	sscanf(r.out, "%d %lf", &status, &took);
	cli_free(&r);
	r = run_sh("jq -e '.status == 503 and (.error | test(\"longer than its time limit\"))' '%s'", out);
	cr_assert_eq(status, 503, "HTTP %d after %.1f s", status, took);
	cr_assert_eq(r.status, 0, "the 503 does not say why: %s", r.out);
	cli_free(&r);
	cr_assert_lt(took, 30, "the 503 came after %.1f s", took);
	/* the server is still whole, and stops cleanly */
	cr_assert_eq(timed_get(port, "/api/stats", &took), 200);
	stop_server(pid);
}

/* A client that goes away stops the work done for it: the worker polls the
 * suspended connection's socket (peer.h) through the library's cancel
 * check.  Before, a draft posted by a client that had given up kept a
 * core busy to its end.  Measured as the server's CPU time while nobody
 * waits for anything, not as wall time, so that a loaded machine cannot
 * make it fail. */
Test(dos, work_stops_when_the_client_goes_away)
{
	char draft[4200], out[4200], args[9000];
	double took, busy;
	int port, status;
	pid_t pid;

	snprintf(out, sizeof out, "%s/gone.out", dir);
	pid = long_draft_server("300", draft, sizeof draft, &port);
	snprintf(args, sizeof args, "--max-time 1 -H 'Expect:' --data-binary @'%s' http://127.0.0.1:%d/api/similar",
	         draft, port);
	busy = cpu_s(pid);
	curl_bg(args, out);
	cr_assert(curl_done(out, 30, &status, &took), "curl --max-time 1 did not give up");
	/* the draft had reached a worker (not cut off while it was sent) */
	usleep(200000);
	cr_assert_gt(cpu_s(pid) - busy, 0.3, "the server had not started on the draft when its client left");
	cr_assert_eq(status, 0, "the draft was answered (HTTP %d) before the client left: make it longer", status);
	/* a moment for the cancel check (every 50 ms) and the worker to stop */
	usleep(1500000);
	busy = cpu_s(pid);
	usleep(2000000);
	busy = cpu_s(pid) - busy;
	cr_assert_lt(busy, 0.8, "the server used %.2f s of CPU in 2 s after its client left", busy);
	/* and the heavy worker is free again: a small draft is answered */
	write_draft(draft, 20);
	{
		cli_result r = run_sh("curl -s -o /dev/null --max-time 60 -w '%%{http_code}' -H 'Expect:' "
		                      "--data-binary @'%s' http://127.0.0.1:%d/api/similar", draft, port);
		cr_assert_str_eq(r.out, "200");
		cli_free(&r);
	}
	stop_server(pid);
}

/* SIGTERM while a draft is being compared: the running request is
 * cancelled through the library's check and answered 503, and the server
 * exits 0 (a clean stop) within a few seconds.  Before the library checked
 * its budget, the stop waited its grace period, cut the request off and
 * exited 1. */
Test(dos, sigterm_cancels_a_running_draft)
{
	char draft[4200], out[4200], args[9000];
	double t0, took;
	int port, status, st;
	pid_t pid;

	snprintf(out, sizeof out, "%s/term.out", dir);
	pid = long_draft_server("300", draft, sizeof draft, &port);
	snprintf(args, sizeof args, "--max-time 120 -H 'Expect:' --data-binary @'%s' http://127.0.0.1:%d/api/similar",
	         draft, port);
	curl_bg(args, out);
	usleep(1500000); /* read and running */
	t0 = now_s();
	kill(pid, SIGTERM);
	st = wait_exit(pid, 30);
	cr_assert_eq(st, 0, "the server's exit status after SIGTERM: %d (-1: still running after 30 s)", st);
	cr_assert_lt(now_s() - t0, 10, "the stop took %.1f s", now_s() - t0);
	cr_assert(curl_done(out, 20, &status, &took), "the client still waits");
	cr_assert_eq(status, 503, "the running draft was answered HTTP %d", status);
}

/* A 17 KB gzip body that expands to 5 MB used to be read up to 256M; now
 * --max-draft caps the text too (issue 17: a 1 MB gzip, 20 MB of text, 4
 * minutes of a worker). */
Test(dos, gzip_draft_capped_at_max_draft)
{
	cli_result r;
	int port;
	pid_t pid = start_server((const char *const[]){"--max-draft", "64K", NULL}, &port);
	double t0 = now_s();

	r = run_sh("cd '%s' && yes 'Article 1. Personal data shall be stored in the territory of the state.' | "
	           "head -c 5000000 | gzip -c > big.gz && wc -c < big.gz && "
	           "curl -s --max-time 60 -w '\\nHTTP %%{http_code}' --data-binary @big.gz "
	           "http://127.0.0.1:%d/api/similar",
	           dir, port);
	cr_assert_lt(atol(r.out), 65536, "the gzip body itself is over the cap: %s", r.out);
	cr_assert(strstr(r.out, "HTTP 413"), "%s", r.out);
	cr_assert(strstr(r.out, "larger than --max-draft allows (65536 bytes) once decompressed"), "%s", r.out);
	cli_free(&r);
	/* the upload form too (its file part used to be cut at the first NUL) */
	r = run_sh("cd '%s' && curl -s --max-time 60 -w '\\nHTTP %%{http_code}' -F file=@big.gz "
	           "http://127.0.0.1:%d/similar", dir, port);
	cr_assert(strstr(r.out, "HTTP 413") && strstr(r.out, "once decompressed"), "%.300s",
	          r.out + (strlen(r.out) > 300 ? strlen(r.out) - 300 : 0));
	cli_free(&r);
	cr_assert_lt(now_s() - t0, 20, "refusing took %.1f s", now_s() - t0);
	/* a gzip draft under the cap is read, through the form as well */
	r = run_sh("cd '%s' && gzip -c '%s/similar/draft_mixed.txt' > d.gz && curl -s --max-time 60 "
	           "-w '\\nHTTP %%{http_code}' -F file=@d.gz http://127.0.0.1:%d/similar", dir, LF_TEST_DATA, port);
	cr_assert(strstr(r.out, "HTTP 200") && strstr(r.out, "class=\"side\""), "%.300s", r.out);
	cli_free(&r);
	stop_server(pid);
}

/* ------------------------------------------------------------ Slowloris */

typedef struct trickle {
	int *fd;
	int n;
	volatile int stop;
	const char *line; /* sent on every open socket every half second */
} trickle;

static void *trickler(void *p)
{
	trickle *t = p;

	while (!t->stop) {
		for (int i = 0; i < t->n; i++)
			if (t->fd[i] >= 0)
				send(t->fd[i], t->line, strlen(t->line), MSG_NOSIGNAL | MSG_DONTWAIT);
		usleep(500000);
	}
	return NULL;
}

/* A connection to the server from the address from ("127.0.0.2"). */
static int dial(int port, const char *from)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	inet_pton(AF_INET, from, &sa.sin_addr);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0, "bind %s: %s", from, strerror(errno));
	sa.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Has the server closed fd (EOF or reset)?  Reads what it sent. */
static int closed_by_server(int fd)
{
	char buf[4096];
	ssize_t k;

	while ((k = recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0)
		;
	return k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/* How many of the n sockets are still open, after reading. */
static int still_open(const int *fd, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		if (fd[i] >= 0 && !closed_by_server(fd[i]))
			k++;
	return k;
}

/* 256 partial connections, each sending a header line every half second
 * (which resets libmicrohttpd's idle timeout), from 127.0.0.1.  Before:
 * 0 of 5 normal requests answered.  Now: at most 32 of them are kept
 * (--max-connections-per-ip), other addresses are served at once, and
 * each partial connection is closed after --header-timeout. */
Test(dos, slowloris)
{
	enum { N = 256 };
	const char *partial = "GET /api/stats HTTP/1.1\r\nHost: x\r\n";
	int fd[N], port, left = N;
	trickle t = {fd, N, 0, "X-Slow: 1\r\n"};
	pthread_t th;
	pid_t pid = start_server((const char *const[]){"--header-timeout", "2", NULL}, &port);
	double t0 = now_s();

	for (int i = 0; i < N; i++) {
		fd[i] = dial(port, "127.0.0.1");
		if (fd[i] >= 0)
			send(fd[i], partial, strlen(partial), MSG_NOSIGNAL);
	}
	pthread_create(&th, NULL, trickler, &t);
	/* another client is served during the attack */
	for (int i = 0; i < 5; i++) {
		cli_result r = run_sh("curl -s --max-time 20 --interface 127.0.0.2 -o /dev/null -w '%%{http_code}' "
		                      "http://127.0.0.1:%d/api/stats", port);
		cr_assert_str_eq(r.out, "200", "request %d from 127.0.0.2 during the attack: '%s' %s", i, r.out, r.err);
		cli_free(&r);
	}
	/* every partial connection is closed, although it keeps sending */
	while (now_s() - t0 < 20 && (left = still_open(fd, N)) > 0)
		usleep(200000);
	cr_assert_eq(left, 0, "%d partial connections still open after %.1f s", left, now_s() - t0);
	cr_assert_lt(now_s() - t0, 15, "the partial connections were closed after %.1f s", now_s() - t0);
	t.stop = 1;
	pthread_join(th, NULL);
	/* and the attacker's own address is served again */
	for (int i = 0; i < 5; i++) {
		cli_result r = run_sh("curl -s --max-time 20 -o /dev/null -w '%%{http_code}' http://127.0.0.1:%d/api/stats",
		                      port);
		cr_assert_str_eq(r.out, "200", "request %d from 127.0.0.1 after the attack: '%s'", i, r.out);
		cli_free(&r);
	}
	for (int i = 0; i < N; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	stop_server(pid);
}

/* The same with the body: headers in time, then a byte every half second,
 * is cut after --body-timeout, unanswered. */
Test(dos, slow_body)
{
	int port, fd, open = 1;
	pid_t pid = start_server((const char *const[]){"--header-timeout", "2", "--body-timeout", "3", NULL}, &port);
	const char *head = "POST /api/similar HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n";
	trickle t = {&fd, 1, 0, "a"};
	pthread_t th;
	double t0 = now_s();
	char buf[4096];
	ssize_t k;

	fd = dial(port, "127.0.0.1");
	cr_assert(fd >= 0);
	cr_assert_eq(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
	pthread_create(&th, NULL, trickler, &t);
	while (now_s() - t0 < 20 && (open = !closed_by_server(fd)))
		usleep(200000);
	t.stop = 1;
	pthread_join(th, NULL);
	cr_assert(!open, "a trickled body still open after 20 s");
	cr_assert_lt(now_s() - t0, 12, "a trickled body was cut after %.1f s", now_s() - t0);
	k = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
	cr_assert(k <= 0, "answered: %.*s", (int)k, buf);
	close(fd);
	stop_server(pid);
}

/* ------------------------------------------------------------ lengths */

/* Sends a raw request and reads the answer until the server closes (at
 * most 10 s); the answer, malloc'd. */
static char *raw_request(int port, const char *req)
{
	int fd = dial(port, "127.0.0.1");
	size_t n = 0, cap = 65536;
	char *out = malloc(cap + 1);
	double end = now_s() + 10;

	cr_assert(fd >= 0);
	send(fd, req, strlen(req), MSG_NOSIGNAL);
	while (now_s() < end && n < cap) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t k;
		if (poll(&p, 1, 200) <= 0)
			continue;
		if ((k = recv(fd, out + n, cap - n, 0)) <= 0)
			break;
		n += (size_t)k;
	}
	out[n] = 0;
	close(fd);
	return out;
}

/* Does the body of a raw HTTP answer (after its headers) parse as one JSON
 * value (json_ok)? */
static int raw_json_ok(const char *answer)
{
	const char *b = strstr(answer, "\r\n\r\n");

	return b && json_valid(b + 4);
}

static int count(const char *s, const char *needle)
{
	int k = 0;

	for (; (s = strstr(s, needle)) != NULL; s++)
		k++;
	return k;
}

/* Two Content-Length headers, or one beside Transfer-Encoding: a proxy
 * and the server could read two different requests there (libmicrohttpd
 * 0.9.75 took the first length).  Refused with one clean 400. */
Test(dos, ambiguous_length_refused)
{
	int port;
	pid_t pid = start_server(NULL, &port);
	char *r;

	r = raw_request(port, "POST /api/similar HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 3\r\n\r\n"
	                      "abcde");
	cr_assert(!strncmp(r, "HTTP/1.1 400 ", 13), "%s", r);
	cr_assert_eq(count(r, "HTTP/1.1 "), 1, "%s", r);
	cr_assert(strstr(r, "the request's length is ambiguous"), "%s", r);
	cr_assert(raw_json_ok(r), "%s", r);
	free(r);
	r = raw_request(port, "POST /api/similar HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
	                      "Transfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n");
	cr_assert(!strncmp(r, "HTTP/1.1 400 ", 13) && strstr(r, "ambiguous"), "%s", r);
	free(r);
	/* a body announced past --max-draft: 413 before it is sent */
	r = raw_request(port, "POST /api/similar HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\nabc");
	cr_assert(!strncmp(r, "HTTP/1.1 413 ", 13) && strstr(r, "--max-draft"), "%s", r);
	cr_assert(raw_json_ok(r), "%s", r);
	free(r);
	/* libmicrohttpd answers a negative length itself (its 400 repeats its
	 * status line and headers: README, Deployment); the server lives on */
	r = raw_request(port, "POST /api/similar HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\nabc");
	cr_assert(!strncmp(r, "HTTP/1.1 400 ", 13), "%s", r);
	free(r);
	r = raw_request(port, "GET /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	cr_assert(!strncmp(r, "HTTP/1.1 200 ", 13), "%.200s", r);
	cr_assert(raw_json_ok(r), "%.300s", r);
	free(r);
	stop_server(pid);
}

/* ------------------------------------------------------------ peer_gone */

/* A connected pair of TCP sockets on loopback: *c the client's end, *s
 * the server's. */
static void tcp_pair(int *c, int *s)
{
	struct sockaddr_in sa;
	socklen_t n = sizeof sa;
	int l = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert(!bind(l, (struct sockaddr *)&sa, sizeof sa) && !listen(l, 1) &&
	          !getsockname(l, (struct sockaddr *)&sa, &n));
	*c = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert(!connect(*c, (struct sockaddr *)&sa, sizeof sa));
	*s = accept(l, NULL, NULL);
	cr_assert(*s >= 0);
	close(l);
}

/* Lets what the client did reach the server's end. */
static void settle(void)
{
	usleep(50000);
}

Test(peer, gone_or_not)
{
	int c, s;
	struct linger lg = {1, 0};

	/* connected and quiet: there */
	tcp_pair(&c, &s);
	cr_assert_eq(peer_gone(s), 0);
	/* a pipelined request waiting: there, and it is not consumed */
	cr_assert_eq(send(c, "GET / HTTP/1.1\r\n\r\n", 18, 0), 18);
	settle();
	cr_assert_eq(peer_gone(s), 0);
	cr_assert_eq(peer_gone(s), 0);
	/* closed with that request unread: not gone (we cannot see past it) */
	close(c);
	settle();
	cr_assert_eq(peer_gone(s), 0);
	{
		char buf[64];
		cr_assert_eq(recv(s, buf, sizeof buf, 0), 18, "peer_gone consumed bytes");
	}
	/* once it is read: gone */
	cr_assert_eq(peer_gone(s), 1);
	close(s);
	/* closed with nothing unread: gone */
	tcp_pair(&c, &s);
	close(c);
	settle();
	cr_assert_eq(peer_gone(s), 1);
	close(s);
	/* only its sending side shut: gone (as nginx takes it) */
	tcp_pair(&c, &s);
	shutdown(c, SHUT_WR);
	settle();
	cr_assert_eq(peer_gone(s), 1);
	close(c);
	close(s);
	/* reset: gone */
	tcp_pair(&c, &s);
	setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	close(c);
	settle();
	cr_assert_eq(peer_gone(s), 1);
	close(s);
	/* no socket: not gone (an untracked connection is never cancelled) */
	cr_assert_eq(peer_gone(-1), 0);
}
