/* lexicon_key.c - the key a word or phrase is looked up by (lexicon.h),
 * shared by the lexicon, the thesaurus and query translation. */
#include "query/lexicon.h"

#include <pthread.h>
#include <string.h>

#include "core/store/lfxapian.h"
#include "core/text/text.h"

/* Languages written without spaces between words. */
static int unspaced(const char *lang)
{
	return lang && (!strcmp(lang, "zh") || !strcmp(lang, "ja"));
}

/* One stemmer per language, made once and kept (a stemmer holds no state
 * between calls of lf_xstemmer_stem, which the lock keeps one at a time). */
#define KEY_STEMMERS 32
static struct {
	char lang[8];
	lf_xstemmer *st;
} stemmers[KEY_STEMMERS];
static size_t nstemmers;
static pthread_mutex_t stem_lock = PTHREAD_MUTEX_INITIALIZER;

static int stem_word(const char *lang, const char *w, size_t n, lf_buf *tmp, lf_buf *out)
{
	lf_xstemmer *st = NULL;
	int rc;

	pthread_mutex_lock(&stem_lock);
	for (size_t i = 0; i < nstemmers; i++)
		if (!strcmp(stemmers[i].lang, lang)) {
			st = stemmers[i].st;
			break;
		}
	if (!st && nstemmers < KEY_STEMMERS && strlen(lang) < sizeof stemmers[0].lang &&
	    (st = lf_xstemmer_new(lang)) != NULL) {
		strcpy(stemmers[nstemmers].lang, lang);
		stemmers[nstemmers++].st = st;
	}
	rc = st ? lf_xstemmer_stem(st, w, n, tmp) : (lf_buf_reset(tmp), lf_buf_add(tmp, w, n));
	pthread_mutex_unlock(&stem_lock);
	if (rc)
		return LF_ENOMEM;
	return lf_buf_add(out, tmp->p, tmp->n);
}

int lf_lexicon_key(const char *lang, const char *p, size_t n, lf_buf *out)
{
	lf_buf folded, tmp;
	const char *s, *end;
	int rc = 0, words = 0;

	lf_buf_reset(out);
	lf_buf_init(&folded, 0);
	lf_buf_init(&tmp, 0);
	if (lf_normalize(p, n, &folded) != 0) {
		lf_buf_free(&folded);
		return LF_ENOMEM;
	}
	s = folded.p ? folded.p : "";
	end = s + folded.n;
	while (s < end && !rc) {
		unsigned cp;
		size_t wn;
		const char *w = lf_next_word(&s, end, &wn);
		if (!w)
			break;
		lf_u8dec(w, end, &cp);
		if (unspaced(lang) || lf_is_cjk(cp)) {
			rc = lf_buf_add(out, w, wn);
			continue;
		}
		if (words++ && (rc = lf_buf_add(out, " ", 1)) != 0)
			break;
		rc = lang ? stem_word(lang, w, wn, &tmp, out) : lf_buf_add(out, w, wn);
	}
	lf_buf_free(&folded);
	lf_buf_free(&tmp);
	if (rc)
		lf_buf_reset(out);
	return rc ? LF_ENOMEM : 0;
}
