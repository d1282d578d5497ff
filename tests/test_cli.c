/*
 * test_cli.c - the lexfrag command as a user runs it, on the bundled sample
 * corpus (real laws): index, search, show, stats, incremental runs, --prune,
 * usage errors, locking.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <sys/file.h>

#include "cli_util.h"
#include "lexfrag/lexfrag.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

static char *db, *dir;

/* Each test of the suite runs in its own process on a fresh index. */
static void index_corpus(void)
{
	index_sample(CORPUS, &dir, &db);
}

static void cleanup(void)
{
	remove_sample(dir, db);
}

TestSuite(cli, .init = index_corpus, .fini = cleanup, .timeout = 120);

Test(cli, stats_json_counts_every_law)
{
	cli_result r = run_sh("$LF stats --db '%s' --format json", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(strstr(r.out, "\"laws\":32,"), "%s", r.out);
	cr_assert(strstr(r.out, "\"provisions\":"));
	cr_assert(strstr(r.out, "\"by_jurisdiction\":{"));
	cr_assert(strstr(r.out, "\"de\":"));
	cr_assert(strstr(r.out, "\"by_language\":{"));
	cr_assert(strstr(r.out, "\"zh\":"), "Chinese laws counted: %s", r.out);
	cr_assert(strstr(r.out, "\"by_format\":{"));
	for (const char *const *f = (const char *const[]){"\"akn\"", "\"clml\"", "\"eurlex-html\"", "\"formex\"",
	                                                   "\"gii\"", "\"html\"", "\"markdown\"", "\"lims\"",
	                                                   "\"uslm\"", NULL};
	     *f; f++)
		cr_assert(strstr(r.out, *f), "format %s missing: %s", *f, r.out);
	cr_assert(strstr(r.out, "\"index_bytes\":"));
	cli_free(&r);
}

Test(cli, search_finds_interception_regulations)
{
	cli_result r = run_sh("$LF search --db '%s' --limit 3 \"interception of private communications\"", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "Interception of Private Communications"), "%s", r.out);
	cli_free(&r);
}

Test(cli, search_jsonl_with_filters)
{
	cli_result r = run_sh("$LF search --db '%s' --jurisdiction de --lang de --format jsonl "
	                      "\"Überwachung der Telekommunikation\"", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_gt(count_lines(r.out), 0, "no results");
	cr_assert(json_lines_ok(r.out), "%s", r.out);
	cr_assert_eq(count_lines_with(r.out, "\"jurisdiction\":\"de\""), count_lines(r.out), "%s", r.out);
	cr_assert_eq(count_lines_with(r.out, "\"language\":\"de\""), count_lines(r.out));
	for (const char *k = "\"id\":\0\"path\":\0\"title\":\0\"source_format\":\0\"year\":\0\"score\":\0"
	                     "\"snippet\":\0\"provisions\":[{\"id\":\0\"label\":\0\"heading\":\0";
	     *k; k += strlen(k) + 1)
		cr_assert(strstr(r.out, k), "field %s missing: %s", k, r.out);
	cr_assert(strstr(r.out, "<mark>"), "snippets are highlighted: %s", r.out);
	cli_free(&r);
}

Test(cli, search_across_languages_and_scripts)
{
	cli_result r = run_sh("$LF search --db '%s' --format jsonl 关键信息基础设施", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_lines_ok(r.out), "%s", r.out);
	cr_assert(strstr(r.out, "\"language\":\"zh\""), "%s", r.out);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' --format jsonl --lang id \"data pribadi\"", db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_gt(count_lines(r.out), 0);
	cr_assert(json_lines_ok(r.out), "%s", r.out);
	cr_assert_eq(count_lines_with(r.out, "\"language\":\"id\""), count_lines(r.out));
	cli_free(&r);
}

Test(cli, search_csv_is_rfc4180)
{
	cli_result r = run_sh("$LF search --db '%s' --format csv --limit 2 privacy", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	/* columns are only ever added at the end */
	cr_assert(!strncmp(r.out, "id,path,title,jurisdiction,language,source_format,year,score,provisions,snippet,"
	                          "risks,layers\r\n", 93), "%s", r.out);
	cli_free(&r);
}

Test(cli, year_filters)
{
	cli_result r = run_sh("$LF search --db '%s' --format jsonl --from 2016 --to 2016 --limit 50 data", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_gt(count_lines(r.out), 0);
	cr_assert(json_lines_ok(r.out), "%s", r.out);
	cr_assert_eq(count_lines_with(r.out, "\"year\":2016"), count_lines(r.out), "%s", r.out);
	cli_free(&r);
}

Test(cli, show_metadata_sources_toc_and_text)
{
	cli_result r = run_sh("$LF show --db '%s' BJNR185810021", db);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "Telekommunikationsgesetz"), "%s", r.out);
	cr_assert(strstr(r.out, "[from "), "field sources shown");
	cr_assert(strstr(r.out, "§ 170"), "TOC and texts hold § 170");
	cr_assert(strstr(r.out, "Contents ("));
	cli_free(&r);
	r = run_sh("$LF show --db '%s' --format json BJNR185810021", db);
	cr_assert_eq(r.status, 0);
	cr_assert(json_valid(r.out), "%.500s", r.out);
	cr_assert(strstr(r.out, "\"metadata\":{"));
	cr_assert(strstr(r.out, "\"label\":\"§ 170\""), "%s", r.out);
	cli_free(&r);
	r = run_sh("$LF show --db '%s' no/such/law", db);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "lexfrag: no/such/law: no law with this id"), "%s", r.err);
	cli_free(&r);
}

Test(cli, second_run_reads_nothing)
{
	cli_result r = run_sh("$LF index --db '%s' '%s'", db, CORPUS);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "indexed 0 of 32 files (32 unchanged, 0 failed)"), "%s", r.err);
	cli_free(&r);
}

Test(cli, bad_query_is_a_usage_error)
{
	cli_result r = run_sh("$LF search --db '%s' '\"unclosed phrase'", db);

	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unbalanced quotes"), "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' '(data OR privacy'", db);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "unbalanced parentheses"), "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF search --db '%s' 'data) privacy'", db);
	cr_assert_eq(r.status, 2);
	cli_free(&r);
}

Test(cli, writer_lock_gives_clear_error)
{
	char lock[4300];
	int fd;
	cli_result r;

	snprintf(lock, sizeof lock, "%s/lexfrag.lock", db);
	fd = open(lock, O_RDWR);
	cr_assert(fd >= 0);
	cr_assert_eq(flock(fd, LOCK_EX), 0);
	r = run_sh("$LF index --db '%s' '%s'", db, CORPUS);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "database locked"), "%s", r.err);
	cli_free(&r);
	close(fd);
	/* and the database still answers */
	r = run_sh("$LF stats --db '%s'", db);
	cr_assert_eq(r.status, 0);
	cli_free(&r);
}

Test(cli_plain, help_on_every_command, .timeout = 30)
{
	static const char *const cmds[] = {"", "index ", "search ", "show ", "stats "};

	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
		cli_result r = run_sh("$LF %s--help", cmds[i]);
		cr_assert_eq(r.status, 0, "%s--help", cmds[i]);
		cr_assert(strstr(r.out, "Usage: lexfrag"), "%s", r.out);
		cli_free(&r);
	}
}

Test(cli_plain, usage_errors_exit_2, .timeout = 30)
{
	cli_result r = run_sh("$LF frobnicate");

	cr_assert_eq(r.status, 2);
	cli_free(&r);
	r = run_sh("$LF index --jobs zero x");
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "--jobs"));
	cli_free(&r);
	r = run_sh("$LF search --db /nonexistent/db privacy");
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "lexfrag: /nonexistent/db: no such database"), "%s", r.err);
	cli_free(&r);
}

Test(cli_plain, prune_drops_laws_whose_files_are_gone, .timeout = 120)
{
	char *dir = scratch_dir();
	cli_result r;

	r = run_sh("mkdir -p '%s/tree' && cp '%s'/de/G10_2001_BJNR125410001.xml '%s'/ca/CRC_c440_en.xml '%s/tree/' && "
	           "$LF index -q --db '%s/db' '%s/tree' && rm '%s/tree/G10_2001_BJNR125410001.xml' && "
	           "$LF index --prune --db '%s/db' '%s/tree' && $LF stats --db '%s/db' --format json",
	           dir, CORPUS, CORPUS, dir, dir, dir, dir, dir, dir, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "pruned 1 laws"), "%s", r.err);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(strstr(r.out, "\"laws\":1,"), "%s", r.out);
	cli_free(&r);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
}

Test(cli_plain, changed_file_is_read_again, .timeout = 120)
{
	char *dir = scratch_dir();
	cli_result r;

	r = run_sh("mkdir -p '%s/tree' && cp '%s'/ca/CRC_c440_en.xml '%s'/de/G10_2001_BJNR125410001.xml '%s/tree/' && "
	           "$LF index -q --db '%s/db' '%s/tree' && touch -d '2001-01-01' '%s/tree/CRC_c440_en.xml' && "
	           "$LF index --db '%s/db' '%s/tree'",
	           dir, CORPUS, CORPUS, dir, dir, dir, dir, dir, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "indexed 1 of 2 files (1 unchanged, 0 failed)"), "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF stats --db '%s/db' --format json", dir);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(strstr(r.out, "\"laws\":2,"), "re-indexing replaced the law, did not add one: %s", r.out);
	cli_free(&r);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
}

/* Issue 17, item 6: "mkdir -p v/s1; echo x > v/s1/notes.txt; lexfrag index
 * --db v" exited 0 and compaction removed v/s1 with notes.txt.  A directory
 * that is not a lexfrag database and not empty is refused, untouched. */
Test(cli_plain, a_directory_that_is_not_a_database_is_refused, .timeout = 120)
{
	char *dir = scratch_dir();
	cli_result r;

	r = run_sh("cd '%s' && mkdir -p tree v/s1 w && cp '%s'/ca/CRC_c440_en.xml tree/ && echo x > v/s1/notes.txt && "
	           "$LF index --db v tree",
	           dir, CORPUS);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert_eq(count_lines(r.err), 1, "one line: %s", r.err);
	cr_assert(strstr(r.err, "lexfrag: v: is not a lexfrag database"), "%s", r.err);
	cli_free(&r);
	r = run_sh("cd '%s' && cat v/s1/notes.txt && ls -A v v/s1", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "x\nv:\ns1\n\nv/s1:\nnotes.txt\n", "v is left as it was");
	cli_free(&r);
	/* an empty directory is a new database */
	r = run_sh("cd '%s' && $LF index --db w tree && test -e w/XAPIANDB", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
}

/* Compaction and the clean-up of shards left by a killed run remove only
 * shard directories lexfrag made: Xapian's files, lexfrag's metadata.  A
 * shard directory holding anything else is named and kept. */
Test(cli_plain, compaction_removes_only_shards_lexfrag_made, .timeout = 120)
{
	char *dir = scratch_dir();
	cli_result r;

	r = run_sh("cd '%s' && mkdir tree && cp '%s'/ca/CRC_c440_en.xml '%s'/de/G10_2001_BJNR125410001.xml tree/ && "
	           "$LF index -q --shards 1 --db db tree && cat db/XAPIANDB && "
	           /* the name the next compaction would take, with a user's file */
	           "mkdir db/s0.2 && echo x > db/s0.2/notes.txt && "
	           /* a stale copy of lexfrag's shard, and a Xapian database without lexfrag's metadata */
	           "cp -r db/s0.1 db/s0.5 && cp -r db/s0.1 db/s0.6 && xapian-metadata set db/s0.6 lexfrag:schema ''",
	           dir, CORPUS, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "auto s0.1\n");
	cli_free(&r);
	r = run_sh("cd '%s' && $LF index --force --db db tree", dir);
	cr_assert_eq(r.status, 1, "a directory kept is reported in the exit status: %s", r.err);
	cr_expect_eq(count_lines_with(r.err, "db/s0.2: not removed"), 1, "%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "notes.txt, which lexfrag did not make"), 1, "%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "db/s0.6: not removed"), 1, "%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "not removed"), 2, "%s", r.err);
	cli_free(&r);
	r = run_sh("cd '%s' && cat db/XAPIANDB db/s0.2/notes.txt && ls db", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "auto s0.3\nx\nXAPIANDB\nlexfrag.lock\ns0.2\ns0.3\ns0.6\n",
	                 "s0.1 (replaced) and s0.5 (stale, lexfrag's) removed; s0.2 skipped");
	cli_free(&r);

	/* the shard in use, with a user's file in it: replaced, not removed */
	r = run_sh("cd '%s' && rm -r db/s0.2 db/s0.6 && echo y > db/s0.3/notes.txt && $LF index --force --db db tree", dir);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "db/s0.3: not removed"), 1, "%s", r.err);
	cli_free(&r);
	r = run_sh("cd '%s' && cat db/XAPIANDB db/s0.3/notes.txt && $LF stats --db db --format json", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(!strncmp(r.out, "auto s0.4\ny\n", 12), "%s", r.out);
	cr_assert(json_valid(r.out + 12), "%s", r.out);
	cr_assert(strstr(r.out, "\"laws\":2,"), "%s", r.out);
	cli_free(&r);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
}

/* ------------------------------------------------ what the emitter promises */

/* Writes, into dir, a taxonomy of 40 categories whose ids are 61 bytes
 * long, each tagging "frobnicate", and a law with 40 provisions that say it:
 * the law carries every category, so its risks cell is 2.7 KB. */
static void write_wide_tree(const char *dir)
{
	cli_result r = run_sh(
		"cd '%s' && mkdir -p tree/xx && "
		"{ echo '<taxonomy xmlns=\"urn:lexfrag:taxonomy:1\" version=\"1\"><layer id=\"orbit\">"
		"<description>x</description></layer><language id=\"en\" window=\"14\"><binding>shall</binding>"
		"</language>'; for i in $(seq 10 49); do echo \"<category id=\\\"c$i-a-category-whose-name-is-long-"
		"enough-to-fill-a-cell-quickly\\\" layers=\\\"orbit\\\"><description>x</description><rules "
		"lang=\\\"en\\\"><rule id=\\\"r$i\\\" weight=\\\"0.9\\\" window=\\\"8\\\"><terms>"
		"frobnicate</terms></rule></rules></category>\"; done; echo '</taxonomy>'; } > wide.xml && "
		"{ echo '# Frobnication Act'; for i in $(seq 1 40); do printf '\\nArticle %%s\\n\\nEvery operator "
		"shall frobnicate widget %%s.\\n' $i $i; done; } > tree/xx/frob.md && "
		"$LF index -q --db db --taxonomy wide.xml tree",
		dir);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
}

/* out_csv_risks once cut the risks cell at 2 KiB without a word: every
 * CSV cell is written whole, in search and export alike. */
Test(emit, csv_cells_are_written_whole, .timeout = 120)
{
	char *dir = scratch_dir();
	cli_result r;

	write_wide_tree(dir);
	/* the risks cell (11th column) of search and export: 40 categories */
	r = run_sh("cd '%s' && $LF search --db db --format jsonl frobnicate | jq '.risks | length' && "
	           "$LF search --db db --format csv frobnicate | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); "
	           "print(len(r[1][10].split(\";\")), len(r[1][10]))' && "
	           "$LF export --db db --format csv | python3 -c 'import csv,sys; r=list(csv.reader(sys.stdin)); "
	           "print(len(r[1][10].split(\";\")))'",
	           dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "40\n40 2799\n40\n", "the cells were cut");
	cli_free(&r);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
}

/* The lists of categories and layers come from the loaded taxonomy: a
 * database tagged with a custom --taxonomy shows its own in the help of
 * search and export and in /api/taxonomy. */
Test(emit, lists_come_from_the_loaded_taxonomy, .timeout = 120)
{
	char *dir = scratch_dir(), db_path[4200];
	cli_result r;
	pid_t server;
	int port;

	r = run_sh("$LF index -q --db '%s/db' --taxonomy '%s/taxonomy/orbital.xml' '%s/de'", dir, LF_TEST_DATA, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	for (const char *const *cmd = (const char *const[]){"search", "export", NULL}; *cmd; cmd++) {
		r = run_sh("$LF %s --db '%s/db' --help", *cmd, dir);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cr_assert(strstr(r.out, "(repeatable):\n                           orbital-data-rule ground-station-rule\n"),
		          "%s: %s", *cmd, r.out);
		cr_assert(strstr(r.out, "(repeatable):\n                           orbit ground\n"), "%s: %s", *cmd, r.out);
		cr_assert_null(strstr(r.out, "data-localization"), "%s: %s", *cmd, r.out);
		cli_free(&r);
	}
	/* without a database, the built-in taxonomy's */
	r = run_sh("cd '%s' && LEXFRAG_DB= $LF search --help", dir);
	cr_assert(strstr(r.out, "                           data-localization transfer-restriction shutdown\n"), "%s", r.out);
	cr_assert(strstr(r.out, "                           physical network transport application content\n"), "%s", r.out);
	cli_free(&r);
	snprintf(db_path, sizeof db_path, "%s/db", dir);
	server = serve_start_any(db_path, NULL, &port);
	cr_assert_gt(server, 0, "the server did not start");
	r = run_sh("curl -sf http://127.0.0.1:%d/api/taxonomy", port);
	serve_stop(server);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert_str_eq(r.out, "{\"categories\":[\"orbital-data-rule\",\"ground-station-rule\"],"
	                        "\"layers\":[\"orbit\",\"ground\"]}\n");
	cli_free(&r);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
}

/* The --source-format list of the help is the reader registry's: every
 * format lf_formats names, and only those, in its order. */
Test(emit, source_formats_come_from_the_registry)
{
	const char *const *names;
	size_t n = lf_formats(&names);
	char want[1024] = "";
	const char *at, *end;
	cli_result r = run_sh("$LF search --help");

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_gt(n, 10);
	for (size_t i = 0; i < n; i++)
		snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s", i ? " " : "", names[i]);
	at = strstr(r.out, "--source-format NAME");
	cr_assert_not_null(at, "%s", r.out);
	at = strchr(at, '\n') + 1;
	end = strstr(at, "      --from");
	cr_assert_not_null(end, "%s", r.out);
	{
		/* the listed names, the layout's line breaks and indents folded */
		char got[1024];
		size_t k = 0;
		for (const char *p = at; p < end && k + 1 < sizeof got; p++)
			if (*p == ' ' || *p == '\n') {
				if (k && got[k - 1] != ' ')
					got[k++] = ' ';
			} else
				got[k++] = *p;
		while (k && got[k - 1] == ' ')
			k--;
		got[k] = '\0';
		cr_assert_str_eq(got, want);
	}
	cli_free(&r);
}
