/*
 * xml.c - well-formed XML of no vocabulary lexfrag knows: its text, taken
 * block by block (lf_xml_text), then read as plain text (lf_read_text), so
 * that provision lines ("Article 5", "§ 3") still give structure.  The
 * registry asks this reader after every XML vocabulary: it takes any
 * buffer whose first element is named (or that starts with a UTF-16
 * byte-order mark and is not taken as HTML).
 */
#include "indexer/readers/reader.h"

#include <stdint.h>

#include "core/buf.h"
#include "indexer/readers/xmlutil.h"

static int read_xml(xmlDoc *doc, lf_law *law, lf_err *err)
{
	lf_buf t;
	int rc;

	/* no cap of its own: the text is never longer than the XML it comes
	 * from (entities are not substituted, references only shrink), which
	 * --max-bytes has capped already */
	lf_buf_init(&t, SIZE_MAX);
	rc = lf_xml_text(xmlDocGetRootElement(doc), &t, NULL, NULL, 1);
	if (!rc)
		rc = lf_read_text(lf_buf_str(&t), t.n, 0, law, err);
	else
		lf_err_set(err, rc, "%s", rc == LF_ETOOBIG ? "text too large" : lf_strerror(rc));
	lf_buf_free(&t);
	law->format = "xml";
	return rc;
}

static int sniff_xml(const lf_sniff *s)
{
	return s->utf16 || s->element;
}

const lf_reader lf_reader_xml = {
	.name = "xml",
	.reads = "any other well-formed XML: its text, read as plain text",
	.parse = LF_PARSE_XML,
	.sniff = sniff_xml,
	.read_doc = read_xml,
};
