/* show.c - everything the index holds about one law (see lexfrag.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/rec.h"
#include "core/schema.h"
#include "tagging/tagrec.h"
#include "query/query.h"

/* The units a law record counts; -1 out of memory. */
static int count_units(const lf_buf *data)
{
	lf_buf v;
	int n;

	lf_buf_init(&v, 0);
	n = lf_rec_get(lf_buf_str(data), data->n, "units", &v) < 0 ? -1 : atoi(lf_buf_str(&v));
	lf_buf_free(&v);
	return n;
}

static int show_once(lf_db *db, const char *law_id, lf_law_view **out, lf_err *err)
{
	lf_law_view *v;
	lf_arena *a;
	lf_buf data, key, val;
	char term[600];
	size_t pos = 0, ntoc = 0, nf = 0, i;
	int rc, oom = 0;
	lf_xquery *sub[2], *q = NULL;
	lf_xsearch so;
	lf_xmset *ms = NULL;
	lf_chunk_cache cache;

	*out = NULL;
	lf_q_chunk_init(&cache);
	v = calloc(1, sizeof *v);
	if (!v || !(v->priv = calloc(1, sizeof *v->priv)) || !(v->priv->arena = lf_arena_new())) {
		lf_law_view_free(v);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	a = v->priv->arena;
	lf_buf_init(&data, 0);
	lf_buf_init(&key, 0);
	lf_buf_init(&val, 0);
	snprintf(term, sizeof term, LF_TERM_ID "%s", law_id);
	if ((rc = lf_xdb_term_data(db->x, term, &data, err)) != 0) {
		if (rc == LF_ENOTFOUND)
			lf_err_set(err, rc, "%s: no law with this id (search for it, or see \"lexfrag search\" output)", law_id);
		goto out;
	}
	/* count first, then fill */
	while (lf_rec_next(lf_buf_str(&data), data.n, &pos, &key, &val))
		if (!strcmp(lf_buf_str(&key), "toc"))
			ntoc++;
		else
			nf++;
	v->fields = lf_arena_alloc(a, (nf + 1) * sizeof *v->fields);
	v->toc = lf_arena_alloc(a, (ntoc + 1) * sizeof *v->toc);
	if (!v->fields || !v->toc) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	v->preface = "";
	v->path = v->format = "";
	v->id = lf_q_str(a, law_id, strlen(law_id));
	pos = 0;
	while (lf_rec_next(lf_buf_str(&data), data.n, &pos, &key, &val)) {
		const char *k = lf_buf_str(&key);
		if (!strcmp(k, "toc")) {
			lf_q_toc_parse(a, lf_buf_str(&val), &v->toc[v->ntoc++]);
		} else if (!strcmp(k, "preface")) {
			v->preface = lf_q_str(a, val.p, val.n);
		} else if (!strcmp(k, "risk") || !strcmp(k, "layers") || !strcmp(k, "tag") ||
		           !strcmp(k, "ranges")) {
			/* risks: read below; ranges: the index's own bookkeeping */
		} else if (!strncmp(k, "src.", 4)) {
			/* attach to its field below */
		} else {
			lf_field_view *f = &v->fields[v->nfields++];
			f->name = lf_q_str(a, key.p, key.n);
			f->value = lf_q_str(a, val.p, val.n);
			f->source = "";
			if (!strcmp(k, "path"))
				v->path = f->value;
			else if (!strcmp(k, "format"))
				v->format = f->value;
		}
	}
	for (i = 0; i < v->nfields; i++) {
		char sk[64];
		snprintf(sk, sizeof sk, "src.%s", v->fields[i].name);
		int got = lf_rec_get(lf_buf_str(&data), data.n, sk, &val);
		if (got < 0) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			goto out;
		}
		if (got)
			v->fields[i].source = lf_q_str(a, val.p, val.n);
	}
	{
		lf_tagged_law t;
		if ((rc = lf_tagrec_parse(lf_buf_str(&data), data.n, a, &t)) != 0) {
			lf_err_set(err, rc, "out of memory");
			goto out;
		}
		v->risks = t.risks;
		v->nrisks = t.nrisks;
		v->layers = t.layers;
		v->nlayers = t.nlayers;
		v->evidence = t.evidence;
		v->nevidence = t.nevidence;
	}
	/* the units, in document order */
	sub[0] = lf_xquery_term(LF_TERM_DOCPROV);
	snprintf(term, sizeof term, LF_TERM_LAW "%s", law_id);
	sub[1] = lf_xquery_term(term);
	q = sub[0] && sub[1] ? lf_xquery_combine(LF_XOP_AND, sub, 2) : NULL;
	lf_xquery_free(sub[0]);
	lf_xquery_free(sub[1]);
	if (!q) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	lf_xsearch_init(&so);
	if ((i = (size_t)count_units(&data)) == (size_t)-1) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	so.limit = (unsigned)i + 1000;
	so.sort_slot = LF_SLOT_ORDER;
	if ((rc = lf_q_search(db, q, &so, &ms, err)) != 0)
		goto out;
	v->nunits = lf_xmset_size(ms);
	v->units = lf_arena_alloc(a, (v->nunits + 1) * sizeof *v->units);
	if (!v->units) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < v->nunits; i++) {
		lf_unit_view *u = &v->units[i];
		if ((rc = lf_budget_check(&db->budget, err)) != 0 || (rc = lf_xmset_data(ms, i, &data, err)) != 0)
			break;
#define GET(field, k) oom |= lf_rec_get(lf_buf_str(&data), data.n, k, &val) < 0, \
	                      u->field = lf_q_str(a, lf_buf_str(&val), val.n)
		GET(id, "id");
		GET(kind, "kind");
		GET(label, "label");
		GET(heading, "heading");
		GET(path, "path");
#undef GET
		if ((rc = lf_q_unit_text(db, law_id, &data, &cache, &val, err)) != 0)
			break;
		u->text = lf_q_str(a, lf_buf_str(&val), val.n);
	}
	/* a string that could not be copied reads "": an error, not a blank */
	if (!rc && (oom || lf_arena_failed(a)))
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
out:
	lf_q_chunk_free(&cache);
	lf_xquery_free(q);
	lf_xmset_free(ms);
	lf_buf_free(&data);
	lf_buf_free(&key);
	lf_buf_free(&val);
	if (rc) {
		lf_law_view_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

void lf_law_view_free(lf_law_view *v)
{
	if (!v)
		return;
	lf_q_priv_free(v->priv);
	free(v);
}

typedef struct show_args {
	const char *law_id;
	lf_law_view **out;
} show_args;

static int show_call(lf_db *db, void *ctx, lf_err *err)
{
	show_args *a = ctx;
	return show_once(db, a->law_id, a->out, err);
}

/* show_once, again if an index run discarded the revision it read. */
int lf_show(lf_db *db, const char *law_id, lf_law_view **out, lf_err *err)
{
	show_args a = {law_id, out};
	return lf_q_retry(db, show_call, &a, err);
}
