/* err.c - the error object (see err.h). */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

int lf_err_set(lf_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void lf_err_clear(lf_err *err)
{
	if (!err)
		return;
	err->code = LF_OK;
	err->msg[0] = '\0';
}

static _Thread_local int oom_noted;

void lf_oom_note(void)
{
	oom_noted = 1;
}

int lf_oom_take(void)
{
	int k = oom_noted;

	oom_noted = 0;
	return k;
}

const char *lf_strerror(int code)
{
	switch (code) {
	case LF_OK: return "success";
	case LF_ENOMEM: return "out of memory";
	case LF_EIO: return "input/output error";
	case LF_EFORMAT: return "malformed or unknown format";
	case LF_ETOOBIG: return "input exceeds a limit";
	case LF_ELOCKED: return "database locked";
	case LF_ECORRUPT: return "database corrupt";
	case LF_ENOTFOUND: return "not found";
	case LF_EQUERY: return "query syntax error";
	case LF_EINVAL: return "invalid argument";
	case LF_EXAPIAN: return "Xapian error";
	case LF_EEMPTY: return "no text to index";
	case LF_EMODIFIED: return "the index changed while it was read";
	case LF_ENETWORK: return "a remote shard failed";
	case LF_ETIMEOUT: return "time limit exceeded";
	case LF_ECANCELED: return "cancelled";
	default: return "error";
	}
}
