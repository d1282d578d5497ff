/*
 * shardof.h - which laws a shard database takes: 'lexfrag index --shard-of'.
 *
 * A rule is KEY=V1,V2 (the law's KEY is one of the values), KEY!=V1,V2 (it
 * is none of them) or hash=I/N (the law id's 64-bit FNV-1a hash, modulo N,
 * is I).  KEY is jurisdiction, language or format; values are compared
 * without regard to ASCII case, and "-" stands for an unknown value.  Rules
 * given together (repeated --shard-of, or ';' in one string) must all hold.
 * The hash is of the law id as read (before "~format" is added for a second
 * file with the same id), so the versions and formats of one law land in
 * one shard, and it is fixed: a shard's rule stays valid across releases.
 */
#ifndef LF_SHARDOF_H
#define LF_SHARDOF_H

#include "core/doc.h"
#include "core/err.h"

#define LF_SHARDOF_MAX 8

typedef struct lf_shardof {
	int nrules;
	struct lf_shardof_rule {
		int key;        /* LF_F_JURISDICTION, LF_F_LANGUAGE, -1 = format, -2 = hash */
		int negate;
		unsigned hash_i, hash_n;
		char *values;   /* the values, NUL-separated, ending with an empty one */
	} rule[LF_SHARDOF_MAX];
	char *canon;        /* the rules written back in a canonical form (stored) */
} lf_shardof;

/* Parses the rules of nspec strings (each may hold several, ';'-separated)
 * into *so.  An empty set of rules (or "all") means every law.  LF_EINVAL
 * with a message saying what is wrong; so is freed on failure too. */
int lf_shardof_parse(const char *const *spec, int nspec, lf_shardof *so, lf_err *err);

/* Whether a law (after fill_gaps: its id, jurisdiction, language, format
 * are known) belongs to the shard. */
int lf_shardof_match(const lf_shardof *so, const lf_law *law);

void lf_shardof_free(lf_shardof *so);

#endif
