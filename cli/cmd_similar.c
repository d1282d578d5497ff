/* cmd_similar.c - "lexfrag similar": the laws a draft reuses, passages aligned. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lexfrag/lexfrag.h"
#include "app/out.h"
#include "app/records.h"

static const char similar_help[] =
	"Usage: lexfrag similar [OPTION]... --file FILE | --law LAW_ID\n"
	"Find the laws a draft bill copies or resembles, best first, each with the\n"
	"reused passages aligned side by side: the draft's span and the law's\n"
	"provision (its label as printed), the equal words marked, a score each.\n"
	"Edited reuse is found: substituted names, changed numbers, dropped or\n"
	"reordered sentences, a draft assembled from several laws.  A draft that\n"
	"translates a law of another language finds it too: its provisions that no\n"
	"law of its own language explains are translated and aligned on the\n"
	"translations (such passages are marked translated).\n"
	"\n"
	"  -d, --db PATH          database (default: $LEXFRAG_DB, else ./lexfrag.db)\n"
	"      --file FILE        the draft: any format 'lexfrag index' reads, or plain\n"
	"                         text (numbered paragraphs); - for standard input\n"
	"      --law LAW_ID       a law of the index as the draft: the laws that reuse\n"
	"                         it or that it reuses\n"
	"  -L, --lang CODE        the draft's language (default: detected)\n"
	"  -n, --limit N          at most N laws (default 10)\n"
	"      --min-score S      least alignment score of a passage (default 20: about\n"
	"                         ten equal words in a row; twice that for Chinese,\n"
	"                         Japanese or Korean, aligned by character)\n"
	"      --taxonomy FILE    tag the draft with this taxonomy (default built-in)\n"
	"      --max-bytes SIZE   refuse a larger draft, once decompressed (default\n"
	"                         256M; K, M, G; from 1 to 64G)\n"
	"  -f, --format text|jsonl   output (default text)\n"
	DB_HELP
	"  -h, --help             show this help\n"
	"\n"
	"A law's score is the share of the draft's words its passages cover (0-1).\n"
	"A law that covers most of the draft and is about as long is the draft itself\n"
	"in another format or version: it is marked near-duplicate, not precedent.\n"
	"The draft's own risk tags (the taxonomy of 'lexfrag index') are shown first.\n"
	"jsonl: a first line {\"draft\": {title, language, units, tokens, partial,\n"
	"risks, evidence}} (partial: the draft was too large to align in full), then\n"
	"one object per law: id, path, title, jurisdiction, language, year, score,\n"
	"near_duplicate, risks, layers, passages [{label, provision, heading, text,\n"
	"draft_label, draft_text, score, matched, translated}]; matched\n"
	"words between <mark> and </mark>; translated (true) only on passages aligned\n"
	"on the translation of the draft's words.\n"
	"Exit status: 0 on success (also with no similar law), 1 if the draft or the\n"
	"database cannot be read, 2 on a usage error.\n";

static void print_text(const lf_similar_results *res, const lf_draft_info *di, int color)
{
	const lf_tagged_law *t = di->tags;
	size_t i, k;

	out_printf(stdout, "Draft: %s (%s, %zu provisions, %zu words)\n", *di->title ? di->title : di->path,
	           *di->language ? di->language : "language unknown: tagged with every language's rules", di->units,
	           res->draft_tokens);
	for (i = 0, k = 0; i < t->nrisks; i++)
		if (t->risks[i].tagged)
			out_printf(stdout, "%s %s %.2f", k++ ? "," : "Draft risks:", t->risks[i].category, t->risks[i].score);
	printf("%s\n", k ? "" : "Draft risks: none found");
	for (i = 0; i < t->nevidence; i++) {
		out_printf(stdout, "   %s in %s: ", t->evidence[i].category,
		           *t->evidence[i].label ? t->evidence[i].label : t->evidence[i].prov_id);
		out_snippet(stdout, t->evidence[i].excerpt, color);
		putchar('\n');
	}
	if (res->partial)
		printf("Note: the draft is too large to compare in full (more than %.0e alignment cells): the\n"
		       "weakest candidates were not aligned, so the list may miss laws.\n", LF_SIMILAR_MAX_CELLS);
	if (!res->nhits) {
		printf("\nNo law reuses this draft (%zu candidates aligned).\n", res->candidates);
		return;
	}
	for (i = 0; i < res->nhits; i++) {
		const lf_similar_hit *h = &res->hits[i];
		out_printf(stdout, color ? "\n%zu. \033[1m%s\033[0m\n" : "\n%zu. %s\n", i + 1,
		           *h->title ? h->title : h->id);
		out_printf(stdout, "   %s | %s | %s | %s | %s | score %.2f (%.0f%% of the draft)%s\n", h->id,
		           *h->jurisdiction ? h->jurisdiction : "-", *h->language ? h->language : "-",
		           *h->year ? h->year : "-", h->format, h->score, 100 * h->score,
		           h->near_duplicate ? " | NEAR-DUPLICATE: the draft's own text, not precedent" : "");
		out_printf(stdout, "   %s\n", h->path);
		if (h->nrisks) {
			printf("   risks:");
			for (k = 0; k < h->nrisks; k++)
				out_printf(stdout, " %s %.2f%s", h->risks[k].category, h->risks[k].score,
				           k + 1 < h->nrisks ? "," : "");
			putchar('\n');
		}
		for (k = 0; k < h->npassages; k++) {
			const lf_passage *p = &h->passages[k];
			out_printf(stdout, "   -- draft %s  <->  %s%s%s  [%s]  score %.1f, %u equal words%s\n",
			           *p->draft_label ? p->draft_label : p->draft_id, *p->label ? p->label : p->prov_id,
			           *p->heading ? " \xE2\x80\x94 " : "", p->heading, p->prov_id, p->score, p->matched,
			           p->translated ? " (translated)" : "");
			printf("      draft: ");
			out_snippet(stdout, p->draft_text, color);
			printf("\n      law:   ");
			out_snippet(stdout, p->text, color);
			putchar('\n');
		}
	}
}

/* jsonl: {"draft": {...}}, then one line per law. */
static void print_jsonl(const lf_similar_results *res, const lf_draft_info *di)
{
	json_w jw;

	json_init(&jw, stdout);
	json_begin_object(&jw);
	json_key(&jw, "draft");
	out_similar_draft_json(&jw, res, di);
	json_end_object(&jw);
	for (size_t i = 0; i < res->nhits; i++)
		out_similar_hit_json(&jw, &res->hits[i]);
}

int cmd_similar(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"file", required_argument, 0, 'F'},
		{"law", required_argument, 0, 'W'}, {"lang", required_argument, 0, 'L'},
		{"limit", required_argument, 0, 'n'}, {"min-score", required_argument, 0, 'm'},
		{"taxonomy", required_argument, 0, 'T'}, {"max-bytes", required_argument, 0, 'M'},
		{"format", required_argument, 0, 'f'}, DB_LONG_OPTIONS,
		{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *db_path = db_default(), *file = NULL, *law = NULL, *lang = NULL, *tax = NULL;
	lf_similar_opts so;
	lf_similar_results *res = NULL;
	lf_draft *d = NULL;
	lf_draft_info di;
	lf_db *db = NULL;
	lf_db_opts dbo = {0};
	lf_err err;
	size_t max_bytes = 0;
	int c, format = FMT_TEXT, rc;
	long v;

	memset(&so, 0, sizeof so);
	while ((c = getopt_long(argc, argv, "d:L:n:f:h", opts, NULL)) != -1) {
		if ((rc = db_option(&dbo, "similar", c, optarg)) != 0) {
			if (rc < 0)
				return -rc;
			continue;
		}
		switch (c) {
		case 'd': db_path = optarg; break;
		case 'F': file = optarg; break;
		case 'W': law = optarg; break;
		case 'L': lang = optarg; break;
		case 'T': tax = optarg; break;
		case 'n':
			if ((v = parse_num(optarg)) <= 0 || v > 10000)
				return usage_error("similar", "--limit: not a number from 1 to 10000: '%s'", optarg);
			so.limit = (unsigned)v;
			break;
		case 'm':
			if (parse_decimal(optarg, 0.001, 1e6, &so.min_passage))
				return usage_error("similar", "--min-score: not a number from 0.001 to 1000000: '%s'", optarg);
			break;
		case 'M':
			if (!(max_bytes = parse_size(optarg)))
				return usage_error("similar", "--max-bytes: not a size (" SIZE_ARG_HELP "): '%s'", optarg);
			break;
		case 'f':
			if ((format = parse_format(optarg, 0)) < 0 || format == FMT_CSV)
				return usage_error("similar", "--format: 'text' or 'jsonl', not '%s'", optarg);
			break;
		case 'h': fputs(similar_help, stdout); return 0;
		default: return usage_error("similar", "%s", "invalid option");
		}
	}
	if (optind < argc)
		return usage_error("similar", "unexpected argument '%s'", argv[optind]);
	if (!!file == !!law)
		return usage_error("similar", "%s", "give --file FILE or --law LAW_ID (one of them)");
	if (db_open(db_path, &dbo, &db))
		return 1;
	rc = file ? lf_draft_read(file, lang, tax, max_bytes, &d, &err) : lf_draft_from_law(db, law, &d, &err);
	if (!rc)
		rc = lf_similar(db, d, &so, &res, &err);
	if (rc) {
		db_error(&dbo, NULL, rc, err.msg);
		lf_draft_free(d);
		lf_db_close(db);
		return rc == LF_EFORMAT && tax ? EXIT_USAGE : 1;
	}
	lf_draft_describe(d, &di);
	if (format == FMT_JSONL)
		print_jsonl(res, &di);
	else
		print_text(res, &di, isatty(1));
	lf_similar_results_free(res);
	lf_draft_free(d);
	lf_db_close(db);
	return fflush(stdout) == 0 ? 0 : 1;
}
