/*
 * ratemail_pairs.c - a line of pairs: "Sam: technique 4, fitness 3
 * great week", split at ',' or ';', each comment running to the next
 * split, a piece with no digit carrying on the comment before.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ratemail.h"

/*
 * Whether s is only "metric score" pairs: "fitness 3 erg score 7", or
 * "technique 3 ergo2k 7:21" with a time metric's score (ratemail_bare_time()).
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
		if (n < sizeof(tok) && (ratemail_score(tok, &score, &max) ||
		    (run != NULL && ratemail_bare_time(p, run, (size_t)(s - run),
		    tok, &score, &max)))) {
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
		if (ratemail_add(st->p, st->n, athlete, metric, score, max,
		    "") == -1)
			return -1;
		if (!ratemail_split(st->p, comment, &metric, &score, &max,
		    &comment))
			return 0;	/* pairs_only() says it is one */
	}
	return ratemail_add(st->p, st->n, athlete, metric, score, max, comment);
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
int
ratemail_pairs_line(struct rm_state *st, const char *athlete, char *rest)
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
		if (ratemail_split(p, piece, &metric, &score, &max, &comment)) {
			if (p->n > first && (dot = strstr(metric, ". ")) !=
			    NULL) {
				while ((d = strstr(dot + 1, ". ")) != NULL)
					dot = d;	/* the last sentence */
				dot[1] = '\0';
				if (comment_more(p, before, metric) == -1)
					return -1;
				metric = trim(dot + 2);
			} else if (p->n > first &&
			    text_words(metric) > RM_METRIC_WORDS) {
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
