/*
 * ratemail_guess.c - the lines a phone's coach writes, each read by a
 * guess the answer shows (RM_READ_*, rateanswer.c): a name without its
 * ':' ("Ben - 4 6 7:40 2", "Oliver erg 6:48"), surname first
 * ("Fletcher, Ben: ..."), a line of a block that is another
 * athlete's, and a correction in prose ("Oliver erg 6:48 not 6:58").
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ratemail.h"

/*
 * A line "X: rest" where X may be an athlete: a block's start (no
 * rest), scores alone (and words after them: their comment), or pairs.
 * Inside a block, "erg: 7 - New PB" is the block's rating.  Returns 1
 * when read, 0 when not, -1.
 */
int
ratemail_named_line(struct rm_state *st, const char *s)
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
	if (!ratemail_name_like_as(name, *rest != '\0'))
		return 0;
	if (*rest == '\0') {
		snprintf(st->athlete, sizeof(st->athlete), "%s", name);
		st->blank = 0;
		if (ratemail_span(st->p, name, st->n, 0) == -1)
			return -1;
		st->p->spans[st->p->nspans - 1].bare = 1;
		return 1;
	}
	snprintf(copy, sizeof(copy), "%s", rest);
	n = ratemail_cells(copy, ' ', cell, RM_MAX_CELLS);
	k = n < RM_MAX_CELLS ? ratemail_scores_only(cell, n) : -1;
	if (inblock && ((k == 1 && n == 1) || (k == -1 &&
	    ratemail_score(cell[0], &score, &max))))
		return 0;	/* "fitness: 3" in a block */
	/* "Ben: 4 6 7:40 2 keeps rushing the slide": two scores or more,
	 * then words (a metric's name is no athlete's: "erg: 6:48 7:02
	 * on the 2k" is prose) */
	if (k == -1 && !ratemail_metric_like(st->p, name, LIKE_NAMED) &&
	    (n = ratemail_lead_scores(rest, copy, cell, &comment)) >= 2) {
		st->athlete[0] = '\0';
		if (ratemail_span(st->p, name, st->n, st->head) == -1)
			return -1;
		return ratemail_scores_line(st, name, cell, n, comment,
		    0) == -1 ? -1 : 1;
	}
	if (k == -1 && (strpbrk(rest, "0123456789") == NULL ||
	    ratemail_score(cell[0], &score, &max)))
		return 0;	/* prose: "Note: well done all", "Note: 2 sick" */
	st->athlete[0] = '\0';
	if (ratemail_span(st->p, name, st->n, k >= 0 ? st->head : 0) == -1)
		return -1;
	if (k >= 0)
		return k == 0 ? 1 : ratemail_scores_add(st, name, cell, n,
		    st->named, 1) == -1 ? -1 : 1;
	return ratemail_pairs_line(st, name, rest) == -1 ? -1 : 1;
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
int
ratemail_colonless(const struct rm_state *st, const char *s, char name[256],
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
	name[n - ratemail_dash_end(name, n)] = '\0';
	memmove(name, trim(name), strlen(trim(name)) + 1);
	if (!ratemail_name_like_as(name, 1) ||
	    ratemail_metric_like(st->p, name, LIKE_KNOWN) ||
	    (k = ratemail_lead_scores(rest, copy, cell, comment)) < 2)
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
	return ratemail_name_like(name) && **rest != '\0' &&
	    (strpbrk(name, " \t@") != NULL) &&
	    metric_match(p->metrics->v, p->metrics->n, name, &hint) == NULL &&
	    hint == NULL;
}

/*
 * Splits words (the words before a score, in place) into the athlete
 * and the metric: at a ':' or a dash between them ("Oliver: erg",
 * "Oliver - erg"), else the metric as the last words, up to
 * RM_METRIC_WORDS, that name one of the team's as how says (p->metrics;
 * with none known, the last word).  Returns 1 with *name ("" when
 * words are the metric alone) and *metric set.
 */
static int
correction_who(const struct rm_parse *p, char *words, enum rm_like how,
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
	for (i = RM_METRIC_WORDS; i > 0; i--) {
		for (w = words + strlen(words), n = 0; w > words; w--)
			if (w[-1] == ' ' && ++n == i)
				break;
		if (w == words || (p->metrics != NULL &&
		    !ratemail_metric_like(p, w, how)) ||
		    (p->metrics == NULL && i > 1))
			continue;
		w[-1] = '\0';
		*name = trim(words);
		*metric = w;
		return 1;
	}
	if (p->metrics == NULL || ratemail_metric_like(p, words, how)) {
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
int
ratemail_named_pair(struct rm_state *st, const char *s)
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
		if (ratemail_prose_score(tok, len = strcspn(tok, " \t"),
		    &score, &max))
			break;
	if (*tok == '\0')
		return 0;
	snprintf(line, sizeof(line), "%.*s", (int)(tok - s), s);
	if (!correction_who(p, line, LIKE_KNOWN, &name, &metric) ||
	    *name == '\0' || !ratemail_name_like_as(name, 1) ||
	    ratemail_metric_like(p, name, LIKE_KNOWN))
		return 0;
	snprintf(rest, sizeof(rest), "%s %s", metric, tok);
	/* the first pair must be one: "at 7:30" is an hour */
	snprintf(pair, sizeof(pair), "%s", rest);
	if (!ratemail_split(p, pair, &m, &score, &max, &c))
		return 0;
	ratemail_name_straight(name);
	st->athlete[0] = '\0';
	if (ratemail_span(p, name, st->n, 0) == -1 ||
	    ratemail_pairs_line(st, name, rest) == -1)
		return -1;
	ratemail_read_as(p, first, RM_READ_COLON);
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
int
ratemail_stray_line(struct rm_state *st, const char *s, const char *metric,
    long score)
{
	struct rm_parse	*p = st->p;
	char		 name[256], copy[RM_MAX_LINE + 1];
	char		*cell[RM_MAX_CELLS];
	const char	*rest;
	int		 n;

	if ((n = ratemail_colonless(st, s, name, copy, cell, &rest)) > 0) {
		ratemail_name_straight(name);	/* as the span writes it */
		if (ratemail_span(p, name, st->n, st->head) == -1)
			return -1;
		return ratemail_scores_line(st, name, cell, n, rest,
		    RM_READ_COLON);
	}
	if (athlete_unread(p, s, name, &rest)) {
		ratemail_name_straight(name);
		if (ratemail_span(p, name, st->n, st->head) == -1)
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
 * "Oliver erg 6:48 not 6:58, my bad": a correction in prose, a score
 * and the one it replaces, a word of kw.instead between them ("not",
 * "instead of", "et non", "statt", "en vez de"), after an athlete
 * and a metric (or a metric alone under an athlete's block).  What
 * follows the score replaced is talk, not a comment, and holds no
 * digit.  Read as the score for that athlete, the one it replaces in
 * was (ratecheck.c finds its day), marked RM_READ_NOT.  Returns 1 when
 * read, 0 when s is none, -1.
 */
int
ratemail_correction_line(struct rm_state *st, const char *s)
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
	for (a = 1; a < n &&
	    !ratemail_prose_score(tok[a], len[a], &score, &max); a++)
		continue;
	for (b = a + 1; b < n && b <= a + 4 &&
	    !ratemail_prose_score(tok[b], len[b], &was, &was_max); b++) {
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
	    (*name != '\0' && !ratemail_name_like_as(name, 1)))
		return 0;
	if (*name != '\0') {
		st->athlete[0] = '\0';
		ratemail_name_straight(name);
		if (ratemail_span(st->p, name, st->n, 0) == -1)
			return -1;
	} else
		st->p->spans[st->p->nspans - 1].last = st->n;
	if (ratemail_add(st->p, st->n, *name != '\0' ? name : st->athlete,
	    metric, score, max, "") == -1)
		return -1;
	st->p->v[st->p->n - 1].read = RM_READ_NOT;
	st->p->v[st->p->n - 1].was = was;
	st->p->v[st->p->n - 1].was_max = was_max;
	return 1;
}
