/*
 * builder.c - a law as Xapian documents: the law document (its words, with
 * each unit's words at a range of positions of its own; its metadata,
 * contents and risk tags), one document per unit without text terms, and
 * the units' texts in chunks (see core/schema.h for the terms, values and
 * records).  Runs in the reader threads; the writer adds the id-dependent
 * parts once it has settled the id (writer.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rec.h"
#include "core/schema.h"
#include "core/text/segment.h"
#include "core/text/text.h"
#include "indexer/run.h"
#include "indexer/units.h"
#include "tagging/lawtags.h"

int lf_ix_builder_init(builder *b, const lf_taxonomy *tx)
{
	memset(b, 0, sizeof *b);
	b->tg = lf_xtg_new();
	b->lt = lf_lawtags_new(tx);
	lf_buf_init(&b->norm, 0);
	lf_buf_init(&b->text, 0);
	lf_buf_init(&b->tmp, 0);
	lf_buf_init(&b->ranges, 0);
	lf_buf_init(&b->chunk, 0);
	lf_buf_init(&b->seg, 0);
	lf_buf_init(&b->ctx, 0);
	return b->tg && b->lt ? 0 : LF_ENOMEM;
}

void lf_ix_builder_free(builder *b)
{
	lf_xtg_free(b->tg);
	lf_lawtags_free(b->lt);
	lf_buf_free(&b->norm);
	lf_buf_free(&b->text);
	lf_buf_free(&b->tmp);
	lf_buf_free(&b->ranges);
	lf_buf_free(&b->chunk);
	lf_buf_free(&b->seg);
	lf_buf_free(&b->ctx);
}

/* Unit texts are stored in chunks of about this size, one Xapian document
 * each, rather than one per unit: glass compresses each record with zlib,
 * and a 64 KB record compresses about twice as well as a 1.5 KB one
 * (measured on the BGB: 4.3:1 whole, 1.9:1 per unit). */
#define CHUNK_BYTES ((size_t)64 << 10)

/* Turns the text gathered in b->chunk into the next chunk document. */
static int flush_chunk(builder *b, job *j)
{
	lf_xdoc *d;
	lf_buf *r;
	char id[32];
	int rc = 0;

	if (!b->chunk.n)
		return 0;
	d = j->docs[j->ndocs] = lf_xdoc_new();
	r = &j->data[j->ndocs];
	lf_buf_init(r, 0);
	j->ndocs++;
	if (!d)
		return LF_ENOMEM;
	snprintf(id, sizeof id, LF_CHUNK_ID "%u", b->nchunk++);
	rc |= lf_xdoc_add_boolean(d, LF_TERM_DOCTEXT);
	rc |= lf_rec_add(r, "id", id);
	rc |= lf_rec_addn(r, "text", lf_buf_str(&b->chunk), b->chunk.n);
	lf_buf_reset(&b->chunk);
	return rc ? LF_ENOMEM : 0;
}

/* Indexes text s[0..n): normalised, then, if it holds CJK, cut into words
 * (core/text/segment.h) so that Xapian's CJK n-grams never span two words,
 * as the query side cuts a query (query/search.c). */
static int index_text(builder *b, const char *s, size_t n, const char *prefix)
{
	lf_buf *t = &b->norm;
	int rc;

	lf_buf_reset(&b->norm);
	if ((rc = lf_normalize(s, n, &b->norm)) != 0)
		return rc;
	if (lf_has_cjk(b->norm.p, b->norm.n)) {
		lf_buf_reset(&b->seg);
		if ((rc = lf_segment(b->norm.p, b->norm.n, &b->seg)) != 0)
			return rc;
		t = &b->seg;
	}
	return lf_xtg_index(b->tg, lf_buf_str(t), t->n, prefix);
}

static int add_common(lf_xdoc *d, const lf_law *law, int year, const char *yearstr)
{
	char term[300];
	const char *j = law->field[LF_F_JURISDICTION], *l = law->field[LF_F_LANGUAGE];
	int rc = 0;

	if (j) {
		snprintf(term, sizeof term, LF_TERM_JUR "%s", j);
		rc |= lf_xdoc_add_boolean(d, term);
		rc |= lf_xdoc_set_value(d, LF_SLOT_JUR, j, strlen(j));
	}
	if (l) {
		snprintf(term, sizeof term, LF_TERM_LANG "%s", l);
		rc |= lf_xdoc_add_boolean(d, term);
		rc |= lf_xdoc_set_value(d, LF_SLOT_LANG, l, strlen(l));
	}
	snprintf(term, sizeof term, LF_TERM_FORMAT "%s", law->format);
	rc |= lf_xdoc_add_boolean(d, term);
	rc |= lf_xdoc_set_value(d, LF_SLOT_FORMAT, law->format, strlen(law->format));
	if (year) {
		snprintf(term, sizeof term, LF_TERM_YEAR "%d", year);
		rc |= lf_xdoc_add_boolean(d, term);
		rc |= lf_xdoc_set_value_num(d, LF_SLOT_YEAR, year);
		rc |= lf_xdoc_set_value(d, LF_SLOT_YEARSTR, yearstr, strlen(yearstr));
	}
	{
		/* sort date: enacted, else version, as YYYYMMDD */
		const char *dt = law->field[LF_F_DATE_ENACTED] ? law->field[LF_F_DATE_ENACTED] : law->field[LF_F_DATE_VERSION];
		if (dt) {
			char ymd[9];
			size_t k = 0;
			for (; *dt && k < 8; dt++)
				if (*dt >= '0' && *dt <= '9')
					ymd[k++] = *dt;
			rc |= lf_xdoc_set_value(d, LF_SLOT_DATE, ymd, k);
		} else if (year) {
			rc |= lf_xdoc_set_value(d, LF_SLOT_DATE, yearstr, strlen(yearstr));
		}
	}
	return rc ? LF_ENOMEM : 0;
}

int lf_ix_build_job(builder *b, const lf_law *law, const lf_file *f, job *j)
{
	int *unit_of = NULL, rc = 0, year = lf_ix_law_year(law, f);
	char *own_only = NULL, yearstr[16], term[300];
	size_t i, nunits = 0, cap, ntoc, *tocidx = NULL;
	lf_xdoc *d;
	const char *lang = law->field[LF_F_LANGUAGE];

	snprintf(yearstr, sizeof yearstr, "%d", year);
	unit_of = malloc((law->nprovs + 1) * sizeof *unit_of);
	own_only = malloc(law->nprovs + 1);
	tocidx = malloc((law->nprovs + 1) * sizeof *tocidx);
	if (!unit_of || !own_only || !tocidx) {
		rc = LF_ENOMEM;
		goto out;
	}
	if ((rc = lf_units_plan(law, unit_of, own_only)) != 0)
		goto out;
	for (i = 0; i < law->nprovs; i++)
		nunits += unit_of[i] == (int)i;
	cap = 2 * nunits + 2; /* the law, its units, at most one chunk per unit */
	j->docs = calloc(cap, sizeof *j->docs);
	j->data = calloc(cap, sizeof *j->data);
	if (!j->docs || !j->data) {
		rc = LF_ENOMEM;
		goto out;
	}

	/* the law document */
	d = j->docs[0] = lf_xdoc_new();
	j->ndocs = 1;
	lf_buf_init(&j->data[0], 0);
	if (!d) {
		rc = LF_ENOMEM;
		goto out;
	}
	rc |= lf_xtg_start(b->tg, d, lang);
	rc |= lf_lawtags_start(b->lt, lang, law->field[LF_F_TITLE]);
	for (int fi = LF_F_TITLE; fi <= LF_F_SHORT_TITLE; fi++) {
		const char *t = law->field[fi];
		if (!t)
			continue;
		rc |= index_text(b, t, strlen(t), "");
		rc |= lf_xtg_gap(b->tg, 100);
		rc |= index_text(b, t, strlen(t), LF_PREFIX_TITLE);
		rc |= lf_xtg_gap(b->tg, 100);
	}
	if (*law->preface)
		rc |= index_text(b, law->preface, strlen(law->preface), "");
	rc |= lf_xdoc_add_boolean(d, LF_TERM_DOCLAW);
	rc |= add_common(d, law, year, yearstr);
	{
		lf_buf *r = &j->data[0];
		for (int fi = LF_F_TITLE; fi < LF_F_NFIELDS; fi++) {
			char key[48];
			if (!law->field[fi])
				continue;
			rc |= lf_rec_add(r, lf_field_name((enum lf_field)fi), law->field[fi]);
			snprintf(key, sizeof key, "src.%s", lf_field_name((enum lf_field)fi));
			rc |= lf_rec_add(r, key, law->src[fi]);
		}
		rc |= lf_rec_add(r, "src.id", law->src[LF_F_ID]);
		rc |= lf_rec_add(r, "path", f->path);
		rc |= lf_rec_add(r, "format", law->format);
		if (year)
			rc |= lf_rec_add(r, "year", yearstr);
		if (*law->preface)
			rc |= lf_rec_add(r, "preface", law->preface);
		snprintf(term, sizeof term, "%zu", nunits);
		rc |= lf_rec_add(r, "units", term);
		snprintf(term, sizeof term, "%zu", law->nprovs);
		rc |= lf_rec_add(r, "provs", term);
		/* the contents: containers and units; what lies inside a unit
		 * (its paragraphs and points) is in the unit's text */
		for (i = 0, ntoc = 0; i < law->nprovs; i++) {
			const lf_prov *pv = &law->provs[i];
			if (unit_of[i] != -1 && unit_of[i] != (int)i)
				continue;
			tocidx[i] = ntoc++;
			lf_buf_reset(&b->tmp);
			rc |= lf_buf_printf(&b->tmp, "%d\x1f%s\x1f%s\x1f%s\x1f%s", pv->depth, pv->kind, pv->id,
			                    pv->label, pv->heading);
			rc |= lf_rec_addn(r, "toc", lf_buf_str(&b->tmp), b->tmp.n);
		}
	}

	/* One document per unit, without text terms: a unit's words go into
	 * the law document, at a range of term positions of its own (recorded
	 * in the law's "ranges" record and the unit's "pos"), so the law is
	 * ranked on all its text and the query side finds a law's best units
	 * from the positions of the query terms (see core/schema.h). */
	lf_buf_reset(&b->ranges);
	lf_buf_reset(&b->chunk);
	b->nchunk = 0;
	for (i = 0; i < law->nprovs && !rc; i++) {
		const lf_prov *pv = &law->provs[i];
		lf_buf *r;
		unsigned start, end;

		if (unit_of[i] != (int)i)
			continue;
		d = j->docs[j->ndocs] = lf_xdoc_new();
		r = &j->data[j->ndocs];
		lf_buf_init(r, 0);
		j->ndocs++;
		j->nunits++;
		if (!d) {
			rc = LF_ENOMEM;
			break;
		}
		rc |= lf_unit_text(law, i, unit_of, own_only, &b->text);
		rc |= lf_unit_context(law, i, &b->ctx);
		rc |= lf_lawtags_unit(b->lt, pv, lf_buf_str(&b->ctx), lf_buf_str(&b->text), b->text.n);
		rc |= lf_xtg_gap(b->tg, 50); /* no phrase spans two units */
		rc |= lf_xtg_termpos(b->tg, &start);
		start++;
		if (*pv->label)
			rc |= index_text(b, pv->label, strlen(pv->label), "");
		if (*pv->heading) {
			rc |= lf_xtg_gap(b->tg, 2);
			rc |= index_text(b, pv->heading, strlen(pv->heading), "");
			rc |= index_text(b, pv->heading, strlen(pv->heading), LF_PREFIX_HEADING);
		}
		rc |= lf_xtg_gap(b->tg, 2);
		rc |= index_text(b, lf_buf_str(&b->text), b->text.n, "");
		rc |= lf_xtg_termpos(b->tg, &end);
		rc |= lf_xdoc_add_boolean(d, LF_TERM_DOCPROV);
		rc |= lf_xdoc_set_value_num(d, LF_SLOT_ORDER, (double)i);
		rc |= lf_rec_add(r, "id", pv->id);
		rc |= lf_rec_add(r, "kind", pv->kind);
		rc |= lf_rec_add(r, "label", pv->label);
		rc |= lf_rec_add(r, "heading", pv->heading);
		{
			/* the labels of its ancestors: "Chapter V > Section 1" */
			int anc[64], na = 0, p = pv->parent;
			lf_buf_reset(&b->tmp);
			while (p >= 0 && na < 64) {
				anc[na++] = p;
				p = law->provs[p].parent;
			}
			while (na-- > 0) {
				const lf_prov *a = &law->provs[anc[na]];
				const char *s = *a->label ? a->label : a->heading;
				if (!*s)
					continue;
				if (b->tmp.n)
					rc |= lf_buf_adds(&b->tmp, " > ");
				rc |= lf_buf_adds(&b->tmp, s);
			}
			rc |= lf_rec_addn(r, "path", lf_buf_str(&b->tmp), b->tmp.n);
		}
		snprintf(term, sizeof term, "%u %u", start, end);
		rc |= lf_rec_add(r, "pos", term);
		/* the text goes to the current chunk: "chunk N, offset, length" */
		if (b->chunk.n && b->chunk.n + b->text.n > CHUNK_BYTES)
			rc |= flush_chunk(b, j);
		snprintf(term, sizeof term, "%u %zu %zu", b->nchunk, b->chunk.n, b->text.n);
		rc |= lf_rec_add(r, "text_at", term);
		rc |= lf_buf_printf(&b->ranges, "%s%zu:%u-%u@%u,%zu,%zu", b->ranges.n ? " " : "", tocidx[i],
		                    start, end, b->nchunk, b->chunk.n, b->text.n);
		rc |= lf_buf_add(&b->chunk, lf_buf_str(&b->text), b->text.n);
		j->text_bytes += b->text.n;
	}
	if (!rc)
		rc = flush_chunk(b, j);
	if (!rc && !law->nprovs && *law->preface)
		rc = lf_lawtags_unit(b->lt, &lf_preface_prov, NULL, law->preface, strlen(law->preface));
	if (!rc)
		rc = lf_lawtags_finish(b->lt, j->docs[0], &j->data[0]);
	rc |= lf_rec_addn(&j->data[0], "ranges", lf_buf_str(&b->ranges), b->ranges.n);
out:
	/* the job's documents go to the writer thread: the generator must not
	 * hold one (lf_xtg_end) */
	lf_xtg_end(b->tg);
	free(unit_of);
	free(own_only);
	free(tocidx);
	return rc ? (rc < 0 ? rc : LF_ENOMEM) : 0;
}
