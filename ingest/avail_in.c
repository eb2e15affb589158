/*
 * avail_in.c - what comes back about who is coming (avail.c asks): an
 * athlete's text that answers, a calendar's Accept or Decline by email,
 * and the morning digest's lines with the headcount.
 *
 * A text is an answer only when lib/avail.c reads it as one and its
 * athlete has a question open: the same "no" is otherwise what the
 * grammar makes of it (reply.c asks here first: texts.c).  A calendar's
 * answer counts only from the address invited, to the session of its
 * UID, as intake.c hands it over once its sender passed DMARC.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest.h"

/*
 * The open question of athlete p's that an answer goes to: the one of
 * the day it names (when, "" none), else the nearest not yet over.
 * Its id (0: none), its day and slot.
 */
static int64_t
open_question(struct db *db, int64_t person, const char *when, time_t now,
    char day[11], char slot[3])
{
	sqlite3_stmt	*st;
	char		 today[11], named[11] = "";
	int64_t		 id = 0;
	int		 rc;

	day_string(now, today);
	if (*when && plan_day(when, now, 0, NULL, 0, named) == -1)
		return 0;
	if ((st = db_prepare(db, "SELECT s.id, s.day, s.slot FROM "
	    "avail_answer a JOIN avail_session s ON s.id = a.session_id "
	    "WHERE a.person_id = ?1 AND NOT s.cancelled AND s.day >= ?2 AND "
	    "(?3 = '' OR s.day = ?3) ORDER BY s.day, s.at LIMIT 1", "itt",
	    person, today, named)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(day, 11, "%s", db_text(st, 1));
		snprintf(slot, 3, "%s", db_text(st, 2));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

/*
 * A text from athlete p (or, guardian, from their guardian) that may
 * answer a question: stored as their answer to the nearest open one
 * (or the day's it names), a new answer replacing the one before, and
 * confirmed in reply with the day.  OUT_NOTFOUND when body is no answer
 * or p has no question open (the text is read as any other), OUT_OK, or
 * OUT_FAILED.
 */
enum outcome
avail_text(struct db *db, const struct person *p, int guardian,
    const char *body, struct buf *reply)
{
	struct avail_said said;
	char		 day[11], slot[3], date[WORDS_DAY_MAX], when[40];
	int64_t		 id;
	time_t		 now = clock_now();

	if (!avail_read(body, &said))
		return OUT_NOTFOUND;
	if ((id = open_question(db, p->id, said.when, now, day, slot)) == -1)
		return OUT_FAILED;
	if (id == 0)
		return OUT_NOTFOUND;
	if (avail_done(db, db_prepare(db, "UPDATE avail_answer SET answer = "
	    "?, late = ?, by_guardian = ?, answered_at = ?, attended = NULL "
	    "WHERE session_id = ? AND person_id = ?", "ttdiii",
	    avail_answer_name(said.answer), said.late[0] ? said.late : NULL,
	    guardian, (int64_t)now, id, p->id)) == -1)
		return OUT_FAILED;
	snprintf(when, sizeof(when), "%s%s%s", words_day(day, date),
	    *slot ? " " : "", words_slot(slot));
	if (reply->len > 0)
		buf_putc(reply, ' ');
	if (said.late[0] != '\0')
		words_printf(reply, NULL, "sms.avail_late", when, said.late);
	else
		words_printf(reply, NULL, said.answer == AVAIL_IN ?
		    "sms.avail_in" : said.answer == AVAIL_OUT ?
		    "sms.avail_out" : "sms.avail_maybe", when);
	return buf_failed(reply) ? OUT_FAILED : OUT_OK;
}

/* Asked of a text before any keyword, an athlete's or a guardian's. */
static const struct sms_answer answers[] = {
	{ NULL, 1, 0, avail_text },
	{ 0 }
};

const struct sms_text avail_texts = { NULL, NULL, answers };

/*
 * The digest's lines for coach at now: tomorrow's sessions of their
 * squads with the counts and who has not answered, and the line that
 * reminds them.  How many sessions, or -1.
 */
int
avail_digest(struct db *db, int64_t coach, time_t now, struct buf *out)
{
	struct avail_view v;
	char		 tomorrow[11];
	sqlite3_stmt	*st;
	size_t		 i;
	int		 mine, n = 0;

	day_before(now, -1, tomorrow);
	if (avail_list(db, 0, tomorrow, tomorrow, 0, &v) == -1)
		return -1;
	for (i = 0; i < v.n; i++) {
		st = db_query(db, STMT_CMD_SQUAD, "it", coach, v.v[i].squad);
		if (db_row(db, st) != OUT_ROW)
			continue;
		mine = sqlite3_column_int(st, 2);
		sqlite3_reset(st);
		if (!mine)
			continue;
		if (n++ == 0)
			buf_puts(out, words_get(NULL, "mail.digest_avail"));
		avail_said(&v.v[i], out);
		if (v.v[i].none.n > 0)
			words_printf(out, NULL, "mail.digest_avail_remind",
			    tomorrow, *v.v[i].slot ? " " : "", v.v[i].slot,
			    v.v[i].squad);
	}
	avail_view_free(&v);
	return buf_failed(out) ? -1 : n;
}

/* Whether m carries a calendar's answer (METHOD:REPLY). */
int
avail_calendar_reply(const struct mail_parts *m)
{
	struct ical_reply r;
	size_t		 i;

	for (i = 0; i < m->calendar.n; i++)
		if (ical_reply_read(m->calendar.v[i], &r) == 0)
			return 1;
	return 0;
}

/*
 * The answers m's calendar parts give, each counted as the text it
 * stands for would be (Accept in, Decline out, Maybe maybe) when its
 * attendee is m's sender and was invited to the session of its UID:
 * the athlete whose address it is, or whose guardian's (for them).
 * The athlete into *person (0: none).  OUT_OK when one counted,
 * OUT_NOTFOUND when none did, OUT_FAILED.
 */
enum outcome
avail_calendar_in(struct db *db, const struct mail_parts *m,
    int64_t *person)
{
	struct ical_reply r;
	sqlite3_stmt	*st;
	char		 from[256];
	size_t		 i;
	int		 rc, guardian = 0;

	*person = 0;
	if (m->from == NULL || strlen(m->from) >= sizeof(from))
		return OUT_NOTFOUND;
	snprintf(from, sizeof(from), "%s", m->from);
	ascii_lower(from);
	for (i = 0; i < m->calendar.n && *person == 0; i++) {
		if (ical_reply_read(m->calendar.v[i], &r) == -1 ||
		    strcmp(r.attendee, from) != 0)
			continue;
		if ((st = db_prepare(db, "SELECT a.person_id, lower(coalesce("
		    "p.email, '')) != ?2 FROM avail_answer a JOIN avail_session "
		    "s ON s.id = a.session_id JOIN person p ON p.id = "
		    "a.person_id WHERE s.uid = ?1 AND NOT s.cancelled AND "
		    "p.active AND (lower(p.email) = ?2 OR "
		    "lower(p.guardian_email) = ?2) ORDER BY 2 LIMIT 1", "tt",
		    r.uid, from)) == NULL)
			return OUT_FAILED;
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*person = sqlite3_column_int64(st, 0);
			guardian = sqlite3_column_int(st, 1);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return OUT_FAILED;
		if (*person != 0 && avail_done(db, db_prepare(db, "UPDATE "
		    "avail_answer SET answer = ?, late = NULL, by_guardian = ?, "
		    "answered_at = ?, attended = NULL WHERE person_id = ? AND "
		    "session_id = (SELECT id FROM avail_session WHERE uid = ?)",
		    "tdiit", avail_answer_name(r.answer), guardian,
		    (int64_t)clock_now(), *person, r.uid)) == -1)
			return OUT_FAILED;
	}
	return *person != 0 ? OUT_OK : OUT_NOTFOUND;
}

const struct digest_part avail_headcount = { .lines = avail_digest };
