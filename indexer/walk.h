/*
 * walk.h - finding the files to index under the given roots, and the
 * MANIFEST.tsv sidecars beside them.
 */
#ifndef LF_WALK_H
#define LF_WALK_H

#include <stddef.h>
#include <stdint.h>

typedef struct lf_file {
	char *path;         /* as the user would write it: root + relative part */
	char *abs;          /* absolute, symlinks resolved: the identity of the file */
	int64_t mtime_ns;
	int64_t size;
	const struct lf_manifest_row *manifest; /* sidecar row for this file, or NULL */
} lf_file;

typedef struct lf_manifest_row {
	char *abs;          /* absolute path of the file the row describes */
	char *jurisdiction, *language, *title, *year; /* "" when absent */
	char *charset;      /* the file's declared charset, "" when absent */
} lf_manifest_row;

typedef struct lf_walk {
	lf_file *files; size_t nfiles, cap;
	lf_manifest_row *rows; size_t nrows, rowcap;
	char **roots_abs; size_t nroots; /* absolute roots, symlinks resolved: --prune, links */
} lf_walk;

/* Walks the roots (files or directories), calling on_error(path, msg, ctx)
 * for entries that cannot be indexed (FIFOs, devices, symlink loops,
 * unreadable directories).  Hidden entries and the tree's own documentation
 * (README*, LICENSE*, PROVENANCE*, MANIFEST.tsv) are skipped silently.
 *
 * A symbolic link met in the walk is followed only if its target (fully
 * resolved) lies under one of the roots, unless follow_links is set;
 * otherwise it is reported, one line per link, and skipped: a link to /etc
 * must not publish /etc.  A root is always followed (the user named it).
 * Links inside the tree still work, and a file reached twice is listed once.
 *
 * Files are sorted by path.  *nerrors counts the reported entries.
 * Returns 0, or LF_ENOMEM. */
int lf_walk_run(lf_walk *w, const char *const *roots, size_t nroots, int follow_links,
                void (*on_error)(const char *path, const char *msg, void *ctx), void *ctx,
                size_t *nerrors);
void lf_walk_free(lf_walk *w);

/* True if abs is one of the walked files (binary search). */
int lf_walk_has(const lf_walk *w, const char *abs);

/* True if the absolute, resolved path abs is one of the walked roots or
 * lies under one (whole path components: /a/bc is not under /a/b). */
int lf_walk_under_roots(const lf_walk *w, const char *abs);

#endif
