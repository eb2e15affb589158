/*
 * ratemail_table.c - scores in columns: a table pasted in (tab-, '|'-,
 * semicolon- or comma-separated, its header row naming the metrics,
 * its name column's in any language), an "order:" line, and a line of
 * scores alone in that order ("Jane Doe: 4 _ 3"), with the comment
 * after them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ratemail.h"

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

/* Whether every cell is a score, a blank or empty: how many scores, or -1. */
int
ratemail_scores_only(char *const *cell, int n)
{
	long	 score, max;
	int	 i, k = 0;

	for (i = 0; i < n; i++) {
		if (ratemail_cell_score(cell[i], &score, &max))
			k++;
		else if (cell[i][0] != '\0' && !ratemail_blank(cell[i]))
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
int
ratemail_scores_add(struct rm_state *st, const char *athlete, char *const *cell,
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
		if (!ratemail_cell_score(cell[i], &score, &max) ||
		    (st->order.n > 0 && st->order.v[i + skip][0] == '\0'))
			continue;
		if (ratemail_add(p, st->n, athlete, st->order.n > 0 ?
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
int
ratemail_order_line(struct rm_state *st, const char *s)
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
	n = ratemail_cells(colon + 1, ' ', cell, RM_MAX_CELLS);
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
 * A row of a table pasted in (cells at sep): a header of metric names
 * (kept as the order), a row of an athlete's scores, or a markdown
 * rule.  Returns 1 when it was one of these, 0 when not, -1.
 */
int
ratemail_table_row(struct rm_state *st, const char *s, int sep)
{
	char	 line[RM_MAX_LINE + 1], *cell[RM_MAX_CELLS], name[256];
	int	 i, n, k, skip;

	if (strspn(s, "|-: \t") == strlen(s))
		return 1;	/* |---|:--| */
	snprintf(line, sizeof(line), "%s", s);
	if ((n = ratemail_cells(line, sep, cell, RM_MAX_CELLS)) < 2)
		return 0;
	/* "Fletcher, Ben,4,6": a name written surname first, unquoted */
	if (sep == ',' && n > 2 && ratemail_scores_only(cell + 1, n - 1) < 0 &&
	    ratemail_scores_only(cell + 2, n - 2) > 0 && cell[0][0] != '\0' &&
	    (size_t)snprintf(name, sizeof(name), "%s, %s", cell[0],
	    cell[1]) < sizeof(name) && ratemail_comma_name(name, 0)) {
		cell[1] = name;
		n--;
		memmove(cell, cell + 1, (size_t)n * sizeof(*cell));
	}
	if ((k = ratemail_scores_only(cell + 1, n - 1)) > 0 &&
	    cell[0][0] != '\0') {
		if (st->athlete[0] != '\0' && !st->blank && k == 1 &&
		    st->order.n == 0)
			return 0;	/* "technique<TAB>4" in a block */
		st->athlete[0] = '\0';
		/* a header without a name cell, over rows with one */
		skip = st->named || (st->head != 0 &&
		    (size_t)n == st->order.n);
		if (ratemail_span(st->p, cell[0], st->n, st->head) == -1)
			return -1;
		return ratemail_scores_add(st, cell[0], cell + 1, n - 1, skip,
		    0) == -1 ? -1 : 1;
	}
	/* neither scores nor a header: a number, or one that names no
	   metric ("2k" and "5km" name "Erg 2k" and "Run 5km", and without
	   it the rows went by the team's order; "60" is a score, even
	   where a metric is "Plank 60 s") */
	for (i = 0; i < n; i++)
		if (isdigit((unsigned char)cell[i][0]) &&
		    (strspn(cell[i], "0123456789.,:") == strlen(cell[i]) ||
		    !ratemail_metric_like(st->p, cell[i], LIKE_KNOWN)))
			return 0;
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
 * "4 6 7:40 2 keeps rushing the slide, talk to him": the scores (or
 * blanks) rest begins with, as cells of copy (the caller's, of
 * RM_MAX_LINE + 1 bytes), and *comment at the words after them in
 * rest, past a dash; "" when none follow.  Returns how many cells
 * there are before the words.
 */
int
ratemail_lead_scores(const char *rest, char *copy, char **cell,
    const char **comment)
{
	long	 score, max;
	int	 n, k;

	snprintf(copy, RM_MAX_LINE + 1, "%s", rest);
	n = ratemail_cells(copy, ' ', cell, RM_MAX_CELLS);
	for (k = 0; k < n && (ratemail_cell_score(cell[k], &score, &max) ||
	    ratemail_blank(cell[k])); k++)
		continue;
	*comment = k < n ? rest + (cell[k] - copy) : "";
	while (ratemail_dash(*comment) > 0 || **comment == ',' ||
	    **comment == ';')
		*comment += ratemail_dash(*comment) > 0 ?
		    ratemail_dash(*comment) : 1,
		*comment += strspn(*comment, " \t");
	return k;
}

/*
 * Adds the scores of athlete's line, cell[0..n), a comment after them
 * (its words as written, or ""), and notes how the line was read
 * (RM_READ_*, 0: as the format says).  The comment goes with the
 * first score: the words of a line, not of a metric.  Returns 0 or -1.
 */
int
ratemail_scores_line(struct rm_state *st, const char *athlete,
    char *const *cell, int n, const char *comment, int how)
{
	struct rm_parse	*p = st->p;
	size_t		 first = p->n;
	char		*c;

	if (ratemail_scores_add(st, athlete, cell, n, st->named, 1) == -1)
		return -1;
	if (*comment != '\0' && p->n > first) {
		if ((c = xstrdup(comment)) == NULL)
			return -1;
		free(p->v[first].comment);
		p->v[first].comment = c;
		how |= RM_READ_COMMENT;
	}
	ratemail_read_as(p, first, how);
	return 0;
}
