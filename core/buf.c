/* buf.c - growable byte buffer with a maximum (see buf.h). */
#include "core/buf.h"
#include "core/err.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lf_buf_init(lf_buf *b, size_t max)
{
	b->p = NULL;
	b->n = 0;
	b->cap = 0;
	b->max = max ? max : LF_BUF_DEFAULT_MAX;
}

void lf_buf_free(lf_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

void lf_buf_reset(lf_buf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* The largest max a buffer honours: a quarter of what size_t holds, so
 * that need + 1 and the doubling of cap below never wrap, whatever max a
 * caller set (a size from the command line is user input: "--max-bytes -1"
 * once arrived here as SIZE_MAX, made max + 1 zero, and corrupted the heap). */
#define BUF_CEILING (SIZE_MAX / 4)

static int grow(lf_buf *b, size_t need)
{
	size_t cap, max = b->max < BUF_CEILING ? b->max : BUF_CEILING;
	char *p;

	if (need > max || need < b->n)
		return LF_ETOOBIG;
	if (need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need + 1)
		cap *= 2;
	if (cap > max + 1)
		cap = max + 1;
	p = realloc(b->p, cap);
	if (!p) {
		lf_oom_note();
		return LF_ENOMEM;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

int lf_buf_add(lf_buf *b, const char *p, size_t n)
{
	int rc;

	if (!b->max)
		b->max = LF_BUF_DEFAULT_MAX;
	if ((rc = grow(b, b->n + n)) != 0)
		return rc;
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

int lf_buf_adds(lf_buf *b, const char *s)
{
	return lf_buf_add(b, s, strlen(s));
}

int lf_buf_addc(lf_buf *b, char c)
{
	return lf_buf_add(b, &c, 1);
}

int lf_buf_printf(lf_buf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[256];
	int len, rc;

	va_start(ap, fmt);
	len = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (len < 0)
		return LF_ERROR;
	if ((size_t)len < sizeof tmp)
		return lf_buf_add(b, tmp, (size_t)len);
	if ((rc = grow(b, b->n + (size_t)len)) != 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)len;
	return 0;
}

int lf_buf_sep(lf_buf *b)
{
	char c;

	if (!b->n)
		return 0;
	c = b->p[b->n - 1];
	if (c == ' ' || c == '\n' || c == '\t')
		return 0;
	return lf_buf_addc(b, ' ');
}

const char *lf_buf_str(const lf_buf *b)
{
	return b->p ? b->p : "";
}


void *lf_grow(void *p, size_t *cap, size_t size, size_t first)
{
	size_t n = *cap ? *cap : first;
	void *g;

	if (!size || !n || n > SIZE_MAX / 2 / size)
		return NULL;
	if (*cap)
		n *= 2;
	if (!(g = realloc(p, n * size)))
		return NULL;
	*cap = n;
	return g;
}
