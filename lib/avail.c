/*
 * avail.c - who is coming: the sessions a coach asks about
 * (avail_session, one a squad, day and slot), each athlete's answer
 * and attendance (avail_answer), and the squads whose silence counts
 * as in (avail_squad).  The one writer of those rows, and the one
 * reader of an athlete's answer as people write it (avail_read()):
 * "in", "out", "yes", "no", "y", "n", "maybe", "late 7:15", "can't make
 * it", a thumb up or down, in every shipped language (the catalogue's
 * kw.avail_*), a day named or not.
 *
 * Its statements live here, beside their only user (issue 72: each
 * noun owns its SQL), prepared on each call: a question is asked a few
 * times a week, not on every text.  Asking and answering by text and
 * email are ingest/avail.c's; nothing here sends anything.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plumbing.h"
#include "db.h"
#include "season.h"

#define TOKENS_MAX	16	/* words of an answer read */

/* Steps st (db_prepare()) to its end and finalizes it.  0 or -1. */
int
avail_done(struct db *db, sqlite3_stmt *st)
{
	int	 rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		continue;
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	log_error("database: availability: %s",
	    sqlite3_errmsg(db_handle(db)));
	return -1;
}

/*
 * Whether athlete id is asked about sessions now: not while a coach
 * has paused them, nor while an injury or illness keeps them out
 * (episode_askable(), lib/health.c, the rule every asker asks).
 * 1, 0, or -1.
 */
int
avail_askable(struct db *db, int64_t id)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_prepare(db, "SELECT paused, active, blocked FROM "
	    "person WHERE id = ?", "i", id)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = !sqlite3_column_int(st, 0) && sqlite3_column_int(st, 1) &&
		    !sqlite3_column_int(st, 2);
	else
		rc = rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc == 1 ? episode_askable(db, id) : rc;
}

/* Whether the token s is a thumb: 1 up, 2 down, 0 neither. */
static int
thumb(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int	 which;

	if (memcmp(p, "\xf0\x9f\x91\x8d", 4) == 0)
		which = 1;
	else if (memcmp(p, "\xf0\x9f\x91\x8e", 4) == 0)
		which = 2;
	else
		return 0;
	/* a skin tone, a variation selector: the same thumb */
	for (p += 4; *p != '\0'; )
		if (p[0] == 0xf0 && p[1] == 0x9f && p[2] == 0x8f &&
		    p[3] >= 0xbb && p[3] <= 0xbf)
			p += 4;
		else if (p[0] == 0xef && p[1] == 0xb8 && p[2] == 0x8f)
			p += 3;
		else
			return 0;
	return which;
}

/* A time of day, "7:15", "19.15", "7h15", "7h", into hhmm; 0 or -1. */
static int
clock_word(const char *s, char hhmm[6])
{
	size_t	 h, n = strlen(s);
	char	 t[6];

	for (h = 0; h < n && h < 3 && s[h] >= '0' && s[h] <= '9'; h++)
		continue;
	if (h == 0 || h > 2 || h == n || strchr(":h.", s[h]) == NULL ||
	    (h + 3 != n && (h + 1 != n || s[h] != 'h')))
		return -1;
	snprintf(t, sizeof(t), "%s%.*s:%.2s", h == 1 ? "0" : "", (int)h, s,
	    h + 1 == n ? "00" : s + h + 1);
	if (parse_clock(t, 5) == -1)
		return -1;
	memcpy(hhmm, t, 6);
	return 0;
}

/* Whether w is a date as 2026-11-28. */
static int
is_date(const char *w)
{
	return strlen(w) == 10 && w[4] == '-' && w[7] == '-';
}

/* Whether w is a day an answer may name: a weekday, today, tomorrow. */
static int
day_word(const char *w)
{
	static const char *const days[] = { "kw.sunday", "kw.monday",
	    "kw.tuesday", "kw.wednesday", "kw.thursday", "kw.friday",
	    "kw.saturday", "kw.today", "kw.tomorrow", NULL };
	size_t	 i;

	for (i = 0; days[i] != NULL; i++)
		if (words_is(days[i], w))
			return 1;
	return is_date(w);
}

/*
 * Reads text as an answer to a session's question into *out: in, out
 * or maybe, the time of a late arrival ("late 7:15" is in, late), and
 * the day it names ("out Thursday") or "".  The words of no day and no
 * time are read as one (apostrophes and blanks left out: "can't make
 * it" is "cantmakeit", a kw.avail_out of English).  Returns 1 when text
 * is an answer, 0 when it is something else (a rating, a note).
 */
int
avail_read(const char *text, struct avail_said *out)
{
	char		 copy[256], phrase[128], *tok[TOKENS_MAX], *p, *q;
	size_t		 n = 0, i, len = 0;
	int		 late = 0, th = 0;

	memset(out, 0, sizeof(*out));
	if (strlen(text) >= sizeof(copy))
		return 0;
	snprintf(copy, sizeof(copy), "%s", text);
	for (p = strtok(copy, " \t\r\n,.!?;"); p != NULL;
	    p = strtok(NULL, " \t\r\n,.!?;")) {
		if (n == TOKENS_MAX)
			return 0;
		tok[n++] = p;
	}
	phrase[0] = '\0';
	for (i = 0; i < n; i++) {
		/* apostrophes out: "can't", "can’t" */
		for (p = q = tok[i]; *p != '\0'; )
			if (*p == '\'')
				p++;
			else if (memcmp(p, "\xe2\x80\x99", 3) == 0)
				p += 3;
			else
				*q++ = *p++;
		*q = '\0';
		if (*tok[i] == '\0')
			continue;
		if ((th = thumb(tok[i])) != 0) {
			if (out->answer != AVAIL_NONE)
				return 0;
			out->answer = th == 1 ? AVAIL_IN : AVAIL_OUT;
			out->thumb = th == 1;
		} else if (clock_word(tok[i], out->late) == 0)
			late = 1;
		else if (strpbrk(tok[i], "0123456789") != NULL &&
		    !is_date(tok[i]))
			return 0;	/* a score: no word of an answer, in
					 * any language, has a digit */
		else if (words_is("kw.avail_late", tok[i]))
			late = 1;
		else if (day_word(tok[i]) && out->when[0] == '\0')
			snprintf(out->when, sizeof(out->when), "%s", tok[i]);
		else if (words_is("kw.avail_filler", tok[i]))
			continue;
		else {
			if (len + strlen(tok[i]) >= sizeof(phrase))
				return 0;
			memcpy(phrase + len, tok[i], strlen(tok[i]) + 1);
			len += strlen(tok[i]);
		}
	}
	if (phrase[0] != '\0') {
		if (out->answer != AVAIL_NONE)
			return 0;
		if (words_is("kw.avail_in", phrase))
			out->answer = AVAIL_IN;
		else if (words_is("kw.avail_out", phrase))
			out->answer = AVAIL_OUT;
		else if (words_is("kw.avail_maybe", phrase))
			out->answer = AVAIL_MAYBE;
		else
			return 0;
	}
	out->thumb = out->thumb && n == 1;	/* nothing beside it */
	/* "late", "late 7:15": coming, later */
	if (late && out->answer == AVAIL_NONE)
		out->answer = AVAIL_IN;
	if (late && out->answer != AVAIL_IN)
		return 0;
	if (!late)
		out->late[0] = '\0';
	return out->answer != AVAIL_NONE;
}

/* The stored word of an answer. */
const char *
avail_answer_name(enum avail_answer a)
{
	switch (a) {
	case AVAIL_IN:
		return "in";
	case AVAIL_OUT:
		return "out";
	case AVAIL_MAYBE:
		return "maybe";
	default:
		return NULL;
	}
}

void
avail_view_free(struct avail_view *v)
{
	size_t	 i;

	for (i = 0; i < v->n; i++) {
		free(v->v[i].squad);
		free(v->v[i].place);
		free(v->v[i].note);
		strlist_free(&v->v[i].in);
		strlist_free(&v->v[i].out);
		strlist_free(&v->v[i].maybe);
		strlist_free(&v->v[i].none);
	}
	free(v->v);
	memset(v, 0, sizeof(*v));
}

/*
 * The answers of session row st's id into s: the names under each
 * answer, silence counted as in where the squad attends by default.
 * 0 or -1.
 */
static int
view_names(struct db *db, struct avail_row *s)
{
	sqlite3_stmt	*st;
	struct strlist	*to;
	const char	*a;
	int		 rc;

	if ((st = db_prepare(db, "SELECT p.name, a.answer, a.late FROM "
	    "avail_answer a JOIN person p ON p.id = a.person_id WHERE "
	    "a.session_id = ? AND p.active ORDER BY p.name COLLATE NOCASE",
	    "i", s->id)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a = (const char *)sqlite3_column_text(st, 1);
		to = a == NULL ? s->by_default ? &s->in : &s->none :
		    strcmp(a, "in") == 0 ? &s->in : strcmp(a, "out") == 0 ?
		    &s->out : &s->maybe;
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			rc = strlist_addf(to, "%s (%s)", db_text(st, 0),
			    db_text(st, 2));
		else
			rc = strlist_add(to, db_text(st, 0));
		if (rc == -1)
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The sessions asked about from day from to day to (both included) of
 * squad (0: every squad), cancelled ones too when cancelled, each with
 * its answers' names and the plan its squad has for it, if any, so
 * that who comes pairs with the load planned, into *out.  0 or -1.
 */
int
avail_list(struct db *db, int64_t squad, const char *from, const char *to,
    int cancelled, struct avail_view *out)
{
	sqlite3_stmt	*st;
	struct avail_row *s, *grown;
	int		 rc = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if ((st = db_prepare(db, "SELECT s.id, q.name, s.day, s.slot, "
	    "s.at, s.place, s.note, s.cancelled, coalesce(d.by_default, 0), "
	    "s.squad_id, p.minutes, p.intended_rpe FROM avail_session s "
	    "LEFT JOIN planned_session p ON p.squad_id = s.squad_id AND "
	    "p.day = s.day AND p.slot = s.slot JOIN squad q ON q.id = "
	    "s.squad_id LEFT JOIN avail_squad d ON d.squad_id = s.squad_id "
	    "WHERE (?1 = 0 OR s.squad_id = ?1) AND s.day BETWEEN ?2 AND ?3 "
	    "AND (?4 OR NOT s.cancelled) ORDER BY s.day, s.at, q.name",
	    "ittd", squad, from, to, cancelled)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((grown = reallocarray(out->v, out->n + 1,
		    sizeof(*out->v))) == NULL)
			break;
		out->v = grown;
		s = &out->v[out->n++];
		memset(s, 0, sizeof(*s));
		s->id = sqlite3_column_int64(st, 0);
		s->squad_id = sqlite3_column_int64(st, 9);
		snprintf(s->day, sizeof(s->day), "%s", db_text(st, 2));
		snprintf(s->slot, sizeof(s->slot), "%s", db_text(st, 3));
		snprintf(s->at, sizeof(s->at), "%s", db_text(st, 4));
		s->cancelled = sqlite3_column_int(st, 7);
		s->by_default = sqlite3_column_int(st, 8);
		/* the plan of the same squad, day and slot (lib/load.c) */
		s->minutes = sqlite3_column_int(st, 10);
		s->rpe = sqlite3_column_type(st, 11) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, 11);
		if ((s->squad = xstrdup(db_text(st, 1))) == NULL ||
		    (s->place = xstrdup(db_text(st, 5))) == NULL ||
		    (s->note = xstrdup(db_text(st, 6))) == NULL ||
		    view_names(db, s) == -1)
			break;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	avail_view_free(out);
	return -1;
}

/* One CSV record of n fields; person_id (field 3) is a number. */
static int
csv_row(struct buf *out, const char *const f[], size_t n)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n; i++)
		rc |= csv_put(out, f[i], i != 3, i + 1 == n);
	return rc ? -1 : 0;
}

/*
 * Writes the attendance of every session over before day today as CSV
 * (csv.c's quoting) to out: one row a session and athlete asked, the
 * columns of cox-export(1) in their order, attended "yes" or "no" (a
 * coach's correction, else the answer: in is yes; no answer is the
 * squad's default).  0 or -1.
 */
int
avail_attendance_csv(struct db *db, const char *today, int64_t person,
    struct buf *out)
{
	static const char *const head[] = { "date", "slot", "squad",
	    "person_id", "handle", "name", "answer", "attended",
	    "answered_at" };
	sqlite3_stmt	*st;
	const char	*row[9];
	char		 id[24], at[32];
	time_t		 t;
	int		 rc;

	if (csv_row(out, head, 9) == -1)
		return -1;
	if ((st = db_prepare(db, "SELECT s.day, s.slot, q.name, p.id, "
	    "p.handle, p.name, coalesce(a.answer, ''), CASE WHEN a.attended "
	    "IS NOT NULL THEN a.attended WHEN a.answer IS NULL THEN "
	    "coalesce(d.by_default, 0) ELSE a.answer = 'in' END, "
	    "a.answered_at FROM avail_answer a JOIN avail_session s ON "
	    "s.id = a.session_id JOIN squad q ON q.id = s.squad_id JOIN "
	    "person p ON p.id = a.person_id LEFT JOIN avail_squad d ON "
	    "d.squad_id = s.squad_id WHERE NOT s.cancelled AND s.day < ?1 "
	    "AND (?2 = 0 OR p.id = ?2) ORDER BY s.day, s.slot, q.name, p.id",
	    "ti", today, person)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(id, sizeof(id), "%lld",
		    (long long)sqlite3_column_int64(st, 3));
		at[0] = '\0';
		if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
			t = (time_t)sqlite3_column_int64(st, 8);
			strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ",
			    gmtime(&t));
		}
		row[0] = db_text(st, 0);
		row[1] = db_text(st, 1);
		row[2] = db_text(st, 2);
		row[3] = id;
		row[4] = db_text(st, 4);
		row[5] = db_text(st, 5);
		row[6] = db_text(st, 6);
		row[7] = sqlite3_column_int(st, 7) ? "yes" : "no";
		row[8] = at;
		if (csv_row(out, row, 9) == -1)
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The iCalendar email message carries when it is a calendar invitation
 * (ingest/avail.c queued it, the outbox attaches it) into *ics, which
 * the caller frees.  1 when it is one, 0 when it is not, -1.
 */
int
avail_mail_ics(struct db *db, int64_t message, char **ics)
{
	sqlite3_stmt	*st;
	int		 rc;

	*ics = NULL;
	if ((st = db_prepare(db, "SELECT ics FROM avail_mail WHERE "
	    "message_id = ?", "i", message)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = (*ics = xstrdup(db_text(st, 0))) != NULL ? 1 : -1;
	else
		rc = rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}
