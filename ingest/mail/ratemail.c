/*
 * ratemail.c - the formats coaches email ratings in (DESIGN.md §4
 * "A coach's email"), read without the roster (ratecheck.c resolves
 * what is read):
 *
 *	date: 2026-11-20            (optional)
 *
 *	Jane Doe:                   the block format: a line ending in ':'
 *	  technique 4  Catch timing is improving.    names an athlete, each
 *	  fitness 3/5                                following line is
 *	                                             "metric score[/max]
 *	                                             [comment]"
 *	order: technique fitness    the order scores alone are in (the
 *	                            team's metric order when none is given)
 *	Jane Doe: 4 _ 3             scores alone; '_' leaves a metric out
 *	Sam: technique 4, fitness 3 great week
 *	                            pairs, split at ',' or ';', each comment
 *	                            running to the next split (a piece with
 *	                            no digit carries on the comment before)
 *	Name<TAB>technique<TAB>fitness     a table pasted in: tab-, '|'-,
 *	Jane Doe<TAB>4<TAB>3               semicolon- or comma-separated,
 *	                                   its header row (optional) naming
 *	                                   the metrics, its name column's
 *	                                   in any language (kw.col_athlete)
 *
 * and, as a phone's coach writes them, each line read so marked
 * (RM_READ_*) for the answer to show as a guess (rateanswer.c):
 *
 *	Ben: 4 6 7:40 2 keeps rushing    scores alone, then their comment
 *	Ben - 4 6 7:40 2                 a name without its ':'
 *	Oliver erg 6:48                  and pairs so
 *	Fletcher, Ben: 4 6 7:40 2        surname first, "Fletcher, Ben",4
 *	Oliver erg 6:48 not 6:58         a correction (kw.instead)
 *
 * Prose that does not look like a rating is ignored before the first
 * athlete (a greeting) and after a blank line (a sign-off); inside an
 * athlete's lines it is an error.  Lines starting "(!)" are the marks
 * a refusal put under the lines it quoted back, and are skipped.
 * Quoted replies, forwarded messages and signatures are cut off first
 * (quote_strip(), quote.c).  The same data may come as a CSV
 * attachment, long (athlete, metric, score, comment) or wide (athlete,
 * then a column per metric).
 *
 * Parsing is pure (and fuzzed): every problem is kept with its line
 * and, where there is one, the athlete it refuses.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

#define RM_MAX_LINES	5000
#define RM_MAX_LINE	2000
#define RM_MAX_CELLS	64	/* of a table's row, or scores on a line */
#define NAME_WORDS	5	/* the most words of an athlete's name */
#define METRIC_WORDS	3	/* of a metric's, in a line of pairs */

/*
 * Adds catalogue entry name (a printf format: lib/words/) with the
 * arguments to the problems, on line (0: none) about athlete (NULL:
 * none).  Returns 0 or -1.
 */
int
ratemail_problem(struct rm_problems *ps, unsigned long line,
    const char *athlete, const char *name, ...)
{
	struct rm_problem	*v;
	struct buf		 b = { 0 };
	va_list			 ap;

	va_start(ap, name);
	buf_vprintf(&b, words_get(NULL, name), ap);
	va_end(ap);
	if (buf_failed(&b) || (v = reallocarray(ps->v, ps->n + 1,
	    sizeof(*v))) == NULL) {
		buf_free(&b);
		return -1;
	}
	ps->v = v;
	v = &ps->v[ps->n];
	memset(v, 0, sizeof(*v));
	v->line = line;
	v->what = buf_steal(&b);
	if (athlete != NULL && (v->athlete = xstrdup(athlete)) == NULL) {
		free(v->what);
		return -1;
	}
	ps->n++;
	return 0;
}

void
ratemail_problems_free(struct rm_problems *ps)
{
	size_t	 i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].athlete);
		free(ps->v[i].what);
		free(ps->v[i].fix_from);
		free(ps->v[i].fix_to);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

void
ratemail_free(struct rm_parse *p)
{
	size_t	 i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].athlete);
		free(p->v[i].metric);
		free(p->v[i].comment);
	}
	for (i = 0; i < p->nspans; i++)
		free(p->spans[i].athlete);
	free(p->v);
	free(p->spans);
	free(p->quoted);
	ratemail_problems_free(&p->errors);
	memset(p, 0, sizeof(*p));
}

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
static int
score_token(const char *tok, long *score, long *max)
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

/*
 * A name as the roster writes it: the curly apostrophe a phone types
 * ("O\xe2\x80\x99Brien") made straight, in place.  Comments keep theirs.
 */
static void
name_straight(char *s)
{
	static const char *const curly[] = { "\xe2\x80\x99", "\xe2\x80\x98",
	    "\xca\xbc" };
	char	*w = s;
	size_t	 i, n;

	while (*s != '\0') {
		for (i = 0; i < sizeof(curly) / sizeof(curly[0]); i++)
			if (strncmp(s, curly[i], n = strlen(curly[i])) == 0)
				break;
		if (i < sizeof(curly) / sizeof(curly[0])) {
			*w++ = '\'';
			s += n;
		} else
			*w++ = *s++;
	}
	*w = '\0';
}

/* A blank, a score left out: "_" (or more of them). */
static int
blank_token(const char *tok)
{
	return tok[0] == '_' && tok[strspn(tok, "_")] == '\0';
}

static int
rm_add(struct rm_parse *p, unsigned long line, const char *athlete,
    const char *metric, long score, long max, const char *comment)
{
	struct rm_line	*v;

	if (p->n >= RM_MAX_LINES) {
		ratemail_problem(&p->errors, line, NULL, "mail.err_too_many",
		    RM_MAX_LINES);
		return -1;
	}
	if ((v = reallocarray(p->v, p->n + 1, sizeof(*v))) == NULL)
		return -1;
	p->v = v;
	v = &p->v[p->n];
	memset(v, 0, sizeof(*v));
	v->line = line;
	v->athlete = xstrdup(athlete);
	v->metric = xstrdup(metric);
	v->comment = xstrdup(comment);
	v->score = score;
	v->max = max;
	if (v->athlete == NULL || v->metric == NULL || v->comment == NULL) {
		free(v->athlete);
		free(v->metric);
		free(v->comment);
		return -1;
	}
	name_straight(v->athlete);
	p->n++;
	return 0;
}

/*
 * Notes that athlete is written on line (to line, for a block) under
 * the order or header of line head (0: none).  Returns 0 or -1.
 */
static int
span_add(struct rm_parse *p, const char *athlete, unsigned long line,
    unsigned long head)
{
	struct rm_span	*v;

	if ((v = reallocarray(p->spans, p->nspans + 1, sizeof(*v))) == NULL)
		return -1;
	p->spans = v;
	v = &p->spans[p->nspans];
	if ((v->athlete = xstrdup(athlete)) == NULL)
		return -1;
	name_straight(v->athlete);
	v->first = v->last = line;
	v->head = head;
	v->bare = 0;
	p->nspans++;
	return 0;
}

/*
 * The length of the separator s starts with: '-', ':', '=', or the en
 * or em dash a phone's keyboard makes of "--"; 0 when none.
 */
static size_t
dash(const char *s)
{
	if (*s != '\0' && strchr("-:=", *s) != NULL)
		return 1;
	if (strncmp(s, "\xe2\x80\x93", 3) == 0 ||
	    strncmp(s, "\xe2\x80\x94", 3) == 0)
		return 3;
	return 0;
}

/* The length of the separator s ends with (len bytes), as dash(). */
static size_t
dash_end(const char *s, size_t len)
{
	if (len >= 1 && dash(s + len - 1) == 1)
		return 1;
	if (len >= 3 && dash(s + len - 3) == 3)
		return 3;
	return 0;
}

/* s trimmed, without the separators it ends with ("technique: "). */
static char *
dashless(char *s)
{
	size_t	 n;

	s = trim(s);
	while ((n = dash_end(s, strlen(s))) > 0) {
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
static int
bare_time(const struct rm_parse *p, const char *words, size_t len,
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
static int
rating_split(const struct rm_parse *rp, char *s, char **metric, long *score,
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
		if (score_token(tok, score, max) ||
		    bare_time(rp, s, (size_t)(tok - s), tok, score, max)) {
			*tok = '\0';
			/* "technique: 4", "technique = 4", "technique – 4" */
			*metric = dashless(s);
			*comment = trim(p);
			unit_past(comment, *max == RM_TIME);
			while ((n = dash(*comment)) > 0)
				*comment = trim(*comment + n);
			return **metric != '\0';
		}
		if (end != p)
			end[0] = ' ';	/* put the word back */
	}
}

/*
 * The line of the day the scores are for: kw.date in any language the
 * team has ("date", "Datum", "fecha"), a ':' (a space before it, as
 * French writes it) and the day: 2026-11-23, or as the team's country
 * writes it (day_read(): 23/11, 23.11.2026, 11/23 in the United
 * States), p->month_first saying which.  A phone's "Fecha 25/11/2026"
 * without its ':' is the day too, when the rest is one (it was passed
 * over, and the scores stored for the day the email came).  1 with
 * p->date set; -1 when the day after a ':' is not one (the coach is
 * told, and nothing is stored for a day guessed); 0 for any other line.
 */
static int
date_line(const char *s, struct rm_parse *p)
{
	char	 word[32], day[11];
	size_t	 n = strcspn(s, " \t:");
	int	 colon;

	if (n == 0 || n >= sizeof(word))
		return 0;
	memcpy(word, s, n);
	word[n] = '\0';
	s += n;
	s += strspn(s, " \t");
	if (!words_is("kw.date", word))
		return 0;
	if ((colon = *s == ':'))
		s++;
	s += strspn(s, " \t");
	if (*s == '\0')
		return colon ? -1 : 0;
	if (day_read(s, p->now ? p->now : time(NULL), p->month_first,
	    day) == -1)
		return colon ? -1 : 0;
	memcpy(p->date, day, sizeof(day));
	return 1;
}

/* The parser's state from one line of a text to the next. */
struct rm_state {
	struct rm_parse	*p;
	unsigned long	 n;		/* the line read */
	char		 athlete[256];	/* the block's, or "" */
	int		 blank;		/* a blank line since its last */
	struct strlist	 order;		/* from "order:" or a table header */
	unsigned long	 head;		/* the line that gave it */
	int		 named;		/* the header's first cell: names? */
};

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
static int
cells_split(char *s, int sep, char **cell, int max)
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
 * Notes in l that the score written s, "4,3" (digits, a comma, digits),
 * is also two whole scores.
 */
static void
whole_pair(struct rm_line *l, const char *s)
{
	char	 head[24], *comma;

	snprintf(head, sizeof(head), "%s", s);
	if ((comma = strchr(head, ',')) == NULL)
		return;
	*comma = '\0';
	l->split = strspn(head, "0123456789") == strlen(head) &&
	    parse_long(head, 0, 1000, &l->whole[0]) == 0 &&
	    strspn(comma + 1, "0123456789") == strlen(comma + 1) &&
	    parse_long(comma + 1, 0, 1000, &l->whole[1]) == 0;
}

/*
 * A score among scores: a score token, or a time without its tenths
 * ("1:58", as a coach types an erg's split on a phone), which alone in
 * a sentence is an hour but among scores is a time (RM_TIME: only a
 * time metric reads it).
 */
static int
cell_score(const char *tok, long *score, long *max)
{
	char	 t[8];
	size_t	 n = strspn(tok, "0123456789");

	if (score_token(tok, score, max))
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

/* Whether every cell is a score, a blank or empty: how many scores, or -1. */
static int
scores_only(char *const *cell, int n)
{
	long	 score, max;
	int	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (cell_score(cell[i], &score, &max))
			k++;
		else if (cell[i][0] != '\0' && !blank_token(cell[i]))
			return -1;
	}
	return k;
}

/*
 * Adds the scores in cell[0..n) for athlete, on line, in the order of
 * the state (order[skip..]) or, with none, the team's (checked by
 * ratecheck.c, each score saying its place; exact: all places must be
 * written, on a line of scores alone, where "4,3" may also be two
 * scores by the metric at its place).  Returns 0 or -1.
 */
static int
scores_add(struct rm_state *st, const char *athlete, char *const *cell,
    int n, int skip, int exact)
{
	struct rm_parse	*p = st->p;
	size_t		 have = st->order.n - (size_t)skip;
	long		 score, max;
	int		 i;

	if (st->order.n > 0 && ((size_t)n > have || (exact &&
	    (size_t)n != have)))
		return ratemail_problem(&p->errors, st->n, athlete,
		    "mail.err_count", n, have);
	for (i = 0; i < n; i++) {
		/* a blank, or a column whose header names no metric */
		if (!cell_score(cell[i], &score, &max) || (st->order.n > 0 &&
		    st->order.v[i + skip][0] == '\0'))
			continue;
		if (rm_add(p, st->n, athlete, st->order.n > 0 ?
		    st->order.v[i + skip] : "", score, max, "") == -1)
			return -1;
		if (st->order.n == 0) {
			p->v[p->n - 1].pos = i + 1;
			p->v[p->n - 1].of = exact ? n : 0;
			if (exact)
				whole_pair(&p->v[p->n - 1], cell[i]);
		}
	}
	return 0;
}

/* An "order: technique fitness ..." line; 0 when s is not one. */
static int
order_line(struct rm_state *st, const char *s)
{
	char	 line[RM_MAX_LINE + 1], *colon, *cell[RM_MAX_CELLS];
	int	 i, n;

	snprintf(line, sizeof(line), "%s", s);
	if ((colon = strchr(line, ':')) == NULL)
		return 0;
	*colon = '\0';
	if (!words_is("kw.order", trim(line)))
		return 0;
	strlist_free(&st->order);
	n = cells_split(colon + 1, ' ', cell, RM_MAX_CELLS);
	for (i = 0; i < n; i++)
		if (strlist_add(&st->order, cell[i]) == -1)
			return -1;
	st->head = n > 0 ? st->n : 0;
	st->named = 0;
	return 1;
}

/*
 * Whether a header cell names the athletes' column: empty, or a word of
 * kw.col_athlete in any language the team has ("Name", "Nom").
 */
static int
name_header(const char *h)
{
	return *h == '\0' || words_is("kw.col_athlete", h);
}

/*
 * Whether s, "Fletcher, Ben", can be a name written surname first, or
 * a name that holds a comma ("Smith, Jr"): one comma, a few words
 * either side, no digit; when strict (no scores on its line to say it
 * is an athlete's), each word capitalised too, as a name is written
 * and "Hi all, see below" is not.
 */
static int
comma_name(const char *s, int strict)
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
 * comma (comma_name()) is one when scored (scores follow it on its
 * line), or capitalised.
 */
static int
name_like_as(const char *s, int scored)
{
	size_t	 n = strlen(s);

	if (n == 0 || n >= 256 || text_words(s) > NAME_WORDS ||
	    (strpbrk(s, "\t,;") != NULL && !comma_name(s, !scored)))
		return 0;
	/* "@jdoe", an address; not "technique 4 @HYPERLINK(\"http" */
	if (strchr(s, '@') != NULL)
		return strpbrk(s, " \t") == NULL;
	return strpbrk(s, "0123456789") == NULL;
}

static int
name_like(const char *s)
{
	return name_like_as(s, 0);
}

/*
 * A row of a table pasted in (cells at sep): a header of metric names
 * (kept as the order), a row of an athlete's scores, or a markdown
 * rule.  Returns 1 when it was one of these, 0 when not, -1.
 */
static int
table_row(struct rm_state *st, const char *s, int sep)
{
	char	 line[RM_MAX_LINE + 1], *cell[RM_MAX_CELLS], name[256];
	int	 i, n, k, skip;

	if (strspn(s, "|-: \t") == strlen(s))
		return 1;	/* |---|:--| */
	snprintf(line, sizeof(line), "%s", s);
	if ((n = cells_split(line, sep, cell, RM_MAX_CELLS)) < 2)
		return 0;
	/* "Fletcher, Ben,4,6": a name written surname first, unquoted */
	if (sep == ',' && n > 2 && scores_only(cell + 1, n - 1) < 0 &&
	    scores_only(cell + 2, n - 2) > 0 && cell[0][0] != '\0' &&
	    (size_t)snprintf(name, sizeof(name), "%s, %s", cell[0],
	    cell[1]) < sizeof(name) && comma_name(name, 0)) {
		cell[1] = name;
		n--;
		memmove(cell, cell + 1, (size_t)n * sizeof(*cell));
	}
	if ((k = scores_only(cell + 1, n - 1)) > 0 && cell[0][0] != '\0') {
		if (st->athlete[0] != '\0' && !st->blank && k == 1 &&
		    st->order.n == 0)
			return 0;	/* "technique<TAB>4" in a block */
		st->athlete[0] = '\0';
		/* a header without a name cell, over rows with one */
		skip = st->named || (st->head != 0 &&
		    (size_t)n == st->order.n);
		if (span_add(st->p, cell[0], st->n, st->head) == -1)
			return -1;
		return scores_add(st, cell[0], cell + 1, n - 1, skip, 0) ==
		    -1 ? -1 : 1;
	}
	for (i = 0; i < n; i++)
		if (isdigit((unsigned char)cell[i][0]))
			return 0;	/* neither scores nor a header */
	if ((sep == ',' || sep == ';') && !name_header(cell[0]))
		return 0;
	strlist_free(&st->order);
	st->named = name_header(cell[0]);
	for (i = 0; i < n; i++)
		if (strlist_add(&st->order, cell[i]) == -1)
			return -1;
	st->head = st->n;
	st->athlete[0] = '\0';
	return 1;
}


/*
 * Whether s is only "metric score" pairs: "fitness 3 erg score 7", or
 * "technique 3 ergo2k 7:21" with a time metric's score (bare_time()).
 */
static int
pairs_only(const struct rm_parse *p, const char *s)
{
	const char	*run = NULL;	/* the words since the last score */
	char		 tok[24];
	long		 score, max;
	size_t		 n;
	int		 words = 0, pairs = 0;

	for (; *(s += strspn(s, " \t")) != '\0'; s += n) {
		n = strcspn(s, " \t");
		snprintf(tok, sizeof(tok), "%.*s", (int)(n < sizeof(tok) ? n :
		    sizeof(tok) - 1), s);
		if (n < sizeof(tok) && (score_token(tok, &score, &max) ||
		    (run != NULL && bare_time(p, run, (size_t)(s - run), tok,
		    &score, &max)))) {
			if (words == 0)
				return 0;
			words = 0;
			run = NULL;
			pairs++;
		} else {
			if (run == NULL)
				run = s;
			words++;
		}
	}
	return pairs > 0 && words == 0;
}

/*
 * Adds a pair of a line for athlete, and the pairs its comment is made
 * of alone, as athletes text them ("technique 4 fitness 3", without
 * commas).  Returns 0 or -1.
 */
static int
pair_add(struct rm_state *st, const char *athlete, char *metric, long score,
    long max, char *comment)
{
	while (pairs_only(st->p, comment)) {
		if (rm_add(st->p, st->n, athlete, metric, score, max, "") == -1)
			return -1;
		if (!rating_split(st->p, comment, &metric, &score, &max,
		    &comment))
			return 0;	/* pairs_only() says it is one */
	}
	return rm_add(st->p, st->n, athlete, metric, score, max, comment);
}

/* Adds ", more" (sep is the one the coach wrote) to the last comment. */
static int
comment_more(struct rm_parse *p, char sep, const char *more)
{
	struct buf	 b = { 0 };
	char		*c = p->v[p->n - 1].comment;

	if (*more == '\0')
		return 0;
	if (c[0] != '\0')
		buf_printf(&b, "%s%c ", c, sep);
	buf_puts(&b, more);
	if (buf_failed(&b)) {
		buf_free(&b);
		return -1;
	}
	free(c);
	p->v[p->n - 1].comment = buf_steal(&b);
	return 0;
}

/*
 * Whether the '&' at e joins two pairs, "technique 4 & fitness 3": it
 * follows a score (a digit, spaces between), so that one in a comment,
 * "talk to him & his pair", stays the comment's.
 */
static int
pair_join(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e > s && isdigit((unsigned char)e[-1]);
}

/*
 * Where the pair at s ends: its ',' or ';', or an '&' after a score
 * (pair_join()), but not a comma between digits, the decimal mark of
 * "weight 82,5"; NULL at the line's end.
 */
static char *
pair_end(char *s)
{
	char	*e = s;

	while ((e = strpbrk(e, ",;&")) != NULL && ((*e == ',' && e > s &&
	    isdigit((unsigned char)e[-1]) && isdigit((unsigned char)e[1])) ||
	    (*e == '&' && !pair_join(s, e))))
		e++;
	return e;
}

/*
 * "Jane Doe: technique 4, fitness 3 great week": pairs, split at ','
 * or ';' (or, with no comment, at each score: pair_add()).  A comment
 * may hold a comma: a later piece with no digit, or whose "metric" is
 * longer than any metric's name, carries on the comment before it; in
 * "..., really led the boat. Technique 3" the sentence goes to the
 * comment and "Technique 3" is the pair.  A first piece that is not a
 * pair is a problem.
 */
static int
pairs_line(struct rm_state *st, const char *athlete, char *rest)
{
	struct rm_parse	*p = st->p;
	char		 whole[RM_MAX_LINE + 1];
	char		*piece, *e, *metric, *comment, *dot, *d, sep = ',', before;
	long		 score, max;
	size_t		 first = p->n;

	for (piece = rest; piece != NULL; piece = e ? e + 1 : NULL) {
		before = sep;
		if ((e = pair_end(piece)) != NULL) {
			sep = *e;
			*e = '\0';
		}
		snprintf(whole, sizeof(whole), "%s", trim(piece));
		if (rating_split(p, piece, &metric, &score, &max, &comment)) {
			if (p->n > first && (dot = strstr(metric, ". ")) !=
			    NULL) {
				while ((d = strstr(dot + 1, ". ")) != NULL)
					dot = d;	/* the last sentence */
				dot[1] = '\0';
				if (comment_more(p, before, metric) == -1)
					return -1;
				metric = trim(dot + 2);
			} else if (p->n > first &&
			    text_words(metric) > METRIC_WORDS) {
				if (comment_more(p, before, whole) == -1)
					return -1;
				continue;
			}
			if (pair_add(st, athlete, metric, score, max,
			    comment) == -1)
				return -1;
			continue;
		}
		if (p->n == first || strpbrk(whole, "0123456789") != NULL)
			return ratemail_problem(&p->errors, st->n, athlete,
			    "mail.err_expected_pair", whole);
		if (comment_more(p, before, whole) == -1)
			return -1;
	}
	return 0;
}

/* Marks the ratings p read from first on as read so (RM_READ_*). */
static void
read_as(struct rm_parse *p, size_t first, int how)
{
	for (; first < p->n; first++)
		p->v[first].read |= how;
}

/* How metric_like() compares a word with the team's metrics. */
enum like {
	LIKE_NAMED,		/* its name or slug */
	LIKE_KNOWN,		/* or a start of one, three letters or
				 * more, or a word of its name ("2k") */
	LIKE_LOOSE		/* or any start, or a misspelling */
};

/*
 * Whether name is one of the team's metrics (p->metrics: none known,
 * none is), as how says.
 */
static int
metric_like(const struct rm_parse *p, const char *name, enum like how)
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

/*
 * "4 6 7:40 2 keeps rushing the slide, talk to him": the scores (or
 * blanks) rest begins with, as cells of copy (the caller's, of
 * RM_MAX_LINE + 1 bytes), and *comment at the words after them in
 * rest, past a dash; "" when none follow.  Returns how many cells
 * there are before the words.
 */
static int
lead_scores(const char *rest, char *copy, char **cell, const char **comment)
{
	long	 score, max;
	int	 n, k;

	snprintf(copy, RM_MAX_LINE + 1, "%s", rest);
	n = cells_split(copy, ' ', cell, RM_MAX_CELLS);
	for (k = 0; k < n && (cell_score(cell[k], &score, &max) ||
	    blank_token(cell[k])); k++)
		continue;
	*comment = k < n ? rest + (cell[k] - copy) : "";
	while (dash(*comment) > 0 || **comment == ',' || **comment == ';')
		*comment += dash(*comment) > 0 ? dash(*comment) : 1,
		*comment += strspn(*comment, " \t");
	return k;
}

/*
 * Adds the scores of athlete's line, cell[0..n), a comment after them
 * (its words as written, or ""), and notes how the line was read
 * (RM_READ_*, 0: as the format says).  The comment goes with the
 * first score: the words of a line, not of a metric.  Returns 0 or -1.
 */
static int
scores_line(struct rm_state *st, const char *athlete, char *const *cell,
    int n, const char *comment, int how)
{
	struct rm_parse	*p = st->p;
	size_t		 first = p->n;
	char		*c;

	if (scores_add(st, athlete, cell, n, st->named, 1) == -1)
		return -1;
	if (*comment != '\0' && p->n > first) {
		if ((c = xstrdup(comment)) == NULL)
			return -1;
		free(p->v[first].comment);
		p->v[first].comment = c;
		how |= RM_READ_COMMENT;
	}
	read_as(p, first, how);
	return 0;
}

/*
 * A line "X: rest" where X may be an athlete: a block's start (no
 * rest), scores alone (and words after them: their comment), or pairs.
 * Inside a block, "erg: 7 - New PB" is the block's rating.  Returns 1
 * when read, 0 when not, -1.
 */
static int
named_line(struct rm_state *st, const char *s)
{
	char	 line[RM_MAX_LINE + 1], copy[RM_MAX_LINE + 1];
	char	*colon, *name, *rest, *cell[RM_MAX_CELLS];
	const char *comment;
	int	 n, k, inblock = st->athlete[0] != '\0' && !st->blank;
	long	 score, max;

	snprintf(line, sizeof(line), "%s", s);
	if ((colon = strchr(line, ':')) == NULL)
		return 0;
	*colon = '\0';
	name = trim(line);
	rest = trim(colon + 1);
	if (!name_like_as(name, *rest != '\0'))
		return 0;
	if (*rest == '\0') {
		snprintf(st->athlete, sizeof(st->athlete), "%s", name);
		st->blank = 0;
		if (span_add(st->p, name, st->n, 0) == -1)
			return -1;
		st->p->spans[st->p->nspans - 1].bare = 1;
		return 1;
	}
	snprintf(copy, sizeof(copy), "%s", rest);
	n = cells_split(copy, ' ', cell, RM_MAX_CELLS);
	k = n < RM_MAX_CELLS ? scores_only(cell, n) : -1;
	if (inblock && ((k == 1 && n == 1) || (k == -1 &&
	    score_token(cell[0], &score, &max))))
		return 0;	/* "fitness: 3" in a block */
	/* "Ben: 4 6 7:40 2 keeps rushing the slide": two scores or more,
	 * then words (a metric's name is no athlete's: "erg: 6:48 7:02
	 * on the 2k" is prose) */
	if (k == -1 && !metric_like(st->p, name, LIKE_NAMED) &&
	    (n = lead_scores(rest, copy, cell, &comment)) >= 2) {
		st->athlete[0] = '\0';
		if (span_add(st->p, name, st->n, st->head) == -1)
			return -1;
		return scores_line(st, name, cell, n, comment, 0) == -1 ?
		    -1 : 1;
	}
	if (k == -1 && (strpbrk(rest, "0123456789") == NULL ||
	    score_token(cell[0], &score, &max)))
		return 0;	/* prose: "Note: well done all", "Note: 2 sick" */
	st->athlete[0] = '\0';
	if (span_add(st->p, name, st->n, k >= 0 ? st->head : 0) == -1)
		return -1;
	if (k >= 0)
		return k == 0 ? 1 : scores_add(st, name, cell, n, st->named,
		    1) == -1 ? -1 : 1;
	return pairs_line(st, name, rest) == -1 ? -1 : 1;
}

/*
 * Whether s is an athlete's name and scores without the ':' between,
 * "Anna 3 4 7 1:58.0", "Ben - 4 6 7:40 2": words that can be a name
 * (no metric's), then two numbers or blanks or more, and words after
 * them, their comment ("Ben 4 6 7:40 2 rushing the slide").  The name
 * (without a dash after it) goes to name, its scores to cell[] (of
 * copy, the caller's, of RM_MAX_LINE + 1 bytes) and the comment to
 * *comment.  Returns how many cells, or 0.
 */
static int
colonless(const struct rm_state *st, const char *s, char name[256],
    char *copy, char **cell, const char **comment)
{
	const char	*p = s, *rest = NULL;
	size_t		 n;
	int		 k;

	for (; *(p += strspn(p, " \t")) != '\0'; p += n) {
		n = strcspn(p, " \t");
		if (isdigit((unsigned char)*p) || *p == '_') {
			rest = p;
			break;
		}
	}
	if (rest == NULL || (n = (size_t)(rest - s)) >= 256 ||
	    memchr(s, ':', n) != NULL)
		return 0;
	memcpy(name, s, n);	/* s is trimmed: so is the name's start */
	name[n] = '\0';
	n = strlen(trim(name));
	name[n - dash_end(name, n)] = '\0';
	memmove(name, trim(name), strlen(trim(name)) + 1);
	if (!name_like_as(name, 1) || metric_like(st->p, name, LIKE_KNOWN) ||
	    (k = lead_scores(rest, copy, cell, comment)) < 2)
		return 0;
	return k;
}

/*
 * Whether s is "Name: rest" with a name that is no metric of the team
 * (p->metrics), whose rest was not read as scores ("Zoé Bernard: 4
 * sept 1:59,0"): the name into name, *rest at the rest.  The name is
 * two words or more, a @handle or an address, as an athlete is written
 * ("Note: 4 missing" is not one).  Not said of a misspelt metric
 * ("Techniqe: 4"), which is one before any athlete.
 */
static int
athlete_unread(const struct rm_parse *p, const char *s, char name[256],
    const char **rest)
{
	const char	*colon = strchr(s, ':'), *hint;
	size_t		 n;

	if (p->metrics == NULL || colon == NULL ||
	    (n = (size_t)(colon - s)) >= 256)
		return 0;
	memcpy(name, s, n);
	name[n] = '\0';
	memmove(name, trim(name), strlen(trim(name)) + 1);
	*rest = colon + 1 + strspn(colon + 1, " \t");
	return name_like(name) && **rest != '\0' &&
	    (strpbrk(name, " \t@") != NULL) &&
	    metric_match(p->metrics->v, p->metrics->n, name, &hint) == NULL &&
	    hint == NULL;
}

/*
 * A score token as a line of prose writes it, "6:48," (a comma, a
 * full stop or a semicolon after it): cell_score()'s.
 */
static int
prose_score(const char *tok, size_t len, long *score, long *max)
{
	char	 t[24];

	while (len > 0 && strchr(",.;!", tok[len - 1]) != NULL)
		len--;
	if (len == 0 || len >= sizeof(t))
		return 0;
	memcpy(t, tok, len);
	t[len] = '\0';
	return cell_score(t, score, max);
}

/*
 * Splits words (the words before a score, in place) into the athlete
 * and the metric: at a ':' or a dash between them ("Oliver: erg",
 * "Oliver - erg"), else the metric as the last words, up to
 * METRIC_WORDS, that name one of the team's as how says (p->metrics;
 * with none known, the last word).  Returns 1 with *name ("" when
 * words are the metric alone) and *metric set.
 */
static int
correction_who(const struct rm_parse *p, char *words, enum like how,
    char **name, char **metric)
{
	char	*sep, *w;
	size_t	 n, i;

	*name = "";
	if ((sep = strchr(words, ':')) != NULL || (sep = strstr(words,
	    " - ")) != NULL || (sep = strstr(words, " \xe2\x80\x93 ")) !=
	    NULL) {
		n = *sep == ':' ? 1 : *sep == ' ' && sep[1] == '-' ? 3 : 5;
		*sep = '\0';
		*name = trim(words);
		*metric = trim(sep + n);
		return **metric != '\0';
	}
	words = trim(words);
	for (i = METRIC_WORDS; i > 0; i--) {
		for (w = words + strlen(words), n = 0; w > words; w--)
			if (w[-1] == ' ' && ++n == i)
				break;
		if (w == words || (p->metrics != NULL &&
		    !metric_like(p, w, how)) || (p->metrics == NULL && i > 1))
			continue;
		w[-1] = '\0';
		*name = trim(words);
		*metric = w;
		return 1;
	}
	if (p->metrics == NULL || metric_like(p, words, how)) {
		*metric = words;
		return 1;
	}
	return 0;
}

/*
 * "Oliver erg 6:48", "Poppy fitness 8 strong week": an athlete and
 * pairs without the ':' between, where the words before the first
 * score end in one of the team's metrics (correction_who(), known
 * names alone: "Session ergs 4" stays prose) and begin with a name.
 * Read as "Oliver: erg 6:48", marked RM_READ_COLON.  Returns 1 when
 * read, 0 when s is none, -1.
 */
static int
named_pair(struct rm_state *st, const char *s)
{
	struct rm_parse	*p = st->p;
	char		 line[RM_MAX_LINE + 1], rest[RM_MAX_LINE + 1];
	char		 pair[RM_MAX_LINE + 1], *name, *metric, *m, *c;
	const char	*tok;
	long		 score, max;
	size_t		 len = 0, first = p->n;

	if (p->metrics == NULL)
		return 0;
	for (tok = s; *(tok += strspn(tok, " \t")) != '\0'; tok += len)
		if (prose_score(tok, len = strcspn(tok, " \t"), &score, &max))
			break;
	if (*tok == '\0')
		return 0;
	snprintf(line, sizeof(line), "%.*s", (int)(tok - s), s);
	if (!correction_who(p, line, LIKE_KNOWN, &name, &metric) ||
	    *name == '\0' || !name_like_as(name, 1) ||
	    metric_like(p, name, LIKE_KNOWN))
		return 0;
	snprintf(rest, sizeof(rest), "%s %s", metric, tok);
	/* the first pair must be one: "at 7:30" is an hour */
	snprintf(pair, sizeof(pair), "%s", rest);
	if (!rating_split(p, pair, &m, &score, &max, &c))
		return 0;
	name_straight(name);
	st->athlete[0] = '\0';
	if (span_add(p, name, st->n, 0) == -1 ||
	    pairs_line(st, name, rest) == -1)
		return -1;
	read_as(p, first, RM_READ_COLON);
	return 1;
}

/*
 * A line s (as written) of scores before any athlete: a name and its
 * scores without the ':' ("Anna 3 4 7 1:58.0") is read as if it had
 * one, and the reply says so (RM_READ_COLON); a name and what is not
 * scores refuses that athlete, shown with it; any other ("technique
 * 4", metric and score) is told to name its athlete above, its line
 * quoted as no athlete's.
 */
static int
stray_line(struct rm_state *st, const char *s, const char *metric, long score)
{
	struct rm_parse	*p = st->p;
	char		 name[256], copy[RM_MAX_LINE + 1];
	char		*cell[RM_MAX_CELLS];
	const char	*rest;
	int		 n;

	if ((n = colonless(st, s, name, copy, cell, &rest)) > 0) {
		name_straight(name);	/* as the span writes it */
		if (span_add(p, name, st->n, st->head) == -1)
			return -1;
		return scores_line(st, name, cell, n, rest, RM_READ_COLON);
	}
	if (athlete_unread(p, s, name, &rest)) {
		name_straight(name);
		if (span_add(p, name, st->n, st->head) == -1)
			return -1;
		return ratemail_problem(&p->errors, st->n, name,
		    "mail.err_expected_pair", rest);
	}
	if (ratemail_problem(&p->errors, st->n, NULL,
	    "mail.err_before_athlete", metric, score) == -1)
		return -1;
	p->errors.v[p->errors.n - 1].quote = 1;
	return 0;
}

/*
 * A line of a block, or prose: "metric score [comment]" under the
 * athlete of the block.
 */
static int
block_line(struct rm_state *st, char *s)
{
	struct rm_parse	*p = st->p;
	char		 whole[RM_MAX_LINE + 1], copy[RM_MAX_LINE + 1];
	char		 name[256], *metric, *comment, *cell[RM_MAX_CELLS];
	const char	*words;
	long		 score, max;
	int		 n;

	snprintf(whole, sizeof(whole), "%s", s);
	/* "4 6 7:40 2 keeps rushing" under "Ben:": his scores alone */
	if (st->athlete[0] != '\0' && !st->blank &&
	    (n = lead_scores(s, copy, cell, &words)) > 0 &&
	    (*words == '\0' || n >= 2)) {
		p->spans[p->nspans - 1].last = st->n;
		return scores_line(st, st->athlete, cell, n, words, 0);
	}
	/* "Ella Fox 3 4 5 2 7" under another athlete's lines (no metric
	 * of the team's, misspelt or not: "weight 80,4" is the block's) */
	if (st->athlete[0] != '\0' && p->metrics != NULL &&
	    (n = colonless(st, s, name, copy, cell, &words)) > 0 &&
	    !metric_like(p, name, LIKE_LOOSE)) {
		st->athlete[0] = '\0';
		return stray_line(st, whole, "", 0);
	}
	if ((n = named_pair(st, s)) != 0)
		return n == -1 ? -1 : 0;
	if (!rating_split(p, s, &metric, &score, &max, &comment)) {
		/*
		 * Prose before the first athlete, or after a blank line
		 * ("Thanks,"), is not ratings; inside a block it is a
		 * mistake worth telling the coach about.
		 */
		if (st->athlete[0] != '\0' && !st->blank) {
			p->spans[p->nspans - 1].last = st->n;
			return ratemail_problem(&p->errors, st->n,
			    st->athlete, strpbrk(s, "0123456789") == NULL ?
			    "mail.err_expected_name" : "mail.err_expected",
			    st->athlete);
		}
		st->athlete[0] = '\0';
		return 0;
	}
	st->blank = 0;
	if (st->athlete[0] == '\0')
		return stray_line(st, whole, metric, score);
	p->spans[p->nspans - 1].last = st->n;
	/* "technique 4, fitness 3": pairs, as after "Jane Doe:" (no
	 * metric's name holds a ',' or a ';') */
	if (strpbrk(metric, ",;") != NULL)
		return pairs_line(st, st->athlete, whole);
	return rm_add(p, st->n, st->athlete, metric, score, max, comment);
}

/*
 * "Oliver erg 6:48 not 6:58, my bad": a correction in prose, a score
 * and the one it replaces, a word of kw.instead between them ("not",
 * "instead of", "et non", "statt", "en vez de"), after an athlete
 * and a metric (or a metric alone under an athlete's block).  What
 * follows the score replaced is talk, not a comment, and holds no
 * digit.  Read as the score for that athlete, the one it replaces in
 * was (ratecheck.c finds its day), marked RM_READ_NOT.  Returns 1 when
 * read, 0 when s is none, -1.
 */
static int
correction_line(struct rm_state *st, const char *s)
{
	char		 line[RM_MAX_LINE + 1], *name, *metric;
	const char	*tok[RM_MAX_CELLS], *p;
	size_t		 len[RM_MAX_CELLS], n = 0, a, b, k;
	long		 score, max, was, was_max;
	int		 instead = 0;

	for (p = s; *(p += strspn(p, " \t")) != '\0' && n < RM_MAX_CELLS;
	    p += len[n++]) {
		tok[n] = p;
		len[n] = strcspn(p, " \t");
	}
	for (a = 1; a < n && !prose_score(tok[a], len[a], &score, &max); a++)
		continue;
	for (b = a + 1; b < n && b <= a + 4 &&
	    !prose_score(tok[b], len[b], &was, &was_max); b++) {
		char	 w[32];

		k = len[b];
		while (k > 0 && strchr(",.;", tok[b][k - 1]) != NULL)
			k--;
		snprintf(w, sizeof(w), "%.*s", (int)k, tok[b]);
		instead |= words_is("kw.instead", w);
	}
	if (a >= n || b >= n || b == a + 1 || b > a + 4 || !instead ||
	    strpbrk(tok[b] + len[b], "0123456789") != NULL ||
	    (size_t)(tok[a] - s) >= sizeof(line))
		return 0;
	snprintf(line, sizeof(line), "%.*s", (int)(tok[a] - s), s);
	if (!correction_who(st->p, line, LIKE_LOOSE, &name, &metric) ||
	    (*name == '\0' && (st->athlete[0] == '\0' || st->blank)) ||
	    (*name != '\0' && !name_like_as(name, 1)))
		return 0;
	if (*name != '\0') {
		st->athlete[0] = '\0';
		name_straight(name);
		if (span_add(st->p, name, st->n, 0) == -1)
			return -1;
	} else
		st->p->spans[st->p->nspans - 1].last = st->n;
	if (rm_add(st->p, st->n, *name != '\0' ? name : st->athlete, metric,
	    score, max, "") == -1)
		return -1;
	st->p->v[st->p->n - 1].read = RM_READ_NOT;
	st->p->v[st->p->n - 1].was = was;
	st->p->v[st->p->n - 1].was_max = was_max;
	return 1;
}

/* Reads one line (normalised, trimmed, not empty) of a text. */
static int
text_line(struct rm_state *st, char *s)
{
	size_t	 colon;
	int	 d, rc, sep;

	if (strncmp(s, "(!)", 3) == 0)
		return 0;	/* a mark under a line quoted back */
	if ((d = date_line(s, st->p)) != 0) {
		if (d == -1 && ratemail_problem(&st->p->errors, st->n, NULL,
		    "mail.err_date") == 0)
			st->p->errors.v[st->p->errors.n - 1].whole = 1;
		return 0;
	}
	if ((rc = order_line(st, s)) != 0)
		return rc == -1 ? -1 : 0;
	if ((rc = correction_line(st, s)) != 0)
		return rc == -1 ? -1 : 0;
	/* ';' before ',': a spreadsheet where ',' is the decimal mark
	 * writes "Jane Doe;82,5;4"; a ':' after a ',' or ';' is a time's,
	 * "Jane Doe,4,7:40" */
	colon = strcspn(s, ":");
	sep = strchr(s, '\t') ? '\t' : strchr(s, '|') ? '|' :
	    s[colon] != '\0' && strcspn(s, ",;") > colon ? 0 :
	    strchr(s, ';') ? ';' : strchr(s, ',') ? ',' : 0;
	if (sep != 0 && (rc = table_row(st, s, sep)) != 0)
		return rc == -1 ? -1 : 0;
	if ((rc = named_line(st, s)) != 0)
		return rc == -1 ? -1 : 0;
	return block_line(st, s);
}

/*
 * Forgets the spans of block starts with no line under them ("Hola a
 * todos:" above the athletes' lines, "Jane Doe:" left empty): they
 * name no athlete of the email, and nobody is refused for them.
 */
static void
spans_bare(struct rm_parse *p)
{
	size_t	 i, k;

	for (i = 0, k = 0; i < p->nspans; i++)
		if (p->spans[i].bare && p->spans[i].last == p->spans[i].first)
			free(p->spans[i].athlete);
		else
			p->spans[k++] = p->spans[i];
	p->nspans = k;
}

/*
 * Parses a text body (already stripped) into p.  Returns 0, or -1 when
 * out of memory or too long; problems are in p->errors.
 */
int
ratemail_parse_text(const char *text, struct rm_parse *p)
{
	struct rm_state	 st = { .p = p };
	char		*copy, *line, *nl, *s;
	int		 rc = 0;

	if ((copy = xstrdup(text)) == NULL)
		return -1;
	for (line = copy; line != NULL && rc == 0; line = nl) {
		st.n++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (strlen(line) > RM_MAX_LINE) {
			rc = ratemail_problem(&p->errors, st.n, st.athlete[0] ?
			    st.athlete : NULL, "mail.err_long_line",
			    RM_MAX_LINE);
			continue;
		}
		text_plain(line, 0);
		s = trim(line);
		if (*s == '\0') {
			st.blank = 1;
			continue;
		}
		rc = text_line(&st, s);
	}
	strlist_free(&st.order);
	free(copy);
	spans_bare(p);
	return rc;
}

enum { CC_ATHLETE, CC_METRIC, CC_SCORE, CC_COMMENT, CC_OTHER };

static int
csv_col(const char *h)
{
	char	 word[64];
	size_t	 n;

	/* the cell's first word: "Score (1-5)", "Name:" */
	h += strspn(h, " \t\"'");
	for (n = 0; h[n] != '\0' && !strchr(" \t\"':(", h[n]) &&
	    n + 1 < sizeof(word); n++)
		word[n] = h[n];
	word[n] = '\0';
	if (words_is("kw.col_athlete", word))
		return CC_ATHLETE;
	if (words_is("kw.col_metric", word))
		return CC_METRIC;
	if (words_is("kw.col_score", word))
		return CC_SCORE;
	if (words_is("kw.col_comment", word))
		return CC_COMMENT;
	return CC_OTHER;
}

/*
 * Parses a CSV attachment: long (athlete, metric, score[, comment]) when
 * it has metric and score columns, else wide (athlete, one column per
 * metric holding scores).  Line numbers are the file's.
 */
int
ratemail_parse_csv(const char *data, size_t len, struct rm_parse *p)
{
	struct csv_reader	*r;
	struct csv_record	*rec;
	struct strlist		 head = { 0 };
	int			 cols[CSV_MAX_FIELDS], wide, rc = 0, got;
	int			 a = -1, m = -1, s = -1, c = -1;
	long			 score, max;
	size_t			 i;

	if ((r = csv_open(data, len)) == NULL)
		return -1;
	if ((got = csv_read(r, &rec)) != 1) {
		if (got == 0)
			ratemail_problem(&p->errors, 0, NULL, "mail.err_csv_empty");
		else
			ratemail_problem(&p->errors, 0, NULL, "mail.err_csv",
			    csv_error(r));
		csv_close(r);
		return 0;
	}
	for (i = 0; i < rec->nfields; i++) {
		cols[i] = csv_col(rec->fields[i]);
		strlist_add(&head, trim(rec->fields[i]));
		if (cols[i] == CC_ATHLETE && a == -1) a = (int)i;
		if (cols[i] == CC_METRIC && m == -1) m = (int)i;
		if (cols[i] == CC_SCORE && s == -1) s = (int)i;
		if (cols[i] == CC_COMMENT && c == -1) c = (int)i;
	}
	wide = m == -1 || s == -1;
	if (a == -1)
		a = 0;	/* wide sheets often leave the first header empty */
	while (rc == 0 && (got = csv_read(r, &rec)) == 1) {
		const char *who = (size_t)a < rec->nfields ?
		    trim(rec->fields[a]) : "";
		if (*who == '\0')
			continue;
		if ((rc = span_add(p, who, 0, 0)) == -1)
			break;
		/* cells past the header have no metric (or column) name */
		for (i = 0; rc == 0 && i < rec->nfields && i < head.n; i++) {
			const char *v = trim(rec->fields[i]);
			const char *metric = wide ? head.v[i] :
			    (size_t)m < rec->nfields ? trim(rec->fields[m]) : "";
			/* wide: a column without a header names no metric */
			if (wide ? ((int)i == a || cols[i] == CC_COMMENT ||
			    *v == '\0' || *metric == '\0') : (int)i != s)
				continue;
			if (*metric == '\0') {
				rc = ratemail_problem(&p->errors, 0, who,
				    "mail.err_csv_no_metric", rec->line, v);
				continue;
			}
			if (!score_token(v, &score, &max)) {
				rc = ratemail_problem(&p->errors, 0, who,
				    "mail.err_csv_score", rec->line, v, metric);
				continue;
			}
			rc = rm_add(p, rec->line, who, metric, score, max,
			    !wide && c >= 0 && (size_t)c < rec->nfields ?
			    trim(rec->fields[c]) : "");
		}
	}
	if (got == -1)
		ratemail_problem(&p->errors, 0, NULL, "mail.err_csv",
		    csv_error(r));
	strlist_free(&head);
	csv_close(r);
	return rc;
}

