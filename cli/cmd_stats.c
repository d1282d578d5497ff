/* cmd_stats.c - "lexfrag stats": what the database holds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexfrag/lexfrag.h"
#include "cli/cli.h"
#include "app/out.h"
#include "app/records.h"

static const char stats_help[] =
	"Usage: lexfrag stats [OPTION]...\n"
	"Count what the database holds: laws, provisions, and laws by jurisdiction,\n"
	"language, source format and year; and the index's size on disk.\n"
	"\n"
	"  -d, --db PATH           database (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"  -f, --format text|json  output (default text)\n"
	DB_HELP
	"  -h, --help              show this help\n";

static void text_counts(const char *name, const lf_count *c, size_t n)
{
	size_t i;

	printf("\n%s:\n", name);
	for (i = 0; i < n; i++)
		out_printf(stdout, "  %-22s %6u\n", c[i].key, c[i].n);
}

int cmd_stats(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     DB_LONG_OPTIONS,
	                                     {"format", required_argument, 0, 'f'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db_path = db_default();
	int c, format = FMT_TEXT, rc;
	lf_db *db = NULL;
	lf_db_opts dbo = {0};
	lf_stats *s = NULL;
	lf_err err;

	while ((c = getopt_long(argc, argv, "d:f:h", opts, NULL)) != -1) {
		if ((rc = db_option(&dbo, "stats", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'f':
			if ((format = parse_format(optarg, 1)) < 0)
				return usage_error("stats", "--format: 'text' or 'json', not '%s'", optarg);
			break;
		case 'h': fputs(stats_help, stdout); return 0;
		default: return usage_error("stats", "%s", "invalid option");
		}
	}
	if (optind != argc)
		return usage_error("stats", "unexpected argument '%s'", argv[optind]);
	if (db_open(db_path, &dbo, &db))
		return 1;
	if ((rc = lf_stats_get(db, &s, &err)) != 0) {
		db_error(&dbo, NULL, rc, err.msg);
		lf_db_close(db);
		return 1;
	}
	if (format == FMT_JSON) {
		json_w jw;
		json_init(&jw, stdout);
		out_stats_json(&jw, s, db_path);
	} else {
		out_printf(stdout, "database     %s\nlaws         %u\nprovisions   %u\nshards       %u\nindex bytes  %llu (%.1f MB)\n",
		           db_path, s->laws, s->provisions, s->shards, (unsigned long long)s->index_bytes,
		           (double)s->index_bytes / 1e6);
		text_counts("by jurisdiction", s->by_jurisdiction, s->njurisdiction);
		text_counts("by language", s->by_language, s->nlanguage);
		text_counts("by format", s->by_format, s->nformat);
		text_counts("by year", s->by_year, s->nyear);
		text_counts("by risk", s->by_risk, s->nrisk);
		text_counts("by layer", s->by_layer, s->nlayer);
		printf("\nshards:\n");
		for (unsigned i = 0; i < s->shards; i++) {
			const lf_shard_stats *t = &s->shard[i];
			if (!t->up)
				out_printf(stdout, "  %-36s %-6s DOWN: %s\n", t->name, t->remote ? "remote" : "local", t->reason);
			else if (t->remote)
				out_printf(stdout, "  %-36s remote %6u laws %7u provisions\n", t->name, t->laws, t->provisions);
			else
				out_printf(stdout, "  %-36s local  %6u laws %7u provisions %8.1f MB\n", t->name, t->laws,
				           t->provisions, (double)t->bytes / 1e6);
		}
	}
	lf_stats_free(s);
	lf_db_close(db);
	return fflush(stdout) == 0 ? 0 : 1;
}
