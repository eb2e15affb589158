/*
 * link.c - "link": an athlete's text asking for a fresh invitation to
 * set a password (which also resets a forgotten one), sent to the
 * number on file through the outbox, a few a day at most.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

#define LINKS_PER_DAY	3	/* invitations by "link" */

/*
 * "link": a fresh invitation to set a password (which also resets a
 * forgotten one), a few a day at most.  It goes to the number on file
 * through the outbox, which makes its token when it sends: the answer
 * to this request (which whoever replays or reads it sees) holds no
 * secret, and the database keeps none.  OUT_BADINPUT when no link can
 * go (the reply says why).
 */
static enum outcome
handle_link(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	struct invite_run	 run = { 0 };
	int			 n;

	if (r->base_url == NULL || !r->texts) {
		say(reply, "sms.no_site");
		return OUT_BADINPUT;
	}
	if (p->opted_out) {
		say(reply, "sms.opted_out");
		return OUT_BADINPUT;
	}
	n = invite_count_since(r->db, p->id, (int64_t)time(NULL) - 86400);
	if (n == -1)
		return OUT_FAILED;
	if (n >= LINKS_PER_DAY) {
		say(reply, "sms.links_used");
		return OUT_BADINPUT;
	}
	run.db = r->db;
	run.via = "sms";
	run.days = r->invite_days;
	run.club = r->club;
	run.base = r->base_url;
	run.again = 1;		/* a new password for a registered person */
	if (invite_queue(&run, p->id) == -1)
		return OUT_FAILED;
	say(reply, run.queued ? "sms.link_sent" : "sms.no_site");
	return run.queued ? OUT_OK : OUT_BADINPUT;
}

static const struct sms_keyword keywords[] = {
	{ "kw.link", NULL, SMS_LINK, 0, NULL },
	{ 0 }
};

static const struct sms_rule rules[] = {
	{ SMS_LINK, "command", 0, handle_link },
	{ 0 }
};

static const struct sms_text link_texts = { keywords, rules, NULL };
SMS_TEXTS(link_texts, 400);
