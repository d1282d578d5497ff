/*
 * schema.h - the on-disk index format, in one place.
 *
 * A lexfrag database is a directory:
 *
 *   DB/XAPIANDB      a Xapian stub file listing the shards ("auto s0" ...),
 *                    so Xapian's tools (delve, quest, xapian-tcpsrv) and
 *                    lexfrag read the shards as one database
 *   DB/s0 ... DB/sN  glass databases, one per index writer.  A law and all
 *                    its provisions live in one shard, chosen by a hash of
 *                    the law id, so the writers never share a document.
 *
 * Each law is one Xapian document (kind "law") and each index unit of it
 * (an article, section, rule, recital, schedule... with the text of all its
 * sub-provisions) is one more (kind "prov").
 *
 * Terms (text is lf_normalize()d, then split, CJK n-grammed and stemmed in
 * the document's language by Xapian's TermGenerator with STEM_ALL: one term
 * per word, stemmed, with positions):
 *   (none)   body text: law = title, short title, preface; provision = its
 *            label, heading and text.  Positional (phrases, NEAR).
 *   S        title words (law documents)                  query prefix title:
 *   H        heading words (provision documents)          query prefix heading:
 *   Q<id>    unique id: law "Q<law id>", provision "Q<law id>#<prov id>"
 *   G<id>    law id, on the law and all its provisions    query prefix law:
 *   XJ<jur>  jurisdiction ("de", "us-ca", "eu")           jurisdiction:
 *   XL<lang> language, ISO 639-1                          lang:
 *   XF<fmt>  source format ("akn", "gii", "markdown")     format:
 *   XY<year> year                                         year:
 *   XP<kind> provision kind ("article", "section")        kind:
 *   XDlaw / XDprov  document kind
 *
 * Value slots:
 *   0 law id (the collapse key: one result per law)
 *   1 year, sortable_serialise (ranges --from/--to, sort by date)
 *   2 date YYYYMMDD as a string (enacted, else version; sort by date)
 *   3 jurisdiction, 4 language, 5 format, 6 year as a string (facet counts)
 *   7 provision order within the law, sortable_serialise
 *
 * Document data is a record (rec.h): one "key\tvalue" line per field.
 *   law:  id path title short_title jurisdiction language format year
 *         date_enacted date_in_force date_version number, src.<field> for
 *         each field's origin, preface, units (count), provs (count), and one
 *         "toc" line per provision: depth, kind, id, label, heading, joined
 *         by US (0x1F).
 *   prov: law, id, kind, label, heading, path (the labels of its ancestors,
 *         " > "-joined), text (the unit's text with its sub-provisions').
 *
 * Metadata (per shard):
 *   lexfrag:schema  LF_SCHEMA_VERSION
 *   F<abs path>     "<mtime ns> <size> <law id>" of an indexed file: the
 *                   incremental index compares it with the file's stat.
 */
#ifndef LF_SCHEMA_H
#define LF_SCHEMA_H

#define LF_SCHEMA_VERSION "2"

#define LF_SLOT_LAWID 0
#define LF_SLOT_YEAR 1
#define LF_SLOT_DATE 2
#define LF_SLOT_JUR 3
#define LF_SLOT_LANG 4
#define LF_SLOT_FORMAT 5
#define LF_SLOT_YEARSTR 6
#define LF_SLOT_ORDER 7

#define LF_TERM_ID "Q"
#define LF_TERM_LAW "G"
#define LF_TERM_JUR "XJ"
#define LF_TERM_LANG "XL"
#define LF_TERM_FORMAT "XF"
#define LF_TERM_YEAR "XY"
#define LF_TERM_KIND "XP"
#define LF_TERM_DOCLAW "XDlaw"
#define LF_TERM_DOCPROV "XDprov"
#define LF_PREFIX_TITLE "S"
#define LF_PREFIX_HEADING "H"

#define LF_META_SCHEMA "lexfrag:schema"
#define LF_META_FILE "F"

#define LF_STUB_FILE "XAPIANDB"

#endif
