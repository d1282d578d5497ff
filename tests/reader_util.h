/*
 * reader_util.h - helpers shared by the reader tests (test_reader_*.c).
 *
 * Every function here is static inline, so a test file that does not use one
 * of them gets no unused-function warning.
 *
 *   reader_setup()            suite init: lf_input_init() (use as
 *                             TestSuite(name, .init = reader_setup))
 *   load_from(dir, name, fmt) reads LF_TEST_DATA/dir/name (LF_TEST_DATA/name
 *                             if dir is NULL) with lf_read_path; asserts that
 *                             it succeeds and, unless fmt is NULL, that the
 *                             law's format is fmt.  Caller frees the law.
 *   find_in(law, label, plabel)
 *                             the first provision with this label under a
 *                             parent labelled plabel ("" for any parent)
 *   find(law, label)          the first provision with this label
 *   find_id(law, id)          the provision with this id
 *   count_kind(law, kind)     how many provisions are of this kind
 *   count_label(law, label)   how many provisions have this label
 *   field(law, f)             the field's value, "(unset)" if it has none
 *   parent_of(law, p)         p's parent (NULL if p is NULL or top level)
 *   anywhere(law, s)          true if the preface or any provision's text,
 *                             heading or label holds s
 *
 * Each test file keeps its own one-line load(name) calling load_from().
 */
#ifndef LF_TEST_READER_UTIL_H
#define LF_TEST_READER_UTIL_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/doc.h"
#include "indexer/readers/input.h"
#include "indexer/readers/reader.h"

static inline void reader_setup(void)
{
	lf_input_init();
}

static inline lf_law *load_from(const char *dir, const char *name, const char *format)
{
	char path[1024];
	lf_law *law = NULL;
	lf_err err = {0};
	int rc;

	if (dir)
		snprintf(path, sizeof path, "%s/%s/%s", LF_TEST_DATA, dir, name);
	else
		snprintf(path, sizeof path, "%s/%s", LF_TEST_DATA, name);
	rc = lf_read_path(path, NULL, &law, &err);
	cr_assert_eq(rc, 0, "%s: %s", name, err.msg);
	cr_assert_not_null(law);
	if (format)
		cr_assert_str_eq(law->format, format);
	return law;
}

static inline const lf_prov *find_in(const lf_law *law, const char *label, const char *plabel)
{
	size_t i;

	for (i = 0; i < law->nprovs; i++) {
		const lf_prov *p = &law->provs[i];
		if (strcmp(p->label, label))
			continue;
		if (!*plabel || (p->parent >= 0 && !strcmp(law->provs[p->parent].label, plabel)))
			return p;
	}
	return NULL;
}

static inline const lf_prov *find(const lf_law *law, const char *label)
{
	return find_in(law, label, "");
}

static inline const lf_prov *find_id(const lf_law *law, const char *id)
{
	size_t i;

	for (i = 0; i < law->nprovs; i++)
		if (!strcmp(law->provs[i].id, id))
			return &law->provs[i];
	return NULL;
}

static inline size_t count_kind(const lf_law *law, const char *kind)
{
	size_t i, n = 0;

	for (i = 0; i < law->nprovs; i++)
		n += !strcmp(law->provs[i].kind, kind);
	return n;
}

static inline size_t count_label(const lf_law *law, const char *label)
{
	size_t i, n = 0;

	for (i = 0; i < law->nprovs; i++)
		n += !strcmp(law->provs[i].label, label);
	return n;
}

static inline const char *field(const lf_law *law, enum lf_field f)
{
	return law->field[f] ? law->field[f] : "(unset)";
}

static inline const lf_prov *parent_of(const lf_law *law, const lf_prov *p)
{
	return p && p->parent >= 0 ? &law->provs[p->parent] : NULL;
}

static inline int anywhere(const lf_law *law, const char *s)
{
	size_t i;

	if (strstr(law->preface, s))
		return 1;
	for (i = 0; i < law->nprovs; i++)
		if (strstr(law->provs[i].text, s) || strstr(law->provs[i].heading, s) ||
		    strstr(law->provs[i].label, s))
			return 1;
	return 0;
}

#endif
