/* cmd_show.c - "lexfrag show": what the index holds about one law. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexfrag/lexfrag.h"
#include "cli/cli.h"
#include "app/out.h"
#include "app/records.h"

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

int cmd_show(int argc, char **argv)
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
		json_w jw;
		json_init(&jw, stdout);
		out_law_json(&jw, v, toc_only);
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
