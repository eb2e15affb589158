/*
 * wordform.c - numbers and days as the reader's language writes them,
 * from the catalogue's entries (words.c): the decimal mark, grouped
 * digits, a session's slot, a day on a chart, a date in a sentence.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumbing.h"

/*
 * The reader's decimal mark, '.' or ',' (gen.decimal): "82.5", "82,5".
 */
char
words_decimal(void)
{
	const char	*mark = words_get(NULL, "gen.decimal");

	return strlen(mark) == 1 ? mark[0] : '.';
}

/*
 * s, a value or a range as written ("12500", "-1250", "10000,5 m",
 * "0-20000 m"), each of its whole numbers grouped in thousands as the
 * reader's language does (gen.thousands): "12,500", "12 500" (a narrow
 * no-break space), "12.500".  Its decimals are tenths, never grouped.
 * Left as it is when the grouped text does not fit size.  For what a
 * person reads only: nothing reads such a number back.  Returns s.
 */
char *
words_grouped(char *s, size_t size)
{
	const char	*sep = words_get(NULL, "gen.thousands");
	char		 t[128];
	size_t		 i, j = 0, d, n, k = strlen(sep);

	for (i = 0; s[i] != '\0'; i += n) {
		for (n = 0; isdigit((unsigned char)s[i + n]); n++)
			continue;
		if (n == 0) {
			/* anything but a number: as it is */
			if (j + 1 >= sizeof(t))
				return s;
			t[j++] = s[i];
			n = 1;
			continue;
		}
		for (d = 0; d < n; d++) {
			if (d > 0 && (n - d) % 3 == 0) {
				if (j + k >= sizeof(t))
					return s;
				memcpy(t + j, sep, k);
				j += k;
			}
			if (j + 1 >= sizeof(t))
				return s;
			t[j++] = s[i + d];
		}
	}
	if (j >= size)
		return s;
	memcpy(s, t, j);
	s[j] = '\0';
	return s;
}

static const char *const month_names[12] = { "gen.month_jan",
    "gen.month_feb", "gen.month_mar", "gen.month_apr", "gen.month_may",
    "gen.month_jun", "gen.month_jul", "gen.month_aug", "gen.month_sep",
    "gen.month_oct", "gen.month_nov", "gen.month_dec" };

/*
 * A session's slot as stored ("am", "pm", or "" for none) in the
 * reader's words: "matin" and "soir" in French.
 */
const char *
words_slot(const char *slot)
{
	if (strcmp(slot, "am") == 0)
		return words_get(NULL, "gen.slot_am");
	if (strcmp(slot, "pm") == 0)
		return words_get(NULL, "gen.slot_pm");
	return slot;
}

/*
 * A day as the reader's language writes it on a chart or in a table,
 * "12 Nov" from "2026-11-12" (gen.day_label, gen.day_first), cut to 15
 * bytes; the input when it is not a date.  Returns out.
 */
const char *
words_day(const char *day, char out[WORDS_DAY_MAX])
{
	/*
	 * A page writes a label for each round and check-in, and a team's
	 * pages the same few hundred days: each worker thread keeps the
	 * last label of a slot, for its language.
	 */
	static _Thread_local struct {
		const char	*lang;
		char		 day[11], label[WORDS_DAY_MAX];
	} seen[512];
	struct buf	 b = { 0 };
	const char	*lang = words_lang();
	size_t		 k, i;
	int		 y, m, d;

	for (k = 0, i = 0; i < 10 && day[i] != '\0'; i++)
		k = k * 31 + (unsigned char)day[i];
	k %= 512;
	if (i == 10 && seen[k].lang == lang &&
	    memcmp(seen[k].day, day, 11) == 0) {
		memcpy(out, seen[k].label, WORDS_DAY_MAX);
		return out;
	}
	/* the first of a month may be written apart: "1er déc." */
	if (day_ymd(day, &y, &m, &d) == 0 && words_printf(&b, NULL,
	    d == 1 ? "gen.day_first" : "gen.day_label", d,
	    words_get(NULL, month_names[m - 1])) == 0 && !buf_failed(&b))
		snprintf(out, WORDS_DAY_MAX, "%s", b.data);
	else
		snprintf(out, WORDS_DAY_MAX, "%.15s", day);
	buf_free(&b);
	if (i == 10 && day[10] == '\0' && day_ymd(day, &y, &m, &d) == 0) {
		seen[k].lang = lang;
		memcpy(seen[k].day, day, 11);
		memcpy(seen[k].label, out, WORDS_DAY_MAX);
	}
	return out;
}

/*
 * A day with its year, "12 Nov 2026", or a month, "Nov 2026" from
 * "2026-11" (gen.day_year after the day's label or the month's name):
 * a date a person reads on its own, in a period, a table of a season
 * or a reply, where a year is not known from around it.  The input
 * when it is neither.  Returns out.
 */
const char *
words_date(const char *day, char out[WORDS_DATE_MAX])
{
	struct buf	 b = { 0 };
	char		 label[WORDS_DAY_MAX], month[11];
	const char	*what = NULL;
	int		 y, m, d;

	if (day_ymd(day, &y, &m, &d) == 0)
		what = words_day(day, label);
	else if (strlen(day) == 7) {
		snprintf(month, sizeof(month), "%s-01", day);
		if (day_ymd(month, &y, &m, &d) == 0)
			what = words_get(NULL, month_names[m - 1]);
	}
	if (what != NULL && words_printf(&b, NULL, "gen.day_year", what,
	    day) == 0 && !buf_failed(&b))
		snprintf(out, WORDS_DATE_MAX, "%s", b.data);
	else
		snprintf(out, WORDS_DATE_MAX, "%s", day);
	buf_free(&b);
	return out;
}
