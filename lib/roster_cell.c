/*
 * roster_cell.c - what a roster sheet's cells say beyond plain text:
 * a day as the team's country writes it (a birth date, "30.04.2011" or
 * "4/30/2011"), and a yes or a no.  roster.c reads the rows with them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumbing.h"
#include "people.h"

/*
 * How a team's sheets write a day, by its country: the US and the
 * countries that write as it does put the month first; Canada writes
 * both, a French-speaking team the day first; every other country the
 * day first.  A spreadsheet exports a day as the computer's settings
 * show it, and those follow the country.
 */
enum day_order
roster_day_order(const char *country, const char *language)
{
	static const char *const month_first[] = { "US", "PR", "GU", "VI",
	    "AS", "MP", "UM", "PH", "FM", "MH", "PW" };
	size_t	 i;

	if (country == NULL)
		return DAY_OR_MONTH;
	for (i = 0; i < sizeof(month_first) / sizeof(month_first[0]); i++)
		if (strcasecmp(country, month_first[i]) == 0)
			return MONTH_FIRST;
	if (strcasecmp(country, "CA") == 0)
		return language != NULL && strcmp(language, "fr") == 0 ?
		    DAY_FIRST : DAY_OR_MONTH;
	return DAY_FIRST;
}

/*
 * Reads "30.04.2011" or "4/30/2011" (one or two digits, the same mark
 * twice, a year of four): the two numbers before the year in *a and
 * *b, the mark in *sep.  Returns 0, 2 for a year of two digits, -1 for
 * anything else.
 */
static int
day_numbers(const char *v, int *a, int *b, int *y, char *sep)
{
	static const char digits[] = "0123456789";
	const char	*q, *r;
	size_t		 n;

	if ((n = strspn(v, digits)) < 1 || n > 2 || v[n] == '\0' ||
	    strchr("/.-", v[n]) == NULL)
		return -1;
	*sep = v[n];
	q = v + n + 1;
	if ((n = strspn(q, digits)) < 1 || n > 2 || q[n] != *sep)
		return -1;
	r = q + n + 1;
	if (((n = strspn(r, digits)) != 2 && n != 4) || r[n] != '\0')
		return -1;
	*a = atoi(v);
	*b = atoi(q);
	*y = atoi(r);
	return n == 2 ? 2 : 0;
}

/*
 * A birth date into *out (allocated, "2011-04-30"): as ISO writes it,
 * or the day first or the month first as the team's order says (a
 * Canadian sheet either, when only one reading is a day).  Never the
 * other way round unsaid: a day the team's order cannot read, or one
 * that reads both ways, is refused with why in why, and which form to
 * use.  Masters rowers and coaches were born last century too.
 * Returns 0 or -1.
 */
int
roster_birth_date(const char *v, enum day_order order, char **out,
    char why[DAY_WHY_MAX])
{
	static const char *const forms[] = {
		[DAY_FIRST] = "YYYY-MM-DD or DD.MM.YYYY",
		[MONTH_FIRST] = "YYYY-MM-DD or MM/DD/YYYY",
		[DAY_OR_MONTH] = "YYYY-MM-DD",
	};
	char		 day[11], dm[11], md[11], iso[32];
	const char	*reason = "is not a day";
	int		 a, b, y, rc, has_dm, has_md;
	char		 sep;

	if (day_parse_from(v, 1900, day) == 0)
		goto found;
	if ((rc = day_numbers(v, &a, &b, &y, &sep)) == 2)
		reason = "has a year of two digits";
	if (rc != 0)
		goto refused;
	/* dots are how Europe writes a day: a US sheet's are no order */
	if (order == MONTH_FIRST && sep == '.')
		order = DAY_OR_MONTH;
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, b, a);
	has_dm = day_parse_from(iso, 1900, dm) == 0;
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, a, b);
	has_md = day_parse_from(iso, 1900, md) == 0;
	if (order == DAY_OR_MONTH && has_dm && has_md && a != b) {
		reason = "may be read day first or month first";
		goto refused;
	}
	if (has_dm && order != MONTH_FIRST) {
		memcpy(day, dm, sizeof(day));
		goto found;
	}
	if (has_md && order != DAY_FIRST) {
		memcpy(day, md, sizeof(day));
		goto found;
	}
	if (has_md)
		reason = "has the month first, where the team's country "
		    "writes the day first";
	else if (has_dm)
		reason = "has the day first, where the team's country "
		    "writes the month first";
refused:
	snprintf(why, DAY_WHY_MAX, "%s: write it %s", reason, forms[order]);
	return -1;
found:
	free(*out);
	return (*out = xstrdup(day)) == NULL ? -1 : 0;
}

/* yes, no (and 1, 0, true, false, y, n) into *out; 0 or -1. */
int
roster_yes_no(const char *v, int *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "y") || !strcmp(v, "1") ||
	    !strcmp(v, "true"))
		*out = 1;
	else if (!strcmp(v, "no") || !strcmp(v, "n") || !strcmp(v, "0") ||
	    !strcmp(v, "false"))
		*out = 0;
	else
		return -1;
	return 0;
}
