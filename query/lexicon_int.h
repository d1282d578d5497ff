/*
 * lexicon_int.h - the layout of the compiled lexicon file, shared by its
 * writer (tools/mklexicon.c) and its reader (query/lexicon.c).
 *
 * All integers are unsigned 32-bit little-endian; offsets count from the
 * start of the file.
 *
 *   header (32 bytes)
 *     0  magic "LFLEXICN"
 *     8  version (LEX_VERSION)
 *    12  max_words: the most words of a key (a CJK key counts characters)
 *    16  npairs
 *    20  nrecs
 *    24  size: the file's size in bytes (a truncated file is refused)
 *    28  0
 *   pairs (npairs x 16 bytes, sorted by src, then dst)
 *     src[4] dst[4]  language codes, NUL-padded
 *     first, count   the pair's records: [first, first + count)
 *   offsets ((nrecs + 1) x 4 bytes): record i is [off[i], off[i+1]); the
 *     last offset is the file's size
 *   records, each "KEY\tT1\x1fT2...\n", sorted within a pair by KEY's bytes
 *     (memcmp, a prefix first): KEY is lf_lexicon_key(src, headword), the
 *     Ti its translations into dst, best first
 */
#ifndef LF_LEXICON_INT_H
#define LF_LEXICON_INT_H

#define LEX_MAGIC "LFLEXICN"
#define LEX_VERSION 1u
#define LEX_HEADER 32u
#define LEX_PAIR 16u
#define LEX_MAX_PAIRS 256u
#define LEX_SEP '\x1f'

#endif
