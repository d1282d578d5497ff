/*
 * budget.h - a bound on one call's work: a deadline and a cancel check
 * (SQLite's progress handler and sqlite3_interrupt, in one object).
 *
 * Long loops of the query side (search's hits, export's pages, similar's
 * alignments, reuse's pairs) call lf_budget_check now and then; it answers
 * 0 while the work may go on, and LF_ETIMEOUT or LF_ECANCELED, with a
 * message, once the deadline has passed or the cancel check said stop.
 * The clock is read on every call (CLOCK_MONOTONIC, a vDSO read: tens of
 * nanoseconds), the cancel check at most every LF_BUDGET_POLL_NS, since it
 * may cost a system call (serve polls the client's socket).  An inactive
 * budget (no deadline, no cancel check) costs one branch.
 */
#ifndef LF_BUDGET_H
#define LF_BUDGET_H

#include "core/err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LF_BUDGET_POLL_NS (50 * 1000000LL)

typedef struct lf_budget {
	long long deadline_ns;        /* CLOCK_MONOTONIC; 0 = none */
	double seconds;               /* the budget as given, for the message */
	int (*cancelled)(void *ctx);  /* non-zero: stop (the client went away) */
	void *ctx;
	long long next_poll_ns;       /* when cancelled() is asked next */
	int stopped;                  /* the status once passed: it stays passed */
} lf_budget;

/* Now, on CLOCK_MONOTONIC, in nanoseconds. */
long long lf_mono_ns(void);

/* Starts a budget of seconds from now (0 or less: no deadline) with an
 * optional cancel check (NULL: none). */
void lf_budget_start(lf_budget *b, double seconds, int (*cancelled)(void *ctx), void *ctx);
/* No deadline, no cancel check. */
void lf_budget_clear(lf_budget *b);

/* Whether b bounds anything (a deadline or a cancel check). */
static inline int lf_budget_active(const lf_budget *b)
{
	return b && (b->deadline_ns || b->cancelled);
}

/* 0 while the work may go on; else LF_ETIMEOUT ("the request took longer
 * than N s") or LF_ECANCELED, in err.  b may be NULL (never stops). */
int lf_budget_check(lf_budget *b, lf_err *err);

/* Seconds left before the deadline (at least a millisecond while it has
 * not passed); 0 when there is no deadline.  For Xapian's match time
 * limit (Enquire::set_time_limit). */
double lf_budget_left(const lf_budget *b);

#ifdef __cplusplus
}
#endif

#endif
