/*
 * test_reader_registry.c - the reader registry (indexer/readers/registry.c):
 * detection asks the readers in order and takes the first that says yes;
 * the public list of format names (lf_formats) comes from the same table.
 * Each case is a small buffer in the shape of a real file of its format.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "lexfrag/lexfrag.h"
#include "reader_util.h"

TestSuite(reader_registry, .init = reader_setup);

static const struct {
	const char *what, *bytes;
	size_t n; /* 0: strlen(bytes) */
	const char *format; /* NULL: no format (binary) */
} cases[] = {
	{"akn", "<?xml version=\"1.0\"?>\n<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act/></akomaNtoso>", 0, "akn"},
	{"akn with a prefix", "<akn:akomaNtoso xmlns:akn=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"/>", 0, "akn"},
	{"clml", "<Legislation xmlns=\"http://www.legislation.gov.uk/namespaces/legislation\"/>", 0, "clml"},
	{"Legislation of another namespace", "<Legislation xmlns=\"urn:x\"/>", 0, "xml"},
	{"gii", "<!DOCTYPE dokumente SYSTEM \"gii-norm.dtd\">\n<dokumente builddate=\"20240101\"/>", 0, "gii"},
	{"lims", "<Statute xmlns:lims=\"http://justice.gc.ca/lims\" lims:id=\"1\"/>", 0, "lims"},
	{"lexml root", "<LexML/>", 0, "lexml"},
	{"lexml namespace", "<Norma xmlns=\"http://www.lexml.gov.br/1.0\"/>", 0, "lexml"},
	{"uslm", "<pLaw xmlns=\"http://schemas.gpo.gov/xml/uslm\"/>", 0, "uslm"},
	{"uslm (house)", "<lawDoc xmlns=\"http://xml.house.gov/schemas/uslm/1.0\"/>", 0, "uslm"},
	{"formex root", "<!-- x --><CONS.ACT><BIB.INSTANCE/></CONS.ACT>", 0, "formex"},
	{"formex namespace", "<DOC xmlns=\"http://formex.publications.europa.eu/schema/formex-05.56\"/>", 0, "formex"},
	{"other xml", "<?xml version=\"1.0\"?><law><p>Article 1</p></law>", 0, "xml"},
	{"a bare prefix is markup", "<x: lexml.gov.br>", 0, "lexml"},
	{"html doctype", "<!DOCTYPE html><akomaNtoso/>", 0, "html"},
	{"html element", "<meta charset=\"utf-8\"><p>Article 1</p>", 0, "html"},
	{"HTML upper case", "<HTML><BODY>x</BODY></HTML>", 0, "html"},
	{"utf-16 with markup", "\xFF\xFE<\0?\0x\0m\0l\0", 12, "html"},
	{"utf-16 without markup", "\xFE\xFF\0A\0r\0t", 8, "xml"},
	{"markdown front matter", "\xEF\xBB\xBF---\ntitle: Law\n---\nArticle 1\n", 0, "markdown"},
	{"markdown heading", "Law\n\n## Article 1\n", 0, "markdown"},
	{"text", "Article 1\nThe law applies.\n", 0, "text"},
	{"'<' without a name", "< Article 1\n# not a heading\n", 0, "text"},
	{"binary", "\x01\x02\x03\x04\x05\x06\x07\x08", 8, NULL},
};

Test(reader_registry, detects_each_format)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t n = cases[i].n ? cases[i].n : strlen(cases[i].bytes);
		const lf_reader *r = lf_detect(cases[i].bytes, n);
		if (!cases[i].format)
			cr_expect_null(r, "%s: detected as %s", cases[i].what, r ? r->name : "");
		else
			cr_expect(r && !strcmp(r->name, cases[i].format), "%s: %s, not %s",
			          cases[i].what, r ? r->name : "nothing", cases[i].format);
	}
}

/* lf_read_buffer stores the detected reader's name (or the one it chose:
 * eurlex-html) as the law's format. */
Test(reader_registry, read_buffer_dispatches)
{
	static const char md[] = "# Test Act\n\n## Article 1\n\nThe data stays here.\n";
	static const char xml[] = "<law><p>Article 1</p><p>The data stays here.</p></law>";
	lf_law *law = NULL;
	lf_err err = {0};

	cr_assert_eq(lf_read_buffer(md, strlen(md), "t.md", &law, &err), 0, "%s", err.msg);
	cr_expect_str_eq(law->format, "markdown");
	cr_expect_str_eq(law->field[LF_F_TITLE], "Test Act");
	lf_law_free(law);
	cr_assert_eq(lf_read_buffer(xml, strlen(xml), "t.xml", &law, &err), 0, "%s", err.msg);
	cr_expect_str_eq(law->format, "xml");
	cr_expect_geq(law->nprovs, 1);
	lf_law_free(law);
	cr_expect_eq(lf_read_buffer("\x01\x02\x03\x04", 4, "b", &law, &err), LF_EFORMAT);
	cr_expect_null(law);
}

/* The public list: every reader's name and other name, once each, in
 * registry order, and each has a line saying what it reads. */
Test(reader_registry, formats_listed)
{
	const char *const *names = NULL;
	size_t n = lf_formats(&names), i, j, k = 0;
	static const char *const want[] = {"html", "eurlex-html", "akn", "clml", "gii", "lims",
	                                   "lexml", "uslm", "formex", "xml", "markdown", "text"};

	cr_assert_eq(n, sizeof want / sizeof *want);
	cr_assert_null(names[n]);
	for (i = 0; i < n; i++) {
		cr_expect_str_eq(names[i], want[i]);
		cr_expect_not_null(lf_format_about(names[i]), "%s", names[i]);
		for (j = 0; j < i; j++)
			cr_expect_str_neq(names[i], names[j]);
	}
	for (i = 0; lf_readers[i]; i++) {
		cr_expect_eq(lf_reader_named(lf_readers[i]->name), lf_readers[i]);
		cr_expect(lf_readers[i]->parse == LF_PARSE_TEXT ? lf_readers[i]->read_text != NULL
		                                                : lf_readers[i]->read_doc != NULL);
		k += 1 + (lf_readers[i]->also != NULL);
	}
	cr_expect_eq(k, n);
	cr_expect_null(lf_format_about("pdf"));
	cr_expect_null(lf_format_about(NULL));
	cr_expect_eq(lf_formats(NULL), n);
}
