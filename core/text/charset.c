/*
 * charset.c - choosing a file's character encoding (BOM, declaration,
 * UTF-8, uchardet, windows-1252) and converting it to UTF-8 with iconv.
 * See charset.h for the rule.
 */
#define _GNU_SOURCE 1 /* strcasestr */
#include "core/text/charset.h"
#include "core/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

/*
 * What uchardet 0.0.7 (Debian 12) can name, and the iconv charset each is
 * decoded with: the WHATWG Encoding Standard's rule that a label means its
 * superset (ISO-8859-1 and US-ASCII are windows-1252, Shift_JIS is
 * windows-31J, EUC-KR is windows-949, ISO-8859-9 is windows-1254, TIS-620
 * is windows-874), since files labelled so are written by tools that emit
 * the superset.  An answer not in this table is no answer.  ASCII and
 * UTF-8 are left out on purpose: the detector is only asked about bytes
 * that are not valid UTF-8 (so not ASCII either).
 */
static const struct {
	const char *name, *decode;
} known[] = {
	{"WINDOWS-1250", NULL}, {"WINDOWS-1251", NULL}, {"WINDOWS-1252", NULL},
	{"WINDOWS-1253", NULL}, {"WINDOWS-1254", NULL}, {"WINDOWS-1255", NULL},
	{"WINDOWS-1256", NULL}, {"WINDOWS-1257", NULL}, {"WINDOWS-1258", NULL},
	{"ISO-8859-1", "WINDOWS-1252"}, {"ISO-8859-2", NULL}, {"ISO-8859-3", NULL},
	{"ISO-8859-4", NULL}, {"ISO-8859-5", NULL}, {"ISO-8859-6", NULL},
	{"ISO-8859-7", NULL}, {"ISO-8859-8", NULL}, {"ISO-8859-9", "WINDOWS-1254"},
	{"ISO-8859-10", NULL}, {"ISO-8859-11", NULL}, {"ISO-8859-13", NULL},
	{"ISO-8859-15", NULL}, {"ISO-8859-16", NULL}, {"KOI8-R", NULL},
	{"MAC-CYRILLIC", NULL}, {"MAC-CENTRALEUROPE", NULL}, {"IBM852", NULL},
	{"IBM855", NULL}, {"IBM866", NULL}, {"TIS-620", "WINDOWS-874"},
	{"VISCII", NULL}, {"SHIFT_JIS", "CP932"}, {"EUC-JP", NULL},
	{"ISO-2022-JP", NULL}, {"EUC-KR", "CP949"}, {"ISO-2022-KR", NULL},
	{"GB18030", NULL}, {"HZ-GB-2312", NULL}, {"ISO-2022-CN", NULL},
	{"BIG5", NULL}, {"EUC-TW", NULL}, {"UTF-16LE", NULL}, {"UTF-16BE", NULL},
	{"UTF-32LE", NULL}, {"UTF-32BE", NULL},
};

/* The iconv name to decode a label with (the label itself, or its WHATWG
 * superset). */
static const char *decode_name(const char *label)
{
	size_t i;

	if (!strcasecmp(label, "iso-8859-1") || !strcasecmp(label, "latin1") ||
	    !strcasecmp(label, "us-ascii"))
		return "WINDOWS-1252";
	for (i = 0; i < sizeof known / sizeof *known; i++)
		if (!strcasecmp(label, known[i].name))
			return known[i].decode ? known[i].decode : known[i].name;
	return label;
}

/*
 * Decodes the n bytes at p from charset 'from' and appends the UTF-8 to out
 * (when out is NULL, only counts).  A byte invalid in 'from' becomes U+FFFD
 * and is counted in *bad.  Returns 0, LF_EFORMAT when iconv does not know
 * 'from', or out's LF_ENOMEM/LF_ETOOBIG, with err set.
 */
static int decode(const char *p, size_t n, const char *from, lf_buf *out, size_t *bad, lf_err *err)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char chunk[16384];
	char *in = (char *)p;
	size_t inleft = n;
	int rc = 0;

	*bad = 0;
	if (cd == (iconv_t)-1)
		return lf_err_set(err, LF_EFORMAT, "unsupported character encoding \"%s\"", from);
	while (inleft && !rc) {
		char *o = chunk;
		size_t oleft = sizeof chunk;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		int e = errno;
		if (out && (rc = lf_buf_add(out, chunk, sizeof chunk - oleft)) != 0) {
			lf_err_set(err, rc, "%s", rc == LF_ETOOBIG ? "text too large after conversion" : lf_strerror(rc));
		} else if (r == (size_t)-1 && e != E2BIG) {
			/* an invalid or truncated sequence: U+FFFD, and go on */
			(*bad)++;
			if (out && (rc = lf_buf_add(out, LF_UTF8_FFFD, 3)) != 0)
				lf_err_set(err, rc, "%s", rc == LF_ETOOBIG ? "text too large after conversion" : lf_strerror(rc));
			in++;
			inleft--;
		}
	}
	iconv_close(cd);
	return rc;
}

/* 1 if iconv can decode from this label. */
static int iconv_knows(const char *label)
{
	iconv_t cd = iconv_open("UTF-8", decode_name(label));

	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/*
 * Confidence.  uchardet 0.0.7 has no confidence call (uchardet_get_confidence
 * came in 0.0.8); it answers "" itself when its best prober's confidence is
 * at most 0.20 (nsUniversalDetector::DataEnd, MINIMUM_THRESHOLD), and that
 * threshold is the first half of ours.  The second half checks the answer
 * against the bytes: decoded in the named charset, at most one byte in a
 * thousand of the sample may be invalid (a stray byte, or a sample cut in
 * the middle of a character, is allowed; a multi-byte charset named for
 * single-byte text fails it at once).  An answer that fails either half,
 * or names a charset not in the table above, is no answer: the caller
 * falls back to windows-1252 and says so.
 */
const char *lf_charset_detect(const char *p, size_t n)
{
	uchardet_t ud;
	const char *got, *name = NULL;
	size_t i, bad;

	if (n > LF_CHARSET_SAMPLE)
		n = LF_CHARSET_SAMPLE;
	if (!n || !(ud = uchardet_new()))
		return NULL;
	if (uchardet_handle_data(ud, p, n) == 0) {
		uchardet_data_end(ud);
		got = uchardet_get_charset(ud);
		for (i = 0; got && i < sizeof known / sizeof *known; i++)
			if (!strcasecmp(got, known[i].name))
				name = known[i].name;
	}
	uchardet_delete(ud);
	if (!name || !iconv_knows(name))
		return NULL;
	if (decode(p, n, decode_name(name), NULL, &bad, NULL) != 0 || bad > n / 1000)
		return NULL;
	return name;
}

int lf_charset_to_utf8(const char *p, size_t n, const char *declared, lf_buf *out,
                       lf_charset *cs, lf_err *err)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t bad;
	int rc;

	lf_buf_reset(out);
	cs->bad_declared[0] = '\0';
	cs->how = LF_CS_DECLARED;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		p += 3, n -= 3;
		cs->name = "UTF-8", cs->how = LF_CS_BOM;
		declared = "UTF-8";
	} else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		cs->name = "UTF-16LE", cs->how = LF_CS_BOM;
		return decode(p + 2, n - 2, "UTF-16LE", out, &bad, err);
	} else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		cs->name = "UTF-16BE", cs->how = LF_CS_BOM;
		return decode(p + 2, n - 2, "UTF-16BE", out, &bad, err);
	}
	cs->name = declared;
	if (declared && (strcasestr(declared, "utf-8") || strcasestr(declared, "utf8")))
		cs->name = "UTF-8"; /* "unicode-1-1-utf-8", "x-unicode20utf8" (WHATWG labels) */
	if ((cs->name && strcasecmp(cs->name, "UTF-8") && !iconv_knows(cs->name)) ||
	    (cs->name && !strcasecmp(cs->name, "UTF-8") && !lf_utf8_valid(p, n))) {
		/* a label iconv does not know, or UTF-8 declared on bytes that
		 * are not: set aside, and said with the guess */
		snprintf(cs->bad_declared, sizeof cs->bad_declared, "%s", declared);
		cs->name = NULL;
	}
	if (!cs->name) {
		if (lf_utf8_valid(p, n))
			cs->name = "UTF-8", cs->how = LF_CS_UTF8;
		else if ((cs->name = lf_charset_detect(p, n)) != NULL)
			cs->how = LF_CS_DETECTED;
		else
			cs->name = "WINDOWS-1252", cs->how = LF_CS_FALLBACK;
	}
	if (!strcasecmp(cs->name, "UTF-8")) {
		rc = lf_buf_add(out, p, n);
		return rc ? lf_err_set(err, rc, "%s", rc == LF_ETOOBIG ? "text too large" : lf_strerror(rc)) : 0;
	}
	return decode(p, n, decode_name(cs->name), out, &bad, err);
}

const char *lf_charset_note(const lf_charset *cs, char *buf, size_t size)
{
	char why[120];

	if (cs->how != LF_CS_DETECTED && cs->how != LF_CS_FALLBACK)
		return NULL;
	if (cs->bad_declared[0])
		snprintf(why, sizeof why, "declared charset \"%s\" %s", cs->bad_declared,
		         iconv_knows(cs->bad_declared) ? "does not fit the bytes" : "is unknown");
	else
		snprintf(why, sizeof why, "no charset declared");
	if (cs->how == LF_CS_DETECTED)
		snprintf(buf, size, "%s; read as %s (detected)", why, cs->name);
	else
		snprintf(buf, size, "%s and none detected; read as WINDOWS-1252", why);
	return buf;
}
