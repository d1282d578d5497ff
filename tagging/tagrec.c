/* tagrec.c - reads a law's risk lines back (tagrec.h). */
#include "tagging/tagrec.h"
#include "core/buf.h"
#include "core/rec.h"

#include <stdlib.h>
#include <string.h>

/* p[0..n) copied into a; NULL out of memory. */
static char *dup(lf_arena *a, const char *p, size_t n)
{
	return lf_arena_strndup(a, p, n);
}

/* Splits s at US (0x1F) into at most max fields. */
static size_t split(char *s, char **f, size_t max)
{
	size_t k = 0;

	f[k++] = s;
	for (; *s && k < max; s++)
		if (*s == '\x1f') {
			*s = 0;
			f[k++] = s + 1;
		}
	return k;
}

static int cmp_risk(const void *a, const void *b)
{
	const lf_risk *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->category, y->category);
}

int lf_tagrec_parse(const char *data, size_t n, lf_arena *a, lf_tagged_law *t)
{
	lf_buf key, val;
	size_t pos = 0, nr = 0, ne = 0;
	int rc = 0;

	t->risks = NULL;
	t->evidence = NULL;
	t->layers = NULL;
	t->nrisks = t->nevidence = t->nlayers = 0;
	lf_buf_init(&key, 0);
	lf_buf_init(&val, 0);
	{
		/* count without copying: a law's toc lines are most of its record */
		const char *k, *v;
		size_t kl, vl;
		while (lf_rec_line(data, n, &pos, &k, &kl, &v, &vl)) {
			nr += kl == 4 && !memcmp(k, "risk", 4);
			ne += kl == 3 && !memcmp(k, "tag", 3);
		}
	}
	t->risks = lf_arena_alloc(a, (nr + 1) * sizeof *t->risks);
	t->evidence = lf_arena_alloc(a, (ne + 1) * sizeof *t->evidence);
	t->layers = lf_arena_alloc(a, 17 * sizeof *t->layers);
	if (!t->risks || !t->evidence || !t->layers) {
		rc = LF_ENOMEM;
		goto out;
	}
	pos = 0;
	for (;;) {
		const char *kp, *vp;
		size_t kl, vl;
		const char *k;
		char *s;
		if (!lf_rec_line(data, n, &pos, &kp, &kl, &vp, &vl))
			break;
		if (!((kl == 4 && !memcmp(kp, "risk", 4)) || (kl == 6 && !memcmp(kp, "layers", 6)) ||
		      (kl == 3 && !memcmp(kp, "tag", 3))))
			continue; /* not ours: no copy */
		lf_buf_reset(&key);
		if (lf_buf_add(&key, kp, kl) || lf_rec_unescape(vp, vl, &val) || !(s = dup(a, val.p, val.n))) {
			rc = LF_ENOMEM; /* a law without some of its tags would be wrong */
			break;
		}
		k = lf_buf_str(&key);
		if (!strcmp(k, "risk")) {
			/* "<category> <score> <provisions> tagged|weak [<strongest>
			 * title|heading|-]" (indexes before 0.9 lack the last two) */
			char *sp1 = strchr(s, ' ');
			lf_risk *r = &t->risks[t->nrisks];
			if (!sp1)
				continue;
			*sp1 = 0;
			r->category = s;
			r->score = strtod(sp1 + 1, &s);
			r->provisions = (unsigned)strtoul(s, &s, 10);
			r->tagged = !strncmp(s, " tagged", 7) && (!s[7] || s[7] == ' ');
			s += strcspn(s + 1, " ") + 1;
			r->strongest = *s ? strtod(s, &s) : r->score;
			while (*s == ' ')
				s++;
			r->subject = !strcmp(s, "title") ? "title" : !strcmp(s, "heading") ? "heading" : "";
			t->nrisks++;
		} else if (!strcmp(k, "layers")) {
			while (*s && t->nlayers < 16) {
				char *e = strchr(s, ' ');
				((const char **)t->layers)[t->nlayers++] = s;
				if (!e)
					break;
				*e = 0;
				s = e + 1;
			}
		} else if (!strcmp(k, "tag")) {
			/* category US strength US prov id US label US rule US spans US excerpt */
			char *f[7];
			lf_evidence *e = &t->evidence[t->nevidence];
			if (split(s, f, 7) != 7)
				continue;
			e->category = f[0];
			e->strength = strtod(f[1], NULL);
			e->prov_id = f[2];
			e->label = f[3];
			e->rule = f[4];
			e->spans = f[5];
			e->excerpt = f[6];
			t->nevidence++;
		}
	}
	qsort(t->risks, t->nrisks, sizeof *t->risks, cmp_risk);
out:
	lf_buf_free(&key);
	lf_buf_free(&val);
	return rc;
}
