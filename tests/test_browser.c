/*
 * test_browser.c - the web pages as a browser shows them: Debian's chromium,
 * headless, loads each page from 'lexfrag serve' and dumps the DOM it built
 * (--dump-dom): a search, a facet applied, a law, a similar-law search, and
 * the export link followed (with curl: a headless dump does not download).
 * setup.sh installs chromium for the tests; without it the suite is skipped
 * and says so.
 */
#include <criterion/criterion.h>
#include <signal.h>

#include "cli_util.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

static char *dir, *db;
static int port;
static pid_t server;
static int have_browser;

static void start(void)
{
	cli_result r = run_sh("command -v chromium");

	have_browser = r.status == 0;
	cli_free(&r);
	dir = scratch_dir();
	db = malloc(4200);
	snprintf(db, 4200, "%s/db", dir);
	if (!have_browser)
		return;
	r = run_sh("$LF index -q --db '%s' '%s'", db, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
	server = serve_start_any(db, NULL, &port);
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

TestSuite(browser, .init = start, .fini = stop, .timeout = 180);

/* The DOM chromium builds for a page. */
static cli_result dom(const char *path)
{
	if (!have_browser)
		cr_skip_test("chromium is not installed (setup.sh test installs it)");
	return run_sh("HOME='%s' chromium --headless --no-sandbox --disable-gpu --user-data-dir='%s/chrome' "
	              "--dump-dom 'http://127.0.0.1:%d%s' 2>/dev/null",
	              dir, dir, port, path);
}

Test(browser, search_then_a_facet)
{
	cli_result r = dom("/?q=personal%20data");
	int all, tagged;


	cr_assert_eq(r.status, 0);
	cr_assert(strstr(r.out, "<title>personal data - lexfrag</title>"), "%.300s", r.out);
	cr_assert(strstr(r.out, "laws match; showing 1-"), "%.2000s", r.out);
	cr_assert(strstr(r.out, "<article class=\"hit\"><h2><a href=\"/law/"), "%.2000s", r.out);
	/* the page's script was served, allowed by the CSP, and ran to its end */
	cr_assert(strstr(r.out, "<html lang=\"en\" class=\"js\">"), "%.300s", r.out);
	/* the first result's link, followed as a click would */
	{
		static const char hit[] = "<article class=\"hit\"><h2><a href=\"";
		const char *a = strstr(r.out, hit) + sizeof hit - 1;
		char link[512];
		size_t k = strcspn(a, "\"");
		cli_result law;
		cr_assert_lt(k, sizeof link);
		memcpy(link, a, k);
		link[k] = 0;
		law = dom(link);
		cr_assert(strstr(law.out, "<h2>Contents</h2>"), "%s: %.1500s", link, law.out);
		cr_assert(strstr(law.out, "<section id=\""), "%s: no provision", link);
		cli_free(&law);
	}
	cli_free(&r);
	/* the transfer-restriction facet: checked, and every result carries it */
	r = dom("/?q=personal%20data&risk=transfer-restriction");
	cr_assert(strstr(r.out, "value=\"transfer-restriction\" checked"), "%.2000s", r.out);
	{
		const char *p = r.out;
		all = tagged = 0;
		while ((p = strstr(p, "<article class=\"hit\">")) != NULL) {
			const char *end = strstr(p + 1, "</article>");
			const char *badge = strstr(p, "<span class=\"risk\">transfer-restriction");
			all++;
			tagged += badge && end && badge < end;
			p++;
		}
	}
	cr_assert_gt(all, 0, "%.2000s", r.out);
	cr_assert_eq(tagged, all, "a result without the facet's risk");
	cli_free(&r);
}

Test(browser, a_law_with_contents_and_evidence)
{
	cli_result r = dom("/law/cn%2Fcybersecurity_law_2016");

	cr_assert(strstr(r.out, "<h1>中华人民共和国网络安全法</h1>"), "%.500s", r.out);
	cr_assert(strstr(r.out, "<a href=\"#art37\">"), "no contents link");
	cr_assert(strstr(r.out, "<section id=\"art37\">"), "no provision");
	cr_assert(strstr(r.out, "<mark>"), "no evidence highlighted");
	cli_free(&r);
}

Test(browser, similar_laws_side_by_side)
{
	/* the draft in the link: the same answer as the form's POST */
	FILE *fp = fopen(LF_TEST_DATA "/similar/draft_mixed.txt", "rb");
	char path[16384], text[4096];
	size_t n, k;
	cli_result r;

	cr_assert_not_null(fp);
	n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	k = (size_t)snprintf(path, sizeof path, "/similar?draft=");
	for (size_t i = 0; i < n && k + 4 < sizeof path; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.')
			path[k++] = (char)c;
		else
			k += (size_t)snprintf(path + k, sizeof path - k, "%%%02X", c);
	}
	path[k] = 0;
	r = dom(path);
	cr_assert(strstr(r.out, "class=\"side\""), "%.1000s", r.out);
	cr_assert(strstr(r.out, "第三十七条"), "%.1000s", r.out);
	cr_assert(strstr(r.out, "Article 44"), "%.1000s", r.out);
	cli_free(&r);
}

Test(browser, export_link_downloads)
{
	cli_result r = dom("/?q=personal%20data&risk=transfer-restriction");
	const char *a = strstr(r.out, "href=\"/export?format=csv");
	char link[2048];
	size_t k = 0;
	cli_result f;

	cr_assert(a, "no export link: %.2000s", r.out);
	for (a += 6; *a && *a != '"' && k + 1 < sizeof link; a++) {
		if (!strncmp(a, "&amp;", 5)) {
			link[k++] = '&';
			a += 4;
		} else {
			link[k++] = *a;
		}
	}
	link[k] = 0;
	f = run_sh("curl -s 'http://127.0.0.1:%d%s'", port, link);
	cr_assert(!strncmp(f.out, "id,path,title,", 14), "%s -> %.200s", link, f.out);
	cr_assert_gt(count_lines(f.out), 1);
	cli_free(&f);
	cli_free(&r);
}
