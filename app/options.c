/*
 * options.c - the options every command that reads a database shares, the
 * search filters of search, export and the server, and the usage errors
 * (options.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "app/out.h"
#include "tagging/taxonomy.h"

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

int parse_format(const char *s, int allow_json)
{
	if (!strcmp(s, "text")) return FMT_TEXT;
	if (!strcmp(s, "jsonl") && !allow_json) return FMT_JSONL;
	if (!strcmp(s, "csv") && !allow_json) return FMT_CSV;
	if (!strcmp(s, "json") && allow_json) return FMT_JSON;
	return -1;
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
	case OPT_NO_TRANSLATE:
		so->no_translate = 1;
		return 1;
	case OPT_THESAURUS:
		so->thesaurus = arg;
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

/* Writes ids after an option's help, wrapped as the rest of the help is
 * (27 columns in, at most 54 characters of ids a line). */
static void help_list(FILE *fp, const char *const *ids, size_t n)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(ids[i]);
		if (col && col + 1 + k > 54) {
			fputc('\n', fp);
			col = 0;
		}
		out_printf(fp, "%s%s", col ? " " : "                           ", ids[i]);
		col += (col ? 1 : 0) + k;
	}
	fputc('\n', fp);
}

static void quiet(const char *msg, void *ctx)
{
	(void)msg;
	(void)ctx;
}

void filters_help(FILE *fp, const char *db_path)
{
	const char *const *cats = NULL, *const *layers = NULL, *const *formats = NULL;
	const char *tx_cats[64], *tx_layers[64];
	size_t ncats = 0, nlayers = 0;
	lf_db_opts o = {0};
	lf_taxonomy *tx = NULL;
	lf_db *db = NULL;
	lf_err err;

	/* a stub's remote shards: a short wait, and the others answer */
	o.on_warning = quiet;
	o.allow_partial = 1;
	o.timeout_ms = 2000;
	if (lf_db_open_opts(db_path, &o, &db, &err) == 0 && (ncats = lf_db_categories(db, &cats)) > 0)
		nlayers = lf_db_layers(db, &layers);
	else if (lf_taxonomy_load(NULL, &tx, &err) == 0) {
		for (size_t i = 0; i < lf_taxonomy_ncats(tx) && ncats < 64; i++)
			tx_cats[ncats++] = lf_taxonomy_cat(tx, i)->id;
		for (size_t i = 0; i < lf_taxonomy_nlayers(tx) && nlayers < 64; i++)
			tx_layers[nlayers++] = lf_taxonomy_layer(tx, i);
		cats = tx_cats;
		layers = tx_layers;
	}
	fputs("  -J, --jurisdiction CODE  only laws of this jurisdiction (repeatable: any of them)\n"
	      "  -L, --lang CODE          only laws in this language, ISO 639-1 (repeatable)\n"
	      "      --source-format NAME only laws read from this format (repeatable):\n", fp);
	/* the reader registry's names (indexer/readers/registry.c) */
	help_list(fp, formats, lf_formats(&formats));
	fputs("      --from YEAR          only laws of YEAR or later\n"
	      "      --to YEAR            only laws of YEAR or earlier\n"
	      "      --risk CATEGORY      only laws tagged with this risk category (repeatable):\n", fp);
	help_list(fp, cats, ncats);
	fputs("      --layer LAYER        only laws tagged at this Internet layer (repeatable):\n", fp);
	help_list(fp, layers, nlayers);
	fputs("      --by relevance|risk|date  ranking (default relevance; risk: the --risk\n"
	      "                           category's score, or the law's strongest, highest first;\n"
	      "                           date: newest first).  With no QUERY: by risk when --risk\n"
	      "                           is given, else by date\n"
	      "      --no-translate       search the words as written in every language; by\n"
	      "                           default free text (no operator, field, phrase or\n"
	      "                           wildcard) is searched as written in its own language\n"
	      "                           and translated into each other language of the index\n"
	      "      --thesaurus FILE     add FILE's concepts and labels to the built-in\n"
	      "                           thesaurus that translation uses (schemas/thesaurus.rng)\n", fp);
	lf_taxonomy_free(tx);
	lf_db_close(db);
}
