/*
 * segment.h - CJK word segmentation (ICU's dictionary-based word break
 * iterator), the same code at index time and at query time.
 */
#ifndef LF_SEGMENT_H
#define LF_SEGMENT_H

#include <stddef.h>

#include "core/buf.h"

/* True if UTF-8 p[0..n) holds a CJK character (core/text/text.h lf_is_cjk). */
int lf_has_cjk(const char *p, size_t n);

/* Appends p[0..n) to out with every run of CJK text split into words, one
 * space between two words; text outside CJK runs is copied unchanged.
 * Returns 0, LF_ENOMEM (out as it was) or LF_ETOOBIG. */
int lf_segment(const char *p, size_t n, lf_buf *out);

#endif
