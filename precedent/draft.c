/* draft.c - reads a draft bill for 'lexfrag similar' (lf_draft_read, lexfrag.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precedent/draft.h"
#include "core/text/lang.h"
#include "core/store/lfxapian.h"
#include "tagging/tagrec.h"
#include "tagging/taxonomy.h"
#include "core/text/text.h"
#include "indexer/readers/input.h"
#include "tagging/lawtags.h"
#include "indexer/units.h"

#define DEFAULT_MAX ((size_t)256 << 20)

/* Reads standard input, gunzipping it when it starts with the gzip magic. */
static int load_stdin(size_t max, lf_buf *out, lf_err *err)
{
	lf_buf raw;
	char chunk[65536];
	size_t k;
	int rc = 0;

	lf_buf_init(&raw, max);
	while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		if ((rc = lf_buf_add(&raw, chunk, k)) != 0)
			break;
	if (!rc && ferror(stdin))
		rc = lf_err_set(err, LF_EIO, "standard input: %s", strerror(errno));
	else if (rc)
		rc = lf_err_set(err, rc, "standard input: %s", rc == LF_ETOOBIG ? "larger than --max-bytes"
		                                                           : "out of memory");
	else if (raw.n >= 2 && (unsigned char)raw.p[0] == 0x1f && (unsigned char)raw.p[1] == 0x8b)
		rc = lf_gunzip(raw.p, raw.n, max, out, err);
	else
		rc = lf_buf_add(out, raw.p ? raw.p : "", raw.n) ? lf_err_set(err, LF_ENOMEM, "out of memory") : 0;
	lf_buf_free(&raw);
	return rc;
}

static const char *arena_str(lf_arena *a, const char *p, size_t n)
{
	const char *s = lf_arena_strndup(a, p, n);
	return s ? s : "";
}

/* The label a paragraph starts with ("1.", "(2)", "Section 3", "Article
 * 4", "Pasal 5", "第六条"), or "" if it starts with none. */
static size_t para_label(const char *p, size_t n)
{
	size_t i = 0, words = 0;

	while (i < n && words < 2) {
		size_t w = i;
		int digit = 0;
		while (i < n && p[i] != ' ') {
			digit |= (p[i] >= '0' && p[i] <= '9');
			i++;
		}
		if (digit)
			return i; /* "1." "(2)" "Section 3" "第6条" */
		if (!lf_kind_from_word(p + w, i - w) && !(i - w >= 6 && !memcmp(p + w, "\xe7\xac\xac", 3)))
			return 0;
		if (i - w >= 6 && !memcmp(p + w, "\xe7\xac\xac", 3)) {
			/* 第...条: up to 条 */
			const char *tiao = strstr(p + w, "\xe6\x9d\xa1");
			return tiao && tiao < p + n ? (size_t)(tiao - p) + 3 : 0;
		}
		while (i < n && p[i] == ' ')
			i++;
		words++;
	}
	return 0;
}

/* Paragraph mode: the text split at blank lines; a paragraph of fewer
 * than four words (a title, a heading) joins the next one. */
static int split_paragraphs(lf_draft *d, const char *p, size_t n)
{
	lf_buf para;
	size_t i = 0, cap = 16, npara = 0;
	int rc = 0;

	lf_buf_init(&para, 0);
	d->units = malloc(cap * sizeof *d->units);
	if (!d->units)
		return LF_ENOMEM;
	while (i <= n && !rc) {
		size_t start = i, end;
		/* a paragraph ends at a blank line or the end */
		while (i < n) {
			if (p[i] == '\n') {
				size_t j = i + 1;
				while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r'))
					j++;
				if (j >= n || p[j] == '\n')
					break;
			}
			i++;
		}
		end = i;
		if (para.n)
			rc |= lf_buf_addc(&para, ' ');
		rc |= lf_buf_add(&para, p + start, end - start);
		i++;
		{
			/* collapse whitespace; count words */
			char *s = para.p, *w = s;
			size_t words = 0, k;
			int sp = 1;
			for (k = 0; s && k < para.n; k++) {
				char c = s[k] == '\n' || s[k] == '\t' || s[k] == '\r' ? ' ' : s[k];
				if (c == ' ') {
					if (!sp)
						*w++ = ' ';
					sp = 1;
				} else {
					if (sp)
						words++;
					*w++ = c;
					sp = 0;
				}
			}
			if (w > s && w[-1] == ' ')
				w--;
			para.n = (size_t)(w - s);
			if (!para.n)
				continue;
			if (!d->nunits && !d->title_set && words < 20 && !para_label(para.p, para.n)) {
				/* the first short unnumbered paragraph is the title */
				d->title = arena_str(d->arena, para.p, para.n);
				d->title_set = 1;
				lf_buf_reset(&para);
				continue;
			}
			if (words < 4 && i <= n)
				continue; /* too short: joins the next paragraph */
		}
		if (d->nunits == cap) {
			lf_draft_unit *u = realloc(d->units, (cap *= 2) * sizeof *u);
			if (!u) {
				rc = LF_ENOMEM;
				break;
			}
			d->units = u;
		}
		{
			lf_draft_unit *u = &d->units[d->nunits++];
			size_t lab = para_label(para.p, para.n);
			char id[32];
			snprintf(id, sizeof id, "p%zu", ++npara);
			u->id = arena_str(d->arena, id, strlen(id));
			u->label = arena_str(d->arena, para.p, lab);
			u->text = arena_str(d->arena, para.p, para.n);
			u->n = para.n;
		}
		lf_buf_reset(&para);
	}
	lf_buf_free(&para);
	if (!rc && !d->nunits && d->title_set && *d->title) {
		/* one short paragraph and nothing else (a sentence pasted to
		 * compare): it is the draft, not a title */
		lf_draft_unit *u = &d->units[d->nunits++];
		u->id = arena_str(d->arena, "p1", 2);
		u->label = arena_str(d->arena, d->title, para_label(d->title, strlen(d->title)));
		u->text = d->title;
		u->n = strlen(d->title);
	}
	return rc;
}

/* Unit mode: the provisions the reader found. */
static int law_units(lf_draft *d, const lf_law *law, size_t *covered)
{
	int *unit_of = malloc((law->nprovs + 1) * sizeof *unit_of);
	char *own_only = malloc(law->nprovs + 1);
	lf_buf text;
	int rc = 0;

	*covered = 0;
	lf_buf_init(&text, 0);
	d->units = calloc(law->nprovs + 1, sizeof *d->units);
	if (!unit_of || !own_only || !d->units || lf_units_plan(law, unit_of, own_only)) {
		rc = LF_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < law->nprovs && !rc; i++) {
		const lf_prov *pv = &law->provs[i];
		lf_draft_unit *u;
		if (unit_of[i] != (int)i)
			continue;
		lf_buf_reset(&text);
		rc |= lf_buf_adds(&text, pv->heading);
		rc |= lf_buf_addc(&text, '\n');
		{
			lf_buf t;
			lf_buf_init(&t, 0);
			rc |= lf_unit_text(law, i, unit_of, own_only, &t);
			rc |= lf_buf_add(&text, t.p ? t.p : "", t.n);
			lf_buf_free(&t);
		}
		u = &d->units[d->nunits++];
		u->id = arena_str(d->arena, pv->id, strlen(pv->id));
		u->label = arena_str(d->arena, pv->label, strlen(pv->label));
		u->text = arena_str(d->arena, lf_buf_str(&text), text.n);
		u->n = text.n;
		*covered += text.n;
	}
out:
	free(unit_of);
	free(own_only);
	lf_buf_free(&text);
	return rc ? LF_ENOMEM : 0;
}

/* The draft's own risk tags, as the indexer would store them. */
static int tag_draft(lf_draft *d, const char *taxonomy, lf_err *err)
{
	lf_taxonomy *tx = NULL;
	lf_lawtags *lt = NULL;
	lf_xdoc *doc = lf_xdoc_new();
	lf_buf rec;
	int rc;

	lf_buf_init(&rec, 0);
	if ((rc = lf_taxonomy_load(taxonomy, &tx, err)) != 0)
		goto out;
	if (!doc || !(lt = lf_lawtags_new(tx))) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = lf_lawtags_start(lt, d->language, d->title)) != 0)
		goto out;
	for (size_t i = 0; i < d->nunits && !rc; i++) {
		lf_prov pv = {-1, 0, LF_KIND_PROVISION, d->units[i].id, d->units[i].label, "", ""};
		rc = lf_lawtags_unit(lt, &pv, NULL, d->units[i].text, d->units[i].n);
	}
	if (!rc)
		rc = lf_lawtags_finish(lt, doc, &rec);
	if (!rc)
		rc = lf_tagrec_parse(lf_buf_str(&rec), rec.n, d->arena, &d->tags);
	if (rc && !err->msg[0])
		lf_err_set(err, rc, "out of memory");
out:
	lf_lawtags_free(lt);
	lf_taxonomy_free(tx);
	lf_xdoc_free(doc);
	lf_buf_free(&rec);
	return rc;
}

/* rc, with err's message prefixed with the draft's name once: one line
 * naming the draft and the reason. */
static int named(int rc, const char *name, lf_err *err)
{
	if (rc && strncmp(err->msg, name, strlen(name))) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		lf_err_set(err, rc, "%s: %s", name, msg);
	}
	return rc;
}

/* Reads a draft from its bytes (decompressed), named name in messages:
 * the reader its content picks, plain text split into paragraphs, the
 * language, the tags.  What lf_draft_read and lf_draft_read_mem share. */
static int draft_parse(lf_draft *d, const char *name, const lf_buf *raw, const char *lang, const char *taxonomy,
                       lf_err *err)
{
	lf_buf utf8;
	lf_law *law = NULL;
	size_t covered = 0;
	int rc;

	lf_buf_init(&utf8, 0);
	if ((rc = lf_read_buffer(lf_buf_str(raw), raw->n, name, &law, err)) != 0) {
		named(rc, name, err);
		goto out;
	}
	d->path = arena_str(d->arena, name, strlen(name));
	d->title = arena_str(d->arena, law->field[LF_F_TITLE] ? law->field[LF_F_TITLE] : "",
	                     law->field[LF_F_TITLE] ? strlen(law->field[LF_F_TITLE]) : 0);
	if ((rc = law_units(d, law, &covered)) != 0) {
		lf_err_set(err, rc, "out of memory");
		goto out;
	}
	/* A plain-text draft whose provisions the reader did not see (numbered
	 * paragraphs): one unit per paragraph instead. */
	if ((!strcmp(law->format, "text") || !strcmp(law->format, "markdown")) &&
	    (d->nunits <= 1 || strlen(law->preface) > covered / 2)) {
		const char *used;
		free(d->units);
		d->units = NULL;
		d->nunits = 0;
		if ((rc = lf_to_utf8(lf_buf_str(raw), raw->n, NULL, &utf8, &used, err)) != 0)
			goto out;
		if ((rc = split_paragraphs(d, lf_buf_str(&utf8), utf8.n)) != 0) {
			lf_err_set(err, rc, "out of memory");
			goto out;
		}
	}
	if (!d->nunits) {
		rc = lf_err_set(err, LF_EEMPTY, "%s: the draft holds no text", name);
		goto out;
	}
	/* its language: given, declared, or detected from the units */
	if (lang && lf_lang_iso1(lang, strlen(lang)))
		d->language = lf_lang_iso1(lang, strlen(lang));
	else if (law->field[LF_F_LANGUAGE] && lf_lang_iso1(law->field[LF_F_LANGUAGE], strlen(law->field[LF_F_LANGUAGE])))
		d->language = lf_lang_iso1(law->field[LF_F_LANGUAGE], strlen(law->field[LF_F_LANGUAGE]));
	else {
		lf_buf sample;
		int src = 0;
		lf_buf_init(&sample, 70000);
		for (size_t i = 0; i < d->nunits && sample.n < 65536 && !src; i++)
			if (!(src = lf_buf_sep(&sample)))
				src = lf_buf_add(&sample, d->units[i].text, d->units[i].n);
		/* LF_ETOOBIG: the sample is full; out of memory, another guess */
		d->language = src == LF_ENOMEM ? NULL : lf_lang_guess(lf_buf_str(&sample), sample.n);
		lf_buf_free(&sample);
		if (src == LF_ENOMEM) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			goto out;
		}
	}
	rc = tag_draft(d, taxonomy, err);
	if (!rc && lf_arena_failed(d->arena)) /* arena_str gave "" */
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
out:
	lf_law_free(law);
	lf_buf_free(&utf8);
	return rc;
}

/* The end of both readers: the raw bytes (loaded with status rc) parsed
 * into a new draft, *out, and raw freed. */
static int draft_finish(int rc, const char *name, lf_buf *raw, const char *lang, const char *taxonomy,
                        lf_draft **out, lf_err *err)
{
	lf_draft *d = NULL;

	if (rc)
		named(rc, name, err);
	else if (!(d = calloc(1, sizeof *d)) || !(d->arena = lf_arena_new()))
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	else
		rc = draft_parse(d, name, raw, lang, taxonomy, err);
	lf_buf_free(raw);
	if (rc) {
		lf_draft_free(d);
		return rc;
	}
	*out = d;
	return 0;
}

int lf_draft_read(const char *path, const char *lang, const char *taxonomy, size_t max_bytes,
                  lf_draft **out, lf_err *err)
{
	lf_buf raw;
	int gz = 0, rc;
	const char *name = strcmp(path, "-") ? path : "standard input";

	*out = NULL;
	lf_err_clear(err);
	if (!max_bytes)
		max_bytes = DEFAULT_MAX;
	lf_buf_init(&raw, 0);
	rc = strcmp(path, "-") ? lf_load_file(path, max_bytes, &raw, &gz, err) : load_stdin(max_bytes, &raw, err);
	return draft_finish(rc, name, &raw, lang, taxonomy, out, err);
}

int lf_draft_read_mem(const char *name, const char *buf, size_t n, const char *lang, const char *taxonomy,
                      size_t max_bytes, lf_draft **out, lf_err *err)
{
	lf_buf raw;
	int rc = 0;

	*out = NULL;
	lf_err_clear(err);
	if (!name || !*name)
		name = "draft";
	if (!max_bytes)
		max_bytes = DEFAULT_MAX;
	lf_buf_init(&raw, 0);
	if (n >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b) {
		/* decompressed into at most max_bytes: a small body that expands
		 * to gigabytes stops there, in bounded memory */
		if ((rc = lf_gunzip(buf, n, max_bytes, &raw, err)) == LF_ETOOBIG)
			lf_err_set(err, rc, "the draft expands past the limit of %zu bytes when decompressed", max_bytes);
	} else if (n > max_bytes) {
		rc = lf_err_set(err, LF_ETOOBIG, "the draft is %zu bytes, over the limit of %zu", n, max_bytes);
	} else if (lf_buf_add(&raw, n ? buf : "", n)) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	return draft_finish(rc, name, &raw, lang, taxonomy, out, err);
}

void lf_draft_free(lf_draft *d)
{
	if (!d)
		return;
	free(d->units);
	lf_arena_free(d->arena);
	free(d);
}

void lf_draft_describe(const lf_draft *d, lf_draft_info *out)
{
	out->path = d->path ? d->path : "";
	out->title = d->title ? d->title : "";
	out->language = d->language ? d->language : "";
	out->units = d->nunits;
	out->tags = &d->tags;
}
