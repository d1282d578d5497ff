/*
 * api.c - the JSON API of 'lexfrag serve' under /api/: the same objects as
 * the command line's JSON (app/), and the export downloads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/dataset.h"
#include "app/options.h"
#include "app/out.h"
#include "web/web.h"
#include "web/web_int.h"

/* ------------------------------------------------------------------ API */

void api_search(lf_db *db, const web_args *a, web_reply *r)
{
	web_search_req q;
	lf_results *res = NULL;
	const char *bad;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if (web_parse_search(a, &q, &bad)) {
		web_error(r, "/api/", 400, bad);
		return;
	}
	if ((rc = lf_search(db, &q.so, &res, &err)) != 0) {
		web_fail(r, "/api/", rc, err.msg);
		return;
	}
	if (!(fp = web_body(r, &buf, &n))) {
		lf_results_free(res);
		return;
	}
	r->type = "application/json";
	fputs("{\"query\":", fp);
	out_json_str(fp, q.so.query ? q.so.query : "", 0);
	fprintf(fp, ",\"estimate\":%u,\"offset\":%u", res->estimate, q.so.offset);
	out_shards_down_json(fp, db);
	fputs(",\"concepts\":[", fp);
	for (size_t i = 0; i < res->nconcepts; i++) {
		if (i)
			fputc(',', fp);
		out_json_str(fp, res->concepts[i], 0);
	}
	fputc(']', fp);
	if (q.so.facets) {
		const struct {
			const char *name;
			const lf_count *c;
			size_t n;
		} f[5] = {{"by_jurisdiction", res->by_jurisdiction, res->njurisdiction},
		          {"by_language", res->by_language, res->nlanguage},
		          {"by_year", res->by_year, res->nyear},
		          {"by_risk", res->by_risk, res->nrisk},
		          {"by_layer", res->by_layer, res->nlayer}};
		fputs(",\"facets\":{", fp);
		for (int k = 0; k < 5; k++) {
			fprintf(fp, "%s\"%s\":{", k ? "," : "", f[k].name);
			for (size_t i = 0; i < f[k].n; i++) {
				if (i)
					fputc(',', fp);
				out_json_str(fp, f[k].c[i].key, 0);
				fprintf(fp, ":%u", f[k].c[i].n);
			}
			fputc('}', fp);
		}
		fputc('}', fp);
	}
	fputs(",\"hits\":[", fp);
	for (size_t i = 0; i < res->nhits; i++) {
		if (i)
			fputc(',', fp);
		out_hit_json(fp, &res->hits[i]);
	}
	fputs("]}\n", fp);
	web_finish(r, fp, &buf, &n);
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
		web_fail(r, "/api/", rc, err.msg);
		return;
	}
	if ((fp = web_body(r, &buf, &n)) != NULL) {
		r->type = "application/json";
		out_law_json(fp, v, 0);
		fputc('\n', fp);
		web_finish(r, fp, &buf, &n);
	}
	lf_law_view_free(v);
}

void api_stats(lf_db *db, web_reply *r)
{
	lf_stats *s = NULL;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;
	struct {
		const char *name;
		const lf_count *c;
		size_t n;
	} f[6];

	if ((rc = lf_stats_get(db, &s, &err)) != 0) {
		web_fail(r, "/api/", rc, err.msg);
		return;
	}
	f[0].name = "by_jurisdiction"; f[0].c = s->by_jurisdiction; f[0].n = s->njurisdiction;
	f[1].name = "by_language"; f[1].c = s->by_language; f[1].n = s->nlanguage;
	f[2].name = "by_format"; f[2].c = s->by_format; f[2].n = s->nformat;
	f[3].name = "by_year"; f[3].c = s->by_year; f[3].n = s->nyear;
	f[4].name = "by_risk"; f[4].c = s->by_risk; f[4].n = s->nrisk;
	f[5].name = "by_layer"; f[5].c = s->by_layer; f[5].n = s->nlayer;
	if ((fp = web_body(r, &buf, &n)) != NULL) {
		r->type = "application/json";
		fprintf(fp, "{\"laws\":%u,\"provisions\":%u,\"shards\":%u,\"index_bytes\":%llu", s->laws,
		        s->provisions, s->shards, (unsigned long long)s->index_bytes);
		for (int k = 0; k < 6; k++) {
			fprintf(fp, ",\"%s\":{", f[k].name);
			for (size_t i = 0; i < f[k].n; i++) {
				if (i)
					fputc(',', fp);
				out_json_str(fp, f[k].c[i].key, 0);
				fprintf(fp, ":%u", f[k].c[i].n);
			}
			fputc('}', fp);
		}
		out_shards_json(fp, s);
		fputs("}\n", fp);
		web_finish(r, fp, &buf, &n);
	}
	lf_stats_free(s);
}

void api_taxonomy(lf_db *db, web_reply *r)
{
	const char *const *cats;
	size_t nc = lf_db_categories(db, &cats);
	static const char *const layers[] = {"physical", "network", "transport", "application", "content"};
	char *buf;
	size_t n;
	FILE *fp = web_body(r, &buf, &n);

	if (!fp)
		return;
	r->type = "application/json";
	fputs("{\"categories\":[", fp);
	for (size_t i = 0; i < nc; i++) {
		if (i)
			fputc(',', fp);
		out_json_str(fp, cats[i], 0);
	}
	fputs("],\"layers\":[", fp);
	for (size_t i = 0; i < 5; i++) {
		if (i)
			fputc(',', fp);
		out_json_str(fp, layers[i], 0);
	}
	fputs("]}\n", fp);
	web_finish(r, fp, &buf, &n);
}

void api_export(lf_db *db, const web_args *a, web_reply *r)
{
	web_search_req q;
	const char *bad, *f = web_arg(a, "format");
	int format = !f || !strcmp(f, "csv") ? FMT_CSV : !strcmp(f, "jsonl") ? FMT_JSONL
	             : !strcmp(f, "sqlite") ? FMT_SQLITE : -1;
	int provisions;
	char errmsg[300], path[64];
	size_t laws, rows, n;
	char *buf;
	FILE *fp;
	lf_err err;
	int rc;

	if (format < 0 || web_parse_search(a, &q, &bad) || web_flag_arg(a, "provisions", &provisions, q.why, sizeof q.why)) {
		web_error(r, "/api/", 400, format < 0 ? "format: csv, jsonl or sqlite" : bad);
		return;
	}
	if (format == FMT_SQLITE) {
		/* SQLite needs a file: a private one, read back, removed */
		int fd;
		snprintf(path, sizeof path, "/tmp/lexfrag-export-XXXXXX");
		if ((fd = mkstemp(path)) < 0) {
			web_error(r, "/api/", 500, strerror(errno));
			return;
		}
		close(fd);
		unlink(path);
		rc = export_run(db, &q.so, format, provisions, 0, NULL, path, &laws, &rows, errmsg, sizeof errmsg, &err);
		if (!rc) {
			FILE *in = fopen(path, "rb");
			if (in && (fp = web_body(r, &buf, &n)) != NULL) {
				char chunk[65536];
				size_t k;
				while ((k = fread(chunk, 1, sizeof chunk, in)) > 0)
					fwrite(chunk, 1, k, fp);
				web_finish(r, fp, &buf, &n);
			}
			if (in)
				fclose(in);
		}
		unlink(path);
	} else {
		if (!(fp = web_body(r, &buf, &n)))
			return;
		rc = export_run(db, &q.so, format, provisions, 0, fp, NULL, &laws, &rows, errmsg, sizeof errmsg, &err);
		web_finish(r, fp, &buf, &n);
	}
	if (rc) {
		web_reply_free(r);
		web_fail(r, "/api/", rc, errmsg);
		return;
	}
	r->type = format == FMT_CSV ? "text/csv; charset=utf-8"
	          : format == FMT_JSONL ? "application/x-ndjson" : "application/vnd.sqlite3";
	snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"lexfrag-export.%s\"",
	         format == FMT_CSV ? "csv" : format == FMT_JSONL ? "jsonl" : "sqlite");
}

void api_similar(lf_db *db, const web_config *cfg, const web_args *a, const char *b, size_t bn,
                        const char *ctype, web_reply *r)
{
	size_t n;
	char *text = web_draft_text(b, bn, ctype, &n), *buf;
	lf_draft *d = NULL;
	lf_similar_results *res = NULL;
	lf_draft_info di;
	lf_err err;
	FILE *fp;
	int rc;

	if (!text || !n) {
		free(text);
		web_error(r, "/api/", 400, "POST the draft as the request body (or a 'draft' form field)");
		return;
	}
	rc = web_run_similar(db, cfg->max_draft, text, n, web_arg(a, "lang"), &d, &res, &err);
	free(text);
	if (rc) {
		web_fail(r, "/api/", rc, err.msg);
		lf_draft_free(d);
		return;
	}
	lf_draft_describe(d, &di);
	if ((fp = web_body(r, &buf, &n)) != NULL) {
		r->type = "application/json";
		fputs("{\"draft\":", fp);
		out_similar_draft_json(fp, res, &di);
		out_shards_down_json(fp, db);
		fputs(",\"laws\":[", fp);
		for (size_t i = 0; i < res->nhits; i++) {
			if (i)
				fputc(',', fp);
			out_similar_hit_json(fp, &res->hits[i]);
		}
		fputs("]}\n", fp);
		web_finish(r, fp, &buf, &n);
	}
	lf_similar_results_free(res);
	lf_draft_free(d);
}

