/*
 * units.h - the index units of a law: the top-most article, section,
 * rule, recital or schedule provisions (and provisions with text of their
 * own under none), each with the text of everything below it.  Shared by the
 * indexer, lf_tag_run and draft reading, so all three see the same units.
 */
#ifndef LF_UNITS_H
#define LF_UNITS_H

#include "core/buf.h"
#include "core/doc.h"

/* unit_of[i] is the unit provision i belongs to (-1: none); own_only[u]
 * says that unit u, a container with units below it, keeps only its own
 * text.  Both arrays have law->nprovs entries.  Returns 0 or LF_ENOMEM. */
int lf_units_plan(const lf_law *law, int *unit_of, char *own_only);

/* Unit i's text into out (reset first): its own text, a newline, then,
 * unless it keeps only its own, each descendant's label, heading and text
 * on a line.  Returns 0 or LF_ENOMEM. */
int lf_unit_text(const lf_law *law, size_t i, const int *unit_of, const char *own_only, lf_buf *out);

/* The headings of unit i's ancestors (its part, chapter, section...), from
 * the nearest, one per line, into out (reset first): "a chapter about it"
 * makes a measure the law's subject (tagging/lawtags.h).  Returns 0 or
 * LF_ENOMEM. */
int lf_unit_context(const lf_law *law, size_t i, lf_buf *out);

#endif
