/*
 * clml.c - reader for the Crown Legislation Markup Language of
 * legislation.gov.uk (root <Legislation>, xmlns
 * "http://www.legislation.gov.uk/namespaces/legislation"): UK Acts and
 * statutory instruments, and the EU law legislation.gov.uk republished
 * (retained EU law: an <EURetained> body).
 *
 * Metadata (the Metadata element, ukm: or EU, and the root's attributes):
 *  - id = the root's IdURI ("http://www.legislation.gov.uk/id/uksi/1998/572"),
 *    else its xml:base or a dc:identifier when that is an /id/ URI, else one
 *    built from the document type, Year and Number, else the first http
 *    dc:identifier.
 *  - title = dc:title; language = dc:language, else the root's xml:lang
 *    (Welsh texts say "cy"); jurisdiction "gb", "eu" for EU law
 *    (DocumentCategory "euretained" or an EUMetadata block).
 *  - enacted = EnactmentDate (Acts, EU law) or Made (instruments); in force
 *    = the first ComingIntoForce date; version = the root's
 *    RestrictStartDate (the start of the point-in-time version a revised
 *    text shows), else dct:valid.
 *  - number = the prelims' Number as printed ("1998 No. 572", "2003 c. 4",
 *    "2002 asp 6"), else built from Year and Number the same way (EU law:
 *    "2004/605").
 *
 * Provisions: Part, Chapter, Pblock and PsubBlock (cross-headings:
 * division), EUPart, EUTitle, EUChapter, EUSection and EUSubsection,
 * Division (a recital inside EUPreamble, else a division), the EUPreamble
 * (preamble), Schedule and Appendix (schedule), Attachment (schedule), P1 to
 * P7.  A P1group holding one P1 is not a provision: its Title is the P1's
 * heading; one holding several P1s is a division headed by its Title, one
 * with no P1 a provision.
 *
 * P1 kinds and labels follow legislation.gov.uk's own citations: the word of
 * the P1's id ("section-16", "regulation-3", "article-2", "rule-4",
 * "schedule-1-paragraph-3") or, with no id, of the document type (Acts:
 * sections; instruments: regulations, articles (orders) or rules by their
 * minor type; EU law: articles; inside a schedule: paragraphs) gives the
 * kind and the prefix of a bare Pnumber: "s. 16" (section), "reg. 3"
 * (rule), "art. 2" (article), "r. 4" (rule), "para. 3" (paragraph).  A
 * Pnumber that has words ("Article 1") is kept as printed.  P2 is a
 * subsection, P3 a paragraph, P4 a subparagraph, P5-P7 points; their label
 * is the Pnumber in its printed punctuation: PuncBefore/PuncAfter when the
 * markup gives them ("1."), else in brackets ("(1)", "(a)", "(i)").
 * Part, Chapter, Schedule ...: label = Number ("PART 2", "SCHEDULE 1"),
 * heading = Title (a schedule's TitleBlock/Title); a cross-heading numbered
 * with a unit's word ("ARTICLE I" in a treaty) takes that kind.  Ids: the
 * id attribute.
 *
 * Text: the prelims (title, number, long title, dates, enacting text) and
 * any other text outside provisions go to law->preface.  BlockAmendment
 * and BlockExtract (quoted law) are text of the provision quoting them.
 * A document included in a schedule (IncludedDocument pointing at a
 * Resource: a treaty in a double taxation order) is read under that
 * schedule.  Dropped: Metadata, Contents (the table of contents),
 * Commentaries, Footnotes, CommentaryRef, FootnoteRef, MarginNoteRef,
 * ExplanatoryNotes and EarlierOrders (notes that are "not part of the
 * Order"), SignedSection (signatures), Versions (alternative texts of
 * provisions shown elsewhere), images.
 */
#include "indexer/readers/reader.h"

#include <stdlib.h>
#include <string.h>

#include "core/text/lang.h"
#include "indexer/readers/xmlutil.h"

#define CLML_LABEL_MAX ((size_t)16 << 10) /* longer labels and headings are cut */
#define CLML_MAX_RESOURCES 64             /* included documents tracked */

typedef struct clml_ctx {
	lf_law *law;
	const char *p1_kind; /* kind of an unnamed P1 outside schedules */
	const char *p1_word; /* its label prefix: "s.", "reg.", "art.", "r." */
	struct {
		const char *ref; /* Resource id, borrowed from the document */
		int prov;        /* the schedule that includes it */
	} inc[CLML_MAX_RESOURCES];
	int ninc;
	const xmlNode *grp; /* the last P1group describe() counted, and its P1s */
	int grp_p1;
	lf_buf label, heading, tmp;
} clml_ctx;

static int is(const char *name, const char *lit)
{
	return !strcmp(name, lit);
}

/* Number of P1 element children of a P1group. */
static int count_p1(const xmlNode *g)
{
	const xmlNode *c;
	int k = 0;

	for (c = lf_xml_first(g); c; c = lf_xml_next(c))
		if (lf_xml_is(c, "P1"))
			k++;
	return k;
}

/* P1s of a P1group, counted once per group (kind() and describe() ask
 * for every element, and a group may hold 100,000 P1s). */
static int group_p1(clml_ctx *c, const xmlNode *g)
{
	if (c->grp != g) {
		c->grp = g;
		c->grp_p1 = count_p1(g);
	}
	return c->grp_p1;
}

static const char *clml_kind(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;

	switch (s[0]) {
	case 'P':
		if (s[1] >= '1' && s[1] <= '7' && !s[2]) {
			switch (s[1]) {
			case '1': return LF_KIND_SECTION; /* refined by describe() */
			case '2': return LF_KIND_SUBSECTION;
			case '3': return LF_KIND_PARAGRAPH;
			case '4': return LF_KIND_SUBPARAGRAPH;
			default: return LF_KIND_POINT;
			}
		}
		if (is(s, "P1group")) {
			int k = group_p1(ctx, n);
			return k == 1 ? NULL : k ? LF_KIND_DIVISION : LF_KIND_PROVISION;
		}
		if (is(s, "Part")) return LF_KIND_PART;
		if (is(s, "Pblock") || is(s, "PsubBlock")) return LF_KIND_DIVISION;
		return NULL;
	case 'C': return is(s, "Chapter") ? LF_KIND_CHAPTER : NULL;
	case 'S': return is(s, "Schedule") ? LF_KIND_SCHEDULE : NULL;
	case 'A': return is(s, "Appendix") || is(s, "Attachment") ? LF_KIND_SCHEDULE : NULL;
	case 'D':
		if (!is(s, "Division"))
			return NULL;
		return lf_xml_is(n->parent, "EUPreamble") ? LF_KIND_RECITAL : LF_KIND_DIVISION;
	case 'E':
		if (s[1] != 'U') return NULL;
		if (is(s, "EUPreamble")) return LF_KIND_PREAMBLE;
		if (is(s, "EUPart")) return LF_KIND_PART;
		if (is(s, "EUTitle")) return LF_KIND_TITLE;
		if (is(s, "EUChapter")) return LF_KIND_CHAPTER;
		if (is(s, "EUSection") || is(s, "EUSubsection")) return LF_KIND_DIVISION;
		return NULL;
	default: return NULL;
	}
}

static int clml_drop(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;

	(void)ctx;
	switch (s[0]) {
	case 'M': return is(s, "Metadata") || is(s, "MarginNoteRef");
	case 'C': return is(s, "Contents") || is(s, "Commentaries") || is(s, "CommentaryRef");
	case 'F': return is(s, "Footnotes") || is(s, "FootnoteRef");
	case 'E': return is(s, "ExplanatoryNotes") || is(s, "EarlierOrders");
	case 'S': return is(s, "SignedSection");
	case 'V': return is(s, "Versions");
	case 'R': return is(s, "Resources");
	case 'I': return is(s, "Image") || is(s, "IncludedDocument");
	default: return 0;
	}
}

/* Number, Title, TitleBlock and Pnumber of a provision (or of a P1group,
 * whose Title heads its P1): read by describe(), not text. */
static int clml_label(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;
	const xmlNode *p = n->parent;

	if (!(is(s, "Number") || is(s, "Title") || is(s, "TitleBlock") || is(s, "Pnumber")))
		return 0;
	if (!p || p->type != XML_ELEMENT_NODE)
		return 0;
	if (lf_xml_is(p, "P1group") || (is(s, "Title") && lf_xml_is(p, "TitleBlock")))
		return 1;
	return clml_kind(p, ctx) != NULL;
}

static int clml_quote(const xmlNode *n, void *ctx)
{
	const char *s = (const char *)n->name;

	(void)ctx;
	return s[0] == 'B' && (is(s, "BlockAmendment") || is(s, "BlockExtract"));
}

/* CLML inline elements: no word break at their edges. */
static int clml_inline(const xmlNode *n)
{
	const char *s = (const char *)n->name;

	switch (s[0]) {
	case 'A': return is(s, "Addition") || is(s, "Abbreviation") || is(s, "Acronym");
	case 'C': return is(s, "Citation") || is(s, "CitationSubRef") || is(s, "CommentaryRef") ||
	                 is(s, "Character");
	case 'E': return is(s, "Emphasis") || is(s, "Expanded") || is(s, "ExternalLink");
	case 'F': return is(s, "FootnoteRef");
	case 'I': return is(s, "Inferior") || is(s, "InternalLink") || is(s, "InlineAmendment");
	case 'M': return is(s, "MarginNoteRef");
	case 'R': return is(s, "Repeal");
	case 'S': return is(s, "Strong") || is(s, "SmallCaps") || is(s, "Superior") ||
	                 is(s, "Substitution") || is(s, "Span");
	case 'T': return is(s, "Term");
	case 'U': return is(s, "Underline") || is(s, "Uppercase");
	default: return 0;
	}
}

static int drop_cb(const xmlNode *n, void *ctx)
{
	return clml_drop(n, ctx);
}

/* Resets b to n's text (notes left out), trimmed, cut at CLML_LABEL_MAX. */
static char *text_of(lf_buf *b, const xmlNode *n)
{
	lf_buf_reset(b);
	if (n)
		lf_xml_text_with(n, b, drop_cb, NULL, clml_inline); /* LF_ETOOBIG: keep the cut text */
	return lf_xml_trim(b, 0);
}

/* The P1 kind and label word a legislation.gov.uk id names: the last word
 * of "schedule-1-paragraph-3" followed by a number. */
static int kind_from_id(const char *id, const char **kind, const char **word)
{
	static const struct {
		const char *w, *kind, *word;
	} map[] = {
		{"section", LF_KIND_SECTION, "s."},   {"regulation", LF_KIND_RULE, "reg."},
		{"article", LF_KIND_ARTICLE, "art."}, {"rule", LF_KIND_RULE, "r."},
		{"paragraph", LF_KIND_PARAGRAPH, "para."},
	};
	const char *best = NULL, *bk = NULL, *bw = NULL;
	size_t i, l;

	for (i = 0; id && i < sizeof map / sizeof *map; i++) {
		const char *p = id;
		l = strlen(map[i].w);
		while ((p = strstr(p, map[i].w)) != NULL) {
			if ((p == id || p[-1] == '-') && p[l] == '-' && p[l + 1] >= '0' && p[l + 1] <= '9' &&
			    (!best || p > best)) {
				best = p;
				bk = map[i].kind;
				bw = map[i].word;
			}
			p += l;
		}
	}
	if (!best)
		return 0;
	*kind = bk;
	*word = bw;
	return 1;
}

/* True if a provision up the parent chain is a schedule. */
static int in_schedule(const lf_law *law, int i)
{
	int guard = 0;

	for (; i >= 0 && guard < 1024; i = law->provs[i].parent, guard++)
		if (!strcmp(law->provs[i].kind, LF_KIND_SCHEDULE))
			return 1;
	return 0;
}

/* Label of a P1: "s. 16" for a bare Pnumber, else as printed. */
static const char *p1_label(clml_ctx *c, const char *num, const char *word)
{
	if (!*num || num[0] < '0' || num[0] > '9' || strchr(num, ' ') || !word)
		return num;
	lf_buf_reset(&c->tmp);
	lf_buf_printf(&c->tmp, "%s %s", word, num);
	return lf_buf_str(&c->tmp);
}

/* Label of P2-P7: the number in its printed punctuation. */
static const char *pn_label(clml_ctx *c, const xmlNode *pn, const char *num)
{
	const char *before = lf_xml_attr_raw(pn, "PuncBefore");
	const char *after = lf_xml_attr_raw(pn, "PuncAfter");

	if (!*num || strchr(num, '(') || strchr(num, ')'))
		return num;
	lf_buf_reset(&c->tmp);
	lf_buf_printf(&c->tmp, "%s%s%s", before ? before : "(", num, after ? after : ")");
	return lf_buf_str(&c->tmp);
}

/* Records the Resources a schedule includes, for read_resources(). */
static void note_includes(clml_ctx *c, const xmlNode *sched)
{
	const xmlNode *body = lf_xml_child(sched, "ScheduleBody"), *x;
	const char *ref;

	for (x = lf_xml_first(body); x && c->ninc < CLML_MAX_RESOURCES; x = lf_xml_next(x))
		if (lf_xml_is(x, "IncludedDocument") && (ref = lf_xml_attr_raw(x, "ResourceRef")) && *ref) {
			c->inc[c->ninc].ref = ref;
			c->inc[c->ninc++].prov = (int)c->law->nprovs; /* the index it is about to get */
		}
}

static int clml_describe(const xmlNode *n, lf_xml_prov *p, void *ctx)
{
	clml_ctx *c = ctx;
	const char *s = (const char *)n->name, *kind = NULL, *word = NULL, *k;
	const xmlNode *ch, *num = NULL, *title = NULL;

	for (ch = lf_xml_first(n); ch; ch = lf_xml_next(ch)) {
		if (!num && (lf_xml_is(ch, "Pnumber") || lf_xml_is(ch, "Number")))
			num = ch;
		else if (!title && lf_xml_is(ch, "Title"))
			title = ch;
		else if (!title && lf_xml_is(ch, "TitleBlock"))
			title = lf_xml_child(ch, "Title");
	}
	p->id = lf_xml_attr_raw(n, "id");
	if (s[0] == 'P' && s[1] == '1' && !s[2]) {
		/* the heading of a P1 is its P1group's Title (P1s are counted once
		 * per group: a group of many P1s is not quadratic) */
		if (!title && lf_xml_is(n->parent, "P1group")) {
			if (group_p1(c, n->parent) == 1)
				title = lf_xml_child(n->parent, "Title");
		}
		if (!kind_from_id(p->id, &kind, &word)) {
			int sched = in_schedule(c->law, p->parent);
			kind = sched ? LF_KIND_PARAGRAPH : c->p1_kind;
			word = sched ? "para." : c->p1_word;
		}
		p->kind = kind;
		p->label = num ? p1_label(c, text_of(&c->label, num), word) : NULL;
	} else if (s[0] == 'P' && s[1] >= '2' && s[1] <= '7' && !s[2]) {
		p->label = num ? pn_label(c, num, text_of(&c->label, num)) : NULL;
	} else {
		p->label = num ? text_of(&c->label, num) : NULL;
		/* a cross-heading numbered "ARTICLE I" is an article */
		if (p->label && s[0] == 'P' && (k = lf_kind_from_word(p->label, strcspn(p->label, " "))) &&
		    lf_kind_is_unit(k))
			p->kind = k;
	}
	p->heading = title ? text_of(&c->heading, title) : NULL;
	if (is(s, "Schedule"))
		note_includes(c, n);
	return 0;
}

/* The Metadata element's type-specific block: PrimaryMetadata,
 * SecondaryMetadata, EUMetadata ... */
static const xmlNode *type_meta(const xmlNode *meta)
{
	const xmlNode *x;

	for (x = lf_xml_first(meta); x; x = lf_xml_next(x)) {
		const char *s = lf_xml_name(x);
		size_t l = strlen(s);
		if (l > 8 && !strcmp(s + l - 8, "Metadata"))
			return x;
	}
	return NULL;
}

static const char *value_of(const xmlNode *block, const char *name, const char *attr)
{
	return lf_xml_attr_raw(lf_xml_child(block, name), attr);
}

/* legislation.gov.uk's type codes and number styles, by DocumentMainType. */
static const struct clml_type {
	const char *main, *code, *style; /* style: "c" chapter, "no" S.I. number, "eu" Y/N, else code */
} clml_types[] = {
	{"UnitedKingdomPublicGeneralAct", "ukpga", "c"}, {"UnitedKingdomLocalAct", "ukla", "c"},
	{"UnitedKingdomPrivateOrPersonalAct", "ukppa", "c"}, {"ScottishAct", "asp", "asp"},
	{"WelshNationalAssemblyAct", "anaw", "anaw"}, {"WelshParliamentAct", "asc", "asc"},
	{"NorthernIrelandAct", "nia", "c"}, {"UnitedKingdomChurchMeasure", "ukcm", "No."},
	{"UnitedKingdomStatutoryInstrument", "uksi", "No."},
	{"UnitedKingdomDraftStatutoryInstrument", "ukdsi", "No."},
	{"ScottishStatutoryInstrument", "ssi", "No."}, {"WelshStatutoryInstrument", "wsi", "No."},
	{"NorthernIrelandStatutoryRule", "nisr", "No."},
	{"UnitedKingdomMinisterialOrder", "ukmo", "No."},
	{"EuropeanUnionRegulation", "eur", "eu"}, {"EuropeanUnionDecision", "eudn", "eu"},
	{"EuropeanUnionDirective", "eudr", "eu"}, {"EuropeanUnionTreaty", "eut", "eu"},
};

static const struct clml_type *type_of(const char *main)
{
	size_t i;

	for (i = 0; main && i < sizeof clml_types / sizeof *clml_types; i++)
		if (!strcmp(main, clml_types[i].main))
			return &clml_types[i];
	return NULL;
}

/* How unnamed P1s are cited, from the document type. */
static void p1_style(clml_ctx *c, const char *category, const char *main, const char *minor)
{
	c->p1_kind = LF_KIND_SECTION;
	c->p1_word = "s.";
	if ((category && (!strcmp(category, "euretained") || !strcmp(category, "eu"))) ||
	    (main && !strncmp(main, "EuropeanUnion", 13))) {
		c->p1_kind = LF_KIND_ARTICLE;
		c->p1_word = "art.";
	} else if ((category && !strcmp(category, "secondary")) ||
	           (main && (strstr(main, "Instrument") || strstr(main, "Rule") ||
	                     strstr(main, "Order")))) {
		if (minor && !strcmp(minor, "order")) {
			c->p1_kind = LF_KIND_ARTICLE;
			c->p1_word = "art.";
		} else if (minor && (!strcmp(minor, "rule") || !strcmp(minor, "rules"))) {
			c->p1_kind = LF_KIND_RULE;
			c->p1_word = "r.";
		} else {
			c->p1_kind = LF_KIND_RULE;
			c->p1_word = "reg.";
		}
	}
}

static int read_id(clml_ctx *c, const xmlNode *root, const xmlNode *meta,
                   const struct clml_type *t, const char *year, const char *number)
{
	const char *v;
	const xmlNode *x;
	lf_law *law = c->law;

	if ((v = lf_xml_attr_raw(root, "IdURI")) != NULL && *v)
		return lf_law_set(law, LF_F_ID, v, strlen(v), "IdURI");
	if ((v = lf_xml_attr_raw(root, "base")) != NULL && strstr(v, "/id/"))
		return lf_law_set(law, LF_F_ID, v, strlen(v), "xml:base");
	for (x = lf_xml_first(meta); x; x = lf_xml_next(x))
		if (lf_xml_is(x, "identifier") &&
		    strstr((v = text_of(&c->tmp, x)), "legislation.gov.uk/id/"))
			return lf_law_set(law, LF_F_ID, v, strlen(v), "dc:identifier");
	if (t && year && number) {
		lf_buf_reset(&c->tmp);
		lf_buf_printf(&c->tmp, "http://www.legislation.gov.uk/id/%s/%s/%s", t->code, year, number);
		return lf_law_set(law, LF_F_ID, c->tmp.p, c->tmp.n, "DocumentMainType/Year/Number");
	}
	for (x = lf_xml_first(meta); x; x = lf_xml_next(x))
		if (lf_xml_is(x, "identifier") && !strncmp((v = text_of(&c->tmp, x)), "http", 4))
			return lf_law_set(law, LF_F_ID, v, strlen(v), "dc:identifier");
	return 0;
}

/* The prelims' Number, else one built from Year and Number. */
static int read_number(clml_ctx *c, const xmlNode *root, const struct clml_type *t,
                       const char *year, const char *number)
{
	const xmlNode *body, *x;
	const char *style;

	for (body = lf_xml_first(root); body; body = lf_xml_next(body))
		for (x = lf_xml_first(body); x; x = lf_xml_next(x)) {
			const char *s = lf_xml_name(x);
			size_t l = strlen(s);
			if (l > 7 && !strcmp(s + l - 7, "Prelims") && lf_xml_child(x, "Number")) {
				s = text_of(&c->tmp, lf_xml_child(x, "Number"));
				if (*s)
					return lf_law_set(c->law, LF_F_NUMBER, s, strlen(s), "Prelims/Number");
			}
		}
	if (!year || !number)
		return 0;
	style = t ? t->style : "No.";
	lf_buf_reset(&c->tmp);
	if (!strcmp(style, "eu"))
		lf_buf_printf(&c->tmp, "%s/%s", year, number);
	else if (!strcmp(style, "c"))
		lf_buf_printf(&c->tmp, "%s c. %s", year, number);
	else
		lf_buf_printf(&c->tmp, "%s %s %s", year, style, number);
	return lf_law_set(c->law, LF_F_NUMBER, c->tmp.p, c->tmp.n, "Year/Number");
}

static int read_meta(clml_ctx *c, const xmlNode *root)
{
	const xmlNode *meta = lf_xml_child(root, "Metadata"), *tm = type_meta(meta), *cls, *x;
	const char *category, *mainv, *minor, *year, *number, *v, *iso;
	const struct clml_type *t;
	lf_law *law = c->law;
	int rc, eu;

	cls = lf_xml_child(tm, "DocumentClassification");
	category = value_of(cls, "DocumentCategory", "Value");
	mainv = value_of(cls, "DocumentMainType", "Value");
	minor = value_of(cls, "DocumentMinorType", "Value");
	year = value_of(tm, "Year", "Value");
	number = value_of(tm, "Number", "Value");
	t = type_of(mainv);
	eu = (category && !strcmp(category, "euretained")) || lf_xml_is(tm, "EUMetadata") ||
	     (mainv && !strncmp(mainv, "EuropeanUnion", 13));
	p1_style(c, eu ? "eu" : category, mainv, minor);
	if ((rc = read_id(c, root, meta, t, year, number)) != 0 ||
	    (rc = read_number(c, root, t, year, number)) != 0)
		return rc;
	if ((x = lf_xml_child(meta, "title")) != NULL) {
		v = text_of(&c->tmp, x);
		if ((rc = lf_law_set(law, LF_F_TITLE, v, strlen(v), "dc:title")) != 0)
			return rc;
	}
	x = lf_xml_child(meta, "language");
	v = x ? text_of(&c->tmp, x) : lf_xml_attr_raw(root, "lang");
	iso = v ? lf_lang_iso1(v, strlen(v)) : NULL;
	if (iso && (rc = lf_law_set(law, LF_F_LANGUAGE, iso, strlen(iso),
	                            x ? "dc:language" : "xml:lang")) != 0)
		return rc;
	if ((rc = lf_law_set(law, LF_F_JURISDICTION, eu ? "eu" : "gb", 2, "format")) != 0 ||
	    (rc = lf_xml_set_date(law, LF_F_DATE_ENACTED, value_of(tm, "EnactmentDate", "Date"),
	                          "EnactmentDate")) != 0 ||
	    (rc = lf_xml_set_date(law, LF_F_DATE_ENACTED, value_of(tm, "Made", "Date"), "Made")) != 0 ||
	    (rc = lf_xml_set_date(law, LF_F_DATE_IN_FORCE,
	                          value_of(lf_xml_child(tm, "ComingIntoForce"), "DateTime", "Date"),
	                          "ComingIntoForce")) != 0 ||
	    (rc = lf_xml_set_date(law, LF_F_DATE_VERSION, lf_xml_attr_raw(root, "RestrictStartDate"),
	                          "RestrictStartDate")) != 0)
		return rc;
	if ((x = lf_xml_child(meta, "valid")) != NULL)
		rc = lf_xml_set_date(law, LF_F_DATE_VERSION, text_of(&c->tmp, x), "dct:valid");
	return rc;
}

/* Walks the included documents, each under the schedule that includes it
 * (top level if none does). */
static int read_resources(clml_ctx *c, const xmlNode *root, const lf_xml_provspec *spec,
                          lf_buf *loose)
{
	const xmlNode *res = lf_xml_child(root, "Resources"), *r;
	int rc = 0, i, parent;

	for (r = lf_xml_first(res); r && !rc; r = lf_xml_next(r)) {
		const char *id = lf_xml_attr_raw(r, "id");
		parent = -1;
		for (i = 0; id && i < c->ninc; i++)
			if (!strcmp(c->inc[i].ref, id)) {
				parent = c->inc[i].prov;
				break;
			}
		rc = lf_xml_provisions(c->law, r, parent, spec, loose);
	}
	return rc;
}

int lf_read_clml(xmlDoc *doc, lf_law *law, lf_err *err)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	clml_ctx *c;
	lf_buf loose;
	lf_xml_provspec spec = {clml_kind, clml_drop, clml_label, clml_quote, clml_describe,
	                        clml_inline, NULL};
	int rc;

	if (!root || !lf_xml_is(root, "Legislation"))
		return lf_err_set(err, LF_EFORMAT, "not CLML: the root element is <%s>, not <Legislation>",
		                  root ? lf_xml_name(root) : "");
	if (!(c = calloc(1, sizeof *c)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	c->law = law;
	spec.ctx = c;
	lf_buf_init(&c->label, CLML_LABEL_MAX);
	lf_buf_init(&c->heading, CLML_LABEL_MAX);
	lf_buf_init(&c->tmp, CLML_LABEL_MAX);
	lf_buf_init(&loose, LF_XML_MAX_PROV_TEXT);
	law->format = "clml";
	rc = read_meta(c, root);
	if (!rc)
		rc = lf_xml_provisions(law, root, -1, &spec, &loose);
	if (!rc)
		rc = read_resources(c, root, &spec, &loose);
	if (!rc && !(law->preface = lf_law_str(law, lf_buf_str(&loose), loose.n)))
		rc = LF_ENOMEM;
	if (rc)
		lf_xml_read_error(err, rc, law, "CLML");
	lf_buf_free(&c->label);
	lf_buf_free(&c->heading);
	lf_buf_free(&c->tmp);
	lf_buf_free(&loose);
	free(c);
	return rc;
}

static int sniff_clml(const lf_sniff *s)
{
	return s->element && !strcmp(s->name, "Legislation") &&
	       lf_sniff_tag_has(s, "legislation.gov.uk");
}

const lf_reader lf_reader_clml = {
	.name = "clml",
	.reads = "UK Crown Legislation Markup Language (Legislation root)",
	.parse = LF_PARSE_XML,
	.sniff = sniff_clml,
	.read_doc = lf_read_clml,
};
