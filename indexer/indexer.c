/*
 * indexer.c - the indexing pipeline: walk -> read -> fill gaps -> build
 * Xapian documents -> write shards.  This file runs it (lf_index_run): it
 * opens the database, decides which files to read, starts the reader and
 * writer threads, shows progress, and closes and compacts at the end.  The
 * steps are in the files run.h lists (metadata fallbacks, document
 * building, writers, records, shards, compaction).
 *
 * Threads: `jobs` reader threads take files in turn, parse them into the
 * document model and build the Xapian documents (TermGenerator work, the
 * costly part, runs here in parallel).  Each shard has one writer thread
 * that owns its WritableDatabase; a law goes to the shard chosen by a hash
 * of its id through a bounded queue (back-pressure keeps memory flat).
 *
 * Crash safety: a file's "F" metadata record is written after its documents,
 * in the same shard, and shards commit atomically, so after a kill -9 the
 * index holds whole laws as of the last commit; the next run sees the
 * missing records and redoes those files (replacing any partial documents:
 * documents are always deleted by law id before a law is added).  What
 * decides how every law is written (the taxonomy, the --shard-of rules) is
 * recorded before the first law, in the same commit that marks the records
 * written under other ones stale (lf_ix_settle_tagging), so a run killed at any
 * point is continued, not started over.  A compaction is recorded as
 * pending in the run's last commit, so one cut short is done by the next
 * run (lf_ix_compact_wanted).
 *
 * The index format is described in core/schema.h.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/fault.h"
#include "core/hash.h"
#include "indexer/readers/input.h"
#include "indexer/run.h"

/* Library start-up (lexfrag.h): the readers' parser set-up is the only
 * global state, so it lives with the indexer that owns the readers. */
void lf_init(void)
{
	lf_input_init();
}

const char *lf_version(void)
{
	return LF_VERSION;
}

static double now_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

void lf_ix_report(run *r, const char *path, const char *msg)
{
	pthread_mutex_lock(&r->report_mu);
	if (r->o->on_error)
		r->o->on_error(path, msg, r->o->ctx);
	pthread_mutex_unlock(&r->report_mu);
}

static void walk_error(const char *path, const char *msg, void *ctx)
{
	lf_ix_report(ctx, path, msg);
}

/* --------------------------------------------------------------- readers */

/* Fills in the rest of a built job (its id, paths, file state) and picks its
 * shard (*sh).  A law whose id moved it to another shard also needs a job
 * that deletes it there (*del, NULL otherwise), which the caller queues.
 * Returns 0 or LF_ENOMEM, with nothing queued and *del NULL. */
static int job_route(run *r, const lf_law *law, const lf_file *f, job *j, job **del, size_t *sh)
{
	char st[64];
	fstate *old = lf_ix_find_fstate(r, f->abs);
	int rc = 0;

	*del = NULL;
	snprintf(st, sizeof st, "%lld %lld", (long long)f->mtime_ns, (long long)f->size);
	j->kind = 0;
	j->format = law->format; /* a static string */
	if (!(j->id = strdup(law->field[LF_F_ID])) || !(j->path = strdup(f->path)) ||
	    !(j->abs = strdup(f->abs)) || !(j->fstate = strdup(st)))
		return LF_ENOMEM;
	*sh = (size_t)(lf_hash_str(j->id) % (uint64_t)r->nshards);
	if (old && old->shard != (int)*sh) {
		/* the law moved shard (its id changed, or it was for other
		 * shards): the old shard drops it */
		job *d = calloc(1, sizeof *d);
		if (!d || !(d->old_id = strdup(old->law_id)) || !(d->abs = strdup(f->abs)))
			rc = LF_ENOMEM;
		if (d) {
			d->kind = 1;
			d->shard = old->shard;
		}
		if (rc)
			lf_ix_job_free(d);
		else
			*del = d;
	} else if (old && !(j->old_id = strdup(old->law_id))) {
		rc = LF_ENOMEM;
	}
	return rc;
}

/* A file whose law belongs to other shards (--shard-of): its record says
 * so (an empty law id), so the next run skips it while it is unchanged,
 * and the documents it had here, if any, go.  The job goes to the shard
 * that holds the file's record, if one does. */
static job *job_elsewhere(run *r, const lf_file *f, size_t *sh)
{
	char st[64];
	fstate *old = lf_ix_find_fstate(r, f->abs);
	job *j = calloc(1, sizeof *j);

	snprintf(st, sizeof st, "%lld %lld", (long long)f->mtime_ns, (long long)f->size);
	if (!j || !(j->abs = strdup(f->abs)) || !(j->fstate = strdup(st)) ||
	    (old && *old->law_id && !(j->old_id = strdup(old->law_id)))) {
		lf_ix_job_free(j);
		return NULL;
	}
	j->kind = 3;
	*sh = old ? (size_t)old->shard : (size_t)(lf_hash_str(f->abs) % (uint64_t)r->nshards);
	return j;
}

static void *reader_main(void *arg)
{
	run *r = arg;
	builder b;
	lf_read_opts ro = {.max_bytes = r->o->max_bytes};
	int ready = lf_ix_builder_init(&b, r->tx) == 0;

	for (;;) {
		size_t t = atomic_fetch_add(&r->next, 1), sh;
		const lf_file *f;
		lf_law *law = NULL;
		lf_err err;
		job *j, *del = NULL;
		int rc;

		if (t >= r->ntodo)
			break;
		f = &r->walk.files[r->todo[t]];
		lf_err_clear(&err);
		lf_oom_take(); /* an allocation that fails from here on fails the file */
		ro.charset = f->manifest && *f->manifest->charset ? f->manifest->charset : NULL;
		rc = ready ? lf_read_path(f->path, &ro, &law, &err) : lf_err_set(&err, LF_ENOMEM, "out of memory");
		if (!rc)
			rc = lf_ix_fill_gaps(law, f) ? lf_err_set(&err, LF_ENOMEM, "out of memory") : 0;
		if (!rc && !lf_shardof_match(&r->so, law)) {
			/* read to learn where it belongs, but not built */
			if (!(j = job_elsewhere(r, f, &sh))) {
				lf_ix_report(r, f->path, "out of memory");
				atomic_fetch_add(&r->failed, 1);
			} else {
				atomic_fetch_add(&r->elsewhere, 1);
				atomic_fetch_add(&r->bytes, (unsigned long long)f->size);
				lf_ix_queue_put(&r->shards[sh], j);
			}
			lf_law_free(law);
			atomic_fetch_add(&r->done, 1);
			continue;
		}
		j = rc ? NULL : calloc(1, sizeof *j);
		if (!rc && !j)
			rc = lf_err_set(&err, LF_ENOMEM, "out of memory");
		if (!rc && (rc = lf_ix_build_job(&b, law, f, j)) != 0)
			lf_err_set(&err, rc, "cannot build index documents: %s", lf_strerror(rc));
		/* a reader that made do without a failed append or string would
		 * index a law with a field or a text cut short */
		if (!rc && lf_oom_take())
			rc = lf_err_set(&err, LF_ENOMEM, "out of memory");
		if (!rc && (rc = job_route(r, law, f, j, &del, &sh)) != 0)
			lf_err_set(&err, rc, "%s", lf_strerror(rc));
		if (rc) {
			lf_ix_report(r, f->path, err.msg[0] ? err.msg : lf_strerror(rc));
			atomic_fetch_add(&r->failed, 1);
			lf_ix_job_free(j);
			lf_law_free(law);
			atomic_fetch_add(&r->done, 1);
			continue;
		}
		if (law->warning) {
			/* indexed, but the input was not clean: say so, and let the
			 * exit status say it too */
			lf_ix_report(r, f->path, law->warning);
			atomic_fetch_add(&r->warned, 1);
		}
		atomic_fetch_add(&r->bytes, (unsigned long long)f->size);
		if (del)
			lf_ix_queue_put(&r->shards[del->shard], del);
		atomic_fetch_add(&r->provisions, j->nunits);
		lf_law_free(law);
		lf_ix_queue_put(&r->shards[sh], j);
		atomic_fetch_add(&r->done, 1);
	}
	lf_ix_builder_free(&b);
	return NULL;
}

static void run_free(run *r)
{
	size_t i;

	for (i = 0; i < (size_t)r->nshards; i++) {
		lf_err e;
		lf_xwdb_close(r->shards[i].db, &e);
	}
	for (i = 0; i < r->nfs; i++) {
		free(r->fs[i].abs);
		free(r->fs[i].state);
		free(r->fs[i].law_id);
	}
	r->nshards = 0;
	free(r->fs);
	free(r->todo);
	lf_walk_free(&r->walk);
	lf_taxonomy_free(r->tx);
	lf_shardof_free(&r->so);
	if (r->lock_fd >= 0)
		close(r->lock_fd); /* releases the lock */
}

int lf_index_run(const lf_index_opts *o, lf_index_stats *stats, lf_err *err)
{
	run *r = calloc(1, sizeof *r);
	size_t i, nwalk_err = 0;
	int rc = 0, jobs, s;
	pthread_t *readers = NULL;

	memset(stats, 0, sizeof *stats);
	lf_err_clear(err);
	if (!r)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	r->o = o;
	pthread_mutex_init(&r->report_mu, NULL);
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	/* lexfrag commits by its own measure (COMMIT_BYTES) */
	setenv("XAPIAN_FLUSH_THRESHOLD", "10000000", 0);

	if ((rc = lf_taxonomy_load(o->taxonomy, &r->tx, err)) != 0)
		goto out;
	snprintf(r->tx_hash, sizeof r->tx_hash, "%016llx", (unsigned long long)lf_taxonomy_hash(r->tx));
	if ((rc = lf_ix_open_shards(r, err)) != 0 || (rc = lf_ix_settle_rule(r, err)) != 0)
		goto out;
	if ((rc = lf_ix_load_records(r, err)) != 0 || (rc = lf_ix_settle_tagging(r, err)) != 0)
		goto out;

	if ((rc = lf_walk_run(&r->walk, o->roots, o->nroots, o->follow_symlinks, walk_error, r, &nwalk_err)) != 0) {
		lf_err_set(err, rc, "cannot list files: %s", lf_strerror(rc));
		goto out;
	}
	r->todo = malloc((r->walk.nfiles + 1) * sizeof *r->todo);
	if (!r->todo) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < r->walk.nfiles; i++) {
		const lf_file *f = &r->walk.files[i];
		fstate *old = lf_ix_find_fstate(r, f->abs);
		char st[64];
		snprintf(st, sizeof st, "%lld %lld", (long long)f->mtime_ns, (long long)f->size);
		if (!o->force && old && !strcmp(old->state, st)) /* a stale one never matches */
			(*old->law_id ? &stats->files_unchanged : &stats->files_elsewhere)[0]++;
		else
			r->todo[r->ntodo++] = i;
	}
	stats->files_seen = r->walk.nfiles;
	stats->retagged = r->retag;
	stats->resharded = r->rerule;
	snprintf(stats->shard_of, sizeof stats->shard_of, "%s", r->so.canon ? r->so.canon : "");

	for (s = 0; s < r->nshards; s++) {
		shard *sh = &r->shards[s];
		pthread_mutex_init(&sh->mu, NULL);
		pthread_cond_init(&sh->cv_put, NULL);
		pthread_cond_init(&sh->cv_get, NULL);
		sh->run = r;
		pthread_create(&sh->thread, NULL, lf_ix_writer_main, sh);
	}
	jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > r->ntodo)
		jobs = r->ntodo ? (int)r->ntodo : 1;
	readers = calloc((size_t)jobs, sizeof *readers);
	for (i = 0; readers && i < (size_t)jobs; i++)
		pthread_create(&readers[i], NULL, reader_main, r);
	if (!readers)
		reader_main(r);
	/* progress, from this thread, until every file is read */
	while (readers && atomic_load(&r->done) < r->ntodo) {
		struct timespec ts = {0, 200 * 1000000};
		lf_index_progress p;
		nanosleep(&ts, NULL);
		p.files_total = r->ntodo;
		p.files_done = atomic_load(&r->done);
		p.files_failed = atomic_load(&r->failed);
		p.bytes_done = atomic_load(&r->bytes);
		p.seconds = now_since(&r->t0);
		if (o->on_progress)
			o->on_progress(&p, o->ctx);
	}
	for (i = 0; readers && i < (size_t)jobs; i++)
		pthread_join(readers[i], NULL);
	free(readers);
	for (s = 0; s < r->nshards; s++) {
		r->shards[s].stop.kind = 2;
		lf_ix_queue_put(&r->shards[s], &r->shards[s].stop);
	}
	for (s = 0; s < r->nshards; s++) {
		shard *sh = &r->shards[s];
		pthread_join(sh->thread, NULL);
		stats->laws_pruned += sh->pruned;
		if (sh->rc && !rc) {
			rc = sh->rc;
			*err = sh->err;
		}
	}
	/* close the writers (committing), then compact what changed */
	for (s = 0; s < r->nshards; s++) {
		lf_err e;
		int crc = lf_xwdb_close(r->shards[s].db, &e);
		r->shards[s].db = NULL;
		if (crc && !rc) {
			rc = crc;
			*err = e;
		}
	}
	if (!rc)
		rc = lf_ix_compact_shards(r, err);
	for (s = 0; !rc && s < r->nshards; s++) {
		char p[4400];
		snprintf(p, sizeof p, "%s/%s", o->db_path, r->shards[s].name);
		lf_ix_sync_dir(p);
	}
	stats->files_elsewhere += atomic_load(&r->elsewhere);
	stats->files_indexed = r->ntodo - atomic_load(&r->failed) - atomic_load(&r->elsewhere);
	stats->files_failed = atomic_load(&r->failed);
	stats->files_warned = atomic_load(&r->warned);
	stats->entries_skipped = nwalk_err + atomic_load(&r->kept);
	stats->provisions = atomic_load(&r->provisions);
	stats->bytes = atomic_load(&r->bytes);
out:
	run_free(r);
	stats->seconds = now_since(&r->t0);
	pthread_mutex_destroy(&r->report_mu);
	free(r);
	return rc;
}

int lf_shard_of_check(const char *spec, lf_err *err)
{
	lf_shardof so;
	int rc = lf_shardof_parse(&spec, 1, &so, err);

	if (!rc)
		lf_shardof_free(&so);
	return rc;
}
