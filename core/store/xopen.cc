/*
 * xopen.cc - the Xapian shim, opening and reading: databases, stubs of
 * shards (local and remote), reopening, terms, positions, metadata; and the
 * exception mapper every entry point of the shim calls
 * (store.h says which file does what).
 *
 * Every extern "C" entry point runs its body in a try block and ends in
 * catch_all(): no exception crosses the C API.  Nothing here prints.
 */
#include "core/store/store.h"
#include "lexfrag/lexfrag.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>

#include <sys/stat.h>

using namespace lfstore;

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

} // namespace

namespace lfstore {

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

/* Copies a string Xapian returned into a caller's buffer. */
int copy_out(const std::string &s, lf_buf *out, lf_err *err)
{
	lf_buf_reset(out);
	return lf_buf_add(out, s.data(), s.size()) ? lf_err_set(err, LF_ENOMEM, "out of memory") : 0;
}

int term_data(const Xapian::Database &db, const char *term, lf_buf *out, lf_err *err)
{
	Xapian::PostingIterator it = db.postlist_begin(term);
	if (it == db.postlist_end(term))
		return lf_err_set(err, LF_ENOTFOUND, "no document for term %s", term);
	return copy_out(db.get_document(*it).get_data(), out, err);
}

} // namespace lfstore

extern "C" {

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

} /* extern "C" */
