/*
 * fuzz_util.h - what the fuzz targets share: the libFuzzer entry points,
 * a reader target's body (parse as the indexer does, read, then units and
 * tags as the indexer would build them), and a small index for the query
 * side, built once per process from real laws.
 *
 * Each target is one file defining LLVMFuzzerTestOneInput.  Built with
 * -DLF_FUZZ=ON it links libFuzzer; otherwise replay.c's main() runs every
 * saved input through it (see README.md).
 */
#ifndef LF_FUZZ_UTIL_H
#define LF_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "indexer/readers/reader.h"
#include "lexfrag/lexfrag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* lf_init(), once per process. */
void fuzz_init(void);

/* A NUL-terminated malloc'd copy of the input (embedded NULs kept); the
 * caller frees it.  Aborts on ENOMEM. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* What the indexer does with a law it has read: its units, each unit's
 * text, the unit's tags (built-in taxonomy; in the law's language, else
 * English) and the law's risk record, read back.  Aborts if the law
 * breaks the model's invariants (a parent after its child, a NULL
 * string) or on an unexpected status. */
void fuzz_use_law(const lf_law *law);

/* An XML reader's target: the bytes parsed by lf_parse_xml (exactly as
 * lf_read_buffer parses them), read by read(), then fuzz_use_law. */
int fuzz_xml_reader(const uint8_t *data, size_t size,
                    int (*read)(xmlDoc *doc, lf_law *law, lf_err *err));

/* A read-only handle on an index of a few real laws, built on first use
 * into a temporary directory that is removed at exit.  Aborts if the index
 * cannot be built: a fuzz target without its index tests nothing. */
lf_db *fuzz_db(void);

#endif
