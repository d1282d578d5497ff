/* translate.c - a text of one language as groups of translations in
 * another (translate.h): the thesaurus first, then the lexicon. */
#include "query/translate.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/text/segment.h"
#include "core/text/stopwords.h"
#include "core/text/text.h"
#include "query/lexicon.h"
#include "query/thesaurus.h"

struct lf_translator {
	lf_lexicon *lx;     /* NULL: no lexicon was built or installed */
	lf_thesaurus *th;
};

/* At most this many translations of one source word or phrase, and words
 * in a phrase looked up (a longer label is never matched). */
#define TR_MAX_ALTS 10
#define TR_MAX_PHRASE 8
/* Words of one text translated: a query is short; a draft is translated
 * provision by provision. */
#define TR_MAX_WORDS 20000

int lf_translator_new(const char *lexicon_path, const char *thesaurus_extra, lf_translator **out, lf_err *err)
{
	lf_translator *tr;
	int rc;

	*out = NULL;
	if (!(tr = calloc(1, sizeof *tr)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	if ((rc = lf_lexicon_open(lexicon_path, &tr->lx, err)) != 0 ||
	    (rc = lf_thesaurus_load(thesaurus_extra, &tr->th, err)) != 0) {
		lf_translator_free(tr);
		return rc;
	}
	*out = tr;
	return 0;
}

void lf_translator_free(lf_translator *tr)
{
	if (!tr)
		return;
	lf_lexicon_free(tr->lx);
	lf_thesaurus_free(tr->th);
	free(tr);
}

/* ------------------------------------------------------------ words */

typedef struct word {
	size_t off, len; /* in the segmented text */
	int cjk, stop;
} word;

static int unspaced(const char *lang)
{
	return !strcmp(lang, "zh") || !strcmp(lang, "ja");
}

static int is_stopword(const char *lang, const char *w, size_t n, lf_buf *tmp)
{
	const char *const *sw = lf_stopwords(lang);

	if (!sw)
		return 0;
	lf_buf_reset(tmp);
	if (lf_normalize(w, n, tmp) != 0)
		return 0;
	for (; *sw; sw++)
		if (strlen(*sw) == tmp->n && !memcmp(*sw, tmp->p, tmp->n))
			return 1;
	return 0;
}

/* The words of seg (segmented text) into *out. */
static int split_words(const char *lang, const lf_buf *seg, word **out, size_t *nout, lf_buf *tmp)
{
	const char *s = seg->p ? seg->p : "", *end = s + seg->n, *base = s;
	word *v = NULL;
	size_t n = 0, cap = 0;

	while (s < end) {
		unsigned cp;
		size_t wn;
		const char *w = lf_next_word(&s, end, &wn);
		if (!w)
			break;
		if (n >= TR_MAX_WORDS)
			break;
		if (n == cap) {
			word *g = lf_grow(v, &cap, sizeof *g, 16);
			if (!g) {
				free(v);
				return LF_ENOMEM;
			}
			v = g;
		}
		lf_u8dec(w, end, &cp);
		v[n].off = (size_t)(w - base);
		v[n].len = wn;
		v[n].cjk = lf_is_cjk(cp);
		v[n].stop = !v[n].cjk && is_stopword(lang, w, v[n].len, tmp);
		n++;
	}
	*out = v;
	*nout = n;
	return 0;
}

/* ------------------------------------------------------------ lookups */

typedef struct alts {
	lf_arena *a;
	const char **v;
	size_t n;
	int oom;
} alts;

static void add_alt(const char *text, size_t n, void *ctx)
{
	alts *x = ctx;
	char *s;

	if (x->n >= TR_MAX_ALTS || !n)
		return;
	for (size_t i = 0; i < x->n; i++)
		if (strlen(x->v[i]) == n && !memcmp(x->v[i], text, n))
			return;
	if (!(s = lf_arena_strndup(x->a, text, n))) {
		x->oom = 1;
		return;
	}
	x->v[x->n++] = s;
}

/* The translations of src text p[0..n) into x (emptied first); the concept
 * it came from into *concept (-1: the lexicon, or none). */
static int lookup(const lf_translator *tr, const char *src, const char *dst, const char *p, size_t n,
                  lf_buf *key, alts *x, int *concept)
{
	int found[4];
	size_t nf;

	x->n = 0;
	*concept = -1;
	if (lf_lexicon_key(src, p, n, key) != 0)
		return LF_ENOMEM;
	if (!key->n)
		return 0;
	nf = tr->th ? lf_thesaurus_find(tr->th, src, lf_buf_str(key), found, 4) : 0;
	for (size_t i = 0; i < nf; i++) {
		const char *const *labels;
		size_t nl = lf_thesaurus_labels(tr->th, found[i], dst, &labels);
		for (size_t k = 0; k < nl; k++)
			add_alt(labels[k], strlen(labels[k]), x);
		if (nl && *concept < 0)
			*concept = found[i];
	}
	if (!x->n && tr->lx)
		lf_lexicon_each(tr->lx, src, lf_buf_str(key), dst, TR_MAX_ALTS, add_alt, x);
	return x->oom ? LF_ENOMEM : 0;
}

/* ------------------------------------------------------------ translate */

typedef struct builder {
	lf_arena *a;
	lf_tr_group *g;
	size_t n, cap;
	int oom;
} builder;

static void add_group(builder *b, const char *srctext, size_t srclen, size_t start, size_t end,
                      const alts *x, int concept)
{
	lf_tr_group *g;
	const char **v = NULL;

	if (b->n == b->cap) {
		lf_tr_group *grown = lf_grow(b->g, &b->cap, sizeof *grown, 16);
		if (!grown) {
			b->oom = 1;
			return;
		}
		b->g = grown;
	}
	if (x && x->n) {
		v = lf_arena_alloc(b->a, x->n * sizeof *v);
		if (!v) {
			b->oom = 1;
			return;
		}
		memcpy(v, x->v, x->n * sizeof *v);
	}
	g = &b->g[b->n++];
	g->src = lf_arena_strndup(b->a, srctext, srclen);
	g->start = start;
	g->end = end;
	g->alts = v;
	g->nalts = x ? x->n : 0;
	g->concept = concept;
	b->oom |= !g->src;
}

int lf_translate(const lf_translator *tr, const char *p, size_t n, const char *src, const char *dst,
                 lf_translation **out, lf_err *err)
{
	lf_translation *t;
	lf_buf seg, key, tmp, line;
	word *w = NULL;
	size_t nw = 0, i, maxw = TR_MAX_PHRASE;
	builder b = {0};
	const char *slots[TR_MAX_ALTS];
	alts x;
	int rc = 0;

	*out = NULL;
	t = calloc(1, sizeof *t);
	if (!t || !(t->arena = lf_arena_new())) {
		free(t);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	b.a = t->arena;
	x.a = t->arena;
	x.v = slots;
	x.n = 0;
	x.oom = 0;
	lf_buf_init(&seg, 0);
	lf_buf_init(&key, 0);
	lf_buf_init(&tmp, 0);
	lf_buf_init(&line, 0);
	t->src_lang = lf_arena_strdup(t->arena, src);
	t->dst_lang = lf_arena_strdup(t->arena, dst);
	rc = lf_has_cjk(p, n) ? lf_segment(p, n, &seg) : lf_buf_add(&seg, p, n);
	if (!rc)
		rc = split_words(src, &seg, &w, &nw, &tmp);
	if (tr->th && lf_thesaurus_max_words(tr->th) > maxw)
		maxw = lf_thesaurus_max_words(tr->th);
	if (tr->lx && lf_lexicon_max_words(tr->lx) > maxw)
		maxw = lf_lexicon_max_words(tr->lx);
	if (maxw > TR_MAX_PHRASE)
		maxw = TR_MAX_PHRASE;
	for (i = 0; i < nw && !rc && !b.oom;) {
		size_t len, best = 0;
		int concept = -1;
		if (w[i].stop) {
			i++;
			continue;
		}
		/* the longest phrase from here that is known, not ending on a
		 * stopword */
		for (len = nw - i < maxw ? nw - i : maxw; len >= 1 && !best; len--) {
			const word *last = &w[i + len - 1];
			if (last->stop)
				continue;
			rc = lookup(tr, src, dst, seg.p + w[i].off, last->off + last->len - w[i].off, &key, &x,
			            &concept);
			if (rc)
				break;
			if (x.n)
				best = len;
		}
		if (rc)
			break;
		if (best) {
			const word *last = &w[i + best - 1];
			add_group(&b, seg.p + w[i].off, last->off + last->len - w[i].off, i, i + best, &x, concept);
			t->ntranslated += best;
			i += best;
			continue;
		}
		if (w[i].cjk && w[i].len > 3) {
			/* a CJK word the dictionaries do not know whole: its longest
			 * known prefixes, character by character */
			const char *s = seg.p + w[i].off, *e = s + w[i].len;
			int any = 0;
			while (s < e && !rc) {
				const char *k = e;
				for (; k > s; k = k - 1) {
					while (k > s && ((unsigned char)*k & 0xC0) == 0x80)
						k--;
					if (k == s)
						break;
					if ((rc = lookup(tr, src, dst, s, (size_t)(k - s), &key, &x, &concept)) != 0 || x.n)
						break;
				}
				if (rc)
					break;
				if (k > s && x.n) {
					add_group(&b, s, (size_t)(k - s), i, i + 1, &x, concept);
					any = 1;
					s = k;
				} else {
					s += lf_u8len(s, e);
				}
			}
			if (any) {
				t->ntranslated++;
				i++;
				continue;
			}
		}
		/* no translation: the word as it is (a name, a number, an acronym) */
		add_group(&b, seg.p + w[i].off, w[i].len, i, i + 1, NULL, -1);
		i++;
	}
	t->nwords = nw;
	if (!rc && !b.oom) {
		for (i = 0; i < b.n && !rc; i++) {
			const lf_tr_group *g = &b.g[i];
			const char *s = g->nalts ? g->alts[0] : g->src;
			if (line.n && !unspaced(dst))
				rc = lf_buf_add(&line, " ", 1);
			if (!rc)
				rc = lf_buf_adds(&line, s);
		}
		t->text = rc ? NULL : lf_arena_strndup(t->arena, line.p ? line.p : "", line.n);
	}
	if (!rc && b.n) {
		t->groups = lf_arena_alloc(t->arena, b.n * sizeof *t->groups);
		if (t->groups) {
			memcpy(t->groups, b.g, b.n * sizeof *b.g);
			t->ngroups = b.n;
		}
	}
	free(b.g);
	free(w);
	lf_buf_free(&seg);
	lf_buf_free(&key);
	lf_buf_free(&tmp);
	lf_buf_free(&line);
	if (!rc && (b.oom || !t->text || (b.n && !t->groups) || lf_arena_failed(t->arena)))
		rc = LF_ENOMEM;
	if (rc) {
		lf_translation_free(t);
		return lf_err_set(err, rc, "%s", rc == LF_ENOMEM ? "out of memory" : lf_strerror(rc));
	}
	*out = t;
	return 0;
}

void lf_translation_free(lf_translation *t)
{
	if (!t)
		return;
	lf_arena_free(t->arena);
	free(t);
}

/* ------------------------------------------------------------ language */

static void ignore(const char *text, size_t n, void *ctx)
{
	(void)text;
	(void)n;
	(void)ctx;
}

/* How many of the words of p (split on non-word characters) the
 * dictionaries know as words of lang. */
static size_t known_words(const lf_translator *tr, const char *lang, const char *p, size_t n, lf_buf *key)
{
	const char *s = p, *end = p + n;
	const char *probe = strcmp(lang, "en") ? "en" : "de";
	size_t known = 0;
	int found[1];

	while (s < end) {
		size_t wn;
		const char *w = lf_next_word(&s, end, &wn);
		if (!w)
			break;
		if (lf_lexicon_key(lang, w, wn, key) != 0 || !key->n)
			continue;
		if ((tr->th && lf_thesaurus_find(tr->th, lang, lf_buf_str(key), found, 1)) ||
		    (tr->lx && lf_lexicon_each(tr->lx, lang, lf_buf_str(key), probe, 1, ignore, NULL) > 0))
			known++;
	}
	return known;
}

static int listed(const char *lang, const char *const *langs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(langs[i], lang))
			return 1;
	return 0;
}

const char *lf_translate_guess_lang(const lf_translator *tr, const char *p, size_t n,
                                    const char *const *langs, size_t nlangs)
{
	const char *end = p + n, *best = "en";
	size_t cjk = 0, kana = 0, cyr = 0, serbian = 0, latin = 0, best_known = 0;
	lf_buf key;

	for (const char *s = p; s < end;) {
		unsigned cp;
		s += lf_u8dec(s, end, &cp);
		if (cp >= 0x3040 && cp <= 0x30FF)
			kana++;
		else if (lf_is_cjk(cp))
			cjk++;
		else if (cp >= 0x400 && cp <= 0x4FF) {
			cyr++;
			/* Ђ Ј Љ Њ Ћ Џ ђ ј љ њ ћ џ: Serbian, not Russian */
			serbian += cp == 0x402 || (cp >= 0x408 && cp <= 0x40B) || cp == 0x40F || cp == 0x452 ||
			           (cp >= 0x458 && cp <= 0x45B) || cp == 0x45F;
		} else if (lf_is_wordchar(cp))
			latin++;
	}
	if (kana)
		return "ja";
	if (cjk && cjk >= latin)
		return "zh";
	if (cyr && cyr >= latin) {
		if (serbian || !listed("ru", langs, nlangs))
			return "sr";
		if (!listed("sr", langs, nlangs))
			return "ru";
		/* no Serbian letter: the dictionaries decide, Serbian on a tie
		 * (the corpus has more of it) */
		lf_buf_init(&key, 0);
		best = known_words(tr, "ru", p, n, &key) > known_words(tr, "sr", p, n, &key) ? "ru" : "sr";
		lf_buf_free(&key);
		return best;
	}
	lf_buf_init(&key, 0);
	best_known = known_words(tr, "en", p, n, &key);
	for (size_t i = 0; i < nlangs; i++) {
		size_t k;
		if (!strcmp(langs[i], "en") || !strcmp(langs[i], "zh") || !strcmp(langs[i], "ja") ||
		    !strcmp(langs[i], "ru") || !strcmp(langs[i], "sr"))
			continue;
		k = known_words(tr, langs[i], p, n, &key);
		if (k > best_known) {
			best_known = k;
			best = langs[i];
		}
	}
	lf_buf_free(&key);
	return best;
}
