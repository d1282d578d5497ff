/*
 * lawtags.h - tags a law's units while its documents are built, and turns
 * the provision tags into the law's risk scores, its boolean terms, value
 * slots and evidence records (core/schema.h describes them).
 */
#ifndef LF_LAWTAGS_H
#define LF_LAWTAGS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/store/lfxapian.h"
#include "tagging/tagger.h"

typedef struct lf_lawtags lf_lawtags;

/* One per reader thread; tx must outlive it.  NULL on ENOMEM. */
lf_lawtags *lf_lawtags_new(const lf_taxonomy *tx);
void lf_lawtags_free(lf_lawtags *lt);

/* Starts a law written in lang, titled title (either may be NULL).  A law
 * whose language is not known (NULL, "" or "und": a text too short to tell)
 * is tagged with the rules of every language of the taxonomy, each
 * category's strongest match kept, on its first 16 KiB (ten runs of the
 * tagger cost too much for more; a long text whose language is not
 * detected is in a language without rules).  Returns 0 or LF_ENOMEM. */
int lf_lawtags_start(lf_lawtags *lt, const char *lang, const char *title);
/* True if the law started is tagged with every language's rules. */
int lf_lawtags_all_languages(const lf_lawtags *lt);
/* Tags one unit: its heading and its text (with its sub-provisions').
 * context (NULL or "") is the headings of the chapters it stands in
 * (lf_unit_context): a chapter whose heading names a category by one of its
 * concept labels makes the category the law's subject.  Returns 0 or
 * LF_ENOMEM. */
int lf_lawtags_unit(lf_lawtags *lt, const lf_prov *pv, const char *context, const char *text, size_t n);
/* The unit tagged in a law that has no provisions, only a preface (a text
 * the text reader could not split: a pasted paragraph, a short draft): its
 * whole text, labelled "Preface". */
extern const lf_prov lf_preface_prov;

/* Adds the law's XR/XA terms and risk values to its document and the
 * "risk", "layers" and "tag" lines to its data record. */
int lf_lawtags_finish(lf_lawtags *lt, lf_xdoc *doc, lf_buf *rec);

#endif
