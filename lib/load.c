/*
 * load.c - training sessions as athletes rate them, and the load they
 * add up to: session RPE (Foster 2001; Haddad et al. 2017) is the
 * effort on the CR-10 scale (0-10) times the session's minutes; a
 * day's load is the sum of its sessions'; a week's, of its seven days.
 * A week is described, never scored: its load, the change in load units
 * from the week before, and the athlete's usual week, seven times an
 * exponentially weighted mean of their daily loads (time constant
 * LOAD_TAU days, Williams et al. 2017) as it stood when last week
 * ended, so this week is no part of what it is set against.  No ratio
 * of loads (acute:chronic, monotony, strain) and no caution drawn from
 * one: such ratios are artefacts of their own arithmetic and their
 * thresholds have no support (Impellizzeri et al. 2020; Lolli et al.
 * 2019; Afonso et al. 2021).  cox-numbers(7) writes these down.
 *
 * The one writer of session_rpe rows; the one place load is computed.
 *
 * And the sessions coaches plan (planned_session: one a squad, day and
 * slot, the intended RPE beside the minutes), the one writer of their
 * rows.  An athlete's effort pairs with a plan of one of their squads
 * by lookup, never by a stored link: the same day and slot, or either
 * said no slot and the plan is the only one of their squads that day
 * (PLAN_PAIRS).  The pair is blind as ratings are (DESIGN.md
 * §1), and the rule is applied here, so no page is handed the hidden
 * value: the intended RPE reaches the athlete's page only once they
 * have given their own for that session, and the athletes' efforts
 * reach the squad's part only once the session's day is over.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plumbing.h"
#include "db.h"
#include "season.h"

/*
 * Whether session_rpe row r and planned session p pair, for athlete
 * (lib/load.c): the same day and slot, or one of them said no slot
 * and p is the only plan of the athlete's squads that day.  The plans
 * are found from the athlete's squads (CROSS JOIN keeps that order):
 * from the day, a team's every squad's plan of it would be read.
 */
#define PLAN_PAIRS(r, p, athlete) \
	"(" r ".day = " p ".day AND (coalesce(" r ".slot, '') = " p ".slot " \
	"OR ((" r ".slot IS NULL OR " p ".slot = '') AND (SELECT count(*) " \
	"FROM membership qm CROSS JOIN planned_session q ON q.squad_id = " \
	"qm.squad_id AND q.day = " p ".day WHERE qm.person_id = " athlete \
	") = 1)))"

/* sessions (load.c) */
STMT(STMT_SESSION_INSERT,
    "INSERT INTO session_rpe (athlete_id, day, slot, rpe, minutes, "
    "created_at, message_id) VALUES (?, ?, nullif(?, ''), ?, "
    "nullif(?, 0), ?, nullif(?, 0))");
/* the minutes of the athlete's latest session of that day and
 * effort that had none: a text that completes "rpe 7" */
STMT(STMT_SESSION_COMPLETE,
    "UPDATE session_rpe SET minutes = ?4 WHERE id = (SELECT id FROM "
    "session_rpe WHERE athlete_id = ?1 AND day = ?2 AND rpe = ?3 AND "
    "minutes IS NULL AND coalesce(slot, '') IN ('', ?5) "
    "ORDER BY id DESC LIMIT 1)");
/* and whether a coach's plan pairs with each (lib/load.c) */
/* athlete ?1's full check-ins since day ?2, in order (grouped by
 * month in lib/load.c: the rows come in order, SQL would sort; a
 * day's last counts, as on the page) */
STMT(STMT_SEASON_WELLNESS,
    "SELECT day, sleep, stress, fatigue, soreness FROM wellness "
    "WHERE athlete_id = ?1 AND day >= ?2 AND sleep IS NOT NULL AND "
    "stress IS NOT NULL AND fatigue IS NOT NULL AND soreness IS NOT NULL "
    "ORDER BY athlete_id, day, id");
/* ...and sessions, their load */
STMT(STMT_SEASON_LOAD,
    "SELECT day, rpe * coalesce(minutes, 0) FROM session_rpe "
    "WHERE athlete_id = ?1 AND day >= ?2 ORDER BY athlete_id, day");
STMT(STMT_SESSION_SINCE,
    "SELECT r.day, coalesce(r.slot, ''), r.rpe, coalesce(r.minutes, 0), "
    "EXISTS (SELECT 1 FROM membership m CROSS JOIN planned_session p "
    "ON p.squad_id = m.squad_id WHERE m.person_id = r.athlete_id AND "
    PLAN_PAIRS("r", "p", "r.athlete_id") ") FROM session_rpe r "
    "WHERE r.athlete_id = ?1 AND r.day >= ?2 "
    "ORDER BY r.athlete_id, r.day, r.id");
STMT(STMT_SESSION_FIRST,
    "SELECT min(day) FROM session_rpe WHERE athlete_id = ?");
/* the sessions coaches plan (lib/load.c) */
/* the squads coach ?1 plans for (a head coach: every one) */
STMT_SHARED(STMT_PLAN_SQUADS,
    "SELECT s.id, s.name FROM squad s WHERE EXISTS (SELECT "
    "1 FROM person c WHERE c.id = ?1 AND c.role = 'head_coach') OR "
    "s.id IN (SELECT squad_id FROM membership WHERE person_id = ?1) "
    "ORDER BY s.name COLLATE NOCASE, s.id");
STMT(STMT_PLAN_DELETE,
    "DELETE FROM planned_session WHERE squad_id = ? AND day = ? AND "
    "slot = ?");
/*
 * Squad ?1's plans of day ?2 a cancel takes: of slot ?3, or the
 * day's without a slot when that slot has none; every one of the
 * day when ?3 is ''.
 */
STMT(STMT_PLAN_OF_DAY,
    "SELECT slot, minutes, intended_rpe, description FROM "
    "planned_session p WHERE squad_id = ?1 AND day = ?2 AND (?3 = '' "
    "OR slot = ?3 OR (slot = '' AND NOT EXISTS (SELECT 1 FROM "
    "planned_session q WHERE q.squad_id = ?1 AND q.day = ?2 AND "
    "q.slot = ?3))) ORDER BY slot");
STMT(STMT_PLAN_INSERT,
    "INSERT INTO planned_session (squad_id, day, slot, minutes, "
    "intended_rpe, description, coach_id, created_at) VALUES (?, ?, "
    "?, ?, ?, ?, nullif(?, 0), ?)");
/* the plans of the email being stored get its message */
STMT(STMT_PLAN_CLAIM,
    "UPDATE planned_session SET message_id = ? WHERE message_id IS "
    "NULL");
/* the plans of athlete ?1's squads on day ?2 that slot ?3 ('':
 * none said) may pair with */
STMT(STMT_PLAN_MATCH,
    "SELECT p.slot, p.minutes, p.intended_rpe FROM membership m "
    "CROSS JOIN planned_session p ON p.squad_id = m.squad_id "
    "WHERE m.person_id = ?1 AND p.day = ?2 AND (p.slot = ?3 OR ?3 = '' OR p.slot = '') "
    "ORDER BY p.slot = ?3 DESC, p.id");
/*
 * Athlete ?1's planned sessions from day ?2: day, slot, minutes,
 * intended, description, and their latest effort paired with it
 * (NULL: none yet).
 */
STMT(STMT_PLAN_ATHLETE,
    "SELECT p.day, p.slot, p.minutes, p.intended_rpe, p.description, "
    "(SELECT r.rpe FROM session_rpe r WHERE r.athlete_id = ?1 AND "
    PLAN_PAIRS("r", "p", "?1") " ORDER BY r.id DESC LIMIT 1) "
    "FROM planned_session p WHERE p.day >= ?2 AND p.squad_id IN "
    "(SELECT squad_id FROM membership WHERE person_id = ?1) "
    "GROUP BY p.day, p.slot ORDER BY p.day, p.slot");
/*
 * Squad ?1's planned sessions from day ?2, and each active athlete's
 * latest effort paired with it: day, slot, minutes, intended,
 * description, effort (NULL: none, or no athlete).  The athletes
 * are the squad's only (membership_squad), not the team's, which
 * SQLite would otherwise gather for every part.
 */
STMT(STMT_PLAN_SQUAD,
    "SELECT p.day, p.slot, p.minutes, p.intended_rpe, p.description, "
    "(SELECT r.rpe FROM session_rpe r WHERE r.athlete_id = a.id AND "
    PLAN_PAIRS("r", "p", "a.id") " ORDER BY r.id DESC LIMIT 1) "
    "FROM planned_session p LEFT JOIN (SELECT pa.id, ma.squad_id "
    "FROM person pa JOIN membership ma ON ma.person_id = pa.id WHERE "
    "ma.squad_id = ?1 AND pa.active = 1 AND pa.role = 'athlete') a "
    "ON a.squad_id = "
    "p.squad_id WHERE p.squad_id = ?1 AND p.day >= ?2 "
    "ORDER BY p.day, p.slot, a.id");
/* the athletes whose planned sessions' days ended in [?1, ?2) */
STMT(STMT_PLAN_PASSED,
    "INSERT OR IGNORE INTO dirty SELECT DISTINCT m.person_id FROM "
    "planned_session p JOIN membership m ON m.squad_id = p.squad_id "
    "WHERE p.day >= ?1 AND p.day < ?2");

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

/*
 * The days from 1970-01-01 to day ("YYYY-MM-DD"), by the civil
 * calendar's arithmetic, not the clock's: no time zone or clock change
 * moves a day.  LONG_MIN when day is none.
 */
static long
day_number(const char *day)
{
	long	 era, yoe, doy;
	int	 y, m, d;

	if (day_ymd(day, &y, &m, &d) == -1)
		return LONG_MIN;
	/* years from March, so a leap day is the last of its year */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The days from day number first to day, or -1 when it is before or none. */
static long
day_since(const char *day, long first)
{
	long	 n = day_number(day);

	return n == LONG_MIN || first == LONG_MIN || n < first ? -1 :
	    n - first;
}

/*
 * The athlete's usual day through n days of loads, daily[0] the first
 * day that counts (their first session, or the first day read), into
 * usual[0..n-1]: an exponentially weighted mean (Williams et al. 2017)
 * with time constant tau days, lambda = 2 / (tau + 1).  It starts at
 * the end of day tau - 1 at the plain mean of the first tau days (no
 * guess stands in for days before the first), then each day
 *
 *	usual[i] = lambda x daily[i] + (1 - lambda) x usual[i - 1]
 *
 * Before its start a day's usual is LOAD_UNKNOWN.
 */
void
load_usual(const long *daily, size_t n, int tau, double *usual)
{
	const double	 lambda = 2.0 / (tau + 1);
	double		 sum = 0;
	size_t		 i, t = tau > 0 ? (size_t)tau : 1;

	for (i = 0; i < n; i++) {
		if (i + 1 < t) {
			sum += daily[i];
			usual[i] = LOAD_UNKNOWN;
		} else if (i + 1 == t)
			usual[i] = (sum + daily[i]) / (double)t;
		else
			usual[i] = lambda * daily[i] + (1 - lambda) *
			    usual[i - 1];
	}
}

/*
 * l's usual day at the end of each of its days (load_usual() over the
 * LOAD_HISTORY days up to today, from the athlete's first session
 * among them), l->days and l->age already read.  Returns 0 or -1.
 */
static int
load_history(struct db *db, int64_t athlete, time_t today, struct load *l)
{
	long		 daily[LOAD_HISTORY] = { 0 }, first, k;
	double		 usual[LOAD_HISTORY];
	sqlite3_stmt	*st;
	char		 from[11];
	int		 i, rc;

	for (i = 0; i < LOAD_DAYS; i++)
		l->usual[i] = LOAD_UNKNOWN;
	if (l->age < 0)
		return 0;
	day_before(today, LOAD_HISTORY - 1, from);
	first = day_number(from);
	st = db_query(db, STMT_SEASON_LOAD, "it", athlete, from);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		k = day_since(db_text(st, 0), first);
		if (k >= 0 && k < LOAD_HISTORY)
			daily[k] += (long)sqlite3_column_int64(st, 1);
	}
	if (rc == OUT_FAILED)
		return -1;
	/* from the first session, or the first day read when older */
	k = l->age < LOAD_HISTORY ? LOAD_HISTORY - 1 - l->age : 0;
	load_usual(daily + k, (size_t)(LOAD_HISTORY - k), LOAD_TAU,
	    usual + k);
	for (i = 0; i < LOAD_DAYS; i++)
		if (LOAD_HISTORY - LOAD_DAYS + i >= k)
			l->usual[i] = usual[LOAD_HISTORY - LOAD_DAYS + i];
	return 0;
}

/*
 * Reads athlete's sessions of the LOAD_DAYS days up to today into *l:
 * each day's load, the sessions counted and those without minutes,
 * the days since their first session, the usual day (load_history()),
 * and the load of today's that pair with a plan, which the blind rule
 * keeps from coaches until the day is over.  Returns 0 or -1.
 */
int
load_read(struct db *db, int64_t athlete, time_t today, struct load *l)
{
	sqlite3_stmt	*st;
	long		 first, k;
	int		 i, rc, minutes;

	memset(l, 0, sizeof(*l));
	l->age = -1;
	for (i = 0; i < LOAD_DAYS; i++)
		day_before(today, LOAD_DAYS - 1 - i, l->days[i]);
	/* each of the days is the one after the one before it */
	first = day_number(l->days[0]);
	st = db_query(db, STMT_SESSION_SINCE, "it", athlete, l->days[0]);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((k = day_since(db_text(st, 0), first)) < 0 ||
		    k >= LOAD_DAYS)
			continue;	/* a day after today */
		i = (int)k;
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
	if (rc == OUT_FAILED)
		return -1;
	st = db_query(db, STMT_SESSION_FIRST, "i", athlete);
	if ((rc = db_row(db, st)) == OUT_ROW) {
		/* -1 too when every session is of a day to come */
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			l->age = (int)day_since(l->days[LOAD_DAYS - 1],
			    day_number(db_text(st, 0)));
		sqlite3_reset(st);
	}
	if (rc == OUT_FAILED)
		return -1;
	return load_history(db, athlete, today, l);
}

/* The load of seven days. */
long
load_week_of(const long seven[7])
{
	long	 load = 0;
	int	 i;

	for (i = 0; i < 7; i++)
		load += seven[i];
	return load;
}

/* The usual week of a usual day, in whole load units as pages show it. */
long
load_usual_week(double usual_day)
{
	return lround(7 * usual_day);
}

/*
 * This week described from l (its daily loads as the caller lets the
 * reader see them): the last seven days' load, the seven before it
 * once the athlete had begun by their first, and the usual week as it
 * stood at the end of last week, once four weeks of sessions come
 * before this one (load_usual() has started by then).
 */
void
load_summarize(const struct load *l, struct load_summary *s)
{
	const double	 u = l->usual[LOAD_DAYS - 8];

	memset(s, 0, sizeof(*s));
	s->week = load_week_of(l->daily + LOAD_DAYS - 7);
	s->last = load_week_of(l->daily + LOAD_DAYS - 14);
	s->last_ok = l->age >= 13;
	s->usual_ok = u >= 0;
	if (s->usual_ok)
		s->usual = load_usual_week(u);
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
 * max months at most, *n of them): full check-ins and the mean of each
 * of their items, never the items' sum, sessions and their load.
 * Returns 0 or -1.
 */
int
season_months(struct db *db, int64_t athlete, const char *since,
    struct season_month *v, size_t max, size_t *n)
{
	struct season_month *m;
	sqlite3_stmt	*st;
	char		 day[11] = "";
	int		 rc, k, last[4] = { 0 };
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
			for (k = 0; k < 4; k++)
				m->items[k] -= last[k];
		else
			m->checkins++;
		snprintf(day, sizeof(day), "%s", db_text(st, 0));
		for (k = 0; k < 4; k++)
			m->items[k] += (last[k] = sqlite3_column_int(st,
			    1 + k));
	}
	sqlite3_reset(st);
	if (rc == -1)
		return -1;
	for (i = 0; i < *n; i++)
		for (k = 0; v[i].checkins > 0 && k < 4; k++)
			v[i].items[k] /= v[i].checkins;
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
