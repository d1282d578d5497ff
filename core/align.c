/* align.c - Smith-Waterman-Gotoh local alignment (align.h). */
#include "align.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>

struct lf_aligner {
	lf_align_params p;
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

lf_aligner *lf_aligner_new(const lf_align_params *p)
{
	lf_aligner *al = calloc(1, sizeof *al);
	static const lf_align_params dflt = LF_ALIGN_DEFAULTS;

	if (!al)
		return NULL;
	al->p = p ? *p : dflt;
	return al;
}

void lf_aligner_free(lf_aligner *al)
{
	if (!al)
		return;
	free(al->tb);
	free(al->h);
	free(al->e);
	free(al);
}

uint32_t lf_align_token_id(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h ? h : 1;
}

int lf_align(lf_aligner *al, const uint32_t *a, size_t na, const uint8_t *a_mask,
             const uint32_t *b, size_t nb, const uint8_t *b_mask, lf_alignment *out,
             uint8_t *a_hit, uint8_t *b_hit)
{
	const double NEG = -1e30;
	const lf_align_params *p = &al->p;
	double best = 0;
	size_t bi = 0, bj = 0, i, j, w;

	memset(out, 0, sizeof *out);
	if (na > LF_ALIGN_MAX)
		na = LF_ALIGN_MAX;
	if (nb > LF_ALIGN_MAX)
		nb = LF_ALIGN_MAX;
	if (!na || !nb)
		return 0;
	w = nb + 1;
	if ((na + 1) * w > al->tbcap) {
		uint8_t *t = realloc(al->tb, (na + 1) * w);
		if (!t)
			return LF_ENOMEM;
		al->tb = t;
		al->tbcap = (na + 1) * w;
	}
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
