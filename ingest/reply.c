/*
 * reply.c - the reply rules: what an athlete's text does and what they
 * are told (DESIGN.md §4).  sms_parse() (grammar.c) says what a text
 * is; a table here maps each kind to its handler, which stores
 * self-ratings, check-ins, notes and opt-outs and writes the reply.
 * Every reply text is in the SAY_ block below.  Knows nothing of HTTP:
 * sms.c calls reply_text() inside its batch's transaction, and
 * tests/unit/test_reply.c calls it on a database of its own.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest.h"

#define REPLY_MAX	320	/* bytes: two SMS at most */
#define LINKS_PER_DAY	3	/* invitations by "link" */

/*
 * Every reply an athlete can get, in one place.  Replies are short:
 * most fit one SMS; none is over REPLY_MAX bytes.
 */
#define SCORES_EXAMPLE	"e.g. technique 4 fitness 3"
#define SAY_HELP	"Rate: technique 4 fitness 3, or just 4 3 in the order " \
			"asked. Wellness, 1 best 7 worst: sleep 2 stress 3 " \
			"fatigue 3 sore 2. Also: sick, note, guess, link, stop."
#define SAY_STRANGER	"This number is not on a team list. If you are on " \
			"the team, ask your coach to add it."
#define SAY_WELLNESS_RANGE "%s is 1 (best) to 7 (worst); please send it again."
#define SAY_NO_METRIC	"I don't know '%s'. Yours: %s."
#define SAY_DID_YOU_MEAN "I don't know '%s'; did you mean %s? Yours: %s."
#define SAY_RANGE	"%s is %ld to %ld; please send it again. Yours: %s."
#define SAY_ORDER	"I read %zu scores for %zu waiting, in this order: " \
			"%s. Send one score for each, e.g. %s."
#define SAY_NO_ORDER	"Nothing is waiting for scores alone; send each with " \
			"its name: %s."
#define SAY_GUESSED	"Guess kept: %s. Now text your own score%s to see how " \
			"close you are."
#define SAY_NO_GUESS	"Nothing of %s is hidden from you to guess: guess a " \
			"coach score before you rate yourself."
#define SAY_SAVED	"Saved %s."
#define SAY_COACH	" Coach: %s."
#define SAY_TWICE	" You sent %s twice; I kept the last."
#define SAY_WELLNESS	"%sWellness saved%s."
#define SAY_WELLNESS_PART " (send all four for a total)"
#define SAY_NOTHING_DUE	"Nothing is waiting for a score. Send " SCORES_EXAMPLE "."
#define SAY_WHICH	"Which one? Send the name with the score, " \
			SCORES_EXAMPLE "."
#define SAY_NO_SITE	"Ask your coach for your page link."
#define SAY_LINKS_USED	"You have had three links today; use the newest, " \
			"or text LINK again tomorrow."
#define SAY_LINK_SENT	"A link to set your password is on its way, in a text " \
			"of its own."
#define SAY_OPTED_OUT	"You asked for no texts from the team: text START, " \
			"then LINK."
#define SAY_ILL		"Sorry to hear that. Your coach will see it on the " \
			"dashboard."
#define SAY_NOTE	"Thanks, your note is with your coach."
#define SAY_STOP	"You will get no more texts from the team. Text START " \
			"to come back."
#define SAY_START	"Welcome back: you will get the team's texts again."
#define SAY_SPOOLED	"Got it. Saving it takes a moment longer than usual; " \
			"your page will show it."


/* The team's metrics with their scales, for a reply: "erg 1-10, ...". */
static const char *
all_scales(const struct metric_set *ms, struct buf *scales)
{
	buf_reset(scales);
	metric_scales(ms, NULL, scales);
	return scales->data != NULL ? scales->data : "";
}

/*
 * Self-ratings and wellness items of one text.  Writes what was saved,
 * and the coach scores it revealed, into reply.  A metric or wellness
 * item named twice keeps its last score, and the reply says so.
 * Returns 0, 1 when the text had a problem (the reply says what), or
 * -1 on a database error.
 */
static int
handle_scores(const struct reply_ctx *r, const struct person *p,
    const struct sms_cmd *cmd, const struct metric_set *ms, int64_t msg,
    struct buf *reply)
{
	const struct rating	**pending = NULL;
	const struct metric	 *m, **which;
	struct rating_set	  rs = { 0 };
	struct wellness		  w;
	struct buf		  saved = { 0 }, shown = { 0 }, scales = { 0 };
	const char		 *hint, *twice = NULL;
	char			  today[11];
	int64_t			  now = (int64_t)time(NULL);
	size_t			  i, j;
	int			  rc = -1, any_w = 0;

	if ((which = calloc(SMS_MAX_PAIRS, sizeof(*which))) == NULL ||
	    (pending = calloc(ms->n + 1, sizeof(*pending))) == NULL)
		goto out;
	memset(&w, 0, sizeof(w));
	day_string(time(NULL), today);
	snprintf(w.day, sizeof(w.day), "%s", today);
	for (i = 0; i < cmd->npairs; i++) {
		const struct sms_pair *x = &cmd->pairs[i];
		if (x->wellness) {
			if (x->score < 1 || x->score > 7) {
				buf_printf(reply, SAY_WELLNESS_RANGE, x->word);
				rc = 1;
				goto out;
			}
			for (j = 0; j < i; j++)
				if (!strcmp(cmd->pairs[j].word, x->word))
					twice = x->word;
			any_w = 1;
			if (!strcmp(x->word, "sleep")) w.sleep = x->score;
			if (!strcmp(x->word, "stress")) w.stress = x->score;
			if (!strcmp(x->word, "fatigue")) w.fatigue = x->score;
			if (!strcmp(x->word, "soreness")) w.soreness = x->score;
			continue;
		}
		if ((m = metric_match(ms->v, ms->n, x->word, &hint)) == NULL) {
			if (hint != NULL)
				buf_printf(reply, SAY_DID_YOU_MEAN, x->word,
				    hint, all_scales(ms, &scales));
			else
				buf_printf(reply, SAY_NO_METRIC, x->word,
				    all_scales(ms, &scales));
			rc = 1;
			goto out;
		}
		/* "4/5" must be out of the scale's top */
		if (x->score < m->scale_min || x->score > m->scale_max ||
		    (x->out_of != 0 && x->out_of != m->scale_max)) {
			buf_printf(reply, SAY_RANGE, m->slug, m->scale_min,
			    m->scale_max, all_scales(ms, &scales));
			rc = 1;
			goto out;
		}
		for (j = 0; j < i; j++)
			if (which[j] == m) {
				which[j] = NULL;	/* the last one counts */
				twice = m->slug;
			}
		which[i] = m;
	}
	/* wellness alone needs no rating history */
	for (i = 0; i < cmd->npairs && which[i] == NULL; i++)
		;
	if (i < cmd->npairs && ratings_load(r->db, p->id, &rs) == -1)
		goto out;
	ratings_pending(&rs, ms, pending);
	for (i = 0; i < cmd->npairs; i++) {
		if (which[i] == NULL)
			continue;
		if (rating_add(r->db, p->id, which[i]->id, SOURCE_SELF, 0,
		    cmd->pairs[i].score, "", today, now, msg) == -1)
			goto out;
		buf_printf(&saved, "%s%s %d", saved.len ? ", " : "",
		    which[i]->slug, cmd->pairs[i].score);
		for (j = 0; j < ms->n; j++)
			if (&ms->v[j] == which[i] && pending[j] != NULL)
				buf_printf(&shown, "%s%s %d", shown.len ?
				    ", " : "", which[i]->slug,
				    pending[j]->score);
	}
	if (any_w && wellness_add(r->db, p->id, &w, now, msg) == -1)
		goto out;
	if (buf_failed(&saved) || buf_failed(&shown))
		goto out;	/* out of memory: tried again */
	if (saved.len > 0)
		buf_printf(reply, SAY_SAVED, saved.data);
	if (shown.len > 0)
		buf_printf(reply, SAY_COACH, shown.data);
	if (any_w)
		buf_printf(reply, SAY_WELLNESS, reply->len ? " " : "",
		    wellness_hooper(&w) ? "" : SAY_WELLNESS_PART);
	if (twice != NULL)
		buf_printf(reply, SAY_TWICE, twice);
	rc = 0;
out:
	ratings_free(&rs);
	buf_free(&saved);
	buf_free(&shown);
	buf_free(&scales);
	free(which);
	free(pending);
	return rc;
}

/* A bare score answers the only metric waiting for one. */
static int
handle_bare(const struct reply_ctx *r, const struct person *p, struct sms_cmd *cmd,
    const struct metric_set *ms, int64_t msg, struct buf *reply)
{
	char	*waiting;
	size_t	 j, at = 0;
	int	 n;

	if ((waiting = calloc(ms->n + 1, 1)) == NULL ||
	    (n = ratings_waiting(r->db, p->id, ms, waiting)) == -1) {
		free(waiting);
		return -1;
	}
	for (j = 0; j < ms->n; j++)
		if (waiting[j])
			at = j;
	free(waiting);
	if (n != 1) {
		buf_puts(reply, n == 0 ? SAY_NOTHING_DUE : SAY_WHICH);
		return 1;
	}
	cmd->kind = SMS_SCORES;
	cmd->npairs = 1;
	snprintf(cmd->pairs[0].word, sizeof(cmd->pairs[0].word), "%s",
	    ms->v[at].slug);
	cmd->pairs[0].score = cmd->bare;
	cmd->pairs[0].wellness = 0;
	return handle_scores(r, p, cmd, ms, msg, reply);
}

/*
 * Scores alone ("8 4 3 4 3") answer the metrics waiting for the
 * athlete, in the order the prompt and the page list them (the team's
 * metric order); a count that does not match says that order.
 */
static int
handle_positional(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, const struct metric_set *ms, int64_t msg,
    struct buf *reply)
{
	struct buf	 order = { 0 }, example = { 0 };
	char		*waiting;
	size_t		 j, k;
	int		 n;

	if ((waiting = calloc(ms->n + 1, 1)) == NULL ||
	    (n = ratings_waiting(r->db, p->id, ms, waiting)) == -1) {
		free(waiting);
		return -1;
	}
	if (n == 0)
		buf_printf(reply, SAY_NO_ORDER, all_scales(ms, &order));
	else if ((size_t)n != cmd->npairs) {
		metric_scales(ms, waiting, &order);
		metric_example(ms, waiting, &example);
		buf_printf(reply, SAY_ORDER, cmd->npairs, (size_t)n,
		    order.data ? order.data : "", example.data ?
		    example.data : "");
	} else {
		for (j = 0, k = 0; j < ms->n; j++)
			if (waiting[j])
				snprintf(cmd->pairs[k++].word,
				    sizeof(cmd->pairs[0].word), "%s",
				    ms->v[j].slug);
		cmd->kind = SMS_SCORES;
	}
	free(waiting);
	buf_free(&order);
	buf_free(&example);
	return cmd->kind == SMS_SCORES ? handle_scores(r, p, cmd, ms, msg,
	    reply) : 1;
}

/*
 * "guess technique 4" (or "guess 4 3" in the waiting order): kept
 * against the coach rating the athlete has not seen, and shown beside
 * it once their own rating reveals it.  Only a hidden score can be
 * guessed; a later guess of the same one replaces it.
 */
static int
handle_guess(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, const struct metric_set *ms, int64_t msg,
    struct buf *reply)
{
	const struct rating	**pending = NULL;
	const struct metric	 *m;
	struct rating_set	  rs = { 0 };
	struct buf		  kept = { 0 }, scales = { 0 };
	const char		 *hint;
	char			 *waiting = NULL;
	size_t			  i, j, k, n = 0;
	int			  rc = -1;

	if (ratings_load(r->db, p->id, &rs) == -1 ||
	    (pending = calloc(ms->n + 1, sizeof(*pending))) == NULL ||
	    (waiting = calloc(ms->n + 1, 1)) == NULL)
		goto out;
	ratings_pending(&rs, ms, pending);
	for (j = 0; j < ms->n; j++)
		n += pending[j] != NULL;
	if (cmd->positional) {
		if (n == 0) {
			buf_printf(reply, SAY_NO_GUESS, "your scores");
			rc = 1;
			goto out;
		}
		if (n != cmd->npairs) {
			for (j = 0; j < ms->n; j++)
				waiting[j] = pending[j] != NULL;
			metric_scales(ms, waiting, &scales);
			metric_example(ms, waiting, &kept);
			buf_printf(reply, SAY_ORDER, cmd->npairs, n,
			    scales.data ? scales.data : "", kept.data ?
			    kept.data : "");
			rc = 1;
			goto out;
		}
		for (j = 0, k = 0; j < ms->n; j++)
			if (pending[j] != NULL)
				snprintf(cmd->pairs[k++].word,
				    sizeof(cmd->pairs[0].word), "%s",
				    ms->v[j].slug);
	}
	for (i = 0; i < cmd->npairs; i++) {
		if ((m = metric_match(ms->v, ms->n, cmd->pairs[i].word,
		    &hint)) == NULL) {
			buf_printf(reply, SAY_NO_METRIC, cmd->pairs[i].word,
			    all_scales(ms, &scales));
			rc = 1;
			goto out;
		}
		j = (size_t)(m - ms->v);
		if (pending[j] == NULL) {
			buf_printf(reply, SAY_NO_GUESS, m->slug);
			rc = 1;
			goto out;
		}
		if (cmd->pairs[i].score < m->scale_min ||
		    cmd->pairs[i].score > m->scale_max) {
			buf_printf(reply, SAY_RANGE, m->slug, m->scale_min,
			    m->scale_max, all_scales(ms, &scales));
			rc = 1;
			goto out;
		}
	}
	for (i = 0; i < cmd->npairs; i++) {
		m = metric_match(ms->v, ms->n, cmd->pairs[i].word, &hint);
		if (db_exec(r->db, STMT_GUESS_SET, "iiiii", pending[m -
		    ms->v]->id, p->id, (int64_t)cmd->pairs[i].score,
		    (int64_t)time(NULL), msg) == -1)
			goto out;
		buf_printf(&kept, "%s%s %d", kept.len ? ", " : "", m->slug,
		    cmd->pairs[i].score);
	}
	if (buf_failed(&kept))
		goto out;
	buf_printf(reply, SAY_GUESSED, kept.data, cmd->npairs > 1 ? "s" : "");
	rc = 0;
out:
	ratings_free(&rs);
	free(pending);
	free(waiting);
	buf_free(&kept);
	buf_free(&scales);
	return rc;
}

/*
 * "link": a fresh invitation to set a password (which also resets a
 * forgotten one), a few a day at most.  It goes to the number on file
 * through the outbox, which makes its token when it sends: the answer
 * to this request (which whoever replays or reads it sees) holds no
 * secret, and the database keeps none.
 */
static int
handle_link(const struct reply_ctx *r, const struct person *p, struct buf *reply)
{
	struct invite_run	 run = { 0 };
	int			 n;

	if (r->base_url == NULL || !r->texts)
		return buf_puts(reply, SAY_NO_SITE);
	if (p->opted_out)
		return buf_puts(reply, SAY_OPTED_OUT);
	n = invite_count_since(r->db, p->id, (int64_t)time(NULL) - 86400);
	if (n == -1)
		return -1;
	if (n >= LINKS_PER_DAY)
		return buf_puts(reply, SAY_LINKS_USED);
	run.db = r->db;
	run.via = "sms";
	run.days = r->invite_days;
	run.again = 1;		/* a new password for a registered person */
	if (invite_queue(&run, p->id) == -1)
		return -1;
	return buf_puts(reply, run.queued ? SAY_LINK_SENT : SAY_NO_SITE);
}

/* What each kind of text is stored as, in message.kind. */
static const char *const kind_names[] = { "unparsed", "scores", "scores",
	"wellness", "note", "command", "command", "command", "command",
	"scores", "guess" };

static int
on_scores(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	return handle_scores(r, p, cmd, r->metrics, msg, reply) == -1 ? -1 : 0;
}

static int
on_bare(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	return handle_bare(r, p, cmd, r->metrics, msg, reply) == -1 ? -1 : 0;
}

static int
on_positional(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	return handle_positional(r, p, cmd, r->metrics, msg, reply) == -1 ?
	    -1 : 0;
}

static int
on_guess(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	return handle_guess(r, p, cmd, r->metrics, msg, reply) == -1 ? -1 : 0;
}

static int
on_ill(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	struct wellness	 w = { .note = cmd->text };

	day_string(time(NULL), w.day);
	snprintf(w.illness, sizeof(w.illness), "%s", cmd->illness);
	if (wellness_add(r->db, p->id, &w, (int64_t)time(NULL), msg) == -1 ||
	    (r->forward && thread_forward(r->db, p, msg, cmd->illness,
	    cmd->text) == -1))
		return -1;
	return buf_puts(reply, SAY_ILL);
}

static int
on_note(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	/* the message is the note */
	if (r->forward && thread_forward(r->db, p, msg, NULL, cmd->text) == -1)
		return -1;
	return buf_puts(reply, SAY_NOTE);
}

static int
on_link(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	return handle_link(r, p, reply);
}

static int
on_help(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	return buf_puts(reply, SAY_HELP);
}

static int
on_stop(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	if (db_exec(r->db, STMT_PERSON_SET_OPTOUT, "dii",
	    cmd->kind == SMS_STOP, (int64_t)time(NULL), p->id) == -1)
		return -1;
	return buf_puts(reply, cmd->kind == SMS_STOP ? SAY_STOP : SAY_START);
}

static int
on_unknown(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	return buf_puts(reply, cmd->error);	/* the grammar says how */
}

/*
 * The rules: what a known person's text of each kind does.  A handler
 * writes in the caller's transaction, appends the reply, and returns
 * 0, or -1 on a database error (the text is then tried again).
 */
static int (*const rules[])(const struct reply_ctx *, const struct person *,
    struct sms_cmd *, int64_t, struct buf *) = {
	[SMS_UNKNOWN] = on_unknown,
	[SMS_SCORES] = on_scores,
	[SMS_BARE] = on_bare,
	[SMS_ILL] = on_ill,
	[SMS_NOTE] = on_note,
	[SMS_LINK] = on_link,
	[SMS_HELP] = on_help,
	[SMS_STOP] = on_stop,
	[SMS_START] = on_stop,
	[SMS_POSITIONAL] = on_positional,
	[SMS_GUESS] = on_guess,
};

/* The answer to a text kept in the spool, read before it is stored. */
const char *
reply_spooled(void)
{
	return SAY_SPOOLED;
}

/*
 * One inbound text from the number from, with Twilio's MessageSid sid,
 * inside the caller's transaction: stores it and what it says, and
 * returns the reply (caller frees; "" for none) or NULL on a database
 * error.  A retry of a text already handled gets the same answer.
 */
char *
reply_text(const struct reply_ctx *r, const char *from, const char *body,
    const char *sid)
{
	struct db	*db = r->db;
	struct person	 p = { 0 };
	struct sms_cmd	*cmd = NULL;
	struct buf	 reply = { 0 };
	struct message	 m = { .channel = CHANNEL_SMS, .peer = from,
	    .status = "stored", .created_at = (int64_t)time(NULL) };
	sqlite3_stmt	*st;
	char		 rsid[96];
	int64_t		 id = 0, msg;
	char		*kept = NULL;
	int		 rc = -1, known;

	snprintf(rsid, sizeof(rsid), "reply:%s", sid);
	/* a retry of a text already handled gets the same answer */
	st = db_query(db, STMT_REPLY_BY_SID, "t", rsid);
	if (db_row(db, st) == 1) {
		char *again = xstrdup(db_text(st, 0));
		sqlite3_reset(st);
		return again;
	}
	known = person_find(db, from, r->country, &id) == OUT_OK &&
	    person_load_row(db, id, &p) == 0 && p.active;
	if ((cmd = calloc(1, sizeof(*cmd))) == NULL)
		goto out;
	sms_parse(body, cmd);
	m.person = known ? p.id : 0;
	m.body = body;
	m.kind = known ? kind_names[cmd->kind] : "unknown";
	m.provider_id = sid;
	if (message_in(db, &m, &msg) != OUT_OK)
		goto out;
	if (!known) {
		/* an unknown number learns nothing about the team */
		buf_puts(&reply, SAY_STRANGER);
	} else if (!p.blocked &&	/* blocked: stored, never answered */
	    rules[cmd->kind](r, &p, cmd, msg, &reply) == -1)
		goto out;
	if (buf_failed(&reply))
		goto out;
	if (reply.len > REPLY_MAX) {
		/* cut at a character boundary, never inside one */
		reply.len = REPLY_MAX;
		while (reply.len > 0 &&
		    ((unsigned char)reply.data[reply.len] & 0xc0) == 0x80)
			reply.len--;
		reply.data[reply.len] = '\0';
	}
	/* the stored copy keeps no invitation token */
	if ((kept = account_redact(reply.data ? reply.data : "")) == NULL)
		goto out;
	m.body = kept;
	m.kind = "twiml";
	m.provider_id = rsid;
	if (message_replied(db, &m) != OUT_OK)
		goto out;
	rc = 0;
out:
	person_clear(&p);
	free(kept);
	free(cmd);
	if (rc == -1) {
		buf_free(&reply);
		return NULL;
	}
	return buf_steal(&reply);
}

