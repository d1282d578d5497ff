/*
 * mklexicon.h - what the parts of tools/mklexicon (mklexicon.c: dictd
 * dictionaries, keys, ranking, the file; mklexicon_zh.c: CC-CEDICT) share.
 */
#ifndef LF_MKLEXICON_H
#define LF_MKLEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/map.h"

/* One candidate translation: k is "src dst\tkey" (sorts by pair, then key). */
typedef struct cand {
	const char *k, *t;
	double score;
	uint32_t seq;
} cand;

extern cand *cands;
extern size_t ncands;
/* "src dst\tHEADWORD" -> "src dst\tKEY" (NULL: not kept) of every headword */
extern lf_map key_memo;

/* Prints "mklexicon: msg" and exits with status 1. */
void die(const char *msg) __attribute__((noreturn));
/* A copy of p[0..n), NUL-terminated, kept until exit. */
char *sdup(const char *p, size_t n);
/* p[0..n) without brackets' contents, pronunciations, extra spaces. */
void clean(const char *p, size_t n, lf_buf *out);
size_t count_words(const char *s);
int has_cjk(const char *s, size_t n);
size_t count_chars(const char *s, size_t n);
/* A candidate: translation t of the key k ("src dst\tKEY") with score. */
void push(const char *k, const char *t, double score);
/* Translation t of headword h from src to dst, with score. */
void add(const char *src, const char *dst, const char *h, const char *t, double score);
/* A whole file, gzip or plain, NUL-terminated; NULL if it cannot be opened. */
char *slurp(const char *path, size_t *n);

/* mklexicon_zh.c: CC-CEDICT into zh->en and en->zh; then English phrases
 * it lacks, composed (after the candidates are merged and sorted). */
void read_cedict(const char *path);
void compose_zh(void);

#endif
