/*
 * ratemail_word.c - what a word or a cell of a coach's rating line is:
 * a score ("4", "3/5", "7:40", "12 500 m", "72,5 kg"), a blank ('_'),
 * a dash between a name and its scores, a metric with its score, a
 * name's shape ("Fletcher, Ben"), one of the team's metrics; and a
 * line cut into its cells.  All pure.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ratemail.h"

#define NAME_WORDS	5	/* the most words of an athlete's name */

/*
 * Past the unit a coach writes after a value ("72,5 kg", "88,4 Kilo",
 * "6:31,2 min" when time is set): the metric knows its own, and it is
 * no comment.  *comment is trimmed at the front.
 */
static void
unit_past(char **comment, int time)
{
	char	 w[16];
	size_t	 n = strcspn(*comment, " \t,;");

	if (n == 0 || n >= sizeof(w))
		return;
	memcpy(w, *comment, n);
	w[n] = '\0';
	if (words_is("kw.units", w) || (time && words_is("kw.minutes", w)))
		*comment = trim(*comment + n);
}

/*
 * A score token: "4", "4/5", "4." (a sentence's end), or a time or a
 * number with tenths, "6:45.3", "82.5", "82,5": then *score is in tenths and
 * *max is RM_TENTHS (or RM_TIME when written with minutes, which only a
 * time metric reads; ratecheck.c says).  Returns 1 and fills score/max.
 */
int
ratemail_score(const char *tok, long *score, long *max)
{
	char	 buf[24];
	char	*slash;
	size_t	 n;

	if ((n = strlen(tok)) >= sizeof(buf) || !isdigit((unsigned char)tok[0]))
		return 0;
	snprintf(buf, sizeof(buf), "%s", tok);
	/* "88,4kg": the metric knows its unit */
	for (n = 0; buf[n] != '\0' && !isalpha((unsigned char)buf[n]); n++)
		continue;
	if (buf[n] != '\0' && words_is("kw.units", buf + n))
		buf[n] = '\0';
	if ((n = strlen(buf)) > 0 && buf[n - 1] == '.')
		buf[n - 1] = '\0';
	*max = 0;
	/* a time with its tenths, as an erg shows it: "7:30" alone is the
	 * hour of a training in a sentence */
	if (strpbrk(buf, ":.,") != NULL) {
		*max = strchr(buf, ':') != NULL ? RM_TIME : RM_TENTHS;
		return strpbrk(buf, ".,") != NULL &&
		    metric_value_parse(METRIC_TIME, buf, score) == 0;
	}
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash = '\0';
		if (parse_long(slash + 1, 1, 1000, max) == -1)
			return 0;
	}
	/* as many digits as a number metric reads ("distance 12500"); a
	 * scale's range is checked with the metric's (rate_line()) */
	return parse_long(buf, 0, 9999999, score) == 0;
}

/* A blank, a score left out: "_" (or more of them). */
int
ratemail_blank(const char *tok)
{
	return tok[0] == '_' && tok[strspn(tok, "_")] == '\0';
}

/*
 * The length of the separator s starts with: '-', ':', '=', or the en
 * or em dash a phone's keyboard makes of "--"; 0 when none.
 */
size_t
ratemail_dash(const char *s)
{
	if (*s != '\0' && strchr("-:=", *s) != NULL)
		return 1;
	if (strncmp(s, "\xe2\x80\x93", 3) == 0 ||
	    strncmp(s, "\xe2\x80\x94", 3) == 0)
		return 3;
	return 0;
}

/* The length of the separator s ends with (len bytes), as ratemail_dash(). */
size_t
ratemail_dash_end(const char *s, size_t len)
{
	if (len >= 1 && ratemail_dash(s + len - 1) == 1)
		return 1;
	if (len >= 3 && ratemail_dash(s + len - 3) == 3)
		return 3;
	return 0;
}

/* s trimmed, without the separators it ends with ("technique: "). */
static char *
dashless(char *s)
{
	size_t	 n;

	s = trim(s);
	while ((n = ratemail_dash_end(s, strlen(s))) > 0) {
		s[strlen(s) - n] = '\0';
		s = trim(s);
	}
	return s;
}

/*
 * A time without its tenths, "7:21" (or "7:21." ending a sentence),
 * right after words (len bytes of them) that name one of the team's
 * time metrics (p->metrics): "ergo2k 7:21", "erg - 7:21".  Elsewhere
 * "7:30" is an hour and stays prose.  Returns 1 and fills score (in
 * tenths) and max (RM_TIME).
 */
int
ratemail_bare_time(const struct rm_parse *p, const char *words, size_t len,
    const char *tok, long *score, long *max)
{
	const struct metric	*m;
	const char		*hint;
	char			 name[128], t[8], *w;
	size_t			 n = strspn(tok, "0123456789");

	if (p->metrics == NULL || n == 0 || n > 2 || tok[n] != ':' ||
	    strspn(tok + n + 1, "0123456789") != 2 ||
	    (tok[n + 3] != '\0' && strcmp(tok + n + 3, ".") != 0) ||
	    len >= sizeof(name))
		return 0;
	memcpy(name, words, len);
	name[len] = '\0';
	w = dashless(name);
	/* a name, or a start of one three letters or more ("erg" of
	 * "erg2k"), or a whole word of one ("2k" of "Erg 2k"): "a 7:30"
	 * is no metric's */
	if (((m = metric_match(p->metrics->v, p->metrics->n, w,
	    &hint)) == NULL && (m = metric_word(p->metrics->v,
	    p->metrics->n, w, 1)) == NULL) || m->kind != METRIC_TIME ||
	    (strlen(w) < 3 && metric_named(p->metrics->v, p->metrics->n,
	    w) == NULL && metric_word(p->metrics->v, p->metrics->n, w,
	    1) == NULL))
		return 0;
	snprintf(t, sizeof(t), "%.*s", (int)n + 3, tok);
	if (metric_value_parse(METRIC_TIME, t, score) == -1)
		return 0;
	*max = RM_TIME;
	return 1;
}

/*
 * Splits "erg score 7/10 - New PB" into metric "erg score", score 7,
 * max 10, comment "New PB".  Returns 0 when there is no score.
 */
int
ratemail_split(const struct rm_parse *rp, char *s, char **metric, long *score,
    long *max, char **comment)
{
	char	*p = s, *tok, *end;
	size_t	 n;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		tok = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		end = p;
		if (*p != '\0')
			p++;
		*end = '\0';
		if (ratemail_score(tok, score, max) ||
		    ratemail_bare_time(rp, s, (size_t)(tok - s), tok, score,
		    max)) {
			*tok = '\0';
			/* "technique: 4", "technique = 4", "technique – 4" */
			*metric = dashless(s);
			*comment = trim(p);
			unit_past(comment, *max == RM_TIME);
			while ((n = ratemail_dash(*comment)) > 0)
				*comment = trim(*comment + n);
			return **metric != '\0';
		}
		if (end != p)
			end[0] = ' ';	/* put the word back */
	}
}

/*
 * A score among scores: a score token, or a time without its tenths
 * ("1:58", as a coach types an erg's split on a phone), which alone in
 * a sentence is an hour but among scores is a time (RM_TIME: only a
 * time metric reads it).
 */
int
ratemail_cell_score(const char *tok, long *score, long *max)
{
	char	 t[8];
	size_t	 n = strspn(tok, "0123456789");

	if (ratemail_score(tok, score, max))
		return 1;
	/* "1:58", or "1:58." at a sentence's end */
	if (n == 0 || n > 2 || tok[n] != ':' ||
	    strspn(tok + n + 1, "0123456789") != 2 ||
	    (tok[n + 3] != '\0' && strcmp(tok + n + 3, ".") != 0))
		return 0;
	snprintf(t, sizeof(t), "%.*s", (int)n + 3, tok);
	if (metric_value_parse(METRIC_TIME, t, score) == -1)
		return 0;
	*max = RM_TIME;
	return 1;
}

/*
 * A score token as a line of prose writes it, "6:48," (a comma, a
 * full stop or a semicolon after it): ratemail_cell_score()'s.
 */
int
ratemail_prose_score(const char *tok, size_t len, long *score, long *max)
{
	char	 t[24];

	while (len > 0 && strchr(",.;!", tok[len - 1]) != NULL)
		len--;
	if (len == 0 || len >= sizeof(t))
		return 0;
	memcpy(t, tok, len);
	t[len] = '\0';
	return ratemail_cell_score(t, score, max);
}

/*
 * Splits s at sep (a tab, '|', ',' or ' ' for any run of spaces, tabs,
 * commas and semicolons) into at most max trimmed cells; a '|' at
 * either end of a row (markdown) makes no cell.  Where the team writes
 * decimals with a comma, one comma between two digits stays in its
 * cell: "62,5" and "6:58,4" are one score each ("4,3" may be two, as
 * ratecheck.c says by the metric at its place).  A cell of a ',' or
 * ';' row in double quotes is one, its quotes taken off, as a
 * spreadsheet writes a name with a comma ("Fletcher, Ben").  Returns
 * how many.
 */
int
ratemail_cells(char *s, int sep, char **cell, int max)
{
	int	 n = 0;
	char	*e, *q;

	if (sep == '|') {
		s = trim(s);
		if (*s == '|')
			s++;
		if (*s != '\0' && s[strlen(s) - 1] == '|')
			s[strlen(s) - 1] = '\0';
	}
	while (n < max) {
		if (sep == ' ') {
			s += strspn(s, " \t,;");
			if (*s == '\0')
				break;
			e = s + strcspn(s, " \t,;");
			if (*e == ',' && e > s &&
			    isdigit((unsigned char)e[-1]) &&
			    isdigit((unsigned char)e[1]) &&
			    words_decimal() == ',')
				e += 1 + strcspn(e + 1, " \t,;");
			if (*e == '\0')
				e = NULL;	/* the last cell */
		} else if ((sep == ',' || sep == ';') &&
		    *(s += strspn(s, " ")) == '"' &&
		    (q = strchr(s + 1, '"')) != NULL &&
		    (q[1 + strspn(q + 1, " ")] == sep ||
		    q[1 + strspn(q + 1, " ")] == '\0')) {
			*q = '\0';	/* "Fletcher, Ben",4,6 */
			s++;
			e = strchr(q + 1, sep);
		} else
			e = strchr(s, sep);
		if (e != NULL)
			*e = '\0';
		cell[n++] = trim(s);
		if (e == NULL)
			break;
		s = e + 1;
	}
	return n;
}

/*
 * Whether s, "Fletcher, Ben", can be a name written surname first, or
 * a name that holds a comma ("Smith, Jr"): one comma, a few words
 * either side, no digit; when strict (no scores on its line to say it
 * is an athlete's), each word capitalised too, as a name is written
 * and "Hi all, see below" is not.
 */
int
ratemail_comma_name(const char *s, int strict)
{
	const char	*comma = strchr(s, ','), *w;
	char		 first[256];
	size_t		 n;

	if (comma == NULL || strchr(comma + 1, ',') != NULL ||
	    strpbrk(s, "\t;@0123456789") != NULL ||
	    (n = (size_t)(comma - s)) >= sizeof(first))
		return 0;
	memcpy(first, s, n);
	first[n] = '\0';
	if (*trim(first) == '\0' || text_words(trim(first)) > 3 ||
	    comma[1 + strspn(comma + 1, " ")] == '\0' ||
	    text_words(comma + 1 + strspn(comma + 1, " ")) > 3)
		return 0;
	for (w = s; strict && *w != '\0'; w++)
		if ((w == s || w[-1] == ' ') && *w != ' ' && *w != ',' &&
		    islower((unsigned char)*w))
			return 0;
	return 1;
}

/*
 * Whether s, before a ':', can be an athlete: a name, @handle or email;
 * not prose ("Hi all, see below", "Training at 7").  A name with a
 * comma (ratemail_comma_name()) is one when scored (scores follow it on its
 * line), or capitalised.
 */
int
ratemail_name_like_as(const char *s, int scored)
{
	size_t	 n = strlen(s);

	if (n == 0 || n >= 256 || text_words(s) > NAME_WORDS ||
	    (strpbrk(s, "\t,;") != NULL && !ratemail_comma_name(s, !scored)))
		return 0;
	/* "@jdoe", an address; not "technique 4 @HYPERLINK(\"http" */
	if (strchr(s, '@') != NULL)
		return strpbrk(s, " \t") == NULL;
	return strpbrk(s, "0123456789") == NULL;
}

int
ratemail_name_like(const char *s)
{
	return ratemail_name_like_as(s, 0);
}

/* Marks the ratings p read from first on as read so (RM_READ_*). */
void
ratemail_read_as(struct rm_parse *p, size_t first, int how)
{
	for (; first < p->n; first++)
		p->v[first].read |= how;
}

/*
 * Whether name is one of the team's metrics (p->metrics: none known,
 * none is), as how says.
 */
int
ratemail_metric_like(const struct rm_parse *p, const char *name,
    enum rm_like how)
{
	const struct metric_set	*ms = p->metrics;
	const char		*hint;

	if (ms == NULL)
		return 0;
	if (metric_named(ms->v, ms->n, name) != NULL)
		return 1;
	if (how == LIKE_LOOSE)
		return metric_match(ms->v, ms->n, name, &hint) != NULL ||
		    hint != NULL || metric_word(ms->v, ms->n, name, 1) != NULL;
	return how == LIKE_KNOWN && ((strlen(name) >= 3 &&
	    metric_match(ms->v, ms->n, name, &hint) != NULL) ||
	    metric_word(ms->v, ms->n, name, 1) != NULL);
}
