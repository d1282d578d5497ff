/*
 * plain.c - Markdown and plain-text laws, and the provision line matcher
 * shared with the HTML reader.  What only Markdown needs (front matter,
 * inline syntax, its registry entry) is in markdown.c.
 *
 * A text law is a run of lines.  lf_provision_line() tells which lines start
 * a provision ("Article 44", "Art. 33.", "§ 170", "Section 69A - Power ...",
 * "第三十七条", "Pasal 20", "BAB III", "Статья 12.", "Члан 5."); the
 * outline (outline.c) nests them and gives them the text that follows.
 *
 * Markdown: a YAML front matter (--- ... ---) gives metadata; else the
 * first "# " heading gives the title.  Markdown syntax is stripped from the
 * indexed text: heading marks, emphasis, links ([text](url) -> text), images
 * (alt text), inline code marks, table pipes and rule lines, HTML tags and
 * comments, and struck text (~~...~~, superseded wording: see html.c).
 * Plain text is taken line by line as it is.
 *
 * Decisions:
 *  - the label word comes from lf_kind_from_word() (doc.c), so the words
 *    are in one table; the number is arabic with suffixes ("69A", "12.1",
 *    "55-A", "1º", "5 bis"), Roman, a Chinese numeral, and for containers
 *    also a letter ("Annex A") or an ordinal word ("PART ONE", "РАЗДЕЛ
 *    ПЕРВЫЙ", "Bagian Kesatu"); a bare Roman numeral before an upper-case
 *    title ("I. ОСНОВНЕ ОДРЕДБЕ") is a chapter;
 *  - a line starts a provision when its label is followed by the end of the
 *    line, or by a terminator or separator (". : - –") and something that
 *    does not start with a lower-case letter: "Article 44 of the GDPR
 *    applies" is a reference in running text, not a start, whatever its
 *    length, and so are "Article 5(1) ..." and "Part II, sec. 3";
 *  - labels are kept as printed without their final period ("Члан 5.",
 *    "Art. 33." -> "Члан 5", "Art. 33"); ids are made from the number
 *    ("art44", "s69a", "art37" for 第三十七条, "ch3-div2" for a section of a
 *    chapter);
 *  - the rest of a start line is its heading if the line is a Markdown
 *    heading or the rest is short (at most 100 characters) without a final
 *    period, colon or semicolon, else it is the first text of the
 *    provision; a Chinese article line never has a heading;
 *  - CJK labels (第…条) need whitespace or the end of the line after them:
 *    "第三十七条规定的" inside a sentence is not a start;
 *  - "§ 1º" lines in a law of articles are paragraphs of an article (Brazil),
 *    and "Section 1" lines containers (EUR-Lex): see lf_outline_classify();
 *  - Indonesian OCR glues headings to the line before ("... Menteri. BABX
 *    KETENTUAN PERALIHAN"): such lines are split (glued_start());
 *  - Indonesian elucidations (PENJELASAN) repeat "Pasal N": the repeats are
 *    kept as provisions of their own (ids "art3~2"), since they are official
 *    text about that article;
 *  - India Code footnotes ("### Footnotes", amendment notes) stay in the
 *    section's text: they are part of the published text and say which Act
 *    changed the section.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "core/text/date.h"
#include "core/text/lang.h"
#include "core/text/text.h"
#include "indexer/readers/markdown.h"
#include "indexer/readers/outline.h"
#include "indexer/readers/reader.h"

#define LABEL_SCAN 96 /* bytes of a line looked at for a label */

/* ---- the provision line matcher --------------------------------------- */

/* Length of a space character at p: ASCII blank, U+00A0, U+2000-U+200A,
 * U+202F, U+3000; 0 if none. */
static size_t sp_len(const char *p, const char *end)
{
	const unsigned char *s = (const unsigned char *)p;

	if (p >= end)
		return 0;
	if (*s == ' ' || *s == '\t')
		return 1;
	if (end - p >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (end - p >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF))
		return 3;
	if (end - p >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

static const char *skip_sp(const char *p, const char *end)
{
	size_t k;

	while ((k = sp_len(p, end)) != 0)
		p += k;
	return p;
}

static int is_letter(unsigned cp)
{
	if (cp < 0x80)
		return isalpha((int)cp);
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

static int is_lower(unsigned cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

/* Lower-cases the word p[0..n) into out (NUL-terminated); 0 if too long. */
static size_t lower_word(const char *p, size_t n, char *out, size_t outsz)
{
	const char *end = p + n;
	size_t o = 0;

	while (p < end) {
		unsigned cp;
		size_t l = lf_u8dec(p, end, &cp);
		if (o + 5 >= outsz)
			return 0;
		cp = (unsigned)utf8proc_tolower((utf8proc_int32_t)cp);
		o += (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out + o);
		p += l;
	}
	out[o] = '\0';
	return o;
}

/* A run of letters at p (at most max bytes); returns its end. */
static const char *letters(const char *p, const char *end, size_t max)
{
	const char *q = p;

	while (q < end && (size_t)(q - p) < max) {
		unsigned cp;
		size_t l = lf_u8dec(q, end, &cp);
		if (!is_letter(cp))
			break;
		q += l;
	}
	return q;
}

static int is_roman(const char *p, const char *e)
{
	const char *q;

	if (e <= p || e - p > 8)
		return 0;
	for (q = p; q < e; q++)
		if (!memchr("IVXLCDM", *q, 7))
			return 0;
	return 1;
}

/* Ordinal and number words that follow container words: "PART ONE",
 * "РАЗДЕЛ ПЕРВЫЙ", "ЧАСТЬ ТРЕТЬЯ", "TÍTULO PRIMERO", "Bagian Kesatu". */
static int ordinal_word(const char *w)
{
	static const char *const t[] = {
		"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "first", "second", "third", "fourth", "fifth", "sixth", "pertama",
		"seventh", "eighth", "ninth", "tenth", "preliminary", "final",
		"premier", "première", "unique", "deuxième", "troisième", "quatrième",
		"cinquième", "sixième", "septième", "huitième", "neuvième", "dixième",
		"primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo",
		"octavo", "noveno", "décimo", "único", "primeiro", "terceiro", "sétimo", "oitavo",
		"nono", "única", "preliminar",
		"первый", "второй", "третий", "четвертый", "четвёртый", "пятый", "шестой",
		"седьмой", "восьмой", "девятый", "десятый", "первая", "вторая", "третья",
		"четвертая", "четвёртая", "пятая", "шестая", "седьмая", "восьмая", "девятая",
		"десятая", "први", "други", "трећи", "четврти", "пети", "шести", "седми", "осми",
		"девети", "десети", "прва", "друга", "трећа", "четврта", "пета", "шеста",
		"седма", "осма", "девета", "десета",
	};
	size_t i;

	if (!strncmp(w, "ke", 2) && strlen(w) >= 4 && strlen(w) <= 12) /* kesatu, kedua ... */
		return 1;
	for (i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(w, t[i]))
			return 1;
	return 0;
}

static int is_cont(const char *kind)
{
	return !strcmp(kind, LF_KIND_BOOK) || !strcmp(kind, LF_KIND_PART) ||
	       !strcmp(kind, LF_KIND_TITLE) || !strcmp(kind, LF_KIND_CHAPTER) ||
	       !strcmp(kind, LF_KIND_SUBCHAPTER) || !strcmp(kind, LF_KIND_DIVISION) ||
	       !strcmp(kind, LF_KIND_SCHEDULE);
}

/* Parses the number of a label at p: "44", "69A", "5a", "12.1", "33-A",
 * "1º", "IV", and for containers also "A" and ordinal words.  Returns its
 * end, or NULL. */
static const char *label_number(const char *p, const char *end, const char *kind)
{
	const char *q = p, *e;
	int parts = 0;
	char w[64];

	if (q < end && isdigit((unsigned char)*q)) {
		while (q < end && q - p < 6 && isdigit((unsigned char)*q))
			q++;
		if (q < end && isdigit((unsigned char)*q))
			return NULL;
		e = letters(q, end, 12); /* "69A", "5a", "12а", "12bis" */
		if (e > q && (size_t)(e - q) <= 6)
			q = e;
		else if (e > q)
			return NULL;
		if (end - q >= 2 && (unsigned char)q[0] == 0xC2 && ((unsigned char)q[1] == 0xBA ||
		    (unsigned char)q[1] == 0xB0 || (unsigned char)q[1] == 0xAA))
			q += 2; /* 1º 1° 1ª */
		while (parts++ < 4 && q + 1 < end && (*q == '.' || *q == '-') &&
		       isalnum((unsigned char)q[1])) {
			const char *r = q + 1;
			while (r < end && r - q < 8 && isalnum((unsigned char)*r))
				r++;
			if (*q == '.' && !isdigit((unsigned char)q[1]))
				break; /* "33.A" is rare, "5.The" a typo */
			q = r;
		}
		/* "Article 5 bis" */
		e = skip_sp(q, end);
		if (e > q) {
			const char *f = letters(e, end, 12);
			if (f > e && lower_word(e, (size_t)(f - e), w, sizeof w)) {
				static const char *const lat[] = {"bis", "ter", "quater", "quinquies",
				                                  "sexies", "septies", "octies"};
				size_t i;
				for (i = 0; i < sizeof lat / sizeof *lat; i++)
					if (!strcmp(w, lat[i]))
						return f;
			}
		}
		return q;
	}
	e = letters(q, end, 40);
	if (e == q)
		return NULL;
	if (is_roman(q, e))
		return e;
	if (!is_cont(kind))
		return NULL;
	if (e - q == 1 && isupper((unsigned char)*q))
		return e; /* Annex A, Part B */
	{
		unsigned cp;
		lf_u8dec(q, end, &cp);
		if (is_lower(cp) || !lower_word(q, (size_t)(e - q), w, sizeof w) || !ordinal_word(w))
			return NULL;
	}
	/* "Kedua Belas", "Kedua Puluh" */
	{
		const char *f = skip_sp(e, end), *g = letters(f, end, 12);
		if (g > f && lower_word(f, (size_t)(g - f), w, sizeof w) &&
		    (!strcmp(w, "belas") || !strcmp(w, "puluh")))
			return g;
	}
	return e;
}

/* After the label's number: the terminator and the separator before the
 * rest.  Returns the rest's start, or NULL if the label is part of a
 * sentence ("Article 5(1)", "Article 44 of", "Part II, sec. 3"). */
static const char *after_label(const char *q, const char *end)
{
	const char *t = q;
	unsigned cp;

	while (t < end && *t == '*' && t - q < 4)
		t++; /* "Члан 99а*": amended, see the footnote */
	if (t < end && (*t == '.' || *t == ':'))
		t++;
	else if (end - t >= 3 && !memcmp(t, "\xEF\xBC\x9A", 3)) /* ： */
		t += 3;
	while (t < end && *t == '*' && t - q < 8)
		t++; /* "Члан 111.*" */
	if (t < end && !sp_len(t, end))
		return NULL;
	t = skip_sp(t, end);
	if (t < end && (*t == '-' || *t == ':' || *t == '|') && (t + 1 == end || sp_len(t + 1, end)))
		t = skip_sp(t + 1, end);
	else if (end - t >= 3 && (unsigned char)t[0] == 0xE2 && (unsigned char)t[1] == 0x80 &&
	         ((unsigned char)t[2] == 0x93 || (unsigned char)t[2] == 0x94))
		t = skip_sp(t + 3, end); /* – — */
	if (t < end) {
		lf_u8dec(t, end, &cp);
		if (is_lower(cp))
			return NULL;
	}
	return t;
}

/* 一 to 九 */
static int cjk_digit(unsigned cp)
{
	static const unsigned d[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
	                             0x516D, 0x4E03, 0x516B, 0x4E5D};
	size_t i;

	for (i = 0; i < sizeof d / sizeof *d; i++)
		if (cp == d[i])
			return 1;
	return 0;
}

/* A character of a number in a CJK label: 一 to 九, 十 百 千 零 〇 两, digits. */
static int cjk_numeral(unsigned cp)
{
	return cjk_digit(cp) || cp == 0x5341 || cp == 0x767E || cp == 0x5343 || cp == 0x96F6 ||
	       cp == 0x3007 || cp == 0x4E24 || (cp >= '0' && cp <= '9') ||
	       (cp >= 0xFF10 && cp <= 0xFF19);
}

/* 第 numeral 条/章/节/编 [之 numeral] */
static const char *cjk_line(const char *p, const char *end, size_t *label_len, size_t *rest)
{
	const char *q = p + 3, *kind, *t;
	int nums = 0;
	unsigned cp;

	while (q < end && nums < 12) {
		size_t l = lf_u8dec(q, end, &cp);
		if (!cjk_numeral(cp))
			break;
		q += l;
		nums++;
	}
	if (!nums || q >= end)
		return NULL;
	t = q + lf_u8len(q, end);
	kind = lf_kind_from_word(q, (size_t)(t - q)); /* 条 章 节 编 */
	if (!kind || (t - q) != 3)
		return NULL;
	q = t;
	if (!strcmp(kind, LF_KIND_ARTICLE) && end - q >= 6 && !memcmp(q, "之", 3)) {
		const char *r = q + 3;
		int k = 0;
		while (r < end && k < 4) {
			size_t l = lf_u8dec(r, end, &cp);
			if (!cjk_digit(cp) && cp != 0x5341)
				break;
			r += l;
			k++;
		}
		if (k)
			q = r;
	}
	t = q;
	if (t < end && !sp_len(t, end) && !(end - t >= 3 && !memcmp(t, "\xEF\xBC\x9A", 3)))
		return NULL; /* 第三十七条规定的 ... */
	if (end - t >= 3 && !memcmp(t, "\xEF\xBC\x9A", 3))
		t += 3;
	*label_len = (size_t)(q - p);
	*rest = (size_t)(skip_sp(t, end) - p);
	return kind;
}

const char *lf_provision_line(const char *p, size_t n, size_t *label_len, size_t *rest)
{
	const char *end = p + n, *q, *kw, *kind = NULL, *num, *t;
	char w[64];
	unsigned cp;
	size_t wl;

	*label_len = *rest = 0;
	if (!p || !n)
		return NULL;
	/* 第三十七条 */
	if (n >= 6 && !memcmp(p, "第", 3))
		return cjk_line(p, end, label_len, rest);
	/* § 170 */
	if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA7) {
		q = skip_sp(p + 2, end);
		if (q >= end || !isdigit((unsigned char)*q))
			return NULL; /* "§§ 5 and 6" is a reference */
		kind = lf_kind_from_word("§", 2);
		num = label_number(q, end, kind);
		if (!num || !(t = after_label(num, end)))
			return NULL;
		*label_len = (size_t)(num - p);
		*rest = (size_t)(t - p);
		return kind;
	}
	/* a word: Article, Art., Section, Pasal, BAB, Статья, Члан, CAPÍTULO */
	kw = letters(p, end, LABEL_SCAN);
	if (kw == p)
		return NULL;
	lf_u8dec(p, end, &cp);
	if (is_lower(cp))
		return NULL; /* "article 5 applies": running text */
	wl = lower_word(p, (size_t)(kw - p), w, sizeof w - 1);
	if (!wl)
		return NULL;
	q = kw;
	if (q < end && *q == '.') {
		w[wl] = '.';
		w[wl + 1] = '\0';
		kind = lf_kind_from_word(w, wl + 1); /* "art." "sec." */
		if (kind)
			q++;
	}
	if (!kind) {
		w[wl] = '\0';
		kind = lf_kind_from_word(w, wl);
		if (kind && !sp_len(q, end)) {
			/* "ANNEX" alone on its line */
			if (!strcmp(kind, LF_KIND_SCHEDULE) &&
			    (q == end || ((*q == ':' || *q == '.') && q + 1 == end))) {
				*label_len = (size_t)(kw - p);
				*rest = (size_t)(end - p);
				return kind;
			}
			return NULL;
		}
	}
	if (!kind) {
		/* "I. ОСНОВНЕ ОДРЕДБЕ", "VIII ЗАБРАНА ...": a bare Roman numeral
		 * before an upper-case title */
		const char *r = kw;
		int letters_seen = 0;
		if (r < end && *r == '.')
			r++;
		if (!is_roman(p, kw) || !sp_len(r, end) || n > 400)
			return NULL;
		r = skip_sp(r, end);
		if (r >= end || (lf_u8dec(r, end, &cp), !is_letter(cp)))
			return NULL; /* "II - (VETADO);" is an item of a list */
		for (; r < end;) {
			size_t l = lf_u8dec(r, end, &cp);
			if (is_lower(cp))
				return NULL;
			letters_seen += is_letter(cp);
			r += l;
		}
		if (letters_seen < 2)
			return NULL;
		*label_len = (size_t)(kw - p);
		*rest = (size_t)(skip_sp(kw + (*kw == '.'), end) - p);
		return LF_KIND_CHAPTER;
	}
	q = skip_sp(q, end);
	if (q >= end) {
		if (!strcmp(kind, LF_KIND_SCHEDULE)) { /* "ANNEX" */
			*label_len = (size_t)(kw - p);
			*rest = (size_t)n;
			return kind;
		}
		return NULL;
	}
	num = label_number(q, end, kind);
	if (!num) {
		if (!strcmp(kind, LF_KIND_SCHEDULE) && (*q == ':' || *q == '-') ) {
			*label_len = (size_t)(kw - p);
			*rest = (size_t)(skip_sp(q + 1, end) - p);
			return kind;
		}
		return NULL;
	}
	if (!(t = after_label(num, end)))
		return NULL;
	*label_len = (size_t)(num - p);
	*rest = (size_t)(t - p);
	return kind;
}

/* ---- Markdown ----------------------------------------------------------- */

struct md {
	lf_law *law;
	lf_outline o;
	lf_buf line;      /* the current line, Markdown stripped */
	int markdown;
	int in_comment;   /* inside <!-- ... --> */
	int in_fence;     /* inside ``` ... ``` */
	int title_done;
};

/* ---- glued headings (Indonesian OCR) ------------------------------------ */

/* Indonesian transcriptions (OCR of the official PDFs) glue chapter and part
 * headings to the end of the sentence before them ("... diatur dalam
 * Peraturan Menteri. BABX KETENTUAN PERALIHAN") and articles to the end of a
 * chapter heading ("BAB III JENIS DATA PRIBADI Pasal 4 (1) ...").  Such
 * lines are split before "BAB"/"Bagian" that follow a sentence's end and
 * whose heading runs to the end of the line (or to "Pasal N"), and before
 * "Pasal N" that follows such a heading.  Nothing else is split. */

static int small_word(const char *w, size_t n)
{
	static const char *const t[] = {"dan", "atau", "di", "ke", "dari", "yang", "untuk", "dalam",
	                                "oleh", "serta", "dan/atau", "pada", "bagi", "terhadap",
	                                "tentang", "dengan", "sebagai"};
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++)
		if (strlen(t[i]) == n && !strncmp(w, t[i], n))
			return 1;
	return 0;
}

/* Length of a heading at p (up to end or to " Pasal N"): upper case for BAB
 * (upper == 1), title case for Bagian; 0 if it is not one. */
static size_t glued_heading(const char *p, const char *end, int upper)
{
	const char *q = p;
	int words = 0;

	while (q < end) {
		const char *w = q, *e;
		unsigned cp;
		while (q < end && *q != ' ')
			q++;
		e = q;
		if (e - w == 5 && !strncmp(w, "Pasal", 5) && q + 1 < end && isdigit((unsigned char)q[1]) &&
		    words > 0)
			return (size_t)(w - p - 1);
		lf_u8dec(w, e, &cp);
		if (upper) {
			const char *r;
			for (r = w; r < e;) {
				r += lf_u8dec(r, e, &cp);
				if (is_lower(cp))
					return 0;
			}
		} else if (is_lower(cp) && !small_word(w, (size_t)(e - w))) {
			return 0;
		}
		words++;
		if (q - p > 300)
			return 0;
		if (q < end)
			q++;
	}
	return words ? (size_t)(end - p) : 0;
}

/* Where in p[0..n) a glued heading starts ("... Menteri. BAB X ..."), or
 * 0.  *fix is set when "BAB" and its numeral are glued ("BABX"). */
static size_t glued_start(const char *p, size_t n, int *fix)
{
	const char *end = p + n, *q;

	*fix = 0;
	for (q = p + 2; q + 4 < end; q++) {
		const char *r;
		int upper;
		if (q[-1] != ' ' || !strchr(".:;", q[-2]))
			continue;
		if (!strncmp(q, "BAB", 3)) {
			r = q + 3;
			if (r < end && *r == ' ')
				r++;
			else
				*fix = 1;
			if (!is_roman(r, letters(r, end, 8)) || letters(r, end, 8) >= end ||
			    letters(r, end, 8)[0] != ' ') {
				*fix = 0;
				continue;
			}
			r = letters(r, end, 8) + 1;
			upper = 1;
		} else if (end - q > 10 && !strncmp(q, "Bagian Ke", 9)) {
			r = letters(q + 7, end, 20);
			if (r >= end || *r != ' ')
				continue;
			r++;
			upper = 0;
		} else {
			continue;
		}
		if (glued_heading(r, end, upper))
			return (size_t)(q - p);
		*fix = 0;
	}
	return 0;
}

/* Adds p[0..n) (one line of text) as one or more blocks. */
static int add_line(struct md *m, const char *p, size_t n, const lf_block *proto)
{
	long idx;
	int rc = 0, k;
	char tmp[512];

	for (k = 0; k < 8 && n && !rc; k++) {
		size_t cut, ll, rest, h;
		const char *kind;
		int fix;

		/* "BAB III JENIS DATA PRIBADI Pasal 4 ..." */
		kind = lf_provision_line(p, n, &ll, &rest);
		if (kind && (!strncmp(p, "BAB", 3) || !strncmp(p, "Bagian", 6)) && rest < n &&
		    (h = glued_heading(p + rest, p + n, p[1] == 'A')) != 0 && rest + h < n) {
			cut = rest + h;
			if ((rc = lf_outline_add(&m->o, p, cut, proto, &idx)) != 0)
				break;
			p += cut + 1;
			n -= cut + 1;
			continue;
		}
		/* "... Menteri. BABX KETENTUAN PERALIHAN" */
		cut = glued_start(p, n, &fix);
		if (!cut)
			break;
		if ((rc = lf_outline_add(&m->o, p, cut, proto, &idx)) != 0)
			break;
		p += cut;
		n -= cut;
		if (fix && n < sizeof tmp - 1) { /* "BABX" -> "BAB X" */
			memmove(tmp + 4, p + 3, n - 3);
			memcpy(tmp, "BAB ", 4);
			p = tmp;
			n++;
		}
	}
	if (!rc && n)
		rc = lf_outline_add(&m->o, p, n, proto, &idx);
	return rc;
}

/* Adds one line of the body as a block. */
static int md_line(struct md *m, const char *p, size_t n)
{
	lf_block proto;
	long idx;
	int rc, level = 0;
	const char *end = p + n;

	memset(&proto, 0, sizeof proto);
	lf_buf_reset(&m->line);
	if (!m->markdown) {
		if (!n)
			return 0;
		return add_line(m, p, n, &proto);
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	n = (size_t)(end - p);
	if (!m->in_comment) {
		if (n >= 3 && (!strncmp(p, "```", 3) || !strncmp(p, "~~~", 3))) {
			m->in_fence = !m->in_fence;
			return 0;
		}
		if (m->in_fence)
			return lf_outline_add(&m->o, p, n, NULL, &idx);
		if (lf_md_rule(p, n) || lf_md_table_sep(p, n))
			return 0;
		while (n && *p == '>') { /* blockquote */
			p++;
			n--;
			while (n && *p == ' ')
				p++, n--;
		}
		while (level < (int)n && level < 7 && p[level] == '#')
			level++;
		if (level >= 1 && level <= 6 && (level == (int)n || p[level] == ' ' || p[level] == '\t')) {
			p += level;
			n -= (size_t)level;
			while (n && (p[n - 1] == '#' || p[n - 1] == ' '))
				n--; /* closing #s */
		} else {
			level = 0;
		}
		if (!level && n >= 2 && strchr("-*+", p[0]) && p[1] == ' ') {
			p += 2; /* bullet */
			n -= 2;
		}
	}
	if ((rc = lf_md_inline(p, n, &m->line, &m->in_comment)) != 0)
		return rc;
	proto.mdlevel = (unsigned char)level;
	if (!level)
		return add_line(m, m->line.p ? m->line.p : "", m->line.n, &proto);
	if ((rc = lf_outline_add(&m->o, m->line.p ? m->line.p : "", m->line.n, &proto, &idx)) != 0)
		return rc;
	if (idx >= 0 && level == 1 && !m->title_done) {
		/* the first "# " heading is the title (unless it is a provision) */
		m->title_done = 1;
		if (!lf_outline_match(&m->o, (size_t)idx)) {
			const char *t = lf_outline_str(&m->o, (size_t)idx);
			m->o.b[idx].role = LF_R_TITLE;
			rc = lf_law_set(m->law, LF_F_TITLE, t, m->o.b[idx].len, "Markdown heading");
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- dates in a Chinese header ----------------------------------------- */

/* "2016年11月7日 第十二届全国人民代表大会常务委员会第二十四次会议通过" before
 * the first article: adoption (通过), amendment (修正/修订) and entry into
 * force (施行) dates. */
static int cjk_dates(lf_outline *o, lf_law *law)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < o->n && !rc; i++) {
		const lf_block *b = &o->b[i];
		const char *t = lf_outline_str(o, i);
		char d[11];
		if (b->role == LF_R_CONT || b->role == LF_R_UNIT || b->role == LF_R_SCHED)
			break;
		if (b->role != LF_R_TEXT || b->len > 600 || !lf_date_find(t, b->len, d))
			continue;
		if (strstr(t, "通过") || strstr(t, "公布"))
			rc = lf_law_set(law, LF_F_DATE_ENACTED, d, 10, "text header");
		if (!rc && (strstr(t, "修正") || strstr(t, "修订") || strstr(t, "修改")))
			rc = lf_law_force(law, LF_F_DATE_VERSION, d, 10, "text header");
		if (!rc && strstr(t, "施行"))
			rc = lf_law_set(law, LF_F_DATE_IN_FORCE, d, 10, "text header");
	}
	return rc;
}

int lf_read_text(const char *p, size_t n, int markdown, lf_law *law, lf_err *err)
{
	struct md m;
	const char *end = p + n, *l;
	size_t body = 0;
	int rc = 0;

	memset(&m, 0, sizeof m);
	m.law = law;
	m.markdown = markdown;
	lf_outline_init(&m.o);
	m.o.head_max = 100;
	lf_buf_init(&m.line, LF_OUTLINE_MAX_TEXT);
	law->format = markdown ? "markdown" : "text";
	if (!p)
		n = 0, p = end = "";
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3, n -= 3;
	if (n >= 4 && !strncmp(p, "---", 3) && (p[3] == '\n' || p[3] == '\r'))
		body = lf_yaml_front(law, p, n, &rc);
	if (rc)
		goto out;
	for (l = p + body; l < end && !rc;) {
		const char *e = memchr(l, '\n', (size_t)(end - l)), *le;
		if (!e)
			e = end;
		le = e;
		if (le > l && le[-1] == '\r')
			le--;
		rc = md_line(&m, l, (size_t)(le - l));
		l = e + 1;
	}
	if (rc) {
		lf_err_set(err, rc, "%s", rc == LF_ETOOBIG ? "text too large" : lf_strerror(rc));
		goto out;
	}
	if (!m.o.n) {
		rc = lf_err_set(err, LF_EEMPTY, "no text");
		goto out;
	}
	if (m.o.overflow)
		law->warning = "more than a million lines: the rest was indexed as one block";
	lf_outline_classify(&m.o);
	if ((rc = cjk_dates(&m.o, law)) != 0) {
		lf_err_set(err, rc, "%s", lf_strerror(rc));
		goto out;
	}
	rc = lf_outline_build(&m.o, law, err);
out:
	if (rc && err && !err->msg[0])
		lf_err_set(err, rc, "%s", lf_strerror(rc));
	lf_outline_free(&m.o);
	lf_buf_free(&m.line);
	return rc;
}

/* ---- the registry's entry (reader.h) ---------------------------------- */

static int read_plain(const char *p, size_t n, lf_law *law, lf_err *err)
{
	return lf_read_text(p, n, 0, law, err);
}

/* Anything else that is not binary (detect.c has ruled that out). */
static int sniff_plain(const lf_sniff *s)
{
	(void)s;
	return 1;
}

const lf_reader lf_reader_text = {
	.name = "text",
	.reads = "plain text: any other file that is not binary",
	.parse = LF_PARSE_TEXT,
	.sniff = sniff_plain,
	.read_text = read_plain,
};
