/*
 * test_reader_uslm.c - the USLM reader on real US bills, a concurrent
 * resolution, a public law and a House statute compilation (tests/data/uslm,
 * copies from the corpus, see SOURCES.md).
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

TestSuite(reader_uslm, .init = reader_setup);

static lf_law *load(const char *name)
{
	return load_from("uslm", name, "uslm");
}

static const struct {
	const char *file, *id, *title, *short_title, *enacted, *version, *number;
	size_t nprovs, nsections;
} meta[] = {
	{"S1057_CPS.XML", "us/116/s1057",
	 "To direct the Secretary of the Interior to execute and carry out agreements concerning "
	 "Colorado River Drought Contingency Management and Operations, and for other purposes.",
	 "Colorado River Drought Contingency Plan Authorization Act", "(unset)", "2019-04-08",
	 "S. 1057", 6, 2},
	{"SC13_ES.XML", "us/116/sconres13",
	 "Reaffirming the United States commitment to Taiwan and to the implementation of the Taiwan "
	 "Relations Act.",
	 "(unset)", "(unset)", "2019-04-30", "S. CON. RES. 13", 36, 1},
	{"COMPS-1656.xml", "us/comps/1656", "ANADROMOUS FISH CONSERVATION ACT",
	 "Anadromous Fish Conservation Act", "1965-10-30", "2007-01-12", "Public Law 89–304", 16, 7},
	{"114publ190-uslm.xml.gz", "us/114/pl190",
	 "To amend title 49, United States Code, to extend authorizations for the airport improvement "
	 "program, to amend the Internal Revenue Code of 1986 to extend the funding and expenditure "
	 "authority of the Airport and Airway Trust Fund, and for other purposes.",
	 "FAA Extension, Safety, and Security Act of 2016", "2016-07-15", "(unset)",
	 "Public Law 114–190", 797, 82},
	{"H265_RFS.XML.gz", "us/116/hr265",
	 "Making appropriations for Agriculture, Rural Development, Food and Drug Administration, and "
	 "Related Agencies programs for the fiscal year ending September 30, 2019, and for other "
	 "purposes.",
	 "Agriculture, Rural Development, Food and Drug Administration, and Related Agencies "
	 "Appropriations Act, 2019",
	 "(unset)", "2019-01-11", "H. R. 265", 316, 72},
};

Test(reader_uslm, metadata)
{
	size_t i;

	for (i = 0; i < sizeof meta / sizeof *meta; i++) {
		lf_law *law = load(meta[i].file);
		const char *f = meta[i].file;
		cr_expect_str_eq(field(law, LF_F_ID), meta[i].id, "%s", f);
		cr_expect_str_eq(field(law, LF_F_TITLE), meta[i].title, "%s", f);
		cr_expect_str_eq(field(law, LF_F_SHORT_TITLE), meta[i].short_title, "%s", f);
		cr_expect_str_eq(field(law, LF_F_JURISDICTION), "us", "%s", f);
		cr_expect_str_eq(field(law, LF_F_LANGUAGE), "en", "%s", f);
		cr_expect_str_eq(field(law, LF_F_DATE_ENACTED), meta[i].enacted, "%s", f);
		cr_expect_str_eq(field(law, LF_F_DATE_VERSION), meta[i].version, "%s", f);
		cr_expect_str_eq(field(law, LF_F_NUMBER), meta[i].number, "%s", f);
		cr_expect_null(law->field[LF_F_DATE_IN_FORCE], "%s", f);
		cr_expect_eq(law->nprovs, meta[i].nprovs, "%s: %zu provisions", f, law->nprovs);
		cr_expect_eq(count_kind(law, LF_KIND_SECTION), meta[i].nsections, "%s: %zu sections", f,
		             count_kind(law, LF_KIND_SECTION));
		lf_law_free(law);
	}
}

Test(reader_uslm, senate_bill)
{
	lf_law *law = load("S1057_CPS.XML");
	const lf_prov *s2 = find(law, "SEC. 2."), *b, *p2;

	cr_assert_not_null(s2);
	cr_expect_str_eq(s2->id, "/us/bill/116/s/1057/s2");
	cr_expect_str_eq(s2->heading, "COLORADO RIVER BASIN DROUGHT CONTINGENCY PLANS.");
	b = find_in(law, "(b)", "SEC. 2.");
	cr_assert_not_null(b);
	cr_expect_str_eq(b->kind, LF_KIND_SUBSECTION);
	cr_expect_str_eq(b->heading, "Effect.", "the dash after a heading goes");
	cr_expect_str_eq(b->text, "Nothing in this section shall—");
	p2 = find_in(law, "(2)", "(b)");
	cr_assert_not_null(p2);
	cr_expect_str_eq(p2->kind, LF_KIND_PARAGRAPH);
	cr_expect_str_eq(p2->text, "exempt the implementation of such agreements and the operation of "
	                           "applicable Colorado River System reservoirs from any requirements "
	                           "of applicable Federal environmental laws.");
	/* dc:title in the preface is metadata, not a title provision */
	cr_expect_eq(count_kind(law, LF_KIND_TITLE), 0);
	cr_expect(strstr(law->preface, "Be it enacted by the Senate and House of Representatives"),
	          "%s", law->preface);
	lf_law_free(law);
}

Test(reader_uslm, resolution_preamble_and_recitals)
{
	lf_law *law = load("SC13_ES.XML");
	const lf_prov *pre = find_id(law, "preamble1"), *r, *p5;

	cr_assert_not_null(pre);
	cr_expect_str_eq(pre->kind, LF_KIND_PREAMBLE);
	cr_expect_eq(count_kind(law, LF_KIND_RECITAL), 15);
	r = find_id(law, "rec21");
	cr_assert_not_null(r);
	cr_expect_str_eq(r->kind, LF_KIND_RECITAL);
	cr_expect_str_eq(r->text, "Whereas strong United States-Taiwan economic relations have been a "
	                          "positive factor in stimulating economic growth and job creation for "
	                          "the people of the United States and of Taiwan; and");
	p5 = find_id(law, "/us/resolution/116/sconres/13/s/5");
	cr_assert_not_null(p5);
	cr_expect_str_eq(p5->label, "(5)");
	cr_expect(!strncmp(p5->text, "recognizes Taiwan’s partnership in combating global terrorism",
	                   63),
	          "%s", p5->text);
	cr_expect(strstr(law->preface, "Attest") == NULL, "attestation dropped: %s", law->preface);
	lf_law_free(law);
}

Test(reader_uslm, compilation)
{
	lf_law *law = load("COMPS-1656.xml");
	const lf_prov *s4 = find(law, "SEC. 4."), *s8 = find(law, "Sec. 8."), *s1;

	cr_assert_not_null(s4);
	cr_expect_str_eq(s4->heading, "AUTHORIZATION OF APPROPRIATIONS.");
	cr_expect_str_eq(s4->id, "/us/sComp/89/304/s4");
	cr_assert_not_null(s8);
	cr_expect_str_eq(s8->text, "This Act may be cited as the “Anadromous Fish Conservation Act.”");
	/* the unnumbered first section; its "[16 U.S.C. 757a]" note is dropped */
	s1 = &law->provs[0];
	cr_expect_str_eq(s1->kind, LF_KIND_SECTION);
	cr_expect_str_eq(s1->label, "");
	cr_expect(strncmp(s1->text, "That (a) for the purpose of conserving", 38) == 0, "%s", s1->text);
	cr_expect(strstr(s1->text, "U.S.C.") == NULL, "%s", s1->text);
	cr_expect(strstr(law->preface, "Currency: This publication") == NULL, "%s", law->preface);
	cr_expect(strstr(law->preface, "[Public Law 89–304, Approved Oct. 30, 1965, 79 Stat. 1125]"),
	          "%s", law->preface);
	lf_law_free(law);
}

Test(reader_uslm, public_law_titles_and_quoted_content)
{
	lf_law *law = load("114publ190-uslm.xml.gz");
	const lf_prov *t1 = find(law, "TITLE I"), *sa, *s, *p;
	size_t i;

	cr_assert_not_null(t1);
	cr_expect_str_eq(t1->kind, LF_KIND_TITLE);
	cr_expect_str_eq(t1->heading, "FAA EXTENSION");
	sa = find_in(law, "Subtitle A", "TITLE I");
	cr_assert_not_null(sa);
	cr_expect_str_eq(sa->kind, LF_KIND_DIVISION);
	cr_expect_str_eq(sa->heading, "Airport and Airway Programs");
	s = find_in(law, "SEC. 1101.", "Subtitle A");
	cr_assert_not_null(s);
	cr_expect_str_eq(s->heading, "EXTENSION OF AIRPORT IMPROVEMENT PROGRAM.");
	/* labels lose the em quads GPO puts before them */
	p = find_in(law, "(a)", "SEC. 1101.");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->heading, "Authorization of Appropriations.");
	/* inserted text is words of the amending paragraph */
	s = find(law, "SEC. 3603.");
	cr_assert_not_null(s);
	p = find_in(law, "(2)", "SEC. 3603.");
	cr_assert_not_null(p);
	cr_expect(strstr(p->text, "by inserting after paragraph (8) the following new paragraph:"),
	          "%s", p->text);
	cr_expect(strstr(p->text, "“(9) enhancing the security and preparedness of secure and "
	                          "nonsecure areas") != NULL,
	          "%s", p->text);
	for (i = 0; i < law->nprovs; i++)
		cr_expect(strncmp(law->provs[i].label, "“", 3) != 0, "quoted %s is no provision",
		          law->provs[i].label);
	/* the legislative history and the table of contents are not indexed */
	cr_expect(strstr(law->preface, "LEGISLATIVE HISTORY") == NULL);
	cr_expect(strstr(find(law, "SECTION 1.")->text, "Sec. 1101.") == NULL);
	lf_law_free(law);
}

Test(reader_uslm, appropriations)
{
	lf_law *law = load("H265_RFS.XML.gz");
	const lf_prov *t1 = find(law, "TITLE I"), *a;

	cr_assert_not_null(t1);
	a = find_id(law, "H8A896D974E2445BBAD29E67EA10024B2");
	cr_assert_not_null(a);
	cr_expect_str_eq(a->kind, LF_KIND_DIVISION, "a heading-only appropriations level groups");
	cr_expect_str_eq(a->heading, "AGRICULTURAL PROGRAMS");
	cr_expect_eq(&law->provs[a->parent], t1);
	a = find_id(law, "H2763DB0316EB4695B54A54BB178D3388");
	cr_assert_not_null(a);
	cr_expect_str_eq(a->kind, LF_KIND_PROVISION);
	cr_expect_str_eq(a->heading, "office of the chief economist");
	cr_expect_str_eq(a->text, "For necessary expenses of the Office of the Chief Economist, "
	                          "$19,786,000, of which $4,000,000 shall be for grants or cooperative "
	                          "agreements for policy research under 7 U.S.C. 3155.");
	lf_law_free(law);
}

Test(reader_uslm, not_uslm)
{
	const char *x = "<?xml version=\"1.0\"?><bill><section/></bill>";
	xmlDoc *doc = xmlReadMemory(x, (int)strlen(x), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};

	cr_assert_not_null(doc);
	cr_expect_eq(lf_read_uslm(doc, law, &err), LF_EFORMAT);
	cr_expect(strstr(err.msg, "USLM") != NULL, "%s", err.msg);
	xmlFreeDoc(doc);
	lf_law_free(law);
}

Test(reader_uslm, older_namespace_and_identifier)
{
	const char *x =
		"<?xml version=\"1.0\"?>"
		"<lawDoc xmlns=\"http://xml.house.gov/schemas/uslm/1.0\" identifier=\"/us/pl/113/1\">"
		"<meta><dc:title xmlns:dc=\"http://purl.org/dc/elements/1.1/\">T</dc:title></meta>"
		"<main><section identifier=\"/us/pl/113/1/s1\"><num value=\"1\">Sec. 1.</num>"
		"<heading>Short title</heading><content>This Act may be cited as the "
		"<shortTitle>Example Act</shortTitle>.</content></section></main></lawDoc>";
	xmlDoc *doc = xmlReadMemory(x, (int)strlen(x), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};

	cr_assert_not_null(doc);
	cr_assert_eq(lf_read_uslm(doc, law, &err), 0, "%s", err.msg);
	cr_expect_str_eq(law->field[LF_F_ID], "/us/pl/113/1");
	cr_expect_str_eq(law->field[LF_F_SHORT_TITLE], "Example Act");
	cr_assert_eq(law->nprovs, 1);
	cr_expect_str_eq(law->provs[0].id, "/us/pl/113/1/s1");
	cr_expect_str_eq(law->provs[0].label, "Sec. 1.");
	cr_expect_str_eq(law->provs[0].text, "This Act may be cited as the Example Act.");
	xmlFreeDoc(doc);
	lf_law_free(law);
}
