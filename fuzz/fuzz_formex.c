/* fuzz_formex.c - the Formex 4 reader (lf_read_formex) on XML parsed as the indexer parses it. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_xml_reader(data, size, lf_read_formex);
}
