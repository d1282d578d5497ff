/*
 * query.h - what the query modules share: the open database handle.
 */
#ifndef LF_QUERY_H
#define LF_QUERY_H

#include "core/arena.h"
#include "core/budget.h"
#include "core/store/lfxapian.h"
#include "lexfrag/lexfrag.h"

struct lf_db {
	lf_xdb *x;
	char *path;
	/* languages present in the index, and whether Xapian stems them */
	char langs[64][8];
	unsigned langfreq[64]; /* law documents per language */
	int nlangs;
	unsigned laws;         /* law documents */
	/* the risk taxonomy the index was tagged with (core/schema.h):
	 * category ids in slot order, and the concepts record */
	char **cats;
	size_t ncats;
	char *concepts;
	size_t nconcepts;
	char *layers;          /* " physical network ... " (the categories' layers) */
	char **layer_ids;      /* the same, one id each (lf_db_layers) */
	size_t nlayer_ids;
	/* the stub file as opened: a compaction switches it (lf_db_refresh) */
	unsigned long stub_ino;
	long long stub_mtime_ns;
	/* remote shards: how to open them; those left out since they failed */
	lf_db_opts opts;
	char **down;
	size_t ndown;
	long long down_since_ns;  /* when the last shard was left out (monotonic) */
	/* the limits of the calls made now (lf_db_set_limits): long loops call
	 * lf_budget_check(&db->budget, err) and stop on its status */
	lf_budget budget;
};

/* Leaves the shard named out of db (it failed: allow_partial) and opens the
 * rest again in place; 0, or the status of that open. */
int lf_q_leave_out(lf_db *db, const char *shard, const char *why, lf_err *err);

/* Runs call(db, ctx) again, up to 3 times, while it fails with
 * LF_EMODIFIED (a writer discarded the revision read), moving db to the
 * latest revision in between; and, with opts.allow_partial, while it fails
 * with LF_ENETWORK, each time without the shard that failed. */
int lf_q_retry(lf_db *db, int (*call)(lf_db *db, void *ctx, lf_err *err), void *ctx, lf_err *err);

/* lf_xdb_search on db's database, bounded by the handle's limits
 * (lf_db_set_limits: so->budget is set here): every match the query side
 * makes goes through this. */
int lf_q_search(lf_db *db, const lf_xquery *q, lf_xsearch *so, lf_xmset **ms, lf_err *err);

/* Slot-order index of a risk category id, or -1. */
int lf_q_cat_index(const lf_db *db, const char *id);

/* The arena behind a result object. */
struct lf_results_private {
	lf_arena *arena;
};

/* Frees a result object's arena and the private part (NULL is a no-op). */
void lf_q_priv_free(struct lf_results_private *p);

/* Copies n bytes into the arena ("" on ENOMEM: results degrade, never crash). */
const char *lf_q_str(lf_arena *a, const char *p, size_t n);

/* How a search's text is translated: not at all, or with the built-in
 * thesaurus plus the file thesaurus (NULL: none). */
typedef struct lf_q_tropts {
	int translate;
	const char *thesaurus;
} lf_q_tropts;

/* What it was translated into: the language the query was read in (NULL:
 * not translated) and, per other language searched with a translation, the
 * query as searched there.  malloc'd; lf_q_trinfo_free. */
typedef struct lf_q_trinfo {
	char *query_lang;
	size_t n;
	char *lang[64], *text[64];
	char *terms[64]; /* the terms of each translated branch, "\nt1\nt2\n" */
	char *home_terms; /* those of the branches as written, the same way */
} lf_q_trinfo;

void lf_q_trinfo_free(lf_q_trinfo *t);

/* Builds the full-text part of a search (NULL query text: NULL) in every
 * language of the index, restricted to the given languages if any: in the
 * query's own language as written, in each other language translated (tro
 * NULL or off: as written in every language).  info receives what was
 * translated. */
int lf_q_text_query(lf_db *db, const char *text, const char *const *langs, size_t nlangs,
                    const lf_q_tropts *tro, lf_q_trinfo *info, lf_xquery **out, lf_err *err);

/* The last text chunk read for one law (see core/schema.h). */
typedef struct lf_chunk_cache {
	long n;       /* chunk number held, -1 for none */
	lf_buf text;  /* its text, unescaped */
} lf_chunk_cache;

void lf_q_chunk_init(lf_chunk_cache *c);
void lf_q_chunk_free(lf_chunk_cache *c);
/* The text of a unit whose data record is unit_data, from its law's chunk
 * documents, into out.  A unit without text_at reads as "". */
int lf_q_unit_text(lf_db *db, const char *law_id, const lf_buf *unit_data, lf_chunk_cache *c,
                   lf_buf *out, lf_err *err);

/* Text at (chunk, off, len) of a law's text chunks, into out. */
int lf_q_text_at(lf_db *db, const char *law_id, long chunk, size_t off, size_t len,
                 lf_chunk_cache *c, lf_buf *out, lf_err *err);

/* Parses a toc record value "depth US kind US id US label US heading". */
void lf_q_toc_parse(lf_arena *a, const char *s, lf_toc_view *t);

/* The Xapian query a search runs and how it is sorted: built once, for
 * lf_search and lf_export. */
typedef struct lf_q_plan {
	lf_xquery *q;         /* all of it, filters included */
	lf_xquery *textq;     /* its full-text part, NULL without query text */
	lf_xquery *conceptq;  /* the taxonomy concepts the text names, or NULL */
	uint64_t mask;        /* those concepts' categories (bit = slot index) */
	int risk_slot;        /* value slot ranked by when by risk, else -1 */
	double score_scale;   /* q's weights x this = the scores to show */
	lf_q_trinfo tr;       /* what the text was translated into */
	lf_xsearch so;
} lf_q_plan;

int lf_q_plan_build(lf_db *db, const lf_search_opts *o, lf_q_plan *p, lf_err *err);
void lf_q_plan_free(lf_q_plan *p);

/* A unit's place in its law (the law record's "ranges", core/schema.h). */
typedef struct lf_q_range {
	unsigned start, end;   /* term positions in the law document */
	size_t toc;            /* index of the unit in the law's toc */
	double score;          /* for the caller */
	long chunk;            /* where its text is: chunk document, offset, length */
	size_t off, len;
	lf_toc_view toc_entry; /* for the caller, once chosen */
} lf_q_range;

/* Parses "toc:start-end@chunk,off,len ..." into a malloc'd array (sorted by
 * start, as written); returns how many (0 on ENOMEM or an empty string). */
size_t lf_q_ranges_parse(const char *s, lf_q_range **out);
/* Fills out[k] with toc entry want[k] of the law record data, for every k,
 * in one pass.  Absent entries get "".  Returns 0, or LF_ENOMEM when an
 * entry could not be read (the strings themselves: lf_arena_failed). */
int lf_q_toc_entries(const lf_buf *data, const size_t *want, size_t nwant, lf_arena *a,
                     lf_toc_view *out);

/* Checks a query for unbalanced quotes and parentheses. */
int lf_q_check(const char *q, lf_err *err);

/* The query of one term, prefix + v (NULL on ENOMEM). */
lf_xquery *lf_q_term_query(const char *prefix, const char *v);

#endif
