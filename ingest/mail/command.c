/*
 * command.c - what a coach runs by email: one command a line, in the
 * body of any authentic coach email or reply, each line starting with
 * its keyword (the catalogue's kw.NAME, any case):
 *
 *	help			the commands
 *	sheet [SQUAD]		the rating sheet back (lib/sheet.c)
 *	sheet on|off		the sheet with each morning digest
 *	remind @h|SQUAD|all	texts those with something to answer now
 *	send @h|SQUAD: TEXT	a text from the coach
 *	resend [ID]		texts that failed, again
 *	archive [ID]		inbox items filed away
 *	invite @h		an invitation again (lib/account.c)
 *	number WHO NUMBER	a number added to an athlete
 *	pause @h, resume @h	no reminders or check-ins while injured
 *	digest on|off|at HH:MM	the morning digest (coach_pref)
 *	session DAY [am|pm] [SQUAD]: MIN, rpe N [words]
 *				a planned session (plan.c); several a
 *				mail, or a CSV attachment of them; a
 *				line a day starts needs no keyword
 *	cancel DAY [am|pm] [SQUAD], rest DAY [am|pm] [SQUAD]
 *				the day's plan taken back (plan.c)
 *	add NAME NUMBER [EMAIL] [SQUAD]	a new athlete, invited (enrol.c)
 *	move WHO [to] SQUAD	an athlete into another squad
 *	remove WHO		an athlete off the roster (head coach)
 *	injured WHO [AREA], ill WHO	an episode opened, the athlete out
 *	stage WHO out|modified|full|cleared [training]
 *				the episode moved on (lib/health.c)
 *	avail, who, attended, absent, attend-by-default
 *				who is coming to a session (avail.c)
 *	erg METRIC PIECE	a time metric read as an erg piece (500m,
 *				2k, 6k, 30min), a number in kg as the
 *				weight, or none (head coach; lib/erg.c)
 *
 * WHO is an athlete as every command names one: @handle, or a name as
 * a rating line writes it.  A polite word around a command ("pls",
 * "please", "thanks", "merci") is no part of it.
 *
 * command_parse() is pure: it takes the command lines out of the text
 * (blanked, so the ratings parser's line numbers stay) into a list;
 * command_act() carries them out in the caller's transaction, each
 * answered in the reply with what was done or why not.  A coach
 * commands the people of their squads, a head coach everyone; a
 * removed coach, and an address of [mail] coaches no roster entry has
 * (intake.c quarantines its mail), nothing.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail.h"
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
STMT(STMT_CMD_PAUSE, "UPDATE person SET paused = ? WHERE id = ?");
/* a coach's choices (coach_pref): one column each, row made once */
STMT(STMT_CMD_PREF_DIGEST,
    "INSERT INTO coach_pref (person_id, digest) VALUES (?1, ?2) "
    "ON CONFLICT (person_id) DO UPDATE SET digest = ?2");
STMT(STMT_CMD_PREF_DIGEST_AT,
    "INSERT INTO coach_pref (person_id, digest_at) VALUES (?1, ?2) "
    "ON CONFLICT (person_id) DO UPDATE SET digest_at = ?2");
STMT(STMT_CMD_PREF_SHEET,
    "INSERT INTO coach_pref (person_id, sheet) VALUES (?1, ?2) "
    "ON CONFLICT (person_id) DO UPDATE SET sheet = ?2");
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
#define CMD_MAX		20		/* acted on in one email */
#define ECHO_MAX	200		/* bytes of a line quoted back */
#define LOOKBACK	(30 * DAY)	/* coach scores a reminder names */
#define RESEND_DAYS	7		/* failed texts sent again */
#define PLAN_MAX	100		/* plan lines in one email */

static int	 is_word(const char *, size_t, const char *);

/* What one command needs while it acts. */
struct cmd_run {
	struct mailer	*mx;
	struct db	*db;
	int64_t		 coach;		/* an active coach's id */
	int		 head;		/* a head coach */
	const char	*name;		/* the coach's, for texts */
	time_t		 now;
	struct buf	*reply;
	int64_t		*reminded;	/* by this email's remind lines */
	size_t		 nreminded;
	struct plan_mail plan;		/* what its plan lines share */
};

/* The people a command names: a squad, a person, or everyone. */
struct target {
	int64_t		 squad, person;
	char		 label[128];	/* the squad's or person's name */
};

/* Whether the coach commands athlete id: 1, 0, or -1. */
static int
commands(struct cmd_run *r, int64_t id)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;

	st = db_query(r->db, STMT_COACHES_ATHLETE, "ii", r->coach, id);
	if ((rc = db_row(r->db, st)) == OUT_FAILED)
		return -1;
	if (rc == OUT_ROW)
		sqlite3_reset(st);
	return rc == OUT_ROW;
}

/*
 * Whom who names among the athletes the coach commands: a handle, an
 * address, a number or a whole name, else as a rating line is read
 * ("theo", without the accents a phone's keyboard leaves out, a name
 * two people share of whom one is theirs).  OUT_OK with *id,
 * OUT_AMBIGUOUS (several of theirs), OUT_BADINPUT (someone who is no
 * athlete: a coach), OUT_NOTFOUND (none of theirs, whether or not
 * anyone else is so called), or OUT_FAILED.
 */
static enum outcome
whom(struct cmd_run *r, const char *who, int64_t *id)
{
	struct person	 p = { 0 };
	enum outcome	 rc;
	int		 role, mine;

	rc = person_find(r->db, who, r->mx->country, id);
	if (rc == OUT_OK) {
		if (person_load(r->db, *id, &p) == -1) {
			person_clear(&p);
			return OUT_FAILED;
		}
		role = p.role;
		person_clear(&p);
		/* a coach's number or account is no command's to touch */
		if (role != ROLE_ATHLETE)
			return OUT_BADINPUT;
		if ((mine = commands(r, *id)) == -1)
			return OUT_FAILED;
		if (mine)
			return OUT_OK;
		rc = OUT_NOTFOUND;
	}
	if (rc == OUT_FAILED || who[0] == '@')
		return rc;
	if (r->mx->index == NULL &&
	    (r->mx->index = ratemail_index(r->db)) == NULL)
		return OUT_FAILED;
	return ratemail_who(r->db, r->mx->index, r->coach, who, id);
}

/*
 * Resolves who (@handle, a name) into t->person, when coach commands
 * them.  Whoever is not theirs (of another squad, on no roster,
 * misspelt) is answered alike, as written: the reply tells nobody
 * whether anyone else is on the roster, nor their name.  Returns 0, 1
 * when refused (the reason in the reply), or -1.
 */
static int
target_person(struct cmd_run *r, const char *who, struct target *t)
{
	struct person	 p = { 0 };
	const char	*why;

	switch (whom(r, who, &t->person)) {
	case OUT_OK:
		break;
	case OUT_FAILED:
		return -1;
	case OUT_AMBIGUOUS:
		why = "mail.cmd_several";
		goto refused;
	case OUT_BADINPUT:
		why = "mail.cmd_not_athlete";
		goto refused;
	default:
		why = "mail.cmd_not_yours";
		goto refused;
	}
	if (person_load(r->db, t->person, &p) == -1) {
		person_clear(&p);
		return -1;
	}
	snprintf(t->label, sizeof(t->label), "%s", p.name);
	person_clear(&p);
	return 0;
refused:
	return words_printf(r->reply, NULL, why, who) == -1 ? -1 : 1;
}

/*
 * Resolves what c names ("@handle", a squad's name, "all") into t,
 * within the coach's bounds.  Returns 0, 1 when refused (the reason in
 * the reply), or -1.
 */
static int
target_find(struct cmd_run *r, const struct cmd_line *c, struct target *t)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;
	int64_t		 id;
	int		 mine;

	memset(t, 0, sizeof(*t));
	if (c->all || c->who == NULL) {
		snprintf(t->label, sizeof(t->label), "%s", words_get(NULL,
		    "mail.cmd_everyone"));
		return 0;
	}
	if (c->who[0] == '@' || c->person)
		return target_person(r, c->who, t);
	st = db_query(r->db, STMT_CMD_SQUAD, "it", r->coach, c->who);
	if ((rc = db_row(r->db, st)) == OUT_FAILED)
		return -1;
	if (rc != OUT_ROW) {
		/* "remind Emily Clarke": a name, or a handle without '@';
		 * "send José: ...", as a rating line names him */
		if ((rc = whom(r, c->who, &id)) == OUT_FAILED)
			return -1;
		if (rc != OUT_NOTFOUND)
			return target_person(r, c->who, t);
		return words_printf(r->reply, NULL, "mail.cmd_no_squad",
		    c->who) == -1 ? -1 : 1;
	}
	t->squad = sqlite3_column_int64(st, 0);
	snprintf(t->label, sizeof(t->label), "%s", db_text(st, 1));
	mine = sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	if (!mine)
		return words_printf(r->reply, NULL, "mail.cmd_not_your_squad",
		    t->label) == -1 ? -1 : 1;
	return 0;
}

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
target_text(struct cmd_run *r, const struct target *t, const char *kind,
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

/* A number in help's examples, as the team's country writes one. */
static const char *
number_example(struct cmd_run *r, char out[PHONE_EXAMPLE_MAX])
{
	return phone_example(config_get(r->mx->ws->conf, "team",
	    "default_country"), out);
}

static int
act_help(struct cmd_run *r, const struct cmd_line *c)
{
	char	 ex[PHONE_EXAMPLE_MAX];

	(void)c;
	if (words_printf(r->reply, NULL, "mail.cmd_help",
	    number_example(r, ex)) == -1)
		return -1;
	return buf_puts(r->reply, words_get(NULL, "mail.cmd_help_health"));
}

/* A setting of the coach's own, into coach_pref. */
static int
own_setting(struct cmd_run *r, const struct stmt *id, const char *fmt, int on,
    const char *at)
{
	if (at != NULL)
		return db_exec(r->db, id, fmt, r->coach, at);
	return db_exec(r->db, id, fmt, r->coach, (int64_t)on);
}

/* "sheet [SQUAD]": the rating sheet in the reply; "sheet on|off". */
static int
act_sheet(struct cmd_run *r, const struct cmd_line *c)
{
	struct target	 t;
	struct buf	 sheet = { 0 };
	int		 rc, n;

	if (c->on != -1) {
		if ((rc = own_setting(r, STMT_CMD_PREF_SHEET, "ii", c->on,
		    NULL)) != 0)
			return rc;
		return buf_puts(r->reply, words_get(NULL, c->on ?
		    "mail.cmd_sheet_on" : "mail.cmd_sheet_off"));
	}
	if ((rc = target_find(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if ((n = sheet_text(r->db, t.squad, r->coach, &sheet)) == -1) {
		buf_free(&sheet);
		return -1;
	}
	if (n == 0)
		rc = words_printf(r->reply, NULL, "mail.cmd_sheet_none",
		    t.label);
	else
		rc = words_printf(r->reply, NULL, "mail.cmd_sheet", t.label,
		    sheet.data);
	buf_free(&sheet);
	return rc;
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
unreached_why(struct cmd_run *r, const struct target *t)
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
	struct target	 t;
	struct tally	 tl = { 0 };
	struct quiet	 q;
	time_t		 until;
	char		 hhmm[6];
	int		 rc;

	if ((rc = target_find(r, c, &t)) != 0)
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
send_held(struct cmd_run *r, const struct target *t, char day[11])
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
	struct target	 t;
	struct tally	 tl = { 0 };
	size_t		 n = utf8_chars(c->text);
	char		 day[11];
	int		 rc;

	if (n > ANSWER_MAX)
		return words_printf(r->reply, NULL, "mail.cmd_send_long", n,
		    ANSWER_MAX);
	if ((rc = target_find(r, c, &t)) != 0)
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

/* "invite @h": an invitation again, as cox invite --again queues it. */
static int
act_invite(struct cmd_run *r, const struct cmd_line *c)
{
	const struct config *conf = r->mx->ws->conf;
	struct invite_run ir = { .db = r->db, .again = 1, .by = r->coach,
	    .club = config_get(conf, "team", "name"),
	    .base = workspace_base_url(conf) };
	struct target	 t;
	int		 rc;

	if ((rc = target_find(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if (ir.base == NULL)	/* its link would lead nowhere */
		return words_printf(r->reply, NULL, "mail.cmd_invite_nosite",
		    t.label);
	if (config_long(conf, "accounts", "invite_days", 7, 1, 90,
	    &ir.days) == -1)
		ir.days = 7;
	if (invite_queue(&ir, t.person) == -1)
		return -1;
	return words_printf(r->reply, NULL, ir.queued ? "mail.cmd_invited" :
	    "mail.cmd_invite_unreached", t.label);
}

/*
 * Whether e164 is one of the team's own numbers ([sms] numbers, or
 * from): texts from it would be cox's own, read as an athlete's.
 */
static int
team_number(const struct cmd_run *r, const char *e164)
{
	const struct config *conf = r->mx->ws->conf;
	const char	*list = config_get(conf, "sms", "numbers"), *p, *e;
	char		 one[PHONE_MAX], norm[PHONE_MAX];
	const char	*why;

	if (list == NULL)
		list = config_get(conf, "sms", "from");
	for (p = list; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, ",");
		snprintf(one, sizeof(one), "%.*s", (int)(e - p), p);
		if (phone_normalize(trim(one), r->mx->country, norm,
		    &why) == 0 && strcmp(norm, e164) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether e164 can be no athlete's by email: the team's own number, or
 * an athlete's guardian's (a text from it is the guardian's, never the
 * athlete's: a number both share is for an operator to say, with cox
 * roster).  Said in the reply, the athlete named when they are the
 * coach's.  Returns 0 when it is neither, 1 when refused, -1.
 */
static int
number_barred(struct cmd_run *r, const char *e164)
{
	struct person	 p = { 0 };
	int64_t		*wards = NULL;
	size_t		 n = 0, i;
	int		 rc = -1, mine = 0;

	if (team_number(r, e164))
		return words_printf(r->reply, NULL, "mail.cmd_number_team",
		    e164) == -1 ? -1 : 1;
	if (person_wards(r->db, e164, &wards, &n) == -1)
		return -1;
	for (i = 0; i < n && mine == 0; i++)
		if ((mine = commands(r, wards[i])) == -1)
			goto out;
	if (n == 0)
		rc = 0;
	else if (!mine)
		rc = words_printf(r->reply, NULL,
		    "mail.cmd_number_guardian_other", e164) == -1 ? -1 : 1;
	else if (person_load(r->db, wards[i - 1], &p) == 0)
		rc = words_printf(r->reply, NULL, "mail.cmd_number_guardian",
		    e164, p.name) == -1 ? -1 : 1;
out:
	person_clear(&p);
	free(wards);
	return rc;
}

/*
 * "number WHO NUMBER": a number added to an athlete, unless it is
 * anyone's already, the team's or a guardian's.
 */
static int
act_number(struct cmd_run *r, const struct cmd_line *c)
{
	struct person	 p = { 0 };
	struct target	 t;
	char		 e164[PHONE_MAX];
	const char	*why;
	int64_t		 other;
	enum outcome	 found;
	int		 rc;

	if ((rc = target_find(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if (phone_normalize(c->text, r->mx->country, e164, &why) == -1)
		return words_printf(r->reply, NULL, "mail.cmd_number_bad",
		    c->text, why);
	if ((rc = number_barred(r, e164)) != 0)
		return rc == 1 ? 0 : -1;
	found = person_find(r->db, e164, r->mx->country, &other);
	if (found == OUT_FAILED)
		return -1;
	if (found != OUT_NOTFOUND)
		return words_printf(r->reply, NULL, found == OUT_OK &&
		    other == t.person ? "mail.cmd_number_has" :
		    "mail.cmd_number_taken", e164, t.label);
	rc = -1;
	if (person_load(r->db, t.person, &p) == -1 ||
	    strlist_add(&p.phones, e164) == -1 || person_save(r->db, &p) == -1)
		goto out;
	rc = words_printf(r->reply, NULL, "mail.cmd_number_added", e164,
	    t.label);
out:
	person_clear(&p);
	return rc;
}

/* The names of the coach's squads, ", " between them, into out. */
static int
squads_mine(struct cmd_run *r, struct buf *out)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;

	st = db_query(r->db, STMT_PLAN_SQUADS, "i", r->coach);
	while ((rc = db_row(r->db, st)) == OUT_ROW)
		buf_printf(out, "%s%s", out->len ? ", " : "", db_text(st, 1));
	buf_puts(out, "");
	return rc == OUT_FAILED || buf_failed(out) ? -1 : 0;
}

/*
 * The squad of the coach's called name (any case) into *id and label;
 * with name NULL, the coach's only squad.  Returns 0, 1 when refused
 * (why said in the reply, with the squads they have: what of a
 * "Juniors" that is "Junior Women"), or -1.
 */
static int
squad_mine(struct cmd_run *r, const char *name, int64_t *id,
    char label[128])
{
	struct buf	 all = { 0 };
	sqlite3_stmt	*st;
	enum outcome	 rc;
	int		 n = 0;

	if (name != NULL) {
		st = db_query(r->db, STMT_CMD_SQUAD, "it", r->coach, name);
		if ((rc = db_row(r->db, st)) == OUT_FAILED)
			return -1;
		if (rc == OUT_ROW) {
			*id = sqlite3_column_int64(st, 0);
			snprintf(label, 128, "%s", db_text(st, 1));
			n = sqlite3_column_int(st, 2);
			sqlite3_reset(st);
			if (n)
				return 0;
			return words_printf(r->reply, NULL,
			    "mail.cmd_not_your_squad", label) == -1 ? -1 : 1;
		}
	} else {
		st = db_query(r->db, STMT_PLAN_SQUADS, "i", r->coach);
		while ((rc = db_row(r->db, st)) == OUT_ROW)
			if (n++ == 0) {
				*id = sqlite3_column_int64(st, 0);
				snprintf(label, 128, "%s", db_text(st, 1));
			}
		if (rc == OUT_FAILED)
			return -1;
		if (n == 1)
			return 0;
	}
	if (squads_mine(r, &all) == -1)
		rc = OUT_FAILED;
	else if (name != NULL)
		rc = words_printf(r->reply, NULL, "mail.cmd_squad_none", name,
		    all.data);
	else if (n == 0)
		rc = buf_puts(r->reply, words_get(NULL,
		    "mail.cmd_squad_nothing"));
	else
		rc = words_printf(r->reply, NULL, "mail.cmd_squad_which", n,
		    all.data);
	buf_free(&all);
	return rc == -1 ? -1 : 1;
}

/*
 * Whether key (add's number or address) is someone's on the roster:
 * refused and said, the someone named only when they are the coach's;
 * a removed athlete of e's very name is taken back (e->back) by a head
 * coach, as the line remove answers with says.  Returns 0, 1 when
 * refused, or -1.
 */
static int
add_taken(struct cmd_run *r, struct enrol *e, const char *key)
{
	struct person	 p = { 0 };
	enum outcome	 found;
	int64_t		 id;
	int		 rc = -1, mine = 0;

	if ((found = person_find(r->db, key, r->mx->country, &id)) ==
	    OUT_NOTFOUND)
		return 0;
	if (found == OUT_FAILED || (found == OUT_OK &&
	    person_load(r->db, id, &p) == -1))
		goto out;
	if (found == OUT_OK && !p.active && e->head &&
	    p.role == ROLE_ATHLETE && strcasecmp(p.name, e->name) == 0 &&
	    (e->back == 0 || e->back == id)) {
		e->back = id;
		rc = 0;
		goto out;
	}
	if (found == OUT_OK && p.active && (mine = commands(r, id)) == -1)
		goto out;
	rc = words_printf(r->reply, NULL, mine ? "mail.cmd_add_has" :
	    "mail.cmd_number_taken", key, mine ? p.name : e->name,
	    p.handle) == -1 ? -1 : 1;
out:
	person_clear(&p);
	return rc;
}

/*
 * Whether e is someone the roster has: its number or address
 * (add_taken()), or an athlete of the coach's by its name, whom the
 * answer says how to give the number to instead.  Returns 0, 1 when
 * refused, or -1.
 */
static int
add_known(struct cmd_run *r, struct enrol *e)
{
	struct person	 p = { 0 };
	enum outcome	 found;
	int64_t		 id;
	int		 rc, mine;

	if ((e->phone != NULL && (rc = add_taken(r, e, e->phone)) != 0) ||
	    (e->email != NULL && (rc = add_taken(r, e, e->email)) != 0))
		return rc;
	if (e->back != 0)
		return 0;
	/* "add Jack ..." a second time: a number for the first, surely */
	if ((found = person_find(r->db, e->name, r->mx->country,
	    &id)) == OUT_FAILED)
		return -1;
	if (found != OUT_OK || (mine = commands(r, id)) == 0)
		return 0;
	rc = -1;
	if (mine == 1 && person_load(r->db, id, &p) == 0)
		rc = !p.active ? 0 : words_printf(r->reply, NULL,
		    "mail.cmd_add_same_name", p.name, p.handle, p.handle,
		    e->phone != NULL ? e->phone : e->email) == -1 ? -1 : 1;
	person_clear(&p);
	return rc;
}

/*
 * "add NAME NUMBER [EMAIL] [SQUAD]": a new athlete in a squad of the
 * coach's (with none named, their only one), invited (enrol.c).
 */
static int
act_add(struct cmd_run *r, const struct cmd_line *c)
{
	struct enrol	 e = { .db = r->db, .conf = r->mx->ws->conf,
	    .coach = r->coach, .head = r->head, .name = c->who };
	char		 e164[PHONE_MAX], squad[128] = "";
	const char	*why;
	int64_t		 id;
	int		 rc;

	if ((rc = squad_mine(r, c->squad, &id, squad)) != 0)
		return rc == 1 ? 0 : -1;
	e.squad = squad;
	if (c->text != NULL && phone_normalize(c->text, r->mx->country, e164,
	    &why) == -1)
		return words_printf(r->reply, NULL, "mail.cmd_number_bad",
		    c->text, why);
	if (c->text != NULL && (rc = number_barred(r, e164)) != 0)
		return rc == 1 ? 0 : -1;
	e.phone = c->text != NULL ? e164 : NULL;
	if (c->email != NULL && !email_valid(c->email))
		return words_printf(r->reply, NULL, "mail.cmd_email_bad",
		    c->email);
	e.email = c->email;
	if ((rc = add_known(r, &e)) != 0)
		return rc == 1 ? 0 : -1;
	return enrol_add(&e, r->reply);
}

/*
 * "move WHO [to] SQUAD": the squad is the longest end of the line that
 * names one ("move Ben to Junior Women"), the athlete what comes
 * before it, a "to" between left out.
 */
static int
act_move(struct cmd_run *r, const struct cmd_line *c)
{
	struct target	 t;
	struct buf	 all = { 0 };
	sqlite3_stmt	*st;
	enum outcome	 row = OUT_OK;
	char		*who, *p, label[128] = "";
	size_t		 n;
	int64_t		 id;
	int		 rc = -1;

	if ((who = xstrdup(c->text)) == NULL)
		return -1;
	for (p = who + strcspn(who, " \t"); *p != '\0';
	    p += strcspn(p, " \t")) {
		p += strspn(p, " \t");
		st = db_query(r->db, STMT_CMD_SQUAD, "it", r->coach, p);
		if ((row = db_row(r->db, st)) == OUT_FAILED)
			goto out;
		if (row == OUT_ROW) {
			sqlite3_reset(st);
			break;
		}
	}
	if (row != OUT_ROW) {
		if (squads_mine(r, &all) == 0)
			rc = words_printf(r->reply, NULL,
			    "mail.cmd_move_no_squad", all.data);
		goto out;
	}
	p[-1] = '\0';	/* the blank before the squad */
	if ((rc = squad_mine(r, p, &id, label)) != 0)
		goto out;
	/* "Ben to": the word before the squad is no part of the name */
	p = trim(who);
	for (n = strlen(p); n > 0 && !isspace((unsigned char)p[n - 1]); n--)
		continue;
	if (n > 0 && is_word(p + n, strlen(p + n), "kw.into"))
		p[n] = '\0';
	if ((rc = target_person(r, trim(p), &t)) == 0)
		rc = enrol_move(r->db, r->coach, t.person, label, r->reply);
out:
	buf_free(&all);
	free(who);
	return rc == 1 ? 0 : rc;
}

/* "remove WHO": an athlete off the roster, by a head coach (enrol.c). */
static int
act_remove(struct cmd_run *r, const struct cmd_line *c)
{
	struct target	 t;
	int		 rc;

	if (!r->head)
		return buf_puts(r->reply, words_get(NULL,
		    "mail.cmd_remove_head"));
	if ((rc = target_find(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	return enrol_remove(r->db, t.person, r->reply);
}

/*
 * "erg METRIC PIECE": what metric.erg says of a metric, as cox metric
 * edit --erg does; a head coach's, as the metrics are the team's.  The
 * piece is the last word, the metric the words before it, as a rating
 * line names one ("erg Erg 2k 2k", "erg 30min-test 30min").
 */
static int
act_erg(struct cmd_run *r, const struct cmd_line *c)
{
	struct metric_set	 ms;
	struct metric		*m;
	const struct metric	*found;
	const char		*hint;
	char			 words[256];
	enum erg_piece		 p;
	int			 rc = -1;

	if (!r->head)
		return buf_puts(r->reply, words_get(NULL, "mail.cmd_erg_head"));
	snprintf(words, sizeof(words), "%s", c->text);
	*strrchr(words, ' ') = '\0';	/* shape_read() read the piece */
	p = c->erg;
	if (metric_set_load(r->db, &ms) == -1)
		return -1;
	if ((found = metric_match(ms.v, ms.n, trim(words), &hint)) == NULL) {
		rc = words_printf(r->reply, NULL, "mail.cmd_erg_none",
		    trim(words));
		goto out;
	}
	m = &ms.v[found - ms.v];
	if (!erg_fits(m, p)) {
		rc = words_printf(r->reply, NULL, "mail.cmd_erg_unfit",
		    m->name, erg_piece_name(p));
		goto out;
	}
	m->erg = p;
	if (metric_save(r->db, m) == -1)
		goto out;
	rc = words_printf(r->reply, NULL, p == ERG_NONE ? "mail.cmd_erg_off" :
	    p == ERG_WEIGHT ? "mail.cmd_erg_weight" : "mail.cmd_erg_set",
	    m->name, erg_piece_name(p));
out:
	metric_set_free(&ms);
	return rc;
}

/* "pause @h", "resume @h": person.paused, which remind.c reads. */
static int
act_pause(struct cmd_run *r, const struct cmd_line *c)
{
	struct target	 t;
	int		 rc, on = c->verb == CMD_PAUSE;

	if ((rc = target_find(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if (db_exec(r->db, STMT_CMD_PAUSE, "ii", (int64_t)on, t.person) == -1)
		return -1;
	return words_printf(r->reply, NULL, on ? "mail.cmd_paused" :
	    "mail.cmd_resumed", t.label, c->who);
}

/*
 * "injured WHO [AREA]", "ill WHO": an episode opened by the coach, the
 * athlete out (no prompts) until moved on; the area is read off the end
 * of the line (health_area_word()), the athlete is what comes before.
 */
static int
act_episode(struct cmd_run *r, const struct cmd_line *c)
{
	struct target	 t;
	struct buf	 what = { 0 };
	const char	*kind = c->verb == CMD_ILL ? "illness" : "injury";
	char		 area[HEALTH_AREA_MAX] = "";
	int		 rc;

	if (c->verb == CMD_INJURED && c->text != NULL)
		health_area_read(c->text, area, sizeof(area));
	if ((rc = target_find(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if ((rc = episode_open(r->db, t.person, kind, area, "out", "coach",
	    r->now)) == -1)
		return -1;
	health_problem_words(kind, area, &what);
	rc = words_printf(r->reply, NULL, rc == 1 ? "mail.cmd_episode_opened" :
	    "mail.cmd_episode_open_already", t.label, what.data ? what.data :
	    "", c->who);
	buf_free(&what);
	return rc;
}

/* "stage WHO out|modified|full|cleared": the open episode moved on. */
static int
act_stage(struct cmd_run *r, const struct cmd_line *c)
{
	struct target	 t;
	struct buf	 what = { 0 };
	sqlite3_stmt	*st;
	char		 name[32];
	int		 rc;

	if ((rc = target_find(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	st = db_query(r->db, STMT_EPISODES_ATHLETE, "i", t.person);
	if ((rc = db_row(r->db, st)) == OUT_ROW &&
	    sqlite3_column_type(st, 5) == SQLITE_NULL)
		health_problem_words(db_text(st, 0), db_text(st, 1), &what);
	sqlite3_reset(st);
	if (rc == OUT_FAILED || (rc = episode_move(r->db, t.person, c->text,
	    r->now)) == -1) {
		buf_free(&what);
		return -1;
	}
	snprintf(name, sizeof(name), "gen.stage_%s", c->text);
	rc = rc == 0 ? words_printf(r->reply, NULL, "mail.cmd_episode_none",
	    t.label) : words_printf(r->reply, NULL, "mail.cmd_episode_moved",
	    t.label, what.data ? what.data : "", words_get(NULL, name));
	buf_free(&what);
	return rc;
}

/* "digest on|off|at HH:MM": the coach's choice, which digest.c reads. */
static int
act_digest(struct cmd_run *r, const struct cmd_line *c)
{
	char	 at[8];
	int	 rc;

	if (c->at == -1) {
		if ((rc = own_setting(r, STMT_CMD_PREF_DIGEST, "ii", c->on,
		    NULL)) != 0)
			return rc;
		return buf_puts(r->reply, words_get(NULL, c->on ?
		    "mail.cmd_digest_on" : "mail.cmd_digest_off"));
	}
	snprintf(at, sizeof(at), "%02d:%02d", c->at / 60 % 24, c->at % 60);
	if ((rc = own_setting(r, STMT_CMD_PREF_DIGEST_AT, "it", 0, at)) != 0)
		return rc;
	if (own_setting(r, STMT_CMD_PREF_DIGEST, "ii", 1, NULL) == -1)
		return -1;
	return words_printf(r->reply, NULL, "mail.cmd_digest_at", at);
}

static int	 act_avail(struct cmd_run *, const struct cmd_line *);

/*
 * session, cancel, rest: a plan for the squads it names (plan.c); a
 * session with avail after it asked about too (avail.c).
 */
static int
act_plan(struct cmd_run *r, const struct cmd_line *c)
{
	if (plan_act(r->db, r->coach, c, &r->plan, r->reply) == -1)
		return -1;
	return c->verb == CMD_SESSION && c->text != NULL && !c->plan.rest ?
	    act_avail(r, c) : 0;
}

/* avail, who, attended, absent, attend-by-default (avail.c). */
static int
act_avail(struct cmd_run *r, const struct cmd_line *c)
{
	const struct config *conf = r->mx->ws->conf;
	struct avail_cmd ac = { .db = r->db, .coach = r->coach, .now = r->plan.now,
	    .month_first = r->plan.month_first,
	    .next_week = r->plan.next_week,
	    .team = config_get(conf, "team", "name") };

	/* calendars reply where coaches write, else where mail comes from */
	if ((ac.organizer = config_get(conf, "mail", "address")) == NULL)
		ac.organizer = config_get(conf, "smtp", "from");

	return avail_act(&ac, c, r->reply);
}

/* What follows a command's keyword. */
enum shape {
	SHAPE_NONE,		/* help */
	SHAPE_SHEET,		/* nothing, on, off, or a squad */
	SHAPE_TARGET,		/* @handle, a squad, or all */
	SHAPE_TARGET_TEXT,	/* the same, ':', words */
	SHAPE_ID,		/* nothing, or a message's ID */
	SHAPE_HANDLE,		/* @handle */
	SHAPE_HANDLE_NUMBER,	/* @handle or a name, then a phone number */
	SHAPE_DIGEST,		/* on, off, or at HH:MM */
	SHAPE_PLAN,		/* a planned session (plan.c) */
	SHAPE_DAY,		/* a plan's day, am or pm, squad (plan.c) */
	SHAPE_ADD,		/* a name, a number or address, a squad */
	SHAPE_MOVE,		/* @handle or a name, then a squad */
	SHAPE_INJURED,		/* @handle or a name, then a body area
				   (injured; ill's is not read) */
	SHAPE_STAGE,		/* @handle or a name, then a stage */
	SHAPE_AVAIL,		/* a session's day, ':', words (avail.c) */
	SHAPE_ERG,		/* a metric, then an erg piece */
};

/* How each shape is written, for a line that was not (mail.cmd_bad). */
static const char *const shape_hint[] = {
	[SHAPE_NONE] = "mail.cmd_how_none",
	[SHAPE_SHEET] = "mail.cmd_how_sheet",
	[SHAPE_TARGET] = "mail.cmd_how_target",
	[SHAPE_TARGET_TEXT] = "mail.cmd_how_text",
	[SHAPE_ID] = "mail.cmd_how_id",
	[SHAPE_HANDLE] = "mail.cmd_how_handle",
	[SHAPE_HANDLE_NUMBER] = "mail.cmd_how_number",	/* %s: a number */
	[SHAPE_DIGEST] = "mail.cmd_how_digest",
	[SHAPE_PLAN] = "mail.plan_how_date",
	[SHAPE_DAY] = "mail.plan_how_cancel",
	[SHAPE_ADD] = "mail.cmd_how_add",		/* %s: a number */
	[SHAPE_MOVE] = "mail.cmd_how_move",
	[SHAPE_INJURED] = "mail.cmd_how_injured",
	[SHAPE_STAGE] = "mail.cmd_how_stage",
	[SHAPE_AVAIL] = "mail.avail_how",
	[SHAPE_ERG] = "mail.cmd_how_erg",
};

static const struct verb {
	const char	*kw;		/* the catalogue's keyword */
	enum shape	 shape;
	int		(*act)(struct cmd_run *, const struct cmd_line *);
} verbs[CMD__MAX] = {
	[CMD_HELP] =	{ "kw.help", SHAPE_NONE, act_help },
	[CMD_SHEET] =	{ "kw.sheet", SHAPE_SHEET, act_sheet },
	[CMD_REMIND] =	{ "kw.remind", SHAPE_TARGET, act_remind },
	[CMD_SEND] =	{ "kw.send", SHAPE_TARGET_TEXT, act_send },
	[CMD_RESEND] =	{ "kw.resend", SHAPE_ID, act_resend },
	[CMD_ARCHIVE] =	{ "kw.archive", SHAPE_ID, act_archive },
	[CMD_INVITE] =	{ "kw.invite", SHAPE_HANDLE, act_invite },
	[CMD_NUMBER] =	{ "kw.number", SHAPE_HANDLE_NUMBER, act_number },
	[CMD_PAUSE] =	{ "kw.pause", SHAPE_HANDLE, act_pause },
	[CMD_RESUME] =	{ "kw.resume", SHAPE_HANDLE, act_pause },
	[CMD_DIGEST] =	{ "kw.digest", SHAPE_DIGEST, act_digest },
	[CMD_SESSION] =	{ "kw.session", SHAPE_PLAN, act_plan },
	[CMD_CANCEL] =	{ "kw.cancel", SHAPE_DAY, act_plan },
	[CMD_REST] =	{ "kw.rest", SHAPE_DAY, act_plan },
	[CMD_ADD] =	{ "kw.add", SHAPE_ADD, act_add },
	[CMD_MOVE] =	{ "kw.move", SHAPE_MOVE, act_move },
	[CMD_REMOVE] =	{ "kw.remove", SHAPE_HANDLE, act_remove },
	[CMD_INJURED] =	{ "kw.injured", SHAPE_INJURED, act_episode },
	[CMD_ILL] =	{ "kw.sick", SHAPE_INJURED, act_episode },
	[CMD_STAGE] =	{ "kw.stage", SHAPE_STAGE, act_stage },
	[CMD_AVAIL] =	{ "kw.avail", SHAPE_AVAIL, act_avail },
	[CMD_WHO] =	{ "kw.who", SHAPE_AVAIL, act_avail },
	[CMD_ATTENDED] = { "kw.attended", SHAPE_AVAIL, act_avail },
	[CMD_ABSENT] =	{ "kw.absent", SHAPE_AVAIL, act_avail },
	[CMD_ATTEND_DEFAULT] = { "kw.attend_default", SHAPE_AVAIL, act_avail },
	[CMD_ERG] =	{ "kw.erg", SHAPE_ERG, act_erg },
};

/* Whether s (n bytes) is one of keyword name's words. */
static int
is_word(const char *s, size_t n, const char *name)
{
	char	 w[32];

	if (n == 0 || n >= sizeof(w))
		return 0;
	memcpy(w, s, n);
	w[n] = '\0';
	return words_is(name, w);
}

/* Whether s is "@handle" alone. */
static int
is_handle(const char *s)
{
	if (*s++ != '@' || *s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("._-", *s) == NULL)
			return 0;
	return 1;
}

/* A copy of s with its blanks at both ends trimmed; "" stays "". */
static char *
trimmed(const char *s, size_t n)
{
	char	*out;

	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/*
 * Whether the word s (n bytes) is a piece of a phone number: digits and
 * what numbers are written with ("+44", "(0)7700", "900-141").
 */
static int
phone_piece(const char *s, size_t n)
{
	size_t	 i, digits = 0;

	for (i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (strchr("+()-./", s[i]) == NULL)
			return 0;
	return digits > 0;
}

/*
 * Whether the word s (n bytes) is meant as an email address: an '@'
 * after its first letter (an @handle starts with it), checked when
 * acted on.
 */
static int
address_piece(const char *s, size_t n)
{
	return n > 1 && memchr(s + 1, '@', n - 1) != NULL;
}

/*
 * Whether the last words of s, from b to e, are polite words, joined
 * as one ("thank you", "s'il vous plaît": their apostrophes left out).
 */
static int
polite_words(const char *s, size_t b, size_t e)
{
	char	 w[48];
	size_t	 n = 0;

	for (; b < e; b++) {
		if (isspace((unsigned char)s[b]) || s[b] == '\'')
			continue;
		/* a right single quote, as phones write the apostrophe */
		if (e - b >= 3 && memcmp(s + b, "\xe2\x80\x99", 3) == 0) {
			b += 2;
			continue;
		}
		if (n + 1 == sizeof(w))
			return 0;
		w[n++] = s[b];
	}
	w[n] = '\0';
	return n > 0 && words_is("kw.polite", w);
}

/*
 * The length of s (n bytes, trimmed) without what ends it politely:
 * the polite words ("pls", "thanks!", "thank you", "merci") and the
 * stops, commas and blanks before them; n when nothing else would be
 * left.
 */
static size_t
polite_end(const char *s, size_t n)
{
	size_t	 e = n, b, k, cut;

	for (;;) {
		while (e > 0 && strchr(" \t,.!;", s[e - 1]) != NULL)
			e--;
		/* one, two or three words from the end, as one */
		for (cut = 0, b = e, k = 0; k < 3 && cut == 0; k++) {
			while (b > 0 && isspace((unsigned char)s[b - 1]))
				b--;
			while (b > 0 && !isspace((unsigned char)s[b - 1]) &&
			    s[b - 1] != ',')
				b--;
			if (polite_words(s, b, e))
				cut = b + 1;
		}
		if (cut == 0)
			break;
		e = cut - 1;
	}
	while (e > 0 && strchr(" \t,.!;", s[e - 1]) != NULL)
		e--;
	return e > 0 ? e : n;
}

/*
 * How many bytes of s (n, trimmed) a polite word and the blanks and
 * commas after it take at its start ("Please remind Juniors", "pls,
 * sheet"); 0 when none, or when nothing would be left.
 */
static size_t
polite_start(const char *s, size_t n)
{
	size_t	 w = 0, k;

	while (w < n && !isspace((unsigned char)s[w]) && s[w] != ',')
		w++;
	if (!polite_words(s, 0, w))
		return 0;
	for (k = w; k < n && (isspace((unsigned char)s[k]) || s[k] == ',');
	    k++)
		continue;
	return k < n ? k : 0;
}

/*
 * Cuts a ("WHO NUMBER", trimmed, writable) where the number's pieces
 * start, into *number.  0, or -1 when no number follows a who.
 */
static int
split_number(char *a, char **number)
{
	char	*p = a, *start = NULL;
	size_t	 n;

	while (*p != '\0') {
		n = strcspn(p, " \t");
		if (!phone_piece(p, n))
			start = NULL;
		else if (start == NULL)
			start = p;
		p += n;
		p += strspn(p, " \t");
	}
	if (start == NULL || start == a)
		return -1;
	start[-1] = '\0';	/* the blank before it */
	*number = start;
	return 0;
}

/*
 * add's words (a, trimmed, writable): the name up to a number or an
 * address, the number's pieces and an address in either order, then
 * the squad (after "to" or "in" when written so), commas as blanks.
 * Into c->who, c->text (NULL: no number), c->email, c->squad (NULL:
 * not said).  0, or -1 when there is no name or neither a number nor
 * an address.
 */
static int
shape_add(char *a, struct cmd_line *c)
{
	struct buf	 num = { 0 };
	char		*p;
	size_t		 n;

	for (p = a; *p != '\0'; p++)
		if (*p == ',' || *p == ';')
			*p = ' ';
	a = trim(a);
	for (p = a; *p != '\0'; p += strspn(p, " \t")) {
		n = strcspn(p, " \t");
		if (phone_piece(p, n) || address_piece(p, n))
			break;
		p += n;
	}
	if (p == a || *p == '\0')
		return -1;
	p[-1] = '\0';
	if ((c->who = xstrdup(trim(a))) == NULL || *c->who == '\0')
		return -1;
	for (; *p != '\0'; p += strspn(p, " \t")) {
		n = strcspn(p, " \t");
		if (phone_piece(p, n))
			buf_printf(&num, "%s%.*s", num.len ? " " : "", (int)n, p);
		else if (address_piece(p, n) && c->email == NULL) {
			if ((c->email = trimmed(p, n)) == NULL)
				break;
		} else
			break;
		p += n;
	}
	n = strcspn(p, " \t");
	if (n > 0 && p[n] != '\0' && is_word(p, n, "kw.into"))
		p = trim(p + n);
	if ((*p != '\0' && (c->squad = xstrdup(p)) == NULL) ||
	    buf_failed(&num) || (num.len > 0 &&
	    (c->text = buf_steal(&num)) == NULL)) {
		buf_free(&num);
		return -1;
	}
	return c->text != NULL || c->email != NULL ? 0 : -1;
}

/*
 * The target in a (trimmed): "all", "@handle" (handles are lower case)
 * or a squad.  0 or -1.
 */
static int
shape_target(const char *a, struct cmd_line *c)
{
	char	*p;

	if (a[0] == '\0')
		return -1;
	if (is_word(a, strlen(a), "kw.all")) {
		c->all = 1;
		return 0;
	}
	if (a[0] == '@' && !is_handle(a))
		return -1;
	if ((c->who = xstrdup(a)) == NULL)
		return -1;
	for (p = c->who; c->who[0] == '@' && *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return 0;
}

/* An ID, "43" or "#43", into c->id; nothing is 0.  0 or -1. */
static int
shape_id(const char *a, struct cmd_line *c)
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

/* "on" or "off" into c->on.  0 or -1. */
static int
shape_switch(const char *a, struct cmd_line *c)
{
	if (is_word(a, strlen(a), "kw.on"))
		c->on = 1;
	else if (is_word(a, strlen(a), "kw.off"))
		c->on = 0;
	return c->on == -1 ? -1 : 0;
}

/*
 * A time of day to minutes, -1 if none: "HH:MM", or as coaches write
 * it, "7:05", "6h30" and "6h" (French), "6.30" and "6:30 Uhr" (German).
 */
static int
clock_read(const char *s)
{
	char	 hhmm[6];
	size_t	 h, n = strlen(s);

	if (n > 4 && strcasecmp(s + n - 4, " uhr") == 0)
		n -= 4;
	h = isdigit((unsigned char)s[0]) ? isdigit((unsigned char)s[1]) ?
	    2 : 1 : 0;
	if (h == 0 || h >= n || strchr(":hH.", s[h]) == NULL ||
	    (h + 3 != n && (h + 1 != n || (s[h] != 'h' && s[h] != 'H'))))
		return -1;
	snprintf(hhmm, sizeof(hhmm), "%s%.*s:%.2s", h == 1 ? "0" : "",
	    (int)h, s, h + 1 == n ? "00" : s + h + 1);
	return parse_clock(hhmm, 5);
}

/* The last word of a (trimmed): its start, or NULL when a has one. */
static char *
last_word(char *a)
{
	char	*p = a + strlen(a);

	while (p > a && !isspace((unsigned char)p[-1]))
		p--;
	return p == a ? NULL : p;
}

/*
 * Whether the words after an episode's keyword read as a sentence, not
 * a name ("Injured her back on Tuesday, rest her"): punctuation a name
 * has not, or more words than a name and an area or stage have.
 */
static int
sentence(const char *a)
{
	size_t	 words = 0;

	if (strpbrk(a, ",;:!?") != NULL)
		return 1;
	while (*(a += strspn(a, " \t")) != '\0') {
		words++;
		a += strcspn(a, " \t");
	}
	return words > 6;
}

/*
 * "injured Jane Doe lower back": the body area's words off the end of
 * a (kept whole in c->text, read when acted on), the athlete before.
 * "stage @jdoe modified training": the stage off the end, into c->text
 * as health.c names it.  0 or -1.
 */
static int
shape_episode(enum shape sh, char *a, struct cmd_line *c)
{
	char		*w;
	const char	*stage = NULL;

	if (sentence(a))
		return -1;
	if (sh == SHAPE_INJURED && (c->text = xstrdup(a)) == NULL)
		return -1;
	/* each word of the area or stage cut off, till the name's */
	while ((w = last_word(a)) != NULL) {
		if (!(sh == SHAPE_INJURED && health_area_word(w)) &&
		    !(sh == SHAPE_STAGE && stage == NULL &&
		    (words_is("kw.training", w) ||
		    (stage = episode_stage_read(w)) != NULL)))
			break;
		w[-1] = '\0';
		trim(a);
	}
	if (sh == SHAPE_STAGE && (stage == NULL ||
	    (c->text = xstrdup(stage)) == NULL))
		return -1;
	if (a[0] == '@')
		return is_handle(a) ? shape_target(a, c) : -1;
	c->person = 1;
	return shape_target(a, c) == 0 && !c->all ? 0 : -1;
}

/*
 * Reads the arguments a (trimmed, writable) of a command of shape sh
 * into c.  Returns 0, or -1 when they are not of that shape.
 */
static int
shape_read(enum shape sh, char *a, struct cmd_line *c)
{
	char	*p;
	size_t	 n = strcspn(a, " \t");

	switch (sh) {
	case SHAPE_NONE:
		return 0;
	case SHAPE_SHEET:
		if (a[0] == '\0' || shape_switch(a, c) == 0)
			return 0;
		return shape_target(a, c) == 0 && !c->all ? 0 : -1;
	case SHAPE_TARGET:
		return shape_target(a, c);
	case SHAPE_TARGET_TEXT:
		if ((p = strchr(a, ':')) == NULL)
			return -1;
		*p++ = '\0';
		if ((c->text = trimmed(p, strlen(p))) == NULL ||
		    c->text[0] == '\0')
			return -1;
		return shape_target(trim(a), c);
	case SHAPE_ID:
		return shape_id(a, c);
	case SHAPE_HANDLE:
		if (a[0] == '@')
			return is_handle(a) ? shape_target(a, c) : -1;
		/* "resume Tom Walsh": a name, never a squad or all */
		c->person = 1;
		return shape_target(a, c) == 0 && !c->all ? 0 : -1;
	case SHAPE_HANDLE_NUMBER:
		/* "number Poppy Adams 07700 900141", as every command
		 * names an athlete */
		if (split_number(a, &p) == -1 || (c->text = xstrdup(p)) == NULL)
			return -1;
		a = trim(a);
		if (a[0] == '@')
			return is_handle(a) ? shape_target(a, c) : -1;
		c->person = 1;
		return shape_target(a, c) == 0 && !c->all ? 0 : -1;
	case SHAPE_DIGEST:
		if (shape_switch(a, c) == 0)
			return 0;
		if (!is_word(a, n, "kw.at"))
			return -1;
		p = trim(a + n);
		/* "a las 7:30": Spanish's article, a word of kw.at too */
		if (is_word(p, n = strcspn(p, " \t"), "kw.at"))
			p = trim(p + n);
		return (c->at = clock_read(p)) == -1 ? -1 : 0;
	case SHAPE_PLAN:
		/* "...: 90 min rpe 4 avail 7:00": asked too (avail.c) */
		if (avail_plan_split(a, c) == -1)
			return -1;
		return plan_parse(a, c);
	case SHAPE_DAY:
		if (plan_parse_day(a, c) == -1)
			return -1;
		c->plan.rest = c->verb == CMD_REST;
		return 0;
	case SHAPE_ADD:
		return shape_add(a, c);
	case SHAPE_INJURED:
	case SHAPE_STAGE:
		return shape_episode(sh, a, c);
	case SHAPE_MOVE:
		/* the squad is found from the end when acted on */
		if (strpbrk(a, " \t") == NULL)
			return -1;
		return (c->text = xstrdup(a)) == NULL ? -1 : 0;
	case SHAPE_AVAIL:
		return avail_parse(a, c);
	case SHAPE_ERG:
		/* a metric's words, then a piece: read when acted on */
		for (p = a; *p != '\0'; p++)
			if (*p == '\t')
				*p = ' ';
		if ((p = strrchr(a, ' ')) == NULL || strlen(a) >= 256 ||
		    erg_piece_parse(p + 1, &c->erg) == -1)
			return -1;
		return (c->text = xstrdup(a)) == NULL ? -1 : 0;
	}
	return -1;
}

/*
 * Whether a line (n bytes) of no command's keyword was meant as one:
 * its first word (w bytes) a typo away from a command's keyword
 * ("relancr", "feuile", "Seánce": one letter off from five letters
 * on, two from eight, counted in letters, not bytes), and no digit in
 * the line, which a rating always has.  A keyword with an ending
 * ("Sessions were hard", "Invited Jane") is prose unless an @handle
 * follows ("reminder @jdoe").  Sets c's verb and near.
 */
static int
mistyped(const char *s, size_t w, size_t n, struct cmd_line *c)
{
	char		 word[32], near[32];
	size_t		 i, d, best = SIZE_MAX, letters;

	if (w >= sizeof(word))
		return 0;
	for (i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return 0;
	memcpy(word, s, w);
	word[w] = '\0';
	if ((letters = utf8_chars(word)) < 5)
		return 0;
	for (i = 0; i < CMD__MAX; i++)
		if ((d = words_nearest(verbs[i].kw, word, near,
		    sizeof(near))) <= (letters >= 8 ? 2u : 1u) && d < best) {
			best = d;
			c->verb = (enum cmd_verb)i;
			memcpy(c->near, near, sizeof(near));
		}
	if (best != SIZE_MAX && strncasecmp(word, c->near,
	    strlen(c->near)) == 0) {
		for (i = w; i + 1 < n; i++)	/* " @x" */
			if (s[i] == '@' && isspace((unsigned char)s[i - 1]) &&
			    isalnum((unsigned char)s[i + 1]))
				return 1;
		return 0;
	}
	return best != SIZE_MAX;
}

/* What c holds of its arguments, freed: nothing half read acts. */
static void
args_free(struct cmd_line *c)
{
	free(c->who);
	free(c->text);
	free(c->email);
	free(c->squad);
	c->who = c->text = c->email = c->squad = NULL;
	plan_line_free(&c->plan);
}

static void
command_clear(struct cmd_line *c)
{
	free(c->line);
	args_free(c);
	memset(c, 0, sizeof(*c));
}

/*
 * Whether a line of verb whose arguments a (trimmed) were not read is
 * prose rather than a command said wrong: "Rest of the week was good",
 * "annuler" alone (French's undo, which intake.c answers), "Injured
 * her back on Tuesday, rest her this week", "Who was missing?",
 * "Attended the regatta".
 */
static int
prose(enum cmd_verb verb, const char *a)
{
	/* "Erg test went well": a line about ergs, no command */
	return verb == CMD_REST || (verb == CMD_CANCEL && *a == '\0') ||
	    ((verb == CMD_INJURED || verb == CMD_ILL || verb == CMD_STAGE) &&
	    sentence(a)) || verb == CMD_WHO || verb == CMD_ATTENDED ||
	    verb == CMD_ERG;
}

/*
 * Reads one line (n bytes, trimmed) into c when it starts with a
 * command's keyword, followed by a blank or nothing, or with a typo of
 * one (c->typo, its word in c->text), or when a day starts it and it
 * reads as a plan ("Sun: rest": plan.c); a polite word before or after
 * it left out.  Returns 1 (c filled, c->bad when its arguments were
 * not understood), 0 (not a command), or -1 when out of memory.
 */
static int
parse_line(const char *s, size_t n, struct cmd_line *c)
{
	const char	*line = s;
	char		*a;
	size_t		 w = 0, i, len = n, lead;
	int		 rc;

	lead = polite_start(s, n);
	s += lead;
	n -= lead;
	while (w < n && !isspace((unsigned char)s[w]))
		w++;
	for (i = 0; i < CMD__MAX && !is_word(s, w, verbs[i].kw); i++)
		continue;
	if (i == CMD__MAX) {
		if ((rc = plan_parse_bare(s, n, c)) != 0) {
			if (rc == 1 && (c->line = trimmed(line, len)) == NULL)
				rc = -1;
			if (rc == -1)
				command_clear(c);
			return rc;
		}
		memset(c, 0, sizeof(*c));
		if (!mistyped(s, w, n, c))
			return 0;
		c->bad = c->typo = 1;
		if ((c->line = trimmed(line, len)) == NULL ||
		    (c->text = trimmed(s, w)) == NULL) {
			free(c->line);
			return -1;
		}
		return 1;
	}
	memset(c, 0, sizeof(*c));
	c->verb = (enum cmd_verb)i;
	c->on = c->at = -1;
	/* a send's text is the coach's own, its "thanks" included */
	if (verbs[i].shape != SHAPE_TARGET_TEXT)
		n = polite_end(s, n);
	if ((c->line = trimmed(line, len)) == NULL ||
	    (a = trimmed(s + w, n - w)) == NULL) {
		free(c->line);
		return -1;
	}
	c->bad = shape_read(verbs[i].shape, a, c) == -1;
	if (c->bad)
		args_free(c);
	if (c->bad && prose(c->verb, a)) {
		free(a);
		command_clear(c);
		return 0;
	}
	free(a);
	return 1;
}

/*
 * Keeps c in out, taking what it owns; past what one email may carry
 * (CMD_MAX commands, PLAN_MAX plan lines, and one more of each kind to
 * answer for the rest) only counts it and frees it.  Returns 1 when
 * kept, 0 when counted, -1 when out of memory (c freed).
 */
static int
list_add(struct cmd_list *out, struct cmd_line *c)
{
	struct cmd_line	*nv;
	int		 plan = CMD_PLANS(c->verb);

	if (plan ? out->nplans > PLAN_MAX : out->n - out->nplans > CMD_MAX) {
		command_clear(c);
		*(plan ? &out->more_plans : &out->more) += 1;
		return 0;
	}
	if ((nv = reallocarray(out->v, out->n + 1, sizeof(*nv))) == NULL) {
		command_clear(c);
		return -1;
	}
	out->v = nv;
	out->v[out->n++] = *c;
	out->nplans += plan;
	return 1;
}

/*
 * Takes the command lines out of text (the email's words above any
 * quote), blanking them where they were, into out (emptied first;
 * command_free() frees it).  out->first says whether the first line
 * with words was one: what follows it may be a signature;
 * out->next_week whether a heading says the email is about next week
 * (the subject may say so too: intake.c).  Returns how many it found,
 * or -1 when out of memory.
 */
int
command_parse(char *text, struct cmd_list *out)
{
	struct cmd_line	 c;
	char		*p, *end, *s, *e;
	int		 rc, seen = 0;

	memset(out, 0, sizeof(*out));
	/* "Plan for next week": what its weekdays mean (plan.c) */
	out->next_week = plan_next_week(text);
	for (p = text; *p != '\0'; p = *end == '\0' ? end : end + 1) {
		end = p + strcspn(p, "\n");
		for (s = p; s < end && isspace((unsigned char)*s); s++)
			continue;
		for (e = end; e > s && isspace((unsigned char)e[-1]); e--)
			continue;
		if (s == e)
			continue;
		if ((rc = parse_line(s, (size_t)(e - s), &c)) == 1) {
			/* kept or past the limit, it is no rating: blanked */
			memset(p, ' ', (size_t)(end - p));
			if ((rc = list_add(out, &c)) == 1)
				out->first |= !seen;
		}
		if (rc == -1) {
			command_free(out);
			return -1;
		}
		seen = 1;
	}
	return (int)out->n;
}

/*
 * Reads a CSV attachment as plan lines into out, after the text's,
 * when its header is a plan's (plan_csv_columns()): each row as the
 * line it stands for.  Returns 1 when it was one, 0 when not (a
 * rating CSV, which ratemail.c reads), -1 when out of memory.
 */
int
command_parse_csv(const char *data, size_t len, struct cmd_list *out)
{
	struct csv_reader	*r;
	struct csv_record	*rec;
	struct cmd_line		 c;
	struct buf		 line = { 0 };
	int			 cols[PLAN_CSV_COLS], got, rc = -1;

	if ((r = csv_open(data, len)) == NULL)
		return -1;
	if (csv_read(r, &rec) != 1 || !plan_csv_columns(rec, cols)) {
		rc = 0;
		goto out;
	}
	while ((got = csv_read(r, &rec)) == 1) {
		if (plan_csv_line(rec, cols, &line) == -1)
			goto out;
		if (line.len == 0)
			continue;	/* a row with no date: a blank one */
		if ((got = parse_line(line.data, line.len, &c)) == 1)
			got = list_add(out, &c);
		if (got == -1)
			goto out;
	}
	if (got == -1)
		log_warn("a plan's CSV: %s; the rows after it were not read",
		    csv_error(r));
	rc = 1;
out:
	buf_free(&line);
	csv_close(r);
	return rc;
}

void
command_free(struct cmd_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		command_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The command's line, quoted in the answer; a long one cut short. */
static void
echo_line(struct buf *reply, const char *line)
{
	char	 cut[ECHO_MAX + 4];
	size_t	 n = strlen(line);

	if (n > ECHO_MAX) {
		n = ECHO_MAX;
		while (n > 0 && ((unsigned char)line[n] & 0xc0) == 0x80)
			n--;	/* not inside a character */
		snprintf(cut, sizeof(cut), "%.*s...", (int)n, line);
		line = cut;
	}
	words_printf(reply, NULL, "mail.cmd_line", line);
}

/*
 * Whether c of l is past what one email may carry (list_add()), done
 * counting the commands and the plan lines met so far; the first of
 * each kind past it answers for the rest of its kind in reply.
 */
static int
too_many(const struct cmd_list *l, const struct cmd_line *c, size_t done[2],
    struct buf *reply)
{
	int	 plan = CMD_PLANS(c->verb);
	size_t	 max = plan ? PLAN_MAX : CMD_MAX;
	size_t	 all = plan ? l->nplans + l->more_plans :
	    l->n - l->nplans + l->more;

	if (done[plan]++ < max)
		return 0;
	if (done[plan] == max + 1)
		words_printf(reply, NULL, plan ? "mail.plan_too_many" :
		    "mail.cmd_too_many", (int)max, (unsigned long)(all - max));
	return 1;
}

/*
 * Carries out the commands of l from coach (a person's id; 0, an
 * address on no roster, commands nothing), in the caller's
 * transaction, answering each in reply: the line, then what was done
 * or why not.  Returns 0, 1 when the sender may command nothing (a
 * removed coach, an athlete, nobody: said in reply), or -1 on a
 * database error.
 */
int
command_act(struct mailer *mx, const struct cmd_list *l, int64_t coach,
    struct buf *reply)
{
	struct person	 me = { 0 };
	struct cmd_run	 r = { .mx = mx, .db = mx->ws->db, .coach = coach,
	    .now = time(NULL), .reply = reply };
	const struct cmd_line *c;
	struct buf	 how = { 0 };
	char		 ex[PHONE_EXAMPLE_MAX];
	size_t		 i, done[2] = { 0, 0 };	/* commands, plan lines */
	int		 rc = -1;

	if (coach != 0 && person_load(r.db, coach, &me) == -1)
		goto out;
	if (coach == 0 || !me.active || me.role == ROLE_ATHLETE) {
		rc = buf_puts(reply, words_get(NULL, "mail.not_a_coach")) ==
		    -1 ? -1 : 1;
		goto out;
	}
	r.name = me.name;
	r.head = me.role == ROLE_HEAD_COACH;
	r.plan.now = clock_now();
	r.plan.month_first = day_month_first(mx->country);
	r.plan.next_week = l->next_week;
	for (i = 0; i < l->n; i++) {
		c = &l->v[i];
		if (too_many(l, c, done, reply))
			continue;
		echo_line(reply, c->line);
		if (c->typo)
			words_printf(reply, NULL, "mail.cmd_typo", c->text,
			    c->near);
		else if (c->bad && !c->plan.why &&
		    (verbs[c->verb].shape == SHAPE_HANDLE_NUMBER ||
		    verbs[c->verb].shape == SHAPE_ADD)) {
			buf_reset(&how);
			words_printf(&how, NULL,
			    shape_hint[verbs[c->verb].shape],
			    number_example(&r, ex));
			words_printf(reply, NULL, "mail.cmd_bad",
			    how.data != NULL ? how.data : "");
		} else if (c->bad)
			words_printf(reply, NULL, "mail.cmd_bad", words_get(NULL,
			    c->plan.why ? c->plan.why :
			    shape_hint[verbs[c->verb].shape]));
		else if (verbs[c->verb].act(&r, c) == -1)
			goto out;
		buf_puts(reply, "\n");
	}
	rc = buf_failed(reply) ? -1 : 0;
out:
	buf_free(&how);
	free(r.reminded);
	person_clear(&me);
	return rc;
}
