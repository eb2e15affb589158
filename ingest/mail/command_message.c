/*
 * command_message.c - the coach's commands about messages: remind
 * (texts those with scores or a check-in to answer), send (a text from
 * the coach), resend (texts that failed, again) and archive (inbox
 * items filed away).  Its table, command_messages, is one of
 * command.c's registry.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"
#include "../../lib/sql.h"

/* athlete p.id's coach scores since ?4 not answered (r, mt), and
 * check-in prompts since ?5 not answered (c): what a reminder is of */
#define CMD_WAITING_RATINGS "FROM rating r JOIN metric mt ON " \
	"mt.id = r.metric_id WHERE r.athlete_id = p.id AND " \
	"r.source = 'coach' AND mt.active = 1 AND r.created_at >= ?4 AND " \
	"NOT EXISTS (SELECT 1 FROM rating s WHERE s.athlete_id = " \
	"r.athlete_id AND s.metric_id = r.metric_id AND s.source = 'self' " \
	"AND s.created_at >= r.created_at)"

#define CMD_WAITING_CHECKIN "FROM message c WHERE c.person_id = p.id " \
	"AND c.direction = 'out' AND c.kind = 'check-in' AND " \
	"c.created_at >= ?5 AND NOT EXISTS (SELECT 1 FROM wellness w " \
	"WHERE w.athlete_id = p.id AND w.day >= date(c.created_at, " \
	"'unixepoch', 'localtime'))"

/*
 * The active athletes coach ?1 commands, of squad ?2 (0: any) or
 * person ?3 (0: any): id, name, paused, the metrics whose coach
 * scores since ?4 they have not answered ("technique, erg", or
 * ''), whether a check-in prompt since ?5 waits for an answer (no
 * wellness that day or since), when the newest of those scores
 * and of those prompts came (0: none), and when the last reminder
 * since ?6 went to them (0: none).
 */
STMT(STMT_CMD_ATHLETES,
    "SELECT p.id, p.name, p.paused, coalesce((SELECT "
    "replace(group_concat(DISTINCT mt.slug), ',', ', ') "
    CMD_WAITING_RATINGS "), ''), EXISTS (SELECT 1 "
    CMD_WAITING_CHECKIN "), coalesce((SELECT max(r.created_at) "
    CMD_WAITING_RATINGS "), 0), coalesce((SELECT max(c.created_at) "
    CMD_WAITING_CHECKIN "), 0), coalesce((SELECT max(x.created_at) "
    "FROM message x WHERE x.person_id = p.id AND x.direction = 'out' "
    "AND x.kind = 'reminder' AND x.created_at >= ?6), 0) FROM person p "
    "WHERE p.role = 'athlete' AND p.active = 1 AND (?2 = 0 OR p.id IN "
    "(SELECT person_id FROM membership WHERE squad_id = ?2)) AND "
    "(?3 = 0 OR p.id = ?3) AND " CMD_COACHES("p.id") " "
    "ORDER BY p.name COLLATE NOCASE, p.id");
/*
 * Files away the inbox items coach ?1 sees (notes and unread texts
 * of their squads' people; a head coach's: texts from numbers on
 * nobody's roster too), or only item ?2 (0: all)
 */
STMT(STMT_CMD_ARCHIVE,
    /* as STMT_DIGEST_INBOX, the notes and the strangers' apart */
    "UPDATE message SET archived = 1 WHERE id IN (SELECT id FROM "
    "message WHERE direction = 'in' AND kind IN ('note', 'unparsed') "
    "AND archived = 0 AND +channel = 'sms' AND (?2 = 0 OR id = ?2) AND "
    CMD_COACHES("+person_id") " UNION ALL SELECT id FROM message "
    "WHERE person_id IS NULL AND direction = 'in' AND +channel = 'sms' "
    "AND archived = 0 AND (?2 = 0 OR id = ?2) AND (EXISTS "
    "(SELECT 1 FROM person c WHERE c.id = ?1 AND c.active AND "
    "c.role = 'head_coach')))");
/*
 * Texts to people coach ?1 commands that failed since ?3 and were
 * not sent again (a text sent again is about the one that failed),
 * or only text ?2 (0: all): id, person, body, kind; a guardian's
 * copy of a text that failed too is made again with it
 */
STMT(STMT_CMD_FAILED,
    "SELECT m.id, m.person_id, m.body, coalesce(m.kind, '') FROM "
    "message m WHERE m.direction = 'out' AND +m.channel = 'sms' AND "
    "m.status IN ('failed', 'undelivered') AND m.person_id IS NOT NULL "
    "AND (?2 = 0 OR m.id = ?2) AND m.created_at >= ?3 AND NOT "
    OUT_RESENT " AND " CMD_COACHES("m.person_id") " AND NOT (m.kind "
    "IS 'guardian' AND EXISTS (SELECT 1 FROM message o WHERE o.id = "
    "m.about AND o.status IN ('failed', 'undelivered'))) "
    "ORDER BY m.id");
/* the texts to a squad or everyone coach ?1 sent on day ?2 */
STMT(STMT_CMD_SENDS,
    "SELECT coalesce((SELECT sends FROM coach_pref WHERE "
    "person_id = ?1 AND send_day = ?2), 0)");
/* one more of them (the first of day ?2) */
STMT(STMT_CMD_SENDS_ADD,
    "INSERT INTO coach_pref (person_id, send_day, sends) "
    "VALUES (?1, ?2, 1) ON CONFLICT (person_id) DO UPDATE SET "
    "sends = CASE WHEN send_day IS ?2 THEN sends + 1 ELSE 1 END, "
    "send_day = ?2");

#define DAY		86400
#define LOOKBACK	(30 * DAY)	/* coach scores a reminder names */
#define RESEND_DAYS	7		/* failed texts sent again */

/* What a command that texts athletes did, for its answer. */
struct tally {
	struct buf	 text;		/* the text to send, per athlete */
	struct metric_set metrics;	/* the team's, for a reminder */
	int		 queued, skipped, paused, idle;
	int		 again;		/* reminded by an earlier line */
	int		 recent;	/* or by another email, lately */
};

/*
 * Calls each() for the athletes of t the coach commands, with their
 * row of STMT_CMD_ATHLETES in st, and queues each the text each() left
 * in tl->text (kind: "reminder", "coach"; none when it left it empty).
 * What is queued never changes what the query reads.  Returns 0 or -1.
 */
static int
target_text(struct cmd_run *r, const struct cmd_target *t, const char *kind,
    int (*each)(struct cmd_run *, sqlite3_stmt *, struct tally *),
    struct tally *tl)
{
	sqlite3_stmt	*st;
	const char	*was;
	int		 rc, was_queued;

	st = db_query(r->db, STMT_CMD_ATHLETES, "iiiiii", r->coach, t->squad,
	    t->person, (int64_t)(r->now - LOOKBACK), (int64_t)(r->now - DAY),
	    (int64_t)(r->now - r->mx->remind_every));
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		/* in the athlete's words, then the coach's again */
		was = person_reader(r->db, sqlite3_column_int64(st, 0));
		rc = each(r, st, tl);
		words_reader(was);
		if (rc == -1)
			break;
		was_queued = tl->queued;
		if (tl->text.len > 0 && outbox_queue_text(r->db,
		    sqlite3_column_int64(st, 0), tl->text.data, kind, r->now,
		    &tl->queued, &tl->skipped) == -1) {
			rc = -1;
			break;
		}
		if (tl->text.len > 0 && tl->queued == was_queued &&
		    strcmp(kind, "reminder") == 0 && r->nreminded > 0 &&
		    r->reminded[r->nreminded - 1] ==
		    sqlite3_column_int64(st, 0))
			r->nreminded--;	/* remind_one()'s, and unreached */
	}
	sqlite3_reset(st);
	return rc == OUT_OK ? 0 : -1;
}

/*
 * After queued texts were counted: a word when none can go yet (no
 * [sms] set up), so that "texted" does not stand for texts that wait.
 */
static int
texts_waiting(struct cmd_run *r, int queued)
{
	struct outbox	*ob;
	int		 can;

	if (queued == 0 || outbox_new(r->mx->ws->conf, &ob) != OUT_OK)
		return 0;
	can = outbox_texts(ob);
	outbox_free(ob);
	return can ? 0 : words_printf(r->reply, NULL, "mail.cmd_no_texts");
}

/*
 * Whether the athlete of row st was reminded within the interval
 * (mx->remind_every) after the newest of what waits for them came: a
 * reminder of the same scores or prompt again, which however many
 * commands ask for it is one text too many.
 */
static int
reminded_lately(sqlite3_stmt *st, int ratings)
{
	int64_t	 last = sqlite3_column_int64(st, 7);

	return last != 0 && last >= sqlite3_column_int64(st, ratings ? 5 : 6);
}

/*
 * The reminder for one athlete into tl->text (empty: none): their
 * coach scores waiting, else a check-in prompt not answered; none to
 * the paused, nor to one reminded of the same lately.
 */
static int
remind_one(struct cmd_run *r, sqlite3_stmt *st, struct tally *tl)
{
	struct checkin_items items;
	const char	*slugs = db_text(st, 3);
	int64_t		 id = sqlite3_column_int64(st, 0), *grown;
	size_t		 i;
	int		 rc = 0;

	buf_reset(&tl->text);
	if (sqlite3_column_int(st, 2) || (rc = episode_askable(r->db,
	    id)) == 0) {
		tl->paused++;	/* paused, or out injured or ill */
		return 0;
	}
	if (rc == -1)
		return -1;
	rc = 0;
	/* "remind all" then "remind Seniors": one reminder each */
	for (i = 0; i < r->nreminded; i++)
		if (r->reminded[i] == id) {
			tl->again++;
			return 0;
		}
	if ((slugs[0] != '\0' || sqlite3_column_int(st, 4)) &&
	    reminded_lately(st, slugs[0] != '\0')) {
		tl->recent++;
		return 0;
	}
	if (slugs[0] != '\0')
		rc = remind_rating_text(&tl->metrics, slugs,
		    workspace_base_url(r->mx->ws->conf), &tl->text);
	else if (sqlite3_column_int(st, 4))
		rc = checkin_items_load(r->db, &items) == -1 ? -1 :
		    remind_check_in_text(&tl->text, &items, 0);
	else
		tl->idle++;
	if (rc == -1 || buf_failed(&tl->text))
		return -1;
	/* noted, and dropped again by target_text() if no text reaches
	 * them: a later line may not say they were reminded */
	if (tl->text.len > 0) {
		if ((grown = reallocarray(r->reminded, r->nreminded + 1,
		    sizeof(*grown))) == NULL)
			return -1;
		r->reminded = grown;
		r->reminded[r->nreminded++] = id;
	}
	return 0;
}

/*
 * Why no text reaches the one athlete a command named (t->person), as
 * a line of the reply: the roster's reason, or whose consent is
 * missing, so that the coach knows whom to ask.  0 or -1.
 */
static int
unreached_why(struct cmd_run *r, const struct cmd_target *t)
{
	struct person	 p = { 0 };
	enum reach	 reach;
	int		 whose, rc = -1;

	if (person_load(r->db, t->person, &p) == -1)
		goto out;
	if ((reach = message_reach(&p, CHANNEL_SMS)) == REACH_YES) {
		if ((whose = person_consent_whose(r->db, &p, "reminder",
		    r->now)) == -1)
			goto out;
		reach = (enum reach)whose;
	}
	if (reach != REACH_YES) {
		buf_printf(r->reply, "- %s", p.name);
		waiting_unreached(r->reply, reach, p.guardian_name);
		buf_puts(r->reply, "\n");
	}
	rc = 0;
out:
	person_clear(&p);
	return rc;
}

/*
 * "remind @h|SQUAD|all": texts now those who have scores or a check-in
 * to answer, as a reminder (so quiet hours hold it till they end), but
 * not those paused.
 */
static int
act_remind(struct cmd_run *r, const struct cmd_line *c)
{
	struct cmd_target	 t;
	struct tally	 tl = { 0 };
	struct quiet	 q;
	time_t		 until;
	char		 hhmm[6];
	int		 rc;

	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if (metric_set_load(r->db, &tl.metrics) == -1)
		return -1;
	rc = target_text(r, &t, "reminder", remind_one, &tl);
	buf_free(&tl.text);
	metric_set_free(&tl.metrics);
	if (rc == -1)
		return -1;
	words_printf(r->reply, NULL, "mail.cmd_reminded", t.label, tl.queued,
	    tl.idle, tl.paused, tl.skipped);
	if (tl.skipped > 0 && t.person != 0 && unreached_why(r, &t) == -1)
		return -1;
	if (tl.again > 0)
		words_printf(r->reply, NULL, "mail.cmd_reminded_again",
		    tl.again);
	if (tl.recent > 0)
		words_printf(r->reply, NULL, "mail.cmd_reminded_lately",
		    tl.recent, r->mx->remind_every / 3600);
	texts_waiting(r, tl.queued);
	if (tl.queued > 0 && quiet_load(r->mx->ws->conf, &q) == OUT_OK &&
	    (until = quiet_until(&q, r->now)) != 0) {
		strftime(hhmm, sizeof(hhmm), "%H:%M", localtime(&until));
		words_printf(r->reply, NULL, "mail.cmd_held", hhmm);
	}
	return buf_failed(r->reply) ? -1 : 0;
}

/* Send's text goes to every athlete as it is. */
static int
send_one(struct cmd_run *r, sqlite3_stmt *st, struct tally *tl)
{
	(void)r;
	(void)st;
	(void)tl;
	return 0;
}

/*
 * Whether a send to many (a squad, everyone) is one more than the
 * coach may make today ([mail] send_per_day, the team's day), counted
 * in coach_pref; said in the reply when it is.  Returns 0, 1 when held,
 * or -1.
 */
static int
send_held(struct cmd_run *r, const struct cmd_target *t, char day[11])
{
	sqlite3_stmt	*st;
	int64_t		 sends;

	day_string(r->now, day);
	st = db_query(r->db, STMT_CMD_SENDS, "it", r->coach, day);
	if (db_row(r->db, st) != OUT_ROW)
		return -1;
	sends = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (sends < r->mx->send_per_day)
		return 0;
	return words_printf(r->reply, NULL, "mail.cmd_send_held", t->label,
	    r->mx->send_per_day) == -1 ? -1 : 1;
}

/*
 * "send @h|SQUAD: TEXT": a text from the coach, named as answers are;
 * to a squad or everyone at most [mail] send_per_day times a day.
 */
static int
act_send(struct cmd_run *r, const struct cmd_line *c)
{
	struct cmd_target	 t;
	struct tally	 tl = { 0 };
	size_t		 n = utf8_chars(c->text);
	char		 day[11];
	int		 rc;

	if (n > ANSWER_MAX)
		return words_printf(r->reply, NULL, "mail.cmd_send_long", n,
		    ANSWER_MAX);
	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if (t.person == 0 && (rc = send_held(r, &t, day)) != 0)
		return rc == 1 ? 0 : -1;
	if (words_printf(&tl.text, NULL, "sms.answer", r->name, c->text) == 0)
		rc = target_text(r, &t, "coach", send_one, &tl);
	else
		rc = -1;
	buf_free(&tl.text);
	if (rc == -1)
		return -1;
	/* a send that reached nobody is no text too many */
	if (t.person == 0 && tl.queued > 0 && db_exec(r->db,
	    STMT_CMD_SENDS_ADD, "it", r->coach, day) == -1)
		return -1;
	if (words_printf(r->reply, NULL, "mail.cmd_sent", t.label,
	    tl.queued, tl.skipped) == -1)
		return -1;
	return texts_waiting(r, tl.queued);
}

/*
 * The number a guardian's copy of a text to athlete goes to now, into
 * *number (the caller frees it): their guardian's while they are a
 * minor with one, else NULL.  Returns 0 or -1.
 */
static int
guardian_now(struct db *db, int64_t athlete, time_t now, char **number)
{
	struct person	 p;
	int		 rc = 0;

	*number = NULL;
	if (person_load(db, athlete, &p) == -1)
		return -1;
	if (p.guardian_phone != NULL && person_is_minor(&p, now) &&
	    (*number = strdup(p.guardian_phone)) == NULL) {
		log_error("out of memory");
		rc = -1;
	}
	person_clear(&p);
	return rc;
}

/*
 * "resend [ID]": the coach's people's texts that failed in the last
 * RESEND_DAYS (or text ID), each queued again as a new text about the
 * failed one, which keeps its status: the log says what happened to
 * each attempt, and a text is sent again once.  A guardian's copy goes
 * to the guardian's number now, if they still have one to copy.  The
 * new rows are queued, so the query still running never reads them.
 */
static int
act_resend(struct cmd_run *r, const struct cmd_line *c)
{
	struct message	 m = { .channel = CHANNEL_SMS };
	enum reach	 reach;
	sqlite3_stmt	*st;
	char		*number;
	int		 rc, n = 0, queued = 0;

	st = db_query(r->db, STMT_CMD_FAILED, "iii", r->coach, c->id,
	    (int64_t)(r->now - RESEND_DAYS * DAY));
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		m.about = sqlite3_column_int64(st, 0);
		m.person = sqlite3_column_int64(st, 1);
		m.body = db_text(st, 2);
		m.kind = db_text(st, 3)[0] != '\0' ? db_text(st, 3) : NULL;
		number = NULL;
		if (m.kind != NULL && !strcmp(m.kind, "guardian")) {
			if (guardian_now(r->db, m.person, r->now,
			    &number) == -1)
				break;
			if (number == NULL) {	/* nobody to copy now */
				n++;
				continue;
			}
		}
		m.peer = number;
		rc = message_queue(r->db, &m, &reach);
		free(number);
		if (rc != OUT_OK)
			break;
		n++;
		queued += reach == REACH_YES;
	}
	sqlite3_reset(st);
	if (rc != OUT_OK)
		return -1;
	if (n == 0)
		return words_printf(r->reply, NULL, c->id ?
		    "mail.cmd_resend_not" : "mail.cmd_resend_none",
		    c->id ? (long long)c->id : (long long)RESEND_DAYS);
	return words_printf(r->reply, NULL, "mail.cmd_resent", queued,
	    n - queued);
}

/* "archive [ID]": the inbox items the coach sees, or one, filed away. */
static int
act_archive(struct cmd_run *r, const struct cmd_line *c)
{
	int	 n;

	if (db_exec(r->db, STMT_CMD_ARCHIVE, "ii", r->coach, c->id) == -1)
		return -1;
	n = db_changes(r->db);
	if (c->id != 0)
		return words_printf(r->reply, NULL, n ? "mail.cmd_archived_id" :
		    "mail.cmd_archive_not", (long long)c->id);
	return words_printf(r->reply, NULL, "mail.cmd_archived", n);
}

/* remind's target: @handle, a squad, or all. */
static int
read_target(char *a, struct cmd_line *c)
{
	return command_read_target(a, c);
}

/* send's: the same, ':', then the text, polite words and all. */
static int
read_text(char *a, struct cmd_line *c)
{
	char	*p;

	if ((p = strchr(a, ':')) == NULL)
		return -1;
	*p++ = '\0';
	if ((c->text = command_trimmed(p, strlen(p))) == NULL ||
	    c->text[0] == '\0')
		return -1;
	return command_read_target(trim(a), c);
}

/* An ID, "43" or "#43", into c->id; nothing is 0.  0 or -1. */
static int
read_id(char *a, struct cmd_line *c)
{
	char	*end;

	if (a[0] == '#')
		a++;
	if (a[0] == '\0')
		return 0;
	if (!isdigit((unsigned char)a[0]))
		return -1;
	c->id = strtoll(a, &end, 10);
	return *end == '\0' && c->id > 0 ? 0 : -1;
}

static const struct cmd_def command_messages[] = {
	{ CMD_REMIND, "kw.remind", read_target, act_remind,
	    "mail.cmd_how_target", NULL, 0 },
	{ CMD_SEND, "kw.send", read_text, act_send, "mail.cmd_how_text",
	    NULL, CMD_OWN_WORDS },
	{ CMD_RESEND, "kw.resend", read_id, act_resend, "mail.cmd_how_id",
	    NULL, 0 },
	{ CMD_ARCHIVE, "kw.archive", read_id, act_archive, "mail.cmd_how_id",
	    NULL, 0 },
	{ .kw = NULL }
};
CMD_FAMILY(command_messages, 200);
