/*
 * xwrite.cc - the Xapian shim, writing: writable databases and their
 * metadata, compaction, documents, term generation and stemmers
 * (store.h says which file does what).
 *
 * Every extern "C" entry point runs its body in a try block and ends in
 * catch_all(): no exception crosses the C API.  Nothing here prints.
 */
#include "core/store/store.h"
#include "lexfrag/lexfrag.h"

#include <cstring>
#include <memory>
#include <new>

using namespace lfstore;

namespace {

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

} // namespace

namespace lfstore {

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

} // namespace lfstore

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

void lf_xtg_end(lf_xtg *tg)
{
	try {
		tg->tg.set_document(tg->idle); /* a handle copy: allocates nothing */
	} catch (...) {
	}
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

} /* extern "C" */
