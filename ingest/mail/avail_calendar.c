/*
 * avail_calendar.c - a calendar's Accept or Decline by email, to the
 * question of who is coming (shared/avail.c asks it).  It counts only
 * from the address invited, to the session of its UID, as intake.c
 * hands it over once its sender passed DMARC.
 */
#include <stdio.h>
#include <string.h>

#include "mail.h"

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
