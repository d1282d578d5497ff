/*
 * rec.h - the record format of document data: one "key\tvalue\n" line per
 * field, values escaped (\\ \n \t), keys may repeat ("toc").  Simple to read
 * with any tool, and no JSON parser needed on the query side.
 */
#ifndef LF_REC_H
#define LF_REC_H

#include <stddef.h>

#include "core/buf.h"

/* Appends key and an escaped value (NULL is written as ""). */
int lf_rec_add(lf_buf *b, const char *key, const char *value);
int lf_rec_addn(lf_buf *b, const char *key, const char *value, size_t n);

/* Iterates over a record: call with *pos = 0; each call sets key/value
 * (value unescaped into val, key into key) and returns 1, or 0 at the end. */
int lf_rec_next(const char *data, size_t n, size_t *pos, lf_buf *key, lf_buf *val);

/* The first value of key, unescaped into out; returns 1 if found, else 0
 * (out then holds ""), or LF_ENOMEM (negative) if it could not be copied. */
int lf_rec_get(const char *data, size_t n, const char *key, lf_buf *out);

/* One line of a record without copying: key and still-escaped value spans
 * into data.  Returns 1, or 0 at the end.  For scans that keep few values
 * (lf_rec_unescape those). */
int lf_rec_line(const char *data, size_t n, size_t *pos, const char **key, size_t *klen, const char **val,
                size_t *vlen);
/* An escaped value span, unescaped into out (reset first). */
int lf_rec_unescape(const char *v, size_t n, lf_buf *out);

#endif
