/*
 * avail_text.c - an athlete's text that answers who is coming (avail.c
 * asks; a calendar's answer by email is mail/avail_calendar.c's).
 *
 * A text is an answer only when lib/avail.c reads it as one and its
 * athlete has a question open: the same "no" is otherwise what the
 * grammar makes of it (reply.c asks here first).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/*
 * The open question of athlete p's that an answer goes to: the one of
 * the day it names (when, "" none), else the nearest not yet over.
 * Its id (0: none), its day and slot, and when it was asked or last
 * reminded into *asked (NULL: not wanted); once the athlete has
 * answered it, 1 for in or out and 2 for maybe: a question still
 * waiting was asked later than any answered (a reminder to the others
 * stamps the session, not them).
 */
static int64_t
open_question(struct db *db, int64_t person, const char *when, time_t now,
    char day[11], char slot[3], int64_t *asked)
{
	sqlite3_stmt	*st;
	char		 today[11], named[11] = "";
	int64_t		 id = 0;
	int		 rc;

	day_string(now, today);
	if (*when && plan_day(when, now, 0, NULL, 0, named) == -1)
		return 0;
	if ((st = db_prepare(db, "SELECT s.id, s.day, s.slot, CASE WHEN "
	    "a.answered_at IS NOT NULL THEN 1 + (a.answer NOT IN ('in', "
	    "'out')) ELSE max(s.asked_at, coalesce(s.reminded_at, 0)) END "
	    "FROM "
	    "avail_answer a JOIN avail_session s ON s.id = a.session_id "
	    "WHERE a.person_id = ?1 AND NOT s.cancelled AND s.day >= ?2 AND "
	    "(?3 = '' OR s.day = ?3) ORDER BY s.day, s.at LIMIT 1", "itt",
	    person, today, named)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(day, 11, "%s", db_text(st, 1));
		snprintf(slot, 3, "%s", db_text(st, 2));
		if (asked != NULL)
			*asked = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

/*
 * Whether said is a thumb up alone, from the athlete (not a guardian,
 * who never saw the confirmation), to a session they answered in or
 * out (asked, as open_question() gives it, 1): the thumb acknowledges
 * the answer's confirmation, and changes nothing nor asks for an
 * answer ("OUT TUES", "Thanks: you are out for 1 Dec.", a thumb up).
 * A thumb down, or after a maybe, is an answer.
 */
static int
acknowledged(const struct avail_said *said, int64_t asked, int guardian)
{
	return said->thumb && !guardian && asked == 1;
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
	static const char *const said_as[2][4] = {
		{ "sms.avail_in", "sms.avail_out", "sms.avail_maybe",
		  "sms.avail_late" },
		{ "sms.avail_in_for", "sms.avail_out_for",
		  "sms.avail_maybe_for", "sms.avail_late_for" } };
	struct avail_said said;
	char		 day[11], slot[3], date[WORDS_DAY_MAX], when[40];
	const char	*as;
	char		*dot;
	size_t		 start;
	int64_t		 id, asked = 0;
	time_t		 now = clock_now();

	if (!avail_read(body, &said))
		return OUT_NOTFOUND;
	if ((id = open_question(db, p->id, said.when, now, day, slot,
	    &asked)) == -1)
		return OUT_FAILED;
	if (id == 0)
		return OUT_NOTFOUND;
	if (acknowledged(&said, asked, guardian))
		return OUT_OK;	/* kept as the session's, nothing to say */
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
	start = reply->len;
	/* a guardian is told whose answer it is: "Sam is out", not "you" */
	as = said_as[guardian != 0][said.late[0] != '\0' ? 3 :
	    said.answer == AVAIL_IN ? 0 : said.answer == AVAIL_OUT ? 1 : 2];
	if (guardian && said.late[0] != '\0')
		words_printf(reply, NULL, as, p->name, when, said.late);
	else if (guardian)
		words_printf(reply, NULL, as, p->name, when);
	else if (said.late[0] != '\0')
		words_printf(reply, NULL, as, when, said.late);
	else
		words_printf(reply, NULL, as, when);
	if (buf_failed(reply))
		return OUT_FAILED;
	/* "3 déc.." , "3. Dez.. Schreib": the day's abbreviation and the
	   sentence's full stop, at its end or before the next sentence;
	   an ellipsis ("...") is left alone */
	for (dot = reply->data != NULL ? strstr(reply->data + start, "..") :
	    NULL; dot != NULL;
	    dot = strstr(dot + 1, ".."))
		if (dot[2] != '.' && (dot == reply->data + start ||
		    dot[-1] != '.')) {
			memmove(dot + 1, dot + 2, strlen(dot + 2) + 1);
			reply->len--;
		}
	return OUT_OK;
}

/*
 * When the session question body would answer was asked (or last
 * reminded): an answer that names no day ("no", "👍"), which another
 * question may be asked too; INT64_MAX for one that names its day
 * ("no tues"), which says it is this one's; 0 for no answer.  -1.
 */
static int64_t
avail_asked(struct db *db, const struct person *p, int guardian,
    const char *body)
{
	struct avail_said said;
	char		 day[11], slot[3];
	int64_t		 id, asked = 0;

	if (!avail_read(body, &said))
		return 0;
	if ((id = open_question(db, p->id, said.when, clock_now(), day,
	    slot, &asked)) == -1)
		return -1;
	return id == 0 || acknowledged(&said, asked, guardian) ? 0 :
	    said.when[0] != '\0' ? INT64_MAX : asked > 0 ? asked : 1;
}

/*
 * Asked of a text before any keyword, an athlete's or a guardian's;
 * kept as "avail": "OUT TUES" read as an answer is no text cox could
 * not read, for the coaches' inbox to show as one.
 */
static const struct sms_answer answers[] = {
	{ "avail", 1, 0, avail_text, avail_asked },
	{ 0 }
};

static const struct sms_text avail_texts = { NULL, NULL, answers };
SMS_TEXTS(avail_texts, 200);
