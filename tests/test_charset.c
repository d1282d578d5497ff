/*
 * test_charset.c - files that declare no charset (core/text/charset.h):
 * valid UTF-8 stays UTF-8; other bytes are read in the charset uchardet
 * detects, with one warning line; when it has no answer, windows-1252 as
 * before, said in the line; a BOM, an XML declaration, an HTML meta
 * charset or a MANIFEST.tsv column still win.  Real laws in Windows-1251,
 * GB18030 and ISO-8859-2 (tests/data/charset/SOURCES.md).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "core/buf.h"
#include "core/text/charset.h"
#include "reader_util.h"

TestSuite(charset, .init = reader_setup);

static lf_law *load(const char *name)
{
	return load_from("charset", name, NULL);
}

static const struct {
	const char *file, *warning, *word;
	size_t min_provisions;
} undeclared[] = {
	{"ru_family_code_cp1251.txt", "no charset declared; read as WINDOWS-1251 (detected)",
	 "Семейное законодательство", 10},
	{"cn_pipl_gb18030.md", "no charset declared; read as GB18030 (detected)", "个人信息处理者", 70},
	{"pl_uokik_latin2.txt", "no charset declared; read as ISO-8859-2 (detected)",
	 "przedsiębiorców", 10},
};

Test(charset, undeclared_legacy_charsets_are_detected_and_said)
{
	for (size_t i = 0; i < sizeof undeclared / sizeof *undeclared; i++) {
		lf_law *law = load(undeclared[i].file);
		cr_assert_not_null(law->warning, "%s: no warning", undeclared[i].file);
		cr_assert_str_eq(law->warning, undeclared[i].warning, "%s", undeclared[i].file);
		cr_assert(anywhere(law, undeclared[i].word), "%s: \"%s\" not read", undeclared[i].file,
		          undeclared[i].word);
		cr_assert_geq(law->nprovs, undeclared[i].min_provisions, "%s: %zu provisions",
		              undeclared[i].file, law->nprovs);
		lf_law_free(law);
	}
}

Test(charset, utf8_stays_utf8_without_a_word)
{
	const char *files[] = {"pl_uokik.txt", "uk_constitution.txt"};

	for (size_t i = 0; i < 2; i++) {
		lf_law *law = load(files[i]);
		cr_assert_null(law->warning, "%s: %s", files[i], law->warning);
		cr_assert_geq(law->nprovs, 10, "%s: %zu provisions", files[i], law->nprovs);
		lf_law_free(law);
	}
}

/* The bytes of a test file, NUL-terminated; caller frees. */
static char *bytes_of(const char *name, size_t *n)
{
	char path[1024];
	lf_buf b;
	int gz;
	lf_err err = {0};

	snprintf(path, sizeof path, "%s/charset/%s", LF_TEST_DATA, name);
	lf_buf_init(&b, 0);
	cr_assert_eq(lf_load_file(path, 0, &b, &gz, &err), 0, "%s", err.msg);
	*n = b.n;
	return b.p;
}

/* The Windows-1251 text inside an HTML page or an XML document, with or
 * without a declaration, read by lf_read_buffer. */
static lf_law *wrapped(const char *head, const char *tail)
{
	size_t n;
	char *ru = bytes_of("ru_family_code_cp1251.txt", &n);
	lf_buf doc;
	lf_law *law = NULL;
	lf_err err = {0};

	lf_buf_init(&doc, 0);
	cr_assert_eq(lf_buf_adds(&doc, head) | lf_buf_add(&doc, ru, n) | lf_buf_adds(&doc, tail), 0);
	cr_assert_eq(lf_read_buffer(doc.p, doc.n, "wrapped", &law, &err), 0, "%s", err.msg);
	lf_buf_free(&doc);
	free(ru);
	return law;
}

Test(charset, declarations_win_and_say_nothing)
{
	lf_law *law = wrapped("<!DOCTYPE html><html><head><meta charset=\"windows-1251\"><title>t</title>"
	                      "</head><body><pre>", "</pre></body></html>");
	cr_assert_null(law->warning, "%s", law->warning);
	cr_assert(anywhere(law, "Семейное законодательство"));
	lf_law_free(law);

	law = wrapped("<?xml version=\"1.0\" encoding=\"windows-1251\"?><doc><p>", "</p></doc>");
	cr_assert_null(law->warning, "%s", law->warning);
	cr_assert(anywhere(law, "Семейное законодательство"));
	lf_law_free(law);
}

Test(charset, undeclared_html_and_xml_are_detected_too)
{
	lf_law *law = wrapped("<!DOCTYPE html><html><head><title>t</title></head><body><pre>",
	                      "</pre></body></html>");
	cr_assert_str_eq(law->warning, "no charset declared; read as WINDOWS-1251 (detected)");
	cr_assert(anywhere(law, "Семейное законодательство"));
	lf_law_free(law);

	law = wrapped("<?xml version=\"1.0\"?><doc><p>", "</p></doc>");
	cr_assert_str_eq(law->warning, "no charset declared; read as WINDOWS-1251 (detected)");
	cr_assert(anywhere(law, "Семейное законодательство"));
	lf_law_free(law);
}

Test(charset, a_wrong_declaration_is_said)
{
	lf_law *law = wrapped("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title>"
	                      "</head><body><pre>", "</pre></body></html>");
	cr_assert_str_eq(law->warning,
	                 "declared charset \"utf-8\" does not fit the bytes; read as WINDOWS-1251 (detected)");
	cr_assert(anywhere(law, "Семейное законодательство"));
	lf_law_free(law);
}

Test(charset, no_answer_falls_back_to_windows_1252_and_says_so)
{
	/* bytes no charset in uchardet's list decodes: five of them are even
	 * undefined in windows-1252 (they become U+FFFD) */
	static const char text[] = "Article 1. The \x81\x8d\x8f\x90\x9d rule.\n";
	lf_law *law = NULL;
	lf_err err = {0};

	cr_assert_null(lf_charset_detect(text, sizeof text - 1));
	cr_assert_eq(lf_read_buffer(text, sizeof text - 1, "t.txt", &law, &err), 0, "%s", err.msg);
	cr_assert_str_eq(law->warning, "no charset declared and none detected; read as WINDOWS-1252");
	lf_law_free(law);
}

Test(charset, a_bom_wins)
{
	static const char text[] = "\xEF\xBB\xBF" "Article 1. Caf\xC3\xA9 rule.\n";
	lf_buf out;
	lf_charset cs;
	lf_err err = {0};

	lf_buf_init(&out, 0);
	cr_assert_eq(lf_charset_to_utf8(text, sizeof text - 1, "windows-1251", &out, &cs, &err), 0);
	cr_assert_eq(cs.how, LF_CS_BOM);
	cr_assert_str_eq(lf_buf_str(&out), "Article 1. Caf\xC3\xA9 rule.\n");
	lf_buf_free(&out);
}

/* Copies the charset test files into a scratch tree, with a MANIFEST.tsv
 * when manifest is not NULL. */
static char *tree(const char *manifest)
{
	char *dir = scratch_dir();
	cli_result r = run_sh("cd '%s'/charset && cp ru_family_code_cp1251.txt cn_pipl_gb18030.md "
	                      "pl_uokik_latin2.txt pl_uokik.txt uk_constitution.txt '%s'/", LF_TEST_DATA, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	if (manifest) {
		char path[4200];
		FILE *fp;
		snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
		cr_assert_not_null(fp = fopen(path, "w"));
		fputs(manifest, fp);
		fclose(fp);
	}
	return dir;
}

Test(charset, index_says_one_line_per_guessed_file_and_reads_the_language)
{
	char *dir = tree(NULL);
	cli_result r = run_sh("$LF index --jobs 3 --db '%s.db' '%s'", dir, dir);

	/* indexed, with a warning: exit status 1, one line per guessed file */
	cr_assert_eq(r.status, 1, "status %d: %s", r.status, r.err);
	cr_assert_eq(count_lines_with(r.err, "(detected)"), 3, "%s", r.err);
	cr_assert(strstr(r.err, "ru_family_code_cp1251.txt: no charset declared; read as WINDOWS-1251 (detected)\n"), "%s", r.err);
	cr_assert(strstr(r.err, "cn_pipl_gb18030.md: no charset declared; read as GB18030 (detected)\n"), "%s", r.err);
	cr_assert(strstr(r.err, "pl_uokik_latin2.txt: no charset declared; read as ISO-8859-2 (detected)\n"), "%s", r.err);
	cr_assert(strstr(r.err, "5 of 5 files (0 unchanged, 0 failed, 3 with warnings)"), "%s", r.err);
	cli_free(&r);

	/* every law has the right language (guessed from the text: none is
	 * declared) */
	r = run_sh("$LF export --db '%s.db' --format jsonl | jq -r '[.id, .language] | @tsv' | sort", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "xx/cn_pipl_gb18030\tzh\n"
	                        "xx/pl_uokik\tpl\n"
	                        "xx/pl_uokik_latin2\tpl\n"
	                        "xx/ru_family_code_cp1251\tru\n"
	                        "xx/uk_constitution\tuk\n");
	cli_free(&r);
	r = run_sh("rm -rf '%s' '%s.db'", dir, dir);
	cli_free(&r);
	free(dir);
}

Test(charset, a_manifest_column_declares_the_charset)
{
	char *dir = tree("path\tcharset\nru_family_code_cp1251.txt\twindows-1251\n"
	                 "pl_uokik_latin2.txt\tISO-8859-2\ncn_pipl_gb18030.md\tGB18030\n");
	cli_result r = run_sh("$LF index --db '%s.db' '%s'", dir, dir);

	cr_assert_eq(r.status, 0, "status %d: %s", r.status, r.err);
	cr_assert_eq(count_lines_with(r.err, "charset"), 0, "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF search --db '%s.db' --format jsonl 'семейного законодательства' | jq -r .id", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "xx/ru_family_code_cp1251\n");
	cli_free(&r);
	r = run_sh("rm -rf '%s' '%s.db'", dir, dir);
	cli_free(&r);
	free(dir);
}
