/*
 * similar_xl.c - cross-lingual precedent: a draft that translates and
 * adapts provisions of a law in another language (similar.c has the
 * overview of 'similar'; this is its step 5).
 *
 * Once the draft was compared with the laws of every language as it is
 * (steps 1-4), each unit that no law explains in its own language (its
 * best law covers less than XL_COVERED of it) is translated into each
 * other language of the index (query/translate.h: groups, each a source
 * word or phrase with its translations).  Then, per target language L:
 *
 * - Candidates.  The translations, as the indexer makes terms of them in
 *   L, give each unit its most distinctive terms (lf_sim_unit_terms); they
 *   query the laws of L only.  A law already found in step 1 is left out.
 * - Alignment.  A law's provision is tokenised as always and each token
 *   replaced by the id of its stem in L.  The draft unit is made a
 *   sequence in L for that provision: each translated group becomes the
 *   tokens (stems) of its translation that the provision holds most of
 *   (one filler token that matches nothing when it holds none), each word
 *   without translation its own stem in L if the provision holds it (a
 *   number, a name), else nothing.  So a draft token matches a law token
 *   when the law token's stem is among the stems of the draft token's
 *   translations, and a thesaurus concept matches any of its labels.
 *   Smith-Waterman then runs as for same-language passages (align.h, the
 *   same bounds and the same cap on cells), and the passage is mapped back
 *   to the draft's own tokens (its span, its marked words).
 *
 * Such passages are marked translated.  They must score more than a
 * same-language one (XL_MIN_FACTOR): words of a translation are chosen for
 * the provision, so chance alignments run longer.  The work is bounded:
 * at most XL_MAX_UNITS units, XL_MAX_BYTES of each, translated into each
 * language, XL_MAX_CANDIDATES laws aligned per language, and the cells go
 * into the same aligner, under the same MAX_CELLS.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text/text.h"
#include "precedent/similar_int.h"
#include "query/translate.h"

/* A unit whose best same-language law covers this share of its tokens is
 * explained in its own language: it is not translated. */
#define XL_COVERED 0.5
/* Units translated per draft, and bytes of each (each into every other
 * language of the index): past them the results are partial. */
#define XL_MAX_UNITS 2000
#define XL_MAX_BYTES 8192
/* Translations kept per group. */
#define XL_ALTS 4
/* Laws aligned per target language. */
#define XL_MAX_CANDIDATES 24
/* A translated passage scores this much more than min_passage and has at
 * least XL_MIN_MATCHED equal tokens. */
#define XL_MIN_FACTOR 1.5
#define XL_MIN_MATCHED 10
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

/* The tokens of provision p as stem ids (in place, once).  0 or LF_ENOMEM. */
static int prov_stem(prov_cache *p, lf_xstemmer *st, lf_buf *norm, lf_buf *stem)
{
	if (p->stemmed)
		return 0;
	for (size_t i = 0; i < p->t.n; i++) {
		uint32_t id = stem_id(st, p->text + p->t.off[i], p->t.len[i], norm, stem);
		if (!id)
			return LF_ENOMEM;
		p->t.id[i] = id;
	}
	free(p->sorted); /* made from the folded ids: again */
	p->sorted = NULL;
	p->stemmed = 1;
	return 0;
}

static int in_sorted(const prov_cache *p, uint32_t id)
{
	size_t lo = 0, hi = p->nsorted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->sorted[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nsorted && p->sorted[lo] == id;
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
                     lf_buf *q, lf_buf *norm, lf_buf *stem)
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
		lf_q_toks_free(&at);
		if (!rc && at.n)
			rc = lf_buf_add(q, alt, strlen(alt)) || lf_buf_addc(q, ' ') ? LF_ENOMEM : 0;
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
			rc = add_group(x, tg, at, at + src.n, r->xst, &q, &norm, &stem);
			cursor = at + src.n;
		}
		lf_q_toks_free(&src);
	}
	if (!rc && x->ng) {
		if (!(x->uid = malloc(s->t.n * sizeof *x->uid)))
			rc = LF_ENOMEM;
		for (size_t i = 0; !rc && i < s->t.n; i++)
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
 * where those are used already. */
typedef struct xseq {
	uint32_t *id, *sorted;
	size_t *os, *oe;
	uint8_t *mask, *hit;
	size_t n, nsorted;
} xseq;

static int xseq_alloc(xseq *e)
{
	size_t m = LF_ALIGN_MAX;

	memset(e, 0, sizeof *e);
	e->id = malloc(m * sizeof *e->id);
	e->sorted = malloc(m * sizeof *e->sorted);
	e->os = malloc(m * sizeof *e->os);
	e->oe = malloc(m * sizeof *e->oe);
	e->mask = malloc(m);
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

static void xseq_put(xseq *e, uint32_t id, size_t os, size_t oe, const uint8_t *amask)
{
	uint8_t m = 0;

	if (e->n == LF_ALIGN_MAX)
		return;
	for (size_t i = os; i < oe && !m; i++)
		m = amask[i];
	e->id[e->n] = id;
	e->os[e->n] = os;
	e->oe[e->n] = oe;
	e->mask[e->n] = m;
	if (!m)
		e->sorted[e->nsorted++] = id;
	e->n++;
}

/* Unit x (tokens t, used ones amask) as a sequence for provision p (its
 * stem ids sorted): see the top of the file.  e->sorted: the unmasked
 * ids, sorted. */
static void xseq_make(xseq *e, const struct xl_unit *x, const lf_q_toks *t, const uint8_t *amask,
                      const prov_cache *p)
{
	size_t gi = 0;
	uint32_t filler = lf_align_token_id("\x01xl", 3);

	while (in_sorted(p, filler))
		filler++;
	e->n = e->nsorted = 0;
	for (size_t i = 0; i < t->n && e->n < LF_ALIGN_MAX;) {
		while (gi < x->ng && x->g[gi].ts < i)
			gi++;
		if (gi < x->ng && x->g[gi].ts == i) {
			const xl_group *g = &x->g[gi];
			size_t best = 0, bestk = 0;
			for (size_t k = 0; k < g->nalts; k++) {
				size_t have = 0;
				for (size_t j = g->off[k]; j < g->off[k + 1]; j++)
					have += in_sorted(p, g->ids[j]);
				if (have > best) {
					best = have;
					bestk = k;
				}
			}
			if (!best)
				xseq_put(e, filler, g->ts, g->te, amask);
			for (size_t j = g->off[bestk]; best && j < g->off[bestk + 1]; j++)
				xseq_put(e, g->ids[j], g->ts, g->te, amask);
			i = g->te;
			continue;
		}
		if (in_sorted(p, x->uid[i]))
			xseq_put(e, x->uid[i], i, i + 1, amask);
		i++;
	}
	qsort(e->sorted, e->nsorted, sizeof *e->sorted, lf_sim_cmp_u32);
}

/* The provision of range ri loaded, stemmed and sorted.  0 or an error. */
static int prov_ready(run *r, const cand *c, cand_state *cs, size_t ri, lf_buf *norm, lf_buf *stem,
                      lf_err *err)
{
	prov_cache *p = &cs->pc[ri];
	int rc;

	if (cs->nrg && (rc = lf_sim_prov_load(r, c, cs, ri, err)) != 0)
		return rc;
	if (!p->t.n)
		return 0;
	if (prov_stem(p, r->xst, norm, stem) != 0 || lf_sim_prov_sorted(p) != 0)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	return 0;
}

/* The passage found on sequence e, mapped back to the unit's tokens: its
 * span, its matched tokens; appended to cs->ps.  0 or LF_ENOMEM. */
static int put_passage(cand_state *cs, const xseq *e, size_t u, size_t ri, const lf_alignment *al, size_t ntok,
                       uint8_t *b_hit)
{
	passage_tmp top;

	memset(&top, 0, sizeof top);
	top.unit = u;
	top.range = ri;
	top.a = *al;
	top.a.a_start = e->os[al->a_start];
	top.a.a_end = e->oe[al->a_end - 1];
	top.translated = 1;
	top.b_hit = b_hit;
	if (!(top.a_hit = calloc(ntok + 1, 1)) || (cs->nps == cs->capps && !lf_sim_grow_passages(cs))) {
		free(top.a_hit);
		return LF_ENOMEM;
	}
	for (size_t k = al->a_start; k < al->a_end; k++)
		if (e->hit[k])
			for (size_t i = e->os[k]; i < e->oe[k]; i++)
				top.a_hit[i] = 1;
	cs->ps[cs->nps++] = top;
	return 0;
}

int lf_sim_xl_align_unit(run *r, const cand *c, cand_state *cs, size_t u, int proposed, lf_err *err)
{
	unit_state *s = &r->us[u];
	const struct xl_unit *x = &r->xu[u];
	size_t best[PROVS_PER_UNIT], nbest;
	unsigned best_terms[PROVS_PER_UNIT], min_terms = 0;
	uint8_t *amask = NULL;
	lf_buf norm, stem;
	xseq e;
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
	if (!nbest)
		return 0;
	lf_buf_init(&norm, 0);
	lf_buf_init(&stem, 0);
	if (xseq_alloc(&e) != 0 || !(amask = calloc(s->t.n, 1))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
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
			if (!p->t.n || best_terms[b] < min_terms)
				continue;
			xseq_make(&e, x, &s->t, amask, p);
			if ((double)lf_sim_match_bound(e.sorted, e.nsorted, p, (size_t)ceil(floor / r->match) + 1) *
			        r->match < floor)
				continue;
			if (lf_aligner_cells(r->al) > MAX_CELLS) {
				r->partial = 1;
				break;
			}
			if ((rc = lf_align_min(r->al, e.id, e.n, e.mask, p->t.id, p->t.n, floor, &al, NULL, NULL)) != 0) {
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
		xseq_make(&e, x, &s->t, amask, &cs->pc[top_ri]);
		memset(e.hit, 0, e.n);
		if (!(b_hit = calloc(cs->pc[top_ri].t.n + 1, 1))) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		if ((rc = lf_align_min(r->al, e.id, e.n, e.mask, cs->pc[top_ri].t.id, cs->pc[top_ri].t.n, top.score,
		                       &top, e.hit, b_hit)) != 0 ||
		    !top.a_end || (rc = put_passage(cs, &e, u, top_ri, &top, s->t.n, b_hit)) != 0) {
			free(b_hit);
			if (rc)
				lf_err_set(err, rc, "out of memory");
			break;
		}
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
		if ((rc = lf_sim_align_candidate(r2, c, a, h, err)) == 0 && h->npassages)
			++*nh;
	}
	return rc;
}

/* Every unit of r2 that is to be translated, translated into language
 * lang; its candidates found and aligned.  0 or an error. */
static int xl_lang(run *r, const lf_translator *tr, const uint8_t *sel, const char *lang, memo *dfs,
                   lf_arena *a, lf_similar_hit **hits, size_t *nh, size_t *caph, lf_err *err)
{
	run r2;
	size_t nu = r->d->nunits, on = 0;
	int rc = 0, cjk = !strcmp(lang, "zh") || !strcmp(lang, "ja");

	memset(&r2, 0, sizeof r2);
	r2.db = r->db;
	r2.d = r->d;
	r2.al = r->al;
	r2.min_passage = r->min_passage;
	r2.match = r->match;
	r2.partial = r->partial;
	r2.lang_filter = lang;
	if (lf_xstem_available(lang) && !(r2.xst = lf_xstemmer_new(lang)))
		return lf_err_set(err, LF_ENOMEM, "could not make a stemmer for '%s' (out of memory)", lang);
	if (!(r2.us = calloc(nu + 1, sizeof *r2.us)) || !(r2.xu = calloc(nu + 1, sizeof *r2.xu))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t u = 0; u < nu && !rc; u++) {
		r2.us[u].t = r->us[u].t; /* borrowed: the passages' spans and the score's denominator */
		r2.us[u].lang = r->us[u].lang;
		/* the target's tokens are characters for CJK, about half a word */
		r2.us[u].min_score = r->min_passage * XL_MIN_FACTOR * (cjk ? 2 : 1);
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
	lf_xstemmer_free(r2.xst);
	return rc;
}

int lf_sim_xl(run *r, lf_arena *a, lf_similar_hit **hits, size_t *nh, size_t *caph, lf_err *err)
{
	lf_translator *tr = NULL;
	uint8_t *sel;
	memo dfs = LF_MAP_INIT;
	size_t nsel = 0;
	int rc = 0, cut = 0;

	if (!(sel = calloc(r->d->nunits + 1, 1)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t u = 0; u < r->d->nunits; u++) {
		const unit_state *s = &r->us[u];
		size_t na = s->t.n < LF_ALIGN_MAX ? s->t.n : LF_ALIGN_MAX;
		if (!s->lang || r->ucov[u] >= XL_COVERED || (double)na * r->match < r->min_passage * XL_MIN_FACTOR)
			continue;
		if (nsel == XL_MAX_UNITS) {
			cut = 1;
			break;
		}
		sel[u] = 1;
		nsel++;
	}
	if (nsel && (rc = lf_translator_new(NULL, NULL, &tr, err)) == 0)
		for (int l = 0; l < r->db->nlangs && !rc && !r->partial; l++)
			rc = xl_lang(r, tr, sel, r->db->langs[l], &dfs, a, hits, nh, caph, err);
	r->partial |= cut;
	lf_translator_free(tr);
	lf_sim_memo_clear(&dfs, 0);
	free(sel);
	return rc;
}
