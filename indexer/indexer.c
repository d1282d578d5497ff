/*
 * indexer.c - the indexing pipeline: walk -> read -> fill gaps -> build
 * Xapian documents -> write shards.
 *
 * Threads: `jobs` reader threads take files in turn, parse them into the
 * document model and build the Xapian documents (TermGenerator work, the
 * costly part, runs here in parallel).  Each shard has one writer thread
 * that owns its WritableDatabase; a law goes to the shard chosen by a hash
 * of its id through a bounded queue (back-pressure keeps memory flat).
 *
 * Crash safety: a file's "F" metadata record is written after its documents,
 * in the same shard, and shards commit atomically, so after a kill -9 the
 * index holds whole laws as of the last commit; the next run sees the
 * missing records and redoes those files (replacing any partial documents:
 * documents are always deleted by law id before a law is added).  What
 * decides how every law is written (the taxonomy, the --shard-of rules) is
 * recorded before the first law, in the same commit that marks the records
 * written under other ones stale (settle_tagging), so a run killed at any
 * point is continued, not started over.  A compaction is recorded as
 * pending in the run's last commit, so one cut short is done by the next
 * run (compact_wanted).
 *
 * The index format is described in core/schema.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/doc.h"
#include "core/fault.h"
#include "core/hash.h"
#include "core/text/lang.h"
#include "core/store/lfxapian.h"
#include "core/rec.h"
#include "core/schema.h"
#include "tagging/taxonomy.h"
#include "tagging/tagrec.h"
#include "core/text/text.h"
#include "indexer/readers/input.h"
#include "tagging/lawtags.h"
#include "indexer/shardof.h"
#include "indexer/units.h"
#include "lexfrag/lexfrag.h"
#include "indexer/walk.h"

/* Library start-up (lexfrag.h): the readers' parser set-up is the only
 * global state, so it lives with the indexer that owns the readers. */
void lf_init(void)
{
	lf_input_init();
}

const char *lf_version(void)
{
	return LF_VERSION;
}

#define QUEUE_CAP 8
#define MAX_SHARDS 64
/* commit a shard after this much indexed text.  It bounds the writer's memory,
 * and small batches are faster too: measured on the Canadian acts (116 MB),
 * 4 MB batches took 17.5 s of CPU, 24 MB 25.8 s, 400 MB 34.3 s (Xapian's
 * in-memory inverter slows down as it grows). */
#define COMMIT_BYTES ((size_t)4 << 20)

/* A law ready to be written: its documents, without the id-dependent parts
 * (unique and law terms, id fields) that the writer adds once it has settled
 * the id. */
typedef struct job {
	struct job *next;
	int kind;                /* 0 = add law, 1 = delete law (moved shard), 2 = stop,
	                            3 = a file for other shards (--shard-of) */
	char *id;                /* base law id */
	char *path;              /* file path as given */
	char *abs;
	char *fstate;            /* "<mtime> <size>" */
	const char *format;
	lf_xdoc **docs;          /* docs[0] is the law document */
	lf_buf *data;            /* data records, without the id line */
	size_t ndocs;
	size_t nunits;           /* of the docs, how many are units */
	size_t text_bytes;
	char *old_id;            /* the id this file had in this shard, if any */
	int shard;               /* of a delete job: the shard it goes to */
} job;

typedef struct shard {
	struct run *run;
	lf_xwdb *db;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv_put, cv_get;
	job *head, *tail;
	size_t len;
	int rc;
	lf_err err;
	size_t provisions;
	size_t pruned;
	size_t changed;          /* laws written or deleted in this run */
	unsigned laws_before;    /* law documents when the run started */
	int compact_pending;     /* a compaction decided by an earlier run was cut short */
	int compact;             /* this run compacts the shard */
	char name[256];          /* directory name inside the database */
	struct job stop;         /* the end-of-queue marker */
} shard;

/* The indexed-file record of a path, loaded from every shard at start. */
typedef struct fstate {
	char *abs;
	char *state;  /* "<mtime> <size>" */
	char *law_id;
	int shard;
} fstate;

typedef struct run {
	const lf_index_opts *o;
	lf_walk walk;
	shard shards[MAX_SHARDS];
	int nshards;
	fstate *fs;
	size_t nfs, fscap;
	size_t *todo;          /* indices into walk.files to (re)read */
	size_t ntodo;
	atomic_size_t next, done, failed, warned, provisions;
	atomic_ullong bytes;
	pthread_mutex_t report_mu;
	struct timespec t0;
	int lock_fd;
	lf_taxonomy *tx;       /* the risk taxonomy every law is tagged with */
	int retag;             /* laws were tagged with another taxonomy: read again */
	char tx_hash[20];
	lf_shardof so;         /* the laws this database takes (--shard-of) */
	int rerule;            /* it took other laws before: every file read again */
	atomic_size_t elsewhere;
	atomic_size_t kept;    /* shard directories not removed: they hold others' files */
} run;

static double now_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void report(run *r, const char *path, const char *msg)
{
	pthread_mutex_lock(&r->report_mu);
	if (r->o->on_error)
		r->o->on_error(path, msg, r->o->ctx);
	pthread_mutex_unlock(&r->report_mu);
}

static void walk_error(const char *path, const char *msg, void *ctx)
{
	report(ctx, path, msg);
}

/* ------------------------------------------------------------- the queue */

static void queue_put(shard *s, job *j)
{
	pthread_mutex_lock(&s->mu);
	while (s->len >= QUEUE_CAP && j->kind != 2)
		pthread_cond_wait(&s->cv_put, &s->mu);
	j->next = NULL;
	if (s->tail)
		s->tail->next = j;
	else
		s->head = j;
	s->tail = j;
	s->len++;
	pthread_cond_signal(&s->cv_get);
	pthread_mutex_unlock(&s->mu);
}

static job *queue_get(shard *s)
{
	job *j;

	pthread_mutex_lock(&s->mu);
	while (!s->head)
		pthread_cond_wait(&s->cv_get, &s->mu);
	j = s->head;
	s->head = j->next;
	if (!s->head)
		s->tail = NULL;
	s->len--;
	pthread_cond_signal(&s->cv_put);
	pthread_mutex_unlock(&s->mu);
	return j;
}

static void job_free(job *j)
{
	size_t i;

	if (!j)
		return;
	for (i = 0; i < j->ndocs; i++) {
		lf_xdoc_free(j->docs[i]);
		lf_buf_free(&j->data[i]);
	}
	free(j->docs);
	free(j->data);
	free(j->id);
	free(j->path);
	free(j->abs);
	free(j->fstate);
	free(j->old_id);
	free(j);
}

/* ------------------------------------------------------ filling the gaps */

/* The part of a law id made from a file name (n bytes of p), into out.
 * An id is a term, a URL path and a key in every export, so it must be
 * valid UTF-8: a byte that is not part of a well-formed character, a
 * control character and '%' itself are written %XX, as in a URI, so that
 * two names that differ only in such bytes keep different ids (b\xff.md
 * and b\xfe.md: b%FF and b%FE; before, both exported as b\uFFFD and the
 * SQLite export failed on the duplicate key).  Cut at a character's edge
 * when out is full. */
static void id_from_name(char *out, size_t cap, const char *p, size_t n)
{
	const char *end = p + n;
	size_t w = 0;

	while (p < end) {
		unsigned cp;
		size_t k = lf_u8dec(p, end, &cp);
		int esc = (cp == 0xFFFD && k == 1) || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == '%';
		if (esc) {
			for (size_t i = 0; i < k; i++) {
				if (w + 3 >= cap)
					goto out;
				snprintf(out + w, cap - w, "%%%02X", (unsigned char)p[i]);
				w += 3;
			}
		} else {
			if (w + k >= cap)
				break;
			memcpy(out + w, p, k);
			w += k;
		}
		p += k;
	}
out:
	out[w] = 0;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Jurisdiction, language, title, year and id for what the document does not
 * say itself: MANIFEST.tsv sidecar, then a directory name that is a
 * jurisdiction code, then (language) the text itself, then (id) the path. */
static int fill_gaps(lf_law *law, const lf_file *f)
{
	char code[8];
	const char *v;
	const lf_manifest_row *m = f->manifest;
	int rc = 0;

	v = law->field[LF_F_JURISDICTION];
	if (v && lf_jurisdiction_norm(v, strlen(v), code)) {
		if (strcmp(v, code))
			rc |= lf_law_force(law, LF_F_JURISDICTION, code, strlen(code), law->src[LF_F_JURISDICTION]);
	} else {
		law->field[LF_F_JURISDICTION] = NULL;
		if (m && lf_jurisdiction_norm(m->jurisdiction, strlen(m->jurisdiction), code))
			rc |= lf_law_set(law, LF_F_JURISDICTION, code, strlen(code), "MANIFEST.tsv");
		else {
			/* the nearest directory whose name is a jurisdiction code */
			char dir[4096];
			char *slash;
			snprintf(dir, sizeof dir, "%s", f->path);
			while ((slash = strrchr(dir, '/')) != NULL) {
				*slash = '\0';
				if (lf_jurisdiction_norm(basename_of(dir), strlen(basename_of(dir)), code)) {
					rc |= lf_law_set(law, LF_F_JURISDICTION, code, strlen(code), "directory name");
					break;
				}
			}
		}
	}
	v = law->field[LF_F_LANGUAGE];
	if (v && (v = lf_lang_iso1(v, strlen(v))) != NULL) {
		if (strcmp(v, law->field[LF_F_LANGUAGE]))
			rc |= lf_law_force(law, LF_F_LANGUAGE, v, strlen(v), law->src[LF_F_LANGUAGE]);
	} else {
		law->field[LF_F_LANGUAGE] = NULL;
		if (m && (v = lf_lang_iso1(m->language, strlen(m->language))) != NULL)
			rc |= lf_law_set(law, LF_F_LANGUAGE, v, strlen(v), "MANIFEST.tsv");
		else {
			lf_buf sample;
			size_t i;
			int oom, e;
			lf_buf_init(&sample, 70000);
			/* the sample stops at its maximum (LF_ETOOBIG); out of
			 * memory, there is no guess from half a sample */
			oom = lf_buf_adds(&sample, law->field[LF_F_TITLE] ? law->field[LF_F_TITLE] : "") == LF_ENOMEM;
			oom |= lf_buf_sep(&sample) == LF_ENOMEM;
			oom |= lf_buf_adds(&sample, law->preface) == LF_ENOMEM;
			for (i = 0; !oom && i < law->nprovs && sample.n < 65536; i++) {
				oom = lf_buf_sep(&sample) == LF_ENOMEM;
				if ((e = lf_buf_adds(&sample, law->provs[i].text)) != 0) {
					oom |= e == LF_ENOMEM;
					break;
				}
			}
			if (oom)
				rc |= LF_ENOMEM;
			else if ((v = lf_lang_guess(lf_buf_str(&sample), sample.n)) != NULL)
				rc |= lf_law_set(law, LF_F_LANGUAGE, v, strlen(v), "text detection");
			lf_buf_free(&sample);
		}
	}
	if (m && *m->title)
		rc |= lf_law_set(law, LF_F_TITLE, m->title, strlen(m->title), "MANIFEST.tsv");
	if (!law->field[LF_F_TITLE]) {
		const char *b = basename_of(f->path);
		rc |= lf_law_set(law, LF_F_TITLE, b, strlen(b), "file name");
	}
	if (!law->field[LF_F_ID]) {
		char id[512];
		const char *j = law->field[LF_F_JURISDICTION] ? law->field[LF_F_JURISDICTION] : "xx";
		const char *num = law->field[LF_F_NUMBER];
		const char *date = law->field[LF_F_DATE_ENACTED];
		if (num && date)
			snprintf(id, sizeof id, "%s/%.4s/%s", j, date, num);
		else {
			/* from the path: the jurisdiction and the file name without
			 * its extensions */
			const char *b = basename_of(f->path);
			size_t k = strlen(j) + 1;
			snprintf(id, sizeof id, "%s/", j);
			id_from_name(id + k, sizeof id - k, b, strcspn(b, "."));
		}
		for (char *p = id; *p; p++)
			if (*p == ' ')
				*p = '_';
		rc |= lf_law_set(law, LF_F_ID, id, strlen(id), num && date ? "jurisdiction, year and number" : "file name");
	}
	return rc ? LF_ENOMEM : 0;
}

/* The law's year: from the enacted date, else the sidecar, else the version. */
static int law_year(const lf_law *law, const lf_file *f)
{
	const char *d = law->field[LF_F_DATE_ENACTED];
	int y;

	if (d && (y = atoi(d)) > 0)
		return y;
	if (f->manifest && (y = atoi(f->manifest->year)) > 0)
		return y;
	d = law->field[LF_F_DATE_VERSION];
	if (d && (y = atoi(d)) > 0)
		return y;
	d = law->field[LF_F_DATE_IN_FORCE];
	if (d && (y = atoi(d)) > 0)
		return y;
	return 0;
}

/* --------------------------------------------------- building documents */

typedef struct builder {
	lf_xtg *tg;
	lf_lawtags *lt;
	lf_buf norm, text, tmp, ranges, chunk;
	unsigned nchunk;
} builder;

/* Unit texts are stored in chunks of about this size, one Xapian document
 * each, rather than one per unit: glass compresses each record with zlib,
 * and a 64 KB record compresses about twice as well as a 1.5 KB one
 * (measured on the BGB: 4.3:1 whole, 1.9:1 per unit). */
#define CHUNK_BYTES ((size_t)64 << 10)

/* Turns the text gathered in b->chunk into the next chunk document. */
static int flush_chunk(builder *b, job *j)
{
	lf_xdoc *d;
	lf_buf *r;
	char id[32];
	int rc = 0;

	if (!b->chunk.n)
		return 0;
	d = j->docs[j->ndocs] = lf_xdoc_new();
	r = &j->data[j->ndocs];
	lf_buf_init(r, 0);
	j->ndocs++;
	if (!d)
		return LF_ENOMEM;
	snprintf(id, sizeof id, LF_CHUNK_ID "%u", b->nchunk++);
	rc |= lf_xdoc_add_boolean(d, LF_TERM_DOCTEXT);
	rc |= lf_rec_add(r, "id", id);
	rc |= lf_rec_addn(r, "text", lf_buf_str(&b->chunk), b->chunk.n);
	lf_buf_reset(&b->chunk);
	return rc ? LF_ENOMEM : 0;
}

static int index_text(builder *b, const char *s, size_t n, const char *prefix)
{
	int rc;

	lf_buf_reset(&b->norm);
	if ((rc = lf_normalize(s, n, &b->norm)) != 0)
		return rc;
	return lf_xtg_index(b->tg, lf_buf_str(&b->norm), b->norm.n, prefix);
}

static int add_common(lf_xdoc *d, const lf_law *law, int year, const char *yearstr)
{
	char term[300];
	const char *j = law->field[LF_F_JURISDICTION], *l = law->field[LF_F_LANGUAGE];
	int rc = 0;

	if (j) {
		snprintf(term, sizeof term, LF_TERM_JUR "%s", j);
		rc |= lf_xdoc_add_boolean(d, term);
		rc |= lf_xdoc_set_value(d, LF_SLOT_JUR, j, strlen(j));
	}
	if (l) {
		snprintf(term, sizeof term, LF_TERM_LANG "%s", l);
		rc |= lf_xdoc_add_boolean(d, term);
		rc |= lf_xdoc_set_value(d, LF_SLOT_LANG, l, strlen(l));
	}
	snprintf(term, sizeof term, LF_TERM_FORMAT "%s", law->format);
	rc |= lf_xdoc_add_boolean(d, term);
	rc |= lf_xdoc_set_value(d, LF_SLOT_FORMAT, law->format, strlen(law->format));
	if (year) {
		snprintf(term, sizeof term, LF_TERM_YEAR "%d", year);
		rc |= lf_xdoc_add_boolean(d, term);
		rc |= lf_xdoc_set_value_num(d, LF_SLOT_YEAR, year);
		rc |= lf_xdoc_set_value(d, LF_SLOT_YEARSTR, yearstr, strlen(yearstr));
	}
	{
		/* sort date: enacted, else version, as YYYYMMDD */
		const char *dt = law->field[LF_F_DATE_ENACTED] ? law->field[LF_F_DATE_ENACTED] : law->field[LF_F_DATE_VERSION];
		if (dt) {
			char ymd[9];
			size_t k = 0;
			for (; *dt && k < 8; dt++)
				if (*dt >= '0' && *dt <= '9')
					ymd[k++] = *dt;
			rc |= lf_xdoc_set_value(d, LF_SLOT_DATE, ymd, k);
		} else if (year) {
			rc |= lf_xdoc_set_value(d, LF_SLOT_DATE, yearstr, strlen(yearstr));
		}
	}
	return rc ? LF_ENOMEM : 0;
}

static int build_job(builder *b, const lf_law *law, const lf_file *f, job *j)
{
	int *unit_of = NULL, rc = 0, year = law_year(law, f);
	char *own_only = NULL, yearstr[16], term[300];
	size_t i, nunits = 0, cap, ntoc, *tocidx = NULL;
	lf_xdoc *d;
	const char *lang = law->field[LF_F_LANGUAGE];

	snprintf(yearstr, sizeof yearstr, "%d", year);
	unit_of = malloc((law->nprovs + 1) * sizeof *unit_of);
	own_only = malloc(law->nprovs + 1);
	tocidx = malloc((law->nprovs + 1) * sizeof *tocidx);
	if (!unit_of || !own_only || !tocidx) {
		rc = LF_ENOMEM;
		goto out;
	}
	if ((rc = lf_units_plan(law, unit_of, own_only)) != 0)
		goto out;
	for (i = 0; i < law->nprovs; i++)
		nunits += unit_of[i] == (int)i;
	cap = 2 * nunits + 2; /* the law, its units, at most one chunk per unit */
	j->docs = calloc(cap, sizeof *j->docs);
	j->data = calloc(cap, sizeof *j->data);
	if (!j->docs || !j->data) {
		rc = LF_ENOMEM;
		goto out;
	}

	/* the law document */
	d = j->docs[0] = lf_xdoc_new();
	j->ndocs = 1;
	lf_buf_init(&j->data[0], 0);
	if (!d) {
		rc = LF_ENOMEM;
		goto out;
	}
	rc |= lf_xtg_start(b->tg, d, lang);
	lf_lawtags_start(b->lt, lang);
	for (int fi = LF_F_TITLE; fi <= LF_F_SHORT_TITLE; fi++) {
		const char *t = law->field[fi];
		if (!t)
			continue;
		rc |= index_text(b, t, strlen(t), "");
		rc |= lf_xtg_gap(b->tg, 100);
		rc |= index_text(b, t, strlen(t), LF_PREFIX_TITLE);
		rc |= lf_xtg_gap(b->tg, 100);
	}
	if (*law->preface)
		rc |= index_text(b, law->preface, strlen(law->preface), "");
	rc |= lf_xdoc_add_boolean(d, LF_TERM_DOCLAW);
	rc |= add_common(d, law, year, yearstr);
	{
		lf_buf *r = &j->data[0];
		for (int fi = LF_F_TITLE; fi < LF_F_NFIELDS; fi++) {
			char key[48];
			if (!law->field[fi])
				continue;
			rc |= lf_rec_add(r, lf_field_name((enum lf_field)fi), law->field[fi]);
			snprintf(key, sizeof key, "src.%s", lf_field_name((enum lf_field)fi));
			rc |= lf_rec_add(r, key, law->src[fi]);
		}
		rc |= lf_rec_add(r, "src.id", law->src[LF_F_ID]);
		rc |= lf_rec_add(r, "path", f->path);
		rc |= lf_rec_add(r, "format", law->format);
		if (year)
			rc |= lf_rec_add(r, "year", yearstr);
		if (*law->preface)
			rc |= lf_rec_add(r, "preface", law->preface);
		snprintf(term, sizeof term, "%zu", nunits);
		rc |= lf_rec_add(r, "units", term);
		snprintf(term, sizeof term, "%zu", law->nprovs);
		rc |= lf_rec_add(r, "provs", term);
		/* the contents: containers and units; what lies inside a unit
		 * (its paragraphs and points) is in the unit's text */
		for (i = 0, ntoc = 0; i < law->nprovs; i++) {
			const lf_prov *pv = &law->provs[i];
			if (unit_of[i] != -1 && unit_of[i] != (int)i)
				continue;
			tocidx[i] = ntoc++;
			lf_buf_reset(&b->tmp);
			rc |= lf_buf_printf(&b->tmp, "%d\x1f%s\x1f%s\x1f%s\x1f%s", pv->depth, pv->kind, pv->id,
			                    pv->label, pv->heading);
			rc |= lf_rec_addn(r, "toc", lf_buf_str(&b->tmp), b->tmp.n);
		}
	}

	/* One document per unit, without text terms: a unit's words go into
	 * the law document, at a range of term positions of its own (recorded
	 * in the law's "ranges" record and the unit's "pos"), so the law is
	 * ranked on all its text and the query side finds a law's best units
	 * from the positions of the query terms (see core/schema.h). */
	lf_buf_reset(&b->ranges);
	lf_buf_reset(&b->chunk);
	b->nchunk = 0;
	for (i = 0; i < law->nprovs && !rc; i++) {
		const lf_prov *pv = &law->provs[i];
		lf_buf *r;
		unsigned start, end;

		if (unit_of[i] != (int)i)
			continue;
		d = j->docs[j->ndocs] = lf_xdoc_new();
		r = &j->data[j->ndocs];
		lf_buf_init(r, 0);
		j->ndocs++;
		j->nunits++;
		if (!d) {
			rc = LF_ENOMEM;
			break;
		}
		rc |= lf_unit_text(law, i, unit_of, own_only, &b->text);
		rc |= lf_lawtags_unit(b->lt, pv, lf_buf_str(&b->text), b->text.n);
		rc |= lf_xtg_gap(b->tg, 50); /* no phrase spans two units */
		rc |= lf_xtg_termpos(b->tg, &start);
		start++;
		if (*pv->label)
			rc |= index_text(b, pv->label, strlen(pv->label), "");
		if (*pv->heading) {
			rc |= lf_xtg_gap(b->tg, 2);
			rc |= index_text(b, pv->heading, strlen(pv->heading), "");
			rc |= index_text(b, pv->heading, strlen(pv->heading), LF_PREFIX_HEADING);
		}
		rc |= lf_xtg_gap(b->tg, 2);
		rc |= index_text(b, lf_buf_str(&b->text), b->text.n, "");
		rc |= lf_xtg_termpos(b->tg, &end);
		rc |= lf_xdoc_add_boolean(d, LF_TERM_DOCPROV);
		rc |= lf_xdoc_set_value_num(d, LF_SLOT_ORDER, (double)i);
		rc |= lf_rec_add(r, "id", pv->id);
		rc |= lf_rec_add(r, "kind", pv->kind);
		rc |= lf_rec_add(r, "label", pv->label);
		rc |= lf_rec_add(r, "heading", pv->heading);
		{
			/* the labels of its ancestors: "Chapter V > Section 1" */
			int anc[64], na = 0, p = pv->parent;
			lf_buf_reset(&b->tmp);
			while (p >= 0 && na < 64) {
				anc[na++] = p;
				p = law->provs[p].parent;
			}
			while (na-- > 0) {
				const lf_prov *a = &law->provs[anc[na]];
				const char *s = *a->label ? a->label : a->heading;
				if (!*s)
					continue;
				if (b->tmp.n)
					rc |= lf_buf_adds(&b->tmp, " > ");
				rc |= lf_buf_adds(&b->tmp, s);
			}
			rc |= lf_rec_addn(r, "path", lf_buf_str(&b->tmp), b->tmp.n);
		}
		snprintf(term, sizeof term, "%u %u", start, end);
		rc |= lf_rec_add(r, "pos", term);
		/* the text goes to the current chunk: "chunk N, offset, length" */
		if (b->chunk.n && b->chunk.n + b->text.n > CHUNK_BYTES)
			rc |= flush_chunk(b, j);
		snprintf(term, sizeof term, "%u %zu %zu", b->nchunk, b->chunk.n, b->text.n);
		rc |= lf_rec_add(r, "text_at", term);
		rc |= lf_buf_printf(&b->ranges, "%s%zu:%u-%u@%u,%zu,%zu", b->ranges.n ? " " : "", tocidx[i],
		                    start, end, b->nchunk, b->chunk.n, b->text.n);
		rc |= lf_buf_add(&b->chunk, lf_buf_str(&b->text), b->text.n);
		j->text_bytes += b->text.n;
	}
	if (!rc)
		rc = flush_chunk(b, j);
	if (!rc)
		rc = lf_lawtags_finish(b->lt, j->docs[0], &j->data[0]);
	rc |= lf_rec_addn(&j->data[0], "ranges", lf_buf_str(&b->ranges), b->ranges.n);
out:
	free(unit_of);
	free(own_only);
	free(tocidx);
	return rc ? (rc < 0 ? rc : LF_ENOMEM) : 0;
}

/* --------------------------------------------------------------- readers */

static fstate *find_fstate(run *r, const char *abs);

/* Fills in the rest of a built job (its id, paths, file state) and picks its
 * shard (*sh).  A law whose id moved it to another shard also needs a job
 * that deletes it there (*del, NULL otherwise), which the caller queues.
 * Returns 0 or LF_ENOMEM, with nothing queued and *del NULL. */
static int job_route(run *r, const lf_law *law, const lf_file *f, job *j, job **del, size_t *sh)
{
	char st[64];
	fstate *old = find_fstate(r, f->abs);
	int rc = 0;

	*del = NULL;
	snprintf(st, sizeof st, "%lld %lld", (long long)f->mtime_ns, (long long)f->size);
	j->kind = 0;
	j->format = law->format; /* a static string */
	if (!(j->id = strdup(law->field[LF_F_ID])) || !(j->path = strdup(f->path)) ||
	    !(j->abs = strdup(f->abs)) || !(j->fstate = strdup(st)))
		return LF_ENOMEM;
	*sh = (size_t)(lf_hash_str(j->id) % (uint64_t)r->nshards);
	if (old && old->shard != (int)*sh) {
		/* the law moved shard (its id changed, or it was for other
		 * shards): the old shard drops it */
		job *d = calloc(1, sizeof *d);
		if (!d || !(d->old_id = strdup(old->law_id)) || !(d->abs = strdup(f->abs)))
			rc = LF_ENOMEM;
		if (d) {
			d->kind = 1;
			d->shard = old->shard;
		}
		if (rc)
			job_free(d);
		else
			*del = d;
	} else if (old && !(j->old_id = strdup(old->law_id))) {
		rc = LF_ENOMEM;
	}
	return rc;
}

/* A file whose law belongs to other shards (--shard-of): its record says
 * so (an empty law id), so the next run skips it while it is unchanged,
 * and the documents it had here, if any, go.  The job goes to the shard
 * that holds the file's record, if one does. */
static job *job_elsewhere(run *r, const lf_file *f, size_t *sh)
{
	char st[64];
	fstate *old = find_fstate(r, f->abs);
	job *j = calloc(1, sizeof *j);

	snprintf(st, sizeof st, "%lld %lld", (long long)f->mtime_ns, (long long)f->size);
	if (!j || !(j->abs = strdup(f->abs)) || !(j->fstate = strdup(st)) ||
	    (old && *old->law_id && !(j->old_id = strdup(old->law_id)))) {
		job_free(j);
		return NULL;
	}
	j->kind = 3;
	*sh = old ? (size_t)old->shard : (size_t)(lf_hash_str(f->abs) % (uint64_t)r->nshards);
	return j;
}

static void *reader_main(void *arg)
{
	run *r = arg;
	builder b;
	lf_read_opts ro = {.max_bytes = r->o->max_bytes};

	memset(&b, 0, sizeof b);
	b.tg = lf_xtg_new();
	b.lt = lf_lawtags_new(r->tx);
	lf_buf_init(&b.norm, 0);
	lf_buf_init(&b.text, 0);
	lf_buf_init(&b.tmp, 0);
	lf_buf_init(&b.ranges, 0);
	lf_buf_init(&b.chunk, 0);
	for (;;) {
		size_t t = atomic_fetch_add(&r->next, 1), sh;
		const lf_file *f;
		lf_law *law = NULL;
		lf_err err;
		job *j, *del = NULL;
		int rc;

		if (t >= r->ntodo)
			break;
		f = &r->walk.files[r->todo[t]];
		lf_err_clear(&err);
		lf_oom_take(); /* an allocation that fails from here on fails the file */
		ro.charset = f->manifest && *f->manifest->charset ? f->manifest->charset : NULL;
		rc = b.tg && b.lt ? lf_read_path(f->path, &ro, &law, &err) : lf_err_set(&err, LF_ENOMEM, "out of memory");
		if (!rc)
			rc = fill_gaps(law, f) ? lf_err_set(&err, LF_ENOMEM, "out of memory") : 0;
		if (!rc && !lf_shardof_match(&r->so, law)) {
			/* read to learn where it belongs, but not built */
			if (!(j = job_elsewhere(r, f, &sh))) {
				report(r, f->path, "out of memory");
				atomic_fetch_add(&r->failed, 1);
			} else {
				atomic_fetch_add(&r->elsewhere, 1);
				atomic_fetch_add(&r->bytes, (unsigned long long)f->size);
				queue_put(&r->shards[sh], j);
			}
			lf_law_free(law);
			atomic_fetch_add(&r->done, 1);
			continue;
		}
		j = rc ? NULL : calloc(1, sizeof *j);
		if (!rc && !j)
			rc = lf_err_set(&err, LF_ENOMEM, "out of memory");
		if (!rc && (rc = build_job(&b, law, f, j)) != 0)
			lf_err_set(&err, rc, "cannot build index documents: %s", lf_strerror(rc));
		/* a reader that made do without a failed append or string would
		 * index a law with a field or a text cut short */
		if (!rc && lf_oom_take())
			rc = lf_err_set(&err, LF_ENOMEM, "out of memory");
		if (!rc && (rc = job_route(r, law, f, j, &del, &sh)) != 0)
			lf_err_set(&err, rc, "%s", lf_strerror(rc));
		if (rc) {
			report(r, f->path, err.msg[0] ? err.msg : lf_strerror(rc));
			atomic_fetch_add(&r->failed, 1);
			job_free(j);
			lf_law_free(law);
			atomic_fetch_add(&r->done, 1);
			continue;
		}
		if (law->warning) {
			/* indexed, but the input was not clean: say so, and let the
			 * exit status say it too */
			report(r, f->path, law->warning);
			atomic_fetch_add(&r->warned, 1);
		}
		atomic_fetch_add(&r->bytes, (unsigned long long)f->size);
		if (del)
			queue_put(&r->shards[del->shard], del);
		atomic_fetch_add(&r->provisions, j->nunits);
		lf_law_free(law);
		queue_put(&r->shards[sh], j);
		atomic_fetch_add(&r->done, 1);
	}
	lf_xtg_free(b.tg);
	lf_lawtags_free(b.lt);
	lf_buf_free(&b.norm);
	lf_buf_free(&b.text);
	lf_buf_free(&b.tmp);
	lf_buf_free(&b.ranges);
	lf_buf_free(&b.chunk);
	return NULL;
}

/* --------------------------------------------------------------- writers */

/* Whether the shard is compacted at the end of this run: when this run
 * changed 10% or more of its laws (opts->compact: any change, or never),
 * or when an earlier run decided to and was killed before it was done.
 *
 * That decision is kept in the shard: lexfrag:compact holds the name of
 * the directory to compact, written in the commit that made it due.  The
 * compacted copy carries the same value under its new name ("s0" in
 * s0.1), so the stub's switch to the copy is what clears it: no write
 * after the compaction, and a kill anywhere before the switch leaves the
 * old directory listed and still marked. */
static int compact_wanted(const run *r, const shard *s)
{
	if (r->o->compact < 0)
		return 0;
	if (s->compact_pending)
		return 1;
	return r->o->compact > 0 ? s->changed > 0 : s->changed > 0 && s->changed * 10 >= s->laws_before;
}

/* Settles the id: a law id already used in this shard by another file gets
 * "~<format>", then "~2", "~3"... (the same law in two formats, or two
 * files that carry one id). */
static int settle_id(shard *s, job *j, char **out)
{
	char term[600], cand[520];
	lf_buf data, path;
	int i, rc = 0;

	lf_buf_init(&data, 0);
	lf_buf_init(&path, 0);
	snprintf(cand, sizeof cand, "%s", j->id);
	for (i = 1; i < 1000; i++) {
		unsigned n = 0;
		snprintf(term, sizeof term, LF_TERM_ID "%s", cand);
		if ((rc = lf_xwdb_termfreq(s->db, term, &n, &s->err)) != 0)
			break;
		if (!n)
			break;
		if ((rc = lf_xwdb_term_data(s->db, term, &data, &s->err)) != 0)
			break;
		if (lf_rec_get(lf_buf_str(&data), data.n, "path", &path) < 0) {
			rc = lf_err_set(&s->err, LF_ENOMEM, "out of memory");
			break;
		}
		if (!strcmp(lf_buf_str(&path), j->path)) {
			/* this file's own documents from an interrupted run */
			snprintf(term, sizeof term, LF_TERM_LAW "%s", cand);
			rc = lf_xwdb_delete_term(s->db, term, &s->err);
			break;
		}
		if (i == 1)
			snprintf(cand, sizeof cand, "%s~%s", j->id, j->format);
		else
			snprintf(cand, sizeof cand, "%s~%s~%d", j->id, j->format, i);
	}
	lf_buf_free(&data);
	lf_buf_free(&path);
	*out = rc ? NULL : strdup(cand);
	if (!rc && !*out)
		rc = lf_err_set(&s->err, LF_ENOMEM, "out of memory");
	return rc;
}

static int write_law(shard *s, job *j)
{
	char term[600], key[4200], *id = NULL;
	lf_buf d;
	size_t i;
	int rc;

	snprintf(key, sizeof key, LF_META_FILE "%s", j->abs);
	if (j->old_id && *j->old_id) {
		/* forget the file before its old documents: a failed run still
		 * commits what it did (at close), and a law left deleted or half
		 * written must not look indexed to the next run */
		if ((rc = lf_xwdb_set_metadata(s->db, key, "", &s->err)) != 0)
			return rc;
		snprintf(term, sizeof term, LF_TERM_LAW "%s", j->old_id);
		if ((rc = lf_xwdb_delete_term(s->db, term, &s->err)) != 0)
			return rc;
	}
	if ((rc = settle_id(s, j, &id)) != 0)
		return rc;
	lf_buf_init(&d, 0);
	for (i = 0; i < j->ndocs && !rc; i++) {
		lf_xdoc *doc = j->docs[i];
		lf_buf_reset(&d);
		if (i == 0) {
			snprintf(term, sizeof term, LF_TERM_ID "%s", id);
			rc |= lf_rec_add(&d, "id", id);
		} else {
			lf_buf str;
			lf_buf_init(&str, 0);
			if (lf_rec_get(lf_buf_str(&j->data[i]), j->data[i].n, "id", &str) < 0)
				rc = LF_ENOMEM;
			snprintf(term, sizeof term, LF_TERM_ID "%s#%s", id, lf_buf_str(&str));
			lf_buf_free(&str);
			rc |= lf_rec_add(&d, "law", id);
		}
		rc |= lf_buf_add(&d, lf_buf_str(&j->data[i]), j->data[i].n);
		rc |= lf_xdoc_add_boolean(doc, term);
		snprintf(term, sizeof term, LF_TERM_LAW "%s", id);
		rc |= lf_xdoc_add_boolean(doc, term);
		rc |= lf_xdoc_set_value(doc, LF_SLOT_LAWID, id, strlen(id));
		rc |= lf_xdoc_set_data(doc, lf_buf_str(&d), d.n);
		if (rc) {
			rc = lf_err_set(&s->err, rc, "%s: cannot build its index documents: %s", j->path,
			                lf_strerror(rc));
			break;
		}
		rc = lf_xwdb_add(s->db, doc, &s->err);
	}
	lf_buf_free(&d);
	if (!rc) {
		char val[700];
		snprintf(val, sizeof val, "%s %s", j->fstate, id);
		rc = lf_xwdb_set_metadata(s->db, key, val, &s->err);
		s->provisions += j->nunits;
		s->changed++;
	}
	free(id);
	return rc;
}

typedef struct prune_ctx {
	run *r;
	shard *s;
	int rc;
} prune_ctx;

static int prune_one(const char *key, const char *value, void *ctx)
{
	prune_ctx *pc = ctx;
	const char *abs = key + strlen(LF_META_FILE), *id;
	char term[600];

	if (!lf_walk_under_roots(&pc->r->walk, abs) || lf_walk_has(&pc->r->walk, abs))
		return 0;
	/* value: "<mtime> <size> <law id>" */
	id = strchr(value, ' ');
	id = id ? strchr(id + 1, ' ') : NULL;
	if ((pc->rc = lf_xwdb_set_metadata(pc->s->db, key, "", &pc->s->err)) != 0)
		return 1;
	if (id && id[1]) { /* else the file's law was for other shards */
		snprintf(term, sizeof term, LF_TERM_LAW "%s", id + 1);
		if ((pc->rc = lf_xwdb_delete_term(pc->s->db, term, &pc->s->err)) != 0)
			return 1;
		pc->s->pruned++;
		pc->s->changed++;
	}
	return 0;
}

static void *writer_main(void *arg)
{
	shard *s = arg;
	run *r = s->run;
	size_t pending = 0;

	for (;;) {
		job *j = queue_get(s);
		int stop = j->kind == 2;

		if (!s->rc) {
			if (j->kind == 0) {
				s->rc = write_law(s, j);
				pending += j->text_bytes + 4096;
			} else if (j->kind == 1 || j->kind == 3) {
				/* the documents go; the record goes too (1: the law is
				 * written in another shard) or says "for other shards" */
				char term[600], key[4200], val[100];
				if (j->old_id && *j->old_id) {
					snprintf(term, sizeof term, LF_TERM_LAW "%s", j->old_id);
					s->rc = lf_xwdb_delete_term(s->db, term, &s->err);
					s->changed++;
				}
				snprintf(key, sizeof key, LF_META_FILE "%s", j->abs);
				snprintf(val, sizeof val, "%s ", j->kind == 3 ? j->fstate : "");
				if (!s->rc)
					s->rc = lf_xwdb_set_metadata(s->db, key, j->kind == 3 ? val : "", &s->err);
				pending += 256;
			}
			if (!s->rc && pending > COMMIT_BYTES) {
				s->rc = lf_xwdb_commit(s->db, &s->err);
				pending = 0;
				LF_PAUSE_POINT("commit"); /* tests kill -9 a run here */
			}
		}
		if (stop)
			break;
		job_free(j);
	}
	if (!s->rc && r->o->prune) {
		prune_ctx pc = {r, s, 0};
		int rc = lf_xwdb_metadata_each(s->db, LF_META_FILE, prune_one, &pc, &s->err);
		s->rc = rc ? rc : pc.rc;
	}
	/* a compaction to come is recorded in the commit that makes it due */
	if (!s->rc && (s->compact = compact_wanted(r, s)) && !s->compact_pending)
		s->rc = lf_xwdb_set_metadata(s->db, LF_META_COMPACT, s->name, &s->err);
	if (!s->rc)
		s->rc = lf_xwdb_commit(s->db, &s->err);
	return NULL;
}

/* ------------------------------------------------------------ set-up */

static int cmp_fstate(const void *a, const void *b)
{
	return strcmp(((const fstate *)a)->abs, ((const fstate *)b)->abs);
}

static fstate *find_fstate(run *r, const char *abs)
{
	fstate key = {.abs = (char *)abs};

	return r->nfs ? bsearch(&key, r->fs, r->nfs, sizeof *r->fs, cmp_fstate) : NULL;
}

typedef struct load_ctx {
	run *r;
	int shard;
	int rc;
} load_ctx;

static int load_one(const char *key, const char *value, void *ctx)
{
	load_ctx *lc = ctx;
	run *r = lc->r;
	fstate *f;
	const char *sp1 = strchr(value, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;

	if (!sp2)
		return 0;
	if (r->nfs == r->fscap) {
		size_t cap = r->fscap ? r->fscap * 2 : 1024;
		fstate *p = realloc(r->fs, cap * sizeof *p);
		if (!p) {
			lc->rc = LF_ENOMEM;
			return 1;
		}
		r->fs = p;
		r->fscap = cap;
	}
	f = &r->fs[r->nfs];
	f->abs = strdup(key + strlen(LF_META_FILE));
	f->state = strndup(value, (size_t)(sp2 - value));
	f->law_id = strdup(sp2 + 1);
	f->shard = lc->shard;
	if (!f->abs || !f->state || !f->law_id) {
		free(f->abs);
		free(f->state);
		free(f->law_id);
		lc->rc = LF_ENOMEM;
		return 1;
	}
	r->nfs++;
	return 0;
}

/* Writes the stub file listing the shards, atomically (write, fsync, rename). */
static int write_stub(run *r, lf_err *err)
{
	char tmp[4200], stub[4200];
	FILE *out;
	int i;

	snprintf(stub, sizeof stub, "%s/%s", r->o->db_path, LF_STUB_FILE);
	snprintf(tmp, sizeof tmp, "%s.tmp", stub);
	out = fopen(tmp, "w");
	if (!out)
		return lf_err_set(err, LF_EIO, "%s: cannot write: %s", tmp, strerror(errno));
	for (i = 0; i < r->nshards; i++)
		fprintf(out, "auto %s\n", r->shards[i].name);
	if (fflush(out) != 0 || fsync(fileno(out)) != 0) {
		fclose(out);
		return lf_err_set(err, LF_EIO, "%s: cannot write: %s", tmp, strerror(errno));
	}
	if (fclose(out) != 0 || rename(tmp, stub) != 0)
		return lf_err_set(err, LF_EIO, "%s: cannot write: %s", stub, strerror(errno));
	return 0;
}

/* fsyncs every file of a directory and the directory itself. */
static void sync_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int fd;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char p[4400];
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", path, e->d_name);
		if ((fd = open(p, O_RDONLY | O_CLOEXEC)) >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	closedir(d);
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* ------------------------------------------- what lexfrag may delete
 *
 * The indexer deletes shard directories: a compacted shard's old
 * generation, and generations left by a run killed around a compaction.
 * Once, a --db that was some other directory had its s1/ emptied and
 * removed, with the user's notes in it.  So nothing is deleted unless it
 * is a shard lexfrag made: a directory named like one (s3, s3.12) inside a
 * lexfrag database, holding only the files Xapian writes in a glass
 * database, no subdirectory, and, if it opens as a database holding
 * documents, carrying lexfrag's schema metadata.  Removal never recurses.
 * A directory that fails the test is left alone and named on stderr. */

/* 1 if name is a file Xapian 1.4 writes in a glass database directory:
 * its tables, the version file and its temporary, the writer's lock, and
 * replication changesets (XAPIAN_MAX_CHANGESETS). */
static int xapian_file(const char *name)
{
	static const char *const names[] = {"iamglass", "v.tmp", "flintlock", "postlist.glass",
	                                    "docdata.glass", "termlist.glass", "position.glass",
	                                    "spelling.glass", "synonym.glass"};
	size_t i;

	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(name, names[i]))
			return 1;
	if (!strncmp(name, "changes", 7) && name[7]) {
		for (name += 7; *name >= '0' && *name <= '9'; name++)
			;
		return !*name;
	}
	return 0;
}

/* 1 if name is a shard directory name lexfrag makes: "s3", "s3.12". */
static int shard_name(const char *p)
{
	if (*p++ != 's' || !(*p >= '0' && *p <= '9'))
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return !*p;
}

/* 1 if the directory path is a shard lexfrag made (see above); 0 if not,
 * with the reason in why.  A directory that does not open as a database
 * (a compaction cut short) passes on its file names alone, and so does an
 * empty database (a creation cut short). */
static int shard_dir_ours(const char *path, char *why, size_t n)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int ours = 1, glass = 0;

	if (!d) {
		snprintf(why, n, "cannot read it: %s", strerror(errno));
		return 0;
	}
	while (ours && (e = readdir(d)) != NULL) {
		char p[4400];
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof p, "%s/%s", path, e->d_name);
		if (!xapian_file(e->d_name) || lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
			snprintf(why, n, "it holds %s, which lexfrag did not make", e->d_name);
			ours = 0;
		}
		glass |= !strcmp(e->d_name, "iamglass");
	}
	closedir(d);
	if (ours && glass) {
		lf_xdb *db;
		lf_err xe;
		lf_buf v;
		lf_buf_init(&v, 0);
		/* an empty one is a shard whose creation was cut short before its
		 * first commit wrote the schema: nothing in it to lose */
		if (lf_xdb_open(path, &db, &xe) == 0) {
			if (lf_xdb_doccount(db) && lf_xdb_get_metadata(db, LF_META_SCHEMA, &v, &xe) == 0 && !v.n) {
				snprintf(why, n, "it is a Xapian database that lexfrag did not make");
				ours = 0;
			}
			lf_xdb_close(db);
		}
		lf_buf_free(&v);
	}
	return ours;
}

/* Removes the shard directory path if lexfrag made it (its files, then
 * the directory); else names it on stderr and leaves it.  0 if it is gone
 * (or was never there), -1 if it is still there. */
static int remove_shard_dir(run *r, const char *path)
{
	char why[600], msg[700];
	DIR *d;
	struct dirent *e;

	if (access(path, F_OK) != 0)
		return 0;
	if (!shard_dir_ours(path, why, sizeof why)) {
		snprintf(msg, sizeof msg, "not removed, although the database no longer uses it: %s", why);
		report(r, path, msg);
		atomic_fetch_add(&r->kept, 1);
		return -1;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char p[4400];
			if (!xapian_file(e->d_name))
				continue;
			snprintf(p, sizeof p, "%s/%s", path, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* A shard's next generation name: "s0" -> "s0.1" -> "s0.2", skipping a
 * name whose directory is still there (one that holds others' files). */
static void next_name(const char *db, const char *name, char *out, size_t n)
{
	const char *dot = strchr(name, '.');
	int gen = dot ? atoi(dot + 1) : 0;

	do {
		char p[4400];
		snprintf(out, n, "%.*s.%d", dot ? (int)(dot - name) : (int)strlen(name), name, ++gen);
		snprintf(p, sizeof p, "%s/%s", db, out);
		if (access(p, F_OK) != 0)
			break;
	} while (gen < 1000000);
}

typedef struct compact_arg {
	run *r;
	int shard;
	int rc;
	lf_err err;
	char newname[256];
} compact_arg;

static void *compact_main(void *p)
{
	compact_arg *a = p;
	shard *s = &a->r->shards[a->shard];
	char src[4400], dst[4400];

	/* a generation left by an interrupted compaction was removed at the
	 * start of the run (remove_stale_shards), or is kept and skipped here */
	next_name(a->r->o->db_path, s->name, a->newname, sizeof a->newname);
	snprintf(src, sizeof src, "%s/%s", a->r->o->db_path, s->name);
	snprintf(dst, sizeof dst, "%s/%s", a->r->o->db_path, a->newname);
	a->rc = lf_xcompact(src, dst, &a->err);
	if (!a->rc)
		sync_dir(dst);
	LF_PAUSE_POINT("compact"); /* tests kill -9 a run here */
	return NULL;
}

/* Compacts the shards their writers chose (compact_wanted), each into a
 * new directory; the stub is switched to the new ones atomically, then the
 * old ones are removed.  Readers that have the old shards open keep them
 * until they close.  The writers must be closed. */
static int compact_shards(run *r, lf_err *err)
{
	compact_arg args[MAX_SHARDS];
	pthread_t th[MAX_SHARDS];
	char old[MAX_SHARDS][256];
	int i, n = 0, rc = 0, todo[MAX_SHARDS];

	for (i = 0; i < r->nshards; i++)
		if (r->shards[i].compact) /* decided, and recorded, by its writer */
			todo[n++] = i;
	for (i = 0; i < n; i++) {
		args[i].r = r;
		args[i].shard = todo[i];
		args[i].rc = 0;
		pthread_create(&th[i], NULL, compact_main, &args[i]);
	}
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		if (args[i].rc && !rc) {
			rc = args[i].rc;
			*err = args[i].err;
		}
	}
	if (rc || !n) {
		for (i = 0; i < n; i++) {
			char p[4400];
			snprintf(p, sizeof p, "%s/%s", r->o->db_path, args[i].newname);
			if (rc)
				remove_shard_dir(r, p);
		}
		return rc;
	}
	for (i = 0; i < n; i++) {
		shard *s = &r->shards[todo[i]];
		snprintf(old[i], sizeof old[i], "%s", s->name);
		snprintf(s->name, sizeof s->name, "%s", args[i].newname);
	}
	if ((rc = write_stub(r, err)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		char p[4400];
		snprintf(p, sizeof p, "%s/%s", r->o->db_path, old[i]);
		remove_shard_dir(r, p);
	}
	return 0;
}

/* Removes shard directories the stub does not list: left by a run killed
 * during or just after compaction.  Only shards lexfrag made are removed
 * (remove_shard_dir). */
static void remove_stale_shards(run *r)
{
	DIR *d = opendir(r->o->db_path);
	struct dirent *e;
	int i;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		int listed = 0;
		char path[4400];
		if (!shard_name(e->d_name))
			continue;
		for (i = 0; i < r->nshards; i++)
			listed |= !strcmp(r->shards[i].name, e->d_name);
		if (listed)
			continue;
		snprintf(path, sizeof path, "%s/%s", r->o->db_path, e->d_name);
		remove_shard_dir(r, path);
	}
	closedir(d);
}

/* Checks that db, which has no stub, may become a new database: it is
 * empty, or holds only what a first run killed before writing its stub
 * leaves (the lock file, the stub's temporary, shards lexfrag made).
 * Anything else means it is someone else's directory: LF_EINVAL. */
static int check_new_db_dir(const char *db, lf_err *err)
{
	DIR *d = opendir(db);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return lf_err_set(err, LF_EIO, "%s: cannot read the database directory: %s", db, strerror(errno));
	while (!rc && (e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		char p[4400], why[600];
		if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "lexfrag.lock") ||
		    !strcmp(name, LF_STUB_FILE ".tmp"))
			continue;
		snprintf(p, sizeof p, "%s/%s", db, name);
		if (!strcmp(name, "iamglass"))
			rc = lf_err_set(err, LF_EINVAL, "%s: is a plain Xapian database, not a lexfrag one", db);
		else if (!shard_name(name) || !shard_dir_ours(p, why, sizeof why))
			rc = lf_err_set(err, LF_EINVAL,
			                "%s: is not a lexfrag database (no " LF_STUB_FILE ") and not empty (it holds %s); "
			                "index into a new or empty directory",
			                db, name);
	}
	closedir(d);
	return rc;
}

/* Opens or creates the database directory and its shards. */
static int open_shards(run *r, lf_err *err)
{
	const char *db = r->o->db_path;
	char stub[4096], line[512];
	FILE *fp;
	struct stat st;
	int i, n = 0, rc;

	r->lock_fd = -1;

	snprintf(stub, sizeof stub, "%s/%s", db, LF_STUB_FILE);
	if (stat(db, &st) != 0) {
		if (errno != ENOENT || mkdir(db, 0777) != 0)
			return lf_err_set(err, LF_EIO, "%s: cannot create database directory: %s", db, strerror(errno));
	} else if (!S_ISDIR(st.st_mode)) {
		return lf_err_set(err, LF_EINVAL, "%s: exists and is not a lexfrag database directory", db);
	} else if (access(stub, F_OK) != 0 && (rc = check_new_db_dir(db, err)) != 0) {
		return rc; /* before the lock file: nothing is written into it */
	}
	/* one writer at a time, for the whole run (compaction renames shards) */
	{
		char lock[4200];
		snprintf(lock, sizeof lock, "%s/lexfrag.lock", db);
		r->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (r->lock_fd < 0)
			return lf_err_set(err, LF_EIO, "%s: cannot create lock file: %s", lock, strerror(errno));
		if (flock(r->lock_fd, LOCK_EX | LOCK_NB) != 0)
			return lf_err_set(err, LF_ELOCKED, "%s: database locked: another lexfrag index is writing it", db);
	}
	fp = fopen(stub, "r");
	if (fp) {
		while (fgets(line, sizeof line, fp) && n < MAX_SHARDS) {
			char name[256], path[4400];
			if (sscanf(line, "auto %255s", name) != 1)
				continue;
			snprintf(path, sizeof path, "%s/%s", db, name);
			snprintf(r->shards[n].name, sizeof r->shards[n].name, "%s", name);
			if ((rc = lf_xwdb_open(path, 0, &r->shards[n].db, err)) != 0) {
				fclose(fp);
				return rc;
			}
			r->nshards = ++n; /* run_free closes what is open */
		}
		fclose(fp);
		if (!n)
			return lf_err_set(err, LF_ECORRUPT, "%s: stub file lists no shards", stub);
	} else {
		/* a new database (check_new_db_dir made sure it is ours to write) */
		n = r->o->shards > 0 ? r->o->shards : 2;
		if (n > MAX_SHARDS)
			n = MAX_SHARDS;
		for (i = 0; i < n; i++) {
			char path[4400];
			snprintf(path, sizeof path, "%s/s%d", db, i);
			snprintf(r->shards[i].name, sizeof r->shards[i].name, "s%d", i);
			if ((rc = lf_xwdb_open(path, 1, &r->shards[i].db, err)) != 0)
				return rc;
			r->nshards = i + 1; /* run_free closes what is open */
			if ((rc = lf_xwdb_set_metadata(r->shards[i].db, LF_META_SCHEMA, LF_SCHEMA_VERSION, err)) != 0 ||
			    (rc = lf_xwdb_commit(r->shards[i].db, err)) != 0)
				return rc;
		}
		r->nshards = n;
		/* the stub last, atomically: its presence means the shards exist */
		if ((rc = write_stub(r, err)) != 0)
			return rc;
	}
	r->nshards = n;
	remove_stale_shards(r);
	for (i = 0; i < n; i++)
		if ((rc = lf_xwdb_termfreq(r->shards[i].db, LF_TERM_DOCLAW, &r->shards[i].laws_before, err)) != 0)
			return rc;
	for (i = 0; i < n; i++) {
		lf_buf v;
		lf_buf_init(&v, 0);
		rc = lf_xwdb_get_metadata(r->shards[i].db, LF_META_SCHEMA, &v, err);
		if (!rc && strcmp(lf_buf_str(&v), LF_SCHEMA_VERSION))
			rc = lf_err_set(err, LF_ECORRUPT, "%s: index format version \"%s\", this lexfrag writes \"%s\"; index into a new database",
			                db, lf_buf_str(&v), LF_SCHEMA_VERSION);
		if (!rc && !(rc = lf_xwdb_get_metadata(r->shards[i].db, LF_META_COMPACT, &v, err)))
			r->shards[i].compact_pending = !strcmp(lf_buf_str(&v), r->shards[i].name);
		lf_buf_free(&v);
		if (rc)
			return rc;
	}
	return 0;
}

/* Settles which laws this database takes: the --shard-of rules given, else
 * those it was indexed with (stored in every shard).  Given rules that
 * differ from the stored ones make every file be read again (settle_tagging),
 * so that laws now for other shards leave and laws now for this one come in. */
static int settle_rule(run *r, lf_err *err)
{
	const lf_index_opts *o = r->o;
	lf_buf v;
	int rc;

	lf_buf_init(&v, 0);
	if ((rc = lf_xwdb_get_metadata(r->shards[0].db, LF_META_SHARD_OF, &v, err)) != 0)
		goto out;
	if (o->nshard_of) {
		if ((rc = lf_shardof_parse(o->shard_of, o->nshard_of, &r->so, err)) != 0)
			goto out;
	} else {
		/* shard 0's: settle_tagging records rules in shard order, so
		 * after a run killed half way it holds the latest */
		const char *stored = lf_buf_str(&v);
		if ((rc = lf_shardof_parse(&stored, 1, &r->so, err)) != 0)
			lf_err_set(err, LF_ECORRUPT, "%s: the stored --shard-of rules \"%s\" do not parse", o->db_path,
			           stored);
	}
out:
	lf_buf_free(&v);
	return rc;
}

/* Marks stale the records of shard s's files that must be read again: the
 * laws (tagged with another taxonomy: taxonomy), or every file (taken
 * under other --shard-of rules: all).  A stale record keeps its law id, so
 * the law's documents are still found and replaced, but its state, "- -",
 * matches no file: the file is read again, by this run or, if it is
 * killed first, by the next.  Returns how many were marked, or -1 with
 * *rc set. */
static long mark_stale(run *r, int s, int all, int *rc, lf_err *err)
{
	long n = 0;
	size_t i;

	for (i = 0; i < r->nfs; i++) {
		fstate *f = &r->fs[i];
		char key[4200], val[700], *stale;
		if (f->shard != s || (!all && !*f->law_id) || !strcmp(f->state, "- -"))
			continue;
		if (!(stale = strdup("- -"))) {
			*rc = lf_err_set(err, LF_ENOMEM, "out of memory");
			return -1;
		}
		free(f->state);
		f->state = stale;
		snprintf(key, sizeof key, LF_META_FILE "%s", f->abs);
		snprintf(val, sizeof val, "- - %s", f->law_id);
		if ((*rc = lf_xwdb_set_metadata(r->shards[s].db, key, val, err)) != 0)
			return -1;
		n++;
	}
	return n;
}

/* Records, in each shard, the taxonomy and the --shard-of rules this run
 * writes laws with, before it writes any: a new database has them from
 * its first commit, so a first run killed half way is continued by the
 * next one, not started over (once, five kills in a row made no
 * progress).  A shard that recorded others has the records its laws were
 * written under marked stale (mark_stale) in the same commit, so an
 * interrupted re-tagging run is continued too.  Shards are done in order,
 * each in one commit. */
static int settle_tagging(run *r, lf_err *err)
{
	size_t n;
	const char *src = lf_taxonomy_source(r->tx, &n), *rule = r->so.canon ? r->so.canon : "";
	lf_buf cats, concepts, v;
	int rc = 0;

	lf_buf_init(&cats, 0);
	lf_buf_init(&concepts, 0);
	lf_buf_init(&v, 0);
	if (lf_taxonomy_categories_record(r->tx, &cats) || lf_taxonomy_concepts_record(r->tx, &concepts))
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	for (int i = 0; !rc && i < r->nshards; i++) {
		lf_xwdb *db = r->shards[i].db;
		int other_tx, other_rule;
		long k = 0;
		if ((rc = lf_xwdb_get_metadata(db, LF_META_TAXONOMY_HASH, &v, err)) != 0)
			break;
		other_tx = strcmp(lf_buf_str(&v), r->tx_hash) != 0;
		if ((rc = lf_xwdb_get_metadata(db, LF_META_SHARD_OF, &v, err)) != 0)
			break;
		other_rule = strcmp(lf_buf_str(&v), rule) != 0;
		if (!other_tx && !other_rule)
			continue;
		if ((k = mark_stale(r, i, other_rule, &rc, err)) < 0)
			break;
		r->rerule |= other_rule && k > 0;
		r->retag |= other_tx && k > 0;
		if (!(rc = lf_xwdb_set_metadata(db, LF_META_TAXONOMY, src, err)) &&
		    !(rc = lf_xwdb_set_metadata(db, LF_META_CATEGORIES, lf_buf_str(&cats), err)) &&
		    !(rc = lf_xwdb_set_metadata(db, LF_META_CONCEPTS, lf_buf_str(&concepts), err)) &&
		    !(rc = lf_xwdb_set_metadata(db, LF_META_TAXONOMY_HASH, r->tx_hash, err)) &&
		    !(rc = lf_xwdb_set_metadata(db, LF_META_SHARD_OF, rule, err)))
			rc = lf_xwdb_commit(db, err);
	}
	lf_buf_free(&cats);
	lf_buf_free(&concepts);
	lf_buf_free(&v);
	(void)n;
	return rc;
}

static void run_free(run *r)
{
	size_t i;

	for (i = 0; i < (size_t)r->nshards; i++) {
		lf_err e;
		lf_xwdb_close(r->shards[i].db, &e);
	}
	for (i = 0; i < r->nfs; i++) {
		free(r->fs[i].abs);
		free(r->fs[i].state);
		free(r->fs[i].law_id);
	}
	r->nshards = 0;
	free(r->fs);
	free(r->todo);
	lf_walk_free(&r->walk);
	lf_taxonomy_free(r->tx);
	lf_shardof_free(&r->so);
	if (r->lock_fd >= 0)
		close(r->lock_fd); /* releases the lock */
}

int lf_index_run(const lf_index_opts *o, lf_index_stats *stats, lf_err *err)
{
	run *r = calloc(1, sizeof *r);
	size_t i, nwalk_err = 0;
	int rc = 0, jobs, s;
	pthread_t *readers = NULL;

	memset(stats, 0, sizeof *stats);
	lf_err_clear(err);
	if (!r)
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	r->o = o;
	pthread_mutex_init(&r->report_mu, NULL);
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	/* lexfrag commits by its own measure (COMMIT_BYTES) */
	setenv("XAPIAN_FLUSH_THRESHOLD", "10000000", 0);

	if ((rc = lf_taxonomy_load(o->taxonomy, &r->tx, err)) != 0)
		goto out;
	snprintf(r->tx_hash, sizeof r->tx_hash, "%016llx", (unsigned long long)lf_taxonomy_hash(r->tx));
	if ((rc = open_shards(r, err)) != 0 || (rc = settle_rule(r, err)) != 0)
		goto out;
	for (s = 0; s < r->nshards; s++) {
		load_ctx lc = {r, s, 0};
		if ((rc = lf_xwdb_metadata_each(r->shards[s].db, LF_META_FILE, load_one, &lc, err)) != 0)
			goto out;
		if ((rc = lc.rc) != 0) {
			lf_err_set(err, rc, "%s: cannot load the indexed-file records: %s", o->db_path, lf_strerror(rc));
			goto out;
		}
	}
	if (r->nfs)
		qsort(r->fs, r->nfs, sizeof *r->fs, cmp_fstate);
	if ((rc = settle_tagging(r, err)) != 0)
		goto out;

	if ((rc = lf_walk_run(&r->walk, o->roots, o->nroots, o->follow_symlinks, walk_error, r, &nwalk_err)) != 0) {
		lf_err_set(err, rc, "cannot list files: %s", lf_strerror(rc));
		goto out;
	}
	r->todo = malloc((r->walk.nfiles + 1) * sizeof *r->todo);
	if (!r->todo) {
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < r->walk.nfiles; i++) {
		const lf_file *f = &r->walk.files[i];
		fstate *old = find_fstate(r, f->abs);
		char st[64];
		snprintf(st, sizeof st, "%lld %lld", (long long)f->mtime_ns, (long long)f->size);
		if (!o->force && old && !strcmp(old->state, st)) /* a stale one never matches */
			(*old->law_id ? &stats->files_unchanged : &stats->files_elsewhere)[0]++;
		else
			r->todo[r->ntodo++] = i;
	}
	stats->files_seen = r->walk.nfiles;
	stats->retagged = r->retag;
	stats->resharded = r->rerule;
	snprintf(stats->shard_of, sizeof stats->shard_of, "%s", r->so.canon ? r->so.canon : "");

	for (s = 0; s < r->nshards; s++) {
		shard *sh = &r->shards[s];
		pthread_mutex_init(&sh->mu, NULL);
		pthread_cond_init(&sh->cv_put, NULL);
		pthread_cond_init(&sh->cv_get, NULL);
		sh->run = r;
		pthread_create(&sh->thread, NULL, writer_main, sh);
	}
	jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if ((size_t)jobs > r->ntodo)
		jobs = r->ntodo ? (int)r->ntodo : 1;
	readers = calloc((size_t)jobs, sizeof *readers);
	for (i = 0; readers && i < (size_t)jobs; i++)
		pthread_create(&readers[i], NULL, reader_main, r);
	if (!readers)
		reader_main(r);
	/* progress, from this thread, until every file is read */
	while (readers && atomic_load(&r->done) < r->ntodo) {
		struct timespec ts = {0, 200 * 1000000};
		lf_index_progress p;
		nanosleep(&ts, NULL);
		p.files_total = r->ntodo;
		p.files_done = atomic_load(&r->done);
		p.files_failed = atomic_load(&r->failed);
		p.bytes_done = atomic_load(&r->bytes);
		p.seconds = now_since(&r->t0);
		if (o->on_progress)
			o->on_progress(&p, o->ctx);
	}
	for (i = 0; readers && i < (size_t)jobs; i++)
		pthread_join(readers[i], NULL);
	free(readers);
	for (s = 0; s < r->nshards; s++) {
		r->shards[s].stop.kind = 2;
		queue_put(&r->shards[s], &r->shards[s].stop);
	}
	for (s = 0; s < r->nshards; s++) {
		shard *sh = &r->shards[s];
		pthread_join(sh->thread, NULL);
		stats->laws_pruned += sh->pruned;
		if (sh->rc && !rc) {
			rc = sh->rc;
			*err = sh->err;
		}
	}
	/* close the writers (committing), then compact what changed */
	for (s = 0; s < r->nshards; s++) {
		lf_err e;
		int crc = lf_xwdb_close(r->shards[s].db, &e);
		r->shards[s].db = NULL;
		if (crc && !rc) {
			rc = crc;
			*err = e;
		}
	}
	if (!rc)
		rc = compact_shards(r, err);
	for (s = 0; !rc && s < r->nshards; s++) {
		char p[4400];
		snprintf(p, sizeof p, "%s/%s", o->db_path, r->shards[s].name);
		sync_dir(p);
	}
	stats->files_elsewhere += atomic_load(&r->elsewhere);
	stats->files_indexed = r->ntodo - atomic_load(&r->failed) - atomic_load(&r->elsewhere);
	stats->files_failed = atomic_load(&r->failed);
	stats->files_warned = atomic_load(&r->warned);
	stats->entries_skipped = nwalk_err + atomic_load(&r->kept);
	stats->provisions = atomic_load(&r->provisions);
	stats->bytes = atomic_load(&r->bytes);
out:
	run_free(r);
	stats->seconds = now_since(&r->t0);
	pthread_mutex_destroy(&r->report_mu);
	free(r);
	return rc;
}

int lf_shard_of_check(const char *spec, lf_err *err)
{
	lf_shardof so;
	int rc = lf_shardof_parse(&spec, 1, &so, err);

	if (!rc)
		lf_shardof_free(&so);
	return rc;
}

/* ------------------------------------------------------ tagging only */

int lf_taxonomy_check(const char *path, lf_err *err)
{
	lf_taxonomy *tx;
	int rc = lf_taxonomy_load(path, &tx, err);

	lf_taxonomy_free(tx);
	return rc;
}

typedef struct tag_ctx {
	const lf_tag_opts *o;
	size_t nerr;
} tag_ctx;

static void tag_walk_error(const char *path, const char *msg, void *ctx)
{
	tag_ctx *c = ctx;
	c->nerr++;
	if (c->o->on_error)
		c->o->on_error(path, msg, c->o->ctx);
}

/* Tags one law as build_job would, and hands it to on_law. */
static int tag_law(lf_lawtags *lt, const lf_law *law, const lf_file *f, const lf_tag_opts *o)
{
	int *unit_of = malloc((law->nprovs + 1) * sizeof *unit_of);
	char *own_only = malloc(law->nprovs + 1);
	lf_buf text, rec;
	lf_xdoc *d = lf_xdoc_new();
	lf_arena *a = lf_arena_new();
	lf_tagged_law t;
	int rc;

	lf_buf_init(&text, 0);
	lf_buf_init(&rec, 0);
	if (!unit_of || !own_only || !d || !a) {
		rc = LF_ENOMEM;
		goto out;
	}
	if ((rc = lf_units_plan(law, unit_of, own_only)) != 0)
		goto out;
	lf_lawtags_start(lt, law->field[LF_F_LANGUAGE]);
	for (size_t i = 0; i < law->nprovs && !rc; i++) {
		if (unit_of[i] != (int)i)
			continue;
		rc = lf_unit_text(law, i, unit_of, own_only, &text) ? LF_ENOMEM : 0;
		if (!rc)
			rc = lf_lawtags_unit(lt, &law->provs[i], lf_buf_str(&text), text.n);
	}
	if (!rc)
		rc = lf_lawtags_finish(lt, d, &rec);
	if (!rc)
		rc = lf_tagrec_parse(lf_buf_str(&rec), rec.n, a, &t);
	if (!rc && lf_oom_take())
		rc = LF_ENOMEM; /* something was read or tagged short (as in reader_main) */
	if (!rc) {
		t.path = f->path;
		t.id = law->field[LF_F_ID];
		t.title = law->field[LF_F_TITLE] ? law->field[LF_F_TITLE] : "";
		t.jurisdiction = law->field[LF_F_JURISDICTION] ? law->field[LF_F_JURISDICTION] : "";
		t.language = law->field[LF_F_LANGUAGE] ? law->field[LF_F_LANGUAGE] : "";
		t.format = law->format;
		t.short_title = law->field[LF_F_SHORT_TITLE] ? law->field[LF_F_SHORT_TITLE] : "";
		t.date = law->field[LF_F_DATE_ENACTED] ? law->field[LF_F_DATE_ENACTED] : "";
		t.year = "";
		t.score = 0;
		if (o->on_law)
			o->on_law(&t, o->ctx);
	}
out:
	free(unit_of);
	free(own_only);
	lf_buf_free(&text);
	lf_buf_free(&rec);
	lf_xdoc_free(d);
	lf_arena_free(a);
	return rc;
}

int lf_tag_run(const lf_tag_opts *o, size_t *failed, lf_err *err)
{
	lf_taxonomy *tx = NULL;
	lf_lawtags *lt = NULL;
	lf_walk walk;
	lf_read_opts ro = {.max_bytes = o->max_bytes};
	tag_ctx c = {o, 0};
	int rc;

	*failed = 0;
	memset(&walk, 0, sizeof walk);
	if ((rc = lf_taxonomy_load(o->taxonomy, &tx, err)) != 0)
		return rc;
	if (!(lt = lf_lawtags_new(tx))) {
		lf_taxonomy_free(tx);
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	}
	if ((rc = lf_walk_run(&walk, o->roots, o->nroots, o->follow_symlinks, tag_walk_error, &c, &c.nerr)) != 0) {
		lf_err_set(err, rc, "cannot list files: %s", lf_strerror(rc));
		goto out;
	}
	for (size_t i = 0; i < walk.nfiles; i++) {
		const lf_file *f = &walk.files[i];
		lf_law *law = NULL;
		lf_err e;
		int r;
		lf_err_clear(&e);
		lf_oom_take();
		ro.charset = f->manifest && *f->manifest->charset ? f->manifest->charset : NULL;
		r = lf_read_path(f->path, &ro, &law, &e);
		if (!r && fill_gaps(law, f))
			r = lf_err_set(&e, LF_ENOMEM, "out of memory");
		if (!r && (r = tag_law(lt, law, f, o)) != 0)
			lf_err_set(&e, r, "cannot tag: %s", lf_strerror(r));
		if (r) {
			(*failed)++;
			if (o->on_error)
				o->on_error(f->path, e.msg[0] ? e.msg : lf_strerror(r), o->ctx);
		}
		lf_law_free(law);
	}
	*failed += c.nerr;
out:
	lf_walk_free(&walk);
	lf_lawtags_free(lt);
	lf_taxonomy_free(tx);
	return rc;
}
