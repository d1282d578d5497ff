/*
 * thesaurus_int.h - the thesaurus's insides, shared by query/thesaurus.c
 * (the XML loader and the API), query/thesaurus_file.c (the compiled
 * built-in file, thesaurus.lfx) and tools/mkthesaurus.c (which writes it).
 *
 * The compiled file: every integer unsigned 32-bit little-endian, offsets
 * from the start of the file; tables right after the header, in this order.
 *
 *   header (48 bytes)
 *     0  magic "LFTHESAU"
 *     8  version (THF_VERSION)
 *    12  size: the file's size in bytes (a truncated file is refused)
 *    16  hash: lf_hash of the thesaurus XML it was made from (64 bits, low
 *        word first); a file whose hash is not the embedded XML's is stale
 *    24  nconcepts, 28 nsets, 32 nlabels, 36 nposts, 40 max_words, 44 0
 *   concepts (nconcepts x 12): id, first set, number of sets
 *   sets (nsets x 12): lang[4] (NUL-padded), first label, number of labels
 *   labels (nlabels x 8): text, key (lf_lexicon_key of the text in the
 *     set's language); a set's labels preferred first
 *   posts (nposts x 12): lang[4], key, concept; sorted by lang then key
 *     (strcmp), each (lang, key)'s concepts in the XML's order
 *   strings: NUL-terminated UTF-8; every id, text and key above is an
 *     offset into them; the file ends with a NUL
 *
 * Opening checks all of it (tables inside the file, every index and offset
 * in range, the strings ending with a NUL, the posts sorted), so lookups
 * need no further checks: the file is small (~0.5 MB) and a check is one
 * pass.
 */
#ifndef LF_THESAURUS_INT_H
#define LF_THESAURUS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/map.h"
#include "query/thesaurus.h"

#define THF_MAGIC "LFTHESAU"
#define THF_VERSION 1u
#define THF_HEADER 48u
#define THF_CONCEPT 12u
#define THF_SET 12u
#define THF_LABEL 8u
#define THF_POST 12u

typedef struct th_set {
	char lang[4];
	const char **labels; /* preferred first */
	const char **keys;   /* their keys, in the same order */
	size_t n, cap;
	int has_pref; /* 1: from an earlier file, 2: from this one */
} th_set;

typedef struct th_concept {
	const char *id;
	th_set *sets;
	size_t nsets, capsets;
	int mem; /* its labels are these sets (not the compiled file's) */
} th_concept;

typedef struct th_post {
	int c, next;
} th_post;

/* The compiled built-in, mapped read-only and checked (thesaurus_file.c). */
typedef struct th_file {
	const unsigned char *base; /* NULL: none */
	size_t size;
	uint32_t nconcepts, nsets, nlabels, nposts, max_words;
	const unsigned char *concepts, *sets, *labels, *posts;
	const char **texts; /* the nlabels label texts, in file order (malloc'd) */
} th_file;

struct lf_thesaurus {
	th_file file; /* the compiled built-in: concepts [0, file.nconcepts) */
	lf_arena *arena;
	th_concept *concepts; /* n of them; NULL when all are the file's */
	size_t n, cap;
	lf_map ids;  /* concept id -> index (filled when an XML file is read) */
	lf_map keys; /* "lang\x1fkey" -> first posting, labels read from XML */
	th_post *posts;
	size_t nposts, capposts;
	unsigned max_words;
};

/* Only the thesaurus XML xml (n bytes, named name in errors), validated, as
 * lf_thesaurus_load reads it: no built-in.  What mkthesaurus compiles. */
int lf_thesaurus_parse(const char *xml, size_t n, const char *name, lf_thesaurus **out, lf_err *err);

/* Writes th (read from XML only, no compiled part) to path as a compiled
 * file recording hash (the lf_hash of the XML's bytes). */
int lf_thesaurus_write(const lf_thesaurus *th, uint64_t hash, const char *path, lf_err *err);

/* Maps path into f and checks it whole; its hash must be hash.  LF_EIO when
 * it cannot be read, LF_EFORMAT when it is not a sound compiled thesaurus
 * or is stale (another hash); f is zeroed on failure. */
int th_file_open(th_file *f, const char *path, uint64_t hash, lf_err *err);
void th_file_close(th_file *f);

/* Concept c's id; its number of sets; its set i: the language (returned),
 * its labels f->texts[*first ...] and their keys th_file_key(f, *first ...),
 * *n of them (NULL past the last set); the labels of its set in lang (0 if
 * none); the concepts of (lang, key) into out, at most max, in the XML's
 * order.  NULL or 0 for an index out of range. */
const char *th_file_id(const th_file *f, uint32_t c);
size_t th_file_nsets(const th_file *f, uint32_t c);
const char *th_file_set(const th_file *f, uint32_t c, size_t i, size_t *first, size_t *n);
const char *th_file_key(const th_file *f, size_t label);
size_t th_file_labels(const th_file *f, uint32_t c, const char *lang, const char *const **labels);
size_t th_file_find(const th_file *f, const char *lang, const char *key, int *out, size_t max);

#endif
