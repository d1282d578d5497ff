/*
 * pages.c - the HTML pages of 'lexfrag serve': search with facets, a law,
 * similar laws for a draft, the corpus as SVG charts, and the one script.
 * Every text from a law or a request is HTML-escaped (web_html).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "app/out.h"
#include "web/web.h"
#include "web/web_int.h"

/* ------------------------------------------------------------- helpers */

/* HTML text: escaped, match marks (STX/ETX) as <mark>. */
void web_html(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		case '\x02': fputs("<mark>", fp); break;
		case '\x03': fputs("</mark>", fp); break;
		default: fputc(*s, fp);
		}
	}
}

/* A URL component, percent-encoded. */
void web_url(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			fputc(c, fp);
		else
			fprintf(fp, "%%%02X", c);
	}
}
/* ---------------------------------------------------------------- pages */

/* The top of every page; a warning when shards of the database are down
 * (serve --allow-partial): the answers below come from the others. */
static void page_head(FILE *fp, lf_db *db, const char *title)
{
	const char *const *down;
	size_t ndown = lf_db_shards_down(db, &down);

	fputs("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>", fp);
	web_html(fp, title);
	fputs(" - lexfrag</title><style>"
	      "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:70em;padding:0 1em;line-height:1.45}"
	      "nav a{margin-right:1em}mark{background:#ffe58a}.risk{display:inline-block;border:1px solid #a33;"
	      "color:#a33;border-radius:3px;padding:0 .3em;margin:.1em;font-size:.85em}"
	      ".facets{display:flex;flex-wrap:wrap;gap:1em}.facets fieldset{min-width:12em}"
	      ".warn{background:#fde8e8;border:1px solid #a33;padding:.3em .6em}.hit{border-top:1px solid #ddd;padding:.5em 0}.meta{color:#555;font-size:.9em}"
	      ".side{display:flex;flex-wrap:wrap;gap:1em}.side>div{flex:1 1 20em;background:#f6f6f6;padding:.5em}"
	      "label{display:inline-block;margin:.2em .5em .2em 0}input[type=text],textarea{width:100%;box-sizing:border-box}"
	      "</style><script src=\"/lexfrag.js\" defer></script></head><body><nav aria-label=\"main\"><a href=\"/\">Search</a><a href=\"/similar\">Similar laws</a>"
	      "<a href=\"/stats\">Corpus</a></nav><main>", fp);
	if (ndown) {
		fputs("<p class=\"warn\" role=\"alert\">Partial answers: ", fp);
		for (size_t i = 0; i < ndown; i++) {
			fputs(i ? ", " : "", fp);
			web_html(fp, down[i]);
		}
		fprintf(fp, " %s down; what follows comes from the other shards.</p>", ndown > 1 ? "are" : "is");
	}
}

/* The pages' only script, served as /lexfrag.js (the Content-Security-Policy
 * allows scripts from this server only, none inline).  Everything works
 * without it; with it, ticking a facet or changing the order applies it at
 * once, '/' jumps to the search box, and a form being sent says so and
 * cannot be sent twice.  It marks <html class="js"> last, so a page where it
 * failed shows no mark. */
static const char script[] =
	"'use strict';\n"
	"(function () {\n"
	"  var search = document.querySelector('form[role=search]');\n"
	"  if (search) {\n"
	"    search.addEventListener('change', function (e) {\n"
	"      var t = e.target;\n"
	"      if (t.type === 'checkbox' || t.tagName === 'SELECT') {\n"
	"        var off = search.querySelector('input[name=offset]');\n"
	"        if (off) off.value = '0';\n"
	"        if (search.requestSubmit) search.requestSubmit(); else search.submit();\n"
	"      }\n"
	"    });\n"
	"  }\n"
	"  document.addEventListener('keydown', function (e) {\n"
	"    var q = document.getElementById('q');\n"
	"    var tag = document.activeElement && document.activeElement.tagName;\n"
	"    if (e.key === '/' && q && tag !== 'INPUT' && tag !== 'TEXTAREA' && tag !== 'SELECT') {\n"
	"      e.preventDefault();\n"
	"      q.focus();\n"
	"    }\n"
	"  });\n"
	"  Array.prototype.forEach.call(document.querySelectorAll('form'), function (f) {\n"
	"    f.addEventListener('submit', function () {\n"
	"      var b = f.querySelector('button[type=submit]');\n"
	"      if (b) { b.disabled = true; b.textContent = 'Working\\u2026'; }\n"
	"      f.setAttribute('aria-busy', 'true');\n"
	"    });\n"
	"  });\n"
	"  document.documentElement.classList.add('js');\n"
	"})();\n";

void page_script(web_reply *r)
{
	r->status = 200;
	r->type = "text/javascript; charset=utf-8";
	r->body = malloc(sizeof script);
	if (r->body) {
		memcpy(r->body, script, sizeof script - 1);
		r->n = sizeof script - 1;
	} else {
		r->status = 500;
	}
}

static void page_tail(FILE *fp)
{
	fputs("</main></body></html>\n", fp);
}

static void risk_badges(FILE *fp, const lf_risk *rk, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs("<span class=\"risk\">", fp);
		web_html(fp, rk[i].category);
		fprintf(fp, " %.2f</span>", rk[i].score);
	}
}

/* The current search's arguments as a query string, without key skip. */
static void same_args(FILE *fp, const web_args *a, const char *skip)
{
	int first = 1;

	for (size_t i = 0; i < a->n; i++) {
		if (skip && !strcmp(a->key[i], skip))
			continue;
		fputs(first ? "" : "&amp;", fp);
		web_url(fp, a->key[i]);
		fputc('=', fp);
		web_url(fp, a->val[i]);
		first = 0;
	}
}

void page_search(lf_db *db, const web_config *cfg, const web_args *a, web_reply *r)
{
	web_search_req q;
	lf_results *res = NULL;
	lf_stats *st = NULL;
	const char *bad = NULL, *qtext = web_arg(a, "q");
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp = web_body(r, "/", &buf, &n);
	int rc = 0, searched = 0;

	if (!fp)
		return;
	/* the arguments are checked even when nothing is searched (a lone
	 * offset=-1 is as wrong as one beside a query): the page says why */
	if (web_parse_search(a, &q, &bad) != 0)
		r->status = 400;
	else
		bad = NULL;
	/* the search first: its facets count its matches */
	if ((qtext && *qtext) || web_has_arg(a, "risk") || web_has_arg(a, "jurisdiction") || web_has_arg(a, "lang") ||
	    web_has_arg(a, "layer") || web_arg(a, "from") || web_arg(a, "to")) {
		searched = 1;
		if (!bad) {
			q.so.facets = 1;
			q.so.thesaurus = cfg->thesaurus;
			rc = lf_search(db, &q.so, &res, &err);
		}
	}
	page_head(fp, db, qtext && *qtext ? qtext : "Search");
	fputs("<h1>Search the laws</h1><form method=\"get\" action=\"/\" role=\"search\">"
	      "<label for=\"q\">Query (Xapian syntax; risk concepts in any language)</label>"
	      "<input type=\"text\" id=\"q\" name=\"q\" value=\"", fp);
	web_html(fp, qtext ? qtext : "");
	fputs("\"><div class=\"facets\">", fp);
	if ((searched && !rc && res) || lf_stats_get(db, &st, &err) == 0) {
		int own = searched && !rc && res; /* counts of the matches, else of the corpus */
		struct {
			const char *key, *legend;
			const lf_count *c;
			size_t n;
		} f[4] = {{"jurisdiction", "Jurisdiction", own ? res->by_jurisdiction : st->by_jurisdiction,
		           own ? res->njurisdiction : st->njurisdiction},
		          {"lang", "Language", own ? res->by_language : st->by_language, own ? res->nlanguage : st->nlanguage},
		          {"risk", "Risk category", own ? res->by_risk : st->by_risk, own ? res->nrisk : st->nrisk},
		          {"layer", "Layer", own ? res->by_layer : st->by_layer, own ? res->nlayer : st->nlayer}};
		for (int k = 0; k < 4; k++) {
			fprintf(fp, "<fieldset><legend>%s</legend>", f[k].legend);
			for (size_t i = 0; i < f[k].n && i < 40; i++) {
				const char *sel[16];
				size_t ns = web_args_all(a, f[k].key, sel, 16), j;
				for (j = 0; j < ns && strcmp(sel[j], f[k].c[i].key); j++)
					;
				fprintf(fp, "<label><input type=\"checkbox\" name=\"%s\" value=\"", f[k].key);
				web_html(fp, f[k].c[i].key);
				fprintf(fp, "\"%s> ", j < ns ? " checked" : "");
				web_html(fp, f[k].c[i].key);
				fprintf(fp, " (%u)</label>", f[k].c[i].n);
			}
			fputs("</fieldset>", fp);
		}
		if (own && res->nyear) {
			/* the year histogram: a bar per year, each a link to that year */
			unsigned max = 1;
			for (size_t i = 0; i < res->nyear; i++)
				if (res->by_year[i].n > max)
					max = res->by_year[i].n;
			fprintf(fp, "<fieldset><legend>Years</legend><svg role=\"img\" aria-label=\"Matching laws by year\" "
			            "width=\"100%%\" height=\"60\" viewBox=\"0 0 %zu 60\" xmlns=\"http://www.w3.org/2000/svg\">",
			        res->nyear * 12);
			for (size_t i = 0; i < res->nyear; i++) {
				unsigned h = 50 * res->by_year[i].n / max + 1;
				fputs("<a href=\"/?from=", fp);
				web_url(fp, res->by_year[i].key);
				fputs("&amp;to=", fp);
				web_url(fp, res->by_year[i].key);
				fputs("&amp;", fp);
				same_args(fp, a, "offset");
				fprintf(fp, "\"><rect x=\"%zu\" y=\"%u\" width=\"10\" height=\"%u\" fill=\"#4a7\"><title>", i * 12,
				        55 - h, h);
				web_html(fp, res->by_year[i].key);
				fprintf(fp, ": %u</title></rect></a>", res->by_year[i].n);
			}
			fputs("</svg></fieldset>", fp);
		}
		lf_stats_free(st);
	}
	fputs("<fieldset><legend>Years and order</legend><label>From <input name=\"from\" size=\"5\" value=\"", fp);
	web_html(fp, web_arg(a, "from") ? web_arg(a, "from") : "");
	fputs("\"></label><label>To <input name=\"to\" size=\"5\" value=\"", fp);
	web_html(fp, web_arg(a, "to") ? web_arg(a, "to") : "");
	fputs("\"></label><label>Sort <select name=\"by\">", fp);
	for (int k = 0; k < 3; k++) {
		static const char *const by[] = {"relevance", "risk", "date"};
		fprintf(fp, "<option%s>%s</option>", web_arg(a, "by") && !strcmp(web_arg(a, "by"), by[k]) ? " selected" : "", by[k]);
	}
	fputs("</select></label></fieldset></div><button type=\"submit\">Search</button></form>", fp);
	if (bad) {
		fputs("<p role=\"alert\">", fp);
		web_html(fp, bad);
		fputs("</p>", fp);
	} else if (searched && rc) {
		r->status = web_status_of(rc);
		r->code = rc;
		fputs("<p role=\"alert\">", fp);
		web_html(fp, err.msg);
		fputs("</p>", fp);
	} else if (searched) {
		fprintf(fp, "<p>About %u laws match; showing %u-%zu. Download: ", res->estimate, q.so.offset + 1,
		        q.so.offset + res->nhits);
		for (int k = 0; k < 3; k++) {
			static const char *const fm[] = {"csv", "jsonl", "sqlite"};
			fprintf(fp, "<a href=\"/export?format=%s&amp;", fm[k]);
			same_args(fp, a, "offset");
			fprintf(fp, "\">%s</a> ", fm[k]);
		}
		fputs("</p>", fp);
		if (res->nconcepts) {
			fputs("<p>Concept:", fp);
			for (size_t i = 0; i < res->nconcepts; i++) {
				fputc(' ', fp);
				web_html(fp, res->concepts[i]);
			}
			fputs(" (laws tagged with it match in every language)</p>", fp);
		}
		if (res->query_lang) {
			/* one line: what was searched where */
			fputs("<p class=\"translations\">Searched as written in ", fp);
			web_html(fp, res->query_lang);
			if (res->ntranslations) {
				fputs("; translated:", fp);
				for (size_t i = 0; i < res->ntranslations; i++) {
					fputs(i ? ", <span lang=\"" : " <span lang=\"", fp);
					web_html(fp, res->translation_langs[i]);
					fputs("\">", fp);
					web_html(fp, res->translation_langs[i]);
					fputs(" \xE2\x80\x9C", fp);
					web_html(fp, res->translations[i]);
					fputs("\xE2\x80\x9D</span>", fp);
				}
			} else {
				fputs("; no translation into the index's other languages is known", fp);
			}
			fputs(" (<a href=\"/?no_translate=1&amp;", fp);
			same_args(fp, a, "no_translate");
			fputs("\">search as written everywhere</a>)</p>", fp);
		}
		for (size_t i = 0; i < res->nhits; i++) {
			const lf_hit *h = &res->hits[i];
			fputs("<article class=\"hit\"><h2><a href=\"/law/", fp);
			web_url(fp, h->id);
			fputs("\">", fp);
			web_html(fp, *h->title ? h->title : h->id);
			fputs("</a></h2><div class=\"meta\">", fp);
			web_html(fp, h->jurisdiction);
			fputs(" | ", fp);
			web_html(fp, h->language);
			fputs(" | ", fp);
			web_html(fp, h->year);
			fputs(" | ", fp);
			web_html(fp, h->format);
			fputs("</div><div>", fp);
			risk_badges(fp, h->risks, h->nrisks);
			fputs("</div>", fp);
			for (size_t k = 0; k < h->nprovs; k++) {
				fputs("<p><a href=\"/law/", fp);
				web_url(fp, h->id);
				fputs("#", fp);
				web_url(fp, h->provs[k].id);
				fputs("\">", fp);
				web_html(fp, *h->provs[k].label ? h->provs[k].label : h->provs[k].id);
				if (*h->provs[k].heading) {
					fputs(" \xe2\x80\x94 ", fp); /* an em dash, as the text output has it */
					web_html(fp, h->provs[k].heading);
				}
				fputs("</a> ", fp);
				web_html(fp, h->provs[k].snippet);
				fputs("</p>", fp);
			}
			if (!h->nprovs && *h->snippet) {
				fputs("<p>", fp);
				web_html(fp, h->snippet);
				fputs("</p>", fp);
			}
			fputs("</article>", fp);
		}
		if (q.so.offset + res->nhits < res->estimate) {
			fprintf(fp, "<p><a rel=\"next\" href=\"/?offset=%u&amp;", q.so.offset + (unsigned)res->nhits);
			same_args(fp, a, "offset");
			fputs("\">Next page</a></p>", fp);
		}
		lf_results_free(res);
	}
	page_tail(fp);
	web_finish(r, "/", fp, &buf, &n);
}

void page_law(lf_db *db, const char *id, web_reply *r)
{
	lf_law_view *v = NULL;
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if ((rc = lf_show(db, id, &v, &err)) != 0) {
		web_fail(r, "/law/", rc, err.msg);
		return;
	}
	if (!(fp = web_body(r, "/", &buf, &n))) {
		lf_law_view_free(v);
		return;
	}
	{
		const char *title = v->id;
		for (size_t i = 0; i < v->nfields; i++)
			if (!strcmp(v->fields[i].name, "title"))
				title = v->fields[i].value;
		page_head(fp, db, title);
		fputs("<h1>", fp);
		web_html(fp, title);
		fputs("</h1>", fp);
	}
	fputs("<dl>", fp);
	for (size_t i = 0; i < v->nfields; i++) {
		fputs("<dt>", fp);
		web_html(fp, v->fields[i].name);
		fputs("</dt><dd>", fp);
		web_html(fp, v->fields[i].value);
		if (*v->fields[i].source) {
			fputs(" <small>(from ", fp);
			web_html(fp, v->fields[i].source);
			fputs(")</small>", fp);
		}
		fputs("</dd>", fp);
	}
	fputs("</dl><h2>Risks</h2><div>", fp);
	for (size_t i = 0, k = 0; i < v->nrisks; i++)
		if (v->risks[i].tagged) {
			risk_badges(fp, &v->risks[i], 1);
			k++;
		}
	fputs("</div><ul>", fp);
	for (size_t i = 0; i < v->nevidence; i++) {
		const lf_evidence *e = &v->evidence[i];
		fputs("<li>", fp);
		web_html(fp, e->category);
		fputs(" in <a href=\"#", fp);
		web_url(fp, e->prov_id);
		fputs("\">", fp);
		web_html(fp, *e->label ? e->label : e->prov_id);
		fprintf(fp, "</a> (strength %.2f, rule ", e->strength);
		web_html(fp, e->rule);
		fputs("): ", fp);
		web_html(fp, e->excerpt);
		fputs("</li>", fp);
	}
	fputs("</ul><h2>Contents</h2><nav aria-label=\"contents\"><ul>", fp);
	for (size_t i = 0; i < v->ntoc; i++) {
		const lf_toc_view *t = &v->toc[i];
		if (t->depth > 3)
			continue;
		fprintf(fp, "<li style=\"margin-left:%dem\"><a href=\"#", t->depth);
		web_url(fp, t->id);
		fputs("\">", fp);
		web_html(fp, *t->label ? t->label : t->kind);
		if (*t->heading) {
			fputs(" - ", fp);
			web_html(fp, t->heading);
		}
		fputs("</a></li>", fp);
	}
	fputs("</ul></nav>", fp);
	for (size_t i = 0; i < v->nunits; i++) {
		const lf_unit_view *u = &v->units[i];
		fputs("<section id=\"", fp);
		web_html(fp, u->id);
		fputs("\"><h3>", fp);
		web_html(fp, *u->label ? u->label : u->kind);
		if (*u->heading) {
			fputs(" - ", fp);
			web_html(fp, u->heading);
		}
		fputs("</h3>", fp);
		for (size_t k = 0; k < v->nevidence; k++)
			if (!strcmp(v->evidence[k].prov_id, u->id)) {
				fputs("<p><span class=\"risk\">", fp);
				web_html(fp, v->evidence[k].category);
				fputs("</span> ", fp);
				web_html(fp, v->evidence[k].excerpt);
				fputs("</p>", fp);
			}
		fputs("<p>", fp);
		web_html(fp, u->text);
		fputs("</p></section>", fp);
	}
	page_tail(fp);
	web_finish(r, "/", fp, &buf, &n);
	lf_law_view_free(v);
}

void page_similar(lf_db *db, const web_config *cfg, const web_args *a, const char *b, size_t bn,
                         const char *ctype, int post, web_reply *r)
{
	size_t n = 0, tn = 0;
	const char *g = web_arg(a, "draft");
	/* POSTed by the form, or a short draft in the link (?draft=...); its
	 * length counted, not taken by strlen: an uploaded file may be gzip */
	char *text = post ? web_draft_text(b, bn, ctype, &tn) : g && *g ? strdup(g) : NULL, *buf;
	lf_draft *d = NULL;
	lf_similar_results *res = NULL;
	lf_draft_info di;
	lf_err err;
	FILE *fp = web_body(r, "/", &buf, &n);
	int rc = 0;

	if (!fp) {
		free(text);
		return;
	}
	page_head(fp, db, "Similar laws");
	fputs("<h1>Which laws does a draft copy?</h1><form method=\"post\" action=\"/similar\" "
	      "enctype=\"multipart/form-data\">"
	      "<label for=\"draft\">Paste the draft bill (plain text, numbered paragraphs)</label>"
	      "<textarea id=\"draft\" name=\"draft\" rows=\"12\">", fp);
	web_html(fp, text ? text : "");
	fputs("</textarea><label for=\"file\">or upload it (any format lexfrag reads: text, HTML, Akoma Ntoso, "
	      "USLM, Formex...)</label> <input type=\"file\" id=\"file\" name=\"file\"> "
	      "<button type=\"submit\">Find similar laws</button></form>", fp);
	if (text && *text) {
		rc = web_run_similar(db, cfg->max_draft, text, post ? tn : strlen(text), web_arg(a, "lang"), &d, &res, &err);
		if (rc) {
			r->status = web_status_of(rc);
			r->code = rc;
			fputs("<p role=\"alert\">", fp);
			web_html(fp, err.msg);
			fputs("</p>", fp);
		} else {
			lf_draft_describe(d, &di);
			fprintf(fp, "<h2>The draft</h2><p>%zu provisions, %zu words; its risks: ", di.units, res->draft_tokens);
			risk_badges(fp, di.tags->risks, di.tags->nrisks);
			fputs("</p>", fp);
			if (res->partial)
				fputs("<p role=\"status\">The draft is too large to compare in full: the weakest candidates "
				      "were not aligned, so the list below may miss laws.</p>", fp);
			if (!res->nhits)
				fputs("<p>No law reuses this draft.</p>", fp);
			for (size_t i = 0; i < res->nhits; i++) {
				const lf_similar_hit *h = &res->hits[i];
				fputs("<article class=\"hit\"><h2><a href=\"/law/", fp);
				web_url(fp, h->id);
				fputs("\">", fp);
				web_html(fp, *h->title ? h->title : h->id);
				fprintf(fp, "</a></h2><p class=\"meta\">score %.2f (%.0f%% of the draft)%s</p>", h->score,
				        100 * h->score, h->near_duplicate ? " - near-duplicate: the draft's own text" : "");
				for (size_t k = 0; k < h->npassages; k++) {
					const lf_passage *p = &h->passages[k];
					fputs("<div class=\"side\"><div><strong>Draft ", fp);
					web_html(fp, *p->draft_label ? p->draft_label : p->draft_id);
					fputs("</strong><br>", fp);
					web_html(fp, p->draft_text);
					fputs("</div><div><strong>", fp);
					web_html(fp, *p->label ? p->label : p->prov_id);
					fprintf(fp, "</strong> (score %.1f%s)<br>", p->score,
					        p->translated ? ", translated: aligned on the translation of the draft's words" : "");
					web_html(fp, p->text);
					fputs("</div></div>", fp);
				}
				fputs("</article>", fp);
			}
		}
	}
	page_tail(fp);
	web_finish(r, "/", fp, &buf, &n);
	free(text);
	lf_similar_results_free(res);
	lf_draft_free(d);
}

/* A horizontal bar chart, as SVG drawn here. */
static void svg_bars(FILE *fp, const char *title, const lf_count *c, size_t n)
{
	unsigned max = 1;
	size_t rows = n < 30 ? n : 30;

	for (size_t i = 0; i < rows; i++)
		if (c[i].n > max)
			max = c[i].n;
	fprintf(fp, "<figure><figcaption>%s</figcaption><svg role=\"img\" aria-label=\"%s\" width=\"100%%\" "
	            "viewBox=\"0 0 600 %zu\" xmlns=\"http://www.w3.org/2000/svg\">",
	        title, title, rows * 22 + 4);
	for (size_t i = 0; i < rows; i++) {
		unsigned w = (unsigned)(380.0 * c[i].n / max);
		fprintf(fp, "<text x=\"0\" y=\"%zu\" font-size=\"13\">", i * 22 + 16);
		web_html(fp, c[i].key);
		fprintf(fp, "</text><rect x=\"170\" y=\"%zu\" width=\"%u\" height=\"16\" fill=\"#4a7\"/>"
		            "<text x=\"%u\" y=\"%zu\" font-size=\"13\">%u</text>",
		        i * 22 + 3, w, 175 + w, i * 22 + 16, c[i].n);
	}
	fputs("</svg></figure>", fp);
}

/* A category x column heat table as SVG: rows the risk categories, columns
 * the keys of cols (jurisdictions, years), a cell's shade and number the
 * laws carrying the category in that column.  counts[c] are category c's
 * facet counts, keyed like cols. */
static void svg_heat(FILE *fp, const char *title, const char *const *cats, size_t ncats, const lf_count *cols,
                     size_t ncols, lf_results *const *counts)
{
	unsigned max = 1;
	const int cw = 34, ch = 20, left = 170, top = 44;

	if (ncols > 40)
		ncols = 40;
	for (size_t c = 0; c < ncats; c++)
		for (size_t k = 0; counts[c] && k < counts[c]->njurisdiction + counts[c]->nyear; k++) {
			const lf_count *v = k < counts[c]->njurisdiction ? &counts[c]->by_jurisdiction[k]
			                                                  : &counts[c]->by_year[k - counts[c]->njurisdiction];
			if (v->n > max)
				max = v->n;
		}
	fprintf(fp, "<figure><figcaption>%s</figcaption><svg role=\"img\" aria-label=\"%s\" width=\"100%%\" "
	            "viewBox=\"0 0 %zu %zu\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">",
	        title, title, (size_t)left + ncols * cw + 4, (size_t)top + ncats * ch + 4);
	for (size_t k = 0; k < ncols; k++) {
		fprintf(fp, "<text x=\"%zu\" y=\"%d\" transform=\"rotate(-45 %zu %d)\">", left + k * cw + 4, top - 4,
		        left + k * cw + 4, top - 4);
		web_html(fp, cols[k].key);
		fputs("</text>", fp);
	}
	for (size_t c = 0; c < ncats; c++) {
		fprintf(fp, "<text x=\"0\" y=\"%zu\">", top + c * ch + 14);
		web_html(fp, cats[c]);
		fputs("</text>", fp);
		for (size_t k = 0; k < ncols; k++) {
			unsigned v = 0;
			const lf_results *res = counts[c];
			for (size_t j = 0; res && j < res->njurisdiction; j++)
				if (!strcmp(res->by_jurisdiction[j].key, cols[k].key))
					v = res->by_jurisdiction[j].n;
			for (size_t j = 0; res && j < res->nyear; j++)
				if (!strcmp(res->by_year[j].key, cols[k].key))
					v = res->by_year[j].n;
			fprintf(fp, "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" fill=\"rgb(%u,%u,%u)\"><title>",
			        left + k * cw, top + c * ch, cw - 2, ch - 2, 255 - 180 * v / max, 255 - 90 * v / max,
			        255 - 140 * v / max);
			web_html(fp, cats[c]);
			fputs(", ", fp);
			web_html(fp, cols[k].key);
			fprintf(fp, ": %u</title></rect>", v);
			if (v)
				fprintf(fp, "<text x=\"%zu\" y=\"%zu\">%u</text>", left + k * cw + 8, top + c * ch + 14, v);
		}
	}
	fputs("</svg></figure>", fp);
}

/* Per risk category, its laws counted by jurisdiction and year: per[c]
 * (NULL where a search failed).  0, or the status of a failure that must
 * end the page (out of time, cancelled, a revision discarded), its message
 * in err. */
static int category_counts(lf_db *db, const char *const *cats, size_t nc, lf_results **per, lf_err *err)
{
	for (size_t c = 0; c < nc; c++) {
		lf_search_opts so;
		int rc;
		memset(&so, 0, sizeof so);
		so.risks = &cats[c];
		so.nrisks = 1;
		so.limit = 1;
		so.max_provisions = 1;
		so.facets = 1;
		if ((rc = lf_search(db, &so, &per[c], err)) != 0) {
			per[c] = NULL;
			if (rc == LF_ETIMEOUT || rc == LF_ECANCELED || rc == LF_EMODIFIED)
				return rc;
		}
	}
	return 0;
}

void page_stats(lf_db *db, web_reply *r)
{
	lf_stats *s = NULL;
	lf_results **per = NULL;
	const char *const *cats;
	size_t nc = lf_db_categories(db, &cats);
	lf_err err;
	char *buf;
	size_t n;
	FILE *fp;
	int rc;

	if ((rc = lf_stats_get(db, &s, &err)) != 0 ||
	    ((per = calloc(nc + 1, sizeof *per)) && (rc = category_counts(db, cats, nc, per, &err)) != 0)) {
		web_fail(r, "/stats", rc, err.msg);
		goto out;
	}
	if ((fp = web_body(r, "/", &buf, &n)) != NULL) {
		page_head(fp, db, "Corpus");
		fprintf(fp, "<h1>The corpus</h1><p>%u laws, %u provisions.</p>", s->laws, s->provisions);
		svg_bars(fp, "Laws by risk category", s->by_risk, s->nrisk);
		if (per) {
			svg_heat(fp, "Laws by risk category and jurisdiction", cats, nc, s->by_jurisdiction,
			         s->njurisdiction, per);
			svg_heat(fp, "Laws by year and risk category", cats, nc, s->by_year, s->nyear, per);
		}
		svg_bars(fp, "Laws by jurisdiction", s->by_jurisdiction, s->njurisdiction);
		svg_bars(fp, "Laws by layer", s->by_layer, s->nlayer);
		svg_bars(fp, "Laws by year", s->by_year, s->nyear);
		page_tail(fp);
		web_finish(r, "/", fp, &buf, &n);
	}
out:
	for (size_t c = 0; per && c < nc; c++)
		lf_results_free(per[c]);
	free(per);
	lf_stats_free(s);
}

