/*
 * err.h - status codes and the error object every fallible lexfrag call takes.
 *
 * Functions return 0 (LF_OK) on success or one of the negative codes below,
 * and fill an lf_err with a one-line human message that names the file or
 * query and the reason.  The message lives in a fixed buffer: nothing to free.
 */
#ifndef LF_ERR_H
#define LF_ERR_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stdarg.h>
#include <stddef.h>

enum {
	LF_OK = 0,
	LF_ERROR = -1,      /* generic failure */
	LF_ENOMEM = -2,     /* allocation failed */
	LF_EIO = -3,        /* reading or writing a file failed */
	LF_EFORMAT = -4,    /* input is malformed or of no known format */
	LF_ETOOBIG = -5,    /* input exceeds a configured limit */
	LF_ELOCKED = -6,    /* database is locked by another writer */
	LF_ECORRUPT = -7,   /* database is corrupt */
	LF_ENOTFOUND = -8,  /* no such database, law or document */
	LF_EQUERY = -9,     /* query syntax error */
	LF_EINVAL = -10,    /* invalid argument */
	LF_EXAPIAN = -11,   /* any other Xapian error */
	LF_EEMPTY = -12,    /* input holds no text to index */
	LF_EMODIFIED = -13, /* the index changed under a reader: reopen, retry */
	LF_ENETWORK = -14,  /* a remote shard failed or did not answer in time */
	LF_ETIMEOUT = -15,  /* the call's time budget ran out (lf_db_set_limits) */
	LF_ECANCELED = -16  /* the call was cancelled (lf_db_set_limits) */
};

typedef struct lf_err {
	int code;
	char msg[512];
} lf_err;

/* Set err (which may be NULL) to code and a printf-style message; returns code. */
int lf_err_set(lf_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clear err to LF_OK and an empty message.  err may be NULL. */
void lf_err_clear(lf_err *err);

/* A short English name for a status code ("out of memory", ...). */
const char *lf_strerror(int code);

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
