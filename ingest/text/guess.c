/*
 * guess.c - "guess technique 4", "guess 4 3": what an athlete thinks
 * their coach's hidden score is, before the reveal.  The keyword, what
 * follows it (the scores grammar.c reads) and what it does: kept
 * against the coach's rating they have not seen, shown beside it once
 * their own rating reveals it (scores.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

STMT(STMT_GUESS_SET,
    "INSERT OR REPLACE INTO guess (rating_id, athlete_id, score, "
    "created_at, message_id) VALUES (?, ?, ?, ?, nullif(?, 0))");

/*
 * "guess technique 4", "guess 4 3": what the athlete thinks their
 * coach's hidden scores are, named or in the order of what waits.
 */
static void
guess_read(const struct sms_keyword *k, const char *body,
    const struct sms_names *names, struct sms_cmd *c)
{
	char	 rest[SMS_MAX_BYTES + 1];
	size_t	 i;

	token_rest(body, rest, sizeof(rest));
	grammar_scores(rest, names, c);
	if (c->kind == SMS_BARE) {
		c->pairs[0].score = c->bare;
		memcpy(c->pairs[0].value, c->bare_value,
		    sizeof(c->pairs[0].value));
		c->npairs = 1;
		c->kind = SMS_POSITIONAL;
	}
	for (i = 0; i < c->npairs; i++)
		if (c->pairs[i].wellness)
			c->kind = SMS_UNKNOWN;
	if (c->session.given || c->kind == SMS_ACK)
		c->kind = SMS_UNKNOWN;
	if (c->kind == SMS_UNKNOWN) {
		c->text[0] = '\0';
		c->npairs = 0;
		c->nnear = 0;
		c->bad[0] = '\0';
		memset(&c->session, 0, sizeof(c->session));
		c->how = "sms.guess_how";
		return;
	}
	c->positional = c->kind == SMS_POSITIONAL;
	c->kind = SMS_GUESS;
}

/*
 * "guess technique 4" (or "guess 4 3" in the waiting order): kept
 * against the coach rating the athlete has not seen, and shown beside
 * it once their own rating reveals it.  Only a hidden score can be
 * guessed; a later guess of the same one replaces it.
 */
static enum outcome
handle_guess(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	const struct metric_set	 *ms = r->metrics;
	const struct rating	**pending = NULL;
	const struct metric	 *m;
	struct rating_set	  rs = { 0 };
	struct buf		  kept = { 0 }, scales = { 0 }, read = { 0 };
	const char		 *hint;
	char			 *waiting = NULL, value[METRIC_VALUE_MAX];
	char			  lead[32];
	long			  guess[SMS_MAX_PAIRS];
	size_t			  i, j, k, n = 0;
	enum outcome		  rc = OUT_FAILED;

	if (ratings_latest(r->db, p->id, ms, NULL, &rs) == -1 ||
	    (pending = calloc(ms->n + 1, sizeof(*pending))) == NULL ||
	    (waiting = calloc(ms->n + 1, 1)) == NULL)
		goto out;
	ratings_pending(&rs, ms, pending);
	for (j = 0; j < ms->n; j++)
		n += pending[j] != NULL;
	if (cmd->positional) {
		if (n == 0) {
			say(reply, "sms.no_guess_any");
			rc = OUT_BADINPUT;
			goto out;
		}
		for (j = 0; j < ms->n; j++)
			waiting[j] = pending[j] != NULL;
		positional_split(ms, waiting, cmd);
		if (n != cmd->npairs) {
			metric_scales(ms, waiting, &scales);
			metric_example(ms, waiting, 0, &kept);
			words_printf(reply, NULL, "sms.order", cmd->npairs, n,
			    scales.data ? scales.data : "", kept.data ?
			    kept.data : "");
			rc = OUT_BADINPUT;
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
			words_printf(reply, NULL, "sms.no_metric",
			    cmd->pairs[i].word, say_scales(ms, &scales));
			rc = OUT_BADINPUT;
			goto out;
		}
		j = (size_t)(m - ms->v);
		if (pending[j] == NULL) {
			words_printf(reply, NULL, "sms.no_guess", m->slug);
			rc = OUT_BADINPUT;
			goto out;
		}
		if (pair_read(r, m, cmd, i, say_alias("kw.guess", lead,
		    sizeof(lead)), &guess[i], &read, reply) == -1) {
			rc = OUT_BADINPUT;
			goto out;
		}
	}
	for (i = 0; i < cmd->npairs; i++) {
		m = metric_match(ms->v, ms->n, cmd->pairs[i].word, &hint);
		if (db_exec(r->db, STMT_GUESS_SET, "iiiii", pending[m -
		    ms->v]->id, p->id, (int64_t)guess[i],
		    (int64_t)time(NULL), msg) == -1)
			goto out;
		metric_value_write(m, guess[i], words_decimal(), value,
		    sizeof(value));
		buf_printf(&kept, "%s%s %s", kept.len ? ", " : "", m->slug,
		    value);
	}
	if (buf_failed(&kept))
		goto out;
	words_printf_n(reply, NULL, "sms.guessed", cmd->npairs, kept.data);
	say_more(reply, &read);
	rc = OUT_OK;
out:
	buf_free(&read);
	ratings_free(&rs);
	free(pending);
	free(waiting);
	buf_free(&kept);
	buf_free(&scales);
	return rc;
}

static const struct sms_keyword keywords[] = {
	{ "kw.guess", NULL, SMS_GUESS, 0, guess_read },
	{ 0 }
};

static const struct sms_rule rules[] = {
	{ SMS_GUESS, "guess", 1, handle_guess },
	{ 0 }
};

static const struct sms_text guess_texts = { keywords, rules, NULL };
SMS_TEXTS(guess_texts, 600);
