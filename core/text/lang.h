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

/* Guesses the language of UTF-8 text from its script and common words; returns
 * an ISO 639-1 code or NULL when unsure.  Looks at most at the first 64 KiB. */
const char *lf_lang_guess(const char *p, size_t n);

#endif
