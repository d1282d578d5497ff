/*
 * buf.h - a growable byte buffer with a hard maximum (after curl's dynbuf).
 *
 * Input from the world is untrusted, sizes included: every append fails with
 * LF_ETOOBIG once the buffer would exceed its max, and the buffer then stays
 * as it was.  The contents are always NUL-terminated.
 */
#ifndef LF_BUF_H
#define LF_BUF_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

typedef struct lf_buf {
	char *p;     /* owned; NULL until the first append */
	size_t n;    /* bytes used, not counting the terminating NUL */
	size_t cap;
	size_t max;  /* 0 means the default, LF_BUF_DEFAULT_MAX */
} lf_buf;

#define LF_BUF_DEFAULT_MAX ((size_t)512 << 20)

void lf_buf_init(lf_buf *b, size_t max);
void lf_buf_free(lf_buf *b);     /* frees contents; b can be reused after init */
void lf_buf_reset(lf_buf *b);    /* empties, keeps the allocation */
int lf_buf_add(lf_buf *b, const char *p, size_t n);   /* 0, LF_ENOMEM, LF_ETOOBIG */
int lf_buf_adds(lf_buf *b, const char *s);
int lf_buf_addc(lf_buf *b, char c);
int lf_buf_printf(lf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a single space unless the buffer is empty or already ends in
 * whitespace: how text extraction keeps words apart at element edges. */
int lf_buf_sep(lf_buf *b);
/* The contents as a string; "" for an empty buffer (never NULL). */
const char *lf_buf_str(const lf_buf *b);

/* The one way a growing array grows: the array p of *cap elements of size
 * bytes, full, reallocated to twice as many (first when *cap is 0).
 * Returns the new array and sets *cap, or returns NULL (p untouched, *cap
 * unchanged) when out of memory or when the size would overflow:
 *
 *	if (n == cap) {
 *		T *g = lf_grow(v, &cap, sizeof *g, 64);
 *		if (!g)
 *			return LF_ENOMEM;
 *		v = g;
 *	}
 */
void *lf_grow(void *p, size_t *cap, size_t size, size_t first);

#ifdef __cplusplus
}
#endif

#endif
