/*
 * test_reader_gii.c - the gesetze-im-internet reader on real GII files
 * (tests/data/gii: byte-for-byte copies from the corpus, see SOURCES.md).
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

TestSuite(reader_gii, .init = reader_setup);

static lf_law *load(const char *name)
{
	return load_from("gii", name, "gii");
}

/* Metadata of each test file, as a user sees it in `lexfrag show`. */
static const struct {
	const char *file, *id, *title, *short_title, *enacted, *version, *number;
	size_t nprovs;
} meta[] = {
	{"TKG_2021_BJNR185810021.xml.gz", "BJNR185810021", "Telekommunikationsgesetz", "TKG",
	 "2021-06-23", "2026-03-11", "BGBl I 2021, 1858", 268},
	{"NetzDG_BJNR335210017.xml", "BJNR335210017",
	 "Gesetz zur Verbesserung der Rechtsdurchsetzung in sozialen Netzwerken", "NetzDG",
	 "2017-09-01", "2024-05-06", "BGBl I 2017, 3352", 7},
	{"TKTransparenzV_BJNR297700016.xml", "BJNR297700016",
	 "Verordnung zur Förderung der Transparenz auf dem Telekommunikationsmarkt", "TKTransparenzV",
	 "2016-12-19", "2021-06-23", "BGBl I 2016, 2977", 14},
	{"BJNR000599951.xml.gz", "BJNR000599951",
	 "Gesetz zur Änderung von Vorschriften des Verschollenheitsrechts", "VerschÄndG",
	 "1951-01-15", "2018-12-04", "BGBl I 1951, 59", 21},
};

Test(reader_gii, metadata)
{
	size_t i;

	for (i = 0; i < sizeof meta / sizeof *meta; i++) {
		lf_law *law = load(meta[i].file);
		cr_expect_str_eq(field(law, LF_F_ID), meta[i].id, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_TITLE), meta[i].title, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_SHORT_TITLE), meta[i].short_title, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_JURISDICTION), "de", "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_LANGUAGE), "de", "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_DATE_ENACTED), meta[i].enacted, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_DATE_VERSION), meta[i].version, "%s", meta[i].file);
		cr_expect_str_eq(field(law, LF_F_NUMBER), meta[i].number, "%s", meta[i].file);
		cr_expect_eq(law->nprovs, meta[i].nprovs, "%s: %zu provisions", meta[i].file, law->nprovs);
		lf_law_free(law);
	}
}

Test(reader_gii, tkg_section_170)
{
	lf_law *law = load("TKG_2021_BJNR185810021.xml.gz");
	const lf_prov *p = find(law, "§ 170"), *div, *part;

	cr_assert_not_null(p);
	cr_expect_str_eq(p->kind, LF_KIND_SECTION);
	cr_expect_str_eq(p->id, "BJNR185810021BJNE017105119");
	cr_expect_str_eq(p->heading, "Umsetzung von Überwachungsmaßnahmen, Erteilung von Auskünften");
	cr_expect(!strncmp(p->text, "(1) Wer eine Telekommunikationsanlage betreibt, mit der öffentlich "
	                            "zugängliche Telekommunikationsdienste erbracht werden, hat 1. ab dem "
	                            "Zeitpunkt der Betriebsaufnahme", 150),
	          "§ 170 text: %.200s", p->text);
	/* Teil 10 > Abschnitt 1 > § 170 */
	cr_assert_geq(p->parent, 0);
	div = &law->provs[p->parent];
	cr_expect_str_eq(div->kind, LF_KIND_DIVISION);
	cr_expect_str_eq(div->label, "Abschnitt 1");
	cr_expect_str_eq(div->heading, "Öffentliche Sicherheit");
	cr_assert_geq(div->parent, 0);
	part = &law->provs[div->parent];
	cr_expect_str_eq(part->kind, LF_KIND_PART);
	cr_expect_str_eq(part->label, "Teil 10");
	cr_expect_str_eq(part->heading, "Öffentliche Sicherheit und Notfallvorsorge");
	cr_expect_eq(part->parent, -1);
	cr_expect_eq(p->depth, 2);
	lf_law_free(law);
}

Test(reader_gii, tkg_structure)
{
	lf_law *law = load("TKG_2021_BJNR185810021.xml.gz");
	size_t i;

	cr_expect_eq(count_kind(law, LF_KIND_SECTION), 231);
	cr_expect_eq(count_kind(law, LF_KIND_PART), 14);
	cr_expect_eq(count_kind(law, LF_KIND_DIVISION), 23);
	/* the table of contents is not a provision; editorial notes are no text */
	cr_expect_null(find(law, "Inhaltsübersicht"));
	for (i = 0; i < law->nprovs; i++) {
		cr_expect_null(strstr(law->provs[i].text, "(+++"), "%s has a fussnote", law->provs[i].label);
		cr_expect_null(strstr(law->provs[i].text, "§ 1 Zweck des Gesetzes"), "TOC text in %s",
		               law->provs[i].label);
	}
	/* every provision id is the norm's own doknr */
	for (i = 0; i < law->nprovs; i++)
		cr_expect(!strncmp(law->provs[i].id, "BJNR185810021BJN", 16), "%s", law->provs[i].id);
	lf_law_free(law);
}

Test(reader_gii, repealed_range_and_short_title_in_preface)
{
	lf_law *law = load("NetzDG_BJNR335210017.xml");
	const lf_prov *p = find(law, "§§ 2 bis 3f");

	/* "(XXXX) §§ 2 bis 3f" is printed without GII's placeholder */
	cr_assert_not_null(p);
	cr_expect_str_eq(p->kind, LF_KIND_SECTION);
	cr_expect_str_eq(p->heading, "(weggefallen)");
	cr_expect_str_eq(p->text, "");
	cr_expect_str_eq(law->preface, "Netzwerkdurchsetzungsgesetz");
	p = find(law, "§ 4");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->heading, "Bußgeldvorschriften");
	cr_expect(strstr(p->text, "(5) (weggefallen)") != NULL);
	cr_expect_eq(p->parent, -1);
	lf_law_free(law);
}

Test(reader_gii, eingangsformel_preface_and_schedule)
{
	lf_law *law = load("TKTransparenzV_BJNR297700016.xml");
	const lf_prov *p = find(law, "Anlage");

	cr_expect(!strncmp(law->preface, "TK-Transparenzverordnung Auf Grund des § 45n Absatz 1", 52),
	          "preface: %.100s", law->preface);
	cr_expect_null(find(law, "Eingangsformel"));
	cr_assert_not_null(p);
	cr_expect_str_eq(p->kind, LF_KIND_SCHEDULE);
	cr_expect_str_eq(p->heading, "(zu § 9 Absatz 1) Überprüfung der Datenübertragungsrate");
	cr_expect(!strncmp(p->text, "1. Name des Anbieters:", 22), "%.60s", p->text);
	cr_expect_eq(count_kind(law, LF_KIND_SECTION), 13);
	lf_law_free(law);
}

/* An omnibus law: "Art N" gliederung norms hold §§; a § norm that names
 * its Art before the Art's own norm is merged into one container. */
Test(reader_gii, articles_as_containers)
{
	lf_law *law = load("BJNR000599951.xml.gz");
	size_t i, art4 = 0;
	const lf_prov *art2 = find(law, "Art 2");

	cr_assert_not_null(art2);
	cr_expect_str_eq(art2->kind, LF_KIND_ARTICLE);
	cr_expect(!strncmp(art2->heading, "Sondervorschriften für Verschollenheitsfälle", 44));
	for (i = 0; i < law->nprovs; i++) {
		const lf_prov *p = &law->provs[i];
		if (!strcmp(p->label, "Art 4"))
			art4++;
		if (!strcmp(p->label, "§ 8")) {
			cr_expect_str_eq(law->provs[p->parent].label, "Art 2");
			cr_expect(!strncmp(p->text, "In den Fällen des § 1 sind die Vorschriften", 42));
		}
		if (!strcmp(p->label, "§ 3") && p->parent >= 0 &&
		    !strcmp(law->provs[p->parent].label, "Art 4"))
			cr_expect_str_eq(law->provs[p->parent].heading, "Übergangs- und Schlußvorschriften");
	}
	cr_expect_eq(art4, 1, "Art 4 appears %zu times", art4);
	lf_law_free(law);
}

Test(reader_gii, wrong_root_and_provision_cap)
{
	const char *xml = "<?xml version=\"1.0\"?><Statute><Body/></Statute>";
	xmlDoc *doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};
	char path[1024];
	lf_buf b;
	int gz;

	cr_assert_not_null(doc);
	cr_expect_eq(lf_read_gii(doc, law, &err), LF_EFORMAT);
	cr_expect(strstr(err.msg, "dokumente") != NULL, "%s", err.msg);
	xmlFreeDoc(doc);
	lf_law_free(law);

	/* past the provision cap the reader fails with LF_ETOOBIG, not a partial law */
	snprintf(path, sizeof path, "%s/gii/TKG_2021_BJNR185810021.xml.gz", LF_TEST_DATA);
	lf_buf_init(&b, 0);
	cr_assert_eq(lf_load_file(path, 0, &b, &gz, &err), 0, "%s", err.msg);
	doc = xmlReadMemory(b.p, (int)b.n, NULL, NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	law = lf_law_new();
	law->max_provs = 50;
	cr_expect_eq(lf_read_gii(doc, law, &err), LF_ETOOBIG);
	xmlFreeDoc(doc);
	lf_law_free(law);
	lf_buf_free(&b);
}

/* A hundred gliederung levels: containers past the tracked depth attach to
 * the deepest tracked one, and the reader stays linear. */
Test(reader_gii, deep_gliederung, .timeout = 10)
{
	lf_buf x;
	xmlDoc *doc;
	lf_law *law = lf_law_new();
	lf_err err = {0};
	int i, j, maxdepth = 0;
	size_t k;

	lf_buf_init(&x, 0);
	lf_buf_adds(&x, "<dokumente doknr=\"BJNRTEST\"><norm doknr=\"BJNRTEST\"><metadaten>"
	                "<jurabk>T</jurabk></metadaten></norm>");
	for (i = 0; i < 100; i++) {
		lf_buf_printf(&x, "<norm doknr=\"G%d\"><metadaten><gliederungseinheit>"
		                  "<gliederungskennzahl>", i);
		for (j = 0; j <= i; j++)
			lf_buf_adds(&x, "010");
		lf_buf_printf(&x, "</gliederungskennzahl><gliederungsbez>Abschnitt %d</gliederungsbez>"
		                  "</gliederungseinheit></metadaten></norm>", i);
	}
	lf_buf_adds(&x, "<norm doknr=\"S1\"><metadaten><enbez>§ 1</enbez></metadaten><textdaten>"
	                "<text><Content><P>Text</P></Content></text></textdaten></norm></dokumente>");
	doc = xmlReadMemory(x.p, (int)x.n, NULL, NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	cr_assert_eq(lf_read_gii(doc, law, &err), 0, "%s", err.msg);
	cr_expect_eq(law->nprovs, 101);
	for (k = 0; k < law->nprovs; k++)
		if (law->provs[k].depth > maxdepth)
			maxdepth = law->provs[k].depth;
	cr_expect_eq(maxdepth, 64);
	cr_expect_str_eq(law->provs[100].label, "§ 1");
	cr_expect_str_eq(law->provs[100].text, "Text");
	cr_expect_str_eq(law->field[LF_F_ID], "BJNRTEST");
	xmlFreeDoc(doc);
	lf_law_free(law);
	lf_buf_free(&x);
}
