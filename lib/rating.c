/*
 * rating.c - coach ratings, self-ratings, wellness check-ins, and the
 * blind rule that decides who may see which score.
 *
 * The blind rule (DESIGN.md §1): for an athlete and a metric, a coach
 * rating R and the athlete's first self-rating S made after R form a
 * pair, and neither value is shown to the other side until both exist.
 * In the time-ordered ratings of one athlete and metric:
 *
 *	a coach rating is paired when any self-rating follows it;
 *	a self-rating is paired when the rating just before it is a
 *	coach rating (it is the first self-rating after that one).
 *
 * The athlete sees all their self-ratings and paired coach ratings; a
 * coach sees all coach ratings and paired self-ratings.  An unpaired
 * coach rating is what the athlete is asked to answer ("pending").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"
#include "scores.h"

STMT(STMT_RATING_INSERT,
    "INSERT INTO rating (athlete_id, metric_id, source, rater_id, "
    "score, comment, rated_on, created_at, message_id) "
    "VALUES (?, ?, ?, nullif(?, 0), ?, ?, ?, ?, nullif(?, 0))");
/* in the order of indexes that cover them: no table, no sort */
STMT(STMT_RATING_FOR_ATHLETE,
    "SELECT id, metric_id, source, score, created_at, rated_on, "
    "rater_id FROM rating WHERE athlete_id = ? "
    "ORDER BY athlete_id, metric_id, created_at, id");
/* every metric's id, for STMT_RATING_LATEST */
/*
 * metric ?2's latest rating of athlete ?1: one probe of rating_page,
 * which holds every column asked, so no row of the table is read
 */
STMT(STMT_RATING_LATEST,
    "SELECT id, metric_id, source, score, created_at, rated_on, "
    "rater_id FROM rating WHERE athlete_id = ?1 AND metric_id = ?2 "
    "ORDER BY created_at DESC, id DESC LIMIT 1");
/*
 * the blind pair of athlete ?1's metric ?2: its latest coach
 * rating and the rating right after it, which can only be the
 * athlete's first answer to it (NULL while none has come; no row
 * without a coach rating).  Both from rating_page, the second by
 * a seek to the first's place: an OR of the two columns had it
 * read the metric's every rating from the season's first.
 */
STMT(STMT_RATING_ROUND,
    "SELECT c.score, (SELECT x.score FROM rating x WHERE "
    "x.athlete_id = ?1 AND x.metric_id = ?2 AND "
    "(x.created_at, x.id) > (c.created_at, c.id) "
    "ORDER BY x.created_at, x.id LIMIT 1) "
    "FROM (SELECT y.score, y.created_at, y.id FROM rating y "
    "WHERE y.athlete_id = ?1 AND y.metric_id = ?2 AND "
    "y.source = 'coach' ORDER BY y.created_at DESC, y.id DESC "
    "LIMIT 1) c");
STMT(STMT_RATING_COMMENTS,
    "SELECT id, rated_on, comment FROM rating "
    "WHERE athlete_id = ? AND comment != '' "
    "ORDER BY athlete_id, metric_id, created_at, id");
STMT(STMT_WELLNESS_INSERT,
    "INSERT INTO wellness (athlete_id, day, sleep, stress, fatigue, "
    "soreness, illness, note, created_at, message_id) VALUES "
    "(?, ?, nullif(?, 0), nullif(?, 0), nullif(?, 0), nullif(?, 0), "
    "nullif(?, ''), ?, ?, nullif(?, 0))");
STMT(STMT_WELLNESS_SINCE,
    "SELECT day, coalesce(sleep, 0), coalesce(stress, 0), "
    "coalesce(fatigue, 0), coalesce(soreness, 0), "
    "coalesce(illness, ''), note, id FROM wellness "
    "WHERE athlete_id = ? AND day >= ? ORDER BY day, id");
STMT(STMT_CHECKIN_VALUE_INSERT,
    "INSERT INTO checkin_value (wellness_id, item_id, value) "
    "VALUES (?, ?, ?)");
/* a coach score an earlier email gave the same day: corrected */
STMT(STMT_RATING_SAME_DAY,
    "SELECT id, score, coalesce(rater_id, 0), created_at FROM rating "
    "WHERE athlete_id = ? AND metric_id = ? AND source = 'coach' AND "
    "rated_on = ? ORDER BY id DESC LIMIT 1");
/* the athlete's own score given after coach score ?3 (at ?4) */
STMT(STMT_RATING_ANSWERED,
    "SELECT count(*) FROM rating WHERE athlete_id = ?1 AND "
    "metric_id = ?2 AND source = 'self' AND (created_at > ?4 OR "
    "(created_at = ?4 AND id > ?3))");
/*
 * a correction with no comment keeps the one the score had, when the
 * same coach gave both (or nobody was recorded as its rater): another's
 * words are not put under this score
 */
STMT(STMT_RATING_CORRECT,
    "UPDATE rating SET score = ?1, comment = CASE WHEN ?2 = '' AND "
    "coalesce(rater_id, nullif(?3, 0)) IS nullif(?3, 0) THEN comment "
    "ELSE ?2 END, "
    "rater_id = nullif(?3, 0), "
    "message_id = nullif(?4, 0) WHERE id = ?5");
/* before a correction: what it replaces, for "undo" (?1 the email) */
STMT(STMT_RATING_CHANGE_KEEP,
    "INSERT OR IGNORE INTO rating_change SELECT ?1, id, score, comment, "
    "rater_id, message_id FROM rating WHERE id = ?2 AND "
    "coalesce(message_id, 0) != ?1");

static char no_comment[1];	/* the comment of most ratings */

int
rating_add(struct db *db, int64_t athlete, int64_t metric, enum source src,
    int64_t rater, int score, const char *comment, const char *rated_on,
    int64_t created_at, int64_t message)
{
	return db_exec(db, STMT_RATING_INSERT, "iitidttii", athlete, metric,
	    src == SOURCE_COACH ? "coach" : "self", rater, score,
	    comment ? comment : "", rated_on, created_at, message);
}

/*
 * A coach score: replaces the one an earlier email gave the same
 * athlete, metric and day (a correction, which keeps that score's place
 * in time, so what the athlete answered stays answered, and its comment
 * unless this one has one or another coach gave it), or is added.  *w says which row, and what
 * it replaced, and whether the athlete had answered the score it
 * replaced (their own given after it: the pair they were shown).
 * Returns 0 or -1.
 */
int
rating_coach(struct db *db, int64_t athlete, int64_t metric, int64_t rater,
    int score, const char *comment, const char *rated_on, int64_t now,
    int64_t message, struct rating_written *w)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(w, 0, sizeof(*w));
	st = db_query(db, STMT_RATING_SAME_DAY, "iit", athlete, metric,
	    rated_on);
	if ((rc = db_row(db, st)) == OUT_FAILED)
		return -1;
	if (rc == 0) {
		if (rating_add(db, athlete, metric, SOURCE_COACH, rater, score,
		    comment, rated_on, now, message) == -1)
			return -1;
		w->id = db_last_id(db);
		w->added = 1;
		w->created_at = now;
		return 0;
	}
	w->id = sqlite3_column_int64(st, 0);
	w->was = sqlite3_column_int(st, 1);
	w->was_rater = sqlite3_column_int64(st, 2);
	w->created_at = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	st = db_query(db, STMT_RATING_ANSWERED, "iiii", athlete, metric, w->id,
	    w->created_at);
	if (db_row(db, st) != OUT_ROW)
		return -1;
	w->answered = sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	if (message != 0 && db_exec(db, STMT_RATING_CHANGE_KEEP, "ii", message,
	    w->id) == -1)
		return -1;
	return db_exec(db, STMT_RATING_CORRECT, "itiii", (int64_t)score,
	    comment ? comment : "", rater, message, w->id);
}

/* A day as stored, "YYYY-MM-DD", into a rating's rated_on. */
static void
day_copy(char out[11], const char *day)
{
	size_t	 n = strlen(day);

	memcpy(out, day, n < 10 ? n : 10);
	out[n < 10 ? n : 10] = '\0';
}

static void
blind_mark(struct rating *v, size_t n)
{
	size_t	 i;
	int	 self_after = 0;

	for (i = n; i-- > 0;) {
		if (i + 1 < n && v[i + 1].metric_id != v[i].metric_id)
			self_after = 0;
		if (v[i].source == SOURCE_SELF) {
			v[i].paired = i > 0 && v[i - 1].metric_id ==
			    v[i].metric_id && v[i - 1].source == SOURCE_COACH;
			self_after = 1;
		} else
			v[i].paired = self_after;
	}
}

/*
 * Attaches the comments (and their dates) to the ratings of out, which
 * come in the same order.
 */
static int
comments_load(struct db *db, int64_t athlete, struct rating_set *out)
{
	sqlite3_stmt	*st;
	struct rating	*r;
	size_t		 i = 0, j;
	int64_t		 id;
	int		 rc;

	st = db_query(db, STMT_RATING_COMMENTS, "i", athlete);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		id = sqlite3_column_int64(st, 0);
		for (j = i; j < out->n && out->v[j].id != id; j++)
			continue;
		if (j == out->n)	/* written since the first query */
			continue;
		r = &out->v[i = j];
		if ((r->comment = xstrdup(db_text(st, 2))) == NULL) {
			r->comment = no_comment;
			rc = -1;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == -1 ? -1 : 0;
}

/* One row of a rating statement (id, metric_id, source, score,
 * created_at, rated_on, rater_id) into r, without its comment. */
static void
rating_row(sqlite3_stmt *st, struct rating *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->metric_id = sqlite3_column_int64(st, 1);
	r->source = strcmp(db_text(st, 2), "self") == 0 ? SOURCE_SELF :
	    SOURCE_COACH;
	r->score = sqlite3_column_int(st, 3);
	r->created_at = sqlite3_column_int64(st, 4);
	day_copy(r->rated_on, db_text(st, 5));
	r->rater = sqlite3_column_int64(st, 6);
	r->comment = no_comment;
}

/* Room in out for one more rating, or NULL; *cap is out's. */
static struct rating *
rating_more(struct rating_set *out, size_t *cap)
{
	struct rating	*more;

	if (out->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		if ((more = reallocarray(out->v, *cap, sizeof(*more))) == NULL)
			return NULL;
		out->v = more;
	}
	return &out->v[out->n++];
}

/*
 * Reads the rows of statement id for athlete into out, without
 * comments: most ratings have none, and they share one empty text.
 */
static int
ratings_read(struct db *db, const struct stmt *id, int64_t athlete,
    struct rating_set *out)
{
	sqlite3_stmt	*st;
	struct rating	*r;
	size_t		 cap = 0;
	int		 rc;

	memset(out, 0, sizeof(*out));
	st = db_query(db, id, "i", athlete);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((r = rating_more(out, &cap)) == NULL) {
			sqlite3_reset(st);
			rc = -1;
			break;
		}
		rating_row(st, r);
	}
	if (rc == -1) {
		ratings_free(out);
		return -1;
	}
	return 0;
}

/*
 * All ratings of one athlete, sorted by metric id and in time order
 * within a metric, with the blind rule applied.
 */
int
ratings_load(struct db *db, int64_t athlete, struct rating_set *out)
{
	if (ratings_read(db, STMT_RATING_FOR_ATHLETE, athlete, out) == -1)
		return -1;
	if (comments_load(db, athlete, out) == -1) {
		ratings_free(out);
		return -1;
	}
	blind_mark(out->v, out->n);
	return 0;
}

/*
 * What the blind rule needs to answer a text: the latest rating of
 * athlete in each metric of ms (the team's, in use), in ms's order,
 * without comments.  The latest coach rating with no self-rating after
 * it is the one waiting, and it is waiting exactly when it is the
 * metric's latest rating, so ratings_pending() finds the same in this
 * set as in ratings_load()'s: one index probe a metric in use, however
 * long the season, and none for metrics retired.  With only (ms->n
 * flags), just the metrics flagged: a text that scores two of five
 * reads the two leaves its scores go to, not five (the other three
 * were a tenth of the webhook's database thread at a season's end).
 */
int
ratings_latest(struct db *db, int64_t athlete, const struct metric_set *ms,
    const char *only, struct rating_set *out)
{
	sqlite3_stmt	*st;
	struct rating	*r;
	size_t		 cap = 0, j;
	int		 one;

	memset(out, 0, sizeof(*out));
	for (j = 0; j < ms->n; j++) {
		if (only != NULL && !only[j])
			continue;
		st = db_query(db, STMT_RATING_LATEST, "ii", athlete,
		    ms->v[j].id);
		if ((one = db_row(db, st)) == OUT_ROW) {
			if ((r = rating_more(out, &cap)) != NULL)
				rating_row(st, r);
			sqlite3_reset(st);
			if (r == NULL)
				one = OUT_FAILED;
		}
		if (one == OUT_FAILED) {
			ratings_free(out);
			return -1;
		}
	}
	blind_mark(out->v, out->n);
	return 0;
}

void
ratings_free(struct rating_set *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		if (s->v[i].comment != no_comment)
			free(s->v[i].comment);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Whether a person in role viewer may see r (athletes see their own). */
int
rating_visible(const struct rating *r, enum role viewer)
{
	if (viewer == ROLE_ATHLETE)
		return r->source == SOURCE_SELF || r->paired;
	return r->source == SOURCE_COACH || r->paired;
}

/*
 * Stores a check-in, with its answers to the club's items (indexes
 * into items); in the caller's transaction.
 */
int
wellness_add(struct db *db, int64_t athlete, const struct wellness *w,
    const struct checkin_items *items, int64_t created_at, int64_t message)
{
	int64_t	 id;
	size_t	 i;

	if (db_exec(db, STMT_WELLNESS_INSERT, "itddddttii", athlete, w->day,
	    w->sleep, w->stress, w->fatigue, w->soreness, w->illness,
	    w->note ? w->note : "", created_at, message) == -1)
		return -1;
	id = db_last_id(db);
	for (i = 0; i < w->nanswers; i++)
		if (db_exec(db, STMT_CHECKIN_VALUE_INSERT, "iid", id,
		    items->v[w->answers[i].item].id,
		    w->answers[i].value) == -1)
			return -1;
	return 0;
}

/* Check-ins of one athlete on or after day since, oldest first. */
int
wellness_load(struct db *db, int64_t athlete, const char *since,
    struct wellness_set *out)
{
	sqlite3_stmt	*st;
	struct wellness	*w, *more;
	int		 rc;

	memset(out, 0, sizeof(*out));
	st = db_query(db, STMT_WELLNESS_SINCE, "it", athlete, since);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((more = reallocarray(out->v, out->n + 1,
		    sizeof(*more))) == NULL) {
			sqlite3_reset(st);
			rc = -1;
			break;
		}
		out->v = more;
		w = &out->v[out->n];
		memset(w, 0, sizeof(*w));
		snprintf(w->day, sizeof(w->day), "%s", db_text(st, 0));
		w->sleep = sqlite3_column_int(st, 1);
		w->stress = sqlite3_column_int(st, 2);
		w->fatigue = sqlite3_column_int(st, 3);
		w->soreness = sqlite3_column_int(st, 4);
		snprintf(w->illness, sizeof(w->illness), "%s", db_text(st, 5));
		w->note = xstrdup(db_text(st, 6));
		w->id = sqlite3_column_int64(st, 7);
		out->n++;
	}
	if (rc == -1)
		wellness_free(out);
	return rc;
}

void
wellness_free(struct wellness_set *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->v[i].note);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/*
 * The latest coach rating per metric still waiting for the athlete's
 * own (the blind rule's unpaired ones), by metric index of ms; NULL
 * where none waits.  pending holds ms->n entries.
 */
void
ratings_pending(const struct rating_set *rs, const struct metric_set *ms,
    const struct rating **pending)
{
	size_t	 i, j;

	for (j = 0; j < ms->n; j++)
		pending[j] = NULL;
	for (i = 0; i < rs->n; i++)
		for (j = 0; j < ms->n; j++)
			if (rs->v[i].metric_id == ms->v[j].id &&
			    rs->v[i].source == SOURCE_COACH && !rs->v[i].paired)
				pending[j] = &rs->v[i];
}

/*
 * Which metrics of ms wait for the athlete's own score: waiting[j] (of
 * ms->n) is 1 where one does.  Returns how many, or -1.
 */
int
ratings_waiting(struct db *db, int64_t athlete, const struct metric_set *ms,
    char *waiting)
{
	const struct rating	**pending;
	struct rating_set	  rs;
	size_t			  j;
	int			  n = 0;

	if (ratings_latest(db, athlete, ms, NULL, &rs) == -1)
		return -1;
	if ((pending = calloc(ms->n + 1, sizeof(*pending))) == NULL) {
		ratings_free(&rs);
		return -1;
	}
	ratings_pending(&rs, ms, pending);
	for (j = 0; j < ms->n; j++)
		n += waiting[j] = pending[j] != NULL;
	ratings_free(&rs);
	free(pending);
	return n;
}

/*
 * The round a self-rating of metric comes after, for its answer: the
 * metric's latest coach rating of athlete and the athlete's first
 * self-rating after it, the blind pair (DESIGN.md §1), into *coach and
 * *self.  A self-rating made once that pair exists is the athlete's
 * later view, never the round's answer: they have seen the coach's.
 * Returns 1 with the pair, 0 when there is none (no coach rating, or
 * the latest still waits for its answer), or -1.
 */
int
rating_round(struct db *db, int64_t athlete, int64_t metric, int *coach,
    int *self)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_query(db, STMT_RATING_ROUND, "ii", athlete, metric);
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == OUT_FAILED ? -1 : 0;
	/* the type before the value: reading it may convert it */
	rc = sqlite3_column_type(st, 1) != SQLITE_NULL;
	*coach = sqlite3_column_int(st, 0);
	*self = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	return rc;
}
