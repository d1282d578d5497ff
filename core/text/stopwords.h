/*
 * stopwords.h - function words left out of free-text queries.
 *
 * Queries are OR-ed by default: a word such as "of" or "der" would match
 * nearly every law and cost time for no ranking signal.  They are dropped
 * from queries only (Xapian's QueryParser keeps them inside "phrases" and
 * after "+"); documents are indexed with every word.
 */
#ifndef LF_STOPWORDS_H
#define LF_STOPWORDS_H

/* NULL-terminated list for an ISO 639-1 language, or NULL. */
const char *const *lf_stopwords(const char *lang);

#endif
