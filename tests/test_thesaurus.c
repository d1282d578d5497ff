/*
 * test_thesaurus.c - the multilingual thesaurus (query/thesaurus.h): the
 * built-in one loads, covers every corpus language and finds its labels back;
 * labels of real laws (tests/data) lead to the right concept; an extra file
 * adds concepts and extends known ones; every kind of bad extra file is
 * refused with an error naming it, and hostile ones (huge, deep, entities)
 * are refused within bounds.  The compiled built-in (thesaurus.lfx, made by
 * mkthesaurus) is used by default and answers exactly as the XML does, with
 * an extra file too; a stale, truncated or hostile compiled file is passed
 * over for the XML.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/hash.h"
#include "core/text/text.h"
#include "lexfrag/err.h"
#include "query/lexicon.h"
#include "query/thesaurus.h"
#include "query/thesaurus_int.h"

#define TH_DATA LF_TEST_DATA "/thesaurus/"

static const char *const langs[] = {"en", "de", "fr", "es", "pt", "id", "sr", "ru", "zh"};
#define NLANGS (sizeof langs / sizeof *langs)

/* The concepts whose label (text, in lang) has the key of text. */
static size_t find_text(const lf_thesaurus *th, const char *lang, const char *text, int *out, size_t max)
{
	lf_buf k;
	size_t n;

	lf_buf_init(&k, 0);
	cr_assert_eq(lf_lexicon_key(lang, text, strlen(text), &k), 0);
	n = lf_thesaurus_find(th, lang, lf_buf_str(&k), out, max);
	lf_buf_free(&k);
	return n;
}

static int concept_of(const lf_thesaurus *th, const char *id)
{
	for (size_t c = 0; c < lf_thesaurus_count(th); c++)
		if (!strcmp(lf_thesaurus_id(th, (int)c), id))
			return (int)c;
	return -1;
}

static int has(const int *v, size_t n, int x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static int has_label(const lf_thesaurus *th, int c, const char *lang, const char *label)
{
	const char *const *l;
	size_t n = lf_thesaurus_labels(th, c, lang, &l);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(l[i], label))
			return 1;
	return 0;
}

static lf_thesaurus *builtin(void)
{
	lf_thesaurus *th;
	lf_err err;

	cr_assert_eq(lf_thesaurus_load(NULL, &th, &err), 0, "%s", err.msg);
	return th;
}

/* ----------------------------------------------------------- built-in */

Test(builtin, loads_with_hundreds_of_concepts_in_every_language)
{
	lf_thesaurus *th = builtin();
	size_t n = lf_thesaurus_count(th);

	cr_assert_geq(n, 250u, "only %zu concepts", n);
	for (size_t c = 0; c < n; c++) {
		const char *id = lf_thesaurus_id(th, (int)c);
		cr_assert(id && *id);
		for (size_t l = 0; l < NLANGS; l++) {
			const char *const *labels;
			cr_assert_gt(lf_thesaurus_labels(th, (int)c, langs[l], &labels), 0u, "%s has no %s label", id,
			             langs[l]);
			cr_assert(labels[0] && *labels[0]);
		}
	}
	cr_assert_geq(lf_thesaurus_max_words(th), 4u);
	cr_assert_null(lf_thesaurus_id(th, -1));
	cr_assert_null(lf_thesaurus_id(th, (int)n));
	lf_thesaurus_free(th);
	lf_thesaurus_free(NULL);
}

/* Every label of every concept finds its concept back through its key. */
Test(builtin, every_label_finds_its_concept)
{
	lf_thesaurus *th = builtin();

	for (size_t c = 0; c < lf_thesaurus_count(th); c++)
		for (size_t l = 0; l < NLANGS; l++) {
			const char *const *labels;
			size_t nl = lf_thesaurus_labels(th, (int)c, langs[l], &labels);
			for (size_t i = 0; i < nl; i++) {
				int out[64];
				size_t k = find_text(th, langs[l], labels[i], out, 64);
				cr_assert(has(out, k, (int)c), "%s label \"%s\" does not find %s", langs[l], labels[i],
				          lf_thesaurus_id(th, (int)c));
			}
		}
	lf_thesaurus_free(th);
}

Test(builtin, personal_data_in_several_languages)
{
	lf_thesaurus *th = builtin();
	int a[8], b[8], c[8], pd = concept_of(th, "personal-data");
	size_t na, nb, nc;
	const char *const *labels;

	cr_assert_geq(pd, 0);
	na = find_text(th, "en", "personal information", a, 8);
	nb = find_text(th, "en", "Personal Data", b, 8);
	cr_assert(has(a, na, pd) && has(b, nb, pd));
	nc = find_text(th, "de", "personenbezogener Daten", c, 8);
	cr_assert(has(c, nc, pd));
	nc = find_text(th, "id", "data pribadi", c, 8);
	cr_assert(has(c, nc, pd));
	nc = find_text(th, "sr", "података о личности", c, 8);
	cr_assert(has(c, nc, pd));
	cr_assert_gt(lf_thesaurus_labels(th, pd, "zh", &labels), 0u);
	cr_assert_str_eq(labels[0], "个人信息");
	cr_assert_gt(lf_thesaurus_labels(th, pd, "de", &labels), 0u);
	cr_assert_str_eq(labels[0], "personenbezogene Daten");
	/* a language the concept has no label in, a concept that does not exist */
	cr_assert_eq(lf_thesaurus_labels(th, pd, "ja", &labels), 0u);
	cr_assert_null(labels);
	cr_assert_eq(lf_thesaurus_labels(th, -1, "en", &labels), 0u);
	/* nothing for unknown keys; max bounds the answer */
	cr_assert_eq(find_text(th, "en", "xyzzy plugh", a, 8), 0u);
	cr_assert_eq(find_text(th, "en", "personal data", a, 0), 0u);
	lf_thesaurus_free(th);
}

/* A label of a real law (tests/data, copies of the shared corpus) leads to
 * the concept its provision is about. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = 0;
	fclose(f);
	return s;
}

Test(builtin, labels_of_real_laws)
{
	static const struct {
		const char *file, *lang, *concept;
	} cases[] = {
		{"markdown/cybersecurity_law_2016.md", "zh", "personal-data"},
		{"markdown/cybersecurity_law_2016.md", "zh", "critical-information-infrastructure"},
		{"markdown/cybersecurity_law_2016.md", "zh", "network-operator"},
		{"markdown/cybersecurity_law_2016.md", "zh", "multi-level-protection"},
		{"markdown/cybersecurity_law_2016.md", "zh", "real-name-registration"},
		{"markdown/pp_2019_71_electronic_systems.md", "id", "personal-data"},
		{"markdown/pp_2019_71_electronic_systems.md", "id", "electronic-system-operator"},
		{"markdown/pp_2019_71_electronic_systems.md", "id", "electronic-signature"},
		{"markdown/it_act_2000_part2.md", "en", "interception"},
		{"gii/NetzDG_BJNR335210017.xml", "de", "illegal-content"},
		{"gii/NetzDG_BJNR335210017.xml", "de", "complaint"},
		{"gii/TKTransparenzV_BJNR297700016.xml", "de", "end-user"},
		{"lims/CRC_ch440_fr.xml", "fr", "interception"},
	};
	lf_thesaurus *th = builtin();

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *text, path[512];
		lf_buf folded, lab;
		const char *const *labels;
		int c = concept_of(th, cases[i].concept), found = 0;
		size_t nl;

		cr_assert_geq(c, 0, "no concept %s", cases[i].concept);
		snprintf(path, sizeof path, "%s/%s", LF_TEST_DATA, cases[i].file);
		text = slurp(path);
		lf_buf_init(&folded, 0);
		lf_buf_init(&lab, 0);
		cr_assert_eq(lf_normalize(text, strlen(text), &folded), 0);
		nl = lf_thesaurus_labels(th, c, cases[i].lang, &labels);
		for (size_t k = 0; k < nl && !found; k++) {
			lf_buf_reset(&lab);
			cr_assert_eq(lf_normalize(labels[k], strlen(labels[k]), &lab), 0);
			found = strstr(lf_buf_str(&folded), lf_buf_str(&lab)) != NULL;
		}
		cr_assert(found, "no %s label of %s in %s", cases[i].lang, cases[i].concept, cases[i].file);
		lf_buf_free(&folded);
		lf_buf_free(&lab);
		free(text);
	}
	lf_thesaurus_free(th);
}

/* --------------------------------------------------------- extra file */

Test(extra, adds_a_concept_and_extends_a_known_one)
{
	lf_thesaurus *th, *base = builtin();
	lf_err err;
	int out[8], pd, orb;
	size_t n;
	const char *const *labels;

	cr_assert_eq(lf_thesaurus_load(TH_DATA "extra.xml", &th, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_thesaurus_count(th), lf_thesaurus_count(base) + 1);
	orb = concept_of(th, "orbital-slot");
	cr_assert_geq(orb, 0);
	n = find_text(th, "fr", "positions orbitales", out, 8);
	cr_assert(has(out, n, orb));
	cr_assert_gt(lf_thesaurus_labels(th, orb, "fr", &labels), 0u);
	cr_assert_str_eq(labels[0], "position orbitale");
	/* personal-data gains a Japanese label and a new German alternative,
	 * and keeps its own */
	pd = concept_of(th, "personal-data");
	n = find_text(th, "ja", "個人情報", out, 8);
	cr_assert(has(out, n, pd));
	cr_assert(has_label(th, pd, "de", "Personendaten"));
	cr_assert(has_label(th, pd, "de", "personenbezogene Daten"));
	n = find_text(th, "en", "personal information", out, 8);
	cr_assert(has(out, n, pd));
	/* the file's preferred Spanish label comes first now */
	cr_assert_gt(lf_thesaurus_labels(th, pd, "es", &labels), 0u);
	cr_assert_str_eq(labels[0], "datos personales de prueba");
	cr_assert_eq(lf_thesaurus_find(th, "ja", "個人情報", out, 8), 1u);
	cr_assert_eq(out[0], pd);
	lf_thesaurus_free(th);
	lf_thesaurus_free(base);
}

static void refused(const char *file, int code, const char *what)
{
	lf_thesaurus *th = (lf_thesaurus *)1;
	lf_err err;
	int rc = lf_thesaurus_load(file, &th, &err);

	cr_assert_eq(rc, code, "%s: rc %d (%s)", file, rc, rc ? err.msg : "loaded");
	cr_assert_null(th);
	cr_assert(strstr(err.msg, file), "%s: the error does not name the file: %s", file, err.msg);
	cr_assert(strstr(err.msg, what), "%s: expected \"%s\" in: %s", file, what, err.msg);
}

Test(extra, bad_files_are_refused_naming_file_line_and_reason)
{
	refused(TH_DATA "bad_xml.xml", LF_EFORMAT, "bad_xml.xml:5: not well-formed XML");
	refused(TH_DATA "unknown_element.xml", LF_EFORMAT, "unknown_element.xml:5:");
	refused(TH_DATA "unknown_lang.xml", LF_EFORMAT, "unknown_lang.xml:5: unknown language \"xx\"");
	refused(TH_DATA "two_pref.xml", LF_EFORMAT, "two_pref.xml:5: concept \"personal-data\" has two preferred");
	refused(TH_DATA "twice.xml", LF_EFORMAT, "twice.xml:6: concept \"dup\" is defined twice");
	refused(TH_DATA "no_word.xml", LF_EFORMAT, "no_word.xml:4: label \"--\" has no letters or digits");
	refused(TH_DATA "laughs.xml", LF_EFORMAT, "a DTD");
	refused(TH_DATA "external.xml", LF_EFORMAT, "a DTD");
	refused(TH_DATA "missing.xml", LF_EIO, "No such file");
}

/* A file too big is refused before it is parsed; nesting far deeper than
 * the grammar's is refused by the parser's depth limit or the grammar. */
Test(extra, huge_and_deep_files_are_refused)
{
	char path[] = "/tmp/lf_thes_XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fputs("<thesaurus xmlns=\"urn:lexfrag:thesaurus:1\" version=\"1\"><!--", f);
	for (int i = 0; i < (17 << 10); i++) {
		static char kb[1024];
		memset(kb, 'x', sizeof kb);
		fwrite(kb, 1, sizeof kb, f);
	}
	fputs("--></thesaurus>", f);
	fclose(f);
	refused(path, LF_ETOOBIG, "over 16 MiB");

	f = fopen(path, "w");
	fputs("<thesaurus xmlns=\"urn:lexfrag:thesaurus:1\" version=\"1\">", f);
	for (int i = 0; i < 100000; i++)
		fputs("<concept id=\"a\">", f);
	fclose(f);
	refused(path, LF_EFORMAT, path);
	unlink(path);
}

/* schemas/thesaurus.xml given as an extra file validates and adds nothing
 * to the built-in thesaurus: the library embeds the file of the tree. */
Test(extra, the_schemas_file_is_the_builtin_one)
{
	lf_thesaurus *a = builtin(), *b;
	lf_err err;

	cr_assert_eq(lf_thesaurus_load(LF_SOURCE_DIR "/schemas/thesaurus.xml", &b, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_thesaurus_count(a), lf_thesaurus_count(b), "rebuild: the built-in thesaurus is stale");
	for (size_t c = 0; c < lf_thesaurus_count(a); c++) {
		const char *const *la, *const *lb;
		cr_assert_str_eq(lf_thesaurus_id(a, (int)c), lf_thesaurus_id(b, (int)c));
		for (size_t l = 0; l < NLANGS; l++)
			cr_assert_eq(lf_thesaurus_labels(a, (int)c, langs[l], &la),
			             lf_thesaurus_labels(b, (int)c, langs[l], &lb), "%s %s: stale built-in",
			             lf_thesaurus_id(a, (int)c), langs[l]);
	}
	lf_thesaurus_free(a);
	lf_thesaurus_free(b);
}

/* ----------------------------------------------------- compiled file */

static const char *const all_langs[] = {"en", "de", "fr", "es", "pt", "id", "sr", "ru", "zh", "ja", "it"};
#define NALL (sizeof all_langs / sizeof *all_langs)

/* Loads (the built-in, plus extra) with LF_THESAURUS_FILE set to file (NULL:
 * unset, the build tree's file). */
static lf_thesaurus *load_with(const char *file, const char *extra)
{
	lf_thesaurus *th;
	lf_err err;

	if (file)
		setenv("LF_THESAURUS_FILE", file, 1);
	else
		unsetenv("LF_THESAURUS_FILE");
	cr_assert_eq(lf_thesaurus_load(extra, &th, &err), 0, "%s", err.msg);
	unsetenv("LF_THESAURUS_FILE");
	return th;
}

/* a and b give the same answers: ids, labels in every language, and the
 * concepts (same order) of the key of every label of either. */
static void same_answers(const lf_thesaurus *a, const lf_thesaurus *b)
{
	lf_buf k;
	size_t checked = 0;

	cr_assert_eq(lf_thesaurus_count(a), lf_thesaurus_count(b));
	cr_assert_eq(lf_thesaurus_max_words(a), lf_thesaurus_max_words(b));
	lf_buf_init(&k, 0);
	for (size_t c = 0; c < lf_thesaurus_count(a); c++) {
		cr_assert_str_eq(lf_thesaurus_id(a, (int)c), lf_thesaurus_id(b, (int)c));
		for (size_t l = 0; l < NALL; l++) {
			const char *const *la, *const *lb;
			size_t na = lf_thesaurus_labels(a, (int)c, all_langs[l], &la);
			size_t nb = lf_thesaurus_labels(b, (int)c, all_langs[l], &lb);
			cr_assert_eq(na, nb, "%s %s: %zu labels and %zu", lf_thesaurus_id(a, (int)c), all_langs[l], na, nb);
			for (size_t i = 0; i < na; i++) {
				int oa[64], ob[64];
				size_t fa, fb;
				cr_assert_str_eq(la[i], lb[i], "%s %s label %zu", lf_thesaurus_id(a, (int)c), all_langs[l], i);
				cr_assert_eq(lf_lexicon_key(all_langs[l], la[i], strlen(la[i]), &k), 0);
				fa = lf_thesaurus_find(a, all_langs[l], lf_buf_str(&k), oa, 64);
				fb = lf_thesaurus_find(b, all_langs[l], lf_buf_str(&k), ob, 64);
				cr_assert_eq(fa, fb, "%s \"%s\": %zu concepts and %zu", all_langs[l], la[i], fa, fb);
				cr_assert_gt(fa, 0u);
				cr_assert_arr_eq(oa, ob, fa * sizeof *oa, "%s \"%s\": other concepts", all_langs[l], la[i]);
				/* max bounds the answer on both paths */
				cr_assert_eq(lf_thesaurus_find(a, all_langs[l], lf_buf_str(&k), oa, 0), 0u);
				checked++;
			}
		}
	}
	cr_assert_geq(checked, 5000u, "only %zu labels compared", checked);
	lf_buf_free(&k);
}

Test(compiled, the_build_trees_file_is_used_by_default)
{
	lf_thesaurus *th = load_with(NULL, NULL), *x = load_with("/nonexistent/thesaurus.lfx", NULL);

	cr_assert_not_null(th->file.base, "the compiled thesaurus (%s) was not used", LF_THESAURUS_LFX);
	cr_assert_null(th->concepts, "the compiled thesaurus was copied into memory");
	cr_assert_null(x->file.base);
	cr_assert_eq(lf_thesaurus_count(th), lf_thesaurus_count(x));
	lf_thesaurus_free(th);
	lf_thesaurus_free(x);
}

Test(compiled, answers_as_the_xml_does)
{
	lf_thesaurus *th = load_with(LF_THESAURUS_LFX, NULL), *x = load_with("/nonexistent/thesaurus.lfx", NULL);
	int out[8];

	cr_assert_not_null(th->file.base);
	same_answers(x, th);
	cr_assert_eq(lf_thesaurus_find(th, "en", "xyzzy plugh", out, 8), 0u);
	cr_assert_eq(lf_thesaurus_find(th, "english", "personal data", out, 8), 0u);
	cr_assert_null(lf_thesaurus_id(th, -1));
	cr_assert_null(lf_thesaurus_id(th, (int)lf_thesaurus_count(th)));
	lf_thesaurus_free(th);
	lf_thesaurus_free(x);
}

/* An extra file over the compiled built-in: the same answers as over the
 * XML (new concepts after the built-in's, known ones extended, preferred
 * labels moved first). */
Test(compiled, an_extra_file_merges_as_over_the_xml)
{
	lf_thesaurus *th = load_with(NULL, TH_DATA "extra.xml"), *x = load_with("/nonexistent", TH_DATA "extra.xml");
	int pd;
	const char *const *labels;

	cr_assert_not_null(th->file.base);
	same_answers(x, th);
	pd = concept_of(th, "personal-data");
	cr_assert_gt(lf_thesaurus_labels(th, pd, "es", &labels), 0u);
	cr_assert_str_eq(labels[0], "datos personales de prueba");
	cr_assert_gt(lf_thesaurus_labels(th, pd, "ja", &labels), 0u);
	lf_thesaurus_free(th);
	lf_thesaurus_free(x);
}

static char *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long l;

	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	l = ftell(f);
	rewind(f);
	s = malloc((size_t)l + 1);
	cr_assert_eq(fread(s, 1, (size_t)l, f), (size_t)l);
	fclose(f);
	*n = (size_t)l;
	return s;
}

static void write_all(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(p, 1, n, f), n);
	fclose(f);
}

/* Loading with the compiled file path: whether it was used; either way the
 * answers are whole (the XML's when it was not). */
static int used_n(const char *path, size_t *count)
{
	lf_thesaurus *th = load_with(path, NULL);
	int u = th->file.base != NULL;

	*count = lf_thesaurus_count(th);
	lf_thesaurus_free(th);
	return u;
}

static int used(const char *path)
{
	size_t count;
	int u = used_n(path, &count);

	cr_assert_geq(count, 250u);
	return u;
}

/* A compiled file made from another XML (here, the test's extra file, as
 * mkthesaurus would compile it) is stale: not used. */
Test(compiled, a_stale_file_is_ignored)
{
	char path[] = "/tmp/lf_thlfx_XXXXXX";
	int fd = mkstemp(path);
	size_t n;
	char *xml = read_all(TH_DATA "extra.xml", &n), *lfx;
	lf_thesaurus *other;
	lf_err err;

	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(lf_thesaurus_parse(xml, n, "extra.xml", &other, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_thesaurus_write(other, lf_hash(xml, n), path, &err), 0, "%s", err.msg);
	cr_assert_not(used(path), "a file compiled from another XML was used");
	/* the same file with the built-in's hash would be used (and give the
	 * wrong answers): only the hash told them apart */
	lfx = read_all(LF_THESAURUS_LFX, &n);
	{
		size_t m;
		char *stale = read_all(path, &m);
		memcpy(stale + 16, lfx + 16, 8);
		write_all(path, stale, m);
		free(stale);
	}
	cr_assert(used_n(path, &n));
	cr_assert_eq(n, lf_thesaurus_count(other));
	free(lfx);
	free(xml);
	lf_thesaurus_free(other);
	unlink(path);
}

static uint32_t rd32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

static void wr32(char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (char)(v >> (8 * i));
}

/* Truncated, garbage and hostile compiled files are passed over for the XML
 * (the sanitizer build checks that nothing is read outside them). */
Test(compiled, truncated_garbage_and_hostile_files_are_ignored)
{
	char path[] = "/tmp/lf_thlfx_XXXXXX";
	int fd = mkstemp(path);
	size_t n;
	char *good = read_all(LF_THESAURUS_LFX, &n), *bad = malloc(n);
	uint32_t nconcepts = rd32(good + 24), nsets = rd32(good + 28), nlabels = rd32(good + 32);
	size_t concepts = THF_HEADER, sets = concepts + nconcepts * THF_CONCEPT, labels = sets + nsets * THF_SET,
	       posts = labels + nlabels * THF_LABEL;
	const size_t cuts[] = {0, 7, 47, 48, n / 2, n - 1};

	cr_assert_geq(fd, 0);
	close(fd);
	write_all(path, good, n);
	cr_assert(used(path), "the build tree's file copied is not used");
	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
		write_all(path, good, cuts[i]);
		cr_assert_not(used(path), "a file cut at %zu bytes was used", cuts[i]);
	}
	/* the size in the header says the cut size: the tables do not fit */
	memcpy(bad, good, n);
	wr32(bad + 12, (uint32_t)(n / 2));
	write_all(path, bad, n / 2);
	cr_assert_not(used(path));
	/* garbage of the right size */
	for (size_t i = 0; i < n; i++)
		bad[i] = (char)(i * 2654435761u >> 13);
	write_all(path, bad, n);
	cr_assert_not(used(path));
	/* hostile: counts, indexes and offsets out of range, posts out of order,
	 * no final NUL */
	{
		static const struct {
			const char *what;
			int table; /* 0 header, 1 concepts, 2 sets, 3 labels, 4 posts */
			size_t at;
			uint32_t v;
		} cases[] = {
			{"huge nposts", 0, 36, 0x7fffffffu},      {"huge nconcepts", 0, 24, 0xffffffffu},
			{"id past the end", 1, 0, 0xfffffff0u},   {"sets past the table", 1, 4, 0xfffffff0u},
			{"too many sets", 1, 8, 0xffffffffu},     {"labels past the table", 2, 4, 0x7ffffff0u},
			{"text past the end", 3, 0, 0xfffffff0u}, {"key inside the tables", 3, 4, 10},
			{"no concept", 4, 8, 0x7fffffffu},        {"post key past the end", 4, 4, 0xffffff00u},
			{"lang with no NUL", 4, 0, 0x41414141u},  {"max_words absurd", 0, 40, 0xffffffffu},
		};
		const size_t base[] = {0, concepts, sets, labels, posts};
		for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
			memcpy(bad, good, n);
			wr32(bad + base[cases[i].table] + cases[i].at, cases[i].v);
			write_all(path, bad, n);
			cr_assert_not(used(path), "a file with %s was used", cases[i].what);
		}
		memcpy(bad, good, n);
		memcpy(bad + posts, good + posts + THF_POST, THF_POST); /* post 0 := post 1 */
		memcpy(bad + posts + THF_POST, good + posts, THF_POST); /* post 1 := post 0 */
		write_all(path, bad, n);
		cr_assert_not(used(path), "a file with its posts out of order was used");
		memcpy(bad, good, n);
		bad[n - 1] = 'x';
		write_all(path, bad, n);
		cr_assert_not(used(path), "a file with no final NUL was used");
	}
	/* bytes flipped across the tables: refused, or used and answering
	 * within the file (every lookup of every label tried) */
	for (size_t i = 0; i < 24; i++) {
		size_t at = 8 + i * (posts + 12 * THF_POST - 8) / 24;
		lf_thesaurus *th;
		lf_buf k;
		memcpy(bad, good, n);
		bad[at] ^= (char)0x5a;
		write_all(path, bad, n);
		th = load_with(path, NULL);
		lf_buf_init(&k, 0);
		for (size_t c = 0; c < lf_thesaurus_count(th); c++)
			for (size_t l = 0; l < NALL; l++) {
				const char *const *lab;
				size_t nl = lf_thesaurus_labels(th, (int)c, all_langs[l], &lab);
				for (size_t j = 0; j < nl; j++) {
					int out[16];
					cr_assert_eq(lf_lexicon_key(all_langs[l], lab[j], strlen(lab[j]), &k), 0);
					lf_thesaurus_find(th, all_langs[l], lf_buf_str(&k), out, 16);
				}
			}
		cr_assert_not_null(lf_thesaurus_id(th, 0));
		lf_buf_free(&k);
		lf_thesaurus_free(th);
	}
	/* a directory, an empty file */
	cr_assert_not(used("/tmp"));
	write_all(path, "", 0);
	cr_assert_not(used(path));
	free(good);
	free(bad);
	unlink(path);
}
