/*
 * translate.h - a text of one language as groups of translations in another.
 *
 * The text is read word by word (CJK text segmented first, core/text/
 * segment.h); at each place the longest phrase the thesaurus knows is taken
 * first, then the longest the lexicon knows, then the single word.  Each such
 * source word or phrase becomes one group: its translations into the target
 * language.  Search makes each group one OP_SYNONYM (so a word with many
 * translations does not outweigh one with few); precedent aligns a draft
 * with a law of another language on them.
 */
#ifndef LF_TRANSLATE_H
#define LF_TRANSLATE_H

#include <stddef.h>

#include "core/err.h"

typedef struct lf_translator lf_translator;

/* The lexicon (path NULL: the default places, lexicon.h) and the thesaurus
 * (built-in, plus thesaurus_extra if not NULL). */
int lf_translator_new(const char *lexicon_path, const char *thesaurus_extra, lf_translator **out, lf_err *err);
void lf_translator_free(lf_translator *tr);

typedef struct lf_tr_group {
	const char *src;          /* the source word or phrase, as written */
	size_t start, end;        /* its words in the source: [start, end) */
	const char *const *alts;  /* its translations (text of the target language) */
	size_t nalts;
	int concept;              /* the thesaurus concept it came from, or -1 */
} lf_tr_group;

typedef struct lf_translation {
	const char *src_lang, *dst_lang;
	lf_tr_group *groups;      /* in source order; a word with no translation is a group
	                             of no alternatives (stopwords are in none) */
	size_t ngroups;
	size_t nwords;            /* words of the source (stopwords included) */
	size_t ntranslated;       /* of them, in a group */
	const char *text;         /* the translation as one line: groups' first alternatives */
	struct lf_arena *arena;
} lf_translation;

/* Translates p[0..n) of language src into dst.  Returns 0 (a translation
 * with no group when nothing is known), LF_ENOMEM. */
int lf_translate(const lf_translator *tr, const char *p, size_t n, const char *src, const char *dst,
                 lf_translation **out, lf_err *err);
void lf_translation_free(lf_translation *t);

/* The language of a short text (a query) among the candidates: its script
 * first (CJK, Cyrillic), then the language whose lexicon and thesaurus know
 * most of its words; "en" if nothing decides. */
const char *lf_translate_guess_lang(const lf_translator *tr, const char *p, size_t n,
                                    const char *const *langs, size_t nlangs);

#endif
