/*
 * out.h - the one place where the command-line tool and the server write
 * text that came from the world (a law's title and text, a file name, a
 * query, a message naming a file): JSON strings, CSV fields (RFC 4180),
 * text for people, snippets with their match marks rendered.
 *
 * What each promises (README "Output formats", schemas/export.md):
 *  - JSON and CSV are valid UTF-8.  An ill-formed UTF-8 sequence becomes
 *    one U+FFFD per maximal subpart (Unicode §3.9, as the WHATWG decoder
 *    does): "\xff\xfe" two, a truncated "\xe2\x82" one.  Valid UTF-8 is
 *    written as is.
 *  - JSON escapes every control character (C0, DEL, C1) as \u00XX, so a
 *    JSON line is safe on a terminal too.
 *  - A CSV text cell that starts with = + - @ tab or CR is written
 *    "'..." (quoted, a single quote first), so that a spreadsheet reads it
 *    as text, not as a formula (OWASP, "CSV Injection"), unless raw.
 *  - Text for people (out_printf's %s, out_text, out_snippet) shows each
 *    control character as an escape (\n \t \r \x1b \u009b) and each byte of
 *    an ill-formed sequence as \xHH: a title or a file name cannot move the
 *    cursor, write the clipboard (OSC 52) or forge a line.
 */
#ifndef LF_CLI_OUT_H
#define LF_CLI_OUT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Writes s as a JSON string literal (quotes included), as promised above.
 * Match marks (STX/ETX) become <mark> and </mark> when marks is set, else
 * are dropped. */
void out_json_str(FILE *fp, const char *s, int marks);
/* s with its ill-formed UTF-8 replaced as in JSON: s itself when it is
 * well-formed (*owned is then NULL), else a malloc'd copy that is also put
 * in *owned for the caller to free.  NULL when out of memory. */
const char *out_utf8(const char *s, char **owned);

/* Writes s as one CSV text cell: valid UTF-8, quoted when it holds a
 * comma, quote or line break or when it is neutralised (a leading = + - @
 * tab or CR gets a ' first, unless raw); match marks are dropped.  Numbers
 * that lexfrag formats itself are not text cells: write them as they are. */
void out_csv_field(FILE *fp, const char *s, int raw);
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

/* ,"risks":{category: score...},"layers":[...] (the tagged ones only). */
struct lf_risk;
void out_json_risks(FILE *fp, const struct lf_risk *r, size_t n, const char *const *layers,
                    size_t nlayers);
/* Two CSV fields: risks "category:score;..." and layers "a;b". */
void out_csv_risks(FILE *fp, const struct lf_risk *r, size_t n, const char *const *layers,
                   size_t nlayers);

/* A law's risk scores, one line each, then its layers; each line starts
 * with indent. */
void out_risks_text(FILE *fp, const char *indent, const struct lf_risk *r, size_t n,
                    const char *const *layers, size_t nlayers);
/* ,"evidence":[{category, strength, provision, label, rule, spans, text}] */
struct lf_evidence;
void out_json_evidence(FILE *fp, const struct lf_evidence *e, size_t n);

/* One search result as a JSON object (no newline): the fields of
 * 'search --format jsonl'. */
struct lf_hit;
void out_hit_json(FILE *fp, const struct lf_hit *h);
/* A law as 'show --format json' prints it (no newline). */
struct lf_law_view;
void out_law_json(FILE *fp, const struct lf_law_view *v, int toc_only);
/* ,"remote_shards":N,"shards_down":N,"shard_list":[{name, remote, up,
 * reason, laws, provisions, bytes}] of a stats object (bytes null for a
 * remote shard: not known from here). */
struct lf_stats;
void out_shards_json(FILE *fp, const struct lf_stats *s);
/* ,"shards_down":["HOST:PORT",...] : the shards left out of db's answers. */
struct lf_db;
void out_shards_down_json(FILE *fp, const struct lf_db *db);

/* JSON of 'similar': the draft, and one law (no newline). */
struct lf_similar_results;
struct lf_draft_info;
struct lf_similar_hit;
void out_similar_draft_json(FILE *fp, const struct lf_similar_results *res, const struct lf_draft_info *di);
void out_similar_hit_json(FILE *fp, const struct lf_similar_hit *h);

#endif
