/*
 * digest.c - the morning digest: one email a day to each coach who
 * wants one (coach_pref.digest; unset, head coaches do), at their time
 * of day (coach_pref.digest_at, else [digest] at) in the team's zone,
 * and only when there is something to say: wellness flags and illness
 * (the dashboard's rule, wellness_flag()), who is out injured or ill and
 * at which stage (lib/health.c), who has not answered and for
 * how long, the biggest coach-vs-athlete gaps, texts that failed, notes,
 * guardians' texts, unread texts and unknown numbers (notes and the
 * guardians' reach the coaches who get a digest here, not one email
 * each: thread_pass_on()).  Each item carries the command a
 * reply does it with (cox-mail(8)); a coach sees only their squads.
 * Texts cox could not read reach the coaches there and nowhere else
 * (never one email each: ingest/reply.c), or with [digest] unread =
 * hourly in one email an hour at most, the roundup, which the digest
 * then leaves them to; an athlete's readable text files theirs away.
 *
 * A pass runs in one transaction and notes each coach's day in
 * digest_sent with the email it queued (none on a quiet day), so the
 * daemon's minute tick and a timer running passes at once send none
 * twice; "since the last digest" is that row's time.  Quiet hours hold
 * texts, not emails to coaches.
 *
 *	[digest] at = 07:00
 *	         off = yes
 *	         unread = daily | hourly
 *	         notes = daily | hourly
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shared.h"
#include "../../lib/sql.h"

/* the open episodes of the athletes coach ?1 commands, whenever
 * they opened (?2, the last digest, and ?3, now, are not read),
 * each with when it came to its stage: the digest's */
STMT(STMT_EPISODES_COACH,
    "SELECT p.name, e.kind, e.area, e.stage, e.changed_at, p.handle "
    "FROM episode e JOIN person p ON p.id = e.athlete_id "
    "WHERE e.closed_at IS NULL AND p.active = 1 AND ?2 = ?2 AND "
    "?3 = ?3 AND " CMD_COACHES("p.id")
    " ORDER BY p.name, e.opened_at");
/*
 * The morning digest (ingest/digest.c).  The coaches who get one
 * and have not had it on day ?1 (coach_pref.digest NULL: head
 * coaches do): id, [digest] at of their own, the sheet with it,
 * when the last went.
 */
STMT(STMT_DIGEST_COACHES,
    "SELECT p.id, coalesce(cp.digest_at, ''), coalesce(cp.sheet, 0), "
    "coalesce((SELECT max(d.sent_at) FROM digest_sent d "
    "WHERE d.person_id = p.id), 0) FROM person p "
    "LEFT JOIN coach_pref cp ON cp.person_id = p.id "
    "WHERE p.active AND p.role != 'athlete' AND p.email IS NOT NULL "
    "AND NOT p.blocked AND NOT p.opted_out "
    "AND coalesce(cp.digest, p.role = 'head_coach') "
    "AND NOT EXISTS (SELECT 1 FROM digest_sent d "
    "WHERE d.person_id = p.id AND d.day = ?1) ORDER BY p.id");
/* the athletes coach ?1 sees (a head coach: all), by name */
STMT(STMT_DIGEST_ATHLETES,
    "SELECT p.id, p.name, p.handle FROM person p WHERE p.active "
    "AND p.role = 'athlete' AND " CMD_COACHES("p.id")
    " ORDER BY p.name COLLATE NOCASE, p.id");
/*
 * Each part of the digest takes ?1 the coach, ?2 the last digest,
 * ?3 now.  Athletes with coach scores of the last 30 days not
 * answered, the oldest for a day or more: name, handle, since when.
 */
STMT(STMT_DIGEST_LATE,
    "SELECT p.name, p.handle, min(r.created_at) FROM rating r "
    "JOIN person p ON p.id = r.athlete_id "
    "JOIN metric mt ON mt.id = r.metric_id "
    "WHERE r.source = 'coach' AND r.created_at >= ?3 - 2592000 "
    "AND r.created_at <= ?3 AND mt.active "
    "AND p.role = 'athlete' AND p.active AND " CMD_COACHES("p.id")
    " AND NOT EXISTS (SELECT 1 FROM rating s "
    "WHERE s.athlete_id = r.athlete_id AND s.metric_id = r.metric_id "
    "AND s.created_at >= r.created_at AND s.source = 'self') "
    "GROUP BY p.id HAVING min(r.created_at) <= ?3 - 86400 "
    "ORDER BY min(r.created_at), p.name COLLATE NOCASE");
/*
 * the three biggest gaps between a self-rating since ?2 of coach
 * ?1's athletes and the coach score it answered, the blind pair
 * (the rating just before it is the coach's): a self-rating made
 * after the athlete saw the coach's is no gap, as on the
 * dashboard; name, handle,
 * metric, the coach's score, the athlete's, the metric's kind and
 * unit; a gap as a share of its metric's range, as the athlete's
 * page ranks them (gap_cmp()): kept times and numbers are tenths,
 * so their raw gaps would crowd out a point of a 1-5 scale
 */
STMT(STMT_DIGEST_GAPS,
    "SELECT p.name, p.handle, mt.slug, c.score, s.score, mt.kind, "
    "mt.unit FROM rating s "
    "JOIN person p ON p.id = s.athlete_id "
    "JOIN metric mt ON mt.id = s.metric_id "
    "JOIN rating c ON c.id = (SELECT c2.id FROM rating c2 "
    "WHERE c2.athlete_id = s.athlete_id AND c2.metric_id = s.metric_id "
    "AND (c2.created_at < s.created_at OR c2.created_at = s.created_at "
    "AND c2.id < s.id) "
    "ORDER BY c2.created_at DESC, c2.id DESC LIMIT 1) "
    "AND c.source = 'coach' "
    "WHERE s.source = 'self' AND s.created_at >= ?2 "
    "AND s.created_at <= ?3 AND p.active "
    "AND " CMD_COACHES("p.id") " AND c.score != s.score "
    "ORDER BY abs(c.score - s.score) * 1.0 / "
    "max(mt.scale_max - mt.scale_min, 1) DESC, s.created_at DESC LIMIT 3");
/* texts to coach ?1's athletes since ?2 that failed */
STMT(STMT_DIGEST_FAILED,
    "SELECT m.id, p.name, p.handle, " OUT_CODE " FROM message m "
    "JOIN person p ON p.id = m.person_id WHERE m.direction = 'out' "
    "AND +m.channel = 'sms' AND m.status IN ('failed', 'undelivered') "
    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND NOT " OUT_RESENT
    " AND p.role = 'athlete' AND " CMD_COACHES("p.id") " ORDER BY m.id");
/*
 * what came in since ?2 and is not filed: notes and unread texts of
 * coach ?1's athletes (the unread ones when ?4, not when roundups
 * take them), and for a head coach texts from numbers on no roster:
 * id, kind, name (or number), handle, the words
 */
STMT(STMT_DIGEST_INBOX,
    /* the notes by message_inbox, the strangers' by message_person
       (NULL): one query with an OR of the two read every message */
    "SELECT m.id, m.kind, p.name, p.handle, m.body, 0 AS stranger, "
    "m.kind = 'unparsed' AS unread, p.language FROM message m "
    "JOIN person p ON "
    "p.id = m.person_id WHERE m.direction = 'in' AND m.kind IN "
    "('note', 'unparsed') AND (?4 AND m.kind = 'unparsed' OR "
    "?5 AND m.kind = 'note') "
    "AND m.archived = 0 AND +m.channel = 'sms' "
    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND "
    CMD_COACHES("+p.id") " "
    /* a known guardian's texts, under the athlete's name: the
       digest is where they reach the coaches (thread_pass_on());
       by message_person, each coach's athlete at a time (CROSS
       JOIN keeps that order), not by a read of every message */
    "UNION ALL SELECT m.id, 'guardian_of', p.name, p.handle, m.body, "
    "0, 0, NULL FROM person p CROSS JOIN message m "
    "ON m.person_id = p.id "
    "WHERE ?5 AND m.direction = 'in' AND m.kind = 'guardian' "
    "AND m.archived = 0 AND +m.channel = 'sms' "
    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND "
    CMD_COACHES("+p.id") " "
    /* a guardian's number is offered to no athlete ("number
       @HANDLE ..."): the guardian's texts are never theirs */
    "UNION ALL SELECT m.id, CASE WHEN EXISTS (SELECT 1 FROM person g "
    "WHERE g.guardian_phone = m.peer AND g.active) THEN 'guardian' "
    "ELSE 'unknown' END, m.peer, '', m.body, 1, "
    "m.kind = 'unparsed', NULL FROM message m WHERE m.person_id IS NULL "
    "AND m.direction = 'in' AND +m.channel = 'sms' AND m.archived = 0 "
    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND EXISTS (SELECT 1 "
    "FROM person c WHERE c.id = ?1 AND c.role = 'head_coach') "
    "ORDER BY 6, 7, 1");
/*
 * [digest] unread = hourly: the coaches who get a digest, and
 * when their last roundup of unread texts went (0: none); the
 * texts of coach ?1's athletes cox could not read, not filed, from
 * after ?2 to ?3, as STMT_DIGEST_INBOX gives them
 */
STMT(STMT_ROUNDUP_COACHES,
    "SELECT p.id, coalesce((SELECT max(m.created_at) FROM message m "
    "WHERE m.person_id = p.id AND m.direction = 'out' "
    "AND m.kind = 'roundup'), 0) FROM person p "
    "LEFT JOIN coach_pref cp ON cp.person_id = p.id "
    "WHERE p.active AND p.role != 'athlete' AND p.email IS NOT NULL "
    "AND NOT p.blocked AND NOT p.opted_out "
    "AND coalesce(cp.digest, p.role = 'head_coach') ORDER BY p.id");
STMT(STMT_ROUNDUP_UNREAD,
    "SELECT m.id, m.kind, p.name, p.handle, m.body, 0, 0, "
    "p.language FROM message m "
    "JOIN person p ON p.id = m.person_id WHERE m.direction = 'in' "
    /* the kinds message_inbox holds, word for word, so that its
     * range on created_at is read, not every message */
    "AND m.kind IN ('note', 'unparsed') AND (?4 AND m.kind = "
    "'unparsed' OR ?5 AND m.kind = 'note') "
    "AND m.archived = 0 AND +m.channel = 'sms' "
    "AND m.created_at > ?2 AND m.created_at <= ?3 AND "
    CMD_COACHES("+p.id") " "
    /* [digest] notes = hourly: a known guardian's texts too, by
       message_person as STMT_DIGEST_INBOX reads them */
    "UNION ALL SELECT m.id, 'guardian_of', p.name, p.handle, m.body, "
    "0, 0, NULL FROM person p CROSS JOIN message m "
    "ON m.person_id = p.id "
    "WHERE ?5 AND m.direction = 'in' AND m.kind = 'guardian' "
    "AND m.archived = 0 AND +m.channel = 'sms' "
    "AND m.created_at > ?2 AND m.created_at <= ?3 AND "
    CMD_COACHES("+p.id") " ORDER BY 1");
/* one digest a day: ?4 the email, 0 when there was nothing to say */
STMT(STMT_DIGEST_SENT,
    "INSERT INTO digest_sent (person_id, day, sent_at, message_id) "
    "VALUES (?1, ?2, ?3, nullif(?4, 0))");

#define HOUR		3600
#define DAY		(24 * HOUR)
#define STALE		(12 * HOUR)	/* a digest this late is skipped */
#define GIST_MAX	160		/* bytes of a text quoted */

struct digest {
	int	 at;		/* minutes after midnight */
	int	 off;		/* [digest] off = yes: none at all */
	int	 hourly;	/* [digest] unread = hourly: roundups */
	int	 notes;		/* [digest] notes = hourly: in them too */
};

/* One coach due a digest, as STMT_DIGEST_COACHES gives them. */
struct coach {
	int64_t	 id;
	int	 at;		/* their time of day, minutes */
	int	 sheet;		/* the rating sheet comes with it */
	int	 unread;	/* it shows unread texts (no roundups) */
	int	 notes;		/* and notes, guardians' texts (the same) */
	time_t	 since;		/* the last digest, or a day ago */
};

enum outcome
digest_new(const struct config *c, struct digest **out)
{
	struct digest	*d;
	const char	*v;

	*out = NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return OUT_FAILED;
	d->at = 7 * 60;
	v = config_get(c, "digest", "at");
	if (v != NULL && (d->at = parse_clock(v, strlen(v))) == -1) {
		config_bad(c, "digest", "at", "write HH:MM, e.g. 07:00");
		goto bad;
	}
	v = config_get(c, "digest", "off");
	if (v != NULL && strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) {
		config_bad(c, "digest", "off", "write yes or no");
		goto bad;
	}
	d->off = v != NULL && strcmp(v, "yes") == 0;
	v = config_get(c, "digest", "unread");
	if (v != NULL && strcmp(v, "daily") != 0 && strcmp(v, "hourly") != 0) {
		config_bad(c, "digest", "unread", "write daily or hourly");
		goto bad;
	}
	d->hourly = v != NULL && strcmp(v, "hourly") == 0;
	v = config_get(c, "digest", "notes");
	if (v != NULL && strcmp(v, "daily") != 0 && strcmp(v, "hourly") != 0) {
		config_bad(c, "digest", "notes", "write daily or hourly");
		goto bad;
	}
	d->notes = v != NULL && strcmp(v, "hourly") == 0;
	*out = d;
	return OUT_OK;
bad:
	free(d);
	return OUT_CONFIG;
}

/* Whether digests or roundups go at all. */
int
digest_on(const struct digest *d)
{
	return d != NULL && (!d->off || d->hourly || d->notes);
}

/* The team's time for digests, in minutes after midnight. */
int
digest_at(const struct digest *d)
{
	return d->at;
}

void
digest_free(struct digest *d)
{
	free(d);
}

/* Whether a digest at minutes at is due at now: today's, not stale. */
static int
due(int at, time_t now)
{
	struct tm	 s;
	time_t		 slot;

	localtime_r(&now, &s);	/* the team's zone: workspace_zone() */
	s.tm_hour = at / 60;
	s.tm_min = at % 60;
	s.tm_sec = 0;
	s.tm_isdst = -1;
	slot = mktime(&s);
	return slot <= now && now - slot <= STALE;
}

/* What an athlete texted, cut at GIST_MAX bytes between characters. */
static const char *
gist(const char *text, char out[GIST_MAX + 4])
{
	size_t	 n = strlen(text);

	if (n <= GIST_MAX)
		return text;
	n = GIST_MAX;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	memcpy(out, text, n);
	memcpy(out + n, "...", 4);
	return out;
}

/* Flags of c's athletes as of now; returns how many, or -1. */
static int
flags(struct db *db, const struct coach *c, time_t now, struct buf *out)
{
	sqlite3_stmt		*st;
	struct wellness_set	 ws = { 0 };
	struct checkin_items	 items;
	struct buf		 why = { 0 };
	char			 since[11];
	int			 n = 0, rc, flag;

	day_before(now, 27, since);
	if (checkin_items_load(db, &items) == -1)
		return -1;
	st = db_query(db, STMT_DIGEST_ATHLETES, "i", c->id);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		buf_reset(&why);
		if (wellness_load(db, sqlite3_column_int64(st, 0), since,
		    &ws) == -1 || checkin_answers_load(db,
		    sqlite3_column_int64(st, 0), since, &items, &ws) == -1) {
			wellness_free(&ws);
			rc = OUT_FAILED;
			break;
		}
		flag = wellness_flag(&ws, now, &why);
		if (flag > 0 && !buf_failed(&why)) {
			if (n++ == 0)
				buf_puts(out, words_get(NULL, "mail.digest_flags"));
			words_printf(out, NULL, flag == 2 ?
			    "mail.digest_flag_ill" : "mail.digest_flag",
			    db_text(st, 1), why.data, db_text(st, 2));
		}
		wellness_free(&ws);
	}
	if (st != NULL)
		sqlite3_reset(st);
	buf_free(&why);
	return rc == OUT_FAILED ? -1 : n;
}

/* A part of the digest: its statement, heading and line for a row. */
struct part {
	const struct stmt *stmt;	/* ?1 the coach, ?2 since, ?3 now */
	const char	*heading;
	void		(*line)(sqlite3_stmt *, time_t now, struct buf *);
	int		 unread;	/* ?4: whether unread texts show */
};

/* Who has not answered for a day or more, and how long. */
static void
late_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	long	 days = (long)((now - sqlite3_column_int64(st, 2)) / DAY);

	words_printf(out, NULL, days == 1 ? "mail.digest_late_day" :
	    "mail.digest_late_days", db_text(st, 0), days, db_text(st, 1));
}

/*
 * One of the biggest gaps between a coach's score and the athlete's,
 * both written as a reply writes them: a time "6:19,9", a number
 * "64,1 kg" in the coach's decimal mark, not the tenths kept.  The text
 * it suggests asks the athlete where the difference comes from, with
 * both scores: a question about the gap, never about the person (it may
 * be copied to a minor's guardian).
 */
static void
gap_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	struct metric	 m = { 0 };
	char		 coach[METRIC_VALUE_MAX], self[METRIC_VALUE_MAX];

	if (metric_kind_parse(db_text(st, 5), &m.kind) == -1)
		m.kind = METRIC_SCALE;
	snprintf(m.unit, sizeof(m.unit), "%s", db_text(st, 6));
	metric_value_write(&m, sqlite3_column_int(st, 3), words_decimal(),
	    coach, sizeof(coach));
	metric_value_write(&m, sqlite3_column_int(st, 4), words_decimal(),
	    self, sizeof(self));
	/* the question asked is about the two views, not the athlete */
	words_printf(out, NULL, "mail.digest_gap", db_text(st, 0),
	    db_text(st, 2), coach, self, db_text(st, 1), db_text(st, 2),
	    self, coach);
}

/* A text that failed, with what to do. */
static void
failed_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	const char	*hint;

	if ((hint = phone_error_hint(db_text(st, 3))) == NULL)
		hint = words_get(NULL, "mail.digest_failed_why");
	words_printf(out, NULL, "mail.digest_failed_line", db_text(st, 1),
	    hint, (long long)sqlite3_column_int64(st, 0));
}

/*
 * A note, a text cox could not read, a known guardian's text under
 * their athlete's name, or one from a number on no roster (a
 * guardian's said so, and offered to no athlete).  An athlete who
 * writes in another language than the coach reads is said to, their
 * words quoted as written (cox translates nothing).
 */
static void
inbox_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	const char	*kind = db_text(st, 1), *lang;
	const char	*was = words_reader(db_text(st, 7));
	struct buf	 in = { 0 };
	char		 cut[GIST_MAX + 4], name[32];
	long long	 id = (long long)sqlite3_column_int64(st, 0);

	/* the athlete's language, as a code, and then the coach's again */
	lang = words_lang();
	words_reader(was);
	if (strcmp(lang, words_lang()) != 0) {
		snprintf(name, sizeof(name), "mail.lang_%s", lang);
		words_printf(&in, NULL, "mail.digest_in", words_get(NULL,
		    name));
	}

	if (strcmp(kind, "unknown") == 0)
		words_printf(out, NULL, "mail.digest_unknown", db_text(st, 2),
		    gist(db_text(st, 4), cut), db_text(st, 2), id);
	else if (strcmp(kind, "guardian") == 0)
		words_printf(out, NULL, "mail.digest_guardian", db_text(st, 2),
		    gist(db_text(st, 4), cut), id);
	else if (strcmp(kind, "guardian_of") == 0)
		words_printf(out, NULL, "mail.digest_guardian_of",
		    db_text(st, 2), gist(db_text(st, 4), cut), id);
	else
		words_printf(out, NULL, strcmp(kind, "note") == 0 ?
		    "mail.digest_note" : "mail.digest_unparsed",
		    db_text(st, 2), in.data != NULL ? in.data : "",
		    gist(db_text(st, 4), cut), id);
	buf_free(&in);
}

/*
 * An open injury or illness episode (lib/health.c): what, the stage
 * and since when it is at it (as the part says), with the command that
 * moves it to the next stage.
 */
static void
episode_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	static const char *const next[][2] = { { "out", "kw.stage_modified" },
	    { "modified", "kw.stage_full" }, { "full", "kw.stage_cleared" } };
	struct buf	 what = { 0 };
	const char	*stage = db_text(st, 3), *kw = "kw.stage_cleared";
	char		 day[11], date[WORDS_DATE_MAX], name[32], word[32];
	size_t		 i;

	(void)now;
	for (i = 0; i < sizeof(next) / sizeof(next[0]); i++)
		if (strcmp(next[i][0], stage) == 0)
			kw = next[i][1];
	/* a keyword's first alias in the coach's language */
	snprintf(word, sizeof(word), "%s", words_get(NULL, kw));
	word[strcspn(word, " ")] = '\0';
	snprintf(name, sizeof(name), "gen.stage_%s", stage);
	day_string((time_t)sqlite3_column_int64(st, 4), day);
	health_problem_words(db_text(st, 1), db_text(st, 2), &what);
	words_printf(out, NULL, "mail.digest_episode", db_text(st, 0),
	    what.data ? what.data : "", words_get(NULL, name),
	    words_date(day, date), db_text(st, 5), word);
	buf_free(&what);
}

static const struct part parts[] = {
	{ STMT_EPISODES_COACH, "mail.digest_episodes", episode_line, 0 },
	{ STMT_DIGEST_LATE, "mail.digest_late", late_line, 0 },
	{ STMT_DIGEST_GAPS, "mail.digest_gaps", gap_line, 0 },
	{ STMT_DIGEST_FAILED, "mail.digest_failed", failed_line, 0 },
	{ STMT_DIGEST_INBOX, "mail.digest_inbox", inbox_line, 1 },
};

/* Part p of c's digest as of now, into out; how many lines, or -1. */
static int
part_lines(struct db *db, const struct part *p, const struct coach *c,
    time_t now, struct buf *out)
{
	sqlite3_stmt	*st;
	int		 n = 0, rc;

	st = p->unread ? db_query(db, p->stmt, "iiiii", c->id,
	    (int64_t)c->since, (int64_t)now, c->unread, c->notes) :
	    db_query(db, p->stmt, "iii", c->id, (int64_t)c->since,
	    (int64_t)now);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if (n++ == 0)
			buf_puts(out, words_get(NULL, p->heading));
		p->line(st, now, out);
	}
	if (st != NULL)
		sqlite3_reset(st);
	return rc == OUT_FAILED ? -1 : n;
}

/*
 * The body of c's digest as of now into the empty out: a greeting, the
 * parts with something to say, the hints, the sheet when c asked for
 * it.  Returns how many items it has (0: a quiet day, out left empty),
 * or -1.
 */
static int
digest_body(struct db *db, const struct coach *c, const struct person *p,
    time_t now, struct buf *out)
{
	struct buf	 lines = { 0 };
	size_t		 i;
	int		 n, k = 0;

	n = flags(db, c, now, &lines);
	for (i = 0; n != -1 && i < sizeof(parts) / sizeof(parts[0]); i++)
		if ((k = part_lines(db, &parts[i], c, now, &lines)) == -1)
			n = -1;
		else
			n += k;
	/* tomorrow's sessions and who is coming (avail.c) */
	if (n != -1 && (k = avail_digest(db, c->id, now, &lines)) == -1)
		n = -1;
	else if (n != -1)
		n += k;
	if (n > 0) {
		words_printf(out, NULL, "mail.digest_hello", p->name);
		buf_puts(out, lines.data);
		buf_puts(out, words_get(NULL, "mail.digest_end"));
		if (c->sheet) {
			buf_puts(out, words_get(NULL, "mail.digest_sheet"));
			if (sheet_text(db, 0, c->id, out) == -1)
				n = -1;
		}
	}
	buf_free(&lines);
	return buf_failed(out) ? -1 : n;
}

/*
 * Queues coach c's digest for now, when there is something to say, and
 * notes the day as done either way.  With shown, adds the email there
 * as it would go.  Counts it in *queued.  Returns 0, or -1.
 */
static int
digest_one(struct db *db, const struct coach *c, time_t now,
    struct strlist *shown, int *queued)
{
	struct person	 p = { 0 };
	struct buf	 subject = { 0 }, body = { 0 };
	struct message	 m = { .channel = CHANNEL_EMAIL, .kind = "digest",
	    .person = c->id };
	enum reach	 reach = REACH__MAX;
	const char	*was = NULL;
	char		 day[11], date[WORDS_DATE_MAX];
	int64_t		 msg = 0;
	int		 n, rc = -1;

	day_string(now, day);
	if (person_load(db, c->id, &p) == -1)
		goto out;
	was = words_reader(p.language);		/* in the coach's words */
	if ((n = digest_body(db, c, &p, now, &body)) == -1)
		goto out;
	if (n > 0) {
		words_printf(&subject, NULL, "mail.digest_subject",
		    words_date(day, date));
		m.subject = subject.data;
		m.body = body.data;
		if (buf_failed(&subject) ||
		    message_queue(db, &m, &reach) != OUT_OK)
			goto out;
	}
	if (reach == REACH_YES) {
		msg = db_last_id(db);
		(*queued)++;
		if (shown != NULL && strlist_addf(shown, "To: %s\nSubject: "
		    "%s\n\n%s", p.email, subject.data, body.data) == -1)
			goto out;
	}
	rc = db_exec(db, STMT_DIGEST_SENT, "itii", c->id, day, (int64_t)now,
	    msg);
out:
	words_reader(was);
	person_clear(&p);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

/* The coaches who have not had today's digest; caller frees *out. */
static int
coaches(struct db *db, const struct digest *d, time_t now,
    struct coach **out, size_t *n)
{
	sqlite3_stmt	*st;
	struct coach	*v = NULL, *grown;
	const char	*at;
	char		 day[11];
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	day_string(now, day);
	st = db_query(db, STMT_DIGEST_COACHES, "t", day);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((grown = reallocarray(v, cap, sizeof(*v))) == NULL) {
				rc = OUT_FAILED;
				break;
			}
			v = grown;
		}
		v[*n].id = sqlite3_column_int64(st, 0);
		at = db_text(st, 1);
		if (at[0] == '\0' || (v[*n].at = parse_clock(at,
		    strlen(at))) == -1)
			v[*n].at = d->at;	/* set by email, checked there */
		v[*n].sheet = sqlite3_column_int(st, 2);
		v[*n].unread = !d->hourly;
		v[*n].notes = !d->notes;
		v[*n].since = (time_t)sqlite3_column_int64(st, 3);
		if (v[*n].since == 0)
			v[*n].since = now - DAY;
		(*n)++;
	}
	if (st != NULL)
		sqlite3_reset(st);
	if (rc == OUT_FAILED) {
		free(v);
		*n = 0;
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * The roundup for coach id since then of the texts cox could not read
 * (with d's [digest] unread = hourly) and of notes and guardians' texts
 * ([digest] notes = hourly), when there are any, queued as one email
 * (kind "roundup") in the coach's words; with shown, added there as it
 * would go.  Counts it in *queued.  Returns 0, or -1.
 */
static int
roundup_one(struct db *db, const struct digest *d, int64_t id, time_t since,
    time_t now, struct strlist *shown, int *queued)
{
	struct person	 p = { 0 };
	struct buf	 lines = { 0 }, body = { 0 };
	struct message	 m = { .channel = CHANNEL_EMAIL, .kind = "roundup",
	    .person = id };
	sqlite3_stmt	*st;
	enum reach	 reach = REACH__MAX;
	const char	*was = NULL;
	int		 n = 0, rc = -1, row;

	if (person_load(db, id, &p) == -1)
		goto out;
	was = words_reader(p.language);
	st = db_query(db, STMT_ROUNDUP_UNREAD, "iiiii", id, (int64_t)since,
	    (int64_t)now, d->hourly, d->notes);
	while ((row = db_row(db, st)) == OUT_ROW) {
		inbox_line(st, now, &lines);
		n++;
	}
	if (row == OUT_FAILED)
		goto out;
	if (n == 0) {
		rc = 0;
		goto out;
	}
	words_printf(&body, NULL, d->notes ? "mail.roundup_notes" :
	    "mail.roundup", p.name);
	buf_puts(&body, lines.data);
	buf_puts(&body, words_get(NULL, d->notes ? "mail.roundup_notes_end" :
	    "mail.roundup_end"));
	m.subject = words_get(NULL, d->notes ? "mail.roundup_notes_subject" :
	    "mail.roundup_subject");
	m.body = body.data;
	m.created_at = (int64_t)now;	/* the next is an hour after it */
	if (buf_failed(&lines) || buf_failed(&body) ||
	    message_queue(db, &m, &reach) != OUT_OK)
		goto out;
	*queued += reach == REACH_YES;
	rc = 0;
	if (reach == REACH_YES && shown != NULL && strlist_addf(shown,
	    "To: %s\nSubject: %s\n\n%s", p.email, m.subject, body.data) == -1)
		rc = -1;
out:
	words_reader(was);
	person_clear(&p);
	buf_free(&lines);
	buf_free(&body);
	return rc;
}

/*
 * [digest] unread = hourly, or notes = hourly: to each coach who gets a
 * digest, the texts of their athletes cox could not read, or their
 * notes and their guardians' texts, since their last roundup (a day at
 * most), in one email an hour at most.  Returns 0, or -1.
 */
static int
roundups(struct db *db, const struct digest *d, time_t now,
    struct strlist *shown, int *queued)
{
	struct due {
		int64_t	 id;
		time_t	 last;	/* the last roundup, 0 for none */
	}		*v = NULL, *grown;
	sqlite3_stmt	*st;
	size_t		 n = 0, i;
	int		 rc = 0, row;

	st = db_query(db, STMT_ROUNDUP_COACHES, "");
	while ((row = db_row(db, st)) == OUT_ROW) {
		if ((grown = reallocarray(v, n + 1, sizeof(*v))) == NULL) {
			sqlite3_reset(st);
			row = OUT_FAILED;
			break;
		}
		v = grown;
		v[n].id = sqlite3_column_int64(st, 0);
		v[n++].last = (time_t)sqlite3_column_int64(st, 1);
	}
	if (row == OUT_FAILED)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++)
		if (now - v[i].last >= HOUR)
			rc = roundup_one(db, d, v[i].id, v[i].last > now - DAY ?
			    v[i].last : now - DAY, now, shown, queued);
	free(v);
	return rc;
}

/*
 * One pass at time now: queues the digests due, in one transaction
 * (the outbox sends them).  With shown (cox digest --dry-run) the
 * emails are added there and nothing is kept.  Sets *queued.  Returns
 * 0, or -1 on a database error (nothing queued).
 */
int
digest_pass(struct db *db, const struct digest *d, time_t now,
    struct strlist *shown, int *queued)
{
	struct coach	*v = NULL;
	size_t		 n = 0, i;

	*queued = 0;
	if (!digest_on(d))
		return 0;
	if (db_begin(db) == -1)
		return -1;
	if (!d->off && coaches(db, d, now, &v, &n) == -1)
		goto fail;
	for (i = 0; i < n; i++)
		if (due(v[i].at, now) &&
		    digest_one(db, &v[i], now, shown, queued) == -1)
			goto fail;
	if ((d->hourly || d->notes) && roundups(db, d, now, shown,
	    queued) == -1)
		goto fail;
	free(v);
	v = NULL;
	if (shown != NULL) {
		db_rollback(db);	/* a dry run keeps nothing */
		return 0;
	}
	if (db_commit(db) == -1)
		goto fail;
	return 0;
fail:
	free(v);
	db_rollback(db);
	*queued = 0;
	return -1;
}
