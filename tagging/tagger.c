/* tagger.c - tokenising, term matching and rule evaluation (tagger.h). */
#include "tagging/tagger.h"
#include "core/text/text.h"
#include "tagging/tx_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Bounds for hostile input: a provision of a million repeated "data" must
 * not cost a million squared. */
#define MAX_HITS 20000
/* A <scope> term this near the start marks a scope or purpose article. */
#define SCOPE_TOKENS 40
/* The strength of a match whose words include a <minor> term. */
#define MINOR_OBJECT 0.6
#define MAX_ANCHORS 400

/* ---------------------------------------------------------- tokenizer */

static int fold_cp(unsigned cp, lf_buf *out)
{
	utf8proc_int32_t dst[16];
	utf8proc_ssize_t k;
	int last = 0, rc = 0;

	k = utf8proc_decompose_char((utf8proc_int32_t)cp, dst, 16,
	                            UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
	                                    UTF8PROC_DECOMPOSE,
	                            &last);
	if (k < 0 || k > 16)
		return 0;
	for (utf8proc_ssize_t i = 0; i < k; i++) {
		utf8proc_uint8_t u[4];
		utf8proc_ssize_t m = utf8proc_encode_char(dst[i], u);
		rc |= lf_buf_add(out, (const char *)u, (size_t)m);
	}
	return rc;
}

/* Appends the token folded[*nstart..] (bytes from..to of the text). */
static int emit(lf_text_tok **toks, size_t *ntoks, size_t *cap, const char *p, const char *from,
                const char *to, size_t *nstart, const lf_buf *folded)
{
	if (folded->n > *nstart) {
		if (*ntoks == *cap) {
			size_t c = *cap ? *cap * 2 : 256;
			lf_text_tok *t = realloc(*toks, c * sizeof *t);
			if (!t)
				return LF_ENOMEM;
			*toks = t;
			*cap = c;
		}
		(*toks)[(*ntoks)++] = (lf_text_tok){ (uint32_t)(from - p), (uint32_t)(to - from),
			                                 (uint32_t)*nstart, (uint32_t)(folded->n - *nstart) };
	}
	*nstart = folded->n;
	return 0;
}

int lf_tokenize(const char *p, size_t n, lf_text_tok **toks, size_t *ntoks, size_t *cap, lf_buf *folded)
{
	const char *s = p, *end = p + n, *start = NULL;
	size_t nstart = folded->n;
	int rc = 0;

	*ntoks = 0;
	if (n > UINT32_MAX / 2)
		return LF_ETOOBIG;
	while (s < end && !rc) {
		unsigned char c = (unsigned char)*s;
		unsigned cp;
		size_t k;
		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				if (!start)
					start = s;
				rc |= lf_buf_addc(folded, (char)c);
			} else if (c >= 'A' && c <= 'Z') {
				if (!start)
					start = s;
				rc |= lf_buf_addc(folded, (char)(c + 32));
			} else if (start) {
				rc |= emit(toks, ntoks, cap, p, start, s, &nstart, folded);
				start = NULL;
			}
			s++;
			continue;
		}
		k = lf_u8dec(s, end, &cp);
		if (lf_is_cjk(cp)) {
			if (start)
				rc |= emit(toks, ntoks, cap, p, start, s, &nstart, folded);
			start = NULL;
			rc |= fold_cp(cp, folded);
			rc |= emit(toks, ntoks, cap, p, s, s + k, &nstart, folded);
		} else if (lf_is_wordchar(cp)) {
			if (!start)
				start = s;
			rc |= fold_cp(cp, folded);
		} else if (start) {
			rc |= emit(toks, ntoks, cap, p, start, s, &nstart, folded);
			start = NULL;
		}
		s += k;
	}
	if (start && !rc)
		rc |= emit(toks, ntoks, cap, p, start, s, &nstart, folded);
	return rc ? LF_ENOMEM : 0;
}

/* ----------------------------------------------------------- matching */

static int lookup(const tx_index *ix, const char *s, size_t n)
{
	const lf_map_ent *e = lf_map_get(&ix->map, s, n);

	return e ? (int)e->v.i : -1;
}

/* Matches the term's tokens from j on against the text from token p;
 * returns the last text token matched, or -1. */
static long match_rest(const tx_term *t, int j, size_t p, const lf_text_tok *toks, size_t ntoks,
                       const char *folded)
{
	const tx_tok *k;

	if (j == t->ntoks)
		return (long)p - 1;
	k = &t->toks[j];
	if (k->gap) {
		for (size_t skip = 0; skip <= LF_TX_GAP && p + skip < ntoks; skip++) {
			long r = match_rest(t, j + 1, p + skip, toks, ntoks, folded);
			if (r >= 0)
				return r;
		}
		return -1;
	}
	if (p >= ntoks)
		return -1;
	if (k->prefix ? toks[p].nlen < k->n : toks[p].nlen != k->n)
		return -1;
	if (memcmp(folded + toks[p].noff, k->s, k->n))
		return -1;
	return match_rest(t, j + 1, p + 1, toks, ntoks, folded);
}

static void run_chain(const lf_taxonomy *tx, int head, const lf_text_tok *toks, size_t ntoks,
                      const char *folded, size_t i,
                      void (*fn)(int term, size_t first, size_t last, void *ctx), void *ctx)
{
	for (int t = head; t >= 0; t = tx->terms[t].next) {
		long last = match_rest(&tx->terms[t], 1, i + 1, toks, ntoks, folded);
		if (last >= 0)
			fn(t, i, (size_t)last, ctx);
	}
}

void lf_tx_match_at(const lf_taxonomy *tx, const tx_index *exact, const tx_index *prefix,
                    const lf_text_tok *toks, size_t ntoks, const char *folded, size_t i,
                    void (*fn)(int term, size_t first, size_t last, void *ctx), void *ctx)
{
	const char *s = folded + toks[i].noff;
	size_t n = toks[i].nlen;
	int head;

	if ((head = lookup(exact, s, n)) >= 0)
		run_chain(tx, head, toks, ntoks, folded, i, fn, ctx);
	if (!prefix->map.n)
		return;
	for (size_t k = 1; k <= n && k < 64; k++) {
		if (!(prefix->prefix_lens & ((uint64_t)1 << k)))
			continue;
		if (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
			continue; /* not on a character boundary */
		if ((head = lookup(prefix, s, k)) >= 0)
			run_chain(tx, head, toks, ntoks, folded, i, fn, ctx);
	}
}

/* ------------------------------------------------------------- tagger */

typedef struct hit {
	int term;
	int rule, group; /* sort keys: the rule (INT_MAX for a non-group term) */
	uint32_t first, last;
} hit;

struct lf_tagger {
	const lf_taxonomy *tx;
	lf_text_tok *toks;
	size_t ntoks, captoks;
	lf_buf folded;
	hit *hits;
	size_t nhits, caphits;
	lf_tag *tags;      /* one slot per category */
	char *seen;        /* per category: has a tag */
	uint32_t *last_end;/* per category: last token of its latest match */
	lf_tag *out;
	size_t nout;
	int state_law; /* the law's title names a state body (lf_tagger_law) */
	int state_unit;/* the unit's chapter headings do (lf_tagger_context) */
	const char *text; /* the provision being tagged */
};

/* Does a sentence end between tokens k - 1 and k?  A full stop, semicolon,
 * question or exclamation mark (ASCII or CJK) or a blank line between them
 * ends one ("s. 14" cuts a sentence short: a denial then reaches less far,
 * never farther).  So does a gap of over 256 bytes without a word: it is
 * not read (hostile input would make each look-back read it again). */
static int sentence_break(const lf_tagger *t, size_t k)
{
	const char *p = t->text + t->toks[k - 1].off + t->toks[k - 1].len, *e = t->text + t->toks[k].off;
	int nl = 0;

	if (e - p > 256)
		return 1;
	for (; p < e; p++) {
		if (*p == '.' || *p == ';' || *p == '?' || *p == '!')
			return 1;
		if (*p == '\n' && nl++)
			return 1;
		if ((unsigned char)*p == 0xE3 && p + 2 < e && (unsigned char)p[1] == 0x80 &&
		    (unsigned char)p[2] == 0x82)
			return 1; /* 。 */
		if ((unsigned char)*p == 0xEF && p + 2 < e && (unsigned char)p[1] == 0xBC &&
		    ((unsigned char)p[2] == 0x9B || (unsigned char)p[2] == 0x81 || (unsigned char)p[2] == 0x9F))
			return 1; /* ；！？ */
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			nl = 0;
	}
	return 0;
}

/* The first token of the sentence token i is in, looking back at most
 * limit tokens. */
static long sentence_start(const lf_tagger *t, long i, long limit)
{
	long k = i;

	while (k > 0 && i - k < limit && !sentence_break(t, (size_t)k))
		k--;
	return k;
}

lf_tagger *lf_tagger_new(const lf_taxonomy *tx)
{
	lf_tagger *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->tx = tx;
	lf_buf_init(&t->folded, 0);
	t->tags = calloc(tx->ncats + 1, sizeof *t->tags);
	t->out = calloc(tx->ncats + 1, sizeof *t->out);
	t->seen = calloc(tx->ncats + 1, 1);
	t->last_end = calloc(tx->ncats + 1, sizeof *t->last_end);
	if (!t->tags || !t->out || !t->seen || !t->last_end) {
		lf_tagger_free(t);
		return NULL;
	}
	return t;
}

void lf_tagger_free(lf_tagger *t)
{
	if (!t)
		return;
	free(t->toks);
	lf_buf_free(&t->folded);
	free(t->hits);
	free(t->tags);
	free(t->out);
	free(t->seen);
	free(t->last_end);
	free(t);
}

static void on_hit(int term, size_t first, size_t last, void *ctx)
{
	lf_tagger *t = ctx;

	if (t->nhits == MAX_HITS)
		return;
	if (t->nhits == t->caphits) {
		size_t c = t->caphits ? t->caphits * 2 : 256;
		hit *h = realloc(t->hits, c * sizeof *h);
		if (!h)
			return; /* fewer hits: a weaker tag, never a crash */
		t->hits = h;
		t->caphits = c;
	}
	{
		const tx_term *tm = &t->tx->terms[term];
		t->hits[t->nhits++] = (hit){ term, tm->role == TX_GROUP ? tm->owner : INT_MAX, tm->group,
			                         (uint32_t)first, (uint32_t)last };
	}
}

/* Sort: group hits by rule then group then position; all others after. */
static int cmp_hit(const void *a, const void *b)
{
	const hit *x = a, *y = b;

	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->last < y->last ? -1 : x->last > y->last;
}

/* Is there a hit of this role (and owner, unless owner is -2) within
 * [lo, hi]?  The hits from `from` on (all but rule groups) are sorted by
 * their first token, and a term spans at most MAX_TERM_TOKENS tokens, so
 * only those starting in [lo - MAX_TERM_TOKENS, hi] are looked at: a
 * binary search finds the first. */
#define MAX_TERM_TOKENS (32 * (LF_TX_GAP + 1))
static int near(const lf_tagger *t, size_t from, int role, int owner, long lo, long hi)
{
	size_t a = from, b = t->nhits;

	while (a < b) {
		size_t m = a + (b - a) / 2;
		if ((long)t->hits[m].first < lo - MAX_TERM_TOKENS)
			a = m + 1;
		else
			b = m;
	}
	for (size_t i = a; i < t->nhits && (long)t->hits[i].first <= hi; i++) {
		const tx_term *tm = &t->tx->terms[t->hits[i].term];
		if (tm->role != role || (owner != -2 && tm->owner != owner))
			continue;
		if ((long)t->hits[i].last >= lo)
			return 1;
	}
	return 0;
}

static int cmp_span(const void *a, const void *b)
{
	const lf_tag_span *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int cmp_tag(const void *a, const void *b)
{
	const lf_tag *x = a, *y = b;
	if (x->strength != y->strength)
		return x->strength > y->strength ? -1 : 1;
	return x->cat - y->cat;
}

/* Evaluates rule r on its hits [a, b) (sorted by group, position); others
 * is where the non-group hits start. */
static void eval_rule(lf_tagger *t, int r, size_t a, size_t b, size_t others, double scope)
{
	const lf_taxonomy *tx = t->tx;
	const tx_rule *ru = &tx->rules[r];
	size_t gstart[9], ganch = 0;
	int g = 0;

	/* group boundaries */
	for (size_t i = a; i < b && g <= ru->ngroups; i++) {
		int gi = tx->terms[t->hits[i].term].group;
		while (g <= gi)
			gstart[g++] = i;
	}
	if (g < ru->ngroups)
		return; /* some group has no hit */
	gstart[ru->ngroups] = b;
	for (int k = 0; k < ru->ngroups; k++)
		if (gstart[k] == gstart[k + 1])
			return;

	for (size_t ai = a; ai < b && ganch < MAX_ANCHORS; ai++, ganch++) {
		const hit *anc = &t->hits[ai];
		int ag = tx->terms[anc->term].group;
		size_t pick[8];
		long s = anc->first, e = anc->last;
		int ok = 1;
		double st, mod;

		if (ru->anywhere & (1u << ag))
			continue; /* the match is anchored in the window */
		for (int k = 0; k < ru->ngroups && ok; k++) {
			size_t best = (size_t)-1;
			if (k == ag) {
				pick[k] = ai;
				continue;
			}
			if (ru->anywhere & (1u << k)) {
				pick[k] = gstart[k]; /* somewhere in the provision */
				continue;
			}
			for (size_t j = gstart[k]; j < gstart[k + 1]; j++)
				if ((long)t->hits[j].first >= s) {
					best = j;
					break;
				}
			if (best == (size_t)-1 || (long)t->hits[best].first - s >= ru->window) {
				ok = 0;
				break;
			}
			pick[k] = best;
			if ((long)t->hits[best].last > e)
				e = t->hits[best].last;
		}
		if (!ok || e - s + 1 > ru->window)
			continue;
		if (near(t, others, TX_EXCEPT, r, s - ru->window, e + ru->window) ||
		    near(t, others, TX_CATEXCEPT, ru->cat, s - ru->window, e + ru->window))
			continue;
		/* a power or duty denied ("no public entity ... shall have the
		 * authority to ... shut down") is not the measure: a denial
		 * earlier in its sentence (at most three windows back) vetoes it */
		if (near(t, others, TX_DENIAL, -2, sentence_start(t, s, 3L * ru->window), e))
			continue;
		/* bearer="non-state": a state body's own duty or power (an
		 * intelligence service passing data to foreign services) is not
		 * a restriction on private or general flows */
		if (ru->non_state && (t->state_law || t->state_unit ||
		                      near(t, others, TX_STATE, -2, s - ru->window, e + ru->window)))
			continue;
		if (ru->modality_any || near(t, others, TX_BINDING, -2, s - ru->window, e + ru->window))
			mod = 1.0;
		else if (ru->modality_binding)
			continue; /* an obligation or nothing */
		else if (near(t, others, TX_PERMISSIVE, -2, s - ru->window, e + ru->window))
			mod = 0.6;
		else
			mod = 0.75;
		st = ru->weight * mod * scope;
		/* the object matched is a minor one (tax records, invoices): a
		 * true but incidental measure */
		if (near(t, others, TX_CATMINOR, ru->cat, s, e))
			st *= MINOR_OBJECT;
		if (t->seen[ru->cat] && (long)t->last_end[ru->cat] < s)
			t->tags[ru->cat].matches++; /* another place, not an overlapping anchor */
		if (!t->seen[ru->cat] || (long)t->last_end[ru->cat] < e)
			t->last_end[ru->cat] = (uint32_t)e;
		if (!t->seen[ru->cat] || st > t->tags[ru->cat].strength) {
			lf_tag *tg = &t->tags[ru->cat];
			unsigned nm = t->seen[ru->cat] ? tg->matches : 1;
			tg->cat = ru->cat;
			tg->strength = st;
			tg->rule = ru->id;
			tg->layers = ru->layers;
			tg->nspans = 0;
			for (int k = 0; k < ru->ngroups && tg->nspans < LF_TAG_MAX_SPANS; k++) {
				const hit *h = &t->hits[pick[k]];
				size_t off = t->toks[h->first].off;
				size_t end = t->toks[h->last].off + t->toks[h->last].len;
				size_t m;
				if (ru->anywhere & (1u << k))
					continue; /* far away: the excerpt shows the window */
				for (m = 0; m < tg->nspans; m++)
					if (tg->spans[m].off == off)
						break;
				if (m == tg->nspans)
					tg->spans[tg->nspans++] = (lf_tag_span){ off, end - off };
			}
			qsort(tg->spans, tg->nspans, sizeof *tg->spans, cmp_span);
			tg->matches = nm;
			t->seen[ru->cat] = 1;
		}
	}
}

/* Does text, in language lang, hold one of its <state> terms? */
static int names_state(lf_tagger *t, const char *lang, const char *text, size_t n, int *out)
{
	const lf_taxonomy *tx = t->tx;
	const tx_lang *L = NULL;

	*out = 0;
	for (size_t i = 0; lang && i < tx->nlangs; i++)
		if (!strcmp(tx->langs[i].id, lang))
			L = &tx->langs[i];
	if (!L || !text || !n)
		return 0;
	lf_buf_reset(&t->folded);
	if (lf_tokenize(text, n, &t->toks, &t->ntoks, &t->captoks, &t->folded))
		return LF_ENOMEM;
	t->nhits = 0;
	for (size_t i = 0; i < t->ntoks && t->nhits < MAX_HITS; i++)
		lf_tx_match_at(tx, &L->exact, &L->prefix, t->toks, t->ntoks, lf_buf_str(&t->folded), i,
		               on_hit, t);
	for (size_t i = 0; i < t->nhits; i++)
		if (tx->terms[t->hits[i].term].role == TX_STATE)
			*out = 1;
	t->nhits = 0;
	return 0;
}

int lf_tagger_law(lf_tagger *t, const char *lang, const char *title, size_t n)
{
	t->state_unit = 0;
	return names_state(t, lang, title, n, &t->state_law);
}

int lf_tagger_context(lf_tagger *t, const char *lang, const char *headings, size_t n)
{
	return names_state(t, lang, headings, n, &t->state_unit);
}

int lf_tagger_run(lf_tagger *t, const char *lang, const char *text, size_t n, double scope,
                  const lf_tag **tags, size_t *ntags)
{
	const lf_taxonomy *tx = t->tx;
	const tx_lang *L = NULL;
	size_t i, others;

	*tags = t->out;
	*ntags = 0;
	t->nout = 0;
	for (i = 0; lang && i < tx->nlangs; i++)
		if (!strcmp(tx->langs[i].id, lang))
			L = &tx->langs[i];
	if (!L || !L->nrules)
		return 0;
	lf_buf_reset(&t->folded);
	if (lf_tokenize(text, n, &t->toks, &t->ntoks, &t->captoks, &t->folded))
		return LF_ENOMEM;
	t->text = text;
	t->nhits = 0;
	for (i = 0; i < t->ntoks && t->nhits < MAX_HITS; i++)
		lf_tx_match_at(tx, &L->exact, &L->prefix, t->toks, t->ntoks, lf_buf_str(&t->folded), i,
		               on_hit, t);
	if (!t->nhits)
		return 0;
	qsort(t->hits, t->nhits, sizeof *t->hits, cmp_hit);
	for (others = 0; others < t->nhits; others++)
		if (tx->terms[t->hits[others].term].role != TX_GROUP)
			break;
	/* a definitions provision: its heading or first words say so; a scope
	 * or purpose article: its first sentences ("this Law applies to", 本法
	 * 适用于, "the purpose of this Act") */
	if (near(t, others, TX_DEFINITION, -2, 0, 12) || near(t, others, TX_SCOPE, -2, 0, SCOPE_TOKENS))
		scope *= 0.5;
	memset(t->seen, 0, tx->ncats);
	for (i = 0; i < others;) {
		int r = tx->terms[t->hits[i].term].owner;
		size_t j = i;
		while (j < others && tx->terms[t->hits[j].term].owner == r)
			j++;
		eval_rule(t, r, i, j, others, scope);
		i = j;
	}
	for (i = 0; i < tx->ncats; i++)
		if (t->seen[i])
			t->out[t->nout++] = t->tags[i];
	qsort(t->out, t->nout, sizeof *t->out, cmp_tag);
	*ntags = t->nout;
	return 0;
}
