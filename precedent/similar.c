/*
 * similar.c - precedent: which laws a draft reuses, with the passages
 * aligned (lf_similar, lexfrag.h).
 *
 * 1. Candidates.  For each unit of the draft, its most distinctive words
 *    (tf x idf over the index, stemmed as the indexer stems them in the
 *    draft's language; character bigrams for CJK) make an OR query; its
 *    best laws (one result per law) are the unit's candidates.  A law is
 *    aligned only with the units that proposed it.
 * 2. Provisions.  In a candidate law, the provisions whose position ranges
 *    hold the most of those words (core/schema.h: "ranges") are the ones
 *    aligned, at most PROVS_PER_UNIT of them.
 * 3. Alignment.  Draft unit and provision are tokenised and folded as the
 *    tagger does (tagging/tagger.h) and aligned with Smith-Waterman and
 *    affine gaps (precedent/align.h); a second alignment with the first one's draft
 *    tokens masked finds a second passage (sentences moved or merged).  A
 *    passage counts from min_passage on.
 * 4. Score.  A law's score is the share of the draft's tokens that its
 *    passages cover; it is a near-duplicate of the draft (the same law in
 *    another format or version) when it covers most of the draft and is
 *    about as long.
 *
 * 5. Translation.  The parts of the draft no law explains are translated
 *    into the index's other languages and steps 1-4 run again on the
 *    translations, for the laws of those languages (cross-lingual
 *    precedent: a draft that translates a foreign law).
 *
 * Steps 1 and 2 are in similar_cand.c, step 3 in similar_align.c, step 4
 * here, step 5 in similar_xl.c; similar_int.h holds what they share.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rec.h"
#include "core/schema.h"
#include "core/text/lang.h"
#include "precedent/similar_int.h"
#include "tagging/tagrec.h"

/* ----------------------------------------------------------- results */

/* The same law read from two files: the indexer gives the second file
 * with an id already taken the id plus "~<format>" (the GDPR as Formex
 * "32016R0679", as EUR-Lex HTML "32016R0679~eurlex-html"). */
static int same_law(const char *a, const char *b)
{
	size_t na, nb;

	if (!a || !b)
		return 0;
	na = strcspn(a, "~");
	nb = strcspn(b, "~");
	return na == nb && !memcmp(a, b, na);
}

/* A field of a law's record into arena a (NULL: out of memory). */
static const char *rec_field(const lf_buf *data, const char *key, lf_buf *tmp, lf_arena *a)
{
	lf_buf_reset(tmp);
	if (lf_rec_get(lf_buf_str(data), data->n, key, tmp) < 0)
		return NULL;
	return lf_arena_strndup(a, lf_buf_str(tmp), tmp->n);
}

/* Fills h from candidate c's record and the passages found (cs).  Returns
 * 0, or LF_ENOMEM in err: no field or passage is left out. */
static int fill_hit(run *r, const cand *c, cand_state *cs, lf_arena *a, lf_similar_hit *h, lf_err *err)
{
	size_t covered = 0, draft_len = 0, *want;
	lf_toc_view *ent;
	lf_tagged_law t;
	int rc = 0;

	/* score: the share of the draft's tokens covered */
	for (size_t u = 0; u < r->d->nunits; u++) {
		draft_len += r->us[u].t.n;
		for (size_t i = 0; cs->dcov[u] && i < r->us[u].t.n; i++)
			covered += cs->dcov[u][i];
	}
	h->id = lf_q_str(a, c->id, strlen(c->id));
	h->score = draft_len ? (double)covered / (double)draft_len : 0;
	h->near_duplicate = same_law(r->d->law_id, c->id) ||
	                    (h->score >= 0.8 && cs->law_len && draft_len >= 0.8 * (double)cs->law_len &&
	                     (double)draft_len <= 1.25 * (double)cs->law_len);
	if (lf_tagrec_parse(lf_buf_str(&cs->data), cs->data.n, a, &t) != 0)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	{
		size_t k = 0;
		for (size_t i = 0; i < t.nrisks; i++)
			if (t.risks[i].tagged)
				t.risks[k++] = t.risks[i];
		h->risks = t.risks;
		h->nrisks = k;
		h->layers = t.layers;
		h->nlayers = t.nlayers;
	}
	if (!(h->path = rec_field(&cs->data, "path", &cs->tmp, a)) ||
	    !(h->title = rec_field(&cs->data, "title", &cs->tmp, a)) ||
	    !(h->jurisdiction = rec_field(&cs->data, "jurisdiction", &cs->tmp, a)) ||
	    !(h->language = rec_field(&cs->data, "language", &cs->tmp, a)) ||
	    !(h->format = rec_field(&cs->data, "format", &cs->tmp, a)) ||
	    !(h->year = rec_field(&cs->data, "year", &cs->tmp, a)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	h->passages = lf_arena_alloc(a, cs->nps * sizeof *h->passages);
	/* the provisions' labels, in one pass over the record */
	want = malloc(cs->nps * sizeof *want);
	ent = malloc(cs->nps * sizeof *ent);
	if (!h->passages || !want || !ent) {
		free(want);
		free(ent);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < cs->nps; i++)
		want[i] = cs->nrg ? cs->rg[cs->ps[i].range].toc : (size_t)-1;
	if (lf_q_toc_entries(&cs->data, want, cs->nps, a, ent) != 0)
		rc = LF_ENOMEM;
	/* cs->ps is in the draft's order: units were aligned in order */
	for (size_t i = 0; i < cs->nps && !rc; i++) {
		lf_passage *p = &h->passages[h->npassages];
		const passage_tmp *pt = &cs->ps[i];
		const lf_draft_unit *du = &r->d->units[pt->unit];
		const prov_cache *pv = &cs->pc[pt->range];
		p->draft_id = du->id;
		p->draft_label = du->label;
		p->draft_text = lf_q_marked(a, du->text, &r->us[pt->unit].t, pt->a.a_start, pt->a.a_end,
		                            pt->a_hit + pt->a.a_start);
		p->prov_id = *ent[i].id ? ent[i].id : "preface";
		p->label = ent[i].label;
		p->heading = ent[i].heading;
		p->text = lf_q_marked(a, pv->text, &pv->t, pt->a.b_start, pt->a.b_end, pt->b_hit + pt->a.b_start);
		if (!p->draft_text || !p->text)
			rc = LF_ENOMEM;
		p->score = pt->a.score;
		p->draft_tokens = (unsigned)(pt->a.a_end - pt->a.a_start);
		p->matched = (unsigned)pt->a.matches;
		p->translated = pt->translated;
		h->align_score += pt->a.score;
		h->npassages++;
	}
	free(want);
	free(ent);
	/* lf_q_str gives "" when the arena fails: it says so */
	if (rc || lf_arena_failed(a))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	return 0;
}

/* The candidate's ranges, their BM25 length parts and scratch, and its
 * provision caches: a law without ranges (unstructured text) has its
 * preface as the one passage source. */
static int cand_start(run *r, const cand *c, cand_state *cs, lf_err *err)
{
	double avglen = 0;
	char term[600];
	int rc;

	snprintf(term, sizeof term, LF_TERM_ID "%s", c->id);
	if ((rc = lf_xdb_term_data(r->db->x, term, &cs->data, err)) == LF_ENOTFOUND) {
		lf_err_clear(err);
		return 1; /* a provision without its law: nothing to align */
	}
	if (rc)
		return rc;
	if (lf_rec_get(lf_buf_str(&cs->data), cs->data.n, "ranges", &cs->tmp) < 0)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	cs->nrg = cs->tmp.n ? lf_q_ranges_parse(lf_buf_str(&cs->tmp), &cs->rg) : 0;
	if (cs->tmp.n && !cs->rg)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t i = 0; i < cs->nrg; i++) {
		cs->law_len += cs->rg[i].end - cs->rg[i].start + 1;
		avglen += (double)(cs->rg[i].end - cs->rg[i].start + 1);
	}
	if (cs->nrg)
		avglen /= (double)cs->nrg;
	cs->pc = calloc(cs->nrg + 1, sizeof *cs->pc);
	cs->len_norm = malloc((cs->nrg + 1) * sizeof *cs->len_norm);
	cs->score = calloc(cs->nrg + 1, sizeof *cs->score);
	cs->touched = malloc((cs->nrg + 1) * sizeof *cs->touched);
	cs->nterms = calloc(cs->nrg + 1, sizeof *cs->nterms);
	cs->dcov = calloc(r->d->nunits + 1, sizeof *cs->dcov);
	cs->ua = malloc(LF_ALIGN_MAX * sizeof *cs->ua);
	if (!cs->pc || !cs->len_norm || !cs->score || !cs->touched || !cs->nterms || !cs->dcov || !cs->ua)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t i = 0; i < cs->nrg; i++)
		cs->len_norm[i] = 1.2 * (0.25 + 0.75 * (double)(cs->rg[i].end - cs->rg[i].start + 1) / avglen);
	if (!cs->nrg) {
		prov_cache *p = &cs->pc[0];
		lf_buf_reset(&cs->tmp);
		if (lf_rec_get(lf_buf_str(&cs->data), cs->data.n, "preface", &cs->tmp) < 0)
			return lf_err_set(err, LF_ENOMEM, "out of memory");
		p->loaded = 1;
		if (cs->tmp.n) {
			if (!(p->text = malloc(cs->tmp.n + 1)))
				return lf_err_set(err, LF_ENOMEM, "out of memory");
			memcpy(p->text, lf_buf_str(&cs->tmp), cs->tmp.n + 1);
			p->n = cs->tmp.n;
			if ((rc = lf_q_tokens(p->text, p->n, 0, &p->t)) != 0)
				return lf_err_set(err, rc, "out of memory");
			cs->law_len = p->t.n;
		}
	}
	return 0;
}

static void cand_end(run *r, cand_state *cs)
{
	for (size_t i = 0; cs->pc && i < (cs->nrg ? cs->nrg : 1); i++) {
		lf_q_toks_free(&cs->pc[i].t);
		free(cs->pc[i].text);
		free(cs->pc[i].sorted);
		free(cs->pc[i].xid);
		free(cs->pc[i].xmap);
	}
	for (size_t i = 0; i < cs->nps; i++) {
		free(cs->ps[i].a_hit);
		free(cs->ps[i].b_hit);
	}
	for (size_t u = 0; cs->dcov && u < r->d->nunits; u++)
		free(cs->dcov[u]);
	free(cs->dcov);
	free(cs->ps);
	free(cs->pc);
	free(cs->rg);
	free(cs->len_norm);
	free(cs->score);
	free(cs->touched);
	free(cs->nterms);
	free(cs->ua);
	lf_q_chunk_free(&cs->cache);
	lf_buf_free(&cs->data);
	lf_buf_free(&cs->tmp);
	lf_sim_memo_clear(&r->pos, 1); /* the ranges are the candidate's */
}

/* Aligns candidate c with the draft units that proposed it (every unit,
 * for one of the strongest candidates); fills h if it holds a passage.
 * On translated units (r->xu) through similar_xl.c; otherwise it keeps in
 * r->ucov how much of each unit the law covers. */
int lf_sim_align_candidate(run *r, cand *c, lf_arena *a, lf_similar_hit *h, lf_err *err)
{
	cand_state cs;
	size_t nu = c->all ? r->d->nunits : c->nunits, next = 0;
	int rc;

	memset(&cs, 0, sizeof cs);
	lf_buf_init(&cs.data, 0);
	lf_buf_init(&cs.tmp, 0);
	lf_q_chunk_init(&cs.cache);
	rc = cand_start(r, c, &cs, err);
	if (rc == 1)
		rc = 0;
	else
		for (size_t k = 0; k < nu && !rc; k++) {
			size_t u = c->all ? k : c->units[k];
			int proposed = next < c->nunits && c->units[next] == u; /* both in the draft's order */
			next += proposed;
			rc = r->xu ? lf_sim_xl_align_unit(r, c, &cs, u, proposed, err)
			           : lf_sim_align_unit(r, c, &cs, u, proposed, err);
		}
	for (size_t u = 0; !rc && !r->xu && r->ucov && cs.dcov && u < r->d->nunits; u++) {
		if (!cs.dcov[u])
			continue;
		if (!r->ucov[u] && !(r->ucov[u] = calloc(r->us[u].t.n + 1, 1)))
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		for (size_t i = 0; !rc && i < r->us[u].t.n; i++)
			r->ucov[u][i] |= cs.dcov[u][i];
	}
	if (!rc && cs.nps)
		rc = fill_hit(r, c, &cs, a, h, err);
	cand_end(r, &cs);
	return rc;
}

static int cmp_hit(const void *a, const void *b)
{
	const lf_similar_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->align_score != y->align_score)
		return x->align_score < y->align_score ? 1 : -1;
	return strcmp(x->id, y->id);
}

int lf_similar(lf_db *db, const lf_draft *d, const lf_similar_opts *o, lf_similar_results **out,
               lf_err *err)
{
	static const lf_align_params params = LF_ALIGN_DEFAULTS;
	lf_similar_results *res;
	stemmers sts;
	lf_xstemmer *st = NULL;
	run r;
	memo dfs = LF_MAP_INIT;
	int rc = 0;
	size_t nh = 0, nmade = 0, caph = 0, limit = o && o->limit ? o->limit : 10;

	*out = NULL;
	memset(&r, 0, sizeof r);
	memset(&sts, 0, sizeof sts);
	r.db = db;
	r.d = d;
	r.min_passage = o && o->min_passage > 0 ? o->min_passage : DEFAULT_MIN_PASSAGE;
	r.match = params.match;
	res = calloc(1, sizeof *res);
	if (!res || !(res->priv = calloc(1, sizeof *res->priv)) || !(res->priv->arena = lf_arena_new()) ||
	    !(r.us = calloc(d->nunits + 1, sizeof *r.us)) || !(r.ucov = calloc(d->nunits + 1, sizeof *r.ucov)) ||
	    !(r.al = lf_aligner_new(&params))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t u = 0; u < d->nunits && !rc; u++) {
		unit_state *us = &r.us[u];
		/* each unit is stemmed in its own language (a draft may mix
		 * sources), the draft's when too short to tell */
		const char *lang = d->units[u].n >= 80 ? lf_lang_guess(d->units[u].text, d->units[u].n) : NULL;
		if (!lang)
			lang = d->language;
		us->lang = lang;
		if (lang && (rc = lf_sim_stemmer_for(&sts, lang, &st, err)) != 0)
			break;
		if ((rc = lf_budget_check(&db->budget, err)) != 0)
			break;
		if ((rc = lf_q_tokens(d->units[u].text, d->units[u].n, 0, &us->t)) != 0) {
			lf_err_set(err, rc, "out of memory");
			break;
		}
		us->min_score = r.min_passage * (2 * us->t.ncjk > us->t.n ? 2 : 1);
		res->draft_tokens += us->t.n;
		rc = lf_sim_unit_terms(db, &dfs, st, d->units[u].text, d->units[u].n, us, err);
	}
	if (!rc)
		rc = lf_sim_find_candidates(&r, o && o->candidates ? o->candidates : 6, err);
	free(r.cidx); /* by docid: r.c is sorted next */
	r.cidx = NULL;
	if (rc)
		goto out;
	nmade = r.nc;
	if (r.nc)
		qsort(r.c, r.nc, sizeof *r.c, lf_sim_cmp_cand);
	if (r.nc > MAX_CANDIDATES)
		r.nc = MAX_CANDIDATES; /* the most proposed ones */
	/* the strongest candidates are aligned with every unit of the draft,
	 * not only the units that proposed them: a copied penalty clause
	 * proposes other laws than the data protection act it came from
	 * (align_unit: only with the provisions holding FULL_MIN_TERMS of a
	 * unit's words, when the unit did not propose the law) */
	for (size_t i = 0; i < r.nc && i < FULL_CANDIDATES; i++)
		r.c[i].all = 1;
	res->candidates = r.nc;
	caph = r.nc + 1;
	res->hits = lf_arena_alloc(res->priv->arena, caph * sizeof *res->hits);
	if (!res->hits) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r.nc && !rc; i++) {
		lf_similar_hit *h = &res->hits[nh];
		memset(h, 0, sizeof *h);
		if ((rc = lf_sim_align_candidate(&r, &r.c[i], res->priv->arena, h, err)) == 0 && h->npassages)
			nh++;
	}
	/* step 5: the units no law of their own language explains, translated
	 * (similar_xl.c); not for a law of the index as the draft */
	if (!rc && !d->law_id && !(o && o->no_translate))
		rc = lf_sim_xl(&r, res->priv->arena, &res->hits, &nh, &caph, err);
	if (rc)
		goto out;
	qsort(res->hits, nh, sizeof *res->hits, cmp_hit);
	res->nhits = nh < limit ? nh : limit;
	res->partial = r.partial;
out:
	if (!nmade)
		nmade = r.nc; /* stopped before the cut */
	for (size_t i = 0; i < nmade; i++) {
		free(r.c[i].id);
		free(r.c[i].units);
	}
	free(r.c);
	for (size_t u = 0; r.us && u < d->nunits; u++) {
		lf_q_toks_free(&r.us[u].t);
		for (size_t t = 0; t < r.us[u].nterms; t++)
			free(r.us[u].terms[t].term);
	}
	free(r.us);
	for (size_t u = 0; r.ucov && u < d->nunits; u++)
		free(r.ucov[u]);
	free(r.ucov);
	free(r.cidx);
	lf_aligner_free(r.al);
	for (int i = 0; i < sts.n; i++)
		lf_xstemmer_free(sts.st[i]);
	lf_sim_memo_clear(&dfs, 0);
	if (rc) {
		lf_similar_results_free(res);
		res = NULL;
	}
	*out = res;
	return rc;
}

void lf_similar_results_free(lf_similar_results *r)
{
	if (!r)
		return;
	lf_q_priv_free(r->priv);
	free(r);
}

/* ------------------------------------------------ a law as the draft */

int lf_draft_from_law(lf_db *db, const char *law_id, lf_draft **out, lf_err *err)
{
	lf_draft *d = calloc(1, sizeof *d);
	lf_buf data, tmp;
	lf_q_range *rg = NULL;
	size_t nrg = 0, *want = NULL;
	lf_toc_view *ent = NULL;
	lf_chunk_cache cache;
	char term[600];
	int rc = 0;

	*out = NULL;
	lf_buf_init(&data, 0);
	lf_buf_init(&tmp, 0);
	lf_q_chunk_init(&cache);
	if (!d || !(d->arena = lf_arena_new())) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(term, sizeof term, LF_TERM_ID "%s", law_id);
	if ((rc = lf_xdb_term_data(db->x, term, &data, err)) != 0) {
		if (rc == LF_ENOTFOUND)
			lf_err_set(err, rc, "%s: no law with this id", law_id);
		goto out;
	}
	d->law_id = lf_q_str(d->arena, law_id, strlen(law_id));
	if (!(d->path = rec_field(&data, "path", &tmp, d->arena)) ||
	    !(d->title = rec_field(&data, "title", &tmp, d->arena)) ||
	    !(d->language = rec_field(&data, "language", &tmp, d->arena))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	lf_buf_reset(&tmp);
	if (lf_rec_get(lf_buf_str(&data), data.n, "ranges", &tmp) < 0) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	nrg = tmp.n ? lf_q_ranges_parse(lf_buf_str(&tmp), &rg) : 0;
	d->units = calloc(nrg + 1, sizeof *d->units);
	want = malloc((nrg + 1) * sizeof *want);
	ent = malloc((nrg + 1) * sizeof *ent);
	if ((tmp.n && !rg) || !d->units || !want || !ent ||
	    (rc = lf_tagrec_parse(lf_buf_str(&data), data.n, d->arena, &d->tags))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nrg; i++)
		want[i] = rg[i].toc;
	if (lf_q_toc_entries(&data, want, nrg, d->arena, ent) != 0) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nrg && !rc; i++) {
		lf_draft_unit *u = &d->units[d->nunits];
		if (rg[i].chunk < 0)
			continue;
		if ((rc = lf_budget_check(&db->budget, err)) != 0 ||
		    (rc = lf_q_text_at(db, law_id, rg[i].chunk, rg[i].off, rg[i].len, &cache, &tmp, err)) != 0)
			break;
		u->id = ent[i].id;
		u->label = ent[i].label;
		u->text = lf_q_str(d->arena, lf_buf_str(&tmp), tmp.n);
		u->n = tmp.n;
		d->nunits++;
	}
	if (!rc && !d->nunits) {
		/* unstructured text: the preface is the one unit */
		lf_buf_reset(&tmp);
		if (lf_rec_get(lf_buf_str(&data), data.n, "preface", &tmp) < 0)
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		else if (tmp.n) {
			d->units[0].id = "preface";
			d->units[0].label = "";
			d->units[0].text = lf_q_str(d->arena, lf_buf_str(&tmp), tmp.n);
			d->units[0].n = tmp.n;
			d->nunits = 1;
		}
	}
	if (!rc && !d->nunits)
		rc = lf_err_set(err, LF_EEMPTY, "%s: the law has no text to compare", law_id);
	if (!rc && lf_arena_failed(d->arena)) /* lf_q_str gave "" */
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
out:
	free(rg);
	free(want);
	free(ent);
	lf_q_chunk_free(&cache);
	lf_buf_free(&data);
	lf_buf_free(&tmp);
	if (rc) {
		lf_draft_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
