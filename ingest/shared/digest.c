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
 * (never one email each: ingest/unread.c), or with [digest] unread =
 * hourly in one email an hour at most, the roundup, which the digest
 * then leaves them to; an athlete's readable text files theirs away.
 * Each part is the file's of what it tells (struct digest_part), which
 * places it in this file's registry with DIGEST_PART(part, order)
 * (shared.h); this file shows them by their order keys and sends.  The
 * linker gathers the parts (section cox_digest) and registry_table()
 * (lib/registry.c) gives them in order, sorted at first use.  The keys
 * are hundreds, room left between; those taken, in the digest's order
 * (test_registry checks this list):
 *
 *	100 digest_flags	digest_athletes.c	wellness flags and
 *							illness
 *	200 digest_episodes	digest_athletes.c	who is out injured or
 *							ill, and the stage
 *	300 digest_late		digest_athletes.c	who has not answered,
 *							and how long
 *	400 digest_gaps		digest_athletes.c	the biggest
 *							coach-vs-athlete gaps
 *	500 inbox_failed	inbox.c			texts that failed
 *	600 inbox_texts		inbox.c			notes, unread texts,
 *							guardians', strangers'
 *	700 avail_headcount	avail.c			tomorrow's sessions and
 *							who is coming
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

/*
 * The parts of a digest, each placed here by the file of what it tells
 * with DIGEST_PART(), so that a new one is its file alone: shown by
 * their order keys (the list above).
 */
REGISTRY_DEFINE(digest_parts, cox_digest);

/*
 * Part p of c's digest as of now, into out: its own lines, or a heading
 * and a line a row of its statement.  How many lines, or -1.
 */
static int
part_lines(struct db *db, const struct digest_part *p, const struct coach *c,
    time_t now, struct buf *out)
{
	sqlite3_stmt	*st;
	int		 n = 0, rc;

	if (p->lines != NULL)
		return p->lines(db, c->id, now, out);
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
	const struct digest_part *part;
	struct buf	 lines = { 0 };
	size_t		 i;
	int		 n = 0, k;

	for (i = 0; n != -1 &&
	    (part = registry_table(&digest_parts, i)) != NULL; i++)
		if ((k = part_lines(db, part, c, now, &lines)) == -1)
			n = -1;
		else
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
