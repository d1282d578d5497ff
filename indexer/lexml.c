/* lexml.c - reader for lexml: being written (returns LF_EFORMAT until then). */
#include "reader.h"

int lf_read_lexml(xmlDoc *doc, lf_law *law, lf_err *err)
{
	(void)doc;
	law->format = "lexml";
	return lf_err_set(err, LF_EFORMAT, "lexml reader not written yet");
}
