/*
 * fuzz_query.c - a query as search gets it: lf_q_check, then lf_search
 * (normalisation, the parse in each language of the index, wildcards and
 * the bounds on a query's size, concepts, filters, ranking, snippets,
 * facets) on a small index of real laws.  A query over the bounds must be
 * refused (LF_EQUERY) with the bound named, never run for long: libFuzzer's
 * -timeout catches one that runs (fuzz/smoke.sh: 10 s).  One input in five
 * runs with a time budget that has passed (lf_db_set_limits): the search
 * must stop with LF_ETIMEOUT and free what it made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "fuzz_util.h"

#define MAX_QUERY 8192 /* what serve and the command line accept */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_db();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lf_db *db = fuzz_db();
	char *q;
	lf_search_opts o = {0};
	lf_results *res = NULL;
	lf_err err;
	int bad, rc, stop;

	if (size > MAX_QUERY)
		return 0;
	q = fuzz_strndup(data, size);
	bad = lf_q_check(q, &err) != 0;
	o.query = q;
	o.limit = 3;
	o.max_provisions = 2;
	/* the size picks the order and the facets: each input one way */
	o.sort = size % 3 == 0 ? LF_SORT_RELEVANCE : size % 3 == 1 ? LF_SORT_RISK : LF_SORT_DATE;
	o.facets = size & 1;
	stop = size % 5 == 4;
	if (stop)
		lf_db_set_limits(db, &(lf_limits){1e-9, NULL, NULL});
	rc = lf_search(db, &o, &res, &err);
	lf_db_set_limits(db, NULL);
	if (rc != 0 && rc != LF_EQUERY && !(stop && rc == LF_ETIMEOUT)) {
		fprintf(stderr, "fuzz: lf_search: %d %s\n", rc, err.msg);
		abort();
	}
	if (rc == LF_EQUERY && (strstr(err.msg, "wildcards") || strstr(err.msg, "too complex")) &&
	    !strstr(err.msg, "(at most")) {
		fprintf(stderr, "fuzz: a bound refused without naming it: %s\n", err.msg);
		abort();
	}
	if (bad && rc == 0) {
		fprintf(stderr, "fuzz: lf_q_check refused a query lf_search ran\n");
		abort();
	}
	if (!rc) {
		if (res->nhits > o.limit)
			abort();
		lf_results_free(res);
	}
	free(q);
	return 0;
}
