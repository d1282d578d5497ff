/*
 * options.h - what the commands (cli/) and the server (web/) share to read
 * a user's arguments: the strict number parsers (args.c), the options of
 * every command that reads a database, and the search filters (options.c).
 * Errors in arguments go to stderr as "lexfrag: ..." with a --help hint.
 */
#ifndef LF_APP_OPTIONS_H
#define LF_APP_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#define EXIT_USAGE 2

enum { FMT_TEXT, FMT_JSONL, FMT_CSV, FMT_JSON, FMT_TSV, FMT_SQLITE };

/* --db default: $LEXFRAG_DB, else ./lexfrag.db */
const char *db_default(void);
/* Prints "lexfrag: <fmt with arg>" and a --help hint; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, const char *arg)
	__attribute__((format(printf, 2, 0)));
/* Numbers and sizes from users (cli/args.c), for options and the server's
 * request arguments alike: ASCII digits only, no sign, space, fraction or
 * hex, and range-checked before anything is computed with them. */
/* s as a whole number from min to max (0 <= min <= max): 0 and *out, or -1. */
int parse_uint(const char *s, long min, long max, long *out);
/* s as a decimal number ("40", "0.5", at most 9 digits after the point)
 * from min to max: 0 and *out, or -1.  No sign, exponent, nan or inf. */
int parse_decimal(const char *s, double min, double max, double *out);
/* A whole number from 0 to LONG_MAX, or -1. */
long parse_num(const char *s);
/* A size: a whole number of bytes from 1 to SIZE_ARG_MAX, with an optional
 * K, M or G (powers of 1024; "4MB" and "4MiB" too).  0 on error: negative,
 * fractional, zero, overflowing or over the ceiling. */
size_t parse_size(const char *s);
#define SIZE_ARG_MAX ((unsigned long long)64 << 30)
#define SIZE_ARG_HELP "a whole number of bytes, with K, M or G, from 1 to 64G"
/* The ranges of the search arguments, the same on the command line
 * (--offset, --from, --to) and in the API (offset=, from=, to=). */
#define ARG_OFFSET_MAX 10000000L
#define ARG_YEAR_MAX 9999L
/* text, jsonl, csv (allow_json: text, json); -1 if unknown. */
int parse_format(const char *s, int allow_json);

/* Options of every command that reads a database: a stub may list remote
 * shards (xapian-tcpsrv). */
#include "lexfrag/lexfrag.h"
#define OPT_TIMEOUT 0x300
#define OPT_ALLOW_PARTIAL 0x301
#define OPT_NO_TRANSLATE 0x310
#define OPT_THESAURUS 0x311
#define DB_LONG_OPTIONS                                                                       \
	{"timeout", required_argument, 0, OPT_TIMEOUT}, {"allow-partial", no_argument, 0, OPT_ALLOW_PARTIAL}
#define DB_HELP                                                                               \
	"      --timeout SECONDS    a remote shard that does not answer within SECONDS\n"       \
	"                           (connecting, or any exchange) is down (default 10)\n"       \
	"      --allow-partial      when shards are down, answer from the others (a\n"         \
	"                           warning on stderr names them) instead of failing;\n"      \
	"                           --db may be a stub listing shards ('lexfrag shards')\n"

/* Handles one of the DB_LONG_OPTIONS into o: 1 if it was one, 0 if not,
 * -EXIT_USAGE on a bad value (already reported). */
int db_option(lf_db_opts *o, const char *cmd, int c, const char *arg);
/* lf_db_open_opts, with warnings on stderr; prints the error and returns 1
 * if it fails, else 0. */
int db_open(const char *path, lf_db_opts *o, lf_db **out);
/* Prints a read command's failure: "lexfrag: [what: ]message", with a hint
 * when a remote shard failed. */
void db_error(const lf_db_opts *o, const char *what, int rc, const char *msg);

/* The filters and query that search and export share. */
#include "lexfrag/lexfrag.h"
typedef struct search_filters {
	lf_search_opts so;
	const char *jur[64], *lang[64], *fmt[64], *risk[64], *layer[64];
	char query[8192];
} search_filters;

#define FILTER_LONG_OPTIONS                                                                   \
	{"jurisdiction", required_argument, 0, 'J'}, {"lang", required_argument, 0, 'L'},         \
	{"language", required_argument, 0, 'L'}, {"source-format", required_argument, 0, 'F'},   \
	{"from", required_argument, 0, 'a'}, {"to", required_argument, 0, 'b'},                  \
	{"risk", required_argument, 0, 'R'}, {"layer", required_argument, 0, 'Y'},               \
	{"by", required_argument, 0, 'B'}, {"no-translate", no_argument, 0, OPT_NO_TRANSLATE},    \
	{"thesaurus", required_argument, 0, OPT_THESAURUS}

/* The options' help, for both commands, to fp: the risk categories and
 * layers those of the taxonomy of the database at db_path when it opens,
 * else of the built-in taxonomy (a help that lists by hand goes wrong with
 * the first custom --taxonomy). */
void filters_help(FILE *fp, const char *db_path);

void filters_init(search_filters *f);
/* Handles one of the FILTER_LONG_OPTIONS: 1 if it was one, 0 if not,
 * -EXIT_USAGE on a bad value (already reported). */
int filters_option(search_filters *f, const char *cmd, int c, char *arg);
/* Joins argv[first..] into the query; 0 or EXIT_USAGE. */
int filters_query(search_filters *f, const char *cmd, int argc, char **argv, int first);

#endif
