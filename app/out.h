/*
 * out.h - text for people: where the command-line tool writes text that
 * came from the world (a law's title and text, a file name, a query, a
 * message naming a file) to a terminal or a log, with snippets' match
 * marks rendered.  JSON and CSV have their own writers (json.h, csv.h) and
 * the objects theirs (records.h).
 *
 * What it promises (README "Output formats"):
 *  - Text for people (out_printf's %s, out_text, out_snippet) shows each
 *    control character as an escape (\n \t \r \x1b \u009b) and each byte of
 *    an ill-formed sequence as \xHH: a title or a file name cannot move the
 *    cursor, write the clipboard (OSC 52) or forge a line.
 */
#ifndef LF_APP_OUT_H
#define LF_APP_OUT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* s with its ill-formed UTF-8 replaced as in JSON: s itself when it is
 * well-formed (*owned is then NULL), else a malloc'd copy that is also put
 * in *owned for the caller to free.  NULL when out of memory. */
const char *out_utf8(const char *s, char **owned);

/* Writes a snippet for a terminal: matches in bold when color is set, else
 * the marks are dropped; the rest as out_printf shows a %s. */
void out_snippet(FILE *fp, const char *s, int color);

/* printf for people (a terminal, a log): the format is written as is, and
 * every %s argument with its control characters and ill-formed bytes as
 * visible escapes (above), so that a title or a file name shows as what it
 * is.  A %s's width and precision count characters, not bytes; a NULL %s is
 * empty.  Use it for every line that holds text from a law, a file name, a
 * query or a message. */
void out_printf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_vprintf(FILE *fp, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* s as out_printf shows a %s, but its newlines and tabs kept: a
 * provision's text, whose line breaks are its layout. */
void out_text(FILE *fp, const char *s);

/* A law's risk scores, one line each, then its layers; each line starts
 * with indent. */
struct lf_risk;
void out_risks_text(FILE *fp, const char *indent, const struct lf_risk *r, size_t n,
                    const char *const *layers, size_t nlayers);

#endif
