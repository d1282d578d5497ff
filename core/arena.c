/* arena.c - per-document bump allocator (see arena.h). */
#include "core/arena.h"
#include "core/err.h"

#include <stdlib.h>
#include <string.h>

typedef struct block {
	struct block *next;
	size_t used, cap;
	max_align_t data[];
} block;

struct lf_arena {
	block *head;
	size_t total;
	int failed;
};

#define BLOCK_MIN ((size_t)64 << 10)

lf_arena *lf_arena_new(void)
{
	return calloc(1, sizeof(lf_arena));
}

void lf_arena_free(lf_arena *a)
{
	block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *lf_arena_alloc(lf_arena *a, size_t n)
{
	block *b;
#ifndef LF_ARENA_MALLOC
	size_t cap;
	void *p;
#endif

	n = (n + 7) & ~(size_t)7;
	if (n == 0)
		n = 8;
	a->total += n;
#ifdef LF_ARENA_MALLOC
	b = malloc(sizeof *b + n);
	if (!b) {
		a->failed = 1;
		lf_oom_note();
		return NULL;
	}
	b->used = b->cap = n;
	b->next = a->head;
	a->head = b;
	return b->data;
#else
	b = a->head;
	if (!b || b->cap - b->used < n) {
		cap = n > BLOCK_MIN ? n : BLOCK_MIN;
		b = malloc(sizeof *b + cap);
		if (!b) {
			a->failed = 1;
			lf_oom_note();
			return NULL;
		}
		b->used = 0;
		b->cap = cap;
		if (a->head && n > BLOCK_MIN) {
			/* a big one-off block goes behind the current one so the
			 * current block's free space is not wasted */
			b->next = a->head->next;
			a->head->next = b;
			b->used = n;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
#endif
}

char *lf_arena_strndup(lf_arena *a, const char *p, size_t n)
{
	char *s = lf_arena_alloc(a, n + 1);

	if (!s)
		return NULL;
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *lf_arena_strdup(lf_arena *a, const char *s)
{
	return lf_arena_strndup(a, s, strlen(s));
}

int lf_arena_failed(const lf_arena *a)
{
	return a->failed;
}

