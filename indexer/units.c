/* units.c - which provisions are index units, and a unit's text (units.h). */
#include "indexer/units.h"

#include <stdlib.h>

/* Which provisions start an index unit: the top-most "unit" kinds (article,
 * section ...), and provisions with text of their own that sit under no
 * unit.  unit_of[i] is the unit a provision belongs to (-1: none);
 * own_only[u] says a unit that is a container with units below it keeps
 * only its own text. */
int lf_units_plan(const lf_law *law, int *unit_of, char *own_only)
{
	size_t i, n = law->nprovs;
	char *below = calloc(n ? n : 1, 1);

	if (!below)
		return LF_ENOMEM;
	for (i = n; i-- > 0;) {
		int p = law->provs[i].parent;
		if (p >= 0 && (below[i] || lf_kind_is_unit(law->provs[i].kind)))
			below[p] = 1;
	}
	for (i = 0; i < n; i++) {
		const lf_prov *pv = &law->provs[i];
		int p = pv->parent, up = p >= 0 ? unit_of[p] : -1;
		own_only[i] = 0;
		if (up >= 0 && !own_only[up]) {
			unit_of[i] = up;
		} else if (lf_kind_is_unit(pv->kind) || *pv->text) {
			unit_of[i] = (int)i;
			own_only[i] = !lf_kind_is_unit(pv->kind) && below[i];
		} else {
			unit_of[i] = -1;
		}
	}
	free(below);
	return 0;
}

static int append_labelled(lf_buf *b, const lf_prov *pv)
{
	int rc = 0;

	if (*pv->label) {
		rc |= lf_buf_sep(b);
		rc |= lf_buf_adds(b, pv->label);
	}
	if (*pv->heading) {
		rc |= lf_buf_sep(b);
		rc |= lf_buf_adds(b, pv->heading);
	}
	if (*pv->text) {
		rc |= lf_buf_sep(b);
		rc |= lf_buf_adds(b, pv->text);
	}
	rc |= lf_buf_addc(b, '\n');
	return rc;
}

int lf_unit_context(const lf_law *law, size_t i, lf_buf *out)
{
	int rc = 0, depth = 0;

	lf_buf_reset(out);
	for (int p = law->provs[i].parent; p >= 0 && p < (int)law->nprovs && depth < 16; p = law->provs[p].parent, depth++)
		if (*law->provs[p].heading) {
			rc |= lf_buf_adds(out, law->provs[p].heading);
			rc |= lf_buf_addc(out, '\n');
		}
	return rc;
}

/* A unit's text: itself and, unless it keeps only its own, its
 * descendants (which follow it in the array). */
int lf_unit_text(const lf_law *law, size_t i, const int *unit_of, const char *own_only,
                     lf_buf *out)
{
	int rc = 0;

	lf_buf_reset(out);
	rc |= lf_buf_adds(out, law->provs[i].text);
	rc |= lf_buf_addc(out, '\n');
	if (!own_only[i])
		for (size_t m = i + 1; m < law->nprovs && unit_of[m] == (int)i; m++)
			rc |= append_labelled(out, &law->provs[m]);
	return rc;
}

