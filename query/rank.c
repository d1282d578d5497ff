/*
 * rank.c - ranking laws on their best provisions: the second pass of a
 * relevance search.
 *
 * Xapian ranks whole laws with BM25 (a law is one document of all its text,
 * core/schema.h).  A long law that names the query's words in passing, here
 * and there, then scores close to the law whose provision is about the
 * topic.  So the first RANK_DEPTH laws of the match are scored again:
 *
 *   score = BM25 of the law + RANK_UNIT_WEIGHT x (u1 + u2 / 2 + u3 / 4)
 *
 * where u1 >= u2 >= u3 are the law's three best units for the query, each
 * scored by BM25 over the law's units (lf_q_unit_scores: the query words
 * falling inside the unit's range of positions, k1 1.2, b 0.75 against the
 * law's mean unit length, idf over the laws of the index).  The laws below
 * RANK_DEPTH keep Xapian's order, after them, so every page of a search
 * is cut from the same order.  Measured on the judged set (eval/README.md):
 * weights 1 to 4 and decays 0 to 1 all help; 2 and 1/2 help most.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/rec.h"
#include "core/schema.h"
#include "query/query.h"
#include "query/crossling.h"
#include "query/rank.h"
#include "core/text/text.h"

static void collect_term(const char *term, void *ctx)
{
	lf_q_qterms *t = ctx;

	/* body terms only: prefixed ones (boolean filters, S, H) start upper case */
	if (!*term || (term[0] >= 'A' && term[0] <= 'Z'))
		return;
	if (t->n == t->cap) {
		char **v = lf_grow(t->v, &t->cap, sizeof *v, 16);
		if (!v) {
			t->oom = 1;
			return;
		}
		t->v = v;
	}
	if ((t->v[t->n] = strdup(term)) != NULL)
		t->n++;
	else
		t->oom = 1;
}

/* A CJK word is matched as its characters and their pairs (a word of two
 * characters: three terms, where a word of another language is one), so
 * each of those terms counts a third: a Chinese law does not outrank the
 * law of another language that holds the same words as often (before,
 * "telecommunications" listed nine Chinese laws before Canada's
 * Telecommunications Act).  core/store/xquery.cc scales the query's CJK
 * words the same way. */
#define CJK_TERM_SHARE (1.0 / 3)
static int cjk_term(const char *term)
{
	unsigned cp;

	while (*term >= 'A' && *term <= 'Z')
		term++;
	return *term && (lf_u8dec(term, term + strlen(term), &cp), lf_is_cjk(cp));
}

int lf_q_qterms_get(lf_db *db, const lf_xquery *textq, lf_q_qterms *t, lf_err *err)
{
	unsigned nlaws = 1, df;
	int rc;

	if ((rc = lf_xdb_termfreq(db->x, LF_TERM_DOCLAW, &nlaws, err)) != 0)
		return rc;
	if ((rc = lf_xquery_terms_each(textq, collect_term, t)) != 0 || t->oom)
		return lf_err_set(err, rc ? rc : LF_ENOMEM, "%s", rc ? lf_strerror(rc) : "out of memory");
	if (!(t->idf = calloc(t->n + 1, sizeof *t->idf)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t i = 0; i < t->n; i++) {
		df = 0;
		if ((rc = lf_xdb_termfreq(db->x, t->v[i], &df, err)) != 0)
			return rc;
		t->idf[i] = log(1.0 + ((double)nlaws - df + 0.5) / ((double)df + 0.5));
		if (cjk_term(t->v[i]))
			t->idf[i] *= CJK_TERM_SHARE;
	}
	return 0;
}

void lf_q_qterms_free(lf_q_qterms *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	free(t->idf);
	memset(t, 0, sizeof *t);
}

int lf_q_unit_scores(lf_db *db, unsigned docid, const char *const *terms, const double *idf, size_t nterms,
                     lf_q_range *r, size_t nr, lf_err *err)
{
	double avglen = 0;
	size_t i, t;
	int rc = 0;

	for (i = 0; i < nr; i++) {
		r[i].score = 0;
		avglen += (double)(r[i].end - r[i].start + 1);
	}
	avglen = nr ? avglen / (double)nr : 1;
	for (t = 0; t < nterms && nr; t++) {
		unsigned *pos = NULL;
		size_t np = 0, lo;
		double *tf;
		if ((rc = lf_budget_check(&db->budget, err)) != 0 ||
		    (rc = lf_xdb_positions(db->x, docid, terms[t], &pos, &np, err)) != 0)
			break;
		if (!np)
			continue;
		tf = calloc(nr, sizeof *tf);
		if (!tf) {
			free(pos);
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		/* positions and ranges are both sorted: one merge pass */
		for (i = 0, lo = 0; i < np; i++) {
			while (lo < nr && r[lo].end < pos[i])
				lo++;
			if (lo < nr && r[lo].start <= pos[i])
				tf[lo] += 1;
		}
		for (i = 0; i < nr; i++)
			if (tf[i] > 0) {
				double len = (double)(r[i].end - r[i].start + 1);
				double norm = 1.2 * (0.25 + 0.75 * len / avglen);
				r[i].score += idf[t] * tf[i] * 2.2 / (tf[i] + norm);
			}
		free(tf);
		free(pos);
	}
	return rc;
}

/* The law's bonus from its units: u1 + u2/2 + u3/4 (see the top). */
static int unit_bonus(lf_db *db, unsigned docid, const char *const *terms, const double *idf, size_t nterms,
                      const lf_buf *law_data, lf_buf *tmp, double *bonus, lf_err *err)
{
	lf_q_range *r = NULL;
	double best[3] = {0, 0, 0};
	size_t nr, i;
	int rc;

	*bonus = 0;
	if (lf_rec_get(lf_buf_str(law_data), law_data->n, "ranges", tmp) < 0)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	if (!tmp->n)
		return 0;
	nr = lf_q_ranges_parse(lf_buf_str(tmp), &r);
	if (!r)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	rc = lf_q_unit_scores(db, docid, terms, idf, nterms, r, nr, err);
	for (i = 0; !rc && i < nr; i++) {
		double s = r[i].score;
		if (s > best[0]) {
			best[2] = best[1];
			best[1] = best[0];
			best[0] = s;
		} else if (s > best[1]) {
			best[2] = best[1];
			best[1] = s;
		} else if (s > best[2]) {
			best[2] = s;
		}
	}
	free(r);
	*bonus = RANK_UNIT_WEIGHT * (best[0] + best[1] / 2 + best[2] / 4);
	return rc;
}

static int cmp_ranked(const void *x, const void *y)
{
	const lf_q_ranked *a = x, *b = y;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	/* ties by law id, as the first pass breaks them */
	return strcmp(a->id, b->id);
}

int lf_q_rerank(lf_db *db, lf_xmset *ms, double scale, const lf_q_qterms *qt, lf_q_ranked *out, lf_err *err)
{
	size_t n = lf_xmset_size(ms), depth = n < RANK_DEPTH ? n : RANK_DEPTH, k, nt;
	const char **terms = calloc(qt->n + 1, sizeof *terms);
	double *idf = calloc(qt->n + 1, sizeof *idf);
	lf_buf id, data, tmp;
	int rc = 0, translated;

	if (!terms || !idf) {
		free(terms);
		free(idf);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}

	lf_buf_init(&id, 0);
	lf_buf_init(&data, 0);
	lf_buf_init(&tmp, 0);
	for (k = 0; k < n; k++)
		out[k].id = NULL;
	for (k = 0; k < n; k++) {
		unsigned docid;
		double w, bonus = 0;
		char term[600];
		out[k].k = k;
		if ((rc = lf_xmset_hit(ms, k, &docid, &w, err)) != 0)
			break;
		out[k].score = w * scale;
		if (k >= depth)
			continue;
		if ((rc = lf_xmset_value(ms, k, LF_SLOT_LAWID, &id, err)) != 0)
			break;
		if (!(out[k].id = strdup(lf_buf_str(&id)))) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		snprintf(term, sizeof term, LF_TERM_ID "%s", out[k].id);
		if ((rc = lf_xdb_term_data(db->x, term, &data, err)) == LF_ENOTFOUND) {
			rc = 0; /* units without their law document: a broken index, no bonus */
			continue;
		}
		if (rc)
			break;
		if (lf_rec_get(lf_buf_str(&data), data.n, "language", &tmp) < 0) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		nt = lf_q_qterms_for(qt, lf_buf_str(&tmp), terms, idf, &translated);
		if ((rc = unit_bonus(db, docid, terms, idf, nt, &data, &tmp, &bonus, err)) != 0)
			break;
		out[k].score += translated ? LF_Q_TR_WEIGHT * bonus : bonus;
	}
	if (!rc)
		qsort(out, depth, sizeof *out, cmp_ranked);
	for (k = 0; k < depth && k < n; k++) {
		free(out[k].id);
		out[k].id = NULL;
	}
	lf_buf_free(&id);
	lf_buf_free(&data);
	lf_buf_free(&tmp);
	free(terms);
	free(idf);
	return rc;
}

size_t lf_q_qterms_for(const lf_q_qterms *qt, const char *lang, const char **terms, double *idf, int *translated)
{
	const char *own = NULL;
	char key[300];
	size_t n = 0;

	*translated = 0;
	for (size_t i = 0; qt->tr && i < qt->tr->n; i++)
		if (!strcmp(qt->tr->lang[i], lang)) {
			own = qt->tr->terms[i];
			*translated = 1;
		}
	for (size_t t = 0; t < qt->n; t++) {
		int in = 0;
		snprintf(key, sizeof key, "\n%s\n", qt->v[t]);
		if (own)
			in = strstr(own, key) != NULL;
		else /* the query as written */
			in = !qt->tr || !qt->tr->home_terms || strstr(qt->tr->home_terms, key) != NULL;
		if (in) {
			terms[n] = qt->v[t];
			idf[n++] = qt->idf[t];
		}
	}
	return n;
}
