/* fuzz_util.c - the fuzz targets' shared parts (fuzz_util.h). */
#include "fuzz_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/store/lfxapian.h"
#include "tagging/tagrec.h"
#include "tagging/taxonomy.h"
#include "indexer/readers/input.h"
#include "tagging/lawtags.h"
#include "indexer/units.h"

#define CHECK(cond)                                                                         \
	do {                                                                                    \
		if (!(cond)) {                                                                      \
			fprintf(stderr, "fuzz: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                        \
		}                                                                                   \
	} while (0)

void fuzz_init(void)
{
	static int done;

	if (!done) {
		lf_init();
		done = 1;
	}
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	CHECK(s != NULL);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The model's invariants, which the indexer relies on. */
static void check_law(const lf_law *law)
{
	CHECK(law->preface != NULL);
	CHECK(law->format != NULL);
	for (int f = 0; f < LF_F_NFIELDS; f++)
		CHECK(!law->field[f] || law->src[f]);
	for (size_t i = 0; i < law->nprovs; i++) {
		const lf_prov *pv = &law->provs[i];
		CHECK(pv->parent >= -1 && pv->parent < (int)i);
		CHECK(pv->depth == (pv->parent < 0 ? 0 : law->provs[pv->parent].depth + 1));
		CHECK(pv->kind && pv->id && *pv->id && pv->label && pv->heading && pv->text);
	}
}

void fuzz_use_law(const lf_law *law)
{
	static const lf_taxonomy *tx;
	static lf_lawtags *lt;
	int *unit_of = malloc((law->nprovs + 1) * sizeof *unit_of);
	char *own_only = malloc(law->nprovs + 1);
	const char *lang = law->field[LF_F_LANGUAGE] ? law->field[LF_F_LANGUAGE] : "en";
	lf_xdoc *d = lf_xdoc_new();
	lf_arena *a = lf_arena_new();
	lf_tagged_law t;
	lf_buf text, rec;
	lf_err err;

	check_law(law);
	if (!tx) {
		lf_taxonomy *loaded;
		CHECK(lf_taxonomy_load(NULL, &loaded, &err) == 0);
		tx = loaded;
		CHECK((lt = lf_lawtags_new(tx)) != NULL);
	}
	CHECK(unit_of && own_only && d && a);
	lf_buf_init(&text, 0);
	lf_buf_init(&rec, 0);
	/* as indexer.c's tag_law: units, their texts and tags, the record */
	CHECK(lf_units_plan(law, unit_of, own_only) == 0);
	CHECK(lf_lawtags_start(lt, lang, law->field[LF_F_TITLE]) == 0);
	for (size_t i = 0; i < law->nprovs; i++) {
		CHECK(unit_of[i] >= -1 && unit_of[i] < (int)law->nprovs);
		if (unit_of[i] != (int)i)
			continue;
		CHECK(lf_unit_text(law, i, unit_of, own_only, &text) == 0);
		CHECK(lf_lawtags_unit(lt, &law->provs[i], NULL, lf_buf_str(&text), text.n) == 0);
	}
	CHECK(lf_lawtags_finish(lt, d, &rec) == 0);
	CHECK(lf_tagrec_parse(lf_buf_str(&rec), rec.n, a, &t) == 0);
	free(unit_of);
	free(own_only);
	lf_buf_free(&text);
	lf_buf_free(&rec);
	lf_xdoc_free(d);
	lf_arena_free(a);
}

int fuzz_xml_reader(const uint8_t *data, size_t size,
                    int (*read)(xmlDoc *doc, lf_law *law, lf_err *err))
{
	xmlDoc *doc;
	lf_law *law;
	lf_err err;

	fuzz_init();
	if (lf_parse_xml((const char *)data, size, &doc, &err) != 0)
		return 0;
	CHECK((law = lf_law_new()) != NULL);
	if (read(doc, law, &err) == 0) {
		if (!law->format)
			law->format = "xml";
		fuzz_use_law(law);
	}
	lf_law_free(law);
	xmlFreeDoc(doc);
	return 0;
}

/* ------------------------------------------------------------- the index */

static char db_dir[64];

static void rm_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[512];

	if (d) {
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			rm_tree(sub);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void remove_db(void)
{
	if (db_dir[0])
		rm_tree(db_dir);
}

static void on_error(const char *path, const char *msg, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "fuzz: cannot index %s: %s\n", path, msg);
	abort();
}

lf_db *fuzz_db(void)
{
	/* a law of each kind the query side treats apart: tagged laws in
	 * English, Chinese (CJK tokens) and German (a stemmed language), a
	 * French one, and a title holding markup (the pages' escaping) */
	static const char *const laws[] = {
		LF_SOURCE_DIR "/corpus/cn/pipl_2021.md",
		LF_SOURCE_DIR "/corpus/ca/CRC_c440_en.xml",
		LF_SOURCE_DIR "/corpus/ca/CRC_ch440_fr.xml",
		LF_SOURCE_DIR "/corpus/eu/GDPR_formex_excerpt_L_2016119EN.xml",
		LF_SOURCE_DIR "/corpus/eu/32002F0584_EuHb_de.html",
		LF_SOURCE_DIR "/tests/data/web/hostile_title.md",
	};
	static lf_db *db;
	char path[96];
	lf_index_opts o;
	lf_index_stats st;
	lf_err err;

	if (db)
		return db;
	fuzz_init();
	snprintf(db_dir, sizeof db_dir, "/tmp/lexfrag-fuzz-XXXXXX");
	CHECK(mkdtemp(db_dir) != NULL);
	atexit(remove_db);
	snprintf(path, sizeof path, "%s/db", db_dir);
	memset(&o, 0, sizeof o);
	o.db_path = path;
	o.roots = laws;
	o.nroots = sizeof laws / sizeof *laws;
	o.jobs = 1;
	o.shards = 2;
	o.on_error = on_error;
	CHECK(lf_index_run(&o, &st, &err) == 0);
	CHECK(st.files_indexed == o.nroots);
	CHECK(lf_db_open(path, &db, &err) == 0);
	return db;
}
