/* fuzz_gunzip.c - decompression of a .gz input (lf_gunzip: every member,
 * capped), with a 1 MiB cap. */
#include <stdio.h>
#include <stdlib.h>

#include "indexer/readers/input.h"
#include "fuzz_util.h"

#define CAP ((size_t)1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lf_buf out;
	lf_err err;
	int rc;

	lf_buf_init(&out, 0);
	rc = lf_gunzip((const char *)data, size, CAP, &out, &err);
	if (out.n > CAP) {
		fprintf(stderr, "fuzz: lf_gunzip returned %zu bytes past its cap\n", out.n);
		abort();
	}
	if (rc && !err.msg[0])
		abort(); /* a failure says why */
	lf_buf_free(&out);
	return 0;
}
