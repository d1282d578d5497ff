/* budget.c - a deadline and a cancel check for one call's work (budget.h). */
#include "core/budget.h"

#include <string.h>
#include <time.h>

long long lf_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void lf_budget_clear(lf_budget *b)
{
	memset(b, 0, sizeof *b);
}

void lf_budget_start(lf_budget *b, double seconds, int (*cancelled)(void *ctx), void *ctx)
{
	long long now = lf_mono_ns();

	lf_budget_clear(b);
	if (seconds > 0) {
		b->seconds = seconds;
		b->deadline_ns = now + (long long)(seconds * 1e9);
	}
	b->cancelled = cancelled;
	b->ctx = ctx;
	b->next_poll_ns = now + LF_BUDGET_POLL_NS;
}

static int stop(lf_budget *b, int code, lf_err *err)
{
	b->stopped = code;
	if (code == LF_ETIMEOUT)
		return lf_err_set(err, code, "the request took longer than its time limit (%g s)", b->seconds);
	return lf_err_set(err, code, "the request was cancelled (the client went away)");
}

int lf_budget_check(lf_budget *b, lf_err *err)
{
	long long now;

	if (!lf_budget_active(b))
		return 0;
	if (b->stopped)
		return stop(b, b->stopped, err);
	now = lf_mono_ns();
	if (b->deadline_ns && now >= b->deadline_ns)
		return stop(b, LF_ETIMEOUT, err);
	if (b->cancelled && now >= b->next_poll_ns) {
		b->next_poll_ns = now + LF_BUDGET_POLL_NS;
		if (b->cancelled(b->ctx))
			return stop(b, LF_ECANCELED, err);
	}
	return 0;
}

double lf_budget_left(const lf_budget *b)
{
	double left;

	if (!b || !b->deadline_ns)
		return 0;
	left = (double)(b->deadline_ns - lf_mono_ns()) / 1e9;
	return left > 0.001 ? left : 0.001;
}
