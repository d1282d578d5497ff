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
 * sub-provisions) is one more (kind "prov").  All the searchable words are
 * in the law document: its title, short title and preface first, then each
 * unit's label, heading and text at a range of term positions of its own,
 * 50 positions apart so no phrase spans two units.  The ranges are recorded
 * ("ranges" in the law's data, "pos" in the unit's), so the query side finds
 * a law's best units from the positions of the query terms in the law
 * document.  Ranking laws is then Xapian's BM25 over whole laws (as omindex
 * does), and writing costs one (term, document) pair per law rather than per
 * unit: what made the bulk corpus index 2.5x faster than omindex.
 *
 * Terms of a law document (text is lf_normalize()d, then split, CJK
 * n-grammed and stemmed in the law's language by Xapian's TermGenerator with
 * STEM_ALL: one term per word, stemmed, with positions):
 *   (none)   body text, positional (phrases, NEAR)
 *   S        title words                                   query prefix title:
 *   H        unit heading words, at the unit's positions   query prefix heading:
 *   Q<id>    unique id "Q<law id>"
 *   G<id>    law id                                        query prefix law:
 *   XJ<jur>  jurisdiction ("de", "us-ca", "eu")            jurisdiction:
 *   XL<lang> language, ISO 639-1                           lang:
 *   XF<fmt>  source format ("akn", "gii", "markdown")      format:
 *   XY<year> year                                          year:
 *   XR<cat>  a risk category the law carries (its score reaches the
 *            taxonomy's law threshold)                     risk:
 *   XA<layer> an Internet layer of those categories        layer:
 *   XDlaw
 * Terms of a unit document: Q<law id>#<prov id>, G<law id>, XDprov.
 * Terms of a text chunk document: Q<law id>#@c<N>, G<law id>, XDtext.
 *
 * Value slots:
 *   0 law id (on both kinds: the collapse key, one result per law)
 *   1 year, sortable_serialise (ranges --from/--to)       law documents
 *   2 date YYYYMMDD as a string (sort by date)            law documents
 *   3 jurisdiction, 4 language, 5 format, 6 year as a string (facet counts)
 *   7 unit order within the law, sortable_serialise      unit documents
 *   8 the highest score of the categories the law carries (sort by risk)
 *   16 + i  the law's score for category i (every category with evidence,
 *       even below the threshold), sortable_serialise: --by risk, and the
 *       weight of concept search; i is the category's place in the
 *       taxonomy ("lexfrag:categories")
 *
 * Document data is a record (rec.h): one "key\tvalue" line per field.
 *   law:  id path title short_title jurisdiction language format year
 *         date_enacted date_in_force date_version number, src.<field> for
 *         each field's origin, preface, units (count), provs (count), one
 *         "toc" line per container and unit, in document order (depth,
 *         kind, id, label, heading, joined by US, 0x1F; a unit's
 *         paragraphs and points are in its text), and "ranges":
 *         "<toc line>:<first>-<last position>@<chunk>,<offset>,<length>"
 *         per unit, space-separated, in order (search needs nothing else
 *         of a unit than this and its toc line); the risk lines (written
 *         by indexer/lawtags.c, read by core/tagrec.c): one "risk"
 *         "<category> <score> <provisions> tagged|weak <strongest>
 *         title|heading|-" per category with evidence (what the score is
 *         made of: the strongest evidence, and whether the law's title or
 *         a heading makes the measure its subject; indexes made before
 *         lack the last two), "layers" (space-separated), and one "tag" per
 *         piece of evidence: category, strength, provision id, label, rule,
 *         spans ("off+len,..."), excerpt (matched words between STX and
 *         ETX), joined by US; at most 10 per category, the most telling
 *         first (tagging/lawtags.c).
 *   prov: law, id, kind, label, heading, path (the labels of its ancestors,
 *         " > "-joined), pos ("<first> <last>"), text_at ("<chunk> <offset>
 *         <length>": where its text, with its sub-provisions', is stored).
 *   text chunk: id "@c<N>", text: the texts of consecutive units, about
 *         64 KB (a longer unit has a chunk of its own).  Stored apart from
 *         the units because glass compresses each record on its own, and
 *         big records compress twice as well.
 *
 * Metadata (per shard):
 *   lexfrag:schema  LF_SCHEMA_VERSION
 *   F<abs path>     "<mtime ns> <size> <law id>" of an indexed file: the
 *                   incremental index compares it with the file's stat.
 *                   An empty law id: the file's law is for other shards
 *                   (lexfrag:shard-of), so it is not read again unchanged.
 *                   "- - <law id>": stale, written under another taxonomy
 *                   or other rules; read again by the next run.
 *   lexfrag:shard-of       the rules of the laws this database takes, as
 *                          'index --shard-of' wrote them (canonical form,
 *                          indexer/shardof.h); absent: every law.
 *   lexfrag:taxonomy       the XML source of the taxonomy the laws are
 *                          tagged with
 *   lexfrag:taxonomy-hash  its hash.  It and the rules are written before
 *                          a run writes its first law, in the commit that
 *                          marks stale the records written under others, so
 *                          a run killed at any point is continued by the
 *                          next, not started over
 *   lexfrag:compact        the name of the shard directory a run decided to
 *                          compact, written in its last commit; the shard
 *                          is due for compaction while it still has that
 *                          name (the compacted copy has another), so a
 *                          compaction cut short is done by the next run
 *   lexfrag:categories     "<id> TAB <layers>" per category, in slot order
 *   lexfrag:concepts       "<category index> TAB <folded tokens>" per concept
 *                          label: the query side matches these and never
 *                          parses the XML
 */
#ifndef LF_SCHEMA_H
#define LF_SCHEMA_H

#define LF_SCHEMA_VERSION "5"

#define LF_SLOT_LAWID 0
#define LF_SLOT_YEAR 1
#define LF_SLOT_DATE 2
#define LF_SLOT_JUR 3
#define LF_SLOT_LANG 4
#define LF_SLOT_FORMAT 5
#define LF_SLOT_YEARSTR 6
#define LF_SLOT_ORDER 7
#define LF_SLOT_RISKMAX 8   /* highest category score of a tagged law */
#define LF_SLOT_RISK0 16    /* + category index: that category's score */

#define LF_TERM_ID "Q"
#define LF_TERM_LAW "G"
#define LF_TERM_JUR "XJ"
#define LF_TERM_LANG "XL"
#define LF_TERM_FORMAT "XF"
#define LF_TERM_YEAR "XY"
#define LF_TERM_KIND "XP"
#define LF_TERM_RISK "XR"
#define LF_TERM_LAYER "XA"
#define LF_TERM_DOCLAW "XDlaw"
#define LF_TERM_DOCPROV "XDprov"
#define LF_TERM_DOCTEXT "XDtext"
#define LF_CHUNK_ID "@c"
#define LF_PREFIX_TITLE "S"
#define LF_PREFIX_HEADING "H"

#define LF_META_SCHEMA "lexfrag:schema"
#define LF_META_FILE "F"
#define LF_META_TAXONOMY "lexfrag:taxonomy"
#define LF_META_TAXONOMY_HASH "lexfrag:taxonomy-hash"
#define LF_META_CATEGORIES "lexfrag:categories"
#define LF_META_CONCEPTS "lexfrag:concepts"
#define LF_META_SHARD_OF "lexfrag:shard-of"
#define LF_META_COMPACT "lexfrag:compact"

#define LF_STUB_FILE "XAPIANDB"

#endif
