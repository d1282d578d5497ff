/*
 * test_map.c - the one string map (core/map.c): keys as pointer and length
 * (slices of a longer string, embedded NULs) or NUL-terminated, values set
 * in the entry, growth past many doublings with every key still found,
 * insert-or-find, iteration that yields each entry once.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/map.h"

#define N 5000

Test(map, empty)
{
	lf_map m = LF_MAP_INIT;
	size_t it = 0;

	cr_assert_null(lf_map_get(&m, "a", 1));
	cr_assert_null(lf_map_get_str(&m, ""));
	cr_assert_null(lf_map_next(&m, &it));
	lf_map_free(&m);
	lf_map_free(NULL);
}

Test(map, grows_and_finds_every_key)
{
	static char keys[N][16];
	lf_map m = LF_MAP_INIT;
	lf_map_ent *e;
	size_t it = 0, seen = 0;
	long sum = 0;

	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		cr_assert_eq(lf_map_put_str(&m, keys[i], &e), 1, "key %s new", keys[i]);
		cr_assert_eq(e->v.i, 0, "a new entry's value is zero");
		e->v.i = i + 1;
		cr_assert_leq(2 * m.n, m.cap, "at most half full");
	}
	cr_assert_eq(m.n, N);
	for (int i = 0; i < N; i++) {
		char k[16];
		snprintf(k, sizeof k, "k%d", i); /* another pointer, same bytes */
		cr_assert_not_null(e = lf_map_get_str(&m, k), "%s found", k);
		cr_assert_eq(e->v.i, i + 1);
		cr_assert_eq(e->key, keys[i], "the map stores the caller's key");
		cr_assert_eq(lf_map_put_str(&m, k, &e), 0, "%s already there", k);
		cr_assert_eq(e->v.i, i + 1, "finding keeps the value");
	}
	cr_assert_null(lf_map_get_str(&m, "k5000"));
	cr_assert_null(lf_map_get_str(&m, "k"));
	while ((e = lf_map_next(&m, &it))) {
		seen++;
		sum += e->v.i;
	}
	cr_assert_eq(seen, N, "iteration yields every entry once");
	cr_assert_eq(sum, (long)N * (N + 1) / 2);
	lf_map_free(&m);
	cr_assert_eq(m.n, 0);
	cr_assert_null(lf_map_get_str(&m, "k1"));
}

Test(map, keys_are_bytes_not_strings)
{
	static const char text[] = "personal data personnel\0data";
	lf_map m = LF_MAP_INIT;
	lf_map_ent *e;
	int v = 42;

	/* slices of one buffer: "per" and "pers" and "personal" differ */
	cr_assert_eq(lf_map_put(&m, text, 3, &e), 1);
	e->v.i = 3;
	cr_assert_eq(lf_map_put(&m, text, 4, &e), 1);
	e->v.i = 4;
	cr_assert_eq(lf_map_put(&m, text, 8, &e), 1);
	e->v.p = &v;
	cr_assert_eq(lf_map_put(&m, text + 14, 4, &e), 0, "\"pers\" of \"personnel\" is \"pers\"");
	cr_assert_eq(e->v.i, 4);
	cr_assert_eq(lf_map_get(&m, "per", 3)->v.i, 3);
	cr_assert_eq(lf_map_get(&m, "personal", 8)->v.p, &v);
	cr_assert_null(lf_map_get(&m, "person", 6));
	/* an embedded NUL is part of the key; the empty key is a key */
	cr_assert_eq(lf_map_put(&m, text + 14, 14, &e), 1);
	cr_assert_null(lf_map_get_str(&m, "personnel"));
	cr_assert_not_null(lf_map_get(&m, "personnel\0data", 14));
	cr_assert_null(lf_map_get(&m, "", 0));
	cr_assert_eq(lf_map_put(&m, "", 0, &e), 1);
	cr_assert_not_null(lf_map_get_str(&m, ""));
	cr_assert_eq(m.n, 5);
	lf_map_free(&m);
}

/* lf_grow (core/buf.h), the one way a growing array grows: first, then
 * twice as many; a size that would overflow is refused and the array is
 * left as it was. */
Test(grow, first_then_doubles_and_refuses_overflow)
{
	size_t cap = 0;
	int *v = lf_grow(NULL, &cap, sizeof *v, 8), *g;

	cr_assert_not_null(v);
	cr_assert_eq(cap, 8);
	for (int i = 0; i < 8; i++)
		v[i] = i;
	g = lf_grow(v, &cap, sizeof *v, 8);
	cr_assert_not_null(g);
	cr_assert_eq(cap, 16);
	for (int i = 0; i < 8; i++)
		cr_assert_eq(g[i], i, "element %d kept", i);
	v = g;
	cap = SIZE_MAX / sizeof *v / 2 + 1;
	cr_assert_null(lf_grow(v, &cap, sizeof *v, 8));
	cr_assert_eq(cap, SIZE_MAX / sizeof *v / 2 + 1, "cap unchanged on failure");
	cap = 0;
	cr_assert_null(lf_grow(NULL, &cap, sizeof *v, 0), "no first capacity");
	cr_assert_null(lf_grow(NULL, &cap, 0, 8), "no element size");
	free(v);
}
