/*
 * test_reader_text.c - the Markdown/text reader (indexer/text.c) on real
 * transcriptions (China, Indonesia, India), the provision line matcher
 * lf_provision_line() case by case, and hostile input with a bound on time.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

static lf_law *load(const char *rel)
{
	return load_from(NULL, rel, NULL);
}

/* Reads a string as Markdown (markdown = 1) or text into a new law. */
static lf_law *read_str(const char *s, size_t n, int markdown, int *rc, lf_err *err)
{
	lf_law *law = lf_law_new();

	cr_assert_not_null(law);
	*rc = lf_read_text(s, n, markdown, law, err);
	return law;
}

/* ---- lf_provision_line ----------------------------------------------------- */

struct line_case {
	const char *line;
	const char *kind;  /* NULL: not a start */
	const char *label; /* as returned */
	const char *rest;  /* text after the label */
};

static const struct line_case line_cases[] = {
	{"Article 44", LF_KIND_ARTICLE, "Article 44", ""},
	{"Article 44 Transfers", LF_KIND_ARTICLE, "Article 44", "Transfers"},
	{"ARTICLE 5a. Definitions", LF_KIND_ARTICLE, "ARTICLE 5a", "Definitions"},
	{"Art. 33. A transferência", LF_KIND_ARTICLE, "Art. 33", "A transferência"},
	{"Art. 1º Esta Lei dispõe", LF_KIND_ARTICLE, "Art. 1º", "Esta Lei dispõe"},
	{"Art. 55-A. Fica criada", LF_KIND_ARTICLE, "Art. 55-A", "Fica criada"},
	{"§ 170 Anwendungsbereich", LF_KIND_SECTION, "§ 170", "Anwendungsbereich"},
	{"§\xC2\xA0" "5a", LF_KIND_SECTION, "§\xC2\xA0" "5a", ""},
	{"Section 69A. Power to issue", LF_KIND_SECTION, "Section 69A", "Power to issue"},
	{"Section 69A - Power to issue", LF_KIND_SECTION, "Section 69A", "Power to issue"},
	{"第三十七条 关键信息基础设施的运营者", LF_KIND_ARTICLE, "第三十七条", "关键信息基础设施的运营者"},
	{"第三十七条", LF_KIND_ARTICLE, "第三十七条", ""},
	{"第一章 总则", LF_KIND_CHAPTER, "第一章", "总则"},
	{"第二节　关键信息基础设施的运行安全", LF_KIND_DIVISION, "第二节", "关键信息基础设施的运行安全"},
	{"第二十条之一 网络", LF_KIND_ARTICLE, "第二十条之一", "网络"},
	{"Pasal 20", LF_KIND_ARTICLE, "Pasal 20", ""},
	{"Pasal I", LF_KIND_ARTICLE, "Pasal I", ""},
	{"BAB III KETENTUAN UMUM", LF_KIND_CHAPTER, "BAB III", "KETENTUAN UMUM"},
	{"Bagian Kesatu Umum", LF_KIND_DIVISION, "Bagian Kesatu", "Umum"},
	{"Bagian Kedua Belas Penyidikan", LF_KIND_DIVISION, "Bagian Kedua Belas", "Penyidikan"},
	{"Paragraf 1", LF_KIND_DIVISION, "Paragraf 1", ""},
	{"Статья 12. Основные положения", LF_KIND_ARTICLE, "Статья 12", "Основные положения"},
	{"Статья 12.1. Порядок", LF_KIND_ARTICLE, "Статья 12.1", "Порядок"},
	{"Члан 5.", LF_KIND_ARTICLE, "Члан 5", ""},
	{"Члан 99а*", LF_KIND_ARTICLE, "Члан 99а", ""},
	{"ГЛАВА 1. СЕМЕЙНОЕ ЗАКОНОДАТЕЛЬСТВО", LF_KIND_CHAPTER, "ГЛАВА 1", "СЕМЕЙНОЕ ЗАКОНОДАТЕЛЬСТВО"},
	{"РАЗДЕЛ ПЕРВЫЙ", LF_KIND_PART, "РАЗДЕЛ ПЕРВЫЙ", ""},
	{"CAPÍTULO V DA TRANSFERÊNCIA", LF_KIND_CHAPTER, "CAPÍTULO V", "DA TRANSFERÊNCIA"},
	{"Seção II Da Responsabilidade", LF_KIND_DIVISION, "Seção II", "Da Responsabilidade"},
	{"CHAPTER II", LF_KIND_CHAPTER, "CHAPTER II", ""},
	{"PART ONE", LF_KIND_PART, "PART ONE", ""},
	{"ANNEX", LF_KIND_SCHEDULE, "ANNEX", ""},
	{"Annex II Types of derivatives", LF_KIND_SCHEDULE, "Annex II", "Types of derivatives"},
	{"I. ОСНОВНЕ ОДРЕДБЕ", LF_KIND_CHAPTER, "I", "ОСНОВНЕ ОДРЕДБЕ"},
	{"Artikel 5 bis Ausnahmen", LF_KIND_ARTICLE, "Artikel 5 bis", "Ausnahmen"},
	/* not starts */
	{"Article 44 of the GDPR applies to every transfer.", NULL, NULL, NULL},
	{"Article 5(1) provides that", NULL, NULL, NULL},
	{"article 5 applies", NULL, NULL, NULL},
	{"Articles 44 to 49 apply", NULL, NULL, NULL},
	{"Part 1 of 2", NULL, NULL, NULL},
	{"Part II, sec. 3(", NULL, NULL, NULL},
	{"Schedule, subject to the restriction", NULL, NULL, NULL},
	{"Chapter overview", NULL, NULL, NULL},
	{"§§ 5 and 6 apply", NULL, NULL, NULL},
	{"Статья 12 настоящего Кодекса применяется", NULL, NULL, NULL},
	{"第三十七条规定的数据", NULL, NULL, NULL},
	{"依照本法第三十七条的规定", NULL, NULL, NULL},
	{"The controller shall implement measures.", NULL, NULL, NULL},
	{"I. Statement of assets", NULL, NULL, NULL},
	{"(1) Where the Central Government", NULL, NULL, NULL},
	{"1. For the purposes of this Regulation", NULL, NULL, NULL},
	{"Regulation (EU) 2016/679 of the European Parliament", NULL, NULL, NULL},
	{"", NULL, NULL, NULL},
};

/* One test over the table: cr_expect reports every failing line.  (Not a
 * ParameterizedTest: Criterion runs those in a new process where pointers
 * in the parameter array are not valid.) */
Test(line, cases)
{
	size_t i;

	for (i = 0; i < sizeof line_cases / sizeof *line_cases; i++) {
		const struct line_case *c = &line_cases[i];
		size_t ll = 99, rest = 99, n = strlen(c->line);
		const char *kind = lf_provision_line(c->line, n, &ll, &rest);

		if (!c->kind) {
			cr_expect_null(kind, "\"%s\" taken as a %s", c->line, kind);
			continue;
		}
		if (!kind) {
			cr_expect_not_null(kind, "\"%s\" not recognised", c->line);
			continue;
		}
		cr_expect_str_eq(kind, c->kind, "\"%s\"", c->line);
		cr_expect_eq(ll, strlen(c->label), "\"%s\": label length %zu", c->line, ll);
		cr_expect(!strncmp(c->line, c->label, ll), "\"%s\"", c->line);
		cr_expect_str_eq(c->line + rest, c->rest, "\"%s\" rest", c->line);
	}
}

Test(line, bounded_on_long_and_binary_lines, .timeout = 10)
{
	size_t n = 10u << 20, ll, rest;
	char *p = malloc(n);

	cr_assert_not_null(p);
	memset(p, 'A', n); /* one 10 MB word */
	cr_assert_null(lf_provision_line(p, n, &ll, &rest));
	memcpy(p, "Article 7 ", 10); /* a start followed by a 10 MB word */
	cr_assert_str_eq(lf_provision_line(p, n, &ll, &rest), LF_KIND_ARTICLE);
	cr_assert_eq(ll, 9);
	memset(p, 0, 64); /* NUL bytes */
	cr_assert_null(lf_provision_line(p, n, &ll, &rest));
	cr_assert_null(lf_provision_line("\xFF\xFE\x80", 3, &ll, &rest));
	cr_assert_null(lf_provision_line("第", 3, &ll, &rest));
	free(p);
}

/* ---- real files ------------------------------------------------------------ */

Test(markdown, chinese_cybersecurity_law)
{
	lf_law *law = load("markdown/cybersecurity_law_2016.md");
	const lf_prov *a37 = find(law, "第三十七条"), *sec, *ch;

	cr_assert_str_eq(law->format, "markdown");
	cr_assert_eq(count_kind(law, LF_KIND_ARTICLE), 79);
	cr_assert_eq(count_kind(law, LF_KIND_CHAPTER), 7);
	cr_assert_not_null(a37);
	cr_assert_str_eq(a37->id, "art37");
	cr_assert(strstr(a37->text, "关键信息基础设施的运营者") == a37->text, "%s", a37->text);
	cr_assert(strstr(a37->text, "应当在境内存储") != NULL);
	sec = parent_of(law, a37);
	cr_assert_str_eq(sec->label, "第二节");
	cr_assert_str_eq(sec->heading, "关键信息基础设施的运行安全");
	ch = parent_of(law, sec);
	cr_assert_str_eq(ch->label, "第三章");
	cr_assert_str_eq(ch->heading, "网络运行安全");
	cr_assert_str_eq(lf_law_get(law, LF_F_TITLE), "中华人民共和国网络安全法");
	cr_assert_str_eq(lf_law_get(law, LF_F_DATE_ENACTED), "2016-11-07");
	cr_assert(strstr(law->preface, "第二十四次会议通过") != NULL);
	cr_assert(!anywhere(law, "INFO END"));
	cr_assert(!anywhere(law, "##"));
	lf_law_free(law);
}

Test(markdown, indonesian_pasal)
{
	lf_law *law = load("markdown/pp_2019_71_electronic_systems.md");
	const lf_prov *p20 = find(law, "Pasal 20"), *p1 = find(law, "Pasal 1");

	cr_assert_not_null(p20);
	cr_assert_str_eq(p20->kind, LF_KIND_ARTICLE);
	cr_assert(!strncmp(p20->text, "(1) Penyelenggara Sistem Elektronik Lingkup Publik wajib", 56), "%s",
	          p20->text);
	cr_assert(strstr(p1->text, "Sistem Elektronik adalah serangkaian perangkat") != NULL);
	cr_assert_geq(count_kind(law, LF_KIND_ARTICLE), 104);
	/* "BAB II PENYELENGGARAAN SISTEM ELEKTRONIK" opens a chapter */
	cr_assert_not_null(find(law, "BAB II"));
	cr_assert_str_eq(find(law, "BAB II")->heading, "PENYELENGGARAAN SISTEM ELEKTRONIK");
	cr_assert(strstr(law->preface, "PERATURAN PEMERINTAH REPUBLIK INDONESIA") != NULL);
	lf_law_free(law);
}

Test(markdown, india_code_sections_and_front_matter)
{
	lf_law *law = load("markdown/it_act_2000_part2.md");
	const lf_prov *s69a = find(law, "Section 69A");
	size_t i;

	cr_assert_str_eq(law->format, "markdown");
	cr_assert_eq(count_kind(law, LF_KIND_SECTION), 67);
	cr_assert_not_null(s69a);
	cr_assert_str_eq(s69a->id, "s69a");
	cr_assert_str_eq(s69a->heading,
	                 "Power to issue directions for blocking for public access of any information "
	                 "through any computer resource");
	cr_assert(!strncmp(s69a->text, "(1) Where the Central Government", 32), "%s", s69a->text);
	cr_assert(strstr(s69a->text, "block for access by the public") != NULL);
	cr_assert_str_eq(lf_law_get(law, LF_F_TITLE), "The Information Technology Act, 2000");
	cr_assert_str_eq(lf_law_get(law, LF_F_LANGUAGE), "en");
	cr_assert_str_eq(law->src[LF_F_TITLE], "YAML front matter");
	cr_assert(strstr(law->preface, "Part 2 of 2") != NULL);
	/* Markdown syntax is not indexed */
	for (i = 0; i < law->nprovs; i++) {
		cr_assert(strstr(law->provs[i].text, "](") == NULL, "%s", law->provs[i].label);
		cr_assert(strstr(law->provs[i].text, "**") == NULL, "%s", law->provs[i].label);
		cr_assert(strstr(law->provs[i].text, "## ") == NULL, "%s", law->provs[i].label);
	}
	lf_law_free(law);
}

/* ---- strings ----------------------------------------------------------------- */

Test(markdown, syntax_stripped_and_front_matter_mapped)
{
	static const char md[] =
		"---\n"
		"title: \"Data Act\"\n"
		"short_title: DA\n"
		"jurisdiction: DEU\n"
		"language: German\n"
		"year: 2023\n"
		"in_force: 2024-01-11\n"
		"id: urn:test:1\n"
		"---\n"
		"# Ignored heading title\n"
		"\n"
		"Some **introductory** text with a [link](https://example.org) and `code`.\n"
		"<!-- a comment\n"
		"over two lines -->\n"
		"## Article 1 - Subject matter\n"
		"\n"
		"This _Regulation_ lays down rules ~~struck words~~ on data_access.\n"
		"\n"
		"| col | col |\n"
		"|-----|-----|\n"
		"| a | b |\n"
		"\n"
		"### Article 2\n"
		"Definitions\n"
		"\n"
		"For the purposes of this Regulation:\n";
	lf_err err = {0};
	int rc;
	lf_law *law = read_str(md, sizeof md - 1, 1, &rc, &err);
	const lf_prov *a1, *a2;

	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_str_eq(law->format, "markdown");
	cr_assert_str_eq(lf_law_get(law, LF_F_TITLE), "Data Act");
	cr_assert_str_eq(lf_law_get(law, LF_F_SHORT_TITLE), "DA");
	cr_assert_str_eq(lf_law_get(law, LF_F_JURISDICTION), "de");
	cr_assert_str_eq(lf_law_get(law, LF_F_LANGUAGE), "de");
	cr_assert_str_eq(lf_law_get(law, LF_F_DATE_ENACTED), "2023");
	cr_assert_str_eq(lf_law_get(law, LF_F_DATE_IN_FORCE), "2024-01-11");
	cr_assert_str_eq(lf_law_get(law, LF_F_ID), "urn:test:1");
	cr_assert_str_eq(law->preface, "Some introductory text with a link and code.");
	a1 = find(law, "Article 1");
	cr_assert_str_eq(a1->heading, "Subject matter");
	cr_assert_str_eq(a1->text, "This Regulation lays down rules on data_access. col col a b");
	a2 = find(law, "Article 2");
	cr_assert_str_eq(a2->heading, "Definitions");
	cr_assert_str_eq(a2->text, "For the purposes of this Regulation:");
	cr_assert(!anywhere(law, "comment"));
	lf_law_free(law);
}

Test(text, containers_nest_and_long_preface_becomes_preamble)
{
	lf_buf b;
	lf_err err = {0};
	int rc, i;
	lf_law *law;
	const lf_prov *p3;

	lf_buf_init(&b, 0);
	for (i = 0; i < 200; i++)
		lf_buf_adds(&b, "Menimbang bahwa perlu menetapkan peraturan pemerintah ini.\n");
	lf_buf_adds(&b, "BAB I\nKETENTUAN UMUM\nPasal 1\nDalam Peraturan ini yang dimaksud dengan:\n"
	                "Bagian Kesatu Umum\nParagraf 1\nPasal 2\nTeks dua.\nParagraf 2\nPasal 3\n"
	                "Teks tiga.\nBagian Kedua Lain\nPasal 4\nTeks empat.\nBAB II PENUTUP\nPasal 5\n"
	                "Peraturan ini mulai berlaku pada tanggal diundangkan.\n");
	law = read_str(b.p, b.n, 0, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_str_eq(law->format, "text");
	cr_assert_str_eq(law->provs[0].kind, LF_KIND_PREAMBLE);
	cr_assert_str_eq(law->preface, "");
	cr_assert_str_eq(find(law, "BAB I")->heading, "KETENTUAN UMUM");
	p3 = find(law, "Pasal 3");
	cr_assert_str_eq(parent_of(law, p3)->label, "Paragraf 2");
	cr_assert_str_eq(parent_of(law, parent_of(law, p3))->label, "Bagian Kesatu");
	cr_assert_str_eq(parent_of(law, parent_of(law, parent_of(law, p3)))->label, "BAB I");
	cr_assert_str_eq(parent_of(law, find(law, "Pasal 4"))->label, "Bagian Kedua");
	cr_assert_str_eq(parent_of(law, find(law, "Pasal 5"))->label, "BAB II");
	cr_assert_null(parent_of(law, find(law, "BAB II")));
	lf_law_free(law);
	lf_buf_free(&b);
}

Test(text, empty_and_blank_input)
{
	lf_err err = {0};
	int rc;
	lf_law *law = read_str("", 0, 1, &rc, &err);

	cr_assert_eq(rc, LF_EEMPTY);
	cr_assert_neq(err.msg[0], '\0');
	lf_law_free(law);
	law = read_str("\n \n\t\n<!-- only a comment -->\n", 26, 1, &rc, &err);
	cr_assert_eq(rc, LF_EEMPTY);
	lf_law_free(law);
}

Test(text, provision_cap_is_propagated, .timeout = 30)
{
	lf_buf b;
	lf_err err = {0};
	int rc, i;
	lf_law *law = lf_law_new();

	lf_buf_init(&b, 0);
	for (i = 1; i <= 1000; i++)
		lf_buf_printf(&b, "Article %d\nText.\n", i);
	law->max_provs = 100;
	rc = lf_read_text(b.p, b.n, 0, law, &err);
	cr_assert_eq(rc, LF_ETOOBIG, "rc %d", rc);
	cr_assert_neq(err.msg[0], '\0');
	lf_law_free(law);
	lf_buf_free(&b);
}

Test(text, hostile_input_is_bounded, .timeout = 60)
{
	size_t n = 10u << 20, i;
	char *p = malloc(n + 64);
	lf_err err = {0};
	int rc;
	lf_law *law;

	cr_assert_not_null(p);
	/* a 10 MB word after a label, with NUL bytes */
	memcpy(p, "Article 1\n", 10);
	memset(p + 10, 'w', n - 10);
	p[100] = '\0';
	p[n - 5] = '\0';
	law = read_str(p, n, 1, &rc, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_eq(strlen(find(law, "Article 1")->text), n - 10 - 2);
	lf_law_free(law);
	/* 10 MB of Markdown metacharacters on one line: linear, not quadratic */
	for (i = 0; i < n; i++)
		p[i] = "[<*_~`!^|]("[i % 11];
	law = read_str(p, n, 1, &rc, &err);
	cr_assert(rc == 0 || rc == LF_EEMPTY, "rc %d: %s", rc, err.msg);
	lf_law_free(law);
	/* ten million short lines */
	for (i = 0; i < n; i++)
		p[i] = i % 2 ? '\n' : 'x';
	law = read_str(p, n, 0, &rc, &err);
	cr_assert(rc == 0 || rc == LF_ETOOBIG, "rc %d: %s", rc, err.msg);
	lf_law_free(law);
	free(p);
}
