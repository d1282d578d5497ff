/* crossling.c - a search in every language of the index: the query
 * translated (query/translate.h) into each language and matched there as
 * groups of synonyms (see crossling.h). */
#include "query/crossling.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/schema.h"
#include "core/text/segment.h"

/* The translators made so far, one per --thesaurus file (NULL: the
 * built-in one only), kept for the life of the process: loading the
 * thesaurus and opening the lexicon is done once, not per search (serve
 * answers many).  A few distinct files at most are expected; past
 * MAX_TRANSLATORS a new one is made and freed per call. */
#define MAX_TRANSLATORS 8
static struct {
	char *thesaurus; /* NULL: built-in */
	lf_translator *tr;
} cache[MAX_TRANSLATORS];
static size_t ncache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int lf_q_translator(const char *thesaurus, lf_translator **out, int *owned, lf_err *err)
{
	lf_translator *tr = NULL;
	int rc;

	*out = NULL;
	*owned = 0;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++)
		if (same(cache[i].thesaurus, thesaurus)) {
			*out = cache[i].tr;
			pthread_mutex_unlock(&cache_lock);
			return 0;
		}
	rc = lf_translator_new(NULL, thesaurus, &tr, err);
	if (!rc && ncache < MAX_TRANSLATORS) {
		char *copy = thesaurus ? strdup(thesaurus) : NULL;
		if (!thesaurus || copy) {
			cache[ncache].thesaurus = copy;
			cache[ncache++].tr = tr;
			*out = tr;
			pthread_mutex_unlock(&cache_lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	if (rc)
		return rc;
	*out = tr;
	*owned = 1;
	return 0;
}

/* The query of one group: its translations as synonyms, or the source word
 * itself when it has none (a name, a number, an acronym). */
static int group_query(lf_db *db, const lf_tr_group *g, const char *lang, lf_xquery **out, lf_err *err)
{
	const char *self = g->src;
	lf_buf seg;
	int rc;

	if (g->nalts) {
		const char *v[16];
		size_t n = g->nalts < 16 ? g->nalts : 16;
		lf_buf segs[16];
		/* CJK alternatives are segmented like the index's text */
		for (size_t i = 0; i < n; i++) {
			lf_buf_init(&segs[i], 0);
			v[i] = g->alts[i];
			if (lf_has_cjk(v[i], strlen(v[i])) && lf_segment(v[i], strlen(v[i]), &segs[i]) == 0)
				v[i] = lf_buf_str(&segs[i]);
		}
		rc = lf_xquery_synonyms(db->x, lang, v, n, out, err);
		for (size_t i = 0; i < n; i++)
			lf_buf_free(&segs[i]);
		return rc;
	}
	lf_buf_init(&seg, 0);
	if (lf_has_cjk(self, strlen(self)) && lf_segment(self, strlen(self), &seg) == 0)
		self = lf_buf_str(&seg);
	rc = lf_xquery_synonyms(db->x, lang, &self, 1, out, err);
	lf_buf_free(&seg);
	return rc;
}

/* Scores of several languages merged on one scale.  Xapian weighs a term
 * by its rarity in the whole index (idf over every document), but a
 * translation is matched only in its own language's documents: a word
 * common in the 25 Chinese laws is rare in the index of 211 laws, so 安全
 * ("safe", "security") outweighed the English query's own words.  A
 * group's weight is scaled by how much of its weight is real: its terms'
 * idf within their language over their idf in the index (lf_q_lang_scale),
 * relative to the same ratio for the query as written in its own language
 * (at most 1: a translation never outweighs the original); and by the
 * number of source words it stands for, so that a phrase translated as one
 * group weighs what its words do in the query as written. */
typedef struct idf_acc {
	lf_db *db;
	double n_all, n_lang, sum;
	unsigned terms;
	int rc;
	lf_err *err;
} idf_acc;

static double idf(double n, double df)
{
	double v = log((n - df + 0.5) / (df + 0.5));
	return v > 0.05 ? v : 0.05;
}

static void term_idf(const char *term, void *ctx)
{
	idf_acc *a = ctx;
	unsigned df = 0;
	double f;

	if (a->rc || (a->rc = lf_xdb_termfreq(a->db->x, term, &df, a->err)) != 0 || !df)
		return;
	f = idf(a->n_lang, df < a->n_lang ? df : a->n_lang) / idf(a->n_all, df);
	a->sum += f < 1 ? f : 1;
	a->terms++;
}

int lf_q_lang_scale(lf_db *db, const lf_xquery *q, double n_lang, double *scale, lf_err *err)
{
	idf_acc a = {db, (double)lf_xdb_doccount(db->x), n_lang, 0, 0, 0, err};
	int rc;

	*scale = 1;
	if ((rc = lf_xquery_terms_each(q, term_idf, &a)) != 0 || a.rc)
		return rc ? lf_err_set(err, rc, "%s", lf_strerror(rc)) : a.rc;
	if (a.terms)
		*scale = a.sum / a.terms;
	return 0;
}

int lf_q_translated_query(lf_db *db, const lf_translation *t, const char *lang, double src_scale, lf_xquery **out,
                          lf_err *err)
{
	lf_xquery **subs;
	size_t n = 0;
	unsigned n_lang = 0;
	char lt[32];
	int rc = 0;

	*out = NULL;
	if (!t->ngroups)
		return 0;
	snprintf(lt, sizeof lt, LF_TERM_LANG "%s", lang);
	if ((rc = lf_xdb_termfreq(db->x, lt, &n_lang, err)) != 0)
		return rc;
	if (!(subs = calloc(t->ngroups, sizeof *subs)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	for (size_t i = 0; i < t->ngroups && !rc; i++) {
		const lf_tr_group *g = &t->groups[i];
		lf_xquery *q = NULL, *scaled;
		double scale;
		if ((rc = group_query(db, g, lang, &q, err)) != 0 || !q)
			continue;
		if ((rc = lf_q_lang_scale(db, q, n_lang ? n_lang : 1, &scale, err)) != 0) {
			lf_xquery_free(q);
			break;
		}
		scale = src_scale > 0 ? scale / src_scale : scale;
		if (scale > 1)
			scale = 1;
		scaled = lf_xquery_scale(q, scale * (double)(g->end - g->start));
		lf_xquery_free(q);
		if (!scaled) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			break;
		}
		subs[n++] = scaled;
	}
	if (!rc && n) {
		*out = lf_xquery_combine(LF_XOP_OR, subs, n);
		if (!*out)
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		lf_xquery_free(subs[i]);
	free(subs);
	return rc;
}
