/*
 * charset.h - which character encoding a file's bytes are in, and their
 * conversion to UTF-8.
 *
 * The rule, in order: a byte order mark; then the charset the document
 * declares (the caller finds it: an XML declaration, an HTML meta charset);
 * then UTF-8 if the bytes are valid UTF-8; only then, for bytes that are
 * not UTF-8 and declare nothing usable, the detector (uchardet), and when
 * it has no answer windows-1252 (the WHATWG default, what lexfrag read
 * such files as before it had a detector).  The last two are guesses: the
 * caller tells the user with lf_charset_note.
 */
#ifndef LF_CHARSET_H
#define LF_CHARSET_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* How the charset was chosen. */
enum lf_charset_how {
	LF_CS_BOM,      /* a byte order mark */
	LF_CS_DECLARED, /* the declared charset */
	LF_CS_UTF8,     /* nothing usable declared, and the bytes are UTF-8 */
	LF_CS_DETECTED, /* nothing usable declared, not UTF-8: uchardet's answer */
	LF_CS_FALLBACK  /* the same, and uchardet had no answer: windows-1252 */
};

typedef struct lf_charset {
	const char *name;     /* the charset read, an iconv name; static */
	enum lf_charset_how how;
	/* the declaration that was set aside (a label iconv does not know,
	 * or "UTF-8" on bytes that are not), cut to 47 bytes; "" if none */
	char bad_declared[48];
} lf_charset;

/* Asks uchardet which charset the n bytes at p are in (it reads at most
 * the first LF_CHARSET_SAMPLE bytes).  Returns a static iconv name such as
 * "WINDOWS-1251", or NULL when it has no confident answer (see charset.c
 * for what counts as confident).  Thread-safe: one detector per call. */
const char *lf_charset_detect(const char *p, size_t n);

#define LF_CHARSET_SAMPLE ((size_t)1 << 20)

/* Converts the n bytes at p to UTF-8 into out (reset first), choosing the
 * charset by the rule above; declared may be NULL.  ISO-8859-1 and
 * US-ASCII are read as windows-1252 (the WHATWG rule); bytes invalid in the
 * charset become U+FFFD.  *cs says what was chosen and how.  Returns 0, or
 * LF_ENOMEM/LF_ETOOBIG (out's maximum) with err set. */
int lf_charset_to_utf8(const char *p, size_t n, const char *declared, lf_buf *out,
                       lf_charset *cs, lf_err *err);

/* The one line a user should see when the charset was a guess
 * (LF_CS_DETECTED, LF_CS_FALLBACK), e.g. "no charset declared; read as
 * WINDOWS-1251 (detected)", written into buf (size bytes); NULL when the
 * charset was not a guess. */
const char *lf_charset_note(const lf_charset *cs, char *buf, size_t size);

#endif
