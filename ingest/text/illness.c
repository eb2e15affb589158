/*
 * illness.c - "sick", "injured", "I'm sick", "bin verletzt": an
 * athlete's word that they are ill or injured, with a note.  It is kept
 * as their check-in, passed on to their coaches, and opens an episode
 * (lib/health.c) that rests them until a coach moves it on; the
 * coaches' digest lists the open episodes with the command that does.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/*
 * After "sick" or "injured" (k, the keyword, at body): which, and the
 * note that follows.
 */
static void
ill_read(const struct sms_keyword *k, const char *body,
    const struct sms_names *names, struct sms_cmd *c)
{
	snprintf(c->illness, sizeof(c->illness), "%s",
	    strcmp(k->name, "kw.injured") == 0 ? "injured" : "sick");
	token_rest(body, c->text, sizeof(c->text));
}

/*
 * Kept as the day's check-in with its note, passed on to the coaches,
 * and an episode opened that rests them ("out") until a coach moves it
 * on; an injury's body area is read from the note.
 */
static enum outcome
on_ill(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	struct wellness	 w = { .note = cmd->text };
	char		 area[HEALTH_AREA_MAX] = "";

	day_string(time(NULL), w.day);
	snprintf(w.illness, sizeof(w.illness), "%s", cmd->illness);
	if (wellness_add(r->db, p->id, &w, NULL, (int64_t)time(NULL),
	    msg) == -1)
		return OUT_FAILED;
	if (r->forward && thread_pass_on(r->db, r->each, p, msg,
	    cmd->illness, cmd->text) == -1)
		return OUT_FAILED;
	/* resting until a coach moves the episode on (health.c) */
	if (strcmp(cmd->illness, "injured") == 0)
		health_area_read(cmd->text, area, sizeof(area));
	if (episode_open(r->db, p->id, strcmp(cmd->illness, "injured") ==
	    0 ? "injury" : "illness", area, "out", "text", time(NULL)) == -1)
		return OUT_FAILED;
	say(reply, "sms.ill");
	return OUT_OK;
}

static const struct sms_keyword keywords[] = {
	{ "kw.sick", NULL, SMS_ILL, 1, ill_read },
	{ "kw.injured", NULL, SMS_ILL, 1, ill_read },
	{ 0 }
};

static const struct sms_rule rules[] = {
	{ SMS_ILL, "wellness", 1, on_ill },
	{ 0 }
};

static const struct sms_text illness_texts = { keywords, rules, NULL };
SMS_TEXTS(illness_texts, 700);
