/*
 * reader.h - the format readers: each turns one parsed input into an lf_law.
 *
 * The pipeline (indexer.c) reads a file (input.c: size caps, gzip by magic
 * bytes), detects its format from the content (detect.c), parses XML/HTML
 * with libxml2 under safe options (no network, no DTD loading, no entity
 * substitution; see input.c) and calls one reader below.  A reader fills
 * law->field[], law->preface and the provision tree; it sets law->format.
 * law->path and fallbacks (MANIFEST.tsv sidecar, directory name, language
 * detection) are the pipeline's job, after the reader.
 *
 * Every reader returns 0, or a negative status with err naming the reason
 * (the pipeline prefixes the file name).  A reader never prints.
 */
#ifndef LF_READER_H
#define LF_READER_H

#include <libxml/tree.h>
#include <stddef.h>

#include "core/doc.h"
#include "core/err.h"

/* Formats, as detected from content. */
enum lf_format {
	LF_FMT_UNKNOWN = 0,
	LF_FMT_AKN,      /* Akoma Ntoso 2.0 / 3.0 (akomaNtoso root) */
	LF_FMT_USLM,     /* US GPO USLM (bill, pLaw, lawDoc ... in the uslm namespace) */
	LF_FMT_CLML,     /* UK Crown Legislation Markup Language (Legislation root) */
	LF_FMT_FORMEX,   /* EU Formex 4 (ACT, CONS.ACT, ..., LEXP.COMBINED wrapper) */
	LF_FMT_GII,      /* German gesetze-im-internet (dokumente root) */
	LF_FMT_LIMS,     /* Justice Canada LIMS (Statute / Regulation root) */
	LF_FMT_LEXML,    /* Brazilian LexML (LexML root) */
	LF_FMT_XML,      /* well-formed XML of no known vocabulary */
	LF_FMT_HTML,     /* any HTML; html.c tells EUR-Lex from generic */
	LF_FMT_MARKDOWN,
	LF_FMT_TEXT,
};

/* The format's name as stored in the index ("akn", "uslm", ...). */
const char *lf_format_name(enum lf_format f);

/* XML readers: doc is a parsed document; root is its root element. */
int lf_read_akn(xmlDoc *doc, lf_law *law, lf_err *err);
int lf_read_uslm(xmlDoc *doc, lf_law *law, lf_err *err);
int lf_read_clml(xmlDoc *doc, lf_law *law, lf_err *err);
int lf_read_formex(xmlDoc *doc, lf_law *law, lf_err *err);
int lf_read_gii(xmlDoc *doc, lf_law *law, lf_err *err);
int lf_read_lims(xmlDoc *doc, lf_law *law, lf_err *err);
int lf_read_lexml(xmlDoc *doc, lf_law *law, lf_err *err);

/* HTML reader: EUR-Lex (X)HTML (law->format = "eurlex-html") or generic
 * HTML with script, style and navigation dropped (law->format = "html").
 * Provisions are found from EUR-Lex classes or, generically, from headings
 * and paragraphs that start with a provision word (see text.c). */
int lf_read_html(xmlDoc *doc, lf_law *law, lf_err *err);

/* Markdown and plain-text transcriptions (UTF-8 already): lines such as
 * "Article 44", "Art. 5", "§ 170", "Section 69A", "第三十七条", "Pasal 20",
 * "Статья 12", "Члан 5" start provisions; Markdown headings give structure
 * and a YAML front matter gives metadata. */
int lf_read_text(const char *p, size_t n, int markdown, lf_law *law, lf_err *err);

/* If the line p[0..n) starts a provision ("Article 44", "§ 170 Title",
 * "第三十七条　..."), returns its kind and sets *label_len to the length of
 * the label ("Article 44") and *rest to where the text after it starts;
 * else returns NULL.  Shared by the text and HTML readers. */
const char *lf_provision_line(const char *p, size_t n, size_t *label_len, size_t *rest);

#endif
