/*
 * similar_int.h - what the three files of 'similar' share (private to
 * precedent/): the run's state, the candidates, the cache of a candidate
 * being aligned, and the calls between the files.  similar_cand.c makes
 * the draft units' query terms and the candidate laws (steps 1-2 of
 * similar.c's overview), similar_align.c aligns a unit with a candidate's
 * provisions (step 3), similar.c drives the run and makes the results
 * (step 4) and reads a law as a draft.
 */
#ifndef LF_SIMILAR_INT_H
#define LF_SIMILAR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/map.h"
#include "precedent/align.h"
#include "precedent/draft.h"
#include "precedent/passage.h"
#include "query/query.h"

#define TERMS_PER_UNIT 20
#define PROVS_PER_UNIT 5
#define MAX_CANDIDATES 80
#define FULL_CANDIDATES 8
#define DEFAULT_MIN_PASSAGE 20.0
#define MIN_MATCHED 6
/* A provision of one of the FULL_CANDIDATES is aligned with a unit that
 * did not propose its law only if it holds this many of the unit's
 * distinctive words (all of them when the unit has fewer).  On the 24
 * evaluation drafts, such passages hold 3 to 19 of 20. */
#define FULL_MIN_TERMS 3
#define MAX_CELLS ((uint64_t)LF_SIMILAR_MAX_CELLS)

/* A string map (core/map.h) of what the index answered: a term's document
 * frequency for the whole run (v.i), a term's (range, tf) pairs in one
 * candidate law (v.p: n, then n pairs).  The units of a draft share most of
 * their words, so without it the same question goes to the index again and
 * again, which over remote shards is a network round trip each time (a
 * third of them for a 500-word draft).  Its keys are copies it owns. */
typedef lf_map memo;

typedef struct qterm {
	char *term;
	double w;
} qterm;

typedef struct unit_state {
	lf_q_toks t;              /* the draft unit's tokens */
	const char *lang;         /* its language (the draft's when too short to tell) */
	double min_score;    /* least passage score: doubled when most tokens are
	                        CJK characters, about half a word each */
	qterm terms[TERMS_PER_UNIT];
	size_t nterms;
} unit_state;

/* Stemmers by language, made once per run (a draft's units may alternate
 * languages; making a stemmer allocates its cache). */
typedef struct stemmers {
	char lang[16][8];
	lf_xstemmer *st[16];
	int n;
} stemmers;

typedef struct cand {
	unsigned docid;
	char *id;
	double w;             /* best retrieval weight */
	size_t *units;        /* draft units that proposed it, in the draft's order */
	size_t nunits, capunits;
	int all;              /* aligned with every unit of the draft instead */
} cand;

typedef struct run {
	lf_db *db;
	const lf_draft *d;
	unit_state *us;
	cand *c;
	size_t nc, capc;
	size_t *cidx;         /* c by docid, open addressing: index + 1, 0 free */
	size_t capcidx;       /* a power of 2, over twice nc */
	lf_aligner *al;
	double min_passage;
	double match;         /* the aligner's score of one equal pair */
	int partial;          /* MAX_CELLS reached: the alignments left were skipped */
	memo pos; /* the candidate being aligned: term -> its (range, tf) pairs */
	uint8_t **ucov;       /* per unit: its tokens some law's passages cover (NULL: none) */
	const char *lang_filter; /* candidates only in this language (NULL: any) */
	struct xl_unit *xu;   /* the units translated into lang_filter (similar_xl.c), or NULL */
	lf_xstemmer *xst;     /* lang_filter's stemmer (NULL: none) */
	uint64_t cells_before; /* cells computed by another aligner before r->al (MAX_CELLS) */
	int xcjk;             /* lang_filter is written in CJK characters */
	unsigned long long xscan; /* tokens scan_ranges looked at (similar_xl.c) */
	uint32_t *xstop;      /* its stopwords' token ids, sorted */
	size_t nxstop;
} run;

typedef struct prov_cache {
	int loaded;
	int stemmed;          /* xid and xmap made (similar_xl.c) */
	lf_q_toks t;
	char *text;
	size_t n;
	uint32_t *sorted;     /* its first LF_ALIGN_MAX token ids, sorted (match_bound) */
	size_t nsorted;
	/* similar_xl.c: its tokens but the target language's stopwords, as
	 * stem ids (xid), each with its index in t (xmap) */
	uint32_t *xid;
	size_t *xmap, nx;
} prov_cache;

typedef struct passage_tmp {
	size_t unit, range;
	lf_alignment a;
	uint8_t *a_hit, *b_hit;
	int translated;       /* aligned on translations (similar_xl.c) */
} passage_tmp;

/* What aligning one candidate law holds. */
typedef struct cand_state {
	lf_buf data, tmp;          /* the law's record; scratch */
	lf_q_range *rg;            /* its units' ranges */
	size_t nrg, law_len;
	double *len_norm, *score;  /* per range: BM25's length part; scratch (best_ranges) */
	unsigned *nterms;          /* per range: scratch (best_ranges) */
	size_t *touched;
	prov_cache *pc;            /* per range (a law without ranges: [0], its preface) */
	lf_chunk_cache cache;
	uint32_t *ua;              /* scratch: a unit's sorted unmasked tokens */
	passage_tmp *ps;           /* the passages found, in the draft's order */
	size_t nps, capps;
	uint8_t **dcov;            /* per draft unit: its tokens covered by this law */
} cand_state;

/* similar_cand.c */

/* Keeps key (copied) -> v in memo m.  Returns 0, or LF_ENOMEM. */
int lf_sim_memo_put(memo *m, const char *key, lf_map_val v);
/* Frees m's keys, and its values too when they are pointers (vals). */
void lf_sim_memo_clear(memo *m, int vals);
/* The TERMS_PER_UNIT most distinctive terms of a unit's text into u->terms
 * (document frequencies kept in dfs for the run).  0 or an error in err. */
int lf_sim_unit_terms(lf_db *db, memo *dfs, lf_xstemmer *st, const char *text, size_t n, unit_state *u,
                      lf_err *err);
/* The stemmer for lang into *st (NULL: none).  0 or an error in err. */
int lf_sim_stemmer_for(stemmers *s, const char *lang, lf_xstemmer **st, lf_err *err);
/* Each unit's candidate laws (per_unit each) into r->c.  0 or an error. */
int lf_sim_find_candidates(run *r, unsigned per_unit, lf_err *err);
/* qsort order of candidates: the most proposed, then the best weight. */
int lf_sim_cmp_cand(const void *a, const void *b);

/* similar_align.c */

/* The law's ranges holding the most of unit u's query terms (at most
 * PROVS_PER_UNIT, best first) into out, their term counts into out_terms. */
int lf_sim_best_ranges(run *r, const cand *c, size_t u, const lf_q_range *rg, size_t nrg, const double *len_norm,
                       double *score, unsigned *nterms, size_t *touched, size_t *out, unsigned *out_terms,
                       size_t *nout, lf_err *err);
/* Provision ri's text and tokens into cs->pc[ri], once. */
int lf_sim_prov_load(run *r, const cand *c, cand_state *cs, size_t ri, lf_err *err);
/* p->sorted, once: its first LF_ALIGN_MAX token ids, sorted.  0 or LF_ENOMEM. */
int lf_sim_prov_sorted(prov_cache *p);
/* An upper bound on the equal pairs of an alignment of the sorted tokens
 * ua[nua] with provision p (counting stops at need). */
size_t lf_sim_match_bound(const uint32_t *ua, size_t nua, const prov_cache *p, size_t need);
/* Room for one more passage in cs->ps: 1, or 0 when out of memory. */
int lf_sim_grow_passages(cand_state *cs);
int lf_sim_cmp_u32(const void *a, const void *b);

/* Aligns draft unit u with candidate c's best provisions for it: appends
 * the passages to cs->ps and sets cs->dcov[u].  0 or an error in err. */
int lf_sim_align_unit(run *r, const cand *c, cand_state *cs, size_t u, int proposed, lf_err *err);

/* similar_xl.c: cross-lingual precedent */

/* The units of the draft that no law of their own language explains
 * (r->ucov), translated into every other language of the index; the laws
 * of that language their translations find, aligned on the translations;
 * the laws with passages appended to hits[*nh] (room for *caph, grown in
 * arena a).  Same-language results are left as they are.  0 or an error. */
int lf_sim_xl(run *r, lf_arena *a, lf_similar_hit **hits, size_t *nh, size_t *caph, lf_err *err);
/* Aligns unit u of a translated draft with candidate c's best provisions
 * (lf_sim_align_unit's counterpart, on r->xu[u]). */
int lf_sim_xl_align_unit(run *r, const cand *c, cand_state *cs, size_t u, int proposed, lf_err *err);

/* similar.c */

/* Aligns candidate c with the units that proposed it (every unit when
 * c->all); fills h if it holds a passage.  0 or an error. */
int lf_sim_align_candidate(run *r, cand *c, lf_arena *a, lf_similar_hit *h, lf_err *err);

#endif
