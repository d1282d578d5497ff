/* cmd_search.c - "lexfrag search": ranked search, one result per law. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexfrag/lexfrag.h"
#include "cli/cli.h"
#include "app/out.h"
#include "app/records.h"

static const char search_help_head[] =
	"Usage: lexfrag search [OPTION]... QUERY...\n"
	"Search the database; one result per law, best first, with its best-matching\n"
	"provisions and a highlighted snippet of each.\n"
	"\n"
	"QUERY uses Xapian's syntax: words (any may match, ranked by BM25; AND or\n"
	"+word to require one), AND OR NOT XOR (upper case), \"exact phrases\", NEAR\n"
	"and ADJ (e.g. data NEAR/5 transfer), -word, prefix*, (grouping), and fields:\n"
	"title:WORD heading:WORD jurisdiction:CODE lang:CODE format:NAME year:YYYY\n"
	"law:ID.  Free text (no operator, field, phrase or wildcard) is searched in\n"
	"every language of the index: as written in its own language, translated in\n"
	"the others (thesaurus and bilingual lexicon; the output says how); other\n"
	"queries match as written in every language, each stemmed its own way.\n"
	"Chinese and Japanese need no spaces.  Bounds: prefix* stands for its 100\n"
	"most frequent terms; a query holds at most 16 wildcards and 1,024 terms\n"
	"(past them: exit 2).\n"
	"\n"
	"  -d, --db PATH            database (default: $LEXFRAG_DB, else ./lexfrag.db)\n";
static const char search_help_tail[] =
	"  -n, --limit N            at most N laws (default 10)\n"
	"      --offset N           skip the first N laws (paging)\n"
	"      --provisions N       provisions shown per law (default 3): the best for the\n"
	"                           words, or the evidence for a --risk category or a\n"
	"                           concept the query names\n"
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
	"layers [...], provisions [{id, label, heading, kind, score, snippet}],\n"
	"query_language, translations {language: the query as searched}; matched\n"
	"words are between <mark> and </mark>.  csv has the columns id, path, title,\n"
	"jurisdiction, language, source_format, year, score, provisions, snippet, risks,\n"
	"layers (risks as category:score;..., lists ;-separated).\n"
	"Exit status: 0 on success (also with no results), 1 if the database cannot be\n"
	"read, 2 on a usage error or a bad query.\n";

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

int cmd_search(int argc, char **argv)
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
	json_w jw;
	csv_w cw;
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
		case 'h':
			/* the lists of the taxonomy of --db (given before --help) */
			fputs(search_help_head, stdout);
			filters_help(stdout, db_path);
			fputs(search_help_tail, stdout);
			return 0;
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
	json_init(&jw, stdout);
	csv_init(&cw, stdout, csv_raw);
	if (format == FMT_CSV) {
		csv_header(&cw, OUT_HIT_CSV_HEADER);
		csv_end_row(&cw);
	}
	if (format == FMT_TEXT && res->nconcepts) {
		printf("Concept%s:", res->nconcepts > 1 ? "s" : "");
		for (i = 0; i < res->nconcepts; i++)
			out_printf(stdout, " %s", res->concepts[i]);
		printf(" (laws tagged with %s match in every language)\n", res->nconcepts > 1 ? "them" : "it");
	}
	if (format == FMT_TEXT && res->query_lang) {
		/* one line: what was searched where */
		out_printf(stdout, "Searched as written in %s", res->query_lang);
		if (res->ntranslations) {
			printf("; translated:");
			for (i = 0; i < res->ntranslations; i++)
				out_printf(stdout, " %s \"%s\"%s", res->translation_langs[i], res->translations[i],
				           i + 1 < res->ntranslations ? "," : "");
		} else {
			printf("; no translation into the index's other languages is known");
		}
		printf(" (--no-translate: as written everywhere)\n");
	}
	if (format == FMT_TEXT && !res->nhits)
		printf("No laws match.\n");
	else if (format == FMT_TEXT)
		printf("About %u laws match; showing %u-%zu.\n\n", res->estimate, so->offset + 1,
		       so->offset + res->nhits);
	for (i = 0; i < res->nhits; i++) {
		if (format == FMT_TEXT)
			print_hit_text(&res->hits[i], so->offset + i + 1, isatty(1));
		else if (format == FMT_JSONL)
			out_hit_json(&jw, &res->hits[i], res);
		else
			out_hit_csv(&cw, &res->hits[i]);
	}
	rc = cw.failed; /* a cell could not be built: the output is incomplete */
	csv_free(&cw);
	lf_results_free(res);
	lf_db_close(db);
	if (rc)
		fprintf(stderr, "lexfrag: out of memory\n");
	return fflush(stdout) == 0 && !rc ? 0 : 1;
}
