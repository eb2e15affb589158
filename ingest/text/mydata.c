/*
 * mydata.c - "mydata", "my data": everything stored about an athlete
 * (lib/export.c), by email to the address on file, one a day at most.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/* the exports a "mydata" text queued (ingest/reply.c) */
STMT(STMT_MYDATA_RECENT,
    "SELECT count(*) FROM message WHERE person_id = ? AND direction = "
    "'out' AND kind = 'export' AND created_at > ?");

#define EXPORTS_PER_DAY	1	/* emails of their data by "mydata" */

/*
 * "mydata": everything stored about them (lib/export.c), by email to
 * the address on file, one a day at most.  The message queued says
 * only which person's export it is (kind 'export', its person): the
 * outbox builds the export when it sends (outbox.c), so no copy of
 * their data waits in the message table.  The reply names the
 * address masked; with none on file, or no way to send email, it
 * sends them to their coach (cox export person).  OUT_BADINPUT when
 * nothing goes (the reply says why).
 */
static enum outcome
handle_mydata(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	struct message	 m = { .channel = CHANNEL_EMAIL, .person = p->id,
	    .kind = "export" };
	struct buf	 subject = { 0 }, body = { 0 };
	sqlite3_stmt	*st;
	const char	*why;
	char		 masked[EMAIL_MASKED_MAX];
	enum reach	 reach;
	enum outcome	 rc = OUT_FAILED;
	int		 n;

	if (p->opted_out) {
		say(reply, "sms.mydata_opted_out");
		return OUT_BADINPUT;
	}
	if (p->email == NULL || !r->mails) {
		why = p->email == NULL ? "no address on file" :
		    "no [smtp] to send it";
		log_info("person %lld asked for their data: %s",
		    (long long)p->id, why);
		say(reply, p->email == NULL ? "sms.mydata_no_email" :
		    "sms.mydata_no_mail");
		return OUT_BADINPUT;
	}
	st = db_query(r->db, STMT_MYDATA_RECENT, "ii", p->id,
	    (int64_t)time(NULL) - 86400);
	if (db_row(r->db, st) != OUT_ROW)
		return OUT_FAILED;
	n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (n >= EXPORTS_PER_DAY) {
		say(reply, "sms.mydata_used");
		return OUT_BADINPUT;
	}
	words_printf(&subject, NULL, "mail.mydata_subject", r->club ?
	    r->club : words_get(NULL, "mail.invite_team"));
	words_printf(&body, NULL, "mail.mydata", p->name);
	if (buf_failed(&subject) || buf_failed(&body))
		goto out;
	m.subject = subject.data;
	m.body = body.data;
	if (message_queue(r->db, &m, &reach) != OUT_OK)
		goto out;
	email_masked(p->email, masked);
	if (reach != REACH_YES) {
		say(reply, "sms.mydata_no_email");
		rc = OUT_BADINPUT;
		goto out;
	}
	/* the log names the person, not the address */
	log_info("person %lld asked for their data: an email to %s queued",
	    (long long)p->id, masked);
	say_next(reply);
	words_printf(reply, NULL, "sms.mydata_sent", masked);
	rc = OUT_OK;
out:
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

/* "mydata", and "my data", "mes données": the second word decides */
static const struct sms_keyword keywords[] = {
	{ "kw.my", "kw.mydata", SMS_MYDATA, 0, NULL },
	{ "kw.mydata", NULL, SMS_MYDATA, 0, NULL },
	{ 0 }
};

static const struct sms_rule rules[] = {
	{ SMS_MYDATA, "command", 0, handle_mydata },
	{ 0 }
};

static const struct sms_text mydata_texts = { keywords, rules, NULL };
SMS_TEXTS(mydata_texts, 800);
