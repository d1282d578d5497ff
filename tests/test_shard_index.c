/*
 * test_shard_index.c - 'lexfrag index --shard-of': one database per shard of
 * a cluster, on the bundled sample corpus (real laws).  The shards together
 * hold every law once and answer as the single database does; files for
 * other shards are remembered and not read again; the rule is kept in the
 * database, and another rule moves laws in and out.
 */
#include <criterion/criterion.h>

#include "cli_util.h"
#include "json_check.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

static void remove_dir(char *dir)
{
	cli_result r = run_sh("rm -rf '%s'", dir);

	cli_free(&r);
	free(dir);
}

/* "laws" of 'stats -f json' (-1 if absent or not JSON). */
static int stats_laws(const char *db)
{
	cli_result r = run_sh("$LF stats --db '%s' -f json", db);
	char *v = r.status == 0 ? jq_get(r.out, ".laws | numbers") : NULL;
	int n = v && *v ? atoi(v) : -1;

	free(v);
	cli_free(&r);
	return n;
}

/* The ids and scores (rounded to 1e-9) of a search, one per line, read
 * from its JSON Lines by jq. */
static char *ranking(const char *db, const char *opts, const char *query)
{
	cli_result r = run_sh("$LF search --db '%s' -f jsonl --limit 40 %s '%s'", db, opts, query);
	char *pairs, *out, *p, *o;

	cr_assert_eq(r.status, 0, "search %s: %s", query, r.err);
	cr_assert_geq(jsonl_valid(r.out), 0, "search %s: %s", query, r.out);
	pairs = jq_get(r.out, ".id + \" \" + (.score | tostring)");
	cr_assert(pairs, "search %s: %s", query, r.out);
	out = o = calloc(1, 2 * strlen(pairs) + 64);
	for (p = strtok(pairs, "\n"); p; p = strtok(NULL, "\n")) {
		char *sp = strrchr(p, ' ');
		cr_assert(sp, "%s", p);
		*sp = '\0';
		o += sprintf(o, "%s %.9f\n", p, strtod(sp + 1, NULL));
	}
	free(pairs);
	cli_free(&r);
	return out;
}

Test(shard_index, hash_shards_hold_every_law_once_and_answer_as_one, .timeout = 240)
{
	char *dir = scratch_dir();
	cli_result r;
	int total = 0;
	static const char *const queries[] = {
		"personal data", "\"third country\"", "Datenschutz", "interception", "encryption OR Verschlüsselung",
		"data NEAR/5 transfer", "数据", "pelindungan data", "dados pessoais", "telecommunications -vehicle",
	};

	r = run_sh("cd '%s' && $LF index -q --db all --shards 1 '%s'", dir, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	for (int i = 0; i < 3; i++) {
		char db[4200];
		r = run_sh("cd '%s' && $LF index --db h%d --shard-of hash=%d/3 '%s'", dir, i, i, CORPUS);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(strstr(r.err, "for other shards)"), "the summary counts them: %s", r.err);
		cli_free(&r);
		snprintf(db, sizeof db, "%s/h%d", dir, i);
		int n = stats_laws(db);
		cr_assert(n > 0 && n < 32, "shard %d holds some of the laws: %d", i, n);
		total += n;
	}
	cr_assert_eq(total, 32, "every law in exactly one shard: %d", total);

	/* the check of 'lexfrag shards' finds no law twice; the stub lists them */
	r = run_sh("cd '%s' && $LF shards -o cluster.stub h0 h1 h2 && cat cluster.stub && "
	           "$LF shards --db cluster.stub -f json",
	           dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "auto h0\nauto h1\nauto h2\n{"), "%s", r.out);
	{
		const char *json = strstr(r.out, "auto h2\n") + 8; /* after the stub, the listing */
		cr_assert(json_valid(json), "%s", json);
		cr_assert(jq_is(json, ".duplicate_laws", "0"), "%s", json);
		cr_assert(jq_is(json, "[.shard_list[] | select(.shard_of == \"hash=1/3\")] | length > 0", "true"),
		          "each shard says what it takes: %s", json);
	}
	cli_free(&r);
	/* and the same law indexed twice would be refused */
	r = run_sh("cd '%s' && $LF shards -o bad.stub h0 all; st=$?; test ! -e bad.stub && exit $st", dir);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "in more than one shard"), "%s", r.err);
	cli_free(&r);

	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
		char one[4200], stub[4200];
		snprintf(one, sizeof one, "%s/all", dir);
		snprintf(stub, sizeof stub, "%s/cluster.stub", dir);
		char *a = ranking(one, "", queries[q]), *b = ranking(stub, "", queries[q]);
		cr_assert(*a, "query %s finds laws", queries[q]);
		cr_assert_str_eq(b, a, "query %s: the shards rank as the single database", queries[q]);
		free(a);
		free(b);
	}
	/* facet counts: the stats without the per-shard part */
	r = run_sh("cd '%s' && for d in all cluster.stub; do $LF stats --db $d > $d.stats || exit 9; "
	           "sed -n '/^laws /p; /^provisions /p; /^by /,/^shards:/p' $d.stats > $d.facets; done; "
	           "test -s all.facets && diff all.facets cluster.stub.facets",
	           dir);
	cr_assert_eq(r.status, 0, "one set of facet counts for both: %s%s", r.out, r.err);
	cli_free(&r);
	remove_dir(dir);
}

Test(shard_index, files_for_other_shards_are_not_read_again, .timeout = 120)
{
	char *dir = scratch_dir(), db[4200];
	cli_result r;

	snprintf(db, sizeof db, "%s/eu", dir);
	r = run_sh("$LF index --db '%s' --shard-of jurisdiction=eu '%s'", db, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "indexed 4 of 32 files (0 unchanged, 0 failed, 28 for other shards)"), "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF stats --db '%s' -f json", db);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, ".by_jurisdiction | tojson", "{\"eu\":4}"), "only the EU's laws: %s", r.out);
	cli_free(&r);
	/* the second run, without --shard-of: the rule is the stored one, and
	 * nothing is read (0 provisions written) */
	r = run_sh("$LF index --db '%s' '%s'", db, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "indexed 0 of 32 files (4 unchanged, 0 failed, 28 for other shards), 0 provisions"),
	          "%s", r.err);
	cli_free(&r);
	/* the complement takes the rest */
	r = run_sh("$LF index -q --db '%s/rest' --shard-of 'jurisdiction!=eu' '%s' && "
	           "$LF stats --db '%s/rest' -f json",
	           dir, CORPUS, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, ".laws", "28"), "%s", r.out);
	cr_assert(jq_is(r.out, ".by_jurisdiction | has(\"eu\")", "false"), "%s", r.out);
	cli_free(&r);
	/* several rules: all must hold */
	r = run_sh("$LF index -q --db '%s/en' --shard-of 'jurisdiction!=eu' --shard-of language=en '%s' && "
	           "$LF stats --db '%s/en' -f json",
	           dir, CORPUS, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, ".by_language | keys | tojson", "[\"en\"]"), "%s", r.out);
	cr_assert(jq_is(r.out, ".by_jurisdiction | has(\"eu\")", "false"), "%s", r.out);
	cli_free(&r);
	remove_dir(dir);
}

Test(shard_index, another_rule_moves_laws_in_and_out, .timeout = 120)
{
	char *dir = scratch_dir(), db[4200];
	cli_result r;

	snprintf(db, sizeof db, "%s/s", dir);
	r = run_sh("$LF index -q --db '%s' --shard-of jurisdiction=eu '%s' && "
	           "$LF index --db '%s' --shard-of jurisdiction=de,cn '%s' && $LF stats --db '%s' -f json",
	           db, CORPUS, db, CORPUS, db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "took other laws before"), "the user is told why all is read: %s", r.err);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, ".by_jurisdiction | tojson", "{\"cn\":3,\"de\":5}") ||
	          jq_is(r.out, ".by_jurisdiction | tojson", "{\"de\":5,\"cn\":3}"), "%s", r.out);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' -f jsonl 'jurisdiction:eu'", db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "", "the EU's laws left");
	cli_free(&r);
	/* all: every law again */
	r = run_sh("$LF index -q --db '%s' --shard-of all '%s'", db, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	cr_assert_eq(stats_laws(db), 32);
	remove_dir(dir);
}

/* A law whose metadata changes (here its jurisdiction, from the corpus
 * manifest) leaves the shard that held it and enters the one it is for. */
Test(shard_index, a_law_that_changes_key_moves, .timeout = 120)
{
	char *dir = scratch_dir();
	cli_result r;

	r = run_sh("cd '%s' && cp -r '%s' c && $LF index -q --db cn --shard-of jurisdiction=cn c && "
	           "$LF index -q --db other --shard-of 'jurisdiction!=cn' c && "
	           "sed -i 's|^cn/pipl_2021.md\tcn|cn/pipl_2021.md\ttw|' c/MANIFEST.tsv && touch -d '2001-01-01' c/cn/pipl_2021.md && "
	           "$LF index --db cn c && $LF index --db other c && "
	           "$LF stats --db cn -f json && $LF search --db other -f jsonl --limit 50 jurisdiction:tw",
	           dir, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "indexed 0 of 32 files (2 unchanged, 0 failed, 30 for other shards)"),
	          "cn: the file was read, and is for other shards now: %s", r.err);
	cr_assert(strstr(r.err, "indexed 1 of 32 files (29 unchanged, 0 failed, 2 for other shards)"),
	          "other: it came in: %s", r.err);
	/* the stats object (one line), then the search's JSON Lines */
	cr_assert_eq(jsonl_valid(r.out), count_lines(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, "select(has(\"by_jurisdiction\")) | .laws", "2"), "%s", r.out);
	{
		char *ids = jq_get(r.out, "select(has(\"score\")) | .id | select(contains(\"pipl_2021\"))");
		cr_assert(ids && *ids && !strchr(ids, '\n'), "one pipl_2021: %s", r.out);
		free(ids);
	}
	cli_free(&r);
	/* --prune: a file gone, in this shard or for another, is forgotten; only
	 * a law of this shard counts as pruned */
	r = run_sh("cd '%s' && rm c/cn/cybersecurity_law_2016.md c/de/KraftStG_BJNR005090927.xml && "
	           "$LF index --db cn --prune c",
	           dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "indexed 0 of 30 files (1 unchanged, 0 failed, 29 for other shards)"), "%s", r.err);
	cr_assert(strstr(r.err, "pruned 1 laws"), "%s", r.err);
	cli_free(&r);
	remove_dir(dir);
}

Test(shard_index, bad_rules_are_usage_errors)
{
	static const char *const bad[] = {"juris=eu", "hash=3/3", "hash=1", "jurisdiction=", "language=e n",
	                                  "jurisdiction=eu,,de", "hash!=1/2", "format"};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cli_result r = run_sh("$LF index --db /nonexistent/never --shard-of '%s' '%s'", bad[i], CORPUS);
		cr_assert_eq(r.status, 2, "%s: %d %s", bad[i], r.status, r.err);
		cr_assert(strstr(r.err, "--shard-of"), "%s: %s", bad[i], r.err);
		cr_assert_eq(count_lines_with(r.err, "lexfrag:"), 1, "one line saying why: %s", r.err);
		cli_free(&r);
	}
}
