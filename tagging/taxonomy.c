/* taxonomy.c - loads, validates and compiles the risk taxonomy (taxonomy.h). */
#include "tagging/taxonomy.h"
#include "core/hash.h"
#include "tagging/tx_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>

/* Built into the library from schemas/ by CMake (see CMakeLists.txt). */
extern const char lf_builtin_taxonomy[];
extern const size_t lf_builtin_taxonomy_len;
extern const char lf_builtin_taxonomy_rng[];
extern const size_t lf_builtin_taxonomy_rng_len;

#define MAX_SOURCE ((size_t)16 << 20)

/* ------------------------------------------------------------ helpers */

typedef struct loader {
	lf_taxonomy *tx;
	const char *name;
	lf_err *err;
	int rc;
	lf_buf scratch;
	lf_text_tok *toks;
	size_t ntoks, captoks;
} loader;

static int fail(loader *ld, const xmlNode *n, const char *fmt, const char *a, const char *b)
{
	char msg[400];

	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	if (!ld->rc)
		ld->rc = lf_err_set(ld->err, LF_EFORMAT, "%s:%ld: %s", ld->name,
		                    n ? (long)xmlGetLineNo(n) : 0L, msg);
	return ld->rc;
}

static const char *attr(loader *ld, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = lf_arena_strdup(ld->tx->arena, (const char *)v);
	xmlFree(v);
	if (!s && !ld->rc)
		ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
	return s;
}

static const char *content(loader *ld, const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s;

	s = lf_arena_strdup(ld->tx->arena, v ? (const char *)v : "");
	xmlFree(v);
	if (!s && !ld->rc)
		ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
	/* collapse whitespace */
	if (s) {
		char *w = s, *r = s;
		int sp = 1;
		for (; *r; r++) {
			if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
				if (!sp)
					*w++ = ' ';
				sp = 1;
			} else {
				*w++ = *r;
				sp = 0;
			}
		}
		if (w > s && w[-1] == ' ')
			w--;
		*w = 0;
	}
	return s;
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 8;
	void *q;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	q = realloc(p, c * size);
	if (q)
		*cap = c;
	return q;
}

static double num(const char *s, double dflt)
{
	return s ? strtod(s, NULL) : dflt;
}

/* ------------------------------------------------------- term indexes */

static int index_add(tx_index *ix, tx_term *terms, int t, const char *s, size_t n)
{
	lf_map_ent *sl;
	int rc = lf_map_put(&ix->map, s, n, &sl);

	if (rc < 0)
		return rc;
	if (rc == 1)
		sl->v.i = -1;
	/* append at the end of the chain, so terms keep file order */
	terms[t].next = -1;
	if (sl->v.i < 0) {
		sl->v.i = t;
	} else {
		int k = (int)sl->v.i;
		while (terms[k].next >= 0)
			k = terms[k].next;
		terms[k].next = t;
	}
	if (n < 64)
		ix->prefix_lens |= (uint64_t)1 << n;
	return 0;
}

/* Compiles one term ("personal data", "stor*", "hat .. zu", "个人信息") and
 * adds it to the language's (or the concept) indexes. */
static int add_term(loader *ld, const xmlNode *at, const char *text, size_t len, int role,
                    int owner, int group, tx_index *exact, tx_index *prefix)
{
	lf_taxonomy *tx = ld->tx;
	tx_tok toks[32];
	int ntoks = 0;
	const char *p = text, *end = text + len;
	tx_term *t;

	while (p < end) {
		const char *w;
		size_t wn;
		int pre = 0;
		while (p < end && *p == ' ')
			p++;
		w = p;
		while (p < end && *p != ' ')
			p++;
		wn = (size_t)(p - w);
		if (!wn)
			continue;
		if (wn == 2 && !memcmp(w, "..", 2)) {
			if (!ntoks || ntoks == 32)
				return fail(ld, at, "term \"%s\": \"..\" must stand between words", text, NULL);
			toks[ntoks++] = (tx_tok){ "", 0, 0, 1 };
			continue;
		}
		if ((wn > 2 && (!memcmp(w, "..", 2) || !memcmp(w + wn - 2, "..", 2))))
			return fail(ld, at, "term \"%s\": write \"..\" as a word of its own", text, NULL);
		if (w[wn - 1] == '*') {
			pre = 1;
			wn--;
		}
		lf_buf_reset(&ld->scratch);
		if (lf_tokenize(w, wn, &ld->toks, &ld->ntoks, &ld->captoks, &ld->scratch))
			return ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
		if (!ld->ntoks)
			return fail(ld, at, "term \"%s\" has a word with no letters or digits", text, NULL);
		for (size_t i = 0; i < ld->ntoks; i++) {
			char *s;
			if (ntoks == 32)
				return fail(ld, at, "term \"%s\" is longer than 32 words", text, NULL);
			s = lf_arena_strndup(tx->arena, lf_buf_str(&ld->scratch) + ld->toks[i].noff,
			                     ld->toks[i].nlen);
			if (!s)
				return ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
			toks[ntoks++] = (tx_tok){ s, (uint16_t)ld->toks[i].nlen,
			                          (uint8_t)(pre && i + 1 == ld->ntoks), 0 };
		}
	}
	if (!ntoks)
		return 0; /* an empty item between two ';' */
	if (toks[ntoks - 1].gap)
		return fail(ld, at, "term \"%s\": \"..\" must stand between words", text, NULL);
	if (!(t = grow(tx->terms, &tx->capterms, tx->nterms + 1, sizeof *tx->terms)))
		return ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
	tx->terms = t;
	t = &tx->terms[tx->nterms];
	t->toks = lf_arena_alloc(tx->arena, (size_t)ntoks * sizeof *toks);
	if (!t->toks)
		return ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
	memcpy(t->toks, toks, (size_t)ntoks * sizeof *toks);
	t->ntoks = ntoks;
	t->role = (uint8_t)role;
	t->owner = owner;
	t->group = group;
	tx->nterms++;
	if (index_add(toks[0].prefix ? prefix : exact, tx->terms, (int)tx->nterms - 1, toks[0].s,
	              toks[0].n))
		return ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
	return 0;
}

/* A list of terms separated by ';'. */
static int add_terms(loader *ld, const xmlNode *n, int role, int owner, int group,
                     tx_index *exact, tx_index *prefix, int need)
{
	const char *s = content(ld, n), *p, *q;
	size_t before = ld->tx->nterms;

	if (!s)
		return ld->rc;
	for (p = s; !ld->rc; p = q + 1) {
		q = strchr(p, ';');
		if (!q)
			q = p + strlen(p);
		add_term(ld, n, p, (size_t)(q - p), role, owner, group, exact, prefix);
		if (!*q)
			break;
	}
	if (!ld->rc && need && ld->tx->nterms == before)
		fail(ld, n, "<%s> has no terms", (const char *)n->name, NULL);
	return ld->rc;
}

/* ------------------------------------------------------------ loading */

static int lang_index(const lf_taxonomy *tx, const char *id)
{
	for (size_t i = 0; id && i < tx->nlangs; i++)
		if (!strcmp(tx->langs[i].id, id))
			return (int)i;
	return -1;
}

int lf_taxonomy_layer_index(const lf_taxonomy *tx, const char *id)
{
	for (size_t i = 0; id && i < tx->nlayers; i++)
		if (!strcmp(tx->layers[i], id))
			return (int)i;
	return -1;
}

int lf_taxonomy_cat_index(const lf_taxonomy *tx, const char *id)
{
	for (size_t i = 0; id && i < tx->ncats; i++)
		if (!strcmp(tx->cats[i].id, id))
			return (int)i;
	return -1;
}

/* "application content" -> a layer mask */
static unsigned layer_mask(loader *ld, const xmlNode *n, const char *list)
{
	unsigned m = 0;
	char w[64];
	const char *p = list;

	while (p && *p) {
		size_t k = 0;
		int li;
		while (*p == ' ')
			p++;
		while (*p && *p != ' ' && k + 1 < sizeof w)
			w[k++] = *p++;
		w[k] = 0;
		if (!k)
			break;
		if ((li = lf_taxonomy_layer_index(ld->tx, w)) < 0) {
			fail(ld, n, "unknown layer \"%s\"", w, NULL);
			return 0;
		}
		m |= 1u << li;
	}
	return m;
}

static int load_category(loader *ld, const xmlNode *cn)
{
	lf_taxonomy *tx = ld->tx;
	int ci = (int)tx->ncats;
	lf_tx_cat *c = &tx->cats[ci];
	size_t nlabels = 0, nharms = 0;
	const char *harms;
	const xmlNode *n;

	memset(c, 0, sizeof *c);
	c->id = attr(ld, cn, "id");
	if (lf_taxonomy_cat_index(tx, c->id) >= 0)
		return fail(ld, cn, "category \"%s\" is declared twice", c->id, NULL);
	c->layers = layer_mask(ld, cn, attr(ld, cn, "layers"));
	tx->ncats++;
	/* harms: property ids */
	harms = attr(ld, cn, "harms");
	for (const char *p = harms; p && *p;) {
		while (*p == ' ')
			p++;
		if (*p)
			nharms++;
		while (*p && *p != ' ')
			p++;
	}
	c->harms = lf_arena_alloc(tx->arena, (nharms + 1) * sizeof *c->harms);
	for (const char *p = harms; c->harms && p && *p && !ld->rc;) {
		const char *w;
		size_t i;
		while (*p == ' ')
			p++;
		w = p;
		while (*p && *p != ' ')
			p++;
		if (p == w)
			break;
		c->harms[c->nharms] = lf_arena_strndup(tx->arena, w, (size_t)(p - w));
		if (!c->harms[c->nharms])
			return ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
		for (i = 0; i < tx->nprops; i++)
			if (!strcmp(tx->props[i].id, c->harms[c->nharms]))
				break;
		if (i == tx->nprops)
			return fail(ld, cn, "unknown property \"%s\" in harms of \"%s\"", c->harms[c->nharms],
			            c->id);
		c->nharms++;
	}
	for (n = cn->children; n; n = n->next)
		nlabels += is(n, "concept");
	c->labels = lf_arena_alloc(tx->arena, (nlabels + 1) * sizeof *c->labels);
	if (!c->labels || !c->harms)
		return ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");

	for (n = cn->children; n && !ld->rc; n = n->next) {
		if (is(n, "description")) {
			c->description = content(ld, n);
		} else if (is(n, "concept")) {
			const char *lang = attr(ld, n, "lang");
			if (lang_index(tx, lang) < 0)
				return fail(ld, n, "concept of \"%s\" in undeclared language \"%s\"", c->id, lang);
			c->labels[c->nlabels].lang = lang;
			c->labels[c->nlabels].text = content(ld, n);
			c->nlabels++;
			add_terms(ld, n, TX_CONCEPT, ci, 0, &tx->cexact, &tx->cprefix, 1);
		} else if (is(n, "rules")) {
			const char *lang = attr(ld, n, "lang");
			int li = lang_index(tx, lang);
			tx_lang *L;
			if (li < 0)
				return fail(ld, n, "rules of \"%s\" in undeclared language \"%s\"", c->id, lang);
			L = &tx->langs[li];
			for (const xmlNode *r = n->children; r && !ld->rc; r = r->next) {
				if (is(r, "except")) {
					add_terms(ld, r, TX_CATEXCEPT, ci, 0, &L->exact, &L->prefix, 1);
				} else if (is(r, "minor")) {
					add_terms(ld, r, TX_CATMINOR, ci, 0, &L->exact, &L->prefix, 1);
				} else if (is(r, "rule")) {
					tx_rule *ru;
					int ri = (int)tx->nrules;
					const char *id = attr(ld, r, "id"), *m;
					if (ld->rc)
						break;
					for (size_t k = 0; k < tx->nrules; k++)
						if (!strcmp(tx->rules[k].id, id))
							return fail(ld, r, "rule \"%s\" is declared twice", id, NULL);
					ru = &tx->rules[tx->nrules++];
					ru->id = id;
					ru->cat = ci;
					ru->lang = li;
					ru->weight = num(attr(ld, r, "weight"), 0.8);
					ru->window = (int)num(attr(ld, r, "window"), L->window);
					m = attr(ld, r, "modality");
					ru->modality_any = m && !strcmp(m, "any");
					ru->modality_binding = m && !strcmp(m, "binding");
					m = attr(ld, r, "bearer");
					ru->non_state = m && !strcmp(m, "non-state");
					ru->anywhere = 0;
					m = attr(ld, r, "layers");
					ru->layers = m ? layer_mask(ld, r, m) : c->layers;
					ru->ngroups = 0;
					if (ru->weight < 0 || ru->weight > 1)
						return fail(ld, r, "rule \"%s\": weight must be between 0 and 1", id, NULL);
					if (ru->window < 1 || ru->window > 400)
						return fail(ld, r, "rule \"%s\": window must be between 1 and 400", id, NULL);
					L->nrules++;
					for (const xmlNode *g = r->children; g && !ld->rc; g = g->next) {
						if (is(g, "terms")) {
							if (ru->ngroups == 8)
								return fail(ld, g, "rule \"%s\" has more than 8 <terms>", id, NULL);
							m = attr(ld, g, "near");
							if (m && !strcmp(m, "provision"))
								ru->anywhere |= 1u << ru->ngroups;
							add_terms(ld, g, TX_GROUP, ri, ru->ngroups++, &L->exact, &L->prefix, 1);
						} else if (is(g, "except")) {
							add_terms(ld, g, TX_EXCEPT, ri, 0, &L->exact, &L->prefix, 1);
						}
					}
					if (!ld->rc && ru->anywhere == (1u << ru->ngroups) - 1)
						return fail(ld, r, "rule \"%s\": every <terms> is near=\"provision\"; "
						            "one at least must be matched in the window", id, NULL);
				}
			}
		}
	}
	return ld->rc;
}

/* Counts elements named name under the root. */
static size_t count(const xmlNode *root, const char *name, int deep)
{
	size_t k = 0;

	for (const xmlNode *n = root->children; n; n = n->next) {
		if (is(n, name))
			k++;
		if (deep && n->type == XML_ELEMENT_NODE)
			k += count(n, name, deep);
	}
	return k;
}

static int load_tree(loader *ld, const xmlNode *root)
{
	lf_taxonomy *tx = ld->tx;
	size_t nl = count(root, "layer", 0), np = count(root, "property", 0),
	       ng = count(root, "language", 0), nc = count(root, "category", 0),
	       nr = count(root, "rule", 1);

	if (nc > LF_TX_MAX_CATS)
		return fail(ld, root, "more than 48 categories", NULL, NULL);
	if (nl > LF_TX_MAX_LAYERS)
		return fail(ld, root, "more than 16 layers", NULL, NULL);
	tx->law_threshold = num(attr(ld, root, "law-threshold"), 0.5);
	tx->evidence_threshold = num(attr(ld, root, "evidence-threshold"), 0.35);
	tx->score_bias = LF_TX_SCORE_BIAS;
	tx->score_strength = LF_TX_SCORE_STRENGTH;
	tx->score_breadth = LF_TX_SCORE_BREADTH;
	tx->score_subject = LF_TX_SCORE_SUBJECT;
	tx->layers = lf_arena_alloc(tx->arena, (nl + 1) * sizeof *tx->layers);
	tx->props = lf_arena_alloc(tx->arena, (np + 1) * sizeof *tx->props);
	tx->langs = calloc(ng + 1, sizeof *tx->langs);
	tx->cats = lf_arena_alloc(tx->arena, (nc + 1) * sizeof *tx->cats);
	tx->rules = lf_arena_alloc(tx->arena, (nr + 1) * sizeof *tx->rules);
	if (!tx->layers || !tx->props || !tx->langs || !tx->cats || !tx->rules)
		return ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");

	for (const xmlNode *n = root->children; n && !ld->rc; n = n->next) {
		if (is(n, "layer")) {
			const char *id = attr(ld, n, "id");
			if (lf_taxonomy_layer_index(tx, id) >= 0)
				return fail(ld, n, "layer \"%s\" is declared twice", id, NULL);
			tx->layers[tx->nlayers++] = id;
		} else if (is(n, "property")) {
			lf_tx_property *p = &tx->props[tx->nprops];
			p->id = attr(ld, n, "id");
			p->kind = attr(ld, n, "kind");
			p->label = content(ld, n);
			if (ld->rc)
				break;
			for (size_t i = 0; i < tx->nprops; i++)
				if (!strcmp(tx->props[i].id, p->id))
					return fail(ld, n, "property \"%s\" is declared twice", p->id, NULL);
			tx->nprops++;
		} else if (is(n, "score")) {
			tx->score_bias = num(attr(ld, n, "bias"), tx->score_bias);
			tx->score_strength = num(attr(ld, n, "strength"), tx->score_strength);
			tx->score_breadth = num(attr(ld, n, "breadth"), tx->score_breadth);
			tx->score_subject = num(attr(ld, n, "subject"), tx->score_subject);
		} else if (is(n, "language")) {
			tx_lang *L = &tx->langs[tx->nlangs];
			L->id = attr(ld, n, "id");
			if (lang_index(tx, L->id) >= 0)
				return fail(ld, n, "language \"%s\" is declared twice", L->id, NULL);
			L->window = (int)num(attr(ld, n, "window"), 12);
			tx->nlangs++;
			for (const xmlNode *m = n->children; m && !ld->rc; m = m->next) {
				if (is(m, "binding"))
					add_terms(ld, m, TX_BINDING, -1, 0, &L->exact, &L->prefix, 1);
				else if (is(m, "permissive"))
					add_terms(ld, m, TX_PERMISSIVE, -1, 0, &L->exact, &L->prefix, 1);
				else if (is(m, "definitions"))
					add_terms(ld, m, TX_DEFINITION, -1, 0, &L->exact, &L->prefix, 1);
				else if (is(m, "state"))
					add_terms(ld, m, TX_STATE, -1, 0, &L->exact, &L->prefix, 1);
				else if (is(m, "denial"))
					add_terms(ld, m, TX_DENIAL, -1, 0, &L->exact, &L->prefix, 1);
				else if (is(m, "scope"))
					add_terms(ld, m, TX_SCOPE, -1, 0, &L->exact, &L->prefix, 1);
			}
		} else if (is(n, "category")) {
			load_category(ld, n);
		}
	}
	return ld->rc;
}

/* libxml2 reports validity errors through this; keep the first. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	loader *ld = ctx;
	char msg[300];
	size_t k;

	if (ld->rc || !e || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
	k = strlen(msg);
	while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' '))
		msg[--k] = 0;
	ld->rc = lf_err_set(ld->err, LF_EFORMAT, "%s:%d: %s", ld->name, e->line, msg);
}

static int validate(loader *ld, xmlDoc *doc)
{
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr rng = NULL;
	xmlRelaxNGValidCtxtPtr vc = NULL;
	int bad;

	pc = xmlRelaxNGNewMemParserCtxt(lf_builtin_taxonomy_rng, (int)lf_builtin_taxonomy_rng_len);
	if (pc)
		rng = xmlRelaxNGParse(pc);
	if (rng)
		vc = xmlRelaxNGNewValidCtxt(rng);
	if (!vc) {
		xmlRelaxNGFreeParserCtxt(pc);
		xmlRelaxNGFree(rng);
		return ld->rc = lf_err_set(ld->err, LF_ERROR, "%s: the built-in taxonomy schema did not load",
		                           ld->name);
	}
	xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, ld);
	bad = xmlRelaxNGValidateDoc(vc, doc);
	if (bad && !ld->rc)
		ld->rc = lf_err_set(ld->err, LF_EFORMAT, "%s: does not match schemas/taxonomy.rng", ld->name);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(rng);
	xmlRelaxNGFreeParserCtxt(pc);
	return ld->rc;
}

int lf_taxonomy_parse(const char *xml, size_t n, const char *name, lf_taxonomy **out, lf_err *err)
{
	loader ld;
	xmlParserCtxtPtr pctx;
	xmlDoc *doc = NULL;

	*out = NULL;
	memset(&ld, 0, sizeof ld);
	ld.name = name ? name : "taxonomy";
	ld.err = err;
	if (n > MAX_SOURCE)
		return lf_err_set(err, LF_ETOOBIG, "%s: a taxonomy file over 16 MiB is refused", ld.name);
	ld.tx = calloc(1, sizeof *ld.tx);
	if (!ld.tx || !(ld.tx->arena = lf_arena_new()) || !(ld.tx->source = malloc(n + 1))) {
		lf_taxonomy_free(ld.tx);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	memcpy(ld.tx->source, xml, n);
	ld.tx->source[n] = 0;
	ld.tx->nsource = n;
	ld.tx->hash = lf_hash(xml, n);
	lf_buf_init(&ld.scratch, 0);

	/* No network, no DTD loading, no entity substitution; a file with a
	 * DTD is refused outright. */
	pctx = xmlNewParserCtxt();
	if (pctx)
		doc = xmlCtxtReadMemory(pctx, xml, (int)n, ld.name, NULL,
		                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = pctx ? xmlCtxtGetLastError(pctx) : NULL;
		lf_err_set(err, LF_EFORMAT, "%s:%d: not well-formed XML: %s", ld.name, e ? e->line : 0,
		           e && e->message ? e->message : "unreadable");
		ld.rc = LF_EFORMAT;
		{
			size_t k = strlen(err ? err->msg : "");
			while (err && k && err->msg[k - 1] == '\n')
				err->msg[--k] = 0;
		}
	} else if (doc->intSubset || doc->extSubset) {
		ld.rc = lf_err_set(err, LF_EFORMAT, "%s: a DTD is not allowed in a taxonomy file", ld.name);
	} else if (!validate(&ld, doc)) {
		load_tree(&ld, xmlDocGetRootElement(doc));
	}
	if (!ld.rc) {
		for (size_t i = 0; i < ld.tx->nrules; i++)
			if (!ld.tx->rules[i].ngroups) {
				fail(&ld, NULL, "rule \"%s\" has no <terms>", ld.tx->rules[i].id, NULL);
				break;
			}
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	lf_buf_free(&ld.scratch);
	free(ld.toks);
	if (ld.rc) {
		lf_taxonomy_free(ld.tx);
		return ld.rc;
	}
	*out = ld.tx;
	return 0;
}

int lf_taxonomy_load(const char *path, lf_taxonomy **out, lf_err *err)
{
	FILE *f;
	char *s = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	if (!path)
		return lf_taxonomy_parse(lf_builtin_taxonomy, lf_builtin_taxonomy_len, "built-in taxonomy",
		                         out, err);
	if (!(f = fopen(path, "rb")))
		return lf_err_set(err, LF_EIO, "%s: %s", path, strerror(errno));
	for (;;) {
		size_t k;
		if (n + 65536 > cap) {
			char *t;
			cap = cap ? cap * 2 : 262144;
			if (cap > MAX_SOURCE + 65536 || !(t = realloc(s, cap))) {
				free(s);
				fclose(f);
				return cap > MAX_SOURCE + 65536
				               ? lf_err_set(err, LF_ETOOBIG, "%s: a taxonomy file over 16 MiB is refused", path)
				               : lf_err_set(err, LF_ENOMEM, "out of memory");
			}
			s = t;
		}
		k = fread(s + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		free(s);
		fclose(f);
		return lf_err_set(err, LF_EIO, "%s: read error", path);
	}
	fclose(f);
	rc = lf_taxonomy_parse(s ? s : "", n, path, out, err);
	free(s);
	return rc;
}

void lf_taxonomy_free(lf_taxonomy *tx)
{
	if (!tx)
		return;
	for (size_t i = 0; tx->langs && i < tx->nlangs; i++) {
		lf_map_free(&tx->langs[i].exact.map);
		lf_map_free(&tx->langs[i].prefix.map);
	}
	free(tx->langs);
	lf_map_free(&tx->cexact.map);
	lf_map_free(&tx->cprefix.map);
	free(tx->terms);
	free(tx->source);
	lf_arena_free(tx->arena);
	free(tx);
}

/* ----------------------------------------------------------- accessors */

const char *lf_taxonomy_source(const lf_taxonomy *tx, size_t *n)
{
	*n = tx->nsource;
	return tx->source;
}

uint64_t lf_taxonomy_hash(const lf_taxonomy *tx) { return tx->hash; }
size_t lf_taxonomy_ncats(const lf_taxonomy *tx) { return tx->ncats; }
const lf_tx_cat *lf_taxonomy_cat(const lf_taxonomy *tx, size_t i) { return &tx->cats[i]; }
size_t lf_taxonomy_nlayers(const lf_taxonomy *tx) { return tx->nlayers; }
const char *lf_taxonomy_layer(const lf_taxonomy *tx, size_t i) { return tx->layers[i]; }
size_t lf_taxonomy_nlangs(const lf_taxonomy *tx) { return tx->nlangs; }
const char *lf_taxonomy_lang(const lf_taxonomy *tx, size_t i) { return tx->langs[i].id; }
size_t lf_taxonomy_nproperties(const lf_taxonomy *tx) { return tx->nprops; }
const lf_tx_property *lf_taxonomy_property(const lf_taxonomy *tx, size_t i) { return &tx->props[i]; }
double lf_taxonomy_law_threshold(const lf_taxonomy *tx) { return tx->law_threshold; }
double lf_taxonomy_evidence_threshold(const lf_taxonomy *tx) { return tx->evidence_threshold; }

double lf_taxonomy_score(const lf_taxonomy *tx, double max, unsigned n, int subject)
{
	double z;

	if (!n)
		return 0;
	z = tx->score_bias + tx->score_strength * max + tx->score_breadth * log((double)n) +
	    tx->score_subject * (subject ? 1 : 0);
	return 1 / (1 + exp(-z));
}

int lf_taxonomy_concepts(const lf_taxonomy *tx, const char *p, size_t n, uint64_t *mask)
{
	lf_buf rec;
	int rc;

	/* through the record, as the query side does */
	lf_buf_init(&rec, 0);
	rc = lf_taxonomy_concepts_record(tx, &rec);
	if (!rc)
		rc = lf_concepts_match(lf_buf_str(&rec), rec.n, p, n, mask, NULL);
	lf_buf_free(&rec);
	return rc;
}

/* ------------------------------------------- records for the query side */

int lf_taxonomy_categories_record(const lf_taxonomy *tx, lf_buf *out)
{
	int rc = 0;

	for (size_t c = 0; c < tx->ncats; c++) {
		rc |= lf_buf_adds(out, tx->cats[c].id);
		rc |= lf_buf_addc(out, '\t');
		for (size_t l = 0, k = 0; l < tx->nlayers; l++)
			if (tx->cats[c].layers & (1u << l)) {
				if (k++)
					rc |= lf_buf_addc(out, ' ');
				rc |= lf_buf_adds(out, tx->layers[l]);
			}
		rc |= lf_buf_addc(out, '\n');
	}
	return rc ? LF_ENOMEM : 0;
}

int lf_taxonomy_concepts_record(const lf_taxonomy *tx, lf_buf *out)
{
	int rc = 0;

	for (size_t i = 0; i < tx->nterms; i++) {
		const tx_term *t = &tx->terms[i];
		if (t->role != TX_CONCEPT)
			continue;
		rc |= lf_buf_printf(out, "%d\t", t->owner);
		for (int k = 0; k < t->ntoks; k++) {
			if (k)
				rc |= lf_buf_addc(out, ' ');
			if (t->toks[k].gap)
				rc |= lf_buf_adds(out, "..");
			else
				rc |= lf_buf_add(out, t->toks[k].s, t->toks[k].n);
			if (t->toks[k].prefix)
				rc |= lf_buf_addc(out, '*');
		}
		rc |= lf_buf_addc(out, '\n');
	}
	return rc ? LF_ENOMEM : 0;
}

/* Does the concept "a b* c" (folded tokens) occur in the tokens at i?
 * Returns how many tokens it covers, 0 if it does not occur. */
static size_t concept_at(const char *c, const char *end, const lf_text_tok *toks, size_t ntoks,
                         const char *folded, size_t i)
{
	size_t start = i;

	while (c < end) {
		const char *w = c;
		size_t n;
		int pre = 0;
		while (c < end && *c != ' ')
			c++;
		n = (size_t)(c - w);
		if (c < end)
			c++;
		if (n == 2 && !memcmp(w, "..", 2))
			continue; /* a gap: treated as adjacency in queries */
		if (n && w[n - 1] == '*') {
			pre = 1;
			n--;
		}
		if (i >= ntoks || (pre ? toks[i].nlen < n : toks[i].nlen != n) ||
		    memcmp(folded + toks[i].noff, w, n))
			return 0;
		i++;
	}
	return i - start;
}

int lf_concepts_match(const char *rec, size_t nrec, const char *p, size_t n, uint64_t *mask,
                      double *coverage)
{
	lf_text_tok *toks = NULL;
	size_t ntoks = 0, cap = 0;
	lf_buf folded;
	const char *line = rec, *end = rec + nrec;
	uint8_t *covered = NULL;
	int rc;

	*mask = 0;
	if (coverage)
		for (int c = 0; c < 64; c++)
			coverage[c] = 0;
	lf_buf_init(&folded, 0);
	rc = lf_tokenize(p, n, &toks, &ntoks, &cap, &folded);
	if (!rc && ntoks && !(covered = calloc(64, ntoks)))
		rc = LF_ENOMEM;
	while (!rc && line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line)), *tab;
		int cat;
		if (!nl)
			nl = end;
		tab = memchr(line, '\t', (size_t)(nl - line));
		cat = atoi(line);
		if (tab && cat >= 0 && cat < 64)
			for (size_t i = 0; i < ntoks; i++) {
				size_t k = concept_at(tab + 1, nl, toks, ntoks, lf_buf_str(&folded), i);
				if (!k)
					continue;
				*mask |= (uint64_t)1 << cat;
				memset(covered + (size_t)cat * ntoks + i, 1, k);
			}
		line = nl + 1;
	}
	if (!rc && coverage)
		for (int c = 0; c < 64; c++) {
			size_t k = 0;
			if (!(*mask & ((uint64_t)1 << c)))
				continue;
			for (size_t i = 0; i < ntoks; i++)
				k += covered[(size_t)c * ntoks + i];
			coverage[c] = (double)k / (double)ntoks;
		}
	free(covered);
	free(toks);
	lf_buf_free(&folded);
	return rc;
}
