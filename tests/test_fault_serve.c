/*
 * test_fault_serve.c - fault injection (core/fault.c) in 'lexfrag serve'
 * (issue 18, item 4): for GET /api/search, GET /api/law/ID, GET /api/stats
 * and POST /api/similar, a server is started with LF_FAULT_ALLOC=N or
 * LF_FAULT_XAPIAN=N (a spread of N over the allocations and Xapian calls
 * of its start and of that one request), is sent the request, and stopped.
 * Each time:
 *  - the server either did not start, and said why ("lexfrag: ... out of
 *    memory", exit status 1), or it answered and then stopped cleanly
 *    (exit status 0): no signal, no sanitizer report, no hang;
 *  - the answer is either the fault-free run's, byte for byte, or one JSON
 *    error, parsed with jq: {"error": "...", "status": S} with S the HTTP
 *    status, 500 or 502-504; never half a body, never a connection closed
 *    without an answer.
 * The index is read only, so nothing is to be recovered afterwards.
 *
 * Needs a build with -DLF_FAULT=ON (cmake/fault.cmake), else it skips
 * itself.  A failure names the fault point: rerun it by hand with
 * LF_FAULT_ALLOC=N or LF_FAULT_XAPIAN=N (and LF_FAULT_TRACE=1).
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>

#include "cli_util.h"

#ifndef LF_FAULT

Test(fault_serve, sweep)
{
	cr_skip_test("built without LF_FAULT: configure with -DLF_FAULT=ON to run the fault-injection sweep");
}

#else

#define CORPUS LF_SOURCE_DIR "/corpus"
#define ALLOC_POINTS 24  /* per route */
#define XAPIAN_POINTS 12 /* per route */

static const char *const bad_words[] = {"AddressSanitizer", "LeakSanitizer", "runtime error",
                                        "terminate called", "Segmentation fault", "Aborted"};

/* The routes: curl's arguments, %d the port. */
static const struct route {
	const char *name;
	const char *args;
} routes[] = {
	{"GET /api/search", "'http://127.0.0.1:%d/api/search?q=personal%%20data&facets=1&limit=5'"},
	{"GET /api/law", "'http://127.0.0.1:%d/api/law/cn/pipl_2021'"},
	{"GET /api/stats", "'http://127.0.0.1:%d/api/stats'"},
	{"POST /api/similar", "--data-binary @'" LF_TEST_DATA "/similar/draft_mixed.txt' 'http://127.0.0.1:%d/api/similar'"},
};

#define NROUTES (sizeof routes / sizeof *routes)

static const char *const extra[] = {"--threads", "2", NULL};

static char *dir, *db, *log_path;

/* The answer to a route: its HTTP status and body. */
typedef struct answer {
	int status;
	char *body;
} answer;

static void setup(void)
{
	cli_result r;

	dir = scratch_dir();
	db = malloc(4200);
	log_path = malloc(4200);
	snprintf(db, 4200, "%s/db", dir);
	snprintf(log_path, 4200, "%s/serve.err", dir);
	r = run_sh("$LF index -q --db '%s' '%s'", db, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
}

static void teardown(void)
{
	cli_result r = run_sh("rm -rf '%s'", dir);

	cli_free(&r);
	free(db);
	free(log_path);
	free(dir);
}

/* Sends route k to port: its status (0: no answer) and body. */
static answer ask(size_t k, int port)
{
	char fmt[1000], cmd[1200];
	cli_result r;
	answer a = {0, NULL};
	char *last;

	snprintf(fmt, sizeof fmt, "curl -s -m 120 -w '\\nHTTP %%%%{http_code}' %s", routes[k].args);
	snprintf(cmd, sizeof cmd, fmt, port);
	r = run_sh("%s", cmd);
	if ((last = strrchr(r.out, '\n')) != NULL && !strncmp(last, "\nHTTP ", 6)) {
		a.status = atoi(last + 6);
		*last = 0;
	}
	a.body = r.out;
	free(r.err);
	return a;
}

/* The server's log, checked for a crash or a sanitizer report: 1 if clean. */
static int log_clean(const char *text, char *why, size_t n)
{
	for (size_t i = 0; i < sizeof bad_words / sizeof *bad_words; i++)
		if (strstr(text, bad_words[i])) {
			snprintf(why, n, "the server's stderr holds \"%s\":\n%.3000s", bad_words[i], text);
			return 0;
		}
	return 1;
}

/* Stops a server with SIGTERM; its exit status (128 + signal). */
static int stop(pid_t pid)
{
	int st;

	kill(pid, SIGTERM);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Is a an acceptable answer to route k, given the fault-free one? */
static int answer_ok(const answer *a, const answer *ref, char *why, size_t n)
{
	char filter[160];
	int ok;

	if (a->status == ref->status && !strcmp(a->body, ref->body))
		return 1;
	if (a->status != 500 && (a->status < 502 || a->status > 504)) {
		snprintf(why, n, "HTTP %d (0: no answer), and not the fault-free answer:\n%.1000s", a->status, a->body);
		return 0;
	}
	if (!json_valid(a->body)) {
		snprintf(why, n, "HTTP %d, and its body is not JSON:\n%.1000s", a->status, a->body);
		return 0;
	}
	/* one error object: its message, and the status it was sent with */
	snprintf(filter, sizeof filter, "(.error | type == \"string\" and length > 0) and .status == %d and (keys | length) == 2",
	         a->status);
	ok = jq_test(a->body, filter);
	if (!ok)
		snprintf(why, n, "HTTP %d, and its body is not one error {error, status}:\n%.1000s", a->status, a->body);
	return ok;
}

/* One fault point: route k under var=n.  1 if all went as it should. */
static int run_point(size_t k, const char *var, unsigned long n, const answer *ref, char *why, size_t nwhy)
{
	char val[32];
	int port, status;
	pid_t pid;
	answer a;
	char *text;
	int ok = 1;

	snprintf(val, sizeof val, "%lu", n);
	setenv(var, val, 1);
	pid = serve_start_log(db, extra, log_path, &port, &status);
	unsetenv(var);
	if (pid < 0) {
		/* the fault struck its start: it must have said so and exited 1 */
		text = slurp(log_path);
		if (!log_clean(text, why, nwhy))
			ok = 0;
		else if (status != 1 || !strstr(text, "lexfrag: ") ||
		         (!strcmp(var, "LF_FAULT_ALLOC") && !strstr(text, "out of memory"))) {
			snprintf(why, nwhy, "the server did not start (exit status %d; -1: no answer) without saying "
			                    "why:\n%.3000s", status, text);
			ok = 0;
		}
		free(text);
		return ok;
	}
	a = ask(k, port);
	if (waitpid(pid, &status, WNOHANG) == pid) {
		text = slurp(log_path);
		snprintf(why, nwhy, "the server died during the request (status %d):\n%.3000s", status, text);
		free(text);
		free(a.body);
		return 0;
	}
	ok = answer_ok(&a, ref, why, nwhy);
	status = stop(pid);
	text = slurp(log_path);
	if (ok && !log_clean(text, why, nwhy))
		ok = 0;
	else if (ok && status != 0) {
		snprintf(why, nwhy, "exit status %d after SIGTERM:\n%.3000s", status, text);
		ok = 0;
	}
	free(text);
	free(a.body);
	return ok;
}

/* The allocations and Xapian calls of a fault-free start and stop, with
 * route k asked in between (k == NROUTES: none). */
static void count(size_t k, unsigned long *nalloc, unsigned long *nxapian, answer *ref)
{
	int port, status;
	pid_t pid;
	char *text, *p;

	setenv("LF_FAULT_COUNT", "1", 1);
	pid = serve_start_log(db, extra, log_path, &port, &status);
	unsetenv("LF_FAULT_COUNT");
	cr_assert_gt(pid, 0, "the server did not start (status %d)", status);
	if (k < NROUTES)
		*ref = ask(k, port);
	status = stop(pid);
	text = slurp(log_path);
	cr_assert_eq(status, 0, "%s", text);
	p = strstr(text, "lexfrag-fault: ");
	cr_assert_not_null(p, "no count from LF_FAULT_COUNT=1: %s", text);
	cr_assert_eq(sscanf(p, "lexfrag-fault: %lu allocations, %lu xapian calls", nalloc, nxapian), 2, "%s", p);
	free(text);
}

/* k points spread evenly over [lo, hi]. */
static size_t spread(unsigned long *out, unsigned long lo, unsigned long hi, size_t k)
{
	size_t n = 0;

	if (hi < lo)
		return 0;
	if (hi - lo + 1 <= k) {
		for (unsigned long v = lo; v <= hi; v++)
			out[n++] = v;
		return n;
	}
	for (size_t i = 0; i < k; i++)
		out[n++] = lo + (unsigned long)((double)i * (double)(hi - lo) / (double)(k - 1));
	return n;
}

TestSuite(fault_serve, .init = setup, .fini = teardown, .timeout = 1800);

Test(fault_serve, sweep)
{
	unsigned long a0, x0, a1, x1, pts[64];
	size_t failures = 0, runs = 0;
	static char why[8192];

	count(NROUTES, &a0, &x0, NULL);
	for (size_t k = 0; k < NROUTES; k++) {
		answer ref = {0, NULL};
		size_t n;

		count(k, &a1, &x1, &ref);
		cr_assert_eq(ref.status, 200, "%s: fault-free HTTP %d: %s", routes[k].name, ref.status, ref.body);
		cr_assert(json_valid(ref.body), "%s: %.500s", routes[k].name, ref.body);
		cr_assert_gt(a1, a0, "%s: no allocation of its own?", routes[k].name);
		/* the request's own calls, and a few of the start's (the readiness
		 * probe's count varies by one request or so) */
		n = spread(pts, a0 > 40 ? a0 - 40 : 1, a1 + 8, ALLOC_POINTS);
		for (size_t i = 0; i < n; i++, runs++) {
			why[0] = 0;
			if (!run_point(k, "LF_FAULT_ALLOC", pts[i], &ref, why, sizeof why)) {
				failures++;
				cr_log_error("%s, LF_FAULT_ALLOC=%lu: %s", routes[k].name, pts[i], why);
			}
		}
		n = spread(pts, x0 > 10 ? x0 - 10 : 1, x1 + 4, XAPIAN_POINTS);
		for (size_t i = 0; i < n; i++, runs++) {
			why[0] = 0;
			if (!run_point(k, "LF_FAULT_XAPIAN", pts[i], &ref, why, sizeof why)) {
				failures++;
				cr_log_error("%s, LF_FAULT_XAPIAN=%lu: %s", routes[k].name, pts[i], why);
			}
		}
		free(ref.body);
	}
	cr_assert_eq(failures, 0, "%zu of %zu fault points went wrong (above)", failures, runs);
}

#endif
