/*
 * cjk_query.h - the CJK words of a query: a query word holding CJK text
 * ("个人信息删除") cut into words as the indexer cuts text (core/text/
 * segment.h), so that each word is its own group of n-grams, as if the
 * user had typed the spaces.
 */
#ifndef LF_CJK_QUERY_H
#define LF_CJK_QUERY_H

#include <stddef.h>

#include "core/buf.h"

/* Cuts the normalised query word out[mark..out->n) in place, if it holds
 * CJK text.  What binds the whole word binds each part: a '+' and a field
 * ("title:") are repeated before every part, and a '-' word becomes a
 * phrase ("-个人信息" leaves out the texts with "个人信息", not those with
 * 个人 or 信息).  A word inside a phrase (in_phrase, or a '"' before it) is
 * left as it is: Xapian matches a CJK phrase on its characters, which
 * segmentation does not change.  Returns 0, LF_ENOMEM or LF_ETOOBIG (out
 * may then hold part of the word). */
int lf_q_cjk_word(lf_buf *out, size_t mark, int in_phrase);

#endif
