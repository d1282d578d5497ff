/*
 * lexicon.h - the bilingual dictionaries, compiled into one lookup file.
 *
 * tools/mklexicon.c compiles Debian's dictionaries (dict-de-en and the
 * FreeDict packages) and the vendored CC-CEDICT into one sorted file at build
 * time (LF_LEXICON_FILE in the build tree; installed under share/lexfrag/).
 * A lookup maps a source word or phrase, as its key (lf_lexicon_key), to its
 * translations in another language.  Pairs with no dictionary of their own
 * go through English (de -> en -> fr).
 */
#ifndef LF_LEXICON_H
#define LF_LEXICON_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

typedef struct lf_lexicon lf_lexicon;

/* Opens the compiled lexicon at path; path NULL: $LF_LEXICON, then the
 * build tree's, then the installed one.  With no file at the default places
 * *out is NULL and 0 is returned (translation by the thesaurus only); a file
 * named but unreadable or malformed is an error (LF_EIO, LF_EFORMAT). */
int lf_lexicon_open(const char *path, lf_lexicon **out, lf_err *err);
void lf_lexicon_free(lf_lexicon *lx);

/* The key of the word or phrase p[0..n) of language lang into out: NFKC
 * casefolded, each word stemmed by lang's Xapian stemmer (where there is
 * one), words joined by one space; for languages written without spaces
 * (zh, ja) the folded text with every space removed.  The thesaurus and the
 * lexicon index their labels by the same key.  Returns 0 or LF_ENOMEM. */
int lf_lexicon_key(const char *lang, const char *p, size_t n, lf_buf *out);

/* Calls fn(text, n, ctx) for each translation of key (an lf_lexicon_key of
 * language src) into language dst, best first, at most max of them.  Returns
 * the number of translations (0: none). */
int lf_lexicon_each(const lf_lexicon *lx, const char *src, const char *key, const char *dst, size_t max,
                    void (*fn)(const char *text, size_t n, void *ctx), void *ctx);

/* The most words in one source phrase of the lexicon (for longest-match). */
unsigned lf_lexicon_max_words(const lf_lexicon *lx);

#endif
