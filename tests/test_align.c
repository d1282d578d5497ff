/*
 * test_align.c - the Smith-Waterman-Gotoh aligner (core/align.c) on known
 * pairs: scores and span boundaries, substitutions, affine gaps, masking
 * (the next best alignment), and nothing in common.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "precedent/align.h"

/* Token ids from a string of letters: one token per letter. */
static size_t ids(const char *s, uint32_t *out)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s != ' ')
			out[n++] = lf_align_token_id(s, 1);
	return n;
}

static lf_alignment align(const char *a, const char *b, const uint8_t *amask)
{
	static const lf_align_params p = LF_ALIGN_DEFAULTS; /* +2, -1, open 3, extend 0.5 */
	uint32_t x[256], y[256];
	size_t na = ids(a, x), nb = ids(b, y);
	lf_aligner *al = lf_aligner_new(&p);
	lf_alignment r;

	cr_assert_not_null(al);
	cr_assert_eq(lf_align(al, x, na, amask, y, nb, NULL, &r, NULL, NULL), 0);
	lf_aligner_free(al);
	return r;
}

Test(align, identical)
{
	lf_alignment r = align("ABCDEFGH", "ABCDEFGH", NULL);

	cr_assert_float_eq(r.score, 16.0, 1e-9);
	cr_assert_eq(r.a_start, 0);
	cr_assert_eq(r.a_end, 8);
	cr_assert_eq(r.b_start, 0);
	cr_assert_eq(r.b_end, 8);
	cr_assert_eq(r.matches, 8);
}

Test(align, local_span_inside_both)
{
	/* the shared run ABCDE, at 3..8 in a and 1..6 in b */
	lf_alignment r = align("xyzABCDEw", "pABCDEqrs", NULL);

	cr_assert_float_eq(r.score, 10.0, 1e-9);
	cr_assert_eq(r.a_start, 3);
	cr_assert_eq(r.a_end, 8);
	cr_assert_eq(r.b_start, 1);
	cr_assert_eq(r.b_end, 6);
	cr_assert_eq(r.matches, 5);
}

Test(align, substitution_is_a_mismatch)
{
	/* a name substituted in the middle: 6 matches, 1 mismatch */
	lf_alignment r = align("ABCXEFG", "ABCDEFG", NULL);

	cr_assert_float_eq(r.score, 6 * 2.0 - 1.0, 1e-9);
	cr_assert_eq(r.a_start, 0);
	cr_assert_eq(r.a_end, 7);
	cr_assert_eq(r.matches, 6);
}

Test(align, affine_gap)
{
	/* two words inserted: one gap of 2 costs 3 + 0.5, not 2 x 3 */
	lf_alignment r = align("ABCDEFGH", "ABCDQQEFGH", NULL);

	cr_assert_float_eq(r.score, 8 * 2.0 - 3.5, 1e-9);
	cr_assert_eq(r.b_start, 0);
	cr_assert_eq(r.b_end, 10);
	cr_assert_eq(r.matches, 8);
	/* and a deletion the other way round scores the same */
	r = align("ABCDQQEFGH", "ABCDEFGH", NULL);
	cr_assert_float_eq(r.score, 8 * 2.0 - 3.5, 1e-9);
}

Test(align, a_gap_too_costly_splits_the_alignment)
{
	/* 2 + 2 matches around a 10-token gap: the gap costs more than the
	 * second half gains, so the best is one half */
	lf_alignment r = align("ABCDEF", "ABCqqqqqqqqqqDEF", NULL);

	cr_assert_float_eq(r.score, 6.0, 1e-9);
	cr_assert_eq(r.a_end - r.a_start, 3);
}

Test(align, mask_finds_the_next_best)
{
	/* two reordered sentences: the longer one first, then, with it
	 * masked, the other */
	uint8_t mask[32] = {0};
	lf_alignment r = align("ABCDEFG HIJKL", "HIJKL xx ABCDEFG", NULL);

	cr_assert_eq(r.a_start, 0);
	cr_assert_eq(r.a_end, 7);
	memset(mask + r.a_start, 1, r.a_end - r.a_start);
	r = align("ABCDEFG HIJKL", "HIJKL xx ABCDEFG", mask);
	cr_assert_eq(r.a_start, 7);
	cr_assert_eq(r.a_end, 12);
	cr_assert_eq(r.b_start, 0);
	cr_assert_eq(r.b_end, 5);
	cr_assert_float_eq(r.score, 10.0, 1e-9);
}

Test(align, nothing_in_common)
{
	lf_alignment r = align("ABCDEF", "uvwxyz", NULL);

	cr_assert_eq(r.score, 0);
	cr_assert_eq(r.matches, 0);
	r = align("", "uvwxyz", NULL);
	cr_assert_eq(r.score, 0);
}

Test(align, hits_mark_the_equal_tokens)
{
	static const lf_align_params p = LF_ALIGN_DEFAULTS;
	uint32_t x[16], y[16];
	size_t na = ids("ABCXEF", x), nb = ids("ABCDEF", y);
	uint8_t ha[16] = {0}, hb[16] = {0};
	lf_aligner *al = lf_aligner_new(&p);
	lf_alignment r;

	cr_assert_eq(lf_align(al, x, na, NULL, y, nb, NULL, &r, ha, hb), 0);
	cr_assert_eq(memcmp(ha, (uint8_t[]){1, 1, 1, 0, 1, 1}, 6), 0);
	cr_assert_eq(memcmp(hb, (uint8_t[]){1, 1, 1, 0, 1, 1}, 6), 0);
	lf_aligner_free(al);
}

Test(align, long_sequences_are_capped)
{
	static const lf_align_params p = LF_ALIGN_DEFAULTS;
	size_t n = LF_ALIGN_MAX + 1000;
	uint32_t *x = malloc(n * sizeof *x);
	lf_aligner *al = lf_aligner_new(&p);
	lf_alignment r;

	for (size_t i = 0; i < n; i++)
		x[i] = (uint32_t)(i % 97 + 1);
	cr_assert_eq(lf_align(al, x, n, NULL, x, n, NULL, &r, NULL, NULL), 0);
	cr_assert_leq(r.a_end, LF_ALIGN_MAX);
	cr_assert_float_eq(r.score, 2.0 * LF_ALIGN_MAX, 1e-6);
	lf_aligner_free(al);
	free(x);
}
