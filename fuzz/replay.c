/*
 * replay.c - main() for a fuzz target built without libFuzzer: runs every
 * file named on the command line, or found in a directory named there (not
 * recursively, in name order), through LLVMFuzzerTestOneInput once, after
 * LLVMFuzzerInitialize if the target has one.  A crash is the test's
 * failure (run under the sanitizers, a leak or UB too).
 *
 *     fuzz_akn [-v] fuzz/corpus/akn fuzz/regressions/akn
 *
 * A directory that does not exist is skipped (a target may have no
 * regressions yet), but running no input at all is a failure: exit 1.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"

/* Weak: only the targets that need a set-up define it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int verbose;

/* Runs one file; 0, or -1 if it cannot be read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t n = 0, cap = 0, got;

	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (n == cap) {
			uint8_t *g = realloc(data, cap = cap ? 2 * cap : 65536);
			if (!g) {
				fprintf(stderr, "replay: %s: out of memory\n", path);
				abort();
			}
			data = g;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	if (verbose)
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
	/* exactly n bytes, as libFuzzer hands them: a read past them is caught */
	{
		uint8_t *exact = malloc(n ? n : 1);
		if (!exact)
			abort();
		if (n)
			memcpy(exact, data, n);
		free(data);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of a directory; adds to *ran, returns failures. */
static int run_dir(const char *dir, size_t *ran)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0;
	int bad = 0;

	if (!d)
		return errno == ENOENT ? 0 : (fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno)), 1);
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (n == cap && !(names = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *names)))
			abort();
		if (!(names[n++] = strdup(e->d_name)))
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (run_file(path))
			bad++;
		else
			++*ran;
		free(names[i]);
	}
	free(names);
	return bad;
}

int main(int argc, char **argv)
{
	size_t ran = 0;
	int bad = 0, i = 1;
	struct stat st;

	if (i < argc && !strcmp(argv[i], "-v"))
		verbose = 1, i++;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(argv[i]))
				bad++;
			else
				ran++;
		} else {
			bad += run_dir(argv[i], &ran);
		}
	}
	printf("replay: %zu inputs run, %d unreadable\n", ran, bad);
	return bad || !ran ? 1 : 0;
}
