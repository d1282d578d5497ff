/*
 * tagrun.c - tagging without an index (lf_tag_run, the tag command): each
 * file is read, its gaps filled and its units tagged as the indexer would,
 * and handed to the caller; and lf_taxonomy_check.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/fault.h"
#include "core/store/lfxapian.h"
#include "indexer/readers/input.h"
#include "indexer/run.h"
#include "indexer/units.h"
#include "indexer/walk.h"
#include "tagging/lawtags.h"
#include "tagging/tagrec.h"
#include "tagging/taxonomy.h"

int lf_taxonomy_check(const char *path, lf_err *err)
{
	lf_taxonomy *tx;
	int rc = lf_taxonomy_load(path, &tx, err);

	lf_taxonomy_free(tx);
	return rc;
}

typedef struct tag_ctx {
	const lf_tag_opts *o;
	size_t nerr;
} tag_ctx;

static void tag_walk_error(const char *path, const char *msg, void *ctx)
{
	tag_ctx *c = ctx;
	c->nerr++;
	if (c->o->on_error)
		c->o->on_error(path, msg, c->o->ctx);
}

/* Tags one law as build_job would, and hands it to on_law. */
static int tag_law(lf_lawtags *lt, const lf_law *law, const lf_file *f, const lf_tag_opts *o)
{
	int *unit_of = malloc((law->nprovs + 1) * sizeof *unit_of);
	char *own_only = malloc(law->nprovs + 1);
	lf_buf text, rec, ctx;
	lf_xdoc *d = lf_xdoc_new();
	lf_arena *a = lf_arena_new();
	lf_tagged_law t;
	int rc;

	lf_buf_init(&text, 0);
	lf_buf_init(&ctx, 0);
	lf_buf_init(&rec, 0);
	if (!unit_of || !own_only || !d || !a) {
		rc = LF_ENOMEM;
		goto out;
	}
	if ((rc = lf_units_plan(law, unit_of, own_only)) != 0)
		goto out;
	if ((rc = lf_lawtags_start(lt, o->lang ? o->lang : law->field[LF_F_LANGUAGE], law->field[LF_F_TITLE])) !=
	    0)
		goto out;
	for (size_t i = 0; i < law->nprovs && !rc; i++) {
		if (unit_of[i] != (int)i)
			continue;
		rc = lf_unit_text(law, i, unit_of, own_only, &text) || lf_unit_context(law, i, &ctx) ? LF_ENOMEM : 0;
		if (!rc)
			rc = lf_lawtags_unit(lt, &law->provs[i], lf_buf_str(&ctx), lf_buf_str(&text), text.n);
	}
	if (!rc && !law->nprovs && *law->preface)
		rc = lf_lawtags_unit(lt, &lf_preface_prov, NULL, law->preface, strlen(law->preface));
	if (!rc)
		rc = lf_lawtags_finish(lt, d, &rec);
	if (!rc)
		rc = lf_tagrec_parse(lf_buf_str(&rec), rec.n, a, &t);
	if (!rc && lf_oom_take())
		rc = LF_ENOMEM; /* something was read or tagged short (as in reader_main) */
	if (!rc) {
		t.path = f->path;
		t.id = law->field[LF_F_ID];
		t.title = law->field[LF_F_TITLE] ? law->field[LF_F_TITLE] : "";
		t.jurisdiction = law->field[LF_F_JURISDICTION] ? law->field[LF_F_JURISDICTION] : "";
		t.language = law->field[LF_F_LANGUAGE] ? law->field[LF_F_LANGUAGE] : "";
		if (o->lang)
			t.language = o->lang;
		t.rules_language = lf_lawtags_all_languages(lt) ? "*" : t.language;
		t.format = law->format;
		t.short_title = law->field[LF_F_SHORT_TITLE] ? law->field[LF_F_SHORT_TITLE] : "";
		t.date = law->field[LF_F_DATE_ENACTED] ? law->field[LF_F_DATE_ENACTED] : "";
		t.year = "";
		t.score = 0;
		if (o->on_law)
			o->on_law(&t, o->ctx);
	}
out:
	free(unit_of);
	free(own_only);
	lf_buf_free(&text);
	lf_buf_free(&ctx);
	lf_buf_free(&rec);
	lf_xdoc_free(d);
	lf_arena_free(a);
	return rc;
}

int lf_tag_run(const lf_tag_opts *o, size_t *failed, lf_err *err)
{
	lf_taxonomy *tx = NULL;
	lf_lawtags *lt = NULL;
	lf_walk walk;
	lf_read_opts ro = {.max_bytes = o->max_bytes};
	tag_ctx c = {o, 0};
	int rc;

	*failed = 0;
	memset(&walk, 0, sizeof walk);
	if ((rc = lf_taxonomy_load(o->taxonomy, &tx, err)) != 0)
		return rc;
	if (o->lang) {
		size_t l, n = lf_taxonomy_nlangs(tx);
		for (l = 0; l < n && strcmp(lf_taxonomy_lang(tx, l), o->lang); l++)
			;
		if (l == n) {
			char have[256] = "";
			for (l = 0; l < n; l++)
				snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s", l ? " " : "",
				         lf_taxonomy_lang(tx, l));
			lf_taxonomy_free(tx);
			return lf_err_set(err, LF_EINVAL, "--lang %s: the taxonomy has no rules for it (it has: %s)",
			                  o->lang, have);
		}
	}
	if (!(lt = lf_lawtags_new(tx))) {
		lf_taxonomy_free(tx);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	if ((rc = lf_walk_run(&walk, o->roots, o->nroots, o->follow_symlinks, tag_walk_error, &c, &c.nerr)) != 0) {
		lf_err_set(err, rc, "cannot list files: %s", lf_strerror(rc));
		goto out;
	}
	for (size_t i = 0; i < walk.nfiles; i++) {
		const lf_file *f = &walk.files[i];
		lf_law *law = NULL;
		lf_err e;
		int r;
		lf_err_clear(&e);
		lf_oom_take();
		ro.charset = f->manifest && *f->manifest->charset ? f->manifest->charset : NULL;
		r = lf_read_path(f->path, &ro, &law, &e);
		if (!r && lf_ix_fill_gaps(law, f))
			r = lf_err_set(&e, LF_ENOMEM, "out of memory");
		if (!r && (r = tag_law(lt, law, f, o)) != 0)
			lf_err_set(&e, r, "cannot tag: %s", lf_strerror(r));
		if (r) {
			(*failed)++;
			if (o->on_error)
				o->on_error(f->path, e.msg[0] ? e.msg : lf_strerror(r), o->ctx);
		}
		lf_law_free(law);
	}
	*failed += c.nerr;
out:
	lf_walk_free(&walk);
	lf_lawtags_free(lt);
	lf_taxonomy_free(tx);
	return rc;
}
