/* lang.c - language and jurisdiction codes, and a last-resort language guess
 * (script ranges and libexttextcat). */
#include "core/text/lang.h"
#include "core/utf8.h"

#include <ctype.h>
#include <fingerprint.h> /* libexttextcat: fp_Init, fp_Read, fp_Create, fp_Compare */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define TEXTCAT_NGRAMS 400 /* the models' size (libexttextcat's MAXNGRAMS) */

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

/*
 * The language guess: script ranges for the scripts that name one language
 * among lexfrag's (kana, Hangul, Han), the Serbian Cyrillic letters, then
 * libexttextcat (Cavnar & Trenkle n-gram profiles, the models of
 * libexttextcat-data) for everything else.
 *
 * The models compared are the languages lexfrag knows (langs[] above; most
 * have a Xapian stemmer), each mapped to its ISO 639-1 code, plus a few
 * neighbours that are not lexfrag languages (lang NULL) so that text in
 * them is not forced into the nearest one: Belarusian, Macedonian and
 * Rusyn beside Russian and Ukrainian, Scots beside English, Occitan and
 * Asturian beside Catalan and Spanish, Nynorsk beside Bokmål.
 */
static const struct {
	const char *file, *lang;
} models[] = {
	{"en.lm", "en"}, {"fr.lm", "fr"}, {"de.lm", "de"}, {"es.lm", "es"}, {"pt.lm", "pt"},
	{"it.lm", "it"}, {"nl.lm", "nl"}, {"ru.lm", "ru"}, {"uk.lm", "uk"}, {"pl.lm", "pl"},
	{"cs.lm", "cs"}, {"sk.lm", "sk"}, {"sl.lm", "sl"}, {"hr.lm", "hr"}, {"bs.lm", "bs"},
	{"sr-Latn.lm", "sr"}, {"sr-Cyrl.lm", "sr"}, {"bg.lm", "bg"}, {"hu.lm", "hu"},
	{"ro.lm", "ro"}, {"el.lm", "el"}, {"da.lm", "da"}, {"sv.lm", "sv"}, {"fi.lm", "fi"},
	{"nb.lm", "nb"}, {"et.lm", "et"}, {"lv.lm", "lv"}, {"lt.lm", "lt"}, {"ga.lm", "ga"},
	{"mt.lm", "mt"}, {"cy.lm", "cy"}, {"tr.lm", "tr"}, {"id.lm", "id"}, {"ms.lm", "ms"},
	{"vi.lm", "vi"}, {"sw.lm", "sw"}, {"la.lm", "la"}, {"ca.lm", "ca"}, {"eu.lm", "eu"},
	{"gl.lm", "gl"}, {"ar.lm", "ar"}, {"fa.lm", "fa"}, {"he.lm", "he"}, {"hy.lm", "hy"},
	{"hi.lm", "hi"}, {"ne.lm", "ne"}, {"ta.lm", "ta"}, {"th.lm", "th"},
	{"be.lm", NULL}, {"mk.lm", NULL}, {"rue.lm", NULL}, {"sco.lm", NULL}, {"oc.lm", NULL},
	{"ast.lm", NULL}, {"nn.lm", NULL},
};
#define NMODELS (sizeof models / sizeof *models)

#ifndef LF_TEXTCAT_MODELS
#define LF_TEXTCAT_MODELS "/usr/share/libexttextcat"
#endif

/* Loaded once (pthread_once) and only read afterwards: fp_Compare reads a
 * model and writes nothing, so every thread compares with the same ones.
 * (textcat_Classify is not thread-safe, it writes into its handle: lexfrag
 * does not call it.)  A model that cannot be read stays NULL; with none,
 * the guess is by script alone. */
static void *model_fp[NMODELS];
static pthread_once_t models_once = PTHREAD_ONCE_INIT;

static void load_models(void)
{
	char path[512];
	size_t i;

	for (i = 0; i < NMODELS; i++) {
		void *fp = fp_Init(models[i].file);
		snprintf(path, sizeof path, "%s/%s", LF_TEXTCAT_MODELS, models[i].file);
		if (fp && fp_Read(fp, path, TEXTCAT_NGRAMS))
			model_fp[i] = fp;
		else if (fp)
			fp_Done(fp);
	}
}

/*
 * libexttextcat's verdict on n (at most LF_LANG_SAMPLE) bytes of
 * well-formed UTF-8.  They are copied first: fp_Create reads one byte past
 * the size it is given, and up to a NUL when the text ends in spaces or
 * digits; the copy is per thread, not malloc'd, so that a failed
 * allocation cannot silently cost a law its language.  Confidence: the library itself reports every
 * model within 3% of the best score as a tie (THRESHOLDVALUE), and calls
 * more than five ties "unknown".  lexfrag is stricter: the best model must
 * beat every model of another language (or of no lexfrag language) by
 * that 3%, so a Ukrainian text close to Russian, or a Croatian one close
 * to Serbian, gets no language rather than a wrong stemmer; and the text
 * must hold at least LF_LANG_MIN_LETTERS letters, as n-gram profiles of a
 * line or two are noise.  Returns an ISO 639-1 code or NULL.
 */
static const char *textcat_guess(const char *text, size_t n)
{
	static _Thread_local char copy[LF_LANG_SAMPLE + 1];
	void *u;
	int best = -1, score[NMODELS];
	size_t i;
	const char *lang = NULL;

	pthread_once(&models_once, load_models);
	if (n > LF_LANG_SAMPLE)
		n = LF_LANG_SAMPLE;
	memcpy(copy, text, n);
	copy[n] = '\0';
	if (!(u = fp_Init(NULL)))
		return NULL;
	if (fp_Create(u, copy, (uint4)n, TEXTCAT_NGRAMS)) {
		for (i = 0; i < NMODELS; i++) {
			score[i] = model_fp[i] ? fp_Compare(model_fp[i], u, INT_MAX) : INT_MAX;
			if (model_fp[i] && (best < 0 || score[i] < score[best]))
				best = (int)i;
		}
	}
	if (best >= 0 && models[best].lang) {
		lang = models[best].lang;
		for (i = 0; i < NMODELS && lang; i++)
			if (model_fp[i] && (!models[i].lang || strcmp(models[i].lang, models[best].lang)) &&
			    (double)score[i] < (double)score[best] * 1.03)
				lang = NULL;
	}
	fp_Done(u);
	return lang;
}

const char *lf_lang_guess(const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text, *end;
	size_t han = 0, kana = 0, hangul = 0, cyr = 0, arabic = 0, latin = 0, letters = 0;
	int serbian_letters = 0, any_model = 0;
	const char *lang;
	size_t i;

	if (!text)
		return NULL;
	if (n > LF_LANG_SAMPLE)
		n = LF_LANG_SAMPLE;
	end = p + n;
	while (p < end) {
		unsigned cp;
		int k = lf_utf8_seq(p, (size_t)(end - p), &cp);
		if (k < 0)
			break; /* the sample ends at the first ill-formed (or cut) character */
		p += k;
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
		else if (cp < 0x250 && (cp >= 0x80 || isalpha((int)cp))) latin++;
		else if (cp >= 0x80) letters++; /* other scripts, and symbols */
	}
	n = (size_t)(p - (const unsigned char *)text);
	if (kana > 20) return "ja";
	if (hangul > 20) return "ko";
	if (han > 50 && han > latin) return "zh";
	if (cyr > 50 && cyr > latin && serbian_letters > 5)
		return "sr";
	letters += han + kana + hangul + cyr + arabic + latin;
	if (letters < LF_LANG_MIN_LETTERS)
		return NULL;
	if ((lang = textcat_guess(text, n)) != NULL)
		return lang;
	for (i = 0; i < NMODELS; i++) /* loaded: textcat_guess ran the once */
		any_model |= model_fp[i] != NULL;
	if (!any_model) {
		/* no models installed: the script alone, as lexfrag did before */
		if (arabic > 50 && arabic > latin) return "ar";
		if (cyr > 50 && cyr > latin) return "ru";
	}
	return NULL;
}
