/* doc.c - the document model (see doc.h). */
#include "core/doc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"

lf_law *lf_law_new(void)
{
	lf_law *law = calloc(1, sizeof *law);

	if (!law)
		return NULL;
	law->arena = lf_arena_new();
	if (!law->arena) {
		free(law);
		return NULL;
	}
	law->preface = "";
	law->format = "";
	law->path = "";
	return law;
}

void lf_law_free(lf_law *law)
{
	if (!law)
		return;
	lf_map_free(&law->ids);
	lf_arena_free(law->arena);
	free(law->provs);
	free(law);
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Unicode spaces count as whitespace too: U+00A0 NO-BREAK SPACE is
 * everywhere in Word-generated HTML and between "§" and the number, GPO puts
 * em quads (U+2000-U+200A) before labels, Chinese text has U+3000, LIMS
 * U+2002 around defined terms; U+202F and U+205F for completeness. */
static size_t space_len(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;

	if (p < end && is_space(u[0]))
		return 1;
	if (p + 1 < end && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (p + 2 < end && u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xAF))
		return 3;
	if (p + 2 < end && ((u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) ||
	                    (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)))
		return 3;
	return 0;
}

const char *lf_law_str(lf_law *law, const char *p, size_t n)
{
	const char *end;
	char *out, *o;
	size_t k;
	int pend = 0;

	if (!p || !n)
		return "";
	end = p + n;
	out = lf_arena_alloc(law->arena, n + 1);
	if (!out)
		return NULL;
	o = out;
	while (p < end) {
		if ((k = space_len(p, end)) != 0) {
			pend = o != out;
			p += k;
			continue;
		}
		if (*p == '\0') { /* a NUL byte in text is dropped */
			p++;
			continue;
		}
		if (pend) {
			*o++ = ' ';
			pend = 0;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

const char *lf_law_strdup(lf_law *law, const char *p, size_t n)
{
	if (!p)
		return "";
	return lf_arena_strndup(law->arena, p, n);
}

int lf_law_force(lf_law *law, enum lf_field f, const char *p, size_t n, const char *src)
{
	const char *s = lf_law_str(law, p, n);

	if (!s)
		return LF_ENOMEM;
	if (!*s)
		return 0;
	law->field[f] = s;
	law->src[f] = src ? src : "";
	return 0;
}

int lf_law_set(lf_law *law, enum lf_field f, const char *p, size_t n, const char *src)
{
	if (law->field[f] && *law->field[f])
		return 0;
	return lf_law_force(law, f, p, n, src);
}

/* The set of provision ids in use (keys: arena strings). */
static int id_taken(const lf_law *law, const char *id)
{
	return lf_map_get_str(&law->ids, id) != NULL;
}

static int id_remember(lf_law *law, const char *id)
{
	lf_map_ent *e;
	int rc = lf_map_put_str(&law->ids, id, &e);

	return rc < 0 ? rc : 0;
}

/* Makes an id from kind and label: "art44", "s16", "ch-ii"; falls back to the
 * kind and the provision's index. Unique within the law: a clash gets "~N". */
static const char *make_id(lf_law *law, const char *kind, const char *label, size_t idx)
{
	char base[96], cand[112];
	size_t o = 0, i;
	const char *k, *l;

	k = kind && *kind ? kind : "p";
	if (!strcmp(k, LF_KIND_ARTICLE)) k = "art";
	else if (!strcmp(k, LF_KIND_SECTION)) k = "s";
	else if (!strcmp(k, LF_KIND_CHAPTER)) k = "ch";
	else if (!strcmp(k, LF_KIND_PARAGRAPH)) k = "para";
	else if (!strcmp(k, LF_KIND_SCHEDULE)) k = "sch";
	else if (!strcmp(k, LF_KIND_RECITAL)) k = "rec";
	for (i = 0; k[i] && o < 16; i++)
		base[o++] = k[i];
	/* the label's alphanumerics after its leading word: "Article 44" -> 44 */
	l = label ? label : "";
	{
		const char *sp = strpbrk(l, " \xC2");
		const char *num = l;
		if (sp && !isdigit((unsigned char)l[0]))
			num = sp;
		for (; *num && o < sizeof base - 1; num++) {
			unsigned char c = (unsigned char)*num;
			if (isalnum(c))
				base[o++] = (char)tolower(c);
			else if ((c == '.' || c == '(' || c == '-') && o && base[o - 1] != '-' &&
			         isalnum((unsigned char)num[1]))
				base[o++] = '-';
			else if (c >= 0x80) { /* non-Latin label: use the index instead */
				o = strlen(k) < 16 ? strlen(k) : 16;
				o += (size_t)snprintf(base + o, sizeof base - o, "%zu", idx + 1);
				break;
			}
		}
	}
	if (o == strlen(k) || o == 0)
		o += (size_t)snprintf(base + o, sizeof base - o, "%zu", idx + 1);
	base[o < sizeof base ? o : sizeof base - 1] = '\0';
	snprintf(cand, sizeof cand, "%s", base);
	/* ids are unique law-wide: a clash gets "~" and the provision's
	 * position, which no other made id has (a source id might: then
	 * count on); so 200,000 provisions all labelled "Article 5" stay
	 * linear */
	for (i = idx + 1; id_taken(law, cand); i++)
		snprintf(cand, sizeof cand, "%s~%zu", base, i);
	return lf_arena_strdup(law->arena, cand);
}

int lf_law_add_prov(lf_law *law, int parent, const char *kind, const char *id,
                    const char *label, const char *heading, const char *text)
{
	lf_prov *pv;
	size_t max = law->max_provs ? law->max_provs : LF_LAW_DEFAULT_MAX_PROVS;

	if (law->nprovs >= max)
		return LF_ETOOBIG;
	if (parent >= (int)law->nprovs)
		parent = -1;
	if (law->nprovs == law->cap) {
		lf_prov *p = lf_grow(law->provs, &law->cap, sizeof *p, 64);
		if (!p)
			return LF_ENOMEM;
		law->provs = p;
	}
	pv = &law->provs[law->nprovs];
	pv->parent = parent;
	pv->depth = parent < 0 ? 0 : law->provs[parent].depth + 1;
	pv->kind = kind ? kind : LF_KIND_PROVISION;
	pv->label = lf_law_str(law, label, label ? strlen(label) : 0);
	pv->heading = lf_law_str(law, heading, heading ? strlen(heading) : 0);
	pv->text = lf_law_str(law, text, text ? strlen(text) : 0);
	pv->id = NULL;
	if (!pv->label || !pv->heading || !pv->text)
		return LF_ENOMEM;
	if (id && *id) {
		pv->id = lf_law_str(law, id, strlen(id));
		if (pv->id && id_taken(law, pv->id))
			pv->id = NULL; /* duplicate id in the source: make our own */
	}
	if (!pv->id)
		pv->id = make_id(law, pv->kind, pv->label, law->nprovs);
	if (!pv->id || id_remember(law, pv->id) != 0)
		return LF_ENOMEM;
	return (int)law->nprovs++;
}

static int set_prov_str(lf_law *law, int idx, const char **slot, const char *p, size_t n)
{
	const char *s;

	if (idx < 0 || (size_t)idx >= law->nprovs)
		return LF_EINVAL;
	s = lf_law_str(law, p, n);
	if (!s)
		return LF_ENOMEM;
	*slot = s;
	return 0;
}

int lf_law_set_text(lf_law *law, int idx, const char *p, size_t n)
{
	return set_prov_str(law, idx, idx >= 0 && (size_t)idx < law->nprovs ? &law->provs[idx].text : NULL, p, n);
}

int lf_law_set_heading(lf_law *law, int idx, const char *p, size_t n)
{
	return set_prov_str(law, idx, idx >= 0 && (size_t)idx < law->nprovs ? &law->provs[idx].heading : NULL, p, n);
}


const char *lf_field_name(enum lf_field f)
{
	static const char *const names[LF_F_NFIELDS] = {
		"id", "title", "short_title", "jurisdiction", "language",
		"date_enacted", "date_in_force", "date_version", "number",
	};
	return (unsigned)f < LF_F_NFIELDS ? names[f] : "?";
}

int lf_kind_is_unit(const char *kind)
{
	static const char *const units[] = {
		LF_KIND_ARTICLE, LF_KIND_SECTION, LF_KIND_RULE, LF_KIND_RECITAL,
		LF_KIND_SCHEDULE, LF_KIND_PREAMBLE, LF_KIND_PROVISION,
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof *units; i++)
		if (!strcmp(kind, units[i]))
			return 1;
	return 0;
}

const char *lf_kind_from_word(const char *w, size_t n)
{
	static const struct { const char *w; const char *kind; } words[] = {
		{"article", LF_KIND_ARTICLE}, {"art", LF_KIND_ARTICLE}, {"art.", LF_KIND_ARTICLE},
		{"artikel", LF_KIND_ARTICLE}, {"artículo", LF_KIND_ARTICLE}, {"articulo", LF_KIND_ARTICLE},
		{"artigo", LF_KIND_ARTICLE}, {"art.º", LF_KIND_ARTICLE}, {"pasal", LF_KIND_ARTICLE},
		{"статья", LF_KIND_ARTICLE}, {"Статья", LF_KIND_ARTICLE}, {"члан", LF_KIND_ARTICLE},
		{"стаття", LF_KIND_ARTICLE}, {"Стаття", LF_KIND_ARTICLE}, /* Ukrainian */
		{"Члан", LF_KIND_ARTICLE}, {"član", LF_KIND_ARTICLE}, {"clan", LF_KIND_ARTICLE},
		{"§", LF_KIND_SECTION}, {"section", LF_KIND_SECTION}, {"sec.", LF_KIND_SECTION},
		{"s.", LF_KIND_SECTION}, {"sect.", LF_KIND_SECTION},
		{"rule", LF_KIND_RULE}, {"regulation", LF_KIND_RULE}, {"reg.", LF_KIND_RULE},
		{"chapter", LF_KIND_CHAPTER}, {"kapitel", LF_KIND_CHAPTER}, {"chapitre", LF_KIND_CHAPTER},
		{"capítulo", LF_KIND_CHAPTER}, {"capitulo", LF_KIND_CHAPTER}, {"bab", LF_KIND_CHAPTER},
		{"глава", LF_KIND_CHAPTER}, {"Глава", LF_KIND_CHAPTER},
		{"part", LF_KIND_PART}, {"teil", LF_KIND_PART}, {"partie", LF_KIND_PART},
		{"title", LF_KIND_TITLE}, {"titre", LF_KIND_TITLE}, {"título", LF_KIND_TITLE},
		{"abschnitt", LF_KIND_DIVISION}, {"division", LF_KIND_DIVISION}, {"bagian", LF_KIND_DIVISION},
		{"раздел", LF_KIND_PART}, {"Раздел", LF_KIND_PART},
		{"schedule", LF_KIND_SCHEDULE}, {"annex", LF_KIND_SCHEDULE}, {"anhang", LF_KIND_SCHEDULE},
		{"anlage", LF_KIND_SCHEDULE}, {"annexe", LF_KIND_SCHEDULE}, {"anexo", LF_KIND_SCHEDULE},
		{"lampiran", LF_KIND_SCHEDULE}, {"appendix", LF_KIND_SCHEDULE},
		{"条", LF_KIND_ARTICLE}, {"章", LF_KIND_CHAPTER}, {"节", LF_KIND_DIVISION},
		{"編", LF_KIND_PART}, {"编", LF_KIND_PART},
		/* added for the text and HTML readers (lf_provision_line) */
		{"titel", LF_KIND_TITLE}, {"paragraf", LF_KIND_DIVISION}, {"buku", LF_KIND_BOOK},
		{"book", LF_KIND_BOOK}, {"buch", LF_KIND_BOOK}, {"livre", LF_KIND_BOOK},
		{"libro", LF_KIND_BOOK}, {"livro", LF_KIND_BOOK}, {"книга", LF_KIND_BOOK},
		{"seção", LF_KIND_DIVISION}, {"secção", LF_KIND_DIVISION}, {"sección", LF_KIND_DIVISION},
		{"subseção", LF_KIND_DIVISION}, {"subsección", LF_KIND_DIVISION},
		{"часть", LF_KIND_PART}, {"подраздел", LF_KIND_DIVISION},
		{"део", LF_KIND_PART}, {"одељак", LF_KIND_DIVISION},
		{"прилог", LF_KIND_SCHEDULE}, {"приложение", LF_KIND_SCHEDULE},
	};
	size_t i;

	for (i = 0; i < sizeof words / sizeof *words; i++)
		if (strlen(words[i].w) == n && !strncasecmp(words[i].w, w, n))
			return words[i].kind;
	return NULL;
}
