/* xmlutil.c - libxml2 tree helpers shared by the readers (see xmlutil.h). */
#include "indexer/readers/xmlutil.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text/date.h"

const char *lf_xml_name(const xmlNode *n)
{
	if (!n || n->type != XML_ELEMENT_NODE || !n->name)
		return "";
	return (const char *)n->name;
}

int lf_xml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name);
}

int lf_xml_is_ci(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

xmlNode *lf_xml_first(const xmlNode *n)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *lf_xml_next(const xmlNode *n)
{
	xmlNode *c;

	for (c = n ? n->next : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *lf_xml_child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = lf_xml_first(n); c; c = lf_xml_next(c))
		if (!strcmp((const char *)c->name, name))
			return c;
	return NULL;
}

/* Iterative pre-order walk: documents may nest deeply. */
xmlNode *lf_xml_find(const xmlNode *root, const char *name)
{
	const xmlNode *n = root ? root->children : NULL;

	while (n) {
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
			return (xmlNode *)n;
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next) {
			n = n->parent;
			if (n == root)
				return NULL;
		}
		if (n)
			n = n->next;
	}
	return NULL;
}

static const xmlAttr *find_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (a = n->properties; a; a = a->next)
		if (a->name && !strcmp((const char *)a->name, name))
			return a;
	return NULL;
}

const char *lf_xml_attr_raw(const xmlNode *n, const char *name)
{
	const xmlAttr *a = find_attr(n, name);

	if (!a)
		return NULL;
	if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
		return (const char *)a->children->content;
	return "";
}

const char *lf_xml_attr(lf_law *law, const xmlNode *n, const char *name)
{
	const xmlAttr *a = find_attr(n, name);
	const xmlNode *c;
	lf_buf b;
	const char *s;

	if (!a)
		return NULL;
	if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next) {
		const char *v = (const char *)a->children->content;
		return lf_law_str(law, v, v ? strlen(v) : 0);
	}
	lf_buf_init(&b, 1 << 20);
	for (c = a->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content)
			lf_buf_adds(&b, (const char *)c->content);
	s = lf_law_str(law, lf_buf_str(&b), b.n);
	lf_buf_free(&b);
	return s;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Elements whose edges separate words.  Everything in the legislative XML
 * vocabularies that holds a paragraph, a heading or a list item is a block;
 * inline markup (emphasis, references, <sup>) is not, so "Art<i>icle</i>"
 * stays one word.  The list is sorted (strcmp order) for bsearch: this runs
 * for every element of every document. */
static int is_block(const char *name)
{
	static const char *const inl[] = {
		"Abbreviation", "Acronym", "Addition", "B", "BR", "Character", "Citation", "CitationSubRef",
		"CommentaryRef", "DATE", "DefinedTermEn", "DefinedTermFr", "Emphasis", "ExternalLink", "FT",
		"FnR", "FootnoteRef", "HT", "I", "IE", "Inferior", "InternalLink", "Language", "NOTE",
		"QUOT.END", "QUOT.START", "REF.DOC.OJ", "Repealed", "SUB", "SUP", "SmallCaps", "Strong",
		"Sub", "Substitution", "Sup", "Superior", "Term", "U", "Underline", "XRefExternal",
		"XRefInternal", "a", "abbr", "acronym", "affectedDocument", "b", "bdi", "bdo", "big", "cite",
		"code", "concept", "date", "def", "del", "dfn", "docDate", "docNumber", "docProponent",
		"docStage", "docTitle", "docType", "em", "entity", "eol", "eop", "event", "font", "i",
		"inline", "ins", "kbd", "location", "mark", "marker", "mref", "noteRef", "object",
		"organization", "person", "placeholder", "process", "q", "quantity", "ref", "role", "rref",
		"s", "samp", "shortTitle", "small", "span", "strike", "strong", "sub", "sup", "term", "tt",
		"u", "var", "wbr",
	};

	if ((name[0] == 'b' || name[0] == 'B') && (name[1] == 'r' || name[1] == 'R') && !name[2])
		return 1;
	return !bsearch(name, inl, sizeof inl / sizeof *inl, sizeof *inl, cmp_name);
}

/* The generic inline test: anything not on the block list's complement. */
static int generic_inline(const xmlNode *n)
{
	return !is_block((const char *)n->name);
}

int lf_xml_text(const xmlNode *root, lf_buf *b, lf_xml_skip_fn skip, void *ctx, int block_all)
{
	return lf_xml_text_with(root, b, skip, ctx, block_all ? NULL : generic_inline);
}

const char *lf_xml_text_dup(lf_law *law, const xmlNode *n)
{
	lf_buf b;
	const char *s;

	if (!n)
		return "";
	lf_buf_init(&b, 64 << 20);
	lf_xml_text(n, &b, NULL, NULL, 1);
	s = lf_law_str(law, lf_buf_str(&b), b.n);
	lf_buf_free(&b);
	return s;
}

int lf_xml_set_field(lf_law *law, enum lf_field f, const xmlNode *n, const char *src)
{
	const char *s;

	if (!n || (law->field[f] && *law->field[f]))
		return 0;
	s = lf_xml_text_dup(law, n);
	if (!s)
		return LF_ENOMEM;
	return lf_law_set(law, f, s, strlen(s), src);
}

/* The walk of lf_xml_text with a caller's inline test (see xmlutil.h). */
static int block_with(const xmlNode *n, lf_xml_inline_fn is_inline)
{
	const char *name = (const char *)n->name;

	if (!is_inline)
		return 1;
	if ((name[0] == 'b' || name[0] == 'B') && (name[1] == 'r' || name[1] == 'R') && !name[2])
		return 1;
	return !is_inline(n);
}

int lf_xml_text_with(const xmlNode *root, lf_buf *b, lf_xml_skip_fn skip, void *ctx,
                     lf_xml_inline_fn is_inline)
{
	const xmlNode *n;
	int rc = 0;

	if (!root)
		return 0;
	if (root->type == XML_TEXT_NODE || root->type == XML_CDATA_SECTION_NODE)
		return root->content ? lf_buf_adds(b, (const char *)root->content) : 0;
	if (root->type != XML_ELEMENT_NODE && root->type != XML_DOCUMENT_NODE &&
	    root->type != XML_HTML_DOCUMENT_NODE)
		return 0;
	n = root->children;
	while (n && !rc) {
		int descend = 0;

		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				rc = lf_buf_adds(b, (const char *)n->content);
			break;
		case XML_ELEMENT_NODE:
			if (skip && skip(n, ctx))
				break;
			if (block_with(n, is_inline))
				rc = lf_buf_sep(b);
			descend = n->children != NULL;
			break;
		default: /* comments, PIs, entity references: never text */
			break;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* leave finished elements, separating after block ones */
		while (n && !n->next) {
			n = n->parent;
			if (!n || n == root)
				return rc;
			if (n->type == XML_ELEMENT_NODE && block_with(n, is_inline))
				rc = rc ? rc : lf_buf_sep(b);
		}
		if (n && n->type == XML_ELEMENT_NODE && n->children && block_with(n, is_inline))
			rc = rc ? rc : lf_buf_sep(b);
		n = n ? n->next : NULL;
	}
	return rc;
}

int lf_xml_set_date(lf_law *law, enum lf_field f, const char *v, const char *src)
{
	char d[LF_DATE_SIZE];
	size_t n = v ? lf_date_value(v, strlen(v), d) : 0;

	return n ? lf_law_set(law, f, d, n, src) : 0;
}

/* State of one lf_xml_provisions() walk. */
typedef struct provwalk {
	lf_law *law;
	const lf_xml_provspec *spec;
	lf_buf text; /* own text of the provision being added */
	int rc;      /* first error met inside a skip callback */
} provwalk;

static int pw_drop(const xmlNode *n, void *ctx)
{
	const lf_xml_provspec *s = ((const provwalk *)ctx)->spec;

	return s->drop && s->drop(n, s->ctx);
}

/* Appends a quotation's whole text (only drop() subtrees left out). */
static int pw_quote(provwalk *w, const xmlNode *n, lf_buf *b)
{
	int rc = lf_buf_sep(b);

	if (!rc)
		rc = lf_xml_text_with(n, b, pw_drop, w, w->spec->is_inline);
	if (!rc)
		rc = lf_buf_sep(b);
	return rc;
}

/* Skip test for a provision's own text.  A nested provision or a label is
 * left out with a word break in its place; a quotation is appended here,
 * whole, and then skipped by the outer walk. */
static int pw_own_skip(const xmlNode *n, void *ctx)
{
	provwalk *w = ctx;
	const lf_xml_provspec *s = w->spec;
	int rc;

	if (s->drop && s->drop(n, s->ctx))
		return 1;
	if (s->kind(n, s->ctx) || (s->label && s->label(n, s->ctx))) {
		rc = lf_buf_sep(&w->text);
		if (rc && !w->rc)
			w->rc = rc;
		return 1;
	}
	if (s->quote && s->quote(n, s->ctx)) {
		rc = pw_quote(w, n, &w->text);
		if (rc && !w->rc)
			w->rc = rc;
		return 1;
	}
	return 0;
}

static int pw_add(provwalk *w, const xmlNode *n, const char *kind, int parent)
{
	lf_xml_prov p = {kind, parent, NULL, NULL, NULL};
	int rc;

	if (w->spec->describe && (rc = w->spec->describe(n, &p, w->spec->ctx)) < 0)
		return rc;
	lf_buf_reset(&w->text);
	w->rc = 0;
	rc = lf_xml_text_with(n, &w->text, pw_own_skip, w, w->spec->is_inline);
	if (!rc)
		rc = w->rc;
	if (rc)
		return rc;
	return lf_law_add_prov(w->law, parent, p.kind, p.id, p.label, p.heading,
	                       lf_buf_str(&w->text));
}

static int pw_block(const provwalk *w, const xmlNode *n)
{
	return !w->spec->is_inline || lf_xml_is_ci(n, "br") || !w->spec->is_inline(n);
}

int lf_xml_provisions(lf_law *law, const xmlNode *root, int parent,
                      const lf_xml_provspec *spec, lf_buf *loose)
{
	struct {
		const xmlNode *el;
		int idx;
	} open[LF_XML_MAX_PROV_DEPTH]; /* provision elements we are inside of */
	int nopen = 0, rc = 0;
	provwalk w;
	const xmlNode *n;

	w.law = law;
	w.spec = spec;
	w.rc = 0;
	lf_buf_init(&w.text, LF_XML_MAX_PROV_TEXT);
	n = root ? root->children : NULL;
	while (n && !rc) {
		int descend = 0, cur = nopen ? open[nopen - 1].idx : parent;
		const char *kind;

		if (n->type == XML_ELEMENT_NODE) {
			if (spec->drop && spec->drop(n, spec->ctx)) {
				/* neither text nor provisions */
			} else if ((kind = spec->kind(n, spec->ctx)) != NULL) {
				int idx = pw_add(&w, n, kind, cur);
				if (idx < 0) {
					rc = idx;
					break;
				}
				if (n->children) {
					if (nopen < LF_XML_MAX_PROV_DEPTH) {
						open[nopen].el = n;
						open[nopen++].idx = idx;
					}
					descend = 1;
				}
				if (!nopen && loose)
					rc = lf_buf_sep(loose);
			} else if (spec->label && spec->label(n, spec->ctx)) {
				if (!nopen && loose)
					rc = lf_buf_sep(loose);
			} else if (spec->quote && spec->quote(n, spec->ctx)) {
				if (!nopen && loose)
					rc = pw_quote(&w, n, loose);
			} else {
				descend = n->children != NULL;
				if (!nopen && loose && pw_block(&w, n))
					rc = lf_buf_sep(loose);
			}
		} else if (!nopen && loose && n->content &&
		           (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)) {
			rc = lf_buf_adds(loose, (const char *)n->content);
		}
		if (rc)
			break;
		if (descend) {
			n = n->children;
			continue;
		}
		/* leave finished elements, closing the provisions among them */
		while (n && !n->next) {
			n = n->parent;
			if (!n || n == root)
				goto out;
			if (nopen && open[nopen - 1].el == n)
				nopen--;
			if (!nopen && loose && n->type == XML_ELEMENT_NODE && pw_block(&w, n))
				rc = rc ? rc : lf_buf_sep(loose);
		}
		n = n->next;
	}
out:
	lf_buf_free(&w.text);
	return rc;
}

/* True if the 3 bytes at s are a Unicode space: U+2000-U+200A (GPO puts
 * em quads before "(a)"), U+202F, U+205F, U+3000. */
static int uspace3(const unsigned char *s)
{
	if (s[0] == 0xE2 && s[1] == 0x80)
		return s[2] <= 0x8A || s[2] == 0xAF;
	return (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) ||
	       (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80);
}

/* Length of the separator or space that ends s[0..n), 0 if none. */
static size_t trim_tail_len(const unsigned char *s, size_t n, int seps)
{
	if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		return 1;
	if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0)
		return 2;
	if (n >= 3 && uspace3(s + n - 3))
		return 3;
	if (!seps)
		return 0;
	if (n && (s[n - 1] == ':' || s[n - 1] == '-'))
		return 1;
	if (n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 && (s[n - 1] == 0x93 || s[n - 1] == 0x94))
		return 3;
	return 0;
}

/* Length of the separator or space that starts s[0..n), 0 if none. */
static size_t trim_head_len(const unsigned char *s, size_t n, int seps)
{
	if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r'))
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && uspace3(s))
		return 3;
	if (!seps)
		return 0;
	if (n && (s[0] == ':' || s[0] == '-'))
		return 1;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x93 || s[2] == 0x94))
		return 3;
	return 0;
}

char *lf_xml_trim(lf_buf *b, int how)
{
	unsigned char *s;
	size_t n, k;

	if (!b->p)
		return (char *)"";
	s = (unsigned char *)b->p;
	n = b->n;
	while ((k = trim_tail_len(s, n, how & LF_XML_TRIM_TAIL)) != 0)
		n -= k;
	while ((k = trim_head_len(s, n, how & LF_XML_TRIM_HEAD)) != 0)
		s += k, n -= k;
	s[n] = '\0';
	return (char *)s;
}

int lf_xml_read_error(lf_err *err, int rc, const lf_law *law, const char *format)
{
	size_t max = law->max_provs ? law->max_provs : LF_LAW_DEFAULT_MAX_PROVS;

	if (rc == LF_ETOOBIG && law->nprovs >= max)
		return lf_err_set(err, rc, "%s: more than %zu provisions", format, max);
	return lf_err_set(err, rc, "%s: %s", format, lf_strerror(rc));
}

int lf_xml_set_preface(lf_law *law, const lf_buf *b)
{
	const char *s;

	if (!b->n)
		return 0;
	s = lf_law_str(law, b->p, b->n);
	if (!s)
		return LF_ENOMEM;
	law->preface = s;
	return 0;
}

void lf_xml_num_heading(const xmlNode *n, const xmlNode **num, const xmlNode **head)
{
	const xmlNode *ch;

	*num = *head = NULL;
	for (ch = lf_xml_first(n); ch; ch = lf_xml_next(ch)) {
		if (!*num && lf_xml_is(ch, "num"))
			*num = ch;
		else if (!*head && lf_xml_is(ch, "heading"))
			*head = ch;
	}
}

void lf_xml_top_leaf(lf_xml_prov *p)
{
	const char *k = p->kind;

	if (p->parent < 0 && (!strcmp(k, LF_KIND_PARAGRAPH) || !strcmp(k, LF_KIND_SUBPARAGRAPH) ||
	                      !strcmp(k, LF_KIND_SUBSECTION) || !strcmp(k, LF_KIND_POINT)))
		p->kind = LF_KIND_PROVISION;
}

const char *lf_xml_text_reset(lf_buf *b, const xmlNode *n, lf_xml_skip_fn skip, void *ctx,
                              lf_xml_inline_fn is_inline)
{
	lf_buf_reset(b);
	if (n)
		lf_xml_text_with(n, b, skip, ctx, is_inline); /* LF_ETOOBIG: keep the cut text */
	return lf_buf_str(b);
}

int lf_xml_is_num_or_heading(const xmlNode *n, const char *(*kind_of)(const char *name))
{
	const char *s = (const char *)n->name;

	if (!((s[0] == 'n' && !strcmp(s, "num")) || (s[0] == 'h' && !strcmp(s, "heading"))))
		return 0;
	return n->parent && n->parent->type == XML_ELEMENT_NODE &&
	       kind_of((const char *)n->parent->name) != NULL;
}
