/*
 * test_bad_input.c - hostile and broken files in a tree with a real law:
 * each bad file gets one line on stderr naming it and the reason, the run
 * goes on, the good law is indexed, the exit status is 1, and nothing from
 * outside the tree (an external entity's file) is ever indexed.
 */
#include <criterion/criterion.h>
#include <fcntl.h>

#include "cli_util.h"
#include "json_check.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

/* The paths of the laws of a search's JSON Lines, one per line (read by
 * jq); asserts that it is JSON Lines. */
static char *hit_paths(const cli_result *r)
{
	char *p;

	cr_assert_eq(jsonl_valid(r->out), count_lines(r->out), "not JSON Lines: %s", r->out);
	p = jq_get(r->out, ".path");
	cr_assert(p, "%s", r->out);
	return p;
}

static char *dir;

static void put(const char *name, const char *data, size_t n)
{
	char path[4300];
	FILE *fp;

	snprintf(path, sizeof path, "%s/tree/%s", dir, name);
	fp = fopen(path, "wb");
	cr_assert(fp, "cannot write %s", path);
	cr_assert_eq(fwrite(data, 1, n, fp), n);
	fclose(fp);
}

static void puts_file(const char *name, const char *s)
{
	put(name, s, strlen(s));
}

static void make_tree(void)
{
	cli_result r;
	char *buf, path[4300];
	size_t i, n;

	dir = scratch_dir();
	r = run_sh("mkdir -p '%s/tree' && cp '%s/ca/CRC_c440_en.xml' '%s/tree/good.xml'", dir, CORPUS, dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);

	/* truncated XML: the first half of a real law */
	snprintf(path, sizeof path, "%s/ca/CRC_c440_en.xml", CORPUS);
	buf = slurp(path);
	put("truncated.xml", buf, strlen(buf) / 2);
	free(buf);

	puts_file("bad-utf8.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	          "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act><body>"
	          "<article eId=\"art_1\"><num>Article 1</num><content><p>caf\xff\xfe text</p></content></article>"
	          "</body></act></akomaNtoso>\n");

	/* an external entity naming a local file whose words must never be indexed */
	snprintf(path, sizeof path, "%s/secret.txt", dir);
	{
		FILE *fp = fopen(path, "w");
		fputs("zyxwvutsecret\n", fp);
		fclose(fp);
	}
	{
		char doc[8192];
		snprintf(doc, sizeof doc,
		         "<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso [<!ENTITY ext SYSTEM \"file://%s\">]>\n"
		         "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act><body>"
		         "<article eId=\"art_1\"><num>Article 1</num><content><p>Entity test &ext; "
		         "lawfulxentitytest</p></content></article></body></act></akomaNtoso>\n", path);
		puts_file("external-entity.xml", doc);
	}

	puts_file("billion-laughs.xml",
	          "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
	          "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	          "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	          "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	          "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	          "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	          "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	          "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	          "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	          "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	          "]>\n<akomaNtoso xmlns=\"http://www.akomantoso.org/2.0\"><act><body><article>"
	          "<num>Article 1</num><content><p a=\"&lol9;\">&lol9;</p></content></article></body></act>"
	          "</akomaNtoso>\n");

	/* 200,000-deep nesting */
	n = 200000;
	buf = malloc(n * 7 + 64);
	strcpy(buf, "<dokumente>");
	for (i = 0; i < n; i++)
		strcat(buf + 11 + i * 3, "<a>");
	for (i = 0; i < n; i++)
		memcpy(buf + 11 + n * 3 + i * 4, "</a>", 4);
	strcpy(buf + 11 + n * 7, "</dokumente>");
	puts_file("deep.xml", buf);
	free(buf);

	put("empty.xml", "", 0);

	/* random bytes named .xml */
	buf = malloc(4096);
	srand(42);
	for (i = 0; i < 4096; i++)
		buf[i] = (char)(rand() & 0xff);
	put("random.xml", buf, 4096);
	free(buf);

	/* a text law with a 10 MB word, and one with a NUL byte */
	n = 10u << 20;
	buf = malloc(n + 200);
	strcpy(buf, "Section 1. Longwordtest\n");
	memset(buf + strlen(buf), 'x', n);
	strcpy(buf + 24 + n, "\nSection 2. After the long word, this law goes on.\n");
	puts_file("longword.txt", buf);
	free(buf);
	put("nul.txt", "Article 1\nNultestword before\0after the NUL.\n", 44);

	/* a gzip bomb: 20 MB of zeros, indexed with --max-bytes 12M */
	r = run_sh("head -c 20000000 /dev/zero | gzip -c > '%s/tree/bomb.xml.gz'", dir);
	cr_assert_eq(r.status, 0);
	cli_free(&r);

	r = run_sh("cd '%s/tree' && mkfifo fifo.xml && ln -s loop.xml loop.xml", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
}

static void remove_tree(void)
{
	cli_result r = run_sh("rm -rf '%s'", dir);

	cli_free(&r);
	free(dir);
}

TestSuite(bad_input, .init = make_tree, .fini = remove_tree, .timeout = 120);

Test(bad_input, every_bad_file_named_once_and_the_rest_indexed)
{
	static const struct { const char *file, *reason; } bad[] = {
		{"truncated.xml", "malformed XML"},
		{"bad-utf8.xml", "malformed XML"},
		{"billion-laughs.xml", "malformed XML"},
		{"deep.xml", "malformed XML"},
		{"empty.xml", "empty file"},
		{"random.xml", "binary data"},
		{"bomb.xml.gz", "expands past the limit"},
		{"fifo.xml", "FIFO"},
		{"loop.xml", "symbolic link loop"},
		{"longword.txt", "word was not indexed"},
		{"nul.txt", "NUL byte"},
		{"external-entity.xml", "external entity"},
	};
	cli_result r = run_sh("$LF index --max-bytes 12M --db '%s/db' '%s/tree'", dir, dir);
	size_t i;
	char *p;

	cr_assert_eq(r.status, 1, "exit status says something failed: %d\n%s", r.status, r.err);
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		char name[300];
		snprintf(name, sizeof name, "/%s: ", bad[i].file);
		cr_expect_eq(count_lines_with(r.err, name), 1, "%s named once on stderr:\n%s", bad[i].file, r.err);
		cr_expect(strstr(strstr(r.err, name) ? strstr(r.err, name) : "", bad[i].reason),
		          "%s: reason '%s' given:\n%s", bad[i].file, bad[i].reason, r.err);
	}
	cr_expect(!strstr(r.err, "/good.xml:"), "the good law raised no error:\n%s", r.err);
	cli_free(&r);

	/* the good law and the repaired ones are searchable */
	r = run_sh("$LF search --db '%s/db' --format jsonl \"interception of private communications\"", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	p = hit_paths(&r);
	cr_assert(strstr(p, "good.xml"), "%s", r.out);
	free(p);
	cli_free(&r);
	r = run_sh("$LF search --db '%s/db' --format jsonl longwordtest OR nultestword OR lawfulxentitytest", dir);
	p = hit_paths(&r);
	cr_assert(strstr(p, "longword.txt") && strstr(p, "nul.txt") && strstr(p, "external-entity.xml"), "%s", r.out);
	free(p);
	cli_free(&r);
	/* the external entity's file was never read */
	r = run_sh("$LF search --db '%s/db' --format jsonl zyxwvutsecret", dir);
	cr_assert_eq(r.status, 0);
	cr_assert_eq(jsonl_valid(r.out), 0, "secret indexed: %s", r.out);
	cli_free(&r);
}

Test(bad_input, what_was_indexed_before_stays)
{
	cli_result r = run_sh("$LF index -q --db '%s/db' '%s/tree/good.xml' && "
	                      "cp '%s/tree/truncated.xml' '%s/tree/good.xml' && "
	                      "$LF index -q --db '%s/db' '%s/tree/good.xml'", dir, dir, dir, dir, dir, dir);
	char *p;

	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert(strstr(r.err, "good.xml: malformed XML"), "%s", r.err);
	cli_free(&r);
	r = run_sh("$LF search --db '%s/db' --format jsonl interception", dir);
	p = hit_paths(&r);
	cr_assert(strstr(p, "good.xml"), "the earlier version is still there: %s", r.out);
	free(p);
	cli_free(&r);
}

/* Symbolic links out of the tree (issue 17, item 5): "ln -s /etc corpus/etc"
 * once indexed /etc/passwd.  A link whose target lies outside the PATHs is
 * named on stderr, one line each, and not followed (exit status 1, as for
 * any skipped entry); --follow-symlinks follows it; links inside the tree
 * and a root that is itself a link still work. */
static char *ldir;

static void make_links(void)
{
	cli_result r;

	ldir = scratch_dir();
	r = run_sh("cd '%s' && mkdir -p tree/sub outside/dir && cp '%s/ca/CRC_c440_en.xml' tree/good.xml && "
	           "printf 'Article 1\\nThe zyxwvfileleak clause.\\n' > outside/secret.txt && "
	           "printf 'Article 1\\nThe zyxwvdirleak clause.\\n' > outside/dir/secret.txt && "
	           "printf 'Article 1\\nThe zyxwvinside clause.\\n' > tree/sub/inside.txt && "
	           "ln -s \"$PWD/outside/dir\" tree/dirlink && ln -s ../outside/secret.txt tree/filelink.txt && "
	           "ln -s sub tree/alias && ln -s tree rootlink",
	           ldir, CORPUS);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
}

static void remove_links(void)
{
	cli_result r = run_sh("rm -rf '%s'", ldir);

	cli_free(&r);
	free(ldir);
}

TestSuite(symlinks, .init = make_links, .fini = remove_links, .timeout = 120);

Test(symlinks, links_out_of_the_tree_are_named_and_not_followed)
{
	cli_result r = run_sh("cd '%s' && $LF index --db db tree", ldir);

	cr_assert_eq(r.status, 1, "a skipped link makes the exit status 1: %d\n%s", r.status, r.err);
	cr_expect_eq(count_lines_with(r.err, "tree/dirlink: symbolic link to "), 1, "%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "tree/filelink.txt: symbolic link to "), 1, "%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "outside the PATHs given"), 2, "one line per link:\n%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "--follow-symlinks"), 2, "%s", r.err);
	cr_expect(strstr(r.err, "indexed 2 of 2 files"), "the law and the in-tree file, once:\n%s", r.err);
	cli_free(&r);
	r = run_sh("cd '%s' && $LF search --db db --format jsonl zyxwvfileleak OR zyxwvdirleak", ldir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(jsonl_valid(r.out), 0, "a file outside the tree was indexed: %s", r.out);
	cli_free(&r);
	r = run_sh("cd '%s' && $LF search --db db --format jsonl zyxwvinside interception", ldir);
	cr_assert_eq(jsonl_valid(r.out), 2, "the laws inside the tree are found: %s", r.out);
	cli_free(&r);

	/* tag walks the same way */
	r = run_sh("cd '%s' && $LF tag --all --format tsv tree", ldir);
	cr_expect_eq(r.status, 1, "%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "outside the PATHs given"), 2, "%s", r.err);
	cr_expect(!strstr(r.out, "dirlink") && !strstr(r.out, "filelink"), "%s", r.out);
	cr_expect(strstr(r.out, "tree/good.xml\t"), "%s", r.out);
	cli_free(&r);
}

Test(symlinks, follow_symlinks_follows_them)
{
	cli_result r = run_sh("cd '%s' && $LF index --follow-symlinks --db db tree", ldir);

	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.err, "indexed 4 of 4 files"), "%s", r.err);
	cli_free(&r);
	r = run_sh("cd '%s' && $LF search --db db --format jsonl zyxwvfileleak OR zyxwvdirleak", ldir);
	cr_assert_eq(jsonl_valid(r.out), 2, "%s", r.out);
	cli_free(&r);
	r = run_sh("cd '%s' && $LF tag --all --format tsv --follow-symlinks tree", ldir);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "tree/dirlink/secret.txt\t") && strstr(r.out, "tree/filelink.txt\t"), "%s", r.out);
	cli_free(&r);
}

Test(symlinks, a_root_that_is_a_link_is_followed)
{
	cli_result r = run_sh("cd '%s' && $LF index --db db rootlink", ldir);

	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_expect(strstr(r.err, "indexed 2 of 2 files"), "%s", r.err);
	cr_expect_eq(count_lines_with(r.err, "outside the PATHs given"), 2, "%s", r.err);
	cli_free(&r);
}
