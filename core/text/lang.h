/*
 * lang.h - language and jurisdiction codes.
 */
#ifndef LF_LANG_H
#define LF_LANG_H

#include <stddef.h>

/* Maps a language code or name as found in documents ("en", "EN", "eng",
 * "srp", "de-DE", "fr_CA", "English", "pt-BR") to ISO 639-1 ("en"); returns a
 * static string, or NULL if unknown. */
const char *lf_lang_iso1(const char *p, size_t n);

/* Normalises a jurisdiction code: lower case ISO 3166-1 alpha-2, "eu", "un",
 * or a subdivision "us-ca"; maps alpha-3 codes ("DEU", "gbr") and a few names
 * used in legislative metadata ("uk" -> "gb").  Writes into out (size >= 8)
 * and returns out, or NULL if the code is not one. */
const char *lf_jurisdiction_norm(const char *p, size_t n, char out[8]);

/* Guesses the language of UTF-8 text: Japanese, Korean and Chinese by their
 * scripts, Serbian by the Cyrillic letters Russian lacks (ђ ј љ њ ћ џ), any
 * other language lexfrag knows with libexttextcat's n-gram models, when it
 * is confident (lang.c says what that means).  Returns an ISO 639-1 code,
 * or NULL when unsure or when the text has fewer than LF_LANG_MIN_LETTERS
 * letters.  Looks at most at the first LF_LANG_SAMPLE bytes, and only up to
 * the first ill-formed UTF-8 byte.  Thread-safe; the models are loaded on
 * the first call. */
const char *lf_lang_guess(const char *p, size_t n);

#define LF_LANG_SAMPLE ((size_t)64 << 10)
#define LF_LANG_MIN_LETTERS 100

#endif
