/*
 * passage.h - a text as the aligner sees it (folded token ids with their
 * byte spans) and an aligned span of it shown with its equal words marked.
 * Shared by similar.c and reuse.c.
 */
#ifndef LF_PASSAGE_H
#define LF_PASSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

typedef struct lf_q_toks {
	uint32_t *id;        /* lf_align_token_id of each folded token */
	uint32_t *off, *len; /* its bytes in the text */
	size_t n;
	size_t ncjk;         /* of which CJK characters */
} lf_q_toks;

/* Tokenises and folds text as the tagger does (tagging/tagger.h), keeping at
 * most max tokens (0: all).  out is overwritten; free with lf_q_toks_free.
 * Returns 0 or LF_ENOMEM. */
int lf_q_tokens(const char *p, size_t n, size_t max, lf_q_toks *out);
void lf_q_toks_free(lf_q_toks *t);

/* Tokens [from, to) of text, the ones whose hit[i - from] is set between
 * STX and ETX, line breaks as spaces; in arena a ("" if empty).  NULL when
 * out of memory. */
const char *lf_q_marked(lf_arena *a, const char *text, const lf_q_toks *t, size_t from, size_t to,
                        const uint8_t *hit);

#endif
