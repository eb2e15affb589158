/*
 * effort.c - a session's effort by text, "rpe 7 90" (DESIGN.md §4
 * "An athlete's text"): alone, or beside scores (scores.c), checked
 * against the CR-10 and the minutes' range, paired with the plan it
 * answers (lib/load.c) and stored, and what the reply says of it.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/* Whether a session's effort is on the CR-10 and its minutes in range. */
int
effort_in_range(const struct sms_session *x)
{
	return x->rpe >= 0 && x->rpe <= RPE_MAX && x->minutes >= 0 &&
	    x->minutes <= SESSION_MINUTES_MAX;
}


/*
 * A session's effort or minutes out of range: the reply says the
 * ranges, and the line to send back with them brought within.
 */
void
effort_range(const struct reply_ctx *r, const struct sms_cmd *cmd,
    struct buf *reply)
{
	struct sms_session fixed = cmd->session;
	struct buf	 line = { 0 };
	size_t		 i;

	if (fixed.rpe > RPE_MAX)
		fixed.rpe = RPE_MAX;
	if (fixed.minutes > SESSION_MINUTES_MAX)
		fixed.minutes = SESSION_MINUTES_MAX;
	for (i = 0; i < cmd->npairs; i++)
		pair_line(r, &cmd->pairs[i], &line);
	pair_session_line(&fixed, &line);
	say_next(reply);
	words_printf(reply, NULL, "sms.rpe_range", line.data ? line.data :
	    "");
	buf_free(&line);
}

/*
 * The session's effort a text gave (cmd->session), if any: checked
 * against the CR-10 and the minutes' range, paired with the plan of
 * the athlete's squads it answers (lib/load.c: "rpe 7" takes the
 * plan's minutes and slot), stored, and said in the reply with its
 * load and, the athlete having answered, the plan's RPE; or how to
 * send the minutes.  Returns OUT_OK, OUT_BADINPUT (the reply says why;
 * nothing stored) or OUT_FAILED.
 */
enum outcome
effort_store(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	const struct sms_session *x = &cmd->session;
	struct session	 s = { .rpe = x->rpe, .minutes = x->minutes };
	const char	*name;
	enum outcome	 planned;
	int		 completed, intended = 0;

	if (!x->given)
		return OUT_OK;
	if (!effort_in_range(x)) {
		effort_range(r, cmd, reply);
		return OUT_BADINPUT;
	}
	day_before(time(NULL), x->ago, s.day);
	snprintf(s.slot, sizeof(s.slot), "%s", x->slot);
	if ((planned = plan_match(r->db, p->id, &s, &intended)) == OUT_FAILED ||
	    session_add(r->db, p->id, &s, (int64_t)time(NULL), msg,
	    &completed) == -1)
		return OUT_FAILED;
	name = words_get(NULL, x->ago ? "sms.session_yesterday" :
	    "sms.session_today");
	say_next(reply);
	if (planned == OUT_OK)
		words_printf(reply, NULL, "sms.session_planned", name, s.rpe,
		    s.minutes, s.rpe * s.minutes, intended);
	else if (s.minutes > 0)
		words_printf(reply, NULL, "sms.session", name, s.rpe,
		    s.minutes, s.rpe * s.minutes);
	else
		words_printf(reply, NULL, "sms.session_open", name, s.rpe,
		    s.rpe);
	return OUT_OK;
}

static const struct sms_rule rules[] = {
	{ SMS_RPE, "rpe", 1, effort_store },
	{ 0 }
};

static const struct sms_text effort_texts = { NULL, rules, NULL };
SMS_TEXTS(effort_texts, 1200);
