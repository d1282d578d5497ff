/* lawtags.c - a law's risk tags, scores and evidence (lawtags.h). */
#include "tagging/lawtags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rec.h"
#include "core/schema.h"
#include "core/text/text.h"
#include "lexfrag/lexfrag.h"

/* Evidence kept per category and law: the strongest provisions, those
 * whose own heading states the measure and those that state it more often
 * first.  A law's breadth (how many provisions) counts them all. */
#define MAX_EVIDENCE 10
/* Text tagged per provision: a longer one (a hostile file, or a giant
 * schedule) is tagged on its first 4 MiB, which bounds the tagger's memory
 * (about 5 bytes of token table per byte of text). */
#define MAX_TAGGED ((size_t)4 << 20)
/* Context shown around the matched words in an evidence excerpt. */
#define CONTEXT_BYTES 80
/* A law whose language is not known is tagged with every language's rules
 * on its first 16 KiB (a pasted paragraph, a short draft); beyond, not. */
#define ALL_LANG_BYTES ((size_t)16 << 10)

typedef struct evidence {
	int cat;
	double strength;
	int in_heading;     /* the match is in the provision's heading */
	unsigned matches;   /* places in the provision where it fired */
	size_t order;       /* the provision's place in the law */
	char *line; /* the "tag" record value */
} evidence;

struct lf_lawtags {
	const lf_taxonomy *tx;
	lf_tagger *tagger;
	const char *lang;   /* NULL: every language of the taxonomy */
	const char *title;
	int on;             /* between start and finish */
	lf_buf text, line;
	lf_buf lastctx;     /* the chapter headings lf_tagger_context last read */
	double max[LF_TX_MAX_CATS];
	unsigned count[LF_TX_MAX_CATS];
	unsigned layers[LF_TX_MAX_CATS];
	char subject[LF_TX_MAX_CATS]; /* 0, 't' the title names it, 'h' a heading states it */
	size_t nunits;                /* units tagged so far */
	size_t all_bytes;             /* text tagged with every language's rules */
	evidence *ev;
	size_t nev, capev;
};

const lf_prov lf_preface_prov = {-1, 0, LF_KIND_PROVISION, "preface", "Preface", "", ""};

lf_lawtags *lf_lawtags_new(const lf_taxonomy *tx)
{
	lf_lawtags *lt = calloc(1, sizeof *lt);

	if (!lt)
		return NULL;
	lt->tx = tx;
	lf_buf_init(&lt->text, 0);
	lf_buf_init(&lt->line, 0);
	lf_buf_init(&lt->lastctx, 0);
	if (!(lt->tagger = lf_tagger_new(tx))) {
		free(lt);
		return NULL;
	}
	return lt;
}

static void clear(lf_lawtags *lt)
{
	for (size_t i = 0; i < lt->nev; i++)
		free(lt->ev[i].line);
	lt->nev = 0;
	memset(lt->max, 0, sizeof lt->max);
	memset(lt->count, 0, sizeof lt->count);
	memset(lt->layers, 0, sizeof lt->layers);
	memset(lt->subject, 0, sizeof lt->subject);
	lt->nunits = 0;
	lt->all_bytes = 0;
}

void lf_lawtags_free(lf_lawtags *lt)
{
	if (!lt)
		return;
	clear(lt);
	free(lt->ev);
	lf_tagger_free(lt->tagger);
	lf_buf_free(&lt->text);
	lf_buf_free(&lt->line);
	lf_buf_free(&lt->lastctx);
	free(lt);
}

int lf_lawtags_start(lf_lawtags *lt, const char *lang, const char *title)
{
	clear(lt);
	lt->lang = lang && *lang && strcmp(lang, "und") ? lang : NULL;
	lt->title = title;
	lt->on = 1;
	if (title && *title) {
		/* the title names the category by one of its concept labels
		 * (taxonomy.h): the measure is the law's subject */
		uint64_t mask = 0;
		if (lf_taxonomy_concepts(lt->tx, title, strlen(title), &mask) == 0)
			for (size_t c = 0; c < lf_taxonomy_ncats(lt->tx) && c < 64; c++)
				if (mask & ((uint64_t)1 << c))
					lt->subject[c] = 't';
	}
	if (lt->lang)
		return lf_tagger_law(lt->tagger, lt->lang, title, title ? strlen(title) : 0);
	return 0;
}

int lf_lawtags_all_languages(const lf_lawtags *lt)
{
	return lt->lang == NULL;
}

static int cmp_tag_strength(const void *a, const void *b)
{
	const lf_tag *x = a, *y = b;
	if (x->strength != y->strength)
		return x->strength > y->strength ? -1 : 1;
	return x->cat - y->cat;
}

/* Tags the unit's text with every language's rules (a text whose language
 * is not known: a short draft), keeping each category's strongest tag. */
static int run_all(lf_lawtags *lt, const char *context, const char *text, size_t n, double scope,
                   lf_tag *best, size_t *nbest)
{
	const lf_taxonomy *tx = lt->tx;
	int have[LF_TX_MAX_CATS] = {0};
	size_t k = 0;

	for (size_t l = 0; l < lf_taxonomy_nlangs(tx); l++) {
		const char *lang = lf_taxonomy_lang(tx, l);
		const lf_tag *tags;
		size_t ntags;
		int rc;
		if ((rc = lf_tagger_law(lt->tagger, lang, lt->title, lt->title ? strlen(lt->title) : 0)) != 0 ||
		    (rc = lf_tagger_context(lt->tagger, lang, context, context ? strlen(context) : 0)) != 0 ||
		    (rc = lf_tagger_run(lt->tagger, lang, text, n, scope, &tags, &ntags)) != 0)
			return rc;
		for (size_t i = 0; i < ntags; i++) {
			int c = tags[i].cat;
			if (!have[c]) {
				have[c] = (int)++k;
				best[k - 1] = tags[i];
			} else if (tags[i].strength > best[have[c] - 1].strength) {
				best[have[c] - 1] = tags[i];
			}
		}
	}
	qsort(best, k, sizeof *best, cmp_tag_strength);
	*nbest = k;
	return 0;
}

/* Moves p back (or forward) to the start of a UTF-8 character. */
static size_t u8start(const char *s, size_t p)
{
	while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
		p--;
	return p;
}

/* The excerpt: the matched words with some context, marked STX..ETX. */
static int excerpt(lf_buf *out, const char *s, size_t n, const lf_tag *tg)
{
	size_t from, to, at, start = out->n;
	int rc = 0;

	from = tg->spans[0].off > CONTEXT_BYTES ? tg->spans[0].off - CONTEXT_BYTES : 0;
	to = tg->spans[tg->nspans - 1].off + tg->spans[tg->nspans - 1].len + CONTEXT_BYTES;
	if (to > n)
		to = n;
	from = u8start(s, from);
	to = to < n ? u8start(s, to) : n;
	/* start and end on a word boundary */
	if (from > 0) {
		while (from < tg->spans[0].off && s[from] != ' ' && s[from] != '\n')
			from++;
		rc |= lf_buf_adds(out, "\xe2\x80\xa6 ");
	}
	while (to < n && to > tg->spans[tg->nspans - 1].off + tg->spans[tg->nspans - 1].len &&
	       s[to - 1] != ' ')
		to--;
	at = from;
	for (size_t k = 0; k < tg->nspans; k++) {
		const lf_tag_span *sp = &tg->spans[k];
		if (sp->off < at)
			continue; /* overlapping span: already marked */
		rc |= lf_buf_add(out, s + at, sp->off - at);
		rc |= lf_buf_addc(out, LF_MARK_START);
		rc |= lf_buf_add(out, s + sp->off, sp->len);
		rc |= lf_buf_addc(out, LF_MARK_END);
		at = sp->off + sp->len;
	}
	if (to > at)
		rc |= lf_buf_add(out, s + at, to - at);
	if (to < n)
		rc |= lf_buf_adds(out, " \xe2\x80\xa6");
	/* one line: newlines and tabs become spaces (a record value may hold
	 * them, but an excerpt reads better without) */
	for (size_t i = start; i < out->n; i++)
		if (out->p[i] == '\n' || out->p[i] == '\t' || out->p[i] == '\x1f')
			out->p[i] = ' ';
	return rc;
}

int lf_lawtags_unit(lf_lawtags *lt, const lf_prov *pv, const char *context, const char *text, size_t n)
{
	const lf_tag *tags;
	lf_tag all[LF_TX_MAX_CATS];
	uint64_t chapter = 0; /* categories its chapters' headings name */
	size_t ntags;
	double ev = lf_taxonomy_evidence_threshold(lt->tx), scope;
	int rc = 0;

	if (!lt->on)
		return 0;
	if (n > MAX_TAGGED) {
		n = MAX_TAGGED;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--; /* end on a character boundary */
	}
	lf_buf_reset(&lt->text);
	rc |= lf_buf_adds(&lt->text, pv->heading);
	rc |= lf_buf_addc(&lt->text, '\n');
	rc |= lf_buf_add(&lt->text, text, n);
	if (rc)
		return LF_ENOMEM;
	/* recitals and preambles give reasons, not measures; schedules mostly
	 * list, amend or give forms (a measure in one still tags the law when
	 * it is strong and binding, or stated in several places) */
	scope = !strcmp(pv->kind, LF_KIND_RECITAL) || !strcmp(pv->kind, LF_KIND_PREAMBLE) ||
	                        !strcmp(pv->kind, LF_KIND_SCHEDULE)
	                ? 0.5
	                : 1.0;
	if (!context)
		context = "";
	if (lt->lang && (lt->nunits == 0 || strcmp(context, lf_buf_str(&lt->lastctx)))) {
		/* a chapter's provisions share its headings: read them once */
		lf_buf_reset(&lt->lastctx);
		if ((rc = lf_buf_adds(&lt->lastctx, context)) != 0 ||
		    (rc = lf_tagger_context(lt->tagger, lt->lang, context, strlen(context))) != 0)
			return rc ? LF_ENOMEM : 0;
	}
	if (!lt->lang) {
		/* every language's rules cost ten runs: for a short text only
		 * (language detection fails on a dozen words, not on a long
		 * text, which is then in a language without rules) */
		lt->all_bytes += lt->text.n;
		if (lt->all_bytes > ALL_LANG_BYTES)
			return 0;
	}
	if (lt->lang)
		rc = lf_tagger_run(lt->tagger, lt->lang, lf_buf_str(&lt->text), lt->text.n, scope, &tags, &ntags);
	else {
		rc = run_all(lt, context, lf_buf_str(&lt->text), lt->text.n, scope, all, &ntags);
		tags = all;
	}
	if (rc)
		return rc;
	lt->nunits++;
	if (ntags && context && *context && lf_taxonomy_concepts(lt->tx, context, strlen(context), &chapter))
		chapter = 0;
	for (size_t i = 0; i < ntags; i++) {
		const lf_tag *tg = &tags[i];
		char sp[160];
		size_t k = 0, hlen = strlen(pv->heading);
		int in_heading;
		if (tg->strength < ev || !tg->nspans)
			continue;
		/* about the measure: its own heading states it, or its chapter's
		 * heading names the category */
		in_heading = (hlen && tg->spans[0].off < hlen) || (tg->cat < 64 && (chapter & ((uint64_t)1 << tg->cat)));
		if (in_heading && !lt->subject[tg->cat])
			lt->subject[tg->cat] = 'h';
		if (tg->strength > lt->max[tg->cat])
			lt->max[tg->cat] = tg->strength;
		lt->count[tg->cat]++;
		lt->layers[tg->cat] |= tg->layers;
		if (lt->nev == lt->capev) {
			evidence *e = lf_grow(lt->ev, &lt->capev, sizeof *e, 16);
			if (!e)
				return LF_ENOMEM;
			lt->ev = e;
		}
		for (size_t s = 0; s < tg->nspans && k + 40 < sizeof sp; s++)
			k += (size_t)snprintf(sp + k, sizeof sp - k, "%s%zu+%zu", s ? "," : "",
			                      tg->spans[s].off, tg->spans[s].len);
		lf_buf_reset(&lt->line);
		rc |= lf_buf_printf(&lt->line, "%s\x1f%.3f\x1f%s\x1f%s\x1f%s\x1f%s\x1f",
		                    lf_taxonomy_cat(lt->tx, (size_t)tg->cat)->id, tg->strength, pv->id,
		                    pv->label, tg->rule, sp);
		rc |= excerpt(&lt->line, lf_buf_str(&lt->text), lt->text.n, tg);
		if (rc)
			return LF_ENOMEM;
		lt->ev[lt->nev].cat = tg->cat;
		lt->ev[lt->nev].strength = tg->strength;
		lt->ev[lt->nev].in_heading = in_heading;
		lt->ev[lt->nev].matches = tg->matches;
		lt->ev[lt->nev].order = lt->nunits;
		if (!(lt->ev[lt->nev].line = strdup(lf_buf_str(&lt->line))))
			return LF_ENOMEM;
		lt->nev++;
	}
	return 0;
}

/* A category's evidence: strongest first, a provision about the measure
 * (its heading states it, or it stands in a chapter whose heading names the
 * category) counting ABOUT_BONUS stronger: GDPR Art. 44 (0.85, in Chapter V)
 * before Art. 40 (0.95, codes of conduct that mention transfers); among
 * equals, one that states it in more places, then the law's order (a total
 * order: the same law always cites the same). */
#define ABOUT_BONUS 0.15
static int cmp_ev(const void *a, const void *b)
{
	const evidence *x = a, *y = b;
	double kx = x->strength + (x->in_heading ? ABOUT_BONUS : 0),
	       ky = y->strength + (y->in_heading ? ABOUT_BONUS : 0);
	if (x->cat != y->cat)
		return x->cat - y->cat;
	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (x->matches != y->matches)
		return x->matches > y->matches ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int lf_lawtags_finish(lf_lawtags *lt, lf_xdoc *doc, lf_buf *rec)
{
	const lf_taxonomy *tx = lt->tx;
	double th = lf_taxonomy_law_threshold(tx), top = 0;
	unsigned layers = 0;
	char term[160];
	int rc = 0, any = 0;

	for (size_t c = 0; c < lf_taxonomy_ncats(tx); c++) {
		double score;
		const lf_tx_cat *cat = lf_taxonomy_cat(tx, c);
		if (!lt->count[c])
			continue;
		score = lf_taxonomy_score(tx, lt->max[c], lt->count[c], lt->subject[c] != 0);
		/* every category with evidence gets its score (for ranking); a
		 * law carries the category (term, layers) from the threshold on.
		 * "<id> <score> <provisions> tagged|weak <strongest> title|heading|-" */
		rc |= lf_xdoc_set_value_num(doc, LF_SLOT_RISK0 + (unsigned)c, score);
		snprintf(term, sizeof term, "%s %.3f %u %s %.3f %s", cat->id, score, lt->count[c],
		         score >= th ? "tagged" : "weak", lt->max[c],
		         lt->subject[c] == 't' ? "title" : lt->subject[c] == 'h' ? "heading" : "-");
		rc |= lf_rec_add(rec, "risk", term);
		if (score < th)
			continue;
		snprintf(term, sizeof term, LF_TERM_RISK "%s", cat->id);
		rc |= lf_xdoc_add_boolean(doc, term);
		layers |= lt->layers[c]; /* of the rules that fired */
		if (score > top)
			top = score;
		any = 1;
	}
	if (any) {
		lf_buf *b = &lt->line;
		lf_buf_reset(b);
		rc |= lf_xdoc_set_value_num(doc, LF_SLOT_RISKMAX, top);
		for (size_t l = 0; l < lf_taxonomy_nlayers(tx); l++)
			if (layers & (1u << l)) {
				snprintf(term, sizeof term, LF_TERM_LAYER "%s", lf_taxonomy_layer(tx, l));
				rc |= lf_xdoc_add_boolean(doc, term);
				if (b->n)
					rc |= lf_buf_addc(b, ' ');
				rc |= lf_buf_adds(b, lf_taxonomy_layer(tx, l));
			}
		rc |= lf_rec_addn(rec, "layers", lf_buf_str(b), b->n);
	}
	if (lt->nev)
		qsort(lt->ev, lt->nev, sizeof *lt->ev, cmp_ev);
	for (size_t i = 0, k = 0; i < lt->nev; i++) {
		k = i && lt->ev[i].cat == lt->ev[i - 1].cat ? k + 1 : 0;
		if (k < MAX_EVIDENCE)
			rc |= lf_rec_add(rec, "tag", lt->ev[i].line);
	}
	clear(lt);
	lt->on = 0;
	return rc ? LF_ENOMEM : 0;
}
