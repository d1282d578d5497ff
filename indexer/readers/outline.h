/*
 * outline.h - from a flat run of text blocks to the provision tree.
 *
 * The HTML reader (html.c) and the Markdown/text reader (text.c) both see a
 * law as a sequence of blocks: paragraphs, table cells and headings of a
 * page, or the lines of a text.  They add each block here with what they
 * know of it (a role read from EUR-Lex classes, heading-like styling, a
 * Markdown heading level).  lf_outline_classify() gives the blocks that have
 * no role yet one from their first words (lf_provision_line in text.c), and
 * lf_outline_build() turns roles into provisions:
 *
 *  - containers (book, part, title, chapter, division) nest by the order in
 *    which their words first appear, with the kind's rank as a tie-breaker:
 *    "BAB" > "Bagian" > "Paragraf", "CHAPTER" > "Section";
 *  - a unit (article, section, rule) starts at its label and takes every
 *    following text block up to the next start;
 *  - an annex (schedule) is a top-level unit that takes everything after
 *    it, labels inside included, up to the next annex;
 *  - recitals take their own block and the blocks of the same group (a
 *    EUR-Lex recital table); text after them goes back to the preface;
 *  - text before the first provision is the preface, or a preamble
 *    provision when it is longer than LF_OUTLINE_PREFACE_MAX;
 *  - text right under a container (before its first child) is the
 *    container's own text, or an unlabelled "provision" unit under it when
 *    it is longer than LF_OUTLINE_CONT_TEXT, so that an index unit holds it;
 *    before the document's first unit it is preface ("ЧАСТЬ ТРЕТЬЯ" then
 *    "Принят Государственной Думой ...");
 *  - ids come from the labels ("art44", "ch3-div2", "art37" for 第三十七条),
 *    repeats get "~2", "~3" in constant time.
 *
 * Internal to the readers: nothing outside indexer/ includes this.
 */
#ifndef LF_OUTLINE_H
#define LF_OUTLINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/doc.h"

#define LF_OUTLINE_PREFACE_MAX 4096     /* longer preface text becomes a preamble provision */
#define LF_OUTLINE_CONT_TEXT 400        /* longer text of a container becomes a unit under it */
#define LF_OUTLINE_MAX_BLOCKS (1u << 20) /* blocks per document (hostile input) */
#define LF_OUTLINE_MAX_TEXT ((size_t)256 << 20)

enum lf_role {
	LF_R_NONE = 0,  /* not classified yet: lf_outline_classify() decides */
	LF_R_TEXT,      /* text of the current provision (or the preface) */
	LF_R_SKIP,      /* dropped */
	LF_R_PREFACE,   /* text for the preface; closes an open recital */
	LF_R_TITLE,     /* part of the document title: not provision text */
	LF_R_CONT,      /* starts a container: chapter, part, title, division */
	LF_R_UNIT,      /* starts a unit: article, section, rule */
	LF_R_SCHED,     /* starts an annex / schedule */
	LF_R_RECITAL,   /* starts a recital */
	LF_R_HEAD,      /* heading of the provision last started */
	LF_R_HEADNEXT,  /* heading of the unit that starts in the next block */
	LF_R_END        /* end of the enacting terms (signatures, notes): this and
	                 * the following text blocks are dropped up to the next start */
};

typedef struct lf_block {
	size_t off, len;      /* the text, in lf_outline.text: trimmed, whitespace collapsed */
	size_t label_len;     /* starts: the label is text[0..label_len) */
	size_t rest;          /* starts: where the text after the label begins */
	const char *kind;     /* starts: an LF_KIND_* string */
	uintptr_t group;      /* nonzero: following blocks of the same group continue a recital */
	unsigned char role;   /* enum lf_role */
	unsigned char styled; /* the source styles it as a heading (h1-h6, bold, centred) */
	unsigned char mdlevel;/* Markdown heading level 1-6, 0 if none */
	unsigned char hint;   /* free for the reader */
} lf_block;

typedef struct lf_outline {
	lf_buf text;          /* all block texts, each NUL-terminated */
	lf_block *b;          /* malloc'd */
	size_t n, cap;
	size_t head_max;      /* longest text (code points) taken as a heading */
	int eurlex;           /* EUR-Lex numbering: "(1)" paragraphs are not provisions */
	int overflow;         /* more than LF_OUTLINE_MAX_BLOCKS: the rest joined the last block */
} lf_outline;

void lf_outline_init(lf_outline *o);
void lf_outline_free(lf_outline *o);

/* The text of block i (NUL-terminated; valid until the next add). */
static inline const char *lf_outline_str(const lf_outline *o, size_t i)
{
	return o->text.p + o->b[i].off;
}

/* Appends a block: p[0..n) is copied with whitespace runs (including
 * U+00A0, U+3000 and the other Unicode spaces) collapsed to one space,
 * NUL bytes dropped and the ends trimmed.  An empty result adds nothing and
 * sets *idx to -1.  proto (may be NULL) gives role, styled, mdlevel, hint,
 * group.  Past LF_OUTLINE_MAX_BLOCKS the text joins the last block (and
 * o->overflow is set) so that nothing is lost.  Returns 0, LF_ENOMEM or
 * LF_ETOOBIG (past LF_OUTLINE_MAX_TEXT bytes). */
int lf_outline_add(lf_outline *o, const char *p, size_t n, const lf_block *proto, long *idx);

/* Matches block i against lf_provision_line() and, if it starts a
 * provision, sets kind, label_len and rest (the role is left alone).
 * Returns 1 on a match, 0 otherwise. */
int lf_outline_match(lf_outline *o, size_t i);

/* Gives every LF_R_NONE block a role from its first words.  When the
 * document's units are articles, "§" lines are paragraphs of an article
 * (Brazil: "§ 1º") and "Section" lines are containers (EUR-Lex: "Section 1"
 * inside a chapter).  A short block styled as a heading just before a unit
 * with no heading of its own becomes that unit's heading (Serbia: "Предмет"
 * above "Члан 1.").  A Markdown heading that is no provision but stands as
 * high as those that are starts an unlabelled "provision" unit. */
void lf_outline_classify(lf_outline *o);

/* Builds the provision tree and the preface of law from the blocks.
 * Returns 0 or the first negative status of lf_law_add_prov (LF_ETOOBIG past
 * the provision cap, LF_ENOMEM), with err set. */
int lf_outline_build(lf_outline *o, lf_law *law, lf_err *err);

/* True if p[0..n) reads like a heading: at most max code points, no
 * sentence-final punctuation (. ; : 。 ； ：), not starting like a list item
 * ("1.", "(a)", "a)", "-").  Shared by the readers. */
int lf_outline_is_heading(const char *p, size_t n, size_t max);

#endif
