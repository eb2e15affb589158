/*
 * ratemail.c - the format coaches email ratings in (DESIGN.md §4):
 *
 *	date: 2026-11-20            (optional)
 *
 *	Jane Doe:
 *	  technique 4  Catch timing is improving.
 *	  fitness 3/5
 *	@jsmith:
 *	  technique 2  Rushing the slide.
 *
 * A line ending in ':' names an athlete; each following line is
 * "metric score[/max] [comment]", the metric being every word before
 * the score.  Prose that does not look like a rating is ignored before
 * the first athlete (a greeting) and after a blank line (a sign-off);
 * inside an athlete's lines it is an error.  Quoted replies and signatures
 * are cut off first.  The same data may come as a CSV attachment, long
 * (athlete, metric, score, comment) or wide (athlete, then a column per
 * metric).
 *
 * Parsing and resolving against the roster are separate steps, so the
 * parser is pure (and fuzzed); every problem is reported with its line.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"

#define RM_MAX_LINES	5000
#define RM_MAX_LINE	2000

/*
 * Adds catalogue entry name (a printf format: lib/words/) with the
 * arguments to the problems told to the coach.
 */
static void
problem(struct strlist *errors, const char *name, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;

	va_start(ap, name);
	if (buf_vprintf(&b, words_get(NULL, name), ap) == 0)
		strlist_add(errors, b.data);
	va_end(ap);
	buf_free(&b);
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
	free(p->v);
	strlist_free(&p->errors);
	memset(p, 0, sizeof(*p));
}

static int
starts_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether line (NUL-terminated, maybe ending in '\r') ends in wrote:. */
static int
ends_wrote(const char *line)
{
	size_t	 n = strlen(line);

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
		n--;
	return n >= 6 && strncasecmp(line + n - 6, "wrote:", 6) == 0;
}

/*
 * Cuts quoted replies and signatures out of text, in place, keeping
 * line numbers.  Quoted lines ('>') and the attribution above them
 * ("On ... wrote:", also wrapped over two lines) become blank, so text
 * written below or between the quotes (as Thunderbird, Apple Mail and
 * mutt users reply) is read; everything from a signature ("-- ") or an
 * Outlook-style header of the original message on is dropped.  Returns
 * the length left.
 */
size_t
ratemail_strip(char *text)
{
	char	*line = text, *nl, *t, *prev = NULL, save;
	size_t	 len;

	for (; *line != '\0'; line = nl ? nl + 1 : line + strlen(line)) {
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		save = line[len];
		line[len] = '\0';
		t = line;
		while (*t == ' ' || *t == '\t')
			t++;
		if (strcmp(line, "-- ") == 0 || strcmp(line, "-- \r") == 0 ||
		    strcmp(line, "--") == 0 || strcmp(line, "--\r") == 0 ||
		    starts_ci(t, "-----Original Message-----") ||
		    starts_ci(t, "---------- Forwarded message") ||
		    starts_ci(t, "________________________________")) {
			*line = '\0';
			return (size_t)(line - text);
		}
		if (*t == '>' || (starts_ci(t, "On ") && ends_wrote(t)))
			memset(t, ' ', len - (size_t)(t - line));
		else if (ends_wrote(t) && prev != NULL) {
			/* "On <date>, <name>\n<address> wrote:" */
			memset(t, ' ', len - (size_t)(t - line));
			memset(prev, ' ', strcspn(prev, "\n"));
		}
		line[len] = save;
		prev = starts_ci(t, "On ") ? line : NULL;
		if (nl == NULL)
			break;
	}
	return strlen(text);
}

/* A score token: "4", "4/5".  Returns 1 and fills score/max. */
static int
score_token(const char *tok, long *score, long *max)
{
	char	 buf[24];
	char	*slash;

	if (strlen(tok) >= sizeof(buf) || !isdigit((unsigned char)tok[0]))
		return 0;
	snprintf(buf, sizeof(buf), "%s", tok);
	*max = 0;
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash = '\0';
		if (parse_long(slash + 1, 1, 1000, max) == -1)
			return 0;
	}
	return parse_long(buf, 0, 1000, score) == 0;
}

static int
rm_add(struct rm_parse *p, unsigned long line, const char *athlete,
    const char *metric, long score, long max, const char *comment)
{
	struct rm_line	*v;

	if (p->n >= RM_MAX_LINES) {
		problem(&p->errors, "mail.err_too_many", line, RM_MAX_LINES);
		return -1;
	}
	if ((v = reallocarray(p->v, p->n + 1, sizeof(*v))) == NULL)
		return -1;
	p->v = v;
	v = &p->v[p->n];
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
	p->n++;
	return 0;
}

/*
 * Splits "erg score 7/10 - New PB" into metric "erg score", score 7,
 * max 10, comment "New PB".  Returns 0 when there is no score.
 */
static int
rating_split(char *s, char **metric, long *score, long *max, char **comment)
{
	char	*p = s, *tok, *end;

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
		if (score_token(tok, score, max)) {
			*tok = '\0';
			*metric = trim(s);
			/* "technique: 4", "technique = 4" */
			while ((end = *metric + strlen(*metric)) > *metric &&
			    strchr(":=-", end[-1]) != NULL) {
				end[-1] = '\0';
				*metric = trim(*metric);
			}
			*comment = trim(p);
			while (**comment != '\0' && strchr("-:=", **comment))
				*comment = trim(*comment + 1);
			return **metric != '\0';
		}
		if (end != p)
			end[0] = ' ';	/* put the word back */
	}
}

static int
date_line(const char *s, char out[11])
{
	if (!starts_ci(s, "date:"))
		return 0;
	s += 5;
	while (*s == ' ' || *s == '\t')
		s++;
	return day_parse(s, out) == 0 ? 1 : -1;
}

/*
 * Parses a text body (already stripped) into p.  Returns 0; problems
 * are in p->errors with their line numbers.
 */
int
ratemail_parse_text(const char *text, struct rm_parse *p)
{
	char		*copy, *line, *nl, *s, *metric, *comment;
	char		 athlete[256] = "";
	unsigned long	 n = 0;
	long		 score, max;
	int		 rc = 0, d, blank = 0;

	if ((copy = xstrdup(text)) == NULL)
		return -1;
	for (line = copy; line != NULL && rc == 0; line = nl) {
		n++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (strlen(line) > RM_MAX_LINE) {
			problem(&p->errors, "mail.err_long_line", n,
			    RM_MAX_LINE);
			continue;
		}
		s = trim(line);
		if (*s == '\0') {
			blank = 1;
			continue;
		}
		if ((d = date_line(s, p->date)) != 0) {
			if (d == -1)
				problem(&p->errors, "mail.err_date", n);
			continue;
		}
		if (s[strlen(s) - 1] == ':') {
			s[strlen(s) - 1] = '\0';
			s = trim(s);
			if (*s != '\0' && strlen(s) < sizeof(athlete)) {
				snprintf(athlete, sizeof(athlete), "%s", s);
				blank = 0;
				continue;
			}
		}
		if (!rating_split(s, &metric, &score, &max, &comment)) {
			/*
			 * Prose before the first athlete, or after a blank
			 * line ("Thanks,"), is not ratings; inside a block it
			 * is a mistake worth telling the coach about.
			 */
			if (athlete[0] != '\0' && !blank)
				problem(&p->errors, strpbrk(s, "0123456789") ==
				    NULL ? "mail.err_expected_name" :
				    "mail.err_expected", n, athlete);
			else
				athlete[0] = '\0';
			continue;
		}
		blank = 0;
		if (athlete[0] == '\0') {
			problem(&p->errors, "mail.err_before_athlete", n,
			    metric, score);
			continue;
		}
		rc = rm_add(p, n, athlete, metric, score, max, comment);
	}
	free(copy);
	return rc;
}

enum { CC_ATHLETE, CC_METRIC, CC_SCORE, CC_COMMENT, CC_OTHER };

static int
csv_col(const char *h)
{
	char	 norm[32];
	size_t	 n = 0;

	for (; *h != '\0' && n + 1 < sizeof(norm); h++)
		if (isalnum((unsigned char)*h))
			norm[n++] = (char)tolower((unsigned char)*h);
	norm[n] = '\0';
	if (!strcmp(norm, "athlete") || !strcmp(norm, "name") ||
	    !strcmp(norm, "who") || !strcmp(norm, "rower"))
		return CC_ATHLETE;
	if (!strcmp(norm, "metric") || !strcmp(norm, "competency") ||
	    !strcmp(norm, "skill"))
		return CC_METRIC;
	if (!strcmp(norm, "score") || !strcmp(norm, "rating"))
		return CC_SCORE;
	if (!strcmp(norm, "comment") || !strcmp(norm, "comments") ||
	    !strcmp(norm, "note") || !strcmp(norm, "notes"))
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
			problem(&p->errors, "mail.err_csv_empty");
		else
			problem(&p->errors, "mail.err_csv", csv_error(r));
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
				problem(&p->errors, "mail.err_csv_no_metric",
				    rec->line, v);
				continue;
			}
			if (!score_token(v, &score, &max)) {
				problem(&p->errors, "mail.err_csv_score",
				    rec->line, v, metric);
				continue;
			}
			rc = rm_add(p, rec->line, who, metric, score, max,
			    !wide && c >= 0 && (size_t)c < rec->nfields ?
			    trim(rec->fields[c]) : "");
		}
	}
	if (got == -1)
		problem(&p->errors, "mail.err_csv", csv_error(r));
	strlist_free(&head);
	csv_close(r);
	return rc;
}

/* What resolve() looks names up in, loaded once per batch of email. */
struct rm_index {
	struct person	*people;	/* active athletes */
	size_t		 npeople;
	struct metric_set metrics;
};

static int
index_person(struct person *p, void *arg)
{
	struct rm_index	*x = arg;
	struct person	*v;

	if (p->role != ROLE_ATHLETE || !p->active)
		return 0;
	if ((v = reallocarray(x->people, x->npeople + 1, sizeof(*v))) == NULL)
		return -1;
	x->people = v;
	x->people[x->npeople++] = *p;
	memset(p, 0, sizeof(*p));	/* the index owns it now */
	return 0;
}


static void
index_free(struct rm_index *x)
{
	size_t	 i;

	for (i = 0; i < x->npeople; i++)
		person_clear(&x->people[i]);
	metric_set_free(&x->metrics);
	free(x->people);
}

/* The athlete a coach meant, by roster lookup; a hint when none. */
static const struct person *
find_athlete(struct db *db, const struct rm_index *x, const char *who,
    const char *country, const char **hint)
{
	size_t	 i, best = SIZE_MAX, d;
	int64_t	 id;

	*hint = NULL;
	if (person_find(db, who, country, &id) == OUT_OK)
		for (i = 0; i < x->npeople; i++)
			if (x->people[i].id == id)
				return &x->people[i];
	for (i = 0; i < x->npeople; i++) {
		d = edit_distance(who + (who[0] == '@'), x->people[i].name);
		if (who[0] == '@' || d > edit_distance(who + (who[0] == '@'),
		    x->people[i].handle))
			d = edit_distance(who + (who[0] == '@'),
			    x->people[i].handle);
		if (d < best) {
			best = d;
			*hint = x->people[i].name;
		}
	}
	if (best > 3)
		*hint = NULL;
	return NULL;
}

void
ratemail_result_free(struct rm_result *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].comment);
	free(r->v);
	strlist_free(&r->errors);
	strlist_free(&r->summary);
	memset(r, 0, sizeof(*r));
}

static void
summarise(struct rm_result *r, const struct rm_index *x)
{
	struct buf	 b = { 0 };
	size_t		 i, j, k;

	for (i = 0; i < x->npeople; i++) {
		buf_reset(&b);
		for (j = 0; j < r->n; j++) {
			if (r->v[j].athlete != x->people[i].id)
				continue;
			for (k = 0; k < x->metrics.n; k++)
				if (x->metrics.v[k].id == r->v[j].metric)
					buf_printf(&b, "%s%s %d", b.len ?
					    ", " : "", x->metrics.v[k].slug,
					    r->v[j].score);
		}
		if (b.len > 0)
			strlist_addf(&r->summary, "%s: %s", x->people[i].name,
			    b.data);
	}
	buf_free(&b);
}

/* The athletes and metrics resolve() needs; ratemail_index_free() it. */
struct rm_index *
ratemail_index(struct db *db)
{
	struct rm_index	*x;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	if (person_list(db, 0, index_person, x) == -1 ||
	    metric_set_load(db, &x->metrics) == -1) {
		ratemail_index_free(x);
		return NULL;
	}
	return x;
}

void
ratemail_index_free(struct rm_index *x)
{
	if (x == NULL)
		return;
	index_free(x);
	free(x);
}

/* Whether coach (0: an address of [mail] coaches alone) coaches a. */
static int
coaches(struct db *db, int64_t coach, int64_t a)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (coach == 0)
		return 1;
	st = db_query(db, STMT_COACHES_ATHLETE, "ii", coach, a);
	rc = db_row(db, st);
	sqlite3_reset(st);
	return rc;
}

/*
 * Maps every parsed line to an athlete and a metric of the index,
 * checking scores against each metric's scale, and that the sender
 * (coach, a person's id, or 0) coaches the athlete: a coach rates their
 * own squads, a head coach everyone.  Every problem goes to out->errors
 * with its line and, where one is close, a suggestion; an athlete who
 * cannot be rated is named once, not on each of their lines.
 */
int
ratemail_resolve(struct db *db, const struct rm_index *xp, const char *country,
    int64_t coach, const struct rm_parse *p, struct rm_result *out)
{
	const struct rm_index	*x = xp;
	const struct person	*who;
	const struct metric	*m;
	const char		*hint, *refused = NULL;
	int64_t			 allowed = 0;	/* the last athlete checked */
	size_t			 i, j;
	int			 rc = -1, ok;

	memset(out, 0, sizeof(*out));
	if ((out->v = calloc(p->n + 1, sizeof(*out->v))) == NULL)
		goto done;
	for (i = 0; i < p->errors.n; i++)
		strlist_add(&out->errors, p->errors.v[i]);
	for (i = 0; i < p->n; i++) {
		const struct rm_line *l = &p->v[i];
		if (refused != NULL && strcmp(refused, l->athlete) == 0)
			continue;
		who = find_athlete(db, x, l->athlete, country, &hint);
		if (who == NULL) {
			problem(&out->errors, hint ? "mail.err_athlete_hint" :
			    "mail.err_athlete", l->line, l->athlete, hint);
			refused = l->athlete;
			continue;
		}
		if (who->id != allowed &&
		    (ok = coaches(db, coach, who->id)) != 1) {
			if (ok == -1)
				goto done;
			problem(&out->errors, "mail.err_not_yours", l->line,
			    who->name);
			refused = l->athlete;
			continue;
		}
		allowed = who->id;
		if ((m = metric_match(x->metrics.v, x->metrics.n, l->metric,
		    &hint)) == NULL) {
			problem(&out->errors, hint ? "mail.err_metric_hint" :
			    "mail.err_metric", l->line, l->metric, hint);
			continue;
		}
		if (l->max != 0 && l->max != m->scale_max) {
			problem(&out->errors, "mail.err_scale", l->line,
			    m->slug, m->scale_max, l->max);
			continue;
		}
		if (l->score < m->scale_min || l->score > m->scale_max) {
			problem(&out->errors, "mail.err_range", l->line,
			    m->slug, l->score, m->scale_min, m->scale_max);
			continue;
		}
		for (j = 0; j < out->n; j++)
			if (out->v[j].athlete == who->id &&
			    out->v[j].metric == m->id)
				break;
		if (j < out->n) {
			problem(&out->errors, "mail.err_twice", l->line,
			    m->slug, who->name);
			continue;
		}
		out->v[out->n].athlete = who->id;
		out->v[out->n].metric = m->id;
		out->v[out->n].score = (int)l->score;
		out->v[out->n].comment = xstrdup(l->comment);
		snprintf(out->v[out->n].slug, sizeof(out->v[0].slug), "%s",
		    m->slug);
		snprintf(out->v[out->n].name, sizeof(out->v[0].name), "%s",
		    m->name);
		out->n++;
	}
	summarise(out, x);
	rc = 0;
done:
	return rc;
}
