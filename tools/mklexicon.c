/*
 * mklexicon.c - compiles the bilingual dictionaries into one lookup file
 * (query/lexicon.h; the file's layout is described in query/lexicon.c).
 *
 * usage: mklexicon -o OUT [--dictd DIR] [--cedict FILE] [--max-words N]
 *
 * Reads the dictd dictionaries of DIR (default /usr/share/dictd) that it
 * knows (the table dicts[] below: Debian's dict-de-en and the FreeDict
 * packages; a missing one is skipped with a note) and CC-CEDICT (the
 * vendored data/cedict/cedict.u8.gz), and writes every pair both ways:
 * eng-fra gives en->fr and, inverted, fr->en, merged with fra-eng's own.
 * Pairs between two languages other than English are not compiled: the
 * lookup goes through English (lf_lexicon_each).
 *
 * Each source word or phrase is keyed by lf_lexicon_key.  Its translations
 * are the target text as written, cleaned (no grammar labels, no contents of
 * brackets, no pronunciation, no "to " before English verbs), ranked by a
 * score summed over every dictionary and direction that gives them:
 *   direct      1 / (1 + sense) / (1 + position in the sense / 2)
 *   inverted    0.5 / (translations of the entry) / (1 + sense)
 * (doubled for a noun, is_noun) so that the first sense comes first,
 * nouns before the verbs and participles a stemmed key also gathers,
 * translations the dictionaries agree on rise, and an inverted entry with few translations (specific) beats one
 * with many.  Chinese from CC-CEDICT (mklexicon_zh.c): zh->en from the
 * glosses (split on '/' and ';'); en->zh only from glosses of one to three
 * words, weighted by how many CC-CEDICT headwords contain the Chinese word
 * (a common word is in many compounds), a single character by 0.3; English
 * two-word phrases CC-CEDICT lacks are composed from their words
 * ("personal data" -> 个人数据), after any translation a dictionary gives.  At most LEX_MAX_TRANS translations per
 * key and pair; keys of at most --max-words words (default 4; a CJK key
 * counts its characters, at most 8).  Serbian is written in Cyrillic, as the
 * corpus is: Latin text of the dictionaries is transliterated, and each
 * Serbian translation is also given in Latin script, after the Cyrillic.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/map.h"
#include "core/text/text.h"
#include "query/lexicon.h"
#include "query/lexicon_int.h"
#include "tools/mklexicon.h"

#define LEX_MAX_TRANS 8
#define LEX_MAX_TEXT 100 /* bytes of one translation */
#define LEX_MAX_TWORDS 6 /* words of one translation */
#define LEX_CJK_MAX 8    /* characters of a CJK key */

/* the dictionaries of DIR: file base name, source, target, layout */
enum { FREEDICT, DING };
static const struct {
	const char *base, *src, *dst;
	int kind;
} dicts[] = {
	{"german-english", "de", "en", DING},       {"english-german", "en", "de", DING},
	{"freedict-deu-eng", "de", "en", FREEDICT}, {"freedict-eng-deu", "en", "de", FREEDICT},
	{"freedict-eng-fra", "en", "fr", FREEDICT}, {"freedict-fra-eng", "fr", "en", FREEDICT},
	{"freedict-eng-spa", "en", "es", FREEDICT}, {"freedict-spa-eng", "es", "en", FREEDICT},
	{"freedict-eng-por", "en", "pt", FREEDICT}, {"freedict-por-eng", "pt", "en", FREEDICT},
	{"freedict-eng-ind", "en", "id", FREEDICT}, {"freedict-eng-rus", "en", "ru", FREEDICT},
	{"freedict-eng-srp", "en", "sr", FREEDICT}, {"freedict-srp-eng", "sr", "en", FREEDICT},
};

/* ---- memory: strings in large chunks, never freed before exit ---- */

static char *chunk;
static size_t chunk_left;

void die(const char *msg)
{
	fprintf(stderr, "mklexicon: %s\n", msg);
	exit(1);
}

char *sdup(const char *p, size_t n)
{
	char *s;
	if (n + 1 > chunk_left) {
		size_t sz = n + 1 > (1u << 20) ? n + 1 : (1u << 20);
		if (!(chunk = malloc(sz)))
			die("out of memory");
		chunk_left = sz;
	}
	s = chunk;
	memcpy(s, p, n);
	s[n] = 0;
	chunk += n + 1;
	chunk_left -= n + 1;
	return s;
}


cand *cands;
size_t ncands;
static size_t capcands;
static unsigned max_words_opt = 4;

/* ---- text cleaning ---- */

/* p[0..n) without the contents of (...), [...], {...}, <...>, without
 * /.../ spans with no space inside (pronunciations, abbreviations), with
 * control characters as spaces and spaces collapsed, trimmed of spaces and
 * of trailing , ; : . into out. */
void clean(const char *p, size_t n, lf_buf *out)
{
	int depth = 0;
	lf_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '(' || c == '[' || c == '{' || c == '<') {
			depth++;
			continue;
		}
		if (c == ')' || c == ']' || c == '}' || c == '>') {
			if (depth > 0)
				depth--;
			continue;
		}
		if (depth)
			continue;
		if (c == '/') {
			/* "/prəˈnʌn/", "//prəˈnʌn//", "/KRITIS/" */
			size_t a = i, j;
			while (a < n && p[a] == '/')
				a++;
			for (j = a; j < n && p[j] != '/' && p[j] != ' ' && p[j] != '\n';)
				j++;
			if (j < n && p[j] == '/' && j > a) {
				while (j + 1 < n && p[j + 1] == '/')
					j++;
				i = j;
				continue;
			}
		}
		if ((unsigned char)c < 0x20 || c == 0x7f)
			c = ' ';
		if (c == ' ' && (out->n == 0 || out->p[out->n - 1] == ' '))
			continue;
		if (lf_buf_addc(out, c))
			die("out of memory");
	}
	while (out->n && strchr(" ,;:.", out->p[out->n - 1]))
		out->p[--out->n] = 0;
}

/* Placeholders of phrase patterns: such a headword or translation is not
 * text anyone searches for. */
static int placeholder(const char *s)
{
	static const char *const bad[] = {"sth.", "sb.", "sb's", "etw.", "jdm.", "jdn.", "jds.", "jd.",
	                                  "…",    "...", "~",   "/",    "\x1f", "\t"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (strstr(s, bad[i]))
			return 1;
	return 0;
}

size_t count_words(const char *s)
{
	size_t w = 0;
	for (int in = 0; *s; s++) {
		if (*s == ' ')
			in = 0;
		else if (!in)
			in = 1, w++;
	}
	return w;
}

int has_cjk(const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		unsigned cp;
		size_t l = lf_u8dec(s, end, &cp);
		if (lf_is_cjk(cp))
			return 1;
		s += l ? l : 1;
	}
	return 0;
}

size_t count_chars(const char *s, size_t n)
{
	size_t c = 0;
	const char *end = s + n;
	while (s < end) {
		unsigned cp;
		size_t l = lf_u8dec(s, end, &cp);
		s += l ? l : 1;
		c++;
	}
	return c;
}

/* ---- Serbian: Latin to Cyrillic and back (one fixed table) ---- */

static const char *const sr_lat[] = {"lj", "nj", "dž", "Lj", "Nj", "Dž", "LJ", "NJ", "DŽ", "a", "b", "c", "č", "ć",
                                     "d", "đ", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s",
                                     "š", "t", "u", "v", "z", "ž", "A", "B", "C", "Č", "Ć", "D", "Đ", "E", "F", "G",
                                     "H", "I", "J", "K", "L", "M", "N", "O", "P", "R", "S", "Š", "T", "U", "V", "Z", "Ž"};
static const char *const sr_cyr[] = {"љ", "њ", "џ", "Љ", "Њ", "Џ", "Љ", "Њ", "Џ", "а", "б", "ц", "ч", "ћ",
                                     "д", "ђ", "е", "ф", "г", "х", "и", "ј", "к", "л", "м", "н", "о", "п", "р", "с",
                                     "ш", "т", "у", "в", "з", "ж", "А", "Б", "Ц", "Ч", "Ћ", "Д", "Ђ", "Е", "Ф", "Г",
                                     "Х", "И", "Ј", "К", "Л", "М", "Н", "О", "П", "Р", "С", "Ш", "Т", "У", "В", "З", "Ж"};

/* s written with the table from[] replaced by to[] (longest first: the
 * digraphs lead the table) into out; returns 1 if anything was replaced. */
static int translit(const char *s, const char *const *from, const char *const *to, size_t nt, lf_buf *out)
{
	int any = 0;
	lf_buf_reset(out);
	while (*s) {
		size_t i;
		for (i = 0; i < nt; i++) {
			size_t l = strlen(from[i]);
			if (!strncmp(s, from[i], l)) {
				if (lf_buf_adds(out, to[i]))
					die("out of memory");
				s += l;
				any = 1;
				break;
			}
		}
		if (i == nt && lf_buf_addc(out, *s++))
			die("out of memory");
	}
	return any;
}

#define SR_N (sizeof sr_lat / sizeof *sr_lat)

/* ---- candidates ---- */

static uint32_t seq;

void push(const char *k, const char *t, double score)
{
	if (ncands == capcands) {
		cand *g = lf_grow(cands, &capcands, sizeof *g, 1 << 16);
		if (!g)
			die("out of memory");
		cands = g;
	}
	cands[ncands++] = (cand){k, t, score, seq++};
}

/* The key of headword h of language lang as "src dst\tkey" in the chunk, or
 * NULL when it is no headword to keep; remembered, since a headword comes
 * back once for each of its translations. */
lf_map key_memo;

static const char *make_key1(const char *src, const char *dst, const char *h, lf_buf *tmp, lf_buf *key);

static const char *make_key(const char *src, const char *dst, const char *h, lf_buf *tmp, lf_buf *key)
{
	lf_map_ent *ent;
	const char *k;
	if (!*h || placeholder(h))
		return NULL;
	lf_buf_reset(tmp);
	if (lf_buf_printf(tmp, "%s %s\t%s", src, dst, h))
		die("out of memory");
	if ((ent = lf_map_get(&key_memo, tmp->p, tmp->n)) != NULL)
		return ent->v.p;
	k = sdup(tmp->p, tmp->n);
	if (lf_map_put(&key_memo, k, strlen(k), &ent) < 0)
		die("out of memory");
	k = make_key1(src, dst, h, tmp, key);
	/* ent is still valid: make_key1 does not touch the map */
	ent->v.p = (void *)k;
	return k;
}

static const char *make_key1(const char *src, const char *dst, const char *h, lf_buf *tmp, lf_buf *key)
{
	size_t words;
	if (lf_lexicon_key(src, h, strlen(h), key))
		die("out of memory");
	if (!key->n)
		return NULL;
	if (has_cjk(key->p, key->n))
		words = count_chars(key->p, key->n) > LEX_CJK_MAX ? 99 : 0;
	else
		words = count_words(key->p);
	if (words > max_words_opt)
		return NULL;
	lf_buf_reset(tmp);
	if (lf_buf_printf(tmp, "%s %s\t%s", src, dst, key->p))
		die("out of memory");
	return sdup(tmp->p, tmp->n);
}

/* Adds translation t of headword h (both cleaned) from src to dst with
 * score; Serbian text in Latin script is written in Cyrillic first. */
void add(const char *src, const char *dst, const char *h, const char *t, double score)
{
	static lf_buf tmp, key, sr, tt;
	const char *k;
	if (!*t || placeholder(t) || strlen(t) > LEX_MAX_TEXT || count_words(t) > LEX_MAX_TWORDS)
		return;
	if (!strcmp(src, "sr") && translit(h, sr_lat, sr_cyr, SR_N, &sr))
		h = sr.p;
	if (!strcmp(src, "en") && !strncmp(h, "to ", 3) && h[3])
		h += 3;
	if (!(k = make_key(src, dst, h, &tmp, &key)))
		return;
	if (!strcmp(dst, "en") && !strncmp(t, "to ", 3) && t[3])
		t += 3;
	if (!strcmp(dst, "sr")) {
		translit(t, sr_lat, sr_cyr, SR_N, &tt);
		push(k, sdup(tt.p, tt.n), score);
		/* the Latin spelling, just after */
		translit(sdup(tt.p, tt.n), sr_cyr, sr_lat, SR_N, &tt);
		push(k, sdup(tt.p, tt.n), score * 0.99);
		return;
	}
	push(k, sdup(t, strlen(t)), score);
}

/* ---- reading files ---- */

/* The whole of a file, gzip or plain (zlib reads both), NUL-terminated. */
char *slurp(const char *path, size_t *n)
{
	gzFile f = gzopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, len = 0;
	if (!f)
		return NULL;
	for (;;) {
		int r;
		if (cap - len < (1u << 20) + 1) {
			char *g;
			cap = cap ? cap * 2 : (4u << 20);
			if (!(g = realloc(p, cap)))
				die("out of memory");
			p = g;
		}
		r = gzread(f, p + len, (unsigned)(cap - len - 1));
		if (r < 0) {
			fprintf(stderr, "mklexicon: %s: read error\n", path);
			exit(1);
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	gzclose(f);
	p[len] = 0;
	*n = len;
	return p;
}

static int b64(const char *s, size_t n, size_t *v)
{
	static const char d[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	*v = 0;
	if (!n || n > 8)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *c = memchr(d, s[i], 64);
		if (!c || !s[i])
			return -1;
		*v = *v * 64 + (size_t)(c - d);
	}
	return 0;
}

/* A translation line of FreeDict's layout: "N. a, b, c" (or unnumbered),
 * a sense; adds each translation. */
/* Whether p[0..n) carries a noun's label: Ding's gender ({f} {m} {n} {pl}),
 * FreeDict's (<fem> <masc> <neut> <pl>, <n>, <n, ...>).  Translations of
 * nouns rank first (a noun's weight is doubled): queries name things, and
 * a stemmed key gathers a word's forms ("recommend": Empfehlung before
 * empfehlend). */
static int is_noun(const char *p, size_t n)
{
	static const char *const labels[] = {"{f}", "{m}", "{n}", "{pl}", "<fem", "<masc", "<neut", "<pl", "<n>", "<n,"};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
		size_t l = strlen(labels[i]);
		for (size_t j = 0; j + l <= n; j++)
			if (p[j] == labels[i][0] && !memcmp(p + j, labels[i], l))
				return 1;
	}
	return 0;
}

#define NOUN_WEIGHT 2.0

/* German capitalises nouns: a German text whose last word is capitalised is
 * a noun or a noun phrase ("personenbezogene Daten"), labelled or not. */
static int german_noun(const char *lang, const char *t)
{
	const char *w = strrchr(t, ' ');
	const unsigned char *u = (const unsigned char *)(w ? w + 1 : t);
	if (strcmp(lang, "de"))
		return 0;
	return (*u >= 'A' && *u <= 'Z') || (u[0] == 0xc3 && (u[1] == 0x84 || u[1] == 0x96 || u[1] == 0x9c));
}

static void freedict_sense(const char *src, const char *dst, const char *h, const char *line, size_t n,
                           int sense, size_t ntr, int head_noun)
{
	lf_buf c = {0};
	const char *p, *end;
	size_t pos = 0, seg = 0, nseg = 0;
	unsigned char noun[64] = {0};
	/* which comma-separated parts (outside brackets, as clean() keeps them)
	 * are labelled nouns */
	for (size_t i = 0, a = 0, depth = 0; i <= n && nseg < sizeof noun; i++) {
		if (i < n && strchr("([{<", line[i]))
			depth++;
		else if (i < n && depth && strchr(")]}>", line[i]))
			depth--;
		else if (i == n || (line[i] == ',' && !depth)) {
			noun[nseg++] = (unsigned char)(head_noun || is_noun(line + a, i - a));
			a = i + 1;
		}
	}
	clean(line, n, &c);
	/* a stray " 2" at the end numbers the next sense (eng-ind) */
	for (size_t e = c.n; e > 1 && c.p[e - 1] >= '0' && c.p[e - 1] <= '9';) {
		while (e && c.p[e - 1] >= '0' && c.p[e - 1] <= '9')
			e--;
		if (e && c.p[e - 1] == ' ') {
			c.n = e - 1;
			c.p[c.n] = 0;
		}
		break;
	}
	p = c.p ? c.p : "";
	/* "1. " numbering, and a stray " 2." numbering the next sense */
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.' && p > (c.p ? c.p : ""))
		p++;
	end = p + strlen(p);
	while (p < end) {
		const char *q = strchr(p, ',');
		size_t l;
		char *t;
		if (!q)
			q = end;
		while (p < q && *p == ' ')
			p++;
		l = (size_t)(q - p);
		while (l && p[l - 1] == ' ')
			l--;
		/* a trailing " 2." */
		while (l > 2 && p[l - 1] == '.' && p[l - 2] >= '0' && p[l - 2] <= '9') {
			size_t m = l - 2;
			while (m && p[m - 1] >= '0' && p[m - 1] <= '9')
				m--;
			l = m;
			while (l && p[l - 1] == ' ')
				l--;
		}
		t = sdup(p, l);
		if (*t) {
			double nw = (seg < nseg && noun[seg]) || german_noun(dst, t) || german_noun(src, h) ? NOUN_WEIGHT : 1;
			add(src, dst, h, t, nw / (1 + sense) / (1 + pos / 2.0));
			if (ntr)
				add(dst, src, t, h, nw * 0.5 / (double)ntr / (1 + sense));
			pos++;
		}
		seg++;
		p = q + (q < end);
	}
	lf_buf_free(&c);
}

/* Lines of FreeDict's layout that translate: the first after the headword
 * line, and the numbered ones ("2. ..."); the rest are definitions
 * (eng-ind), examples, notes, "see:" and "Synonym:" lines. */
static int freedict_is_sense(const char *line, size_t n, int first)
{
	size_t i = 0;
	if (first)
		return line[0] != ' ' || (n > 1 && line[1] == '[');
	while (i < n && line[i] == ' ')
		i++;
	if (i >= n || line[i] < '0' || line[i] > '9')
		return 0;
	while (i < n && line[i] >= '0' && line[i] <= '9')
		i++;
	return i + 1 < n && line[i] == '.' && line[i + 1] == ' ';
}

static void freedict_entry(const char *src, const char *dst, const char *e, size_t n)
{
	const char *end = e + n, *nl = memchr(e, '\n', n), *p;
	lf_buf h = {0};
	int sense = 0, first = 1, head_noun;
	size_t ntr = 0;
	if (!nl)
		return;
	clean(e, (size_t)(nl - e), &h);
	if (!h.n)
		goto out;
	head_noun = is_noun(e, (size_t)(nl - e));
	/* count the translations first: the weight of the inverted ones */
	for (int pass = 0; pass < 2; pass++) {
		sense = 0, first = 1;
		for (p = nl + 1; p < end;) {
			const char *q = memchr(p, '\n', (size_t)(end - p));
			size_t l;
			if (!q)
				q = end;
			l = (size_t)(q - p);
			if (l && freedict_is_sense(p, l, first)) {
				if (pass == 0) {
					for (size_t i = 0; i < l; i++)
						ntr += p[i] == ',';
					ntr++;
				} else {
					freedict_sense(src, dst, h.p, p, l, sense, ntr, head_noun);
				}
				sense++;
			}
			if (l)
				first = 0;
			p = q + 1;
		}
	}
out:
	lf_buf_free(&h);
}

/* Ding's layout (dict-de-en): the headword, a line of grammar (" {f}") that
 * may go on with more of the headword, then the translations indented by
 * three spaces and separated by ';' (a wrapped line continues unindented).
 * Each entry is one sense (sense: how many entries of the same headword came
 * before). */
static void ding_entry(const char *src, const char *dst, const char *e, size_t n, int sense)
{
	const char *end = e + n, *p = e, *tr = NULL;
	lf_buf head = {0}, h = {0}, body = {0}, c = {0};
	size_t ntr = 1, pos = 0;
	int head_noun;
	/* the header runs to the first line indented by three spaces */
	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p));
		if (!q)
			q = end;
		if (q - p >= 3 && !strncmp(p, "   ", 3)) {
			tr = p;
			break;
		}
		lf_buf_add(&head, " ", 1);
		lf_buf_add(&head, p, (size_t)(q - p));
		p = q + 1;
	}
	if (!tr)
		goto out;
	clean(head.p, head.n, &h);
	head_noun = is_noun(head.p, head.n);
	while (h.n && h.p[0] == ' ')
		memmove(h.p, h.p + 1, h.n--);
	if (lf_buf_add(&body, tr, (size_t)(end - tr)))
		die("out of memory");
	for (size_t i = 0; i < body.n; i++)
		if (body.p[i] == '\n')
			body.p[i] = ' ';
	for (size_t i = 0; i < body.n; i++)
		ntr += body.p[i] == ';' || body.p[i] == '|';
	for (char *s = body.p, *stop = body.p + body.n; s < stop;) {
		char *q = s;
		int depth = 0;
		/* split on ';' and '|' outside brackets */
		while (q < stop && (depth || (*q != ';' && *q != '|'))) {
			depth += *q == '(' || *q == '[' || *q == '{';
			depth -= depth && (*q == ')' || *q == ']' || *q == '}');
			q++;
		}
		clean(s, (size_t)(q - s), &c);
		if (c.n && h.n) {
			char *t = sdup(c.p, c.n);
			double nw = head_noun || is_noun(s, (size_t)(q - s)) || german_noun(dst, t) || german_noun(src, h.p)
			                ? NOUN_WEIGHT
			                : 1;
			add(src, dst, h.p, t, nw / (1 + sense) / (1 + pos / 2.0));
			add(dst, src, t, h.p, nw * 0.5 / (double)ntr / (1 + sense));
			pos++;
		}
		s = q + 1;
	}
out:
	lf_buf_free(&head);
	lf_buf_free(&h);
	lf_buf_free(&body);
	lf_buf_free(&c);
}

/* One dictd dictionary: DIR/BASE.index (headword, offset, length in base
 * 64) over DIR/BASE.dict.dz (or .dict). */
static int read_dictd(const char *dir, int d)
{
	char path[4096];
	char *idx, *dict;
	size_t nidx, ndict, entries = 0;
	char prev[256] = "";
	int sense = 0;

	snprintf(path, sizeof path, "%s/%s.index", dir, dicts[d].base);
	if (!(idx = slurp(path, &nidx)))
		return 0;
	snprintf(path, sizeof path, "%s/%s.dict.dz", dir, dicts[d].base);
	if (!(dict = slurp(path, &ndict))) {
		snprintf(path, sizeof path, "%s/%s.dict", dir, dicts[d].base);
		if (!(dict = slurp(path, &ndict))) {
			fprintf(stderr, "mklexicon: %s/%s: an index with no .dict.dz\n", dir, dicts[d].base);
			free(idx);
			return 0;
		}
	}
	for (char *p = idx, *end = idx + nidx; p < end;) {
		char *q = memchr(p, '\n', (size_t)(end - p)), *t1, *t2, *t3;
		size_t off, len;
		if (!q)
			q = end;
		*q = 0;
		t1 = strchr(p, '\t');
		t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
		if (!t3)
			t3 = q;
		if (t1 && t2 && strncmp(p, "00database", 10) && !b64(t1 + 1, (size_t)(t2 - t1 - 1), &off) &&
		    !b64(t2 + 1, (size_t)(t3 - t2 - 1), &len) && off <= ndict && len <= ndict - off) {
			*t1 = 0;
			sense = strcmp(prev, p) ? 0 : sense + 1;
			snprintf(prev, sizeof prev, "%s", p);
			if (dicts[d].kind == DING)
				ding_entry(dicts[d].src, dicts[d].dst, dict + off, len, sense);
			else
				freedict_entry(dicts[d].src, dicts[d].dst, dict + off, len);
			entries++;
		}
		p = q + 1;
	}
	fprintf(stderr, "mklexicon: %s: %zu entries (%s-%s)\n", dicts[d].base, entries, dicts[d].src, dicts[d].dst);
	free(idx);
	free(dict);
	return 1;
}

/* ---- merging, ranking, writing ---- */

static int by_key_text(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	int c = strcmp(x->k, y->k);
	return c ? c : strcmp(x->t, y->t);
}

static int by_key_score(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	int c = strcmp(x->k, y->k);
	if (c)
		return c;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sums the scores of one translation given more than once for one key. */
static void merge(void)
{
	size_t o = 0;
	qsort(cands, ncands, sizeof *cands, by_key_text);
	for (size_t i = 0; i < ncands; i++) {
		if (o && !strcmp(cands[o - 1].k, cands[i].k) && !strcmp(cands[o - 1].t, cands[i].t)) {
			cands[o - 1].score += cands[i].score;
			if (cands[i].seq < cands[o - 1].seq)
				cands[o - 1].seq = cands[i].seq;
			continue;
		}
		cands[o++] = cands[i];
	}
	ncands = o;
	qsort(cands, ncands, sizeof *cands, by_key_score);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16),
	p[3] = (unsigned char)(v >> 24);
}

/* One entry of the pair table: cur is "src dst" (codes of 1 to 3 bytes). */
static void put_pair(lf_buf *pairs, const char *cur, uint32_t first, uint32_t count)
{
	unsigned char pe[LEX_PAIR] = {0};
	size_t ls = strcspn(cur, " "), ld = strlen(cur) - ls - 1;
	if (ls > 3 || ld > 3 || !ld)
		die("a language code of more than 3 letters");
	memcpy(pe, cur, ls);
	memcpy(pe + 4, cur + ls + 1, ld);
	put32(pe + 8, first), put32(pe + 12, count);
	if (lf_buf_add(pairs, (char *)pe, LEX_PAIR))
		die("out of memory");
}

static void write_out(const char *path)
{
	lf_buf recs = {0}, pairs = {0};
	uint32_t *offs = NULL, nrecs = 0, npairs = 0, max_words = 1;
	size_t capoffs = 0;
	unsigned char head[LEX_HEADER] = {0};
	char cur[16] = "";
	uint32_t pair_first = 0;
	FILE *f;
	size_t base, total;
	unsigned char *offbytes;

	lf_buf_init(&recs, (size_t)UINT32_MAX);
	for (size_t i = 0; i < ncands;) {
		const char *k = cands[i].k, *tab = strchr(k, '\t');
		size_t j = i, kept = 0, words;
		char pair[16];
		snprintf(pair, sizeof pair, "%.*s", (int)(tab - k), k);
		if (strcmp(pair, cur)) {
			if (*cur)
				put_pair(&pairs, cur, pair_first, nrecs - pair_first), npairs++;
			snprintf(cur, sizeof cur, "%s", pair);
			pair_first = nrecs;
		}
		if (nrecs + 1 >= capoffs) {
			uint32_t *g = lf_grow(offs, &capoffs, sizeof *g, 1 << 16);
			if (!g)
				die("out of memory");
			offs = g;
		}
		offs[nrecs++] = (uint32_t)recs.n;
		if (lf_buf_adds(&recs, tab + 1) || lf_buf_addc(&recs, '\t'))
			die("the lexicon is over 4 GB");
		for (; j < ncands && !strcmp(cands[j].k, k); j++)
			if (kept < LEX_MAX_TRANS) {
				if ((kept++ && lf_buf_addc(&recs, LEX_SEP)) || lf_buf_adds(&recs, cands[j].t))
					die("the lexicon is over 4 GB");
			}
		if (lf_buf_addc(&recs, '\n'))
			die("the lexicon is over 4 GB");
		words = has_cjk(tab + 1, strlen(tab + 1)) ? count_chars(tab + 1, strlen(tab + 1))
		                                           : count_words(tab + 1);
		if (words > max_words)
			max_words = (uint32_t)words;
		i = j;
	}
	if (*cur)
		put_pair(&pairs, cur, pair_first, nrecs - pair_first), npairs++;
	if (npairs > LEX_MAX_PAIRS)
		die("too many language pairs");
	base = LEX_HEADER + (size_t)npairs * LEX_PAIR + ((size_t)nrecs + 1) * 4;
	total = base + recs.n;
	if (total > UINT32_MAX)
		die("the lexicon is over 4 GB");
	memcpy(head, LEX_MAGIC, 8);
	put32(head + 8, LEX_VERSION), put32(head + 12, max_words), put32(head + 16, npairs);
	put32(head + 20, nrecs), put32(head + 24, (uint32_t)total);
	if (!(offbytes = malloc(((size_t)nrecs + 1) * 4)))
		die("out of memory");
	for (uint32_t i = 0; i < nrecs; i++)
		put32(offbytes + (size_t)i * 4, (uint32_t)(base + offs[i]));
	put32(offbytes + (size_t)nrecs * 4, (uint32_t)total);
	if (!(f = fopen(path, "wb"))) {
		fprintf(stderr, "mklexicon: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	if (fwrite(head, 1, LEX_HEADER, f) != LEX_HEADER || fwrite(pairs.p, 1, pairs.n, f) != pairs.n ||
	    fwrite(offbytes, 4, (size_t)nrecs + 1, f) != (size_t)nrecs + 1 || fwrite(recs.p, 1, recs.n, f) != recs.n ||
	    fclose(f)) {
		fprintf(stderr, "mklexicon: %s: write failed\n", path);
		remove(path);
		exit(1);
	}
	fprintf(stderr, "mklexicon: %s: %u pairs, %u keys, %zu bytes, max %u words\n", path, npairs, nrecs, total,
	        max_words);
	free(offbytes);
	free(offs);
	lf_buf_free(&recs);
	lf_buf_free(&pairs);
}

static void usage(void)
{
	fprintf(stderr, "usage: mklexicon -o OUT [--dictd DIR] [--cedict FILE] [--max-words N]\n"
	                "       mklexicon --lookup FILE SRC DST TEXT...   (translations of each TEXT, one a line)\n");
	exit(2);
}

static void count_alt(const char *t, size_t n, void *ctx)
{
	(void)t, (void)n;
	++*(int *)ctx;
}

static void print_alt(const char *t, size_t n, void *ctx)
{
	printf("%s%.*s", *(int *)ctx ? " | " : "\t", (int)n, t);
	++*(int *)ctx;
}

/* --lookup: what a query would get, and how long a lookup takes */
static int lookup(int argc, char **argv)
{
	lf_lexicon *lx;
	lf_err err;
	lf_buf key = {0};
	struct timespec a, b;
	long calls = 0;
	if (argc < 6)
		usage();
	if (lf_lexicon_open(argv[2], &lx, &err)) {
		fprintf(stderr, "mklexicon: %s\n", err.msg);
		return 1;
	}
	for (int i = 5; i < argc; i++) {
		int k = 0;
		if (lf_lexicon_key(argv[3], argv[i], strlen(argv[i]), &key))
			die("out of memory");
		printf("%s [%s]", argv[i], lf_buf_str(&key));
		lf_lexicon_each(lx, argv[3], lf_buf_str(&key), argv[4], 8, print_alt, &k);
		printf("\n");
	}
	/* the time of one lookup of the key (the key made once) */
	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 1000; i++, calls++) {
			int k = 0;
			lf_lexicon_each(lx, argv[3], lf_buf_str(&key), argv[4], 8, count_alt, &k);
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec) < 2e8);
	fprintf(stderr, "mklexicon: %.2f us a lookup (%s -> %s)\n",
	        ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / (double)calls, argv[3], argv[4]);
	lf_buf_free(&key);
	lf_lexicon_free(lx);
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *dir = "/usr/share/dictd", *cedict = NULL;
	char tmp[4096];
	int found = 0;
	if (argc > 1 && !strcmp(argv[1], "--lookup"))
		return lookup(argc, argv);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--dictd") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--cedict") && i + 1 < argc)
			cedict = argv[++i];
		else if (!strcmp(argv[i], "--max-words") && i + 1 < argc)
			max_words_opt = (unsigned)strtoul(argv[++i], NULL, 10);
		else
			usage();
	}
	if (!out || max_words_opt < 1 || max_words_opt > 16)
		usage();
	for (size_t d = 0; d < sizeof dicts / sizeof *dicts; d++)
		found += read_dictd(dir, (int)d);
	if (cedict)
		read_cedict(cedict), found++;
	if (!found)
		die("no dictionary found");
	merge();
	if (cedict) {
		compose_zh();
		merge();
	}
	/* written under a temporary name, then renamed: a build stopped
	 * half-way leaves no truncated lexicon behind */
	snprintf(tmp, sizeof tmp, "%s.tmp", out);
	write_out(tmp);
	if (rename(tmp, out)) {
		fprintf(stderr, "mklexicon: %s: %s\n", out, strerror(errno));
		remove(tmp);
		return 1;
	}
	return 0;
}
