/*
 * reader.h - the format readers: each turns one parsed input into an lf_law.
 *
 * The pipeline (indexer.c) reads a file (input.c: size caps, gzip by magic
 * bytes), detects its format from the content (detect.c asks each reader of
 * the registry below), parses XML/HTML with libxml2 under safe options (no
 * network, no DTD loading, no entity substitution; see input.c) and calls
 * the reader's read function.  A reader fills
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

/*
 * The registry.  Each format is one lf_reader, defined in its reader's file
 * (lf_reader_akn in akn.c, ...) and listed once in registry.c, in the
 * order detection asks them.  Adding a format is one file, one line in
 * registry.c and one in CMakeLists.txt's reader sources.
 */

/* What detect.c found at the top of a (decompressed) buffer, for the
 * readers' sniff functions. */
typedef struct lf_sniff {
	const char *p;      /* the whole buffer */
	size_t n;
	int utf16;          /* it starts with a UTF-16 byte-order mark (nothing
	                       below is set then) */
	int html_doctype;   /* its prolog holds <!DOCTYPE html ...> */
	const char *text;   /* the buffer after a UTF-8 byte-order mark */
	const char *root;   /* the root element's '<' after the prolog (a
	                       UTF-8 BOM, the XML declaration, comments,
	                       processing instructions, a DOCTYPE); NULL when
	                       the text does not start with markup */
	char name[64];      /* the root element's local name (namespace prefix
	                       stripped: <akn:akomaNtoso> gives "akomaNtoso");
	                       "" when root is NULL or holds no name */
	int element;        /* root is followed by a name (maybe only a prefix,
	                       "<akn:"): the buffer is markup, not text */
	const char *tag;    /* the root's start tag after its name: attributes
	                       and namespace declarations, tag[0..taglen), at
	                       most 8 KiB */
	size_t taglen;
} lf_sniff;

/* 1 if the root's start tag holds needle (a namespace URI, say). */
int lf_sniff_tag_has(const lf_sniff *s, const char *needle);

/* How a format's bytes are parsed before its reader sees them
 * (input.c): as XML (lf_parse_xml), as HTML (lf_parse_html), or decoded to
 * UTF-8 text (lf_to_utf8). */
enum lf_parse { LF_PARSE_XML, LF_PARSE_HTML, LF_PARSE_TEXT };

typedef struct lf_reader {
	const char *name;   /* as stored in the index and given to
	                       --source-format: "akn" */
	const char *also;   /* another name the reader may store instead
	                       ("eurlex-html"), or NULL */
	const char *reads;  /* what it reads, one line for help texts */
	enum lf_parse parse;
	/* 1 if the buffer is in this format.  Detection asks the readers in
	 * registry order and takes the first that says yes. */
	int (*sniff)(const lf_sniff *s);
	/* LF_PARSE_XML and LF_PARSE_HTML: reads the parsed document. */
	int (*read_doc)(xmlDoc *doc, lf_law *law, lf_err *err);
	/* LF_PARSE_TEXT: reads p[0..n), valid UTF-8. */
	int (*read_text)(const char *p, size_t n, lf_law *law, lf_err *err);
} lf_reader;

extern const lf_reader lf_reader_html, lf_reader_akn, lf_reader_clml, lf_reader_gii,
	lf_reader_lims, lf_reader_lexml, lf_reader_uslm, lf_reader_formex, lf_reader_xml,
	lf_reader_markdown, lf_reader_text;

/* The registry, in detection order (registry.c), NULL-terminated. */
extern const lf_reader *const lf_readers[];

/* The reader registered under name (its name or its other name), or NULL. */
const lf_reader *lf_reader_named(const char *name);

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
