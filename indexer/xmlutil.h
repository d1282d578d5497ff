/*
 * xmlutil.h - small helpers over libxml2 trees shared by every XML and HTML
 * reader.  Works on documents from xmlReadMemory and htmlReadMemory alike.
 *
 * Element names are compared by local name, ignoring the namespace prefix
 * (readers check the root namespace once, in detection).  Entity reference
 * nodes are never followed: the parser is run without entity substitution,
 * so an entity's content (external or recursive) is never indexed.
 */
#ifndef LF_XMLUTIL_H
#define LF_XMLUTIL_H

#include <libxml/tree.h>

#include "../core/buf.h"
#include "../core/doc.h"

/* Local name of an element, "" for other nodes. */
const char *lf_xml_name(const xmlNode *n);
/* True if n is an element with this local name (exact, case-sensitive). */
int lf_xml_is(const xmlNode *n, const char *name);
/* True if n is an element with this local name, ASCII case-insensitive (HTML). */
int lf_xml_is_ci(const xmlNode *n, const char *name);
/* First element child with this local name, or NULL. */
xmlNode *lf_xml_child(const xmlNode *n, const char *name);
/* First element in n's subtree (n excluded, document order) with this local name. */
xmlNode *lf_xml_find(const xmlNode *n, const char *name);
/* The next element sibling after n, or NULL. */
xmlNode *lf_xml_next(const xmlNode *n);
/* First element child, or NULL. */
xmlNode *lf_xml_first(const xmlNode *n);

/* Attribute value copied into the law's arena (whitespace collapsed), or
 * NULL if absent.  Matches the attribute's local name in any namespace. */
const char *lf_xml_attr(lf_law *law, const xmlNode *n, const char *name);
/* Borrowed attribute value (libxml2's own string), or NULL; valid while the
 * document lives.  Only for attributes with a single text child (the norm). */
const char *lf_xml_attr_raw(const xmlNode *n, const char *name);

/* Decides whether to skip a subtree during text extraction. */
typedef int (*lf_xml_skip_fn)(const xmlNode *n, void *ctx);

/* Appends the text of n's subtree to b, skipping subtrees where skip()
 * returns true (skip may be NULL).  Block-level elements (any element whose
 * name is in the block list, or <br>) put whitespace between their text and
 * the neighbours', so words never glue at element boundaries; inline ones do
 * not.  With block_all set every element boundary separates.  Returns 0 or
 * LF_ETOOBIG/LF_ENOMEM from the buffer. */
int lf_xml_text(const xmlNode *n, lf_buf *b, lf_xml_skip_fn skip, void *ctx, int block_all);

/* Text of n's subtree copied into the arena, whitespace collapsed ("" if n
 * is NULL).  Every element boundary separates. NULL on ENOMEM. */
const char *lf_xml_text_dup(lf_law *law, const xmlNode *n);

/* Sets a law field from the text of n (first source wins). */
int lf_xml_set_field(lf_law *law, enum lf_field f, const xmlNode *n, const char *src);

#endif
