/*
 * tagger.h - tags a provision's text with risk categories (taxonomy.h).
 *
 * The text is split into tokens (runs of letters, marks and digits; each CJK
 * character is a token of its own) and each token is folded (NFKC, case
 * folding, accents stripped), the same way the taxonomy's terms are.  A rule
 * fires where each of its term groups has a hit within the rule's window of
 * tokens (a group marked near="provision" anywhere in the provision: the
 * grounds of a power, stated once at the head of a long sub-section) and
 * none of its exceptions (nor the category's, for that language) is near.
 * It does not fire where a <denial> term of the language is within the
 * window before it ("no public entity ... shall have the authority to ...
 * shut down": the power is denied), nor, for a rule marked
 * bearer="non-state", where a <state> term is near or in a state body's own
 * statute (lf_tagger_law).  Its strength is
 *
 *     weight (the rule's specificity, 0..1)
 *   x modality (1 with a binding word near the match: shall, must, 应当,
 *     wajib, hat ... zu, обязан; 0.6 with only a permissive one: may, 可以;
 *     0.75 with neither; a rule marked modality="any" always gets 1, one
 *     marked modality="binding" fires only with a binding word near)
 *   x scope (0.5 in a definitions provision, whose words define rather than
 *     impose, or in a recital, preamble or schedule; 1 otherwise).
 *
 * One tag per category is returned, from its strongest match, with the
 * spans of text that made it.
 */
#ifndef LF_TAGGER_H
#define LF_TAGGER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "tagging/taxonomy.h"

#define LF_TAG_MAX_SPANS 6

typedef struct lf_tag_span {
	size_t off, len;  /* bytes, in the text given to lf_tagger_run */
} lf_tag_span;

typedef struct lf_tag {
	int cat;                /* category index in the taxonomy */
	double strength;        /* 0..1 */
	const char *rule;       /* id of the rule that fired (the taxonomy's) */
	unsigned layers;        /* bit i: layer i */
	lf_tag_span spans[LF_TAG_MAX_SPANS]; /* matched words, in text order */
	size_t nspans;
	unsigned matches;       /* places in the text where a rule of the
	                           category fired: a provision about the measure
	                           states it more than once */
} lf_tag;

/* One token of a text, as the tagger splits and folds it. */
typedef struct lf_text_tok {
	uint32_t off, len;   /* bytes in the original text */
	uint32_t noff, nlen; /* bytes in the folded buffer */
} lf_text_tok;

/* Splits text p[0..n) into words (and CJK characters) and folds them as
 * terms are folded (tagging matches on these; 'similar' and 'reuse' align
 * them, precedent/passage.c).  The tokens replace *toks' contents (*ntoks
 * counts from 0; the array, of capacity *cap, is realloc'd as needed and
 * the caller frees it); the folded bytes are appended to folded.  Returns
 * 0, LF_ENOMEM, or LF_ETOOBIG for a text over 2 GB. */
int lf_tokenize(const char *p, size_t n, lf_text_tok **toks, size_t *ntoks, size_t *cap, lf_buf *folded);

typedef struct lf_tagger lf_tagger;

/* A tagger holds scratch memory for one thread; the taxonomy must outlive
 * it.  NULL on ENOMEM. */
lf_tagger *lf_tagger_new(const lf_taxonomy *tx);
void lf_tagger_free(lf_tagger *t);

/* Starts a law: its title (may be NULL) in lang says whether the law is a
 * state body's own statute (a <state> term of the language names it: "Gesetz
 * über den Bundesnachrichtendienst"), in which rules marked
 * bearer="non-state" do not fire.  Returns 0 or LF_ENOMEM. */
int lf_tagger_law(lf_tagger *t, const char *lang, const char *title, size_t n);
/* The same for the provisions tagged next: the headings of the chapters
 * they stand in (BDSG Part 3, "for the purposes of Directive (EU)
 * 2016/680": the police directive).  Returns 0 or LF_ENOMEM. */
int lf_tagger_context(lf_tagger *t, const char *lang, const char *headings, size_t n);

/* Tags one provision (its heading and text joined, as the caller likes)
 * written in lang, scaling strengths by scope (1 for an operative
 * provision; the indexer gives recitals and preambles 0.5: they state
 * reasons, not measures) (ISO 639-1; a language the taxonomy has no rules for
 * gives no tags).  *tags (owned by the tagger, valid until the next call)
 * gets one tag per category found, strongest first.  Returns 0 or
 * LF_ENOMEM. */
int lf_tagger_run(lf_tagger *t, const char *lang, const char *text, size_t n, double scope,
                  const lf_tag **tags, size_t *ntags);

#endif
