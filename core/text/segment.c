/*
 * segment.c - CJK word segmentation with ICU's dictionary-based word break
 * iterator (see segment.h).
 *
 * The indexer (indexer/builder.c) and the query side (query/search.c) both
 * pass their normalised text through lf_segment() before Xapian splits it:
 * Xapian's FLAG_CJK_NGRAM then makes unigrams and bigrams of each CJK word
 * separately, so no bigram spans two words, and an unsegmented query
 * ("个人信息删除") becomes one group of n-grams per word ("个人信息",
 * "删除"), as if the user had typed the spaces.  A word the dictionary does
 * not know is still found: it is cut the same way in the query and in the
 * text (usually into single characters), and its n-grams stay.
 *
 * A CJK run is a maximal run of lf_is_cjk() characters; only runs of two
 * characters or more are given to ICU.  ICU reads the UTF-8 in place
 * (utext_openUTF8), so its boundaries are byte offsets into the run.  A run
 * longer than PIECE bytes is read piece by piece: the last word of a piece
 * that does not end the run is read again at the start of the next piece,
 * so a cut never falls inside a word unless one word fills a whole piece.
 * Any ICU error copies the rest of the run unchanged: text is never lost.
 *
 * Thread safety: one template iterator is opened once (pthread_once) and
 * never used to break text; each thread works on its own clone, made on
 * its first call and closed when the thread ends (a thread-specific key).
 */
#include "core/text/segment.h"
#include "core/err.h"
#include "core/text/text.h"

#include <pthread.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

/* Bytes of a run given to ICU at once: about 1,000 CJK characters, far
 * more than a clause between two punctuation marks, and a bound on the
 * work of one ubrk call (ICU's dictionary engine is linear in the piece). */
#define PIECE ((size_t)3072)

/* Boundaries kept per piece: a piece of PIECE bytes has at most PIECE / 3
 * CJK characters, hence at most that many words (and one start). */
#define MAXB (PIECE / 3 + 2)

static pthread_once_t tmpl_once = PTHREAD_ONCE_INIT;
static UBreakIterator *tmpl; /* NULL if ICU could not open it */
static pthread_key_t iter_key; /* each thread's clone, closed at its exit */
static int have_key;

static void iter_close(void *bi)
{
	ubrk_close(bi);
}

static void tmpl_open(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);

	if (U_FAILURE(st)) {
		if (bi)
			ubrk_close(bi);
		return;
	}
	have_key = pthread_key_create(&iter_key, iter_close) == 0;
	tmpl = bi;
}

/* The calling thread's break iterator, or NULL (ICU error, no memory):
 * the caller then copies its runs unchanged.  The clone is made on a
 * thread's first call and kept until the thread ends (a clone costs about
 * as much as segmenting a provision, and the indexer's reader threads
 * segment thousands of them).  *owned: the caller closes the iterator
 * (no thread key could be made, or it could not be set). */
static UBreakIterator *iter_get(int *owned)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi;

	*owned = 0;
	pthread_once(&tmpl_once, tmpl_open);
	if (!tmpl)
		return NULL;
	if (have_key && (bi = pthread_getspecific(iter_key)) != NULL)
		return bi;
#if U_ICU_VERSION_MAJOR_NUM >= 69
	bi = ubrk_clone(tmpl, &st);
#else
	bi = ubrk_safeClone(tmpl, NULL, NULL, &st);
#endif
	if (U_FAILURE(st)) {
		if (bi)
			ubrk_close(bi);
		return NULL;
	}
	if (!have_key || pthread_setspecific(iter_key, bi) != 0)
		*owned = 1;
	return bi;
}

int lf_has_cjk(const char *p, size_t n)
{
	const char *end;
	unsigned cp;

	if (!n)
		return 0;
	end = p + n;
	while (p < end) {
		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		p += lf_u8dec(p, end, &cp);
		if (lf_is_cjk(cp))
			return 1;
	}
	return 0;
}

/* The word boundaries ICU finds in p[0..n) (valid UTF-8), as byte offsets
 * from p, into b[]: b[0] = 0, then increasing, the last one n unless MAXB
 * was reached.  Returns how many, or 0 on an ICU error. */
static size_t breaks(UBreakIterator *bi, const char *p, size_t n, size_t *b)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, p, (int64_t)n, &st);
	size_t nb = 0;
	int32_t at;

	if (U_FAILURE(st)) {
		utext_close(ut);
		return 0;
	}
	ubrk_setUText(bi, ut, &st);
	if (U_SUCCESS(st)) {
		b[nb++] = 0;
		for (at = ubrk_next(bi); at != UBRK_DONE && nb < MAXB; at = ubrk_next(bi)) {
			if (at <= (int32_t)b[nb - 1] || (size_t)at > n) {
				nb = 0; /* ICU misbehaving: take nothing from it */
				break;
			}
			b[nb++] = (size_t)at;
		}
	}
	/* the iterator must not outlive the text it points into */
	{
		UErrorCode st2 = U_ZERO_ERROR;
		ubrk_setText(bi, NULL, 0, &st2);
	}
	utext_close(ut);
	return U_SUCCESS(st) ? nb : 0;
}

/* The end of the longest prefix of p[0..n) that is at most max bytes and
 * ends on a character boundary (the run is valid UTF-8). */
static size_t piece_end(const char *p, size_t n, size_t max)
{
	size_t k;

	if (n <= max)
		return n;
	k = max;
	while (k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80)
		k--;
	return k;
}

/* True if [p, end) is one character. */
static int one_char(const char *p, const char *end)
{
	return lf_u8len(p, end) == (size_t)(end - p);
}

/* Appends the CJK run p[0..n) with a space between two of its words,
 * except between two one-character words: a run of them (a word the
 * dictionary does not know, "抖音" as "抖" "音", or particles) stays
 * together and keeps its bigrams.  *bi is created on the first run that
 * needs it; after an ICU error the rest of the run is copied as it is. */
static int segment_run(UBreakIterator **bi, int *owned, int *failed, const char *p, size_t n, lf_buf *out)
{
	size_t b[MAXB], nb, i, last, k;
	int rc = 0, prev = -1; /* the last word written: -1 none, 1 one character, 0 longer */

	if (!*bi && !*failed && !(*bi = iter_get(owned)))
		*failed = 1;
	while (n && !rc) {
		k = piece_end(p, n, PIECE);
		nb = *bi ? breaks(*bi, p, k, b) : 0;
		if (nb < 2 || b[nb - 1] != k) /* ICU failed: the rest as it is */
			return lf_buf_add(out, p, n);
		/* a piece that does not end the run gives back its last word,
		 * unless that word is the whole piece */
		last = nb - 1;
		if (k < n && nb > 2)
			last = nb - 2;
		for (i = 0; i < last && !rc; i++) {
			int one = one_char(p + b[i], p + b[i + 1]);
			if (prev >= 0 && !(prev && one))
				rc = lf_buf_addc(out, ' ');
			if (!rc)
				rc = lf_buf_add(out, p + b[i], b[i + 1] - b[i]);
			prev = one;
		}
		p += b[last];
		n -= b[last];
	}
	return rc;
}

int lf_segment(const char *p, size_t n, lf_buf *out)
{
	const char *end, *s = p, *q = p;
	size_t mark = out->n;
	UBreakIterator *bi = NULL;
	int failed = 0, owned = 0, rc = 0;
	unsigned cp;

	if (!n)
		return 0;
	end = p + n;
	/* s: start of the text not yet copied; q: the scan */
	while (q < end && !rc) {
		const char *r, *c;
		size_t k, nchars = 0;
		if ((unsigned char)*q < 0x80) {
			q++;
			continue;
		}
		k = lf_u8dec(q, end, &cp);
		if (!lf_is_cjk(cp)) {
			q += k;
			continue;
		}
		/* a CJK run [q, r) */
		for (r = q; r < end; r = c, nchars++) {
			c = r + lf_u8dec(r, end, &cp);
			if (!lf_is_cjk(cp))
				break;
		}
		if (nchars < 2) {
			q = r;
			continue;
		}
		rc = lf_buf_add(out, s, (size_t)(q - s));
		if (!rc)
			rc = segment_run(&bi, &owned, &failed, q, (size_t)(r - q), out);
		s = q = r;
	}
	if (!rc && s < end)
		rc = lf_buf_add(out, s, (size_t)(end - s));
	if (bi && owned)
		ubrk_close(bi);
	if (rc) {
		out->n = mark;
		if (out->p)
			out->p[mark] = '\0';
	}
	return rc;
}
