/*
 * test_reader_lexml.c - the LexML reader on a hand-written fixture with the
 * text of the Brazilian LGPD (tests/data/lexml/lgpd_13709_excerpt.xml: the
 * corpus has no LexML file; see SOURCES.md) and on small documents written
 * inline.
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"
#include "reader_util.h"

TestSuite(reader_lexml, .init = reader_setup);

static lf_law *load(const char *name)
{
	return load_from("lexml", name, "lexml");
}

/* Parses a document written in the test and reads it. */
static lf_law *read_inline(const char *x)
{
	xmlDoc *doc = xmlReadMemory(x, (int)strlen(x), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};

	cr_assert_not_null(doc);
	cr_assert_eq(lf_read_lexml(doc, law, &err), 0, "%s", err.msg);
	xmlFreeDoc(doc);
	return law;
}

Test(reader_lexml, metadata)
{
	lf_law *law = load("lgpd_13709_excerpt.xml");

	cr_expect_str_eq(law->field[LF_F_ID], "urn:lex:br:federal:lei:2018-08-14;13709");
	cr_expect_str_eq(law->field[LF_F_TITLE], "LEI Nº 13.709, DE 14 DE AGOSTO DE 2018");
	cr_expect_str_eq(law->field[LF_F_JURISDICTION], "br");
	cr_expect_str_eq(law->field[LF_F_LANGUAGE], "pt");
	cr_expect_str_eq(law->field[LF_F_DATE_ENACTED], "2018-08-14");
	cr_expect_str_eq(law->field[LF_F_NUMBER], "13.709");
	cr_expect_null(law->field[LF_F_SHORT_TITLE]);
	cr_expect_null(law->field[LF_F_DATE_IN_FORCE]);
	cr_expect_str_eq(law->preface,
	                 "LEI Nº 13.709, DE 14 DE AGOSTO DE 2018 Dispõe sobre a proteção de dados "
	                 "pessoais e altera a Lei nº 12.965, de 23 de abril de 2014 (Marco Civil da "
	                 "Internet). O PRESIDENTE DA REPÚBLICA Faço saber que o Congresso Nacional "
	                 "decreta e eu sanciono a seguinte Lei:");
	cr_expect_eq(law->nprovs, 45);
	cr_expect_eq(count_kind(law, LF_KIND_ARTICLE), 8);
	cr_expect_eq(count_kind(law, LF_KIND_CHAPTER), 4);
	lf_law_free(law);
}

Test(reader_lexml, article_33_international_transfer)
{
	lf_law *law = load("lgpd_13709_excerpt.xml");
	const lf_prov *cap = find_id(law, "cap5"), *a33 = find_id(law, "art33"), *inc, *ali, *par;

	cr_assert_not_null(cap);
	cr_expect_str_eq(cap->label, "CAPÍTULO V");
	cr_expect_str_eq(cap->heading, "DA TRANSFERÊNCIA INTERNACIONAL DE DADOS");
	cr_assert_not_null(a33);
	cr_expect_str_eq(a33->kind, LF_KIND_ARTICLE);
	cr_expect_str_eq(a33->label, "Art. 33.");
	cr_expect_eq(&law->provs[a33->parent], cap);
	/* the caput is the article's own text */
	cr_expect_str_eq(a33->text, "A transferência internacional de dados pessoais somente é "
	                            "permitida nos seguintes casos:");
	inc = find_id(law, "art33_cpt_inc2");
	cr_assert_not_null(inc);
	cr_expect_str_eq(inc->kind, LF_KIND_POINT);
	cr_expect_str_eq(inc->label, "II", "the dash after an inciso's number goes");
	cr_expect_eq(&law->provs[inc->parent], a33);
	ali = find_id(law, "art33_cpt_inc2_ali2");
	cr_assert_not_null(ali);
	cr_expect_str_eq(ali->label, "b)");
	cr_expect_str_eq(ali->text, "cláusulas-padrão contratuais;");
	cr_expect_eq(&law->provs[ali->parent], inc);
	inc = find_id(law, "art33_cpt_inc7");
	cr_assert_not_null(inc);
	cr_expect_str_eq(inc->text,
	                 "quando a transferência for necessária para a execução de política pública "
	                 "ou atribuição legal do serviço público, sendo dada publicidade nos termos "
	                 "do inciso I do caput do art. 23 desta Lei;");
	par = find_id(law, "art33_par1u");
	cr_assert_not_null(par);
	cr_expect_str_eq(par->kind, LF_KIND_PARAGRAPH);
	cr_expect_str_eq(par->label, "Parágrafo único.");
	cr_expect(!strncmp(par->text, "Para os fins do inciso I deste artigo", 37), "%s", par->text);
	par = find_id(law, "art35_par3");
	cr_assert_not_null(par);
	cr_expect_str_eq(par->label, "§ 3º");
	lf_law_free(law);
}

Test(reader_lexml, sections_group_articles)
{
	lf_law *law = load("lgpd_13709_excerpt.xml");
	const lf_prov *sec = find_id(law, "cap4_sec2"), *a31 = find_id(law, "art31");

	cr_assert_not_null(sec);
	cr_expect_str_eq(sec->kind, LF_KIND_DIVISION);
	cr_expect_str_eq(sec->label, "Seção II");
	cr_expect_str_eq(sec->heading, "Da Responsabilidade");
	cr_assert_not_null(a31);
	cr_expect_eq(&law->provs[a31->parent], sec);
	cr_expect_eq(a31->depth, 2);
	lf_law_free(law);
}

Test(reader_lexml, amendment_is_text_and_signatures_are_dropped)
{
	lf_law *law = load("lgpd_13709_excerpt.xml");
	const lf_prov *a60 = find_id(law, "art60");
	size_t i;

	cr_assert_not_null(a60);
	cr_expect(strstr(a60->text, "passa a vigorar com as seguintes alterações: Art. 7º X - exclusão "
	                            "definitiva dos dados pessoais") != NULL,
	          "%s", a60->text);
	for (i = 0; i < law->nprovs; i++)
		cr_expect(strncmp(law->provs[i].id, "art60_cpt_alt1", 14) != 0, "%s", law->provs[i].id);
	cr_expect(strstr(law->preface, "MICHEL TEMER") == NULL);
	cr_expect(strstr(law->preface, "Brasília") == NULL);
	lf_law_free(law);
}

Test(reader_lexml, bill_with_justification)
{
	lf_law *law = read_inline(
		"<?xml version=\"1.0\"?>"
		"<LexML xmlns=\"http://www.lexml.gov.br/1.0\">"
		"<Metadado><Identificacao "
		"URN=\"urn:lex:br;sao.paulo:estadual:projeto.lei:2020;45\"/></Metadado>"
		"<ProjetoNorma><Norma><ParteInicial><Epigrafe>PROJETO DE LEI Nº 45, DE 2020</Epigrafe>"
		"<Ementa>Ementa.</Ementa></ParteInicial><Articulacao>"
		"<Artigo id=\"art1\"><Caput id=\"art1_cpt\"><Rotulo>Art. 1º</Rotulo><p>Texto.</p></Caput>"
		"</Artigo></Articulacao></Norma>"
		"<Justificacao><p>Razões do projeto.</p></Justificacao></ProjetoNorma></LexML>");
	const lf_prov *a1 = find_id(law, "art1"), *j;

	cr_expect_str_eq(law->field[LF_F_JURISDICTION], "br");
	cr_expect_str_eq(law->field[LF_F_LANGUAGE], "pt");
	cr_expect_str_eq(law->field[LF_F_NUMBER], "45");
	cr_expect_str_eq(law->field[LF_F_DATE_ENACTED], "2020", "a year is all the URN gives");
	cr_assert_not_null(a1);
	cr_expect_str_eq(a1->label, "Art. 1º", "the label may sit in the caput");
	cr_expect_str_eq(a1->text, "Texto.");
	cr_assert_eq(law->nprovs, 2);
	j = &law->provs[1];
	cr_expect_str_eq(j->kind, LF_KIND_PROVISION);
	cr_expect_str_eq(j->heading, "Justificação");
	cr_expect_str_eq(j->text, "Razões do projeto.");
	lf_law_free(law);
}

Test(reader_lexml, not_lexml)
{
	const char *x = "<?xml version=\"1.0\"?><Norma/>";
	xmlDoc *doc = xmlReadMemory(x, (int)strlen(x), NULL, NULL, XML_PARSE_NONET);
	lf_law *law = lf_law_new();
	lf_err err = {0};

	cr_assert_not_null(doc);
	cr_expect_eq(lf_read_lexml(doc, law, &err), LF_EFORMAT);
	cr_expect(strstr(err.msg, "Norma") != NULL, "%s", err.msg);
	xmlFreeDoc(doc);
	lf_law_free(law);
}
