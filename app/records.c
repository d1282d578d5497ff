/* records.c - the objects lexfrag writes as JSON and CSV (records.h). */
#include "app/records.h"

#include <string.h>

void out_risks_fields(json_w *w, const lf_risk *r, size_t n, const char *const *layers, size_t nlayers)
{
	json_key(w, "risks");
	json_begin_object(w);
	for (size_t i = 0; i < n; i++)
		if (r[i].tagged)
			json_knumber(w, r[i].category, r[i].score, 3);
	json_end_object(w);
	json_key(w, "layers");
	json_begin_array(w);
	for (size_t i = 0; i < nlayers; i++)
		json_string(w, layers[i]);
	json_end_array(w);
}

void out_evidence_fields(json_w *w, const lf_evidence *e, size_t n)
{
	json_key(w, "evidence");
	json_begin_array(w);
	for (size_t i = 0; i < n; i++) {
		json_begin_object(w);
		json_kstring(w, "category", e[i].category);
		json_knumber(w, "strength", e[i].strength, 3);
		json_kstring(w, "provision", e[i].prov_id);
		json_kstring(w, "label", e[i].label);
		json_kstring(w, "rule", e[i].rule);
		json_kstring(w, "spans", e[i].spans);
		json_ktext(w, "text", e[i].excerpt);
		json_end_object(w);
	}
	json_end_array(w);
}

void out_risks_csv(csv_w *c, const lf_risk *r, size_t n, const char *const *layers, size_t nlayers)
{
	csv_list_begin(c);
	for (size_t i = 0; i < n; i++)
		if (r[i].tagged)
			csv_list_addf(c, ";", "%s:%.3f", r[i].category, r[i].score);
	csv_list_end(c);
	csv_list_begin(c);
	for (size_t i = 0; i < nlayers; i++)
		csv_list_add(c, ";", layers[i]);
	csv_list_end(c);
}

void out_translations_fields(json_w *w, const lf_results *res)
{
	json_key(w, "query_language");
	if (res->query_lang)
		json_string(w, res->query_lang);
	else
		json_null(w);
	json_key(w, "translations");
	json_begin_object(w);
	for (size_t i = 0; i < res->ntranslations; i++)
		json_kstring(w, res->translation_langs[i], res->translations[i]);
	json_end_object(w);
}

void out_hit_json(json_w *w, const lf_hit *h, const lf_results *res)
{
	json_begin_object(w);
	json_kstring(w, "id", h->id);
	json_kstring(w, "path", h->path);
	json_kstring(w, "title", h->title);
	json_kstring(w, "short_title", h->short_title);
	json_kstring(w, "jurisdiction", h->jurisdiction);
	json_kstring(w, "language", h->language);
	json_kstring(w, "source_format", h->format);
	json_kyear(w, "year", h->year);
	json_kstring(w, "date", h->date);
	json_knumber(w, "score", h->score, 4);
	json_ktext(w, "snippet", h->snippet);
	out_risks_fields(w, h->risks, h->nrisks, h->layers, h->nlayers);
	json_key(w, "provisions");
	json_begin_array(w);
	for (size_t i = 0; i < h->nprovs; i++) {
		const lf_hit_prov *p = &h->provs[i];
		json_begin_object(w);
		json_kstring(w, "id", p->id);
		json_kstring(w, "label", p->label);
		json_kstring(w, "heading", p->heading);
		json_kstring(w, "kind", p->kind);
		json_knumber(w, "score", p->score, 4);
		json_ktext(w, "snippet", p->snippet);
		json_end_object(w);
	}
	json_end_array(w);
	if (res)
		out_translations_fields(w, res);
	json_end_object(w);
}

void out_hit_csv(csv_w *c, const lf_hit *h)
{
	csv_text(c, h->id);
	csv_text(c, h->path);
	csv_text(c, h->title);
	csv_text(c, h->jurisdiction);
	csv_text(c, h->language);
	csv_text(c, h->format);
	csv_text(c, h->year); /* the law's text, not a number of ours */
	csv_number(c, h->score, 4);
	csv_list_begin(c); /* the best provisions' labels, "; "-joined */
	for (size_t i = 0; i < h->nprovs; i++)
		csv_list_add(c, "; ", *h->provs[i].label ? h->provs[i].label : h->provs[i].id);
	csv_list_end(c);
	csv_text(c, h->snippet);
	out_risks_csv(c, h->risks, h->nrisks, h->layers, h->nlayers);
	csv_end_row(c);
}

void out_law_json(json_w *w, const lf_law_view *v, int toc_only)
{
	json_begin_object(w);
	json_kstring(w, "id", v->id);
	json_key(w, "metadata");
	json_begin_object(w);
	for (size_t i = 0; i < v->nfields; i++) {
		json_key(w, v->fields[i].name);
		json_begin_object(w);
		json_kstring(w, "value", v->fields[i].value);
		json_kstring(w, "source", v->fields[i].source);
		json_end_object(w);
	}
	json_end_object(w);
	out_risks_fields(w, v->risks, v->nrisks, v->layers, v->nlayers);
	out_evidence_fields(w, v->evidence, v->nevidence);
	json_kstring(w, "preface", v->preface);
	json_key(w, "toc");
	json_begin_array(w);
	for (size_t i = 0; i < v->ntoc; i++) {
		const lf_toc_view *t = &v->toc[i];
		json_begin_object(w);
		json_key(w, "depth");
		json_int(w, t->depth);
		json_kstring(w, "kind", t->kind);
		json_kstring(w, "id", t->id);
		json_kstring(w, "label", t->label);
		json_kstring(w, "heading", t->heading);
		json_end_object(w);
	}
	json_end_array(w);
	json_key(w, "provisions");
	json_begin_array(w);
	for (size_t i = 0; i < v->nunits; i++) {
		const lf_unit_view *u = &v->units[i];
		json_begin_object(w);
		json_kstring(w, "id", u->id);
		json_kstring(w, "kind", u->kind);
		json_kstring(w, "label", u->label);
		json_kstring(w, "heading", u->heading);
		json_kstring(w, "path", u->path);
		if (!toc_only)
			json_kstring(w, "text", u->text);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

void out_counts_fields(json_w *w, const char *key, const lf_count *c, size_t n)
{
	json_key(w, key);
	json_begin_object(w);
	for (size_t i = 0; i < n; i++)
		json_kuint(w, c[i].key, c[i].n);
	json_end_object(w);
}

void out_stats_json(json_w *w, const lf_stats *s, const char *database)
{
	json_begin_object(w);
	json_kstring(w, "database", database);
	json_kuint(w, "laws", s->laws);
	json_kuint(w, "provisions", s->provisions);
	json_kuint(w, "shards", s->shards);
	json_kuint(w, "index_bytes", (unsigned long long)s->index_bytes);
	out_counts_fields(w, "by_jurisdiction", s->by_jurisdiction, s->njurisdiction);
	out_counts_fields(w, "by_language", s->by_language, s->nlanguage);
	out_counts_fields(w, "by_format", s->by_format, s->nformat);
	out_counts_fields(w, "by_year", s->by_year, s->nyear);
	out_counts_fields(w, "by_risk", s->by_risk, s->nrisk);
	out_counts_fields(w, "by_layer", s->by_layer, s->nlayer);
	out_shards_fields(w, s);
	json_end_object(w);
}

void out_shards_fields(json_w *w, const lf_stats *s)
{
	json_kuint(w, "remote_shards", s->remote_shards);
	json_kuint(w, "shards_down", s->shards_down);
	json_key(w, "shard_list");
	json_begin_array(w);
	for (unsigned i = 0; i < s->shards; i++) {
		const lf_shard_stats *t = &s->shard[i];
		json_begin_object(w);
		json_kstring(w, "name", t->name);
		json_kbool(w, "remote", t->remote);
		json_kbool(w, "up", t->up);
		json_kstring(w, "reason", t->reason);
		json_kuint(w, "laws", t->laws);
		json_kuint(w, "provisions", t->provisions);
		json_kstring(w, "taxonomy", t->taxonomy);
		json_kstring(w, "shard_of", t->shard_of);
		json_key(w, "bytes");
		if (t->remote)
			json_null(w);
		else
			json_uint(w, (unsigned long long)t->bytes);
		json_end_object(w);
	}
	json_end_array(w);
}

void out_shards_down_fields(json_w *w, const lf_db *db)
{
	const char *const *names;
	size_t n = lf_db_shards_down(db, &names);

	json_key(w, "shards_down");
	json_begin_array(w);
	for (size_t i = 0; i < n; i++)
		json_string(w, names[i]);
	json_end_array(w);
}

void out_similar_draft_json(json_w *w, const lf_similar_results *res, const lf_draft_info *di)
{
	const lf_tagged_law *t = di->tags;

	json_begin_object(w);
	json_kstring(w, "title", di->title);
	json_kstring(w, "language", di->language);
	json_kuint(w, "units", di->units);
	json_kuint(w, "tokens", res->draft_tokens);
	json_kbool(w, "partial", res->partial);
	out_risks_fields(w, t->risks, t->nrisks, t->layers, t->nlayers);
	out_evidence_fields(w, t->evidence, t->nevidence);
	json_end_object(w);
}

void out_similar_hit_json(json_w *w, const lf_similar_hit *h)
{
	json_begin_object(w);
	json_kstring(w, "id", h->id);
	json_kstring(w, "path", h->path);
	json_kstring(w, "title", h->title);
	json_kstring(w, "jurisdiction", h->jurisdiction);
	json_kstring(w, "language", h->language);
	json_kyear(w, "year", h->year);
	json_knumber(w, "score", h->score, 4);
	json_kbool(w, "near_duplicate", h->near_duplicate);
	out_risks_fields(w, h->risks, h->nrisks, h->layers, h->nlayers);
	json_key(w, "passages");
	json_begin_array(w);
	for (size_t k = 0; k < h->npassages; k++) {
		const lf_passage *p = &h->passages[k];
		json_begin_object(w);
		json_kstring(w, "label", p->label);
		json_kstring(w, "provision", p->prov_id);
		json_kstring(w, "heading", p->heading);
		json_ktext(w, "text", p->text);
		json_kstring(w, "draft_label", p->draft_label);
		json_ktext(w, "draft_text", p->draft_text);
		json_knumber(w, "score", p->score, 2);
		json_kuint(w, "matched", p->matched);
		if (p->translated) /* only then: a same-language passage is as it was */
			json_kbool(w, "translated", 1);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

void out_reuse_json(json_w *w, const lf_reuse_pair *p)
{
	json_begin_object(w);
	json_kstring(w, "law", p->law);
	json_kstring(w, "label", p->label);
	json_kstring(w, "provision", p->prov_id);
	json_kstring(w, "other_law", p->other_law);
	json_kstring(w, "other_label", p->other_label);
	json_kstring(w, "other_provision", p->other_prov_id);
	json_knumber(w, "score", p->score, 1);
	json_kuint(w, "matched", p->matched);
	json_ktext(w, "text", p->text);
	json_ktext(w, "other_text", p->other_text);
	json_end_object(w);
}

void out_reuse_csv(csv_w *c, const lf_reuse_pair *p)
{
	csv_text(c, p->law);
	csv_text(c, p->label);
	csv_text(c, p->prov_id);
	csv_text(c, p->other_law);
	csv_text(c, p->other_label);
	csv_text(c, p->other_prov_id);
	csv_number(c, p->score, 1);
	csv_number(c, p->matched, 0);
	csv_text(c, p->text);
	csv_text(c, p->other_text);
	csv_end_row(c);
}

void out_tagged_json(json_w *w, const lf_tagged_law *t)
{
	json_begin_object(w);
	json_kstring(w, "path", t->path);
	json_kstring(w, "id", t->id);
	json_kstring(w, "title", t->title);
	json_kstring(w, "jurisdiction", t->jurisdiction);
	json_kstring(w, "language", t->language);
	if (t->rules_language)
		json_kstring(w, "rules_language", t->rules_language);
	out_risks_fields(w, t->risks, t->nrisks, t->layers, t->nlayers);
	/* what each score is made of, weak ones too (eval/fit_score.py) */
	json_key(w, "risk_basis");
	json_begin_object(w);
	for (size_t i = 0; i < t->nrisks; i++) {
		const lf_risk *r = &t->risks[i];
		json_key(w, r->category);
		json_begin_object(w);
		json_knumber(w, "score", r->score, 3);
		json_knumber(w, "strongest", r->strongest, 3);
		json_kuint(w, "provisions", r->provisions);
		json_kstring(w, "subject", r->subject ? r->subject : "");
		json_kbool(w, "tagged", r->tagged);
		json_end_object(w);
	}
	json_end_object(w);
	out_evidence_fields(w, t->evidence, t->nevidence);
	json_end_object(w);
}

void out_taxonomy_json(json_w *w, const lf_db *db)
{
	const char *const *ids;
	size_t n;

	json_begin_object(w);
	json_key(w, "categories");
	json_begin_array(w);
	n = lf_db_categories(db, &ids);
	for (size_t i = 0; i < n; i++)
		json_string(w, ids[i]);
	json_end_array(w);
	json_key(w, "layers");
	json_begin_array(w);
	n = lf_db_layers(db, &ids);
	for (size_t i = 0; i < n; i++)
		json_string(w, ids[i]);
	json_end_array(w);
	json_end_object(w);
}
