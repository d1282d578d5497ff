/*
 * similar.c - precedent: which laws a draft reuses, with the passages
 * aligned (lf_similar, lexfrag.h).
 *
 * 1. Candidates.  For each unit of the draft, its most distinctive words
 *    (tf x idf over the index, stemmed as the indexer stems them in the
 *    draft's language; character bigrams for CJK) make an OR query; its
 *    best laws (one result per law) are the unit's candidates.  A law is
 *    aligned only with the units that proposed it.
 * 2. Provisions.  In a candidate law, the provisions whose position ranges
 *    hold the most of those words (core/schema.h: "ranges") are the ones
 *    aligned, at most PROVS_PER_UNIT of them.
 * 3. Alignment.  Draft unit and provision are tokenised and folded as the
 *    tagger does (core/tagger.h) and aligned with Smith-Waterman and affine
 *    gaps (core/align.h); a second alignment with the first one's draft
 *    tokens masked finds a second passage (sentences moved or merged).  A
 *    passage counts from min_passage on.
 * 4. Score.  A law's score is the share of the draft's tokens that its
 *    passages cover; it is a near-duplicate of the draft (the same law in
 *    another format or version) when it covers most of the draft and is
 *    about as long.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/align.h"
#include "../core/lang.h"
#include "../core/draft.h"
#include "../core/hash.h"
#include "../core/rec.h"
#include "../core/schema.h"
#include "../core/tagrec.h"
#include "../core/text.h"
#include "passage.h"
#include "query.h"

#define TERMS_PER_UNIT 20
#define PROVS_PER_UNIT 5
#define MAX_CANDIDATES 80
#define FULL_CANDIDATES 8
#define DEFAULT_MIN_PASSAGE 20.0
#define MIN_MATCHED 6

/* ------------------------------------------------------------ memos */

/* A string-keyed table of what the index answered: a term's document
 * frequency for the whole run, a term's positions in one candidate law.
 * The units of a draft share most of their words, so without it the same
 * question goes to the index again and again, which over remote shards is
 * a network round trip each time (a third of them for a 500-word draft). */
typedef struct memo_ent {
	char *key; /* NULL: free slot */
	unsigned *pos;
	size_t n;
} memo_ent;

typedef struct memo {
	memo_ent *e;
	size_t cap, n; /* cap a power of 2, n at most cap / 2 */
} memo;

/* The slot of key: filled (key set) if found, else free. NULL when out of
 * memory. */
static memo_ent *memo_slot(memo *m, const char *key)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		memo_ent *e = calloc(cap, sizeof *e);
		if (!e)
			return NULL;
		for (size_t j = 0; j < m->cap; j++)
			if (m->e[j].key) {
				for (i = lf_hash_str(m->e[j].key) & (cap - 1); e[i].key; i = (i + 1) & (cap - 1))
					;
				e[i] = m->e[j];
			}
		free(m->e);
		m->e = e;
		m->cap = cap;
	}
	for (i = lf_hash_str(key) & (m->cap - 1); m->e[i].key; i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->e[i].key, key))
			break;
	return &m->e[i];
}

/* Fills free slot e with key; 0 if out of memory (the answer is then not
 * kept: asked again next time). */
static int memo_fill(memo *m, memo_ent *e, const char *key, unsigned *pos, size_t n)
{
	if (!(e->key = strdup(key)))
		return 0;
	e->pos = pos;
	e->n = n;
	m->n++;
	return 1;
}

static void memo_clear(memo *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->e[i].key) {
			free(m->e[i].key);
			free(m->e[i].pos);
		}
	free(m->e);
	memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------- query terms */

typedef struct qterm {
	char *term;
	double w;
} qterm;

typedef struct unit_state {
	lf_q_toks t;              /* the draft unit's tokens */
	double min_score;    /* least passage score: doubled when most tokens are
	                        CJK characters, about half a word each */
	qterm terms[TERMS_PER_UNIT];
	size_t nterms;
} unit_state;

static int cmp_qterm(const void *a, const void *b)
{
	const qterm *x = a, *y = b;
	return x->w < y->w ? 1 : x->w > y->w ? -1 : strcmp(x->term, y->term);
}

/* The unit's words as the indexer makes terms of them: normalised,
 * stemmed in the draft's language (Xapian STEM_ALL: no prefix), CJK as
 * character bigrams.  Keeps the TERMS_PER_UNIT with the highest
 * sqrt(tf) x idf. */
static int unit_terms(lf_db *db, memo *dfs, lf_xstemmer *st, const char *text, size_t n, unit_state *u,
                      lf_err *err)
{
	lf_buf norm, stem;
	qterm *all = NULL;
	size_t nall = 0, capall = 0;
	const char *p, *end;
	int rc = 0;

	lf_buf_init(&norm, 0);
	lf_buf_init(&stem, 0);
	if ((rc = lf_normalize(text, n, &norm)) != 0)
		goto out;
	p = lf_buf_str(&norm);
	end = p + norm.n;
	while (p < end && !rc) {
		unsigned cp;
		size_t k = lf_u8dec(p, end, &cp), wn;
		const char *w = p;
		if (!lf_is_wordchar(cp)) {
			p += k;
			continue;
		}
		if (lf_is_cjk(cp)) {
			/* a bigram with the next CJK character */
			unsigned cp2;
			size_t k2 = p + k < end ? lf_u8dec(p + k, end, &cp2) : 0;
			p += k;
			if (!k2 || !lf_is_cjk(cp2))
				continue;
			wn = k + k2;
			lf_buf_reset(&stem);
			rc = lf_buf_add(&stem, w, wn);
		} else {
			while (p < end) {
				size_t kk = lf_u8dec(p, end, &cp);
				if (!lf_is_wordchar(cp) || lf_is_cjk(cp))
					break;
				p += kk;
			}
			wn = (size_t)(p - w);
			if (wn < 2 || wn > 64)
				continue;
			lf_buf_reset(&stem);
			rc = st ? lf_xstemmer_stem(st, w, wn, &stem) : lf_buf_add(&stem, w, wn);
		}
		if (rc)
			break;
		{
			size_t i;
			for (i = 0; i < nall && strcmp(all[i].term, lf_buf_str(&stem)); i++)
				;
			if (i < nall) {
				all[i].w += 1;
				continue;
			}
			if (nall == capall) {
				qterm *g = realloc(all, (capall = capall ? capall * 2 : 64) * sizeof *g);
				if (!g) {
					rc = LF_ENOMEM;
					break;
				}
				all = g;
			}
			if (!(all[nall].term = strdup(lf_buf_str(&stem)))) {
				rc = LF_ENOMEM;
				break;
			}
			all[nall++].w = 1;
		}
	}
	/* weight: sqrt(tf) x idf; terms in no law, or in most, are dropped */
	for (size_t i = 0; !rc && i < nall; i++) {
		unsigned df = 0;
		memo_ent *e = memo_slot(dfs, all[i].term);
		if (e && e->key)
			df = (unsigned)e->n;
		else if (lf_xdb_termfreq(db->x, all[i].term, &df, err) != 0)
			df = 0;
		else if (e)
			memo_fill(dfs, e, all[i].term, NULL, df);
		if (!df || df > db->laws / 2 + 1) {
			all[i].w = 0;
			continue;
		}
		all[i].w = sqrt(all[i].w) * log(1.0 + (double)db->laws / df);
	}
	lf_err_clear(err);
	if (nall)
		qsort(all, nall, sizeof *all, cmp_qterm);
	for (size_t i = 0; i < nall; i++) {
		if (!rc && u->nterms < TERMS_PER_UNIT && all[i].w > 0) {
			u->terms[u->nterms++] = all[i];
			continue;
		}
		free(all[i].term);
	}
out:
	free(all);
	lf_buf_free(&norm);
	lf_buf_free(&stem);
	return rc ? lf_err_set(err, rc, "out of memory") : 0;
}

/* --------------------------------------------------------- candidates */

typedef struct cand {
	unsigned docid;
	char *id;
	double w;             /* best retrieval weight */
	size_t *units;        /* draft units that proposed it */
	size_t nunits, capunits;
} cand;

typedef struct run {
	lf_db *db;
	const lf_draft *d;
	unit_state *us;
	cand *c;
	size_t nc, capc;
	lf_aligner *al;
	double min_passage;
	memo pos; /* the candidate being aligned: term -> its positions */
} run;

static cand *cand_get(run *r, unsigned docid, const char *id)
{
	for (size_t i = 0; i < r->nc; i++)
		if (r->c[i].docid == docid)
			return &r->c[i];
	if (r->nc == r->capc) {
		cand *g = realloc(r->c, (r->capc = r->capc ? r->capc * 2 : 32) * sizeof *g);
		if (!g)
			return NULL;
		r->c = g;
	}
	memset(&r->c[r->nc], 0, sizeof *r->c);
	r->c[r->nc].docid = docid;
	if (!(r->c[r->nc].id = strdup(id)))
		return NULL;
	return &r->c[r->nc++];
}

static int cand_add_unit(cand *c, size_t u)
{
	if (c->nunits && c->units[c->nunits - 1] == u)
		return 0;
	if (c->nunits == c->capunits) {
		size_t *g = realloc(c->units, (c->capunits = c->capunits ? c->capunits * 2 : 8) * sizeof *g);
		if (!g)
			return LF_ENOMEM;
		c->units = g;
	}
	c->units[c->nunits++] = u;
	return 0;
}

static int find_candidates(run *r, unsigned per_unit, lf_err *err)
{
	lf_buf tmp;
	int rc = 0;

	lf_buf_init(&tmp, 0);
	for (size_t u = 0; u < r->d->nunits && !rc; u++) {
		unit_state *s = &r->us[u];
		lf_xquery *subs[TERMS_PER_UNIT], *q;
		lf_xsearch so;
		lf_xmset *ms = NULL;
		if (!s->nterms)
			continue;
		for (size_t i = 0; i < s->nterms; i++)
			subs[i] = lf_xquery_term(s->terms[i].term);
		q = lf_xquery_combine(LF_XOP_OR, subs, s->nterms);
		for (size_t i = 0; i < s->nterms; i++)
			lf_xquery_free(subs[i]);
		if (!q) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		lf_xsearch_init(&so);
		so.limit = per_unit + (r->d->law_id ? 1 : 0);
		so.collapse_slot = LF_SLOT_LAWID;
		so.tiebreak_slot = LF_SLOT_LAWID; /* the same candidates whatever the shards */
		rc = lf_xdb_search(r->db->x, q, &so, &ms, err);
		lf_xquery_free(q);
		for (size_t i = 0; !rc && i < lf_xmset_size(ms); i++) {
			cand *c;
			if ((rc = lf_xmset_value(ms, i, LF_SLOT_LAWID, &tmp, err)) != 0)
				break;
			if (r->d->law_id && !strcmp(lf_buf_str(&tmp), r->d->law_id))
				continue; /* --law: not itself */
			if (!(c = cand_get(r, lf_xmset_docid(ms, i), lf_buf_str(&tmp))) || cand_add_unit(c, u))
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			else if (lf_xmset_weight(ms, i) > c->w)
				c->w = lf_xmset_weight(ms, i);
		}
		lf_xmset_free(ms);
	}
	lf_buf_free(&tmp);
	return rc;
}

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	long long wx = llround(x->w * 1e9), wy = llround(y->w * 1e9); /* without rounding noise */
	if (x->nunits != y->nunits)
		return x->nunits < y->nunits ? 1 : -1;
	if (wx != wy)
		return wx < wy ? 1 : -1;
	return strcmp(x->id, y->id);
}

/* --------------------------------------------------------- alignment */

typedef struct prov_cache {
	int loaded;
	lf_q_toks t;
	char *text;
	size_t n;
} prov_cache;

typedef struct passage_tmp {
	size_t unit, range;
	lf_alignment a;
	uint8_t *a_hit, *b_hit;
} passage_tmp;

/* A term's positions in a document.  Xapian indexes CJK bigrams without
 * positions, so a bigram's are where its first character is followed by
 * its second. */
static int term_positions(lf_db *db, unsigned docid, const char *term, unsigned **pos, size_t *np,
                          lf_err *err)
{
	const char *end = term + strlen(term);
	unsigned c1, c2, *p1 = NULL, *p2 = NULL;
	size_t k1, k2, n1 = 0, n2 = 0, i, j, k = 0;
	char u1[8], u2[8];
	int rc;

	k1 = lf_u8dec(term, end, &c1);
	k2 = term + k1 < end ? lf_u8dec(term + k1, end, &c2) : 0;
	if (!k2 || term + k1 + k2 != end || !lf_is_cjk(c1) || !lf_is_cjk(c2))
		return lf_xdb_positions(db->x, docid, term, pos, np, err);
	memcpy(u1, term, k1);
	u1[k1] = 0;
	memcpy(u2, term + k1, k2);
	u2[k2] = 0;
	*pos = NULL;
	*np = 0;
	if ((rc = lf_xdb_positions(db->x, docid, u1, &p1, &n1, err)) != 0 ||
	    (rc = lf_xdb_positions(db->x, docid, u2, &p2, &n2, err)) != 0) {
		free(p1);
		return rc;
	}
	for (i = 0, j = 0; i < n1; i++) {
		while (j < n2 && p2[j] < p1[i] + 1)
			j++;
		if (j < n2 && p2[j] == p1[i] + 1)
			p1[k++] = p1[i];
	}
	free(p2);
	*pos = p1;
	*np = k;
	return 0;
}

static int cmp_range_score(const void *a, const void *b)
{
	const lf_q_range *x = *(const lf_q_range *const *)a, *y = *(const lf_q_range *const *)b;
	return x->score < y->score ? 1 : x->score > y->score ? -1 : 0;
}

/* The law's ranges holding the most of unit u's query terms. */
static size_t best_ranges(run *r, const cand *c, size_t u, lf_q_range *rg, size_t nrg,
                          size_t *out, lf_err *err)
{
	const unit_state *s = &r->us[u];
	lf_q_range **ptr;
	size_t k = 0;

	double avglen = 0, *tf;

	if (!nrg)
		return 0;
	for (size_t i = 0; i < nrg; i++) {
		rg[i].score = 0;
		avglen += (double)(rg[i].end - rg[i].start + 1);
	}
	avglen /= (double)nrg;
	if (!(tf = malloc(nrg * sizeof *tf)))
		return 0;
	/* BM25 over the law's provisions (k1 1.2, b 0.75), with the terms'
	 * draft weights as idf: a provision holding many of the unit's
	 * distinctive words, densely, comes first */
	for (size_t t = 0; t < s->nterms; t++) {
		unsigned *pos = NULL;
		size_t np = 0, lo = 0;
		memo_ent *e = memo_slot(&r->pos, s->terms[t].term);
		if (e && e->key) {
			pos = e->pos;
			np = e->n;
		} else if (term_positions(r->db, c->docid, s->terms[t].term, &pos, &np, err) != 0) {
			lf_err_clear(err);
			continue;
		} else if (!e || !memo_fill(&r->pos, e, s->terms[t].term, pos, np)) {
			e = NULL; /* not kept: freed below */
		}
		memset(tf, 0, nrg * sizeof *tf);
		for (size_t i = 0; i < np; i++) {
			while (lo < nrg && rg[lo].end < pos[i])
				lo++;
			if (lo < nrg && rg[lo].start <= pos[i])
				tf[lo] += 1;
		}
		for (size_t i = 0; i < nrg; i++)
			if (tf[i] > 0) {
				double len = (double)(rg[i].end - rg[i].start + 1);
				double norm = 1.2 * (0.25 + 0.75 * len / avglen);
				rg[i].score += s->terms[t].w * tf[i] * 2.2 / (tf[i] + norm);
			}
		if (!e)
			free(pos);
	}
	free(tf);
	ptr = malloc((nrg + 1) * sizeof *ptr);
	if (!ptr)
		return 0;
	for (size_t i = 0; i < nrg; i++)
		if (rg[i].score > 0)
			ptr[k++] = &rg[i];
	qsort(ptr, k, sizeof *ptr, cmp_range_score);
	if (k > PROVS_PER_UNIT)
		k = PROVS_PER_UNIT;
	for (size_t i = 0; i < k; i++)
		out[i] = (size_t)(ptr[i] - rg);
	free(ptr);
	return k;
}

/* The same law read from two files: the indexer gives the second file
 * with an id already taken the id plus "~<format>" (the GDPR as Formex
 * "32016R0679", as EUR-Lex HTML "32016R0679~eurlex-html"). */
static int same_law(const char *a, const char *b)
{
	size_t na, nb;

	if (!a || !b)
		return 0;
	na = strcspn(a, "~");
	nb = strcspn(b, "~");
	return na == nb && !memcmp(a, b, na);
}

/* Aligns candidate c with the draft units that proposed it; fills h. */
static int align_candidate(run *r, cand *c, lf_arena *a, lf_similar_hit *h, lf_err *err)
{
	lf_buf data, tmp;
	lf_q_range *rg = NULL;
	size_t nrg = 0, law_len = 0, covered = 0, draft_len = 0;
	prov_cache *pc = NULL;
	passage_tmp *ps = NULL;
	size_t nps = 0, capps = 0;
	lf_chunk_cache cache;
	uint8_t **dcov = NULL; /* per draft unit: tokens covered by this law */
	char term[600];
	int rc = 0;

	lf_buf_init(&data, 0);
	lf_buf_init(&tmp, 0);
	lf_q_chunk_init(&cache);
	snprintf(term, sizeof term, LF_TERM_ID "%s", c->id);
	if ((rc = lf_xdb_term_data(r->db->x, term, &data, err)) != 0) {
		lf_err_clear(err);
		rc = 0;
		goto out;
	}
	lf_rec_get(lf_buf_str(&data), data.n, "ranges", &tmp);
	nrg = tmp.n ? lf_q_ranges_parse(lf_buf_str(&tmp), &rg) : 0;
	for (size_t i = 0; i < nrg; i++)
		law_len += rg[i].end - rg[i].start + 1;
	pc = calloc(nrg + 1, sizeof *pc);
	if (!nrg && pc) {
		/* a law without provisions (unstructured text): its preface is
		 * the one passage source */
		lf_buf_reset(&tmp);
		lf_rec_get(lf_buf_str(&data), data.n, "preface", &tmp);
		if (tmp.n && (pc[0].text = malloc(tmp.n + 1))) {
			memcpy(pc[0].text, lf_buf_str(&tmp), tmp.n + 1);
			pc[0].n = tmp.n;
			pc[0].loaded = 1;
			rc = lf_q_tokens(pc[0].text, pc[0].n, 0, &pc[0].t);
			law_len = pc[0].t.n;
		}
	}
	dcov = calloc(r->d->nunits + 1, sizeof *dcov);
	if (!pc || !dcov) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < c->nunits && !rc; k++) {
		size_t u = c->units[k], nbest;
		unit_state *s = &r->us[u];
		size_t best[PROVS_PER_UNIT];
		uint8_t *amask;
		if (!s->t.n)
			continue;
		nbest = best_ranges(r, c, u, rg, nrg, best, err);
		if (!nrg && pc[0].t.n) {
			best[0] = 0; /* the preface */
			nbest = 1;
		}
		amask = calloc(s->t.n, 1);
		if (!amask) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		/* passages of a draft unit: the best, then the best of what is
		 * left of the unit (a long unit may hold several copies) */
		int rounds = 2 + (int)(s->t.n / 150);
		if (rounds > 8)
			rounds = 8;
		for (int round = 0; round < rounds && !rc; round++) {
			passage_tmp top;
			memset(&top, 0, sizeof top);
			for (size_t b = 0; b < nbest && !rc; b++) {
				size_t ri = best[b];
				prov_cache *p = &pc[ri];
				lf_alignment al;
				if (!p->loaded) {
					p->loaded = 1;
					if (rg[ri].chunk >= 0 &&
					    lf_q_text_at(r->db, c->id, rg[ri].chunk, rg[ri].off, rg[ri].len, &cache, &tmp, err) == 0) {
						p->text = malloc(tmp.n + 1);
						if (p->text) {
							memcpy(p->text, lf_buf_str(&tmp), tmp.n + 1);
							p->n = tmp.n;
							rc = lf_q_tokens(p->text, p->n, 0, &p->t);
						}
					}
					lf_err_clear(err);
				}
				if (rc || !p->t.n)
					continue;
				if ((rc = lf_align(r->al, s->t.id, s->t.n, amask, p->t.id, p->t.n, NULL, &al, NULL, NULL)) != 0)
					break;
				if (al.score > top.a.score) {
					top.a = al;
					top.unit = u;
					top.range = ri;
				}
			}
			if (rc || top.a.score < s->min_score || top.a.matches < MIN_MATCHED)
				break;
			/* again with hits recorded, for the marks */
			top.a_hit = calloc(s->t.n, 1);
			top.b_hit = calloc(pc[top.range].t.n + 1, 1);
			if (!top.a_hit || !top.b_hit) {
				free(top.a_hit);
				free(top.b_hit);
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			lf_align(r->al, s->t.id, s->t.n, amask, pc[top.range].t.id, pc[top.range].t.n, NULL, &top.a,
			         top.a_hit, top.b_hit);
			for (size_t i = top.a.a_start; i < top.a.a_end; i++)
				amask[i] = 1;
			if (nps == capps) {
				passage_tmp *g = realloc(ps, (capps = capps ? capps * 2 : 8) * sizeof *g);
				if (!g) {
					free(top.a_hit);
					free(top.b_hit);
					rc = lf_err_set(err, LF_ENOMEM, "out of memory");
					break;
				}
				ps = g;
			}
			ps[nps++] = top;
		}
		if (!rc) {
			dcov[u] = amask; /* the covered draft tokens */
			amask = NULL;
		}
		free(amask);
	}
	if (rc || !nps)
		goto out;
	/* score: the share of the draft's tokens covered */
	for (size_t u = 0; u < r->d->nunits; u++) {
		draft_len += r->us[u].t.n;
		for (size_t i = 0; dcov[u] && i < r->us[u].t.n; i++)
			covered += dcov[u][i];
	}
	h->id = lf_q_str(a, c->id, strlen(c->id));
	h->score = draft_len ? (double)covered / (double)draft_len : 0;
	h->near_duplicate = same_law(r->d->law_id, c->id) ||
	                    (h->score >= 0.8 && law_len && draft_len >= 0.8 * (double)law_len &&
	                     (double)draft_len <= 1.25 * (double)law_len);
	{
		lf_tagged_law t;
		size_t k = 0;
		if (lf_tagrec_parse(lf_buf_str(&data), data.n, a, &t) == 0) {
			for (size_t i = 0; i < t.nrisks; i++)
				if (t.risks[i].tagged)
					t.risks[k++] = t.risks[i];
			h->risks = t.risks;
			h->nrisks = k;
			h->layers = t.layers;
			h->nlayers = t.nlayers;
		}
	}
#define FIELD(f, key) (lf_buf_reset(&tmp), lf_rec_get(lf_buf_str(&data), data.n, key, &tmp), \
	                   h->f = lf_q_str(a, lf_buf_str(&tmp), tmp.n))
	FIELD(path, "path");
	FIELD(title, "title");
	FIELD(jurisdiction, "jurisdiction");
	FIELD(language, "language");
	FIELD(format, "format");
	FIELD(year, "year");
#undef FIELD
	h->passages = lf_arena_alloc(a, nps * sizeof *h->passages);
	if (!h->passages) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	{
		/* the provisions' labels, in one pass over the record */
		size_t *want = malloc(nps * sizeof *want);
		lf_toc_view *ent = malloc(nps * sizeof *ent);
		if (!want || !ent) {
			free(want);
			free(ent);
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < nps; i++)
			want[i] = nrg ? rg[ps[i].range].toc : (size_t)-1;
		lf_q_toc_entries(&data, want, nps, a, ent);
		/* in the draft's order */
		for (size_t u = 0; u < r->d->nunits; u++)
			for (size_t i = 0; i < nps; i++) {
				lf_passage *p = &h->passages[h->npassages];
				const passage_tmp *t = &ps[i];
				const lf_draft_unit *du = &r->d->units[u];
				if (t->unit != u)
					continue;
				p->draft_id = du->id;
				p->draft_label = du->label;
				p->draft_text = lf_q_marked(a, du->text, &r->us[u].t, t->a.a_start, t->a.a_end,
				                             t->a_hit + t->a.a_start);
				p->prov_id = *ent[i].id ? ent[i].id : "preface";
				p->label = ent[i].label;
				p->heading = ent[i].heading;
				p->text = lf_q_marked(a, pc[t->range].text, &pc[t->range].t, t->a.b_start, t->a.b_end,
				                       t->b_hit + t->a.b_start);
				p->score = t->a.score;
				p->draft_tokens = (unsigned)(t->a.a_end - t->a.a_start);
				p->matched = (unsigned)t->a.matches;
				h->align_score += t->a.score;
				h->npassages++;
			}
		free(want);
		free(ent);
	}
out:
	for (size_t i = 0; pc && i < (nrg ? nrg : 1); i++) {
		lf_q_toks_free(&pc[i].t);
		free(pc[i].text);
	}
	for (size_t i = 0; i < nps; i++) {
		free(ps[i].a_hit);
		free(ps[i].b_hit);
	}
	for (size_t u = 0; dcov && u < r->d->nunits; u++)
		free(dcov[u]);
	free(dcov);
	free(ps);
	free(pc);
	free(rg);
	lf_q_chunk_free(&cache);
	lf_buf_free(&data);
	lf_buf_free(&tmp);
	memo_clear(&r->pos); /* positions are the candidate's */
	return rc;
}

static int cmp_hit(const void *a, const void *b)
{
	const lf_similar_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->align_score != y->align_score)
		return x->align_score < y->align_score ? 1 : -1;
	return strcmp(x->id, y->id);
}

int lf_similar(lf_db *db, const lf_draft *d, const lf_similar_opts *o, lf_similar_results **out,
               lf_err *err)
{
	static const lf_align_params params = LF_ALIGN_DEFAULTS;
	lf_similar_results *res;
	lf_xstemmer *st = NULL;
	const char *st_lang = NULL;
	run r;
	memo dfs = {0};
	int rc = 0;
	size_t nh = 0, nmade = 0, limit = o && o->limit ? o->limit : 10;

	*out = NULL;
	memset(&r, 0, sizeof r);
	r.db = db;
	r.d = d;
	r.min_passage = o && o->min_passage > 0 ? o->min_passage : DEFAULT_MIN_PASSAGE;
	res = calloc(1, sizeof *res);
	if (!res || !(res->priv = calloc(1, sizeof *res->priv)) || !(res->priv->arena = lf_arena_new()) ||
	    !(r.us = calloc(d->nunits + 1, sizeof *r.us)) || !(r.al = lf_aligner_new(&params))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t u = 0; u < d->nunits && !rc; u++) {
		unit_state *us = &r.us[u];
		/* each unit is stemmed in its own language (a draft may mix
		 * sources), the draft's when too short to tell */
		const char *lang = d->units[u].n >= 80 ? lf_lang_guess(d->units[u].text, d->units[u].n) : NULL;
		if (!lang)
			lang = d->language;
		if (lang && (!st_lang || strcmp(st_lang, lang))) {
			lf_xstemmer_free(st);
			st = lf_xstem_available(lang) ? lf_xstemmer_new(lang) : NULL;
			st_lang = lang;
		}
		if ((rc = lf_q_tokens(d->units[u].text, d->units[u].n, 0, &us->t)) != 0) {
			lf_err_set(err, rc, "out of memory");
			break;
		}
		us->min_score = r.min_passage * (2 * us->t.ncjk > us->t.n ? 2 : 1);
		res->draft_tokens += us->t.n;
		rc = unit_terms(db, &dfs, st, d->units[u].text, d->units[u].n, us, err);
	}
	if (!rc)
		rc = find_candidates(&r, o && o->candidates ? o->candidates : 6, err);
	if (rc)
		goto out;
	nmade = r.nc;
	if (r.nc)
		qsort(r.c, r.nc, sizeof *r.c, cmp_cand);
	if (r.nc > MAX_CANDIDATES)
		r.nc = MAX_CANDIDATES; /* the most proposed ones */
	/* the strongest candidates are aligned with every unit of the draft,
	 * not only the units that proposed them: a copied penalty clause
	 * proposes other laws than the data protection act it came from */
	for (size_t i = 0; i < r.nc && i < FULL_CANDIDATES && !rc; i++)
		for (size_t u = 0; u < d->nunits && !rc; u++) {
			size_t k;
			for (k = 0; k < r.c[i].nunits && r.c[i].units[k] != u; k++)
				;
			if (k == r.c[i].nunits && cand_add_unit(&r.c[i], u))
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		}
	if (rc)
		goto out;
	res->candidates = r.nc;
	res->hits = lf_arena_alloc(res->priv->arena, (r.nc + 1) * sizeof *res->hits);
	if (!res->hits) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r.nc && !rc; i++) {
		lf_similar_hit *h = &res->hits[nh];
		memset(h, 0, sizeof *h);
		if ((rc = align_candidate(&r, &r.c[i], res->priv->arena, h, err)) == 0 && h->npassages)
			nh++;
	}
	if (rc)
		goto out;
	qsort(res->hits, nh, sizeof *res->hits, cmp_hit);
	res->nhits = nh < limit ? nh : limit;
out:
	if (!nmade)
		nmade = r.nc; /* stopped before the cut */
	for (size_t i = 0; i < nmade; i++) {
		free(r.c[i].id);
		free(r.c[i].units);
	}
	free(r.c);
	for (size_t u = 0; r.us && u < d->nunits; u++) {
		lf_q_toks_free(&r.us[u].t);
		for (size_t t = 0; t < r.us[u].nterms; t++)
			free(r.us[u].terms[t].term);
	}
	free(r.us);
	lf_aligner_free(r.al);
	lf_xstemmer_free(st);
	memo_clear(&dfs);
	if (rc) {
		lf_similar_results_free(res);
		res = NULL;
	}
	*out = res;
	return rc;
}

void lf_similar_results_free(lf_similar_results *r)
{
	if (!r)
		return;
	lf_q_priv_free(r->priv);
	free(r);
}

/* ------------------------------------------------ a law as the draft */

int lf_draft_from_law(lf_db *db, const char *law_id, lf_draft **out, lf_err *err)
{
	lf_draft *d = calloc(1, sizeof *d);
	lf_buf data, tmp;
	lf_q_range *rg = NULL;
	size_t nrg = 0, *want = NULL;
	lf_toc_view *ent = NULL;
	lf_chunk_cache cache;
	char term[600];
	int rc = 0;

	*out = NULL;
	lf_buf_init(&data, 0);
	lf_buf_init(&tmp, 0);
	lf_q_chunk_init(&cache);
	if (!d || !(d->arena = lf_arena_new())) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(term, sizeof term, LF_TERM_ID "%s", law_id);
	if ((rc = lf_xdb_term_data(db->x, term, &data, err)) != 0) {
		if (rc == LF_ENOTFOUND)
			lf_err_set(err, rc, "%s: no law with this id", law_id);
		goto out;
	}
	d->law_id = lf_q_str(d->arena, law_id, strlen(law_id));
#define FIELD(f, key) (lf_buf_reset(&tmp), lf_rec_get(lf_buf_str(&data), data.n, key, &tmp), \
	                   d->f = lf_q_str(d->arena, lf_buf_str(&tmp), tmp.n))
	FIELD(path, "path");
	FIELD(title, "title");
	FIELD(language, "language");
#undef FIELD
	lf_buf_reset(&tmp);
	lf_rec_get(lf_buf_str(&data), data.n, "ranges", &tmp);
	nrg = tmp.n ? lf_q_ranges_parse(lf_buf_str(&tmp), &rg) : 0;
	d->units = calloc(nrg + 1, sizeof *d->units);
	want = malloc((nrg + 1) * sizeof *want);
	ent = malloc((nrg + 1) * sizeof *ent);
	if (!d->units || !want || !ent || (rc = lf_tagrec_parse(lf_buf_str(&data), data.n, d->arena, &d->tags))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nrg; i++)
		want[i] = rg[i].toc;
	lf_q_toc_entries(&data, want, nrg, d->arena, ent);
	for (size_t i = 0; i < nrg && !rc; i++) {
		lf_draft_unit *u = &d->units[d->nunits];
		if (rg[i].chunk < 0)
			continue;
		if ((rc = lf_q_text_at(db, law_id, rg[i].chunk, rg[i].off, rg[i].len, &cache, &tmp, err)) != 0)
			break;
		u->id = ent[i].id;
		u->label = ent[i].label;
		u->text = lf_q_str(d->arena, lf_buf_str(&tmp), tmp.n);
		u->n = tmp.n;
		d->nunits++;
	}
	if (!rc && !d->nunits) {
		/* unstructured text: the preface is the one unit */
		lf_buf_reset(&tmp);
		lf_rec_get(lf_buf_str(&data), data.n, "preface", &tmp);
		if (tmp.n) {
			d->units[0].id = "preface";
			d->units[0].label = "";
			d->units[0].text = lf_q_str(d->arena, lf_buf_str(&tmp), tmp.n);
			d->units[0].n = tmp.n;
			d->nunits = 1;
		}
	}
	if (!rc && !d->nunits)
		rc = lf_err_set(err, LF_EEMPTY, "%s: the law has no text to compare", law_id);
out:
	free(rg);
	free(want);
	free(ent);
	lf_q_chunk_free(&cache);
	lf_buf_free(&data);
	lf_buf_free(&tmp);
	if (rc) {
		lf_draft_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
