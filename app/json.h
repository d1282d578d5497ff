/*
 * json.h - the one JSON writer of the command line and the server: a
 * stream of values to a FILE, its commas, quotes and escapes written by the
 * writer, so that every JSON output is well-formed by construction.
 *
 * What every string promises (README "Output formats"):
 *  - valid UTF-8: an ill-formed sequence becomes one U+FFFD per maximal
 *    subpart (Unicode §3.9, as the WHATWG decoder does): "\xff\xfe" two, a
 *    truncated "\xe2\x82" one; valid UTF-8 is written as is;
 *  - every control character (C0, DEL, C1) escaped as \u00XX (\n \r \t
 *    and the two quotes as their short escapes), so that a JSON line is
 *    safe on a terminal too;
 *  - match marks (LF_MARK_START/END) written as <mark> and </mark> by
 *    json_text, dropped by json_string.
 * A top-level object or array ends with a newline: one value per line (JSON
 * Lines, and the documents of the API).  Numbers that are not finite are
 * written null.  Errors are the stream's: check ferror(fp).
 */
#ifndef LF_APP_JSON_H
#define LF_APP_JSON_H

#include <stdio.h>

#define JSON_MAX_DEPTH 32

typedef struct json_w {
	FILE *fp;
	int depth;                         /* open objects and arrays */
	unsigned char more[JSON_MAX_DEPTH]; /* a value has been written at this depth
	                                    * (lexfrag's objects nest 4 deep; past
	                                    * 31 levels the commas would be wrong) */
	int after_key;                     /* a key was written: its value follows */
} json_w;

void json_init(json_w *w, FILE *fp);

void json_begin_object(json_w *w);
void json_end_object(json_w *w);
void json_begin_array(json_w *w);
void json_end_array(json_w *w);
/* An object's key (escaped like a string); its value is the next call. */
void json_key(json_w *w, const char *k);

/* A string; NULL is "".  json_text keeps the match marks as <mark>. */
void json_string(json_w *w, const char *s);
void json_text(json_w *w, const char *s);
void json_uint(json_w *w, unsigned long long v);
void json_int(json_w *w, long long v);
/* v with this many decimals ("%.*f"), as lexfrag's scores are written. */
void json_number(json_w *w, double v, int decimals);
void json_bool(json_w *w, int v);
void json_null(json_w *w);

/* A key and its value, in one call. */
void json_kstring(json_w *w, const char *k, const char *s);
void json_ktext(json_w *w, const char *k, const char *s);
void json_kuint(json_w *w, const char *k, unsigned long long v);
void json_knumber(json_w *w, const char *k, double v, int decimals);
void json_kbool(json_w *w, const char *k, int v);

/* The year of a law as a number (its leading digits, as atoi reads them),
 * or null when it has none (""). */
void json_kyear(json_w *w, const char *k, const char *year);

#endif
