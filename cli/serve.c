/*
 * serve.c - "lexfrag serve": the JSON API under /api/ and the web pages,
 * over libmicrohttpd, read-only.
 *
 * Threads: one libmicrohttpd thread does the network I/O; the requests it
 * has read wait in one first-come first-served queue for --threads workers
 * (default: one per CPU, at least 2), each with its own open database (a
 * Xapian Database is not shared between threads), brought up to date
 * before each request (lf_db_refresh: an 'index' run may be writing the
 * same database while we serve it).  The connection is
 * suspended while its request waits and runs, and resumed with the answer.
 * One queue for all, rather than libmicrohttpd's thread pool (where each
 * thread serves its own connections), because with a pool a connection
 * waits behind whichever connections its thread happens to hold: measured
 * with bench/load.sh on 2 CPUs and 16 connections, the pool gave p99 46-89
 * ms for p50 21-26 ms; more threads than CPUs made it worse (97-104 ms
 * with 8 or 16), since a search is CPU work.  Two workers at least, so that
 * one slow request (a long draft in /similar) does not hold up every
 * search.  Nothing writes to the index.  SIGINT or SIGTERM stops accepting
 * connections, lets the queued requests finish, and stops.
 *
 * Safety: binds to 127.0.0.1 unless --bind says otherwise; request bodies
 * are capped (--max-draft, default 4 MiB: 413 past it) and so are query
 * strings (8 KiB: 414); every piece of text from a law or a request is
 * escaped on the pages (HTML) and in the API (JSON); law ids are looked up
 * as index terms, never as paths.
 */
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lexfrag.h"
#include "out.h"
#include "web.h"

#define MAX_QUERY 8192

static const char serve_help[] =
	"Usage: lexfrag serve [OPTION]...\n"
	"Serve the database over HTTP: web pages for searching, reading laws, finding\n"
	"precedent for a draft and exporting, and a JSON API under /api/ (see the\n"
	"README).  Read-only; stops cleanly on Ctrl-C (SIGINT) or SIGTERM.\n"
	"\n"
	"  -d, --db PATH         database (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"      --bind ADDR       IPv4 address to listen on (default 127.0.0.1: this\n"
	"                        machine only)\n"
	"  -p, --port N          port (default 8080)\n"
	"      --threads N       worker threads, each with its own database handle\n"
	"                        (default: one per CPU, at least 2)\n"
	"      --max-draft SIZE  largest request body, a draft bill (default 4M)\n"
	DB_HELP
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 after a clean stop, 1 if the database or the port cannot be\n"
	"opened, 2 on a usage error.\n";

/* ------------------------------------------------------------ handles */

typedef struct request request;

typedef struct server {
	lf_db **db;            /* one per worker */
	pthread_t *worker;
	int n, nstarted;
	pthread_mutex_t mu;
	pthread_cond_t cv;     /* a request queued, or stopping */
	request *head, *tail;  /* the queue, first come first served */
	int stopping;
	size_t max_body;
	const char *db_path;
} server;

/* ------------------------------------------------------------ requests */

struct request {
	char *body;
	size_t n, cap;
	int too_big;
	/* what a worker needs, and what it answers */
	struct MHD_Connection *conn;
	const char *url, *method, *ctype;
	const char *b;
	size_t bn;
	web_args args;
	web_reply reply;
	int answered;
	request *next;
	struct MHD_PostProcessor *pp; /* multipart/form-data: the upload form */
	char *file;                   /* its "file" part, else its "draft" field */
	size_t nfile, capfile;
	int from_file;
	size_t max;
};

/* Appends to a capped growing buffer; 0, or -1 past max. */
static int append(char **b, size_t *n, size_t *cap, size_t max, const char *p, size_t k)
{
	if (*n + k > max)
		return -1;
	if (*n + k + 1 > *cap) {
		size_t c = (*n + k + 1) * 2;
		char *g = realloc(*b, c);
		if (!g)
			return -1;
		*b = g;
		*cap = c;
	}
	memcpy(*b + *n, p, k);
	*n += k;
	(*b)[*n] = 0;
	return 0;
}

/* The parts of an upload form: the file wins over the text field. */
static enum MHD_Result form_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                 const char *ctype, const char *enc, const char *data, uint64_t off, size_t size)
{
	request *rq = cls;
	(void)kind;
	(void)filename;
	(void)ctype;
	(void)enc;
	(void)off;
	if (!key || !size)
		return MHD_YES;
	if (!strcmp(key, "file")) {
		if (!rq->from_file) {
			rq->nfile = 0; /* a file part replaces a text field read before */
			rq->from_file = 1;
		}
	} else if (strcmp(key, "draft") || rq->from_file) {
		return MHD_YES;
	}
	if (append(&rq->file, &rq->nfile, &rq->capfile, rq->max, data, size))
		rq->too_big = 1;
	return MHD_YES;
}

/* The arguments of the request: all values of a key, in order. */
typedef struct args_ctx {
	web_args *a;
} args_ctx;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	web_args *a = cls;
	(void)kind;
	if (a->n < WEB_MAX_ARGS && key) {
		a->key[a->n] = key;
		a->val[a->n] = value ? value : "";
		a->n++;
		a->bytes += strlen(key) + (value ? strlen(value) : 0);
	}
	return MHD_YES;
}

static enum MHD_Result respond(struct MHD_Connection *c, const web_reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(r->n, r->body, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	server *s = cls;
	request *rq = *con_cls;
	web_args args;
	web_reply reply;
	enum MHD_Result ret;
	(void)version;

	if (!rq) {
		/* first call: headers only */
		const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (!(rq = calloc(1, sizeof *rq)))
			return MHD_NO;
		rq->max = s->max_body;
		if (!strcmp(method, "POST") && ct && !strncmp(ct, "multipart/form-data", 19))
			rq->pp = MHD_create_post_processor(c, 65536, form_part, rq);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size && rq->pp) {
		if (!rq->too_big && MHD_post_process(rq->pp, upload, *upload_size) != MHD_YES)
			rq->too_big = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		/* a body arrives in pieces: keep it, up to the cap */
		if (!rq->too_big && rq->n + *upload_size <= s->max_body) {
			if (rq->n + *upload_size + 1 > rq->cap) {
				size_t cap = (rq->n + *upload_size + 1) * 2;
				char *g = realloc(rq->body, cap > s->max_body + 1 ? s->max_body + 1 : cap);
				if (!g)
					return MHD_NO;
				rq->body = g;
				rq->cap = cap > s->max_body + 1 ? s->max_body + 1 : cap;
			}
			memcpy(rq->body + rq->n, upload, *upload_size);
			rq->n += *upload_size;
			rq->body[rq->n] = 0;
		} else {
			rq->too_big = 1;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->answered) {
		/* resumed: the worker's answer */
		ret = respond(c, &rq->reply);
		web_reply_free(&rq->reply);
		rq->answered = 0;
		return ret;
	}
	memset(&args, 0, sizeof args);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &args);
	web_reply_init(&reply);
	if (rq->too_big) {
		web_error(&reply, url, 413, "the request body is larger than --max-draft allows");
	} else if (args.bytes > MAX_QUERY || strlen(url) > MAX_QUERY) {
		web_error(&reply, url, 414, "the query is longer than 8 KiB");
	} else if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST")) {
		web_error(&reply, url, 405, "only GET, HEAD and POST are served");
	} else {
		/* to the queue; the strings stay valid while the connection is
		 * suspended (they live in its memory pool or in rq) */
		const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		rq->b = rq->body ? rq->body : "";
		rq->bn = rq->n;
		if (rq->pp) {
			/* the upload form: its draft as a plain body */
			rq->b = rq->file ? rq->file : "";
			rq->bn = rq->nfile;
			ctype = "text/plain";
		}
		rq->conn = c;
		rq->url = url;
		rq->method = method;
		rq->ctype = ctype ? ctype : "";
		rq->args = args;
		web_reply_init(&rq->reply);
		pthread_mutex_lock(&s->mu);
		if (s->stopping) {
			pthread_mutex_unlock(&s->mu);
			web_error(&reply, url, 503, "the server is stopping");
			ret = respond(c, &reply);
			web_reply_free(&reply);
			return ret;
		}
		/* suspended before a worker can see it, so never resumed first */
		MHD_suspend_connection(c);
		rq->next = NULL;
		if (s->tail)
			s->tail->next = rq;
		else
			s->head = rq;
		s->tail = rq;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		return MHD_YES;
	}
	ret = respond(c, &reply);
	web_reply_free(&reply);
	return ret;
}

typedef struct worker_arg {
	server *s;
	int i;
} worker_arg;

/* Takes requests from the queue until told to stop with the queue empty. */
static void *worker(void *p)
{
	worker_arg *w = p;
	server *s = w->s;

	for (;;) {
		request *rq;
		pthread_mutex_lock(&s->mu);
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->cv, &s->mu);
		if (!s->head) {
			pthread_mutex_unlock(&s->mu);
			break;
		}
		rq = s->head;
		s->head = rq->next;
		if (!s->head)
			s->tail = NULL;
		pthread_mutex_unlock(&s->mu);
		/* the index may have changed since the last request: an 'index' run
		 * committed, or compacted and switched shards.  A request whose
		 * revision a writer discarded meanwhile (503) is answered again. */
		for (int attempt = 0; attempt < 3; attempt++) {
			lf_err err;
			lf_err_clear(&err);
			lf_db_refresh(&s->db[w->i], &err);
			if (attempt)
				web_reply_free(&rq->reply), web_reply_init(&rq->reply);
			web_route(s->db[w->i], rq->method, rq->url, &rq->args, rq->b, rq->bn, rq->ctype, &rq->reply);
			if (rq->reply.status != 503)
				break;
		}
		rq->answered = 1;
		MHD_resume_connection(rq->conn);
	}
	return NULL;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
	request *rq = *con_cls;
	(void)cls;
	(void)c;
	(void)t;
	if (rq) {
		if (rq->pp)
			MHD_destroy_post_processor(rq->pp);
		if (rq->answered)
			web_reply_free(&rq->reply);
		free(rq->body);
		free(rq->file);
		free(rq);
		*con_cls = NULL;
	}
}

/* ------------------------------------------------------------ command */

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"bind", required_argument, 0, 'b'},
		{"port", required_argument, 0, 'p'}, {"threads", required_argument, 0, 't'},
		{"max-draft", required_argument, 0, 'M'}, DB_LONG_OPTIONS,
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	server s;
	struct sockaddr_in sa;
	struct MHD_Daemon *d = NULL;
	worker_arg *wargs = NULL;
	const char *bind_addr = "127.0.0.1";
	long port = 8080, threads = sysconf(_SC_NPROCESSORS_ONLN), v;
	sigset_t set;
	lf_db_opts dbo = {0};
	int c, sig, rc = 0;

	memset(&s, 0, sizeof s);
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	if (threads < 2)
		threads = 2;
	s.db_path = db_default();
	s.max_body = (size_t)4 << 20;
	while ((c = getopt_long(argc, argv, "d:p:h", opts, NULL)) != -1) {
		if ((rc = db_option(&dbo, "serve", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			rc = 0;
			continue;
		}
		switch (c) {
		case 'd': s.db_path = optarg; break;
		case 'b': bind_addr = optarg; break;
		case 'p':
			if ((v = parse_num(optarg)) <= 0 || v > 65535)
				return usage_error("serve", "--port: not a port number: '%s'", optarg);
			port = v;
			break;
		case 't':
			if ((v = parse_num(optarg)) <= 0 || v > 256)
				return usage_error("serve", "--threads: not a number from 1 to 256: '%s'", optarg);
			threads = v;
			break;
		case 'M':
			if (!(s.max_body = parse_size(optarg)))
				return usage_error("serve", "--max-draft: not a size: '%s'", optarg);
			break;
		case 'h': fputs(serve_help, stdout); return 0;
		default: return usage_error("serve", "%s", "invalid option");
		}
	}
	if (optind < argc)
		return usage_error("serve", "unexpected argument '%s'", argv[optind]);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_addr, &sa.sin_addr) != 1)
		return usage_error("serve", "--bind: not an IPv4 address: '%s'", bind_addr);
	s.n = (int)threads;
	s.db = calloc((size_t)s.n, sizeof *s.db);
	s.worker = calloc((size_t)s.n, sizeof *s.worker);
	wargs = calloc((size_t)s.n, sizeof *wargs);
	if (!s.db || !s.worker || !wargs) {
		fprintf(stderr, "lexfrag: out of memory\n");
		rc = 1;
		goto out;
	}
	for (int i = 0; i < s.n; i++)
		if (db_open(s.db_path, &dbo, &s.db[i])) {
			rc = 1;
			goto out;
		}
	/* the threads inherit this mask: only this thread gets the signals, in
	 * sigwait */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < s.n; i++) {
		wargs[i].s = &s;
		wargs[i].i = i;
		if (pthread_create(&s.worker[i], NULL, worker, &wargs[i]) != 0) {
			fprintf(stderr, "lexfrag: cannot start a worker thread: %s\n", strerror(errno));
			rc = 1;
			goto out;
		}
		s.nstarted++;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
	                     MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL, handler, &s,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, completed,
	                     NULL, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 256u,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "lexfrag: cannot listen on %s:%ld: %s\n", bind_addr, port,
		        errno ? strerror(errno) : "address in use?");
		rc = 1;
		goto out;
	}
	fprintf(stderr, "lexfrag: serving %s on http://%s:%ld/ (Ctrl-C to stop)\n", s.db_path, bind_addr, port);
	sigwait(&set, &sig);
	fprintf(stderr, "lexfrag: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	/* no new connections; the queued requests are answered (a connection
	 * must not stay suspended when the daemon stops); then a moment for
	 * those answers to leave */
	MHD_quiesce_daemon(d);
out:
	pthread_mutex_lock(&s.mu);
	s.stopping = 1;
	pthread_cond_broadcast(&s.cv);
	pthread_mutex_unlock(&s.mu);
	for (int i = 0; i < s.nstarted; i++)
		pthread_join(s.worker[i], NULL);
	if (d) {
		for (int i = 0; i < 50; i++) {
			const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
			if (!info || !info->num_connections)
				break;
			usleep(10000);
		}
		MHD_stop_daemon(d);
	}
	for (int i = 0; s.db && i < s.n; i++)
		lf_db_close(s.db[i]);
	free(s.db);
	free(s.worker);
	free(wargs);
	pthread_mutex_destroy(&s.mu);
	pthread_cond_destroy(&s.cv);
	return rc;
}
