/*
 * api.c - the JSON API of 'lexfrag serve' under /api/: the same objects as
 * the command line's JSON (app/records.h, through the one JSON writer),
 * and the export downloads (app/dataset.h).
 *
 * An answer is written only once the library calls it needs have
 * succeeded; a failure is one error answer (web_fail), and a body that
 * could not be written whole becomes one too (web_finish): never half a
 * body.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/dataset.h"
#include "app/json.h"
#include "app/options.h"
#include "app/records.h"
#include "web/web.h"
#include "web/web_int.h"

#define API "/api/" /* the errors of these routes are JSON */

void api_search(lf_db *db, const web_config *cfg, const web_args *a, web_reply *r)
{
	web_search_req q;
	lf_results *res = NULL;
	const char *bad;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	json_w w;
	int rc;

	if (web_parse_search(a, &q, &bad)) {
		web_error(r, API, 400, bad);
		return;
	}
	q.so.thesaurus = cfg->thesaurus;
	if ((rc = lf_search(db, &q.so, &res, &err)) != 0) {
		web_fail(r, API, rc, err.msg);
		return;
	}
	if (!(fp = web_body(r, API, &buf, &n))) {
		lf_results_free(res);
		return;
	}
	r->type = "application/json";
	json_init(&w, fp);
	json_begin_object(&w);
	json_kstring(&w, "query", q.so.query ? q.so.query : "");
	json_kuint(&w, "estimate", res->estimate);
	json_kuint(&w, "offset", q.so.offset);
	out_shards_down_fields(&w, db);
	out_translations_fields(&w, res);
	json_key(&w, "concepts");
	json_begin_array(&w);
	for (size_t i = 0; i < res->nconcepts; i++)
		json_string(&w, res->concepts[i]);
	json_end_array(&w);
	if (q.so.facets) {
		json_key(&w, "facets");
		json_begin_object(&w);
		out_counts_fields(&w, "by_jurisdiction", res->by_jurisdiction, res->njurisdiction);
		out_counts_fields(&w, "by_language", res->by_language, res->nlanguage);
		out_counts_fields(&w, "by_year", res->by_year, res->nyear);
		out_counts_fields(&w, "by_risk", res->by_risk, res->nrisk);
		out_counts_fields(&w, "by_layer", res->by_layer, res->nlayer);
		json_end_object(&w);
	}
	json_key(&w, "hits");
	json_begin_array(&w);
	for (size_t i = 0; i < res->nhits; i++)
		out_hit_json(&w, &res->hits[i], NULL);
	json_end_array(&w);
	json_end_object(&w);
	web_finish(r, API, fp, &buf, &n);
	lf_results_free(res);
}

void api_law(lf_db *db, const char *id, web_reply *r)
{
	lf_law_view *v = NULL;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if ((rc = lf_show(db, id, &v, &err)) != 0) {
		web_fail(r, API, rc, err.msg);
		return;
	}
	if ((fp = web_body(r, API, &buf, &n)) != NULL) {
		json_w w;
		r->type = "application/json";
		json_init(&w, fp);
		out_law_json(&w, v, 0);
		web_finish(r, API, fp, &buf, &n);
	}
	lf_law_view_free(v);
}

void api_stats(lf_db *db, const web_config *cfg, web_reply *r)
{
	lf_stats *s = NULL;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if ((rc = lf_stats_get(db, &s, &err)) != 0) {
		web_fail(r, API, rc, err.msg);
		return;
	}
	if ((fp = web_body(r, API, &buf, &n)) != NULL) {
		json_w w;
		r->type = "application/json";
		json_init(&w, fp);
		out_stats_json(&w, s, cfg->db_path);
		web_finish(r, API, fp, &buf, &n);
	}
	lf_stats_free(s);
}

void api_taxonomy(lf_db *db, web_reply *r)
{
	char *buf;
	size_t n;
	FILE *fp = web_body(r, API, &buf, &n);
	json_w w;

	if (!fp)
		return;
	r->type = "application/json";
	json_init(&w, fp);
	out_taxonomy_json(&w, db);
	web_finish(r, API, fp, &buf, &n);
}

/* The SQLite export of q into r's body: SQLite needs a file, a private
 * one, read back, removed. */
static int export_sqlite(lf_db *db, const web_search_req *q, int provisions, web_reply *r, char *errmsg,
                         size_t nerr, lf_err *err)
{
	char path[64], chunk[65536];
	size_t laws, rows, n, k;
	char *buf;
	FILE *in, *fp;
	int fd, rc;

	snprintf(path, sizeof path, "/tmp/lexfrag-export-XXXXXX");
	if ((fd = mkstemp(path)) < 0) {
		snprintf(errmsg, nerr, "%s", strerror(errno));
		return LF_EIO;
	}
	close(fd);
	unlink(path);
	rc = export_run(db, &q->so, FMT_SQLITE, provisions, 0, NULL, path, &laws, &rows, errmsg, nerr, err);
	if (rc)
		return rc;
	if (!(in = fopen(path, "rb"))) {
		snprintf(errmsg, nerr, "%s", strerror(errno));
		unlink(path);
		return LF_EIO;
	}
	if ((fp = web_body(r, API, &buf, &n)) != NULL) {
		while ((k = fread(chunk, 1, sizeof chunk, in)) > 0)
			fwrite(chunk, 1, k, fp);
		if (ferror(in)) {
			fclose(fp);
			free(buf);
			snprintf(errmsg, nerr, "cannot read the export back");
			rc = LF_EIO;
		} else
			web_finish(r, API, fp, &buf, &n);
	}
	fclose(in);
	unlink(path);
	return rc;
}

void api_export(lf_db *db, const web_args *a, web_reply *r)
{
	web_search_req q;
	const char *bad, *f = web_arg(a, "format");
	int format = !f || !strcmp(f, "csv") ? FMT_CSV : !strcmp(f, "jsonl") ? FMT_JSONL
	             : !strcmp(f, "sqlite") ? FMT_SQLITE : -1;
	int provisions;
	char errmsg[300];
	size_t laws, rows, n;
	char *buf;
	FILE *fp;
	lf_err err;
	int rc;

	if (format < 0 || web_parse_search(a, &q, &bad) || web_flag_arg(a, "provisions", &provisions, q.why, sizeof q.why)) {
		web_error(r, API, 400, format < 0 ? "format: csv, jsonl or sqlite" : bad);
		return;
	}
	if (format == FMT_SQLITE)
		rc = export_sqlite(db, &q, provisions, r, errmsg, sizeof errmsg, &err);
	else {
		if (!(fp = web_body(r, API, &buf, &n)))
			return;
		rc = export_run(db, &q.so, format, provisions, 0, fp, NULL, &laws, &rows, errmsg, sizeof errmsg, &err);
		web_finish(r, API, fp, &buf, &n);
	}
	if (rc) {
		web_fail(r, API, rc, errmsg);
		return;
	}
	if (r->status != 200)
		return; /* the body could not be written: an error already */
	r->type = format == FMT_CSV ? "text/csv; charset=utf-8"
	          : format == FMT_JSONL ? "application/x-ndjson" : "application/vnd.sqlite3";
	snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"lexfrag-export.%s\"",
	         format == FMT_CSV ? "csv" : format == FMT_JSONL ? "jsonl" : "sqlite");
}

void api_similar(lf_db *db, const web_config *cfg, const web_args *a, const char *b, size_t bn, const char *ctype,
                 web_reply *r)
{
	size_t n;
	char *text, *buf;
	lf_draft *d = NULL;
	lf_similar_results *res = NULL;
	lf_draft_info di;
	lf_err err;
	FILE *fp;
	int rc;

	if (!(text = web_draft_text(b, bn, ctype, &n))) {
		web_error(r, API, 500, "out of memory");
		return;
	}
	if (!n) {
		free(text);
		web_error(r, API, 400, "POST the draft as the request body (or a 'draft' form field)");
		return;
	}
	rc = web_run_similar(db, cfg->max_draft, text, n, web_arg(a, "lang"), &d, &res, &err);
	free(text);
	if (rc) {
		web_fail(r, API, rc, err.msg);
		lf_draft_free(d);
		return;
	}
	lf_draft_describe(d, &di);
	if ((fp = web_body(r, API, &buf, &n)) != NULL) {
		json_w w;
		r->type = "application/json";
		json_init(&w, fp);
		json_begin_object(&w);
		json_key(&w, "draft");
		out_similar_draft_json(&w, res, &di);
		out_shards_down_fields(&w, db);
		json_key(&w, "laws");
		json_begin_array(&w);
		for (size_t i = 0; i < res->nhits; i++)
			out_similar_hit_json(&w, &res->hits[i]);
		json_end_array(&w);
		json_end_object(&w);
		web_finish(r, API, fp, &buf, &n);
	}
	lf_similar_results_free(res);
	lf_draft_free(d);
}
