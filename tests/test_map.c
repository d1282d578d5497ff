/*
 * test_map.c - the one string map (core/map.c): keys as pointer and length
 * (slices of a longer string, embedded NULs) or NUL-terminated, values set
 * in the entry, growth past many doublings with every key still found,
 * insert-or-find, iteration that yields each entry once.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

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
