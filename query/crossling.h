/*
 * crossling.h - searching every language of the index with the query
 * translated into it (issue 19): the translator, made once per process and
 * thesaurus, and a translation as a Xapian query of one language.
 */
#ifndef LF_CROSSLING_H
#define LF_CROSSLING_H

#include "query/query.h"
#include "query/translate.h"

/* The translator for the built-in thesaurus plus the file thesaurus (NULL:
 * none), from the process's cache; *owned: the caller frees it (the cache
 * was full). */
int lf_q_translator(const char *thesaurus, lf_translator **out, int *owned, lf_err *err);

/* The translation t (into lang) as one query: the OR of its groups, each
 * the OP_SYNONYM of its alternatives (so that a word with many
 * translations weighs no more than one with few).  *out NULL if nothing
 * of it can be matched. */
int lf_q_translated_query(lf_db *db, const lf_translation *t, const char *lang, double src_scale, lf_xquery **out,
                          lf_err *err);

/* The mean over q's terms of their idf among n_lang documents over their
 * idf in the whole index (at most 1 each; 1 if q has no term in the index):
 * how much of q's weight is real when it matches one language's documents
 * only (crossling.c). */
int lf_q_lang_scale(lf_db *db, const lf_xquery *q, double n_lang, double *scale, lf_err *err);

#endif
