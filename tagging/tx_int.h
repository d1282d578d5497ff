/*
 * tx_int.h - the compiled taxonomy, shared by taxonomy.c (which builds it)
 * and tagger.c (which matches it).  Nothing outside these two files uses it:
 * the tokeniser others share (precedent/passage.c) is in tagger.h.
 */
#ifndef LF_TX_INT_H
#define LF_TX_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/map.h"
#include "tagging/tagger.h"
#include "tagging/taxonomy.h"

/* One token of a term: a folded word, or a prefix ("stor*"), or a gap
 * ("..": up to LF_TX_GAP tokens of anything). */
typedef struct tx_tok {
	const char *s;
	uint16_t n;
	uint8_t prefix, gap;
} tx_tok;

#define LF_TX_GAP 4

/* What a term is for. */
enum tx_role { TX_GROUP, TX_EXCEPT, TX_CATEXCEPT, TX_BINDING, TX_PERMISSIVE, TX_DEFINITION,
	       TX_CONCEPT, TX_STATE, TX_DENIAL, TX_SCOPE, TX_CATMINOR };

typedef struct tx_term {
	tx_tok *toks;
	int ntoks;
	uint8_t role;
	int owner;  /* rule index (GROUP, EXCEPT), category index (CATEXCEPT,
	               CONCEPT), -1 for the language's own lists */
	int group;  /* GROUP: which group of the rule */
	int next;   /* next term with the same first-token key, -1 at the end */
} tx_term;

/* A map from first tokens (arena strings) to chains of terms: v.i is the
 * chain's first term. */
typedef struct tx_index {
	lf_map map;
	uint64_t prefix_lens; /* bit k: some prefix key is k bytes long (k < 64) */
} tx_index;

typedef struct tx_rule {
	const char *id;
	int cat, lang, ngroups;
	double weight;
	int window;
	int modality_any;     /* modality="any": always 1 */
	int modality_binding; /* modality="binding": fires only with a binding term near */
	int non_state;        /* bearer="non-state": not where a state body acts */
	unsigned anywhere;    /* bit g: group g may match anywhere in the provision
	                         (<terms near="provision">), not only in the window */
	unsigned layers;
} tx_rule;

typedef struct tx_lang {
	const char *id;
	int window;
	tx_index exact, prefix;  /* every term used for this language */
	int nrules;
} tx_lang;

struct lf_taxonomy {
	lf_arena *arena;
	char *source;
	size_t nsource;
	uint64_t hash;
	double law_threshold, evidence_threshold;
	double score_bias, score_strength, score_breadth, score_subject; /* <score> */
	const char **layers;
	size_t nlayers;
	lf_tx_property *props;
	size_t nprops;
	lf_tx_cat *cats;
	size_t ncats;
	tx_rule *rules;
	size_t nrules;
	tx_lang *langs;
	size_t nlangs;
	tx_term *terms;
	size_t nterms, capterms;
	tx_index cexact, cprefix; /* concept labels: compiled and checked like the
	                             rules; matched through their record */
};

/* Finds the terms (of index pair exact/prefix) that match at token i;
 * calls fn(term index, first token, last token, ctx) for each. */
void lf_tx_match_at(const lf_taxonomy *tx, const tx_index *exact, const tx_index *prefix,
                    const lf_text_tok *toks, size_t ntoks, const char *folded, size_t i,
                    void (*fn)(int term, size_t first, size_t last, void *ctx), void *ctx);

#endif
