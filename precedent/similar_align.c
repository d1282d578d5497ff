/*
 * similar_align.c - 'similar', step 3 (similar.c has the overview): a
 * draft unit aligned with the provisions of a candidate law that hold
 * most of its distinctive words (BM25 over the law's position ranges), by
 * Smith-Waterman with affine gaps (precedent/align.h), with the work a
 * result cannot depend on skipped.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/text/text.h"
#include "precedent/similar_int.h"

/* --------------------------------------------------------- alignment */

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
	if (lf_sim_memo_put(&r->pos, term, (lf_map_val){ .p = v }) != 0) {
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
int lf_sim_best_ranges(run *r, const cand *c, size_t u, const lf_q_range *rg, size_t nrg, const double *len_norm,
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

int lf_sim_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* An upper bound on the equal pairs of any alignment of the unit with a
 * provision: a token aligns at most once on each side, so it is the sum
 * over token ids of the smaller of their counts, the unit's given as its
 * sorted unmasked tokens ua[nua], the provision's as p->sorted.  It stops
 * counting at need. */
size_t lf_sim_match_bound(const uint32_t *ua, size_t nua, const prov_cache *p, size_t need)
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

/* Provision ri's text and tokens into cs->pc[ri], once (a provision
 * without text stays empty: no passage).  Returns 0 or an error in err
 * (the index could not be read, out of memory). */
int lf_sim_prov_load(run *r, const cand *c, cand_state *cs, size_t ri, lf_err *err)
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
int lf_sim_prov_sorted(prov_cache *p)
{
	if (p->sorted || !p->t.n)
		return 0;
	p->nsorted = p->t.n < LF_ALIGN_MAX ? p->t.n : LF_ALIGN_MAX;
	if (!(p->sorted = malloc(p->nsorted * sizeof *p->sorted)))
		return LF_ENOMEM;
	memcpy(p->sorted, p->t.id, p->nsorted * sizeof *p->sorted);
	qsort(p->sorted, p->nsorted, sizeof *p->sorted, lf_sim_cmp_u32);
	return 0;
}

int lf_sim_grow_passages(cand_state *cs)
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
int lf_sim_align_unit(run *r, const cand *c, cand_state *cs, size_t u, int proposed, lf_err *err)
{
	unit_state *s = &r->us[u];
	size_t best[PROVS_PER_UNIT], nbest, na = s->t.n < LF_ALIGN_MAX ? s->t.n : LF_ALIGN_MAX;
	unsigned best_terms[PROVS_PER_UNIT], min_terms = 0;
	uint8_t *amask;
	int rounds, rc;

	if (!s->t.n || (double)na * r->match < s->min_score || r->partial)
		return 0;
	if ((rc = lf_budget_check(&r->db->budget, err)) != 0 ||
	    (rc = lf_sim_best_ranges(r, c, u, cs->rg, cs->nrg, cs->len_norm, cs->score, cs->nterms, cs->touched, best,
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
		qsort(cs->ua, nua, sizeof *cs->ua, lf_sim_cmp_u32);
		for (size_t b = 0; b < nbest && !rc; b++) {
			size_t ri = best[b];
			prov_cache *p = &cs->pc[ri];
			lf_alignment al;
			/* what this provision must score to matter: min_score, and
			 * more than the best so far (a tie keeps the earlier one) */
			double floor = top.a.score < s->min_score ? s->min_score : nextafter(top.a.score, INFINITY);
			if (cs->nrg && (rc = lf_sim_prov_load(r, c, cs, ri, err)) != 0)
				break;
			if (!p->t.n || best_terms[b] < min_terms)
				continue;
			if ((rc = lf_sim_prov_sorted(p)) != 0) {
				lf_err_set(err, rc, "out of memory");
				break;
			}
			if ((double)lf_sim_match_bound(cs->ua, nua, p, (size_t)ceil(floor / r->match) + 1) * r->match < floor)
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
		if (!top.a_hit || !top.b_hit || (cs->nps == cs->capps && !lf_sim_grow_passages(cs))) {
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
