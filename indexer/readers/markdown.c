/*
 * markdown.c - what the text reader (plain.c) does for Markdown only: the
 * YAML front matter that gives metadata, the inline syntax stripped from
 * the indexed text (emphasis, links, images, code marks, HTML tags and
 * comments, struck text), rule and table separator lines, and the
 * format's registry entry (detection: a front matter, or a heading line,
 * in text that does not start with markup).  Lines, provisions and
 * headings are read by plain.c's loop for both formats.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text/date.h"
#include "core/text/lang.h"
#include "indexer/readers/markdown.h"
#include "indexer/readers/outline.h"
#include "indexer/readers/reader.h"

/* Appends the inline text of p[0..n) to out with Markdown syntax removed.
 * Linear: every look-ahead pointer only moves forward. */
int lf_md_inline(const char *p, size_t n, lf_buf *out, int *in_comment)
{
	const char *end = p + n, *q = p;
	/* look-ahead pointers: the next ] ) > < ~~ at or after q; end when none */
	const char *close = p, *paren = p, *gt = p, *lt = p, *tilde = p;
	const char *link_close = NULL, *link_end = NULL;
	int rc = 0;

	while (q < end && !rc) {
		const char *run = q;
		if (*in_comment) {
			const char *c = NULL, *r;
			for (r = q; r + 2 < end; r++)
				if (r[0] == '-' && r[1] == '-' && r[2] == '>') {
					c = r;
					break;
				}
			if (!c)
				return 0;
			*in_comment = 0;
			q = c + 3;
			continue;
		}
		while (q < end && !strchr("\\`![]<*_~^|", *q))
			q++;
		if (q > run && (rc = lf_buf_add(out, run, (size_t)(q - run))) != 0)
			break;
		if (q >= end)
			break;
		switch (*q) {
		case '\\':
			if (q + 1 < end && ispunct((unsigned char)q[1])) {
				rc = lf_buf_addc(out, q[1]);
				q += 2;
			} else {
				rc = lf_buf_addc(out, *q++);
			}
			break;
		case '`':
			q++;
			break;
		case '!':
			if (q + 1 < end && q[1] == '[')
				q++; /* image: its alt text stays */
			else
				rc = lf_buf_addc(out, *q++);
			break;
		case '[':
			if (close < q && !(close = memchr(q, ']', (size_t)(end - q))))
				close = end;
			if (close < end && close - q < 2000 && close + 1 < end && close[1] == '(') {
				if (paren < close && !(paren = memchr(close, ')', (size_t)(end - close))))
					paren = end;
				if (paren < end && paren - close < 2000) {
					if (q + 1 < end && q[1] == '^') { /* footnote reference [^1](..) */
						q = paren + 1;
						break;
					}
					link_close = close;
					link_end = paren + 1;
					q++;
					break;
				}
			}
			if (q + 1 < end && q[1] == '^' && close < end && close - q < 16) {
				q = close + 1; /* [^1] */
				break;
			}
			rc = lf_buf_addc(out, *q++);
			break;
		case ']':
			if (q == link_close) {
				q = link_end;
				link_close = NULL;
			} else {
				rc = lf_buf_addc(out, *q++);
			}
			break;
		case '<':
			if (end - q >= 4 && !memcmp(q, "<!--", 4)) {
				*in_comment = 1;
				q += 4;
				break;
			}
			if (gt < q && !(gt = memchr(q, '>', (size_t)(end - q))))
				gt = end;
			if (lt <= q &&
			    !(lt = q + 1 < end ? memchr(q + 1, '<', (size_t)(end - q - 1)) : NULL))
				lt = end;
			if (gt < end && gt - q < 300 && lt > gt && q + 1 < end &&
			    (isalpha((unsigned char)q[1]) || q[1] == '/')) {
				const char *u = q + 1;
				if (gt - u > 7 && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8)))
					rc = lf_buf_add(out, u, (size_t)(gt - u)); /* <http://...> */
				else
					rc = lf_buf_addc(out, ' ');
				q = gt + 1;
				break;
			}
			rc = lf_buf_addc(out, *q++);
			break;
		case '*':
		case '_': {
			char c = *q;
			const char *r = q;
			int before, after;
			while (r < end && *r == c)
				r++;
			before = q > p && !isspace((unsigned char)q[-1]);
			after = r < end && !isspace((unsigned char)*r);
			if (c == '_' && before && after && isalnum((unsigned char)q[-1]) &&
			    isalnum((unsigned char)*r))
				rc = lf_buf_add(out, q, (size_t)(r - q)); /* snake_case */
			else if (!before && !after && r - q < 3)
				rc = lf_buf_add(out, q, (size_t)(r - q)); /* "2 * 3" */
			q = r;
			break;
		}
		case '~':
			if (q + 1 < end && q[1] == '~') {
				/* ~~struck~~: superseded text, dropped */
				const char *r;
				if (tilde < q + 2) {
					for (r = q + 2; r + 1 < end && !(r[0] == '~' && r[1] == '~'); r++)
						;
					tilde = r + 1 < end ? r : end;
				}
				q = tilde < end ? tilde + 2 : q + 2;
			} else {
				rc = lf_buf_addc(out, *q++);
			}
			break;
		case '^':
			q++; /* "^1[amended]" footnote marks, "^Data" OCR marks */
			while (q < end && isdigit((unsigned char)*q))
				q++;
			break;
		case '|':
			rc = lf_buf_addc(out, ' ');
			q++;
			break;
		default:
			rc = lf_buf_addc(out, *q++);
		}
	}
	return rc;
}

/* True for a line of three or more -, * or _ (and spaces): a rule. */
int lf_md_rule(const char *p, size_t n)
{
	size_t i, k = 0;
	char c = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\t')
			continue;
		if (p[i] != '-' && p[i] != '*' && p[i] != '_' && p[i] != '=')
			return 0;
		if (c && p[i] != c)
			return 0;
		c = p[i];
		k++;
	}
	return k >= 3;
}

/* True for a table separator row: | --- | :---: | */
int lf_md_table_sep(const char *p, size_t n)
{
	size_t i, dashes = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '-')
			dashes++;
		else if (!strchr("|: \t", p[i]))
			return 0;
	}
	return dashes >= 3 && memchr(p, '|', n) != NULL;
}


/* ---- the YAML front matter -------------------------------------------------- */

/* A front matter date: a value that is a date (2016-04-27, 2016-04, 2016),
 * else the first date in it ("27 April 2016"). */
static int date_value(const char *v, size_t n, char out[LF_DATE_SIZE])
{
	if (lf_date_value(v, n, out) == n)
		return 1;
	return lf_date_find(v, n, out);
}

static int key_is(const char *k, const char *const *names)
{
	for (; *names; names++)
		if (!strcasecmp(k, *names))
			return 1;
	return 0;
}

/* One "key: value" line of the front matter; year is applied last. */
static int yaml_pair(lf_law *law, const char *k, const char *v, size_t vn, int pass)
{
	static const char *const title[] = {"title", "name", "long_title", "longtitle", NULL};
	static const char *const shortt[] = {"short_title", "short-title", "shorttitle", "short_name",
	                                     "abbreviation", "abbr", "acronym", NULL};
	static const char *const lang[] = {"language", "lang", "locale", NULL};
	static const char *const jur[] = {"jurisdiction", "country", "country_code", NULL};
	static const char *const enacted[] = {"date", "enacted", "date_enacted", "enactment_date",
	                                      "adopted", "date_adopted", "promulgated", "passed",
	                                      "signed", "date_of_assent", "assent", NULL};
	static const char *const inforce[] = {"in_force", "date_in_force", "effective",
	                                      "effective_date", "commencement", "entry_into_force",
	                                      NULL};
	static const char *const version[] = {"version", "date_version", "version_date", "as_of",
	                                      "consolidated", "last_amended", NULL};
	static const char *const id[] = {"id", "identifier", "eli", "celex", "urn", "doc_id", NULL};
	static const char *const number[] = {"number", "act_number", "law_number", "no",
	                                     "doc_number", NULL};
	static const char src[] = "YAML front matter";
	char d[11], j[8];
	const char *s;

	if (pass == 1) {
		if (!strcasecmp(k, "year") && vn == 4 && date_value(v, vn, d))
			return lf_law_set(law, LF_F_DATE_ENACTED, d, strlen(d), src);
		return 0;
	}
	if (key_is(k, title))
		return lf_law_set(law, LF_F_TITLE, v, vn, src);
	if (key_is(k, shortt))
		return lf_law_set(law, LF_F_SHORT_TITLE, v, vn, src);
	if (key_is(k, lang))
		return (s = lf_lang_iso1(v, vn)) ? lf_law_set(law, LF_F_LANGUAGE, s, strlen(s), src) : 0;
	if (key_is(k, jur)) {
		s = lf_jurisdiction_norm(v, vn, j);
		return s ? lf_law_set(law, LF_F_JURISDICTION, s, strlen(s), src) : 0;
	}
	if (key_is(k, enacted))
		return date_value(v, vn, d) ? lf_law_set(law, LF_F_DATE_ENACTED, d, strlen(d), src) : 0;
	if (key_is(k, inforce))
		return date_value(v, vn, d) ? lf_law_set(law, LF_F_DATE_IN_FORCE, d, strlen(d), src) : 0;
	if (key_is(k, version))
		return date_value(v, vn, d) ? lf_law_set(law, LF_F_DATE_VERSION, d, strlen(d), src) : 0;
	if (key_is(k, id))
		return lf_law_set(law, LF_F_ID, v, vn, src);
	if (key_is(k, number))
		return lf_law_set(law, LF_F_NUMBER, v, vn, src);
	return 0;
}

/* Reads a front matter at p (which starts with "---\n"); returns the offset
 * of the body, or 0 if there is no closed front matter in the first 64 KiB. */
size_t lf_yaml_front(lf_law *law, const char *p, size_t n, int *rc)
{
	const char *end = p + (n < 65536 ? n : 65536), *q, *body = NULL;
	int pass;

	q = memchr(p, '\n', (size_t)(end - p));
	if (!q)
		return 0;
	for (pass = 0; pass < 2 && !*rc; pass++) {
		const char *l = q + 1;
		while (l < end && !*rc) {
			const char *e = memchr(l, '\n', (size_t)(end - l)), *c, *v, *ve;
			char key[48];
			size_t kl;
			if (!e)
				e = end;
			ve = e;
			if (ve > l && ve[-1] == '\r')
				ve--;
			if ((ve - l == 3 && (!strncmp(l, "---", 3) || !strncmp(l, "...", 3)))) {
				body = e < end ? e + 1 : e;
				break;
			}
			c = memchr(l, ':', (size_t)(ve - l));
			if (c && l < ve && *l != ' ' && *l != '-' && *l != '#' &&
			    (size_t)(c - l) < sizeof key) {
				kl = (size_t)(c - l);
				memcpy(key, l, kl);
				key[kl] = '\0';
				for (v = c + 1; v < ve && (*v == ' ' || *v == '\t'); v++)
					;
				while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
					ve--;
				if (ve - v >= 2 &&
				    ((*v == '"' && ve[-1] == '"') || (*v == '\'' && ve[-1] == '\'')))
					v++, ve--;
				else if (memchr(v, '#', (size_t)(ve - v)) && v < ve && *v != '#') {
					const char *h = v;
					while (h < ve && !(h[0] == '#' && h > v && h[-1] == ' '))
						h++;
					ve = h;
					while (ve > v && ve[-1] == ' ')
						ve--;
				}
				if (ve > v && *v != '|' && *v != '>' && *v != '[' && *v != '{')
					*rc = yaml_pair(law, key, v, (size_t)(ve - v), pass);
			}
			l = e + 1;
		}
		if (!body)
			return 0;
	}
	return body ? (size_t)(body - p) : 0;
}


/* ---- the registry entry (reader.h) -------------------------------------- */

static int read_markdown(const char *p, size_t n, lf_law *law, lf_err *err)
{
	return lf_read_text(p, n, 1, law, err);
}

/* Text that does not start with markup and opens with a YAML front matter
 * or has a Markdown heading ("# ", "##") at the start of a line in its
 * first 4 KiB. */
static int sniff_markdown(const lf_sniff *s)
{
	const char *p = s->text, *end = s->p + s->n;
	size_t i;

	if (s->utf16 || s->root)
		return 0;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (end - p >= 4 && !strncmp(p, "---", 3) && (p[3] == '\n' || p[3] == '\r'))
		return 1;
	for (i = 0; p + i < end && i < 4096; i++)
		if ((i == 0 || p[i - 1] == '\n') && p[i] == '#' && p + i + 1 < end &&
		    (p[i + 1] == ' ' || p[i + 1] == '#'))
			return 1;
	return 0;
}

const lf_reader lf_reader_markdown = {
	.name = "markdown",
	.reads = "Markdown transcriptions (a YAML front matter gives metadata)",
	.parse = LF_PARSE_TEXT,
	.sniff = sniff_markdown,
	.read_text = read_markdown,
};
