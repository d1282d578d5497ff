/* xmlutil.c - libxml2 tree helpers shared by the readers (see xmlutil.h). */
#include "xmlutil.h"

#include <string.h>
#include <strings.h>

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

/* Elements whose edges separate words.  Everything in the legislative XML
 * vocabularies that holds a paragraph, a heading or a list item is a block;
 * inline markup (emphasis, references, <sup>) is not, so "Art<i>icle</i>"
 * stays one word. */
static int is_block(const char *name)
{
	static const char *const inl[] = {
		"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "dfn", "em",
		"font", "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
		"sub", "sup", "tt", "u", "var", "ins", "del", "wbr",
		/* legislative inline markup */
		"ref", "mref", "rref", "term", "def", "inline", "date", "docDate", "docNumber",
		"docTitle", "docType", "docStage", "docProponent", "shortTitle", "affectedDocument",
		"person", "organization", "role", "location", "quantity", "entity", "event",
		"concept", "object", "process", "noteRef", "eol", "eop", "marker", "placeholder",
		"HT", "FT", "IE", "QUOT.START", "QUOT.END", "REF.DOC.OJ", "DATE", "NOTE",
		"XRefExternal", "XRefInternal", "DefinedTermEn", "DefinedTermFr", "Emphasis",
		"Language", "Sup", "Sub", "Repealed", "FootnoteRef", "Citation", "CitationSubRef",
		"Term", "Strong", "Underline", "SmallCaps", "Superior", "Inferior", "Character",
		"Abbreviation", "Acronym", "InternalLink", "ExternalLink", "Addition", "Substitution",
		"CommentaryRef", "SUP", "SUB", "B", "I", "U", "FnR", "BR",
	};
	size_t i;

	if (!strcasecmp(name, "br"))
		return 1;
	for (i = 0; i < sizeof inl / sizeof *inl; i++)
		if (!strcmp(name, inl[i]))
			return 0;
	return 1;
}

int lf_xml_text(const xmlNode *root, lf_buf *b, lf_xml_skip_fn skip, void *ctx, int block_all)
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
			if (block_all || is_block((const char *)n->name))
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
			if (n->type == XML_ELEMENT_NODE && (block_all || is_block((const char *)n->name)))
				rc = rc ? rc : lf_buf_sep(b);
		}
		if (n && n->type == XML_ELEMENT_NODE && n->children &&
		    (block_all || is_block((const char *)n->name)))
			rc = rc ? rc : lf_buf_sep(b);
		n = n ? n->next : NULL;
	}
	return rc;
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
