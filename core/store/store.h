/*
 * store.h - what the Xapian shim's files share (core/store/): the handles'
 * definitions, the exception mapper every entry point calls, and the fault
 * and pause points.  Private to core/store/: everything else includes
 * lfxapian.h, the C API.  C++ only.
 *
 * The shim by job: xopen.cc opens databases, stubs and shards and reads
 * them (and maps exceptions: catch_all); xwrite.cc writes (databases,
 * documents, term generation, stemmers, compaction); xquery.cc builds
 * queries (parsing, XOR rewrite, deduplication, size limits); xmatch.cc
 * runs them (pages, ties, facets, term counts, the budget spy).
 */
#ifndef LF_STORE_H
#define LF_STORE_H

#ifndef __cplusplus
#error "core/store/store.h is C++: the rest of lexfrag includes core/store/lfxapian.h"
#endif

#include "core/store/lfxapian.h"
#include "core/fault.h"

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

/* A shard as its stub listed it (lf_xshard_info). */
struct lf_xshard {
	std::string name, stub, reason;
	unsigned line = 0;
	bool remote = false, up = false;
	Xapian::Database db; /* when up */
};

struct lf_xdb {
	Xapian::Database db; /* every shard that is up, combined */
	std::vector<lf_xshard> shards;
};
struct lf_xwdb { Xapian::WritableDatabase db; };
struct lf_xdoc { Xapian::Document doc; };
struct lf_xquery { Xapian::Query q; };
struct lf_xmset {
	Xapian::MSet ms;                       /* the match: its estimate */
	std::vector<Xapian::MSetIterator> at;  /* the page, in order (of ms, or of other msets) */
	Xapian::Database db;
	std::vector<std::pair<std::string, unsigned>> counts;
	std::vector<std::pair<std::string, unsigned>> facets[3];
};

struct lf_xstemmer {
	Xapian::Stem stem;
	bool on;
};

struct lf_xtg {
	Xapian::TermGenerator tg;
	std::unordered_map<std::string, Xapian::Stem> stems;
	Xapian::Document idle; /* what the generator holds between documents
	                          (lf_xtg_end): made once, never shared */
};

namespace lfstore {

/* Called in an entry point's catch (...): rethrows the current exception,
 * maps it by class to an lf status (see lfxapian.h) with Xapian's message
 * copied into err, and returns the status.  Remembers the shard of a
 * network error (lf_xnet_failed_shard).  xopen.cc. */
int catch_all(lf_err *err);

/* Copies a string Xapian returned into a caller's buffer: 0 or LF_ENOMEM. */
int copy_out(const std::string &s, lf_buf *out, lf_err *err);

/* The data of the first document indexed by term, into out; LF_ENOTFOUND
 * when there is none.  Throws what Xapian throws.  xopen.cc. */
int term_data(const Xapian::Database &db, const char *term, lf_buf *out, lf_err *err);

/* Xapian's name of the stemmer for an ISO 639-1 code, or NULL.  xwrite.cc. */
const char *xapian_stem_name(const char *lang);

/* A fault point (tests, -DLF_FAULT=ON; see core/fault.c): the first
 * statement of every entry point's try block, so an injected failure takes
 * the path a real Xapian error would.  Compiles to nothing otherwise. */
inline void fault_point()
{
#ifdef LF_FAULT
	if (lf_fault_xapian())
		throw Xapian::DatabaseError("injected fault");
#endif
}

/* A pause point (tests, -DLF_FAULT=ON; see lf_fault_pause in core/fault.h):
 * a test holds the run here to make a race happen.  Nothing otherwise. */
inline void pause_point(const char *point)
{
#ifdef LF_FAULT
	lf_fault_pause(point);
#else
	(void)point;
#endif
}

} // namespace lfstore

#endif
