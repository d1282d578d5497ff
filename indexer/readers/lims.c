/*
 * lims.c - reader for Justice Canada's consolidated Acts and Regulations
 * (LIMS XML: root <Statute> or <Regulation>, xmlns:lims="http://justice.gc.ca/lims").
 *
 * Metadata (from <Identification> and the root's attributes):
 *  - title = LongTitle, short title = ShortTitle, number = ConsolidatedNumber
 *    ("B-9.01") or InstrumentNumber ("SOR/2001-6", "C.R.C., c. 1126");
 *    language = the root's xml:lang; jurisdiction "ca".
 *  - id = "ca/" + the number made path-safe ("/" and spaces become "-",
 *    commas go: "ca/SOR-2001-6", "ca/C.R.C.-c.-1126") + "/" + language:
 *    "ca/B-9.01/en", "ca/B-9.01/fr".  The English and French texts of one
 *    act are two documents in the index, so the language is part of the id.
 *  - enacted = the "assented-to" stage of BillHistory (Acts) or the
 *    RegistrationDate (Regulations); version = lims:current-date on the root
 *    (the "current to" date of the consolidation), else ConsolidationDate.
 *    The in-force date is left unset: the root's lims:inforce-start-date is
 *    when LIMS's record of this version starts (2002-12-31 for an act of
 *    1975), not when the law came into force.
 *  - law->preface: the enacting words (Introduction/Enacts), a regulation's
 *    Order ("... makes the annexed Regulations") and a repeal note on the root.
 *
 * Provisions:
 *  - Section: label "s. 16" in English and "art. 16" in French documents
 *    (how each language cites a section of a Canadian act or regulation;
 *    kind section in both), "" when the Label is empty; heading = its
 *    MarginalNote.  Regulations' sections are read the same way.
 *  - Subsection "(1)", Paragraph "(a)", Subparagraph "(i)", Clause,
 *    Subclause, Subsubclause (kind point): label as printed.
 *  - Definition: kind point, no label, heading = the defined term (in the
 *    document's language), so "s. 2 > personal information" can be shown.
 *  - Schedule: label and heading from ScheduleFormHeading ("SCHEDULE I",
 *    its TitleText).  Preamble: kind preamble.
 *  - Heading elements are flat siblings of the sections they head.  Where a
 *    Heading has a Section sibling it is structural: it becomes a container
 *    (label "PART 1", heading = TitleText; kind from the label's first word:
 *    PART part, DIVISION/SUBDIVISION/French SECTION division, CHAPTER
 *    chapter; none: division), nesting by its level attribute; the sections
 *    after it go under the innermost open one.  Other Headings (inside a
 *    schedule's lists and tables, inside a section) stay in the text.
 *  - Quoted law (AmendedText, ReadAsText, QuotedText ...) is text of the
 *    provision that quotes it, never provisions of this law.
 *  - Skipped from text: HistoricalNote, Footnote, FootnoteRef, MarginalNote
 *    (a heading), a provision's own Label, RecentAmendments.  Repealed text
 *    ("[Repealed, 2001, c. 34, s. 30]") is kept.
 *  - Ids: the element's lims:id (stable and unique in a document).
 *
 * Speed: one walk over each provision's children to find nested ones and one
 * text walk per provision (child provisions skipped), with buffers reused for
 * the whole law; element names are told apart by a switch on the first byte.
 */
#include "indexer/readers/reader.h"

#include <string.h>

#include "core/text/lang.h"
#include "indexer/readers/xmlutil.h"

#define LIMS_MAX_DEPTH 256      /* provision levels; deeper ones stay text */
#define LIMS_MAX_XML_DEPTH 1024 /* element levels walked looking for provisions */
#define LIMS_MAX_HEADINGS 16    /* heading levels tracked */
#define LIMS_MAX_TEXT ((size_t)64 << 20)

typedef struct lims_ctx {
	lf_law *law;
	int fr;                    /* French document */
	const xmlNode *cur;        /* provision whose own text is being read */
	int keep_provs;            /* at the depth limit: nested provisions are text */
	const xmlNode *hs_parent;  /* cache for is_structural() */
	int hs_result;
	lf_buf text, label, heading, preface, tmp;
} lims_ctx;

enum prov_type { P_NONE, P_SECTION, P_SUBSECTION, P_PARAGRAPH, P_SUBPARAGRAPH, P_POINT,
	         P_DEFINITION, P_SCHEDULE, P_PREAMBLE };

static int name_is(const char *name, const char *lit)
{
	return !strcmp(name, lit);
}

/* Which provision an element is, from its local name. */
static enum prov_type prov_type(const char *name)
{
	switch (name[0]) {
	case 'S':
		if (name_is(name, "Section")) return P_SECTION;
		if (name_is(name, "Subsection")) return P_SUBSECTION;
		if (name_is(name, "Subparagraph")) return P_SUBPARAGRAPH;
		if (name_is(name, "Schedule")) return P_SCHEDULE;
		if (name_is(name, "Subclause") || name_is(name, "Subsubclause")) return P_POINT;
		return P_NONE;
	case 'P':
		if (name_is(name, "Paragraph")) return P_PARAGRAPH;
		if (name_is(name, "Preamble")) return P_PREAMBLE;
		return P_NONE;
	case 'C': return name_is(name, "Clause") ? P_POINT : P_NONE;
	case 'D': return name_is(name, "Definition") ? P_DEFINITION : P_NONE;
	default: return P_NONE;
	}
}

/* Quoted law: the text of the provision that quotes it. */
static int is_quote(const char *name)
{
	switch (name[0]) {
	case 'A': return name_is(name, "AmendedText") || name_is(name, "AmendedContent");
	case 'R': return name_is(name, "ReadAsText") || name_is(name, "ReadAsContent");
	case 'Q': return name_is(name, "QuotedText");
	default: return 0;
	}
}

/* Elements never holding a provision of this law: not walked for them. */
static int is_leaf(const char *name)
{
	if (is_quote(name))
		return 1;
	switch (name[0]) {
	case 'T': return name_is(name, "Text") || name_is(name, "TitleText") || name_is(name, "TableGroup");
	case 'L': return name_is(name, "Label") || name_is(name, "List");
	case 'M': return name_is(name, "MarginalNote");
	case 'H': return name_is(name, "HistoricalNote");
	case 'F': return name_is(name, "Footnote") || name_is(name, "FormGroup") ||
	                 name_is(name, "FormulaGroup");
	case 'P': return name_is(name, "Provision");
	case 'I': return name_is(name, "ImageGroup") || name_is(name, "Identification");
	case 'N': return name_is(name, "Note");
	case 'R': return name_is(name, "RecentAmendments");
	default: return 0;
	}
}

/* LIMS inline markup (no word break at its edges). */
static int lims_inline(const xmlNode *n)
{
	const char *name = (const char *)n->name;

	switch (name[0]) {
	case 'X': return name_is(name, "XRefExternal") || name_is(name, "XRefInternal");
	case 'D': return name_is(name, "DefinedTermEn") || name_is(name, "DefinedTermFr") ||
	                 name_is(name, "DefinitionRef") || name_is(name, "DefinitionEnOnly") ||
	                 name_is(name, "DefinitionFrOnly");
	case 'E': return name_is(name, "Emphasis");
	case 'L': return name_is(name, "Language");
	case 'R': return name_is(name, "Repealed");
	case 'S': return name_is(name, "Sup") || name_is(name, "Sub") || name_is(name, "Superscript") ||
	                 name_is(name, "Subscript");
	case 'I': return name_is(name, "InlineFont") || name_is(name, "Ins");
	case 'B': return name_is(name, "Base");
	case 'F': return name_is(name, "FootnoteRef"); /* skipped, but glued: "Act<FootnoteRef/>," */
	default: return 0;
	}
}

/* True if a Heading heads sections: it has a Section sibling.  Headings come
 * in runs under one parent, so the answer is cached per parent. */
static int is_structural(lims_ctx *c, const xmlNode *h)
{
	const xmlNode *s;

	if (h->parent != c->hs_parent) {
		c->hs_parent = h->parent;
		c->hs_result = 0;
		for (s = lf_xml_first(h->parent); s; s = lf_xml_next(s))
			if (lf_xml_is(s, "Section")) {
				c->hs_result = 1;
				break;
			}
	}
	return c->hs_result;
}

/* True if n sits in quoted law below the provision being read. */
static int in_quote(const lims_ctx *c, const xmlNode *n)
{
	for (n = n->parent; n && n != c->cur && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (is_quote((const char *)n->name))
			return 1;
	return 0;
}

static int lims_skip(const xmlNode *n, void *ctx)
{
	lims_ctx *c = ctx;
	const char *name = (const char *)n->name;

	switch (name[0]) {
	case 'H':
		if (name_is(name, "HistoricalNote"))
			return 1;
		if (name_is(name, "Heading"))
			return !c->keep_provs && n->parent != c->cur && is_structural(c, n) &&
			       !in_quote(c, n);
		return 0;
	case 'F': return name_is(name, "Footnote") || name_is(name, "FootnoteRef");
	case 'M': return name_is(name, "MarginalNote");
	case 'L': return n->parent == c->cur && name_is(name, "Label");
	case 'T': return n->parent == c->cur && name_is(name, "TitleText");
	case 'R': return name_is(name, "RecentAmendments");
	default:
		break;
	}
	if (name_is(name, "ScheduleFormHeading"))
		return 1;
	return !c->keep_provs && prov_type(name) != P_NONE && !in_quote(c, n);
}

/* Resets b and fills it with n's text, as seen from provision cur. */
static int text_into(lims_ctx *c, lf_buf *b, const xmlNode *n, const xmlNode *cur)
{
	lf_buf_reset(b);
	if (!n)
		return 0;
	c->cur = cur;
	return lf_xml_text_with(n, b, lims_skip, c, lims_inline);
}

/* First element child named a or, failing that, b. */
static const xmlNode *child2(const xmlNode *n, const char *a, const char *b)
{
	const xmlNode *x = lf_xml_child(n, a);

	return x ? x : lf_xml_child(n, b);
}

/* A heading's kind from the first word of its label ("PART 1", "PARTIE 1",
 * "DIVISION 2", "SECTION 3" in French): containers are never units. */
static const char *container_kind(const char *label)
{
	const char *e, *k;

	while (*label == ' ' || *label == '\n' || *label == '\t' || *label == '\r')
		label++;
	for (e = label; *e && *e != ' ' && *e != '\n' && *e != '\t' && *e != '\r' &&
	                !((unsigned char)e[0] == 0xC2 && (unsigned char)e[1] == 0xA0); e++)
		;
	k = lf_kind_from_word(label, (size_t)(e - label));
	if (!k || lf_kind_is_unit(k))
		return LF_KIND_DIVISION;
	return k;
}

/* Label, heading and own text of provision n of type t, into the buffers. */
static int prov_parts(lims_ctx *c, const xmlNode *n, enum prov_type t)
{
	const xmlNode *lab = NULL, *head = NULL, *x;
	int rc;

	switch (t) {
	case P_SCHEDULE:
		if ((x = lf_xml_child(n, "ScheduleFormHeading")) != NULL) {
			lab = lf_xml_child(x, "Label");
			head = x; /* its TitleText(s), below */
		}
		break;
	case P_DEFINITION:
		x = lf_xml_child(n, "Text");
		head = x ? (c->fr ? child2(x, "DefinedTermFr", "DefinedTermEn") :
		                    child2(x, "DefinedTermEn", "DefinedTermFr")) : NULL;
		break;
	case P_PREAMBLE:
		head = lf_xml_find(n, "MarginalNote");
		break;
	default:
		lab = lf_xml_child(n, "Label");
		head = lf_xml_child(n, "MarginalNote");
		break;
	}
	if ((rc = text_into(c, &c->tmp, lab, lab ? lab->parent : NULL)) != 0)
		return rc;
	lf_buf_reset(&c->label);
	if (c->tmp.n && t == P_SECTION)
		rc = lf_buf_adds(&c->label, c->fr ? "art. " : "s. ");
	if (!rc && c->tmp.n)
		rc = lf_buf_add(&c->label, c->tmp.p, c->tmp.n);
	if (rc)
		return rc;
	if (t == P_SCHEDULE && head) { /* the TitleTexts of the ScheduleFormHeading */
		lf_buf_reset(&c->heading);
		for (x = lf_xml_first(head); x && !rc; x = lf_xml_next(x))
			if (lf_xml_is(x, "TitleText")) {
				c->cur = NULL;
				rc = lf_buf_sep(&c->heading);
				if (!rc)
					rc = lf_xml_text_with(x, &c->heading, lims_skip, c, lims_inline);
			}
	} else {
		rc = text_into(c, &c->heading, head, head ? head->parent : NULL);
	}
	if (rc)
		return rc;
	return text_into(c, &c->text, n, n);
}

static const char *const kind_of[] = {
	[P_NONE] = LF_KIND_PROVISION, [P_SECTION] = LF_KIND_SECTION,
	[P_SUBSECTION] = LF_KIND_SUBSECTION, [P_PARAGRAPH] = LF_KIND_PARAGRAPH,
	[P_SUBPARAGRAPH] = LF_KIND_SUBPARAGRAPH, [P_POINT] = LF_KIND_POINT,
	[P_DEFINITION] = LF_KIND_POINT, [P_SCHEDULE] = LF_KIND_SCHEDULE,
	[P_PREAMBLE] = LF_KIND_PREAMBLE,
};

/* A structural Heading as a container under parent; returns its index. */
static int add_heading(lims_ctx *c, const xmlNode *h, int parent)
{
	int rc;

	if ((rc = text_into(c, &c->label, lf_xml_child(h, "Label"), h)) != 0 ||
	    (rc = text_into(c, &c->heading, lf_xml_child(h, "TitleText"), h)) != 0 ||
	    (rc = text_into(c, &c->text, h, h)) != 0)
		return rc;
	return lf_law_add_prov(c->law, parent, container_kind(lf_buf_str(&c->label)),
	                       lf_xml_attr_raw(h, "id"), lf_buf_str(&c->label),
	                       lf_buf_str(&c->heading), lf_buf_str(&c->text));
}

static int heading_level(const xmlNode *h)
{
	const char *l = lf_xml_attr_raw(h, "level");
	int v = 0;

	while (l && *l >= '0' && *l <= '9' && v < 100)
		v = v * 10 + (*l++ - '0');
	if (v < 1)
		v = 1;
	return v < LIMS_MAX_HEADINGS ? v : LIMS_MAX_HEADINGS;
}

static int walk(lims_ctx *c, const xmlNode *el, int parent, int pdepth, int xdepth);

/* One element under parent: a provision is added (and walked), another
 * element is walked for provisions unless it never holds any. */
static int visit(lims_ctx *c, const xmlNode *el, int parent, int pdepth, int xdepth)
{
	const char *name = (const char *)el->name;
	enum prov_type t = prov_type(name);
	int rc, idx;

	if (t == P_NONE || pdepth >= LIMS_MAX_DEPTH)
		return t == P_NONE && !is_leaf(name) ? walk(c, el, parent, pdepth, xdepth + 1) : 0;
	c->keep_provs = pdepth + 1 >= LIMS_MAX_DEPTH;
	rc = prov_parts(c, el, t);
	c->keep_provs = 0;
	if (rc)
		return rc;
	idx = lf_law_add_prov(c->law, parent, kind_of[t], lf_xml_attr_raw(el, "id"),
	                      lf_buf_str(&c->label), lf_buf_str(&c->heading), lf_buf_str(&c->text));
	if (idx < 0)
		return idx;
	return pdepth + 1 < LIMS_MAX_DEPTH ? walk(c, el, idx, pdepth + 1, xdepth + 1) : 0;
}

/* Finds the provisions among el's descendants and adds them under parent
 * (pdepth: their depth; xdepth: element levels walked).  Headings with a
 * Section sibling open containers for the children after them. */
static int walk(lims_ctx *c, const xmlNode *el, int parent, int pdepth, int xdepth)
{
	struct { int level, idx; } hs[LIMS_MAX_HEADINGS];
	const xmlNode *ch;
	int nh = 0, rc = 0;

	if (xdepth >= LIMS_MAX_XML_DEPTH)
		return 0;
	for (ch = lf_xml_first(el); ch && rc >= 0; ch = lf_xml_next(ch)) {
		const char *name = (const char *)ch->name;

		if (name[0] == 'H' && name_is(name, "Heading")) {
			int level;
			if (!is_structural(c, ch))
				continue;
			level = heading_level(ch);
			while (nh && hs[nh - 1].level >= level)
				nh--;
			if (pdepth + nh >= LIMS_MAX_DEPTH)
				continue;
			rc = add_heading(c, ch, nh ? hs[nh - 1].idx : parent);
			if (rc >= 0 && nh < LIMS_MAX_HEADINGS) {
				hs[nh].level = level;
				hs[nh].idx = rc;
				nh++;
			}
			continue;
		}
		/* below an open heading, one level deeper */
		rc = visit(c, ch, nh ? hs[nh - 1].idx : parent, pdepth + nh, xdepth);
	}
	return rc < 0 ? rc : 0;
}

/* Appends n's text to the preface. */
static int preface_add(lims_ctx *c, const xmlNode *n)
{
	int rc = lf_buf_sep(&c->preface);

	c->cur = n;
	return rc ? rc : lf_xml_text_with(n, &c->preface, lims_skip, c, lims_inline);
}

/* A <Date><YYYY/><MM/><DD/></Date> as YYYY-MM-DD (or YYYY-MM, YYYY). */
static int set_date(lims_ctx *c, enum lf_field f, const xmlNode *holder, const char *src)
{
	const xmlNode *d = holder ? (lf_xml_is(holder, "Date") ? holder : lf_xml_child(holder, "Date")) : NULL;
	const char *parts[3] = {"YYYY", "MM", "DD"};
	char out[16];
	size_t o = 0;
	int i;

	if (!d)
		return 0;
	for (i = 0; i < 3; i++) {
		const xmlNode *x = lf_xml_child(d, parts[i]);
		const char *s = x && x->children && x->children->type == XML_TEXT_NODE ?
		                (const char *)x->children->content : NULL;
		size_t n = s ? strspn(s, "0123456789") : 0;
		if (!n || n > (i ? 2u : 4u) || (i == 0 && n != 4))
			break;
		if (i)
			out[o++] = '-';
		if (i && n == 1)
			out[o++] = '0';
		memcpy(out + o, s, n);
		o += n;
	}
	if (!o)
		return 0;
	out[o] = '\0';
	return lf_xml_set_date(c->law, f, out, src);
}

/* "ca/" + the number made path-safe + "/" + language. */
static int set_id(lims_ctx *c, const char *num, const char *lang)
{
	lf_buf *b = &c->tmp;
	const char *s;
	int rc;

	lf_buf_reset(b);
	rc = lf_buf_adds(b, "ca/");
	for (s = num; *s && !rc; s++) {
		char ch = *s;
		if (ch == ',')
			continue;
		if (ch == '/' || ch == ' ' || ch == '\t' || ch == '\n')
			ch = '-';
		if (ch == '-' && b->p[b->n - 1] == '-')
			continue;
		rc = lf_buf_addc(b, ch);
	}
	if (!rc && lang)
		rc = lf_buf_printf(b, "/%s", lang);
	return rc ? rc : lf_law_set(c->law, LF_F_ID, b->p, b->n, "Identification number + xml:lang");
}

static int read_identification(lims_ctx *c, const xmlNode *idn, const char *lang)
{
	lf_law *law = c->law;
	const xmlNode *n, *x;
	int rc = 0;

	for (n = lf_xml_first(idn); n && !rc; n = lf_xml_next(n)) {
		const char *name = (const char *)n->name;
		if (name_is(name, "LongTitle")) {
			if (!(rc = text_into(c, &c->tmp, n, n)))
				rc = lf_law_set(law, LF_F_TITLE, c->tmp.p, c->tmp.n, "Identification/LongTitle");
		} else if (name_is(name, "ShortTitle")) {
			if (!(rc = text_into(c, &c->tmp, n, n)))
				rc = lf_law_set(law, LF_F_SHORT_TITLE, c->tmp.p, c->tmp.n, "Identification/ShortTitle");
		} else if (name_is(name, "InstrumentNumber") ||
		           (name_is(name, "Chapter") && lf_xml_child(n, "ConsolidatedNumber"))) {
			x = name[0] == 'I' ? n : lf_xml_child(n, "ConsolidatedNumber");
			if (!(rc = text_into(c, &c->tmp, x, x)))
				rc = lf_law_set(law, LF_F_NUMBER, c->tmp.p, c->tmp.n,
				                name[0] == 'I' ? "Identification/InstrumentNumber" :
				                                 "Identification/Chapter/ConsolidatedNumber");
		} else if (name_is(name, "RegistrationDate")) {
			rc = set_date(c, LF_F_DATE_ENACTED, n, "Identification/RegistrationDate");
		} else if (name_is(name, "ConsolidationDate")) {
			rc = set_date(c, LF_F_DATE_VERSION, n, "Identification/ConsolidationDate");
		} else if (name_is(name, "BillHistory")) {
			for (x = lf_xml_first(n); x && !rc; x = lf_xml_next(x)) {
				const char *st = lf_xml_attr_raw(x, "stage");
				if (lf_xml_is(x, "Stages") && st && !strcmp(st, "assented-to"))
					rc = set_date(c, LF_F_DATE_ENACTED, x, "BillHistory/Stages[assented-to]");
			}
		}
	}
	if (!rc && !law->field[LF_F_TITLE] && law->field[LF_F_SHORT_TITLE])
		rc = lf_law_set(law, LF_F_TITLE, law->field[LF_F_SHORT_TITLE],
		                strlen(law->field[LF_F_SHORT_TITLE]), "Identification/ShortTitle");
	if (!rc && law->field[LF_F_NUMBER])
		rc = set_id(c, law->field[LF_F_NUMBER], lang);
	return rc;
}

static int read_root(lims_ctx *c, const xmlNode *root)
{
	const char *xl = lf_xml_attr_raw(root, "lang"), *lang = NULL;
	const xmlNode *n;
	int rc;

	if (xl)
		lang = lf_lang_iso1(xl, strlen(xl));
	c->fr = lang && !strcmp(lang, "fr");
	if ((rc = lf_law_set(c->law, LF_F_JURISDICTION, "ca", 2, "format")) != 0)
		return rc;
	if (lang && (rc = lf_law_set(c->law, LF_F_LANGUAGE, lang, strlen(lang), "@xml:lang")) != 0)
		return rc;
	/* the consolidation's "current to" date wins over ConsolidationDate */
	if ((rc = lf_xml_set_date(c->law, LF_F_DATE_VERSION, lf_xml_attr_raw(root, "current-date"),
	                          "@lims:current-date")) != 0)
		return rc;
	if ((n = lf_xml_child(root, "Identification")) != NULL &&
	    (rc = read_identification(c, n, lang)) != 0)
		return rc;
	for (n = lf_xml_first(root); n && !rc; n = lf_xml_next(n)) {
		const char *name = (const char *)n->name;
		const xmlNode *x;

		if (name_is(name, "Order") || name_is(name, "Repealed")) {
			rc = preface_add(c, n);
		} else if (name_is(name, "Introduction")) {
			for (x = lf_xml_first(n); x && !rc; x = lf_xml_next(x))
				rc = lf_xml_is(x, "Enacts") ? preface_add(c, x) : visit(c, x, -1, 0, 1);
		} else {
			rc = visit(c, n, -1, 0, 0); /* Body, Schedule; leaves are ignored */
		}
	}
	return rc;
}

int lf_read_lims(xmlDoc *doc, lf_law *law, lf_err *err)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	lims_ctx c;
	int rc;

	law->format = "lims";
	if (!lf_xml_is(root, "Statute") && !lf_xml_is(root, "Regulation"))
		return lf_err_set(err, LF_EFORMAT,
		                  "not a LIMS document: root element is <%s>, not <Statute> or <Regulation>",
		                  root ? lf_xml_name(root) : "");
	memset(&c, 0, sizeof c);
	c.law = law;
	lf_buf_init(&c.text, LIMS_MAX_TEXT);
	lf_buf_init(&c.label, LIMS_MAX_TEXT);
	lf_buf_init(&c.heading, LIMS_MAX_TEXT);
	lf_buf_init(&c.preface, LIMS_MAX_TEXT);
	lf_buf_init(&c.tmp, LIMS_MAX_TEXT);
	rc = read_root(&c, root);
	if (!rc)
		rc = lf_xml_set_preface(law, &c.preface);
	if (rc)
		lf_err_set(err, rc, "LIMS: %s", rc == LF_ETOOBIG ? "too many provisions or too much text" :
		                                                   lf_strerror(rc));
	lf_buf_free(&c.text);
	lf_buf_free(&c.label);
	lf_buf_free(&c.heading);
	lf_buf_free(&c.preface);
	lf_buf_free(&c.tmp);
	return rc;
}

static int sniff_lims(const lf_sniff *s)
{
	return s->element && (!strcmp(s->name, "Statute") || !strcmp(s->name, "Regulation")) &&
	       lf_sniff_tag_has(s, "justice.gc.ca/lims");
}

const lf_reader lf_reader_lims = {
	.name = "lims",
	.reads = "Justice Canada LIMS XML (Statute or Regulation root)",
	.parse = LF_PARSE_XML,
	.sniff = sniff_lims,
	.read_doc = lf_read_lims,
};
