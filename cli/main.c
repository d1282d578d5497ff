/*
 * main.c - the lexfrag command: index, search, show, stats.
 *
 * Exit status: 0 when all went well, 1 when some input (a file, the
 * database) failed, 2 on a usage error or a bad query.  Errors go to stderr
 * as "lexfrag: <file or query>: <reason>".  Uses the public API only.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexfrag/lexfrag.h"
#include "cli/cli.h"
#include "app/out.h"

const char *db_default(void)
{
	const char *e = getenv("LEXFRAG_DB");

	return e && *e ? e : LEXFRAG_DEFAULT_DB;
}

int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "lexfrag: ");
	out_printf(stderr, fmt, arg); /* arg: an argument as given, escaped */
	fprintf(stderr, "\nTry 'lexfrag %s --help'.\n", cmd);
	return EXIT_USAGE;
}

static void db_warning(const char *msg, void *ctx)
{
	(void)ctx;
	out_printf(stderr, "lexfrag: warning: %s\n", msg);
}

int db_option(lf_db_opts *o, const char *cmd, int c, const char *arg)
{
	double v;

	switch (c) {
	case OPT_TIMEOUT:
		if (parse_decimal(arg, 0.001, 86400, &v)) {
			usage_error(cmd, "--timeout: not a number of seconds from 0.001 to 86400: '%s'", arg);
			return -EXIT_USAGE;
		}
		o->timeout_ms = (unsigned)(v * 1000 + 0.5);
		return 1;
	case OPT_ALLOW_PARTIAL:
		o->allow_partial = 1;
		return 1;
	default:
		return 0;
	}
}

int db_open(const char *path, lf_db_opts *o, lf_db **out)
{
	lf_err err;

	if (!o->on_warning)
		o->on_warning = db_warning;
	if (lf_db_open_opts(path, o, out, &err) != 0) {
		db_error(o, NULL, err.code, err.msg);
		return 1;
	}
	return 0;
}

void db_error(const lf_db_opts *o, const char *what, int rc, const char *msg)
{
	out_printf(stderr, "lexfrag: %s%s%s%s\n", what ? what : "", what ? ": " : "", msg,
	           rc == LF_ENETWORK && !o->allow_partial ? " (--allow-partial answers from the other shards)" : "");
}

/* ------------------------------------------------------------------ index */

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

static int cmd_index(int argc, char **argv)
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

/* ----------------------------------------------------------------- search */

static const char search_help[] =
	"Usage: lexfrag search [OPTION]... QUERY...\n"
	"Search the database; one result per law, best first, with its best-matching\n"
	"provisions and a highlighted snippet of each.\n"
	"\n"
	"QUERY uses Xapian's syntax: words (any may match, ranked by BM25; AND or\n"
	"+word to require one), AND OR NOT XOR (upper case), \"exact phrases\", NEAR\n"
	"and ADJ (e.g. data NEAR/5 transfer), -word, prefix*, (grouping), and fields:\n"
	"title:WORD heading:WORD jurisdiction:CODE lang:CODE format:NAME year:YYYY\n"
	"law:ID.  Words match in every language of the index, each stemmed its own\n"
	"way.  Bounds: prefix* stands for its 100 most frequent terms; a query holds\n"
	"at most 16 wildcards and 1,024 terms (past them: exit 2).\n"
	"\n"
	"  -d, --db PATH            database (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	FILTER_HELP
	"  -n, --limit N            at most N laws (default 10)\n"
	"      --offset N           skip the first N laws (paging)\n"
	"      --provisions N       best provisions shown per law (default 3)\n"
	"  -f, --format text|jsonl|csv   output (default text)\n"
	"      --csv-raw            csv: write text cells as they are; by default a cell\n"
	"                           that starts with = + - @ tab or CR gets a ' first, so\n"
	"                           that a spreadsheet shows it instead of running it\n"
	DB_HELP
	"  -h, --help               show this help\n"
	"\n"
	"A QUERY that names a risk concept in any supported language (\"data\n"
	"localisation\", \"Datenlokalisierung\", \"数据本地化\", \"lokalisasi data\") also\n"
	"finds the laws tagged with it, in every language, ranked with the text matches;\n"
	"risk:CATEGORY and layer:LAYER work inside a QUERY too.\n"
	"\n"
	"jsonl prints one object per law: id, path, title, short_title, jurisdiction,\n"
	"language, source_format, year, date, score, snippet, risks {category: score},\n"
	"layers [...], provisions [{id, label, heading, kind, score, snippet}]; matched\n"
	"words are between <mark> and </mark>.  csv has the columns id, path, title,\n"
	"jurisdiction, language, source_format, year, score, provisions, snippet, risks,\n"
	"layers (risks as category:score;..., lists ;-separated).\n"
	"Exit status: 0 on success (also with no results), 1 if the database cannot be\n"
	"read, 2 on a usage error or a bad query.\n";

int parse_format(const char *s, int allow_json)
{
	if (!strcmp(s, "text")) return FMT_TEXT;
	if (!strcmp(s, "jsonl") && !allow_json) return FMT_JSONL;
	if (!strcmp(s, "csv") && !allow_json) return FMT_CSV;
	if (!strcmp(s, "json") && allow_json) return FMT_JSON;
	return -1;
}

static void print_hit_text(const lf_hit *h, size_t rank, int color)
{
	size_t i;

	out_printf(stdout, color ? "%zu. \033[1m%s\033[0m\n" : "%zu. %s\n", rank, *h->title ? h->title : h->id);
	out_printf(stdout, "   %s | %s | %s | %s | %s | score %.2f\n", h->id, *h->jurisdiction ? h->jurisdiction : "-",
	           *h->language ? h->language : "-", *h->year ? h->year : "-", h->format, h->score);
	out_printf(stdout, "   %s\n", h->path);
	if (h->nrisks) {
		printf("   risks:");
		for (i = 0; i < h->nrisks; i++)
			out_printf(stdout, " %s %.2f%s", h->risks[i].category, h->risks[i].score, i + 1 < h->nrisks ? "," : "");
		if (h->nlayers) {
			printf(" | layers:");
			for (i = 0; i < h->nlayers; i++)
				out_printf(stdout, " %s", h->layers[i]);
		}
		putchar('\n');
	}
	for (i = 0; i < h->nprovs; i++) {
		const lf_hit_prov *p = &h->provs[i];
		out_printf(stdout, "   %s%s%s\n", *p->label ? p->label : p->id, *p->heading ? " \xE2\x80\x94 " : "",
		           p->heading);
		printf("      ");
		out_snippet(stdout, p->snippet, color);
		putchar('\n');
	}
	if (!h->nprovs && *h->snippet) {
		printf("      ");
		out_snippet(stdout, h->snippet, color);
		putchar('\n');
	}
	putchar('\n');
}

/* One row of 'search --format csv': text cells neutralised unless raw
 * (out_csv_field), the score as a number. */
static void print_hit_csv(const lf_hit *h, int raw)
{
	size_t i;

	out_csv_field(stdout, h->id, raw); putchar(',');
	out_csv_field(stdout, h->path, raw); putchar(',');
	out_csv_field(stdout, h->title, raw); putchar(',');
	out_csv_field(stdout, h->jurisdiction, raw); putchar(',');
	out_csv_field(stdout, h->language, raw); putchar(',');
	out_csv_field(stdout, h->format, raw); putchar(',');
	out_csv_field(stdout, h->year, raw); putchar(',');
	printf("%.4f,", h->score);
	{
		/* provision labels, "; "-joined */
		char buf[2048];
		size_t o = 0;
		buf[0] = '\0';
		for (i = 0; i < h->nprovs && o < sizeof buf - 1; i++)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? "; " : "",
			                      *h->provs[i].label ? h->provs[i].label : h->provs[i].id);
		out_csv_field(stdout, buf, raw);
	}
	putchar(',');
	out_csv_field(stdout, h->snippet, raw);
	putchar(',');
	out_csv_risks(stdout, h->risks, h->nrisks, h->layers, h->nlayers);
	fputs("\r\n", stdout);
}

/* The filter options search and export share (cli.h). */
void filters_init(search_filters *f)
{
	memset(f, 0, sizeof *f);
	f->so.jurisdictions = f->jur;
	f->so.languages = f->lang;
	f->so.formats = f->fmt;
	f->so.risks = f->risk;
	f->so.layers = f->layer;
}

static void lower(char *p)
{
	for (; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
}

int filters_option(search_filters *f, const char *cmd, int c, char *arg)
{
	lf_search_opts *so = &f->so;
	long v;

	switch (c) {
	case 'J':
		if (so->njurisdictions < 64) {
			lower(arg);
			f->jur[so->njurisdictions++] = arg;
		}
		return 1;
	case 'L':
		if (so->nlanguages < 64) {
			lower(arg);
			f->lang[so->nlanguages++] = arg;
		}
		return 1;
	case 'F':
		if (so->nformats < 64)
			f->fmt[so->nformats++] = arg;
		return 1;
	case 'R':
		if (so->nrisks < 64) {
			lower(arg);
			f->risk[so->nrisks++] = arg;
		}
		return 1;
	case 'Y':
		if (so->nlayers < 64) {
			lower(arg);
			f->layer[so->nlayers++] = arg;
		}
		return 1;
	case 'a':
		if (parse_uint(arg, 0, ARG_YEAR_MAX, &v))
			return -usage_error(cmd, "--from: not a year from 0 to 9999: '%s'", arg);
		so->from_year = (int)v;
		return 1;
	case 'b':
		if (parse_uint(arg, 0, ARG_YEAR_MAX, &v))
			return -usage_error(cmd, "--to: not a year from 0 to 9999: '%s'", arg);
		so->to_year = (int)v;
		return 1;
	case 'B':
		if (!strcmp(arg, "relevance")) so->sort = LF_SORT_RELEVANCE;
		else if (!strcmp(arg, "date")) so->sort = LF_SORT_DATE;
		else if (!strcmp(arg, "risk")) so->sort = LF_SORT_RISK;
		else return -usage_error(cmd, "--by: 'relevance', 'risk' or 'date', not '%s'", arg);
		return 1;
	default:
		return 0;
	}
}

int filters_query(search_filters *f, const char *cmd, int argc, char **argv, int first)
{
	size_t qn = 0;

	f->query[0] = '\0';
	for (int i = first; i < argc; i++) {
		size_t k = strlen(argv[i]);
		if (qn + k + 2 > sizeof f->query)
			return usage_error(cmd, "%s", "query too long (over 8 KiB)");
		if (qn)
			f->query[qn++] = ' ';
		memcpy(f->query + qn, argv[i], k + 1);
		qn += k;
	}
	f->so.query = f->query;
	return 0;
}

static int cmd_search(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, FILTER_LONG_OPTIONS, DB_LONG_OPTIONS,
		{"limit", required_argument, 0, 'n'},
		{"offset", required_argument, 0, 'o'}, {"provisions", required_argument, 0, 'p'},
		{"format", required_argument, 0, 'f'}, {"csv-raw", no_argument, 0, 'r'},
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *db_path = db_default();
	search_filters sf;
	lf_search_opts *so = &sf.so;
	lf_db *db = NULL;
	lf_db_opts dbo = {0};
	lf_results *res = NULL;
	lf_err err;
	int c, format = FMT_TEXT, rc, csv_raw = 0;
	long v;
	size_t i;

	filters_init(&sf);
	while ((c = getopt_long(argc, argv, "d:J:L:n:f:h", opts, NULL)) != -1) {
		if ((rc = filters_option(&sf, "search", c, optarg)) != 0 ||
		    (rc = db_option(&dbo, "search", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'n':
			if (parse_uint(optarg, 1, 100000, &v))
				return usage_error("search", "--limit: not a whole number from 1 to 100000: '%s'", optarg);
			so->limit = (unsigned)v;
			break;
		case 'o':
			if (parse_uint(optarg, 0, ARG_OFFSET_MAX, &v))
				return usage_error("search", "--offset: not a whole number from 0 to 10000000: '%s'", optarg);
			so->offset = (unsigned)v;
			break;
		case 'p':
			if (parse_uint(optarg, 0, 1000, &v))
				return usage_error("search", "--provisions: not a whole number from 0 to 1000: '%s'", optarg);
			so->max_provisions = v ? (unsigned)v : 1;
			break;
		case 'f':
			if ((format = parse_format(optarg, 0)) < 0)
				return usage_error("search", "--format: 'text', 'jsonl' or 'csv', not '%s'", optarg);
			break;
		case 'r': csv_raw = 1; break;
		case 'h': fputs(search_help, stdout); return 0;
		default: return usage_error("search", "%s", "invalid option");
		}
	}
	if ((rc = filters_query(&sf, "search", argc, argv, optind)) != 0)
		return rc;
	if (!*sf.query && !so->njurisdictions && !so->nlanguages && !so->nformats && !so->from_year &&
	    !so->to_year && !so->nrisks && !so->nlayers)
		return usage_error("search", "%s", "no QUERY (give words, or a filter to list laws)");
	if (db_open(db_path, &dbo, &db))
		return 1;
	rc = lf_search(db, so, &res, &err);
	if (rc) {
		db_error(&dbo, *sf.query && rc != LF_ENETWORK ? sf.query : NULL, rc, err.msg);
		lf_db_close(db);
		return rc == LF_EQUERY || rc == LF_EINVAL ? EXIT_USAGE : 1;
	}
	if (format == FMT_CSV)
		fputs("id,path,title,jurisdiction,language,source_format,year,score,provisions,snippet,risks,layers\r\n", stdout);
	if (format == FMT_TEXT && res->nconcepts) {
		printf("Concept%s:", res->nconcepts > 1 ? "s" : "");
		for (i = 0; i < res->nconcepts; i++)
			out_printf(stdout, " %s", res->concepts[i]);
		printf(" (laws tagged with %s match in every language)\n", res->nconcepts > 1 ? "them" : "it");
	}
	if (format == FMT_TEXT && !res->nhits)
		printf("No laws match.\n");
	else if (format == FMT_TEXT)
		printf("About %u laws match; showing %u-%zu.\n\n", res->estimate, so->offset + 1,
		       so->offset + res->nhits);
	for (i = 0; i < res->nhits; i++) {
		if (format == FMT_TEXT)
			print_hit_text(&res->hits[i], so->offset + i + 1, isatty(1));
		else if (format == FMT_JSONL) {
			out_hit_json(stdout, &res->hits[i]);
			putchar('\n');
		} else
			print_hit_csv(&res->hits[i], csv_raw);
	}
	lf_results_free(res);
	lf_db_close(db);
	return fflush(stdout) == 0 ? 0 : 1;
}

static const char show_help[] =
	"Usage: lexfrag show [OPTION]... LAW_ID\n"
	"Show what the index holds about a law: its metadata and where each field came\n"
	"from, its risk tags with their evidence (for each category: the provision,\n"
	"the rule that fired, its strength 0-1 and the matched words), its table of\n"
	"contents, and the text of every provision.\n"
	"\n"
	"  -d, --db PATH         database (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"      --toc             metadata and table of contents only, no texts\n"
	"  -f, --format text|json   output (default text)\n"
	DB_HELP
	"  -h, --help            show this help\n"
	"\n"
	"Exit status: 0 on success, 1 if there is no such law or the database cannot\n"
	"be read, 2 on a usage error.\n";

/* The risk part of 'show': scores, layers, then each piece of evidence. */
static void print_risks_text(const lf_law_view *v, int color)
{
	size_t i, k;

	printf("\nRisks");
	if (!v->nrisks) {
		printf(": none found\n");
		return;
	}
	putchar('\n');
	out_risks_text(stdout, "  ", v->risks, v->nrisks, v->layers, v->nlayers);
	printf("\nEvidence\n");
	for (i = 0; i < v->nevidence; i = k) {
		out_printf(stdout, "  %s\n", v->evidence[i].category);
		for (k = i; k < v->nevidence && !strcmp(v->evidence[k].category, v->evidence[i].category); k++) {
			const lf_evidence *e = &v->evidence[k];
			out_printf(stdout, "    %s  strength %.2f  rule %s\n      ", *e->label ? e->label : e->prov_id,
			           e->strength, e->rule);
			out_snippet(stdout, e->excerpt, color);
			putchar('\n');
		}
	}
}

static int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     DB_LONG_OPTIONS,
	                                     {"toc", no_argument, 0, 't'},
	                                     {"format", required_argument, 0, 'f'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	const char *db_path = db_default();
	int c, format = FMT_TEXT, toc_only = 0, rc;
	lf_db *db = NULL;
	lf_db_opts dbo = {0};
	lf_law_view *v = NULL;
	lf_err err;
	size_t i;

	while ((c = getopt_long(argc, argv, "d:f:h", opts, NULL)) != -1) {
		if ((rc = db_option(&dbo, "show", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (c) {
		case 'd': db_path = optarg; break;
		case 't': toc_only = 1; break;
		case 'f':
			if ((format = parse_format(optarg, 1)) < 0)
				return usage_error("show", "--format: 'text' or 'json', not '%s'", optarg);
			break;
		case 'h': fputs(show_help, stdout); return 0;
		default: return usage_error("show", "%s", "invalid option");
		}
	}
	if (optind != argc - 1)
		return usage_error("show", "%s", "give exactly one LAW_ID");
	if (db_open(db_path, &dbo, &db))
		return 1;
	if ((rc = lf_show(db, argv[optind], &v, &err)) != 0) {
		db_error(&dbo, NULL, rc, err.msg);
		lf_db_close(db);
		return 1;
	}
	if (format == FMT_JSON) {
		out_law_json(stdout, v, toc_only);
		putchar('\n');
	} else {
		out_printf(stdout, "%s\n\n", v->id);
		for (i = 0; i < v->nfields; i++)
			out_printf(stdout, "  %-14s %s%s%s%s\n", v->fields[i].name, v->fields[i].value,
			           *v->fields[i].source ? "   [from " : "", v->fields[i].source,
			           *v->fields[i].source ? "]" : "");
		print_risks_text(v, isatty(1));
		printf("\nContents (%zu entries, %zu provisions indexed)\n", v->ntoc, v->nunits);
		for (i = 0; i < v->ntoc; i++) {
			const lf_toc_view *t = &v->toc[i];
			if (t->depth > 3)
				continue; /* the TOC shows the upper levels; texts show all */
			out_printf(stdout, "  %*s%s%s%s  [%s]\n", t->depth * 2, "", *t->label ? t->label : t->kind,
			           *t->heading ? " \xE2\x80\x94 " : "", t->heading, t->id);
		}
		/* a preface's and a provision's line breaks are their layout:
		 * kept (out_text); every other control character is escaped */
		if (*v->preface && !toc_only) {
			printf("\nPreface\n  ");
			out_text(stdout, v->preface);
			putchar('\n');
		}
		for (i = 0; !toc_only && i < v->nunits; i++) {
			const lf_unit_view *u = &v->units[i];
			out_printf(stdout, "\n%s%s%s  [%s]%s%s\n", *u->label ? u->label : u->kind,
			           *u->heading ? " \xE2\x80\x94 " : "", u->heading, u->id, *u->path ? "  in " : "", u->path);
			out_text(stdout, u->text);
			putchar('\n');
		}
	}
	lf_law_view_free(v);
	lf_db_close(db);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ------------------------------------------------------------------ stats */

static const char stats_help[] =
	"Usage: lexfrag stats [OPTION]...\n"
	"Count what the database holds: laws, provisions, and laws by jurisdiction,\n"
	"language, source format and year; and the index's size on disk.\n"
	"\n"
	"  -d, --db PATH           database (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"  -f, --format text|json  output (default text)\n"
	DB_HELP
	"  -h, --help              show this help\n";

static void json_counts(const char *name, const lf_count *c, size_t n, int numeric_keys)
{
	size_t i;

	printf(",\"%s\":{", name);
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', stdout);
		out_json_str(stdout, c[i].key, 0);
		printf(":%u", c[i].n);
	}
	fputc('}', stdout);
	(void)numeric_keys;
}

static void text_counts(const char *name, const lf_count *c, size_t n)
{
	size_t i;

	printf("\n%s:\n", name);
	for (i = 0; i < n; i++)
		out_printf(stdout, "  %-22s %6u\n", c[i].key, c[i].n);
}

static int cmd_stats(int argc, char **argv)
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
		printf("{\"database\":");
		out_json_str(stdout, db_path, 0);
		printf(",\"laws\":%u,\"provisions\":%u,\"shards\":%u,\"index_bytes\":%llu", s->laws,
		       s->provisions, s->shards, (unsigned long long)s->index_bytes);
		json_counts("by_jurisdiction", s->by_jurisdiction, s->njurisdiction, 0);
		json_counts("by_language", s->by_language, s->nlanguage, 0);
		json_counts("by_format", s->by_format, s->nformat, 0);
		json_counts("by_year", s->by_year, s->nyear, 1);
		json_counts("by_risk", s->by_risk, s->nrisk, 0);
		json_counts("by_layer", s->by_layer, s->nlayer, 0);
		out_shards_json(stdout, s);
		fputs("}\n", stdout);
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

/* ------------------------------------------------------------------- main */

static const char main_help[] =
	"Usage: lexfrag COMMAND [OPTION]... [ARG]...\n"
	"Search engine for the world's laws that restrict data flows.\n"
	"\n"
	"Commands:\n"
	"  index PATH...     index legislation files and directories\n"
	"  search QUERY...   ranked search, one result per law with its best provisions\n"
	"  show LAW_ID       a law's metadata, contents and provision texts\n"
	"  stats             what the database holds\n"
	"  export [QUERY]... tagged dataset of the matching laws: csv, jsonl or sqlite\n"
	"  tag PATH...       tag laws with risk categories without indexing them\n"
	"  similar --file F  laws a draft reuses, the passages aligned (or --law ID)\n"
	"  reuse             every significant reuse between laws of the database\n"
	"  serve             web pages and a JSON API over HTTP (127.0.0.1:8080)\n"
	"  shards -o STUB SHARD...  write and check the stub of a cluster of shards\n"
	"\n"
	"'lexfrag COMMAND --help' describes each.  The database is --db PATH, else\n"
	"$LEXFRAG_DB, else ./lexfrag.db.\n"
	"\n"
	"  -h, --help        show this help\n"
	"  -V, --version     show the version\n";

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		fputs(main_help, stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(main_help, stdout);
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("lexfrag %s\n", lf_version());
		return 0;
	}
	lf_init();
	argv++;
	argc--;
	if (!strcmp(cmd, "index")) return cmd_index(argc, argv);
	if (!strcmp(cmd, "search")) return cmd_search(argc, argv);
	if (!strcmp(cmd, "show")) return cmd_show(argc, argv);
	if (!strcmp(cmd, "stats")) return cmd_stats(argc, argv);
	if (!strcmp(cmd, "tag")) return cmd_tag(argc, argv);
	if (!strcmp(cmd, "export")) return cmd_export(argc, argv);
	if (!strcmp(cmd, "similar")) return cmd_similar(argc, argv);
	if (!strcmp(cmd, "reuse")) return cmd_reuse(argc, argv);
	if (!strcmp(cmd, "serve")) return cmd_serve(argc, argv);
	if (!strcmp(cmd, "shards")) return cmd_shards(argc, argv);
	out_printf(stderr, "lexfrag: '%s' is not a command.  See 'lexfrag --help'.\n", cmd);
	return EXIT_USAGE;
}
