/* cmd_tag.c - "lexfrag tag": tag laws with the risk taxonomy, no index. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "lexfrag/lexfrag.h"
#include "app/out.h"
#include "app/records.h"

static const char tag_help[] =
	"Usage: lexfrag tag [OPTION]... PATH...\n"
	"Tag the laws in PATHs (files or directories, any format 'lexfrag index'\n"
	"reads) with the risk taxonomy, without indexing them: each law's score per\n"
	"risk category, its Internet layers, and the evidence (provision, rule,\n"
	"strength, the matched words).  This is what 'lexfrag index' stores.\n"
	"\n"
	"      --taxonomy FILE  risk taxonomy (default: the built-in one, from\n"
	"                       schemas/taxonomy.xml); validated on load\n"
	"      --lang LANG      the laws are in LANG (ISO 639-1: en, de, zh...), whatever\n"
	"                       their text looks like; a law whose language is not\n"
	"                       detected (a text of a dozen words) and no --lang is\n"
	"                       tagged with the rules of every language\n"
	"      --check          only validate the taxonomy and exit\n"
	"      --all            also list laws with no risk found\n"
	"      --provisions     with tsv: one line per piece of evidence instead:\n"
	"                       path, id, category, provision label, strength, rule\n"
	"      --max-bytes SIZE refuse files larger than SIZE once decompressed\n"
	"                       (default 256M; K, M, G; from 1 to 64G)\n"
	"      --follow-symlinks  follow symbolic links that lead out of PATHs too\n"
	"                       (by default such a link is named on stderr and skipped)\n"
	"  -f, --format text|jsonl|tsv   output (default text)\n"
	"  -h, --help           show this help\n"
	"\n"
	"tsv: one line per law: path, id, language, tagged categories (comma-separated,\n"
	"or -), all scores (category=score, comma-separated).  jsonl: one object per\n"
	"law: path, id, title, jurisdiction, language, rules_language (the language\n"
	"whose rules tagged it, or * for every language's), risks {category: score},\n"
	"layers [...], evidence [{category, strength, provision, label, rule, spans,\n"
	"text}], risk_basis {category: {score, strongest, provisions, subject, tagged}}\n"
	"(what each score, weak ones too, is made of).  A text with no provisions the\n"
	"reader can find is tagged whole, as one unit labelled Preface.\n"
	"Exit status: 0 if all went well, 1 if some file failed, 2 on a usage error\n"
	"or an invalid taxonomy.\n";

typedef struct tag_ui {
	int format, all, color, provisions;
} tag_ui;

static void tag_error(const char *path, const char *msg, void *ctx)
{
	(void)ctx;
	out_printf(stderr, "lexfrag: %s: %s\n", path, msg);
}

static void print_text(const lf_tagged_law *t, const tag_ui *ui)
{
	size_t i;

	out_printf(stdout, ui->color ? "\033[1m%s\033[0m\n" : "%s\n", *t->title ? t->title : t->id);
	out_printf(stdout, "   %s | %s | %s\n", t->id, *t->language ? t->language : "-", t->path);
	if (t->rules_language && !strcmp(t->rules_language, "*"))
		printf("   language not detected: tagged with the rules of every language\n");
	if (!t->nrisks)
		printf("   no risk found\n");
	out_risks_text(stdout, "   ", t->risks, t->nrisks, t->layers, t->nlayers);
	for (i = 0; i < t->nevidence; i++) {
		const lf_evidence *e = &t->evidence[i];
		out_printf(stdout, "   - %s %.2f %s [%s]: ", e->category, e->strength, *e->label ? e->label : e->prov_id,
		           e->rule);
		out_snippet(stdout, e->excerpt, ui->color);
		putchar('\n');
	}
	putchar('\n');
}

/* tsv fields go through out_printf: a tab or a newline in a file name
 * shows as \t or \n and cannot split a field or a line. */
static void print_tsv(const lf_tagged_law *t)
{
	size_t i, k = 0;

	out_printf(stdout, "%s\t%s\t%s\t", t->path, t->id, *t->language ? t->language : "-");
	for (i = 0; i < t->nrisks; i++)
		if (t->risks[i].tagged)
			out_printf(stdout, "%s%s", k++ ? "," : "", t->risks[i].category);
	if (!k)
		putchar('-');
	putchar('\t');
	for (i = 0; i < t->nrisks; i++)
		out_printf(stdout, "%s%s=%.3f", i ? "," : "", t->risks[i].category, t->risks[i].score);
	if (!t->nrisks)
		putchar('-');
	putchar('\n');
}

/* tsv --provisions: path, id, category, label, strength, rule */
static void print_tsv_evidence(const lf_tagged_law *t)
{
	for (size_t i = 0; i < t->nevidence; i++) {
		const lf_evidence *e = &t->evidence[i];
		out_printf(stdout, "%s\t%s\t%s\t%s\t%.3f\t%s\n", t->path, t->id, e->category,
		           *e->label ? e->label : e->prov_id, e->strength, e->rule);
	}
}

static void on_law(const lf_tagged_law *t, void *ctx)
{
	const tag_ui *ui = ctx;
	int any = 0;

	for (size_t i = 0; i < t->nrisks; i++)
		any |= t->risks[i].tagged;
	if (ui->format == FMT_TSV && ui->provisions)
		print_tsv_evidence(t);
	else if (ui->format == FMT_TSV)
		print_tsv(t);
	else if (!any && !ui->all)
		return;
	else if (ui->format == FMT_JSONL) {
		json_w jw;
		json_init(&jw, stdout);
		out_tagged_json(&jw, t);
	}
	else if (ui->format == FMT_TEXT)
		print_text(t, ui);
}

int cmd_tag(int argc, char **argv)
{
	static const struct option opts[] = {
		{"taxonomy", required_argument, 0, 'T'}, {"check", no_argument, 0, 'C'}, {"lang", required_argument, 0, 'l'},
		{"all", no_argument, 0, 'a'}, {"provisions", no_argument, 0, 'p'}, {"max-bytes", required_argument, 0, 'M'},
		{"follow-symlinks", no_argument, 0, 'L'}, {"format", required_argument, 0, 'f'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	lf_tag_opts o;
	tag_ui ui = {FMT_TEXT, 0, isatty(1), 0};
	lf_err err;
	size_t failed = 0;
	int c, check = 0, rc;

	memset(&o, 0, sizeof o);
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'T': o.taxonomy = optarg; break;
		case 'l': o.lang = optarg; break;
		case 'C': check = 1; break;
		case 'a': ui.all = 1; break;
		case 'p': ui.provisions = 1; break;
		case 'L': o.follow_symlinks = 1; break;
		case 'M':
			if (!(o.max_bytes = parse_size(optarg)))
				return usage_error("tag", "--max-bytes: not a size (" SIZE_ARG_HELP "): '%s'", optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "tsv"))
				ui.format = FMT_TSV;
			else if ((ui.format = parse_format(optarg, 0)) < 0 || ui.format == FMT_CSV)
				return usage_error("tag", "unknown format '%s' (text, jsonl or tsv)", optarg);
			break;
		case 'h': fputs(tag_help, stdout); return 0;
		default: fprintf(stderr, "Try 'lexfrag tag --help'.\n"); return EXIT_USAGE;
		}
	}
	if (check) {
		if ((rc = lf_taxonomy_check(o.taxonomy, &err)) != 0) {
			out_printf(stderr, "lexfrag: %s\n", err.msg);
			return EXIT_USAGE;
		}
		out_printf(stdout, "%s: valid\n", o.taxonomy ? o.taxonomy : "built-in taxonomy");
		return 0;
	}
	if (optind >= argc)
		return usage_error("tag", "%s", "no PATH given");
	o.roots = (const char *const *)argv + optind;
	o.nroots = (size_t)(argc - optind);
	o.on_error = tag_error;
	o.on_law = on_law;
	o.ctx = &ui;
	if ((rc = lf_tag_run(&o, &failed, &err)) != 0) {
		out_printf(stderr, "lexfrag: %s\n", err.msg);
		return rc == LF_EFORMAT || rc == LF_EINVAL ? EXIT_USAGE : 1;
	}
	return failed ? 1 : 0;
}
