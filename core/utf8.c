/* utf8.c - see utf8.h. */
#include "core/utf8.h"

int lf_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t i = 0;
	int k;

	while (i < n) {
		if ((k = lf_utf8_seq(p + i, n - i, &cp)) < 0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}
