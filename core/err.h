/*
 * err.h - status codes and the error object every fallible lexfrag call takes.
 *
 * The codes, lf_err, lf_err_set, lf_err_clear and lf_strerror are public
 * (include/lexfrag/err.h, one definition); what follows it here is the
 * library's own.
 */
#ifndef LF_ERR_H
#define LF_ERR_H

#include <stdarg.h>
#include <stddef.h>

#include "lexfrag/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A thread's note that an allocation failed (like errno, but sticky): lf_buf
 * and lf_arena make it whenever theirs fails, so a long computation that
 * lets an append fail here and there (text extraction in the readers) can
 * still be failed as a whole.  lf_oom_take() says whether one was made
 * since the last call, and forgets it.
 *
 * Only the indexer reads it: it takes the note before each file and fails
 * the file when one was made while reading it.  Everywhere else (query,
 * precedent, tagging) an allocation failure is a returned status that
 * reaches the caller as an lf_err: every lf_buf call's result is checked
 * (or kept in a local sticky rc, as in passage.c's lf_q_marked), and
 * strings made in an lf_arena are checked once with lf_arena_failed.  A new
 * caller must not rely on this note: nothing would read it. */
void lf_oom_note(void);
int lf_oom_take(void);

#ifdef __cplusplus
}
#endif

#endif
