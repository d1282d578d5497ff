/*
 * export.h - LF_API, the mark of what liblexfrag.so exports.
 *
 * The library is compiled with -fvisibility=hidden (and linked with a
 * version script, cmake/lexfrag.map): a function is visible to programs
 * linked with liblexfrag.so only if its declaration here, under
 * include/lexfrag/, carries LF_API.  The internal headers (core/, query/
 * ...) do not use it, so their functions stay inside the library; the tests
 * and the lexfrag binary reach them by linking the static archive.
 */
#ifndef LEXFRAG_EXPORT_H
#define LEXFRAG_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define LF_API __attribute__((visibility("default")))
#else
#define LF_API
#endif

#endif
