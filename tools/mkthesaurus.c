/*
 * mkthesaurus.c - compiles the built-in thesaurus (schemas/thesaurus.xml)
 * into thesaurus.lfx, the file lf_thesaurus_load maps instead of parsing the
 * XML (its layout: query/thesaurus_int.h).
 *
 * usage: mkthesaurus -o OUT XML
 *
 * The XML is read as lf_thesaurus_load reads it (validated against the
 * embedded schemas/thesaurus.rng, every label keyed by lf_lexicon_key) and
 * written with the lf_hash of its bytes: lf_thesaurus_load uses the file
 * only when that hash is the one of the XML embedded in the library, so a
 * file compiled from another XML is never used.  Run by the build (CMake).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "query/thesaurus_int.h"

#define MAX_XML ((long)16 << 20)

static int usage(void)
{
	fputs("usage: mkthesaurus -o OUT XML\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *in = NULL;
	lf_thesaurus *th;
	lf_err err;
	FILE *f;
	char *xml;
	long n;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] != '-' && !in)
			in = argv[i];
		else
			return usage();
	}
	if (!out || !in)
		return usage();
	if (!(f = fopen(in, "rb")))
		return fprintf(stderr, "mkthesaurus: %s: %s\n", in, strerror(errno)), 1;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > MAX_XML || fseek(f, 0, SEEK_SET) ||
	    !(xml = malloc((size_t)n + 1)) || fread(xml, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return fprintf(stderr, "mkthesaurus: %s: cannot be read (or over 16 MiB)\n", in), 1;
	}
	fclose(f);
	if (lf_thesaurus_parse(xml, (size_t)n, in, &th, &err) ||
	    lf_thesaurus_write(th, lf_hash(xml, (size_t)n), out, &err)) {
		fprintf(stderr, "mkthesaurus: %s\n", err.msg);
		free(xml);
		return 1;
	}
	lf_thesaurus_free(th);
	free(xml);
	return 0;
}
