/*
 * test_args.c - numbers and sizes from users (cli/args.c, core/buf.c):
 * negative, overflowing, fractional, signed, spaced and absurd values of
 * every size option and of the search numbers are usage errors (exit 2,
 * one line naming the option), never a crash; a bounded buffer whose max
 * is near SIZE_MAX stays sound; decimal options (--min-score, --timeout)
 * refuse nan, inf, signs and exponents (issue 17, item 4: "--max-bytes -1" read as
 * SIZE_MAX, max + 1 wrapped to 0 and the heap was corrupted).
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "core/buf.h"
#include "cli_util.h"
#include "core/err.h"

#define CORPUS LF_SOURCE_DIR "/corpus"

/* The run exits 2 with a message naming opt, and no sanitizer or allocator
 * report, no signal. */
static void refused(cli_result *r, const char *opt, const char *what)
{
	cr_assert_eq(r->status, 2, "%s: exit %d, stderr: %s", what, r->status, r->err);
	cr_assert(strstr(r->err, opt), "%s: stderr does not name %s: %s", what, opt, r->err);
	cr_assert_null(strstr(r->err, "Sanitizer"), "%s: %s", what, r->err);
	cr_assert_null(strstr(r->err, "malloc"), "%s: %s", what, r->err);
	cr_assert_null(strstr(r->err, "free"), "%s: %s", what, r->err);
}

/* Every size option refuses what is not a size from 1 to 64G. */
Test(args, bad_sizes_are_usage_errors, .timeout = 120)
{
	static const char *const bad[] = {"-1",   "0",        "1.5M",  "99999999999G", "99999999999999G",
	                                  "65G",  "68719476737", "+5M", " 5M",         "5 M",
	                                  "0x10", "1e6",      "",      "M",            "5X",
	                                  "18446744073709551615", "18446744073709551616", "5MiBB"};
	char *dir = scratch_dir();

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cli_result r = run_sh("$LF index --db '%s/db' --max-bytes '%s' '%s'", dir, bad[i], CORPUS);
		refused(&r, "--max-bytes", bad[i]);
		cli_free(&r);
		r = run_sh("$LF tag --max-bytes '%s' '%s/cn'", bad[i], CORPUS);
		refused(&r, "--max-bytes", bad[i]);
		cli_free(&r);
		r = run_sh("echo 'Article 1. Personal data shall be stored in the territory.' | "
		           "$LF similar --db '%s/db' --max-bytes '%s' --file -", dir, bad[i]);
		refused(&r, "--max-bytes", bad[i]);
		cli_free(&r);
		r = run_sh("$LF serve --db '%s/db' --port 1 --max-draft '%s'", dir, bad[i]);
		refused(&r, "--max-draft", bad[i]);
		cli_free(&r);
	}
	/* nothing was written by the refused runs */
	cr_assert_neq(access(dir, F_OK), -1);
	{
		char db[4200];
		snprintf(db, sizeof db, "%s/db", dir);
		cr_assert_eq(access(db, F_OK), -1, "a refused index run made %s", db);
	}
	{
		cli_result r = run_sh("rm -rf '%s'", dir);
		cli_free(&r);
	}
	free(dir);
}

/* Good sizes still work, including the largest accepted one. */
Test(args, good_sizes_work, .timeout = 120)
{
	static const char *const good[] = {"64G", "65536", "4M", "4MB", "4MiB", "256k", "1G", "68719476736"};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		cli_result r = run_sh("$LF tag --max-bytes '%s' '%s/cn/pipl_2021.md'", good[i], CORPUS);
		cr_assert_eq(r.status, 0, "%s: exit %d: %s", good[i], r.status, r.err);
		cli_free(&r);
	}
	/* a real cap still caps */
	{
		cli_result r = run_sh("$LF tag --max-bytes 1K '%s/cn/pipl_2021.md'", CORPUS);
		cr_assert_eq(r.status, 1, "%d %s", r.status, r.err);
		cr_assert(strstr(r.err, "over the limit of 1024"), "%s", r.err);
		cli_free(&r);
	}
}

/* The search numbers: whole numbers in range, nothing else. */
Test(args, bad_search_numbers_are_usage_errors, .timeout = 120)
{
	static const struct {
		const char *opt, *val;
	} bad[] = {{"--offset", "-1"},       {"--offset", "99999999999"}, {"--offset", "+1"},
	           {"--offset", " 1"},       {"--offset", "1x"},          {"--offset", "10000001"},
	           {"--limit", "0"},         {"--limit", "-5"},           {"--limit", "1e3"},
	           {"--limit", "4294967297"}, {"--provisions", "-1"},     {"--provisions", "1001"},
	           {"--from", "-2000"},      {"--from", "10000"},         {"--to", "2e3"},
	           {"--to", "99999999999999999999"}};
	char *dir, *db;
	cli_result r;

	index_sample(CORPUS, &dir, &db);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = run_sh("$LF search --db '%s' %s '%s' data", db, bad[i].opt, bad[i].val);
		refused(&r, bad[i].opt, bad[i].val);
		cli_free(&r);
	}
	r = run_sh("$LF export --db '%s' --from ' 2000' --format jsonl", db);
	refused(&r, "--from", "export --from");
	cli_free(&r);
	r = run_sh("$LF index --db '%s' --jobs -1 '%s'", db, CORPUS);
	refused(&r, "--jobs", "--jobs -1");
	cli_free(&r);
	r = run_sh("$LF serve --db '%s' --threads +2 --port 1", db);
	refused(&r, "--threads", "--threads +2");
	cli_free(&r);
	r = run_sh("$LF serve --db '%s' --port 65536", db);
	refused(&r, "--port", "--port 65536");
	cli_free(&r);
	/* decimal options: strtod took "nan", "inf", signs, exponents and
	 * leading space; a NaN --min-score then matched nothing, silently */
	{
		static const char *const dec[] = {"nan", "inf", "-1", "+1", "1e3", " 5", "0", "", ".5", "5.",
		                                  "1.5.5", "0x10", "2000000"};
		for (size_t i = 0; i < sizeof dec / sizeof *dec; i++) {
			r = run_sh("$LF reuse --db '%s' --min-score '%s'", db, dec[i]);
			refused(&r, "--min-score", dec[i]);
			cli_free(&r);
			r = run_sh("echo 'Article 1. Personal data.' | $LF similar --db '%s' --min-score '%s' --file -", db,
			           dec[i]);
			refused(&r, "--min-score", dec[i]);
			cli_free(&r);
			r = run_sh("$LF search --db '%s' --timeout '%s' data", db, dec[i]);
			refused(&r, "--timeout", dec[i]);
			cli_free(&r);
		}
		r = run_sh("$LF reuse --db '%s' --min-score 40.5 --format csv >/dev/null && "
		           "$LF search --db '%s' --timeout 2.5 data >/dev/null", db, db);
		cr_assert_eq(r.status, 0, "%s", r.err);
		cli_free(&r);
	}
	/* and good ones still work */
	r = run_sh("$LF search --db '%s' --offset 0 --limit 2 --from 0 --to 9999 --format jsonl data", db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(jsonl_valid(r.out), 2, "%s", r.out);
	cli_free(&r);
	remove_sample(dir, db);
}

/* lf_buf with a max near SIZE_MAX: appends work, the capacity never wraps,
 * an append that would overflow n is refused and leaves the buffer as it
 * was. */
Test(args, buf_with_huge_max)
{
	static const size_t maxes[] = {SIZE_MAX, SIZE_MAX - 1, SIZE_MAX / 2, SIZE_MAX / 4 + 1};

	for (size_t m = 0; m < sizeof maxes / sizeof *maxes; m++) {
		lf_buf b;
		char chunk[1000];

		memset(chunk, 'x', sizeof chunk);
		lf_buf_init(&b, maxes[m]);
		for (int i = 0; i < 300; i++)
			cr_assert_eq(lf_buf_add(&b, chunk, sizeof chunk), 0);
		cr_assert_eq(b.n, 300000);
		cr_assert_gt(b.cap, b.n, "cap %zu for %zu bytes (max %zu)", b.cap, b.n, maxes[m]);
		cr_assert_eq(b.p[b.n], '\0');
		cr_assert_eq(lf_buf_add(&b, chunk, SIZE_MAX - 10), LF_ETOOBIG);
		cr_assert_eq(lf_buf_add(&b, chunk, SIZE_MAX / 4), LF_ETOOBIG);
		cr_assert_eq(b.n, 300000);
		cr_assert_eq(lf_buf_printf(&b, "%d", 42), 0);
		cr_assert_str_eq(b.p + 300000, "42");
		lf_buf_free(&b);
	}
}
