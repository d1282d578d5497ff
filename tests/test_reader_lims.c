/*
 * test_reader_lims.c - the Justice Canada LIMS reader on real Acts and
 * Regulations in English and French (tests/data/lims, copies from the
 * corpus, see SOURCES.md).
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

TestSuite(reader_lims, .init = reader_setup);

static lf_law *load(const char *name)
{
	return load_from("lims", name, "lims");
}

static const struct {
	const char *file, *id, *title, *short_title, *lang, *enacted, *version, *number;
	size_t nprovs, nsections;
} meta[] = {
	{"T-3.4_en.xml.gz", "ca/T-3.4/en", "An Act respecting telecommunications",
	 "Telecommunications Act", "en", "1993-06-23", "2026-03-02", "T-3.4", 772, 155},
	{"T-3.4_fr.xml.gz", "ca/T-3.4/fr", "Loi concernant les télécommunications",
	 "Loi sur les télécommunications", "fr", "1993-06-23", "2026-03-02", "T-3.4", 729, 155},
	{"SOR-2018-64_en.xml", "ca/SOR-2018-64/en", "Breach of Security Safeguards Regulations",
	 "(unset)", "en", "2018-03-27", "2025-07-24", "SOR/2018-64", 35, 7},
	{"CRC_ch440_fr.xml", "ca/C.R.C.-ch.-440/fr",
	 "Règlement prescrivant le mode de certification de certaines questions relatives à "
	 "l’interception de communications privées en vertu d’autorisations",
	 "Règlement sur la protection de la vie privée", "fr", "(unset)", "2025-07-24",
	 "C.R.C., ch. 440", 10, 4},
};

Test(reader_lims, metadata)
{
	size_t i;

	for (i = 0; i < sizeof meta / sizeof *meta; i++) {
		lf_law *law = load(meta[i].file);
		cr_expect_str_eq(field(law, LF_F_ID), meta[i].id, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_TITLE), meta[i].title, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_SHORT_TITLE), meta[i].short_title, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_JURISDICTION), "ca", "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_LANGUAGE), meta[i].lang, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_DATE_ENACTED), meta[i].enacted, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_DATE_VERSION), meta[i].version, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_NUMBER), meta[i].number, "%s", meta[i].file);
		cr_expect_null(law->field[LF_F_DATE_IN_FORCE], "%s", meta[i].file);
		cr_expect_eq(law->nprovs, meta[i].nprovs, "%s: %zu provisions", meta[i].file, law->nprovs);
		cr_expect_eq(count_kind(law, LF_KIND_SECTION), meta[i].nsections, "%s", meta[i].file);
		lf_law_free(law);
	}
}

Test(reader_lims, telecommunications_act_s16)
{
	lf_law *law = load("T-3.4_en.xml.gz");
	const lf_prov *s16 = find(law, "s. 16"), *div, *part, *ss, *def;

	cr_assert_not_null(s16);
	cr_expect_str_eq(s16->kind, LF_KIND_SECTION);
	cr_expect_str_eq(s16->heading, "Definitions");
	cr_expect_str_eq(s16->id, "459913");
	/* PART II Eligibility to Operate > Canadian Ownership and Control > s. 16 */
	div = &law->provs[s16->parent];
	cr_expect_str_eq(div->kind, LF_KIND_DIVISION);
	cr_expect_str_eq(div->label, "");
	cr_expect_str_eq(div->heading, "Canadian Ownership and Control");
	part = &law->provs[div->parent];
	cr_expect_str_eq(part->kind, LF_KIND_PART);
	cr_expect_str_eq(part->label, "PART II");
	cr_expect_str_eq(part->heading, "Eligibility to Operate");
	/* subsection (2) and its own text, without its paragraphs */
	ss = find_in(law, "(2)", "s. 16");
	cr_assert_not_null(ss);
	cr_expect_str_eq(ss->kind, LF_KIND_SUBSECTION);
	cr_expect_str_eq(ss->heading, "Eligibility");
	cr_expect_str_eq(ss->text, "A Canadian carrier is eligible to operate as a telecommunications "
	                           "common carrier if");
	/* a definition in 16(1), headed by its term */
	def = &law->provs[find_in(law, "(1)", "s. 16") - law->provs + 1];
	cr_expect_str_eq(def->kind, LF_KIND_POINT);
	cr_expect_str_eq(def->heading, "entity");
	/* LIMS puts EN SPACEs (U+2002) around the terms: the model collapses
	 * them like any whitespace */
	cr_expect_str_eq(def->text, "entity means a corporation, partnership, trust or joint venture. (entité)");
	/* the historical note is no text */
	cr_expect_null(strstr(ss->text, "1993, c. 38"));
	lf_law_free(law);
}

Test(reader_lims, skipped_and_kept_text)
{
	lf_law *law = load("T-3.4_en.xml.gz");
	const lf_prov *p = find(law, "s. 134");
	size_t i;

	cr_assert_not_null(p);
	cr_expect_str_eq(p->text, "This Act or any provision thereof shall come into force on a day or "
	                          "days to be fixed by order of the Governor in Council.");
	for (i = 0; i < law->nprovs; i++) {
		cr_expect_null(strstr(law->provs[i].text, "[Note: Act in force"), "footnote in %s",
		               law->provs[i].label);
		cr_expect_null(strstr(law->provs[i].text, "c. 38, s. 16; 1998"), "history in %s",
		               law->provs[i].label);
	}
	p = find(law, "s. 77 to 129");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->text, "[Amendments]");
	cr_expect_str_eq(law->preface, "Her Majesty, by and with the advice and consent of the Senate "
	                               "and House of Commons of Canada, enacts as follows:");
	/* the related provisions and amendments not in force are schedules */
	cr_expect_eq(count_kind(law, LF_KIND_SCHEDULE), 2);
	p = find(law, "s. 110");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->heading, "Bill C-26");
	cr_expect_str_eq(law->provs[law->provs[p->parent].parent].heading, "AMENDMENTS NOT IN FORCE");
	lf_law_free(law);
}

Test(reader_lims, french_labels)
{
	lf_law *law = load("T-3.4_fr.xml.gz");
	const lf_prov *p = find(law, "art. 16");

	cr_assert_not_null(p);
	cr_expect_str_eq(p->heading, "Définitions");
	cr_expect_str_eq(law->provs[law->provs[p->parent].parent].label, "PARTIE II");
	cr_expect_str_eq(law->provs[law->provs[p->parent].parent].kind, LF_KIND_PART);
	cr_expect_null(find(law, "s. 16"));
	lf_law_free(law);

	law = load("CRC_ch440_fr.xml");
	p = find(law, "art. 3");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->text, "[Abrogé, DORS/81-859, art. 2]");
	p = find_in(law, "a)", "art. 2");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->kind, LF_KIND_PARAGRAPH);
	cr_expect_str_eq(p->text, "le nom et l'adresse de la personne qui a fait l'objet de l'interception;");
	lf_law_free(law);
}

Test(reader_lims, regulation_order_and_paragraphs)
{
	lf_law *law = load("SOR-2018-64_en.xml");
	const lf_prov *p = find_in(law, "(g)", "(1)");

	cr_expect_str_eq(law->preface,
	                 "Her Excellency the Governor General in Council, on the recommendation of the "
	                 "Minister of Industry, pursuant to subsection 26(1) of the Personal Information "
	                 "Protection and Electronic Documents Act, makes the annexed Breach of Security "
	                 "Safeguards Regulations.");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->text, "the name and contact information of a person who can answer, on "
	                          "behalf of the organization, the Commissioner’s questions about the breach.");
	cr_expect_str_eq(law->provs[law->provs[p->parent].parent].label, "s. 2");
	cr_expect_str_eq(law->provs[law->provs[p->parent].parent].heading,
	                 "Report — content, form and manner");
	lf_law_free(law);
}

Test(reader_lims, wrong_root_and_provision_cap)
{
	const char *xml = "<?xml version=\"1.0\"?><dokumente doknr=\"X\"/>";
	xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};
	char path[1024];
	lf_buf b;
	int gz;

	cr_assert_not_null(doc);
	cr_expect_eq(lf_read_lims(doc, law, &err), LF_EFORMAT);
	cr_expect(strstr(err.msg, "Statute") != NULL, "%s", err.msg);
	xmlFreeDoc(doc);
	lf_law_free(law);

	snprintf(path, sizeof path, "%s/lims/T-3.4_en.xml.gz", LF_TEST_DATA);
	lf_buf_init(&b, 0);
	cr_assert_eq(lf_load_file(path, 0, &b, &gz, &err), 0, "%s", err.msg);
	doc = xmlReadMemory(b.p, (int)b.n, NULL, NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	law = lf_law_new();
	law->max_provs = 100;
	cr_expect_eq(lf_read_lims(doc, law, &err), LF_ETOOBIG);
	xmlFreeDoc(doc);
	lf_law_free(law);
	lf_buf_free(&b);
}

/* Sections nested 200 deep through Subsections: bounded, no crash, and
 * within the provision depth limit every level is a provision. */
Test(reader_lims, deep_nesting, .timeout = 10)
{
	lf_buf x;
	xmlDoc *doc;
	lf_law *law = lf_law_new();
	lf_err err = {0};
	int i, depth = 200;

	lf_buf_init(&x, 0);
	lf_buf_adds(&x, "<Statute xml:lang=\"en\"><Identification><Chapter><ConsolidatedNumber>X-1"
	                "</ConsolidatedNumber></Chapter></Identification><Body><Section><Label>1</Label>");
	for (i = 0; i < depth; i++)
		lf_buf_printf(&x, "<Subsection><Label>(%d)</Label><Text>level %d</Text>", i, i);
	for (i = 0; i < depth; i++)
		lf_buf_adds(&x, "</Subsection>");
	lf_buf_adds(&x, "</Section></Body></Statute>");
	doc = xmlReadMemory(x.p, (int)x.n, NULL, NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	cr_assert_eq(lf_read_lims(doc, law, &err), 0, "%s", err.msg);
	cr_expect_eq(law->nprovs, (size_t)depth + 1);
	cr_expect_str_eq(law->provs[law->nprovs - 1].text, "level 199");
	cr_expect_eq(law->provs[law->nprovs - 1].depth, depth);
	cr_expect_str_eq(law->field[LF_F_ID], "ca/X-1/en");
	xmlFreeDoc(doc);
	lf_law_free(law);
	lf_buf_free(&x);
}

/* Deeper than the provision depth limit (built as a tree: the parser itself
 * stops at 256 levels): the deepest allowed provision keeps the rest as text. */
Test(reader_lims, depth_limit, .timeout = 10)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"Statute"), *n;
	lf_law *law = lf_law_new();
	lf_err err = {0};
	char buf[32];
	int i;

	xmlDocSetRootElement(doc, root);
	n = xmlNewChild(root, NULL, (const xmlChar *)"Body", NULL);
	n = xmlNewChild(n, NULL, (const xmlChar *)"Section", NULL);
	for (i = 0; i < 300; i++) {
		n = xmlNewChild(n, NULL, (const xmlChar *)"Subsection", NULL);
		snprintf(buf, sizeof buf, "level%d", i);
		xmlNewChild(n, NULL, (const xmlChar *)"Text", (const xmlChar *)buf);
	}
	cr_assert_eq(lf_read_lims(doc, law, &err), 0, "%s", err.msg);
	cr_expect_eq(law->nprovs, 256);
	cr_expect_eq(law->provs[255].depth, 255);
	cr_expect(!strncmp(law->provs[255].text, "level254 level255", 17), "%.40s", law->provs[255].text);
	cr_expect(strstr(law->provs[255].text, "level299") != NULL);
	xmlFreeDoc(doc);
	lf_law_free(law);
}
