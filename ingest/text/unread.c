/*
 * unread.c - the reply to a text cox could not read: its closest
 * reading as a line to send back, naming the word it could not place,
 * or the note the athlete may have meant, or how to write what the
 * grammar says they tried.  The coaches see such texts in the digest
 * (inbox.c); one with a number in it, until the athlete sends one cox
 * reads (reply.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

#define NOTE_QUOTED	140	/* characters of a text quoted as a note */

/*
 * The closest reading of a text the grammar could not read, from
 * cmd->near into cmd's pairs: a number after a word that names a
 * metric or a check-in item is theirs; the others go, in order, to the
 * metrics waiting for p (every metric when none waits) that no word
 * took, and past those are dropped.  Returns 0, or -1 on a database
 * error.
 */
static int
near_reading(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd)
{
	const struct metric_set	*ms = r->metrics;
	const struct metric	*m;
	const char		*hint;
	char			*free_for;
	size_t			 i, j = 0;

	if ((free_for = calloc(ms->n + 1, 1)) == NULL ||
	    ratings_waiting(r->db, p->id, ms, free_for) == -1) {
		free(free_for);
		return -1;
	}
	if (memchr(free_for, 1, ms->n) == NULL)
		memset(free_for, 1, ms->n);
	for (i = 0; i < cmd->nnear; i++) {
		m = metric_match(ms->v, ms->n, cmd->near[i].word, &hint);
		if (m != NULL)
			free_for[m - ms->v] = 0;
		else if (!cmd->near[i].wellness &&
		    checkin_item_match(r->items, cmd->near[i].word) == NULL)
			cmd->near[i].word[0] = '\0';
	}
	cmd->npairs = 0;
	for (i = 0; i < cmd->nnear; i++) {
		if (cmd->near[i].word[0] == '\0') {
			while (j < ms->n && !free_for[j])
				j++;
			if (j == ms->n)
				continue;
			snprintf(cmd->near[i].word, sizeof(cmd->near[i].word),
			    "%s", ms->v[j++].slug);
		}
		cmd->pairs[cmd->npairs++] = cmd->near[i];
	}
	free(free_for);
	return 0;
}

/*
 * What would fix a text: for one the grammar could not read, the
 * closest reading as a line to send back (near_reading()), naming the
 * word it could not place; for words and no number, the note they may
 * have meant, quoted; else the grammar's advice with the team's
 * metrics.
 */
static enum outcome
unknown_say(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, struct buf *reply)
{
	const char	*how = cmd->how != NULL ? cmd->how : "sms.unreadable";
	struct buf	 line = { 0 };
	char		 note[16];

	if (strcmp(how, "sms.unreadable") == 0 && cmd->nnear > 0) {
		if (near_reading(r, p, cmd) == -1)
			return OUT_FAILED;
		if (pair_line_of(r, cmd, SIZE_MAX, NULL, &line)[0] != '\0') {
			if (cmd->bad[0] != '\0')
				words_printf(reply, NULL, "sms.unreadable_near",
				    cmd->bad, line.data);
			else
				words_printf(reply, NULL,
				    "sms.unreadable_near_all", line.data);
			buf_free(&line);
			return OUT_BADINPUT;
		}
		buf_free(&line);
	}
	/* with no metric, no rating to show and no score to guess */
	if (strcmp(how, "sms.unreadable") == 0 && cmd->nnear == 0 &&
	    cmd->text[0] != '\0' && utf8_chars(cmd->text) <= NOTE_QUOTED)
		words_printf(reply, NULL, "sms.unreadable_note",
		    say_alias("kw.note", note, sizeof(note)), cmd->text);
	else if (strcmp(how, "sms.unreadable") == 0)
		say_example(r->metrics, NULL, how, "sms.unreadable_wellness",
		    reply);
	else if (strcmp(how, "sms.guess_how") == 0)
		say_example(r->metrics, NULL, how, "sms.no_guess_any", reply);
	else
		say(reply, how);
	return OUT_BADINPUT;
}

static enum outcome
on_unknown(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	struct buf	 said = { 0 };
	enum outcome	 rc;

	/* "cancel tues sorry": no opt-out, but how to make one, first,
	   where a long quoted note cannot cut it off */
	if (cmd->stop_word)
		say(reply, "sms.stop_alone");
	if ((rc = unknown_say(r, p, cmd, &said)) != OUT_FAILED &&
	    buf_failed(&said))
		rc = OUT_FAILED;
	else if (rc != OUT_FAILED && said.len > 0) {
		say_next(reply);
		buf_add(reply, said.data, said.len);
	}
	buf_free(&said);
	return rc;
}

static const struct sms_rule rules[] = {
	{ SMS_UNKNOWN, "unparsed", 0, on_unknown },
	{ 0 }
};

static const struct sms_text unread_texts = { NULL, rules, NULL };
SMS_TEXTS(unread_texts, 9900);
