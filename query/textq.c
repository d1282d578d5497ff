/*
 * textq.c - the full-text part of a search, in every language of the index:
 * the query checked and normalised like indexed text (lf_normalize, the
 * upper-case operators AND OR NOT XOR NEAR ADJ kept), then parsed once per
 * language with that language's stemmer and restricted to documents of that
 * language (languages Xapian cannot stem share one unstemmed parse); free
 * text is matched in its own language as written and in each other language
 * translated (query/crossling.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/schema.h"
#include "core/text/stopwords.h"
#include "core/text/text.h"
#include "query/cjk_query.h"
#include "query/crossling.h"
#include "query/query.h"

int lf_q_check(const char *q, lf_err *err)
{
	int depth = 0, quote = 0;
	size_t i, open_quote = 0, open_paren[64], np = 0;

	for (i = 0; q[i]; i++) {
		if (q[i] == '"') {
			quote = !quote;
			open_quote = i;
		} else if (!quote && q[i] == '(') {
			if (np < 64)
				open_paren[np] = i;
			np++;
			depth++;
		} else if (!quote && q[i] == ')') {
			if (depth == 0)
				return lf_err_set(err, LF_EQUERY, "unbalanced parentheses: ')' at column %zu has no matching '('", i + 1);
			depth--;
			np--;
		}
	}
	if (quote)
		return lf_err_set(err, LF_EQUERY, "unbalanced quotes: the phrase opened at column %zu is not closed", open_quote + 1);
	if (depth)
		return lf_err_set(err, LF_EQUERY, "unbalanced parentheses: '(' at column %zu is not closed",
		                  (np <= 64 ? open_paren[np - 1] : 0) + 1);
	return 0;
}

static int is_operator(const char *p, size_t n)
{
	static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
	size_t i, k;

	for (i = 0; i < sizeof ops / sizeof *ops; i++) {
		k = strlen(ops[i]);
		if (n == k && !memcmp(p, ops[i], k))
			return 1;
		if (n > k + 1 && !memcmp(p, ops[i], k) && p[k] == '/')
			return 1; /* NEAR/3 */
	}
	return 0;
}

/* Normalises a query, keeping operators in upper case, and cuts its CJK
 * text into words (query/cjk_query.h). */
static int normalize_query(const char *q, lf_buf *out)
{
	const char *p = q;
	int rc = 0, in_phrase = 0;

	while (*p && !rc) {
		const char *s = p, *a, *b;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		a = s;
		b = p;
		while (a < b && (*a == '(' || *a == '"' || *a == '+' || *a == '-'))
			a++;
		while (b > a && (b[-1] == ')' || b[-1] == '"'))
			b--;
		if (b > a && is_operator(a, (size_t)(b - a))) {
			rc = lf_buf_add(out, s, (size_t)(p - s));
		} else {
			size_t mark = out->n;
			if ((rc = lf_normalize(s, (size_t)(p - s), out)) == 0)
				rc = lf_q_cjk_word(out, mark, in_phrase);
		}
		for (; s < p; s++)
			in_phrase ^= *s == '"';
		while (*p == ' ' || *p == '\t' || *p == '\n') {
			rc |= lf_buf_addc(out, ' ');
			p++;
		}
	}
	return rc;
}

static int wanted(const char *lang, const char *const *langs, size_t n)
{
	size_t i;

	if (!n)
		return 1;
	for (i = 0; i < n; i++)
		if (!strcmp(lang, langs[i]))
			return 1;
	return 0;
}

/* True if the query is free text (no operator, field, phrase, wildcard or
 * +/- sign): only such a query is translated, since a translation cannot
 * keep the structure of "title:x AND (y OR z)". */
static int free_text(const char *q)
{
	const char *p = q;

	while (*p) {
		const char *s;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		s = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (p > s && is_operator(s, (size_t)(p - s)))
			return 0;
		if (p > s && (*s == '+' || *s == '-'))
			return 0;
		for (const char *c = s; c < p; c++)
			if (*c == ':' || *c == '"' || *c == '(' || *c == ')' || *c == '*')
				return 0;
	}
	return 1;
}

void lf_q_trinfo_free(lf_q_trinfo *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->lang[i]);
		free(t->text[i]);
		free(t->terms[i]);
	}
	free(t->query_lang);
	free(t->home_terms);
	memset(t, 0, sizeof *t);
}

typedef struct term_acc {
	lf_buf b;
	int failed;
} term_acc;

static void add_term(const char *term, void *ctx)
{
	term_acc *a = ctx;

	a->failed |= lf_buf_adds(&a->b, term) != 0 || lf_buf_addc(&a->b, '\n') != 0;
}

/* The terms of a translated branch as "\nt1\nt2\n" into *out (malloc'd):
 * the second pass scores a law's units with the terms of its language's
 * branch only (query/rank.c). */
static int branch_terms(const lf_xquery *q, char **out)
{
	term_acc a;
	int rc;

	lf_buf_init(&a.b, 0);
	a.failed = 0;
	rc = lf_buf_addc(&a.b, '\n');
	if (!rc)
		rc = lf_xquery_terms_each(q, add_term, &a);
	if (!rc && (a.failed || !(*out = strdup(lf_buf_str(&a.b)))))
		rc = LF_ENOMEM;
	lf_buf_free(&a.b);
	return rc;
}

/* Adds the terms of a branch as written to info->home_terms. */
static int home_terms(const lf_xquery *q, lf_q_trinfo *info)
{
	char *t = NULL, *j;
	int rc;

	if ((rc = branch_terms(q, &t)) != 0)
		return rc;
	if (!info->home_terms) {
		info->home_terms = t;
		return 0;
	}
	j = malloc(strlen(info->home_terms) + strlen(t) + 1);
	if (j) {
		strcpy(j, info->home_terms);
		strcat(j, t + 1);
		free(info->home_terms);
		info->home_terms = j;
	}
	free(t);
	return j ? 0 : LF_ENOMEM;
}

/* The query translated into lang l as one branch (FILTER l), recorded in
 * info; *out NULL if nothing of the query is known in l (the caller then
 * parses it as written). */
static int translated_branch(lf_db *db, const lf_translator *tr, const char *text, const char *qlang,
                             const char *l, lf_q_trinfo *info, lf_xquery **out, lf_err *err)
{
	lf_translation *t = NULL;
	lf_xquery *tq = NULL, *pair[2];
	int rc;

	*out = NULL;
	if ((rc = lf_translate(tr, text, strlen(text), qlang, l, &t, err)) != 0)
		return rc;
	if (t->ntranslated && (rc = lf_q_translated_query(db, t, l, &tq, err)) == 0 && tq) {
		pair[0] = tq;
		pair[1] = lf_q_term_query(LF_TERM_LANG, l);
		*out = pair[1] ? lf_xquery_combine(LF_XOP_FILTER, pair, 2) : NULL;
		lf_xquery_free(pair[1]);
		lf_xquery_free(tq);
		if (!*out || info->n >= sizeof info->lang / sizeof *info->lang ||
		    !(info->lang[info->n] = strdup(l)) || !(info->text[info->n++] = strdup(t->text)) ||
		    branch_terms(*out, &info->terms[info->n - 1]) != 0) {
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			lf_xquery_free(*out);
			*out = NULL;
		}
	}
	lf_translation_free(t);
	return rc;
}

int lf_q_text_query(lf_db *db, const char *text, const char *const *langs, size_t nlangs,
                    const lf_q_tropts *tro, lf_q_trinfo *info, lf_xquery **out, lf_err *err)
{
	lf_buf norm;
	lf_xquery *branches[130] = {0}, *q, *stemmed[64] = {0}, *nostem_langs[64] = {0},
		*translated_langs[64] = {0};
	size_t nb = 0, ns = 0, nn = 0, nt = 0;
	unsigned stemmed_laws = 0;
	lf_translator *tr = NULL;
	int owned = 0;
	const char *qlang = NULL;
	int rc = 0, i, oom = 0; /* a part that could not be built fails the query */

	*out = NULL;
	memset(info, 0, sizeof *info);
	if (!text || !*text)
		return 0;
	if ((rc = lf_q_check(text, err)) != 0)
		return rc;
	lf_buf_init(&norm, 1 << 20);
	if ((rc = normalize_query(text, &norm)) != 0) {
		lf_buf_free(&norm);
		return rc == LF_ENOMEM ? lf_err_set(err, LF_ENOMEM, "out of memory")
		                       : lf_err_set(err, LF_EQUERY, "query too long");
	}
	if (tro && tro->translate && db->nlangs > 1 && free_text(text)) {
		const char *dl[64];
		for (i = 0; i < db->nlangs; i++)
			dl[i] = db->langs[i];
		if ((rc = lf_q_translator(tro->thesaurus, &tr, &owned, err)) != 0) {
			lf_buf_free(&norm);
			return rc;
		}
		qlang = lf_translate_guess_lang(tr, text, strlen(text), dl, (size_t)db->nlangs);
		if (!(info->query_lang = strdup(qlang)))
			rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	for (i = 0; i < db->nlangs && !rc; i++) {
		const char *l = db->langs[i];
		lf_xquery *lq, *pair[2], *tb = NULL;
		if (qlang && strcmp(l, qlang) && wanted(l, langs, nlangs)) {
			/* another language: the query translated into it */
			if ((rc = translated_branch(db, tr, text, qlang, l, info, &tb, err)) != 0)
				break;
			if (tb) {
				branches[nb++] = tb;
				oom |= !(translated_langs[nt++] = lf_q_term_query(LF_TERM_LANG, l));
				if (lf_xstem_available(l)) {
					oom |= !(stemmed[ns++] = lf_q_term_query(LF_TERM_LANG, l));
					stemmed_laws += db->langfreq[i];
				}
				continue;
			}
		}
		if (!lf_xstem_available(l)) {
			if (wanted(l, langs, nlangs))
				oom |= !(nostem_langs[nn++] = lf_q_term_query(LF_TERM_LANG, l));
			continue;
		}
		oom |= !(stemmed[ns++] = lf_q_term_query(LF_TERM_LANG, l));
		stemmed_laws += db->langfreq[i];
		if (!wanted(l, langs, nlangs))
			continue;
		if ((rc = lf_xquery_parse(db->x, lf_buf_str(&norm), l, lf_stopwords(l), &lq, err)) != 0)
			break;
		if (qlang && !strcmp(l, qlang)) {
			/* the concepts it names by their other labels too */
			lf_translation *t = NULL;
			lf_xquery *sq = NULL, *two[2];
			if ((rc = lf_translate(tr, text, strlen(text), qlang, l, &t, err)) == 0 &&
			    (rc = lf_q_synonym_query(db, t, l, &sq, err)) == 0 && sq) {
				two[0] = lq;
				two[1] = sq;
				lf_xquery *both = lf_xquery_combine(LF_XOP_OR, two, 2);
				lf_xquery_free(lq);
				lf_xquery_free(sq);
				lq = both;
				oom |= !lq;
			}
			lf_translation_free(t);
			if (rc || !lq) {
				lf_xquery_free(lq); /* rc: the parse is still ours */
				break;
			}
		}
		if (qlang && home_terms(lq, info) != 0)
			oom = 1;
		pair[0] = lq;
		pair[1] = stemmed[ns - 1];
		oom |= !(branches[nb++] = lf_xquery_combine(LF_XOP_FILTER, pair, 2));
		lf_xquery_free(lq);
	}
	/* the unstemmed parse is needed only if some laws are in a language
	 * Xapian cannot stem (and not searched translated), or in none */
	if (!rc && (nn || (!nlangs && stemmed_laws < db->laws))) {
		/* one unstemmed parse for every other language (and none) */
		lf_xquery *uq, *pair[2], *other, *nostem_translated[128];
		size_t k = 0;
		if ((rc = lf_xquery_parse(db->x, lf_buf_str(&norm), NULL, NULL, &uq, err)) == 0) {
			if (qlang && home_terms(uq, info) != 0)
				oom = 1;
			pair[0] = uq;
			if (nlangs) {
				other = lf_xquery_combine(LF_XOP_OR, nostem_langs, nn);
				pair[1] = other;
				oom |= !other;
				branches[nb++] = lf_xquery_combine(LF_XOP_FILTER, pair, 2);
			} else {
				/* not the languages searched stemmed or translated */
				for (size_t j = 0; j < ns; j++)
					nostem_translated[k++] = stemmed[j];
				for (size_t j = 0; j < nt; j++)
					nostem_translated[k++] = translated_langs[j];
				other = lf_xquery_combine(LF_XOP_OR, nostem_translated, k);
				pair[1] = other;
				oom |= k && !other;
				branches[nb++] = other ? lf_xquery_combine(LF_XOP_AND_NOT, pair, 2)
				                       : lf_xquery_combine(LF_XOP_AND, pair, 1);
			}
			oom |= !branches[nb - 1];
			lf_xquery_free(other);
			lf_xquery_free(uq);
		}
	}
	if (!rc && oom)
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	q = rc ? NULL : lf_xquery_combine(LF_XOP_OR, branches, nb);
	for (i = 0; i < (int)nb; i++)
		lf_xquery_free(branches[i]);
	for (i = 0; i < (int)ns; i++)
		lf_xquery_free(stemmed[i]);
	for (i = 0; i < (int)nn; i++)
		lf_xquery_free(nostem_langs[i]);
	for (i = 0; i < (int)nt; i++)
		lf_xquery_free(translated_langs[i]);
	if (owned)
		lf_translator_free(tr);
	lf_buf_free(&norm);
	if (rc) {
		lf_q_trinfo_free(info);
		if (rc == LF_EQUERY || rc == LF_EINVAL) {
			char msg[512];
			snprintf(msg, sizeof msg, "%s", err->msg);
			return lf_err_set(err, LF_EQUERY, "%s", msg);
		}
		return rc;
	}
	if (!q && nb) {
		lf_q_trinfo_free(info);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	*out = q;
	return 0;
}

