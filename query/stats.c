/* stats.c - what a database holds, counted (see lexfrag.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/schema.h"
#include "query/query.h"

typedef struct counts {
	lf_arena *a;
	lf_count *v;
	size_t n, cap;
	int oom;     /* a count was lost: the whole call fails */
} counts;

static void count_cb(const char *value, size_t n, unsigned count, void *ctx)
{
	counts *c = ctx;

	if (c->n == c->cap) {
		lf_count *v = lf_grow(c->v, &c->cap, sizeof *v, 32);
		if (!v) {
			c->oom = 1;
			return;
		}
		c->v = v;
	}
	c->v[c->n].key = lf_q_str(c->a, value, n);
	c->v[c->n].n = count;
	c->n++;
}

/* Largest count first, then by key. */
static int cmp_count(const void *x, const void *y)
{
	const lf_count *a = x, *b = y;

	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->key, b->key);
}

static int cmp_key(const void *x, const void *y)
{
	return strcmp(((const lf_count *)x)->key, ((const lf_count *)y)->key);
}

static int count_slot(lf_db *db, unsigned slot, lf_arena *a, lf_count **out, size_t *n, int by_key,
                      lf_err *err)
{
	lf_xquery *q = lf_xquery_term(LF_TERM_DOCLAW);
	lf_xsearch so;
	lf_xmset *ms = NULL;
	counts c = {a, NULL, 0, 0, 0};
	int rc;

	if (!q)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	lf_xsearch_init(&so);
	so.limit = 0;
	so.count_slot = (int)slot;
	/* every law counted: Xapian stops at the database's size (a count
	 * asked of it first could fail, and 0 counted nothing, silently) */
	so.check_at_least = (unsigned)-1;
	rc = lf_q_search(db, q, &so, &ms, err);
	lf_xquery_free(q);
	if (rc)
		return rc;
	lf_xmset_counts_each(ms, count_cb, &c);
	lf_xmset_free(ms);
	if (c.n)
		qsort(c.v, c.n, sizeof *c.v, by_key ? cmp_key : cmp_count);
	/* move into the arena so the stats object owns one allocation */
	*out = c.oom ? NULL : lf_arena_alloc(a, (c.n + 1) * sizeof **out);
	if (*out && c.n)
		memcpy(*out, c.v, c.n * sizeof **out);
	*n = *out ? c.n : 0;
	free(c.v);
	return *out ? 0 : lf_err_set(err, LF_ENOMEM, "out of memory");
}

static uint64_t dir_bytes(const char *path, int depth)
{
	DIR *d;
	struct dirent *e;
	uint64_t total = 0;
	struct stat st;

	if (depth > 8 || !(d = opendir(path)))
		return 0;
	while ((e = readdir(d)) != NULL) {
		char p[4400];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s/%s", path, e->d_name);
		if (lstat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			total += dir_bytes(p, depth + 1);
		else if (S_ISREG(st.st_mode))
			total += (uint64_t)st.st_size;
	}
	closedir(d);
	return total;
}

/* Laws per value of a boolean prefix (XR risk, XA layer): the terms'
 * frequencies, every category of the taxonomy listed even at 0. */
typedef struct term_counts {
	lf_arena *a;
	counts c;
	size_t skip; /* prefix length */
} term_counts;

static int term_cb(const char *term, unsigned freq, void *ctx)
{
	term_counts *t = ctx;

	count_cb(term + t->skip, strlen(term) - t->skip, freq, &t->c);
	return 0;
}

static int count_prefix(lf_db *db, const char *prefix, lf_arena *a, lf_count **out, size_t *n,
                        lf_err *err)
{
	term_counts t;
	int rc;

	memset(&t, 0, sizeof t);
	t.a = a;
	t.c.a = a;
	t.skip = strlen(prefix);
	if ((rc = lf_xdb_terms_each(db->x, prefix, term_cb, &t, err)) != 0) {
		free(t.c.v);
		return rc;
	}
	/* categories of the taxonomy that no law carries: listed at 0 */
	if (!strcmp(prefix, LF_TERM_RISK))
		for (size_t i = 0; i < db->ncats; i++) {
			size_t k;
			for (k = 0; k < t.c.n && strcmp(t.c.v[k].key, db->cats[i]); k++)
				;
			if (k == t.c.n)
				count_cb(db->cats[i], strlen(db->cats[i]), 0, &t.c);
		}
	if (t.c.n)
		qsort(t.c.v, t.c.n, sizeof *t.c.v, cmp_count);
	*out = t.c.oom ? NULL : lf_arena_alloc(a, (t.c.n + 1) * sizeof **out);
	if (*out && t.c.n)
		memcpy(*out, t.c.v, t.c.n * sizeof **out);
	*n = *out ? t.c.n : 0;
	free(t.c.v);
	return *out ? 0 : lf_err_set(err, LF_ENOMEM, "out of memory");
}

typedef struct shard_acc {
	lf_stats *s;
	lf_arena *a;
	size_t n;
} shard_acc;

static void shard_cb(const lf_xshard_info *i, void *ctx)
{
	shard_acc *sa = ctx;
	lf_shard_stats *t = &sa->s->shard[sa->n++];

	t->taxonomy = t->shard_of = "";
	t->name = lf_q_str(sa->a, i->name, strlen(i->name));
	t->remote = i->remote;
	t->up = i->up;
	t->reason = lf_q_str(sa->a, i->reason, strlen(i->reason));
}

/* Each shard's laws, provisions and bytes (local shards: on disk). */
static int shard_stats(lf_db *db, lf_stats *s, lf_err *err)
{
	shard_acc sa = {s, s->priv->arena, 0};
	size_t n = lf_xdb_nshards(db->x);
	int rc;

	s->shard = lf_arena_alloc(sa.a, (n + 1) * sizeof *s->shard);
	if (!s->shard)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	memset(s->shard, 0, (n + 1) * sizeof *s->shard);
	lf_xdb_shards_each(db->x, shard_cb, &sa);
	s->shards = (unsigned)sa.n;
	/* lf_xdb_shard_termfreq counts the shards that are up, in order */
	for (size_t i = 0; i < sa.n; i++) {
		lf_shard_stats *t = &s->shard[i];
		s->remote_shards += t->remote != 0;
		if (!t->up) {
			s->shards_down++;
			continue;
		}
		if ((rc = lf_budget_check(&db->budget, err)) != 0)
			return rc;
		lf_buf v;
		lf_buf_init(&v, 0);
		if ((rc = lf_xdb_shard_termfreq(db->x, i, LF_TERM_DOCLAW, &t->laws, err)) != 0 ||
		    (rc = lf_xdb_shard_termfreq(db->x, i, LF_TERM_DOCPROV, &t->provisions, err)) != 0 ||
		    (rc = lf_xdb_shard_metadata(db->x, i, LF_META_TAXONOMY_HASH, &v, err)) != 0) {
			lf_buf_free(&v);
			return rc;
		}
		t->taxonomy = lf_q_str(sa.a, lf_buf_str(&v), v.n);
		if ((rc = lf_xdb_shard_metadata(db->x, i, LF_META_SHARD_OF, &v, err)) != 0) {
			lf_buf_free(&v);
			return rc;
		}
		t->shard_of = lf_q_str(sa.a, lf_buf_str(&v), v.n);
		lf_buf_free(&v);
		if (!t->remote)
			s->index_bytes += t->bytes = dir_bytes(t->name, 0);
	}
	return lf_arena_failed(sa.a) ? lf_err_set(err, LF_ENOMEM, "out of memory") : 0;
}

static int stats_get_once(lf_db *db, lf_stats **out, lf_err *err)
{
	lf_stats *s;
	lf_arena *a;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof *s);
	if (!s || !(s->priv = calloc(1, sizeof *s->priv)) || !(s->priv->arena = lf_arena_new())) {
		lf_stats_free(s);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	a = s->priv->arena;
	if ((rc = lf_xdb_termfreq(db->x, LF_TERM_DOCLAW, &s->laws, err)) ||
	    (rc = lf_xdb_termfreq(db->x, LF_TERM_DOCPROV, &s->provisions, err)) ||
	    (rc = count_slot(db, LF_SLOT_JUR, a, &s->by_jurisdiction, &s->njurisdiction, 0, err)) ||
	    (rc = count_slot(db, LF_SLOT_LANG, a, &s->by_language, &s->nlanguage, 0, err)) ||
	    (rc = count_slot(db, LF_SLOT_FORMAT, a, &s->by_format, &s->nformat, 0, err)) ||
	    (rc = count_slot(db, LF_SLOT_YEARSTR, a, &s->by_year, &s->nyear, 1, err)) ||
	    (rc = count_prefix(db, LF_TERM_RISK, a, &s->by_risk, &s->nrisk, err)) ||
	    (rc = count_prefix(db, LF_TERM_LAYER, a, &s->by_layer, &s->nlayer, err))) {
		lf_stats_free(s);
		return rc;
	}
	if (lf_arena_failed(a)) {
		lf_stats_free(s);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	if ((rc = shard_stats(db, s, err)) != 0) {
		lf_stats_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void lf_stats_free(lf_stats *s)
{
	if (!s)
		return;
	lf_q_priv_free(s->priv);
	free(s);
}

typedef struct stats_get_args {
	lf_stats **out;
} stats_get_args;

static int stats_get_call(lf_db *db, void *ctx, lf_err *err)
{
	stats_get_args *a = ctx;
	return stats_get_once(db, a->out, err);
}

/* stats_get_once, again if an index run discarded the revision it read. */
int lf_stats_get(lf_db *db, lf_stats **out, lf_err *err)
{
	stats_get_args a = {out};
	return lf_q_retry(db, stats_get_call, &a, err);
}

typedef struct dup_ctx {
	void (*fn)(const char *law_id, unsigned count, void *ctx);
	void *ctx;
	size_t n;
} dup_ctx;

static int dup_cb(const char *term, unsigned freq, void *ctx)
{
	dup_ctx *d = ctx;

	/* Q<law id> is a law's document; Q<law id>#<unit> its units' */
	if (freq > 1 && !strchr(term, '#')) {
		d->n++;
		if (d->fn)
			d->fn(term + strlen(LF_TERM_ID), freq, d->ctx);
	}
	return 0;
}

int lf_db_duplicate_laws(lf_db *db, void (*fn)(const char *law_id, unsigned count, void *ctx), void *ctx,
                         size_t *n, lf_err *err)
{
	dup_ctx d = {fn, ctx, 0};
	int rc = lf_xdb_terms_each(db->x, LF_TERM_ID, dup_cb, &d, err);

	*n = d.n;
	return rc;
}
