/*
 * thesaurus_file.c - the compiled built-in thesaurus (thesaurus.lfx; its
 * layout: thesaurus_int.h): written by tools/mkthesaurus.c at build time
 * through lf_thesaurus_write, mapped by lf_thesaurus_load through
 * th_file_open, so that a process has the built-in thesaurus without
 * parsing, validating and keying its XML: ~2 ms of CPU for the first load of
 * a process (most of it lf_hash over the 574 KB of embedded XML, which tells
 * whether the file is stale) instead of ~80 ms.
 *
 * Opening checks the whole file once (a pass over ~0.5 MB): the header,
 * every table inside the file, every index and string offset in range, the
 * strings ending with a NUL, the posts sorted.  A file that fails any check
 * is refused (the caller then parses the XML): a hostile file can never make
 * a lookup read outside the mapping.  Nothing is written after opening.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "query/thesaurus_int.h"

/* A compiled file is refused beyond this (the built-in one is ~0.5 MB). */
#define THF_MAX_SIZE ((uint64_t)256 << 20)
#define SEP '\x1f'

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ------------------------------------------------------------ reading */

/* The string at offset o: inside the strings (which end with a NUL). */
static const char *str_at(const th_file *f, uint32_t o)
{
	return (const char *)f->base + o;
}

/* A string offset: inside the strings, which end with a NUL (checked). */
static int off_ok(const th_file *f, uint32_t o, uint64_t strings)
{
	return o >= strings && o < f->size;
}

static int bad(const char *path, const char *what, lf_err *err)
{
	return lf_err_set(err, LF_EFORMAT, "%s: %s", path, what);
}

/* Checks f (mapped, size set) whole; 0 or LF_EFORMAT. */
static int check(th_file *f, const char *path, uint64_t hash, lf_err *err)
{
	const unsigned char *b = f->base;
	uint64_t end, strings;
	uint64_t h;

	if (f->size < THF_HEADER || memcmp(b, THF_MAGIC, 8))
		return bad(path, "not a compiled lexfrag thesaurus (no LFTHESAU header)", err);
	if (get32(b + 8) != THF_VERSION)
		return bad(path, "a compiled thesaurus of another version", err);
	if (get32(b + 12) != f->size)
		return bad(path, "its size is not the one its header records (truncated?)", err);
	h = (uint64_t)get32(b + 16) | (uint64_t)get32(b + 20) << 32;
	if (h != hash)
		return bad(path, "stale: compiled from another thesaurus XML than the built-in one", err);
	f->nconcepts = get32(b + 24);
	f->nsets = get32(b + 28);
	f->nlabels = get32(b + 32);
	f->nposts = get32(b + 36);
	f->max_words = get32(b + 40);
	end = THF_HEADER + (uint64_t)f->nconcepts * THF_CONCEPT + (uint64_t)f->nsets * THF_SET +
	      (uint64_t)f->nlabels * THF_LABEL + (uint64_t)f->nposts * THF_POST;
	if (end >= f->size || f->nconcepts > INT32_MAX || f->max_words > 1000 || b[f->size - 1] != 0)
		return bad(path, "malformed header", err);
	strings = end;
	f->concepts = b + THF_HEADER;
	f->sets = f->concepts + (size_t)f->nconcepts * THF_CONCEPT;
	f->labels = f->sets + (size_t)f->nsets * THF_SET;
	f->posts = f->labels + (size_t)f->nlabels * THF_LABEL;

	for (uint32_t c = 0; c < f->nconcepts; c++) {
		const unsigned char *e = f->concepts + (size_t)c * THF_CONCEPT;
		uint32_t first = get32(e + 4), n = get32(e + 8);
		if (!off_ok(f, get32(e), strings) || first > f->nsets || n > f->nsets - first)
			return bad(path, "malformed concept table", err);
	}
	for (uint32_t s = 0; s < f->nsets; s++) {
		const unsigned char *e = f->sets + (size_t)s * THF_SET;
		uint32_t first = get32(e + 4), n = get32(e + 8);
		if (!memchr(e, 0, 4) || first > f->nlabels || n > f->nlabels - first)
			return bad(path, "malformed set table", err);
	}
	for (uint32_t l = 0; l < f->nlabels; l++) {
		const unsigned char *e = f->labels + (size_t)l * THF_LABEL;
		if (!off_ok(f, get32(e), strings) || !off_ok(f, get32(e + 4), strings))
			return bad(path, "malformed label table", err);
	}
	for (uint32_t p = 0; p < f->nposts; p++) {
		const unsigned char *e = f->posts + (size_t)p * THF_POST;
		int order = 0;
		if (!memchr(e, 0, 4) || !off_ok(f, get32(e + 4), strings) || get32(e + 8) >= f->nconcepts)
			return bad(path, "malformed post table", err);
		if (p) {
			const unsigned char *d = e - THF_POST;
			order = strncmp((const char *)d, (const char *)e, 4);
			if (!order)
				order = strcmp(str_at(f, get32(d + 4)), str_at(f, get32(e + 4)));
		}
		if (order > 0)
			return bad(path, "post table out of order", err);
	}
	return 0;
}

int th_file_open(th_file *f, const char *path, uint64_t hash, lf_err *err)
{
	struct stat st;
	void *m;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	memset(f, 0, sizeof *f);
	if (fd < 0)
		return lf_err_set(err, LF_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return lf_err_set(err, LF_EIO, "%s: not a regular file", path);
	}
	if ((uint64_t)st.st_size < THF_HEADER || (uint64_t)st.st_size > THF_MAX_SIZE) {
		close(fd);
		return bad(path, "not a compiled lexfrag thesaurus (its size)", err);
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return lf_err_set(err, LF_EIO, "%s: %s", path, strerror(errno));
	f->base = m;
	f->size = (size_t)st.st_size;
	if ((rc = check(f, path, hash, err)) != 0) {
		th_file_close(f);
		return rc;
	}
	/* every string offset lies in the strings, whose last byte is a NUL:
	 * every string ends inside the mapping */
	if (f->nlabels && !(f->texts = malloc((size_t)f->nlabels * sizeof *f->texts))) {
		th_file_close(f);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	for (uint32_t l = 0; l < f->nlabels; l++)
		f->texts[l] = str_at(f, get32(f->labels + (size_t)l * THF_LABEL));
	return 0;
}

void th_file_close(th_file *f)
{
	if (f->base)
		munmap((void *)f->base, f->size);
	free(f->texts);
	memset(f, 0, sizeof *f);
}

const char *th_file_id(const th_file *f, uint32_t c)
{
	return c < f->nconcepts ? str_at(f, get32(f->concepts + (size_t)c * THF_CONCEPT)) : NULL;
}

size_t th_file_nsets(const th_file *f, uint32_t c)
{
	return c < f->nconcepts ? get32(f->concepts + (size_t)c * THF_CONCEPT + 8) : 0;
}

const char *th_file_set(const th_file *f, uint32_t c, size_t i, size_t *first, size_t *n)
{
	const unsigned char *e;

	if (c >= f->nconcepts || i >= th_file_nsets(f, c))
		return NULL;
	e = f->sets + ((size_t)get32(f->concepts + (size_t)c * THF_CONCEPT + 4) + i) * THF_SET;
	*first = get32(e + 4);
	*n = get32(e + 8);
	return (const char *)e;
}

const char *th_file_key(const th_file *f, size_t label)
{
	return label < f->nlabels ? str_at(f, get32(f->labels + label * THF_LABEL + 4)) : NULL;
}

size_t th_file_labels(const th_file *f, uint32_t c, const char *lang, const char *const **labels)
{
	size_t first, n;
	const char *l;

	for (size_t i = 0; (l = th_file_set(f, c, i, &first, &n)) != NULL; i++)
		if (!strncmp(l, lang, 4)) {
			*labels = n ? f->texts + first : NULL;
			return n;
		}
	return 0;
}

/* Post i against (lang, key): <0, 0, >0 as strcmp. */
static int post_cmp(const th_file *f, uint32_t i, const char *lang, const char *key)
{
	const unsigned char *e = f->posts + (size_t)i * THF_POST;
	int c = strncmp((const char *)e, lang, 4);

	return c ? c : strcmp(str_at(f, get32(e + 4)), key);
}

size_t th_file_find(const th_file *f, const char *lang, const char *key, int *out, size_t max)
{
	uint32_t lo = 0, hi = f->nposts;
	size_t got = 0;

	if (!f->base || strlen(lang) > 3)
		return 0;
	while (lo < hi) { /* the first post not below (lang, key) */
		uint32_t mid = lo + (hi - lo) / 2;
		if (post_cmp(f, mid, lang, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < f->nposts && got < max && !post_cmp(f, lo, lang, key); lo++)
		out[got++] = (int)get32(f->posts + (size_t)lo * THF_POST + 8);
	return got;
}

/* ------------------------------------------------------------ writing */

typedef struct writer {
	lf_buf strings; /* the pool, from offset base */
	lf_map pool;    /* string -> its offset (keys: the thesaurus's own) */
	uint32_t base;
	int rc;
} writer;

static void put32(lf_buf *b, uint32_t v, int *rc)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	                      (unsigned char)(v >> 24)};

	if (!*rc && lf_buf_add(b, (const char *)x, 4))
		*rc = LF_ENOMEM;
}

static void put_lang(lf_buf *b, const char *lang, int *rc)
{
	char l[4] = {0};

	memcpy(l, lang, strnlen(lang, 3));
	if (!*rc && lf_buf_add(b, l, 4))
		*rc = LF_ENOMEM;
}

/* The offset of s in the pool, added if new. */
static uint32_t intern(writer *w, const char *s)
{
	lf_map_ent *e;
	int r;

	if (w->rc)
		return 0;
	if ((r = lf_map_put_str(&w->pool, s, &e)) < 0) {
		w->rc = r;
		return 0;
	}
	if (r == 1) {
		e->v.i = (intptr_t)(w->base + w->strings.n);
		if (lf_buf_add(&w->strings, s, strlen(s) + 1))
			w->rc = LF_ENOMEM;
	}
	return (uint32_t)e->v.i;
}

typedef struct wpost {
	const char *comp; /* "lang\x1fkey" */
	int first;        /* its chain */
} wpost;

static int wpost_cmp(const void *a, const void *b)
{
	const char *x = ((const wpost *)a)->comp, *y = ((const wpost *)b)->comp;
	const char *kx = strchr(x, SEP), *ky = strchr(y, SEP);
	size_t lx = (size_t)(kx - x), ly = (size_t)(ky - y);
	char la[4] = {0}, lb[4] = {0};
	int c;

	memcpy(la, x, lx < 3 ? lx : 3);
	memcpy(lb, y, ly < 3 ? ly : 3);
	c = strncmp(la, lb, 4);
	return c ? c : strcmp(kx + 1, ky + 1);
}

/* Writes [p, p + n) to path through path.tmp, renamed when complete. */
static int write_file(const char *path, const char *p, size_t n, lf_err *err)
{
	char tmp[4096];
	FILE *f;
	int bad_write;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return lf_err_set(err, LF_EINVAL, "%s: path too long", path);
	if (!(f = fopen(tmp, "wb")))
		return lf_err_set(err, LF_EIO, "%s: %s", tmp, strerror(errno));
	bad_write = fwrite(p, 1, n, f) != n;
	if (fclose(f) != 0 || bad_write) {
		remove(tmp);
		return lf_err_set(err, LF_EIO, "%s: write error", tmp);
	}
	if (rename(tmp, path) != 0) {
		remove(tmp);
		return lf_err_set(err, LF_EIO, "%s: %s", path, strerror(errno));
	}
	return 0;
}

int lf_thesaurus_write(const lf_thesaurus *th, uint64_t hash, const char *path, lf_err *err)
{
	writer w;
	lf_buf out;
	wpost *wp = NULL;
	size_t nwp = 0, nsets = 0, nlabels = 0, it = 0, set = 0, label = 0;
	lf_map_ent *e;
	int rc = 0;

	if (th->file.base || (th->n != 0 && !th->concepts))
		return lf_err_set(err, LF_EINVAL, "%s: only a thesaurus read from XML is compiled", path);
	memset(&w, 0, sizeof w);
	lf_buf_init(&w.strings, 0);
	lf_buf_init(&out, 0);
	for (size_t c = 0; c < th->n; c++) {
		nsets += th->concepts[c].nsets;
		for (size_t s = 0; s < th->concepts[c].nsets; s++)
			nlabels += th->concepts[c].sets[s].n;
	}
	if (th->keys.n && !(wp = malloc(th->keys.n * sizeof *wp)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	while ((e = lf_map_next(&th->keys, &it)) != NULL)
		wp[nwp++] = (wpost){e->key, (int)e->v.i};
	qsort(wp, nwp, sizeof *wp, wpost_cmp);
	w.base = (uint32_t)(THF_HEADER + th->n * THF_CONCEPT + nsets * THF_SET + nlabels * THF_LABEL +
	                    th->nposts * THF_POST);

	/* header, filled in at the end */
	if (lf_buf_add(&out, THF_MAGIC, 8))
		rc = LF_ENOMEM;
	for (int i = 0; i < 10; i++)
		put32(&out, 0, &rc);
	for (size_t c = 0; c < th->n; c++) {
		put32(&out, intern(&w, th->concepts[c].id), &rc);
		put32(&out, (uint32_t)set, &rc);
		put32(&out, (uint32_t)th->concepts[c].nsets, &rc);
		set += th->concepts[c].nsets;
	}
	for (size_t c = 0; c < th->n; c++)
		for (size_t s = 0; s < th->concepts[c].nsets; s++) {
			put_lang(&out, th->concepts[c].sets[s].lang, &rc);
			put32(&out, (uint32_t)label, &rc);
			put32(&out, (uint32_t)th->concepts[c].sets[s].n, &rc);
			label += th->concepts[c].sets[s].n;
		}
	for (size_t c = 0; c < th->n; c++)
		for (size_t s = 0; s < th->concepts[c].nsets; s++)
			for (size_t l = 0; l < th->concepts[c].sets[s].n; l++) {
				put32(&out, intern(&w, th->concepts[c].sets[s].labels[l]), &rc);
				put32(&out, intern(&w, th->concepts[c].sets[s].keys[l]), &rc);
			}
	for (size_t i = 0; i < nwp; i++) {
		const char *k = strchr(wp[i].comp, SEP);
		char lang[4] = {0};
		memcpy(lang, wp[i].comp, (size_t)(k - wp[i].comp) < 3 ? (size_t)(k - wp[i].comp) : 3);
		for (int p = wp[i].first; p >= 0; p = th->posts[p].next) {
			put_lang(&out, lang, &rc);
			put32(&out, intern(&w, k + 1), &rc);
			put32(&out, (uint32_t)th->posts[p].c, &rc);
		}
	}
	if (!rc && !w.rc && out.n != w.base)
		rc = lf_err_set(err, LF_ERROR, "%s: the tables do not add up (%zu bytes, %u expected)", path, out.n,
		                (unsigned)w.base);
	else if (!rc && (rc = w.rc) == 0 && lf_buf_add(&out, w.strings.p, w.strings.n))
		rc = LF_ENOMEM;
	if (!rc && out.n > UINT32_MAX)
		rc = lf_err_set(err, LF_ETOOBIG, "%s: a compiled thesaurus over 4 GiB", path);
	if (!rc) {
		uint32_t v[8] = {THF_VERSION, (uint32_t)out.n, (uint32_t)hash, (uint32_t)(hash >> 32),
		                 (uint32_t)th->n, (uint32_t)nsets, (uint32_t)nlabels, (uint32_t)th->nposts};
		lf_buf hdr;
		lf_buf_init(&hdr, 0);
		for (int i = 0; i < 8; i++)
			put32(&hdr, v[i], &rc);
		put32(&hdr, th->max_words, &rc);
		if (!rc) {
			memcpy(out.p + 8, hdr.p, hdr.n);
		}
		lf_buf_free(&hdr);
	}
	if (rc == LF_ENOMEM)
		lf_err_set(err, LF_ENOMEM, "out of memory");
	if (!rc)
		rc = write_file(path, out.p, out.n, err);
	free(wp);
	lf_map_free(&w.pool);
	lf_buf_free(&w.strings);
	lf_buf_free(&out);
	return rc;
}
