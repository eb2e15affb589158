/*
 * optout.c - "help", "stop", "start" (and Twilio's other opt-out words,
 * which a Messaging Service may hear for cox: reply.c): how to text
 * cox, and no more texts from it, or texts again.  A guardian's number
 * says the same words about the copies it gets (guardian.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/*
 * "help": how to rate, check in and log a session, and the other
 * words; "erg link" among them only where the club has set up the
 * Concept2 Logbook, for elsewhere it would only be refused.
 */
static enum outcome
on_help(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	say_example(r->metrics, NULL, "sms.help_rate", NULL, reply);
	say(reply, r->concept2 ? "sms.help_erg" : "sms.help");
	return OUT_OK;
}

/* "stop", "start": no more texts from cox, or texts again. */
static enum outcome
on_stop(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	if (db_exec(r->db, STMT_PERSON_SET_OPTOUT, "dii",
	    cmd->kind == SMS_STOP, (int64_t)time(NULL), p->id) == -1)
		return OUT_FAILED;
	say(reply, cmd->kind == SMS_STOP ? "sms.stop" : "sms.start");
	return OUT_OK;
}

static const struct sms_keyword keywords[] = {
	{ "kw.help", NULL, SMS_HELP, 0, NULL },
	{ "kw.stop", NULL, SMS_STOP, 0, NULL },
	{ "kw.start", NULL, SMS_START, 0, NULL },
	{ 0 }
};

static const struct sms_rule rules[] = {
	{ SMS_HELP, "command", 0, on_help },
	{ SMS_STOP, "command", 0, on_stop },
	{ SMS_START, "command", 0, on_stop },
	{ 0 }
};

static const struct sms_text optout_texts = { keywords, rules, NULL };
SMS_TEXTS(optout_texts, 300);
