/*
 * web.h - what 'lexfrag serve' answers: the routes of the JSON API and of
 * the pages (web.c), apart from the HTTP plumbing (serve.c), so that the
 * answers can be produced and tested without a socket.
 */
#ifndef LF_WEB_H
#define LF_WEB_H

#include <stddef.h>

#include "lexfrag.h"

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
} web_reply;

void web_reply_init(web_reply *r);
void web_reply_free(web_reply *r);

/* An error: JSON under /api/, a page elsewhere. */
void web_error(web_reply *r, const char *url, int status, const char *msg);

/* Answers one request.  body/n: the request body (POST), ctype its
 * Content-Type.  Never writes to the index. */
void web_route(lf_db *db, const char *method, const char *url, const web_args *a, const char *body,
               size_t n, const char *ctype, web_reply *r);

#endif
