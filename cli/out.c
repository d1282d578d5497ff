/* out.c - output helpers (see out.h). */
#include "out.h"

#include <stdlib.h>
#include <string.h>

#include "lexfrag.h"

void out_json_str(FILE *fp, const char *s, int marks)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', fp);
	for (; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		case LF_MARK_START: if (marks) fputs("<mark>", fp); break;
		case LF_MARK_END: if (marks) fputs("</mark>", fp); break;
		default:
			if (*p < 0x20)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

void out_csv_field(FILE *fp, const char *s)
{
	const char *p;
	int quote;

	s = s ? s : "";
	quote = strpbrk(s, ",\"\n\r") != NULL;
	if (quote)
		fputc('"', fp);
	for (p = s; *p; p++) {
		if (*p == LF_MARK_START || *p == LF_MARK_END)
			continue;
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
}

void out_snippet(FILE *fp, const char *s, int color)
{
	for (; s && *s; s++) {
		if (*s == LF_MARK_START) {
			if (color)
				fputs("\033[1m", fp);
		} else if (*s == LF_MARK_END) {
			if (color)
				fputs("\033[0m", fp);
		} else {
			fputc(*s, fp);
		}
	}
}

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
	out_csv_field(fp, buf);
	fputc(',', fp);
	o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < nlayers && o + 80 < sizeof buf; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? ";" : "", layers[i]);
	out_csv_field(fp, buf);
}

void out_risks_text(FILE *fp, const char *indent, const lf_risk *r, size_t n,
                    const char *const *layers, size_t nlayers)
{
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%s%-22s %.2f  %u provision%s%s\n", indent, r[i].category, r[i].score,
		        r[i].provisions, r[i].provisions == 1 ? "" : "s",
		        r[i].tagged ? "" : "  (below the threshold: not tagged)");
	if (nlayers) {
		fprintf(fp, "%slayers:", indent);
		for (size_t i = 0; i < nlayers; i++)
			fprintf(fp, " %s", layers[i]);
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
