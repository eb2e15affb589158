/*
 * day.c - calendar days as cox keeps them, "YYYY-MM-DD" in the team's
 * zone: read from what coaches write (ISO, or day and month in the
 * order of the team's country, with or without a year), checked,
 * split into year, month and day, counted back in days rather than
 * seconds; and the clock they are counted from (now, or $COX_NOW).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumbing.h"

/*
 * "2026-11-20" (and nothing after it), a day of a year from first to
 * 2999, into out, normalised; 0 or -1.
 */
int
day_parse_from(const char *s, int first, char out[11])
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] != '\0' ||
	    y < first || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1] || (m == 2 && d == 29 && (y % 4 != 0 ||
	    (y % 100 == 0 && y % 400 != 0))))
		return -1;
	/* the ranges are checked: the remainders only tell the compiler */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000,
	    (unsigned)m % 100, (unsigned)d % 100);
	return 0;
}

/*
 * Whether country (ISO 3166 alpha-2) writes the month before the day:
 * 11/23 for the 23rd of November in the United States and the places
 * that write as it does; everywhere else 23/11.
 */
int
day_month_first(const char *country)
{
	static const char *const mdy[] = { "US", "AS", "GU", "MP", "PR",
	    "UM", "VI", "FM", "MH", "PW", "PH" };
	size_t	 i;

	for (i = 0; country != NULL && i < sizeof(mdy) / sizeof(mdy[0]); i++)
		if (strcasecmp(country, mdy[i]) == 0)
			return 1;
	return 0;
}

/* One to n digits at *s, moving past them; -1 when none or more. */
static int
digits(const char **s, int n)
{
	int	 v = 0, k = 0;

	while (isdigit((unsigned char)**s) && k < n) {
		v = v * 10 + (**s - '0');
		(*s)++, k++;
	}
	return k == 0 || isdigit((unsigned char)**s) ? -1 : v;
}

/* The days from day a to day b, both "YYYY-MM-DD", at noon. */
static double
days_apart(const char *a, const char *b)
{
	struct tm	 ta = { .tm_hour = 12, .tm_isdst = -1 };
	struct tm	 tb = { .tm_hour = 12, .tm_isdst = -1 };

	(void)day_ymd(a, &ta.tm_year, &ta.tm_mon, &ta.tm_mday);
	(void)day_ymd(b, &tb.tm_year, &tb.tm_mon, &tb.tm_mday);
	ta.tm_year -= 1900, ta.tm_mon--;
	tb.tm_year -= 1900, tb.tm_mon--;
	return difftime(mktime(&tb), mktime(&ta)) / 86400;
}

/*
 * A day as coaches write it, into out as YYYY-MM-DD: 2026-11-23, or
 * the day and the month in the order of the team's country (month
 * first when month_first: 11/23), parted by '/' or '.', with a year
 * of four digits or two (23/11/2026, 23.11.26), or none ("23/11",
 * "23.11."): then the day nearest now, before or after it (the round
 * just past, the session just ahead, either side of New Year).
 * 0, or -1 when s is no day that exists.
 */
int
day_read(const char *s, time_t now, int month_first, char out[11])
{
	const char	*p = s;
	char		 today[11], iso[48], best[11] = "";
	int		 a, b, y = -1, sep, k;
	double		 gap, least = 0;

	if (day_parse(s, out) == 0)
		return 0;
	if ((a = digits(&p, 2)) == -1 || (*p != '/' && *p != '.'))
		return -1;
	sep = *p++;
	if ((b = digits(&p, 2)) == -1)
		return -1;
	if (*p == sep && isdigit((unsigned char)p[1])) {
		p++;
		k = (int)strspn(p, "0123456789");
		if ((k != 2 && k != 4) || (y = digits(&p, 4)) == -1)
			return -1;
		if (k == 2)
			y += 2000;
	} else if (*p == '.' && sep == '.')
		p++;		/* "23.11." as German writes it */
	if (*p != '\0')
		return -1;
	if (month_first) {
		k = a;
		a = b;
		b = k;
	}
	if (y != -1) {
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, b, a);
		return day_parse(iso, out);
	}
	day_string(now, today);
	y = (today[0] - '0') * 1000 + (today[1] - '0') * 100 +
	    (today[2] - '0') * 10 + (today[3] - '0');
	for (k = y - 1; k <= y + 1; k++) {
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", k, b, a);
		if (day_parse(iso, out) == -1)
			continue;
		gap = fabs(days_apart(today, out));
		if (best[0] == '\0' || gap < least) {
			memcpy(best, out, sizeof(best));
			least = gap;
		}
	}
	if (best[0] == '\0')
		return -1;
	memcpy(out, best, 11);
	return 0;
}

/*
 * Year, month and day of "YYYY-MM-DD" (what SQLite's date() writes):
 * 0, or -1 when it is not one.  Every point of every history chart goes
 * through here, so no sscanf.
 */
int
day_ymd(const char *s, int *y, int *m, int *d)
{
	int	 i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !isdigit((unsigned char)s[i]))
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 ? 0 : -1;
}

/* A day of this century's club life (a rating's, a session's); 0 or -1. */
int
day_parse(const char *s, char out[11])
{
	return day_parse_from(s, 2000, out);
}

/*
 * Now, or $COX_NOW in Unix seconds: a site rebuilt as of a given day,
 * reminders tried at a given hour.
 */
time_t
clock_now(void)
{
	const char	*v = getenv("COX_NOW");
	long		 t;

	if (v != NULL && parse_long(v, 0, 253402300799L, &t) == 0)
		return (time_t)t;
	return time(NULL);
}

/*
 * The day `back` days before t's, in the team's calendar: counted in
 * days, not in 86,400 s, which a clock change makes 23 or 25 hours.
 */
void
day_before(time_t t, int back, char out[11])
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	tm.tm_mday -= back;
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	day_string(t, out);
}

void
day_string(time_t t, char out[11])
{
	struct tm	 tm;

	localtime_r(&t, &tm);	/* the team's day: workspace_open() set TZ */
	strftime(out, 11, "%Y-%m-%d", &tm);
}
