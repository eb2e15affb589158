/*
 * ratecheck.c - a coach's ratings as ratemail.c read them, against the
 * roster and the metrics: who each athlete is (a name, @handle or
 * email, or a first name or surname alone when it is unique among the
 * athletes the coach rates; either without its accents when none is
 * written so; failing those, read by a guess the reply shows: a word
 * of one letter for a word, "Tom H", or surname first, "Fletcher,
 * Ben"), which metric each score is for (named, a start or a word of
 * its name, or by its place in the order), whether it fits the
 * metric's scale, whether the coach may rate the athlete (their own
 * squads; a head coach everyone), and which score a correction in
 * prose replaces ("erg 6:48 not 6:58": its day).
 *
 * A mistake costs one athlete, not the email: each athlete's scores
 * are stored or refused as a whole, and rateanswer.c writes the
 * refused athletes' lines back, each problem marked under its line
 * ("(!) ...", which ratemail.c skips), ready to be corrected and sent.
 * The roster's index and whom a name means are ratecheck_name.c's,
 * the readings shown ratecheck_reading.c's.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

/*
 * the day of athlete ?1's latest coach score ?3 for metric ?2, on
 * day ?4 or after: the one a coach's "6:48 not 6:58" corrects
 */
STMT(STMT_RATING_WAS,
    "SELECT rated_on FROM rating WHERE athlete_id = ? AND "
    "metric_id = ? AND source = 'coach' AND score = ? AND "
    "rated_on >= ? ORDER BY rated_on DESC, id DESC LIMIT 1");

void
ratemail_result_free(struct rm_result *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].comment);
	for (i = 0; i < r->nreadings; i++) {
		free(r->readings[i].written);
		free(r->readings[i].as);
	}
	free(r->readings);
	free(r->v);
	free(r->refused);
	ratemail_problems_free(&r->errors);
	strlist_free(&r->summary);
	memset(r, 0, sizeof(*r));
}

/* Days back a correction ("6:48 not 6:58") finds the score it corrects */
#define CORRECT_DAYS	30

/*
 * The line of the last of errs, corrected: from (the words the coach
 * wrote) made to (what they meant), which the refusal shows as the
 * line to send (rateanswer.c).  Returns 0 or -1.
 */
static int
problem_fix(struct rm_problems *errs, const char *from, const char *to)
{
	struct rm_problem	*e = &errs->v[errs->n - 1];

	if ((e->fix_from = xstrdup(from)) == NULL ||
	    (e->fix_to = xstrdup(to)) == NULL)
		return -1;
	return 0;
}

/*
 * Who w->written is among the athletes coach rates, or a problem on
 * its first line: more than one of them (named), or none, which is
 * all it says of anyone else (what was written, quoted back, and the
 * closest name of theirs): an athlete of another squad, someone on no
 * roster and a typo read alike, so that an assistant learns neither
 * the names nor the handles of squads not theirs.  Returns 0 or -1.
 */
static int
who_find(struct db *db, const struct rm_index *x, const char *country,
    int64_t coach, struct rm_who *w, struct rm_problems *errs)
{
	const struct person	*found = NULL;
	struct buf		 names = { 0 };
	const char		*hint;
	int			 n = 0, rc = -1;

	if (ratemail_find(db, x, coach, w->written, country, &w->person,
	    &hint) == -1 || (w->person == NULL && (n = ratemail_by_name(db, x,
	    coach, w->written, &found, &names, &w->guess)) == -1))
		goto out;
	if (n == 1)
		w->person = found;
	if (n > 1)
		rc = ratemail_problem(errs, w->line, w->written,
		    "mail.err_ambiguous", w->written, names.data);
	else if (w->person == NULL) {
		rc = ratemail_problem(errs, w->line, w->written, hint ?
		    "mail.err_athlete_hint" : "mail.err_athlete", w->written,
		    hint);
		/* the line with the name meant (not for a handle or an
		 * address: a near one is no likely slip of the thumb) */
		if (rc == 0 && hint != NULL && strchr(w->written, '@') == NULL)
			rc = problem_fix(errs, w->written, hint);
	} else
		rc = 0;
out:
	buf_free(&names);
	return rc;
}

/* The entry of written in w (n of them), or NULL. */
static struct rm_who *
who_of(struct rm_who *w, size_t n, const char *written)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(w[i].written, written) == 0)
			return &w[i];
	return NULL;
}

/*
 * Every athlete the parse writes, once, in the order of the email,
 * looked up.  The caller frees *wp.  Returns how many, or -1.
 */
static long
who_list(struct db *db, const struct rm_index *x, const char *country,
    int64_t coach, const struct rm_parse *p, struct rm_who **wp,
    struct rm_problems *errs)
{
	struct rm_who	*w;
	size_t		 i, n = 0;

	if ((w = calloc(p->nspans + p->n + 1, sizeof(*w))) == NULL)
		return -1;
	*wp = w;
	for (i = 0; i < p->nspans + p->n; i++) {
		const char *a = i < p->nspans ? p->spans[i].athlete :
		    p->v[i - p->nspans].athlete;
		if (who_of(w, n, a) != NULL)
			continue;
		w[n].written = a;
		w[n].line = i < p->nspans ? p->spans[i].first :
		    p->v[i - p->nspans].line;
		if (who_find(db, x, country, coach, &w[n], errs) == -1)
			return -1;
		n++;
	}
	return (long)n;
}

/*
 * The metric of line l, by name or by its place in the team's order,
 * or NULL with a problem (one a line for a count of scores that is
 * not the team's).
 */
static const struct metric *
line_metric(const struct rm_index *x, const struct rm_line *l,
    struct rm_problems *errs, unsigned long *counted)
{
	const struct metric_set	*ms = &x->metrics;
	const char		*hint;
	const struct metric	*m;
	char			 blanks[2 * 64 + 1] = "";
	size_t			 k;

	if (l->metric[0] != '\0') {
		/* a start of its name, or a word of it ("2k") */
		if ((m = metric_match(ms->v, ms->n, l->metric,
		    &hint)) == NULL && (m = metric_word(ms->v, ms->n,
		    l->metric, 0)) == NULL &&
		    ratemail_problem(errs, l->line, l->athlete, hint ?
		    "mail.err_metric_hint" : "mail.err_metric", l->metric,
		    hint) == 0 && hint != NULL)
			(void)problem_fix(errs, l->metric, hint);
		return m;
	}
	if ((l->of == 0 || (size_t)l->of == ms->n) && (size_t)l->pos <= ms->n)
		return &ms->v[l->pos - 1];
	if (*counted != l->line &&
	    ratemail_problem(errs, l->line, l->athlete, "mail.err_count",
	    l->of ? l->of : l->pos, ms->n) == 0 && l->of > 0 &&
	    (size_t)l->of < ms->n && !(l->read & RM_READ_COMMENT)) {
		/* too few: the line with a blank for each left out */
		for (k = (size_t)l->of; k < ms->n && k < 64; k++)
			strcat(blanks, " _");
		(void)problem_fix(errs, "", blanks);
	}
	*counted = l->line;
	return NULL;
}

/*
 * A score of m as kept, from score and max as the parse read them
 * (struct rm_line), into *kept: 0, or -1 when it is no value of m (a
 * whole number where a scale's points are, a time where none is, off
 * its range).
 */
static int
value_kept(const struct metric *m, long score, long max, long *kept)
{
	/* a time or a number: tenths; a whole number written is whole
	 * seconds or units; "6:45" only a time */
	*kept = m->kind == METRIC_SCALE || max < 0 ? score : score * 10;
	if ((m->kind == METRIC_SCALE && max < 0) || (m->kind !=
	    METRIC_SCALE && max > 0) || (m->kind != METRIC_TIME &&
	    max == RM_TIME) || (m->kind == METRIC_SCALE && max > 0 &&
	    max != m->scale_max) || *kept < m->scale_min ||
	    *kept > m->scale_max)
		return -1;
	return 0;
}

/*
 * Where line l is a correction ("erg 6:48 not 6:58"), the score it
 * replaces into r->was (-1 when it is no score of m) and the day of
 * athlete's latest coach score that is it, on day since or after,
 * into r->day ("" when there is none: then it is stored for the
 * email's day, as a new score).  Returns 0 or -1.
 */
static int
correction_day(struct db *db, const struct metric *m, const struct rm_line *l,
    int64_t athlete, const char *since, struct rm_rating *r)
{
	sqlite3_stmt	*st;
	long		 was;
	int		 rc;

	r->day[0] = '\0';
	r->was = -1;
	if (!(l->read & RM_READ_NOT) || value_kept(m, l->was, l->was_max,
	    &was) == -1)
		return 0;
	r->was = (int)was;
	st = db_query(db, STMT_RATING_WAS, "iiit", athlete, m->id,
	    (int64_t)was, since);
	if ((rc = db_row(db, st)) == OUT_FAILED)
		return -1;
	if (rc == OUT_ROW) {
		snprintf(r->day, sizeof(r->day), "%s", db_text(st, 0));
		sqlite3_reset(st);
	}
	return 0;
}

/*
 * Adds line l, for athlete a (w: how the email wrote them), to out when
 * its metric and score are right and the email gives it once; a
 * problem when not.  A correction's day is looked for from day since
 * on.
 */
static int
rate_line(struct db *db, const struct rm_index *x, const struct rm_line *l,
    const struct rm_who *w, struct rm_result *out, unsigned long *counted,
    const char *since)
{
	const struct person	*a = w->person;
	struct rm_rating	*r = &out->v[out->n];
	const struct metric	*m;
	struct metric		 bare;
	char			 written[METRIC_VALUE_MAX];
	char			 example[METRIC_VALUE_MAX];
	char			 range[METRIC_VALUE_MAX * 2 + 2];
	long			 kept;
	size_t			 j;

	if ((m = line_metric(x, l, &out->errors, counted)) == NULL)
		return 0;
	if (m->kind == METRIC_SCALE && l->max > 0 && l->max != m->scale_max)
		return ratemail_problem(&out->errors, l->line, l->athlete,
		    "mail.err_scale", m->slug, m->scale_max, l->max);
	if (value_kept(m, l->score, l->max, &kept) == -1) {
		bare = *m;
		bare.kind = l->max < 0 ? METRIC_TIME : METRIC_SCALE;
		bare.unit[0] = '\0';
		if (l->max == RM_TENTHS)
			bare.kind = METRIC_NUMBER;
		metric_value_write(&bare, l->score, words_decimal(), written,
		    sizeof(written));
		metric_range_write(m, words_decimal(), range, sizeof(range));
		/* "4.5" on a scale is not off it but between its points */
		if (m->kind == METRIC_SCALE && l->max < 0)
			return ratemail_problem(&out->errors, l->line,
			    l->athlete, "mail.err_whole", m->slug, range,
			    written);
		/* "1.55" for a time of minutes was read as seconds: say
		 * so, and how a time is written ("25" for a sprint of
		 * 0:10-0:20 was seconds as meant, and "4/5" no time) */
		if (m->kind == METRIC_TIME && (l->max == 0 ||
		    l->max == RM_TENTHS) && m->scale_max >= 600) {
			metric_value_write(m, m->scale_min, words_decimal(),
			    example, sizeof(example));
			return ratemail_problem(&out->errors, l->line,
			    l->athlete, "mail.err_seconds", m->slug, written,
			    range, example);
		}
		return ratemail_problem(&out->errors, l->line, l->athlete,
		    "mail.err_range", m->slug, written, range);
	}
	for (j = 0; j < out->n; j++)
		if (out->v[j].athlete == a->id && out->v[j].metric == m->id)
			return ratemail_problem(&out->errors, l->line,
			    l->athlete, "mail.err_twice", m->slug, a->name);
	r->athlete = a->id;
	r->metric = m->id;
	r->score = (int)kept;
	r->line = l->line;
	r->read = l->read | (w->guess ? RM_READ_NAME : 0);
	if (correction_day(db, m, l, a->id, since, r) == -1 ||
	    (r->comment = xstrdup(l->comment)) == NULL)
		return -1;
	snprintf(r->slug, sizeof(r->slug), "%s", m->slug);
	snprintf(r->name, sizeof(r->name), "%s", m->name);
	r->kind = m->kind;
	memcpy(r->unit, m->unit, sizeof(r->unit));
	out->n++;
	return 0;
}

/*
 * The parse's lines with the scores alone of a line placed in the
 * team's order: one written "4,3" where ',' is the decimal mark (its
 * split set) is a number where the metric at its place is a time or a
 * number, and two whole scores, 4 and 3, where it is a scale or past
 * the last, the places after it moving on by one.  Returns the lines
 * (their strings the parse's; the caller frees the array), how many in
 * *n, or NULL.
 */
static struct rm_line *
placed(const struct rm_index *x, const struct rm_parse *p, size_t *n)
{
	const struct metric_set	*ms = &x->metrics;
	struct rm_line		*v, *l;
	size_t			 i, j, first = 0;
	long			 moved = 0;

	if ((v = calloc(p->n * 2 + 1, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0, *n = 0; i <= p->n; i++) {
		if (i == p->n || (i > 0 && (p->v[i].line != p->v[i - 1].line ||
		    strcmp(p->v[i].athlete, p->v[i - 1].athlete) != 0))) {
			for (j = first; j < *n; j++)
				if (v[j].of != 0)
					v[j].of += (int)moved;
			first = *n;
			moved = 0;
		}
		if (i == p->n)
			break;
		l = &v[(*n)++];
		*l = p->v[i];
		if (l->pos == 0)
			continue;
		l->pos += (int)moved;
		if (l->split && ((size_t)l->pos > ms->n ||
		    ms->v[l->pos - 1].kind == METRIC_SCALE)) {
			l->score = l->whole[0];
			l->max = 0;
			l[1] = l[0];
			l[1].pos++;
			l[1].score = l->whole[1];
			(*n)++;
			moved++;
		}
	}
	return v;
}

/*
 * Marks refused every athlete a problem names (and every other way
 * the email writes them; all of them for a problem of the whole
 * email), drops their scores, and counts who is stored and refused.
 */
static void
refuse(const struct rm_parse *p, struct rm_who *w, size_t nw,
    struct rm_result *out)
{
	struct rm_who	*e;
	size_t		 i, j, k;

	for (i = 0; i < out->errors.n; i++) {
		if (out->errors.v[i].whole)
			for (j = 0; j < nw; j++)
				w[j].refused = 1;
		if (out->errors.v[i].athlete == NULL ||
		    (e = who_of(w, nw, out->errors.v[i].athlete)) == NULL)
			continue;
		e->refused = 1;
		for (j = 0; e->person != NULL && j < nw; j++)
			if (w[j].person == e->person)
				w[j].refused = 1;
	}
	for (i = 0, k = 0; i < out->n; i++) {
		for (j = 0; j < nw; j++)
			if (w[j].refused && w[j].person != NULL &&
			    w[j].person->id == out->v[i].athlete)
				break;
		if (j < nw)
			free(out->v[i].comment);
		else
			out->v[k++] = out->v[i];
	}
	out->n = k;
	for (i = 0; i < p->nspans; i++)
		out->refused[i] = (e = who_of(w, nw, p->spans[i].athlete)) !=
		    NULL && e->refused;
	for (i = 0; i < nw; i++) {
		for (j = 0; j < i; j++)
			if (w[j].person != NULL && w[j].person == w[i].person &&
			    w[j].refused == w[i].refused)
				break;
		if (j == i && w[i].refused)
			out->nrefused++;
		else if (j == i && w[i].person != NULL)
			out->nstored++;
	}
}

/*
 * "Jane Doe: technique 4, fitness 3" for each athlete stored, in the
 * order of the email.
 */
static void
summarise(struct rm_result *r, const struct rm_index *x)
{
	struct buf	 b = { 0 };
	char		 value[METRIC_VALUE_MAX];
	size_t		 i, j;

	for (i = 0; i < r->n; i++) {
		for (j = 0; j < i && r->v[j].athlete != r->v[i].athlete; j++)
			continue;
		if (j < i)
			continue;	/* summarised with their first */
		buf_reset(&b);
		for (j = i; j < r->n; j++)
			if (r->v[j].athlete == r->v[i].athlete) {
				rm_value_write(&r->v[j], r->v[j].score, value,
				    sizeof(value));
				buf_printf(&b, "%s%s %s", b.len ? ", " : "",
				    r->v[j].slug, value);
			}
		for (j = 0; j < x->npeople; j++)
			if (x->people[j].id == r->v[i].athlete && b.len > 0)
				strlist_addf(&r->summary, "%s: %s",
				    x->people[j].name, b.data);
	}
	buf_free(&b);
}

/*
 * A problem's words with "{example}" (a pair to write, which the parse
 * cannot know) made the team's own first two metrics, mid-range and in
 * their own form: "erg 6, split 2:00.0"; a team with no metric yet
 * gets the catalogue's example.
 */
static char *
problem_words(const char *what, const struct metric_set *ms)
{
	struct buf	 b = { 0 };
	const char	*at = NULL, *next;
	char		 only[2] = { 0 };
	size_t		 j;

	/* the last: a line quoted before it may hold the word too */
	for (next = what; (next = strstr(next, "{example}")) != NULL; next++)
		at = next;
	if (at == NULL)
		return xstrdup(what);
	buf_add(&b, what, (size_t)(at - what));
	for (j = 0; j < ms->n && j < 2; j++) {
		struct metric_set one = { .v = &ms->v[j], .n = 1 };

		only[0] = 1;
		buf_puts(&b, j > 0 ? ", " : "");
		metric_example(&one, only, 1, &b);
	}
	if (ms->n == 0)
		buf_puts(&b, words_get(NULL, "mail.example_pair"));
	buf_puts(&b, at + strlen("{example}"));
	return buf_steal(&b);
}

/* Copies the problems of the parse to those of the result. */
static int
problems_copy(struct rm_problems *to, const struct rm_problems *from,
    const struct metric_set *ms)
{
	struct rm_problem	*e;
	size_t			 i;

	if (from->n == 0)
		return 0;
	if ((to->v = calloc(from->n, sizeof(*to->v))) == NULL)
		return -1;
	for (i = 0; i < from->n; i++, to->n++) {
		e = &to->v[i];
		*e = from->v[i];
		e->athlete = e->fix_from = e->fix_to = NULL;
		if ((e->what = problem_words(from->v[i].what, ms)) == NULL ||
		    (from->v[i].athlete != NULL && (e->athlete =
		    xstrdup(from->v[i].athlete)) == NULL)) {
			free(e->what);
			return -1;
		}
	}
	return 0;
}

/*
 * Maps every parsed line to an athlete and a metric of the index,
 * checking scores against each metric's scale, and that the sender
 * (coach, a person's id, or 0) coaches the athlete.  Every problem
 * goes to out->errors with its line, its athlete and, where one is
 * close, a suggestion; an athlete who cannot be rated is named once.
 * out->v keeps the scores of athletes without a problem.
 */
int
ratemail_resolve(struct db *db, const struct rm_index *x, const char *country,
    int64_t coach, const struct rm_parse *p, struct rm_result *out)
{
	struct rm_who	*w = NULL, *e;
	struct rm_line	*v = NULL;
	char		 since[11];
	unsigned long	 counted = 0;
	long		 nw;
	size_t		 i, j, n;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	if ((v = placed(x, p, &n)) == NULL ||
	    (out->v = calloc(n + 1, sizeof(*out->v))) == NULL ||
	    (out->refused = calloc(p->nspans + 1, 1)) == NULL ||
	    problems_copy(&out->errors, &p->errors, &x->metrics) == -1 ||
	    (nw = who_list(db, x, country, coach, p, &w, &out->errors)) == -1)
		goto out;
	for (i = 0; i < n; i++)	/* typed into cox's sheet, quoted */
		for (j = 0; j < p->nquoted; j++)
			if (p->quoted[j] == v[i].line)
				v[i].read |= RM_READ_QUOTED;
	/* a correction corrects a score of the last CORRECT_DAYS days */
	day_before(p->now ? p->now : time(NULL), CORRECT_DAYS, since);
	for (i = 0; i < n; i++) {
		e = who_of(w, (size_t)nw, v[i].athlete);
		if (e->person != NULL && rate_line(db, x, &v[i], e, out,
		    &counted, since) == -1)
			goto out;
	}
	refuse(p, w, (size_t)nw, out);
	summarise(out, x);
	rc = ratemail_readings(out, x, w, (size_t)nw);
out:
	free(v);
	free(w);
	return rc;
}
