/*
 * gii.c - reader for German federal law from gesetze-im-internet.de (GII XML).
 *
 * A GII file is a root <dokumente doknr="BJNR..."> holding one <norm> per
 * unit, in document order.  Each norm has <metadaten> (jurabk, enbez, titel,
 * gliederungseinheit ...) and <textdaten> (<text> with <Content>: P, DL/DT/DD,
 * tables, pre; and <fussnoten>, the publisher's editorial notes).
 *
 * What becomes what:
 *  - law metadata comes from the first norm: id = dokumente/@doknr, title =
 *    langue, short title = amtabk (else jurabk: the abbreviation citations
 *    use, "§ 170 TKG"), number = fundstelle ("BGBl I 2017, 3352"), enacted =
 *    ausfertigung-datum, version = the date in the "Stand" (else "Neuf")
 *    standangabe; jurisdiction "de", language "de".
 *  - law->preface: kurzue (the short title proper, "Netzwerkdurchsetzungs-
 *    gesetz", which is in no other field), the first norm's own text (an EU
 *    implementation note) and the Eingangsformel norm's text.
 *  - a norm with enbez is a provision: label = enbez as printed, with GII's
 *    "(XXXX)" placeholder for repealed ranges dropped ("§§ 2 bis 3f");
 *    heading = titel; text = textdaten/text; id = the norm's doknr.  Kind from
 *    the enbez's first word: "§" section, "Art"/"Artikel" article, "Anlage",
 *    "Anhang", "Muster", "Formblatt", "Tabelle" schedule, "Regel" rule,
 *    "Präambel" preamble, anything else ("I.", "Nr 1") provision.
 *  - a norm with only a gliederungseinheit (Teil, Abschnitt, Kapitel, Titel,
 *    "Art 1" of an omnibus law ...) is a container: label = gliederungsbez,
 *    heading = gliederungstitel, kind = the first word of the bez that names
 *    a kind (lf_kind_from_word, plus Buch/Unter...), else division.  Containers
 *    nest by the length of gliederungskennzahl (3 digits a level); the norms
 *    after one go under the innermost open container.  A norm that carries
 *    both an enbez and a gliederungseinheit sits under that container (made
 *    on the fly, id from the model, when no container norm preceded it).
 *  - an Anlage/Anhang norm without a gliederungseinheit closes all open
 *    containers: in GII the schedules follow the last Teil, they are not in it.
 *  - not provisions: table-of-contents norms (Inhaltsübersicht, -verzeichnis,
 *    Inhalt, Übersicht, Gliederung, Anlagenverzeichnis: they repeat every
 *    heading and would match every query), the Schlussformel (signatures).
 *  - skipped from text: <fussnoten> (juris's editorial notes, never read),
 *    <noindex> (the publisher excludes it from search: Maßgaben of the
 *    unification treaty, source notes) and <kommentar> (editorial
 *    "Fundstelle" notes).  <Footnotes> inside a norm's text are the law's
 *    own footnotes (under tables, in schedules) and are kept.
 *
 * Speed: the bulk corpus has 130,000 norms; every norm is read with one pass
 * over its children and one text walk, into buffers reused for the whole law
 * (no allocation per node beyond the law's arena).
 */
#include "indexer/readers/reader.h"

#include <string.h>

#include "core/text/date.h"
#include "indexer/readers/xmlutil.h"

#define GII_MAX_LEVELS 64       /* gliederung levels tracked; deeper ones nest in the deepest */
#define GII_MAX_TEXT ((size_t)64 << 20)

typedef struct gii_level {
	const char *kz; /* gliederungskennzahl, borrowed from the document */
	size_t len;
	int idx;        /* the container provision */
	int implied;    /* made for a norm that named it, before its own norm came */
} gii_level;

typedef struct gii_ctx {
	lf_law *law;
	lf_buf text, label, heading, preface;
	lf_buf glabel, gheading; /* a container's, made while a norm's label is live */
	gii_level stack[GII_MAX_LEVELS];
	int depth;
} gii_ctx;

/* Editorial and excluded text, never a provision's text. */
static int gii_skip(const xmlNode *n, void *ctx)
{
	const char *name = (const char *)n->name;

	(void)ctx;
	switch (name[0]) {
	case 'n': return !strcmp(name, "noindex");
	case 'k': return !strcmp(name, "kommentar");
	case 'f': return !strcmp(name, "fussnoten");
	default: return 0;
	}
}

/* GII's inline markup: bold, italic, underline, sub/superscript, small,
 * spaced (SP), no-break (NB), symbol (F) and footnote references.  Every
 * other element (P, DT, DD, LA, entry, BR ...) separates words. */
static int gii_inline(const xmlNode *n)
{
	const char *name = (const char *)n->name;

	switch (name[0]) {
	case 'B': case 'I': case 'U': case 'F':
		return !name[1] || !strcmp(name, "FnR");
	case 'S':
		return !strcmp(name, "SUP") || !strcmp(name, "SUB") || !strcmp(name, "SP");
	case 'N': return !strcmp(name, "NB");
	case 's': return !strcmp(name, "small");
	default: return 0;
	}
}

/* Resets b and fills it with n's text (nothing if n is NULL). */
static int text_into(lf_buf *b, const xmlNode *n)
{
	lf_buf_reset(b);
	return n ? lf_xml_text_with(n, b, gii_skip, NULL, gii_inline) : 0;
}

static int is_space_at(const char *p, const char *end, size_t *len)
{
	if (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
		*len = 1;
		return 1;
	}
	if (p + 1 < end && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
		*len = 2;
		return 1;
	}
	return 0;
}

/* The first word of s[0..n): sets *wn to its length, returns its start. */
static const char *first_word(const char *s, size_t n, size_t *wn)
{
	const char *end = s + n, *w;
	size_t k;

	while (s < end && is_space_at(s, end, &k))
		s += k;
	w = s;
	while (s < end && !is_space_at(s, end, &k))
		s++;
	*wn = (size_t)(s - w);
	return w;
}

static int word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && !memcmp(w, lit, n);
}

enum norm_role { ROLE_PROV, ROLE_TOC, ROLE_PREFACE, ROLE_SKIP };

/* Kind and role of a norm from its enbez's first word. */
static const char *enbez_kind(const char *w, size_t n, enum norm_role *role)
{
	static const char *const toc[] = {
		"Inhaltsübersicht", "Inhaltsverzeichnis", "Inhalt", "Übersicht", "Gliederung",
		"Anlagenverzeichnis",
	};
	static const char *const sched[] = {"Anlagen", "Muster", "Formblatt", "Tabelle"};
	const char *k;
	size_t i;

	*role = ROLE_PROV;
	if (n >= 2 && !memcmp(w, "§", 2)) /* "§", "§§" */
		return LF_KIND_SECTION;
	for (i = 0; i < sizeof toc / sizeof *toc; i++)
		if (word_is(w, n, toc[i])) {
			*role = ROLE_TOC;
			return NULL;
		}
	if (word_is(w, n, "Eingangsformel")) {
		*role = ROLE_PREFACE;
		return NULL;
	}
	if (word_is(w, n, "Schlussformel") || word_is(w, n, "Schlußformel")) {
		*role = ROLE_SKIP;
		return NULL;
	}
	if (word_is(w, n, "Präambel"))
		return LF_KIND_PREAMBLE;
	if (word_is(w, n, "Einziger")) /* "Einziger Paragraph" */
		return LF_KIND_SECTION;
	for (i = 0; i < sizeof sched / sizeof *sched; i++)
		if (word_is(w, n, sched[i]))
			return LF_KIND_SCHEDULE;
	if ((k = lf_kind_from_word(w, n)) != NULL)
		return k;
	return LF_KIND_PROVISION;
}

/* Kind of a gliederungseinheit from the first word of its bez that names one
 * ("Teil 1", "Erster Abschnitt", "Art 2", "Unterabschnitt 3"). */
static const char *gliederung_kind(const char *s, size_t n)
{
	const char *end = s + n, *w, *k;
	size_t wn;
	int words = 0;

	while (s < end && words++ < 4) {
		w = first_word(s, (size_t)(end - s), &wn);
		if (!wn)
			break;
		if ((k = lf_kind_from_word(w, wn)) != NULL)
			return k;
		if (word_is(w, wn, "Buch"))
			return LF_KIND_BOOK;
		if (word_is(w, wn, "Titel"))
			return LF_KIND_TITLE;
		if (word_is(w, wn, "Unterkapitel"))
			return LF_KIND_SUBCHAPTER;
		if (word_is(w, wn, "Unterabschnitt") || word_is(w, wn, "Untertitel"))
			return LF_KIND_DIVISION;
		s = w + wn;
	}
	return LF_KIND_DIVISION;
}

/* The label as printed: enbez without GII's "(XXXX)" placeholder. */
static const char *clean_label(lf_buf *b)
{
	const char *s = lf_buf_str(b);

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	if (!strncmp(s, "(XXXX)", 6))
		s += 6;
	else if (!strcmp(s, "XXXX"))
		s += 4;
	return s;
}

/* Appends the text in b to the preface buffer, separated. */
static int preface_add(gii_ctx *c, const lf_buf *b)
{
	int rc;

	if (!b->n)
		return 0;
	if ((rc = lf_buf_sep(&c->preface)) != 0)
		return rc;
	return lf_buf_add(&c->preface, b->p, b->n);
}

/* Law metadata from the first norm's metadaten. */
static int read_meta(gii_ctx *c, const xmlNode *md)
{
	lf_law *law = c->law;
	const xmlNode *n, *stand = NULL, *neuf = NULL;
	char date[LF_DATE_SIZE];
	int rc = 0;

	for (n = lf_xml_first(md); n && !rc; n = lf_xml_next(n)) {
		const char *name = (const char *)n->name;
		if (!strcmp(name, "jurabk") || !strcmp(name, "amtabk")) {
			/* amtabk (official) wins over jurabk (documentation) */
			if (name[0] == 'a' || !law->field[LF_F_SHORT_TITLE]) {
				if (!(rc = text_into(&c->text, n)))
					rc = lf_law_force(law, LF_F_SHORT_TITLE, c->text.p, c->text.n,
					                  name[0] == 'a' ? "metadaten/amtabk" : "metadaten/jurabk");
			}
		} else if (!strcmp(name, "langue")) {
			if (!(rc = text_into(&c->text, n)))
				rc = lf_law_force(law, LF_F_TITLE, c->text.p, c->text.n, "metadaten/langue");
		} else if (!strcmp(name, "kurzue")) {
			if (!(rc = text_into(&c->text, n)))
				rc = preface_add(c, &c->text);
		} else if (!strcmp(name, "ausfertigung-datum")) {
			if (!(rc = text_into(&c->text, n)))
				rc = lf_xml_set_date(law, LF_F_DATE_ENACTED, lf_buf_str(&c->text),
				                     "metadaten/ausfertigung-datum");
		} else if (!strcmp(name, "fundstelle")) {
			lf_buf_reset(&c->text);
			rc = lf_xml_text_with(n, &c->text, NULL, NULL, NULL);
			if (!rc)
				rc = lf_law_set(law, LF_F_NUMBER, c->text.p, c->text.n, "metadaten/fundstelle");
		} else if (!strcmp(name, "standangabe")) {
			const xmlNode *t = lf_xml_child(n, "standtyp");
			if (!(rc = text_into(&c->text, t))) {
				if (!stand && !strcmp(lf_buf_str(&c->text), "Stand"))
					stand = n;
				else if (!neuf && !strcmp(lf_buf_str(&c->text), "Neuf"))
					neuf = n;
			}
		}
	}
	if (!rc && (stand || neuf)) {
		rc = text_into(&c->text, lf_xml_child(stand ? stand : neuf, "standkommentar"));
		if (!rc && lf_date_find(c->text.p, c->text.n, date))
			rc = lf_law_set(law, LF_F_DATE_VERSION, date, 10,
			                stand ? "metadaten/standangabe[Stand]" : "metadaten/standangabe[Neuf]");
	}
	if (!rc && !law->field[LF_F_TITLE] && law->field[LF_F_SHORT_TITLE])
		rc = lf_law_set(law, LF_F_TITLE, law->field[LF_F_SHORT_TITLE],
		                strlen(law->field[LF_F_SHORT_TITLE]), "metadaten/jurabk");
	return rc;
}

/* Opens a container for a gliederungseinheit, closing deeper or equal ones.
 * Returns its index or a negative status. */
static int open_level(gii_ctx *c, const char *kz, size_t len, const xmlNode *g,
                      const char *id, const xmlNode *text)
{
	const xmlNode *bez = lf_xml_child(g, "gliederungsbez");
	const char *kind, *label;
	int rc, parent, idx;

	while (c->depth > 0 && c->stack[c->depth - 1].len >= len)
		c->depth--;
	parent = c->depth > 0 ? c->stack[c->depth - 1].idx : -1;
	if ((rc = text_into(&c->glabel, bez)) != 0 ||
	    (rc = text_into(&c->gheading, lf_xml_child(g, "gliederungstitel"))) != 0 ||
	    (rc = text_into(&c->text, text)) != 0)
		return rc;
	label = clean_label(&c->glabel);
	kind = gliederung_kind(label, strlen(label));
	if (!strcmp(label, "-"))
		label = "";
	idx = lf_law_add_prov(c->law, parent, kind, id, label, lf_buf_str(&c->gheading),
	                      lf_buf_str(&c->text));
	if (idx < 0)
		return idx;
	if (c->depth < GII_MAX_LEVELS) {
		c->stack[c->depth].kz = kz;
		c->stack[c->depth].len = len;
		c->stack[c->depth].idx = idx;
		c->stack[c->depth].implied = id == NULL;
		c->depth++;
	}
	return idx;
}

static const char *kennzahl(const xmlNode *g, size_t *len)
{
	const xmlNode *k = lf_xml_child(g, "gliederungskennzahl");
	const char *s = k && k->children && k->children->type == XML_TEXT_NODE ?
	                (const char *)k->children->content : NULL;

	*len = s ? strlen(s) : 0;
	if (!*len) { /* no kennzahl: a top-level unit */
		*len = 3;
		return "";
	}
	return s;
}

/* The container a provision norm with its own gliederungseinheit belongs
 * to: an open one with the same kennzahl, else a new one. */
static int level_for(gii_ctx *c, const xmlNode *g)
{
	size_t len;
	const char *kz = kennzahl(g, &len);
	int i;

	for (i = c->depth - 1; i >= 0; i--)
		if (c->stack[i].len == len && !strcmp(c->stack[i].kz, kz)) {
			c->depth = i + 1;
			return c->stack[i].idx;
		}
	return open_level(c, kz, len, g, NULL, NULL);
}

static int read_norm(gii_ctx *c, const xmlNode *norm, int first)
{
	const xmlNode *md = NULL, *td = NULL, *n, *enbez = NULL, *titel = NULL, *gl = NULL, *text;
	const char *id = lf_xml_attr_raw(norm, "doknr"), *kind, *label, *w;
	enum norm_role role;
	size_t wn;
	int rc, parent;

	for (n = lf_xml_first(norm); n; n = lf_xml_next(n)) {
		if (!strcmp((const char *)n->name, "metadaten"))
			md = n;
		else if (!strcmp((const char *)n->name, "textdaten"))
			td = n;
	}
	if (!md)
		return 0;
	for (n = lf_xml_first(md); n; n = lf_xml_next(n)) {
		const char *name = (const char *)n->name;
		if (name[0] == 'e' && !strcmp(name, "enbez"))
			enbez = n;
		else if (name[0] == 't' && !strcmp(name, "titel"))
			titel = n;
		else if (name[0] == 'g' && !strcmp(name, "gliederungseinheit"))
			gl = n;
	}
	if (first && (rc = read_meta(c, md)) != 0)
		return rc;
	text = td ? lf_xml_child(td, "text") : NULL;
	if (!enbez && gl) {
		size_t len;
		const char *kz = kennzahl(gl, &len);
		gii_level *top = c->depth ? &c->stack[c->depth - 1] : NULL;
		if (top && top->implied && top->len == len && !strcmp(top->kz, kz)) {
			/* the container a preceding norm implied: this norm completes it */
			top->implied = 0;
			if ((rc = text_into(&c->gheading, lf_xml_child(gl, "gliederungstitel"))) != 0 ||
			    (rc = text_into(&c->text, text)) != 0)
				return rc;
			if (c->gheading.n && (rc = lf_law_set_heading(c->law, top->idx, c->gheading.p,
			                                              c->gheading.n)) != 0)
				return rc;
			return c->text.n ? lf_law_set_text(c->law, top->idx, c->text.p, c->text.n) : 0;
		}
		rc = open_level(c, kz, len, gl, id, text);
		return rc < 0 ? rc : 0;
	}
	if (!enbez) { /* the metadata norm, or a stray one: its text is preface */
		if ((rc = text_into(&c->text, text)) != 0)
			return rc;
		return preface_add(c, &c->text);
	}
	if ((rc = text_into(&c->label, enbez)) != 0)
		return rc;
	label = clean_label(&c->label);
	w = first_word(label, strlen(label), &wn);
	kind = enbez_kind(w, wn, &role);
	if (role == ROLE_TOC || role == ROLE_SKIP)
		return 0;
	if (role == ROLE_PREFACE) {
		if ((rc = text_into(&c->text, text)) != 0)
			return rc;
		return preface_add(c, &c->text);
	}
	if (gl) {
		if ((parent = level_for(c, gl)) < 0)
			return parent;
	} else if (!strcmp(kind, LF_KIND_SCHEDULE)) {
		c->depth = 0;
		parent = -1;
	} else {
		parent = c->depth > 0 ? c->stack[c->depth - 1].idx : -1;
	}
	if ((rc = text_into(&c->heading, titel)) != 0)
		return rc;
	/* level_for uses the text buffer: the norm's text is read last */
	if ((rc = text_into(&c->text, text)) != 0)
		return rc;
	rc = lf_law_add_prov(c->law, parent, kind, id, label, lf_buf_str(&c->heading),
	                     lf_buf_str(&c->text));
	return rc < 0 ? rc : 0;
}

int lf_read_gii(xmlDoc *doc, lf_law *law, lf_err *err)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;
	gii_ctx c;
	const char *doknr;
	int rc = 0, first = 1;

	law->format = "gii";
	if (!lf_xml_is(root, "dokumente"))
		return lf_err_set(err, LF_EFORMAT, "not a GII document: root element is <%s>, not <dokumente>",
		                  root ? lf_xml_name(root) : "");
	memset(&c, 0, sizeof c);
	c.law = law;
	lf_buf_init(&c.text, GII_MAX_TEXT);
	lf_buf_init(&c.label, GII_MAX_TEXT);
	lf_buf_init(&c.heading, GII_MAX_TEXT);
	lf_buf_init(&c.preface, GII_MAX_TEXT);
	lf_buf_init(&c.glabel, GII_MAX_TEXT);
	lf_buf_init(&c.gheading, GII_MAX_TEXT);

	doknr = lf_xml_attr_raw(root, "doknr");
	if (doknr)
		rc = lf_law_set(law, LF_F_ID, doknr, strlen(doknr), "dokumente/@doknr");
	if (!rc)
		rc = lf_law_set(law, LF_F_JURISDICTION, "de", 2, "format");
	if (!rc)
		rc = lf_law_set(law, LF_F_LANGUAGE, "de", 2, "format");
	for (n = lf_xml_first(root); n && !rc; n = lf_xml_next(n)) {
		if (!lf_xml_is(n, "norm"))
			continue;
		rc = read_norm(&c, n, first);
		first = 0;
	}
	if (!rc)
		rc = lf_xml_set_preface(law, &c.preface);
	if (rc)
		lf_err_set(err, rc, "GII: %s", rc == LF_ETOOBIG ? "too many provisions or too much text" :
		                                                  lf_strerror(rc));
	lf_buf_free(&c.text);
	lf_buf_free(&c.label);
	lf_buf_free(&c.heading);
	lf_buf_free(&c.preface);
	lf_buf_free(&c.glabel);
	lf_buf_free(&c.gheading);
	return rc;
}

static int sniff_gii(const lf_sniff *s)
{
	return s->element && !strcmp(s->name, "dokumente");
}

const lf_reader lf_reader_gii = {
	.name = "gii",
	.reads = "German gesetze-im-internet.de XML (dokumente root)",
	.parse = LF_PARSE_XML,
	.sniff = sniff_gii,
	.read_doc = lf_read_gii,
};
