/*
 * date.h - the one date parser: every reader turns what it finds into the
 * stored form through here ("YYYY-MM-DD", or "YYYY-MM" / "YYYY" when the
 * source gives no more; see core/doc.h).
 *
 * Two ways in.  lf_date_value reads a field that holds a date and nothing
 * else of note (an XML attribute or element, a front matter value): ISO
 * 8601, complete or reduced ("2016-04-27", "2016-04", "2016", optionally
 * followed by a time), or its basic form ("20160427").  lf_date_find finds
 * the first date in running text, in the forms legislation prints:
 *
 *   2016-04-27          ISO
 *   2016年11月7日        Chinese and Japanese
 *   4.5.2016, 20.06.2013  day.month.year (German, EUR-Lex references)
 *   27 April 2016, 13. Juni 2002, 1er janvier 2000, 14 de agosto de 2018
 *                       day, month name, year (English, German, French,
 *                       Spanish, Portuguese, Italian, Dutch month names)
 *   July 15, 2016       month name, day, year (US)
 *
 * Every complete date is checked: a year 1000-2999, a month 1-12, a day
 * 1-31.  No allocation; out is written only on success.
 */
#ifndef LF_DATE_H
#define LF_DATE_H

#include <stddef.h>

#define LF_DATE_SIZE 11 /* "YYYY-MM-DD" and its NUL */

/* Writes y-m-d as "YYYY-MM-DD" into out; 0 (out untouched) if it is not a
 * date of the ranges above. */
int lf_date_ymd(int y, int m, int d, char out[LF_DATE_SIZE]);

/* The month (1-12) a month name p[0..n) stands for, any case, in the
 * languages above; 0 if none. */
int lf_date_month(const char *p, size_t n);

/* Reads p[0..n) as a date value (leading blanks skipped): "YYYY",
 * "YYYY-MM" or "YYYY-MM-DD" (month 01-12, day 01-31), followed by the end
 * or by a time or a separator (T, space, Z, +, /, ;, or - after a full
 * date: "2016-13-01" is no date, not "2016"); or "YYYYMMDD" not followed
 * by a digit.  Writes it into out and returns its length (4,
 * 7 or 10); 0 if the value is no date. */
size_t lf_date_value(const char *p, size_t n, char out[LF_DATE_SIZE]);

/* Finds the first date in running text p[0..n) (only its first 64 KiB are
 * searched) in one of the forms above, and writes it as YYYY-MM-DD into
 * out.  Returns 1 if found, else 0. */
int lf_date_find(const char *p, size_t n, char out[LF_DATE_SIZE]);

#endif
