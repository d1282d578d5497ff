/* uslm.c - reader for uslm: being written (returns LF_EFORMAT until then). */
#include "reader.h"

int lf_read_uslm(xmlDoc *doc, lf_law *law, lf_err *err)
{
	(void)doc;
	law->format = "uslm";
	return lf_err_set(err, LF_EFORMAT, "uslm reader not written yet");
}
