/* map.c - the one string map (see map.h). */
#include "core/map.h"
#include "core/err.h"
#include "core/hash.h"

#include <stdlib.h>
#include <string.h>

#define MAP_MIN_CAP 64

/* The slot of key (hash h) in table e of capacity cap: its entry, or the
 * free slot where it belongs.  The table is never full (half at most). */
static lf_map_ent *probe(lf_map_ent *e, size_t cap, const char *key, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	for (;; i = (i + 1) & (cap - 1)) {
		lf_map_ent *s = &e[i];
		if (!s->key)
			return s;
		if (s->h == (uint32_t)h && s->n == n && !memcmp(s->key, key, n))
			return s;
	}
}

lf_map_ent *lf_map_get(const lf_map *m, const char *key, size_t n)
{
	lf_map_ent *s;

	if (!m->n || n > LF_MAP_KEY_MAX)
		return NULL;
	s = probe(m->e, m->cap, key, n, lf_hash(key, n));
	return s->key ? s : NULL;
}

lf_map_ent *lf_map_get_str(const lf_map *m, const char *key)
{
	return lf_map_get(m, key, strlen(key));
}

/* Doubles the table (or makes the first one).  LF_ENOMEM leaves it as it
 * was.  The stored 32 bits of the hash are its low bits, and every capacity
 * up to 2^32 masks only those, so no key is hashed again; past that the
 * full hash is recomputed. */
static int grow(lf_map *m)
{
	size_t cap = m->cap ? 2 * m->cap : MAP_MIN_CAP;
	lf_map_ent *e;

	if (cap > SIZE_MAX / 2 / sizeof *e)
		return LF_ENOMEM;
	e = calloc(cap, sizeof *e);
	if (!e)
		return LF_ENOMEM;
	for (size_t j = 0; j < m->cap; j++) {
		const lf_map_ent *o = &m->e[j];
		uint64_t h;
		if (!o->key)
			continue;
		h = cap - 1 > UINT32_MAX ? lf_hash(o->key, o->n) : o->h;
		*probe(e, cap, o->key, o->n, h) = *o;
	}
	free(m->e);
	m->e = e;
	m->cap = cap;
	return 0;
}

int lf_map_put(lf_map *m, const char *key, size_t n, lf_map_ent **ent)
{
	uint64_t h;
	lf_map_ent *s;
	int rc;

	if (n > LF_MAP_KEY_MAX)
		return LF_ETOOBIG;
	h = lf_hash(key, n);
	if (m->n) {
		s = probe(m->e, m->cap, key, n, h);
		if (s->key) {
			*ent = s;
			return 0;
		}
	}
	if (2 * (m->n + 1) > m->cap && (rc = grow(m)) != 0)
		return rc;
	s = probe(m->e, m->cap, key, n, h);
	s->key = key;
	s->n = (uint32_t)n;
	s->h = (uint32_t)h;
	s->v.i = 0;
	m->n++;
	*ent = s;
	return 1;
}

int lf_map_put_str(lf_map *m, const char *key, lf_map_ent **ent)
{
	return lf_map_put(m, key, strlen(key), ent);
}

lf_map_ent *lf_map_next(const lf_map *m, size_t *it)
{
	for (; *it < m->cap; ++*it)
		if (m->e[*it].key)
			return &m->e[(*it)++];
	return NULL;
}

void lf_map_free(lf_map *m)
{
	if (!m)
		return;
	free(m->e);
	m->e = NULL;
	m->cap = m->n = 0;
}
