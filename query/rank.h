/*
 * rank.h - the second pass of a relevance search: the first laws of the
 * match ranked again on their best provisions (rank.c says how).
 */
#ifndef LF_QUERY_RANK_H
#define LF_QUERY_RANK_H

#include <stddef.h>

#include "core/err.h"
#include "core/store/lfxapian.h"
#include "query/query.h"

/* How many of the first laws of a relevance match are ranked again. */
#define RANK_DEPTH 30
/* The weight of a law's best units against its BM25 score. */
#define RANK_UNIT_WEIGHT 2.0

/* The body terms of a full-text query (its words as stored, stemmed; no
 * prefixed term) with their idf over the laws of the index: what units
 * are scored with. */
typedef struct lf_q_qterms {
	char **v;
	double *idf;
	size_t n, cap;
	int oom; /* private */
	/* what the query was translated into (NULL: nothing): a law of a
	 * language it was translated into is scored with that branch's terms
	 * only and gains LF_Q_TR_WEIGHT of its units' bonus, as its words weigh
	 * in the first pass (crossling.c); any other law with the terms of no
	 * translated branch */
	const lf_q_trinfo *tr;
} lf_q_qterms;

/* The terms of qt that score a law of language lang, and their idf, into
 * terms and idf (room for qt->n each); returns how many, and in *translated
 * whether lang is one the query was translated into. */
size_t lf_q_qterms_for(const lf_q_qterms *qt, const char *lang, const char **terms, double *idf, int *translated);

/* Fills t (zeroed by the caller) from textq.  Returns 0, or an error (err
 * set); t is to be freed with lf_q_qterms_free either way. */
int lf_q_qterms_get(lf_db *db, const lf_xquery *textq, lf_q_qterms *t, lf_err *err);
void lf_q_qterms_free(lf_q_qterms *t);

/* Scores every unit r[0..nr) of the law document docid for the query terms
 * (body terms, as stored; idf[t] the weight of terms[t]) into r[i].score:
 * BM25 over the law's units (k1 1.2, b 0.75, the law's mean unit length).
 * r is sorted by position, as lf_q_ranges_parse leaves it.  Returns 0, or
 * the error of a position list that could not be read (err set). */
int lf_q_unit_scores(lf_db *db, unsigned docid, const char *const *terms, const double *idf, size_t nterms,
                     lf_q_range *r, size_t nr, lf_err *err);

/* One entry of a match in its new order: its index in the match, its score
 * as shown (the match's weight x scale, plus the units' bonus). */
typedef struct lf_q_ranked {
	size_t k;
	double score;
	char *id; /* private to lf_q_rerank */
} lf_q_ranked;

/* Ranks the match ms again: out (lf_xmset_size(ms) entries, the caller's)
 * gets its first RANK_DEPTH entries in their new order, then the others in
 * the match's order.  scale turns the match's weights into shown scores
 * (lf_q_plan.score_scale).  Returns 0 or an error (err set; out then holds
 * no pointer to free). */
int lf_q_rerank(lf_db *db, lf_xmset *ms, double scale, const lf_q_qterms *qt, lf_q_ranked *out, lf_err *err);

#endif
