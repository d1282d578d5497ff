/*
 * dataset.h - the tagged datasets of 'lexfrag export' and of the server's
 * downloads (/api/export, /export): CSV (RFC 4180), JSON Lines or SQLite,
 * streamed one law at a time.  Layouts: schemas/export.md.
 */
#ifndef LF_APP_DATASET_H
#define LF_APP_DATASET_H

#include <stddef.h>
#include <stdio.h>

#include "lexfrag/lexfrag.h"

/* export_run's flags: 0 is what the server's downloads use. */
#define EXPORT_ALL_SCORES 1 /* --all-scores */
#define EXPORT_CSV_RAW 2    /* --csv-raw: CSV text cells as they are */
/* Writes the export of the laws so finds: csv or jsonl (FMT_CSV,
 * FMT_JSONL) to fp, or sqlite (FMT_SQLITE) to sqlite_path (built beside
 * it, then renamed).  *nlaws, *nrows: what was written; errmsg: the reason
 * of a failure. */
int export_run(lf_db *db, const lf_search_opts *so, int format, int provisions, int flags, FILE *fp,
               const char *sqlite_path, size_t *nlaws, size_t *nrows, char *errmsg, size_t nerr, lf_err *err);

#endif
