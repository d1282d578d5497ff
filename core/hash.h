/*
 * hash.h - the one string hash: FNV-1a, 64 bits.
 *
 * The project's open-addressing tables (provision ids, taxonomy terms, the
 * memo of 'similar') index with it, and its values decide what is stored:
 * the taxonomy's hash in every index (lexfrag:taxonomy), the shard of a
 * law among an index's --shards N, and the --shard-of hash=I/N rule.  So it
 * must never change.
 */
#ifndef LF_HASH_H
#define LF_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t lf_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* The same of a NUL-terminated string. */
static inline uint64_t lf_hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

#endif
