/* export.c - streams matching laws with their tags (lf_export, lexfrag.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rec.h"
#include "core/schema.h"
#include "tagging/tagrec.h"
#include "query/query.h"
#include "query/rank.h"

/* Laws read per Xapian query: bounds memory (documents are read and freed
 * one at a time; Xapian keeps one page of document ids). */
#define PAGE 1000

/* A field of the law's record, copied into a ("" if absent).  Out of memory
 * it sets *oom: a dataset must not hold a blank where the index has a value. */
static const char *field(lf_arena *a, const lf_buf *data, const char *key, lf_buf *tmp, int *oom)
{
	const char *s = NULL;

	lf_buf_reset(tmp);
	if (lf_rec_get(lf_buf_str(data), data->n, key, tmp) < 0 ||
	    !(s = lf_arena_strndup(a, lf_buf_str(tmp), tmp->n)))
		*oom = 1;
	return s ? s : "";
}

size_t lf_db_categories(const lf_db *db, const char *const **ids)
{
	*ids = (const char *const *)db->cats;
	return db->ncats;
}

size_t lf_db_layers(const lf_db *db, const char *const **ids)
{
	*ids = (const char *const *)db->layer_ids;
	return db->nlayer_ids;
}

int lf_export(lf_db *db, const lf_search_opts *o, int (*on_law)(const lf_tagged_law *t, void *ctx),
              void *ctx, lf_err *err)
{
	lf_search_opts so = *o;
	lf_q_plan plan;
	lf_q_qterms qt = {0};
	lf_buf data, tmp;
	unsigned offset = 0;
	int rc = 0, rerank;

	lf_err_clear(err);
	so.offset = 0;
	so.limit = PAGE;
	if ((rc = lf_q_plan_build(db, &so, &plan, err)) != 0)
		return rc;
	lf_buf_init(&data, 0);
	lf_buf_init(&tmp, 0);
	/* by relevance, the first laws in search's order: ranked again on their
	 * best units (query/rank.c); PAGE holds RANK_DEPTH */
	rerank = plan.textq && plan.so.sort_slot < 0;
	if (rerank && (rc = lf_q_qterms_get(db, plan.textq, &qt, err)) != 0)
		goto out;
	qt.tr = plan.tr.n ? &plan.tr : NULL;
	for (;;) {
		lf_xmset *ms = NULL;
		lf_q_ranked *ranked = NULL;
		size_t n;
		plan.so.offset = offset;
		plan.so.limit = PAGE;
		plan.so.check_at_least = 0;
		if ((rc = lf_q_search(db, plan.q, &plan.so, &ms, err)) != 0)
			break;
		n = lf_xmset_size(ms);
		if (rerank && offset == 0) {
			if (!(ranked = calloc(n + 1, sizeof *ranked)))
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			else if ((rc = lf_q_rerank(db, ms, plan.score_scale, &qt, ranked, err)) != 0) {
				free(ranked);
				ranked = NULL;
			}
		}
		for (size_t j = 0; j < n && !rc; j++) {
			size_t i = ranked ? ranked[j].k : j;
			lf_arena *a = lf_arena_new();
			lf_tagged_law t;
			char term[600];
			if (!a) {
				rc = lf_err_set(err, LF_ENOMEM, "out of memory");
				break;
			}
			if ((rc = lf_budget_check(&db->budget, err)) == 0 &&
			    (rc = lf_xmset_value(ms, i, LF_SLOT_LAWID, &tmp, err)) == 0) {
				const char *id = lf_arena_strndup(a, lf_buf_str(&tmp), tmp.n);
				int oom = 0;
				if (!id) {
					rc = lf_err_set(err, LF_ENOMEM, "out of memory");
					lf_arena_free(a);
					break;
				}
				snprintf(term, sizeof term, LF_TERM_ID "%s", id);
				if ((rc = lf_xdb_term_data(db->x, term, &data, err)) == LF_ENOTFOUND) {
					lf_buf_reset(&data); /* a broken index: export what is there */
					rc = 0;
				}
				if (!rc && (rc = lf_tagrec_parse(lf_buf_str(&data), data.n, a, &t)) != 0)
					lf_err_set(err, rc, "out of memory");
				if (!rc) {
					t.id = id;
					t.path = field(a, &data, "path", &tmp, &oom);
					t.title = field(a, &data, "title", &tmp, &oom);
					t.short_title = field(a, &data, "short_title", &tmp, &oom);
					t.jurisdiction = field(a, &data, "jurisdiction", &tmp, &oom);
					t.language = field(a, &data, "language", &tmp, &oom);
					t.format = field(a, &data, "format", &tmp, &oom);
					t.year = field(a, &data, "year", &tmp, &oom);
					t.date = field(a, &data, "date_enacted", &tmp, &oom);
					double w = 0;
					if (oom)
						rc = lf_err_set(err, LF_ENOMEM, "out of memory");
					else
						rc = lf_xmset_hit(ms, i, NULL, &w, err);
					t.score = ranked ? ranked[j].score : w * plan.score_scale;
					if (!rc && plan.risk_slot >= 0) {
						t.score = 0;
						if ((rc = lf_xmset_value(ms, i, (unsigned)plan.risk_slot, &tmp, err)) == 0 && tmp.n)
							t.score = lf_xsortable_unserialise(lf_buf_str(&tmp), tmp.n);
					}
					if (!rc && (rc = on_law(&t, ctx)) != 0 && !err->msg[0])
						lf_err_set(err, rc, "export stopped");
				}
			}
			lf_arena_free(a);
		}
		free(ranked);
		lf_xmset_free(ms);
		if (rc || n < PAGE)
			break;
		offset += PAGE;
	}
out:
	lf_q_qterms_free(&qt);
	lf_q_plan_free(&plan);
	lf_buf_free(&data);
	lf_buf_free(&tmp);
	return rc;
}
