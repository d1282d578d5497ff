/*
 * fault.h - the fault-injection hooks (core/fault.c), for tests only.
 *
 * Built with -DLF_FAULT=ON (which defines LF_FAULT); otherwise nothing here
 * exists and the Xapian shim's fault points compile to nothing.
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
#endif

#ifdef __cplusplus
}
#endif

#endif
