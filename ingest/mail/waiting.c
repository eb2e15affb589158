/*
 * waiting.c - who still owes a coach an answer, for the confirmation of
 * their email (intake.c): the athletes whose coach scores of the last
 * WAITING_DAYS no self score answers yet, oldest first, with how long.
 *
 * A pass over a mailbox confirms many emails of one coach, so the list
 * is read once a pass and coach (STMT_WAITING_ATHLETES, the scores in
 * the index's order), then kept as the pass writes: a score added or
 * corrected moves in memory (waiting_rated), and each email's list is
 * the kept one without its own scores.  What the kept rows cannot
 * answer for sure reads the database again: another connection's
 * commit (PRAGMA data_version), a command or a reply acting on the
 * roster or on ratings (waiting_forget), a score it knows nothing of,
 * a list longer than the rows kept.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail.h"

/*
 * Coach ?2's scores since ?3 (0: an address on no roster) that
 * their athletes have not answered, oldest first, but those of
 * message ?1; the caller stops at the athletes it lists.
 */
STMT(STMT_WAITING_ATHLETES,
    "SELECT p.id, p.name, r.created_at, x.sms, r.id, r.message_id "
    "FROM rating r "
    "JOIN person p ON p.id = r.athlete_id "
    "JOIN person_reach x ON x.person_id = p.id "
    "WHERE r.source = 'coach' AND coalesce(r.rater_id, 0) = ?2 "
    "AND r.created_at >= ?3 AND p.active "
    "AND (r.message_id IS NULL OR r.message_id != ?1) "
    "AND NOT EXISTS (SELECT 1 FROM rating s WHERE "
    "s.athlete_id = r.athlete_id AND s.metric_id = r.metric_id AND "
    "s.source = 'self' AND s.created_at >= r.created_at) "
    /* the index's order (its last column the rowid): no sort */
    "ORDER BY r.created_at, r.id");

#define WAITING_DAYS	56	/* the scores it looks back on: 8 weeks */
#define WAITING_NAMES	10
#define WAITING_KEPT	(2 * WAITING_NAMES)	/* athletes read ahead */

/* One coach score nobody answered yet, as the query orders them. */
struct waiting_row {
	int64_t		 id, athlete, created_at, message;
};

/* An athlete of the rows: name, and whether a text reaches them. */
struct waiting_who {
	int64_t		 id;
	char		*name;
	enum reach	 reach;
};

/* One coach's rows: all of them (complete), or those up to end. */
struct waiting_coach {
	int64_t			 coach;
	int64_t			 built_at;	/* when read */
	int64_t			 since;		/* the oldest score read */
	int			 complete;
	int64_t			 end_at, end_id;	/* the first row left out */
	struct waiting_row	*rows;
	size_t			 nrows, rowcap;
	struct waiting_who	*who;
	size_t			 nwho, whocap;
};

struct waiting {
	int64_t			 version;	/* PRAGMA data_version */
	struct waiting_coach	*v;
	size_t			 n;
};

static void
coach_clear(struct waiting_coach *c)
{
	size_t	 i;

	for (i = 0; i < c->nwho; i++)
		free(c->who[i].name);
	free(c->who);
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/* Drops what is kept: the next list reads the database again. */
void
waiting_forget(struct waiting **wp)
{
	struct waiting	*w = *wp;
	size_t		 i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		coach_clear(&w->v[i]);
	free(w->v);
	free(w);
	*wp = NULL;
}

/* Drops one coach's rows (index i of w). */
static void
coach_drop(struct waiting *w, size_t i)
{
	coach_clear(&w->v[i]);
	w->v[i] = w->v[--w->n];
}

static struct waiting_who *
who_find(const struct waiting_coach *c, int64_t athlete)
{
	size_t	 i;

	for (i = 0; i < c->nwho; i++)
		if (c->who[i].id == athlete)
			return &c->who[i];
	return NULL;
}

/*
 * Array v of n items of size, with room for *cap: itself when one more
 * fits, else grown (and *cap with it); NULL when memory ran out (v is
 * then unchanged, still the caller's).
 */
static void *
room(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	if ((v = reallocarray(v, *cap * 2 + 16, size)) != NULL)
		*cap = *cap * 2 + 16;
	return v;
}

/* Adds athlete (name, reach) to c unless it is there.  0 or -1. */
static int
who_add(struct waiting_coach *c, int64_t athlete, const char *name,
    enum reach reach)
{
	struct waiting_who	*v;

	if (who_find(c, athlete) != NULL)
		return 0;
	if ((v = room(c->who, &c->whocap, c->nwho, sizeof(*v))) == NULL)
		return -1;
	c->who = v;
	if ((c->who[c->nwho].name = xstrdup(name)) == NULL)
		return -1;
	c->who[c->nwho].id = athlete;
	c->who[c->nwho++].reach = reach;
	return 0;
}

/* Whether row a comes before b in the query's order. */
static int
row_before(int64_t a_at, int64_t a_id, int64_t b_at, int64_t b_id)
{
	return a_at < b_at || (a_at == b_at && a_id < b_id);
}

/* Puts r in its place among c's rows.  0 or -1. */
static int
row_insert(struct waiting_coach *c, const struct waiting_row *r)
{
	struct waiting_row	*v;
	size_t			 i;

	if ((v = room(c->rows, &c->rowcap, c->nrows, sizeof(*v))) == NULL)
		return -1;
	c->rows = v;
	for (i = c->nrows; i > 0 && row_before(r->created_at, r->id,
	    c->rows[i - 1].created_at, c->rows[i - 1].id); i--)
		continue;
	memmove(&c->rows[i + 1], &c->rows[i], (c->nrows - i) *
	    sizeof(c->rows[0]));
	c->rows[i] = *r;
	c->nrows++;
	return 0;
}

/*
 * Reads coach's rows from now's window into c: all of them, or those
 * before the first row of the (WAITING_KEPT + 1)th athlete.  0 or -1.
 */
static int
coach_read(struct db *db, struct waiting_coach *c, int64_t coach, int64_t now)
{
	sqlite3_stmt		*st;
	struct waiting_row	 r;
	int			 rc;

	c->coach = coach;
	c->built_at = now;
	c->since = now - WAITING_DAYS * 86400;
	st = db_query(db, STMT_WAITING_ATHLETES, "iii", (int64_t)0, coach,
	    c->since);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		r.athlete = sqlite3_column_int64(st, 0);
		r.created_at = sqlite3_column_int64(st, 2);
		r.id = sqlite3_column_int64(st, 4);
		r.message = sqlite3_column_int64(st, 5);
		if (who_find(c, r.athlete) == NULL && c->nwho == WAITING_KEPT) {
			c->end_at = r.created_at;
			c->end_id = r.id;
			sqlite3_reset(st);
			return 0;
		}
		if (who_add(c, r.athlete, db_text(st, 1),
		    message_reach_parse(db_text(st, 3))) == -1 ||
		    row_insert(c, &r) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	c->complete = 1;
	return rc == OUT_FAILED ? -1 : 0;
}

/*
 * The kept rows of coach, read now when there are none or another
 * connection committed since; NULL when the database or memory failed.
 */
static struct waiting_coach *
coach_rows(struct waiting **wp, struct db *db, int64_t coach, int64_t now)
{
	struct waiting_coach	*v;
	struct waiting		*w;
	int64_t			 version;
	size_t			 i;

	if (db_data_version(db, &version) == -1)
		return NULL;
	if (*wp != NULL && (*wp)->version != version)
		waiting_forget(wp);
	if (*wp == NULL && (*wp = calloc(1, sizeof(**wp))) == NULL)
		return NULL;
	w = *wp;
	w->version = version;
	for (i = 0; i < w->n; i++) {
		if (w->v[i].coach != coach)
			continue;
		if (now >= w->v[i].built_at)
			return &w->v[i];
		coach_drop(w, i);	/* the clock went back: read again */
		break;
	}
	if ((v = reallocarray(w->v, w->n + 1, sizeof(*v))) == NULL)
		return NULL;
	w->v = v;
	memset(&v[w->n], 0, sizeof(*v));
	if (coach_read(db, &v[w->n], coach, now) == -1) {
		coach_clear(&v[w->n]);
		return NULL;
	}
	return &v[w->n++];
}

/* Whether c holds every row of its list that r would come before. */
static int
coach_covers(const struct waiting_coach *c, const struct waiting_row *r)
{
	return c->complete || row_before(r->created_at, r->id, c->end_at,
	    c->end_id);
}

/* Removes row id from c; 1 when it was there, else 0. */
static int
row_remove(struct waiting_coach *c, int64_t id)
{
	size_t	 i;

	for (i = 0; i < c->nrows && c->rows[i].id != id; i++)
		continue;
	if (i == c->nrows)
		return 0;
	memmove(&c->rows[i], &c->rows[i + 1], (c->nrows - i - 1) *
	    sizeof(c->rows[0]));
	c->nrows--;
	return 1;
}

/*
 * Where coach's new row r (added or corrected now) goes: into c's rows
 * when c holds the athlete already (a new one's name is not kept), or
 * known (a row moved from another coach's list, whose athlete is
 * from).  0, or -1 when c can no longer answer for sure.
 */
static int
coach_take(struct waiting_coach *c, const struct waiting_row *r,
    const struct waiting_who *from)
{
	if (!coach_covers(c, r))
		return 0;	/* beyond what is kept: the query reads it */
	if (who_find(c, r->athlete) == NULL && (from == NULL ||
	    who_add(c, from->id, from->name, from->reach) == -1))
		return -1;
	return row_insert(c, r);
}

/*
 * Keeps the rows in step with the coach score rating_coach() wrote (w)
 * for email msg, coach rating athlete at now.  A correction keeps its
 * place in time and moves to coach's list, with its new email; an added
 * score joins the end of it.  What the rows cannot place for sure drops
 * that coach's rows, read again when next needed.
 */
void
waiting_rated(struct waiting *wt, int64_t coach, int64_t athlete,
    const struct rating_written *w, int64_t now, int64_t msg)
{
	struct waiting_row	 r = { w->id, athlete, w->created_at, msg };
	struct waiting_who	*from = NULL;
	struct waiting_coach	*c;
	size_t			 i, mine = (size_t)-1;
	int			 out = 0, rc = 0;

	for (i = 0; wt != NULL && i < wt->n; i++) {
		c = &wt->v[i];
		if (c->coach == coach)
			mine = i;
		if (c->coach == coach && !w->added && row_remove(c, r.id))
			from = who_find(c, athlete);
		else if (c->coach != coach && row_remove(c, r.id))
			from = who_find(c, athlete);
		/* its rater's rows, in range, lacked it: no one waits */
		else if (!w->added && c->coach == w->was_rater &&
		    coach_covers(c, &r))
			out = 1;
	}
	if (mine == (size_t)-1)
		return;
	c = &wt->v[mine];
	if (w->added && now <= c->built_at)
		rc = -1;	/* a self score of this second may answer it */
	else if (w->added || from != NULL)
		rc = coach_take(c, &r, from);
	else if (!out)
		rc = -1;	/* nothing says whether it waits */
	if (rc == -1)
		coach_drop(wt, mine);
}

/*
 * When no text reaches an athlete (message_reach()), why, after their
 * name in a line to their coach: " (opted out of texts: no text
 * reaches them, ask in person)".  A missing consent says whose: the
 * athlete's own, or their guardian's, named (guardian, NULL or "" when
 * the roster has no name), which is who the coach must ask.  Nothing
 * for REACH_YES.
 */
void
waiting_unreached(struct buf *reply, enum reach reach, const char *guardian)
{
	static const char *const why[REACH__MAX] = {	/* entries */
		[REACH_REMOVED] = "mail.reach_removed",
		[REACH_BLOCKED] = "mail.reach_blocked",
		[REACH_OPTED_OUT] = "mail.reach_opted_out",
		[REACH_NO_NUMBER] = "mail.reach_no_number",
		[REACH_NO_EMAIL] = "mail.reach_no_email",
		[REACH_NO_CONSENT] = "mail.reach_no_consent",
		[REACH_NO_GUARDIAN_CONSENT] = "mail.reach_no_guardian_consent",
	};
	struct buf	 named = { 0 };

	if (reach == REACH_NO_GUARDIAN_CONSENT && guardian != NULL &&
	    guardian[0] != '\0' && words_printf(&named, NULL,
	    "mail.reach_no_consent_of", guardian) == 0)
		words_printf(reply, NULL, "mail.unreached", named.data);
	else if (reach != REACH_YES && why[reach] != NULL)
		words_printf(reply, NULL, "mail.unreached",
		    words_get(NULL, why[reach]));
	buf_free(&named);
}

/* One athlete of the waiting list: name, days, and whether texts reach. */
static void
waiting_line(struct buf *reply, const char *name, int64_t days,
    enum reach reach, const char *guardian)
{
	words_printf(reply, NULL, days < 1 ? "mail.waiting_today" : days == 1 ?
	    "mail.waiting_day" : "mail.waiting_days", name, (long long)days);
	waiting_unreached(reply, reach, guardian);
	buf_puts(reply, "\n");
}

/* The names written so far, and how many; the time of the list. */
struct waiting_seen {
	int64_t		 id[WAITING_NAMES];
	int		 n;
	int64_t		 now;
};

/*
 * Writes athlete into reply unless named already (at their oldest),
 * with why no text reaches them: the roster's reason, else a consent
 * [privacy] requires and they have not given.  1 once WAITING_NAMES
 * are named and this is one more, else 0; -1 on a database error.
 */
static int
waiting_name(struct db *db, struct waiting_seen *s, struct buf *reply,
    int64_t athlete, const char *name, int64_t days, enum reach reach)
{
	struct person	 p = { 0 };
	int		 i, whose, rc = -1;

	for (i = 0; i < s->n && s->id[i] != athlete; i++)
		continue;
	if (i < s->n)
		return 0;
	if (s->n == 0)
		buf_puts(reply, words_get(NULL, "mail.waiting_head"));
	if (s->n == WAITING_NAMES) {
		buf_puts(reply, words_get(NULL, "mail.waiting_more"));
		return 1;
	}
	if (person_load(db, athlete, &p) == -1)
		goto out;
	if (reach == REACH_YES) {
		if ((whose = person_consent_whose(db, &p, "reminder",
		    (time_t)s->now)) == -1)
			goto out;
		reach = (enum reach)whose;
	}
	s->id[s->n++] = athlete;
	waiting_line(reply, name, days, reach, p.guardian_name);
	rc = 0;
out:
	person_clear(&p);
	return rc;
}

/*
 * The list from the database, as the kept rows would give it: for a
 * list longer than they hold.  Returns 0 or -1.
 */
static int
waiting_query(struct db *db, int64_t coach, int64_t msg, int64_t now,
    struct buf *reply)
{
	sqlite3_stmt		*st = db_query(db, STMT_WAITING_ATHLETES,
				    "iii", msg, coach, now - WAITING_DAYS * 86400);
	struct waiting_seen	 s = { .n = 0, .now = now };
	int			 rc, named = 0;

	while (named == 0 && (rc = db_row(db, st)) == OUT_ROW)
		if ((named = waiting_name(db, &s, reply,
		    sqlite3_column_int64(st, 0), db_text(st, 1), (now -
		    sqlite3_column_int64(st, 2)) / 86400,
		    message_reach_parse(db_text(st, 3)))) != 0)
			sqlite3_reset(st);
	return rc == OUT_FAILED || named == -1 ? -1 : 0;
}

/*
 * Writes into reply, for the confirmation of email msg to coach (0: not
 * in the roster), who has not yet answered their scores from earlier
 * emails of the last WAITING_DAYS, oldest first, with how long: at most
 * WAITING_NAMES, then a line saying there are more.  *wp keeps the rows
 * between calls (waiting_forget() frees them).  Returns 0 or -1.
 */
int
waiting_list(struct waiting **wp, struct db *db, int64_t coach, int64_t msg,
    int64_t now, struct buf *reply)
{
	struct waiting_coach	*c;
	struct waiting_who	*who;
	struct waiting_seen	 s = { .n = 0, .now = now };
	struct buf		 out = { 0 };
	size_t			 i;
	int			 rc = -1, full = 0;

	if ((c = coach_rows(wp, db, coach, now)) == NULL)
		goto out;
	for (i = 0; i < c->nrows && !full; i++) {
		if ((msg != 0 && c->rows[i].message == msg) ||
		    c->rows[i].created_at < now - WAITING_DAYS * 86400)
			continue;
		who = who_find(c, c->rows[i].athlete);
		full = waiting_name(db, &s, &out, who->id, who->name,
		    (now - c->rows[i].created_at) / 86400, who->reach);
	}
	if (full == -1)
		goto out;
	/* the rows kept end before the list does: the database has it */
	if (!full && !c->complete) {
		buf_reset(&out);
		if (waiting_query(db, coach, msg, now, &out) == -1)
			goto out;
	}
	if (out.len > 0)
		buf_add(reply, out.data, out.len);
	rc = buf_failed(&out) ? -1 : 0;
out:
	buf_free(&out);
	return rc;
}
