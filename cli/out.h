/*
 * out.h - output helpers for the command-line tool: JSON strings, CSV
 * fields (RFC 4180) and snippets with their match marks rendered.
 */
#ifndef LF_CLI_OUT_H
#define LF_CLI_OUT_H

#include <stddef.h>
#include <stdio.h>

/* Writes s as a JSON string literal (quotes included).  Match marks (STX/ETX)
 * become <mark> and </mark> when marks is set, else are dropped. */
void out_json_str(FILE *fp, const char *s, int marks);
/* Writes s as one CSV field, quoted when it holds a comma, quote or newline;
 * match marks are dropped. */
void out_csv_field(FILE *fp, const char *s);
/* Writes a snippet for a terminal: matches in bold when color is set, else
 * the marks are dropped. */
void out_snippet(FILE *fp, const char *s, int color);

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

#endif
