/*
 * test_translate.c - query translation (query/translate.h) and search in
 * every language of the index: translation groups from the real thesaurus
 * and lexicon, the query's language, merged ranking on the bundled corpus
 * (real laws), --no-translate, --thesaurus FILE, and what the output says
 * was searched.
 */
#include <criterion/criterion.h>

#include "cli_util.h"
#include "json_check.h"
#include "query/translate.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

static lf_translator *tr;

static void open_tr(void)
{
	lf_err err;
	cr_assert_eq(lf_translator_new(NULL, NULL, &tr, &err), 0, "%s", err.msg);
}

static void close_tr(void)
{
	lf_translator_free(tr);
}

TestSuite(translate, .init = open_tr, .fini = close_tr, .timeout = 60);

static lf_translation *tr_text(const char *s, const char *src, const char *dst)
{
	lf_translation *t = NULL;
	lf_err err;
	cr_assert_eq(lf_translate(tr, s, strlen(s), src, dst, &t, &err), 0, "%s", err.msg);
	return t;
}

static int has_alt(const lf_tr_group *g, const char *alt)
{
	for (size_t i = 0; i < g->nalts; i++)
		if (!strcmp(g->alts[i], alt))
			return 1;
	return 0;
}

Test(translate, a_phrase_is_one_group_of_its_translations)
{
	lf_translation *t = tr_text("personal information", "en", "zh");

	cr_assert_eq(t->ngroups, 1);
	cr_assert_eq(t->groups[0].start, 0);
	cr_assert_eq(t->groups[0].end, 2, "both words are one group, not two");
	cr_assert_geq(t->groups[0].concept, 0, "from the thesaurus");
	cr_assert(has_alt(&t->groups[0], "个人信息"));
	cr_assert_eq(t->ntranslated, 2);
	lf_translation_free(t);
}

Test(translate, phrases_first_stopwords_in_none_unknown_words_kept)
{
	lf_translation *t = tr_text("the GDPR and personal data of children", "en", "de");
	int phrase = 0, gdpr = 0;

	for (size_t i = 0; i < t->ngroups; i++) {
		const lf_tr_group *g = &t->groups[i];
		cr_assert(strcmp(g->src, "the") && strcmp(g->src, "and") && strcmp(g->src, "of"),
		          "a stopword is in no group: %s", g->src);
		if (!strcmp(g->src, "personal data")) {
			phrase = 1;
			cr_assert(has_alt(g, "personenbezogene Daten"));
		}
		if (!strcmp(g->src, "GDPR")) {
			gdpr = 1;
			cr_assert_eq(g->nalts, 0, "no translation: the word as it is");
		}
	}
	cr_assert(phrase, "'personal data' is one group");
	cr_assert(gdpr, "'GDPR' is kept");
	cr_assert_eq(t->nwords, 7);
	lf_translation_free(t);
}

Test(translate, the_dictionaries_translate_what_the_thesaurus_does_not)
{
	/* a word of no concept: the lexicon (Debian's dictionaries) has it */
	lf_translation *t = tr_text("Verschlüsselung", "de", "en");

	cr_assert_eq(t->ngroups, 1);
	cr_assert_gt(t->groups[0].nalts, 0, "Verschlüsselung has an English translation");
	lf_translation_free(t);
	t = tr_text("seeds", "en", "fr");
	cr_assert_eq(t->ngroups, 1);
	cr_assert_gt(t->groups[0].nalts, 0, "seeds has a French translation: %s", t->text);
	cr_assert_lt(t->groups[0].concept, 0, "not from the thesaurus");
	lf_translation_free(t);
}

Test(translate, the_query_language_from_script_and_words)
{
	static const char *const langs[] = {"de", "en", "es", "fr", "id", "pt", "ru", "sr", "zh"};
	static const struct {
		const char *q, *lang;
	} cases[] = {
		{"Übermittlung personenbezogener Daten an Drittländer", "de"},
		{"加密", "zh"},
		{"个人信息删除", "zh"},
		{"квалификовани електронски потпис", "sr"},
		{"protecting children online", "en"},
		{"penghapusan data pribadi", "id"},
		{"plainte au commissaire à la protection de la vie privée", "fr"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		cr_expect_str_eq(lf_translate_guess_lang(tr, cases[i].q, strlen(cases[i].q), langs, 9), cases[i].lang,
		                 "%s", cases[i].q);
}

Test(translate, hostile_text_is_bounded)
{
	size_t n = 1 << 20;
	char *s = malloc(n + 1);
	lf_translation *t;

	for (size_t i = 0; i < n; i++)
		s[i] = (char)(i % 7 == 6 ? ' ' : "\xff\xfe" "ab"[i % 4]);
	s[n] = '\0';
	t = tr_text(s, "en", "de");
	cr_assert_leq(t->nwords, 20000, "at most 20,000 words are read");
	lf_translation_free(t);
	free(s);
}

/* ------------------------------------------------------------ search */

static char *db, *dir;

static void index_corpus(void)
{
	index_sample(CORPUS, &dir, &db);
}

static void cleanup(void)
{
	remove_sample(dir, db);
}

TestSuite(xsearch, .init = index_corpus, .fini = cleanup, .timeout = 120);

Test(xsearch, an_english_query_finds_laws_in_other_languages)
{
	cli_result r = run_sh("$LF search --db '%s' -n 15 -f jsonl 'personal information protection'", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_geq(jsonl_valid(r.out), 5, "%s", r.out);
	cr_assert(jq_is(r.out, "select(.id == \"cn/pipl_2021\") | .id", "cn/pipl_2021"),
	          "PIPL (zh) is in the top 15: %s", r.out);
	cr_assert(jq_is(r.out, "[., inputs] | first | .query_language", "en"), "%s", r.out);
	cr_assert(jq_is(r.out, "[., inputs] | first | .translations.zh | contains(\"个人信息\")", "true"), "%s", r.out);
	cr_assert(jq_is(r.out, "[., inputs] | first | .translations | has(\"de\") and has(\"fr\") and has(\"sr\")", "true"),
	          "%s", r.out);
	cli_free(&r);
}

Test(xsearch, no_translate_searches_as_written)
{
	cli_result r = run_sh("$LF search --db '%s' -n 30 -f jsonl --no-translate 'personal information protection'", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(jq_is(r.out, "select(.language == \"zh\") | .id", ""), "no Chinese law: %s", r.out);
	cr_assert(jq_is(r.out, "[., inputs] | first | .query_language", "null"), "%s", r.out);
	cr_assert(jq_is(r.out, "[., inputs] | first | .translations | length", "0"), "%s", r.out);
	cli_free(&r);
}

Test(xsearch, structured_queries_are_not_translated)
{
	cli_result r = run_sh("$LF search --db '%s' -n 30 -f jsonl '\"personal information\" AND protection'", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(jq_is(r.out, "[., inputs] | first | .query_language", "null"), "%s", r.out);
	cr_assert(jq_is(r.out, "select(.language == \"zh\") | .id", ""), "%s", r.out);
	cli_free(&r);
}

Test(xsearch, the_text_output_says_what_was_searched)
{
	cli_result r = run_sh("$LF search --db '%s' -n 3 '加密'", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(count_lines_with(r.out, "Searched as written in zh; translated:"), 1, "%s", r.out);
	cr_assert(strstr(r.out, "en \"encryption\""), "%s", r.out);
	cr_assert(strstr(r.out, "de \"Verschlüsselung\""), "%s", r.out);
	cli_free(&r);
}

Test(xsearch, a_german_query_reaches_laws_in_english)
{
	cli_result r = run_sh("$LF search --db '%s' -n 10 -f jsonl 'Übermittlung personenbezogener Daten an Drittländer'", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(jq_is(r.out, "[., inputs] | first | .query_language", "de"), "%s", r.out);
	cr_assert(!jq_is(r.out, "[., inputs] | map(select(.language != \"de\")) | length", "0"),
	          "some law in another language: %s", r.out);
	cli_free(&r);
}

Test(xsearch, a_thesaurus_file_extends_translation)
{
	char path[4400];
	FILE *fp;
	cli_result r;

	snprintf(path, sizeof path, "%s/extra.xml", dir);
	fp = fopen(path, "w");
	cr_assert(fp);
	fputs("<thesaurus xmlns=\"urn:lexfrag:thesaurus:1\" version=\"1\">\n"
	      " <concept id=\"road-vehicle-levy\">\n"
	      "  <label lang=\"en\" pref=\"true\">zorblat quux</label>\n"
	      "  <label lang=\"zh\" pref=\"true\">车船税</label>\n"
	      " </concept>\n</thesaurus>\n", fp);
	fclose(fp);
	r = run_sh("$LF search --db '%s' -n 10 -f jsonl 'zorblat quux'", db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(r.out[0], '\0', "nothing matches the invented words: %s", r.out);
	cr_assert(jq_is(r.out, "select(.id == \"cn/vehicle_vessel_tax_law_2019\") | .id", ""),
	          "not found without the file: %s", r.out);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' -n 10 -f jsonl --thesaurus '%s' 'zorblat quux'", db, path);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(jq_is(r.out, "select(.id == \"cn/vehicle_vessel_tax_law_2019\") | .id", "cn/vehicle_vessel_tax_law_2019"),
	          "%s", r.out);
	cli_free(&r);
	/* a file that is not a thesaurus: one clear line naming it */
	fp = fopen(path, "w");
	fputs("<thesaurus><oops/></thesaurus>", fp);
	fclose(fp);
	r = run_sh("$LF search --db '%s' --thesaurus '%s' 'zorblat quux'", db, path);
	cr_assert_neq(r.status, 0);
	cr_assert(strstr(r.err, "extra.xml"), "%s", r.err);
	cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
	cli_free(&r);
}
