/*
 * test_reader_formex.c - the EU Formex 4 reader on real Formex files: an act
 * (GDPR excerpt, CRR excerpt with annexes) and a consolidated text (MiFID II)
 * in the Lexparency <LEXP.COMBINED> wrapper (tests/data/formex, copies from
 * the corpus, see SOURCES.md).  The GDPR excerpt holds Articles 1, 2, 4 and
 * 12-14 only (no Article 44).
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

TestSuite(reader_formex, .init = reader_setup);

static lf_law *load(const char *name)
{
	return load_from("formex", name, "formex");
}

static const struct {
	const char *file, *id, *lang, *enacted, *version, *number, *title_start;
	size_t nprovs, narticles;
} meta[] = {
	{"GDPR_formex_excerpt_L_2016119EN.xml", "32016R0679", "en", "2016-04-27", "(unset)", "2016/679",
	 "Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 April 2016 "
	 "on the protection of natural persons", 32, 6},
	{"CRR_32013R0575_de_formex.xml", "32013R0575", "de", "2013-06-26", "(unset)", "575/2013",
	 "Verordnung (EU) Nr. 575/2013 des Europäischen Parlaments und des Rates vom 26. Juni 2013",
	 73, 9},
	{"MiFID_II_2014L0065_de_formex.xml", "02014L0065-20200326", "de", "2014-05-15", "2020-03-26",
	 "2014/65", "Richtlinie 2014/65/EU des Europäischen Parlaments und des Rates vom 15. Mai 2014",
	 203, 15},
};

Test(reader_formex, metadata)
{
	size_t i;

	for (i = 0; i < sizeof meta / sizeof *meta; i++) {
		lf_law *law = load(meta[i].file);
		const char *title = field(law, LF_F_TITLE);
		cr_expect_str_eq(field(law, LF_F_ID), meta[i].id, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_JURISDICTION), "eu", "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_LANGUAGE), meta[i].lang, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_DATE_ENACTED), meta[i].enacted, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_DATE_VERSION), meta[i].version, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_NUMBER), meta[i].number, "%s", meta[i].file);
		cr_expect(!strncmp(title, meta[i].title_start, strlen(meta[i].title_start)),
		          "%s: title %s", meta[i].file, title);
		/* "(Text with EEA relevance)" / "(Text von Bedeutung für den EWR)" is dropped */
		cr_expect_null(strstr(title, "(Text"), "%s: %s", meta[i].file, title);
		cr_expect_eq(law->nprovs, meta[i].nprovs, "%s: %zu provisions", meta[i].file, law->nprovs);
		cr_expect_eq(count_kind(law, LF_KIND_ARTICLE), meta[i].narticles, "%s", meta[i].file);
		lf_law_free(law);
	}
}

Test(reader_formex, gdpr_structure)
{
	lf_law *law = load("GDPR_formex_excerpt_L_2016119EN.xml");
	const lf_prov *a13 = find(law, "Article 13"), *sec, *ch, *p;

	cr_expect_str_eq(law->field[LF_F_TITLE],
	                 "Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 "
	                 "April 2016 on the protection of natural persons with regard to the processing "
	                 "of personal data and on the free movement of such data, and repealing Directive "
	                 "95/46/EC (General Data Protection Regulation)");
	/* CHAPTER II > Section 2 > Article 13 */
	cr_assert_not_null(a13);
	cr_expect_str_eq(a13->kind, LF_KIND_ARTICLE);
	cr_expect_str_eq(a13->id, "art013");
	cr_expect_str_eq(a13->heading, "Information to be provided where personal data are collected "
	                               "from the data subject");
	sec = &law->provs[a13->parent];
	cr_expect_str_eq(sec->kind, LF_KIND_DIVISION);
	cr_expect_str_eq(sec->label, "Section 2");
	cr_expect_str_eq(sec->heading, "Information and access to personal data");
	ch = &law->provs[sec->parent];
	cr_expect_str_eq(ch->kind, LF_KIND_CHAPTER);
	cr_expect_str_eq(ch->label, "CHAPTER II");
	cr_expect_str_eq(ch->heading, "Rights of the data subject");
	/* paragraph 1. of Article 13 and its point (a) */
	p = find_in(law, "1.", "Article 13");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->kind, LF_KIND_PARAGRAPH);
	cr_expect_str_eq(p->id, "art013.001");
	p = &law->provs[p - law->provs + 1];
	cr_expect_str_eq(p->kind, LF_KIND_POINT);
	cr_expect_str_eq(p->label, "(a)");
	cr_expect_str_eq(p->text, "the identity and the contact details of the controller and, where "
	                          "applicable, of the controller's representative;");
	lf_law_free(law);
}

Test(reader_formex, gdpr_text)
{
	lf_law *law = load("GDPR_formex_excerpt_L_2016119EN.xml");
	const lf_prov *a4 = find(law, "Article 4"), *p;
	size_t i;

	cr_assert_not_null(a4);
	cr_expect_str_eq(a4->heading, "Definitions");
	cr_expect_str_eq(a4->text, "For the purposes of this Regulation:");
	p = find_in(law, "(1)", "Article 4");
	cr_assert_not_null(p);
	cr_expect(!strncmp(p->text, "personal data means any information relating to an identified or "
	                            "identifiable natural person (data subject); an identifiable", 120),
	          "%s", p->text);
	/* recitals at top level; footnotes (NOTE) are no text */
	cr_expect_eq(count_kind(law, LF_KIND_RECITAL), 4);
	p = find(law, "(3)");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->kind, LF_KIND_RECITAL);
	cr_expect_eq(p->parent, -1);
	cr_expect_str_eq(p->text, "Directive 95/46/EC of the European Parliament and of the Council.");
	for (i = 0; i < law->nprovs; i++)
		cr_expect_null(strstr(law->provs[i].text, "OJ L 281"), "note in %s", law->provs[i].label);
	/* the preamble's words are the preface */
	cr_expect(!strncmp(law->preface, "THE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION, "
	                                 "Having regard to the Treaty", 90), "%s", law->preface);
	cr_expect(strstr(law->preface, "Whereas: HAVE ADOPTED THIS REGULATION:") != NULL, "%s",
	          law->preface);
	cr_expect_null(strstr(law->preface, "OJ C 229"));
	cr_expect_null(strstr(law->preface, "fundamental right"));
	/* the final clause without the signatures */
	p = &law->provs[law->nprovs - 1];
	cr_expect_str_eq(p->kind, LF_KIND_PROVISION);
	cr_expect_str_eq(p->text, "This Regulation shall be binding in its entirety and directly "
	                          "applicable in all Member States.");
	lf_law_free(law);
}

Test(reader_formex, crr_annexes_and_quoted_articles)
{
	lf_law *law = load("CRR_32013R0575_de_formex.xml");
	const lf_prov *a = find(law, "Artikel 153"), *p;

	cr_assert_not_null(a);
	p = &law->provs[a->parent];
	cr_expect_str_eq(p->label, "Abschnitt 1");
	cr_expect_str_eq(p->kind, LF_KIND_DIVISION);
	p = &law->provs[p->parent];
	cr_expect_str_eq(p->label, "KAPITEL 1");
	cr_expect_str_eq(p->kind, LF_KIND_CHAPTER);
	p = &law->provs[p->parent];
	cr_expect_str_eq(p->label, "TITEL I");
	cr_expect_str_eq(p->kind, LF_KIND_TITLE);
	p = &law->provs[p->parent];
	cr_expect_str_eq(p->label, "TEIL 3");
	cr_expect_str_eq(p->kind, LF_KIND_PART);
	cr_expect_str_eq(p->heading, "EIGENMITTELANFORDERUNGEN");
	/* articles an amending article quotes are its text, not provisions */
	cr_expect_null(find(law, "Artikel 50a"));
	p = find_in(law, "(1)", "Artikel 520");
	cr_assert_not_null(p);
	cr_expect(strstr(p->text, "KAPITEL 4 Berechnungen und Meldungen") != NULL, "%.200s", p->text);
	cr_expect(strstr(p->text, "Artikel 50a Berechnung von KCCP") != NULL);
	/* annexes */
	cr_expect_eq(count_kind(law, LF_KIND_SCHEDULE), 3);
	p = find(law, "ANHANG IV");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->kind, LF_KIND_SCHEDULE);
	cr_expect_eq(p->parent, -1);
	cr_expect(!strncmp(p->text, "Entsprechungstabelle Diese Verordnung Richtlinie 2006/48/EC", 59),
	          "%.80s", p->text);
	lf_law_free(law);
}

Test(reader_formex, consolidated_text)
{
	lf_law *law = load("MiFID_II_2014L0065_de_formex.xml");
	const lf_prov *p = find(law, "Artikel 97");
	size_t i;

	cr_assert_not_null(p);
	cr_expect_str_eq(p->heading, "Adressaten");
	cr_expect_str_eq(p->text, "Diese Richtlinie ist an die Mitgliedstaaten gerichtet.");
	/* a lone TI without a provision word is a heading */
	p = &law->provs[p->parent];
	cr_expect_str_eq(p->label, "");
	cr_expect_str_eq(p->heading, "SCHLUSSBESTIMMUNGEN");
	cr_expect_str_eq(p->kind, LF_KIND_DIVISION);
	/* consolidation metadata (FAM.COMP: corrigenda, amending acts) is no text */
	for (i = 0; i < law->nprovs; i++)
		cr_expect_null(strstr(law->provs[i].text, "Berichtigung der Richtlinie"), "%s",
		               law->provs[i].label);
	lf_law_free(law);
}

Test(reader_formex, wrong_root_and_bare_act)
{
	const char *bad = "<?xml version=\"1.0\"?><LEXP.COMBINED><FOO/></LEXP.COMBINED>";
	const char *act = "<?xml version=\"1.0\"?><ACT><BIB.INSTANCE><DOCUMENT.REF><COLL>L</COLL>"
	                  "<NO.OJ>0119</NO.OJ><YEAR>2016</YEAR><PAGE.FIRST>1</PAGE.FIRST></DOCUMENT.REF>"
	                  "<DATE ISO=\"20160427\"/><LG.DOC>FR</LG.DOC></BIB.INSTANCE>"
	                  "<ENACTING.TERMS><ARTICLE IDENTIFIER=\"001\"><TI.ART>Article premier</TI.ART>"
	                  "<ALINEA>Texte.</ALINEA></ARTICLE></ENACTING.TERMS></ACT>";
	xmlDoc *doc = xmlReadMemory(bad, (int)strlen(bad), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};

	cr_assert_not_null(doc);
	cr_expect_eq(lf_read_formex(doc, law, &err), LF_EFORMAT);
	cr_expect(strstr(err.msg, "ACT") != NULL, "%s", err.msg);
	xmlFreeDoc(doc);
	lf_law_free(law);

	/* no NO.DOC: the id comes from the OJ reference */
	doc = xmlReadMemory(act, (int)strlen(act), NULL, NULL, XML_PARSE_NONET);
	law = lf_law_new();
	cr_assert_eq(lf_read_formex(doc, law, &err), 0, "%s", err.msg);
	cr_expect_str_eq(law->field[LF_F_ID], "eu/oj/L/2016/119/1");
	cr_expect_str_eq(law->field[LF_F_LANGUAGE], "fr");
	cr_expect_str_eq(law->field[LF_F_DATE_ENACTED], "2016-04-27");
	cr_assert_eq(law->nprovs, 1);
	cr_expect_str_eq(law->provs[0].label, "Article premier");
	cr_expect_str_eq(law->provs[0].text, "Texte.");
	xmlFreeDoc(doc);
	lf_law_free(law);
}

/* Divisions nested deeper than the provision depth limit (built as a tree:
 * the parser stops at 256 levels): bounded, the deepest keeps the rest. */
Test(reader_formex, depth_limit, .timeout = 10)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"ACT"), *n, *t;
	lf_law *law = lf_law_new();
	lf_err err = {0};
	char buf[32];
	int i;

	xmlDocSetRootElement(doc, root);
	n = xmlNewChild(root, NULL, (const xmlChar *)"ENACTING.TERMS", NULL);
	for (i = 0; i < 300; i++) {
		n = xmlNewChild(n, NULL, (const xmlChar *)"DIVISION", NULL);
		t = xmlNewChild(n, NULL, (const xmlChar *)"TITLE", NULL);
		snprintf(buf, sizeof buf, "CHAPTER %d", i);
		xmlNewChild(t, NULL, (const xmlChar *)"TI", (const xmlChar *)buf);
		snprintf(buf, sizeof buf, "text%d", i);
		xmlNewChild(n, NULL, (const xmlChar *)"P", (const xmlChar *)buf);
	}
	cr_assert_eq(lf_read_formex(doc, law, &err), 0, "%s", err.msg);
	cr_expect_eq(law->nprovs, 256);
	cr_expect_str_eq(law->provs[255].label, "CHAPTER 255");
	cr_expect_str_eq(law->provs[255].kind, LF_KIND_CHAPTER);
	cr_expect(!strncmp(law->provs[255].text, "text255 CHAPTER 256 text256", 27), "%.40s",
	          law->provs[255].text);
	cr_expect(strstr(law->provs[255].text, "text299") != NULL);
	xmlFreeDoc(doc);
	lf_law_free(law);
}
