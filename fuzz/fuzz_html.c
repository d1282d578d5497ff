/* fuzz_html.c - the HTML reader (EUR-Lex and generic) on HTML decoded and
 * parsed as the indexer does (lf_parse_html). */
#include <stdlib.h>

#include "indexer/readers/input.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDoc *doc;
	lf_law *law;
	lf_err err;

	fuzz_init();
	if (lf_parse_html((const char *)data, size, &doc, &err) != 0)
		return 0;
	if ((law = lf_law_new()) == NULL)
		abort();
	if (lf_read_html(doc, law, &err) == 0)
		fuzz_use_law(law);
	lf_law_free(law);
	xmlFreeDoc(doc);
	return 0;
}
