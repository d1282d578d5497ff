/*
 * fault.c - fault injection for tests (curl's torture tests, FTS5's
 * fts5fault*.test): fail the Nth allocation or the Nth Xapian call.
 *
 * Compiled only with -DLF_FAULT=ON (cmake/fault.cmake).  Every executable
 * and test is then linked with -Wl,--wrap=malloc,calloc,realloc,strdup,
 * strndup,open_memstream, so lexfrag's own calls to these (not those made
 * inside libxml2, Xapian or libc) land in the __wrap_ functions below, and
 * the shim's fault points (core/store/store.h) call lf_fault_xapian().  Counting
 * starts at 1 and runs over the whole process, all threads (atomics).
 * Environment, read once at start-up:
 *
 *   LF_FAULT_ALLOC=N   the Nth allocation returns NULL (errno ENOMEM)
 *   LF_FAULT_XAPIAN=N  the Nth Xapian call throws
 *                      Xapian::DatabaseError("injected fault") inside the
 *                      shim's try block, so the shim's own handlers map it
 *   LF_FAULT_COUNT=1   at exit, print to stderr
 *                      "lexfrag-fault: N allocations, M xapian calls"
 *   LF_FAULT_TRACE=1   when the fault fires, print the call stack to stderr
 *                      (symbolised in a sanitizer build): which call failed
 *   LF_FAULT_PAUSE=F   at the first pause point reached (lf_fault_pause),
 *                      create F.paused, then wait for F to exist: a race
 *                      made deterministic
 *   LF_FAULT_POINT=P   only the pause point named P pauses ("stub",
 *                      "commit", "compact": see fault.h); P#N: only the
 *                      Nth time the process reaches it ("commit#3")
 *
 * Only one fault fires per run: later calls succeed.  tests/test_fault.c
 * sweeps N over whole runs of index, search, show and export.
 */
#include "core/fault.h"

#include <errno.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
FILE *__real_open_memstream(char **p, size_t *n);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
FILE *__wrap_open_memstream(char **p, size_t *n);

/* In a sanitizer build, the runtime's own symbolising stack printer. */
void __sanitizer_print_stack_trace(void) __attribute__((weak));

static atomic_ulong nalloc, nxapian;
static unsigned long fail_alloc, fail_xapian; /* 0: never */
static int trace;

static unsigned long env_num(const char *name)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 10) : 0;
}

static void fault_report(void)
{
	fprintf(stderr, "lexfrag-fault: %lu allocations, %lu xapian calls\n", atomic_load(&nalloc),
	        atomic_load(&nxapian));
}

__attribute__((constructor)) static void fault_init(void)
{
	fail_alloc = env_num("LF_FAULT_ALLOC");
	fail_xapian = env_num("LF_FAULT_XAPIAN");
	trace = env_num("LF_FAULT_TRACE") != 0;
	if (env_num("LF_FAULT_COUNT"))
		atexit(fault_report);
}

/* With LF_FAULT_TRACE: where the fault struck. */
static void fault_trace(const char *what, unsigned long n)
{
	void *pc[64];

	if (!trace)
		return;
	fprintf(stderr, "lexfrag-fault: %s %lu fails here:\n", what, n);
	if (__sanitizer_print_stack_trace)
		__sanitizer_print_stack_trace();
	else
		backtrace_symbols_fd(pc, backtrace(pc, 64), 2);
}

/* 1 when this allocation is the one to fail. */
static int alloc_fails(void)
{
	unsigned long k = atomic_fetch_add(&nalloc, 1) + 1;

	if (k != fail_alloc)
		return 0;
	fault_trace("allocation", k);
	errno = ENOMEM;
	return 1;
}

int lf_fault_xapian(void)
{
	unsigned long k = atomic_fetch_add(&nxapian, 1) + 1;

	if (k != fail_xapian)
		return 0;
	fault_trace("Xapian call", k);
	return 1;
}

void lf_fault_pause(const char *point)
{
	static atomic_int done;
	static atomic_long reached;
	const char *file = getenv("LF_FAULT_PAUSE"), *want = getenv("LF_FAULT_POINT");
	const char *nth = want ? strchr(want, '#') : NULL;
	size_t k = nth ? (size_t)(nth - want) : want ? strlen(want) : 0;
	char mark[4200];
	FILE *fp;
	int i;

	if (!file || !*file || (want && (strncmp(want, point, k) || point[k])))
		return;
	if (atomic_fetch_add(&reached, 1) + 1 < (nth ? atol(nth + 1) : 1) || atomic_exchange(&done, 1))
		return;
	snprintf(mark, sizeof mark, "%s.paused", file);
	if ((fp = fopen(mark, "w")) != NULL)
		fclose(fp);
	for (i = 0; i < 6000 && (fp = fopen(file, "r")) == NULL; i++)
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	if (fp)
		fclose(fp);
}

void *__wrap_malloc(size_t n)
{
	return alloc_fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
	return alloc_fails() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	return alloc_fails() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return alloc_fails() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return alloc_fails() ? NULL : __real_strndup(s, n);
}

FILE *__wrap_open_memstream(char **p, size_t *n)
{
	return alloc_fails() ? NULL : __real_open_memstream(p, n);
}
