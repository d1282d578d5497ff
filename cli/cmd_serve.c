/*
 * cmd_serve.c - "lexfrag serve": reads the options, then runs the server
 * (web/server.c).
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "query/thesaurus.h"
#include "lexfrag/lexfrag.h"
#include "web/server.h"

static const char serve_help[] =
	"Usage: lexfrag serve [OPTION]...\n"
	"Serve the database over HTTP: web pages for searching, reading laws, finding\n"
	"precedent for a draft and exporting, and a JSON API under /api/ (see the\n"
	"README).  Read-only; stops on Ctrl-C (SIGINT) or SIGTERM, cancelling the\n"
	"requests under way (503) within 5 s.  For a public server, put a reverse\n"
	"proxy in front (README, 'Deployment').\n"
	"\n"
	"  -d, --db PATH         database (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"      --bind ADDR       IPv4 address to listen on (default 127.0.0.1: this\n"
	"                        machine only)\n"
	"  -p, --port N          port (default 8080; 0: a free one the system chooses,\n"
	"                        named in the 'serving ... on http://HOST:PORT/' line)\n"
	"      --threads N       worker threads, each with its own database handle\n"
	"                        (default: one per CPU, at least 2)\n"
	"      --heavy-threads N at most N workers run heavy requests at once (a draft\n"
	"                        to compare: POST /api/similar, /similar; an export):\n"
	"                        the others stay free for searches, laws, stats and\n"
	"                        pages (default: --threads minus 1, at least 1)\n"
	"      --request-timeout SECONDS  a request not answered within SECONDS of\n"
	"                        being read (waiting for a worker included) is\n"
	"                        stopped and answered 503 (default 30)\n"
	"      --max-draft SIZE  largest request body, a draft bill, and largest\n"
	"                        draft once a gzip body is decompressed (default 4M;\n"
	"                        K, M, G; from 1 to 64G)\n"
	"      --header-timeout SECONDS  a connection that has not sent a request's\n"
	"                        headers within SECONDS of opening, or of its last\n"
	"                        answer, is closed (default 10)\n"
	"      --body-timeout SECONDS  a request whose body has not arrived within\n"
	"                        SECONDS of its headers is closed (default 60)\n"
	"      --thesaurus FILE  searches translate with FILE's concepts and labels too\n"
	"                        (added to the built-in thesaurus; schemas/thesaurus.rng)\n"
	"      --max-connections-per-ip N  connections from one address at once;\n"
	"                        more are refused (default 32; 0: no limit, for a\n"
	"                        reverse proxy on this machine)\n"
	DB_HELP
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 after a clean stop, 1 if the database or the port cannot be\n"
	"opened or a request had to be cut off at the stop, 2 on a usage error.\n";

/* A whole number of seconds option into *ns; 0, or a usage error. */
static int seconds_option(const char *name, const char *arg, long max, long long *ns)
{
	char fmt[120];
	long v;

	if (parse_uint(arg, 1, max, &v)) {
		snprintf(fmt, sizeof fmt, "%s: not a whole number of seconds from 1 to %ld: '%%s'", name, max);
		return usage_error("serve", fmt, arg);
	}
	*ns = (long long)v * 1000000000LL;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	enum { O_REQUEST_TIMEOUT = 0x400, O_HEAVY, O_HEADER_TIMEOUT, O_BODY_TIMEOUT, O_PER_IP, O_THESAURUS };
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"bind", required_argument, 0, 'b'},
		{"port", required_argument, 0, 'p'}, {"threads", required_argument, 0, 't'},
		{"max-draft", required_argument, 0, 'M'}, {"request-timeout", required_argument, 0, O_REQUEST_TIMEOUT},
		{"thesaurus", required_argument, 0, O_THESAURUS},
		{"heavy-threads", required_argument, 0, O_HEAVY}, {"header-timeout", required_argument, 0, O_HEADER_TIMEOUT},
		{"body-timeout", required_argument, 0, O_BODY_TIMEOUT},
		{"max-connections-per-ip", required_argument, 0, O_PER_IP}, DB_LONG_OPTIONS,
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	web_serve_opts o;
	struct in_addr addr;
	long threads = sysconf(_SC_NPROCESSORS_ONLN), heavy = 0, per_ip = 32, v;
	int c, rc = 0;

	memset(&o, 0, sizeof o);
	if (threads < 2)
		threads = 2;
	o.db_path = db_default();
	o.bind = "127.0.0.1";
	o.port = 8080;
	o.max_draft = (size_t)4 << 20;
	o.request_ns = 30 * 1000000000LL;
	o.header_ns = 10 * 1000000000LL;
	o.body_ns = 60 * 1000000000LL;
	while ((c = getopt_long(argc, argv, "d:p:h", opts, NULL)) != -1) {
		if ((rc = db_option(&o.dbo, "serve", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			rc = 0;
			continue;
		}
		switch (c) {
		case 'd': o.db_path = optarg; break;
		case 'b': o.bind = optarg; break;
		case 'p':
			if (parse_uint(optarg, 0, 65535, &v))
				return usage_error("serve", "--port: not a port number from 0 to 65535: '%s'", optarg);
			o.port = v;
			break;
		case 't':
			if (parse_uint(optarg, 1, 256, &v))
				return usage_error("serve", "--threads: not a whole number from 1 to 256: '%s'", optarg);
			threads = v;
			break;
		case O_HEAVY:
			if (parse_uint(optarg, 1, 256, &heavy))
				return usage_error("serve", "--heavy-threads: not a whole number from 1 to 256: '%s'", optarg);
			break;
		case 'M':
			if (!(o.max_draft = parse_size(optarg)))
				return usage_error("serve", "--max-draft: not a size (" SIZE_ARG_HELP "): '%s'", optarg);
			break;
		case O_REQUEST_TIMEOUT:
			if ((rc = seconds_option("--request-timeout", optarg, 86400, &o.request_ns)) != 0)
				return rc;
			break;
		case O_HEADER_TIMEOUT:
			if ((rc = seconds_option("--header-timeout", optarg, 3600, &o.header_ns)) != 0)
				return rc;
			break;
		case O_BODY_TIMEOUT:
			if ((rc = seconds_option("--body-timeout", optarg, 3600, &o.body_ns)) != 0)
				return rc;
			break;
		case O_THESAURUS: {
			/* read now: a bad file stops the start, not every search */
			lf_thesaurus *th = NULL;
			lf_err err;
			if (lf_thesaurus_load(optarg, &th, &err) != 0)
				return usage_error("serve", "--thesaurus: %s", err.msg);
			lf_thesaurus_free(th);
			o.thesaurus = optarg;
			break;
		}
		case O_PER_IP:
			if (parse_uint(optarg, 0, 256, &per_ip))
				return usage_error("serve", "--max-connections-per-ip: not a whole number from 0 to 256: '%s'",
				                   optarg);
			break;
		case 'h': fputs(serve_help, stdout); return 0;
		default: return usage_error("serve", "%s", "invalid option");
		}
	}
	if (optind < argc)
		return usage_error("serve", "unexpected argument '%s'", argv[optind]);
	/* one worker at least stays for the cheap requests, unless there is
	 * only one */
	if (heavy > (threads > 1 ? threads - 1 : 1)) {
		char hv[24];
		snprintf(hv, sizeof hv, "%ld", heavy);
		return usage_error("serve", "--heavy-threads: at most --threads minus 1, so that one worker stays for "
		                            "searches, laws and pages: '%s'", hv);
	}
	if (inet_pton(AF_INET, o.bind, &addr) != 1)
		return usage_error("serve", "--bind: not an IPv4 address: '%s'", o.bind);
	o.threads = (int)threads;
	o.heavy_threads = heavy ? (int)heavy : threads > 1 ? (int)threads - 1 : 1;
	o.per_ip = (unsigned)per_ip;
	return web_serve(&o);
}
