/* lexicon.c - the compiled bilingual lexicon (lexicon.h), read in place.
 *
 * The file (its layout: lexicon_int.h; written by tools/mklexicon.c) is
 * mapped read-only and never parsed as a whole: a lookup finds its language
 * pair in the pair table and its key by binary search over the pair's
 * records, O(log n) with no load step.  Opening checks the header, the pair
 * table and the ends of the offset table against the file's size (a
 * truncated or foreign file is LF_EFORMAT); every record a lookup touches is
 * checked again before it is read (inside the file, after the offset table,
 * ends in '\n', holds a '\t'), so a hostile file can give wrong answers but
 * never a read outside the mapping.  Nothing is written after opening:
 * concurrent readers need no lock (lf_lexicon_key keeps its own).
 *
 * Only pairs with English are compiled; another pair goes through English at
 * lookup time: the source's first LEX_PIVOT English translations, each looked
 * up into the target, taken in turn (first translations first), without
 * repeats.
 */
#include "query/lexicon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "query/lexicon_int.h"

#ifndef LF_LEXICON_BUILD
#define LF_LEXICON_BUILD ""
#endif
#ifndef LF_LEXICON_INSTALLED
#define LF_LEXICON_INSTALLED ""
#endif

#define LEX_PIVOT 4     /* English translations a pivot goes through */
#define LEX_PIVOT_EACH 8 /* translations taken from each of them */

struct lf_lexicon {
	const unsigned char *base; /* the mapping */
	size_t size;
	uint32_t max_words, npairs, nrecs;
	size_t data; /* where records may start: after the offset table */
};

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int check(lf_lexicon *lx, const char *path, lf_err *err)
{
	const unsigned char *b = lx->base;
	size_t pairs_end;
	if (lx->size < LEX_HEADER || memcmp(b, LEX_MAGIC, 8))
		return lf_err_set(err, LF_EFORMAT, "%s: not a lexfrag lexicon (no LFLEXICN header)", path);
	if (get32(b + 8) != LEX_VERSION)
		return lf_err_set(err, LF_EFORMAT, "%s: lexicon version %u, this lexfrag reads %u (rebuild it)", path,
		                  get32(b + 8), LEX_VERSION);
	if (get32(b + 24) != lx->size)
		return lf_err_set(err, LF_EFORMAT, "%s: %zu bytes where the header says %u (truncated?)", path,
		                  lx->size, get32(b + 24));
	lx->max_words = get32(b + 12);
	lx->npairs = get32(b + 16);
	lx->nrecs = get32(b + 20);
	pairs_end = LEX_HEADER + (size_t)lx->npairs * LEX_PAIR;
	lx->data = pairs_end + ((size_t)lx->nrecs + 1) * 4;
	if (lx->npairs > LEX_MAX_PAIRS || lx->data > lx->size || lx->max_words > 64)
		return lf_err_set(err, LF_EFORMAT, "%s: malformed lexicon header", path);
	for (uint32_t i = 0; i < lx->npairs; i++) {
		const unsigned char *pe = b + LEX_HEADER + (size_t)i * LEX_PAIR;
		uint32_t first = get32(pe + 8), count = get32(pe + 12);
		if (!memchr(pe, 0, 4) || !memchr(pe + 4, 0, 4) || first > lx->nrecs || count > lx->nrecs - first)
			return lf_err_set(err, LF_EFORMAT, "%s: malformed lexicon pair table", path);
	}
	if (get32(b + pairs_end) != lx->data || get32(b + lx->data - 4) != lx->size)
		return lf_err_set(err, LF_EFORMAT, "%s: malformed lexicon offset table", path);
	return 0;
}

static int open_file(const char *path, lf_lexicon **out, lf_err *err)
{
	struct stat st;
	lf_lexicon *lx;
	void *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	if (fd < 0)
		return lf_err_set(err, LF_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return lf_err_set(err, LF_EIO, "%s: not a regular file", path);
	}
	if ((uint64_t)st.st_size < LEX_HEADER || (uint64_t)st.st_size > UINT32_MAX) {
		close(fd);
		return lf_err_set(err, LF_EFORMAT, "%s: not a lexfrag lexicon (%lld bytes)", path, (long long)st.st_size);
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return lf_err_set(err, LF_EIO, "%s: %s", path, strerror(errno));
	if (!(lx = calloc(1, sizeof *lx))) {
		munmap(m, (size_t)st.st_size);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	lx->base = m;
	lx->size = (size_t)st.st_size;
	if ((rc = check(lx, path, err)) != 0) {
		lf_lexicon_free(lx);
		return rc;
	}
	*out = lx;
	return 0;
}

int lf_lexicon_open(const char *path, lf_lexicon **out, lf_err *err)
{
	const char *env = getenv("LF_LEXICON");
	const char *defaults[] = {LF_LEXICON_BUILD, LF_LEXICON_INSTALLED};
	*out = NULL;
	if (path)
		return open_file(path, out, err);
	if (env && *env)
		return open_file(env, out, err);
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		if (*defaults[i] && access(defaults[i], F_OK) == 0)
			return open_file(defaults[i], out, err);
	return 0;
}

void lf_lexicon_free(lf_lexicon *lx)
{
	if (!lx)
		return;
	munmap((void *)lx->base, lx->size);
	free(lx);
}

unsigned lf_lexicon_max_words(const lf_lexicon *lx)
{
	return lx ? lx->max_words : 0;
}

/* Record i: [*p, *e) without its '\n', *tab its key's end; 0, or -1 when it
 * is malformed. */
static int record(const lf_lexicon *lx, uint32_t i, const char **p, const char **e, const char **tab)
{
	const unsigned char *o = lx->base + LEX_HEADER + (size_t)lx->npairs * LEX_PAIR + (size_t)i * 4;
	uint32_t a = get32(o), b = get32(o + 4);
	if (a < lx->data || b <= a || b > lx->size || lx->base[b - 1] != '\n')
		return -1;
	*p = (const char *)lx->base + a;
	*e = (const char *)lx->base + b - 1;
	*tab = memchr(*p, '\t', (size_t)(*e - *p));
	return *tab ? 0 : -1;
}

/* The translations of key from src into dst: [*p, *e), separated by
 * LEX_SEP; 0 if found, -1 if not. */
static int find(const lf_lexicon *lx, const char *src, const char *key, size_t kn, const char *dst, const char **p,
                const char **e)
{
	uint32_t lo = 0, hi = 0;
	for (uint32_t i = 0; i < lx->npairs; i++) {
		const char *pe = (const char *)lx->base + LEX_HEADER + (size_t)i * LEX_PAIR;
		if (!strncmp(pe, src, 4) && !strncmp(pe + 4, dst, 4)) {
			lo = get32((const unsigned char *)pe + 8);
			hi = lo + get32((const unsigned char *)pe + 12);
			break;
		}
	}
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *rp, *re, *tab;
		size_t rn;
		int c;
		if (record(lx, mid, &rp, &re, &tab))
			return -1;
		rn = (size_t)(tab - rp);
		c = memcmp(key, rp, kn < rn ? kn : rn);
		if (!c)
			c = kn < rn ? -1 : kn > rn;
		if (!c) {
			*p = tab + 1;
			*e = re;
			return 0;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* The next translation of [*p, e): its text and length, *p moved past it;
 * NULL at the end. */
static const char *next_alt(const char **p, const char *e, size_t *n)
{
	const char *s = *p, *q;
	if (s >= e)
		return NULL;
	q = memchr(s, LEX_SEP, (size_t)(e - s));
	if (!q)
		q = e;
	*n = (size_t)(q - s);
	*p = q + 1;
	return s;
}

/* Serbian keys are written in Cyrillic, as the corpus is: a key in Latin
 * script (folded: lower case) is looked up in Cyrillic. */
static int sr_cyrillic(const char *key, lf_buf *out)
{
	static const char *const lat[] = {"lj", "nj", "dž", "a", "b", "c", "č", "ć", "d", "đ", "e", "f", "g", "h", "i",
	                                  "j",  "k",  "l",  "m", "n", "o", "p", "r", "s", "š", "t", "u", "v", "z", "ž"};
	static const char *const cyr[] = {"љ", "њ", "џ", "а", "б", "ц", "ч", "ћ", "д", "ђ", "е", "ф", "г", "х", "и",
	                                  "ј", "к", "л", "м", "н", "о", "п", "р", "с", "ш", "т", "у", "в", "з", "ж"};
	int any = 0;
	lf_buf_reset(out);
	while (*key) {
		size_t i, nt = sizeof lat / sizeof *lat;
		for (i = 0; i < nt; i++) {
			size_t l = strlen(lat[i]);
			if (!strncmp(key, lat[i], l)) {
				if (lf_buf_adds(out, cyr[i]))
					return -1;
				key += l;
				any = 1;
				break;
			}
		}
		if (i == nt && lf_buf_addc(out, *key++))
			return -1;
	}
	return any;
}

typedef struct span {
	const char *p;
	size_t n;
} span;

static int seen(const span *v, size_t n, const char *p, size_t l)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].n == l && !memcmp(v[i].p, p, l))
			return 1;
	return 0;
}

/* src -> en -> dst: the first translations of each English word first. */
static int pivot(const lf_lexicon *lx, const char *src, const char *key, const char *dst, size_t max,
                 void (*fn)(const char *, size_t, void *), void *ctx)
{
	const char *p, *e, *ap[LEX_PIVOT], *ae[LEX_PIVOT];
	span out[LEX_PIVOT * LEX_PIVOT_EACH];
	size_t nen = 0, nout = 0;
	lf_buf ekey;
	const char *t;
	size_t tn;
	if (find(lx, src, key, strlen(key), "en", &p, &e))
		return 0;
	lf_buf_init(&ekey, 4096);
	while (nen < LEX_PIVOT && (t = next_alt(&p, e, &tn)) != NULL) {
		if (lf_lexicon_key("en", t, tn, &ekey) || !ekey.n)
			continue;
		if (!find(lx, "en", ekey.p, ekey.n, dst, &ap[nen], &ae[nen]))
			nen++;
	}
	lf_buf_free(&ekey);
	for (size_t round = 0; round < LEX_PIVOT_EACH && nout < max; round++)
		for (size_t i = 0; i < nen && nout < max; i++)
			if ((t = next_alt(&ap[i], ae[i], &tn)) != NULL && !seen(out, nout, t, tn))
				out[nout++] = (span){t, tn};
	for (size_t i = 0; i < nout; i++)
		fn(out[i].p, out[i].n, ctx);
	return (int)nout;
}

int lf_lexicon_each(const lf_lexicon *lx, const char *src, const char *key, const char *dst, size_t max,
                    void (*fn)(const char *text, size_t n, void *ctx), void *ctx)
{
	const char *p, *e, *t;
	size_t tn;
	int count = 0;
	lf_buf cyr;
	if (!lx || !src || !key || !dst || !max || !strcmp(src, dst) || strlen(src) > 3 || strlen(dst) > 3)
		return 0;
	lf_buf_init(&cyr, 4096);
	if (!strcmp(src, "sr") && sr_cyrillic(key, &cyr) > 0)
		key = cyr.p;
	if (strcmp(src, "en") && strcmp(dst, "en")) {
		count = pivot(lx, src, key, dst, max, fn, ctx);
	} else if (!find(lx, src, key, strlen(key), dst, &p, &e)) {
		while ((size_t)count < max && (t = next_alt(&p, e, &tn)) != NULL)
			fn(t, tn, ctx), count++;
	}
	lf_buf_free(&cyr);
	return count;
}
