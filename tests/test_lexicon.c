/* test_lexicon.c - the compiled bilingual lexicon (query/lexicon.h):
 * tools/mklexicon.c run on excerpts of the real dictionaries
 * (tests/data/lexicon/, SOURCES.md there), lookups both ways, the pivot
 * through English, Serbian in both scripts, CC-CEDICT's glosses, files
 * that are not lexicons; and the build tree's lexicon when there is one. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "query/lexicon.h"

#define FIXTURE LF_TEST_DATA "/lexicon"

/* the translations of one lookup, joined by " | " */
typedef struct got {
	char s[2048];
	int n;
} got;

static void collect(const char *t, size_t n, void *ctx)
{
	got *g = ctx;
	size_t l = strlen(g->s);
	snprintf(g->s + l, sizeof g->s - l, "%s%.*s", g->n++ ? " | " : "", (int)n, t);
}

/* The translations of text (its key made as translation will make it). */
static got look(const lf_lexicon *lx, const char *src, const char *text, const char *dst, size_t max)
{
	got g = {"", 0};
	lf_buf key;
	int r;
	lf_buf_init(&key, 0);
	cr_assert_eq(lf_lexicon_key(src, text, strlen(text), &key), 0);
	r = lf_lexicon_each(lx, src, lf_buf_str(&key), dst, max, collect, &g);
	cr_assert_eq(r, g.n, "returned %d, called back %d times", r, g.n);
	lf_buf_free(&key);
	return g;
}

static char path[256];

/* Compiles the excerpts into a file of this process. */
static lf_lexicon *build(void)
{
	char cmd[1024];
	lf_lexicon *lx = NULL;
	lf_err err;
	snprintf(path, sizeof path, "/tmp/test_lexicon.%d.lfx", (int)getpid());
	snprintf(cmd, sizeof cmd, "'%s' -o '%s' --dictd '%s' --cedict '%s/cedict.u8' 2>/dev/null", LF_MKLEXICON, path,
	         FIXTURE, FIXTURE);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	cr_assert_eq(lf_lexicon_open(path, &lx, &err), 0, "%s", err.msg);
	cr_assert_not_null(lx);
	return lx;
}

static void done(lf_lexicon *lx)
{
	lf_lexicon_free(lx);
	unlink(path);
}

Test(lexicon, german_both_ways)
{
	lf_lexicon *lx = build();
	/* dict-de-en's own entries, first sense first */
	cr_assert_str_eq(look(lx, "de", "Übermittlung", "en", 8).s, "delivery | transmission | submission");
	cr_assert_str_eq(look(lx, "en", "personal data", "de", 8).s, "personenbezogene Daten | Personendaten");
	/* an inflected form finds the same key */
	cr_assert_str_eq(look(lx, "de", "personenbezogener Daten", "en", 1).s, "personal data");
	/* inverted: german-english's "Übermittlung: transmission (of signals,
	 * data)" gives en "transmission" -> de, brackets dropped */
	cr_assert_str_eq(look(lx, "en", "transmission", "de", 8).s, "Übermittlung");
	/* grammar labels and notes are not translations */
	cr_assert_str_eq(look(lx, "en", "encryption", "de", 8).s, "Verschlüsselung | Chiffrierung");
	cr_assert_eq(look(lx, "de", "Daten", "en", 2).n, 2, "max is kept");
	cr_assert_eq(look(lx, "de", "Nichtwort", "en", 8).n, 0);
	done(lx);
}

Test(lexicon, freedict_layouts)
{
	lf_lexicon *lx = build();
	/* eng-fra: numbered senses, commas; inverted into fr -> en and merged
	 * with fra-eng's own */
	cr_assert_str_eq(look(lx, "en", "character", "fr", 3).s, "caractère | nature | personnage");
	cr_assert_str_eq(look(lx, "fr", "caractère", "en", 8).s, "character | nature | personality");
	/* eng-ind: the English definitions under each sense are skipped, and so
	 * is the stray sense number "2." */
	cr_assert_str_eq(look(lx, "en", "complete", "id", 8).s,
	                 "komplit | menyelesaikan | lengkap | merampungkan | sempurna");
	cr_assert_str_eq(look(lx, "id", "informasi", "en", 8).s, "information");
	done(lx);
}

Test(lexicon, chinese)
{
	lf_lexicon *lx = build();
	/* glosses split on '/', "to " dropped, both scripts as keys */
	cr_assert_str_eq(look(lx, "zh", "加密", "en", 8).s, "encrypt | encryption | protect with a password");
	cr_assert_str_eq(look(lx, "zh", "數據", "en", 8).s, "data");
	/* inverted: the entry with one gloss first, simplified only */
	cr_assert_str_eq(look(lx, "en", "data", "zh", 8).s, "数据 | 资料");
	cr_assert_eq(look(lx, "en", "e-mail", "zh", 8).n, 0);
	cr_assert_str_eq(look(lx, "en", "email", "zh", 8).s, "电子邮件");
	/* surnames and variants say nothing translatable */
	cr_assert_str_eq(look(lx, "zh", "张", "en", 8).s, "open up | spread | sheet of paper");
	cr_assert_eq(look(lx, "zh", "个", "en", 8).n, 0);
	cr_assert_eq(look(lx, "en", "surname Zhang", "zh", 8).n, 0);
	/* a CJK key counts its characters: 电子邮件 */
	cr_assert_eq(lf_lexicon_max_words(lx), 4);
	done(lx);
}

Test(lexicon, pivot_through_english)
{
	lf_lexicon *lx = build();
	/* no German-Chinese dictionary: Daten -> data -> 数据, 资料 */
	cr_assert_str_eq(look(lx, "de", "Daten", "zh", 8).s, "数据 | 资料");
	cr_assert_str_eq(look(lx, "zh", "数据", "de", 8).s, "Daten | Datenmaterial");
	cr_assert_str_eq(look(lx, "zh", "数据", "de", 1).s, "Daten");
	cr_assert_eq(look(lx, "fr", "caractère", "de", 8).n, 0);
	cr_assert_eq(look(lx, "de", "Daten", "de", 8).n, 0);
	done(lx);
}

Test(lexicon, serbian_scripts)
{
	lf_lexicon *lx = build();
	/* Cyrillic, as the corpus is, then Latin */
	cr_assert_str_eq(look(lx, "en", "letter", "sr", 8).s, "писмо | pismo");
	cr_assert_str_eq(look(lx, "en", "library", "sr", 1).s, "библиотека");
	/* a Serbian word in either script */
	cr_assert_str_eq(look(lx, "sr", "писмо", "en", 8).s, "letter");
	cr_assert_str_eq(look(lx, "sr", "Pismo", "en", 8).s, "letter");
	cr_assert_str_eq(look(lx, "sr", "biblioteka", "en", 8).s, "library");
	done(lx);
}

static void write_file(const char *p, const void *data, size_t n)
{
	FILE *f = fopen(p, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

static char *read_file(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	char *b;
	cr_assert_not_null(f);
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	b = malloc(*n);
	cr_assert_eq(fread(b, 1, *n, f), *n);
	fclose(f);
	return b;
}

static int open_code(const char *p)
{
	lf_lexicon *lx = NULL;
	lf_err err;
	int rc = lf_lexicon_open(p, &lx, &err);
	if (rc)
		cr_assert_null(lx);
	if (rc)
		cr_assert(strstr(err.msg, p), "the message names the file: %s", err.msg);
	lf_lexicon_free(lx);
	return rc;
}

Test(lexicon, bad_files)
{
	lf_lexicon *lx = build();
	char bad[300];
	size_t n;
	char *b = read_file(path, &n);
	lf_lexicon_free(lx);
	snprintf(bad, sizeof bad, "%s.bad", path);

	cr_assert_eq(open_code("/nonexistent/lexicon.lfx"), LF_EIO);
	write_file(bad, "", 0);
	cr_assert_eq(open_code(bad), LF_EFORMAT);
	write_file(bad, "#!/bin/sh\necho this is no lexicon at all, nor anything like one\n", 64);
	cr_assert_eq(open_code(bad), LF_EFORMAT);
	/* truncated anywhere: the header says the size */
	for (size_t cut = 1; cut < n; cut += 97) {
		write_file(bad, b, n - cut);
		cr_assert_eq(open_code(bad), LF_EFORMAT, "cut %zu bytes", cut);
	}
	/* another version */
	b[8]++;
	write_file(bad, b, n);
	cr_assert_eq(open_code(bad), LF_EFORMAT);
	b[8]--;
	/* a pair table pointing past the records */
	b[32 + 12] = (char)0xff, b[32 + 13] = (char)0xff;
	write_file(bad, b, n);
	cr_assert_eq(open_code(bad), LF_EFORMAT);
	done(NULL);
	unlink(bad);
	free(b);
}

/* A file whose header holds but whose offsets and records are garbage:
 * lookups answer what they can, and never read outside the file. */
Test(lexicon, hostile_records)
{
	lf_lexicon *lx = build();
	char bad[300];
	size_t n, npairs, nrecs, offs;
	char *b = read_file(path, &n);
	lf_err err;
	lf_lexicon_free(lx);
	snprintf(bad, sizeof bad, "%s.bad", path);
	npairs = (unsigned char)b[16];
	nrecs = (unsigned char)b[20] | (size_t)(unsigned char)b[21] << 8;
	offs = 32 + npairs * 16;
	/* every inner offset (not the first or last) scrambled */
	for (size_t i = 1; i < nrecs; i++)
		for (int k = 0; k < 4; k++)
			b[offs + i * 4 + k] = (char)(i * 37 + k * 101);
	/* and every '\n' and '\t' of the records gone */
	for (size_t i = offs + (nrecs + 1) * 4; i < n; i++)
		if (b[i] == '\n' || b[i] == '\t')
			b[i] = 'x';
	write_file(bad, b, n);
	cr_assert_eq(lf_lexicon_open(bad, &lx, &err), 0, "%s", err.msg);
	const char *const probes[][3] = {{"de", "Daten", "en"}, {"en", "data", "zh"}, {"de", "Daten", "zh"},
	                                 {"sr", "pismo", "en"}, {"zh", "加密", "en"},  {"en", "zzz", "de"}};
	for (size_t i = 0; i < sizeof probes / sizeof *probes; i++)
		cr_assert_eq(look(lx, probes[i][0], probes[i][1], probes[i][2], 8).n, 0, "%s", probes[i][1]);
	lf_lexicon_free(lx);
	done(NULL);
	unlink(bad);
	free(b);
}

Test(lexicon, default_places)
{
	lf_lexicon *lx = build(), *l2 = NULL;
	lf_err err;
	lf_lexicon_free(lx);
	/* $LF_LEXICON first */
	setenv("LF_LEXICON", path, 1);
	cr_assert_eq(lf_lexicon_open(NULL, &l2, &err), 0, "%s", err.msg);
	cr_assert_not_null(l2);
	cr_assert_str_eq(look(l2, "zh", "数据", "en", 8).s, "data");
	lf_lexicon_free(l2);
	/* a file named and missing is an error, not "no lexicon" */
	setenv("LF_LEXICON", "/nonexistent/lexicon.lfx", 1);
	cr_assert_eq(lf_lexicon_open(NULL, &l2, &err), LF_EIO);
	unsetenv("LF_LEXICON");
	/* NULL: no translations, no crash */
	cr_assert_eq(lf_lexicon_each(NULL, "en", "data", "de", 8, collect, &(got){"", 0}), 0);
	cr_assert_eq(lf_lexicon_max_words(NULL), 0);
	done(NULL);
}

/* Readers share one lexicon without a lock: threads looking up at once
 * (direct, through English, Serbian) all get what one thread gets. */
static void *reader(void *arg)
{
	const lf_lexicon *lx = arg;
	for (int i = 0; i < 300; i++) {
		if (strcmp(look(lx, "de", "Daten", "zh", 8).s, "数据 | 资料") ||
		    strcmp(look(lx, "sr", "pismo", "en", 8).s, "letter") ||
		    strcmp(look(lx, "en", "personal data", "de", 8).s, "personenbezogene Daten | Personendaten"))
			return (void *)1;
	}
	return NULL;
}

Test(lexicon, concurrent_readers)
{
	lf_lexicon *lx = build();
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, reader, lx), 0);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		cr_assert_null(r, "thread %d got another answer", i);
	}
	done(lx);
}

/* The lexicon of the build tree, compiled from the installed dictionaries
 * (skipped when the build found none). */
Test(lexicon, built_tree)
{
	lf_lexicon *lx = NULL;
	lf_err err;
	got g;
	if (!*LF_LEXICON_FILE)
		cr_skip_test("no lexicon in the build tree (no dictd dictionaries installed)");
	cr_assert_eq(lf_lexicon_open(LF_LEXICON_FILE, &lx, &err), 0, "%s", err.msg);
	g = look(lx, "en", "personal data", "de", 8);
	cr_assert(!strncmp(g.s, "personenbezogen", 15), "%s", g.s);
	g = look(lx, "en", "personal data", "zh", 8);
	cr_assert(strstr(g.s, "个人信息") || strstr(g.s, "个人数据"), "%s", g.s);
	g = look(lx, "de", "Übermittlung", "en", 8);
	cr_assert(strstr(g.s, "transmission"), "%s", g.s);
	g = look(lx, "zh", "加密", "en", 8);
	cr_assert(strstr(g.s, "encryption"), "%s", g.s);
	cr_assert(lf_lexicon_max_words(lx) >= 4);
	lf_lexicon_free(lx);
}
