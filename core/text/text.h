/*
 * text.h - the one text normaliser, used on both sides of the index.
 *
 * Everything indexed and everything queried goes through lf_normalize():
 * Unicode NFKC with case folding (utf8proc), so "ＡＢＣ", "ABC" and "abc" are
 * one term, "ß" matches "ss", and full-width CJK punctuation becomes ASCII.
 * Word splitting, CJK n-grams and stemming then happen in Xapian's
 * TermGenerator (index) and QueryParser (query) with the same settings.
 */
#ifndef LF_TEXT_H
#define LF_TEXT_H

#include <stddef.h>

#include "core/buf.h"

/* Appends the NFKC-casefolded form of UTF-8 p[0..n) to out.  Invalid UTF-8
 * sequences become U+FFFD.  Returns 0, LF_ENOMEM or LF_ETOOBIG. */
int lf_normalize(const char *p, size_t n, lf_buf *out);

/* Length in bytes of the UTF-8 sequence starting at p (1 for a bad byte). */
size_t lf_u8len(const char *p, const char *end);

/* Decodes one code point at p; returns its byte length (1 on a bad byte, with
 * *cp = 0xFFFD). */
size_t lf_u8dec(const char *p, const char *end, unsigned *cp);

/* True for letters, digits and marks (what Xapian counts as word characters).
 * ASCII, most of the text of most laws, is answered inline; the rest asks
 * utf8proc (lf_is_wordchar_u). */
int lf_is_wordchar_u(unsigned cp);
static inline int lf_is_wordchar(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	return lf_is_wordchar_u(cp);
}

/* The next word (a run of characters lf_is_wordchar) of [*p, end): its
 * start, its length in bytes in *n; *p moves past it.  NULL when no word
 * is left. */
const char *lf_next_word(const char **p, const char *end, size_t *n);

/* True for CJK ideographs, kana and hangul (indexed as n-grams). */
int lf_is_cjk(unsigned cp);

#endif
