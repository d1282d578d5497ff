/*
 * test_limits.c - a huge file next to a real law: 1 GB of valid XML, and
 * the same gzipped (a 1 GB expansion from a few MB).  With the default
 * limits both are refused with one line naming the file and the limit, the
 * real law beside them is indexed, and the indexer's peak memory stays
 * under 300 MB (not checked under AddressSanitizer, whose shadow memory
 * counts in the RSS).
 */
#include <criterion/criterion.h>
#include <sys/resource.h>

#include "cli_util.h"
#include "json_check.h"

#define LAW LF_SOURCE_DIR "/corpus/gb/uksi-1998-572-made.xml"

#if defined(__SANITIZE_ADDRESS__)
#define MEASURE_RSS 0
#else
#define MEASURE_RSS 1
#endif

static char *dir;

static void make_tree(void)
{
	/* an Akoma Ntoso act whose body is 1 GiB of sections */
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act><meta>"
		"<identification source=\"#x\"><FRBRWork><FRBRthis value=\"/akn/xx/act/2026/1/main\"/>"
		"<FRBRuri value=\"/akn/xx/act/2026/1\"/><FRBRdate date=\"2026-01-01\" name=\"x\"/>"
		"<FRBRauthor href=\"#x\"/><FRBRcountry value=\"xx\"/></FRBRWork></identification></meta><body>";
	cli_result r;

	dir = scratch_dir();
	r = run_sh("cd '%s' && mkdir tree && cp '%s' tree/ && "
	           "{ printf '%%s' '%s'; "
	           "  yes '<section><num>1.</num><content><p>Every operator shall store personal data on servers "
	           "located within the territory.</p></content></section>' | head -c 1073741824; "
	           "  echo '</body></act></akomaNtoso>'; } > tree/huge.xml && "
	           "gzip -1 -c tree/huge.xml > tree/huge2.xml.gz && ls -l tree",
	           dir, LAW, head);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_free(&r);
}

static void remove_tree(void)
{
	cli_result r = run_sh("rm -rf '%s'", dir);
	cli_free(&r);
	free(dir);
}

TestSuite(limits, .init = make_tree, .fini = remove_tree, .timeout = 600);

Test(limits, huge_xml_and_its_gzip_refused_in_bounded_memory)
{
	struct rusage ru;
	cli_result r = run_sh("$LF index --db '%s/db' '%s/tree'", dir, dir);
	const char *p;

	cr_assert_eq(r.status, 1, "%s", r.err);
	p = strstr(r.err, "huge.xml: file is 1073742");
	cr_assert(p && strstr(p, "over the limit of 268435456 (--max-bytes)"), "%s", r.err);
	cr_assert(strstr(r.err, "huge2.xml.gz: gzip data expands past the limit of 268435456 bytes (--max-bytes)"),
	          "%s", r.err);
	cr_assert(strstr(r.err, "indexed 1 of 3 files (0 unchanged, 2 failed)"), "%s", r.err);
	cli_free(&r);
	/* the real law is there, whole */
	r = run_sh("$LF stats --db '%s/db' --format json", dir);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, ".laws", "1"), "%s", r.out);
	cli_free(&r);
	cr_assert_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
	if (MEASURE_RSS)
		cr_assert_lt(ru.ru_maxrss, 300L * 1024, "peak RSS %ld kB", ru.ru_maxrss);
	cr_log_info("largest child's peak RSS: %ld kB", ru.ru_maxrss);
}
