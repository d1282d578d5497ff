/* lang.c - language and jurisdiction codes, and a last-resort language guess. */
#include "core/text/lang.h"
#include "core/utf8.h"

#include <ctype.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>

static const struct {
	const char *iso1, *iso2b, *iso2t, *name;
} langs[] = {
	{"en", "eng", "eng", "english"},   {"fr", "fre", "fra", "french"},
	{"de", "ger", "deu", "german"},    {"es", "spa", "spa", "spanish"},
	{"pt", "por", "por", "portuguese"},{"it", "ita", "ita", "italian"},
	{"nl", "dut", "nld", "dutch"},     {"ru", "rus", "rus", "russian"},
	{"sr", "srp", "srp", "serbian"},   {"hr", "hrv", "hrv", "croatian"},
	{"bs", "bos", "bos", "bosnian"},   {"zh", "chi", "zho", "chinese"},
	{"ja", "jpn", "jpn", "japanese"},  {"ko", "kor", "kor", "korean"},
	{"id", "ind", "ind", "indonesian"},{"ms", "may", "msa", "malay"},
	{"ar", "ara", "ara", "arabic"},    {"tr", "tur", "tur", "turkish"},
	{"pl", "pol", "pol", "polish"},    {"cs", "cze", "ces", "czech"},
	{"sk", "slo", "slk", "slovak"},    {"sl", "slv", "slv", "slovenian"},
	{"hu", "hun", "hun", "hungarian"}, {"ro", "rum", "ron", "romanian"},
	{"bg", "bul", "bul", "bulgarian"}, {"el", "gre", "ell", "greek"},
	{"da", "dan", "dan", "danish"},    {"sv", "swe", "swe", "swedish"},
	{"fi", "fin", "fin", "finnish"},   {"nb", "nob", "nob", "norwegian"},
	{"et", "est", "est", "estonian"},  {"lv", "lav", "lav", "latvian"},
	{"lt", "lit", "lit", "lithuanian"},{"ga", "gle", "gle", "irish"},
	{"mt", "mlt", "mlt", "maltese"},   {"cy", "wel", "cym", "welsh"},
	{"uk", "ukr", "ukr", "ukrainian"}, {"vi", "vie", "vie", "vietnamese"},
	{"th", "tha", "tha", "thai"},      {"hi", "hin", "hin", "hindi"},
	{"fa", "per", "fas", "persian"},   {"he", "heb", "heb", "hebrew"},
	{"sw", "swa", "swa", "swahili"},   {"la", "lat", "lat", "latin"},
	{"ca", "cat", "cat", "catalan"},   {"eu", "baq", "eus", "basque"},
	{"gl", "glg", "glg", "galician"},  {"hy", "arm", "hye", "armenian"},
	{"ne", "nep", "nep", "nepali"},    {"ta", "tam", "tam", "tamil"},
};

const char *lf_lang_iso1(const char *p, size_t n)
{
	char w[32];
	size_t i, k = 0;

	if (!p)
		return NULL;
	while (n && isspace((unsigned char)*p))
		p++, n--;
	/* cut at the region/script subtag: "pt-BR", "fr_CA", "sr-Latn" */
	for (i = 0; i < n && k < sizeof w - 1; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '-' || c == '_' || isspace(c) || c == '@')
			break;
		w[k++] = (char)tolower(c);
	}
	w[k] = '\0';
	if (k < 2)
		return NULL;
	for (i = 0; i < sizeof langs / sizeof *langs; i++)
		if (!strcmp(w, langs[i].iso1) || !strcmp(w, langs[i].iso2b) ||
		    !strcmp(w, langs[i].iso2t) || !strcmp(w, langs[i].name))
			return langs[i].iso1;
	if (!strcmp(w, "no") || !strcmp(w, "nor"))
		return "nb";
	if (!strcmp(w, "esp"))
		return "es"; /* the OASIS Akoma Ntoso examples' code for Spanish */
	return NULL;
}

/* ISO 3166-1 alpha-2 codes, and alpha-3 for the ones legislative metadata
 * uses; a jurisdiction must be one of these, eu, un, or xx-yy. */
static const char alpha2[] =
	"ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq "
	"br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm "
	"do dz ec ee eg eh er es et fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs "
	"gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn "
	"kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq "
	"mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm "
	"pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st sv "
	"sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug um us uy uz va vc ve vg vi "
	"vn vu wf ws ye yt za zm zw eu un ";

static const struct { const char *a3, *a2; } alpha3[] = {
	{"deu", "de"}, {"gbr", "gb"}, {"usa", "us"}, {"can", "ca"}, {"fra", "fr"}, {"esp", "es"},
	{"ita", "it"}, {"bra", "br"}, {"chn", "cn"}, {"rus", "ru"}, {"srb", "rs"}, {"idn", "id"},
	{"ind", "in"}, {"ken", "ke"}, {"zaf", "za"}, {"ury", "uy"}, {"chl", "cl"}, {"pan", "pa"},
	{"slv", "sv"}, {"aut", "at"}, {"che", "ch"}, {"nld", "nl"}, {"bel", "be"}, {"jpn", "jp"},
	{"kor", "kr"}, {"aus", "au"}, {"nzl", "nz"}, {"mex", "mx"}, {"arg", "ar"}, {"tur", "tr"},
	{"nga", "ng"}, {"egy", "eg"}, {"sau", "sa"}, {"vnm", "vn"}, {"pak", "pk"}, {"irl", "ie"},
	{"uk", "gb"},
};

const char *lf_jurisdiction_norm(const char *p, size_t n, char out[8])
{
	char w[8];
	size_t i, k = 0;

	if (!p)
		return NULL;
	while (n && isspace((unsigned char)*p))
		p++, n--;
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	if (n < 2 || n > 6)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '_')
			c = '-';
		if (!isalpha(c) && c != '-')
			return NULL;
		w[k++] = (char)tolower(c);
	}
	w[k] = '\0';
	for (i = 0; i < sizeof alpha3 / sizeof *alpha3; i++)
		if (!strcmp(w, alpha3[i].a3)) {
			strcpy(out, alpha3[i].a2);
			return out;
		}
	if (k == 2) {
		char pat[4] = {w[0], w[1], ' ', 0};
		if (!strstr(alpha2, pat))
			return NULL;
		strcpy(out, w);
		return out;
	}
	/* a subdivision: "us-ca", "de-by" */
	if (k >= 4 && w[2] == '-') {
		char pat[4] = {w[0], w[1], ' ', 0};
		for (i = 3; i < k; i++)
			if (!isalnum((unsigned char)w[i]))
				return NULL;
		if (!strstr(alpha2, pat))
			return NULL;
		strcpy(out, w);
		return out;
	}
	return NULL;
}

/* Decodes one UTF-8 code point; returns its length (an ill-formed
 * subpart is U+FFFD). */
static size_t u8(const unsigned char *p, const unsigned char *end, unsigned *cp)
{
	int k = lf_utf8_seq(p, (size_t)(end - p), cp);

	if (k < 0) {
		*cp = 0xFFFD;
		return (size_t)-k;
	}
	return (size_t)k;
}

/* Common function words per Latin-script language: counted as whole words. */
static const struct { const char *lang; const char *words; } stopwords[] = {
	{"en", " the of and to in shall be or any by for with that this is "},
	{"fr", " le la les des de du et en un une est dans pour par sur aux qui "},
	{"de", " der die das und des den dem von zu mit ist nicht auf für eine einer oder "},
	{"es", " el la los las de del y en que por con para una se al "},
	{"pt", " o a os as de do da dos das e em que por com para um uma não "},
	{"id", " dan yang di dalam dengan untuk atau ini pada dari sebagaimana "},
	{"it", " il lo la gli le di del della e che per con una sono "},
	{"nl", " de het een en van in op voor met zijn niet "},
};

const char *lf_lang_guess(const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text, *end;
	size_t han = 0, kana = 0, hangul = 0, cyr = 0, arabic = 0, latin = 0;
	size_t score[sizeof stopwords / sizeof *stopwords] = {0};
	size_t i, best = 0;
	int serbian_letters = 0;

	if (!text)
		return NULL;
	if (n > 65536)
		n = 65536;
	end = p + n;
	while (p < end) {
		unsigned cp;
		const unsigned char *w = p;
		size_t len;
		char word[40];
		size_t k = 0;

		p += u8(p, end, &cp);
		if (cp >= 0x4E00 && cp <= 0x9FFF) han++;
		else if (cp >= 0x3040 && cp <= 0x30FF) kana++;
		else if (cp >= 0xAC00 && cp <= 0xD7AF) hangul++;
		else if (cp >= 0x0400 && cp <= 0x04FF) {
			cyr++;
			/* ђ ј љ њ ћ џ are Serbian Cyrillic, not Russian */
			if (cp == 0x0452 || cp == 0x0458 || cp == 0x0459 || cp == 0x045A ||
			    cp == 0x045B || cp == 0x045F || cp == 0x0402 || cp == 0x0408 ||
			    cp == 0x0409 || cp == 0x040A || cp == 0x040B || cp == 0x040F)
				serbian_letters++;
		} else if (cp >= 0x0600 && cp <= 0x06FF) arabic++;
		else if (cp < 0x250 && isalpha((int)(cp < 0x80 ? cp : 'a'))) {
			/* a Latin word: collect it and compare against the lists */
			latin++;
			p = w;
			while (p < end && k < sizeof word - 2) {
				unsigned c2;
				len = u8(p, end, &c2);
				if (!(c2 >= 0x80 ? c2 < 0x250 : isalpha((int)c2)))
					break;
				if (len == 1)
					word[k++] = (char)tolower((int)c2);
				else
					for (i = 0; i < len && k < sizeof word - 2; i++)
						word[k++] = (char)p[i];
				p += len;
			}
			if (p == w)
				p++;
			word[k] = '\0';
			if (k && k < 12) {
				char pat[48];
				snprintf(pat, sizeof pat, " %s ", word);
				for (i = 0; i < sizeof stopwords / sizeof *stopwords; i++)
					if (strstr(stopwords[i].words, pat))
						score[i]++;
			}
		}
	}
	if (kana > 20) return "ja";
	if (hangul > 20) return "ko";
	if (han > 50 && han > latin) return "zh";
	if (arabic > 50 && arabic > latin) return "ar";
	if (cyr > 50 && cyr > latin)
		return serbian_letters > 5 ? "sr" : "ru";
	for (i = 1; i < sizeof stopwords / sizeof *stopwords; i++)
		if (score[i] > score[best])
			best = i;
	if (score[best] >= 5)
		return stopwords[best].lang;
	return NULL;
}
