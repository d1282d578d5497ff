/*
 * tagrec.h - a law's risk lines in its data record ("risk", "layers",
 * "tag"; core/schema.h), read back into the public lf_risk / lf_evidence.
 * The writer is indexer/lawtags.c; readers are the query side and
 * lf_tag_run.
 */
#ifndef LF_TAGREC_H
#define LF_TAGREC_H

#include "core/arena.h"
#include "lexfrag/lexfrag.h"

/* Fills the risk part of t from a law's data record: strings in arena a.
 * Returns 0 or LF_ENOMEM. */
int lf_tagrec_parse(const char *data, size_t n, lf_arena *a, lf_tagged_law *t);

#endif
