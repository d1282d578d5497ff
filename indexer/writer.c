/*
 * writer.c - the shard writers: one thread per shard owns its
 * WritableDatabase and takes jobs from the shard's bounded queue (readers
 * block when it is full: back-pressure keeps memory flat).  A writer
 * settles each law's id (a second file with the same id gets "~format"),
 * deletes the law's old documents, adds the new ones and the file's record
 * after them, commits every COMMIT_BYTES of text, and at the end prunes
 * the laws of files that are gone (--prune) and records a compaction that
 * is due (compact.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fault.h"
#include "core/rec.h"
#include "core/schema.h"
#include "indexer/run.h"

void lf_ix_queue_put(shard *s, job *j)
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

void lf_ix_job_free(job *j)
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

void *lf_ix_writer_main(void *arg)
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
		lf_ix_job_free(j);
	}
	if (!s->rc && r->o->prune) {
		prune_ctx pc = {r, s, 0};
		int rc = lf_xwdb_metadata_each(s->db, LF_META_FILE, prune_one, &pc, &s->err);
		s->rc = rc ? rc : pc.rc;
	}
	/* a compaction to come is recorded in the commit that makes it due */
	if (!s->rc && (s->compact = lf_ix_compact_wanted(r, s)) && !s->compact_pending)
		s->rc = lf_xwdb_set_metadata(s->db, LF_META_COMPACT, s->name, &s->err);
	if (!s->rc)
		s->rc = lf_xwdb_commit(s->db, &s->err);
	return NULL;
}
