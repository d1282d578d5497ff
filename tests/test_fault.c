/*
 * test_fault.c - fault injection (core/fault.c): allocations and Xapian calls
 * of runs of 'index', 'index --force --prune' over a finished index,
 * 'search', 'show' and 'export' are made to fail one at a time (a spread of
 * them: every one at first, then a stride), and each faulted run must end
 * cleanly: no signal, hang or sanitizer report, exit status 0 or 1 with a
 * "lexfrag: ..." line saying what failed ("out of memory" for an
 * allocation).  After a faulted index run the database still opens, and a
 * fault-free re-run ends with exactly the laws, provisions and exported
 * records of a clean run.
 *
 * The precedent commands ('similar' with a draft file and with --law,
 * 'reuse') are held to more (fault/precedent): a faulted run either ends
 * with status 0 and exactly the clean run's stdout and stderr, or with
 * status 1 and one line on stderr saying why.  Never a shorter result with
 * status 0: an error they dropped on the way would show as one.
 *
 * Needs a build with -DLF_FAULT=ON (best with -DLF_SANITIZE=ON, run with
 * ASAN_OPTIONS=detect_leaks=1 so that leaks on error paths fail it too);
 * otherwise it skips itself.  A failure names the fault point: rerun it by
 * hand with LF_FAULT_ALLOC=N or LF_FAULT_XAPIAN=N, and LF_FAULT_TRACE=1 to
 * see where it strikes.
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <time.h>

#include "cli_util.h"

#ifndef LF_FAULT

Test(fault, sweep)
{
	cr_skip_test("built without LF_FAULT: configure with -DLF_FAULT=ON to run the fault-injection sweep");
}

#else

/* A small corpus, one file per format (one gzipped, one that takes its
 * jurisdiction from its directory), and the sample corpus's MANIFEST.tsv
 * sidecar (one of its rows names a file here). */
static const char *const corpus_files[][2] = {
	{"tests/data/gii/BJNR000599951.xml.gz", ""},
	{"tests/data/lims/CRC_ch440_fr.xml", ""},
	{"tests/data/akn/rs_119_akn.xml", ""},
	{"tests/data/uslm/S1057_CPS.XML", ""},
	{"tests/data/eurlex/32002R0006_community_designs_en.html", ""},
	{"tests/data/formex/GDPR_formex_excerpt_L_2016119EN.xml", ""},
	{"tests/data/clml/uksi-1998-572-made.xml", ""},
	{"tests/data/lexml/lgpd_13709_excerpt.xml", ""},
	{"corpus/cn/vehicle_vessel_tax_law_2019.md", "cn"},
	{"corpus/MANIFEST.tsv", ""},
};
#define NLAWS 9

/* Faulted runs that hang are cut off (status 124) rather than block the test. */
#define TIMEOUT "timeout -k 5 120 "
/* Sweep sizes, in faulted runs.  Most allocations of an index run load the
 * taxonomy (the start-up, counted on an empty directory); the files' own
 * part gets most of the points. */
#define INDEX_ALLOC_DENSE 30   /* the first allocations, every one */
#define INDEX_ALLOC_SETUP 20   /* spread over the rest of the start-up */
#define INDEX_ALLOC_FILES 100  /* spread over reading and writing the files */
#define INDEX_XAPIAN 80
#define FORCE_ALLOC 40         /* index --force over a finished index */
#define FORCE_XAPIAN 40
#define QUERY_ALLOC 40         /* each read-side command */
#define QUERY_XAPIAN 40
#define PREC_ALLOC 64          /* each precedent command (fault/precedent) */
#define PREC_XAPIAN 32
#define MAX_POINTS 256

static const char *const bad_words[] = {"AddressSanitizer", "LeakSanitizer", "runtime error",
                                        "terminate called", "Segmentation fault", "Aborted"};

typedef struct sweep_env {
	char dir[4096];   /* scratch: src/, ref/ (the reference index), p<N>/ */
	char src[4200];
	char ref[4200];
	long laws, provisions;
	char *ref_export; /* sorted 'export --format jsonl' of the reference */
} sweep_env;

/* The faulted command and the kind of fault. */
typedef struct fault_cmd {
	const char *name;      /* for messages */
	const char *args;      /* lexfrag arguments after --db DB */
	int is_index;          /* into a database of its own, then checked (check_recovery) */
	int on_copy;           /* index: into a copy of the finished reference index */
	int max_status;        /* highest clean exit status of a faulted run */
	const char *db;        /* the database it reads (NULL: the reference index) */
	const char *clean_out; /* when set: a clean run's stdout and stderr, which */
	const char *clean_err; /* a faulted run ends with, or else fails (same_as_clean) */
} fault_cmd;

typedef struct fault_point {
	const char *var;       /* LF_FAULT_ALLOC or LF_FAULT_XAPIAN */
	unsigned long n;
} fault_point;

/* Appends to a failure message (a fixed buffer). */
static void say(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t n, const char *fmt, ...)
{
	size_t k = strlen(why);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why + k, n - k, fmt, ap);
	va_end(ap);
}

/* 1 if a run ended cleanly: no signal, no sanitizer report, a status up to
 * max_status, and, unless 0, a "lexfrag: ..." line saying why; for a failed
 * allocation (var LF_FAULT_ALLOC), that it ran out of memory. */
static int clean_exit(const cli_result *r, int max_status, const char *var, const char *what, char *why,
                      size_t nwhy)
{
	size_t i;

	for (i = 0; i < sizeof bad_words / sizeof *bad_words; i++)
		if (strstr(r->err, bad_words[i])) {
			say(why, nwhy, "%s: stderr holds \"%s\" (status %d):\n%.3000s\n", what, bad_words[i], r->status,
			    r->err);
			return 0;
		}
	if (r->status > max_status) {
		say(why, nwhy, "%s: exit status %d%s:\n%.3000s\n", what, r->status,
		    r->status == 124 ? " (timed out: a hang?)" : r->status > 128 ? " (a signal)" : "", r->err);
		return 0;
	}
	if (r->status != 0 && !(!strncmp(r->err, "lexfrag: ", 9) || strstr(r->err, "\nlexfrag: "))) {
		say(why, nwhy, "%s: exit status %d without a \"lexfrag: \" line:\n%.3000s\n", what, r->status, r->err);
		return 0;
	}
	if (r->status != 0 && var && !strcmp(var, "LF_FAULT_ALLOC") && !strstr(r->err, "out of memory")) {
		say(why, nwhy, "%s: exit status %d, and stderr does not say \"out of memory\":\n%.3000s\n", what,
		    r->status, r->err);
		return 0;
	}
	return 1;
}

/* For a command with clean_out: status 0 and the clean run's output, or
 * status 1 and one line on stderr (clean_exit checked the rest). */
static int same_as_clean(const cli_result *r, const fault_cmd *c, const char *what, char *why, size_t nwhy)
{
	const char *nl;

	if (r->status == 0) {
		if (!strcmp(r->out, c->clean_out) && !strcmp(r->err, c->clean_err))
			return 1;
		say(why, nwhy,
		    "%s: exit status 0, but the output differs from a clean run's (an error dropped?):\n"
		    "%.1500s\n---- stderr:\n%.500s\n---- clean run:\n%.1500s\n---- stderr:\n%.500s\n",
		    what, r->out, r->err, c->clean_out, c->clean_err);
		return 0;
	}
	nl = strchr(r->err, '\n');
	if (r->status != 1 || !nl || nl[1] || strncmp(r->err, "lexfrag: ", 9)) {
		say(why, nwhy, "%s: exit status %d; a failure is status 1 and one \"lexfrag: \" line on stderr:\n%.3000s\n",
		    what, r->status, r->err);
		return 0;
	}
	return 1;
}

/* "laws":N,"provisions":M from stats --format json (read by jq); 0, or
 * -1 if it does not parse or lacks them. */
static int stats_counts(const char *json, long *laws, long *provs)
{
	char *l = jq_get(json, ".laws | numbers"), *p = jq_get(json, ".provisions | numbers");
	int rc = l && p && *l && *p ? 0 : -1;

	if (!rc) {
		*laws = atol(l);
		*provs = atol(p);
	}
	free(l);
	free(p);
	return rc;
}

/* The export of a database as sorted JSON Lines (law order follows the
 * document ids, which depend on the run's thread timing); NULL on failure. */
static char *sorted_export(const char *db)
{
	cli_result r = run_sh("$LF export --db '%s' --format jsonl | LC_ALL=C sort", db);

	if (r.status != 0) {
		cli_free(&r);
		return NULL;
	}
	free(r.err);
	return r.out;
}

/* After a faulted index run into db: the database opens (or there is none
 * yet, cleanly said), and a fault-free re-run completes it. */
static int check_recovery(const sweep_env *e, const char *db, char *why, size_t nwhy)
{
	cli_result r;
	long laws, provs;
	char *exp;
	int ok = 1;

	r = run_sh("$LF stats --db '%s' --format json", db);
	if (!clean_exit(&r, 1, NULL, "stats after the fault", why, nwhy))
		ok = 0;
	else if (r.status != 0 && !strstr(r.err, "no such database") && !strstr(r.err, "not a lexfrag database")) {
		say(why, nwhy, "stats after the fault cannot open the database:\n%.3000s\n", r.err);
		ok = 0;
	}
	cli_free(&r);
	if (!ok)
		return 0;
	r = run_sh(TIMEOUT "$LF index --jobs 2 --db '%s' '%s'", db, e->src);
	if (!clean_exit(&r, 0, NULL, "index re-run without a fault", why, nwhy)) {
		cli_free(&r);
		return 0;
	}
	cli_free(&r);
	r = run_sh("$LF stats --db '%s' --format json", db);
	if (r.status != 0 || stats_counts(r.out, &laws, &provs) != 0) {
		say(why, nwhy, "stats after the re-run failed (%d):\n%.3000s\n", r.status, r.err);
		ok = 0;
	} else if (laws != e->laws || provs != e->provisions) {
		say(why, nwhy, "after the re-run: %ld laws, %ld provisions; a clean run has %ld and %ld\n", laws, provs,
		    e->laws, e->provisions);
		ok = 0;
	}
	cli_free(&r);
	if (!ok)
		return 0;
	exp = sorted_export(db);
	if (!exp || strcmp(exp, e->ref_export)) {
		say(why, nwhy, "after the re-run, 'export' differs from a clean run's:\n%.2000s\n---- clean run:\n%.2000s\n",
		    exp ? exp : "(export failed)", e->ref_export);
		ok = 0;
	}
	free(exp);
	return ok;
}

/* One fault point of one command; 1 if all went as it should, else 0 with
 * the reasons in why. */
static int run_point(const sweep_env *e, const fault_cmd *c, const fault_point *p, char *why, size_t nwhy)
{
	char db[4300], what[256];
	cli_result r;
	int ok;

	snprintf(what, sizeof what, "%s=%lu lexfrag %s", p->var, p->n, c->name);
	if (c->is_index) {
		snprintf(db, sizeof db, "%s/p%s%s%lu", e->dir, c->on_copy ? "F" : "", p->var + 9, p->n);
		r = run_sh("rm -rf '%s'", db);
		cli_free(&r);
		if (c->on_copy) {
			r = run_sh("cp -a '%s' '%s'", e->ref, db);
			cli_free(&r);
		}
		r = run_sh("%s=%lu " TIMEOUT "$LF index --db '%s' %s", p->var, p->n, db, c->args);
	} else {
		r = run_sh("%s=%lu " TIMEOUT "$LF %s --db '%s' %s%s", p->var, p->n, c->name, c->db ? c->db : e->ref, c->args,
		           c->clean_out ? "" : " >/dev/null");
	}
	ok = clean_exit(&r, c->max_status, p->var, what, why, nwhy);
	if (ok && c->clean_out)
		ok = same_as_clean(&r, c, what, why, nwhy);
	cli_free(&r);
	if (ok && c->is_index) {
		size_t k = strlen(why);
		if (!check_recovery(e, db, why, nwhy)) {
			/* name the fault point before the reasons */
			char tail[8192];
			snprintf(tail, sizeof tail, "%s", why + k);
			why[k] = '\0';
			say(why, nwhy, "%s: %s", what, tail);
			ok = 0;
		}
		r = run_sh("rm -rf '%s'", db);
		cli_free(&r);
	}
	return ok;
}

/* Runs the points, a few at a time (one child process each); returns how
 * many failed, each reported on stderr. */
static size_t run_points(const sweep_env *e, const fault_cmd *c, const fault_point *pts, size_t n)
{
	long w = sysconf(_SC_NPROCESSORS_ONLN);
	size_t next = 0, running = 0, failed = 0;
	pid_t pids[8];
	size_t which[8];
	char msg[4400];

	if (w < 2)
		w = 2;
	if (w > 8)
		w = 8;
	while (next < n || running) {
		int st;
		pid_t pid;
		size_t i;

		while (next < n && running < (size_t)w) {
			if ((pid = fork()) == 0) {
				static char why[16384];
				int ok;
				FILE *fp;
				why[0] = '\0';
				ok = run_point(e, c, &pts[next], why, sizeof why);
				if (!ok) {
					snprintf(msg, sizeof msg, "%s/fail-%zu", e->dir, next);
					if ((fp = fopen(msg, "w")) != NULL) {
						fputs(why, fp);
						fclose(fp);
					}
				}
				_exit(ok ? 0 : 1);
			}
			cr_assert_gt(pid, 0, "fork");
			pids[running] = pid;
			which[running] = next++;
			running++;
		}
		pid = wait(&st);
		for (i = 0; i < running && pids[i] != pid; i++)
			;
		if (i == running)
			continue;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			char *why;
			snprintf(msg, sizeof msg, "%s/fail-%zu", e->dir, which[i]);
			why = slurp(msg);
			unlink(msg);
			if (++failed <= 12)
				fprintf(stderr, "FAULT %s\n", *why ? why : "(the check itself died)");
			free(why);
		}
		pids[i] = pids[running - 1];
		which[i] = which[running - 1];
		running--;
	}
	return failed;
}

/* Appends to out[*n] k fault points spread evenly over [lo, hi] (all of
 * them if there are no more than k). */
static void spread(fault_point *out, size_t *n, const char *var, unsigned long lo, unsigned long hi, size_t k)
{
	unsigned long span = hi >= lo ? hi - lo + 1 : 0;

	if (span <= k) {
		for (unsigned long v = lo; v <= hi && *n < MAX_POINTS; v++)
			out[(*n)++] = (fault_point){var, v};
		return;
	}
	for (size_t i = 0; i < k && *n < MAX_POINTS; i++)
		out[(*n)++] = (fault_point){var, lo + (unsigned long)((double)i * (double)(span - 1) / (double)(k - 1))};
}

/* A little beyond a run's count: thread timing moves it by a few. */
static unsigned long margin(unsigned long total)
{
	return total + 8;
}

/* "lexfrag-fault: N allocations, M xapian calls" of a fault-free run. */
static void count_run(const char *cmd, unsigned long *nalloc, unsigned long *nxapian)
{
	cli_result r = run_sh("export LF_FAULT_COUNT=1; %s", cmd);
	const char *p = strstr(r.err, "lexfrag-fault: ");

	cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
	cr_assert_not_null(p, "no count from LF_FAULT_COUNT=1 (%s): %s", cmd, r.err);
	cr_assert_eq(sscanf(p, "lexfrag-fault: %lu allocations, %lu xapian calls", nalloc, nxapian), 2, "%s", p);
	cli_free(&r);
}

static void setup_env(sweep_env *e)
{
	cli_result r;
	char *d = scratch_dir();
	size_t i;

	memset(e, 0, sizeof *e);
	snprintf(e->dir, sizeof e->dir, "%s", d);
	free(d);
	snprintf(e->src, sizeof e->src, "%s/src", e->dir);
	snprintf(e->ref, sizeof e->ref, "%s/ref", e->dir);
	for (i = 0; i < sizeof corpus_files / sizeof *corpus_files; i++) {
		r = run_sh("mkdir -p '%s/%s' && cp '%s/%s' '%s/%s/'", e->src, corpus_files[i][1], LF_SOURCE_DIR,
		           corpus_files[i][0], e->src, corpus_files[i][1]);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cli_free(&r);
	}
}

static void teardown_env(sweep_env *e)
{
	cli_result r = run_sh("rm -rf '%s'", e->dir);

	cli_free(&r);
	free(e->ref_export);
}

Test(fault, sweep, .timeout = 900)
{
	static fault_point pts[MAX_POINTS];
	sweep_env e;
	cli_result r;
	unsigned long na, nx, base, xbase;
	char cmd[8800], args[4400], fargs[4400], empty[4200];
	size_t n, failed = 0, runs = 0;
	time_t t0 = time(NULL);

	setup_env(&e);
	/* the start-up's share: an index run over an empty directory */
	snprintf(empty, sizeof empty, "%s/empty", e.dir);
	snprintf(cmd, sizeof cmd, "mkdir '%s' && $LF index --jobs 2 --db '%s/e' '%s'", empty, e.dir, empty);
	count_run(cmd, &base, &xbase);
	/* the reference run, counted */
	snprintf(cmd, sizeof cmd, "$LF index --jobs 2 --db '%s' '%s'", e.ref, e.src);
	count_run(cmd, &na, &nx);
	r = run_sh("$LF stats --db '%s' --format json", e.ref);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(stats_counts(r.out, &e.laws, &e.provisions), 0, "%s", r.out);
	cr_assert_eq(e.laws, NLAWS, "%s", r.out);
	cli_free(&r);
	e.ref_export = sorted_export(e.ref);
	cr_assert_not_null(e.ref_export);
	cr_assert_lt(base, na, "start-up %lu of %lu allocations", base, na);
	fprintf(stderr, "fault: index: %lu allocations (%lu of them start-up), %lu Xapian calls\n", na, base, nx);

	{
		fault_cmd c = {"index", args, 1, 0, 1};
		snprintf(args, sizeof args, "--jobs 2 '%s'", e.src);
		n = 0;
		spread(pts, &n, "LF_FAULT_ALLOC", 1, INDEX_ALLOC_DENSE, INDEX_ALLOC_DENSE);
		spread(pts, &n, "LF_FAULT_ALLOC", INDEX_ALLOC_DENSE + 1, base, INDEX_ALLOC_SETUP);
		spread(pts, &n, "LF_FAULT_ALLOC", base + 1, margin(na), INDEX_ALLOC_FILES);
		spread(pts, &n, "LF_FAULT_XAPIAN", 1, margin(nx), INDEX_XAPIAN);
		failed += run_points(&e, &c, pts, n);
		runs += n;
	}
	{
		/* every file read again into a finished index: a failure must not
		 * lose a law that the next run would take for indexed */
		fault_cmd c = {"index --force --prune", fargs, 1, 1, 1};
		snprintf(fargs, sizeof fargs, "--force --prune --jobs 2 '%s'", e.src);
		snprintf(cmd, sizeof cmd, "cp -a '%s' '%s/copy' && $LF index %s --db '%s/copy'", e.ref, e.dir, fargs, e.dir);
		count_run(cmd, &na, &nx);
		fprintf(stderr, "fault: index --force --prune: %lu allocations, %lu Xapian calls\n", na, nx);
		n = 0;
		spread(pts, &n, "LF_FAULT_ALLOC", base > 100 ? base - 100 : 1, margin(na), FORCE_ALLOC);
		spread(pts, &n, "LF_FAULT_XAPIAN", 1, margin(nx), FORCE_XAPIAN);
		failed += run_points(&e, &c, pts, n);
		runs += n;
	}
	{
		/* the read side, on the finished reference index */
		static const fault_cmd q[] = {
			/* the query is good: a fault is never a usage error (2) */
			{"search", "--format jsonl --jurisdiction eu --jurisdiction br --from 2000 personal data transfer", 0, 0, 1},
			{"search", "--format jsonl --risk transfer-restriction --layer application --by risk", 0, 0, 1},
			{"show", "32016R0679", 0, 0, 1},
			{"export", "--format jsonl", 0, 0, 1},
			{"export", "--format jsonl --provisions", 0, 0, 1},
		};
		for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
			snprintf(cmd, sizeof cmd, "$LF %s --db '%s' %s >/dev/null", q[i].name, e.ref, q[i].args);
			count_run(cmd, &na, &nx);
			fprintf(stderr, "fault: %s %s: %lu allocations, %lu Xapian calls\n", q[i].name, q[i].args, na, nx);
			n = 0;
			spread(pts, &n, "LF_FAULT_ALLOC", 1, margin(na), QUERY_ALLOC);
			spread(pts, &n, "LF_FAULT_XAPIAN", 1, margin(nx), QUERY_XAPIAN);
			failed += run_points(&e, &q[i], pts, n);
			runs += n;
		}
	}
	fprintf(stderr, "fault: %zu faulted runs, %zu failed, %ld s\n", runs, failed, (long)(time(NULL) - t0));
	teardown_env(&e);
	cr_assert_eq(failed, 0, "%zu of %zu faulted runs went wrong (each is on stderr, prefixed FAULT)", failed, runs);
}

/* similar (a draft file, --law) and reuse over the small corpus and a
 * draft bill that copies the GDPR excerpt, indexed as a law too so that
 * reuse and similar --law have pairs to report. */
Test(fault, precedent, .timeout = 900)
{
	static fault_point pts[MAX_POINTS];
	static const struct {
		const char *name, *args, *found; /* found: in a clean run's output */
		size_t nalloc, nxapian;          /* fault points */
	} q[] = {
		/* a draft file: most of its allocations load the taxonomy and
		 * tag the draft (the index sweep's start-up), and a run takes a
		 * second under the sanitizers: fewer points */
		{"similar", "--format jsonl --file '" LF_SOURCE_DIR "/eval/drafts/d01_kenya_data_bill.txt'", "32016R0679",
		 PREC_ALLOC / 2, PREC_XAPIAN / 2},
		{"similar", "--law 32016R0679", "d01_kenya_data_bill", PREC_ALLOC, PREC_XAPIAN},
		{"reuse", "", "d01_kenya_data_bill", PREC_ALLOC, PREC_XAPIAN},
	};
	sweep_env e;
	cli_result r;
	unsigned long na, nx;
	char cmd[8800], db[4300];
	size_t n, failed = 0, runs = 0;
	time_t t0 = time(NULL);

	setup_env(&e);
	snprintf(db, sizeof db, "%s/prec", e.dir);
	r = run_sh("mkdir '%s/bill' && cp '%s/eval/drafts/d01_kenya_data_bill.txt' '%s/bill/' && "
	           "$LF index --jobs 2 --db '%s' '%s' '%s/bill'",
	           e.dir, LF_SOURCE_DIR, e.dir, db, e.src, e.dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
		cli_result clean;
		fault_cmd c = {q[i].name, q[i].args, 0, 0, 1, db, NULL, NULL};
		snprintf(cmd, sizeof cmd, "$LF %s --db '%s' %s", q[i].name, db, q[i].args);
		clean = run_sh("%s", cmd);
		cr_assert_eq(clean.status, 0, "%s: %s", cmd, clean.err);
		/* something to lose: a passage, a reused pair */
		cr_assert(strstr(clean.out, q[i].found), "%s: no %s in\n%s", cmd, q[i].found, clean.out);
		c.clean_out = clean.out;
		c.clean_err = clean.err;
		count_run(cmd, &na, &nx);
		fprintf(stderr, "fault: %s %s: %lu allocations, %lu Xapian calls\n", q[i].name, q[i].args, na, nx);
		n = 0;
		spread(pts, &n, "LF_FAULT_ALLOC", 1, margin(na), q[i].nalloc);
		spread(pts, &n, "LF_FAULT_XAPIAN", 1, margin(nx), q[i].nxapian);
		failed += run_points(&e, &c, pts, n);
		runs += n;
		cli_free(&clean);
	}
	fprintf(stderr, "fault: precedent: %zu faulted runs, %zu failed, %ld s\n", runs, failed, (long)(time(NULL) - t0));
	teardown_env(&e);
	cr_assert_eq(failed, 0, "%zu of %zu faulted runs went wrong (each is on stderr, prefixed FAULT)", failed, runs);
}

#endif
