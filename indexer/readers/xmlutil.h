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

#include "core/buf.h"
#include "core/doc.h"

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

/* Like lf_xml_text, but with the reader's own inline test: an element is
 * inline (no word break at its edges) when is_inline(element) is true,
 * otherwise a block; <br> is always a block.  is_inline NULL means every
 * element is a block.  For readers of one vocabulary (GII, LIMS, Formex): a
 * short switch on the name is much faster than the generic block list (which
 * costs seconds over a bulk corpus), and may look at an attribute (Formex
 * <HT TYPE="SUP">).  Same return values as lf_xml_text. */
typedef int (*lf_xml_inline_fn)(const xmlNode *n);
int lf_xml_text_with(const xmlNode *n, lf_buf *b, lf_xml_skip_fn skip, void *ctx,
                     lf_xml_inline_fn is_inline);

/* True if n is a <num> or <heading> whose parent element is a provision
 * (kind_of(parent name) is not NULL): the label and heading that a reader's
 * describe() reads, kept out of the provision's text.  Only the parent's
 * name is looked at, so a wide container stays linear. */
int lf_xml_is_num_or_heading(const xmlNode *n, const char *(*kind_of)(const char *name));

/* Resets b to the text of n ("" for NULL) as lf_xml_text_with gathers it,
 * and returns b's string.  A text cut at b's maximum is kept as cut: for
 * labels and headings, where a cut is better than nothing. */
const char *lf_xml_text_reset(lf_buf *b, const xmlNode *n, lf_xml_skip_fn skip, void *ctx,
                              lf_xml_inline_fn is_inline);

/* Sets a date field from an ISO 8601 value as found in metadata attributes
 * ("2016-04-27", "2016-04-27T10:00:00Z", "2016-04", "2016", "2003-12-19/main"
 * or "2018-08-14;13709" from a URI): the date part is
 * kept when it is a well-formed YYYY-MM-DD, YYYY-MM or YYYY (or the basic
 * form YYYYMMDD: lf_date_value, core/text/date.h), anything else is
 * ignored.  First source wins (lf_law_set).  Returns 0 or LF_ENOMEM. */
int lf_xml_set_date(lf_law *law, enum lf_field f, const char *v, const char *src);

/*
 * The provision walk shared by the readers of hierarchical XML vocabularies
 * (Akoma Ntoso, USLM, CLML, LexML).  A format describes its markup with a
 * few callbacks; lf_xml_provisions() walks a subtree once, without recursion
 * (any depth), and adds a provision for every element spec->kind() names,
 * each with its own text: the text of its subtree minus the provisions
 * nested in it, minus drop() and label() subtrees.  quote() subtrees (law
 * quoted by an amendment) are text of the provision quoting them, whatever
 * they hold: never walked for provisions, their numbers and headings kept.
 * Text outside every provision goes to the loose buffer (the reader makes it
 * the preface).  Words never glue where a skipped element was.
 */
#define LF_XML_MAX_PROV_DEPTH 256              /* deeper provisions attach to the deepest */
#define LF_XML_MAX_PROV_TEXT ((size_t)64 << 20) /* own text of one provision */

/* One provision, as the walker hands it to spec->describe(). */
typedef struct lf_xml_prov {
	const char *kind;    /* in: what spec->kind() said; describe may change it */
	int parent;          /* in: index of the parent provision, -1 at top level */
	const char *id;      /* out: the element's own id, NULL to let the model make one */
	const char *label;   /* out: as printed, NULL if none */
	const char *heading; /* out: NULL if none */
} lf_xml_prov;

typedef struct lf_xml_provspec {
	/* The LF_KIND_* of a provision element, NULL for any other element.
	 * Required.  Called on every element walked and on every element of a
	 * provision's own text, as are drop(), label() and quote(): keep them
	 * cheap (a look at all of an element's children, once per element, is
	 * the most they may do). */
	const char *(*kind)(const xmlNode *n, void *ctx);
	/* Subtrees that are neither text nor walked: metadata, notes, tables of
	 * contents, signatures.  May be NULL. */
	int (*drop)(const xmlNode *n, void *ctx);
	/* Subtrees left out of the text that holds them because describe()
	 * used them: a provision's number and heading.  Not walked.  May be NULL. */
	int (*label)(const xmlNode *n, void *ctx);
	/* Quoted law: text, never provisions.  May be NULL. */
	int (*quote)(const xmlNode *n, void *ctx);
	/* Fills p's id, label and heading (borrowed strings: they are copied
	 * before the next call).  Returns 0 or a negative status, which stops
	 * the walk.  May be NULL. */
	int (*describe)(const xmlNode *n, lf_xml_prov *p, void *ctx);
	/* The vocabulary's inline elements (see lf_xml_text_with); NULL: all
	 * elements separate words. */
	lf_xml_inline_fn is_inline;
	void *ctx;
} lf_xml_provspec;

/* Walks the subtree below root (root itself excluded) in document order and
 * adds its provisions under parent (-1: top level).  loose may be NULL (text
 * outside provisions dropped).  Provisions nested more than
 * LF_XML_MAX_PROV_DEPTH levels deep (counted from root) are added under the
 * deepest allowed one.  Returns 0 or the first negative status: from
 * describe(), lf_law_add_prov() (LF_ETOOBIG past the law's provision cap,
 * LF_ENOMEM) or the text buffers (LF_ETOOBIG past LF_XML_MAX_PROV_TEXT). */
int lf_xml_provisions(lf_law *law, const xmlNode *root, int parent,
                      const lf_xml_provspec *spec, lf_buf *loose);

/* Trims the text in b in place for a label, heading or number: whitespace
 * (U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000 included) at both ends
 * and, with LF_XML_TRIM_TAIL, the separators print puts after a number or a
 * heading at the end (":", "-", "–", "—":
 * "CHAPTER 376 -" -> "CHAPTER 376", "In General.—" -> "In General."), with
 * LF_XML_TRIM_HEAD the same at the start ("- PRELIMINARY" -> "PRELIMINARY").
 * Returns the start of the trimmed text, inside b (never NULL). */
#define LF_XML_TRIM_HEAD 1
#define LF_XML_TRIM_TAIL 2
char *lf_xml_trim(lf_buf *b, int how);

/* Sets err for a reader that failed with rc: "<format>: more than N
 * provisions" when the law's provision cap was hit, else "<format>: " and
 * the status's name.  Returns rc. */
int lf_xml_read_error(lf_err *err, int rc, const lf_law *law, const char *format);

/* Sets law->preface to a copy of b's text if b holds any (an empty b leaves
 * the preface as it is).  Returns 0 or LF_ENOMEM. */
int lf_xml_set_preface(lf_law *law, const lf_buf *b);

/* The first <num> and the first <heading> child of n (by local name), NULL
 * where n has none: the number and heading of an Akoma Ntoso or USLM
 * provision. */
void lf_xml_num_heading(const xmlNode *n, const xmlNode **num, const xmlNode **head);

/* A leaf level (paragraph, subparagraph, subsection, point) with no parent
 * provision is one of the document's units: sets p->kind to
 * LF_KIND_PROVISION.  Other provisions are left as they are. */
void lf_xml_top_leaf(lf_xml_prov *p);

#endif
