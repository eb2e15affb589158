/*
 * note.c - "note <text>": an athlete's words for their coaches, passed
 * on by email (thread.c); and "ok", "thanks coach", polite words alone,
 * answered with nothing and passed on only when they answer a coach.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/* whether a coach texted athlete ?1 since ?2 (a message, an answer) */
STMT(STMT_COACH_TEXTED,
    "SELECT 1 FROM message WHERE person_id = ?1 AND direction = 'out' "
    "AND created_at >= ?2 AND kind IN ('coach', 'answer') LIMIT 1");

/* After "note": the words for the coaches; without any, advice. */
static void
note_read(const struct sms_keyword *k, const char *body,
    const struct sms_names *names, struct sms_cmd *c)
{
	token_rest(body, c->text, sizeof(c->text));
	if (c->text[0] == '\0') {
		c->kind = SMS_UNKNOWN;
		c->how = "sms.note_how";
	}
}

/* The message is the note: passed on to the coaches, and thanked. */
static enum outcome
on_note(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	/* the message is the note */
	if (r->forward && thread_pass_on(r->db, r->each, p, msg, NULL,
	    cmd->text) == -1)
		return OUT_FAILED;
	say(reply, "sms.note");
	return OUT_OK;
}

/*
 * "ok", "thanks coach": nothing to store but the text, and no answer (a
 * "could not read that" would cost a text and annoy).  Its coaches read
 * it by email only when it answers one of them: a coach texted the
 * athlete in the last day (a coach's message, or an answer to a note).
 */
static enum outcome
on_ack(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	sqlite3_stmt	*st;
	int		 rc;

	(void)reply;
	if (!r->forward)
		return OUT_OK;
	st = db_query(r->db, STMT_COACH_TEXTED, "ii", p->id,
	    (int64_t)time(NULL) - 86400);
	if ((rc = db_row(r->db, st)) == OUT_OK)
		return OUT_OK;
	if (rc != OUT_ROW)
		return OUT_FAILED;
	sqlite3_reset(st);
	return thread_forward(r->db, p, msg, NULL, cmd->text) == -1 ?
	    OUT_FAILED : OUT_OK;
}

static const struct sms_keyword keywords[] = {
	{ "kw.note", NULL, SMS_NOTE, 0, note_read },
	{ 0 }
};

static const struct sms_rule rules[] = {
	{ SMS_NOTE, "note", 1, on_note },
	{ SMS_ACK, "ack", 0, on_ack },
	{ 0 }
};

static const struct sms_text note_texts = { keywords, rules, NULL };
SMS_TEXTS(note_texts, 500);
