/*
 * html.c - laws published as HTML: EUR-Lex pages and any other HTML.
 *
 * The page is walked once, iteratively, into blocks (outline.h): every
 * paragraph, heading, list item and table cell is one block; inline markup
 * (a, b, span, sup ...) stays inside its block, so words never glue and a
 * label split over two spans ("Члан<br>1.") stays one line.  Dropped on the
 * way: title, script, style, noscript, template, nav, header, footer, forms,
 * embedded objects, comments, site chrome (id "banner", "nav", "menu" ...),
 * hidden elements (hidden attribute, display:none, class "hide..." such as
 * the Serbian "hide-change" notes on repealed articles) and struck text.
 *
 * Struck text (<strike>, <s>, <del>, style text-decoration:line-through) is
 * dropped.  Planalto's "multivigente" pages keep the superseded wording of
 * an article inline, struck through, next to the wording in force ("Art.
 * 29" and "Art. 55-A" appear several times); a researcher searches the law
 * in force, so only the current text is indexed.
 *
 * EUR-Lex pages (law->format "eurlex-html") are recognised from their
 * content: OJ/consolidation classes (oj-ti-art, ti-art, sti-art, doc-ti,
 * title-article-norm, Titrearticle ...), ELI subdivisions ("art_44"),
 * DC meta tags naming EUR-Lex or a CELEX number, or CELEX links on a page
 * whose <title> carries a CELEX number.  Where the page has article classes
 * the classes give the structure (ti-section-1 containers, ti-art/sti-art
 * articles and their headings, rct_ subdivisions and "(1)" tables before
 * the first article as recitals, annex titles); older pages without classes
 * are read like generic HTML, plus recitals ("(1) ..." paragraphs, numbered
 * 1, 2, 3 ..., before the first article) and the end of the enacting terms
 * ("Done at ..."), after which signatures and footnotes are dropped up to
 * the next annex.  Page furniture is dropped: OJ headers, notes,
 * signatures, tables of contents, consolidation marks ("▼B", "►M1").
 * Points and numbered paragraphs stay in their article's text, label and
 * text together ("(a) own funds requirements ...").  Metadata: title
 * (doc-ti lines, else DC.description, else <title>), CELEX as the id
 * (DC.identifier, <title>, the ELI of the canonical link, the act number in
 * the title, a COM reference; a consolidated text gets its consolidated
 * CELEX "02009L0065-20130620"), the ELI URI when there is no CELEX, number,
 * dates, language, jurisdiction "eu".
 *
 * Generic HTML (law->format "html"): provisions start at blocks that begin
 * with a provision word (lf_provision_line: "Article 44", "Art. 33.",
 * "Члан 5.", "Статья 12.", "§ 5", "CAPÍTULO V", "ГЛАВА 1"); the text up to
 * the next start is theirs.  A short bold, italic, centred or h1-h6 block
 * right above a unit is its heading (Serbian "Предмет" above "Члан 1."); a
 * short block right after a label alone is the heading.  A number raised
 * right after a number is a sub-number: "Статья 85<sup>2</sup>" (or a class
 * the page's CSS sets vertical-align:top) is "Статья 85.2".  The title is
 * the <title> unless it is a placeholder ("Zakon", "Complex", a file
 * name), else the first h1, else the first run of title-class paragraphs
 * ("naslov", "odluka-zakon", "T").  Language from lang/xml:lang or a meta
 * tag.  Nothing else is guessed (no jurisdiction, no dates).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text/date.h"
#include "core/text/lang.h"
#include "indexer/readers/html_int.h"
#include "indexer/readers/reader.h"
#include "indexer/readers/xmlutil.h"

/* ---- roles -------------------------------------------------------------- */

/* True for "▼B", "►M1", "◄", "—————" and runs of them: consolidation marks. */
static int marks_only(const char *t)
{
	const unsigned char *p = (const unsigned char *)t;

	while (*p) {
		if (*p == ' ' || *p == '-') {
			p++;
		} else if (p[0] == 0xE2 && p[1] == 0x96 && (p[2] == 0xBC || p[2] == 0xBA || p[2] == 0xB2)) {
			p += 3;
			while (isupper(*p) || isdigit(*p))
				p++;
		} else if (p[0] == 0xE2 && p[1] == 0x97 && p[2] == 0x84) {
			p += 3;
		} else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x94 || p[2] == 0x93)) {
			p += 3;
		} else {
			return 0;
		}
	}
	return 1;
}

/* "(12)" or "(12) text" at the start of t: the number, and the rest. */
static int paren_number(const char *t, size_t n, size_t *label_len, size_t *rest)
{
	size_t i = 1;
	int v = 0;

	if (n < 3 || t[0] != '(')
		return -1;
	while (i < n && i < 6 && isdigit((unsigned char)t[i]))
		v = v * 10 + (t[i++] - '0');
	if (i == 1 || i >= n || t[i] != ')' || (i + 1 < n && t[i + 1] != ' '))
		return -1;
	*label_len = i + 1;
	*rest = i + 1 < n ? i + 2 : n;
	return v;
}

static void set_start(lf_block *b, int role, const char *kind, size_t label_len, size_t rest)
{
	b->role = (unsigned char)role;
	b->kind = kind;
	b->label_len = label_len;
	b->rest = rest;
}

/* A block that the classes call a start but whose words do not match: its
 * label is its first line up to 64 bytes (cut at a space). */
static void whole_label(lf_block *b, const char *t)
{
	size_t l = b->len;

	if (l > 64) {
		l = 64;
		while (l > 0 && t[l] != ' ')
			l--;
		if (!l)
			l = 64;
		while (l > 0 && ((unsigned char)t[l] & 0xC0) == 0x80)
			l--;
	}
	b->label_len = l;
	b->rest = l < b->len ? l + 1 : b->len;
}

struct eurlex {
	lf_buf title;     /* doc-ti lines */
	char date[11];    /* of a proposal (Emission) */
	char comref[32];  /* "COM(2021) 206" */
	char consref[64]; /* "2009L0065 — EN — 20.06.2013" */
	char hdlang[8];
	int proposal;
};

/* Roles from EUR-Lex classes (pages with article classes). */
static void eurlex_roles(struct page *pg, struct eurlex *e)
{
	lf_outline *o = &pg->o;
	size_t i;
	int body = 0, next_rec = 1, prev = LF_R_NONE;
	uintptr_t rgroup = 0;

	for (i = 0; i < o->n; i++) {
		lf_block *b = &o->b[i];
		const char *t = lf_outline_str(o, i);
		int h = b->hint & ~H_INRCT;
		size_t ll, rest;
		long num;

		if (marks_only(t)) {
			b->role = LF_R_SKIP;
			continue;
		}
		switch (h) {
		case H_SKIP:
			b->role = LF_R_SKIP;
			break;
		case H_LANG:
			if (b->len < sizeof e->hdlang)
				snprintf(e->hdlang, sizeof e->hdlang, "%s", t);
			b->role = LF_R_SKIP;
			break;
		case H_DATE:
			lf_date_find(t, b->len, e->date);
			b->role = LF_R_SKIP;
			break;
		case H_COMREF:
			if (!e->comref[0])
				snprintf(e->comref, sizeof e->comref, "%s", t);
			b->role = LF_R_SKIP;
			break;
		case H_CONSREF:
			if (!e->consref[0])
				snprintf(e->consref, sizeof e->consref, "%s", t);
			b->role = LF_R_SKIP;
			break;
		case H_DOCTI:
			if (!body) {
				b->role = LF_R_TITLE;
				if (strstr(t, "Vorschlag") || strstr(t, "Proposal") ||
				    strstr(t, "Proposition"))
					e->proposal = 1;
				if (!(t[0] == '(' && t[b->len - 1] == ')')) {
					if (e->title.n)
						lf_buf_addc(&e->title, ' ');
					lf_buf_add(&e->title, t, b->len);
				}
			} else if (lf_outline_match(o, i) && !strcmp(b->kind, LF_KIND_SCHEDULE)) {
				b->role = LF_R_SCHED;
			} else {
				b->role = prev == LF_R_SCHED ? LF_R_HEAD : LF_R_SKIP;
			}
			break;
		case H_CONT:
			body = 1;
			if (lf_outline_match(o, i)) {
				if (!strcmp(b->kind, LF_KIND_SCHEDULE))
					b->role = LF_R_SCHED;
				else if (lf_kind_is_unit(b->kind)) /* "Section 1" of a chapter */
					set_start(b, LF_R_CONT, LF_KIND_DIVISION, b->label_len, b->rest);
				else
					b->role = LF_R_CONT;
			} else if (prev == LF_R_CONT) {
				b->role = LF_R_HEAD;
			} else {
				set_start(b, LF_R_CONT, LF_KIND_DIVISION, 0, 0);
				whole_label(b, t);
			}
			break;
		case H_CONTHEAD:
		case H_UNITHEAD:
		case H_ANNEXHEAD:
			b->role = LF_R_HEAD;
			break;
		case H_UNIT:
			body = 1;
			if (!lf_outline_match(o, i) || strcmp(b->kind, LF_KIND_ARTICLE)) {
				set_start(b, LF_R_UNIT, LF_KIND_ARTICLE, 0, 0);
				whole_label(b, t);
			} else {
				b->role = LF_R_UNIT;
			}
			break;
		case H_ANNEX:
			body = 1;
			if (!lf_outline_match(o, i)) {
				set_start(b, LF_R_SCHED, LF_KIND_SCHEDULE, 0, 0);
				whole_label(b, t);
			} else {
				set_start(b, LF_R_SCHED, LF_KIND_SCHEDULE, b->label_len, b->rest);
			}
			break;
		case H_RECITAL:
			if ((num = paren_number(t, b->len, &ll, &rest)) >= 0) {
				set_start(b, LF_R_RECITAL, LF_KIND_RECITAL, ll, rest);
				b->group = 0;
				next_rec = (int)num + 1;
			} else {
				b->role = LF_R_TEXT;
			}
			break;
		case H_FINAL:
			b->role = LF_R_PREFACE;
			break;
		case H_END:
			b->role = LF_R_END;
			break;
		default:
			if ((b->hint & H_INRCT) && b->group != rgroup) {
				/* first block of an ELI recital subdivision */
				rgroup = b->group;
				if ((num = paren_number(t, b->len, &ll, &rest)) < 0)
					ll = rest = 0;
				set_start(b, LF_R_RECITAL, LF_KIND_RECITAL, ll, rest);
			} else if ((b->hint & H_INRCT) || (rgroup && b->group == rgroup)) {
				b->role = LF_R_TEXT;
			} else if (!body && b->group &&
			           (num = paren_number(t, b->len, &ll, &rest)) == next_rec) {
				/* an old OJ page: "(1)" tables after "Whereas:" */
				rgroup = b->group;
				set_start(b, LF_R_RECITAL, LF_KIND_RECITAL, ll, rest);
				next_rec++;
			} else {
				b->role = LF_R_TEXT;
			}
		}
		if (b->role != LF_R_SKIP)
			prev = b->role;
	}
}

/* Pages without article classes: lines, plus EUR-Lex recitals and the end
 * of the enacting terms when eurlex is set. */
static void line_roles(struct page *pg, int eurlex)
{
	static const char *const done[] = {
		"Done at ", "Geschehen zu ", "Fait à ", "Hecho en ", "Fatto a ", "Feito em ",
		"Gedaan te ", "Udfærdiget i ", "Sporządzono w ",
	};
	lf_outline *o = &pg->o;
	size_t i, k, ll, rest;
	int body = 0, next_rec = 1;
	long num;

	for (i = 0; i < o->n; i++)
		if (eurlex && marks_only(lf_outline_str(o, i)))
			o->b[i].role = LF_R_SKIP;
	lf_outline_classify(o);
	if (!eurlex)
		return;
	for (i = 0; i < o->n; i++) {
		lf_block *b = &o->b[i];
		const char *t = lf_outline_str(o, i);
		if (b->role == LF_R_CONT || b->role == LF_R_UNIT || b->role == LF_R_SCHED) {
			body = 1;
			continue;
		}
		if (b->role != LF_R_TEXT)
			continue;
		if (!body && (num = paren_number(t, b->len, &ll, &rest)) == next_rec) {
			set_start(b, LF_R_RECITAL, LF_KIND_RECITAL, ll, rest);
			b->group = 0;
			next_rec++;
			continue;
		}
		for (k = 0; body && k < sizeof done / sizeof *done; k++)
			if (!strncmp(t, done[k], strlen(done[k])))
				b->role = LF_R_END;
	}
}

/* ---- metadata ------------------------------------------------------------ */

/* A <title> that names nothing: one word ("Zakon", "Complex", "L13709"),
 * a file name, or "EUR-Lex - 32002F0584 - DE". */
static int junk_title(const char *t)
{
	char c[24];

	if (!t || !*t || !strchr(t, ' '))
		return 1;
	if (lf_html_ci_find(t, ".xml") || lf_html_ci_find(t, ".htm") || lf_html_ci_find(t, ".doc") ||
	    !strncasecmp(t, "Microsoft Word", 14))
		return 1;
	if (!strncmp(t, "EUR-Lex - ", 10) && lf_html_find_celex(t, c))
		return 1;
	return 0;
}

static int set_lang(lf_law *law, const char *v, const char *src)
{
	const char *iso;

	if (!v || !*v || !(iso = lf_lang_iso1(v, strlen(v))))
		return 0;
	return lf_law_set(law, LF_F_LANGUAGE, iso, strlen(iso), src);
}

/* The act's number in a title: "2016/679", "575/2013", "2009/65/EC",
 * "2002/584/JI".  Returns its length at *at, or 0. */
static size_t act_number(const char *t, const char **at)
{
	const char *p;

	for (p = t; *p; p++) {
		const char *q = p;
		size_t a = 0, b = 0;
		if (!isdigit((unsigned char)*p) ||
		    (p > t && (isalnum((unsigned char)p[-1]) || p[-1] == '/')))
			continue;
		while (isdigit((unsigned char)*q) && a < 5)
			q++, a++;
		if (*q != '/' || !isdigit((unsigned char)q[1]))
			continue;
		q++;
		while (isdigit((unsigned char)*q) && b < 5)
			q++, b++;
		if (isdigit((unsigned char)*q) || (a != 4 && b != 4 && a != 2 && b != 2))
			continue;
		if (*q == '/' && isupper((unsigned char)q[1])) {
			const char *r = q + 1;
			while (isupper((unsigned char)*r) && r - q < 6)
				r++;
			if (!isalnum((unsigned char)*r))
				q = r;
		} else if (*q == '/') {
			continue;
		}
		*at = p;
		return (size_t)(q - p);
	}
	return 0;
}

/* CELEX from the act's type and number in its title: "REGULATION (EU)
 * 2016/679" -> 32016R0679, "REGULATION (EU) No 575/2013" -> 32013R0575,
 * "DIRECTIVE 2009/65/EC" -> 32009L0065. */
static int celex_from_title(const char *t, char out[24])
{
	static const struct { const char *w; char type; } types[] = {
		{"REGULATION", 'R'}, {"VERORDNUNG", 'R'}, {"RÈGLEMENT", 'R'}, {"REGLEMENT", 'R'},
		{"DIRECTIVE", 'L'}, {"RICHTLINIE", 'L'}, {"DECISION", 'D'}, {"BESCHLUSS", 'D'},
		{"DÉCISION", 'D'},
	};
	const char *at, *slash;
	size_t i, n;
	char type = 0;
	long a, b, year, num;

	for (i = 0; i < sizeof types / sizeof *types && !type; i++)
		if (!strncasecmp(t, types[i].w, strlen(types[i].w)) ||
		    (lf_html_ci_find(t, types[i].w) && lf_html_ci_find(t, types[i].w) - t < 40))
			type = types[i].type;
	if (!type || !(n = act_number(t, &at)))
		return 0;
	a = strtol(at, NULL, 10);
	slash = strchr(at, '/');
	b = strtol(slash + 1, NULL, 10);
	if (a >= 1950 && a <= 2099 && !(b >= 1950 && b <= 2099))
		year = a, num = b;
	else if (b >= 1950 && b <= 2099)
		year = b, num = a;
	else
		return 0;
	if (num <= 0 || num > 9999)
		return 0;
	snprintf(out, 24, "3%ld%c%04ld", year, type, num);
	return 1;
}

/* CELEX from an ELI URI: .../eli/reg/2016/679/... -> 32016R0679. */
static int celex_from_eli(const char *uri, char out[24])
{
	const char *p = lf_html_ci_find(uri, "/eli/"), *q;
	char type;
	long year, num;

	if (!p)
		return 0;
	p += 5;
	if (!strncmp(p, "reg", 3))
		type = 'R';
	else if (!strncmp(p, "dir", 3))
		type = 'L';
	else if (!strncmp(p, "dec", 3))
		type = 'D';
	else
		return 0;
	if (!(q = strchr(p, '/')))
		return 0;
	year = strtol(q + 1, (char **)&p, 10);
	if (*p != '/' || year < 1950 || year > 2099)
		return 0;
	num = strtol(p + 1, NULL, 10);
	if (num <= 0 || num > 9999)
		return 0;
	snprintf(out, 24, "3%ld%c%04ld", year, type, num);
	return 1;
}

/* "2009L0065 — EN — 20.06.2013" (a consolidated text's reference line or
 * title): the consolidated CELEX "02009L0065-20130620", language, date. */
static int consolidated(struct page *pg, const char *ref, const char *base)
{
	char celex[24], date[11], id[48];
	const char *lang;
	int rc = 0;

	if (!ref || !*ref || !lf_date_find(ref, strlen(ref), date))
		return 0;
	if (!lf_html_find_celex(ref, celex)) {
		/* the reference line drops the sector digit: "2009L0065" */
		char tmp[32];
		snprintf(tmp, sizeof tmp, "3%.20s", ref);
		if (!lf_html_find_celex(tmp, celex))
			return 0;
	}
	if (base && *base && strcmp(base + 1, celex + 1))
		return 0; /* names another act */
	snprintf(id, sizeof id, "0%s-%.4s%.2s%.2s", celex + 1, date, date + 5, date + 8);
	rc = lf_law_set(pg->law, LF_F_ID, id, strlen(id), "consolidated CELEX");
	if (!rc)
		rc = lf_law_set(pg->law, LF_F_DATE_VERSION, date, 10, "consolidation date");
	if (!rc && (lang = strstr(ref, " — ")) != NULL) {
		char l[4] = {0};
		memcpy(l, lang + 5, 2);
		rc = set_lang(pg->law, l, "consolidated text reference");
	}
	return rc;
}

static int eurlex_meta(struct page *pg, struct eurlex *e)
{
	lf_law *law = pg->law;
	const char *title = e->title.n ? e->title.p : NULL, *at;
	char celex[24] = "", d[11];
	size_t n;
	int rc = 0;

	rc = lf_law_set(law, LF_F_JURISDICTION, "eu", 2, "EUR-Lex page");
	if (!rc && title)
		rc = lf_law_set(law, LF_F_TITLE, title, strlen(title), "EUR-Lex document title");
	if (!rc && pg->dc_desc && *pg->dc_desc) {
		title = title ? title : pg->dc_desc;
		rc = lf_law_set(law, LF_F_TITLE, pg->dc_desc, strlen(pg->dc_desc), "meta DC.description");
	}
	if (!rc && pg->title && !junk_title(pg->title)) {
		/* "Konsolidierter TEXT: 31998F0699 — DE — 05.07.2001" is a last resort */
		if (!strstr(pg->title, "TEXT:") && !strstr(pg->title, "TEXTE:"))
			title = title ? title : pg->title;
		rc = lf_law_set(law, LF_F_TITLE, pg->title, strlen(pg->title), "<title>");
	}
	if (rc)
		return rc;
	/* language */
	if ((rc = set_lang(law, pg->lang, "lang attribute")) != 0 ||
	    (rc = set_lang(law, e->hdlang, "OJ header")) != 0)
		return rc;
	/* CELEX */
	if (pg->dc_ident && lf_html_ci_find(pg->dc_ident, "CELEX:"))
		lf_html_find_celex(lf_html_ci_find(pg->dc_ident, "CELEX:") + 6, celex);
	if (!celex[0] && pg->title)
		lf_html_find_celex(pg->title, celex);
	if (!celex[0] && pg->canonical)
		celex_from_eli(pg->canonical, celex);
	if (!celex[0] && title)
		celex_from_title(title, celex);
	if (!celex[0] && e->comref[0]) {
		long y, num;
		if (sscanf(e->comref, "COM(%ld) %ld", &y, &num) == 2 && y >= 1950 && y <= 2099 && num > 0 &&
		    num < 10000)
			snprintf(celex, sizeof celex, "5%ldPC%04ld", y, num);
	}
	if (!celex[0] && pg->link_celex[0])
		snprintf(celex, sizeof celex, "%s", pg->link_celex);
	/* a consolidated version */
	if ((rc = consolidated(pg, e->consref, celex[0] ? celex : NULL)) != 0)
		return rc;
	if (pg->title && (strstr(pg->title, "TEXT:") || strstr(pg->title, "TEXTE:")) &&
	    (rc = consolidated(pg, strchr(pg->title, ':') + 1, NULL)) != 0)
		return rc;
	if (celex[0])
		rc = lf_law_set(law, LF_F_ID, celex, strlen(celex), "CELEX");
	else if (pg->canonical && lf_html_ci_find(pg->canonical, "/eli/"))
		rc = lf_law_set(law, LF_F_ID, pg->canonical, strlen(pg->canonical), "ELI");
	if (rc)
		return rc;
	/* number and dates */
	if (e->comref[0]) {
		const char *f = strstr(e->comref, " final");
		n = f ? (size_t)(f - e->comref) : strlen(e->comref);
		rc = lf_law_set(law, LF_F_NUMBER, e->comref, n, "COM reference");
	} else if (title && (n = act_number(title, &at)) != 0) {
		rc = lf_law_set(law, LF_F_NUMBER, at, n, "document title");
	}
	if (!rc && title && !e->proposal && !e->comref[0] && lf_date_find(title, strlen(title), d))
		rc = lf_law_set(law, LF_F_DATE_ENACTED, d, 10, "document title");
	if (!rc && e->date[0])
		rc = lf_law_set(law, LF_F_DATE_VERSION, e->date, 10, "proposal date");
	return rc;
}

/* Generic pages: the title and the language. */
static int generic_meta(struct page *pg)
{
	lf_outline *o = &pg->o;
	lf_buf t;
	size_t i, first = o->n;
	int rc = 0;

	if ((rc = set_lang(pg->law, pg->lang, "lang attribute")) != 0)
		return rc;
	if (pg->title && !junk_title(pg->title))
		return lf_law_set(pg->law, LF_F_TITLE, pg->title, strlen(pg->title), "<title>");
	for (i = 0; i < o->n; i++) {
		int r = o->b[i].role;
		if (r == LF_R_CONT || r == LF_R_UNIT || r == LF_R_SCHED)
			break;
		if ((o->b[i].hint & ~H_INRCT) == H_H1 && !junk_title(lf_outline_str(o, i)))
			return lf_law_set(pg->law, LF_F_TITLE, lf_outline_str(o, i), o->b[i].len, "<h1>");
		if (first == o->n && (o->b[i].hint & ~H_INRCT) == H_TITLECLS && r == LF_R_TEXT)
			first = i;
	}
	if (first == o->n)
		return 0;
	lf_buf_init(&t, 1 << 16);
	for (i = first; i < o->n && i < first + 4; i++) {
		lf_block *b = &o->b[i];
		if ((b->hint & ~H_INRCT) != H_TITLECLS || b->role != LF_R_TEXT)
			break;
		if (t.n)
			lf_buf_addc(&t, ' ');
		lf_buf_add(&t, lf_outline_str(o, i), b->len);
		b->role = LF_R_TITLE;
	}
	if (t.n)
		rc = lf_law_set(pg->law, LF_F_TITLE, t.p, t.n, "title paragraphs");
	lf_buf_free(&t);
	return rc;
}

int lf_read_html(xmlDoc *doc, lf_law *law, lf_err *err)
{
	struct page pg;
	struct eurlex e;
	int eurlex, classed = 0, rc;
	size_t i;

	memset(&pg, 0, sizeof pg);
	memset(&e, 0, sizeof e);
	pg.law = law;
	lf_outline_init(&pg.o);
	lf_buf_init(&pg.blk, 64 << 20);
	lf_buf_init(&e.title, 1 << 16);
	if (!doc) {
		rc = lf_err_set(err, LF_EFORMAT, "no HTML document");
		goto out;
	}
	lf_html_walk(&pg, doc);
	if ((rc = pg.rc) != 0) {
		lf_err_set(err, rc, "%s", rc == LF_ETOOBIG ? "page too large" : lf_strerror(rc));
		goto out;
	}
	if (!pg.o.n) {
		rc = lf_err_set(err, LF_EEMPTY, "no text in the page");
		goto out;
	}
	if (pg.o.overflow)
		law->warning = "more than a million paragraphs: the rest was indexed as one block";
	eurlex = pg.strong > 0;
	if (!eurlex && pg.links > 0 && pg.title) {
		char c[24];
		eurlex = lf_html_find_celex(pg.title, c);
	}
	law->format = eurlex ? "eurlex-html" : "html";
	pg.o.eurlex = eurlex;
	pg.o.head_max = 200;
	if (eurlex)
		for (i = 0; i < pg.o.n && !classed; i++)
			classed = (pg.o.b[i].hint & ~H_INRCT) == H_UNIT;
	if (classed)
		eurlex_roles(&pg, &e);
	else
		line_roles(&pg, eurlex);
	rc = eurlex ? eurlex_meta(&pg, &e) : generic_meta(&pg);
	if (rc) {
		lf_err_set(err, rc, "%s", lf_strerror(rc));
		goto out;
	}
	rc = lf_outline_build(&pg.o, law, err);
out:
	lf_outline_free(&pg.o);
	lf_buf_free(&pg.blk);
	lf_buf_free(&e.title);
	return rc;
}

/* An HTML doctype, or an HTML element at the top (Word-generated and
 * fragment pages start with <meta> or <div>).  A buffer with a UTF-16
 * byte-order mark is taken as HTML when a '<' appears in its first 200
 * bytes: that is what detection has always done (its test, for
 * "<\0h\0t\0m\0l", compared only the bytes before the first NUL), kept so
 * that the registry changes no file's format. */
static int sniff_html(const lf_sniff *s)
{
	static const char *const tags[] = {
		"html", "head", "body", "meta", "title", "div", "p", "link", "table", "span",
		"h1", "h2", "h3", "center", "font", "style", "script", "base",
	};
	size_t i;

	if (s->utf16)
		return memchr(s->p, '<', s->n < 200 ? s->n : 200) != NULL;
	if (s->html_doctype)
		return 1;
	if (!s->element)
		return 0;
	for (i = 0; i < sizeof tags / sizeof *tags; i++)
		if (!strcasecmp(s->name, tags[i]))
			return 1;
	return 0;
}

const lf_reader lf_reader_html = {
	.name = "html",
	.also = "eurlex-html",
	.reads = "HTML: EUR-Lex pages (stored as eurlex-html) and any other page",
	.parse = LF_PARSE_HTML,
	.sniff = sniff_html,
	.read_doc = lf_read_html,
};

