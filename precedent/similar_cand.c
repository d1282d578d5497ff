/*
 * similar_cand.c - 'similar', steps 1 and 2 (similar.c has the overview):
 * each draft unit's most distinctive words, as the indexer makes terms of
 * them, query the index; the laws they find are the candidates, each with
 * the units that proposed it.  Also the memos of what the index answered.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/schema.h"
#include "core/text/text.h"
#include "precedent/similar_int.h"

/* ------------------------------------------------------------ memos */

/* Keeps key (copied) -> v.  Returns 0, or LF_ENOMEM (then not kept: asked
 * again next time). */
int lf_sim_memo_put(memo *m, const char *key, lf_map_val v)
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
void lf_sim_memo_clear(memo *m, int vals)
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
int lf_sim_unit_terms(lf_db *db, memo *dfs, lf_xstemmer *st, const char *text, size_t n, unit_state *u,
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
		else if ((rc = lf_sim_memo_put(dfs, all[i].term, (lf_map_val){ .i = df })) != 0)
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

/* The stemmer for lang into *st (NULL: none; Xapian has none for it, or
 * 16 languages have one already: words are then left as they are).
 * Returns 0, or an error when it could not be made (out of memory, a
 * Xapian failure): words left unstemmed would find other laws. */
int lf_sim_stemmer_for(stemmers *s, const char *lang, lf_xstemmer **st, lf_err *err)
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
		cand *g = lf_grow(r->c, &r->capc, sizeof *g, 32);
		if (!g)
			return NULL;
		r->c = g;
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

int lf_sim_find_candidates(run *r, unsigned per_unit, lf_err *err)
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
		if (q && r->lang_filter) {
			/* a translated unit: the laws of the language it was
			 * translated into */
			char lt[32];
			lf_xquery *pair[2];
			snprintf(lt, sizeof lt, LF_TERM_LANG "%s", r->lang_filter);
			pair[0] = q;
			pair[1] = lf_xquery_term(lt);
			q = pair[1] ? lf_xquery_combine(LF_XOP_FILTER, pair, 2) : NULL;
			lf_xquery_free(pair[0]);
			lf_xquery_free(pair[1]);
		}
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
			unsigned docid;
			double w;
			if ((rc = lf_xmset_value(ms, i, LF_SLOT_LAWID, &tmp, err)) != 0 ||
			    (rc = lf_xmset_hit(ms, i, &docid, &w, err)) != 0)
				break;
			if (r->d->law_id && !strcmp(lf_buf_str(&tmp), r->d->law_id))
				continue; /* --law: not itself */
			if (!(c = cand_get(r, docid, lf_buf_str(&tmp))) || cand_add_unit(c, u))
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			else if (w > c->w)
				c->w = w;
		}
		lf_xmset_free(ms);
	}
	lf_buf_free(&tmp);
	return rc;
}

int lf_sim_cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	long long wx = llround(x->w * 1e9), wy = llround(y->w * 1e9); /* without rounding noise */
	if (x->nunits != y->nunits)
		return x->nunits < y->nunits ? 1 : -1;
	if (wx != wy)
		return wx < wy ? 1 : -1;
	return strcmp(x->id, y->id);
}
