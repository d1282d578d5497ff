/*
 * detect.c - which format a file is in, from its content alone.
 *
 * Skips a BOM, the XML declaration, comments, processing instructions and a
 * DOCTYPE, then looks at the root element's name and the namespaces declared
 * on it.  HTML is recognised by its doctype or by an HTML element at the
 * top (Word-generated and fragment pages start with <meta> or <div>).
 * Anything else is text or Markdown, unless it looks binary.
 */
#include <string.h>
#include <strings.h>

#include "indexer/readers/input.h"

const char *lf_format_name(enum lf_format f)
{
	switch (f) {
	case LF_FMT_AKN: return "akn";
	case LF_FMT_USLM: return "uslm";
	case LF_FMT_CLML: return "clml";
	case LF_FMT_FORMEX: return "formex";
	case LF_FMT_GII: return "gii";
	case LF_FMT_LIMS: return "lims";
	case LF_FMT_LEXML: return "lexml";
	case LF_FMT_XML: return "xml";
	case LF_FMT_HTML: return "html";
	case LF_FMT_MARKDOWN: return "markdown";
	case LF_FMT_TEXT: return "text";
	default: return "unknown";
	}
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* Skips the prolog; returns a pointer at the root element's '<' or NULL. */
static const char *find_root(const char *p, const char *end, int *html_doctype)
{
	for (;;) {
		const char *q;

		p = skip_ws(p, end);
		if (p >= end || *p != '<')
			return NULL;
		if (end - p >= 4 && !strncmp(p, "<!--", 4)) {
			q = p + 4;
			while (q + 3 <= end && strncmp(q, "-->", 3))
				q++;
			if (q + 3 > end)
				return NULL;
			p = q + 3;
		} else if (end - p >= 2 && p[1] == '?') {
			q = memchr(p, '>', (size_t)(end - p));
			if (!q)
				return NULL;
			p = q + 1;
		} else if (end - p >= 9 && !strncasecmp(p, "<!DOCTYPE", 9)) {
			const char *s = skip_ws(p + 9, end);
			int depth = 0;
			if (end - s >= 4 && !strncasecmp(s, "html", 4))
				*html_doctype = 1;
			for (q = p + 1; q < end; q++) { /* skip an internal subset */
				if (*q == '[') depth++;
				else if (*q == ']') depth--;
				else if (*q == '>' && depth <= 0) break;
			}
			if (q >= end)
				return NULL;
			p = q + 1;
		} else {
			return p;
		}
	}
}

static int looks_binary(const unsigned char *p, size_t n)
{
	size_t i, bad = 0;

	if (n > 4096)
		n = 4096;
	for (i = 0; i < n; i++)
		if (p[i] < 0x09 || (p[i] > 0x0D && p[i] < 0x20 && p[i] != 0x1B))
			bad++;
	return bad * 20 > n; /* over 5% control bytes */
}

static int has(const char *tag, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (!memcmp(tag + i, needle, k))
			return 1;
	return 0;
}

enum lf_format lf_detect(const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n, *root, *tagend;
	const unsigned char *u = (const unsigned char *)buf;
	int html_doctype = 0;
	char name[64];
	size_t k = 0, taglen;

	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return has(buf, n < 200 ? n : 200, "<\0h\0t\0m\0l") ? LF_FMT_HTML : LF_FMT_XML;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		p += 3;
	if (looks_binary((const unsigned char *)p, (size_t)(end - p)))
		return LF_FMT_UNKNOWN;
	root = find_root(p, end, &html_doctype);
	if (html_doctype)
		return LF_FMT_HTML;
	if (!root) {
		const char *s = skip_ws(p, end);
		size_t i;
		if (end - s >= 4 && !strncmp(s, "---", 3) && (s[3] == '\n' || s[3] == '\r'))
			return LF_FMT_MARKDOWN;
		/* a Markdown heading in the first lines */
		for (i = 0; s + i < end && i < 4096; i++)
			if ((i == 0 || s[i - 1] == '\n') && s[i] == '#' && s + i + 1 < end &&
			    (s[i + 1] == ' ' || s[i + 1] == '#'))
				return LF_FMT_MARKDOWN;
		return LF_FMT_TEXT;
	}
	for (root++; root < end && k < sizeof name - 1; root++) {
		char c = *root;
		if (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r')
			break;
		name[k++] = c;
	}
	name[k] = '\0';
	if (!k)
		return LF_FMT_TEXT;
	tagend = memchr(root, '>', (size_t)(end - root));
	taglen = tagend ? (size_t)(tagend - root) : (size_t)(end - root);
	if (taglen > 8192)
		taglen = 8192;
	{
		/* strip a namespace prefix: <akn:akomaNtoso> */
		const char *colon = strchr(name, ':');
		const char *local = colon ? colon + 1 : name;
		static const char *const html_tags[] = {
			"html", "head", "body", "meta", "title", "div", "p", "link", "table", "span",
			"h1", "h2", "h3", "center", "font", "style", "script", "base",
		};
		static const char *const formex_roots[] = {
			"LEXP.COMBINED", "ACT", "CONS.ACT", "CONS.DOC", "CONS.OTH", "CONS.ANNEX",
			"AGR", "COM", "GENERAL", "DECISION.ECSC", "ANNEX", "CORR",
		};
		size_t i;

		for (i = 0; i < sizeof html_tags / sizeof *html_tags; i++)
			if (!strcasecmp(local, html_tags[i]))
				return LF_FMT_HTML;
		if (!strcmp(local, "akomaNtoso"))
			return LF_FMT_AKN;
		if (!strcmp(local, "Legislation") && has(root, taglen, "legislation.gov.uk"))
			return LF_FMT_CLML;
		if (!strcmp(local, "dokumente"))
			return LF_FMT_GII;
		if ((!strcmp(local, "Statute") || !strcmp(local, "Regulation")) &&
		    has(root, taglen, "justice.gc.ca/lims"))
			return LF_FMT_LIMS;
		if (!strcmp(local, "LexML") || has(root, taglen, "lexml.gov.br"))
			return LF_FMT_LEXML;
		if (has(root, taglen, "schemas.gpo.gov/xml/uslm") ||
		    has(root, taglen, "xml.house.gov/schemas/uslm"))
			return LF_FMT_USLM;
		for (i = 0; i < sizeof formex_roots / sizeof *formex_roots; i++)
			if (!strcmp(local, formex_roots[i]))
				return LF_FMT_FORMEX;
		if (has(root, taglen, "formex.publications.europa.eu") || has(root, taglen, "http://opoce"))
			return LF_FMT_FORMEX;
	}
	return LF_FMT_XML;
}
