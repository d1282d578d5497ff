/*
 * taxonomy.h - the risk taxonomy: Internet layers, risk categories, the
 * Internet Society properties each category harms, per-language concept
 * labels, and the tagging rules, loaded from schemas/taxonomy.xml.
 *
 * The file is data, not code: a user adds a category, a language or a rule
 * without touching C.  It is validated against schemas/taxonomy.rng (built
 * into the library, like the default taxonomy itself) and then checked for
 * what RelaxNG cannot say: every id is unique, every reference (a layer, a
 * property, a rule's language) names something declared, every rule term
 * has a word in it.  Any problem is an error naming the file and line.
 *
 * The indexer stores the taxonomy's source in the index (metadata
 * "lexfrag:taxonomy"), so the query side reads the very taxonomy the laws
 * were tagged with: its categories, their value slots and concept labels.
 *
 * A loaded taxonomy is immutable and may be shared by threads; tagging
 * needs a per-thread lf_tagger (tagger.h).
 */
#ifndef LF_TAXONOMY_H
#define LF_TAXONOMY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define LF_TX_MAX_CATS 48   /* value slots LF_SLOT_RISK0 ... + 47 */
#define LF_TX_MAX_LAYERS 16

typedef struct lf_taxonomy lf_taxonomy;

typedef struct lf_tx_label {
	const char *lang;  /* ISO 639-1 */
	const char *text;  /* as written in the file */
} lf_tx_label;

typedef struct lf_tx_cat {
	const char *id;           /* "data-localization" */
	const char *description;  /* English, one paragraph */
	unsigned layers;          /* bit i: layer i */
	const char **harms;       /* property ids */
	size_t nharms;
	lf_tx_label *labels;      /* concept labels and synonyms, the first of
	                             each language being its label */
	size_t nlabels;
} lf_tx_cat;

typedef struct lf_tx_property {
	const char *id, *kind, *label; /* kind: "critical-property" or "enabler" */
} lf_tx_property;

/* Loads and validates a taxonomy file; path NULL loads the built-in one.
 * *out is freed with lf_taxonomy_free.  LF_EFORMAT with "FILE:LINE: reason"
 * on an invalid file, LF_EIO if it cannot be read. */
int lf_taxonomy_load(const char *path, lf_taxonomy **out, lf_err *err);
/* The same from memory; name is used in messages. */
int lf_taxonomy_parse(const char *xml, size_t n, const char *name, lf_taxonomy **out,
                      lf_err *err);
void lf_taxonomy_free(lf_taxonomy *tx);

/* The XML text it was loaded from (borrowed), and a 64-bit hash of it. */
const char *lf_taxonomy_source(const lf_taxonomy *tx, size_t *n);
uint64_t lf_taxonomy_hash(const lf_taxonomy *tx);

size_t lf_taxonomy_ncats(const lf_taxonomy *tx);
const lf_tx_cat *lf_taxonomy_cat(const lf_taxonomy *tx, size_t i);
/* Index of a category id, or -1. */
int lf_taxonomy_cat_index(const lf_taxonomy *tx, const char *id);

size_t lf_taxonomy_nlayers(const lf_taxonomy *tx);
const char *lf_taxonomy_layer(const lf_taxonomy *tx, size_t i);
int lf_taxonomy_layer_index(const lf_taxonomy *tx, const char *id);

/* The languages the taxonomy has rules and word lists for (ISO 639-1). */
size_t lf_taxonomy_nlangs(const lf_taxonomy *tx);
const char *lf_taxonomy_lang(const lf_taxonomy *tx, size_t i);

size_t lf_taxonomy_nproperties(const lf_taxonomy *tx);
const lf_tx_property *lf_taxonomy_property(const lf_taxonomy *tx, size_t i);

/* A law carries a category when its score reaches this (default 0.5); a
 * provision is kept as evidence from this strength on (default 0.35). */
double lf_taxonomy_law_threshold(const lf_taxonomy *tx);
double lf_taxonomy_evidence_threshold(const lf_taxonomy *tx);

/* Which categories a piece of text (a query) names through a concept label
 * or synonym of any language: sets bit i of *mask for category i.  Labels
 * match on whole words (characters for CJK), case, accents and width
 * folded (the same matching as lf_concepts_match on the stored record). */
int lf_taxonomy_concepts(const lf_taxonomy *tx, const char *p, size_t n, uint64_t *mask);

/* The records the indexer stores for the query side, which never parses
 * the XML (core/schema.h): "id TAB layers" per category, in slot order;
 * "category-index TAB folded tokens" per concept label or synonym. */
struct lf_buf;
int lf_taxonomy_categories_record(const lf_taxonomy *tx, struct lf_buf *out);
int lf_taxonomy_concepts_record(const lf_taxonomy *tx, struct lf_buf *out);
/* lf_taxonomy_concepts() over a concepts record; coverage (64 entries, or
 * NULL) gets, per category named, the share of the text's tokens its
 * labels cover (1 when the text is nothing but a concept label). */
int lf_concepts_match(const char *rec, size_t nrec, const char *p, size_t n, uint64_t *mask,
                      double *coverage);

/* A law's score for a category: how likely a careful reader is to agree
 * that the law imposes the measure, from its strongest evidence (max, the
 * strength of lf_tag), the number n of provisions of evidence, and whether
 * the measure is the law's subject (its title names the category, or a
 * provision's heading states it):
 *     1 / (1 + exp(-(bias + strength*max + breadth*ln n + subject*[subject])))
 * with the coefficients of the taxonomy's <score> element (defaults below,
 * fitted on eval/labels: eval/fit_score.py).  0 when n is 0. */
#define LF_TX_SCORE_BIAS (-1.53)
#define LF_TX_SCORE_STRENGTH 4.62
#define LF_TX_SCORE_BREADTH 1.09
#define LF_TX_SCORE_SUBJECT 1.5
double lf_taxonomy_score(const lf_taxonomy *tx, double max, unsigned n, int subject);

#endif
