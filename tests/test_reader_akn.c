/*
 * test_reader_akn.c - the Akoma Ntoso reader on real AKN 2.0 files (Kenya,
 * Serbia, Uruguay, the UN, a US public law: copies from the corpus) and a
 * hand-written AKN 3.0 fixture (tests/data/akn, see SOURCES.md), plus
 * hostile trees built in memory.
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

TestSuite(reader_akn, .init = reader_setup);

static lf_law *load(const char *name)
{
	return load_from("akn", name, "akn");
}

static const struct {
	const char *file, *id, *title, *short_title, *jur, *lang, *enacted, *in_force, *version,
		*number;
	size_t nprovs;
} meta[] = {
	{"Bill_Kenya_Information_and_Communications_2006.xml", "/ak/bill/2006-02-10/8",
	 "THE KENYA INFORMATION AND COMMUNICATIONS BILL 2006", "(unset)", "ak", "en", "2006-02-10",
	 "(unset)", "(unset)", "No.8 of 2006", 31},
	{"Act_Kenya_Retirement_Benefits_Amendment_2003.xml", "/ke/act/2003-12-10/8",
	 "THE RETIREMENT BENEFITS (AMENDMENT)", "(unset)", "ke", "en", "2003-12-10", "(unset)",
	 "(unset)", "8", 23},
	{"rs_119_akn.xml", "/rs/act/2009/111-83",
	 "УРЕДБУ о одређивању Министарства унутрашњих послова за издавање квалификованих "
	 "електронских сертификата",
	 "(unset)", "rs", "sr", "2009-12-29", "2010-01-06", "(unset)", "(unset)", 15},
	{"rs_4_akn.xml.gz", "/rs/act/2018/13-16",
	 "УРЕДБУ о начину и условима за отпочињање обављања комуналних делатности", "(unset)", "rs",
	 "sr", "2018", "2018-02-22", "(unset)", "(unset)", 152},
	{"Proyecto_Ley_15848_Caducidad_UY.xml", "/uy/bill/camera/repartido/2010-09-27/379-2010",
	 "ARTÍCULOS 1º, 3º Y 4º DE LA LEY Nº 15.848, DE CADUCIDAD DE LA PRETENSIÓN PUNITIVA DEL ESTADO",
	 "(unset)", "ak", "es", "2010-09-27", "(unset)", "(unset)", "Repartido Nº 379", 12},
	/* the source's FRBRWork date says October; the document is of February */
	{"UN_E_CN.7_2012_L.2_en.xml", "/un/resolution/2012-02-22/E/CN.7/2012/L.2",
	 "Promoting international cooperation in responding to new psychoactive substances",
	 "(unset)", "un", "en", "2012-10-22", "(unset)", "(unset)", "E/CN.7/2012/L.2", 5},
	{"PL_112-61_Americas_Cup_akn.xml", "/us/act/2011-11-29/112-61",
	 "To facilitate the hosting in the United States of the 34th America's Cup by authorizing "
	 "certain eligible vessels to participate in activities related to the competition, and for "
	 "other purposes.",
	 "America's Cup Act of 2011", "us", "en", "2011-11-29", "(unset)", "(unset)", "112-61", 21},
	{"akn3_ke_act_2003_8.xml", "/akn/ke/act/2003/8",
	 "THE RETIREMENT BENEFITS (AMENDMENT) ACT, 2003", "(unset)", "ke", "en", "2003-12-10",
	 "2003-12-19", "2003-12-19", "8", 9},
};

Test(reader_akn, metadata)
{
	size_t i;

	for (i = 0; i < sizeof meta / sizeof *meta; i++) {
		lf_law *law = load(meta[i].file);
		const char *f = meta[i].file;
		cr_expect_str_eq(field(law, LF_F_ID), meta[i].id, "%s", f);
		cr_expect_str_eq(field(law, LF_F_TITLE), meta[i].title, "%s", f);
		cr_expect_str_eq(field(law, LF_F_SHORT_TITLE), meta[i].short_title, "%s", f);
		cr_expect_str_eq(field(law, LF_F_JURISDICTION), meta[i].jur, "%s", f);
		cr_expect_str_eq(field(law, LF_F_LANGUAGE), meta[i].lang, "%s", f);
		cr_expect_str_eq(field(law, LF_F_DATE_ENACTED), meta[i].enacted, "%s", f);
		cr_expect_str_eq(field(law, LF_F_DATE_IN_FORCE), meta[i].in_force, "%s", f);
		cr_expect_str_eq(field(law, LF_F_DATE_VERSION), meta[i].version, "%s", f);
		cr_expect_str_eq(field(law, LF_F_NUMBER), meta[i].number, "%s", f);
		cr_expect_eq(law->nprovs, meta[i].nprovs, "%s: %zu provisions", f, law->nprovs);
		lf_law_free(law);
	}
}

Test(reader_akn, kenya_ict_bill)
{
	lf_law *law = load("Bill_Kenya_Information_and_Communications_2006.xml");
	const lf_prov *part, *s1, *s2, *ss1, *pre, *p;

	/* PART I - PRELIMINARY > Section 1, Section 2 > (1) > definitions */
	part = find(law, "PART I");
	cr_assert_not_null(part);
	cr_expect_str_eq(part->kind, LF_KIND_PART);
	cr_expect_str_eq(part->heading, "PRELIMINARY");
	cr_expect_str_eq(part->id, "part1");
	s1 = find_in(law, "Section 1", "PART I");
	cr_assert_not_null(s1);
	cr_expect_str_eq(s1->kind, LF_KIND_SECTION);
	cr_expect_str_eq(s1->heading, "Short title and commencement~");
	cr_expect_str_eq(s1->text,
	                 "This Act may be cited as the Kenya Information and Communications Act, 2006 "
	                 "and shall come into operation on such date as the Minister may, by notice "
	                 "in the Gazette, appoint and different dates may be appointed for different "
	                 "provisions.");
	s2 = find_in(law, "Section 2", "PART I");
	cr_assert_not_null(s2);
	cr_expect_str_eq(s2->heading, "Interpretation");
	cr_expect_str_eq(s2->text, "", "a section's own text leaves its subsections out");
	ss1 = find_in(law, "(1)", "Section 2");
	cr_assert_not_null(ss1);
	cr_expect_str_eq(ss1->kind, LF_KIND_SUBSECTION);
	cr_expect_str_eq(ss1->id, "sec2-subsct1");
	cr_expect_str_eq(ss1->text, "In this Act unless, the context otherwise requires-");
	/* definitions are items of the list, (a)-(c) items of an item */
	p = find_id(law, "sec2-subsct1-lst1-itm11-lst1-itmb");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->label, "(b)");
	cr_expect_str_eq(p->text, "serves a particular community;");
	cr_expect_str_eq(parent_of(law, p)->id, "sec2-subsct1-lst1-itm11");
	cr_expect_eq(p->depth, 4);
	/* the preamble and its four objects */
	pre = &law->provs[0];
	cr_expect_str_eq(pre->kind, LF_KIND_PREAMBLE);
	cr_expect_str_eq(pre->text, "WHEREAS it is considered necessary ENACTED by the Parliament of "
	                            "Kenya as follows:");
	p = find_in(law, "iv", "");
	cr_assert_not_null(p);
	cr_expect_eq(p->parent, 0);
	/* the preface: title, number, date, long title */
	cr_expect(strstr(law->preface, "AN ACT of Parliament to promote and develop") != NULL,
	          "%s", law->preface);
	cr_expect(strstr(law->preface, "No.8 of 2006") != NULL);
	cr_expect_eq(count_kind(law, LF_KIND_SECTION), 2);
	lf_law_free(law);
}

Test(reader_akn, serbian_regulation)
{
	lf_law *law = load("rs_119_akn.xml");
	const lf_prov *a1, *a4, *c;
	size_t i, arts = 0;

	/* bare article numbers get the Serbian word */
	for (i = 0; i < law->nprovs; i++)
		if (!strcmp(law->provs[i].kind, LF_KIND_ARTICLE)) {
			char want[32];
			snprintf(want, sizeof want, "Члан %zu", ++arts);
			cr_expect_str_eq(law->provs[i].label, want);
		}
	cr_expect_eq(arts, 4);
	a1 = find(law, "Члан 1");
	cr_assert_not_null(a1);
	cr_expect_str_eq(a1->id, "clan1");
	c = find_id(law, "clan1-stav1");
	cr_assert_not_null(c);
	cr_expect_str_eq(c->kind, LF_KIND_POINT);
	cr_expect_eq(&law->provs[c->parent], a1);
	cr_expect_str_eq(c->text, "Одређује се Министарство унутрашњих послова да, као "
	                          "сертификационо тело, издаје квалификоване електронске сертификате.");
	a4 = find(law, "Члан 4");
	cr_assert_not_null(a4);
	cr_expect_str_eq(law->provs[0].kind, LF_KIND_PREAMBLE);
	cr_expect(strstr(law->provs[0].text, "На основу члана 123. тачка 3. Устава") != NULL, "%s",
	          law->provs[0].text);
	cr_expect(strstr(law->preface, "Влада доноси") != NULL, "%s", law->preface);
	lf_law_free(law);
}

Test(reader_akn, serbian_gz_headings)
{
	lf_law *law = load("rs_4_akn.xml.gz");
	const lf_prov *a3 = find(law, "Члан 3"), *t;

	cr_assert_not_null(a3);
	cr_expect_str_eq(a3->heading,
	                 "Захтев за проверу испуњености услова за отпочињање обављања комуналних "
	                 "делатности");
	t = find_id(law, "clan3-stav3-tac2");
	cr_assert_not_null(t);
	cr_expect_str_eq(t->label, "2)");
	cr_expect_str_eq(t->text, "седиште подносиоца захтева;");
	cr_expect_eq(count_kind(law, LF_KIND_ARTICLE), 31);
	lf_law_free(law);
}

Test(reader_akn, quoted_structure_is_text)
{
	lf_law *law = load("Act_Kenya_Retirement_Benefits_Amendment_2003.xml");
	const lf_prov *s6 = find(law, "Section 6"), *ss;
	size_t i;

	cr_assert_not_null(s6);
	cr_expect_str_eq(s6->heading, "Insertion of section 54A in No. 3 of 1997");
	/* the inserted section 54A is words of section 6, not a provision */
	for (i = 0; i < law->nprovs; i++) {
		cr_expect_str_neq(law->provs[i].label, "54A");
		cr_expect(strncmp(law->provs[i].id, "mod", 3) != 0, "%s", law->provs[i].id);
	}
	ss = find_id(law, "sec6-sub1");
	cr_assert_not_null(ss);
	cr_expect_str_eq(ss->text,
	                 "The principal Act is amended by inserting the following new section "
	                 "immediately after section 54 - 54A Conduct of prosecutions. (1) The "
	                 "Attorney-General may, pursuant to the provisions of the Criminal "
	                 "Procedure Code, appoint public prosecutors for the purposes of cases "
	                 "arising under this Act. (2) The Authority shall, for the purposes of the "
	                 "Criminal Procedure Code, be deemed to be a public authority.");
	cr_expect_eq(count_kind(law, LF_KIND_SECTION), 7);
	lf_law_free(law);
}

Test(reader_akn, document_collection)
{
	lf_law *law = load("Proyecto_Ley_15848_Caducidad_UY.xml");
	const lf_prov *a3 = find(law, "Artículo 3º."), *b, *d;

	cr_assert_not_null(a3);
	cr_expect_str_eq(a3->kind, LF_KIND_ARTICLE);
	cr_expect_str_eq(a3->text,
	                 "- En virtud de lo dispuesto en los artículos 1º y 2º de la presente ley:");
	b = find_in(law, "B)", "Artículo 3º.");
	cr_assert_not_null(b);
	cr_expect_str_eq(b->id, "art3-lst1-itmb");
	/* the motivation, the collection's second document: paragraphs with no
	 * provision above them are units */
	d = find_id(law, "par1");
	cr_assert_not_null(d);
	cr_expect_str_eq(d->kind, LF_KIND_PROVISION);
	cr_expect_eq(d->parent, -1);
	d = find_id(law, "par2-subpar1-divisionII");
	cr_assert_not_null(d);
	cr_expect_str_eq(d->label, "División II");
	cr_expect_str_eq(d->heading,
	                 "Inaplicabilidad de los artículos 1º, 3º y 4º de la Ley Nº 15.848.");
	/* both prefaces; the signatures (conclusions) are not indexed */
	cr_expect(strstr(law->preface, "EXPOSICIÓN DE MOTIVOS") != NULL, "%s", law->preface);
	cr_expect(strstr(law->preface, "ROQUE ARREGUI") == NULL);
	lf_law_free(law);
}

Test(reader_akn, un_resolution_points_are_units)
{
	lf_law *law = load("UN_E_CN.7_2012_L.2_en.xml");
	const lf_prov *p1 = find(law, "1."), *p8 = find(law, "8.");

	cr_assert_not_null(p1);
	cr_expect_str_eq(p1->kind, LF_KIND_PROVISION);
	cr_expect_eq(p1->parent, -1);
	cr_expect(strncmp(p1->text, "Encourages Member States to monitor emerging trends", 51) == 0,
	          "%s", p1->text);
	cr_assert_not_null(p8);
	cr_expect_str_eq(law->provs[0].kind, LF_KIND_PREAMBLE);
	cr_expect(strstr(law->provs[0].text, "Concerned that new psychoactive substances") != NULL);
	/* the footnote of the preface is dropped */
	cr_expect(strstr(law->preface, "Item 4 of the provisional agenda") != NULL);
	cr_expect(strstr(law->preface, "E/CN.7/2012/1.") == NULL, "%s", law->preface);
	lf_law_free(law);
}

Test(reader_akn, us_public_law_labels_as_printed)
{
	lf_law *law = load("PL_112-61_Americas_Cup_akn.xml");
	const lf_prov *s1 = find(law, "SECTION 1."), *s2 = find(law, "SEC. 2."), *a;

	cr_assert_not_null(s1);
	cr_expect_str_eq(s1->heading, "SHORT TITLE.", "the side note is not part of the heading");
	cr_assert_not_null(s2);
	cr_expect_str_eq(s2->heading, "DEFINITIONS.");
	cr_expect_str_eq(s2->text, "In this Act:");
	a = find_in(law, "(A)", "(1)");
	cr_assert_not_null(a);
	cr_expect_eq(a->depth, 2);
	cr_expect(strstr(law->preface, "Approved November 29, 2011") == NULL, "conclusions dropped");
	lf_law_free(law);
}

Test(reader_akn, akn3_fixture)
{
	lf_law *law = load("akn3_ke_act_2003_8.xml");
	const lf_prov *h, *s6, *sch, *x;
	size_t i;

	h = find_id(law, "hcontainer_1");
	cr_assert_not_null(h);
	cr_expect_str_eq(h->kind, LF_KIND_DIVISION, "an hcontainer holding sections groups them");
	cr_expect_str_eq(h->heading, "Amendments of other provisions");
	s6 = find_id(law, "hcontainer_1__sec_6");
	cr_assert_not_null(s6);
	cr_expect_str_eq(s6->label, "Section 6");
	cr_expect_eq(&law->provs[s6->parent], h);
	cr_expect(strstr(s6->text, "54A Conduct of prosecutions. (1) The Attorney-General may") != NULL,
	          "%s", s6->text);
	x = find_in(law, "(b)", "Section 7");
	cr_assert_not_null(x);
	cr_expect_str_eq(x->id, "hcontainer_1__sec_7__para_b");
	x = find(law, "Section 7");
	cr_assert_not_null(x);
	cr_expect_str_eq(x->text, "Section 311 of Companies Act is amended -");
	/* the attachment is a schedule; its note is not text */
	sch = find_id(law, "att_1");
	cr_assert_not_null(sch);
	cr_expect_str_eq(sch->kind, LF_KIND_SCHEDULE);
	cr_expect_str_eq(sch->heading, "SCHEDULE");
	x = find_id(law, "att_1__hcontainer_1");
	cr_assert_not_null(x);
	cr_expect_eq(&law->provs[x->parent], sch);
	cr_expect(strstr(x->text, "\"pooled fund\" means a fund established") != NULL, "%s", x->text);
	cr_expect(strstr(x->text, "placed here for the test") == NULL, "%s", x->text);
	for (i = 0; i < law->nprovs; i++)
		cr_expect(strstr(law->provs[i].id, "qstr") == NULL, "%s", law->provs[i].id);
	cr_expect(strstr(law->preface,
	                 "An Act of Parliament to amend the Retirement Benefits Act, 1997") != NULL);
	lf_law_free(law);
}

Test(reader_akn, not_akoma_ntoso)
{
	const char *x = "<?xml version=\"1.0\"?><Legislation xmlns=\"http://www.legislation.gov.uk/"
	                "namespaces/legislation\"/>";
	xmlDoc *doc = xmlReadMemory(x, (int)strlen(x), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};

	cr_assert_not_null(doc);
	cr_expect_eq(lf_read_akn(doc, law, &err), LF_EFORMAT);
	cr_expect(strstr(err.msg, "Legislation") != NULL, "%s", err.msg);
	xmlFreeDoc(doc);
	lf_law_free(law);
}

Test(reader_akn, provision_cap)
{
	char path[1024];
	lf_buf b;
	lf_err err = {0};
	int gz;
	xmlDoc *doc;
	lf_law *law = lf_law_new();

	snprintf(path, sizeof path, "%s/akn/%s", LF_TEST_DATA,
	         "Bill_Kenya_Information_and_Communications_2006.xml");
	lf_buf_init(&b, 0);
	cr_assert_eq(lf_load_file(path, 1 << 24, &b, &gz, &err), 0, "%s", err.msg);
	doc = xmlReadMemory(b.p, (int)b.n, NULL, NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	law->max_provs = 10;
	cr_expect_eq(lf_read_akn(doc, law, &err), LF_ETOOBIG);
	cr_expect_eq(err.code, LF_ETOOBIG);
	cr_expect_str_eq(err.msg, "Akoma Ntoso: more than 10 provisions");
	xmlFreeDoc(doc);
	lf_law_free(law);
	lf_buf_free(&b);
}

/* An act whose body nests n sections, each with a num, a heading and text
 * wrapped in n_wrap <content> levels; built in memory (the parser refuses
 * such depths, other producers of trees may not). */
static xmlDoc *deep_act(int n, int n_wrap)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"akomaNtoso"), *cur;
	int i, j;

	xmlDocSetRootElement(doc, root);
	cur = xmlNewChild(root, NULL, (const xmlChar *)"act", NULL);
	cur = xmlNewChild(cur, NULL, (const xmlChar *)"body", NULL);
	for (i = 0; i < n; i++) {
		char num[16];
		snprintf(num, sizeof num, "%d.", i + 1);
		cur = xmlNewChild(cur, NULL, (const xmlChar *)"section", NULL);
		xmlNewChild(cur, NULL, (const xmlChar *)"num", (const xmlChar *)num);
		xmlNewChild(cur, NULL, (const xmlChar *)"heading", (const xmlChar *)"Deep");
		for (j = 0; j < n_wrap; j++)
			cur = xmlNewChild(cur, NULL, (const xmlChar *)"content", NULL);
		xmlNewChild(cur, NULL, (const xmlChar *)"p", (const xmlChar *)"words");
	}
	return doc;
}

/* Frees a deep tree from the leaves up: libxml2's own free may recurse. */
static void free_deep(xmlDoc *doc)
{
	xmlNode *n = xmlDocGetRootElement(doc), *up;

	while (n) {
		while (n->last)
			n = n->last;
		up = n->parent;
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		n = up && up->type == XML_ELEMENT_NODE ? up : NULL;
	}
	xmlFreeDoc(doc);
}

Test(reader_akn, deep_nesting_is_bounded, .timeout = 60)
{
	const int n = 5000;
	xmlDoc *doc = deep_act(n, 3);
	lf_law *law = lf_law_new();
	lf_err err = {0};
	size_t i;
	int maxd = 0;

	cr_assert_eq(lf_read_akn(doc, law, &err), 0, "%s", err.msg);
	cr_expect_eq(law->nprovs, (size_t)n);
	for (i = 0; i < law->nprovs; i++)
		if (law->provs[i].depth > maxd)
			maxd = law->provs[i].depth;
	cr_expect_eq(maxd, 256, "deeper sections hang under the 256th level, not deeper");
	cr_expect_str_eq(law->provs[n - 1].text, "words");
	cr_expect_str_eq(law->provs[n - 1].label, "Section 5000");
	lf_law_free(law);
	free_deep(doc);
}

Test(reader_akn, wide_document_is_linear, .timeout = 60)
{
	/* 100,000 sibling items in one list: a quadratic walk would take minutes */
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"akomaNtoso"), *s, *bl;
	lf_law *law = lf_law_new();
	lf_err err = {0};
	int i;

	xmlDocSetRootElement(doc, root);
	s = xmlNewChild(xmlNewChild(xmlNewChild(root, NULL, (const xmlChar *)"act", NULL), NULL,
	                            (const xmlChar *)"body", NULL),
	                NULL, (const xmlChar *)"section", NULL);
	bl = xmlNewChild(s, NULL, (const xmlChar *)"blockList", NULL);
	for (i = 0; i < 100000; i++)
		xmlNewChild(xmlNewChild(bl, NULL, (const xmlChar *)"item", NULL), NULL,
		            (const xmlChar *)"p", (const xmlChar *)"x");
	cr_assert_eq(lf_read_akn(doc, law, &err), 0, "%s", err.msg);
	cr_expect_eq(law->nprovs, 100001);
	lf_law_free(law);
	xmlFreeDoc(doc);
}
