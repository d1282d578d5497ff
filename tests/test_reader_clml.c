/*
 * test_reader_clml.c - the CLML reader on real legislation.gov.uk files: an
 * Act of the Scottish Parliament, statutory instruments, a revised extract of
 * a UK Act and an EU decision (tests/data/clml, copies from the corpus, see
 * SOURCES.md).
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

TestSuite(reader_clml, .init = reader_setup);

static lf_law *load(const char *name)
{
	return load_from("clml", name, "clml");
}

static const struct {
	const char *file, *id, *title, *jur, *lang, *enacted, *in_force, *version, *number;
	size_t nprovs;
} meta[] = {
	{"uksi-1998-572-made.xml", "http://www.legislation.gov.uk/id/uksi/1998/572",
	 "The Road Vehicles Registration Fee Regulations 1998", "gb", "(unset)", "1998-03-04",
	 "1998-04-01", "(unset)", "1998 No. 572", 4},
	{"asp_20020006_en.xml", "http://www.legislation.gov.uk/id/asp/2002/6",
	 "Protection of Wild Mammals (Scotland) Act 2002", "gb", "en", "(unset)", "(unset)",
	 "(unset)", "2002 asp 6", 101},
	{"ukpga-1996-16-section-101.xml.gz", "http://www.legislation.gov.uk/id/ukpga/1996/16",
	 "Police Act 1996", "gb", "en", "1996-05-22", "(unset)", "2013-04-01", "1996 c. 16", 9},
	{"uksi-1996-3166-schedule-made.xml", "http://www.legislation.gov.uk/id/uksi/1996/3166",
	 "The Double Taxation Relief (Taxes on Income)(Finland) Order 1996", "gb", "(unset)",
	 "1996-12-19", "(unset)", "(unset)", "1996 No. 3166", 25},
	{"eudn_2004_605_adopted.xml", "http://www.legislation.gov.uk/id/eudn/2004/605",
	 "Decision of the Translation Centre for the bodies of the European Union of 13 April 2004 on "
	 "the implementation of Regulation (EC) No 1049/2001 of the European Parliament and of the "
	 "Council regarding public access to documents (2004/605/EC)",
	 "eu", "en", "2004-04-13", "(unset)", "(unset)", "2004/605", 46},
};

Test(reader_clml, metadata)
{
	size_t i;

	for (i = 0; i < sizeof meta / sizeof *meta; i++) {
		lf_law *law = load(meta[i].file);
		const char *f = meta[i].file;
		cr_expect_str_eq(field(law, LF_F_ID), meta[i].id, "%s", f);
		cr_expect_str_eq(field(law, LF_F_TITLE), meta[i].title, "%s", f);
		cr_expect_null(law->field[LF_F_SHORT_TITLE], "%s", f);
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

Test(reader_clml, regulations)
{
	lf_law *law = load("uksi-1998-572-made.xml");
	const lf_prov *r1 = find(law, "reg. 1"), *r2 = find(law, "reg. 2"), *p;

	cr_assert_not_null(r1);
	cr_expect_str_eq(r1->kind, LF_KIND_RULE);
	cr_expect_str_eq(r1->id, "regulation-1");
	cr_expect_str_eq(r1->heading, "Citation and commencement", "a P1group's Title heads its P1");
	cr_expect_str_eq(r1->text, "These Regulations may be cited as the Road Vehicles Registration "
	                           "Fee Regulations 1998 and shall come into force on 1th April 1998.");
	cr_assert_not_null(r2);
	cr_expect_str_eq(r2->heading, "Fee for registration of a mechanically propelled vehicle");
	p = find_in(law, "(2)", "reg. 2");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->kind, LF_KIND_SUBSECTION);
	cr_expect_str_eq(p->id, "regulation-2-2");
	cr_expect_str_eq(p->text, "Paragraph (1) does not apply to a vehicle which is an exempt "
	                          "vehicle by virtue of paragraph 18 or 19 of Schedule 2 to that Act.");
	/* the prelims are the preface; signatures, explanatory note and
	 * footnotes are not indexed */
	cr_expect(strstr(law->preface, "hereby makes the following Regulations") != NULL, "%s",
	          law->preface);
	cr_expect(strstr(law->preface, "Helene Hayman") == NULL);
	cr_expect(strstr(law->preface, "This note is not part of the Regulations") == NULL);
	cr_expect(strstr(law->preface, "1994 c. 22") == NULL, "footnote text: %s", law->preface);
	lf_law_free(law);
}

Test(reader_clml, scottish_act_sections_and_schedule)
{
	lf_law *law = load("asp_20020006_en.xml");
	const lf_prov *s1 = find(law, "s. 1"), *ss, *sch, *para;
	size_t i;

	cr_assert_not_null(s1);
	cr_expect_str_eq(s1->kind, LF_KIND_SECTION);
	cr_expect_str_eq(s1->heading, "Offences");
	ss = find_in(law, "(1)", "s. 1");
	cr_assert_not_null(ss);
	cr_expect_str_eq(ss->text, "A person who deliberately hunts a wild mammal with a dog commits "
	                           "an offence.");
	cr_expect_eq(count_kind(law, LF_KIND_SECTION), 12);
	/* schedule paragraphs: "para. 1" under the schedule */
	sch = find(law, "Schedule");
	cr_assert_not_null(sch);
	cr_expect_str_eq(sch->kind, LF_KIND_SCHEDULE);
	cr_expect_str_eq(sch->heading, "Consequential amendments and repeals");
	para = find_in(law, "para. 1", "Schedule");
	cr_assert_not_null(para);
	cr_expect_str_eq(para->kind, LF_KIND_PARAGRAPH);
	cr_expect_str_eq(para->heading, "Game (Scotland) Act 1832 (c. 68)");
	/* the table of contents is not text */
	for (i = 0; i < law->nprovs; i++)
		cr_expect(strstr(law->provs[i].text, "Exception: stalking and flushing from cover") == NULL,
		          "%s", law->provs[i].label);
	cr_expect(strstr(law->preface, "Contents") == NULL, "%s", law->preface);
	cr_expect(strstr(law->preface, "An Act of the Scottish Parliament to protect wild mammals"));
	lf_law_free(law);
}

Test(reader_clml, revised_extract_part_and_crossheading)
{
	lf_law *law = load("ukpga-1996-16-section-101.xml.gz");
	const lf_prov *part = find(law, "Part V"), *cross, *s101, *p;

	cr_assert_not_null(part);
	cr_expect_str_eq(part->kind, LF_KIND_PART);
	cr_expect_str_eq(part->heading, "Miscellaneous and General");
	cross = find_id(law, "part-V-crossheading-supplemental");
	cr_assert_not_null(cross);
	cr_expect_str_eq(cross->kind, LF_KIND_DIVISION);
	cr_expect_str_eq(cross->heading, "Supplemental");
	s101 = find(law, "s. 101");
	cr_assert_not_null(s101);
	cr_expect_str_eq(s101->heading, "Interpretation.");
	cr_expect_eq(&law->provs[s101->parent], cross);
	p = find_id(law, "section-101-2-b");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->label, "(b)");
	cr_expect_str_eq(p->kind, LF_KIND_PARAGRAPH);
	/* commentaries (the annotations) are not text */
	cr_expect(strstr(find_id(law, "section-101-1")->text, "Words in s. 101") == NULL);
	cr_expect(strstr(find_id(law, "section-101-1")->text,
	                 "“police force” means a force maintained by a local policing body;") != NULL,
	          "%s", find_id(law, "section-101-1")->text);
	lf_law_free(law);
}

Test(reader_clml, included_treaty_under_its_schedule)
{
	lf_law *law = load("uksi-1996-3166-schedule-made.xml");
	const lf_prov *sch = find(law, "SCHEDULE"), *part, *art;

	cr_assert_not_null(sch);
	cr_expect_str_eq(sch->kind, LF_KIND_SCHEDULE);
	part = find_id(law, "part-I");
	cr_assert_not_null(part);
	cr_expect_eq(&law->provs[part->parent], sch, "the Resource is read under the schedule");
	art = find_in(law, "ARTICLE XI", "PART I");
	cr_assert_not_null(art);
	cr_expect_str_eq(art->kind, LF_KIND_ARTICLE, "a cross-heading numbered ARTICLE is an article");
	cr_expect_str_eq(art->text, "Article 26 of the Convention shall be deleted.");
	/* quoted (amending) text is words of the article */
	art = find(law, "ARTICLE II");
	cr_assert_not_null(art);
	cr_expect(strstr(art->text, "Article 6 of the Convention shall be deleted and replaced by the "
	                            "following: ARTICLE 6") != NULL,
	          "%s", art->text);
	lf_law_free(law);
}

Test(reader_clml, eu_decision)
{
	lf_law *law = load("eudn_2004_605_adopted.xml");
	const lf_prov *pre = &law->provs[0], *r2, *a1, *p;

	cr_expect_str_eq(pre->kind, LF_KIND_PREAMBLE);
	cr_expect(!strncmp(pre->text,
	                   "THE MANAGEMENT BOARD, Having regard to Council Regulation (EC) No 2965/94",
	                   70),
	          "%s", pre->text);
	cr_expect_eq(count_kind(law, LF_KIND_RECITAL), 3);
	r2 = find_in(law, "(2)", "");
	cr_assert_not_null(r2);
	cr_expect_str_eq(r2->kind, LF_KIND_RECITAL);
	cr_expect(strncmp(r2->text, "Openness guarantees that the administration", 43) == 0);
	a1 = find(law, "Article 1");
	cr_assert_not_null(a1);
	cr_expect_str_eq(a1->kind, LF_KIND_ARTICLE);
	cr_expect_str_eq(a1->heading, "Beneficiaries and scope");
	p = find_in(law, "2.", "Article 1");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->id, "article-1-2");
	cr_expect_str_eq(p->text, "Documents in the Centre’s possession for translation purposes only "
	                          "are not held by the Centre within the meaning of Article 2(3) of "
	                          "Regulation (EC) No 1049/2001.");
	cr_expect_eq(count_kind(law, LF_KIND_ARTICLE), 12);
	lf_law_free(law);
}

Test(reader_clml, not_clml)
{
	const char *x = "<?xml version=\"1.0\"?><akomaNtoso/>";
	xmlDoc *doc = xmlReadMemory(x, (int)strlen(x), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};

	cr_assert_not_null(doc);
	cr_expect_eq(lf_read_clml(doc, law, &err), LF_EFORMAT);
	cr_expect(strstr(err.msg, "akomaNtoso") != NULL, "%s", err.msg);
	xmlFreeDoc(doc);
	lf_law_free(law);
}

Test(reader_clml, bare_p1_numbers_follow_the_document_type)
{
	/* no ids: an order's P1s are articles, a schedule's P1s paragraphs */
	const char *x =
		"<?xml version=\"1.0\"?>"
		"<Legislation xmlns=\"http://www.legislation.gov.uk/namespaces/legislation\" "
		"xmlns:ukm=\"http://www.legislation.gov.uk/namespaces/metadata\">"
		"<ukm:Metadata><ukm:SecondaryMetadata><ukm:DocumentClassification>"
		"<ukm:DocumentCategory Value=\"secondary\"/>"
		"<ukm:DocumentMainType Value=\"WelshStatutoryInstrument\"/>"
		"<ukm:DocumentMinorType Value=\"order\"/></ukm:DocumentClassification>"
		"<ukm:Year Value=\"2020\"/><ukm:Number Value=\"7\"/></ukm:SecondaryMetadata>"
		"</ukm:Metadata><Secondary><Body><P1group><Title>Citation</Title><P1><Pnumber>1</Pnumber>"
		"<P1para><Text>This Order may be cited.</Text></P1para></P1></P1group></Body>"
		"<Schedules><Schedule><Number>SCHEDULE</Number><ScheduleBody><P1><Pnumber>3</Pnumber>"
		"<P1para><Text>Words.</Text></P1para></P1></ScheduleBody></Schedule></Schedules>"
		"</Secondary></Legislation>";
	xmlDoc *doc = xmlReadMemory(x, (int)strlen(x), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};

	cr_assert_not_null(doc);
	cr_assert_eq(lf_read_clml(doc, law, &err), 0, "%s", err.msg);
	cr_expect_str_eq(law->field[LF_F_ID], "http://www.legislation.gov.uk/id/wsi/2020/7");
	cr_expect_str_eq(law->field[LF_F_NUMBER], "2020 No. 7");
	cr_assert_eq(law->nprovs, 3);
	cr_expect_str_eq(law->provs[0].label, "art. 1");
	cr_expect_str_eq(law->provs[0].kind, LF_KIND_ARTICLE);
	cr_expect_str_eq(law->provs[0].heading, "Citation");
	cr_expect_str_eq(law->provs[2].label, "para. 3");
	cr_expect_str_eq(law->provs[2].kind, LF_KIND_PARAGRAPH);
	cr_expect_eq(law->provs[2].parent, 1);
	xmlFreeDoc(doc);
	lf_law_free(law);
}

Test(reader_clml, wide_group_is_linear, .timeout = 60)
{
	/* one P1group over 100,000 P1s: describe() must not count them per P1 */
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"Legislation"), *g;
	lf_law *law = lf_law_new();
	lf_err err = {0};
	int i;

	xmlDocSetRootElement(doc, root);
	g = xmlNewChild(xmlNewChild(xmlNewChild(root, NULL, (const xmlChar *)"Primary", NULL), NULL,
	                            (const xmlChar *)"Body", NULL),
	                NULL, (const xmlChar *)"P1group", NULL);
	xmlNewChild(g, NULL, (const xmlChar *)"Title", (const xmlChar *)"Group");
	for (i = 0; i < 100000; i++) {
		char num[16];
		xmlNode *p1 = xmlNewChild(g, NULL, (const xmlChar *)"P1", NULL);
		snprintf(num, sizeof num, "%d", i + 1);
		xmlNewChild(p1, NULL, (const xmlChar *)"Pnumber", (const xmlChar *)num);
		xmlNewChild(xmlNewChild(p1, NULL, (const xmlChar *)"P1para", NULL), NULL,
		            (const xmlChar *)"Text", (const xmlChar *)"Words.");
	}
	cr_assert_eq(lf_read_clml(doc, law, &err), 0, "%s", err.msg);
	cr_assert_eq(law->nprovs, 100001);
	cr_expect_str_eq(law->provs[0].kind, LF_KIND_DIVISION);
	cr_expect_str_eq(law->provs[0].heading, "Group");
	cr_expect_str_eq(law->provs[100000].label, "s. 100000");
	cr_expect_str_eq(law->provs[100000].text, "Words.");
	xmlFreeDoc(doc);
	lf_law_free(law);
}
