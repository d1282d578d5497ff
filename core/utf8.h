/*
 * utf8.h - the one UTF-8 decoder of lexfrag.  Everything that reads UTF-8
 * byte by byte (validation, escaping, language guessing) goes through
 * lf_utf8_seq, so that every part agrees on what is well-formed and on
 * how much of an ill-formed sequence one U+FFFD replaces.
 */
#ifndef LF_UTF8_H
#define LF_UTF8_H

#include <stddef.h>

#define LF_UTF8_FFFD "\xEF\xBF\xBD"

/*
 * The length of the well-formed UTF-8 sequence that starts s (1 to 4, its
 * code point in *cp), or minus the length of the maximal subpart of an
 * ill-formed one: the longest start of a well-formed sequence, at least one
 * byte (Unicode 15.0 §3.9, Table 3-7; the WHATWG decoder replaces the same
 * spans).  At most n bytes are read (n >= 1).  A NUL byte is never part of
 * a multi-byte sequence, so for a NUL-terminated string n may be
 * (size_t)-1: nothing past the NUL is read.
 */
static inline int lf_utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	int len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, *cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, *cp = c & 0x0F, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, *cp = c & 0x07, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return -1; /* a continuation byte, C0, C1 or F5..FF: never a start */
	for (i = 1; i < len; i++, lo = 0x80, hi = 0xBF) {
		if ((size_t)i >= n || s[i] < lo || s[i] > hi)
			return -i;
		*cp = (*cp << 6) | (s[i] & 0x3Fu);
	}
	return len;
}

/* 1 if the n bytes at s are well-formed UTF-8, 0 if not. */
int lf_utf8_valid(const char *s, size_t n);

#endif
