/*
 * crossling.h - searching every language of the index with the query
 * translated into it (issue 19): the translator, made once per process and
 * thesaurus, and a translation as a Xapian query of one language.
 */
#ifndef LF_CROSSLING_H
#define LF_CROSSLING_H

#include "query/query.h"
#include "query/translate.h"

/* What a translated group weighs, per source word it stands for, against
 * a word of the query as written (crossling.c). */
#define LF_Q_TR_WEIGHT 0.6

/* The translator for the built-in thesaurus plus the file thesaurus (NULL:
 * none), from the process's cache; *owned: the caller frees it (the cache
 * was full). */
int lf_q_translator(const char *thesaurus, lf_translator **out, int *owned, lf_err *err);

/* The translation t (into lang) as one query: the OR of its groups, each
 * the OP_SYNONYM of its alternatives (so that a word with many
 * translations weighs no more than one with few).  *out NULL if nothing
 * of it can be matched. */
int lf_q_translated_query(lf_db *db, const lf_translation *t, const char *lang, lf_xquery **out, lf_err *err);
/* The same for a translation into the query's own language: only the groups
 * of thesaurus concepts, whose other labels are the synonyms (crossling.c,
 * SYN_WEIGHT). */
int lf_q_synonym_query(lf_db *db, const lf_translation *t, const char *lang, lf_xquery **out, lf_err *err);

#endif
