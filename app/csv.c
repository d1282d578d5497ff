/* csv.c - the CSV writer (csv.h). */
#include "app/csv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "lexfrag/lexfrag.h"

void csv_init(csv_w *w, FILE *fp, int raw)
{
	memset(w, 0, sizeof *w);
	w->fp = fp;
	w->raw = raw;
	lf_buf_init(&w->list, 0);
}

void csv_free(csv_w *w)
{
	lf_buf_free(&w->list);
}

static void sep(csv_w *w)
{
	if (w->cells++)
		fputc(',', w->fp);
}

/* Does a spreadsheet read a cell that starts with c as a formula?  OWASP's
 * list: = + - @, and tab and CR, which some applications skip before one. */
static int formula_start(unsigned char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* One text cell (csv.h), raw or neutralised. */
static void put_cell(FILE *fp, const char *s, int raw)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *first = p;
	unsigned cp;
	int quote, k;

	while (*first == (unsigned char)LF_MARK_START || *first == (unsigned char)LF_MARK_END)
		first++; /* marks are dropped: what a spreadsheet sees comes after */
	quote = strpbrk((const char *)p, ",\"\n\r") != NULL || (!raw && formula_start(*first));
	if (quote)
		fputc('"', fp);
	if (!raw && formula_start(*first))
		fputc('\'', fp);
	while (*p) {
		if ((k = lf_utf8_seq(p, (size_t)-1, &cp)) < 0) {
			fputs(LF_UTF8_FFFD, fp);
			p += -k;
			continue;
		}
		if (cp == '"')
			fputc('"', fp);
		if (cp != (unsigned char)LF_MARK_START && cp != (unsigned char)LF_MARK_END)
			fwrite(p, 1, (size_t)k, fp);
		p += k;
	}
	if (quote)
		fputc('"', fp);
}

void csv_text(csv_w *w, const char *s)
{
	sep(w);
	put_cell(w->fp, s, w->raw);
}

void csv_number(csv_w *w, double v, int decimals)
{
	sep(w);
	fprintf(w->fp, "%.*f", decimals, v);
}

void csv_empty(csv_w *w)
{
	sep(w);
}

void csv_end_row(csv_w *w)
{
	fputs("\r\n", w->fp);
	w->cells = 0;
}

void csv_header(csv_w *w, const char *names)
{
	sep(w);
	fputs(names, w->fp);
}

void csv_list_begin(csv_w *w)
{
	lf_buf_reset(&w->list);
	w->parts = 0;
}

void csv_list_add(csv_w *w, const char *separator, const char *part)
{
	if ((w->parts++ && lf_buf_adds(&w->list, separator)) || lf_buf_adds(&w->list, part ? part : ""))
		w->failed = 1;
}

void csv_list_addf(csv_w *w, const char *separator, const char *fmt, ...)
{
	va_list ap;
	char *part;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0 || !(part = malloc((size_t)k + 1))) {
		w->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(part, (size_t)k + 1, fmt, ap);
	va_end(ap);
	csv_list_add(w, separator, part);
	free(part);
}

void csv_list_end(csv_w *w)
{
	csv_text(w, lf_buf_str(&w->list));
}

int csv_failed(const csv_w *w)
{
	return w->failed || ferror(w->fp);
}
