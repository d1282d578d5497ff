/*
 * evidence.h - a law's evidence provisions as a search hit's provisions:
 * why it matched a risk category or a concept (evidence.c).
 */
#ifndef LF_QUERY_EVIDENCE_H
#define LF_QUERY_EVIDENCE_H

#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "lexfrag/lexfrag.h"
#include "query/query.h"

/* Sets h->provs to the law's strongest evidence provisions (t, read from
 * its record law_data) for the categories in mask (bit = category index),
 * one per provision, strongest first, at most max; their snippets are the
 * evidence excerpts with the evidence words marked, their score the
 * evidence's strength (0..1), kind and heading from the law's contents
 * (law_data; NULL leaves them "").  Strings live in a or in t.  A law with
 * no such evidence keeps h->nprovs 0.  Returns 0 or LF_ENOMEM. */
int lf_q_evidence_provisions(const lf_db *db, uint64_t mask, const lf_tagged_law *t, const lf_buf *law_data,
                             unsigned max, lf_arena *a, lf_hit *h);

/* The categories the law is tagged with (its risk lines reaching the
 * threshold), as a mask of category indexes of db. */
uint64_t lf_q_law_mask(const lf_db *db, const lf_tagged_law *t);

#endif
