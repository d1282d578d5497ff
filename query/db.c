/* db.c - opening a database for reading; library start-up (see lexfrag.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/schema.h"
#include "../indexer/input.h"
#include "query.h"

void lf_init(void)
{
	lf_input_init();
}

const char *lf_version(void)
{
	return LF_VERSION;
}

const char *lf_q_str(lf_arena *a, const char *p, size_t n)
{
	const char *s = lf_arena_strndup(a, p ? p : "", p ? n : 0);

	return s ? s : "";
}

static int add_lang(const char *term, unsigned freq, void *ctx)
{
	lf_db *db = ctx;

	if (db->nlangs < 64 && strlen(term) - 2 < 8) {
		db->langfreq[db->nlangs] = freq;
		snprintf(db->langs[db->nlangs++], 8, "%s", term + 2);
	}
	return 0;
}

int lf_db_open(const char *path, lf_db **out, lf_err *err)
{
	lf_db *db;
	struct stat st;
	char stub[4200];
	int rc;

	*out = NULL;
	snprintf(stub, sizeof stub, "%s/%s", path, LF_STUB_FILE);
	if (stat(path, &st) != 0)
		return lf_err_set(err, LF_ENOTFOUND, "%s: no such database (run \"lexfrag index --db %s DIR\" first)", path, path);
	if (S_ISDIR(st.st_mode) && stat(stub, &st) != 0)
		return lf_err_set(err, LF_ENOTFOUND, "%s: not a lexfrag database (no %s)", path, LF_STUB_FILE);
	db = calloc(1, sizeof *db);
	if (!db)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	db->path = strdup(path);
	if ((rc = lf_xdb_open(path, &db->x, err)) != 0) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", err->msg);
		lf_err_set(err, rc, "%s: %s", path, msg);
		lf_db_close(db);
		return rc;
	}
	if ((rc = lf_xdb_termfreq(db->x, LF_TERM_DOCLAW, &db->laws, err)) != 0 ||
	    (rc = lf_xdb_terms_each(db->x, "XL", add_lang, db, err)) != 0) {
		lf_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

void lf_db_close(lf_db *db)
{
	if (!db)
		return;
	lf_xdb_close(db->x);
	free(db->path);
	free(db);
}
