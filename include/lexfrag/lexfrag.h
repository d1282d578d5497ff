/*
 * lexfrag.h - the public API of the lexfrag library: index legislation and
 * search it.  The command-line tool (cli/) uses nothing else.
 *
 * Conventions: functions return 0 or a negative LF_E* status (err.h) and
 * fill an lf_err with a one-line message.  Objects come in create/free
 * pairs; every free accepts NULL.  Strings inside a result object belong to
 * it and die with it.
 *
 * This header stands alone (nothing but include/lexfrag/ on the include
 * path) and every function it declares is marked LF_API (export.h): the
 * exports of liblexfrag.so.  pkg-config --cflags --libs lexfrag.
 */
#ifndef LEXFRAG_H
#define LEXFRAG_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LEXFRAG_DEFAULT_DB "lexfrag.db"

/* Call once at start-up, before any other lexfrag call or thread. */
LF_API void lf_init(void);

/* ------------------------------------------------------------------ index */

typedef struct lf_index_progress {
	size_t files_total;   /* files to read in this run (changed or new) */
	size_t files_done;
	size_t files_failed;
	uint64_t bytes_done;  /* input bytes read so far, as stored on disk */
	double seconds;
} lf_index_progress;

typedef struct lf_index_opts {
	const char *db_path;
	const char *const *roots;  /* files or directories */
	size_t nroots;
	int jobs;        /* reader threads; 0 = number of CPUs */
	int shards;      /* shards of a new database; 0 = 2; ignored for an existing one */
	int prune;       /* drop laws whose files are gone (under the given roots) */
	int force;       /* re-read every file, changed or not */
	int compact;     /* 0: compact shards this run changed by 10% or more;
	                    1: compact every changed shard; -1: never */
	size_t max_bytes;/* per-file (decompressed) size cap; 0 = 256 MiB */
	const char *taxonomy; /* risk taxonomy file; NULL = the built-in one
	                         (schemas/taxonomy.xml when lexfrag was built) */
	int follow_symlinks; /* follow symbolic links whose targets lie outside
	                        the roots too; 0: such a link is reported
	                        (on_error, entries_skipped) and not followed */
	/* Which laws this database takes (a shard of a cluster): rules such as
	 * "jurisdiction=eu,de", "language!=en", "hash=0/3" (indexer/shardof.h),
	 * all of which must hold; "all" for every law.  None given (0): the
	 * rules the database was indexed with.  Other files are read, recorded
	 * as for other shards and skipped while unchanged. */
	const char *const *shard_of;
	int nshard_of;
	/* Called once per file that failed (message without the path). */
	void (*on_error)(const char *path, const char *msg, void *ctx);
	/* Called now and then from the calling thread. */
	void (*on_progress)(const lf_index_progress *p, void *ctx);
	void *ctx;
} lf_index_opts;

typedef struct lf_index_stats {
	size_t files_seen;      /* regular files found under the roots */
	size_t files_indexed;   /* read and (re)indexed in this run */
	size_t files_unchanged; /* skipped: same size and mtime as indexed */
	size_t files_failed;    /* could not be indexed; each reported through on_error */
	size_t files_elsewhere; /* their laws are for other shards (shard_of) */
	size_t files_warned;    /* indexed after a repair (NUL bytes dropped, an
	                           external entity ignored...); each reported too */
	size_t entries_skipped; /* FIFOs, devices, symlink loops, symlinks out
	                           of the roots, unreadable directories met in
	                           the walk, and shard directories left in the
	                           database because they hold files lexfrag did
	                           not make; each reported */
	size_t laws_pruned;
	int retagged;           /* laws had been tagged with another taxonomy:
	                           their files were read again (or are left
	                           for the next run, if this one stops) */
	int resharded;          /* it had been indexed with other shard_of
	                           rules: every file was read again (idem) */
	char shard_of[512];     /* the rules in force, canonical; "" = every law */
	size_t provisions;      /* index units written in this run */
	uint64_t bytes;         /* input bytes read, as stored on disk */
	double seconds;
} lf_index_stats;

/* Indexes the roots into the database at opts->db_path (created if needed).
 * Bad files are reported through on_error and counted; the run goes on.
 * Returns 0 when the run completed (check stats->files_failed), or a status
 * for a failure that stopped it (LF_ELOCKED if another writer holds the
 * database, LF_EIO ...).  What was committed before a failure stays. */
LF_API int lf_index_run(const lf_index_opts *opts, lf_index_stats *stats, lf_err *err);

/* Checks one --shard-of value (see lf_index_opts.shard_of): 0, or LF_EINVAL
 * with a message saying what is wrong. */
LF_API int lf_shard_of_check(const char *spec, lf_err *err);

/* The source formats the indexer reads, by the names stored in the index
 * and taken by --source-format ("akn", "eurlex-html", "text", ...), in the
 * order detection tries them.  *names (if names is not NULL) is set to a
 * static NULL-terminated array; returns its length.  Thread-safe. */
LF_API size_t lf_formats(const char *const **names);

/* One line on what the format name reads ("Akoma Ntoso 2.0 and 3.0 ..."),
 * a static string; NULL for a name lf_formats does not list. */
LF_API const char *lf_format_about(const char *name);

/* ------------------------------------------------------------------ risk */

/* A law's score for one risk category (schemas/taxonomy.xml): from its
 * strongest provision, raised by breadth.  "tagged" when the score reaches
 * the taxonomy's law threshold; a weaker score is kept for ranking only. */
typedef struct lf_risk {
	const char *category;
	double score;          /* 0..1: how likely a careful reader agrees
	                          (schemas/README.md, "A law's score") */
	unsigned provisions;   /* provisions with evidence for it */
	int tagged;
	double strongest;      /* the strength of its strongest evidence */
	const char *subject;   /* "title": the law's title names the category;
	                          "heading": a provision's heading states it;
	                          "": an incidental clause */
} lf_risk;

/* The evidence for a tag: one provision, the rule that fired, how strong,
 * and the words that made it. */
typedef struct lf_evidence {
	const char *category;
	double strength;       /* 0..1: the rule's specificity x modality x scope */
	const char *prov_id, *label;
	const char *rule;      /* the taxonomy's rule id */
	const char *spans;     /* "off+len,..." bytes in the provision's heading,
	                          a newline, then its text */
	const char *excerpt;   /* the matched words (marked) in some context */
} lf_evidence;

typedef struct lf_tagged_law {
	const char *path, *id, *title, *jurisdiction, *language, *format;
	const char *short_title, *year, *date; /* "" when unknown */
	double score;                          /* lf_export: as lf_hit.score */
	lf_risk *risks; size_t nrisks;         /* strongest first */
	const char *const *layers; size_t nlayers;
	lf_evidence *evidence; size_t nevidence; /* by category, most telling first (lawtags.c) */
	const char *rules_language;            /* lf_tag_run: whose rules tagged it, the
	                                          language or "*" (not known: every
	                                          language's); NULL elsewhere */
} lf_tagged_law;

typedef struct lf_tag_opts {
	const char *const *roots;  /* files or directories, as for lf_index_run */
	size_t nroots;
	const char *taxonomy;      /* NULL = built-in */
	const char *lang;          /* ISO 639-1: every law is in it (a translation,
	                              a draft); NULL: each law's detected one.  A
	                              language the taxonomy has no rules for is
	                              LF_EINVAL */
	size_t max_bytes;
	int follow_symlinks;       /* as in lf_index_opts */
	void (*on_error)(const char *path, const char *msg, void *ctx);
	/* Called once per law read; the law dies when it returns. */
	void (*on_law)(const lf_tagged_law *law, void *ctx);
	void *ctx;
} lf_tag_opts;

/* Reads and tags the files without indexing them (what the indexer would
 * store).  *failed counts files that could not be read. */
LF_API int lf_tag_run(const lf_tag_opts *opts, size_t *failed, lf_err *err);

/* Checks a taxonomy file; 0 if valid, LF_EFORMAT with "FILE:LINE: reason". */
LF_API int lf_taxonomy_check(const char *path, lf_err *err);

/* ----------------------------------------------------------------- drafts */

typedef struct lf_draft lf_draft;

/* Reads a draft bill to compare with the index: path is a file in any
 * format lexfrag indexes (plain text included, gzipped or not), or "-" for
 * standard input.  Its units are the provisions the reader finds; text
 * outside them (a plain-text draft's numbered paragraphs) is split into
 * paragraphs, one unit each.  lang (ISO 639-1, or NULL to detect it) is the
 * draft's language.  The draft is tagged with the taxonomy (NULL: the
 * built-in one).  LF_EEMPTY if it holds no text. */
LF_API int lf_draft_read(const char *path, const char *lang, const char *taxonomy, size_t max_bytes,
                         lf_draft **out, lf_err *err);
/* lf_draft_read of a draft held in memory (a request's body): buf[n],
 * named name in messages (NULL: "draft"), in any format lf_draft_read
 * takes, gzipped or not.  max_bytes (0: 256 MiB) caps the draft after
 * decompression: a larger one, or a gzip stream that expands past it
 * (decompression stops there), is LF_ETOOBIG.  buf stays the caller's. */
LF_API int lf_draft_read_mem(const char *name, const char *buf, size_t n, const char *lang,
                             const char *taxonomy, size_t max_bytes, lf_draft **out, lf_err *err);
LF_API void lf_draft_free(lf_draft *d);

typedef struct lf_draft_info {
	const char *path, *title, *language;
	size_t units;
	const lf_tagged_law *tags; /* the draft's own risks and evidence */
} lf_draft_info;

LF_API void lf_draft_describe(const lf_draft *d, lf_draft_info *out);

/* ------------------------------------------------------------------ query */

typedef struct lf_db lf_db;

/* Opens a database for reading.  LF_ENOTFOUND if there is none.  path is a
 * database directory, or a Xapian stub file listing shards: local
 * databases ("auto PATH") and remote ones ("remote HOST:PORT", served by
 * xapian-tcpsrv).  Every read works on a stub as on one database: Xapian
 * combines the shards' statistics, so the results are the same. */
LF_API int lf_db_open(const char *path, lf_db **out, lf_err *err);
LF_API void lf_db_close(lf_db *db);

/* How a database with remote shards is opened and used. */
typedef struct lf_db_opts {
	unsigned timeout_ms;  /* remote shards: connecting, and each exchange with a
	                         shard; 0 = 10 s.  A shard that takes longer is down */
	int allow_partial;    /* a shard that is down (at open, or later) is left
	                         out and the others answer, with a warning; without
	                         it the call fails with LF_ENETWORK naming the shard */
	/* Called with a one-line message for each shard left out (NULL: none). */
	void (*on_warning)(const char *msg, void *ctx);
	void *ctx;
} lf_db_opts;

/* lf_db_open with opts (NULL: the defaults). */
LF_API int lf_db_open_opts(const char *path, const lf_db_opts *opts, lf_db **out, lf_err *err);
/* The shards left out because they were down ("HOST:PORT", or a local
 * shard's directory): how many, and their names into *names (borrowed from
 * db until its next call; NULL when every shard answers). */
LF_API size_t lf_db_shards_down(const lf_db *db, const char *const **names);
/* Brings a long-lived handle up to date with the index on disk: if an
 * 'index' run has committed since *db was opened, or compacted shards and
 * switched the stub, the database is opened again and *db replaced (the old
 * handle closed).  On failure *db is left as it was.  A handle sees one
 * committed revision until refreshed; lf_search, lf_show and lf_stats_get
 * retry by themselves when a writer discards the revision they read
 * (LF_EMODIFIED). */
LF_API int lf_db_refresh(lf_db **db, lf_err *err);

/* Bounds on the work of the calls made on db from now on, until changed or
 * cleared (l NULL): a deadline (seconds from this call; 0: none) and a
 * cancel check (NULL: none; polled about every 50 ms, so it may cost a
 * system call).  A long call (lf_search, lf_export, lf_show, lf_stats_get,
 * lf_similar, lf_draft_from_law, lf_reuse) that passes them stops with
 * LF_ETIMEOUT or LF_ECANCELED and a message; what lf_export or lf_reuse
 * handed to their callbacks before that stays handed.  The limits survive
 * lf_db_refresh.  'serve' sets them for each request (--request-timeout,
 * and a check that the client is still connected). */
typedef struct lf_limits {
	double seconds;
	int (*cancelled)(void *ctx);
	void *ctx;
} lf_limits;

LF_API void lf_db_set_limits(lf_db *db, const lf_limits *l);

enum lf_sort { LF_SORT_RELEVANCE, LF_SORT_DATE, LF_SORT_RISK };

typedef struct lf_search_opts {
	const char *query;     /* Xapian query syntax; NULL or "" lists all laws */
	const char *const *jurisdictions; size_t njurisdictions; /* OR within, AND across */
	const char *const *languages; size_t nlanguages;
	const char *const *formats; size_t nformats;
	int from_year, to_year;  /* 0 = open */
	/* risk categories and Internet layers (taxonomy ids): OR within, AND
	 * across, like the filters above; an unknown id is LF_EINVAL */
	const char *const *risks; size_t nrisks;
	const char *const *layers; size_t nlayers;
	unsigned offset, limit;  /* limit 0 = 10 */
	unsigned max_provisions; /* best provisions per law; 0 = 3 */
	/* RELEVANCE; DATE, newest first; RISK: the score of the one --risk
	 * category given (else of the law's strongest), strongest first.
	 * Without query text: by risk when risks are given, else by date. */
	enum lf_sort sort;
	int facets;              /* also count the matches by facet (lf_results) */
	/* Free text (no operator, field, phrase or wildcard) is searched in
	 * every language of the index: as written in its own language (guessed
	 * from its script and words), translated in the others (lexicon and
	 * thesaurus, query/translate.h).  no_translate: as written everywhere.
	 * thesaurus: a file of concepts added to the built-in thesaurus
	 * (schemas/thesaurus.rng). */
	int no_translate;
	const char *thesaurus;
} lf_search_opts;

typedef struct lf_count {
	const char *key;
	unsigned n;
} lf_count;

typedef struct lf_hit_prov {
	const char *id, *kind, *label, *heading, *snippet;
	double score;
} lf_hit_prov;

typedef struct lf_hit {
	const char *id, *path, *title, *short_title, *jurisdiction, *language, *format, *year, *date;
	const char *snippet;     /* best provision's snippet, or the title's */
	double score;            /* relevance; the risk score when ranked by risk */
	lf_hit_prov *provs;
	size_t nprovs;
	lf_risk *risks; size_t nrisks;         /* tagged categories, strongest first */
	const char *const *layers; size_t nlayers;
} lf_hit;

typedef struct lf_results {
	unsigned estimate;       /* estimated number of matching laws */
	/* taxonomy concepts the query text names (in any language): their
	 * tagged laws are matched too, ranked with the text matches */
	const char *const *concepts; size_t nconcepts;
	/* with opts.facets: the matching laws counted by jurisdiction,
	 * language and year (year order), risk category (every category, 0
	 * included) and layer; otherwise empty */
	lf_count *by_jurisdiction; size_t njurisdiction;
	lf_count *by_language; size_t nlanguage;
	lf_count *by_year; size_t nyear;
	lf_count *by_risk; size_t nrisk;
	lf_count *by_layer; size_t nlayer;
	lf_hit *hits;
	size_t nhits;
	/* the language the query was read in (NULL: not translated), and the
	 * query as searched in each other language it was translated into */
	const char *query_lang;
	const char *const *translation_langs, *const *translations;
	size_t ntranslations;
	struct lf_results_private *priv;
} lf_results;

/* Bounds on one query's size, so that one query cannot take a server's
 * CPU and memory (the query is parsed once per language of the index, and
 * each parse is matched).  A wildcard (word*) expands to at most
 * LF_QUERY_MAX_EXPANSION terms of the index, its most frequent ones in
 * each shard.  A query may hold at most LF_QUERY_MAX_WILDCARDS wildcards
 * and LF_QUERY_MAX_TERMS terms, counted after parsing: each word, phrase
 * word, CJK n-gram and wildcard is one, and each XOR counts its operands
 * twice (it is matched as (a OR b) AND_NOT (a AND b)).  Past them lf_search
 * and lf_export fail with LF_EQUERY and a message naming the limit. */
#define LF_QUERY_MAX_EXPANSION 100
#define LF_QUERY_MAX_WILDCARDS 16
#define LF_QUERY_MAX_TERMS 1024

/* Snippets mark matched words between "\x02" and "\x03" (STX/ETX); the
 * CLI turns them into colours, brackets or JSON.  LF_EQUERY on a bad query
 * or one past the bounds above. */
LF_API int lf_search(lf_db *db, const lf_search_opts *opts, lf_results **out, lf_err *err);
LF_API void lf_results_free(lf_results *r);

#define LF_MARK_START '\x02'
#define LF_MARK_END '\x03'

/* Streams every law that lf_search would find with o (its offset and limit
 * are ignored: all of them, in o's order), with all its risk scores, layers
 * and evidence, to on_law; on_law returns non-zero to stop (the status is
 * returned).  Memory stays flat: laws are read a page at a time. */
LF_API int lf_export(lf_db *db, const lf_search_opts *o, int (*on_law)(const lf_tagged_law *t, void *ctx),
                     void *ctx, lf_err *err);

/* The risk categories of the index's taxonomy, in slot order (borrowed
 * from db). */
LF_API size_t lf_db_categories(const lf_db *db, const char *const **ids);
/* The Internet layers of the index's taxonomy that its categories name, in
 * the order they first name them (borrowed from db). */
LF_API size_t lf_db_layers(const lf_db *db, const char *const **ids);

/* -------------------------------------------------------------- precedent */

/* One reused passage: a span of the draft aligned with a span of one of a
 * law's provisions.  Texts mark the equal words between STX and ETX. */
typedef struct lf_passage {
	const char *draft_id, *draft_label; /* the draft's unit */
	const char *draft_text;             /* the aligned span of the draft */
	const char *prov_id, *label, *heading; /* the law's provision: label as printed */
	const char *text;                   /* the aligned span of the provision */
	double score;                       /* local alignment score */
	unsigned draft_tokens;              /* tokens of the draft's span */
	unsigned matched;                   /* equal tokens aligned */
	int translated;                     /* the draft translates the provision: aligned
	                                       on translated tokens (the law is in another
	                                       language than the draft's span) */
} lf_passage;

typedef struct lf_similar_hit {
	const char *id, *path, *title, *jurisdiction, *language, *format, *year;
	double score;          /* share of the draft's tokens its passages account for, 0..1 */
	double align_score;    /* sum of its passages' scores */
	int near_duplicate;    /* the draft's own text (another format or version of
	                          it), not precedent */
	lf_risk *risks; size_t nrisks;        /* categories it carries */
	const char *const *layers; size_t nlayers;
	lf_passage *passages; size_t npassages; /* in the draft's order */
} lf_similar_hit;

typedef struct lf_similar_opts {
	unsigned limit;        /* laws returned; 0 = 10 */
	double min_passage;    /* least alignment score of a passage; 0 = 20 (twice
	                          that for a CJK unit, whose tokens are characters) */
	unsigned candidates;   /* candidate laws per draft unit; 0 = 6 */
	int no_translate;      /* no cross-lingual precedent: only laws aligned on
	                          the draft's own words */
} lf_similar_opts;

/* The most alignment cells (draft tokens x provision tokens) lf_similar
 * computes for one draft; past it the alignments left are skipped and the
 * results are marked partial.  See the README (similar). */
#define LF_SIMILAR_MAX_CELLS 16000000000.0

typedef struct lf_similar_results {
	lf_similar_hit *hits; size_t nhits;
	size_t draft_tokens;   /* tokens of the draft, the denominator of score */
	size_t candidates;     /* laws aligned */
	int partial;           /* the draft was too big to align all of it: the
	                          alignments past a cap on work were skipped
	                          (LF_SIMILAR_MAX_CELLS) */
	struct lf_results_private *priv;
} lf_similar_results;

/* Laws that the draft reuses (or that reuse it), best first: candidates
 * come from the index (for each draft unit, its most distinctive words
 * against the laws' words), then each candidate's best-matching provisions
 * are aligned with the draft unit (Smith-Waterman, affine gaps, on folded
 * tokens: characters for Chinese, Japanese and Korean). */
LF_API int lf_similar(lf_db *db, const lf_draft *d, const lf_similar_opts *o, lf_similar_results **out,
                      lf_err *err);
LF_API void lf_similar_results_free(lf_similar_results *r);

/* A law of the index as a draft (for 'similar --law'): its units and tags.
 * The law itself is left out of lf_similar's results. */
LF_API int lf_draft_from_law(lf_db *db, const char *law_id, lf_draft **out, lf_err *err);

/* One pair of provisions of two different laws with significant reuse. */
typedef struct lf_reuse_pair {
	const char *law, *prov_id, *label;             /* labels as printed */
	const char *other_law, *other_prov_id, *other_label;
	double score;        /* local alignment score */
	unsigned matched;    /* equal tokens aligned */
	const char *text, *other_text; /* the aligned spans, equal words marked */
} lf_reuse_pair;

typedef struct lf_reuse_opts {
	double min_score;    /* least alignment score; 0 = 40 (about 20 equal words) */
	void (*on_progress)(size_t done, size_t total, void *ctx); /* pairs aligned */
	void *ctx;
} lf_reuse_opts;

typedef struct lf_reuse_stats {
	size_t laws, provisions;  /* read (provisions of at least 12 tokens) */
	size_t candidate_pairs;   /* proposed by the MinHash/LSH blocking and aligned */
	size_t pairs;             /* reported */
} lf_reuse_stats;

/* Every pair of provisions of different laws whose alignment reaches
 * min_score, strongest first, to on_pair (non-zero stops).  Candidate pairs
 * come from MinHash signatures of the provisions' shingles with
 * locality-sensitive hashing, so that not every pair is compared. */
LF_API int lf_reuse(lf_db *db, const lf_reuse_opts *o, int (*on_pair)(const lf_reuse_pair *p, void *ctx),
                    void *ctx, lf_reuse_stats *st, lf_err *err);

typedef struct lf_field_view {
	const char *name, *value, *source;
} lf_field_view;

typedef struct lf_toc_view {
	int depth;
	const char *kind, *id, *label, *heading;
} lf_toc_view;

typedef struct lf_unit_view {
	const char *id, *kind, *label, *heading, *path, *text;
} lf_unit_view;

typedef struct lf_law_view {
	const char *id, *path, *format;
	lf_field_view *fields; size_t nfields;
	const char *preface;
	lf_toc_view *toc; size_t ntoc;
	lf_unit_view *units; size_t nunits;
	/* every category with evidence (check .tagged), strongest first; the
	 * layers of the tagged ones; the evidence, by category, strongest first */
	lf_risk *risks; size_t nrisks;
	const char *const *layers; size_t nlayers;
	lf_evidence *evidence; size_t nevidence;
	struct lf_results_private *priv;
} lf_law_view;

/* Everything the index holds about one law.  LF_ENOTFOUND if no such id. */
LF_API int lf_show(lf_db *db, const char *law_id, lf_law_view **out, lf_err *err);
LF_API void lf_law_view_free(lf_law_view *v);

/* One shard of a database, as lf_stats_get counts it. */
typedef struct lf_shard_stats {
	const char *name;      /* "HOST:PORT" for a remote shard, else its directory */
	int remote;
	int up;                /* 0: left out (lf_db_opts.allow_partial) */
	const char *reason;    /* why it was left out, "" when up */
	unsigned laws, provisions;
	uint64_t bytes;        /* on disk; 0 for a remote shard (not known here) */
	const char *taxonomy;  /* the hash of the risk taxonomy it was tagged with */
	const char *shard_of;  /* the laws it takes ('index --shard-of'); "" = every law */
} lf_shard_stats;

typedef struct lf_stats {
	unsigned laws, provisions, shards;
	uint64_t index_bytes;  /* the local shards' bytes on disk */
	lf_shard_stats *shard; /* shards of them, in the order of the combined database */
	unsigned remote_shards, shards_down;
	lf_count *by_jurisdiction; size_t njurisdiction;
	lf_count *by_language; size_t nlanguage;
	lf_count *by_format; size_t nformat;
	lf_count *by_year; size_t nyear;
	lf_count *by_risk; size_t nrisk;   /* laws carrying each risk category */
	lf_count *by_layer; size_t nlayer; /* laws tagged at each Internet layer */
	struct lf_results_private *priv;
} lf_stats;

LF_API int lf_stats_get(lf_db *db, lf_stats **out, lf_err *err);

/* Calls fn for every law id that more than one document of the database
 * carries as a law (the same law indexed into two shards: counted twice,
 * found twice); *n is how many.  It reads every id: a check, not a query. */
LF_API int lf_db_duplicate_laws(lf_db *db, void (*fn)(const char *law_id, unsigned count, void *ctx),
                                void *ctx, size_t *n, lf_err *err);
LF_API void lf_stats_free(lf_stats *s);

LF_API const char *lf_version(void);

#ifdef __cplusplus
}
#endif

#endif
