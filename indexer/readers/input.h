/*
 * input.h - from a path to a law: reading with limits, gzip, encodings,
 * format detection and safe parsing.  Everything a reader gets has passed
 * through here.
 *
 * Safety: files are opened without following a final symlink into a FIFO or
 * device (only regular files are read), sizes are capped before and during
 * decompression, XML is parsed with no network access, no DTD loading and no
 * entity substitution (external entities are never fetched, internal ones
 * never expanded into text), and libxml2's own depth and amplification
 * limits stay on (no XML_PARSE_HUGE).
 */
#ifndef LF_INPUT_H
#define LF_INPUT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/err.h"
#include "indexer/readers/reader.h"

#define LF_DEFAULT_MAX_BYTES ((size_t)256 << 20) /* decompressed size cap */

typedef struct lf_read_opts {
	size_t max_bytes; /* cap on a file's (decompressed) size; 0 = default */
	/* the charset a sidecar (MANIFEST.tsv) declares for the file, or NULL:
	 * used when the file declares none itself (core/text/charset.h) */
	const char *charset;
} lf_read_opts;

/* Call once at start-up, before any thread reads: initialises libxml2 and
 * installs an external-entity loader that refuses every entity. */
void lf_input_init(void);

/* Reads a regular file into out (gunzipping it if it starts with the gzip
 * magic bytes), failing with LF_ETOOBIG past max_bytes.  *gz says whether it
 * was compressed.  out must be initialised; it is reset first. */
int lf_load_file(const char *path, size_t max_bytes, lf_buf *out, int *gz, lf_err *err);

/* Decompresses a gzip buffer (all members) into out, capped at max_bytes. */
int lf_gunzip(const char *p, size_t n, size_t max_bytes, lf_buf *out, lf_err *err);

/* The reader of a (decompressed) buffer's format, detected from its
 * content by the registry (detect.c); NULL if it looks binary. */
const lf_reader *lf_detect(const char *p, size_t n);

/* Parses the bytes of one file into a new law (format detected from the
 * content).  name is used in messages and stored as law->path.  On success
 * *out owns a law (free with lf_law_free); on failure *out is NULL and err
 * says why (without the file name: the caller prefixes it). */
int lf_read_buffer(const char *p, size_t n, const char *name, lf_law **out, lf_err *err);

/* Parses XML bytes as lf_read_buffer does before calling an XML reader: a
 * UTF-16 BOM converted first, undeclared non-UTF-8 decoded in the charset
 * detected (core/text/charset.h), and the safe options above.  On success *doc is the caller's (xmlFreeDoc);
 * on failure it is NULL and err gives the line and libxml2's reason. */
int lf_parse_xml(const char *p, size_t n, xmlDoc **doc, lf_err *err);

/* The same for HTML: decoded to UTF-8 first (BOM, meta charset, valid
 * UTF-8, else the charset detected), then parsed leniently. */
int lf_parse_html(const char *p, size_t n, xmlDoc **doc, lf_err *err);

/* lf_load_file + lf_read_buffer. */
int lf_read_path(const char *path, const lf_read_opts *opts, lf_law **out, lf_err *err);

/* Converts text in a declared or guessed charset to UTF-8 into out: a BOM
 * wins, then the given charset (may be NULL), then "UTF-8" if the bytes are
 * valid UTF-8, else the charset uchardet detects, else windows-1252
 * (lf_charset_to_utf8).  Returns the charset used via *used. */
int lf_to_utf8(const char *p, size_t n, const char *charset, lf_buf *out, const char **used,
               lf_err *err);


#endif
