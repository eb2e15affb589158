/*
 * reply.c - the reply rules: what an athlete's text does and what they
 * are told (DESIGN.md §4 "An athlete's text").  sms_parse() (grammar.c)
 * says what a text is; a table here maps each kind to its handler,
 * which stores self-ratings, check-ins, sessions, notes and opt-outs
 * and writes the reply.
 * Every reply is a sms. entry of the catalogue of words (lib/words/,
 * en.txt the reference).  Knows nothing of HTTP:
 * sms.c calls reply_text() inside its batch's transaction, and
 * tests/unit/test_reply.c calls it on a database of its own.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "text.h"

/* whether a coach texted athlete ?1 since ?2 (a message, an answer) */
STMT(STMT_COACH_TEXTED,
    "SELECT 1 FROM message WHERE person_id = ?1 AND direction = 'out' "
    "AND created_at >= ?2 AND kind IN ('coach', 'answer') LIMIT 1");
/* athlete ?1's texts since ?2 that cox could not read, filed once
 * one it could read came: message_person finds them */
STMT(STMT_UNREAD_SETTLE,
    "UPDATE message SET archived = 1 WHERE person_id = ?1 AND "
    "created_at >= ?2 AND direction = 'in' AND kind = 'unparsed' "
    "AND archived = 0");
/*
 * the answer a text was given, by the text's MessageSid: on its row,
 * or for a text stored before schema v33 in a row of its own (NULL:
 * a text with no answer kept, which is no retry to answer)
 */
STMT(STMT_REPLY_BY_SID,
    "SELECT coalesce(i.answer, (SELECT o.body FROM message o WHERE "
    "o.about = i.id AND o.kind = 'twiml' ORDER BY o.id LIMIT 1)), "
    "i.created_at FROM message i WHERE i.channel = 'sms' AND "
    "i.direction = 'in' AND i.provider_id = ?");
/* the same of text ?1, if its MessageSid is ?2 (schema v34 on) */
STMT(STMT_REPLY_BY_ID,
    "SELECT answer, created_at FROM message WHERE id = ?1 AND "
    "sid = ?2");
/* a text handled once and no longer kept (schema v32) */
STMT(STMT_SMS_SPENT, "SELECT 1 FROM sms_spent WHERE sid = ?");
/* the exports a "mydata" text queued (ingest/reply.c) */
STMT(STMT_MYDATA_RECENT,
    "SELECT count(*) FROM message WHERE person_id = ? AND direction = "
    "'out' AND kind = 'export' AND created_at > ?");
STMT(STMT_GUESS_SET,
    "INSERT OR REPLACE INTO guess (rating_id, athlete_id, score, "
    "created_at, message_id) VALUES (?, ?, ?, ?, nullif(?, 0))");
/* the athlete's guess of one coach score, revealed by their own */
STMT(STMT_GUESS_OF_RATING,
    "SELECT score FROM guess WHERE rating_id = ? AND athlete_id = ?");

#define REPLY_MAX	320	/* bytes: two SMS at most */
#define LINKS_PER_DAY	3	/* invitations by "link" */
#define EXPORTS_PER_DAY	1	/* emails of their data by "mydata" */
#define EXAMPLE_METRICS	2	/* named in an example of a rating */
#define NOTE_QUOTED	140	/* characters of a text quoted as a note */
#define UNREAD_DAYS	3	/* unread texts a readable one files away */
/* seconds after a text within which its MessageSid again is Twilio's
 * retry (a few, over a minute or two at most: cox-sms(8)) */
#define REPLY_RETRIES	600

/*
 * Starts one more sentence of a reply: a space after the one before.
 * Replies are short: most fit one SMS; none is over REPLY_MAX bytes.
 */
static void
say_next(struct buf *reply)
{
	if (reply->len > 0)
		buf_putc(reply, ' ');
}

/* Appends the sentence of catalogue entry name to reply. */
static void
say(struct buf *reply, const char *name)
{
	say_next(reply);
	buf_puts(reply, words_get(NULL, name));
}

/*
 * Catalogue entry name, which shows how to write a rating, into reply:
 * its example is the team's own first metrics (of those waiting, when
 * waiting is not NULL) at mid-scale, as the prompt's is, named
 * ("technique 3 endurance 3") then alone ("3 3"), so that a French team
 * rating "endurance" is not shown an English "fitness" it does not
 * have.  A team with no metric yet is told none instead (NULL:
 * nothing).
 */
static void
say_example(const struct metric_set *ms, const char *waiting,
    const char *name, const char *none, struct buf *reply)
{
	struct metric		 v[EXAMPLE_METRICS];
	struct metric_set	 first = { v, 0 };
	struct buf		 named = { 0 }, alone = { 0 };
	size_t			 j;

	for (j = 0; j < ms->n && first.n < EXAMPLE_METRICS; j++)
		if (waiting == NULL || waiting[j])
			v[first.n++] = ms->v[j];
	if (first.n == 0) {
		if (none != NULL)
			say(reply, none);
		return;
	}
	metric_example(&first, NULL, 1, &named);
	metric_example(&first, NULL, 0, &alone);
	say_next(reply);
	words_printf(reply, NULL, name, named.data ? named.data : "",
	    alone.data ? alone.data : "");
	buf_free(&named);
	buf_free(&alone);
}

/* The team's metrics with their scales, for a reply: "erg 1-10, ...". */
static const char *
all_scales(const struct metric_set *ms, struct buf *scales)
{
	buf_reset(scales);
	metric_scales(ms, NULL, scales);
	return scales->data != NULL ? scales->data : "";
}

/* Whether a session's effort is on the CR-10 and its minutes in range. */
static int
session_in_range(const struct sms_session *x)
{
	return x->rpe >= 0 && x->rpe <= RPE_MAX && x->minutes >= 0 &&
	    x->minutes <= SESSION_MINUTES_MAX;
}

static void	 line_pair(const struct reply_ctx *,
    const struct sms_pair *, struct buf *);
static void	 line_session(const struct sms_session *, struct buf *);

/*
 * A session's effort or minutes out of range: the reply says the
 * ranges, and the line to send back with them brought within.
 */
static void
rpe_range(const struct reply_ctx *r, const struct sms_cmd *cmd,
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
		line_pair(r, &cmd->pairs[i], &line);
	line_session(&fixed, &line);
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
static enum outcome
store_session(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	const struct sms_session *x = &cmd->session;
	struct session	 s = { .rpe = x->rpe, .minutes = x->minutes };
	const char	*name;
	enum outcome	 planned;
	int		 completed, intended = 0;

	if (!x->given)
		return OUT_OK;
	if (!session_in_range(x)) {
		rpe_range(r, cmd, reply);
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

/*
 * "7.10", "6,55": minutes and seconds written with a decimal mark, as a
 * phone's keyboard hides the colon, into *kept (tenths of a second);
 * -1 when written otherwise.  Asked of a time only when the seconds
 * they would otherwise be fall out of its range.
 */
static int
minutes_marked(const char *s, long *kept)
{
	size_t	 n = strspn(s, "0123456789");

	if (n < 1 || n > 2 || (s[n] != '.' && s[n] != ',') ||
	    strspn(s + n + 1, "0123456789") != 2 || s[n + 3] != '\0' ||
	    s[n + 1] > '5')
		return -1;
	*kept = (atol(s) * 60 + atol(s + n + 1)) * 10;
	return 0;
}

/* What pair_value() says of a pair. */
enum reading { READ_OK, READ_FRACTION, READ_BAD, READ_RANGE, READ_BETWEEN };

/*
 * What pair x says of metric m, into *kept: a scale's whole number, a
 * time or a number as its kind reads it (metric_value_read(); "405" is
 * seconds, "82" kilograms; a time's "7.10" is 7:10 where 7.1 seconds
 * is out of its range).  A score out of another top is that fraction
 * of the scale's: READ_FRACTION when it lands on a score ("8/10" is 4
 * of 1-5), READ_BETWEEN when it falls between two (*kept the nearer,
 * halves up).  READ_BAD when not written as m's values are, READ_RANGE
 * out of its range (*kept as read).
 */
static enum reading
pair_value(const struct metric *m, const struct sms_pair *x, long *kept)
{
	char	 written[40];
	long	 whole;
	int	 rc;

	if (x->value[0] != '\0')
		snprintf(written, sizeof(written), "%s", x->value);
	else
		snprintf(written, sizeof(written), "%d", x->score);
	if (x->out_of != 0 && (m->kind != METRIC_SCALE ||
	    x->out_of != m->scale_max)) {
		if (m->kind != METRIC_SCALE || x->value[0] != '\0')
			return READ_BAD;
		whole = (long)x->score * m->scale_max;
		*kept = (whole * 2 + x->out_of) / (2 * x->out_of);
		if (*kept < m->scale_min || *kept > m->scale_max)
			return READ_RANGE;
		return whole % x->out_of == 0 ? READ_FRACTION : READ_BETWEEN;
	}
	if ((rc = metric_value_read(m, written, kept)) == 0)
		return READ_OK;
	if (m->kind == METRIC_TIME && minutes_marked(written, kept) == 0 &&
	    *kept >= m->scale_min && *kept <= m->scale_max)
		return READ_OK;
	return rc == -2 ? READ_RANGE : READ_BAD;
}

/* v as m writes it, without its unit: "4", "7:10.0", "82.5". */
static const char *
value_text(const struct metric *m, long v, char out[METRIC_VALUE_MAX])
{
	struct metric	 bare = *m;

	bare.unit[0] = '\0';
	metric_value_write(&bare, v, words_decimal(), out, METRIC_VALUE_MAX);
	return out;
}

/* The first word of keyword entry name in the reader's language. */
static const char *
first_alias(const char *name, char *dst, size_t size)
{
	const char	*w = words_get(NULL, name);

	snprintf(dst, size, "%.*s", (int)strcspn(w, " "), w);
	return dst;
}

/* Hooper item word ("sleep"), as the reader texts it ("sommeil"). */
static const char *
item_alias(const char *word, char *dst, size_t size)
{
	char	 name[48];

	snprintf(name, sizeof(name), "kw.%s", word);
	return words_find(NULL, name) != NULL ? first_alias(name, dst, size) :
	    word;
}

/*
 * The answer a level word gives club item it ("sleep bad": Hooper's
 * level 6 of 7, 1 best), on the item's own scale: as far from its best
 * end, rounded.
 */
static int
item_level(const struct checkin_item *it, int level)
{
	int	 best = it->higher_better ? it->hi : it->lo;
	int	 worst = it->higher_better ? it->lo : it->hi;
	int	 span = (level - 1) * (worst - best);

	return best + (span >= 0 ? span + 3 : span - 3) / 6;
}

/*
 * Appends to out one pair of the line an athlete may send back, "word
 * value", as the reply reads pair x: a metric's slug and its value as
 * it writes it (as written when it does not read it, or out of range),
 * a wellness item in the reader's word, a check-in item's slug.
 * Nothing for a word that names none.
 */
static void
line_pair(const struct reply_ctx *r, const struct sms_pair *x,
    struct buf *out)
{
	const struct metric	*m = NULL;
	const struct checkin_item *it = NULL;
	const char		*hint, *sep = out->len > 0 ? " " : "";
	char			 item[48], value[METRIC_VALUE_MAX];
	long			 kept;

	if (x->wellness)
		buf_printf(out, "%s%s %d", sep, item_alias(x->word, item,
		    sizeof(item)), x->score);
	else if ((it = checkin_item_match(r->items, x->word)) != NULL)
		buf_printf(out, "%s%s %d", sep, it->slug, x->worded ?
		    item_level(it, x->score) : x->score);
	else if ((m = metric_match(r->metrics->v, r->metrics->n, x->word,
	    &hint)) == NULL)
		return;		/* a word that names nothing */
	else if (pair_value(m, x, &kept) <= READ_FRACTION)
		buf_printf(out, "%s%s %s", sep, m->slug, value_text(m, kept,
		    value));
	else if (x->value[0] != '\0')
		buf_printf(out, "%s%s %s", sep, m->slug, x->value);
	else
		buf_printf(out, "%s%s %d", sep, m->slug, x->score);
}

/* Appends session x, when given, to a line to send back: "rpe 7 90". */
static void
line_session(const struct sms_session *x, struct buf *out)
{
	char	 rpe[16];

	if (!x->given)
		return;
	buf_printf(out, "%s%s %d", out->len ? " " : "",
	    first_alias("kw.rpe", rpe, sizeof(rpe)), x->rpe);
	if (x->minutes > 0)
		buf_printf(out, " %d", x->minutes);
}

/*
 * The line an athlete may send back for what cmd said, as the reply
 * read it (line_pair() each), with pair at written as instead ("" or
 * NULL: left out), then its session: into out, and returned ("" when
 * nothing is left).
 */
static const char *
line_of(const struct reply_ctx *r, const struct sms_cmd *cmd, size_t at,
    const char *as, struct buf *out)
{
	size_t	 i;

	buf_reset(out);
	for (i = 0; i < cmd->npairs; i++)
		if (i != at)
			line_pair(r, &cmd->pairs[i], out);
		else if (as != NULL && as[0] != '\0')
			buf_printf(out, "%s%s", out->len ? " " : "", as);
	line_session(&cmd->session, out);
	return out->data != NULL && !buf_failed(out) ? out->data : "";
}

/*
 * What pair x (cmd's at) says of metric m, into *kept (pair_value()).
 * Returns 0, with what the athlete should hear of how it was read in
 * read ("8/10" as 4 of 1-5); or -1 with the reply saying m's range, or
 * where between two scores a fraction fell, and the line to send back
 * with the nearest score it may be (after lead, "guess", unless NULL).
 */
static int
pair_read(const struct reply_ctx *r, const struct metric *m,
    const struct sms_cmd *cmd, size_t at, const char *lead, long *kept,
    struct buf *read, struct buf *reply)
{
	const struct sms_pair *x = &cmd->pairs[at];
	struct buf	 scales = { 0 }, line = { 0 }, as = { 0 };
	char		 range[METRIC_VALUE_MAX * 2 + 2], v[METRIC_VALUE_MAX];
	enum reading	 rc;

	switch ((rc = pair_value(m, x, kept))) {
	case READ_OK:
		return 0;
	case READ_FRACTION:
		metric_range_write(m, words_decimal(), range, sizeof(range));
		say_next(read);
		words_printf(read, NULL, "sms.read_fraction", x->score,
		    x->out_of, m->slug, *kept, range);
		return 0;
	default:
		break;
	}
	metric_range_write(m, words_decimal(), range, sizeof(range));
	if (rc == READ_BAD || *kept < m->scale_min)
		*kept = rc == READ_BAD ? metric_middle(m) : m->scale_min;
	else if (*kept > m->scale_max)
		*kept = m->scale_max;
	buf_printf(&as, "%s %s", m->slug, value_text(m, *kept, v));
	if (lead != NULL)
		buf_printf(&line, "%s ", lead);
	buf_puts(&line, line_of(r, cmd, at, as.data, &scales));
	buf_reset(&scales);
	if (rc == READ_BETWEEN)
		words_printf(reply, NULL, "sms.fraction", m->slug, range,
		    x->score, x->out_of, *kept, line.data ? line.data : "");
	else
		words_printf(reply, NULL, "sms.range", m->slug, range,
		    line.data ? line.data : "", all_scales(r->metrics,
		    &scales));
	buf_free(&scales);
	buf_free(&line);
	buf_free(&as);
	return -1;
}

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

	item_alias(x->word, item, sizeof(item));
	if (x->score < 1 || x->score > 7) {
		/* the item in the reader's words, not its English slug */
		snprintf(name, sizeof(name), "gen.item_%s", x->word);
		buf_printf(&as, "%s %d", item, x->score < 1 ? 1 : 7);
		words_printf(reply, NULL, "sms.wellness_range",
		    words_find(NULL, name) != NULL ? words_find(NULL, name) :
		    x->word, line_of(r, cmd, i, as.data, &line));
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
 * (item_level()), said in read.  Returns 0, or -1 with the reply
 * saying the item's scale and the line to send back.
 */
static int
take_item(const struct reply_ctx *r, const struct sms_cmd *cmd, size_t i,
    const struct checkin_item *it, struct wellness *w, const char **twice,
    struct buf *read, struct buf *reply)
{
	const struct sms_pair *x = &cmd->pairs[i];
	struct buf	 line = { 0 }, as = { 0 };
	int		 v = x->worded ? item_level(it, x->score) : x->score;

	if (x->value[0] != '\0' || x->out_of != 0 || v < it->lo ||
	    v > it->hi) {
		buf_printf(&as, "%s %d", it->slug, v < it->lo ? it->lo :
		    it->hi);
		words_printf(reply, NULL, "sms.item_range", it->slug, it->lo,
		    it->hi, it->higher_better ? it->hi : it->lo,
		    line_of(r, cmd, i, as.data, &line));
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

	all_scales(r->metrics, &scales);
	if (hint != NULL) {
		snprintf(y.word, sizeof(y.word), "%s", hint);
		line_pair(r, &y, &as);
		words_printf(reply, NULL, "sms.did_you_mean", x->word, hint,
		    line_of(r, cmd, i, as.data, &line), scales.data ?
		    scales.data : "");
	} else {
		words_printf(reply, NULL, "sms.no_metric", x->word,
		    scales.data ? scales.data : "");
		if (line_of(r, cmd, i, NULL, &line)[0] != '\0') {
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
static enum outcome
handle_scores(const struct reply_ctx *r, const struct person *p,
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
	if (cmd->session.given && !session_in_range(&cmd->session)) {
		rpe_range(r, cmd, reply);
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
	if (store_session(r, p, cmd, msg, &said) != OUT_OK)
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
	if (said.len > 0) {
		say_next(reply);
		buf_puts(reply, said.data);
	}
	if (twice != NULL) {
		say_next(reply);
		words_printf(reply, NULL, "sms.twice", twice);
	}
	if (read.len > 0) {
		say_next(reply);
		buf_puts(reply, read.data);
	}
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
	line_pair(r, &y, &line);
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
	return handle_scores(r, p, cmd, msg, reply);
}

/*
 * Scores alone in cmd, placed against the metrics of ms that only
 * marks, in the team's order: a comma the grammar kept between digits
 * (where the athlete's language writes decimals with one) is the
 * decimal mark of a time or a number at its place, "80,9", and stands
 * between two whole scores at a scale's or past the last, "4,3" being
 * 4 and 3, which moves the places after it on.
 */
static void
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
		words_printf(reply, NULL, "sms.no_order", line_of(r, cmd,
		    SIZE_MAX, NULL, &line), all_scales(ms, &order));
	} else if (!placed) {
		memcpy(cmd->pairs, written, nwritten * sizeof(written[0]));
		cmd->npairs = nwritten;
		positional_split(ms, waiting, cmd);
		count = cmd->npairs;
		cmd->npairs = place(ms, waiting, cmd);
		metric_scales(ms, waiting, &order);
		words_printf(reply, NULL, "sms.order", count, (size_t)n,
		    order.data ? order.data : "", line_of(r, cmd, SIZE_MAX,
		    NULL, &line));
	}
	free(waiting);
	free(all);
	buf_free(&order);
	buf_free(&line);
	if (!placed)
		return OUT_BADINPUT;
	cmd->kind = SMS_SCORES;
	return handle_scores(r, p, cmd, msg, reply);
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
			    cmd->pairs[i].word, all_scales(ms, &scales));
			rc = OUT_BADINPUT;
			goto out;
		}
		j = (size_t)(m - ms->v);
		if (pending[j] == NULL) {
			words_printf(reply, NULL, "sms.no_guess", m->slug);
			rc = OUT_BADINPUT;
			goto out;
		}
		if (pair_read(r, m, cmd, i, first_alias("kw.guess", lead,
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
	if (read.len > 0) {
		say_next(reply);
		buf_puts(reply, read.data);
	}
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

/* What each kind of text is stored as, in message.kind. */
static const char *const kind_names[SMS_MYDATA + 1] = { "unparsed",
	"scores", "scores", "wellness", "note", "command", "command",
	"command", "command", "scores", "guess", "rpe", "ack", "command",
	"command", "command" };

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

static enum outcome
on_note(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	/* the message is the note */
	if (r->forward && thread_pass_on(r->db, r->each, p, msg, NULL,
	    cmd->text) == -1)
		return OUT_FAILED;
	say(reply, "sms.note");
	return OUT_OK;
}

/*
 * "ok", "thanks coach": nothing to store but the text, and no answer (a
 * "could not read that" would cost a text and annoy).  Its coaches read
 * it by email only when it answers one of them: a coach texted the
 * athlete in the last day (a coach's message, or an answer to a note).
 */
static enum outcome
on_ack(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	sqlite3_stmt	*st;
	int		 rc;

	(void)reply;
	if (!r->forward)
		return OUT_OK;
	st = db_query(r->db, STMT_COACH_TEXTED, "ii", p->id,
	    (int64_t)time(NULL) - 86400);
	if ((rc = db_row(r->db, st)) == OUT_OK)
		return OUT_OK;
	if (rc != OUT_ROW)
		return OUT_FAILED;
	sqlite3_reset(st);
	return thread_forward(r->db, p, msg, NULL, cmd->text) == -1 ?
	    OUT_FAILED : OUT_OK;
}

/*
 * "help": how to rate, check in and log a session, and the other
 * words; "erg link" among them only where the club has set up the
 * Concept2 Logbook, for elsewhere it would only be refused.
 */
static enum outcome
on_help(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	say_example(r->metrics, NULL, "sms.help_rate", NULL, reply);
	say(reply, r->concept2 ? "sms.help_erg" : "sms.help");
	return OUT_OK;
}

static enum outcome
on_stop(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	if (db_exec(r->db, STMT_PERSON_SET_OPTOUT, "dii",
	    cmd->kind == SMS_STOP, (int64_t)time(NULL), p->id) == -1)
		return OUT_FAILED;
	say(reply, cmd->kind == SMS_STOP ? "sms.stop" : "sms.start");
	return OUT_OK;
}

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
on_unknown(const struct reply_ctx *r, const struct person *p,
    struct sms_cmd *cmd, int64_t msg, struct buf *reply)
{
	const char	*how = cmd->how != NULL ? cmd->how : "sms.unreadable";
	struct buf	 line = { 0 };
	char		 note[16];

	if (strcmp(how, "sms.unreadable") == 0 && cmd->nnear > 0) {
		if (near_reading(r, p, cmd) == -1)
			return OUT_FAILED;
		if (line_of(r, cmd, SIZE_MAX, NULL, &line)[0] != '\0') {
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
		    first_alias("kw.note", note, sizeof(note)), cmd->text);
	else if (strcmp(how, "sms.unreadable") == 0)
		say_example(r->metrics, NULL, how, "sms.unreadable_wellness",
		    reply);
	else if (strcmp(how, "sms.guess_how") == 0)
		say_example(r->metrics, NULL, how, "sms.no_guess_any", reply);
	else
		say(reply, how);
	return OUT_BADINPUT;
}

/*
 * Files away p's texts of the last UNREAD_DAYS that cox could not read,
 * once p sent one it read and stored (kind, answered rc OUT_OK): the
 * coaches see them in the digest (digest.c) until then, and after it
 * they would ask for nothing already done.  One UPDATE on p's own
 * messages, by the index message_person: nothing that grows with the
 * team is read on a text's way.  Returns 0 or -1.
 */
static int
settle_unread(const struct reply_ctx *r, const struct person *p,
    enum sms_kind kind, enum outcome rc)
{
	switch (kind) {
	case SMS_SCORES: case SMS_BARE: case SMS_POSITIONAL: case SMS_GUESS:
	case SMS_RPE: case SMS_ILL: case SMS_NOTE:
		break;
	default:
		return 0;
	}
	if (rc != OUT_OK)
		return 0;
	return db_exec(r->db, STMT_UNREAD_SETTLE, "ii", p->id,
	    (int64_t)time(NULL) - UNREAD_DAYS * 86400);
}

/*
 * The rules: what a known person's text of each kind does.  A handler
 * writes in the caller's transaction, appends the reply, and returns
 * OUT_OK; OUT_BADINPUT when the text asks what cannot be done, the
 * reply saying why; OUT_FAILED on a database error (the text is then
 * tried again).
 */
static enum outcome (*const rules[])(const struct reply_ctx *,
    const struct person *, struct sms_cmd *, int64_t, struct buf *) = {
	[SMS_UNKNOWN] = on_unknown,
	[SMS_SCORES] = handle_scores,
	[SMS_BARE] = handle_bare,
	[SMS_ILL] = on_ill,
	[SMS_NOTE] = on_note,
	[SMS_LINK] = handle_link,
	[SMS_HELP] = on_help,
	[SMS_STOP] = on_stop,
	[SMS_START] = on_stop,
	[SMS_POSITIONAL] = handle_positional,
	[SMS_GUESS] = handle_guess,
	[SMS_RPE] = store_session,
	[SMS_ACK] = on_ack,
	[SMS_ERG_LINK] = handle_erg_link,
	[SMS_ERG_UNLINK] = handle_erg_unlink,
	[SMS_MYDATA] = handle_mydata,
};

/*
 * The settings of ws that a text's answer reads, into r (its metrics
 * and check-in items are the caller's, loaded in its transaction);
 * what can be sent from ob's.  Returns OUT_OK, or OUT_CONFIG after
 * saying what is wrong.
 */
enum outcome
reply_setup(struct workspace *ws, const struct outbox *ob,
    struct reply_ctx *r)
{
	const char	*fw, *dg;

	memset(r, 0, sizeof(*r));
	r->db = ws->db;
	if ((r->country = workspace_country(ws)) == NULL ||
	    config_long(ws->conf, "accounts", "invite_days", 7, 1, 90,
	    &r->invite_days) == -1)
		return OUT_CONFIG;
	r->base_url = workspace_base_url(ws->conf);
	r->club = config_get(ws->conf, "team", "name");
	r->sms_url = config_get(ws->conf, "sms", "public_url");
	r->concept2 = config_get(ws->conf, "concept2", "client_id") != NULL;
	r->texts = outbox_texts(ob);
	r->mails = outbox_mail(ob);
	/*
	 * notes go to the coaches by email when email can be sent: in
	 * the digest of those who get one (thread_pass_on()), each its
	 * own email with "each", or when there are no digests at all
	 */
	fw = config_get(ws->conf, "mail", "forward_notes");
	if (fw != NULL && strcmp(fw, "on") != 0 && strcmp(fw, "off") != 0 &&
	    strcmp(fw, "each") != 0) {
		config_bad(ws->conf, "mail", "forward_notes", "write on, each "
		    "or off");
		return OUT_CONFIG;
	}
	r->forward = r->mails && (fw == NULL || strcmp(fw, "off") != 0);
	dg = config_get(ws->conf, "digest", "off");
	r->each = (fw != NULL && strcmp(fw, "each") == 0) ||
	    (dg != NULL && strcmp(dg, "yes") == 0);
	return OUT_OK;
}

/* Frees the texts r kept in memory (its caller's). */
void
reply_free(struct reply_ctx *r)
{
	seen_free(r->seen);
	r->seen = NULL;
}

/*
 * Whether a text with MessageSid sid is kept: OUT_ROW with its answer
 * (NULL: none kept) and time in *st's row, which the caller resets;
 * else OUT_OK, or OUT_FAILED.  By the texts in memory (none asked for
 * when r keeps none: its caller's MessageSids are new), then by
 * provider_id for those kept before schema v34.
 */
static enum outcome
text_kept(const struct reply_ctx *r, const char *sid, sqlite3_stmt **st)
{
	struct seen_probe	 p;
	enum outcome		 rc;
	int64_t			 id;

	if (r->seen != NULL) {
		if (seen_catch_up(r->seen, r->db) == -1)
			return OUT_FAILED;
		seen_probe(r->seen, sid, &p);
		while ((id = seen_next(r->seen, &p)) != 0) {
			*st = db_query(r->db, STMT_REPLY_BY_ID, "it", id, sid);
			if ((rc = db_row(r->db, *st)) != OUT_OK)
				return rc;	/* the text, or an error */
		}
	}
	*st = db_query(r->db, STMT_REPLY_BY_SID, "t", sid);
	return db_row(r->db, *st);
}

/* The answer to a text kept in the spool, read before it is stored. */
const char *
reply_spooled(void)
{
	return words_get(NULL, "sms.spooled");
}

/*
 * One inbound text from from (a number, or "whatsapp:" and a number:
 * the text came by WhatsApp, and its rows say so), with Twilio's
 * MessageSid sid (and its OptOutType, optout, or NULL), inside the
 * caller's transaction: stores it and what it says, and
 * sets *answer to the reply (caller frees; "" for none).  A retry of a
 * text already handled gets the same answer, and a replay of one since
 * deleted none; *stored (unless NULL) says whether the text was new,
 * which only then asks for a build.  OUT_OK, or OUT_FAILED on
 * a database error (*answer NULL): a text that asks what cannot be
 * done is answered, so it is OUT_OK here.
 */
enum outcome
reply_text(const struct reply_ctx *r, const char *from, const char *body,
    const char *optout, const char *sid, char **answer, int *stored)
{
	struct db	*db = r->db;
	struct person	 p = { 0 };
	struct sms_cmd	*cmd = NULL;
	struct sms_names names = { r->metrics, r->items };
	struct buf	 reply = { 0 };
	struct message	 m = { .channel = CHANNEL_SMS, .peer = from,
	    .status = "stored", .created_at = (int64_t)time(NULL) };
	sqlite3_stmt	*st;
	int64_t		 id = 0, msg, *wards = NULL;
	char		*kept = NULL;
	const char	*was = NULL;
	enum outcome	 rc = OUT_FAILED, found, handled;
	enum outcome	 health = OUT_NOTFOUND;
	enum sms_kind	 kind;
	size_t		 nwards = 0;
	int		 known, spent, bare;

	*answer = NULL;
	if (stored != NULL)
		*stored = 0;
	if (phone_whatsapp(from) != NULL) {
		m.via = "whatsapp";	/* the person is found by the number */
		from = m.peer = phone_whatsapp(from);
	}
	/* a retry of a text already handled gets the same answer; one
	 * kept with none (stored by hand) gets none, not a 503 that would
	 * go to the spool and fail there each second; and so does one
	 * past Twilio's retries, a captured request replayed to read the
	 * coach's scores its answer gave */
	if ((found = text_kept(r, sid, &st)) == OUT_FAILED)
		return OUT_FAILED;
	if (found == OUT_ROW) {
		if ((bare = sqlite3_column_type(st, 0) == SQLITE_NULL))
			log_warn_limited(r->noted, "sms: MessageSid %s came "
			    "again; its text is kept without an answer, so it "
			    "gets none", sid);
		else if ((bare = m.created_at - sqlite3_column_int64(st, 1) >
		    REPLY_RETRIES))
			log_warn_limited(r->noted, "sms: MessageSid %s came "
			    "again %lld minutes after its text, past Twilio's "
			    "retries: a replay, answered with nothing", sid,
			    (long long)(m.created_at -
			    sqlite3_column_int64(st, 1)) / 60);
		*answer = xstrdup(bare ? "" : db_text(st, 0));
		sqlite3_reset(st);
		return *answer != NULL ? OUT_OK : OUT_FAILED;
	}
	/* handled once and since deleted (cox prune, an erasure): a
	 * replay of a captured request, stored as new it would bring the
	 * text back; answered with nothing, and nothing stored */
	st = db_query(db, STMT_SMS_SPENT, "t", sid);
	if ((spent = db_row(db, st)) == OUT_ROW) {
		sqlite3_reset(st);
		log_warn_limited(r->noted, "sms: MessageSid %s came again "
		    "after its text was deleted; nothing stored", sid);
		*answer = xstrdup("");
		return *answer != NULL ? OUT_OK : OUT_FAILED;
	}
	if (spent != OUT_OK)
		return OUT_FAILED;
	known = person_find_number(db, from, r->country, &id) == OUT_OK &&
	    person_load_row(db, id, &p) == 0 && p.active;
	/* nobody's own number, but a guardian's: theirs, under the first
	 * athlete they are the guardian of (guardian.c) */
	if (!known && person_wards(db, from, &wards, &nwards) == -1)
		goto out;
	if (nwards > 0) {
		person_clear(&p);
		if (person_load_row(db, wards[0], &p) == -1)
			goto out;
	}
	/* answered in their language (a guardian in their athlete's); a
	 * stranger in the team's */
	was = words_reader(known || nwards > 0 ? p.language : NULL);
	if ((cmd = calloc(1, sizeof(*cmd))) == NULL)
		goto out;
	sms_parse(body, &names, cmd);
	/* a Messaging Service heard a stop, start or help word in a
	 * language it knows and cox may not: it is that word */
	if (optout != NULL)
		cmd->kind = !strcmp(optout, "STOP") ? SMS_STOP :
		    !strcmp(optout, "START") ? SMS_START : SMS_HELP;
	/* an answer to the weekly health question goes no further; by
	 * clock_now(), as the question was asked (remind.c) */
	if (known && !p.blocked && optout == NULL && p.role == ROLE_ATHLETE &&
	    (health = ostrc_text(db, p.id, body, clock_now(), &reply)) ==
	    OUT_FAILED)
		goto out;
	m.person = known || nwards > 0 ? p.id : 0;
	m.body = body;
	m.kind = known ? health == OUT_OK ? "health" :
	    kind_names[cmd->kind] : nwards > 0 ? "guardian" : "unknown";
	m.provider_id = sid;
	if (message_in(db, &m, &msg) != OUT_OK)
		goto out;
	/* an answer to a session's question, theirs or their guardian's
	 * for them (avail.c); anything else is read as before */
	if ((known || nwards > 0) && !p.blocked && optout == NULL &&
	    (handled = avail_text(db, &p, nwards > 0, body, &reply)) !=
	    OUT_NOTFOUND) {
		if (handled == OUT_FAILED)
			goto out;
	} else if (nwards > 0) {
		if (guardian_text(r, from, wards, nwards, cmd, msg, body,
		    &reply) != OUT_OK)
			goto out;
	} else if (!known) {
		/* an unknown number learns nothing about the team */
		say(&reply, "sms.stranger");
	} else if (!p.blocked && health != OUT_OK) {
		/* blocked: stored, never answered */
		kind = cmd->kind;
		if ((handled = rules[kind](r, &p, cmd, msg, &reply)) ==
		    OUT_FAILED || settle_unread(r, &p, kind, handled) == -1)
			goto out;
	}
	if (buf_failed(&reply))
		goto out;
	/* the Messaging Service answered a stop or start word itself */
	if (optout != NULL && strcmp(optout, "HELP") != 0)
		buf_reset(&reply);
	if (reply.len > REPLY_MAX) {
		/* cut at a character boundary, never inside one */
		reply.len = REPLY_MAX;
		while (reply.len > 0 &&
		    ((unsigned char)reply.data[reply.len] & 0xc0) == 0x80)
			reply.len--;
		reply.data[reply.len] = '\0';
	}
	/* the stored copy keeps no invitation token */
	if ((kept = account_redact(reply.data ? reply.data : "")) == NULL ||
	    message_answered(db, msg, kept) != OUT_OK)
		goto out;
	if ((*answer = buf_steal(&reply)) == NULL)
		goto out;
	if (stored != NULL)
		*stored = 1;
	if (r->note != NULL) {
		r->note->msg = msg;
		r->note->kind = m.kind;
	}
	rc = OUT_OK;
out:
	words_reader(was);
	person_clear(&p);
	free(wards);
	free(kept);
	free(cmd);
	buf_free(&reply);
	return rc;
}

