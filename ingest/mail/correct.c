/*
 * correct.c - the text telling an athlete that their coach changed a
 * score they had already answered: "Riverside: Your coach corrected
 * technique to 7 (it was 6)."
 *
 * What the athlete was shown is the score before the first correction
 * made after their answer that nobody has texted them yet.  So the
 * text is made from the database, not from one email: every correction
 * still to tell (STMT_CORRECTION_ITEMS), from that score to
 * the score now.  Two corrections of one evening, held by quiet hours or still
 * in the outbox, make one text, the first cancelled (CORRECTION_MERGED)
 * and taken into the second; a score put back where it was makes none
 * (and a text waiting that said only that is cancelled as empty, so
 * that no later text is taken to have told it).
 * An undo makes it again from what is left (thread.c), and tells an
 * athlete a text had reached the scores it corrected as they are now.
 */
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "../../lib/sql.h"

#define CORRECTION_EMPTY	"its scores put back: nothing to tell"

#define CORRECTION_EMAILS(athlete) \
	"SELECT m.about FROM message m JOIN message e ON e.id = m.about " \
	"WHERE m.person_id = " athlete " AND m.direction = 'out' AND " \
	"+m.channel = 'sms' AND m.kind = 'correction' AND (m.status = " \
	"'queued' OR (m.status = 'cancelled' AND m.error IN ('" \
	CORRECTION_MERGED "', '" CORRECTION_EMPTY "'))) AND m.id > " \
	"coalesce((SELECT max(s.id) FROM message s WHERE s.person_id = " \
	athlete " AND s.direction = 'out' AND +s.channel = 'sms' AND " \
	"s.kind = 'correction' AND s.status IN (" CORRECTION_WENT ") AND " \
	"NOT " CORRECTION_NOTICE("s") "), 0) AND e.kind = 'ratings' AND " \
	"e.status = 'stored'"

/* a score as an athlete's text names it: metric, kind, unit, score */
STMT(STMT_RATING_SHOWN,
    "SELECT t.slug, t.kind, t.unit, r.score FROM rating r JOIN metric "
    "t ON t.id = r.metric_id WHERE r.id = ?");
/*
 * An athlete's (?1) corrections still to tell (ingest/correct.c):
 * each score a coach corrected after the athlete had answered it,
 * in ratings email ?2 (0: none) or in one of those kept (not
 * undone) behind the athlete's correction texts not sent since the
 * last that went: the metric (id, slug, kind, unit), the score now,
 * the one the first of those emails after the answer (after its
 * text, or at its time or later) replaced, which the athlete was
 * shown, the latest of the emails, the rating's id and day, and
 * on how many days the metric's score is not the one shown.
 */
STMT(STMT_CORRECTION_ITEMS,
    "WITH emails(id) AS (SELECT ?2 WHERE ?2 != 0 UNION "
    CORRECTION_EMAILS("?1") ") "
    "SELECT metric_id, slug, kind, unit, score, was, (SELECT max(id) "
    "FROM emails), rid, rated_on, sum(was != score) OVER (PARTITION BY "
    "metric_id) FROM (SELECT x.*, (SELECT c.score "
    "FROM rating_change c JOIN message e ON e.id = c.message_id "
    "WHERE c.rating_id = x.rid AND c.message_id IN emails AND CASE "
    "WHEN x.ans_msg IS NOT NULL THEN e.id > x.ans_msg ELSE "
    "e.created_at >= x.ans_at END ORDER BY c.message_id LIMIT 1) AS "
    "was FROM (SELECT r.id AS rid, r.metric_id, t.slug, t.kind, "
    "t.unit, r.score, r.rated_on, t.position, (SELECT s.message_id "
    CORRECTION_ANSWER ") AS ans_msg, (SELECT s.created_at "
    CORRECTION_ANSWER ") AS ans_at FROM rating r JOIN metric t ON "
    "t.id = r.metric_id WHERE r.athlete_id = ?1 AND r.source = "
    "'coach' AND r.id IN (SELECT c.rating_id FROM rating_change c "
    "WHERE c.message_id IN emails)) x) WHERE was IS NOT NULL "
    "ORDER BY position, metric_id, rated_on");
/*
 * The athlete's (?1) correction texts waiting, theirs to replace:
 * those whose email's corrections of the athlete are still on
 * record (an undo of the email that added a score takes the later
 * one's record, and with it what its text says).
 */
STMT(STMT_CORRECTION_QUEUED,
    "SELECT m.id, m.body FROM message m WHERE m.person_id = ?1 AND "
    "m.direction = 'out' AND +m.channel = 'sms' AND m.kind = "
    "'correction' AND m.status = 'queued' AND m.about IN ("
    CORRECTION_EMAILS("?1") ") AND EXISTS (SELECT 1 FROM "
    "rating_change c JOIN rating r ON r.id = c.rating_id WHERE "
    "c.message_id = m.about AND r.athlete_id = ?1) ORDER BY m.id");
/* a waiting correction text taken in by a later one (?2 = 1), or
 * saying what is all put back */
STMT(STMT_CORRECTION_MERGE,
    "UPDATE message SET status = 'cancelled', error = CASE WHEN ?2 "
    "THEN '" CORRECTION_MERGED "' ELSE '" CORRECTION_EMPTY "' END "
    "WHERE id = ?1 OR (kind = 'guardian' AND status = 'queued' AND "
    "about = ?1)");

/* Appends id to *v, of *n; the caller frees it. */
static int
id_add(int64_t **v, size_t *n, int64_t id)
{
	int64_t	*nv;

	if ((nv = reallocarray(*v, *n + 1, sizeof(*nv))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	*v = nv;
	(*v)[(*n)++] = id;
	return 0;
}

/* Writes score v of a metric of kind and unit as the athlete's texts do. */
static void
value_write(const char *kind, const char *unit, long v, char *out,
    size_t size)
{
	struct metric	 m = { 0 };

	if (metric_kind_parse(kind, &m.kind) == -1)
		m.kind = METRIC_SCALE;
	snprintf(m.unit, sizeof(m.unit), "%s", unit ? unit : "");
	/* not grouped: a narrow no-break space makes a text UCS-2 */
	metric_value_write(&m, v, words_decimal(), out, size);
}

/*
 * The items of athlete's text into list, in their language; *latest
 * the latest email they tell of.
 */
static int
correction_items(struct db *db, int64_t athlete, int64_t msg,
    struct correction *c, struct buf *list, int64_t *latest)
{
	sqlite3_stmt	*st;
	char		 v_was[METRIC_VALUE_MAX], v_now[METRIC_VALUE_MAX];
	char		 day[WORDS_DAY_MAX], plain[WORDS_DAY_MAX];
	long		 now, was;
	int		 rc;

	st = db_query(db, STMT_CORRECTION_ITEMS, "ii", athlete, msg);
	while ((rc = db_row(db, st)) == 1) {
		now = (long)sqlite3_column_int64(st, 4);
		was = (long)sqlite3_column_int64(st, 5);
		*latest = sqlite3_column_int64(st, 6);
		if (was == now)		/* put back where it was */
			continue;
		value_write(db_text(st, 2), db_text(st, 3), was, v_was,
		    sizeof(v_was));
		value_write(db_text(st, 2), db_text(st, 3), now, v_now,
		    sizeof(v_now));
		if (list->len > 0)
			buf_puts(list, words_get(NULL, "gen.list_sep"));
		/* one metric of two days: each with its day, in GSM-7 (a
		 * French "août" would make the text UCS-2) */
		if (sqlite3_column_int(st, 9) > 1) {
			words_day(db_text(st, 8), day);
			if (gsm7_length(day) < 0)
				(void)latin_fold(day, plain, sizeof(plain));
			else
				snprintf(plain, sizeof(plain), "%s", day);
			words_printf(list, NULL, "sms.corrected_item_day",
			    db_text(st, 1), plain, v_now, v_was);
		} else
			words_printf(list, NULL, "sms.corrected_item",
			    db_text(st, 1), v_now, v_was);
		if (id_add(&c->ratings, &c->n, sqlite3_column_int64(st,
		    7)) == -1) {
			sqlite3_reset(st);
			return -1;
		}
	}
	return rc == OUT_FAILED || buf_failed(list) ? -1 : 0;
}

/*
 * Texts athlete every correction still to tell, ratings email msg's
 * (0: none, after an undo) with those not sent yet, in one text about
 * the latest email it tells of, and cancels those it replaces.  c says
 * which ratings it names (none: nothing to tell), whether it reaches
 * them (REACH_YES) and whether a text was queued (not when the one
 * waiting says the same, and stays); the caller frees c->ratings.
 * Returns 0, or -1 with nothing to free.
 */
int
correction_tell(struct db *db, int64_t athlete, int64_t msg,
    struct correction *c)
{
	struct message	 m = { .channel = CHANNEL_SMS, .kind = "correction",
	    .person = athlete };
	struct buf	 list = { 0 }, body = { 0 };
	sqlite3_stmt	*st;
	const char	*reader = person_reader(db, athlete);
	int64_t		*waiting = NULL;
	size_t		 i, nwaiting = 0;
	int		 rc = -1, same = 0, r;

	c->ratings = NULL;
	c->n = 0;
	c->reach = REACH_YES;
	c->queued = 0;
	if (correction_items(db, athlete, msg, c, &list, &m.about) == -1)
		goto out;
	if (c->n > 0) {
		buf_puts(&body, sms_lead());
		words_printf(&body, NULL, "sms.corrected", list.data);
		if (buf_failed(&body))
			goto out;
	}
	/* the texts it replaces (those it can say again); one saying the
	 * same stays as it is */
	st = db_query(db, STMT_CORRECTION_QUEUED, "i", athlete);
	while ((r = db_row(db, st)) == 1) {
		same = body.len > 0 && strcmp(db_text(st, 1), body.data) == 0;
		if (id_add(&waiting, &nwaiting, sqlite3_column_int64(st,
		    0)) == -1) {
			sqlite3_reset(st);
			goto out;
		}
	}
	if (r == OUT_FAILED)
		goto out;
	if (nwaiting == 1 && same) {
		rc = 0;
		goto out;
	}
	for (i = 0; i < nwaiting; i++)
		if (db_exec(db, STMT_CORRECTION_MERGE, "id", waiting[i],
		    c->n > 0) == -1)
			goto out;
	rc = 0;
	if (c->n == 0)
		goto out;
	m.body = body.data;
	/* those a text does not reach are never sent anything */
	if (message_queue(db, &m, &c->reach) != OUT_OK)
		rc = -1;
	else
		c->queued = c->reach == REACH_YES;
out:
	if (rc == -1) {		/* the caller frees nothing */
		free(c->ratings);
		c->ratings = NULL;
		c->n = 0;
	}
	words_reader(reader);
	free(waiting);
	buf_free(&list);
	buf_free(&body);
	return rc;
}

/*
 * The text to an athlete whose correction text an undo took back, in
 * the words of the reader set: the n ratings it had corrected that
 * they had answered (what its text named), as they are now (an undo
 * puts back what the email replaced, or a later email's score
 * stands), into body.  Returns 0 or -1.
 */
int
correction_undone(struct db *db, const int64_t *ratings, size_t n,
    struct buf *body)
{
	struct buf	 list = { 0 };
	sqlite3_stmt	*st;
	char		 v[METRIC_VALUE_MAX];
	size_t		 i;
	int		 rc;

	for (i = 0; i < n; i++) {
		st = db_query(db, STMT_RATING_SHOWN, "i", ratings[i]);
		if ((rc = db_row(db, st)) == OUT_FAILED) {
			buf_free(&list);
			return -1;
		}
		if (rc != OUT_ROW)
			continue;
		value_write(db_text(st, 1), db_text(st, 2),
		    (long)sqlite3_column_int64(st, 3), v, sizeof(v));
		if (list.len > 0)
			buf_puts(&list, words_get(NULL, "gen.list_sep"));
		words_printf(&list, NULL, "sms.correction_undone_item",
		    db_text(st, 0), v);
		sqlite3_reset(st);
	}
	buf_puts(body, sms_lead());
	if (list.len > 0)
		words_printf(body, NULL, "sms.correction_undone_now",
		    list.data);
	else
		buf_puts(body, words_get(NULL, "sms.correction_undone"));
	rc = buf_failed(&list) || buf_failed(body) ? -1 : 0;
	buf_free(&list);
	return rc;
}
