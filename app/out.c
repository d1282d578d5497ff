/* out.c - output helpers (see out.h). */
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

/* ------------------------------------------------------------- JSON */

void out_json_str(FILE *fp, const char *s, int marks)
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
			if (is_control(cp))
				fprintf(fp, "\\u%04x", cp);
			else
				fwrite(p, 1, (size_t)k, fp);
		}
		p += k;
	}
	fputc('"', fp);
}

/* -------------------------------------------------------------- CSV */

/* Does a spreadsheet read a cell that starts with c as a formula?  OWASP's
 * list: = + - @, and tab and CR, which some applications skip before one. */
static int formula_start(unsigned char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void out_csv_field(FILE *fp, const char *s, int raw)
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

/* ------------------------------------------------- objects and lines */

void out_json_risks(FILE *fp, const lf_risk *r, size_t n, const char *const *layers, size_t nlayers)
{
	size_t k = 0;

	fputs(",\"risks\":{", fp);
	for (size_t i = 0; i < n; i++) {
		if (!r[i].tagged)
			continue;
		if (k++)
			fputc(',', fp);
		out_json_str(fp, r[i].category, 0);
		fprintf(fp, ":%.3f", r[i].score);
	}
	fputs("},\"layers\":[", fp);
	for (size_t i = 0; i < nlayers; i++) {
		if (i)
			fputc(',', fp);
		out_json_str(fp, layers[i], 0);
	}
	fputc(']', fp);
}

void out_csv_risks(FILE *fp, const lf_risk *r, size_t n, const char *const *layers, size_t nlayers)
{
	char buf[2048];
	size_t o = 0;

	buf[0] = 0;
	for (size_t i = 0; i < n && o + 80 < sizeof buf; i++)
		if (r[i].tagged)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s:%.3f", o ? ";" : "", r[i].category,
			                      r[i].score);
	out_csv_field(fp, buf, 0);
	fputc(',', fp);
	o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < nlayers && o + 80 < sizeof buf; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? ";" : "", layers[i]);
	out_csv_field(fp, buf, 0);
}

void out_risks_text(FILE *fp, const char *indent, const lf_risk *r, size_t n,
                    const char *const *layers, size_t nlayers)
{
	for (size_t i = 0; i < n; i++)
		out_printf(fp, "%s%-22s %.2f  %u provision%s%s\n", indent, r[i].category, r[i].score,
		        r[i].provisions, r[i].provisions == 1 ? "" : "s",
		        r[i].tagged ? "" : "  (below the threshold: not tagged)");
	if (nlayers) {
		out_printf(fp, "%slayers:", indent);
		for (size_t i = 0; i < nlayers; i++)
			out_printf(fp, " %s", layers[i]);
		fputc('\n', fp);
	}
}

void out_json_evidence(FILE *fp, const lf_evidence *e, size_t n)
{
	fputs(",\"evidence\":[", fp);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",{\"category\":" : "{\"category\":", fp);
		out_json_str(fp, e[i].category, 0);
		fprintf(fp, ",\"strength\":%.3f", e[i].strength);
		fputs(",\"provision\":", fp); out_json_str(fp, e[i].prov_id, 0);
		fputs(",\"label\":", fp); out_json_str(fp, e[i].label, 0);
		fputs(",\"rule\":", fp); out_json_str(fp, e[i].rule, 0);
		fputs(",\"spans\":", fp); out_json_str(fp, e[i].spans, 0);
		fputs(",\"text\":", fp); out_json_str(fp, e[i].excerpt, 1);
		fputc('}', fp);
	}
	fputc(']', fp);
}

void out_hit_json(FILE *fp, const lf_hit *h)
{
	size_t i;

	fputs("{\"id\":", fp); out_json_str(fp, h->id, 0);
	fputs(",\"path\":", fp); out_json_str(fp, h->path, 0);
	fputs(",\"title\":", fp); out_json_str(fp, h->title, 0);
	fputs(",\"short_title\":", fp); out_json_str(fp, h->short_title, 0);
	fputs(",\"jurisdiction\":", fp); out_json_str(fp, h->jurisdiction, 0);
	fputs(",\"language\":", fp); out_json_str(fp, h->language, 0);
	fputs(",\"source_format\":", fp); out_json_str(fp, h->format, 0);
	if (*h->year)
		fprintf(fp, ",\"year\":%d", atoi(h->year));
	else
		fputs(",\"year\":null", fp);
	fputs(",\"date\":", fp); out_json_str(fp, h->date, 0);
	fprintf(fp, ",\"score\":%.4f", h->score);
	fputs(",\"snippet\":", fp); out_json_str(fp, h->snippet, 1);
	out_json_risks(fp, h->risks, h->nrisks, h->layers, h->nlayers);
	fputs(",\"provisions\":[", fp);
	for (i = 0; i < h->nprovs; i++) {
		const lf_hit_prov *p = &h->provs[i];
		fputs(i ? ",{\"id\":" : "{\"id\":", fp); out_json_str(fp, p->id, 0);
		fputs(",\"label\":", fp); out_json_str(fp, p->label, 0);
		fputs(",\"heading\":", fp); out_json_str(fp, p->heading, 0);
		fputs(",\"kind\":", fp); out_json_str(fp, p->kind, 0);
		fprintf(fp, ",\"score\":%.4f", p->score);
		fputs(",\"snippet\":", fp); out_json_str(fp, p->snippet, 1);
		fputc('}', fp);
	}
	fputs("]}", fp);
}


void out_law_json(FILE *fp, const lf_law_view *v, int toc_only)
{
	size_t i;

	fputs("{\"id\":", fp); out_json_str(fp, v->id, 0);
	fputs(",\"metadata\":{", fp);
	for (i = 0; i < v->nfields; i++) {
		if (i) fputc(',', fp);
		out_json_str(fp, v->fields[i].name, 0);
		fputs(":{\"value\":", fp); out_json_str(fp, v->fields[i].value, 0);
		fputs(",\"source\":", fp); out_json_str(fp, v->fields[i].source, 0);
		fputc('}', fp);
	}
	fputc('}', fp);
	out_json_risks(fp, v->risks, v->nrisks, v->layers, v->nlayers);
	out_json_evidence(fp, v->evidence, v->nevidence);
	fputs(",\"preface\":", fp); out_json_str(fp, v->preface, 0);
	fputs(",\"toc\":[", fp);
	for (i = 0; i < v->ntoc; i++) {
		const lf_toc_view *t = &v->toc[i];
		fprintf(fp, "%s{\"depth\":%d,\"kind\":", i ? "," : "", t->depth);
		out_json_str(fp, t->kind, 0);
		fputs(",\"id\":", fp); out_json_str(fp, t->id, 0);
		fputs(",\"label\":", fp); out_json_str(fp, t->label, 0);
		fputs(",\"heading\":", fp); out_json_str(fp, t->heading, 0);
		fputc('}', fp);
	}
	fputs("],\"provisions\":[", fp);
	for (i = 0; i < v->nunits; i++) {
		const lf_unit_view *u = &v->units[i];
		fputs(i ? ",{\"id\":" : "{\"id\":", fp); out_json_str(fp, u->id, 0);
		fputs(",\"kind\":", fp); out_json_str(fp, u->kind, 0);
		fputs(",\"label\":", fp); out_json_str(fp, u->label, 0);
		fputs(",\"heading\":", fp); out_json_str(fp, u->heading, 0);
		fputs(",\"path\":", fp); out_json_str(fp, u->path, 0);
		if (!toc_only) {
			fputs(",\"text\":", fp);
			out_json_str(fp, u->text, 0);
		}
		fputc('}', fp);
	}
	fputs("]}", fp);
}

void out_shards_json(FILE *fp, const lf_stats *s)
{
	fprintf(fp, ",\"remote_shards\":%u,\"shards_down\":%u,\"shard_list\":[", s->remote_shards, s->shards_down);
	for (unsigned i = 0; i < s->shards; i++) {
		const lf_shard_stats *t = &s->shard[i];
		fputs(i ? ",{\"name\":" : "{\"name\":", fp);
		out_json_str(fp, t->name, 0);
		fprintf(fp, ",\"remote\":%s,\"up\":%s,\"reason\":", t->remote ? "true" : "false",
		        t->up ? "true" : "false");
		out_json_str(fp, t->reason, 0);
		fprintf(fp, ",\"laws\":%u,\"provisions\":%u,\"taxonomy\":", t->laws, t->provisions);
		out_json_str(fp, t->taxonomy, 0);
		fputs(",\"shard_of\":", fp);
		out_json_str(fp, t->shard_of, 0);
		fputs(",\"bytes\":", fp);
		if (t->remote)
			fputs("null}", fp);
		else
			fprintf(fp, "%llu}", (unsigned long long)t->bytes);
	}
	fputc(']', fp);
}

void out_shards_down_json(FILE *fp, const lf_db *db)
{
	const char *const *names;
	size_t n = lf_db_shards_down(db, &names);

	fputs(",\"shards_down\":[", fp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', fp);
		out_json_str(fp, names[i], 0);
	}
	fputc(']', fp);
}

void out_similar_draft_json(FILE *fp, const lf_similar_results *res, const lf_draft_info *di)
{
	const lf_tagged_law *t = di->tags;

	fputs("{\"title\":", fp); out_json_str(fp, di->title, 0);
	fputs(",\"language\":", fp); out_json_str(fp, di->language, 0);
	fprintf(fp, ",\"units\":%zu,\"tokens\":%zu,\"partial\":%s", di->units, res->draft_tokens,
	        res->partial ? "true" : "false");
	out_json_risks(fp, t->risks, t->nrisks, t->layers, t->nlayers);
	out_json_evidence(fp, t->evidence, t->nevidence);
	fputc('}', fp);
}

void out_similar_hit_json(FILE *fp, const lf_similar_hit *h)
{
	fputs("{\"id\":", fp); out_json_str(fp, h->id, 0);
	fputs(",\"path\":", fp); out_json_str(fp, h->path, 0);
	fputs(",\"title\":", fp); out_json_str(fp, h->title, 0);
	fputs(",\"jurisdiction\":", fp); out_json_str(fp, h->jurisdiction, 0);
	fputs(",\"language\":", fp); out_json_str(fp, h->language, 0);
	if (*h->year)
		fprintf(fp, ",\"year\":%d", atoi(h->year));
	else
		fputs(",\"year\":null", fp);
	fprintf(fp, ",\"score\":%.4f,\"near_duplicate\":%s", h->score, h->near_duplicate ? "true" : "false");
	out_json_risks(fp, h->risks, h->nrisks, h->layers, h->nlayers);
	fputs(",\"passages\":[", fp);
	for (size_t k = 0; k < h->npassages; k++) {
		const lf_passage *p = &h->passages[k];
		fputs(k ? ",{\"label\":" : "{\"label\":", fp); out_json_str(fp, p->label, 0);
		fputs(",\"provision\":", fp); out_json_str(fp, p->prov_id, 0);
		fputs(",\"heading\":", fp); out_json_str(fp, p->heading, 0);
		fputs(",\"text\":", fp); out_json_str(fp, p->text, 1);
		fputs(",\"draft_label\":", fp); out_json_str(fp, p->draft_label, 0);
		fputs(",\"draft_text\":", fp); out_json_str(fp, p->draft_text, 1);
		fprintf(fp, ",\"score\":%.2f,\"matched\":%u}", p->score, p->matched);
	}
	fputs("]}", fp);
}
