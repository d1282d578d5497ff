/*
 * web.c - the answers of 'lexfrag serve' (web.h): the table of routes, and
 * what the JSON API (api.c) and the pages (pages.c) share: the request's
 * arguments, the search a request asks for, the error answers, the draft
 * of a POST.
 *
 * Every string that comes from a law or a request goes through web_html()
 * on a page and the JSON writer in the API: a title holding <script>
 * shows as text.  Pages work without JavaScript.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "app/json.h"
#include "app/out.h"
#include "web/web.h"
#include "web/web_int.h"

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


const char *web_arg(const web_args *a, const char *key)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->key[i], key))
			return a->val[i];
	return NULL;
}

/* Does key have a non-empty value? */
int web_has_arg(const web_args *a, const char *key)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->key[i], key) && *a->val[i])
			return 1;
	return 0;
}

/* All values of key, into v (at most max); returns how many. */
size_t web_args_all(const web_args *a, const char *key, const char **v, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < a->n && k < max; i++)
		if (!strcmp(a->key[i], key) && *a->val[i])
			v[k++] = a->val[i];
	return k;
}

FILE *web_body(web_reply *r, const char *u, char **buf, size_t *n)
{
	FILE *fp;

	*buf = NULL;
	*n = 0;
	if (!(fp = open_memstream(buf, n)))
		web_error(r, u, 500, "out of memory");
	return fp;
}

void web_finish(web_reply *r, const char *u, FILE *fp, char **buf, size_t *n)
{
	/* after fclose, the stream's buffer and size are final; a stream that
	 * could not grow has lost bytes: the answer is an error, not half */
	int bad = ferror(fp);

	if (fclose(fp) != 0 || bad) {
		free(*buf);
		web_error(r, u, 500, "out of memory");
		return;
	}
	free(r->body);
	r->body = *buf;
	r->n = *n;
}

void web_error(web_reply *r, const char *u, int status, const char *msg)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	int json = !strncmp(u, "/api/", 5);

	free(r->body); /* an answer begun is replaced, never sent half */
	r->body = NULL;
	r->n = 0;
	r->status = status;
	r->disposition[0] = 0;
	r->type = json ? "application/json" : "text/html; charset=utf-8";
	if (!fp)
		return; /* the server sends web_fallback_body(r) */
	if (json) {
		json_w w;
		json_init(&w, fp);
		json_begin_object(&w);
		json_kstring(&w, "error", msg);
		json_key(&w, "status");
		json_int(&w, status);
		json_end_object(&w);
	} else {
		fprintf(fp, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error %d - lexfrag</title>"
		            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>"
		            "<h1>Error %d</h1><p>",
		        status, status);
		web_html(fp, msg);
		fprintf(fp, "</p><p><a href=\"/\">Search</a></p></body></html>\n");
	}
	if (ferror(fp) + fclose(fp) != 0) {
		free(buf);
		return;
	}
	r->body = buf;
	r->n = n;
}

const char *web_fallback_body(const web_reply *r, size_t *n)
{
	static const char json[] = "{\"error\":\"out of memory\",\"status\":500}\n";
	static const char page[] = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error 500 - "
	                           "lexfrag</title></head><body><h1>Error 500</h1><p>out of memory</p></body></html>\n";
	int is_json = !strcmp(r->type, "application/json");

	*n = is_json ? sizeof json - 1 : sizeof page - 1;
	return is_json ? json : page;
}

/* Every value of a numeric argument (empty: absent) is a whole number from
 * min to max, checked by the command line's own parser (app/args.c): 0 and
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
int web_flag_arg(const web_args *a, const char *key, int *out, char *why, size_t nwhy)
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
 * by=, no_translate=): 0, or -1 with the reason of the first bad argument in *bad (it
 * lives in q).  The ranges are the command line's (cli.h), except limit:
 * a page of the server holds at most 1000 laws. */
int web_parse_search(const web_args *a, web_search_req *q, const char **bad)
{
	const char *v;
	long from = 0, to = 0, offset = 0, limit = PAGE_SIZE;

	memset(q, 0, sizeof *q);
	*bad = q->why;
	q->so.query = web_arg(a, "q");
	q->so.jurisdictions = q->jur;
	q->so.njurisdictions = web_args_all(a, "jurisdiction", q->jur, 16);
	q->so.languages = q->lang;
	q->so.nlanguages = web_args_all(a, "lang", q->lang, 16);
	q->so.formats = q->fmt;
	q->so.nformats = web_args_all(a, "source_format", q->fmt, 16);
	q->so.risks = q->risk;
	q->so.nrisks = web_args_all(a, "risk", q->risk, 16);
	q->so.layers = q->layer;
	q->so.nlayers = web_args_all(a, "layer", q->layer, 16);
	if (num_arg(a, "from", 0, ARG_YEAR_MAX, &from, q->why, sizeof q->why) ||
	    num_arg(a, "to", 0, ARG_YEAR_MAX, &to, q->why, sizeof q->why) ||
	    num_arg(a, "offset", 0, ARG_OFFSET_MAX, &offset, q->why, sizeof q->why) ||
	    num_arg(a, "limit", 1, 1000, &limit, q->why, sizeof q->why) ||
	    web_flag_arg(a, "facets", &q->so.facets, q->why, sizeof q->why) ||
	    web_flag_arg(a, "no_translate", &q->so.no_translate, q->why, sizeof q->why))
		return -1;
	q->so.from_year = (int)from;
	q->so.to_year = (int)to;
	q->so.offset = (unsigned)offset;
	q->so.limit = (unsigned)limit;
	if ((v = web_arg(a, "by")) && *v) {
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
int web_status_of(int rc)
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
void web_fail(web_reply *r, const char *u, int rc, const char *msg)
{
	web_error(r, u, web_status_of(rc), msg);
	r->code = rc;
}

/* The draft of a POST: the "draft" field of a form, else the raw body. */
char *web_draft_text(const char *b, size_t n, const char *ctype, size_t *out_n)
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
int web_run_similar(lf_db *db, size_t max, const char *text, size_t n, const char *lang, lf_draft **d,
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

/* --------------------------------------------------------------- routes */

void web_route(lf_db *db, const web_config *cfg, const char *method, const char *u, const web_args *a,
               const char *b, size_t n, const char *ctype, web_reply *r)
{
	int post = !strcmp(method, "POST");

	if (!strcmp(u, "/api/search"))
		api_search(db, cfg, a, r);
	else if (!strncmp(u, "/api/law/", 9) && u[9])
		api_law(db, u + 9, r);
	else if (!strcmp(u, "/api/similar")) {
		if (post)
			api_similar(db, cfg, a, b, n, ctype, r);
		else
			web_error(r, u, 405, "POST the draft to /api/similar");
	} else if (!strcmp(u, "/api/stats"))
		api_stats(db, cfg, r);
	else if (!strcmp(u, "/api/taxonomy"))
		api_taxonomy(db, r);
	else if (!strcmp(u, "/api/export") || !strcmp(u, "/export"))
		api_export(db, a, r);
	else if (!strcmp(u, "/"))
		page_search(db, cfg, a, r);
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
		return !strcmp(method, "POST") || web_has_arg(a, "draft");
	return 0;
}
