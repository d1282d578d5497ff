/* rec.c - document data records (see rec.h). */
#include "core/rec.h"
#include "core/err.h"

#include <string.h>

int lf_rec_addn(lf_buf *b, const char *key, const char *v, size_t n)
{
	size_t i, start = 0;
	int rc;

	if ((rc = lf_buf_adds(b, key)) || (rc = lf_buf_addc(b, '\t')))
		return rc;
	for (i = 0; v && i < n; i++) {
		const char *esc = NULL;
		switch (v[i]) {
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = " "; break;
		case '\0': esc = " "; break;
		default: continue;
		}
		if ((rc = lf_buf_add(b, v + start, i - start)) || (rc = lf_buf_adds(b, esc)))
			return rc;
		start = i + 1;
	}
	if (v && (rc = lf_buf_add(b, v + start, n - start)))
		return rc;
	return lf_buf_addc(b, '\n');
}

int lf_rec_add(lf_buf *b, const char *key, const char *value)
{
	return lf_rec_addn(b, key, value, value ? strlen(value) : 0);
}

int lf_rec_next(const char *data, size_t n, size_t *pos, lf_buf *key, lf_buf *val)
{
	const char *k, *v;
	size_t kl, vl;

	if (!lf_rec_line(data, n, pos, &k, &kl, &v, &vl))
		return 0;
	lf_buf_reset(key);
	lf_buf_add(key, k, kl);
	lf_rec_unescape(v, vl, val);
	return 1;
}

int lf_rec_get(const char *data, size_t n, const char *key, lf_buf *out)
{
	size_t klen = strlen(key), pos = 0, kl, vl;
	const char *k, *v;

	lf_buf_reset(out);
	while (lf_rec_line(data, n, &pos, &k, &kl, &v, &vl))
		if (kl == klen && !memcmp(k, key, klen))
			return lf_rec_unescape(v, vl, out) ? LF_ENOMEM : 1;
	return 0;
}

int lf_rec_line(const char *data, size_t n, size_t *pos, const char **key, size_t *klen, const char **val,
                size_t *vlen)
{
	const char *p, *end = data + n, *tab, *nl;

	if (*pos >= n)
		return 0;
	p = data + *pos;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		nl = end;
	tab = memchr(p, '\t', (size_t)(nl - p));
	if (!tab)
		tab = nl;
	*key = p;
	*klen = (size_t)(tab - p);
	*val = tab < nl ? tab + 1 : nl;
	*vlen = (size_t)(nl - *val);
	*pos = (size_t)(nl - data) + 1;
	return 1;
}

int lf_rec_unescape(const char *v, size_t n, lf_buf *out)
{
	const char *p, *end = v + n;
	int rc = 0;

	lf_buf_reset(out);
	for (p = v; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			rc |= lf_buf_addc(out, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
		} else {
			const char *q = p;
			while (q < end && *q != '\\')
				q++;
			rc |= lf_buf_add(out, p, (size_t)(q - p));
			p = q - 1;
		}
	}
	return rc;
}
