/*
 * cmd_export.c - "lexfrag export": tagged datasets for analysts, as CSV (RFC
 * 4180), JSON Lines or SQLite.  The record layouts are documented in
 * schemas/export.md; they are a stable interface.  The writing is
 * app/dataset.c's, shared with the server's downloads.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lexfrag/lexfrag.h"
#include "app/dataset.h"
#include "app/out.h"

static const char export_help_head[] =
	"Usage: lexfrag export [OPTION]... [QUERY]...\n"
	"Export the laws that match QUERY and the filters (all laws with neither) as a\n"
	"tagged dataset: one record per law with its metadata, risk scores and layers,\n"
	"or, with --provisions, one record per tagged provision with its evidence.\n"
	"QUERY and the filters work as in 'lexfrag search'.\n"
	"\n"
	"  -d, --db PATH            database (default: $LEXFRAG_DB, else ./lexfrag.db)\n";
static const char export_help_tail[] =
	"      --provisions         csv/jsonl: one record per (provision, category) of\n"
	"                           evidence instead of one per law\n"
	"      --all-scores         csv/jsonl law records: also the scores below the\n"
	"                           tagging threshold\n"
	"      --csv-raw            csv: write text cells as they are; by default a cell\n"
	"                           that starts with = + - @ tab or CR gets a ' first, so\n"
	"                           that a spreadsheet shows it instead of running it\n"
	"  -f, --format csv|jsonl|sqlite   output (default csv)\n"
	"  -o, --output FILE        write to FILE (default standard output; sqlite needs\n"
	"                           a FILE, which is replaced)\n"
	DB_HELP
	"  -h, --help               show this help\n"
	"\n"
	"csv law columns: id, path, title, short_title, jurisdiction, language,\n"
	"source_format, year, date, score, risks (category:score;...), layers (a;b), then\n"
	"one score column per risk category (risk_<category>, empty when none).\n"
	"csv --provisions columns: law_id, path, jurisdiction, language, category,\n"
	"strength, provision_id, label, rule, spans, text.  jsonl has the same fields as\n"
	"objects.  sqlite: tables laws, law_risks, provisions, tags and export_info, with\n"
	"keys; see schemas/export.md.\n"
	"Exit status: 0 on success, 1 if the database cannot be read or the output\n"
	"cannot be written, 2 on a usage error or a bad query.\n";

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, FILTER_LONG_OPTIONS, DB_LONG_OPTIONS,
		{"provisions", no_argument, 0, 'p'}, {"all-scores", no_argument, 0, 'A'},
		{"csv-raw", no_argument, 0, 'r'},
		{"format", required_argument, 0, 'f'}, {"output", required_argument, 0, 'o'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *db_path = db_default(), *out = NULL;
	search_filters sf;
	struct {
		int format, provisions, all_scores, csv_raw;
		FILE *fp;
		size_t laws, rows;
		char errmsg[300];
	} x;
	lf_db *db = NULL;
	lf_db_opts dbo = {0};
	lf_err err;
	int c, rc;

	memset(&x, 0, sizeof x);
	x.format = FMT_CSV;
	filters_init(&sf);
	while ((c = getopt_long(argc, argv, "d:J:L:f:o:h", opts, NULL)) != -1) {
		if ((rc = filters_option(&sf, "export", c, optarg)) != 0 ||
		    (rc = db_option(&dbo, "export", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'p': x.provisions = 1; break;
		case 'A': x.all_scores = 1; break;
		case 'r': x.csv_raw = 1; break;
		case 'o': out = optarg; break;
		case 'f':
			if (!strcmp(optarg, "sqlite"))
				x.format = FMT_SQLITE;
			else if ((x.format = parse_format(optarg, 0)) != FMT_CSV && x.format != FMT_JSONL)
				return usage_error("export", "--format: 'csv', 'jsonl' or 'sqlite', not '%s'", optarg);
			break;
		case 'h':
			/* the lists of the taxonomy of --db (given before --help) */
			fputs(export_help_head, stdout);
			filters_help(stdout, db_path);
			fputs(export_help_tail, stdout);
			return 0;
		default: return usage_error("export", "%s", "invalid option");
		}
	}
	if ((rc = filters_query(&sf, "export", argc, argv, optind)) != 0)
		return rc;
	if (x.format == FMT_SQLITE && !out)
		return usage_error("export", "%s", "--format sqlite needs --output FILE");
	if (db_open(db_path, &dbo, &db))
		return 1;
	x.fp = stdout;
	if (out && x.format != FMT_SQLITE && !(x.fp = fopen(out, "w"))) {
		out_printf(stderr, "lexfrag: %s: %s\n", out, strerror(errno));
		lf_db_close(db);
		return 1;
	}
	rc = export_run(db, &sf.so, x.format, x.provisions,
	                (x.all_scores ? EXPORT_ALL_SCORES : 0) | (x.csv_raw ? EXPORT_CSV_RAW : 0), x.fp, out, &x.laws, &x.rows,
	                x.errmsg, sizeof x.errmsg, &err);
	if (x.fp && x.fp != stdout)
		fclose(x.fp);
	lf_db_close(db);
	if (rc) {
		db_error(&dbo, out ? out : "export", x.errmsg[0] ? LF_ERROR : rc, x.errmsg[0] ? x.errmsg : err.msg);
		return rc == LF_EQUERY || rc == LF_EINVAL ? EXIT_USAGE : 1;
	}
	if (out)
		out_printf(stderr, "lexfrag: exported %zu laws (%zu records) to %s\n", x.laws, x.rows, out);
	return 0;
}
