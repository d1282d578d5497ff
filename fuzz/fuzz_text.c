/* fuzz_text.c - the plain-text and Markdown reader (lf_read_text), each
 * input read both ways, after the decoding to UTF-8 the indexer does. */
#include <stdlib.h>

#include "indexer/readers/input.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *used;
	lf_buf conv;
	lf_err err;

	fuzz_init();
	lf_buf_init(&conv, 0);
	if (lf_to_utf8((const char *)data, size, NULL, &conv, &used, &err) == 0) {
		for (int markdown = 0; markdown <= 1; markdown++) {
			lf_law *law = lf_law_new();
			if (!law)
				abort();
			if (lf_read_text(lf_buf_str(&conv), conv.n, markdown, law, &err) == 0) {
				if (!law->format)
					law->format = markdown ? "markdown" : "text";
				fuzz_use_law(law);
			}
			lf_law_free(law);
		}
	}
	lf_buf_free(&conv);
	return 0;
}
