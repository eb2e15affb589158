/*
 * avail.c - who is coming, by email and by text (issue 75): a coach
 * asks, each athlete answers, the coach reads the headcount.
 *
 *	avail DAY [am|pm] [SQUAD]: TIME [PLACE][, note]
 *				each athlete of the squad asked by one
 *				text (their guardian's copy as every
 *				coach's text); said again for a session
 *				already asked, its change texted
 *	avail DAY [am|pm] [SQUAD]: cancel	the session called off
 *	avail DAY [am|pm] [SQUAD]: remind	those who have not answered
 *	who DAY [am|pm] [SQUAD]	the answers, names under each
 *	attended DAY [SQUAD]: all but NAME, NAME	who came
 *	absent DAY [SQUAD]: NAME, NAME		who did not, of those in
 *	attend-by-default [SQUAD] on|off	silence counts as in
 *
 * A plan line (plan.c) with avail and the time after its effort asks
 * too.  The day, slot and squad are read as a plan line's; who may
 * ask is who may plan: a head coach any squad, a coach their own.
 * Those with an address (and a minor's guardian with one) get a
 * calendar invitation too (lib/ical.c), sent again on every change.
 * A reminder goes once, a set time before ([avail] remind_hours, 24 by
 * default), to those who have not answered, held in quiet hours as
 * every reminder is (remind.c).  The answers are text/avail_text.c's
 * (by text) and mail/avail_calendar.c's (by calendar); the morning
 * digest's lines with the headcount are here (avail_digest()).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shared.h"

#define SQUADS_MAX	64	/* squads "all" asks at once */
#define PLACE_MAX	60	/* bytes of a place kept */
#define NOTE_MAX	120	/* bytes of a note kept */

/* A time of day as a coach writes it ("7:05", "6h30", "18.00"). */
static int
clock_of(const char *w, char hhmm[6])
{
	struct avail_said said;
	char		 s[32];

	/* avail_read() reads "late 7:05" as in, late 07:05 */
	snprintf(s, sizeof(s), "late %s", w);
	if (strlen(w) > 8 || !avail_read(s, &said) || said.late[0] == '\0')
		return -1;
	memcpy(hhmm, said.late, 6);
	return 0;
}

/*
 * Reads the words after avail, who, attended, absent or
 * attend-by-default (args, trimmed, writable) into c: the day, slot and
 * squad as a plan's (plan_parse_day()), and in c->text what follows the
 * ':'.  0, or -1 when they are not of that shape.
 */
int
avail_parse(char *args, struct cmd_line *c)
{
	char	*body, *w;

	if (c->verb == CMD_ATTEND_DEFAULT) {
		w = args + strlen(args);
		while (w > args && !isspace((unsigned char)w[-1]))
			w--;
		if (words_is("kw.on", w))
			c->on = 1;
		else if (words_is("kw.off", w))
			c->on = 0;
		else
			return -1;
		*w = '\0';
		if (*trim(args) != '\0' && (c->who = xstrdup(trim(args))) ==
		    NULL)
			return -1;
		return 0;
	}
	body = strchr(args, ':');
	if (c->verb == CMD_WHO) {
		if (body != NULL)
			return -1;
	} else {
		if (body == NULL || *trim(body + 1) == '\0')
			return -1;
		if ((c->text = xstrdup(trim(body + 1))) == NULL)
			return -1;
		*body = '\0';
	}
	return plan_parse_day(trim(args), c);
}

/*
 * A plan line that asks too ("session Sat am Senior Men: 90 min rpe 4
 * avail 7:00 Boathouse"): its words from the keyword avail after the
 * ':' cut off args (writable) into c->text, for avail_act() once the
 * plan is stored.  0 (none, or cut), or -1 out of memory.
 */
int
avail_plan_split(char *args, struct cmd_line *c)
{
	char	*p = strchr(args, ':'), w[32];
	size_t	 n;

	for (p = p != NULL ? p + 1 : NULL; p != NULL && *p != '\0';
	    p += n) {
		p += strspn(p, " \t,;");
		n = strcspn(p, " \t,;");
		if (n == 0 || n >= sizeof(w))
			continue;
		memcpy(w, p, n);
		w[n] = '\0';
		if (!words_is("kw.avail", w) || p[n] == '\0')
			continue;
		if ((c->text = xstrdup(trim(p + n))) == NULL)
			return -1;
		*p = '\0';
		return 0;
	}
	return 0;
}

/* What a command's acting needs. */
struct avail_run {
	struct avail_cmd *ac;
	const struct cmd_line *c;
	char		 day[11];
	int64_t		 squad;
	const char	*name;		/* the squad's */
	struct buf	*reply;
};

/*
 * The session of r's squad, day and slot (any slot, the first not
 * cancelled, unless exact: a line that names none may mean the day's
 * one session): its id, 0 none, -1.
 */
static int64_t
session_of(struct avail_run *r, int exact, int *cancelled)
{
	sqlite3_stmt	*st;
	int64_t		 id = 0;
	int		 rc;

	if ((st = db_prepare(r->ac->db, "SELECT id, cancelled FROM "
	    "avail_session WHERE squad_id = ?1 AND day = ?2 AND (slot = ?3 "
	    "OR (NOT ?4 AND ?3 = '')) ORDER BY slot != ?3, cancelled, slot "
	    "LIMIT 1", "ittd", r->squad, r->day, r->c->plan.slot,
	    exact)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (cancelled != NULL)
			*cancelled = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : -1;
}

/*
 * The text about session id to athlete p, of catalogue entry name, in
 * p's language, into text: the team's lead, the squad, the day, the
 * time and the place, and how to answer; the note only when it still
 * fits one SMS segment, and the place only then too.
 */
static int
ask_text(struct db *db, int64_t id, const struct person *p,
    const char *name, struct buf *text)
{
	sqlite3_stmt	*st;
	const char	*was = words_reader(p->language);
	char		 day[WORDS_DAY_MAX], when[64];
	int		 k, rc = -1;

	if ((st = db_prepare(db, "SELECT q.name, s.day, s.slot, s.at, "
	    "s.place, s.note FROM avail_session s JOIN squad q ON q.id = "
	    "s.squad_id WHERE s.id = ?", "i", id)) == NULL)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	snprintf(when, sizeof(when), "%s%s%s",
	    words_day(db_text(st, 1), day), *db_text(st, 2) ? " " : "",
	    words_slot(db_text(st, 2)));
	/* all of it, then without the note, then without the place */
	for (k = 0; k < 3; k++) {
		buf_reset(text);
		buf_puts(text, sms_lead());
		words_printf(text, NULL, name, db_text(st, 0), when,
		    db_text(st, 3), k < 2 && *db_text(st, 4) ? ", " : "",
		    k < 2 ? db_text(st, 4) : "", k < 1 &&
		    *db_text(st, 5) ? " - " : "", k < 1 ? db_text(st, 5) : "");
		if (buf_failed(text))
			goto out;
		if (sms_segments(text->data) == 1)
			break;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	words_reader(was);
	return rc;
}

/* The start of a session of day at ("HH:MM"), in the team's time. */
static time_t
start_of(const char *day, const char *at)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3 || sscanf(at, "%d:%d", &tm.tm_hour,
	    &tm.tm_min) != 2)
		return (time_t)-1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/*
 * The calendar invitation of session id for address to (whose name is
 * name), as ac's team sends it, queued by email for athlete (the
 * guardian's copy with peer to): kind calendar, its iCalendar kept in
 * avail_mail for the outbox to attach.  0 or -1.
 */
static int
invite_one(const struct avail_cmd *ac, int64_t id, int64_t athlete,
    const char *to, const char *name, const char *peer)
{
	struct db	*db = ac->db;
	struct ical_event e = { .organizer = ac->organizer,
	    .organizer_name = ac->team, .attendee = to, .attendee_name = name,
	    .minutes = 60 };
	struct message	 m = { .channel = CHANNEL_EMAIL, .person = athlete,
	    .kind = "calendar", .peer = peer, .created_at = (int64_t)ac->now };
	struct buf	 subject = { 0 }, body = { 0 }, summary = { 0 };
	sqlite3_stmt	*st;
	enum reach	 reach;
	char		 date[WORDS_DATE_MAX], when[WORDS_DATE_MAX + 8];
	char		*ics = NULL;
	int		 rc = -1;

	if ((st = db_prepare(db, "SELECT s.uid, s.sequence, s.cancelled, "
	    "s.day, s.slot, s.at, s.place, s.note, q.name, coalesce((SELECT "
	    "p.minutes FROM planned_session p WHERE p.squad_id = s.squad_id "
	    "AND p.day = s.day AND p.slot = s.slot), 60) FROM avail_session "
	    "s JOIN squad q ON q.id = s.squad_id WHERE s.id = ?", "i",
	    id)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	e.uid = db_text(st, 0);
	e.sequence = sqlite3_column_int(st, 1);
	e.cancelled = sqlite3_column_int(st, 2);
	e.start = start_of(db_text(st, 3), db_text(st, 5));
	e.location = db_text(st, 6);
	e.description = db_text(st, 7);
	e.minutes = sqlite3_column_int(st, 9);
	snprintf(when, sizeof(when), "%s%s%s", words_date(db_text(st, 3),
	    date), *db_text(st, 4) ? " " : "", words_slot(db_text(st, 4)));
	words_printf(&summary, NULL, "mail.avail_invite_summary",
	    ac->team != NULL ? ac->team : "", ac->team != NULL ? ": " : "",
	    db_text(st, 8));
	words_printf(&subject, NULL, e.cancelled ?
	    "mail.avail_invite_cancelled" : "mail.avail_invite_subject",
	    db_text(st, 8), when, db_text(st, 5));
	words_printf(&body, NULL, e.cancelled ? "mail.avail_invite_off" :
	    "mail.avail_invite_body", db_text(st, 8), when, db_text(st, 5),
	    *e.location ? ", " : "", e.location);
	if (buf_failed(&summary) || buf_failed(&subject) || buf_failed(&body))
		goto out;
	e.summary = summary.data;
	if (e.start == (time_t)-1 || (ics = ical_invitation(&e,
	    ac->now)) == NULL)
		goto out;
	m.subject = subject.data;
	m.body = body.data;
	if (message_queue(db, &m, &reach) != OUT_OK)
		goto out;
	if (reach == REACH_YES && avail_done(db, db_prepare(db, "INSERT "
	    "INTO avail_mail (message_id, session_id, ics) VALUES (?, ?, ?)",
	    "iit", db_last_id(db), id, ics)) == -1)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(st);
	free(ics);
	buf_free(&summary);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

/*
 * Athlete p's invitations to session id, from ac (NULL: none): to
 * their address, and a minor's guardian's to theirs.  0 or -1.
 */
static int
invites(const struct avail_cmd *ac, int64_t id, const struct person *p)
{
	if (ac == NULL || ac->organizer == NULL)
		return 0;
	if (p->email != NULL && invite_one(ac, id, p->id, p->email, p->name,
	    NULL) == -1)
		return -1;
	if (p->guardian_email != NULL && person_is_minor(p, ac->now) &&
	    invite_one(ac, id, p->id, p->guardian_email, p->guardian_name,
	    p->guardian_email) == -1)
		return -1;
	return 0;
}

/*
 * Texts those of session id that who chooses: "all" asked, "new" the
 * squad's athletes not yet asked (asked now), "silent" those asked who
 * have not answered, each askable (avail_askable()), with catalogue
 * entry name, kind kind; and, from ac (NULL: none), a calendar
 * invitation by email to those with an address.  Counts into *sent, *paused, *unreached.
 * 0 or -1.
 */
static int
text_squad(const struct avail_cmd *ac, struct db *db, int64_t id,
    int64_t squad, const char *who, const char *name, const char *kind,
    time_t now, int *sent, int *paused, int *unreached)
{
	sqlite3_stmt	*st;
	struct person	 p;
	struct buf	 text = { 0 };
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	int		 rc = -1, ok;

	st = strcmp(who, "new") == 0 ? db_prepare(db, "SELECT p.id FROM "
	    "person p JOIN membership m ON m.person_id = p.id WHERE "
	    "m.squad_id = ?1 AND p.role = 'athlete' AND p.active AND NOT "
	    "EXISTS (SELECT 1 FROM avail_answer a WHERE a.session_id = ?2 "
	    "AND a.person_id = p.id) ORDER BY p.id", "ii", squad, id) :
	    db_prepare(db, "SELECT a.person_id FROM avail_answer a JOIN "
	    "person p ON p.id = a.person_id WHERE a.session_id = ?1 AND "
	    "p.active AND (?2 = 0 OR a.answer IS NULL) ORDER BY p.id", "id",
	    id, strcmp(who, "silent") == 0);
	if (st == NULL || db_ids(db, st, &ids, &n) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if ((ok = avail_askable(db, ids[i])) == -1)
			goto out;
		if (!ok) {
			(*paused)++;
			continue;
		}
		if (strcmp(who, "new") == 0 && avail_done(db, db_prepare(db,
		    "INSERT OR IGNORE INTO avail_answer (session_id, "
		    "person_id) VALUES (?, ?)", "ii", id, ids[i])) == -1)
			goto out;
		if (person_load(db, ids[i], &p) == -1)
			goto out;
		ok = ask_text(db, id, &p, name, &text);
		if (ok == 0)
			ok = invites(ac, id, &p);
		person_clear(&p);
		if (ok == -1 || outbox_queue_text(db, ids[i], text.data, kind,
		    now, sent, unreached) == -1)
			goto out;
	}
	rc = 0;
out:
	if (st != NULL)
		sqlite3_finalize(st);
	free(ids);
	buf_free(&text);
	return rc;
}

/* The session's day, slot and time in the coach's words. */
static const char *
when_words(const char *day, const char *slot, char out[WORDS_DATE_MAX + 8])
{
	char	 date[WORDS_DATE_MAX];

	snprintf(out, WORDS_DATE_MAX + 8, "%s%s%s", words_date(day, date),
	    *slot ? " " : "", words_slot(slot));
	return out;
}

/*
 * The time, place and note of an avail line's words after the ':'
 * (s): the time first, the place up to a comma, the note after it.
 * 0, or -1 when it starts with no time.
 */
static int
avail_body(const char *s, char at[6], char place[PLACE_MAX],
    char note[NOTE_MAX])
{
	char	 w[16];
	size_t	 n = strcspn(s, " \t,");

	if (n >= sizeof(w))
		return -1;
	memcpy(w, s, n);
	w[n] = '\0';
	if (clock_of(w, at) == -1)
		return -1;
	s += n;
	s += strspn(s, " \t,");
	n = strcspn(s, ",");
	snprintf(place, PLACE_MAX, "%.*s", (int)n, s);
	trim(place);
	s += n;
	s += strspn(s, " \t,");
	snprintf(note, NOTE_MAX, "%s", s);
	trim(note);
	return 0;
}

/*
 * "avail": the session asked about (or changed, cancelled, its silent
 * ones reminded) for r's squad.  0 or -1.
 */
static int
ask_one(struct avail_run *r)
{
	struct db	*db = r->ac->db;
	char		 at[6], place[PLACE_MAX], note[NOTE_MAX], uid[40];
	char		 when[WORDS_DATE_MAX + 8];
	const char	*text = r->c->text;
	int64_t		 id;
	int		 sent = 0, paused = 0, unreached = 0, cancelled = 0;

	when_words(r->day, r->c->plan.slot, when);
	if ((id = session_of(r, 1, &cancelled)) == -1)
		return -1;
	if (words_is("kw.cancel", text) || words_is("kw.remind", text)) {
		if (id == 0 || cancelled)
			return words_printf(r->reply, NULL, "mail.avail_none",
			    r->name, when);
		if (words_is("kw.remind", text)) {
			if (text_squad(NULL, db, id, r->squad, "silent",
			    "sms.avail_remind", "coach", r->ac->now, &sent,
			    &paused, &unreached) == -1)
				return -1;
			return words_printf(r->reply, NULL,
			    "mail.avail_reminded", r->name, when, sent);
		}
		if (avail_done(db, db_prepare(db, "UPDATE avail_session SET "
		    "cancelled = 1, sequence = sequence + 1 WHERE id = ?", "i",
		    id)) == -1 || text_squad(r->ac, db, id, r->squad, "all",
		    "sms.avail_cancelled", "coach", r->ac->now, &sent, &paused,
		    &unreached) == -1)
			return -1;
		return words_printf(r->reply, NULL, "mail.avail_cancelled",
		    r->name, when, sent);
	}
	if (avail_body(text, at, place, note) == -1)
		return words_printf(r->reply, NULL, "mail.cmd_bad",
		    words_get(NULL, "mail.avail_how"));
	if (id == 0) {
		if (random_token(uid, sizeof(uid), 16) == -1 ||
		    avail_done(db, db_prepare(db, "INSERT INTO avail_session "
		    "(squad_id, day, slot, at, place, note, uid, coach_id, "
		    "asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "itttttt"
		    "ii", r->squad, r->day, r->c->plan.slot, at, place, note,
		    uid, r->ac->coach, (int64_t)r->ac->now)) == -1 ||
		    (id = session_of(r, 1, NULL)) <= 0)
			return -1;
	} else {
		/* a change: everyone asked hears it, their answers kept */
		if (avail_done(db, db_prepare(db, "UPDATE avail_session SET "
		    "at = ?, place = ?, note = ?, cancelled = 0, sequence = "
		    "sequence + 1, reminded_at = NULL WHERE id = ?", "ttti",
		    at, place, note, id)) == -1 || text_squad(r->ac, db, id,
		    r->squad,
		    "all", "sms.avail_changed", "coach", r->ac->now, &sent,
		    &paused, &unreached) == -1)
			return -1;
	}
	if (text_squad(r->ac, db, id, r->squad, "new", "sms.avail_ask",
	    "coach",
	    r->ac->now, &sent, &paused, &unreached) == -1)
		return -1;
	return words_printf(r->reply, NULL, "mail.avail_asked", r->name, when,
	    at, sent, paused, unreached);
}

/* Names of list, comma separated, or the catalogue's "nobody". */
static void
names_said(struct buf *out, const char *label, const struct strlist *l)
{
	size_t	 i;

	buf_printf(out, "\n%s (%zu): ", label, l->n);
	for (i = 0; i < l->n; i++)
		buf_printf(out, "%s%s", i ? ", " : "", l->v[i]);
	if (l->n == 0)
		buf_puts(out, "-");
}

/*
 * The headcount of session s into out: the squad, day and time, the
 * counts, the names under each answer.
 */
void
avail_said(const struct avail_row *s, struct buf *out)
{
	char	 when[WORDS_DATE_MAX + 8];

	words_printf(out, NULL, "mail.avail_head", s->squad,
	    when_words(s->day, s->slot, when), s->at, *s->place ? ", " : "",
	    s->place, s->in.n, s->out.n, s->maybe.n, s->none.n);
	names_said(out, words_get(NULL, "mail.avail_in"), &s->in);
	names_said(out, words_get(NULL, "mail.avail_out"), &s->out);
	names_said(out, words_get(NULL, "mail.avail_maybe"), &s->maybe);
	names_said(out, words_get(NULL, "mail.avail_silent"), &s->none);
	buf_puts(out, "\n");
}

/* "who": the answers to r's squad's session of the day. */
static int
who_one(struct avail_run *r)
{
	struct avail_view v;
	char		 when[WORDS_DATE_MAX + 8];
	size_t		 i, shown = 0;

	if (avail_list(r->ac->db, r->squad, r->day, r->day, 0, &v) == -1)
		return -1;
	for (i = 0; i < v.n; i++)
		if (!*r->c->plan.slot || !strcmp(v.v[i].slot,
		    r->c->plan.slot)) {
			avail_said(&v.v[i], r->reply);
			shown++;
		}
	avail_view_free(&v);
	if (shown == 0)
		words_printf(r->reply, NULL, "mail.avail_none", r->name,
		    when_words(r->day, r->c->plan.slot, when));
	return buf_failed(r->reply) ? -1 : 0;
}

/* Whether *p starts with a word of keyword name: *p then past it. */
static int
first_word(const char **p, const char *name)
{
	char	 w[16];
	size_t	 n = strcspn(*p, " \t,");

	if (n == 0 || n >= sizeof(w))
		return 0;
	memcpy(w, *p, n);
	w[n] = '\0';
	if (!words_is(name, w))
		return 0;
	*p += n;
	*p += strspn(*p, " \t,");
	return 1;
}

/*
 * "attended ...: all but NAME, NAME", "absent ...: NAME, NAME": who came
 * to r's squad's session, kept beside their answer.  A name is an
 * @handle, a whole name or a first name, among those asked.  0 or -1.
 */
static int
attended_one(struct avail_run *r)
{
	struct db	*db = r->ac->db;
	char		*list, *name, *save = NULL, when[WORDS_DATE_MAX + 8];
	const char	*p = r->c->text;
	sqlite3_stmt	*st;
	int64_t		 id;
	int		 rc = -1, found, marked = 0;

	when_words(r->day, r->c->plan.slot, when);
	if ((id = session_of(r, 0, NULL)) <= 0)
		return id == -1 ? -1 : words_printf(r->reply, NULL,
		    "mail.avail_none", r->name, when);
	if ((st = db_prepare(db, "SELECT slot FROM avail_session WHERE "
	    "id = ?", "i", id)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		when_words(r->day, db_text(st, 0), when);
	sqlite3_finalize(st);
	if (r->c->verb == CMD_ATTENDED) {
		/* "all", then "but" and the names not there */
		if (!first_word(&p, "kw.all"))
			return words_printf(r->reply, NULL, "mail.cmd_bad",
			    words_get(NULL, "mail.avail_how_attended"));
		first_word(&p, "kw.avail_but");
		if (avail_done(db, db_prepare(db, "UPDATE avail_answer SET "
		    "attended = 1 WHERE session_id = ?", "i", id)) == -1)
			return -1;
	}
	if ((list = xstrdup(p)) == NULL)
		return -1;
	for (name = strtok_r(list, ",;", &save); name != NULL;
	    name = strtok_r(NULL, ",;", &save)) {
		name = trim(name);
		if (*name == '\0' || words_is("kw.avail_and", name))
			continue;
		if (avail_done(db, db_prepare(db, "UPDATE avail_answer SET "
		    "attended = 0 WHERE session_id = ?1 AND person_id IN "
		    "(SELECT id FROM person WHERE name = ?2 COLLATE NOCASE OR "
		    "handle = lower(ltrim(?2, '@')) OR name LIKE ?2 || ' %')",
		    "it", id, name)) == -1)
			goto out;
		found = db_changes(db);
		marked += found;
		if (found == 0)
			words_printf(r->reply, NULL, "mail.avail_who_not",
			    name, when);
	}
	rc = words_printf(r->reply, NULL, "mail.avail_attended", r->name,
	    when, marked);
out:
	free(list);
	return rc;
}

/*
 * Acts on an avail, who, attended, absent or attend-by-default line c
 * (avail_parse()) for the coach ac says, in the caller's transaction;
 * each said in reply, or refused and why.  0, or -1 on a database
 * error.
 */
int
avail_act(struct avail_cmd *ac, const struct cmd_line *c, struct buf *reply)
{
	struct avail_run r = { .ac = ac, .c = c, .reply = reply };
	struct strlist	 names = { 0 };
	int64_t		 ids[SQUADS_MAX];
	char		 today[11];
	size_t		 i, n = SQUADS_MAX;
	int		 rc;

	/* as a plan line names them, "any" aside (plan.c) */
	if ((rc = plan_squads(ac->db, ac->coach, c, 0, ids, &names, &n,
	    reply)) != 0) {
		strlist_free(&names);
		return rc == -1 ? -1 : 0;
	}
	if (c->verb == CMD_ATTEND_DEFAULT) {
		for (i = 0; i < n && rc == 0; i++)
			if ((rc = avail_done(ac->db, db_prepare(ac->db,
			    "INSERT INTO avail_squad (squad_id, by_default) "
			    "VALUES (?1, ?2) ON CONFLICT (squad_id) DO UPDATE "
			    "SET by_default = ?2", "id", ids[i], c->on))) == 0)
				rc = words_printf(reply, NULL, c->on ?
				    "mail.avail_default_on" :
				    "mail.avail_default_off", names.v[i]);
		strlist_free(&names);
		return rc;
	}
	if (plan_day(c->plan.when, ac->now, ac->month_first, c->plan.slot,
	    ac->next_week, r.day) == -1) {
		strlist_free(&names);
		return words_printf(reply, NULL, "mail.cmd_bad",
		    words_get(NULL, "mail.plan_how_date")) == -1 ? -1 : 0;
	}
	day_string(ac->now, today);
	if ((c->verb == CMD_AVAIL || c->verb == CMD_SESSION) &&
	    strcmp(r.day, today) < 0) {
		strlist_free(&names);
		return words_printf(reply, NULL, "mail.plan_past",
		    c->plan.when) == -1 ? -1 : 0;
	}
	for (i = 0; i < n && rc == 0; i++) {
		r.squad = ids[i];
		r.name = names.v[i];
		rc = c->verb == CMD_AVAIL || c->verb == CMD_SESSION ?
		    ask_one(&r) : c->verb == CMD_WHO ?
		    who_one(&r) : attended_one(&r);
	}
	strlist_free(&names);
	return rc;
}

/*
 * The reminders due at now: once a session, hours before it starts,
 * to those asked who have not answered.  Counts into *queued.  0 or
 * -1.
 */
int
avail_remind(struct db *db, long hours, time_t now, int *queued)
{
	sqlite3_stmt	*st;
	char		 today[11];
	int64_t		 id, squad;
	time_t		 start;
	int		 rc, paused = 0, unreached = 0;

	if (hours <= 0)
		return 0;
	day_string(now, today);
	if ((st = db_prepare(db, "SELECT id, squad_id, day, at FROM "
	    "avail_session WHERE NOT cancelled AND reminded_at IS NULL AND "
	    "day >= ?", "t", today)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((start = start_of(db_text(st, 2), db_text(st, 3))) ==
		    (time_t)-1)
			continue;
		if (now < start - hours * 3600 || now >= start)
			continue;
		id = sqlite3_column_int64(st, 0);
		squad = sqlite3_column_int64(st, 1);
		if (text_squad(NULL, db, id, squad, "silent", "sms.avail_remind",
		    "reminder", now, queued, &paused, &unreached) == -1 ||
		    avail_done(db, db_prepare(db, "UPDATE avail_session SET "
		    "reminded_at = ? WHERE id = ?", "ii", (int64_t)now,
		    id)) == -1) {
			rc = SQLITE_ERROR;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

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

static const struct digest_part avail_headcount = { .lines = avail_digest };
DIGEST_PART(avail_headcount, 700);
