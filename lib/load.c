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
 */
#include <math.h>
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
 * and whether four full weeks come before this one (the first session
 * is on or before the first of those days).  Returns 0 or -1.
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
