/*
 * detect.c - which format a file is in, from its content alone.
 *
 * Skips a BOM, the XML declaration, comments, processing instructions and a
 * DOCTYPE, notes the root element's name and its start tag (lf_sniff), then
 * asks the readers of the registry (registry.c) in turn: each reader's
 * sniff function, in its own file, says whether the buffer is its format.
 * A buffer that looks binary is no format at all.
 */
#include <string.h>
#include <strings.h>

#include "indexer/readers/input.h"

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* Skips the prolog; returns a pointer at the root element's '<' or NULL. */
static const char *find_root(const char *p, const char *end, int *html_doctype)
{
	for (;;) {
		const char *q;

		p = skip_ws(p, end);
		if (p >= end || *p != '<')
			return NULL;
		if (end - p >= 4 && !strncmp(p, "<!--", 4)) {
			q = p + 4;
			while (q + 3 <= end && strncmp(q, "-->", 3))
				q++;
			if (q + 3 > end)
				return NULL;
			p = q + 3;
		} else if (end - p >= 2 && p[1] == '?') {
			q = memchr(p, '>', (size_t)(end - p));
			if (!q)
				return NULL;
			p = q + 1;
		} else if (end - p >= 9 && !strncasecmp(p, "<!DOCTYPE", 9)) {
			const char *s = skip_ws(p + 9, end);
			int depth = 0;
			if (end - s >= 4 && !strncasecmp(s, "html", 4))
				*html_doctype = 1;
			for (q = p + 1; q < end; q++) { /* skip an internal subset */
				if (*q == '[') depth++;
				else if (*q == ']') depth--;
				else if (*q == '>' && depth <= 0) break;
			}
			if (q >= end)
				return NULL;
			p = q + 1;
		} else {
			return p;
		}
	}
}

static int looks_binary(const unsigned char *p, size_t n)
{
	size_t i, bad = 0;

	if (n > 4096)
		n = 4096;
	for (i = 0; i < n; i++)
		if (p[i] < 0x09 || (p[i] > 0x0D && p[i] < 0x20 && p[i] != 0x1B))
			bad++;
	return bad * 20 > n; /* over 5% control bytes */
}

int lf_sniff_tag_has(const lf_sniff *s, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= s->taglen; i++)
		if (!memcmp(s->tag + i, needle, k))
			return 1;
	return 0;
}

/* Fills s from the buffer; returns 0 if it looks binary (no format). */
static int sniff(const char *buf, size_t n, lf_sniff *s)
{
	const char *p = buf, *end = buf + n, *q, *colon, *tagend;
	const unsigned char *u = (const unsigned char *)buf;
	size_t k = 0;

	memset(s, 0, sizeof *s);
	s->p = buf;
	s->n = n;
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		s->utf16 = 1;
		return 1;
	}
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		p += 3;
	s->text = p;
	if (looks_binary((const unsigned char *)p, (size_t)(end - p)))
		return 0;
	s->root = find_root(p, end, &s->html_doctype);
	if (!s->root)
		return 1;
	for (q = s->root + 1; q < end && k < sizeof s->name - 1; q++) {
		char c = *q;
		if (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r')
			break;
		s->name[k++] = c;
	}
	s->name[k] = '\0';
	s->element = k > 0;
	/* strip a namespace prefix: <akn:akomaNtoso> */
	if ((colon = strchr(s->name, ':')) != NULL)
		memmove(s->name, colon + 1, strlen(colon + 1) + 1);
	tagend = memchr(q, '>', (size_t)(end - q));
	s->tag = q;
	s->taglen = tagend ? (size_t)(tagend - q) : (size_t)(end - q);
	if (s->taglen > 8192)
		s->taglen = 8192;
	return 1;
}

const lf_reader *lf_detect(const char *buf, size_t n)
{
	lf_sniff s;
	size_t i;

	if (!sniff(buf, n, &s))
		return NULL;
	for (i = 0; lf_readers[i]; i++)
		if (lf_readers[i]->sniff(&s))
			return lf_readers[i];
	return NULL;
}
