/* snippet.c - highlighted extracts (see snippet.h). */
#include "query/snippet.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/text/text.h"
#include "lexfrag/lexfrag.h"

struct lf_terms {
	char **v;
	size_t *len;
	size_t n, cap;
	unsigned char first[256]; /* first bytes of the terms */
	int failed;               /* a term was lost: lf_snippet fails */
};

lf_terms *lf_terms_new(void)
{
	return calloc(1, sizeof(lf_terms));
}

void lf_terms_free(lf_terms *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	free(t->len);
	free(t);
}


static int has(const lf_terms *t, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->len[i] == n && !memcmp(t->v[i], p, n))
			return 1;
	return 0;
}

void lf_terms_add(lf_terms *t, const char *term)
{
	char *s;

	if (!t || !*term)
		return;
	if (term[0] >= 'A' && term[0] <= 'Z') {
		if ((term[0] == 'S' || term[0] == 'H') && !(term[1] >= 'A' && term[1] <= 'Z'))
			term++;
		else
			return;
	}
	if (!*term || has(t, term, strlen(term)))
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **v = realloc(t->v, cap * sizeof *v);
		size_t *len;
		if (!v) {
			t->failed = 1;
			return;
		}
		t->v = v;
		len = realloc(t->len, cap * sizeof *len);
		if (!len) {
			t->failed = 1;
			return;
		}
		t->len = len;
		t->cap = cap;
	}
	if (!(s = strdup(term))) {
		t->failed = 1;
		return;
	}
	t->first[(unsigned char)s[0]] = 1;
	t->len[t->n] = strlen(s);
	t->v[t->n++] = s;
}

static int prefix_of_term(const lf_terms *t, const char *w)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const char *v = t->v[i];
		if (!v[0] || !v[1] || !v[2] || (v[0] == w[0] && v[1] == w[1] && v[2] == w[2]))
			return 1;
	}
	return 0;
}

/* Decodes one character, with a fast path for ASCII. */
static inline size_t dec(const char *p, const char *end, unsigned *cp)
{
	if ((unsigned char)*p < 0x80) {
		*cp = (unsigned char)*p;
		return 1;
	}
	return lf_u8dec(p, end, cp);
}

typedef struct tok {
	size_t start, end;
	char match, cjk;
} tok;

#define SCAN_MAX ((size_t)16 << 10)

int lf_snippet(const char *text, size_t n, const lf_terms *terms, lf_xstemmer *st,
               size_t max_bytes, lf_buf *out)
{
	const char *end;
	tok *toks = NULL;
	size_t ntok = 0, cap = 0, i, best = 0, wstart, wend;
	lf_buf norm, stem;
	int rc = 0;
	double best_score = -1;

	if (terms && terms->failed)
		return LF_ENOMEM; /* the marks would miss a term */
	if (n > SCAN_MAX)
		n = SCAN_MAX;
	end = text + n;
	lf_buf_init(&norm, 0);
	lf_buf_init(&stem, 0);
	/* tokenise: words, and CJK characters one by one */
	for (const char *p = text; p < end;) {
		unsigned cp;
		size_t l = dec(p, end, &cp);
		if (!lf_is_wordchar(cp)) {
			p += l;
			continue;
		}
		if (ntok == cap) {
			tok *nt;
			cap = cap ? cap * 2 : 256;
			nt = realloc(toks, cap * sizeof *nt);
			if (!nt) {
				rc = LF_ENOMEM;
				goto out;
			}
			toks = nt;
		}
		toks[ntok].start = (size_t)(p - text);
		toks[ntok].match = 0;
		toks[ntok].cjk = (char)lf_is_cjk(cp);
		if (toks[ntok].cjk) {
			p += l;
		} else {
			while (p < end) {
				l = dec(p, end, &cp);
				if (!lf_is_wordchar(cp) || lf_is_cjk(cp))
					break;
				p += l;
			}
		}
		toks[ntok].end = (size_t)(p - text);
		ntok++;
	}
	/* mark matches */
	for (i = 0; terms && terms->n && i < ntok; i++) {
		tok *t = &toks[i];
		unsigned char c0 = (unsigned char)text[t->start];
		/* an ASCII word can match only a term with the same first letter
		 * (normalising lower-cases ASCII and leaves it ASCII): skip the
		 * rest without normalising or stemming */
		if (c0 < 0x80 && !terms->first[c0 | (c0 >= 'A' && c0 <= 'Z' ? 0x20 : 0)])
			continue;
		lf_buf_reset(&norm);
		if ((rc = lf_normalize(text + t->start, t->end - t->start, &norm)) != 0)
			goto out; /* a snippet without its marks would be wrong */
		if (t->cjk) {
			if (has(terms, norm.p, norm.n))
				t->match = 1;
			if (i + 1 < ntok && toks[i + 1].cjk && toks[i + 1].start == t->end) {
				size_t k = norm.n;
				if ((rc = lf_normalize(text + toks[i + 1].start, toks[i + 1].end - toks[i + 1].start, &norm)) != 0)
					goto out;
				if (has(terms, norm.p, norm.n))
					t->match = toks[i + 1].match = 1;
				(void)k;
			}
			continue;
		}
		if (norm.n > 64)
			continue;
		if (has(terms, norm.p, norm.n)) {
			t->match = 1;
			continue;
		}
		/* a stem is (nearly always) a prefix of its words: stem only the
		 * words that share their first three bytes with a query term */
		if (norm.n >= 3 && prefix_of_term(terms, norm.p)) {
			if ((rc = lf_xstemmer_stem(st, norm.p, norm.n, &stem)) != 0)
				goto out;
			if (has(terms, lf_buf_str(&stem), stem.n))
				t->match = 1;
		}
	}
	/* the window with the most matches, distinct words counting more */
	for (i = 0; i < ntok; i++) {
		size_t j, distinct = 0, total = 0;
		double score;
		if (!toks[i].match && i)
			continue;
		for (j = i; j < ntok && toks[j].end - toks[i].start <= max_bytes; j++) {
			if (!toks[j].match)
				continue;
			total++;
			distinct++;
			for (size_t k = i; k < j; k++)
				if (toks[k].match && toks[k].end - toks[k].start == toks[j].end - toks[j].start &&
				    !memcmp(text + toks[k].start, text + toks[j].start, toks[j].end - toks[j].start)) {
					distinct--;
					break;
				}
		}
		score = (double)distinct + 0.1 * (double)total;
		if (score > best_score) {
			best_score = score;
			best = i;
		}
		if (total > 20)
			break;
	}
	/* start a few words before the first match */
	wstart = 0;
	if (ntok) {
		size_t b = best > 4 ? best - 4 : 0;
		while (b < best && toks[best].end - toks[b].start > max_bytes / 2)
			b++;
		wstart = b == 0 ? 0 : toks[b].start;
	}
	wend = wstart + max_bytes < n ? wstart + max_bytes : n;
	/* end at a word boundary */
	if (wend < n)
		for (i = ntok; i-- > 0;)
			if (toks[i].end <= wend) {
				wend = toks[i].end;
				break;
			}
	if (wstart > 0)
		rc |= lf_buf_adds(out, "… ");
	{
		size_t pos = wstart;
		int space = 0;
		for (i = 0; i < ntok && !rc; i++) {
			tok *t = &toks[i];
			if (t->start < wstart || t->end > wend)
				continue;
			/* the gap before this token, whitespace collapsed */
			for (; pos < t->start; pos++) {
				char c = text[pos];
				if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
					space = 1;
					continue;
				}
				if (space && out->n)
					rc |= lf_buf_addc(out, ' ');
				space = 0;
				rc |= lf_buf_addc(out, c);
			}
			if (space && out->n)
				rc |= lf_buf_addc(out, ' ');
			space = 0;
			if (t->match)
				rc |= lf_buf_addc(out, LF_MARK_START);
			rc |= lf_buf_add(out, text + t->start, t->end - t->start);
			if (t->match)
				rc |= lf_buf_addc(out, LF_MARK_END);
			pos = t->end;
		}
		/* trailing punctuation up to the window's end */
		for (; pos < wend && !rc; pos++)
			if (text[pos] != '\n' && text[pos] != '\r' && text[pos] != '\t')
				rc |= lf_buf_addc(out, text[pos]);
	}
	if (wend < n && !rc)
		rc |= lf_buf_adds(out, " …");
out:
	free(toks);
	lf_buf_free(&norm);
	lf_buf_free(&stem);
	return rc ? LF_ENOMEM : 0;
}
