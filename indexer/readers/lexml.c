/*
 * lexml.c - reader for Brazil's LexML (xmlns "http://www.lexml.gov.br/1.0"):
 * <LexML> with <Metadado> and a <Norma> (a law) or a <ProjetoNorma> (a bill:
 * its Norma and the Justificacao).
 *
 * Metadata:
 *  - id = Metadado/Identificacao/@URN ("urn:lex:br:federal:lei:2018-08-14;13709");
 *  - jurisdiction = the URN's country ("br"; "br;sao.paulo" is still "br"),
 *    "br" if there is no URN; language = the root's xml:lang ("pt-BR" ->
 *    "pt"), else "pt";
 *  - enacted = the URN's date ("2018-08-14"); number = the number printed
 *    in the Epigrafe ("LEI Nº 13.709, DE ..." -> "13.709"), else the URN's
 *    ("13709");
 *  - title = the Epigrafe ("LEI Nº 13.709, DE 14 DE AGOSTO DE 2018").  The
 *    Ementa (what the law is about) and the Preambulo (the enacting words,
 *    "O PRESIDENTE DA REPÚBLICA Faço saber ...") go to law->preface with the
 *    Epigrafe: LexML's Preambulo is only the enacting formula.
 *
 * Provisions: Parte (part), Livro (book), Titulo (title), Capitulo
 * (chapter), Secao, Subsecao and AgrupamentoHierarquico (division), Artigo
 * (article), Paragrafo (paragraph), Inciso, Alinea, Item, Pena and
 * DispositivoGenerico (point), Anexo (schedule), a bill's Justificacao
 * (kind provision, heading "Justificação").  Caput is not a provision: its
 * text is the article's own text and its incisos the article's children.
 * Labels: Rotulo as printed, without the dash that follows an inciso's
 * number ("I -" -> "I"; "Art. 33.", "§ 1º", "Parágrafo único.", "a)" stay);
 * headings: NomeAgrupador.  Ids: the id attribute ("art33_cpt_inc2_ali1").
 *
 * Text: Alteracao (the text of another law being amended) is text of the
 * provision that amends, never provisions of this law.  Dropped: Metadado,
 * ParteFinal (place and date of signing, signatures), notes (Nota).
 */
#include "indexer/readers/reader.h"

#include <string.h>

#include "core/text/lang.h"
#include "indexer/readers/xmlutil.h"

#define LEXML_LABEL_MAX ((size_t)16 << 10) /* longer labels and headings are cut */

typedef struct lexml_ctx {
	lf_law *law;
	lf_buf label, heading, tmp;
} lexml_ctx;

static int is(const char *name, const char *lit)
{
	return !strcmp(name, lit);
}

static const char *lexml_kind(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;

	(void)ctx;
	switch (s[0]) {
	case 'A':
		if (is(s, "Artigo")) return LF_KIND_ARTICLE;
		if (is(s, "Alinea")) return LF_KIND_POINT;
		if (is(s, "AgrupamentoHierarquico")) return LF_KIND_DIVISION;
		if (is(s, "Anexo")) return LF_KIND_SCHEDULE;
		return NULL;
	case 'C': return is(s, "Capitulo") ? LF_KIND_CHAPTER : NULL;
	case 'D': return is(s, "DispositivoGenerico") ? LF_KIND_POINT : NULL;
	case 'I':
		if (is(s, "Inciso") || is(s, "Item")) return LF_KIND_POINT;
		return NULL;
	case 'J': return is(s, "Justificacao") ? LF_KIND_PROVISION : NULL;
	case 'L': return is(s, "Livro") ? LF_KIND_BOOK : NULL;
	case 'P':
		if (is(s, "Paragrafo")) return LF_KIND_PARAGRAPH;
		if (is(s, "Parte")) return LF_KIND_PART;
		if (is(s, "Pena")) return LF_KIND_POINT;
		return NULL;
	case 'S': return is(s, "Secao") || is(s, "Subsecao") ? LF_KIND_DIVISION : NULL;
	case 'T': return is(s, "Titulo") ? LF_KIND_TITLE : NULL;
	default: return NULL;
	}
}

static int lexml_drop(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;

	(void)ctx;
	switch (s[0]) {
	case 'M': return is(s, "Metadado");
	case 'P': return is(s, "ParteFinal");
	case 'N': return is(s, "Nota") || is(s, "Notas");
	default: return 0;
	}
}

/* Rotulo and NomeAgrupador of a provision (or of its Caput): read by
 * describe(), not text. */
static int lexml_label(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;
	const xmlNode *p = n->parent;

	if (!(is(s, "Rotulo") || is(s, "NomeAgrupador")) || !p || p->type != XML_ELEMENT_NODE)
		return 0;
	return lexml_kind(p, ctx) || lf_xml_is(p, "Caput");
}

static int lexml_quote(const xmlNode *n, void *ctx)
{
	(void)ctx;
	return lf_xml_is(n, "Alteracao");
}

/* LexML inline elements (GenInline and its HTML-like kin). */
static int lexml_inline(const xmlNode *n)
{
	const char *s = (const char *)n->name;

	switch (s[0]) {
	case 'a': return is(s, "a") || is(s, "abbr");
	case 'b': return is(s, "b");
	case 'd': return is(s, "del") || is(s, "dfn");
	case 'i': return is(s, "i") || is(s, "ins");
	case 's': return is(s, "span") || is(s, "sup") || is(s, "sub") || is(s, "strong");
	case 'u': return is(s, "u");
	case 'v': return is(s, "var");
	case 'e': return is(s, "em");
	case 'R': return is(s, "Remissao") || is(s, "RemissaoMultipla");
	case 'N': return is(s, "NotaReferenciada");
	case 'T': return is(s, "Termo");
	default: return 0;
	}
}

/* Resets b to n's text (notes left out), cut at LEXML_LABEL_MAX. */
static const char *text_of(lf_buf *b, const xmlNode *n)
{
	return lf_xml_text_reset(b, n, lexml_drop, NULL, lexml_inline);
}

static int lexml_describe(const xmlNode *n, lf_xml_prov *p, void *ctx)
{
	lexml_ctx *c = ctx;
	const xmlNode *ch, *rot = NULL, *nome = NULL;

	for (ch = lf_xml_first(n); ch; ch = lf_xml_next(ch)) {
		if (!rot && lf_xml_is(ch, "Rotulo"))
			rot = ch;
		else if (!nome && lf_xml_is(ch, "NomeAgrupador"))
			nome = ch;
	}
	if (!rot && (ch = lf_xml_child(n, "Caput")) != NULL)
		rot = lf_xml_child(ch, "Rotulo");
	p->id = lf_xml_attr_raw(n, "id");
	if (rot) {
		text_of(&c->label, rot);
		p->label = lf_xml_trim(&c->label, LF_XML_TRIM_TAIL);
	}
	if (nome) {
		text_of(&c->heading, nome);
		p->heading = lf_xml_trim(&c->heading, 0);
	} else if (lf_xml_is(n, "Justificacao")) {
		p->heading = "Justificação";
	}
	/* a lone inciso at the top of a generic document is its unit */
	if (p->parent < 0 && (!strcmp(p->kind, LF_KIND_POINT) || !strcmp(p->kind, LF_KIND_PARAGRAPH)))
		p->kind = LF_KIND_PROVISION;
	return 0;
}

/* The number printed after "Nº" in an epigraph, into c->tmp; NULL if none. */
static const char *epigraph_number(lexml_ctx *c, const char *s)
{
	static const char *const marks[] = {"Nº", "N°", "nº", "n°", "N.º", "n.º", "No."};
	const char *p = NULL, *e;
	size_t i;

	for (i = 0; i < sizeof marks / sizeof *marks && !p; i++)
		if ((p = strstr(s, marks[i])) != NULL)
			p += strlen(marks[i]);
	if (!p)
		return NULL;
	while (*p == ' ')
		p++;
	for (e = p; *e && *e != ',' && *e != ' ' && *e != '\n'; e++)
		;
	if (e == p || *p < '0' || *p > '9')
		return NULL;
	lf_buf_reset(&c->tmp);
	lf_buf_add(&c->tmp, p, (size_t)(e - p));
	return lf_buf_str(&c->tmp);
}

/* Metadata from the URN and the Epigrafe. */
static int read_meta(lexml_ctx *c, const xmlNode *root)
{
	const xmlNode *ident = lf_xml_child(lf_xml_child(root, "Metadado"), "Identificacao");
	const xmlNode *norma, *epi = NULL;
	const char *urn = lf_xml_attr_raw(ident, "URN"), *parts[6] = {0}, *p, *v, *iso;
	lf_law *law = c->law;
	size_t k = 0, n;
	int rc = 0;

	if (urn && *urn) {
		if ((rc = lf_law_set(law, LF_F_ID, urn, strlen(urn), "Identificacao/URN")) != 0)
			return rc;
		/* urn:lex:<place>:<authority>:<type>:<date>;<number>[@version][!fragment] */
		for (p = urn; p && k < 6; p = strchr(p, ':'), p = p ? p + 1 : NULL)
			parts[k++] = p;
		if (k >= 3 && !strncmp(parts[0], "urn:lex:", 8)) {
			n = strcspn(parts[2], ";:");
			if (n == 2 && (rc = lf_law_set(law, LF_F_JURISDICTION, parts[2], 2, "URN")) != 0)
				return rc;
		}
		if (k >= 6) {
			if ((rc = lf_xml_set_date(law, LF_F_DATE_ENACTED, parts[5], "URN")) != 0)
				return rc;
			if ((p = strchr(parts[5], ';')) != NULL) {
				p++;
				n = strcspn(p, "@!:;");
				lf_buf_reset(&c->heading);
				lf_buf_add(&c->heading, p, n);
			}
		}
	}
	norma = lf_xml_child(root, "Norma");
	if (!norma)
		norma = lf_xml_child(lf_xml_child(root, "ProjetoNorma"), "Norma");
	epi = lf_xml_child(lf_xml_child(norma, "ParteInicial"), "Epigrafe");
	if (epi) {
		text_of(&c->label, epi);
		v = lf_xml_trim(&c->label, 0);
		if ((rc = lf_law_set(law, LF_F_TITLE, v, strlen(v), "Epigrafe")) != 0)
			return rc;
		if ((p = epigraph_number(c, v)) != NULL &&
		    (rc = lf_law_set(law, LF_F_NUMBER, p, strlen(p), "Epigrafe")) != 0)
			return rc;
	}
	if (c->heading.n && (rc = lf_law_set(law, LF_F_NUMBER, c->heading.p, c->heading.n, "URN")) != 0)
		return rc;
	v = lf_xml_attr_raw(root, "lang");
	iso = v ? lf_lang_iso1(v, strlen(v)) : NULL;
	rc = lf_law_set(law, LF_F_LANGUAGE, iso ? iso : "pt", 2, iso ? "xml:lang" : "format");
	if (rc)
		return rc;
	return lf_law_set(law, LF_F_JURISDICTION, "br", 2, "format");
}

int lf_read_lexml(xmlDoc *doc, lf_law *law, lf_err *err)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	lexml_ctx c;
	lf_buf loose;
	lf_xml_provspec spec = {lexml_kind, lexml_drop, lexml_label, lexml_quote, lexml_describe,
	                        lexml_inline, NULL};
	int rc;

	if (!root || !lf_xml_is(root, "LexML"))
		return lf_err_set(err, LF_EFORMAT, "not LexML: the root element is <%s>, not <LexML>",
		                  root ? lf_xml_name(root) : "");
	memset(&c, 0, sizeof c);
	c.law = law;
	spec.ctx = &c;
	lf_buf_init(&c.label, LEXML_LABEL_MAX);
	lf_buf_init(&c.heading, LEXML_LABEL_MAX);
	lf_buf_init(&c.tmp, LEXML_LABEL_MAX);
	lf_buf_init(&loose, LF_XML_MAX_PROV_TEXT);
	law->format = "lexml";
	rc = read_meta(&c, root);
	if (!rc)
		rc = lf_xml_provisions(law, root, -1, &spec, &loose);
	if (!rc && !(law->preface = lf_law_str(law, lf_buf_str(&loose), loose.n)))
		rc = LF_ENOMEM;
	if (rc)
		lf_xml_read_error(err, rc, law, "LexML");
	lf_buf_free(&c.label);
	lf_buf_free(&c.heading);
	lf_buf_free(&c.tmp);
	lf_buf_free(&loose);
	return rc;
}

static int sniff_lexml(const lf_sniff *s)
{
	return s->element && (!strcmp(s->name, "LexML") || lf_sniff_tag_has(s, "lexml.gov.br"));
}

const lf_reader lf_reader_lexml = {
	.name = "lexml",
	.reads = "Brazilian LexML (LexML root or the lexml.gov.br namespace)",
	.parse = LF_PARSE_XML,
	.sniff = sniff_lexml,
	.read_doc = lf_read_lexml,
};
