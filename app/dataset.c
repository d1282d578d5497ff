/*
 * dataset.c - the tagged datasets for analysts (dataset.h): CSV (RFC
 * 4180), JSON Lines or SQLite, for 'lexfrag export' and the server's
 * downloads.  The record layouts are documented in schemas/export.md; they
 * are a stable interface.
 *
 * Export streams: one law at a time comes from lf_export and is written
 * out (SQLite inserts in one transaction), so memory stays flat however
 * many laws there are.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/dataset.h"
#include "app/options.h"
#include "app/out.h"
#include "app/records.h"
#include "lexfrag/lexfrag.h"

typedef struct exporter {
	int format, provisions, all_scores, csv_raw;
	FILE *fp;
	const char *const *cats;
	size_t ncats;
	sqlite3 *db;
	sqlite3_stmt *ins_law, *ins_risk, *ins_prov, *ins_tag;
	json_w jw;
	csv_w cw;
	size_t laws, rows;
	char errmsg[300];
} exporter;

/* The text of an excerpt without its match marks. */
static const char *unmarked(const char *s, char *buf, size_t n)
{
	size_t k = 0;

	for (; *s && k + 1 < n; s++)
		if (*s != '\x02' && *s != '\x03')
			buf[k++] = *s;
	buf[k] = 0;
	return buf;
}

static const lf_risk *risk_of(const lf_tagged_law *t, const char *cat)
{
	for (size_t i = 0; i < t->nrisks; i++)
		if (!strcmp(t->risks[i].category, cat))
			return &t->risks[i];
	return NULL;
}

/* ---------------------------------------------------------------- csv */

static void csv_head(exporter *x)
{
	if (x->provisions)
		csv_header(&x->cw, "law_id,path,jurisdiction,language,category,strength,provision_id,label,rule,spans,text");
	else {
		csv_header(&x->cw, "id,path,title,short_title,jurisdiction,language,source_format,year,date,score,risks,layers");
		csv_list_begin(&x->cw); /* risk_<category>: cells that lexfrag names */
		for (size_t c = 0; c < x->ncats; c++)
			csv_list_addf(&x->cw, ",", "risk_%s", x->cats[c]);
		if (x->ncats)
			csv_header(&x->cw, lf_buf_str(&x->cw.list));
	}
	csv_end_row(&x->cw);
}

static void csv_law(exporter *x, const lf_tagged_law *t)
{
	csv_w *c = &x->cw;

	if (x->provisions) {
		for (size_t i = 0; i < t->nevidence; i++) {
			const lf_evidence *e = &t->evidence[i];
			const lf_risk *r = risk_of(t, e->category);
			if (!x->all_scores && r && !r->tagged)
				continue;
			csv_text(c, t->id);
			csv_text(c, t->path);
			csv_text(c, t->jurisdiction);
			csv_text(c, t->language);
			csv_text(c, e->category);
			csv_number(c, e->strength, 3);
			csv_text(c, e->prov_id);
			csv_text(c, e->label);
			csv_text(c, e->rule);
			csv_text(c, e->spans);
			csv_text(c, e->excerpt); /* its match marks dropped */
			csv_end_row(c);
			x->rows++;
		}
		return;
	}
	csv_text(c, t->id);
	csv_text(c, t->path);
	csv_text(c, t->title);
	csv_text(c, t->short_title);
	csv_text(c, t->jurisdiction);
	csv_text(c, t->language);
	csv_text(c, t->format);
	csv_text(c, t->year); /* the law's text, not a number of ours */
	csv_text(c, t->date);
	csv_number(c, t->score, 4);
	out_risks_csv(c, t->risks, t->nrisks, t->layers, t->nlayers);
	for (size_t k = 0; k < x->ncats; k++) {
		const lf_risk *r = risk_of(t, x->cats[k]);
		if (r && (r->tagged || x->all_scores))
			csv_number(c, r->score, 3);
		else
			csv_empty(c);
	}
	csv_end_row(c);
	x->rows++;
}

/* -------------------------------------------------------------- jsonl */

static void jsonl_law(exporter *x, const lf_tagged_law *t)
{
	json_w *w = &x->jw;

	if (x->provisions) {
		for (size_t i = 0; i < t->nevidence; i++) {
			const lf_evidence *e = &t->evidence[i];
			const lf_risk *r = risk_of(t, e->category);
			if (!x->all_scores && r && !r->tagged)
				continue;
			json_begin_object(w);
			json_kstring(w, "law_id", t->id);
			json_kstring(w, "path", t->path);
			json_kstring(w, "jurisdiction", t->jurisdiction);
			json_kstring(w, "language", t->language);
			json_kstring(w, "category", e->category);
			json_knumber(w, "strength", e->strength, 3);
			json_kstring(w, "provision_id", e->prov_id);
			json_kstring(w, "label", e->label);
			json_kstring(w, "rule", e->rule);
			json_kstring(w, "spans", e->spans);
			json_ktext(w, "text", e->excerpt);
			json_end_object(w);
			x->rows++;
		}
		return;
	}
	json_begin_object(w);
	json_kstring(w, "id", t->id);
	json_kstring(w, "path", t->path);
	json_kstring(w, "title", t->title);
	json_kstring(w, "short_title", t->short_title);
	json_kstring(w, "jurisdiction", t->jurisdiction);
	json_kstring(w, "language", t->language);
	json_kstring(w, "source_format", t->format);
	json_kyear(w, "year", t->year);
	json_kstring(w, "date", t->date);
	json_knumber(w, "score", t->score, 4);
	out_risks_fields(w, t->risks, t->nrisks, t->layers, t->nlayers);
	if (x->all_scores) {
		json_key(w, "all_scores");
		json_begin_object(w);
		for (size_t i = 0; i < t->nrisks; i++)
			json_knumber(w, t->risks[i].category, t->risks[i].score, 3);
		json_end_object(w);
	}
	json_end_object(w);
	x->rows++;
}

/* ------------------------------------------------------------- sqlite */

static const char schema_sql[] =
	"PRAGMA foreign_keys=ON;\n"
	"CREATE TABLE export_info(key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE laws(id TEXT PRIMARY KEY, path TEXT, title TEXT, short_title TEXT,\n"
	"  jurisdiction TEXT, language TEXT, source_format TEXT, year INTEGER, date TEXT,\n"
	"  score REAL, layers TEXT);\n"
	"CREATE TABLE law_risks(law_id TEXT NOT NULL REFERENCES laws(id), category TEXT NOT NULL,\n"
	"  score REAL, provisions INTEGER, tagged INTEGER, PRIMARY KEY(law_id, category));\n"
	"CREATE TABLE provisions(law_id TEXT NOT NULL REFERENCES laws(id), provision_id TEXT NOT NULL,\n"
	"  label TEXT, PRIMARY KEY(law_id, provision_id));\n"
	"CREATE TABLE tags(law_id TEXT NOT NULL, provision_id TEXT NOT NULL, category TEXT NOT NULL,\n"
	"  strength REAL, rule TEXT, spans TEXT, text TEXT,\n"
	"  PRIMARY KEY(law_id, provision_id, category),\n"
	"  FOREIGN KEY(law_id, provision_id) REFERENCES provisions(law_id, provision_id));\n"
	"CREATE INDEX law_risks_category ON law_risks(category, score);\n"
	"CREATE INDEX tags_category ON tags(category, strength);\n";

static int sql_fail(exporter *x, const char *what)
{
	snprintf(x->errmsg, sizeof x->errmsg, "%s: %s", what, x->db ? sqlite3_errmsg(x->db) : "cannot open");
	return 1;
}

/* Binds s as text made valid UTF-8 (out_utf8, as in the CSV and JSON
 * exports): SQLite stores the bytes it is given, and its readers (Python's
 * sqlite3 module, for one) fail on an ill-formed string.  Out of memory,
 * it binds NULL and sets x->errmsg, which step() then reports. */
static void bind_str(exporter *x, sqlite3_stmt *st, int i, const char *s)
{
	char *owned;
	const char *v = out_utf8(s, &owned);

	if (!v) {
		snprintf(x->errmsg, sizeof x->errmsg, "out of memory");
		sqlite3_bind_null(st, i);
		return;
	}
	sqlite3_bind_text(st, i, v, -1, owned ? free : SQLITE_TRANSIENT);
}

static int sqlite_open(exporter *x, const char *path, const lf_search_opts *so)
{
	char info[64];
	time_t now = time(NULL);

	if (sqlite3_open_v2(path, &x->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return sql_fail(x, path);
	if (sqlite3_exec(x->db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", NULL, NULL, NULL) ||
	    sqlite3_exec(x->db, schema_sql, NULL, NULL, NULL) ||
	    sqlite3_exec(x->db, "BEGIN", NULL, NULL, NULL))
		return sql_fail(x, "creating tables");
	if (sqlite3_prepare_v2(x->db, "INSERT INTO laws VALUES(?,?,?,?,?,?,?,?,?,?,?)", -1, &x->ins_law, NULL) ||
	    sqlite3_prepare_v2(x->db, "INSERT OR REPLACE INTO law_risks VALUES(?,?,?,?,?)", -1, &x->ins_risk, NULL) ||
	    sqlite3_prepare_v2(x->db, "INSERT OR IGNORE INTO provisions VALUES(?,?,?)", -1, &x->ins_prov, NULL) ||
	    sqlite3_prepare_v2(x->db, "INSERT OR REPLACE INTO tags VALUES(?,?,?,?,?,?,?)", -1, &x->ins_tag, NULL))
		return sql_fail(x, "preparing statements");
	strftime(info, sizeof info, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	{
		sqlite3_stmt *st;
		const char *kv[][2] = {{"lexfrag_version", lf_version()}, {"exported_at", info},
		                       {"query", so->query ? so->query : ""}};
		if (sqlite3_prepare_v2(x->db, "INSERT INTO export_info VALUES(?,?)", -1, &st, NULL))
			return sql_fail(x, "export_info");
		for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
			sqlite3_bind_text(st, 1, kv[i][0], -1, SQLITE_STATIC);
			bind_str(x, st, 2, kv[i][1]); /* the query: the user's bytes */
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
	}
	return 0;
}

static int step(exporter *x, sqlite3_stmt *st, const char *what)
{
	int rc = x->errmsg[0] ? SQLITE_NOMEM : sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (x->errmsg[0])
		return 1;
	return rc == SQLITE_DONE ? 0 : sql_fail(x, what);
}

static int sqlite_law(exporter *x, const lf_tagged_law *t)
{
	char layers[512];
	size_t o = 0;

	layers[0] = 0;
	for (size_t i = 0; i < t->nlayers && o + 40 < sizeof layers; i++)
		o += (size_t)snprintf(layers + o, sizeof layers - o, "%s%s", i ? ";" : "", t->layers[i]);
	bind_str(x, x->ins_law, 1, t->id);
	bind_str(x, x->ins_law, 2, t->path);
	bind_str(x, x->ins_law, 3, t->title);
	bind_str(x, x->ins_law, 4, t->short_title);
	bind_str(x, x->ins_law, 5, t->jurisdiction);
	bind_str(x, x->ins_law, 6, t->language);
	bind_str(x, x->ins_law, 7, t->format);
	if (*t->year)
		sqlite3_bind_int(x->ins_law, 8, atoi(t->year));
	else
		sqlite3_bind_null(x->ins_law, 8);
	bind_str(x, x->ins_law, 9, t->date);
	sqlite3_bind_double(x->ins_law, 10, t->score);
	bind_str(x, x->ins_law, 11, layers);
	if (step(x, x->ins_law, "inserting a law"))
		return 1;
	for (size_t i = 0; i < t->nrisks; i++) {
		bind_str(x, x->ins_risk, 1, t->id);
		bind_str(x, x->ins_risk, 2, t->risks[i].category);
		sqlite3_bind_double(x->ins_risk, 3, t->risks[i].score);
		sqlite3_bind_int(x->ins_risk, 4, (int)t->risks[i].provisions);
		sqlite3_bind_int(x->ins_risk, 5, t->risks[i].tagged);
		if (step(x, x->ins_risk, "inserting a risk"))
			return 1;
	}
	for (size_t i = 0; i < t->nevidence; i++) {
		const lf_evidence *e = &t->evidence[i];
		bind_str(x, x->ins_prov, 1, t->id);
		bind_str(x, x->ins_prov, 2, e->prov_id);
		bind_str(x, x->ins_prov, 3, e->label);
		if (step(x, x->ins_prov, "inserting a provision"))
			return 1;
		bind_str(x, x->ins_tag, 1, t->id);
		bind_str(x, x->ins_tag, 2, e->prov_id);
		bind_str(x, x->ins_tag, 3, e->category);
		sqlite3_bind_double(x->ins_tag, 4, e->strength);
		bind_str(x, x->ins_tag, 5, e->rule);
		bind_str(x, x->ins_tag, 6, e->spans);
		{
			size_t n = strlen(e->excerpt) + 1;
			char *buf = malloc(n);
			if (!buf) {
				snprintf(x->errmsg, sizeof x->errmsg, "out of memory");
				return 1;
			}
			bind_str(x, x->ins_tag, 7, unmarked(e->excerpt, buf, n));
			if (step(x, x->ins_tag, "inserting a tag")) {
				free(buf);
				return 1;
			}
			free(buf);
		}
		x->rows++;
	}
	return 0;
}

static int sqlite_close(exporter *x, int ok)
{
	int rc = 0;

	sqlite3_finalize(x->ins_law);
	sqlite3_finalize(x->ins_risk);
	sqlite3_finalize(x->ins_prov);
	sqlite3_finalize(x->ins_tag);
	if (x->db && ok && sqlite3_exec(x->db, "COMMIT", NULL, NULL, NULL))
		rc = sql_fail(x, "committing");
	if (x->db && sqlite3_close(x->db) != SQLITE_OK && !rc)
		rc = sql_fail(x, "closing");
	x->db = NULL;
	return rc;
}

/* ------------------------------------------------------------ command */

static int on_law(const lf_tagged_law *t, void *ctx)
{
	exporter *x = ctx;

	x->laws++;
	switch (x->format) {
	case FMT_CSV: csv_law(x, t); break;
	case FMT_JSONL: jsonl_law(x, t); break;
	default: return sqlite_law(x, t) ? LF_EIO : 0;
	}
	if (x->format == FMT_CSV && x->cw.failed) {
		snprintf(x->errmsg, sizeof x->errmsg, "out of memory");
		return LF_ENOMEM; /* a cell could not be built */
	}
	return ferror(x->fp) ? LF_EIO : 0;
}

int export_run(lf_db *db, const lf_search_opts *so, int format, int provisions, int flags, FILE *fp,
               const char *sqlite_path, size_t *nlaws, size_t *nrows, char *errmsg, size_t nerr, lf_err *err)
{
	exporter x;
	char tmp[4200];
	int rc;

	memset(&x, 0, sizeof x);
	x.format = format;
	x.provisions = provisions;
	x.all_scores = !!(flags & EXPORT_ALL_SCORES);
	x.csv_raw = !!(flags & EXPORT_CSV_RAW);
	x.ncats = lf_db_categories(db, &x.cats);
	x.fp = fp;
	json_init(&x.jw, fp);
	csv_init(&x.cw, fp, x.csv_raw);
	lf_err_clear(err);
	if (format == FMT_SQLITE) {
		/* built beside, then renamed over FILE: a reader never sees half */
		snprintf(tmp, sizeof tmp, "%s.tmp%ld", sqlite_path, (long)getpid());
		unlink(tmp);
		if (sqlite_open(&x, tmp, so)) {
			snprintf(errmsg, nerr, "%s", x.errmsg);
			sqlite_close(&x, 0);
			unlink(tmp);
			return LF_EIO;
		}
	}
	if (format == FMT_CSV)
		csv_head(&x);
	rc = lf_export(db, so, on_law, &x, err);
	if (format == FMT_SQLITE) {
		if (sqlite_close(&x, rc == 0) && !rc)
			rc = LF_EIO;
		if (!rc && rename(tmp, sqlite_path) != 0) {
			snprintf(x.errmsg, sizeof x.errmsg, "%s", strerror(errno));
			rc = LF_EIO;
		}
		if (rc)
			unlink(tmp);
	} else if (fflush(x.fp) != 0 || ferror(x.fp)) {
		rc = rc ? rc : LF_EIO;
		snprintf(x.errmsg, sizeof x.errmsg, "write error: %s", strerror(errno));
	}
	snprintf(errmsg, nerr, "%s", x.errmsg[0] ? x.errmsg : err->msg);
	*nlaws = x.laws;
	*nrows = x.rows;
	csv_free(&x.cw);
	return rc;
}
