/* align.c - Smith-Waterman-Gotoh local alignment (align.h). */
#include "precedent/align.h"
#include "core/err.h"

#include <stdlib.h>
#include <string.h>

struct lf_aligner {
	lf_align_params p;
	uint64_t cells;       /* cells computed so far (lf_aligner_cells) */
	int halves;           /* the parameters are halves: align_score can run */
	int *ih, *ie;         /* its rows */
	size_t icap;
	uint32_t *keys;       /* lf_align_min's count table: a token id (0: free), */
	uint32_t *cnt_a, *cnt_w; /* its count in a and in the window of b */
	size_t keycap;
	uint8_t *tb;          /* traceback, (na+1) x (nb+1) */
	size_t tbcap;
	double *h, *e;        /* per column: H of the previous row, and the
	                         state of a gap running down the column */
	size_t rowcap;
};

/* traceback byte: bits 0-1 where H came from (E: a gap consuming b, from
 * the left; F: a gap consuming a, from above), bit 2 E extended an E, bit 3
 * F extended an F */
enum { FROM_ZERO = 0, FROM_DIAG = 1, FROM_E = 2, FROM_F = 3 };
#define E_EXT 4
#define F_EXT 8

/* 2p as an int if that is exact and small (the default parameters are
 * halves), else -1. */
static int twice(double p)
{
	return p >= 0 && p <= 1000 && 2 * p == (double)(int)(2 * p) ? (int)(2 * p) : -1;
}

lf_aligner *lf_aligner_new(const lf_align_params *p)
{
	lf_aligner *al = calloc(1, sizeof *al);
	static const lf_align_params dflt = LF_ALIGN_DEFAULTS;

	if (!al)
		return NULL;
	al->p = p ? *p : dflt;
	al->halves = twice(al->p.match) > 0 && twice(al->p.mismatch) >= 0 && twice(al->p.gap_open) >= 0 &&
	             twice(al->p.gap_extend) >= 0;
	return al;
}

void lf_aligner_free(lf_aligner *al)
{
	if (!al)
		return;
	free(al->tb);
	free(al->h);
	free(al->e);
	free(al->ih);
	free(al->ie);
	free(al->keys);
	free(al->cnt_a);
	free(al->cnt_w);
	free(al);
}

uint32_t lf_align_token_id(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h ? h : 1;
}

uint64_t lf_aligner_cells(const lf_aligner *al)
{
	return al->cells;
}

/* The two rows of scores for a b of w - 1 tokens; LF_ENOMEM if they cannot be had. */
static int grow_rows(lf_aligner *al, size_t w)
{
	if (w > al->rowcap) {
		double *h = realloc(al->h, w * sizeof *h), *e;
		if (!h)
			return LF_ENOMEM;
		al->h = h;
		if (!(e = realloc(al->e, w * sizeof *e)))
			return LF_ENOMEM;
		al->e = e;
		al->rowcap = w;
	}
	return 0;
}

/* The best score of align_dp (below) and its cell, out->a_end and
 * out->b_end, without the traceback matrix, at a fraction of the cost.
 * In integers, each score doubled: with parameters that are halves (the
 * defaults are; lf_align_min runs align_dp itself for others) every value
 * is exact both ways, so the comparisons, the best score and its cell are
 * align_dp's.  b has no mask here. */
static int align_score(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask,
                       const uint32_t *b, size_t nb, lf_alignment *out)
{
	const int NEG = -(1 << 28), match = twice(al->p.match), mismatch = twice(al->p.mismatch);
	const int open = twice(al->p.gap_open), ext = twice(al->p.gap_extend);
	int best = 0, *H, *E;
	size_t bi = 0, bj = 0;

	memset(out, 0, sizeof *out);
	if (!na || !nb)
		return 0;
	if (nb + 1 > al->icap) {
		int *h = realloc(al->ih, (nb + 1) * sizeof *h), *e;
		if (!h)
			return LF_ENOMEM;
		al->ih = h;
		if (!(e = realloc(al->ie, (nb + 1) * sizeof *e)))
			return LF_ENOMEM;
		al->ie = e;
		al->icap = nb + 1;
	}
	al->cells += (uint64_t)na * nb;
	H = al->ih;
	E = al->ie;
	for (size_t j = 0; j <= nb; j++) {
		H[j] = 0;
		E[j] = NEG;
	}
	for (size_t i = 1; i <= na; i++) {
		int hdiag = 0, hleft = 0, f = NEG;
		uint32_t ai = a[i - 1];
		if (a_mask && a_mask[i - 1]) {
			/* a used token: nothing passes through it */
			for (size_t j = 1; j <= nb; j++) {
				H[j] = 0;
				E[j] = NEG;
			}
			continue;
		}
		for (size_t j = 1; j <= nb; j++) {
			int hup = H[j], h = hdiag + (ai == b[j - 1] ? match : -mismatch), fo = hup - open, fe = E[j] - ext;
			hdiag = hup;
			E[j] = fe > fo ? fe : fo;
			if (E[j] > h)
				h = E[j];
			fo = hleft - open;
			fe = f - ext;
			f = fe > fo ? fe : fo;
			if (f > h)
				h = f;
			if (h < 0)
				h = 0;
			H[j] = h;
			hleft = h;
			if (h > best) {
				best = h;
				bi = i;
				bj = j;
			}
		}
	}
	out->score = best / 2.0;
	out->a_end = bi;
	out->b_end = bj;
	return 0;
}

/* The dynamic programme of lf_align on a[na] x b[nb], both at most
 * LF_ALIGN_MAX. */
static int align_dp(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask,
                    const uint32_t *b, size_t nb, const uint8_t *b_mask, lf_alignment *out,
                    uint8_t *a_hit, uint8_t *b_hit)
{
	const double NEG = -1e30;
	const lf_align_params *p = &al->p;
	double best = 0;
	size_t bi = 0, bj = 0, i, j, w;

	memset(out, 0, sizeof *out);
	if (!na || !nb)
		return 0;
	al->cells += (uint64_t)na * nb;
	w = nb + 1;
	if ((na + 1) * w > al->tbcap) {
		uint8_t *t = realloc(al->tb, (na + 1) * w);
		if (!t)
			return LF_ENOMEM;
		al->tb = t;
		al->tbcap = (na + 1) * w;
	}
	if (grow_rows(al, w))
		return LF_ENOMEM;
	for (j = 0; j < w; j++) {
		al->h[j] = 0;
		al->e[j] = NEG;
		al->tb[j] = FROM_ZERO;
	}
	for (i = 1; i <= na; i++) {
		double hdiag = 0, hleft = 0, f = NEG; /* H[i-1][j-1], H[i][j-1], F */
		uint8_t *row = al->tb + i * w;
		int amask = a_mask && a_mask[i - 1];
		row[0] = FROM_ZERO;
		for (j = 1; j <= nb; j++) {
			double hup = al->h[j], s, h;
			uint8_t t = 0;
			if (amask || (b_mask && b_mask[j - 1])) {
				/* a used token: nothing passes through it */
				al->e[j] = NEG;
				f = NEG;
				hdiag = hup;
				al->h[j] = 0;
				hleft = 0;
				row[j] = FROM_ZERO;
				continue;
			}
			s = a[i - 1] == b[j - 1] ? p->match : -p->mismatch;
			h = hdiag + s;
			t = FROM_DIAG;
			hdiag = hup;
			/* a gap consuming a_i (from above): kept per column in e[] */
			{
				double fo = hup - p->gap_open, fe = al->e[j] - p->gap_extend;
				double fv = fe > fo ? fe : fo;
				if (fe > fo)
					t |= F_EXT;
				al->e[j] = fv; /* column-wise gap state */
				if (fv > h) {
					h = fv;
					t = (uint8_t)((t & ~3) | FROM_F);
				}
			}
			/* a gap consuming b_j (from the left): kept in the scalar f */
			{
				double eo = hleft - p->gap_open, ee = f - p->gap_extend;
				double ev = ee > eo ? ee : eo;
				if (ee > eo)
					t |= E_EXT;
				f = ev;
				if (ev > h) {
					h = ev;
					t = (uint8_t)((t & ~3) | FROM_E);
				}
			}
			if (h <= 0) {
				h = 0;
				t = (uint8_t)(t & ~3); /* FROM_ZERO */
			}
			al->h[j] = h;
			hleft = h;
			row[j] = t;
			if (h > best) {
				best = h;
				bi = i;
				bj = j;
			}
		}
	}
	if (best <= 0)
		return 0;
	/* trace back from the best cell */
	{
		size_t ci = bi, cj = bj, si = bi, sj = bj, m = 0;
		int state = 0; /* 0 H, 1 E (left), 2 F (up) */
		while (ci > 0 && cj > 0) {
			uint8_t t = al->tb[ci * w + cj];
			if (state == 0) {
				int src = t & 3;
				if (src == FROM_ZERO)
					break;
				if (src == FROM_DIAG) {
					if (a[ci - 1] == b[cj - 1]) {
						m++;
						if (a_hit)
							a_hit[ci - 1] = 1;
						if (b_hit)
							b_hit[cj - 1] = 1;
					}
					si = ci - 1;
					sj = cj - 1;
					ci--;
					cj--;
				} else {
					state = src == FROM_E ? 1 : 2;
				}
			} else if (state == 1) {
				state = t & E_EXT ? 1 : 0;
				cj--;
			} else {
				state = t & F_EXT ? 2 : 0;
				ci--;
			}
		}
		out->score = best;
		out->a_start = si;
		out->a_end = bi;
		out->b_start = sj;
		out->b_end = bj;
		out->matches = m;
	}
	return 0;
}

int lf_align(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask,
             const uint32_t *b, size_t nb, const uint8_t *b_mask, lf_alignment *out,
             uint8_t *a_hit, uint8_t *b_hit)
{
	if (na > LF_ALIGN_MAX)
		na = LF_ALIGN_MAX;
	if (nb > LF_ALIGN_MAX)
		nb = LF_ALIGN_MAX;
	return align_dp(al, a, na, a_mask, b, nb, b_mask, out, a_hit, b_hit);
}

/* ------------------------------------------------------ lf_align_min */

/* The slot of token id k in the count table (its own, or the free one). */
static size_t key_slot(const lf_aligner *al, uint32_t k)
{
	size_t i = (size_t)(k * 2654435761u) & (al->keycap - 1);

	while (al->keys[i] && al->keys[i] != k)
		i = (i + 1) & (al->keycap - 1);
	return i;
}

/* The count table of a's unmasked tokens; the number of them in *n. */
static int count_a(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask, size_t *n)
{
	size_t cap = 16;

	while (cap < 2 * na)
		cap *= 2;
	if (cap > al->keycap) {
		uint32_t *k = realloc(al->keys, cap * sizeof *k), *ca, *cw;
		if (!k)
			return LF_ENOMEM;
		al->keys = k;
		if (!(ca = realloc(al->cnt_a, cap * sizeof *ca)))
			return LF_ENOMEM;
		al->cnt_a = ca;
		if (!(cw = realloc(al->cnt_w, cap * sizeof *cw)))
			return LF_ENOMEM;
		al->cnt_w = cw;
		al->keycap = cap;
	}
	memset(al->keys, 0, al->keycap * sizeof *al->keys);
	*n = 0;
	for (size_t i = 0; i < na; i++) {
		size_t s;
		if (a_mask && a_mask[i])
			continue;
		s = key_slot(al, a[i]);
		if (!al->keys[s]) {
			al->keys[s] = a[i];
			al->cnt_a[s] = al->cnt_w[s] = 0;
		}
		al->cnt_a[s]++;
		++*n;
	}
	return 0;
}

/* A window of b token k enters (d 1) or leaves (d -1): the change in the
 * window's matchable count, sum over ids of min(count in a, in window). */
static int window_step(lf_aligner *al, uint32_t k, int d)
{
	size_t s = key_slot(al, k);

	if (!al->keys[s])
		return 0;
	if (d > 0)
		return al->cnt_w[s]++ < al->cnt_a[s];
	return --al->cnt_w[s] < al->cnt_a[s] ? -1 : 0;
}

/* True when the later of two alignments' end cells comes first in the
 * order the programme scans them (row by row of a): lf_align keeps the
 * first cell that reaches the best score. */
static int scans_first(const lf_alignment *x, const lf_alignment *y)
{
	return x->a_end < y->a_end || (x->a_end == y->a_end && x->b_end < y->b_end);
}

/* The score-only programme on b[range_s, range_e) (nothing when empty):
 * it becomes *best, starting at *best_s, when it scores more, or as much
 * and its end comes first in lf_align's scan.  0, or LF_ENOMEM. */
static int score_range(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask, const uint32_t *b,
                       size_t range_s, size_t range_e, lf_alignment *best, size_t *best_s)
{
	lf_alignment r;
	int rc;

	if (range_e <= range_s)
		return 0;
	if ((rc = align_score(al, a, na, a_mask, b + range_s, range_e - range_s, &r)) != 0)
		return rc;
	r.b_start += range_s;
	r.b_end += range_s;
	if (r.score > best->score || (r.score == best->score && r.score > 0 && scans_first(&r, best))) {
		*best = r;
		*best_s = range_s;
	}
	return 0;
}

/*
 * Why the windows: an alignment scoring min_score or more has m equal
 * pairs with m x match >= min_score, and it spans at most W tokens of b,
 * W = na + the longest gap in b it can afford: its a-span holds its m
 * pairs and x mismatches (m + x <= na), and its gaps in b, g tokens, cost
 * at least gap_open + gap_extend x (g - 1) of a score of at most match x
 * na.  So it lies inside a window of W tokens of b holding at least m
 * tokens that a can pair (counted with multiplicity).  The programme runs
 * on the union of such windows only, range by range; every cell of the
 * best alignment's path has there the value and the choice it has over
 * the whole of b (the path is inside, the other paths can only lose), so
 * the result is lf_align's.
 */
int lf_align_min(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask,
                 const uint32_t *b, size_t nb, double min_score, lf_alignment *out,
                 uint8_t *a_hit, uint8_t *b_hit)
{
	const lf_align_params *p = &al->p;
	size_t nua, win, need_start = 0, range_s = 0, range_e = 0, best_s = 0;
	long c = 0;
	int rc;
	double gmax;
	lf_alignment best, r;

	memset(out, 0, sizeof *out);
	if (na > LF_ALIGN_MAX)
		na = LF_ALIGN_MAX;
	if (nb > LF_ALIGN_MAX)
		nb = LF_ALIGN_MAX;
	if (!na || !nb)
		return 0;
	if (min_score <= 0 || p->gap_extend <= 0 || p->gap_open < p->gap_extend || p->match <= 0 || !al->halves)
		return align_dp(al, a, na, a_mask, b, nb, NULL, out, a_hit, b_hit);
	if ((rc = count_a(al, a, na, a_mask, &nua)) != 0)
		return rc;
	if ((double)nua * p->match < min_score)
		return 0; /* even all of a cannot score it */
	gmax = (p->match * (double)nua - min_score - p->gap_open) / p->gap_extend + 1;
	win = nua + (gmax > 0 ? (size_t)gmax + 1 : 0);
	if (win > nb)
		win = nb;
	memset(&best, 0, sizeof best);
	/* slide the window over b; join the windows that qualify into ranges */
	for (size_t e = 0; e < nb; e++) {
		c += window_step(al, b[e], 1);
		if (e >= win)
			c += window_step(al, b[e - win], -1);
		if (e + 1 < win && e + 1 < nb)
			continue; /* the first window is not full yet */
		need_start = e + 1 - win;
		if ((double)c * p->match < min_score)
			continue;
		if (range_e > range_s && need_start <= range_e) {
			range_e = e + 1; /* overlaps (or touches) the range: extend it */
			continue;
		}
		if ((rc = score_range(al, a, na, a_mask, b, range_s, range_e, &best, &best_s)) != 0)
			return rc;
		range_s = need_start;
		range_e = e + 1;
	}
	if ((rc = score_range(al, a, na, a_mask, b, range_s, range_e, &best, &best_s)) != 0)
		return rc;
	if (best.score <= 0)
		return 0;
	if (best.score < min_score) {
		*out = best; /* below min_score: its score is all that is promised */
		return 0;
	}
	/* the winning range, up to the best cell, again with its traceback:
	 * the start, the equal pairs, the marks */
	if ((rc = align_dp(al, a, na, a_mask, b + best_s, best.b_end - best_s, NULL, &r, a_hit,
	                   b_hit ? b_hit + best_s : NULL)) != 0)
		return rc;
	r.b_start += best_s;
	r.b_end += best_s;
	*out = r;
	return 0;
}
