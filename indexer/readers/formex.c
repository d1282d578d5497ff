/*
 * formex.c - reader for EU Formex 4 (the Publications Office's XML for the
 * Official Journal and consolidated texts).
 *
 * Roots: ACT, CONS.ACT (a consolidated text: INFO.CONSLEG + CONS.DOC),
 * CONS.DOC, ANNEX, CONS.ANNEX, ANNEXES, GR.SEQ, AGR, and the <LEXP.COMBINED>
 * wrapper (Lexparency test files) holding one of them and its ANNEXES.
 *
 * Metadata:
 *  - id: the CELEX number.  A consolidated text gets the consolidated-version
 *    CELEX EUR-Lex uses, "0" + INFO.CONSLEG/@CONSLEG.REF + "-" + @START.DATE
 *    ("02014L0065-20200326": each consolidation is its own document).  An act
 *    gets "3" + year + type letter + number padded to 4 ("32016R0679"); the
 *    letter comes from the first document-type word of the title (Regulation,
 *    Verordnung, Règlement ... R; Directive, Richtlinie ... L; Decision,
 *    Beschluss ... D; Rahmenbeschluss, framework decision F).  Else a
 *    NO.CELEX in the data; else the OJ reference "eu/oj/L/2016/119/1" (series,
 *    year, issue, first page).
 *  - title: TITLE/TI, without the "(Text with EEA relevance)" line; number:
 *    NO.DOC as printed ("2016/679", or "575/2013" for FORMAT="NY"); language:
 *    LG.DOC; jurisdiction "eu"; enacted: the act's DATE (for a consolidated
 *    text, the base act's, in FAM.COMP); version: a consolidated text's DATE.
 *  - law->preface: the PREAMBLE's own text (PREAMBLE.INIT, the citations of
 *    GR.VISA, "Whereas:", PREAMBLE.FINAL), the enacting words and the like.
 *
 * Provisions:
 *  - CONSID: recital, label "(1)" (NO.P), at top level (the preamble's words
 *    go to the preface, so recitals are units of their own).
 *  - DIVISION: container; label = TI ("CHAPTER V"), heading = STI
 *    ("Transfers of personal data ..."); a TI of two Ps without STI is label
 *    and heading; a lone TI with no provision word ("SCHLUSSBESTIMMUNGEN") is
 *    a heading.  Kind from the label's first word: PART/TEIL part, TITLE/TITEL
 *    title, CHAPTER/KAPITEL chapter, anything else ("Section 1", "ABSCHNITT")
 *    division.
 *  - ARTICLE: label TI.ART ("Article 44"), heading STI.ART; id "art" +
 *    @IDENTIFIER ("art044").  PARAG: paragraph, label NO.PARAG ("1."), id
 *    "art" + @IDENTIFIER ("art044.001").  ALINEA is text of its PARAG or
 *    ARTICLE.  ITEM with a number (NP/NO.P): point, label "(a)"; an
 *    unnumbered ITEM (indent) is text.
 *  - FINAL: a provision of kind "provision" (the binding-force clause), its
 *    SIGNATURE left out.  ANNEX, CONS.ANNEX: schedule, label from the first P
 *    of TI ("ANNEX I"), heading from the rest or STI.  GR.SEQ (an annex's
 *    sections): division with TITLE as for DIVISION.
 *  - Quoted structure (QUOT.S: the new text an amending article inserts) is
 *    text of the article that quotes it, never provisions of this act.
 *  - Skipped everywhere: NOTE (footnotes), GR.NOTES, BIB.INSTANCE in
 *    annexes, FAM.COMP and INFO.* (consolidation metadata), SIGNATURE.
 *
 * Text: every element edge separates words except <HT TYPE="SUP"|"SUB"> and
 * the empty QUOT.START/QUOT.END:
 * consolidated Formex omits the spaces around HT and DATE ("<HT>Richtlinie
 * </HT>2014/65/EU", "vom<DATE ...>15. Mai 2014"), so treating them as inline
 * would glue words; splitting an exponent is the lesser harm.
 */
#include "indexer/readers/reader.h"

#include <string.h>
#include <strings.h>

#include "core/text/lang.h"
#include "indexer/readers/xmlutil.h"

#define FMX_MAX_DEPTH 256      /* provision levels; deeper ones stay text */
#define FMX_MAX_XML_DEPTH 1024 /* element levels walked looking for provisions */
#define FMX_MAX_TEXT ((size_t)64 << 20)

typedef struct fmx_ctx {
	lf_law *law;
	const xmlNode *cur;  /* provision whose own text is being read */
	int keep_provs;      /* at the depth limit: nested provisions are text */
	lf_buf text, label, heading, preface, tmp;
} fmx_ctx;

enum fmx_type { F_NONE, F_DIVISION, F_ARTICLE, F_PARAG, F_ITEM, F_CONSID, F_ANNEX, F_GRSEQ,
	        F_FINAL };

static int name_is(const xmlNode *n, const char *lit)
{
	return !strcmp((const char *)n->name, lit);
}

/* Which provision an element is. */
static enum fmx_type fmx_type(const xmlNode *n)
{
	const char *name = (const char *)n->name;
	const xmlNode *np;

	switch (name[0]) {
	case 'A':
		if (!strcmp(name, "ARTICLE")) return F_ARTICLE;
		if (!strcmp(name, "ANNEX")) return F_ANNEX;
		return F_NONE;
	case 'C':
		if (!strcmp(name, "CONSID")) return F_CONSID;
		if (!strcmp(name, "CONS.ANNEX")) return F_ANNEX;
		return F_NONE;
	case 'D': return !strcmp(name, "DIVISION") ? F_DIVISION : F_NONE;
	case 'P': return !strcmp(name, "PARAG") ? F_PARAG : F_NONE;
	case 'G': return !strcmp(name, "GR.SEQ") ? F_GRSEQ : F_NONE;
	case 'F': return !strcmp(name, "FINAL") ? F_FINAL : F_NONE;
	case 'I':
		if (strcmp(name, "ITEM"))
			return F_NONE;
		np = lf_xml_child(n, "NP");
		return lf_xml_child(np ? np : n, "NO.P") ? F_ITEM : F_NONE;
	default: return F_NONE;
	}
}

/* Never text of a provision. */
static int is_noise(const char *name)
{
	switch (name[0]) {
	case 'N': return !strcmp(name, "NOTE");
	case 'G': return !strcmp(name, "GR.NOTES");
	case 'B': return !strcmp(name, "BIB.INSTANCE");
	case 'F': return !strcmp(name, "FAM.COMP");
	case 'I': return !strncmp(name, "INFO.", 5);
	case 'S': return !strcmp(name, "SIGNATURE");
	default: return 0;
	}
}

/* Quoted structure (an amending act's new text): text of the quoting
 * provision, never provisions of this act. */
static int is_quote(const char *name)
{
	return name[0] == 'Q' && !strcmp(name, "QUOT.S");
}

/* Elements never holding provisions (not walked for them). */
static int is_leaf(const char *name)
{
	if (is_quote(name) || is_noise(name))
		return 1;
	switch (name[0]) {
	case 'T': return !strcmp(name, "TITLE") || !strcmp(name, "TI.ART") || !strcmp(name, "TXT") ||
	                 !strcmp(name, "TBL");
	case 'S': return !strcmp(name, "STI.ART");
	case 'N': return !strcmp(name, "NO.PARAG") || !strcmp(name, "NO.P");
	case 'H': return !strcmp(name, "HT");
	default: return 0;
	}
}

/* Inline markup: HT with TYPE SUP or SUB (see the header), the empty
 * quotation marks QUOT.START, QUOT.END and NOTE (skipped, but in a word's
 * position). */
static int fmx_inline(const xmlNode *n)
{
	const char *t;

	if (n->name[0] == 'Q')
		return !strcmp((const char *)n->name, "QUOT.START") ||
		       !strcmp((const char *)n->name, "QUOT.END");
	if (n->name[0] == 'N') /* a skipped footnote stays glued: "Council<NOTE/>." */
		return !strcmp((const char *)n->name, "NOTE");
	if (n->name[0] != 'H' || strcmp((const char *)n->name, "HT"))
		return 0;
	t = lf_xml_attr_raw(n, "TYPE");
	return t && (!strcmp(t, "SUP") || !strcmp(t, "SUB"));
}

/* A number of cur: NO.P in cur's NP, or directly in cur. */
static int is_own_number(const xmlNode *n, const xmlNode *cur)
{
	return n->parent == cur || (n->parent && n->parent->parent == cur && name_is(n->parent, "NP"));
}

/* True if n sits in quoted structure below the provision being read. */
static int in_quote(const fmx_ctx *c, const xmlNode *n)
{
	for (n = n->parent; n && n != c->cur && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (is_quote((const char *)n->name))
			return 1;
	return 0;
}

static int fmx_skip(const xmlNode *n, void *ctx)
{
	fmx_ctx *c = ctx;
	const char *name = (const char *)n->name;

	if (is_noise(name))
		return 1;
	switch (name[0]) {
	case 'T':
		if (!strcmp(name, "TI.ART") || !strcmp(name, "TITLE"))
			return n->parent == c->cur;
		break;
	case 'S': return !strcmp(name, "STI.ART") && n->parent == c->cur;
	case 'N':
		if (!strcmp(name, "NO.PARAG"))
			return n->parent == c->cur;
		if (!strcmp(name, "NO.P"))
			return is_own_number(n, c->cur);
		break;
	default:
		break;
	}
	return !c->keep_provs && fmx_type(n) != F_NONE && !in_quote(c, n);
}

/* Resets b and fills it with n's text as seen from provision cur. */
static int text_into(fmx_ctx *c, lf_buf *b, const xmlNode *n, const xmlNode *cur)
{
	lf_buf_reset(b);
	if (!n)
		return 0;
	c->cur = cur;
	return lf_xml_text_with(n, b, fmx_skip, c, fmx_inline);
}

static int is_blank(const char *s)
{
	return *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' ||
	       ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0);
}

/* s without leading blanks (NO-BREAK SPACE included). */
static const char *skip_blanks(const char *s)
{
	while (is_blank(s))
		s += *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' ? 1 : 2;
	return s;
}

/* Length of the word at s (up to a blank). */
static size_t word_len(const char *s)
{
	size_t n = 0;

	while (s[n] && !is_blank(s + n))
		n++;
	return n;
}

/* A container's kind from its label ("CHAPTER V", "TITEL I", "Section 1"):
 * provision words that name units (section, article) are divisions here. */
static const char *container_kind(const char *label)
{
	const char *k;

	label = skip_blanks(label);
	if (word_len(label) == 5 && !strncasecmp(label, "titel", 5))
		return LF_KIND_TITLE;
	k = lf_kind_from_word(label, word_len(label));

	if (!k || lf_kind_is_unit(k))
		return LF_KIND_DIVISION;
	return k;
}

/* Label and heading from a TITLE: TI and STI, or TI's first P and the rest.
 * A lone TI whose first word names no provision is a heading. */
static int title_parts(fmx_ctx *c, const xmlNode *title)
{
	const xmlNode *ti = title ? lf_xml_child(title, "TI") : NULL;
	const xmlNode *sti = title ? lf_xml_child(title, "STI") : NULL, *p, *x;
	int rc, np = 0;

	lf_buf_reset(&c->label);
	lf_buf_reset(&c->heading);
	if (!ti)
		return 0;
	for (p = lf_xml_first(ti); p; p = lf_xml_next(p))
		np += name_is(p, "P");
	if (sti || np < 2) {
		if ((rc = text_into(c, &c->label, ti, ti)) != 0 ||
		    (rc = text_into(c, &c->heading, sti, sti)) != 0)
			return rc;
		const char *l = skip_blanks(lf_buf_str(&c->label));
		if (!sti && !lf_kind_from_word(l, word_len(l))) {
			lf_buf t = c->label; /* the lone TI is a heading */
			c->label = c->heading;
			c->heading = t;
		}
		return 0;
	}
	p = lf_xml_child(ti, "P");
	if ((rc = text_into(c, &c->label, p, p)) != 0)
		return rc;
	for (x = lf_xml_next(p); x && !rc; x = lf_xml_next(x)) {
		c->cur = x;
		if (!(rc = lf_buf_sep(&c->heading)))
			rc = lf_xml_text_with(x, &c->heading, fmx_skip, c, fmx_inline);
	}
	return rc;
}

/* Label, heading and own text of provision n of type t, into the buffers. */
static int prov_parts(fmx_ctx *c, const xmlNode *n, enum fmx_type t)
{
	const xmlNode *np;
	int rc = 0;

	lf_buf_reset(&c->label);
	lf_buf_reset(&c->heading);
	switch (t) {
	case F_DIVISION:
	case F_GRSEQ:
	case F_ANNEX:
		rc = title_parts(c, lf_xml_child(n, "TITLE"));
		break;
	case F_ARTICLE:
		if (!(rc = text_into(c, &c->label, lf_xml_child(n, "TI.ART"), n)))
			rc = text_into(c, &c->heading, lf_xml_child(n, "STI.ART"), n);
		break;
	case F_PARAG:
		rc = text_into(c, &c->label, lf_xml_child(n, "NO.PARAG"), n);
		break;
	case F_ITEM:
	case F_CONSID:
		np = lf_xml_child(n, "NP");
		rc = text_into(c, &c->label, lf_xml_child(np ? np : n, "NO.P"), np ? np : n);
		break;
	default:
		break;
	}
	if (rc)
		return rc;
	return text_into(c, &c->text, n, n);
}

static const char *prov_kind(fmx_ctx *c, enum fmx_type t)
{
	switch (t) {
	case F_DIVISION: return container_kind(lf_buf_str(&c->label));
	case F_GRSEQ: return LF_KIND_DIVISION;
	case F_ARTICLE: return LF_KIND_ARTICLE;
	case F_PARAG: return LF_KIND_PARAGRAPH;
	case F_ITEM: return LF_KIND_POINT;
	case F_CONSID: return LF_KIND_RECITAL;
	case F_ANNEX: return LF_KIND_SCHEDULE;
	default: return LF_KIND_PROVISION;
	}
}

/* "art" + IDENTIFIER for articles and their paragraphs; NULL otherwise. */
static const char *prov_id(fmx_ctx *c, const xmlNode *n, enum fmx_type t)
{
	const char *ident;

	if (t != F_ARTICLE && t != F_PARAG)
		return NULL;
	ident = lf_xml_attr_raw(n, "IDENTIFIER");
	if (!ident || !*ident || strlen(ident) > 64)
		return NULL;
	lf_buf_reset(&c->tmp);
	if (lf_buf_printf(&c->tmp, "art%s", ident) != 0)
		return NULL;
	return lf_buf_str(&c->tmp);
}

static int walk(fmx_ctx *c, const xmlNode *el, int parent, int pdepth, int xdepth);

/* One element under parent: the PREAMBLE's words go to the preface, a
 * provision is added and walked, another element is walked unless it never
 * holds provisions. */
static int visit(fmx_ctx *c, const xmlNode *el, int parent, int pdepth, int xdepth)
{
	const char *name = (const char *)el->name;
	enum fmx_type t = fmx_type(el);
	int rc, idx;

	if (name[0] == 'P' && !strcmp(name, "PREAMBLE")) {
		if ((rc = lf_buf_sep(&c->preface)) != 0)
			return rc;
		c->cur = el;
		if ((rc = lf_xml_text_with(el, &c->preface, fmx_skip, c, fmx_inline)) != 0)
			return rc;
		return walk(c, el, parent, pdepth, xdepth + 1);
	}
	if (t == F_NONE || pdepth >= FMX_MAX_DEPTH)
		return t == F_NONE && !is_leaf(name) ? walk(c, el, parent, pdepth, xdepth + 1) : 0;
	c->keep_provs = pdepth + 1 >= FMX_MAX_DEPTH;
	rc = prov_parts(c, el, t);
	c->keep_provs = 0;
	if (rc)
		return rc;
	idx = lf_law_add_prov(c->law, parent, prov_kind(c, t), prov_id(c, el, t),
	                      lf_buf_str(&c->label), lf_buf_str(&c->heading), lf_buf_str(&c->text));
	if (idx < 0)
		return idx;
	return pdepth + 1 < FMX_MAX_DEPTH ? walk(c, el, idx, pdepth + 1, xdepth + 1) : 0;
}

static int walk(fmx_ctx *c, const xmlNode *el, int parent, int pdepth, int xdepth)
{
	const xmlNode *ch;
	int rc = 0;

	if (xdepth >= FMX_MAX_XML_DEPTH)
		return 0;
	for (ch = lf_xml_first(el); ch && !rc; ch = lf_xml_next(ch))
		rc = visit(c, ch, parent, pdepth, xdepth);
	return rc;
}

/* --- metadata --- */

typedef struct fmx_meta {
	const xmlNode *coll, *no_oj, *oj_year, *page; /* DOCUMENT.REF(.CONS) */
	const xmlNode *date, *lang, *no_doc, *celex;
} fmx_meta;

/* The parts of a BIB.INSTANCE or BIB.DATA (BIB.INSTANCE.CONS + NO.CELEX). */
static void bib_scan(const xmlNode *bib, fmx_meta *m)
{
	const xmlNode *n, *x;

	for (n = lf_xml_first(bib); n; n = lf_xml_next(n)) {
		if (name_is(n, "DOCUMENT.REF") || name_is(n, "DOCUMENT.REF.CONS")) {
			for (x = lf_xml_first(n); x; x = lf_xml_next(x)) {
				if (name_is(x, "COLL")) m->coll = x;
				else if (name_is(x, "NO.OJ")) m->no_oj = x;
				else if (name_is(x, "YEAR")) m->oj_year = x;
				else if (name_is(x, "PAGE.FIRST")) m->page = x;
			}
		} else if (name_is(n, "DATE")) {
			m->date = n;
		} else if (name_is(n, "LG.DOC")) {
			m->lang = n;
		} else if (name_is(n, "NO.DOC")) {
			m->no_doc = n;
		} else if (name_is(n, "NO.CELEX")) {
			m->celex = n;
		} else if (name_is(n, "BIB.INSTANCE.CONS")) {
			bib_scan(n, m);
		}
	}
}

/* Text of a leaf element (a single text node), or "". */
static const char *leaf(const xmlNode *n)
{
	const xmlNode *t;

	for (t = n ? n->children : NULL; t; t = t->next)
		if (t->type == XML_TEXT_NODE && t->content)
			return (const char *)t->content;
	return "";
}

/* Digits of s without surrounding blanks and leading zeros ("0119" -> "119"). */
static size_t digits(const char *s, const char **start)
{
	size_t n;

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	while (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		s++;
	n = strspn(s, "0123456789");
	*start = s;
	return n;
}

/* An ISO attribute date "20160427" as 2016-04-27 (lf_xml_set_date reads
 * the basic form too). */
static int set_date(fmx_ctx *c, enum lf_field f, const char *iso, const char *src)
{
	return lf_xml_set_date(c->law, f, iso, src);
}

/* The CELEX type letter from the first document-type word of a title. */
static char type_letter(const char *s)
{
	static const struct { const char *w; char t; } words[] = {
		{"rahmenbeschluss", 'F'}, {"regulation", 'R'}, {"verordnung", 'R'},
		{"règlement", 'R'}, {"reglamento", 'R'}, {"regolamento", 'R'},
		{"verordening", 'R'}, {"regulamento", 'R'}, {"directive", 'L'},
		{"richtlinie", 'L'}, {"directiva", 'L'}, {"direttiva", 'L'}, {"richtlijn", 'L'},
		{"diretiva", 'L'}, {"decision", 'D'}, {"beschluss", 'D'}, {"entscheidung", 'D'},
		{"décision", 'D'}, {"decisión", 'D'}, {"decisione", 'D'}, {"besluit", 'D'},
		{"decisão", 'D'},
	};
	const char *w = s, *prev = NULL;
	size_t n, i, k;
	int count = 0;

	while (*w && count++ < 16) {
		w = skip_blanks(w);
		n = word_len(w);
		k = n;
		while (k && (w[k - 1] == ',' || w[k - 1] == ':' || w[k - 1] == ';'))
			k--;
		for (i = 0; i < sizeof words / sizeof *words; i++) {
			size_t wl = strlen(words[i].w);
			/* German compounds end in the word: Durchführungsverordnung */
			if (k >= wl && !strncasecmp(w + k - wl, words[i].w, wl)) {
				if (words[i].t == 'D' && prev && !strncasecmp(prev, "framework ", 10))
					return 'F';
				return words[i].t;
			}
		}
		prev = w;
		w += n;
		if (!n && *w)
			w++;
	}
	return 0;
}

/* id, number and language from the bibliographic data; see the header. */
static int set_ids(fmx_ctx *c, const fmx_meta *m, const xmlNode *consleg)
{
	lf_law *law = c->law;
	const char *num = NULL, *year = NULL, *fmt;
	size_t nn = 0, yn = 0;
	lf_buf *b = &c->tmp;
	int rc = 0;

	if (m->lang) {
		const char *l = leaf(m->lang), *iso = lf_lang_iso1(l, strlen(l));
		if (iso && (rc = lf_law_set(law, LF_F_LANGUAGE, iso, strlen(iso), "BIB.INSTANCE/LG.DOC")) != 0)
			return rc;
	}
	if (m->no_doc) {
		nn = digits(leaf(lf_xml_child(m->no_doc, "NO.CURRENT")), &num);
		yn = digits(leaf(lf_xml_child(m->no_doc, "YEAR")), &year);
		fmt = lf_xml_attr_raw(m->no_doc, "FORMAT");
		if (nn && yn == 4) {
			lf_buf_reset(b);
			/* no FORMAT: numbers were number/year before 2015, year/number since */
			if (!fmt)
				fmt = memcmp(year, "2015", 4) < 0 ? "NY" : "YN";
			rc = !strcmp(fmt, "NY") ?
			     lf_buf_printf(b, "%.*s/%.*s", (int)nn, num, (int)yn, year) :
			     lf_buf_printf(b, "%.*s/%.*s", (int)yn, year, (int)nn, num);
			if (!rc)
				rc = lf_law_set(law, LF_F_NUMBER, b->p, b->n, "NO.DOC");
			if (rc)
				return rc;
		}
	}
	if (law->field[LF_F_ID])
		return 0;
	lf_buf_reset(b);
	if (consleg) {
		const char *ref = lf_xml_attr_raw(consleg, "CONSLEG.REF");
		const char *start = lf_xml_attr_raw(consleg, "START.DATE");
		if (ref && *ref && start && strspn(start, "0123456789") == 8 && strlen(ref) < 32) {
			if ((rc = lf_buf_printf(b, "0%s-%s", ref, start)) != 0)
				return rc;
			return lf_law_set(law, LF_F_ID, b->p, b->n, "INFO.CONSLEG (consolidated CELEX)");
		}
	}
	if (nn && yn == 4 && law->field[LF_F_TITLE]) {
		char t = type_letter(law->field[LF_F_TITLE]);
		if (t) {
			/* zero-pad the number to four digits (computed outside the
			 * printf arguments: GCC 12's -Wformat pass crashes on
			 * &"000"[k] there under the sanitizers) */
			static const char zeros[] = "000";
			const char *pad = nn < 4 ? zeros + (nn - 1) : "";
			if ((rc = lf_buf_printf(b, "3%.4s%c%s%.*s", year, t, pad, (int)nn, num)) != 0)
				return rc;
			return lf_law_set(law, LF_F_ID, b->p, b->n, "CELEX from NO.DOC and title");
		}
	}
	if (m->celex) {
		const char *s = leaf(m->celex);
		return lf_law_set(law, LF_F_ID, s, strlen(s), "NO.CELEX");
	}
	if (m->coll && m->oj_year && m->no_oj) {
		const char *oj, *pg = NULL, *coll = leaf(m->coll);
		size_t on = digits(leaf(m->no_oj), &oj), pn = m->page ? digits(leaf(m->page), &pg) : 0;
		if (on && strlen(coll) < 8) {
			rc = lf_buf_printf(b, "eu/oj/%s/%.4s/%.*s", coll, leaf(m->oj_year), (int)on, oj);
			if (!rc && pn)
				rc = lf_buf_printf(b, "/%.*s", (int)pn, pg);
			if (!rc)
				rc = lf_law_set(law, LF_F_ID, b->p, b->n, "DOCUMENT.REF (OJ reference)");
		}
	}
	return rc;
}

/* The title: TI's Ps, without the "(Text with EEA relevance)" line. */
static int set_title(fmx_ctx *c, const xmlNode *title, const char *src)
{
	const xmlNode *ti = title ? lf_xml_child(title, "TI") : NULL, *p;
	int rc = 0;

	if (!ti || c->law->field[LF_F_TITLE])
		return 0;
	lf_buf_reset(&c->text);
	for (p = lf_xml_first(ti); p && !rc; p = lf_xml_next(p)) {
		size_t mark = c->text.n;
		const char *s;
		c->cur = p;
		if ((rc = lf_buf_sep(&c->text)) != 0 ||
		    (rc = lf_xml_text_with(p, &c->text, fmx_skip, c, fmx_inline)) != 0)
			break;
		s = skip_blanks(lf_buf_str(&c->text) + mark);
		if (!strncasecmp(s, "(text", 5)) { /* Text/Texte/Texto ... EEA */
			c->text.n = mark;
			c->text.p[mark] = '\0';
		}
	}
	return rc ? rc : lf_law_set(c->law, LF_F_TITLE, c->text.p, c->text.n, src);
}

/* Metadata of a document element (ACT, CONS.ACT, CONS.DOC, ANNEX ...). */
static int read_meta(fmx_ctx *c, const xmlNode *docel)
{
	const xmlNode *doc = docel, *consleg = NULL, *bib, *fam, *base;
	fmx_meta m, bm;
	int rc;

	memset(&m, 0, sizeof m);
	memset(&bm, 0, sizeof bm);
	if (name_is(docel, "CONS.ACT")) {
		consleg = lf_xml_child(docel, "INFO.CONSLEG");
		doc = lf_xml_child(docel, "CONS.DOC");
		if (!doc)
			return 0;
	}
	if ((bib = lf_xml_child(doc, "BIB.INSTANCE")) != NULL)
		bib_scan(bib, &m);
	/* a consolidated text: the base act in FAM.COMP/BIB.DATA */
	fam = lf_xml_child(doc, "FAM.COMP");
	base = fam ? lf_xml_child(fam, "BIB.DATA") : NULL;
	if (base)
		bib_scan(base, &bm);
	if ((rc = set_title(c, lf_xml_child(doc, "TITLE"), "TITLE/TI")) != 0)
		return rc;
	if (!c->law->field[LF_F_TITLE] && base &&
	    (rc = set_title(c, lf_xml_child(base, "TITLE"), "FAM.COMP/BIB.DATA/TITLE")) != 0)
		return rc;
	if (base) {
		const char *ver = consleg ? lf_xml_attr_raw(consleg, "START.DATE") : NULL;
		if ((rc = set_date(c, LF_F_DATE_VERSION, m.date ? lf_xml_attr_raw(m.date, "ISO") : ver,
		                   "CONS.DOC/BIB.INSTANCE/DATE")) != 0 ||
		    (rc = set_date(c, LF_F_DATE_ENACTED, bm.date ? lf_xml_attr_raw(bm.date, "ISO") : NULL,
		                   "FAM.COMP/BIB.DATA/DATE")) != 0)
			return rc;
		if (!m.lang)
			m.lang = bm.lang;
		m.no_doc = bm.no_doc;
		m.celex = bm.celex;
		if (!m.coll) {
			m.coll = bm.coll, m.no_oj = bm.no_oj, m.oj_year = bm.oj_year, m.page = bm.page;
		}
	} else if (m.date &&
	           (rc = set_date(c, LF_F_DATE_ENACTED, lf_xml_attr_raw(m.date, "ISO"),
	                          "BIB.INSTANCE/DATE")) != 0) {
		return rc;
	}
	return set_ids(c, &m, consleg);
}

static int is_document(const xmlNode *n)
{
	static const char *const roots[] = {
		"ACT", "CONS.ACT", "CONS.DOC", "ANNEX", "CONS.ANNEX", "ANNEXES", "GR.SEQ", "AGR",
	};
	size_t i;

	for (i = 0; i < sizeof roots / sizeof *roots; i++)
		if (lf_xml_is(n, roots[i]))
			return 1;
	return 0;
}

int lf_read_formex(xmlDoc *doc, lf_law *law, lf_err *err)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;
	fmx_ctx c;
	int rc = 0, docs = 0;

	law->format = "formex";
	if (!root || (!lf_xml_is(root, "LEXP.COMBINED") && !is_document(root)))
		return lf_err_set(err, LF_EFORMAT, "not a Formex 4 document: root element is <%s>",
		                  root ? lf_xml_name(root) : "");
	memset(&c, 0, sizeof c);
	c.law = law;
	lf_buf_init(&c.text, FMX_MAX_TEXT);
	lf_buf_init(&c.label, FMX_MAX_TEXT);
	lf_buf_init(&c.heading, FMX_MAX_TEXT);
	lf_buf_init(&c.preface, FMX_MAX_TEXT);
	lf_buf_init(&c.tmp, FMX_MAX_TEXT);
	rc = lf_law_set(law, LF_F_JURISDICTION, "eu", 2, "format");
	for (n = lf_xml_is(root, "LEXP.COMBINED") ? lf_xml_first(root) : root; n && !rc;
	     n = n == root ? NULL : lf_xml_next(n)) {
		if (!is_document(n))
			continue;
		if (!docs++ && (rc = read_meta(&c, n)) != 0)
			break;
		rc = lf_xml_is(n, "ANNEX") || lf_xml_is(n, "CONS.ANNEX") || lf_xml_is(n, "GR.SEQ") ?
		     visit(&c, n, -1, 0, 0) : walk(&c, n, -1, 0, 0);
	}
	if (!rc && !docs)
		rc = lf_err_set(err, LF_EFORMAT, "Formex wrapper holds no ACT, CONS.ACT or ANNEX");
	else if (!rc)
		rc = lf_xml_set_preface(law, &c.preface);
	if (rc && rc != LF_EFORMAT) {
		/* (a ?: inside the format arguments crashes GCC 12 under
		 * -fsanitize=address,undefined -Wformat: keep it outside) */
		const char *why = rc == LF_ETOOBIG ? "too many provisions or too much text" : lf_strerror(rc);
		lf_err_set(err, rc, "Formex: %s", why);
	}
	lf_buf_free(&c.text);
	lf_buf_free(&c.label);
	lf_buf_free(&c.heading);
	lf_buf_free(&c.preface);
	lf_buf_free(&c.tmp);
	return rc;
}

static int sniff_formex(const lf_sniff *s)
{
	static const char *const roots[] = {
		"LEXP.COMBINED", "ACT", "CONS.ACT", "CONS.DOC", "CONS.OTH", "CONS.ANNEX",
		"AGR", "COM", "GENERAL", "DECISION.ECSC", "ANNEX", "CORR",
	};
	size_t i;

	if (!s->element)
		return 0;
	for (i = 0; i < sizeof roots / sizeof *roots; i++)
		if (!strcmp(s->name, roots[i]))
			return 1;
	return lf_sniff_tag_has(s, "formex.publications.europa.eu") ||
	       lf_sniff_tag_has(s, "http://opoce");
}

const lf_reader lf_reader_formex = {
	.name = "formex",
	.reads = "EU Formex 4 (ACT, CONS.ACT, ..., in a LEXP.COMBINED wrapper or not)",
	.parse = LF_PARSE_XML,
	.sniff = sniff_formex,
	.read_doc = lf_read_formex,
};
