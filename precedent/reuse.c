/*
 * reuse.c - every significant reuse between provisions of different laws
 * in the index (lf_reuse, lexfrag.h).
 *
 * Comparing every pair of provisions is quadratic, so a blocking step
 * proposes the pairs worth aligning: each provision is cut into pieces of
 * PIECE tokens (one every STEP), and each piece's token 5-shingles (10 for
 * CJK, whose tokens are characters) get a MinHash signature of NHASH
 * values; pieces that share one of the values meet in its band (bands of
 * one row: locality-sensitive hashing that finds pieces whose shingle sets
 * have a Jaccard similarity of 0.2 with probability 0.995), and are a
 * candidate when at least MIN_AGREE values agree (probability 0.89 at a
 * Jaccard similarity of 0.2, 0.99 at 0.3: an edited copy of a paragraph
 * inside an 80-token piece is at 0.3 or more).  Each band is sorted on
 * its own, so memory is 8 bytes a piece beyond the signatures.
 * Pieces, not whole provisions, so that a paragraph copied into a long
 * provision is found.  The candidate pairs of provisions from different
 * laws are then aligned (precedent/align.h) on windows around the shingle their
 * pieces share, and kept from min_score on.  The same law read from two files ("id" and "id~format")
 * is not reuse and is skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precedent/align.h"
#include "core/rec.h"
#include "core/schema.h"
#include "core/text/text.h"
#include "precedent/passage.h"
#include "query/query.h"

#define NHASH 24
#define PIECE 80             /* tokens per signed piece of a provision (< 256) */
#define STEP 40              /* a piece starts every STEP tokens */
#define MIN_TOKENS 12        /* shorter provisions are not compared */
#define MAX_TOKENS 4000      /* tokens kept per provision */
#define MAX_BUCKET 64        /* a band value shared by more is boilerplate */
#define PAGE 1000
#define DEFAULT_MIN_SCORE 40.0
#define MIN_AGREE 3          /* signature values two pieces must share (an
                                estimated Jaccard similarity of 0.125) */
#define WINDOW 300           /* tokens aligned on each side of the seed */
#define PREFACE_CHUNK (-2)   /* a unit that is a law's preface (a law with
                                no provisions: unstructured text) */

typedef struct unit {
	uint32_t law;        /* index into laws */
	uint32_t toc;        /* the provision's toc index in its law */
	long chunk;          /* where its text is (read again for the output) */
	size_t off, len;
	uint32_t *tok;       /* folded token ids */
	uint32_t ntok;
	uint8_t cjk;         /* mostly CJK characters: 10-shingles */
} unit;

/* A piece of a provision with its MinHash signature: a copied paragraph
 * inside a long provision shares many shingles with a piece of it, few
 * with the whole (MinHash estimates Jaccard similarity, not containment). */
typedef struct piece {
	uint32_t unit, start;
	uint32_t sig[NHASH];
	uint8_t spos[NHASH];  /* where the shingle giving each minimum starts,
	                         from the piece's start */
} piece;

/* A candidate pair of units, with a token each side where they agree. */
typedef struct cpair {
	uint32_t a, b, seed_a, seed_b;
} cpair;

typedef struct law {
	char *id;
	size_t base;         /* length of the id before "~" */
	char *data;          /* its record (labels are read from it at the end) */
	size_t ndata;
} law;

typedef struct bucket {
	uint32_t value;      /* one signature value */
	uint32_t piece;
} bucket;

typedef struct found {
	uint32_t a, b;
	uint32_t a0, b0;     /* the aligned windows' starts */
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

/* MinHash of the k-shingles of tokens [start, start + PIECE) of u (k = 10
 * when most tokens are CJK characters), with where each minimum's shingle
 * starts. */
static void sign_piece(const unit *u, piece *pc)
{
	size_t k = u->cjk ? 10 : 5, end = pc->start + PIECE;

	if (end > u->ntok)
		end = u->ntok;
	for (int h = 0; h < NHASH; h++) {
		pc->sig[h] = UINT32_MAX;
		pc->spos[h] = 0;
	}
	for (uint32_t i = pc->start; i + k <= end; i++) {
		uint64_t sh = 1469598103934665603ULL;
		for (size_t j = 0; j < k; j++)
			sh = mix64(sh ^ u->tok[i + j]);
		for (int h = 0; h < NHASH; h++) {
			uint32_t v = (uint32_t)mix64(sh + 0x9e3779b97f4a7c15ULL * (uint64_t)(h + 1));
			if (v < pc->sig[h]) {
				pc->sig[h] = v;
				pc->spos[h] = (uint8_t)(i - pc->start);
			}
		}
	}
}

static int cmp_bucket(const void *a, const void *b)
{
	const bucket *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->piece < y->piece ? -1 : x->piece > y->piece;
}

static int cmp_pair(const void *a, const void *b)
{
	const cpair *x = a, *y = b;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
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

/* A unit's text: from the law's text chunks, or its record's preface. */
static int unit_text(state *s, size_t li, long chunk, size_t off, size_t len, lf_chunk_cache *cache,
                     lf_buf *out, lf_err *err)
{
	if (chunk == PREFACE_CHUNK) {
		lf_buf_reset(out);
		if (lf_rec_get(s->laws[li].data, s->laws[li].ndata, "preface", out) < 0)
			return lf_err_set(err, LF_ENOMEM, "out of memory");
		return 0;
	}
	return lf_q_text_at(s->db, s->laws[li].id, chunk, off, len, cache, out, err);
}

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
		if ((rc = lf_q_search(s->db, q, &so, &ms, err)) != 0)
			break;
		n = lf_xmset_size(ms);
		for (size_t i = 0; i < n && !rc; i++) {
			lf_q_range *rg = NULL;
			size_t nrg;
			law *l;
			if ((rc = lf_budget_check(&s->db->budget, err)) != 0 || (rc = lf_xmset_data(ms, i, &data, err)) != 0)
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
			if (lf_rec_get(lf_buf_str(&data), data.n, "id", &tmp) < 0) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			/* no id in the record: the writer's, from the collapse value */
			if (!tmp.n && (rc = lf_xmset_value(ms, i, LF_SLOT_LAWID, &tmp, err)) != 0)
				break;
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
			if (lf_rec_get(lf_buf_str(&data), data.n, "ranges", &tmp) < 0) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			nrg = tmp.n ? lf_q_ranges_parse(lf_buf_str(&tmp), &rg) : 0;
			if (!nrg && (rg || !tmp.n)) { /* rg NULL for a value: out of memory */
				free(rg);
				rg = calloc(1, sizeof *rg);
			}
			if (!rg) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			if (!nrg) {
				/* no provisions: the preface is the one unit */
				rg[0].chunk = PREFACE_CHUNK;
				rg[0].toc = (size_t)-1;
				rg[0].len = 40;
				nrg = 1;
			}
			/* the chunk cache holds one law's chunk: start afresh */
			lf_q_chunk_free(&cache);
			lf_q_chunk_init(&cache);
			for (size_t k = 0; k < nrg && !rc; k++) {
				unit *u;
				lf_q_toks tk;
				if ((rg[k].chunk < 0 && rg[k].chunk != PREFACE_CHUNK) || rg[k].len < 40)
					continue;
				if ((rc = unit_text(s, s->nlaws - 1, rg[k].chunk, rg[k].off, rg[k].len, &cache, &tmp, err)) != 0)
					break;
				if (!tmp.n)
					continue;
				if ((rc = lf_q_tokens(lf_buf_str(&tmp), tmp.n, MAX_TOKENS, &tk)) != 0) {
					lf_err_set(err, rc, "out of memory");
					break;
				}
				if (tk.n < MIN_TOKENS) {
					lf_q_toks_free(&tk);
					continue;
				}
				if (s->nunits == s->capunits) {
					unit *g = realloc(s->units, (s->capunits = s->capunits ? s->capunits * 2 : 1024) * sizeof *g);
					if (!g) {
						lf_q_toks_free(&tk);
						rc = lf_err_set(err, LF_ENOMEM, "out of memory");
						break;
					}
					s->units = g;
				}
				u = &s->units[s->nunits++];
				u->law = (uint32_t)(s->nlaws - 1);
				u->toc = (uint32_t)rg[k].toc;
				u->chunk = rg[k].chunk;
				u->off = rg[k].off;
				u->len = rg[k].len;
				u->ntok = (uint32_t)tk.n;
				u->cjk = 2 * tk.ncjk > tk.n;
				u->tok = tk.id; /* kept; the spans are read again for the output */
				tk.id = NULL;
				lf_q_toks_free(&tk);
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

/* Candidate pairs of units (a < b) from the LSH bands over the pieces'
 * signatures, sorted, unique, each with a seed: a token position on each
 * side where their pieces share a shingle. */
static int candidates(state *s, cpair **out, size_t *nout, lf_err *err)
{
	piece *pcs = NULL;
	bucket *bk = NULL;
	cpair *pairs = NULL;
	size_t npc = 0, cappc = 0, np = 0, cap = 0, nb = 0;

	*out = NULL;
	*nout = 0;
	for (size_t i = 0; i < s->nunits; i++) {
		const unit *u = &s->units[i];
		int rc;
		if ((rc = lf_budget_check(&s->db->budget, err)) != 0) {
			free(pcs);
			return rc;
		}
		for (uint32_t st = 0; st == 0 || st + PIECE / 2 < u->ntok; st += STEP) {
			if (npc == cappc) {
				piece *g = realloc(pcs, (cappc = cappc ? cappc * 2 : 4096) * sizeof *g);
				if (!g) {
					free(pcs);
					return lf_err_set(err, LF_ENOMEM, "out of memory");
				}
				pcs = g;
			}
			pcs[npc].unit = (uint32_t)i;
			pcs[npc].start = st;
			sign_piece(u, &pcs[npc]);
			if (pcs[npc].sig[0] != UINT32_MAX)
				npc++;
		}
	}
	if (!(bk = malloc((npc + 1) * sizeof *bk))) {
		free(pcs);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	/* one band per signature value (bands of one row): pieces sharing any
	 * value meet; a pair is kept in the band of the first value it shares,
	 * when it shares at least MIN_AGREE */
	for (int h = 0; h < NHASH; h++) {
		int rc;
		if ((rc = lf_budget_check(&s->db->budget, err)) != 0) {
			free(pairs);
			free(bk);
			free(pcs);
			return rc;
		}
		nb = 0;
		for (size_t i = 0; i < npc; i++) {
			bk[nb].value = pcs[i].sig[h];
			bk[nb++].piece = (uint32_t)i;
		}
		qsort(bk, nb, sizeof *bk, cmp_bucket);
		for (size_t i = 0; i < nb;) {
			size_t j = i;
			while (j < nb && bk[j].value == bk[i].value)
				j++;
			if (j - i > 1 && j - i <= MAX_BUCKET)
				for (size_t x = i; x < j; x++)
					for (size_t y = x + 1; y < j; y++) {
						const piece *pa = &pcs[bk[x].piece], *pb = &pcs[bk[y].piece];
						const unit *ua = &s->units[pa->unit], *ub = &s->units[pb->unit];
						const law *la = &s->laws[ua->law], *lb = &s->laws[ub->law];
						int agree = 0, earlier = 0;
						if (ua->law == ub->law ||
						    (la->base == lb->base && !memcmp(la->id, lb->id, la->base)))
							continue; /* one law, or one law in two files */
						for (int g = 0; g < NHASH; g++)
							if (pa->sig[g] == pb->sig[g]) {
								agree++;
								earlier |= g < h;
							}
						if (agree < MIN_AGREE || earlier)
							continue;
						if (np == cap) {
							cpair *gr = realloc(pairs, (cap = cap ? cap * 2 : 4096) * sizeof *gr);
							if (!gr) {
								free(pairs);
								free(bk);
								free(pcs);
								return lf_err_set(err, LF_ENOMEM, "out of memory");
							}
							pairs = gr;
						}
						if (pa->unit < pb->unit)
							pairs[np++] = (cpair){pa->unit, pb->unit, pa->start + pa->spos[h],
							                      pb->start + pb->spos[h]};
						else
							pairs[np++] = (cpair){pb->unit, pa->unit, pb->start + pb->spos[h],
							                      pa->start + pa->spos[h]};
					}
			i = j;
		}
	}
	free(bk);
	free(pcs);
	if (np) {
		size_t k = 1;
		qsort(pairs, np, sizeof *pairs, cmp_pair);
		for (size_t i = 1; i < np; i++)
			if (pairs[i].a != pairs[k - 1].a || pairs[i].b != pairs[k - 1].b)
				pairs[k++] = pairs[i];
		np = k;
	}
	*out = pairs;
	*nout = np;
	return 0;
}

/* A unit's text and tokens, read again for the output. */
typedef struct text_toks {
	const unit *unit;    /* whose text this is, NULL if none */
	lf_buf text;
	lf_q_toks tk;
} text_toks;

/* Unit u's text and tokens into t, read again (from the index, for the
 * output).  Returns 0 or an error in err: a text that cannot be read
 * again fails the run (the index changed, out of memory). */
static int reread(state *s, const unit *u, lf_chunk_cache *cache, text_toks *t, lf_err *err)
{
	int rc;

	if (t->unit == u)
		return 0; /* read already */
	if (!t->unit || t->unit->law != u->law) {
		lf_q_chunk_free(cache); /* the cache holds one law's chunk */
		lf_q_chunk_init(cache);
	}
	t->unit = NULL;
	lf_q_toks_free(&t->tk);
	if ((rc = unit_text(s, u->law, u->chunk, u->off, u->len, cache, &t->text, err)) != 0)
		return rc;
	if ((rc = lf_q_tokens(lf_buf_str(&t->text), t->text.n, u->ntok, &t->tk)) != 0)
		return lf_err_set(err, rc, "out of memory");
	t->unit = u;
	return 0;
}

/* The windows to align: WINDOW tokens either side of the pair's seed. */
static void windows(const unit *a, const unit *b, const cpair *p, uint32_t *a0, uint32_t *na,
                    uint32_t *b0, uint32_t *nb)
{
	*a0 = 0;
	*na = a->ntok;
	*b0 = 0;
	*nb = b->ntok;
	if (a->ntok > 2 * WINDOW) {
		*a0 = p->seed_a > WINDOW ? p->seed_a - WINDOW : 0;
		*na = a->ntok - *a0 < 2 * WINDOW ? a->ntok - *a0 : 2 * WINDOW;
	}
	if (b->ntok > 2 * WINDOW) {
		*b0 = p->seed_b > WINDOW ? p->seed_b - WINDOW : 0;
		*nb = b->ntok - *b0 < 2 * WINDOW ? b->ntok - *b0 : 2 * WINDOW;
	}
}

int lf_reuse(lf_db *db, const lf_reuse_opts *o, int (*on_pair)(const lf_reuse_pair *p, void *ctx),
             void *ctx, lf_reuse_stats *st, lf_err *err)
{
	static const lf_align_params params = LF_ALIGN_DEFAULTS;
	double min = o && o->min_score > 0 ? o->min_score : DEFAULT_MIN_SCORE;
	state s;
	cpair *pairs = NULL;
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
	if (o && o->on_progress)
		o->on_progress(0, np, o->ctx);
	for (size_t i = 0; i < np && !rc; i++) {
		const unit *a = &s.units[pairs[i].a], *b = &s.units[pairs[i].b];
		uint32_t a0, na, b0, nb;
		lf_alignment r;
		windows(a, b, &pairs[i], &a0, &na, &b0, &nb);
		if ((rc = lf_budget_check(&db->budget, err)) != 0)
			break;
		if ((rc = lf_align(al, a->tok + a0, na, NULL, b->tok + b0, nb, NULL, &r, NULL, NULL)) != 0) {
			lf_err_set(err, rc, "out of memory");
			break;
		}
		if (o && o->on_progress && i % 4096 == 0)
			o->on_progress(i, np, o->ctx);
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
		f[nf].a = pairs[i].a;
		f[nf].b = pairs[i].b;
		f[nf].a0 = a0;
		f[nf].b0 = b0;
		f[nf++].al = r;
	}
	if (rc)
		goto out;
	st->pairs = nf;
	if (nf)
		qsort(f, nf, sizeof *f, cmp_found);
	/* out, strongest first, with labels and marked texts (the texts are
	 * read again: they are not kept in memory) */
	{
		text_toks ta_, tb_;
		lf_chunk_cache cache, cache_b;
		memset(&ta_, 0, sizeof ta_);
		memset(&tb_, 0, sizeof tb_);
		lf_buf_init(&ta_.text, 0);
		lf_buf_init(&tb_.text, 0);
		lf_q_chunk_init(&cache);
		lf_q_chunk_init(&cache_b);
		for (size_t i = 0; i < nf && !rc; i++) {
			if ((rc = lf_budget_check(&db->budget, err)) != 0)
				break;
			const unit *a = &s.units[f[i].a], *b = &s.units[f[i].b];
			const lf_alignment *fa = &f[i].al;
			size_t la = fa->a_end - fa->a_start, lb = fa->b_end - fa->b_start;
			lf_arena *ar = lf_arena_new();
			uint8_t *ha = calloc(la + 1, 1), *hb = calloc(lb + 1, 1);
			lf_reuse_pair p;
			lf_toc_view ta, tb;
			lf_buf da, db_;
			size_t wa = a->toc, wb = b->toc;
			lf_alignment r;
			if (!ar || !ha || !hb)
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			else if ((rc = reread(&s, a, &cache, &ta_, err)) == 0)
				rc = reread(&s, b, &cache_b, &tb_, err);
			/* the aligned spans again, with their equal tokens */
			if (!rc && f[i].a0 + fa->a_end <= ta_.tk.n && f[i].b0 + fa->b_end <= tb_.tk.n &&
			    (rc = lf_align(al, ta_.tk.id + f[i].a0 + fa->a_start, la, NULL, tb_.tk.id + f[i].b0 + fa->b_start,
			                   lb, NULL, &r, ha + 0, hb + 0)) != 0)
				lf_err_set(err, rc, "out of memory");
			da.p = s.laws[a->law].data;
			da.n = s.laws[a->law].ndata;
			db_.p = s.laws[b->law].data;
			db_.n = s.laws[b->law].ndata;
			if (!rc && (lf_q_toc_entries(&da, &wa, 1, ar, &ta) != 0 || lf_q_toc_entries(&db_, &wb, 1, ar, &tb) != 0))
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			if (rc) {
				lf_arena_free(ar);
				free(ha);
				free(hb);
				break;
			}
			if (a->chunk == PREFACE_CHUNK)
				ta.id = "preface";
			if (b->chunk == PREFACE_CHUNK)
				tb.id = "preface";
			p.law = s.laws[a->law].id;
			p.prov_id = ta.id;
			p.label = ta.label;
			p.other_law = s.laws[b->law].id;
			p.other_prov_id = tb.id;
			p.other_label = tb.label;
			p.score = fa->score;
			p.matched = (unsigned)fa->matches;
			p.text = lf_q_marked(ar, lf_buf_str(&ta_.text), &ta_.tk, f[i].a0 + fa->a_start,
			                     f[i].a0 + fa->a_end, ha);
			p.other_text = lf_q_marked(ar, lf_buf_str(&tb_.text), &tb_.tk, f[i].b0 + fa->b_start,
			                           f[i].b0 + fa->b_end, hb);
			/* the toc's strings are "" when the arena failed: it says so */
			if (!p.text || !p.other_text || lf_arena_failed(ar))
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			else
				rc = on_pair(&p, ctx);
			lf_arena_free(ar);
			free(ha);
			free(hb);
		}
		lf_q_chunk_free(&cache);
		lf_q_chunk_free(&cache_b);
		lf_buf_free(&ta_.text);
		lf_buf_free(&tb_.text);
		lf_q_toks_free(&ta_.tk);
		lf_q_toks_free(&tb_.tk);
	}
out:
	for (size_t i = 0; i < s.nunits; i++)
		free(s.units[i].tok);
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
