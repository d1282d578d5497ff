/*
 * html_walk.c - the first half of the HTML reader (html.c): the page is
 * walked once, iteratively, into blocks (outline.h), dropping what is not
 * text of the law (hidden, struck, site chrome, scripts: see html.c's
 * header), noting each block's bold share, centring, raised numbers and
 * EUR-Lex class hints, and the page's metadata (title, lang, meta tags,
 * CELEX links) on the way.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "indexer/readers/html_int.h"
#include "indexer/readers/xmlutil.h"

/* ---- small string helpers ---------------------------------------------- */

static int has_token(const char *list, const char *tok)
{
	size_t n = strlen(tok);
	const char *p = list;

	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!strncmp(p, tok, n) && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t' || p[n] == '\n'))
			return 1;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
	}
	return 0;
}

const char *lf_html_ci_find(const char *h, const char *needle)
{
	size_t n = strlen(needle);

	for (; h && *h; h++)
		if (!strncasecmp(h, needle, n))
			return h;
	return NULL;
}

/* A CELEX number at p: sector, year, type letters, four digits
 * ("32016R0679", "52021PC0206").  Returns its length or 0. */
static size_t celex_at(const char *p)
{
	size_t i = 0, k;

	if (!(isdigit((unsigned char)p[0]) || p[0] == 'C' || p[0] == 'E'))
		return 0;
	i = 1;
	for (k = 0; k < 4; k++, i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	if (!((p[1] == '1' && p[2] == '9') || (p[1] == '2' && p[2] == '0')))
		return 0;
	for (k = 0; k < 2 && isupper((unsigned char)p[i]); k++)
		i++;
	if (!k)
		return 0;
	for (k = 0; k < 4; k++, i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	if (isalnum((unsigned char)p[i]))
		return 0;
	return i;
}

/* First CELEX number in s into out; 1 if found. */
int lf_html_find_celex(const char *s, char out[24])
{
	const char *p;

	for (p = s; p && *p; p++) {
		size_t k;
		if (p > s && isalnum((unsigned char)p[-1]))
			continue;
		if ((k = celex_at(p)) != 0) {
			memcpy(out, p, k);
			out[k] = '\0';
			return 1;
		}
	}
	return 0;
}

/* ---- the walk ----------------------------------------------------------- */

/* What an element name means to the walk: one binary search per element
 * (a linear list of names costs seconds over a bulk corpus). */
enum {
	E_BLOCK = 1, /* separates blocks */
	E_VOID = 2,  /* never has content (but see is_void) */
	E_SKIP = 4,  /* its subtree is dropped */
	E_EMPH = 8,  /* sets its text apart: bold, italic, heading */
};

static int elem_flags(const char *name)
{
	static const struct { const char *name; int f; } t[] = { /* sorted */
		{"address", E_BLOCK}, {"applet", E_SKIP}, {"area", E_VOID}, {"article", E_BLOCK},
		{"aside", E_BLOCK}, {"audio", E_SKIP}, {"b", E_EMPH}, {"base", E_VOID},
		{"basefont", E_VOID}, {"blockquote", E_BLOCK}, {"body", E_BLOCK}, {"br", E_VOID},
		{"button", E_SKIP}, {"canvas", E_SKIP}, {"caption", E_BLOCK}, {"center", E_BLOCK},
		{"col", E_BLOCK | E_VOID}, {"colgroup", E_BLOCK}, {"dd", E_BLOCK}, {"del", E_SKIP},
		{"details", E_BLOCK}, {"dir", E_BLOCK}, {"div", E_BLOCK}, {"dl", E_BLOCK},
		{"dt", E_BLOCK}, {"em", E_EMPH}, {"embed", E_VOID}, {"fieldset", E_BLOCK},
		{"figcaption", E_BLOCK}, {"figure", E_BLOCK}, {"footer", E_SKIP}, {"form", E_SKIP},
		{"frame", E_SKIP}, {"frameset", E_SKIP}, {"h1", E_BLOCK | E_EMPH},
		{"h2", E_BLOCK | E_EMPH}, {"h3", E_BLOCK | E_EMPH}, {"h4", E_BLOCK | E_EMPH},
		{"h5", E_BLOCK | E_EMPH}, {"h6", E_BLOCK | E_EMPH}, {"header", E_SKIP},
		{"hr", E_BLOCK | E_VOID}, {"html", E_BLOCK}, {"i", E_EMPH}, {"iframe", E_SKIP},
		{"img", E_VOID}, {"input", E_VOID}, {"isindex", E_VOID}, {"legend", E_BLOCK},
		{"li", E_BLOCK}, {"link", E_VOID}, {"main", E_BLOCK}, {"map", E_SKIP},
		{"math", E_SKIP}, {"menu", E_BLOCK}, {"meta", E_VOID}, {"nav", E_SKIP},
		{"noscript", E_SKIP}, {"object", E_SKIP}, {"ol", E_BLOCK}, {"option", E_SKIP},
		{"p", E_BLOCK}, {"param", E_VOID}, {"pre", E_BLOCK}, {"s", E_SKIP},
		{"script", E_SKIP}, {"section", E_BLOCK}, {"select", E_SKIP}, {"source", E_VOID},
		{"strike", E_SKIP}, {"strong", E_EMPH}, {"style", E_SKIP}, {"summary", E_BLOCK},
		{"svg", E_SKIP}, {"table", E_BLOCK}, {"tbody", E_BLOCK}, {"td", E_BLOCK},
		{"template", E_SKIP}, {"textarea", E_SKIP}, {"tfoot", E_BLOCK},
		{"th", E_BLOCK | E_EMPH}, {"thead", E_BLOCK}, {"title", E_SKIP}, {"tr", E_BLOCK},
		{"track", E_VOID}, {"ul", E_BLOCK}, {"video", E_SKIP}, {"wbr", E_VOID},
	};
	char low[16];
	size_t i, lo = 0, hi = sizeof t / sizeof *t;

	for (i = 0; name[i]; i++) {
		if (i + 1 >= sizeof low)
			return 0;
		low[i] = (char)tolower((unsigned char)name[i]);
	}
	low[i] = '\0';
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(low, t[mid].name);
		if (!c)
			return t[mid].f;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static int is_block(const char *name)
{
	return elem_flags(name) & E_BLOCK;
}

static int style_has(const xmlNode *n, const char *prop, const char *val)
{
	const char *st = lf_xml_attr_raw(n, "style"), *p;

	if (!st || !(p = lf_html_ci_find(st, prop)))
		return 0;
	p += strlen(prop);
	while (*p == ' ' || *p == ':')
		p++;
	return !strncasecmp(p, val, strlen(val));
}

static int is_hidden(const xmlNode *n)
{
	static const char *const chrome[] = {"banner", "nav", "navigation", "menu", "breadcrumb",
	                                     "breadcrumbs", "header", "footer", "skip", "cookie"};
	const char *cls = lf_xml_attr_raw(n, "class"), *id = lf_xml_attr_raw(n, "id");
	size_t i;

	for (i = 0; id && i < sizeof chrome / sizeof *chrome; i++)
		if (!strcasecmp(id, chrome[i]))
			return 1;

	if (lf_xml_attr_raw(n, "hidden") || style_has(n, "display", "none") ||
	    lf_html_ci_find(lf_xml_attr_raw(n, "style"), "line-through"))
		return 1; /* hidden, or struck through (superseded wording) */
	if (cls && (has_token(cls, "hidden") || has_token(cls, "hide-change") || has_token(cls, "hide") ||
	            has_token(cls, "arrow")))
		return 1;
	return 0;
}

/* Bold or italic: how pages set headings apart from text. */
static int is_bold_elem(const xmlNode *n)
{
	const char *cls;

	if (elem_flags(lf_xml_name(n)) & E_EMPH)
		return 1;
	if (style_has(n, "font-weight", "bold") || style_has(n, "font-weight", "700") ||
	    style_has(n, "font-style", "italic"))
		return 1;
	cls = lf_xml_attr_raw(n, "class");
	return cls && (has_token(cls, "bold") || has_token(cls, "oj-bold") || has_token(cls, "italik") ||
	               has_token(cls, "italic") || has_token(cls, "oj-italic"));
}

/* Class of a block element -> hint. */
static int class_hint(const char *cls)
{
	static const struct { const char *c; int h; } t[] = {
		{"oj-doc-ti", H_DOCTI}, {"doc-ti", H_DOCTI}, {"title-doc-first", H_DOCTI},
		{"title-doc-last", H_DOCTI}, {"Statut", H_DOCTI}, {"Typedudocument_cp", H_DOCTI},
		{"Typedudocument", H_DOCTI}, {"Titreobjet_cp", H_DOCTI}, {"Titreobjet", H_DOCTI},
		{"oj-ti-section-1", H_CONT}, {"ti-section-1", H_CONT}, {"title-division-1", H_CONT},
		{"SectionTitle", H_CONT}, {"oj-ti-section-2", H_CONTHEAD}, {"ti-section-2", H_CONTHEAD},
		{"title-division-2", H_CONTHEAD},
		{"oj-ti-art", H_UNIT}, {"ti-art", H_UNIT}, {"title-article-norm", H_UNIT},
		{"Titrearticle", H_UNIT}, {"oj-sti-art", H_UNITHEAD}, {"sti-art", H_UNITHEAD},
		{"stitle-article-norm", H_UNITHEAD},
		{"title-annex-1", H_ANNEX}, {"Annexetitre", H_ANNEX}, {"oj-ti-annex", H_ANNEX},
		{"ti-annex", H_ANNEX}, {"title-annex-2", H_ANNEXHEAD},
		{"ManualConsidrant", H_RECITAL}, {"Considrant", H_RECITAL},
		{"oj-final", H_FINAL}, {"final", H_FINAL}, {"Applicationdirecte", H_FINAL},
		{"Fait", H_END}, {"oj-final-date", H_END},
		{"oj-hd-lg", H_LANG}, {"hd-lg", H_LANG},
		{"Emission", H_DATE}, {"Rfrenceinstitutionnelle", H_COMREF}, {"reference", H_CONSREF},
		{"oj-note", H_SKIP}, {"note", H_SKIP}, {"footnote", H_SKIP}, {"oj-signatory", H_SKIP},
		{"signatory", H_SKIP}, {"signature", H_SKIP}, {"disclaimer", H_SKIP},
		{"hd-modifiers", H_SKIP}, {"title-fam-member", H_SKIP}, {"title-fam-member-star", H_SKIP},
		{"title-toc", H_SKIP}, {"toc-item", H_SKIP}, {"toc-1", H_SKIP}, {"toc-2", H_SKIP},
		{"hd-toc-1", H_SKIP}, {"hd-toc-2", H_SKIP}, {"hd-toc-3", H_SKIP},
		{"oj-hd-date", H_SKIP}, {"oj-hd-ti", H_SKIP}, {"oj-hd-oj", H_SKIP}, {"hd-date", H_SKIP},
		{"hd-ti", H_SKIP}, {"hd-oj", H_SKIP}, {"title-doc-oj-reference", H_SKIP},
		{"Logo", H_SKIP}, {"Rfrenceinterinstitutionnelle", H_SKIP}, {"CrossReference_cp", H_SKIP},
		{"CrossReference", H_SKIP},
		{"naslov", H_TITLECLS}, {"odluka-zakon", H_TITLECLS}, {"T", H_TITLECLS},
		{"title", H_TITLECLS}, {"doc-title", H_TITLECLS}, {"doctitle", H_TITLECLS},
	};
	size_t i;

	if (!cls)
		return H_NONE;
	for (i = 0; i < sizeof t / sizeof *t; i++)
		if (has_token(cls, t[i].c))
			return t[i].h;
	return H_NONE;
}

/* Classes that only EUR-Lex pages use. */
static int eurlex_class(const char *cls)
{
	static const char *const t[] = {
		"oj-ti-art", "ti-art", "oj-sti-art", "sti-art", "oj-doc-ti", "doc-ti", "oj-normal",
		"title-article-norm", "title-doc-first", "Titrearticle", "eli-subdivision",
		"oj-ti-section-1", "ti-section-1", "ManualConsidrant", "Annexetitre",
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++)
		if (has_token(cls, t[i]))
			return 1;
	return 0;
}

/* What a recital's following blocks share: its ELI subdivision (id
 * "rct_N"), else the outermost table around it. */
static uintptr_t block_group(const xmlNode *n, int *inrct)
{
	const xmlNode *table = NULL;
	int k;

	*inrct = 0;
	for (k = 0; n && n->type == XML_ELEMENT_NODE && k < ANCESTORS; n = n->parent, k++) {
		const char *id = lf_xml_attr_raw(n, "id");
		if (id && !strncmp(id, "rct_", 4)) {
			*inrct = 1;
			return (uintptr_t)n;
		}
		if (lf_xml_is_ci(n, "table"))
			table = n;
	}
	return (uintptr_t)table;
}

static int centred(const xmlNode *n)
{
	const char *al = lf_xml_attr_raw(n, "align");
	int k;

	if ((al && !strcasecmp(al, "center")) || style_has(n, "text-align", "center"))
		return 1;
	for (k = 0; n && k < 8; n = n->parent, k++)
		if (lf_xml_is_ci(n, "center"))
			return 1;
	return 0;
}

/* Ends the block being gathered and adds it to the outline. */
static void flush(struct page *pg)
{
	lf_block proto;
	const xmlNode *b = pg->bnode;
	long idx;
	int inrct = 0, rc;

	if (pg->rc || !pg->blk.n) {
		lf_buf_reset(&pg->blk);
		pg->bold = pg->total = 0;
		return;
	}
	memset(&proto, 0, sizeof proto);
	if (b) {
		const char *name = lf_xml_name(b);
		proto.hint = (unsigned char)class_hint(lf_xml_attr_raw(b, "class"));
		if (!proto.hint && !strcasecmp(name, "h1"))
			proto.hint = H_H1;
		proto.styled = (pg->total && pg->bold == pg->total) || centred(b) ||
		               (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) ||
		               proto.hint == H_TITLECLS;
		proto.group = block_group(b, &inrct);
		if (inrct)
			proto.hint |= H_INRCT;
	}
	rc = lf_outline_add(&pg->o, pg->blk.p, pg->blk.n, &proto, &idx);
	if (rc)
		pg->rc = rc;
	lf_buf_reset(&pg->blk);
	pg->bold = pg->total = 0;
}

/* True if the CSS declarations [p, end) raise the text: vertical-align top
 * or super. */
static int css_raises(const char *p, const char *end)
{
	for (; end - p > 14; p++) {
		const char *v;
		if (strncasecmp(p, "vertical-align", 14))
			continue;
		for (v = p + 14; v < end && (*v == ' ' || *v == ':'); v++)
			;
		return (end - v >= 3 && !strncasecmp(v, "top", 3)) ||
		       (end - v >= 5 && !strncasecmp(v, "super", 5));
	}
	return 0;
}

/* Remembers the class of the selector [sel, end) (".W9", "span.W9"). */
static void note_raised_class(struct page *pg, const char *sel, const char *end)
{
	const char *dot = NULL, *p;
	size_t k = 0;

	for (p = sel; p < end; p++)
		if (*p == '.')
			dot = p + 1;
	if (!dot || pg->nsup >= (int)(sizeof pg->sup / sizeof *pg->sup))
		return;
	while (dot + k < end && k + 1 < sizeof pg->sup[0] &&
	       (isalnum((unsigned char)dot[k]) || dot[k] == '-' || dot[k] == '_'))
		k++;
	if (!k)
		return;
	memcpy(pg->sup[pg->nsup], dot, k);
	pg->sup[pg->nsup++][k] = '\0';
}

/* Notes the classes a <style> element sets in superscript: pravo.gov.ru
 * writes article 85² as "85<span class="W9">2</span>" with
 * ".W9{vertical-align:top; ...}". */
static void note_style(struct page *pg, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c; c = c->next) {
		const char *css = (const char *)c->content, *from, *open, *close;
		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !css)
			continue;
		for (from = css; (open = strchr(from, '{')) != NULL; from = close + 1) {
			if (!(close = strchr(open, '}')))
				break;
			if (css_raises(open, close))
				note_raised_class(pg, from, open);
		}
	}
}

/* True if text node n is set as a superscript (<sup>, a raised class). */
static int raised(const struct page *pg, const xmlNode *n)
{
	int k, i;

	for (k = 0, n = n->parent; n && n->type == XML_ELEMENT_NODE && k < 3; n = n->parent, k++) {
		const char *cls;
		if (lf_xml_is_ci(n, "sup") || style_has(n, "vertical-align", "super"))
			return 1;
		if (pg->nsup && (cls = lf_xml_attr_raw(n, "class")) != NULL)
			for (i = 0; i < pg->nsup; i++)
				if (has_token(cls, pg->sup[i]))
					return 1;
		if (n == pg->bnode)
			break;
	}
	return 0;
}

static void text_node(struct page *pg, const xmlNode *n)
{
	const char *s = (const char *)n->content, *p;
	size_t nonsp = 0;
	int rc;

	if (!s || !*s)
		return;
	for (p = s; *p; p++)
		nonsp += !isspace((unsigned char)*p);
	pg->total += nonsp;
	if (pg->emph > 0)
		pg->bold += nonsp;
	/* a raised number right after a number is a sub-number: "Статья
	 * 85<sup>2</sup>" is article 85.2, not 852 */
	if (pg->blk.n && isdigit((unsigned char)pg->blk.p[pg->blk.n - 1]) && isdigit((unsigned char)*s) &&
	    strspn(s, "0123456789") == (size_t)(p - s) && (size_t)(p - s) <= 3 && raised(pg, n) &&
	    lf_buf_addc(&pg->blk, '.'))
		pg->rc = LF_ETOOBIG;
	if ((rc = lf_buf_add(&pg->blk, s, (size_t)(p - s))) != 0)
		pg->rc = rc;
}

/* Notes what the page says about itself (title, language, EUR-Lex signals). */
static void note_meta(struct page *pg, const xmlNode *n)
{
	const char *name = lf_xml_name(n), *v;

	if (!strcasecmp(name, "title") && !pg->title) {
		pg->title = lf_xml_text_dup(pg->law, n);
	} else if (!strcasecmp(name, "meta")) {
		const char *key = lf_xml_attr_raw(n, "name"), *c = lf_xml_attr_raw(n, "content");
		if (!key)
			key = lf_xml_attr_raw(n, "http-equiv");
		if (!key || !c)
			return;
		if (!strcasecmp(key, "DC.language") || !strcasecmp(key, "content-language") ||
		    !strcasecmp(key, "language") || !strcasecmp(key, "WT.z_usr_lan")) {
			if (!pg->lang)
				pg->lang = lf_law_str(pg->law, c, strlen(c));
		} else if (!strcasecmp(key, "DC.description")) {
			pg->dc_desc = lf_law_str(pg->law, c, strlen(c));
		} else if (!strcasecmp(key, "DC.identifier")) {
			pg->dc_ident = lf_law_str(pg->law, c, strlen(c));
		}
		if ((!strncasecmp(key, "DC.", 3) || !strncasecmp(key, "WT.", 3)) &&
		    (lf_html_ci_find(c, "EUR-Lex") || lf_html_ci_find(c, "CELEX:")))
			pg->strong++;
	} else if (!strcasecmp(name, "link")) {
		const char *rel = lf_xml_attr_raw(n, "rel");
		v = lf_xml_attr_raw(n, "href");
		if (rel && v && !strcasecmp(rel, "canonical")) {
			pg->canonical = lf_law_str(pg->law, v, strlen(v));
			if (lf_html_ci_find(v, "eur-lex.europa.eu"))
				pg->strong++;
		}
	} else if (!strcasecmp(name, "a")) {
		v = lf_xml_attr_raw(n, "href");
		if (v && (lf_html_ci_find(v, "eur-lex.europa.eu") || lf_html_ci_find(v, "celex:"))) {
			const char *c = lf_html_ci_find(v, "celex:");
			pg->links++;
			if (c && !pg->link_celex[0])
				lf_html_find_celex(c + 6, pg->link_celex);
		}
	}
	if (!pg->lang && (v = lf_xml_attr_raw(n, "lang")) != NULL && *v &&
	    (!strcasecmp(name, "html") || !strcasecmp(name, "body")))
		pg->lang = lf_law_str(pg->law, v, strlen(v));
	if (!pg->strong && (v = lf_xml_attr_raw(n, "class")) != NULL && eurlex_class(v))
		pg->strong++;
}

/* Enters element n; returns 0 if its subtree is skipped. */
static int enter(struct page *pg, const xmlNode *n)
{
	const char *name = lf_xml_name(n);
	int f = elem_flags(name);

	note_meta(pg, n);
	/* Void elements hold no content, but a broken page parsed with
	 * HTML_PARSE_NOIMPLIED can hang the rest of the page under one
	 * ("<meta ...><p>...": the p becomes the meta's child): never skipped. */
	if (f & E_VOID) {
		if (!strcmp(name, "br") && lf_buf_addc(&pg->blk, ' '))
			pg->rc = LF_ETOOBIG;
		if (f & E_BLOCK)
			flush(pg);
		return 1;
	}
	if (!strcmp(name, "style"))
		note_style(pg, n);
	if ((f & E_SKIP) || is_hidden(n))
		return 0;
	if (f & E_BLOCK) {
		flush(pg);
		pg->bnode = n;
	}
	if (is_bold_elem(n))
		pg->emph++;
	return 1;
}

static void leave(struct page *pg, const xmlNode *n)
{
	const xmlNode *a;
	const char *cls;
	int k = 0;

	if (n->type != XML_ELEMENT_NODE || (elem_flags(lf_xml_name(n)) & E_VOID))
		return;
	if (is_bold_elem(n) && pg->emph > 0)
		pg->emph--;
	if (!is_block(lf_xml_name(n))) {
		/* list numbers set apart only by CSS: "(1)" "a)" in Commission documents */
		cls = lf_xml_attr_raw(n, "class");
		if (cls &&
		    (has_token(cls, "num") || has_token(cls, "list-symbol") || has_token(cls, "tab")) &&
		    lf_buf_addc(&pg->blk, ' '))
			pg->rc = LF_ETOOBIG;
		return;
	}
	flush(pg);
	for (a = n->parent; a && a->type == XML_ELEMENT_NODE && k < 1024; a = a->parent, k++)
		if (is_block(lf_xml_name(a)))
			break;
	pg->bnode = a && a->type == XML_ELEMENT_NODE ? a : NULL;
}

/* Walks the whole document (HTML_PARSE_NOIMPLIED leaves several top-level
 * nodes) without recursion. */
void lf_html_walk(struct page *pg, xmlDoc *doc)
{
	xmlNode *n = doc->children;

	while (n && !pg->rc) {
		int entered = 0;
		if (n->type == XML_ELEMENT_NODE)
			entered = enter(pg, n);
		else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			text_node(pg, n);
		if (entered && n->children) {
			n = n->children;
			continue;
		}
		if (entered)
			leave(pg, n);
		while (n && !n->next) {
			n = n->parent;
			if (!n || n == (xmlNode *)doc)
				goto done;
			leave(pg, n);
		}
		n = n ? n->next : NULL;
	}
done:
	flush(pg);
}
