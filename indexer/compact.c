/*
 * compact.c - compaction: when a shard is compacted (lf_ix_compact_wanted),
 * and how (each chosen shard copied compacted into its next generation,
 * "s0" -> "s0.1", in parallel; then the stub switched to the copies
 * atomically and the old generations removed).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fault.h"
#include "indexer/run.h"

/* Whether the shard is compacted at the end of this run: when this run
 * changed 10% or more of its laws (opts->compact: any change, or never),
 * or when an earlier run decided to and was killed before it was done.
 *
 * That decision is kept in the shard: lexfrag:compact holds the name of
 * the directory to compact, written in the commit that made it due.  The
 * compacted copy carries the same value under its new name ("s0" in
 * s0.1), so the stub's switch to the copy is what clears it: no write
 * after the compaction, and a kill anywhere before the switch leaves the
 * old directory listed and still marked. */
int lf_ix_compact_wanted(const run *r, const shard *s)
{
	if (r->o->compact < 0)
		return 0;
	if (s->compact_pending)
		return 1;
	return r->o->compact > 0 ? s->changed > 0 : s->changed > 0 && s->changed * 10 >= s->laws_before;
}

/* A shard's next generation name: "s0" -> "s0.1" -> "s0.2", skipping a
 * name whose directory is still there (one that holds others' files). */
static void next_name(const char *db, const char *name, char *out, size_t n)
{
	const char *dot = strchr(name, '.');
	int gen = dot ? atoi(dot + 1) : 0;

	do {
		char p[4400];
		snprintf(out, n, "%.*s.%d", dot ? (int)(dot - name) : (int)strlen(name), name, ++gen);
		snprintf(p, sizeof p, "%s/%s", db, out);
		if (access(p, F_OK) != 0)
			break;
	} while (gen < 1000000);
}

typedef struct compact_arg {
	run *r;
	int shard;
	int rc;
	lf_err err;
	char newname[256];
} compact_arg;

static void *compact_main(void *p)
{
	compact_arg *a = p;
	shard *s = &a->r->shards[a->shard];
	char src[4400], dst[4400];

	/* a generation left by an interrupted compaction was removed at the
	 * start of the run (remove_stale_shards), or is kept and skipped here */
	next_name(a->r->o->db_path, s->name, a->newname, sizeof a->newname);
	snprintf(src, sizeof src, "%s/%s", a->r->o->db_path, s->name);
	snprintf(dst, sizeof dst, "%s/%s", a->r->o->db_path, a->newname);
	a->rc = lf_xcompact(src, dst, &a->err);
	if (!a->rc)
		lf_ix_sync_dir(dst);
	LF_PAUSE_POINT("compact"); /* tests kill -9 a run here */
	return NULL;
}

/* Compacts the shards their writers chose (lf_ix_compact_wanted), each into a
 * new directory; the stub is switched to the new ones atomically, then the
 * old ones are removed.  Readers that have the old shards open keep them
 * until they close.  The writers must be closed. */
int lf_ix_compact_shards(run *r, lf_err *err)
{
	compact_arg args[MAX_SHARDS];
	pthread_t th[MAX_SHARDS];
	char old[MAX_SHARDS][256];
	int i, n = 0, rc = 0, todo[MAX_SHARDS];

	for (i = 0; i < r->nshards; i++)
		if (r->shards[i].compact) /* decided, and recorded, by its writer */
			todo[n++] = i;
	for (i = 0; i < n; i++) {
		args[i].r = r;
		args[i].shard = todo[i];
		args[i].rc = 0;
		pthread_create(&th[i], NULL, compact_main, &args[i]);
	}
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		if (args[i].rc && !rc) {
			rc = args[i].rc;
			*err = args[i].err;
		}
	}
	if (rc || !n) {
		for (i = 0; i < n; i++) {
			char p[4400];
			snprintf(p, sizeof p, "%s/%s", r->o->db_path, args[i].newname);
			if (rc)
				lf_ix_remove_shard_dir(r, p);
		}
		return rc;
	}
	for (i = 0; i < n; i++) {
		shard *s = &r->shards[todo[i]];
		snprintf(old[i], sizeof old[i], "%s", s->name);
		snprintf(s->name, sizeof s->name, "%s", args[i].newname);
	}
	if ((rc = lf_ix_write_stub(r, err)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		char p[4400];
		snprintf(p, sizeof p, "%s/%s", r->o->db_path, old[i]);
		lf_ix_remove_shard_dir(r, p);
	}
	return 0;
}
