/*
 * rateanswer.c - what the answer to a coach's ratings email says of
 * how it was read (ratecheck.c's result): the lines refused, quoted
 * back as written, each problem marked "(!)" under its line (which
 * ratemail.c skips when they come back) with the line as corrected
 * where cox can tell (a name or metric it took for a misspelling, a
 * score left out); and the lines stored by a guess ("Tom H" for Tom
 * Harris, "Ben 4 6 7:40 2" without its ':', a comment after scores
 * alone, "erg 6:48 not 6:58", a line typed into cox's quoted sheet),
 * each as written and as read, so that a coach who finds one wrong
 * replies undo (thread.c) and sends it again as it should be read.
 */
#include <stdlib.h>
#include <string.h>

#include "mail.h"

#define RM_LINE_MAX	2048	/* bytes of a line quoted */

/*
 * The lines of the text r quotes back, as a string of bytes from line
 * 1 to *last, each 1 when quoted: a refused athlete's, the order or
 * table header they need, and those of problems that quote their
 * line.  The caller frees it.  NULL when out of memory.
 */
static char *
quoted(const struct rm_parse *p, const struct rm_result *r,
    unsigned long *last)
{
	const struct rm_span	*sp;
	char			*q;
	unsigned long		 n;
	size_t			 i;

	for (i = 0, *last = 0; i < p->nspans; i++)
		if (r->refused[i] && p->spans[i].last > *last)
			*last = p->spans[i].last;
	for (i = 0; i < r->errors.n; i++)
		if (r->errors.v[i].quote && r->errors.v[i].line > *last)
			*last = r->errors.v[i].line;
	if ((q = calloc(*last + 1, 1)) == NULL)
		return NULL;
	for (i = 0; i < p->nspans; i++) {
		sp = &p->spans[i];
		if (!r->refused[i] || sp->first == 0)
			continue;
		q[sp->head] = 1;
		for (n = sp->first; n <= sp->last; n++)
			q[n] = 1;
	}
	for (i = 0; i < r->errors.n; i++)
		if (r->errors.v[i].quote)
			q[r->errors.v[i].line] = 1;
	q[0] = 0;
	return q;
}

/*
 * Line n (from 1) of text, without its line break and the blanks that
 * end it, into line (size bytes; cut when longer); "" past the last.
 */
static void
line_of(const char *text, unsigned long n, char *line, size_t size)
{
	const char	*s = text;
	size_t		 len;

	line[0] = '\0';
	while (--n > 0 && (s = strchr(s, '\n')) != NULL)
		s++;
	if (s == NULL)
		return;
	len = strcspn(s, "\n");
	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	snprintf(line, size, "%.*s", (int)len, s);
}

/* Line n (from 1) of text into out, without its line break. */
static void
quote_line(const char *text, unsigned long n, struct buf *out)
{
	char	 line[RM_LINE_MAX];

	line_of(text, n, line, sizeof(line));
	buf_printf(out, "%s\n", line);
}

/*
 * The line of problem e corrected, into fixed: its words e->fix_from
 * (the first time they are there) made e->fix_to, or e->fix_to added
 * at its end when fix_from is "".  0 when e has no fix or its words
 * are not on the line.
 */
static int
line_fixed(const char *text, const struct rm_problem *e, char *fixed,
    size_t size)
{
	char		 line[RM_LINE_MAX];
	const char	*at;

	if (text == NULL || e->fix_to == NULL || e->line == 0)
		return 0;
	line_of(text, e->line, line, sizeof(line));
	if (e->fix_from[0] == '\0')
		return (size_t)snprintf(fixed, size, "%s%s", line,
		    e->fix_to) < size;
	if ((at = strstr(line, e->fix_from)) == NULL)
		return 0;
	return (size_t)snprintf(fixed, size, "%.*s%s%s", (int)(at - line),
	    line, e->fix_to, at + strlen(e->fix_from)) < size;
}

/* Problem e, marked (mail.err_mark), then its line as corrected. */
static void
mark(const char *text, const struct rm_problem *e, struct buf *out)
{
	char	 fixed[RM_LINE_MAX * 2];

	words_printf(out, NULL, "mail.err_mark", e->what);
	if (line_fixed(text, e, fixed, sizeof(fixed)))
		words_printf(out, NULL, "mail.err_mark_fixed", fixed);
}

/* Line n of text, quoted as quote_line() does, its problems marked. */
static void
quote_marked(const char *text, unsigned long n, const struct rm_result *r,
    struct buf *out)
{
	size_t	 i;

	quote_line(text, n, out);
	for (i = 0; i < r->errors.n; i++)
		if (r->errors.v[i].line == n)
			mark(text, &r->errors.v[i], out);
}

/*
 * What the refused lines need above them: the email's date line,
 * marked when it is wrong (which refuses every athlete), or the date
 * it gave.
 */
static void
quote_date(const char *text, const struct rm_parse *p,
    const struct rm_result *r, struct buf *out)
{
	size_t	 i;

	for (i = 0; i < r->errors.n; i++)
		if (r->errors.v[i].whole && r->errors.v[i].line != 0) {
			quote_marked(text, r->errors.v[i].line, r, out);
			return;
		}
	if (p->date[0] != '\0')	/* the coach's word; a day any order reads */
		buf_printf(out, "%.*s: %s\n", (int)strcspn(words_get(NULL,
		    "kw.date"), " "), words_get(NULL, "kw.date"), p->date);
}

/*
 * Writes to out what r refused of the email whose text (stripped;
 * NULL: none) p is: the problems on no line quoted back, each with
 * its line, then the lines refused as written, in the order of the
 * email, under the email's date line: the refused athletes', with the
 * order or table header they need, and a line of scores no athlete
 * owns; each problem marked under its line.  Returns 0 or -1.
 */
int
rateanswer_refusals(const char *text, const struct rm_parse *p,
    const struct rm_result *r, struct buf *out)
{
	const struct rm_problem	*e;
	unsigned long		 n, last = 0;
	size_t			 i, listed = 0, lines = 0;
	char			*q = NULL, fixed[RM_LINE_MAX * 2];

	if (text != NULL && (q = quoted(p, r, &last)) == NULL)
		return -1;
	for (n = 1; n <= last; n++)
		lines += q[n];
	for (i = 0; i < r->errors.n; i++) {
		e = &r->errors.v[i];
		if (lines > 0 && ((e->line <= last && q[e->line]) ||
		    (e->whole && e->line != 0)))
			continue;	/* marked on its line below */
		buf_puts(out, "- ");
		if (e->line != 0)
			words_printf(out, NULL, "mail.err_line", e->line);
		buf_printf(out, "%s\n", e->what);
		if (line_fixed(text, e, fixed, sizeof(fixed)))
			words_printf(out, NULL, "mail.err_fixed", fixed);
		listed++;
	}
	if (lines > 0 && listed > 0)
		buf_puts(out, "\n");	/* between the list and the lines */
	if (lines > 0)
		quote_date(text, p, r, out);
	for (n = 1; lines > 0 && n <= last; n++)
		if (q[n])
			quote_marked(text, n, r, out);
	free(q);
	return buf_failed(out) ? -1 : 0;
}

/*
 * Writes to out the readings of r (struct rm_reading) that a guess
 * made, under mail.readings: a name as written and the athlete it was
 * read as; a line as text (the email's, as read) writes it, and as it
 * would be written to be read without a guess, with the score and day
 * a correction replaced.  Nothing when there is none.  Returns 0 or
 * -1.
 */
int
rateanswer_readings(const char *text, const struct rm_result *r,
    struct buf *out)
{
	const struct rm_reading	*g;
	char			 line[RM_LINE_MAX], date[WORDS_DATE_MAX];
	size_t			 i;

	if (r->nreadings == 0)
		return 0;
	buf_puts(out, words_get(NULL, "mail.readings"));
	for (i = 0; i < r->nreadings; i++) {
		g = &r->readings[i];
		if (g->line == 0) {
			words_printf(out, NULL, "mail.reading_name",
			    g->written, g->as);
			continue;
		}
		line_of(text != NULL ? text : "", g->line, line,
		    sizeof(line));
		words_printf(out, NULL, g->read & RM_READ_QUOTED ?
		    "mail.reading_quoted" : "mail.reading", trim(line));
		if (!(g->read & RM_READ_NOT))
			words_printf(out, NULL, "mail.reading_as", g->as);
		else if (g->day[0] != '\0')
			words_printf(out, NULL, "mail.reading_fix", g->as,
			    g->was, words_date(g->day, date));
		else
			words_printf(out, NULL, "mail.reading_fix_none",
			    g->as, g->was[0] ? g->was : "?");
	}
	return buf_failed(out) ? -1 : 0;
}
