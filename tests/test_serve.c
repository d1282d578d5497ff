/*
 * test_serve.c - 'lexfrag serve' over real HTTP (curl from the test): every
 * API endpoint and page, bad queries (400), unknown laws (404), oversized
 * drafts (413), wrong methods (405), escaping of a law whose title holds
 * <script>, downloads in the three export formats, and a clean stop on
 * SIGTERM.  The server indexes corpus/ plus one hostile file.
 */
#include <criterion/criterion.h>
#include <signal.h>

#include "cli_util.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

static char *dir, *db;
static int port;
static pid_t server;

static void start(void)
{
	cli_result r;

	dir = scratch_dir();
	db = malloc(4200);
	snprintf(db, 4200, "%s/db", dir);
	r = run_sh("$LF index -q --db '%s' '%s' '%s/web/hostile_title.md'", db, CORPUS, LF_TEST_DATA);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	server = serve_start_any(db, (const char *const[]){"--threads", "2", "--max-draft", "64K", NULL}, &port);
	cr_assert_gt(server, 0, "the server did not start");
}

static void stop(void)
{
	cli_result r;

	serve_stop(server);
	r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(db);
	free(dir);
}

TestSuite(serve, .init = start, .fini = stop, .timeout = 120);

/* Asserts that the body of out (curl's output before its last line, "HTTP
 * <code> ...") parses as JSON, one value per line (jsonl_ok). */
static void assert_json_body(const char *what, const char *out)
{
	const char *end = out + strlen(out), *last = end;
	char *body;

	while (last > out && last[-1] != '\n')
		last--;
	cr_assert(last > out && !strncmp(last, "HTTP ", 5), "%s: no status line: %.300s", what, out);
	body = strndup(out, (size_t)(last - out - 1)); /* the newline before it is curl's */
	cr_assert(json_lines_ok(body), "%s: not JSON: %.500s", what, body);
	free(body);
}

/* curl -s with the status code and the type appended as a last line "HTTP
 * <code> <type>"; a JSON answer (application/json, JSON Lines) is parsed. */
static cli_result get(const char *path)
{
	cli_result r = run_sh("curl -s -w '\\nHTTP %%{http_code} %%{content_type}' 'http://127.0.0.1:%d%s'", port, path);
	const char *st = strrchr(r.out, '\n');

	if (st && (strstr(st, " application/json") || strstr(st, " application/x-ndjson")))
		assert_json_body(path, r.out);
	return r;
}

Test(serve, api_search_and_errors)
{
	cli_result r = get("/api/search?q=personal%20data&risk=transfer-restriction&limit=3");

	cr_assert(strstr(r.out, "\"estimate\":"), "%s", r.out);
	cr_assert(strstr(r.out, "\"hits\":[{\"id\":"), "%s", r.out);
	cr_assert(strstr(r.out, "\"risks\":{\"transfer-restriction\":") || strstr(r.out, "\"transfer-restriction\":0."),
	          "%s", r.out);
	cr_assert(strstr(r.out, "HTTP 200 application/json"), "%s", r.out);
	cli_free(&r);
	r = get("/api/search?q=%22unclosed");
	cr_assert(strstr(r.out, "{\"error\":") && strstr(r.out, "HTTP 400"), "%s", r.out);
	cli_free(&r);
	r = get("/api/search?q=x&risk=teleportation");
	cr_assert(strstr(r.out, "unknown risk category") && strstr(r.out, "HTTP 400"), "%s", r.out);
	cli_free(&r);
	r = get("/api/search?q=x&by=popularity");
	cr_assert(strstr(r.out, "HTTP 400"), "%s", r.out);
	cli_free(&r);
}

/* One validation of the numbers for the command line, the API and the
 * pages (cli/args.c): 400 with the reason, never a wrapped number (issue
 * 17, item 11: offset=-1 answered offset 4294967295). */
Test(serve, numeric_arguments_are_checked)
{
	static const struct {
		const char *query, *why;
	} bad[] = {{"offset=-1", "offset: a whole number from 0 to 10000000"},
	           {"offset=99999999999", "offset: a whole number from 0 to 10000000"},
	           {"offset=%2B1", "offset: "},
	           {"offset=%201", "offset: "},
	           {"offset=1x", "offset: "},
	           {"offset=0&offset=-1", "offset: "},
	           {"limit=0", "limit: a whole number from 1 to 1000"},
	           {"limit=1001", "limit: "},
	           {"limit=1e2", "limit: "},
	           {"limit=-4294967295", "limit: "},
	           {"from=-2000", "from: a whole number from 0 to 9999"},
	           {"to=20x", "to: "},
	           {"to=99999999999999999999", "to: "},
	           {"facets=yes", "facets: 0 or 1"}};
	char path[300];
	cli_result r;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(path, sizeof path, "/api/search?q=data&%s", bad[i].query);
		r = get(path);
		cr_assert(strstr(r.out, "HTTP 400 application/json"), "%s: %s", path, r.out);
		cr_assert(strstr(r.out, bad[i].why), "%s: %s", path, r.out);
		cli_free(&r);
		snprintf(path, sizeof path, "/?q=data&%s", bad[i].query);
		r = get(path);
		cr_assert(strstr(r.out, "HTTP 400 text/html"), "%s: %.300s", path, r.out);
		cr_assert(strstr(r.out, bad[i].why), "%s: the page does not say why", path);
		cli_free(&r);
	}
	r = get("/?offset=-1");
	cr_assert(strstr(r.out, "HTTP 400") && strstr(r.out, "offset: a whole number"), "%.300s", r.out);
	cli_free(&r);
	r = get("/api/export?format=csv&provisions=2");
	cr_assert(strstr(r.out, "HTTP 400") && strstr(r.out, "provisions: 0 or 1"), "%s", r.out);
	cli_free(&r);
	r = get("/api/export?format=csv&offset=-1");
	cr_assert(strstr(r.out, "HTTP 400") && strstr(r.out, "offset: "), "%s", r.out);
	cli_free(&r);
	/* good values, empty ones (the page's form sends from=&to=) and a bare flag */
	r = get("/api/search?q=data&offset=1&limit=2&from=&to=&facets");
	cr_assert(strstr(r.out, "HTTP 200"), "%s", r.out);
	cr_assert(strstr(r.out, "\"offset\":1,"), "%.300s", r.out);
	cr_assert(strstr(r.out, "\"facets\":{"), "%.300s", r.out);
	cli_free(&r);
	r = get("/?q=data&from=&to=&offset=0");
	cr_assert(strstr(r.out, "HTTP 200"), "%.300s", r.out + strlen(r.out) - 100);
	cli_free(&r);
}

Test(serve, facets_count_the_matches)
{
	cli_result all = get("/api/search?q=data&facets=1&limit=1");
	cli_result sv = get("/api/search?q=data&risk=transfer-restriction&limit=100");
	const char *f = strstr(all.out, "\"by_risk\":{"), *t;
	int n = 0;

	cr_assert(f, "%s", all.out);
	t = strstr(f, "\"transfer-restriction\":");
	cr_assert(t, "%s", f);
	/* the facet's count is what the filtered search finds */
	for (const char *p = sv.out; (p = strstr(p, "\"source_format\":")) != NULL; p++)
		n++;
	cr_assert_eq(atoi(t + strlen("\"transfer-restriction\":")), n, "%.300s / %d", t, n);
	cr_assert(strstr(all.out, "\"by_year\":{\""), "%s", all.out);
	cli_free(&all);
	cli_free(&sv);
	/* the page draws the year histogram of the matches */
	all = get("/?q=data");
	cr_assert(strstr(all.out, "aria-label=\"Matching laws by year\""), "no histogram");
	cli_free(&all);
}

Test(serve, api_law_stats_taxonomy)
{
	cli_result r = get("/api/law/cn/pipl_2021");

	cr_assert(!strncmp(r.out, "{\"id\":\"cn/pipl_2021\"", 20), "%.200s", r.out);
	cr_assert(strstr(r.out, "\"evidence\":[{"), "%.500s", r.out);
	cli_free(&r);
	r = get("/api/law/no/such/law");
	cr_assert(strstr(r.out, "HTTP 404") && strstr(r.out, "{\"error\":"), "%s", r.out);
	cli_free(&r);
	r = get("/api/stats");
	cr_assert(strstr(r.out, "\"laws\":33,") && strstr(r.out, "\"by_risk\":{"), "%s", r.out);
	cli_free(&r);
	r = get("/api/taxonomy");
	cr_assert(strstr(r.out, "\"surveillance\"") && strstr(r.out, "\"layers\":["), "%s", r.out);
	cli_free(&r);
	r = get("/nothing/here");
	cr_assert(strstr(r.out, "HTTP 404"), "%s", r.out);
	cli_free(&r);
}

/* One stats object (app/records.c) for 'stats --format json' and
 * /api/stats: the same fields, the same values. */
Test(serve, stats_object_is_the_same_in_the_cli_and_the_api)
{
	cli_result r = run_sh("$LF stats --db '%s' --format json | jq -S . > '%s/cli.json' && "
	                      "curl -sf http://127.0.0.1:%d/api/stats | jq -S . > '%s/api.json' && "
	                      "diff '%s/cli.json' '%s/api.json' && jq -e '.database and .shard_list' '%s/api.json'",
	                      db, dir, port, dir, dir, dir, dir);

	cr_assert_eq(r.status, 0, "the two stats differ: %s %s", r.out, r.err);
	cli_free(&r);
}

Test(serve, api_similar_post_and_caps)
{
	cli_result r = run_sh("curl -s -w '\\nHTTP %%{http_code}' -X POST --data-binary @'%s/similar/draft_mixed.txt' "
	                      "http://127.0.0.1:%d/api/similar", LF_TEST_DATA, port);

	assert_json_body("POST /api/similar", r.out);
	cr_assert(strstr(r.out, "{\"draft\":{\"title\":\"Draft Digital Sovereignty Bill\""), "%.300s", r.out);
	cr_assert(strstr(r.out, "\"laws\":[{\"id\":\"cn/cybersecurity_law_2016\""), "%.600s", r.out);
	cr_assert(strstr(r.out, "\"label\":\"第三十七条\""), "%.900s", r.out);
	cli_free(&r);
	/* over --max-draft (64K) */
	r = run_sh("head -c 100000 /dev/zero | tr '\\0' a | curl -s -w '\\nHTTP %%{http_code}' -X POST --data-binary @- "
	           "http://127.0.0.1:%d/api/similar", port);
	cr_assert(strstr(r.out, "HTTP 413") && strstr(r.out, "{\"error\":"), "%s", r.out);
	assert_json_body("POST /api/similar, too big", r.out);
	cli_free(&r);
	/* empty, and GET */
	r = run_sh("curl -s -w '\\nHTTP %%{http_code}' -X POST --data '' http://127.0.0.1:%d/api/similar", port);
	cr_assert(strstr(r.out, "HTTP 400"), "%s", r.out);
	assert_json_body("POST /api/similar, empty", r.out);
	cli_free(&r);
	r = get("/api/similar");
	cr_assert(strstr(r.out, "HTTP 405"), "%s", r.out);
	cli_free(&r);
	/* a long query string */
	{
		char q[12000];
		memset(q, 'a', sizeof q - 1);
		q[sizeof q - 1] = 0;
		r = run_sh("curl -s -w '\\nHTTP %%{http_code}' 'http://127.0.0.1:%d/api/search?q=%s'", port, q);
		cr_assert(strstr(r.out, "HTTP 414"), "%.200s", r.out + strlen(r.out) - 100);
		assert_json_body("a long query string", r.out);
		cli_free(&r);
	}
}

Test(serve, exports_download)
{
	cli_result r = get("/api/export?format=csv&risk=surveillance");

	cr_assert(!strncmp(r.out, "id,path,title,", 14), "%.200s", r.out);
	cr_assert(strstr(r.out, "HTTP 200 text/csv"), "%s", r.out);
	cli_free(&r);
	r = get("/export?format=jsonl");
	cr_assert_eq(count_lines_with(r.out, "{\"id\":"), 33, "%.300s", r.out);
	cli_free(&r);
	r = run_sh("cd '%s' && curl -s -o x.sqlite 'http://127.0.0.1:%d/export?format=sqlite' && "
	           "sqlite3 x.sqlite 'select count(*) from laws'", dir, port);
	cr_assert_eq(atoi(r.out), 33, "%s %s", r.out, r.err);
	cli_free(&r);
	r = get("/api/export?format=pdf");
	cr_assert(strstr(r.out, "HTTP 400"), "%s", r.out);
	cli_free(&r);
}

Test(serve, pages_escape_what_laws_and_queries_hold)
{
	cli_result r = get("/?q=kenya%20%3Cb%3Ebold%3C%2Fb%3E");

	cr_assert(strstr(r.out, "HTTP 200 text/html"), "%s", r.out);
	cr_assert(strstr(r.out, "&lt;script&gt;alert(1)&lt;/script&gt; Data Act"), "%s", r.out);
	cr_assert_null(strstr(r.out, "<script>"), "%s", r.out);
	cr_assert_null(strstr(r.out, "<b>bold"), "the query was not escaped");
	cr_assert(strstr(r.out, "&lt;b&gt;bold&lt;/b&gt;"), "%s", r.out);
	cli_free(&r);
	r = get("/law/ke/hostile_title");
	cr_assert(strstr(r.out, "HTTP 200"), "%.300s", r.out);
	cr_assert_null(strstr(r.out, "<script>"), "%s", r.out);
	cr_assert_null(strstr(r.out, "<img"), "%s", r.out);
	cr_assert(strstr(r.out, "Every data controller shall store personal data in Kenya."), "%s", r.out);
	cli_free(&r);
}

/* The pages' one script: served from this server (the CSP allows no other
 * and no inline script), referenced by every page. */
Test(serve, script_is_served_and_referenced)
{
	cli_result r = get("/lexfrag.js");

	cr_assert(strstr(r.out, "HTTP 200 text/javascript"), "%.300s", r.out);
	cr_assert(strstr(r.out, "requestSubmit"), "%.300s", r.out);
	cli_free(&r);
	r = get("/stats");
	cr_assert(strstr(r.out, "<script src=\"/lexfrag.js\" defer></script>"), "%.600s", r.out);
	cr_assert(strstr(r.out, "script-src") == NULL && strstr(r.out, "<script>") == NULL, "%.600s", r.out);
	cli_free(&r);
}

Test(serve, pages_search_facets_law_similar_stats)
{
	cli_result r = get("/?q=personal%20data&jurisdiction=in");

	cr_assert(strstr(r.out, "<title>personal data - lexfrag</title>"), "%.300s", r.out);
	cr_assert(strstr(r.out, "name=\"risk\" value=\"data-localization\""), "facet missing");
	cr_assert(strstr(r.out, "name=\"jurisdiction\" value=\"in\" checked"), "checked facet missing");
	cr_assert(strstr(r.out, "href=\"/law/in%2Fdpdp_act_2023\""), "%s", r.out);
	cr_assert_null(strstr(r.out, "href=\"/law/cn%2F"), "the facet did not filter");
	cli_free(&r);
	r = get("/law/cn/cybersecurity_law_2016");
	cr_assert(strstr(r.out, "<section id=\"art37\">"), "no provision anchors");
	cr_assert(strstr(r.out, "href=\"#art37\""), "no contents link");
	cr_assert(strstr(r.out, "<mark>"), "no highlighted evidence");
	cli_free(&r);
	r = run_sh("curl -s --data-urlencode draft@'%s/similar/draft_mixed.txt' http://127.0.0.1:%d/similar",
	           LF_TEST_DATA, port);
	cr_assert(strstr(r.out, "class=\"side\""), "%.500s", r.out);
	cr_assert(strstr(r.out, "第三十七条"), "%.500s", r.out);
	cli_free(&r);
	/* the upload form: a file part */
	r = run_sh("curl -s -F file=@'%s/similar/draft_mixed.txt' http://127.0.0.1:%d/similar", LF_TEST_DATA, port);
	cr_assert(strstr(r.out, "class=\"side\"") && strstr(r.out, "第三十七条"), "%.800s", r.out);
	cli_free(&r);
	r = run_sh("curl -s -F 'draft=<%s/similar/draft_mixed.txt' http://127.0.0.1:%d/similar", LF_TEST_DATA, port);
	cr_assert(strstr(r.out, "Article 44"), "%.800s", r.out);
	cli_free(&r);
	r = run_sh("head -c 100000 /dev/zero | tr '\\0' a > '%s/big.txt' && curl -s -o /dev/null -w '%%{http_code}' "
	           "-F file=@'%s/big.txt' http://127.0.0.1:%d/similar", dir, dir, port);
	cr_assert(strstr(r.out, "413"), "%s", r.out);
	cli_free(&r);
	r = get("/stats");
	cr_assert(strstr(r.out, "<svg role=\"img\" aria-label=\"Laws by risk category\""), "%.500s", r.out);
	cr_assert(strstr(r.out, "aria-label=\"Laws by risk category and jurisdiction\""), "no risk x jurisdiction chart");
	cr_assert(strstr(r.out, "aria-label=\"Laws by year and risk category\""), "no year x risk chart");
	cr_assert(strstr(r.out, "<title>data-localization, cn: "), "no cell for Chinese data localisation");
	cli_free(&r);
}

Test(serve_plain, clean_stop_and_usage, .timeout = 60)
{
	cli_result r = run_sh("$LF serve --port -1");

	cr_assert_eq(r.status, 2);
	cli_free(&r);
	r = run_sh("$LF serve --port 65536");
	cr_assert_eq(r.status, 2);
	cli_free(&r);
	r = run_sh("$LF serve --bind nowhere");
	cr_assert_eq(r.status, 2);
	cli_free(&r);
	r = run_sh("$LF serve --db /nonexistent/db");
	cr_assert_eq(r.status, 1);
	cli_free(&r);
	r = run_sh("$LF serve --help");
	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "Usage: lexfrag serve"));
	cli_free(&r);
}
