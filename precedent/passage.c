/* passage.c - token ids of a text, and marked spans of it (passage.h). */
#include "precedent/passage.h"

#include <stdlib.h>
#include <string.h>

#include "precedent/align.h"
#include "core/text/text.h"
#include "tagging/tagger.h"
#include "lexfrag/lexfrag.h"
#include "query/query.h"

void lf_q_toks_free(lf_q_toks *t)
{
	free(t->id);
	free(t->off);
	free(t->len);
	memset(t, 0, sizeof *t);
}

int lf_q_tokens(const char *p, size_t n, size_t max, lf_q_toks *out)
{
	lf_text_tok *tt = NULL;
	size_t nt = 0, cap = 0;
	lf_buf folded;
	int rc;

	memset(out, 0, sizeof *out);
	lf_buf_init(&folded, 0);
	rc = lf_tokenize(p, n, &tt, &nt, &cap, &folded);
	if (max && nt > max)
		nt = max;
	if (!rc && nt) {
		out->id = malloc(nt * sizeof *out->id);
		out->off = malloc(nt * sizeof *out->off);
		out->len = malloc(nt * sizeof *out->len);
		if (!out->id || !out->off || !out->len)
			rc = LF_ENOMEM;
		for (size_t i = 0; !rc && i < nt; i++) {
			unsigned cp;
			out->id[i] = lf_align_token_id(lf_buf_str(&folded) + tt[i].noff, tt[i].nlen);
			out->off[i] = tt[i].off;
			out->len[i] = tt[i].len;
			lf_u8dec(p + tt[i].off, p + tt[i].off + tt[i].len, &cp);
			out->ncjk += lf_is_cjk(cp);
		}
		out->n = rc ? 0 : nt;
	}
	free(tt);
	lf_buf_free(&folded);
	if (rc)
		lf_q_toks_free(out);
	return rc;
}

const char *lf_q_marked(lf_arena *a, const char *text, const lf_q_toks *t, size_t from, size_t to,
                        const uint8_t *hit)
{
	lf_buf b;
	const char *s;
	size_t at;
	int rc = 0; /* sticky: the appends after a failed one are skipped */

	if (from >= to || to > t->n)
		return "";
	lf_buf_init(&b, 0);
	at = t->off[from];
	for (size_t i = from; i < to && !rc; i++) {
		rc = lf_buf_add(&b, text + at, t->off[i] - at);
		if (!rc && hit[i - from])
			rc = lf_buf_addc(&b, LF_MARK_START);
		if (!rc)
			rc = lf_buf_add(&b, text + t->off[i], t->len[i]);
		if (!rc && hit[i - from])
			rc = lf_buf_addc(&b, LF_MARK_END);
		at = t->off[i] + t->len[i];
	}
	for (size_t i = 0; i < b.n; i++)
		if (b.p[i] == '\n' || b.p[i] == '\t')
			b.p[i] = ' ';
	s = rc ? NULL : lf_arena_strndup(a, lf_buf_str(&b), b.n);
	lf_buf_free(&b);
	return s;
}
