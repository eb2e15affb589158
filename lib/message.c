/*
 * message.c - owns the message table: every row of it is written here,
 * and whether a person may be reached on a channel is decided here
 * once.
 *
 * message_in() stores what arrives, message_answered() what was answered
 * at once (the TwiML of a text), message_queue() what the outbox is to
 * send.  message_reach() is the rule the dashboard, the confirmation's
 * waiting list and the outbox share, message_reach_guardian() the one
 * for a minor's guardian; the view person_reach (schema.c, v15 and v36)
 * is the same rules for SQL, with the names of message_reach_name().
 * What a coach reads of it is message_reach_words(), from the catalogue.
 */
#include <string.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"
#include "sql.h"

STMT_SHARED(STMT_INBOX_ARCHIVE,
    "UPDATE message SET archived = 1 WHERE id = ? AND direction = 'in'");
/*
 * lib/message.c alone writes messages; a text's MessageSid goes
 * to sid (schema v34), every other provider's id to provider_id.
 * An id is never one a deleted message had (message_high), so
 * that the texts read since a row (ingest/seen.c) are all there.
 */
STMT(STMT_MESSAGE_INSERT,
    "INSERT INTO message (id, direction, channel, person_id, peer, "
    "subject, body, kind, provider_id, sid, status, created_at, "
    "about) VALUES (max(coalesce((SELECT max(id) FROM message), 0), "
    "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
    "'message_id_high'), 0)) + 1, ?1, ?2, nullif(?3, 0), ?4, ?5, ?6, "
    "?7, "
    "CASE WHEN ?1 = 'in' AND ?2 = 'sms' THEN NULL ELSE ?8 END, "
    "CASE WHEN ?1 = 'in' AND ?2 = 'sms' THEN ?8 END, ?9, ?10, "
    "nullif(?11, 0))");
STMT_SHARED(STMT_MESSAGE_STATUS,
    "UPDATE message SET status = ?, error = ?, "
    "attempts = attempts + ?, next_attempt_at = ?, "
    "provider_id = coalesce(?, provider_id) WHERE id = ?");
STMT_SHARED(STMT_MESSAGE_STATUS_LOG,
    "INSERT INTO message_status (message_id, status, error_code, at) "
    "VALUES (?, ?, ?, ?)");
STMT_SHARED(STMT_OUTBOX_STUCK,
    "SELECT count(*) FROM message WHERE direction = 'out' "
    "AND status = 'sending'");
STMT(STMT_MESSAGE_ANSWER, "UPDATE message SET answer = ? WHERE id = ?");
STMT_SHARED(STMT_MESSAGE_SET_STATUS,
    "UPDATE message SET status = ? WHERE id = ?");
STMT_SHARED(STMT_STATUS_OUTBOX,
    "SELECT channel, status, count(*), min(created_at) FROM message "
    "WHERE direction = 'out' AND status IN ('queued', 'sending', "
    "'failed', 'undelivered') GROUP BY channel, status "
    "ORDER BY channel, status");
/*
 * The last ?3 texts sent to person ?1's number ?2 that Twilio took
 * or refused, newest first, each with its last error code; and
 * whether the number texted in after the newest of them.
 */
STMT(STMT_NUMBER_LAST_SENDS,
    "SELECT m.status, CASE WHEN " OUT_CODE " != '' THEN " OUT_CODE
    " ELSE coalesce(m.error, '') END, EXISTS (SELECT 1 FROM message i "
    "WHERE i.person_id = ?1 AND i.direction = 'in' AND i.peer = ?2 "
    "AND i.id > m.id) FROM message m WHERE m.person_id = ?1 AND "
    "m.direction = 'out' AND +m.channel = 'sms' AND m.peer = ?2 AND "
    "m.status IN ('sent', 'delivered', 'read', 'failed', 'undelivered') "
    /* message_person's order: the columns of ?3 rows, not of every
       text the person was ever sent before a sort; newest by time,
       which is by id but across a step of the clock */
    "ORDER BY m.created_at DESC, m.id DESC LIMIT ?3");
STMT_SHARED(STMT_MESSAGE_SET_VIA,
    "UPDATE message SET via = ? WHERE id = ?");

static const char *const channel_names[CHANNEL__MAX] = {
	[CHANNEL_SMS] = "sms",
	[CHANNEL_EMAIL] = "email",
};

/* as the view person_reach spells them: keep the two the same */
static const char *const reach_names[REACH__MAX] = {
	[REACH_YES] = "yes",
	[REACH_REMOVED] = "removed",
	[REACH_BLOCKED] = "blocked",
	[REACH_OPTED_OUT] = "opted out",
	[REACH_NO_NUMBER] = "no number",
	[REACH_NO_EMAIL] = "no email",
	[REACH_NO_CONSENT] = "no consent",
	[REACH_NO_GUARDIAN_CONSENT] = "no guardian consent",
};

const char *
channel_name(enum channel c)
{
	return c < CHANNEL__MAX ? channel_names[c] : "";
}

/* The name stored and matched (person_reach, an outbox status). */
/*
 * Whether texts to person's number have failed the last `after` times
 * in a row with an error that sending again will not mend (30003 out of
 * reach, 30005 no such number, 30006 a landline, 21211 not a valid
 * number, 21614 not a mobile), with nothing from that number since: the
 * code of the latest into code (8 bytes).  1 yes, 0 no, -1 on error.
 * A new number starts afresh; a text from the number lifts it.
 */
int
message_number_failing(struct db *db, int64_t person, const char *number,
    long after, char code[8])
{
	static const char *const lasting[] = { "30003", "30005", "30006",
	    "21211", "21614", NULL };
	sqlite3_stmt	*st;
	char		 buf[16];
	const char	*c;
	long		 n = 0;
	int		 rc, i, failing = 1;

	code[0] = '\0';
	if (after <= 0 || person == 0)
		return 0;
	st = db_query(db, STMT_NUMBER_LAST_SENDS, "iti", person, number,
	    (int64_t)after);
	while (failing && (rc = db_row(db, st)) == OUT_ROW) {
		c = phone_error_code(db_text(st, 1), buf, sizeof(buf));
		for (i = 0; lasting[i] != NULL && strcmp(c, lasting[i]); i++)
			continue;
		if (sqlite3_column_int(st, 2) || lasting[i] == NULL ||
		    (strcmp(db_text(st, 0), "failed") != 0 &&
		    strcmp(db_text(st, 0), "undelivered") != 0))
			failing = 0;
		else if (n++ == 0)
			snprintf(code, 8, "%s", c);
	}
	sqlite3_reset(st);
	if (rc == -1)
		return -1;
	return failing && n >= after;
}

const char *
message_reach_name(enum reach r)
{
	return r < REACH__MAX ? reach_names[r] : "";
}

/* The words a coach reads for r (page.reach_ entries): "no number". */
const char *
message_reach_words(enum reach r)
{
	static const char *const words[REACH__MAX] = {
		[REACH_YES] = "page.reach_yes",
		[REACH_REMOVED] = "page.reach_removed",
		[REACH_BLOCKED] = "page.reach_blocked",
		[REACH_OPTED_OUT] = "page.reach_opted_out",
		[REACH_NO_NUMBER] = "page.reach_no_number",
		[REACH_NO_EMAIL] = "page.reach_no_email",
		[REACH_NO_CONSENT] = "page.reach_no_consent",
		[REACH_NO_GUARDIAN_CONSENT] = "page.reach_no_guardian_consent",
	};

	return r < REACH__MAX ? words_get(NULL, words[r]) : "";
}

/*
 * Whether p may be sent anything on channel c, and if not, why: someone
 * removed from the roster, blocked, who texted STOP (then nothing is
 * sent them, emails neither), or with no number or address for c.  The
 * first that holds is the answer.
 */
enum reach
message_reach(const struct person *p, enum channel c)
{
	if (!p->active)
		return REACH_REMOVED;
	if (p->blocked)
		return REACH_BLOCKED;
	if (p->opted_out)
		return REACH_OPTED_OUT;
	if (c == CHANNEL_SMS && p->phones.n == 0)
		return REACH_NO_NUMBER;
	if (c == CHANNEL_EMAIL && p->email == NULL)
		return REACH_NO_EMAIL;
	return REACH_YES;
}

/*
 * Whether p's guardian may be sent their copy of what p is sent (or a
 * coach's answer to them), and if not, why: not while p is removed or
 * blocked, nor once the guardian texted STOP (theirs alone: p's own
 * STOP is p's, and the guardian's leaves p's texts as they were), nor
 * with no guardian on the roster.  The view person_reach's guardian
 * column is the same rule.
 */
enum reach
message_reach_guardian(const struct person *p)
{
	if (!p->active)
		return REACH_REMOVED;
	if (p->blocked)
		return REACH_BLOCKED;
	if (p->guardian_opted_out)
		return REACH_OPTED_OUT;
	if (p->guardian_phone == NULL && p->guardian_email == NULL)
		return REACH_NO_NUMBER;
	return REACH_YES;
}

/*
 * The name as the view person_reach gives it back as an enum reach;
 * REACH_YES for NULL or "" (a message to someone on no roster).
 */
enum reach
message_reach_parse(const char *name)
{
	int	 r;

	for (r = 0; name != NULL && r < REACH__MAX; r++)
		if (strcmp(name, reach_names[r]) == 0)
			return (enum reach)r;
	return REACH_YES;
}

/*
 * r for a message that names its peer (the address an email came from,
 * or one stored when it was queued): that address stands for the
 * person's own, so having none on the roster does not matter.
 */
enum reach
message_reach_peer(enum reach r)
{
	return r == REACH_NO_NUMBER || r == REACH_NO_EMAIL ? REACH_YES : r;
}

/* The address of p on channel c, NULL when there is none. */
static const char *
address_of(const struct person *p, enum channel c)
{
	if (c == CHANNEL_SMS)
		return p->phones.n > 0 ? p->phones.v[0] : NULL;
	return p->email;
}

/*
 * Writes m as one row: direction "in" or "out", status as given; a
 * text that came or went by WhatsApp says so in its via.
 */
static enum outcome
message_insert(struct db *db, const char *direction, const struct message *m,
    const char *peer, const char *status, int64_t *id)
{
	int64_t	 at = m->created_at ? m->created_at : (int64_t)time(NULL);
	int64_t	 row;

	if (db_exec(db, STMT_MESSAGE_INSERT, "ttittttttii", direction,
	    channel_name(m->channel), m->person, peer, m->subject, m->body,
	    m->kind, m->provider_id, status, at, m->about) == -1)
		return OUT_FAILED;
	row = db_last_id(db);
	if (m->via != NULL && db_exec(db, STMT_MESSAGE_SET_VIA, "ti", m->via,
	    row) == -1)
		return OUT_FAILED;
	if (id != NULL)
		*id = row;
	return OUT_OK;
}

/*
 * Stores m, which arrived, with its m->status ("stored", "rejected"),
 * in the caller's transaction; its row's id into *id when id is not
 * NULL.  OUT_FAILED on a database error, a unique provider_id seen
 * before included (the caller reads the error code): an email's
 * Message-ID.  A text's MessageSid goes to sid, in no unique index
 * since schema v34: the webhook (ingest/reply.c) finds a text it has
 * before storing it again, under its write lock.
 */
enum outcome
message_in(struct db *db, const struct message *m, int64_t *id)
{
	return message_insert(db, "in", m, m->peer, m->status, id);
}

/*
 * Keeps answer, already given in the request it answers (the TwiML
 * reply to a text; "" for none), on the row of text id, message_in()'s:
 * sent with the answer to the request, it is never queued, so no rule
 * applies, and a retry of the text is given it again.
 */
enum outcome
message_answered(struct db *db, int64_t id, const char *answer)
{
	return db_exec(db, STMT_MESSAGE_ANSWER, "ti", answer, id) == -1 ?
	    OUT_FAILED : OUT_OK;
}

/*
 * The copy of m, stored as row id, for minor p's guardian
 * (person_guardian_copies()): by text when they gave a number, else by
 * email, saying whose message it is, in the team's words; kept under
 * p, kind "guardian", about m (cancelled with it: correct.c, thread.c).
 */
static enum outcome
guardian_copy(struct db *db, const struct person *p, const struct message *m,
    int64_t id)
{
	struct message	 c = *m;
	struct buf	 body = { 0 }, subject = { 0 };
	const char	*was = words_reader(NULL);
	enum outcome	 rc = OUT_FAILED;

	c.kind = "guardian";
	c.about = id;
	c.channel = p->guardian_phone != NULL ? CHANNEL_SMS : CHANNEL_EMAIL;
	if (words_printf(&body, NULL, c.channel == CHANNEL_SMS ?
	    "sms.guardian_copy" : "mail.guardian_copy", p->name,
	    m->body) == -1 || (c.channel == CHANNEL_EMAIL &&
	    words_printf(&subject, NULL, "mail.guardian_subject",
	    p->name) == -1))
		goto out;
	c.body = body.data;
	c.subject = c.channel == CHANNEL_EMAIL ? subject.data : NULL;
	rc = message_insert(db, "out", &c, c.channel == CHANNEL_SMS ?
	    p->guardian_phone : p->guardian_email, "queued", NULL);
out:
	words_reader(was);
	buf_free(&body);
	buf_free(&subject);
	return rc;
}

/*
 * Whether a message to p's guardian on channel c may go, and where:
 * *peer, when the caller gave none, is their number or address.
 */
static enum reach
guardian_reach(const struct person *p, enum channel c, const char **peer)
{
	enum reach	 r = message_reach_guardian(p);

	if (*peer == NULL)
		*peer = c == CHANNEL_SMS ? p->guardian_phone :
		    p->guardian_email;
	if (r == REACH_YES && *peer == NULL)
		r = c == CHANNEL_SMS ? REACH_NO_NUMBER : REACH_NO_EMAIL;
	return r;
}

/*
 * Queues m for the outbox, in the caller's transaction, when its person
 * may be reached on its channel (message_reach()); *reach says which,
 * REACH_YES when it was queued.  m->peer NULL sends to the person's own
 * number or address; a peer given (a reply to the address an email came
 * from) needs none on the roster.  m->person 0 is someone on no roster,
 * reached at m->peer.  Kind "guardian" goes to the person's guardian
 * (their number, or m->peer), as message_reach_guardian() allows; a
 * guardian's copy of m is made only as it allows too.  OUT_FAILED on a
 * database error.
 */
enum outcome
message_queue(struct db *db, const struct message *m, enum reach *reach)
{
	struct person	 p;
	const char	*peer = m->peer;
	enum outcome	 rc = OUT_OK;
	int64_t		 id = 0;

	*reach = REACH_YES;
	if (m->person == 0 && peer == NULL)
		*reach = m->channel == CHANNEL_SMS ? REACH_NO_NUMBER :
		    REACH_NO_EMAIL;
	if (m->person == 0)
		return peer == NULL ? OUT_OK : message_insert(db, "out", m,
		    peer, "queued", NULL);
	if (person_load(db, m->person, &p) == -1) {
		rc = OUT_FAILED;
		goto out;
	}
	if (m->kind != NULL && strcmp(m->kind, "guardian") == 0)
		*reach = guardian_reach(&p, m->channel, &peer);
	else {
		*reach = message_reach(&p, m->channel);
		if (peer != NULL)
			*reach = message_reach_peer(*reach);
		else
			peer = address_of(&p, m->channel);
	}
	if (*reach == REACH_YES) {
		int whose = person_consent_whose(db, &p, m->kind,
		    (time_t)time(NULL));

		if (whose == -1) {
			rc = OUT_FAILED;
			goto out;
		}
		*reach = (enum reach)whose;
	}
	if (*reach == REACH_YES)
		rc = message_insert(db, "out", m, peer, "queued", &id);
	if (rc == OUT_OK && *reach == REACH_YES &&
	    person_guardian_copies(&p, m->kind, (time_t)(m->created_at ?
	    m->created_at : (int64_t)time(NULL))) &&
	    message_reach_guardian(&p) == REACH_YES)
		rc = guardian_copy(db, &p, m, id);
out:
	person_clear(&p);
	return rc;
}

/*
 * Whether WhatsApp lets a business write free-form to someone whose
 * last message came at last_in (0: never): for 24 hours after it,
 * unless Twilio said since (closed_at, error 63016) that it was closed.
 */
int
message_window_open(int64_t last_in, int64_t closed_at, int64_t now)
{
	return last_in > 0 && last_in > closed_at && now >= last_in &&
	    now - last_in < WHATSAPP_WINDOW;
}

/*
 * How a text that cox starts (a prompt, a reminder, an invitation)
 * goes to a person with f: by SMS when their channel is sms; by
 * WhatsApp free-form inside their 24-hour window, else as the approved
 * template of its kind; and when WhatsApp cannot carry it, by SMS if
 * their channel is both (WhatsApp preferred), else not at all, *why
 * saying why in words (also the reason SMS was taken instead).
 */
enum route
message_route(const struct route_facts *f, const char **why)
{
	int	 both = f->channel != NULL && strcmp(f->channel, "both") == 0;

	*why = NULL;
	if (f->channel == NULL || (!both &&
	    strcmp(f->channel, "whatsapp") != 0))
		return ROUTE_SMS;
	if (!f->whatsapp_on)
		*why = "WhatsApp is not set up ([whatsapp] from)";
	else if (f->blocked_at != 0)
		*why = "they blocked the team on WhatsApp (error 63014)";
	else if (message_window_open(f->last_in, f->closed_at, f->now))
		return ROUTE_WHATSAPP;
	else if (f->has_template)
		return ROUTE_TEMPLATE;
	else
		*why = "outside WhatsApp's 24-hour window, and no template "
		    "is set in [whatsapp] for this kind of message";
	return both ? ROUTE_SMS : ROUTE_NONE;
}
