/*
 * server.h - the HTTP server of 'lexfrag serve' (server.c), started by the
 * command line (cli/cmd_serve.c) once it has read the options.
 */
#ifndef LF_WEB_SERVER_H
#define LF_WEB_SERVER_H

#include <stddef.h>

#include "lexfrag/lexfrag.h"

typedef struct web_serve_opts {
	const char *db_path;     /* --db */
	lf_db_opts dbo;          /* --timeout, --allow-partial */
	const char *bind;        /* --bind: an IPv4 address */
	long port;               /* --port: 0 lets the system choose one */
	int threads;             /* --threads: workers, each with its own handle */
	int heavy_threads;       /* --heavy-threads: 1 to threads - 1 (1 if threads is 1) */
	size_t max_draft;        /* --max-draft: bytes */
	long long request_ns;    /* --request-timeout */
	long long header_ns;     /* --header-timeout */
	long long body_ns;       /* --body-timeout */
	unsigned per_ip;         /* --max-connections-per-ip: 0 for no limit */
	const char *thesaurus;   /* --thesaurus FILE: searches translate with it too */
} web_serve_opts;

/* Serves until SIGINT or SIGTERM; says on stderr where it listens
 * ("lexfrag: serving DB on http://HOST:PORT/", the port it bound).  The
 * process's exit status: 0 after a clean stop, 1 if the database or the
 * port cannot be opened or a request had to be cut off, 2 for a bad
 * --bind. */
int web_serve(const web_serve_opts *o);

#endif
