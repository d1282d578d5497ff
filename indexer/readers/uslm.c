/*
 * uslm.c - reader for the US GPO / House "United States Legislative Markup"
 * (xmlns "http://schemas.gpo.gov/xml/uslm" or the older
 * "http://xml.house.gov/schemas/uslm/1.0"): bills and resolutions (bill,
 * resolution), public laws (pLaw), statute compilations
 * (statuteCompilation, the House "COMPS") and Code titles (uscDoc, lawDoc).
 *
 * Metadata (from <meta>, the preface and the root):
 *  - id = the root's or <main>'s identifier attribute ("/us/bill/116/s/1057");
 *    else a compilation's "us/comps/" + its fileId property (a compilation
 *    is not the public law it compiles); else "us/" + congress + "/" + the
 *    document type's code (s, hr, sres, hres, sconres, hconres, sjres,
 *    hjres, pl) + number: "us/116/s1057", "us/114/pl190".  The id names the
 *    measure, not its stage: two stages of one bill share it.
 *  - title = dc:title without the citation before ": " ("116 S 1057 CPS:
 *    To direct ..." -> "To direct ..."), else the officialTitle.
 *  - short title = a compilation's containsShortTitle that matches its
 *    citableAsShortTitle (better case), else citableAsShortTitle, else the
 *    first containsShortTitle, else the first shortTitle in <main> (section
 *    1, "This Act may be cited as ..."), without its quotation marks.
 *  - number = the printed designation of a bill in the preface ("H. R." +
 *    "1000" -> "H. R. 1000"), else the first citableAs ("Public Law
 *    114–190"), else docNumber.
 *  - enacted = approvedDate, else (public laws) the date of the "Approved
 *    July 15, 2016." action at the end of <main>, else dcterms:created of a
 *    public law.  version = the date a compilation is amended through (its
 *    editionNote), else the date of a bill's last action in the preface (the
 *    stage this text is), else the date an engrossed text was passed (its
 *    attestation), else dcterms:created.
 *  - language = dc:language ("EN"), else the root's xml:lang; jurisdiction
 *    "us".
 *
 * Provisions: title, subtitle, chapter, subchapter, part, subpart, division,
 * subdivision, section, subsection, paragraph, subparagraph, clause,
 * subclause, item, subitem, subsubitem, level, article, appendix
 * (schedule), preamble, recital and appropriations.  Sections are the unit.
 * An appropriations paragraph with text is a unit (kind provision), one
 * with only a heading ("AGRICULTURAL PROGRAMS") a division: they are flat
 * siblings in the markup and stay so.  Kinds: subtitle and subdivision
 * division, subpart part, clause to subsubitem point, level paragraph.  A
 * leaf level with no provision above it becomes kind "provision".
 *
 * Labels: the num as printed, trimmed ("SEC. 2.", "(a)", "TITLE I"; a
 * trailing "—" goes).  Headings: the heading, trailing "—" trimmed
 * ("In General.—" -> "In General.").  Ids: the identifier attribute
 * ("/us/bill/116/s/1057/s2"), else id (GPO's GUIDs).
 *
 * Text: the preface, the long title and enacting formula (text outside any
 * section) go to law->preface.  quotedContent (law an amendment inserts) is
 * text of the section quoting it.  Dropped: meta, toc, sidenotes, notes,
 * footnotes, editorialNote (the "[16 U.S.C. 757a]" references of a
 * compilation), sourceCredit, page and endMarker, the compilation's
 * explanationNote boilerplate, endorsement, attestation, signatures,
 * legislativeHistory.
 */
#include "indexer/readers/reader.h"

#include <string.h>
#include <strings.h>

#include "core/text/date.h"
#include "core/text/lang.h"
#include "indexer/readers/xmlutil.h"

#define USLM_LABEL_MAX ((size_t)16 << 10) /* longer labels and headings are cut */

typedef struct uslm_ctx {
	lf_law *law;
	lf_buf label, heading, tmp;
} uslm_ctx;

static int is(const char *name, const char *lit)
{
	return !strcmp(name, lit);
}

/* The kind of a provision element from its name alone, NULL for others. */
static const char *hier_kind(const char *s)
{
	switch (s[0]) {
	case 'a':
		if (is(s, "appropriations")) return LF_KIND_PROVISION;
		if (is(s, "article")) return LF_KIND_ARTICLE;
		if (is(s, "appendix")) return LF_KIND_SCHEDULE;
		return NULL;
	case 'c':
		if (is(s, "chapter")) return LF_KIND_CHAPTER;
		if (is(s, "clause")) return LF_KIND_POINT;
		return NULL;
	case 'd': return is(s, "division") ? LF_KIND_DIVISION : NULL;
	case 'i': return is(s, "item") ? LF_KIND_POINT : NULL;
	case 'l': return is(s, "level") ? LF_KIND_PARAGRAPH : NULL;
	case 'p':
		if (is(s, "paragraph")) return LF_KIND_PARAGRAPH;
		if (is(s, "part")) return LF_KIND_PART;
		if (is(s, "preamble")) return LF_KIND_PREAMBLE;
		return NULL;
	case 'r': return is(s, "recital") ? LF_KIND_RECITAL : NULL;
	case 's':
		if (is(s, "section")) return LF_KIND_SECTION;
		if (s[1] != 'u') return NULL;
		if (is(s, "subsection")) return LF_KIND_SUBSECTION;
		if (is(s, "subparagraph")) return LF_KIND_SUBPARAGRAPH;
		if (is(s, "subchapter")) return LF_KIND_SUBCHAPTER;
		if (is(s, "subtitle") || is(s, "subdivision")) return LF_KIND_DIVISION;
		if (is(s, "subpart")) return LF_KIND_PART;
		if (is(s, "subclause") || is(s, "subitem") || is(s, "subsubitem")) return LF_KIND_POINT;
		return NULL;
	case 't': return is(s, "title") ? LF_KIND_TITLE : NULL;
	default: return NULL;
	}
}

static const char *uslm_kind(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name, *k = hier_kind(s);

	(void)ctx;
	if (!k)
		return NULL;
	/* dc:title, dc:type ... in the preface are metadata */
	if (n->ns && n->ns->href && !strncmp((const char *)n->ns->href, "http://purl.org/dc/", 19))
		return NULL;
	if (s[0] == 'a' && is(s, "appropriations"))
		return lf_xml_child(n, "content") ? LF_KIND_PROVISION : LF_KIND_DIVISION;
	return k;
}

static int uslm_drop(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;

	(void)ctx;
	switch (s[0]) {
	case 'a': return is(s, "attestation");
	case 'e':
		return is(s, "editorialNote") || is(s, "endMarker") || is(s, "endorsement") ||
		       is(s, "explanationNote");
	case 'f': return is(s, "footnote") || is(s, "footnotes");
	case 'l': return is(s, "legislativeHistory");
	case 'm': return is(s, "meta");
	case 'n': return is(s, "note") || is(s, "notes");
	case 'p': return is(s, "page");
	case 's': return is(s, "sidenote") || is(s, "sourceCredit") || is(s, "signatures");
	case 't': return is(s, "toc") || is(s, "tableOfContents");
	default: return 0;
	}
}

/* A provision's num and heading: read by describe(), not its text. */
static int uslm_label(const xmlNode *n, void *ctx)
{
	(void)ctx;
	return lf_xml_is_num_or_heading(n, hier_kind);
}

static int uslm_quote(const xmlNode *n, void *ctx)
{
	(void)ctx;
	return lf_xml_is(n, "quotedContent");
}

/* USLM inline elements: no word break at their edges. */
static int uslm_inline(const xmlNode *n)
{
	const char *s = (const char *)n->name;

	switch (s[0]) {
	case 'a': return is(s, "amendingAction") || is(s, "abbr");
	case 'b': return is(s, "b");
	case 'c': return is(s, "committee") || is(s, "cosponsor") || is(s, "citableAs") ||
	                 is(s, "currentThroughPublicLaw");
	case 'd': return is(s, "date") || is(s, "del") || is(s, "def");
	case 'e': return is(s, "entity");
	case 'f': return is(s, "footnoteRef");
	case 'h': return is(s, "headingText");
	case 'i': return is(s, "i") || is(s, "inline") || is(s, "ins");
	case 'm': return is(s, "marker");
	case 'n': return is(s, "noteRef");
	case 'q': return is(s, "quotedText");
	case 'r': return is(s, "ref");
	case 's': return is(s, "span") || is(s, "sub") || is(s, "sup") || is(s, "shortTitle") ||
	                 is(s, "sponsor");
	case 't': return is(s, "term");
	case 'u': return is(s, "u");
	default: return 0;
	}
}

/* Resets b to n's text (notes left out), cut at USLM_LABEL_MAX. */
static const char *text_of(lf_buf *b, const xmlNode *n)
{
	return lf_xml_text_reset(b, n, uslm_drop, NULL, uslm_inline);
}

static int uslm_describe(const xmlNode *n, lf_xml_prov *p, void *ctx)
{
	uslm_ctx *c = ctx;
	const xmlNode *num, *head;

	lf_xml_num_heading(n, &num, &head);
	p->id = lf_xml_attr_raw(n, "identifier");
	if (!p->id || !*p->id)
		p->id = lf_xml_attr_raw(n, "id");
	if (num) {
		text_of(&c->label, num);
		p->label = lf_xml_trim(&c->label, LF_XML_TRIM_TAIL);
	}
	if (head) {
		text_of(&c->heading, head);
		p->heading = lf_xml_trim(&c->heading, LF_XML_TRIM_TAIL);
	}
	lf_xml_top_leaf(p);
	return 0;
}

/* Sets field f from n's text (first source wins); trims "“...”" quotes if
 * unquote is set. */
static int set_text(uslm_ctx *c, enum lf_field f, const xmlNode *n, const char *src, int unquote)
{
	char *s;
	size_t len;

	if (!n || c->law->field[f])
		return 0;
	text_of(&c->tmp, n);
	s = lf_xml_trim(&c->tmp, 0);
	len = strlen(s);
	if (unquote) {
		if (len >= 3 && !strncmp(s, "“", 3))
			s += 3, len -= 3;
		else if (len && *s == '"')
			s++, len--;
		if (len >= 3 && !strncmp(s + len - 3, "”", 3))
			len -= 3;
		else if (len && s[len - 1] == '"')
			len--;
	}
	return lf_law_set(c->law, f, s, len, src);
}

/* The date of an <action>: its date element's date attribute, else the date
 * in its text. */
static int set_action_date(uslm_ctx *c, enum lf_field f, const xmlNode *action, const char *src)
{
	const xmlNode *d = lf_xml_find(action, "date");
	const char *v = lf_xml_attr_raw(d, "date"), *t;
	char out[LF_DATE_SIZE];

	if (v)
		return lf_xml_set_date(c->law, f, v, src);
	t = text_of(&c->tmp, d ? d : action);
	if (lf_date_find(t, strlen(t), out))
		return lf_law_set(c->law, f, out, 10, src);
	return 0;
}

/* The measure's code in ids: "Senate Bill" -> "s", "Public Law" -> "pl". */
static const char *type_code(const char *t)
{
	static const struct {
		const char *name, *code;
	} codes[] = {
		{"House Bill", "hr"}, {"Senate Bill", "s"}, {"House Resolution", "hres"},
		{"Senate Resolution", "sres"}, {"House Concurrent Resolution", "hconres"},
		{"Senate Concurrent Resolution", "sconres"}, {"House Joint Resolution", "hjres"},
		{"Senate Joint Resolution", "sjres"}, {"Public Law", "pl"}, {"Private Law", "pvtl"},
	};
	size_t i;

	for (i = 0; t && i < sizeof codes / sizeof *codes; i++)
		if (!strcasecmp(t, codes[i].name))
			return codes[i].code;
	return NULL;
}

static const char *child_text(uslm_ctx *c, const xmlNode *n, const char *name, lf_buf *b)
{
	const xmlNode *x = lf_xml_child(n, name);

	if (!x)
		return NULL;
	text_of(b, x);
	return lf_xml_trim(b, 0);
}

static int read_id(uslm_ctx *c, const xmlNode *root, const xmlNode *meta, const xmlNode *main)
{
	const char *v, *type, *congress, *num, *code;
	const xmlNode *x;
	lf_buf *b = &c->tmp;

	if ((v = lf_xml_attr_raw(root, "identifier")) != NULL && *v)
		return lf_law_set(c->law, LF_F_ID, v, strlen(v), "identifier");
	if ((v = lf_xml_attr_raw(main, "identifier")) != NULL && *v)
		return lf_law_set(c->law, LF_F_ID, v, strlen(v), "main/identifier");
	for (x = lf_xml_first(meta); x; x = lf_xml_next(x)) {
		if (lf_xml_is(x, "property") && (v = lf_xml_attr_raw(x, "role")) && is(v, "fileId")) {
			text_of(&c->label, x);
			lf_buf_reset(b);
			lf_buf_printf(b, "us/comps/%s", lf_xml_trim(&c->label, 0));
			return lf_law_set(c->law, LF_F_ID, b->p, b->n, "meta/property fileId");
		}
	}
	type = child_text(c, meta, "type", &c->label);
	code = type_code(type);
	congress = child_text(c, meta, "congress", &c->heading);
	if (!code || !congress || !*congress)
		return 0;
	/* docNumber: its own buffer is gone once we format; copy it first */
	x = lf_xml_child(meta, "docNumber");
	if (!x)
		return 0;
	lf_buf_reset(b);
	lf_buf_printf(b, "us/%s/%s", congress, code);
	num = text_of(&c->label, x);
	for (; *num; num++)
		if (*num != ' ' && *num != '\n' && *num != '\t' && *num != '\r')
			lf_buf_addc(b, *num);
	return lf_law_set(c->law, LF_F_ID, b->p, b->n, "meta congress/type/docNumber");
}

/* dc:title without the citation before ": " when that is a citableAs. */
static int read_title(uslm_ctx *c, const xmlNode *meta, const xmlNode *main)
{
	const xmlNode *t = lf_xml_child(meta, "title"), *x;
	char *s, *colon;

	if (t) {
		text_of(&c->label, t);
		s = lf_xml_trim(&c->label, 0);
		if ((colon = strstr(s, ": ")) != NULL) {
			for (x = lf_xml_first(meta); x; x = lf_xml_next(x)) {
				if (!lf_xml_is(x, "citableAs"))
					continue;
				text_of(&c->tmp, x);
				if (!strncmp(lf_xml_trim(&c->tmp, 0), s, (size_t)(colon - s)) &&
				    strlen(lf_buf_str(&c->tmp)) == (size_t)(colon - s)) {
					s = colon + 2;
					break;
				}
			}
		}
		if (*s)
			return lf_law_set(c->law, LF_F_TITLE, s, strlen(s), "dc:title");
	}
	x = lf_xml_child(main, "longTitle");
	return set_text(c, LF_F_TITLE, lf_xml_child(x, "officialTitle"), "officialTitle", 0);
}

static int read_short_title(uslm_ctx *c, const xmlNode *meta, const xmlNode *main)
{
	const xmlNode *cas = lf_xml_child(meta, "citableAsShortTitle"), *x, *first = NULL;
	int rc;

	if (cas) {
		text_of(&c->heading, cas);
		lf_xml_trim(&c->heading, 0);
	}
	for (x = lf_xml_first(meta); x; x = lf_xml_next(x)) {
		if (!lf_xml_is(x, "containsShortTitle"))
			continue;
		if (!first)
			first = x;
		if (!cas)
			continue;
		text_of(&c->tmp, x);
		if (!strcasecmp(lf_xml_trim(&c->tmp, 0), lf_xml_trim(&c->heading, 0)))
			return set_text(c, LF_F_SHORT_TITLE, x, "containsShortTitle", 0);
	}
	if ((rc = set_text(c, LF_F_SHORT_TITLE, cas, "citableAsShortTitle", 0)) != 0)
		return rc;
	if ((rc = set_text(c, LF_F_SHORT_TITLE, first, "containsShortTitle", 0)) != 0)
		return rc;
	if (!c->law->field[LF_F_SHORT_TITLE] && main)
		return set_text(c, LF_F_SHORT_TITLE, lf_xml_find(main, "shortTitle"), "shortTitle", 1);
	return 0;
}

static int read_number(uslm_ctx *c, const xmlNode *meta, const xmlNode *preface)
{
	const xmlNode *t = lf_xml_child(preface, "type"), *n = lf_xml_child(preface, "docNumber");
	const char *s;

	if (t && n) { /* "H. R. " + "1000" */
		text_of(&c->label, t);
		s = lf_xml_trim(&c->label, 0);
		text_of(&c->tmp, n);
		lf_buf_reset(&c->heading);
		lf_buf_printf(&c->heading, "%s %s", s, lf_xml_trim(&c->tmp, 0));
		if (*s && c->tmp.n && (s[0] < '0' || s[0] > '9'))
			return lf_law_set(c->law, LF_F_NUMBER, c->heading.p, c->heading.n,
			                  "preface dc:type/docNumber");
	}
	int rc = set_text(c, LF_F_NUMBER, lf_xml_child(meta, "citableAs"), "citableAs", 0);

	return rc ? rc : set_text(c, LF_F_NUMBER, lf_xml_child(meta, "docNumber"), "docNumber", 0);
}

static int read_dates(uslm_ctx *c, const xmlNode *root, const xmlNode *meta,
                      const xmlNode *preface, const xmlNode *main)
{
	const xmlNode *x, *last = NULL;
	int plaw = lf_xml_is(root, "pLaw"), rc = 0;
	const char *created = NULL;

	x = lf_xml_child(meta, "approvedDate");
	if (x && (rc = lf_xml_set_date(c->law, LF_F_DATE_ENACTED, text_of(&c->tmp, x),
	                               "approvedDate")) != 0)
		return rc;
	if (lf_xml_child(meta, "created")) {
		text_of(&c->heading, lf_xml_child(meta, "created"));
		created = lf_xml_trim(&c->heading, 0);
	}
	if (plaw && !c->law->field[LF_F_DATE_ENACTED]) {
		/* "Approved July 15, 2016." closes a public law's main */
		for (x = lf_xml_first(main); x; x = lf_xml_next(x))
			if (lf_xml_is(x, "action"))
				last = x;
		if (last && strstr(text_of(&c->tmp, last), "Approved"))
			rc = set_action_date(c, LF_F_DATE_ENACTED, last, "action Approved");
		if (!rc && created)
			rc = lf_xml_set_date(c->law, LF_F_DATE_ENACTED, created, "dcterms:created");
	}
	/* version: what a compilation is amended through, a bill's last action */
	x = lf_xml_child(preface, "editionNote");
	if (!rc && x)
		rc = lf_xml_set_date(c->law, LF_F_DATE_VERSION,
		                     lf_xml_attr_raw(lf_xml_find(x, "date"), "date"), "editionNote");
	if (!rc && !plaw) {
		last = NULL;
		for (x = lf_xml_first(preface); x; x = lf_xml_next(x))
			if (lf_xml_is(x, "action"))
				last = x;
		if (last)
			rc = set_action_date(c, LF_F_DATE_VERSION, last, "preface action");
		/* an engrossed text: "Passed the Senate April 30, 2019." */
		x = lf_xml_child(root, "attestation");
		if (!rc && x)
			rc = lf_xml_set_date(c->law, LF_F_DATE_VERSION,
			                     lf_xml_attr_raw(lf_xml_find(x, "date"), "date"), "attestation");
		if (!rc && created)
			rc = lf_xml_set_date(c->law, LF_F_DATE_VERSION, created, "dcterms:created");
	}
	return rc;
}

static int read_meta(uslm_ctx *c, const xmlNode *root)
{
	const xmlNode *meta = lf_xml_child(root, "meta"), *preface = lf_xml_child(root, "preface");
	const xmlNode *main = lf_xml_child(root, "main");
	const char *v, *iso;
	int rc;

	if ((rc = read_id(c, root, meta, main)) != 0 || (rc = read_title(c, meta, main)) != 0 ||
	    (rc = read_short_title(c, meta, main)) != 0 || (rc = read_number(c, meta, preface)) != 0 ||
	    (rc = read_dates(c, root, meta, preface, main)) != 0)
		return rc;
	v = child_text(c, meta, "language", &c->tmp);
	if (!v || !*v)
		v = lf_xml_attr_raw(root, "lang");
	iso = v ? lf_lang_iso1(v, strlen(v)) : NULL;
	if (iso && (rc = lf_law_set(c->law, LF_F_LANGUAGE, iso, strlen(iso),
	                            lf_xml_child(meta, "language") ? "dc:language" : "xml:lang")) != 0)
		return rc;
	return lf_law_set(c->law, LF_F_JURISDICTION, "us", 2, "format");
}

static int uslm_ns(const xmlNode *root)
{
	const char *href = root->ns && root->ns->href ? (const char *)root->ns->href : "";

	return !strcmp(href, "http://schemas.gpo.gov/xml/uslm") ||
	       !strncmp(href, "http://xml.house.gov/schemas/uslm/", 34);
}

int lf_read_uslm(xmlDoc *doc, lf_law *law, lf_err *err)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	uslm_ctx c;
	lf_buf loose;
	lf_xml_provspec spec = {uslm_kind, uslm_drop, uslm_label, uslm_quote, uslm_describe,
	                        uslm_inline, NULL};
	int rc;

	if (!root || !uslm_ns(root))
		return lf_err_set(err, LF_EFORMAT,
		                  "not USLM: the root element <%s> is not in the USLM namespace",
		                  root ? lf_xml_name(root) : "");
	memset(&c, 0, sizeof c);
	c.law = law;
	spec.ctx = &c;
	lf_buf_init(&c.label, USLM_LABEL_MAX);
	lf_buf_init(&c.heading, USLM_LABEL_MAX);
	lf_buf_init(&c.tmp, USLM_LABEL_MAX);
	lf_buf_init(&loose, LF_XML_MAX_PROV_TEXT);
	law->format = "uslm";
	rc = read_meta(&c, root);
	if (!rc)
		rc = lf_xml_provisions(law, root, -1, &spec, &loose);
	if (!rc && !(law->preface = lf_law_str(law, lf_buf_str(&loose), loose.n)))
		rc = LF_ENOMEM;
	if (rc)
		lf_xml_read_error(err, rc, law, "USLM");
	lf_buf_free(&c.label);
	lf_buf_free(&c.heading);
	lf_buf_free(&c.tmp);
	lf_buf_free(&loose);
	return rc;
}

static int sniff_uslm(const lf_sniff *s)
{
	return s->element && (lf_sniff_tag_has(s, "schemas.gpo.gov/xml/uslm") ||
	                      lf_sniff_tag_has(s, "xml.house.gov/schemas/uslm"));
}

const lf_reader lf_reader_uslm = {
	.name = "uslm",
	.reads = "US GPO USLM (bill, pLaw, lawDoc ... in the USLM namespace)",
	.parse = LF_PARSE_XML,
	.sniff = sniff_uslm,
	.read_doc = lf_read_uslm,
};
