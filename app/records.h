/*
 * records.h - the objects lexfrag writes as JSON and CSV, each written by
 * one function that the command line and the server both call: a search
 * hit, a law, the stats, a similar law, a reuse pair, a tagged law, the
 * taxonomy.  The fields are the stable interface of README "Output
 * formats"; the writers (json.h, csv.h) make them well-formed.
 *
 * A function named *_fields writes keys into the object the caller has
 * begun; the others write a whole value.
 */
#ifndef LF_APP_RECORDS_H
#define LF_APP_RECORDS_H

#include <stddef.h>

#include "app/csv.h"
#include "app/json.h"
#include "lexfrag/lexfrag.h"

/* "risks": {category: score} of the tagged categories, "layers": [...] */
void out_risks_fields(json_w *w, const lf_risk *r, size_t n, const char *const *layers, size_t nlayers);
/* "evidence": [{category, strength, provision, label, rule, spans, text}] */
void out_evidence_fields(json_w *w, const lf_evidence *e, size_t n);
/* Two CSV cells, whole however long: risks "category:score;..." (the
 * tagged ones) and layers "a;b". */
void out_risks_csv(csv_w *c, const lf_risk *r, size_t n, const char *const *layers, size_t nlayers);

/* A search result: the object of 'search --format jsonl' and of the API's
 * hits; the row of 'search --format csv' (columns OUT_HIT_CSV_HEADER). */
/* A search hit as one JSON object; with res, also the search's
 * query_language and translations (each line of jsonl stands alone). */
void out_hit_json(json_w *w, const lf_hit *h, const lf_results *res);
/* "query_language": the language the query was read in (null: not
 * translated), "translations": {language: the query as searched there}. */
void out_translations_fields(json_w *w, const lf_results *res);
#define OUT_HIT_CSV_HEADER "id,path,title,jurisdiction,language,source_format,year,score,provisions,snippet,risks,layers"
void out_hit_csv(csv_w *c, const lf_hit *h);

/* A law as 'show --format json' and GET /api/law/ID write it. */
void out_law_json(json_w *w, const lf_law_view *v, int toc_only);

/* "key": {name: count...} */
void out_counts_fields(json_w *w, const char *key, const lf_count *c, size_t n);
/* The stats object of 'stats --format json' and GET /api/stats: database
 * (the --db path), laws, provisions, shards, index_bytes, by_jurisdiction,
 * by_language, by_format, by_year, by_risk, by_layer, remote_shards,
 * shards_down, shard_list. */
void out_stats_json(json_w *w, const lf_stats *s, const char *database);
/* "remote_shards": N, "shards_down": N, "shard_list": [{name, remote, up,
 * reason, laws, provisions, taxonomy, shard_of, bytes}] (bytes null for a
 * remote shard: not known from here). */
void out_shards_fields(json_w *w, const lf_stats *s);
/* "shards_down": ["HOST:PORT", ...]: the shards left out of db's answers. */
void out_shards_down_fields(json_w *w, const lf_db *db);

/* 'similar': the draft's object {title, language, units, tokens, partial,
 * risks, layers, evidence}, and one similar law's. */
void out_similar_draft_json(json_w *w, const lf_similar_results *res, const lf_draft_info *di);
void out_similar_hit_json(json_w *w, const lf_similar_hit *h);

/* 'reuse': one pair, as a JSON object and as a CSV row (OUT_REUSE_CSV_HEADER). */
void out_reuse_json(json_w *w, const lf_reuse_pair *p);
#define OUT_REUSE_CSV_HEADER "law,label,provision,other_law,other_label,other_provision,score,matched,text,other_text"
void out_reuse_csv(csv_w *c, const lf_reuse_pair *p);

/* 'tag --format jsonl': one law {path, id, title, jurisdiction, language,
 * risks, layers, evidence}. */
void out_tagged_json(json_w *w, const lf_tagged_law *t);

/* GET /api/taxonomy: {categories: [...], layers: [...]} of the taxonomy
 * db's laws were tagged with. */
void out_taxonomy_json(json_w *w, const lf_db *db);

#endif
