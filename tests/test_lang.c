/*
 * test_lang.c - the last-resort language guess (core/text/lang.c
 * lf_lang_guess): libexttextcat's models for Latin and Cyrillic scripts,
 * the Serbian Cyrillic letters for Serbian, scripts for Chinese; no guess
 * when unsure or too short; the first 64 KiB only; the same answers from
 * many threads at once.  Real laws (tests/data/charset/SOURCES.md and the
 * readers' test data).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text/lang.h"
#include "reader_util.h"

TestSuite(lang, .init = reader_setup);

/* The law's text as the indexer samples it: title, preface, provisions,
 * up to 64 KiB.  Caller frees. */
static char *sample_of(const char *dir, const char *name, size_t *n)
{
	lf_law *law = load_from(dir, name, NULL);
	lf_buf s;

	lf_buf_init(&s, 70000);
	lf_buf_adds(&s, law->field[LF_F_TITLE] ? law->field[LF_F_TITLE] : "");
	lf_buf_sep(&s);
	lf_buf_adds(&s, law->preface);
	for (size_t i = 0; i < law->nprovs && s.n < 65536; i++) {
		lf_buf_sep(&s);
		if (lf_buf_adds(&s, law->provs[i].text))
			break;
	}
	lf_law_free(law);
	*n = s.n;
	return s.p;
}

static const struct {
	const char *dir, *file, *lang;
} texts[] = {
	{"charset", "uk_constitution.txt", "uk"},       /* was "ru": the wrong stemmer */
	{"charset", "pl_uokik.txt", "pl"},              /* was "pt" */
	{"charset", "pl_uokik_latin2.txt", "pl"},
	{"charset", "ru_family_code_cp1251.txt", "ru"},
	{"charset", "cn_pipl_gb18030.md", "zh"},
	{"html", "rs_549.html", "sr"},                  /* Serbian Cyrillic letters */
	{"markdown", "pp_2019_71_electronic_systems.md", "id"},
	{"markdown", "it_act_2000_part2.md", "en"},
	{"markdown", "cybersecurity_law_2016.md", "zh"},
};

Test(lang, real_laws_get_their_language)
{
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		size_t n;
		char *s = sample_of(texts[i].dir, texts[i].file, &n);
		const char *got = lf_lang_guess(s, n);
		cr_expect(got && !strcmp(got, texts[i].lang), "%s: %s, not %s", texts[i].file,
		          got ? got : "(none)", texts[i].lang);
		free(s);
	}
}

Test(lang, serbian_letters_decide_serbian_over_russian)
{
	size_t n;
	char *ru = sample_of("charset", "ru_family_code_cp1251.txt", &n);
	lf_buf s;

	/* the Russian text with a Serbian sentence's letters (ђ ј љ њ ћ џ)
	 * spread in: Serbian letters, however few the words, decide */
	lf_buf_init(&s, 0);
	lf_buf_adds(&s, "Ђорђе је љубио њу, ћерку џелата. ");
	lf_buf_adds(&s, "Ђорђе је љубио њу, ћерку џелата. ");
	lf_buf_add(&s, ru, n);
	cr_assert_str_eq(lf_lang_guess(ru, n), "ru");
	cr_assert_str_eq(lf_lang_guess(s.p, s.n), "sr");
	lf_buf_free(&s);
	free(ru);
}

Test(lang, too_short_or_unsure_is_no_guess)
{
	static const char *const shorts[] = {
		"Article 1. Scope",
		"Стаття 1. Сфера дії Закону",
		"Art. 1. Ustawa określa warunki rozwoju i ochrony konkurencji.",
		"",
	};

	for (size_t i = 0; i < sizeof shorts / sizeof *shorts; i++)
		cr_assert_null(lf_lang_guess(shorts[i], strlen(shorts[i])), "\"%s\"", shorts[i]);
	cr_assert_null(lf_lang_guess(NULL, 0));
}

Test(lang, only_the_first_64_kib_counts)
{
	size_t npl, nen;
	char *pl = sample_of("charset", "pl_uokik.txt", &npl);
	char *en = sample_of("markdown", "it_act_2000_part2.md", &nen);
	lf_buf s;

	/* Polish up to 64 KiB, then four times as much English: the English
	 * is past the sample and must not count */
	lf_buf_init(&s, 0);
	while (s.n < LF_LANG_SAMPLE)
		lf_buf_add(&s, pl, npl < LF_LANG_SAMPLE - s.n ? npl : LF_LANG_SAMPLE - s.n);
	while (s.n < 5 * LF_LANG_SAMPLE)
		lf_buf_add(&s, en, nen);
	cr_assert_str_eq(lf_lang_guess(s.p, s.n), "pl");
	cr_assert_str_eq(lf_lang_guess(s.p + LF_LANG_SAMPLE, s.n - LF_LANG_SAMPLE), "en");
	lf_buf_free(&s);
	free(pl);
	free(en);
}

/* Many threads guess at once (the indexer reads on several threads): the
 * models are loaded once and only read, so every answer is the serial one. */
struct job {
	const char *text;
	size_t n;
	const char *want;
	int wrong;
};

static void *guess_many(void *arg)
{
	struct job *j = arg;

	for (int k = 0; k < 20; k++) {
		const char *got = lf_lang_guess(j->text, j->n);
		if (!got || strcmp(got, j->want))
			j->wrong++;
	}
	return NULL;
}

Test(lang, threads_get_the_serial_answers)
{
	enum { N = sizeof texts / sizeof *texts };
	struct job jobs[N];
	pthread_t th[N];

	for (size_t i = 0; i < N; i++) {
		char *s = sample_of(texts[i].dir, texts[i].file, &jobs[i].n);
		jobs[i].text = s;
		jobs[i].want = texts[i].lang;
		jobs[i].wrong = 0;
	}
	for (size_t i = 0; i < N; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, guess_many, &jobs[i]), 0);
	for (size_t i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		cr_expect_eq(jobs[i].wrong, 0, "%s: %d wrong answers", texts[i].file, jobs[i].wrong);
		free((char *)jobs[i].text);
	}
}
