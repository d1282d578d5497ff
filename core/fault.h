/*
 * fault.h - the fault-injection hooks (core/fault.c), for tests only.
 *
 * Built with -DLF_FAULT=ON (which defines LF_FAULT); otherwise nothing here
 * exists, the Xapian shim's fault points compile to nothing, and so does
 * LF_PAUSE_POINT, the pause point C code writes (no #ifdef at the call).
 */
#ifndef LF_FAULT_H
#define LF_FAULT_H

#ifdef __cplusplus
extern "C" {
#endif

#ifdef LF_FAULT
/* Counts one Xapian call; returns 1 when it is the one $LF_FAULT_XAPIAN
 * names, and the caller must then fail it.  Thread-safe. */
int lf_fault_xapian(void);

/* A pause point, named: "stub" (core/store/xopen.cc: a stub file has been read,
 * its shards not yet opened), "commit" (indexer/writer.c: a shard's writer
 * has made a commit of a run's laws, before the run's end), "compact"
 * (indexer/compact.c: a shard has been compacted into its new directory, the stub
 * not yet switched to it).  With $LF_FAULT_PAUSE=FILE (and
 * $LF_FAULT_POINT unset or naming this point; "commit#3": the third time
 * the process reaches it), the first such call in the process creates
 * FILE.paused, then waits (at most 60 s) until FILE
 * exists: a test does something at exactly this point of a run, then lets
 * it go on.  Later calls return at once. */
void lf_fault_pause(const char *point);
#define LF_PAUSE_POINT(point) lf_fault_pause(point)
#else
#define LF_PAUSE_POINT(point) ((void)0)
#endif

#ifdef __cplusplus
}
#endif

#endif
