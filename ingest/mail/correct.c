/*
 * correct.c - the text telling an athlete that their coach changed a
 * score they had already answered: "Riverside: Your coach corrected
 * technique to 7 (it was 6)."
 *
 * What the athlete was shown is the score before the first correction
 * made after their answer that nobody has texted them yet.  So the
 * text is made from the database, not from one email: every correction
 * still to tell (lib/sql.c, STMT_CORRECTION_ITEMS), from that score to
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
