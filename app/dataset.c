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
#include "lexfrag/lexfrag.h"

typedef struct exporter {
	int format, provisions, all_scores, csv_raw;
	FILE *fp;
	const char *const *cats;
	size_t ncats;
	sqlite3 *db;
	sqlite3_stmt *ins_law, *ins_risk, *ins_prov, *ins_tag;
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

static void csv_header(exporter *x)
{
	if (x->provisions) {
		fputs("law_id,path,jurisdiction,language,category,strength,provision_id,label,rule,spans,text\r\n",
		      x->fp);
		return;
	}
	fputs("id,path,title,short_title,jurisdiction,language,source_format,year,date,score,risks,layers", x->fp);
	for (size_t c = 0; c < x->ncats; c++)
		fprintf(x->fp, ",risk_%s", x->cats[c]);
	fputs("\r\n", x->fp);
}

static void csv_law(exporter *x, const lf_tagged_law *t)
{
	FILE *fp = x->fp;
	int raw = x->csv_raw;

	if (x->provisions) {
		for (size_t i = 0; i < t->nevidence; i++) {
			const lf_evidence *e = &t->evidence[i];
			const lf_risk *r = risk_of(t, e->category);
			if (!x->all_scores && r && !r->tagged)
				continue;
			out_csv_field(fp, t->id, raw); fputc(',', fp);
			out_csv_field(fp, t->path, raw); fputc(',', fp);
			out_csv_field(fp, t->jurisdiction, raw); fputc(',', fp);
			out_csv_field(fp, t->language, raw); fputc(',', fp);
			out_csv_field(fp, e->category, raw); fputc(',', fp);
			fprintf(fp, "%.3f,", e->strength);
			out_csv_field(fp, e->prov_id, raw); fputc(',', fp);
			out_csv_field(fp, e->label, raw); fputc(',', fp);
			out_csv_field(fp, e->rule, raw); fputc(',', fp);
			out_csv_field(fp, e->spans, raw); fputc(',', fp);
			out_csv_field(fp, e->excerpt, raw); /* its match marks dropped */
			fputs("\r\n", fp);
			x->rows++;
		}
		return;
	}
	out_csv_field(fp, t->id, raw); fputc(',', fp);
	out_csv_field(fp, t->path, raw); fputc(',', fp);
	out_csv_field(fp, t->title, raw); fputc(',', fp);
	out_csv_field(fp, t->short_title, raw); fputc(',', fp);
	out_csv_field(fp, t->jurisdiction, raw); fputc(',', fp);
	out_csv_field(fp, t->language, raw); fputc(',', fp);
	out_csv_field(fp, t->format, raw); fputc(',', fp);
	out_csv_field(fp, t->year, raw); fputc(',', fp); /* the law's text, not a number of ours */
	out_csv_field(fp, t->date, raw); fputc(',', fp);
	fprintf(fp, "%.4f,", t->score);
	out_csv_risks(fp, t->risks, t->nrisks, t->layers, t->nlayers);
	for (size_t c = 0; c < x->ncats; c++) {
		const lf_risk *r = risk_of(t, x->cats[c]);
		fputc(',', fp);
		if (r && (r->tagged || x->all_scores))
			fprintf(fp, "%.3f", r->score);
	}
	fputs("\r\n", fp);
	x->rows++;
}

/* -------------------------------------------------------------- jsonl */

static void jsonl_law(exporter *x, const lf_tagged_law *t)
{
	FILE *fp = x->fp;

	if (x->provisions) {
		for (size_t i = 0; i < t->nevidence; i++) {
			const lf_evidence *e = &t->evidence[i];
			const lf_risk *r = risk_of(t, e->category);
			if (!x->all_scores && r && !r->tagged)
				continue;
			fputs("{\"law_id\":", fp); out_json_str(fp, t->id, 0);
			fputs(",\"path\":", fp); out_json_str(fp, t->path, 0);
			fputs(",\"jurisdiction\":", fp); out_json_str(fp, t->jurisdiction, 0);
			fputs(",\"language\":", fp); out_json_str(fp, t->language, 0);
			fputs(",\"category\":", fp); out_json_str(fp, e->category, 0);
			fprintf(fp, ",\"strength\":%.3f", e->strength);
			fputs(",\"provision_id\":", fp); out_json_str(fp, e->prov_id, 0);
			fputs(",\"label\":", fp); out_json_str(fp, e->label, 0);
			fputs(",\"rule\":", fp); out_json_str(fp, e->rule, 0);
			fputs(",\"spans\":", fp); out_json_str(fp, e->spans, 0);
			fputs(",\"text\":", fp); out_json_str(fp, e->excerpt, 1);
			fputs("}\n", fp);
			x->rows++;
		}
		return;
	}
	fputs("{\"id\":", fp); out_json_str(fp, t->id, 0);
	fputs(",\"path\":", fp); out_json_str(fp, t->path, 0);
	fputs(",\"title\":", fp); out_json_str(fp, t->title, 0);
	fputs(",\"short_title\":", fp); out_json_str(fp, t->short_title, 0);
	fputs(",\"jurisdiction\":", fp); out_json_str(fp, t->jurisdiction, 0);
	fputs(",\"language\":", fp); out_json_str(fp, t->language, 0);
	fputs(",\"source_format\":", fp); out_json_str(fp, t->format, 0);
	if (*t->year)
		fprintf(fp, ",\"year\":%d", atoi(t->year));
	else
		fputs(",\"year\":null", fp);
	fputs(",\"date\":", fp); out_json_str(fp, t->date, 0);
	fprintf(fp, ",\"score\":%.4f", t->score);
	out_json_risks(fp, t->risks, t->nrisks, t->layers, t->nlayers);
	if (x->all_scores) {
		fputs(",\"all_scores\":{", fp);
		for (size_t i = 0; i < t->nrisks; i++) {
			if (i)
				fputc(',', fp);
			out_json_str(fp, t->risks[i].category, 0);
			fprintf(fp, ":%.3f", t->risks[i].score);
		}
		fputc('}', fp);
	}
	fputs("}\n", fp);
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
	if (x->errmsg[0])
		return LF_ENOMEM; /* csv_law could not copy an excerpt */
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
		csv_header(&x);
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
	return rc;
}
