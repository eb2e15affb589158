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
 *
 * ratemail.c owns the reading of a text line by line and the block
 * format; what a parse keeps is ratemail_rating.c's, what a word is
 * ratemail_word.c's, tables and scores alone ratemail_table.c's, pairs
 * ratemail_pairs.c's, a phone's lines ratemail_guess.c's, and a CSV
 * ratemail_csv.c's.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ratemail.h"

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
	    (n = ratemail_lead_scores(s, copy, cell, &words)) > 0 &&
	    (*words == '\0' || n >= 2)) {
		p->spans[p->nspans - 1].last = st->n;
		return ratemail_scores_line(st, st->athlete, cell, n, words, 0);
	}
	/* "Ella Fox 3 4 5 2 7" under another athlete's lines (no metric
	 * of the team's, misspelt or not: "weight 80,4" is the block's) */
	if (st->athlete[0] != '\0' && p->metrics != NULL &&
	    (n = ratemail_colonless(st, s, name, copy, cell, &words)) > 0 &&
	    !ratemail_metric_like(p, name, LIKE_LOOSE)) {
		st->athlete[0] = '\0';
		return ratemail_stray_line(st, whole, "", 0);
	}
	if ((n = ratemail_named_pair(st, s)) != 0)
		return n == -1 ? -1 : 0;
	if (!ratemail_split(p, s, &metric, &score, &max, &comment)) {
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
		return ratemail_stray_line(st, whole, metric, score);
	p->spans[p->nspans - 1].last = st->n;
	/* "technique 4, fitness 3": pairs, as after "Jane Doe:" (no
	 * metric's name holds a ',' or a ';') */
	if (strpbrk(metric, ",;") != NULL)
		return ratemail_pairs_line(st, st->athlete, whole);
	return ratemail_add(p, st->n, st->athlete, metric, score, max, comment);
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
	if ((rc = ratemail_order_line(st, s)) != 0)
		return rc == -1 ? -1 : 0;
	if ((rc = ratemail_correction_line(st, s)) != 0)
		return rc == -1 ? -1 : 0;
	/* ';' before ',': a spreadsheet where ',' is the decimal mark
	 * writes "Jane Doe;82,5;4"; a ':' after a ',' or ';' is a time's,
	 * "Jane Doe,4,7:40" */
	colon = strcspn(s, ":");
	sep = strchr(s, '\t') ? '\t' : strchr(s, '|') ? '|' :
	    s[colon] != '\0' && strcspn(s, ",;") > colon ? 0 :
	    strchr(s, ';') ? ';' : strchr(s, ',') ? ',' : 0;
	if (sep != 0 && (rc = ratemail_table_row(st, s, sep)) != 0)
		return rc == -1 ? -1 : 0;
	if ((rc = ratemail_named_line(st, s)) != 0)
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
