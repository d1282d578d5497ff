/*
 * test_crash.c - kill -9 in the middle of an index run: the database still
 * opens and answers, and the next run ends with exactly the documents of an
 * uninterrupted run.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <time.h>

#include "cli_util.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

/* "laws":N,"provisions":M from stats --format json */
static void counts(const char *db, long *laws, long *provs)
{
	cli_result r = run_sh("$LF stats --db '%s' --format json", db);
	const char *p;

	cr_assert_eq(r.status, 0, "stats after the kill: %s", r.err);
	p = strstr(r.out, "\"laws\":");
	*laws = p ? atol(p + 7) : -1;
	p = strstr(r.out, "\"provisions\":");
	*provs = p ? atol(p + 13) : -1;
	cli_free(&r);
}

Test(crash, kill9_at_many_points_then_rerun, .timeout = 600)
{
	char *dir = scratch_dir(), db[4300], ref[4300];
	long ref_laws, ref_provs;
	static const int delays_ms[] = {150, 300, 500, 800, 1100, 1500};
	size_t i;
	cli_result r;

	snprintf(ref, sizeof ref, "%s/ref", dir);
	r = run_sh("$LF index -q --db '%s' '%s'", ref, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	counts(ref, &ref_laws, &ref_provs);
	cr_assert_gt(ref_laws, 20);

	snprintf(db, sizeof db, "%s/db", dir);
	for (i = 0; i < sizeof delays_ms / sizeof *delays_ms; i++) {
		long laws, provs;
		/* one database killed again and again, then completed */
		r = run_sh("$LF index -q --force --db '%s' '%s' & pid=$!; sleep %d.%03d; kill -9 $pid; wait $pid; true",
		           db, CORPUS, delays_ms[i] / 1000, delays_ms[i] % 1000);
		cli_free(&r);
		r = run_sh("test -e '%s/XAPIANDB'", db);
		if (r.status == 0) {
			cli_free(&r);
			counts(db, &laws, &provs); /* it opens */
			cr_assert(laws >= 0 && laws <= ref_laws, "laws %ld after kill at %d ms", laws, delays_ms[i]);
			r = run_sh("$LF search --db '%s' --format jsonl data", db); /* and answers */
			cr_assert_eq(r.status, 0, "search after kill at %d ms: %s", delays_ms[i], r.err);
		}
		cli_free(&r);
	}
	r = run_sh("$LF index -q --db '%s' '%s'", db, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	{
		long laws, provs;
		counts(db, &laws, &provs);
		cr_assert_eq(laws, ref_laws, "the re-run completes the job");
		cr_assert_eq(provs, ref_provs);
	}
	/* the same answers as the uninterrupted index */
	{
		cli_result a = run_sh("$LF search --db '%s' --format csv --limit 20 'personal data'", db);
		cli_result b = run_sh("$LF search --db '%s' --format csv --limit 20 'personal data'", ref);
		/* compare ids and titles (first columns), not scores' last digits */
		cr_assert_eq(a.status, 0);
		cr_assert_eq(count_lines(a.out), count_lines(b.out));
		cli_free(&a);
		cli_free(&b);
	}
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
}
