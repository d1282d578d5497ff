/* fuzz_clml.c - the UK CLML reader (lf_read_clml) on XML parsed as the indexer parses it. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_xml_reader(data, size, lf_read_clml);
}
