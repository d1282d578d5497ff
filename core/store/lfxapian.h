/*
 * lfxapian.h - lexfrag's C API over libxapian (the only C++ in lexfrag lives
 * behind it, in core/store/x*.cc; store.h says which file does what).
 *
 * Handles are distinct incomplete types with a create/free pair; every free
 * accepts NULL.  Every function that can fail returns 0 or a negative status
 * (err.h) and fills err; no C++ exception ever crosses this boundary: each
 * entry point catches everything and maps it by class (lock -> LF_ELOCKED,
 * corrupt -> LF_ECORRUPT, opening -> LF_ENOTFOUND, query syntax -> LF_EQUERY,
 * std::bad_alloc -> LF_ENOMEM, anything else -> LF_EXAPIAN).  Strings handed
 * out are copied into caller buffers (lf_buf) or passed to callbacks that must
 * not keep the pointer past the call.
 *
 * A handle is used by one thread at a time; different handles may be used
 * from different threads at once.
 */
#ifndef LF_XAPIAN_H
#define LF_XAPIAN_H

#include <stddef.h>

#include "core/budget.h"
#include "core/buf.h"
#include "core/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lf_xdb lf_xdb;     /* a database open for reading (may be a stub of shards) */
typedef struct lf_xwdb lf_xwdb;   /* one shard open for writing */
typedef struct lf_xdoc lf_xdoc;   /* a document being built */
typedef struct lf_xtg lf_xtg;     /* term generator with per-language caching stemmers */
typedef struct lf_xquery lf_xquery;
typedef struct lf_xmset lf_xmset;

/* ---- writing ---- */

/* Opens (creating if create is set) a glass database for writing. */
int lf_xwdb_open(const char *path, int create, lf_xwdb **out, lf_err *err);
/* Commits pending changes and closes.  Returns the commit's status. */
int lf_xwdb_close(lf_xwdb *db, lf_err *err);
int lf_xwdb_commit(lf_xwdb *db, lf_err *err);
/* Adds a document; the document stays the caller's. */
int lf_xwdb_add(lf_xwdb *db, lf_xdoc *doc, lf_err *err);
/* Deletes every document indexed by term (no error if none). */
int lf_xwdb_delete_term(lf_xwdb *db, const char *term, lf_err *err);
/* Sets *n to the number of documents indexed by term. */
int lf_xwdb_termfreq(lf_xwdb *db, const char *term, unsigned *n, lf_err *err);
/* Data of the first document indexed by term into out; LF_ENOTFOUND if none. */
int lf_xwdb_term_data(lf_xwdb *db, const char *term, lf_buf *out, lf_err *err);
/* Metadata: a missing key reads as "" ; setting "" deletes the key. */
int lf_xwdb_get_metadata(lf_xwdb *db, const char *key, lf_buf *out, lf_err *err);
int lf_xwdb_set_metadata(lf_xwdb *db, const char *key, const char *value, lf_err *err);
/* Calls fn for every metadata key starting with prefix; stops early if fn
 * returns non-zero.  Keys and values are valid during the call only. */
int lf_xwdb_metadata_each(lf_xwdb *db, const char *prefix,
                          int (*fn)(const char *key, const char *value, void *ctx), void *ctx,
                          lf_err *err);
/* Writes a compacted copy of the database at src into the new directory
 * dest (xapian-compact), document ids kept. */
int lf_xcompact(const char *src, const char *dest, lf_err *err);

/* ---- documents ---- */

lf_xdoc *lf_xdoc_new(void); /* NULL on ENOMEM */
void lf_xdoc_free(lf_xdoc *doc);
int lf_xdoc_set_data(lf_xdoc *doc, const char *p, size_t n);
int lf_xdoc_add_boolean(lf_xdoc *doc, const char *term);
int lf_xdoc_set_value(lf_xdoc *doc, unsigned slot, const char *p, size_t n);
/* Stores v with Xapian::sortable_serialise, for sorting and ranges. */
int lf_xdoc_set_value_num(lf_xdoc *doc, unsigned slot, double v);

/* ---- term generation ---- */

lf_xtg *lf_xtg_new(void); /* NULL on ENOMEM */
void lf_xtg_free(lf_xtg *tg);
/* Starts a document: its terms go to doc, stemmed for language lang (ISO
 * 639-1; NULL or a language Xapian cannot stem means no stemming); term
 * positions restart at 1. */
int lf_xtg_start(lf_xtg *tg, lf_xdoc *doc, const char *lang);
/* Ends a document: the generator lets go of it.  Call before the document
 * is handed to another thread (the writer): Xapian's reference counts are
 * not atomic, and a generator still holding the document drops its
 * reference when the next one starts, racing with the writer's use of it
 * (a rare crash in the indexer, found by ThreadSanitizer). */
void lf_xtg_end(lf_xtg *tg);
/* Indexes normalised text with positions (prefix may be "" ). */
int lf_xtg_index(lf_xtg *tg, const char *p, size_t n, const char *prefix);
/* The last term position used in the current document, into *pos. */
int lf_xtg_termpos(lf_xtg *tg, unsigned *pos);
/* Leaves a gap in positions so phrases do not match across fields. */
int lf_xtg_gap(lf_xtg *tg, unsigned delta);
/* True if Xapian has a stemmer for this ISO 639-1 code. */
int lf_xstem_available(const char *lang);

/* A stemmer for one language (NULL or unknown: words are left as they are). */
typedef struct lf_xstemmer lf_xstemmer;
lf_xstemmer *lf_xstemmer_new(const char *lang);
void lf_xstemmer_free(lf_xstemmer *st);
/* Stems one normalised word into out (replacing its contents). */
int lf_xstemmer_stem(lf_xstemmer *st, const char *w, size_t n, lf_buf *out);

/* ---- reading ---- */

/* Opens a database (a glass directory or a stub file/directory of shards)
 * with the defaults of lf_xopen_opts. */
int lf_xdb_open(const char *path, lf_xdb **out, lf_err *err);

/* How lf_xdb_open_opts opens the shards of a stub. */
typedef struct lf_xopen_opts {
	unsigned timeout_ms;   /* remote shards: connecting, and each exchange; 0 = 10000 */
	int allow_partial;     /* a shard that cannot be opened is left out (on_skip), not an error */
	/* shard names (as lf_xshard_info.name) to leave out without trying */
	const char *const *exclude;
	size_t nexclude;
	/* called for each shard left out, with its name and the reason */
	void (*on_skip)(const char *shard, const char *reason, void *ctx);
	void *ctx;
} lf_xopen_opts;

/* Opens path as lf_xdb_open does, but reads stub files itself (the format
 * of Xapian 1.4's stubs: "auto|glass|chert PATH", "remote HOST:PORT",
 * "remote :PROGRAM ARGS", '#' comments; paths relative to the stub's
 * directory; stubs may list stubs, 8 deep at most) so that every remote
 * shard gets o's timeouts and a shard that fails is named: "shard
 * HOST:PORT (FILE line N): reason".  With allow_partial, shards that fail
 * are left out; LF_ENETWORK (or the local shard's error) if none is left.
 * o may be NULL (the defaults). */
int lf_xdb_open_opts(const char *path, const lf_xopen_opts *o, lf_xdb **out, lf_err *err);

/* One shard of an open database, as its stub listed it. */
typedef struct lf_xshard_info {
	const char *name;      /* "HOST:PORT", ":PROGRAM", or the local path (resolved) */
	const char *stub;      /* the stub file that lists it ("" for a database opened directly) */
	unsigned line;         /* its line in that stub (0 for none) */
	int remote;
	int up;                /* 0: left out (allow_partial or exclude) */
	const char *reason;    /* why it was left out ("" when up) */
} lf_xshard_info;

/* Calls fn for every shard, in the order of the combined database. */
void lf_xdb_shards_each(lf_xdb *db, void (*fn)(const lf_xshard_info *s, void *ctx), void *ctx);
size_t lf_xdb_nshards(lf_xdb *db);
/* The number of documents indexed by term in shard i (counting up shards
 * only); LF_ENOTFOUND for a shard that is not up. */
int lf_xdb_shard_termfreq(lf_xdb *db, size_t i, const char *term, unsigned *n, lf_err *err);
/* Metadata of shard i ("" if unset); LF_ENOTFOUND for a shard that is not up. */
int lf_xdb_shard_metadata(lf_xdb *db, size_t i, const char *key, lf_buf *out, lf_err *err);
/* After a call on this thread failed with LF_ENETWORK: the name of the
 * shard that failed (as lf_xshard_info.name) into buf, and 1; 0 if that is
 * not known. */
int lf_xnet_failed_shard(char *buf, size_t n);
void lf_xdb_close(lf_xdb *db);
/* Moves db to the index's latest committed revision (Xapian's reopen);
 * *changed says whether it may have changed.  Readers call it after
 * LF_EMODIFIED: a writer that commits twice while a reader reads discards
 * the revision being read. */
int lf_xdb_reopen(lf_xdb *db, int *changed, lf_err *err);
unsigned lf_xdb_doccount(lf_xdb *db);
int lf_xdb_termfreq(lf_xdb *db, const char *term, unsigned *n, lf_err *err);
/* Data of the first document indexed by term; LF_ENOTFOUND if none. */
/* Metadata of the first shard ("" if unset). */
int lf_xdb_get_metadata(lf_xdb *db, const char *key, lf_buf *out, lf_err *err);
int lf_xdb_term_data(lf_xdb *db, const char *term, lf_buf *out, lf_err *err);
/* Calls fn(term, termfreq) for every term starting with prefix. */
int lf_xdb_terms_each(lf_xdb *db, const char *prefix,
                      int (*fn)(const char *term, unsigned freq, void *ctx), void *ctx,
                      lf_err *err);
/* The positions of term in document docid, into a malloc'd array (*pos, to
 * free; NULL and 0 when the term is not there). */
int lf_xdb_positions(lf_xdb *db, unsigned docid, const char *term, unsigned **pos, size_t *n,
                     lf_err *err);

/* ---- queries ---- */

enum lf_xop { LF_XOP_AND, LF_XOP_OR, LF_XOP_AND_NOT, LF_XOP_FILTER, LF_XOP_SYNONYM };

/* Parses a user query with Xapian's QueryParser: AND OR NOT, "phrases",
 * NEAR, +/-, wildcards, and the field prefixes title: heading: (free text)
 * and jurisdiction: lang: format: year: law: (boolean).  Stems with lang's
 * stemmer (NULL = none), STEM_ALL, as the indexer does.  text must already be
 * normalised (lf_normalize).  stopwords (NULL-terminated, may be NULL) are
 * left out of free text, not of phrases.  LF_EQUERY with Xapian's message
 * on a bad query. */
int lf_xquery_parse(lf_xdb *db, const char *text, const char *lang, const char *const *stopwords,
                    lf_xquery **out, lf_err *err);
/* One group of a translated query: OP_SYNONYM of the alternatives, each
 * parsed in language lang (stemmed like the index) as a phrase: a word is
 * its term, several words must stand together.  An alternative that does
 * not parse is left out; none left: *out NULL and 0. */
int lf_xquery_synonyms(lf_xdb *db, const char *lang, const char *const *alts, size_t n, lf_xquery **out,
                       lf_err *err);
lf_xquery *lf_xquery_term(const char *term);       /* NULL on ENOMEM */
/* The number a sortable_serialise'd value holds. */
double lf_xsortable_unserialise(const char *p, size_t n);
/* Matches documents with a value in slot, weighted by the value
 * (sortable_serialise'd, 0..1 here) times scale.  scale must be at most 1:
 * Xapian 1.4 hands a scaled posting source the matcher's minimum weight
 * unscaled (ExternalPostList::next), so with scale > 1 the source gives up
 * as soon as the minimum passes its unscaled maximum and better documents
 * are lost; above 1 it is clamped to 1.  Scale the rest of the query down
 * instead (lf_xquery_scale). */
lf_xquery *lf_xquery_value_weight(unsigned slot, double scale);
/* q with its weights multiplied by factor (> 0); NULL on ENOMEM. */
lf_xquery *lf_xquery_scale(const lf_xquery *q, double factor);
/* Value range on a sortable_serialise'd slot, inclusive. */
lf_xquery *lf_xquery_range(unsigned slot, double lo, double hi);
/* Combines n subqueries (NULL entries are skipped; the subqueries stay the
 * caller's). NULL on ENOMEM or if no subquery is left. */
lf_xquery *lf_xquery_combine(enum lf_xop op, lf_xquery *const *subs, size_t n);
void lf_xquery_free(lf_xquery *q);
/* Calls fn for each distinct term of the query (for highlighting); 0 or a
 * status (the terms seen so far were passed). */
int lf_xquery_terms_each(const lf_xquery *q, void (*fn)(const char *term, void *ctx), void *ctx);

typedef struct lf_xsearch {
	unsigned offset, limit;
	int collapse_slot;   /* -1: no collapsing */
	int sort_slot;       /* -1: by relevance */
	int sort_descending; /* for sort_slot */
	int relevance_first; /* with sort_slot: relevance, then the value */
	unsigned check_at_least;
	int count_slot;      /* -1: none; else count values of this slot over all matches */
	int facet_slots[3];  /* -1: none; more value slots counted the same way */
	/* -1: none.  Else ties are broken by this slot's value, ascending, so
	 * that the order does not depend on document ids, which differ from one
	 * layout of shards to another: by relevance, equal weights, and weights
	 * equal to 1e-9 (a sum's rounding differs with the shards' term
	 * statistics order); by value, equal values with equal relevance.
	 * Done by Xapian for exact ties, and for near ones by sorting again a
	 * window of TIE_WINDOW more results on each side of the page. */
	int tiebreak_slot;
	/* with sort_slot and !relevance_first: sort by sort_slot, then by
	 * tiebreak_slot, never by relevance (for lists whose weights are all 0) */
	int value_only;
	/* NULL: none.  Else the call's budget (core/budget.h): its time left
	 * is Xapian's time limit (Enquire::set_time_limit, which only stops
	 * check_at_least from counting further), and, when every shard is
	 * local, the match itself stops once the budget has passed (checked
	 * every few candidate documents).  A budget that has passed during
	 * the call fails it with the budget's status and message: a match cut
	 * short is never handed out as a complete one. */
	lf_budget *budget;
	/* NULL: none.  Else term_counts[i] gets how many documents matching
	 * the query carry the term count_terms[i] (a risk category's, a
	 * layer's): one more match per local shard for all the terms (its
	 * matches are noted, then each term's postlist is read), or, with a
	 * remote shard, one match per term. */
	const char *const *count_terms;
	size_t ncount_terms;
	unsigned *term_counts;
} lf_xsearch;

void lf_xsearch_init(lf_xsearch *s);
int lf_xdb_search(lf_xdb *db, const lf_xquery *q, const lf_xsearch *opts, lf_xmset **out,
                  lf_err *err);
void lf_xmset_free(lf_xmset *ms);
size_t lf_xmset_size(const lf_xmset *ms);
/* Estimated number of matches (collapsed); lower and upper bounds too. */
unsigned lf_xmset_estimate(const lf_xmset *ms);
/* The i-th hit's document id and weight (either pointer may be NULL):
 * 0, or a status with err set (never a made-up 0 the caller could take
 * for an answer). */
int lf_xmset_hit(const lf_xmset *ms, size_t i, unsigned *docid, double *weight, lf_err *err);
int lf_xmset_data(const lf_xmset *ms, size_t i, lf_buf *out, lf_err *err);
int lf_xmset_value(const lf_xmset *ms, size_t i, unsigned slot, lf_buf *out, lf_err *err);
/* Value counts from count_slot: fn(value, count) in value order. */
void lf_xmset_counts_each(const lf_xmset *ms, void (*fn)(const char *value, size_t n,
                                                         unsigned count, void *ctx), void *ctx);
/* Value counts of facet_slots[k], the same way. */
void lf_xmset_facet_each(const lf_xmset *ms, int k,
                         void (*fn)(const char *value, size_t n, unsigned count, void *ctx), void *ctx);

#ifdef __cplusplus
}
#endif

#endif
