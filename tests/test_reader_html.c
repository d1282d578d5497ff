/*
 * test_reader_html.c - the HTML reader (indexer/html.c) on real pages:
 * EUR-Lex (GDPR, an old OJ page, a classless 2002 page), Serbian, Russian
 * and Brazilian (Planalto, windows-1252, struck text) laws, plus hostile
 * input with a bound on time.
 */
#include <criterion/criterion.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

static lf_law *load(const char *rel)
{
	return load_from(NULL, rel, NULL);
}

static lf_law *parse(const char *html, lf_err *err, int *rc)
{
	lf_law *law = NULL;

	*rc = lf_read_buffer(html, strlen(html), "test.html", &law, err);
	return law;
}

/* ---- EUR-Lex ------------------------------------------------------------- */

Test(eurlex, gdpr_articles_and_recitals)
{
	lf_law *law = load("eurlex/L_2016119EN.01000101_GDPR.html.gz");
	const lf_prov *a44, *ch, *r1;

	cr_assert_str_eq(law->format, "eurlex-html");
	cr_assert_eq(count_kind(law, LF_KIND_ARTICLE), 99);
	cr_assert_eq(count_kind(law, LF_KIND_RECITAL), 173);
	cr_assert_eq(count_kind(law, LF_KIND_CHAPTER), 11);
	a44 = find(law, "Article 44");
	cr_assert_not_null(a44);
	cr_assert_str_eq(a44->heading, "General principle for transfers");
	cr_assert_str_eq(a44->id, "art44");
	cr_assert(strstr(a44->text, "transfer of personal data") != NULL);
	cr_assert(strstr(a44->text, "onward transfers") != NULL);
	ch = parent_of(law, a44);
	cr_assert_not_null(ch);
	cr_assert_str_eq(ch->label, "CHAPTER V");
	cr_assert_str_eq(ch->heading,
	                 "Transfers of personal data to third countries or international organisations");
	/* sections of a chapter are containers, not units */
	cr_assert_str_eq(parent_of(law, find(law, "Article 12"))->kind, LF_KIND_DIVISION);
	cr_assert_str_eq(parent_of(law, find(law, "Article 12"))->heading, "Transparency and modalities");
	r1 = find(law, "(1)");
	cr_assert_not_null(r1);
	cr_assert_str_eq(r1->kind, LF_KIND_RECITAL);
	cr_assert(!strncmp(r1->text, "The protection of natural persons", 33), "%s", r1->text);
	lf_law_free(law);
}

Test(eurlex, gdpr_metadata_and_clean_text)
{
	lf_law *law = load("eurlex/L_2016119EN.01000101_GDPR.html.gz");

	cr_assert_str_eq(lf_law_get(law, LF_F_ID), "32016R0679");
	cr_assert_str_eq(lf_law_get(law, LF_F_JURISDICTION), "eu");
	cr_assert_str_eq(lf_law_get(law, LF_F_LANGUAGE), "en");
	cr_assert_str_eq(lf_law_get(law, LF_F_NUMBER), "2016/679");
	cr_assert_str_eq(lf_law_get(law, LF_F_DATE_ENACTED), "2016-04-27");
	cr_assert(!strncmp(lf_law_get(law, LF_F_TITLE), "REGULATION (EU) 2016/679 OF THE EUROPEAN", 40));
	cr_assert(strstr(lf_law_get(law, LF_F_TITLE), "General Data Protection Regulation") != NULL);
	/* citations are preface; the enacting terms are not in recitals */
	cr_assert(strstr(law->preface, "Having regard to the Treaty") != NULL);
	cr_assert(strstr(find(law, "(173)")->text, "HAVE ADOPTED") == NULL);
	/* the page's scripts, OJ header and footnotes are not text */
	cr_assert(!anywhere(law, "dtconfig"));
	cr_assert(!anywhere(law, "ruxitagent"));
	cr_assert(!anywhere(law, "Official Journal of the European Union L 119/1"));
	lf_law_free(law);
}

Test(eurlex, old_oj_page_recitals_tables_and_annexes)
{
	lf_law *law = load("eurlex/L_2013176EN_eurlex.html");
	const lf_prov *a1 = find(law, "Article 1");

	cr_assert_str_eq(law->format, "eurlex-html");
	cr_assert_eq(count_kind(law, LF_KIND_RECITAL), 2);
	cr_assert_eq(count_kind(law, LF_KIND_ARTICLE), 5);
	cr_assert_eq(count_kind(law, LF_KIND_SCHEDULE), 2);
	cr_assert_str_eq(a1->heading, "Scope");
	/* points in tables stay in the article's text, label and text together */
	cr_assert(strstr(a1->text, "(a) own funds requirements") != NULL, "%s", a1->text);
	cr_assert_str_eq(parent_of(law, a1)->label, "TITLE I");
	cr_assert_str_eq(parent_of(law, parent_of(law, a1))->label, "PART ONE");
	cr_assert_str_eq(find(law, "ANNEX II")->heading, "Types of derivatives");
	cr_assert_str_eq(lf_law_get(law, LF_F_ID), "32013R0575");
	lf_law_free(law);
}

Test(eurlex, classless_page_from_lines)
{
	lf_law *law = load("eurlex/32002R0006_community_designs_en.html");
	const lf_prov *a3 = find(law, "Article 3"), *sec;

	cr_assert_str_eq(law->format, "eurlex-html");
	cr_assert_eq(count_kind(law, LF_KIND_RECITAL), 5);
	cr_assert_eq(count_kind(law, LF_KIND_ARTICLE), 6);
	cr_assert_str_eq(find(law, "Article 1")->heading, "Community design");
	sec = parent_of(law, a3);
	cr_assert_str_eq(sec->label, "Section 1");
	cr_assert_str_eq(sec->kind, LF_KIND_DIVISION);
	cr_assert_str_eq(sec->heading, "Requirements for protection");
	cr_assert_str_eq(parent_of(law, sec)->label, "TITLE II");
	/* signatures and footnotes after "Done at" are dropped */
	cr_assert(strstr(find(law, "Article 111")->text, "OJ C 29") == NULL);
	cr_assert(!anywhere(law, "Avis juridique important"));
	cr_assert_str_eq(lf_law_get(law, LF_F_ID), "32002R0006");
	cr_assert_str_eq(lf_law_get(law, LF_F_DATE_ENACTED), "2001-12-12");
	lf_law_free(law);
}

Test(eurlex, commission_proposal_classes)
{
	lf_law *law = load("eurlex/COM_2021_206_AI_Act_proposal_de.html.gz");
	const lf_prov *a5 = find(law, "Artikel 5"), *r1 = find(law, "(1)");

	cr_assert_str_eq(law->format, "eurlex-html");
	cr_assert_eq(count_kind(law, LF_KIND_ARTICLE), 85);
	cr_assert_eq(count_kind(law, LF_KIND_RECITAL), 89);
	cr_assert_eq(count_kind(law, LF_KIND_SCHEDULE), 9);
	/* "Artikel 1<br>Gegenstand" in one paragraph: label and heading */
	cr_assert_str_eq(find(law, "Artikel 1")->heading, "Gegenstand");
	cr_assert_str_eq(parent_of(law, a5)->label, "TITEL II");
	/* list numbers set apart only by CSS get a space: "(1) Folgende" */
	cr_assert(!strncmp(a5->text, "(1) Folgende Praktiken", 22), "%s", a5->text);
	cr_assert(!strncmp(r1->text, "Zweck dieser Verordnung", 23), "%s", r1->text);
	/* the explanatory memorandum is long: a preamble unit, first */
	cr_assert_str_eq(law->provs[0].kind, LF_KIND_PREAMBLE);
	cr_assert(!strncmp(law->provs[0].text, "BEGRÜNDUNG", 11));
	/* the legislative financial statement after "Geschehen zu Brüssel" is dropped */
	cr_assert(!anywhere(law, "FINANZBOGEN"));
	cr_assert_str_eq(lf_law_get(law, LF_F_ID), "52021PC0206");
	cr_assert_str_eq(lf_law_get(law, LF_F_NUMBER), "COM(2021) 206");
	cr_assert_str_eq(lf_law_get(law, LF_F_DATE_VERSION), "2021-04-21");
	cr_assert_null(lf_law_get(law, LF_F_DATE_ENACTED)); /* a proposal */
	lf_law_free(law);
}

/* ---- generic HTML --------------------------------------------------------- */

Test(html, serbian_clan_labels_headings_and_chapters)
{
	lf_law *law = load("html/rs_549.html");
	const lf_prov *c1 = find(law, "Члан 1"), *c17 = find(law, "Члан 17");

	cr_assert_str_eq(law->format, "html");
	cr_assert_eq(count_kind(law, LF_KIND_ARTICLE), 74);
	cr_assert_not_null(c1);
	cr_assert_str_eq(c1->heading, "Предмет"); /* the bold line above the label */
	cr_assert(!strncmp(c1->text, "Овим законом уређују се електронски документ", 80));
	cr_assert_str_eq(parent_of(law, c1)->heading, "УВОДНЕ ОДРЕДБЕ");
	cr_assert_str_eq(parent_of(law, c1)->kind, LF_KIND_CHAPTER);
	cr_assert_str_eq(c17->heading, "Услови које мора да испуњава шема електронске идентификације");
	cr_assert_str_eq(lf_law_get(law, LF_F_TITLE),
	                 "ЗАКОН о електронском документу, електронској идентификацији и услугама "
	                 "од поверења у електронском пословању");
	cr_assert_null(lf_law_get(law, LF_F_JURISDICTION)); /* not stated by the page */
	lf_law_free(law);
}

Test(html, russian_word_html_statya)
{
	lf_law *law = load("html/family_code_102038925.html.gz");
	const lf_prov *s1 = find(law, "Статья 1");

	cr_assert_str_eq(law->format, "html");
	cr_assert_eq(count_kind(law, LF_KIND_ARTICLE), 177);
	cr_assert_not_null(s1);
	cr_assert_str_eq(s1->heading, "Основные начала семейного законодательства");
	cr_assert_str_eq(parent_of(law, s1)->label, "ГЛАВА 1");
	cr_assert_str_eq(parent_of(law, parent_of(law, s1))->label, "РАЗДЕЛ I");
	/* "Статья 126<span class="W9">1</span>": raised by the page's CSS */
	cr_assert_not_null(find(law, "Статья 126.1"));
	cr_assert_str_eq(find(law, "Статья 126.1")->id, "art126-1");
	cr_assert_null(find(law, "Статья 1261"));
	cr_assert_str_eq(lf_law_get(law, LF_F_TITLE), "Семейный кодекс Российской Федерации");
	cr_assert_str_eq(lf_law_get(law, LF_F_LANGUAGE), "ru");
	cr_assert(!anywhere(law, "mso-page-orientation")); /* the style sheet */
	lf_law_free(law);
}

Test(html, planalto_lgpd_struck_text_dropped)
{
	lf_law *law = load("html/L13709_LGPD_2018_planalto.html.gz");
	const lf_prov *a33 = find(law, "Art. 33"), *a29;

	cr_assert_str_eq(law->format, "html");
	cr_assert_not_null(a33);
	cr_assert(strstr(a33->text, "A transferência internacional de dados pessoais") != NULL);
	cr_assert_str_eq(parent_of(law, a33)->label, "CAPÍTULO V");
	cr_assert_str_eq(parent_of(law, a33)->heading, "DA TRANSFERÊNCIA INTERNACIONAL DE DADOS");
	/* superseded (struck) versions are dropped: one Art. 29, the current one */
	cr_assert_eq(count_label(law, "Art. 29"), 1);
	a29 = find(law, "Art. 29");
	cr_assert(strstr(a29->text, "Lei nº 13.853") != NULL, "%s", a29->text);
	cr_assert(strstr(a29->text, "Medida Provisória nº 869") == NULL, "%s", a29->text);
	cr_assert_eq(count_label(law, "Art. 55-A"), 1);
	/* "§ 1º" paragraphs and "Seção" containers are not articles */
	cr_assert_eq(count_kind(law, LF_KIND_ARTICLE), 79);
	cr_assert_str_eq(parent_of(law, find(law, "Art. 7º"))->label, "Seção I");
	cr_assert(strstr(find(law, "Art. 7º")->text, "§ 3º") != NULL);
	lf_law_free(law);
}

/* ---- small and hostile pages ----------------------------------------------- */

Test(html, drops_scripts_navigation_forms_comments)
{
	lf_err err = {0};
	int rc;
	lf_law *law = parse("<!DOCTYPE html><html lang=\"fr\"><head><title>Loi sur les essais</title>"
	                    "<script>var secret = 1;</script><style>p{}</style></head><body>"
	                    "<nav><p>Accueil</p></nav><header><p>Menu du site</p></header>"
	                    "<!-- commentaire caché -->"
	                    "<h2>Article 1</h2><p>Le texte <b>en vigueur</b>.</p>"
	                    "<form><p>Rechercher</p></form><noscript>Activez JavaScript</noscript>"
	                    "<p>Article 2 Durée</p><p>Deuxième texte.</p>"
	                    "<footer><p>Pied de page</p></footer></body></html>",
	                    &err, &rc);

	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_eq(law->nprovs, 2);
	cr_assert_str_eq(law->provs[0].label, "Article 1");
	cr_assert_str_eq(law->provs[0].text, "Le texte en vigueur.");
	cr_assert_str_eq(law->provs[1].heading, "Durée");
	cr_assert_str_eq(lf_law_get(law, LF_F_TITLE), "Loi sur les essais");
	cr_assert_str_eq(lf_law_get(law, LF_F_LANGUAGE), "fr");
	cr_assert(!anywhere(law, "secret") && !anywhere(law, "Accueil") && !anywhere(law, "Menu") &&
	          !anywhere(law, "commentaire") && !anywhere(law, "Rechercher") &&
	          !anywhere(law, "JavaScript") && !anywhere(law, "Pied"));
	lf_law_free(law);
}

Test(html, only_script_is_empty)
{
	lf_err err = {0};
	int rc;
	lf_law *law = parse("<html><head><script>x()</script></head><body> </body></html>", &err, &rc);

	cr_assert_eq(rc, LF_EEMPTY, "rc %d: %s", rc, err.msg);
	cr_assert_null(law);
}

Test(html, provision_cap_is_propagated, .timeout = 30)
{
	lf_buf b;
	lf_law *law = lf_law_new();
	lf_err err = {0};
	xmlDocPtr doc;
	int i, rc;

	lf_buf_init(&b, 0);
	lf_buf_adds(&b, "<html><body>");
	for (i = 1; i <= 500; i++)
		lf_buf_printf(&b, "<p>Article %d</p><p>Text %d.</p>", i, i);
	lf_buf_adds(&b, "</body></html>");
	doc = htmlReadMemory(b.p, (int)b.n, NULL, "UTF-8",
	                     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                         HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
	law->max_provs = 100;
	rc = lf_read_html(doc, law, &err);
	cr_assert_eq(rc, LF_ETOOBIG, "rc %d", rc);
	cr_assert_neq(err.msg[0], '\0');
	xmlFreeDoc(doc);
	lf_law_free(law);
	lf_buf_free(&b);
}

Test(html, huge_word_deep_nesting_and_nul, .timeout = 60)
{
	size_t big = 10u << 20, i;
	char *page = malloc(big + 4096);
	lf_err err = {0};
	lf_law *law = NULL;
	size_t o = 0;
	int rc;

	cr_assert_not_null(page);
	o += (size_t)sprintf(page, "<html><body><p>Article 1</p><p>");
	memset(page + o, 'x', big); /* a 10 MB word */
	o += big;
	o += (size_t)sprintf(page + o, "</p>");
	for (i = 0; i < 600; i++) /* deeper than libxml2 or our walk would recurse */
		o += (size_t)sprintf(page + o, "<div>");
	o += (size_t)sprintf(page + o, "<p>Article 2</p><p>deep%c text</p></body></html>", 0);
	rc = lf_read_buffer(page, o, "big.html", &law, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_geq(law->nprovs, 1);
	/* libxml2 caps a text node at 10,000,000 bytes (no XML_PARSE_HUGE) */
	cr_assert_geq(strlen(find(law, "Article 1")->text), 1u << 20);
	lf_law_free(law);
	free(page);
}
