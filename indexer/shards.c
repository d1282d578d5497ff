/*
 * shards.c - the database directory: opening or creating it and its
 * shards under a lock, the stub that lists them (written atomically), and
 * the rules for what lexfrag may delete in it (only shard directories it
 * made), with the removal of shards a killed run left unlisted.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/schema.h"
#include "indexer/run.h"

/* Writes the stub file listing the shards, atomically (write, fsync, rename). */
int lf_ix_write_stub(run *r, lf_err *err)
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
void lf_ix_sync_dir(const char *path)
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
int lf_ix_remove_shard_dir(run *r, const char *path)
{
	char why[600], msg[700];
	DIR *d;
	struct dirent *e;

	if (access(path, F_OK) != 0)
		return 0;
	if (!shard_dir_ours(path, why, sizeof why)) {
		snprintf(msg, sizeof msg, "not removed, although the database no longer uses it: %s", why);
		lf_ix_report(r, path, msg);
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

/* Removes shard directories the stub does not list: left by a run killed
 * during or just after compaction.  Only shards lexfrag made are removed
 * (lf_ix_remove_shard_dir). */
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
		lf_ix_remove_shard_dir(r, path);
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
int lf_ix_open_shards(run *r, lf_err *err)
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
		if ((rc = lf_ix_write_stub(r, err)) != 0)
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
