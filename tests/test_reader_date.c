/*
 * test_reader_date.c - the one date parser every reader uses
 * (core/text/date.c): values (XML attributes, front matter) and dates in
 * running text, each form the readers met in real laws, and what is not
 * a date.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/text/date.h"

static const struct {
	const char *in, *want; /* want NULL: no date */
} values[] = {
	{"2016-04-27", "2016-04-27"},
	{"  2016-04-27T10:00:00Z", "2016-04-27"},
	{"2016-04", "2016-04"},
	{"2016", "2016"},
	{"2003-12-19/main", "2003-12-19"},
	{"2018-08-14;13709", "2018-08-14"},
	{"2016-04-27-1", "2016-04-27"},
	{"20160427", "2016-04-27"},     /* Formex ISO attributes */
	{"2016-13-01", NULL},           /* no month 13 */
	{"2016-02-32", NULL},
	{"2016-02 (Stand)", "2016-02"},
	{"20161327", NULL},
	{"201604271", NULL},
	{"2016x", NULL},
	{"16-04-27", NULL},
	{"27 April 2016", NULL},        /* running text is lf_date_find's */
	{"", NULL},
};

Test(date, values)
{
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char out[LF_DATE_SIZE] = "";
		size_t n = lf_date_value(values[i].in, strlen(values[i].in), out);
		if (!values[i].want)
			cr_expect_eq(n, 0, "%s: read as %s", values[i].in, out);
		else
			cr_expect(n == strlen(values[i].want) && !strcmp(out, values[i].want),
			          "%s: %s, not %s", values[i].in, n ? out : "nothing", values[i].want);
	}
}

static const struct {
	const char *in, *want;
} texts[] = {
	{"Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 April 2016",
	 "2016-04-27"},
	{"Gesetz vom 13. Juni 2002", "2002-06-13"},
	{"Loi du 1er janvier 2000", "2000-01-01"},
	{"Ley de 14 de agosto de 2018", "2018-08-14"},
	{"Lei de 14 de Março de 2014", "2014-03-14"},
	{"wet van 3 MAART 2010", "2010-03-03"},
	{"Zuletzt geändert durch Art. 29 G v. 6.5.2024 I Nr. 149", "2024-05-06"},
	{"2009L0065 — EN — 20.06.2013 — 003.001", "2013-06-20"},
	{"2016年11月7日第十二届全国人民代表大会常务委员会第二十四次会议通过", "2016-11-07"},
	{"adopted 2016-04-27 and published", "2016-04-27"},
	{"Approved July 15, 2016.", "2016-07-15"},            /* US actions */
	{"signed on December 1, 1998 and May 2, 2000", "1998-12-01"},
	{"Section 5 May 3, 20160", NULL},
	{"Article 44 of 2016", NULL},
	{"31.2.99", NULL},
	{"on 32 April 2016", NULL},
	{"A12.5.2016", NULL},     /* glued to a word */
	{"0999-01-01", NULL},
	{"Mayo", NULL},
};

Test(date, find_in_text)
{
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char out[LF_DATE_SIZE] = "";
		int found = lf_date_find(texts[i].in, strlen(texts[i].in), out);
		if (!texts[i].want)
			cr_expect(!found, "%s: found %s", texts[i].in, out);
		else
			cr_expect(found && !strcmp(out, texts[i].want), "%s: %s, not %s", texts[i].in,
			          found ? out : "nothing", texts[i].want);
	}
}

/* The first date in the text wins, whatever its form. */
Test(date, first_wins)
{
	char out[LF_DATE_SIZE];

	cr_assert(lf_date_find("March 3, 2001 amended 1.2.2003", 30, out));
	cr_expect_str_eq(out, "2001-03-03");
	cr_assert(lf_date_find("1.2.2003 amended March 3, 2001", 30, out));
	cr_expect_str_eq(out, "2003-02-01");
}

Test(date, months_and_days)
{
	char out[LF_DATE_SIZE] = "x";

	cr_expect_eq(lf_date_month("DÉCEMBRE", strlen("DÉCEMBRE")), 12);
	cr_expect_eq(lf_date_month("Jänner", strlen("Jänner")), 1);
	cr_expect_eq(lf_date_month("Maybe", 5), 0);
	cr_expect_eq(lf_date_ymd(2016, 2, 31, out), 1); /* no calendar: a day 1-31 */
	cr_expect_str_eq(out, "2016-02-31");
	cr_expect_eq(lf_date_ymd(3000, 1, 1, out), 0);
	cr_expect_eq(lf_date_ymd(2016, 0, 1, out), 0);
	cr_expect_str_eq(out, "2016-02-31"); /* untouched on failure */
}
