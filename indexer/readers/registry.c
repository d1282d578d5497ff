/*
 * registry.c - the formats lexfrag reads, one line each, in the order
 * detection asks them (detect.c takes the first whose sniff says yes).
 *
 * The order matters where tests overlap: HTML first (a doctype or an HTML
 * element wins over anything), then the XML vocabularies by their root and
 * namespace, then any other XML, then Markdown, and plain text takes what
 * is left.  A new format: its reader file defining an lf_reader (see
 * reader.h), one line here, one in CMakeLists.txt's LF_INDEXER_SRC.
 */
#include <pthread.h>
#include <string.h>

#include "indexer/readers/reader.h"
#include "lexfrag/lexfrag.h"

const lf_reader *const lf_readers[] = {
	&lf_reader_html,
	&lf_reader_akn,
	&lf_reader_clml,
	&lf_reader_gii,
	&lf_reader_lims,
	&lf_reader_lexml,
	&lf_reader_uslm,
	&lf_reader_formex,
	&lf_reader_xml,
	&lf_reader_markdown,
	&lf_reader_text,
	NULL,
};

#define NREADERS (sizeof lf_readers / sizeof *lf_readers - 1)

const lf_reader *lf_reader_named(const char *name)
{
	size_t i;

	for (i = 0; lf_readers[i]; i++)
		if (!strcmp(lf_readers[i]->name, name) ||
		    (lf_readers[i]->also && !strcmp(lf_readers[i]->also, name)))
			return lf_readers[i];
	return NULL;
}

/* Every name a reader may store, built once from the table. */
static const char *names[2 * NREADERS + 1];
static size_t nnames;
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void list_names(void)
{
	size_t i;

	for (i = 0; lf_readers[i]; i++) {
		names[nnames++] = lf_readers[i]->name;
		if (lf_readers[i]->also)
			names[nnames++] = lf_readers[i]->also;
	}
	names[nnames] = NULL;
}

size_t lf_formats(const char *const **out)
{
	pthread_once(&names_once, list_names);
	if (out)
		*out = names;
	return nnames;
}

const char *lf_format_about(const char *name)
{
	const lf_reader *r = name ? lf_reader_named(name) : NULL;

	return r ? r->reads : NULL;
}
