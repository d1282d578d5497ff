/* json.c - the JSON writer (json.h). */
#include "app/json.h"

#include <math.h>
#include <stdlib.h>

#include "core/utf8.h"
#include "lexfrag/lexfrag.h"

void json_init(json_w *w, FILE *fp)
{
	w->fp = fp;
	w->depth = 0;
	w->more[0] = 0;
	w->after_key = 0;
}

/* Before a value: the comma that separates it from the previous one of
 * its array (an object's values follow their key). */
static void before_value(json_w *w)
{
	int d = w->depth < JSON_MAX_DEPTH ? w->depth : JSON_MAX_DEPTH - 1;

	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0 && w->more[d])
		fputc(',', w->fp);
	w->more[d] = 1;
}

static void begin(json_w *w, char c)
{
	before_value(w);
	fputc(c, w->fp);
	w->depth++;
	w->more[w->depth < JSON_MAX_DEPTH ? w->depth : JSON_MAX_DEPTH - 1] = 0;
}

static void end(json_w *w, char c)
{
	fputc(c, w->fp);
	if (w->depth > 0)
		w->depth--;
	if (!w->depth)
		fputc('\n', w->fp); /* one top-level value per line */
}

void json_begin_object(json_w *w) { begin(w, '{'); }
void json_end_object(json_w *w) { end(w, '}'); }
void json_begin_array(json_w *w) { begin(w, '['); }
void json_end_array(json_w *w) { end(w, ']'); }

/* A control character: C0, DEL or C1 (U+0080..U+009F). */
static int is_ctrl(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* s as a string literal, quotes included; marks: the match marks as
 * <mark> and </mark>, else dropped. */
static void put_string(FILE *fp, const char *s, int marks)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *run;
	unsigned cp;
	int k;

	fputc('"', fp);
	while (*p) {
		/* the common case, printable ASCII, goes out in runs */
		for (run = p; *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\'; p++)
			;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), fp);
		if (!*p)
			break;
		if ((k = lf_utf8_seq(p, (size_t)-1, &cp)) < 0) {
			fputs(LF_UTF8_FFFD, fp);
			p += -k;
			continue;
		}
		switch (cp) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		case (unsigned char)LF_MARK_START: if (marks) fputs("<mark>", fp); break;
		case (unsigned char)LF_MARK_END: if (marks) fputs("</mark>", fp); break;
		default:
			if (is_ctrl(cp))
				fprintf(fp, "\\u%04x", cp);
			else
				fwrite(p, 1, (size_t)k, fp);
		}
		p += k;
	}
	fputc('"', fp);
}

void json_key(json_w *w, const char *k)
{
	before_value(w);
	put_string(w->fp, k, 0);
	fputc(':', w->fp);
	w->after_key = 1;
}

void json_string(json_w *w, const char *s)
{
	before_value(w);
	put_string(w->fp, s, 0);
}

void json_text(json_w *w, const char *s)
{
	before_value(w);
	put_string(w->fp, s, 1);
}

void json_uint(json_w *w, unsigned long long v)
{
	before_value(w);
	fprintf(w->fp, "%llu", v);
}

void json_int(json_w *w, long long v)
{
	before_value(w);
	fprintf(w->fp, "%lld", v);
}

void json_number(json_w *w, double v, int decimals)
{
	before_value(w);
	if (isfinite(v))
		fprintf(w->fp, "%.*f", decimals, v);
	else
		fputs("null", w->fp);
}

void json_bool(json_w *w, int v)
{
	before_value(w);
	fputs(v ? "true" : "false", w->fp);
}

void json_null(json_w *w)
{
	before_value(w);
	fputs("null", w->fp);
}

void json_kstring(json_w *w, const char *k, const char *s) { json_key(w, k); json_string(w, s); }
void json_ktext(json_w *w, const char *k, const char *s) { json_key(w, k); json_text(w, s); }
void json_kuint(json_w *w, const char *k, unsigned long long v) { json_key(w, k); json_uint(w, v); }
void json_knumber(json_w *w, const char *k, double v, int decimals) { json_key(w, k); json_number(w, v, decimals); }
void json_kbool(json_w *w, const char *k, int v) { json_key(w, k); json_bool(w, v); }

void json_kyear(json_w *w, const char *k, const char *year)
{
	json_key(w, k);
	if (year && *year)
		json_int(w, atoi(year));
	else
		json_null(w);
}
