/*
 * draft.h - a draft bill (or a law taken from the index) as 'lexfrag
 * similar' compares it: its units, each a piece of text with a label, and
 * its own risk tags.  Made by precedent/draft.c (from a file) or
 * precedent/similar.c (from a law in the index); read by precedent/similar*.c.
 */
#ifndef LF_DRAFT_H
#define LF_DRAFT_H

#include <stddef.h>

#include "core/arena.h"
#include "lexfrag/lexfrag.h"

typedef struct lf_draft_unit {
	const char *id;     /* "p3", or the provision's id */
	const char *label;  /* as printed: "Section 3", "第五条", "1."; may be "" */
	const char *text;   /* heading and text, UTF-8 */
	size_t n;
} lf_draft_unit;

struct lf_draft {
	lf_arena *arena;                /* everything below lives here */
	const char *path, *title, *language;
	const char *law_id;             /* a law of the index, or NULL */
	int title_set;                  /* the title came from the text itself */
	lf_draft_unit *units;
	size_t nunits;
	lf_tagged_law tags;             /* its risk scores, layers, evidence */
};

#endif
