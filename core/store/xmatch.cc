/*
 * xmatch.cc - the Xapian shim, matching: a search's page, near ties
 * broken by a value, collapse, sort, counts and facets, term counts, and
 * the budget spy that stops a local match in time
 * (store.h says which file does what).
 *
 * Every extern "C" entry point runs its body in a try block and ends in
 * catch_all(): no exception crosses the C API.  Nothing here prints.
 */
#include "core/store/store.h"
#include "lexfrag/lexfrag.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <new>

using namespace lfstore;

extern "C" {

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

/* BM25 fitted to legislation on the judged set (eval/README.md).  A law is
 * one document of all its text, from 2 to 2,000 provisions: Xapian's
 * default length normalisation (b 0.5) pushes the long law about a topic
 * below short laws that name its words once, so b is 0.35 (0.1 to 0.3 score
 * as well but leave length almost unchecked); k1 and min_normlen are
 * Xapian's defaults (k1 0.6 to 1.2 were within noise).  The law's best
 * provisions then weigh in (query/rank.c). */
#define BM25_K1 1.0
#define BM25_B 0.35
#define BM25_MIN_NORMLEN 0.5

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
		enq.set_weighting_scheme(Xapian::BM25Weight(BM25_K1, 0, 1, BM25_B, BM25_MIN_NORMLEN));
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

int lf_xmset_hit(const lf_xmset *ms, size_t i, unsigned *docid, double *weight, lf_err *err)
{
	try {
		fault_point();
		const Xapian::MSetIterator &it = ms->at.at(i);
		if (docid)
			*docid = *it;
		if (weight)
			*weight = it.get_weight();
		return 0;
	} catch (...) {
		return catch_all(err);
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
