/* fuzz_lexml.c - the LexML reader (lf_read_lexml) on XML parsed as the indexer parses it. */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_xml_reader(data, size, lf_read_lexml);
}
