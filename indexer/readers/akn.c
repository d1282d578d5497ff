/*
 * akn.c - reader for Akoma Ntoso: 2.0 (xmlns "http://www.akomantoso.org/2.0")
 * and OASIS LegalDocML 3.0 ("http://docs.oasis-open.org/legaldocml/ns/akn/3.0").
 * Both share element names; 2.0 ids are "id", 3.0 ids "eId".
 *
 * The document is the first element under <akomaNtoso>: act, bill, doc,
 * judgment, amendment, debate, documentCollection ...  A documentCollection
 * is read as one law: its own metadata first, then its first component's
 * (first source wins), and every component's text and provisions in order.
 *
 * Metadata (meta/identification, then meta):
 *  - id = FRBRWork/FRBRuri ("/rs/act/2009/111-83"), else FRBRWork/FRBRthis;
 *  - jurisdiction = FRBRWork/FRBRcountry, raw (the pipeline validates it:
 *    the OASIS examples say "ak" for Kenya);
 *  - language = FRBRExpression/FRBRlanguage via lf_lang_iso1 ("srp" -> "sr";
 *    the examples' non-standard "esp" is read as Spanish);
 *  - enacted = FRBRWork/FRBRdate; when that is only a year (or year-month)
 *    and the publication date lies in it, the publication date (more
 *    precise); with no work date at all, the publication date;
 *  - version = the date after "@" in the expression URI
 *    ("/ke/act/1997-08-22/3/eng@2003-12-19"): the AKN naming convention for
 *    a point-in-time version.  FRBRExpression/FRBRdate is not used: the
 *    examples put the markup date there;
 *  - in force = the start event of the first temporalGroup's timeInterval
 *    (its eventRef date), else a workflow step whose id names entry into
 *    force ("stupanje_na_snagu", "inForce", "entryIntoForce");
 *  - number = FRBRWork/FRBRnumber, else the preface's docNumber as printed;
 *  - title = the first docTitle of the preface (then the cover page, then
 *    the preamble), else the longTitle; else, for prefaces that mark the
 *    title up as <title> elements (the Serbian files), the first <title>
 *    joined with the next sibling when that starts in lower case
 *    ("ЗАКОН" + "о сточарству");
 *  - short title = the first shortTitle of the preface, else of the text
 *    (outside quoted law: an amendment may quote another act's).
 *
 * Provisions: every hierarchy element (book, tome, part, subpart, title,
 * subtitle, chapter, subchapter, division, subdivision, section,
 * subsection, article, paragraph, subparagraph, clause, subclause, rule,
 * subrule, point, indent, alinea, proviso, level, transitional, hcontainer,
 * tblock), blockList items, recitals, the preamble and attached documents
 * (schedule).  list, sublist, blockList, recitals, container and the
 * components of a collection are transparent: their intro and wrapUp are
 * text of the provision around them.  Kinds follow doc.h (clause, item,
 * indent, alinea: point); an hcontainer takes the kind its name attribute
 * spells (lf_kind_from_word), else division when it holds hierarchy
 * elements and provision when it does not.  A paragraph, subparagraph,
 * subsection or point with no provision above it (a UN resolution's
 * operative paragraphs, a memorandum's paragraphs) becomes kind
 * "provision" so the document has index units.
 *
 * Labels: the num as printed ("PART I", "SEC. 2.", "Artículo 1º", "(a)"),
 * trimmed of the separators that follow it (":", "-", "–", "—").  When a
 * book, part, title, chapter, division, section, article, rule or schedule
 * is numbered with a bare number ("1.", "2а", "IV"), the kind's word in the
 * document's language goes before it and a final "." goes: "Члан 5",
 * "Section 1", "Artículo 3", "Глава I" (English words for languages not in
 * the table).  Headings: the heading element, without a leading dash
 * ("- PRELIMINARY" -> "PRELIMINARY").  Ids: eId, else id, else GUID.
 *
 * Text: the preface, whole (lists in a long title are not provisions), and
 * any other text outside provisions go to law->preface (an attached
 * document's preface is the schedule's text); quotedStructure and
 * embeddedStructure (law quoted by an amendment) are text of the provision
 * quoting them, never provisions of this law.  Dropped: meta,
 * authorialNote (footnotes), toc, coverPage, conclusions (signatures, dates
 * and places of signing), componentRef/documentRef.
 */
#include "indexer/readers/reader.h"

#include <string.h>
#include <utf8proc.h>

#include "core/text/lang.h"
#include "indexer/readers/xmlutil.h"

#define AKN_LABEL_MAX ((size_t)16 << 10) /* longer labels and headings are cut */

typedef struct akn_ctx {
	lf_law *law;
	const char *lang;            /* ISO 639-1 of the text, NULL if unknown */
	const xmlNode *short_title;  /* the first shortTitle the walk met */
	lf_buf label, heading, tmp;
} akn_ctx;

static int is(const char *name, const char *lit)
{
	return !strcmp(name, lit);
}

/* Document types: the elements that may follow <akomaNtoso>. */
static int is_doctype(const char *s)
{
	switch (s[0]) {
	case 'a': return is(s, "act") || is(s, "amendment") || is(s, "amendmentList");
	case 'b': return is(s, "bill");
	case 'd': return is(s, "doc") || is(s, "debate") || is(s, "debateReport") ||
	                 is(s, "documentCollection");
	case 'j': return is(s, "judgment");
	case 'o': return is(s, "officialGazette");
	case 'p': return is(s, "portion");
	case 's': return is(s, "statement");
	default: return 0;
	}
}

/* The kind of a hierarchy element from its name alone, NULL for others. */
static const char *hier_kind(const char *s)
{
	switch (s[0]) {
	case 'a':
		if (is(s, "article")) return LF_KIND_ARTICLE;
		if (is(s, "alinea")) return LF_KIND_POINT;
		if (is(s, "attachment") || is(s, "annex")) return LF_KIND_SCHEDULE;
		return NULL;
	case 'b': return is(s, "book") ? LF_KIND_BOOK : NULL;
	case 'c':
		if (is(s, "chapter")) return LF_KIND_CHAPTER;
		if (is(s, "clause")) return LF_KIND_POINT;
		return NULL;
	case 'd': return is(s, "division") ? LF_KIND_DIVISION : NULL;
	case 'i':
		if (is(s, "item") || is(s, "indent")) return LF_KIND_POINT;
		return NULL;
	case 'l': return is(s, "level") ? LF_KIND_PARAGRAPH : NULL;
	case 'p':
		if (is(s, "part")) return LF_KIND_PART;
		if (is(s, "paragraph")) return LF_KIND_PARAGRAPH;
		if (is(s, "point") || is(s, "proviso")) return LF_KIND_POINT;
		if (is(s, "preamble")) return LF_KIND_PREAMBLE;
		return NULL;
	case 'r':
		if (is(s, "rule")) return LF_KIND_RULE;
		if (is(s, "recital")) return LF_KIND_RECITAL;
		return NULL;
	case 's':
		if (s[1] == 'e') return is(s, "section") ? LF_KIND_SECTION : NULL;
		if (s[1] != 'u') return NULL;
		if (is(s, "subsection")) return LF_KIND_SUBSECTION;
		if (is(s, "subparagraph")) return LF_KIND_SUBPARAGRAPH;
		if (is(s, "subchapter")) return LF_KIND_SUBCHAPTER;
		if (is(s, "subpart")) return LF_KIND_PART;
		if (is(s, "subtitle") || is(s, "subdivision")) return LF_KIND_DIVISION;
		if (is(s, "subclause")) return LF_KIND_POINT;
		if (is(s, "subrule")) return LF_KIND_SUBSECTION;
		return NULL;
	case 't':
		if (is(s, "title")) return LF_KIND_TITLE;
		if (is(s, "tome")) return LF_KIND_BOOK;
		if (is(s, "transitional")) return LF_KIND_DIVISION;
		if (is(s, "tblock")) return LF_KIND_PROVISION;
		return NULL;
	case 'h': return is(s, "hcontainer") ? LF_KIND_PROVISION : NULL;
	default: return NULL;
	}
}

/* An hcontainer's kind: its name attribute's word, else division when it
 * holds hierarchy elements, else provision. */
static const char *hcontainer_kind(const xmlNode *n)
{
	const char *name = lf_xml_attr_raw(n, "name"), *k;
	const xmlNode *c;

	if (name && (k = lf_kind_from_word(name, strlen(name))) != NULL)
		return k;
	for (c = lf_xml_first(n); c; c = lf_xml_next(c))
		if (hier_kind((const char *)c->name))
			return LF_KIND_DIVISION;
	return LF_KIND_PROVISION;
}

static const char *akn_kind(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name, *k, *p;
	akn_ctx *c = ctx;

	/* the walk meets every element: note the short title on the way
	 * rather than searching the whole document for it */
	if (s[0] == 's' && c && !c->short_title && is(s, "shortTitle")) {
		c->short_title = n;
		return NULL;
	}
	if (s[0] == 't' && is(s, "title")) {
		/* <title> is a hierarchy level in a body, a text line in a preface */
		p = lf_xml_name(n->parent);
		return is(p, "preface") || is(p, "coverPage") || is(p, "longTitle") ? NULL : LF_KIND_TITLE;
	}
	if ((k = hier_kind(s)) != NULL)
		return s[0] == 'h' ? hcontainer_kind(n) : k;
	if (is_doctype(s)) {
		/* an attached document is a schedule; a collection's component,
		 * or the document inside a 3.0 <attachment>, is transparent */
		p = lf_xml_name(n->parent);
		return is(p, "attachments") || is(p, "annexes") ? LF_KIND_SCHEDULE : NULL;
	}
	return NULL;
}

static int akn_drop(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;

	(void)ctx;
	switch (s[0]) {
	case 'a': return is(s, "authorialNote");
	case 'c': return is(s, "conclusions") || is(s, "coverPage") || is(s, "componentRef");
	case 'd': return is(s, "documentRef");
	case 'm': return is(s, "meta");
	case 'n': return is(s, "noteRef");
	case 't': return is(s, "toc");
	default: return 0;
	}
}

/* A provision's num and heading: read by describe(), not its text.  (The
 * parent's name is enough: akn_kind() of an hcontainer scans its children,
 * which would make a wide hcontainer quadratic.) */
static int akn_label(const xmlNode *n, void *ctx)
{
	(void)ctx;
	return lf_xml_is_num_or_heading(n, hier_kind);
}

static int akn_quote(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;

	(void)ctx;
	return (s[0] == 'q' && is(s, "quotedStructure")) ||
	       (s[0] == 'e' && is(s, "embeddedStructure")) || (s[0] == 'p' && is(s, "preface"));
}

/* AKN inline elements: no word break at their edges. */
static int akn_inline(const xmlNode *n)
{
	const char *s = (const char *)n->name;

	switch (s[0]) {
	case 'a': return is(s, "a") || is(s, "abbr") || is(s, "affectedDocument") || is(s, "argument");
	case 'b': return is(s, "b");
	case 'c': return is(s, "concept") || is(s, "change") || is(s, "courtType");
	case 'd':
		return is(s, "date") || is(s, "def") || is(s, "del") || is(s, "docDate") ||
		       is(s, "docNumber") || is(s, "docTitle") || is(s, "docType") || is(s, "docStage") ||
		       is(s, "docStatus") || is(s, "docProponent") || is(s, "docAuthority") ||
		       is(s, "docCommittee") || is(s, "docIntroducer") || is(s, "docPurpose") ||
		       is(s, "docJurisdiction") || is(s, "docketNumber") || is(s, "decoration");
	case 'e': return is(s, "entity") || is(s, "eol") || is(s, "eop") || is(s, "event") ||
	                 is(s, "embeddedText");
	case 'f': return is(s, "fillIn");
	case 'i': return is(s, "i") || is(s, "ins") || is(s, "inline") || is(s, "img");
	case 'j': return is(s, "judge");
	case 'l': return is(s, "legislature") || is(s, "location") || is(s, "lawyer");
	case 'm': return is(s, "mref") || is(s, "mod") || is(s, "mmod") || is(s, "marker");
	case 'n': return is(s, "noteRef") || is(s, "neutralCitation");
	case 'o': return is(s, "organization") || is(s, "object") || is(s, "omissis") ||
	                 is(s, "opinion") || is(s, "outcome");
	case 'p': return is(s, "person") || is(s, "process") || is(s, "placeholder") || is(s, "party");
	case 'q': return is(s, "quantity") || is(s, "quotedText");
	case 'r': return is(s, "ref") || is(s, "rref") || is(s, "role") || is(s, "remark") ||
	                 is(s, "rmod") || is(s, "recordedTime") || is(s, "relatedDocument");
	case 's': return is(s, "span") || is(s, "sub") || is(s, "sup") || is(s, "shortTitle") ||
	                 is(s, "session") || is(s, "signature");
	case 't': return is(s, "term") || is(s, "time");
	case 'u': return is(s, "u");
	case 'v': return is(s, "vote");
	default: return 0;
	}
}

/* Resets b to n's text (notes left out), cut at AKN_LABEL_MAX. */
static const char *text_of(lf_buf *b, const xmlNode *n)
{
	return lf_xml_text_reset(b, n, akn_drop, NULL, akn_inline);
}

/* The words put before bare numbers, by language. */
static const char *kind_word(const char *lang, const char *kind)
{
	static const struct {
		const char *lang, *kind, *word;
	} words[] = {
		{"sr", LF_KIND_ARTICLE, "Члан"},    {"sr", LF_KIND_SECTION, "Одељак"},
		{"sr", LF_KIND_CHAPTER, "Глава"},   {"sr", LF_KIND_PART, "Део"},
		{"sr", LF_KIND_BOOK, "Књига"},      {"sr", LF_KIND_SCHEDULE, "Прилог"},
		{"es", LF_KIND_ARTICLE, "Artículo"}, {"es", LF_KIND_SECTION, "Sección"},
		{"es", LF_KIND_CHAPTER, "Capítulo"}, {"es", LF_KIND_PART, "Parte"},
		{"es", LF_KIND_TITLE, "Título"},    {"es", LF_KIND_BOOK, "Libro"},
		{"es", LF_KIND_SCHEDULE, "Anexo"},  {"es", LF_KIND_DIVISION, "División"},
		{"pt", LF_KIND_ARTICLE, "Artigo"},  {"pt", LF_KIND_SECTION, "Seção"},
		{"pt", LF_KIND_CHAPTER, "Capítulo"}, {"pt", LF_KIND_TITLE, "Título"},
		{"pt", LF_KIND_BOOK, "Livro"},
		{"fr", LF_KIND_CHAPTER, "Chapitre"}, {"fr", LF_KIND_PART, "Partie"},
		{"fr", LF_KIND_TITLE, "Titre"},     {"fr", LF_KIND_BOOK, "Livre"},
		{"fr", LF_KIND_SCHEDULE, "Annexe"}, {"it", LF_KIND_ARTICLE, "Articolo"},
		{"it", LF_KIND_SECTION, "Sezione"}, {"it", LF_KIND_CHAPTER, "Capo"},
		{"it", LF_KIND_TITLE, "Titolo"},    {"it", LF_KIND_BOOK, "Libro"},
		{"de", LF_KIND_ARTICLE, "Artikel"}, {"de", LF_KIND_SECTION, "Abschnitt"},
		{"de", LF_KIND_CHAPTER, "Kapitel"}, {"de", LF_KIND_PART, "Teil"},
		{"de", LF_KIND_TITLE, "Titel"},     {"de", LF_KIND_BOOK, "Buch"},
		{"de", LF_KIND_SCHEDULE, "Anlage"},
	};
	static const struct {
		const char *kind, *word;
	} en[] = {
		{LF_KIND_ARTICLE, "Article"}, {LF_KIND_SECTION, "Section"}, {LF_KIND_CHAPTER, "Chapter"},
		{LF_KIND_PART, "Part"},       {LF_KIND_TITLE, "Title"},     {LF_KIND_BOOK, "Book"},
		{LF_KIND_DIVISION, "Division"}, {LF_KIND_RULE, "Rule"},     {LF_KIND_SCHEDULE, "Schedule"},
	};
	size_t i;

	for (i = 0; lang && i < sizeof words / sizeof *words; i++)
		if (!strcmp(words[i].lang, lang) && !strcmp(words[i].kind, kind))
			return words[i].word;
	for (i = 0; i < sizeof en / sizeof *en; i++)
		if (!strcmp(en[i].kind, kind))
			return en[i].word;
	return NULL;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* True for "1", "12.", "2а", "11bis", "IV": a number with no word. */
static int bare_number(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n > 16 || strchr(s, ' '))
		return 0;
	if (s[0] >= '0' && s[0] <= '9')
		return 1;
	for (i = 0; i < n; i++)
		if (!strchr("IVXLCDM", s[i]) && !(s[i] == '.' && i == n - 1))
			return 0;
	return 1;
}

static int prefixed_kind(const char *kind)
{
	return !strcmp(kind, LF_KIND_ARTICLE) || !strcmp(kind, LF_KIND_SECTION) ||
	       !strcmp(kind, LF_KIND_CHAPTER) || !strcmp(kind, LF_KIND_PART) ||
	       !strcmp(kind, LF_KIND_TITLE) || !strcmp(kind, LF_KIND_BOOK) ||
	       !strcmp(kind, LF_KIND_DIVISION) || !strcmp(kind, LF_KIND_RULE) ||
	       !strcmp(kind, LF_KIND_SCHEDULE);
}

/* The label of provision n of the given kind, in c->label or c->tmp. */
static const char *make_label(akn_ctx *c, const xmlNode *num, const char *kind)
{
	const char *word;
	char *s;
	size_t n;

	text_of(&c->label, num);
	s = lf_xml_trim(&c->label, LF_XML_TRIM_TAIL);
	if (!bare_number(s) || !prefixed_kind(kind) || !(word = kind_word(c->lang, kind)))
		return s;
	n = strlen(s);
	if (n > 1 && s[n - 1] == '.')
		s[--n] = '\0';
	lf_buf_reset(&c->tmp);
	lf_buf_printf(&c->tmp, "%s %s", word, s);
	return lf_buf_str(&c->tmp);
}

/* A heading without the dash that joins it to its number in print. */
static const char *make_heading(akn_ctx *c, const xmlNode *h)
{
	text_of(&c->heading, h);
	return lf_xml_trim(&c->heading, LF_XML_TRIM_HEAD);
}

/* An attached document's heading: the docTitle of its preface. */
static const xmlNode *attached_title(const xmlNode *n)
{
	const xmlNode *d = n, *pre;

	if (!is_doctype(lf_xml_name(d)))
		for (d = lf_xml_first(n); d && !is_doctype(lf_xml_name(d)); d = lf_xml_next(d))
			;
	pre = d ? lf_xml_child(d, "preface") : NULL;
	return pre ? lf_xml_find(pre, "docTitle") : NULL;
}

static int akn_describe(const xmlNode *n, lf_xml_prov *p, void *ctx)
{
	akn_ctx *c = ctx;
	const xmlNode *num, *head;
	const char *k = p->kind;

	lf_xml_num_heading(n, &num, &head);
	if (!head && !strcmp(k, LF_KIND_SCHEDULE))
		head = attached_title(n);
	p->id = lf_xml_attr_raw(n, "eId");
	if (!p->id || !*p->id)
		p->id = lf_xml_attr_raw(n, "id");
	if (!p->id || !*p->id)
		p->id = lf_xml_attr_raw(n, "GUID");
	p->label = num ? make_label(c, num, k) : NULL;
	p->heading = head ? make_heading(c, head) : NULL;
	/* leaf levels with nothing above them are the document's units */
	lf_xml_top_leaf(p);
	return 0;
}

static const char *attr_of(const xmlNode *parent, const char *child, const char *attr)
{
	return lf_xml_attr_raw(lf_xml_child(parent, child), attr);
}

static int set_attr(akn_ctx *c, enum lf_field f, const char *v, const char *src)
{
	return v ? lf_law_set(c->law, f, v, strlen(v), src) : 0;
}

/* The version date after "@" in an expression URI, if it is one. */
static int set_version(akn_ctx *c, const char *uri)
{
	const char *at = uri ? strchr(uri, '@') : NULL;

	if (!at || at[1] < '0' || at[1] > '9')
		return 0;
	return lf_xml_set_date(c->law, LF_F_DATE_VERSION, at + 1, "FRBRExpression/FRBRthis");
}

/* The in-force date: temporalData's first interval start, else a workflow
 * step named for entry into force. */
static int set_in_force(akn_ctx *c, const xmlNode *meta)
{
	const xmlNode *t, *g, *iv, *ev;
	const char *start, *id;

	t = lf_xml_child(meta, "temporalData");
	g = lf_xml_child(t, "temporalGroup");
	iv = lf_xml_child(g, "timeInterval");
	start = lf_xml_attr_raw(iv, "start");
	if (start && *start == '#') {
		for (ev = lf_xml_first(lf_xml_child(meta, "lifecycle")); ev; ev = lf_xml_next(ev)) {
			id = lf_xml_attr_raw(ev, "eId");
			if (!id)
				id = lf_xml_attr_raw(ev, "id");
			if (id && !strcmp(id, start + 1))
				return lf_xml_set_date(c->law, LF_F_DATE_IN_FORCE, lf_xml_attr_raw(ev, "date"),
				                       "temporalData");
		}
	}
	for (ev = lf_xml_first(lf_xml_child(meta, "workflow")); ev; ev = lf_xml_next(ev)) {
		id = lf_xml_attr_raw(ev, "id");
		if (!id)
			id = lf_xml_attr_raw(ev, "eId");
		if (id && (strstr(id, "stupanje_na_snagu") || strstr(id, "nForce") ||
		           strstr(id, "ntryIntoForce")))
			return lf_xml_set_date(c->law, LF_F_DATE_IN_FORCE, lf_xml_attr_raw(ev, "date"),
			                       "workflow");
	}
	return 0;
}

/* Metadata from one document's <meta>; earlier calls win. */
static int read_meta(akn_ctx *c, const xmlNode *docel)
{
	const xmlNode *meta = lf_xml_child(docel, "meta");
	const xmlNode *ident = lf_xml_child(meta, "identification");
	const xmlNode *work = lf_xml_child(ident, "FRBRWork");
	const xmlNode *expr = lf_xml_child(ident, "FRBRExpression");
	const char *v, *wdate, *pub;
	int rc = 0;

	if (!meta)
		return 0;
	v = attr_of(work, "FRBRuri", "value");
	rc = set_attr(c, LF_F_ID, v && *v ? v : NULL, "FRBRWork/FRBRuri");
	if (!rc)
		rc = set_attr(c, LF_F_ID, attr_of(work, "FRBRthis", "value"), "FRBRWork/FRBRthis");
	if (!rc)
		rc = set_attr(c, LF_F_JURISDICTION, attr_of(work, "FRBRcountry", "value"),
		              "FRBRWork/FRBRcountry");
	if (!rc)
		rc = set_attr(c, LF_F_NUMBER, attr_of(work, "FRBRnumber", "value"), "FRBRWork/FRBRnumber");
	v = attr_of(expr, "FRBRlanguage", "language");
	if (!rc && v && !c->law->field[LF_F_LANGUAGE]) {
		const char *iso = lf_lang_iso1(v, strlen(v));
		if (!iso && !strcmp(v, "esp"))
			iso = "es"; /* the OASIS examples' code for Spanish */
		if (iso)
			rc = lf_law_set(c->law, LF_F_LANGUAGE, iso, strlen(iso), "FRBRExpression/FRBRlanguage");
	}
	if (!c->lang)
		c->lang = c->law->field[LF_F_LANGUAGE];
	/* enacted: the work date, or the publication date that refines it */
	wdate = attr_of(work, "FRBRdate", "date");
	pub = attr_of(meta, "publication", "date");
	if (!rc && pub && strlen(pub) >= 10 &&
	    (!wdate || (strlen(wdate) < 10 && !strncmp(pub, wdate, strlen(wdate)))))
		rc = lf_xml_set_date(c->law, LF_F_DATE_ENACTED, pub, "publication");
	if (!rc)
		rc = lf_xml_set_date(c->law, LF_F_DATE_ENACTED, wdate, "FRBRWork/FRBRdate");
	if (!rc) {
		v = attr_of(expr, "FRBRthis", "value");
		rc = set_version(c, v ? v : attr_of(expr, "FRBRuri", "value"));
	}
	if (!rc)
		rc = set_in_force(c, meta);
	return rc;
}

/* True if s starts with a lower-case letter (any script). */
static int starts_lower(const char *s)
{
	utf8proc_int32_t cp;

	while (is_space((unsigned char)*s))
		s++;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp) <= 0)
		return 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Sets field f from n's text (first source wins), trimmed like a label
 * if trim is set ("CHAPTER 376 -" -> "CHAPTER 376"). */
static int set_text(akn_ctx *c, enum lf_field f, const xmlNode *n, const char *src, int trim)
{
	const char *s = text_of(&c->tmp, n);

	if (trim)
		s = lf_xml_trim(&c->tmp, LF_XML_TRIM_TAIL);

	return lf_law_set(c->law, f, s, strlen(s), src);
}

/* Title and number from a document's preface (and cover page, preamble). */
static int read_titles(akn_ctx *c, const xmlNode *docel)
{
	const xmlNode *pre = lf_xml_child(docel, "preface"), *t = NULL, *x;
	lf_law *law = c->law;
	int rc = 0;

	if (!law->field[LF_F_TITLE]) {
		if (pre)
			t = lf_xml_find(pre, "docTitle");
		if (!t && (x = lf_xml_child(docel, "coverPage")) != NULL)
			t = lf_xml_find(x, "docTitle");
		if (!t && (x = lf_xml_child(docel, "preamble")) != NULL)
			t = lf_xml_find(x, "docTitle");
		if (!t && pre)
			t = lf_xml_find(pre, "longTitle");
		if (t)
			rc = set_text(c, LF_F_TITLE, t, lf_xml_is(t, "docTitle") ? "docTitle" : "longTitle", 0);
	}
	if (!rc && !law->field[LF_F_TITLE] && pre && (t = lf_xml_child(pre, "title")) != NULL) {
		/* "ЗАКОН" + "о сточарству": a title in two lines */
		text_of(&c->tmp, t);
		x = lf_xml_next(t);
		if (x && (lf_xml_is(x, "title") || lf_xml_is(x, "authority")) &&
		    starts_lower(text_of(&c->label, x))) {
			lf_buf_addc(&c->tmp, ' ');
			lf_buf_add(&c->tmp, c->label.p, c->label.n);
		}
		rc = lf_law_set(law, LF_F_TITLE, lf_buf_str(&c->tmp), c->tmp.n, "preface/title");
	}
	if (!rc && !law->field[LF_F_NUMBER] && pre && (t = lf_xml_find(pre, "docNumber")) != NULL)
		rc = set_text(c, LF_F_NUMBER, t, "docNumber", 1);
	if (!rc && !law->field[LF_F_SHORT_TITLE] && pre && (t = lf_xml_find(pre, "shortTitle")) != NULL)
		rc = set_text(c, LF_F_SHORT_TITLE, t, "shortTitle", 0);
	return rc;
}

/* A collection's first component document, or NULL. */
static const xmlNode *first_component(const xmlNode *coll)
{
	const xmlNode *b = lf_xml_child(coll, "collectionBody"), *x, *d;

	for (x = lf_xml_first(b); x; x = lf_xml_next(x)) {
		if (is_doctype(lf_xml_name(x)))
			return x;
		for (d = lf_xml_first(x); d; d = lf_xml_next(d)) /* 3.0: component/doc */
			if (is_doctype(lf_xml_name(d)))
				return d;
	}
	return NULL;
}

int lf_read_akn(xmlDoc *doc, lf_law *law, lf_err *err)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *docel, *comp = NULL;
	akn_ctx c;
	lf_buf loose;
	lf_xml_provspec spec = {akn_kind,     akn_drop,   akn_label, akn_quote,
	                        akn_describe, akn_inline, NULL};
	int rc;

	if (!root || !lf_xml_is(root, "akomaNtoso"))
		return lf_err_set(err, LF_EFORMAT, "not Akoma Ntoso: the root element is <%s>",
		                  root ? lf_xml_name(root) : "");
	for (docel = lf_xml_first(root); docel && !is_doctype(lf_xml_name(docel));
	     docel = lf_xml_next(docel))
		;
	if (!docel)
		return lf_err_set(err, LF_EFORMAT, "Akoma Ntoso without a document element");
	memset(&c, 0, sizeof c);
	c.law = law;
	spec.ctx = &c;
	lf_buf_init(&c.label, AKN_LABEL_MAX);
	lf_buf_init(&c.heading, AKN_LABEL_MAX);
	lf_buf_init(&c.tmp, AKN_LABEL_MAX);
	lf_buf_init(&loose, LF_XML_MAX_PROV_TEXT);
	law->format = "akn";
	if (lf_xml_is(docel, "documentCollection"))
		comp = first_component(docel);
	rc = read_meta(&c, docel);
	if (!rc && comp)
		rc = read_meta(&c, comp);
	if (!rc)
		rc = read_titles(&c, docel);
	if (!rc && comp)
		rc = read_titles(&c, comp);
	if (!rc)
		rc = lf_xml_provisions(law, docel, -1, &spec, &loose);
	if (!rc && c.short_title)
		rc = set_text(&c, LF_F_SHORT_TITLE, c.short_title, "shortTitle", 0);
	if (!rc && !(law->preface = lf_law_str(law, lf_buf_str(&loose), loose.n)))
		rc = LF_ENOMEM;
	if (rc)
		lf_xml_read_error(err, rc, law, "Akoma Ntoso");
	lf_buf_free(&c.label);
	lf_buf_free(&c.heading);
	lf_buf_free(&c.tmp);
	lf_buf_free(&loose);
	return rc;
}

static int sniff_akn(const lf_sniff *s)
{
	return s->element && !strcmp(s->name, "akomaNtoso");
}

const lf_reader lf_reader_akn = {
	.name = "akn",
	.reads = "Akoma Ntoso 2.0 and 3.0 (akomaNtoso root)",
	.parse = LF_PARSE_XML,
	.sniff = sniff_akn,
	.read_doc = lf_read_akn,
};
