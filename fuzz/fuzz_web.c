/*
 * fuzz_web.c - one HTTP request as 'lexfrag serve' hands it to web_route,
 * on a small index of real laws.  The input is
 *
 *     METHOD SP PATH LF  key=value&key=value LF  CONTENT-TYPE LF  BODY
 *
 * split the way libmicrohttpd delivers a request: a method the server
 * routes (GET, HEAD, POST; it answers any other with 405 itself), the
 * decoded path and arguments as NUL-terminated strings (at most 64
 * arguments; the path and the arguments within 8 KiB, else 414), and the
 * body as bytes.  JSON and CSV answers must be well-formed UTF-8 (a query
 * or a law id of ill-formed bytes is echoed: issue 17, item 8).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"
#include "core/utf8.h"
#include "indexer/readers/input.h"
#include "fuzz_util.h"

#define MAX_QUERY 8192 /* serve.c: 414 past this */

/* serve's settings: --max-draft 64K, so that a gzip body of a few KB that
 * expands past it takes the 413 path */
static const web_config cfg = {.max_draft = 64 << 10};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_db();
	return 0;
}

/* The next line of [*p, end) as a new string; *p moves past it. */
static char *line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *e = nl ? nl : end;
	char *s = fuzz_strndup((const uint8_t *)*p, (size_t)(e - *p));

	*p = nl ? nl + 1 : end;
	return s;
}

/* What every JSON and CSV answer promises (app/json.h, app/csv.h): well-formed UTF-8,
 * whatever bytes the request or a law held; in JSON, no raw control
 * character but the newline that ends a line.  Aborts if not. */
static void check_text(const web_reply *r)
{
	int json = !strncmp(r->type, "application/json", 16) || !strncmp(r->type, "application/x-ndjson", 20);

	if (!json && strncmp(r->type, "text/csv", 8))
		return;
	if (!lf_utf8_valid(r->body, r->n)) {
		fprintf(stderr, "fuzz: a %s answer is not UTF-8: %.*s\n", r->type, (int)(r->n < 300 ? r->n : 300), r->body);
		abort();
	}
	for (size_t i = 0; json && i < r->n; i++)
		if ((unsigned char)r->body[i] < 0x20 && r->body[i] != '\n') {
			fprintf(stderr, "fuzz: a raw control character 0x%02x in JSON at byte %zu\n",
			        (unsigned char)r->body[i], i);
			abort();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *method;
	char *head, *query, *ctype, *body, *path, *sp, *save = NULL;
	web_args a;
	web_reply r;
	size_t n;

	head = line(&p, end);
	query = line(&p, end);
	ctype = line(&p, end);
	n = (size_t)(end - p);
	body = malloc(n ? n : 1); /* exactly the body: a read past it is caught */
	if (!body)
		abort();
	memcpy(body, p, n);

	memset(&a, 0, sizeof a);
	sp = strchr(head, ' ');
	path = sp ? sp + 1 : head + strlen(head);
	if (sp)
		*sp = '\0';
	method = head;
	for (char *kv = strtok_r(query, "&", &save); kv && a.n < WEB_MAX_ARGS; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');
		if (eq)
			*eq = '\0';
		a.key[a.n] = kv;
		a.val[a.n] = eq ? eq + 1 : "";
		a.bytes += strlen(a.key[a.n]) + strlen(a.val[a.n]);
		a.n++;
	}
	if ((!strcmp(method, "GET") || !strcmp(method, "HEAD") || !strcmp(method, "POST")) &&
	    strlen(path) <= MAX_QUERY && a.bytes <= MAX_QUERY) {
		web_reply_init(&r);
		web_route(fuzz_db(), &cfg, method, path, &a, body, n, ctype, &r);
		if (r.status < 200 || r.status > 599 || !r.type || (r.n && !r.body)) {
			fprintf(stderr, "fuzz: web_route answered status %d, %zu bytes\n", r.status, r.n);
			abort();
		}
		if (r.n)
			check_text(&r);
		if (r.status >= 500) {
			fprintf(stderr, "fuzz: web_route answered %d: %.*s\n", r.status, (int)(r.n < 300 ? r.n : 300),
			        r.body ? r.body : "");
			abort();
		}
		web_reply_free(&r);
	}
	free(head);
	free(query);
	free(ctype);
	free(body);
	return 0;
}
