/* text.c - the text normaliser (see text.h). */
#include "core/text/text.h"
#include "core/err.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t lf_u8dec(const char *s, const char *end, unsigned *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s,
	                                        end - s > 4 ? 4 : end - s, &c);
	if (len <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = (unsigned)c;
	return (size_t)len;
}

size_t lf_u8len(const char *p, const char *end)
{
	unsigned cp;

	return lf_u8dec(p, end, &cp);
}

int lf_is_wordchar_u(unsigned cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

const char *lf_next_word(const char **p, const char *end, size_t *n)
{
	const char *s = *p, *w;
	unsigned cp;

	while (s < end && (lf_u8dec(s, end, &cp), !lf_is_wordchar(cp)))
		s += lf_u8len(s, end);
	w = s;
	while (s < end && (lf_u8dec(s, end, &cp), lf_is_wordchar(cp)))
		s += lf_u8len(s, end);
	*p = s;
	*n = (size_t)(s - w);
	return s > w ? w : NULL;
}

int lf_is_cjk(unsigned cp)
{
	if (cp < 0x2E80)
		return 0;
	return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x30FF) ||
	       (cp >= 0x3100 && cp <= 0x31BF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2A6DF);
}

static int map_chunk(const char *run, const char *p, lf_buf *out)
{
	const int flags = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t len;
	int rc = 0;

	len = utf8proc_map((const utf8proc_uint8_t *)run, (utf8proc_ssize_t)(p - run), &mapped, flags);
	if (len >= 0) {
		rc = lf_buf_add(out, (const char *)mapped, (size_t)len);
		free(mapped);
		return rc;
	}
	/* invalid UTF-8 inside: map character by character, U+FFFD for bad bytes */
	while (run < p && !rc) {
		unsigned cp;
		size_t l = lf_u8dec(run, p, &cp);
		if (cp == 0xFFFD && l == 1) {
			rc = lf_buf_add(out, "\xEF\xBF\xBD", 3);
		} else {
			mapped = NULL;
			len = utf8proc_map((const utf8proc_uint8_t *)run, (utf8proc_ssize_t)l, &mapped, flags);
			rc = len >= 0 ? lf_buf_add(out, (const char *)mapped, (size_t)len) : lf_buf_add(out, run, l);
			free(mapped);
		}
		run += l;
	}
	return rc;
}

int lf_normalize(const char *p, size_t n, lf_buf *out)
{
	const char *end = p + n, *run;
	int rc;

	/* Chunks between ASCII whitespace: an all-ASCII chunk needs only
	 * lower-casing (NFKC is the identity on ASCII); others go to utf8proc
	 * whole, so a base letter and its combining marks stay together. */
	while (p < end) {
		int ascii = 1;
		run = p;
		while (p < end && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') {
			if ((unsigned char)*p >= 0x80)
				ascii = 0;
			p++;
		}
		if (p < end)
			p++; /* the whitespace goes with the chunk */
		if (ascii) {
			size_t at = out->n, i;
			if ((rc = lf_buf_add(out, run, (size_t)(p - run))) != 0)
				return rc;
			for (i = at; i < out->n; i++) {
				char c = out->p[i];
				if (c >= 'A' && c <= 'Z')
					out->p[i] = (char)(c + 32);
				else if (c == '\0')
					out->p[i] = ' ';
			}
		} else if ((rc = map_chunk(run, p, out)) != 0) {
			return rc;
		}
	}
	return 0;
}
