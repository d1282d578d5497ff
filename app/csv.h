/*
 * csv.h - the one CSV writer (RFC 4180) of the command line and the
 * server: cells separated by commas, rows ended by CRLF, quoting by the
 * writer.
 *
 * What every text cell promises (README "Output formats"):
 *  - valid UTF-8: an ill-formed sequence becomes one U+FFFD per maximal
 *    subpart, as in JSON; match marks are dropped;
 *  - it cannot start a spreadsheet formula: a cell that starts with = + -
 *    @ tab or CR (after the marks) gets a ' first and is quoted (OWASP,
 *    "CSV Injection"), unless the writer is raw (--csv-raw);
 *  - quoted when it holds a comma, a quote or a line break.
 * Numbers that lexfrag formats itself (scores, strengths, counts) are not
 * text cells.  Errors: the stream's (ferror), or an allocation (csv_failed).
 */
#ifndef LF_APP_CSV_H
#define LF_APP_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"

typedef struct csv_w {
	FILE *fp;
	int raw;     /* text cells as they are (no formula neutralisation) */
	int cells;   /* cells written in this row */
	int failed;  /* an allocation failed: the output is incomplete */
	lf_buf list; /* the cell csv_list_* builds */
	size_t parts; /* its parts so far */
} csv_w;

void csv_init(csv_w *w, FILE *fp, int raw);
/* Frees what the writer holds (not the stream). */
void csv_free(csv_w *w);

/* A text cell; NULL is empty. */
void csv_text(csv_w *w, const char *s);
/* A number of ours, with this many decimals. */
void csv_number(csv_w *w, double v, int decimals);
/* An empty cell. */
void csv_empty(csv_w *w);
/* Ends the row (CRLF). */
void csv_end_row(csv_w *w);
/* A header row: names separated by commas in one string, as given. */
void csv_header(csv_w *w, const char *names);

/* A text cell made of parts, however long: csv_list_begin, then
 * csv_list_add for each part (sep before every part but the first), then
 * csv_list_end writes it as csv_text does. */
void csv_list_begin(csv_w *w);
void csv_list_add(csv_w *w, const char *sep, const char *part);
void csv_list_addf(csv_w *w, const char *sep, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void csv_list_end(csv_w *w);

/* Did an allocation fail, or the stream? */
int csv_failed(const csv_w *w);

#endif
