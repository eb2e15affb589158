/*
 * scores.c - the self-ratings and check-in answers an athlete texts
 * (DESIGN.md §4 "An athlete's text"), "technique 4 sleep 2": each pair
 * taken in (pair.c), stored, the coach's scores they reveal shown (the
 * blind rule), and the reply.  Scores alone and a bare score are placed
 * first (positional.c).  What the coaches' digest says of them is
 * shared/digest_athletes.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/* the athlete's guess of one coach score, revealed by their own */
STMT(STMT_GUESS_OF_RATING,
    "SELECT score FROM guess WHERE rating_id = ? AND athlete_id = ?");


/*
 * The answer of w to the club's item k, the last one when it is sent
 * twice (*twice then names it).
 */
static void
answer_set(struct wellness *w, int k, int value, const char *slug,
    const char **twice)
{
	size_t	 i;

	for (i = 0; i < w->nanswers; i++)
		if (w->answers[i].item == k) {
			w->answers[i].value = value;
			*twice = slug;
			return;
		}
	w->answers[w->nanswers].item = k;	/* k < CHECKIN_ITEMS_MAX */
	w->answers[w->nanswers++].value = value;
}

/* "mood 4, symptoms 0": w's answers to the club's items, into b. */
static const char *
answers_said(const struct wellness *w, const struct checkin_items *items,
    struct buf *b)
{
	size_t	 i;

	buf_reset(b);
	for (i = 0; i < w->nanswers; i++)
		buf_printf(b, "%s%s %d", i ? ", " : "",
		    items->v[w->answers[i].item].slug, w->answers[i].value);
	return buf_failed(b) ? "" : b->data;
}

/*
 * After a coach score the athlete's own has just revealed, in shown:
 * what they guessed of it, when they did (" (you guessed 7)"), as
 * "guess" promised them.  Returns 0 or -1.
 */
static int
guessed(struct db *db, int64_t athlete, const struct rating *coach,
    const struct metric *m, struct buf *shown)
{
	sqlite3_stmt	*st;
	char		 value[METRIC_VALUE_MAX];
	int		 rc;

	st = db_query(db, STMT_GUESS_OF_RATING, "ii", coach->id, athlete);
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == OUT_OK ? 0 : -1;
	metric_value_write(m, sqlite3_column_int(st, 0), words_decimal(),
	    value, sizeof(value));
	sqlite3_reset(st);
	buf_puts(shown, " ");
	return words_printf(shown, NULL, "sms.you_guessed", value);
}

/*
 * A wellness item of pair i of cmd (a Hooper item: 1 best, 7 worst)
 * into w; a word's level said in read, as the guess it is.  Returns 0,
 * or -1 with the reply saying the scale and the line to send back.
 */
static int
take_wellness(const struct reply_ctx *r, const struct sms_cmd *cmd,
    size_t i, struct wellness *w, struct buf *read, struct buf *reply)
{
	const struct sms_pair *x = &cmd->pairs[i];
	struct buf	 line = { 0 }, as = { 0 };
	char		 item[48], name[48];

	pair_item_alias(x->word, item, sizeof(item));
	if (x->score < 1 || x->score > 7) {
		/* the item in the reader's words, not its English slug */
		snprintf(name, sizeof(name), "gen.item_%s", x->word);
		buf_printf(&as, "%s %d", item, x->score < 1 ? 1 : 7);
		words_printf(reply, NULL, "sms.wellness_range",
		    words_find(NULL, name) != NULL ? words_find(NULL, name) :
		    x->word, pair_line_of(r, cmd, i, as.data, &line));
		buf_free(&line);
		buf_free(&as);
		return -1;
	}
	if (x->worded) {
		say_next(read);
		words_printf(read, NULL, "sms.read_level", item, x->said, item,
		    x->score, item);
	}
	if (!strcmp(x->word, "sleep")) w->sleep = x->score;
	if (!strcmp(x->word, "stress")) w->stress = x->score;
	if (!strcmp(x->word, "fatigue")) w->fatigue = x->score;
	if (!strcmp(x->word, "soreness")) w->soreness = x->score;
	return 0;
}

/*
 * Club item it's answer, pair i of cmd, into w (*twice naming it when
 * it came before); an answer in a word goes on the item's scale
 * (pair_item_level()), said in read.  Returns 0, or -1 with the reply
 * saying the item's scale and the line to send back.
 */
static int
take_item(const struct reply_ctx *r, const struct sms_cmd *cmd, size_t i,
    const struct checkin_item *it, struct wellness *w, const char **twice,
    struct buf *read, struct buf *reply)
{
	const struct sms_pair *x = &cmd->pairs[i];
	struct buf	 line = { 0 }, as = { 0 };
	int		 v = x->worded ? pair_item_level(it, x->score) :
			    x->score;

	if (x->value[0] != '\0' || x->out_of != 0 || v < it->lo ||
	    v > it->hi) {
		buf_printf(&as, "%s %d", it->slug, v < it->lo ? it->lo :
		    it->hi);
		words_printf(reply, NULL, "sms.item_range", it->slug, it->lo,
		    it->hi, it->higher_better ? it->hi : it->lo,
		    pair_line_of(r, cmd, i, as.data, &line));
		buf_free(&line);
		buf_free(&as);
		return -1;
	}
	if (x->worded) {
		say_next(read);
		words_printf(read, NULL, "sms.read_level_item", it->slug,
		    x->said, it->slug, v, it->higher_better ? it->hi : it->lo,
		    it->slug);
	}
	answer_set(w, (int)(it - r->items->v), v, it->slug, twice);
	return 0;
}

/*
 * A word that names no metric, pair i of cmd: the reply names it, and
 * the metric it may be with the line to send back (the word replaced),
 * or the line of the rest.  Always -1.
 */
static int
no_metric(const struct reply_ctx *r, const struct sms_cmd *cmd, size_t i,
    const char *hint, struct buf *reply)
{
	const struct sms_pair *x = &cmd->pairs[i];
	struct sms_pair	 y = *x;
	struct buf	 line = { 0 }, as = { 0 }, scales = { 0 };

	say_scales(r->metrics, &scales);
	if (hint != NULL) {
		snprintf(y.word, sizeof(y.word), "%s", hint);
		pair_line(r, &y, &as);
		words_printf(reply, NULL, "sms.did_you_mean", x->word, hint,
		    pair_line_of(r, cmd, i, as.data, &line), scales.data ?
		    scales.data : "");
	} else {
		words_printf(reply, NULL, "sms.no_metric", x->word,
		    scales.data ? scales.data : "");
		if (pair_line_of(r, cmd, i, NULL, &line)[0] != '\0') {
			say_next(reply);
			words_printf(reply, NULL, "sms.send_rest", line.data);
		}
	}
	buf_free(&line);
	buf_free(&as);
	buf_free(&scales);
	return -1;
}

/*
 * Pair i of cmd taken in (a wellness or club item into w, a metric's
 * score into which[i] and kept[i]; a metric or item named twice keeps
 * the last, *twice naming it); how a guess was read goes to read.
 * Returns 0, or -1 with the reply saying what is wrong and the line to
 * send back.
 */
static int
take_pair(const struct reply_ctx *r, const struct sms_cmd *cmd, size_t i,
    struct wellness *w, const struct metric **which, long *kept,
    const char **twice, struct buf *read, struct buf *reply)
{
	const struct metric_set	*ms = r->metrics;
	const struct sms_pair	*x = &cmd->pairs[i];
	const struct checkin_item *it;
	const struct metric	*m;
	const char		*hint;
	size_t			 j;

	if (x->wellness) {
		for (j = 0; j < i; j++)
			if (!strcmp(cmd->pairs[j].word, x->word))
				*twice = x->word;
		return take_wellness(r, cmd, i, w, read, reply);
	}
	if ((it = checkin_item_match(r->items, x->word)) != NULL)
		return take_item(r, cmd, i, it, w, twice, read, reply);
	if ((m = metric_match(ms->v, ms->n, x->word, &hint)) == NULL ||
	    x->worded)
		return no_metric(r, cmd, i, hint, reply);
	if (pair_read(r, m, cmd, i, NULL, &kept[i], read, reply) == -1)
		return -1;
	for (j = 0; j < i; j++)
		if (which[j] == m) {
			which[j] = NULL;	/* the last one counts */
			*twice = m->slug;
		}
	which[i] = m;
	return 0;
}

/*
 * Self-ratings and wellness items of one text, and a session's effort
 * beside them.  Writes what was saved,
 * and the coach scores it revealed, into reply.  A score for a metric
 * whose round the athlete has answered already is kept as their latest
 * view, and the reply says that their first answer, made before they
 * saw the coach's, stays the round's (the blind rule: an answer given
 * after seeing the coach's could copy it), as their page does.  A
 * metric or wellness item named twice keeps its last score, and the
 * reply says so.
 * Returns OUT_OK, OUT_BADINPUT when the text had a problem (the reply
 * says what: it is the why), or OUT_FAILED on a database error.
 */
enum outcome
scores_handle(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	const struct metric_set	 *ms = r->metrics;
	const struct rating	**pending = NULL;
	const struct metric	**which;
	struct rating_set	  rs = { 0 };
	struct wellness		  w;
	struct buf		  saved = { 0 }, shown = { 0 }, scales = { 0 };
	struct buf		  said = { 0 }, later = { 0 }, first = { 0 };
	struct buf		  read = { 0 };
	const char		 *twice = NULL;
	char			 *only = NULL;
	char			  today[11], value[METRIC_VALUE_MAX];
	char			  answer[METRIC_VALUE_MAX];
	int64_t			  now = (int64_t)time(NULL);
	long			  kept[SMS_MAX_PAIRS];
	size_t			  i, j;
	int			  any_w = 0, coach, self, answered;
	enum outcome		  rc = OUT_FAILED;

	if ((which = calloc(SMS_MAX_PAIRS, sizeof(*which))) == NULL ||
	    (pending = calloc(ms->n + 1, sizeof(*pending))) == NULL ||
	    (only = calloc(ms->n + 1, 1)) == NULL)
		goto out;
	if (cmd->session.given && !effort_in_range(&cmd->session)) {
		effort_range(r, cmd, reply);
		rc = OUT_BADINPUT;
		goto out;
	}
	memset(&w, 0, sizeof(w));
	day_string(time(NULL), today);
	snprintf(w.day, sizeof(w.day), "%s", today);
	for (i = 0; i < cmd->npairs; i++)
		if (take_pair(r, cmd, i, &w, which, kept, &twice, &read,
		    reply) == -1) {
			rc = OUT_BADINPUT;
			goto out;
		}
	any_w = w.sleep || w.stress || w.fatigue || w.soreness ||
	    w.nanswers > 0;
	/* the latest score of each metric scored, and of no other:
	 * wellness alone needs no rating history */
	for (i = 0; i < cmd->npairs; i++)
		if (which[i] != NULL)
			only[which[i] - ms->v] = 1;
	if (memchr(only, 1, ms->n) != NULL &&
	    ratings_latest(r->db, p->id, ms, only, &rs) == -1)
		goto out;
	ratings_pending(&rs, ms, pending);
	for (i = 0; i < cmd->npairs; i++) {
		if (which[i] == NULL)
			continue;
		j = (size_t)(which[i] - ms->v);
		answered = 0;
		if (pending[j] == NULL && (answered = rating_round(r->db,
		    p->id, which[i]->id, &coach, &self)) == -1)
			goto out;
		if (rating_add(r->db, p->id, which[i]->id, SOURCE_SELF, 0,
		    (int)kept[i], "", today, now, msg) == -1)
			goto out;
		metric_value_write(which[i], kept[i], words_decimal(), value,
		    sizeof(value));
		if (answered) {
			/* their page keeps the pair, this beside it */
			buf_printf(&later, "%s%s %s", later.len ? ", " : "",
			    which[i]->slug, value);
			metric_value_write(which[i], self, words_decimal(),
			    answer, sizeof(answer));
			metric_value_write(which[i], coach, words_decimal(),
			    value, sizeof(value));
			if (first.len > 0)
				buf_puts(&first, ", ");
			words_printf(&first, NULL, "sms.round", which[i]->slug,
			    answer, value);
			continue;
		}
		buf_printf(&saved, "%s%s %s", saved.len ? ", " : "",
		    which[i]->slug, value);
		if (pending[j] != NULL) {
			metric_value_write(which[i], pending[j]->score,
			    words_decimal(), value, sizeof(value));
			buf_printf(&shown, "%s%s %s", shown.len ? ", " : "",
			    which[i]->slug, value);
			if (guessed(r->db, p->id, pending[j], which[i], &shown)
			    == -1)
				goto out;
		}
	}
	if (any_w && wellness_add(r->db, p->id, &w, r->items, now, msg) == -1)
		goto out;
	if (effort_store(r, p, cmd, msg, &said) != OUT_OK)
		goto out;
	if (buf_failed(&saved) || buf_failed(&shown) || buf_failed(&later) ||
	    buf_failed(&first))
		goto out;	/* out of memory: tried again */
	if (saved.len > 0)
		words_printf(reply, NULL, "sms.saved", saved.data);
	if (shown.len > 0) {
		say_next(reply);
		words_printf(reply, NULL, "sms.coach", shown.data);
	}
	if (later.len > 0) {
		say_next(reply);
		words_printf(reply, NULL, "sms.latest", later.data, first.data);
	}
	if (any_w && (w.sleep || w.stress || w.fatigue || w.soreness))
		say(reply, w.sleep && w.stress && w.fatigue && w.soreness ?
		    "sms.wellness" : "sms.wellness_part");
	if (w.nanswers > 0) {
		say_next(reply);
		words_printf(reply, NULL, "sms.items_saved",
		    answers_said(&w, r->items, &scales));
	}
	say_more(reply, &said);
	if (twice != NULL) {
		say_next(reply);
		words_printf(reply, NULL, "sms.twice", twice);
	}
	say_more(reply, &read);
	rc = OUT_OK;
out:
	ratings_free(&rs);
	buf_free(&read);
	buf_free(&said);
	buf_free(&saved);
	buf_free(&shown);
	buf_free(&later);
	buf_free(&first);
	buf_free(&scales);
	free(which);
	free(pending);
	free(only);
	return rc;
}

static const struct sms_rule rules[] = {
	{ SMS_SCORES, "scores", 1, scores_handle },
	{ 0 }
};

static const struct sms_text scores_texts = { NULL, rules, NULL };
SMS_TEXTS(scores_texts, 1000);
