/*
 * map.h - the one string map: open addressing, linear probing, FNV-1a
 * (core/hash.h), grown to twice its size before it is half full.
 *
 * Keys are byte strings (pointer and length; NUL-terminated through the _str
 * calls) that the map borrows: the caller keeps each key alive and unchanged
 * while it is in the map (an arena string, or a copy the caller owns and
 * frees, e.g. while iterating before lf_map_free).  A value is a pointer or
 * an integer (one word, union lf_map_val), set by the caller in the entry.
 * No removal: the tables it serves (provision ids, taxonomy terms, memos)
 * only grow and are freed whole.
 *
 * An lf_map is a plain struct, zero-initialised = empty (LF_MAP_INIT), so it
 * can live inside another struct.  Entry pointers stay valid until the next
 * insertion (which may grow the table).  Iteration order is the table's:
 * callers must not depend on it.
 */
#ifndef LF_MAP_H
#define LF_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef union lf_map_val {
	void *p;
	intptr_t i;
} lf_map_val;

typedef struct lf_map_ent {
	const char *key; /* NULL: a free slot (never seen by callers) */
	uint32_t n;      /* key length */
	uint32_t h;      /* low bits of lf_hash(key): a quick mismatch */
	lf_map_val v;
} lf_map_ent;

typedef struct lf_map {
	lf_map_ent *e; /* owned; NULL while empty */
	size_t cap;    /* 0 or a power of 2 */
	size_t n;      /* entries; at most cap / 2 */
} lf_map;

#define LF_MAP_INIT { NULL, 0, 0 }

/* Keys longer than this are refused by lf_map_put (LF_ETOOBIG). */
#define LF_MAP_KEY_MAX ((size_t)UINT32_MAX)

/* The entry of key, or NULL when it is absent. */
lf_map_ent *lf_map_get(const lf_map *m, const char *key, size_t n);
lf_map_ent *lf_map_get_str(const lf_map *m, const char *key);

/* Finds key, or inserts it with a zero value (v.p NULL, v.i 0), growing the
 * table as needed.  *ent is the entry either way.  Returns 1 when the key
 * was inserted, 0 when it was there already, LF_ENOMEM when the table had to
 * grow and could not (the map is then unchanged), LF_ETOOBIG for a key over
 * LF_MAP_KEY_MAX bytes.  The map stores key itself, not a copy. */
int lf_map_put(lf_map *m, const char *key, size_t n, lf_map_ent **ent);
int lf_map_put_str(lf_map *m, const char *key, lf_map_ent **ent);

/* Iterates: start with *it = 0; returns each entry once, then NULL. */
lf_map_ent *lf_map_next(const lf_map *m, size_t *it);

/* Frees the table (not the keys or values) and empties the map; NULL ok. */
void lf_map_free(lf_map *m);

#endif
