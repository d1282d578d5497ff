/*
 * align.h - Smith-Waterman local alignment with affine gaps (Gotoh) over
 * token sequences: which span of a draft matches which span of a law's
 * provision, allowing for substituted words (mismatches), inserted and
 * dropped words (gaps).
 *
 * Tokens are 32-bit ids (a hash of the folded token, lf_align_token_id).
 * The score of an alignment is the sum of +match per aligned equal pair,
 * -mismatch per aligned unequal pair, -gap_open for the first and
 * -gap_extend for each further token of a gap.  lf_align finds the best
 * local alignment; repeated calls with mask set find the next best ones
 * that use none of the tokens already aligned (Waterman-Eggert style), so a
 * draft whose sentences were reordered or taken from several places still
 * gets each part aligned.
 */
#ifndef LF_ALIGN_H
#define LF_ALIGN_H

#include <stddef.h>
#include <stdint.h>

typedef struct lf_align_params {
	double match, mismatch, gap_open, gap_extend; /* all positive */
} lf_align_params;

/* match 2, mismatch 1, gap open 3, gap extend 0.5: an edited copy (one word
 * in five substituted) still scores about half of a verbatim one. */
#define LF_ALIGN_DEFAULTS {2.0, 1.0, 3.0, 0.5}

typedef struct lf_alignment {
	double score;
	size_t a_start, a_end;  /* aligned span in a: [a_start, a_end) tokens */
	size_t b_start, b_end;  /* in b */
	size_t matches;         /* equal aligned pairs */
} lf_alignment;

/* Longest sequences aligned at once; longer ones are cut (the caller aligns
 * windows).  Memory is (na+1)*(nb+1) bytes of traceback plus O(nb) scores. */
#define LF_ALIGN_MAX 4096

typedef struct lf_aligner lf_aligner;

lf_aligner *lf_aligner_new(const lf_align_params *p); /* NULL on ENOMEM */
void lf_aligner_free(lf_aligner *al);

/* Best local alignment of a against b, skipping tokens whose a_mask/b_mask
 * byte is set (NULL: none masked).  If a_hit/b_hit are given, the matched
 * tokens of the alignment get 1 there.  Returns 0 (out->score 0 when
 * nothing aligns) or LF_ENOMEM. */
int lf_align(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask,
             const uint32_t *b, size_t nb, const uint8_t *b_mask, lf_alignment *out,
             uint8_t *a_hit, uint8_t *b_hit);

/* lf_align (b_mask NULL) when the best alignment scores min_score or more:
 * then the same alignment, found with the programme run only on the parts
 * of b where such an alignment can lie (windows of b holding enough of a's
 * tokens; align.c says why that is exact).  When the best scores less,
 * some result scoring less than min_score (score 0 when no part of b can
 * hold one).  For a short a against a long b it computes a small part of
 * the cells.  With parameters that are not multiples of 1/2 (the defaults
 * are), it is lf_align, whole. */
int lf_align_min(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask,
                 const uint32_t *b, size_t nb, double min_score, lf_alignment *out,
                 uint8_t *a_hit, uint8_t *b_hit);

/* Cells (a tokens x b tokens) the aligner has computed since it was made. */
uint64_t lf_aligner_cells(const lf_aligner *al);

/* A token's id: FNV-1a of its folded bytes (never 0). */
uint32_t lf_align_token_id(const char *p, size_t n);

#endif
