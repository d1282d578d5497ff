/*
 * fuzz_draft.c - a draft as 'serve' gets it in a request's body:
 * lf_draft_read_mem (gzip capped at 1 MiB after decompression, format
 * detection, every reader, plain text split into paragraphs, language,
 * tags), then, for a draft of at most 40 units, lf_similar against a small
 * index of real laws (candidates, lf_align_min, passages).
 *
 * An input that starts with "@many N\n" is a template: the rest, repeated
 * N times (N at most 100,000) with "%d" replaced by the copy's number, up
 * to 1 MiB.  So a saved input of a few bytes stands for a draft of tens of
 * thousands of short articles (the shape that made 'similar' quadratic,
 * issue 17) without a megabyte in the repository.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "precedent/draft.h"
#include "fuzz_util.h"

#define CAP ((size_t)1 << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_db();
	return 0;
}

/* The draft a "@many N\n<template>" input stands for, into out (malloc'd;
 * its size in *n); 0 if the input is not one. */
static int expand(const uint8_t *data, size_t size, char **out, size_t *n)
{
	const char *p = (const char *)data, *nl = memchr(p, '\n', size);
	char num[16];
	size_t tl, cap = CAP;
	long copies;
	char *buf;

	if (size < 8 || memcmp(p, "@many ", 6) || !nl || nl - p > 14)
		return 0;
	memcpy(num, p + 6, (size_t)(nl - p - 6));
	num[nl - p - 6] = 0;
	copies = strtol(num, NULL, 10);
	if (copies < 1 || copies > 100000)
		return 0;
	tl = size - (size_t)(nl + 1 - p);
	if (!(buf = malloc(cap + 32)))
		abort();
	*n = 0;
	for (long c = 1; c <= copies && *n < cap; c++) {
		for (size_t i = 0; i < tl && *n < cap; i++) {
			const char *t = nl + 1 + i;
			if (i + 1 < tl && t[0] == '%' && t[1] == 'd') {
				*n += (size_t)snprintf(buf + *n, 16, "%ld", c);
				i++;
			} else {
				buf[(*n)++] = *t;
			}
		}
	}
	if (*n > cap)
		*n = cap;
	*out = buf;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lf_draft *d = NULL;
	lf_draft_info di;
	lf_err err;
	char *big = NULL;
	size_t n = size;
	const char *p = (const char *)data;
	int rc;

	if (expand(data, size, &big, &n))
		p = big;
	rc = lf_draft_read_mem("fuzz", p, n, NULL, NULL, CAP, &d, &err);
	if (rc) {
		if (rc != LF_EEMPTY && rc != LF_EFORMAT && rc != LF_ETOOBIG && rc != LF_EIO) {
			fprintf(stderr, "fuzz: lf_draft_read_mem: %d %s\n", rc, err.msg);
			abort();
		}
		if (!err.msg[0] || d)
			abort(); /* a failure says why, and hands nothing out */
		free(big);
		return 0;
	}
	lf_draft_describe(d, &di);
	if (!di.units || di.units != d->nunits || !di.tags)
		abort();
	for (size_t i = 0; i < d->nunits; i++)
		if (!d->units[i].id || !d->units[i].label || !d->units[i].text || strlen(d->units[i].text) > d->units[i].n)
			abort();
	if (d->nunits <= 40) {
		lf_similar_results *res = NULL;
		if ((rc = lf_similar(fuzz_db(), d, NULL, &res, &err)) != 0) {
			fprintf(stderr, "fuzz: lf_similar: %d %s\n", rc, err.msg);
			abort();
		}
		for (size_t i = 0; i < res->nhits; i++)
			if (res->hits[i].score < 0 || res->hits[i].score > 1 || !res->hits[i].npassages)
				abort();
		lf_similar_results_free(res);
	}
	lf_draft_free(d);
	free(big);
	return 0;
}
