/*
 * input.c - reading files safely and turning their bytes into a law
 * (see input.h for the contract and the safety rules).
 */
#define _GNU_SOURCE 1 /* strcasestr */
#include "core/text/charset.h"
#include "core/utf8.h"
#include "indexer/readers/input.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "indexer/readers/xmlutil.h"

static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL; /* never load anything: no DTDs, no external entities */
}

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void lf_input_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_entity);
	xmlThrDefSetGenericErrorFunc(NULL, silent);
	xmlSetGenericErrorFunc(NULL, silent);
}

int lf_gunzip(const char *p, size_t n, size_t max_bytes, lf_buf *out, lf_err *err)
{
	z_stream zs;
	char chunk[65536];
	int zrc = Z_OK, rc = 0;

	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return lf_err_set(err, LF_ENOMEM, "cannot start gzip decompression");
	zs.next_in = (Bytef *)p;
	zs.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	for (;;) {
		zs.next_out = (Bytef *)chunk;
		zs.avail_out = sizeof chunk;
		zrc = inflate(&zs, Z_NO_FLUSH);
		if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR) {
			rc = lf_err_set(err, LF_EFORMAT, "corrupt gzip data (%s)", zs.msg ? zs.msg : "inflate failed");
			break;
		}
		if (sizeof chunk - zs.avail_out) {
			if (out->n + (sizeof chunk - zs.avail_out) > max_bytes) {
				rc = lf_err_set(err, LF_ETOOBIG,
				                "gzip data expands past the limit of %zu bytes (--max-bytes)", max_bytes);
				break;
			}
			if ((rc = lf_buf_add(out, chunk, sizeof chunk - zs.avail_out)) != 0) {
				lf_err_set(err, rc, "cannot hold decompressed data: %s", lf_strerror(rc));
				break;
			}
		}
		if (zrc == Z_STREAM_END) {
			/* concatenated members: go on while gzip magic follows */
			if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
				if (inflateReset(&zs) != Z_OK) {
					rc = lf_err_set(err, LF_EFORMAT, "corrupt gzip member");
					break;
				}
				continue;
			}
			break;
		}
		if (zrc == Z_BUF_ERROR || (zs.avail_in == 0 && zs.avail_out != 0)) {
			rc = lf_err_set(err, LF_EFORMAT, "truncated gzip data");
			break;
		}
	}
	inflateEnd(&zs);
	return rc;
}

int lf_load_file(const char *path, size_t max_bytes, lf_buf *out, int *gz, lf_err *err)
{
	struct stat st;
	int fd, rc = 0;
	lf_buf raw;
	char chunk[65536];
	ssize_t got;

	if (!max_bytes)
		max_bytes = LF_DEFAULT_MAX_BYTES;
	lf_buf_reset(out);
	*gz = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return lf_err_set(err, LF_EIO, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = lf_err_set(err, LF_EIO, "cannot stat: %s", strerror(errno));
		goto out_fd;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = lf_err_set(err, LF_EIO, "not a regular file (%s)",
		                S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISDIR(st.st_mode) ? "a directory" :
		                S_ISSOCK(st.st_mode) ? "a socket" : "a device");
		goto out_fd;
	}
	if ((size_t)st.st_size > max_bytes) {
		rc = lf_err_set(err, LF_ETOOBIG, "file is %lld bytes, over the limit of %zu (--max-bytes)",
		                (long long)st.st_size, max_bytes);
		goto out_fd;
	}
	lf_buf_init(&raw, max_bytes);
	while ((got = read(fd, chunk, sizeof chunk)) != 0) {
		if (got < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			rc = lf_err_set(err, LF_EIO, "read failed: %s", strerror(errno));
			break;
		}
		if ((rc = lf_buf_add(&raw, chunk, (size_t)got)) != 0) {
			lf_err_set(err, rc, rc == LF_ETOOBIG ? "file grew past the limit of %zu bytes" :
			                    "out of memory reading %zu bytes", max_bytes);
			break;
		}
	}
	if (!rc && raw.n >= 2 && (unsigned char)raw.p[0] == 0x1f && (unsigned char)raw.p[1] == 0x8b) {
		*gz = 1;
		rc = lf_gunzip(raw.p, raw.n, max_bytes, out, err);
		lf_buf_free(&raw);
	} else if (!rc) {
		lf_buf_free(out);
		*out = raw;
		out->max = max_bytes;
	} else {
		lf_buf_free(&raw);
	}
out_fd:
	close(fd);
	return rc;
}

int lf_to_utf8(const char *p, size_t n, const char *charset, lf_buf *out, const char **used,
               lf_err *err)
{
	lf_charset cs;
	int rc = lf_charset_to_utf8(p, n, charset, out, &cs, err);

	*used = cs.name;
	return rc;
}

/* Adds a line about the file's charset to the law's warning when the
 * charset was a guess (core/text/charset.h): one line per file, joined to
 * any other repair with "; ". */
static void charset_warning(lf_law *law, const lf_charset *cs)
{
	char note[200], line[600];
	const char *w;

	if (!lf_charset_note(cs, note, sizeof note))
		return;
	if (law->warning)
		snprintf(line, sizeof line, "%s; %s", note, law->warning);
	else
		snprintf(line, sizeof line, "%s", note);
	if ((w = lf_law_strdup(law, line, strlen(line))) != NULL)
		law->warning = w;
}

/* Finds "charset=NAME" in the first 8 KiB of an HTML page (meta tags). */
static const char *html_charset(const char *p, size_t n, char out[40])
{
	size_t i, k;
	const char *s;

	if (n > 8192)
		n = 8192;
	for (i = 0; i + 8 < n; i++) {
		if (strncasecmp(p + i, "charset", 7))
			continue;
		s = p + i + 7;
		while (s < p + n && (*s == ' ' || *s == '=' || *s == '"' || *s == '\''))
			s++;
		for (k = 0; s + k < p + n && k < 39; k++) {
			char c = s[k];
			if (!(c == '-' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z')))
				break;
			out[k] = c;
		}
		out[k] = '\0';
		if (k)
			return out;
	}
	return NULL;
}

/* True if the XML prolog declares an encoding. */
static int xml_declares_encoding(const char *p, size_t n)
{
	const char *end;

	if (n >= 3 && (unsigned char)p[0] == 0xEF)
		p += 3, n -= 3;
	if (n < 6 || strncmp(p, "<?xml", 5))
		return 0;
	end = memchr(p, '>', n < 512 ? n : 512);
	if (!end)
		return 0;
	for (; p + 8 < end; p++)
		if (!strncmp(p, "encoding", 8))
			return 1;
	return 0;
}

static int parse_failed(xmlParserCtxtPtr ctxt, const char *what, lf_err *err)
{
	const xmlError *e = ctxt ? &ctxt->lastError : NULL;
	char msg[300];
	size_t k;

	if (!e || !e->message)
		return lf_err_set(err, LF_EFORMAT, "malformed %s", what);
	snprintf(msg, sizeof msg, "%s", e->message);
	k = strlen(msg);
	while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
		msg[--k] = '\0';
	for (char *c = msg; *c; c++) /* one line on stderr per file */
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return lf_err_set(err, LF_EFORMAT, "malformed %s at line %d: %s", what, e->line, msg);
}

/* The first external entity a document declares (never loaded: the
 * entity loader refuses them and entities are not substituted). */
static void find_external(void *payload, void *data, const xmlChar *name)
{
	xmlEntityPtr e = payload;
	const xmlChar **found = data;

	(void)name;
	if (!*found && (e->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
	                e->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY))
		*found = e->SystemID ? e->SystemID : e->name;
}

static const char *external_entity_warning(xmlDocPtr doc, lf_law *law)
{
	const xmlChar *found = NULL;
	char msg[600];

	if (!doc->intSubset || !doc->intSubset->entities)
		return NULL;
	xmlHashScan(doc->intSubset->entities, find_external, &found);
	if (!found)
		return NULL;
	snprintf(msg, sizeof msg, "external entity \"%.400s\" was not loaded (lexfrag never reads them); the rest was indexed",
	         (const char *)found);
	return lf_law_strdup(law, msg, strlen(msg));
}

/* lf_parse_xml, saying in *cs how the bytes were decoded. */
static int parse_xml(const char *p, size_t n, const char *declared, xmlDoc **out, lf_charset *cs,
                     lf_err *err)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;
	lf_buf conv;
	const char *enc = NULL;
	int rc = 0;
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                 XML_PARSE_COMPACT | XML_PARSE_NOCDATA;

	*out = NULL;
	cs->name = NULL, cs->how = LF_CS_DECLARED, cs->bad_declared[0] = '\0';
	if (n > INT_MAX)
		return lf_err_set(err, LF_ETOOBIG, "XML over %d bytes", INT_MAX);
	if (!(ctxt = xmlNewParserCtxt()))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	lf_buf_init(&conv, 0);
	/* libxml2 reads what the XML declaration says; a UTF-16 BOM, or bytes
	 * that declare nothing and are not UTF-8 or have a charset from a
	 * sidecar, are decoded here first */
	if ((n >= 2 && (((unsigned char)p[0] == 0xFF && (unsigned char)p[1] == 0xFE) ||
	                ((unsigned char)p[0] == 0xFE && (unsigned char)p[1] == 0xFF))) ||
	    (!xml_declares_encoding(p, n) && (declared || !lf_utf8_valid(p, n)))) {
		if ((rc = lf_charset_to_utf8(p, n, declared, &conv, cs, err)) != 0)
			goto out;
		if (conv.n > INT_MAX) {
			rc = lf_err_set(err, LF_ETOOBIG, "XML over %d bytes", INT_MAX);
			goto out;
		}
		p = lf_buf_str(&conv), n = conv.n, enc = "UTF-8";
	}
	doc = xmlCtxtReadMemory(ctxt, p, (int)n, NULL, enc, opts);
	if (!doc || !ctxt->wellFormed) {
		rc = parse_failed(ctxt, "XML", err);
		if (doc)
			xmlFreeDoc(doc);
		goto out;
	}
	*out = doc;
out:
	xmlFreeParserCtxt(ctxt);
	lf_buf_free(&conv);
	return rc;
}

int lf_parse_xml(const char *p, size_t n, xmlDoc **out, lf_err *err)
{
	lf_charset cs;

	return parse_xml(p, n, NULL, out, &cs, err);
}

static int read_xml(const char *p, size_t n, const lf_reader *rd, const char *declared, lf_law *law,
                    lf_err *err)
{
	xmlDocPtr doc;
	lf_charset cs;
	int rc;

	if ((rc = parse_xml(p, n, declared, &doc, &cs, err)) != 0)
		return rc;
	law->warning = external_entity_warning(doc, law);
	rc = rd->read_doc(doc, law, err);
	charset_warning(law, &cs);
	xmlFreeDoc(doc);
	return rc;
}

/* lf_parse_html, saying in *cs how the bytes were decoded. */
static int parse_html(const char *p, size_t n, const char *declared, xmlDoc **out, lf_charset *cs,
                      lf_err *err)
{
	htmlParserCtxtPtr ctxt;
	char meta[40];
	lf_buf conv;
	int rc;

	*out = NULL;
	if (!(ctxt = htmlNewParserCtxt()))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	lf_buf_init(&conv, 0);
	/* decode to UTF-8 ourselves: BOM, meta charset, valid UTF-8, else
	 * detected (the Planalto LGPD page declares nothing) */
	if (html_charset(p, n, meta))
		declared = meta;
	if ((rc = lf_charset_to_utf8(p, n, declared, &conv, cs, err)) != 0)
		goto out;
	if (conv.n > INT_MAX) {
		rc = lf_err_set(err, LF_ETOOBIG, "HTML over %d bytes", INT_MAX);
		goto out;
	}
	*out = htmlCtxtReadMemory(ctxt, conv.p ? conv.p : "", (int)conv.n, NULL, "UTF-8",
	                          HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                          HTML_PARSE_RECOVER | HTML_PARSE_COMPACT | HTML_PARSE_NOIMPLIED);
	if (!*out)
		rc = parse_failed(ctxt, "HTML", err);
out:
	htmlFreeParserCtxt(ctxt);
	lf_buf_free(&conv);
	return rc;
}

int lf_parse_html(const char *p, size_t n, xmlDoc **out, lf_err *err)
{
	lf_charset cs;

	return parse_html(p, n, NULL, out, &cs, err);
}

static int read_html(const char *p, size_t n, const lf_reader *rd, const char *declared, lf_law *law,
                     lf_err *err)
{
	xmlDocPtr doc;
	lf_charset cs;
	int rc;

	if ((rc = parse_html(p, n, declared, &doc, &cs, err)) != 0)
		return rc;
	rc = rd->read_doc(doc, law, err);
	charset_warning(law, &cs);
	xmlFreeDoc(doc);
	return rc;
}

static int read_text(const char *p, size_t n, const lf_reader *rd, const char *declared, lf_law *law,
                     lf_err *err)
{
	lf_buf conv;
	lf_charset cs;
	int rc;

	lf_buf_init(&conv, 0);
	if (memchr(p, '\0', n))
		law->warning = "NUL byte(s) in the text were removed; the rest was indexed";
	rc = lf_charset_to_utf8(p, n, declared, &conv, &cs, err);
	if (!rc)
		rc = rd->read_text(lf_buf_str(&conv), conv.n, law, err);
	if (!rc)
		charset_warning(law, &cs);
	lf_buf_free(&conv);
	return rc;
}

/* True if the law holds any text at all. */
static int has_text(const lf_law *law)
{
	size_t i;

	if (law->preface && *law->preface)
		return 1;
	/* a law with a title and nothing else (a repealed act kept as a
	 * record) is still a law worth finding by its title */
	if (law->field[LF_F_TITLE] && *law->field[LF_F_TITLE])
		return 1;
	for (i = 0; i < law->nprovs; i++)
		if (*law->provs[i].text || *law->provs[i].heading)
			return 1;
	return 0;
}

/* Words longer than Xapian's limit are skipped by the term generator; a
 * monster word (a megabyte without a space) is worth telling the user. */
static const char *long_word_warning(lf_law *law)
{
	size_t i, run = 0, longest = 0;
	const char *p;
	char msg[160];

	for (i = 0; i < law->nprovs; i++) {
		for (p = law->provs[i].text, run = 0; *p; p++) {
			if (*p == ' ' || *p == '\n') {
				run = 0;
				continue;
			}
			if (++run > longest)
				longest = run;
		}
	}
	for (p = law->preface, run = 0; *p; p++) {
		run = (*p == ' ' || *p == '\n') ? 0 : run + 1;
		if (run > longest)
			longest = run;
	}
	if (longest < ((size_t)1 << 20))
		return NULL;
	snprintf(msg, sizeof msg, "a %zu-byte word was not indexed (words over 64 bytes are skipped); the rest was indexed", longest);
	return lf_law_strdup(law, msg, strlen(msg));
}

/* lf_read_buffer, with the charset a sidecar declares (or NULL). */
static int read_buffer(const char *p, size_t n, const char *name, const char *charset, lf_law **out,
                       lf_err *err)
{
	const lf_reader *rd;
	lf_law *law;
	int rc;

	*out = NULL;
	if (n == 0)
		return lf_err_set(err, LF_EEMPTY, "empty file");
	rd = lf_detect(p, n);
	if (!rd)
		return lf_err_set(err, LF_EFORMAT, "binary data, not a document of any known format");
	law = lf_law_new();
	if (!law)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	switch (rd->parse) {
	case LF_PARSE_HTML: rc = read_html(p, n, rd, charset, law, err); break;
	case LF_PARSE_TEXT: rc = read_text(p, n, rd, charset, law, err); break;
	default: rc = read_xml(p, n, rd, charset, law, err); break;
	}
	if (!rc && !has_text(law))
		rc = lf_err_set(err, LF_EEMPTY, "no text to index");
	if (!rc && !law->warning)
		law->warning = long_word_warning(law);
	if (rc) {
		if (err && !err->msg[0])
			lf_err_set(err, rc, "%s", lf_strerror(rc));
		lf_law_free(law);
		return rc;
	}
	if (!law->format || !*law->format)
		law->format = rd->name;
	law->path = lf_law_strdup(law, name, strlen(name));
	*out = law;
	return 0;
}

int lf_read_buffer(const char *p, size_t n, const char *name, lf_law **out, lf_err *err)
{
	return read_buffer(p, n, name, NULL, out, err);
}

int lf_read_path(const char *path, const lf_read_opts *opts, lf_law **out, lf_err *err)
{
	lf_buf b;
	int gz, rc;

	*out = NULL;
	lf_buf_init(&b, 0);
	rc = lf_load_file(path, opts ? opts->max_bytes : 0, &b, &gz, err);
	if (!rc)
		rc = read_buffer(lf_buf_str(&b), b.n, path, opts ? opts->charset : NULL, out, err);
	lf_buf_free(&b);
	return rc;
}
