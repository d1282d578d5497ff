/*
 * similar_xl.c - cross-lingual precedent: a draft that translates and
 * adapts provisions of a law in another language (similar.c has the
 * overview of 'similar'; this is its step 5).
 *
 * Once the draft was compared with the laws as it is (steps 1-4), the
 * tokens of each unit that no law's passage covers (r->ucov) are what is
 * left to explain.  Each unit with enough of them is translated into each
 * other language L of the index (query/translate.h: groups, each a source
 * word or phrase with its translations), and then, per L:
 *
 * - Candidates.  The translations, as the indexer makes terms of them in
 *   L, give each unit its most distinctive terms (lf_sim_unit_terms); they
 *   query the laws of L only.  A law already found is left out.
 * - Provisions.  Those holding most of the terms (lf_sim_best_ranges), and
 *   in a law of at most XL_SCAN_RANGES provisions those that hold the most
 *   translated words (scan_ranges): the terms of a translation hold rare
 *   senses of common words, the words chosen for a provision do not.
 * - Alignment.  The provision is tokenised as always, its stopwords left
 *   out (function words seldom translate word for word: each would be a
 *   gap) and each token replaced by the id of its stem in L.  The unit is
 *   made a sequence in L for that provision: each translated group becomes
 *   the translation (its stems) the provision holds most of, in CJK text
 *   only a whole word of two characters or more (single characters are in
 *   every provision); a group none of whose translations is there, and a
 *   word without translation that the provision does not hold as it is (a
 *   number, a name), is left out.  So a draft token matches a law token
 *   when the law token's stem is among the stems of the draft token's
 *   translations, or both are labels of one thesaurus concept.
 *   Smith-Waterman then runs with gentler costs (XL_ALIGN_PARAMS) under
 *   the same cap on cells, the covered tokens masked, and the passage is
 *   mapped back to the draft's own tokens and the law's.
 *
 * Such passages are marked translated.  A law found this way is kept only
 * when they cover XL_MIN_SHARE of the draft.  The work is bounded: at most
 * XL_MAX_UNITS units, XL_MAX_BYTES of each, translated into each language;
 * XL_MAX_CANDIDATES laws aligned per language; XL_SCAN_MAX tokens scanned;
 * the cells count towards MAX_CELLS.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text/stopwords.h"
#include "core/text/text.h"
#include "precedent/similar_int.h"
#include "query/translate.h"

/* Units translated per draft, and bytes of each (each into every other
 * language of the index): past them the results are partial. */
#define XL_MAX_UNITS 64
#define XL_MAX_BYTES 8192
/* Translations kept per group, and of them put in its query. */
#define XL_ALTS 10
#define XL_QUERY_ALTS 3
/* Laws aligned per target language. */
#define XL_MAX_CANDIDATES 24
/* A translated passage scores XL_MIN_FACTOR x min_passage and has at
 * least XL_MIN_MATCHED equal tokens; a law found by translation is kept
 * when its passages cover XL_MIN_SHARE of the draft.  One translated
 * passage says little (words of a translation are chosen for the
 * provision, so chance alignments run long, and the laws of a field share
 * its terms in every language); a law whose provisions a draft translates
 * accounts for a good part of it.  On the evaluation drafts, the laws
 * translated cover 0.3 to 0.7 of their drafts, the others at most 0.05. */
#define XL_MIN_FACTOR 0.5
#define XL_MIN_MATCHED 5
#define XL_MIN_SHARE 0.2
/* The aligner's scores for translated tokens: a word that did not
 * translate, or a law's word the draft has no translation for, costs
 * less than in a copy (align.h), where it is an edit. */
#define XL_ALIGN_PARAMS {2.0, 0.5, 1.5, 0.5}
/* In CJK text a character matches for 1, half a word (a translation of two
 * characters or more matches as a whole or not at all, alt_have). */
#define XL_ALIGN_PARAMS_CJK {1.0, 0.5, 1.5, 0.5}
/* Provisions aligned with a unit: lf_sim_best_ranges's and scan_ranges's;
 * the strongest candidates (FULL_CANDIDATES) of at most XL_SCAN_RANGES
 * provisions are scanned whole, up to XL_SCAN_MAX tokens for the draft. */
#define XL_PROVS (2 * PROVS_PER_UNIT)
#define XL_SCAN_RANGES 400
#define XL_SCAN_MAX 20000000ull
/* A group's source is looked for this many tokens past the last one. */
#define XL_FIND_WINDOW 64

typedef struct xl_group {
	size_t ts, te;       /* its source: the unit's tokens [ts, te) */
	uint32_t *ids;       /* its translations' stem ids, one after another */
	size_t *off;         /* translation k: ids[off[k], off[k + 1]) */
	size_t nalts;
} xl_group;

struct xl_unit {
	int on;              /* translated into the run's language */
	xl_group *g;         /* in source order, not overlapping */
	size_t ng, capg;
	uint32_t *uid;       /* each token's own stem id in the target language */
	size_t nt;           /* tokens translated: those of the first XL_MAX_BYTES */
};

/* ----------------------------------------------------------- stems */

/* The id of p[0..n)'s stem in the target language (st NULL: its folded
 * form), as law tokens and translations are compared.  0 on error. */
static uint32_t stem_id(lf_xstemmer *st, const char *p, size_t n, lf_buf *norm, lf_buf *stem)
{
	lf_buf_reset(norm);
	lf_buf_reset(stem);
	if (lf_normalize(p, n, norm) != 0)
		return 0;
	if (st ? lf_xstemmer_stem(st, lf_buf_str(norm), norm->n, stem) != 0
	       : lf_buf_add(stem, lf_buf_str(norm), norm->n) != 0)
		return 0;
	return lf_align_token_id(lf_buf_str(stem), stem->n);
}

static int has_id(const uint32_t *v, size_t n, uint32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == id;
}

/* Provision p as the target language's sequence, once: its tokens but the
 * stopwords (function words seldom translate word for word: a gap at each
 * would cost more than the words around it gain), as stem ids, into
 * p->xid/p->xmap; p->sorted: the first LF_ALIGN_MAX of them, sorted.  0 or
 * LF_ENOMEM. */
static int prov_stem(const run *r, prov_cache *p, lf_buf *norm, lf_buf *stem)
{
	if (p->stemmed)
		return 0;
	p->xid = malloc((p->t.n + 1) * sizeof *p->xid);
	p->xmap = malloc((p->t.n + 1) * sizeof *p->xmap);
	if (!p->xid || !p->xmap)
		return LF_ENOMEM;
	p->nx = 0;
	for (size_t i = 0; i < p->t.n; i++) {
		uint32_t id;
		if (has_id(r->xstop, r->nxstop, p->t.id[i]))
			continue;
		if (!(id = stem_id(r->xst, p->text + p->t.off[i], p->t.len[i], norm, stem)))
			return LF_ENOMEM;
		p->xid[p->nx] = id;
		p->xmap[p->nx++] = i;
	}
	free(p->sorted);
	p->nsorted = p->nx < LF_ALIGN_MAX ? p->nx : LF_ALIGN_MAX;
	if (!(p->sorted = malloc((p->nsorted + 1) * sizeof *p->sorted)))
		return LF_ENOMEM;
	memcpy(p->sorted, p->xid, p->nsorted * sizeof *p->sorted);
	qsort(p->sorted, p->nsorted, sizeof *p->sorted, lf_sim_cmp_u32);
	p->stemmed = 1;
	return 0;
}

/* The stopwords of lang as token ids, sorted, into r->xstop.  0 or LF_ENOMEM. */
static int stop_ids(run *r, const char *lang)
{
	const char *const *sw = lf_stopwords(lang);
	size_t n = 0;

	for (size_t i = 0; sw && sw[i]; i++)
		n++;
	if (!(r->xstop = malloc((n + 1) * sizeof *r->xstop)))
		return LF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		lf_q_toks t;
		if (lf_q_tokens(sw[i], strlen(sw[i]), 1, &t) != 0)
			return LF_ENOMEM;
		if (t.n)
			r->xstop[r->nxstop++] = t.id[0];
		lf_q_toks_free(&t);
	}
	qsort(r->xstop, r->nxstop, sizeof *r->xstop, lf_sim_cmp_u32);
	return 0;
}

/* ------------------------------------------------ translated units */

static void xl_unit_free(struct xl_unit *x)
{
	for (size_t i = 0; i < x->ng; i++) {
		free(x->g[i].ids);
		free(x->g[i].off);
	}
	free(x->g);
	free(x->uid);
	memset(x, 0, sizeof *x);
}

/* The first place at or after from (within XL_FIND_WINDOW) where the
 * unit's tokens are the source's, or (size_t)-1. */
static size_t find_src(const lf_q_toks *t, size_t from, const lf_q_toks *src)
{
	for (size_t i = from; i + src->n <= t->n && i <= from + XL_FIND_WINDOW; i++)
		if (!memcmp(t->id + i, src->id, src->n * sizeof *src->id))
			return i;
	return (size_t)-1;
}

/* One translated group of unit tokens [ts, te) into x, its first XL_ALTS
 * translations as stem ids; their text is appended to q (the unit's query
 * text in the target language).  0 or LF_ENOMEM. */
static int add_group(struct xl_unit *x, const lf_tr_group *tg, size_t ts, size_t te, lf_xstemmer *st,
                     const uint32_t *stop, size_t nstop, lf_buf *q, lf_buf *norm, lf_buf *stem)
{
	size_t nalts = tg->nalts < XL_ALTS ? tg->nalts : XL_ALTS, nids = 0, cap = 0;
	xl_group g;
	int rc = 0;

	memset(&g, 0, sizeof g);
	g.ts = ts;
	g.te = te;
	if (!(g.off = calloc(nalts + 1, sizeof *g.off)))
		return LF_ENOMEM;
	for (size_t k = 0; k < nalts && !rc; k++) {
		lf_q_toks at;
		const char *alt = tg->alts[k];
		g.off[k] = nids;
		if ((rc = lf_q_tokens(alt, strlen(alt), 64, &at)) != 0)
			break;
		for (size_t i = 0; i < at.n && !rc; i++) {
			uint32_t id = stem_id(st, alt + at.off[i], at.len[i], norm, stem);
			if (!id || (nids == cap && !(g.ids = lf_grow(g.ids, &cap, sizeof *g.ids, 8))))
				rc = LF_ENOMEM;
			else
				g.ids[nids++] = id;
		}
		/* the query: a thesaurus concept's labels, a dictionary's first
		 * translations, none that is a stopword alone (a word with many
		 * senses has many rare translations: they would outweigh the
		 * unit's distinctive words) */
		if (!rc && at.n && k < (tg->concept >= 0 ? XL_QUERY_ALTS : XL_QUERY_ALTS - 1) &&
		    !(at.n == 1 && has_id(stop, nstop, at.id[0])))
			rc = lf_buf_add(q, alt, strlen(alt)) || lf_buf_addc(q, ' ') ? LF_ENOMEM : 0;
		lf_q_toks_free(&at);
	}
	g.off[nalts] = nids;
	g.nalts = nalts;
	if (!rc && nids && x->ng == x->capg) {
		xl_group *gg = lf_grow(x->g, &x->capg, sizeof *gg, 16);
		if (!gg)
			rc = LF_ENOMEM;
		else
			x->g = gg;
	}
	if (rc || !nids) {
		free(g.ids);
		free(g.off);
		return rc;
	}
	x->g[x->ng++] = g;
	return 0;
}

/* Unit u translated into the run's language: r->xu[u] and r->us[u]'s
 * query terms.  A unit nothing of which translates stays off.  0 or an
 * error in err. */
static int xl_unit_make(run *r, const lf_translator *tr, memo *dfs, size_t u, lf_err *err)
{
	const lf_draft_unit *du = &r->d->units[u];
	unit_state *s = &r->us[u];
	struct xl_unit *x = &r->xu[u];
	lf_translation *t = NULL;
	lf_buf q, norm, stem;
	size_t cursor = 0, n = du->n < XL_MAX_BYTES ? du->n : XL_MAX_BYTES;
	int rc;

	while (n < du->n && n && ((unsigned char)du->text[n] & 0xC0) == 0x80)
		n--; /* not inside a character */
	if ((rc = lf_translate(tr, du->text, n, s->lang, r->lang_filter, &t, err)) != 0)
		return rc;
	lf_buf_init(&q, 0);
	lf_buf_init(&norm, 0);
	lf_buf_init(&stem, 0);
	for (size_t i = 0; i < t->ngroups && !rc; i++) {
		const lf_tr_group *tg = &t->groups[i];
		lf_q_toks src;
		size_t at;
		if (!tg->nalts || !tg->src)
			continue;
		if ((rc = lf_q_tokens(tg->src, strlen(tg->src), 64, &src)) != 0)
			break;
		at = src.n ? find_src(&s->t, cursor, &src) : (size_t)-1;
		if (at != (size_t)-1) {
			rc = add_group(x, tg, at, at + src.n, r->xst, r->xstop, r->nxstop, &q, &norm, &stem);
			cursor = at + src.n;
		}
		lf_q_toks_free(&src);
	}
	for (x->nt = 0; x->nt < s->t.n && x->nt < LF_ALIGN_MAX && s->t.off[x->nt] < n; x->nt++)
		;
	if (!rc && x->ng) {
		if (!(x->uid = malloc((x->nt + 1) * sizeof *x->uid)))
			rc = LF_ENOMEM;
		for (size_t i = 0; !rc && i < x->nt; i++)
			if (!(x->uid[i] = stem_id(r->xst, du->text + s->t.off[i], s->t.len[i], &norm, &stem)))
				rc = LF_ENOMEM;
	}
	lf_translation_free(t);
	lf_buf_free(&norm);
	lf_buf_free(&stem);
	if (rc) {
		lf_buf_free(&q);
		xl_unit_free(x);
		return lf_err_set(err, rc, "out of memory");
	}
	if (x->ng) {
		rc = lf_sim_unit_terms(r->db, dfs, r->xst, lf_buf_str(&q), q.n, s, err);
		x->on = !rc && s->nterms;
	}
	lf_buf_free(&q);
	if (!x->on)
		xl_unit_free(x);
	return rc;
}

/* ---------------------------------------------------------- alignment */

/* A unit as a sequence in the target language, made for one provision:
 * ids and, per token, the unit's tokens [os, oe) it stands for; mask set
 * where those are used already.  The provision's side (lseq): its ids,
 * each standing for its stem tokens [os, oe) (p->xid's indexes). */
typedef struct xseq {
	uint32_t *id, *sorted;
	size_t *os, *oe;
	uint8_t *mask, *hit;
	size_t n, nsorted;
	size_t nmatch;       /* of id, unmasked tokens the provision holds */
} xseq;

static int xseq_alloc(xseq *e)
{
	size_t m = LF_ALIGN_MAX;

	memset(e, 0, sizeof *e);
	e->id = malloc(m * sizeof *e->id);
	e->sorted = malloc(m * sizeof *e->sorted);
	e->os = malloc(m * sizeof *e->os);
	e->oe = malloc(m * sizeof *e->oe);
	e->mask = calloc(m, 1);
	e->hit = malloc(m);
	return e->id && e->sorted && e->os && e->oe && e->mask && e->hit ? 0 : LF_ENOMEM;
}

static void xseq_free(xseq *e)
{
	free(e->id);
	free(e->sorted);
	free(e->os);
	free(e->oe);
	free(e->mask);
	free(e->hit);
}

static void xseq_put(xseq *e, uint32_t id, size_t os, size_t oe, const uint8_t *amask, const uint8_t *pre)
{
	uint8_t m = 0;

	if (e->n == LF_ALIGN_MAX)
		return;
	for (size_t i = os; i < oe && !m; i++)
		m = (amask && amask[i]) || (pre && pre[i]);
	e->id[e->n] = id;
	e->os[e->n] = os;
	e->oe[e->n] = oe;
	e->mask[e->n] = m;
	if (!m && e->sorted)
		e->sorted[e->nsorted++] = id;
	e->n++;
}

/* Provision p's side of the alignment, as l: a view of its stem ids
 * (p->xid, at most LF_ALIGN_MAX) and of them sorted (p->sorted). */
static void lseq_make(xseq *l, const prov_cache *p)
{
	memset(l, 0, sizeof *l);
	l->id = p->xid;
	l->n = p->nx < LF_ALIGN_MAX ? p->nx : LF_ALIGN_MAX;
	l->sorted = p->sorted;
	l->nsorted = p->nsorted;
}

/* How much of translation ids[n] the provision (l) holds: in CJK text
 * all of it (its word) or nothing; else all n when it holds them in a
 * row, or those of its words it holds anywhere. */
static size_t alt_have(const xseq *l, const uint32_t *ids, size_t n, int cjk)
{
	size_t have = 0;

	if (!n)
		return 0;
	if (cjk && n < 2)
		return 0;
	for (size_t j = 0; j < n; j++)
		have += has_id(l->sorted, l->nsorted, ids[j]);
	if (have < n || n == 1)
		return cjk ? 0 : have;
	for (size_t i = 0; i + n <= l->n; i++)
		if (l->id[i] == ids[0] && !memcmp(l->id + i, ids, n * sizeof *ids))
			return n;
	return cjk ? 0 : n - 1; /* all there, not in a row */
}

/* Unit x (tokens t, used ones amask) as a sequence for the provision
 * whose side is l: see the top of the file.  e->sorted: the unmasked ids,
 * sorted. */
static void xseq_make(xseq *e, const struct xl_unit *x, const lf_q_toks *t, const uint8_t *amask,
                      const uint8_t *pre, const xseq *l, int cjk, int sort)
{
	size_t gi = 0;
	uint32_t filler = lf_align_token_id("\x01xl", 3);

	while (has_id(l->sorted, l->nsorted, filler))
		filler++;
	e->n = e->nsorted = e->nmatch = 0;
	for (size_t i = 0; i < x->nt && e->n < LF_ALIGN_MAX;) {
		while (gi < x->ng && x->g[gi].ts < i)
			gi++;
		if (gi < x->ng && x->g[gi].ts == i) {
			const xl_group *g = &x->g[gi];
			size_t best = 0, bestk = 0;
			for (size_t k = 0; k < g->nalts; k++) {
				size_t have = alt_have(l, g->ids + g->off[k], g->off[k + 1] - g->off[k], cjk);
				if (have > best) {
					best = have;
					bestk = k;
				}
			}
			if (!best) /* one mismatch: what does not translate here is an edit */
				xseq_put(e, filler, g->ts, g->te, amask, pre);
			for (size_t j = g->off[bestk]; best && j < g->off[bestk + 1]; j++)
				xseq_put(e, g->ids[j], g->ts, g->te, amask, pre);
			e->nmatch += best && e->n && !e->mask[e->n - 1] ? best : 0;
			i = g->te;
			continue;
		}
		if (has_id(l->sorted, l->nsorted, x->uid[i])) {
			xseq_put(e, x->uid[i], i, i + 1, amask, pre);
			e->nmatch += e->n && !e->mask[e->n - 1];
		}
		i++;
	}
	if (sort)
		qsort(e->sorted, e->nsorted, sizeof *e->sorted, lf_sim_cmp_u32);
}

/* An upper bound on the equal pairs of an alignment of e with l (their
 * sorted ids), counting stopped at need (lf_sim_match_bound's). */
static size_t pair_bound(const xseq *e, const xseq *l, size_t need)
{
	size_t m = 0, i = 0, j = 0;

	while (i < e->nsorted && j < l->nsorted && m < need) {
		if (e->sorted[i] < l->sorted[j])
			i++;
		else if (e->sorted[i] > l->sorted[j])
			j++;
		else {
			m++;
			i++;
			j++;
		}
	}
	return m;
}

/* The provision of range ri loaded, stemmed and sorted.  0 or an error. */
static int prov_ready(run *r, const cand *c, cand_state *cs, size_t ri, lf_buf *norm, lf_buf *stem,
                      lf_err *err)
{
	prov_cache *p = &cs->pc[ri];
	int rc;

	if (cs->nrg && (rc = lf_sim_prov_load(r, c, cs, ri, err)) != 0)
		return rc;
	if (p->t.n && prov_stem(r, p, norm, stem) != 0)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	return 0;
}

/* The passage found on sequence e, mapped back to the unit's tokens: its
 * span, its matched tokens; appended to cs->ps.  0 or LF_ENOMEM. */
static int put_passage(cand_state *cs, const xseq *e, size_t u, size_t ri, const lf_alignment *al,
                       size_t ntok, const uint8_t *xb_hit)
{
	const prov_cache *p = &cs->pc[ri];
	passage_tmp top;

	memset(&top, 0, sizeof top);
	top.unit = u;
	top.range = ri;
	top.a = *al;
	top.a.a_start = e->os[al->a_start];
	top.a.a_end = e->oe[al->a_end - 1];
	top.a.b_start = p->xmap[al->b_start];
	top.a.b_end = p->xmap[al->b_end - 1] + 1;
	top.translated = 1;
	top.a_hit = calloc(ntok + 1, 1);
	top.b_hit = calloc(p->t.n + 1, 1);
	if (!top.a_hit || !top.b_hit || (cs->nps == cs->capps && !lf_sim_grow_passages(cs))) {
		free(top.a_hit);
		free(top.b_hit);
		return LF_ENOMEM;
	}
	for (size_t k = al->b_start; k < al->b_end; k++)
		top.b_hit[p->xmap[k]] = xb_hit[k];
	for (size_t k = al->a_start; k < al->a_end; k++)
		if (e->hit[k])
			for (size_t i = e->os[k]; i < e->oe[k]; i++)
				top.a_hit[i] = 1;
	cs->ps[cs->nps++] = top;
	return 0;
}

/* The provisions of a law of at most XL_SCAN_RANGES that could pair the
 * most of the unit's translated words with its own (pair_bound) join
 * best[*nbest] (lf_sim_best_ranges's, on the query terms), up to
 * XL_PROVS: the query terms of a translation hold rare senses of common
 * words, which the words chosen for each provision do not.  The tokens
 * looked at count in r->xscan, bounded by XL_SCAN_MAX for the draft.
 * 0 or an error in err. */
static int scan_ranges(run *r, const cand *c, cand_state *cs, size_t u, const struct xl_unit *x,
                       const unit_state *s, xseq *e,
                       xseq *l, size_t *best, unsigned *best_terms, size_t *nbest, lf_buf *norm, lf_buf *stem,
                       lf_err *err)
{
	size_t top[PROVS_PER_UNIT], topb[PROVS_PER_UNIT], ntop = 0;
	int rc = 0;

	for (size_t ri = 0; ri < cs->nrg && !rc; ri++) {
		size_t b, at;
		if ((rc = prov_ready(r, c, cs, ri, norm, stem, err)) != 0 || !cs->pc[ri].nx)
			continue;
		lseq_make(l, &cs->pc[ri]);
		xseq_make(e, x, &s->t, NULL, r->ucov[u], l, r->xcjk, 0);
		r->xscan += e->n + 1;
		b = e->nmatch; /* an upper bound on its equal pairs, as pair_bound's */
		if (!b || (ntop == PROVS_PER_UNIT && b <= topb[ntop - 1]))
			continue;
		at = ntop < PROVS_PER_UNIT ? ntop++ : ntop - 1;
		while (at > 0 && topb[at - 1] < b) {
			top[at] = top[at - 1];
			topb[at] = topb[at - 1];
			at--;
		}
		top[at] = ri;
		topb[at] = b;
	}
	for (size_t k = 0; k < ntop && *nbest < XL_PROVS; k++) {
		size_t j = 0;
		while (j < *nbest && best[j] != top[k])
			j++;
		if (j == *nbest) {
			best[*nbest] = top[k];
			best_terms[(*nbest)++] = UINT32_MAX;
		}
	}
	return rc;
}

int lf_sim_xl_align_unit(run *r, const cand *c, cand_state *cs, size_t u, int proposed, lf_err *err)
{
	unit_state *s = &r->us[u];
	const struct xl_unit *x = &r->xu[u];
	size_t best[XL_PROVS], nbest;
	unsigned best_terms[XL_PROVS], min_terms = 0;
	uint8_t *amask = NULL;
	lf_buf norm, stem;
	xseq e, l;
	int rounds, rc;

	if (!x->on || !s->t.n || r->partial)
		return 0;
	if ((rc = lf_budget_check(&r->db->budget, err)) != 0 ||
	    (rc = lf_sim_best_ranges(r, c, u, cs->rg, cs->nrg, cs->len_norm, cs->score, cs->nterms, cs->touched,
	                             best, best_terms, &nbest, err)) != 0)
		return rc;
	if (!cs->nrg && cs->pc[0].t.n) {
		best[0] = 0; /* the preface */
		best_terms[0] = UINT32_MAX;
		nbest = 1;
	}
	if (!proposed)
		min_terms = s->nterms < FULL_MIN_TERMS ? (unsigned)s->nterms : FULL_MIN_TERMS;
	lf_buf_init(&norm, 0);
	lf_buf_init(&stem, 0);
	memset(&l, 0, sizeof l);
	if (xseq_alloc(&e) != 0 || !(amask = calloc(s->t.n, 1))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	if (proposed && c->all && cs->nrg <= XL_SCAN_RANGES && r->xscan < XL_SCAN_MAX &&
	    (rc = scan_ranges(r, c, cs, u, x, s, &e, &l, best, best_terms, &nbest, &norm, &stem, err)) != 0)
		goto out;
	if (!nbest)
		goto out;
	rounds = 2 + (int)(s->t.n / 150);
	if (rounds > 8)
		rounds = 8;
	for (int round = 0; round < rounds && !rc; round++) {
		lf_alignment top;
		size_t top_ri = 0;
		uint8_t *b_hit;
		memset(&top, 0, sizeof top);
		for (size_t b = 0; b < nbest && !rc; b++) {
			size_t ri = best[b];
			prov_cache *p = &cs->pc[ri];
			lf_alignment al;
			double floor = top.score < s->min_score ? s->min_score : nextafter(top.score, INFINITY);
			if ((rc = prov_ready(r, c, cs, ri, &norm, &stem, err)) != 0)
				break;
			if (!p->nx || best_terms[b] < min_terms)
				continue;
			lseq_make(&l, p);
			xseq_make(&e, x, &s->t, amask, r->ucov[u], &l, r->xcjk, 1);
			if ((double)pair_bound(&e, &l, (size_t)ceil(floor / r->match) + 1) * r->match < floor)
				continue; /* it cannot score that: never the passage */
			if (r->cells_before + lf_aligner_cells(r->al) > MAX_CELLS) {
				r->partial = 1;
				break;
			}
			if ((rc = lf_align_min(r->al, e.id, e.n, e.mask, l.id, l.n, floor, &al, NULL, NULL)) != 0) {
				lf_err_set(err, rc, "out of memory");
				break;
			}
			if (al.score > top.score) {
				top = al;
				top_ri = ri;
			}
		}
		if (rc || r->partial || top.score < s->min_score || top.matches < XL_MIN_MATCHED)
			break;
		/* again with hits recorded, for the marks */
		lseq_make(&l, &cs->pc[top_ri]);
		xseq_make(&e, x, &s->t, amask, r->ucov[u], &l, r->xcjk, 1);
		memset(e.hit, 0, e.n);
		if (!(b_hit = calloc(l.n + 1, 1))) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		if ((rc = lf_align_min(r->al, e.id, e.n, e.mask, l.id, l.n, top.score, &top, e.hit, b_hit)) == 0 &&
		    top.a_end)
			rc = put_passage(cs, &e, u, top_ri, &top, s->t.n, b_hit);
		free(b_hit);
		if (rc)
			lf_err_set(err, rc, "out of memory");
		if (rc || !top.a_end)
			break;
		for (size_t i = e.os[top.a_start]; i < e.oe[top.a_end - 1]; i++)
			amask[i] = 1;
	}
out:
	if (!rc)
		cs->dcov[u] = amask; /* the covered draft tokens */
	else
		free(amask);
	xseq_free(&e);
	lf_buf_free(&norm);
	lf_buf_free(&stem);
	return rc;
}

/* ------------------------------------------------------------ driver */

/* True for a language written in CJK characters: its tokens are characters. */
static int xl_cjk(const char *lang)
{
	return !strcmp(lang, "zh") || !strcmp(lang, "ja");
}

/* True if hits[0..nh) has law id. */
static int have_hit(lf_similar_hit *hits, size_t nh, const char *id)
{
	for (size_t i = 0; i < nh; i++)
		if (!strcmp(hits[i].id, id))
			return 1;
	return 0;
}

/* Aligns the candidates of r2 (one target language) and appends the laws
 * with passages to *hits.  0 or an error. */
static int xl_align_all(run *r2, lf_arena *a, lf_similar_hit **hits, size_t *nh, size_t *caph, lf_err *err)
{
	int rc = 0;

	if (r2->nc)
		qsort(r2->c, r2->nc, sizeof *r2->c, lf_sim_cmp_cand);
	for (size_t i = 0; i < r2->nc && i < XL_MAX_CANDIDATES && !rc; i++) {
		cand *c = &r2->c[i];
		lf_similar_hit *h;
		c->all = i < FULL_CANDIDATES;
		if (have_hit(*hits, *nh, c->id))
			continue;
		if (*nh == *caph) {
			size_t cap = *caph * 2 + 8;
			lf_similar_hit *g = lf_arena_alloc(a, cap * sizeof *g);
			if (!g)
				return lf_err_set(err, LF_ENOMEM, "out of memory");
			memcpy(g, *hits, *nh * sizeof *g);
			*hits = g;
			*caph = cap;
		}
		h = &(*hits)[*nh];
		memset(h, 0, sizeof *h);
		if ((rc = lf_sim_align_candidate(r2, c, a, h, err)) == 0 && h->npassages && h->score >= XL_MIN_SHARE)
			++*nh;
	}
	return rc;
}

/* Every unit of r2 that is to be translated, translated into language
 * lang; its candidates found and aligned.  0 or an error. */
static int xl_lang(run *r, lf_aligner *xal, const lf_translator *tr, const uint8_t *sel, const char *lang,
                   memo *dfs, lf_arena *a, lf_similar_hit **hits, size_t *nh, size_t *caph, lf_err *err)
{
	run r2;
	size_t nu = r->d->nunits, on = 0;
	int rc = 0, cjk = xl_cjk(lang);

	memset(&r2, 0, sizeof r2);
	r2.db = r->db;
	r2.d = r->d;
	r2.al = xal;
	r2.cells_before = lf_aligner_cells(r->al);
	r2.min_passage = r->min_passage;
	r2.match = cjk ? 1.0 : r->match; /* the aligner's (XL_ALIGN_PARAMS_CJK) */
	r2.partial = r->partial;
	r2.lang_filter = lang;
	r2.xcjk = cjk;
	r2.xscan = r->xscan;
	r2.ucov = r->ucov; /* borrowed: the tokens a law of their own language explains */
	if (lf_xstem_available(lang) && !(r2.xst = lf_xstemmer_new(lang)))
		return lf_err_set(err, LF_ENOMEM, "could not make a stemmer for '%s' (out of memory)", lang);
	if (!(r2.us = calloc(nu + 1, sizeof *r2.us)) || !(r2.xu = calloc(nu + 1, sizeof *r2.xu)) || stop_ids(&r2, lang)) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t u = 0; u < nu && !rc; u++) {
		r2.us[u].t = r->us[u].t; /* borrowed: the passages' spans and the score's denominator */
		r2.us[u].lang = r->us[u].lang;
		r2.us[u].min_score = r->min_passage * XL_MIN_FACTOR;
		if (!sel[u] || !strcmp(r->us[u].lang, lang))
			continue;
		if ((rc = lf_budget_check(&r->db->budget, err)) == 0)
			rc = xl_unit_make(&r2, tr, dfs, u, err);
		on += r2.xu[u].on;
	}
	if (!rc && on)
		rc = lf_sim_find_candidates(&r2, 6, err);
	free(r2.cidx);
	r2.cidx = NULL;
	if (!rc)
		rc = xl_align_all(&r2, a, hits, nh, caph, err);
	r->partial |= r2.partial;
	r->xscan = r2.xscan;
out:
	for (size_t i = 0; i < r2.nc; i++) {
		free(r2.c[i].id);
		free(r2.c[i].units);
	}
	free(r2.c);
	free(r2.cidx);
	for (size_t u = 0; r2.us && u < nu; u++)
		for (size_t t = 0; t < r2.us[u].nterms; t++)
			free(r2.us[u].terms[t].term);
	for (size_t u = 0; r2.xu && u < nu; u++)
		xl_unit_free(&r2.xu[u]);
	free(r2.us);
	free(r2.xu);
	free(r2.xstop);
	lf_xstemmer_free(r2.xst);
	return rc;
}

int lf_sim_xl(run *r, lf_arena *a, lf_similar_hit **hits, size_t *nh, size_t *caph, lf_err *err)
{
	static const lf_align_params params = XL_ALIGN_PARAMS, params_cjk = XL_ALIGN_PARAMS_CJK;
	lf_translator *tr = NULL;
	lf_aligner *xal = NULL, *xal_cjk = NULL;
	uint8_t *sel;
	memo dfs = LF_MAP_INIT;
	size_t nsel = 0;
	int rc = 0, cut = 0;

	if (!(sel = calloc(r->d->nunits + 1, 1)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t u = 0; u < r->d->nunits; u++) {
		const unit_state *s = &r->us[u];
		size_t na = s->t.n < LF_ALIGN_MAX ? s->t.n : LF_ALIGN_MAX;
		size_t free_tokens = 0;
		for (size_t i = 0; i < na; i++)
			free_tokens += !r->ucov[u] || !r->ucov[u][i];
		if (!s->lang || (double)free_tokens * r->match < r->min_passage * XL_MIN_FACTOR)
			continue;
		if (nsel == XL_MAX_UNITS) {
			cut = 1;
			break;
		}
		sel[u] = 1;
		nsel++;
	}
	if (nsel && (!(xal = lf_aligner_new(&params)) || !(xal_cjk = lf_aligner_new(&params_cjk))))
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	if (nsel && !rc && (rc = lf_translator_new(NULL, NULL, &tr, err)) == 0)
		for (int l = 0; l < r->db->nlangs && !rc && !r->partial; l++)
			rc = xl_lang(r, xl_cjk(r->db->langs[l]) ? xal_cjk : xal, tr, sel, r->db->langs[l], &dfs, a, hits, nh,
			             caph, err);
	lf_aligner_free(xal);
	lf_aligner_free(xal_cjk);
	r->partial |= cut;
	lf_translator_free(tr);
	lf_sim_memo_clear(&dfs, 0);
	free(sel);
	return rc;
}
