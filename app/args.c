/*
 * args.c - numbers and sizes given by a user: command-line options and the
 * server's request arguments (offset=, limit=, from=...) go through these
 * same parsers, so that "-1", "+5", " 5", "1e3", "0x10" and "99999999999"
 * are refused in both places, and for the same reason.
 *
 * Strict on purpose: strtol and strtoull accept leading space, a sign
 * (strtoull reads "-1" as ULLONG_MAX) and stop quietly at the first
 * non-digit, and atoi wraps; each of these once turned a typo or an attack
 * into a huge or negative number (issue 17: "--max-bytes -1" corrupted the
 * heap, "offset=-1" answered offset 4294967295).
 */
#include <limits.h>
#include <stdint.h>

#include "app/options.h"

/* The digits of s as a number, refusing anything else and anything over
 * max; the end of the digits through *end.  0, or -1. */
static int digits(const char *s, unsigned long long max, unsigned long long *out, const char **end)
{
	unsigned long long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (p == s)
		return -1;
	*out = v;
	*end = p;
	return 0;
}

int parse_uint(const char *s, long min, long max, long *out)
{
	unsigned long long v;
	const char *end;

	if (!s || min < 0 || max < min || digits(s, (unsigned long long)max, &v, &end) || *end ||
	    v < (unsigned long long)min)
		return -1;
	*out = (long)v;
	return 0;
}

int parse_decimal(const char *s, double min, double max, double *out)
{
	unsigned long long whole, frac = 0;
	const char *end, *f;
	double v, scale = 1;

	/* digits, then an optional '.' and digits: no sign, exponent, "nan",
	 * "inf" or hex, which strtod would all take */
	if (!s || digits(s, 1ULL << 52, &whole, &end))
		return -1;
	if (*end == '.') {
		f = end + 1;
		if (digits(f, ULLONG_MAX / 10, &frac, &end) || end - f > 9)
			return -1;
		for (const char *q = f; q < end; q++)
			scale *= 10;
	}
	if (*end)
		return -1;
	v = (double)whole + (double)frac / scale;
	if (!(v >= min && v <= max))
		return -1;
	*out = v;
	return 0;
}

long parse_num(const char *s)
{
	long v;

	return parse_uint(s, 0, LONG_MAX, &v) ? -1 : v;
}

size_t parse_size(const char *s)
{
	/* the ceiling: SIZE_ARG_MAX, and a quarter of what size_t holds, so
	 * that a buffer of this size can still add its NUL and double its
	 * capacity without wrapping (core/buf.c) */
	unsigned long long ceiling = SIZE_ARG_MAX < SIZE_MAX / 4 ? SIZE_ARG_MAX : SIZE_MAX / 4, v;
	const char *end;
	int shift = 0;

	if (!s || digits(s, ceiling, &v, &end))
		return 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: break;
	}
	/* 4M, 4MB, 4MiB, 4096B */
	if (shift && end[0] == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end || !v || v > ceiling >> shift)
		return 0;
	return (size_t)(v << shift);
}
