/*
 * doc.h - the one document model every reader fills and the indexer reads.
 *
 * A law is metadata (each field with a note of where it came from) and a
 * tree of provisions kept in document order in one array: each provision
 * names its parent by index (-1 for a top-level one), so the array is a
 * pre-order walk of the tree.  All strings belong to the law's arena and live
 * until lf_law_free().  Readers never fail halfway in a way that matters: a
 * law is either returned whole or the reader returns an error code.
 *
 * Provision kinds come from a small vocabulary (LF_KIND_*); a reader maps its
 * format's element names onto it.  The index unit (one Xapian document) is a
 * "unit" provision: an article, section, rule, recital or schedule and the
 * text of everything below it (see lf_kind_is_unit()).
 */
#ifndef LF_DOC_H
#define LF_DOC_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/map.h"

/* Metadata fields of a law. */
enum lf_field {
	LF_F_ID,          /* stable id: FRBR work URI, ELI, CELEX, LIMS id, GII doknr... */
	LF_F_TITLE,       /* long/official title */
	LF_F_SHORT_TITLE, /* short title or abbreviation */
	LF_F_JURISDICTION,/* ISO 3166-1 alpha-2 lower case, or eu, un, us-ca ... */
	LF_F_LANGUAGE,    /* ISO 639-1 */
	LF_F_DATE_ENACTED,/* YYYY-MM-DD, YYYY-MM or YYYY */
	LF_F_DATE_IN_FORCE,
	LF_F_DATE_VERSION,/* date of this consolidation/version */
	LF_F_NUMBER,      /* the law's number as printed: "2016/679", "SOR/2001-6" */
	LF_F_NFIELDS
};

/* Canonical provision kinds: readers use these exact strings. */
#define LF_KIND_BOOK "book"
#define LF_KIND_PART "part"
#define LF_KIND_TITLE "title"
#define LF_KIND_CHAPTER "chapter"
#define LF_KIND_SUBCHAPTER "subchapter"
#define LF_KIND_DIVISION "division"     /* also "subtitle", "heading group" */
#define LF_KIND_SECTION "section"       /* s. 16, § 5, sec. 101 */
#define LF_KIND_ARTICLE "article"       /* Article 44, 第三十七条, Pasal 20, Статья 12 */
#define LF_KIND_RULE "rule"             /* regulation/rule of an SI */
#define LF_KIND_SUBSECTION "subsection"
#define LF_KIND_PARAGRAPH "paragraph"
#define LF_KIND_SUBPARAGRAPH "subparagraph"
#define LF_KIND_POINT "point"           /* (a), 1., item, clause, indent */
#define LF_KIND_PREAMBLE "preamble"
#define LF_KIND_RECITAL "recital"
#define LF_KIND_SCHEDULE "schedule"     /* schedule, annex, appendix */
#define LF_KIND_PROVISION "provision"   /* a unit of unknown kind */

typedef struct lf_prov {
	int parent;          /* index into law->provs, -1 at top level */
	int depth;           /* 0 at top level */
	const char *kind;    /* an LF_KIND_* string */
	const char *id;      /* stable within the law: "art44", "s16-2-a", "p3" */
	const char *label;   /* as printed: "Article 44", "s. 16", "§ 5", "" if none */
	const char *heading; /* marginal note / title, "" if none */
	const char *text;    /* its own text, children's excluded; "" if none */
} lf_prov;

typedef struct lf_law {
	lf_arena *arena;
	const char *field[LF_F_NFIELDS]; /* NULL when unknown */
	const char *src[LF_F_NFIELDS];   /* where each field came from, e.g. "FRBRWork/FRBRthis", "MANIFEST.tsv", "directory name", "text detection", "file name" */
	const char *format;  /* "akn", "uslm", "clml", "formex", "eurlex-html", "gii", "lims", "lexml", "html", "markdown", "text" */
	const char *path;    /* source path as the user gave it */
	const char *warning; /* a repaired problem worth one line on stderr, or NULL */
	const char *preface; /* long title, enacting formula, preamble text not in a provision; "" if none */
	lf_prov *provs;      /* malloc'd array (not arena) */
	size_t nprovs, cap;
	size_t max_provs;    /* cap on provisions (hostile input); 0 = default */
	lf_map ids;          /* private: the set of provision ids */
} lf_law;

#define LF_LAW_DEFAULT_MAX_PROVS 200000

/* Creates an empty law; NULL on ENOMEM.  Free with lf_law_free (NULL ok). */
lf_law *lf_law_new(void);
void lf_law_free(lf_law *law);

/* Copies a string into the law's arena, trimming and collapsing whitespace
 * runs to one space.  Returns "" for NULL input, NULL on ENOMEM. */
const char *lf_law_str(lf_law *law, const char *p, size_t n);
/* Like lf_law_str but keeps the bytes exactly. */
const char *lf_law_strdup(lf_law *law, const char *p, size_t n);

/* Sets a metadata field if it is still unset (first source wins).  The value
 * is copied (whitespace collapsed); an empty value is ignored.  src must be a
 * string that outlives the law (a literal) or is itself in the arena.
 * Returns 0 or LF_ENOMEM. */
int lf_law_set(lf_law *law, enum lf_field f, const char *p, size_t n, const char *src);
/* Same, but replaces any earlier value. */
int lf_law_force(lf_law *law, enum lf_field f, const char *p, size_t n, const char *src);
static inline const char *lf_law_get(const lf_law *law, enum lf_field f)
{
	return law->field[f];
}

/* Appends a provision under parent (-1 for top level).  Strings are copied
 * with whitespace collapsed; NULL means "".  The id may be NULL: one is made
 * from the kind and the label (or position), unique within the law.  Returns
 * the new index, or a negative status (LF_ENOMEM, LF_ETOOBIG past max_provs). */
int lf_law_add_prov(lf_law *law, int parent, const char *kind, const char *id,
                    const char *label, const char *heading, const char *text);
/* Replaces a provision's text (copied, whitespace collapsed). */
int lf_law_set_text(lf_law *law, int idx, const char *p, size_t n);
int lf_law_set_heading(lf_law *law, int idx, const char *p, size_t n);

/* Canonical field names, for output: "id", "title", "short_title"... */
const char *lf_field_name(enum lf_field f);

/* True for kinds that are index units (article, section, rule, recital,
 * schedule, preamble, provision). */
int lf_kind_is_unit(const char *kind);

/* Maps an element or heading word ("Article", "Art.", "§", "Section", "s.",
 * "Pasal", "Статья", "Члан", "条", "Chapter", "Kapitel", "BAB", "Part") to a
 * kind; returns NULL if unknown.  Case-insensitive for Latin scripts. */
const char *lf_kind_from_word(const char *w, size_t n);

#endif
