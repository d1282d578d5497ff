/* cjk_query.c - the CJK words of a query (see cjk_query.h). */
#include "query/cjk_query.h"
#include "core/err.h"
#include "core/text/segment.h"

#include <stdlib.h>
#include <string.h>

/* Appends the normalised query word t[0..n), which holds CJK text, cut into
 * words (lf_q_cjk_word). */
static int segment_word(const char *t, size_t n, int in_phrase, lf_buf *out)
{
	const char *end = t + n, *a = t, *f, *b = end, *w;
	int plus = 0, minus = 0, rc;
	lf_buf seg;

	/* [t, a): '(' '+' '-' '"'; [a, f): the field; [f, b): the text; [b, end): ')' */
	while (a < end && (*a == '(' || *a == '+' || *a == '-' || *a == '"')) {
		plus |= *a == '+';
		minus |= *a == '-';
		in_phrase |= *a++ == '"';
	}
	for (f = a; f < end && ((*f >= 'a' && *f <= 'z') || *f == '_'); f++)
		;
	f = f > a && f + 1 < end && *f == ':' ? f + 1 : a;
	while (b > f && b[-1] == ')')
		b--;
	if (in_phrase || minus) {
		const char *q = minus && !in_phrase ? "\"" : "";
		if ((rc = lf_buf_add(out, t, (size_t)(f - t))) || (rc = lf_buf_adds(out, q)) ||
		    (rc = lf_buf_add(out, f, (size_t)(b - f))) || (rc = lf_buf_adds(out, q)))
			return rc;
		return lf_buf_add(out, b, (size_t)(end - b));
	}
	lf_buf_init(&seg, out->max);
	if (!(rc = lf_segment(f, (size_t)(b - f), &seg)))
		rc = lf_buf_add(out, t, (size_t)(f - t));
	for (w = lf_buf_str(&seg); *w && !rc; w++) {
		if (*w != ' ')
			rc = lf_buf_addc(out, *w);
		else if (!(rc = lf_buf_adds(out, plus ? " +" : " ")))
			rc = lf_buf_add(out, a, (size_t)(f - a));
	}
	lf_buf_free(&seg);
	return rc ? rc : lf_buf_add(out, b, (size_t)(end - b));
}

int lf_q_cjk_word(lf_buf *out, size_t mark, int in_phrase)
{
	lf_buf w;
	int rc;

	if (out->n <= mark || !lf_has_cjk(out->p + mark, out->n - mark))
		return 0;
	lf_buf_init(&w, out->max);
	if ((rc = lf_buf_add(&w, out->p + mark, out->n - mark)) == 0) {
		out->n = mark;
		out->p[mark] = '\0';
		rc = segment_word(w.p, w.n, in_phrase, out);
	}
	lf_buf_free(&w);
	return rc;
}
