/*
 * erglink.c - "erg link" and "erg unlink": an athlete's texts that link
 * their Concept2 Logbook (a short link to the daemon's /concept2/start,
 * webhook.c and concept2.c) and unlink it.  "erg 7" stays a score of a
 * metric named erg: the second word decides.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "text.h"

/*
 * "erg link": a short link to the daemon's /concept2/start, which
 * sends them on to the Logbook's authorisation page (webhook.c).  The
 * state in it is bound to this person and taken once (lib/logbook.c);
 * like an invitation it goes to the number on file through the outbox,
 * not into this answer, which a replay of the request would get again.
 * OUT_BADINPUT when the club has no Logbook application.
 */
static enum outcome
handle_erg_link(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	struct message	 m = { .channel = CHANNEL_SMS, .person = p->id,
	    .kind = "concept2", .about = msg };
	char		 state[LOGBOOK_TOKEN_MAX], verifier[LOGBOOK_TOKEN_MAX];
	char		 challenge[LOGBOOK_TOKEN_MAX];
	struct buf	 body = { .wipe = 1 }, url = { 0 };
	enum reach	 why;
	enum outcome	 rc = OUT_FAILED;

	(void)cmd;
	if (!r->concept2 || r->sms_url == NULL || !r->texts) {
		say(reply, "sms.erg_off");
		return OUT_BADINPUT;
	}
	if (logbook_state_new(r->db, p->id, time(NULL), state, verifier,
	    challenge) == -1)
		goto out;
	buf_printf(&url, "%s/concept2/start?s=%s", r->sms_url, state);
	if (buf_failed(&url) || words_printf(&body, NULL, "sms.erg_link",
	    url.data) == -1)
		goto out;
	m.body = body.data;
	if (message_queue(r->db, &m, &why) == OUT_FAILED)
		goto out;
	say(reply, "sms.erg_link_sent");
	rc = OUT_OK;
out:
	sodium_memzero(state, sizeof(state));
	sodium_memzero(verifier, sizeof(verifier));
	buf_free(&body);
	buf_free(&url);
	return rc;
}

/* "erg unlink": their Logbook tokens deleted; what came is kept. */
static enum outcome
handle_erg_unlink(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	int	 had;

	(void)cmd;
	(void)msg;
	if ((had = logbook_unlink(r->db, p->id)) == -1)
		return OUT_FAILED;
	say(reply, had ? "sms.erg_unlinked" : "sms.erg_not_linked");
	return OUT_OK;
}

static const struct sms_keyword keywords[] = {
	{ "kw.erg", "kw.link", SMS_ERG_LINK, 0, NULL },
	{ "kw.erg", "kw.unlink", SMS_ERG_UNLINK, 0, NULL },
	{ 0 }
};

static const struct sms_rule rules[] = {
	{ SMS_ERG_LINK, "command", 0, handle_erg_link },
	{ SMS_ERG_UNLINK, "command", 0, handle_erg_unlink },
	{ 0 }
};

static const struct sms_text erglink_texts = { keywords, rules, NULL };
SMS_TEXTS(erglink_texts, 900);
