/*
 * load.c - training sessions as athletes rate them, and the load they
 * add up to: session RPE (Foster 2001) is the effort on the CR-10 scale
 * (0-10) times the session's minutes; a day's load is the sum of its
 * sessions'; a week's, of its seven days.  Monotony is a week's mean
 * daily load over the standard deviation of its daily loads, rest days
 * counted as 0, and strain the week's load times its monotony (Foster
 * 1998).  This week is set against the athlete's own average of the
 * four weeks before, in words; a caution only when it is far above
 * that, and never before four full weeks (no acute:chronic ratio as a
 * risk score: Impellizzeri et al. 2020).  cox-sms(8) writes these down.
 *
 * The one writer of session_rpe rows; the one place load is computed.
 *
 * And the sessions coaches plan (planned_session: one a squad, day and
 * slot, the intended RPE beside the minutes), the one writer of their
 * rows.  An athlete's effort pairs with a plan of one of their squads
 * by lookup, never by a stored link: the same day and slot, or either
 * said no slot and the plan is the only one of their squads that day
 * (PLAN_PAIRS in sql.c).  The pair is blind as ratings are (DESIGN.md
 * §1), and the rule is applied here, so no page is handed the hidden
 * value: the intended RPE reaches the athlete's page only once they
 * have given their own for that session, and the athletes' efforts
 * reach the squad's part only once the session's day is over.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib.h"

/*
 * Stores one session of athlete from inbound message (0: none), in the
 * caller's transaction.  With minutes, a session of the same day and
 * effort stored without them (an earlier "rpe 7") gets them instead of
 * a second row; *completed says so.  Returns 0 or -1.
 */
int
session_add(struct db *db, int64_t athlete, const struct session *s,
    int64_t created_at, int64_t message, int *completed)
{
	*completed = 0;
	if (s->minutes > 0) {
		if (db_exec(db, STMT_SESSION_COMPLETE, "itddt", athlete, s->day,
		    s->rpe, s->minutes, s->slot) == -1)
			return -1;
		if (db_changes(db) > 0) {
			*completed = 1;
			return 0;
		}
	}
	return db_exec(db, STMT_SESSION_INSERT, "ittddii", athlete, s->day,
	    s->slot, s->rpe, s->minutes, created_at, message);
}

/* The index in l->daily of day, or -1 when it is outside them. */
static int
load_index(const struct load *l, const char *day)
{
	int	 i;

	for (i = 0; i < LOAD_DAYS; i++)
		if (strcmp(l->days[i], day) == 0)
			return i;
	return -1;
}

/*
 * Reads athlete's sessions of the LOAD_DAYS days up to today into *l:
 * each day's load, the sessions counted and those without minutes,
 * whether four full weeks come before this one (the first session is
 * on or before the first of those days), and the load of today's that
 * pair with a plan, which the blind rule keeps from coaches until the
 * day is over.  Returns 0 or -1.
 */
int
load_read(struct db *db, int64_t athlete, time_t today, struct load *l)
{
	sqlite3_stmt	*st;
	int		 i, rc, minutes;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < LOAD_DAYS; i++)
		day_before(today, LOAD_DAYS - 1 - i, l->days[i]);
	st = db_query(db, STMT_SESSION_SINCE, "it", athlete, l->days[0]);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((i = load_index(l, db_text(st, 0))) == -1)
			continue;	/* a day after today */
		minutes = sqlite3_column_int(st, 3);
		l->sessions++;
		if (minutes == 0)
			l->open++;
		l->daily[i] += (long)sqlite3_column_int(st, 2) * minutes;
		/* today's planned sessions: their coaches wait for the
		 * day's end to see the efforts, the load included */
		if (i == LOAD_DAYS - 1 && sqlite3_column_int(st, 4))
			l->blind += (long)sqlite3_column_int(st, 2) * minutes;
	}
	if (rc == -1)
		return -1;
	st = db_query(db, STMT_SESSION_FIRST, "i", athlete);
	if ((rc = db_row(db, st)) == OUT_ROW) {
		l->full = sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    strcmp(db_text(st, 0), l->days[0]) <= 0;
		sqlite3_reset(st);
	}
	return rc == -1 ? -1 : 0;
}

/*
 * One week's figures from its seven daily loads: the load, and its
 * monotony and strain unless every day's load is the same (monotony_ok
 * 0: the standard deviation is 0 and the ratio undefined).
 */
void
load_week_of(const long seven[7], struct load_week *w)
{
	double	 mean, var = 0;
	int	 i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < 7; i++)
		w->load += seven[i];
	mean = w->load / 7.0;
	for (i = 0; i < 7; i++)
		var += (seven[i] - mean) * (seven[i] - mean);
	/* the week is the whole population: divided by 7, not 6 */
	var /= 7;
	if (var > 0) {
		w->monotony_ok = 1;
		w->monotony = mean / sqrt(var);
		w->strain = w->load * w->monotony;
	}
}

/*
 * This week's figures from daily, LOAD_DAYS days oldest first (the
 * last seven are this week), full as load_read() says: the week's own
 * (load_week_of()), and the average week of the four before, which this
 * one is compared with only when full.
 */
void
load_summarize(const long daily[LOAD_DAYS], int full, struct load_summary *s)
{
	long	 before = 0;
	int	 i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < LOAD_DAYS - 7; i++)
		before += daily[i];
	load_week_of(daily + LOAD_DAYS - 7, &s->last);
	s->full = full;
	s->before = before / 4.0;
	if (full && s->before > 0) {
		s->percent = (int)lround((s->last.load - s->before) * 100 /
		    s->before);
		s->caution = s->last.load > 1.5 * s->before;
	}
}

/*
 * Stores plan p from coach (0: an address on no roster), in the
 * caller's transaction, in place of the squad's plan of that day and
 * slot if there was one (*replaced says so).  Its message is set by
 * plan_claim() once the email is stored.  Returns 0 or -1.
 */
int
plan_store(struct db *db, const struct plan *p, int64_t coach,
    int64_t created_at, int *replaced)
{
	if (db_exec(db, STMT_PLAN_DELETE, "itt", p->squad, p->day,
	    p->slot) == -1)
		return -1;
	*replaced = db_changes(db) > 0;
	return db_exec(db, STMT_PLAN_INSERT, "ittddtii", p->squad, p->day,
	    p->slot, p->minutes, p->rpe, p->description, coach, created_at);
}

/*
 * Takes away squad's plans of day, in the caller's transaction: the one
 * of slot (or, when that slot has none, the day's without a slot), or
 * with slot "" every one of the day; each into gone (*n of them), for
 * the answer to say what went and how to plan it again.  Returns 0 or
 * -1.
 */
int
plan_cancel(struct db *db, int64_t squad, const char *day, const char *slot,
    struct plan_gone gone[PLAN_SLOTS], size_t *n)
{
	sqlite3_stmt	*st;
	struct plan_gone *g;
	enum outcome	 rc;
	size_t		 i;

	*n = 0;
	/* read whole before any goes: a delete under a running query
	 * leaves what it reads next undefined */
	st = db_query(db, STMT_PLAN_OF_DAY, "itt", squad, day, slot);
	while ((rc = db_row(db, st)) == OUT_ROW && *n < PLAN_SLOTS) {
		g = &gone[(*n)++];
		snprintf(g->slot, sizeof(g->slot), "%s", db_text(st, 0));
		g->minutes = sqlite3_column_int(st, 1);
		g->rpe = sqlite3_column_int(st, 2);
		snprintf(g->description, sizeof(g->description), "%s",
		    db_text(st, 3));
	}
	if (rc == OUT_ROW)
		sqlite3_reset(st);
	if (rc == OUT_FAILED)
		return -1;
	for (i = 0; i < *n; i++)
		if (db_exec(db, STMT_PLAN_DELETE, "itt", squad, day,
		    gone[i].slot) == -1)
			return -1;
	return 0;
}

/* The plans stored by the email being stored come from message. */
int
plan_claim(struct db *db, int64_t message)
{
	return db_exec(db, STMT_PLAN_CLAIM, "i", message);
}

/*
 * The plan athlete's effort s pairs with, of their squads' that day:
 * the one of s's slot, or with no slot said the only one that day.
 * When one does, s takes its minutes (unless it has its own) and its
 * slot (unless said), and *intended its RPE.  Returns OUT_OK, or
 * OUT_NOTFOUND (none), OUT_AMBIGUOUS (several: the slot would say
 * which) or OUT_FAILED.
 */
enum outcome
plan_match(struct db *db, int64_t athlete, struct session *s, int *intended)
{
	sqlite3_stmt	*st;
	char		 slot[3] = "";
	int		 n = 0, exact = 0, minutes = 0, rpe = 0, rc;

	st = db_query(db, STMT_PLAN_MATCH, "itt", athlete, s->day, s->slot);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		/* the first rows are those of s's very slot */
		if (n++ == 0) {
			snprintf(slot, sizeof(slot), "%s", db_text(st, 0));
			minutes = sqlite3_column_int(st, 1);
			rpe = sqlite3_column_int(st, 2);
		}
		exact += s->slot[0] != '\0' && strcmp(db_text(st, 0),
		    s->slot) == 0;
	}
	if (rc == OUT_FAILED)
		return OUT_FAILED;
	if (n == 0)
		return OUT_NOTFOUND;
	if (exact > 1 || (exact == 0 && n > 1))
		return OUT_AMBIGUOUS;
	if (s->minutes == 0)
		s->minutes = minutes;
	if (s->slot[0] == '\0')
		snprintf(s->slot, sizeof(s->slot), "%s", slot);
	*intended = rpe;
	return OUT_OK;
}

void
plan_set_free(struct plan_set *ps)
{
	size_t	 i;

	for (i = 0; i < ps->n; i++)
		free(ps->v[i].description);
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

/*
 * The row of ps for the plan at st (day, slot, minutes, intended,
 * description first), added when it is not the last one.  NULL when
 * out of memory.
 */
static struct plan_row *
plan_row_of(struct plan_set *ps, sqlite3_stmt *st)
{
	struct plan_row	*v, *last = ps->n ? &ps->v[ps->n - 1] : NULL;

	if (last != NULL && strcmp(last->day, db_text(st, 0)) == 0 &&
	    strcmp(last->slot, db_text(st, 1)) == 0)
		return last;
	if ((v = reallocarray(ps->v, ps->n + 1, sizeof(*v))) == NULL)
		return NULL;
	ps->v = v;
	v = &ps->v[ps->n];
	memset(v, 0, sizeof(*v));
	snprintf(v->day, sizeof(v->day), "%s", db_text(st, 0));
	snprintf(v->slot, sizeof(v->slot), "%s", db_text(st, 1));
	v->minutes = sqlite3_column_int(st, 2);
	v->intended = sqlite3_column_int(st, 3);
	if ((v->description = xstrdup(db_text(st, 4))) == NULL)
		return NULL;
	ps->n++;
	return v;
}

/* Counts effort felt (column 5 of st, NULL: none) in row v. */
static void
plan_answer(struct plan_row *v, sqlite3_stmt *st)
{
	int	 felt;

	if (sqlite3_column_type(st, 5) == SQLITE_NULL)
		return;
	felt = sqlite3_column_int(st, 5);
	v->answers++;
	v->felt_sum += felt;
	v->harder += felt >= v->intended + PLAN_APART;
	v->easier += felt <= v->intended - PLAN_APART;
}

/*
 * Reads the rows of plan statement st into *ps (emptied first), each
 * with the efforts paired with it.  Returns 0 or -1.
 */
static int
plan_read(struct db *db, sqlite3_stmt *st, struct plan_set *ps)
{
	struct plan_row	*v;
	int		 rc;

	memset(ps, 0, sizeof(*ps));
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((v = plan_row_of(ps, st)) == NULL) {
			sqlite3_reset(st);
			rc = OUT_FAILED;
			break;
		}
		plan_answer(v, st);
	}
	if (rc == OUT_FAILED)
		plan_set_free(ps);
	return rc == OUT_FAILED ? -1 : 0;
}

/*
 * Athlete's planned sessions from day since, for their own page: the
 * intended RPE of a session they have not answered is hidden
 * (intended -1).  Returns 0 or -1; plan_set_free() frees *ps.
 */
int
plan_read_athlete(struct db *db, int64_t athlete, const char *since,
    struct plan_set *ps)
{
	size_t	 i;

	if (plan_read(db, db_query(db, STMT_PLAN_ATHLETE, "it", athlete,
	    since), ps) == -1)
		return -1;
	for (i = 0; i < ps->n; i++)
		if (ps->v[i].answers == 0)
			ps->v[i].intended = -1;
	return 0;
}

/*
 * Squad's planned sessions from day since, for its part of the
 * dashboard: the athletes' efforts of a session whose day is not over
 * (today or later) are withheld (hidden, no answers).  Returns 0 or
 * -1; plan_set_free() frees *ps.
 */
int
plan_read_squad(struct db *db, int64_t squad, const char *since,
    const char *today, struct plan_set *ps)
{
	struct plan_row	*v;
	size_t		 i;

	if (plan_read(db, db_query(db, STMT_PLAN_SQUAD, "it", squad, since),
	    ps) == -1)
		return -1;
	for (i = 0; i < ps->n; i++) {
		v = &ps->v[i];
		if (strcmp(v->day, today) < 0)
			continue;
		v->hidden = 1;
		v->answers = v->felt_sum = v->harder = v->easier = 0;
	}
	return 0;
}

/* Adds up the answers of ps to easy and hard sessions into *t. */
void
plan_add_up(const struct plan_set *ps, struct plan_tally *t)
{
	const struct plan_row	*v;
	size_t			 i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < ps->n; i++) {
		v = &ps->v[i];
		if (v->intended < 0 || v->hidden)
			continue;
		if (v->intended <= PLAN_EASY) {
			t->easy += v->answers;
			t->easy_harder += v->harder;
		} else if (v->intended >= PLAN_HARD) {
			t->hard += v->answers;
			t->hard_easier += v->easier;
		}
	}
}

/*
 * Marks dirty the pages of the athletes whose planned sessions' days
 * ended since the last call (the meta "plans_passed" notes the day),
 * so their squads' parts show the efforts the day's end reveals
 * though nothing new was stored.  Returns 0 or -1.
 */
int
plan_passed(struct db *db, time_t now)
{
	char	 today[11], *last = NULL;
	int	 rc = 0;

	day_string(now, today);
	if (db_meta_get(db, "plans_passed", &last) == -1)
		return -1;
	if (last == NULL || strcmp(last, today) < 0)
		rc = db_exec(db, STMT_PLAN_PASSED, "tt", last ? last : "",
		    today) == -1 || db_meta_set(db, "plans_passed",
		    today) == -1 ? -1 : 0;
	free(last);
	return rc;
}

/* The month m of v (n of them, max at most), added in order if new. */
static struct season_month *
season_month_of(struct season_month *v, size_t max, size_t *n,
    const char *m)
{
	size_t	 i, j;

	for (i = 0; i < *n && strcmp(v[i].month, m) < 0; i++)
		continue;
	if (i < *n && strcmp(v[i].month, m) == 0)
		return &v[i];
	if (*n == max)
		return NULL;
	for (j = *n; j > i; j--)
		v[j] = v[j - 1];
	memset(&v[i], 0, sizeof(v[i]));
	snprintf(v[i].month, sizeof(v[i].month), "%.7s", m);
	(*n)++;
	return &v[i];
}

/*
 * The month of day in v, for rows that come in day order: *last (the
 * previous row's, or NULL) when it is the same, else season_month_of()'s.
 */
static struct season_month *
season_month_at(struct season_month *v, size_t max, size_t *n,
    struct season_month **last, const char *day)
{
	char	 mo[8];
	size_t	 len = strnlen(day, 7);

	memcpy(mo, day, len);
	mo[len] = '\0';
	if (*last == NULL || strcmp((*last)->month, mo) != 0)
		*last = season_month_of(v, max, n, mo);
	return *last;
}

/*
 * Athlete's season since the day since, month by month (oldest first,
 * max months at most, *n of them): full check-ins and their mean
 * Hooper sum, sessions and their load.  Returns 0 or -1.
 */
int
season_months(struct db *db, int64_t athlete, const char *since,
    struct season_month *v, size_t max, size_t *n)
{
	struct season_month *m;
	sqlite3_stmt	*st;
	char		 day[11] = "";
	int		 rc, last = 0;
	size_t		 i;

	*n = 0;
	m = NULL;
	st = db_query(db, STMT_SEASON_WELLNESS, "it", athlete, since);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if (season_month_at(v, max, n, &m, db_text(st, 0)) == NULL)
			continue;
		/* a day checked in twice counts once, its last, as the
		 * page's 28 days count it */
		if (strcmp(day, db_text(st, 0)) == 0)
			m->wellness -= last;
		else
			m->checkins++;
		snprintf(day, sizeof(day), "%s", db_text(st, 0));
		m->wellness += (last = sqlite3_column_int(st, 1));
	}
	sqlite3_reset(st);
	if (rc == -1)
		return -1;
	for (i = 0; i < *n; i++)
		if (v[i].checkins > 0)
			v[i].wellness /= v[i].checkins;
	m = NULL;
	st = db_query(db, STMT_SEASON_LOAD, "it", athlete, since);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if (season_month_at(v, max, n, &m, db_text(st, 0)) == NULL)
			continue;
		m->sessions++;
		m->load += (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == -1 ? -1 : 0;
}
