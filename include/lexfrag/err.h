/*
 * err.h - status codes and the error object every fallible lexfrag call takes
 * (public: included by lexfrag.h; core/err.h adds the library's own helpers).
 *
 * Functions return 0 (LF_OK) on success or one of the negative codes below,
 * and fill an lf_err with a one-line human message that names the file or
 * query and the reason.  The message lives in a fixed buffer: nothing to free.
 */
#ifndef LEXFRAG_ERR_H
#define LEXFRAG_ERR_H

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

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

#if defined(__GNUC__) || defined(__clang__)
#define LF_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define LF_PRINTF_LIKE(f, a)
#endif

/* Set err (which may be NULL) to code and a printf-style message; returns
 * code.  For callbacks and front ends that report their own failures in the
 * library's terms. */
LF_API int lf_err_set(lf_err *err, int code, const char *fmt, ...) LF_PRINTF_LIKE(3, 4);

/* Clear err to LF_OK and an empty message.  err may be NULL. */
LF_API void lf_err_clear(lf_err *err);

/* A short English name for a status code ("out of memory", ...). */
LF_API const char *lf_strerror(int code);

#ifdef __cplusplus
}
#endif

#endif
