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

/* ---- kill -9 at chosen points (issue 17, item 7) ----
 *
 * The pause points of a -DLF_FAULT=ON build (core/fault.h) hold a run at
 * an exact point, where it is killed: no timing involved. */

#ifdef LF_FAULT
/* Runs "$LF index ARGS" in dir until it reaches the pause point, then
 * kills it with SIGKILL.  Returns 1 if it paused (and was killed there). */
static int index_killed_at(const char *dir, const char *point, const char *args)
{
	cli_result r = run_sh("cd '%s' || exit 1; rm -f go go.paused; "
	                      "LF_FAULT_PAUSE=\"$PWD/go\" LF_FAULT_POINT=%s $LF index -q %s & p=$!; "
	                      "while [ ! -e go.paused ] && kill -0 $p 2>/dev/null; do sleep 0.01; done; "
	                      "if [ -e go.paused ]; then kill -9 $p; echo killed; fi; wait $p; true",
	                      dir, point, args);
	int paused = strstr(r.out, "killed") != NULL;

	cli_free(&r);
	return paused;
}

/* The laws of a database, one JSON line each, sorted: equal exports mean
 * equal documents (ids, metadata, risks, evidence). */
static char *export_sorted(const char *dir, const char *db)
{
	cli_result r = run_sh("cd '%s' && $LF export --db '%s' --format jsonl --provisions | sort", dir, db);
	char *out = r.out;

	cr_assert_eq(r.status, 0, "%s", r.err);
	free(r.err);
	return out;
}
#endif

/* Killed during the first run of a new database, after some laws were
 * committed, a re-run used to find no taxonomy recorded, say "the risk
 * taxonomy changed since the last run" and redo every file: kill after kill
 * made no progress.  The taxonomy is now recorded with the first commit.
 * The same for a run that re-tags every law with another taxonomy. */
Test(crash, killed_after_a_commit_the_next_run_continues, .timeout = 900)
{
#ifndef LF_FAULT
	cr_skip_test("built without LF_FAULT: configure with -DLF_FAULT=ON to kill a run at a chosen point");
#else
	char *dir = scratch_dir(), *a, *b;
	long laws, provs, ref_laws, ref_provs, done;
	char want[200];
	cli_result r;

	/* 4 copies of the sample (128 files, 7 MB): more than one commit's worth
	 * of text.  One reader and one shard: laws are written in path order,
	 * so the ids given to the copies' shared law ids are those of a clean run */
	r = run_sh("cd '%s' && mkdir tree && for i in 1 2 3 4; do cp -r '%s' tree/c$i; done && "
	           "$LF index -q --jobs 1 --shards 1 --db ref tree",
	           dir, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	{
		char ref[4300];
		snprintf(ref, sizeof ref, "%s/ref", dir);
		counts(ref, &ref_laws, &ref_provs);
	}
	cr_assert_eq(ref_laws, 128);

	cr_assert(index_killed_at(dir, "commit", "--jobs 1 --shards 1 --db db tree"),
	          "the run never reached its first commit");
	{
		char db[4300];
		snprintf(db, sizeof db, "%s/db", dir);
		counts(db, &done, &provs);
	}
	cr_assert(done > 0 && done < ref_laws, "%ld laws committed before the kill", done);

	r = run_sh("cd '%s' && $LF index --jobs 1 --db db tree", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(!strstr(r.err, "taxonomy changed"), "the taxonomy was recorded with the first commit:\n%s", r.err);
	snprintf(want, sizeof want, "indexed %ld of 128 files (%ld unchanged, 0 failed)", 128 - done, done);
	cr_expect(strstr(r.err, want), "only the files not committed are read again (%s):\n%s", want, r.err);
	cli_free(&r);
	{
		char db[4300];
		snprintf(db, sizeof db, "%s/db", dir);
		counts(db, &laws, &provs);
	}
	cr_assert_eq(laws, ref_laws);
	cr_assert_eq(provs, ref_provs);
	a = export_sorted(dir, "db");
	b = export_sorted(dir, "ref");
	cr_assert(!strcmp(a, b), "the same documents as a clean run");
	free(b);

	/* another taxonomy (a comment more: another hash, the same tags): every
	 * law is tagged again, and a run killed after a commit is continued */
	r = run_sh("cd '%s' && sed '$a <!-- another taxonomy -->' '%s/schemas/taxonomy.xml' > tx.xml", dir,
	           LF_SOURCE_DIR);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	cr_assert(index_killed_at(dir, "commit", "--jobs 1 --taxonomy tx.xml --db db tree"),
	          "the re-tagging run never reached its first commit");
	r = run_sh("cd '%s' && $LF index --jobs 1 --taxonomy tx.xml --db db tree", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(!strstr(r.err, "taxonomy changed"), "recorded by the killed run:\n%s", r.err);
	cr_expect(strstr(r.err, "unchanged, 0 failed)") && !strstr(r.err, "(0 unchanged"),
	          "the laws re-tagged before the kill are not read again:\n%s", r.err);
	cr_expect(!strstr(r.err, "indexed 0 of"), "the others are:\n%s", r.err);
	cli_free(&r);
	r = run_sh("cd '%s' && $LF index --jobs 1 --taxonomy tx.xml --db db tree", dir);
	cr_expect(strstr(r.err, "indexed 0 of 128 files (128 unchanged, 0 failed)"), "%s", r.err);
	cli_free(&r);
	b = export_sorted(dir, "db");
	cr_assert(!strcmp(a, b), "the same documents");
	free(a);
	free(b);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
#endif
}

/* Killed during compaction (the new shard directories written, the stub
 * not yet switched), the database used to stay uncompacted for good: a
 * later run without changes never compacted it.  A compaction is now
 * recorded as pending with the run's last commit, and the next run does it. */
Test(crash, killed_during_compaction_next_run_compacts, .timeout = 600)
{
#ifndef LF_FAULT
	cr_skip_test("built without LF_FAULT: configure with -DLF_FAULT=ON to kill a run at a chosen point");
#else
	char *dir = scratch_dir(), *a, *b;
	long laws, provs, ref_laws, ref_provs, kb, ref_kb;
	cli_result r;

	r = run_sh("cd '%s' && $LF index -q --db ref '%s' && cat ref/XAPIANDB", dir, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "auto s0.1\nauto s1.1\n", "a first run compacts");
	cli_free(&r);

	cr_assert(index_killed_at(dir, "compact", "--db db '" CORPUS "'"), "the run never compacted");
	r = run_sh("cd '%s' && cat db/XAPIANDB", dir);
	cr_assert_str_eq(r.out, "auto s0\nauto s1\n", "killed before the stub's switch");
	cli_free(&r);

	/* nothing changed since: the compaction alone is left to do */
	r = run_sh("cd '%s' && $LF index --db db '%s' && cat db/XAPIANDB && ls db", dir, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "indexed 0 of 32 files (32 unchanged, 0 failed)"), "%s", r.err);
	cr_assert_str_eq(r.out, "auto s0.1\nauto s1.1\nXAPIANDB\nlexfrag.lock\ns0.1\ns1.1\n",
	                 "compacted, the old shards removed");
	cli_free(&r);
	r = run_sh("cd '%s' && du -sk ref | cut -f1 && du -sk db | cut -f1", dir);
	cr_assert_eq(sscanf(r.out, "%ld %ld", &ref_kb, &kb), 2, "%s", r.out);
	cr_expect(kb * 10 <= ref_kb * 11, "the size of a clean run's index: %ld KB against %ld KB", kb, ref_kb);
	cli_free(&r);
	{
		char db[4300], ref[4300];
		snprintf(db, sizeof db, "%s/db", dir);
		snprintf(ref, sizeof ref, "%s/ref", dir);
		counts(db, &laws, &provs);
		counts(ref, &ref_laws, &ref_provs);
	}
	cr_assert_eq(laws, ref_laws);
	cr_assert_eq(provs, ref_provs);
	a = export_sorted(dir, "db");
	b = export_sorted(dir, "ref");
	cr_assert(!strcmp(a, b), "the same documents as a clean run");
	free(a);
	free(b);
	/* and the next run leaves it alone */
	r = run_sh("cd '%s' && $LF index -q --db db '%s' && cat db/XAPIANDB", dir, CORPUS);
	cr_assert_str_eq(r.out, "auto s0.1\nauto s1.1\n");
	cli_free(&r);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
#endif
}
