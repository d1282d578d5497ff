/* db.c - opening a database for reading (see lexfrag.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/rec.h"
#include "core/schema.h"
#include "query/query.h"

void lf_q_priv_free(struct lf_results_private *p)
{
	if (!p)
		return;
	lf_arena_free(p->arena);
	free(p);
}

const char *lf_q_str(lf_arena *a, const char *p, size_t n)
{
	const char *s = lf_arena_strndup(a, p ? p : "", p ? n : 0);

	return s ? s : "";
}

static int add_lang(const char *term, unsigned freq, void *ctx)
{
	lf_db *db = ctx;

	if (db->nlangs < 64 && strlen(term) - 2 < 8) {
		db->langfreq[db->nlangs] = freq;
		snprintf(db->langs[db->nlangs++], 8, "%s", term + 2);
	}
	return 0;
}

/* The categories and concept labels the indexer stored (no XML here). */
static int load_taxonomy(lf_db *db, lf_err *err)
{
	lf_buf v;
	int rc;

	lf_buf_init(&v, 0);
	if ((rc = lf_xdb_get_metadata(db->x, LF_META_CATEGORIES, &v, err)) != 0)
		goto out;
	for (const char *p = lf_buf_str(&v); *p;) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		char **c;
		if (!nl)
			nl = p + strlen(p);
		if (!tab || tab > nl)
			tab = nl;
		if (!(c = realloc(db->cats, (db->ncats + 1) * sizeof *c)) ||
		    !(c[db->ncats] = strndup(p, (size_t)(tab - p)))) {
			if (c)
				db->cats = c;
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			goto out;
		}
		db->cats = c;
		db->ncats++;
		/* the layers after the tab: add the new ones to db->layers */
		for (const char *l = tab < nl ? tab + 1 : nl; l < nl;) {
			const char *e = l;
			char w[80], *grown;
			while (e < nl && *e != ' ')
				e++;
			snprintf(w, sizeof w, " %.*s ", (int)(e - l), l);
			if (e > l && (!db->layers || !strstr(db->layers, w))) {
				size_t k = db->layers ? strlen(db->layers) : 0;
				if (!(grown = realloc(db->layers, k + strlen(w) + 2))) {
					rc = lf_err_set(err, LF_ENOMEM, "out of memory");
					goto out;
				}
				if (!k)
					grown[0] = 0;
				else
					grown[--k] = 0; /* drop the trailing space */
				strcat(grown, w);
				db->layers = grown;
			}
			l = e < nl ? e + 1 : nl;
		}
		p = *nl ? nl + 1 : nl;
	}
	lf_buf_reset(&v);
	if ((rc = lf_xdb_get_metadata(db->x, LF_META_CONCEPTS, &v, err)) != 0)
		goto out;
	if (!(db->concepts = strdup(lf_buf_str(&v))))
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	db->nconcepts = v.n;
out:
	lf_buf_free(&v);
	return rc;
}

int lf_q_cat_index(const lf_db *db, const char *id)
{
	for (size_t i = 0; i < db->ncats; i++)
		if (!strcmp(db->cats[i], id))
			return (int)i;
	return -1;
}

/* The stub file whose switch lf_db_refresh watches: path's XAPIANDB, or
 * path itself when it is a stub file. */
static void stub_of(const char *path, char *out, size_t n)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		snprintf(out, n, "%s", path);
	else
		snprintf(out, n, "%s/%s", path, LF_STUB_FILE);
}

typedef struct skip_ctx {
	lf_db *db;
	int oom;
} skip_ctx;

/* A shard lf_xdb_open_opts left out: remembered, and said. */
static void on_skip(const char *shard, const char *reason, void *ctx)
{
	skip_ctx *sc = ctx;
	lf_db *db = sc->db;
	char msg[900];
	char **d;
	size_t i;

	for (i = 0; i < db->ndown && strcmp(db->down[i], shard); i++)
		;
	if (i == db->ndown) {
		if (!(d = realloc(db->down, (db->ndown + 1) * sizeof *d)) || !(d[db->ndown] = strdup(shard))) {
			if (d)
				db->down = d;
			sc->oom = 1;
			return;
		}
		db->down = d;
		db->ndown++;
		db->down_since_ns = lf_mono_ns();
	}
	if (db->opts.on_warning) {
		snprintf(msg, sizeof msg, "%s: shard %s left out: %s", db->path, shard, reason);
		db->opts.on_warning(msg, db->opts.ctx);
	}
}

/* Frees what db_load fills. */
static void db_unload(lf_db *db)
{
	lf_xdb_close(db->x);
	db->x = NULL;
	for (size_t i = 0; i < db->ncats; i++)
		free(db->cats[i]);
	free(db->cats);
	free(db->concepts);
	free(db->layers);
	db->cats = NULL;
	db->ncats = 0;
	db->concepts = NULL;
	db->nconcepts = 0;
	db->layers = NULL;
	db->nlangs = 0;
	db->laws = 0;
}

/* Opens db->path (without the shards in db->down) and reads what the
 * query side needs from it. */
static int db_load(lf_db *db, lf_err *err)
{
	lf_xopen_opts xo;
	skip_ctx sc = {db, 0};
	int rc;

	memset(&xo, 0, sizeof xo);
	xo.timeout_ms = db->opts.timeout_ms;
	xo.allow_partial = db->opts.allow_partial;
	xo.exclude = (const char *const *)db->down;
	xo.nexclude = db->ndown;
	xo.on_skip = on_skip;
	xo.ctx = &sc;
	if ((rc = lf_xdb_open_opts(db->path, &xo, &db->x, err)) != 0) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", err->msg);
		return lf_err_set(err, rc, "%s: %s", db->path, msg);
	}
	if (sc.oom)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	if ((rc = lf_xdb_termfreq(db->x, LF_TERM_DOCLAW, &db->laws, err)) != 0 ||
	    (rc = lf_xdb_terms_each(db->x, "XL", add_lang, db, err)) != 0 ||
	    (rc = load_taxonomy(db, err)) != 0)
		return rc;
	return 0;
}

int lf_db_open_opts(const char *path, const lf_db_opts *opts, lf_db **out, lf_err *err)
{
	lf_db *db;
	struct stat st;
	char stub[4200];
	int rc;

	*out = NULL;
	if (stat(path, &st) != 0)
		return lf_err_set(err, LF_ENOTFOUND, "%s: no such database (run \"lexfrag index --db %s DIR\" first)", path, path);
	stub_of(path, stub, sizeof stub);
	if (S_ISDIR(st.st_mode) && stat(stub, &st) != 0)
		return lf_err_set(err, LF_ENOTFOUND, "%s: not a lexfrag database (no %s)", path, LF_STUB_FILE);
	db = calloc(1, sizeof *db);
	if (!db)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	if (opts)
		db->opts = *opts;
	if (!(db->path = strdup(path))) {
		lf_db_close(db);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	/* st is the stub's (or, for a path to a single Xapian database, the
	 * path's): lf_db_refresh notices when a compaction switches it */
	db->stub_ino = (unsigned long)st.st_ino;
	db->stub_mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	if ((rc = db_load(db, err)) != 0) {
		lf_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

int lf_db_open(const char *path, lf_db **out, lf_err *err)
{
	return lf_db_open_opts(path, NULL, out, err);
}

int lf_q_leave_out(lf_db *db, const char *shard, const char *why, lf_err *err)
{
	skip_ctx sc = {db, 0};

	lf_db fresh;
	int rc;

	on_skip(shard, why, &sc);
	if (sc.oom)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	/* loaded beside db, which stays whole if this fails */
	fresh = *db;
	fresh.x = NULL;
	fresh.cats = NULL;
	fresh.ncats = 0;
	fresh.concepts = NULL;
	fresh.layers = NULL;
	fresh.nlangs = 0;
	rc = db_load(&fresh, err);
	/* the list of shards left out is db's, and may have grown */
	db->down = fresh.down;
	db->ndown = fresh.ndown;
	db->down_since_ns = fresh.down_since_ns;
	if (rc) {
		db_unload(&fresh);
		return rc;
	}
	db_unload(db);
	*db = fresh;
	return 0;
}

size_t lf_db_shards_down(const lf_db *db, const char *const **names)
{
	*names = (const char *const *)db->down;
	return db->ndown;
}

/* A handle with shards left out tries them all again this often. */
#define RETRY_DOWN_NS (10 * 1000000000LL)

int lf_db_refresh(lf_db **dbp, lf_err *err)
{
	lf_db *db = *dbp, *fresh;
	char stub[4200];
	struct stat st;
	int changed = 0, rc;

	if ((rc = lf_xdb_reopen(db->x, &changed, err)) != 0)
		changed = 1; /* a remote shard's connection may have closed: open again */
	stub_of(db->path, stub, sizeof stub);
	if (stat(stub, &st) == 0 &&
	    ((unsigned long)st.st_ino != db->stub_ino ||
	     (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec != db->stub_mtime_ns))
		changed = 1;
	/* shards left out come back when they answer again */
	if (db->ndown && lf_mono_ns() - db->down_since_ns > RETRY_DOWN_NS)
		changed = 1;
	if (!changed)
		return 0;
	/* opened again rather than only reopened: the metadata read at open
	 * (languages, laws, taxonomy) may have changed, and so may the shards */
	if ((rc = lf_db_open_opts(db->path, &db->opts, &fresh, err)) != 0) {
		if (db->ndown)
			db->down_since_ns = lf_mono_ns(); /* still down: keep this handle, try later */
		return db->ndown && rc == LF_ENETWORK ? 0 : rc;
	}
	fresh->budget = db->budget; /* the limits of the call under way, if any */
	lf_db_close(db);
	*dbp = fresh;
	return 0;
}

int lf_q_search(lf_db *db, const lf_xquery *q, lf_xsearch *so, lf_xmset **ms, lf_err *err)
{
	so->budget = &db->budget;
	return lf_xdb_search(db->x, q, so, ms, err);
}

void lf_db_set_limits(lf_db *db, const lf_limits *l)
{
	if (l)
		lf_budget_start(&db->budget, l->seconds, l->cancelled, l->ctx);
	else
		lf_budget_clear(&db->budget);
}

int lf_q_retry(lf_db *db, int (*call)(lf_db *db, void *ctx, lf_err *err), void *ctx, lf_err *err)
{
	int rc = 0, modified = 0, left_out = 0;

	for (;;) {
		int changed;
		char shard[300];
		lf_err_clear(err);
		if ((rc = call(db, ctx, err)) == LF_EMODIFIED && modified++ < 3) {
			if (lf_xdb_reopen(db->x, &changed, err) != 0)
				break;
			continue;
		}
		/* a shard that failed during the call: without it, with allow_partial */
		if (rc == LF_ENETWORK && db->opts.allow_partial && left_out++ < 64 &&
		    lf_xnet_failed_shard(shard, sizeof shard)) {
			char why[512];
			snprintf(why, sizeof why, "%s", err->msg);
			if ((rc = lf_q_leave_out(db, shard, why, err)) != 0)
				break;
			continue;
		}
		break;
	}
	return rc;
}

void lf_db_close(lf_db *db)
{
	if (!db)
		return;
	db_unload(db);
	for (size_t i = 0; i < db->ndown; i++)
		free(db->down[i]);
	free(db->down);
	free(db->path);
	free(db);
}

void lf_q_chunk_init(lf_chunk_cache *c)
{
	c->n = -1;
	lf_buf_init(&c->text, 0);
}

void lf_q_chunk_free(lf_chunk_cache *c)
{
	lf_buf_free(&c->text);
}

int lf_q_text_at(lf_db *db, const char *law_id, long chunk, size_t off, size_t len,
                 lf_chunk_cache *c, lf_buf *out, lf_err *err)
{
	int rc = 0;

	lf_buf_reset(out);
	if (chunk != c->n) {
		char term[700];
		lf_buf data;
		lf_buf_init(&data, 0);
		snprintf(term, sizeof term, LF_TERM_ID "%s#" LF_CHUNK_ID "%ld", law_id, chunk);
		c->n = -1;
		if ((rc = lf_xdb_term_data(db->x, term, &data, err)) == 0) {
			if (lf_rec_get(lf_buf_str(&data), data.n, "text", &c->text) < 0)
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			else
				c->n = chunk;
		}
		lf_buf_free(&data);
		if (rc)
			return rc;
	}
	if (off > c->text.n || len > c->text.n - off)
		return lf_err_set(err, LF_ECORRUPT, "%s: a provision's text lies outside its chunk", law_id);
	return lf_buf_add(out, c->text.p + off, len) ? lf_err_set(err, LF_ENOMEM, "out of memory") : 0;
}

int lf_q_unit_text(lf_db *db, const char *law_id, const lf_buf *unit_data, lf_chunk_cache *c,
                   lf_buf *out, lf_err *err)
{
	lf_buf at;
	long chunk;
	size_t off, len;

	lf_buf_reset(out);
	lf_buf_init(&at, 0);
	if (lf_rec_get(lf_buf_str(unit_data), unit_data->n, "text_at", &at) < 0) {
		lf_buf_free(&at);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	if (!at.n ||
	    sscanf(lf_buf_str(&at), "%ld %zu %zu", &chunk, &off, &len) != 3) {
		lf_buf_free(&at);
		return 0;
	}
	lf_buf_free(&at);
	return lf_q_text_at(db, law_id, chunk, off, len, c, out, err);
}

/* Splits a toc value "depth US kind US id US label US heading". */
void lf_q_toc_parse(lf_arena *a, const char *s, lf_toc_view *t)
{
	const char *f[5] = {"", "", "", "", ""};
	size_t len[5] = {0};
	int i = 0;
	const char *p = s;

	while (i < 5) {
		const char *e = strchr(p, '\x1f');
		f[i] = p;
		len[i] = e ? (size_t)(e - p) : strlen(p);
		i++;
		if (!e)
			break;
		p = e + 1;
	}
	t->depth = atoi(f[0]);
	t->kind = lf_q_str(a, f[1], len[1]);
	t->id = lf_q_str(a, f[2], len[2]);
	t->label = lf_q_str(a, f[3], len[3]);
	t->heading = lf_q_str(a, f[4], len[4]);
}


/* Parses "toc:start-end ..." into ranges (sorted by start, as written). */
size_t lf_q_ranges_parse(const char *s, lf_q_range **out)
{
	size_t n = 1, k = 0;
	const char *p;
	lf_q_range *r;

	for (p = s; *p; p++)
		n += *p == ' ';
	r = calloc(n, sizeof *r);
	if (!r)
		return 0;
	for (p = s; *p && k < n;) {
		char *e;
		r[k].toc = strtoul(p, &e, 10);
		if (*e != ':')
			break;
		r[k].start = (unsigned)strtoul(e + 1, &e, 10);
		if (*e != '-')
			break;
		r[k].end = (unsigned)strtoul(e + 1, &e, 10);
		if (*e == '@') {
			r[k].chunk = strtol(e + 1, &e, 10);
			if (*e == ',')
				r[k].off = strtoul(e + 1, &e, 10);
			if (*e == ',')
				r[k].len = strtoul(e + 1, &e, 10);
		} else {
			r[k].chunk = -1;
		}
		k++;
		while (*e == ' ')
			e++;
		p = e;
	}
	*out = r;
	return k;
}

/* Fills out[k] with toc entry want[k] (depth, kind, id, label, heading),
 * for every k, in one pass over the law's record.  Absent entries get "". */
int lf_q_toc_entries(const lf_buf *data, const size_t *want, size_t nwant, lf_arena *a,
                       lf_toc_view *out)
{
	lf_buf key, val;
	size_t pos = 0, i = 0, k;
	int rc = 0;

	lf_buf_init(&key, 0);
	lf_buf_init(&val, 0);
	for (k = 0; k < nwant; k++) {
		out[k].depth = 0;
		out[k].kind = out[k].id = out[k].label = out[k].heading = "";
	}
	for (;;) {
		const char *kp, *vp;
		size_t kl, vl;
		int want_it = 0;
		if (!lf_rec_line(lf_buf_str(data), data->n, &pos, &kp, &kl, &vp, &vl))
			break;
		if (kl != 3 || memcmp(kp, "toc", 3))
			continue;
		for (k = 0; k < nwant && !want_it; k++)
			want_it = want[k] == i;
		if (want_it) {
			/* only the wanted lines are unescaped */
			if ((rc = lf_rec_unescape(vp, vl, &val)) != 0)
				break;
			for (k = 0; k < nwant; k++)
				if (want[k] == i)
					lf_q_toc_parse(a, lf_buf_str(&val), &out[k]);
		}
		i++;
	}
	lf_buf_free(&key);
	lf_buf_free(&val);
	return rc ? LF_ENOMEM : 0;
}

