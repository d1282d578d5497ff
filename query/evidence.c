/*
 * evidence.c - the provisions that show why a law matched a risk category:
 * a search by --risk without words, or a query naming a taxonomy concept,
 * lists a law's evidence provisions for those categories (the tagger's
 * evidence, kept in the law's record, core/schema.h) rather than the
 * provisions with the most query words: "data localisation" shows GR
 * 71/2019's localisation rule (Pasal 20), not the articles that say
 * "data" most.
 */
#include <stdlib.h>
#include <string.h>

#include "core/rec.h"
#include "query/evidence.h"
#include "query/query.h"

typedef struct cand {
	double strength;
	size_t i; /* index in the law's evidence */
} cand;

/* Strongest first; equal strengths in the tagger's order. */
static int cmp_strength(const void *x, const void *y)
{
	const cand *a = x, *b = y;

	if (a->strength != b->strength)
		return a->strength < b->strength ? 1 : -1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Indexes of the evidence entries to list into out (room for max),
 * strongest first: categories in mask, one entry per provision, at most
 * max.  Returns how many, or (size_t)-1 when out of memory. */
static size_t pick(const lf_db *db, uint64_t mask, const lf_tagged_law *t, unsigned max, size_t *out)
{
	cand *c = malloc((t->nevidence + 1) * sizeof *c);
	size_t nc = 0, n = 0;

	if (!c)
		return (size_t)-1;
	for (size_t i = 0; i < t->nevidence; i++) {
		const lf_evidence *e = &t->evidence[i];
		int k = lf_q_cat_index(db, e->category);
		if (k >= 0 && k < 64 && (mask & ((uint64_t)1 << k)) && e->prov_id && *e->prov_id) {
			c[nc].strength = e->strength;
			c[nc++].i = i;
		}
	}
	qsort(c, nc, sizeof *c, cmp_strength);
	for (size_t i = 0; i < nc && n < max; i++) {
		int dup = 0;
		for (size_t k = 0; k < n && !dup; k++)
			dup = !strcmp(t->evidence[out[k]].prov_id, t->evidence[c[i].i].prov_id);
		if (!dup)
			out[n++] = c[i].i;
	}
	free(c);
	return n;
}

/* Kind and heading of each picked provision from the law's contents. */
static int fill_from_toc(const lf_buf *law_data, lf_hit_prov *p, size_t n, lf_arena *a)
{
	lf_buf val;
	size_t pos = 0, found = 0;
	int rc = 0;

	lf_buf_init(&val, 0);
	while (found < n) {
		const char *kp, *vp, *id, *e;
		size_t kl, vl;
		if (!lf_rec_line(lf_buf_str(law_data), law_data->n, &pos, &kp, &kl, &vp, &vl))
			break;
		if (kl != 3 || memcmp(kp, "toc", 3))
			continue;
		if ((rc = lf_rec_unescape(vp, vl, &val)) != 0)
			break;
		/* depth US kind US id US label US heading */
		id = strchr(lf_buf_str(&val), '\x1f');
		id = id ? strchr(id + 1, '\x1f') : NULL;
		if (!id)
			continue;
		id++;
		e = strchr(id, '\x1f');
		if (!e)
			continue;
		for (size_t k = 0; k < n; k++)
			if (strlen(p[k].id) == (size_t)(e - id) && !memcmp(p[k].id, id, (size_t)(e - id))) {
				lf_toc_view tv;
				lf_q_toc_parse(a, lf_buf_str(&val), &tv);
				p[k].kind = tv.kind;
				p[k].heading = tv.heading;
				if (!*p[k].label)
					p[k].label = tv.label;
				found++;
			}
	}
	lf_buf_free(&val);
	return rc ? LF_ENOMEM : 0;
}

int lf_q_evidence_provisions(const lf_db *db, uint64_t mask, const lf_tagged_law *t, const lf_buf *law_data,
                             unsigned max, lf_arena *a, lf_hit *h)
{
	size_t *idx, n;

	if (!max || !mask || !t->nevidence)
		return 0;
	if (!(idx = malloc(max * sizeof *idx)))
		return LF_ENOMEM;
	n = pick(db, mask, t, max, idx);
	if (!n || n == (size_t)-1) {
		free(idx);
		return n ? LF_ENOMEM : 0;
	}
	if (!(h->provs = lf_arena_alloc(a, (n + 1) * sizeof *h->provs))) {
		free(idx);
		return LF_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const lf_evidence *e = &t->evidence[idx[i]];
		lf_hit_prov *p = &h->provs[i];
		p->id = e->prov_id;
		p->kind = "";
		p->label = e->label ? e->label : "";
		p->heading = "";
		p->snippet = e->excerpt ? e->excerpt : "";
		p->score = e->strength;
	}
	h->nprovs = n;
	free(idx);
	return law_data ? fill_from_toc(law_data, h->provs, n, a) : 0;
}

uint64_t lf_q_law_mask(const lf_db *db, const lf_tagged_law *t)
{
	uint64_t m = 0;

	for (size_t r = 0; r < t->nrisks; r++) {
		int c = t->risks[r].tagged ? lf_q_cat_index(db, t->risks[r].category) : -1;
		if (c >= 0 && c < 64)
			m |= (uint64_t)1 << c;
	}
	return m;
}
