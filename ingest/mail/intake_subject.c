/*
 * intake_subject.c - what a coach email's subject and Date header say:
 * whether it is a forward or a reply ("Fwd:", "AW:", "[Club] RE :"),
 * the one day a subject names ("Valoraciones 26/11"), and so the day
 * its ratings are for when no date line says it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

#define DATE_PAST	30	/* days a Date header may be behind its arrival */
#define DATE_AHEAD	2	/* and ahead of it */

/* Whether day lies within the days an email come at now may rate. */
static int
day_near(const char *day, time_t now)
{
	char	 first[11], last[11];

	day_before(now, DATE_PAST, first);
	day_before(now, -DATE_AHEAD, last);
	return strcmp(day, first) >= 0 && strcmp(day, last) <= 0;
}

/* What mail apps put before a forwarded message's subject, in their
 * languages (Outlook's TR, WG, RV, I, Doorst, VB, VL, VS, PD). */
static const char *const subject_forwards[] = { "fw", "fwd", "wg", "tr",
    "rv", "i", "doorst", "vb", "vl", "vs", "pd", "enc", NULL };
/* ...and before a reply's, or either. */
static const char *const subject_replies[] = { "re", "fw", "fwd", "aw",
    "wg", "tr", "rv", "r", "sv", "vs", "antw", "doorst", "ref", "enc",
    "rif", "odp", "vl", NULL };

/*
 * Whether subject s begins with one of the prefixes of v and a colon,
 * after any "[Club]" tags: "[Club] RE : ...", "Re[2]: ...", "Antw: ...".
 * *rest (when not NULL) is where the subject goes on after the tags.
 */
static int
subject_prefixed(const char *s, const char *const *v, const char **rest)
{
	const char	*t;
	size_t		 n, i;

	for (s += strspn(s, " \t"); *s == '['; s += strspn(s, " \t"))
		s += (t = strchr(s, ']')) != NULL ? (size_t)(t - s) + 1 :
		    strlen(s);
	if (rest != NULL)
		*rest = s;
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
	t = s + n;
	if (*t == '[' || *t == '^')
		t += strspn(t + 1, "0123456789") + 1 + (*t == '[');
	t += strspn(t, " \t");
	for (i = 0; *t == ':' && v[i] != NULL; i++)
		if (strlen(v[i]) == n && strncasecmp(s, v[i], n) == 0)
			return 1;
	return 0;
}

/* Whether subject s is a forwarded message's. */
int
intake_forwarded(const char *s)
{
	return subject_prefixed(s, subject_forwards, NULL);
}

/*
 * The one day the subject of in names ("Valoraciones 26/11"), as the
 * team's country writes it, into day: 0, or -1 when it names none,
 * two, or one too far from now, or is a reply's or a forward's.  A
 * reply's subject is an older email's: a coach who answers last
 * week's sheet or digest with this week's scores means this week.  A
 * refusal quotes the day back as a date line, which the corrected
 * lines sent in a reply keep.
 */
int
intake_subject_day(const struct incoming *in, time_t now, char day[11])
{
	const char	*s = in->m.subject, *t;
	char		 word[32], found[11] = "", scratch[11];
	size_t		 n;
	int		 dots;

	if (s == NULL || subject_prefixed(s, subject_replies, &s))
		return -1;
	while (*(s += strspn(s, " \t,;()[]")) != '\0') {
		n = strcspn(s, " \t,;()[]");
		if (n > 1 && n < sizeof(word)) {
			memcpy(word, s, n);
			word[n] = '\0';
			if (word[n - 1] == ':')
				word[--n] = '\0';
			/* "26/11." ends a sentence */
			if (n > 1 && word[n - 1] == '.' && strchr(word, '/'))
				word[--n] = '\0';
			/* "10.05" is a time: a day with dots shows it,
			 * "26.11." or "26.11.2026" */
			dots = (t = strchr(word, '.')) != NULL &&
			    word[n - 1] != '.' && strchr(t + 1, '.') == NULL;
			if (!dots && strpbrk(word, "/.-") != NULL &&
			    day_read(word, now,
			    in->p.month_first, scratch) == 0) {
				if (found[0] != '\0' &&
				    strcmp(found, scratch) != 0)
					return -1;	/* two days: neither */
				memcpy(found, scratch, sizeof(found));
			}
		}
		s += n;
	}
	if (found[0] == '\0' || !day_near(found, now))
		return -1;
	memcpy(day, found, sizeof(found));
	return 0;
}

/*
 * The day (into day) the ratings of in, come at now, are for: its
 * "date:" line (or the day its subject names: intake_subject_day()), or its
 * Date header's day; the day it came when it has none of them, or
 * when the header is no day or one more than DATE_PAST days before or
 * DATE_AHEAD days after it: a phone's clock gone wrong or an email of
 * long ago sent again, whose scores would be stored for a day the
 * coach never meant (in a season sealed long ago, or ahead of the
 * athletes' answers) without a word.  Returns 1 when the header was
 * set aside so (the reply says it), else 0.
 */
int
intake_rated_day(const struct incoming *in, time_t now, char day[11])
{
	char	 header[11];

	day_string(now, day);
	if (in->p.date[0] != '\0') {
		snprintf(day, 11, "%s", in->p.date);
		return 0;
	}
	if (in->m.date[0] == '\0')
		return 0;
	if (day_parse(in->m.date, header) == -1 || !day_near(header, now))
		return 1;
	snprintf(day, 11, "%s", header);
	return 0;
}
