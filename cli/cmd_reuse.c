/* cmd_reuse.c - "lexfrag reuse": every significant reuse between the laws of a database. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lexfrag/lexfrag.h"
#include "app/out.h"
#include "app/records.h"

static const char reuse_help[] =
	"Usage: lexfrag reuse [OPTION]...\n"
	"List every pair of provisions of different laws in the database with\n"
	"significant reuse, strongest first: the law and its provision (label as\n"
	"printed), the other law and its provision, the alignment score, and the\n"
	"aligned texts.  Pairs are proposed by MinHash signatures with\n"
	"locality-sensitive hashing (not every pair is compared), then aligned\n"
	"(Smith-Waterman, affine gaps).  The same law read from two files is skipped.\n"
	"\n"
	"  -d, --db PATH         database (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"      --min-score S     least alignment score (default 40: about 20 equal words)\n"
	"  -f, --format text|csv|jsonl   output (default text)\n"
	"      --csv-raw         csv: write text cells as they are; by default a cell\n"
	"                        that starts with = + - @ tab or CR gets a ' first, so\n"
	"                        that a spreadsheet shows it instead of running it\n"
	DB_HELP
	"  -h, --help            show this help\n"
	"\n"
	"csv (RFC 4180) and jsonl fields: law, label, provision, other_law,\n"
	"other_label, other_provision, score, matched, text, other_text (matched\n"
	"words between <mark> and </mark> in jsonl; unmarked in csv).\n"
	"Exit status: 0 on success, 1 if the database cannot be read, 2 on a usage\n"
	"error.\n";

typedef struct reuse_ui {
	int format, color, tty;
	size_t n;
	json_w jw;
	csv_w cw;
} reuse_ui;

static void on_reuse_progress(size_t done, size_t total, void *ctx)
{
	const reuse_ui *ui = ctx;

	if (ui->tty)
		fprintf(stderr, "\r\033[Kreuse: aligning candidate pairs: %zu/%zu", done, total);
}

static int on_pair(const lf_reuse_pair *p, void *ctx)
{
	reuse_ui *ui = ctx;

	ui->n++;
	if (ui->format == FMT_CSV)
		out_reuse_csv(&ui->cw, p);
	else if (ui->format == FMT_JSONL)
		out_reuse_json(&ui->jw, p);
	else {
		out_printf(stdout, "%zu. %s %s  <->  %s %s   score %.1f, %u equal words\n", ui->n, p->law,
		           *p->label ? p->label : p->prov_id, p->other_law,
		           *p->other_label ? p->other_label : p->other_prov_id, p->score, p->matched);
		printf("   ");
		out_snippet(stdout, p->text, ui->color);
		printf("\n   ");
		out_snippet(stdout, p->other_text, ui->color);
		printf("\n\n");
	}
	return ferror(stdout) ? LF_EIO : 0;
}

int cmd_reuse(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"min-score", required_argument, 0, 'm'},
		{"format", required_argument, 0, 'f'}, {"csv-raw", no_argument, 0, 'r'}, DB_LONG_OPTIONS,
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *db_path = db_default();
	lf_reuse_opts ro;
	lf_reuse_stats st;
	reuse_ui ui;
	int csv_raw = 0;
	lf_db *db = NULL;
	lf_db_opts dbo = {0};
	lf_err err;
	int c, rc;

	memset(&ro, 0, sizeof ro);
	memset(&ui, 0, sizeof ui);
	ui.format = FMT_TEXT;
	ui.color = isatty(1);
	ui.tty = isatty(2);
	while ((c = getopt_long(argc, argv, "d:f:h", opts, NULL)) != -1) {
		if ((rc = db_option(&dbo, "reuse", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'm':
			if (parse_decimal(optarg, 0.001, 1e6, &ro.min_score))
				return usage_error("reuse", "--min-score: not a number from 0.001 to 1000000: '%s'", optarg);
			break;
		case 'f':
			if ((ui.format = parse_format(optarg, 0)) < 0)
				return usage_error("reuse", "--format: 'text', 'csv' or 'jsonl', not '%s'", optarg);
			break;
		case 'r': csv_raw = 1; break;
		case 'h': fputs(reuse_help, stdout); return 0;
		default: return usage_error("reuse", "%s", "invalid option");
		}
	}
	if (optind < argc)
		return usage_error("reuse", "unexpected argument '%s'", argv[optind]);
	if (db_open(db_path, &dbo, &db))
		return 1;
	json_init(&ui.jw, stdout);
	csv_init(&ui.cw, stdout, csv_raw);
	if (ui.format == FMT_CSV) {
		csv_header(&ui.cw, OUT_REUSE_CSV_HEADER);
		csv_end_row(&ui.cw);
	}
	ro.on_progress = on_reuse_progress;
	ro.ctx = &ui;
	rc = lf_reuse(db, &ro, on_pair, &ui, &st, &err);
	if (ui.tty)
		fputs("\r\033[K", stderr);
	lf_db_close(db);
	csv_free(&ui.cw);
	if (rc) {
		db_error(&dbo, NULL, rc, err.msg);
		return 1;
	}
	fprintf(stderr, "lexfrag: %zu laws, %zu provisions, %zu candidate pairs aligned, %zu pairs reported\n",
	        st.laws, st.provisions, st.candidate_pairs, st.pairs);
	return fflush(stdout) == 0 ? 0 : 1;
}
