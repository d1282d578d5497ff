/*
 * outline.c - from a flat run of text blocks to the provision tree (see
 * outline.h).  Everything here is linear in the number of blocks; the only
 * per-block searches are over the container stack (at most OUT_DEPTH).
 */
#include "indexer/readers/outline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/map.h"
#include "core/text/text.h"
#include "indexer/readers/reader.h"

#define OUT_DEPTH 16  /* deepest container nesting kept; deeper ones become siblings */
#define OUT_WORD 32   /* bytes of a container word kept for nesting */

void lf_outline_init(lf_outline *o)
{
	memset(o, 0, sizeof *o);
	lf_buf_init(&o->text, LF_OUTLINE_MAX_TEXT);
	o->head_max = 160;
}

void lf_outline_free(lf_outline *o)
{
	if (!o)
		return;
	lf_buf_free(&o->text);
	free(o->b);
	o->b = NULL;
	o->n = o->cap = 0;
}

/* Length of the whitespace character at p (0 if none); *zw is set for
 * characters that separate nothing (zero-width space, BOM, soft hyphen). */
static size_t space_at(const unsigned char *p, const unsigned char *end, int *zw)
{
	*zw = 0;
	if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		return 1;
	if (*p == 0)
		return (*zw = 1);
	if (*p == 0xC2 && p + 1 < end) {
		if (p[1] == 0xA0)
			return 2;
		if (p[1] == 0xAD) /* soft hyphen */
			return (*zw = 1), 2;
		return 0;
	}
	if (p + 2 >= end)
		return 0;
	if (p[0] == 0xE2 && p[1] == 0x80) {
		if ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF)
			return 3;
		if (p[2] == 0x8B || p[2] == 0x8C || p[2] == 0x8D) /* zero-width space/joiners */
			return (*zw = 1), 3;
	}
	if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
		return 3;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) /* ideographic space */
		return 3;
	if (p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80)
		return 3;
	if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) /* BOM */
		return (*zw = 1), 3;
	return 0;
}

int lf_outline_add(lf_outline *o, const char *p, size_t n, const lf_block *proto, long *idx)
{
	const unsigned char *s = (const unsigned char *)p, *end = s + n;
	size_t start, k, was = o->text.n;
	int pend = 0, zw, rc;
	lf_block *b;

	*idx = -1;
	if (o->n >= LF_OUTLINE_MAX_BLOCKS) {
		/* too many blocks: the rest joins the last one, still indexed */
		o->overflow = 1;
		if (!o->n || o->text.n == 0)
			return LF_ETOOBIG;
		o->text.n--; /* its NUL */
		pend = 1;
		start = o->b[o->n - 1].off;
		b = &o->b[o->n - 1];
		goto copy;
	}
	start = o->text.n;
	b = NULL;
copy:
	/* copy runs of non-space bytes, one space between them */
	if ((rc = lf_buf_add(&o->text, NULL, 0)) != 0)
		goto fail;
	while (s < end) {
		const unsigned char *run = s;
		while (s < end && (k = space_at(s, end, &zw)) == 0)
			s++;
		if (s > run) {
			if (pend && o->text.n > start && (rc = lf_buf_addc(&o->text, ' ')) != 0)
				goto fail;
			if ((rc = lf_buf_add(&o->text, (const char *)run, (size_t)(s - run))) != 0)
				goto fail;
			pend = 0;
		}
		if (s < end) {
			k = space_at(s, end, &zw);
			if (!zw)
				pend = 1;
			s += k;
		}
	}
	if (b) { /* appended to the last block */
		if ((rc = lf_buf_addc(&o->text, '\0')) != 0)
			goto fail;
		b->len = o->text.n - b->off - 1;
		return 0;
	}
	if (o->text.n == start)
		return 0;
	if ((rc = lf_buf_addc(&o->text, '\0')) != 0)
		goto fail;
	if (o->n == o->cap) {
		lf_block *nb = lf_grow(o->b, &o->cap, sizeof *nb, 256);
		if (!nb) {
			rc = LF_ENOMEM;
			goto fail;
		}
		o->b = nb;
	}
	b = &o->b[o->n];
	if (proto)
		*b = *proto;
	else
		memset(b, 0, sizeof *b);
	b->off = start;
	b->len = o->text.n - start - 1;
	b->label_len = b->rest = 0;
	if (!proto)
		b->kind = NULL;
	*idx = (long)o->n++;
	return 0;
fail: /* back to how it was: the last block (if any) NUL-terminated */
	o->text.n = was;
	if (o->text.p && was)
		o->text.p[was - (b ? 1 : 0)] = '\0';
	return rc;
}

int lf_outline_match(lf_outline *o, size_t i)
{
	lf_block *b = &o->b[i];
	size_t ll, rest;
	const char *kind = lf_provision_line(lf_outline_str(o, i), b->len, &ll, &rest);

	if (!kind)
		return 0;
	b->kind = kind;
	b->label_len = ll;
	b->rest = rest;
	return 1;
}

/* ---- headings ---------------------------------------------------------- */

/* True if the text starts like an item of a list: "1.", "1)", "(a)", "a)",
 * "i.", "-", "—", "•". */
static int list_start(const char *p, size_t n)
{
	size_t i = 0;

	if (!n)
		return 0;
	if (p[0] == '-' || p[0] == '*' || p[0] == '+')
		return 1;
	if (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
	    ((unsigned char)p[2] == 0x94 || (unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0xA2))
		return 1;
	if (p[0] == '(' || (n >= 3 && !memcmp(p, "\xEF\xBC\x88", 3))) /* ( or （ */
		return 1;
	if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA7) /* § 1º */
		return 1;
	for (i = 0; i < n && i < 8 && memchr("IVXLC", p[i], 5); i++)
		;
	if (i > 0 && i < 8 && i + 1 < n && p[i] == ' ' &&
	    (p[i + 1] == '-' || (unsigned char)p[i + 1] == 0xE2)) /* "IV - ", "IV – " */
		return 1;
	i = 0;
	while (i < n && i < 6 && isdigit((unsigned char)p[i]))
		i++;
	if (i == 0)
		while (i < n && i < 2 && isalpha((unsigned char)p[i]))
			i++;
	if (i > 0 && i < n && (p[i] == '.' || p[i] == ')') && (i + 1 == n || p[i + 1] == ' '))
		return 1;
	return 0;
}

int lf_outline_is_heading(const char *p, size_t n, size_t max)
{
	const char *end = p + n, *q;
	size_t cps = 0;
	unsigned cp = 0, last = 0;

	if (!n || list_start(p, n))
		return 0;
	/* a trailing note is not the end of the sentence: "... nacional:
	 * (Vigência)", "... dados. (Redação dada pela Lei nº 13.853)" */
	while (end > p && end[-1] == ')') {
		const char *o = end - 1;
		int depth = 0;
		while (o > p) {
			if (*o == ')')
				depth++;
			else if (*o == '(' && --depth == 0)
				break;
			o--;
		}
		if (o == p || *o != '(')
			break;
		while (o > p && o[-1] == ' ')
			o--;
		if (o == p)
			break;
		end = o;
	}
	for (q = p; q < end; cps++) {
		q += lf_u8dec(q, end, &cp);
		if (cps >= max)
			return 0;
		if ((cp == ':' || cp == ';') && q < end && *q == ' ')
			return 0; /* "... as seguintes alterações: Vigência" is a sentence */
		last = cp;
	}
	switch (last) {
	case '.': case ';': case ':': case ',':
	case 0x3002: case 0xFF1B: case 0xFF1A: case 0xFF0C: case 0xFF0E: /* 。；：，． */
		return 0;
	}
	return 1;
}

/* True if p[0..n) has a lower-case letter. */
static int has_lower(const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end) {
		unsigned cp;
		p += lf_u8dec(p, end, &cp);
		if (cp < 0x80 ? (cp >= 'a' && cp <= 'z')
		              : utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL)
			return 1;
	}
	return 0;
}

/* ---- classification ---------------------------------------------------- */

static int is_unit_kind(const char *k)
{
	return !strcmp(k, LF_KIND_ARTICLE) || !strcmp(k, LF_KIND_SECTION) ||
	       !strcmp(k, LF_KIND_RULE) || !strcmp(k, LF_KIND_PROVISION);
}

static int is_sched_kind(const char *k)
{
	return !strcmp(k, LF_KIND_SCHEDULE);
}

static int is_cont_kind(const char *k)
{
	static const char *const c[] = {
		LF_KIND_BOOK, LF_KIND_PART, LF_KIND_TITLE, LF_KIND_CHAPTER,
		LF_KIND_SUBCHAPTER, LF_KIND_DIVISION,
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof *c; i++)
		if (!strcmp(k, c[i]))
			return 1;
	return 0;
}

/* "§" (U+00A7) opens the label: a paragraph sign rather than a word. */
static int is_para_sign(const char *p, size_t n)
{
	return n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA7;
}

void lf_outline_classify(lf_outline *o)
{
	size_t i, narticle = 0, nsection = 0;
	int minlevel = 7; /* shallowest Markdown heading that starts a provision */

	/* pass 1: which lines start provisions, and which unit word dominates */
	for (i = 0; i < o->n; i++) {
		lf_block *b = &o->b[i];
		if (b->role != LF_R_NONE)
			continue;
		if (!lf_outline_match(o, i)) {
			b->kind = NULL;
			continue;
		}
		if (b->mdlevel && b->mdlevel < minlevel)
			minlevel = b->mdlevel;
		if (!strcmp(b->kind, LF_KIND_ARTICLE))
			narticle++;
		else if (!strcmp(b->kind, LF_KIND_SECTION) && !is_para_sign(lf_outline_str(o, i), b->len))
			nsection++;
	}
	/* pass 2: roles */
	for (i = 0; i < o->n; i++) {
		lf_block *b = &o->b[i];
		if (b->role != LF_R_NONE)
			continue;
		if (!b->kind) {
			/* a Markdown heading as high as the provisions' own ("## 一、基础
			 * 电信业务" among "## 第七章 附则") starts an unlabelled unit */
			b->role = b->mdlevel >= 2 && b->mdlevel <= minlevel ? LF_R_UNIT : LF_R_TEXT;
			if (b->role == LF_R_UNIT)
				b->kind = LF_KIND_PROVISION;
			continue;
		}
		if (is_sched_kind(b->kind)) {
			b->role = LF_R_SCHED;
		} else if (!strcmp(b->kind, LF_KIND_SECTION) && narticle > 0 &&
		           is_para_sign(lf_outline_str(o, i), b->len)) {
			b->role = LF_R_TEXT; /* "§ 1º" inside an article (Brazil, Poland) */
			b->kind = NULL;
		} else if (!strcmp(b->kind, LF_KIND_SECTION) && narticle > nsection) {
			b->role = LF_R_CONT; /* "Section 1" of a chapter of articles */
			b->kind = LF_KIND_DIVISION;
		} else if (is_unit_kind(b->kind)) {
			b->role = LF_R_UNIT;
		} else if (is_cont_kind(b->kind)) {
			b->role = LF_R_CONT;
		} else {
			b->role = LF_R_TEXT; /* paragraph, point... : part of the text */
			b->kind = NULL;
		}
	}
	/* an unlabelled heading unit needs text of its own: right before a start
	 * it is only a heading */
	for (i = 0; i + 1 < o->n; i++) {
		lf_block *b = &o->b[i];
		int r = o->b[i + 1].role;
		if (b->role == LF_R_UNIT && !b->label_len && b->kind &&
		    !strcmp(b->kind, LF_KIND_PROVISION) &&
		    (r == LF_R_CONT || r == LF_R_UNIT || r == LF_R_SCHED)) {
			b->role = LF_R_TEXT;
			b->kind = NULL;
		}
	}
	/* pass 3: a heading-styled short block right before a unit without its
	 * own heading is that unit's heading */
	for (i = 0; i + 1 < o->n; i++) {
		lf_block *b = &o->b[i], *nx = &o->b[i + 1];
		const char *s = lf_outline_str(o, i);
		if (b->role != LF_R_TEXT || !b->styled || nx->role != LF_R_UNIT)
			continue;
		if (nx->rest < nx->len && lf_outline_is_heading(lf_outline_str(o, i + 1) + nx->rest,
		                                                 nx->len - nx->rest, o->head_max))
			continue;
		if (lf_outline_is_heading(s, b->len, 200))
			b->role = LF_R_HEADNEXT;
	}
}

/* ---- ids --------------------------------------------------------------- */

static const char *kind_prefix(const char *k)
{
	static const struct { const char *k, *p; } t[] = {
		{LF_KIND_ARTICLE, "art"}, {LF_KIND_SECTION, "s"}, {LF_KIND_RULE, "r"},
		{LF_KIND_CHAPTER, "ch"}, {LF_KIND_PART, "pt"}, {LF_KIND_TITLE, "tit"},
		{LF_KIND_BOOK, "bk"}, {LF_KIND_SUBCHAPTER, "subch"}, {LF_KIND_DIVISION, "div"},
		{LF_KIND_SCHEDULE, "sch"}, {LF_KIND_RECITAL, "rec"}, {LF_KIND_PREAMBLE, "pre"},
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(k, t[i].k))
			return t[i].p;
	return "p";
}

/* Value of a Chinese numeral (一二三...十百千, 〇/零, 两), digits allowed;
 * -1 if it is not one. */
static long cjk_number(const char *p, size_t n)
{
	static const char *const dig[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	const char *end = p + n;
	long total = 0, section = 0, d = -1;
	int any = 0;

	while (p < end) {
		unsigned cp;
		size_t l = lf_u8dec(p, end, &cp);
		long v = -1, unit = 0;
		int i;
		for (i = 0; i < 10; i++)
			if (!strncmp(p, dig[i], l) && strlen(dig[i]) == l)
				v = i;
		if (cp == 0x96F6) v = 0;        /* 零 */
		if (cp == 0x4E24) v = 2;        /* 两 */
		if (cp >= '0' && cp <= '9') v = cp - '0';
		if (cp >= 0xFF10 && cp <= 0xFF19) v = cp - 0xFF10;
		if (cp == 0x5341) unit = 10;    /* 十 */
		if (cp == 0x767E) unit = 100;   /* 百 */
		if (cp == 0x5343) unit = 1000;  /* 千 */
		if (v >= 0) {
			d = d > 0 && (cp < 0x80 || (cp >= 0xFF10 && cp <= 0xFF19)) ? d * 10 + v : v;
		} else if (unit) {
			section += (d < 0 ? 1 : d) * unit;
			d = -1;
		} else {
			return -1;
		}
		any = 1;
		if (section > 100000 || d > 100000)
			return -1;
		p += l;
	}
	total = section + (d > 0 ? d : 0);
	return any ? total : -1;
}

/* See label_id(); may leave out unterminated when it fails. */
static int try_label_id(const char *kind, const char *label, size_t n, char *out, size_t outsz)
{
	const char *pre = kind_prefix(kind), *num = label, *end = label + n, *q;
	size_t o, plen = strlen(pre);

	if (plen + 4 >= outsz)
		return 0;
	memcpy(out, pre, plen);
	o = plen;
	if (n >= 3 && !memcmp(label, "第", 3)) {
		/* 第 numeral 条/章/节/编 [之 numeral] */
		const char *s = label + 3, *e = s;
		long v;
		while (e < end) {
			unsigned cp;
			size_t l = lf_u8dec(e, end, &cp);
			if (cp == 0x6761 || cp == 0x7AE0 || cp == 0x8282 || cp == 0x7F16 || cp == 0x7DE8)
				break;
			e += l;
		}
		v = cjk_number(s, (size_t)(e - s));
		if (v < 0)
			return 0;
		o += (size_t)snprintf(out + o, outsz - o, "%ld", v);
		if ((q = strstr(e, "之")) != NULL && q < end) {
			long w = cjk_number(q + 3, (size_t)(end - q - 3));
			if (w > 0)
				o += (size_t)snprintf(out + o, outsz - o, "-%ld", w);
		}
		return o < outsz;
	}
	if (n >= 1 && !isdigit((unsigned char)label[0])) {
		/* skip the word: "Article 44" -> "44"; roman-only labels keep all */
		for (q = label; q < end && *q != ' '; q++)
			;
		if (q < end)
			num = q + 1;
		else if (is_para_sign(label, n))
			num = label + 2;
	}
	for (q = num; q < end && o + 2 < outsz; q++) {
		unsigned char c = (unsigned char)*q;
		if (isalnum(c)) {
			if (o == plen && isalpha(c))
				out[o++] = '-';
			out[o++] = (char)tolower(c);
		} else if ((c == '.' || c == '-' || c == ' ') && o > plen && out[o - 1] != '-' &&
		           q + 1 < end && isalnum((unsigned char)q[1])) {
			out[o++] = '-';
		} else if (c >= 0x80) {
			unsigned cp;
			size_t l = lf_u8dec(q, end, &cp);
			if (cp != 0xBA && cp != 0xB0 && cp != 0xAA && cp != 0xA0) /* º ° ª, nbsp */
				return 0;
			q += l - 1;
		}
	}
	if (o == plen || o >= outsz)
		return 0;
	out[o] = '\0';
	return 1;
}

/* Makes an id from kind and label into out: "art44", "s69a", "ch-v",
 * "art37" for 第三十七条, "rec12".  Returns 0 (and out "") if no ASCII id
 * can be made: Cyrillic or word numbers ("РАЗДЕЛ ПЕРВЫЙ"). */
static int label_id(const char *kind, const char *label, size_t n, char *out, size_t outsz)
{
	if (try_label_id(kind, label, n, out, outsz))
		return 1;
	out[0] = '\0';
	return 0;
}

/* ---- building ---------------------------------------------------------- */

struct cont {
	int idx;
	int rank;
	char word[OUT_WORD];
	char id[64];
};

struct build {
	lf_outline *o;
	lf_law *law;
	lf_err *err;
	int rc;
	int cur;        /* provision receiving text; -1 preface; -2 dropping */
	int last;       /* provision started last (for LF_R_HEAD) */
	int await;      /* provision whose heading the next block may be */
	int recital;    /* cur is a recital */
	uintptr_t rgroup;
	int annex;      /* inside an annex: labels are text */
	long headnext;  /* block index of a pending LF_R_HEADNEXT, -1 */
	int nmade;
	int nunits;     /* unit provisions made so far */
	lf_buf text, preface;
	struct cont stack[OUT_DEPTH];
	int depth;
	struct { char word[OUT_WORD]; int level; } learned[OUT_DEPTH * 2];
	int nlearned;
	lf_map ids; /* ids handed out: base (arena) -> how many times (v.i) */
};

/* Makes id unique among the ids this build handed out: the second "art5"
 * becomes "art5~2" (as doc.c would, but in constant time: doc.c's own
 * fallback probes ~2, ~3 ... one by one, quadratic in the repeats of one
 * label).  Returns 0, or LF_ENOMEM. */
static int unique_id(struct build *s, char *id, size_t idsz)
{
	lf_map_ent *e = lf_map_get_str(&s->ids, id);
	const char *base;
	int rc;

	if (e) {
		char tmp[96];
		snprintf(tmp, sizeof tmp, "%s~%u", id, (unsigned)++e->v.i);
		if (strlen(tmp) >= idsz)
			return 0;
		memcpy(id, tmp, strlen(tmp) + 1);
		return 0;
	}
	if (!(base = lf_law_strdup(s->law, id, strlen(id))))
		return LF_ENOMEM;
	if ((rc = lf_map_put_str(&s->ids, base, &e)) < 0)
		return rc;
	e->v.i = 1;
	return 0;
}

static void fail(struct build *s, int rc, const char *what)
{
	if (!s->rc) {
		s->rc = rc;
		lf_err_set(s->err, rc, "%s: %s", what, lf_strerror(rc));
	}
}

static void add_text(struct build *s, const char *p, size_t n)
{
	lf_buf *b;
	int rc;

	if (s->rc || s->cur == -2 || !n)
		return;
	b = s->cur >= 0 ? &s->text : &s->preface;
	if (b->n && (rc = lf_buf_addc(b, ' ')) != 0)
		return fail(s, rc, rc == LF_ETOOBIG ? "provision text too large" : "out of memory");
	if ((rc = lf_buf_add(b, p, n)) != 0)
		fail(s, rc, rc == LF_ETOOBIG ? "provision text too large" : "out of memory");
}

/* Stores the text gathered for the current provision.  Longer text
 * directly in a container (Russian constitution: "РАЗДЕЛ ВТОРОЙ" is nine
 * numbered paragraphs and no article) becomes an unlabelled unit under it,
 * so that it is in an index unit; a line or two (a note, a sub-heading)
 * stays the container's own text. */
static void flush(struct build *s)
{
	int rc;

	if (!s->rc && s->cur >= 0 && s->text.n) {
		const lf_prov *c = &s->law->provs[s->cur];
		if (s->text.n > LF_OUTLINE_CONT_TEXT && !lf_kind_is_unit(c->kind)) {
			char id[96];
			snprintf(id, sizeof id, "%s-text", c->id);
			rc = lf_law_add_prov(s->law, s->cur, LF_KIND_PROVISION, id, "", "", s->text.p);
			if (rc < 0)
				fail(s, rc, "adding a provision");
			else
				s->nunits++;
		} else if ((rc = lf_law_set_text(s->law, s->cur, s->text.p, s->text.n)) != 0) {
			fail(s, rc, "storing provision text");
		}
	}
	lf_buf_reset(&s->text);
}

/* Adds a provision; a long preface becomes a preamble first. */
static int add_prov(struct build *s, int parent, const char *kind, const char *id,
                    const char *label, const char *heading, const char *text)
{
	int idx;

	if (s->rc)
		return -1;
	if (!s->nmade && s->preface.n > LF_OUTLINE_PREFACE_MAX) {
		idx = lf_law_add_prov(s->law, -1, LF_KIND_PREAMBLE, "preamble", "", "", s->preface.p);
		if (idx < 0)
			return fail(s, idx, "adding a provision"), -1;
		lf_buf_reset(&s->preface);
	}
	idx = lf_law_add_prov(s->law, parent, kind, id, label, heading, text);
	if (idx < 0)
		return fail(s, idx, "adding a provision"), -1;
	s->nmade++;
	return idx;
}

/* Seniority of a container: lower is higher up.  The kind decides, but a
 * few words sit between kinds: a code's "часть" holds "раздел"s, which hold
 * "глава"s; Indonesian "Paragraf" sits below "Bagian". */
static int kind_rank(const char *kind, const char *word)
{
	static const struct { const char *w; int rank; } words[] = {
		{"часть", 10}, {"раздел", 15}, {"подраздел", 25}, {"paragraf", 60},
		{"subseção", 60}, {"subsección", 60}, {"subsection", 60}, {"sous-section", 60},
		{"unterabschnitt", 60},
	};
	size_t i;

	for (i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(word, words[i].w))
			return words[i].rank;
	if (!strcmp(kind, LF_KIND_BOOK)) return 0;
	if (!strcmp(kind, LF_KIND_PART)) return 10;
	if (!strcmp(kind, LF_KIND_TITLE)) return 20;
	if (!strcmp(kind, LF_KIND_CHAPTER)) return 30;
	if (!strcmp(kind, LF_KIND_SUBCHAPTER)) return 40;
	return 50;
}

/* The word that names a container's level: its label's first word, lower
 * case ("chapter", "bagian", "глава"); the kind for CJK and bare numerals. */
static void cont_word(const char *kind, const char *label, size_t n, char out[OUT_WORD])
{
	const char *end = label + n, *q = label;
	size_t o = 0;

	if (n >= 3 && !memcmp(label, "第", 3)) {
		snprintf(out, OUT_WORD, "%s", kind);
		return;
	}
	while (q < end && *q != ' ' && o + 5 < OUT_WORD) {
		unsigned cp;
		size_t l = lf_u8dec(q, end, &cp);
		cp = (unsigned)utf8proc_tolower((utf8proc_int32_t)cp);
		o += (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out + o);
		q += l;
	}
	out[o] = '\0';
	if (q == end) /* a bare numeral: "I" (Serbian chapters) */
		snprintf(out, OUT_WORD, "%s", kind);
}

static int learned_level(struct build *s, const char *word)
{
	int i;

	for (i = 0; i < s->nlearned; i++)
		if (!strcmp(s->learned[i].word, word))
			return s->learned[i].level;
	return -1;
}

/* Heading and text of a start: the rest of its line is the heading when it
 * reads like one (or the line was a Markdown heading), else the text. */
static void split_rest(struct build *s, const lf_block *b, const char *t, const char **head,
                       size_t *hn, const char **text, size_t *tn)
{
	const char *r = t + b->rest;
	size_t rn = b->rest < b->len ? b->len - b->rest : 0;

	*head = *text = "";
	*hn = *tn = 0;
	if (!rn)
		return;
	if (b->mdlevel ||
	    (lf_outline_is_heading(r, rn, s->o->head_max) &&
	     !(b->label_len >= 3 && !memcmp(t, "第", 3) && lf_kind_is_unit(b->kind ? b->kind : "")))) {
		/* (a Chinese article's line never carries a heading: "第十一条 ..."
		 * without its final "。" is still text) */
		*head = r;
		*hn = rn;
		if (b->mdlevel && rn > 1 && r[rn - 1] == '.' && r[rn - 2] != '.')
			(*hn)--; /* "## Section 52D - Decision by majority." */
	} else {
		*text = r;
		*tn = rn;
	}
}

/* Starts a provision from block i (CONT, UNIT, SCHED or RECITAL). */
static void start(struct build *s, size_t i, int role)
{
	lf_outline *o = s->o;
	lf_block *b = &o->b[i];
	const char *t = lf_outline_str(o, i), *head, *text, *kind = b->kind;
	char label[512], hbuf[1024], id[64], word[OUT_WORD];
	size_t hn, tn, ll = b->label_len < sizeof label - 1 ? b->label_len : sizeof label - 1;
	int parent = -1, idx, rank = 0;

	memcpy(label, t, ll);
	label[ll] = '\0';
	split_rest(s, b, t, &head, &hn, &text, &tn);
	if (hn && s->headnext >= 0) {
		/* the unit has its own heading: the pending block was text */
		add_text(s, lf_outline_str(o, (size_t)s->headnext), o->b[s->headnext].len);
		s->headnext = -1;
	}
	flush(s);
	if (s->headnext >= 0) {
		head = lf_outline_str(o, (size_t)s->headnext);
		hn = o->b[s->headnext].len;
		s->headnext = -1;
	}
	if (hn >= sizeof hbuf)
		hn = sizeof hbuf - 1;
	memcpy(hbuf, head, hn);
	hbuf[hn] = '\0';
	if (!kind)
		kind = role == LF_R_RECITAL ? LF_KIND_RECITAL :
		       role == LF_R_SCHED ? LF_KIND_SCHEDULE :
		       role == LF_R_CONT ? LF_KIND_DIVISION : LF_KIND_PROVISION;

	if (role == LF_R_CONT) {
		int lv;
		cont_word(kind, label, ll, word);
		rank = kind_rank(kind, word);
		lv = learned_level(s, word);
		if (lv >= 0 && lv <= s->depth) {
			s->depth = lv;
		} else {
			while (s->depth > 0 && s->stack[s->depth - 1].rank >= rank)
				s->depth--;
			if (lv < 0 && s->nlearned < (int)(sizeof s->learned / sizeof *s->learned)) {
				snprintf(s->learned[s->nlearned].word, OUT_WORD, "%s", word);
				s->learned[s->nlearned++].level = s->depth;
			}
		}
		if (s->depth == OUT_DEPTH)
			s->depth--;
	} else if (role == LF_R_SCHED || role == LF_R_RECITAL) {
		s->depth = 0;
	}
	parent = s->depth ? s->stack[s->depth - 1].idx : -1;

	id[0] = '\0';
	if (label_id(kind, label, ll, id, sizeof id) && role == LF_R_CONT && s->depth) {
		char full[160];
		snprintf(full, sizeof full, "%s-%s", s->stack[s->depth - 1].id, id);
		if (strlen(full) < sizeof id)
			memcpy(id, full, strlen(full) + 1);
	}
	if (id[0] && (idx = unique_id(s, id, sizeof id)) != 0)
		return fail(s, idx, "making an id");
	idx = add_prov(s, parent, kind, id[0] ? id : NULL, label, hbuf, NULL);
	if (idx < 0)
		return;
	if (role == LF_R_CONT) {
		struct cont *c = &s->stack[s->depth++];
		c->idx = idx;
		c->rank = rank;
		snprintf(c->word, sizeof c->word, "%s", word);
		snprintf(c->id, sizeof c->id, "%s", s->law->provs[idx].id);
	}
	s->cur = s->last = idx;
	if (lf_kind_is_unit(kind))
		s->nunits++;
	s->recital = role == LF_R_RECITAL;
	s->rgroup = b->group;
	s->annex = role == LF_R_SCHED;
	s->await = !hn && !tn && role != LF_R_RECITAL ? idx : -1;
	if (tn)
		add_text(s, text, tn);
}

/* True if the block after i (skipped ones aside) starts a provision. */
static int next_starts(const lf_outline *o, size_t i)
{
	for (i++; i < o->n; i++) {
		int r = o->b[i].role;
		if (r == LF_R_SKIP || r == LF_R_TITLE)
			continue;
		return r == LF_R_CONT || r == LF_R_UNIT || r == LF_R_SCHED || r == LF_R_HEADNEXT;
	}
	return 0;
}

int lf_outline_build(lf_outline *o, lf_law *law, lf_err *err)
{
	struct build s;
	size_t i;

	memset(&s, 0, sizeof s);
	s.o = o;
	s.law = law;
	s.err = err;
	s.cur = s.last = s.await = -1;
	s.headnext = -1;
	lf_buf_init(&s.text, 64 << 20);
	lf_buf_init(&s.preface, 64 << 20);

	for (i = 0; i < o->n && !s.rc; i++) {
		lf_block *b = &o->b[i];
		const char *t = lf_outline_str(o, i);
		int role = b->role, await = s.await;

		s.await = -1;
		if (s.annex && (role == LF_R_CONT || role == LF_R_UNIT || role == LF_R_RECITAL))
			role = LF_R_TEXT; /* an annex is one unit, its inner labels included */
		if (s.headnext >= 0 && role != LF_R_CONT && role != LF_R_UNIT && role != LF_R_SCHED &&
		    role != LF_R_RECITAL && role != LF_R_SKIP && role != LF_R_TITLE) {
			/* a pending heading not followed by a start: it was text */
			long h = s.headnext;
			s.headnext = -1;
			add_text(&s, lf_outline_str(o, (size_t)h), o->b[h].len);
		}
		switch (role) {
		case LF_R_SKIP:
		case LF_R_TITLE:
			s.await = await;
			break;
		case LF_R_CONT:
		case LF_R_UNIT:
		case LF_R_SCHED:
		case LF_R_RECITAL:
			start(&s, i, role);
			break;
		case LF_R_HEAD:
			/* the source says it is a heading (EUR-Lex sti-art): trust it */
			if (s.last >= 0 && !*law->provs[s.last].heading && s.cur == s.last &&
			    b->len <= 1000) {
				int rc = lf_law_set_heading(law, s.last, t, b->len);
				if (rc)
					fail(&s, rc, "storing a heading");
			} else {
				add_text(&s, t, b->len);
			}
			break;
		case LF_R_HEADNEXT:
			if (s.headnext >= 0)
				add_text(&s, lf_outline_str(o, (size_t)s.headnext), o->b[s.headnext].len);
			s.headnext = (long)i;
			continue;
		case LF_R_END:
			flush(&s);
			s.cur = -2;
			s.recital = 0;
			break;
		case LF_R_PREFACE:
			flush(&s);
			s.cur = -1;
			s.recital = 0;
			add_text(&s, t, b->len);
			break;
		default: /* text */
			if (await >= 0 && await == s.cur && !*law->provs[await].heading &&
			    (b->mdlevel || (lf_outline_is_heading(t, b->len, o->head_max) &&
			                    (lf_kind_is_unit(law->provs[await].kind) || b->styled ||
			                     !has_lower(t, b->len) || next_starts(o, i))))) {
				int rc = lf_law_set_heading(law, await, t, b->len);
				if (rc)
					fail(&s, rc, "storing a heading");
				break;
			}
			if (s.recital && (!b->group || b->group != s.rgroup)) {
				flush(&s);
				s.cur = -1;
				s.recital = 0;
			}
			if (!s.nunits && s.cur >= 0 && !lf_kind_is_unit(law->provs[s.cur].kind)) {
				/* "ЧАСТЬ ТРЕТЬЯ" then "Принят Государственной Думой ...":
				 * text before the first unit belongs to the preface */
				int cur = s.cur;
				s.cur = -1;
				add_text(&s, t, b->len);
				s.cur = cur;
				break;
			}
			add_text(&s, t, b->len);
		}
	}
	if (s.headnext >= 0)
		add_text(&s, lf_outline_str(o, (size_t)s.headnext), o->b[s.headnext].len);
	flush(&s);
	if (!s.rc && s.preface.n) {
		if (!s.nmade && s.preface.n > LF_OUTLINE_PREFACE_MAX) {
			/* no provision at all: the text is one preamble unit */
			int idx = lf_law_add_prov(law, -1, LF_KIND_PREAMBLE, "preamble", "", "",
			                          s.preface.p);
			if (idx < 0)
				fail(&s, idx, "adding a provision");
		} else {
			const char *pf = lf_law_str(law, s.preface.p, s.preface.n);
			if (!pf)
				fail(&s, LF_ENOMEM, "storing the preface");
			else
				law->preface = pf;
		}
	}
	lf_map_free(&s.ids);
	lf_buf_free(&s.text);
	lf_buf_free(&s.preface);
	return s.rc;
}
