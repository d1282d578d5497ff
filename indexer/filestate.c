/*
 * filestate.c - what a run must read again: the indexed-file records of
 * every shard ("<mtime> <size> <law id>" per file, loaded and searched by
 * path), and the taxonomy and --shard-of rules the laws were written with,
 * settled before the first law is written so that an interrupted run is
 * continued, not started over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/schema.h"
#include "indexer/run.h"

static int cmp_fstate(const void *a, const void *b)
{
	return strcmp(((const fstate *)a)->abs, ((const fstate *)b)->abs);
}

fstate *lf_ix_find_fstate(run *r, const char *abs)
{
	fstate key = {.abs = (char *)abs};

	return r->nfs ? bsearch(&key, r->fs, r->nfs, sizeof *r->fs, cmp_fstate) : NULL;
}

typedef struct load_ctx {
	run *r;
	int shard;
	int rc;
} load_ctx;

static int load_one(const char *key, const char *value, void *ctx)
{
	load_ctx *lc = ctx;
	run *r = lc->r;
	fstate *f;
	const char *sp1 = strchr(value, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;

	if (!sp2)
		return 0;
	if (r->nfs == r->fscap) {
		fstate *p = lf_grow(r->fs, &r->fscap, sizeof *p, 1024);
		if (!p) {
			lc->rc = LF_ENOMEM;
			return 1;
		}
		r->fs = p;
	}
	f = &r->fs[r->nfs];
	f->abs = strdup(key + strlen(LF_META_FILE));
	f->state = strndup(value, (size_t)(sp2 - value));
	f->law_id = strdup(sp2 + 1);
	f->shard = lc->shard;
	if (!f->abs || !f->state || !f->law_id) {
		free(f->abs);
		free(f->state);
		free(f->law_id);
		lc->rc = LF_ENOMEM;
		return 1;
	}
	r->nfs++;
	return 0;
}

int lf_ix_load_records(run *r, lf_err *err)
{
	int s, rc;

	for (s = 0; s < r->nshards; s++) {
		load_ctx lc = {r, s, 0};
		if ((rc = lf_xwdb_metadata_each(r->shards[s].db, LF_META_FILE, load_one, &lc, err)) != 0)
			return rc;
		if ((rc = lc.rc) != 0)
			return lf_err_set(err, rc, "%s: cannot load the indexed-file records: %s", r->o->db_path,
			                  lf_strerror(rc));
	}
	if (r->nfs)
		qsort(r->fs, r->nfs, sizeof *r->fs, cmp_fstate);
	return 0;
}

/* Settles which laws this database takes: the --shard-of rules given, else
 * those it was indexed with (stored in every shard).  Given rules that
 * differ from the stored ones make every file be read again (lf_ix_settle_tagging),
 * so that laws now for other shards leave and laws now for this one come in. */
int lf_ix_settle_rule(run *r, lf_err *err)
{
	const lf_index_opts *o = r->o;
	lf_buf v;
	int rc;

	lf_buf_init(&v, 0);
	if ((rc = lf_xwdb_get_metadata(r->shards[0].db, LF_META_SHARD_OF, &v, err)) != 0)
		goto out;
	if (o->nshard_of) {
		if ((rc = lf_shardof_parse(o->shard_of, o->nshard_of, &r->so, err)) != 0)
			goto out;
	} else {
		/* shard 0's: settle_tagging records rules in shard order, so
		 * after a run killed half way it holds the latest */
		const char *stored = lf_buf_str(&v);
		if ((rc = lf_shardof_parse(&stored, 1, &r->so, err)) != 0)
			lf_err_set(err, LF_ECORRUPT, "%s: the stored --shard-of rules \"%s\" do not parse", o->db_path,
			           stored);
	}
out:
	lf_buf_free(&v);
	return rc;
}

/* Marks stale the records of shard s's files that must be read again: the
 * laws (tagged with another taxonomy: taxonomy), or every file (taken
 * under other --shard-of rules: all).  A stale record keeps its law id, so
 * the law's documents are still found and replaced, but its state, "- -",
 * matches no file: the file is read again, by this run or, if it is
 * killed first, by the next.  Returns how many were marked, or -1 with
 * *rc set. */
static long mark_stale(run *r, int s, int all, int *rc, lf_err *err)
{
	long n = 0;
	size_t i;

	for (i = 0; i < r->nfs; i++) {
		fstate *f = &r->fs[i];
		char key[4200], val[700], *stale;
		if (f->shard != s || (!all && !*f->law_id) || !strcmp(f->state, "- -"))
			continue;
		if (!(stale = strdup("- -"))) {
			*rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			return -1;
		}
		free(f->state);
		f->state = stale;
		snprintf(key, sizeof key, LF_META_FILE "%s", f->abs);
		snprintf(val, sizeof val, "- - %s", f->law_id);
		if ((*rc = lf_xwdb_set_metadata(r->shards[s].db, key, val, err)) != 0)
			return -1;
		n++;
	}
	return n;
}

/* Records, in each shard, the taxonomy and the --shard-of rules this run
 * writes laws with, before it writes any: a new database has them from
 * its first commit, so a first run killed half way is continued by the
 * next one, not started over (once, five kills in a row made no
 * progress).  A shard that recorded others has the records its laws were
 * written under marked stale (mark_stale) in the same commit, so an
 * interrupted re-tagging run is continued too.  Shards are done in order,
 * each in one commit. */
int lf_ix_settle_tagging(run *r, lf_err *err)
{
	size_t n;
	const char *src = lf_taxonomy_source(r->tx, &n), *rule = r->so.canon ? r->so.canon : "";
	lf_buf cats, concepts, v;
	int rc = 0;

	lf_buf_init(&cats, 0);
	lf_buf_init(&concepts, 0);
	lf_buf_init(&v, 0);
	if (lf_taxonomy_categories_record(r->tx, &cats) || lf_taxonomy_concepts_record(r->tx, &concepts))
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	for (int i = 0; !rc && i < r->nshards; i++) {
		lf_xwdb *db = r->shards[i].db;
		int other_tx, other_rule;
		long k = 0;
		if ((rc = lf_xwdb_get_metadata(db, LF_META_TAXONOMY_HASH, &v, err)) != 0)
			break;
		other_tx = strcmp(lf_buf_str(&v), r->tx_hash) != 0;
		if ((rc = lf_xwdb_get_metadata(db, LF_META_SHARD_OF, &v, err)) != 0)
			break;
		other_rule = strcmp(lf_buf_str(&v), rule) != 0;
		if (!other_tx && !other_rule)
			continue;
		if ((k = mark_stale(r, i, other_rule, &rc, err)) < 0)
			break;
		r->rerule |= other_rule && k > 0;
		r->retag |= other_tx && k > 0;
		if (!(rc = lf_xwdb_set_metadata(db, LF_META_TAXONOMY, src, err)) &&
		    !(rc = lf_xwdb_set_metadata(db, LF_META_CATEGORIES, lf_buf_str(&cats), err)) &&
		    !(rc = lf_xwdb_set_metadata(db, LF_META_CONCEPTS, lf_buf_str(&concepts), err)) &&
		    !(rc = lf_xwdb_set_metadata(db, LF_META_TAXONOMY_HASH, r->tx_hash, err)) &&
		    !(rc = lf_xwdb_set_metadata(db, LF_META_SHARD_OF, rule, err)))
			rc = lf_xwdb_commit(db, err);
	}
	lf_buf_free(&cats);
	lf_buf_free(&concepts);
	lf_buf_free(&v);
	(void)n;
	return rc;
}
