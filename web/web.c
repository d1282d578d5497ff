/*
 * web.c - the answers of 'lexfrag serve' (web.h): the JSON API under /api/
 * (the same objects as the command line's JSON) and the HTML pages.
 *
 * Every string that comes from a law or a request goes through html() on a
 * page and out_json_str() in JSON: a title holding <script> shows as text.
 * Pages work without JavaScript.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "app/out.h"
#include "web/web.h"

#define PAGE_SIZE 20

void web_reply_init(web_reply *r)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->type = "text/html; charset=utf-8";
}

void web_reply_free(web_reply *r)
{
	free(r->body);
	r->body = NULL;
}

/* ------------------------------------------------------------- helpers */

/* HTML text: escaped, match marks (STX/ETX) as <mark>. */
static void html(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		case '\x02': fputs("<mark>", fp); break;
		case '\x03': fputs("</mark>", fp); break;
		default: fputc(*s, fp);
		}
	}
}

/* A URL component, percent-encoded. */
static void url(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			fputc(c, fp);
		else
			fprintf(fp, "%%%02X", c);
	}
}

static const char *arg(const web_args *a, const char *key)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->key[i], key))
			return a->val[i];
	return NULL;
}

/* Does key have a non-empty value? */
static int has_arg(const web_args *a, const char *key)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->key[i], key) && *a->val[i])
			return 1;
	return 0;
}

/* All values of key, into v (at most max); returns how many. */
static size_t args_all(const web_args *a, const char *key, const char **v, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < a->n && k < max; i++)
		if (!strcmp(a->key[i], key) && *a->val[i])
			v[k++] = a->val[i];
	return k;
}

/* Starts a body in a memory stream. */
static FILE *body(web_reply *r, char **buf, size_t *n)
{
	*buf = NULL;
	*n = 0;
	(void)r;
	return open_memstream(buf, n);
}

/* Ends the body: after fclose, the stream's buffer and size are final. */
static void finish(web_reply *r, FILE *fp, char **buf, size_t *n)
{
	fclose(fp);
	r->body = *buf;
	r->n = *n;
}

void web_error(web_reply *r, const char *u, int status, const char *msg)
{
	char *buf;
	size_t n;
	FILE *fp = body(r, &buf, &n);

	if (!fp)
		return;
	r->status = status;
	if (!strncmp(u, "/api/", 5)) {
		r->type = "application/json";
		fprintf(fp, "{\"error\":");
		out_json_str(fp, msg, 0);
		fprintf(fp, ",\"status\":%d}\n", status);
	} else {
		r->type = "text/html; charset=utf-8";
		fprintf(fp, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error %d - lexfrag</title>"
		            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
		            "<h1>Error %d</h1><p>",
		        status, status);
		html(fp, msg);
		fprintf(fp, "</p><p><a href=\"/\">Search</a></p></body></html>\n");
	}
	finish(r, fp, &buf, &n);
}

/* The search options of a request's arguments (the CLI's filters). */
typedef struct req_search {
	lf_search_opts so;
	const char *jur[16], *lang[16], *fmt[16], *risk[16], *layer[16];
	char why[120]; /* the reason of a bad argument */
} req_search;

/* Every value of a numeric argument (empty: absent) is a whole number from
 * min to max, checked by the command line's own parser (cli/args.c): 0 and
 * the first value in *out (left alone when absent), or -1 with the reason
 * in why. */
static int num_arg(const web_args *a, const char *key, long min, long max, long *out, char *why, size_t nwhy)
{
	int seen = 0;

	for (size_t i = 0; i < a->n; i++) {
		long v;
		if (strcmp(a->key[i], key) || !*a->val[i])
			continue;
		if (parse_uint(a->val[i], min, max, &v)) {
			snprintf(why, nwhy, "%s: a whole number from %ld to %ld", key, min, max);
			return -1;
		}
		if (!seen++)
			*out = v;
	}
	return 0;
}

/* A flag (facets=, provisions=): 0 or 1, and a bare key is 1.  0 and the
 * first value in *out (0 when absent), or -1 with the reason in why. */
static int flag_arg(const web_args *a, const char *key, int *out, char *why, size_t nwhy)
{
	int seen = 0;

	*out = 0;
	for (size_t i = 0; i < a->n; i++) {
		const char *v = a->val[i];
		if (strcmp(a->key[i], key))
			continue;
		if (strcmp(v, "0") && strcmp(v, "1") && *v) {
			snprintf(why, nwhy, "%s: 0 or 1", key);
			return -1;
		}
		if (!seen++)
			*out = strcmp(v, "0") != 0;
	}
	return 0;
}

/* The search of a request (q=, the filters, from=, to=, offset=, limit=,
 * by=): 0, or -1 with the reason of the first bad argument in *bad (it
 * lives in q).  The ranges are the command line's (cli.h), except limit:
 * a page of the server holds at most 1000 laws. */
static int parse_search(const web_args *a, req_search *q, const char **bad)
{
	const char *v;
	long from = 0, to = 0, offset = 0, limit = PAGE_SIZE;

	memset(q, 0, sizeof *q);
	*bad = q->why;
	q->so.query = arg(a, "q");
	q->so.jurisdictions = q->jur;
	q->so.njurisdictions = args_all(a, "jurisdiction", q->jur, 16);
	q->so.languages = q->lang;
	q->so.nlanguages = args_all(a, "lang", q->lang, 16);
	q->so.formats = q->fmt;
	q->so.nformats = args_all(a, "source_format", q->fmt, 16);
	q->so.risks = q->risk;
	q->so.nrisks = args_all(a, "risk", q->risk, 16);
	q->so.layers = q->layer;
	q->so.nlayers = args_all(a, "layer", q->layer, 16);
	if (num_arg(a, "from", 0, ARG_YEAR_MAX, &from, q->why, sizeof q->why) ||
	    num_arg(a, "to", 0, ARG_YEAR_MAX, &to, q->why, sizeof q->why) ||
	    num_arg(a, "offset", 0, ARG_OFFSET_MAX, &offset, q->why, sizeof q->why) ||
	    num_arg(a, "limit", 1, 1000, &limit, q->why, sizeof q->why) ||
	    flag_arg(a, "facets", &q->so.facets, q->why, sizeof q->why))
		return -1;
	q->so.from_year = (int)from;
	q->so.to_year = (int)to;
	q->so.offset = (unsigned)offset;
	q->so.limit = (unsigned)limit;
	if ((v = arg(a, "by")) && *v) {
		if (!strcmp(v, "relevance"))
			q->so.sort = LF_SORT_RELEVANCE;
		else if (!strcmp(v, "risk"))
			q->so.sort = LF_SORT_RISK;
		else if (!strcmp(v, "date"))
			q->so.sort = LF_SORT_DATE;
		else
			return snprintf(q->why, sizeof q->why, "by: relevance, risk or date"), -1;
	}
	return 0;
}

/* The HTTP status of a library failure. */
static int status_of(int rc)
{
	switch (rc) {
	case LF_EQUERY:
	case LF_EINVAL: return 400;
	case LF_ENOTFOUND: return 404;
	case LF_ETOOBIG: return 413; /* a draft past --max-draft once decompressed */
	/* 503: an index run discarded the revision read (the server runs the
	 * request again), or the request ran out of time (--request-timeout),
	 * or it was cancelled (the server is stopping, or the client left:
	 * serve.c then answers, or drops the connection, itself) */
	case LF_EMODIFIED:
	case LF_ETIMEOUT:
	case LF_ECANCELED: return 503;
	case LF_ENETWORK: return 502; /* a remote shard failed or did not answer */
	default: return 500;
	}
}

/* An error answer for a library failure rc: its status, and rc kept in
 * r->code for serve.c. */
static void fail(web_reply *r, const char *u, int rc, const char *msg)
{
	web_error(r, u, status_of(rc), msg);
	r->code = rc;
}

/* ------------------------------------------------------------------ API */

static void api_search(lf_db *db, const web_args *a, web_reply *r)
{
	req_search q;
	lf_results *res = NULL;
	const char *bad;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if (parse_search(a, &q, &bad)) {
		web_error(r, "/api/", 400, bad);
		return;
	}
	if ((rc = lf_search(db, &q.so, &res, &err)) != 0) {
		fail(r, "/api/", rc, err.msg);
		return;
	}
	if (!(fp = body(r, &buf, &n))) {
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
	finish(r, fp, &buf, &n);
	lf_results_free(res);
}

static void api_law(lf_db *db, const char *id, web_reply *r)
{
	lf_law_view *v = NULL;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if ((rc = lf_show(db, id, &v, &err)) != 0) {
		fail(r, "/api/", rc, err.msg);
		return;
	}
	if ((fp = body(r, &buf, &n)) != NULL) {
		r->type = "application/json";
		out_law_json(fp, v, 0);
		fputc('\n', fp);
		finish(r, fp, &buf, &n);
	}
	lf_law_view_free(v);
}

static void api_stats(lf_db *db, web_reply *r)
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
		fail(r, "/api/", rc, err.msg);
		return;
	}
	f[0].name = "by_jurisdiction"; f[0].c = s->by_jurisdiction; f[0].n = s->njurisdiction;
	f[1].name = "by_language"; f[1].c = s->by_language; f[1].n = s->nlanguage;
	f[2].name = "by_format"; f[2].c = s->by_format; f[2].n = s->nformat;
	f[3].name = "by_year"; f[3].c = s->by_year; f[3].n = s->nyear;
	f[4].name = "by_risk"; f[4].c = s->by_risk; f[4].n = s->nrisk;
	f[5].name = "by_layer"; f[5].c = s->by_layer; f[5].n = s->nlayer;
	if ((fp = body(r, &buf, &n)) != NULL) {
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
		finish(r, fp, &buf, &n);
	}
	lf_stats_free(s);
}

static void api_taxonomy(lf_db *db, web_reply *r)
{
	const char *const *cats;
	size_t nc = lf_db_categories(db, &cats);
	static const char *const layers[] = {"physical", "network", "transport", "application", "content"};
	char *buf;
	size_t n;
	FILE *fp = body(r, &buf, &n);

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
	finish(r, fp, &buf, &n);
}

static void api_export(lf_db *db, const web_args *a, web_reply *r)
{
	req_search q;
	const char *bad, *f = arg(a, "format");
	int format = !f || !strcmp(f, "csv") ? FMT_CSV : !strcmp(f, "jsonl") ? FMT_JSONL
	             : !strcmp(f, "sqlite") ? FMT_SQLITE : -1;
	int provisions;
	char errmsg[300], path[64];
	size_t laws, rows, n;
	char *buf;
	FILE *fp;
	lf_err err;
	int rc;

	if (format < 0 || parse_search(a, &q, &bad) || flag_arg(a, "provisions", &provisions, q.why, sizeof q.why)) {
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
			if (in && (fp = body(r, &buf, &n)) != NULL) {
				char chunk[65536];
				size_t k;
				while ((k = fread(chunk, 1, sizeof chunk, in)) > 0)
					fwrite(chunk, 1, k, fp);
				finish(r, fp, &buf, &n);
			}
			if (in)
				fclose(in);
		}
		unlink(path);
	} else {
		if (!(fp = body(r, &buf, &n)))
			return;
		rc = export_run(db, &q.so, format, provisions, 0, fp, NULL, &laws, &rows, errmsg, sizeof errmsg, &err);
		finish(r, fp, &buf, &n);
	}
	if (rc) {
		web_reply_free(r);
		fail(r, "/api/", rc, errmsg);
		return;
	}
	r->type = format == FMT_CSV ? "text/csv; charset=utf-8"
	          : format == FMT_JSONL ? "application/x-ndjson" : "application/vnd.sqlite3";
	snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"lexfrag-export.%s\"",
	         format == FMT_CSV ? "csv" : format == FMT_JSONL ? "jsonl" : "sqlite");
}

/* The draft of a POST: the "draft" field of a form, else the raw body. */
static char *draft_text(const char *b, size_t n, const char *ctype, size_t *out_n)
{
	char *s = malloc(n + 1), *w;
	const char *p, *end = b + n;

	if (!s)
		return NULL;
	/* a form (the page's) has a draft= field; anything else is the text
	 * itself, whatever Content-Type a client sent (curl --data-binary
	 * says urlencoded) */
	if (strncmp(ctype, "application/x-www-form-urlencoded", 33) ||
	    !(n >= 6 && (!memcmp(b, "draft=", 6) || memmem(b, n, "&draft=", 7)))) {
		memcpy(s, b, n);
		s[n] = 0;
		*out_n = n;
		return s;
	}
	/* find draft=... and percent-decode it */
	w = s;
	for (p = b; p < end;) {
		const char *amp = memchr(p, '&', (size_t)(end - p)), *eq;
		if (!amp)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq && eq - p == 5 && !memcmp(p, "draft", 5)) {
			for (const char *q = eq + 1; q < amp; q++) {
				if (*q == '+')
					*w++ = ' ';
				else if (*q == '%' && q + 2 < amp && isxdigit((unsigned char)q[1]) &&
				         isxdigit((unsigned char)q[2])) {
					char hex[3] = {q[1], q[2], 0};
					*w++ = (char)strtol(hex, NULL, 16);
					q += 2;
				} else
					*w++ = *q;
			}
			break;
		}
		p = amp + 1;
	}
	*w = 0;
	*out_n = (size_t)(w - s);
	return s;
}

/* Runs similar on a draft text, read as at most max bytes once
 * decompressed; results and draft through the pointers. */
static int run_similar(lf_db *db, size_t max, const char *text, size_t n, const char *lang, lf_draft **d,
                       lf_similar_results **res, lf_err *err)
{
	static const char name[] = "draft";
	int rc;

	*d = NULL;
	*res = NULL;
	/* read from memory, capped at max once decompressed (not the 256M
	 * default: a 1 MB gzip body would become 20 MB of text) */
	rc = lf_draft_read_mem(name, text, n, lang && *lang ? lang : NULL, NULL, max, d, err);
	if (rc == LF_EEMPTY)
		return lf_err_set(err, LF_EINVAL, "the draft holds no text");
	if (rc == LF_ETOOBIG)
		return lf_err_set(err, LF_ETOOBIG, "the draft is larger than --max-draft allows (%zu bytes) once "
		                  "decompressed", max);
	if (rc == LF_EFORMAT) {
		/* the client's draft is at fault, not the server: 400, with the
		 * reason (the library's message names the draft first) */
		char why[sizeof err->msg];
		size_t k = sizeof name - 1;
		snprintf(why, sizeof why, "%s",
		         !strncmp(err->msg, name, k) && err->msg[k] == ':' && err->msg[k + 1] == ' ' ? err->msg + k + 2
		                                                                                   : err->msg);
		return lf_err_set(err, LF_EINVAL, "the draft cannot be read: %s", why);
	}
	if (!rc)
		rc = lf_similar(db, *d, NULL, res, err);
	return rc;
}

static void api_similar(lf_db *db, const web_config *cfg, const web_args *a, const char *b, size_t bn,
                        const char *ctype, web_reply *r)
{
	size_t n;
	char *text = draft_text(b, bn, ctype, &n), *buf;
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
	rc = run_similar(db, cfg->max_draft, text, n, arg(a, "lang"), &d, &res, &err);
	free(text);
	if (rc) {
		fail(r, "/api/", rc, err.msg);
		lf_draft_free(d);
		return;
	}
	lf_draft_describe(d, &di);
	if ((fp = body(r, &buf, &n)) != NULL) {
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
		finish(r, fp, &buf, &n);
	}
	lf_similar_results_free(res);
	lf_draft_free(d);
}

/* ---------------------------------------------------------------- pages */

/* The top of every page; a warning when shards of the database are down
 * (serve --allow-partial): the answers below come from the others. */
static void page_head(FILE *fp, lf_db *db, const char *title)
{
	const char *const *down;
	size_t ndown = lf_db_shards_down(db, &down);

	fputs("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>", fp);
	html(fp, title);
	fputs(" - lexfrag</title><style>"
	      "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:70em;padding:0 1em;line-height:1.45}"
	      "nav a{margin-right:1em}mark{background:#ffe58a}.risk{display:inline-block;border:1px solid #a33;"
	      "color:#a33;border-radius:3px;padding:0 .3em;margin:.1em;font-size:.85em}"
	      ".facets{display:flex;flex-wrap:wrap;gap:1em}.facets fieldset{min-width:12em}"
	      ".warn{background:#fde8e8;border:1px solid #a33;padding:.3em .6em}.hit{border-top:1px solid #ddd;padding:.5em 0}.meta{color:#555;font-size:.9em}"
	      ".side{display:flex;flex-wrap:wrap;gap:1em}.side>div{flex:1 1 20em;background:#f6f6f6;padding:.5em}"
	      "label{display:inline-block;margin:.2em .5em .2em 0}input[type=text],textarea{width:100%;box-sizing:border-box}"
	      "</style><script src=\"/lexfrag.js\" defer></script></head><body><nav aria-label=\"main\"><a href=\"/\">Search</a><a href=\"/similar\">Similar laws</a>"
	      "<a href=\"/stats\">Corpus</a></nav><main>", fp);
	if (ndown) {
		fputs("<p class=\"warn\" role=\"alert\">Partial answers: ", fp);
		for (size_t i = 0; i < ndown; i++) {
			fputs(i ? ", " : "", fp);
			html(fp, down[i]);
		}
		fprintf(fp, " %s down; what follows comes from the other shards.</p>", ndown > 1 ? "are" : "is");
	}
}

/* The pages' only script, served as /lexfrag.js (the Content-Security-Policy
 * allows scripts from this server only, none inline).  Everything works
 * without it; with it, ticking a facet or changing the order applies it at
 * once, '/' jumps to the search box, and a form being sent says so and
 * cannot be sent twice.  It marks <html class="js"> last, so a page where it
 * failed shows no mark. */
static const char script[] =
	"'use strict';\n"
	"(function () {\n"
	"  var search = document.querySelector('form[role=search]');\n"
	"  if (search) {\n"
	"    search.addEventListener('change', function (e) {\n"
	"      var t = e.target;\n"
	"      if (t.type === 'checkbox' || t.tagName === 'SELECT') {\n"
	"        var off = search.querySelector('input[name=offset]');\n"
	"        if (off) off.value = '0';\n"
	"        if (search.requestSubmit) search.requestSubmit(); else search.submit();\n"
	"      }\n"
	"    });\n"
	"  }\n"
	"  document.addEventListener('keydown', function (e) {\n"
	"    var q = document.getElementById('q');\n"
	"    var tag = document.activeElement && document.activeElement.tagName;\n"
	"    if (e.key === '/' && q && tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT') {\n"
	"      e.preventDefault();\n"
	"      q.focus();\n"
	"    }\n"
	"  });\n"
	"  Array.prototype.forEach.call(document.querySelectorAll('form'), function (f) {\n"
	"    f.addEventListener('submit', function () {\n"
	"      var b = f.querySelector('button[type=submit]');\n"
	"      if (b) { b.disabled = true; b.textContent = 'Working\\u2026'; }\n"
	"      f.setAttribute('aria-busy', 'true');\n"
	"    });\n"
	"  });\n"
	"  document.documentElement.classList.add('js');\n"
	"})();\n";

static void page_script(web_reply *r)
{
	r->status = 200;
	r->type = "text/javascript; charset=utf-8";
	r->body = malloc(sizeof script);
	if (r->body) {
		memcpy(r->body, script, sizeof script - 1);
		r->n = sizeof script - 1;
	} else {
		r->status = 500;
	}
}

static void page_tail(FILE *fp)
{
	fputs("</main></body></html>\n", fp);
}

static void risk_badges(FILE *fp, const lf_risk *rk, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs("<span class=\"risk\">", fp);
		html(fp, rk[i].category);
		fprintf(fp, " %.2f</span>", rk[i].score);
	}
}

/* The current search's arguments as a query string, without key skip. */
static void same_args(FILE *fp, const web_args *a, const char *skip)
{
	int first = 1;

	for (size_t i = 0; i < a->n; i++) {
		if (skip && !strcmp(a->key[i], skip))
			continue;
		fputs(first ? "" : "&amp;", fp);
		url(fp, a->key[i]);
		fputc('=', fp);
		url(fp, a->val[i]);
		first = 0;
	}
}

static void page_search(lf_db *db, const web_args *a, web_reply *r)
{
	req_search q;
	lf_results *res = NULL;
	lf_stats *st = NULL;
	const char *bad = NULL, *qtext = arg(a, "q");
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp = body(r, &buf, &n);
	int rc = 0, searched = 0;

	if (!fp)
		return;
	/* the arguments are checked even when nothing is searched (a lone
	 * offset=-1 is as wrong as one beside a query): the page says why */
	if (parse_search(a, &q, &bad) != 0)
		r->status = 400;
	else
		bad = NULL;
	/* the search first: its facets count its matches */
	if ((qtext && *qtext) || has_arg(a, "risk") || has_arg(a, "jurisdiction") || has_arg(a, "lang") ||
	    has_arg(a, "layer") || arg(a, "from") || arg(a, "to")) {
		searched = 1;
		if (!bad) {
			q.so.facets = 1;
			rc = lf_search(db, &q.so, &res, &err);
		}
	}
	page_head(fp, db, qtext && *qtext ? qtext : "Search");
	fputs("<h1>Search the laws</h1><form method=\"get\" action=\"/\" role=\"search\">"
	      "<label for=\"q\">Query (Xapian syntax; risk concepts in any language)</label>"
	      "<input type=\"text\" id=\"q\" name=\"q\" value=\"", fp);
	html(fp, qtext ? qtext : "");
	fputs("\"><div class=\"facets\">", fp);
	if ((searched && !rc && res) || lf_stats_get(db, &st, &err) == 0) {
		int own = searched && !rc && res; /* counts of the matches, else of the corpus */
		struct {
			const char *key, *legend;
			const lf_count *c;
			size_t n;
		} f[4] = {{"jurisdiction", "Jurisdiction", own ? res->by_jurisdiction : st->by_jurisdiction,
		           own ? res->njurisdiction : st->njurisdiction},
		          {"lang", "Language", own ? res->by_language : st->by_language, own ? res->nlanguage : st->nlanguage},
		          {"risk", "Risk category", own ? res->by_risk : st->by_risk, own ? res->nrisk : st->nrisk},
		          {"layer", "Layer", own ? res->by_layer : st->by_layer, own ? res->nlayer : st->nlayer}};
		for (int k = 0; k < 4; k++) {
			fprintf(fp, "<fieldset><legend>%s</legend>", f[k].legend);
			for (size_t i = 0; i < f[k].n && i < 40; i++) {
				const char *sel[16];
				size_t ns = args_all(a, f[k].key, sel, 16), j;
				for (j = 0; j < ns && strcmp(sel[j], f[k].c[i].key); j++)
					;
				fprintf(fp, "<label><input type=\"checkbox\" name=\"%s\" value=\"", f[k].key);
				html(fp, f[k].c[i].key);
				fprintf(fp, "\"%s> ", j < ns ? " checked" : "");
				html(fp, f[k].c[i].key);
				fprintf(fp, " (%u)</label>", f[k].c[i].n);
			}
			fputs("</fieldset>", fp);
		}
		if (own && res->nyear) {
			/* the year histogram: a bar per year, each a link to that year */
			unsigned max = 1;
			for (size_t i = 0; i < res->nyear; i++)
				if (res->by_year[i].n > max)
					max = res->by_year[i].n;
			fprintf(fp, "<fieldset><legend>Years</legend><svg role=\"img\" aria-label=\"Matching laws by year\" "
			            "width=\"100%%\" height=\"60\" viewBox=\"0 0 %zu 60\" xmlns=\"http://www.w3.org/2000/svg\">",
			        res->nyear * 12);
			for (size_t i = 0; i < res->nyear; i++) {
				unsigned h = 50 * res->by_year[i].n / max + 1;
				fputs("<a href=\"/?from=", fp);
				url(fp, res->by_year[i].key);
				fputs("&amp;to=", fp);
				url(fp, res->by_year[i].key);
				fputs("&amp;", fp);
				same_args(fp, a, "offset");
				fprintf(fp, "\"><rect x=\"%zu\" y=\"%u\" width=\"10\" height=\"%u\" fill=\"#4a7\"><title>", i * 12,
				        55 - h, h);
				html(fp, res->by_year[i].key);
				fprintf(fp, ": %u</title></rect></a>", res->by_year[i].n);
			}
			fputs("</svg></fieldset>", fp);
		}
		lf_stats_free(st);
	}
	fputs("<fieldset><legend>Years and order</legend><label>From <input name=\"from\" size=\"5\" value=\"", fp);
	html(fp, arg(a, "from") ? arg(a, "from") : "");
	fputs("\"></label><label>To <input name=\"to\" size=\"5\" value=\"", fp);
	html(fp, arg(a, "to") ? arg(a, "to") : "");
	fputs("\"></label><label>Sort <select name=\"by\">", fp);
	for (int k = 0; k < 3; k++) {
		static const char *const by[] = {"relevance", "risk", "date"};
		fprintf(fp, "<option%s>%s</option>", arg(a, "by") && !strcmp(arg(a, "by"), by[k]) ? " selected" : "", by[k]);
	}
	fputs("</select></label></fieldset></div><button type=\"submit\">Search</button></form>", fp);
	if (bad) {
		fputs("<p role=\"alert\">", fp);
		html(fp, bad);
		fputs("</p>", fp);
	} else if (searched && rc) {
		r->status = status_of(rc);
		r->code = rc;
		fputs("<p role=\"alert\">", fp);
		html(fp, err.msg);
		fputs("</p>", fp);
	} else if (searched) {
		fprintf(fp, "<p>About %u laws match; showing %u-%zu. Download: ", res->estimate, q.so.offset + 1,
		        q.so.offset + res->nhits);
		for (int k = 0; k < 3; k++) {
			static const char *const fm[] = {"csv", "jsonl", "sqlite"};
			fprintf(fp, "<a href=\"/export?format=%s&amp;", fm[k]);
			same_args(fp, a, "offset");
			fprintf(fp, "\">%s</a> ", fm[k]);
		}
		fputs("</p>", fp);
		if (res->nconcepts) {
			fputs("<p>Concept:", fp);
			for (size_t i = 0; i < res->nconcepts; i++) {
				fputc(' ', fp);
				html(fp, res->concepts[i]);
			}
			fputs(" (laws tagged with it match in every language)</p>", fp);
		}
		for (size_t i = 0; i < res->nhits; i++) {
			const lf_hit *h = &res->hits[i];
			fputs("<article class=\"hit\"><h2><a href=\"/law/", fp);
			url(fp, h->id);
			fputs("\">", fp);
			html(fp, *h->title ? h->title : h->id);
			fputs("</a></h2><div class=\"meta\">", fp);
			html(fp, h->jurisdiction);
			fputs(" | ", fp);
			html(fp, h->language);
			fputs(" | ", fp);
			html(fp, h->year);
			fputs(" | ", fp);
			html(fp, h->format);
			fputs("</div><div>", fp);
			risk_badges(fp, h->risks, h->nrisks);
			fputs("</div>", fp);
			for (size_t k = 0; k < h->nprovs; k++) {
				fputs("<p><a href=\"/law/", fp);
				url(fp, h->id);
				fputs("#", fp);
				url(fp, h->provs[k].id);
				fputs("\">", fp);
				html(fp, *h->provs[k].label ? h->provs[k].label : h->provs[k].id);
				fputs("</a> ", fp);
				html(fp, h->provs[k].snippet);
				fputs("</p>", fp);
			}
			if (!h->nprovs && *h->snippet) {
				fputs("<p>", fp);
				html(fp, h->snippet);
				fputs("</p>", fp);
			}
			fputs("</article>", fp);
		}
		if (q.so.offset + res->nhits < res->estimate) {
			fprintf(fp, "<p><a rel=\"next\" href=\"/?offset=%u&amp;", q.so.offset + (unsigned)res->nhits);
			same_args(fp, a, "offset");
			fputs("\">Next page</a></p>", fp);
		}
		lf_results_free(res);
	}
	page_tail(fp);
	finish(r, fp, &buf, &n);
}

static void page_law(lf_db *db, const char *id, web_reply *r)
{
	lf_law_view *v = NULL;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if ((rc = lf_show(db, id, &v, &err)) != 0) {
		fail(r, "/law/", rc, err.msg);
		return;
	}
	if (!(fp = body(r, &buf, &n))) {
		lf_law_view_free(v);
		return;
	}
	{
		const char *title = v->id;
		for (size_t i = 0; i < v->nfields; i++)
			if (!strcmp(v->fields[i].name, "title"))
				title = v->fields[i].value;
		page_head(fp, db, title);
		fputs("<h1>", fp);
		html(fp, title);
		fputs("</h1>", fp);
	}
	fputs("<dl>", fp);
	for (size_t i = 0; i < v->nfields; i++) {
		fputs("<dt>", fp);
		html(fp, v->fields[i].name);
		fputs("</dt><dd>", fp);
		html(fp, v->fields[i].value);
		if (*v->fields[i].source) {
			fputs(" <small>(from ", fp);
			html(fp, v->fields[i].source);
			fputs(")</small>", fp);
		}
		fputs("</dd>", fp);
	}
	fputs("</dl><h2>Risks</h2><div>", fp);
	for (size_t i = 0, k = 0; i < v->nrisks; i++)
		if (v->risks[i].tagged) {
			risk_badges(fp, &v->risks[i], 1);
			k++;
		}
	fputs("</div><ul>", fp);
	for (size_t i = 0; i < v->nevidence; i++) {
		const lf_evidence *e = &v->evidence[i];
		fputs("<li>", fp);
		html(fp, e->category);
		fputs(" in <a href=\"#", fp);
		url(fp, e->prov_id);
		fputs("\">", fp);
		html(fp, *e->label ? e->label : e->prov_id);
		fprintf(fp, "</a> (strength %.2f, rule ", e->strength);
		html(fp, e->rule);
		fputs("): ", fp);
		html(fp, e->excerpt);
		fputs("</li>", fp);
	}
	fputs("</ul><h2>Contents</h2><nav aria-label=\"contents\"><ul>", fp);
	for (size_t i = 0; i < v->ntoc; i++) {
		const lf_toc_view *t = &v->toc[i];
		if (t->depth > 3)
			continue;
		fprintf(fp, "<li style=\"margin-left:%dem\"><a href=\"#", t->depth);
		url(fp, t->id);
		fputs("\">", fp);
		html(fp, *t->label ? t->label : t->kind);
		if (*t->heading) {
			fputs(" - ", fp);
			html(fp, t->heading);
		}
		fputs("</a></li>", fp);
	}
	fputs("</ul></nav>", fp);
	for (size_t i = 0; i < v->nunits; i++) {
		const lf_unit_view *u = &v->units[i];
		fputs("<section id=\"", fp);
		html(fp, u->id);
		fputs("\"><h3>", fp);
		html(fp, *u->label ? u->label : u->kind);
		if (*u->heading) {
			fputs(" - ", fp);
			html(fp, u->heading);
		}
		fputs("</h3>", fp);
		for (size_t k = 0; k < v->nevidence; k++)
			if (!strcmp(v->evidence[k].prov_id, u->id)) {
				fputs("<p><span class=\"risk\">", fp);
				html(fp, v->evidence[k].category);
				fputs("</span> ", fp);
				html(fp, v->evidence[k].excerpt);
				fputs("</p>", fp);
			}
		fputs("<p>", fp);
		html(fp, u->text);
		fputs("</p></section>", fp);
	}
	page_tail(fp);
	finish(r, fp, &buf, &n);
	lf_law_view_free(v);
}

static void page_similar(lf_db *db, const web_config *cfg, const web_args *a, const char *b, size_t bn,
                         const char *ctype, int post, web_reply *r)
{
	size_t n = 0, tn = 0;
	const char *g = arg(a, "draft");
	/* POSTed by the form, or a short draft in the link (?draft=...); its
	 * length counted, not taken by strlen: an uploaded file may be gzip */
	char *text = post ? draft_text(b, bn, ctype, &tn) : g && *g ? strdup(g) : NULL, *buf;
	lf_draft *d = NULL;
	lf_similar_results *res = NULL;
	lf_draft_info di;
	lf_err err;
	FILE *fp = body(r, &buf, &n);
	int rc = 0;

	if (!fp) {
		free(text);
		return;
	}
	page_head(fp, db, "Similar laws");
	fputs("<h1>Which laws does a draft copy?</h1><form method=\"post\" action=\"/similar\" "
	      "enctype=\"multipart/form-data\">"
	      "<label for=\"draft\">Paste the draft bill (plain text, numbered paragraphs)</label>"
	      "<textarea id=\"draft\" name=\"draft\" rows=\"12\">", fp);
	html(fp, text ? text : "");
	fputs("</textarea><label for=\"file\">or upload it (any format lexfrag reads: text, HTML, Akoma Ntoso, "
	      "USLM, Formex...)</label> <input type=\"file\" id=\"file\" name=\"file\"> "
	      "<button type=\"submit\">Find similar laws</button></form>", fp);
	if (text && *text) {
		rc = run_similar(db, cfg->max_draft, text, post ? tn : strlen(text), arg(a, "lang"), &d, &res, &err);
		if (rc) {
			r->status = status_of(rc);
			r->code = rc;
			fputs("<p role=\"alert\">", fp);
			html(fp, err.msg);
			fputs("</p>", fp);
		} else {
			lf_draft_describe(d, &di);
			fprintf(fp, "<h2>The draft</h2><p>%zu provisions, %zu words; its risks: ", di.units, res->draft_tokens);
			risk_badges(fp, di.tags->risks, di.tags->nrisks);
			fputs("</p>", fp);
			if (res->partial)
				fputs("<p role=\"status\">The draft is too large to compare in full: the weakest candidates "
				      "were not aligned, so the list below may miss laws.</p>", fp);
			if (!res->nhits)
				fputs("<p>No law reuses this draft.</p>", fp);
			for (size_t i = 0; i < res->nhits; i++) {
				const lf_similar_hit *h = &res->hits[i];
				fputs("<article class=\"hit\"><h2><a href=\"/law/", fp);
				url(fp, h->id);
				fputs("\">", fp);
				html(fp, *h->title ? h->title : h->id);
				fprintf(fp, "</a></h2><p class=\"meta\">score %.2f (%.0f%% of the draft)%s</p>", h->score,
				        100 * h->score, h->near_duplicate ? " - near-duplicate: the draft's own text" : "");
				for (size_t k = 0; k < h->npassages; k++) {
					const lf_passage *p = &h->passages[k];
					fputs("<div class=\"side\"><div><strong>Draft ", fp);
					html(fp, *p->draft_label ? p->draft_label : p->draft_id);
					fputs("</strong><br>", fp);
					html(fp, p->draft_text);
					fputs("</div><div><strong>", fp);
					html(fp, *p->label ? p->label : p->prov_id);
					fprintf(fp, "</strong> (score %.1f)<br>", p->score);
					html(fp, p->text);
					fputs("</div></div>", fp);
				}
				fputs("</article>", fp);
			}
		}
	}
	page_tail(fp);
	finish(r, fp, &buf, &n);
	free(text);
	lf_similar_results_free(res);
	lf_draft_free(d);
}

/* A horizontal bar chart, as SVG drawn here. */
static void svg_bars(FILE *fp, const char *title, const lf_count *c, size_t n)
{
	unsigned max = 1;
	size_t rows = n < 30 ? n : 30;

	for (size_t i = 0; i < rows; i++)
		if (c[i].n > max)
			max = c[i].n;
	fprintf(fp, "<figure><figcaption>%s</figcaption><svg role=\"img\" aria-label=\"%s\" width=\"100%%\" "
	            "viewBox=\"0 0 600 %zu\" xmlns=\"http://www.w3.org/2000/svg\">",
	        title, title, rows * 22 + 4);
	for (size_t i = 0; i < rows; i++) {
		unsigned w = (unsigned)(380.0 * c[i].n / max);
		fprintf(fp, "<text x=\"0\" y=\"%zu\" font-size=\"13\">", i * 22 + 16);
		html(fp, c[i].key);
		fprintf(fp, "</text><rect x=\"170\" y=\"%zu\" width=\"%u\" height=\"16\" fill=\"#4a7\"/>"
		            "<text x=\"%u\" y=\"%zu\" font-size=\"13\">%u</text>",
		        i * 22 + 3, w, 175 + w, i * 22 + 16, c[i].n);
	}
	fputs("</svg></figure>", fp);
}

/* A category x column heat table as SVG: rows the risk categories, columns
 * the keys of cols (jurisdictions, years), a cell's shade and number the
 * laws carrying the category in that column.  counts[c] are category c's
 * facet counts, keyed like cols. */
static void svg_heat(FILE *fp, const char *title, const char *const *cats, size_t ncats, const lf_count *cols,
                     size_t ncols, lf_results *const *counts)
{
	unsigned max = 1;
	const int cw = 34, ch = 20, left = 170, top = 44;

	if (ncols > 40)
		ncols = 40;
	for (size_t c = 0; c < ncats; c++)
		for (size_t k = 0; counts[c] && k < counts[c]->njurisdiction + counts[c]->nyear; k++) {
			const lf_count *v = k < counts[c]->njurisdiction ? &counts[c]->by_jurisdiction[k]
			                                                  : &counts[c]->by_year[k - counts[c]->njurisdiction];
			if (v->n > max)
				max = v->n;
		}
	fprintf(fp, "<figure><figcaption>%s</figcaption><svg role=\"img\" aria-label=\"%s\" width=\"100%%\" "
	            "viewBox=\"0 0 %zu %zu\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">",
	        title, title, (size_t)left + ncols * cw + 4, (size_t)top + ncats * ch + 4);
	for (size_t k = 0; k < ncols; k++) {
		fprintf(fp, "<text x=\"%zu\" y=\"%d\" transform=\"rotate(-45 %zu %d)\">", left + k * cw + 4, top - 4,
		        left + k * cw + 4, top - 4);
		html(fp, cols[k].key);
		fputs("</text>", fp);
	}
	for (size_t c = 0; c < ncats; c++) {
		fprintf(fp, "<text x=\"0\" y=\"%zu\">", top + c * ch + 14);
		html(fp, cats[c]);
		fputs("</text>", fp);
		for (size_t k = 0; k < ncols; k++) {
			unsigned v = 0;
			const lf_results *res = counts[c];
			for (size_t j = 0; res && j < res->njurisdiction; j++)
				if (!strcmp(res->by_jurisdiction[j].key, cols[k].key))
					v = res->by_jurisdiction[j].n;
			for (size_t j = 0; res && j < res->nyear; j++)
				if (!strcmp(res->by_year[j].key, cols[k].key))
					v = res->by_year[j].n;
			fprintf(fp, "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" fill=\"rgb(%u,%u,%u)\"><title>",
			        left + k * cw, top + c * ch, cw - 2, ch - 2, 255 - 180 * v / max, 255 - 90 * v / max,
			        255 - 140 * v / max);
			html(fp, cats[c]);
			fputs(", ", fp);
			html(fp, cols[k].key);
			fprintf(fp, ": %u</title></rect>", v);
			if (v)
				fprintf(fp, "<text x=\"%zu\" y=\"%zu\">%u</text>", left + k * cw + 8, top + c * ch + 14, v);
		}
	}
	fputs("</svg></figure>", fp);
}

/* Per risk category, its laws counted by jurisdiction and year: per[c]
 * (NULL where a search failed).  0, or the status of a failure that must
 * end the page (out of time, cancelled, a revision discarded), its message
 * in err. */
static int category_counts(lf_db *db, const char *const *cats, size_t nc, lf_results **per, lf_err *err)
{
	for (size_t c = 0; c < nc; c++) {
		lf_search_opts so;
		int rc;
		memset(&so, 0, sizeof so);
		so.risks = &cats[c];
		so.nrisks = 1;
		so.limit = 1;
		so.max_provisions = 1;
		so.facets = 1;
		if ((rc = lf_search(db, &so, &per[c], err)) != 0) {
			per[c] = NULL;
			if (rc == LF_ETIMEOUT || rc == LF_ECANCELED || rc == LF_EMODIFIED)
				return rc;
		}
	}
	return 0;
}

static void page_stats(lf_db *db, web_reply *r)
{
	lf_stats *s = NULL;
	lf_results **per = NULL;
	const char *const *cats;
	size_t nc = lf_db_categories(db, &cats);
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if ((rc = lf_stats_get(db, &s, &err)) != 0 ||
	    ((per = calloc(nc + 1, sizeof *per)) && (rc = category_counts(db, cats, nc, per, &err)) != 0)) {
		fail(r, "/stats", rc, err.msg);
		goto out;
	}
	if ((fp = body(r, &buf, &n)) != NULL) {
		page_head(fp, db, "Corpus");
		fprintf(fp, "<h1>The corpus</h1><p>%u laws, %u provisions.</p>", s->laws, s->provisions);
		svg_bars(fp, "Laws by risk category", s->by_risk, s->nrisk);
		if (per) {
			svg_heat(fp, "Laws by risk category and jurisdiction", cats, nc, s->by_jurisdiction,
			         s->njurisdiction, per);
			svg_heat(fp, "Laws by year and risk category", cats, nc, s->by_year, s->nyear, per);
		}
		svg_bars(fp, "Laws by jurisdiction", s->by_jurisdiction, s->njurisdiction);
		svg_bars(fp, "Laws by layer", s->by_layer, s->nlayer);
		svg_bars(fp, "Laws by year", s->by_year, s->nyear);
		page_tail(fp);
		finish(r, fp, &buf, &n);
	}
out:
	for (size_t c = 0; per && c < nc; c++)
		lf_results_free(per[c]);
	free(per);
	lf_stats_free(s);
}

/* --------------------------------------------------------------- routes */

void web_route(lf_db *db, const web_config *cfg, const char *method, const char *u, const web_args *a,
               const char *b, size_t n, const char *ctype, web_reply *r)
{
	int post = !strcmp(method, "POST");

	if (!strcmp(u, "/api/search"))
		api_search(db, a, r);
	else if (!strncmp(u, "/api/law/", 9) && u[9])
		api_law(db, u + 9, r);
	else if (!strcmp(u, "/api/similar")) {
		if (post)
			api_similar(db, cfg, a, b, n, ctype, r);
		else
			web_error(r, u, 405, "POST the draft to /api/similar");
	} else if (!strcmp(u, "/api/stats"))
		api_stats(db, r);
	else if (!strcmp(u, "/api/taxonomy"))
		api_taxonomy(db, r);
	else if (!strcmp(u, "/api/export") || !strcmp(u, "/export"))
		api_export(db, a, r);
	else if (!strcmp(u, "/"))
		page_search(db, a, r);
	else if (!strncmp(u, "/law/", 5) && u[5])
		page_law(db, u + 5, r);
	else if (!strcmp(u, "/similar"))
		page_similar(db, cfg, a, b, n, ctype, post, r);
	else if (!strcmp(u, "/stats"))
		page_stats(db, r);
	else if (!strcmp(u, "/lexfrag.js"))
		page_script(r);
	else
		web_error(r, u, 404, "no such page");
}

/* Measured on the 211 laws of the shared corpus: a search (with facets or
 * not), a law, the stats, the pages take 1 to 25 ms; an export 20 to 30 ms
 * there but it grows with the index (0.6 s for 12,712 laws, all in
 * memory), and a draft's comparison grows with the draft (a 4 MB draft
 * of short articles: 13 s of CPU).  Wildcard searches are bounded by the query side's expansion
 * limit and by --request-timeout, not by this split. */
int web_is_heavy(const char *method, const char *u, const web_args *a)
{
	if (!strcmp(u, "/api/export") || !strcmp(u, "/export"))
		return 1;
	if (!strcmp(u, "/api/similar"))
		return !strcmp(method, "POST");
	if (!strcmp(u, "/similar"))
		return !strcmp(method, "POST") || has_arg(a, "draft");
	return 0;
}
