/*
 * markdown.h - the Markdown parts of the text reader (markdown.c), used by
 * its line loop (plain.c).  Internal to indexer/readers/.
 */
#ifndef LF_MARKDOWN_H
#define LF_MARKDOWN_H

#include <stddef.h>

#include "core/buf.h"
#include "core/doc.h"

/* Appends the inline text of p[0..n) to out with Markdown syntax removed
 * (*in_comment: inside an HTML comment, carried from line to line).  0 or
 * the buffer's error.  Linear in n. */
int lf_md_inline(const char *p, size_t n, lf_buf *out, int *in_comment);

/* True for a line of three or more -, * or _ (and spaces): a rule. */
int lf_md_rule(const char *p, size_t n);

/* True for a table separator row: | --- | :---: | */
int lf_md_table_sep(const char *p, size_t n);

/* Reads a front matter at p (which starts with "---\n") into the law's
 * fields; returns the offset of the body, or 0 if there is no closed front
 * matter in the first 64 KiB.  *rc is set on an error. */
size_t lf_yaml_front(lf_law *law, const char *p, size_t n, int *rc);

#endif
