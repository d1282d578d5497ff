/* clml.c - reader for clml: being written (returns LF_EFORMAT until then). */
#include "reader.h"

int lf_read_clml(xmlDoc *doc, lf_law *law, lf_err *err)
{
	(void)doc;
	law->format = "clml";
	return lf_err_set(err, LF_EFORMAT, "clml reader not written yet");
}
