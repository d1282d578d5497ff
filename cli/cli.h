/*
 * cli.h - what the command files of the lexfrag tool share (main.c holds
 * these helpers and the dispatch; each command lives in its own file once
 * it outgrows main.c).
 */
#ifndef LF_CLI_H
#define LF_CLI_H

#include <stddef.h>

#define EXIT_USAGE 2

enum { FMT_TEXT, FMT_JSONL, FMT_CSV, FMT_JSON, FMT_TSV, FMT_SQLITE };

/* --db default: $LEXFRAG_DB, else ./lexfrag.db */
const char *db_default(void);
/* Prints "lexfrag: <fmt with arg>" and a --help hint; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, const char *arg)
	__attribute__((format(printf, 2, 0)));
/* A non-negative integer, or -1. */
long parse_num(const char *s);
/* 256M, 1G, 4096; 0 on error. */
size_t parse_size(const char *s);
/* text, jsonl, csv (allow_json: text, json); -1 if unknown. */
int parse_format(const char *s, int allow_json);

int cmd_tag(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
