/*
 * thesaurus.h - the field's own multilingual thesaurus (schemas/thesaurus.xml,
 * checked against schemas/thesaurus.rng like the taxonomy).
 *
 * A concept has a preferred label and alternative labels in every language of
 * the corpus ("personal data": personal information, 个人信息, personenbezogene
 * Daten, data pribadi ...).  Query translation (query/translate.c) and
 * cross-lingual precedent (precedent/) map a word or phrase of one language
 * to the concept's labels in another.  The built-in thesaurus is embedded in
 * the library; users extend it with --thesaurus FILE (same schema; a concept
 * id already known gains the file's labels).
 */
#ifndef LF_THESAURUS_H
#define LF_THESAURUS_H

#include <stddef.h>

#include "core/err.h"

typedef struct lf_thesaurus lf_thesaurus;

/* The built-in thesaurus, plus the file extra if not NULL.  An extra file
 * that cannot be read or does not validate is an error naming the file and
 * the reason (LF_EIO, LF_EFORMAT). */
int lf_thesaurus_load(const char *extra, lf_thesaurus **out, lf_err *err);
void lf_thesaurus_free(lf_thesaurus *th);

/* The concepts whose label in language lang has key (an lf_lexicon_key of
 * lang): up to max of their indexes into out; returns how many. */
size_t lf_thesaurus_find(const lf_thesaurus *th, const char *lang, const char *key, int *out, size_t max);

/* The labels of concept c in language lang (preferred first): *labels
 * points at them; returns how many (0 if none in that language). */
size_t lf_thesaurus_labels(const lf_thesaurus *th, int c, const char *lang, const char *const **labels);

/* The id of concept c; the number of concepts; the most words in a label
 * (counted as lf_lexicon_key's words; a CJK label counts its characters). */
const char *lf_thesaurus_id(const lf_thesaurus *th, int c);
size_t lf_thesaurus_count(const lf_thesaurus *th);
unsigned lf_thesaurus_max_words(const lf_thesaurus *th);

#endif
