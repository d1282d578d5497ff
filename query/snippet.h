/*
 * snippet.h - highlighted extracts of provision text for search results.
 *
 * The matched words are found the way the index found them: each word of the
 * text is normalised (lf_normalize) and stemmed in the law's language, then
 * looked up among the query's terms; CJK text is matched by its unigrams and
 * bigrams.  Matches are wrapped in LF_MARK_START / LF_MARK_END.
 */
#ifndef LF_SNIPPET_H
#define LF_SNIPPET_H

#include <stddef.h>

#include "core/buf.h"
#include "core/store/lfxapian.h"

typedef struct lf_terms lf_terms;

lf_terms *lf_terms_new(void);
void lf_terms_free(lf_terms *t);
/* Adds a query term; terms with an upper-case prefix (boolean filters,
 * title:/heading: terms) are kept without the prefix when it is S or H,
 * and ignored otherwise.  Out of memory, the set remembers it and every
 * lf_snippet with it fails. */
void lf_terms_add(lf_terms *t, const char *term);

/* Writes to out (appending) an extract of at most about max_bytes of text,
 * the window with the most distinct matched terms, with matches marked and
 * "…" where the text was cut.  Returns 0 or LF_ENOMEM. */
int lf_snippet(const char *text, size_t n, const lf_terms *terms, lf_xstemmer *st,
               size_t max_bytes, lf_buf *out);

#endif
