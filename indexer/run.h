/*
 * run.h - one run of the indexer, shared by the files of the pipeline
 * (internal to indexer/; the API is lf_index_run in lexfrag.h):
 *
 *   indexer.c   the run: walk, reader threads, writer threads, the end
 *   fallback.c  metadata a document does not give (MANIFEST.tsv, names)
 *   builder.c   a law as Xapian documents (reader threads)
 *   writer.c    the shard queues and writers, ids, commits, pruning
 *   filestate.c indexed-file records, the taxonomy and rules laws carry
 *   shards.c    the database directory: lock, shards, stub, deletion rules
 *   compact.c   when and how shards are compacted
 *   tagrun.c    tagging without an index (lf_tag_run)
 */
#ifndef LF_INDEXER_RUN_H
#define LF_INDEXER_RUN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"
#include "core/store/lfxapian.h"
#include "indexer/shardof.h"
#include "indexer/walk.h"
#include "lexfrag/lexfrag.h"
#include "tagging/lawtags.h"
#include "tagging/taxonomy.h"

#define QUEUE_CAP 8
#define MAX_SHARDS 64
/* commit a shard after this much indexed text.  It bounds the writer's memory,
 * and small batches are faster too: measured on the Canadian acts (116 MB),
 * 4 MB batches took 17.5 s of CPU, 24 MB 25.8 s, 400 MB 34.3 s (Xapian's
 * in-memory inverter slows down as it grows). */
#define COMMIT_BYTES ((size_t)4 << 20)

/* A law ready to be written: its documents, without the id-dependent parts
 * (unique and law terms, id fields) that the writer adds once it has settled
 * the id. */
typedef struct job {
	struct job *next;
	int kind;                /* 0 = add law, 1 = delete law (moved shard), 2 = stop,
	                            3 = a file for other shards (--shard-of) */
	char *id;                /* base law id */
	char *path;              /* file path as given */
	char *abs;
	char *fstate;            /* "<mtime> <size>" */
	const char *format;
	lf_xdoc **docs;          /* docs[0] is the law document */
	lf_buf *data;            /* data records, without the id line */
	size_t ndocs;
	size_t nunits;           /* of the docs, how many are units */
	size_t text_bytes;
	char *old_id;            /* the id this file had in this shard, if any */
	int shard;               /* of a delete job: the shard it goes to */
} job;

typedef struct shard {
	struct run *run;
	lf_xwdb *db;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv_put, cv_get;
	job *head, *tail;
	size_t len;
	int rc;
	lf_err err;
	size_t provisions;
	size_t pruned;
	size_t changed;          /* laws written or deleted in this run */
	unsigned laws_before;    /* law documents when the run started */
	int compact_pending;     /* a compaction decided by an earlier run was cut short */
	int compact;             /* this run compacts the shard */
	char name[256];          /* directory name inside the database */
	struct job stop;         /* the end-of-queue marker */
} shard;

/* The indexed-file record of a path, loaded from every shard at start. */
typedef struct fstate {
	char *abs;
	char *state;  /* "<mtime> <size>" */
	char *law_id;
	int shard;
} fstate;

typedef struct run {
	const lf_index_opts *o;
	lf_walk walk;
	shard shards[MAX_SHARDS];
	int nshards;
	fstate *fs;
	size_t nfs, fscap;
	size_t *todo;          /* indices into walk.files to (re)read */
	size_t ntodo;
	atomic_size_t next, done, failed, warned, provisions;
	atomic_ullong bytes;
	pthread_mutex_t report_mu;
	struct timespec t0;
	int lock_fd;
	lf_taxonomy *tx;       /* the risk taxonomy every law is tagged with */
	int retag;             /* laws were tagged with another taxonomy: read again */
	char tx_hash[20];
	lf_shardof so;         /* the laws this database takes (--shard-of) */
	int rerule;            /* it took other laws before: every file read again */
	atomic_size_t elsewhere;
	atomic_size_t kept;    /* shard directories not removed: they hold others' files */
} run;

/* ---- indexer.c */

/* Hands a file's message to opts->on_error, one call at a time. */
void lf_ix_report(run *r, const char *path, const char *msg);

/* ---- fallback.c */

/* Jurisdiction, language, title, year and id for what the document does not
 * say itself: MANIFEST.tsv sidecar, then a directory name that is a
 * jurisdiction code, then (language) the text itself, then (id) the path.
 * 0 or LF_ENOMEM. */
int lf_ix_fill_gaps(lf_law *law, const lf_file *f);

/* The law's year: from the enacted date, else the sidecar, else the
 * version or in-force date; 0 if none. */
int lf_ix_law_year(const lf_law *law, const lf_file *f);

/* ---- builder.c: one per reader thread */

typedef struct builder {
	lf_xtg *tg;
	lf_lawtags *lt;
	lf_buf norm, text, tmp, ranges, chunk, seg; /* seg: index_text's CJK words */
	lf_buf ctx;  /* a unit's chapter headings (lf_unit_context) */
	unsigned nchunk;
} builder;

/* 0, or LF_ENOMEM (b must still be freed). */
int lf_ix_builder_init(builder *b, const lf_taxonomy *tx);
void lf_ix_builder_free(builder *b);

/* Fills j->docs and j->data with the law's documents (without the
 * id-dependent parts); 0 or a negative status. */
int lf_ix_build_job(builder *b, const lf_law *law, const lf_file *f, job *j);

/* ---- writer.c */

/* Queues j for shard s, waiting while the queue is full (a stop job never
 * waits). */
void lf_ix_queue_put(shard *s, job *j);
void lf_ix_job_free(job *j);   /* NULL is a no-op */
/* The thread of shard arg (a shard *): runs until its stop job. */
void *lf_ix_writer_main(void *arg);

/* ---- filestate.c */

/* Loads every shard's indexed-file records into r->fs, sorted by path. */
int lf_ix_load_records(run *r, lf_err *err);
/* The record of a file by its absolute path, or NULL. */
fstate *lf_ix_find_fstate(run *r, const char *abs);
int lf_ix_settle_rule(run *r, lf_err *err);
int lf_ix_settle_tagging(run *r, lf_err *err);

/* ---- shards.c */

/* Opens or creates the database directory (locked) and its shards. */
int lf_ix_open_shards(run *r, lf_err *err);
int lf_ix_write_stub(run *r, lf_err *err);
/* fsyncs every file of a directory and the directory itself. */
void lf_ix_sync_dir(const char *path);
/* Removes a shard directory if lexfrag made it; else names it on stderr
 * (on_error) and keeps it.  0 if removed. */
int lf_ix_remove_shard_dir(run *r, const char *path);

/* ---- compact.c */

int lf_ix_compact_wanted(const run *r, const shard *s);
/* Compacts the shards their writers chose; the writers must be closed. */
int lf_ix_compact_shards(run *r, lf_err *err);

#endif
