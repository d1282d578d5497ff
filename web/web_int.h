/*
 * web_int.h - what the files of web/ share inside the server: the request's
 * arguments, the search a request asks for, error answers, drafts (web.c),
 * the HTML escapers (pages.c), and the routes of the API (api.c) and of the
 * pages (pages.c) that web_route dispatches to.
 */
#ifndef LF_WEB_INT_H
#define LF_WEB_INT_H

#include <stdio.h>

#include "lexfrag/lexfrag.h"
#include "web/web.h"

#define PAGE_SIZE 20 /* laws on a page of results, and limit='s default */

/* The first value of key, or NULL (borrowed from a). */
const char *web_arg(const web_args *a, const char *key);
/* Does key have a non-empty value? */
int web_has_arg(const web_args *a, const char *key);
/* All non-empty values of key, into v (at most max); returns how many. */
size_t web_args_all(const web_args *a, const char *key, const char **v, size_t max);

/* A body in a memory stream, for the route u: NULL when out of memory, r
 * then the error answer.  web_finish closes it and hands its buffer to r;
 * if the stream failed (out of memory: bytes lost), r becomes the error
 * answer instead, never half a body. */
FILE *web_body(web_reply *r, const char *u, char **buf, size_t *n);
void web_finish(web_reply *r, const char *u, FILE *fp, char **buf, size_t *n);

/* The search options of a request's arguments (the CLI's filters). */
typedef struct web_search_req {
	lf_search_opts so;
	const char *jur[16], *lang[16], *fmt[16], *risk[16], *layer[16];
	char why[120]; /* the reason of a bad argument */
} web_search_req;

/* A flag (facets=, provisions=): 0 or 1, and a bare key is 1.  0 and the
 * first value in *out (0 when absent), or -1 with the reason in why. */
int web_flag_arg(const web_args *a, const char *key, int *out, char *why, size_t nwhy);
/* The search of a request (q=, the filters, from=, to=, offset=, limit=,
 * by=): 0, or -1 with the reason of the first bad argument in *bad (it
 * lives in q). */
int web_parse_search(const web_args *a, web_search_req *q, const char **bad);

/* The HTTP status of a library failure rc. */
int web_status_of(int rc);
/* An error answer for a library failure rc: its status, and rc kept in
 * r->code for the server. */
void web_fail(web_reply *r, const char *u, int rc, const char *msg);

/* The draft of a POST: the "draft" field of a form, else the raw body;
 * malloc'd (caller frees), its length in *out_n; NULL when out of memory. */
char *web_draft_text(const char *b, size_t n, const char *ctype, size_t *out_n);
/* Runs similar on a draft text, read as at most max bytes once
 * decompressed; results and draft through the pointers. */
int web_run_similar(lf_db *db, size_t max, const char *text, size_t n, const char *lang, lf_draft **d,
                    lf_similar_results **res, lf_err *err);

/* HTML text: escaped, match marks (STX/ETX) as <mark>. */
void web_html(FILE *fp, const char *s);
/* A URL component, percent-encoded. */
void web_url(FILE *fp, const char *s);

/* The routes (web_route): JSON under /api/ ... */
void api_search(lf_db *db, const web_config *cfg, const web_args *a, web_reply *r);
void api_law(lf_db *db, const char *id, web_reply *r);
void api_stats(lf_db *db, const web_config *cfg, web_reply *r);
void api_taxonomy(lf_db *db, web_reply *r);
void api_export(lf_db *db, const web_args *a, web_reply *r);
void api_similar(lf_db *db, const web_config *cfg, const web_args *a, const char *b, size_t bn, const char *ctype,
                 web_reply *r);
/* ... and the pages. */
void page_search(lf_db *db, const web_config *cfg, const web_args *a, web_reply *r);
void page_law(lf_db *db, const char *id, web_reply *r);
void page_similar(lf_db *db, const web_config *cfg, const web_args *a, const char *b, size_t bn,
                  const char *ctype, int post, web_reply *r);
void page_stats(lf_db *db, web_reply *r);
void page_script(web_reply *r);

#endif
