/*
 * reply.c - one inbound text's way through (DESIGN.md §4
 * "An athlete's text"): a retry or a replay caught, the sender found (an athlete, a
 * guardian, a stranger), the text stored, and its answer.  sms_parse()
 * (keyword.c) says what a text is; the registry (texts.c) gives each
 * kind's rule, in the kind's own file, which stores what it says and
 * writes the reply, and the questions a text may answer first.
 * Every reply is a sms. entry of the catalogue of words (lib/words/,
 * en.txt the reference; say.c).  Knows nothing of HTTP:
 * sms.c calls reply_text() inside its batch's transaction, and
 * tests/unit/test_reply.c calls it on a database of its own.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "text.h"

/* athlete ?1's texts since ?2 that cox could not read and that tried
 * to give numbers, filed once one it could read came: message_unread
 * (schema v44) holds them */
#define UNREAD_OF \
    "WHERE person_id = ?1 AND created_at >= ?2 AND direction = 'in' " \
    "AND kind = 'unparsed' AND archived = 0 AND body GLOB '*[0-9]*'"
STMT(STMT_UNREAD_ANY,
    "SELECT EXISTS (SELECT 1 FROM message " UNREAD_OF ")");
STMT(STMT_UNREAD_SETTLE, "UPDATE message SET archived = 1 " UNREAD_OF);
/*
 * the answer a text was given, by the text's MessageSid: on its row,
 * or for a text stored before schema v33 in a row of its own (NULL:
 * a text with no answer kept, which is no retry to answer)
 */
STMT(STMT_REPLY_BY_SID,
    "SELECT coalesce(i.answer, (SELECT o.body FROM message o WHERE "
    "o.about = i.id AND o.kind = 'twiml' ORDER BY o.id LIMIT 1)), "
    "i.created_at FROM message i WHERE i.channel = 'sms' AND "
    "i.direction = 'in' AND i.provider_id = ?");
/* the same of text ?1, if its MessageSid is ?2 (schema v34 on) */
STMT(STMT_REPLY_BY_ID,
    "SELECT answer, created_at FROM message WHERE id = ?1 AND "
    "sid = ?2");
/* a text handled once and no longer kept (schema v32) */
STMT(STMT_SMS_SPENT, "SELECT 1 FROM sms_spent WHERE sid = ?");

#define REPLY_MAX	320	/* bytes: two SMS at most */
#define UNREAD_DAYS	3	/* unread texts a readable one files away */
/* seconds after a text within which its MessageSid again is Twilio's
 * retry (a few, over a minute or two at most: cox-sms(8)) */
#define REPLY_RETRIES	600

/*
 * Files away p's texts of the last UNREAD_DAYS that cox could not read
 * and that had a number in them (scores or a check-in tried: "sore 6,
 * knackered"), once p sent one it read and stored (a kind whose rule
 * settles, answered rc OUT_OK): the coaches see them in the digest
 * (inbox.c) until then, and after it they would ask for nothing
 * already done.  Words alone ("knee hurts since sat", "cant make tues
 * sorry") were never such a try, whatever came after: they stay for
 * the coaches to read.
 * One UPDATE on p's own messages, by the index message_unread: nothing
 * that grows with the team is read on a text's way.  Returns 0 or -1.
 */
static int
settle_unread(const struct reply_ctx *r, const struct person *p,
    const struct sms_rule *rule, enum outcome rc)
{
	sqlite3_stmt	*st;
	int64_t		 since = (int64_t)time(NULL) - UNREAD_DAYS * 86400;
	int		 any;

	if (!rule->settles || rc != OUT_OK)
		return 0;
	/* an UPDATE of message fires message_upd and so takes two passes
	 * and a scratch table even when it changes nothing: a read first,
	 * as nearly every text has nothing to file */
	st = db_query(r->db, STMT_UNREAD_ANY, "ii", p->id, since);
	if (db_row(r->db, st) != OUT_ROW)
		return -1;
	any = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return any ? db_exec(r->db, STMT_UNREAD_SETTLE, "ii", p->id, since) :
	    0;
}

/*
 * The rule for a known person's text of kind (texts.c's registry, each
 * kind's own file); the unreadable text's when no file has kind.
 */
static const struct sms_rule *
rule_of(enum sms_kind kind)
{
	const struct sms_text	*t;
	const struct sms_rule	*r, *unknown = NULL;
	size_t			 i;

	for (i = 0; (t = registry_table(&sms_texts, i)) != NULL; i++)
		for (r = t->rules; r != NULL && r->handle != NULL; r++) {
			if (r->kind == kind)
				return r;
			if (r->kind == SMS_UNKNOWN)
				unknown = r;
		}
	return unknown;
}

/* Whether answer a is asked of a text from p (or p's guardian). */
static int
answer_asks(const struct sms_answer *a, const struct person *p,
    int guardian)
{
	return !(guardian && !a->guardian) && !(a->athlete &&
	    p->role != ROLE_ATHLETE);
}

/*
 * Of the questions body answers without saying which (a->asked()),
 * the one asked last into *last; NULL when fewer than two would take
 * it.  "no" to the weekly health question is not also a "no" to
 * Tuesday's session asked days before, nor the other way round.
 * Returns 0 or -1.
 */
static int
answer_last(struct db *db, const struct person *p, int guardian,
    const char *body, const struct sms_answer **last)
{
	const struct sms_text	*t;
	const struct sms_answer	*a;
	int64_t			 when, best = 0;
	size_t			 i;
	int			 n = 0, left = 0;

	*last = NULL;
	for (i = 0; (t = registry_table(&sms_texts, i)) != NULL; i++)
		for (a = t->answers; a != NULL && a->read != NULL; a++)
			left += answer_asks(a, p, guardian) && a->asked != NULL;
	/* none asked once two cannot be reached: a rating, a check-in,
	   is no answer to the first and asks nothing of the second */
	for (i = 0; (t = registry_table(&sms_texts, i)) != NULL &&
	    n + left >= 2; i++)
		for (a = t->answers; a != NULL && a->read != NULL &&
		    n + left >= 2; a++) {
			if (!answer_asks(a, p, guardian) || a->asked == NULL)
				continue;
			left--;
			if ((when = a->asked(db, p, guardian, body)) == -1)
				return -1;
			if (when == 0)
				continue;
			n++;
			if (when > best) {	/* a tie: the registry's first */
				best = when;
				*last = a;
			}
		}
	if (n < 2)
		*last = NULL;
	return 0;
}

/*
 * The answers to the questions cox asked (texts.c's registry, in its
 * order) that body, from p or from p's guardian (guardian), gives: each
 * asked in turn, every one that takes it appending to reply, but of
 * those body answers without saying which, only the one asked last
 * (answer_last()).  *stored (NULL on the way in) is the message.kind
 * of the first that names one.  OUT_OK when one took it, OUT_NOTFOUND
 * when none did, OUT_FAILED.
 */
static enum outcome
answers(struct db *db, const struct person *p, int guardian,
    const char *body, const char **stored, struct buf *reply)
{
	const struct sms_text	*t;
	const struct sms_answer	*a, *last;
	enum outcome		 rc, took = OUT_NOTFOUND;
	int64_t			 when;
	size_t			 i;

	if (answer_last(db, p, guardian, body, &last) == -1)
		return OUT_FAILED;
	for (i = 0; (t = registry_table(&sms_texts, i)) != NULL; i++)
		for (a = t->answers; a != NULL && a->read != NULL; a++) {
			if (!answer_asks(a, p, guardian))
				continue;
			if (last != NULL && a != last && a->asked != NULL) {
				if ((when = a->asked(db, p, guardian, body)) ==
				    -1)
					return OUT_FAILED;
				if (when > 0)
					continue;	/* asked before */
			}
			if ((rc = a->read(db, p, guardian, body, reply)) ==
			    OUT_FAILED)
				return OUT_FAILED;
			if (rc != OUT_OK)
				continue;
			if (*stored == NULL)
				*stored = a->stored;
			took = OUT_OK;
		}
	return took;
}

/*
 * The settings of ws that a text's answer reads, into r (its metrics
 * and check-in items are the caller's, loaded in its transaction);
 * what can be sent from ob's.  Returns OUT_OK, or OUT_CONFIG after
 * saying what is wrong.
 */
enum outcome
reply_setup(struct workspace *ws, const struct outbox *ob,
    struct reply_ctx *r)
{
	const char	*fw, *dg;

	memset(r, 0, sizeof(*r));
	r->db = ws->db;
	if ((r->country = workspace_country(ws)) == NULL ||
	    config_long(ws->conf, "accounts", "invite_days", 7, 1, 90,
	    &r->invite_days) == -1)
		return OUT_CONFIG;
	r->base_url = workspace_base_url(ws->conf);
	r->club = config_get(ws->conf, "team", "name");
	r->sms_url = config_get(ws->conf, "sms", "public_url");
	r->concept2 = config_get(ws->conf, "concept2", "client_id") != NULL;
	r->texts = outbox_texts(ob);
	r->mails = outbox_mail(ob);
	/*
	 * notes go to the coaches by email when email can be sent: in
	 * the digest of those who get one (thread_pass_on()), each its
	 * own email with "each", or when there are no digests at all
	 */
	fw = config_get(ws->conf, "mail", "forward_notes");
	if (fw != NULL && strcmp(fw, "on") != 0 && strcmp(fw, "off") != 0 &&
	    strcmp(fw, "each") != 0) {
		config_bad(ws->conf, "mail", "forward_notes", "write on, each "
		    "or off");
		return OUT_CONFIG;
	}
	r->forward = r->mails && (fw == NULL || strcmp(fw, "off") != 0);
	dg = config_get(ws->conf, "digest", "off");
	r->each = (fw != NULL && strcmp(fw, "each") == 0) ||
	    (dg != NULL && strcmp(dg, "yes") == 0);
	return OUT_OK;
}

/* Frees the texts r kept in memory (its caller's). */
void
reply_free(struct reply_ctx *r)
{
	seen_free(r->seen);
	r->seen = NULL;
}

/*
 * Whether a text with MessageSid sid is kept: OUT_ROW with its answer
 * (NULL: none kept) and time in *st's row, which the caller resets;
 * else OUT_OK, or OUT_FAILED.  By the texts in memory (none asked for
 * when r keeps none: its caller's MessageSids are new), then by
 * provider_id for those kept before schema v34.
 */
static enum outcome
text_kept(const struct reply_ctx *r, const char *sid, sqlite3_stmt **st)
{
	struct seen_probe	 p;
	enum outcome		 rc;
	int64_t			 id;

	if (r->seen != NULL) {
		if (seen_catch_up(r->seen, r->db) == -1)
			return OUT_FAILED;
		seen_probe(r->seen, sid, &p);
		while ((id = seen_next(r->seen, &p)) != 0) {
			*st = db_query(r->db, STMT_REPLY_BY_ID, "it", id, sid);
			if ((rc = db_row(r->db, *st)) != OUT_OK)
				return rc;	/* the text, or an error */
		}
	}
	*st = db_query(r->db, STMT_REPLY_BY_SID, "t", sid);
	return db_row(r->db, *st);
}

/* The answer to a text kept in the spool, read before it is stored. */
const char *
reply_spooled(void)
{
	return words_get(NULL, "sms.spooled");
}

/*
 * One inbound text from from (a number, or "whatsapp:" and a number:
 * the text came by WhatsApp, and its rows say so), with Twilio's
 * MessageSid sid (and its OptOutType, optout, or NULL), inside the
 * caller's transaction: stores it and what it says, and
 * sets *answer to the reply (caller frees; "" for none).  A retry of a
 * text already handled gets the same answer, and a replay of one since
 * deleted none; *stored (unless NULL) says whether the text was new,
 * which only then asks for a build.  OUT_OK, or OUT_FAILED on
 * a database error (*answer NULL): a text that asks what cannot be
 * done is answered, so it is OUT_OK here.
 */
enum outcome
reply_text(const struct reply_ctx *r, const char *from, const char *body,
    const char *optout, const char *sid, char **answer, int *stored)
{
	struct db	*db = r->db;
	struct person	 p = { 0 };
	struct sms_cmd	*cmd = NULL;
	struct sms_names names = { r->metrics, r->items };
	struct buf	 reply = { 0 };
	struct message	 m = { .channel = CHANNEL_SMS, .peer = from,
	    .status = "stored", .created_at = (int64_t)time(NULL) };
	sqlite3_stmt	*st;
	int64_t		 id = 0, msg, *wards = NULL;
	char		*kept = NULL;
	const char	*was = NULL, *kind = NULL;
	const struct sms_rule *rule;
	enum outcome	 rc = OUT_FAILED, found, handled;
	enum outcome	 answered = OUT_NOTFOUND;
	size_t		 nwards = 0;
	int		 known, spent, bare;

	*answer = NULL;
	if (stored != NULL)
		*stored = 0;
	if (phone_whatsapp(from) != NULL) {
		m.via = "whatsapp";	/* the person is found by the number */
		from = m.peer = phone_whatsapp(from);
	}
	/* a retry of a text already handled gets the same answer; one
	 * kept with none (stored by hand) gets none, not a 503 that would
	 * go to the spool and fail there each second; and so does one
	 * past Twilio's retries, a captured request replayed to read the
	 * coach's scores its answer gave */
	if ((found = text_kept(r, sid, &st)) == OUT_FAILED)
		return OUT_FAILED;
	if (found == OUT_ROW) {
		if ((bare = sqlite3_column_type(st, 0) == SQLITE_NULL))
			log_warn_limited(r->noted, "sms: MessageSid %s came "
			    "again; its text is kept without an answer, so it "
			    "gets none", sid);
		else if ((bare = m.created_at - sqlite3_column_int64(st, 1) >
		    REPLY_RETRIES))
			log_warn_limited(r->noted, "sms: MessageSid %s came "
			    "again %lld minutes after its text, past Twilio's "
			    "retries: a replay, answered with nothing", sid,
			    (long long)(m.created_at -
			    sqlite3_column_int64(st, 1)) / 60);
		*answer = xstrdup(bare ? "" : db_text(st, 0));
		sqlite3_reset(st);
		return *answer != NULL ? OUT_OK : OUT_FAILED;
	}
	/* handled once and since deleted (cox prune, an erasure): a
	 * replay of a captured request, stored as new it would bring the
	 * text back; answered with nothing, and nothing stored */
	st = db_query(db, STMT_SMS_SPENT, "t", sid);
	if ((spent = db_row(db, st)) == OUT_ROW) {
		sqlite3_reset(st);
		log_warn_limited(r->noted, "sms: MessageSid %s came again "
		    "after its text was deleted; nothing stored", sid);
		*answer = xstrdup("");
		return *answer != NULL ? OUT_OK : OUT_FAILED;
	}
	if (spent != OUT_OK)
		return OUT_FAILED;
	known = person_find_number(db, from, r->country, &id) == OUT_OK &&
	    person_load_row(db, id, &p) == 0 && p.active;
	/* nobody's own number, but a guardian's: theirs, under the first
	 * athlete they are the guardian of (guardian.c) */
	if (!known && person_wards(db, from, &wards, &nwards) == -1)
		goto out;
	if (nwards > 0) {
		person_clear(&p);
		if (person_load_row(db, wards[0], &p) == -1)
			goto out;
	}
	/* answered in their language (a guardian in their athlete's); a
	 * stranger in the team's */
	was = words_reader(known || nwards > 0 ? p.language : NULL);
	if ((cmd = malloc(sizeof(*cmd))) == NULL)	/* sms_parse() clears it */
		goto out;
	sms_parse(body, &names, cmd);
	/* a Messaging Service heard a stop, start or help word in a
	 * language it knows and cox may not: it is that word */
	if (optout != NULL)
		cmd->kind = !strcmp(optout, "STOP") ? SMS_STOP :
		    !strcmp(optout, "START") ? SMS_START : SMS_HELP;
	rule = rule_of(cmd->kind);
	/* an answer to a question cox asked (the weekly health question,
	 * a session's) goes no further, theirs or their guardian's for
	 * them; anything else is read as before */
	if ((known || nwards > 0) && !p.blocked && optout == NULL &&
	    (answered = answers(db, &p, nwards > 0, body, &kind,
	    &reply)) == OUT_FAILED)
		goto out;
	m.person = known || nwards > 0 ? p.id : 0;
	m.body = body;
	/* a guardian's text keeps its kind, answer or not: the athlete's
	   own texts open their WhatsApp window and count as their answer
	   to a prompt (outbox.c, intake_notify.c), a guardian's do not */
	m.kind = known ? kind != NULL ? kind : rule->stored :
	    nwards > 0 ? "guardian" : "unknown";
	m.provider_id = sid;
	if (message_in(db, &m, &msg) != OUT_OK)
		goto out;
	if (answered == OUT_OK)
		;	/* answered above */
	else if (nwards > 0) {
		if (guardian_text(r, from, wards, nwards, cmd, msg, body,
		    &reply) != OUT_OK)
			goto out;
	} else if (!known) {
		/* an unknown number learns nothing about the team */
		say(&reply, "sms.stranger");
	} else if (!p.blocked) {
		/* blocked: stored, never answered */
		if ((handled = rule->handle(r, &p, cmd, msg, &reply)) ==
		    OUT_FAILED || settle_unread(r, &p, rule, handled) == -1)
			goto out;
	}
	if (buf_failed(&reply))
		goto out;
	/* the Messaging Service answered a stop or start word itself */
	if (optout != NULL && strcmp(optout, "HELP") != 0)
		buf_reset(&reply);
	if (reply.len > REPLY_MAX) {
		/* cut at a character boundary, never inside one */
		reply.len = REPLY_MAX;
		while (reply.len > 0 &&
		    ((unsigned char)reply.data[reply.len] & 0xc0) == 0x80)
			reply.len--;
		reply.data[reply.len] = '\0';
	}
	/* the stored copy keeps no invitation token */
	if ((kept = account_redact(reply.data ? reply.data : "")) == NULL ||
	    message_answered(db, msg, kept) != OUT_OK)
		goto out;
	if ((*answer = buf_steal(&reply)) == NULL)
		goto out;
	if (stored != NULL)
		*stored = 1;
	if (r->note != NULL) {
		r->note->msg = msg;
		r->note->kind = m.kind;
	}
	rc = OUT_OK;
out:
	words_reader(was);
	person_clear(&p);
	free(wards);
	free(kept);
	free(cmd);
	buf_free(&reply);
	return rc;
}

