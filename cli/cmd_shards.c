/*
 * shards.c - "lexfrag shards": write the Xapian stub that lists a cluster's
 * shards (local databases and xapian-tcpsrv servers) and check it, or list
 * the shards of a database.
 *
 * The stub is Xapian's own format, so xapian-delve, quest and xapian-tcpsrv
 * open it too: "auto PATH" for a local database (relative to the stub's
 * directory), "remote HOST:PORT" for a remote one.  The checks are what
 * would make a sharded index answer differently from one database: a shard
 * that does not answer, shards tagged with different risk taxonomies, and a
 * law indexed in two shards (counted and found twice).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lexfrag/lexfrag.h"
#include "app/out.h"
#include "app/records.h"

static const char shards_help[] =
	"Usage: lexfrag shards -o STUB [OPTION]... SHARD...\n"
	"   or: lexfrag shards [--db PATH] [OPTION]...\n"
	"Write STUB, a Xapian stub file that lists the SHARDs of a cluster, and check\n"
	"that they answer as one database; or, with no SHARD, list the shards of a\n"
	"database or stub with their laws.  Every read command takes the stub as its\n"
	"--db: lexfrag search --db STUB ...\n"
	"\n"
	"A SHARD is a lexfrag database directory (written 'auto PATH', PATH relative\n"
	"to STUB's directory), or HOST:PORT of a xapian-tcpsrv serving one (written\n"
	"'remote HOST:PORT'), or a stub file whose shards are listed in turn.\n"
	"\n"
	"  -o, --output STUB    the stub to write (replaced atomically if it exists)\n"
	"  -d, --db PATH        with no SHARD: the database or stub to list\n"
	"                       (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"      --no-check       write STUB without opening the shards\n"
	"  -f, --format text|json  output (default text)\n"
	DB_HELP
	"  -h, --help           show this help\n"
	"\n"
	"The check opens STUB as the read commands will: every shard must answer, all\n"
	"must be tagged with the same risk taxonomy, and no law may be in two shards.\n"
	"If one fails, STUB is not written (or left as it was).\n"
	"Example:\n"
	"  xapian-tcpsrv --port 7001 shards/eu &  xapian-tcpsrv --port 7002 shards/asia &\n"
	"  lexfrag shards -o cluster.stub 127.0.0.1:7001 127.0.0.1:7002 shards/rest\n"
	"Exit status: 0 if the stub was written (or listed) and checked, 1 if a check\n"
	"failed or a shard is down, 2 on a usage error.\n";

/* HOST:PORT (not an existing path): a remote shard. */
static int is_remote(const char *s)
{
	struct stat st;
	const char *c = strrchr(s, ':');
	char *end;
	long port;

	if (!c || c == s || stat(s, &st) == 0)
		return 0;
	port = strtol(c + 1, &end, 10);
	return !*end && port > 0 && port <= 65535;
}

/* The next component of a canonical absolute path at *p ("" at the end). */
static size_t component(const char **p)
{
	while (**p == '/')
		(*p)++;
	return strcspn(*p, "/");
}

/* path relative to dir, both absolute and canonical (realpath): "../"
 * for each component of dir past their common ones, then the rest of path. */
static void relative_to(const char *dir, const char *path, char *out, size_t n)
{
	const char *d = dir, *p = path;
	size_t k = 0, dl, pl;

	for (;;) {
		dl = component(&d);
		pl = component(&p);
		if (!dl || dl != pl || memcmp(d, p, dl))
			break;
		d += dl;
		p += pl;
	}
	out[0] = 0;
	for (; dl; d += dl, dl = component(&d))
		k += (size_t)snprintf(out + k, k < n ? n - k : 0, "../");
	snprintf(out + k, k < n ? n - k : 0, "%s", p);
	k = strlen(out);
	if (k > 1 && out[k - 1] == '/')
		out[k - 1] = 0;
	if (!out[0])
		snprintf(out, n, ".");
}

static void on_dup(const char *law_id, unsigned count, void *ctx)
{
	size_t *shown = ctx;

	if ((*shown)++ < 20)
		out_printf(stderr, "lexfrag: law %s is in more than one shard (%u documents)\n", law_id, count);
}

/* Opens path as the read commands will and prints its shards; 0 if every
 * shard answers and the checks pass, else 1 (said on stderr). */
static int check_and_list(const char *path, lf_db_opts *dbo, int format, int quiet)
{
	lf_db *db = NULL;
	lf_stats *s = NULL;
	lf_err err;
	size_t ndup = 0, shown = 0;
	int bad = 0, rc;

	if (db_open(path, dbo, &db))
		return 1;
	if ((rc = lf_stats_get(db, &s, &err)) != 0 ||
	    (rc = lf_db_duplicate_laws(db, on_dup, &shown, &ndup, &err)) != 0) {
		db_error(dbo, path, rc, err.msg);
		lf_stats_free(s);
		lf_db_close(db);
		return 1;
	}
	for (unsigned i = 0; i < s->shards; i++) {
		if (!s->shard[i].up) {
			bad = 1;
			continue;
		}
		for (unsigned j = 0; j < i; j++)
			if (s->shard[j].up && strcmp(s->shard[i].taxonomy, s->shard[j].taxonomy)) {
				out_printf(stderr, "lexfrag: %s and %s were tagged with different risk taxonomies "
				                   "(index them again with the same one)\n",
				           s->shard[j].name, s->shard[i].name);
				bad = 1;
				break;
			}
	}
	if (ndup) {
		fprintf(stderr, "lexfrag: %zu laws are in more than one shard: they would be counted and "
		                "found twice (index each law into one shard: 'lexfrag index --shard-of')\n",
		        ndup);
		bad = 1;
	}
	if (format == FMT_JSON) {
		json_w jw;
		json_init(&jw, stdout);
		json_begin_object(&jw);
		json_kstring(&jw, "database", path);
		json_kuint(&jw, "laws", s->laws);
		json_kuint(&jw, "provisions", s->provisions);
		json_kuint(&jw, "shards", s->shards);
		json_kuint(&jw, "duplicate_laws", ndup);
		out_shards_fields(&jw, s);
		json_end_object(&jw);
	} else if (!quiet) {
		printf("%-36s %-6s %7s %11s %9s  %-12s  %s\n", "shard", "kind", "laws", "provisions", "MB", "taxonomy",
		       "takes");
		for (unsigned i = 0; i < s->shards; i++) {
			const lf_shard_stats *t = &s->shard[i];
			if (!t->up)
				out_printf(stdout, "%-36s %-6s DOWN: %s\n", t->name, t->remote ? "remote" : "local", t->reason);
			else if (t->remote)
				out_printf(stdout, "%-36s %-6s %7u %11u %9s  %-12.12s  %s\n", t->name, "remote", t->laws,
				           t->provisions, "-", t->taxonomy, *t->shard_of ? t->shard_of : "all");
			else
				out_printf(stdout, "%-36s %-6s %7u %11u %9.1f  %-12.12s  %s\n", t->name, "local", t->laws,
				           t->provisions, (double)t->bytes / 1e6, t->taxonomy, *t->shard_of ? t->shard_of : "all");
		}
		printf("%-36s %-6s %7u %11u\n", "total", "", s->laws, s->provisions);
	}
	lf_stats_free(s);
	lf_db_close(db);
	return bad;
}

/* Writes the stub for the shards into tmp; 0, or 1 (said). */
static int write_stub(const char *tmp, const char *out, char **shards, int n)
{
	char dir[PATH_MAX], outcopy[PATH_MAX], real[PATH_MAX], rel[PATH_MAX * 2];
	FILE *fp;
	char *slash;

	snprintf(outcopy, sizeof outcopy, "%s", out);
	slash = strrchr(outcopy, '/');
	if (slash == outcopy)
		snprintf(dir, sizeof dir, "/");
	else if (slash) {
		*slash = 0;
		if (!realpath(outcopy, dir)) {
			out_printf(stderr, "lexfrag: %s: %s\n", outcopy, strerror(errno));
			return 1;
		}
	} else if (!getcwd(dir, sizeof dir)) {
		out_printf(stderr, "lexfrag: cannot tell the current directory: %s\n", strerror(errno));
		return 1;
	}
	if (!(fp = fopen(tmp, "w"))) {
		out_printf(stderr, "lexfrag: %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	fprintf(fp, "# lexfrag cluster: %d shards (lexfrag shards; Xapian stub format)\n", n);
	for (int i = 0; i < n; i++) {
		if (is_remote(shards[i])) {
			fprintf(fp, "remote %s\n", shards[i]);
			continue;
		}
		if (!realpath(shards[i], real)) {
			out_printf(stderr, "lexfrag: %s: %s (neither a database nor HOST:PORT)\n", shards[i], strerror(errno));
			fclose(fp);
			unlink(tmp);
			return 1;
		}
		relative_to(dir, real, rel, sizeof rel);
		fprintf(fp, "auto %s\n", rel);
	}
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0 || fclose(fp) != 0) {
		out_printf(stderr, "lexfrag: %s: %s\n", tmp, strerror(errno));
		unlink(tmp);
		return 1;
	}
	return 0;
}

int cmd_shards(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"output", required_argument, 0, 'o'},
		{"no-check", no_argument, 0, 'N'}, {"format", required_argument, 0, 'f'},
		DB_LONG_OPTIONS, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *db_path = db_default(), *out = NULL;
	lf_db_opts dbo = {0};
	char tmp[PATH_MAX + 16];
	int c, rc, check = 1, format = FMT_TEXT;

	while ((c = getopt_long(argc, argv, "d:o:f:h", opts, NULL)) != -1) {
		if ((rc = db_option(&dbo, "shards", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'o': out = optarg; break;
		case 'N': check = 0; break;
		case 'f':
			if ((format = parse_format(optarg, 1)) != FMT_TEXT && format != FMT_JSON)
				return usage_error("shards", "--format: 'text' or 'json', not '%s'", optarg);
			break;
		case 'h': fputs(shards_help, stdout); return 0;
		default: return usage_error("shards", "%s", "invalid option");
		}
	}
	if (optind == argc) {
		if (out)
			return usage_error("shards", "%s", "--output needs the SHARDs to list");
		return check_and_list(db_path, &dbo, format, 0);
	}
	if (!out)
		return usage_error("shards", "%s", "give --output STUB to write (or no SHARD to list --db)");
	snprintf(tmp, sizeof tmp, "%s.tmp", out);
	if (write_stub(tmp, out, argv + optind, argc - optind))
		return 1;
	if (check && check_and_list(tmp, &dbo, format, 0)) {
		out_printf(stderr, "lexfrag: %s not written\n", out);
		unlink(tmp);
		return 1;
	}
	if (rename(tmp, out) != 0) {
		out_printf(stderr, "lexfrag: %s: %s\n", out, strerror(errno));
		unlink(tmp);
		return 1;
	}
	if (format == FMT_TEXT)
		out_printf(stderr, "lexfrag: wrote %s (%d shards)\n", out, argc - optind);
	return 0;
}
