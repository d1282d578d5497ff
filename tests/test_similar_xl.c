/*
 * test_similar_xl.c - cross-lingual precedent: a draft in English that
 * translates two articles of China's PIPL finds the PIPL (a law in
 * Chinese) and names both articles, its passages marked translated; a
 * draft in its laws' own languages gets exactly what it gets without
 * translation, and nothing marked translated.  Real provisions of the
 * corpus (tests/data/markdown/pipl_2021.md, the GDPR, the Cybersecurity
 * Law, PP 71/2019).
 */
#include <criterion/criterion.h>

#include "cli_util.h"
#include "lexfrag/lexfrag.h"

#define DATA LF_TEST_DATA

static char *db, *dir;

static void setup(void)
{
	cli_result r;

	dir = scratch_dir();
	db = malloc(4200);
	snprintf(db, 4200, "%s/db", dir);
	r = run_sh("mkdir '%s/tree' && cp '%s/eurlex/L_2016119EN.01000101_GDPR.html.gz' "
	           "'%s/markdown/cybersecurity_law_2016.md' '%s/markdown/pipl_2021.md' "
	           "'%s/markdown/pp_2019_71_electronic_systems.md' '%s/markdown/animal_husbandry_law_2022.md' "
	           "'%s/tree/' && $LF index --db '%s' '%s/tree'",
	           dir, DATA, DATA, DATA, DATA, DATA, dir, db, dir);
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

TestSuite(similar_xl, .init = setup, .fini = teardown, .timeout = 120);

/* The passage of hit h whose draft unit is draft_label and law provision
 * label, or NULL. */
static const lf_passage *passage(const lf_similar_hit *h, const char *draft_label, const char *label)
{
	for (size_t k = 0; k < h->npassages; k++)
		if (!strcmp(h->passages[k].draft_label, draft_label) && !strcmp(h->passages[k].label, label))
			return &h->passages[k];
	return NULL;
}

Test(similar_xl, english_translation_of_pipl_articles_finds_them)
{
	cli_result r = run_sh("$LF similar --db '%s' -f jsonl --file '%s/similar/xl_pipl_en.txt' | "
	                      "jq -c 'select(.id) | {id, p: [.passages[] | [.draft_label, .label, .translated]]}' | "
	                      "head -n 3",
	                      db, DATA);
	const char *pipl;

	cr_assert_eq(r.status, 0, "%s", r.err);
	/* the PIPL among the first three laws, both articles named, on translation */
	pipl = strstr(r.out, "{\"id\":\"xx/pipl_2021\"");
	cr_assert(pipl, "%s", r.out);
	cr_assert(strstr(pipl, "[\"1.\",\"第三十八条\",true]"), "%s", r.out);
	cr_assert(strstr(pipl, "[\"2.\",\"第四十条\",true]"), "%s", r.out);
	cli_free(&r);
	/* the text output says so too */
	r = run_sh("$LF similar --db '%s' --file '%s/similar/xl_pipl_en.txt'", db, DATA);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "第三十八条") && strstr(r.out, "(translated)"), "%s", r.out);
	cli_free(&r);
}

Test(similar_xl, translated_passage_through_the_library)
{
	lf_db *d = NULL;
	lf_draft *dr = NULL;
	lf_similar_results *res = NULL, *plain = NULL;
	lf_similar_opts o = {0}, off = {.no_translate = 1};
	const lf_similar_hit *h = NULL;
	const lf_passage *p;
	char path[4200];
	lf_err err;

	lf_init();
	cr_assert_eq(lf_db_open(db, &d, &err), 0, "%s", err.msg);
	snprintf(path, sizeof path, "%s/similar/xl_pipl_en.txt", DATA);
	cr_assert_eq(lf_draft_read(path, NULL, NULL, 0, &dr, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_similar(d, dr, &o, &res, &err), 0, "%s", err.msg);
	for (size_t i = 0; i < res->nhits && i < 3; i++)
		if (!strcmp(res->hits[i].id, "xx/pipl_2021"))
			h = &res->hits[i];
	cr_assert(h, "the PIPL is not among the first three laws");
	cr_assert_str_eq(h->language, "zh");
	p = passage(h, "1.", "第三十八条");
	cr_assert(p && p->translated, "1. <- 第三十八条 missing or not translated");
	/* the marks: on the draft's English words and the law's Chinese ones */
	cr_assert(strchr(p->draft_text, LF_MARK_START) && strchr(p->text, LF_MARK_START), "%s | %s", p->draft_text,
	          p->text);
	{
		char plain[4096];
		size_t n = 0;
		for (const char *c = p->text; *c && n + 1 < sizeof plain; c++)
			if (*c != LF_MARK_START && *c != LF_MARK_END)
				plain[n++] = *c;
		plain[n] = 0;
		/* 第三十八条 (either paragraph): a transfer abroad (境外) of personal information */
		cr_assert(strstr(plain, "境外") && strstr(plain, "个人信息"), "%s", plain);
	}
	/* a law's score is the share of the draft its passages cover */
	cr_assert_gt(h->score, 0.2);
	cr_assert_leq(h->score, 1.0);
	/* translation off: no law of another language is found */
	cr_assert_eq(lf_similar(d, dr, &off, &plain, &err), 0, "%s", err.msg);
	for (size_t i = 0; i < plain->nhits; i++) {
		cr_assert_str_neq(plain->hits[i].id, "xx/pipl_2021");
		for (size_t k = 0; k < plain->hits[i].npassages; k++)
			cr_assert_not(plain->hits[i].passages[k].translated);
	}
	lf_similar_results_free(res);
	lf_similar_results_free(plain);
	lf_draft_free(dr);
	lf_db_close(d);
}

/* A draft copying laws of its own languages: the same results, to the
 * last passage, with translation on and off; nothing marked translated. */
Test(similar_xl, same_language_draft_is_unchanged)
{
	lf_db *d = NULL;
	lf_draft *dr = NULL;
	lf_similar_results *a = NULL, *b = NULL;
	lf_similar_opts on = {0}, off = {.no_translate = 1};
	char path[4200];
	lf_err err;

	lf_init();
	cr_assert_eq(lf_db_open(db, &d, &err), 0, "%s", err.msg);
	snprintf(path, sizeof path, "%s/similar/draft_mixed.txt", DATA);
	cr_assert_eq(lf_draft_read(path, NULL, NULL, 0, &dr, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_similar(d, dr, &on, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_similar(d, dr, &off, &b, &err), 0, "%s", err.msg);
	cr_assert_geq(a->nhits, 2);
	cr_assert_eq(a->nhits, b->nhits);
	cr_assert_eq(a->draft_tokens, b->draft_tokens);
	for (size_t i = 0; i < a->nhits; i++) {
		const lf_similar_hit *x = &a->hits[i], *y = &b->hits[i];
		cr_assert_str_eq(x->id, y->id);
		cr_assert_eq(x->score, y->score);
		cr_assert_eq(x->npassages, y->npassages);
		for (size_t k = 0; k < x->npassages; k++) {
			cr_assert_str_eq(x->passages[k].label, y->passages[k].label);
			cr_assert_str_eq(x->passages[k].draft_text, y->passages[k].draft_text);
			cr_assert_str_eq(x->passages[k].text, y->passages[k].text);
			cr_assert_eq(x->passages[k].score, y->passages[k].score);
			cr_assert_not(x->passages[k].translated, "%s %s", x->id, x->passages[k].label);
		}
	}
	lf_similar_results_free(a);
	lf_similar_results_free(b);
	lf_draft_free(dr);
	lf_db_close(d);
}

Test(similar_xl, jsonl_marks_only_translated_passages)
{
	cli_result r = run_sh("$LF similar --db '%s' -f jsonl --file '%s/similar/draft_mixed.txt'", db, DATA);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_lines_ok(r.out), "%s", r.out);
	cr_assert_null(strstr(r.out, "\"translated\""), "%s", r.out);
	cli_free(&r);
	r = run_sh("$LF similar --db '%s' -f jsonl --file '%s/similar/xl_pipl_en.txt'", db, DATA);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_lines_ok(r.out), "%s", r.out);
	cr_assert(strstr(r.out, "\"translated\":true"), "%s", r.out);
	cli_free(&r);
}
