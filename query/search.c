/*
 * search.c - ranked search: one result per law, its best provisions, and a
 * highlighted snippet for each.
 *
 * The query's full-text part is built in every language of the index by
 * textq.c (as written in its own language, translated in the others).  BM25
 * ranks provision and law documents together, and collapsing on the law id
 * keeps each law's best document.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rec.h"
#include "core/schema.h"
#include "tagging/tagrec.h"
#include "tagging/taxonomy.h"
#include "core/text/text.h"
#include "query/evidence.h"
#include "query/query.h"
#include "query/rank.h"
#include "query/snippet.h"

lf_xquery *lf_q_term_query(const char *prefix, const char *v)
{
	char t[300];

	snprintf(t, sizeof t, "%s%s", prefix, v);
	return lf_xquery_term(t);
}

/* OR of prefix+value terms; NULL when n is 0 or out of memory. */
static lf_xquery *or_terms(const char *prefix, const char *const *v, size_t n)
{
	lf_xquery **subs, *q;
	size_t i;

	if (!n)
		return NULL;
	subs = calloc(n, sizeof *subs);
	if (!subs)
		return NULL;
	for (i = 0; i < n; i++)
		if (!(subs[i] = lf_q_term_query(prefix, v[i])))
			break;
	q = i == n ? lf_xquery_combine(LF_XOP_OR, subs, n) : NULL;
	for (i = 0; i < n; i++)
		lf_xquery_free(subs[i]);
	free(subs);
	return q;
}

/* The filters of a search as one query into *out (NULL if there are none);
 * LF_ENOMEM if one could not be built. */
static int filters(const lf_search_opts *o, lf_xquery **out)
{
	lf_xquery *f[6] = {0};
	size_t n = 0, i;
	int rc = 0;

	if (o->njurisdictions)
		f[n++] = or_terms(LF_TERM_JUR, o->jurisdictions, o->njurisdictions);
	if (o->nlanguages)
		f[n++] = or_terms(LF_TERM_LANG, o->languages, o->nlanguages);
	if (o->nformats)
		f[n++] = or_terms(LF_TERM_FORMAT, o->formats, o->nformats);
	if (o->from_year || o->to_year)
		f[n++] = lf_xquery_range(LF_SLOT_YEAR, o->from_year ? o->from_year : -1e9,
		                         o->to_year ? o->to_year : 1e9);
	if (o->nrisks)
		f[n++] = or_terms(LF_TERM_RISK, o->risks, o->nrisks);
	if (o->nlayers)
		f[n++] = or_terms(LF_TERM_LAYER, o->layers, o->nlayers);
	for (i = 0; i < n; i++)
		if (!f[i])
			rc = LF_ENOMEM;
	*out = rc ? NULL : lf_xquery_combine(LF_XOP_AND, f, n);
	if (n && !*out)
		rc = LF_ENOMEM;
	for (i = 0; i < n; i++)
		lf_xquery_free(f[i]);
	return rc;
}

typedef struct stemmers {
	char lang[16][8];
	lf_xstemmer *st[16];
	int n;
} stemmers;

/* The stemmer of a language, made once (NULL once 16 languages have one:
 * words then match unstemmed); *oom is set if it could not be made. */
static lf_xstemmer *stemmer_for(stemmers *s, const char *lang, int *oom)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->lang[i], lang))
			return s->st[i];
	if (s->n == 16)
		return NULL;
	snprintf(s->lang[s->n], 8, "%s", lang);
	if (!(s->st[s->n] = lf_xstemmer_new(lang))) {
		*oom = 1;
		return NULL;
	}
	return s->st[s->n++];
}

static void add_term_cb(const char *term, void *ctx)
{
	lf_terms_add(ctx, term);
}


/* A field of a record, copied into a; sets *oom if it could not be read. */
static const char *rec_str(lf_arena *a, const lf_buf *data, const char *key, lf_buf *tmp, int *oom)
{
	if (lf_rec_get(lf_buf_str(data), data->n, key, tmp) < 0)
		*oom = 1;
	return lf_q_str(a, lf_buf_str(tmp), tmp->n);
}

/* A unit's range of term positions in its law document. */
static int cmp_score(const void *x, const void *y)
{
	const lf_q_range *a = x, *b = y;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return a->toc < b->toc ? -1 : a->toc > b->toc;
}

/* The best units of one law for the query: each unit's words sit at a range
 * of positions in the law document, so the positions of the query's terms
 * tell which units hold them; units are scored by lf_q_unit_scores (rank.c:
 * BM25 over the law's units, with the terms' idf over the laws).  A phrase's
 * words count one by one here; the law itself was matched with the phrase. */
static int law_provisions(lf_db *db, unsigned docid, const lf_q_qterms *qt,
                          const lf_buf *law_data, const lf_terms *terms, lf_xstemmer *st,
                          const char *law_id, unsigned max, lf_arena *a, lf_hit *h, lf_err *err)
{
	lf_buf tmp, snip;
	lf_chunk_cache cache;
	lf_q_range *r = NULL;
	size_t nr, i, k;
	int rc = 0;

	h->nprovs = 0;
	lf_buf_init(&tmp, 0);
	lf_buf_init(&snip, 0);
	lf_q_chunk_init(&cache);
	if (lf_rec_get(lf_buf_str(law_data), law_data->n, "ranges", &tmp) < 0)
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	nr = !rc && tmp.n ? lf_q_ranges_parse(lf_buf_str(&tmp), &r) : 0;
	if (!rc && tmp.n && !r)
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	if (!rc && nr) {
		/* the terms of the law's language's branch (rank.h) */
		const char **tv = calloc(qt->n + 1, sizeof *tv);
		double *ti = calloc(qt->n + 1, sizeof *ti);
		size_t nt = 0;
		int translated;
		if (!tv || !ti || lf_rec_get(lf_buf_str(law_data), law_data->n, "language", &snip) < 0)
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		else
			nt = lf_q_qterms_for(qt, lf_buf_str(&snip), tv, ti, &translated);
		if (!rc)
			rc = lf_q_unit_scores(db, docid, tv, ti, nt, r, nr, err);
		free(tv);
		free(ti);
	}
	if (!rc && nr) {
		qsort(r, nr, sizeof *r, cmp_score);
		for (k = 0; k < nr && r[k].score > 0; k++)
			;
		if (k > max)
			k = max;
		h->provs = lf_arena_alloc(a, (k + 1) * sizeof *h->provs);
		{
			size_t want[64];
			lf_toc_view ent[64];
			if (k > 64)
				k = 64;
			for (i = 0; i < k; i++)
				want[i] = r[i].toc;
			if (lf_q_toc_entries(law_data, want, k, a, ent) != 0) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				k = 0;
			}
			for (i = 0; i < k; i++)
				r[i].toc_entry = ent[i];
		}
		for (i = 0; h->provs && i < k; i++) {
			lf_hit_prov *p = &h->provs[h->nprovs];
			if (!*r[i].toc_entry.id)
				continue;
			p->score = r[i].score;
			p->id = r[i].toc_entry.id;
			p->kind = r[i].toc_entry.kind;
			p->label = r[i].toc_entry.label;
			p->heading = r[i].toc_entry.heading;
			if (r[i].chunk < 0) {
				lf_buf_reset(&tmp);
			} else if ((rc = lf_q_text_at(db, law_id, r[i].chunk, r[i].off, r[i].len, &cache, &tmp, err)) != 0) {
				if (rc != LF_ENOTFOUND && rc != LF_ECORRUPT)
					break; /* out of memory, or the index failing: the search fails */
				rc = 0;
				lf_buf_reset(&tmp); /* no text (a broken index): an empty snippet, not a failed search */
			}
			lf_buf_reset(&snip);
			if ((rc = lf_snippet(lf_buf_str(&tmp), tmp.n, terms, st, 240, &snip)) != 0) {
				lf_err_set(err, rc, "out of memory");
				break;
			}
			p->snippet = lf_q_str(a, lf_buf_str(&snip), snip.n);
			h->nprovs++;
		}
		if (!rc)
			lf_err_clear(err);
	}
	free(r);
	lf_q_chunk_free(&cache);
	lf_buf_free(&tmp);
	lf_buf_free(&snip);
	return rc;
}

/* Checks --risk and --layer ids against the index's taxonomy. */
static int check_ids(const lf_db *db, const lf_search_opts *o, lf_err *err)
{
	for (size_t i = 0; i < o->nrisks; i++)
		if (lf_q_cat_index(db, o->risks[i]) < 0) {
			char known[600];
			size_t k = 0;
			known[0] = 0;
			for (size_t c = 0; c < db->ncats && k + 40 < sizeof known; c++)
				k += (size_t)snprintf(known + k, sizeof known - k, "%s%s", c ? ", " : "", db->cats[c]);
			return lf_err_set(err, LF_EINVAL, "unknown risk category '%s' (this index knows: %s)",
			                  o->risks[i], db->ncats ? known : "none");
		}
	for (size_t i = 0; i < o->nlayers; i++) {
		char w[80];
		snprintf(w, sizeof w, " %s ", o->layers[i]);
		if (!db->layers || !strstr(db->layers, w))
			return lf_err_set(err, LF_EINVAL, "unknown layer '%s' (this index knows:%s)", o->layers[i],
			                  db->layers ? db->layers : " none");
	}
	return 0;
}

/* The query's taxonomy concepts, as OR of (the category's score FILTER
 * the law is tagged with it); NULL if it names none.  A concept's weight is
 * CONCEPT_WEIGHT x the share of the query its labels cover: a query that is
 * only "Datenlokalisierung" ranks laws by their data-localization score
 * (BM25 weights of a query's terms are mostly below 25), while in
 * "interception of private communications" the words weigh more.
 *
 * Xapian 1.4 loses documents when a value-weight source is scaled up
 * (lf_xquery_value_weight), so the weights are built divided by *top, the
 * largest concept weight: each concept gets weight/top (at most 1) and the
 * caller scales the text query by 1/top, which ranks the same; scores are
 * multiplied by *top again for display (lf_q_plan.score_scale). */
#define CONCEPT_WEIGHT 25.0
static int concept_query(const lf_db *db, const char *text, uint64_t *mask, double *top, lf_xquery **out)
{
	lf_xquery *subs[LF_TX_MAX_CATS], *q;
	double coverage[64];
	size_t n = 0;
	int oom = 0, rc;

	*out = NULL;
	*mask = 0;
	*top = 1;
	if (!text || !db->concepts)
		return 0;
	if ((rc = lf_concepts_match(db->concepts, db->nconcepts, text, strlen(text), mask, coverage)) != 0) {
		*mask = 0;
		return rc;
	}
	*top = 0;
	for (size_t c = 0; c < db->ncats && c < LF_TX_MAX_CATS; c++)
		if ((*mask & ((uint64_t)1 << c)) && CONCEPT_WEIGHT * coverage[c] > *top)
			*top = CONCEPT_WEIGHT * coverage[c];
	if (!(*top > 0)) {
		*mask = 0;
		*top = 1;
		return 0;
	}
	for (size_t c = 0; c < db->ncats && c < LF_TX_MAX_CATS; c++) {
		lf_xquery *pair[2];
		if (!(*mask & ((uint64_t)1 << c)))
			continue;
		pair[0] = lf_xquery_value_weight(LF_SLOT_RISK0 + (unsigned)c, CONCEPT_WEIGHT * coverage[c] / *top);
		pair[1] = lf_q_term_query(LF_TERM_RISK, db->cats[c]);
		subs[n++] = pair[0] && pair[1] ? lf_xquery_combine(LF_XOP_FILTER, pair, 2) : NULL;
		oom |= !subs[n - 1];
		lf_xquery_free(pair[0]);
		lf_xquery_free(pair[1]);
	}
	q = oom ? NULL : lf_xquery_combine(LF_XOP_OR, subs, n);
	for (size_t i = 0; i < n; i++)
		lf_xquery_free(subs[i]);
	if (!q) {
		*mask = 0;
		return LF_ENOMEM;
	}
	*out = q;
	return 0;
}

int lf_q_plan_build(lf_db *db, const lf_search_opts *o, lf_q_plan *p, lf_err *err)
{
	lf_q_tropts tro;
	lf_xquery *filt = NULL, *base = NULL, *pair[2];
	int rc;

	memset(p, 0, sizeof *p);
	p->risk_slot = -1;
	p->score_scale = 1;
	if ((rc = check_ids(db, o, err)) != 0)
		return rc;
	tro.translate = !o->no_translate;
	tro.thesaurus = o->thesaurus;
	if ((rc = lf_q_text_query(db, o->query, o->languages, o->nlanguages, &tro, &p->tr, &p->textq, err)) != 0)
		return rc;
	if ((rc = filters(o, &filt)) != 0 ||
	    (p->textq && (rc = concept_query(db, o->query, &p->mask, &p->score_scale, &p->conceptq)) != 0)) {
		lf_xquery_free(filt);
		lf_q_plan_free(p);
		return lf_err_set(err, rc, "%s", lf_strerror(rc));
	}
	if (p->conceptq) {
		pair[0] = lf_xquery_scale(p->textq, 1 / p->score_scale);
		pair[1] = p->conceptq;
		base = pair[0] ? lf_xquery_combine(LF_XOP_OR, pair, 2) : NULL;
		lf_xquery_free(pair[0]);
	} else if (p->textq) {
		base = p->textq;
	} else {
		base = lf_xquery_term(LF_TERM_DOCLAW);
	}
	pair[0] = base;
	pair[1] = filt;
	p->q = base ? lf_xquery_combine(LF_XOP_FILTER, pair, 2) : NULL;
	if (base != p->textq)
		lf_xquery_free(base);
	lf_xquery_free(filt);
	if (!p->q) {
		lf_q_plan_free(p);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	lf_xsearch_init(&p->so);
	p->so.offset = o->offset;
	p->so.limit = o->limit ? o->limit : 10;
	p->so.collapse_slot = LF_SLOT_LAWID;
	/* ties by law id: the same order whatever the layout of shards (a
	 * document id depends on it); a list without text has no weights */
	p->so.tiebreak_slot = LF_SLOT_LAWID;
	p->so.value_only = !p->textq;
	if (o->sort == LF_SORT_RISK || (!p->textq && o->nrisks)) {
		int c = o->nrisks == 1 ? lf_q_cat_index(db, o->risks[0]) : -1;
		p->risk_slot = c >= 0 ? LF_SLOT_RISK0 + c : LF_SLOT_RISKMAX;
		p->so.sort_slot = p->risk_slot;
		p->so.sort_descending = 1;
	} else if (o->sort == LF_SORT_DATE || !p->textq) {
		p->so.sort_slot = LF_SLOT_DATE;
		p->so.sort_descending = 1;
	}
	p->so.check_at_least = p->so.offset + p->so.limit + 1;
	return 0;
}

void lf_q_plan_free(lf_q_plan *p)
{
	lf_xquery_free(p->q);
	lf_xquery_free(p->textq);
	lf_xquery_free(p->conceptq);
	lf_q_trinfo_free(&p->tr);
	memset(p, 0, sizeof *p);
}

/* ------------------------------------------------------------ facets */

typedef struct facet_acc {
	lf_arena *a;
	lf_count *v;
	size_t n, cap;
} facet_acc;

static void facet_add(const char *value, size_t n, unsigned count, void *ctx)
{
	facet_acc *f = ctx;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		lf_count *g = lf_arena_alloc(f->a, cap * sizeof *g);
		if (!g)
			return;
		if (f->n)
			memcpy(g, f->v, f->n * sizeof *g);
		f->v = g;
		f->cap = cap;
	}
	f->v[f->n].key = lf_q_str(f->a, value, n);
	f->v[f->n].n = count;
	f->n++;
}

static int cmp_count_desc(const void *x, const void *y)
{
	const lf_count *a = x, *b = y;
	if (a->n != b->n)
		return a->n < b->n ? 1 : -1;
	return strcmp(a->key, b->key);
}

static int cmp_count_key(const void *x, const void *y)
{
	return strcmp(((const lf_count *)x)->key, ((const lf_count *)y)->key);
}

/* prefix + n bytes of v, in a (NULL when out of memory). */
static char *prefixed(lf_arena *a, const char *prefix, const char *v, size_t n)
{
	char t[300];

	snprintf(t, sizeof t, "%s%.*s", prefix, (int)(n < 200 ? n : 200), v);
	return lf_arena_strdup(a, t);
}

/* The facets of the matches of q (lf_results). */
static int facets(lf_db *db, const lf_xquery *q, lf_results *res, lf_err *err)
{
	lf_arena *a = res->priv->arena;
	lf_xsearch so;
	lf_xmset *ms = NULL;
	facet_acc f[5];
	/* the risk categories' terms, then the layers': counted in the same
	 * match (one match, not one per category and layer) */
	char **terms = calloc(db->ncats + 64 + 1, sizeof *terms);
	unsigned *counts = calloc(db->ncats + 64 + 1, sizeof *counts);
	size_t nt = 0, nlayers = 0;
	int rc = 0;

	memset(f, 0, sizeof f);
	for (int k = 0; k < 5; k++)
		f[k].a = a;
	for (size_t c = 0; terms && c < db->ncats && !rc; c++)
		rc = !(terms[nt++] = prefixed(a, LF_TERM_RISK, db->cats[c], strlen(db->cats[c])));
	for (const char *l = db->layers; terms && l && *l && nlayers < 64 && !rc;) {
		const char *e;
		while (*l == ' ')
			l++;
		e = strchr(l, ' ');
		if (!e)
			e = l + strlen(l);
		if (e > l) {
			rc = !(terms[nt++] = prefixed(a, LF_TERM_LAYER, l, (size_t)(e - l)));
			nlayers++;
		}
		l = e;
	}
	if (!terms || !counts || rc) {
		free(terms);
		free(counts);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	lf_xsearch_init(&so);
	so.limit = 0;
	so.check_at_least = db->laws + 1;
	so.facet_slots[0] = LF_SLOT_JUR;
	so.facet_slots[1] = LF_SLOT_LANG;
	so.facet_slots[2] = LF_SLOT_YEARSTR;
	so.count_terms = (const char *const *)terms;
	so.ncount_terms = nt;
	so.term_counts = counts;
	if ((rc = lf_q_search(db, q, &so, &ms, err)) != 0) {
		free(terms);
		free(counts);
		return rc;
	}
	for (int k = 0; k < 3; k++)
		lf_xmset_facet_each(ms, k, facet_add, &f[k]);
	lf_xmset_free(ms);
	for (size_t c = 0; c < db->ncats; c++)
		facet_add(db->cats[c], strlen(db->cats[c]), counts[c], &f[3]);
	for (size_t k = db->ncats; k < nt; k++)
		if (counts[k] > 0) {
			const char *w = terms[k] + strlen(LF_TERM_LAYER);
			facet_add(w, strlen(w), counts[k], &f[4]);
		}
	free(terms);
	free(counts);
	for (int k = 0; k < 5; k++)
		if (f[k].n)
			qsort(f[k].v, f[k].n, sizeof *f[k].v, k == 2 ? cmp_count_key : cmp_count_desc);
	res->by_jurisdiction = f[0].v;
	res->njurisdiction = f[0].n;
	res->by_language = f[1].v;
	res->nlanguage = f[1].n;
	res->by_year = f[2].v;
	res->nyear = f[2].n;
	res->by_risk = f[3].v;
	res->nrisk = f[3].n;
	res->by_layer = f[4].v;
	res->nlayer = f[4].n;
	return 0;
}

/* A relevance search reads the match from its first law down to the end
 * of the page or RANK_DEPTH laws, whichever is further, so that lf_q_rerank
 * can rank its first RANK_DEPTH laws again and the page be cut from that
 * order (every page from the same order).  Returns the page's offset + 1. */
static unsigned rerank_window(lf_xsearch *so)
{
	unsigned off = so->offset, end = so->limit > UINT_MAX - off ? UINT_MAX : off + so->limit;

	so->offset = 0;
	so->limit = end > RANK_DEPTH ? end : RANK_DEPTH;
	if (so->check_at_least < so->limit + 1 && so->limit < UINT_MAX)
		so->check_at_least = so->limit + 1;
	return off + 1;
}

static int search_once(lf_db *db, const lf_search_opts *o, lf_results **out, lf_err *err)
{
	lf_results *res;
	lf_q_plan plan;
	lf_xquery *textq;
	uint64_t mask;
	int risk_slot;
	lf_tagged_law tl;
	lf_xmset *ms = NULL;
	lf_terms *terms = NULL;
	lf_buf data, tmp, snip;
	stemmers sts;
	lf_q_qterms qt = {0};
	lf_q_ranked *ranked = NULL;
	unsigned page_off = 0, maxp = o->max_provisions ? o->max_provisions : 3;
	uint64_t risk_mask = 0; /* the --risk categories, by index */
	size_t i;
	int rc, oom = 0;

	*out = NULL;
	memset(&sts, 0, sizeof sts);
	memset(&plan, 0, sizeof plan);
	lf_buf_init(&data, 0);
	lf_buf_init(&tmp, 0);
	lf_buf_init(&snip, 0);
	res = calloc(1, sizeof *res);
	if (!res || !(res->priv = calloc(1, sizeof *res->priv)) || !(res->priv->arena = lf_arena_new())) {
		lf_results_free(res);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	if ((rc = lf_q_plan_build(db, o, &plan, err)) != 0)
		goto out;
	textq = plan.textq;
	mask = plan.mask;
	if (plan.tr.query_lang) {
		lf_arena *a = res->priv->arena;
		const char **tlangs = lf_arena_alloc(a, (plan.tr.n + 1) * sizeof *tlangs);
		const char **ttexts = lf_arena_alloc(a, (plan.tr.n + 1) * sizeof *ttexts);
		res->query_lang = lf_arena_strdup(a, plan.tr.query_lang);
		for (i = 0; tlangs && ttexts && i < plan.tr.n; i++) {
			tlangs[i] = lf_arena_strdup(a, plan.tr.lang[i]);
			ttexts[i] = lf_arena_strdup(a, plan.tr.text[i]);
		}
		res->translation_langs = tlangs;
		res->translations = ttexts;
		res->ntranslations = tlangs && ttexts ? plan.tr.n : 0;
	}
	for (i = 0; i < o->nrisks; i++) {
		int c = lf_q_cat_index(db, o->risks[i]);
		if (c >= 0 && c < 64)
			risk_mask |= (uint64_t)1 << c;
	}
	risk_slot = plan.risk_slot;
	if (mask) {
		res->concepts = lf_arena_alloc(res->priv->arena, (db->ncats + 1) * sizeof *res->concepts);
		for (i = 0; res->concepts && i < db->ncats; i++)
			if (mask & ((uint64_t)1 << i))
				((const char **)res->concepts)[res->nconcepts++] =
					lf_q_str(res->priv->arena, db->cats[i], strlen(db->cats[i]));
	}
	if (textq && plan.so.sort_slot < 0)
		page_off = rerank_window(&plan.so);
	if ((rc = lf_q_search(db, plan.q, &plan.so, &ms, err)) != 0)
		goto out;
	if (o->facets && (rc = facets(db, plan.q, res, err)) != 0)
		goto out;
	res->estimate = lf_xmset_estimate(ms);
	res->nhits = lf_xmset_size(ms);
	if (page_off) {
		/* the page of the match ranked again (rerank_window) */
		size_t lim = o->limit ? o->limit : 10;
		res->nhits = res->nhits > page_off - 1 ? res->nhits - (page_off - 1) : 0;
		if (res->nhits > lim)
			res->nhits = lim;
	}
	res->hits = lf_arena_alloc(res->priv->arena, (res->nhits + 1) * sizeof *res->hits);
	if (!res->hits) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	memset(res->hits, 0, (res->nhits + 1) * sizeof *res->hits);
	terms = lf_terms_new();
	if (textq && !terms) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	if (textq && (rc = lf_xquery_terms_each(textq, add_term_cb, terms)) != 0) {
		lf_err_set(err, rc, "%s", lf_strerror(rc));
		goto out;
	}
	if (textq && (rc = lf_q_qterms_get(db, textq, &qt, err)) != 0)
		goto out;
	qt.tr = plan.tr.n ? &plan.tr : NULL;
	if (page_off) {
		if (!(ranked = calloc(lf_xmset_size(ms) + 1, sizeof *ranked))) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			goto out;
		}
		if ((rc = lf_q_rerank(db, ms, plan.score_scale, &qt, ranked, err)) != 0)
			goto out;
	}
	for (i = 0; i < res->nhits; i++) {
		lf_hit *h = &res->hits[i];
		lf_arena *a = res->priv->arena;
		char term[600];
		unsigned docid;
		/* the hit's place in the match */
		size_t at = ranked ? ranked[page_off - 1 + i].k : i;
		double w;
		if ((rc = lf_budget_check(&db->budget, err)) != 0 ||
		    (rc = lf_xmset_value(ms, at, LF_SLOT_LAWID, &tmp, err)) != 0 ||
		    (rc = lf_xmset_hit(ms, at, &docid, &w, err)) != 0)
			break;
		h->id = lf_q_str(a, lf_buf_str(&tmp), tmp.n);
		h->score = ranked ? ranked[page_off - 1 + i].score : w * plan.score_scale;
		snprintf(term, sizeof term, LF_TERM_ID "%s", h->id);
		if ((rc = lf_xdb_term_data(db->x, term, &data, err)) == LF_ENOTFOUND) {
			/* provisions without their law document: a broken index */
			lf_buf_reset(&data);
			rc = 0;
		} else if (rc) {
			break;
		}
		h->path = rec_str(a, &data, "path", &tmp, &oom);
		h->title = rec_str(a, &data, "title", &tmp, &oom);
		h->short_title = rec_str(a, &data, "short_title", &tmp, &oom);
		h->jurisdiction = rec_str(a, &data, "jurisdiction", &tmp, &oom);
		h->language = rec_str(a, &data, "language", &tmp, &oom);
		h->format = rec_str(a, &data, "format", &tmp, &oom);
		h->year = rec_str(a, &data, "year", &tmp, &oom);
		h->date = rec_str(a, &data, "date_enacted", &tmp, &oom);
		h->snippet = "";
		{
			lf_tagged_law t;
			size_t k = 0;
			if (lf_tagrec_parse(lf_buf_str(&data), data.n, a, &t) == 0) {
				/* only the categories the law carries */
				for (size_t r = 0; r < t.nrisks; r++)
					if (t.risks[r].tagged)
						t.risks[k++] = t.risks[r];
				h->risks = t.risks;
				h->nrisks = k;
				h->layers = t.layers;
				h->nlayers = t.nlayers;
				tl = t;
			} else {
				memset(&tl, 0, sizeof tl);
				oom = 1; /* the law's risks could not be read */
			}
			if (risk_slot >= 0) {
				/* ranked by risk: the score shown is that risk */
				if ((rc = lf_xmset_value(ms, at, (unsigned)risk_slot, &tmp, err)) != 0)
					break; /* not read: an error, not a score of 0 */
				h->score = tmp.n ? lf_xsortable_unserialise(lf_buf_str(&tmp), tmp.n) : 0;
			}
		}
		if (textq) {
			lf_xstemmer *st = stemmer_for(&sts, h->language, &oom);
			if (oom) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			/* matched through a concept of the query: the evidence for it
			 * shows why; else the provisions with the query's words */
			if ((mask & lf_q_law_mask(db, &tl)) &&
			    lf_q_evidence_provisions(db, mask & lf_q_law_mask(db, &tl), &tl, &data, maxp, a, h) != 0) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			if (!h->nprovs &&
			    (rc = law_provisions(db, docid, &qt, &data, terms, st, h->id, maxp, a, h, err)) != 0)
				break;
			if (h->nprovs)
				h->snippet = h->provs[0].snippet;
			else {
				/* matched on the title or preface */
				lf_buf_reset(&snip);
				oom |= lf_rec_get(lf_buf_str(&data), data.n, "preface", &tmp) < 0;
				lf_buf_reset(&data);
				oom |= lf_buf_adds(&data, h->title) != 0;
				if (tmp.n) {
					oom |= lf_buf_adds(&data, ". ") != 0;
					oom |= lf_buf_add(&data, tmp.p, tmp.n) != 0;
				}
				oom |= lf_snippet(lf_buf_str(&data), data.n, terms, st, 240, &snip) != 0;
				h->snippet = lf_q_str(a, lf_buf_str(&snip), snip.n);
			}
		} else if (risk_mask) {
			/* listed by risk: the law's strongest evidence for it */
			if (lf_q_evidence_provisions(db, risk_mask, &tl, &data, maxp, a, h) != 0) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			if (h->nprovs)
				h->snippet = h->provs[0].snippet;
		}
	}
	/* a string that could not be copied reads "": an error, not a blank */
	if (!rc && (oom || lf_arena_failed(res->priv->arena)))
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
out:
	lf_q_qterms_free(&qt);
	free(ranked);
	for (i = 0; i < (size_t)sts.n; i++)
		lf_xstemmer_free(sts.st[i]);
	lf_terms_free(terms);
	lf_xmset_free(ms);
	lf_q_plan_free(&plan);
	lf_buf_free(&data);
	lf_buf_free(&tmp);
	lf_buf_free(&snip);
	if (rc) {
		lf_results_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

void lf_results_free(lf_results *r)
{
	if (!r)
		return;
	lf_q_priv_free(r->priv);
	free(r);
}

typedef struct search_args {
	const lf_search_opts *o;
	lf_results **out;
} search_args;

static int search_call(lf_db *db, void *ctx, lf_err *err)
{
	search_args *a = ctx;
	return search_once(db, a->o, a->out, err);
}

/* search_once, again if an index run discarded the revision it read. */
int lf_search(lf_db *db, const lf_search_opts *o, lf_results **out, lf_err *err)
{
	search_args a = {o, out};
	return lf_q_retry(db, search_call, &a, err);
}
