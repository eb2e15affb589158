/*
 * positional.c - scores an athlete texts without naming their metrics:
 * a bare score ("4") for the only metric waiting, scores alone ("8 4 3
 * 4 3") in the order the prompt and the page list them.  Each is placed
 * against the team's metrics, then stored as named scores are
 * (scores.c); a count that fits nothing says the order.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/*
 * Catalogue entry name with the line a bare score makes for the first
 * metric of those waiting (all when NULL) that reads it ("technique
 * 4"), else the team's example.
 */
static void
bare_example(const struct reply_ctx *r, const struct sms_cmd *cmd,
    const char *waiting, const char *name, struct buf *reply)
{
	const struct metric_set	*ms = r->metrics;
	struct sms_pair	 y = { .score = cmd->bare };
	struct buf	 line = { 0 };
	long		 kept;
	size_t		 j;

	memcpy(y.value, cmd->bare_value, sizeof(y.value));
	for (j = 0; j < ms->n; j++)
		if ((waiting == NULL || waiting[j]) &&
		    pair_value(&ms->v[j], &y, &kept) == READ_OK)
			break;
	if (j == ms->n) {
		say_example(ms, waiting, name, NULL, reply);
		return;
	}
	snprintf(y.word, sizeof(y.word), "%s", ms->v[j].slug);
	pair_line(r, &y, &line);
	say_next(reply);
	words_printf(reply, NULL, name, line.data ? line.data : "");
	buf_free(&line);
}

/*
 * A bare score answers the only metric waiting for one, or a team's
 * only metric; else the reply says which it may be, with their score.
 */
static enum outcome
handle_bare(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	const struct metric_set	*ms = r->metrics;
	char	*waiting;
	size_t	 j, at = 0;
	int	 n;

	if ((waiting = calloc(ms->n + 1, 1)) == NULL ||
	    (n = ratings_waiting(r->db, p->id, ms, waiting)) == -1) {
		free(waiting);
		return OUT_FAILED;
	}
	for (j = 0; j < ms->n; j++)
		if (waiting[j])
			at = j;
	if (n == 0 && ms->n == 1)
		n = 1;		/* the one metric there is */
	if (n == 0) {
		say(reply, "sms.nothing_due");
		bare_example(r, cmd, NULL, "sms.send_example", reply);
	} else if (n > 1)
		bare_example(r, cmd, waiting, "sms.which", reply);
	free(waiting);
	if (n != 1)
		return OUT_BADINPUT;
	cmd->kind = SMS_SCORES;
	cmd->npairs = 1;
	snprintf(cmd->pairs[0].word, sizeof(cmd->pairs[0].word), "%s",
	    ms->v[at].slug);
	cmd->pairs[0].score = cmd->bare;
	memcpy(cmd->pairs[0].value, cmd->bare_value,
	    sizeof(cmd->pairs[0].value));
	cmd->pairs[0].wellness = 0;
	return scores_handle(r, p, cmd, msg, reply);
}

/*
 * Scores alone in cmd, placed against the metrics of ms that only
 * marks, in the team's order: a comma the grammar kept between digits
 * (where the athlete's language writes decimals with one) is the
 * decimal mark of a time or a number at its place, "80,9", and stands
 * between two whole scores at a scale's or past the last, "4,3" being
 * 4 and 3, which moves the places after it on.
 */
void
positional_split(const struct metric_set *ms, const char *only,
    struct sms_cmd *cmd)
{
	struct sms_pair	 v[SMS_MAX_PAIRS], *x;
	char		 head[sizeof(cmd->pairs[0].value)], *comma;
	long		 a, b;
	size_t		 i, j, k, n = 0, at = 0;

	for (i = 0; i < cmd->npairs; i++) {
		x = &cmd->pairs[i];
		for (j = 0, k = 0; j < ms->n; j++)
			if (only[j] && k++ == at)
				break;
		memcpy(head, x->value, sizeof(head));
		if ((comma = strchr(head, ',')) != NULL &&
		    strchr(head, ':') == NULL && n + 2 <= SMS_MAX_PAIRS &&
		    (j == ms->n || ms->v[j].kind == METRIC_SCALE)) {
			*comma = '\0';
			if (parse_long(head, 0, 100, &a) == 0 &&
			    parse_long(comma + 1, 0, 100, &b) == 0) {
				v[n] = *x;
				v[n].value[0] = '\0';
				v[n].score = (int)a;
				v[n + 1] = v[n];
				v[n + 1].score = (int)b;
				n += 2;
				at += 2;
				continue;
			}
		}
		if (n == SMS_MAX_PAIRS)
			return;		/* too many to place: as written */
		v[n++] = *x;
		at++;
	}
	memcpy(cmd->pairs, v, n * sizeof(v[0]));
	cmd->npairs = n;
}

/*
 * Names cmd's pairs, in order, with the slugs of the metrics of only
 * (all when NULL) in the team's order, as far as they go; returns how
 * many it named.
 */
static size_t
place(const struct metric_set *ms, const char *only, struct sms_cmd *cmd)
{
	size_t	 j, k = 0;

	for (j = 0; j < ms->n && k < cmd->npairs; j++)
		if (only == NULL || only[j])
			snprintf(cmd->pairs[k++].word,
			    sizeof(cmd->pairs[0].word), "%s", ms->v[j].slug);
	return k;
}

/*
 * Scores alone ("8 4 3 4 3") answer the metrics waiting for the
 * athlete, in the order the prompt and the page list them (the team's
 * metric order); as many as the team has metrics answer them all, in
 * that order, whatever waits.  A count that matches neither says the
 * order, with the line of their scores named to send back.
 */
static enum outcome
handle_positional(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	const struct metric_set	*ms = r->metrics;
	struct sms_pair	 written[SMS_MAX_PAIRS];
	struct buf	 order = { 0 }, line = { 0 };
	char		*waiting, *all = NULL;
	size_t		 nwritten = cmd->npairs, count;
	int		 n, placed = 1;

	if ((waiting = calloc(ms->n + 1, 1)) == NULL ||
	    (all = malloc(ms->n + 1)) == NULL ||
	    (n = ratings_waiting(r->db, p->id, ms, waiting)) == -1) {
		free(waiting);
		free(all);
		return OUT_FAILED;
	}
	memset(all, 1, ms->n + 1);
	memcpy(written, cmd->pairs, nwritten * sizeof(written[0]));
	positional_split(ms, waiting, cmd);
	if (n > 0 && cmd->npairs == (size_t)n)
		place(ms, waiting, cmd);
	else {
		/* one score a metric, in the team's order */
		memcpy(cmd->pairs, written, nwritten * sizeof(written[0]));
		cmd->npairs = nwritten;
		positional_split(ms, all, cmd);
		placed = cmd->npairs == ms->n;
	}
	if (placed && cmd->npairs == ms->n && (n == 0 ||
	    cmd->npairs != (size_t)n))
		place(ms, NULL, cmd);
	else if (!placed && n == 0) {
		cmd->npairs = place(ms, NULL, cmd);
		words_printf(reply, NULL, "sms.no_order", pair_line_of(r, cmd,
		    SIZE_MAX, NULL, &line), say_scales(ms, &order));
	} else if (!placed) {
		memcpy(cmd->pairs, written, nwritten * sizeof(written[0]));
		cmd->npairs = nwritten;
		positional_split(ms, waiting, cmd);
		count = cmd->npairs;
		cmd->npairs = place(ms, waiting, cmd);
		metric_scales(ms, waiting, &order);
		words_printf(reply, NULL, "sms.order", count, (size_t)n,
		    order.data ? order.data : "", pair_line_of(r, cmd, SIZE_MAX,
		    NULL, &line));
	}
	free(waiting);
	free(all);
	buf_free(&order);
	buf_free(&line);
	if (!placed)
		return OUT_BADINPUT;
	cmd->kind = SMS_SCORES;
	return scores_handle(r, p, cmd, msg, reply);
}

static const struct sms_rule rules[] = {
	{ SMS_BARE, "scores", 1, handle_bare },
	{ SMS_POSITIONAL, "scores", 1, handle_positional },
	{ 0 }
};

static const struct sms_text positional_texts = { NULL, rules, NULL };
SMS_TEXTS(positional_texts, 1100);
