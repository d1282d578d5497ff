/* cmd_index.c - "lexfrag index": read, tag and index legislation files. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lexfrag/lexfrag.h"
#include "cli/cli.h"
#include "app/out.h"


typedef struct index_ui {
	int tty;
	int progress_shown;
} index_ui;

static void on_error(const char *path, const char *msg, void *ctx)
{
	index_ui *ui = ctx;

	if (ui->progress_shown) {
		fputs("\r\033[K", stderr);
		ui->progress_shown = 0;
	}
	out_printf(stderr, "lexfrag: %s: %s\n", path, msg); /* a file name may hold anything */
}

static void on_progress(const lf_index_progress *p, void *ctx)
{
	index_ui *ui = ctx;
	double mb = (double)p->bytes_done / 1e6;

	if (!ui->tty)
		return;
	fprintf(stderr, "\r\033[Kindexing: %zu/%zu files, %.1f MB, %.1f MB/s%s%zu failed", p->files_done,
	        p->files_total, mb, p->seconds > 0 ? mb / p->seconds : 0.0, ", ", p->files_failed);
	ui->progress_shown = 1;
}

static const char index_help[] =
	"Usage: lexfrag index [OPTION]... PATH...\n"
	"Index the legislation in PATHs (files or directories, searched recursively)\n"
	"into a lexfrag database.  Formats are detected from the content: Akoma Ntoso,\n"
	"USLM, CLML, Formex, EUR-Lex HTML, German GII, Canadian LIMS, LexML, HTML,\n"
	"Markdown and plain text, any of them gzipped.  A second run re-reads only\n"
	"files whose size or modification time changed.\n"
	"\n"
	"  -d, --db PATH        database directory (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"  -j, --jobs N         reader threads (default: number of CPUs)\n"
	"      --shards N       shards of a new database (default 2; one writer each)\n"
	"      --shard-of RULE  this database takes only the laws RULE selects, one\n"
	"                       shard of a cluster (repeatable: all must hold):\n"
	"                       KEY=V1,V2  KEY!=V1,V2  (KEY: jurisdiction, language,\n"
	"                       format; '-' for unknown), hash=I/N (the law id's hash\n"
	"                       modulo N is I), all (every law).  Kept in the\n"
	"                       database: later runs without it use the same rule;\n"
	"                       another rule re-reads every file\n"
	"      --prune          drop laws whose files under PATHs are gone\n"
	"      --force          re-read every file, changed or not\n"
	"      --max-bytes SIZE refuse files larger than SIZE once decompressed\n"
	"                       (default 256M; K, M, G; from 1 to 64G)\n"
	"      --taxonomy FILE  tag with this risk taxonomy instead of the built-in one\n"
	"                       (schemas/taxonomy.xml); when it differs from the one the\n"
	"                       database was tagged with, every file is read again\n"
	"      --follow-symlinks  follow symbolic links that lead out of PATHs too\n"
	"                       (by default such a link is named on stderr and skipped)\n"
	"  -q, --quiet          no summary line\n"
	"  -h, --help           show this help\n"
	"\n"
	"Every provision is tagged with the risk categories and Internet layers of the\n"
	"taxonomy, with its evidence ('lexfrag show', 'lexfrag export').\n"
	"Files named README*, LICENSE*, PROVENANCE*, MANIFEST.tsv and hidden files are\n"
	"skipped.  A MANIFEST.tsv (columns path, jurisdiction, language, title, year)\n"
	"supplies metadata that a file does not carry itself.\n"
	"DB must be a lexfrag database, or a directory that does not exist or is empty.\n"
	"Exit status: 0 if every file was indexed, 1 if some failed or was skipped (each\n"
	"is named on stderr with the reason; the others are indexed), 2 on a usage error.\n";

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"jobs", required_argument, 0, 'j'},
		{"shards", required_argument, 0, 'S'}, {"prune", no_argument, 0, 'P'},
		{"force", no_argument, 0, 'F'}, {"max-bytes", required_argument, 0, 'M'},
		{"taxonomy", required_argument, 0, 'T'}, {"shard-of", required_argument, 0, 'R'},
		{"follow-symlinks", no_argument, 0, 'L'}, {"quiet", no_argument, 0, 'q'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	lf_index_opts o;
	lf_index_stats st;
	const char *rules[8];
	index_ui ui = {isatty(2), 0};
	lf_err err;
	int c, quiet = 0, rc;
	long v;

	memset(&o, 0, sizeof o);
	o.db_path = db_default();
	while ((c = getopt_long(argc, argv, "d:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db_path = optarg; break;
		case 'j':
			if (parse_uint(optarg, 1, 256, &v))
				return usage_error("index", "--jobs: not a whole number from 1 to 256: '%s'", optarg);
			o.jobs = (int)v;
			break;
		case 'S':
			if (parse_uint(optarg, 1, 64, &v))
				return usage_error("index", "--shards: not a whole number from 1 to 64: '%s'", optarg);
			o.shards = (int)v;
			break;
		case 'P': o.prune = 1; break;
		case 'F': o.force = 1; break;
		case 'L': o.follow_symlinks = 1; break;
		case 'M':
			if (!(o.max_bytes = parse_size(optarg)))
				return usage_error("index", "--max-bytes: not a size (" SIZE_ARG_HELP "): '%s'", optarg);
			break;
		case 'T': o.taxonomy = optarg; break;
		case 'R':
			if (o.nshard_of == (int)(sizeof rules / sizeof *rules))
				return usage_error("index", "--shard-of: more than 8 given: '%s'", optarg);
			if (lf_shard_of_check(optarg, &err) != 0)
				return usage_error("index", "%s", err.msg);
			rules[o.nshard_of++] = optarg;
			o.shard_of = rules;
			break;
		case 'q': quiet = 1; break;
		case 'h': fputs(index_help, stdout); return 0;
		default: return usage_error("index", "%s", "invalid option");
		}
	}
	if (optind >= argc)
		return usage_error("index", "%s", "no PATH to index");
	o.roots = (const char *const *)argv + optind;
	o.nroots = (size_t)(argc - optind);
	o.on_error = on_error;
	o.on_progress = on_progress;
	o.ctx = &ui;
	rc = lf_index_run(&o, &st, &err);
	if (ui.progress_shown)
		fputs("\r\033[K", stderr);
	if (rc) {
		out_printf(stderr, "lexfrag: %s\n", err.msg);
		return rc == LF_EFORMAT && o.taxonomy ? EXIT_USAGE : 1;
	}
	if (st.retagged && !quiet)
		fprintf(stderr, "lexfrag: the risk taxonomy changed since the last run: every file was "
		                "read and tagged again\n");
	if (st.resharded && !quiet)
		fprintf(stderr, "lexfrag: the database took other laws before (--shard-of): every file "
		                "under PATHs was read again\n");
	if (!quiet) {
		fprintf(stderr, "lexfrag: indexed %zu of %zu files (%zu unchanged, %zu failed", st.files_indexed,
		        st.files_seen, st.files_unchanged, st.files_failed);
		if (st.files_warned)
			fprintf(stderr, ", %zu with warnings", st.files_warned);
		if (*st.shard_of)
			fprintf(stderr, ", %zu for other shards", st.files_elsewhere);
		fprintf(stderr, ")");
		if (st.entries_skipped)
			fprintf(stderr, ", %zu other entries skipped", st.entries_skipped);
		fprintf(stderr, ", %zu provisions, %.1f MB in %.1f s\n", st.provisions, (double)st.bytes / 1e6,
		        st.seconds);
		if (st.laws_pruned)
			fprintf(stderr, "lexfrag: pruned %zu laws whose files are gone\n", st.laws_pruned);
	}
	return st.files_failed || st.files_warned || st.entries_skipped ? 1 : 0;
}
