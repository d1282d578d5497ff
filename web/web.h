/*
 * web.h - what 'lexfrag serve' answers: the routes of the JSON API and of
 * the pages (web.c), apart from the HTTP plumbing (serve.c), so that the
 * answers can be produced and tested without a socket.
 */
#ifndef LF_WEB_H
#define LF_WEB_H

#include <stddef.h>

#include "lexfrag/lexfrag.h"

#define WEB_MAX_ARGS 64

/* The query-string arguments of a request, every value of a repeated key. */
typedef struct web_args {
	const char *key[WEB_MAX_ARGS], *val[WEB_MAX_ARGS];
	size_t n, bytes;
} web_args;

typedef struct web_reply {
	int status;
	const char *type;       /* Content-Type */
	char disposition[300];  /* Content-Disposition, or "" */
	char *body;             /* malloc'd */
	size_t n;
	int code;               /* the library status behind an error answer
	                         * (LF_EMODIFIED: run it again; LF_ECANCELED...),
	                         * else 0 */
	unsigned retry_after;   /* seconds for a Retry-After header, 0: none */
} web_reply;

/* What the routes need of the server's settings. */
typedef struct web_config {
	size_t max_draft; /* --max-draft: the cap on a draft, as sent and once
	                   * decompressed (a gzip body) */
	const char *db_path; /* --db, as /api/stats names it */
	const char *thesaurus; /* --thesaurus: added to the built-in one in searches */
} web_config;

void web_reply_init(web_reply *r);
void web_reply_free(web_reply *r);

/* An error: JSON under /api/ ({"error": msg, "status": status}), a page
 * elsewhere; it replaces whatever r held.  Out of memory, r is left with
 * its status and type and no body: send web_fallback_body's. */
void web_error(web_reply *r, const char *url, int status, const char *msg);
/* The body of an error answer that could not be written (out of memory):
 * a constant, JSON or HTML after r->type. */
const char *web_fallback_body(const web_reply *r, size_t *n);

/* Answers one request.  body/n: the request body (POST), ctype its
 * Content-Type.  Never writes to the index.  The work is bounded by the
 * limits set on db (lf_db_set_limits): past them the answer is a 503 with
 * r->code LF_ETIMEOUT or LF_ECANCELED. */
void web_route(lf_db *db, const web_config *cfg, const char *method, const char *url, const web_args *a,
               const char *body, size_t n, const char *ctype, web_reply *r);

/* Is this request heavy: work that grows with a draft or with the index
 * (comparing a draft, an export), rather than with a page of results?
 * serve runs at most --heavy-threads of them at once. */
int web_is_heavy(const char *method, const char *url, const web_args *a);

#endif
