/*
 * thesaurus.c - loads, validates and indexes the multilingual thesaurus
 * (thesaurus.h; the format: schemas/README.md, "The thesaurus file").
 *
 * The built-in thesaurus (schemas/thesaurus.xml, embedded by CMake) is read
 * first, then the extra file if one is given; both are validated against
 * schemas/thesaurus.rng (also embedded), then checked for what the grammar
 * cannot say.  A concept of the extra file whose id is already known gains
 * its labels; a preferred label of the file becomes the concept's preferred
 * one in that language.
 *
 * Every label is indexed by the string "lang \x1f key" (key: lf_lexicon_key
 * of the label in its language) in one lf_map; the entry's value is the
 * head of a chain of postings (concept indexes, in load order), so that
 * lf_thesaurus_find is one hash lookup.  A label whose key its concept
 * already has in that language adds nothing (the stemmer joins the two).
 * All strings live in one arena, freed with the thesaurus.
 *
 * The built-in thesaurus is usually not read from XML at all: the build
 * compiles it (tools/mkthesaurus.c) and lf_thesaurus_load maps that file
 * (thesaurus_file.c) when it was made from the embedded XML, then answers
 * from it (th->file: concepts [0, file.nconcepts)).  An extra file is read
 * as above over it: a built-in concept it extends has its labels copied into
 * memory first (from_file), new concepts come after, and find answers from
 * the file's table, then from the map of the extra's labels.  Either way the
 * answers are those of the XML (test_thesaurus).
 */
#include "query/thesaurus.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/map.h"
#include "core/text/lang.h"
#include "core/text/text.h"
#include "core/hash.h"
#include "query/lexicon.h"
#include "query/thesaurus_int.h"

#ifndef LF_THESAURUS_BUILD
#define LF_THESAURUS_BUILD ""
#endif
#ifndef LF_THESAURUS_INSTALLED
#define LF_THESAURUS_INSTALLED ""
#endif

/* Built into the library from schemas/ by CMake (see CMakeLists.txt). */
extern const char lf_builtin_thesaurus[];
extern const size_t lf_builtin_thesaurus_len;
extern const char lf_builtin_thesaurus_rng[];
extern const size_t lf_builtin_thesaurus_rng_len;

/* Limits on what a file may make us do: its size, then what it holds (the
 * grammar bounds a label at 200 characters and the nesting at three). */
#define MAX_SOURCE ((size_t)16 << 20)
#define MAX_CONCEPTS 100000
#define MAX_LABELS 1000000
#define SEP '\x1f'

typedef struct loader {
	lf_thesaurus *th;
	const char *name;
	lf_err *err;
	int rc;
	int dtd;      /* the parser met a DOCTYPE */
	lf_map seen;  /* the concept ids of this file */
	lf_buf key, comp;
} loader;

/* ------------------------------------------------------------ helpers */

static int fail(loader *ld, const xmlNode *n, const char *fmt, const char *a, const char *b)
{
	char msg[400];

	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	if (!ld->rc)
		ld->rc = lf_err_set(ld->err, LF_EFORMAT, "%s:%ld: %s", ld->name,
		                    n ? (long)xmlGetLineNo(n) : 0L, msg);
	return ld->rc;
}

static int oom(loader *ld)
{
	if (!ld->rc)
		ld->rc = lf_err_set(ld->err, LF_ENOMEM, "out of memory");
	return ld->rc;
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The attribute's value as an arena string, or NULL when absent. */
static const char *attr(loader *ld, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = lf_arena_strdup(ld->th->arena, (const char *)v);
	xmlFree(v);
	if (!s)
		oom(ld);
	return s;
}

/* The element's text, whitespace runs collapsed to one space, trimmed. */
static char *label_text(loader *ld, const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = lf_arena_strdup(ld->th->arena, v ? (const char *)v : "");
	char *w, *r;
	int sp = 1;

	xmlFree(v);
	if (!s) {
		oom(ld);
		return NULL;
	}
	for (w = r = s; *r; r++) {
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
	return s;
}

/* Words of a key as lf_lexicon_key counts them: each run of non-CJK word
 * characters is one, each CJK character is one. */
static unsigned key_words(const char *k, size_t n)
{
	const char *p = k, *end = k + n;
	unsigned words = 0;
	int in = 0;

	while (p < end) {
		unsigned cp;
		size_t len = lf_u8dec(p, end, &cp);
		if (lf_is_cjk(cp)) {
			words++;
			in = 0;
		} else if (cp == ' ') {
			in = 0;
		} else if (!in) {
			words++;
			in = 1;
		}
		p += len;
	}
	return words;
}

/* ------------------------------------------------------------ building */

static th_set *concept_set(loader *ld, th_concept *c, const char *lang)
{
	th_set *s;

	for (size_t i = 0; i < c->nsets; i++)
		if (!strcmp(c->sets[i].lang, lang))
			return &c->sets[i];
	if (c->nsets == c->capsets) {
		th_set *g = lf_grow(c->sets, &c->capsets, sizeof *g, 4);
		if (!g) {
			oom(ld);
			return NULL;
		}
		c->sets = g;
	}
	s = &c->sets[c->nsets++];
	memset(s, 0, sizeof *s);
	snprintf(s->lang, sizeof s->lang, "%s", lang);
	return s;
}

/* Appends a label and its key to s. */
static int set_push(loader *ld, th_set *s, const char *label, const char *key)
{
	if (s->n == s->cap) {
		size_t cap = s->cap;
		const char **g = lf_grow(s->labels, &cap, sizeof *g, 4), **h;
		if (!g)
			return oom(ld);
		s->labels = g;
		cap = s->cap;
		if (!(h = lf_grow(s->keys, &cap, sizeof *h, 4)))
			return oom(ld);
		s->keys = h;
		s->cap = cap;
	}
	s->labels[s->n] = label;
	s->keys[s->n++] = key;
	return 0;
}

/* Moves label i of s to the front. */
static void promote(th_set *s, size_t i)
{
	const char *l = s->labels[i], *k = s->keys[i];

	memmove(s->labels + 1, s->labels, i * sizeof *s->labels);
	memmove(s->keys + 1, s->keys, i * sizeof *s->keys);
	s->labels[0] = l;
	s->keys[0] = k;
}

/* The key part of a composite "lang\x1fkey". */
static const char *comp_key(const char *comp, size_t n)
{
	const char *k = memchr(comp, SEP, n);

	return k ? k + 1 : comp;
}

/* Adds label text (language lang, preferred if pref) to concept ci. */
static int add_label(loader *ld, const xmlNode *at, int ci, const char *lang, const char *text, int pref,
                     size_t *file_labels)
{
	lf_thesaurus *th = ld->th;
	th_concept *c = &th->concepts[ci];
	th_set *s;
	lf_map_ent *e;
	char *comp;
	int rc;

	if (++*file_labels > MAX_LABELS)
		return ld->rc ? ld->rc
		              : (ld->rc = lf_err_set(ld->err, LF_ETOOBIG, "%s: more than %d labels are refused",
		                                     ld->name, MAX_LABELS));
	if (lf_lexicon_key(lang, text, strlen(text), &ld->key))
		return oom(ld);
	if (!ld->key.n)
		return fail(ld, at, "label \"%s\" has no letters or digits", text, NULL);
	if (!(s = concept_set(ld, c, lang)))
		return ld->rc;
	if (pref && s->has_pref == 2)
		return fail(ld, at, "concept \"%s\" has two preferred labels in \"%s\"", c->id, lang);

	/* the concept has this key in this language already: keep the label
	 * it came with, only its rank may change */
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->keys[i]) == ld->key.n && !memcmp(s->keys[i], ld->key.p, ld->key.n)) {
			if (pref) {
				promote(s, i);
				s->has_pref = 2;
			}
			return 0;
		}

	lf_buf_reset(&ld->comp);
	if (lf_buf_add(&ld->comp, lang, strlen(lang)) || lf_buf_addc(&ld->comp, SEP) ||
	    lf_buf_add(&ld->comp, ld->key.p, ld->key.n))
		return oom(ld);
	e = lf_map_get(&th->keys, ld->comp.p, ld->comp.n);

	/* the label, with its key (the composite's tail) */
	if (!(comp = lf_arena_strndup(th->arena, ld->comp.p, ld->comp.n)))
		return oom(ld);
	if (set_push(ld, s, text, comp_key(comp, ld->comp.n)))
		return ld->rc;
	if (pref) {
		promote(s, s->n - 1);
		s->has_pref = 2;
	}

	/* its posting */
	if (th->nposts == th->capposts) {
		th_post *g = lf_grow(th->posts, &th->capposts, sizeof *g, 1024);
		if (!g)
			return oom(ld);
		th->posts = g;
	}
	th->posts[th->nposts] = (th_post){ ci, -1 };
	if (!e) {
		if ((rc = lf_map_put(&th->keys, comp, ld->comp.n, &e)) < 0)
			return oom(ld);
		e->v.i = (intptr_t)th->nposts;
	} else {
		int k = (int)e->v.i;
		while (th->posts[k].next >= 0)
			k = th->posts[k].next;
		th->posts[k].next = (int)th->nposts;
	}
	th->nposts++;
	{
		unsigned w = key_words(ld->key.p, ld->key.n);
		if (w > th->max_words)
			th->max_words = w;
	}
	return 0;
}

/* Concept ci of the compiled built-in, which this file extends: its labels
 * become sets in memory (pointing into the mapping), which the file's then
 * join as in a thesaurus read from XML. */
static int from_file(loader *ld, int ci)
{
	th_concept *c = &ld->th->concepts[ci];
	const th_file *f = &ld->th->file;
	size_t first, n;
	const char *lang;

	for (size_t i = 0; (lang = th_file_set(f, (uint32_t)ci, i, &first, &n)) != NULL; i++) {
		th_set *s = concept_set(ld, c, lang);
		if (!s)
			return ld->rc;
		for (size_t l = first; l < first + n; l++) {
			if (set_push(ld, s, f->texts[l], th_file_key(f, l)))
				return ld->rc;
		}
		if (n)
			s->has_pref = 1;
	}
	c->mem = 1;
	return 0;
}

/* Before a file extends the compiled built-in: its concepts get entries (not
 * yet in memory) and their ids the map of ids. */
static int over_file(loader *ld)
{
	lf_thesaurus *th = ld->th;
	lf_map_ent *e;

	if (!th->file.base || th->concepts)
		return 0;
	th->cap = th->n ? th->n : 1;
	if (!(th->concepts = calloc(th->cap, sizeof *th->concepts)))
		return oom(ld);
	for (size_t c = 0; c < th->n; c++) {
		th->concepts[c].id = th_file_id(&th->file, (uint32_t)c);
		if (lf_map_put_str(&th->ids, th->concepts[c].id, &e) < 0)
			return oom(ld);
		e->v.i = (intptr_t)c;
	}
	return 0;
}

static int load_concept(loader *ld, const xmlNode *cn, size_t *file_labels)
{
	lf_thesaurus *th = ld->th;
	const char *id = attr(ld, cn, "id");
	lf_map_ent *e;
	int ci, rc;

	if (!id)
		return ld->rc ? ld->rc : fail(ld, cn, "a concept has no id", NULL, NULL);
	if ((rc = lf_map_put_str(&ld->seen, id, &e)) < 0)
		return oom(ld);
	if (rc == 0)
		return fail(ld, cn, "concept \"%s\" is defined twice", id, NULL);
	if ((e = lf_map_get_str(&th->ids, id)) != NULL) {
		ci = (int)e->v.i;
		if (!th->concepts[ci].mem && from_file(ld, ci))
			return ld->rc;
	} else {
		if (th->n >= MAX_CONCEPTS)
			return ld->rc = lf_err_set(ld->err, LF_ETOOBIG, "%s: more than %d concepts are refused",
			                           ld->name, MAX_CONCEPTS);
		if (th->n == th->cap) {
			th_concept *g = lf_grow(th->concepts, &th->cap, sizeof *g, 256);
			if (!g)
				return oom(ld);
			th->concepts = g;
		}
		ci = (int)th->n;
		memset(&th->concepts[ci], 0, sizeof th->concepts[ci]);
		th->concepts[ci].id = id;
		th->concepts[ci].mem = 1;
		if (lf_map_put_str(&th->ids, id, &e) < 0)
			return oom(ld);
		e->v.i = ci;
		th->n++;
	}
	/* a preferred label of this file, once per language, may replace the
	 * one the concept had: forget which sets had one before this file */
	for (size_t i = 0; i < th->concepts[ci].nsets; i++)
		if (th->concepts[ci].sets[i].has_pref)
			th->concepts[ci].sets[i].has_pref = 1;

	for (const xmlNode *n = cn->children; n && !ld->rc; n = n->next) {
		const char *lang, *pref, *iso;
		char *text;
		if (!is(n, "label"))
			continue;
		lang = attr(ld, n, "lang");
		pref = attr(ld, n, "pref");
		if (ld->rc)
			return ld->rc;
		if (!lang)
			return fail(ld, n, "a label has no lang", NULL, NULL);
		iso = lf_lang_iso1(lang, strlen(lang));
		if (!iso || strcmp(iso, lang))
			return fail(ld, n, "unknown language \"%s\" (an ISO 639-1 code lexfrag knows)", lang, NULL);
		if (!(text = label_text(ld, n)))
			return ld->rc;
		add_label(ld, n, ci, lang, text, pref && !strcmp(pref, "true"), file_labels);
	}
	return ld->rc;
}

/* ---------------------------------------------------- parsing, checking */

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

	pc = xmlRelaxNGNewMemParserCtxt(lf_builtin_thesaurus_rng, (int)lf_builtin_thesaurus_rng_len);
	if (pc)
		rng = xmlRelaxNGParse(pc);
	if (rng)
		vc = xmlRelaxNGNewValidCtxt(rng);
	if (!vc) {
		xmlRelaxNGFreeParserCtxt(pc);
		xmlRelaxNGFree(rng);
		return ld->rc = lf_err_set(ld->err, LF_ERROR, "%s: the built-in thesaurus schema did not load",
		                           ld->name);
	}
	xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, ld);
	bad = xmlRelaxNGValidateDoc(vc, doc);
	if (bad && !ld->rc)
		ld->rc = lf_err_set(ld->err, LF_EFORMAT, "%s: does not match schemas/thesaurus.rng", ld->name);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(rng);
	xmlRelaxNGFreeParserCtxt(pc);
	return ld->rc;
}

/* A DOCTYPE stops the parser at once, before any declaration in it is read:
 * no entity of a thesaurus file is ever defined, let alone expanded. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr pctx = ctx;

	(void)name, (void)ext, (void)sys;
	((loader *)pctx->_private)->dtd = 1;
	xmlStopParser(pctx);
}

/* Parses and adds one file's text (n bytes, named name in errors). */
static int parse_into(lf_thesaurus *th, const char *xml, size_t n, const char *name, lf_err *err)
{
	loader ld;
	xmlParserCtxtPtr pctx;
	xmlDoc *doc = NULL;
	size_t file_labels = 0;

	memset(&ld, 0, sizeof ld);
	ld.th = th;
	ld.name = name;
	ld.err = err;
	if (n > MAX_SOURCE)
		return lf_err_set(err, LF_ETOOBIG, "%s: a thesaurus file over 16 MiB is refused", name);
	lf_buf_init(&ld.key, 0);
	lf_buf_init(&ld.comp, 0);

	/* No network, no DTD, no entity substitution. */
	pctx = xmlNewParserCtxt();
	if (pctx && pctx->sax) {
		pctx->_private = &ld;
		pctx->sax->internalSubset = on_doctype;
		doc = xmlCtxtReadMemory(pctx, xml, (int)n, name, NULL,
		                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	}
	if (ld.dtd || (doc && (doc->intSubset || doc->extSubset))) {
		ld.rc = lf_err_set(err, LF_EFORMAT, "%s: a DTD (and so any entity) is not allowed in a thesaurus file",
		                   name);
	} else if (!doc) {
		const xmlError *e = pctx ? xmlCtxtGetLastError(pctx) : NULL;
		size_t k;
		ld.rc = lf_err_set(err, pctx ? LF_EFORMAT : LF_ENOMEM, "%s:%d: not well-formed XML: %s", name,
		                   e ? e->line : 0, e && e->message ? e->message : "unreadable");
		k = strlen(err ? err->msg : "");
		while (err && k && (err->msg[k - 1] == '\n' || err->msg[k - 1] == ' '))
			err->msg[--k] = 0;
	} else if (!validate(&ld, doc) && !over_file(&ld)) {
		for (const xmlNode *c = xmlDocGetRootElement(doc)->children; c && !ld.rc; c = c->next)
			if (is(c, "concept"))
				load_concept(&ld, c, &file_labels);
	}
	if (!ld.rc && lf_arena_failed(th->arena))
		oom(&ld);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	lf_map_free(&ld.seen);
	lf_buf_free(&ld.key);
	lf_buf_free(&ld.comp);
	return ld.rc;
}

/* Reads path whole, refusing more than MAX_SOURCE bytes; *out is malloc'd. */
static int read_file(const char *path, char **out, size_t *nout, lf_err *err)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!f)
		return lf_err_set(err, LF_EIO, "%s: %s", path, strerror(errno));
	for (;;) {
		size_t k;
		if (n == cap) {
			char *t;
			if (cap > MAX_SOURCE) {
				free(s);
				fclose(f);
				return lf_err_set(err, LF_ETOOBIG, "%s: a thesaurus file over 16 MiB is refused", path);
			}
			cap = cap ? cap * 2 : 65536;
			if (!(t = realloc(s, cap + 1))) {
				free(s);
				fclose(f);
				return lf_err_set(err, LF_ENOMEM, "out of memory");
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
	*out = s;
	*nout = n;
	return 0;
}

/* --------------------------------------------------------------- API */

static uint64_t builtin_hash;
static pthread_once_t builtin_hash_once = PTHREAD_ONCE_INIT;

static void hash_builtin(void)
{
	builtin_hash = lf_hash(lf_builtin_thesaurus, lf_builtin_thesaurus_len);
}

/* Maps the compiled built-in into th->file: the file LF_THESAURUS_FILE
 * names, or else the build tree's, or else the installed one.  A file that
 * is missing, malformed or stale (made from another XML than the embedded
 * one) is passed over in silence: the caller then parses the XML. */
static int open_compiled(lf_thesaurus *th)
{
	const char *env = getenv("LF_THESAURUS_FILE");
	const char *paths[] = {LF_THESAURUS_BUILD, LF_THESAURUS_INSTALLED};
	lf_err ignored;

	pthread_once(&builtin_hash_once, hash_builtin);
	if (env && *env)
		return th_file_open(&th->file, env, builtin_hash, &ignored) == 0;
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
		if (*paths[i] && access(paths[i], F_OK) == 0 &&
		    th_file_open(&th->file, paths[i], builtin_hash, &ignored) == 0)
			return 1;
	return 0;
}

static lf_thesaurus *new_thesaurus(void)
{
	lf_thesaurus *th = calloc(1, sizeof *th);

	if (th && !(th->arena = lf_arena_new())) {
		free(th);
		th = NULL;
	}
	return th;
}

int lf_thesaurus_load(const char *extra, lf_thesaurus **out, lf_err *err)
{
	lf_thesaurus *th;
	char *s = NULL;
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	if (!(th = new_thesaurus()))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	if (open_compiled(th)) {
		th->n = th->file.nconcepts;
		th->max_words = th->file.max_words;
	} else {
		rc = parse_into(th, lf_builtin_thesaurus, lf_builtin_thesaurus_len, "built-in thesaurus", err);
	}
	if (!rc && extra && !(rc = read_file(extra, &s, &n, err)))
		rc = parse_into(th, s ? s : "", n, extra, err);
	free(s);
	if (rc) {
		lf_thesaurus_free(th);
		return rc;
	}
	*out = th;
	return 0;
}

int lf_thesaurus_parse(const char *xml, size_t n, const char *name, lf_thesaurus **out, lf_err *err)
{
	lf_thesaurus *th;
	int rc;

	*out = NULL;
	if (!(th = new_thesaurus()))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	if ((rc = parse_into(th, xml, n, name, err)) != 0) {
		lf_thesaurus_free(th);
		return rc;
	}
	*out = th;
	return 0;
}

void lf_thesaurus_free(lf_thesaurus *th)
{
	if (!th)
		return;
	for (size_t i = 0; th->concepts && i < th->n; i++) {
		for (size_t j = 0; j < th->concepts[i].nsets; j++) {
			free(th->concepts[i].sets[j].labels);
			free(th->concepts[i].sets[j].keys);
		}
		free(th->concepts[i].sets);
	}
	free(th->concepts);
	free(th->posts);
	lf_map_free(&th->ids);
	lf_map_free(&th->keys);
	lf_arena_free(th->arena);
	th_file_close(&th->file);
	free(th);
}

/* The compiled built-in's concepts first, then those of labels read from
 * XML (the extra file's: a concept is never in both, the extra file adding
 * no key its concept already has). */
size_t lf_thesaurus_find(const lf_thesaurus *th, const char *lang, const char *key, int *out, size_t max)
{
	char stack[512], *comp = stack;
	size_t nl, nk, got = 0;
	lf_map_ent *e;

	if (!th || !lang || !key)
		return 0;
	got = th_file_find(&th->file, lang, key, out, max);
	if (!th->keys.n)
		return got;
	nl = strlen(lang);
	nk = strlen(key);
	if (nl + nk + 1 > sizeof stack && !(comp = malloc(nl + nk + 1)))
		return got;
	memcpy(comp, lang, nl);
	comp[nl] = SEP;
	memcpy(comp + nl + 1, key, nk);
	e = lf_map_get(&th->keys, comp, nl + nk + 1);
	if (comp != stack)
		free(comp);
	for (int k = e ? (int)e->v.i : -1; k >= 0 && got < max; k = th->posts[k].next)
		out[got++] = th->posts[k].c;
	return got;
}

size_t lf_thesaurus_labels(const lf_thesaurus *th, int c, const char *lang, const char *const **labels)
{
	*labels = NULL;
	if (!th || !lang || c < 0 || (size_t)c >= th->n)
		return 0;
	if (!th->concepts || !th->concepts[c].mem)
		return th_file_labels(&th->file, (uint32_t)c, lang, labels);
	for (size_t i = 0; i < th->concepts[c].nsets; i++) {
		const th_set *s = &th->concepts[c].sets[i];
		if (!strcmp(s->lang, lang)) {
			*labels = s->labels;
			return s->n;
		}
	}
	return 0;
}

const char *lf_thesaurus_id(const lf_thesaurus *th, int c)
{
	if (!th || c < 0 || (size_t)c >= th->n)
		return NULL;
	return th->concepts ? th->concepts[c].id : th_file_id(&th->file, (uint32_t)c);
}

size_t lf_thesaurus_count(const lf_thesaurus *th)
{
	return th ? th->n : 0;
}

unsigned lf_thesaurus_max_words(const lf_thesaurus *th)
{
	return th ? th->max_words : 0;
}
