/*
 * reuse.c - every significant reuse between provisions of different laws
 * in the index (lf_reuse, lexfrag.h).
 *
 * Comparing every pair of provisions is quadratic, so a blocking step
 * proposes the pairs worth aligning: each provision's token 5-shingles
 * (10 for CJK, whose tokens are characters) get a MinHash signature of
 * NHASH values, cut into NBAND bands of ROWS values; two provisions that
 * share a band's values in some band are a candidate pair (locality-
 * sensitive hashing: pairs whose shingle sets have a Jaccard similarity
 * of about 0.2 or more are likely to collide in some band).  Candidate
 * pairs from different laws are then aligned (core/align.h) and kept from
 * min_score on.  The same law read from two files ("id" and "id~format")
 * is not reuse and is skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/align.h"
#include "../core/rec.h"
#include "../core/schema.h"
#include "../core/text.h"
#include "../core/tx_int.h"
#include "query.h"

#define NHASH 40
#define ROWS 2
#define NBAND (NHASH / ROWS)
#define MIN_TOKENS 12        /* shorter provisions are not compared */
#define MAX_TOKENS 4000      /* tokens kept per provision */
#define MAX_BUCKET 64        /* a band value shared by more is boilerplate */
#define PAGE 1000
#define DEFAULT_MIN_SCORE 40.0

typedef struct unit {
	uint32_t law;        /* index into laws */
	uint32_t toc;        /* the provision's toc index in its law */
	uint32_t *tok;       /* folded token ids */
	uint32_t *off, *len; /* their bytes in text */
	uint32_t ntok;
	char *text;
} unit;

typedef struct law {
	char *id;
	size_t base;         /* length of the id before "~" */
	char *data;          /* its record (labels are read from it at the end) */
	size_t ndata;
} law;

typedef struct bucket {
	uint64_t key;
	uint32_t unit;
} bucket;

typedef struct found {
	uint32_t a, b;
	lf_alignment al;
} found;

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* MinHash of the unit's k-shingles. */
static void signature(const unit *u, uint32_t *sig)
{
	size_t k = 5, ncjk = 0;

	for (int h = 0; h < NHASH; h++)
		sig[h] = UINT32_MAX;
	for (uint32_t i = 0; i < u->ntok; i++)
		ncjk += u->len[i] == 3 && ((unsigned char)u->text[u->off[i]] & 0xF0) == 0xE0;
	if (2 * ncjk > u->ntok)
		k = 10;
	for (uint32_t i = 0; i + k <= u->ntok; i++) {
		uint64_t s = 1469598103934665603ULL;
		for (size_t j = 0; j < k; j++)
			s = mix64(s ^ u->tok[i + j]);
		for (int h = 0; h < NHASH; h++) {
			uint32_t v = (uint32_t)mix64(s + 0x9e3779b97f4a7c15ULL * (uint64_t)(h + 1));
			if (v < sig[h])
				sig[h] = v;
		}
	}
}

static int cmp_bucket(const void *a, const void *b)
{
	const bucket *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static int cmp_pair(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;
	return *x < *y ? -1 : *x > *y;
}

static int cmp_found(const void *a, const void *b)
{
	const found *x = a, *y = b;
	if (x->al.score != y->al.score)
		return x->al.score < y->al.score ? 1 : -1;
	return x->a < y->a ? -1 : x->a > y->a;
}

typedef struct state {
	lf_db *db;
	law *laws;
	size_t nlaws, caplaws;
	unit *units;
	size_t nunits, capunits;
} state;

/* Reads every law's provisions into units. */
static int load(state *s, lf_err *err)
{
	lf_xquery *q = lf_xquery_term(LF_TERM_DOCLAW);
	lf_buf data, tmp;
	lf_chunk_cache cache;
	unsigned offset = 0;
	int rc = 0;

	if (!q)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	lf_buf_init(&data, 0);
	lf_buf_init(&tmp, 0);
	lf_q_chunk_init(&cache);
	for (;;) {
		lf_xsearch so;
		lf_xmset *ms = NULL;
		size_t n;
		lf_xsearch_init(&so);
		so.offset = offset;
		so.limit = PAGE;
		so.sort_slot = LF_SLOT_LAWID; /* a stable order */
		if ((rc = lf_xdb_search(s->db->x, q, &so, &ms, err)) != 0)
			break;
		n = lf_xmset_size(ms);
		for (size_t i = 0; i < n && !rc; i++) {
			lf_q_range *rg = NULL;
			size_t nrg;
			law *l;
			if ((rc = lf_xmset_data(ms, i, &data, err)) != 0)
				break;
			if (s->nlaws == s->caplaws) {
				law *g = realloc(s->laws, (s->caplaws = s->caplaws ? s->caplaws * 2 : 256) * sizeof *g);
				if (!g) {
					rc = lf_err_set(err, LF_ENOMEM, "out of memory");
					break;
				}
				s->laws = g;
			}
			l = &s->laws[s->nlaws];
			lf_buf_reset(&tmp);
			lf_rec_get(lf_buf_str(&data), data.n, "id", &tmp);
			if (!tmp.n) {
				/* the id is the writer's: from the collapse value */
				lf_xmset_value(ms, i, LF_SLOT_LAWID, &tmp, err);
			}
			l->id = strdup(lf_buf_str(&tmp));
			l->base = l->id ? strcspn(l->id, "~") : 0;
			l->data = malloc(data.n + 1);
			if (!l->id || !l->data) {
				free(l->id);
				free(l->data);
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			memcpy(l->data, lf_buf_str(&data), data.n + 1);
			l->ndata = data.n;
			s->nlaws++;
			lf_buf_reset(&tmp);
			lf_rec_get(lf_buf_str(&data), data.n, "ranges", &tmp);
			nrg = tmp.n ? lf_q_ranges_parse(lf_buf_str(&tmp), &rg) : 0;
			/* the chunk cache holds one law's chunk: start afresh */
			lf_q_chunk_free(&cache);
			lf_q_chunk_init(&cache);
			for (size_t k = 0; k < nrg && !rc; k++) {
				unit *u;
				tx_text_tok *tt = NULL;
				size_t nt = 0, cap = 0;
				lf_buf folded;
				if (rg[k].chunk < 0 || rg[k].len < 40)
					continue;
				if (lf_q_text_at(s->db, l->id, rg[k].chunk, rg[k].off, rg[k].len, &cache, &tmp, err) != 0) {
					lf_err_clear(err);
					continue;
				}
				lf_buf_init(&folded, 0);
				if (lf_tx_tokenize(lf_buf_str(&tmp), tmp.n, &tt, &nt, &cap, &folded) || nt < MIN_TOKENS) {
					free(tt);
					lf_buf_free(&folded);
					continue;
				}
				if (nt > MAX_TOKENS)
					nt = MAX_TOKENS;
				if (s->nunits == s->capunits) {
					unit *g = realloc(s->units, (s->capunits = s->capunits ? s->capunits * 2 : 1024) * sizeof *g);
					if (!g) {
						free(tt);
						lf_buf_free(&folded);
						rc = lf_err_set(err, LF_ENOMEM, "out of memory");
						break;
					}
					s->units = g;
				}
				u = &s->units[s->nunits];
				u->law = (uint32_t)(s->nlaws - 1);
				u->toc = (uint32_t)rg[k].toc;
				u->ntok = (uint32_t)nt;
				u->tok = malloc(nt * sizeof *u->tok);
				u->off = malloc(nt * sizeof *u->off);
				u->len = malloc(nt * sizeof *u->len);
				u->text = malloc(tmp.n + 1);
				if (!u->tok || !u->off || !u->len || !u->text) {
					free(u->tok);
					free(u->off);
					free(u->len);
					free(u->text);
					rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				} else {
					memcpy(u->text, lf_buf_str(&tmp), tmp.n + 1);
					for (size_t t = 0; t < nt; t++) {
						u->tok[t] = lf_align_token_id(lf_buf_str(&folded) + tt[t].noff, tt[t].nlen);
						u->off[t] = tt[t].off;
						u->len[t] = tt[t].len;
					}
					s->nunits++;
				}
				free(tt);
				lf_buf_free(&folded);
			}
			free(rg);
		}
		lf_xmset_free(ms);
		if (rc || n < PAGE)
			break;
		offset += PAGE;
	}
	lf_xquery_free(q);
	lf_q_chunk_free(&cache);
	lf_buf_free(&data);
	lf_buf_free(&tmp);
	return rc;
}

/* Candidate pairs (a << 32 | b, a < b) from the LSH bands, sorted, unique. */
static int candidates(state *s, uint64_t **out, size_t *nout, lf_err *err)
{
	bucket *bk = malloc((s->nunits * NBAND + 1) * sizeof *bk);
	uint32_t sig[NHASH];
	uint64_t *pairs = NULL;
	size_t np = 0, cap = 0, nb = 0;

	*out = NULL;
	*nout = 0;
	if (!bk)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->nunits; i++) {
		signature(&s->units[i], sig);
		for (int b = 0; b < NBAND; b++) {
			uint64_t key = (uint64_t)(b + 1) * 0x9e3779b97f4a7c15ULL;
			for (int r = 0; r < ROWS; r++)
				key = mix64(key ^ sig[b * ROWS + r]);
			bk[nb].key = key;
			bk[nb++].unit = (uint32_t)i;
		}
	}
	qsort(bk, nb, sizeof *bk, cmp_bucket);
	for (size_t i = 0; i < nb;) {
		size_t j = i;
		while (j < nb && bk[j].key == bk[i].key)
			j++;
		if (j - i > 1 && j - i <= MAX_BUCKET)
			for (size_t x = i; x < j; x++)
				for (size_t y = x + 1; y < j; y++) {
					const unit *ua = &s->units[bk[x].unit], *ub = &s->units[bk[y].unit];
					const law *la = &s->laws[ua->law], *lb = &s->laws[ub->law];
					if (ua->law == ub->law ||
					    (la->base == lb->base && !memcmp(la->id, lb->id, la->base)))
						continue; /* one law, or one law in two files */
					if (np == cap) {
						uint64_t *g = realloc(pairs, (cap = cap ? cap * 2 : 4096) * sizeof *g);
						if (!g) {
							free(pairs);
							free(bk);
							return lf_err_set(err, LF_ENOMEM, "out of memory");
						}
						pairs = g;
					}
					pairs[np++] = (uint64_t)bk[x].unit << 32 | bk[y].unit;
				}
		i = j;
	}
	free(bk);
	if (np) {
		size_t k = 1;
		qsort(pairs, np, sizeof *pairs, cmp_pair);
		for (size_t i = 1; i < np; i++)
			if (pairs[i] != pairs[k - 1])
				pairs[k++] = pairs[i];
		np = k;
	}
	*out = pairs;
	*nout = np;
	return 0;
}

/* Marked text of tokens [from, to) of u (hit ones between STX and ETX). */
static const char *marked(lf_arena *a, const unit *u, size_t from, size_t to, const uint8_t *hit)
{
	lf_buf b;
	const char *s;
	size_t at;

	if (from >= to)
		return "";
	lf_buf_init(&b, 0);
	at = u->off[from];
	for (size_t i = from; i < to; i++) {
		lf_buf_add(&b, u->text + at, u->off[i] - at);
		if (hit[i])
			lf_buf_addc(&b, LF_MARK_START);
		lf_buf_add(&b, u->text + u->off[i], u->len[i]);
		if (hit[i])
			lf_buf_addc(&b, LF_MARK_END);
		at = u->off[i] + u->len[i];
	}
	for (size_t i = 0; i < b.n; i++)
		if (b.p[i] == '\n' || b.p[i] == '\t')
			b.p[i] = ' ';
	s = lf_q_str(a, lf_buf_str(&b), b.n);
	lf_buf_free(&b);
	return s;
}

int lf_reuse(lf_db *db, const lf_reuse_opts *o, int (*on_pair)(const lf_reuse_pair *p, void *ctx),
             void *ctx, lf_reuse_stats *st, lf_err *err)
{
	static const lf_align_params params = LF_ALIGN_DEFAULTS;
	double min = o && o->min_score > 0 ? o->min_score : DEFAULT_MIN_SCORE;
	state s;
	uint64_t *pairs = NULL;
	size_t np = 0, nf = 0, capf = 0;
	found *f = NULL;
	lf_aligner *al = lf_aligner_new(&params);
	int rc;

	memset(&s, 0, sizeof s);
	memset(st, 0, sizeof *st);
	lf_err_clear(err);
	s.db = db;
	if (!al)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	if ((rc = load(&s, err)) != 0 || (rc = candidates(&s, &pairs, &np, err)) != 0)
		goto out;
	st->laws = s.nlaws;
	st->provisions = s.nunits;
	st->candidate_pairs = np;
	for (size_t i = 0; i < np && !rc; i++) {
		const unit *a = &s.units[pairs[i] >> 32], *b = &s.units[pairs[i] & 0xffffffffu];
		lf_alignment r;
		if ((rc = lf_align(al, a->tok, a->ntok, NULL, b->tok, b->ntok, NULL, &r, NULL, NULL)) != 0) {
			lf_err_set(err, rc, "out of memory");
			break;
		}
		if (r.score < min)
			continue;
		if (nf == capf) {
			found *g = realloc(f, (capf = capf ? capf * 2 : 256) * sizeof *g);
			if (!g) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			f = g;
		}
		f[nf].a = (uint32_t)(pairs[i] >> 32);
		f[nf].b = (uint32_t)(pairs[i] & 0xffffffffu);
		f[nf++].al = r;
		if (o && o->on_progress && i % 4096 == 0)
			o->on_progress(i, np, o->ctx);
	}
	if (rc)
		goto out;
	st->pairs = nf;
	if (nf)
		qsort(f, nf, sizeof *f, cmp_found);
	/* out, strongest first, with labels and marked texts */
	for (size_t i = 0; i < nf && !rc; i++) {
		const unit *a = &s.units[f[i].a], *b = &s.units[f[i].b];
		lf_arena *ar = lf_arena_new();
		uint8_t *ha = calloc(a->ntok + 1, 1), *hb = calloc(b->ntok + 1, 1);
		lf_reuse_pair p;
		lf_toc_view ta, tb;
		lf_buf da, db_;
		size_t wa = a->toc, wb = b->toc;
		lf_alignment r;
		if (!ar || !ha || !hb) {
			lf_arena_free(ar);
			free(ha);
			free(hb);
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		lf_align(al, a->tok, a->ntok, NULL, b->tok, b->ntok, NULL, &r, ha, hb);
		da.p = s.laws[a->law].data;
		da.n = s.laws[a->law].ndata;
		db_.p = s.laws[b->law].data;
		db_.n = s.laws[b->law].ndata;
		lf_q_toc_entries(&da, &wa, 1, ar, &ta);
		lf_q_toc_entries(&db_, &wb, 1, ar, &tb);
		p.law = s.laws[a->law].id;
		p.prov_id = ta.id;
		p.label = ta.label;
		p.other_law = s.laws[b->law].id;
		p.other_prov_id = tb.id;
		p.other_label = tb.label;
		p.score = r.score;
		p.matched = (unsigned)r.matches;
		p.text = marked(ar, a, r.a_start, r.a_end, ha);
		p.other_text = marked(ar, b, r.b_start, r.b_end, hb);
		rc = on_pair(&p, ctx);
		lf_arena_free(ar);
		free(ha);
		free(hb);
	}
out:
	for (size_t i = 0; i < s.nunits; i++) {
		free(s.units[i].tok);
		free(s.units[i].off);
		free(s.units[i].len);
		free(s.units[i].text);
	}
	for (size_t i = 0; i < s.nlaws; i++) {
		free(s.laws[i].id);
		free(s.laws[i].data);
	}
	free(s.units);
	free(s.laws);
	free(pairs);
	free(f);
	lf_aligner_free(al);
	return rc;
}
