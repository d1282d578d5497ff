/*
 * fallback.c - metadata a document does not give itself: jurisdiction,
 * language, title and id from MANIFEST.tsv, a directory name, the text
 * (language, as a last resort) or the file name, and the law's year (see
 * README, "Missing metadata").  Used by the indexer and by lf_tag_run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text/lang.h"
#include "core/text/text.h"
#include "indexer/run.h"
/* The part of a law id made from a file name (n bytes of p), into out.
 * An id is a term, a URL path and a key in every export, so it must be
 * valid UTF-8: a byte that is not part of a well-formed character, a
 * control character and '%' itself are written %XX, as in a URI, so that
 * two names that differ only in such bytes keep different ids (b\xff.md
 * and b\xfe.md: b%FF and b%FE; before, both exported as b\uFFFD and the
 * SQLite export failed on the duplicate key).  Cut at a character's edge
 * when out is full. */
static void id_from_name(char *out, size_t cap, const char *p, size_t n)
{
	const char *end = p + n;
	size_t w = 0;

	while (p < end) {
		unsigned cp;
		size_t k = lf_u8dec(p, end, &cp);
		int esc = (cp == 0xFFFD && k == 1) || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == '%';
		if (esc) {
			for (size_t i = 0; i < k; i++) {
				if (w + 3 >= cap)
					goto out;
				snprintf(out + w, cap - w, "%%%02X", (unsigned char)p[i]);
				w += 3;
			}
		} else {
			if (w + k >= cap)
				break;
			memcpy(out + w, p, k);
			w += k;
		}
		p += k;
	}
out:
	out[w] = 0;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Jurisdiction, language, title, year and id for what the document does not
 * say itself: MANIFEST.tsv sidecar, then a directory name that is a
 * jurisdiction code, then (language) the text itself, then (id) the path. */
int lf_ix_fill_gaps(lf_law *law, const lf_file *f)
{
	char code[8];
	const char *v;
	const lf_manifest_row *m = f->manifest;
	int rc = 0;

	v = law->field[LF_F_JURISDICTION];
	if (v && lf_jurisdiction_norm(v, strlen(v), code)) {
		if (strcmp(v, code))
			rc |= lf_law_force(law, LF_F_JURISDICTION, code, strlen(code), law->src[LF_F_JURISDICTION]);
	} else {
		law->field[LF_F_JURISDICTION] = NULL;
		if (m && lf_jurisdiction_norm(m->jurisdiction, strlen(m->jurisdiction), code))
			rc |= lf_law_set(law, LF_F_JURISDICTION, code, strlen(code), "MANIFEST.tsv");
		else {
			/* the nearest directory whose name is a jurisdiction code */
			char dir[4096];
			char *slash;
			snprintf(dir, sizeof dir, "%s", f->path);
			while ((slash = strrchr(dir, '/')) != NULL) {
				*slash = '\0';
				if (lf_jurisdiction_norm(basename_of(dir), strlen(basename_of(dir)), code)) {
					rc |= lf_law_set(law, LF_F_JURISDICTION, code, strlen(code), "directory name");
					break;
				}
			}
		}
	}
	v = law->field[LF_F_LANGUAGE];
	if (v && (v = lf_lang_iso1(v, strlen(v))) != NULL) {
		if (strcmp(v, law->field[LF_F_LANGUAGE]))
			rc |= lf_law_force(law, LF_F_LANGUAGE, v, strlen(v), law->src[LF_F_LANGUAGE]);
	} else {
		law->field[LF_F_LANGUAGE] = NULL;
		if (m && (v = lf_lang_iso1(m->language, strlen(m->language))) != NULL)
			rc |= lf_law_set(law, LF_F_LANGUAGE, v, strlen(v), "MANIFEST.tsv");
		else {
			lf_buf sample;
			size_t i;
			int oom, e;
			lf_buf_init(&sample, 70000);
			/* the sample stops at its maximum (LF_ETOOBIG); out of
			 * memory, there is no guess from half a sample */
			oom = lf_buf_adds(&sample, law->field[LF_F_TITLE] ? law->field[LF_F_TITLE] : "") == LF_ENOMEM;
			oom |= lf_buf_sep(&sample) == LF_ENOMEM;
			oom |= lf_buf_adds(&sample, law->preface) == LF_ENOMEM;
			for (i = 0; !oom && i < law->nprovs && sample.n < 65536; i++) {
				oom = lf_buf_sep(&sample) == LF_ENOMEM;
				if ((e = lf_buf_adds(&sample, law->provs[i].text)) != 0) {
					oom |= e == LF_ENOMEM;
					break;
				}
			}
			if (oom)
				rc |= LF_ENOMEM;
			else if ((v = lf_lang_guess(lf_buf_str(&sample), sample.n)) != NULL)
				rc |= lf_law_set(law, LF_F_LANGUAGE, v, strlen(v), "text detection");
			lf_buf_free(&sample);
		}
	}
	if (m && *m->title)
		rc |= lf_law_set(law, LF_F_TITLE, m->title, strlen(m->title), "MANIFEST.tsv");
	if (!law->field[LF_F_TITLE]) {
		const char *b = basename_of(f->path);
		rc |= lf_law_set(law, LF_F_TITLE, b, strlen(b), "file name");
	}
	if (!law->field[LF_F_ID]) {
		char id[512];
		const char *j = law->field[LF_F_JURISDICTION] ? law->field[LF_F_JURISDICTION] : "xx";
		const char *num = law->field[LF_F_NUMBER];
		const char *date = law->field[LF_F_DATE_ENACTED];
		if (num && date)
			snprintf(id, sizeof id, "%s/%.4s/%s", j, date, num);
		else {
			/* from the path: the jurisdiction and the file name without
			 * its extensions */
			const char *b = basename_of(f->path);
			size_t k = strlen(j) + 1;
			snprintf(id, sizeof id, "%s/", j);
			id_from_name(id + k, sizeof id - k, b, strcspn(b, "."));
		}
		for (char *p = id; *p; p++)
			if (*p == ' ')
				*p = '_';
		rc |= lf_law_set(law, LF_F_ID, id, strlen(id), num && date ? "jurisdiction, year and number" : "file name");
	}
	return rc ? LF_ENOMEM : 0;
}

/* The law's year: from the enacted date, else the sidecar, else the version. */
int lf_ix_law_year(const lf_law *law, const lf_file *f)
{
	const char *d = law->field[LF_F_DATE_ENACTED];
	int y;

	if (d && (y = atoi(d)) > 0)
		return y;
	if (f->manifest && (y = atoi(f->manifest->year)) > 0)
		return y;
	d = law->field[LF_F_DATE_VERSION];
	if (d && (y = atoi(d)) > 0)
		return y;
	d = law->field[LF_F_DATE_IN_FORCE];
	if (d && (y = atoi(d)) > 0)
		return y;
	return 0;
}
