/*
 * html_int.h - what the HTML reader's files share: the page being read
 * (struct page), the hints EUR-Lex classes give, and the walk that turns
 * the DOM into blocks (html_walk.c) for html.c to give roles and
 * metadata.  Internal to indexer/readers/.
 */
#ifndef LF_HTML_INT_H
#define LF_HTML_INT_H

#include <libxml/tree.h>

#include "core/doc.h"
#include "indexer/readers/outline.h"

#define ANCESTORS 64 /* how far up style and group lookups go */

enum hint {
	H_NONE = 0,
	H_SKIP,      /* EUR-Lex furniture: headers, notes, signatures, tables of contents */
	H_DOCTI,     /* document title lines */
	H_CONT,      /* container label (ti-section-1) */
	H_CONTHEAD,  /* container heading (ti-section-2) */
	H_UNIT,      /* article label (ti-art) */
	H_UNITHEAD,  /* article heading (sti-art) */
	H_ANNEX,     /* annex title */
	H_ANNEXHEAD,
	H_RECITAL,   /* a recital paragraph (Commission documents) */
	H_FINAL,     /* final formula */
	H_END,       /* "Done at ...": signatures and notes follow */
	H_LANG,      /* the OJ header's language code */
	H_DATE,      /* date of a proposal */
	H_COMREF,    /* "COM(2021) 206 final" */
	H_CONSREF,   /* "2009L0065 — EN — 20.06.2013 — 003.001" */
	H_TITLECLS,  /* generic pages: a title paragraph class */
	H_H1,
};
#define H_INRCT 0x80 /* inside an ELI recital subdivision (id "rct_N") */

struct page {
	lf_law *law;
	lf_outline o;
	lf_buf blk;           /* text of the block being gathered */
	size_t bold, total;   /* its non-space bytes in bold, and in all */
	const xmlNode *bnode; /* innermost open block element */
	int emph;             /* open bold/italic elements */
	int rc;
	const char *title;    /* <title>, arena */
	const char *lang;     /* lang attribute or meta, arena */
	const char *canonical;
	const char *dc_desc;
	const char *dc_ident;
	char link_celex[24];  /* first CELEX in a link */
	int strong;           /* EUR-Lex signals in markup */
	int links;            /* links to EUR-Lex / CELEX */
	char sup[8][32];      /* classes the page's style sheet raises (vertical-align) */
	int nsup;
};


/* Walks the page once, iteratively, into blocks (pg->o), noting its
 * metadata (title, lang, meta tags, links) on the way; errors in pg->rc. */
void lf_html_walk(struct page *pg, xmlDoc *doc);

/* The first place in h where needle occurs, any case; NULL if none (or h
 * is NULL). */
const char *lf_html_ci_find(const char *h, const char *needle);

/* The first CELEX number in s ("32016R0679", "52021PC0206") into out; 1
 * if found. */
int lf_html_find_celex(const char *s, char out[24]);

#endif
