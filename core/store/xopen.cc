/*
 * lfxapian.cc - the Xapian shim: lexfrag's only C++ (see lfxapian.h).
 *
 * Every extern "C" entry point runs its body in a try block; catch_all()
 * rethrows the current exception and maps it by class to an lf status with
 * Xapian's message copied into the caller's lf_err.  Nothing here prints.
 */
#include "core/store/lfxapian.h"
#include "core/fault.h"
#include "lexfrag/lexfrag.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/stat.h>

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

namespace {

/* The shard named by the last network error on this thread (a handle is
 * used by one thread at a time; lf_xnet_failed_shard). */
thread_local std::string last_net_shard;

/* "remote:tcp(HOST:PORT)" -> "HOST:PORT", as the stub wrote it: the remote
 * backend names its peer so in every NetworkError's context. */
std::string shard_of_context(const std::string &ctx)
{
	size_t a = ctx.find('('), b = ctx.rfind(')');
	if (a == std::string::npos || b == std::string::npos || b <= a)
		return ctx;
	std::string s = ctx.substr(a + 1, b - a - 1);
	if (ctx.compare(0, 12, "remote:prog(") == 0)
		s = ":" + s;
	return s;
}

int catch_all(lf_err *err)
{
	try {
		throw;
	} catch (const Xapian::NetworkTimeoutError &e) {
		last_net_shard = shard_of_context(e.get_context());
		return lf_err_set(err, LF_ENETWORK, "shard %s did not answer in time: %s", last_net_shard.c_str(),
		                  e.get_msg().c_str());
	} catch (const Xapian::NetworkError &e) {
		last_net_shard = shard_of_context(e.get_context());
		const char *why = e.get_error_string();
		return lf_err_set(err, LF_ENETWORK, "shard %s failed: %s%s%s%s", last_net_shard.c_str(),
		                  e.get_msg().c_str(), why ? " (" : "", why ? why : "", why ? ")" : "");
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
	return lf_xdb_open_opts(path, nullptr, out, err);
}

/* ---- stubs and shards ----
 *
 * Xapian opens a stub itself, but then every remote shard gets the default
 * timeouts and a shard that fails fails the whole open with no name.  So
 * stubs are read here, in Xapian 1.4's format, and each shard is opened on
 * its own and added to one combined database, in stub order: the same
 * database, document ids and statistics Xapian's own stub opening gives. */

namespace {

struct opener {
	const lf_xopen_opts *o;
	std::string top; /* the path opened: its own lines are "line N" */
	unsigned timeout;
	std::vector<lf_xshard> *shards;
	lf_err *err;
	int rc = 0; /* the first failure (without allow_partial it ends the open) */
	std::vector<std::pair<std::string, std::string>> read; /* each stub read, and what it said */
};

bool excluded(const lf_xopen_opts *o, const std::string &name)
{
	for (size_t i = 0; o && i < o->nexclude; i++)
		if (name == o->exclude[i])
			return true;
	return false;
}

/* Records a shard that could not be opened: an error, or with
 * allow_partial a shard left out.  Returns the status to stop with (0 to go on). */
int shard_failed(opener &op, lf_xshard &sh, int code, const std::string &why)
{
	char where[600];
	if (!sh.stub.empty() && sh.stub == op.top)
		snprintf(where, sizeof where, " (line %u)", sh.line);
	else if (!sh.stub.empty())
		snprintf(where, sizeof where, " (%s line %u)", sh.stub.c_str(), sh.line);
	else
		where[0] = 0;
	sh.up = false;
	sh.reason = why;
	op.shards->push_back(sh);
	if (op.o && op.o->allow_partial) {
		/* on_skip is called once the open is final (lf_xdb_open_opts) */
		if (!op.rc)
			op.rc = code;
		return 0;
	}
	return lf_err_set(op.err, code, "shard %s%s: %s", sh.name.c_str(), where, why.c_str());
}

/* The reason a shard's open failed, and our status for it. */
int open_failure(std::string &why)
{
	try {
		throw;
	} catch (const Xapian::NetworkTimeoutError &e) {
		why = "did not answer in time: " + e.get_msg();
		return LF_ENETWORK;
	} catch (const Xapian::NetworkError &e) {
		why = e.get_msg();
		if (e.get_error_string())
			why += std::string(" (") + e.get_error_string() + ")";
		return LF_ENETWORK;
	} catch (const Xapian::DatabaseVersionError &e) {
		why = "database version not supported: " + e.get_msg();
		return LF_ECORRUPT;
	} catch (const Xapian::DatabaseOpeningError &e) {
		why = "cannot open: " + e.get_msg();
		return LF_ENOTFOUND;
	} catch (const Xapian::DatabaseCorruptError &e) {
		why = "database corrupt: " + e.get_msg();
		return LF_ECORRUPT;
	} catch (const Xapian::Error &e) {
		why = std::string(e.get_type()) + ": " + e.get_msg();
		return LF_EXAPIAN;
	}
	/* bad_alloc and the rest go up to catch_all */
}

int open_path(opener &op, const std::string &path, const std::string &stub, unsigned line, int depth);

std::string dir_of(const std::string &file)
{
	size_t k = file.rfind('/');
	return k == std::string::npos ? std::string(".") : k == 0 ? std::string("/") : file.substr(0, k);
}

/* The whole of a stub file (false when it cannot be read, or is over 1 MB:
 * a stub lists shards, one short line each). */
bool read_stub(const std::string &file, std::string &text)
{
	std::unique_ptr<FILE, int (*)(FILE *)> fp(fopen(file.c_str(), "r"), fclose);
	char buf[4096];
	size_t k;

	text.clear();
	if (!fp)
		return false;
	while ((k = fread(buf, 1, sizeof buf, fp.get())) > 0) {
		text.append(buf, k);
		if (text.size() > (1u << 20)) {
			errno = EFBIG;
			return false;
		}
	}
	return !ferror(fp.get());
}

/* Reads a stub file and opens what it lists. */
int open_stub(opener &op, const std::string &file, int depth)
{
	std::string text;
	unsigned line = 0;
	int rc = 0;

	if (!read_stub(file, text))
		return lf_err_set(op.err, LF_ENOTFOUND, "%s: cannot read the stub: %s", file.c_str(), strerror(errno));
	op.read.emplace_back(file, text);
	pause_point("stub");
	std::string base = dir_of(file);
	for (size_t at = 0; !rc && at < text.size();) {
		size_t nl = text.find('\n', at);
		std::string l = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
		at = nl == std::string::npos ? text.size() : nl + 1;
		line++;
		while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t'))
			l.pop_back();
		size_t b = l.find_first_not_of(" \t");
		if (b == std::string::npos || l[b] == '#')
			continue;
		l = l.substr(b);
		size_t sp = l.find_first_of(" \t");
		std::string type = l.substr(0, sp), arg;
		if (sp != std::string::npos)
			arg = l.substr(l.find_first_not_of(" \t", sp));
		lf_xshard sh;
		sh.stub = file;
		sh.line = line;
		if (arg.empty() || !(type == "auto" || type == "glass" || type == "chert" || type == "remote")) {
			rc = lf_err_set(op.err, LF_ECORRUPT, "%s line %u: not a shard line ('auto PATH' or 'remote HOST:PORT'): %s",
			                file.c_str(), line, l.c_str());
			break;
		}
		if (type != "remote") {
			rc = open_path(op, arg[0] == '/' ? arg : base + "/" + arg, file, line, depth + 1);
			continue;
		}
		sh.remote = true;
		sh.name = arg;
		if (arg[0] == ':') {
			/* remote :PROGRAM ARGS */
			std::string prog = arg.substr(1), args;
			size_t k = prog.find(' ');
			if (k != std::string::npos) {
				args = prog.substr(k + 1);
				prog = prog.substr(0, k);
			}
			sh.name = ":" + prog;
			if (excluded(op.o, sh.name)) {
				rc = shard_failed(op, sh, LF_ENETWORK, "left out after it failed");
				continue;
			}
			try {
				fault_point();
				sh.db = Xapian::Remote::open(prog, args, op.timeout);
				sh.up = true;
				op.shards->push_back(sh);
			} catch (...) {
				std::string why;
				int code = open_failure(why);
				rc = shard_failed(op, sh, code, why);
			}
			continue;
		}
		size_t colon = arg.rfind(':');
		std::string host = colon == std::string::npos ? "" : arg.substr(0, colon);
		char *end = nullptr;
		unsigned long port = colon == std::string::npos ? 0 : strtoul(arg.c_str() + colon + 1, &end, 10);
		if (host.size() > 2 && host.front() == '[' && host.back() == ']')
			host = host.substr(1, host.size() - 2); /* [::1]:7001 */
		if (host.empty() || !port || port > 65535 || !end || *end) {
			rc = lf_err_set(op.err, LF_ECORRUPT, "%s line %u: a remote shard is 'remote HOST:PORT': %s",
			                file.c_str(), line, l.c_str());
			break;
		}
		if (excluded(op.o, sh.name)) {
			rc = shard_failed(op, sh, LF_ENETWORK, "left out after it failed");
			continue;
		}
		try {
			fault_point();
			sh.db = Xapian::Remote::open(host, (unsigned)port, op.timeout, op.timeout);
			sh.up = true;
			op.shards->push_back(sh);
		} catch (...) {
			std::string why;
			int code = open_failure(why);
			rc = shard_failed(op, sh, code, why);
		}
	}
	return rc;
}

/* A database directory (with or without a stub inside) or a stub file. */
int open_path(opener &op, const std::string &path, const std::string &stub, unsigned line, int depth)
{
	struct stat st;
	lf_xshard sh;

	sh.name = path;
	sh.stub = stub;
	sh.line = line;
	if (depth > 8)
		return lf_err_set(op.err, LF_ECORRUPT, "%s: stubs nested more than 8 deep", path.c_str());
	if (stat(path.c_str(), &st) != 0)
		return shard_failed(op, sh, LF_ENOTFOUND, std::string("cannot open: ") + strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return open_stub(op, path, depth);
	std::string inner = path + "/XAPIANDB";
	if (stat(inner.c_str(), &st) == 0 && S_ISREG(st.st_mode))
		return open_stub(op, inner, depth);
	if (excluded(op.o, sh.name))
		return shard_failed(op, sh, LF_ENOTFOUND, "left out after it failed");
	try {
		fault_point();
		sh.db = Xapian::Database(path);
		sh.up = true;
		op.shards->push_back(sh);
		return 0;
	} catch (...) {
		std::string why;
		int code = open_failure(why);
		return shard_failed(op, sh, code, why);
	}
}

} // namespace

int lf_xdb_open_opts(const char *path, const lf_xopen_opts *o, lf_xdb **out, lf_err *err)
{
	*out = nullptr;
	try {
		fault_point();
		std::unique_ptr<lf_xdb> db;
		int rc = 0;
		/* An index run that compacts writes a new stub, then removes the
		 * shards the old one listed: a reader between the two reads the old
		 * stub and finds its shards gone (or half gone).  So the stubs are
		 * read again once their shards are open: if one changed meanwhile,
		 * the open starts over (Xapian's own reopen-on-modified, for the
		 * stub).  Unchanged, every shard was opened before any was removed;
		 * an open file stays readable after its removal. */
		for (int attempt = 0;; attempt++) {
			db.reset(new lf_xdb);
			opener op{o, path, o && o->timeout_ms ? o->timeout_ms : 10000, &db->shards, err, 0, {}};
			rc = open_path(op, path, "", 0, 0);
			std::string now;
			bool changed = std::any_of(op.read.begin(), op.read.end(), [&now](const auto &r) {
				return !read_stub(r.first, now) || now != r.second;
			});
			if (changed && attempt < 20)
				continue;
			size_t up = 0;
			for (auto &sh : db->shards)
				if (sh.up) {
					db->db.add_database(sh.db);
					up++;
				} else if (o && o->allow_partial && o->on_skip) {
					o->on_skip(sh.name.c_str(), sh.reason.c_str(), o->ctx);
				}
			if (!rc && !up)
				rc = op.rc ? lf_err_set(err, op.rc, "no shard answered (%zu listed)", db->shards.size())
				           : lf_err_set(err, LF_ECORRUPT, "the stub lists no shards");
			break;
		}
		if (rc)
			return rc;
		*out = db.release();
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

void lf_xdb_shards_each(lf_xdb *db, void (*fn)(const lf_xshard_info *s, void *ctx), void *ctx)
{
	for (const auto &sh : db->shards) {
		lf_xshard_info i = {sh.name.c_str(), sh.stub.c_str(), sh.line, sh.remote, sh.up, sh.reason.c_str()};
		fn(&i, ctx);
	}
}

size_t lf_xdb_nshards(lf_xdb *db)
{
	return db->shards.size();
}

int lf_xdb_shard_termfreq(lf_xdb *db, size_t i, const char *term, unsigned *n, lf_err *err)
{
	*n = 0;
	if (i >= db->shards.size() || !db->shards[i].up)
		return lf_err_set(err, LF_ENOTFOUND, "no such shard");
	try {
		fault_point();
		*n = db->shards[i].db.get_termfreq(term);
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xdb_shard_metadata(lf_xdb *db, size_t i, const char *key, lf_buf *out, lf_err *err)
{
	lf_buf_reset(out);
	if (i >= db->shards.size() || !db->shards[i].up)
		return lf_err_set(err, LF_ENOTFOUND, "no such shard");
	try {
		fault_point();
		return copy_out(db->shards[i].db.get_metadata(key), out, err);
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xnet_failed_shard(char *buf, size_t n)
{
	if (last_net_shard.empty() || !n)
		return 0;
	snprintf(buf, n, "%s", last_net_shard.c_str());
	return 1;
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

/* Identical subqueries of one AND or OR, matched once: "x x ... x" (N
 * copies) is x with its weight times N, which ranks every document the
 * same (a sum of N equal weights) but builds one postlist tree instead of
 * N.  512 copies of the phrase "the of" took 10 s; 400 different
 * phrases of common words, 1.3 s.
 *
 * Subqueries are compared by a key that leaves out term positions (the
 * parser numbers every word, so two copies of a phrase differ only there).
 * Xapian 1.4 gives no accessor for a NEAR or PHRASE window; it is read
 * from the description, "(a@1 PHRASE 2 b@2)".  A subquery whose key
 * cannot be made is keyed by its whole description (positions included):
 * at worst a duplicate is kept, never two different subqueries merged. */
static std::string inner_description(const Xapian::Query &q)
{
	std::string d = q.get_description(); /* "Query(...)" */
	if (d.size() >= 7 && !d.compare(0, 6, "Query(") && d.back() == ')')
		return d.substr(6, d.size() - 7);
	return d;
}

/* q with the identical subqueries of each AND and OR merged; its key
 * (made once per node, from its children's: a deep query costs no more
 * than its size) in *key. */
static Xapian::Query dedup_keyed(const Xapian::Query &q, std::string &key)
{
	size_t n = q.get_num_subqueries();
	Xapian::Query::op t = q.get_type();
	bool merge = t == Xapian::Query::OP_AND || t == Xapian::Query::OP_OR;
	std::vector<Xapian::Query> subs;
	std::vector<unsigned> count;
	std::vector<std::string> keys;
	std::unordered_map<std::string, size_t> seen;

	if (t == Xapian::Query::LEAF_TERM && q.get_terms_begin() != q.get_terms_end()) {
		key = "T" + *q.get_terms_begin();
		return q;
	}
	if (!n) {
		key = "L" + q.get_description();
		return q;
	}
	switch (t) {
	case Xapian::Query::OP_NEAR:
	case Xapian::Query::OP_PHRASE:
	case Xapian::Query::OP_ELITE_SET: {
		/* kept as it is (its words keep their places); keyed by its
		 * parameter, read from "(" child0 " NAME N " child1 ... ")" */
		std::string d = inner_description(q), c0 = "(" + inner_description(q.get_subquery(0)) + " ", ck;
		size_t at = c0.size(), sp = std::string::npos, e = std::string::npos;
		if (!d.compare(0, at, c0) && (sp = d.find(' ', at)) != std::string::npos)
			e = d.find_first_not_of("0123456789", sp + 1);
		if (e == std::string::npos || e == sp + 1) {
			key = "D" + q.get_description();
			return q;
		}
		key = "P" + std::to_string(t) + ":" + d.substr(sp + 1, e - sp - 1) + "(";
		for (size_t i = 0; i < n; i++) {
			(void)dedup_keyed(q.get_subquery(i), ck);
			key += std::to_string(ck.size()) + ":" + ck;
		}
		key += ")";
		return q;
	}
	case Xapian::Query::OP_AND:
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_AND_NOT:
	case Xapian::Query::OP_XOR:
	case Xapian::Query::OP_AND_MAYBE:
	case Xapian::Query::OP_FILTER:
	case Xapian::Query::OP_MAX:
		break;
	default:
		key = "D" + q.get_description();
		return q;
	}
	for (size_t i = 0; i < n; i++) {
		std::string ck;
		Xapian::Query c = dedup_keyed(q.get_subquery(i), ck);
		if (merge) {
			auto ins = seen.emplace(ck, subs.size());
			if (!ins.second) {
				count[ins.first->second]++;
				continue;
			}
		}
		subs.push_back(c);
		count.push_back(1);
		keys.push_back(ck);
	}
	key = "C" + std::to_string(t) + "(";
	for (size_t i = 0; i < subs.size(); i++) {
		if (count[i] > 1) {
			subs[i] = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, subs[i], (double)count[i]);
			keys[i] = "S" + std::to_string(count[i]) + ":" + keys[i];
		}
		key += std::to_string(keys[i].size()) + ":" + keys[i]; /* length-prefixed: unambiguous */
	}
	key += ")";
	if (subs.size() == 1) {
		key = keys[0];
		return subs[0];
	}
	return Xapian::Query(t, subs.begin(), subs.end());
}

static Xapian::Query dedup(const Xapian::Query &q)
{
	std::string key;
	return dedup_keyed(q, key);
}

/* A parsed query's size as the matcher will build it: its terms (a
 * wildcard counts one; how far it expands is capped apart) and its
 * wildcards.  XOR is counted as without_xor rewrites it: (acc OR s)
 * AND_NOT (acc AND s) holds acc and s twice, so a chain of n XORs doubles
 * n times (16 XORs of single words made 85 s and 18 GB of postlists).
 * Walks the parser's tree, which shares nothing: linear in its size.
 * Doubles, so that a long XOR chain saturates to inf instead of wrapping. */
struct query_size {
	double terms, wildcards;
};

static query_size size_of(const Xapian::Query &q)
{
	query_size s = {0, 0};
	size_t n = q.get_num_subqueries();

	switch (q.get_type()) {
	case Xapian::Query::OP_WILDCARD:
		s.terms = s.wildcards = 1;
		return s;
	case Xapian::Query::LEAF_MATCH_NOTHING:
		return s;
	default:
		break;
	}
	if (!n) {
		s.terms = 1; /* a term, a value range, match-all */
		return s;
	}
	s = size_of(q.get_subquery(0));
	for (size_t i = 1; i < n; i++) {
		query_size k = size_of(q.get_subquery(i));
		if (q.get_type() == Xapian::Query::OP_XOR) {
			s.terms = 2 * (s.terms + k.terms);
			s.wildcards = 2 * (s.wildcards + k.wildcards);
		} else {
			s.terms += k.terms;
			s.wildcards += k.wildcards;
		}
	}
	return s;
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
		if (db) {
			/* word*: its most frequent expansions only (lexfrag.h).  Without
			 * a cap 'a*' became every term starting with a, in each parse:
			 * 40 of them took 10 s and 1 GB */
			flags |= Xapian::QueryParser::FLAG_WILDCARD;
			qp.set_max_expansion(LF_QUERY_MAX_EXPANSION, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
		}
		Xapian::Query parsed = dedup(qp.parse_query(text, flags));
		query_size sz = size_of(parsed);
		if (sz.wildcards > LF_QUERY_MAX_WILDCARDS)
			return lf_err_set(err, LF_EQUERY, "the query has too many wildcards (at most %d)",
			                  LF_QUERY_MAX_WILDCARDS);
		if (sz.terms > LF_QUERY_MAX_TERMS)
			return lf_err_set(err, LF_EQUERY,
			                  "the query is too long or too complex (at most %d terms; each XOR counts "
			                  "its operands twice)",
			                  LF_QUERY_MAX_TERMS);
		*out = new lf_xquery{without_xor(parsed)};
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
	s->tiebreak_slot = -1;
}

#define TIE_WINDOW 16

/* A weight with the last bits of rounding noise taken off. */
static long long weight_key(double w)
{
	return llround(w * 1e9);
}

/* Sorts the window of ms again with near ties broken by the tie-break
 * value, and keeps the page [offset, offset + limit) of it (lf_xsearch). */
static void settle_ties(lf_xmset *out, const lf_xsearch *o, Xapian::doccount first)
{
	struct item {
		Xapian::doccount k;
		std::string v, tie;
		long long w;
	};
	std::vector<item> items;
	/* the tie-break is the collapse key here (the law id), and a value
	 * sort's key is the value: no document is fetched (a remote shard
	 * would answer each fetch in a round trip) */
	bool tie_is_key = o->collapse_slot == o->tiebreak_slot;
	if (!tie_is_key)
		out->ms.fetch();
	for (Xapian::doccount k = 0; k < out->ms.size(); k++) {
		Xapian::MSetIterator it = out->ms[k];
		items.push_back({k, o->sort_slot >= 0 ? it.get_sort_key() : std::string(),
		                 tie_is_key ? it.get_collapse_key()
		                            : it.get_document().get_value((Xapian::valueno)o->tiebreak_slot),
		                 weight_key(it.get_weight())});
	}
	bool by_value = o->sort_slot >= 0, desc = o->sort_descending != 0, rel_first = o->relevance_first != 0;
	std::stable_sort(items.begin(), items.end(), [&](const item &a, const item &b) {
		if (by_value && !rel_first && a.v != b.v)
			return desc ? a.v > b.v : a.v < b.v;
		if (a.w != b.w)
			return a.w > b.w;
		if (by_value && rel_first && a.v != b.v)
			return desc ? a.v > b.v : a.v < b.v;
		return a.tie < b.tie;
	});
	for (Xapian::doccount i = o->offset - first; i < items.size() && out->at.size() < o->limit; i++)
		out->at.push_back(out->ms[items[i].k]);
}

/* Value order without relevance (value_only), descending, ties by the
 * tie-break value: out->ms holds the page in Xapian's order, whose ties
 * follow document ids.  Its values are the page's values whatever the tie
 * order, so each value's documents are listed again, by the tie-break
 * value (Xapian sorts a value ascending on every shard and merges): the
 * first value from its rank in the page (the number of documents above
 * it, counted), the others from their first. */
static void settle_by_value(lf_xmset *out, const Xapian::Database &db, const Xapian::Query &q, const lf_xsearch *o,
                            Xapian::doccount total)
{
	/* no collapsing here: the laws' documents are the only ones these
	 * queries match, and Xapian 1.4's count of collapsed matches stays an
	 * estimate even when every match was checked */
	Xapian::Enquire enq(db);
	Xapian::valueno slot = (Xapian::valueno)o->sort_slot;
	std::vector<std::pair<std::string, Xapian::doccount>> runs; /* value, documents in the page */
	for (Xapian::MSetIterator it = out->ms.begin(); it != out->ms.end(); ++it) {
		std::string v = it.get_sort_key(); /* the value: no document fetched */
		if (runs.empty() || runs.back().first != v)
			runs.emplace_back(v, 0);
		runs.back().second++;
	}
	for (size_t r = 0; r < runs.size(); r++) {
		const std::string &v = runs[r].first;
		Xapian::doccount skip = 0;
		/* "" is no value (Xapian keeps none): below every other */
		Xapian::Query any(Xapian::Query::OP_VALUE_GE, slot, std::string(1, '\0'));
		Xapian::Query eq = v.empty() ? Xapian::Query(Xapian::Query::OP_AND_NOT, q, any)
		                             : Xapian::Query(Xapian::Query::OP_FILTER, q,
		                                             Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, v, v));
		if (r == 0) {
			Xapian::Query gt(Xapian::Query::OP_FILTER, q,
			                 v.empty() ? any : Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, v + '\0'));
			enq.set_query(gt);
			Xapian::doccount above = enq.get_mset(0, 0, total).get_matches_estimated();
			skip = o->offset > above ? o->offset - above : 0;
		}
		enq.set_query(eq);
		enq.set_sort_by_value((Xapian::valueno)o->tiebreak_slot, false);
		Xapian::MSet part = enq.get_mset(skip, runs[r].second);
		for (Xapian::MSetIterator it = part.begin(); it != part.end(); ++it)
			out->at.push_back(it);
	}
}

/* Thrown by BudgetSpy out of the matcher (Xapian's matcher holds its
 * postlists in smart pointers: an exception from a match spy unwinds it
 * like one of its own errors). */
struct budget_passed {};

/* Stops a local match once the call's budget has passed: the matcher
 * calls a match spy for each candidate document it considers.  A remote
 * shard's match runs on its server, which cannot run this (a spy is
 * serialised there): lf_xdb_search adds it only when every shard is
 * local, and remote shards are bounded by their own timeout. */
class BudgetSpy : public Xapian::MatchSpy {
	lf_budget *b;
	unsigned n = 0;

      public:
	explicit BudgetSpy(lf_budget *budget) : b(budget) {}
	void operator()(const Xapian::Document &, double) override
	{
		if ((++n & 15) == 0 && lf_budget_check(b, nullptr) != 0)
			throw budget_passed();
	}
};

/* Notes every matching document of one shard's match (a match spy sees
 * a document by its id in its shard, not in the combined database). */
class DocSetSpy : public Xapian::MatchSpy {
	std::vector<bool> &seen;

      public:
	explicit DocSetSpy(std::vector<bool> &s) : seen(s) {}
	void operator()(const Xapian::Document &doc, double) override
	{
		Xapian::docid d = doc.get_docid();
		if (d < seen.size())
			seen[d] = true;
	}
};

/* True when no shard that is up is remote (a match spy can run). */
static bool all_local(const lf_xdb *db)
{
	for (const auto &s : db->shards)
		if (s.up && s.remote)
			return false;
	return true;
}

/* o->term_counts (lf_xsearch.count_terms): on local shards, each shard's
 * matches are noted in one match (boolean weights: every match is seen),
 * then each term's postlist in that shard is read; with a remote shard (a
 * spy cannot run there), one match of the whole database per term. */
static int count_terms(lf_xdb *db, const Xapian::Query &q, const lf_xsearch *o, lf_err *err)
{
	int rc;

	for (size_t i = 0; i < o->ncount_terms; i++)
		o->term_counts[i] = 0;
	if (!all_local(db)) {
		for (size_t i = 0; i < o->ncount_terms; i++) {
			if (o->budget && (rc = lf_budget_check(o->budget, err)) != 0)
				return rc;
			Xapian::Enquire enq(db->db);
			enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(o->count_terms[i])));
			enq.set_weighting_scheme(Xapian::BoolWeight());
			o->term_counts[i] = enq.get_mset(0, 0, db->db.get_doccount() + 1).get_matches_estimated();
		}
		return 0;
	}
	for (const auto &sh : db->shards) {
		if (!sh.up)
			continue;
		if (o->budget && (rc = lf_budget_check(o->budget, err)) != 0)
			return rc;
		std::vector<bool> seen(sh.db.get_lastdocid() + 1, false);
		Xapian::Enquire enq(sh.db);
		enq.set_query(q);
		enq.set_weighting_scheme(Xapian::BoolWeight());
		enq.add_matchspy((new DocSetSpy(seen))->release());
		if (lf_budget_active(o->budget))
			enq.add_matchspy((new BudgetSpy(o->budget))->release());
		enq.get_mset(0, 0, sh.db.get_doccount() + 1);
		for (size_t i = 0; i < o->ncount_terms; i++)
			for (Xapian::PostingIterator p = sh.db.postlist_begin(o->count_terms[i]);
			     p != sh.db.postlist_end(o->count_terms[i]); ++p)
				o->term_counts[i] += *p < seen.size() && seen[*p];
	}
	return 0;
}

int lf_xdb_search(lf_xdb *db, const lf_xquery *q, const lf_xsearch *o, lf_xmset **out, lf_err *err)
{
	int rc;

	*out = nullptr;
	if (o->budget && (rc = lf_budget_check(o->budget, err)) != 0)
		return rc;
	try {
		fault_point();
		Xapian::Enquire enq(db->db);
		if (o->budget && o->budget->deadline_ns)
			enq.set_time_limit(lf_budget_left(o->budget));
		if (lf_budget_active(o->budget) && all_local(db))
			enq.add_matchspy((new BudgetSpy(o->budget))->release());
		enq.set_query(q->q);
		enq.set_weighting_scheme(Xapian::BM25Weight());
		if (o->collapse_slot >= 0)
			enq.set_collapse_key((Xapian::valueno)o->collapse_slot);
		if (o->tiebreak_slot >= 0 && o->sort_slot < 0) {
			enq.set_sort_by_relevance_then_value((Xapian::valueno)o->tiebreak_slot, false);
		} else if (o->sort_slot >= 0) {
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
		std::unique_ptr<lf_xmset> ms(new lf_xmset);
		ms->db = db->db;
		Xapian::doccount first = o->offset, want = o->limit;
		bool by_value = o->tiebreak_slot >= 0 && o->value_only && o->sort_slot >= 0 && o->sort_descending &&
		                !o->relevance_first;
		bool settle = o->tiebreak_slot >= 0 && want && !by_value;
		if (settle) {
			/* a window around the page, sorted again (settle_ties) */
			first = o->offset > TIE_WINDOW ? o->offset - TIE_WINDOW : 0;
			want = o->offset - first + o->limit + TIE_WINDOW;
		}
		ms->ms = enq.get_mset(first, want, std::max<Xapian::doccount>(o->check_at_least, first + want));
		if (spy)
			for (auto it = spy->values_begin(); it != spy->values_end(); ++it)
				ms->counts.emplace_back(*it, it.get_termfreq());
		for (int k = 0; k < 3; k++)
			if (fspy[k])
				for (auto it = fspy[k]->values_begin(); it != fspy[k]->values_end(); ++it)
					ms->facets[k].emplace_back(*it, it.get_termfreq());
		if (settle)
			settle_ties(ms.get(), o, first);
		else if (by_value && ms->ms.size())
			settle_by_value(ms.get(), db->db, q->q, o, std::max(db->db.get_doccount(), o->check_at_least));
		else
			for (Xapian::MSetIterator it = ms->ms.begin(); it != ms->ms.end(); ++it)
				ms->at.push_back(it);
		if (o->count_terms && (rc = count_terms(db, q->q, o, err)) != 0)
			return rc;
		/* a match Xapian cut short (its time limit) is not handed out */
		if (o->budget && (rc = lf_budget_check(o->budget, err)) != 0)
			return rc;
		*out = ms.release();
		return 0;
	} catch (const budget_passed &) {
		lf_budget_check(o->budget, err); /* the status it stopped with, and its message */
		return o->budget->stopped;
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
	return ms ? ms->at.size() : 0;
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
		return *ms->at.at(i);
	} catch (...) {
		return 0;
	}
}

double lf_xmset_weight(const lf_xmset *ms, size_t i)
{
	try {
		fault_point();
		return ms->at.at(i).get_weight();
	} catch (...) {
		return 0;
	}
}

int lf_xmset_data(const lf_xmset *ms, size_t i, lf_buf *out, lf_err *err)
{
	try {
		fault_point();
		std::string d = ms->at.at(i).get_document().get_data();
		return copy_out(d, out, err);
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xmset_value(const lf_xmset *ms, size_t i, unsigned slot, lf_buf *out, lf_err *err)
{
	try {
		fault_point();
		std::string d = ms->at.at(i).get_document().get_value(slot);
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
