/*
 * xquery.cc - the Xapian shim, queries: parsing in a language, the
 * XOR rewrite, deduplication and the size limits (LF_QUERY_MAX_*), the
 * proximity bonus of free-text queries, terms,
 * ranges, weights and combinations
 * (store.h says which file does what).
 *
 * Every extern "C" entry point runs its body in a try block and ends in
 * catch_all(): no exception crosses the C API.  Nothing here prints.
 */
#include "core/store/store.h"
#include "lexfrag/lexfrag.h"

#include <cmath>
#include <cstring>
#include <string>
#include <set>
#include <vector>
#include <memory>
#include <new>

using namespace lfstore;

extern "C" {

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

/* The n-gram fallback of a segmented CJK query (core/text/segment.h).
 * The parser makes each CJK word of the query an AND of its unigrams and
 * bigrams, in text order ("个人": 个 AND 个人 AND 人).  The indexer segments
 * text the same way, so a word's bigrams are in every text where the
 * dictionary cut the word as the query was cut; where it cut otherwise
 * ("注销账号" as 注 销账 号), the word is still there as its characters in
 * a row.  So each such group becomes PHRASE(its unigrams) AND_MAYBE
 * AND(its bigrams): it matches wherever its characters stand in a row, as
 * before segmentation, and a text that holds the word as a word also
 * scores its bigrams, as the group did (Xapian 1.4.22's OP_MAX, the
 * obvious "group or else phrase", crashed in get_mset()).  The groups
 * are found among the leaves of each AND as chains: a unigram, then
 * (its bigram with the next character, that character)*; the parser
 * flattens the groups of '+' words into one AND, where a unigram that
 * does not continue the chain starts the next group. */
static bool cjk_cp(unsigned c)
{
	return c >= 0x2E80;
}

/* The term's body after its prefix (upper-case ASCII) as code points, if
 * it has one or two, all CJK: 1, 2, else 0. */
static int ngram_of(const std::string &term, size_t *plen, unsigned cp[2])
{
	size_t p = 0;
	int k = 0;

	while (p < term.size() && term[p] >= 'A' && term[p] <= 'Z')
		p++;
	*plen = p;
	for (Xapian::Utf8Iterator it(term.data() + p, term.size() - p); it != Xapian::Utf8Iterator(); ++it) {
		if (k == 2 || !cjk_cp(*it))
			return 0;
		cp[k++] = *it;
	}
	return k;
}

struct cjk_chain {
	std::vector<Xapian::Query> all, uni, bi;
	std::string prefix;
	unsigned last = 0;  /* the last unigram's character */
	bool want_uni = false;

	/* Closes the chain into out: PHRASE(unigrams) AND_MAYBE AND(bigrams)
	 * if it has a bigram, else its leaves as they were. */
	void close(std::vector<Xapian::Query> &out)
	{
		/* the word weighs as one term: its characters and pairs share
		 * it (query/rank.c, CJK_TERM_SHARE) */
		if (!bi.empty())
			out.push_back(Xapian::Query(
				Xapian::Query::OP_SCALE_WEIGHT,
				Xapian::Query(Xapian::Query::OP_AND_MAYBE,
				              Xapian::Query(Xapian::Query::OP_PHRASE, uni.begin(), uni.end(),
				                            (Xapian::termcount)uni.size()),
				              Xapian::Query(Xapian::Query::OP_AND, bi.begin(), bi.end())),
				1.0 / (double)(uni.size() + bi.size())));
		else
			out.insert(out.end(), all.begin(), all.end());
		all.clear();
		uni.clear();
		bi.clear();
		want_uni = false;
	}
};

static Xapian::Query cjk_fallback(const Xapian::Query &q)
{
	size_t n = q.get_num_subqueries();
	std::vector<Xapian::Query> out;
	cjk_chain ch;

	switch (q.get_type()) {
	case Xapian::Query::OP_AND:
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_AND_NOT:
	case Xapian::Query::OP_AND_MAYBE:
	case Xapian::Query::OP_FILTER:
	case Xapian::Query::OP_MAX:
		break;
	default: /* a leaf, a phrase (matched on unigrams already), NEAR... */
		return q;
	}
	for (size_t i = 0; i < n; i++) {
		Xapian::Query c = q.get_subquery(i);
		unsigned cp[2];
		size_t plen;
		int k = 0;
		std::string term;
		if (q.get_type() == Xapian::Query::OP_AND && c.get_type() == Xapian::Query::LEAF_TERM &&
		    c.get_terms_begin() != c.get_terms_end()) {
			term = *c.get_terms_begin();
			k = ngram_of(term, &plen, cp);
		}
		if (k == 2 && !ch.all.empty() && !ch.want_uni && cp[0] == ch.last &&
		    !term.compare(0, plen, ch.prefix) && plen == ch.prefix.size()) {
			ch.all.push_back(c); /* the bigram continuing the chain */
			ch.bi.push_back(c);
			ch.want_uni = true;
			ch.last = cp[1];
			continue;
		}
		if (k == 1 && ch.want_uni && cp[0] == ch.last) {
			ch.all.push_back(c);
			ch.uni.push_back(c);
			ch.want_uni = false;
			continue;
		}
		ch.close(out);
		if (k == 1) { /* a new chain */
			ch.all.push_back(c);
			ch.uni.push_back(c);
			ch.prefix = term.substr(0, plen);
			ch.last = cp[0];
			continue;
		}
		out.push_back(k ? c : cjk_fallback(c));
	}
	ch.close(out);
	if (out.size() == 1 && q.get_type() == Xapian::Query::OP_AND)
		return out[0];
	return Xapian::Query(q.get_type(), out.begin(), out.end());
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

/* Ranking: a bonus for query words near each other.  A free-text query
 * (an OR of words, as people type them) gets an extra OR of each pair of
 * consecutive query words within PROXIMITY_WINDOW positions (one stopword or
 * word of the law in between), scaled by PROXIMITY_WEIGHT: a document where
 * "erasure" follows "right" gains part of those words' weight again, one
 * that has them pages apart does not.  A query with operators, phrases,
 * +/- or a prefix is the user's own and is left as parsed.  Measured on the
 * judged set (eval/README.md): mono nDCG@10 +0.03 to +0.04 for weights 0.3
 * to 0.6; 0.3 is the smaller, safer one. */
#define PROXIMITY_WEIGHT 0.3
#define PROXIMITY_WINDOW 3
/* The terms a word of a free-text query stands for, in t: a term, or the
 * characters of a CJK word (the PHRASE of cjk_fallback); false for
 * anything else (the query is then left as parsed). */
static bool word_terms(const Xapian::Query &q, std::vector<std::string> &t)
{
	t.clear();
	if (q.get_type() == Xapian::Query::LEAF_TERM) {
		t.assign(q.get_terms_begin(), q.get_terms_end());
		return t.size() == 1;
	}
	if (q.get_type() != Xapian::Query::OP_AND_MAYBE || q.get_num_subqueries() != 2 ||
	    q.get_subquery(0).get_type() != Xapian::Query::OP_PHRASE)
		return false;
	Xapian::Query ph = q.get_subquery(0);
	for (size_t i = 0; i < ph.get_num_subqueries(); i++)
		if (ph.get_subquery(i).get_type() != Xapian::Query::LEAF_TERM)
			return false;
	t.assign(ph.get_terms_begin(), ph.get_terms_end());
	return !t.empty();
}

static Xapian::Query with_proximity(const Xapian::Query &parsed)
{
	std::vector<std::vector<std::string>> w;
	std::vector<Xapian::Query> pairs;
	std::vector<std::string> t;

	if (parsed.get_type() != Xapian::Query::OP_OR)
		return parsed;
	/* the query's words in query order (a repeated word at each place) */
	for (size_t i = 0; i < parsed.get_num_subqueries(); i++) {
		if (!word_terms(parsed.get_subquery(i), t))
			return parsed;
		w.push_back(t);
	}
	for (size_t i = 0; i + 1 < w.size() && pairs.size() < 32; i++) {
		if (w[i] == w[i + 1])
			continue;
		/* two words: their terms within PROXIMITY_WINDOW positions; two
		 * CJK words: their characters, with PROXIMITY_WINDOW - 1 others
		 * (a particle: 删除其个人信息) among them */
		std::vector<Xapian::Query> pr;
		for (const auto &x : w[i])
			pr.push_back(Xapian::Query(x));
		for (const auto &x : w[i + 1])
			pr.push_back(Xapian::Query(x));
		pairs.push_back(Xapian::Query(Xapian::Query::OP_NEAR, pr.begin(), pr.end(),
		                              (Xapian::termcount)pr.size() + PROXIMITY_WINDOW - 2));
	}
	if (pairs.empty())
		return parsed;
	return Xapian::Query(Xapian::Query::OP_OR, parsed,
	                     Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
	                                   Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
	                                   PROXIMITY_WEIGHT));
}

/* A parser for language lang's documents: stemmed as the indexer stems
 * them (all words, no Z prefix), or unstemmed; db for wildcards. */
static void parser_for(Xapian::QueryParser &qp, lf_xdb *db, const char *lang)
{
	const char *name = xapian_stem_name(lang);

	if (db)
		qp.set_database(db->db);
	if (name) {
		qp.set_stemmer(Xapian::Stem(name));
		qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
	} else {
		qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
	}
}

int lf_xquery_parse(lf_xdb *db, const char *text, const char *lang, const char *const *stopwords,
                    lf_xquery **out, lf_err *err)
{
	*out = nullptr;
	try {
		fault_point();
		Xapian::QueryParser qp;
		parser_for(qp, db, lang);
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
		Xapian::Query parsed = dedup(cjk_fallback(qp.parse_query(text, flags)));
		query_size sz = size_of(parsed);
		if (sz.wildcards > LF_QUERY_MAX_WILDCARDS)
			return lf_err_set(err, LF_EQUERY, "the query has too many wildcards (at most %d)",
			                  LF_QUERY_MAX_WILDCARDS);
		if (sz.terms > LF_QUERY_MAX_TERMS)
			return lf_err_set(err, LF_EQUERY,
			                  "the query is too long or too complex (at most %d terms; each XOR counts "
			                  "its operands twice)",
			                  LF_QUERY_MAX_TERMS);
		*out = new lf_xquery{with_proximity(without_xor(parsed))};
		return 0;
	} catch (...) {
		return catch_all(err);
	}
}

int lf_xquery_synonyms(lf_xdb *db, const char *lang, const char *const *alts, size_t n, lf_xquery **out,
                       lf_err *err)
{
	*out = nullptr;
	try {
		fault_point();
		Xapian::QueryParser qp;
		parser_for(qp, db, lang);
		std::vector<Xapian::Query> v;
		std::set<std::string> seen;
		for (size_t i = 0; i < n; i++) {
			/* "alternative": a phrase (its own quotes dropped) */
			std::string s = "\"";
			for (const char *c = alts[i]; *c; c++)
				s += *c == '"' ? ' ' : *c;
			s += '"';
			try {
				Xapian::Query q = qp.parse_query(s, Xapian::QueryParser::FLAG_PHRASE |
				                                        Xapian::QueryParser::FLAG_CJK_NGRAM);
				/* forms the stemmer joins ("personenbezogene Daten",
				 * "personenbezogener Daten") are one alternative */
				std::string d = q.get_description();
				if (!q.empty() && seen.insert(d).second)
					v.push_back(q);
			} catch (const Xapian::QueryParserError &) {
				/* not a query: left out */
			}
		}
		if (v.empty())
			return 0;
		*out = new lf_xquery{v.size() == 1 ? v[0] : Xapian::Query(Xapian::Query::OP_SYNONYM, v.begin(), v.end())};
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

} /* extern "C" */
