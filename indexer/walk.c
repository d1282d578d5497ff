/*
 * walk.c - directory traversal and MANIFEST.tsv sidecars (see walk.h).
 *
 * Directories are read with opendir/readdir, entries sorted, recursion
 * bounded (64 levels) and every directory's (device, inode) remembered, so
 * a symlink pointing back up the tree is walked once, not forever.  A
 * symlink that loops on itself fails stat() with ELOOP and is reported.
 *
 * Symbolic links are the one way a walk can leave the tree the user named:
 * "ln -s /etc corpus/etc" once indexed /etc/passwd and /etc/shadow, for
 * 'serve' to publish.  So a link found inside the tree is resolved first
 * and followed only when its target lies under a root (resolved too), or
 * with follow_links.  The roots themselves are followed whatever they are.
 */
#include "indexer/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/err.h"

typedef struct ctx {
	lf_walk *w;
	void (*on_error)(const char *, const char *, void *);
	void *uctx;
	int follow_links;
	size_t nerrors;
	struct { dev_t dev; ino_t ino; } *dirs;
	size_t ndirs, dircap;
	int rc;
} ctx;

static void report(ctx *c, const char *path, const char *msg)
{
	c->nerrors++;
	if (c->on_error)
		c->on_error(path, msg, c->uctx);
}

/* The reason stat() or realpath() failed, as a user should read it. */
static void report_errno(ctx *c, const char *path, int e)
{
	report(c, path, e == ELOOP ? "symbolic link loop (too many levels of symbolic links)" : strerror(e));
}

int lf_walk_under_roots(const lf_walk *w, const char *abs)
{
	size_t i;

	for (i = 0; i < w->nroots; i++) {
		const char *root = w->roots_abs[i];
		size_t k = strlen(root);
		if (k == 1 && root[0] == '/')
			return 1;
		if (!strncmp(abs, root, k) && (abs[k] == '/' || abs[k] == '\0'))
			return 1;
	}
	return 0;
}

/* 1 if path is a symbolic link this walk must not follow (its target is
 * outside the roots, or it cannot be resolved), after reporting it; 0 if
 * it is no link, or one to follow. */
static int link_refused(ctx *c, const char *path)
{
	struct stat st;
	char real[PATH_MAX], msg[PATH_MAX + 160];

	if (c->follow_links || lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return 0;
	if (!realpath(path, real)) {
		if (errno == ENOENT)
			report(c, path, "broken symbolic link (its target does not exist)");
		else
			report_errno(c, path, errno);
		return 1;
	}
	if (lf_walk_under_roots(c->w, real))
		return 0;
	snprintf(msg, sizeof msg,
	         "symbolic link to %s, outside the PATHs given; not followed (--follow-symlinks follows it)", real);
	report(c, path, msg);
	return 1;
}

static int skipped_name(const char *name)
{
	static const char *const pats[] = {".*", "README*", "LICENSE*", "LICENCE*", "PROVENANCE*",
	                                   "MANIFEST.tsv", "*~"};
	size_t i;

	for (i = 0; i < sizeof pats / sizeof *pats; i++)
		if (!fnmatch(pats[i], name, 0))
			return 1;
	return 0;
}

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (!p)
		return NULL;
	memcpy(p, dir, a);
	if (a && dir[a - 1] != '/')
		p[a++] = '/';
	memcpy(p + a, name, b + 1);
	return p;
}

/* Splits one TSV line in place into at most max fields. */
static size_t split_tab(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

static char *dupstr(const char *s)
{
	return strdup(s ? s : "");
}

/* Reads DIR/MANIFEST.tsv if present: header row names the columns.  Out of
 * memory sets c->rc: a sidecar half read would give laws other metadata. */
static void load_manifest(ctx *c, const char *dir, const char *dir_abs)
{
	char *path = join(dir, "MANIFEST.tsv"), line[8192];
	FILE *fp;
	int col[6] = {-1, -1, -1, -1, -1, -1}; /* path jurisdiction language title year charset */
	static const char *const names[6] = {"path", "jurisdiction", "language", "title", "year", "charset"};
	int header = 1;

	if (!path) {
		c->rc = LF_ENOMEM;
		return;
	}
	/* a sidecar's titles become laws' titles: it is an input like any file */
	if (link_refused(c, path) || (fp = fopen(path, "r")) == NULL) {
		free(path);
		return;
	}
	while (fgets(line, sizeof line, fp)) {
		char *f[32];
		size_t nf, k;
		line[strcspn(line, "\r\n")] = '\0';
		nf = split_tab(line, f, 32);
		if (header) {
			for (k = 0; k < nf; k++)
				for (int j = 0; j < 6; j++)
					if (!strcmp(f[k], names[j]))
						col[j] = (int)k;
			header = 0;
			if (col[0] < 0) {
				report(c, path, "sidecar has no \"path\" column; ignored");
				break;
			}
			continue;
		}
		if ((size_t)col[0] >= nf || !*f[col[0]])
			continue;
		if (c->w->nrows == c->w->rowcap) {
			lf_manifest_row *r = lf_grow(c->w->rows, &c->w->rowcap, sizeof *r, 64);
			if (!r) {
				c->rc = LF_ENOMEM;
				break;
			}
			c->w->rows = r;
		}
		{
			lf_manifest_row *r = &c->w->rows[c->w->nrows];
			char *abs = join(dir_abs, f[col[0]]), real[PATH_MAX];
			if (abs && realpath(abs, real)) {
				free(abs);
				abs = strdup(real);
			}
#define COL(j) (col[j] >= 0 && (size_t)col[j] < nf ? f[col[j]] : "")
			r->abs = abs;
			r->jurisdiction = dupstr(COL(1));
			r->language = dupstr(COL(2));
			r->title = dupstr(COL(3));
			r->year = dupstr(COL(4));
			r->charset = dupstr(COL(5));
#undef COL
			if (!r->abs || !r->jurisdiction || !r->language || !r->title || !r->year ||
			    !r->charset) {
				free(r->abs);
				free(r->jurisdiction);
				free(r->language);
				free(r->title);
				free(r->year);
				free(r->charset);
				c->rc = LF_ENOMEM;
				break;
			}
			c->w->nrows++;
		}
	}
	fclose(fp);
	free(path);
}

static int add_file(ctx *c, const char *path, const struct stat *st)
{
	char real[PATH_MAX];
	lf_file *f;

	if (c->w->nfiles == c->w->cap) {
		lf_file *p = lf_grow(c->w->files, &c->w->cap, sizeof *p, 256);
		if (!p)
			return LF_ENOMEM;
		c->w->files = p;
	}
	f = &c->w->files[c->w->nfiles];
	if (!realpath(path, real))
		snprintf(real, sizeof real, "%s", path);
	f->path = strdup(path);
	f->abs = strdup(real);
	if (!f->path || !f->abs) {
		free(f->path);
		free(f->abs);
		return LF_ENOMEM;
	}
	f->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	f->size = (int64_t)st->st_size;
	f->manifest = NULL;
	c->w->nfiles++;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(ctx *c, const char *dir, int depth);

static void visit(ctx *c, const char *path, int depth, int is_root)
{
	struct stat st;

	if (!is_root && link_refused(c, path))
		return;
	if (stat(path, &st) != 0) {
		report_errno(c, path, errno);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t i;
		for (i = 0; i < c->ndirs; i++)
			if (c->dirs[i].dev == st.st_dev && c->dirs[i].ino == st.st_ino)
				return; /* already walked: a symlink back up the tree */
		if (c->ndirs == c->dircap) {
			size_t cap = c->dircap ? c->dircap * 2 : 64;
			void *p = realloc(c->dirs, cap * sizeof *c->dirs);
			if (!p) {
				c->rc = LF_ENOMEM;
				return;
			}
			c->dirs = p;
			c->dircap = cap;
		}
		c->dirs[c->ndirs].dev = st.st_dev;
		c->dirs[c->ndirs].ino = st.st_ino;
		c->ndirs++;
		if (depth > 64) {
			report(c, path, "directory nested too deep (over 64 levels); skipped");
			return;
		}
		walk_dir(c, path, depth + 1);
		return;
	}
	if (S_ISREG(st.st_mode)) {
		if ((c->rc = add_file(c, path, &st)) != 0)
			return;
		return;
	}
	report(c, path, S_ISFIFO(st.st_mode) ? "not a regular file (a FIFO); skipped" :
	                S_ISSOCK(st.st_mode) ? "not a regular file (a socket); skipped" :
	                "not a regular file (a device); skipped");
}

static void walk_dir(ctx *c, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, real[PATH_MAX];
	size_t n = 0, cap = 0, i;

	if (!d) {
		char msg[160];
		snprintf(msg, sizeof msg, "cannot read directory: %s", strerror(errno));
		report(c, dir, msg);
		return;
	}
	if (realpath(dir, real))
		load_manifest(c, dir, real);
	while ((e = readdir(d)) != NULL) {
		if (skipped_name(e->d_name))
			continue;
		if (n == cap) {
			char **p;
			cap = cap ? cap * 2 : 64;
			p = realloc(names, cap * sizeof *p);
			if (!p) {
				c->rc = LF_ENOMEM;
				break;
			}
			names = p;
		}
		if (!(names[n] = strdup(e->d_name))) {
			c->rc = LF_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_name);
	for (i = 0; i < n; i++) {
		char *p = c->rc ? NULL : join(dir, names[i]);
		if (p)
			visit(c, p, depth, 0);
		else if (!c->rc)
			c->rc = LF_ENOMEM; /* a file left out would look deleted to --prune */
		free(p);
		free(names[i]);
	}
	free(names);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const lf_file *)a)->abs, ((const lf_file *)b)->abs);
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const lf_manifest_row *)a)->abs, ((const lf_manifest_row *)b)->abs);
}

int lf_walk_run(lf_walk *w, const char *const *roots, size_t nroots, int follow_links,
                void (*on_error)(const char *, const char *, void *), void *uctx, size_t *nerrors)
{
	ctx c;
	size_t i;

	memset(&c, 0, sizeof c);
	c.w = w;
	c.on_error = on_error;
	c.uctx = uctx;
	c.follow_links = follow_links;
	w->roots_abs = calloc(nroots ? nroots : 1, sizeof *w->roots_abs);
	if (!w->roots_abs)
		return LF_ENOMEM;
	/* every root resolved before the walk: a link in one root may point
	 * into another */
	for (i = 0; i < nroots; i++) {
		char real[PATH_MAX];
		if (realpath(roots[i], real)) {
			if (!(w->roots_abs[w->nroots] = strdup(real))) {
				c.rc = LF_ENOMEM;
				break;
			}
			w->nroots++;
		}
	}
	for (i = 0; i < nroots && !c.rc; i++)
		visit(&c, roots[i], 0, 1);
	free(c.dirs);
	/* the same file reached twice (two roots, a symlink) is indexed once */
	if (w->nfiles)
		qsort(w->files, w->nfiles, sizeof *w->files, cmp_file);
	if (w->nfiles) {
		size_t o = 1;
		for (i = 1; i < w->nfiles; i++) {
			if (!strcmp(w->files[i].abs, w->files[o - 1].abs)) {
				free(w->files[i].path);
				free(w->files[i].abs);
				continue;
			}
			w->files[o++] = w->files[i];
		}
		w->nfiles = o;
	}
	if (w->nrows)
		qsort(w->rows, w->nrows, sizeof *w->rows, cmp_row);
	for (i = 0; i < w->nfiles; i++) {
		lf_manifest_row key = {.abs = w->files[i].abs};
		w->files[i].manifest = w->nrows ? bsearch(&key, w->rows, w->nrows, sizeof *w->rows, cmp_row) : NULL;
	}
	if (nerrors)
		*nerrors = c.nerrors;
	return c.rc;
}

int lf_walk_has(const lf_walk *w, const char *abs)
{
	lf_file key = {.abs = (char *)abs};

	return w->nfiles && bsearch(&key, w->files, w->nfiles, sizeof *w->files, cmp_file) != NULL;
}

void lf_walk_free(lf_walk *w)
{
	size_t i;

	for (i = 0; i < w->nfiles; i++) {
		free(w->files[i].path);
		free(w->files[i].abs);
	}
	for (i = 0; i < w->nrows; i++) {
		free(w->rows[i].abs);
		free(w->rows[i].jurisdiction);
		free(w->rows[i].language);
		free(w->rows[i].title);
		free(w->rows[i].year);
		free(w->rows[i].charset);
	}
	for (i = 0; i < w->nroots; i++)
		free(w->roots_abs[i]);
	free(w->roots_abs);
	free(w->files);
	free(w->rows);
	memset(w, 0, sizeof *w);
}
