/*
 * test_risk_cli.c - risk tagging as a user meets it through the lexfrag
 * command, on the bundled sample corpus (real laws): search --risk,
 * --layer and --by risk, cross-lingual concept search, show with evidence,
 * export as CSV, JSON Lines and SQLite (checked with the sqlite3 tool),
 * 'lexfrag tag', and re-tagging when the taxonomy changes.
 */
#include <criterion/criterion.h>

#include "cli_util.h"
#include "json_check.h"

#define CORPUS LF_SOURCE_DIR "/corpus"
#define NLAWS 32

static char *db, *dir;

static void index_corpus(void)
{
	index_sample(CORPUS, &dir, &db);
}

static void cleanup(void)
{
	remove_sample(dir, db);
}

TestSuite(risk, .init = index_corpus, .fini = cleanup, .timeout = 120);

Test(risk, search_risk_without_query_ranks_by_that_risk)
{
	cli_result r = run_sh("$LF search --db '%s' --risk data-localization -n 50 -f jsonl", db);
	double prev = 2;
	char *scores, *ids, *p;
	int n = 0;

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_geq(jsonl_valid(r.out), 3, "%s", r.out);
	/* every result carries the category; scores never increase */
	cr_assert(jq_is(r.out, "select(.risks[\"data-localization\"] == null) | .id", ""), "%s", r.out);
	scores = jq_get(r.out, ".score");
	cr_assert(scores);
	for (p = scores; *p; n++) {
		double s = strtod(p, &p);
		cr_assert_leq(s, prev + 1e-9, "not ranked by risk: %s", r.out);
		prev = s;
		p += strspn(p, "\n");
	}
	cr_assert_eq(n, jsonl_valid(r.out), "%s", scores);
	ids = jq_get(r.out, ".id");
	cr_assert(ids);
	cr_assert(strstr(ids, "cn/cybersecurity_law_2016"), "%s", ids);
	cr_assert(strstr(ids, "id/pp_2019_71_electronic_systems"), "%s", ids);
	/* a distractor never shows */
	cr_assert_null(strstr(r.out, "vehicle_vessel_tax"), "%s", r.out);
	free(scores);
	free(ids);
	cli_free(&r);
}

Test(risk, search_filters_by_risk_and_layer_with_query)
{
	cli_result all = run_sh("$LF search --db '%s' -n 100 -f csv data", db);
	cli_result r = run_sh("$LF search --db '%s' --risk surveillance --risk shutdown -n 100 -f csv data", db);
	cli_result l = run_sh("$LF search --db '%s' --layer network -n 100 -f jsonl data", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_lt(count_lines(r.out), count_lines(all.out));
	cr_assert_gt(count_lines(r.out), 1, "%s", r.out);
	cr_assert_eq(l.status, 0, "%s", l.err);
	cr_assert_gt(jsonl_valid(l.out), 0, "%s", l.out);
	cr_assert(jq_is(l.out, "select(.layers | index(\"network\") | not) | .id", ""), "%s", l.out);
	cli_free(&all);
	cli_free(&r);
	cli_free(&l);
}

Test(risk, stats_counts_laws_per_risk_and_layer)
{
	cli_result r = run_sh("$LF stats --db '%s' --format json", db);
	cli_result x = run_sh("$LF search --db '%s' --risk data-localization -n 100 -f csv", db);
	char want[80];

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, ".by_risk | type", "object"), "%s", r.out);
	cr_assert(jq_is(r.out, ".by_layer | type", "object"), "%s", r.out);
	/* every category is listed, and the facet count is what a search finds */
	for (int i = 0; i < 9; i++) {
		static const char *const c[] = {"data-localization", "transfer-restriction", "shutdown",
		                                "content-blocking", "encryption-control", "surveillance",
		                                "sovereign-routing", "local-presence", "digital-protectionism"};
		snprintf(want, sizeof want, ".by_risk | has(\"%s\")", c[i]);
		cr_assert(jq_is(r.out, want, "true"), "%s missing: %s", c[i], r.out);
	}
	snprintf(want, sizeof want, "%d", count_lines(x.out) - 1);
	cr_assert(jq_is(r.out, ".by_risk[\"data-localization\"]", want), "%s vs %s", want, r.out);
	cli_free(&r);
	cli_free(&x);
}

Test(risk, unknown_risk_or_layer_is_a_usage_error)
{
	cli_result r = run_sh("$LF search --db '%s' --risk teleportation", db);

	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unknown risk category 'teleportation'") && strstr(r.err, "surveillance"),
	          "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' --layer astral privacy", db);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unknown layer 'astral'"), "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' --by popularity privacy", db);
	cr_assert_eq(r.status, 2);
	cli_free(&r);
}

Test(risk, concept_in_one_language_finds_laws_in_others)
{
	/* German, Chinese and Indonesian names of data localisation all find
	 * the Chinese and Indonesian laws tagged with it */
	static const char *const q[] = {"Datenlokalisierung", "数据本地化", "lokalisasi data", "data localisation"};

	for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
		cli_result r = run_sh("$LF search --db '%s' -n 10 -f jsonl '%s'", db, q[i]);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert_gt(jsonl_valid(r.out), 0, "%s: %s", q[i], r.out);
		cr_assert(strstr(r.out, "cn/cybersecurity_law_2016"), "%s: %s", q[i], r.out);
		cr_assert(strstr(r.out, "id/pp_2019_71_electronic_systems"), "%s: %s", q[i], r.out);
		cli_free(&r);
	}
	{
		cli_result r = run_sh("$LF search --db '%s' -n 3 Datenlokalisierung", db);
		cr_assert(strstr(r.out, "Concept: data-localization"), "%s", r.out);
		cli_free(&r);
	}
}

/* The first ids of a CSV result, one per line. */
static char *first_ids(const char *csv, int n)
{
	char *out = calloc(1, strlen(csv) + 1);
	const char *p = strchr(csv, '\n'); /* past the header */
	size_t k = 0;

	for (; p && *++p && n-- > 0; p = strchr(p, '\n')) {
		size_t len = strcspn(p, ",\n");
		memcpy(out + k, p, len);
		k += len;
		out[k++] = '\n';
	}
	return out;
}

/* A concept weighs a law by its score times up to 25: Xapian 1.4 drops
 * documents from a posting source scaled above 1 once the result list is
 * full, so asking for fewer results gave other laws than the head of a
 * longer list (lf_xquery_value_weight).  Every short list must be the head
 * of the long one, and pages must follow on. */
Test(risk, concept_ranking_does_not_depend_on_how_many_results_are_asked_for)
{
	static const char *const q[] = {"Datenlokalisierung", "数据本地化", "lokalisasi data", "data localisation",
	                                "internet shutdown"};

	for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
		cli_result all = run_sh("$LF search --db '%s' -n 100 -f csv '%s'", db, q[i]);
		cr_assert_eq(all.status, 0, "%s", all.err);
		cr_assert_gt(count_lines(all.out), 3, "%s: %s", q[i], all.out);
		for (int n = 1; n <= 3; n++) {
			cli_result some = run_sh("$LF search --db '%s' -n %d -f csv '%s'", db, n, q[i]);
			cli_result page = run_sh("$LF search --db '%s' -n 1 --offset %d -f csv '%s'", db, n, q[i]);
			char *want = first_ids(all.out, n), *got = first_ids(some.out, n);
			char *want_next = first_ids(all.out, n + 1), *got_page = first_ids(page.out, 1);
			cr_assert_str_eq(got, want, "%s, %d results", q[i], n);
			cr_assert_str_eq(want_next + strlen(want), got_page, "%s, result %d alone", q[i], n + 1);
			free(want);
			free(got);
			free(want_next);
			free(got_page);
			cli_free(&some);
			cli_free(&page);
		}
		cli_free(&all);
	}
}

Test(risk, jsonl_results_carry_risks_and_layers)
{
	cli_result r = run_sh("$LF search --db '%s' -n 20 -f jsonl 'personal data'", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(jsonl_valid(r.out), count_lines(r.out), "%s", r.out);
	cr_assert_gt(count_lines(r.out), 0);
	cr_assert(jq_is(r.out, "select((.risks | type) != \"object\" or (.layers | type) != \"array\") | .id", ""),
	          "%s", r.out);
	{
		char *ids = jq_get(r.out, "select(.risks[\"transfer-restriction\"] // 0 | . > 0 and . < 1) | .id");
		cr_assert(ids && *ids, "no law with a transfer-restriction score: %s", r.out);
		free(ids);
	}
	cli_free(&r);
}

Test(risk, show_lists_each_tag_with_its_evidence)
{
	cli_result r = run_sh("$LF show --db '%s' cn/cybersecurity_law_2016", db);
	cli_result j = run_sh("$LF show --db '%s' -f json cn/cybersecurity_law_2016", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "\nRisks\n"), "%s", r.out);
	cr_assert(strstr(r.out, "\nEvidence\n"), "%s", r.out);
	cr_assert(strstr(r.out, "第三十七条  strength 0."), "%.3000s", r.out);
	cr_assert(strstr(r.out, "  rule dl-zh"), "%.3000s", r.out);
	cr_assert_eq(j.status, 0, "%s", j.err);
	cr_assert(json_valid(j.out), "%.2000s", j.out);
	cr_assert(jq_is(j.out, ".evidence[0].category | type", "string"), "%.2000s", j.out);
	cr_assert(jq_is(j.out, "[.evidence[] | select(.label == \"第三十七条\" and (.rule | startswith(\"dl-zh\")))]"
	                       " | length > 0", "true"), "%.2000s", j.out);
	cr_assert(jq_is(j.out, "[.evidence[].text | select(contains(\"<mark>\"))] | length > 0", "true"),
	          "no highlighted span");
	cr_assert(jq_is(j.out, ".risks | length > 0", "true"), "%.500s", j.out);
	cli_free(&r);
	cli_free(&j);
	/* a distractor has none */
	r = run_sh("$LF show --db '%s' --toc cn/vehicle_vessel_tax_law_2019", db);
	cr_assert(strstr(r.out, "Risks: none found"), "%.1000s", r.out);
	cli_free(&r);
}

Test(risk, export_csv_one_row_per_law_rfc4180)
{
	cli_result r = run_sh("$LF export --db '%s'", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), NLAWS + 1, "%s", r.out);
	cr_assert(!strncmp(r.out, "id,path,title,short_title,jurisdiction,language,source_format,year,date,"
	                          "score,risks,layers,risk_data-localization,", 110), "%.300s", r.out);
	cr_assert(strstr(r.out, "\r\n"), "CRLF line ends");
	/* a title with a comma is quoted */
	cr_assert(strstr(r.out, ",\"The Digital Personal Data Protection Act, 2023.\","), "%.300s", r.out);
	cli_free(&r);
}

Test(risk, export_jsonl_laws_and_provisions_with_filters)
{
	cli_result laws = run_sh("$LF export --db '%s' -f jsonl --risk transfer-restriction", db);
	cli_result provs = run_sh("$LF export --db '%s' -f jsonl --provisions --risk transfer-restriction", db);
	cli_result q = run_sh("$LF export --db '%s' -f jsonl interception", db);

	cr_assert_eq(laws.status, 0, "%s", laws.err);
	cr_assert_gt(jsonl_valid(laws.out), 2, "%.2000s", laws.out);
	cr_assert_lt(count_lines(laws.out), NLAWS);
	cr_assert_eq(jsonl_valid(laws.out), count_lines(laws.out));
	cr_assert(jq_is(laws.out, "select(.risks | has(\"transfer-restriction\") | not) | .id", ""), "%.2000s",
	          laws.out);
	cr_assert_gt(jsonl_valid(provs.out), count_lines(laws.out), "%.2000s", provs.out);
	cr_assert(jq_is(provs.out, "select(keys_unsorted[0] != \"law_id\") | .", ""), "%.2000s", provs.out);
	{
		char *labels = jq_get(provs.out, "select(.label == \"Article 44\") | .label");
		cr_assert(labels && !strncmp(labels, "Article 44", 10), "%.2000s", provs.out);
		free(labels);
	}
	cr_assert_lt(count_lines(q.out), NLAWS);
	cr_assert_gt(jsonl_valid(q.out), 0, "%.2000s", q.out);
	cli_free(&laws);
	cli_free(&provs);
	cli_free(&q);
}

Test(risk, export_sqlite_opens_with_sqlite3_and_counts_match)
{
	cli_result r = run_sh("$LF export --db '%s' -f sqlite -o '%s/x.sqlite'", db, dir);
	cli_result csv, n;
	int ntags;

	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	n = run_sh("sqlite3 '%s/x.sqlite' 'select count(*) from laws; select count(*) from tags; "
	           "select count(*) from provisions; pragma foreign_key_check; pragma integrity_check;'", dir);
	cr_assert_eq(n.status, 0, "%s", n.err);
	csv = run_sh("$LF export --db '%s' --provisions --all-scores", db);
	ntags = count_lines(csv.out) - 1;
	{
		int laws = 0, tags = 0, provs = 0;
		char ok[16] = "";
		cr_assert_eq(sscanf(n.out, "%d\n%d\n%d\n%15s", &laws, &tags, &provs, ok), 4, "%s", n.out);
		cr_assert_eq(laws, NLAWS);
		cr_assert_eq(tags, ntags, "sqlite tags %d, csv rows %d", tags, ntags);
		cr_assert_gt(provs, 10);
		cr_assert_leq(provs, tags);
		cr_assert_str_eq(ok, "ok");
	}
	cli_free(&n);
	cli_free(&csv);
	/* the risk table answers an analyst's question */
	n = run_sh("sqlite3 '%s/x.sqlite' \"select count(*) from law_risks where category='data-localization' "
	           "and tagged=1\"", dir);
	cr_assert_geq(atoi(n.out), 2, "%s", n.out);
	cli_free(&n);
	/* sqlite needs a file */
	r = run_sh("$LF export --db '%s' -f sqlite", db);
	cr_assert_eq(r.status, 2);
	cli_free(&r);
}

Test(risk, changed_taxonomy_retags_every_law)
{
	/* a taxonomy without the data-localization rules: the next run reads
	 * every file again and the tag is gone */
	cli_result r = run_sh("sed '/<rules lang=\"zh\">/,/<\\/rules>/d' '%s/schemas/taxonomy.xml' > '%s/t.xml' && "
	                      "$LF index --db '%s' --taxonomy '%s/t.xml' '%s'",
	                      LF_SOURCE_DIR, dir, db, dir, CORPUS);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "taxonomy changed") && strstr(r.err, "indexed 32 of 32 files (0 unchanged"),
	          "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' --risk data-localization -n 50 -f csv", db);
	cr_assert_null(strstr(r.out, "cn/cybersecurity_law_2016"), "%s", r.out);
	cli_free(&r);
	/* the same taxonomy again: nothing to do */
	r = run_sh("$LF index --db '%s' --taxonomy '%s/t.xml' '%s'", db, dir, CORPUS);
	cr_assert(strstr(r.err, "(32 unchanged"), "%s", r.err);
	cli_free(&r);
	/* an invalid taxonomy stops the run before anything is written */
	r = run_sh("echo '<taxonomy/>' > '%s/bad.xml' && $LF index --db '%s' --taxonomy '%s/bad.xml' '%s'",
	           dir, db, dir, CORPUS);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "bad.xml"), "%s", r.err);
	cli_free(&r);
}

Test(risk_plain, tag_command_and_help, .timeout = 60)
{
	cli_result r = run_sh("$LF tag --check");

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "valid"));
	cli_free(&r);
	r = run_sh("$LF tag -f tsv '%s/cn/cybersecurity_law_2016.md' '%s/cn/vehicle_vessel_tax_law_2019.md'",
	           CORPUS, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines(r.out), 2);
	cr_assert(strstr(r.out, "vehicle_vessel_tax_law_2019\tzh\t-\t"), "%s", r.out);
	cr_assert(strstr(r.out, "data-localization"), "%s", r.out);
	cli_free(&r);
	r = run_sh("printf '<taxonomy xmlns=\"urn:lexfrag:taxonomy:1\" version=\"1\">\\n<bogus/>\\n</taxonomy>' "
	           "> /tmp/lf-bad-tax.$$ && $LF tag --check --taxonomy /tmp/lf-bad-tax.$$; rc=$?; rm -f /tmp/lf-bad-tax.$$; exit $rc");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "lf-bad-tax") && strstr(r.err, ":2:"), "%s", r.err);
	cli_free(&r);
	for (int i = 0; i < 2; i++) {
		r = run_sh("$LF %s --help", i ? "export" : "tag");
		cr_assert_eq(r.status, 0);
		cr_assert(strstr(r.out, "Usage: lexfrag"));
		cli_free(&r);
	}
}
