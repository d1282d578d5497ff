/*
 * server.c - the HTTP server of "lexfrag serve" (server.h): libmicrohttpd,
 * the queue of requests and its workers, deadlines and limits; the answers
 * are web.c's routes.  Read-only.  Its options are parsed by cli/cmd_serve.c.
 *
 * Threads: one libmicrohttpd thread does the network I/O; the requests it
 * has read wait in a queue for --threads workers (default: one per CPU, at
 * least 2), each with its own open database (a Xapian Database is not
 * shared between threads), brought up to date before each request
 * (lf_db_refresh: an 'index' run may be writing the same database while we
 * serve it).  The connection is suspended while its request waits and
 * runs, and resumed with the answer.  One queue for all, rather than
 * libmicrohttpd's thread pool (where each thread serves its own
 * connections), because with a pool a connection waits behind whichever
 * connections its thread happens to hold: measured with bench/load.sh on 2
 * CPUs and 16 connections, the pool gave p99 46-89 ms for p50 21-26 ms;
 * more threads than CPUs made it worse (97-104 ms with 8 or 16), since a
 * search is CPU work.  Nothing writes to the index.
 *
 * Bounded work (issue 17): the queue is first come first served, except
 * that heavy requests (web_is_heavy: a draft to compare, an export) run on
 * at most --heavy-threads workers at once (default all but one), so that
 * two long drafts cannot hold every worker while searches wait.  Every
 * request has --request-timeout seconds from the moment it was read:
 * waiting in the queue counts (a request still queued then is answered 503
 * by the sweeper), and the rest is given to the library as the deadline
 * of the calls made for it (lf_db_set_limits), with a cancel check that
 * notices a client that went away (peer.h) or a server that is stopping.
 * A library call that passes either stops with LF_ETIMEOUT (503 "the
 * request took longer than...") or LF_ECANCELED (the connection is closed
 * without an answer, or 503 "the server is stopping").
 *
 * Slow clients: a connection must send a request's headers within
 * --header-timeout seconds of opening (or of its previous answer, on a
 * keep-alive connection), and its body within --body-timeout seconds of
 * the headers; the sweeper thread shuts down the socket of one that does
 * not.  libmicrohttpd's own timeout (30 s) is an idle timeout that every
 * byte resets, so one header line every few seconds held a connection for
 * ever (Slowloris).  At most --max-connections-per-ip connections from one
 * address (libmicrohttpd's limit), 256 in all.
 *
 * Stopping: SIGINT or SIGTERM stops accepting connections, answers the
 * queued requests 503 "the server is stopping", cancels the running ones
 * through the same check (503 too), waits for them at most STOP_GRACE_S
 * seconds, and stops; a request whose library call does not stop by then
 * is cut off (exit status 1).
 *
 * Safety: binds to 127.0.0.1 unless --bind says otherwise; request bodies
 * are capped (--max-draft, default 4 MiB: 413 past it, also once a gzip
 * draft is decompressed) and so are query strings (8 KiB: 414); a request
 * whose length is ambiguous (two Content-Length headers, or one beside
 * Transfer-Encoding) is refused (400); every piece of text from a law or a
 * request is escaped on the pages (HTML) and in the API (JSON); law ids
 * are looked up as index terms, never as paths.
 */
#define _GNU_SOURCE /* POLLRDHUP in peer.h */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/options.h"
#include "lexfrag/lexfrag.h"
#include "app/out.h"
#include "web/peer.h"
#include "web/server.h"
#include "web/web.h"

#define MAX_QUERY 8192
#define SWEEP_MS 200     /* how often the sweeper looks at connections and the queue */
#define STOP_GRACE_S 5   /* how long a stop waits for cancelled requests */
#define RETRY_AFTER_S 5  /* what a 503 of a stopping server suggests */

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ------------------------------------------------------------ the server */

/* What a connection is doing, for the sweeper's deadlines. */
enum { C_HEADERS, C_BODY, C_BUSY, C_CUT };

/* One per socket (libmicrohttpd's socket context), from accept to close. */
typedef struct conn {
	int fd;
	int state;        /* C_HEADERS: waiting for a request's headers; C_BODY:
	                   * reading its body; C_BUSY: queued, working or
	                   * answering; C_CUT: shut down by the sweeper */
	long long since;  /* when the state began, CLOCK_MONOTONIC ns */
	struct conn *prev, *next;
} conn;

typedef struct request request;

typedef struct queue {
	request *head, *tail;
} queue;

typedef struct server {
	lf_db **db;             /* one per worker */
	pthread_t *worker;
	int n, nstarted;
	pthread_mutex_t mu;     /* the queues, the counts, the sweeper's stop */
	pthread_cond_t cv;      /* a request queued, a heavy worker freed, or stopping */
	pthread_cond_t ended;   /* a worker ended */
	pthread_cond_t tick;    /* stops the sweeper's wait */
	queue q[2];             /* [0] cheap, [1] heavy requests */
	unsigned long long seq; /* arrival order, across both queues */
	int heavy_max, nheavy;  /* heavy requests allowed and running at once */
	int nalive;             /* workers not ended */
	int sweeper_stop;
	atomic_int stopping;
	web_config cfg;
	size_t max_body;
	long long request_ns, header_ns, body_ns;
	const char *db_path;
	pthread_mutex_t cmu;    /* the connections */
	conn *conns;
} server;

/* ------------------------------------------------------------ requests */

struct request {
	server *s;
	conn *cn;                     /* NULL if it could not be tracked */
	char *body;
	size_t n, cap;
	int too_big;
	int oom;                      /* its body could not be kept: out of memory */
	/* what a worker needs, and what it answers */
	struct MHD_Connection *conn;
	const char *url, *method, *ctype;
	const char *b;
	size_t bn;
	web_args args;
	web_reply reply;
	int answered;                 /* reply holds the answer, to send when resumed */
	int drop;                     /* the client left: close, no answer */
	int heavy;
	int stopped_by;               /* what the cancel check saw: STOP_* */
	unsigned long long seq;
	long long deadline;           /* CLOCK_MONOTONIC ns */
	request *next;
	struct MHD_PostProcessor *pp; /* multipart/form-data: the upload form */
	char *file;                   /* its "file" part, else its "draft" field */
	size_t nfile, capfile;
	int from_file;
	size_t max;
};

enum { STOP_NONE, STOP_CLIENT, STOP_SERVER };

/* Appends to a capped growing buffer; 0, -1 past max, or -2 out of
 * memory.  max is at most 64G (parse_size), so max + 1 and the doublings
 * below do not wrap. */
static int append(char **b, size_t *n, size_t *cap, size_t max, const char *p, size_t k)
{
	if (k > max || *n > max - k)
		return -1;
	if (*n + k + 1 > *cap) {
		size_t c = *cap ? *cap : 4096;
		char *g;
		while (c < *n + k + 1)
			c = c > max / 2 ? max + 1 : c * 2;
		if (!(g = realloc(*b, c)))
			return -2;
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
	switch (append(&rq->file, &rq->nfile, &rq->capfile, rq->max, data, size)) {
	case -1: rq->too_big = 1; break;
	case -2: rq->oom = 1; break;
	}
	return MHD_YES;
}

/* The arguments of the request: all values of a key, in order. */
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

/* Counts the Content-Length headers. */
static enum MHD_Result count_length(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	if (key && !strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
		++*(int *)cls;
	return MHD_YES;
}

static enum MHD_Result respond(struct MHD_Connection *c, const web_reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char retry[24];

	if (!r->body && r->status >= 500) {
		/* an error that could not be written (out of memory) */
		size_t n;
		const char *b = web_fallback_body(r, &n);
		resp = MHD_create_response_from_buffer(n, (void *)b, MHD_RESPMEM_PERSISTENT);
	} else
		resp = MHD_create_response_from_buffer(r->n, r->body, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->retry_after) {
		snprintf(retry, sizeof retry, "%u", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	}
	ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Answers at once (an error found in the handler), from a message. */
static enum MHD_Result respond_error(struct MHD_Connection *c, const char *url, int status, const char *msg,
                                     unsigned retry_after)
{
	web_reply reply;
	enum MHD_Result ret;

	web_reply_init(&reply);
	web_error(&reply, url, status, msg);
	reply.retry_after = retry_after;
	ret = respond(c, &reply);
	web_reply_free(&reply);
	return ret;
}

/* Replaces a request's answer with an error. */
static void reply_error(request *rq, int status, const char *msg, unsigned retry_after)
{
	web_reply_free(&rq->reply);
	web_reply_init(&rq->reply);
	web_error(&rq->reply, rq->url, status, msg);
	rq->reply.retry_after = retry_after;
}

/* The 503 of a request that was not answered within --request-timeout
 * (queued: it ran out of time before a worker was free).  The limit as
 * configured, not the rest the library was given. */
static void reply_timeout(request *rq, int queued)
{
	char msg[160];

	snprintf(msg, sizeof msg, "the request took longer than its time limit (%g s)%s",
	         (double)rq->s->request_ns / 1e9, queued ? ": it waited for a free worker" : "");
	reply_error(rq, 503, msg, 0);
}

/* ------------------------------------------------------------ connections */

static void conn_set(server *s, conn *cn, int state)
{
	if (!cn)
		return;
	pthread_mutex_lock(&s->cmu);
	if (cn->state != C_CUT) {
		cn->state = state;
		cn->since = mono_ns();
	}
	pthread_mutex_unlock(&s->cmu);
}

static conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* Tracks each connection from accept to close (MHD_OPTION_NOTIFY_CONNECTION,
 * called by libmicrohttpd's thread; the close before the socket is). */
static void on_connection(void *cls, struct MHD_Connection *c, void **ctx, enum MHD_ConnectionNotificationCode code)
{
	server *s = cls;
	conn *cn = *ctx;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		/* out of memory: untracked, so without deadlines or client checks */
		if (!ci || !(cn = calloc(1, sizeof *cn)))
			return;
		cn->fd = ci->connect_fd;
		cn->state = C_HEADERS;
		cn->since = mono_ns();
		pthread_mutex_lock(&s->cmu);
		cn->next = s->conns;
		if (s->conns)
			s->conns->prev = cn;
		s->conns = cn;
		pthread_mutex_unlock(&s->cmu);
		*ctx = cn;
	} else if (cn) {
		pthread_mutex_lock(&s->cmu);
		if (cn->prev)
			cn->prev->next = cn->next;
		else
			s->conns = cn->next;
		if (cn->next)
			cn->next->prev = cn->prev;
		pthread_mutex_unlock(&s->cmu);
		free(cn);
		*ctx = NULL;
	}
}

/* Shuts down the sockets of connections past their header or body
 * deadline; libmicrohttpd then sees the socket closed and closes the
 * connection itself.  Under cmu, so the socket is still the connection's
 * (libmicrohttpd tells on_connection before it closes it). */
static void cut_slow(server *s, long long now)
{
	pthread_mutex_lock(&s->cmu);
	for (conn *cn = s->conns; cn; cn = cn->next) {
		long long limit = cn->state == C_HEADERS ? s->header_ns : cn->state == C_BODY ? s->body_ns : 0;
		if (limit && now - cn->since > limit) {
			shutdown(cn->fd, SHUT_RDWR);
			cn->state = C_CUT;
		}
	}
	pthread_mutex_unlock(&s->cmu);
}

/* ------------------------------------------------------------ the queue */

static void push(queue *q, request *rq)
{
	rq->next = NULL;
	if (q->tail)
		q->tail->next = rq;
	else
		q->head = rq;
	q->tail = rq;
}

static request *pop(queue *q)
{
	request *rq = q->head;

	if (rq && !(q->head = rq->next))
		q->tail = NULL;
	return rq;
}

/* The next request a worker may take, with s->mu held: the oldest, except
 * that a heavy one waits while --heavy-threads of them run (not while
 * stopping: then each is answered 503 at once).  NULL if none. */
static request *take(server *s)
{
	request *c = s->q[0].head, *h = s->q[1].head;
	int stopping = atomic_load(&s->stopping);
	int heavy_ok = h && (s->nheavy < s->heavy_max || stopping);

	if (c && (!heavy_ok || c->seq < h->seq))
		return pop(&s->q[0]);
	if (!heavy_ok)
		return NULL;
	s->nheavy++;
	return pop(&s->q[1]);
}

/* Hands a request back to libmicrohttpd with its answer (or none). */
static void finish_request(request *rq)
{
	rq->answered = 1;
	MHD_resume_connection(rq->conn);
}

/* Answers the queued requests that ran out of time (503) or whose client
 * left (closed), without running them. */
static void expire_queued(server *s, long long now)
{
	request *done = NULL, **tail = &done;

	pthread_mutex_lock(&s->mu);
	for (int k = 0; k < 2; k++) {
		request *keep = NULL, **kt = &keep, *rq;
		while ((rq = pop(&s->q[k])) != NULL) {
			if (now >= rq->deadline || (rq->cn && peer_gone(rq->cn->fd))) {
				rq->drop = now < rq->deadline;
				*tail = rq;
				tail = &rq->next;
			} else {
				*kt = rq;
				kt = &rq->next;
			}
		}
		*kt = NULL;
		for (rq = keep; rq;) {
			request *next = rq->next;
			push(&s->q[k], rq);
			rq = next;
		}
	}
	pthread_mutex_unlock(&s->mu);
	*tail = NULL;
	while (done) {
		request *rq = done;
		done = rq->next;
		if (!rq->drop)
			reply_timeout(rq, 1);
		finish_request(rq);
	}
}

/* Every SWEEP_MS until the stop: slow connections, expired requests. */
static void *sweeper(void *p)
{
	server *s = p;

	for (;;) {
		struct timespec ts;
		int stop;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += SWEEP_MS * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_mutex_lock(&s->mu);
		if (!s->sweeper_stop)
			pthread_cond_timedwait(&s->tick, &s->mu, &ts);
		stop = s->sweeper_stop;
		pthread_mutex_unlock(&s->mu);
		if (stop)
			break;
		cut_slow(s, mono_ns());
		expire_queued(s, mono_ns());
	}
	return NULL;
}

/* ------------------------------------------------------------ workers */

/* The cancel check of a running request (lf_limits.cancelled): the server
 * is stopping, or the client went away. */
static int cancelled(void *p)
{
	request *rq = p;

	if (atomic_load(&rq->s->stopping))
		rq->stopped_by = STOP_SERVER;
	else if (rq->cn && peer_gone(rq->cn->fd))
		rq->stopped_by = STOP_CLIENT;
	return rq->stopped_by != STOP_NONE;
}

/* Runs one request on worker i's database, within its deadline. */
static void run_request(server *s, int i, request *rq)
{
	long long left = rq->deadline - mono_ns();

	if (atomic_load(&s->stopping)) {
		reply_error(rq, 503, "the server is stopping", RETRY_AFTER_S);
		return;
	}
	if (left <= 0) {
		reply_timeout(rq, 1);
		return;
	}
	if (rq->cn && peer_gone(rq->cn->fd)) {
		rq->drop = 1;
		return;
	}
	/* the index may have changed since the last request: an 'index' run
	 * committed, or compacted and switched shards.  A request whose
	 * revision a writer discarded meanwhile is answered again. */
	for (int attempt = 0; attempt < 3 && left > 0; attempt++) {
		lf_err err;
		lf_limits lim = {(double)left / 1e9, cancelled, rq};
		lf_err_clear(&err);
		lf_db_refresh(&s->db[i], &err);
		if (attempt)
			web_reply_free(&rq->reply), web_reply_init(&rq->reply);
		lf_db_set_limits(s->db[i], &lim);
		web_route(s->db[i], &s->cfg, rq->method, rq->url, &rq->args, rq->b, rq->bn, rq->ctype, &rq->reply);
		lf_db_set_limits(s->db[i], NULL);
		if (rq->reply.code != LF_EMODIFIED)
			break;
		left = rq->deadline - mono_ns();
	}
	if (rq->reply.code == LF_ETIMEOUT)
		reply_timeout(rq, 0);
	else if (rq->reply.code == LF_ECANCELED) {
		if (rq->stopped_by == STOP_SERVER)
			reply_error(rq, 503, "the server is stopping", RETRY_AFTER_S);
		else
			rq->drop = 1;
	}
}

typedef struct worker_arg {
	server *s;
	int i;
} worker_arg;

/* Takes requests from the queues until told to stop with them empty. */
static void *worker(void *p)
{
	worker_arg *w = p;
	server *s = w->s;

	for (;;) {
		request *rq;
		int heavy;
		pthread_mutex_lock(&s->mu);
		while (!(rq = take(s)) && !atomic_load(&s->stopping))
			pthread_cond_wait(&s->cv, &s->mu);
		if (!rq) {
			s->nalive--;
			pthread_cond_broadcast(&s->ended);
			pthread_mutex_unlock(&s->mu);
			break;
		}
		pthread_mutex_unlock(&s->mu);
		heavy = rq->heavy; /* rq is libmicrohttpd's again once resumed */
		run_request(s, w->i, rq);
		finish_request(rq);
		if (heavy) {
			pthread_mutex_lock(&s->mu);
			s->nheavy--;
			pthread_cond_broadcast(&s->cv);
			pthread_mutex_unlock(&s->mu);
		}
	}
	return NULL;
}

/* ------------------------------------------------------------ HTTP */

/* The first call of a request: its headers are in.  0 to go on (the body
 * follows), or the status of an answer given at once. */
static enum MHD_Result request_start(server *s, struct MHD_Connection *c, const char *url, const char *method,
                                     void **con_cls)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	conn *cn = conn_of(c);
	request *rq;
	int nlength = 0;
	long v;

	if (!(rq = calloc(1, sizeof *rq)))
		return respond_error(c, url, 500, "out of memory", 0);
	rq->s = s;
	rq->cn = cn;
	rq->max = s->max_body;
	*con_cls = rq;
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_length, &nlength);
	/* a length read two ways is how requests are smuggled past a proxy:
	 * libmicrohttpd 0.9.75 takes the first of two Content-Length headers */
	if (nlength > 1 || (nlength && te)) {
		conn_set(s, cn, C_BUSY);
		return respond_error(c, url, 400, "the request's length is ambiguous (two Content-Length headers, "
		                                  "or one beside Transfer-Encoding)", 0);
	}
	/* a body announced past the cap is refused before it is read */
	if (cl && (parse_uint(cl, 0, LONG_MAX, &v) || (unsigned long)v > s->max_body)) {
		conn_set(s, cn, C_BUSY);
		return respond_error(c, url, 413, "the request body is larger than --max-draft allows", 0);
	}
	conn_set(s, cn, C_BODY);
	if (!strcmp(method, "POST") && ct && !strncmp(ct, "multipart/form-data", 19))
		rq->pp = MHD_create_post_processor(c, 65536, form_part, rq);
	return MHD_YES;
}

/* The whole request is in: an answer now (413, 414, 405, 503 while
 * stopping), or to the queue. */
static enum MHD_Result request_ready(server *s, struct MHD_Connection *c, request *rq, const char *url,
                                     const char *method)
{
	web_args args;
	const char *ctype;

	memset(&args, 0, sizeof args);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &args);
	conn_set(s, rq->cn, C_BUSY);
	if (rq->oom)
		return respond_error(c, url, 500, "out of memory", 0);
	if (rq->too_big)
		return respond_error(c, url, 413, "the request body is larger than --max-draft allows", 0);
	if (args.bytes > MAX_QUERY || strlen(url) > MAX_QUERY)
		return respond_error(c, url, 414, "the query is longer than 8 KiB", 0);
	if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST"))
		return respond_error(c, url, 405, "only GET, HEAD and POST are served", 0);
	/* to the queue; the strings stay valid while the connection is
	 * suspended (they live in its memory pool or in rq) */
	ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
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
	rq->heavy = web_is_heavy(method, url, &rq->args);
	rq->deadline = mono_ns() + s->request_ns;
	web_reply_init(&rq->reply);
	pthread_mutex_lock(&s->mu);
	if (atomic_load(&s->stopping)) {
		pthread_mutex_unlock(&s->mu);
		return respond_error(c, url, 503, "the server is stopping", RETRY_AFTER_S);
	}
	/* suspended before a worker can see it, so never resumed first */
	MHD_suspend_connection(c);
	rq->seq = s->seq++;
	push(&s->q[rq->heavy], rq);
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return MHD_YES;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	server *s = cls;
	request *rq = *con_cls;
	enum MHD_Result ret;
	(void)version;

	if (!rq)
		return request_start(s, c, url, method, con_cls);
	if (*upload_size) {
		/* a body arrives in pieces: keep it, up to the cap */
		if (rq->too_big || rq->oom)
			; /* read and dropped: the answer is an error */
		else if (rq->pp) {
			if (MHD_post_process(rq->pp, upload, *upload_size) != MHD_YES)
				rq->too_big = 1;
		} else {
			switch (append(&rq->body, &rq->n, &rq->cap, s->max_body, upload, *upload_size)) {
			case -1: rq->too_big = 1; break;
			case -2: rq->oom = 1; break;
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->answered) {
		/* resumed: the worker's answer, or none for a client that left
		 * (MHD_NO closes the connection; libmicrohttpd logs it as
		 * "Application reported internal error") */
		if (rq->drop)
			return MHD_NO;
		ret = respond(c, &rq->reply);
		web_reply_free(&rq->reply);
		rq->answered = 0;
		return ret;
	}
	return request_ready(s, c, rq, url, method);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
	server *s = cls;
	request *rq = *con_cls;
	(void)t;
	/* a keep-alive connection now waits for its next request's headers */
	conn_set(s, conn_of(c), C_HEADERS);
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

/* Stops the workers: the queued requests are answered 503, the running
 * ones cancelled.  0 once all have ended, or the number still running
 * after STOP_GRACE_S seconds. */
static int stop_workers(server *s)
{
	struct timespec ts;
	int alive;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += STOP_GRACE_S;
	pthread_mutex_lock(&s->mu);
	atomic_store(&s->stopping, 1);
	pthread_cond_broadcast(&s->cv);
	while (s->nalive > 0 && pthread_cond_timedwait(&s->ended, &s->mu, &ts) != ETIMEDOUT)
		;
	alive = s->nalive;
	pthread_mutex_unlock(&s->mu);
	if (!alive)
		for (int i = 0; i < s->nstarted; i++)
			pthread_join(s->worker[i], NULL);
	return alive;
}

static void init_sync(server *s)
{
	pthread_condattr_t ca;

	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->cmu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_cond_init(&s->ended, &ca);
	pthread_cond_init(&s->tick, &ca);
	pthread_condattr_destroy(&ca);
}

int web_serve(const web_serve_opts *o)
{
	server s;
	struct sockaddr_in sa;
	struct MHD_Daemon *d = NULL;
	worker_arg *wargs = NULL;
	pthread_t sweep;
	int sweeping = 0;
	lf_db_opts dbo = o->dbo;
	sigset_t set;
	int sig, rc = 0;

	memset(&s, 0, sizeof s);
	init_sync(&s);
	s.db_path = o->db_path;
	s.max_body = o->max_draft;
	s.request_ns = o->request_ns;
	s.header_ns = o->header_ns;
	s.body_ns = o->body_ns;
	s.heavy_max = o->heavy_threads;
	s.cfg.max_draft = s.max_body;
	s.cfg.db_path = s.db_path;
	s.cfg.thesaurus = o->thesaurus;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->bind, &sa.sin_addr) != 1) {
		out_printf(stderr, "lexfrag: --bind: not an IPv4 address: '%s'\n", o->bind);
		return EXIT_USAGE;
	}
	s.n = o->threads;
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
		pthread_mutex_lock(&s.mu);
		s.nstarted++;
		s.nalive++;
		pthread_mutex_unlock(&s.mu);
	}
	if (pthread_create(&sweep, NULL, sweeper, &s) != 0) {
		fprintf(stderr, "lexfrag: cannot start a thread: %s\n", strerror(errno));
		rc = 1;
		goto out;
	}
	sweeping = 1;
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
	                     MHD_USE_ERROR_LOG, (uint16_t)o->port, NULL, NULL, handler, &s,
	                     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, completed,
	                     &s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, &s, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	                     MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->per_ip,
	                     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "lexfrag: cannot listen on %s:%ld: %s\n", o->bind, o->port,
		        errno ? strerror(errno) : "address in use?");
		rc = 1;
		goto out;
	}
	{
		/* the port bound: the one asked for, or the system's choice for 0 */
		const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		long port = info && info->port ? (long)info->port : o->port;
		out_printf(stderr, "lexfrag: serving %s on http://%s:%ld/ (Ctrl-C to stop)\n", s.db_path, o->bind, port);
	}
	sigwait(&set, &sig);
	fprintf(stderr, "lexfrag: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	/* no new connections; the queued and running requests are answered
	 * 503 (a connection must not stay suspended when the daemon stops);
	 * then a moment for those answers to leave */
	MHD_quiesce_daemon(d);
out:
	{
		int alive = stop_workers(&s);
		if (alive) {
			/* a library call that does not check its limits: the daemon
			 * cannot be stopped with its connection suspended, nor the
			 * database closed under it */
			fprintf(stderr, "lexfrag: %d request%s still running %d s after the stop: cut off\n", alive,
			        alive > 1 ? "s" : "", STOP_GRACE_S);
			fflush(NULL);
			_exit(1);
		}
	}
	if (sweeping) {
		pthread_mutex_lock(&s.mu);
		s.sweeper_stop = 1;
		pthread_cond_broadcast(&s.tick);
		pthread_mutex_unlock(&s.mu);
		pthread_join(sweep, NULL);
	}
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
	pthread_mutex_destroy(&s.cmu);
	pthread_cond_destroy(&s.cv);
	pthread_cond_destroy(&s.ended);
	pthread_cond_destroy(&s.tick);
	return rc;
}
