/*
 * arena.h - a per-document bump allocator, freed all at once.
 *
 * Everything a reader makes for one law (strings, the provision array's
 * strings) comes from the law's arena and dies with lf_law_free().  Built with
 * -DLF_ARENA_MALLOC (the sanitizer build does this) every block is a separate
 * malloc, so AddressSanitizer sees each one.
 */
#ifndef LF_ARENA_H
#define LF_ARENA_H

#include <stddef.h>

typedef struct lf_arena lf_arena;

lf_arena *lf_arena_new(void);                 /* NULL on ENOMEM */
void lf_arena_free(lf_arena *a);              /* NULL is a no-op */
void *lf_arena_alloc(lf_arena *a, size_t n);  /* 8-byte aligned; NULL on ENOMEM */
/* Copies p[0..n) and NUL-terminates it; NULL on ENOMEM. */
char *lf_arena_strndup(lf_arena *a, const char *p, size_t n);
char *lf_arena_strdup(lf_arena *a, const char *s);
/* 1 once an allocation from a has failed: a sticky error, so code that
 * makes many small strings (and falls back to "" on NULL) checks once. */
int lf_arena_failed(const lf_arena *a);

#endif
