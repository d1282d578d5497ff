/*
 * date.c - the one date parser (see date.h for the forms and the rules).
 *
 * Used by every reader: XML date attributes and elements (xmlutil.c's
 * lf_xml_set_date, formex.c, lims.c), Markdown front matter, German
 * "Stand" notes (gii.c), US actions (uslm.c), EUR-Lex titles and
 * references (html.c) and Chinese headers (plain.c).
 */
#include "core/text/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int lf_date_month(const char *w, size_t n)
{
	static const struct { const char *name; int m; } t[] = {
		{"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
		{"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
		{"december", 12},
		{"januar", 1}, {"jänner", 1}, {"februar", 2}, {"märz", 3}, {"mai", 5}, {"juni", 6},
		{"juli", 7}, {"oktober", 10}, {"dezember", 12},
		{"janvier", 1}, {"février", 2}, {"mars", 3}, {"avril", 4}, {"juin", 6},
		{"juillet", 7}, {"août", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
		{"décembre", 12},
		{"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6},
		{"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"octubre", 10}, {"noviembre", 11},
		{"diciembre", 12},
		{"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"maio", 5}, {"junho", 6},
		{"julho", 7}, {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12},
		{"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6},
		{"luglio", 7}, {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12},
		{"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8},
	};
	char low[16];
	size_t i;

	if (n >= sizeof low)
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)w[i]);
	low[n] = '\0';
	/* upper-case accented letters of the few names that have them */
	if (n >= 2 && (unsigned char)low[n - 2] == 0xC3 && (unsigned char)low[n - 1] >= 0x80 &&
	    (unsigned char)low[n - 1] < 0xA0)
		low[n - 1] = (char)((unsigned char)low[n - 1] + 0x20);
	for (i = 0; i + 1 < n; i++)
		if ((unsigned char)low[i] == 0xC3 && (unsigned char)low[i + 1] >= 0x80 &&
		    (unsigned char)low[i + 1] < 0xA0)
			low[i + 1] = (char)((unsigned char)low[i + 1] + 0x20);
	for (i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(low, t[i].name))
			return t[i].m;
	return 0;
}

int lf_date_ymd(int y, int m, int d, char out[LF_DATE_SIZE])
{
	if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	snprintf(out, LF_DATE_SIZE, "%04d-%02d-%02d", y, m, d);
	return 1;
}

/* Reads up to max digits at *p; -1 if none. */
static int digits(const char **p, const char *end, int max)
{
	int v = 0, k = 0;

	while (*p < end && k < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k ? v : -1;
}

/* ---- values ------------------------------------------------------------ */

size_t lf_date_value(const char *v, size_t n, char out[LF_DATE_SIZE])
{
	const char *end = v + n, *q;
	size_t k = 0;
	char c;

	while (v < end && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
		v++;
	n = (size_t)(end - v);
	/* YYYY, then -MM, then -DD, each part all digits */
	while (k < 4 && k < n && isdigit((unsigned char)v[k]))
		k++;
	if (k != 4)
		return 0;
	if (n >= 8 && isdigit((unsigned char)v[4])) {
		/* the basic form, 20160427 */
		q = v;
		int y = digits(&q, end, 4), m = digits(&q, end, 2), d = digits(&q, end, 2);
		if (q - v != 8 || (q < end && isdigit((unsigned char)*q)) || !lf_date_ymd(y, m, d, out))
			return 0;
		return 10;
	}
	if (n >= 7 && v[4] == '-' && v[5] >= '0' && v[5] <= '1' && isdigit((unsigned char)v[6]) &&
	    !(v[5] == '0' && v[6] == '0') && !(v[5] == '1' && v[6] > '2')) {
		k = 7;
		if (n >= 10 && v[7] == '-' && v[8] >= '0' && v[8] <= '3' && isdigit((unsigned char)v[9]) &&
		    !(v[8] == '0' && v[9] == '0') && !(v[8] == '3' && v[9] > '1'))
			k = 10;
	}
	/* the value must end after the date (or go on with a time) */
	c = k < n ? v[k] : '\0';
	if (c && c != 'T' && c != ' ' && c != 'Z' && c != '+' && c != '/' && c != ';' &&
	    !(k == 10 && c == '-'))
		return 0;
	memcpy(out, v, k);
	out[k] = '\0';
	return k;
}

/* ---- dates in running text --------------------------------------------- */

/* "July 15, 2016" at the month name w (a word start) */
static int month_first(const char *w, const char *end, char out[LF_DATE_SIZE])
{
	const char *t = w;
	int m, d, y;

	while (t < end && t - w < 15 && (isalpha((unsigned char)*t) || (unsigned char)*t >= 0x80))
		t++;
	/* cheap test before the month table: " <digit>" must follow */
	if (t + 1 >= end || *t != ' ' || !isdigit((unsigned char)t[1]))
		return 0;
	if (!(m = lf_date_month(w, (size_t)(t - w))))
		return 0;
	t++;
	d = digits(&t, end, 2);
	if (t >= end || *t != ',')
		return 0;
	for (t++; t < end && *t == ' '; t++)
		;
	{
		const char *y0 = t;
		y = digits(&t, end, 4);
		if (t - y0 != 4 || (t < end && isdigit((unsigned char)*t)))
			return 0;
	}
	return lf_date_ymd(y, m, d, out);
}

int lf_date_find(const char *p, size_t n, char out[LF_DATE_SIZE])
{
	const char *end = p + n, *q;

	if (n > 1 << 16)
		end = p + (1 << 16);
	for (q = p; q < end; q++) {
		const char *r = q;
		int a, b, c;
		if (!isdigit((unsigned char)*q)) {
			if (isalpha((unsigned char)*q) &&
			    (q == p || !(isalpha((unsigned char)q[-1]) || (unsigned char)q[-1] >= 0x80)) &&
			    month_first(q, end, out))
				return 1;
			continue;
		}
		if (q > p && isalnum((unsigned char)q[-1]))
			continue;
		a = digits(&r, end, 4);
		/* 2016-04-27 / 2016年11月7日 */
		if (r - q == 4 && r < end && (*r == '-' || !strncmp(r, "年", 3))) {
			int cjk = *r != '-';
			r += cjk ? 3 : 1;
			b = digits(&r, end, 2);
			if (b > 0 && r < end && (cjk ? !strncmp(r, "月", 3) : *r == '-')) {
				r += cjk ? 3 : 1;
				c = digits(&r, end, 2);
				if (c > 0 && lf_date_ymd(a, b, c, out))
					return 1;
			}
			continue;
		}
		if (r - q > 2)
			continue;
		/* 4.5.2016 / 27.6.2013 / 20.06.2013 */
		if (r < end && *r == '.' && r + 1 < end && isdigit((unsigned char)r[1])) {
			const char *t = r + 1;
			b = digits(&t, end, 2);
			if (t + 1 < end && *t == '.' && isdigit((unsigned char)t[1])) {
				const char *y = ++t;
				c = digits(&t, end, 4);
				if (t - y == 4 && (t >= end || !isdigit((unsigned char)*t)) &&
				    lf_date_ymd(c, b, a, out))
					return 1;
			}
		}
		/* 27 April 2016 / 13. Juni 2002 / 1er janvier 2000 / 14 de agosto de 2018 */
		{
			const char *t = r, *w;
			int m;
			if (t + 2 < end && !strncmp(t, "er", 2))
				t += 2;
			if (t < end && *t == '.')
				t++;
			while (t < end && *t == ' ')
				t++;
			if (t + 3 < end && !strncmp(t, "de ", 3))
				t += 3;
			w = t;
			while (t < end && t - w < 15 &&
			       (isalpha((unsigned char)*t) || (unsigned char)*t >= 0x80))
				t++;
			m = lf_date_month(w, (size_t)(t - w));
			if (!m)
				continue;
			while (t < end && *t == ' ')
				t++;
			if (t + 3 < end && !strncmp(t, "de ", 3))
				t += 3;
			c = digits(&t, end, 4);
			if (c >= 1000 && lf_date_ymd(c, m, a, out))
				return 1;
		}
	}
	return 0;
}
