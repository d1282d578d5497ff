/*
 * test_crash.c - kill -9 in the middle of an index run: the database still
 * opens and answers, and the next run ends with the laws (ids and titles)
 * and documents of an uninterrupted run.
 *
 * No timing: a -DLF_FAULT=ON build (core/fault.h; ./setup.sh test builds
 * one, with the sanitizers) holds a run at a named pause point ("commit#2":
 * the shard writer's second commit; "compact": a shard compacted, the stub
 * not yet switched), where the test kills it.  A run that ends before its
 * point fails the test (nothing would have been interrupted), and so does
 * one that did not die of SIGKILL.  Without LF_FAULT the tests skip.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli_util.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

/* "laws":N,"provisions":M from stats --format json (read by jq) */
static void counts(const char *db, long *laws, long *provs)
{
	cli_result r = run_sh("$LF stats --db '%s' --format json", db);
	char *l, *p;

	cr_assert_eq(r.status, 0, "stats after the kill: %s", r.err);
	l = jq_get(r.out, ".laws");
	p = jq_get(r.out, ".provisions");
	*laws = l ? atol(l) : -1;
	*provs = p ? atol(p) : -1;
	free(l);
	free(p);
	cli_free(&r);
}

#ifdef LF_FAULT
/* Runs "$LF index ARGS" in dir until it reaches the pause point (see
 * above), kills it with SIGKILL there, and asserts that it paused (did not
 * end first) and died of that signal (its wait status). */
static void index_killed_at(const char *dir, const char *point, const char *args)
{
	char go[4300], paused[4300], cmd[8192];
	pid_t pid;
	int st = 0;

	snprintf(go, sizeof go, "%s/go", dir);
	snprintf(paused, sizeof paused, "%s/go.paused", dir);
	snprintf(cmd, sizeof cmd, "cd '%s' && exec '%s' index -q %s", dir, LF_BINARY, args);
	unlink(go);
	unlink(paused);
	pid = fork();
	cr_assert_geq(pid, 0, "fork");
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
		setenv("LF_FAULT_PAUSE", go, 1);
		setenv("LF_FAULT_POINT", point, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL); /* exec: the pid is lexfrag's */
		_exit(127);
	}
	while (access(paused, F_OK) != 0) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		cr_assert_eq(w, 0, "index %s ended (wait status %#x) before it reached %s: nothing was interrupted",
		             args, st, point);
		nanosleep(&(struct timespec){0, 10 * 1000000}, NULL);
	}
	cr_assert_eq(kill(pid, SIGKILL), 0);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	          "index %s paused at %s did not die of SIGKILL (wait status %#x)", args, point, st);
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

/* "id<TAB>title" of every law of a database, sorted (jq reads the export). */
static char *ids_titles(const char *dir, const char *db)
{
	cli_result r = run_sh("cd '%s' && $LF export --db '%s' --format jsonl > '%s.jsonl' && "
	                      "jq -r '[.id, .title] | @tsv' '%s.jsonl' > '%s.tsv' && sort '%s.tsv'",
	                      dir, db, db, db, db, db);
	char *out = r.out;

	cr_assert_eq(r.status, 0, "%s", r.err);
	free(r.err);
	return out;
}

/* Asserts that two "id<TAB>title" lists are equal, naming the first line
 * that differs. */
static void same_laws(const char *got, const char *want, const char *after)
{
	const char *g = got, *w = want;

	while (*g && *g == *w)
		g++, w++;
	if (!*g && !*w)
		return;
	while (g > got && g[-1] != '\n')
		g--;
	while (w > want && w[-1] != '\n')
		w--;
	cr_assert_fail("after %s, the laws differ from a clean run's: %.*s instead of %.*s", after,
	               (int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
}
#endif

/* One database is killed at several points, a run continues it each time,
 * and the last run leaves exactly the laws of a clean run.  Four copies of
 * the sample (128 files, 7 MB) hold two commits' worth of text (a shard
 * commits every 4 MB); one reader and one shard write laws in path order,
 * so the copies' shared law ids get the suffixes of a clean run. */
Test(crash, killed_at_each_point_the_next_run_completes, .timeout = 900)
{
#ifndef LF_FAULT
	cr_skip_test("built without LF_FAULT: configure with -DLF_FAULT=ON to kill a run at a chosen point");
#else
	char *dir = scratch_dir(), *ref, *got, db[4300];
	long laws, provs, done = 0, ref_laws, ref_provs;
	static const char *const commits[] = {"commit#2", "commit#1"};
	cli_result r;
	size_t i;

	snprintf(db, sizeof db, "%s/db", dir);
	r = run_sh("cd '%s' && mkdir tree && for i in 1 2 3 4; do cp -r '%s' tree/c$i; done && "
	           "$LF index -q --jobs 1 --shards 1 --db ref tree",
	           dir, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	ref = ids_titles(dir, "ref");
	cr_assert_eq(count_lines(ref), 128, "a clean run indexes every file");
	{
		char p[4300];
		snprintf(p, sizeof p, "%s/ref", dir);
		counts(p, &ref_laws, &ref_provs);
	}

	/* a new database, killed after its first commit: part of the corpus
	 * is there, and the database answers */
	index_killed_at(dir, "commit#1", "--jobs 1 --shards 1 --db db tree");
	counts(db, &done, &provs);
	cr_assert(done > 0 && done < 128, "%ld laws committed at the first commit", done);
	r = run_sh("$LF search --db '%s' --format jsonl data", db);
	cr_assert_eq(r.status, 0, "search after the kill: %s", r.err);
	cli_free(&r);

	/* continued, and killed once the rest is written and a shard
	 * compacted, before the stub's switch */
	index_killed_at(dir, "compact", "--jobs 1 --db db tree");
	r = run_sh("cd '%s' && cat db/XAPIANDB", dir);
	cr_assert_str_eq(r.out, "auto s0\n", "killed before the stub's switch");
	cli_free(&r);
	counts(db, &laws, &provs);
	cr_assert_eq(laws, 128, "every law was committed before the compaction");

	/* the next run reads nothing again and compacts */
	r = run_sh("cd '%s' && $LF index --jobs 1 --db db tree && cat db/XAPIANDB", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "indexed 0 of 128 files (128 unchanged, 0 failed)"), "%s", r.err);
	cr_expect_str_eq(r.out, "auto s0.1\n");
	cli_free(&r);
	got = ids_titles(dir, "db");
	same_laws(got, ref, "a kill at the first commit and one at the compaction");
	free(got);

	/* every law read again (--force), killed at its second, then at its
	 * first commit: each kill leaves whole laws (128, with every
	 * provision), and a run completes the database */
	for (i = 0; i < sizeof commits / sizeof *commits; i++) {
		index_killed_at(dir, commits[i], "--force --jobs 1 --db db tree");
		counts(db, &laws, &provs);
		cr_assert_eq(laws, 128, "after a kill at %s: %ld laws", commits[i], laws);
		cr_assert_eq(provs, ref_provs, "after a kill at %s", commits[i]);
		r = run_sh("$LF search --db '%s' --format jsonl data", db);
		cr_assert_eq(r.status, 0, "search after a kill at %s: %s", commits[i], r.err);
		cli_free(&r);
	}
	r = run_sh("cd '%s' && $LF index --jobs 1 --db db tree", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	got = ids_titles(dir, "db");
	same_laws(got, ref, "kills at the second and first commits of --force runs");
	free(got);
	{
		char *a = export_sorted(dir, "db"), *b = export_sorted(dir, "ref");
		cr_assert(!strcmp(a, b), "the same documents as a clean run");
		free(a);
		free(b);
	}
	free(ref);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
#endif
}

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

	index_killed_at(dir, "commit", "--jobs 1 --shards 1 --db db tree");
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
	index_killed_at(dir, "commit", "--jobs 1 --taxonomy tx.xml --db db tree");
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

	index_killed_at(dir, "compact", "--db db '" CORPUS "'");
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
