/* mklexicon_zh.c - CC-CEDICT for tools/mklexicon (see mklexicon.c):
 * zh->en from the glosses, en->zh from the short ones, ranked by how
 * productive a Chinese word is; English phrases it lacks, composed. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/map.h"
#include "core/text/text.h"
#include "tools/mklexicon.h"

/* How many headwords of CC-CEDICT contain each headword (simplified): how
 * productive, so how common, a word is (个人 is in 个人主义, 个人电脑 ...; 人身
 * in fewer).  Pass 0 notes every headword, pass 1 counts, for each
 * headword, the others among its substrings of 2 to 4 characters. */
static lf_map compounds;
#define PREFIX_ONE ((intptr_t)1 << 24) /* the count as a prefix, in the high bits */

static void count_compounds(const char *line, size_t n, int pass)
{
	const char *sp1 = memchr(line, ' ', n), *sp2, *simp;
	size_t sn, starts[64], nc = 0;
	lf_map_ent *ent;
	if (!sp1 || !(sp2 = memchr(sp1 + 1, ' ', (size_t)(line + n - sp1 - 1))))
		return;
	simp = sp1 + 1;
	sn = (size_t)(sp2 - simp);
	if (pass == 0) {
		if (lf_map_put(&compounds, sdup(simp, sn), sn, &ent) < 0)
			die("out of memory");
		return;
	}
	for (size_t i = 0; i < sn && nc < 63;) {
		unsigned cp;
		size_t l = lf_u8dec(simp + i, sp2, &cp);
		starts[nc++] = i;
		i += l ? l : 1;
	}
	starts[nc] = sn;
	for (size_t a = 0; a < nc; a++)
		for (size_t b = a + 2; b <= nc && b <= a + 4; b++)
			if ((a || b < nc) && (ent = lf_map_get(&compounds, simp + starts[a], starts[b] - starts[a])))
				ent->v.i += a ? 1 : 1 + PREFIX_ONE;
}

static double productivity(const char *simp)
{
	lf_map_ent *ent = lf_map_get_str(&compounds, simp);
	return 1 + log1p(ent ? (double)(ent->v.i % PREFIX_ONE) : 0);
}


/* English two-word phrases that CC-CEDICT does not translate, composed in
 * Chinese word order (modifier, head) from the words as written (not their
 * stems: "important" is not "import"): the modifier's translation, among
 * its best three of two characters or more, that begins the most headwords
 * of CC-CEDICT, then the head's best.  "personal data" -> 个人数据.  Only
 * phrases a dictionary has as a headword or a gloss (English
 * collocations), weighted far below any translation a dictionary gives. */
typedef struct zh_best {
	const char *t[3];
	double w[3];
} zh_best;

static lf_map zh_words; /* an English word as written (folded) -> zh_best */

static void note_word(const char *en, const char *simp, double w)
{
	lf_buf f = {0};
	lf_map_ent *ent;
	zh_best *zb;
	if (lf_normalize(en, strlen(en), &f) || !f.n)
		die("out of memory");
	if (lf_map_put(&zh_words, sdup(f.p, f.n), f.n, &ent) < 0)
		die("out of memory");
	if (!ent->v.p && !(ent->v.p = calloc(1, sizeof(zh_best))))
		die("out of memory");
	zb = ent->v.p;
	for (int j = 0; j < 3; j++) {
		if (zb->t[j] && !strcmp(zb->t[j], simp)) {
			zb->w[j] += w;
			break;
		}
		if (!zb->t[j] || w > zb->w[j]) {
			memmove(zb->t + j + 1, zb->t + j, (size_t)(2 - j) * sizeof *zb->t);
			memmove(zb->w + j + 1, zb->w + j, (size_t)(2 - j) * sizeof *zb->w);
			zb->t[j] = simp, zb->w[j] = w;
			break;
		}
	}
	lf_buf_free(&f);
}

/* Glosses that say what a word is, not what it means (data/cedict/prune.py
 * drops the same from the vendored file). */
static int cedict_skip(const char *g)
{
	static const char *const pre[] = {"surname ", "variant of ", "old variant of ", "unofficial variant of ",
	                                  "archaic variant of ", "Japanese variant of ", "erhua variant of ",
	                                  "used in ", "see ", "CL:", "classifier for ", "abbr. for ", "also pr. "};
	for (size_t i = 0; i < sizeof pre / sizeof *pre; i++)
		if (!strncmp(g, pre[i], strlen(pre[i])))
			return 1;
	return 0;
}

/* CC-CEDICT: "TRAD SIMP [pin1 yin1] /gloss/gloss; gloss/".  zh->en for both
 * scripts' headwords; en->zh (simplified) from the short glosses. */
static void cedict_line(const char *line, size_t n)
{
	const char *sp1 = memchr(line, ' ', n), *sp2, *sl;
	char *trad, *simp;
	size_t nglosses = 0, sense = 0;
	lf_buf g = {0};
	if (!sp1 || !(sp2 = memchr(sp1 + 1, ' ', (size_t)(line + n - sp1 - 1))) ||
	    !(sl = memchr(sp2, '/', (size_t)(line + n - sp2))))
		return;
	trad = sdup(line, (size_t)(sp1 - line));
	simp = sdup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	if (!has_cjk(simp, strlen(simp)))
		return;
	for (const char *p = sl; p < line + n; p++)
		nglosses += *p == '/' || *p == ';';
	for (const char *p = sl + 1, *end = line + n; p < end; sense++) {
		const char *q = memchr(p, '/', (size_t)(end - p));
		size_t pos = 0;
		if (!q)
			q = end;
		for (const char *s = p; s < q; pos++) {
			const char *r = memchr(s, ';', (size_t)(q - s));
			int depth = 0;
			/* a ';' inside parentheses does not split */
			for (r = s; r < q && (depth || *r != ';'); r++)
				depth += *r == '(', depth -= depth && *r == ')';
			clean(s, (size_t)(r - s), &g);
			if (g.n && !cedict_skip(g.p)) {
				const char *t = g.p + (!strncmp(g.p, "to ", 3) && g.p[3] ? 3 : 0);
				char *tt = sdup(t, strlen(t));
				double w = 1.0 / (1 + (double)sense) / (1 + (double)pos / 2.0);
				add("zh", "en", simp, tt, w);
				if (strcmp(trad, simp))
					add("zh", "en", trad, tt, w);
				if (count_words(tt) <= 3) {
					double wi = 0.5 / (double)(nglosses ? nglosses : 1) * productivity(simp) *
					            (count_chars(simp, strlen(simp)) > 1 ? 1 : 0.3);
					add("en", "zh", tt, simp, wi);
					if (count_words(tt) == 1 && count_chars(simp, strlen(simp)) > 1)
						note_word(tt, simp, wi);
				}
			}
			s = r + 1;
		}
		p = q + 1;
	}
	lf_buf_free(&g);
}

void read_cedict(const char *path)
{
	size_t n, lines = 0;
	char *t = slurp(path, &n);
	if (!t) {
		fprintf(stderr, "mklexicon: %s: %s\n", path, strerror(errno ? errno : ENOENT));
		exit(1);
	}
	for (int pass = 0; pass < 3; pass++)
		for (char *p = t, *end = t + n; p < end;) {
			char *q = memchr(p, '\n', (size_t)(end - p));
			if (!q)
				q = end;
			if (q > p && *p != '#') {
				size_t l = (size_t)(q - p) - (q[-1] == '\r');
				if (pass < 2)
					count_compounds(p, l, pass);
				else
					cedict_line(p, l), lines++;
			}
			p = q + 1;
		}
	fprintf(stderr, "mklexicon: %s: %zu entries (zh-en)\n", path, lines);
	free(t);
}

/* The translation of the three of zb that the most headwords contain
 * (prefix: begin with). */
static const char *most_productive(const zh_best *zb, int prefix)
{
	const char *best = zb->t[0];
	intptr_t bestn = -1;
	for (int j = 0; j < 3 && zb->t[j]; j++) {
		lf_map_ent *ent = lf_map_get_str(&compounds, zb->t[j]);
		intptr_t c = !ent ? 0 : prefix ? ent->v.i / PREFIX_ONE : ent->v.i % PREFIX_ONE;
		if (c > bestn)
			bestn = c, best = zb->t[j];
	}
	return best;
}

void compose_zh(void)
{
	lf_map done = LF_MAP_INIT;
	lf_map_ent *ent, *e1, *e2, *d;
	lf_buf f = {0}, b = {0};
	size_t added = 0, it = 0;
	/* key_memo: "en XX\tHEADWORD" -> "en XX\tKEY" for every English headword;
	 * of the headwords of one key ("important data", "import data"), the
	 * one whose words CC-CEDICT translates best.  A phrase CC-CEDICT has
	 * gets the composition after its own ("personal information": 个资,
	 * then 个人信息). */
	while ((ent = lf_map_next(&key_memo, &it)) != NULL) {
		const char *h = strchr(ent->key, '\t') + 1, *k = ent->v.p, *sp;
		const zh_best *mod, *head;
		cand *c;
		if (!k || strncmp(ent->key, "en ", 3) || count_words(h) != 2)
			continue;
		lf_buf_reset(&f);
		if (lf_normalize(h, strlen(h), &f) || !(sp = strchr(f.p, ' ')))
			continue;
		if (!(e1 = lf_map_get(&zh_words, f.p, (size_t)(sp - f.p))) || !(e2 = lf_map_get_str(&zh_words, sp + 1)))
			continue;
		mod = e1->v.p, head = e2->v.p;
		lf_buf_reset(&b);
		if (lf_buf_printf(&b, "en zh\t%s", strchr(k, '\t') + 1))
			die("out of memory");
		if (!(d = lf_map_get_str(&done, b.p))) {
			if (lf_map_put_str(&done, sdup(b.p, b.n), &d) < 0 || !(d->v.p = calloc(1, sizeof(cand))))
				die("out of memory");
		}
		c = d->v.p;
		if (c->t && c->score >= mod->w[0] * head->w[0])
			continue;
		c->k = d->key;
		c->score = mod->w[0] * head->w[0];
		lf_buf_reset(&b);
		if (lf_buf_printf(&b, "%s%s", most_productive(mod, 1), most_productive(head, 0)))
			die("out of memory");
		c->t = sdup(b.p, b.n);
	}
	it = 0;
	while ((d = lf_map_next(&done, &it)) != NULL) {
		push(((cand *)d->v.p)->k, ((cand *)d->v.p)->t, 0.01);
		free(d->v.p);
		added++;
	}
	fprintf(stderr, "mklexicon: %zu English phrases composed in Chinese\n", added);
	lf_buf_free(&f);
	lf_buf_free(&b);
	lf_map_free(&done);
}
