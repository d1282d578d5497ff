/*
 * fuzz_read_buffer.c - the whole path of a file's bytes: format detection,
 * encodings, safe parsing, the reader it picks (lf_read_buffer), then what
 * the indexer does with the law.
 */
#include "indexer/readers/input.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lf_law *law;
	lf_err err;

	fuzz_init();
	if (lf_read_buffer((const char *)data, size, "fuzz", &law, &err) == 0) {
		fuzz_use_law(law);
		lf_law_free(law);
	}
	return 0;
}
