/* out.c - text for people, and UTF-8 repair (out.h). */
#include "app/out.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <stdio.h>

#include "core/utf8.h"
#include "lexfrag/lexfrag.h"

/* ------------------------------------------------------------ UTF-8 */

/* A control character: C0, DEL or C1 (U+0080..U+009F). */
static int is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

const char *out_utf8(const char *s, char **owned)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t bad = 0, n;
	unsigned cp;
	char *w;
	int k;

	*owned = NULL;
	for (n = 0; p[n]; n += (size_t)(k < 0 ? -k : k))
		if ((k = lf_utf8_seq(p + n, (size_t)-1, &cp)) < 0)
			bad++;
	if (!bad)
		return (const char *)p;
	/* each subpart of 1 to 3 bytes becomes 3 */
	if (!(*owned = w = malloc(n + 2 * bad + 1)))
		return NULL;
	for (; *p; p += k < 0 ? -k : k) {
		if ((k = lf_utf8_seq(p, (size_t)-1, &cp)) < 0)
			w = memcpy(w, LF_UTF8_FFFD, 3), w += 3;
		else
			w = memcpy(w, p, (size_t)k), w += k;
	}
	*w = '\0';
	return *owned;
}

/* ------------------------------------------------------ text for people */

/* The escape that shows the character at s (0 if it is shown as it is);
 * *n gets the bytes it takes.  An ill-formed sequence is shown a byte at
 * a time, so that a file name's bytes can be read back. */
static size_t esc_char(const unsigned char *s, int keep_nl, char esc[8], size_t *n)
{
	unsigned cp;
	int k = lf_utf8_seq(s, (size_t)-1, &cp);

	if (k < 0) {
		*n = 1;
		return (size_t)snprintf(esc, 8, "\\x%02x", s[0]);
	}
	*n = (size_t)k;
	if (!is_control(cp) || (keep_nl && (cp == '\n' || cp == '\t')))
		return 0;
	switch (cp) {
	case '\n': memcpy(esc, "\\n", 3); return 2;
	case '\t': memcpy(esc, "\\t", 3); return 2;
	case '\r': memcpy(esc, "\\r", 3); return 2;
	default: return (size_t)snprintf(esc, 8, cp < 0x80 ? "\\x%02x" : "\\u%04x", cp);
	}
}

/* How put_text treats match marks (STX, ETX). */
enum { MARKS_ESCAPE, MARKS_DROP, MARKS_BOLD };

/* Writes s escaped (to fp, or nowhere when fp is NULL, to measure it), at
 * most max characters of what is shown, never half an escape or half a
 * character; returns the characters shown. */
static size_t put_text(FILE *fp, const char *s, int keep_nl, int marks, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *run;
	size_t cols = 0, n, e;
	char esc[8];

	while (*p && cols < max) {
		for (run = p; *p >= 0x20 && *p < 0x7F && cols < max; p++)
			cols++;
		if (fp && p > run)
			fwrite(run, 1, (size_t)(p - run), fp);
		if (!*p || cols >= max)
			break;
		if (marks != MARKS_ESCAPE && (*p == (unsigned char)LF_MARK_START || *p == (unsigned char)LF_MARK_END)) {
			if (fp && marks == MARKS_BOLD)
				fputs(*p == (unsigned char)LF_MARK_START ? "\033[1m" : "\033[0m", fp);
			p++;
			continue;
		}
		e = esc_char(p, keep_nl, esc, &n);
		if (cols + (e ? e : 1) > max)
			break;
		if (fp)
			fwrite(e ? esc : (const char *)p, 1, e ? e : n, fp);
		cols += e ? e : 1;
		p += n;
	}
	return cols;
}

void out_text(FILE *fp, const char *s)
{
	put_text(fp, s, 1, MARKS_ESCAPE, (size_t)-1);
}

void out_snippet(FILE *fp, const char *s, int color)
{
	put_text(fp, s, 0, color ? MARKS_BOLD : MARKS_DROP, (size_t)-1);
}

static void pad(FILE *fp, size_t n)
{
	while (n--)
		fputc(' ', fp);
}

/* One conversion of out_vprintf other than %s, with its flags, width,
 * precision and length in spec (any '*' already replaced by its number):
 * the argument of the type the length says, handed to fprintf. */
static void put_conv(FILE *fp, const char *spec, const char *len, char conv, va_list *ap)
{
	int l = !strcmp(len, "l"), ll = !strcmp(len, "ll"), z = !strcmp(len, "z");
	int j = !strcmp(len, "j"), t = !strcmp(len, "t");

	switch (conv) {
	case 'd': case 'i':
		if (ll) fprintf(fp, spec, va_arg(*ap, long long));
		else if (l) fprintf(fp, spec, va_arg(*ap, long));
		else if (z) fprintf(fp, spec, va_arg(*ap, ssize_t));
		else if (j) fprintf(fp, spec, va_arg(*ap, intmax_t));
		else if (t) fprintf(fp, spec, va_arg(*ap, ptrdiff_t));
		else fprintf(fp, spec, va_arg(*ap, int));
		break;
	case 'u': case 'x': case 'X': case 'o':
		if (ll) fprintf(fp, spec, va_arg(*ap, unsigned long long));
		else if (l) fprintf(fp, spec, va_arg(*ap, unsigned long));
		else if (z) fprintf(fp, spec, va_arg(*ap, size_t));
		else if (j) fprintf(fp, spec, va_arg(*ap, uintmax_t));
		else if (t) fprintf(fp, spec, va_arg(*ap, ptrdiff_t));
		else fprintf(fp, spec, va_arg(*ap, unsigned));
		break;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
		if (!strcmp(len, "L")) fprintf(fp, spec, va_arg(*ap, long double));
		else fprintf(fp, spec, va_arg(*ap, double));
		break;
	case 'c': fprintf(fp, spec, va_arg(*ap, int)); break;
	case 'p': fprintf(fp, spec, va_arg(*ap, void *)); break;
	case '%': fputc('%', fp); break;
	default: fputs(spec, fp); /* not one printf knows: -Wformat said so already */
	}
}

/* A width or precision of a conversion: digits, or '*' taken from ap. */
static int spec_num(const char **f, va_list *ap, int *given)
{
	int v = 0;

	*given = 1;
	if (**f == '*') {
		(*f)++;
		return va_arg(*ap, int);
	}
	if (**f < '0' || **f > '9') {
		*given = 0;
		return 0;
	}
	for (; **f >= '0' && **f <= '9'; (*f)++)
		v = v < 100000 ? v * 10 + (**f - '0') : v;
	return v;
}

void out_vprintf(FILE *fp, const char *fmt, va_list ap0)
{
	const char *f = fmt;
	va_list ap;

	va_copy(ap, ap0);
	while (*f) {
		const char *pct = strchr(f, '%');
		char spec[64], len[3] = "";
		int left = 0, width, prec, wgiven, pgiven;
		size_t k = 0;
		char conv;

		if (!pct) {
			fputs(f, fp);
			break;
		}
		fwrite(f, 1, (size_t)(pct - f), fp);
		f = pct + 1;
		spec[k++] = '%';
		for (; *f && strchr("-+ #0", *f); f++) {
			left |= *f == '-';
			if (k < 8)
				spec[k++] = *f;
		}
		spec[k] = '\0';
		width = spec_num(&f, &ap, &wgiven);
		if (width < 0) /* a negative '*' width: left-justified */
			left = 1, width = width == INT_MIN ? INT_MAX : -width;
		prec = -1;
		if (*f == '.') {
			f++;
			prec = spec_num(&f, &ap, &pgiven);
			if (prec < 0)
				prec = -1; /* a negative precision is taken as if omitted */
		}
		while (*f && strchr("hlLjzt", *f) && strlen(len) < 2)
			len[strlen(len)] = *f++;
		conv = *f ? *f++ : '%';
		if (conv == 's') {
			const char *s = va_arg(ap, const char *);
			size_t max = prec >= 0 ? (size_t)prec : (size_t)-1;
			size_t cols = wgiven ? put_text(NULL, s, 0, MARKS_ESCAPE, max) : 0;
			if (!left && (size_t)width > cols)
				pad(fp, (size_t)width - cols);
			put_text(fp, s, 0, MARKS_ESCAPE, max);
			if (left && (size_t)width > cols)
				pad(fp, (size_t)width - cols);
			continue;
		}
		k += (size_t)snprintf(spec + k, sizeof spec - k, "%s", left && !strchr(spec, '-') ? "-" : "");
		if (wgiven)
			k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", width);
		if (prec >= 0)
			k += (size_t)snprintf(spec + k, sizeof spec - k, ".%d", prec);
		snprintf(spec + k, sizeof spec - k, "%s%c", len, conv);
		put_conv(fp, spec, len, conv, &ap);
	}
	va_end(ap);
}

void out_printf(FILE *fp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(fp, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ lines */

void out_risks_text(FILE *fp, const char *indent, const lf_risk *r, size_t n,
                    const char *const *layers, size_t nlayers)
{
	for (size_t i = 0; i < n; i++) {
		const char *subj = r[i].subject ? r[i].subject : "";
		out_printf(fp, "%s%-22s %.2f  strongest evidence %.2f, %u provision%s, %s%s\n", indent,
		           r[i].category, r[i].score, r[i].strongest, r[i].provisions,
		           r[i].provisions == 1 ? "" : "s",
		           !strcmp(subj, "title")     ? "the law's subject (its title)"
		           : !strcmp(subj, "heading") ? "a provision about it (its heading)"
		                                      : "an incidental clause",
		           r[i].tagged ? "" : "  (below the threshold: not tagged)");
	}
	if (nlayers) {
		out_printf(fp, "%slayers:", indent);
		for (size_t i = 0; i < nlayers; i++)
			out_printf(fp, " %s", layers[i]);
		fputc('\n', fp);
	}
}
