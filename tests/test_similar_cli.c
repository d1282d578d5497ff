/*
 * test_similar_cli.c - 'lexfrag similar' on a small tree of real laws with
 * a planted, edited copy: a draft copying two laws gets both, each with the
 * right provision; the planted copy finds its source; the same law in two
 * formats is a near-duplicate; a draft that copies nothing gets nothing;
 * standard input and usage errors.
 */
#include <criterion/criterion.h>

#include "cli_util.h"

#define DATA LF_TEST_DATA

static char *db, *dir;

static void setup(void)
{
	cli_result r;

	dir = scratch_dir();
	db = malloc(4200);
	snprintf(db, 4200, "%s/db", dir);
	r = run_sh("mkdir '%s/tree' && cp '%s/eurlex/L_2016119EN.01000101_GDPR.html.gz' "
	           "'%s/formex/GDPR_formex_excerpt_L_2016119EN.xml' '%s/markdown/cybersecurity_law_2016.md' "
	           "'%s/markdown/pp_2019_71_electronic_systems.md' '%s/markdown/animal_husbandry_law_2022.md' "
	           "'%s/clml/uksi-1998-572-made.xml' '%s/similar/kenya_transfer_bill.txt' '%s/tree/' && "
	           "$LF index --db '%s' '%s/tree'",
	           dir, DATA, DATA, DATA, DATA, DATA, DATA, DATA, dir, db, dir);
	cr_assert_eq(r.status, 0, "index failed: %s", r.err);
	cli_free(&r);
}

static void teardown(void)
{
	cli_result r = run_sh("rm -rf '%s'", dir);

	cli_free(&r);
	free(db);
	free(dir);
}

TestSuite(similar, .init = setup, .fini = teardown, .timeout = 120);

/* The jsonl line of law id (after the draft line), or NULL. */
static const char *law_line(const char *out, const char *id)
{
	char key[300];

	snprintf(key, sizeof key, "{\"id\":\"%s\"", id);
	return strstr(out, key);
}

/* Rank of the law in the jsonl output (1 = first law), 0 if absent. */
static int rank_of(const char *out, const char *id)
{
	const char *at = law_line(out, id);
	int rank = 0;

	if (!at)
		return 0;
	for (const char *p = strchr(out, '\n'); p && p < at; p = strchr(p + 1, '\n'))
		rank++;
	return rank;
}

Test(similar, draft_from_two_laws_gets_both_with_their_provisions)
{
	cli_result r = run_sh("$LF similar --db '%s' -f jsonl --file '%s/similar/draft_mixed.txt'", db, DATA);
	const char *gdpr, *csl;

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(!strncmp(r.out, "{\"draft\":{\"title\":\"Draft Digital Sovereignty Bill\"", 50), "%.300s", r.out);
	/* the draft's own risks */
	cr_assert(strstr(r.out, "\"data-localization\":"), "%.500s", r.out);
	gdpr = law_line(r.out, "32016R0679~eurlex-html");
	csl = law_line(r.out, "xx/cybersecurity_law_2016");
	cr_assert(gdpr && csl, "%s", r.out);
	cr_assert_leq(rank_of(r.out, "32016R0679~eurlex-html"), 3);
	cr_assert_leq(rank_of(r.out, "xx/cybersecurity_law_2016"), 3);
	cr_assert(strstr(gdpr, "\"label\":\"Article 44\""), "%.600s", gdpr);
	cr_assert(strstr(csl, "\"label\":\"第三十七条\""), "%.600s", csl);
	/* side by side, the equal words marked; the edits are not */
	cr_assert(strstr(gdpr, "\"draft_text\":\"Any transfer of personal data") ||
	          strstr(gdpr, "\"draft_text\":\"<mark>Any</mark>"), "%.900s", gdpr);
	cr_assert(strstr(gdpr, "third <mark>country</mark>"), "%.900s", gdpr);
	cr_assert(strstr(gdpr, "foreign <mark>country</mark>"), "%.900s", gdpr);
	/* the unrelated laws are not there */
	cr_assert_null(law_line(r.out, "xx/animal_husbandry_law_2022"), "%s", r.out);
	cr_assert_null(law_line(r.out, "http://www.legislation.gov.uk/id/uksi/1998/572"), "%s", r.out);
	cli_free(&r);
}

Test(similar, planted_copy_finds_its_source)
{
	cli_result r = run_sh("$LF similar --db '%s' -f jsonl --law xx/kenya_transfer_bill", db);
	const char *gdpr;

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(rank_of(r.out, "32016R0679~eurlex-html"), 1, "%s", r.out);
	gdpr = law_line(r.out, "32016R0679~eurlex-html");
	cr_assert(strstr(gdpr, "\"label\":\"Article 45\""), "%.600s", gdpr);
	cr_assert(strstr(gdpr, "\"near_duplicate\":false"), "%.300s", gdpr);
	/* and the other way: the GDPR's Article 45 is reused by the bill */
	cli_free(&r);
	r = run_sh("$LF similar --db '%s' -f jsonl --file '%s/similar/kenya_transfer_bill.txt'", db, DATA);
	cr_assert(law_line(r.out, "xx/kenya_transfer_bill"), "%s", r.out);
	cr_assert(strstr(law_line(r.out, "xx/kenya_transfer_bill"), "\"near_duplicate\":true"), "%s", r.out);
	cli_free(&r);
}

Test(similar, same_law_in_two_formats_is_a_near_duplicate)
{
	cli_result r = run_sh("$LF similar --db '%s' -f jsonl --law 32016R0679", db);
	const char *html;

	cr_assert_eq(r.status, 0, "%s", r.err);
	html = law_line(r.out, "32016R0679~eurlex-html");
	cr_assert(html, "%s", r.out);
	cr_assert(strstr(html, "\"near_duplicate\":true"), "%.300s", html);
	/* never itself */
	cr_assert_null(law_line(r.out, "32016R0679"), "%.300s", r.out);
	cli_free(&r);
	r = run_sh("$LF similar --db '%s' --law 32016R0679", db);
	cr_assert(strstr(r.out, "NEAR-DUPLICATE"), "%s", r.out);
	cli_free(&r);
}

Test(similar, draft_that_copies_nothing_gets_nothing)
{
	cli_result r = run_sh("$LF similar --db '%s' --file '%s/similar/draft_unrelated.txt'", db, DATA);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "No law reuses this draft"), "%s", r.out);
	cli_free(&r);
}

Test(similar, standard_input_and_usage)
{
	cli_result r = run_sh("$LF similar --db '%s' -f jsonl --file - < '%s/similar/draft_mixed.txt'", db, DATA);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(law_line(r.out, "xx/cybersecurity_law_2016"), "%s", r.out);
	cli_free(&r);
	r = run_sh("$LF similar --db '%s'", db);
	cr_assert_eq(r.status, 2);
	cli_free(&r);
	r = run_sh("$LF similar --db '%s' --file /nonexistent/draft.txt", db);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "/nonexistent/draft.txt"), "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF similar --db '%s' --law no/such/law", db);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "no/such/law"), "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF similar --help");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "Usage: lexfrag similar"));
	cli_free(&r);
}

Test(similar, reuse_finds_the_planted_copy)
{
	cli_result r = run_sh("$LF reuse --db '%s' -f jsonl", db);
	cli_result c = run_sh("$LF reuse --db '%s' -f csv --min-score 30", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	/* the bill's text (its preface: a plain-text law) and GDPR Article 45 */
	cr_assert(strstr(r.out, "\"law\":\"32016R0679~eurlex-html\",\"label\":\"Article 45\"") ||
	          strstr(r.out, "\"other_law\":\"32016R0679~eurlex-html\",\"other_label\":\"Article 45\""),
	          "%s", r.out);
	/* one law in two files is not reuse */
	cr_assert_null(strstr(r.out, "\"law\":\"32016R0679\",\"label\":\"Article 2\",\"provision\":\"art2\","
	                             "\"other_law\":\"32016R0679~eurlex-html\""), "%s", r.out);
	cr_assert(strstr(r.err, "candidate pairs aligned"), "%s", r.err);
	cr_assert_eq(c.status, 0, "%s", c.err);
	cr_assert(!strncmp(c.out, "law,label,provision,other_law,other_label,other_provision,score,matched,text,other_text\r\n", 85));
	cr_assert_geq(count_lines(c.out), count_lines(r.out) + 1);
	cli_free(&r);
	cli_free(&c);
	r = run_sh("$LF reuse --db '%s' --min-score -3", db);
	cr_assert_eq(r.status, 2);
	cli_free(&r);
}

/* Candidate retrieval, through the library: the laws aligned come from the
 * index's answer to the draft's distinctive words, not from every law. */
#include "lexfrag/lexfrag.h"

Test(similar, candidates_come_from_the_index)
{
	lf_db *d = NULL;
	lf_draft *dr = NULL;
	lf_similar_results *res = NULL;
	lf_similar_opts o = {0};
	lf_draft_info di;
	lf_err err;
	int found = 0;

	lf_init();
	cr_assert_eq(lf_db_open(db, &d, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_draft_read(DATA "/similar/draft_unrelated.txt", NULL, NULL, 0, &dr, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_similar(d, dr, &o, &res, &err), 0, "%s", err.msg);
	/* a beekeeping draft: the index proposes few laws, none reuses it */
	cr_assert_eq(res->nhits, 0);
	lf_similar_results_free(res);
	lf_draft_free(dr);

	cr_assert_eq(lf_draft_read(DATA "/similar/draft_mixed.txt", "en", NULL, 0, &dr, &err), 0, "%s", err.msg);
	lf_draft_describe(dr, &di);
	cr_assert_eq(di.units, 3);
	cr_assert_str_eq(di.title, "Draft Digital Sovereignty Bill");
	/* two candidates per draft unit: the sources must be the ones the
	 * index proposes for their units */
	o.candidates = 2;
	cr_assert_eq(lf_similar(d, dr, &o, &res, &err), 0, "%s", err.msg);
	cr_assert_gt(res->candidates, 0);
	cr_assert_lt(res->candidates, 7);
	for (size_t i = 0; i < res->nhits; i++)
		found += !strcmp(res->hits[i].id, "xx/cybersecurity_law_2016") ||
		         !strcmp(res->hits[i].id, "32016R0679~eurlex-html");
	cr_assert_eq(found, 2);
	lf_similar_results_free(res);
	lf_draft_free(dr);
	lf_db_close(d);
}
