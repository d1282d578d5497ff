/*
 * lfxapian.cc - the Xapian shim: lexfrag's only C++ (see lfxapian.h).
 *
 * Every extern "C" entry point runs its body in a try block; catch_all()
 * rethrows the current exception and maps it by class to an lf status with
 * Xapian's message copied into the caller's lf_err.  Nothing here prints.
 */
#include "lfxapian.h"
#include "fault.h"

#include <xapian.h>

#include <cstring>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

struct lf_xdb { Xapian::Database db; };
struct lf_xwdb { Xapian::WritableDatabase db; };
struct lf_xdoc { Xapian::Document doc; };
struct lf_xquery { Xapian::Query q; };
struct lf_xmset {
	Xapian::MSet ms;
	Xapian::Database db;
	std::vector<std::pair<std::string, unsigned>> counts;
	std::vector<std::pair<std::string, unsigned>> facets[3];
};

namespace {

int catch_all(lf_err *err)
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		return lf_err_set(err, LF_ELOCKED, "database locked (another lexfrag index is writing it?): %s",
		                  e.get_msg().c_str());
	} catch (const Xapian::DatabaseModifiedError &e) {
		return lf_err_set(err, LF_EMODIFIED, "the index changed while it was read (an 'index' run is writing it): %s",
		                  e.get_msg().c_str());
	} catch (const Xapian::DatabaseCorruptError &e) {
		return lf_err_set(err, LF_ECORRUPT, "database corrupt: %s", e.get_msg().c_str());
	} catch (const Xapian::DatabaseVersionError &e) {
		return lf_err_set(err, LF_ECORRUPT, "database version not supported: %s", e.get_msg().c_str());
	} catch (const Xapian::DatabaseOpeningError &e) {
		return lf_err_set(err, LF_ENOTFOUND, "cannot open database: %s", e.get_msg().c_str());
	} catch (const Xapian::DocNotFoundError &e) {
		return lf_err_set(err, LF_ENOTFOUND, "document not found: %s", e.get_msg().c_str());
	} catch (const Xapian::QueryParserError &e) {
		return lf_err_set(err, LF_EQUERY, "%s", e.get_msg().c_str());
	} catch (const Xapian::InvalidArgumentError &e) {
		return lf_err_set(err, LF_EINVAL, "%s", e.get_msg().c_str());
	} catch (const Xapian::Error &e) {
		return lf_err_set(err, LF_EXAPIAN, "%s: %s", e.get_type(), e.get_msg().c_str());
	} catch (const std::bad_alloc &) {
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	} catch (const std::exception &e) {
		return lf_err_set(err, LF_ERROR, "%s", e.what());
	} catch (...) {
		return lf_err_set(err, LF_ERROR, "unknown C++ exception");
	}
}

/* A stemmer that remembers: word frequencies are Zipf-distributed, so a
 * small map answers almost every call.  Bounded: cleared when full, at
 * STEM_CACHE words.  It was 500,000: with German compounds a cache filled
 * up, one per language per reader thread, and the indexer's peak memory grew
 * with the corpus (258 MB for the bulk corpus, 304 MB for twice it). */
#define STEM_CACHE 32768
class CachingStem : public Xapian::StemImplementation {
	Xapian::Stem inner;
	std::string lang;
	std::unordered_map<std::string, std::string> cache;

      public:
	explicit CachingStem(const std::string &l) : inner(l), lang(l) { cache.reserve(STEM_CACHE); }
	std::string operator()(const std::string &word) override
	{
		auto it = cache.find(word);
		if (it != cache.end())
			return it->second;
		if (cache.size() >= STEM_CACHE)
			cache.clear();
		std::string s = inner(word);
		cache.emplace(word, s);
		return s;
	}
	std::string get_description() const override { return "caching " + inner.get_description(); }
};

/* Copies a string Xapian returned into a caller's buffer. */
int copy_out(const std::string &s, lf_buf *out, lf_err *err)
{
	lf_buf_reset(out);
	return lf_buf_add(out, s.data(), s.size()) ? lf_err_set(err, LF_ENOMEM, "out of memory") : 0;
}

const char *xapian_stem_name(const char *lang)
{
	static const char *const ok[] = {"ar", "hy", "eu", "ca", "da", "nl", "en", "fi", "fr", "de",
	                                 "hu", "id", "ga", "it", "lt", "ne", "nb", "nn", "no", "pt",
	                                 "ro", "ru", "es", "sv", "ta", "tr"};
	if (!lang)
		return nullptr;
	for (const char *o : ok)
		if (!strcmp(o, lang))
			return o;
	return nullptr;
}

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

} // namespace

struct lf_xstemmer {
	Xapian::Stem stem;
	bool on;
};

struct lf_xtg {
	Xapian::TermGenerator tg;
	std::unordered_map<std::string, Xapian::Stem> stems;
};

extern "C" {

/* ---- writing ---- */

int lf_xwdb_open(const char *path, int create, lf_xwdb **out, lf_err *err)
{
	*out = nullptr;
	try {
		fault_point();
		/* DB_NO_SYNC: commits stay atomic for a killed process (the page
		 * cache keeps the write order); lf_sync_dir() makes the end of a
		 * run durable against power loss. */
		int flags = (create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN) | Xapian::DB_BACKEND_GLASS |
		            Xapian::DB_NO_SYNC;
		*out = new lf_xwdb{Xapian::WritableDatabase(path, flags)};
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xwdb_commit(lf_xwdb *db, lf_err *err)
{
	try {
		fault_point();
		db->db.commit();
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xwdb_close(lf_xwdb *db, lf_err *err)
{
	int rc = 0;

	if (!db)
		return 0;
	try {
		fault_point();
		db->db.commit();
		db->db.close();
	} catch (...) {
		rc = catch_all(err);
	}
	try {
		delete db;
	} catch (...) {
		if (!rc)
			rc = catch_all(err);
	}
	return rc;
}

int lf_xwdb_add(lf_xwdb *db, lf_xdoc *doc, lf_err *err)
{
	try {
		fault_point();
		db->db.add_document(doc->doc);
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xwdb_delete_term(lf_xwdb *db, const char *term, lf_err *err)
{
	try {
		fault_point();
		db->db.delete_document(term);
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xwdb_termfreq(lf_xwdb *db, const char *term, unsigned *n, lf_err *err)
{
	try {
		fault_point();
		*n = db->db.get_termfreq(term);
		return 0;
	} catch (...) {
		*n = 0;
		return catch_all(err);
	}
}

static int term_data(const Xapian::Database &db, const char *term, lf_buf *out, lf_err *err)
{
	Xapian::PostingIterator it = db.postlist_begin(term);
	if (it == db.postlist_end(term))
		return lf_err_set(err, LF_ENOTFOUND, "no document for term %s", term);
	return copy_out(db.get_document(*it).get_data(), out, err);
}

int lf_xwdb_term_data(lf_xwdb *db, const char *term, lf_buf *out, lf_err *err)
{
	try {
		fault_point();
		return term_data(db->db, term, out, err);
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xwdb_get_metadata(lf_xwdb *db, const char *key, lf_buf *out, lf_err *err)
{
	try {
		fault_point();
		std::string v = db->db.get_metadata(key);
		return copy_out(v, out, err);
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xdb_get_metadata(lf_xdb *db, const char *key, lf_buf *out, lf_err *err)
{
	try {
		fault_point();
		std::string v = db->db.get_metadata(key);
		return copy_out(v, out, err);
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xwdb_set_metadata(lf_xwdb *db, const char *key, const char *value, lf_err *err)
{
	try {
		fault_point();
		db->db.set_metadata(key, value);
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xwdb_metadata_each(lf_xwdb *db, const char *prefix,
                          int (*fn)(const char *key, const char *value, void *ctx), void *ctx,
                          lf_err *err)
{
	try {
		fault_point();
		/* copy keys first: the callback may change metadata */
		std::vector<std::pair<std::string, std::string>> kv;
		for (auto it = db->db.metadata_keys_begin(prefix); it != db->db.metadata_keys_end(prefix); ++it)
			kv.emplace_back(*it, db->db.get_metadata(*it));
		for (auto &p : kv)
			if (fn(p.first.c_str(), p.second.c_str(), ctx))
				break;
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}


int lf_xcompact(const char *src, const char *dest, lf_err *err)
{
	try {
		fault_point();
		Xapian::Database db(src);
		db.compact(dest, Xapian::DBCOMPACT_NO_RENUMBER);
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

/* ---- documents ---- */

lf_xdoc *lf_xdoc_new(void)
{
	try {
		fault_point();
		return new lf_xdoc;
	} catch (...) {
		return nullptr;
	}
}

void lf_xdoc_free(lf_xdoc *doc)
{
	try {
		delete doc;
	} catch (...) {
	}
}

int lf_xdoc_set_data(lf_xdoc *doc, const char *p, size_t n)
{
	try {
		fault_point();
		doc->doc.set_data(std::string(p, n));
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}

int lf_xdoc_add_boolean(lf_xdoc *doc, const char *term)
{
	try {
		fault_point();
		/* Xapian terms are at most 245 bytes */
		if (strlen(term) > 240)
			doc->doc.add_boolean_term(std::string(term, 240));
		else
			doc->doc.add_boolean_term(term);
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}


int lf_xdoc_set_value(lf_xdoc *doc, unsigned slot, const char *p, size_t n)
{
	try {
		fault_point();
		doc->doc.add_value(slot, std::string(p, n));
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}

int lf_xdoc_set_value_num(lf_xdoc *doc, unsigned slot, double v)
{
	try {
		fault_point();
		doc->doc.add_value(slot, Xapian::sortable_serialise(v));
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}

/* ---- term generation ---- */

lf_xtg *lf_xtg_new(void)
{
	try {
		fault_point();
		lf_xtg *tg = new lf_xtg;
		tg->tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
		tg->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
		tg->tg.set_max_word_length(64);
		return tg;
	} catch (...) {
		return nullptr;
	}
}

void lf_xtg_free(lf_xtg *tg)
{
	try {
		delete tg;
	} catch (...) {
	}
}

int lf_xstem_available(const char *lang)
{
	return xapian_stem_name(lang) != nullptr;
}

int lf_xtg_start(lf_xtg *tg, lf_xdoc *doc, const char *lang)
{
	try {
		fault_point();
		const char *name = xapian_stem_name(lang);
		tg->tg.set_document(doc->doc);
		tg->tg.set_termpos(0);
		if (!name) {
			tg->tg.set_stemmer(Xapian::Stem());
			tg->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
			return 0;
		}
		auto it = tg->stems.find(name);
		if (it == tg->stems.end())
			it = tg->stems.emplace(name, Xapian::Stem(new CachingStem(name))).first;
		tg->tg.set_stemmer(it->second);
		tg->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}

int lf_xtg_index(lf_xtg *tg, const char *p, size_t n, const char *prefix)
{
	try {
		fault_point();
		tg->tg.index_text(Xapian::Utf8Iterator(p, n), 1, prefix ? prefix : "");
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}


int lf_xtg_termpos(lf_xtg *tg, unsigned *pos)
{
	*pos = 0;
	try {
		fault_point();
		*pos = tg->tg.get_termpos();
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}

int lf_xtg_gap(lf_xtg *tg, unsigned delta)
{
	try {
		fault_point();
		tg->tg.increase_termpos(delta);
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}

lf_xstemmer *lf_xstemmer_new(const char *lang)
{
	try {
		fault_point();
		const char *name = xapian_stem_name(lang);
		/* a plain stemmer: the query side stems a few hundred words */
		return name ? new lf_xstemmer{Xapian::Stem(name), true} : new lf_xstemmer{Xapian::Stem(), false};
	} catch (...) {
		return nullptr;
	}
}

void lf_xstemmer_free(lf_xstemmer *st)
{
	try {
		delete st;
	} catch (...) {
	}
}

int lf_xstemmer_stem(lf_xstemmer *st, const char *w, size_t n, lf_buf *out)
{
	lf_buf_reset(out);
	try {
		fault_point();
		if (!st || !st->on)
			return lf_buf_add(out, w, n);
		std::string s = st->stem(std::string(w, n));
		return lf_buf_add(out, s.data(), s.size());
	} catch (...) {
		return catch_all(nullptr);
	}
}

/* ---- reading ---- */

int lf_xdb_open(const char *path, lf_xdb **out, lf_err *err)
{
	*out = nullptr;
	try {
		fault_point();
		*out = new lf_xdb{Xapian::Database(path)};
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xdb_reopen(lf_xdb *db, int *changed, lf_err *err)
{
	*changed = 0;
	try {
		fault_point();
		*changed = db->db.reopen() ? 1 : 0;
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

void lf_xdb_close(lf_xdb *db)
{
	try {
		delete db;
	} catch (...) {
	}
}

unsigned lf_xdb_doccount(lf_xdb *db)
{
	try {
		fault_point();
		return db->db.get_doccount();
	} catch (...) {
		return 0;
	}
}

int lf_xdb_termfreq(lf_xdb *db, const char *term, unsigned *n, lf_err *err)
{
	try {
		fault_point();
		*n = db->db.get_termfreq(term);
		return 0;
	} catch (...) {
		*n = 0;
		return catch_all(err);
	}
}

int lf_xdb_term_data(lf_xdb *db, const char *term, lf_buf *out, lf_err *err)
{
	try {
		fault_point();
		return term_data(db->db, term, out, err);
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xdb_terms_each(lf_xdb *db, const char *prefix,
                      int (*fn)(const char *term, unsigned freq, void *ctx), void *ctx, lf_err *err)
{
	try {
		fault_point();
		for (auto it = db->db.allterms_begin(prefix); it != db->db.allterms_end(prefix); ++it)
			if (fn((*it).c_str(), it.get_termfreq(), ctx))
				break;
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}


int lf_xdb_positions(lf_xdb *db, unsigned docid, const char *term, unsigned **pos, size_t *n,
                     lf_err *err)
{
	*pos = nullptr;
	*n = 0;
	try {
		fault_point();
		std::vector<unsigned> v;
		for (auto it = db->db.positionlist_begin(docid, term); it != db->db.positionlist_end(docid, term); ++it)
			v.push_back(*it);
		if (v.empty())
			return 0;
		*pos = (unsigned *)malloc(v.size() * sizeof(unsigned));
		if (!*pos)
			return lf_err_set(err, LF_ENOMEM, "out of memory");
		memcpy(*pos, v.data(), v.size() * sizeof(unsigned));
		*n = v.size();
		return 0;
	} catch (const Xapian::RangeError &) {
		return 0; /* the term is not in the document */
	} catch (...) {
		return catch_all(err);
	}
}

/* ---- queries ---- */

/* Xapian 1.4.22's N-way XOR postlist reads freed memory in get_mset()
 * when the MSet fills (valgrind: a use after free of a sub-postlist it
 * erased; "data XOR personal" with one result wanted, or facets' zero):
 * search and serve crashed (fuzz/regressions/query/).  So XOR never reaches
 * the matcher: a XOR b is (a OR b) AND_NOT (a AND b), which matches the
 * same documents with the same weights; more than two subqueries fold
 * left, as the parser groups them.  Subqueries are shared, not copied. */
static bool has_xor(const Xapian::Query &q)
{
	if (q.get_type() == Xapian::Query::OP_XOR)
		return true;
	for (size_t i = 0; i < q.get_num_subqueries(); i++)
		if (has_xor(q.get_subquery(i)))
			return true;
	return false;
}

static Xapian::Query without_xor(const Xapian::Query &q)
{
	if (!has_xor(q))
		return q;
	std::vector<Xapian::Query> subs;
	for (size_t i = 0; i < q.get_num_subqueries(); i++)
		subs.push_back(without_xor(q.get_subquery(i)));
	if (q.get_type() != Xapian::Query::OP_XOR) /* AND, OR, AND_NOT, FILTER...: no parameter */
		return Xapian::Query(q.get_type(), subs.begin(), subs.end());
	Xapian::Query acc = subs[0];
	for (size_t i = 1; i < subs.size(); i++)
		acc = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, acc, subs[i]),
		                    Xapian::Query(Xapian::Query::OP_AND, acc, subs[i]));
	return acc;
}

int lf_xquery_parse(lf_xdb *db, const char *text, const char *lang, const char *const *stopwords,
                    lf_xquery **out, lf_err *err)
{
	*out = nullptr;
	try {
		fault_point();
		Xapian::QueryParser qp;
		const char *name = xapian_stem_name(lang);
		if (db)
			qp.set_database(db->db);
		if (name) {
			qp.set_stemmer(Xapian::Stem(name));
			qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
		} else {
			qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
		}
		qp.set_default_op(Xapian::Query::OP_OR);
		Xapian::SimpleStopper stopper;
		if (stopwords) {
			for (const char *const *w = stopwords; *w; w++)
				stopper.add(*w);
			qp.set_stopper(&stopper);
		}
		qp.add_prefix("title", "S");
		qp.add_prefix("heading", "H");
		qp.add_boolean_prefix("jurisdiction", "XJ");
		qp.add_boolean_prefix("lang", "XL");
		qp.add_boolean_prefix("language", "XL");
		qp.add_boolean_prefix("format", "XF");
		qp.add_boolean_prefix("year", "XY");
		qp.add_boolean_prefix("law", "G");
		qp.add_boolean_prefix("risk", "XR");
		qp.add_boolean_prefix("layer", "XA");
		unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
		                 Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE |
		                 Xapian::QueryParser::FLAG_CJK_NGRAM;
		if (db)
			flags |= Xapian::QueryParser::FLAG_WILDCARD;
		Xapian::Query q = without_xor(qp.parse_query(text, flags));
		*out = new lf_xquery{q};
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

lf_xquery *lf_xquery_term(const char *term)
{
	try {
		fault_point();
		return new lf_xquery{Xapian::Query(term)};
	} catch (...) {
		return nullptr;
	}
}


double lf_xsortable_unserialise(const char *p, size_t n)
{
	try {
		fault_point();
		return Xapian::sortable_unserialise(std::string(p, n));
	} catch (...) {
		return 0;
	}
}

lf_xquery *lf_xquery_value_weight(unsigned slot, double scale)
{
	try {
		fault_point();
		Xapian::Query src((new Xapian::ValueWeightPostingSource(slot))->release());
		if (!(scale < 1.0))
			return new lf_xquery{src};
		return new lf_xquery{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, src, scale)};
	} catch (...) {
		return nullptr;
	}
}

lf_xquery *lf_xquery_scale(const lf_xquery *q, double factor)
{
	try {
		fault_point();
		return new lf_xquery{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
	} catch (...) {
		return nullptr;
	}
}

lf_xquery *lf_xquery_range(unsigned slot, double lo, double hi)
{
	try {
		fault_point();
		return new lf_xquery{Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
		                                   Xapian::sortable_serialise(lo),
		                                   Xapian::sortable_serialise(hi))};
	} catch (...) {
		return nullptr;
	}
}

lf_xquery *lf_xquery_combine(enum lf_xop op, lf_xquery *const *subs, size_t n)
{
	try {
		fault_point();
		std::vector<Xapian::Query> v;
		for (size_t i = 0; i < n; i++)
			if (subs[i])
				v.push_back(subs[i]->q);
		if (v.empty())
			return nullptr;
		Xapian::Query::op xop = Xapian::Query::OP_AND;
		switch (op) {
		case LF_XOP_AND: xop = Xapian::Query::OP_AND; break;
		case LF_XOP_OR: xop = Xapian::Query::OP_OR; break;
		case LF_XOP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
		case LF_XOP_FILTER: xop = Xapian::Query::OP_FILTER; break;
		case LF_XOP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
		}
		if (v.size() == 1)
			return new lf_xquery{v[0]};
		return new lf_xquery{Xapian::Query(xop, v.begin(), v.end())};
	} catch (...) {
		return nullptr;
	}
}


void lf_xquery_free(lf_xquery *q)
{
	try {
		delete q;
	} catch (...) {
	}
}


int lf_xquery_terms_each(const lf_xquery *q, void (*fn)(const char *term, void *ctx), void *ctx)
{
	try {
		fault_point();
		for (auto it = q->q.get_unique_terms_begin(); it != q->q.get_unique_terms_end(); ++it)
			fn((*it).c_str(), ctx);
		return 0;
	} catch (...) {
		return catch_all(nullptr);
	}
}


void lf_xsearch_init(lf_xsearch *s)
{
	memset(s, 0, sizeof *s);
	s->limit = 10;
	s->collapse_slot = -1;
	s->sort_slot = -1;
	s->count_slot = -1;
	s->facet_slots[0] = s->facet_slots[1] = s->facet_slots[2] = -1;
}

int lf_xdb_search(lf_xdb *db, const lf_xquery *q, const lf_xsearch *o, lf_xmset **out, lf_err *err)
{
	*out = nullptr;
	try {
		fault_point();
		Xapian::Enquire enq(db->db);
		enq.set_query(q->q);
		enq.set_weighting_scheme(Xapian::BM25Weight());
		if (o->collapse_slot >= 0)
			enq.set_collapse_key((Xapian::valueno)o->collapse_slot);
		if (o->sort_slot >= 0) {
			if (o->relevance_first)
				enq.set_sort_by_relevance_then_value((Xapian::valueno)o->sort_slot,
				                                     o->sort_descending != 0);
			else
				enq.set_sort_by_value_then_relevance((Xapian::valueno)o->sort_slot,
				                                     o->sort_descending != 0);
		}
		Xapian::ValueCountMatchSpy *spy = nullptr;
		if (o->count_slot >= 0) {
			spy = new Xapian::ValueCountMatchSpy((Xapian::valueno)o->count_slot);
			enq.add_matchspy(spy->release());
		}
		Xapian::ValueCountMatchSpy *fspy[3] = {nullptr, nullptr, nullptr};
		for (int k = 0; k < 3; k++)
			if (o->facet_slots[k] >= 0) {
				fspy[k] = new Xapian::ValueCountMatchSpy((Xapian::valueno)o->facet_slots[k]);
				enq.add_matchspy(fspy[k]->release());
			}
		lf_xmset *ms = new lf_xmset;
		ms->db = db->db;
		ms->ms = enq.get_mset(o->offset, o->limit, o->check_at_least);
		if (spy)
			for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
				ms->counts.emplace_back(*it, it.get_termfreq());
		for (int k = 0; k < 3; k++)
			if (fspy[k])
				for (auto it = fspy[k]->values_begin(); it != fspy[k]->values_end(); ++it)
					ms->facets[k].emplace_back(*it, it.get_termfreq());
		*out = ms;
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

void lf_xmset_facet_each(const lf_xmset *ms, int k,
                         void (*fn)(const char *value, size_t n, unsigned count, void *ctx), void *ctx)
{
	if (!ms || k < 0 || k > 2)
		return;
	for (const auto &c : ms->facets[k])
		fn(c.first.data(), c.first.size(), c.second, ctx);
}

void lf_xmset_free(lf_xmset *ms)
{
	try {
		delete ms;
	} catch (...) {
	}
}

size_t lf_xmset_size(const lf_xmset *ms)
{
	return ms ? ms->ms.size() : 0;
}

unsigned lf_xmset_estimate(const lf_xmset *ms)
{
	try {
		fault_point();
		return ms->ms.get_matches_estimated();
	} catch (...) {
		return 0;
	}
}

unsigned lf_xmset_docid(const lf_xmset *ms, size_t i)
{
	try {
		fault_point();
		return *(ms->ms[(Xapian::doccount)i]);
	} catch (...) {
		return 0;
	}
}

double lf_xmset_weight(const lf_xmset *ms, size_t i)
{
	try {
		fault_point();
		return ms->ms[(Xapian::doccount)i].get_weight();
	} catch (...) {
		return 0;
	}
}

int lf_xmset_data(const lf_xmset *ms, size_t i, lf_buf *out, lf_err *err)
{
	try {
		fault_point();
		std::string d = ms->ms[(Xapian::doccount)i].get_document().get_data();
		return copy_out(d, out, err);
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xmset_value(const lf_xmset *ms, size_t i, unsigned slot, lf_buf *out, lf_err *err)
{
	try {
		fault_point();
		std::string d = ms->ms[(Xapian::doccount)i].get_document().get_value(slot);
		return copy_out(d, out, err);
	} catch (...) {
		return catch_all(err);
	}
}

void lf_xmset_counts_each(const lf_xmset *ms,
                          void (*fn)(const char *value, size_t n, unsigned count, void *ctx), void *ctx)
{
	for (auto &p : ms->counts)
		fn(p.first.data(), p.first.size(), p.second, ctx);
}

} /* extern "C" */
