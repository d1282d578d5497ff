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
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precedent/align.h"
#include "core/text/lang.h"
#include "precedent/draft.h"
#include "core/map.h"
#include "core/rec.h"
#include "core/schema.h"
#include "tagging/tagrec.h"
#include "core/text/text.h"
#include "precedent/passage.h"
#include "query/query.h"

#define TERMS_PER_UNIT 20
#define PROVS_PER_UNIT 5
#define MAX_CANDIDATES 80
#define FULL_CANDIDATES 8
#define DEFAULT_MIN_PASSAGE 20.0
#define MIN_MATCHED 6
/* A provision of one of the FULL_CANDIDATES is aligned with a unit that
 * did not propose its law only if it holds this many of the unit's
 * distinctive words (all of them when the unit has fewer).  On the 24
 * evaluation drafts, such passages hold 3 to 19 of 20. */
#define FULL_MIN_TERMS 3
#define MAX_CELLS ((uint64_t)LF_SIMILAR_MAX_CELLS)

/* ------------------------------------------------------------ memos */

/* A string map (core/map.h) of what the index answered: a term's document
 * frequency for the whole run (v.i), a term's (range, tf) pairs in one
 * candidate law (v.p: n, then n pairs).  The units of a draft share most of
 * their words, so without it the same question goes to the index again and
 * again, which over remote shards is a network round trip each time (a
 * third of them for a 500-word draft).  Its keys are copies it owns. */
typedef lf_map memo;

/* Keeps key (copied) -> v.  Returns 0, or LF_ENOMEM (then not kept: asked
 * again next time). */
static int memo_put(memo *m, const char *key, lf_map_val v)
{
	lf_map_ent *e;
	char *k = strdup(key);
	int rc;

	if (!k)
		return LF_ENOMEM;
	if ((rc = lf_map_put_str(m, k, &e)) < 0) {
		free(k);
		return rc;
	}
	e->v = v;
	return 0;
}

/* Frees the keys, and the values too when they are pointers (vals). */
static void memo_clear(memo *m, int vals)
{
	lf_map_ent *e;
	size_t it = 0;

	while ((e = lf_map_next(m, &it))) {
		free((char *)e->key);
		if (vals)
			free(e->v.p);
	}
	lf_map_free(m);
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
 * sqrt(tf) x idf.  Linear in the unit's words (a memo of its terms, each
 * with its index in all[]: a list searched for each word made a
 * one-paragraph 4 MB draft quadratic). */
static int unit_terms(lf_db *db, memo *dfs, lf_xstemmer *st, const char *text, size_t n, unit_state *u,
                      lf_err *err)
{
	lf_buf norm, stem;
	qterm *all = NULL;
	size_t nall = 0, capall = 0;
	lf_map seen = LF_MAP_INIT; /* term -> its index in all (keys: all's terms) */
	const char *p, *end;
	int rc = 0, xerr = 0;

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
			lf_map_ent *e = lf_map_get_str(&seen, lf_buf_str(&stem));
			if (e) {
				all[e->v.i].w += 1;
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
			if ((rc = lf_map_put_str(&seen, all[nall].term, &e)) < 0) {
				free(all[nall].term);
				break;
			}
			rc = 0;
			e->v.i = (intptr_t)nall;
			all[nall++].w = 1;
		}
	}
	/* weight: sqrt(tf) x idf; terms in no law, or in most, are dropped */
	for (size_t i = 0; !rc && i < nall; i++) {
		unsigned df = 0;
		lf_map_ent *e = lf_map_get_str(dfs, all[i].term);
		if (e)
			df = (unsigned)e->v.i;
		else if ((rc = lf_xdb_termfreq(db->x, all[i].term, &df, err)) != 0) {
			xerr = 1; /* err says why (network, Xapian, memory) */
			break;
		}
		else if ((rc = memo_put(dfs, all[i].term, (lf_map_val){ .i = df })) != 0)
			break;
		if (!df || df > db->laws / 2 + 1) {
			all[i].w = 0;
			continue;
		}
		all[i].w = sqrt(all[i].w) * log(1.0 + (double)db->laws / df);
	}
	if (nall && !rc)
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
	lf_map_free(&seen);
	lf_buf_free(&norm);
	lf_buf_free(&stem);
	return rc && !xerr ? lf_err_set(err, rc, "%s", lf_strerror(rc)) : rc;
}

/* --------------------------------------------------------- candidates */

/* Stemmers by language, made once per run (a draft's units may alternate
 * languages; making a stemmer allocates its cache). */
typedef struct stemmers {
	char lang[16][8];
	lf_xstemmer *st[16];
	int n;
} stemmers;

/* The stemmer for lang into *st (NULL: none; Xapian has none for it, or
 * 16 languages have one already: words are then left as they are).
 * Returns 0, or an error when it could not be made (out of memory, a
 * Xapian failure): words left unstemmed would find other laws. */
static int stemmer_for(stemmers *s, const char *lang, lf_xstemmer **st, lf_err *err)
{
	*st = NULL;
	if (!lang || !lf_xstem_available(lang))
		return 0;
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->lang[i], lang)) {
			*st = s->st[i];
			return 0;
		}
	if (s->n == 16)
		return 0;
	if (!(s->st[s->n] = lf_xstemmer_new(lang)))
		return lf_err_set(err, LF_ENOMEM, "could not make a stemmer for '%s' (out of memory)", lang);
	snprintf(s->lang[s->n], sizeof s->lang[s->n], "%s", lang);
	*st = s->st[s->n++];
	return 0;
}

typedef struct cand {
	unsigned docid;
	char *id;
	double w;             /* best retrieval weight */
	size_t *units;        /* draft units that proposed it, in the draft's order */
	size_t nunits, capunits;
	int all;              /* aligned with every unit of the draft instead */
} cand;

typedef struct run {
	lf_db *db;
	const lf_draft *d;
	unit_state *us;
	cand *c;
	size_t nc, capc;
	size_t *cidx;         /* c by docid, open addressing: index + 1, 0 free */
	size_t capcidx;       /* a power of 2, over twice nc */
	lf_aligner *al;
	double min_passage;
	double match;         /* the aligner's score of one equal pair */
	int partial;          /* MAX_CELLS reached: the alignments left were skipped */
	memo pos; /* the candidate being aligned: term -> its (range, tf) pairs */
} run;

/* The slot of docid in r->cidx: its candidate's, or the free one where it goes. */
static size_t cidx_slot(const run *r, unsigned docid)
{
	size_t i = (size_t)(docid * 2654435761u) & (r->capcidx - 1);

	while (r->cidx[i] && r->c[r->cidx[i] - 1].docid != docid)
		i = (i + 1) & (r->capcidx - 1);
	return i;
}

/* The candidate of docid, made if new; NULL when out of memory.  A table
 * by docid: the list was searched for each result of each unit, which is
 * units x laws (a big draft proposes most of a big index). */
static cand *cand_get(run *r, unsigned docid, const char *id)
{
	size_t i;

	if (2 * (r->nc + 1) > r->capcidx) {
		size_t cap = r->capcidx ? 2 * r->capcidx : 64, *g = calloc(cap, sizeof *g);
		if (!g)
			return NULL;
		free(r->cidx);
		r->cidx = g;
		r->capcidx = cap;
		for (size_t k = 0; k < r->nc; k++)
			r->cidx[cidx_slot(r, r->c[k].docid)] = k + 1;
	}
	i = cidx_slot(r, docid);
	if (r->cidx[i])
		return &r->c[r->cidx[i] - 1];
	if (r->nc == r->capc) {
		size_t cap = r->capc ? r->capc * 2 : 32;
		cand *g = realloc(r->c, cap * sizeof *g);
		if (!g)
			return NULL;
		r->c = g;
		r->capc = cap;
	}
	memset(&r->c[r->nc], 0, sizeof *r->c);
	r->c[r->nc].docid = docid;
	if (!(r->c[r->nc].id = strdup(id)))
		return NULL;
	r->cidx[i] = r->nc + 1;
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
		if ((rc = lf_budget_check(&r->db->budget, err)) != 0)
			break;
		int lost = 0; /* lf_xquery_combine would leave a NULL out: another query */
		for (size_t i = 0; i < s->nterms; i++)
			lost |= !(subs[i] = lf_xquery_term(s->terms[i].term));
		q = lost ? NULL : lf_xquery_combine(LF_XOP_OR, subs, s->nterms);
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
		rc = lf_q_search(r->db, q, &so, &ms, err);
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
	uint32_t *sorted;     /* its first LF_ALIGN_MAX token ids, sorted (match_bound) */
	size_t nsorted;
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

/* Term's (range, tf) pairs in candidate c: the ranges holding its
 * positions and how many each holds, made once per (candidate, term) and
 * kept in r->pos (the units of a draft share most of their words).  *v
 * and *n: the pairs (none when the term is not there).  Returns 0, or an
 * error in err (the index could not be read, out of memory). */
static int term_ranges(run *r, const cand *c, const char *term, const lf_q_range *rg, size_t nrg,
                       const unsigned **out, size_t *n, lf_err *err)
{
	const lf_map_ent *e = lf_map_get_str(&r->pos, term);
	unsigned *pos = NULL, *v;
	size_t np = 0, k = 0;
	int rc;

	*n = 0;
	*out = NULL;
	if (e) {
		*n = ((const unsigned *)e->v.p)[0];
		*out = (const unsigned *)e->v.p + 1;
		return 0;
	}
	if ((rc = term_positions(r->db, c->docid, term, &pos, &np, err)) != 0)
		return rc;
	if (!(v = malloc((2 * np + 1) * sizeof *v))) {
		free(pos);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	/* positions and ranges are both sorted: one merge pass; v[0] is
	 * the count, the pairs follow */
	for (size_t i = 0, lo = 0; i < np; i++) {
		while (lo < nrg && rg[lo].end < pos[i])
			lo++;
		if (lo < nrg && rg[lo].start <= pos[i]) {
			if (k && v[2 * k - 1] == lo) {
				v[2 * k]++;
			} else {
				v[2 * k + 1] = (unsigned)lo;
				v[2 * k + 2] = 1;
				k++;
			}
		}
	}
	free(pos);
	v[0] = (unsigned)k;
	if (memo_put(&r->pos, term, (lf_map_val){ .p = v }) != 0) {
		free(v);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	*n = k;
	*out = v + 1;
	return 0;
}

/* True if range i should come before range j: higher score, then the
 * earlier range (the order a stable sort by score gives). */
static int range_before(const double *score, size_t i, size_t j)
{
	return score[i] > score[j] || (score[i] == score[j] && i < j);
}

/* Into out, the law's ranges holding the most of unit u's query terms (at
 * most PROVS_PER_UNIT, best first), how many into *nout; returns 0 or an
 * error (term_ranges).  BM25 over the law's
 * provisions (k1 1.2, b 0.75; len_norm[i] is range i's length part), with
 * the terms' draft weights as idf: a provision holding many of the unit's
 * distinctive words, densely, comes first.  Only the ranges that hold a
 * term are touched (score and touched are scratch arrays of nrg, score all
 * 0, left so): the work is the unit's terms' postings, not the law's
 * length, for each of the many units a law is aligned with. */
static int best_ranges(run *r, const cand *c, size_t u, const lf_q_range *rg, size_t nrg, const double *len_norm,
                       double *score, unsigned *nterms, size_t *touched, size_t *out, unsigned *out_terms,
                       size_t *nout, lf_err *err)
{
	const unit_state *s = &r->us[u];
	size_t nt = 0, k = 0;
	int rc = 0;

	for (size_t t = 0; t < s->nterms && !rc; t++) {
		size_t n;
		const unsigned *v;
		rc = term_ranges(r, c, s->terms[t].term, rg, nrg, &v, &n, err);
		for (size_t j = 0; v && j < n; j++) {
			size_t i = v[2 * j];
			double tf = v[2 * j + 1];
			if (score[i] == 0)
				touched[nt++] = i;
			score[i] += s->terms[t].w * tf * 2.2 / (tf + len_norm[i]);
			nterms[i]++;
		}
	}
	for (size_t j = 0; j < nt && !rc; j++) {
		size_t i = touched[j], at = k < PROVS_PER_UNIT ? k : PROVS_PER_UNIT;
		if (k == PROVS_PER_UNIT && !range_before(score, i, out[k - 1]))
			continue;
		while (at > 0 && range_before(score, i, out[at - 1])) {
			if (at < PROVS_PER_UNIT)
				out[at] = out[at - 1];
			at--;
		}
		out[at] = i;
		if (k < PROVS_PER_UNIT)
			k++;
	}
	for (size_t j = 0; j < k; j++)
		out_terms[j] = nterms[out[j]];
	for (size_t j = 0; j < nt; j++) {
		score[touched[j]] = 0;
		nterms[touched[j]] = 0;
	}
	*nout = k;
	return rc;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* An upper bound on the equal pairs of any alignment of the unit with a
 * provision: a token aligns at most once on each side, so it is the sum
 * over token ids of the smaller of their counts, the unit's given as its
 * sorted unmasked tokens ua[nua], the provision's as p->sorted.  It stops
 * counting at need. */
static size_t match_bound(const uint32_t *ua, size_t nua, const prov_cache *p, size_t need)
{
	size_t m = 0;

	for (size_t i = 0; i < nua && m < need;) {
		size_t j = i, lo = 0, hi = p->nsorted, a, b;
		while (j < nua && ua[j] == ua[i])
			j++;
		while (lo < hi) { /* first >= ua[i] */
			size_t mid = lo + (hi - lo) / 2;
			if (p->sorted[mid] < ua[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		a = lo;
		for (b = a; b < p->nsorted && p->sorted[b] == ua[i]; b++)
			;
		m += j - i < b - a ? j - i : b - a;
		i = j;
	}
	return m;
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

/* What aligning one candidate law holds. */
typedef struct cand_state {
	lf_buf data, tmp;          /* the law's record; scratch */
	lf_q_range *rg;            /* its units' ranges */
	size_t nrg, law_len;
	double *len_norm, *score;  /* per range: BM25's length part; scratch (best_ranges) */
	unsigned *nterms;          /* per range: scratch (best_ranges) */
	size_t *touched;
	prov_cache *pc;            /* per range (a law without ranges: [0], its preface) */
	lf_chunk_cache cache;
	uint32_t *ua;              /* scratch: a unit's sorted unmasked tokens */
	passage_tmp *ps;           /* the passages found, in the draft's order */
	size_t nps, capps;
	uint8_t **dcov;            /* per draft unit: its tokens covered by this law */
} cand_state;

/* Provision ri's text and tokens into cs->pc[ri], once (a provision
 * without text stays empty: no passage).  Returns 0 or an error in err
 * (the index could not be read, out of memory). */
static int prov_load(run *r, const cand *c, cand_state *cs, size_t ri, lf_err *err)
{
	prov_cache *p = &cs->pc[ri];
	int rc;

	if (p->loaded)
		return 0;
	if (cs->rg[ri].chunk >= 0) {
		if ((rc = lf_q_text_at(r->db, c->id, cs->rg[ri].chunk, cs->rg[ri].off, cs->rg[ri].len, &cs->cache,
		                       &cs->tmp, err)) != 0)
			return rc;
		if (!(p->text = malloc(cs->tmp.n + 1)))
			return lf_err_set(err, LF_ENOMEM, "out of memory");
		memcpy(p->text, lf_buf_str(&cs->tmp), cs->tmp.n + 1);
		p->n = cs->tmp.n;
		if ((rc = lf_q_tokens(p->text, p->n, 0, &p->t)) != 0)
			return lf_err_set(err, rc, "out of memory");
	}
	p->loaded = 1;
	return 0;
}

/* p->sorted, once: its first LF_ALIGN_MAX token ids, sorted. */
static int prov_sorted(prov_cache *p)
{
	if (p->sorted || !p->t.n)
		return 0;
	p->nsorted = p->t.n < LF_ALIGN_MAX ? p->t.n : LF_ALIGN_MAX;
	if (!(p->sorted = malloc(p->nsorted * sizeof *p->sorted)))
		return LF_ENOMEM;
	memcpy(p->sorted, p->t.id, p->nsorted * sizeof *p->sorted);
	qsort(p->sorted, p->nsorted, sizeof *p->sorted, cmp_u32);
	return 0;
}

static int grow_passages(cand_state *cs)
{
	size_t cap = cs->capps ? cs->capps * 2 : 8;
	passage_tmp *g = realloc(cs->ps, cap * sizeof *g);

	if (!g)
		return 0;
	cs->ps = g;
	cs->capps = cap;
	return 1;
}

/* Aligns draft unit u with candidate c's best provisions for it: the best
 * passage, then the best of what is left of the unit (a long unit may hold
 * several copies), each from min_score on.  Appends them to cs->ps and
 * sets cs->dcov[u].  Work is skipped only where it cannot change what is
 * found: a unit too short to score min_score; a provision sharing too few
 * of the unit's tokens to score min_score, or more than the best
 * provision so far (match_bound); the parts of a provision where no such
 * alignment can lie (lf_align_min); and, once MAX_CELLS cells were
 * computed for the draft, all of it (r->partial). */
static int align_unit(run *r, const cand *c, cand_state *cs, size_t u, int proposed, lf_err *err)
{
	unit_state *s = &r->us[u];
	size_t best[PROVS_PER_UNIT], nbest, na = s->t.n < LF_ALIGN_MAX ? s->t.n : LF_ALIGN_MAX;
	unsigned best_terms[PROVS_PER_UNIT], min_terms = 0;
	uint8_t *amask;
	int rounds, rc;

	if (!s->t.n || (double)na * r->match < s->min_score || r->partial)
		return 0;
	if ((rc = lf_budget_check(&r->db->budget, err)) != 0 ||
	    (rc = best_ranges(r, c, u, cs->rg, cs->nrg, cs->len_norm, cs->score, cs->nterms, cs->touched, best,
	                      best_terms, &nbest, err)) != 0)
		return rc;
	if (!cs->nrg && cs->pc[0].t.n) {
		best[0] = 0; /* the preface */
		best_terms[0] = UINT_MAX;
		nbest = 1;
	}
	/* a unit that did not propose this law (one of the strongest, aligned
	 * with every unit) is aligned only with provisions that share a few of
	 * its distinctive words, not one: most units share a word or two with
	 * a long law, and aligning them all was most of the work on a big
	 * draft, for no passage */
	if (!proposed)
		min_terms = s->nterms < FULL_MIN_TERMS ? (unsigned)s->nterms : FULL_MIN_TERMS;
	if (!nbest)
		return 0;
	if (!(amask = calloc(s->t.n, 1)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	rounds = 2 + (int)(s->t.n / 150);
	if (rounds > 8)
		rounds = 8;
	for (int round = 0; round < rounds && !rc; round++) {
		passage_tmp top;
		size_t nua = 0;
		memset(&top, 0, sizeof top);
		for (size_t i = 0; i < na; i++)
			if (!amask[i])
				cs->ua[nua++] = s->t.id[i];
		qsort(cs->ua, nua, sizeof *cs->ua, cmp_u32);
		for (size_t b = 0; b < nbest && !rc; b++) {
			size_t ri = best[b];
			prov_cache *p = &cs->pc[ri];
			lf_alignment al;
			/* what this provision must score to matter: min_score, and
			 * more than the best so far (a tie keeps the earlier one) */
			double floor = top.a.score < s->min_score ? s->min_score : nextafter(top.a.score, INFINITY);
			if (cs->nrg && (rc = prov_load(r, c, cs, ri, err)) != 0)
				break;
			if (!p->t.n || best_terms[b] < min_terms)
				continue;
			if ((rc = prov_sorted(p)) != 0) {
				lf_err_set(err, rc, "out of memory");
				break;
			}
			if ((double)match_bound(cs->ua, nua, p, (size_t)ceil(floor / r->match) + 1) * r->match < floor)
				continue; /* it cannot score that: never the passage */
			if (lf_aligner_cells(r->al) > MAX_CELLS) {
				r->partial = 1;
				break;
			}
			if ((rc = lf_align_min(r->al, s->t.id, s->t.n, amask, p->t.id, p->t.n, floor, &al, NULL, NULL)) != 0) {
				lf_err_set(err, rc, "out of memory");
				break;
			}
			if (al.score > top.a.score) {
				top.a = al;
				top.unit = u;
				top.range = ri;
			}
		}
		if (rc || r->partial || top.a.score < s->min_score || top.a.matches < MIN_MATCHED)
			break;
		/* again with hits recorded, for the marks */
		top.a_hit = calloc(s->t.n, 1);
		top.b_hit = calloc(cs->pc[top.range].t.n + 1, 1);
		if (!top.a_hit || !top.b_hit || (cs->nps == cs->capps && !grow_passages(cs))) {
			free(top.a_hit);
			free(top.b_hit);
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		if ((rc = lf_align_min(r->al, s->t.id, s->t.n, amask, cs->pc[top.range].t.id, cs->pc[top.range].t.n,
		                       top.a.score, &top.a, top.a_hit, top.b_hit)) != 0) {
			free(top.a_hit);
			free(top.b_hit);
			lf_err_set(err, rc, "out of memory");
			break;
		}
		for (size_t i = top.a.a_start; i < top.a.a_end; i++)
			amask[i] = 1;
		cs->ps[cs->nps++] = top;
	}
	if (!rc)
		cs->dcov[u] = amask; /* the covered draft tokens */
	else
		free(amask);
	return rc;
}

/* A field of a law's record into arena a (NULL: out of memory). */
static const char *rec_field(const lf_buf *data, const char *key, lf_buf *tmp, lf_arena *a)
{
	lf_buf_reset(tmp);
	if (lf_rec_get(lf_buf_str(data), data->n, key, tmp) < 0)
		return NULL;
	return lf_arena_strndup(a, lf_buf_str(tmp), tmp->n);
}

/* Fills h from candidate c's record and the passages found (cs).  Returns
 * 0, or LF_ENOMEM in err: no field or passage is left out. */
static int fill_hit(run *r, const cand *c, cand_state *cs, lf_arena *a, lf_similar_hit *h, lf_err *err)
{
	size_t covered = 0, draft_len = 0, *want;
	lf_toc_view *ent;
	lf_tagged_law t;
	int rc = 0;

	/* score: the share of the draft's tokens covered */
	for (size_t u = 0; u < r->d->nunits; u++) {
		draft_len += r->us[u].t.n;
		for (size_t i = 0; cs->dcov[u] && i < r->us[u].t.n; i++)
			covered += cs->dcov[u][i];
	}
	h->id = lf_q_str(a, c->id, strlen(c->id));
	h->score = draft_len ? (double)covered / (double)draft_len : 0;
	h->near_duplicate = same_law(r->d->law_id, c->id) ||
	                    (h->score >= 0.8 && cs->law_len && draft_len >= 0.8 * (double)cs->law_len &&
	                     (double)draft_len <= 1.25 * (double)cs->law_len);
	if (lf_tagrec_parse(lf_buf_str(&cs->data), cs->data.n, a, &t) != 0)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	{
		size_t k = 0;
		for (size_t i = 0; i < t.nrisks; i++)
			if (t.risks[i].tagged)
				t.risks[k++] = t.risks[i];
		h->risks = t.risks;
		h->nrisks = k;
		h->layers = t.layers;
		h->nlayers = t.nlayers;
	}
	if (!(h->path = rec_field(&cs->data, "path", &cs->tmp, a)) ||
	    !(h->title = rec_field(&cs->data, "title", &cs->tmp, a)) ||
	    !(h->jurisdiction = rec_field(&cs->data, "jurisdiction", &cs->tmp, a)) ||
	    !(h->language = rec_field(&cs->data, "language", &cs->tmp, a)) ||
	    !(h->format = rec_field(&cs->data, "format", &cs->tmp, a)) ||
	    !(h->year = rec_field(&cs->data, "year", &cs->tmp, a)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	h->passages = lf_arena_alloc(a, cs->nps * sizeof *h->passages);
	/* the provisions' labels, in one pass over the record */
	want = malloc(cs->nps * sizeof *want);
	ent = malloc(cs->nps * sizeof *ent);
	if (!h->passages || !want || !ent) {
		free(want);
		free(ent);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < cs->nps; i++)
		want[i] = cs->nrg ? cs->rg[cs->ps[i].range].toc : (size_t)-1;
	if (lf_q_toc_entries(&cs->data, want, cs->nps, a, ent) != 0)
		rc = LF_ENOMEM;
	/* cs->ps is in the draft's order: units were aligned in order */
	for (size_t i = 0; i < cs->nps && !rc; i++) {
		lf_passage *p = &h->passages[h->npassages];
		const passage_tmp *pt = &cs->ps[i];
		const lf_draft_unit *du = &r->d->units[pt->unit];
		const prov_cache *pv = &cs->pc[pt->range];
		p->draft_id = du->id;
		p->draft_label = du->label;
		p->draft_text = lf_q_marked(a, du->text, &r->us[pt->unit].t, pt->a.a_start, pt->a.a_end,
		                            pt->a_hit + pt->a.a_start);
		p->prov_id = *ent[i].id ? ent[i].id : "preface";
		p->label = ent[i].label;
		p->heading = ent[i].heading;
		p->text = lf_q_marked(a, pv->text, &pv->t, pt->a.b_start, pt->a.b_end, pt->b_hit + pt->a.b_start);
		if (!p->draft_text || !p->text)
			rc = LF_ENOMEM;
		p->score = pt->a.score;
		p->draft_tokens = (unsigned)(pt->a.a_end - pt->a.a_start);
		p->matched = (unsigned)pt->a.matches;
		h->align_score += pt->a.score;
		h->npassages++;
	}
	free(want);
	free(ent);
	/* lf_q_str gives "" when the arena fails: it says so */
	if (rc || lf_arena_failed(a))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	return 0;
}

/* The candidate's ranges, their BM25 length parts and scratch, and its
 * provision caches: a law without ranges (unstructured text) has its
 * preface as the one passage source. */
static int cand_start(run *r, const cand *c, cand_state *cs, lf_err *err)
{
	double avglen = 0;
	char term[600];
	int rc;

	snprintf(term, sizeof term, LF_TERM_ID "%s", c->id);
	if ((rc = lf_xdb_term_data(r->db->x, term, &cs->data, err)) == LF_ENOTFOUND) {
		lf_err_clear(err);
		return 1; /* a provision without its law: nothing to align */
	}
	if (rc)
		return rc;
	if (lf_rec_get(lf_buf_str(&cs->data), cs->data.n, "ranges", &cs->tmp) < 0)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	cs->nrg = cs->tmp.n ? lf_q_ranges_parse(lf_buf_str(&cs->tmp), &cs->rg) : 0;
	if (cs->tmp.n && !cs->rg)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t i = 0; i < cs->nrg; i++) {
		cs->law_len += cs->rg[i].end - cs->rg[i].start + 1;
		avglen += (double)(cs->rg[i].end - cs->rg[i].start + 1);
	}
	if (cs->nrg)
		avglen /= (double)cs->nrg;
	cs->pc = calloc(cs->nrg + 1, sizeof *cs->pc);
	cs->len_norm = malloc((cs->nrg + 1) * sizeof *cs->len_norm);
	cs->score = calloc(cs->nrg + 1, sizeof *cs->score);
	cs->touched = malloc((cs->nrg + 1) * sizeof *cs->touched);
	cs->nterms = calloc(cs->nrg + 1, sizeof *cs->nterms);
	cs->dcov = calloc(r->d->nunits + 1, sizeof *cs->dcov);
	cs->ua = malloc(LF_ALIGN_MAX * sizeof *cs->ua);
	if (!cs->pc || !cs->len_norm || !cs->score || !cs->touched || !cs->nterms || !cs->dcov || !cs->ua)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t i = 0; i < cs->nrg; i++)
		cs->len_norm[i] = 1.2 * (0.25 + 0.75 * (double)(cs->rg[i].end - cs->rg[i].start + 1) / avglen);
	if (!cs->nrg) {
		prov_cache *p = &cs->pc[0];
		lf_buf_reset(&cs->tmp);
		if (lf_rec_get(lf_buf_str(&cs->data), cs->data.n, "preface", &cs->tmp) < 0)
			return lf_err_set(err, LF_ENOMEM, "out of memory");
		p->loaded = 1;
		if (cs->tmp.n) {
			if (!(p->text = malloc(cs->tmp.n + 1)))
				return lf_err_set(err, LF_ENOMEM, "out of memory");
			memcpy(p->text, lf_buf_str(&cs->tmp), cs->tmp.n + 1);
			p->n = cs->tmp.n;
			if ((rc = lf_q_tokens(p->text, p->n, 0, &p->t)) != 0)
				return lf_err_set(err, rc, "out of memory");
			cs->law_len = p->t.n;
		}
	}
	return 0;
}

static void cand_end(run *r, cand_state *cs)
{
	for (size_t i = 0; cs->pc && i < (cs->nrg ? cs->nrg : 1); i++) {
		lf_q_toks_free(&cs->pc[i].t);
		free(cs->pc[i].text);
		free(cs->pc[i].sorted);
	}
	for (size_t i = 0; i < cs->nps; i++) {
		free(cs->ps[i].a_hit);
		free(cs->ps[i].b_hit);
	}
	for (size_t u = 0; cs->dcov && u < r->d->nunits; u++)
		free(cs->dcov[u]);
	free(cs->dcov);
	free(cs->ps);
	free(cs->pc);
	free(cs->rg);
	free(cs->len_norm);
	free(cs->score);
	free(cs->touched);
	free(cs->nterms);
	free(cs->ua);
	lf_q_chunk_free(&cs->cache);
	lf_buf_free(&cs->data);
	lf_buf_free(&cs->tmp);
	memo_clear(&r->pos, 1); /* the ranges are the candidate's */
}

/* Aligns candidate c with the draft units that proposed it (every unit,
 * for one of the strongest candidates); fills h if it holds a passage. */
static int align_candidate(run *r, cand *c, lf_arena *a, lf_similar_hit *h, lf_err *err)
{
	cand_state cs;
	size_t nu = c->all ? r->d->nunits : c->nunits, next = 0;
	int rc;

	memset(&cs, 0, sizeof cs);
	lf_buf_init(&cs.data, 0);
	lf_buf_init(&cs.tmp, 0);
	lf_q_chunk_init(&cs.cache);
	rc = cand_start(r, c, &cs, err);
	if (rc == 1)
		rc = 0;
	else
		for (size_t k = 0; k < nu && !rc; k++) {
			size_t u = c->all ? k : c->units[k];
			int proposed = next < c->nunits && c->units[next] == u; /* both in the draft's order */
			next += proposed;
			rc = align_unit(r, c, &cs, u, proposed, err);
		}
	if (!rc && cs.nps)
		rc = fill_hit(r, c, &cs, a, h, err);
	cand_end(r, &cs);
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
	stemmers sts;
	lf_xstemmer *st = NULL;
	run r;
	memo dfs = LF_MAP_INIT;
	int rc = 0;
	size_t nh = 0, nmade = 0, limit = o && o->limit ? o->limit : 10;

	*out = NULL;
	memset(&r, 0, sizeof r);
	memset(&sts, 0, sizeof sts);
	r.db = db;
	r.d = d;
	r.min_passage = o && o->min_passage > 0 ? o->min_passage : DEFAULT_MIN_PASSAGE;
	r.match = params.match;
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
		if (lang && (rc = stemmer_for(&sts, lang, &st, err)) != 0)
			break;
		if ((rc = lf_budget_check(&db->budget, err)) != 0)
			break;
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
	free(r.cidx); /* by docid: r.c is sorted next */
	r.cidx = NULL;
	if (rc)
		goto out;
	nmade = r.nc;
	if (r.nc)
		qsort(r.c, r.nc, sizeof *r.c, cmp_cand);
	if (r.nc > MAX_CANDIDATES)
		r.nc = MAX_CANDIDATES; /* the most proposed ones */
	/* the strongest candidates are aligned with every unit of the draft,
	 * not only the units that proposed them: a copied penalty clause
	 * proposes other laws than the data protection act it came from
	 * (align_unit: only with the provisions holding FULL_MIN_TERMS of a
	 * unit's words, when the unit did not propose the law) */
	for (size_t i = 0; i < r.nc && i < FULL_CANDIDATES; i++)
		r.c[i].all = 1;
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
	res->partial = r.partial;
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
	free(r.cidx);
	lf_aligner_free(r.al);
	for (int i = 0; i < sts.n; i++)
		lf_xstemmer_free(sts.st[i]);
	memo_clear(&dfs, 0);
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
	if (!(d->path = rec_field(&data, "path", &tmp, d->arena)) ||
	    !(d->title = rec_field(&data, "title", &tmp, d->arena)) ||
	    !(d->language = rec_field(&data, "language", &tmp, d->arena))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	lf_buf_reset(&tmp);
	if (lf_rec_get(lf_buf_str(&data), data.n, "ranges", &tmp) < 0) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	nrg = tmp.n ? lf_q_ranges_parse(lf_buf_str(&tmp), &rg) : 0;
	d->units = calloc(nrg + 1, sizeof *d->units);
	want = malloc((nrg + 1) * sizeof *want);
	ent = malloc((nrg + 1) * sizeof *ent);
	if ((tmp.n && !rg) || !d->units || !want || !ent ||
	    (rc = lf_tagrec_parse(lf_buf_str(&data), data.n, d->arena, &d->tags))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nrg; i++)
		want[i] = rg[i].toc;
	if (lf_q_toc_entries(&data, want, nrg, d->arena, ent) != 0) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nrg && !rc; i++) {
		lf_draft_unit *u = &d->units[d->nunits];
		if (rg[i].chunk < 0)
			continue;
		if ((rc = lf_budget_check(&db->budget, err)) != 0 ||
		    (rc = lf_q_text_at(db, law_id, rg[i].chunk, rg[i].off, rg[i].len, &cache, &tmp, err)) != 0)
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
		if (lf_rec_get(lf_buf_str(&data), data.n, "preface", &tmp) < 0)
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		else if (tmp.n) {
			d->units[0].id = "preface";
			d->units[0].label = "";
			d->units[0].text = lf_q_str(d->arena, lf_buf_str(&tmp), tmp.n);
			d->units[0].n = tmp.n;
			d->nunits = 1;
		}
	}
	if (!rc && !d->nunits)
		rc = lf_err_set(err, LF_EEMPTY, "%s: the law has no text to compare", law_id);
	if (!rc && lf_arena_failed(d->arena)) /* lf_q_str gave "" */
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
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
